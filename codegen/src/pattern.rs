//! Generation-time checks of `@pattern` values.
//!
//! Smithy patterns have `java.util.regex` semantics (what the reference
//! implementation runs). `smithy-pattern` parses them, translates them and
//! compiles the result with the engine and limits the runtime uses, so a
//! pattern that passes here is one the generated crate can compile.

/// Whether the runtime can compile the pattern; the error says what is
/// wrong and where.
pub fn check(src: &str) -> Result<(), String> {
    smithy_pattern::check(src).map_err(|e| e.to_string())
}

/// Reasons to believe a pattern does not say what its author meant.
pub fn suspicious(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    for (i, w) in bytes.windows(3).enumerate() {
        if w[0] == b'\\' && w[1] == b'\\' && b"dDwWsS+.*?()[]{}".contains(&w[2]) && (i == 0 || bytes[i - 1] != b'\\') {
            out.push(format!(
                "`\\\\{}` is a literal backslash followed by `{}`; it was probably double-escaped and meant `\\{}`",
                w[2] as char, w[2] as char, w[2] as char
            ));
            break;
        }
    }
    let trimmed = src.trim_start_matches('^').trim_end_matches('$');
    if trimmed.len() >= 2 && trimmed.starts_with('/') && (trimmed.ends_with('/') || trimmed.rsplit_once('/').is_some_and(|(_, flags)| flags.chars().all(|c| "gimsuy".contains(c)))) {
        out.push("it is wrapped in `/.../` like a JavaScript literal; Smithy patterns have no delimiters".into());
    }
    out
}
