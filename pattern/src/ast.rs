//! The tree a Java pattern parses into.
//!
//! Inline flags are resolved while parsing: `.` under `(?s)` is
//! [`Node::Dot`] with `dotall`, `^`/`$` under `(?m)` are the line variants of
//! [`Assertion`], so a node means the same wherever it is moved.

use crate::props::Property;

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ast {
    /// The whole pattern: an [`Node::Alternation`] when it has several
    /// top-level alternatives, else a [`Node::Concat`].
    pub root: Node,
    /// An inline flag group (`(?s)`, `(?m:..)`, `(?-s)`, ...) occurs.
    pub inline_flags: bool,
    /// A back reference (`\1`, `\k<name>`) occurs.
    pub backrefs: bool,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Items matched one after the other (possibly none: the empty pattern).
    Concat(Vec<Node>),
    /// Two or more alternatives, each usually a [`Node::Concat`].
    Alternation(Vec<Node>),
    /// One character, written literally or as an escape.
    Literal(char),
    /// `.`: any character but a line terminator, or any at all with `(?s)`.
    Dot {
        /// `(?s)` (DOTALL) is in effect.
        dotall: bool,
    },
    /// A bracketed class `[...]`.
    Class(Class),
    /// A predefined set outside brackets (`\d`, `\p{L}`, ...).
    Set(Set),
    /// A zero-width assertion.
    Assertion(Assertion),
    /// `\R`: `\r\n` or one vertical whitespace character, atomically.
    LineBreak,
    /// A back reference; `None` when it names no group defined before it,
    /// which Java lets through and which then never matches.
    Backref(Option<usize>),
    /// A parenthesized group.
    Group(Group),
    /// A quantified node.
    Repeat(Repeat),
}

/// A bracketed class: the intersection (`&&`) of its operands, each the
/// union of its items, optionally negated as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// `[^...]`.
    pub negated: bool,
    /// The operands of `&&`, never empty, none of them empty.
    pub operands: Vec<Vec<ClassItem>>,
}

/// A member of a class union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassItem {
    /// One character.
    Char(char),
    /// `a-z`, both ends included (`start <= end`).
    Range(char, char),
    /// A predefined set (`\d`, `\p{L}`, ...).
    Set(Set),
    /// A nested class (`[a-c[x-z]]`).
    Class(Class),
}

/// A predefined set, possibly complemented (`\D`, `\P{L}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set {
    /// The upper-case escape or `\P`.
    pub negated: bool,
    /// Which set.
    pub kind: SetKind,
}

/// The predefined sets. `\d \w \s` are ASCII-only, as in Java without
/// `UNICODE_CHARACTER_CLASS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetKind {
    /// `\d`: `[0-9]`.
    Digit,
    /// `\w`: `[0-9A-Za-z_]`.
    Word,
    /// `\s`: `[ \t\n\x0B\f\r]`.
    Space,
    /// `\h`: Java's horizontal whitespace.
    HorizontalSpace,
    /// `\v`: Java's vertical whitespace.
    VerticalSpace,
    /// `\p{..}`.
    Property(Property),
}

/// Zero-width assertions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assertion {
    /// `^` without `(?m)`: the start of input.
    Caret,
    /// `\A`, or `\G` (which, for one `find()` from the start, is the start
    /// of input too).
    InputStart,
    /// `^` with `(?m)`: the start of input or just after a line terminator
    /// that is not at the end.
    LineStart,
    /// `$` without `(?m)`, or `\Z`: the end of input or just before a final
    /// line terminator.
    End,
    /// `$` with `(?m)`: the end of input or just before any line terminator.
    LineEnd,
    /// `\z`: the end of input.
    InputEnd,
    /// `\b` (ASCII word characters).
    WordBoundary,
    /// `\B` (ASCII word characters).
    NotWordBoundary,
}

/// A parenthesized group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// What the parentheses do.
    pub kind: GroupKind,
    /// The contents.
    pub body: Box<Node>,
}

/// Kinds of group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// `(..)` or `(?<name>..)`: capturing group number `index` (from 1).
    Capture {
        /// The group number back references use.
        index: usize,
        /// The name of a named group.
        name: Option<String>,
    },
    /// `(?:..)`, or `(?flags:..)`.
    NonCapture,
    /// `(?=..)` or `(?!..)`.
    LookAhead {
        /// `(?!..)`.
        negative: bool,
    },
    /// `(?<=..)` or `(?<!..)`.
    LookBehind {
        /// `(?<!..)`.
        negative: bool,
    },
    /// `(?>..)`.
    Atomic,
}

/// A quantified node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// What is repeated.
    pub node: Box<Node>,
    /// Fewest repetitions.
    pub min: u32,
    /// Most repetitions, `None` for unbounded.
    pub max: Option<u32>,
    /// Greedy, lazy (`?` suffix) or possessive (`+` suffix).
    pub greed: Greed,
}

/// How a quantifier chooses its count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Greed {
    /// As many as possible, giving back when the rest fails.
    Greedy,
    /// As few as possible (`*?`).
    Lazy,
    /// As many as possible, never giving back (`*+`).
    Possessive,
}

impl Node {
    /// The top-level alternatives of a pattern or group body.
    pub fn alternatives(&self) -> &[Node] {
        match self {
            Node::Alternation(alts) => alts,
            other => std::slice::from_ref(other),
        }
    }

    /// The items of a sequence (a non-sequence node is a sequence of one).
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Concat(items) => items,
            other => std::slice::from_ref(other),
        }
    }

    /// Whether the node always matches exactly one character.
    pub fn is_one_char(&self) -> bool {
        matches!(
            self,
            Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Set(_)
        )
    }
}
