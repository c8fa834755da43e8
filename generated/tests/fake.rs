//! The generated fake (feature `fake`, issue 14) against the generated
//! client over real HTTP on 127.0.0.1: a handler's output arrives at the
//! client, a modeled error arrives as that error, a throttled call is
//! retried by the client, an operation without a handler answers 501
//! naming it, an input that breaks a constraint gets the configured
//! `InvalidParameterException`, every request is recorded with its typed
//! input, and with credentials configured a bad signature is answered 403.
#![cfg(feature = "fake")]

use std::time::{Duration, Instant};

use connect_client::config::RetryConfig;
use connect_client::error::SdkError;
use connect_client::fake::Fake;
use connect_client::operation::describe_user::{DescribeUserError, DescribeUserInput, DescribeUserOutput};
use connect_client::types::error::ResourceNotFoundException;
use connect_client::types::{PhoneType, User, UserIdentityInfo, UserPhoneConfig};
use connect_client::{Client, Config};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn fake() -> Fake {
    Fake::builder().start("127.0.0.1:0").await.expect("the fake binds a free port")
}

fn client(fake: &Fake, retry: RetryConfig) -> Client {
    Client::from_conf(Config::builder().test_defaults().endpoint_url(fake.url()).retry_config(retry).build())
}

fn fast_retries() -> RetryConfig {
    RetryConfig::standard().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(5))
}

async fn describe(client: &Client, user: &str) -> Result<DescribeUserOutput, SdkError<DescribeUserError>> {
    client.describe_user().instance_id("inst-1").user_id(user).send().await
}

fn user(id: &str) -> User {
    User::builder()
        .id(id)
        .username("jane")
        .identity_info(UserIdentityInfo::builder().first_name("Jane").secondary_email("j@example.com").build())
        .phone_config(UserPhoneConfig::builder().phone_type(PhoneType::SoftPhone).auto_accept(true).after_contact_work_time_limit(30).build().unwrap())
        .security_profile_ids("sp-1")
        .tags("team", "blue")
        .build()
}

#[tokio::test]
async fn a_handler_answers_and_the_client_reads_its_output_unchanged() {
    let fake = fake().await;
    fake.describe_user(|input: DescribeUserInput| async move {
        let id = input.user_id().unwrap_or_default().to_string();
        Ok(DescribeUserOutput::builder().user(user(&id)).build())
    });
    let out = describe(&client(&fake, RetryConfig::disabled()), "user/1 é").await.expect("success");
    assert_eq!(out.user(), Some(&user("user/1 é")), "the label arrives decoded, the output unchanged");
}

#[tokio::test]
async fn a_modeled_error_arrives_as_that_error_with_its_status_and_message() {
    let fake = fake().await;
    fake.describe_user(|_| async { Err(DescribeUserError::ResourceNotFoundException(ResourceNotFoundException::builder().message("no such user").build())) });
    let err = describe(&client(&fake, RetryConfig::disabled()), "u").await.expect_err("an error");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(404), "@httpError(404)");
    let service = err.into_service_error();
    assert!(service.is_resource_not_found_exception(), "{service:?}");
    assert_eq!(service.meta().message(), Some("no such user"));
}

#[tokio::test]
async fn throttled_calls_are_retried_by_the_client_until_the_handler_answers() {
    let fake = fake().await;
    fake.describe_user(|_| async { Ok(DescribeUserOutput::builder().user(user("u")).build()) });
    fake.faults().describe_user().throttle_next(2);
    let out = describe(&client(&fake, fast_retries()), "u").await.expect("the third attempt succeeds");
    assert_eq!(out.user().and_then(|u| u.id()), Some("u"));
    assert_eq!(fake.received().describe_user().len(), 3, "two throttled attempts and the one answered");

    // Without retries the throttling error is what the client sees.
    fake.faults().describe_user().throttle_next(1);
    let err = describe(&client(&fake, RetryConfig::disabled()), "u").await.expect_err("throttled");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(429));
    assert!(err.into_service_error().is_throttling_exception());
}

#[tokio::test]
async fn other_faults_500_drop_and_delay() {
    let fake = fake().await;
    fake.describe_user(|_| async { Ok(DescribeUserOutput::builder().build()) });
    let no_retry = client(&fake, RetryConfig::disabled());

    fake.faults().describe_user().fail_next(1);
    let err = describe(&no_retry, "u").await.expect_err("500");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(500));
    assert_eq!(err.into_service_error().meta().code(), Some("InternalFailure"));

    fake.faults().describe_user().drop_next(1);
    let err = describe(&no_retry, "u").await.expect_err("dropped connection");
    assert!(err.raw_response().is_none(), "no response at all: {err:?}");

    // A dropped connection and a 500 are both retried by the standard mode.
    fake.faults().describe_user().drop_next(1).fail_next(1);
    describe(&client(&fake, fast_retries()), "u").await.expect("retried past both faults");

    fake.faults().describe_user().delay(Some(Duration::from_millis(300)));
    let start = Instant::now();
    describe(&no_retry, "u").await.expect("slow but fine");
    assert!(start.elapsed() >= Duration::from_millis(300), "delayed {:?}", start.elapsed());
    fake.faults().describe_user().clear();
}

#[tokio::test]
async fn without_a_handler_the_fake_answers_501_naming_the_operation() {
    let fake = fake().await;
    let err = describe(&client(&fake, RetryConfig::disabled()), "u").await.expect_err("501");
    let raw = err.raw_response().expect("a response");
    assert_eq!(raw.status().as_u16(), 501);
    let body = String::from_utf8_lossy(raw.body().as_ref()).into_owned();
    assert!(body.contains("DescribeUser"), "{body}");
    assert_eq!(err.into_service_error().meta().code(), Some("NotImplemented"));
}

#[tokio::test]
async fn every_call_is_recorded_with_its_typed_input_and_raw_request() {
    let fake = fake().await;
    fake.describe_user(|_| async { Ok(DescribeUserOutput::builder().build()) });
    let c = client(&fake, RetryConfig::disabled());
    describe(&c, "first").await.unwrap();
    describe(&c, "second").await.unwrap();
    let seen = fake.received().describe_user();
    let ids: Vec<Option<&str>> = seen.iter().map(|r| r.input.user_id()).collect();
    assert_eq!(ids, [Some("first"), Some("second")]);
    assert_eq!(seen[0].input, DescribeUserInput::builder().instance_id("inst-1").user_id("first").build().unwrap());
    let raw = &seen[1].request;
    assert_eq!((raw.method.as_str(), raw.uri.path()), ("GET", "/users/inst-1/second"));
    let auth = raw.headers["authorization"].to_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"), "the client signed it: {auth}");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn requests_for_no_operation_get_404_and_are_recorded_too() {
    let fake = fake().await;
    let req = http::Request::builder().method("DELETE").uri("/users/inst-1/u").body(bytes::Bytes::new()).unwrap();
    let resp = fake.handle(req).await.expect("an answer");
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(resp.headers()["x-amzn-errortype"], "UnknownOperationException");
    let req = http::Request::builder()
        .method("GET")
        .uri("/users/inst-1/u")
        .header("content-type", "application/json")
        .body(bytes::Bytes::from_static(b"{}"))
        .unwrap();
    let resp = fake.handle(req).await.expect("an answer");
    assert_eq!(resp.status().as_u16(), 415, "DescribeUser takes no body");
    assert_eq!(fake.requests().len(), 2);
    assert!(fake.received().describe_user().is_empty(), "neither parsed into an input");
}

#[tokio::test]
async fn an_input_that_breaks_a_constraint_gets_invalid_parameter_exception_naming_it() {
    let fake = fake().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    fake.describe_user(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
        async { Ok(DescribeUserOutput::builder().build()) }
    });
    // The client would refuse it before sending; the fake must refuse it too.
    let config = Config::builder().test_defaults().endpoint_url(fake.url()).validate_requests(false).build();
    let long = "i".repeat(101);
    let err = Client::from_conf(config).describe_user().instance_id(&long).user_id("u").send().await.expect_err("invalid");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
    let service = err.into_service_error();
    assert!(service.is_invalid_parameter_exception(), "{service:?}");
    let message = service.meta().message().unwrap_or_default().to_string();
    assert!(message.starts_with("1 validation error detected. "), "{message}");
    assert!(message.contains("'/InstanceId'") && message.contains("length"), "names the member and the constraint: {message}");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the handler never sees an invalid input");
    assert_eq!(fake.received().describe_user().len(), 1, "but the call is recorded");
}

#[tokio::test]
async fn with_credentials_the_fake_checks_signatures() {
    let fake = Fake::builder().credentials("AKIDTEST", "SECRETTEST").start("127.0.0.1:0").await.unwrap();
    fake.describe_user(|_| async { Ok(DescribeUserOutput::builder().build()) });
    // test_defaults() signs with AKIDTEST / SECRETTEST.
    describe(&client(&fake, RetryConfig::disabled()), "u").await.expect("a good signature passes");

    let signed_with = |akid: &str, secret: &str| {
        let creds = connect_client::config::Credentials::new(akid, secret, None, None, "test");
        Client::from_conf(Config::builder().test_defaults().credentials_provider(creds).endpoint_url(fake.url()).build())
    };
    let err = describe(&signed_with("AKIDTEST", "WRONG"), "u").await.expect_err("bad signature");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(err.into_service_error().meta().code(), Some("InvalidSignatureException"));
    let err = describe(&signed_with("AKIDOTHER", "SECRETTEST"), "u").await.expect_err("unknown key");
    assert_eq!(err.into_service_error().meta().code(), Some("UnrecognizedClientException"));

    let unsigned = http::Request::builder().method("GET").uri("/users/i/u").body(bytes::Bytes::new()).unwrap();
    let resp = fake.handle(unsigned).await.unwrap();
    assert_eq!((resp.status().as_u16(), &resp.headers()["x-amzn-errortype"]), (403, &http::HeaderValue::from_static("MissingAuthenticationTokenException")));
    assert_eq!(fake.received().describe_user().len(), 1, "only the good call reached the operation");
}
