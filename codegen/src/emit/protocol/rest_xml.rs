//! restXml: the HTTP bindings of restJson1 (labels, query, headers, status)
//! with XML bodies. Body members form one element named after the input
//! (output) shape, `@xmlName` first; a structure or union payload is the
//! root element itself. Errors come in `<ErrorResponse><Error>…`, or bare
//! `<Error>` with `noErrorWrapping`.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::ty::Ctx;
use super::super::{xml, xml_ser};
use super::rest_json::{in_response_body, opt_ref, raw_payload_body, raw_payload_read, read_response_members, ser_request};
use super::{Codec, Protocol};
use crate::lower::ir::*;
use crate::naming::ident;

/// `aws.protocols#restXml`.
pub struct RestXml {
    namespace: Option<(Option<String>, String)>,
    no_error_wrapping: bool,
}

impl RestXml {
    pub fn new(service: &Service) -> Self {
        Self { namespace: service.xml_namespace.clone(), no_error_wrapping: service.xml_no_error_wrapping }
    }

    fn envelope(&self) -> TokenStream {
        if self.no_error_wrapping {
            quote!(::client_runtime::protocol::xml::ErrorEnvelope::Unwrapped)
        } else {
            quote!(::client_runtime::protocol::xml::ErrorEnvelope::Wrapped)
        }
    }

    /// The `(bytes, content type)` expression of a request body.
    fn body_expr(&self, cx: &Ctx, input_shape: &Structure, input: &[Member]) -> TokenStream {
        let unset = quote!((::std::vec::Vec::new(), ::std::option::Option::None));
        let ct = quote!(::std::option::Option::Some("application/xml"));
        let payload = input.iter().find(|m| m.binding == Binding::Payload);
        let body_members: Vec<&Member> = input.iter().filter(|m| m.binding == Binding::Body).collect();
        if let Some(m) = payload {
            if let Some(raw) = raw_payload_body(m) {
                return raw;
            }
            let opt = opt_ref(m);
            let (name, ns) = self.payload_root(cx, m);
            let ns = xml_ser::ns_arg(ns.as_ref());
            let f = super::super::json::fn_path(cx.ir, m.target, false);
            return quote! {
                match #opt {
                    ::std::option::Option::Some(value) => {
                        let mut writer = ::client_runtime::protocol::xml::XmlWriter::new();
                        #f(&mut writer, #name, #ns, value)?;
                        (writer.finish(), #ct)
                    }
                    ::std::option::Option::None => #unset,
                }
            };
        }
        if body_members.is_empty() {
            return unset;
        }
        let name = input_shape.xml.name.clone().unwrap_or_else(|| input_shape.id.name().to_string());
        let ns = xml_ser::ns_arg(input_shape.xml.namespace.as_ref().or(self.namespace.as_ref()));
        let element = xml_ser::element_of(cx, &body_members, quote!(#name), ns);
        quote! {
            {
                let v = input;
                let mut writer = ::client_runtime::protocol::xml::XmlWriter::new();
                let w = &mut writer;
                #element
                (writer.finish(), #ct)
            }
        }
    }

    /// The root element of a structure or union payload: the member's
    /// `@xmlName`, else the target's, else the target's shape name; the
    /// target's namespace, else the member's, else the service's.
    fn payload_root(&self, cx: &Ctx, m: &Member) -> (String, Option<(Option<String>, String)>) {
        let (shape_name, xml) = match m.target {
            Target::Structure(s) => (cx.ir[s].id.name().to_string(), cx.ir[s].xml.clone()),
            Target::Union(u) => (cx.ir[u].id.name().to_string(), cx.ir[u].xml.clone()),
            _ => (m.name.clone(), XmlShape::default()),
        };
        let name = m.xml.name.clone().or(xml.name).unwrap_or(shape_name);
        let ns = xml.namespace.or_else(|| m.xml.namespace.clone()).or_else(|| self.namespace.clone());
        (name, ns)
    }
}

impl Protocol for RestXml {
    fn ser_request(&self, cx: &Ctx, op: &Operation, input: &[Member], input_ty: &TokenStream) -> TokenStream {
        let body = self.body_expr(cx, &cx.ir[op.input], input);
        ser_request(cx, op, input, input_ty, body)
    }

    fn read_members(&self, cx: &Ctx, members: &[Member], output_of: Option<&Operation>) -> TokenStream {
        let payload = members.iter().find(|m| m.binding == Binding::Payload);
        let body_members: Vec<&Member> = members.iter().filter(|m| in_response_body(m)).collect();
        let body_read = if let Some(m) = payload {
            let f = ident(&m.rust);
            match raw_payload_read(cx, m) {
                Some(read) => quote! {
                    let body: &[u8] = resp.body();
                    if !body.is_empty() {
                        b.#f = ::std::option::Option::Some(#read);
                    }
                },
                None => {
                    let de = super::super::json::fn_path(cx.ir, m.target, true);
                    quote! {
                        ::client_runtime::protocol::xml::XmlReader::read_body(resp.body(), |_root, r| {
                            b.#f = ::std::option::Option::Some(#de(r)?);
                            ::std::result::Result::Ok(())
                        })?;
                    }
                }
            }
        } else if body_members.is_empty() {
            quote!()
        } else if output_of.is_some() {
            let read = xml::read_members(cx, &body_members);
            quote! {
                ::client_runtime::protocol::xml::XmlReader::read_body(resp.body(), |_root, r| {
                    #read
                    ::std::result::Result::Ok(())
                })?;
            }
        } else {
            let arms = xml::member_arms(cx, &body_members);
            let envelope = self.envelope();
            quote! {
                ::client_runtime::protocol::xml::error_members(resp.body(), #envelope, |name, r| {
                    match name {
                        #(#arms)*
                        _ => r.skip()?,
                    }
                    ::std::result::Result::Ok(())
                })?;
            }
        };
        read_response_members(cx, members, body_read)
    }

    fn error_metadata(&self) -> TokenStream {
        let unwrapped = self.no_error_wrapping;
        quote!(::client_runtime::protocol::xml::error_metadata_rest_xml(resp, #unwrapped))
    }

    fn error_code_fixup(&self) -> Option<TokenStream> {
        None
    }

    fn codec(&self) -> Codec {
        Codec::Xml
    }
}
