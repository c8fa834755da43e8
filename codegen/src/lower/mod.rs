//! Lower: the assembled model to the IR, for one service.
//!
//! Resolves every shape the service's operations reach, names it for Rust,
//! decides nullability (Smithy 2.0 client rules), gathers constraints and
//! HTTP bindings, and finds the members that must be boxed to break cycles.

pub mod docs;
pub mod ir;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::assemble::Model;
use crate::diag::{Diagnostic, Diagnostics};
use crate::naming;
use ir::*;

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
    let endpoint_prefix = aws
        .and_then(|a| a.get("endpointPrefix"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| naming::snake(&sdk_id).replace('_', "-"));
    let signing_name = svc_shape
        .traits
        .get("aws.auth#sigv4")
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| endpoint_prefix.clone());
    if !svc_shape.traits.contains_key("aws.protocols#restJson1") {
        let protocols: Vec<&str> = svc_shape.traits.keys().filter(|k| k.starts_with("aws.protocols#")).map(String::as_str).collect();
        diags.push(Diagnostic::warning(
            &svc_file,
            Some(&service_id),
            None,
            format!(
                "the service's protocol ({}) is not restJson1: types are generated, operations are not",
                if protocols.is_empty() { "none".to_string() } else { protocols.join(", ") }
            ),
        ));
    }
    let service = Service {
        id: service_id.clone(),
        title: svc_shape.traits.get("smithy.api#title").and_then(Value::as_str).unwrap_or(&sdk_id).to_string(),
        sdk_id,
        version: svc_shape.version.clone().unwrap_or_default(),
        endpoint_prefix,
        signing_name,
        docs: docs_of(&svc_shape.traits).unwrap_or_default(),
    };
    let restjson = svc_shape.traits.contains_key("aws.protocols#restJson1");

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

    let renames: BTreeMap<String, String> = svc_shape.rename.clone();
    let mut lowerer = shapes::Lowerer::new(model, renames, diags);
    let service_errors: Vec<String> = svc_shape.errors.iter().map(|t| t.target.clone()).collect();
    let mut operations = Vec::new();
    for op_id in &op_ids {
        if !restjson {
            // Still generate the types the operation reaches.
            if let Some(op) = model.get(op_id) {
                for t in op.input.iter().chain(&op.output).chain(&op.errors) {
                    lowerer.reach(&t.target, None);
                }
            }
            continue;
        }
        if let Some(op) = lowerer.operation(op_id, &service_errors, svc_shape.traits.get("smithy.api#paginated")) {
            operations.push(op);
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let shapes = lowerer.finish()?;
    Some(Ir { service, operations, shapes })
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
                    format!("the model defines several services; choose one with --service: {}", many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
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
