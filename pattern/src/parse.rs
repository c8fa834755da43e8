//! `java.util.regex` syntax into an [`Ast`].
//!
//! Java compiles in two steps: `\Q..\E` quoting is first rewritten into
//! escaped characters, then the result is parsed. This parser does the same,
//! remembering where each rewritten character came from so errors point into
//! the source.

use crate::ast::*;
use crate::error::{ParseError, Reason};
use crate::props::property;

/// Groups and classes nested deeper than this are rejected, which bounds
/// the recursion of the parser and of everything that walks the tree.
const MAX_DEPTH: usize = 200;

/// Parses a Java pattern.
pub fn parse(src: &str) -> Result<Ast, ParseError> {
    let (chars, origin) = remove_qe_quoting(src);
    let mut p = Parser {
        chars,
        origin,
        src_len: src.chars().count(),
        pos: 0,
        groups: 0,
        names: Vec::new(),
        flags: Flags::default(),
        depth: 0,
        inline_flags: false,
        backrefs: false,
    };
    let root = p.alternation()?;
    if p.pos < p.chars.len() {
        // Only an unmatched ')' stops the top-level alternation early.
        return Err(p.err(Reason::UnmatchedClose));
    }
    Ok(Ast {
        root,
        inline_flags: p.inline_flags,
        backrefs: p.backrefs,
    })
}

/// Java's `RemoveQEQuoting`: rewrites `\Q...\E` into escaped characters.
/// Returns the rewritten pattern and, for each of its characters, the offset
/// of the source character it comes from.
fn remove_qe_quoting(src: &str) -> (Vec<char>, Vec<usize>) {
    let input: Vec<char> = src.chars().collect();
    let mut out = Vec::with_capacity(input.len());
    let mut origin = Vec::with_capacity(input.len());
    let mut push = |c: char, at: usize| {
        out.push(c);
        origin.push(at);
    };
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        if c != '\\' || i + 1 >= input.len() {
            push(c, i);
            i += 1;
            continue;
        }
        if input[i + 1] != 'Q' {
            push(c, i);
            push(input[i + 1], i + 1);
            i += 2;
            continue;
        }
        i += 2;
        let mut begin = true;
        while i < input.len() {
            let c = input[i];
            if c == '\\' && input.get(i + 1) == Some(&'E') {
                i += 2;
                break;
            }
            if !c.is_ascii() || c.is_ascii_alphabetic() {
                push(c, i);
            } else if c.is_ascii_digit() {
                // A digit right after the quote could extend an escape
                // before it (`\0\Q1\E`), so the first one is spelled `\x3N`.
                if begin {
                    "\\x3".chars().for_each(|x| push(x, i));
                }
                push(c, i);
            } else {
                push('\\', i);
                push(c, i);
            }
            begin = false;
            i += 1;
        }
    }
    (out, origin)
}

#[derive(Clone, Copy, Default)]
struct Flags {
    dotall: bool,
    multiline: bool,
}

/// What an escape that is valid inside and outside classes stands for.
enum Esc {
    Char(char),
    Set(Set),
}

struct Parser {
    /// The pattern after `\Q..\E` removal.
    chars: Vec<char>,
    /// Source offset of each of `chars`.
    origin: Vec<usize>,
    src_len: usize,
    pos: usize,
    /// Capturing groups opened so far.
    groups: usize,
    names: Vec<(String, usize)>,
    flags: Flags,
    depth: usize,
    inline_flags: bool,
    backrefs: bool,
}

impl Parser {
    fn err(&self, reason: Reason) -> ParseError {
        ParseError {
            offset: self.origin.get(self.pos).copied().unwrap_or(self.src_len),
            reason,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(Reason::TooDeep));
        }
        Ok(())
    }

    fn alternation(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.sequence()?);
        }
        self.depth -= 1;
        Ok(match alternatives.len() {
            1 => alternatives.swap_remove(0),
            _ => Node::Alternation(alternatives),
        })
    }

    fn sequence(&mut self) -> Result<Node, ParseError> {
        let mut items = Vec::new();
        loop {
            let atom = match self.peek() {
                None | Some('|') | Some(')') => break,
                Some('(') => match self.group()? {
                    Some(group) => group,
                    None => {
                        // A flag group such as `(?s)` has nothing to repeat.
                        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
                            return Err(self.err(Reason::DanglingMeta));
                        }
                        continue;
                    }
                },
                Some('[') => Node::Class(self.class()?),
                Some('\\') => self.escape()?,
                Some('.') => {
                    self.pos += 1;
                    Node::Dot {
                        dotall: self.flags.dotall,
                    }
                }
                Some('^') => {
                    self.pos += 1;
                    Node::Assertion(match self.flags.multiline {
                        true => Assertion::LineStart,
                        false => Assertion::Caret,
                    })
                }
                Some('$') => {
                    self.pos += 1;
                    Node::Assertion(match self.flags.multiline {
                        true => Assertion::LineEnd,
                        false => Assertion::End,
                    })
                }
                Some('*' | '+' | '?' | '{') => return Err(self.err(Reason::DanglingMeta)),
                Some(c) => {
                    self.pos += 1;
                    Node::Literal(c)
                }
            };
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn number(&mut self) -> Result<u32, ParseError> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(d))
                .ok_or_else(|| self.err(Reason::CountTooLarge))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.err(Reason::IllegalRepetition));
        }
        Ok(n)
    }

    /// The atom with the quantifier that follows it, if any.
    fn quantified(&mut self, atom: Node) -> Result<Node, ParseError> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => self.counted()?,
            _ => return Ok(atom),
        };
        // Past `?`, `*`, `+`, or the closing brace `counted` stopped at.
        self.pos += 1;
        let greed = match self.peek() {
            Some('?') => Greed::Lazy,
            Some('+') => Greed::Possessive,
            _ => Greed::Greedy,
        };
        if greed != Greed::Greedy {
            self.pos += 1;
        }
        Ok(Node::Repeat(Repeat {
            node: Box::new(atom),
            min,
            max,
            greed,
        }))
    }

    /// `{n}`, `{n,}` or `{n,m}`, leaving the position on the closing brace.
    fn counted(&mut self) -> Result<(u32, Option<u32>), ParseError> {
        if !self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.err(Reason::IllegalRepetition));
        }
        self.pos += 1;
        let lo = self.number()?;
        let bounds = match self.next() {
            Some('}') => (lo, Some(lo)),
            Some(',') if self.peek() == Some('}') => {
                self.pos += 1;
                (lo, None)
            }
            Some(',') => {
                let hi = self.number()?;
                if self.next() != Some('}') {
                    return Err(self.err(Reason::UnclosedCount));
                }
                if hi < lo {
                    return Err(self.err(Reason::IllegalRange));
                }
                (lo, Some(hi))
            }
            _ => return Err(self.err(Reason::UnclosedCount)),
        };
        self.pos -= 1;
        Ok(bounds)
    }

    /// Parses `( ... )`; `None` for a pure flag group like `(?s)`, whose
    /// flags stay set until the end of the enclosing group.
    fn group(&mut self) -> Result<Option<Node>, ParseError> {
        self.pos += 1; // '('
        let saved = self.flags;
        let mut kind = if self.peek() == Some('?') {
            self.pos += 1;
            match self.next() {
                Some(':') => GroupKind::NonCapture,
                Some('=') => GroupKind::LookAhead { negative: false },
                Some('!') => GroupKind::LookAhead { negative: true },
                Some('>') => GroupKind::Atomic,
                Some('<') => match self.peek() {
                    Some(c @ ('=' | '!')) => {
                        self.pos += 1;
                        GroupKind::LookBehind { negative: c == '!' }
                    }
                    _ => GroupKind::Capture {
                        index: 0,
                        name: Some(self.group_name()?),
                    },
                },
                Some(_) => {
                    self.pos -= 1;
                    self.inline_flags = true;
                    self.flags_of_group()?;
                    match self.next() {
                        Some(')') => return Ok(None),
                        Some(':') => GroupKind::NonCapture,
                        _ => return Err(self.err(Reason::UnknownModifier)),
                    }
                }
                None => return Err(self.err(Reason::UnclosedGroup)),
            }
        } else {
            GroupKind::Capture {
                index: 0,
                name: None,
            }
        };
        if let GroupKind::Capture { index, name } = &mut kind {
            self.groups += 1;
            *index = self.groups;
            if let Some(name) = name {
                if self.names.iter().any(|(n, _)| n == name) {
                    return Err(self.err(Reason::DuplicateName));
                }
                self.names.push((name.clone(), self.groups));
            }
        }
        let body = self.alternation()?;
        if self.next() != Some(')') {
            return Err(self.err(Reason::UnclosedGroup));
        }
        self.flags = saved;
        Ok(Some(Node::Group(Group {
            kind,
            body: Box::new(body),
        })))
    }

    fn group_name(&mut self) -> Result<String, ParseError> {
        let mut name = String::new();
        while let Some(c) = self.next() {
            if c == '>' {
                break;
            }
            let ok = c.is_ascii_alphabetic() || (!name.is_empty() && c.is_ascii_digit());
            if !ok {
                return Err(self.err(Reason::IllegalName));
            }
            name.push(c);
        }
        if name.is_empty() {
            return Err(self.err(Reason::MissingName));
        }
        Ok(name)
    }

    /// The flags of `(?flags)` or `(?flags:`, up to the `)` or `:`.
    fn flags_of_group(&mut self) -> Result<(), ParseError> {
        let mut on = true;
        while let Some(c) = self.peek() {
            match c {
                '-' => on = false,
                's' => self.flags.dotall = on,
                'm' => self.flags.multiline = on,
                'u' => {} // only changes (?i), which is unsupported anyway
                // Turning off a flag that cannot be on changes nothing.
                'i' | 'd' | 'x' | 'U' | 'c' if !on => {}
                'i' | 'd' | 'x' | 'U' | 'c' => return Err(self.err(Reason::UnsupportedFlag(c))),
                _ => return Ok(()),
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn hex(&mut self, digits: usize) -> Result<u32, ParseError> {
        let mut v = 0;
        for _ in 0..digits {
            let d = self
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.err(Reason::IllegalHex))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// A code point from an escape; surrogates cannot stand alone.
    fn code_point(&self, c: u32) -> Result<char, ParseError> {
        char::from_u32(c).ok_or_else(|| self.err(Reason::LoneSurrogate))
    }

    /// An escape outside a class, starting at `\`.
    fn escape(&mut self) -> Result<Node, ParseError> {
        self.pos += 1; // '\'
        let Some(c) = self.next() else {
            return Err(self.err(Reason::TrailingBackslash));
        };
        match self.char_or_set(c)? {
            Some(Esc::Char(c)) => return Ok(Node::Literal(c)),
            Some(Esc::Set(s)) => return Ok(Node::Set(s)),
            None => {}
        }
        Ok(match c {
            '1'..='9' => self.numbered_backref(c),
            'b' if self.peek() == Some('{') => return Err(self.err(Reason::GraphemeBoundary)),
            // ASCII word boundary, as in ECMA-262 and Java 19+.
            'b' => Node::Assertion(Assertion::WordBoundary),
            'B' => Node::Assertion(Assertion::NotWordBoundary),
            'R' => Node::LineBreak,
            'k' => self.named_backref()?,
            'A' | 'G' => Node::Assertion(Assertion::InputStart),
            'z' => Node::Assertion(Assertion::InputEnd),
            'Z' => Node::Assertion(Assertion::End),
            c if c.is_ascii_alphabetic() => return Err(self.err(Reason::UnsupportedEscape(c))),
            c => Node::Literal(c),
        })
    }

    /// An escape inside a class, starting at `\`.
    fn class_escape(&mut self) -> Result<Esc, ParseError> {
        self.pos += 1; // '\'
        let Some(c) = self.next() else {
            return Err(self.err(Reason::TrailingBackslash));
        };
        match self.char_or_set(c)? {
            Some(e) => Ok(e),
            None if c.is_ascii_alphanumeric() => Err(self.err(Reason::UnsupportedClassEscape(c))),
            None => Ok(Esc::Char(c)),
        }
    }

    /// `\1`..: Java takes more digits while the number stays a group
    /// opened so far.
    fn numbered_backref(&mut self, first: char) -> Node {
        let mut n = first.to_digit(10).unwrap_or(0) as usize;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            let m = n * 10 + d as usize;
            if m > self.groups {
                break;
            }
            n = m;
            self.pos += 1;
        }
        self.backrefs = true;
        Node::Backref((n <= self.groups).then_some(n))
    }

    /// `\k<name>`, after the `k`.
    fn named_backref(&mut self) -> Result<Node, ParseError> {
        if self.next() != Some('<') {
            return Err(self.err(Reason::BadNamedReference));
        }
        let name = self.group_name()?;
        self.backrefs = true;
        match self.names.iter().find(|(n, _)| *n == name) {
            Some((_, i)) => Ok(Node::Backref(Some(*i))),
            None => Err(self.err(Reason::UnknownGroup(name))),
        }
    }

    /// The escapes valid both inside and outside classes (after `\c`);
    /// `None` when `c` starts none of them.
    fn char_or_set(&mut self, c: char) -> Result<Option<Esc>, ParseError> {
        let set = |negated, kind| Ok(Some(Esc::Set(Set { negated, kind })));
        let ch = |c: char| Ok(Some(Esc::Char(c)));
        match c {
            '0' => self.octal().map(Some),
            'a' => ch('\u{7}'),
            'e' => ch('\u{1B}'),
            'f' => ch('\u{C}'),
            'n' => ch('\n'),
            'r' => ch('\r'),
            't' => ch('\t'),
            'c' => match self.next() {
                // Flipping bit 6 keeps a scalar value a scalar value.
                Some(x) => Ok(Some(Esc::Char(self.code_point(x as u32 ^ 64)?))),
                None => Err(self.err(Reason::IllegalControl)),
            },
            'x' => self.hex_escape().map(|c| Some(Esc::Char(c))),
            'u' => self.unicode_escape().map(|c| Some(Esc::Char(c))),
            'd' | 'D' => set(c == 'D', SetKind::Digit),
            'w' | 'W' => set(c == 'W', SetKind::Word),
            's' | 'S' => set(c == 'S', SetKind::Space),
            'h' | 'H' => set(c == 'H', SetKind::HorizontalSpace),
            'v' | 'V' => set(c == 'V', SetKind::VerticalSpace),
            'p' | 'P' => {
                let name = self.family_name()?;
                let prop = property(&name).map_err(|r| self.err(r))?;
                set(c == 'P', SetKind::Property(prop))
            }
            _ => Ok(None),
        }
    }

    /// `\0n`, `\0nn`, `\0mnn` (m at most 3), after the `0`.
    fn octal(&mut self) -> Result<Esc, ParseError> {
        let oct = |c: Option<char>| c.and_then(|c| c.to_digit(8));
        let Some(n) = oct(self.peek()) else {
            return Err(self.err(Reason::IllegalOctal));
        };
        self.pos += 1;
        let v = match oct(self.peek()) {
            None => n,
            Some(m) => {
                self.pos += 1;
                match oct(self.peek()) {
                    Some(o) if n <= 3 => {
                        self.pos += 1;
                        n * 64 + m * 8 + o
                    }
                    _ => n * 8 + m,
                }
            }
        };
        Ok(Esc::Char(self.code_point(v)?))
    }

    /// `\xhh` or `\x{h..h}`, after the `x`.
    fn hex_escape(&mut self) -> Result<char, ParseError> {
        if self.peek() != Some('{') || !self.peek_at(1).is_some_and(|c| c.is_ascii_hexdigit()) {
            let v = self.hex(2)?;
            return self.code_point(v);
        }
        self.pos += 1;
        let mut v: u32 = 0;
        loop {
            match self.next() {
                Some('}') => break,
                Some(h) if h.is_ascii_hexdigit() => {
                    v = v * 16 + h.to_digit(16).unwrap_or(0);
                    if v > 0x10FFFF {
                        return Err(self.err(Reason::CodepointTooBig));
                    }
                }
                _ => return Err(self.err(Reason::UnclosedHex)),
            }
        }
        self.code_point(v)
    }

    /// `\uhhhh`, after the `u`; a high surrogate followed by `\u` and a low
    /// surrogate is one supplementary character.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let hi = self.hex(4)?;
        if (0xD800..0xDC00).contains(&hi)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            if let Ok(lo @ 0xDC00..0xE000) = self.hex(4) {
                return self.code_point(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
            self.pos = save;
        }
        self.code_point(hi)
    }

    /// The name after `\p`: `{name}` or one character.
    fn family_name(&mut self) -> Result<String, ParseError> {
        if self.peek() != Some('{') {
            return match self.next() {
                Some(c) => Ok(c.to_string()),
                None => Err(self.err(Reason::IllegalFamily)),
            };
        }
        self.pos += 1;
        let mut name = String::new();
        loop {
            match self.next() {
                Some('}') => return Ok(name),
                Some(c) => name.push(c),
                None => return Err(self.err(Reason::UnclosedFamily)),
            }
        }
    }

    /// Parses `[ ... ]`.
    fn class(&mut self) -> Result<Class, ParseError> {
        self.enter()?;
        self.pos += 1; // '['
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut operands = Vec::new();
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.err(Reason::UnclosedClass)),
                Some('[') => items.push(ClassItem::Class(self.class()?)),
                Some('&') if self.peek_at(1) == Some('&') => {
                    self.pos += 2;
                    // Java skips empty operands: `[&&a]` and `[a&&]` are `[a]`.
                    if !items.is_empty() {
                        operands.push(std::mem::take(&mut items));
                    }
                }
                // A `]` before any member is a literal (`[]a]`).
                Some(']') if !operands.is_empty() || !items.is_empty() => {
                    self.pos += 1;
                    break;
                }
                Some(_) => items.push(self.class_item()?),
            }
        }
        if !items.is_empty() {
            operands.push(items);
        }
        self.depth -= 1;
        Ok(Class { negated, operands })
    }

    /// One character of a class or range, or `None` at the end.
    fn class_char(&mut self) -> Result<Option<Esc>, ParseError> {
        if self.peek() == Some('\\') {
            return self.class_escape().map(Some);
        }
        Ok(self.next().map(Esc::Char))
    }

    /// One member of a class: a character, a range, or an escape set.
    fn class_item(&mut self) -> Result<ClassItem, ParseError> {
        let start = match self.class_char()? {
            Some(Esc::Char(c)) => c,
            Some(Esc::Set(s)) => return Ok(ClassItem::Set(s)),
            None => return Err(self.err(Reason::UnclosedClass)),
        };
        if self.peek() != Some('-') || matches!(self.peek_at(1), Some('[' | ']') | None) {
            return Ok(ClassItem::Char(start));
        }
        self.pos += 1; // '-'
        match self.class_char()? {
            Some(Esc::Char(end)) if end >= start => Ok(ClassItem::Range(start, end)),
            Some(_) => Err(self.err(Reason::IllegalCharRange)),
            None => Err(self.err(Reason::UnclosedClass)),
        }
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
