//! Smithy `@pattern` values: `java.util.regex` syntax (what Smithy patterns
//! are written in and what the reference implementation runs) parsed into a
//! tree ([`parse`]), printed in `fancy-regex` syntax with Java's meaning
//! ([`to_fancy`]), and planned for matching ([`Plan`]).
//!
//! Java's meaning, as printed:
//! - `\d \w \s` (and `\b`) are ASCII-only, `\h \v` are Java's sets;
//! - `.` excludes `\n \r \u0085 \u2028 \u2029` (unless `(?s)`);
//! - `^` is the start of input, `$`/`\Z` the end of input or just before a
//!   final line terminator; `(?m)` gives Java's multi-line anchors;
//! - classes follow Java (nested unions, `&&`, a leading `]` is a literal,
//!   the `\p{..}` names Java accepts, ASCII POSIX classes);
//! - `\Q..\E`, octal/hex/`\u` escapes (surrogate pairs combined), lazy and
//!   possessive quantifiers, atomic groups, lookaround, back references.
//!
//! Everything else Java accepts but the engine cannot reproduce (`(?i)`,
//! `(?x)`, `(?d)`, `(?U)`, `\X`, `\N{..}`, Unicode blocks, lone
//! surrogates, ...) is a [`ParseError`], as is everything Java rejects.
//!
//! ```
//! let plan = smithy_pattern::plan(r"^(?!aws:)[\p{L}_]*$").unwrap();
//! // The leading lookahead runs as its own anchored regex.
//! assert_eq!(plan.parts.len(), 2);
//! assert!(plan.parts[0].negative);
//! smithy_pattern::check(r"^(?!aws:)[\p{L}_]*$").unwrap();
//! assert!(smithy_pattern::check("(?i)abc").is_err());
//! ```

mod ast;
mod error;
mod parse;
mod plan;
mod print;
mod props;

pub use ast::*;
pub use error::{ParseError, Reason};
pub use parse::parse;
pub use plan::{OnTerminator, Part, Plan, Test};
pub use print::{EndMode, to_fancy};
pub use props::Property;

/// Upper bound on backtracking steps for regexes that need the backtracking
/// engine; a search that exceeds it fails with an error.
pub const BACKTRACK_LIMIT: usize = 1_000_000;
/// Compiled-program size limit for the linear engine; large counted
/// repetitions of Unicode classes (`[\P{C}]{1,250}`) need more than the
/// default.
pub const SIZE_LIMIT: usize = 64 << 20;

/// Why a pattern cannot be used.
#[derive(Debug)]
pub enum Error {
    /// Java rejects it, or it uses a construct that is not reproduced.
    Parse(ParseError),
    /// The engine rejects what it was translated into (for example a
    /// lookbehind whose length varies, an unknown script, a size limit).
    Compile(Box<fancy_regex::Error>),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Parse(e) => std::fmt::Display::fmt(e, f),
            Self::Compile(e) => write!(f, "cannot compile the translated pattern: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            Self::Compile(e) => Some(e.as_ref()),
        }
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Self::Parse(e)
    }
}

impl From<Box<fancy_regex::Error>> for Error {
    fn from(e: Box<fancy_regex::Error>) -> Self {
        Self::Compile(e)
    }
}

/// Parses a pattern and plans how to run it.
pub fn plan(src: &str) -> Result<Plan, ParseError> {
    parse(src).map(|ast| Plan::new(&ast))
}

/// Compiles one regex of a [`Plan`] with the limits every user of this
/// crate shares, so a pattern [`check`] accepts is one that compiles.
pub fn build(regex: &str) -> Result<fancy_regex::Regex, Error> {
    fancy_regex::RegexBuilder::new(regex)
        .backtrack_limit(BACKTRACK_LIMIT)
        .delegate_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| Error::Compile(Box::new(e)))
}

/// Checks that a pattern parses and that every regex of its plan compiles.
pub fn check(src: &str) -> Result<(), Error> {
    let plan = plan(src)?;
    for regex in plan.regexes() {
        build(regex)?;
    }
    Ok(())
}
