//! All naming: Smithy names to Rust identifiers.
//!
//! One keyword table (edition 2024), raw identifiers where Rust allows them
//! and a suffix where it does not. Clashes are detected by `lower`, which
//! reports the names that collide.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict and reserved keywords of edition 2024.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await",
    "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Methods generated next to member accessors and setters (on structures,
/// builders and fluent builders): a member of the same name gets a suffix.
const RESERVED_MEMBER: &[&str] = &["build", "builder", "meta", "send", "customize", "new", "as_input", "into_paginator", "build_corrected"];

/// Methods of the generated `Client`: an operation of the same name gets a suffix.
const RESERVED_CLIENT_METHOD: &[&str] = &["new", "from_conf", "config"];

/// The variant of an operation's error enum for errors the model does not list.
pub const UNHANDLED_VARIANT: &str = "Unhandled";

/// The service-wide error enum in `crate::error` (re-exported at the root).
pub const SERVICE_ERROR: &str = "Error";

/// The variant of enums and unions for values the model does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

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
    if s.is_empty() {
        "value".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
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

/// The client method of an operation (`GetThing` -> `get_thing`).
pub fn operation_method(op: &str) -> String {
    let s = snake(op);
    if RESERVED_CLIENT_METHOD.contains(&s.as_str()) { format!("{s}_operation") } else { s }
}

/// The variant of an operation's error enum for a modeled error.
pub fn error_variant(error_type: &str) -> String {
    if error_type == UNHANDLED_VARIANT { format!("{error_type}Error") } else { error_type.to_string() }
}

/// `is_x` of an error enum variant or union member.
pub fn is_fn(variant: &str) -> String {
    format!("is_{}", snake(variant).trim_start_matches('_'))
}

/// `as_x` of a union member.
pub fn as_fn(variant: &str) -> String {
    format!("as_{}", snake(variant).trim_start_matches('_'))
}

/// `set_x` of a builder.
pub fn setter(member: &str) -> String {
    format!("set_{}", member.trim_start_matches('_'))
}

/// `get_x` of a builder.
pub fn getter(member: &str) -> String {
    format!("get_{}", member.trim_start_matches('_'))
}

/// The builder type of a structure.
pub fn builder_type(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The file stem of a type's module in `types` or `types::error`.
pub fn type_module(type_name: &str) -> String {
    format!("_{}", snake(type_name))
}

/// The input, output and error types of an operation, and its builders.
pub fn operation_input(op: &str) -> String {
    format!("{op}Input")
}

/// See [`operation_input`].
pub fn operation_output(op: &str) -> String {
    format!("{op}Output")
}

/// See [`operation_input`].
pub fn operation_error(op: &str) -> String {
    format!("{op}Error")
}

/// See [`operation_input`].
pub fn fluent_builder(op: &str) -> String {
    format!("{op}FluentBuilder")
}

/// See [`operation_input`].
pub fn paginator(op: &str) -> String {
    format!("{op}Paginator")
}

/// The items paginator of an operation (`paginator.items()`).
pub fn paginator_items(op: &str) -> String {
    format!("{op}PaginatorItems")
}

/// The function reading an error structure from a response (in `types::error`).
pub fn error_deserializer(error_type: &str) -> String {
    format!("de_{}_error", snake(error_type))
}

/// The function reading an operation's error enum (in its module).
pub fn operation_error_deserializer(op_module: &str) -> String {
    format!("de_{}_error", op_module.trim_end_matches('_'))
}

/// The module of a shape's (de)serializers in `protocol_serde`.
pub fn wire_module(wire_name: &str) -> String {
    format!("shape_{wire_name}")
}

/// The deserializer function of a shape.
pub fn de_fn(wire_name: &str) -> String {
    format!("de_{wire_name}")
}

/// The serializer function of a shape.
pub fn ser_fn(wire_name: &str) -> String {
    format!("ser_{wire_name}")
}

/// The `static` holding the `n`th pattern a file uses.
pub fn pattern_static(n: usize) -> String {
    format!("PATTERN_{n}")
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

/// The handler-registering method of an operation on a generated `Fake`:
/// the client method's name, with `_handler` added where it would be one
/// of `Fake`'s own methods.
pub fn fake_handler(method: &str) -> String {
    const OWN: &[&str] = &["builder", "url", "addr", "faults", "received", "requests", "handle"];
    if OWN.contains(&method) { format!("{method}_handler") } else { method.to_string() }
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
