//! Lower: the assembled model to the IR, for one service.
//!
//! In order: pick the service and its operations; give every shape they
//! reach an arena index (so forward and recursive references resolve);
//! convert each shape (Rust names, Smithy 2.0 client nullability, typed
//! constraints and defaults, HTTP bindings); lower the operations; box the
//! members that close a cycle; assign every derived name and check that none
//! collide. Anything in the model that does not fit is a diagnostic.

pub mod docs;
mod context_path;
mod endpoint;
pub mod endpoint_ir;
pub mod ir;
mod members;
mod names;
mod operations;
mod shapes;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::assemble::Model;
use crate::diag::{Diagnostic, Diagnostics};
use crate::naming;
use ir::*;

/// The prelude's unit shape: an operation without input or output, or a
/// union member without a value.
const UNIT: &str = "smithy.api#Unit";

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// The service shape id; needed only when the model has several.
    pub service: Option<String>,
    /// Generate only these operations (shape names); all when empty.
    pub operations: Vec<String>,
}

/// Lowers the model; `None` when an error was reported.
pub fn lower(model: &Model, opts: &LowerOptions, diags: &mut Diagnostics) -> Option<Ir> {
    let service_id = pick_service(model, opts, diags)?;
    let svc_shape = model.get(&service_id)?;
    let svc_file = model.file_of(&service_id);
    let aws = svc_shape.traits.get("aws.api#service");
    let name = local_name(&service_id).to_string();
    let sdk_id = aws.and_then(|a| a.get("sdkId")).and_then(Value::as_str).unwrap_or(&name).to_string();
    let endpoint_prefix =
        aws.and_then(|a| a.get("endpointPrefix")).and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| naming::snake(&sdk_id).replace('_', "-"));
    let signing_name = svc_shape
        .traits
        .get("aws.auth#sigv4")
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| endpoint_prefix.clone());
    let protocol = Protocol::PREFERENCE.into_iter().find(|p| svc_shape.traits.contains_key(p.trait_id()));
    if protocol.is_none() {
        let protocols: Vec<&str> = svc_shape.traits.keys().filter(|k| is_protocol_trait(k)).map(String::as_str).collect();
        let supported: Vec<&str> = Protocol::PREFERENCE.iter().map(|p| p.trait_id()).collect();
        diags.push(Diagnostic::warning(
            &svc_file,
            Some(&service_id),
            None,
            format!(
                "the service's protocol ({}) is not one the generator supports ({}): types are generated, operations are not",
                if protocols.is_empty() { "none".to_string() } else { protocols.join(", ") },
                supported.join(", ")
            ),
        ));
    }
    let endpoint_rules = match endpoint::lower(&svc_file, &service_id, &svc_shape.traits, diags) {
        endpoint::Lowered::Rules(r) => Some(r),
        endpoint::Lowered::Absent => None,
        endpoint::Lowered::Invalid => return None,
    };
    let service = Service {
        id: ShapeId::new(service_id.clone()),
        title: svc_shape.traits.get("smithy.api#title").and_then(Value::as_str).unwrap_or(&sdk_id).to_string(),
        sdk_id,
        version: svc_shape.version.clone().unwrap_or_default(),
        endpoint_prefix,
        signing_name,
        docs: docs_of(&svc_shape.traits).unwrap_or_default(),
        endpoint_rules,
        protocol,
        query_compatible: svc_shape.traits.contains_key("aws.protocols#awsQueryCompatible"),
        xml_namespace: shapes::xml_namespace(&svc_shape.traits),
        xml_no_error_wrapping: svc_shape
            .traits
            .get("aws.protocols#restXml")
            .and_then(|t| t.get("noErrorWrapping"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };

    let mut op_ids = BTreeSet::new();
    collect_operations(model, &service_id, &mut op_ids, &mut BTreeSet::new());
    if !opts.operations.is_empty() {
        let known: BTreeSet<&str> = op_ids.iter().map(|id| local_name(id)).collect();
        for wanted in &opts.operations {
            if !known.contains(wanted.as_str()) {
                diags.push(Diagnostic::error(&svc_file, Some(&service_id), None, format!("no operation named `{wanted}` in this service")));
            }
        }
        op_ids.retain(|id| opts.operations.iter().any(|w| w == local_name(id)));
    }
    let service_errors: Vec<String> = svc_shape.errors.iter().map(|t| t.target.clone()).collect();
    let renames: BTreeMap<String, String> = svc_shape.rename.clone();

    let mut lw = shapes::Lowerer::new(model, renames, protocol, diags);
    let generated: Vec<String> = op_ids.iter().filter(|id| protocol.is_some() && lw.generates(id)).cloned().collect();
    for op_id in &op_ids {
        lw.reach_operation(op_id, &service_errors, generated.contains(op_id));
    }
    lw.assign_refs();
    lw.convert_shapes();
    let mut operations: Vec<Operation> =
        generated.iter().filter_map(|op_id| lw.operation(op_id, &service_errors, svc_shape.traits.get("smithy.api#paginated"))).collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ir = lw.finish(service, operations)?;
    for op in &mut ir.operations {
        if let Some(shape) = model.get(op.id.as_str()) {
            let (auth, warning) = operations::auth_of(svc_shape, shape);
            op.auth = auth;
            if let Some(w) = warning {
                diags.push(Diagnostic::warning(&model.file_of(op.id.as_str()), Some(op.id.as_str()), None, w));
            }
        }
    }
    if let Some(rules) = &ir.service.endpoint_rules {
        let errors_before = diags.has_errors();
        for i in 0..ir.operations.len() {
            let (op_id, input) = (ir.operations[i].id.as_str().to_string(), ir.operations[i].input);
            ir.operations[i].endpoint_params = endpoint::operation_params(model, &op_id, &ir, input, rules, diags);
        }
        if diags.has_errors() && !errors_before {
            return None;
        }
    }
    cycles::box_members(&mut ir);
    shapes::mark_defaults(&mut ir);
    if names::check(&ir, model, diags) { Some(ir) } else { None }
}

/// A protocol trait of a service (`awsQueryCompatible` modifies one, it is
/// not one).
fn is_protocol_trait(id: &str) -> bool {
    (id.starts_with("aws.protocols#") && id != "aws.protocols#awsQueryCompatible") || id.starts_with("smithy.protocols#")
}

mod cycles {
    //! Boxing: struct and union members whose target leads back to the
    //! owner through structures and unions only (lists and maps allocate).

    use std::collections::BTreeSet;

    use super::ir::*;

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Node {
        S(StructRef),
        U(UnionRef),
    }

    fn node(t: Target) -> Option<Node> {
        match t {
            Target::Structure(s) => Some(Node::S(s)),
            Target::Union(u) => Some(Node::U(u)),
            _ => None,
        }
    }

    fn members(ir: &Ir, n: Node) -> &[Member] {
        match n {
            Node::S(s) => &ir[s].members,
            Node::U(u) => &ir[u].members,
        }
    }

    fn reaches(ir: &Ir, from: Node, to: Node) -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(members(ir, n).iter().filter_map(|m| node(m.target)));
            }
        }
        false
    }

    pub(super) fn box_members(ir: &mut Ir) {
        let owners: Vec<Node> =
            (0..ir.structures.len() as u32).map(|i| Node::S(StructRef(i))).chain((0..ir.unions.len() as u32).map(|i| Node::U(UnionRef(i)))).collect();
        let mut to_box = Vec::new();
        for owner in owners {
            for (i, m) in members(ir, owner).iter().enumerate() {
                if let Some(t) = node(m.target) {
                    if reaches(ir, t, owner) {
                        to_box.push((owner, i));
                    }
                }
            }
        }
        for (owner, i) in to_box {
            match owner {
                Node::S(s) => ir.structures[s.0 as usize].members[i].boxed = true,
                Node::U(u) => ir.unions[u.0 as usize].members[i].boxed = true,
            }
        }
    }
}

fn pick_service(model: &Model, opts: &LowerOptions, diags: &mut Diagnostics) -> Option<String> {
    let services: Vec<&String> = model.shapes.iter().filter(|(_, a)| a.shape.kind == "service").map(|(id, _)| id).collect();
    match &opts.service {
        Some(wanted) => {
            if services.iter().any(|s| *s == wanted) {
                Some(wanted.clone())
            } else {
                diags.push(Diagnostic::error(
                    std::path::Path::new("<options>"),
                    Some(wanted),
                    None,
                    format!("no such service; the model defines: {}", services.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
                ));
                None
            }
        }
        None => match services.as_slice() {
            [one] => Some((*one).clone()),
            [] => {
                diags.push(Diagnostic::error(std::path::Path::new("<model>"), None, None, "the model defines no service shape"));
                None
            }
            many => {
                diags.push(Diagnostic::error(
                    std::path::Path::new("<model>"),
                    None,
                    None,
                    format!(
                        "the model defines several services; choose one with --service: {}",
                        many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                ));
                None
            }
        },
    }
}

fn collect_operations(model: &Model, id: &str, out: &mut BTreeSet<String>, seen: &mut BTreeSet<String>) {
    if !seen.insert(id.to_string()) {
        return;
    }
    let Some(shape) = model.get(id) else { return };
    for op in shape.operations.iter().chain(&shape.collection_operations) {
        out.insert(op.target.clone());
    }
    for t in [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list].into_iter().flatten() {
        out.insert(t.target.clone());
    }
    for r in &shape.resources {
        collect_operations(model, &r.target, out, seen);
    }
}

/// `ns#Name` -> `Name`.
pub fn local_name(id: &str) -> &str {
    id.rsplit_once('#').map(|(_, n)| n).unwrap_or(id)
}

/// Markdown docs from a trait map, if documented.
pub fn docs_of(traits: &BTreeMap<String, Value>) -> Option<String> {
    traits.get("smithy.api#documentation").and_then(Value::as_str).map(docs::html_to_markdown).filter(|d| !d.is_empty())
}

/// The deprecation note of a trait map.
pub fn deprecated_of(traits: &BTreeMap<String, Value>) -> Option<String> {
    let d = traits.get("smithy.api#deprecated")?;
    let mut note = d.get("message").and_then(Value::as_str).unwrap_or("deprecated by the service").to_string();
    if let Some(since) = d.get("since").and_then(Value::as_str) {
        note.push_str(&format!(" (since {since})"));
    }
    Some(note)
}
