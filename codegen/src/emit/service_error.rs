//! `src/error.rs`: the runtime's error types under the official SDK's names,
//! and the service-wide `Error` enum that `?` turns any operation's error
//! into (the official SDKs' `error_meta.rs`).
//!
//! Kept small on purpose: one variant per modeled error the operations use,
//! one generic `From<SdkError<E>>` for every operation instead of one impl
//! each, and per operation only the `From<OpError>` that maps its variants
//! (emitted with the operation, see [`from_operation_error`]).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::{Ctx, allow_deprecated, doc_attrs, name_ident};
use crate::lower::ir::*;
use crate::naming;

/// `src/error.rs`.
pub fn error_rs(cx: &Ctx) -> TokenStream {
    let used: BTreeSet<StructRef> = cx.ir.operations.iter().flat_map(|o| o.errors.iter().copied()).collect();
    let mut errors: Vec<(&Structure, StructRef)> = used.iter().map(|r| (&cx.ir[*r], *r)).collect();
    errors.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let name = name_ident(naming::SERVICE_ERROR);
    let unhandled = name_ident(naming::UNHANDLED_VARIANT);
    let variant = |s: &Structure| name_ident(&naming::error_variant(&s.name));
    let variants = errors.iter().map(|(s, r)| {
        let (v, t) = (variant(s), cx.struct_path(*r));
        let d = doc_attrs(&s.docs, &format!("The `{}` error.", s.id));
        quote!(#d #v(#t),)
    });
    let display_arms = errors.iter().map(|(s, _)| {
        let v = variant(s);
        quote!(Self::#v(e) => ::std::fmt::Display::fmt(e, f),)
    });
    // As the official `Error`: the variant's own source, not the variant (whose
    // `Display` this already is), so a printed chain does not repeat it.
    let source_arms = errors.iter().map(|(s, _)| {
        let v = variant(s);
        quote!(Self::#v(e) => ::std::error::Error::source(e),)
    });
    let meta_arms = errors.iter().map(|(s, _)| {
        let v = variant(s);
        quote!(Self::#v(e) => ::client_runtime::error::ProvideErrorMetadata::meta(e),)
    });
    let dep = allow_deprecated(errors.iter().any(|(s, _)| s.deprecated.is_some()));
    quote! {
        //! Errors returned by operations.
        #dep
        pub use ::client_runtime::client::{
            BodyTooLarge, ConstructionFailure, DispatchFailure, RawResponse, ResponseError, SdkError, ServiceError, TimeoutError, Unhandled,
        };
        pub use ::client_runtime::error::{BuildError, ErrorMetadata, ProvideErrorMetadata};
        pub use ::client_runtime::protocol::json::DeserializeError;
        pub use ::client_runtime::reexports::aws_smithy_types::error::display::DisplayErrorContext;
        pub use ::client_runtime::types::UnknownVariantError;

        /// Every error the service's operations can return, for code that calls
        /// several of them: `?` converts any operation's error, and its
        /// [`SdkError`], into it. Failures other than a modeled error (nothing
        /// sent, a timeout, an unreadable response, an error the model does not
        /// list) become `Unhandled`, which keeps the cause and the metadata.
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
            /// Any other failure: an error the model does not list, or one
            /// that is not the service's answer (see [`SdkError`]).
            #unhandled(::client_runtime::client::Unhandled),
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::#unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    Self::#unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }
        impl ::client_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::client_runtime::error::ErrorMetadata {
                match self {
                    #(#meta_arms)*
                    Self::#unhandled(e) => ::client_runtime::error::ProvideErrorMetadata::meta(e),
                }
            }
        }
        impl ::std::convert::From<::client_runtime::error::BuildError> for #name {
            fn from(e: ::client_runtime::error::BuildError) -> Self {
                Self::#unhandled(::client_runtime::client::Unhandled::from_source(::std::default::Default::default(), e))
            }
        }
        impl<E> ::std::convert::From<::client_runtime::client::SdkError<E>> for #name
        where
            E: ::std::convert::Into<#name> + ::std::convert::From<::client_runtime::client::Unhandled>,
            E: ::std::error::Error + ::client_runtime::error::ProvideErrorMetadata + ::std::marker::Send + ::std::marker::Sync + 'static,
        {
            fn from(e: ::client_runtime::client::SdkError<E>) -> Self {
                e.into_service_error().into()
            }
        }
    }
}

/// `impl From<OpError> for crate::error::Error`, in the operation's module.
pub fn from_operation_error(cx: &Ctx, op: &Operation) -> TokenStream {
    let op_error = name_ident(&naming::operation_error(&op.name));
    let service = name_ident(naming::SERVICE_ERROR);
    let unhandled = name_ident(naming::UNHANDLED_VARIANT);
    let arms = op.errors.iter().map(|r| {
        let v = name_ident(&naming::error_variant(&cx.ir[*r].name));
        quote!(#op_error::#v(e) => Self::#v(e),)
    });
    quote! {
        impl ::std::convert::From<#op_error> for crate::error::#service {
            fn from(e: #op_error) -> Self {
                match e {
                    #(#arms)*
                    #op_error::#unhandled(e) => Self::#unhandled(e),
                }
            }
        }
    }
}
