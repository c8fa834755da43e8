//! The clash check: every Rust name the generated crate defines in one
//! namespace, derived names and generated methods included, is unique.
//! Emitters take every name from the IR or from `naming`, the same
//! functions this check enumerates.

use std::collections::BTreeMap;

use super::ir::*;
use crate::assemble::Model;
use crate::diag::{Diagnostic, Diagnostics};
use crate::naming;

/// One namespace: each name with what it was made from.
#[derive(Default)]
struct Space {
    names: BTreeMap<String, Vec<String>>,
}

impl Space {
    fn add(&mut self, name: impl Into<String>, from: impl Into<String>) {
        self.names.entry(name.into()).or_default().push(from.into());
    }

    /// `(name, sources)` of every clash.
    fn clashes(self) -> impl Iterator<Item = (String, Vec<String>)> {
        self.names.into_iter().filter(|(_, v)| v.len() > 1)
    }
}

/// Clashes found, each group of clashing sources reported once per owner
/// (members that share a name also share its `set_` and `get_` forms).
#[derive(Default)]
struct Problems {
    list: Vec<(String, Option<String>, String)>,
    seen: std::collections::BTreeSet<(String, Vec<String>)>,
}

impl Problems {
    fn report(&mut self, owner: &ShapeId, shape: &ShapeId, space: Space, what: &str) {
        for (name, from) in space.clashes() {
            if self.seen.insert((owner.to_string(), from.clone())) {
                self.list.push((shape.to_string(), None, format!("{} become the same Rust {what} `{name}`", list(&from))));
            }
        }
    }
}

fn list(from: &[String]) -> String {
    from.join(" and ")
}

/// Reports every clash; true when there is none.
pub(super) fn check(ir: &Ir, model: &Model, diags: &mut Diagnostics) -> bool {
    let mut problems = Problems::default();

    // Crate-level types and their module files.
    let mut types = Space::default();
    let mut type_files = Space::default();
    let mut errors = Space::default();
    let mut error_files = Space::default();
    for s in &ir.structures {
        match s.role {
            Role::Plain => {
                types.add(&s.name, s.id.as_str());
                type_files.add(&s.module, format!("`{}`", s.name));
            }
            Role::Error { .. } => {
                errors.add(&s.name, s.id.as_str());
                error_files.add(&s.module, format!("`{}`", s.name));
            }
            Role::Input { .. } | Role::Output { .. } => {}
        }
    }
    for (id, name, module) in ir
        .unions
        .iter()
        .map(|u| (&u.id, &u.name, &u.module))
        .chain(ir.enums.iter().map(|e| (&e.id, &e.name, &e.module)))
        .chain(ir.int_enums.iter().map(|e| (&e.id, &e.name, &e.module)))
    {
        types.add(name, id.as_str());
        type_files.add(module, format!("`{name}`"));
    }
    for (space, what) in [(types, "type"), (errors, "type")] {
        for (name, ids) in space.clashes() {
            problems.list.push((
                ids[0].clone(),
                None,
                format!("shapes {} all become the Rust {what} `{name}`; rename one with the service's `rename`", ids.join(", ")),
            ));
        }
    }
    for space in [type_files, error_files] {
        // Types of the same name are reported above.
        for (name, from) in space.clashes().filter(|(_, from)| from.iter().any(|f| f != &from[0])) {
            problems.list.push((
                ir.service.id.to_string(),
                None,
                format!("types {} have the same module file `{name}.rs`; rename one with the service's `rename`", list(&from)),
            ));
        }
    }

    // Operations: modules and client methods.
    let mut modules = Space::default();
    let mut methods = Space::default();
    for op in &ir.operations {
        modules.add(&op.module, format!("`{}`", op.name));
        methods.add(&op.method, format!("`{}`", op.name));
    }
    for (space, what) in [(modules, "module"), (methods, "client method")] {
        problems.report(&ir.service.id, &ir.service.id, space, &format!("operation {what}"));
    }

    // Within each structure: fields, accessors and builder methods share
    // the member names, so one namespace holds them all.
    for s in &ir.structures {
        let mut space = Space::default();
        for reserved in ["build", "build_corrected", "builder"] {
            space.add(reserved, "the generated method");
        }
        if matches!(s.role, Role::Error { .. }) {
            space.add("meta", "the generated field");
        }
        for m in &s.members {
            let from = format!("`{}`", m.name);
            space.add(&m.rust, from.clone());
            space.add(naming::setter(&m.rust), from.clone());
            space.add(naming::getter(&m.rust), from);
        }
        problems.report(&s.id, &s.id, space, "member name");
    }

    // The fluent builder of each operation, and its error enum.
    for op in &ir.operations {
        let input = &ir[op.input];
        let mut fluent = Space::default();
        for reserved in ["new", "as_input", "send"] {
            fluent.add(reserved, "the generated method");
        }
        if op.paginated.is_some() {
            fluent.add("into_paginator", "the generated method");
        }
        for m in &input.members {
            let from = format!("`{}`", m.name);
            fluent.add(&m.rust, from.clone());
            fluent.add(naming::setter(&m.rust), from.clone());
            fluent.add(naming::getter(&m.rust), from);
        }
        // Clashes among the members themselves are reported on the input.
        problems.report(&input.id, &op.id, fluent, "fluent builder method name");
        let mut variants = Space::default();
        let mut error_methods = Space::default();
        variants.add(naming::UNHANDLED_VARIANT, "the generated variant");
        error_methods.add("meta", "the generated method");
        for e in &op.errors {
            let e = &ir[*e];
            let v = naming::error_variant(&e.name);
            error_methods.add(naming::is_fn(&v), format!("`{}`", e.id));
            variants.add(v, format!("`{}`", e.id));
        }
        problems.report(&op.id, &op.id, variants, "error variant");
        problems.report(&op.id, &op.id, error_methods, "error method name");
    }

    // Unions and enums: variants and their methods.
    for u in &ir.unions {
        let mut variants = Space::default();
        let mut methods = Space::default();
        variants.add(naming::UNKNOWN_VARIANT, "the generated variant");
        methods.add("is_unknown", "the generated method");
        for m in &u.members {
            let from = format!("`{}`", m.name);
            variants.add(&m.variant, from.clone());
            methods.add(naming::as_fn(&m.variant), from.clone());
            methods.add(naming::is_fn(&m.variant), from);
        }
        problems.report(&u.id, &u.id, variants, "variant name");
        problems.report(&u.id, &u.id, methods, "method name");
    }
    for (id, names) in ir
        .enums
        .iter()
        .map(|e| (&e.id, e.variants.iter().map(|v| (v.name.clone(), format!("`{}`", v.value))).collect::<Vec<_>>()))
        .chain(ir.int_enums.iter().map(|e| (&e.id, e.variants.iter().map(|v| (v.name.clone(), format!("`{}`", v.value))).collect())))
    {
        let mut variants = Space::default();
        variants.add(naming::UNKNOWN_VARIANT, "the generated variant");
        for (name, from) in names {
            variants.add(name, from);
        }
        problems.report(id, id, variants, "variant name");
    }

    let ok = problems.list.is_empty();
    for (shape, member, msg) in problems.list {
        let file = model.file_of(&shape);
        diags.push(Diagnostic::error(&file, Some(&shape), member.as_deref(), msg));
    }
    ok
}
