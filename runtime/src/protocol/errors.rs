//! Error discovery for the JSON protocols (restJson1, awsJson1_0,
//! awsJson1_1): which modeled error a failed response is, and the code,
//! message and request id every error carries.

use std::borrow::Cow;

use bytes::Bytes;

use crate::error::ErrorMetadata;
use crate::protocol::json::JsonReader;

/// The bare shape name from an error code as services send it.
///
/// restJson1 codes may carry a namespace (`aws.example#FooError`) and a
/// trailing URI (`FooError:http://internal.amazon.com/...`); both are dropped.
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let name = match before_colon.rfind('#') {
        Some(i) => &before_colon[i + 1..],
        None => before_colon,
    };
    name.trim()
}

/// The code, message and request id of an error response.
///
/// The code comes from the `X-Amzn-ErrorType` header, else the body's `code`,
/// else its `__type`, and is sanitized; the message from the body's
/// `message`, `Message` or `errorMessage`; the request id from
/// `x-amzn-requestid` or `x-amz-request-id`. A body that is not a JSON object
/// is ignored, never a panic.
pub fn error_metadata(resp: &http::Response<Bytes>) -> ErrorMetadata {
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok());
    let body = BodyFields::read(resp.body());
    let code = header("x-amzn-errortype")
        .or(body.code.as_deref())
        .or(body.dunder_type.as_deref())
        .map(sanitize_error_code)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let message = body.message.or(body.message_capital).or(body.error_message).map(Cow::into_owned);
    let request_id = header_request_id(resp).map(str::to_owned);
    ErrorMetadata::new(code, message, request_id)
}

/// The metadata of an error from an `awsQueryCompatible` service: the code
/// becomes the query error code of the `x-amzn-query-error` header
/// (`Code;Fault`), the code a client of the service's old awsQuery API
/// knows (`AWS.SimpleQueueService.NonExistentQueue`); without the header (or
/// with an empty code) `meta` is returned as it is. The modeled error is
/// still picked by the JSON code (`__type`).
pub fn query_compatible(meta: ErrorMetadata, resp: &http::Response<Bytes>) -> ErrorMetadata {
    let header = resp.headers().get("x-amzn-query-error").and_then(|v| v.to_str().ok());
    let code = header.map(|h| h.split(';').next().unwrap_or_default().trim()).filter(|c| !c.is_empty());
    match code {
        Some(code) => meta.with_code(Some(code.to_owned())),
        None => meta,
    }
}

/// The request id from the `x-amzn-requestid` header, else `x-amz-request-id` (S3's).
pub(crate) fn header_request_id(resp: &http::Response<Bytes>) -> Option<&str> {
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok());
    header("x-amzn-requestid").or_else(|| header("x-amz-request-id"))
}

/// The top-level string members of an error body that carry metadata.
#[derive(Default)]
struct BodyFields<'a> {
    code: Option<Cow<'a, str>>,
    dunder_type: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
    message_capital: Option<Cow<'a, str>>,
    error_message: Option<Cow<'a, str>>,
}

impl<'a> BodyFields<'a> {
    fn read(body: &'a [u8]) -> Self {
        let mut fields = Self::default();
        // A malformed body keeps whatever was found before the problem.
        let _ = fields.fill(body);
        fields
    }

    fn fill(&mut self, body: &'a [u8]) -> Result<(), crate::protocol::json::DeserializeError> {
        let mut r = JsonReader::new(body);
        r.begin_object()?;
        while let Some(key) = r.next_key()? {
            let slot = match &*key {
                "code" => &mut self.code,
                "__type" => &mut self.dunder_type,
                "message" => &mut self.message,
                "Message" => &mut self.message_capital,
                "errorMessage" => &mut self.error_message,
                _ => {
                    r.skip_value()?;
                    continue;
                }
            };
            if r.is_null()? {
                continue;
            }
            match r.string() {
                Ok(s) => *slot = Some(s),
                // Not a string (a number, an object): not metadata.
                Err(_) => r.skip_value()?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
