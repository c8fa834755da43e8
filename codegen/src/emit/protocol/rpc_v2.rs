//! Smithy RPC v2 CBOR: every request is `POST /service/{Service}/operation/{Operation}`
//! with `smithy-protocol: rpc-v2-cbor`, the whole input as one CBOR map (no
//! body at all for a `Unit` input), and responses the same way; errors carry
//! `__type` in the body. The document code is the JSON codec's, driving the
//! runtime's `CborReader`/`CborWriter` (feature `cbor`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::json::{read_body_object, write_members};
use super::super::ty::Ctx;
use super::{Codec, Protocol, compression_stmt, host_prefix_stmt, input_param};
use crate::lower::ir::*;

/// `smithy.protocols#rpcv2Cbor`.
pub struct RpcV2Cbor {
    service_name: String,
    query_compatible: bool,
}

impl RpcV2Cbor {
    pub fn new(service: &Service) -> Self {
        Self { service_name: service.id.name().to_string(), query_compatible: service.query_compatible }
    }
}

impl Protocol for RpcV2Cbor {
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream {
        let fn_name = format_ident!("serialize_request");
        let path = format!("/service/{}/operation/{}", self.service_name, op.id.name());
        let members: Vec<&Member> = input.iter().collect();
        let stmts = write_members(cx, &members);
        let host_prefix = host_prefix_stmt(op, input);
        let endpoint_params = super::super::endpoint::context_params_stmt(op, input);
        let input_name = input_param(op, !stmts.is_empty());
        let query_mode = self.query_compatible.then(|| quote!(.header("x-amzn-query-mode", "true")));
        let compression = compression_stmt(op);
        let checksum =
            op.checksum_required.then(|| quote!(let builder = builder.header("Content-MD5", ::client_runtime::protocol::message::content_md5(&body));));
        let body = if op.unit_input {
            quote!(let (body, content_type) = (::std::vec::Vec::new(), ::std::option::Option::None);)
        } else {
            let bind = (!stmts.is_empty()).then(|| quote!(let v = input;));
            quote! {
                #bind
                let mut writer = ::client_runtime::protocol::cbor::CborWriter::new();
                let w = &mut writer;
                w.begin_map();
                #(#stmts)*
                w.end_map();
                let (body, content_type) = (writer.finish(), ::std::option::Option::Some("application/cbor"));
            }
        };
        quote! {
            /// The HTTP request for an input, as `send()` builds it before it adds the
            /// endpoint, signature and SDK headers; for tests, benchmarks and
            /// your own transport. The URI holds only the path.
            pub fn #fn_name(#input_name: &#input_ty) -> ::std::result::Result<::client_runtime::reexports::http::Request<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
                let builder = ::client_runtime::reexports::http::Request::builder()
                    .method("POST")
                    .header("smithy-protocol", "rpc-v2-cbor")
                    .header("Accept", "application/cbor")
                    #query_mode;
                #host_prefix
                #endpoint_params
                #compression
                #body
                #checksum
                ::client_runtime::protocol::message::finish_request(builder, ::std::string::String::from(#path), content_type, body)
            }
        }
    }

    fn read_members(&self, cx: &Ctx, members: &[Member], _output_of: Option<&Operation>) -> TokenStream {
        let members: Vec<&Member> = members.iter().collect();
        if members.is_empty() { quote!() } else { read_body_object(cx, &members) }
    }

    fn error_metadata(&self) -> TokenStream {
        quote!(::client_runtime::protocol::cbor::error_metadata(resp))
    }

    fn error_code_fixup(&self) -> Option<TokenStream> {
        self.query_compatible.then(|| quote!(let meta = ::client_runtime::protocol::errors::query_compatible(meta, resp);))
    }

    fn codec(&self) -> Codec {
        Codec::Cbor
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["cbor"]
    }
}
