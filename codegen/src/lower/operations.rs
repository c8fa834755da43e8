//! Operations: input, output, errors, the HTTP binding, host prefix and
//! pagination, resolved against the lowered structures.

use std::collections::BTreeSet;

use serde_json::Value;

use super::ir::*;
use super::shapes::Lowerer;
use super::{UNIT, deprecated_of, docs_of, local_name};
use crate::load::AstShape;
use crate::naming;

impl Lowerer<'_> {
    fn struct_ref(&self, id: Option<&str>, op_id: &str, what: &str) -> Option<StructRef> {
        let key = match id.filter(|t| *t != UNIT) {
            Some(t) => t.to_string(),
            None => format!("{op_id}${what}"),
        };
        match self.refs.get(&key) {
            Some(Target::Structure(s)) => Some(*s),
            _ => None,
        }
    }

    /// Lowers a generated operation.
    pub(super) fn operation(&mut self, id: &str, service_errors: &[String], service_paginated: Option<&Value>) -> Option<Operation> {
        let model = self.model;
        let shape = model.get(id)?;
        let name = naming::type_name(local_name(id));
        let (Some(input), Some(output)) = (
            self.struct_ref(shape.input.as_ref().map(|t| t.target.as_str()), id, "input"),
            self.struct_ref(shape.output.as_ref().map(|t| t.target.as_str()), id, "output"),
        ) else {
            self.error(id, None, "an operation's input and output must be structures");
            return None;
        };
        let mut errors = Vec::new();
        let mut retryable_errors = Vec::new();
        let mut error_ids: Vec<&str> = shape.errors.iter().map(|t| t.target.as_str()).chain(service_errors.iter().map(String::as_str)).collect();
        error_ids.sort_by_key(|e| local_name(e).to_string());
        error_ids.dedup();
        for e in error_ids {
            match self.refs.get(e) {
                Some(Target::Structure(s)) if matches!(self.structures[s.0 as usize].role, Role::Error { .. }) => {
                    errors.push(*s);
                    let error_shape = model.get(e);
                    if error_shape.is_some_and(|s| s.traits.contains_key("smithy.api#retryable")) {
                        retryable_errors.push(local_name(e).to_string());
                        // An awsQueryCompatible service reports the query error code instead.
                        let query_code =
                            error_shape.and_then(|s| s.traits.get("aws.protocols#awsQueryError")).and_then(|q| q.get("code")).and_then(Value::as_str);
                        retryable_errors.extend(query_code.map(str::to_string));
                    }
                }
                _ => self.error(id, None, format!("error `{e}` must be a structure with the `@error` trait")),
            }
        }
        let http = self.http(id, shape, input)?;
        let host_prefix = self.host_prefix(id, shape, input);
        let paginated = self.paginated(id, shape, service_paginated, input, output);
        Some(Operation {
            id: ShapeId::new(id),
            method: naming::operation_method(local_name(id)),
            module: naming::module_name(local_name(id)),
            name,
            input,
            output,
            errors,
            http,
            docs: docs_of(&shape.traits).unwrap_or_else(|| format!("Calls the `{id}` operation.")),
            deprecated: deprecated_of(&shape.traits),
            paginated,
            retryable_errors,
            host_prefix,
            checksum_required: shape.traits.contains_key("smithy.api#httpChecksumRequired"),
            unit_input: shape.input.as_ref().is_none_or(|t| t.target == UNIT),
            unit_output: shape.output.as_ref().is_none_or(|t| t.target == UNIT),
            request_compression: shape
                .traits
                .get("smithy.api#requestCompression")
                .and_then(|t| t.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|e| e.as_str().is_some_and(|e| e.eq_ignore_ascii_case("gzip")))),
            // Filled in by `lower` once the rule set is lowered.
            endpoint_params: Vec::new(),
            // Filled in by `lower`, which has the service shape.
            auth: Auth::SigV4,
        })
    }

    fn http(&mut self, id: &str, shape: &AstShape, input: StructRef) -> Option<Http> {
        // RPC protocols send every operation as `POST /`, whatever `@http` says.
        if !self.protocol.is_none_or(Protocol::http_bindings) {
            return Some(Http { method: HttpMethod::Post, path: Vec::new(), query_literals: Vec::new(), code: 200 });
        }
        let Some(h) = shape.traits.get("smithy.api#http") else {
            self.error(id, None, "an operation of an HTTP-binding protocol (restJson1) needs the `smithy.api#http` trait");
            return None;
        };
        let method_text = h.get("method").and_then(Value::as_str).unwrap_or("");
        let uri = h.get("uri").and_then(Value::as_str).unwrap_or("");
        if method_text.is_empty() || !uri.starts_with('/') {
            self.error(id, None, "`@http` needs a `method` and a `uri` starting with `/`");
            return None;
        }
        let Some(method) = HttpMethod::ALL.into_iter().find(|m| m.as_str() == method_text) else {
            let known: Vec<&str> = HttpMethod::ALL.iter().map(|m| m.as_str()).collect();
            self.error(id, None, format!("`@http` method `{method_text}` is not one of {}", known.join(", ")));
            return None;
        };
        let code = match h.get("code") {
            None => 200,
            Some(c) => match c.as_u64().and_then(|c| u16::try_from(c).ok()).filter(|c| (100..=599).contains(c)) {
                Some(c) => c,
                None => {
                    self.error(id, None, format!("`@http` code `{c}` is not an HTTP status code"));
                    return None;
                }
            },
        };
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let input_id = self.structures[input.0 as usize].id.as_str().to_string();
        let labels: Vec<(usize, String)> = self.structures[input.0 as usize]
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.binding == Binding::Label)
            .map(|(i, m)| (i, m.name.clone()))
            .collect();
        let mut segments = Vec::new();
        let mut used = BTreeSet::new();
        for seg in path.split('/').skip(1) {
            if let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let (member, greedy) = match label.strip_suffix('+') {
                    Some(m) => (m, true),
                    None => (label, false),
                };
                match labels.iter().find(|(_, n)| n == member) {
                    Some((i, _)) => {
                        used.insert(*i);
                        segments.push(PathSegment::Label { member: *i, greedy });
                    }
                    None => self.error(id, None, format!("URI label `{{{label}}}` has no `@httpLabel` member in the input")),
                }
            } else {
                segments.push(PathSegment::Literal(seg.to_string()));
            }
        }
        for (i, l) in &labels {
            if !used.contains(i) {
                self.error(&input_id, Some(l), format!("`@httpLabel` member is not in the URI `{uri}` of `{id}`"));
            }
        }
        let query_literals = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (q.to_string(), None),
            })
            .collect();
        Some(Http { method, path: segments, query_literals, code })
    }

    /// `@endpoint(hostPrefix: "foo.{Label}.")`: literal text and labels, each
    /// label an `@hostLabel` string member of the input.
    fn host_prefix(&mut self, id: &str, shape: &AstShape, input: StructRef) -> Option<Vec<HostPrefixSegment>> {
        let endpoint = shape.traits.get("smithy.api#endpoint")?;
        let Some(pattern) = endpoint.get("hostPrefix").and_then(Value::as_str) else {
            self.error(id, None, "`@endpoint` needs a string `hostPrefix`");
            return None;
        };
        let members = &self.structures[input.0 as usize].members;
        let input_ast = self.model.get(self.structures[input.0 as usize].id.as_str());
        let is_host_label = |name: &str| {
            input_ast
                .and_then(|s| s.members.as_ref())
                .and_then(|ms| ms.iter().find(|(n, _)| n == name))
                .is_some_and(|(_, m)| m.traits.contains_key("smithy.api#hostLabel"))
        };
        let mut parts = Vec::new();
        let mut problems = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(HostPrefixSegment::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                problems.push(format!("`@endpoint` host prefix `{pattern}` has a `{{` without a `}}`"));
                break;
            };
            let label = &rest[open + 1..open + close];
            match members.iter().position(|m| m.name == label) {
                Some(i) if members[i].target == Target::Scalar(Scalar::String) && is_host_label(label) => parts.push(HostPrefixSegment::Label(i)),
                Some(_) => problems.push(format!("`@endpoint` host label `{{{label}}}` must name a string input member with `@hostLabel`")),
                None => problems.push(format!("`@endpoint` host label `{{{label}}}` names no input member")),
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() && problems.is_empty() {
            parts.push(HostPrefixSegment::Literal(rest.to_string()));
        }
        for p in problems.iter() {
            self.error(id, None, p.clone());
        }
        problems.is_empty().then_some(parts)
    }

    /// Paginators are generated for top-level string tokens; the service's
    /// `@paginated` supplies defaults for the operation's.
    fn paginated(&mut self, id: &str, shape: &AstShape, service: Option<&Value>, input: StructRef, output: StructRef) -> Option<Paginated> {
        let p = shape.traits.get("smithy.api#paginated")?;
        let field = |k: &str| p.get(k).or_else(|| service.and_then(|s| s.get(k))).and_then(Value::as_str).map(str::to_string);
        let find = |s: StructRef, name: Option<String>| -> Option<usize> {
            let name = name.filter(|n| !n.contains('.'))?;
            self.structures[s.0 as usize].members.iter().position(|m| m.name == name && m.nullable && m.target == Target::Scalar(Scalar::String))
        };
        let top_level = |s: StructRef, key: &str, fits: fn(&Target) -> bool| -> Option<usize> {
            let name = field(key).filter(|n| !n.contains('.'))?;
            self.structures[s.0 as usize].members.iter().position(|m| m.name == name && fits(&m.target))
        };
        let items = top_level(output, "items", |t| matches!(t, Target::List(_) | Target::Map(_)));
        let page_size = top_level(input, "pageSize", |t| matches!(t, Target::Scalar(Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long)));
        let tokens = (find(input, field("inputToken")), find(output, field("outputToken")));
        if field("items").is_some() && items.is_none() {
            self.warn(id, None, "no `items()` on its paginator: `items` is not a top-level list or map member of the output");
        }
        match tokens {
            (Some(input_token), Some(output_token)) => Some(Paginated { input_token, output_token, items, page_size }),
            _ => {
                self.warn(id, None, "no paginator: its tokens are not optional top-level string members");
                None
            }
        }
    }
}

/// Auth traits a service can carry (Smithy's and AWS's).
const AUTH_TRAITS: [&str; 6] =
    ["aws.auth#sigv4", "aws.auth#sigv4a", "smithy.api#httpBasicAuth", "smithy.api#httpBearerAuth", "smithy.api#httpDigestAuth", "smithy.api#httpApiKeyAuth"];

/// How `op` of `service` authenticates: its effective auth schemes are the
/// operation's `@auth`, else the service's, else every auth trait of the
/// service. An empty list is [`Auth::None`]; a model that says nothing about
/// auth at all is signed (every AWS service has `aws.auth#sigv4`). A list
/// naming only schemes this generator does not implement is signed with
/// SigV4 as well, and the message returned says so for a warning.
pub(super) fn auth_of(service: &AstShape, op: &AstShape) -> (Auth, Option<String>) {
    fn listed(s: &AstShape) -> Option<Vec<&str>> {
        s.traits.get("smithy.api#auth").map(|a| a.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default())
    }
    let applied: Vec<&str> = service.traits.keys().map(String::as_str).filter(|k| AUTH_TRAITS.contains(k)).collect();
    let effective = match listed(op).or_else(|| listed(service)) {
        Some(list) => list,
        None if applied.is_empty() => return (Auth::SigV4, None),
        None => applied,
    };
    if effective.is_empty() {
        return (Auth::None, None);
    }
    let auth = if op.traits.contains_key("smithy.api#optionalAuth") { Auth::OptionalSigV4 } else { Auth::SigV4 };
    let warning = (!effective.contains(&"aws.auth#sigv4"))
        .then(|| format!("auth schemes {} are not supported by this generator; requests are signed with SigV4", effective.join(", ")));
    (auth, warning)
}
