//! An [`Ast`](crate::Ast) node as `fancy-regex` syntax with Java's meaning.
//!
//! Every literal that is not an ASCII letter or digit is written as a
//! `\x{..}` escape, so nothing is re-interpreted by the engine; every
//! quantified node and every set is bracketed, so no precedence question
//! arises when pieces are put together.

use crate::ast::*;
use crate::props::Property;
use std::borrow::Cow;
use std::fmt::Write as _;

/// Where a non-multiline `$` (or `\Z`) may match, which depends on the
/// input: the engine has no "before a final line terminator" assertion
/// without lookaround.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EndMode {
    /// The input does not end with a line terminator: `$` is `\z`.
    EndOnly,
    /// The input may end with a line terminator: `$` also matches before
    /// it (needs lookaround, so the backtracking engine).
    FinalTerminator,
}

/// Java's line terminators, as class members.
const LINE_TERMINATORS: &str = r"\n\r\x{85}\x{2028}\x{2029}";
const ASCII_WORD: &str = "[0-9A-Za-z_]";
const H_SPACE: &str = r"[\t\x{20}\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]";
const V_SPACE: &str = r"[\n\x{B}\x{C}\r\x{85}\x{2028}\x{2029}]";
/// Matches nothing: a back reference to a group that does not exist.
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";

/// Prints `node` in `fancy-regex` syntax.
pub fn to_fancy(node: &Node, end: EndMode) -> String {
    let mut out = String::new();
    Printer { out: &mut out, end }.node(node);
    out
}

struct Printer<'a> {
    out: &'a mut String,
    end: EndMode,
}

fn lit(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

impl Printer<'_> {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Concat(items) => items.iter().for_each(|n| self.node(n)),
            Node::Alternation(alternatives) => {
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(alternative);
                }
            }
            Node::Literal(c) => lit(self.out, *c),
            Node::Dot { dotall: true } => self.out.push_str(r"[\x{0}-\x{10FFFF}]"),
            Node::Dot { dotall: false } => {
                let _ = write!(self.out, "[^{LINE_TERMINATORS}]");
            }
            Node::Class(class) => self.class(class),
            Node::Set(set) => self.set(set),
            Node::Assertion(a) => self.assertion(*a),
            Node::LineBreak => self
                .out
                .push_str(r"(?>\r\n|[\n\x{B}\x{C}\r\x{85}\x{2028}\x{2029}])"),
            Node::Backref(Some(i)) => {
                let _ = write!(self.out, "(?:\\{i})");
            }
            Node::Backref(None) => self.out.push_str(NOTHING),
            Node::Group(group) => {
                self.out.push_str(match group.kind {
                    GroupKind::Capture { .. } => "(",
                    GroupKind::NonCapture => "(?:",
                    GroupKind::LookAhead { negative: false } => "(?=",
                    GroupKind::LookAhead { negative: true } => "(?!",
                    GroupKind::LookBehind { negative: false } => "(?<=",
                    GroupKind::LookBehind { negative: true } => "(?<!",
                    GroupKind::Atomic => "(?>",
                });
                self.node(&group.body);
                self.out.push(')');
            }
            Node::Repeat(r) => self.repeat(r),
        }
    }

    fn repeat(&mut self, r: &Repeat) {
        if r.greed == Greed::Possessive {
            self.out.push_str("(?>");
        }
        self.out.push_str("(?:");
        self.node(&r.node);
        self.out.push(')');
        let _ = match (r.min, r.max) {
            (0, Some(1)) => write!(self.out, "?"),
            (0, None) => write!(self.out, "*"),
            (1, None) => write!(self.out, "+"),
            (lo, None) => write!(self.out, "{{{lo},}}"),
            (lo, Some(hi)) if lo == hi => write!(self.out, "{{{lo}}}"),
            (lo, Some(hi)) => write!(self.out, "{{{lo},{hi}}}"),
        };
        match r.greed {
            Greed::Greedy => {}
            Greed::Lazy => self.out.push('?'),
            Greed::Possessive => self.out.push(')'),
        }
    }

    fn assertion(&mut self, a: Assertion) {
        let _ = match a {
            Assertion::Caret | Assertion::InputStart => write!(self.out, r"\A"),
            Assertion::InputEnd => write!(self.out, r"\z"),
            Assertion::End => match self.end {
                EndMode::EndOnly => write!(self.out, r"\z"),
                EndMode::FinalTerminator => write!(
                    self.out,
                    r"(?:\z|(?=\r\n\z)|(?<!\r)(?=\n\z)|(?=[\r\x{{85}}\x{{2028}}\x{{2029}}]\z))"
                ),
            },
            // `\r\n` is one terminator: no line starts between its halves,
            // and none at the very end.
            Assertion::LineStart => write!(
                self.out,
                r"(?:(?:\A|(?<=[\n\x{{85}}\x{{2028}}\x{{2029}}])|(?<=\r)(?!\n))(?!\z))"
            ),
            Assertion::LineEnd => write!(
                self.out,
                r"(?:\z|(?=[\r\x{{85}}\x{{2028}}\x{{2029}}])|(?<!\r)(?=\n))"
            ),
            Assertion::WordBoundary => write!(
                self.out,
                "(?:(?<={ASCII_WORD})(?!{ASCII_WORD})|(?<!{ASCII_WORD})(?={ASCII_WORD}))"
            ),
            Assertion::NotWordBoundary => write!(
                self.out,
                "(?:(?<={ASCII_WORD})(?={ASCII_WORD})|(?<!{ASCII_WORD})(?!{ASCII_WORD}))"
            ),
        };
    }

    fn class(&mut self, class: &Class) {
        self.out.push('[');
        if class.negated {
            self.out.push('^');
        }
        match class.operands.as_slice() {
            [union] => self.union(union),
            operands => {
                for (i, union) in operands.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("&&");
                    }
                    self.out.push('[');
                    self.union(union);
                    self.out.push(']');
                }
            }
        }
        self.out.push(']');
    }

    fn union(&mut self, items: &[ClassItem]) {
        for item in items {
            match item {
                ClassItem::Char(c) => lit(self.out, *c),
                ClassItem::Range(a, b) => {
                    lit(self.out, *a);
                    self.out.push('-');
                    lit(self.out, *b);
                }
                ClassItem::Set(set) => self.set(set),
                ClassItem::Class(class) => self.class(class),
            }
        }
    }

    fn set(&mut self, set: &Set) {
        let class = match &set.kind {
            SetKind::Digit => "[0-9]",
            SetKind::Word => ASCII_WORD,
            SetKind::Space => r"[\t\n\x{B}\x{C}\r\x{20}]",
            SetKind::HorizontalSpace => H_SPACE,
            SetKind::VerticalSpace => V_SPACE,
            SetKind::Property(p) => return self.wrap_negated(set.negated, &property_class(p)),
        };
        self.wrap_negated(set.negated, class);
    }

    fn wrap_negated(&mut self, negated: bool, class: &str) {
        if negated {
            let _ = write!(self.out, "[^{class}]");
        } else {
            self.out.push_str(class);
        }
    }
}

fn property_class(p: &Property) -> Cow<'static, str> {
    use Property::*;
    Cow::Borrowed(match p {
        Category(c) => return format!(r"[\p{{{c}}}]").into(),
        Script(s) => return format!(r"[\p{{Script={s}}}]").into(),
        CasedLetter => r"[\p{Lu}\p{Ll}\p{Lt}]",
        LetterOrDigit => r"[\p{L}\p{Nd}]",
        Latin1 => r"[\x{0}-\x{FF}]",
        All => r"[\x{0}-\x{10FFFF}]",
        Ascii => r"[\x{0}-\x{7F}]",
        AsciiAlnum => "[0-9A-Za-z]",
        AsciiAlpha => "[A-Za-z]",
        AsciiBlank => r"[\t\x{20}]",
        AsciiCntrl => r"[\x{0}-\x{1F}\x{7F}]",
        AsciiDigit => "[0-9]",
        AsciiGraph => r"[\x{21}-\x{7E}]",
        AsciiLower => "[a-z]",
        AsciiPrint => r"[\x{20}-\x{7E}]",
        AsciiPunct => r"[\x{21}-\x{2F}\x{3A}-\x{40}\x{5B}-\x{60}\x{7B}-\x{7E}]",
        AsciiSpace => r"[\t\n\x{B}\x{C}\r\x{20}]",
        AsciiUpper => "[A-Z]",
        AsciiXDigit => "[0-9A-Fa-f]",
        Lowercase => r"[\p{Lowercase}]",
        Uppercase => r"[\p{Uppercase}]",
        Alphabetic => r"[\p{Alphabetic}]",
        Ideographic => r"[\p{Ideographic}]",
        IsoControl => r"[\x{0}-\x{1F}\x{7F}-\x{9F}]",
        Assigned => r"[^\p{Cn}]",
        HexDigit => r"[\p{Nd}A-Fa-f\x{FF21}-\x{FF26}\x{FF41}-\x{FF46}]",
        JoinControl => r"[\x{200C}\x{200D}]",
        NoncharacterCodePoint => r"[\p{Noncharacter_Code_Point}]",
        WhiteSpace => r"[\p{Z}\t-\r\x{85}]",
        UnicodeWord => r"[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\x{200C}\x{200D}]",
        UnicodeAlnum => r"[\p{Alphabetic}\p{Nd}]",
        UnicodeBlank => r"[\t\p{Zs}]",
        UnicodeGraph => r"[^\p{Z}\p{Cc}\p{Cs}\p{Cn}]",
        UnicodePrint => r"[[^\p{Z}\p{Cc}\p{Cs}\p{Cn}]\p{Zs}]",
    })
}
