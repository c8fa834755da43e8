//! Turning a serialized request (path + query) into what goes on the wire:
//! endpoint, standard headers, SigV4 signature.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, HOST, HeaderName, HeaderValue, USER_AGENT};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Request, Uri};

use super::ServiceInfo;
use super::sigv4::SigningKeys;

/// Where requests of one operation call go.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    scheme: Scheme,
    authority: Authority,
    /// Path prefix of an `endpoint_url`, without a trailing `/` ("" if none).
    base_path: String,
    /// The `Host` header: the authority without a default port, made once
    /// per endpoint rather than per call.
    host: HeaderValue,
}

impl Endpoint {
    /// `endpoint_url` if set, else `https://{endpoint_prefix}.{region}.amazonaws.com`
    /// (`.amazonaws.com.cn` in the China regions): the endpoint of a service
    /// whose model has no endpoint rule set.
    pub(crate) fn resolve(endpoint_url: Option<&str>, service: &ServiceInfo, region: &str) -> Result<Self, String> {
        let url = match endpoint_url {
            Some(u) => u.trim().to_owned(),
            None => {
                let valid = !region.is_empty()
                    && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !region.starts_with('-');
                if !valid {
                    return Err(format!("invalid region `{region}`: expected something like `us-east-1`"));
                }
                let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
                format!("https://{}.{region}.{suffix}", service.endpoint_prefix)
            }
        };
        Self::parse(&url)
    }

    /// An `http` or `https` URL without a query; a path in it is kept as a prefix.
    pub(crate) fn parse(url: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("invalid endpoint URL `{url}`: {why}");
        let uri: Uri = url.parse().map_err(|e| bad(&format!("{e}")))?;
        let scheme = uri.scheme().cloned().ok_or_else(|| bad("expected a scheme, e.g. `https://`"))?;
        if scheme != Scheme::HTTP && scheme != Scheme::HTTPS {
            return Err(bad("the scheme must be http or https"));
        }
        let authority = uri.authority().cloned().ok_or_else(|| bad("expected a host"))?;
        if authority.as_str().contains('@') {
            // The message must not repeat a password: only the host is quoted.
            let safe = format!("{scheme}://{}", authority.as_str().rsplit('@').next().unwrap_or(""));
            return Err(format!(
                "invalid endpoint URL `{safe}` (user info left out): user info (`user:password@`) is not allowed; requests are signed with \
                 SigV4, and a password in a URL would end up in logs"
            ));
        }
        if uri.query().is_some() {
            return Err(bad("a query string is not allowed"));
        }
        let base_path = uri.path().trim_end_matches('/').to_owned();
        let host = host_header(&scheme, &authority)?;
        Ok(Self { scheme, authority, base_path, host })
    }

    /// The absolute URI for a serialized request's path and query.
    pub(crate) fn join(&self, path_and_query: Option<&PathAndQuery>) -> Result<Uri, String> {
        if let Some(pq) = path_and_query.filter(|pq| self.base_path.is_empty() && pq.as_str().starts_with('/')) {
            // The usual case: the serialized path and query as they are, not printed and parsed again.
            let mut parts = http::uri::Parts::default();
            parts.scheme = Some(self.scheme.clone());
            parts.authority = Some(self.authority.clone());
            parts.path_and_query = Some(pq.clone());
            return Uri::from_parts(parts).map_err(|e| format!("cannot build a URI from `{pq}`: {e}"));
        }
        let pq = path_and_query.map(PathAndQuery::as_str).unwrap_or("/");
        let pq = if pq.starts_with('/') { pq.to_owned() } else { format!("/{pq}") };
        let full = format!("{}{}", self.base_path, pq);
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(full.as_str())
            .build()
            .map_err(|e| format!("cannot build a URI from `{full}`: {e}"))
    }

    /// This endpoint with `prefix` in front of its host.
    fn with_host_prefix(&self, prefix: &str) -> Result<Self, String> {
        let authority: Authority = format!("{prefix}{}", self.authority.as_str())
            .parse()
            .map_err(|e| format!("invalid host prefix `{prefix}`: {e}"))?;
        let host = host_header(&self.scheme, &authority)?;
        Ok(Self { scheme: self.scheme.clone(), authority, base_path: self.base_path.clone(), host })
    }

    /// The `Host` header value: the authority without a default port.
    fn host(&self) -> &HeaderValue {
        &self.host
    }
}

fn host_header(scheme: &Scheme, authority: &Authority) -> Result<HeaderValue, String> {
    let default_port = if *scheme == Scheme::HTTPS { 443 } else { 80 };
    let host = match authority.port_u16() {
        Some(p) if p == default_port => authority.host(),
        _ => authority.as_str(),
    };
    HeaderValue::from_str(host).map_err(|e| format!("invalid header value `{host}`: {e}"))
}

/// The `User-Agent` header of `service`'s requests, made once per client.
pub(crate) fn user_agent_header(service: &ServiceInfo) -> Result<HeaderValue, String> {
    let ua = user_agent(service);
    HeaderValue::from_str(&ua).map_err(|e| format!("invalid header value `{ua}`: {e}"))
}

/// A `User-Agent` like `connect-client/0.1.0 api/Connect#2017-08-08 client-runtime/0.1.0 os/linux lang/rust`.
pub(crate) fn user_agent(service: &ServiceInfo) -> String {
    let api = service.sdk_id.replace(' ', "-");
    format!(
        "{}/{} api/{api}#{} client-runtime/{} os/{} lang/rust",
        service.crate_name,
        service.crate_version,
        service.api_version,
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
    )
}

/// A random (version 4) UUID, like the official SDK's invocation ids, as a
/// header value. Written digit by digit: `format!` per byte cost more than
/// the rest of request building.
pub(crate) fn invocation_id() -> HeaderValue {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = [0u8; 16];
    fastrand::fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = [0u8; 36];
    let mut at = 0;
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out[at] = b'-';
            at += 1;
        }
        out[at] = HEX[usize::from(byte >> 4)];
        out[at + 1] = HEX[usize::from(byte & 0x0f)];
        at += 2;
    }
    HeaderValue::from_bytes(&out).expect("hex digits and dashes are a valid header value")
}

/// The `amz-sdk-request` header: `attempt=1; max=3`.
pub(crate) fn attempt_header(attempt: u32, max: u32) -> HeaderValue {
    let (mut a, mut m) = (itoa::Buffer::new(), itoa::Buffer::new());
    let value = ["attempt=", a.format(attempt), "; max=", m.format(max)].concat();
    HeaderValue::try_from(value).expect("digits and ASCII punctuation are a valid header value")
}

/// Points `req` at `endpoint` and adds the headers that are the same for
/// every attempt. The signature is added per attempt by [`sign_request`].
/// `user_agent` is the client's [`user_agent_header`].
pub(crate) fn prepare(
    mut req: Request<Bytes>,
    endpoint: &Endpoint,
    user_agent: &HeaderValue,
    invocation_id: HeaderValue,
) -> Result<Request<Bytes>, String> {
    // An `@endpoint(hostPrefix)` operation's serializer says what goes in
    // front of the host (`foo.` + `example.com`).
    let prefixed;
    let endpoint = match req.extensions().get::<crate::protocol::message::HostPrefix>() {
        Some(prefix) => {
            prefixed = endpoint.with_host_prefix(&prefix.0)?;
            &prefixed
        }
        None => endpoint,
    };
    *req.uri_mut() = endpoint.join(req.uri().path_and_query())?;
    req.headers_mut().insert(HOST, endpoint.host().clone());
    // An empty POST, PUT or PATCH says so: some servers and proxies answer
    // 411 Length Required to one without a length, and hyper sends none.
    let empty_with_body = matches!(*req.method(), http::Method::POST | http::Method::PUT | http::Method::PATCH);
    if !req.body().is_empty() || empty_with_body {
        let len = HeaderValue::from(req.body().len());
        req.headers_mut().insert(CONTENT_LENGTH, len);
    }
    let headers = req.headers_mut();
    headers.insert(USER_AGENT, user_agent.clone());
    headers.insert(INVOCATION_ID, invocation_id);
    Ok(req)
}

const INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-amz-security-token");

/// Signs `req` in place with SigV4 ([`super::sigv4`], with the client's
/// cached signing key `keys`): adds `x-amz-date`, `Authorization` and, with
/// temporary credentials, `x-amz-security-token`.
///
/// Settings are the SigV4 defaults every restJson1 service but S3 expects:
/// the path is double-encoded and normalized, the payload hash is the body's
/// SHA-256 and is not sent as `x-amz-content-sha256`, and the session token
/// is part of the signature.
pub(crate) fn sign_request(
    req: &mut Request<Bytes>,
    creds: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
    keys: &SigningKeys,
) -> Result<(), String> {
    // A control character would make an invalid header or a signature no
    // service accepts; refuse it here, naming the setting.
    check_setting("the access key id", creds.access_key_id()).map_err(|e| format!("invalid credentials: {e}"))?;
    check_setting("the secret access key", creds.secret_access_key())
        .map_err(|e| format!("invalid credentials: {e}"))?;
    if let Some(token) = creds.session_token() {
        check_setting("the session token", token).map_err(|e| format!("invalid credentials: {e}"))?;
    }
    check_setting("the signing region", region)?;
    check_setting("the signing name", signing_name)?;
    // A previous attempt's signature must not be signed over.
    for h in [AUTHORIZATION, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN] {
        req.headers_mut().remove(h);
    }
    super::sigv4::sign(req, creds, region, signing_name, time, keys)
}

/// The SHA-256 of nothing, in lowercase hex: the payload hash of a request without a body.
pub(crate) const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Refuses a setting that goes into a header or the signature when it holds
/// a control character, typically the `\r` of a file with Windows (CRLF)
/// line endings. The message names `setting` and the character, never the
/// value, which may be a secret.
pub(crate) fn check_setting(setting: &str, value: &str) -> Result<(), String> {
    match value.char_indices().find(|(_, c)| c.is_control()) {
        None => Ok(()),
        Some((at, c)) => {
            let name = match c {
                '\r' => " (carriage return: a file with Windows line endings?)",
                '\n' => " (line feed)",
                '\t' => " (tab)",
                _ => "",
            };
            Err(format!("{setting} contains the control character U+{:04X}{name} at byte {at}; remove it", c as u32))
        }
    }
}

/// `http::Request` is not `Clone`; ours have `Bytes` bodies, which are cheap to clone.
pub(crate) fn clone_request(req: &Request<Bytes>) -> Request<Bytes> {
    let mut out = Request::new(req.body().clone());
    *out.method_mut() = req.method().clone();
    *out.uri_mut() = req.uri().clone();
    *out.version_mut() = req.version();
    *out.headers_mut() = req.headers().clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static SVC: ServiceInfo = ServiceInfo {
        endpoint_prefix: "connect",
        signing_name: "connect",
        sdk_id: "Connect",
        api_version: "2017-08-08",
        crate_name: "connect-client",
        crate_version: "0.1.0",
        endpoint_rules: None,
    };

    #[test]
    fn default_endpoint_and_china() {
        let e = Endpoint::resolve(None, &SVC, "us-west-2").unwrap();
        let pq: PathAndQuery = "/users/a%2Fb?x=1".parse().unwrap();
        assert_eq!(e.join(Some(&pq)).unwrap().to_string(), "https://connect.us-west-2.amazonaws.com/users/a%2Fb?x=1");
        let e = Endpoint::resolve(None, &SVC, "cn-north-1").unwrap();
        assert_eq!(e.host(), "connect.cn-north-1.amazonaws.com.cn");
        assert!(Endpoint::resolve(None, &SVC, "us-east-1/evil").unwrap_err().contains("invalid region"));
        assert!(Endpoint::resolve(None, &SVC, "").is_err());
    }

    #[test]
    fn endpoint_url_keeps_its_path() {
        let e = Endpoint::resolve(Some("http://127.0.0.1:8080/prefix/"), &SVC, "x").unwrap();
        let pq: PathAndQuery = "/users/u?next=2".parse().unwrap();
        assert_eq!(e.join(Some(&pq)).unwrap().to_string(), "http://127.0.0.1:8080/prefix/users/u?next=2");
        assert_eq!(e.host(), "127.0.0.1:8080");
        let e = Endpoint::resolve(Some("https://example.com:443"), &SVC, "x").unwrap();
        assert_eq!(e.host(), "example.com");
        assert_eq!(e.join(None).unwrap().to_string(), "https://example.com:443/");
        assert!(Endpoint::resolve(Some("example.com"), &SVC, "x").is_err());
        assert!(Endpoint::resolve(Some("ftp://example.com"), &SVC, "x").is_err());
        assert!(Endpoint::resolve(Some("https://example.com/?a=b"), &SVC, "x").is_err());
    }

    #[test]
    fn joining_a_serialized_path_keeps_it_as_parsed() {
        let e = Endpoint::parse("https://example.com:8443").unwrap();
        for pq in ["/", "/users/a%2Fb", "/users/u?next=2&max=10", "/a/b%20c/?x=%2F&y", "/?"] {
            let pq: PathAndQuery = pq.parse().unwrap();
            let joined = e.join(Some(&pq)).unwrap();
            let parsed: Uri = format!("https://example.com:8443{pq}").parse().unwrap();
            assert_eq!(joined, parsed);
            assert_eq!(joined.to_string(), parsed.to_string());
            assert_eq!(joined.path_and_query(), parsed.path_and_query());
        }
    }

    #[test]
    fn endpoint_url_with_user_info_is_refused_without_echoing_the_password() {
        let err = Endpoint::parse("https://admin:hunter2@example.com:8443/api").unwrap_err();
        assert!(err.contains("user info"), "{err}");
        assert!(err.contains("https://example.com:8443"), "{err}");
        assert!(!err.contains("hunter2") && !err.contains("admin"), "{err}");
        assert!(Endpoint::parse("https://token@example.com").is_err());
        assert!(Endpoint::parse("https://example.com/users/a@b").is_ok(), "an @ in the path is not user info");
    }

    #[test]
    fn empty_bodies_of_post_put_and_patch_have_a_content_length_of_zero() {
        let e = Endpoint::parse("http://127.0.0.1:1").unwrap();
        for (method, expected) in [("POST", Some("0")), ("PUT", Some("0")), ("PATCH", Some("0")), ("GET", None), ("DELETE", None)] {
            let req = Request::builder().method(method).uri("/x").body(Bytes::new()).unwrap();
            let req = prepare(req, &e, &user_agent_header(&SVC).unwrap(), HeaderValue::from_static("id")).unwrap();
            assert_eq!(req.headers().get(CONTENT_LENGTH).map(|v| v.to_str().unwrap()), expected, "{method}");
        }
    }

    #[test]
    fn control_characters_in_settings_are_refused_without_echoing_the_value() {
        assert!(check_setting("the region", "us-east-1").is_ok());
        assert!(check_setting("the region", "").is_ok());
        let err = check_setting("the access key id", "AKIDSECRETISH\r").unwrap_err();
        assert_eq!(
            err,
            "the access key id contains the control character U+000D \
             (carriage return: a file with Windows line endings?) at byte 13; remove it"
        );
        assert!(!err.contains("AKIDSECRETISH"));
        assert!(check_setting("x", "a\nb").unwrap_err().contains("U+000A (line feed) at byte 1"));
        assert!(check_setting("x", "a\u{7f}").unwrap_err().contains("U+007F at byte 1"));
        assert!(check_setting("x", "\u{85}").unwrap_err().contains("U+0085"));
    }

    #[test]
    fn signing_refuses_control_characters_instead_of_panicking() {
        let req = || {
            let mut r = Request::new(Bytes::new());
            *r.uri_mut() = "https://example.com/".parse().unwrap();
            r
        };
        let cases = [
            (Credentials::new("AK\rID", "S", None, None, "t"), "us-east-1", "the access key id"),
            (Credentials::new("AKID", "S\n", None, None, "t"), "us-east-1", "the secret access key"),
            (Credentials::new("AKID", "S", Some("T\r\n".into()), None, "t"), "us-east-1", "the session token"),
            (Credentials::new("AKID", "S", None, None, "t"), "us-east-1\r", "the signing region"),
        ];
        for (creds, region, setting) in cases {
            let err = sign_request(&mut req(), &creds, region, "svc", SystemTime::now(), &SigningKeys::default()).unwrap_err();
            assert!(err.contains(setting), "{err}");
        }
        let ok = Credentials::new("AKID", "S", Some("T".into()), None, "t");
        let mut r = req();
        sign_request(&mut r, &ok, "us-east-1", "svc", SystemTime::now(), &SigningKeys::default()).unwrap();
        assert!(r.headers().contains_key("authorization"));
    }

    #[test]
    fn the_empty_payload_hash_is_the_sha256_of_nothing() {
        use sha2::{Digest, Sha256};
        let hex: String = Sha256::digest(b"").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(EMPTY_SHA256, hex);
    }

    #[test]
    fn invocation_ids_look_like_uuid_v4() {
        let id = invocation_id();
        let id = id.to_str().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        let dashes: Vec<usize> = id.match_indices('-').map(|(i, _)| i).collect();
        assert_eq!(dashes, [8, 13, 18, 23]);
        assert!(id.bytes().all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c)), "{id}");
        assert_ne!(id, invocation_id());
    }

    #[test]
    fn attempt_header_counts_attempts() {
        assert_eq!(attempt_header(1, 3), "attempt=1; max=3");
        assert_eq!(attempt_header(12, 100), "attempt=12; max=100");
    }

    #[test]
    fn user_agent_names_crate_and_api() {
        let ua = user_agent(&SVC);
        assert!(ua.starts_with("connect-client/0.1.0 api/Connect#2017-08-08 client-runtime/"), "{ua}");
    }
}
