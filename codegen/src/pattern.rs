//! Generation-time checks of `@pattern` values.
//!
//! The translation from Smithy (ECMA-262) patterns to the engine the
//! runtime uses is shared with the runtime, so a pattern that passes here is
//! one the generated crate can compile.

/// Whether the runtime can compile the pattern.
pub fn check(src: &str) -> Result<(), String> {
    client_runtime::validate::check_pattern(src)
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
