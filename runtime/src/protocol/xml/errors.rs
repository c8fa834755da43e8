//! Error discovery for the XML protocols: where the error element sits in
//! the body, the code, message and request id it carries, and a reader on
//! its children for the modeled members.

use bytes::Bytes;

use super::XmlReader;
use crate::error::ErrorMetadata;
use crate::protocol::errors::{header_request_id, sanitize_error_code};
use crate::protocol::json::DeserializeError;

/// The document an error response's `<Error>` element sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorEnvelope {
    /// `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`:
    /// restXml, and awsQuery.
    Wrapped,
    /// `<Error>…<RequestId>…</RequestId></Error>`: restXml with
    /// `noErrorWrapping` (S3).
    Unwrapped,
    /// `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`:
    /// ec2Query.
    Ec2,
}

impl ErrorEnvelope {
    fn root(self) -> &'static str {
        match self {
            ErrorEnvelope::Wrapped => "ErrorResponse",
            ErrorEnvelope::Unwrapped => "Error",
            ErrorEnvelope::Ec2 => "Response",
        }
    }
}

/// restXml error metadata; `no_error_wrapping` is the protocol's setting of
/// that name (true for S3). See [`error_metadata`].
pub fn error_metadata_rest_xml(resp: &http::Response<Bytes>, no_error_wrapping: bool) -> ErrorMetadata {
    error_metadata(resp, if no_error_wrapping { ErrorEnvelope::Unwrapped } else { ErrorEnvelope::Wrapped })
}

/// awsQuery error metadata (the wrapped restXml envelope). See [`error_metadata`].
pub fn error_metadata_query(resp: &http::Response<Bytes>) -> ErrorMetadata {
    error_metadata(resp, ErrorEnvelope::Wrapped)
}

/// ec2Query error metadata. See [`error_metadata`].
pub fn error_metadata_ec2(resp: &http::Response<Bytes>) -> ErrorMetadata {
    error_metadata(resp, ErrorEnvelope::Ec2)
}

/// The code, message and request id of an XML error response.
///
/// The code and message are the error element's `Code` (sanitized like
/// restJson1's) and `Message`; the request id is the `x-amzn-requestid` or
/// `x-amz-request-id` header, else the body's `RequestId` (`RequestID` for
/// ec2Query). Of several ec2Query errors the first is taken. A body that is
/// not the envelope, or is malformed part way, gives what was found before
/// the problem: never an error, never a panic.
pub fn error_metadata(resp: &http::Response<Bytes>, envelope: ErrorEnvelope) -> ErrorMetadata {
    let (mut code, mut message, mut request_id) = (None, None, None);
    let mut body_request_id = None;
    // A malformed body keeps whatever was found before the problem.
    let _ = walk(resp.body(), envelope, &mut body_request_id, |name, r| {
        let slot = match name {
            "Code" => &mut code,
            "Message" => &mut message,
            "RequestId" | "RequestID" => &mut request_id,
            _ => return r.skip(),
        };
        *slot = Some(r.string()?.into_owned());
        Ok(())
    });
    let code = code.as_deref().map(sanitize_error_code).filter(|c| !c.is_empty()).map(str::to_owned);
    let request_id = header_request_id(resp).map(str::to_owned).or(request_id).or(body_request_id);
    ErrorMetadata::new(code, message, request_id)
}

/// Reads the modeled members of an error: `member` gets each child of the
/// error element (`Code`, `Message` and `Type` among them) with the reader
/// positioned at it, as [`XmlReader::children`] does. For ec2Query only the
/// first error is read.
pub fn error_members<'a>(
    body: &'a [u8],
    envelope: ErrorEnvelope,
    member: impl FnMut(&'a str, &mut XmlReader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    walk(body, envelope, &mut None, member)
}

/// Finds the error element of `envelope` in `body` and hands its children to
/// `on_error`; the envelope's own request id goes to `request_id`.
fn walk<'a>(
    body: &'a [u8],
    envelope: ErrorEnvelope,
    request_id: &mut Option<String>,
    mut on_error: impl FnMut(&'a str, &mut XmlReader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    XmlReader::read_body(body, |root, r| {
        if root != envelope.root() {
            let message = format!("expected an error body `<{}>`, found `<{root}>`", envelope.root());
            return Err(DeserializeError::owned_at(message, 0));
        }
        let mut seen = false;
        match envelope {
            ErrorEnvelope::Unwrapped => r.children(on_error),
            ErrorEnvelope::Wrapped => r.children(|name, r| match name {
                "Error" if !seen => {
                    seen = true;
                    r.children(&mut on_error)
                }
                "RequestId" => {
                    *request_id = Some(r.string()?.into_owned());
                    Ok(())
                }
                _ => r.skip(),
            }),
            ErrorEnvelope::Ec2 => r.children(|name, r| match name {
                "Errors" => r.children(|name, r| match name {
                    "Error" if !seen => {
                        seen = true;
                        r.children(&mut on_error)
                    }
                    _ => r.skip(),
                }),
                "RequestID" | "RequestId" => {
                    *request_id = Some(r.string()?.into_owned());
                    Ok(())
                }
                _ => r.skip(),
            }),
        }
    })
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
