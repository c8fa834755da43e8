//! restJson1 on the server side: the error envelope (`X-Amzn-Errortype`
//! and a JSON body with `message`), and the `Content-Type` and `Accept`
//! checks the Smithy malformed-request tests ask of servers.

use bytes::Bytes;

use super::Malformed;
use crate::protocol::json::JsonWriter;

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

/// The answer of a handler that returned an error the model does not
/// list: its code (else `InternalFailure`) with status 500.
pub fn unhandled_response(meta: &crate::error::ErrorMetadata) -> http::Response<Bytes> {
    error_response(500, meta.code().unwrap_or("InternalFailure"), meta.message().unwrap_or("unhandled error"))
}

/// The start of a response: status and, for a non-empty body, its type.
pub fn response(status: u16, content_type: Option<&str>, body: Bytes) -> ResponseParts {
    let mut builder = http::Response::builder().status(status);
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
        (None, None) => Ok(()),
        (None, Some(got)) => Err(Malformed::unsupported_media_type(format!("the operation takes no body, but the request says Content-Type `{got}`"))),
        (Some(_), None) if req.body().is_empty() => Ok(()),
        (Some(want), None) => Err(Malformed::unsupported_media_type(format!("a body needs Content-Type `{want}`"))),
        (Some(want), Some(got)) if media_type(got) == media_type(want) => Ok(()),
        (Some(want), Some(got)) => Err(Malformed::unsupported_media_type(format!("expected Content-Type `{want}`, found `{got}`"))),
    }
}

/// Checks `Accept` against the media type of the operation's answer
/// (`application/json` when its output has no payload).
pub fn check_accept(req: &http::Request<Bytes>, produces: &str) -> Result<(), Malformed> {
    let Some(accept) = req.headers().get(http::header::ACCEPT) else {
        return Ok(());
    };
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
    fn errors_carry_the_code_header_and_a_message() {
        let r = error_response(429, "ThrottlingException", "slow \"down\"");
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["x-amzn-errortype"], "ThrottlingException");
        assert_eq!(r.body().as_ref(), br#"{"message":"slow \"down\""}"#);
    }
}
