//! `@pattern` matching with `java.util.regex` `Matcher.find()` semantics.
//!
//! Parsing, translation and the decision how to run a pattern
//! ([`smithy_pattern::Plan`]) live in `smithy-pattern`; this module compiles
//! the plan once and runs it.

use smithy_pattern::Test;
use std::sync::OnceLock;

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

/// A pattern compiled into parts that must all hold (a part with
/// `negative` must not match). Usually one part; a pattern that starts with
/// lookaheads at the start of input is split into one anchored part per
/// lookahead plus the rest, so every part runs on the linear engine.
struct Compiled {
    parts: Vec<Part>,
}

struct Part {
    negative: bool,
    kind: PartKind,
}

enum PartKind {
    Regex {
        /// `$` is the end of input.
        end_only: fancy_regex::Regex,
        on_terminator: OnTerminator,
    },
    /// `^C{lo,hi}$`: every character matches `\A(?:C)*\z` and the count is
    /// in range (for the input with or without its final line terminator).
    Counted {
        all: fancy_regex::Regex,
        lo: u32,
        hi: Option<u32>,
    },
}

/// How to decide an input that ends with a line terminator, where Java's
/// `$` also matches just before that terminator.
enum OnTerminator {
    /// No `$` in the pattern: nothing changes.
    Same,
    /// The only `$` is the last atom and nothing looks around: a match with
    /// `$` before the terminator is a match in the input without it.
    Truncate,
    /// General case: `$` translated with lookaround.
    Backtrack(fancy_regex::Regex),
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

fn build(regex: &str) -> Result<fancy_regex::Regex, String> {
    smithy_pattern::build(regex).map_err(|e| e.to_string())
}

fn part(part: &smithy_pattern::Part) -> Result<Part, String> {
    let kind = match &part.test {
        Test::Counted { all, min, max } => PartKind::Counted {
            all: build(all)?,
            lo: *min,
            hi: *max,
        },
        Test::Regex {
            regex,
            on_terminator,
        } => PartKind::Regex {
            end_only: build(regex)?,
            on_terminator: match on_terminator {
                smithy_pattern::OnTerminator::Same => OnTerminator::Same,
                smithy_pattern::OnTerminator::Truncate => OnTerminator::Truncate,
                smithy_pattern::OnTerminator::Regex(r) => OnTerminator::Backtrack(build(r)?),
            },
        },
    };
    Ok(Part {
        negative: part.negative,
        kind,
    })
}

fn compile(src: &str) -> Result<Compiled, String> {
    let plan = smithy_pattern::plan(src).map_err(|e| e.to_string())?;
    let parts = plan.parts.iter().map(part).collect::<Result<_, _>>()?;
    Ok(Compiled { parts })
}

/// Checks that a Smithy pattern can be compiled with Java semantics; the
/// error says what is wrong (Java syntax error or a construct this runtime
/// does not support). Code generators call this to reject models early.
pub fn check_pattern(src: &str) -> Result<(), String> {
    compile(src).map(|_| ())
}

/// The input without its final line terminator (`\r\n` counts as one),
/// if it ends with one.
fn strip_final_terminator(s: &str) -> Option<&str> {
    if let Some(t) = s.strip_suffix("\r\n") {
        return Some(t);
    }
    let c = s.chars().next_back()?;
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
        .then(|| &s[..s.len() - c.len_utf8()])
}

impl Part {
    fn holds(&self, s: &str) -> Result<bool, String> {
        let err = |e: fancy_regex::Error| e.to_string();
        let found = match &self.kind {
            PartKind::Regex {
                end_only,
                on_terminator,
            } => match (strip_final_terminator(s), on_terminator) {
                (None, _) | (_, OnTerminator::Same) => end_only.is_match(s).map_err(err)?,
                (Some(head), OnTerminator::Truncate) => {
                    end_only.is_match(s).map_err(err)? || end_only.is_match(head).map_err(err)?
                }
                (Some(_), OnTerminator::Backtrack(re)) => re.is_match(s).map_err(err)?,
            },
            PartKind::Counted { all, lo, hi } => {
                let fits = |s: &str| -> Result<bool, String> {
                    let n = s.chars().count();
                    let in_range = n >= *lo as usize && hi.is_none_or(|hi| n <= hi as usize);
                    Ok(in_range && all.is_match(s).map_err(err)?)
                };
                fits(s)?
                    || strip_final_terminator(s)
                        .map(fits)
                        .transpose()?
                        .unwrap_or(false)
            }
        };
        Ok(found != self.negative)
    }
}

impl Pattern {
    /// A pattern from its Smithy source text; nothing is compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
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
        for part in &c.parts {
            if !part.holds(s)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether the pattern matches somewhere in `s`. Undecidable cases (see
    /// [`Pattern::try_is_match`]) count as not matching, so validation fails
    /// closed.
    pub fn is_match(&self, s: &str) -> bool {
        self.try_is_match(s).unwrap_or(false)
    }
}

#[cfg(test)]
#[path = "pattern_tests.rs"]
mod tests;
