//! The operation's auth scheme decides whether requests are signed:
//! `Auth::None` never looks credentials up, `Auth::OptionalSigV4` signs when
//! they resolve and sends anonymously otherwise, `Auth::SigV4` requires them.

mod client_support;

use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Auth, Config, Credentials, Handle, OperationInfo, SdkError, invoke};
use client_support::*;

static ANONYMOUS: OperationInfo = OperationInfo { service: &SERVICE, name: "PutUser", retryable_error_codes: &[], auth: Auth::None };
static OPTIONAL: OperationInfo =
    OperationInfo { service: &SERVICE, name: "PutUser", retryable_error_codes: &[], auth: Auth::OptionalSigV4 };

async fn call(handle: &Handle, op: &'static OperationInfo) -> Result<PutUserOutput, SdkError<PutUserError>> {
    invoke(handle, op, input("u1"), serialize_put_user, deserialize_put_user).await
}

/// A client whose environment and shared files hold no credentials.
fn without_credentials(stub: &StubHttpClient) -> Handle {
    let config = Config::builder()
        .environment([("HOME", "/nonexistent"), ("AWS_EC2_METADATA_DISABLED", "true")])
        .region("us-east-1")
        .http_client(stub.clone())
        .build();
    Handle::new(config, &SERVICE)
}

#[tokio::test]
async fn anonymous_operations_are_sent_unsigned_without_looking_for_credentials() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    call(&without_credentials(&stub), &ANONYMOUS).await.unwrap();
    let sent = &stub.requests()[0];
    assert!(sent.headers().get("authorization").is_none());
    assert!(sent.headers().get("x-amz-date").is_none());
    assert!(sent.headers().get("x-amz-security-token").is_none());
}

#[tokio::test]
async fn optional_auth_signs_when_credentials_resolve_and_not_otherwise() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}").respond(200, &[], "{}");
    call(&without_credentials(&stub), &OPTIONAL).await.unwrap();
    let signed = Config::builder()
        .test_defaults()
        .credentials_provider(Credentials::new("AKIDOPT", "S", None, None, "test"))
        .http_client(stub.clone())
        .build();
    call(&Handle::new(signed, &SERVICE), &OPTIONAL).await.unwrap();
    let sent = stub.requests();
    assert!(sent[0].headers().get("authorization").is_none());
    assert!(sent[1].headers()["authorization"].to_str().unwrap().contains("Credential=AKIDOPT/"));
}

#[tokio::test]
async fn signed_operations_fail_without_credentials_and_send_nothing() {
    let stub = StubHttpClient::new();
    let err = call(&without_credentials(&stub), &PUT_USER).await.unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
    assert!(stub.requests().is_empty());
}
