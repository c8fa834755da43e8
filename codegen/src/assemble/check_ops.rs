//! Operations: what their input, output and errors target, how `@input` and
//! `@output` structures are used, the `@http` URI pattern and its labels,
//! and the `@endpoint` host prefix and its labels.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::Model;
use super::check::{describe, kind_of};
use super::check_http::{check_payload_exclusive, is_token};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{AstMember, AstShape};

const UNIT: &str = "smithy.api#Unit";

/// Runs the operation checks over the whole model.
pub(super) fn check(model: &Model, diags: &mut Diagnostics) {
    // Which operations use each structure as input and as output.
    let mut as_input: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut as_output: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, a) in &model.shapes {
        let shape = &a.shape;
        match shape.kind.as_str() {
            "operation" => {
                check_io(model, &a.file, id, shape, diags);
                check_errors(model, &a.file, id, &shape.errors, diags);
                if let Some(t) = &shape.input {
                    as_input.entry(&t.target).or_default().push(id);
                }
                if let Some(t) = &shape.output {
                    as_output.entry(&t.target).or_default().push(id);
                }
                if let Some(http) = shape.traits.get("smithy.api#http") {
                    check_http(model, &a.file, id, shape, http, diags);
                }
                if let Some(endpoint) = shape.traits.get("smithy.api#endpoint") {
                    check_endpoint(model, &a.file, id, shape, endpoint, diags);
                }
            }
            "service" => check_errors(model, &a.file, id, &shape.errors, diags),
            "structure" if shape.traits.contains_key("smithy.api#error") => {
                check_payload_exclusive(model, id, false, "error", diags);
            }
            _ => {}
        }
    }
    check_io_traits(model, &as_input, &as_output, diags);
}

fn input_of(shape: &AstShape) -> &str {
    shape.input.as_ref().map(|t| t.target.as_str()).unwrap_or(UNIT)
}

fn check_io(model: &Model, file: &Path, id: &str, shape: &AstShape, diags: &mut Diagnostics) {
    for (role, t) in [("input", &shape.input), ("output", &shape.output)] {
        let Some(t) = t else { continue };
        let Some(target) = model.get(&t.target) else {
            continue;
        };
        if target.kind != "structure" {
            diags.push(Diagnostic::error(file, Some(id), None, format!("the {role} must target a structure, not a {}", target.kind)));
        } else if target.traits.contains_key("smithy.api#error") {
            diags.push(Diagnostic::error(file, Some(id), None, format!("the {role} targets `{}`, which is an `@error` structure", t.target)));
        }
    }
}

fn check_errors(model: &Model, file: &Path, id: &str, errors: &[crate::load::Target], diags: &mut Diagnostics) {
    for e in errors {
        let Some(target) = model.get(&e.target) else {
            continue;
        };
        if target.kind != "structure" {
            diags.push(Diagnostic::error(file, Some(id), None, format!("error `{}` must be a structure, not a {}", e.target, target.kind)));
        } else if !target.traits.contains_key("smithy.api#error") {
            diags.push(Diagnostic::error(file, Some(id), None, format!("error `{}` lacks the `smithy.api#error` trait", e.target)));
        }
    }
}

/// `@input` and `@output` structures belong to one operation each and to
/// nothing else.
fn check_io_traits(model: &Model, as_input: &BTreeMap<&str, Vec<&str>>, as_output: &BTreeMap<&str, Vec<&str>>, diags: &mut Diagnostics) {
    let marked = |id: &str, t: &str| model.get(id).is_some_and(|s| s.traits.contains_key(t));
    for (role, uses, other_role, other) in [("input", as_input, "output", as_output), ("output", as_output, "input", as_input)] {
        let trait_id = format!("smithy.api#{role}");
        for (target, ops) in uses {
            if marked(target, &trait_id) && ops.len() > 1 {
                let list: Vec<String> = ops.iter().map(|o| format!("`{o}`")).collect();
                diags.push(Diagnostic::error(
                    &model.file_of(target),
                    Some(target),
                    None,
                    format!("an `@{role}` structure is the {role} of one operation, not of {}", list.join(", ")),
                ));
            }
        }
        for (target, ops) in other {
            if marked(target, &trait_id) {
                for op in ops {
                    diags.push(Diagnostic::error(
                        &model.file_of(op),
                        Some(op),
                        None,
                        format!("the {other_role} targets `{target}`, which is marked `@{role}`"),
                    ));
                }
            }
        }
    }
    for (id, a) in &model.shapes {
        let shape = &a.shape;
        let named = shape.members.iter().flatten().map(|(n, m)| (n.as_str(), m));
        let slots = [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)];
        let all = named.chain(slots.into_iter().filter_map(|(n, m)| m.as_ref().map(|m| (n, m))));
        for (name, m) in all {
            for role in ["input", "output"] {
                if marked(&m.target, &format!("smithy.api#{role}")) {
                    diags.push(Diagnostic::error(
                        &a.file,
                        Some(id),
                        Some(name),
                        format!("member targets `{}`, which is marked `@{role}`: only an operation's {role} may", m.target),
                    ));
                }
            }
        }
        let t = &shape.traits;
        for (x, y) in [("input", "output"), ("input", "error"), ("output", "error")] {
            if t.contains_key(&format!("smithy.api#{x}")) && t.contains_key(&format!("smithy.api#{y}")) {
                diags.push(Diagnostic::error(&a.file, Some(id), None, format!("`@{x}` and `@{y}` cannot be on the same structure")));
            }
        }
    }
}

/// One segment of a URI path: a literal or a `{label}` / `{label+}`.
enum Segment<'a> {
    Literal,
    Label { name: &'a str, greedy: bool },
}

fn check_http(model: &Model, file: &Path, id: &str, shape: &AstShape, http: &Value, diags: &mut Diagnostics) {
    let mut err = |msg: String| diags.push(Diagnostic::error(file, Some(id), None, msg));
    match http.get("method").and_then(Value::as_str) {
        Some(m) if is_token(m) => {}
        Some(m) => err(format!("`@http` method `{m}` is not an HTTP method token")),
        None => err("`@http` needs a `method`".into()),
    }
    if let Some(code) = http.get("code")
        && !code.as_u64().is_some_and(|c| (100..=999).contains(&c))
    {
        err("`@http` `code` must be an integer from 100 to 999".into());
    }
    let Some(uri) = http.get("uri").and_then(Value::as_str).filter(|u| u.starts_with('/')) else {
        err("`@http` needs a `uri` starting with `/`".into());
        return;
    };
    if uri.contains('#') {
        err(format!("the URI `{uri}` must not contain a fragment (`#`)"));
    }
    if uri.ends_with('?') {
        err(format!("the URI `{uri}` must not end with `?`"));
    }
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    if path.contains("//") {
        err(format!("the URI `{uri}` must not contain an empty path segment (`//`)"));
    }
    if query.contains(['{', '}']) {
        err(format!("the query part of the URI `{uri}` must not contain labels"));
    }
    for literal in query.split('&').filter(|q| !q.is_empty()) {
        if literal.starts_with('=') {
            err(format!("query literal `{literal}` of the URI `{uri}` has no name"));
        }
    }
    let mut segments = Vec::new();
    for seg in path.split('/').skip(1) {
        if seg == "." || seg == ".." {
            err(format!("the URI `{uri}` must not contain the dot segment `{seg}`"));
        }
        if !seg.contains(['{', '}']) {
            segments.push(Segment::Literal);
            continue;
        }
        let inner = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')).filter(|s| !s.contains(['{', '}']));
        let Some(inner) = inner else {
            err(format!("URI segment `{seg}` must be a whole label (`{{name}}` or `{{name+}}`) or a literal without braces"));
            continue;
        };
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(n) => (n, true),
            None => (inner, false),
        };
        if name.is_empty() {
            err(format!("URI segment `{seg}` has an empty label name"));
            continue;
        }
        segments.push(Segment::Label { name, greedy });
    }
    let labels: Vec<(&str, bool)> = segments
        .iter()
        .filter_map(|s| match s {
            Segment::Label { name, greedy } => Some((*name, *greedy)),
            Segment::Literal => None,
        })
        .collect();
    if labels.iter().filter(|(_, g)| *g).count() > 1 {
        err(format!("the URI `{uri}` has more than one greedy label"));
    }
    let mut seen = BTreeSet::new();
    for (name, _) in &labels {
        if !seen.insert(*name) {
            err(format!("URI label `{{{name}}}` appears more than once"));
        }
    }
    check_labels(model, id, shape, uri, &labels, diags);
    let input = input_of(shape);
    check_payload_exclusive(model, input, true, "input", diags);
    if let Some(output) = &shape.output {
        check_payload_exclusive(model, &output.target, false, "output", diags);
    }
}

/// Each URI label binds exactly one `@httpLabel` member of the input, and
/// each `@httpLabel` member of the input is in the URI.
fn check_labels(model: &Model, id: &str, shape: &AstShape, uri: &str, labels: &[(&str, bool)], diags: &mut Diagnostics) {
    let input = input_of(shape);
    let members: &[(String, AstMember)] = model.get(input).filter(|s| s.kind == "structure").and_then(|s| s.members.as_deref()).unwrap_or_default();
    // `@resourceIdentifier` renames the label a member binds.
    let label_name =
        |(n, m): &(String, AstMember)| -> String { m.traits.get("smithy.api#resourceIdentifier").and_then(Value::as_str).unwrap_or(n).to_string() };
    let bound: Vec<(String, &str, &AstMember)> =
        members.iter().filter(|(_, m)| m.traits.contains_key("smithy.api#httpLabel")).map(|pair| (label_name(pair), pair.0.as_str(), &pair.1)).collect();
    let file = model.file_of(id);
    let input_file = model.file_of(input);
    for (label, greedy) in labels {
        let shown = if *greedy { format!("{{{label}+}}") } else { format!("{{{label}}}") };
        match bound.iter().find(|(l, _, _)| l == label) {
            None => diags.push(Diagnostic::error(&file, Some(id), None, format!("URI label `{shown}` has no `@httpLabel` member in the input"))),
            Some((_, name, m)) if *greedy => {
                let kind = kind_of(model, &m.target);
                if kind.is_some_and(|k| k != "string" && k != "enum") {
                    diags.push(Diagnostic::error(
                        &input_file,
                        Some(input),
                        Some(name),
                        format!("greedy label `{shown}` of `{id}` must target a string, not a {}", describe(model, &m.target)),
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for (label, name, _) in &bound {
        if !labels.iter().any(|(l, _)| l == label) {
            diags.push(Diagnostic::error(&input_file, Some(input), Some(name), format!("`@httpLabel` member is not in the URI `{uri}` of `{id}`")));
        }
    }
}

/// `@endpoint(hostPrefix)`: each `{label}` binds a required string
/// `@hostLabel` member of the input, and each such member is in the prefix.
fn check_endpoint(model: &Model, file: &Path, id: &str, shape: &AstShape, endpoint: &Value, diags: &mut Diagnostics) {
    let Some(prefix) = endpoint.get("hostPrefix").and_then(Value::as_str) else {
        diags.push(Diagnostic::error(file, Some(id), None, "`@endpoint` needs a string `hostPrefix`"));
        return;
    };
    let mut labels = Vec::new();
    let mut rest = prefix;
    while let Some(open) = rest.find(['{', '}']) {
        let after = &rest[open + 1..];
        match (rest.as_bytes()[open], after.find(['{', '}'])) {
            (b'{', Some(close)) if after.as_bytes()[close] == b'}' && close > 0 => {
                labels.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => {
                diags.push(Diagnostic::error(file, Some(id), None, format!("`@endpoint` hostPrefix `{prefix}` has an unmatched or empty `{{}}`")));
                return;
            }
        }
    }
    let input = input_of(shape);
    let members: &[(String, AstMember)] = model.get(input).filter(|s| s.kind == "structure").and_then(|s| s.members.as_deref()).unwrap_or_default();
    let input_file = model.file_of(input);
    for label in &labels {
        match members.iter().find(|(n, m)| n == label && m.traits.contains_key("smithy.api#hostLabel")) {
            None => diags.push(Diagnostic::error(file, Some(id), None, format!("hostPrefix label `{{{label}}}` has no `@hostLabel` member in the input"))),
            Some((name, m)) => {
                if !m.traits.contains_key("smithy.api#required") {
                    diags.push(Diagnostic::error(&input_file, Some(input), Some(name), "`@hostLabel` member must be `@required`"));
                }
                if kind_of(model, &m.target).is_some_and(|k| k != "string") {
                    diags.push(Diagnostic::error(
                        &input_file,
                        Some(input),
                        Some(name),
                        format!("`@hostLabel` must target a string, not a {}", describe(model, &m.target)),
                    ));
                }
            }
        }
    }
    for (name, m) in members {
        if m.traits.contains_key("smithy.api#hostLabel") && !labels.contains(&name.as_str()) {
            diags.push(Diagnostic::error(&input_file, Some(input), Some(name), format!("`@hostLabel` member is not in the hostPrefix `{prefix}` of `{id}`")));
        }
    }
}
