//! The `serde` feature of a generated crate: `Serialize` and `Deserialize`
//! for every structure, union, enum and intEnum, written out (no
//! serde_derive) as calls to `client_runtime::serde`. Keys are the model's
//! member names, as the AWS CLI prints them; see `docs/serde.md`.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::structure::fallible_build;
use super::ty::{Ctx, builder_path_of};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// Every serde item is compiled only with the crate's `serde` feature
/// (in the runtime's embedded clients, the runtime's).
fn cfg() -> TokenStream {
    quote!(#[cfg(feature = "serde")])
}

/// The runtime adapter that writes and reads a value of `target`, `None`
/// when the Rust type's own serde impls already match the CLI's JSON.
fn adapter(cx: &Ctx, target: Target) -> Option<TokenStream> {
    match target {
        Target::Scalar(Scalar::Float | Scalar::Double) => Some(quote!(::client_runtime::serde::Float)),
        Target::Scalar(Scalar::BigInteger | Scalar::BigDecimal) => Some(quote!(::client_runtime::serde::BigNumber)),
        Target::Scalar(Scalar::Timestamp) => Some(quote!(::client_runtime::serde::Timestamp)),
        Target::Scalar(Scalar::Blob) => Some(quote!(::client_runtime::serde::Base64)),
        Target::Scalar(Scalar::Document) => Some(quote!(::client_runtime::serde::Doc)),
        Target::List(l) => {
            let l = &cx.ir[l];
            let item = item_adapter(cx, l.member.target, l.sparse)?;
            Some(quote!(::client_runtime::serde::List<#item>))
        }
        Target::Map(m) => {
            let m = &cx.ir[m];
            let value = item_adapter(cx, m.value.target, m.sparse)?;
            Some(quote!(::client_runtime::serde::Map<#value>))
        }
        _ => None,
    }
}

/// The adapter of a list item or map value; `null` items of a sparse
/// collection are `None` (serde's `Option` already does that when the
/// item needs no adapter).
fn item_adapter(cx: &Ctx, target: Target, sparse: bool) -> Option<TokenStream> {
    let a = adapter(cx, target)?;
    Some(if sparse { quote!(::client_runtime::serde::Sparse<#a>) } else { a })
}

/// `Serialize`, `Deserialize` and the builder's `Fields` of a structure.
pub fn for_structure(cx: &Ctx, s: &Structure) -> TokenStream {
    let cfg = cfg();
    let name = format_ident!("{}", s.name);
    let type_name = &s.name;
    let builder = builder_path_of(s);
    // The members that will be written: the required ones, and each
    // optional one that is set.
    let required = s.members.iter().filter(|m| !m.nullable).count();
    let mut terms: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| m.nullable)
        .map(|m| {
            let f = ident(&m.rust);
            quote!(usize::from(self.#f.is_some()))
        })
        .collect();
    if required > 0 || terms.is_empty() {
        terms.insert(0, proc_macro2::Literal::usize_unsuffixed(required).to_token_stream());
    }
    let len = quote!(#(#terms)+*);
    let writes = s.members.iter().map(|m| {
        let (f, key) = (ident(&m.rust), &m.name);
        match (adapter(cx, m.target), m.nullable) {
            (None, true) => quote!(s.opt(#key, &self.#f)?;),
            (None, false) => quote!(s.field(#key, &self.#f)?;),
            (Some(a), true) => quote!(s.opt_as::<#a, _>(#key, &self.#f)?;),
            (Some(a), false) => quote!(s.field_as::<#a, _>(#key, &self.#f)?;),
        }
    });
    let mutable = (!s.members.is_empty()).then(|| quote!(mut));
    let reads = s.members.iter().map(|m| {
        let (f, key) = (ident(&m.rust), &m.name);
        match adapter(cx, m.target) {
            None => quote!(#key => self.#f = ::client_runtime::serde::next(map)?,),
            Some(a) => quote!(#key => self.#f = ::client_runtime::serde::next_as::<#a, _, _>(map)?,),
        }
    });
    let finish = if fallible_build(s) { quote!(self.build()) } else { quote!(::std::result::Result::Ok(self.build())) };
    quote! {
        #cfg
        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #mutable s = ::client_runtime::serde::Struct::begin(serializer, #type_name, #len)?;
                #(#writes)*
                s.end()
            }
        }
        #cfg
        impl<'de> ::client_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::client_runtime::serde::deserialize_struct::<D, #builder>(deserializer)
            }
        }
        #cfg
        impl ::client_runtime::serde::Fields for #builder {
            type Value = #name;
            const NAME: &'static str = #type_name;
            fn field<'de, A: ::client_runtime::serde::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<(), A::Error> {
                match key {
                    #(#reads)*
                    _ => ::client_runtime::serde::skip(map)?,
                }
                ::std::result::Result::Ok(())
            }
            fn finish(self) -> ::std::result::Result<#name, ::client_runtime::error::BuildError> {
                #finish
            }
        }
    }
}

/// `Serialize`, `Deserialize` and `Variants` of a union: `{"Member": value}`.
pub fn for_union(cx: &Ctx, u: &Union) -> TokenStream {
    let cfg = cfg();
    let name = format_ident!("{}", u.name);
    let type_name = &u.name;
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let writes = u.members.iter().map(|m| {
        let (v, key) = (format_ident!("{}", m.variant), &m.name);
        if m.target == Target::Unit {
            return quote!(Self::#v => ::client_runtime::serde::unit_member(serializer, #key),);
        }
        match adapter(cx, m.target) {
            None => quote!(Self::#v(v) => ::client_runtime::serde::member(serializer, #key, v),),
            Some(a) => quote!(Self::#v(v) => ::client_runtime::serde::member_as::<#a, _, _>(serializer, #key, v),),
        }
    });
    let reads = u.members.iter().map(|m| {
        let (v, key) = (format_ident!("{}", m.variant), &m.name);
        if m.target == Target::Unit {
            return quote!(#key => ::client_runtime::serde::unit(map, Self::#v),);
        }
        match adapter(cx, m.target) {
            None => quote!(#key => ::client_runtime::serde::next(map).map(|v| v.map(Self::#v)),),
            Some(a) => quote!(#key => ::client_runtime::serde::next_as::<#a, _, _>(map).map(|v| v.map(Self::#v)),),
        }
    });
    quote! {
        #cfg
        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::#unknown => ::client_runtime::serde::unknown_member::<S>(#type_name),
                }
            }
        }
        #cfg
        impl<'de> ::client_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::client_runtime::serde::deserialize_union(deserializer)
            }
        }
        #cfg
        impl ::client_runtime::serde::Variants for #name {
            const NAME: &'static str = #type_name;
            fn variant<'de, A: ::client_runtime::serde::MapAccess<'de>>(key: &str, map: &mut A) -> ::std::result::Result<::std::option::Option<Self>, A::Error> {
                match key {
                    #(#reads)*
                    _ => ::client_runtime::serde::unknown(map, Self::#unknown),
                }
            }
        }
    }
}

/// An enum is its wire string; a value the model does not define is kept.
pub fn for_enum(e: &Enum<String>) -> TokenStream {
    let cfg = cfg();
    let name = format_ident!("{}", e.name);
    quote! {
        #cfg
        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::client_runtime::serde::enum_value(serializer, self.as_str())
            }
        }
        #cfg
        impl<'de> ::client_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::client_runtime::serde::deserialize_enum(deserializer)
            }
        }
    }
}

/// An intEnum is its integer; a value the model does not define is kept.
pub fn for_int_enum(e: &Enum<i32>) -> TokenStream {
    let cfg = cfg();
    let name = format_ident!("{}", e.name);
    quote! {
        #cfg
        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::client_runtime::serde::Serializer::serialize_i32(serializer, self.as_i32())
            }
        }
        #cfg
        impl<'de> ::client_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i32 as ::client_runtime::serde::Deserialize<'de>>::deserialize(deserializer).map(<Self as ::std::convert::From<i32>>::from)
            }
        }
    }
}
