//! Emit: the IR to the files of a crate, one emitter per concern.

mod client;
mod enums;
mod http;
mod json;
mod operation;
mod structure;
mod ty;
mod validate;


use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Options;
use crate::lower::ir::*;
use crate::naming::{module_name, snake};
use crate::render::CrateFile;
use json::SerdeNames;
use ty::Ctx;

/// Every file of the generated crate.
pub fn emit_crate(ir: &Ir, opts: &Options) -> Vec<CrateFile> {
    let cx = Ctx { ir };
    let names = SerdeNames::new(&cx);
    let mut files = Vec::new();
    files.push(CrateFile::Text("Cargo.toml".into(), cargo_toml(opts)));
    files.push(CrateFile::Rust("src/lib.rs".into(), client::lib_rs(&cx, opts)));
    files.push(CrateFile::Rust("src/client.rs".into(), client::client_rs(&cx, opts)));
    files.push(CrateFile::Rust("src/config.rs".into(), client::config_rs()));
    files.push(CrateFile::Rust("src/error.rs".into(), client::error_rs()));
    files.push(CrateFile::Rust("src/primitives.rs".into(), client::primitives_rs()));

    // types/ and types/error/
    let used_errors: std::collections::BTreeSet<&str> = ir.operations.iter().flat_map(|o| o.errors.iter().map(String::as_str)).collect();
    let mut type_mods = Vec::new();
    let mut error_mods = Vec::new();
    let mut serde_mods = Vec::new();
    for (id, shape) in &ir.shapes {
        match shape {
            Shape::Structure(s) => {
                let mut pats = validate::Patterns::default();
                let code = structure::emit(&cx, s);
                let path = cx.type_path(id);
                let v = validate::for_structure(&cx, s, &path, &mut pats);
                let (items, builder) = (code.items, code.builder);
                let statics = pats.statics();
                match &s.role {
                    Role::Plain => {
                        let m = format!("_{}", snake(&s.name));
                        files.push(CrateFile::Rust(format!("src/types/{m}.rs").into(), quote!(#statics #items #builder #v)));
                        type_mods.push((m, s.name.clone(), true));
                    }
                    Role::Error { .. } => {
                        let m = format!("_{}", snake(&s.name));
                        let used = used_errors.contains(id.as_str());
                        let extra = operation::error_impls(&cx, &names, s, used);
                        files.push(CrateFile::Rust(format!("src/types/error/{m}.rs").into(), quote!(#statics #items #builder #v #extra)));
                        error_mods.push((m, s.name.clone(), used));
                    }
                    Role::Input(_) | Role::Output(_) => {}
                }
            }
            Shape::Union(u) => {
                let mut pats = validate::Patterns::default();
                let items = enums::emit_union(&cx, u);
                let path = cx.type_path(id);
                let v = validate::for_union(&cx, u, &path, &mut pats);
                let statics = pats.statics();
                let m = format!("_{}", snake(&u.name));
                files.push(CrateFile::Rust(format!("src/types/{m}.rs").into(), quote!(#statics #items #v)));
                type_mods.push((m, u.name.clone(), false));
            }
            Shape::Enum(e) => {
                let m = format!("_{}", snake(&e.name));
                files.push(CrateFile::Rust(format!("src/types/{m}.rs").into(), enums::emit_enum(e)));
                type_mods.push((m, e.name.clone(), false));
            }
            Shape::IntEnum(e) => {
                let m = format!("_{}", snake(&e.name));
                files.push(CrateFile::Rust(format!("src/types/{m}.rs").into(), enums::emit_int_enum(e)));
                type_mods.push((m, e.name.clone(), false));
            }
            _ => {}
        }
        // Wire code for the shapes requests and responses carry.
        let (de, ser) = (names.de.contains(id), names.ser.contains(id));
        if !de && !ser {
            continue;
        }
        let mut items = Vec::new();
        match shape {
            Shape::Structure(s) if s.role == Role::Plain => {
                if de {
                    items.push(json::de_structure(&cx, &names, s));
                }
                if ser {
                    items.push(json::ser_structure(&cx, &names, s));
                }
            }
            Shape::Union(u) => {
                if de {
                    items.push(json::de_union(&cx, &names, u));
                }
                if ser {
                    items.push(json::ser_union(&cx, &names, u));
                }
            }
            Shape::List(c) if de => items.push(json::de_collection(&cx, &names, c, false)),
            Shape::Map(c) if de => items.push(json::de_collection(&cx, &names, c, true)),
            _ => {}
        }
        if !items.is_empty() {
            let m = format!("shape_{}", names.name(id));
            files.push(CrateFile::Rust(format!("src/protocol_serde/{m}.rs").into(), quote!(#(#items)*)));
            serde_mods.push(m);
        }
    }
    files.push(CrateFile::Rust("src/types.rs".into(), types_rs(&type_mods)));
    files.push(CrateFile::Rust("src/types/error.rs".into(), errors_rs(&error_mods)));
    let serde_items = serde_mods.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(pub(crate) mod #m;)
    });
    files.push(CrateFile::Rust(
        "src/protocol_serde.rs".into(),
        quote! {
            //! JSON (de)serializers of the shapes requests and responses carry.
            #(#serde_items)*
        },
    ));

    // operation/
    let mut op_mods = Vec::new();
    for op in &ir.operations {
        let m = module_name(&op.name);
        files.push(CrateFile::Rust(format!("src/operation/{m}.rs").into(), operation::emit(&cx, &names, op)));
        op_mods.push(m);
    }
    let op_items = op_mods.iter().map(|m| {
        let id = format_ident!("{}", m);
        quote!(pub mod #id;)
    });
    files.push(CrateFile::Rust(
        "src/operation.rs".into(),
        quote! {
            //! One module per operation: its input, output, error and builders.
            #(#op_items)*
        },
    ));
    files
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
