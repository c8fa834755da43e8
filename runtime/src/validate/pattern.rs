//! `@pattern` matching with `java.util.regex` `Matcher.find()` semantics.

use super::java_regex::{EndMode, translate};
use std::sync::OnceLock;

/// Upper bound on backtracking steps for patterns that need the
/// backtracking engine (lookaround, back references, atomic groups). When it
/// is exceeded the value is treated as not matching.
const BACKTRACK_LIMIT: usize = 1_000_000;
/// Compiled-program size limit for the linear engine; large counted
/// repetitions of Unicode classes (`[\P{C}]{1,250}`) need more than the
/// default.
const SIZE_LIMIT: usize = 64 << 20;

/// A Smithy `@pattern`, compiled on first use and then shared.
///
/// ```
/// use client_runtime::validate::Pattern;
/// static TAG_KEY: Pattern = Pattern::new(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");
/// assert!(TAG_KEY.is_match("team"));
/// assert!(!TAG_KEY.is_match("aws:reserved"));
/// ```
///
/// Semantics are those of `java.util.regex.Pattern` and `Matcher.find()`,
/// the Smithy reference implementation: the pattern is *not* implicitly
/// anchored, `\d \w \s \b` are ASCII, `.` stops at line terminators, `$`
/// also matches before a final line terminator. Patterns without lookaround
/// or back references run on a linear-time engine; the others run on a
/// backtracking engine with a step limit, and a value that exceeds it counts
/// as not matching.
///
/// Known divergences from Java: Unicode property tables are those of the
/// `regex` crate (a newer Unicode version than Java 17's), and Java's
/// `find()` may start a match on the low half of a surrogate pair (so, for
/// example, unanchored `\p{Cs}` finds something in `"😀"` in Java but not
/// here).
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<Compiled, String>>,
}

struct Compiled {
    /// `$` is the end of input.
    end_only: fancy_regex::Regex,
    /// `$` may also match before a final line terminator; only built when
    /// the pattern has a non-multiline `$` or `\Z`.
    final_terminator: Option<fancy_regex::Regex>,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

fn build(regex: &str) -> Result<fancy_regex::Regex, String> {
    fancy_regex::RegexBuilder::new(regex)
        .backtrack_limit(BACKTRACK_LIMIT)
        .delegate_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("cannot compile the translated pattern: {e}"))
}

fn compile(src: &str) -> Result<Compiled, String> {
    let plain = translate(src, EndMode::EndOnly)?;
    let end_only = build(&plain.regex)?;
    let final_terminator = if plain.uses_dollar {
        Some(build(&translate(src, EndMode::FinalTerminator)?.regex)?)
    } else {
        None
    };
    Ok(Compiled { end_only, final_terminator })
}

/// Checks that a Smithy pattern can be compiled with Java semantics; the
/// error says what is wrong (Java syntax error or a construct this runtime
/// does not support). Code generators call this to reject models early.
pub fn check_pattern(src: &str) -> Result<(), String> {
    compile(src).map(|_| ())
}

fn ends_with_line_terminator(s: &str) -> bool {
    matches!(s.chars().next_back(), Some('\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

impl Pattern {
    /// A pattern from its Smithy source text; nothing is compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// The Smithy source text, as quoted in violation messages.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn compiled(&self) -> &Result<Compiled, String> {
        self.compiled.get_or_init(|| compile(self.source))
    }

    /// Why this pattern cannot be used, if it cannot.
    pub fn compile_error(&self) -> Option<&str> {
        self.compiled().as_ref().err().map(String::as_str)
    }

    /// Whether the pattern matches somewhere in `s`, or why that could not
    /// be decided (uncompilable pattern, backtracking limit exceeded).
    pub fn try_is_match(&self, s: &str) -> Result<bool, String> {
        let c = self.compiled().as_ref().map_err(Clone::clone)?;
        let re = match &c.final_terminator {
            Some(re) if ends_with_line_terminator(s) => re,
            _ => &c.end_only,
        };
        re.is_match(s).map_err(|e| e.to_string())
    }

    /// Whether the pattern matches somewhere in `s`. Undecidable cases (see
    /// [`Pattern::try_is_match`]) count as not matching, so validation fails
    /// closed.
    pub fn is_match(&self, s: &str) -> bool {
        self.try_is_match(s).unwrap_or(false)
    }
}
