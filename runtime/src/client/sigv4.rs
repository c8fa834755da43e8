//! SigV4 for the requests most calls send, with the signing key cached per
//! client (docs/performance.md has the numbers: aws-sigv4 derives the key on
//! every call and cannot be given one).
//!
//! Only requests whose canonical form needs no normalization are signed
//! here: a path of unreserved characters, `/` and `%` without `.`/`..`
//! segments or `//`, a query of `key=value` pairs of unreserved characters,
//! header values without leading, trailing or repeated spaces, a `Host`
//! header. Anything else returns `false` and is signed by aws-sigv4, as every
//! request was before; the settings are the ones `sign_request` gives it
//! (headers, double-encoded path, no `x-amz-content-sha256`, session token
//! signed). A property test checks both give the same headers.

use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderName, HeaderValue, Request};
use sha2::{Digest, Sha256};

/// Headers aws-sigv4 leaves out of the signature by default: proxies and
/// the signing itself change them.
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

/// A path aws-sigv4 would neither normalize nor encode beyond `%` -> `%25`.
fn plain_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && path.bytes().all(|b| unreserved(b) || b == b'/' || b == b'%')
        && !path.split('/').any(|s| s == "." || s == "..")
}

/// The `key=value` pairs of a query aws-sigv4 would only sort, sorted as it
/// sorts them; `None` if it would decode or encode anything.
fn plain_query(query: &str) -> Option<Vec<(&str, &str)>> {
    let mut pairs = Vec::new();
    if query.is_empty() {
        return Some(pairs);
    }
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=')?;
        if k.is_empty() || !k.bytes().all(unreserved) || !v.bytes().all(unreserved) {
            return None;
        }
        pairs.push((k, v));
    }
    pairs.sort_unstable();
    Some(pairs)
}

/// Signs `req` as aws-sigv4 would with `sign_request`'s settings, if it is
/// plain enough (see the module's documentation); returns whether it did.
/// The request is unchanged when it returns `false`. The caller has checked
/// the settings and removed any earlier signature.
pub(crate) fn try_sign(req: &mut Request<Bytes>, creds: &Credentials, region: &str, service: &str, time: SystemTime, keys: &SigningKeys) -> bool {
    let Some((date, date_time)) = utc(time) else { return false };
    let date_time = std::str::from_utf8(&date_time).expect("ASCII");
    let date_str = std::str::from_utf8(&date).expect("ASCII");
    let path = req.uri().path();
    if !plain_path(path) {
        return false;
    }
    let Some(query) = plain_query(req.uri().query().unwrap_or("")) else { return false };

    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(req.headers().len() + 2);
    let mut has_host = false;
    for (name, value) in req.headers() {
        let name = name.as_str();
        if UNSIGNED.contains(&name) {
            continue;
        }
        let Ok(value) = value.to_str() else { return false };
        if value.starts_with(' ') || value.ends_with(' ') || value.contains("  ") {
            return false;
        }
        has_host |= name == "host";
        headers.push((name, value));
    }
    if !has_host {
        return false;
    }
    headers.push(("x-amz-date", date_time));
    let token = creds.session_token();
    if let Some(token) = token {
        headers.push(("x-amz-security-token", token));
    }
    // Stable: the values of one name stay in the order they were added.
    headers.sort_by(|a, b| a.0.cmp(b.0));

    let mut creq = String::with_capacity(512);
    creq.push_str(req.method().as_str());
    creq.push('\n');
    for c in path.chars() {
        match c {
            '%' => creq.push_str("%25"),
            c => creq.push(c),
        }
    }
    creq.push('\n');
    for (i, (k, v)) in query.iter().enumerate() {
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

    // Every value is made before the request changes, so a refusal leaves it as it was.
    let Ok(authorization) = HeaderValue::try_from(authorization) else { return false };
    let date_value = HeaderValue::from_str(date_time).expect("digits, T and Z are a valid header value");
    let token = match token.map(HeaderValue::from_str) {
        None => None,
        Some(Ok(mut v)) => {
            v.set_sensitive(true);
            Some(v)
        }
        Some(Err(_)) => return false,
    };
    let h = req.headers_mut();
    h.insert(HeaderName::from_static("x-amz-date"), date_value);
    h.insert(http::header::AUTHORIZATION, authorization);
    if let Some(token) = token {
        h.insert(HeaderName::from_static("x-amz-security-token"), token);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

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
    fn requests_that_need_normalizing_are_left_to_aws_sigv4() {
        let creds = Credentials::new("AKID", "S", None, None, "t");
        let keys = SigningKeys::default();
        for uri in ["https://h/a/./b", "https://h/a//b", "https://h/a/../b", "https://h/a+b", "https://h/?a", "https://h/?a=%41", "https://h/?a=b+c", "https://h/?&"] {
            let mut req = Request::new(Bytes::new());
            *req.uri_mut() = uri.parse().unwrap();
            req.headers_mut().insert("host", HeaderValue::from_static("h"));
            assert!(!try_sign(&mut req, &creds, "us-east-1", "svc", SystemTime::now(), &keys), "{uri}");
            assert_eq!(req.headers().len(), 1, "{uri}: unchanged");
        }
        let mut req = Request::new(Bytes::new());
        *req.uri_mut() = "https://h/".parse().unwrap();
        req.headers_mut().insert("x-a", HeaderValue::from_static("two  spaces"));
        req.headers_mut().insert("host", HeaderValue::from_static("h"));
        assert!(!try_sign(&mut req, &creds, "us-east-1", "svc", SystemTime::now(), &keys));
    }

    #[test]
    fn plain_requests_take_the_fast_path_and_sign_like_aws_sigv4() {
        /// Method, URI, headers besides `Host`, body, session token.
        type Case = (&'static str, &'static str, &'static [(&'static str, &'static str)], &'static [u8], Option<&'static str>);
        let cases: [Case; 5] = [
            ("GET", "https://connect.us-east-1.amazonaws.com/users/inst-1/user-1", &[("amz-sdk-invocation-id", "4f0e")], b"", None),
            ("GET", "https://example.com/users/a%2Fb/?maxResults=10&nextToken=abc&a=", &[("user-agent", "x/1 y")], b"", Some("TOKEN")),
            ("POST", "https://example.com/", &[("content-type", "application/json"), ("x-b", "1"), ("x-a", "2"), ("x-b", "3")], b"{\"a\":1}", None),
            ("PUT", "https://example.com:8443/a.b/~c_d-e", &[("content-length", "0"), ("x-t", "a\tb")], b"", Some("T")),
            ("DELETE", "https://example.com/x?b=2&a=1&a=0", &[], b"", None),
        ];
        let keys = SigningKeys::default();
        for (method, uri, headers, body, token) in cases {
            let mut req = Request::new(Bytes::from_static(body));
            *req.method_mut() = method.parse().unwrap();
            *req.uri_mut() = uri.parse().unwrap();
            let host = req.uri().authority().unwrap().as_str().trim_end_matches(":443").to_owned();
            req.headers_mut().insert("host", HeaderValue::from_str(&host).unwrap());
            for (n, v) in headers {
                req.headers_mut().append(HeaderName::try_from(*n).unwrap(), HeaderValue::from_static(v));
            }
            let creds = Credentials::new("AKID", "SECRET", token.map(str::to_owned), None, "t");
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_806_400);
            let mut fast = super::super::request::clone_request(&req);
            assert!(try_sign(&mut fast, &creds, "us-east-1", "connect", time, &keys), "{uri}");
            let mut reference = req;
            super::super::request::sign_with_aws_sigv4(&mut reference, &creds, "us-east-1", "connect", time).unwrap();
            assert_eq!(fast.headers(), reference.headers(), "{uri}");
            assert_eq!(fast.headers()["authorization"].is_sensitive(), reference.headers()["authorization"].is_sensitive());
            if token.is_some() {
                assert!(fast.headers()["x-amz-security-token"].is_sensitive());
            }
        }
    }

    fn segment() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[a-zA-Z0-9._~-]{1,8}",
            1 => "%[0-9A-F]{2}",
            1 => Just(".".to_owned()),
            1 => Just("..".to_owned()),
            1 => Just(String::new()),
            1 => "[a-z]{1,3}[+@:!$]",
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        let pair = prop_oneof![
            8 => ("[a-zA-Z0-9._~-]{1,6}", "[a-zA-Z0-9._~-]{0,6}").prop_map(|(k, v)| format!("{k}={v}")),
            1 => "[a-z]{1,3}",
            1 => ("[a-z]{1,3}", "%[0-9A-F]{2}|[a-z+]{1,4}").prop_map(|(k, v)| format!("{k}={v}")),
        ];
        prop::collection::vec(pair, 0..4).prop_map(|p| p.join("&"))
    }

    fn header() -> impl Strategy<Value = (String, String)> {
        let name = prop_oneof![
            4 => "x-[a-z]{1,6}",
            1 => Just("user-agent".to_owned()),
            1 => Just("x-amzn-trace-id".to_owned()),
            1 => Just("content-type".to_owned()),
            1 => Just("a".to_owned()),
            1 => Just("x-amz-meta".to_owned()),
        ];
        let value = prop_oneof![4 => "[!-~]{0,10}", 1 => "[ a-z]{0,6}", 1 => "[a-z]{1,3}\t[a-z]{1,3}"];
        (name, value)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Wherever the fast path signs, it writes what aws-sigv4 writes
        /// (about 40% of these cases are plain enough for it).
        #[test]
        fn signs_like_aws_sigv4(
            method in prop_oneof![Just("GET"), Just("POST"), Just("PUT"), Just("DELETE")],
            segments in prop::collection::vec(segment(), 0..5),
            trailing_slash in any::<bool>(),
            query in query(),
            headers in prop::collection::vec(header(), 0..5),
            body in prop_oneof![Just(Vec::new()), prop::collection::vec(any::<u8>(), 1..200)],
            token in prop::option::of("[A-Za-z0-9/+=]{1,40}"),
            secs in 0u64..4_102_444_800,
            region in prop_oneof![Just("us-east-1"), Just("eu-west-3"), Just("cn-north-1")],
            service in prop_oneof![Just("connect"), Just("execute-api")],
        ) {
            let mut path = format!("/{}", segments.join("/"));
            if trailing_slash && path.len() > 1 {
                path.push('/');
            }
            let uri = if query.is_empty() { format!("https://example.com{path}") } else { format!("https://example.com{path}?{query}") };
            let Ok(uri) = uri.parse::<http::Uri>() else { return Ok(()) };
            let mut req = Request::new(Bytes::from(body));
            *req.method_mut() = method.parse().unwrap();
            *req.uri_mut() = uri;
            req.headers_mut().insert("host", HeaderValue::from_static("example.com"));
            for (name, value) in &headers {
                req.headers_mut().append(HeaderName::try_from(name.as_str()).unwrap(), HeaderValue::from_str(value).unwrap());
            }
            let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, None, "t");
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);

            let keys = SigningKeys::default();
            // Twice: the second signature uses the cached key.
            let mut fast = super::super::request::clone_request(&req);
            for _ in 0..2 {
                fast = super::super::request::clone_request(&req);
                if !try_sign(&mut fast, &creds, region, service, time, &keys) {
                    return Ok(());
                }
            }
            let mut reference = req;
            super::super::request::sign_with_aws_sigv4(&mut reference, &creds, region, service, time).unwrap();
            for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
                prop_assert_eq!(fast.headers().get(name), reference.headers().get(name), "{}", name);
            }
            prop_assert_eq!(fast.headers().len(), reference.headers().len());
        }
    }
}
