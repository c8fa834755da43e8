//! Shared by the credentials tests and the `credentials_cost` example: fake
//! credential endpoints on 127.0.0.1 (IMDSv2, the container endpoint, STS,
//! the IAM Identity Center portal), each speaking just enough raw HTTP/1.1,
//! counting what it is asked and answering with expirations and failures a
//! test sets; a temporary HOME; a transport that sends every request to one
//! fake (for the ECS agent's fixed address); a tracing subscriber that keeps
//! every field logged, to look for secrets in.
//!
//! The credentials a fake hands out say where they came from, so a test (and
//! the botocore comparison) can tell from the access key alone which chain
//! produced it: STS answers `<role name>.via.<caller's access key>` for
//! `AssumeRole`, `<role name>.web.<token>` for `AssumeRoleWithWebIdentity`;
//! the portal `sso.<account>.<role>.<access token>`; IMDS `imds.<role>`; the
//! container endpoint `container`. The session token counts the answers
//! (`<fake>-session-<n>`), so refreshes show.
// Each test file uses a different subset.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use client_runtime::client::{HttpClient, HttpFuture, TransportError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------- requests

/// A request as a fake saw it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The query's parameters, decoded.
    pub fn query(&self) -> BTreeMap<String, String> {
        form(self.target.split_once('?').map(|(_, q)| q).unwrap_or(""))
    }

    /// An `application/x-www-form-urlencoded` body, decoded.
    pub fn form(&self) -> BTreeMap<String, String> {
        form(&String::from_utf8_lossy(&self.body))
    }

    /// The access key of a SigV4 `Authorization` header.
    pub fn signed_by(&self) -> Option<String> {
        let auth = self.header("authorization")?;
        let rest = auth.split("Credential=").nth(1)?;
        Some(rest.split('/').next()?.to_owned())
    }
}

fn form(text: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    text.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).map(|(k, v)| (decode(k), decode(v))).collect()
}

// ---------------------------------------------------------------- behaviour

/// What a fake answers; tests change it between calls.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Credentials expire this long after they are handed out; `None`: no
    /// `Expiration` (IMDS and container only; STS and SSO always send one,
    /// an hour ahead).
    pub expires_in: Option<Duration>,
    /// Credentials that expired this long ago (wins over `expires_in`).
    pub expired_since: Option<Duration>,
    /// Answer credential requests with this HTTP status instead (an error
    /// document for STS and SSO). Token and role-name requests of IMDS still succeed.
    pub fail_status: Option<u16>,
    /// Answer the next this many credential requests with HTTP 500 (then as
    /// the other settings say).
    pub fail_next: usize,
    /// IMDS: session tokens up to this number are refused with 401, as
    /// after an instance restart.
    pub reject_tokens_through: usize,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self { expires_in: Some(Duration::from_secs(3600)), expired_since: None, fail_status: None, fail_next: 0, reject_tokens_through: 0, delay: Duration::ZERO }
    }
}

impl Settings {
    fn expiration(&self) -> Option<String> {
        let now = SystemTime::now();
        let at = match (self.expired_since, self.expires_in) {
            (Some(ago), _) => now - ago,
            (None, Some(ahead)) => now + ahead,
            (None, None) => return None,
        };
        Some(rfc3339(at))
    }
}

/// `2026-12-04T10:00:00Z`.
pub fn rfc3339(t: SystemTime) -> String {
    use aws_smithy_types::date_time::{DateTime, Format};
    let whole = DateTime::from_secs(DateTime::from(t).secs());
    whole.fmt(Format::DateTime).expect("a time in range")
}

#[derive(Clone, Debug)]
enum Kind {
    Imds { role: String, region: String },
    /// The `Authorization` header the endpoint insists on, if any.
    Container { token: Option<String> },
    Sts,
    Sso,
}

struct State {
    kind: Kind,
    settings: Mutex<Settings>,
    received: Mutex<Vec<Received>>,
    /// Credentials handed out (successful credential answers).
    issued: AtomicUsize,
    /// IMDS session tokens handed out.
    tokens: AtomicUsize,
}

/// One fake endpoint on 127.0.0.1; stops when dropped.
pub struct Fake {
    pub addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fake {
    /// IMDSv2: `PUT /latest/api/token`, then (with the token)
    /// `.../iam/security-credentials/` naming `role`, the role's
    /// credentials, `/latest/meta-data/placement/region` and the instance
    /// identity document.
    pub async fn imds(role: &str) -> Self {
        Self::start(Kind::Imds { role: role.into(), region: "eu-north-1".into() }).await
    }

    /// A container credentials endpoint answering any path, requiring
    /// `Authorization: <token>` when `token` is given.
    pub async fn container(token: Option<&str>) -> Self {
        Self::start(Kind::Container { token: token.map(str::to_owned) }).await
    }

    /// STS (awsQuery): `AssumeRole` and `AssumeRoleWithWebIdentity`.
    pub async fn sts() -> Self {
        Self::start(Kind::Sts).await
    }

    /// The IAM Identity Center portal: `GET /federation/credentials`.
    pub async fn sso() -> Self {
        Self::start(Kind::Sso).await
    }

    async fn start(kind: Kind) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("an address");
        let state = Arc::new(State {
            kind,
            settings: Mutex::new(Settings::default()),
            received: Mutex::new(Vec::new()),
            issued: AtomicUsize::new(0),
            tokens: AtomicUsize::new(0),
        });
        let s = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                tokio::spawn(serve(stream, s.clone()));
            }
        });
        Self { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn settings(&self) -> Settings {
        self.state.settings.lock().unwrap().clone()
    }

    /// Changes what the fake answers from now on.
    pub fn set(&self, change: impl FnOnce(&mut Settings)) {
        change(&mut self.state.settings.lock().unwrap());
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// How many requests came, in all.
    pub fn requests(&self) -> usize {
        self.state.received.lock().unwrap().len()
    }

    /// How many credentials were handed out.
    pub fn issued(&self) -> usize {
        self.state.issued.load(Ordering::SeqCst)
    }

    /// How many IMDS session tokens were handed out.
    pub fn tokens(&self) -> usize {
        self.state.tokens.load(Ordering::SeqCst)
    }
}

/// A response: status, headers, body.
type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>);

fn text(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Answer {
    (status, vec![("content-type", content_type.to_owned())], body.into())
}

fn answer(state: &State, req: &Received) -> Answer {
    let mut settings = state.settings.lock().unwrap().clone();
    // A credential request (not an IMDS token or role name) may use up one of `fail_next`.
    let credential_request = match &state.kind {
        Kind::Imds { role, .. } => req.path().strip_suffix(role.as_str()).is_some_and(|p| p.ends_with("/security-credentials/")),
        _ => true,
    };
    if credential_request && settings.fail_next > 0 {
        state.settings.lock().unwrap().fail_next -= 1;
        settings.fail_status = Some(500);
    }
    let issue = || state.issued.fetch_add(1, Ordering::SeqCst) + 1;
    match &state.kind {
        Kind::Imds { role, region } => {
            const CREDS: &str = "/latest/meta-data/iam/security-credentials/";
            if req.method == "PUT" && req.path() == "/latest/api/token" {
                if req.header("x-aws-ec2-metadata-token-ttl-seconds").is_none() {
                    return text(400, "text/plain", "missing ttl");
                }
                let n = state.tokens.fetch_add(1, Ordering::SeqCst) + 1;
                return text(200, "text/plain", format!("imds-token-{n}"));
            }
            let token_number = req.header("x-aws-ec2-metadata-token").and_then(|t| t.strip_prefix("imds-token-")).and_then(|n| n.parse::<usize>().ok());
            if token_number.is_none_or(|n| n <= settings.reject_tokens_through) {
                return text(401, "text/plain", "");
            }
            match req.path() {
                CREDS => text(200, "text/plain", format!("{role}\n")),
                "/latest/meta-data/placement/region" => text(200, "text/plain", region.clone()),
                "/latest/dynamic/instance-identity/document" => {
                    text(200, "application/json", format!(r#"{{"region":"{region}","instanceId":"i-0fake"}}"#))
                }
                p if p.strip_prefix(CREDS) == Some(role.as_str()) => {
                    if let Some(s) = settings.fail_status {
                        return text(s, "text/plain", "failing on purpose");
                    }
                    let n = issue();
                    text(200, "application/json", credentials_json(&format!("imds.{role}"), &format!("imds-session-{n}"), &settings, true))
                }
                _ => text(404, "text/plain", ""),
            }
        }
        Kind::Container { token } => {
            if let Some(want) = token
                && req.header("authorization") != Some(want.as_str())
            {
                return text(401, "application/json", r#"{"Code":"Unauthorized","Message":"bad token"}"#);
            }
            if let Some(s) = settings.fail_status {
                return text(s, "application/json", r#"{"Code":"Failing","Message":"on purpose"}"#);
            }
            let n = issue();
            text(200, "application/json", credentials_json("container", &format!("container-session-{n}"), &settings, false))
        }
        Kind::Sts => {
            let params = req.form();
            let action = params.get("Action").cloned().unwrap_or_default();
            let role = params.get("RoleArn").cloned().unwrap_or_default();
            let role_name = role.rsplit('/').next().unwrap_or("").to_owned();
            let key = match action.as_str() {
                "AssumeRole" => match req.signed_by() {
                    Some(caller) => format!("{role_name}.via.{caller}"),
                    None => return sts_error(403, "MissingAuthenticationToken", "AssumeRole must be signed"),
                },
                "AssumeRoleWithWebIdentity" => {
                    if req.header("authorization").is_some() {
                        return sts_error(400, "InvalidRequest", "AssumeRoleWithWebIdentity is not signed");
                    }
                    format!("{role_name}.web.{}", params.get("WebIdentityToken").cloned().unwrap_or_default())
                }
                other => return sts_error(400, "InvalidAction", &format!("unknown action {other}")),
            };
            if let Some(s) = settings.fail_status {
                return sts_error(s, if s >= 500 { "InternalFailure" } else { "AccessDenied" }, "failing on purpose");
            }
            let n = issue();
            let expiration = rfc3339(SystemTime::now() + Duration::from_secs(3600));
            let session = params.get("RoleSessionName").cloned().unwrap_or_default();
            let body = format!(
                "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>\
                 <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>secret-{n}</SecretAccessKey>\
                 <SessionToken>sts-session-{n}</SessionToken><Expiration>{expiration}</Expiration></Credentials>\
                 <AssumedRoleUser><AssumedRoleId>AROAFAKE:{session}</AssumedRoleId><Arn>{role}/{session}</Arn></AssumedRoleUser>\
                 </{action}Result><ResponseMetadata><RequestId>req-{n}</RequestId></ResponseMetadata></{action}Response>"
            );
            text(200, "text/xml", body)
        }
        Kind::Sso => {
            if req.path() != "/federation/credentials" {
                return text(404, "application/json", r#"{"message":"no such route"}"#);
            }
            let Some(token) = req.header("x-amz-sso_bearer_token").map(str::to_owned) else {
                return sso_error(401, "UnauthorizedException", "no bearer token");
            };
            if let Some(s) = settings.fail_status {
                return sso_error(s, "UnauthorizedException", "failing on purpose");
            }
            let q = req.query();
            let (account, role) = (q.get("account_id").cloned().unwrap_or_default(), q.get("role_name").cloned().unwrap_or_default());
            let n = issue();
            let millis = (SystemTime::now() + Duration::from_secs(3600)).duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis();
            let body = format!(
                r#"{{"roleCredentials":{{"accessKeyId":"sso.{account}.{role}.{token}","secretAccessKey":"secret-{n}","sessionToken":"sso-session-{n}","expiration":{millis}}}}}"#
            );
            text(200, "application/json", body)
        }
    }
}

fn credentials_json(key: &str, token: &str, settings: &Settings, code: bool) -> String {
    let mut fields = Vec::new();
    if code {
        fields.push(r#""Code":"Success","Type":"AWS-HMAC""#.to_owned());
    }
    fields.push(format!(r#""AccessKeyId":"{key}","SecretAccessKey":"secret","Token":"{token}""#));
    if let Some(e) = settings.expiration() {
        fields.push(format!(r#""Expiration":"{e}""#));
    }
    format!("{{{}}}", fields.join(","))
}

fn sts_error(status: u16, code: &str, message: &str) -> Answer {
    let body = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code>\
         <Message>{message}</Message></Error><RequestId>req-error</RequestId></ErrorResponse>"
    );
    text(status, "text/xml", body)
}

fn sso_error(status: u16, code: &str, message: &str) -> Answer {
    let mut a = text(status, "application/json", format!(r#"{{"message":"{message}"}}"#));
    a.1.push(("x-amzn-errortype", code.to_owned()));
    a
}

async fn serve(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut stream, &mut buf).await {
        state.received.lock().unwrap().push(req.clone());
        let delay = state.settings.lock().unwrap().delay;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let (status, headers, body) = answer(&state, &req);
        let mut head = format!("HTTP/1.1 {status} Fake\r\ncontent-length: {}\r\n", body.len());
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&body);
        if stream.write_all(&bytes).await.is_err() || req.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close")) {
            return;
        }
    }
}

/// One request off a keep-alive connection (`buf` keeps what was read past it).
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Received> {
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
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())).collect();
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

// ---------------------------------------------------------------- transport

/// A transport that sends every request, whatever its host, to `to` over
/// plain HTTP/1.1 (one connection per request): how a test reaches a fake
/// standing in for the ECS agent at `169.254.170.2`.
#[derive(Clone, Debug)]
pub struct RedirectTo {
    pub to: SocketAddr,
    /// The hosts requests were addressed to, in order.
    pub hosts: Arc<Mutex<Vec<String>>>,
}

impl RedirectTo {
    pub fn new(to: SocketAddr) -> Self {
        Self { to, hosts: Default::default() }
    }
}

impl HttpClient for RedirectTo {
    fn call(&self, req: http::Request<Bytes>) -> HttpFuture {
        let to = self.to;
        self.hosts.lock().unwrap().push(req.uri().authority().map(|a| a.to_string()).unwrap_or_default());
        Box::pin(async move {
            let mut stream = TcpStream::connect(to).await.map_err(|e| TransportError::connect(e.to_string()))?;
            let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let mut head = format!("{} {target} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n", req.method(), to, req.body().len());
            for (k, v) in req.headers() {
                head.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap_or("")));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await.map_err(|e| TransportError::io(e.to_string()))?;
            stream.write_all(req.body()).await.map_err(|e| TransportError::io(e.to_string()))?;
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).await.map_err(|e| TransportError::io(e.to_string()))?;
            let end = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| TransportError::io("no response head"))?;
            let head = String::from_utf8_lossy(&raw[..end]).into_owned();
            let mut lines = head.split("\r\n");
            let status: u16 = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or_else(|| TransportError::io("bad status line"))?;
            let mut resp = http::Response::builder().status(status);
            for (k, v) in lines.filter_map(|l| l.split_once(':')) {
                resp = resp.header(k.trim(), v.trim());
            }
            resp.body(Bytes::copy_from_slice(&raw[end + 4..])).map_err(|e| TransportError::other(e.to_string()))
        })
    }
}

// ---------------------------------------------------------------- logs

/// Every span and event field, at every level, as text.
#[derive(Clone, Default)]
pub struct Capture {
    pub lines: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Fields(&mut line));
        let mut lines = self.lines.lock().unwrap();
        lines.push(line);
        tracing::span::Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("event {} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

// ---------------------------------------------------------------- files

/// A temporary directory used as HOME, removed when dropped.
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("creds-{tag}-{}-{n}-{}", std::process::id(), fastrand::u32(..)));
        std::fs::create_dir_all(dir.join(".aws")).expect("create a temporary HOME");
        Self { dir }
    }

    pub fn path(&self) -> &str {
        self.dir.to_str().expect("a UTF-8 temporary directory")
    }

    /// Writes `text` to `relative` under HOME (directories made as needed);
    /// returns the full path.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> String {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
        std::fs::write(&path, text).expect("write a file");
        path.to_str().expect("UTF-8").to_owned()
    }

    /// An executable shell script at `relative`.
    pub fn script(&self, relative: &str, body: &str) -> String {
        let path = self.write(relative, format!("#!/bin/sh\n{body}\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        path
    }

    /// `~/.aws/sso/cache/<sha1 of key>.json` holding `token`, valid for an hour.
    pub fn sso_token(&self, key: &str, token: &str) -> String {
        let name = sha1_hex(key.as_bytes());
        let expires = rfc3339(SystemTime::now() + Duration::from_secs(3600));
        self.write(
            &format!(".aws/sso/cache/{name}.json"),
            format!(r#"{{"startUrl":"https://example.awsapps.com/start","region":"us-east-1","accessToken":"{token}","expiresAt":"{expires}"}}"#),
        )
    }

    /// The variables that isolate a provider from this machine: HOME, both
    /// shared files inside it, IMDS off.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("HOME".into(), self.path().into()),
            ("AWS_CONFIG_FILE".into(), format!("{}/.aws/config", self.path())),
            ("AWS_SHARED_CREDENTIALS_FILE".into(), format!("{}/.aws/credentials", self.path())),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ]
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn exists(path: &str) -> bool {
    Path::new(path).exists()
}

/// SHA-1 as lower-case hex: the SSO token cache's file names.
pub fn sha1_hex(data: &[u8]) -> String {
    use sha1::Digest;
    sha1::Sha1::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// `home`'s isolating variables plus `extra`.
pub fn env(home: &Home, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut vars = home.env();
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push((k.to_string(), v.to_string()));
    }
    vars
}

pub fn config(home: &Home, extra: &[(&str, &str)]) -> client_runtime::credentials::ProviderConfig {
    client_runtime::credentials::ProviderConfig::new().environment(env(home, extra))
}

/// The error's text with its causes, as a user would print it.
pub fn error_text(e: &aws_credential_types::provider::error::CredentialsError) -> String {
    aws_smithy_types::error::display::DisplayErrorContext(e).to_string()
}
