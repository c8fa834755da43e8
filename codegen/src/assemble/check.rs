//! Checks on the merged model: every reference resolves, every shape has the
//! fields its type needs, and trait values make sense. All problems are
//! reported, not the first.

use serde_json::Value;

use super::{Model, check_http, check_ops};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::AstShape;

const SIMPLE: &[&str] = &[
    "blob", "boolean", "string", "byte", "short", "integer", "long", "float", "double", "bigInteger",
    "bigDecimal", "timestamp", "document",
];
const AGGREGATE: &[&str] = &["structure", "union", "enum", "intEnum", "list", "map"];
const SERVICE: &[&str] = &["service", "operation", "resource"];

/// The type of a shape, if defined.
pub(super) fn kind_of<'a>(model: &'a Model, id: &str) -> Option<&'a str> {
    model.get(id).map(|s| s.kind.as_str())
}

/// A shape's type for messages, with the element type of a list or map
/// (`list of structure`).
pub(super) fn describe(model: &Model, id: &str) -> String {
    let Some(shape) = model.get(id) else {
        return "undefined shape".into();
    };
    let inner = match shape.kind.as_str() {
        "list" => shape.member.as_ref(),
        "map" => shape.value.as_ref(),
        _ => None,
    };
    match inner.and_then(|m| kind_of(model, &m.target)) {
        Some(k) => format!("{} of {k}", shape.kind),
        None => shape.kind.clone(),
    }
}

/// ASCII letters, digits and `_`: every Smithy identifier, plus the
/// leading digit our naming also handles (`2fa` -> `_2fa`). Anything else
/// may have no Rust spelling at all.
fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

const NAME_RULE: &str = "ASCII letters, digits and `_`";

fn check_names(file: &std::path::Path, id: &str, shape: &AstShape, diags: &mut Diagnostics) {
    let (namespace, name) = id.split_once('#').unwrap_or(("", id));
    if !namespace.split('.').all(is_name) || !is_name(name) {
        diags.push(Diagnostic::error(file, Some(id), None, format!("a shape id must be `namespace#Name`, each part made of {NAME_RULE}")));
    }
    for (member, _) in shape.members.iter().flatten() {
        if !is_name(member) {
            diags.push(Diagnostic::error(file, Some(id), Some(member), format!("a member name must be made of {NAME_RULE}")));
        }
    }
    for (from, to) in &shape.rename {
        if !is_name(to) {
            diags.push(Diagnostic::error(file, Some(id), None, format!("`rename` of `{from}` to `{to}`: the new name must be made of {NAME_RULE}")));
        }
    }
    for def in shape.traits.get("smithy.api#enum").and_then(Value::as_array).into_iter().flatten() {
        match (def.get("name").and_then(Value::as_str), def.get("value").and_then(Value::as_str)) {
            (Some(n), _) if !is_name(n) => {
                diags.push(Diagnostic::error(file, Some(id), None, format!("`@enum` name `{n}` must be made of {NAME_RULE}")));
            }
            // Without a name the variant is spelled from the value, and naming
            // keeps non-ASCII letters and digits, which may not start a Rust
            // identifier (`½`): the emitter would panic.
            (None, Some(v)) if v.chars().any(|c| !c.is_ascii() && c.is_alphanumeric()) => {
                diags.push(Diagnostic::error(file, Some(id), None, format!("`@enum` value `{v}` needs a `name` (made of {NAME_RULE}) to be a Rust variant")));
            }
            _ => {}
        }
    }
}

/// Runs every check, reporting into `diags`.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    check_ops::check(model, diags);
    for (id, assembled) in &model.shapes {
        let file = &assembled.file;
        let shape = &assembled.shape;
        let kind = shape.kind.as_str();
        if !(SIMPLE.contains(&kind) || AGGREGATE.contains(&kind) || SERVICE.contains(&kind)) {
            diags.push(Diagnostic::error(file, Some(id), None, format!("unknown shape type `{kind}`")));
            continue;
        }
        check_names(file, id, shape, diags);
        for (name, m) in shape.members.iter().flatten() {
            check_http::check_member(model, file, id, kind, name, m, diags);
        }
        if kind == "structure" {
            check_http::check_structure(file, id, shape.members.as_deref().unwrap_or_default(), diags);
        }
        // Unit means "no value": only a union variant (or enum member) can be it.
        let slots = [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)];
        let members = shape.members.iter().flatten().map(|(n, m)| (n.as_str(), m)).filter(|_| kind == "structure");
        for (name, m) in members.chain(slots.iter().filter_map(|(n, m)| m.as_ref().map(|m| (*n, m)))) {
            if m.target == "smithy.api#Unit" {
                diags.push(Diagnostic::error(file, Some(id), Some(name), "only union members and operation input or output may target `smithy.api#Unit`"));
            }
        }
        let mut target = |member: Option<&str>, t: &str, what: &str| {
            if model.get(t).is_none() {
                diags.push(Diagnostic::error(file, Some(id), member, format!("{what} targets `{t}`, which is not defined")));
            }
        };
        for (name, m) in shape.members.iter().flatten() {
            target(Some(name), &m.target, "member");
        }
        for (slot, m) in [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)] {
            if let Some(m) = m {
                target(Some(slot), &m.target, slot);
            }
        }
        for t in shape.operations.iter().chain(&shape.resources).chain(&shape.errors).chain(&shape.collection_operations) {
            target(None, &t.target, "a binding");
        }
        for t in [&shape.input, &shape.output, &shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list]
            .into_iter()
            .flatten()
        {
            target(None, &t.target, "a binding");
        }
        match kind {
            "list" if shape.member.is_none() => {
                diags.push(Diagnostic::error(file, Some(id), None, "a list needs a `member`"));
            }
            "map" if shape.key.is_none() || shape.value.is_none() => {
                diags.push(Diagnostic::error(file, Some(id), None, "a map needs a `key` and a `value`"));
            }
            "map" => {
                let key = shape.key.as_ref().map(|k| k.target.as_str()).unwrap_or_default();
                if let Some(k) = model.get(key) {
                    if k.kind != "string" && k.kind != "enum" {
                        diags.push(Diagnostic::error(file, Some(id), Some("key"), format!("a map key must target a string or enum, not a {}", k.kind)));
                    }
                }
            }
            "enum" | "intEnum" => check_enum(file, id, shape, diags),
            _ => {}
        }
        check_traits(file, id, None, &shape.traits, diags);
        for (name, m) in shape.members.iter().flatten() {
            check_traits(file, id, Some(name), &m.traits, diags);
        }
        for (slot, m) in [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)] {
            if let Some(m) = m {
                check_traits(file, id, Some(slot), &m.traits, diags);
            }
        }
    }
}

fn check_enum(file: &std::path::Path, id: &str, shape: &AstShape, diags: &mut Diagnostics) {
    let mut seen = std::collections::BTreeMap::new();
    for (name, m) in shape.members.iter().flatten() {
        let value = m.traits.get("smithy.api#enumValue");
        let key = match (shape.kind.as_str(), value) {
            ("enum", None) => name.clone(),
            ("enum", Some(Value::String(s))) => s.clone(),
            ("intEnum", Some(Value::Number(n))) if n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()) => n.to_string(),
            ("intEnum", _) => {
                diags.push(Diagnostic::error(file, Some(id), Some(name), "an intEnum member needs an integer `smithy.api#enumValue`"));
                continue;
            }
            _ => {
                diags.push(Diagnostic::error(file, Some(id), Some(name), "`smithy.api#enumValue` of an enum member must be a string"));
                continue;
            }
        };
        if let Some(other) = seen.insert(key.clone(), name.clone()) {
            diags.push(Diagnostic::error(file, Some(id), Some(name), format!("enum value `{key}` is also used by member `{other}`")));
        }
    }
}

fn number(v: Option<&Value>) -> Result<Option<f64>, ()> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_f64().map(Some).ok_or(()),
        Some(_) => Err(()),
    }
}

fn check_traits(file: &std::path::Path, id: &str, member: Option<&str>, traits: &std::collections::BTreeMap<String, Value>, diags: &mut Diagnostics) {
    for name in ["smithy.api#length", "smithy.api#range"] {
        let Some(v) = traits.get(name) else { continue };
        let short = name.trim_start_matches("smithy.api#");
        match (number(v.get("min")), number(v.get("max"))) {
            (Ok(min), Ok(max)) => {
                if let (Some(min), Some(max)) = (min, max) {
                    if min > max {
                        diags.push(Diagnostic::error(file, Some(id), member, format!("`@{short}` has min {min} greater than max {max}")));
                    }
                }
                if short == "length" && (min.is_some_and(|m| m < 0.0 || m.fract() != 0.0) || max.is_some_and(|m| m < 0.0 || m.fract() != 0.0)) {
                    diags.push(Diagnostic::error(file, Some(id), member, "`@length` bounds must be non-negative integers"));
                }
                if min.is_none() && max.is_none() {
                    diags.push(Diagnostic::error(file, Some(id), member, format!("`@{short}` needs `min`, `max` or both")));
                }
            }
            _ => diags.push(Diagnostic::error(file, Some(id), member, format!("`@{short}` bounds must be numbers"))),
        }
    }
    if let Some(p) = traits.get("smithy.api#pattern") {
        match p.as_str() {
            None => diags.push(Diagnostic::error(file, Some(id), member, "`@pattern` must be a string")),
            Some(src) => {
                if let Err(e) = crate::pattern::check(src) {
                    diags.push(Diagnostic::error(file, Some(id), member, format!("`@pattern` does not compile: {e}")));
                } else {
                    for w in crate::pattern::suspicious(src) {
                        diags.push(Diagnostic::warning(file, Some(id), member, format!("`@pattern` `{src}` looks defective: {w}")));
                    }
                }
            }
        }
    }
    if let Some(fault) = traits.get("smithy.api#error")
        && !matches!(fault.as_str(), Some("client" | "server"))
    {
        diags.push(Diagnostic::error(file, Some(id), member, r#"`@error` must be "client" or "server""#));
    }
    if let Some(code) = traits.get("smithy.api#httpError") {
        if !code.as_u64().is_some_and(|c| (400..600).contains(&c)) {
            diags.push(Diagnostic::error(file, Some(id), member, "`@httpError` must be a status code from 400 to 599"));
        }
    }
}
