//! Candidate values for a `java.util.regex` pattern, for the Java oracle
//! test (`validate_pattern_oracle.rs`).
//!
//! The pattern is parsed with Java syntax (the subset Smithy models use:
//! literals, escapes, classes, groups, alternation, greedy/lazy/possessive
//! quantifiers, anchors, lookarounds) and a random walk produces strings
//! meant to match it. Lookarounds and anchors are not enforced, so some
//! candidates do not match; that is fine, since Java decides every value
//! and near misses are wanted too.
//!
//! Which characters a one-character atom (`[...]`, `\p{..}`, `\S`, `.`, ...)
//! stands for is decided by running that atom alone through the engine
//! under test over a fixed alphabet. That only steers generation: a wrong
//! answer there shows up as a value Java and the engine disagree on.

use client_runtime::validate::Pattern;
use std::collections::HashMap;
use std::rc::Rc;

/// Characters generated values are made of: printable ASCII, whitespace and
/// controls, and a few non-ASCII ones (all with the same Unicode data in
/// Java 17 and the `regex` crate).
const EXTRA: &[char] = &[
    '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', 'é', 'ß',
    'Ω', 'ж', '\u{301}', '日', '한', '😀', '\u{2028}', '\u{3000}', '٣',
];

enum Node {
    Empty,
    Lit(char),
    Set(Rc<Vec<char>>),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

pub struct Generator {
    alphabet: Vec<char>,
    sets: HashMap<String, Rc<Vec<char>>>,
}

struct Parser<'g> {
    chars: Vec<char>,
    pos: usize,
    generator: &'g mut Generator,
}

impl Default for Generator {
    fn default() -> Self {
        let mut alphabet: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        alphabet.extend_from_slice(EXTRA);
        Generator {
            alphabet,
            sets: HashMap::new(),
        }
    }
}

impl Generator {
    /// The alphabet characters that the one-character atom `atom` (Java
    /// syntax) matches on its own.
    fn set(&mut self, atom: &str) -> Result<Rc<Vec<char>>, String> {
        if let Some(s) = self.sets.get(atom) {
            return Ok(s.clone());
        }
        let src: &'static str = Box::leak(format!(r"\A(?:{atom})\z").into_boxed_str());
        let p = Pattern::new(src);
        if let Some(e) = p.compile_error() {
            return Err(format!("atom {atom:?}: {e}"));
        }
        let members: Vec<char> = self
            .alphabet
            .iter()
            .copied()
            .filter(|c| p.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        if members.is_empty() {
            return Err(format!(
                "atom {atom:?} matches no character of the alphabet"
            ));
        }
        let members = Rc::new(members);
        self.sets.insert(atom.to_string(), members.clone());
        Ok(members)
    }

    /// Up to `n` distinct strings generated from `pattern`, or why the
    /// pattern is beyond this generator.
    pub fn values(&mut self, pattern: &str, n: usize, seed: u64) -> Result<Vec<String>, String> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
            generator: self,
        };
        let node = parser.alt()?;
        if parser.pos != parser.chars.len() {
            return Err(format!("unbalanced ')' at {}", parser.pos));
        }
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut out: Vec<String> = Vec::new();
        for _ in 0..n * 4 {
            if out.len() >= n {
                break;
            }
            let mut s = String::new();
            emit(&node, &mut rng, &mut s);
            if s.chars().count() <= 2000 && !out.contains(&s) {
                out.push(s);
            }
        }
        Ok(out)
    }
}

fn emit(node: &Node, rng: &mut fastrand::Rng, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Lit(c) => out.push(*c),
        Node::Set(s) => out.push(s[rng.usize(..s.len())]),
        Node::Seq(v) => v.iter().for_each(|n| emit(n, rng, out)),
        Node::Alt(v) => emit(&v[rng.usize(..v.len())], rng, out),
        Node::Repeat(n, lo, hi) => {
            let (lo, hi) = (*lo, *hi);
            // Mostly short counts; sometimes exactly the bounds.
            let count = match rng.u8(..6) {
                0 => lo,
                1 if hi.is_some_and(|h| h <= 2000) => hi.unwrap(),
                _ => {
                    let top = hi.unwrap_or(u32::MAX).min(lo.saturating_add(6));
                    rng.u32(lo..=top)
                }
            };
            for _ in 0..count {
                emit(n, rng, out);
            }
        }
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn text(&self, from: usize) -> String {
        self.chars[from..self.pos].iter().collect()
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.seq()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.seq()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap()
        } else {
            Node::Alt(branches)
        })
    }

    fn seq(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Seq(items))
    }

    fn number(&mut self) -> Option<u32> {
        let from = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.text(from).parse().ok()
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (lo, hi) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let start = self.pos;
                self.pos += 1;
                let lo = self.number().ok_or("bad repetition")?;
                let hi = if self.peek() == Some(',') {
                    self.pos += 1;
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number().ok_or("bad repetition")?)
                    }
                } else {
                    Some(lo)
                };
                if self.peek() != Some('}') || hi.is_some_and(|h| h < lo) {
                    return Err(format!("bad repetition at {start}"));
                }
                (lo, hi)
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        if matches!(self.peek(), Some('?' | '+')) {
            self.pos += 1; // lazy or possessive: same strings
        }
        Ok(Node::Repeat(Box::new(atom), lo, hi))
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().unwrap();
        match c {
            '(' => self.group(),
            '[' => {
                let from = self.pos;
                self.skip_class()?;
                let text = self.text(from);
                Ok(Node::Set(self.generator.set(&text)?))
            }
            '\\' => self.escape(),
            '.' => {
                self.pos += 1;
                Ok(Node::Set(self.generator.set(".")?))
            }
            '^' | '$' => {
                self.pos += 1;
                Ok(Node::Empty)
            }
            '*' | '+' | '?' | '{' => Err(format!("dangling {c:?} at {}", self.pos)),
            _ => {
                self.pos += 1;
                Ok(Node::Lit(c))
            }
        }
    }

    fn close(&mut self) -> Result<(), String> {
        if self.peek() != Some(')') {
            return Err("unclosed group".into());
        }
        self.pos += 1;
        Ok(())
    }

    fn group(&mut self) -> Result<Node, String> {
        self.pos += 1;
        if self.peek() != Some('?') {
            let inner = self.alt()?;
            self.close()?;
            return Ok(inner);
        }
        self.pos += 1;
        for look in ["=", "!", "<=", "<!"] {
            if self.at(look) {
                // Lookaround: parsed, not enforced.
                self.pos += look.len();
                self.alt()?;
                self.close()?;
                return Ok(Node::Empty);
            }
        }
        if self.peek() == Some('<') {
            while self.peek().is_some_and(|c| c != '>') {
                self.pos += 1;
            }
            self.pos += 1;
        } else if self.peek() == Some('>') {
            self.pos += 1; // atomic group
        } else {
            // Flags: `(?s)` or `(?s:...)` (and `(?:...)`).
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
            {
                self.pos += 1;
            }
            if self.peek() == Some(')') {
                self.pos += 1;
                return Ok(Node::Empty);
            }
            if self.peek() != Some(':') {
                return Err("bad group".into());
            }
            self.pos += 1;
        }
        let inner = self.alt()?;
        self.close()?;
        Ok(inner)
    }

    /// Moves past the class starting at `[` (nested classes, escapes and
    /// `\Q..\E` included); a `]` right after `[` or `[^` is a literal.
    fn skip_class(&mut self) -> Result<(), String> {
        self.pos += 1;
        if self.peek() == Some('^') {
            self.pos += 1;
        }
        if self.peek() == Some(']') {
            self.pos += 1;
        }
        loop {
            match self.peek() {
                None => return Err("unclosed class".into()),
                Some(']') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some('[') => self.skip_class()?,
                Some('\\') => self.skip_escape(),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Moves past an escape (at `\`) without interpreting it.
    fn skip_escape(&mut self) {
        self.pos += 1;
        match self.peek() {
            Some('Q') => {
                while self.peek().is_some() && !self.at(r"\E") {
                    self.pos += 1;
                }
                self.pos += 2;
            }
            Some('p' | 'P' | 'x' | 'k')
                if matches!(self.chars.get(self.pos + 1), Some('{' | '<')) =>
            {
                while self.peek().is_some_and(|c| c != '}' && c != '>') {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            Some('p' | 'P') => self.pos += 2, // `\pL`
            _ => self.pos += 1,
        }
        self.pos = self.pos.min(self.chars.len());
    }

    fn escape(&mut self) -> Result<Node, String> {
        let from = self.pos;
        let Some(&c) = self.chars.get(self.pos + 1) else {
            return Err("trailing backslash".into());
        };
        if c == 'Q' {
            self.pos += 2;
            let mut lits = Vec::new();
            while let Some(c) = self.peek() {
                if self.at(r"\E") {
                    self.pos += 2;
                    break;
                }
                lits.push(Node::Lit(c));
                self.pos += 1;
            }
            return Ok(Node::Seq(lits));
        }
        if c.is_ascii_digit() && c != '0' || c == 'k' {
            return Err("backreference".into());
        }
        self.skip_escape();
        let lit = |c| Ok(Node::Lit(c));
        match c {
            'b' | 'B' | 'A' | 'z' | 'Z' | 'G' => Ok(Node::Empty),
            't' => lit('\t'),
            'n' => lit('\n'),
            'r' => lit('\r'),
            'f' => lit('\u{c}'),
            'a' => lit('\u{7}'),
            'e' => lit('\u{1b}'),
            'u' => {
                // `\uXXXX`; a surrogate pair is two of them, one character.
                self.pos = (from + 6).min(self.chars.len());
                let unit = |t: &str| u32::from_str_radix(t.get(2..6)?, 16).ok();
                let high = unit(&self.text(from)).is_some_and(|u| (0xD800..0xDC00).contains(&u));
                let next: String = self.chars[self.pos..(self.pos + 6).min(self.chars.len())]
                    .iter()
                    .collect();
                if high
                    && next.starts_with(r"\u")
                    && unit(&next).is_some_and(|u| (0xDC00..0xE000).contains(&u))
                {
                    self.pos += 6;
                }
                Ok(Node::Set(self.generator.set(&self.text(from))?))
            }
            'x' if self.chars.get(from + 2) != Some(&'{') => {
                self.pos = (from + 4).min(self.chars.len());
                Ok(Node::Set(self.generator.set(&self.text(from))?))
            }
            '0' => {
                self.pos = from + 2;
                while self.pos < from + 5 && self.peek().is_some_and(|c| ('0'..='7').contains(&c)) {
                    self.pos += 1;
                }
                Ok(Node::Set(self.generator.set(&self.text(from))?))
            }
            'c' => {
                self.pos = (from + 3).min(self.chars.len());
                Ok(Node::Set(self.generator.set(&self.text(from))?))
            }
            c if c.is_ascii_alphanumeric() => Ok(Node::Set(self.generator.set(&self.text(from))?)),
            c => lit(c),
        }
    }
}
