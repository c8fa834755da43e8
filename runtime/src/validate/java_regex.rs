//! Translation of `java.util.regex` syntax (what Smithy `@pattern` values are
//! written in and what the reference implementation runs) into the syntax of
//! `fancy-regex`, keeping Java's meaning:
//!
//! - `\d \w \s` (and `\b`) are ASCII-only, `\h \v` are Java's sets;
//! - `.` excludes `\n \r \u0085 \u2028 \u2029` (unless `(?s)`);
//! - `^` is the start of input, `$`/`\Z` the end of input or just before a
//!   final line terminator; `(?m)` gives Java's multi-line anchors;
//! - character classes follow Java (nested unions, `&&`, a leading `]` is a
//!   literal, `\p{..}` names Java accepts, ASCII POSIX classes);
//! - `\Q..\E`, octal/hex/`\u` escapes (surrogate pairs combined), lazy and
//!   possessive quantifiers, atomic groups, lookaround, back references.
//!
//! Everything else Java accepts but we cannot reproduce (`(?i)`, `(?x)`,
//! `(?d)`, `(?U)`, `\X`, `\N{..}`, Unicode blocks, lone surrogates, ...) is
//! an error, as is everything Java itself rejects. Literal characters are
//! emitted as `\x{..}` escapes so no character is ever re-interpreted.

/// Where a non-multiline `$` may match.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum EndMode {
    /// The input does not end with a line terminator: `$` is `\z`.
    EndOnly,
    /// The input ends with a line terminator: `$` also matches before it.
    FinalTerminator,
}

/// Result of a translation.
pub(crate) struct Translation {
    pub(crate) regex: String,
    /// How many non-multiline `$`/`\Z` occur (so [`EndMode`] matters).
    pub(crate) dollars: usize,
    /// The pattern is one alternative whose last atom is a bare `$`/`\Z`.
    pub(crate) last_is_dollar: bool,
    /// The pattern is one alternative whose first atom is a bare `^`.
    pub(crate) starts_anchored: bool,
    /// `\z` occurs.
    pub(crate) end_z: bool,
    /// Something needs the backtracking engine (lookaround, back reference,
    /// atomic group, possessive quantifier, `\b`, multi-line anchors).
    pub(crate) hard: bool,
    /// The pattern is `[^] (?=..)|(?!..)... rest` with no flags and no back
    /// references: the pieces, as preprocessed pattern text, so each can be
    /// translated (and run) on its own.
    pub(crate) split: Option<Split>,
    /// The pattern is exactly `^C{lo,hi}$` for a one-character atom `C`.
    pub(crate) counted: Option<Counted>,
}

/// See [`Translation::counted`]: such patterns are checked by counting
/// characters and matching `C*`, which avoids building an automaton with
/// `hi` copies of a possibly large Unicode class.
pub(crate) struct Counted {
    /// The translated one-character atom.
    pub(crate) class: String,
    pub(crate) lo: u32,
    pub(crate) hi: Option<u32>,
}

/// Leading lookaheads and the rest of a pattern (see [`Translation::split`]).
pub(crate) struct Split {
    pub(crate) has_start: bool,
    /// `(negative, body)` for each lookahead.
    pub(crate) lookaheads: Vec<(bool, Vec<char>)>,
    pub(crate) rest: Vec<char>,
}

/// Translates a Java pattern. Errors say what and where (character offset).
#[cfg(test)]
pub(crate) fn translate(src: &str, mode: EndMode) -> Result<Translation, String> {
    translate_chars(&preprocess(src), mode)
}

/// Java's first compilation step (`\Q..\E` removal); its output is what
/// [`translate_chars`] and [`Split`] work on.
pub(crate) fn preprocess(src: &str) -> Vec<char> {
    remove_qe_quoting(src)
}

/// Translates a preprocessed Java pattern.
pub(crate) fn translate_chars(chars: &[char], mode: EndMode) -> Result<Translation, String> {
    let mut p = Parser {
        chars: chars.to_vec(),
        pos: 0,
        mode,
        dollars: 0,
        end_z: false,
        hard: false,
        flags_used: false,
        backrefs: false,
        top_alternatives: 0,
        top: Vec::new(),
        last_quant: None,
        counted_class: None,
        groups: 0,
        names: Vec::new(),
        flags: Flags::default(),
        depth: 0,
    };
    let regex = p.alternation()?;
    if p.pos < p.chars.len() {
        // Only an unmatched ')' stops the top-level alternation early.
        return Err(p.err("unmatched closing ')'"));
    }
    let single = p.top_alternatives == 1;
    let last_is_dollar = single && matches!(p.top.last(), Some(a) if a.kind == Kind::Dollar);
    let starts_anchored = single && matches!(p.top.first(), Some(a) if a.kind == Kind::Start);
    let split = if single && !p.flags_used && !p.backrefs {
        p.split()
    } else {
        None
    };
    let counted = match p.top.as_slice() {
        [
            a,
            TopAtom {
                kind: Kind::Counted { lo, hi },
                ..
            },
            z,
        ] if single && a.kind == Kind::Start && z.kind == Kind::Dollar && !p.hard => {
            p.counted_class.clone().map(|class| Counted {
                class,
                lo: *lo,
                hi: *hi,
            })
        }
        _ => None,
    };
    Ok(Translation {
        regex,
        dollars: p.dollars,
        last_is_dollar,
        starts_anchored,
        end_z: p.end_z,
        hard: p.hard,
        split,
        counted,
    })
}

/// Java's `RemoveQEQuoting`: rewrites `\Q...\E` into escaped characters.
fn remove_qe_quoting(src: &str) -> Vec<char> {
    let input: Vec<char> = src.chars().collect();
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        if c != '\\' || i + 1 >= input.len() {
            out.push(c);
            i += 1;
            continue;
        }
        if input[i + 1] != 'Q' {
            out.push(c);
            out.push(input[i + 1]);
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
                out.push(c);
            } else if c.is_ascii_digit() {
                if begin {
                    out.extend(['\\', 'x', '3']);
                }
                out.push(c);
            } else {
                out.push('\\');
                out.push(c);
            }
            begin = false;
            i += 1;
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Flags {
    dotall: bool,
    multiline: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Start,
    Dollar,
    LookAhead {
        negative: bool,
    },
    /// A one-character atom (literal, class, `.`) with a greedy or lazy
    /// quantifier.
    Counted {
        lo: u32,
        hi: Option<u32>,
    },
    Other,
}

/// One atom of the top-level sequence, by position in the pattern.
struct TopAtom {
    kind: Kind,
    start: usize,
    end: usize,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    mode: EndMode,
    dollars: usize,
    end_z: bool,
    hard: bool,
    flags_used: bool,
    backrefs: bool,
    top_alternatives: usize,
    top: Vec<TopAtom>,
    last_quant: Option<(u32, Option<u32>)>,
    counted_class: Option<String>,
    groups: usize,
    names: Vec<(String, usize)>,
    flags: Flags,
    depth: usize,
}

/// Either one character or a class (as a bracketed fancy-regex class).
enum Esc {
    Char(u32),
    Class(String),
    /// Anything else that is a complete atom (assertions, back references).
    Atom(String),
}

use super::java_props::property;

const LINE_TERMINATORS: &str = r"\n\r\x{85}\x{2028}\x{2029}";
const ASCII_WORD: &str = "[0-9A-Za-z_]";

fn lit(c: u32) -> String {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() => ch.to_string(),
        _ => format!("\\x{{{c:X}}}"),
    }
}

impl Parser {
    fn err(&self, what: &str) -> String {
        format!("{what} at offset {}", self.pos)
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

    fn alternation(&mut self) -> Result<String, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("pattern nested too deeply"));
        }
        let mut out = self.sequence()?;
        while self.peek() == Some('|') {
            self.pos += 1;
            out.push('|');
            out.push_str(&self.sequence()?);
        }
        self.depth -= 1;
        Ok(out)
    }

    fn split(&self) -> Option<Split> {
        let mut atoms = self.top.iter().peekable();
        let has_start = atoms.next_if(|a| a.kind == Kind::Start).is_some();
        let mut lookaheads = Vec::new();
        while let Some(a) = atoms.next_if(|a| matches!(a.kind, Kind::LookAhead { .. })) {
            let Kind::LookAhead { negative } = a.kind else {
                return None;
            };
            // Body between "(?=" and ")".
            lookaheads.push((negative, self.chars[a.start + 3..a.end - 1].to_vec()));
        }
        if lookaheads.is_empty() {
            return None;
        }
        let rest_start = atoms.peek().map_or(self.chars.len(), |a| a.start);
        Some(Split {
            has_start,
            lookaheads,
            rest: self.chars[rest_start..].to_vec(),
        })
    }

    fn sequence(&mut self) -> Result<String, String> {
        let top_level = self.depth == 1;
        if top_level {
            self.top_alternatives += 1;
            self.top.clear();
        }
        let mut out = String::new();
        loop {
            let start = self.pos;
            let mut kind = Kind::Other;
            // Whether the atom always matches exactly one character.
            let mut single = true;
            let atom = match self.peek() {
                None | Some('|') | Some(')') => break,
                Some('(') => match self.group()? {
                    Some(a) => {
                        if a.starts_with("(?=") {
                            kind = Kind::LookAhead { negative: false };
                        } else if a.starts_with("(?!") {
                            kind = Kind::LookAhead { negative: true };
                        }
                        a
                    }
                    None => {
                        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
                            return Err(self.err("dangling meta character"));
                        }
                        continue;
                    }
                },
                Some('[') => self.class()?,
                Some('\\') => {
                    let dollars = self.dollars;
                    match self.escape(false)? {
                        Esc::Char(c) => lit(c),
                        Esc::Class(s) => s,
                        Esc::Atom(s) => {
                            single = false;
                            if self.dollars > dollars {
                                kind = Kind::Dollar;
                            }
                            s
                        }
                    }
                }
                Some('.') => {
                    self.pos += 1;
                    if self.flags.dotall {
                        r"[\x{0}-\x{10FFFF}]".to_owned()
                    } else {
                        format!("[^{LINE_TERMINATORS}]")
                    }
                }
                Some('^') => {
                    self.pos += 1;
                    if self.flags.multiline {
                        self.hard = true;
                        r"(?:(?:\A|(?<=[\n\x{85}\x{2028}\x{2029}])|(?<=\r)(?!\n))(?!\z))".to_owned()
                    } else {
                        kind = Kind::Start;
                        r"\A".to_owned()
                    }
                }
                Some('$') => {
                    self.pos += 1;
                    if self.flags.multiline {
                        self.hard = true;
                        r"(?:\z|(?=[\r\x{85}\x{2028}\x{2029}])|(?<!\r)(?=\n))".to_owned()
                    } else {
                        kind = Kind::Dollar;
                        self.dollar()
                    }
                }
                Some('*' | '+' | '?' | '{') => return Err(self.err("dangling meta character")),
                Some(c) => {
                    self.pos += 1;
                    lit(c as u32)
                }
            };
            if kind != Kind::Other || self.chars[start] == '(' {
                single = false;
            }
            let emitted = self.quantified(atom.clone())?;
            if emitted != atom {
                kind = match self.last_quant {
                    Some((lo, hi)) if single => Kind::Counted { lo, hi },
                    _ => Kind::Other,
                };
                if let Kind::Counted { .. } = kind {
                    self.counted_class = Some(atom);
                }
            }
            if top_level {
                self.top.push(TopAtom {
                    kind,
                    start,
                    end: self.pos,
                });
            }
            out.push_str(&emitted);
        }
        Ok(out)
    }

    fn dollar(&mut self) -> String {
        self.dollars += 1;
        match self.mode {
            EndMode::EndOnly => r"\z".to_owned(),
            EndMode::FinalTerminator => {
                self.hard = true;
                r"(?:\z|(?=\r\n\z)|(?<!\r)(?=\n\z)|(?=[\r\x{85}\x{2028}\x{2029}]\z))".to_owned()
            }
        }
    }

    fn number(&mut self) -> Result<u32, String> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(d))
                .ok_or_else(|| self.err("repetition count too large"))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.err("illegal repetition"));
        }
        Ok(n)
    }

    fn quantified(&mut self, atom: String) -> Result<String, String> {
        self.last_quant = None;
        let mut bounds = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            _ => (0, None),
        };
        let q = match self.peek() {
            Some('?') => "?".to_owned(),
            Some('*') => "*".to_owned(),
            Some('+') => "+".to_owned(),
            Some('{') => {
                if !self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                    return Err(self.err("illegal repetition"));
                }
                self.pos += 1;
                let lo = self.number()?;
                let q = match self.next() {
                    Some('}') => {
                        bounds = (lo, Some(lo));
                        format!("{{{lo}}}")
                    }
                    Some(',') if self.peek() == Some('}') => {
                        self.pos += 1;
                        bounds = (lo, None);
                        format!("{{{lo},}}")
                    }
                    Some(',') => {
                        let hi = self.number()?;
                        if self.next() != Some('}') {
                            return Err(self.err("unclosed counted closure"));
                        }
                        if hi < lo {
                            return Err(self.err("illegal repetition range"));
                        }
                        bounds = (lo, Some(hi));
                        format!("{{{lo},{hi}}}")
                    }
                    _ => return Err(self.err("unclosed counted closure")),
                };
                self.pos -= 1; // leave the closing brace for the common advance
                q
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        let base = format!("(?:{atom}){q}");
        Ok(match self.peek() {
            Some('?') => {
                self.pos += 1;
                self.last_quant = Some(bounds);
                format!("{base}?")
            }
            Some('+') => {
                self.pos += 1;
                self.hard = true;
                format!("(?>{base})")
            }
            _ => {
                self.last_quant = Some(bounds);
                base
            }
        })
    }

    /// Parses `( ... )`; `None` for a pure flag group like `(?s)`.
    fn group(&mut self) -> Result<Option<String>, String> {
        self.pos += 1; // '('
        let saved = self.flags;
        let (open, capture_name) = if self.peek() == Some('?') {
            self.pos += 1;
            match self.next() {
                Some(':') => ("(?:".to_owned(), None),
                Some('=') => ("(?=".to_owned(), None),
                Some('!') => ("(?!".to_owned(), None),
                Some('>') => ("(?>".to_owned(), None),
                Some('<') => match self.peek() {
                    Some('=') => {
                        self.pos += 1;
                        ("(?<=".to_owned(), None)
                    }
                    Some('!') => {
                        self.pos += 1;
                        ("(?<!".to_owned(), None)
                    }
                    _ => {
                        let name = self.group_name()?;
                        ("(".to_owned(), Some(name))
                    }
                },
                Some(_) => {
                    self.pos -= 1;
                    self.flags_used = true;
                    self.inline_flags()?;
                    match self.next() {
                        Some(')') => return Ok(None), // flags stay set for the enclosing group
                        Some(':') => ("(?:".to_owned(), None),
                        _ => return Err(self.err("unknown inline modifier")),
                    }
                }
                None => return Err(self.err("unclosed group")),
            }
        } else {
            ("(".to_owned(), None)
        };
        if open.len() > 3 || matches!(open.as_str(), "(?=" | "(?!" | "(?>") {
            self.hard = true;
        }
        if open == "(" {
            self.groups += 1;
            if let Some(name) = capture_name {
                if self.names.iter().any(|(n, _)| *n == name) {
                    return Err(self.err("named capturing group is already defined"));
                }
                self.names.push((name, self.groups));
            }
        }
        let body = self.alternation()?;
        if self.next() != Some(')') {
            return Err(self.err("unclosed group"));
        }
        self.flags = saved;
        Ok(Some(format!("{open}{body})")))
    }

    fn group_name(&mut self) -> Result<String, String> {
        let mut name = String::new();
        while let Some(c) = self.next() {
            if c == '>' {
                break;
            }
            let ok = c.is_ascii_alphabetic() || (!name.is_empty() && c.is_ascii_digit());
            if !ok {
                return Err(self.err("named capturing group has an illegal name"));
            }
            name.push(c);
        }
        if name.is_empty() {
            return Err(self.err("named capturing group is missing a name"));
        }
        Ok(name)
    }

    fn inline_flags(&mut self) -> Result<(), String> {
        let mut on = true;
        while let Some(c) = self.peek() {
            match c {
                '-' => on = false,
                's' => self.flags.dotall = on,
                'm' => self.flags.multiline = on,
                'u' => {} // only changes (?i), which is unsupported anyway
                'i' | 'd' | 'x' | 'U' | 'c' if !on => {}
                'i' => return Err(self.err("flag (?i) (ASCII case folding) is not supported")),
                'd' => return Err(self.err("flag (?d) (UNIX_LINES) is not supported")),
                'x' => return Err(self.err("flag (?x) (COMMENTS) is not supported")),
                'U' => return Err(self.err("flag (?U) (UNICODE_CHARACTER_CLASS) is not supported")),
                'c' => return Err(self.err("flag (?c) (CANON_EQ) is not supported")),
                _ => return Ok(()),
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn hex(&mut self, digits: usize) -> Result<u32, String> {
        let mut v = 0;
        for _ in 0..digits {
            let d = self
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.err("illegal hexadecimal or unicode escape sequence"))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn check_char(&self, c: u32) -> Result<u32, String> {
        if (0xD800..=0xDFFF).contains(&c) {
            Err(self.err("a lone surrogate escape is not supported"))
        } else {
            Ok(c)
        }
    }

    /// Parses an escape starting at `\`.
    fn escape(&mut self, in_class: bool) -> Result<Esc, String> {
        self.pos += 1; // '\'
        let Some(c) = self.next() else {
            return Err(self.err("unexpected end of pattern after '\\'"));
        };
        let class = |s: &str| Ok(Esc::Class(s.to_owned()));
        match c {
            '0' => {
                let oct = |c: Option<char>| c.and_then(|c| c.to_digit(8));
                let Some(n) = oct(self.peek()) else {
                    return Err(self.err("illegal octal escape sequence"));
                };
                self.pos += 1;
                let Some(m) = oct(self.peek()) else {
                    return Ok(Esc::Char(n));
                };
                self.pos += 1;
                match oct(self.peek()) {
                    Some(o) if n <= 3 => {
                        self.pos += 1;
                        Ok(Esc::Char(n * 64 + m * 8 + o))
                    }
                    _ => Ok(Esc::Char(n * 8 + m)),
                }
            }
            '1'..='9' if !in_class => {
                // Java takes more digits while the number stays a valid group.
                let mut n = c.to_digit(10).unwrap_or(0) as usize;
                while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                    let m = n * 10 + d as usize;
                    if m > self.groups {
                        break;
                    }
                    n = m;
                    self.pos += 1;
                }
                self.backrefs = true;
                self.hard = true;
                if n > self.groups {
                    // Java: a reference to a group that does not exist fails.
                    return Ok(Esc::Atom(r"[^\x{0}-\x{10FFFF}]".to_owned()));
                }
                Ok(Esc::Atom(format!("(?:\\{n})")))
            }
            'a' => Ok(Esc::Char(7)),
            'e' => Ok(Esc::Char(0x1B)),
            'f' => Ok(Esc::Char(0x0C)),
            'n' => Ok(Esc::Char(0x0A)),
            'r' => Ok(Esc::Char(0x0D)),
            't' => Ok(Esc::Char(0x09)),
            'c' => match self.next() {
                Some(x) => Ok(Esc::Char(x as u32 ^ 64)),
                None => Err(self.err("illegal control escape sequence")),
            },
            'x' => {
                if self.peek() == Some('{')
                    && self.peek_at(1).is_some_and(|c| c.is_ascii_hexdigit())
                {
                    self.pos += 1;
                    let mut v: u32 = 0;
                    loop {
                        match self.next() {
                            Some('}') => break,
                            Some(h) if h.is_ascii_hexdigit() => {
                                v = v * 16 + h.to_digit(16).unwrap_or(0);
                                if v > 0x10FFFF {
                                    return Err(self.err("hexadecimal codepoint is too big"));
                                }
                            }
                            _ => return Err(self.err("unclosed hexadecimal escape sequence")),
                        }
                    }
                    Ok(Esc::Char(self.check_char(v)?))
                } else {
                    let v = self.hex(2)?;
                    Ok(Esc::Char(self.check_char(v)?))
                }
            }
            'u' => {
                let hi = self.hex(4)?;
                if (0xD800..0xDC00).contains(&hi)
                    && self.peek() == Some('\\')
                    && self.peek_at(1) == Some('u')
                {
                    let save = self.pos;
                    self.pos += 2;
                    if let Ok(lo @ 0xDC00..0xE000) = self.hex(4) {
                        return Ok(Esc::Char(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)));
                    }
                    self.pos = save;
                }
                Ok(Esc::Char(self.check_char(hi)?))
            }
            'd' => class("[0-9]"),
            'D' => class("[^0-9]"),
            'w' => class(ASCII_WORD),
            'W' => class("[^0-9A-Za-z_]"),
            's' => class(r"[\t\n\x{B}\x{C}\r\x{20}]"),
            'S' => class(r"[^\t\n\x{B}\x{C}\r\x{20}]"),
            'h' => class(H_SPACE),
            'H' => Ok(Esc::Class(format!("[^{H_SPACE}]"))),
            'v' => class(V_SPACE),
            'V' => Ok(Esc::Class(format!("[^{V_SPACE}]"))),
            'p' | 'P' => {
                let name = if self.peek() == Some('{') {
                    self.pos += 1;
                    let mut name = String::new();
                    loop {
                        match self.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(self.err("unclosed character family")),
                        }
                    }
                    name
                } else {
                    match self.next() {
                        Some(c) => c.to_string(),
                        None => return Err(self.err("illegal character family")),
                    }
                };
                let set = property(&name).map_err(|e| self.err(&e))?;
                Ok(Esc::Class(if c == 'P' { format!("[^{set}]") } else { set }))
            }
            _ if in_class && c.is_ascii_alphanumeric() => Err(self.err(&format!(
                "illegal/unsupported escape sequence \\{c} in a class"
            ))),
            'b' if self.peek() == Some('{') => Err(self.err("\\b{g} is not supported")),
            // ASCII word boundary, as in ECMA-262 and Java 19+.
            'b' | 'B' | 'R' | 'k' => {
                self.hard = true;
                self.escape_hard(c)
            }
            'A' | 'G' => Ok(Esc::Atom(r"\A".to_owned())),
            'z' => {
                self.end_z = true;
                Ok(Esc::Atom(r"\z".to_owned()))
            }
            'Z' => Ok(Esc::Atom(self.dollar())),
            c if c.is_ascii_alphabetic() => {
                Err(self.err(&format!("illegal/unsupported escape sequence \\{c}")))
            }
            c => Ok(Esc::Char(c as u32)),
        }
    }

    fn escape_hard(&mut self, c: char) -> Result<Esc, String> {
        match c {
            'b' => Ok(Esc::Atom(format!(
                "(?:(?<={ASCII_WORD})(?!{ASCII_WORD})|(?<!{ASCII_WORD})(?={ASCII_WORD}))"
            ))),
            'B' => Ok(Esc::Atom(format!(
                "(?:(?<={ASCII_WORD})(?={ASCII_WORD})|(?<!{ASCII_WORD})(?!{ASCII_WORD}))"
            ))),
            'R' => Ok(Esc::Atom(
                r"(?>\r\n|[\n\x{B}\x{C}\r\x{85}\x{2028}\x{2029}])".to_owned(),
            )),
            'k' => {
                if self.next() != Some('<') {
                    return Err(self.err("\\k is not followed by '<' for named capturing group"));
                }
                let name = self.group_name()?;
                self.backrefs = true;
                match self.names.iter().find(|(n, _)| *n == name) {
                    Some((_, i)) => Ok(Esc::Atom(format!("(?:\\{i})"))),
                    None => {
                        Err(self.err(&format!("named capturing group <{name}> does not exist")))
                    }
                }
            }
            _ => Err(self.err(&format!("illegal/unsupported escape sequence \\{c}"))),
        }
    }

    /// Parses `[ ... ]` into one bracketed class.
    fn class(&mut self) -> Result<String, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("pattern nested too deeply"));
        }
        self.pos += 1; // '['
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        // `acc` is the class so far (after `&&` operators), `items` the
        // union being read.
        let mut acc: Option<String> = None;
        let mut items = String::new();
        let combine = |acc: Option<String>, items: &str| -> Option<String> {
            let cur = (!items.is_empty()).then(|| format!("[{items}]"));
            match (acc, cur) {
                (Some(a), Some(c)) => Some(format!("[{a}&&{c}]")),
                (a, None) => a,
                (None, c) => c,
            }
        };
        loop {
            match self.peek() {
                None => return Err(self.err("unclosed character class")),
                Some('[') => {
                    let nested = self.class()?;
                    items.push_str(&nested);
                }
                Some('&') if self.peek_at(1) == Some('&') => {
                    self.pos += 2;
                    acc = combine(acc, &items);
                    items.clear();
                }
                Some(']') if acc.is_some() || !items.is_empty() => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    let item = self.class_item()?;
                    items.push_str(&item);
                }
            }
        }
        self.depth -= 1;
        let set = combine(acc, &items).ok_or_else(|| self.err("bad class syntax"))?;
        Ok(if negated { format!("[^{set}]") } else { set })
    }

    /// One member of a class: a character, a range, or an escape class.
    fn class_item(&mut self) -> Result<String, String> {
        let start = if self.peek() == Some('\\') {
            match self.escape(true)? {
                Esc::Char(c) => c,
                Esc::Class(s) | Esc::Atom(s) => return Ok(s),
            }
        } else {
            self.next().map(|c| c as u32).unwrap_or(0)
        };
        if self.peek() == Some('-') {
            match self.peek_at(1) {
                Some('[') | Some(']') | None => {}
                Some(_) => {
                    self.pos += 1;
                    let end = if self.peek() == Some('\\') {
                        match self.escape(true)? {
                            Esc::Char(c) => c,
                            _ => return Err(self.err("illegal character range")),
                        }
                    } else {
                        self.next().map(|c| c as u32).unwrap_or(0)
                    };
                    if end < start {
                        return Err(self.err("illegal character range"));
                    }
                    return Ok(format!("{}-{}", lit(start), lit(end)));
                }
            }
        }
        Ok(lit(start))
    }
}

const H_SPACE: &str = r"[\t\x{20}\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]";
const V_SPACE: &str = r"[\n\x{B}\x{C}\r\x{85}\x{2028}\x{2029}]";

#[cfg(test)]
#[path = "java_regex_tests.rs"]
mod tests;
