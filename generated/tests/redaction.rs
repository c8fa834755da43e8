//! Sensitive values never reach `Debug` output, not even through errors that
//! keep the raw response (a response that fails to parse is still the
//! user's data).

use connect_client::config::stub::StubHttpClient;
use connect_client::{Client, Config};

const SECRET: &str = "jane.secret@example.com";

async fn send(stub: &StubHttpClient) -> String {
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    let err = client.describe_user().instance_id("i").user_id("u").send().await.expect_err("must fail");
    format!("{err:?} {err}")
}

#[tokio::test]
async fn an_unparseable_response_keeps_its_body_out_of_debug() {
    let stub = StubHttpClient::new();
    let truncated = format!(r#"{{"User":{{"IdentityInfo":{{"Email":"{SECRET}","FirstName":"Jane""#);
    stub.respond(200, &[("x-amzn-requestid", "rid-7")], truncated.clone());
    let shown = send(&stub).await;
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("rid-7"), "the request id is still shown: {shown}");
    assert!(shown.contains(&format!("<{} bytes>", truncated.len())), "{shown}");
}

#[tokio::test]
async fn unmodeled_and_modeled_errors_keep_their_bodies_out_of_debug() {
    let stub = StubHttpClient::new();
    stub.respond(418, &[], format!(r#"{{"__type":"TeapotException","message":"no","Email":"{SECRET}"}}"#));
    let shown = send(&stub).await;
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("TeapotException"), "{shown}");

    let stub = StubHttpClient::new();
    stub.respond(404, &[], format!(r#"{{"__type":"ResourceNotFoundException","Message":"no","Email":"{SECRET}"}}"#));
    let shown = send(&stub).await;
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("ResourceNotFoundException"), "{shown}");
}

#[tokio::test]
async fn the_raw_body_is_still_available_to_the_caller() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], format!(r#"{{"User":{{"Username":"{SECRET}""#));
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    let err = client.describe_user().instance_id("i").user_id("u").send().await.expect_err("must fail");
    let body = err.raw_response().map(|r| String::from_utf8_lossy(r.body()).into_owned()).unwrap_or_default();
    assert!(body.contains(SECRET));
}
