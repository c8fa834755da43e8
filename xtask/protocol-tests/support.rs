//! Checks shared by the generated conformance tests (written into the test
//! crate as `tests/support/mod.rs` by `cargo xtask protocol-tests`).
#![allow(dead_code)]

use client_runtime::client::stub::StubHttpClient;
use client_runtime::reexports::bytes::Bytes;
use client_runtime::reexports::http;
use serde_json::Value;

/// The idempotency token the Smithy protocol tests expect.
pub const TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A client that answers from `stub`, sends to `https://{host}`, and fills
/// idempotency tokens with [`TEST_TOKEN`].
pub fn client(stub: &StubHttpClient, host: &str) -> sut::Client {
    let config = sut::Config::builder()
        .test_defaults()
        .http_client(stub.clone())
        .endpoint_url(format!("https://{host}"))
        .idempotency_token_provider(|| TEST_TOKEN.to_string())
        .build();
    sut::Client::from_conf(config)
}

/// What an `httpRequestTests` case expects; only what it lists is checked.
#[derive(Default)]
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub resolved_host: Option<&'a str>,
    pub query_params: &'a [&'a str],
    pub forbid_query_params: &'a [&'a str],
    pub require_query_params: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub body_media_type: Option<&'a str>,
}

/// Checks `req` against `e` and panics listing every mismatch.
pub fn check_request(req: &http::Request<Bytes>, e: &ExpectedRequest<'_>) {
    let mut problems = Vec::new();
    if req.method().as_str() != e.method {
        problems.push(format!("method: expected {}, got {}", e.method, req.method()));
    }
    if req.uri().path() != e.uri {
        problems.push(format!("path: expected {:?}, got {:?}", e.uri, req.uri().path()));
    }
    if let Some(host) = e.resolved_host {
        if req.uri().host() != Some(host) {
            problems.push(format!("host: expected {host:?}, got {:?}", req.uri().host()));
        }
    }
    let query: Vec<&str> = req.uri().query().map(|q| q.split('&').filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let key_of = |p: &str| p.split('=').next().unwrap_or("").to_string();
    for want in e.query_params {
        if !query.contains(want) {
            problems.push(format!("query: expected {want:?} in {query:?}"));
        }
    }
    for key in e.forbid_query_params {
        if query.iter().any(|p| key_of(p) == *key) {
            problems.push(format!("query: {key:?} is forbidden but present in {query:?}"));
        }
    }
    for key in e.require_query_params {
        if !query.iter().any(|p| key_of(p) == *key) {
            problems.push(format!("query: {key:?} is required but missing from {query:?}"));
        }
    }
    for (name, want) in e.headers {
        let got: Vec<&str> = req.headers().get_all(*name).iter().map(|v| v.to_str().unwrap_or("<not utf-8>")).collect();
        if got.is_empty() {
            problems.push(format!("header {name}: expected {want:?}, missing"));
        } else if got.join(", ") != *want {
            problems.push(format!("header {name}: expected {want:?}, got {:?}", got.join(", ")));
        }
    }
    for name in e.forbid_headers {
        if let Some(v) = req.headers().get(*name) {
            problems.push(format!("header {name} is forbidden but present: {v:?}"));
        }
    }
    for name in e.require_headers {
        if !req.headers().contains_key(*name) {
            problems.push(format!("header {name} is required but missing"));
        }
    }
    if let Some(want) = e.body {
        if let Some(p) = body_problem(req.body(), want, e.body_media_type) {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        let body = String::from_utf8_lossy(req.body());
        let body: String = body.chars().take(300).collect();
        panic!("request does not match:\n  {}\nrequest: {} {}\nheaders: {:#?}\nbody: {body:?}", problems.join("\n  "), req.method(), req.uri(), req.headers());
    }
}

fn body_problem(got: &[u8], want: &str, media_type: Option<&str>) -> Option<String> {
    if want.is_empty() {
        return (!got.is_empty()).then(|| format!("body: expected empty, got {:?}", String::from_utf8_lossy(got)));
    }
    if media_type == Some("application/x-www-form-urlencoded") {
        // Form pairs compare as a multiset: their order carries no meaning.
        let pairs = |b: &[u8]| {
            let mut p: Vec<String> = String::from_utf8_lossy(b).split('&').filter(|p| !p.is_empty()).map(|p| p.trim().to_string()).collect();
            p.sort();
            p
        };
        let (w, g) = (pairs(want.as_bytes()), pairs(got));
        return (w != g).then(|| format!("form body: expected pairs {w:?}, got {g:?}"));
    }
    let json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if !json {
        return (got != want.as_bytes()).then(|| format!("body: expected {} bytes, got {} that differ", want.len(), got.len()));
    }
    let want_v: Value = match serde_json::from_str(want) {
        Ok(v) => v,
        Err(e) => return Some(format!("body: the test's JSON does not parse: {e}")),
    };
    let got_v: Value = match serde_json::from_slice(got) {
        Ok(v) => v,
        Err(e) => return Some(format!("body: not JSON ({e}): {:?}", String::from_utf8_lossy(got))),
    };
    (!json_eq(&want_v, &got_v)).then(|| format!("body: expected JSON {want_v}, got {got_v}"))
}

/// JSON equality where numbers compare by value (`1` == `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The one request the stub received, or a panic that says why there is none.
pub fn sent_request<T: std::fmt::Debug>(stub: &StubHttpClient, result: &T) -> http::Request<Bytes> {
    let mut sent = stub.requests();
    match sent.len() {
        1 => sent.remove(0),
        0 => panic!("no request was sent; the call returned {result:#?}"),
        n => panic!("{n} requests were sent, expected 1"),
    }
}
