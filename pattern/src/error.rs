//! Why a pattern is rejected.

/// A pattern Java rejects, or one that uses a construct this crate cannot
/// reproduce, with where the parser stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Character (not byte) offset in the pattern source.
    pub offset: usize,
    /// What is wrong.
    pub reason: Reason,
}

/// What is wrong with a pattern. The wording follows Java's
/// `PatternSyntaxException` messages where Java rejects the pattern too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A `)` without its `(`.
    UnmatchedClose,
    /// Groups or classes nested deeper than the parser allows.
    TooDeep,
    /// A quantifier with nothing to repeat (`*a`, `a**`).
    DanglingMeta,
    /// `{` not followed by a count.
    IllegalRepetition,
    /// A count that does not fit in 32 bits.
    CountTooLarge,
    /// `{n,m` without `}`.
    UnclosedCount,
    /// `{n,m}` with `m < n`.
    IllegalRange,
    /// `(` without its `)`.
    UnclosedGroup,
    /// `(?` followed by something that is no group kind or flag.
    UnknownModifier,
    /// A flag Java has but this crate does not reproduce.
    UnsupportedFlag(char),
    /// Two groups with one name.
    DuplicateName,
    /// A group name that is not a letter followed by letters and digits.
    IllegalName,
    /// `(?<>..)`.
    MissingName,
    /// `\k` not followed by `<`.
    BadNamedReference,
    /// `\k<name>` before or without a group of that name.
    UnknownGroup(String),
    /// `\` at the end of the pattern.
    TrailingBackslash,
    /// `\0` not followed by an octal digit.
    IllegalOctal,
    /// `\c` at the end of the pattern.
    IllegalControl,
    /// `\x`/`\u` without enough hexadecimal digits.
    IllegalHex,
    /// `\x{..}` above U+10FFFF.
    CodepointTooBig,
    /// `\x{..` without `}`.
    UnclosedHex,
    /// An escape that yields half of a surrogate pair.
    LoneSurrogate,
    /// `\p{..` without `}`.
    UnclosedFamily,
    /// `\p` at the end of the pattern.
    IllegalFamily,
    /// `\p{name}` with a name Java does not know.
    UnknownProperty(String),
    /// `\p{key=value}` with a key or value Java does not know.
    UnknownPropertyValue {
        /// Before `=`.
        key: String,
        /// After `=`.
        value: String,
    },
    /// `\p{IsX}`/`\p{sc=X}` where `X` cannot be a script name.
    UnknownScript(String),
    /// `\p{InX}`, `\p{block=X}`: the engine has no block tables.
    Block(String),
    /// An escape letter Java rejects or this crate does not reproduce.
    UnsupportedEscape(char),
    /// Like [`Reason::UnsupportedEscape`], inside a class.
    UnsupportedClassEscape(char),
    /// `\b{g}` (grapheme boundary).
    GraphemeBoundary,
    /// `[` without its `]`.
    UnclosedClass,
    /// `z-a`, or a range whose end is a set.
    IllegalCharRange,
}

fn flag_name(flag: char) -> &'static str {
    match flag {
        'i' => "ASCII case folding",
        'd' => "UNIX_LINES",
        'x' => "COMMENTS",
        'U' => "UNICODE_CHARACTER_CLASS",
        _ => "CANON_EQ",
    }
}

// Written out rather than derived: thiserror would put a second `syn` major
// version into the build of every crate that depends on the runtime.
impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at offset {}", self.reason, self.offset)
    }
}

impl std::error::Error for ParseError {}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnmatchedClose => write!(f, "unmatched closing ')'"),
            Self::TooDeep => write!(f, "pattern nested too deeply"),
            Self::DanglingMeta => write!(f, "dangling meta character"),
            Self::IllegalRepetition => write!(f, "illegal repetition"),
            Self::CountTooLarge => write!(f, "repetition count too large"),
            Self::UnclosedCount => write!(f, "unclosed counted closure"),
            Self::IllegalRange => write!(f, "illegal repetition range"),
            Self::UnclosedGroup => write!(f, "unclosed group"),
            Self::UnknownModifier => write!(f, "unknown inline modifier"),
            Self::UnsupportedFlag(a0) => write!(f, "flag (?{a0}) ({name}) is not supported", name = flag_name(*a0)),
            Self::DuplicateName => write!(f, "named capturing group is already defined"),
            Self::IllegalName => write!(f, "named capturing group has an illegal name"),
            Self::MissingName => write!(f, "named capturing group is missing a name"),
            Self::BadNamedReference => write!(f, "\\k is not followed by '<' for named capturing group"),
            Self::UnknownGroup(a0) => write!(f, "named capturing group <{a0}> does not exist"),
            Self::TrailingBackslash => write!(f, "unexpected end of pattern after '\\'"),
            Self::IllegalOctal => write!(f, "illegal octal escape sequence"),
            Self::IllegalControl => write!(f, "illegal control escape sequence"),
            Self::IllegalHex => write!(f, "illegal hexadecimal or unicode escape sequence"),
            Self::CodepointTooBig => write!(f, "hexadecimal codepoint is too big"),
            Self::UnclosedHex => write!(f, "unclosed hexadecimal escape sequence"),
            Self::LoneSurrogate => write!(f, "a lone surrogate escape is not supported"),
            Self::UnclosedFamily => write!(f, "unclosed character family"),
            Self::IllegalFamily => write!(f, "illegal character family"),
            Self::UnknownProperty(a0) => write!(f, "unknown character property name {{{a0}}}"),
            Self::UnknownPropertyValue { key, value } => write!(f, "unknown Unicode property {{name={key}, value={value}}}"),
            Self::UnknownScript(a0) => write!(f, "unknown character script name {{{a0}}}"),
            Self::Block(a0) => write!(f, "Unicode blocks (\\p{{{a0}}}) are not supported"),
            Self::UnsupportedEscape(a0) => write!(f, "illegal/unsupported escape sequence \\{a0}"),
            Self::UnsupportedClassEscape(a0) => write!(f, "illegal/unsupported escape sequence \\{a0} in a class"),
            Self::GraphemeBoundary => write!(f, "\\b{{g}} is not supported"),
            Self::UnclosedClass => write!(f, "unclosed character class"),
            Self::IllegalCharRange => write!(f, "illegal character range"),
        }
    }
}

impl std::error::Error for Reason {}
