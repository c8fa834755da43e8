//! XML document serializers (restXml request bodies) for structures and
//! unions, written against the runtime's `XmlWriter` (feature `xml`); lists
//! and maps are written inline. The caller names each element: a member's
//! `@xmlName` (else its name), a root's shape name.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json::{fn_path, union_path};
use super::protocol::to_wire;
use super::ty::{Ctx, ts_format};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// `Option<(Option<&str>, &str)>` of a namespace, as a serializer argument.
pub fn ns_arg(ns: Option<&(Option<String>, String)>) -> TokenStream {
    match ns {
        Some((Some(p), uri)) => quote!(::std::option::Option::Some((::std::option::Option::Some(#p), #uri))),
        Some((None, uri)) => quote!(::std::option::Option::Some((::std::option::Option::None, #uri))),
        None => quote!(::std::option::Option::None),
    }
}

/// `w.start_element(name)` with the namespace declaration, as a statement.
fn start(name: &str, ns: Option<&(Option<String>, String)>) -> TokenStream {
    match ns {
        Some((p, uri)) => {
            let p = match p {
                Some(p) => quote!(::std::option::Option::Some(#p)),
                None => quote!(::std::option::Option::None),
            };
            quote!(w.start_element(#name).namespace(#p, #uri);)
        }
        None => quote!(w.start_element(#name);),
    }
}

/// Statements writing `value` (a reference to a value of `m`'s target) as
/// element `name`, with `ns` declared on it.
fn write_element(cx: &Ctx, m: &Member, name: &str, ns: Option<&(Option<String>, String)>, value: TokenStream) -> TokenStream {
    let scalar = |write: TokenStream| {
        let start = start(name, ns);
        quote!({ #start #write w.end_element(); })
    };
    match m.target {
        Target::Scalar(s) => match s {
            Scalar::String => scalar(quote!(w.string(#value);)),
            Scalar::Boolean => scalar(quote!(w.boolean(*#value);)),
            Scalar::Long => scalar(quote!(w.i64(*#value);)),
            Scalar::Byte | Scalar::Short | Scalar::Integer => scalar(quote!(w.i64(i64::from(*#value));)),
            Scalar::Float => scalar(quote!(w.f32(*#value);)),
            Scalar::Double => scalar(quote!(w.f64(*#value);)),
            Scalar::BigInteger | Scalar::BigDecimal => scalar(quote!(w.big_number(#value.as_ref());)),
            Scalar::Timestamp => {
                let f = ts_format(m.timestamp_format.unwrap_or(TimestampFormat::DateTime));
                scalar(quote!(w.timestamp(#value, #f);))
            }
            Scalar::Blob => scalar(quote!(w.blob(#value.as_ref());)),
            Scalar::Document => quote!(::std::compile_error!("generator bug: documents have no XML form");),
        },
        Target::Enum(_) => scalar(quote!(w.string(#value.as_str());)),
        Target::IntEnum(_) => scalar(quote!(w.i64(i64::from(#value.as_i32()));)),
        Target::Structure(_) | Target::Union(_) => {
            let f = fn_path(cx.ir, m.target, false);
            let ns = ns_arg(ns);
            quote!(#f(w, #name, #ns, #value)?;)
        }
        Target::List(l) => {
            let l = &cx.ir[l];
            let sparse = |inner: TokenStream| if l.sparse { quote!(if let ::std::option::Option::Some(item) = item { #inner }) } else { inner };
            if m.xml.flattened {
                // Each item is an element of the member's own name.
                let inner = sparse(write_element(cx, &l.member, name, ns, quote!(item)));
                quote!(for item in #value.iter() { #inner })
            } else {
                let inner = sparse(write_element(cx, &l.member, l.member.xml_name(), l.member.xml.namespace.as_ref(), quote!(item)));
                let start = start(name, ns);
                quote!({ #start for item in #value.iter() { #inner } w.end_element(); })
            }
        }
        Target::Map(map) => {
            let map = &cx.ir[map];
            let key = write_element(cx, &map.key, map.key.xml_name(), map.key.xml.namespace.as_ref(), quote!(k));
            let val = write_element(cx, &map.value, map.value.xml_name(), map.value.xml.namespace.as_ref(), quote!(item));
            let val = if map.sparse { quote!(if let ::std::option::Option::Some(item) = item { #val }) } else { val };
            // Entries in key order, so a request is the same every time.
            let entries = quote! {
                let mut entries: ::std::vec::Vec<_> = #value.iter().collect();
                entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            };
            if m.xml.flattened {
                let start = start(name, ns);
                quote!({ #entries for (k, item) in entries { #start #key #val w.end_element(); } })
            } else {
                let start = start(name, ns);
                quote!({ #entries #start for (k, item) in entries { w.start_element("entry"); #key #val w.end_element(); } w.end_element(); })
            }
        }
        Target::Unit => {
            let start = start(name, ns);
            quote!({ #start w.end_element(); })
        }
    }
}

/// Statements adding `@xmlAttribute` members of `v` to the open start tag `tag`.
pub fn attribute_stmts(members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| m.xml.attribute)
        .map(|m| {
            let f = ident(&m.rust);
            let name = m.xml_name();
            let conv = to_wire(m.target, quote!(value), m.timestamp_format.unwrap_or(TimestampFormat::DateTime), false);
            if m.nullable {
                quote!(if let ::std::option::Option::Some(value) = &v.#f { tag.attribute(#name, &#conv); })
            } else {
                quote!({ let value = &v.#f; tag.attribute(#name, &#conv); })
            }
        })
        .collect()
}

/// Statements writing the element members of `v` (attributes excluded).
pub fn element_stmts(cx: &Ctx, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| !m.xml.attribute)
        .map(|m| {
            let f = ident(&m.rust);
            let stmt = write_element(cx, m, m.xml_name(), m.xml.namespace.as_ref(), quote!(value));
            if m.nullable { quote!(if let ::std::option::Option::Some(value) = &v.#f { #stmt }) } else { quote!({ let value = &v.#f; #stmt }) }
        })
        .collect()
}

/// The statements writing a whole element `name` (an expression of type
/// `&str`) for `v`: start tag with `ns` (an `Option<(Option<&str>, &str)>`
/// expression) and attributes, members, end tag.
pub fn element_of(cx: &Ctx, members: &[&Member], name: TokenStream, ns: TokenStream) -> TokenStream {
    let attrs = attribute_stmts(members);
    let children = element_stmts(cx, members);
    quote! {
        {
            let mut tag = w.start_element(#name);
            if let ::std::option::Option::Some((prefix, uri)) = #ns {
                tag.namespace(prefix, uri);
            }
            #(#attrs)*
        }
        #(#children)*
        w.end_element();
    }
}

/// `ser_x` for a structure: element `name` with its members.
pub fn ser_structure(cx: &Ctx, r: StructRef) -> TokenStream {
    let s = &cx.ir[r];
    let f = format_ident!("{}", naming::ser_fn(&s.wire_name));
    let ty = cx.struct_path(r);
    let members: Vec<&Member> = s.members.iter().collect();
    let body = element_of(cx, &members, quote!(name), quote!(ns));
    let v = if members.is_empty() { quote!(_v) } else { quote!(v) };
    quote! {
        pub(crate) fn #f(
            w: &mut ::client_runtime::protocol::xml::XmlWriter,
            name: &str,
            ns: ::std::option::Option<(::std::option::Option<&str>, &str)>,
            #v: &#ty,
        ) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            #body
            ::std::result::Result::Ok(())
        }
    }
}

/// `ser_x` for a union: element `name` holding the set member; `Unknown`
/// cannot be sent.
pub fn ser_union(cx: &Ctx, u: &Union) -> TokenStream {
    let f = format_ident!("{}", naming::ser_fn(&u.wire_name));
    let ty = union_path(u);
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let arms = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let stmt = write_element(cx, m, m.xml_name(), m.xml.namespace.as_ref(), quote!(value));
        if m.target == Target::Unit { quote!(#ty::#vn => { #stmt }) } else { quote!(#ty::#vn(value) => { #stmt }) }
    });
    let msg = format!("the `Unknown` variant of union `{}` cannot be sent", u.id);
    quote! {
        pub(crate) fn #f(
            w: &mut ::client_runtime::protocol::xml::XmlWriter,
            name: &str,
            ns: ::std::option::Option<(::std::option::Option<&str>, &str)>,
            v: &#ty,
        ) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            {
                let mut tag = w.start_element(name);
                if let ::std::option::Option::Some((prefix, uri)) = ns {
                    tag.namespace(prefix, uri);
                }
            }
            match v {
                #(#arms)*
                #ty::#unknown => return ::std::result::Result::Err(::client_runtime::error::BuildError::other(#msg)),
            }
            w.end_element();
            ::std::result::Result::Ok(())
        }
    }
}
