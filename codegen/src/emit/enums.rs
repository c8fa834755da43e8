//! Enums, intEnums and unions. Enums are open: an unknown value survives a
//! round trip in the `Unknown` variant; unions have an `Unknown` variant for
//! members added to the service after generation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::{Ctx, deprecated_attr, doc_attrs};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// Emits an enum.
pub fn emit_enum(e: &Enum<String>) -> TokenStream {
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let name = format_ident!("{}", e.name);
    let docs = doc_attrs(&e.docs, &format!("The `{}` enum.", e.id));
    let dep = deprecated_attr(&e.deprecated);
    let variants = e.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let d = doc_attrs(&v.docs, &format!("The value `{}`.", v.value));
        let dep = deprecated_attr(&v.deprecated);
        quote!(#d #dep #vn,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let s = &v.value;
        quote!(#s => #name::#vn,)
    });
    let as_arms = e.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let s = &v.value;
        quote!(#name::#vn => #s,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let serde = super::serde_impls::for_enum(e);
    // Debug prints the variant (`DeskPhone`, `Unknown(UnknownVariantValue("X"))`) as the
    // official SDKs' derived Debug does; `as_str` and `Display` give the wire value.
    let (derive_debug, debug) = if e.sensitive {
        let debug = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("*** Sensitive Data Redacted ***")
                }
            }
        };
        (quote!(), debug)
    } else {
        (quote!(::std::fmt::Debug,), quote!())
    };
    quote! {
        #docs
        #dep
        ///
        /// The enum is open: a value this version does not know is kept in
        /// `Unknown`, and [`Self::as_str`] returns it unchanged.
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the service sent that this version of the crate does not know.
            #unknown(::client_runtime::types::UnknownVariantValue),
        }
        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    other => #name::#unknown(::client_runtime::types::UnknownVariantValue::new(other)),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_arms)*
                    #name::#unknown(v) => v.as_str(),
                }
            }
            /// Every value the model defines.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
            /// Parses a wire value, refusing one the model does not define
            /// (where `From<&str>` keeps it in `Unknown`).
            pub fn try_parse(value: &str) -> ::std::result::Result<Self, ::client_runtime::types::UnknownVariantError> {
                match Self::from(value) {
                    #name::#unknown(_) => ::std::result::Result::Err(::client_runtime::types::UnknownVariantError::new(value)),
                    known => ::std::result::Result::Ok(known),
                }
            }
        }
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #debug
        #serde
    }
}

/// Emits an intEnum.
pub fn emit_int_enum(e: &Enum<i32>) -> TokenStream {
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let name = format_ident!("{}", e.name);
    let docs = doc_attrs(&e.docs, &format!("The `{}` intEnum.", e.id));
    let dep = deprecated_attr(&e.deprecated);
    let variants = e.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let d = doc_attrs(&v.docs, &format!("The value `{}`.", v.value));
        let dep = deprecated_attr(&v.deprecated);
        quote!(#d #dep #vn,)
    });
    let nums: Vec<i32> = e.variants.iter().map(|v| v.value).collect();
    let serde = super::serde_impls::for_int_enum(e);
    let from_arms = e.variants.iter().zip(&nums).map(|(v, n)| {
        let vn = format_ident!("{}", v.name);
        quote!(#n => #name::#vn,)
    });
    let as_arms = e.variants.iter().zip(&nums).map(|(v, n)| {
        let vn = format_ident!("{}", v.name);
        quote!(#name::#vn => #n,)
    });
    quote! {
        #docs
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            #unknown(i32),
        }
        impl ::std::convert::From<i32> for #name {
            fn from(v: i32) -> Self {
                match v {
                    #(#from_arms)*
                    other => #name::#unknown(other),
                }
            }
        }
        impl #name {
            /// The wire value.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_arms)*
                    #name::#unknown(v) => *v,
                }
            }
            /// Every value the model defines.
            pub const fn values() -> &'static [i32] {
                &[#(#nums),*]
            }
        }
        #serde
    }
}

/// Emits a union.
pub fn emit_union(cx: &Ctx, u: &Union) -> TokenStream {
    let serde = super::serde_impls::for_union(cx, u);
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let name = format_ident!("{}", u.name);
    let docs = doc_attrs(&u.docs, &format!("The `{}` union.", u.id));
    let dep = deprecated_attr(&u.deprecated);
    let variants = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let d = doc_attrs(&m.docs, &format!("The `{}` member.", m.name));
        let dep = deprecated_attr(&m.deprecated);
        if m.target == Target::Unit {
            quote!(#d #dep #vn,)
        } else {
            let t = cx.member_type(m);
            quote!(#d #dep #vn(#t),)
        }
    });
    let methods = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let as_fn = ident(&naming::as_fn(&m.variant));
        let is_fn = ident(&naming::is_fn(&m.variant));
        let as_doc = format!(" The `{}` value, or `Err(self)` when another member is set.", m.name);
        let is_doc = format!(" True when the `{}` member is set.", m.name);
        if m.target == Target::Unit {
            quote! {
                #[doc = #as_doc]
                pub fn #as_fn(&self) -> ::std::result::Result<(), &Self> {
                    if let #name::#vn = self { ::std::result::Result::Ok(()) } else { ::std::result::Result::Err(self) }
                }
                #[doc = #is_doc]
                pub fn #is_fn(&self) -> bool { self.#as_fn().is_ok() }
            }
        } else {
            let t = cx.member_type(m);
            quote! {
                #[doc = #as_doc]
                pub fn #as_fn(&self) -> ::std::result::Result<&#t, &Self> {
                    if let #name::#vn(v) = self { ::std::result::Result::Ok(v) } else { ::std::result::Result::Err(self) }
                }
                #[doc = #is_doc]
                pub fn #is_fn(&self) -> bool { self.#as_fn().is_ok() }
            }
        }
    });
    let debug = if u.sensitive || u.members.iter().any(|m| m.sensitive) {
        let arms = u.members.iter().map(|m| {
            let vn = format_ident!("{}", m.variant);
            let label = &m.variant;
            if m.target == Target::Unit {
                quote!(#name::#vn => f.write_str(#label),)
            } else if m.sensitive || u.sensitive {
                quote!(#name::#vn(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),)
            } else {
                quote!(#name::#vn(v) => f.debug_tuple(#label).field(v).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::#unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    } else {
        let arms = u.members.iter().map(|m| {
            let vn = format_ident!("{}", m.variant);
            let label = &m.variant;
            if m.target == Target::Unit {
                quote!(#name::#vn => f.write_str(#label),)
            } else {
                quote!(#name::#vn(v) => f.debug_tuple(#label).field(v).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::#unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    };
    quote! {
        #docs
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A member the service sent that this version of the crate does
            /// not know. It cannot be sent back.
            #unknown,
        }
        impl #name {
            #(#methods)*
            /// True when the value is a member this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::#unknown)
            }
        }
        #debug
        #serde
    }
}
