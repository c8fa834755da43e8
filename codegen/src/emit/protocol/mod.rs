//! The protocol-specific part of emit: how an operation's input becomes an
//! HTTP request, and how a response becomes its output or error.
//!
//! Everything else (types, builders, validators, the error enums, the
//! fluent builders, the JSON document codec of [`super::json`]) is the same
//! for every protocol and calls the service's [`Protocol`]. Adding a
//! protocol is adding a module here and a variant to
//! [`crate::lower::ir::Protocol`].

mod aws_json;
mod aws_query;
mod rest_json;
mod rest_json_server;
mod rest_xml;
mod rpc_v2;

pub(super) use rest_json::{from_wire, in_response_body, to_wire};

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::Ctx;
use crate::lower::ir::{self, HostPrefixSegment, Member, Operation, Service, Structure};
use crate::naming::ident;

/// What a protocol emits for each operation.
pub trait Protocol: Sync {
    /// The operation's `pub fn serialize_request(input) -> Result<Request<Bytes>, BuildError>`:
    /// method, path and query, headers, body, content type, host prefix
    /// and endpoint context parameters.
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream;

    /// Statements reading `members` of an output (of `output_of`) or, with
    /// `None`, of an error structure from `resp: &Response<Bytes>` into
    /// builder `b`.
    fn read_members(&self, cx: &Ctx, members: &[Member], output_of: Option<&Operation>) -> TokenStream;

    /// An expression: the `ErrorMetadata` (code, message, request id) of an
    /// error response `resp`. Its code picks the modeled error.
    fn error_metadata(&self) -> TokenStream;

    /// A statement run after the code was taken to pick the modeled error,
    /// rebinding `meta` to what the error reports (awsQueryCompatible
    /// reports the query error code); `None` when it is the same.
    fn error_code_fixup(&self) -> Option<TokenStream>;

    /// The code an error response carries for the modeled error `s`.
    fn error_code_of<'s>(&self, s: &'s Structure) -> &'s str {
        s.id.name()
    }

    /// The document format of bodies, which writes the shapes' functions in
    /// `protocol_serde`.
    fn codec(&self) -> Codec {
        Codec::Json
    }

    /// Features of client-runtime the protocol needs.
    fn runtime_features(&self) -> &'static [&'static str] {
        &[]
    }

    /// The server side the `fake` feature emits; `None` while the protocol
    /// has none (no `fake` module then).
    fn server(&self) -> Option<&dyn ServerSide> {
        None
    }
}

/// What a protocol emits for the `fake` module: the inverse of [`Protocol`].
pub trait ServerSide: Sync {
    /// The operation's `deserialize_request(req: &Incoming) -> Result<Input, Malformed>`.
    fn de_request(&self, cx: &Ctx, op: &Operation) -> TokenStream;

    /// Statements writing `input` (an output or error structure with
    /// `members`) into `r`, a `ResponseParts` with status `status`; `unit`:
    /// the model says `smithy.api#Unit` (no body at all).
    fn ser_members(&self, cx: &Ctx, members: &[Member], status: TokenStream, unit: bool) -> TokenStream;
}

/// How shapes are written and read in bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// JSON both ways (restJson1, awsJson1_0, awsJson1_1).
    Json,
    /// Form-encoded query requests, XML responses (awsQuery; `ec2` for ec2Query).
    Query {
        /// ec2Query's key names.
        ec2: bool,
    },
    /// XML both ways (restXml).
    Xml,
    /// CBOR both ways (rpcv2Cbor), through the JSON codec's code.
    Cbor,
}

impl Codec {
    /// Whether flattened lists and maps are read by their parent, so their
    /// own reader functions are needed only where they are wrapped.
    pub fn xml(self) -> bool {
        matches!(self, Codec::Query { .. } | Codec::Xml)
    }
}

/// The protocol of a service; restJson1 for a service without a supported
/// protocol, which has no operations to emit.
pub fn of(service: &Service) -> Box<dyn Protocol> {
    match service.protocol {
        Some(ir::Protocol::RestJson1) | None => Box::new(rest_json::RestJson1),
        Some(ir::Protocol::AwsJson1_0) => Box::new(aws_json::AwsJson::new(service, "application/x-amz-json-1.0")),
        Some(ir::Protocol::AwsJson1_1) => Box::new(aws_json::AwsJson::new(service, "application/x-amz-json-1.1")),
        Some(ir::Protocol::AwsQuery) => Box::new(aws_query::AwsQuery::new(service, false)),
        Some(ir::Protocol::Ec2Query) => Box::new(aws_query::AwsQuery::new(service, true)),
        Some(ir::Protocol::RestXml) => Box::new(rest_xml::RestXml::new(service)),
        Some(ir::Protocol::RpcV2Cbor) => Box::new(rpc_v2::RpcV2Cbor::new(service)),
    }
}

/// A statement marking the request of a `@requestCompression` operation,
/// whose body the client gzips (see the runtime's `protocol::compression`).
fn compression_stmt(op: &Operation) -> Option<TokenStream> {
    op.request_compression.then(|| quote!(let builder = builder.extension(::client_runtime::protocol::compression::CompressRequest);))
}

/// The serializer's input parameter: `input`, or `_input` when neither the
/// body (`body_reads`), a host label nor an endpoint parameter reads it.
fn input_param(op: &Operation, body_reads: bool) -> TokenStream {
    let host_label = op.host_prefix.iter().flatten().any(|s| matches!(s, HostPrefixSegment::Label(_)));
    let endpoint_param = op.endpoint_params.iter().any(|p| !matches!(p.value, crate::lower::endpoint_ir::OperationParamValue::Static(_)));
    if body_reads || host_label || endpoint_param { quote!(input) } else { quote!(_input) }
}

/// `var.push_str(lit)` (`push(c)` for one character; nothing for none).
fn push_literal(var: TokenStream, lit: &str) -> Option<TokenStream> {
    let mut chars = lit.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote!(#var.push(#c);)),
        _ => Some(quote!(#var.push_str(#lit);)),
    }
}

/// Statements that put an `@endpoint(hostPrefix)` on the request (labels
/// filled from `@hostLabel` members) for the client to prepend to the host.
fn host_prefix_stmt(op: &Operation, input: &[Member]) -> Option<TokenStream> {
    let segments = op.host_prefix.as_ref()?;
    let parts = segments.iter().map(|seg| match seg {
        HostPrefixSegment::Literal(lit) => push_literal(quote!(prefix), lit).unwrap_or_default(),
        HostPrefixSegment::Label(i) => match input.get(*i) {
            Some(m) => {
                let f = ident(&m.rust);
                let value = if m.nullable { quote!(input.#f.as_deref()) } else { quote!(::std::option::Option::Some(input.#f.as_str())) };
                let wire = &m.name;
                quote!(prefix.push_str(::client_runtime::protocol::message::host_label(#value, #wire)?);)
            }
            None => quote!(::std::compile_error!("generator bug: a host label names no input member");),
        },
    });
    Some(quote! {
        let mut prefix = ::std::string::String::new();
        #(#parts)*
        let builder = builder.extension(::client_runtime::protocol::message::HostPrefix(prefix));
    })
}
