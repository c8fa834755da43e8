// The hand-written part of `tests/wire_botocore.rs` (appended after the
// generated case by `cargo xtask check-models`): one operation sent by the
// generated client over real HTTP to a server on 127.0.0.1, and the request
// the server saw compared with what botocore sends for the same parameters
// (`runtime/tests/botocore/request_check.py`).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server read it off the socket.
#[derive(Debug)]
struct Seen {
    method: String,
    path: String,
    query: String,
    /// Lower-cased names.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Headers that differ per run or per SDK by design: signing, user agent,
/// SDK bookkeeping, and the framing the transport chooses.
const NOT_COMPARED: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "user-agent",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "host",
    "content-length",
];

/// Accepts one connection, reads one request and answers `200` with `body`.
async fn serve_one(listener: TcpListener, content_type: &'static str, reply_body: &'static str) -> Seen {
    let (mut socket, _) = listener.accept().await.expect("accept");
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the client closed the connection before a whole request head: {:?}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).expect("an ASCII request head");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_string();
    let target = request_line.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().expect("a content-length"));
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the body is shorter than its content-length");
        body.extend_from_slice(&chunk[..n]);
    }
    let reply = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nx-amzn-requestid: wire-1\r\nconnection: close\r\n\r\n{reply_body}", reply_body.len());
    socket.write_all(reply.as_bytes()).await.expect("write");
    let (path, query) = target.split_once('?').map_or((target.clone(), String::new()), |(p, q)| (p.to_string(), q.to_string()));
    Seen { method, path, query, headers, body }
}

/// What botocore sends for `case` (`{"service", "operation", "params"}`).
fn botocore(python: &std::path::Path, case: &Value) -> Value {
    let script = format!("{}/tests/botocore/request_check.py", RUNTIME_DIR);
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {script} with {}: {e}", python.display()));
    child.stdin.take().expect("stdin").write_all(case.to_string().as_bytes()).expect("write the case");
    let out = child.wait_with_output().expect("request_check.py ran");
    assert!(out.status.success(), "request_check.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("request_check.py prints JSON")
}

/// A form pair with `+` and `%XX` decoded.
fn form_decode(pair: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = pair.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media type without parameters: botocore adds `; charset=utf-8` to
/// query bodies, the Smithy protocol tests (and we) send none.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}

/// Compares the request the server saw with botocore's; panics listing every difference.
fn compare(ours: &Seen, theirs: &Value) {
    let mut problems = Vec::new();
    let text = |k: &str| theirs[k].as_str().unwrap_or_default().to_string();
    if ours.method != text("method") {
        problems.push(format!("method: ours {}, botocore {}", ours.method, text("method")));
    }
    if ours.path != text("path") {
        problems.push(format!("path: ours {}, botocore {}", ours.path, text("path")));
    }
    let sorted = |q: &str| {
        let mut parts: Vec<String> = q.split('&').filter(|p| !p.is_empty()).map(str::to_string).collect();
        parts.sort();
        parts
    };
    if sorted(&ours.query) != sorted(&text("query")) {
        problems.push(format!("query: ours {:?}, botocore {:?}", ours.query, text("query")));
    }
    let empty = serde_json::Map::new();
    let their_headers = theirs["headers"].as_object().unwrap_or(&empty);
    for (name, value) in their_headers.iter().filter(|(k, _)| !NOT_COMPARED.contains(&k.as_str())) {
        let value = value.as_str().unwrap_or_default();
        match ours.header(name) {
            Some(v) if v == value => {}
            Some(v) if name == "content-type" && media_type(v) == media_type(value) => {}
            other => problems.push(format!("header {name}: ours {other:?}, botocore {value:?}")),
        }
    }
    for (name, value) in ours.headers.iter().filter(|(k, _)| !NOT_COMPARED.contains(&k.as_str())) {
        // botocore sends restXml bodies without a Content-Type; the Smithy
        // restXml protocol tests require `application/xml`, as we send.
        let xml_body_type = name == "content-type" && value == "application/xml" && theirs["body"].as_str().is_some_and(|b| b.starts_with('<'));
        if !their_headers.contains_key(name) && !xml_body_type {
            problems.push(format!("header {name}: ours {value:?}, botocore sends none"));
        }
    }
    let their_body = text("body");
    let json = ours.header("content-type").is_some_and(|t| t.contains("json"));
    let xml = ours.header("content-type").is_some_and(|t| t.contains("xml"));
    if xml {
        // Same elements, attributes and text; whitespace between elements aside.
        let squeeze = |b: &[u8]| String::from_utf8_lossy(b).split('>').map(|p| p.trim_start()).collect::<Vec<_>>().join(">");
        if squeeze(&ours.body) != squeeze(their_body.as_bytes()) {
            problems.push(format!("XML body: ours {:?}, botocore {their_body:?}", String::from_utf8_lossy(&ours.body)));
        }
    } else if json {
        let parse = |b: &[u8]| if b.is_empty() { Ok(Value::Null) } else { serde_json::from_slice::<Value>(b) };
        match (parse(&ours.body), parse(their_body.as_bytes())) {
            (Ok(a), Ok(b)) if a == b => {}
            (a, b) => problems.push(format!("JSON body: ours {a:?}, botocore {b:?}")),
        }
    } else if ours.header("content-type").is_some_and(|t| t.starts_with("application/x-www-form-urlencoded")) {
        // Form pairs compare decoded and as a multiset: a service reads
        // `+` and `%20` alike (botocore sends one, we the other) and pair
        // order carries no meaning.
        let pairs = |b: &[u8]| {
            let mut p: Vec<String> = String::from_utf8_lossy(b).split('&').filter(|p| !p.is_empty()).map(form_decode).collect();
            p.sort();
            p
        };
        if pairs(&ours.body) != pairs(their_body.as_bytes()) {
            problems.push(format!("form body: ours {:?}, botocore {:?}", pairs(&ours.body), pairs(their_body.as_bytes())));
        }
    } else if ours.body != their_body.as_bytes() {
        problems.push(format!("body: ours {:?}, botocore {their_body:?}", String::from_utf8_lossy(&ours.body)));
    }
    assert!(problems.is_empty(), "the request differs from botocore's:\n  {}\nours: {ours:#?}", problems.join("\n  "));
}

#[tokio::test]
async fn request_over_http_matches_botocore() {
    let Some(python) = oracle::require(oracle::botocore_python()) else { return };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(serve_one(listener, RESPONSE_CONTENT_TYPE, RESPONSE_BODY));
    let config = sut::Config::builder().test_defaults().endpoint_url(format!("http://{addr}")).build();
    let client = sut::Client::from_conf(config);
    let result = send(&client).await;
    let seen = server.await.expect("the server task");
    if let Err(e) = result {
        panic!("the call failed: {e}");
    }
    let case: Value = serde_json::from_str(CASE).expect("the case is JSON");
    compare(&seen, &botocore(&python, &case));
}
