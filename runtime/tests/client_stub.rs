//! `StubHttpClient` and configuration behavior that needs no network.

mod client_support;

use std::time::Duration;

use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, SdkError, TransportError, TransportErrorKind, invoke};
use client_support::*;

async fn put_user(handle: &Handle, input: PutUserInput) -> Result<PutUserOutput, SdkError<PutUserError>> {
    invoke(handle, &PUT_USER, input, serialize_put_user, deserialize_put_user).await
}

#[tokio::test]
async fn stub_answers_in_order_and_records_requests() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[("x-amzn-requestid", "r1")], r#"{"Name":"Ann"}"#).error(404, "ResourceNotFoundException", "gone for good");
    let handle = Handle::new(Config::builder().test_defaults().http_client(stub.clone()).build(), &SERVICE);

    let out = put_user(&handle, input("u1")).await.unwrap();
    assert_eq!(out.name.as_deref(), Some("Ann"));
    let err = put_user(&handle, input("u2")).await.unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("gone for good"));
    assert_eq!(stub.remaining(), 0);

    let sent = stub.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].uri().to_string(), "https://users.us-east-1.amazonaws.com/users/u1");
    assert_eq!(sent[1].uri().path(), "/users/u2");
    assert!(sent[0].headers()["authorization"].to_str().unwrap().contains("Credential=AKIDTEST/"));
    assert_eq!(sent[0].headers()["host"], "users.us-east-1.amazonaws.com");
    assert_eq!(sent[0].headers()["amz-sdk-request"], "attempt=1; max=1");
}

#[tokio::test]
async fn empty_queue_fails_clearly_and_is_not_retried() {
    let stub = StubHttpClient::new();
    let config = Config::builder().test_defaults().retry_config(RetryConfig::standard()).http_client(stub.clone());
    let handle = Handle::new(config.build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.starts_with("dispatch failure: StubHttpClient has no response queued for request #1 (PUT https://"), "{shown}");
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn transport_failures_are_retried() {
    let stub = StubHttpClient::new();
    stub.fail(TransportError::connect("refused")).fail(TransportError::io("reset")).respond(200, &[], "{}");
    let retry = RetryConfig::standard().initial_backoff(Duration::from_millis(1));
    let config = Config::builder().test_defaults().retry_config(retry).http_client(stub.clone());
    put_user(&Handle::new(config.build(), &SERVICE), input("u1")).await.unwrap();
    let attempts: Vec<_> = stub.requests().iter().map(|r| r.headers()["amz-sdk-request"].clone()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    // Each attempt is signed afresh, with a single Authorization header.
    assert!(stub.requests().iter().all(|r| r.headers().get_all("authorization").iter().count() == 1));
}

#[tokio::test]
async fn into_service_error_turns_other_failures_into_unhandled() {
    let stub = StubHttpClient::new();
    stub.fail(TransportError::connect("refused"));
    let handle = Handle::new(Config::builder().test_defaults().http_client(stub).build(), &SERVICE);
    let err = put_user(&handle, input("u1")).await.unwrap_err();
    assert!(matches!(&err, SdkError::DispatchFailure(d) if d.transport_error().kind() == TransportErrorKind::Connect));
    match err.into_service_error() {
        PutUserError::Unhandled(u) => {
            assert!(u.to_string().contains("dispatch failure: refused"), "{u}");
            assert!(std::error::Error::source(&u).is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn missing_region_is_reported_at_send_time() {
    let stub = StubHttpClient::new();
    let config = Config::builder()
        .environment([("HOME", "/nonexistent"), ("AWS_EC2_METADATA_DISABLED", "true")])
        .profile_name("client-runtime-test-no-such-profile")
        .credentials_provider(Credentials::new("A", "B", None, None, "test"))
        .http_client(stub.clone())
        .build();
    let err = put_user(&Handle::new(config, &SERVICE), input("u1")).await.unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "construction failure: no region configured: set AWS_REGION or AWS_DEFAULT_REGION, a `region` in profile `client-runtime-test-no-such-profile`"
        ),
        "{shown}"
    );
    assert!(shown.ends_with("or Config::builder().region(..)"), "{shown}");
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn missing_credentials_are_reported_at_send_time() {
    let stub = StubHttpClient::new();
    let config = Config::builder()
        .environment([("HOME", "/nonexistent")])
        .region("us-east-1")
        .profile_name("client-runtime-test-no-such-profile")
        .http_client(stub.clone())
        .build();
    let err = put_user(&Handle::new(config, &SERVICE), input("u1")).await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.starts_with("construction failure: no credentials: "), "{shown}");
    assert!(shown.contains("the profile `client-runtime-test-no-such-profile` is not in /nonexistent/.aws/credentials or /nonexistent/.aws/config"), "{shown}");
    assert!(shown.contains("credentials_provider(..)"), "{shown}");
    assert!(stub.requests().is_empty());
}

#[test]
fn debug_output_never_shows_secrets() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDSHOWN", "TOPSECRET", Some("TOKENSECRET".into()), None, "test"))
        .build();
    let shown = format!("{config:?} {:?}", config.to_builder());
    assert!(!shown.contains("TOPSECRET") && !shown.contains("TOKENSECRET"), "{shown}");
    assert!(shown.contains("us-east-1"));
}

#[test]
fn defaults() {
    let c = Config::builder().build();
    assert_eq!(c.region(), None);
    assert!(!c.validate_requests());
    assert_eq!(c.retry_config(), &RetryConfig::standard());
    assert_eq!(c.retry_config().get_max_attempts(), 3);
    assert_eq!(c.timeout_config().get_connect_timeout(), Some(Duration::from_millis(3100)));
    assert_eq!(c.timeout_config().get_operation_attempt_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(c.timeout_config().get_operation_timeout(), None);
    let c = c.to_builder().region("eu-west-1").validate_requests(true).build();
    assert_eq!((c.region(), c.validate_requests()), (Some("eu-west-1"), true));
}

#[test]
fn invoke_futures_are_send_and_handles_are_shareable() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Handle>();
    assert_send_sync::<Config>();
    let handle = Handle::new(Config::builder().test_defaults().http_client(StubHttpClient::new()).build(), &SERVICE);
    let fut = put_user(&handle, input("u1"));
    assert_send(&fut);
}

/// A transport that never answers, counting calls.
#[derive(Clone, Default)]
struct Never(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl client_runtime::client::HttpClient for Never {
    fn call(&self, _: http::Request<bytes::Bytes>) -> client_runtime::client::HttpFuture {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn operation_timeout_covers_retries() {
    use client_runtime::client::TimeoutConfig;
    let never = Never::default();
    let timeouts = TimeoutConfig::new().operation_attempt_timeout(Duration::from_millis(100)).operation_timeout(Duration::from_millis(350));
    let retry = RetryConfig::standard().max_attempts(10).initial_backoff(Duration::ZERO);
    let config = Config::builder().test_defaults().retry_config(retry).timeout_config(timeouts).http_client(never.clone());
    let started = std::time::Instant::now();
    let err = put_user(&Handle::new(config.build(), &SERVICE), input("u1")).await.unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(err.to_string(), "timeout: no response within 350ms (operation timeout)");
    assert!(started.elapsed() >= Duration::from_millis(350));
    // Timed-out attempts were retried until the operation limit hit.
    assert!(never.0.load(std::sync::atomic::Ordering::SeqCst) >= 2);
}
