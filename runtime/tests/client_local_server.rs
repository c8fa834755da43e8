//! `invoke` end to end against a scripted HTTP/1.1 server on 127.0.0.1,
//! through the default hyper transport.

mod client_support;

use std::time::{Duration, Instant};

use client_runtime::client::{
    Config, Credentials, Handle, RetryConfig, SdkError, TimeoutConfig, TransportErrorKind, invoke,
};
use client_support::*;

fn config(server: &TestServer) -> client_runtime::client::Builder {
    Config::builder()
        .region("us-west-2")
        .endpoint_url(server.url())
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None, None, "test"))
        .retry_config(
            RetryConfig::standard().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(5)),
        )
}

async fn put_user(handle: &Handle, input: PutUserInput) -> Result<PutUserOutput, SdkError<PutUserError>> {
    invoke(handle, &PUT_USER, input, serialize_put_user, deserialize_put_user).await
}

#[tokio::test]
async fn success() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"Name":"Ann"}"#)]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let mut input = input("a/b c");
    input.dry_run = true;
    let out = put_user(&handle, input).await.unwrap();
    assert_eq!(out, PutUserOutput { name: Some("Ann".into()), request_id: Some("req-200".into()) });

    let seen = server.received();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(r.method, "PUT");
    assert_eq!(r.target, "/users/a%2Fb%20c?dryRun=true");
    assert_eq!(r.header("host"), Some(server.addr.to_string().as_str()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("content-length"), Some(r.body.len().to_string().as_str()));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(),
        serde_json::json!({"Name":"Ann","Age":30})
    );
    assert!(r.header("user-agent").unwrap().starts_with("users-client/0.1.0 api/User-Service#2024-01-01"));
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert_eq!(r.header("amz-sdk-invocation-id").map(str::len), Some(36));
    assert!(r.header("x-amz-date").is_some());
    assert!(r.header("authorization").unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    assert_eq!(r.header("x-amz-security-token"), None);
    assert_eq!(r.header("x-amz-content-sha256"), None, "only S3-like services send the payload hash header");
}

#[tokio::test]
async fn modeled_error_is_a_service_error_and_not_retried() {
    let server = TestServer::start(vec![Reply::error(404, "ResourceNotFoundException", "no user u1")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert!(matches!(err.as_service_error(), Some(PutUserError::ResourceNotFoundException(_))), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("no user u1"));
    assert_eq!(err.request_id(), Some("rid-123"));
    assert_eq!(err.raw_response().unwrap().status(), 404);
    assert_eq!(err.to_string(), "service error: ResourceNotFoundException: no user u1 (request id: rid-123)");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(server.received().len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn unmodeled_error_becomes_unhandled() {
    let server = TestServer::start(vec![Reply::error(400, "aws.users#WeirdException:http://x", "odd")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert_eq!(err.code(), Some("WeirdException"));
    assert_eq!(err.to_string(), "service error: WeirdException: odd (request id: rid-123)");
    match err.into_service_error() {
        PutUserError::Unhandled(u) => {
            assert_eq!(u.status().map(|s| s.as_u16()), Some(400));
            assert_eq!(u.body().as_ref(), br#"{"message":"odd"}"#);
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn throttled_twice_then_success() {
    let server = TestServer::start(vec![
        Reply::error(400, "ThrottlingException", "Rate exceeded"),
        Reply::error(429, "TooManyRequestsException", "slow down"),
        Reply::json(200, r#"{"Name":"Ann"}"#),
    ])
    .await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let out = put_user(&handle, input("u1")).await.unwrap();
    assert_eq!(out.name.as_deref(), Some("Ann"));
    let seen = server.received();
    assert_eq!(seen.len(), 3);
    let attempts: Vec<_> = seen.iter().map(|r| r.header("amz-sdk-request").unwrap().to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    let ids: Vec<_> = seen.iter().map(|r| r.header("amz-sdk-invocation-id").unwrap().to_owned()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one invocation id per operation call");
}

#[tokio::test]
async fn always_throttled_gives_up_after_max_attempts() {
    let replies = (0..5).map(|_| Reply::error(400, "ThrottlingException", "Rate exceeded")).collect();
    let server = TestServer::start(replies).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert_eq!(err.to_string(), "service error: ThrottlingException: Rate exceeded (request id: rid-123)");
    assert_eq!(server.received().len(), 3);

    let server = TestServer::start((0..5).map(|_| Reply::json(503, "<html>busy</html>")).collect()).await;
    let handle = Handle::new(
        config(&server).retry_config(RetryConfig::standard().max_attempts(2).initial_backoff(Duration::ZERO)).build(),
        &SERVICE,
    );
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert_eq!(server.received().len(), 2, "5xx is retried, up to max_attempts");
    assert_eq!(err.raw_response().unwrap().status(), 503);
}

#[tokio::test]
async fn modeled_retryable_codes_are_retried() {
    let server = TestServer::start(vec![Reply::error(409, "UserBusyException", "busy"), Reply::json(200, "{}")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    put_user(&handle, input("u1")).await.unwrap();
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn not_found_without_body_is_not_retried() {
    let server = TestServer::start(vec![Reply::json(404, ""), Reply::json(200, "{}")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert_eq!(err.to_string(), "service error: HTTP 404 (request id: req-404)");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = TestServer::start(vec![Reply::Hang, Reply::Hang]).await;
    let timeouts = TimeoutConfig::new().operation_attempt_timeout(Duration::from_millis(200));
    let handle =
        Handle::new(config(&server).timeout_config(timeouts).retry_config(RetryConfig::disabled()).build(), &SERVICE);
    let started = Instant::now();
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().starts_with("timeout: no response within 200ms"), "{err}");
    // The 200 ms timeout fired rather than the server's silence lasting
    // forever; the bound is loose for a loaded machine.
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

#[tokio::test]
async fn truncated_body_is_a_dispatch_failure() {
    let truncated =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"Name\":".to_vec();
    let server = TestServer::start(vec![Reply::RawThenClose(truncated); 3]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    match &err {
        SdkError::DispatchFailure(d) => assert_eq!(d.transport_error().kind(), TransportErrorKind::Io),
        other => panic!("expected a dispatch failure, got {other:?}"),
    }
    assert!(
        err.to_string().starts_with("dispatch failure: connection closed before the full response body arrived"),
        "{err}"
    );
    assert_eq!(server.received().len(), 3, "I/O failures are retried");
}

#[tokio::test]
async fn ten_megabyte_body() {
    let name = "x".repeat(10 * 1024 * 1024);
    let server = TestServer::start(vec![Reply::json(200, &format!(r#"{{"Name":"{name}"}}"#))]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let out = put_user(&handle, input("u1")).await.unwrap();
    assert_eq!(out.name.map(|n| n.len()), Some(name.len()));
}

#[tokio::test]
async fn unparseable_body_is_a_response_error_with_the_raw_response() {
    let server = TestServer::start(vec![Reply::json(200, "not json")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let raw = err.raw_response().unwrap();
    assert_eq!((raw.status().as_u16(), raw.body().as_ref()), (200, b"not json".as_ref()));
    assert_eq!(err.request_id(), Some("req-200"));
    let shown = err.to_string();
    assert!(shown.starts_with("response error: HTTP 200 with an unparseable body: expected ident"), "{shown}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn validation_lists_every_violation_and_sends_nothing() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let bad = PutUserInput { id: None, name: Some("far too long".into()), age: Some(200), dry_run: false };

    let handle = Handle::new(config(&server).validate_requests(true).build(), &SERVICE);
    let err = put_user(&handle, bad.clone()).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = err.to_string();
    assert!(shown.starts_with("construction failure: 3 validation errors detected."), "{shown}");
    for path in ["/Id", "/Name", "/Age"] {
        assert!(shown.contains(&format!("'{path}'")), "{path} missing from: {shown}");
    }
    assert!(server.received().is_empty());

    // Off by default: the same input (with the label set) goes to the service.
    let handle = Handle::new(config(&server).build(), &SERVICE);
    put_user(&handle, PutUserInput { id: Some("u1".into()), ..bad }).await.unwrap();
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn missing_label_is_a_construction_failure() {
    let server = TestServer::start(vec![]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    let err = put_user(&handle, PutUserInput::default()).await.unwrap_err();
    assert!(err.to_string().starts_with("construction failure: "), "{err}");
    assert!(err.to_string().contains("Id"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn signs_with_the_right_scope_and_session_token() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let creds = Credentials::new("ASIATEMP", "SECRET", Some("SESSIONTOKEN".into()), None, "test");
    let handle = Handle::new(config(&server).region("eu-central-1").credentials_provider(creds).build(), &SERVICE);
    put_user(&handle, input("u1")).await.unwrap();
    let r = &server.received()[0];
    let auth = r.header("authorization").unwrap();
    let date = r.header("x-amz-date").unwrap();
    assert_eq!(date.len(), 16, "{date}");
    let scope = format!("Credential=ASIATEMP/{}/eu-central-1/userservice/aws4_request", &date[..8]);
    assert!(auth.starts_with(&format!("AWS4-HMAC-SHA256 {scope}, SignedHeaders=")), "{auth}");
    let signed = auth.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    for h in ["content-length", "content-type", "host", "x-amz-date", "x-amz-security-token"] {
        assert!(signed.split(';').any(|s| s == h), "{h} not signed: {signed}");
    }
    assert!(!signed.contains("user-agent"));
    assert_eq!(r.header("x-amz-security-token"), Some("SESSIONTOKEN"));
    let signature = auth.split("Signature=").nth(1).unwrap();
    assert_eq!(signature.len(), 64);
}

#[tokio::test]
async fn endpoint_url_path_prefix_is_kept() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let handle = Handle::new(config(&server).endpoint_url(format!("{}/base/", server.url())).build(), &SERVICE);
    put_user(&handle, input("u1")).await.unwrap();
    assert_eq!(server.received()[0].target, "/base/users/u1");
}

#[tokio::test]
async fn connection_refused_is_a_retried_dispatch_failure() {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let handle = Handle::new(
        Config::builder()
            .test_defaults()
            .endpoint_url(format!("http://{addr}"))
            .retry_config(RetryConfig::standard().initial_backoff(Duration::from_millis(1)))
            .build(),
        &SERVICE,
    );
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::Connect);
    let shown = err.to_string();
    assert!(shown.starts_with(&format!("dispatch failure: could not connect to http://{addr}")), "{shown}");
}

#[tokio::test]
async fn connections_are_reused() {
    let server = TestServer::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let handle = Handle::new(config(&server).build(), &SERVICE);
    put_user(&handle, input("u1")).await.unwrap();
    put_user(&handle.clone(), input("u2")).await.unwrap();
    assert_eq!(server.received().len(), 2);
    assert_eq!(server.connections(), 1);
}
