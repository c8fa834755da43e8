//! Lowering of individual shapes and operations.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use super::ir::*;
use super::{deprecated_of, docs_of, local_name};
use crate::assemble::Model;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{AstMember, AstShape};
use crate::naming;

pub(super) struct Lowerer<'a> {
    model: &'a Model,
    renames: BTreeMap<String, String>,
    diags: &'a mut Diagnostics,
    queue: Vec<String>,
    shapes: BTreeMap<String, Shape>,
    /// Shapes some member targets (they cannot be renamed to `{Op}Input`).
    member_targets: BTreeSet<String>,
    io_roles: BTreeMap<String, Vec<Role>>,
    failed: bool,
}

impl<'a> Lowerer<'a> {
    pub(super) fn new(model: &'a Model, renames: BTreeMap<String, String>, diags: &'a mut Diagnostics) -> Self {
        Self {
            model,
            renames,
            diags,
            queue: Vec::new(),
            shapes: BTreeMap::new(),
            member_targets: BTreeSet::new(),
            io_roles: BTreeMap::new(),
            failed: false,
        }
    }

    fn file(&self, id: &str) -> PathBuf {
        self.model.file_of(id)
    }

    fn error(&mut self, id: &str, member: Option<&str>, msg: impl Into<String>) {
        let file = self.file(id);
        self.diags.push(Diagnostic::error(&file, Some(id), member, msg));
        self.failed = true;
    }

    fn warn(&mut self, id: &str, member: Option<&str>, msg: impl Into<String>) {
        let file = self.file(id);
        self.diags.push(Diagnostic::warning(&file, Some(id), member, msg));
    }

    /// The Rust type name of a shape (service `rename` applies).
    fn rust_name(&self, id: &str) -> String {
        naming::type_name(self.renames.get(id).map(String::as_str).unwrap_or(local_name(id)))
    }

    /// Queues a shape for lowering; `from_member` records that a member targets it.
    pub(super) fn reach(&mut self, id: &str, from_member: Option<()>) {
        if id == "smithy.api#Unit" {
            return;
        }
        if from_member.is_some() {
            self.member_targets.insert(id.to_string());
        }
        if !self.shapes.contains_key(id) && !self.queue.iter().any(|q| q == id) {
            self.queue.push(id.to_string());
        }
    }

    pub(super) fn operation(&mut self, id: &str, service_errors: &[String], service_paginated: Option<&Value>) -> Option<Operation> {
        let model = self.model;
        let shape = model.get(id)?;
        let name = naming::type_name(local_name(id));
        let input = shape.input.as_ref().map(|t| t.target.clone()).unwrap_or_else(|| "smithy.api#Unit".into());
        let output = shape.output.as_ref().map(|t| t.target.clone()).unwrap_or_else(|| "smithy.api#Unit".into());
        for (io, role) in [(&input, Role::Input(name.clone())), (&output, Role::Output(name.clone()))] {
            if let Some(stream) = self.event_stream_member(io) {
                self.warn(id, None, format!("event streams are not supported yet (member `{stream}`); the operation is not generated"));
                return None;
            }
            self.io_roles.entry(io.clone()).or_default().push(role);
            self.reach(io, None);
        }
        let Some(http) = self.http(id, shape, &input) else { return None };
        let mut errors: Vec<String> = shape.errors.iter().map(|t| t.target.clone()).chain(service_errors.iter().cloned()).collect();
        errors.sort_by_key(|e| local_name(e).to_string());
        errors.dedup();
        let mut retryable_errors = Vec::new();
        for e in &errors {
            self.reach(e, None);
            if model.get(e).is_some_and(|s| s.traits.contains_key("smithy.api#retryable")) {
                retryable_errors.push(local_name(e).to_string());
            }
        }
        // The service's `@paginated` supplies defaults for its operations'.
        let paginated = shape.traits.get("smithy.api#paginated").map(|p| {
            let field = |k: &str| {
                p.get(k).or_else(|| service_paginated.and_then(|s| s.get(k))).and_then(Value::as_str).map(str::to_string)
            };
            Paginated { input_token: field("inputToken"), output_token: field("outputToken"), items: field("items"), page_size: field("pageSize") }
        });
        Some(Operation {
            id: id.to_string(),
            snake: naming::snake(local_name(id)),
            name,
            input,
            output,
            errors,
            http,
            docs: docs_of(&shape.traits).unwrap_or_else(|| format!("Calls the `{id}` operation.")),
            deprecated: deprecated_of(&shape.traits),
            paginated,
            retryable_errors,
            host_prefix: shape.traits.get("smithy.api#endpoint").and_then(|e| e.get("hostPrefix")).and_then(Value::as_str).map(str::to_string),
            checksum_required: shape.traits.contains_key("smithy.api#httpChecksumRequired"),
        })
    }

    fn event_stream_member(&self, io: &str) -> Option<String> {
        let shape = self.model.get(io)?;
        shape.members.iter().flatten().find_map(|(name, m)| {
            let t = self.model.get(&m.target)?;
            (t.kind == "union" && t.traits.contains_key("smithy.api#streaming")).then(|| name.clone())
        })
    }

    fn http(&mut self, id: &str, shape: &AstShape, input: &str) -> Option<Http> {
        let Some(h) = shape.traits.get("smithy.api#http") else {
            self.error(id, None, "a restJson1 operation needs the `smithy.api#http` trait");
            return None;
        };
        let method = h.get("method").and_then(Value::as_str).unwrap_or("").to_string();
        let uri = h.get("uri").and_then(Value::as_str).unwrap_or("");
        let code = h.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
        if method.is_empty() || !uri.starts_with('/') {
            self.error(id, None, "`@http` needs a `method` and a `uri` starting with `/`");
            return None;
        }
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut segments = Vec::new();
        let labels: BTreeSet<String> = self
            .model
            .get(input)
            .and_then(|s| s.members.as_ref())
            .map(|ms| ms.iter().filter(|(_, m)| m.traits.contains_key("smithy.api#httpLabel")).map(|(n, _)| n.clone()).collect())
            .unwrap_or_default();
        let mut used = BTreeSet::new();
        for seg in path.split('/').skip(1) {
            if let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let (member, greedy) = match label.strip_suffix('+') {
                    Some(m) => (m.to_string(), true),
                    None => (label.to_string(), false),
                };
                if !labels.contains(&member) {
                    self.error(id, None, format!("URI label `{{{label}}}` has no `@httpLabel` member in the input"));
                }
                used.insert(member.clone());
                segments.push(PathSegment::Label { member, greedy });
            } else {
                segments.push(PathSegment::Literal(seg.to_string()));
            }
        }
        for l in labels.difference(&used) {
            self.error(input, Some(l), format!("`@httpLabel` member is not in the URI `{uri}` of `{id}`"));
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

    pub(super) fn finish(mut self) -> Option<BTreeMap<String, Shape>> {
        while let Some(id) = self.queue.pop() {
            if self.shapes.contains_key(&id) {
                continue;
            }
            if let Some(shape) = self.lower_shape(&id) {
                self.shapes.insert(id, shape);
            }
        }
        self.assign_roles();
        self.box_cycles();
        self.check_names();
        if self.failed { None } else { Some(self.shapes) }
    }

    fn lower_shape(&mut self, id: &str) -> Option<Shape> {
        let model = self.model;
        let Some(shape) = model.get(id) else {
            self.error(id, None, "shape is referenced but not defined");
            return None;
        };
        // Empty when undocumented: each emitter words its own fallback.
        let docs = docs_of(&shape.traits).unwrap_or_default();
        let sensitive = shape.traits.contains_key("smithy.api#sensitive");
        let deprecated = deprecated_of(&shape.traits);
        let name = self.rust_name(id);
        Some(match shape.kind.as_str() {
            "structure" => {
                let role = match shape.traits.get("smithy.api#error") {
                    Some(fault) => Role::Error {
                        fault: fault.as_str().unwrap_or("client").to_string(),
                        status: shape.traits.get("smithy.api#httpError").and_then(Value::as_u64).map(|c| c as u16),
                        retryable: shape
                            .traits
                            .get("smithy.api#retryable")
                            .map(|r| r.get("throttling").and_then(Value::as_bool).unwrap_or(false)),
                    },
                    None => Role::Plain,
                };
                let is_input = shape.traits.contains_key("smithy.api#input");
                let members = self.members(shape, is_input, true);
                Shape::Structure(Structure { id: id.into(), name, docs, members, role, sensitive, deprecated })
            }
            "union" => {
                let members = self.members(shape, false, false);
                if members.is_empty() {
                    self.error(id, None, "a union needs at least one member");
                }
                Shape::Union(Union { id: id.into(), name, docs, members, sensitive, deprecated })
            }
            "enum" | "intEnum" => {
                let int = shape.kind == "intEnum";
                let variants = shape
                    .members
                    .iter()
                    .flatten()
                    .map(|(m, member)| {
                        let value = match member.traits.get("smithy.api#enumValue") {
                            Some(Value::String(s)) => s.clone(),
                            Some(Value::Number(n)) => n.to_string(),
                            _ => m.clone(),
                        };
                        Variant {
                            name: naming::variant_name(m),
                            value,
                            docs: docs_of(&member.traits).unwrap_or_default(),
                            deprecated: deprecated_of(&member.traits),
                            internal: member.traits.contains_key("smithy.api#internal"),
                        }
                    })
                    .collect();
                let e = Enum { id: id.into(), name, docs, variants, sensitive, deprecated };
                if int { Shape::IntEnum(e) } else { Shape::Enum(e) }
            }
            "string" if shape.traits.contains_key("smithy.api#enum") => {
                let list = shape.traits["smithy.api#enum"].as_array().cloned().unwrap_or_default();
                let variants = list
                    .iter()
                    .map(|def| {
                        let value = def.get("value").and_then(Value::as_str).unwrap_or_default().to_string();
                        let vname = def.get("name").and_then(Value::as_str).unwrap_or(&value).to_string();
                        Variant {
                            name: naming::variant_name(&vname),
                            docs: def.get("documentation").and_then(Value::as_str).map(super::docs::html_to_markdown).unwrap_or_default(),
                            deprecated: def.get("deprecated").and_then(Value::as_bool).unwrap_or(false).then(|| "deprecated by the service".to_string()),
                            internal: def.get("tags").and_then(Value::as_array).is_some_and(|t| t.iter().any(|x| x == "internal")),
                            value,
                        }
                    })
                    .collect();
                Shape::Enum(Enum { id: id.into(), name, docs, variants, sensitive, deprecated })
            }
            "list" | "map" => {
                let sparse = shape.traits.contains_key("smithy.api#sparse");
                let value_ast = if shape.kind == "list" { shape.member.as_ref() } else { shape.value.as_ref() }?;
                let value = self.member(if shape.kind == "list" { "member" } else { "value" }, value_ast, false, false);
                let key = match shape.kind.as_str() {
                    "map" => Some(self.member("key", shape.key.as_ref()?, false, false)),
                    _ => None,
                };
                let c = Collection { id: id.into(), snake: naming::snake(&name), key, value, sparse };
                if shape.kind == "list" { Shape::List(c) } else { Shape::Map(c) }
            }
            kind => {
                let scalar = match kind {
                    "string" => Scalar::String,
                    "boolean" => Scalar::Boolean,
                    "byte" => Scalar::Byte,
                    "short" => Scalar::Short,
                    "integer" => Scalar::Integer,
                    "long" => Scalar::Long,
                    "float" => Scalar::Float,
                    "double" => Scalar::Double,
                    "bigInteger" => Scalar::BigInteger,
                    "bigDecimal" => Scalar::BigDecimal,
                    "timestamp" => Scalar::Timestamp,
                    "blob" => Scalar::Blob,
                    "document" => Scalar::Document,
                    other => {
                        self.error(id, None, format!("a `{other}` shape cannot be the target of a member"));
                        return None;
                    }
                };
                Shape::Simple(Simple { id: id.into(), scalar })
            }
        })
    }

    fn members(&mut self, shape: &AstShape, is_input: bool, structure: bool) -> Vec<Member> {
        let mut out = Vec::new();
        for (name, m) in shape.members.iter().flatten() {
            out.push(self.member(name, m, is_input, structure));
        }
        out
    }

    fn member(&mut self, name: &str, m: &AstMember, in_input: bool, structure: bool) -> Member {
        let model = self.model;
        self.reach(&m.target, Some(()));
        let target = model.get(&m.target);
        let empty = BTreeMap::new();
        let tt = target.map(|t| &t.traits).unwrap_or(&empty);
        let trait_of = |k: &str| m.traits.get(k).or_else(|| tt.get(k));
        let required = m.traits.contains_key("smithy.api#required");
        let default = m
            .traits
            .get("smithy.api#default")
            .or_else(|| if m.traits.contains_key("smithy.api#box") { None } else { tt.get("smithy.api#default") })
            .filter(|v| !v.is_null())
            .cloned();
        let nullable = if !structure {
            false
        } else if m.traits.contains_key("smithy.api#clientOptional") || in_input || m.traits.contains_key("smithy.api#box") {
            true
        } else if m.traits.contains_key("smithy.api#addedDefault") {
            !required
        } else {
            !(required || default.is_some())
        };
        let binding = if m.traits.contains_key("smithy.api#httpLabel") {
            Binding::Label { greedy: false }
        } else if let Some(q) = m.traits.get("smithy.api#httpQuery").and_then(Value::as_str) {
            Binding::Query(q.to_string())
        } else if m.traits.contains_key("smithy.api#httpQueryParams") {
            Binding::QueryParams
        } else if let Some(h) = m.traits.get("smithy.api#httpHeader").and_then(Value::as_str) {
            Binding::Header(h.to_string())
        } else if let Some(h) = m.traits.get("smithy.api#httpPrefixHeaders").and_then(Value::as_str) {
            Binding::PrefixHeaders(h.to_string())
        } else if m.traits.contains_key("smithy.api#httpPayload") {
            Binding::Payload
        } else if m.traits.contains_key("smithy.api#httpResponseCode") {
            Binding::ResponseCode
        } else {
            Binding::Body
        };
        let timestamp_format = trait_of("smithy.api#timestampFormat").and_then(Value::as_str).and_then(|f| match f {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        });
        let constraints = self.constraints(&m.traits, tt);
        let rust = naming::member_name(name);
        Member {
            name: name.to_string(),
            variant: naming::variant_name(name),
            rust,
            target: m.target.clone(),
            docs: docs_of(&m.traits).unwrap_or_default(),
            nullable,
            required,
            default,
            sensitive: m.traits.contains_key("smithy.api#sensitive") || self.sensitive(&m.target, &mut BTreeSet::new()),
            constraints,
            binding,
            json_name: m.traits.get("smithy.api#jsonName").and_then(Value::as_str).unwrap_or(name).to_string(),
            timestamp_format,
            boxed: false,
            deprecated: deprecated_of(&m.traits),
            idempotency_token: m.traits.contains_key("smithy.api#idempotencyToken"),
            media_type: tt.get("smithy.api#mediaType").and_then(Value::as_str).map(str::to_string),
        }
    }

    fn sensitive(&self, id: &str, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(id.to_string()) {
            return false;
        }
        let Some(s) = self.model.get(id) else { return false };
        if s.traits.contains_key("smithy.api#sensitive") {
            return true;
        }
        match s.kind.as_str() {
            "list" => s.member.as_ref().is_some_and(|m| self.sensitive(&m.target, seen)),
            "map" => [&s.key, &s.value].into_iter().flatten().any(|m| self.sensitive(&m.target, seen)),
            _ => false,
        }
    }

    fn constraints(&self, mt: &BTreeMap<String, Value>, tt: &BTreeMap<String, Value>) -> Constraints {
        let get = |k: &str| mt.get(k).or_else(|| tt.get(k));
        let as_u64 = |v: Option<&Value>| v.and_then(Value::as_f64).map(|f| f.max(0.0) as u64);
        let as_dec = |v: Option<&Value>| v.and_then(|v| v.as_number()).map(|n| n.to_string());
        let pattern = get("smithy.api#pattern").and_then(Value::as_str).map(str::to_string);
        Constraints {
            length: get("smithy.api#length").map(|l| (as_u64(l.get("min")), as_u64(l.get("max")))),
            range: get("smithy.api#range").map(|r| (as_dec(r.get("min")), as_dec(r.get("max")))),
            pattern,
            unique_items: get("smithy.api#uniqueItems").is_some(),
        }
    }

    /// An input or output shape used by exactly one operation and by no
    /// member moves to that operation's module under the SDK's name.
    fn assign_roles(&mut self) {
        for (id, roles) in &self.io_roles {
            if id == "smithy.api#Unit" || roles.len() != 1 || self.member_targets.contains(id) {
                continue;
            }
            if let Some(Shape::Structure(s)) = self.shapes.get_mut(id) {
                if s.role == Role::Plain {
                    s.role = roles[0].clone();
                    s.name = match &roles[0] {
                        Role::Input(op) => format!("{op}Input"),
                        Role::Output(op) => format!("{op}Output"),
                        _ => s.name.clone(),
                    };
                }
            }
        }
    }

    /// Boxes struct/union members whose target leads back to the owner
    /// through structures and unions only (lists and maps already allocate).
    fn box_cycles(&mut self) {
        let edges: BTreeMap<String, Vec<String>> = self
            .shapes
            .iter()
            .filter_map(|(id, s)| match s {
                Shape::Structure(x) => Some((id.clone(), x.members.iter().map(|m| m.target.clone()).collect())),
                Shape::Union(x) => Some((id.clone(), x.members.iter().map(|m| m.target.clone()).collect())),
                _ => None,
            })
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut stack = vec![from.to_string()];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n.clone()) {
                    if let Some(next) = edges.get(&n) {
                        stack.extend(next.iter().cloned());
                    }
                }
            }
            false
        };
        let mut to_box: Vec<(String, usize)> = Vec::new();
        for (id, targets) in &edges {
            for (i, t) in targets.iter().enumerate() {
                if edges.contains_key(t) && reaches(t, id) {
                    to_box.push((id.clone(), i));
                }
            }
        }
        for (id, i) in to_box {
            match self.shapes.get_mut(&id) {
                Some(Shape::Structure(s)) => s.members[i].boxed = true,
                Some(Shape::Union(u)) => u.members[i].boxed = true,
                _ => {}
            }
        }
    }

    fn check_names(&mut self) {
        let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, shape) in &self.shapes {
            match shape {
                Shape::Structure(s) => {
                    match s.role {
                        Role::Plain => types.entry(s.name.clone()).or_default().push(id.clone()),
                        Role::Error { .. } => errors.entry(s.name.clone()).or_default().push(id.clone()),
                        _ => {}
                    }
                    problems.extend(clashes(id, s.members.iter().map(|m| (m.rust.clone(), m.name.clone())), "fields"));
                }
                Shape::Union(u) => {
                    types.entry(u.name.clone()).or_default().push(id.clone());
                    problems.extend(clashes(id, u.members.iter().map(|m| (m.variant.clone(), m.name.clone())), "variants"));
                }
                Shape::Enum(e) | Shape::IntEnum(e) => {
                    types.entry(e.name.clone()).or_default().push(id.clone());
                    problems.extend(clashes(id, e.variants.iter().map(|v| (v.name.clone(), v.value.clone())), "variants"));
                }
                _ => {}
            }
        }
        for (name, ids) in types.into_iter().chain(errors) {
            if ids.len() > 1 {
                problems.push((ids[0].clone(), format!("shapes {} all become the Rust type `{name}`; rename one with the service's `rename`", ids.join(", "))));
            }
        }
        for (id, msg) in problems {
            self.error(&id, None, msg);
        }
    }
}

fn clashes(id: &str, names: impl Iterator<Item = (String, String)>, what: &str) -> Vec<(String, String)> {
    let mut by_rust: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (rust, smithy) in names {
        by_rust.entry(rust).or_default().push(smithy);
    }
    by_rust
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(rust, v)| (id.to_string(), format!("{} become the same Rust {what} name `{rust}`", v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and "))))
        .collect()
}
