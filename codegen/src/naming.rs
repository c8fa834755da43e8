//! All naming: Smithy names to Rust identifiers.
//!
//! One keyword table (edition 2024), raw identifiers where Rust allows them
//! and a suffix where it does not. Clashes are detected by `lower`, which
//! reports the names that collide.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict and reserved keywords of edition 2024.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names that would shadow something generated code relies on in the same
/// module, so they get a suffix even though Rust would accept them.
const RESERVED_MEMBER: &[&str] = &["build", "builder", "meta", "send", "customize"];

/// A field or method name for a Smithy member.
pub fn member_name(smithy: &str) -> String {
    let mut snake = snake(smithy);
    if RESERVED_MEMBER.contains(&snake.as_str()) {
        snake.push_str("_value");
    }
    snake
}

/// snake_case that keeps digits attached the way heck does, never empty.
pub fn snake(smithy: &str) -> String {
    let s = smithy.to_snake_case();
    if s.is_empty() { "value".to_string() } else if s.starts_with(|c: char| c.is_ascii_digit()) { format!("_{s}") } else { s }
}

/// An UpperCamelCase type or variant name.
pub fn type_name(smithy: &str) -> String {
    let s = smithy.to_upper_camel_case();
    let s = if s.is_empty() { "Value".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) { format!("V{s}") } else { s };
    if s == "Self" { "SelfValue".into() } else { s }
}

/// An enum variant name for an enum value or member name (`SOFT_PHONE` -> `SoftPhone`).
pub fn variant_name(smithy: &str) -> String {
    let s = type_name(smithy);
    // `Unknown` is the variant that keeps values the model does not list.
    if s == "Unknown" { "UnknownValue".into() } else { s }
}

/// An identifier token, raw (`r#type`) or suffixed (`self_`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        if NOT_RAW.contains(&name) {
            return Ident::new(&format!("{name}_"), Span::call_site());
        }
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// `ident` for a name with a prefix such as `set_` or `is_` (never a keyword).
pub fn prefixed(prefix: &str, name: &str) -> Ident {
    Ident::new(&format!("{prefix}{}", name.trim_start_matches('_')), Span::call_site())
}

/// The module (file) name of an operation: snake case, with a `_` suffix
/// when that is a keyword (`Type` -> `type_`), so the name works both as a
/// path segment and as a file name.
pub fn module_name(smithy: &str) -> String {
    let s = snake(smithy);
    if KEYWORDS.contains(&s.as_str()) { format!("{s}_") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("crate").to_string(), "crate_");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn names_follow_the_official_sdk() {
        assert_eq!(member_name("SecondaryEmail"), "secondary_email");
        assert_eq!(member_name("ARN"), "arn");
        assert_eq!(variant_name("SOFT_PHONE"), "SoftPhone");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(member_name("Build"), "build_value");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("GetThing"), "get_thing");
    }
}
