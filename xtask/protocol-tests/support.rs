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
    if media_type.is_some_and(|m| m == "application/xml" || m.ends_with("+xml")) {
        return match (xml_tree(want.as_bytes()), xml_tree(got)) {
            (Ok(w), Ok(g)) if w == g => None,
            (Ok(w), Ok(g)) => Some(format!("XML body:\n  expected {w:?}\n  got      {g:?}")),
            (Err(e), _) => Some(format!("body: the test's XML does not parse: {e}")),
            (_, Err(e)) => Some(format!("body: not XML ({e}): {:?}", String::from_utf8_lossy(got))),
        };
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

/// An XML element as the protocol tests compare it: name, attributes (and
/// namespace declarations) in any order, child elements by name (members
/// may come in any order, items of one list keep theirs), the text of a
/// leaf with surrounding whitespace dropped. Parsed with quick-xml
/// directly, not with the runtime's reader under test.
#[derive(Debug, PartialEq)]
pub struct XmlNode {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<XmlNode>,
}

/// The text a reference (`amp`, `#10`, `#xA`) stands for.
fn reference(name: &str) -> Result<String, String> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
            };
            code.and_then(char::from_u32).ok_or_else(|| format!("unknown reference &{name};"))?
        }
    };
    Ok(c.to_string())
}

/// `raw` with its references replaced.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or("an unterminated reference")?;
        out.push_str(&reference(&rest[i + 1..i + end])?);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

pub fn xml_tree(doc: &[u8]) -> Result<XmlNode, String> {
    use quick_xml::events::Event;
    let doc = std::str::from_utf8(doc).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut stack: Vec<XmlNode> = Vec::new();
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<XmlNode, String> {
        let mut attributes = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key: &str = a.key.into_inner();
            let value = unescape(&a.value)?;
            attributes.push((key.to_string(), value));
        }
        attributes.sort();
        let name: &str = e.name().into_inner();
        Ok(XmlNode { name: name.to_string(), attributes, text: String::new(), children: Vec::new() })
    };
    let close = |mut node: XmlNode| {
        if node.children.is_empty() {
            node.text = node.text.trim().to_string();
        } else {
            node.text.clear();
        }
        // Members by name; map entries (`entry`, or flattened: repeats
        // with a key and a value) by content too, since the client's maps
        // are hash maps. Items of a list keep their order (a stable sort),
        // unless they too are pairs, which this cannot tell from entries.
        let entry = |n: &XmlNode| n.name == "entry" || n.children.len() == 2;
        node.children.sort_by_cached_key(|n| (n.name.clone(), if entry(n) { format!("{n:?}") } else { String::new() }));
        node
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let node = close(open(&e)?);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::End(_) => {
                let node = close(stack.pop().ok_or("an end tag without a start")?);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Text(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(node) = stack.last_mut() {
                    let name: &str = r.as_ref();
                    node.text.push_str(&reference(name)?);
                }
            }
            Event::CData(t) => {
                if let Some(node) = stack.last_mut() {
                    let text: &str = t.as_ref();
                    node.text.push_str(text);
                }
            }
            Event::Eof => return Err("the document ends before its root element does".into()),
            _ => {}
        }
    }
}
