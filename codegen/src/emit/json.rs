//! JSON document (de)serializers for structures, unions, lists and maps,
//! written against the runtime's pull reader and writer; with the CBOR
//! codec (rpcv2Cbor) the same code drives `CborReader` and `CborWriter`,
//! whose maps, arrays and scalars have the same shape.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::{Ctx, ts_format};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// The reader and writer a document codec's code calls: JSON's, or CBOR's.
struct Doc {
    reader: TokenStream,
    writer: TokenStream,
    begin: proc_macro2::Ident,
    end: proc_macro2::Ident,
    members: proc_macro2::Ident,
    body: proc_macro2::Ident,
    cbor: bool,
}

fn doc(cx: &Ctx) -> Doc {
    if cx.protocol.codec() == super::protocol::Codec::Cbor {
        Doc {
            reader: quote!(::client_runtime::protocol::cbor::CborReader),
            writer: quote!(::client_runtime::protocol::cbor::CborWriter),
            begin: format_ident!("begin_map"),
            end: format_ident!("end_map"),
            members: format_ident!("map"),
            body: format_ident!("body_map"),
            cbor: true,
        }
    } else {
        Doc {
            reader: quote!(::client_runtime::protocol::json::JsonReader),
            writer: quote!(::client_runtime::protocol::json::JsonWriter),
            begin: format_ident!("begin_object"),
            end: format_ident!("end_object"),
            members: format_ident!("object"),
            body: format_ident!("body_object"),
            cbor: false,
        }
    }
}

/// Which shapes need (de)serializer functions of their own.
pub struct Wire {
    /// Shapes read from responses.
    pub de: BTreeSet<Target>,
    /// Shapes written into requests.
    pub ser: BTreeSet<Target>,
    /// Structures read from responses, operation outputs and errors included.
    pub read: BTreeSet<StructRef>,
    /// With the `fake` feature only: shapes the server reads from requests
    /// and writes into responses beyond `de` and `ser`, and structures it
    /// reads beyond `read`.
    pub fake_de: BTreeSet<Target>,
    /// See `fake_de`.
    pub fake_ser: BTreeSet<Target>,
    /// See `fake_de`.
    pub fake_read: BTreeSet<StructRef>,
}

impl Wire {
    /// Follows operation inputs, outputs and errors to what they reach.
    /// With `xml`, a flattened list or map member needs no function of its
    /// own for reading (its parent reads the repeated elements), only its
    /// items' targets do.
    pub fn new(cx: &Ctx, xml: bool) -> Self {
        let ir = cx.ir;
        let mut de = BTreeSet::new();
        let mut ser = BTreeSet::new();
        // Operation inputs, outputs and errors are (de)serialized inline by
        // the operation; only what their members reach needs functions.
        let body_members = |s: StructRef| -> Vec<&Member> { ir[s].members.iter().filter(|m| matches!(m.binding, Binding::Body | Binding::Payload)).collect() };
        let response_members =
            |s: StructRef| -> Vec<&Member> { ir[s].members.iter().filter(|m| m.binding == Binding::Payload || super::protocol::in_response_body(m)).collect() };
        let mut read = BTreeSet::new();
        for op in &ir.operations {
            read.insert(op.output);
            read.extend(op.errors.iter().copied());
            for m in response_members(op.output).into_iter().chain(op.errors.iter().flat_map(|e| response_members(*e))) {
                reach_member(ir, m, &mut de, xml);
            }
            for m in body_members(op.input) {
                reach_member(ir, m, &mut ser, xml);
            }
        }
        read.extend(de.iter().filter_map(|t| match t {
            Target::Structure(s) => Some(*s),
            _ => None,
        }));
        Self { de, ser, read, fake_de: BTreeSet::new(), fake_ser: BTreeSet::new(), fake_read: BTreeSet::new() }
    }

    /// Adds what the server side of the `fake` module needs: inputs' body
    /// shapes read, outputs' and errors' written.
    pub fn with_fake(mut self, ir: &Ir) -> Self {
        let mut de = BTreeSet::new();
        let mut ser = BTreeSet::new();
        let body = |s: StructRef| -> Vec<&Member> { ir[s].members.iter().filter(|m| matches!(m.binding, Binding::Body | Binding::Payload)).collect() };
        for op in &ir.operations {
            body(op.input).into_iter().for_each(|m| reach_member(ir, m, &mut de, false));
            for s in std::iter::once(op.output).chain(op.errors.iter().copied()) {
                body(s).into_iter().for_each(|m| reach_member(ir, m, &mut ser, false));
            }
        }
        self.fake_de = de.difference(&self.de).copied().collect();
        // Lists and maps are written inline; only structures and unions have writers.
        self.fake_ser = ser.difference(&self.ser).copied().filter(|t| matches!(t, Target::Structure(_) | Target::Union(_))).collect();
        self.fake_read =
            self.fake_de.iter().filter_map(|t| if let Target::Structure(s) = t { Some(*s) } else { None }).filter(|s| !self.read.contains(s)).collect();
        self
    }

    /// The `protocol_serde` modules only the `fake` feature needs.
    pub fn fake_modules(&self, ir: &Ir) -> Vec<String> {
        let client = self.modules(ir);
        let has = |t: Target| self.fake_de.contains(&t) || self.fake_ser.contains(&t);
        let mut out: Vec<(&ShapeId, &str)> = Vec::new();
        out.extend(ir.structure_refs().filter(|(r, s)| s.role == Role::Plain && has(Target::Structure(*r))).map(|(_, s)| (&s.id, s.wire_name.as_str())));
        out.extend(ir.union_refs().filter(|(r, _)| has(Target::Union(*r))).map(|(_, u)| (&u.id, u.wire_name.as_str())));
        out.extend(ir.list_refs().filter(|(r, _)| has(Target::List(*r))).map(|(_, l)| (&l.id, l.wire_name.as_str())));
        out.extend(ir.map_refs().filter(|(r, _)| has(Target::Map(*r))).map(|(_, m)| (&m.id, m.wire_name.as_str())));
        out.sort();
        out.into_iter().map(|(_, n)| naming::wire_module(n)).filter(|m| !client.contains(m)).collect()
    }

    /// The `protocol_serde` modules, in shape id order.
    pub fn modules(&self, ir: &Ir) -> Vec<String> {
        let has = |t: Target| self.de.contains(&t) || self.ser.contains(&t);
        let mut out: Vec<(&ShapeId, &str)> = Vec::new();
        out.extend(ir.structure_refs().filter(|(r, s)| s.role == Role::Plain && has(Target::Structure(*r))).map(|(_, s)| (&s.id, s.wire_name.as_str())));
        out.extend(ir.union_refs().filter(|(r, _)| has(Target::Union(*r))).map(|(_, u)| (&u.id, u.wire_name.as_str())));
        out.extend(ir.list_refs().filter(|(r, _)| self.de.contains(&Target::List(*r))).map(|(_, l)| (&l.id, l.wire_name.as_str())));
        out.extend(ir.map_refs().filter(|(r, _)| self.de.contains(&Target::Map(*r))).map(|(_, m)| (&m.id, m.wire_name.as_str())));
        out.sort();
        out.into_iter().map(|(_, n)| naming::wire_module(n)).collect()
    }
}

/// `crate::protocol_serde::shape_x::de_x` (or `ser_x`) of a shape.
pub(super) fn fn_path(ir: &Ir, t: Target, de: bool) -> TokenStream {
    let name = match t {
        Target::Structure(s) => &ir[s].wire_name,
        Target::Union(u) => &ir[u].wire_name,
        Target::List(l) => &ir[l].wire_name,
        Target::Map(m) => &ir[m].wire_name,
        _ => {
            return quote!(::std::compile_error!("generator bug: a scalar has no (de)serializer function"));
        }
    };
    let m = format_ident!("{}", naming::wire_module(name));
    let f = format_ident!("{}", if de { naming::de_fn(name) } else { naming::ser_fn(name) });
    quote!(crate::protocol_serde::#m::#f)
}

/// What reading or writing member `m` needs functions for.
fn reach_member(ir: &Ir, m: &Member, out: &mut BTreeSet<Target>, xml: bool) {
    match m.target {
        // The parent reads a flattened list's items (map's entries) itself.
        Target::List(l) if xml && m.xml.flattened => reach_member(ir, &ir[l].member, out, xml),
        Target::Map(map) if xml && m.xml.flattened => reach_member(ir, &ir[map].value, out, xml),
        t => reach(ir, t, out, xml),
    }
}

fn reach(ir: &Ir, t: Target, out: &mut BTreeSet<Target>, xml: bool) {
    if !matches!(t, Target::Structure(_) | Target::Union(_) | Target::List(_) | Target::Map(_)) || !out.insert(t) {
        return;
    }
    match t {
        Target::Structure(s) => ir[s].members.iter().for_each(|m| reach_member(ir, m, out, xml)),
        Target::Union(u) => ir[u].members.iter().for_each(|m| reach_member(ir, m, out, xml)),
        Target::List(l) => reach_member(ir, &ir[l].member, out, xml),
        Target::Map(m) => reach_member(ir, &ir[m].value, out, xml),
        _ => {}
    }
}

/// The read of a scalar from `r`, for every document reader (JSON, CBOR,
/// XML share these names); `timestamp` and `document` are the reader's own.
pub(super) fn read_scalar(s: Scalar, timestamp: TokenStream, document: TokenStream) -> TokenStream {
    match s {
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
        Scalar::Timestamp => timestamp,
        Scalar::Blob => quote!(r.blob()?),
        Scalar::Document => document,
    }
}

/// An expression reading one value of `m`'s target from `r`.
pub fn read_expr(cx: &Ctx, m: &Member, default_ts: TimestampFormat) -> TokenStream {
    let v = match m.target {
        Target::Scalar(s) => {
            let cbor = doc(cx).cbor;
            // CBOR timestamps are tag 1 epoch seconds, whatever the trait says.
            let timestamp = if cbor {
                quote!(r.timestamp()?)
            } else {
                let f = ts_format(m.timestamp_format.unwrap_or(default_ts));
                quote!(r.timestamp(#f)?)
            };
            let document = if cbor { quote!(::std::compile_error!("rpcv2Cbor has no document type")) } else { quote!(r.document()?) };
            read_scalar(s, timestamp, document)
        }
        Target::Enum(_) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(r.string()?.as_ref()))
        }
        Target::IntEnum(_) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(r.i32()?))
        }
        Target::Structure(_) | Target::Union(_) | Target::List(_) | Target::Map(_) => {
            let f = fn_path(cx.ir, m.target, true);
            quote!(#f(r)?)
        }
        Target::Unit => quote!({
            r.skip_value()?;
        }),
    };
    if m.boxed { quote!(::std::boxed::Box::new(#v)) } else { v }
}

/// Match arms that read body members into builder `b`.
fn body_arms(cx: &Ctx, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let f = ident(&m.rust);
            let key = &m.json_name;
            let read = read_expr(cx, m, TimestampFormat::EpochSeconds);
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

/// A statement reading a response body that is one JSON object of
/// `members` into builder `b` (an empty body reads as `{}`).
pub fn read_body_object(cx: &Ctx, members: &[&Member]) -> TokenStream {
    let Doc { body, .. } = doc(cx);
    body_object_with(cx, members, body)
}

/// [`read_body_object`] for a request a server reads: in the reader's
/// strict mode (JSON only; the fake has no other codec yet).
pub fn read_body_object_strict(cx: &Ctx, members: &[&Member]) -> TokenStream {
    body_object_with(cx, members, format_ident!("strict_body_object"))
}

fn body_object_with(cx: &Ctx, members: &[&Member], body: proc_macro2::Ident) -> TokenStream {
    let arms = body_arms(cx, members);
    let Doc { reader, .. } = doc(cx);
    quote! {
        #reader::#body(resp.body(), |key, r| {
            match key {
                #(#arms)*
                _ => r.skip_value()?,
            }
            ::std::result::Result::Ok(())
        })?;
    }
}

/// `de_x` for a structure read from a JSON object.
pub fn de_structure(cx: &Ctx, r: StructRef) -> TokenStream {
    let Doc { reader, members: members_fn, .. } = doc(cx);
    let s = &cx.ir[r];
    let f = format_ident!("{}", naming::de_fn(&s.wire_name));
    let ty = cx.struct_path(r);
    let builder = cx.builder_path(r);
    let members: Vec<&Member> = s.members.iter().collect();
    let arms = body_arms(cx, &members);
    let mutb = if arms.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        pub(crate) fn #f(r: &mut #reader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
            let #mutb b = #builder::default();
            r.#members_fn(|key, r| {
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
pub fn de_union(cx: &Ctx, u: &Union) -> TokenStream {
    let Doc { reader, begin, .. } = doc(cx);
    let f = format_ident!("{}", naming::de_fn(&u.wire_name));
    let ty = union_path(u);
    let arms = u.members.iter().map(|m| {
        let key = &m.json_name;
        let vn = format_ident!("{}", m.variant);
        if m.target == Target::Unit {
            quote!(#key => { r.skip_value()?; #ty::#vn })
        } else {
            let read = read_expr(cx, m, TimestampFormat::EpochSeconds);
            quote!(#key => #ty::#vn(#read),)
        }
    });
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let msg_many = format!("more than one member of union `{}` is set", u.id);
    let msg_none = format!("no member of union `{}` is set", u.id);
    quote! {
        pub(crate) fn #f(r: &mut #reader<'_>) -> ::std::result::Result<#ty, ::client_runtime::protocol::json::DeserializeError> {
            let mut out = ::std::option::Option::None;
            r.#begin()?;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                if r.is_null()? || key.as_ref() == "__type" {
                    if key.as_ref() == "__type" { r.skip_value()?; }
                    continue;
                }
                let value = match key.as_ref() {
                    #(#arms)*
                    other => { r.unknown_union_member(other)?; r.skip_value()?; #ty::#unknown }
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

/// `de_x` for a list.
pub fn de_list(cx: &Ctx, l: &List) -> TokenStream {
    let Doc { reader, .. } = doc(cx);
    let f = format_ident!("{}", naming::de_fn(&l.wire_name));
    let elem = cx.element_type(&l.member, l.sparse);
    let (on_null, wrap) = element_read(cx, &l.member, l.sparse);
    quote! {
        pub(crate) fn #f(r: &mut #reader<'_>) -> ::std::result::Result<::std::vec::Vec<#elem>, ::client_runtime::protocol::json::DeserializeError> {
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

/// `de_x` for a map.
pub fn de_map(cx: &Ctx, m: &Map) -> TokenStream {
    let Doc { reader, begin, .. } = doc(cx);
    let f = format_ident!("{}", naming::de_fn(&m.wire_name));
    let key_ty = cx.value_type(m.key.target);
    let value_ty = cx.element_type(&m.value, m.sparse);
    let (on_null, wrap) = element_read(cx, &m.value, m.sparse);
    let kconv = match m.key.target {
        Target::Enum(_) => {
            let t = cx.type_path(m.key.target);
            quote!(#t::from(key.as_ref()))
        }
        _ => quote!(key.into_owned()),
    };
    quote! {
        pub(crate) fn #f(r: &mut #reader<'_>) -> ::std::result::Result<::std::collections::HashMap<#key_ty, #value_ty>, ::client_runtime::protocol::json::DeserializeError> {
            let mut out = ::std::collections::HashMap::new();
            r.#begin()?;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                let value = if r.is_null()? { #on_null } else { #wrap };
                out.insert(#kconv, value);
            }
            ::std::result::Result::Ok(out)
        }
    }
}

/// What a null element becomes, and the read of a present one.
fn element_read(cx: &Ctx, m: &Member, sparse: bool) -> (TokenStream, TokenStream) {
    let read = read_expr(cx, m, TimestampFormat::EpochSeconds);
    // A null where the list or map is not sparse: skipped by clients, an
    // error for the fake's strict reader.
    if sparse { (quote!(::std::option::Option::None), quote!(::std::option::Option::Some(#read))) } else { (quote!({ r.dense_null()?; continue }), read) }
}

/// `crate::types::U` of a union.
pub(super) fn union_path(u: &Union) -> TokenStream {
    let n = format_ident!("{}", u.name);
    quote!(crate::types::#n)
}

/// Statements writing `value` (a reference to the member's stored type) to `w`.
pub fn write_stmt(cx: &Ctx, m: &Member, value: TokenStream, default_ts: TimestampFormat) -> TokenStream {
    let Doc { begin, end, .. } = doc(cx);
    match m.target {
        Target::Scalar(s) => match s {
            Scalar::String => quote!(w.string(#value);),
            Scalar::Boolean => quote!(w.boolean(*#value);),
            Scalar::Long => quote!(w.i64(*#value);),
            Scalar::Byte | Scalar::Short | Scalar::Integer => quote!(w.i64(i64::from(*#value));),
            Scalar::Float => quote!(w.f32(*#value);),
            Scalar::Double => quote!(w.f64(*#value);),
            Scalar::BigInteger | Scalar::BigDecimal => quote!(w.big_number(#value.as_ref());),
            Scalar::Timestamp if doc(cx).cbor => quote!(w.timestamp(#value);),
            Scalar::Timestamp => {
                let f = ts_format(m.timestamp_format.unwrap_or(default_ts));
                quote!(w.timestamp(#value, #f);)
            }
            Scalar::Blob => quote!(w.blob(#value.as_ref());),
            Scalar::Document if doc(cx).cbor => quote!(::std::compile_error!("rpcv2Cbor has no document type");),
            Scalar::Document => quote!(w.document(#value);),
        },
        Target::Enum(_) => quote!(w.string(#value.as_str());),
        Target::IntEnum(_) => quote!(w.i64(i64::from(#value.as_i32()));),
        Target::Structure(_) | Target::Union(_) => {
            let f = fn_path(cx.ir, m.target, false);
            quote!(#f(w, #value)?;)
        }
        Target::List(l) => {
            let l = &cx.ir[l];
            let inner = write_stmt(cx, &l.member, quote!(item), default_ts);
            let inner =
                if l.sparse { quote!(match item { ::std::option::Option::Some(item) => { #inner } ::std::option::Option::None => w.null(), }) } else { inner };
            quote! {
                w.begin_array();
                for item in #value.iter() { #inner }
                w.end_array();
            }
        }
        Target::Map(map) => {
            let map = &cx.ir[map];
            let inner = write_stmt(cx, &map.value, quote!(item), default_ts);
            let inner = if map.sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #inner } ::std::option::Option::None => w.null(), })
            } else {
                inner
            };
            quote! {
                w.#begin();
                for (k, item) in #value.iter() { w.key(k.as_str()); #inner }
                w.#end();
            }
        }
        Target::Unit => quote! { w.#begin(); w.#end(); },
    }
}

/// Statements writing the given members of `v` as object entries.
pub fn write_members(cx: &Ctx, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let f = ident(&m.rust);
            let key = &m.json_name;
            // A boxed member is a structure or union, passed to its serializer
            // by reference; `&Box<T>` coerces to `&T`.
            let val = quote!(value);
            let stmt = write_stmt(cx, m, val, TimestampFormat::EpochSeconds);
            if m.nullable {
                quote!(if let ::std::option::Option::Some(value) = &v.#f { w.key(#key); #stmt })
            } else {
                quote!({ let value = &v.#f; w.key(#key); #stmt })
            }
        })
        .collect()
}

/// `ser_x` for a structure.
pub fn ser_structure(cx: &Ctx, r: StructRef) -> TokenStream {
    let Doc { writer, begin, end, .. } = doc(cx);
    let s = &cx.ir[r];
    let f = format_ident!("{}", naming::ser_fn(&s.wire_name));
    let ty = cx.struct_path(r);
    let members: Vec<&Member> = s.members.iter().collect();
    let stmts = write_members(cx, &members);
    let v = if stmts.is_empty() { quote!(_v) } else { quote!(v) };
    quote! {
        pub(crate) fn #f(w: &mut #writer, #v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            w.#begin();
            #(#stmts)*
            w.#end();
            ::std::result::Result::Ok(())
        }
    }
}

/// `ser_x` for a union; the `Unknown` variant cannot be sent.
pub fn ser_union(cx: &Ctx, u: &Union) -> TokenStream {
    let Doc { writer, begin, end, .. } = doc(cx);
    let f = format_ident!("{}", naming::ser_fn(&u.wire_name));
    let ty = union_path(u);
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let arms = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let key = &m.json_name;
        if m.target == Target::Unit {
            quote!(#ty::#vn => { w.key(#key); w.#begin(); w.#end(); })
        } else {
            // A boxed member is a structure or union, passed to its serializer
            // by reference; `&Box<T>` coerces to `&T`.
            let val = quote!(value);
            let stmt = write_stmt(cx, m, val, TimestampFormat::EpochSeconds);
            quote!(#ty::#vn(value) => { w.key(#key); #stmt })
        }
    });
    let msg = format!("the `Unknown` variant of union `{}` cannot be sent", u.id);
    quote! {
        pub(crate) fn #f(w: &mut #writer, v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            w.#begin();
            match v {
                #(#arms)*
                #ty::#unknown => return ::std::result::Result::Err(::client_runtime::error::BuildError::other(#msg)),
            }
            w.#end();
            ::std::result::Result::Ok(())
        }
    }
}
