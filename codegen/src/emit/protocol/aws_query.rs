//! awsQuery and ec2Query: every request is a form-encoded `POST /` with
//! `Action={operation}&Version={service version}` and the input's members
//! as key paths (see [`super::super::query`]); responses are XML, an
//! output inside `<{Op}Response><{Op}Result>` (ec2Query: inside
//! `<{Op}Response>`), an error in the protocol's error envelope.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::ty::Ctx;
use super::super::{query, xml};
use super::{Codec, Protocol, compression_stmt, host_prefix_stmt, input_param};
use crate::lower::ir::*;

/// `aws.protocols#awsQuery`, or `aws.protocols#ec2Query` with `ec2`.
pub struct AwsQuery {
    version: String,
    ec2: bool,
}

impl AwsQuery {
    pub fn new(service: &Service, ec2: bool) -> Self {
        Self { version: service.version.clone(), ec2 }
    }

    fn envelope(&self) -> TokenStream {
        if self.ec2 { quote!(::client_runtime::protocol::xml::ErrorEnvelope::Ec2) } else { quote!(::client_runtime::protocol::xml::ErrorEnvelope::Wrapped) }
    }
}

impl Protocol for AwsQuery {
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream {
        let fn_name = format_ident!("serialize_request");
        let action = op.id.name();
        let version = &self.version;
        let members: Vec<&Member> = input.iter().collect();
        let stmts = query::write_members(cx, &members, self.ec2);
        let host_prefix = host_prefix_stmt(op, input);
        let endpoint_params = super::super::endpoint::context_params_stmt(op, input);
        let input_name = input_param(op, !stmts.is_empty());
        let bind = (!stmts.is_empty()).then(|| quote!(let v = input; let key = ::client_runtime::protocol::query::QueryKey::root();));
        let compression = compression_stmt(op);
        let checksum =
            op.checksum_required.then(|| quote!(let builder = builder.header("Content-MD5", ::client_runtime::protocol::message::content_md5(&body));));
        let writer_ref = (!stmts.is_empty()).then(|| quote!(let w = &mut writer;));
        let mutw = (!stmts.is_empty()).then(|| quote!(mut));
        quote! {
            /// The HTTP request for an input, as `send()` builds it before it adds the
            /// endpoint, signature and SDK headers; for tests, benchmarks and
            /// your own transport. The URI holds only the path.
            pub fn #fn_name(#input_name: &#input_ty) -> ::std::result::Result<::client_runtime::reexports::http::Request<::client_runtime::reexports::bytes::Bytes>, ::client_runtime::error::BuildError> {
                let builder = ::client_runtime::reexports::http::Request::builder().method("POST");
                #host_prefix
                #endpoint_params
                #compression
                let #mutw writer = ::client_runtime::protocol::query::QueryWriter::new(#action, #version);
                #writer_ref
                #bind
                #(#stmts)*
                let body = writer.finish();
                #checksum
                ::client_runtime::protocol::message::finish_request(
                    builder,
                    ::std::string::String::from("/"),
                    ::std::option::Option::Some(::client_runtime::protocol::query::CONTENT_TYPE),
                    body,
                )
            }
        }
    }

    fn read_members(&self, cx: &Ctx, members: &[Member], output_of: Option<&Operation>) -> TokenStream {
        let members: Vec<&Member> = members.iter().collect();
        let arms = xml::member_arms(cx, &members);
        if arms.is_empty() {
            return quote!();
        }
        let closure = quote! {
            |name, r| {
                match name {
                    #(#arms)*
                    _ => r.skip()?,
                }
                ::std::result::Result::Ok(())
            }
        };
        match output_of {
            Some(op) => {
                let name = op.id.name();
                let wrapper = if self.ec2 { quote!(ec2_response) } else { quote!(query_response) };
                quote!(::client_runtime::protocol::xml::#wrapper(resp.body(), #name, #closure)?;)
            }
            None => {
                let envelope = self.envelope();
                quote!(::client_runtime::protocol::xml::error_members(resp.body(), #envelope, #closure)?;)
            }
        }
    }

    fn error_metadata(&self) -> TokenStream {
        let envelope = self.envelope();
        quote!(::client_runtime::protocol::xml::error_metadata(resp, #envelope))
    }

    fn error_code_fixup(&self) -> Option<TokenStream> {
        None
    }

    fn error_code_of<'s>(&self, s: &'s Structure) -> &'s str {
        match &s.role {
            Role::Error { query_code: Some(code), .. } if !self.ec2 => code,
            _ => s.id.name(),
        }
    }

    fn codec(&self) -> Codec {
        Codec::Query { ec2: self.ec2 }
    }
}
