//! SigV4 for every request the runtime sends, with the signing key cached
//! per client (docs/performance.md has the numbers: aws-sigv4 derives the
//! key on every call and cannot be given one).
//!
//! The settings are the SigV4 defaults every service but S3 expects, the
//! ones the runtime gave aws-sigv4 before this module replaced it
//! (docs/dependencies.md): signature in headers; the path normalized
//! (RFC 3986 dot segments, empty segments dropped) and encoded a second
//! time; the query decoded as a form and encoded again, pairs sorted;
//! header values trimmed of leading, trailing and repeated spaces; the
//! payload hash is the body's SHA-256 and is not sent as
//! `x-amz-content-sha256` (the runtime's bodies are in memory: no unsigned
//! or streaming payloads); the session token signed as
//! `x-amz-security-token`; `Authorization`, `User-Agent`,
//! `X-Amzn-Trace-Id` and `Transfer-Encoding` left out of the signature.
//!
//! aws-sigv4 is kept as a dev-dependency: the tests compare every header
//! this module writes with what it writes for the same request.

use std::borrow::Cow;
use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderName, HeaderValue, Request};
use sha2::{Digest, Sha256};

use crate::protocol::http::{COMPONENT, GREEDY_LABEL};

/// Headers left out of the signature, as aws-sigv4 leaves them out by
/// default: proxies and the signing itself change them.
const UNSIGNED: [&str; 4] = ["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const HEX: &[u8; 16] = b"0123456789abcdef";

/// The last signing key of a client: it depends on the secret key, the day,
/// the region and the service, so it changes once a day.
#[derive(Default)]
pub(crate) struct SigningKeys {
    last: Mutex<Option<Key>>,
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeys { .. }")
    }
}

struct Key {
    secret: String,
    date: [u8; 8],
    region: String,
    service: String,
    /// HMAC keyed with the signing key: its inner and outer pads are hashed
    /// once, and each signature starts from a copy.
    mac: Hmac<Sha256>,
}

impl SigningKeys {
    /// An HMAC keyed with the signing key of `secret`, `date`, `region` and `service`.
    fn get(&self, secret: &str, date: &[u8; 8], region: &str, service: &str) -> Hmac<Sha256> {
        let mut slot = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = slot.as_ref().filter(|k| k.secret == secret && k.date == *date && k.region == region && k.service == service) {
            return k.mac.clone();
        }
        let key = derive_key(secret, date, region, service);
        let mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
        *slot = Some(Key { secret: secret.to_owned(), date: *date, region: region.to_owned(), service: service.to_owned(), mac: mac.clone() });
        mac
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn derive_key(secret: &str, date: &[u8; 8], region: &str, service: &str) -> [u8; 32] {
    let k = hmac(["AWS4", secret].concat().as_bytes(), date);
    let k = hmac(&k, region.as_bytes());
    let k = hmac(&k, service.as_bytes());
    hmac(&k, b"aws4_request")
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
}

/// `YYYYMMDD` and `YYYYMMDDTHHMMSSZ` in UTC, whole seconds; `None` before
/// 1970 or after 9999.
fn utc(time: SystemTime) -> Option<([u8; 8], [u8; 16])> {
    let secs = time.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days to a civil date in the proleptic Gregorian calendar, with years
    // starting in March so the leap day comes last.
    let z = days + 719_468;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    if year > 9_999 {
        return None;
    }
    fn put(at: usize, width: usize, mut n: u64, out: &mut [u8]) {
        for i in (0..width).rev() {
            out[at + i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    let mut date = [0u8; 8];
    put(0, 4, year, &mut date);
    put(4, 2, month, &mut date);
    put(6, 2, day, &mut date);
    let mut date_time = [0u8; 16];
    date_time[..8].copy_from_slice(&date);
    date_time[8] = b'T';
    put(9, 2, rem / 3_600, &mut date_time);
    put(11, 2, rem / 60 % 60, &mut date_time);
    put(13, 2, rem % 60, &mut date_time);
    date_time[15] = b'Z';
    Some((date, date_time))
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `bytes` percent-encoded as SigV4 wants it: everything but the
/// unreserved characters (and `/` if `keep_slash`) as `%XX`, upper-case hex,
/// byte by byte: the sets the protocols encode URI components with.
fn push_encoded(out: &mut String, bytes: &[u8], keep_slash: bool) {
    let set = if keep_slash { GREEDY_LABEL } else { COMPONENT };
    out.extend(percent_encoding::percent_encode(bytes, set));
}

/// The path with its dot segments resolved (RFC 3986 5.2.4) and empty
/// segments dropped, starting with `/`; a path ending in `/`, `/.` or `/..`
/// keeps a trailing `/`.
fn normalize_path(path: &str) -> Cow<'_, str> {
    let absolute: Cow<'_, str> = if path.starts_with('/') { Cow::Borrowed(path) } else { Cow::Owned(format!("/{path}")) };
    if !absolute.contains('.') && !absolute.contains("//") {
        return absolute;
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in absolute.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            s => kept.push(s),
        }
    }
    let mut out = String::with_capacity(absolute.len());
    for s in &kept {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty() || ["/", "/.", "/.."].iter().any(|end| absolute.ends_with(end)) {
        out.push('/');
    }
    Cow::Owned(out)
}

/// A key or value of the query decoded as a form field: `+` is a space,
/// `%XX` a byte (a `%` without two hex digits stays as it is), and bytes
/// that do not make UTF-8 become U+FFFD.
fn form_decode(s: &str) -> Cow<'_, str> {
    if !s.contains(['%', '+']) {
        return Cow::Borrowed(s);
    }
    // `+` first, so an encoded `%2B` still decodes to `+`.
    let spaced = s.replace('+', " ");
    Cow::Owned(percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
}

/// A key or value of the canonical query: decoded, then encoded again.
fn canonical_query_part(s: &str) -> Cow<'_, str> {
    if s.bytes().all(unreserved) {
        return Cow::Borrowed(s);
    }
    let decoded = form_decode(s);
    let mut out = String::with_capacity(decoded.len() + 8);
    push_encoded(&mut out, decoded.as_bytes(), false);
    Cow::Owned(out)
}

/// The canonical query's `key=value` pairs, sorted by key, then value;
/// empty parts (`a=1&&b=2`) are dropped and a key without `=` has an
/// empty value.
fn canonical_query(query: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    let mut pairs: Vec<_> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (canonical_query_part(k), canonical_query_part(v))
        })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// A header value without leading or trailing spaces and with each run of
/// spaces made one (other whitespace, such as tabs, stays).
fn trim_spaces(value: &str) -> Cow<'_, str> {
    let value = value.trim_matches(' ');
    if !value.contains("  ") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The `Host` the signature covers when the request has no `Host` header:
/// the URI's host, with its port unless it is the scheme's default.
fn host_from_uri(uri: &http::Uri) -> Result<&str, String> {
    let authority = uri.authority().ok_or("cannot sign the request: it has neither a `Host` header nor a host in its URI")?;
    let default = matches!((uri.scheme_str(), authority.port_u16()), (Some("https"), Some(443)) | (Some("http"), Some(80)));
    Ok(if default { authority.host() } else { authority.as_str() })
}

/// Signs `req` in place with SigV4 (the settings are in the module's
/// documentation): adds `x-amz-date`, `Authorization` and, with temporary
/// credentials, `x-amz-security-token`, replacing any earlier ones. The
/// request is unchanged when it returns an error. The caller has checked
/// that the credentials, region and service hold no control characters.
pub(crate) fn sign(req: &mut Request<Bytes>, creds: &Credentials, region: &str, service: &str, time: SystemTime, keys: &SigningKeys) -> Result<(), String> {
    let (date, date_time) = utc(time).ok_or("cannot sign the request: the clock is before 1970 or after 9999")?;
    let date_time = std::str::from_utf8(&date_time).expect("ASCII");
    let date_str = std::str::from_utf8(&date).expect("ASCII");
    let token = creds.session_token();

    let mut headers: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(req.headers().len() + 3);
    let mut has_host = false;
    for (name, value) in req.headers() {
        let name = name.as_str();
        // Replaced below, as aws-sigv4 replaces them.
        if UNSIGNED.contains(&name) || name == "x-amz-date" || (name == "x-amz-security-token" && token.is_some()) {
            continue;
        }
        let value = value.to_str().map_err(|_| format!("cannot sign the request: header `{name}` is not visible ASCII"))?;
        has_host |= name == "host";
        headers.push((name, trim_spaces(value)));
    }
    if !has_host {
        headers.push(("host", Cow::Borrowed(host_from_uri(req.uri())?)));
    }
    headers.push(("x-amz-date", Cow::Borrowed(date_time)));
    if let Some(token) = token {
        headers.push(("x-amz-security-token", Cow::Borrowed(token)));
    }
    // Stable: the values of one name stay in the order they were added.
    headers.sort_by(|a, b| a.0.cmp(b.0));

    let mut creq = String::with_capacity(512);
    creq.push_str(req.method().as_str());
    creq.push('\n');
    push_encoded(&mut creq, normalize_path(req.uri().path()).as_bytes(), true);
    creq.push('\n');
    for (i, (k, v)) in canonical_query(req.uri().query().unwrap_or("")).iter().enumerate() {
        if i > 0 {
            creq.push('&');
        }
        creq.push_str(k);
        creq.push('=');
        creq.push_str(v);
    }
    creq.push('\n');
    let mut signed = String::with_capacity(128);
    let mut previous = None;
    for (name, value) in &headers {
        if previous == Some(*name) {
            creq.push(',');
        } else {
            if previous.is_some() {
                creq.push('\n');
                signed.push(';');
            }
            creq.push_str(name);
            creq.push(':');
            signed.push_str(name);
            previous = Some(*name);
        }
        creq.push_str(value);
    }
    creq.push_str("\n\n");
    creq.push_str(&signed);
    creq.push('\n');
    if req.body().is_empty() {
        creq.push_str(super::request::EMPTY_SHA256);
    } else {
        push_hex(&mut creq, &Sha256::digest(req.body()));
    }

    let scope = [date_str, "/", region, "/", service, "/aws4_request"].concat();
    let mut sts = String::with_capacity(128);
    for part in [ALGORITHM, "\n", date_time, "\n", &scope, "\n"] {
        sts.push_str(part);
    }
    push_hex(&mut sts, &Sha256::digest(creq.as_bytes()));

    let mut mac = keys.get(creds.secret_access_key(), &date, region, service);
    mac.update(sts.as_bytes());
    let mut signature = String::with_capacity(64);
    push_hex(&mut signature, &mac.finalize().into_bytes());
    let authorization = [ALGORITHM, " Credential=", creds.access_key_id(), "/", &scope, ", SignedHeaders=", &signed, ", Signature=", &signature].concat();

    // Every value is made before the request changes, so an error leaves it as it was.
    let authorization =
        HeaderValue::try_from(authorization).map_err(|_| "cannot sign the request: the access key id is not a valid header value".to_owned())?;
    let date_value = HeaderValue::from_str(date_time).expect("digits, T and Z are a valid header value");
    let token = match token.map(HeaderValue::from_str) {
        None => None,
        Some(Ok(mut v)) => {
            v.set_sensitive(true);
            Some(v)
        }
        Some(Err(_)) => return Err("cannot sign the request: the session token is not a valid header value".to_owned()),
    };
    let h = req.headers_mut();
    h.insert(HeaderName::from_static("x-amz-date"), date_value);
    h.insert(http::header::AUTHORIZATION, authorization);
    if let Some(token) = token {
        h.insert(HeaderName::from_static("x-amz-security-token"), token);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    /// The oracle: `req` signed by aws-sigv4 with the settings this module
    /// implements (its defaults), as the runtime signed every request
    /// before this module.
    pub(crate) fn sign_with_aws_sigv4(req: &mut Request<Bytes>, creds: &Credentials, region: &str, service: &str, time: SystemTime) {
        use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
        use aws_smithy_runtime_api::client::identity::Identity;
        let identity: Identity = creds.clone().into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(service)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let headers: Vec<(&str, &str)> = req.headers().iter().map(|(n, v)| (n.as_str(), v.to_str().unwrap())).collect();
        let signable = SignableRequest::new(req.method().as_str(), req.uri().to_string(), headers.into_iter(), SignableBody::Bytes(req.body())).unwrap();
        let (instructions, _) = aws_sigv4::http_request::sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(req);
    }

    fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8]) -> Request<Bytes> {
        let mut req = Request::new(Bytes::copy_from_slice(body));
        *req.method_mut() = method.parse().unwrap();
        *req.uri_mut() = uri.parse().unwrap();
        for (n, v) in headers {
            req.headers_mut().append(HeaderName::try_from(*n).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        req
    }

    /// Signs `req` both ways (ours twice: the second time with the cached
    /// key) and asserts the same headers, sensitivity included.
    fn assert_signs_like_aws_sigv4(req: Request<Bytes>, creds: &Credentials, region: &str, service: &str, time: SystemTime) {
        let keys = SigningKeys::default();
        for _ in 0..2 {
            let mut ours = super::super::request::clone_request(&req);
            sign(&mut ours, creds, region, service, time, &keys).unwrap();
            let mut reference = super::super::request::clone_request(&req);
            sign_with_aws_sigv4(&mut reference, creds, region, service, time);
            assert_eq!(ours.headers(), reference.headers(), "{} {}", req.method(), req.uri());
            for (name, value) in ours.headers() {
                assert_eq!(value.is_sensitive(), reference.headers()[name].is_sensitive(), "{name}");
            }
        }
    }

    #[test]
    fn dates_match_the_calendar() {
        use aws_smithy_types::DateTime;
        use aws_smithy_types::date_time::Format;
        for secs in [0u64, 59, 86_399, 86_400, 951_782_400, 951_868_800, 1_700_000_000, 4_107_542_399, 253_402_300_799] {
            let t = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
            let (date, date_time) = utc(t).unwrap();
            let expected = DateTime::from_secs(secs as i64).fmt(Format::DateTime).unwrap().replace(['-', ':'], "");
            assert_eq!(std::str::from_utf8(&date_time).unwrap(), expected, "{secs}");
            assert_eq!(&date_time[..8], &date);
        }
        assert!(utc(SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800)).is_none(), "year 10000");
        assert!(utc(SystemTime::UNIX_EPOCH - Duration::from_secs(1)).is_none());
    }

    #[test]
    fn the_key_is_derived_once_a_day_per_region_service_and_secret() {
        let keys = SigningKeys::default();
        let sign = |secret, date, region, service| -> [u8; 32] {
            let mut mac = keys.get(secret, date, region, service);
            mac.update(b"string to sign");
            mac.finalize().into_bytes().into()
        };
        let k = sign("S", b"20261204", "us-east-1", "connect");
        assert_eq!(k, hmac(&derive_key("S", b"20261204", "us-east-1", "connect"), b"string to sign"));
        assert_eq!(sign("S", b"20261204", "us-east-1", "connect"), k);
        assert_ne!(sign("S", b"20261205", "us-east-1", "connect"), k);
        assert_ne!(sign("S2", b"20261204", "us-east-1", "connect"), k);
        assert_ne!(sign("S", b"20261204", "us-west-2", "connect"), k);
        assert_ne!(sign("S", b"20261204", "us-east-1", "sts"), k);
        assert_eq!(sign("S", b"20261204", "us-east-1", "connect"), k);
    }

    #[test]
    fn paths_lose_dot_and_empty_segments() {
        for (path, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/a/b", "/a/b"),
            ("/a/./b", "/a/b"),
            ("/a/../b", "/b"),
            ("/../../a", "/a"),
            ("/a//b/", "/a/b/"),
            ("/a/.", "/a/"),
            ("/a/b/..", "/a/"),
            ("/a/..", "/"),
            ("/a.b/...", "/a.b/..."),
        ] {
            assert_eq!(normalize_path(path), expected, "{path:?}");
        }
    }

    #[test]
    fn query_parts_decode_as_forms() {
        for (part, expected) in
            [("a", "a"), ("a+b", "a b"), ("%41%2f", "A/"), ("%", "%"), ("%4", "%4"), ("%zz1", "%zz1"), ("%E2%9C%93", "\u{2713}"), ("%FF", "\u{FFFD}")]
        {
            assert_eq!(form_decode(part), expected, "{part:?}");
        }
        let pairs = canonical_query("b=2&a=%2B%3D%26&&a=1&A=0&flag&x=y=z&sp=a+b");
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
        assert_eq!(pairs, [("A", "0"), ("a", "%2B%3D%26"), ("a", "1"), ("b", "2"), ("flag", ""), ("sp", "a%20b"), ("x", "y%3Dz")]);
    }

    #[test]
    fn header_values_lose_extra_spaces_only() {
        for (value, expected) in [("a", "a"), ("  a  ", "a"), ("a   b  c", "a b c"), ("a\t\tb", "a\t\tb"), (" ", ""), ("", "")] {
            assert_eq!(trim_spaces(value), expected, "{value:?}");
        }
    }

    #[test]
    fn requests_sign_like_aws_sigv4() {
        /// Method, URI, headers, body, session token.
        type Case = (&'static str, &'static str, &'static [(&'static str, &'static str)], &'static [u8], Option<&'static str>);
        let cases: &[Case] = &[
            (
                "GET",
                "https://connect.us-east-1.amazonaws.com/users/inst-1/user-1",
                &[("host", "connect.us-east-1.amazonaws.com"), ("amz-sdk-invocation-id", "4f0e")],
                b"",
                None,
            ),
            ("GET", "https://example.com/users/a%2Fb/?maxResults=10&nextToken=abc&a=", &[("host", "example.com"), ("user-agent", "x/1 y")], b"", Some("TOKEN")),
            (
                "POST",
                "https://example.com/",
                &[("host", "example.com"), ("content-type", "application/json"), ("x-b", "1"), ("x-a", "2"), ("x-b", "3")],
                b"{\"a\":1}",
                None,
            ),
            ("PUT", "https://example.com:8443/a.b/~c_d-e", &[("host", "example.com:8443"), ("content-length", "0"), ("x-t", "a\tb")], b"", Some("T")),
            ("DELETE", "https://example.com/x?b=2&a=1&a=0", &[("host", "example.com")], b"", None),
            // What the fast path used to leave to aws-sigv4.
            ("GET", "https://h/a/./b/../c//d/", &[("host", "h")], b"", None),
            ("GET", "https://h/%E2%9C%93%20sp%25ace/%3A%40%21/a+b@c:d$e!f", &[("host", "h")], b"", Some("T")),
            (
                "POST",
                "https://h/?a=b+c&c=%41&d&&e=%zz&f=x=y&g=%2F%2B",
                &[("host", "h"), ("x-meta", "  spaced   out  value "), ("x-empty", " ")],
                b"Action=X",
                None,
            ),
            // No `Host` header: the URI's host, its port unless the default.
            ("GET", "https://example.com/", &[], b"", None),
            ("GET", "https://example.com:443/", &[], b"", None),
            ("GET", "http://example.com:80/", &[], b"", None),
            ("GET", "http://example.com:443/", &[], b"", Some("T")),
            ("GET", "https://127.0.0.1:8080/x", &[], b"", None),
            // An earlier date and token are replaced, not signed.
            ("GET", "https://h/", &[("host", "h"), ("x-amz-date", "20000101T000000Z"), ("x-amz-security-token", "OLD")], b"", Some("NEW")),
            // Without temporary credentials a token header is just a header.
            ("GET", "https://h/", &[("host", "h"), ("x-amz-security-token", "MINE")], b"", None),
        ];
        for &(method, uri, headers, body, token) in cases {
            let creds = Credentials::new("AKID", "SECRET", token.map(str::to_owned), None, "t");
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_806_400);
            assert_signs_like_aws_sigv4(request(method, uri, headers, body), &creds, "us-east-1", "connect", time);
        }
    }

    #[test]
    fn a_request_without_any_host_is_refused_unchanged() {
        let creds = Credentials::new("AKID", "S", None, None, "t");
        let mut req = request("GET", "/relative", &[("x-a", "1")], b"");
        let err = sign(&mut req, &creds, "us-east-1", "svc", SystemTime::now(), &SigningKeys::default()).unwrap_err();
        assert!(err.contains("Host"), "{err}");
        assert_eq!(req.headers().len(), 1);
        let mut req = request("GET", "https://h/", &[], b"");
        let err = sign(&mut req, &creds, "us-east-1", "svc", SystemTime::UNIX_EPOCH - Duration::from_secs(1), &SigningKeys::default()).unwrap_err();
        assert!(err.contains("clock"), "{err}");
        assert!(req.headers().is_empty());
    }

    fn segment() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[a-zA-Z0-9._~-]{1,8}",
            2 => "%[0-9A-F]{2}",
            1 => "%(E2%9C%93|C3%A9|F0%9F%98%80)",
            1 => Just(".".to_owned()),
            1 => Just("..".to_owned()),
            1 => Just(String::new()),
            2 => "[a-z]{0,3}[+@:!$&'()*,;=]{1,2}[a-z]{0,3}",
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        let part = "([a-zA-Z0-9._~-]|%[0-9A-Fa-f]{2}|%E2%9C%93|%FF|[+*!'()/:@?$,;]|%|%z){0,5}";
        let pair = prop_oneof![
            6 => (part, part).prop_map(|(k, v)| format!("{k}={v}")),
            1 => "[a-z]{1,3}",
            1 => Just(String::new()),
            1 => (part, part, part).prop_map(|(k, v, w)| format!("{k}={v}={w}")),
        ];
        prop::collection::vec(pair, 0..5).prop_map(|p| p.join("&"))
    }

    fn header() -> impl Strategy<Value = (String, String)> {
        let name = prop_oneof![
            4 => "x-[a-z]{1,6}",
            1 => Just("user-agent".to_owned()),
            1 => Just("x-amzn-trace-id".to_owned()),
            1 => Just("transfer-encoding".to_owned()),
            1 => Just("content-type".to_owned()),
            1 => Just("a".to_owned()),
            1 => Just("x-amz-meta".to_owned()),
            1 => Just("x-amz-date".to_owned()),
            1 => Just("x-amz-security-token".to_owned()),
        ];
        let value = prop_oneof![4 => "[!-~]{0,10}", 2 => "[ a-z]{0,8}", 1 => "[a-z]{1,3}\t[ a-z]{1,3}"];
        (name, value)
    }

    fn authority() -> impl Strategy<Value = (String, bool)> {
        let scheme = prop_oneof![Just("https"), Just("http")];
        let port = prop_oneof![Just(""), Just(":443"), Just(":80"), Just(":8080")];
        (scheme, "[a-z]{1,5}(\\.[a-z]{1,5}){0,2}", port, any::<bool>()).prop_map(|(s, h, p, host_header)| (format!("{s}://{h}{p}"), host_header))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

        /// Every request signs as aws-sigv4 signs it: same headers, same
        /// sensitivity, with and without the cached key.
        #[test]
        fn signs_like_aws_sigv4(
            method in prop_oneof![Just("GET"), Just("POST"), Just("PUT"), Just("DELETE")],
            (base, host_header) in authority(),
            segments in prop::collection::vec(segment(), 0..5),
            trailing_slash in any::<bool>(),
            query in query(),
            headers in prop::collection::vec(header(), 0..5),
            body in prop_oneof![Just(Vec::new()), prop::collection::vec(any::<u8>(), 1..200)],
            token in prop::option::of("[A-Za-z0-9/+=]{1,40}"),
            secs in 0u64..4_102_444_800,
            region in prop_oneof![Just("us-east-1"), Just("eu-west-3"), Just("cn-north-1")],
            service in prop_oneof![Just("connect"), Just("execute-api"), Just("sts")],
        ) {
            let mut path = format!("/{}", segments.join("/"));
            if trailing_slash && path.len() > 1 {
                path.push('/');
            }
            let uri = if query.is_empty() { format!("{base}{path}") } else { format!("{base}{path}?{query}") };
            let uri = uri.parse::<http::Uri>();
            prop_assume!(uri.is_ok(), "not a URI the http crate takes");
            let mut req = Request::new(Bytes::from(body));
            *req.method_mut() = method.parse().unwrap();
            *req.uri_mut() = uri.unwrap();
            if host_header {
                let host = req.uri().authority().unwrap().as_str().to_owned();
                req.headers_mut().insert("host", HeaderValue::from_str(&host).unwrap());
            }
            for (name, value) in &headers {
                req.headers_mut().append(HeaderName::try_from(name.as_str()).unwrap(), HeaderValue::from_str(value).unwrap());
            }
            let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, None, "t");
            assert_signs_like_aws_sigv4(req, &creds, region, service, SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        }
    }
}
