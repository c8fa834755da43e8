//! restJson1: HTTP bindings (labels, query, headers, status, payload) and
//! JSON bodies; the request serializer and the response and error readers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::json::{read_body_object, write_members, write_stmt};
use super::super::ty::{Ctx, ts_format};
use super::{Protocol, compression_stmt, host_prefix_stmt, push_literal};
use crate::lower::ir::*;
use crate::naming::ident;

/// `aws.protocols#restJson1`.
pub struct RestJson1;

impl Protocol for RestJson1 {
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream {
        ser_request(cx, op, input, input_ty, body_expr(cx, input))
    }

    fn read_members(&self, cx: &Ctx, members: &[Member], _output_of: Option<&Operation>) -> TokenStream {
        read_response_members(cx, members, json_body_read(cx, members))
    }

    fn error_metadata(&self) -> TokenStream {
        quote!(::client_runtime::protocol::errors::error_metadata(resp))
    }

    fn error_code_fixup(&self) -> Option<TokenStream> {
        None
    }

    fn server(&self) -> Option<&dyn super::ServerSide> {
        Some(&super::rest_json_server::RestJson1Server)
    }
}

const RT: &str = "::client_runtime::protocol::http";

fn rt() -> TokenStream {
    RT.parse().expect("path")
}

/// An expression turning `v` (a reference to a scalar, enum or timestamp)
/// into the `String` sent in a label, query value or header.
pub(in crate::emit) fn to_wire(target: Target, v: TokenStream, fmt: TimestampFormat, media_type: bool) -> TokenStream {
    let rt = rt();
    match target {
        Target::Scalar(Scalar::String) if media_type => quote!(#rt::base64_encode(#v.as_bytes())),
        Target::Scalar(Scalar::String) => quote!(#v.to_string()),
        Target::Scalar(Scalar::Float) => quote!(#rt::fmt_f32(*#v)),
        Target::Scalar(Scalar::Double) => quote!(#rt::fmt_f64(*#v)),
        Target::Scalar(Scalar::Timestamp) => {
            let f = ts_format(fmt);
            quote!(#rt::fmt_timestamp(#v, #f))
        }
        Target::Scalar(Scalar::Blob) => quote!(#rt::base64_encode(#v.as_ref())),
        Target::Scalar(Scalar::BigInteger | Scalar::BigDecimal) => quote!(#v.as_ref().to_string()),
        Target::Enum(_) => quote!(#v.as_str().to_string()),
        Target::IntEnum(_) => quote!(#v.as_i32().to_string()),
        Target::Scalar(Scalar::Boolean | Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long) => quote!(#v.to_string()),
        _ => not_bindable(),
    }
}

/// An expression parsing `s: &str` into a value of `target`.
pub(in crate::emit) fn from_wire(cx: &Ctx, target: Target, s: TokenStream, fmt: TimestampFormat, media_type: bool, header: &str) -> TokenStream {
    let rt = rt();
    let bad = |what: &str| {
        let msg = format!("header `{header}` is not a valid {what}");
        quote!(.map_err(|_| ::client_runtime::protocol::json::DeserializeError::custom(#msg))?)
    };
    match target {
        Target::Scalar(Scalar::String) if media_type => {
            let e = bad("base64 string");
            quote!(::std::string::String::from_utf8(#rt::base64_decode(#s)?) #e)
        }
        Target::Scalar(Scalar::String) => quote!(#s.to_string()),
        Target::Scalar(Scalar::Boolean) => quote!(#rt::parse_bool(#s)?),
        Target::Scalar(Scalar::Byte) => quote!(#rt::parse_int::<i8>(#s)?),
        Target::Scalar(Scalar::Short) => quote!(#rt::parse_int::<i16>(#s)?),
        Target::Scalar(Scalar::Integer) => quote!(#rt::parse_int::<i32>(#s)?),
        Target::Scalar(Scalar::Long) => quote!(#rt::parse_int::<i64>(#s)?),
        Target::Scalar(Scalar::Float) => quote!(#rt::parse_f32(#s)?),
        Target::Scalar(Scalar::Double) => quote!(#rt::parse_f64(#s)?),
        Target::Scalar(Scalar::Timestamp) => {
            let f = ts_format(fmt);
            quote!(#rt::parse_header_timestamp(#s, #f)?)
        }
        Target::Scalar(Scalar::Blob) => {
            quote!(crate::primitives::Blob::new(#rt::base64_decode(#s)?))
        }
        Target::Scalar(Scalar::BigInteger) => {
            let e = bad("big integer");
            quote!(<crate::primitives::BigInteger as ::std::str::FromStr>::from_str(#s) #e)
        }
        Target::Scalar(Scalar::BigDecimal) => {
            let e = bad("big decimal");
            quote!(<crate::primitives::BigDecimal as ::std::str::FromStr>::from_str(#s) #e)
        }
        Target::Enum(_) => {
            let t = cx.type_path(target);
            quote!(#t::from(#s))
        }
        Target::IntEnum(_) => {
            let t = cx.type_path(target);
            let e = bad("integer");
            quote!(#t::from(#s.parse::<i32>() #e))
        }
        _ => not_bindable(),
    }
}

/// What the generated code says for a binding `assemble` does not let
/// through: a build error naming the generator, never a runtime panic.
fn not_bindable() -> TokenStream {
    quote!(::std::compile_error!("generator bug: a member of this type cannot be bound to a label, query value or header"))
}

/// The request serializer of an operation of an HTTP-binding protocol;
/// `body` is the `(bytes, content type)` expression of its body.
pub(super) fn ser_request(cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream, body: TokenStream) -> TokenStream {
    let fn_name = format_ident!("serialize_request");
    let method = op.http.method.as_str();
    let path_stmts = path_stmts(op, input);
    let query_init = query_literals(op);
    let query_stmts = query_stmts(cx, input, &op.http.query_literals);
    let header_stmts = header_stmts(cx, input);
    let uses_input = input.iter().any(|m| m.binding != Binding::ResponseCode);
    let input_name = if uses_input { quote!(input) } else { quote!(_input) };
    let has_query = !query_stmts.is_empty() || !op.http.query_literals.is_empty();
    let mut_query = (!query_stmts.is_empty()).then(|| quote!(mut));
    let query_block = has_query.then(|| {
        quote! {
            let #mut_query query: ::std::vec::Vec<(::std::string::String, ::std::option::Option<::std::string::String>)> = #query_init;
            #(#query_stmts)*
            ::client_runtime::protocol::message::append_query(&mut uri, &query);
        }
    });
    // `@http` URIs start with `/`, so only a pattern of no segments leaves it empty.
    let root = op.http.path.is_empty().then(|| quote!(uri.push('/');));
    let mut_builder = if header_stmts.is_empty() { quote!() } else { quote!(mut) };
    let host_prefix = host_prefix_stmt(op, input);
    let endpoint_params = super::super::endpoint::context_params_stmt(op, input);
    let compression = compression_stmt(op);
    let checksum = op.checksum_required.then(|| quote!(let builder = builder.header("Content-MD5", ::client_runtime::protocol::message::content_md5(&body));));
    quote! {
        /// The HTTP request for an input, as `send()` builds it before it adds the
        /// endpoint, signature and SDK headers; for tests, benchmarks and
        /// your own transport. The URI holds only the path and query.
        pub fn #fn_name(#input_name: &#input_ty) -> ::std::result::Result<::client_runtime::reexports::http::Request<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
            let mut uri = ::std::string::String::new();
            #(#path_stmts)*
            #root
            #query_block
            let #mut_builder builder = ::client_runtime::reexports::http::Request::builder().method(#method);
            #(#header_stmts)*
            #host_prefix
            #endpoint_params
            #compression
            let (body, content_type): (::std::vec::Vec<u8>, ::std::option::Option<&'static str>) = #body;
            #checksum
            ::client_runtime::protocol::message::finish_request(builder, uri, content_type, body)
        }
    }
}

/// `uri.push..` statements for the path, labels encoded.
fn path_stmts(op: &Operation, input: &[Member]) -> Vec<TokenStream> {
    let rt = rt();
    let mut path_stmts = Vec::new();
    for seg in &op.http.path {
        path_stmts.push(quote!(uri.push('/');));
        match seg {
            PathSegment::Literal(l) => path_stmts.extend(push_literal(quote!(uri), l)),
            PathSegment::Label { member, greedy } => {
                let Some(m) = input.get(*member) else {
                    path_stmts.push(quote!(::std::compile_error!("generator bug: a URI label names no input member");));
                    continue;
                };
                let opt = opt_ref(m);
                let conv = to_wire(m.target, quote!(v), m.timestamp_format.unwrap_or(TimestampFormat::DateTime), false);
                let wire = &m.name;
                path_stmts.push(quote! {
                    uri.push_str(&#rt::label(#opt.map(|v| #conv).as_deref(), #wire, #greedy)?);
                });
            }
        }
    }
    path_stmts
}

/// The `query` vector's initial value: the URI pattern's literal query.
fn query_literals(op: &Operation) -> TokenStream {
    if op.http.query_literals.is_empty() {
        return quote!(::std::vec::Vec::new());
    }
    let pairs = op.http.query_literals.iter().map(|(k, v)| {
        let v = match v {
            Some(v) => quote!(::std::option::Option::Some(::std::string::String::from(#v))),
            None => quote!(::std::option::Option::None),
        };
        quote!((::std::string::String::from(#k), #v))
    });
    quote!(::std::vec![#(#pairs),*])
}

/// Statements adding `@httpQuery` and `@httpQueryParams` members to `query`.
fn query_stmts(cx: &Ctx, input: &[Member], query_literals: &[(String, Option<String>)]) -> Vec<TokenStream> {
    let mut query_stmts = Vec::new();
    let bound_query: Vec<&str> = input
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Query(q) => Some(q.as_str()),
            _ => None,
        })
        .chain(query_literals.iter().map(|(k, _)| k.as_str()))
        .collect();
    for m in input {
        let opt = opt_ref(m);
        match &m.binding {
            Binding::Query(name) => {
                let fmt = m.timestamp_format.unwrap_or(TimestampFormat::DateTime);
                let push = if let Target::List(l) = m.target {
                    let l = &cx.ir[l];
                    let conv = to_wire(l.member.target, quote!(item), l.member.timestamp_format.unwrap_or(fmt), false);
                    let item_loop = if l.sparse {
                        quote!(for item in value.iter().flatten() { query.push((::std::string::String::from(#name), ::std::option::Option::Some(#conv))); })
                    } else {
                        quote!(for item in value.iter() { query.push((::std::string::String::from(#name), ::std::option::Option::Some(#conv))); })
                    };
                    item_loop
                } else {
                    let conv = to_wire(m.target, quote!(value), fmt, false);
                    quote!(query.push((::std::string::String::from(#name), ::std::option::Option::Some(#conv)));)
                };
                let opt = opt_ref(m);
                query_stmts.push(quote!(if let ::std::option::Option::Some(value) = #opt { #push }));
            }
            Binding::QueryParams => {
                let Target::Map(map) = m.target else {
                    query_stmts.push(not_bindable());
                    continue;
                };
                let map = &cx.ir[map];
                let push = if let Target::List(inner) = map.value.target {
                    let inner = &cx.ir[inner];
                    let conv = to_wire(inner.member.target, quote!(item), TimestampFormat::DateTime, false);
                    quote!(for item in v.iter() { query.push((k.to_string(), ::std::option::Option::Some(#conv))); })
                } else {
                    let conv = to_wire(map.value.target, quote!(v), TimestampFormat::DateTime, false);
                    quote!(query.push((k.to_string(), ::std::option::Option::Some(#conv)));)
                };
                let v_pat = if map.sparse { quote!(::std::option::Option::Some(v)) } else { quote!(v) };
                query_stmts.push(quote! {
                    if let ::std::option::Option::Some(params) = #opt {
                        let mut entries: ::std::vec::Vec<_> = params.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (k, #v_pat) in entries {
                            if [#(#bound_query),*].contains(&k.as_str()) { continue; }
                            #push
                        }
                    }
                });
            }
            _ => {}
        }
    }
    query_stmts
}

/// Statements adding `@httpHeader` and `@httpPrefixHeaders` members to `builder`.
fn header_stmts(cx: &Ctx, input: &[Member]) -> Vec<TokenStream> {
    let mut header_stmts = Vec::new();
    for m in input {
        let opt = opt_ref(m);
        match &m.binding {
            Binding::Header(name) => {
                let value = header_value(cx, m, quote!(value));
                let wire = &m.name;
                header_stmts.push(quote! {
                    if let ::std::option::Option::Some(value) = #opt {
                        let value: ::std::string::String = #value;
                        if let ::std::option::Option::Some(value) = ::client_runtime::protocol::message::header_value(&value, #wire)? {
                            builder = builder.header(#name, value);
                        }
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let Target::Map(map) = m.target else {
                    header_stmts.push(not_bindable());
                    continue;
                };
                let wire = &m.name;
                let v_pat = if cx.ir[map].sparse { quote!(::std::option::Option::Some(v)) } else { quote!(v) };
                // A header bound to its own member wins over a prefix-map entry of the same name.
                let bound: Vec<String> = input
                    .iter()
                    .filter_map(|m| match &m.binding {
                        Binding::Header(h) => Some(h.to_ascii_lowercase()),
                        _ => None,
                    })
                    .collect();
                let skip_bound = (!bound.is_empty()).then(|| quote!(if [#(#bound),*].contains(&name.as_str()) { continue; }));
                header_stmts.push(quote! {
                    if let ::std::option::Option::Some(map) = #opt {
                        for (k, #v_pat) in map.iter() {
                            let name = ::std::format!("{}{}", #prefix, k);
                            let name = ::client_runtime::reexports::http::HeaderName::try_from(name)
                                .map_err(|_| ::client_runtime::error::BuildError::invalid_field(#wire, "a key is not a valid HTTP header name"))?;
                            #skip_bound
                            if let ::std::option::Option::Some(value) = ::client_runtime::protocol::message::header_value(v, #wire)? {
                                builder = builder.header(name, value);
                            }
                        }
                    }
                });
            }
            _ => {}
        }
    }
    header_stmts
}

/// The `(bytes, content type)` expression of a blob, string or enum
/// payload, sent as it is; `None` for a structured payload.
pub(super) fn raw_payload_body(m: &Member) -> Option<TokenStream> {
    let opt = opt_ref(m);
    let some = |ct: &str| quote!(::std::option::Option::Some(#ct));
    let unset = quote!((::std::vec::Vec::new(), ::std::option::Option::None));
    match m.target {
        Target::Scalar(Scalar::Blob) => {
            let ct = some(m.media_type.as_deref().unwrap_or("application/octet-stream"));
            Some(quote! {
                match #opt {
                    ::std::option::Option::Some(b) => (b.as_ref().to_vec(), #ct),
                    ::std::option::Option::None => #unset,
                }
            })
        }
        Target::Scalar(Scalar::String) | Target::Enum(_) => {
            let ct = some(m.media_type.as_deref().unwrap_or("text/plain"));
            Some(quote! {
                match #opt {
                    ::std::option::Option::Some(s) => (s.as_str().as_bytes().to_vec(), #ct),
                    ::std::option::Option::None => #unset,
                }
            })
        }
        _ => None,
    }
}

/// The `(body bytes, content type)` expression: the payload member, the
/// JSON document of the body members, or nothing.
fn body_expr(cx: &Ctx, input: &[Member]) -> TokenStream {
    let payload = input.iter().find(|m| m.binding == Binding::Payload);
    let body_members: Vec<&Member> = input.iter().filter(|m| m.binding == Binding::Body).collect();
    let some = |ct: &str| quote!(::std::option::Option::Some(#ct));
    let unset = quote!((::std::vec::Vec::new(), ::std::option::Option::None));
    if let Some(m) = payload {
        if let Some(raw) = raw_payload_body(m) {
            return raw;
        }
        let opt = opt_ref(m);
        let ct = some(m.media_type.as_deref().unwrap_or("application/json"));
        let val = quote!(value);
        let stmt = write_stmt(cx, m, val, TimestampFormat::EpochSeconds);
        // An unset structure payload is sent as `{}` (as the AWS SDKs do);
        // an unset union or document payload as no body at all.
        let none = if matches!(m.target, Target::Structure(_)) { quote!((b"{}".to_vec(), #ct)) } else { unset };
        quote! {
            match #opt {
                ::std::option::Option::Some(value) => {
                    let mut writer = ::client_runtime::protocol::json::JsonWriter::new();
                    let w = &mut writer;
                    #stmt
                    (writer.finish().into_bytes(), #ct)
                }
                ::std::option::Option::None => #none,
            }
        }
    } else if !body_members.is_empty() {
        let stmts = write_members(cx, &body_members);
        let ct = some("application/json");
        quote! {
            {
                let v = input;
                let mut writer = ::client_runtime::protocol::json::JsonWriter::new();
                let w = &mut writer;
                w.begin_object();
                #(#stmts)*
                w.end_object();
                (writer.finish().into_bytes(), #ct)
            }
        }
    } else {
        unset
    }
}

pub(super) fn header_value(cx: &Ctx, m: &Member, v: TokenStream) -> TokenStream {
    let fmt = m.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
    let rt = rt();
    if let Target::List(l) = m.target {
        let l = &cx.ir[l];
        let ifmt = l.member.timestamp_format.unwrap_or(fmt);
        let conv = to_wire(l.member.target, quote!(item), ifmt, l.member.media_type.is_some());
        let items = if l.sparse { quote!(#v.iter().flatten()) } else { quote!(#v.iter()) };
        if l.member.target == Target::Scalar(Scalar::Timestamp) && ifmt == TimestampFormat::HttpDate {
            quote!(#items.map(|item| #conv).collect::<::std::vec::Vec<_>>().join(", "))
        } else {
            quote!(#rt::header_list(#items.map(|item| #conv)))
        }
    } else {
        to_wire(m.target, v, fmt, m.media_type.is_some())
    }
}

/// Statements that read header, prefix-header and status-code bindings of
/// `members` from `resp` into builder `b`, then `body_read` (the payload or
/// body members).
pub(super) fn read_response_members(cx: &Ctx, members: &[Member], body_read: TokenStream) -> TokenStream {
    let rt = rt();
    let mut out = Vec::new();
    for m in members {
        let f = ident(&m.rust);
        match &m.binding {
            Binding::Header(name) => {
                let lname = name.to_ascii_lowercase();
                let parse = if let Target::List(l) = m.target {
                    let l = &cx.ir[l];
                    let fmt = l.member.timestamp_format.or(m.timestamp_format).unwrap_or(TimestampFormat::HttpDate);
                    let item = from_wire(cx, l.member.target, quote!(item.as_str()), fmt, l.member.media_type.is_some(), name);
                    let split = if l.member.target == Target::Scalar(Scalar::Timestamp) && fmt == TimestampFormat::HttpDate {
                        quote!(#rt::split_http_date_list(&s))
                    } else {
                        quote!(#rt::split_header_list(&s))
                    };
                    let wrap = if l.sparse { quote!(::std::option::Option::Some(#item)) } else { item };
                    quote! {{
                        let mut items = ::std::vec::Vec::new();
                        for item in #split { items.push(#wrap); }
                        items
                    }}
                } else {
                    let fmt = m.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
                    from_wire(cx, m.target, quote!(s.as_str()), fmt, m.media_type.is_some(), name)
                };
                out.push(quote! {
                    if let ::std::option::Option::Some(s) = ::client_runtime::protocol::message::response_header(resp.headers(), #lname)? {
                        b.#f = ::std::option::Option::Some(#parse);
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let lprefix = prefix.to_ascii_lowercase();
                let Target::Map(map) = m.target else {
                    out.push(not_bindable());
                    continue;
                };
                let value = if cx.ir[map].sparse { quote!(map.into_iter().map(|(k, v)| (k, ::std::option::Option::Some(v))).collect()) } else { quote!(map) };
                // Set even when no header has the prefix: the map is empty, not
                // absent (restXml's `HttpPrefixHeadersAreNotPresent`).
                let set = quote!(b.#f = ::std::option::Option::Some(#value););
                out.push(quote! {
                    {
                        let map = ::client_runtime::protocol::message::prefix_headers(resp.headers(), #lprefix)?;
                        #set
                    }
                });
            }
            Binding::ResponseCode => {
                let set = ident(&crate::naming::setter(&m.rust));
                out.push(quote!(b = b.#set(::std::option::Option::Some(i32::from(resp.status().as_u16())));));
            }
            _ => {}
        }
    }
    quote!(#(#out)* #body_read)
}

/// The read of a blob, string or enum payload from `body: &[u8]`; `None`
/// for a structured payload.
pub(super) fn raw_payload_read(cx: &Ctx, m: &Member) -> Option<TokenStream> {
    Some(match m.target {
        Target::Scalar(Scalar::Blob) => quote!(crate::primitives::Blob::new(body.to_vec())),
        Target::Scalar(Scalar::String) => quote!(
            ::std::string::String::from_utf8(body.to_vec())
                .map_err(|_| { ::client_runtime::protocol::json::DeserializeError::custom("the payload is not UTF-8",) })?
        ),
        Target::Enum(_) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(::std::str::from_utf8(body).map_err(|_| ::client_runtime::protocol::json::DeserializeError::custom("the payload is not UTF-8"))?))
        }
        _ => return None,
    })
}

/// Reads the payload member, or the body members as one JSON object.
fn json_body_read(cx: &Ctx, members: &[Member]) -> TokenStream {
    let payload = members.iter().find(|m| m.binding == Binding::Payload);
    let body_members: Vec<&Member> = members.iter().filter(|m| in_response_body(m)).collect();
    if let Some(m) = payload {
        let f = ident(&m.rust);
        let read = raw_payload_read(cx, m).unwrap_or_else(|| {
            let read = super::super::json::read_expr(cx, m, TimestampFormat::EpochSeconds);
            quote!({ let mut reader = ::client_runtime::protocol::json::JsonReader::new(body); let r = &mut reader; let v = #read; r.finish()?; v })
        });
        quote! {
            let body: &[u8] = resp.body();
            if !body.is_empty() {
                b.#f = ::std::option::Option::Some(#read);
            }
        }
    } else if !body_members.is_empty() {
        read_body_object(cx, &body_members)
    } else {
        quote!()
    }
}

/// Whether a member of an output or error is read from the body: body
/// members, and members bound to the URI or query, which responses do not
/// have (restXml's `IgnoreQueryParamsInResponse` reads them from the body).
pub(in crate::emit) fn in_response_body(m: &Member) -> bool {
    matches!(m.binding, Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams)
}

/// `Option<&T>` of an input member, whether or not its field is an `Option`.
pub(super) fn opt_ref(m: &Member) -> TokenStream {
    let f = ident(&m.rust);
    if m.nullable { quote!(input.#f.as_ref()) } else { quote!(::std::option::Option::Some(&input.#f)) }
}
