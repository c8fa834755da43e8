//! JSON document (de)serializers for structures, unions, lists and maps,
//! written against the runtime's pull reader and writer.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::{Ctx, Kind, ts_format};
use crate::lower::ir::*;
use crate::naming::{ident, snake};

/// Function names and modules of every shape that needs (de)serializers.
pub struct SerdeNames {
    names: BTreeMap<String, String>,
    /// Shapes read from responses.
    pub de: BTreeSet<String>,
    /// Shapes written into requests.
    pub ser: BTreeSet<String>,
}

impl SerdeNames {
    /// Computes names and which shapes need which direction.
    pub fn new(cx: &Ctx) -> Self {
        let mut names = BTreeMap::new();
        let mut used = BTreeSet::new();
        for (id, shape) in &cx.ir.shapes {
            let base = match shape {
                Shape::Structure(s) => snake(&s.name),
                Shape::Union(u) => snake(&u.name),
                Shape::List(c) | Shape::Map(c) => c.snake.clone(),
                _ => continue,
            };
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            names.insert(id.clone(), name);
        }
        let mut de = BTreeSet::new();
        let mut ser = BTreeSet::new();
        // Operation inputs, outputs and errors are (de)serialized inline by
        // the operation; only what their members reach needs functions.
        let members_of = |id: &str| -> Vec<String> {
            match cx.ir.shapes.get(id) {
                Some(Shape::Structure(s)) => s
                    .members
                    .iter()
                    .filter(|m| matches!(m.binding, Binding::Body | Binding::Payload))
                    .map(|m| m.target.clone())
                    .collect(),
                _ => vec![],
            }
        };
        for op in &cx.ir.operations {
            for t in members_of(&op.output).iter().chain(op.errors.iter().flat_map(|e| members_of(e)).collect::<Vec<_>>().iter()) {
                reach(cx, t, &mut de);
            }
            for t in members_of(&op.input) {
                reach(cx, &t, &mut ser);
            }
        }
        Self { names, de, ser }
    }

    /// The snake name of a shape's functions.
    pub fn name(&self, id: &str) -> &str {
        &self.names[id]
    }

    /// `crate::protocol_serde::shape_x::de_x`
    pub fn de_path(&self, id: &str) -> TokenStream {
        let n = self.name(id);
        let m = format_ident!("shape_{}", n);
        let f = format_ident!("de_{}", n);
        quote!(crate::protocol_serde::#m::#f)
    }

    /// `crate::protocol_serde::shape_x::ser_x`
    pub fn ser_path(&self, id: &str) -> TokenStream {
        let n = self.name(id);
        let m = format_ident!("shape_{}", n);
        let f = format_ident!("ser_{}", n);
        quote!(crate::protocol_serde::#m::#f)
    }
}

fn reach(cx: &Ctx, id: &str, out: &mut BTreeSet<String>) {
    if id == "smithy.api#Unit" || !out.insert(id.to_string()) {
        return;
    }
    match cx.shape(id) {
        Shape::Structure(s) => s.members.iter().for_each(|m| reach(cx, &m.target, out)),
        Shape::Union(u) => u.members.iter().for_each(|m| reach(cx, &m.target, out)),
        Shape::List(c) | Shape::Map(c) => reach(cx, &c.value.target, out),
        _ => {}
    }
}

/// An expression reading one value of `m`'s target from `r`.
pub fn read_expr(cx: &Ctx, names: &SerdeNames, m: &Member, default_ts: TimestampFormat) -> TokenStream {
    let v = match cx.kind(&m.target) {
        Kind::Scalar(s) => match s {
            Scalar::String => quote!(r.string()?.into_owned()),
            Scalar::Boolean => quote!(r.boolean()?),
            Scalar::Byte => quote!(r.i8()?),
            Scalar::Short => quote!(r.i16()?),
            Scalar::Integer => quote!(r.i32()?),
            Scalar::Long => quote!(r.i64()?),
            Scalar::Float => quote!(r.f32()?),
            Scalar::Double => quote!(r.f64()?),
            Scalar::BigInteger => quote!(r.big_integer()?),
            Scalar::BigDecimal => quote!(r.big_decimal()?),
            Scalar::Timestamp => {
                let f = ts_format(m.timestamp_format.unwrap_or(default_ts));
                quote!(r.timestamp(#f)?)
            }
            Scalar::Blob => quote!(r.blob()?),
            Scalar::Document => quote!(r.document()?),
        },
        Kind::Enum => {
            let t = cx.type_path(&m.target);
            quote!(#t::from(r.string()?.as_ref()))
        }
        Kind::IntEnum => {
            let t = cx.type_path(&m.target);
            quote!(#t::from(r.i32()?))
        }
        Kind::Structure | Kind::Union | Kind::List | Kind::Map => {
            let f = names.de_path(&m.target);
            quote!(#f(r)?)
        }
        Kind::Unit => quote!({ r.skip_value()?; }),
    };
    if m.boxed { quote!(::std::boxed::Box::new(#v)) } else { v }
}

/// Match arms that read body members into builder `b`.
pub fn body_arms(cx: &Ctx, names: &SerdeNames, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let f = ident(&m.rust);
            let key = &m.json_name;
            let read = read_expr(cx, names, m, TimestampFormat::EpochSeconds);
            quote! {
                #key => {
                    if !r.is_null()? {
                        b.#f = ::std::option::Option::Some(#read);
                    }
                }
            }
        })
        .collect()
}

/// `de_x` for a structure read from a JSON object.
pub fn de_structure(cx: &Ctx, names: &SerdeNames, s: &Structure) -> TokenStream {
    let f = format_ident!("de_{}", names.name(&s.id));
    let ty = cx.type_path(&s.id);
    let builder = cx.builder_path(&s.id);
    let members: Vec<&Member> = s.members.iter().collect();
    let arms = body_arms(cx, names, &members);
    let mutb = if arms.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::json::JsonReader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
            let #mutb b = #builder::default();
            r.object(|key, r| {
                match key {
                    #(#arms)*
                    _ => r.skip_value()?,
                }
                ::std::result::Result::Ok(())
            })?;
            b.build_corrected()
        }
    }
}

/// `de_x` for a union.
pub fn de_union(cx: &Ctx, names: &SerdeNames, u: &Union) -> TokenStream {
    let f = format_ident!("de_{}", names.name(&u.id));
    let ty = cx.type_path(&u.id);
    let arms = u.members.iter().map(|m| {
        let key = &m.json_name;
        let vn = format_ident!("{}", m.variant);
        if cx.kind(&m.target) == Kind::Unit {
            quote!(#key => { r.skip_value()?; #ty::#vn })
        } else {
            let read = read_expr(cx, names, m, TimestampFormat::EpochSeconds);
            quote!(#key => #ty::#vn(#read),)
        }
    });
    let msg_many = format!("more than one member of union `{}` is set", u.id);
    let msg_none = format!("no member of union `{}` is set", u.id);
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::json::JsonReader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
            let mut out = ::std::option::Option::None;
            r.begin_object()?;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                if r.is_null()? || key.as_ref() == "__type" {
                    if key.as_ref() == "__type" { r.skip_value()?; }
                    continue;
                }
                let value = match key.as_ref() {
                    #(#arms)*
                    _ => { r.skip_value()?; #ty::Unknown }
                };
                if out.is_some() {
                    return ::std::result::Result::Err(::client_runtime::protocol::json::DeserializeError::custom(#msg_many));
                }
                out = ::std::option::Option::Some(value);
            }
            out.ok_or_else(|| ::client_runtime::protocol::json::DeserializeError::custom(#msg_none))
        }
    }
}

/// `de_x` for a list or map.
pub fn de_collection(cx: &Ctx, names: &SerdeNames, c: &Collection, is_map: bool) -> TokenStream {
    let f = format_ident!("de_{}", names.name(&c.id));
    let ty = cx.value_type(&c.id);
    let read = read_expr(cx, names, &c.value, TimestampFormat::EpochSeconds);
    let (on_null, wrap) = if c.sparse {
        (quote!(::std::option::Option::None), quote!(::std::option::Option::Some(#read)))
    } else {
        (quote!(continue), read.clone())
    };
    if is_map {
        let key = c.key.as_ref().expect("map key");
        let kconv = match cx.kind(&key.target) {
            Kind::Enum => {
                let t = cx.type_path(&key.target);
                quote!(#t::from(key.as_ref()))
            }
            _ => quote!(key.into_owned()),
        };
        quote! {
            pub(crate) fn #f(r: &mut ::client_runtime::protocol::json::JsonReader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
                let mut out = ::std::collections::HashMap::new();
                r.begin_object()?;
                while let ::std::option::Option::Some(key) = r.next_key()? {
                    let value = if r.is_null()? { #on_null } else { #wrap };
                    out.insert(#kconv, value);
                }
                ::std::result::Result::Ok(out)
            }
        }
    } else {
        quote! {
            pub(crate) fn #f(r: &mut ::client_runtime::protocol::json::JsonReader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
                let mut out = ::std::vec::Vec::new();
                r.begin_array()?;
                while r.next_element()? {
                    let value = if r.is_null()? { #on_null } else { #wrap };
                    out.push(value);
                }
                ::std::result::Result::Ok(out)
            }
        }
    }
}

/// Statements writing `value` (a reference to the member's stored type) to `w`.
pub fn write_stmt(cx: &Ctx, names: &SerdeNames, m: &Member, value: TokenStream, default_ts: TimestampFormat) -> TokenStream {
    match cx.kind(&m.target) {
        Kind::Scalar(s) => match s {
            Scalar::String => quote!(w.string(#value);),
            Scalar::Boolean => quote!(w.boolean(*#value);),
            Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long => quote!(w.i64(i64::from(*#value));),
            Scalar::Float => quote!(w.f32(*#value);),
            Scalar::Double => quote!(w.f64(*#value);),
            Scalar::BigInteger | Scalar::BigDecimal => quote!(w.big_number(#value.as_ref());),
            Scalar::Timestamp => {
                let f = ts_format(m.timestamp_format.unwrap_or(default_ts));
                quote!(w.timestamp(#value, #f);)
            }
            Scalar::Blob => quote!(w.blob(#value.as_ref());),
            Scalar::Document => quote!(w.document(#value);),
        },
        Kind::Enum => quote!(w.string(#value.as_str());),
        Kind::IntEnum => quote!(w.i64(i64::from(#value.as_i32()));),
        Kind::Structure | Kind::Union => {
            let f = names.ser_path(&m.target);
            quote!(#f(w, #value)?;)
        }
        Kind::List => {
            let c = cx.collection(&m.target);
            let inner = write_stmt(cx, names, &c.value, quote!(item), default_ts);
            let inner = if c.sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #inner } ::std::option::Option::None => w.null(), })
            } else {
                inner
            };
            quote! {
                w.begin_array();
                for item in #value.iter() { #inner }
                w.end_array();
            }
        }
        Kind::Map => {
            let c = cx.collection(&m.target);
            let inner = write_stmt(cx, names, &c.value, quote!(item), default_ts);
            let inner = if c.sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #inner } ::std::option::Option::None => w.null(), })
            } else {
                inner
            };
            quote! {
                w.begin_object();
                for (k, item) in #value.iter() { w.key(k.as_str()); #inner }
                w.end_object();
            }
        }
        Kind::Unit => quote! { w.begin_object(); w.end_object(); },
    }
}

/// Statements writing the given members of `v` as object entries.
pub fn write_members(cx: &Ctx, names: &SerdeNames, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let f = ident(&m.rust);
            let key = &m.json_name;
            let val = if m.boxed { quote!(&**value) } else { quote!(value) };
            let stmt = write_stmt(cx, names, m, val, TimestampFormat::EpochSeconds);
            if m.nullable {
                quote!(if let ::std::option::Option::Some(value) = &v.#f { w.key(#key); #stmt })
            } else {
                quote!({ let value = &v.#f; w.key(#key); #stmt })
            }
        })
        .collect()
}

/// `ser_x` for a structure.
pub fn ser_structure(cx: &Ctx, names: &SerdeNames, s: &Structure) -> TokenStream {
    let f = format_ident!("ser_{}", names.name(&s.id));
    let ty = cx.type_path(&s.id);
    let members: Vec<&Member> = s.members.iter().collect();
    let stmts = write_members(cx, names, &members);
    let v = if stmts.is_empty() { quote!(_v) } else { quote!(v) };
    quote! {
        pub(crate) fn #f(w: &mut ::client_runtime::protocol::json::JsonWriter, #v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            w.begin_object();
            #(#stmts)*
            w.end_object();
            ::std::result::Result::Ok(())
        }
    }
}

/// `ser_x` for a union; the `Unknown` variant cannot be sent.
pub fn ser_union(cx: &Ctx, names: &SerdeNames, u: &Union) -> TokenStream {
    let f = format_ident!("ser_{}", names.name(&u.id));
    let ty = cx.type_path(&u.id);
    let arms = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let key = &m.json_name;
        if cx.kind(&m.target) == Kind::Unit {
            quote!(#ty::#vn => { w.key(#key); w.begin_object(); w.end_object(); })
        } else {
            let val = if m.boxed { quote!(&**value) } else { quote!(value) };
            let stmt = write_stmt(cx, names, m, val, TimestampFormat::EpochSeconds);
            quote!(#ty::#vn(value) => { w.key(#key); #stmt })
        }
    });
    let msg = format!("the `Unknown` variant of union `{}` cannot be sent", u.id);
    quote! {
        pub(crate) fn #f(w: &mut ::client_runtime::protocol::json::JsonWriter, v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            w.begin_object();
            match v {
                #(#arms)*
                #ty::Unknown => return ::std::result::Result::Err(::client_runtime::error::BuildError::other(#msg)),
            }
            w.end_object();
            ::std::result::Result::Ok(())
        }
    }
}
