//! Emit: the IR to the files of a crate, one emitter per concern.

mod client;
mod enums;
mod http;
mod json;
mod operation;
mod structure;
mod ty;
mod validate;


use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Options;
use crate::lower::ir::*;
use crate::naming::{module_name, snake};
use crate::render::{self, CrateFile};
use json::SerdeNames;
use ty::Ctx;

/// Module lists of the crate's index files, decided from the IR alone so
/// that shapes and operations can be emitted independently.
struct Modules {
    /// (module, type name, has a builder)
    types: Vec<(String, String, bool)>,
    /// (module, type name, deserialized by some operation)
    errors: Vec<(String, String, bool)>,
    serde: Vec<String>,
    operations: Vec<String>,
}

fn modules(cx: &Ctx, names: &SerdeNames) -> Modules {
    let ir = cx.ir;
    let used_errors: BTreeSet<&str> = ir.operations.iter().flat_map(|o| o.errors.iter().map(String::as_str)).collect();
    let mut m = Modules { types: vec![], errors: vec![], serde: vec![], operations: vec![] };
    for (id, shape) in &ir.shapes {
        match shape {
            Shape::Structure(s) if s.role == Role::Plain => m.types.push((format!("_{}", snake(&s.name)), s.name.clone(), true)),
            Shape::Structure(s) if matches!(s.role, Role::Error { .. }) => {
                m.errors.push((format!("_{}", snake(&s.name)), s.name.clone(), used_errors.contains(id.as_str())))
            }
            Shape::Union(Union { name, .. }) | Shape::Enum(Enum { name, .. }) | Shape::IntEnum(Enum { name, .. }) => {
                m.types.push((format!("_{}", snake(name)), name.clone(), false))
            }
            _ => {}
        }
        if has_wire_code(names, id, shape) {
            m.serde.push(format!("shape_{}", names.name(id)));
        }
    }
    m.operations = ir.operations.iter().map(|op| module_name(&op.name)).collect();
    m
}

/// Whether a shape gets (de)serializer functions of its own.
fn has_wire_code(names: &SerdeNames, id: &str, shape: &Shape) -> bool {
    let (de, ser) = (names.de.contains(id), names.ser.contains(id));
    match shape {
        Shape::Structure(s) => s.role == Role::Plain && (de || ser),
        Shape::Union(_) => de || ser,
        Shape::List(_) | Shape::Map(_) => de,
        _ => false,
    }
}

/// One independent piece of the crate.
enum Unit<'a> {
    Shape(&'a str, &'a Shape),
    Operation(&'a Operation),
}

/// Every file of the generated crate, formatted. Shapes and operations are
/// emitted and rendered on all cores; token streams stay on the thread that
/// made them.
pub fn emit_crate(ir: &Ir, opts: &Options) -> Result<BTreeMap<PathBuf, String>, String> {
    let cx = Ctx { ir };
    let names = SerdeNames::new(&cx);
    let mods = modules(&cx, &names);
    let used_errors: BTreeSet<&str> = mods.errors.iter().filter(|e| e.2).map(|e| e.1.as_str()).collect();
    let units: Vec<Unit> = ir
        .shapes
        .iter()
        .map(|(id, s)| Unit::Shape(id, s))
        .chain(ir.operations.iter().map(Unit::Operation))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let command = opts.regenerate_command.as_str();
    let parts: Vec<Result<BTreeMap<PathBuf, String>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (cx, names, units, used_errors) = (&cx, &names, &units, &used_errors);
                scope.spawn(move || {
                    let mut files = Vec::new();
                    for unit in units.iter().skip(w).step_by(workers) {
                        match unit {
                            Unit::Shape(id, shape) => shape_files(cx, names, used_errors, id, shape, &mut files),
                            Unit::Operation(op) => files.push(CrateFile::Rust(
                                format!("src/operation/{}.rs", module_name(&op.name)).into(),
                                operation::emit(cx, names, op),
                            )),
                        }
                    }
                    render::render(files, command)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("generator bug: an emitter panicked".into()))).collect()
    });
    let mut out = render::render(index_files(&cx, opts, &mods), command)?;
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// `Cargo.toml`, the crate root and the module index files.
fn index_files(cx: &Ctx, opts: &Options, mods: &Modules) -> Vec<CrateFile> {
    let serde_items = mods.serde.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(pub(crate) mod #m;)
    });
    let op_items = mods.operations.iter().map(|m| {
        let id = format_ident!("{}", m);
        quote!(pub mod #id;)
    });
    vec![
        CrateFile::Text("Cargo.toml".into(), cargo_toml(opts)),
        CrateFile::Rust("src/lib.rs".into(), client::lib_rs(cx, opts)),
        CrateFile::Rust("src/client.rs".into(), client::client_rs(cx, opts)),
        CrateFile::Rust("src/config.rs".into(), client::config_rs()),
        CrateFile::Rust("src/error.rs".into(), client::error_rs()),
        CrateFile::Rust("src/primitives.rs".into(), client::primitives_rs()),
        CrateFile::Rust("src/types.rs".into(), types_rs(&mods.types)),
        CrateFile::Rust("src/types/error.rs".into(), errors_rs(&mods.errors)),
        CrateFile::Rust(
            "src/protocol_serde.rs".into(),
            quote! {
                //! JSON (de)serializers of the shapes requests and responses carry.
                #(#serde_items)*
            },
        ),
        CrateFile::Rust(
            "src/operation.rs".into(),
            quote! {
                //! One module per operation: its input, output, error and builders.
                #(#op_items)*
            },
        ),
    ]
}

/// The type file of a shape and its wire-code file, if it has them.
fn shape_files(cx: &Ctx, names: &SerdeNames, used_errors: &BTreeSet<&str>, id: &str, shape: &Shape, files: &mut Vec<CrateFile>) {
    match shape {
        Shape::Structure(s) if matches!(s.role, Role::Plain | Role::Error { .. }) => {
            let mut pats = validate::Patterns::default();
            let code = structure::emit(cx, s);
            let path = cx.type_path(id);
            let v = validate::for_structure(cx, s, &path, &mut pats);
            let (items, builder) = (code.items, code.builder);
            let statics = pats.statics();
            let m = format!("_{}", snake(&s.name));
            if s.role == Role::Plain {
                files.push(CrateFile::Rust(format!("src/types/{m}.rs").into(), quote!(#statics #items #builder #v)));
            } else {
                let extra = operation::error_impls(cx, names, s, used_errors.contains(s.name.as_str()));
                files.push(CrateFile::Rust(format!("src/types/error/{m}.rs").into(), quote!(#statics #items #builder #v #extra)));
            }
        }
        Shape::Union(u) => {
            let mut pats = validate::Patterns::default();
            let items = enums::emit_union(cx, u);
            let path = cx.type_path(id);
            let v = validate::for_union(cx, u, &path, &mut pats);
            let statics = pats.statics();
            files.push(CrateFile::Rust(format!("src/types/_{}.rs", snake(&u.name)).into(), quote!(#statics #items #v)));
        }
        Shape::Enum(e) => files.push(CrateFile::Rust(format!("src/types/_{}.rs", snake(&e.name)).into(), enums::emit_enum(e))),
        Shape::IntEnum(e) => files.push(CrateFile::Rust(format!("src/types/_{}.rs", snake(&e.name)).into(), enums::emit_int_enum(e))),
        _ => {}
    }
    if !has_wire_code(names, id, shape) {
        return;
    }
    let (de, ser) = (names.de.contains(id), names.ser.contains(id));
    let mut items = Vec::new();
    match shape {
        Shape::Structure(s) => {
            if de {
                items.push(json::de_structure(cx, names, s));
            }
            if ser {
                items.push(json::ser_structure(cx, names, s));
            }
        }
        Shape::Union(u) => {
            if de {
                items.push(json::de_union(cx, names, u));
            }
            if ser {
                items.push(json::ser_union(cx, names, u));
            }
        }
        Shape::List(c) => items.push(json::de_collection(cx, names, c, false)),
        Shape::Map(c) => items.push(json::de_collection(cx, names, c, true)),
        _ => {}
    }
    let m = format!("shape_{}", names.name(id));
    files.push(CrateFile::Rust(format!("src/protocol_serde/{m}.rs").into(), quote!(#(#items)*)));
}

fn types_rs(mods: &[(String, String, bool)]) -> TokenStream {
    let decls = mods.iter().map(|(m, _, _)| {
        let m = format_ident!("{}", m);
        quote!(mod #m;)
    });
    let uses = mods.iter().map(|(m, n, _)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}", n));
        quote!(pub use #m::#n;)
    });
    let builders = mods.iter().filter(|(_, _, s)| *s).map(|(m, n, _)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}Builder", n));
        quote!(pub use super::#m::#n;)
    });
    quote! {
        //! Data types of the service: structures, unions and enums.
        #(#decls)*
        #(#uses)*
        pub mod error;
        /// Builders for the structures in this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

fn errors_rs(mods: &[(String, String, bool)]) -> TokenStream {
    let decls = mods.iter().map(|(m, _, _)| {
        let m = format_ident!("{}", m);
        quote!(mod #m;)
    });
    let uses = mods.iter().map(|(m, n, used)| {
        let (mi, ni) = (format_ident!("{}", m), format_ident!("{}", n));
        let de = format_ident!("de_{}_error", snake(n));
        let de = used.then(|| quote!(pub(crate) use #mi::#de;));
        quote!(pub use #mi::#ni; #de)
    });
    let builders = mods.iter().map(|(m, n, _)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}Builder", n));
        quote!(pub use super::#m::#n;)
    });
    quote! {
        //! Error structures the service's operations can return.
        #(#decls)*
        #(#uses)*
        /// Builders for the error structures.
        pub mod builders {
            #(#builders)*
        }
    }
}

fn cargo_toml(opts: &Options) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false
description = "A Rust client generated from a Smithy model."

[dependencies]
client-runtime = {{ path = "{rt}" }}
"#,
        name = opts.crate_name,
        rt = opts.runtime_path
    )
}
