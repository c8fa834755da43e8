//! Emit: the IR to the files of a crate, one emitter per concern.

mod client;
mod endpoint;
mod enums;
mod fake;
mod json;
mod operation;
mod protocol;
mod query;
mod serde_impls;
mod service_error;
mod structure;
mod ty;
mod validate;
mod xml;
mod xml_ser;

use std::collections::BTreeSet;
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
    /// `protocol_serde` modules only the `fake` feature needs.
    fake_serde: Vec<String>,
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
        fake_serde: wire.fake_modules(ir),
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

/// Every file of the generated crate, formatted (or reused, see
/// [`render::Reuse`]). Shapes and operations are emitted and rendered on all
/// cores, each worker taking the next unit when it is done with one; token
/// streams stay on the thread that made them.
pub fn emit_crate(ir: &Ir, opts: &Options, layout: &Layout, reuse: &render::Reuse) -> Result<render::Rendered, String> {
    let protocol = protocol::of(&ir.service);
    let cx = Ctx { ir, protocol: &*protocol };
    let wire = Wire::new(&cx, cx.protocol.codec().xml());
    // The fake needs the protocol's server side, and a crate of its own
    // (its feature lives in the crate's manifest).
    let server = cx.protocol.server().filter(|_| !ir.operations.is_empty() && matches!(layout, Layout::Crate));
    let wire = if server.is_some() { wire.with_fake(ir) } else { wire };
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
    let invalid = match server {
        Some(_) => opts.fake_validation_error.as_deref().map(|id| fake::validation_error(ir, id)).transpose()?,
        None => None,
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (parts, index) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (cx, wire, units, used_errors, next) = (&cx, &wire, &units, &used_errors, &next);
                scope.spawn(move || {
                    let mut out = render::Rendered::default();
                    // Units differ a lot in size (an operation's module is
                    // many shapes' worth), so they are handed out one by one.
                    while let Some(unit) = units.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        let mut files = Vec::new();
                        unit_files(cx, wire, used_errors, unit, &mut files);
                        out.extend(render::render(placed(files, module.is_some()), command, module, reuse)?);
                    }
                    Ok::<_, String>(out)
                })
            })
            .collect();
        // The index files (and the fake's, one per operation) are this thread's share.
        let mut index = index_files(&cx, opts, &mods, module.is_some(), server.is_some());
        if let Some(server) = server {
            index.extend(fake::files(&cx, server, invalid));
        }
        let index = render::render(placed(index, module.is_some()), command, module, reuse);
        let parts: Vec<_> = handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("generator bug: an emitter panicked".into()))).collect();
        (parts, index)
    });
    let mut out = index?;
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// The files at their place in the output: for a module, `src/lib.rs` is
/// its `mod.rs` and the rest keeps its place under it.
fn placed(files: Vec<CrateFile>, module: bool) -> Vec<CrateFile> {
    if !module {
        return files;
    }
    let place = |path: PathBuf| if path == std::path::Path::new("src/lib.rs") { PathBuf::from("mod.rs") } else { path.strip_prefix("src").map(PathBuf::from).unwrap_or(path) };
    files
        .into_iter()
        .map(|f| match f {
            CrateFile::Rust(path, tokens) => CrateFile::Rust(place(path), tokens),
            CrateFile::Text(path, text) => CrateFile::Text(place(path), text),
        })
        .collect()
}

/// `Cargo.toml`, the crate root and the module index files.
fn index_files(cx: &Ctx, opts: &Options, mods: &Modules, module: bool, fake: bool) -> Vec<CrateFile> {
    let serde_items = mods.serde.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(pub(crate) mod #m;)
    });
    let fake_serde_items = mods.fake_serde.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(#[cfg(feature = "fake")] pub(crate) mod #m;)
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
    let root = if fake { quote!(#root #[cfg(feature = "fake")] pub mod fake;) } else { root };
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
                #(#fake_serde_items)*
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
        files.push(CrateFile::Text("Cargo.toml".into(), cargo_toml(opts, &runtime_features(cx), fake)));
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
            // The fake reads structures clients only write: their builders
            // get `build_corrected` under the feature.
            let fake_corrected = wire.fake_read.contains(r).then(|| {
                let (name, b) = (format_ident!("{}", s.name), format_ident!("{}", naming::builder_type(&s.name)));
                let f = structure::corrected_fn(cx, s, &name);
                quote!(#[cfg(feature = "fake")] impl #b { #f })
            });
            let path = cx.struct_path(*r);
            let v = validate::for_structure(cx, s, &path, &mut pats);
            let (items, builder) = (code.items, code.builder);
            let builder = quote!(#builder #fake_corrected);
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
            let (fde, fser) = (wire.fake_de.contains(&t), wire.fake_ser.contains(&t));
            if s.role == Role::Plain && (de || ser || fde || fser) {
                let items = match cx.protocol.codec() {
                    Codec::Json | Codec::Cbor => [de.then(|| json::de_structure(cx, *r)), ser.then(|| json::ser_structure(cx, *r))],
                    Codec::Query { ec2 } => [de.then(|| xml::de_structure(cx, *r)), ser.then(|| query::ser_structure(cx, *r, ec2))],
                    Codec::Xml => [de.then(|| xml::de_structure(cx, *r)), ser.then(|| xml_ser::ser_structure(cx, *r))],
                };
                // Only JSON protocols have a server side so far.
                let fake = [fde.then(|| json::de_structure(cx, *r)), fser.then(|| json::ser_structure(cx, *r))];
                files.push(wire_file(&s.wire_name, dep, items, fake));
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
            let (fde, fser) = (wire.fake_de.contains(&t), wire.fake_ser.contains(&t));
            if de || ser || fde || fser {
                let items = match cx.protocol.codec() {
                    Codec::Json | Codec::Cbor => [de.then(|| json::de_union(cx, u)), ser.then(|| json::ser_union(cx, u))],
                    Codec::Query { ec2 } => [de.then(|| xml::de_union(cx, u)), ser.then(|| query::ser_union(cx, u, ec2))],
                    Codec::Xml => [de.then(|| xml::de_union(cx, u)), ser.then(|| xml_ser::ser_union(cx, u))],
                };
                let fake = [fde.then(|| json::de_union(cx, u)), fser.then(|| json::ser_union(cx, u))];
                files.push(wire_file(&u.wire_name, dep, items, fake));
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
            let (de, fde) = (wire.de.contains(&Target::List(*r)), wire.fake_de.contains(&Target::List(*r)));
            if de || fde {
                let read = if cx.protocol.codec().xml() { xml::de_list(cx, l) } else { json::de_list(cx, l) };
                let (client, fake) = if de { (Some(read), None) } else { (None, Some(read)) };
                files.push(wire_file(&l.wire_name, ty::allow_deprecated(cx.target_deprecated(l.member.target)), [client, None], [fake, None]));
            }
        }
        Unit::Map(r, m) => {
            let (de, fde) = (wire.de.contains(&Target::Map(*r)), wire.fake_de.contains(&Target::Map(*r)));
            if de || fde {
                let dep = ty::allow_deprecated(cx.target_deprecated(m.key.target) || cx.target_deprecated(m.value.target));
                let read = if cx.protocol.codec().xml() { xml::de_map(cx, m) } else { json::de_map(cx, m) };
                let (client, fake) = if de { (Some(read), None) } else { (None, Some(read)) };
                files.push(wire_file(&m.wire_name, dep, [client, None], [fake, None]));
            }
        }
        Unit::Operation(op) => files.push(CrateFile::Rust(format!("src/operation/{}.rs", op.module).into(), operation::emit(cx, wire, op))),
    }
}

/// A `protocol_serde` file: the client's functions, then those only the
/// `fake` feature uses, under it.
fn wire_file(wire_name: &str, dep: TokenStream, items: [Option<TokenStream>; 2], fake: [Option<TokenStream>; 2]) -> CrateFile {
    let items = items.into_iter().flatten();
    let fake = fake.into_iter().flatten().map(|f| quote!(#[cfg(feature = "fake")] #f));
    CrateFile::Rust(format!("src/protocol_serde/{}.rs", naming::wire_module(wire_name)).into(), quote!(#dep #(#items)* #(#fake)*))
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
fn cargo_toml(opts: &Options, features: &[&str], fake: bool) -> String {
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
# `Serialize` and `Deserialize` for every data type, in the JSON the AWS CLI
# prints (docs/serde.md): off, so the default dependency tree has no serde.
serde = ["client-runtime/serde"]
{fake}"#,
        name = opts.crate_name,
        rt = opts.runtime_path,
        fake = if fake {
            "# The `fake` module: a local server of the service for integration tests\n\
             # (hyper's server half); off, so the default dependency tree does not grow.\n\
             fake = [\"client-runtime/fake\"]\n"
        } else {
            ""
        },
    )
}
