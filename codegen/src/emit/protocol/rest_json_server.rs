//! restJson1, server side (the `fake` feature): requests into typed inputs
//! (labels, query, headers, body), typed outputs and modeled errors into
//! responses. The inverse of `rest_json`, sharing its value conversions
//! and the JSON codec's readers and writers.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::json::{read_body_object_strict, read_expr};
use super::super::ty::Ctx;
use super::super::json::{write_members, write_stmt};
use super::rest_json::{from_wire, header_value, opt_ref, raw_payload_body, raw_payload_read, read_response_members};
use super::{ServerSide, in_response_body};
use crate::lower::ir::*;
use crate::naming::ident;

/// The restJson1 server side.
pub struct RestJson1Server;

impl ServerSide for RestJson1Server {
    fn de_request(&self, cx: &Ctx, op: &Operation) -> TokenStream {
        de_request(cx, op)
    }

    fn ser_members(&self, cx: &Ctx, members: &[Member], status: TokenStream, unit: bool) -> TokenStream {
        ser_members(cx, members, status, unit)
    }
}

/// The media type of a payload member's body.
fn payload_media_type(m: &Member) -> &str {
    if let Some(mt) = &m.media_type {
        return mt;
    }
    match m.target {
        Target::Scalar(Scalar::Blob) => "application/octet-stream",
        Target::Scalar(Scalar::String) | Target::Enum(_) => "text/plain",
        _ => "application/json",
    }
}

/// What a message of `members` carries as its body: `None` for no body.
pub(super) fn body_media_type(members: &[Member]) -> Option<&str> {
    if let Some(p) = members.iter().find(|m| m.binding == Binding::Payload) {
        return Some(payload_media_type(p));
    }
    members.iter().any(|m| m.binding == Binding::Body).then_some("application/json")
}

/// `fake_deserialize_request`: checks `Content-Type` and `Accept`, then
/// reads labels, query, headers and body into the input builder.
fn de_request(cx: &Ctx, op: &Operation) -> TokenStream {
    let input = &cx.ir[op.input];
    let ty = cx.struct_path(op.input);
    let builder = cx.builder_path(op.input);
    // A blob payload without `@mediaType` takes any type; an input with no
    // members at all (not `Unit`) takes an empty JSON object.
    let consumes = match input.members.iter().find(|m| m.binding == Binding::Payload) {
        Some(p) if p.target == Target::Scalar(Scalar::Blob) && p.media_type.is_none() => Some("*/*"),
        _ if input.members.is_empty() && !op.unit_input => Some("application/json"),
        _ => body_media_type(&input.members),
    };
    let consumes = match consumes {
        Some(ct) => quote!(::std::option::Option::Some(#ct)),
        None => quote!(::std::option::Option::None),
    };
    let output = &cx.ir[op.output].members;
    let produces = match output.iter().find(|m| m.binding == Binding::Payload) {
        Some(p) if p.target == Target::Scalar(Scalar::Blob) && p.media_type.is_none() => "*/*",
        _ => body_media_type(output).unwrap_or("application/json"),
    };
    let mut stmts = Vec::new();
    for seg in &op.http.path {
        let PathSegment::Label { member, .. } = seg else { continue };
        let Some(m) = input.members.get(*member) else { continue };
        let f = ident(&m.rust);
        let i = op.http.path.iter().take_while(|s| *s != seg).filter(|s| matches!(s, PathSegment::Label { .. })).count();
        let conv = value(cx, m.target, quote!(s), m.timestamp_format.unwrap_or(TimestampFormat::DateTime), &m.name);
        stmts.push(quote! {{ let s = req.label(#i)?; b.#f = ::std::option::Option::Some(#conv); }});
    }
    stmts.extend(query_reads(cx, &input.members));
    let headers: Vec<Member> = input.members.iter().filter(|m| matches!(m.binding, Binding::Header(_) | Binding::PrefixHeaders(_))).cloned().collect();
    let body = body_read(cx, &input.members);
    let reads = read_response_members(cx, &headers, body);
    let defaults = defaults(cx, &input.members);
    let mutb = if stmts.is_empty() && reads.is_empty() && defaults.is_empty() { quote!() } else { quote!(mut) };
    // Inputs' `build()` is fallible (as the official SDKs'); a structure
    // shared as input is fallible when a member must be set.
    let fallible = matches!(input.role, Role::Input { .. }) || input.members.iter().any(|m| !m.nullable && m.default.is_none());
    let build = if fallible { quote!(b.build()?) } else { quote!(b.build()) };
    // A required member no value of the type can lack: missing, it is a
    // validation error (`Member must not be null`), not a build failure.
    let must: Vec<TokenStream> = input
        .members
        .iter()
        .filter(|m| !m.nullable && m.default.is_none())
        .map(|m| {
            let (f, name) = (ident(&m.rust), &m.name);
            quote!(if b.#f.is_none() { v.required(#name); })
        })
        .collect();
    let must = (!must.is_empty()).then(|| {
        quote! {{
            let mut v = ::client_runtime::validate::Validator::new();
            #(#must)*
            if let ::std::result::Result::Err(e) = v.finish() {
                return ::std::result::Result::Err(::client_runtime::fake::Malformed::missing(e));
            }
        }}
    });
    quote! {
        /// Reads a request of the operation into its input, or says why it is malformed.
        pub(super) fn deserialize_request(req: &::client_runtime::fake::Incoming) -> ::std::result::Result<#ty, ::client_runtime::fake::Malformed> {
            let resp = req.request();
            ::client_runtime::fake::rest_json::check_content_type(resp, #consumes)?;
            ::client_runtime::fake::rest_json::check_accept(resp, #produces)?;
            let #mutb b = #builder::default();
            #(#stmts)*
            #reads
            #(#defaults)*
            #must
            ::std::result::Result::Ok(#build)
        }
    }
}

/// The value of a label or query string: as clients read headers, but a
/// timestamp strictly (a date-time must be UTC).
fn value(cx: &Ctx, target: Target, s: TokenStream, fmt: TimestampFormat, name: &str) -> TokenStream {
    if target == Target::Scalar(Scalar::Timestamp) {
        let f = super::super::ty::ts_format(fmt);
        return quote!(::client_runtime::fake::rest_json::parse_timestamp(#s, #f)?);
    }
    from_wire(cx, target, s, fmt, false, name)
}

/// Sets members with a `@default` that the request left out, as servers
/// do (the input's fields are `Option`s, as for every operation input);
/// not a payload, whose absence is no body rather than its default.
fn defaults(cx: &Ctx, members: &[Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| m.nullable && m.binding != Binding::Payload)
        .filter_map(|m| {
            let d = m.default.as_ref()?;
            let f = ident(&m.rust);
            let v = super::super::structure::default_expr(cx, m, d);
            Some(quote!(if b.#f.is_none() { b.#f = ::std::option::Option::Some(#v); }))
        })
        .collect()
}

/// Reads `@httpQuery` and `@httpQueryParams` members; the latter gets every
/// query pair, bound ones too (as the protocol tests ask of servers).
fn query_reads(cx: &Ctx, members: &[Member]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for m in members {
        let f = ident(&m.rust);
        let fmt = m.timestamp_format.unwrap_or(TimestampFormat::DateTime);
        match &m.binding {
            Binding::Query(name) => {
                if let Target::List(l) = m.target {
                    let l = &cx.ir[l];
                    let conv = value(cx, l.member.target, quote!(s), l.member.timestamp_format.unwrap_or(fmt), name);
                    let item = if l.sparse { quote!(::std::option::Option::Some(#conv)) } else { conv };
                    out.push(quote! {{
                        let values = req.query(#name);
                        if !values.is_empty() {
                            let mut items = ::std::vec::Vec::new();
                            for s in values { items.push(#item); }
                            b.#f = ::std::option::Option::Some(items);
                        }
                    }});
                } else {
                    let conv = value(cx, m.target, quote!(s), fmt, name);
                    out.push(quote!(if let ::std::option::Option::Some(s) = req.query_one(#name)? { b.#f = ::std::option::Option::Some(#conv); }));
                }
            }
            Binding::QueryParams => {
                let Target::Map(map) = m.target else { continue };
                let map = &cx.ir[map];
                let wrap = |v: TokenStream| if map.sparse { quote!(::std::option::Option::Some(#v)) } else { v };
                let insert = if matches!(map.value.target, Target::List(_)) {
                    let v = wrap(quote!(::std::vec::Vec::new()));
                    let push = if map.sparse {
                        quote!(if let ::std::option::Option::Some(list) = entry {
                            list.push(v.clone());
                        })
                    } else {
                        quote!(entry.push(v.clone());)
                    };
                    quote! { let entry = map.entry(k.clone()).or_insert_with(|| #v); #push }
                } else {
                    let v = wrap(quote!(v.clone()));
                    quote!(map.entry(k.clone()).or_insert(#v);)
                };
                out.push(quote! {{
                    let mut map = ::std::collections::HashMap::new();
                    for (k, v) in req.query_pairs() {
                        #insert
                    }
                    if !map.is_empty() { b.#f = ::std::option::Option::Some(map); }
                }});
            }
            _ => {}
        }
    }
    out
}

/// Reads the payload member, or the body members as one JSON object.
fn body_read(cx: &Ctx, members: &[Member]) -> TokenStream {
    if let Some(m) = members.iter().find(|m| m.binding == Binding::Payload) {
        let f = ident(&m.rust);
        if let Some(read) = raw_payload_read(cx, m) {
            return quote! {
                let body: &[u8] = resp.body();
                if !body.is_empty() {
                    b.#f = ::std::option::Option::Some(#read);
                }
            };
        }
        let read = read_expr(cx, m, TimestampFormat::EpochSeconds);
        // `{}` is what clients send for an unset structure payload.
        let unset = if matches!(m.target, Target::Structure(_)) {
            quote!(::client_runtime::fake::rest_json::is_empty_object(body))
        } else {
            quote!(body.iter().all(u8::is_ascii_whitespace))
        };
        return quote! {
            let body: &[u8] = resp.body();
            if !#unset {
                b.#f = ::std::option::Option::Some({ let mut reader = ::client_runtime::protocol::json::JsonReader::strict(body); let r = &mut reader; let v = #read; r.finish()?; v });
            }
        };
    }
    let body_members: Vec<&Member> = members.iter().filter(|m| m.binding == Binding::Body).collect();
    if body_members.is_empty() { quote!() } else { read_body_object_strict(cx, &body_members) }
}

/// The `(bytes, content type)` of a response: the payload member (nothing
/// when it is unset), else the JSON object of the body members, `{}` when
/// there are none (as restJson1 servers answer).
fn response_body(cx: &Ctx, members: &[Member]) -> TokenStream {
    if let Some(m) = members.iter().find(|m| m.binding == Binding::Payload) {
        if let Some(raw) = raw_payload_body(m) {
            return raw;
        }
        let opt = opt_ref(m);
        let ct = m.media_type.as_deref().unwrap_or("application/json");
        let stmt = write_stmt(cx, m, quote!(value), TimestampFormat::EpochSeconds);
        return quote! {
            match #opt {
                ::std::option::Option::Some(value) => {
                    let mut writer = ::client_runtime::protocol::json::JsonWriter::new();
                    let w = &mut writer;
                    #stmt
                    (writer.finish().into_bytes(), ::std::option::Option::Some(#ct))
                }
                ::std::option::Option::None => (::std::vec::Vec::new(), ::std::option::Option::None),
            }
        };
    }
    let body_members: Vec<&Member> = members.iter().filter(|m| m.binding == Binding::Body).collect();
    let stmts = write_members(cx, &body_members);
    let bind = (!stmts.is_empty()).then(|| quote!(let v = input;));
    quote! {{
        #bind
        let mut writer = ::client_runtime::protocol::json::JsonWriter::new();
        let w = &mut writer;
        w.begin_object();
        #(#stmts)*
        w.end_object();
        (writer.finish().into_bytes(), ::std::option::Option::Some("application/json"))
    }}
}

/// Statements that turn `input` (an output or error structure) into
/// `r`, a `ResponseParts` with status `status`: body, headers, and an
/// `@httpResponseCode` member's status.
fn ser_members(cx: &Ctx, members: &[Member], status: TokenStream, unit: bool) -> TokenStream {
    // Members bound to the URI or query go in a response's body, where the
    // client reads them (`in_response_body`).
    let members: Vec<Member> = members
        .iter()
        .cloned()
        .map(|mut m| {
            if in_response_body(&m) {
                m.binding = Binding::Body;
            }
            m
        })
        .collect();
    let members = &members[..];
    let body = if unit { quote!((::std::vec::Vec::new(), ::std::option::Option::None)) } else { response_body(cx, members) };
    // A header bound to its own member wins over a prefix-map entry of the same name.
    let bound: Vec<String> = members
        .iter()
        .filter_map(|m| if let Binding::Header(h) = &m.binding { Some(h.to_ascii_lowercase()) } else { None })
        .collect();
    let skip_bound = (!bound.is_empty()).then(|| quote!(if [#(#bound),*].contains(&k.to_ascii_lowercase().as_str()) { continue; }));
    let mut stmts = Vec::new();
    for m in members {
        let opt = opt_ref(m);
        match &m.binding {
            Binding::Header(name) => {
                let value = header_value(cx, m, quote!(value));
                stmts
                    .push(quote!(if let ::std::option::Option::Some(value) = #opt { let value: ::std::string::String = #value; r = r.header(#name, &value); }));
            }
            Binding::PrefixHeaders(prefix) => {
                let Target::Map(map) = m.target else { continue };
                let v_pat = if cx.ir[map].sparse { quote!(::std::option::Option::Some(v)) } else { quote!(v) };
                stmts.push(quote! {
                    if let ::std::option::Option::Some(map) = #opt {
                        for (k, #v_pat) in map.iter() {
                            let k = ::std::format!("{}{}", #prefix, k);
                            #skip_bound
                            r = r.header(&k, v);
                        }
                    }
                });
            }
            Binding::ResponseCode => {
                let f = ident(&m.rust);
                let v = if m.nullable { quote!(input.#f) } else { quote!(::std::option::Option::Some(input.#f)) };
                stmts.push(quote!(if let ::std::option::Option::Some(code) = #v { r = r.status(code); }));
            }
            _ => {}
        }
    }
    let mutr = if stmts.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        let (body, content_type): (::std::vec::Vec<u8>, ::std::option::Option<&'static str>) = #body;
        let #mutr r = ::client_runtime::fake::rest_json::response(#status, content_type, ::client_runtime::reexports::bytes::Bytes::from(body));
        #(#stmts)*
    }
}
