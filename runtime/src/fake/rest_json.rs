//! restJson1 on the server side: the error envelope (`X-Amzn-Errortype`
//! and a JSON body with `message`), and the `Content-Type` and `Accept`
//! checks the Smithy malformed-request tests ask of servers.

use bytes::Bytes;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use super::Malformed;
use crate::protocol::TimestampFormat;
use crate::protocol::json::{DeserializeError, JsonWriter};

/// An error response: `status`, `X-Amzn-Errortype: code` and the body
/// `{"message": ...}`, as restJson1 services answer.
pub fn error_response(status: u16, code: &str, message: &str) -> http::Response<Bytes> {
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("message");
    w.string(message);
    w.end_object();
    let body = Bytes::from(w.finish());
    response(status, Some("application/json"), body).header("X-Amzn-Errortype", code).body_or_500()
}

/// `smithy.framework#ValidationException` for `violations`, as the Smithy
/// framework answers: 400, `X-Amzn-Errortype: ValidationException`, and
/// `{"message": ..., "fieldList": [{"path": ..., "message": ...}]}`.
pub fn validation_exception(violations: &crate::validate::ValidationError) -> Result<http::Response<Bytes>, crate::error::BuildError> {
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("message");
    w.string(&violations.to_string());
    w.key("fieldList");
    w.begin_array();
    for v in violations.violations() {
        w.begin_object();
        w.key("path");
        w.string(v.path());
        w.key("message");
        w.string(v.message());
        w.end_object();
    }
    w.end_array();
    w.end_object();
    response(400, Some("application/json"), Bytes::from(w.finish())).header("X-Amzn-Errortype", "ValidationException").finish()
}

/// The answer of a handler that returned an error the model does not
/// list: its code (else `InternalFailure`) with status 500.
pub fn unhandled_response(meta: &crate::error::ErrorMetadata) -> http::Response<Bytes> {
    error_response(500, meta.code().unwrap_or("InternalFailure"), meta.message().unwrap_or("unhandled error"))
}

/// The start of a response: status and, for a non-empty body, its type.
pub fn response(status: u16, content_type: Option<&str>, body: Bytes) -> ResponseParts {
    // Set here so that in-process answers (`Server::handle`) have it too.
    let mut builder = http::Response::builder().status(status).header(http::header::CONTENT_LENGTH, body.len());
    if let Some(ct) = content_type.filter(|_| !body.is_empty()) {
        builder = builder.header(http::header::CONTENT_TYPE, ct);
    }
    ResponseParts { builder, body }
}

/// A response being built by generated serializers.
pub struct ResponseParts {
    builder: http::response::Builder,
    body: Bytes,
}

impl ResponseParts {
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// Sets the status (an `@httpResponseCode` member).
    pub fn status(mut self, status: i32) -> Self {
        self.builder = self.builder.status(u16::try_from(status).unwrap_or(500));
        self
    }

    /// The response; a header name or value, or status, that HTTP does not
    /// allow is an error naming it.
    pub fn finish(self) -> Result<http::Response<Bytes>, crate::error::BuildError> {
        self.builder.body(self.body).map_err(|e| crate::error::BuildError::other(format!("the response cannot be built: {e}")))
    }

    fn body_or_500(self) -> http::Response<Bytes> {
        self.finish().unwrap_or_else(|_| {
            let mut r = http::Response::new(Bytes::new());
            *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        })
    }
}

/// Parses a timestamp of a label, query value or header as a server must:
/// a date-time in UTC (`Z`, no offset), an HTTP date, or epoch seconds.
pub fn parse_timestamp(value: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    match format {
        TimestampFormat::DateTime => DateTime::from_str(value, Format::DateTime)
            .map_err(|_| DeserializeError::custom(format!("expected an RFC 3339 date-time in UTC (`Z`), found `{value}`"))),
        other => crate::protocol::http::parse_header_timestamp(value, other),
    }
}

/// Whether a structure payload's body is an empty object (or empty): what
/// clients send for an unset structure payload, so it reads as unset.
pub fn is_empty_object(body: &[u8]) -> bool {
    let text: Vec<u8> = body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    text.is_empty() || text == b"{}"
}

/// Undoes a `gzip` the client applied (the last `Content-Encoding`), as
/// services do for `@requestCompression` operations, and removes it from
/// the header so the input sees the encodings the caller set.
pub(crate) fn decode_gzip(req: &mut http::Request<Bytes>) -> Result<(), Malformed> {
    let Some(value) = req.headers().get(http::header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()).map(str::to_owned) else {
        return Ok(());
    };
    let mut codings: Vec<&str> = value.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    if codings.last().is_none_or(|c| !c.eq_ignore_ascii_case("gzip")) {
        return Ok(());
    }
    codings.pop();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(req.body().as_ref()), &mut out)
        .map_err(|e| Malformed::serialization(format!("the body is not valid gzip: {e}")))?;
    *req.body_mut() = Bytes::from(out);
    if codings.is_empty() {
        req.headers_mut().remove(http::header::CONTENT_ENCODING);
    } else if let Ok(v) = http::HeaderValue::from_str(&codings.join(", ")) {
        req.headers_mut().insert(http::header::CONTENT_ENCODING, v);
    }
    Ok(())
}

/// The media type of a header value: before any `;`, trimmed, lower case.
fn media_type(value: &str) -> String {
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Checks `Content-Type` against what the operation takes: `expected` is
/// its body's media type, `None` when it models no body (then the request
/// must not say one). An empty body may leave the header out.
pub fn check_content_type(req: &http::Request<Bytes>, expected: Option<&str>) -> Result<(), Malformed> {
    let got = match req.headers().get(http::header::CONTENT_TYPE) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| Malformed::unsupported_media_type("the Content-Type header is not ASCII"))?),
    };
    match (expected, got) {
        // A blob payload without `@mediaType` takes any type, or none.
        (Some("*/*"), _) => Ok(()),
        (None, None) => Ok(()),
        (None, Some(_)) if req.body().is_empty() => Ok(()),
        (None, Some(got)) => Err(Malformed::unsupported_media_type(format!("the operation takes no body, but the request says Content-Type `{got}`"))),
        (Some(_), None) if req.body().is_empty() => Ok(()),
        (Some(want), None) => Err(Malformed::unsupported_media_type(format!("a body needs Content-Type `{want}`"))),
        (Some(want), Some(got)) if media_type(got) == media_type(want) => Ok(()),
        (Some(want), Some(got)) => Err(Malformed::unsupported_media_type(format!("expected Content-Type `{want}`, found `{got}`"))),
    }
}

/// Checks `Accept` against the media type of the operation's answer
/// (`application/json` when its output has no payload; `*/*` for a blob
/// payload without `@mediaType`, which any `Accept` allows).
pub fn check_accept(req: &http::Request<Bytes>, produces: &str) -> Result<(), Malformed> {
    let Some(accept) = req.headers().get(http::header::ACCEPT) else {
        return Ok(());
    };
    // A blob payload without `@mediaType` is whatever the caller accepts.
    if produces == "*/*" {
        return Ok(());
    }
    let accept = accept.to_str().map_err(|_| Malformed::not_acceptable("the Accept header is not ASCII"))?;
    let produces = media_type(produces);
    let (main, _) = produces.split_once('/').unwrap_or((produces.as_str(), ""));
    let ok = accept.split(',').map(media_type).any(|range| range == "*/*" || range == produces || range.strip_suffix("/*") == Some(main));
    if ok { Ok(()) } else { Err(Malformed::not_acceptable(format!("the answer is `{produces}`, which Accept `{accept}` does not allow"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)], body: &str) -> http::Request<Bytes> {
        let mut b = http::Request::builder().method("POST").uri("/x");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn content_type_must_match_what_the_operation_takes() {
        assert!(check_content_type(&req(&[("content-type", "application/json; charset=utf-8")], "{}"), Some("application/json")).is_ok());
        assert!(check_content_type(&req(&[], ""), Some("application/json")).is_ok());
        assert!(check_content_type(&req(&[("content-type", "image/jpeg")], "x"), Some("*/*")).is_ok());
        assert!(check_content_type(&req(&[], "x"), Some("*/*")).is_ok());
        assert!(check_content_type(&req(&[("content-type", "application/json")], ""), None).is_ok(), "no body, nothing to mistype");
        assert_eq!(check_content_type(&req(&[], "{}"), Some("application/json")).unwrap_err().status, 415);
        assert_eq!(check_content_type(&req(&[("content-type", "application/hal+json")], "{}"), Some("application/json")).unwrap_err().status, 415);
        assert_eq!(check_content_type(&req(&[("content-type", "application/json")], "{}"), None).unwrap_err().code, "UnsupportedMediaTypeException");
    }

    #[test]
    fn accept_must_allow_the_answer() {
        assert!(check_accept(&req(&[], ""), "application/json").is_ok());
        assert!(check_accept(&req(&[("accept", "text/html, application/*")], ""), "application/json").is_ok());
        assert!(check_accept(&req(&[("accept", "*/*;q=0.1")], ""), "text/plain").is_ok());
        let e = check_accept(&req(&[("accept", "application/hal+json")], ""), "application/json").unwrap_err();
        assert_eq!((e.status, e.code), (406, "NotAcceptableException"));
    }

    #[test]
    fn date_times_must_be_utc_and_an_empty_object_is_no_payload() {
        assert!(parse_timestamp("1985-04-12T23:20:50.52Z", TimestampFormat::DateTime).is_ok());
        assert!(parse_timestamp("1996-12-19T16:39:57-08:00", TimestampFormat::DateTime).is_err());
        assert!(parse_timestamp("1515531081", TimestampFormat::EpochSeconds).is_ok());
        assert!(is_empty_object(b" { } ") && is_empty_object(b"") && !is_empty_object(br#"{"a":1}"#));
    }

    #[test]
    fn a_gzip_the_client_added_is_undone() {
        let mut r = req(&[("content-encoding", "custom, gzip")], "");
        *r.body_mut() = Bytes::from(crate::protocol::compression::gzip(b"hello"));
        decode_gzip(&mut r).unwrap();
        assert_eq!((r.body().as_ref(), r.headers()["content-encoding"].to_str().unwrap()), (&b"hello"[..], "custom"));
        let mut bad = req(&[("content-encoding", "gzip")], "not gzip");
        assert_eq!(decode_gzip(&mut bad).unwrap_err().status, 400);
    }

    #[test]
    fn validation_exception_is_the_framework_envelope() {
        let mut v = crate::validate::Validator::new();
        v.member("name", |v| v.length_str("a", Some(2), None));
        v.required("id");
        let r = validation_exception(&v.finish().unwrap_err()).unwrap();
        assert_eq!((r.status().as_u16(), &r.headers()["x-amzn-errortype"]), (400, &http::HeaderValue::from_static("ValidationException")));
        let body = std::str::from_utf8(r.body()).unwrap();
        assert!(body.starts_with(r#"{"message":"2 validation errors detected. Value with length 1 at '/name' failed"#), "{body}");
        assert!(body.contains(r#""fieldList":[{"path":"/name","message":"Value with length 1 at '/name' failed"#), "{body}");
        assert!(body.contains(r#"{"path":"/id","message":"Value at '/id' failed to satisfy constraint: Member must not be null"}]}"#), "{body}");
    }

    #[test]
    fn errors_carry_the_code_header_and_a_message() {
        let r = error_response(429, "ThrottlingException", "slow \"down\"");
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["x-amzn-errortype"], "ThrottlingException");
        assert_eq!(r.body().as_ref(), br#"{"message":"slow \"down\""}"#);
    }
}
