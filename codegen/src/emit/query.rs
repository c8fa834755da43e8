//! awsQuery and ec2Query request serializers: every scalar becomes one
//! form pair whose key spells its path (`Tags.member.1.Key`), written with
//! the runtime's `QueryWriter` and `QueryKey` (feature `xml`). Structures
//! and unions get functions of their own; lists and maps are written inline.
//!
//! The two protocols differ only in names: ec2Query keys use
//! `ec2QueryName` (else the capitalized XML name) and lists are always
//! flattened, with nothing written for an empty one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json::{fn_path, union_path};
use super::ty::{Ctx, ts_format};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// The key segment of a structure member.
fn segment(m: &Member, ec2: bool) -> String {
    if ec2 { m.ec2_name() } else { m.xml_name().to_string() }
}

/// Statements writing `value` (a reference to a value of `m`'s target) under
/// `key` (an expression of type `QueryKey`) to `w`.
pub fn write_value(cx: &Ctx, m: &Member, flattened: bool, value: TokenStream, key: TokenStream, ec2: bool) -> TokenStream {
    match m.target {
        Target::Scalar(s) => match s {
            Scalar::String => quote!(w.string(&#key, #value);),
            Scalar::Boolean => quote!(w.boolean(&#key, *#value);),
            Scalar::Long => quote!(w.i64(&#key, *#value);),
            Scalar::Byte | Scalar::Short | Scalar::Integer => quote!(w.i64(&#key, i64::from(*#value));),
            Scalar::Float => quote!(w.f32(&#key, *#value);),
            Scalar::Double => quote!(w.f64(&#key, *#value);),
            Scalar::BigInteger | Scalar::BigDecimal => quote!(w.big_number(&#key, #value.as_ref());),
            Scalar::Timestamp => {
                let f = ts_format(m.timestamp_format.unwrap_or(TimestampFormat::DateTime));
                quote!(w.timestamp(&#key, #value, #f);)
            }
            Scalar::Blob => quote!(w.blob(&#key, #value.as_ref());),
            Scalar::Document => quote!(::std::compile_error!("generator bug: documents have no query form");),
        },
        Target::Enum(_) => quote!(w.string(&#key, #value.as_str());),
        Target::IntEnum(_) => quote!(w.i64(&#key, i64::from(#value.as_i32()));),
        Target::Structure(_) | Target::Union(_) => {
            let f = fn_path(cx.ir, m.target, false);
            quote!(#f(w, &#key, #value)?;)
        }
        Target::List(l) => {
            let l = &cx.ir[l];
            let item_key = if flattened || ec2 {
                quote!(#key.nth(i))
            } else {
                let name = l.member.xml_name();
                quote!(#key.member(#name).nth(i))
            };
            let inner = write_value(cx, &l.member, false, quote!(item), quote!(item_key), ec2);
            let inner = if l.sparse { quote!(if let ::std::option::Option::Some(item) = item { #inner }) } else { inner };
            // awsQuery sends an empty list as `Key=`; ec2Query sends nothing.
            let empty = (!ec2).then(|| quote!(if #value.is_empty() { w.empty(&#key); }));
            quote! {
                #empty
                for (i, item) in #value.iter().enumerate() {
                    let item_key = #item_key;
                    #inner
                }
            }
        }
        Target::Map(map) => {
            let map = &cx.ir[map];
            let entry_key = if flattened { quote!(#key.nth(i)) } else { quote!(#key.member("entry").nth(i)) };
            let (key_name, value_name) = (map.key.xml_name(), map.value.xml_name());
            let inner = write_value(cx, &map.value, false, quote!(item), quote!(entry_key.member(#value_name)), ec2);
            let inner = if map.sparse { quote!(if let ::std::option::Option::Some(item) = item { #inner }) } else { inner };
            // Entries in key order, so a request is the same every time.
            quote! {
                let mut entries: ::std::vec::Vec<_> = #value.iter().collect();
                entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                for (i, (k, item)) in entries.into_iter().enumerate() {
                    let entry_key = #entry_key;
                    w.string(&entry_key.member(#key_name), k.as_str());
                    #inner
                }
            }
        }
        Target::Unit => quote!(),
    }
}

/// Statements writing the members of `v` under `key`.
pub fn write_members(cx: &Ctx, members: &[&Member], ec2: bool) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let f = ident(&m.rust);
            let seg = segment(m, ec2);
            let stmt = write_value(cx, m, m.xml.flattened, quote!(value), quote!(member_key), ec2);
            let body = quote!({ let member_key = key.member(#seg); #stmt });
            if m.nullable { quote!(if let ::std::option::Option::Some(value) = &v.#f #body) } else { quote!({ let value = &v.#f; #body }) }
        })
        .collect()
}

/// `ser_x` for a structure: its members under `key`.
pub fn ser_structure(cx: &Ctx, r: StructRef, ec2: bool) -> TokenStream {
    let s = &cx.ir[r];
    let f = format_ident!("{}", naming::ser_fn(&s.wire_name));
    let ty = cx.struct_path(r);
    let members: Vec<&Member> = s.members.iter().collect();
    let stmts = write_members(cx, &members, ec2);
    let (v, key) = if stmts.is_empty() { (quote!(_v), quote!(_key)) } else { (quote!(v), quote!(key)) };
    quote! {
        pub(crate) fn #f(w: &mut ::client_runtime::protocol::query::QueryWriter, #key: &::client_runtime::protocol::query::QueryKey, #v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            #(#stmts)*
            ::std::result::Result::Ok(())
        }
    }
}

/// `ser_x` for a union: the set member under `key`; `Unknown` cannot be sent.
pub fn ser_union(cx: &Ctx, u: &Union, ec2: bool) -> TokenStream {
    let f = format_ident!("{}", naming::ser_fn(&u.wire_name));
    let ty = union_path(u);
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let arms = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let seg = segment(m, ec2);
        if m.target == Target::Unit {
            quote!(#ty::#vn => w.empty(&key.member(#seg)),)
        } else {
            let stmt = write_value(cx, m, m.xml.flattened, quote!(value), quote!(member_key), ec2);
            quote!(#ty::#vn(value) => { let member_key = key.member(#seg); #stmt })
        }
    });
    let msg = format!("the `Unknown` variant of union `{}` cannot be sent", u.id);
    quote! {
        pub(crate) fn #f(w: &mut ::client_runtime::protocol::query::QueryWriter, key: &::client_runtime::protocol::query::QueryKey, v: &#ty) -> ::std::result::Result<(), ::client_runtime::error::BuildError> {
            match v {
                #(#arms)*
                #ty::#unknown => return ::std::result::Result::Err(::client_runtime::error::BuildError::other(#msg)),
            }
            ::std::result::Result::Ok(())
        }
    }
}
