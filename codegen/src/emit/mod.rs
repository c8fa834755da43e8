//! Emit: the IR to the files of a crate, one emitter per concern.

mod client;
mod endpoint;
mod enums;
mod json;
mod operation;
mod protocol;
mod query;
mod service_error;
mod structure;
mod ty;
mod validate;
mod xml;
mod xml_ser;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::{Layout, Options};
use crate::lower::ir::*;
use crate::naming;
use crate::render::{self, CrateFile};
use json::Wire;
use protocol::Codec;
use ty::Ctx;

/// Module lists of the crate's index files, decided from the IR alone so
/// that shapes and operations can be emitted independently.
struct Modules {
    /// (module, type name, has a builder, deprecated)
    types: Vec<(String, String, bool, bool)>,
    /// (module, type name, deserializer function if some operation reads it, deprecated)
    errors: Vec<(String, String, Option<String>, bool)>,
    serde: Vec<String>,
    operations: Vec<String>,
}

fn modules(cx: &Ctx, wire: &Wire) -> Modules {
    let ir = cx.ir;
    let used_errors: BTreeSet<StructRef> = ir.operations.iter().flat_map(|o| o.errors.iter().copied()).collect();
    // In shape id order, as the index files list them.
    let mut types: Vec<(&ShapeId, (String, String, bool, bool))> = Vec::new();
    let mut errors: Vec<(&ShapeId, (String, String, Option<String>, bool))> = Vec::new();
    for (r, s) in ir.structure_refs() {
        let dep = s.deprecated.is_some();
        match s.role {
            Role::Plain => types.push((&s.id, (s.module.clone(), s.name.clone(), true, dep))),
            Role::Error { .. } => {
                errors.push((&s.id, (s.module.clone(), s.name.clone(), used_errors.contains(&r).then(|| naming::error_deserializer(&s.name)), dep)))
            }
            _ => {}
        }
    }
    for u in &ir.unions {
        types.push((&u.id, (u.module.clone(), u.name.clone(), false, u.deprecated.is_some())));
    }
    for e in &ir.enums {
        types.push((&e.id, (e.module.clone(), e.name.clone(), false, e.deprecated.is_some())));
    }
    for e in &ir.int_enums {
        types.push((&e.id, (e.module.clone(), e.name.clone(), false, e.deprecated.is_some())));
    }
    types.sort_by(|a, b| a.0.cmp(b.0));
    errors.sort_by(|a, b| a.0.cmp(b.0));
    Modules {
        types: types.into_iter().map(|(_, t)| t).collect(),
        errors: errors.into_iter().map(|(_, e)| e).collect(),
        serde: wire.modules(ir),
        operations: ir.operations.iter().map(|op| op.module.clone()).collect(),
    }
}

/// One independent piece of the crate.
enum Unit<'a> {
    Structure(StructRef),
    Union(UnionRef, &'a Union),
    Enum(&'a Enum<String>),
    IntEnum(&'a Enum<i32>),
    List(ListRef, &'a List),
    Map(MapRef, &'a Map),
    Operation(&'a Operation),
}

/// Every file of the generated crate, formatted. Shapes and operations are
/// emitted and rendered on all cores; token streams stay on the thread that
/// made them.
pub fn emit_crate(ir: &Ir, opts: &Options, layout: &Layout) -> Result<BTreeMap<PathBuf, String>, String> {
    let protocol = protocol::of(&ir.service);
    let cx = Ctx { ir, protocol: &*protocol };
    let wire = Wire::new(&cx, cx.protocol.codec().xml());
    let mods = modules(&cx, &wire);
    let used_errors: BTreeSet<StructRef> = ir.operations.iter().flat_map(|o| o.errors.iter().copied()).collect();
    let units: Vec<Unit> = ir
        .structure_refs()
        .map(|(r, _)| Unit::Structure(r))
        .chain(ir.union_refs().map(|(r, u)| Unit::Union(r, u)))
        .chain(ir.enums.iter().map(Unit::Enum))
        .chain(ir.int_enums.iter().map(Unit::IntEnum))
        .chain(ir.list_refs().map(|(r, l)| Unit::List(r, l)))
        .chain(ir.map_refs().map(|(r, m)| Unit::Map(r, m)))
        .chain(ir.operations.iter().map(Unit::Operation))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let command = opts.regenerate_command.as_str();
    let module = match layout {
        Layout::Crate => None,
        Layout::Module(path) => Some(path.as_str()),
    };
    let parts: Vec<Result<BTreeMap<PathBuf, String>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (cx, wire, units, used_errors) = (&cx, &wire, &units, &used_errors);
                scope.spawn(move || {
                    let mut files = Vec::new();
                    for unit in units.iter().skip(w).step_by(workers) {
                        unit_files(cx, wire, used_errors, unit, &mut files);
                    }
                    render::render(files, command, module)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("generator bug: an emitter panicked".into()))).collect()
    });
    let mut out = render::render(index_files(&cx, opts, &mods, module.is_some()), command, module)?;
    for part in parts {
        out.extend(part?);
    }
    if module.is_some() {
        // `src/lib.rs` is the module's `mod.rs`; the rest keeps its place under it.
        out = out
            .into_iter()
            .map(|(path, text)| {
                let path = if path == std::path::Path::new("src/lib.rs") { PathBuf::from("mod.rs") } else { path.strip_prefix("src").map(PathBuf::from).unwrap_or(path) };
                (path, text)
            })
            .collect();
    }
    Ok(out)
}

/// `Cargo.toml`, the crate root and the module index files.
fn index_files(cx: &Ctx, opts: &Options, mods: &Modules, module: bool) -> Vec<CrateFile> {
    let serde_items = mods.serde.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(pub(crate) mod #m;)
    });
    let op_items = mods.operations.iter().map(|m| {
        let id = format_ident!("{}", m);
        quote!(pub mod #id;)
    });
    let serde_doc = match cx.protocol.codec() {
        Codec::Json => " JSON (de)serializers of the shapes requests and responses carry.",
        Codec::Query { .. } => " Query-string serializers and XML deserializers of the shapes requests and responses carry.",
        Codec::Xml => " XML (de)serializers of the shapes requests and responses carry.",
        Codec::Cbor => " CBOR (de)serializers of the shapes requests and responses carry.",
    };
    let endpoint_file = cx.ir.service.endpoint_rules.as_ref().map(|r| CrateFile::Rust("src/endpoint.rs".into(), endpoint::endpoint_rs(r)));
    let root = if module { client::mod_rs(cx) } else { client::lib_rs(cx, opts) };
    let mut files = vec![
        CrateFile::Rust("src/lib.rs".into(), root),
        CrateFile::Rust("src/client.rs".into(), client::client_rs(cx, opts, !module)),
        CrateFile::Rust("src/config.rs".into(), client::config_rs(cx)),
        CrateFile::Rust("src/error.rs".into(), service_error::error_rs(cx)),
        CrateFile::Rust("src/primitives.rs".into(), client::primitives_rs()),
        CrateFile::Rust("src/types.rs".into(), types_rs(&mods.types)),
        CrateFile::Rust("src/types/error.rs".into(), errors_rs(&mods.errors)),
        CrateFile::Rust(
            "src/protocol_serde.rs".into(),
            quote! {
                #![doc = #serde_doc]
                #(#serde_items)*
            },
        ),
        CrateFile::Rust(
            "src/operation.rs".into(),
            quote! {
                //! One module per operation: its input, output, error and builders.
                pub use ::client_runtime::error::RequestId;
                #(#op_items)*
            },
        ),
    ];
    files.extend(endpoint_file);
    if !module {
        files.push(CrateFile::Text("Cargo.toml".into(), cargo_toml(opts, &runtime_features(cx))));
    }
    files
}

/// The files of one unit: a type file and its wire-code file, or an
/// operation's module.
fn unit_files(cx: &Ctx, wire: &Wire, used_errors: &BTreeSet<StructRef>, unit: &Unit, files: &mut Vec<CrateFile>) {
    match unit {
        Unit::Structure(r) => {
            let s = &cx.ir[*r];
            if !matches!(s.role, Role::Plain | Role::Error { .. }) {
                return;
            }
            let mut pats = validate::Patterns::default();
            let code = structure::emit(cx, s, wire.read.contains(r));
            let path = cx.struct_path(*r);
            let v = validate::for_structure(cx, s, &path, &mut pats);
            let (items, builder) = (code.items, code.builder);
            let statics = pats.statics();
            let dep = ty::allow_deprecated(s.deprecated.is_some() || cx.members_deprecated(&s.members));
            if s.role == Role::Plain {
                files.push(CrateFile::Rust(format!("src/types/{}.rs", s.module).into(), quote!(#dep #statics #items #builder #v)));
            } else {
                let extra = operation::error_impls(cx, s, used_errors.contains(r));
                files.push(CrateFile::Rust(format!("src/types/error/{}.rs", s.module).into(), quote!(#dep #statics #items #builder #v #extra)));
            }
            let t = Target::Structure(*r);
            let (de, ser) = (wire.de.contains(&t), wire.ser.contains(&t));
            if s.role == Role::Plain && (de || ser) {
                let items = match cx.protocol.codec() {
                    Codec::Json | Codec::Cbor => [de.then(|| json::de_structure(cx, *r)), ser.then(|| json::ser_structure(cx, *r))],
                    Codec::Query { ec2 } => [de.then(|| xml::de_structure(cx, *r)), ser.then(|| query::ser_structure(cx, *r, ec2))],
                    Codec::Xml => [de.then(|| xml::de_structure(cx, *r)), ser.then(|| xml_ser::ser_structure(cx, *r))],
                };
                files.push(wire_file(&s.wire_name, dep, items));
            }
        }
        Unit::Union(r, u) => {
            let mut pats = validate::Patterns::default();
            let items = enums::emit_union(cx, u);
            let path = format_ident!("{}", u.name);
            let v = validate::for_union(cx, u, &quote!(crate::types::#path), &mut pats);
            let statics = pats.statics();
            let dep = ty::allow_deprecated(u.deprecated.is_some() || cx.members_deprecated(&u.members));
            files.push(CrateFile::Rust(format!("src/types/{}.rs", u.module).into(), quote!(#dep #statics #items #v)));
            let t = Target::Union(*r);
            let (de, ser) = (wire.de.contains(&t), wire.ser.contains(&t));
            if de || ser {
                let items = match cx.protocol.codec() {
                    Codec::Json | Codec::Cbor => [de.then(|| json::de_union(cx, u)), ser.then(|| json::ser_union(cx, u))],
                    Codec::Query { ec2 } => [de.then(|| xml::de_union(cx, u)), ser.then(|| query::ser_union(cx, u, ec2))],
                    Codec::Xml => [de.then(|| xml::de_union(cx, u)), ser.then(|| xml_ser::ser_union(cx, u))],
                };
                files.push(wire_file(&u.wire_name, dep, items));
            }
        }
        Unit::Enum(e) => {
            let dep = ty::allow_deprecated(e.deprecated.is_some() || e.variants.iter().any(|v| v.deprecated.is_some()));
            let items = enums::emit_enum(e);
            files.push(CrateFile::Rust(format!("src/types/{}.rs", e.module).into(), quote!(#dep #items)))
        }
        Unit::IntEnum(e) => {
            let dep = ty::allow_deprecated(e.deprecated.is_some() || e.variants.iter().any(|v| v.deprecated.is_some()));
            let items = enums::emit_int_enum(e);
            files.push(CrateFile::Rust(format!("src/types/{}.rs", e.module).into(), quote!(#dep #items)))
        }
        Unit::List(r, l) => {
            if wire.de.contains(&Target::List(*r)) {
                let de = if cx.protocol.codec().xml() { xml::de_list(cx, l) } else { json::de_list(cx, l) };
                files.push(wire_file(&l.wire_name, ty::allow_deprecated(cx.target_deprecated(l.member.target)), [Some(de), None]));
            }
        }
        Unit::Map(r, m) => {
            if wire.de.contains(&Target::Map(*r)) {
                let dep = ty::allow_deprecated(cx.target_deprecated(m.key.target) || cx.target_deprecated(m.value.target));
                let de = if cx.protocol.codec().xml() { xml::de_map(cx, m) } else { json::de_map(cx, m) };
                files.push(wire_file(&m.wire_name, dep, [Some(de), None]));
            }
        }
        Unit::Operation(op) => files.push(CrateFile::Rust(format!("src/operation/{}.rs", op.module).into(), operation::emit(cx, wire, op))),
    }
}

fn wire_file(wire_name: &str, dep: TokenStream, items: [Option<TokenStream>; 2]) -> CrateFile {
    let items = items.into_iter().flatten();
    CrateFile::Rust(format!("src/protocol_serde/{}.rs", naming::wire_module(wire_name)).into(), quote!(#dep #(#items)*))
}

/// The re-export of a type; a deprecated one is re-exported without a
/// warning in the crate itself (its users still get it).
fn reexport(path: TokenStream, deprecated: bool) -> TokenStream {
    let allow = deprecated.then(|| quote!(#[allow(deprecated, reason = "re-exporting a deprecated type is not a use of it")]));
    quote!(#allow pub use #path;)
}

fn types_rs(mods: &[(String, String, bool, bool)]) -> TokenStream {
    let decls = mods.iter().map(|(m, _, _, _)| {
        let m = format_ident!("{}", m);
        quote!(mod #m;)
    });
    let uses = mods.iter().map(|(m, n, _, dep)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}", n));
        reexport(quote!(#m::#n), *dep)
    });
    let builders = mods.iter().filter(|(_, _, s, _)| *s).map(|(m, n, _, _)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}", naming::builder_type(n)));
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

fn errors_rs(mods: &[(String, String, Option<String>, bool)]) -> TokenStream {
    let decls = mods.iter().map(|(m, _, _, _)| {
        let m = format_ident!("{}", m);
        quote!(mod #m;)
    });
    let uses = mods.iter().map(|(m, n, de, dep)| {
        let (mi, ni) = (format_ident!("{}", m), format_ident!("{}", n));
        let de = de.as_ref().map(|de| {
            let de = format_ident!("{}", de);
            quote!(pub(crate) use #mi::#de;)
        });
        let ty = reexport(quote!(#mi::#ni), *dep);
        quote!(#ty #de)
    });
    let builders = mods.iter().map(|(m, n, _, _)| {
        let (m, n) = (format_ident!("{}", m), format_ident!("{}", naming::builder_type(n)));
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

/// The client-runtime features the crate needs: its protocol's,
/// `compression` when some operation compresses requests and `content-md5`
/// when some operation needs a `Content-MD5` header.
fn runtime_features(cx: &Ctx) -> Vec<&'static str> {
    let mut features: Vec<&'static str> = if cx.ir.operations.is_empty() { Vec::new() } else { cx.protocol.runtime_features().to_vec() };
    if cx.ir.operations.iter().any(|o| o.request_compression) {
        features.push("compression");
    }
    if cx.ir.operations.iter().any(|o| o.checksum_required) {
        features.push("content-md5");
    }
    features
}

/// The manifest; runtime features only for what some operation uses, so
/// the dependency tree stays the smallest the service allows.
fn cargo_toml(opts: &Options, features: &[&str]) -> String {
    let features = if features.is_empty() {
        String::new()
    } else {
        format!(", features = [{}]", features.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", "))
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false
description = "A Rust client generated from a Smithy model."

[dependencies]
client-runtime = {{ path = "{rt}"{features} }}

[features]
# `Client::new(&aws_types::SdkConfig)` and `Config::new(&SdkConfig)`: off, so
# the default dependency tree does not grow by aws-types.
sdk-config = ["client-runtime/sdk-config"]
"#,
        name = opts.crate_name,
        rt = opts.runtime_path
    )
}
