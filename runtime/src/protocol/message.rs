//! Assembling a request and reading response headers: the parts of the
//! generated (de)serializers that are the same for every operation.

use std::collections::HashMap;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};

use crate::error::BuildError;
use crate::protocol::http::query_value;
use crate::protocol::json::DeserializeError;

/// A header value for `member`, or an error naming it when the text cannot
/// be sent in a header (control characters, say).
pub fn header_value(value: &str, member: &'static str) -> Result<Option<HeaderValue>, BuildError> {
    HeaderValue::from_str(value).map(Some).map_err(|_| BuildError::invalid_field(member, "the value cannot be sent in an HTTP header"))
}

/// The `Content-MD5` header value of a body: base64 of its MD5 digest
/// (`@httpChecksumRequired`; feature `content-md5`).
#[cfg(feature = "content-md5")]
pub fn content_md5(body: &[u8]) -> HeaderValue {
    let value = crate::protocol::http::base64_encode(&md5_digest(body));
    HeaderValue::from_str(&value).expect("base64 is a valid header value")
}

/// MD5 (RFC 1321) of `body`: an integrity check the protocol asks for, not
/// a security measure.
#[cfg(feature = "content-md5")]
fn md5_digest(body: &[u8]) -> [u8; 16] {
    use md5::Digest;
    md5::Md5::digest(body).into()
}

/// A request extension set by serializers of operations with an
/// `@endpoint(hostPrefix)`: the text put in front of the endpoint's host
/// (`foo.bar.` + `example.com`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix(pub String);

/// The value of a `@hostLabel` member, checked to be one DNS label
/// (letters, digits, `-`, not starting or ending with `-`, at most 63).
pub fn host_label<'a>(value: Option<&'a str>, member: &'static str) -> Result<&'a str, BuildError> {
    let v = value.ok_or_else(|| BuildError::missing_field(member, "a host label is required"))?;
    let valid = !v.is_empty() && v.len() <= 63 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && !v.starts_with('-') && !v.ends_with('-');
    if !valid {
        return Err(BuildError::invalid_field(member, "a host label must be letters, digits and `-` (at most 63)"));
    }
    Ok(v)
}

/// Appends `?k=v&k2` to a path; keys and values are percent-encoded.
pub fn append_query(uri: &mut String, query: &[(String, Option<String>)]) {
    let mut sep = if uri.contains('?') { '&' } else { '?' };
    for (k, v) in query {
        uri.push(sep);
        sep = '&';
        uri.push_str(&query_value(k));
        if let Some(v) = v {
            uri.push('=');
            uri.push_str(&query_value(v));
        }
    }
}

/// Finishes a request: the URI (path and query), a `Content-Type` unless a
/// member already set one, and the body.
pub fn finish_request(
    mut builder: http::request::Builder,
    uri: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
) -> Result<http::Request<Bytes>, BuildError> {
    if let Some(ct) = content_type {
        let already = builder.headers_ref().is_some_and(|h| h.contains_key(http::header::CONTENT_TYPE));
        if !already {
            builder = builder.header(http::header::CONTENT_TYPE, ct);
        }
    }
    builder.uri(uri).body(Bytes::from(body)).map_err(|e| BuildError::other(format!("the request could not be built: {e}")))
}

/// All values of a response header joined with `, ` (how a list sent on
/// several lines reads), or `None` when absent.
pub fn response_header(headers: &HeaderMap, name: &str) -> Result<Option<String>, DeserializeError> {
    let mut out: Option<String> = None;
    for v in headers.get_all(name) {
        let s = v.to_str().map_err(|_| DeserializeError::custom(format!("header `{name}` is not visible ASCII")))?;
        match &mut out {
            Some(acc) => {
                acc.push_str(", ");
                acc.push_str(s);
            }
            None => out = Some(s.to_string()),
        }
    }
    Ok(out)
}

/// The headers whose (lower-case) name starts with `prefix`, keyed by the
/// rest of the name.
pub fn prefix_headers(headers: &HeaderMap, prefix: &str) -> Result<HashMap<String, String>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = HashMap::new();
    for name in headers.keys() {
        if let Some(rest) = name.as_str().strip_prefix(&prefix)
            && let Some(v) = response_header(headers, name.as_str())?
        {
            out.insert(rest.to_string(), v);
        }
    }
    Ok(out)
}

/// The request id of a response (the header errors read it from too), which
/// generated outputs keep for `RequestId`.
pub fn request_id(resp: &http::Response<Bytes>) -> Option<String> {
    super::errors::header_request_id(resp).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded_and_appended() {
        let mut uri = "/a".to_string();
        append_query(&mut uri, &[("k y".into(), Some("v&1".into())), ("flag".into(), None)]);
        assert_eq!(uri, "/a?k%20y=v%261&flag");
        let mut uri = "/a?x=1".to_string();
        append_query(&mut uri, &[("b".into(), Some("2".into()))]);
        assert_eq!(uri, "/a?x=1&b=2");
    }

    #[test]
    fn content_type_of_a_member_wins() {
        let b = http::Request::builder().method("POST").header("content-type", "text/csv");
        let req = finish_request(b, "/".into(), Some("application/json"), b"x".to_vec()).unwrap();
        assert_eq!(req.headers()["content-type"], "text/csv");
        let b = http::Request::builder().method("POST");
        let req = finish_request(b, "/".into(), Some("application/json"), vec![]).unwrap();
        assert_eq!(req.headers()["content-type"], "application/json");
    }

    #[test]
    fn bad_header_values_name_the_member() {
        let e = header_value("a\nb", "Name").unwrap_err();
        assert_eq!(e.field(), Some("Name"));
    }

    #[test]
    fn headers_join_and_prefix() {
        let mut h = HeaderMap::new();
        h.append("x-list", HeaderValue::from_static("a"));
        h.append("x-list", HeaderValue::from_static("b"));
        h.insert("x-foo-abc", HeaderValue::from_static("1"));
        h.insert("x-foo-def", HeaderValue::from_static("2"));
        assert_eq!(response_header(&h, "x-list").unwrap().as_deref(), Some("a, b"));
        assert_eq!(response_header(&h, "missing").unwrap(), None);
        let p = prefix_headers(&h, "X-Foo-").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p["abc"], "1");
    }
}

#[cfg(test)]
mod host_tests {
    use super::*;

    #[test]
    fn host_labels_are_single_dns_labels() {
        assert_eq!(host_label(Some("bar-1"), "label").unwrap(), "bar-1");
        for bad in ["", "-a", "a-", "a.b", "a b", "ü", &"a".repeat(64)] {
            assert!(host_label(Some(bad), "label").is_err(), "{bad:?}");
        }
        assert!(host_label(None, "label").is_err());
    }

    #[cfg(feature = "content-md5")]
    #[test]
    fn content_md5_is_base64_of_the_digest() {
        // Expected values from `openssl dgst -md5 -binary | base64`.
        assert_eq!(content_md5(b"").to_str().unwrap(), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(b"abc").to_str().unwrap(), "kAFQmDzST7DWlj99KOF/cg==");
    }

    /// The test suite of RFC 1321 appendix A.5: an oracle independent of
    /// the crate that computes the digest.
    #[cfg(feature = "content-md5")]
    #[test]
    fn md5_matches_rfc_1321_test_suite() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
        ];
        for (input, want) in cases {
            let got: String = md5_digest(input.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(got, want, "md5({input:?})");
        }
    }
}
