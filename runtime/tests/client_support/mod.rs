//! Shared by the `client_*` tests: a scripted HTTP/1.1 server on 127.0.0.1
//! and a hand-written operation standing in for generated code.
// Each test file uses a different subset.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use client_runtime::client::{OperationInfo, ServiceInfo, Unhandled};
use client_runtime::error::{BuildError, ErrorMetadata, ProvideErrorMetadata};
use client_runtime::protocol::json::DeserializeError;
use client_runtime::validate::{Validate, Validator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------- server

/// What the server does with the next request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response.
    Full { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// These bytes, then the connection is closed.
    RawThenClose(Vec<u8>),
    /// Never answer (the connection stays open).
    Hang,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Full {
            status,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-amzn-requestid".into(), format!("req-{status}")),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A restJson1 error: `X-Amzn-ErrorType` + `{"message": ...}`.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::Full {
            status,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-amzn-errortype".into(), code.into()),
                ("x-amzn-requestid".into(), "rid-123".into()),
            ],
            body: format!(r#"{{"message":"{message}"}}"#).into_bytes(),
        }
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct TestServer {
    pub addr: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering requests with `replies` in order; once they
    /// run out it answers 599.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let rec = received.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let conns = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                conns.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, rec.clone(), script.clone()));
            }
        });
        Self { addr, received, connections, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, received: Arc<Mutex<Vec<Received>>>, script: Arc<Mutex<VecDeque<Reply>>>) {
    let mut buf = Vec::new();
    loop {
        let Some(req) = read_request(&mut stream, &mut buf).await else { return };
        received.lock().unwrap().push(req);
        let reply = script.lock().unwrap().pop_front();
        match reply {
            Some(Reply::Full { status, headers, body }) => {
                let mut out = format!("HTTP/1.1 {status} Test\r\ncontent-length: {}\r\n", body.len());
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&body);
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Some(Reply::RawThenClose(bytes)) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Some(Reply::Hang) => {
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                return;
            }
            None => {
                let _ = stream.write_all(b"HTTP/1.1 599 Script Exhausted\r\ncontent-length: 0\r\n\r\n").await;
            }
        }
    }
}

/// Reads one HTTP/1.1 request (head and `content-length` body) from
/// `stream`, keeping what follows it in `buf`; `None` when the peer is gone.
pub async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Received> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let method = start.next()?.to_owned();
    let target = start.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let total = head_end + 4 + len;
    while buf.len() < total {
        let mut chunk = [0u8; 65536];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end + 4..total].to_vec();
    buf.drain(..total);
    Some(Received { method, target, headers, body })
}

// ---------------------------------------------------------------- operation

pub static SERVICE: ServiceInfo = ServiceInfo {
    endpoint_prefix: "users",
    signing_name: "userservice",
    sdk_id: "User Service",
    api_version: "2024-01-01",
    crate_name: "users-client",
    crate_version: "0.1.0",
    endpoint_rules: None,
};

pub static PUT_USER: OperationInfo =
    OperationInfo { service: &SERVICE, name: "PutUser", retryable_error_codes: &["UserBusyException"], auth: client_runtime::client::Auth::SigV4 };

/// `PUT /users/{Id}?dryRun={DryRun}` with body `{"Name": ..., "Age": ...}`.
#[derive(Debug, Clone, Default)]
pub struct PutUserInput {
    pub id: Option<String>,
    pub name: Option<String>,
    pub age: Option<i64>,
    pub dry_run: bool,
}

impl Validate for PutUserInput {
    fn validate_into(&self, v: &mut Validator) {
        match &self.id {
            Some(id) => v.member("Id", |v| v.length_str(id, Some(1), Some(10))),
            None => v.required("Id"),
        }
        if let Some(name) = &self.name {
            v.member("Name", |v| v.length_str(name, Some(1), Some(5)));
        }
        if let Some(age) = self.age {
            v.member("Age", |v| v.range_i64(age, Some(0), Some(150)));
        }
    }
}

pub fn serialize_put_user(input: &PutUserInput) -> Result<http::Request<Bytes>, BuildError> {
    use client_runtime::protocol::http::{label, query_value};
    let id = label(input.id.as_deref(), "Id", false)?;
    let mut uri = format!("/users/{id}");
    if input.dry_run {
        uri.push_str(&format!("?dryRun={}", query_value("true")));
    }
    let mut body = serde_json::Map::new();
    if let Some(name) = &input.name {
        body.insert("Name".into(), name.clone().into());
    }
    if let Some(age) = input.age {
        body.insert("Age".into(), age.into());
    }
    let body = serde_json::to_vec(&body).map_err(|e| BuildError::other(e.to_string()))?;
    http::Request::builder()
        .method("PUT")
        .uri(uri)
        .header("content-type", "application/json")
        .body(Bytes::from(body))
        .map_err(|e| BuildError::other(e.to_string()))
}

#[derive(Debug, Clone, PartialEq)]
pub struct PutUserOutput {
    pub name: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NotFound {
    pub meta: ErrorMetadata,
}

#[derive(Debug, Clone)]
pub enum PutUserError {
    ResourceNotFoundException(NotFound),
    Unhandled(Unhandled),
}

impl From<Unhandled> for PutUserError {
    fn from(u: Unhandled) -> Self {
        Self::Unhandled(u)
    }
}

impl fmt::Display for PutUserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ResourceNotFoundException(e) => write!(f, "{}", e.meta),
            Self::Unhandled(u) => write!(f, "{u}"),
        }
    }
}

impl std::error::Error for PutUserError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unhandled(u) => Some(u),
            Self::ResourceNotFoundException(_) => None,
        }
    }
}

impl ProvideErrorMetadata for PutUserError {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ResourceNotFoundException(e) => &e.meta,
            Self::Unhandled(u) => u.meta(),
        }
    }
}

pub fn deserialize_put_user(
    resp: &http::Response<Bytes>,
) -> Result<Result<PutUserOutput, PutUserError>, DeserializeError> {
    if !resp.status().is_success() {
        let meta = client_runtime::protocol::errors::error_metadata(resp);
        return Ok(Err(match meta.code() {
            Some("ResourceNotFoundException") => PutUserError::ResourceNotFoundException(NotFound { meta }),
            _ => PutUserError::Unhandled(Unhandled::from_response(meta, resp)),
        }));
    }
    let value: serde_json::Value = if resp.body().is_empty() {
        serde_json::json!({})
    } else {
        serde_json::from_slice(resp.body()).map_err(|e| DeserializeError::custom(e.to_string()))?
    };
    let obj = value.as_object().ok_or_else(|| DeserializeError::custom("expected a JSON object"))?;
    Ok(Ok(PutUserOutput {
        name: obj.get("Name").and_then(|v| v.as_str()).map(str::to_owned),
        request_id: resp.headers().get("x-amzn-requestid").and_then(|v| v.to_str().ok()).map(str::to_owned),
    }))
}

pub fn input(id: &str) -> PutUserInput {
    PutUserInput { id: Some(id.to_owned()), name: Some("Ann".into()), age: Some(30), dry_run: false }
}
