//! Why a pattern is rejected.

/// A pattern Java rejects, or one that uses a construct this crate cannot
/// reproduce, with where the parser stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason} at offset {offset}")]
pub struct ParseError {
    /// Character (not byte) offset in the pattern source.
    pub offset: usize,
    /// What is wrong.
    pub reason: Reason,
}

/// What is wrong with a pattern. The wording follows Java's
/// `PatternSyntaxException` messages where Java rejects the pattern too.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    /// A `)` without its `(`.
    #[error("unmatched closing ')'")]
    UnmatchedClose,
    /// Groups or classes nested deeper than the parser allows.
    #[error("pattern nested too deeply")]
    TooDeep,
    /// A quantifier with nothing to repeat (`*a`, `a**`).
    #[error("dangling meta character")]
    DanglingMeta,
    /// `{` not followed by a count.
    #[error("illegal repetition")]
    IllegalRepetition,
    /// A count that does not fit in 32 bits.
    #[error("repetition count too large")]
    CountTooLarge,
    /// `{n,m` without `}`.
    #[error("unclosed counted closure")]
    UnclosedCount,
    /// `{n,m}` with `m < n`.
    #[error("illegal repetition range")]
    IllegalRange,
    /// `(` without its `)`.
    #[error("unclosed group")]
    UnclosedGroup,
    /// `(?` followed by something that is no group kind or flag.
    #[error("unknown inline modifier")]
    UnknownModifier,
    /// A flag Java has but this crate does not reproduce.
    #[error("flag (?{0}) ({name}) is not supported", name = flag_name(*.0))]
    UnsupportedFlag(char),
    /// Two groups with one name.
    #[error("named capturing group is already defined")]
    DuplicateName,
    /// A group name that is not a letter followed by letters and digits.
    #[error("named capturing group has an illegal name")]
    IllegalName,
    /// `(?<>..)`.
    #[error("named capturing group is missing a name")]
    MissingName,
    /// `\k` not followed by `<`.
    #[error("\\k is not followed by '<' for named capturing group")]
    BadNamedReference,
    /// `\k<name>` before or without a group of that name.
    #[error("named capturing group <{0}> does not exist")]
    UnknownGroup(String),
    /// `\` at the end of the pattern.
    #[error("unexpected end of pattern after '\\'")]
    TrailingBackslash,
    /// `\0` not followed by an octal digit.
    #[error("illegal octal escape sequence")]
    IllegalOctal,
    /// `\c` at the end of the pattern.
    #[error("illegal control escape sequence")]
    IllegalControl,
    /// `\x`/`\u` without enough hexadecimal digits.
    #[error("illegal hexadecimal or unicode escape sequence")]
    IllegalHex,
    /// `\x{..}` above U+10FFFF.
    #[error("hexadecimal codepoint is too big")]
    CodepointTooBig,
    /// `\x{..` without `}`.
    #[error("unclosed hexadecimal escape sequence")]
    UnclosedHex,
    /// An escape that yields half of a surrogate pair.
    #[error("a lone surrogate escape is not supported")]
    LoneSurrogate,
    /// `\p{..` without `}`.
    #[error("unclosed character family")]
    UnclosedFamily,
    /// `\p` at the end of the pattern.
    #[error("illegal character family")]
    IllegalFamily,
    /// `\p{name}` with a name Java does not know.
    #[error("unknown character property name {{{0}}}")]
    UnknownProperty(String),
    /// `\p{key=value}` with a key or value Java does not know.
    #[error("unknown Unicode property {{name={key}, value={value}}}")]
    UnknownPropertyValue {
        /// Before `=`.
        key: String,
        /// After `=`.
        value: String,
    },
    /// `\p{IsX}`/`\p{sc=X}` where `X` cannot be a script name.
    #[error("unknown character script name {{{0}}}")]
    UnknownScript(String),
    /// `\p{InX}`, `\p{block=X}`: the engine has no block tables.
    #[error("Unicode blocks (\\p{{{0}}}) are not supported")]
    Block(String),
    /// An escape letter Java rejects or this crate does not reproduce.
    #[error("illegal/unsupported escape sequence \\{0}")]
    UnsupportedEscape(char),
    /// Like [`Reason::UnsupportedEscape`], inside a class.
    #[error("illegal/unsupported escape sequence \\{0} in a class")]
    UnsupportedClassEscape(char),
    /// `\b{g}` (grapheme boundary).
    #[error("\\b{{g}} is not supported")]
    GraphemeBoundary,
    /// `[` without its `]`.
    #[error("unclosed character class")]
    UnclosedClass,
    /// `z-a`, or a range whose end is a set.
    #[error("illegal character range")]
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
