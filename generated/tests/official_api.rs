//! The public API as a program written against the official aws-sdk-connect
//! uses it (issue 13; docs/migration.md): the service-wide `Error` and `?`,
//! enum `Debug`, fallible input builders, `RequestId`.

use connect_client::config::stub::StubHttpClient;
use connect_client::error::{ProvideErrorMetadata, SdkError};
use connect_client::operation::describe_user::{DescribeUserError, DescribeUserOutput};
use connect_client::{Client, Config};

fn client(stub: &StubHttpClient) -> Client {
    Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build())
}

/// A function in the style of an application: every call's error goes
/// through `?` into the service-wide error.
async fn user_name(client: &Client, user: &str) -> Result<Option<String>, connect_client::Error> {
    let output: DescribeUserOutput = client.describe_user().instance_id("i").user_id(user).send().await?;
    Ok(output.user().and_then(|u| u.username().map(str::to_owned)))
}

fn error_body(code: &str, message: &str) -> String {
    format!(r#"{{"__type":"com.amazonaws.connect#{code}","Message":"{message}"}}"#)
}

#[tokio::test]
async fn question_mark_turns_a_modeled_error_into_its_service_wide_variant() {
    let stub = StubHttpClient::new();
    stub.respond(404, &[("x-amzn-requestid", "rid-404")], error_body("ResourceNotFoundException", "no such user"));
    let err = user_name(&client(&stub), "u").await.unwrap_err();
    assert!(matches!(&err, connect_client::Error::ResourceNotFoundException(e) if e.message() == Some("no such user")), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("no such user"));
    assert_eq!(err.meta().request_id(), Some("rid-404"));
    assert_eq!(err.to_string(), "ResourceNotFoundException: no such user");
    // As the official: the source is the modeled error's own (none), not the error again.
    assert!(std::error::Error::source(&err).is_none());
}

#[tokio::test]
async fn an_unmodeled_error_is_unhandled_with_its_code_and_message() {
    let stub = StubHttpClient::new();
    stub.respond(403, &[("x-amzn-requestid", "rid-403")], error_body("AccessDeniedException", "not allowed"));
    let err = user_name(&client(&stub), "u").await.unwrap_err();
    assert!(matches!(err, connect_client::Error::Unhandled(_)), "{err:?}");
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(err.message(), Some("not allowed"));
    assert_eq!(err.meta().request_id(), Some("rid-403"));
}

#[tokio::test]
async fn failures_that_are_not_the_services_answer_are_unhandled_and_keep_their_cause() {
    // A response that cannot be read: the cause is the SdkError, the request id is kept.
    let stub = StubHttpClient::new();
    stub.respond(200, &[("x-amzn-requestid", "rid-bad")], "not json");
    let err = user_name(&client(&stub), "u").await.unwrap_err();
    assert!(matches!(err, connect_client::Error::Unhandled(_)), "{err:?}");
    assert_eq!(err.meta().request_id(), Some("rid-bad"));
    let source = std::error::Error::source(&err).expect("the SdkError is kept");
    assert!(source.downcast_ref::<SdkError<DescribeUserError>>().is_some_and(|e| matches!(e, SdkError::ResponseError(_))));

    // Nothing sent: an empty label is a construction failure.
    let err = user_name(&client(&StubHttpClient::new()), "").await.unwrap_err();
    assert!(matches!(err, connect_client::Error::Unhandled(_)), "{err:?}");
    assert_eq!(err.code(), None);
}

#[test]
fn operation_errors_and_build_errors_convert_too() {
    let e = DescribeUserError::ThrottlingException(
        connect_client::types::error::ThrottlingException::builder().message("slow down").build(),
    );
    let err = connect_client::Error::from(e);
    assert!(matches!(&err, connect_client::Error::ThrottlingException(e) if e.message() == Some("slow down")), "{err:?}");
    assert_eq!(err.to_string(), "ThrottlingException: slow down");

    let err: connect_client::Error = connect_client::error::BuildError::missing_field("user_id", "").into();
    assert!(matches!(err, connect_client::Error::Unhandled(_)));
    assert!(err.to_string().contains("user_id"), "{err}");
    // The root re-export is the error module's type.
    let _: fn(connect_client::error::Error) -> connect_client::Error = |e| e;
}

/// As the official SDK's users write it: an input's `build()` is fallible
/// and `?` takes its `BuildError` into the service-wide error.
fn official_style_input(user: &str) -> Result<connect_client::operation::describe_user::DescribeUserInput, connect_client::Error> {
    let input = connect_client::operation::describe_user::DescribeUserInput::builder().instance_id("i").user_id(user).build()?;
    Ok(input)
}

#[test]
fn input_build_returns_a_result_like_the_official() {
    let input = official_style_input("u").unwrap();
    assert_eq!(input.user_id(), Some("u"));
    // Required members are not checked by `build()`, as in the official SDK...
    let empty = connect_client::operation::describe_user::DescribeUserInput::builder().build();
    assert!(matches!(empty, Ok(ref i) if i.user_id().is_none()), "{empty:?}");
    // ...but by the request serializer, before anything is sent.
    let err = connect_client::operation::describe_user::serialize_request(&empty.unwrap()).unwrap_err();
    assert_eq!(err.field(), Some("InstanceId"), "{err}");
}

#[tokio::test]
async fn request_id_is_a_trait_on_errors_as_in_the_official_sdk() {
    use connect_client::operation::RequestId;
    fn id<T: RequestId>(t: &T) -> Option<&str> {
        t.request_id()
    }
    let stub = StubHttpClient::new();
    stub.respond(404, &[("x-amzn-requestid", "rid-7")], error_body("ResourceNotFoundException", "gone"));
    stub.respond(403, &[("x-amzn-requestid", "rid-8")], error_body("AccessDeniedException", "no"));
    let client = client(&stub);
    let sdk_err = client.describe_user().instance_id("i").user_id("u").send().await.unwrap_err();
    assert_eq!(id(&sdk_err), Some("rid-7"));
    let op_err = sdk_err.into_service_error();
    assert_eq!(id(&op_err), Some("rid-7"));
    // The modeled error structure itself, with both traits in scope as official code has them.
    let DescribeUserError::ResourceNotFoundException(e) = &op_err else { panic!("{op_err:?}") };
    assert_eq!(e.request_id(), Some("rid-7"));
    assert_eq!(e.code(), Some("ResourceNotFoundException"));
    let service: connect_client::Error = op_err.into();
    assert_eq!(service.request_id(), Some("rid-7"));

    let result = client.describe_user().instance_id("i").user_id("u").send().await;
    assert_eq!(result.request_id(), Some("rid-8"));
    let unhandled: connect_client::Error = result.unwrap_err().into();
    assert!(matches!(unhandled, connect_client::Error::Unhandled(_)));
    assert_eq!(unhandled.request_id(), Some("rid-8"));
    let connect_client::Error::Unhandled(inner) = &unhandled else { unreachable!() };
    assert_eq!(id(inner), Some("rid-8"));
}

#[tokio::test]
async fn outputs_keep_the_request_id_as_in_the_official_sdk() {
    use connect_client::operation::RequestId;
    let stub = StubHttpClient::new();
    stub.respond(200, &[("x-amzn-requestid", "rid-ok")], r#"{"User":{"Username":"jane"}}"#);
    stub.respond(200, &[], r#"{"User":{"Username":"jane"}}"#);
    let client = client(&stub);
    let first = client.describe_user().instance_id("i").user_id("u").send().await.unwrap();
    assert_eq!(first.request_id(), Some("rid-ok"));
    assert!(format!("{first:?}").contains(r#"_request_id: Some("rid-ok")"#), "{first:?}");
    let second = client.describe_user().instance_id("i").user_id("u").send().await;
    // On the call's result too, success or error.
    assert_eq!(second.request_id(), None);
    let second = second.unwrap();
    assert_eq!(second.request_id(), None);
    assert_eq!(DescribeUserOutput::builder().build().request_id(), None);
}

#[test]
fn a_built_output_can_carry_a_request_id_for_mocks() {
    use connect_client::operation::RequestId;
    let output = DescribeUserOutput::builder()._request_id("rid-mock").build();
    assert_eq!(output.request_id(), Some("rid-mock"));
    assert_ne!(output, DescribeUserOutput::builder().build(), "the request id is part of equality, as in the official SDK");
}

#[test]
fn config_takes_the_official_region_behavior_version_and_modules() {
    use connect_client::config::retry::{RetryConfig, RetryMode};
    use connect_client::config::timeout::TimeoutConfig;
    use connect_client::config::{BehaviorVersion, Region};
    let config = Config::builder()
        .region(Region::new("eu-west-2"))
        .behavior_version(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard())
        .timeout_config(TimeoutConfig::default())
        .build();
    assert_eq!(config.region(), Some("eu-west-2"));
    assert!(config.behavior_version() == Some(BehaviorVersion::latest()));
    assert_eq!(config.retry_config().mode(), RetryMode::Standard);
    // A &str still works, and `set_region` unsets.
    assert_eq!(Config::builder().region("ap-south-1").build().region(), Some("ap-south-1"));
    let mut builder = Config::builder().region(Region::from_static("us-west-2"));
    builder.set_region(None);
    assert_eq!(builder.build().region(), None);
    assert!(Config::builder().behavior_version_latest().build().behavior_version().is_some());
}

#[test]
fn retry_and_timeout_builders_take_the_official_method_names() {
    use connect_client::config::retry::RetryConfig;
    use connect_client::config::timeout::TimeoutConfig;
    use std::time::Duration;
    let retry = RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(50)).with_max_backoff(Duration::from_secs(2));
    let timeout = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .read_timeout(Duration::from_secs(2))
        .operation_attempt_timeout(Duration::from_secs(3))
        .operation_timeout(Duration::from_secs(10))
        .build();
    let config = Config::builder().retry_config(retry).timeout_config(timeout).build();
    assert_eq!(config.retry_config().get_max_attempts(), 5);
    assert_eq!(config.retry_config().get_initial_backoff(), Duration::from_millis(50));
    assert_eq!(config.retry_config().get_max_backoff(), Duration::from_secs(2));
    assert_eq!(config.timeout_config().get_connect_timeout(), Some(Duration::from_secs(1)));
    assert_eq!(config.timeout_config().get_read_timeout(), Some(Duration::from_secs(2)));
    assert_eq!(config.timeout_config().get_operation_attempt_timeout(), Some(Duration::from_secs(3)));
    assert_eq!(config.timeout_config().get_operation_timeout(), Some(Duration::from_secs(10)));
}

#[tokio::test]
async fn display_error_context_prints_the_whole_chain() {
    use connect_client::error::DisplayErrorContext;
    let stub = StubHttpClient::new();
    stub.respond(404, &[("x-amzn-requestid", "rid-1")], error_body("ResourceNotFoundException", "gone"));
    let err = user_name(&client(&stub), "u").await.unwrap_err();
    let shown = DisplayErrorContext(&err).to_string();
    assert!(shown.starts_with("ResourceNotFoundException: gone ("), "{shown}");
}
