//! One operation's module: input and output types with builders, the
//! error enum, the fluent builder behind `client.op()`, and its wire code.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structure::{self, Setter};
use super::ty::{Ctx, deprecated_attr, doc_attrs, inner_doc_attrs, name_ident};
use super::validate::{self, Patterns};
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// Whether an operation's module defines this structure (its own input or
/// output) rather than aliasing a shared type.
fn defined_here(op: &Operation, s: &Structure) -> bool {
    matches!(&s.role, Role::Input { module, .. } | Role::Output { module, .. } if *module == op.module)
}

/// The file `src/operation/<op>.rs`.
pub fn emit(cx: &Ctx, wire: &super::json::Wire, op: &Operation) -> TokenStream {
    let mut pats = Patterns::default();
    let (input, output) = (&cx.ir[op.input], &cx.ir[op.output]);
    let (input_here, output_here) = (defined_here(op, input), defined_here(op, output));
    let input_name = name_ident(&naming::operation_input(&op.name));
    let output_name = name_ident(&naming::operation_output(&op.name));
    let input_builder = name_ident(&naming::builder_type(&naming::operation_input(&op.name)));
    let output_builder = name_ident(&naming::builder_type(&naming::operation_output(&op.name)));
    let local_ty = |r: StructRef, here: bool| {
        if here {
            let n = name_ident(&cx.ir[r].name);
            quote!(#n)
        } else {
            cx.struct_path(r)
        }
    };
    let in_ty = local_ty(op.input, input_here);
    let out_ty = local_ty(op.output, output_here);
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for (r, here, alias, balias) in [(op.input, input_here, &input_name, &input_builder), (op.output, output_here, &output_name, &output_builder)] {
        let s = &cx.ir[r];
        if here {
            let code = structure::emit(cx, s, wire.read.contains(&r));
            items.push(code.items);
            builders.push(code.builder);
            let ty = name_ident(&s.name);
            items.push(validate::for_structure(cx, s, &quote!(#ty), &mut pats));
        } else {
            let path = cx.struct_path(r);
            let bpath = cx.builder_path(r);
            let d = format!(" `{}` uses the shared type [`{}`]({}).", op.name, s.name, path.to_string().replace(' ', ""));
            items.push(quote!(#[doc = #d] pub type #alias = #path;));
            builders.push(quote!(#[doc = #d] pub type #balias = #bpath;));
        }
    }
    let error = error_enum(cx, op);
    let into_service_error = super::service_error::from_operation_error(cx, op);
    let fluent = fluent_builder(cx, op, input, &in_ty, &out_ty);
    let paginator = paginator(cx, op, input, output, &out_ty);
    let op_static = operation_static(op);
    let ser = cx.protocol.ser_request(cx, op, &input.members, &in_ty);
    let de = de_response(cx, op, output_here, &out_ty);
    let statics = pats.statics();
    let doc = inner_doc_attrs(&op.docs);
    let module_doc = format!(" The `{}` operation: its input, output, errors and builders.", op.name);
    let errors_deprecated = op.errors.iter().any(|e| cx.ir[*e].deprecated.is_some());
    let dep = super::ty::allow_deprecated(
        op.deprecated.is_some() || errors_deprecated || [input, output].iter().any(|s| s.deprecated.is_some() || cx.members_deprecated(&s.members)),
    );
    quote! {
        #![doc = #module_doc]
        #![doc = ""]
        #doc
        #dep
        #statics
        #(#items)*
        #error
        #into_service_error
        #op_static
        #ser
        #de
        /// Builders for the operation's input and output, and the fluent
        /// builder returned by the client.
        pub mod builders {
            use super::*;
            #(#builders)*
            #fluent
            #paginator
        }
    }
}

fn operation_static(op: &Operation) -> TokenStream {
    let name = &op.name;
    let retryable = &op.retryable_errors;
    let auth = match op.auth {
        Auth::SigV4 => quote!(SigV4),
        Auth::OptionalSigV4 => quote!(OptionalSigV4),
        Auth::None => quote!(None),
    };
    quote! {
        pub(crate) static OPERATION: ::client_runtime::client::OperationInfo = ::client_runtime::client::OperationInfo {
            service: &crate::client::SERVICE,
            name: #name,
            retryable_error_codes: &[#(#retryable),*],
            auth: ::client_runtime::client::Auth::#auth,
        };
    }
}

fn error_enum(cx: &Ctx, op: &Operation) -> TokenStream {
    let name = name_ident(&naming::operation_error(&op.name));
    let unhandled = name_ident(naming::UNHANDLED_VARIANT);
    let doc = format!(" The errors `{}` can return.", op.name);
    let errors: Vec<(StructRef, &Structure, proc_macro2::Ident)> =
        op.errors.iter().map(|r| (*r, &cx.ir[*r], name_ident(&naming::error_variant(&cx.ir[*r].name)))).collect();
    let variants = errors.iter().map(|(r, e, v)| {
        let t = cx.struct_path(*r);
        let d = doc_attrs(&e.docs, &format!("The `{}` error.", e.name));
        quote!(#d #v(#t),)
    });
    let is_fns = errors.iter().map(|(_, e, v)| {
        let f = ident(&naming::is_fn(&v.to_string()));
        let d = format!(" True when the error is `{}`.", e.name);
        quote!(#[doc = #d] pub fn #f(&self) -> bool { matches!(self, Self::#v(_)) })
    });
    let meta_arms = errors.iter().map(|(_, _, v)| quote!(Self::#v(e) => ::client_runtime::error::ProvideErrorMetadata::meta(e),));
    let display_arms = errors.iter().map(|(_, _, v)| quote!(Self::#v(e) => ::std::fmt::Display::fmt(e, f),));
    let source_arms = errors.iter().map(|(_, _, v)| quote!(Self::#v(e) => ::std::option::Option::Some(e),));
    let de_arms = errors.iter().map(|(_, e, v)| {
        let code = cx.protocol.error_code_of(e);
        let f = name_ident(&naming::error_deserializer(&e.name));
        quote!(::std::option::Option::Some(#code) => #name::#v(crate::types::error::#f(resp, meta)?),)
    });
    let de_fn = name_ident(&naming::operation_error_deserializer(&op.module));
    let unhandled_value = quote!(#name::#unhandled(::client_runtime::client::Unhandled::from_response(meta, resp)));
    let fixup = cx.protocol.error_code_fixup();
    let metadata = cx.protocol.error_metadata();
    // Without modeled errors every error is unhandled; no code to match.
    let read_code = if errors.is_empty() {
        quote!(#fixup ::std::result::Result::Ok(#unhandled_value))
    } else {
        quote! {
            let code = meta.code().map(::std::string::ToString::to_string);
            #fixup
            ::std::result::Result::Ok(match code.as_deref() {
                #(#de_arms)*
                _ => #unhandled_value,
            })
        }
    };
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list (or one this version does not know).
            #unhandled(::client_runtime::client::Unhandled),
        }
        impl #name {
            #(#is_fns)*
            /// The error code, message and request id.
            pub fn meta(&self) -> &::client_runtime::error::ErrorMetadata {
                ::client_runtime::error::ProvideErrorMetadata::meta(self)
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
                    Self::#unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }
        impl ::std::convert::From<::client_runtime::client::Unhandled> for #name {
            fn from(e: ::client_runtime::client::Unhandled) -> Self {
                Self::#unhandled(e)
            }
        }
        fn #de_fn(resp: &::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>) -> ::std::result::Result<#name, ::client_runtime::protocol::json::DeserializeError> {
            let meta = #metadata;
            #read_code
        }
    }
}

fn de_response(cx: &Ctx, op: &Operation, output_here: bool, out_ty: &TokenStream) -> TokenStream {
    let f = format_ident!("deserialize_response");
    let de_err = name_ident(&naming::operation_error_deserializer(&op.module));
    let err = name_ident(&naming::operation_error(&op.name));
    let output = &cx.ir[op.output];
    let builder = if output_here {
        let b = name_ident(&naming::builder_type(&output.name));
        quote!(builders::#b)
    } else {
        cx.builder_path(op.output)
    };
    let read = cx.protocol.read_members(cx, &output.members, Some(op));
    let request_id = matches!(output.role, Role::Output { .. })
        .then(|| quote!(b._set_request_id(::client_runtime::protocol::message::request_id(resp));));
    let mutb = if read.is_empty() && request_id.is_none() { quote!() } else { quote!(mut) };
    quote! {
        /// The output or modeled error an HTTP response carries, as `send()`
        /// reads it; for tests, benchmarks and your own transport. The outer
        /// `Err` is a response that could not be read.
        pub fn #f(resp: &::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>) -> ::std::result::Result<::std::result::Result<#out_ty, #err>, ::client_runtime::protocol::json::DeserializeError> {
            if !resp.status().is_success() {
                return #de_err(resp).map(::std::result::Result::Err);
            }
            let #mutb b = #builder::default();
            #request_id
            #read
            b.build_corrected().map(::std::result::Result::Ok)
        }
    }
}

fn fluent_builder(cx: &Ctx, op: &Operation, input: &Structure, in_ty: &TokenStream, out_ty: &TokenStream) -> TokenStream {
    let name = name_ident(&naming::fluent_builder(&op.name));
    let input_builder = name_ident(&naming::builder_type(&naming::operation_input(&op.name)));
    let err = name_ident(&naming::operation_error(&op.name));
    let setters = input.members.iter().map(|m| structure::setters(cx, m, Setter::Fluent));
    // `@idempotencyToken` members left unset get a token from the config.
    let tokens: Vec<TokenStream> = input
        .members
        .iter()
        .filter(|m| m.idempotency_token && m.nullable)
        .map(|m| {
            let f = ident(&m.rust);
            quote!(if input.#f.is_none() { input.#f = ::std::option::Option::Some(self.handle.config().idempotency_token()); })
        })
        .collect();
    let mutable = (!tokens.is_empty()).then(|| quote!(mut));
    let build = if structure::fallible_build(input) {
        quote!(let #mutable input = self.inner.build().map_err(::client_runtime::client::SdkError::construction_failure)?; #(#tokens)*)
    } else {
        quote!(let #mutable input = self.inner.build(); #(#tokens)*)
    };
    let ser = format_ident!("serialize_request");
    let de = format_ident!("deserialize_response");
    let doc = format!(" Fluent builder for the `{}` operation: set the input members, then call [`Self::send`].", op.name);
    let dep = deprecated_attr(&op.deprecated);
    quote! {
        #[doc = #doc]
        #dep
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            handle: ::client_runtime::client::Handle,
            inner: #input_builder,
        }
        impl #name {
            pub(crate) fn new(handle: ::client_runtime::client::Handle) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }
            /// Sends the request and waits for the response.
            ///
            /// Retries throttling errors, 5xx responses and transport
            /// failures as configured; every other error is returned at once.
            pub async fn send(self) -> ::std::result::Result<#out_ty, ::client_runtime::client::SdkError<#err>> {
                #build
                ::client_runtime::client::invoke::<#in_ty, #out_ty, #err>(&self.handle, &super::OPERATION, input, super::#ser, super::#de).await
            }
            #(#setters)*
        }
    }
}

/// Names a structure member's `message` accessor uses, for error types.
pub fn message_member(s: &Structure) -> Option<&Member> {
    s.members.iter().find(|m| m.name.eq_ignore_ascii_case("message") && m.nullable)
}

/// The error structure's extra impls: `Display`, `Error`, metadata, and its
/// deserializer from an HTTP response.
pub fn error_impls(cx: &Ctx, s: &Structure, with_deserializer: bool) -> TokenStream {
    let name = name_ident(&s.name);
    let builder = name_ident(&naming::builder_type(&s.name));
    let code = s.id.name();
    let msg_member = message_member(s);
    let (message_fn, msg_into_meta) = match msg_member {
        // The member wins; services that send the message under another key
        // (`message`, `Message`, `errorMessage`) still fill it.
        Some(m) if m.target == Target::Scalar(Scalar::String) => {
            let f = ident(&m.rust);
            (
                quote!(),
                quote! {
                    let meta = meta.with_message(b.#f.clone());
                    if b.#f.is_none() {
                        b.#f = meta.message().map(::std::string::ToString::to_string);
                    }
                },
            )
        }
        _ if s.members.iter().any(|m| m.rust == "message") => (quote!(), quote!()),
        _ => (
            quote! {
                /// The error message.
                pub fn message(&self) -> ::std::option::Option<&str> {
                    self.meta.message()
                }
            },
            quote!(),
        ),
    };
    let read = cx.protocol.read_members(cx, &s.members, None);
    let de_fn = name_ident(&naming::error_deserializer(&s.name));
    let display_msg = match msg_member.filter(|m| m.target == Target::Scalar(Scalar::String)) {
        Some(m) => {
            let f = ident(&m.rust);
            quote!(self.#f.as_deref().or(self.meta.message()))
        }
        None => quote!(self.meta.message()),
    };
    let mutb = if read.is_empty() && msg_into_meta.is_empty() { quote!() } else { quote!(mut) };
    let resp_name = if read.is_empty() { quote!(_resp) } else { quote!(resp) };
    let de = with_deserializer.then(|| {
        quote! {
            pub(crate) fn #de_fn(
                #resp_name: &::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>,
                meta: ::client_runtime::error::ErrorMetadata,
            ) -> ::std::result::Result<#name, ::client_runtime::protocol::json::DeserializeError> {
                let #mutb b = #builder::default();
                #read
                #msg_into_meta
                let mut e = b.build_corrected()?;
                e.meta = meta;
                ::std::result::Result::Ok(e)
            }
        }
    });
    quote! {
        #de
        impl #name {
            #message_fn
            /// The error code, message and request id.
            pub fn meta(&self) -> &::client_runtime::error::ErrorMetadata {
                &self.meta
            }
        }
        impl ::client_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::client_runtime::error::ErrorMetadata {
                &self.meta
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                if let ::std::option::Option::Some(m) = #display_msg {
                    ::std::write!(f, ": {}", m)?;
                }
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for #name {}
    }
}

/// `into_paginator()` for an operation whose `@paginated` tokens are
/// top-level string members, as the official SDKs have it: `.send()` gives a
/// stream of pages, `.items().send()` one of the items of every page (when
/// `items` is a top-level list or map), `.page_size(n)` sets `pageSize`. The
/// loop is `client_runtime::client::pagination_pages`; the fluent builder
/// only says how to read and set its token (`Paginate`).
fn paginator(cx: &Ctx, op: &Operation, input: &Structure, output: &Structure, out_ty: &TokenStream) -> Option<TokenStream> {
    let p = op.paginated.as_ref()?;
    let in_tok = input.members.get(p.input_token)?;
    let out_tok = output.members.get(p.output_token)?;
    let fluent = name_ident(&naming::fluent_builder(&op.name));
    let name = name_ident(&naming::paginator(&op.name));
    let err = name_ident(&naming::operation_error(&op.name));
    let set = ident(&naming::setter(&in_tok.rust));
    let get = ident(&naming::getter(&in_tok.rust));
    let out_f = ident(&out_tok.rust);
    let result = |item: TokenStream| quote!(::std::result::Result<#item, ::client_runtime::client::SdkError<super::#err>>);
    let page_result = result(out_ty.clone());
    let doc = format!(" Pages through `{}`: each page is requested with the `{}` the previous page returned.", op.name, in_tok.name);
    let page_size = p.page_size.and_then(|i| input.members.get(i)).map(|m| {
        let setter = ident(&m.rust);
        let ty = cx.member_type(m);
        let doc = format!(" Sets `{}`, the most items a page holds.", m.name);
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.builder = self.builder.#setter(limit);
                self
            }
        }
    });
    let items = p.items.and_then(|i| output.members.get(i)).and_then(|m| {
        let items_name = name_ident(&naming::paginator_items(&op.name));
        let field = ident(&m.rust);
        // A nullable member's absence is a page without items.
        let (item_ty, split) = match (m.target, m.nullable) {
            (Target::List(l), nullable) => {
                let l = &cx.ir[l];
                let split = if nullable { quote!(page.#field.unwrap_or_default()) } else { quote!(page.#field) };
                (cx.element_type(&l.member, l.sparse), split)
            }
            (Target::Map(mr), nullable) => {
                let map = &cx.ir[mr];
                let key = cx.value_type(map.key.target);
                let value = cx.element_type(&map.value, map.sparse);
                let split = if nullable { quote!(page.#field.map(|m| m.into_iter().collect()).unwrap_or_default()) } else { quote!(page.#field.into_iter().collect()) };
                (quote!((#key, #value)), split)
            }
            _ => return None,
        };
        let item_result = result(item_ty);
        let doc = format!(" The items of every page of `{}` (its `{}`), one by one.", op.name, m.name);
        Some((
            quote! {
                /// The items of every page instead of the pages.
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            },
            quote! {
                #[doc = #doc]
                #[derive(::std::clone::Clone, ::std::fmt::Debug)]
                pub struct #items_name(#name);
                impl #items_name {
                    /// The stream of items; each page is requested when the items before it are used up.
                    pub fn send(self) -> ::client_runtime::client::PaginationStream<#item_result> {
                        ::client_runtime::client::pagination_items(self.0.send(), |page: #out_ty| #split)
                    }
                }
            },
        ))
    });
    let (items_fn, items_type) = items.unzip();
    Some(quote! {
        impl #fluent {
            /// Pages through the results instead of sending one request.
            pub fn into_paginator(self) -> #name {
                #name { builder: self, stop_on_duplicate_token: true }
            }
        }
        impl ::client_runtime::client::Paginate for #fluent {
            type Output = #out_ty;
            type Error = super::#err;
            fn send_page(self) -> impl ::std::future::Future<Output = #page_result> + ::std::marker::Send + 'static {
                self.send()
            }
            fn page_token(&self) -> ::std::option::Option<&str> {
                self.#get().as_deref()
            }
            fn with_page_token(self, token: ::std::string::String) -> Self {
                self.#set(::std::option::Option::Some(token))
            }
            fn next_page_token(page: &#out_ty) -> ::std::option::Option<&str> {
                page.#out_f.as_deref()
            }
        }
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            builder: #fluent,
            stop_on_duplicate_token: bool,
        }
        impl #name {
            #page_size
            /// Whether a page that returns the token it was requested with
            /// ends the stream (the default), instead of being requested again.
            pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
                self.stop_on_duplicate_token = stop;
                self
            }
            #items_fn
            /// The stream of pages; each is requested when the stream is polled for it,
            /// and the stream ends after the last page or an error.
            pub fn send(self) -> ::client_runtime::client::PaginationStream<#page_result> {
                ::client_runtime::client::pagination_pages(self.builder, self.stop_on_duplicate_token)
            }
        }
        #items_type
    })
}
