//! Error discovery for rpcv2Cbor: the code, message and request id of a failed response.

use std::borrow::Cow;

use bytes::Bytes;

use super::CborReader;
use crate::error::ErrorMetadata;
use crate::protocol::errors::{header_request_id, sanitize_error_code};
use crate::protocol::json::DeserializeError;

/// The code, message and request id of an rpcv2Cbor error response.
///
/// The code is the body's `__type` (sanitized: `smithy.example#Oops` is
/// `Oops`); the message the body's `message` or `Message`; the request id
/// the `x-amzn-requestid` (else `x-amz-request-id`) header. A body that is
/// not a CBOR map keeps whatever was read before the problem, never a panic.
pub fn error_metadata(resp: &http::Response<Bytes>) -> ErrorMetadata {
    let mut fields = BodyFields::default();
    // A malformed body keeps whatever was found before the problem.
    let _ = fields.fill(resp.body());
    let code = fields.dunder_type.as_deref().map(sanitize_error_code).filter(|c| !c.is_empty()).map(str::to_owned);
    let message = fields.message.or(fields.message_capital).map(Cow::into_owned);
    let request_id = header_request_id(resp).map(str::to_owned);
    ErrorMetadata::new(code, message, request_id)
}

/// The top-level text members of an error body that carry metadata.
#[derive(Default)]
struct BodyFields<'a> {
    dunder_type: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
    message_capital: Option<Cow<'a, str>>,
}

impl<'a> BodyFields<'a> {
    fn fill(&mut self, body: &'a [u8]) -> Result<(), DeserializeError> {
        let mut r = CborReader::new(body);
        r.begin_map()?;
        while let Some(key) = r.next_key()? {
            let slot = match &*key {
                "__type" => &mut self.dunder_type,
                "message" => &mut self.message,
                "Message" => &mut self.message_capital,
                _ => {
                    r.skip_value()?;
                    continue;
                }
            };
            let start = r.offset();
            match r.string() {
                Ok(s) => *slot = Some(s),
                // Not a text string (null, a number, a map): not metadata.
                Err(_) if r.offset() == start => r.skip_value()?,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
