//! The generated client end to end: the default hyper transport against a
//! small scripted HTTP/1.1 server on 127.0.0.1, plus the stub transport for
//! what needs no network.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use connect_client::config::stub::StubHttpClient;
use connect_client::config::{RetryConfig, TimeoutConfig};
use connect_client::error::SdkError;
use connect_client::operation::describe_user::{DescribeUserError, DescribeUserOutput};
use connect_client::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ------------------------------------------------------------------ server

enum Reply {
    /// A complete response with `content-length`.
    Full { status: u16, headers: Vec<(&'static str, String)>, body: Vec<u8> },
    /// These bytes, then the connection is closed.
    RawThenClose(Vec<u8>),
    /// Read the request, never answer.
    Hang,
}

fn json(status: u16, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Full {
        status,
        headers: vec![("content-type", "application/json".into()), ("x-amzn-requestid", format!("rid-{status}"))],
        body: body.into(),
    }
}

fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::Full {
        status,
        headers: vec![
            ("content-type", "application/json".into()),
            ("x-amzn-errortype", code.into()),
            ("x-amzn-requestid", "rid-err".into()),
        ],
        body: format!(r#"{{"Message":"{message}"}}"#).into_bytes(),
    }
}

/// What the server saw: request line target and lower-cased headers.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let (s, q) = (seen.clone(), script.clone());
        let task = tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                tokio::spawn(serve(conn, s.clone(), q.clone()));
            }
        });
        Server { url, seen, task }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut conn: TcpStream, seen: Arc<Mutex<Vec<Seen>>>, script: Arc<Mutex<VecDeque<Reply>>>) {
    let mut buf = Vec::new();
    loop {
        // Read one request head (DescribeUser is a GET without a body).
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            match conn.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        buf.drain(..end);
        let mut lines = head.lines();
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_owned();
        let target = first.next().unwrap_or_default().to_owned();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        seen.lock().unwrap().push(Seen { method, target, headers });
        let reply = script.lock().unwrap().pop_front();
        match reply {
            Some(Reply::Full { status, headers, body }) => {
                let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&body);
                if conn.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Some(Reply::RawThenClose(bytes)) => {
                let _ = conn.write_all(&bytes).await;
                let _ = conn.shutdown().await;
                return;
            }
            Some(Reply::Hang) => {
                tokio::time::sleep(Duration::from_secs(600)).await;
                return;
            }
            None => {
                let _ = conn.write_all(b"HTTP/1.1 599 Script Exhausted\r\ncontent-length: 0\r\n\r\n").await;
            }
        }
    }
}

// ------------------------------------------------------------------ client

fn fast_retries() -> RetryConfig {
    RetryConfig::standard().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(5))
}

fn client_for(server: &Server) -> Client {
    Client::from_conf(Config::builder().test_defaults().endpoint_url(&server.url).retry_config(fast_retries()).build())
}

async fn describe(client: &Client) -> Result<DescribeUserOutput, SdkError<DescribeUserError>> {
    client.describe_user().instance_id("inst-1").user_id("user-1").send().await
}

fn assert_one_line(err: &SdkError<DescribeUserError>) -> String {
    let shown = err.to_string();
    assert!(!shown.is_empty() && !shown.contains('\n'), "one line: {shown:?}");
    shown
}

const USER: &str = r#"{"User":{"Id":"user-1","Username":"jane","IdentityInfo":{"FirstName":"Jane","SecondaryEmail":"j@example.com"},"PhoneConfig":{"PhoneType":"SOFT_PHONE","AutoAccept":false,"AfterContactWorkTimeLimit":0},"SecurityProfileIds":["sp-1"],"Tags":{"team":"blue"},"LastModifiedTime":1700000000,"LastModifiedRegion":"us-east-1"}}"#;

#[tokio::test]
async fn success_sends_a_signed_get_and_parses_the_user() {
    let server = Server::start(vec![json(200, USER)]).await;
    let out = describe(&client_for(&server)).await.unwrap();
    let user = out.user().unwrap();
    assert_eq!(user.id(), Some("user-1"));
    assert_eq!(user.username(), Some("jane"));
    assert_eq!(user.identity_info().unwrap().secondary_email(), Some("j@example.com"));
    assert_eq!(user.tags().unwrap()["team"], "blue");

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/users/inst-1/user-1"));
    assert_eq!(r.header("host"), Some(server.url.trim_start_matches("http://")));
    let auth = r.header("authorization").unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"), "{auth}");
    assert!(auth.contains("/us-east-1/connect/aws4_request"), "signing name `connect`: {auth}");
    assert!(r.header("x-amz-date").is_some());
    assert!(r.header("user-agent").unwrap().starts_with("connect-client/"), "{:?}", r.header("user-agent"));
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
}

/// Decodes `%XX` escapes of a path segment.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn hostile_labels_arrive_in_their_own_segment_over_http() {
    let labels = ["a/b c", "..", ".", "?x=1#f", "%2F", "\t\r\n", "\u{1F600}é"];
    let server = Server::start(labels.iter().map(|_| json(200, "{}")).collect()).await;
    let client = client_for(&server);
    for label in labels {
        client.describe_user().instance_id(label).user_id("u").send().await.unwrap();
    }
    let seen = server.seen();
    assert_eq!(seen.len(), labels.len());
    for (label, r) in labels.iter().zip(&seen) {
        let segments: Vec<&str> = r.target.split('/').collect();
        assert_eq!(segments.len(), 4, "{label:?}: {}", r.target);
        assert_eq!((segments[0], segments[1], segments[3]), ("", "users", "u"), "{}", r.target);
        assert_eq!(percent_decode(segments[2]), *label, "{}", r.target);
    }
}

#[tokio::test]
async fn each_modeled_error_is_a_service_error_retried_only_when_transient() {
    type Is = fn(&DescribeUserError) -> bool;
    let cases: [(&str, u16, Is, usize); 5] = [
        ("InternalServiceException", 500, DescribeUserError::is_internal_service_exception, 3),
        ("InvalidParameterException", 400, DescribeUserError::is_invalid_parameter_exception, 1),
        ("InvalidRequestException", 400, DescribeUserError::is_invalid_request_exception, 1),
        ("ResourceNotFoundException", 404, DescribeUserError::is_resource_not_found_exception, 1),
        ("ThrottlingException", 429, DescribeUserError::is_throttling_exception, 3),
    ];
    for (code, status, is, attempts) in cases {
        let server = Server::start((0..3).map(|_| error(status, code, "went wrong")).collect()).await;
        let err = describe(&client_for(&server)).await.unwrap_err();
        let shown = assert_one_line(&err);
        assert_eq!(shown, format!("service error: {code}: went wrong (request id: rid-err)"));
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.request_id(), Some("rid-err"));
        assert_eq!(err.raw_response().unwrap().status().as_u16(), status);
        assert!(is(err.as_service_error().unwrap()), "{code}: {err:?}");
        let e: DescribeUserError = err.into_service_error();
        assert!(is(&e));
        assert_eq!(e.to_string(), format!("{code}: went wrong"));
        assert_eq!(server.seen().len(), attempts, "{code}: attempts");
    }
}

#[tokio::test]
async fn unmodeled_error_is_unhandled() {
    let server = Server::start(vec![error(403, "AccessDeniedException", "not yours")]).await;
    let err = describe(&client_for(&server)).await.unwrap_err();
    assert_eq!(assert_one_line(&err), "service error: AccessDeniedException: not yours (request id: rid-err)");
    assert_eq!(err.code(), Some("AccessDeniedException"));
    match err.into_service_error() {
        DescribeUserError::Unhandled(u) => {
            assert_eq!(u.status().map(|s| s.as_u16()), Some(403));
            assert_eq!(u.body().as_ref(), br#"{"Message":"not yours"}"#);
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn throttled_twice_then_success() {
    let server = Server::start(vec![
        error(429, "ThrottlingException", "slow down"),
        error(400, "ThrottlingException", "slow down"),
        json(200, USER),
    ])
    .await;
    let out = describe(&client_for(&server)).await.unwrap();
    assert_eq!(out.user().unwrap().id(), Some("user-1"));
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let attempts: Vec<_> = seen.iter().map(|r| r.header("amz-sdk-request").unwrap().to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    assert!(seen.iter().all(|r| r.target == "/users/inst-1/user-1"));
    let dates: Vec<_> = seen.iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert!(dates.iter().all(|a| a.starts_with("AWS4-HMAC-SHA256 ")), "every attempt is signed");
}

#[tokio::test]
async fn always_throttled_gives_up_after_three_attempts() {
    let server = Server::start((0..5).map(|_| error(429, "ThrottlingException", "slow down")).collect()).await;
    let err = describe(&client_for(&server)).await.unwrap_err();
    assert!(err.as_service_error().unwrap().is_throttling_exception());
    assert_eq!(assert_one_line(&err), "service error: ThrottlingException: slow down (request id: rid-err)");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn not_found_is_not_retried() {
    let server = Server::start(vec![json(404, ""), json(200, USER)]).await;
    let err = describe(&client_for(&server)).await.unwrap_err();
    assert_eq!(assert_one_line(&err), "service error: HTTP 404 (request id: rid-404)");
    assert!(matches!(err.as_service_error(), Some(DescribeUserError::Unhandled(_))), "{err:?}");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let client = Client::from_conf(
        Config::builder()
            .test_defaults()
            .endpoint_url(&server.url)
            .timeout_config(TimeoutConfig::new().operation_attempt_timeout(Duration::from_millis(300)))
            .build(),
    );
    let started = Instant::now();
    let err = describe(&client).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, SdkError::TimeoutError(_)));
    let shown = assert_one_line(&err);
    assert!(shown.starts_with("timeout: no response within 300ms"), "{shown}");
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert!(err.as_service_error().is_none());
    assert_eq!(server.seen().len(), 1, "test_defaults disables retries");
}

#[tokio::test]
async fn truncated_body_is_a_retried_dispatch_failure() {
    let truncated =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"User\":{\"Id\":".to_vec();
    let server = Server::start((0..3).map(|_| Reply::RawThenClose(truncated.clone())).collect()).await;
    let err = describe(&client_for(&server)).await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let shown = assert_one_line(&err);
    assert!(shown.starts_with("dispatch failure: "), "{shown}");
    assert_eq!(server.seen().len(), 3, "I/O failures are retried");
    // into_service_error still gives the caller one error type to match on.
    assert!(matches!(err.into_service_error(), DescribeUserError::Unhandled(_)));
}

#[tokio::test]
async fn ten_megabyte_body_parses() {
    let name = "x".repeat(10 * 1024 * 1024);
    let body = format!(r#"{{"User":{{"Id":"user-1","Username":"{name}","Padding":"{name}"}}}}"#);
    let server = Server::start(vec![json(200, body)]).await;
    let out = describe(&client_for(&server)).await.unwrap();
    assert_eq!(out.user().unwrap().username().map(str::len), Some(name.len()));
}

#[tokio::test]
async fn validate_requests_lists_every_violation_and_sends_nothing() {
    let server = Server::start(vec![json(200, USER)]).await;
    let client =
        Client::from_conf(Config::builder().test_defaults().endpoint_url(&server.url).validate_requests(true).build());
    let err = client.describe_user().instance_id("i".repeat(101)).send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = assert_one_line(&err);
    assert_eq!(
        shown,
        "construction failure: 2 validation errors detected. \
         Value at '/UserId' failed to satisfy constraint: Member must not be null; \
         Value with length 101 at '/InstanceId' failed to satisfy constraint: \
         Member must have length between 1 and 100, inclusive"
    );
    let SdkError::ConstructionFailure(c) = &err else { unreachable!() };
    let v = c.source().downcast_ref::<connect_client::ValidationError>().expect("the ValidationError is the source");
    let paths: Vec<_> = v.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/UserId", "/InstanceId"]);
    assert!(server.seen().is_empty(), "nothing sent");

    // A valid request goes through with validation on.
    client.describe_user().instance_id("i").user_id("u").send().await.unwrap();
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn validation_is_off_by_default() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    assert!(!client.config().validate_requests());
    client.describe_user().instance_id("i".repeat(101)).user_id("u").send().await.unwrap();
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_failure() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = Client::from_conf(Config::builder().test_defaults().endpoint_url(format!("http://{addr}")).build());
    let err = describe(&client).await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let shown = assert_one_line(&err);
    assert!(shown.starts_with("dispatch failure: ") && shown.contains(&addr.to_string()), "{shown}");
}

#[tokio::test]
async fn unparseable_success_body_is_a_response_error() {
    let server = Server::start(vec![json(200, "<html>proxy login</html>")]).await;
    let err = describe(&client_for(&server)).await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let shown = assert_one_line(&err);
    assert!(shown.starts_with("response error: HTTP 200 with an unparseable body: "), "{shown}");
    assert!(shown.ends_with("(request id: rid-200)"), "{shown}");
    assert_eq!(err.raw_response().unwrap().body().as_ref(), b"<html>proxy login</html>");
    assert!(err.as_service_error().is_none());
}

#[tokio::test]
async fn sdk_error_is_a_send_sync_std_error_with_a_source() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let stub = StubHttpClient::new();
    stub.error(404, "ResourceNotFoundException", "no such user");
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    let err = describe(&client).await.unwrap_err();
    is_error(&err);
    let source = std::error::Error::source(&err).expect("the modeled error is the source");
    assert_eq!(source.to_string(), "ResourceNotFoundException: no such user");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert_eq!(
        boxed.to_string(),
        "service error: ResourceNotFoundException: no such user (request id: stub-request-id)"
    );
}
