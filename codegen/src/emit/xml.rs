//! XML document deserializers (awsQuery and ec2Query responses) for
//! structures, unions, lists and maps, written against the runtime's
//! `XmlReader` (feature `xml`): each reads the children of the element the
//! reader is positioned at.
//!
//! A `@xmlFlattened` list or map member has no wrapper element: its items
//! (entries) repeat at the parent's level, so the parent reads each one
//! itself and no function of the list (map) is needed for it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json::{fn_path, read_scalar, union_path};
use super::protocol::from_wire;
use super::ty::{Ctx, ts_format};
use crate::lower::ir::*;
use crate::naming::{self, ident};

const DE_ERR: &str = "::client_runtime::protocol::json::DeserializeError";

fn de_err() -> TokenStream {
    DE_ERR.parse().expect("path")
}

/// An expression reading one value of `target` from the element `r` is at.
fn read_value(cx: &Ctx, target: Target, fmt: Option<TimestampFormat>, boxed: bool) -> TokenStream {
    let v = match target {
        Target::Scalar(s) => {
            let f = ts_format(fmt.unwrap_or(TimestampFormat::DateTime));
            read_scalar(s, quote!(r.timestamp(#f)?), quote!(::std::compile_error!("generator bug: documents have no XML form")))
        }
        Target::Enum(_) => {
            let t = cx.type_path(target);
            quote!(#t::from(r.string()?.as_ref()))
        }
        Target::IntEnum(_) => {
            let t = cx.type_path(target);
            quote!(#t::from(r.i32()?))
        }
        Target::Structure(_) | Target::Union(_) | Target::List(_) | Target::Map(_) => {
            let f = fn_path(cx.ir, target, true);
            quote!(#f(r)?)
        }
        Target::Unit => quote!({
            r.skip()?;
        }),
    };
    if boxed { quote!(::std::boxed::Box::new(#v)) } else { v }
}

/// The read of a list item or map value (sparse ones are wrapped in `Some`).
fn read_element(cx: &Ctx, m: &Member, sparse: bool) -> TokenStream {
    let read = read_value(cx, m.target, m.timestamp_format, m.boxed);
    if sparse { quote!(::std::option::Option::Some(#read)) } else { read }
}

/// Statements reading one map entry (children `key`, `value`, or their
/// `@xmlName`s) at `r` into `out`; an entry without a key or value is skipped.
fn read_entry(cx: &Ctx, map: &Map, out: TokenStream) -> TokenStream {
    let key_name = map.key.xml_name();
    let value_name = map.value.xml_name();
    let key_read = match map.key.target {
        Target::Enum(_) => {
            let t = cx.type_path(map.key.target);
            quote!(#t::from(r.string()?.as_ref()))
        }
        _ => quote!(r.string()?.into_owned()),
    };
    let value_read = read_element(cx, &map.value, map.sparse);
    quote! {
        let mut key = ::std::option::Option::None;
        let mut value = ::std::option::Option::None;
        r.children(|name, r| {
            match name {
                #key_name => key = ::std::option::Option::Some(#key_read),
                #value_name => value = ::std::option::Option::Some(#value_read),
                _ => r.skip()?,
            }
            ::std::result::Result::Ok(())
        })?;
        if let (::std::option::Option::Some(k), ::std::option::Option::Some(v)) = (key, value) {
            #out.insert(k, v);
        }
    }
}

/// Match arms reading `members` (children of the current element, by XML
/// name) into builder `b`; flattened lists and maps collect every repeat.
pub fn member_arms(cx: &Ctx, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| !m.xml.attribute)
        .map(|m| {
            let f = ident(&m.rust);
            let name = m.xml_name();
            match m.target {
                Target::List(l) if m.xml.flattened => {
                    let l = &cx.ir[l];
                    let item = read_element(cx, &l.member, l.sparse);
                    quote!(#name => b.#f.get_or_insert_with(::std::vec::Vec::new).push(#item),)
                }
                Target::Map(map) if m.xml.flattened => {
                    let entry = read_entry(cx, &cx.ir[map], quote!(out));
                    quote!(#name => {
                        let out = b.#f.get_or_insert_with(::std::collections::HashMap::new);
                        #entry
                    })
                }
                _ => {
                    let read = read_value(cx, m.target, m.timestamp_format, m.boxed);
                    quote!(#name => b.#f = ::std::option::Option::Some(#read),)
                }
            }
        })
        .collect()
}

/// Statements reading `@xmlAttribute` members of the current element into `b`.
fn attribute_reads(cx: &Ctx, members: &[&Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| m.xml.attribute)
        .map(|m| {
            let f = ident(&m.rust);
            let name = m.xml_name();
            let parse = from_wire(cx, m.target, quote!(v.as_ref()), m.timestamp_format.unwrap_or(TimestampFormat::DateTime), false, name);
            quote! {
                if let ::std::option::Option::Some(v) = r.attribute(#name)? { b.#f = ::std::option::Option::Some(#parse); }
            }
        })
        .collect()
}

/// The closure body shared by structure readers: attributes, then children.
pub fn read_members(cx: &Ctx, members: &[&Member]) -> TokenStream {
    let attrs = attribute_reads(cx, members);
    let arms = member_arms(cx, members);
    let de = de_err();
    let children = if arms.is_empty() {
        quote!(r.skip()?;)
    } else {
        quote! {
            r.children(|name, r| {
                match name {
                    #(#arms)*
                    _ => r.skip()?,
                }
                ::std::result::Result::<(), #de>::Ok(())
            })?;
        }
    };
    quote!(#(#attrs)* #children)
}

/// `de_x` for a structure.
pub fn de_structure(cx: &Ctx, r: StructRef) -> TokenStream {
    let s = &cx.ir[r];
    let f = format_ident!("{}", naming::de_fn(&s.wire_name));
    let ty = cx.struct_path(r);
    let builder = cx.builder_path(r);
    let members: Vec<&Member> = s.members.iter().collect();
    let read = read_members(cx, &members);
    let mutb = if members.is_empty() { quote!() } else { quote!(mut) };
    let de = de_err();
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::xml::XmlReader<'_>) -> ::std::result::Result<#ty, #de> {
            let #mutb b = #builder::default();
            #read
            b.build_corrected()
        }
    }
}

/// `de_x` for a union: the first member element present is the value.
pub fn de_union(cx: &Ctx, u: &Union) -> TokenStream {
    let f = format_ident!("{}", naming::de_fn(&u.wire_name));
    let ty = union_path(u);
    let arms = u.members.iter().map(|m| {
        let name = m.xml_name();
        let vn = format_ident!("{}", m.variant);
        if m.target == Target::Unit {
            quote!(#name => { r.skip()?; #ty::#vn })
        } else {
            let read = read_value(cx, m.target, m.timestamp_format, m.boxed);
            quote!(#name => #ty::#vn(#read),)
        }
    });
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let msg_many = format!("more than one member of union `{}` is set", u.id);
    let msg_none = format!("no member of union `{}` is set", u.id);
    let de = de_err();
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::xml::XmlReader<'_>) -> ::std::result::Result<#ty, #de> {
            let mut out = ::std::option::Option::None;
            let mut many = false;
            r.children(|name, r| {
                let value = match name {
                    #(#arms)*
                    _ => { r.skip()?; #ty::#unknown }
                };
                many |= out.is_some();
                out = ::std::option::Option::Some(value);
                ::std::result::Result::Ok(())
            })?;
            if many {
                return ::std::result::Result::Err(#de::custom(#msg_many));
            }
            out.ok_or_else(|| #de::custom(#msg_none))
        }
    }
}

/// `de_x` for a list in its wrapped form (`<member>` children, or the list
/// member's `@xmlName`).
pub fn de_list(cx: &Ctx, l: &List) -> TokenStream {
    let f = format_ident!("{}", naming::de_fn(&l.wire_name));
    let elem = cx.element_type(&l.member, l.sparse);
    let item = read_element(cx, &l.member, l.sparse);
    let name = l.member.xml_name();
    let de = de_err();
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::xml::XmlReader<'_>) -> ::std::result::Result<::std::vec::Vec<#elem>, #de> {
            let mut out = ::std::vec::Vec::new();
            r.children(|name, r| {
                if name == #name {
                    out.push(#item);
                } else {
                    r.skip()?;
                }
                ::std::result::Result::Ok(())
            })?;
            ::std::result::Result::Ok(out)
        }
    }
}

/// `de_x` for a map in its wrapped form (`<entry>` children).
pub fn de_map(cx: &Ctx, m: &Map) -> TokenStream {
    let f = format_ident!("{}", naming::de_fn(&m.wire_name));
    let key_ty = cx.value_type(m.key.target);
    let value_ty = cx.element_type(&m.value, m.sparse);
    let entry = read_entry(cx, m, quote!(out));
    let de = de_err();
    quote! {
        pub(crate) fn #f(r: &mut ::client_runtime::protocol::xml::XmlReader<'_>) -> ::std::result::Result<::std::collections::HashMap<#key_ty, #value_ty>, #de> {
            let mut out = ::std::collections::HashMap::new();
            r.children(|name, r| {
                if name == "entry" {
                    #entry
                } else {
                    r.skip()?;
                }
                ::std::result::Result::Ok(())
            })?;
            ::std::result::Result::Ok(out)
        }
    }
}
