//! Structures: the type, its accessors, its builder and a redacting `Debug`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::{Ctx, deprecated_attr, doc_attrs, is_copy};
use crate::lower::ir::*;
use crate::naming::{self, ident};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The type items and the builder items of one structure.
pub struct StructCode {
    /// Struct, accessors, `Debug`.
    pub items: TokenStream,
    /// Builder struct and impls.
    pub builder: TokenStream,
}

/// Emits a structure.
/// `read`: responses carry the structure, so its builder gets the
/// error-correcting `build_corrected`.
pub fn emit(cx: &Ctx, s: &Structure, read: bool) -> StructCode {
    let name = format_ident!("{}", s.name);
    let builder_type = naming::builder_type(&s.name);
    let builder_name = format_ident!("{}", builder_type);
    let is_error = matches!(s.role, Role::Error { .. });
    // Outputs keep the response's request id for `RequestId`, as the official SDKs' `_request_id`.
    let is_output = matches!(s.role, Role::Output { .. });
    let fallback = match &s.role {
        Role::Input { operation, .. } => format!("The input of the `{operation}` operation."),
        Role::Output { operation, .. } => format!("The output of the `{operation}` operation."),
        _ => format!("The `{}` structure.", s.id),
    };
    let docs = doc_attrs(&s.docs, &fallback);
    let dep = deprecated_attr(&s.deprecated);
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.rust);
        let ty = cx.field_type(m);
        let d = member_docs(m);
        let dep = deprecated_attr(&m.deprecated);
        quote!(#d #dep pub #f: #ty,)
    });
    let meta_field = is_error.then(|| quote!(pub(crate) meta: ::client_runtime::error::ErrorMetadata,));
    let rid_field = is_output.then(|| quote!(pub(crate) _request_id: ::std::option::Option<::std::string::String>,));
    let rid_debug = is_output.then(|| quote!(.field("_request_id", &self._request_id)));
    let rid_impl = is_output.then(|| {
        quote! {
            impl ::client_runtime::error::RequestId for #name {
                fn request_id(&self) -> ::std::option::Option<&str> {
                    self._request_id.as_deref()
                }
            }
        }
    });
    let accessors = s.members.iter().map(|m| accessor(cx, m));
    let derives = if s.derives_default {
        quote!(#[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)])
    } else {
        quote!(#[derive(::std::clone::Clone, ::std::cmp::PartialEq)])
    };
    let debug = debug_impl(&name, &s.name, s.sensitive, &s.members, if is_error { Some(quote!(.field("meta", &self.meta))) } else { rid_debug.clone() });
    let bdebug = debug_impl(&builder_name, &builder_type, s.sensitive, &s.members, rid_debug);
    let builder_doc = format!(" Creates a new builder-style object to manufacture [`{}`].", s.name);
    let builder_path = super::ty::builder_path_of(s);
    let serde = super::serde_impls::for_structure(cx, s);
    let items = quote! {
        #docs
        #dep
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #meta_field
            #rid_field
        }
        impl #name {
            #(#accessors)*
            #[doc = #builder_doc]
            pub fn builder() -> #builder_path {
                ::std::default::Default::default()
            }
        }
        #debug
        #rid_impl
        #serde
    };

    let bfields = s.members.iter().map(|m| {
        let f = ident(&m.rust);
        let ty = cx.member_type(m);
        quote!(pub(crate) #f: ::std::option::Option<#ty>,)
    });
    let bmeta = is_error.then(|| quote!(pub(crate) meta: ::std::option::Option<::client_runtime::error::ErrorMetadata>,));
    let setters = s.members.iter().map(|m| setters(cx, m, Setter::Builder));
    let meta_setter = is_error.then(|| {
        quote! {
            /// Sets the error metadata (code, message, request id).
            pub fn meta(mut self, meta: ::client_runtime::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
        }
    });
    let rid_setter = is_output.then(|| {
        quote! {
            /// Sets the request id `RequestId::request_id` returns; responses
            /// set it from their headers. For tests and mocks.
            pub fn _request_id(mut self, request_id: impl ::std::convert::Into<::std::string::String>) -> Self {
                self._request_id = ::std::option::Option::Some(request_id.into());
                self
            }
            /// Sets or unsets the request id, as `_request_id` does.
            pub fn _set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) -> &mut Self {
                self._request_id = request_id;
                self
            }
        }
    });
    let build = build_fn(cx, s, &name);
    let corrected = read.then(|| corrected_fn(cx, s, &name));
    let build_doc = format!(" Consumes the builder and constructs a [`{}`].", s.name);
    let builder_struct_doc = format!(" A builder for [`{}`].", s.name);
    let builder = quote! {
        #[doc = #builder_struct_doc]
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #builder_name {
            #(#bfields)*
            #bmeta
            #rid_field
        }
        impl #builder_name {
            #(#setters)*
            #meta_setter
            #rid_setter
            #[doc = #build_doc]
            #build
            #corrected
        }
        #bdebug
    };
    StructCode { items, builder }
}

fn member_docs(m: &Member) -> TokenStream {
    let mut d = if m.docs.trim().is_empty() { format!("The `{}` member.", m.name) } else { m.docs.clone() };
    if m.required && m.nullable {
        d.push_str("\n\nThis member is required.");
    }
    doc_attrs(&d, "")
}

/// Whether a member's field needs `build()` to fail when it is unset.
pub fn must_be_set(m: &Member) -> bool {
    !m.nullable && m.default.is_none()
}

/// Whether `build()` returns a `Result`: when a member must be set, and for
/// every operation input, whose `build()` is fallible in the official SDKs
/// (so `Input::builder()...build()?` moves over unchanged) although all its
/// members are optional.
pub fn fallible_build(s: &Structure) -> bool {
    matches!(s.role, Role::Input { .. }) || s.members.iter().any(must_be_set)
}

fn accessor(cx: &Ctx, m: &Member) -> TokenStream {
    let f = ident(&m.rust);
    let d = member_docs(m);
    let dep = deprecated_attr(&m.deprecated);
    let (ret, body) = match (m.target, m.nullable) {
        (Target::List(l), true) => {
            let l = &cx.ir[l];
            let e = cx.element_type(&l.member, l.sparse);
            let extra = format!("\n\nIf no value was sent for this field, an empty slice is returned; use `.{}.is_none()` to tell the two apart.", m.rust);
            let d2 =
                doc_attrs(&format!("{}{}", m.docs.trim().is_empty().then(|| format!("The `{}` member.", m.name)).unwrap_or_else(|| m.docs.clone()), extra), "");
            return quote! {
                #d2 #dep
                pub fn #f(&self) -> &[#e] {
                    self.#f.as_deref().unwrap_or_default()
                }
            };
        }
        (Target::List(l), false) => {
            let l = &cx.ir[l];
            let e = cx.element_type(&l.member, l.sparse);
            (quote!(&[#e]), quote!(&self.#f))
        }
        (Target::Scalar(Scalar::String), true) => (quote!(::std::option::Option<&str>), quote!(self.#f.as_deref())),
        (Target::Scalar(Scalar::String), false) => (quote!(&str), quote!(&self.#f)),
        _ if is_copy(m.target) => {
            let t = cx.member_type(m);
            if m.nullable { (quote!(::std::option::Option<#t>), quote!(self.#f)) } else { (quote!(#t), quote!(self.#f)) }
        }
        _ => {
            let t = cx.value_type(m.target);
            match (m.nullable, m.boxed) {
                (true, true) => (quote!(::std::option::Option<&#t>), quote!(self.#f.as_deref())),
                (true, false) => (quote!(::std::option::Option<&#t>), quote!(self.#f.as_ref())),
                (false, _) => (quote!(&#t), quote!(&self.#f)),
            }
        }
    };
    quote! {
        #d #dep
        pub fn #f(&self) -> #ret {
            #body
        }
    }
}

/// Where setters are emitted: on the builder, or on a fluent builder that
/// forwards to its `inner` builder.
#[derive(Clone, Copy, PartialEq)]
pub enum Setter {
    /// `XBuilder`.
    Builder,
    /// `OpFluentBuilder`, forwarding to `self.inner`.
    Fluent,
}

/// The `x`, `set_x` and `get_x` methods of a member.
pub fn setters(cx: &Ctx, m: &Member, mode: Setter) -> TokenStream {
    let f = ident(&m.rust);
    let set = ident(&naming::setter(&m.rust));
    let get = ident(&naming::getter(&m.rust));
    let d = member_docs(m);
    let dep = deprecated_attr(&m.deprecated);
    let stored = cx.member_type(m);
    let fwd = |body: TokenStream, call: TokenStream| match mode {
        Setter::Builder => body,
        Setter::Fluent => quote! { self.inner = self.inner.#call; self },
    };
    let get_body = match mode {
        Setter::Builder => quote!(&self.#f),
        Setter::Fluent => quote!(self.inner.#get()),
    };
    let plain = match m.target {
        Target::List(l) => {
            let l = &cx.ir[l];
            let e = cx.element_type(&l.member, l.sparse);
            let (arg, conv) = into_arg(l.member.target, l.sparse, &e);
            let doc = format!(" Appends an item to `{}`; use [`Self::{}`] to replace the whole list.", m.rust, set);
            let body = fwd(
                quote! {
                    let mut v = self.#f.unwrap_or_default();
                    v.push(#conv);
                    self.#f = ::std::option::Option::Some(v);
                    self
                },
                quote!(#f(input)),
            );
            quote! {
                #[doc = #doc] #dep
                pub fn #f(mut self, input: #arg) -> Self { #body }
            }
        }
        Target::Map(map) => {
            let map = &cx.ir[map];
            let kt = cx.value_type(map.key.target);
            let vt = cx.element_type(&map.value, map.sparse);
            let (karg, kconv) = into_arg_named(map.key.target, false, &kt, quote!(k));
            let (varg, vconv) = into_arg_named(map.value.target, map.sparse, &vt, quote!(v));
            let doc = format!(" Inserts an entry into `{}`; use [`Self::{}`] to replace the whole map.", m.rust, set);
            let body = fwd(
                quote! {
                    let mut hash_map = self.#f.unwrap_or_default();
                    hash_map.insert(#kconv, #vconv);
                    self.#f = ::std::option::Option::Some(hash_map);
                    self
                },
                quote!(#f(k, v)),
            );
            quote! {
                #[doc = #doc] #dep
                pub fn #f(mut self, k: #karg, v: #varg) -> Self { #body }
            }
        }
        _ => {
            let t = cx.value_type(m.target);
            let (arg, conv) = into_arg(m.target, false, &t);
            let conv = if m.boxed { quote!(::std::boxed::Box::new(#conv)) } else { conv };
            let body = fwd(quote! { self.#f = ::std::option::Option::Some(#conv); self }, quote!(#f(input)));
            quote! {
                #d #dep
                pub fn #f(mut self, input: #arg) -> Self { #body }
            }
        }
    };
    let set_body = fwd(quote! { self.#f = input; self }, quote!(#set(input)));
    let set_doc = format!(" Sets `{}` (`None` unsets it).", m.rust);
    let get_doc = format!(" The value of `{}` set so far.", m.rust);
    quote! {
        #plain
        #[doc = #set_doc] #dep
        pub fn #set(mut self, input: ::std::option::Option<#stored>) -> Self { #set_body }
        #[doc = #get_doc] #dep
        pub fn #get(&self) -> &::std::option::Option<#stored> { #get_body }
    }
}

fn into_arg(target: Target, sparse: bool, ty: &TokenStream) -> (TokenStream, TokenStream) {
    into_arg_named(target, sparse, ty, quote!(input))
}

fn into_arg_named(target: Target, sparse: bool, ty: &TokenStream, name: TokenStream) -> (TokenStream, TokenStream) {
    if sparse {
        return (quote!(#ty), name);
    }
    match target {
        Target::Scalar(Scalar::String) | Target::Enum(_) => (quote!(impl ::std::convert::Into<#ty>), quote!(#name.into())),
        _ => (quote!(#ty), name),
    }
}

fn build_fn(cx: &Ctx, s: &Structure, name: &proc_macro2::Ident) -> TokenStream {
    let fallible = fallible_build(s);
    let inits = s.members.iter().map(|m| {
        let f = ident(&m.rust);
        if m.nullable {
            quote!(#f: self.#f,)
        } else if let Some(d) = &m.default {
            let d = unwrap_default(cx, m, d);
            quote!(#f: self.#f #d,)
        } else {
            let field = &m.rust;
            let msg = format!("{field} was not specified but it is required when building {}", s.name);
            quote!(#f: self.#f.ok_or_else(|| ::client_runtime::error::BuildError::missing_field(#field, #msg))?,)
        }
    });
    let meta = match s.role {
        Role::Error { .. } => quote!(meta: self.meta.unwrap_or_default(),),
        Role::Output { .. } => quote!(_request_id: self._request_id,),
        _ => quote!(),
    };
    if fallible && !s.members.iter().any(must_be_set) {
        quote! {
            ///
            /// Never fails: required members are checked when the request is
            /// built. The `Result` is the official SDKs' signature.
            pub fn build(self) -> ::std::result::Result<#name, ::client_runtime::error::BuildError> {
                ::std::result::Result::Ok(#name { #(#inits)* #meta })
            }
        }
    } else if fallible {
        quote! {
            ///
            /// Fails when a required member without a default is unset.
            pub fn build(self) -> ::std::result::Result<#name, ::client_runtime::error::BuildError> {
                ::std::result::Result::Ok(#name { #(#inits)* #meta })
            }
        }
    } else {
        quote! {
            pub fn build(self) -> #name {
                #name { #(#inits)* #meta }
            }
        }
    }
}

/// The client-side error correction of the Smithy spec: a required member
/// missing from a response gets its type's zero value instead of failing.
pub(super) fn corrected_fn(cx: &Ctx, s: &Structure, name: &proc_macro2::Ident) -> TokenStream {
    let needs = fallible_build(s);
    let body = if needs {
        let inits = s.members.iter().map(|m| {
            let f = ident(&m.rust);
            if must_be_set(m) {
                let zero = zero_value(cx, m);
                // The zero of these types is their `Default`.
                let plain_default = !m.boxed
                    && matches!(
                        m.target,
                        Target::Scalar(
                            Scalar::String
                                | Scalar::Boolean
                                | Scalar::Byte
                                | Scalar::Short
                                | Scalar::Integer
                                | Scalar::Long
                                | Scalar::Float
                                | Scalar::Double
                                | Scalar::BigInteger
                                | Scalar::BigDecimal
                        ) | Target::List(_)
                            | Target::Map(_)
                    );
                if plain_default {
                    quote!(#f: self.#f.unwrap_or_default(),)
                } else {
                    quote!(#f: match self.#f { ::std::option::Option::Some(v) => v, ::std::option::Option::None => #zero },)
                }
            } else {
                match &m.default {
                    Some(d) if !m.nullable => {
                        let d = unwrap_default(cx, m, d);
                        quote!(#f: self.#f #d,)
                    }
                    _ => quote!(#f: self.#f,),
                }
            }
        });
        let meta = match s.role {
        Role::Error { .. } => quote!(meta: self.meta.unwrap_or_default(),),
        Role::Output { .. } => quote!(_request_id: self._request_id,),
        _ => quote!(),
    };
        quote!(::std::result::Result::Ok(#name { #(#inits)* #meta }))
    } else {
        quote!(::std::result::Result::Ok(self.build()))
    };
    quote! {
        pub(crate) fn build_corrected(self) -> ::std::result::Result<#name, ::client_runtime::protocol::json::DeserializeError> {
            #body
        }
    }
}

fn zero_value(cx: &Ctx, m: &Member) -> TokenStream {
    let v = match m.target {
        Target::Scalar(Scalar::String) => quote!(::std::string::String::new()),
        Target::Scalar(Scalar::Boolean) => quote!(false),
        Target::Scalar(Scalar::Float | Scalar::Double) => quote!(0.0),
        Target::Scalar(Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long) => quote!(0),
        Target::Scalar(Scalar::BigInteger) => {
            quote!(<crate::primitives::BigInteger as ::std::default::Default>::default())
        }
        Target::Scalar(Scalar::BigDecimal) => {
            quote!(<crate::primitives::BigDecimal as ::std::default::Default>::default())
        }
        Target::Scalar(Scalar::Timestamp) => quote!(crate::primitives::DateTime::from_secs(0)),
        Target::Scalar(Scalar::Blob) => {
            quote!(crate::primitives::Blob::new(::std::vec::Vec::new()))
        }
        Target::Scalar(Scalar::Document) => quote!(crate::primitives::Document::Null),
        Target::List(_) | Target::Map(_) => quote!(::std::default::Default::default()),
        Target::Enum(_) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(""))
        }
        Target::IntEnum(_) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(0))
        }
        Target::Structure(s) => {
            let b = cx.builder_path(s);
            quote!(#b::default().build_corrected()?)
        }
        Target::Union(_) | Target::Unit => {
            let msg = format!("required member `{}` is missing and a union cannot be defaulted", m.name);
            quote!(return ::std::result::Result::Err(::client_runtime::protocol::json::DeserializeError::custom(#msg)))
        }
    };
    if m.boxed && !matches!(m.target, Target::Union(_)) { quote!(::std::boxed::Box::new(#v)) } else { v }
}

/// `.unwrap_or(..)` for a literal, `.unwrap_or_default()` for an empty
/// collection, `.unwrap_or_else(|| ..)` for a value that allocates.
fn unwrap_default(cx: &Ctx, m: &Member, d: &DefaultValue) -> TokenStream {
    match d {
        DefaultValue::EmptyList | DefaultValue::EmptyMap if !m.boxed => quote!(.unwrap_or_default()),
        DefaultValue::Bool(_) | DefaultValue::Int(_) | DefaultValue::Float(_) if !m.boxed => {
            let v = default_expr(cx, m, d);
            quote!(.unwrap_or(#v))
        }
        _ => {
            let v = default_expr(cx, m, d);
            quote!(.unwrap_or_else(|| #v))
        }
    }
}

/// The Rust expression of a member's `@default` value (checked against the
/// member's type by `lower`).
pub fn default_expr(cx: &Ctx, m: &Member, d: &DefaultValue) -> TokenStream {
    let v = match d {
        DefaultValue::String(s) => quote!(::std::string::String::from(#s)),
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(n) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#lit)
        }
        DefaultValue::Float(f) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#lit)
        }
        DefaultValue::BigNumber(s) => {
            let t = super::ty::scalar_type(if m.target == Target::Scalar(Scalar::BigInteger) { Scalar::BigInteger } else { Scalar::BigDecimal });
            // `lower` took the text from a JSON number, which always parses.
            quote!(<#t as ::std::str::FromStr>::from_str(#s).unwrap_or_default())
        }
        DefaultValue::Timestamp { secs, nanos } => {
            quote!(crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        DefaultValue::Blob(bytes) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(crate::primitives::Blob::new(#bytes.to_vec()))
        }
        DefaultValue::Document(json) => quote!(::client_runtime::types::document_from_json(#json)),
        DefaultValue::Enum(s) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(#s))
        }
        DefaultValue::IntEnum(n) => {
            let t = cx.type_path(m.target);
            quote!(#t::from(#n))
        }
        DefaultValue::EmptyList | DefaultValue::EmptyMap => {
            quote!(::std::default::Default::default())
        }
    };
    boxed(m, v)
}

fn boxed(m: &Member, v: TokenStream) -> TokenStream {
    if m.boxed { quote!(::std::boxed::Box::new(#v)) } else { v }
}

/// A `Debug` impl that prints `*** Sensitive Data Redacted ***` for
/// sensitive members (or for the whole value of a sensitive shape).
pub fn debug_impl(name: &proc_macro2::Ident, display: &str, sensitive: bool, members: &[Member], extra: Option<TokenStream>) -> TokenStream {
    if sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        };
    }
    let fields = members.iter().map(|m| {
        let f = ident(&m.rust);
        let label = &m.rust;
        if m.sensitive { quote!(.field(#label, &#REDACTED)) } else { quote!(.field(#label, &self.#f)) }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#display)
                    #(#fields)*
                    #extra
                    .finish()
            }
        }
    }
}
