//! The HTTP binding traits of structure members (Smithy 2.0 "HTTP
//! bindings"): what each one may target, which exclude each other, and what
//! must be unique within one structure. The serializers rely on these: a
//! header bound to a structure or query parameters bound to a list have no
//! wire form.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::Model;
use super::check::{describe, kind_of};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::AstMember;

/// Every member binding trait, by its short name.
pub(super) const BINDINGS: &[&str] = &["httpLabel", "httpQuery", "httpQueryParams", "httpHeader", "httpPrefixHeaders", "httpPayload", "httpResponseCode"];

/// Bindings that place a member in a request other than in its body.
const REQUEST_BINDINGS: &[&str] = &["httpLabel", "httpQuery", "httpQueryParams", "httpHeader", "httpPrefixHeaders"];
/// Bindings that place a member in a response other than in its body.
const RESPONSE_BINDINGS: &[&str] = &["httpHeader", "httpPrefixHeaders", "httpResponseCode"];

/// Headers the HTTP client, the server or the auth scheme sets (the spec's
/// "restricted HTTP headers"); a model that binds one is suspect, not invalid.
const RESTRICTED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "expect",
    "host",
    "max-forwards",
    "proxy-authenticate",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "www-authenticate",
    "x-forwarded-for",
];

/// The binding traits a member carries, by short name.
pub(super) fn bindings_of(m: &AstMember) -> Vec<&'static str> {
    BINDINGS.iter().copied().filter(|b| m.traits.contains_key(&format!("smithy.api#{b}"))).collect()
}

fn binding<'a>(m: &'a AstMember, short: &str) -> Option<&'a Value> {
    m.traits.get(&format!("smithy.api#{short}"))
}

/// A boolean, number, string (enums included) or timestamp: what labels,
/// query parameters and headers can carry as text.
pub(super) fn is_text_scalar(kind: &str) -> bool {
    matches!(
        kind,
        "boolean" | "string" | "enum" | "timestamp" | "byte" | "short" | "integer" | "intEnum" | "long" | "float" | "double" | "bigInteger" | "bigDecimal"
    )
}

/// A text scalar, or a list of them.
fn is_text_scalar_or_list(model: &Model, target: &str) -> bool {
    match kind_of(model, target) {
        Some("list") => model.get(target).and_then(|l| l.member.as_ref()).and_then(|m| kind_of(model, &m.target)).is_some_and(is_text_scalar),
        Some(k) => is_text_scalar(k),
        None => true,
    }
}

fn is_string(kind: Option<&str>) -> bool {
    matches!(kind, Some("string" | "enum"))
}

/// RFC 9110 `token`: the syntax of header field names and methods.
pub(super) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Checks the bindings of one member of any shape; only structure members
/// may carry them.
pub(super) fn check_member(model: &Model, file: &Path, id: &str, kind: &str, name: &str, m: &AstMember, diags: &mut Diagnostics) {
    let present = bindings_of(m);
    if present.is_empty() {
        return;
    }
    let mut err = |msg: String| diags.push(Diagnostic::error(file, Some(id), Some(name), msg));
    if kind != "structure" {
        for b in &present {
            err(format!("`@{b}` applies only to members of a structure, not of a {kind}"));
        }
        return;
    }
    if present.len() > 1 {
        let list: Vec<String> = present.iter().map(|b| format!("`@{b}`")).collect();
        err(format!("a member has one HTTP binding, not {}", list.join(" and ")));
    }
    let target = m.target.as_str();
    // An undefined target is already reported.
    let Some(tk) = kind_of(model, target) else {
        return;
    };
    let what = describe(model, target);
    for b in present {
        let value = binding(m, b);
        match b {
            "httpLabel" => {
                if !m.traits.contains_key("smithy.api#required") {
                    err("`@httpLabel` member must be `@required`".into());
                }
                if !is_text_scalar(tk) {
                    err(format!("`@httpLabel` must target a boolean, number, string or timestamp, not a {what}"));
                }
            }
            "httpHeader" => {
                match value.and_then(Value::as_str) {
                    Some(h) if is_token(h) => {}
                    Some(h) => err(format!("`@httpHeader` `{h}` is not a valid HTTP header name")),
                    None => err("`@httpHeader` must be a header name (a string)".into()),
                }
                if !is_text_scalar_or_list(model, target) {
                    err(format!("`@httpHeader` must target a boolean, number, string, timestamp or a list of them, not a {what}"));
                }
            }
            "httpQuery" => {
                if value.and_then(Value::as_str).is_none_or(str::is_empty) {
                    err("`@httpQuery` must be a non-empty parameter name".into());
                }
                if !is_text_scalar_or_list(model, target) {
                    err(format!("`@httpQuery` must target a boolean, number, string, timestamp or a list of them, not a {what}"));
                }
            }
            "httpQueryParams" if !query_params_target(model, target) => {
                err(format!("`@httpQueryParams` must target a map of strings or of lists of strings, not a {what}"));
            }
            "httpPrefixHeaders" => {
                match value.and_then(Value::as_str) {
                    Some(p) if p.is_empty() || is_token(p) => {}
                    Some(p) => err(format!("`@httpPrefixHeaders` prefix `{p}` is not a valid start of an HTTP header name")),
                    None => err("`@httpPrefixHeaders` must be a header name prefix (a string)".into()),
                }
                if !prefix_headers_target(model, target) {
                    err(format!("`@httpPrefixHeaders` must target a map of strings that is not `@sparse`, not a {what}"));
                }
            }
            // restJson1 and restXml permit no other payload (a list, say, has no body form).
            "httpPayload" if !matches!(tk, "structure" | "union" | "document" | "string" | "enum" | "blob") => {
                err(format!("`@httpPayload` must target a structure, union, document, string or blob, not a {what}"));
            }
            "httpResponseCode" => {
                if tk != "integer" {
                    err(format!("`@httpResponseCode` must target an integer, not a {what}"));
                }
                if model.get(id).is_some_and(|s| s.traits.contains_key("smithy.api#input")) {
                    err("`@httpResponseCode` cannot be in an `@input` structure (a request has no status code)".into());
                }
            }
            _ => {}
        }
    }
}

fn map_value_kind<'a>(model: &'a Model, target: &str) -> Option<(&'a str, &'a str)> {
    let map = model.get(target).filter(|s| s.kind == "map")?;
    let value = map.value.as_ref()?;
    Some((value.target.as_str(), kind_of(model, &value.target)?))
}

fn query_params_target(model: &Model, target: &str) -> bool {
    match map_value_kind(model, target) {
        Some((_, k)) if is_string(Some(k)) => true,
        Some((list, "list")) => is_string(model.get(list).and_then(|l| l.member.as_ref()).and_then(|m| kind_of(model, &m.target))),
        _ => false,
    }
}

fn prefix_headers_target(model: &Model, target: &str) -> bool {
    let sparse = model.get(target).is_some_and(|s| s.traits.contains_key("smithy.api#sparse"));
    !sparse && map_value_kind(model, target).is_some_and(|(_, k)| is_string(Some(k)))
}

/// The rules across the members of one structure: one payload, one query
/// map, one prefix map, unique header and query names, no header inside
/// the prefix-header namespace.
pub(super) fn check_structure(file: &Path, id: &str, members: &[(String, AstMember)], diags: &mut Diagnostics) {
    let err = |member: &str, msg: String| Diagnostic::error(file, Some(id), Some(member), msg);
    let mut out = Vec::new();
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, m) in members {
        for b in ["httpPayload", "httpQueryParams", "httpPrefixHeaders"] {
            if binding(m, b).is_some() {
                match first.get(b) {
                    Some(other) => out.push(err(name, format!("only one member of a structure can have `@{b}`; `{other}` has it too"))),
                    None => {
                        first.insert(b, name);
                    }
                }
            }
        }
    }
    let prefix = first.get("httpPrefixHeaders").and_then(|p| {
        let m = &members.iter().find(|(n, _)| n == p)?.1;
        Some((*p, binding(m, "httpPrefixHeaders")?.as_str()?))
    });
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    let mut queries: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, m) in members {
        if let Some(h) = binding(m, "httpHeader").and_then(Value::as_str) {
            let lower = h.to_ascii_lowercase();
            match headers.get(&lower) {
                Some(other) => out.push(err(name, format!("header `{h}` is also bound by member `{other}` (header names are case-insensitive)"))),
                None => {
                    headers.insert(lower.clone(), name);
                }
            }
            // An empty prefix takes every header, and a header bound to its own
            // member wins over the map (the protocol tests rely on that).
            if let Some((p, prefix)) = &prefix
                && !prefix.is_empty()
                && lower.starts_with(&prefix.to_ascii_lowercase())
            {
                out.push(err(name, format!("header `{h}` starts with the `@httpPrefixHeaders` prefix `{prefix}` of member `{p}`")));
            }
            if RESTRICTED_HEADERS.contains(&lower.as_str()) {
                out.push(Diagnostic::warning(
                    file,
                    Some(id),
                    Some(name),
                    format!("header `{h}` is set by the HTTP client or the auth scheme; binding it to a member is unlikely to work"),
                ));
            }
        }
        if let Some(q) = binding(m, "httpQuery").and_then(Value::as_str) {
            match queries.get(q) {
                Some(other) => out.push(err(name, format!("query parameter `{q}` is also bound by member `{other}`"))),
                None => {
                    queries.insert(q, name);
                }
            }
        }
    }
    for d in out {
        diags.push(d);
    }
}

/// With an `@httpPayload` member, every other member of an operation's
/// input (`request`), output or error must be bound outside the body: the
/// payload is the whole body.
pub(super) fn check_payload_exclusive(model: &Model, id: &str, request: bool, role: &str, diags: &mut Diagnostics) {
    let Some(members) = model.get(id).filter(|s| s.kind == "structure").and_then(|s| s.members.as_ref()) else {
        return;
    };
    let Some((payload, _)) = members.iter().find(|(_, m)| binding(m, "httpPayload").is_some()) else {
        return;
    };
    let (allowed, places) = if request { (REQUEST_BINDINGS, "a label, the query or a header") } else { (RESPONSE_BINDINGS, "a header or the status code") };
    let file = model.file_of(id);
    for (name, m) in members {
        // A second payload is reported by `check_structure`.
        if name != payload && binding(m, "httpPayload").is_none() && !allowed.iter().any(|b| binding(m, b).is_some()) {
            diags.push(Diagnostic::error(
                &file,
                Some(id),
                Some(name),
                format!("`{payload}` is the `@httpPayload` of this {role}, so this member must be bound to {places}, not the body"),
            ));
        }
    }
}
