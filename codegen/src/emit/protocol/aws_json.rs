//! awsJson1_0 and awsJson1_1: every request is `POST /` with the operation
//! in `X-Amz-Target` and the whole input as one JSON object; a response body
//! is the whole output (or error) as one JSON object. `@http*` bindings and
//! `@jsonName` do not apply (`lower` binds every member to the body under
//! its own name).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::json::{read_body_object, write_members};
use super::super::ty::Ctx;
use super::{Protocol, compression_stmt, host_prefix_stmt, input_param};
use crate::lower::ir::*;

/// `aws.protocols#awsJson1_0` or `aws.protocols#awsJson1_1`.
pub struct AwsJson {
    content_type: &'static str,
    /// `X-Amz-Target` is `{service shape name}.{operation name}`.
    service_name: String,
    query_compatible: bool,
}

impl AwsJson {
    pub fn new(service: &Service, content_type: &'static str) -> Self {
        Self { content_type, service_name: service.id.name().to_string(), query_compatible: service.query_compatible }
    }
}

impl Protocol for AwsJson {
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream {
        let fn_name = format_ident!("serialize_request");
        let target = format!("{}.{}", self.service_name, op.id.name());
        let content_type = self.content_type;
        let members: Vec<&Member> = input.iter().collect();
        let stmts = write_members(cx, &members);
        let host_prefix = host_prefix_stmt(op, input);
        let endpoint_params = super::super::endpoint::context_params_stmt(op, input);
        let input_name = input_param(op, !stmts.is_empty());
        let bind_v = (!stmts.is_empty()).then(|| quote!(let v = input;));
        // Query-compatible services answer with query error codes only to clients that say so.
        let query_mode = self.query_compatible.then(|| quote!(.header("x-amzn-query-mode", "true")));
        let compression = compression_stmt(op);
        let checksum =
            op.checksum_required.then(|| quote!(let builder = builder.header("Content-MD5", ::client_runtime::protocol::message::content_md5(&body));));
        quote! {
            /// The HTTP request for an input, as `send()` builds it before it adds the
            /// endpoint, signature and SDK headers; for tests, benchmarks and
            /// your own transport. The URI holds only the path.
            pub fn #fn_name(#input_name: &#input_ty) -> ::std::result::Result<::client_runtime::reexports::http::Request<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
                let builder = ::client_runtime::reexports::http::Request::builder()
                    .method("POST")
                    .header("X-Amz-Target", #target)
                    #query_mode;
                #host_prefix
                #endpoint_params
                #compression
                #bind_v
                let mut writer = ::client_runtime::protocol::json::JsonWriter::new();
                let w = &mut writer;
                w.begin_object();
                #(#stmts)*
                w.end_object();
                let body = writer.finish().into_bytes();
                #checksum
                ::client_runtime::protocol::message::finish_request(builder, ::std::string::String::from("/"), ::std::option::Option::Some(#content_type), body)
            }
        }
    }

    fn read_members(&self, cx: &Ctx, members: &[Member], _output_of: Option<&Operation>) -> TokenStream {
        let members: Vec<&Member> = members.iter().collect();
        if members.is_empty() { quote!() } else { read_body_object(cx, &members) }
    }

    fn error_metadata(&self) -> TokenStream {
        // `__type` (or `code`, or `X-Amzn-ErrorType`), sanitized, as restJson1.
        quote!(::client_runtime::protocol::errors::error_metadata(resp))
    }

    fn error_code_fixup(&self) -> Option<TokenStream> {
        self.query_compatible.then(|| quote!(let meta = ::client_runtime::protocol::errors::query_compatible(meta, resp);))
    }
}
