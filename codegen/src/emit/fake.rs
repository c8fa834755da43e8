//! The `fake` module of a generated crate (cargo feature `fake`): a local
//! server for the service, for users' integration tests. The machinery
//! (server loop, routing, recording, faults) is the runtime's
//! `client_runtime::fake`; this emits what differs per service: the route
//! table, one file per operation with its request deserializer and
//! response serializers (from the protocol's [`ServerSide`]), the error
//! serializers, and the typed API (`Fake::builder()`, a handler method per
//! operation, `faults()`, `received()`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::protocol::ServerSide;
use super::ty::Ctx;
use crate::lower::ir::*;
use crate::naming::{self, ident};
use crate::render::CrateFile;

/// The files of the `fake` module: `src/fake.rs` and `src/fake/<op>.rs`.
/// `invalid` is the error answered for an input that fails validation when
/// the operation does not list `smithy.framework#ValidationException`
/// (generator configuration, `Options::fake_validation_error`).
pub fn files(cx: &Ctx, server: &dyn ServerSide, invalid: Option<StructRef>) -> Vec<CrateFile> {
    let mut files = vec![CrateFile::Rust("src/fake.rs".into(), fake_rs(cx, server, invalid))];
    for op in &cx.ir.operations {
        files.push(CrateFile::Rust(format!("src/fake/{}.rs", op.module).into(), operation_rs(cx, server, op, invalid.is_some())));
    }
    files
}

/// The shape id of the Smithy framework's validation error.
const FRAMEWORK_VALIDATION: &str = "smithy.framework#ValidationException";

/// The configured validation error: `id` must name an error structure.
pub fn validation_error(ir: &Ir, id: &str) -> Result<StructRef, String> {
    ir.structure_refs()
        .find(|(_, s)| s.id.as_str() == id && matches!(s.role, Role::Error { .. }))
        .map(|(r, _)| r)
        .ok_or_else(|| format!("fake-validation-error `{id}` is not an error structure of service {}", ir.service.id))
}

/// `invalid_request`: the configured error for `violations`, its message
/// member naming every violation; the generic restJson1 error envelope with
/// its code when the structure has no string `message` member or needs
/// other members set.
fn invalid_fn(cx: &Ctx, r: StructRef) -> TokenStream {
    let s = &cx.ir[r];
    let message = s.members.iter().find(|m| m.name.eq_ignore_ascii_case("message") && m.target == Target::Scalar(Scalar::String) && m.nullable);
    let fallible = s.members.iter().any(|m| !m.nullable && m.default.is_none());
    let body = match message {
        Some(m) if !fallible => {
            let f = ident(&m.rust);
            let builder = cx.builder_path(r);
            let ser = error_fn(s);
            quote! {
                let mut b = #builder::default();
                b.#f = ::std::option::Option::Some(violations.to_string());
                #ser(&b.build())
            }
        }
        _ => {
            let (status, code) = (error_status(s), s.id.name());
            quote!(::std::result::Result::Ok(::client_runtime::fake::rest_json::error_response(#status, #code, &violations.to_string())))
        }
    };
    quote! {
        /// The answer to an input that fails validation, for operations that do
        /// not list the framework's `ValidationException`.
        fn invalid_request(violations: &::client_runtime::validate::ValidationError) -> ::std::result::Result<::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
            #body
        }
    }
}

/// The status of a modeled error: `@httpError`, else 400 or 500 by fault.
fn error_status(s: &Structure) -> u16 {
    match s.role {
        Role::Error { status: Some(code), .. } => code,
        Role::Error { fault: Fault::Server, .. } => 500,
        _ => 400,
    }
}

/// The error a throttled call answers: the service's `@retryable(throttling)`
/// error, else one named `ThrottlingException`, else that code with 429.
fn throttling(ir: &Ir) -> (u16, String) {
    let errors: Vec<&Structure> = ir.structure_refs().filter(|(r, _)| ir.operations.iter().any(|o| o.errors.contains(r))).map(|(_, s)| s).collect();
    let found = errors
        .iter()
        .find(|s| matches!(s.role, Role::Error { retryable: Some(true), .. }))
        .or_else(|| errors.iter().find(|s| s.id.name() == "ThrottlingException"));
    match found {
        Some(s) => (error_status(s), s.id.name().to_string()),
        None => (429, "ThrottlingException".into()),
    }
}

/// The name of the serializer of error `s` in `src/fake.rs`.
fn error_fn(s: &Structure) -> proc_macro2::Ident {
    format_ident!("serialize{}", s.module)
}

fn fake_rs(cx: &Ctx, server: &dyn ServerSide, invalid: Option<StructRef>) -> TokenStream {
    let ir = cx.ir;
    let svc = ir.service.id.name();
    let mods = ir.operations.iter().map(|op| {
        let m = ident(&op.module);
        quote!(mod #m;)
    });
    let routes = ir.operations.iter().map(|op| {
        let name = &op.name;
        let method = op.http.method.as_str();
        let segments = op.http.path.iter().map(|s| match s {
            PathSegment::Literal(l) => quote!(::client_runtime::fake::Segment::Literal(#l)),
            PathSegment::Label { greedy: false, .. } => quote!(::client_runtime::fake::Segment::Label),
            PathSegment::Label { greedy: true, .. } => quote!(::client_runtime::fake::Segment::Greedy),
        });
        let query = op.http.query_literals.iter().map(|(k, v)| match v {
            Some(v) => quote!((#k, ::std::option::Option::Some(#v))),
            None => quote!((#k, ::std::option::Option::None)),
        });
        let m = ident(&op.module);
        quote! {
            ::client_runtime::fake::Operation {
                name: #name,
                route: ::client_runtime::fake::Route { method: #method, path: &[#(#segments),*], query: &[#(#query),*] },
                serve: #m::serve,
            }
        }
    });
    let (t_status, t_code) = throttling(ir);
    let handlers = ir.operations.iter().map(|op| {
        let method = ident(&naming::fake_handler(&op.method));
        let (input, output) = (cx.struct_path(op.input), cx.struct_path(op.output));
        let error = error_path(op);
        let name = &op.name;
        let doc = format!(" Answers `{name}` with `handler` from now on (replacing an earlier one).");
        quote! {
            #[doc = #doc]
            pub fn #method<F, Fut>(&self, handler: F) -> &Self
            where
                F: ::std::ops::Fn(#input) -> Fut + ::std::marker::Send + ::std::marker::Sync + 'static,
                Fut: ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send + 'static,
            {
                self.server.set_handler(#name, ::client_runtime::fake::handler(handler));
                self
            }
        }
    });
    let faults = ir.operations.iter().map(|op| {
        let method = ident(&op.method);
        let name = &op.name;
        let doc = format!(" The faults of `{name}`.");
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> ::client_runtime::fake::OperationFaults {
                self.server.faults(#name)
            }
        }
    });
    let received = ir.operations.iter().map(|op| {
        let method = ident(&op.method);
        let name = &op.name;
        let input = cx.struct_path(op.input);
        let doc = format!(" Every call of `{name}` that parsed, oldest first.");
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> ::std::vec::Vec<::client_runtime::fake::Received<#input>> {
                self.server.received(#name)
            }
        }
    });
    let mut errors: Vec<StructRef> = ir.operations.iter().flat_map(|o| o.errors.iter().copied()).chain(invalid).collect();
    errors.sort();
    errors.dedup();
    let error_fns = errors.iter().map(|r| {
        let s = &ir[*r];
        let f = error_fn(s);
        let ty = cx.struct_path(*r);
        let status = error_status(s);
        let code = s.id.name();
        let stmts = server.ser_members(cx, &s.members, quote!(#status), false);
        let input = if s.members.is_empty() { quote!(_input) } else { quote!(input) };
        quote! {
            fn #f(#input: &#ty) -> ::std::result::Result<::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
                #stmts
                r.header("X-Amzn-Errortype", #code).finish()
            }
        }
    });
    let invalid_request = invalid.map(|r| invalid_fn(cx, r));
    let doc = format!(
        " A local fake of `{svc}` for integration tests (cargo feature `fake`).\n\n\
         It routes requests by each operation's HTTP binding, reads them into the\n\
         typed input, checks its constraints, answers from the handler registered for\n\
         the operation (HTTP 501 naming the operation without one), records every\n\
         request, and injects faults on demand. A malformed request gets the\n\
         protocol's typed error; an input that breaks a constraint gets the\n\
         operation's `ValidationException` if it lists one, else the error the\n\
         generator was configured with (if any), naming every violation."
    );
    quote! {
        #![doc = #doc]
        #(#mods)*

        static SERVICE: ::client_runtime::fake::Service = ::client_runtime::fake::Service {
            name: #svc,
            operations: &[#(#routes),*],
            throttling: (#t_status, #t_code),
        };

        /// Settings of a [`Fake`] before it starts.
        #[derive(::std::fmt::Debug, ::std::default::Default)]
        pub struct FakeBuilder {
            inner: ::client_runtime::fake::Builder,
        }

        impl FakeBuilder {
            /// Verifies every request's SigV4 signature against these credentials
            /// (403 `InvalidSignatureException` when it does not match, as the
            /// service answers); by default requests are not checked.
            pub fn credentials(self, access_key_id: impl ::std::convert::Into<::std::string::String>, secret_access_key: impl ::std::convert::Into<::std::string::String>) -> Self {
                FakeBuilder { inner: self.inner.credentials(access_key_id, secret_access_key) }
            }

            /// Binds `addr` (`"127.0.0.1:0"` picks a free port) and serves until the
            /// [`Fake`] is dropped.
            pub async fn start(self, addr: &str) -> ::std::io::Result<Fake> {
                ::std::result::Result::Ok(Fake { server: self.inner.start(&SERVICE, addr).await? })
            }
        }

        /// A running fake of the service; see the module documentation.
        #[derive(::std::fmt::Debug)]
        pub struct Fake {
            server: ::client_runtime::fake::Server,
        }

        impl Fake {
            /// Settings for a new fake.
            pub fn builder() -> FakeBuilder {
                ::std::default::Default::default()
            }

            /// `http://<address>`, for the client's `endpoint_url`.
            pub fn url(&self) -> ::std::string::String {
                self.server.url()
            }

            /// The bound address.
            pub fn addr(&self) -> ::std::net::SocketAddr {
                self.server.addr()
            }

            /// Fault injection, per operation.
            pub fn faults(&self) -> Faults<'_> {
                Faults { server: &self.server }
            }

            /// The calls received, per operation, as typed inputs and raw requests.
            pub fn received(&self) -> Received<'_> {
                Received { server: &self.server }
            }

            /// Every request received, parsed or not, oldest first.
            pub fn requests(&self) -> ::std::vec::Vec<::client_runtime::fake::RawRequest> {
                self.server.requests()
            }

            /// Answers `request` as the fake would over HTTP, without the network;
            /// `None` when a fault drops the connection.
            pub async fn handle(
                &self,
                request: ::client_runtime::reexports::http::Request<::client_runtime::reexports::bytes::Bytes>,
            ) -> ::std::option::Option<::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>> {
                self.server.handle(request).await
            }

            #(#handlers)*
        }

        /// The faults of each operation of a [`Fake`].
        #[derive(::std::fmt::Debug)]
        pub struct Faults<'a> {
            server: &'a ::client_runtime::fake::Server,
        }

        impl Faults<'_> {
            #(#faults)*
        }

        /// The calls a [`Fake`] received, per operation.
        #[derive(::std::fmt::Debug)]
        pub struct Received<'a> {
            server: &'a ::client_runtime::fake::Server,
        }

        impl Received<'_> {
            #(#received)*
        }

        #(#error_fns)*
        #invalid_request
    }
}

/// The operation's error enum.
fn error_path(op: &Operation) -> TokenStream {
    let m = ident(&op.module);
    let e = format_ident!("{}", naming::operation_error(&op.name));
    quote!(crate::operation::#m::#e)
}

/// `src/fake/<op>.rs`: the operation's `serve`, request deserializer and
/// response serializers.
fn operation_rs(cx: &Ctx, server: &dyn ServerSide, op: &Operation, configured_invalid: bool) -> TokenStream {
    let framework = op.errors.iter().any(|r| cx.ir[*r].id.as_str() == FRAMEWORK_VALIDATION);
    let invalid = if framework {
        quote!(::std::option::Option::Some(::client_runtime::fake::rest_json::validation_exception))
    } else if configured_invalid {
        quote!(::std::option::Option::Some(super::invalid_request))
    } else {
        quote!(::std::option::Option::None)
    };
    let doc = format!(" The fake's side of `{}`.", op.name);
    let de = server.de_request(cx, op);
    let output = &cx.ir[op.output];
    let out_ty = cx.struct_path(op.output);
    let status = op.http.code;
    let out_stmts = server.ser_members(cx, &output.members, quote!(#status), op.unit_output);
    let out_input = if output.members.is_empty() { quote!(_input) } else { quote!(input) };
    let error = error_path(op);
    let arms = op.errors.iter().map(|r| {
        let s = &cx.ir[*r];
        let v = format_ident!("{}", naming::error_variant(&s.name));
        let f = error_fn(s);
        quote!(#error::#v(e) => super::#f(e),)
    });
    // The file reads and writes the operation's shapes and those nested in
    // them; when the model deprecates anything, the fake still serves it.
    let dep = super::ty::allow_deprecated(
        cx.ir.structures.iter().any(|s| s.deprecated.is_some() || cx.members_deprecated(&s.members))
            || cx.ir.unions.iter().any(|u| u.deprecated.is_some() || cx.members_deprecated(&u.members)),
    );
    quote! {
        #![doc = #doc]
        #dep

        /// Serves one call.
        pub(super) fn serve(req: ::client_runtime::fake::Incoming) -> ::client_runtime::fake::AnswerFuture {
            ::client_runtime::fake::serve(req, ::client_runtime::fake::Wire { de: deserialize_request, ok: serialize_output, err: serialize_error, invalid: #invalid })
        }

        #de

        /// Writes the operation's output.
        fn serialize_output(#out_input: &#out_ty) -> ::std::result::Result<::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
            #out_stmts
            r.finish()
        }

        /// Writes one of the operation's errors.
        fn serialize_error(e: &#error) -> ::std::result::Result<::client_runtime::reexports::http::Response<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
            match e {
                #(#arms)*
                #error::Unhandled(e) => ::std::result::Result::Ok(::client_runtime::fake::rest_json::unhandled_response(::client_runtime::error::ProvideErrorMetadata::meta(e))),
            }
        }
    }
}
