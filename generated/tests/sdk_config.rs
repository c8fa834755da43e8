//! `Client::new(&SdkConfig)` and `config::Builder::from(&SdkConfig)`
//! (feature `sdk-config`, issue 13): a client made from an `SdkConfig` built
//! by hand, as aws-config would load it, sends where it says, signs with its
//! credentials for its region, and retries and times out as it says.
#![cfg(feature = "sdk-config")]

use std::time::{Duration, Instant};

use aws_types::SdkConfig;
use aws_types::region::Region as SdkRegion;
use aws_types::sdk_config::{RetryConfig as SdkRetryConfig, SharedCredentialsProvider, TimeoutConfig as SdkTimeoutConfig};
use connect_client::config::stub::StubHttpClient;
use connect_client::config::{Builder, Credentials, Region, RetryConfig, RetryMode};
use connect_client::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn sdk_config(endpoint_url: &str) -> SdkConfig {
    let ms = Duration::from_millis;
    SdkConfig::builder()
        .region(SdkRegion::new("eu-west-2"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKIDFROMSDK", "SECRETFROMSDK", Some("TOKENFROMSDK".into()), None, "hand-built")))
        .retry_config(SdkRetryConfig::adaptive().with_max_attempts(2).with_initial_backoff(ms(1)).with_max_backoff(ms(5)))
        .timeout_config(
            SdkTimeoutConfig::builder()
                .connect_timeout(ms(1500))
                .read_timeout(ms(2500))
                .operation_attempt_timeout(ms(400))
                .operation_timeout(ms(4000))
                .build(),
        )
        .endpoint_url(endpoint_url)
        .use_fips(false)
        .use_dual_stack(false)
        .build()
}

const USER: &str = r#"{"User":{"Id":"u","Username":"jane"}}"#;

#[tokio::test]
async fn a_client_from_the_builder_sends_to_the_endpoint_url_signed_for_the_region_with_the_credentials() {
    let stub = StubHttpClient::new();
    // One failure and a success: two attempts, as the SdkConfig allows.
    stub.respond(503, &[], "").respond(200, &[("x-amzn-requestid", "rid")], USER);
    let client = Client::from_conf(Builder::from(&sdk_config("https://connect.example.test/base")).http_client(stub.clone()).build());
    let out = client.describe_user().instance_id("inst").user_id("u").send().await.expect("the retry succeeds");
    assert_eq!(out.user().and_then(|u| u.username()), Some("jane"));

    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    let request = &requests[1];
    assert_eq!(request.uri().to_string(), "https://connect.example.test/base/users/inst/u");
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDFROMSDK/"), "{auth}");
    assert!(auth.contains("/eu-west-2/connect/aws4_request"), "{auth}");
    assert_eq!(request.headers()["x-amz-security-token"], "TOKENFROMSDK");
}

#[tokio::test]
async fn the_sdk_configs_max_attempts_bound_the_retries() {
    let stub = StubHttpClient::new();
    stub.respond(503, &[], "").respond(503, &[], "").respond(200, &[], USER);
    let client = Client::from_conf(Builder::from(&sdk_config("https://connect.example.test")).http_client(stub.clone()).build());
    let err = client.describe_user().instance_id("inst").user_id("u").send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503), "{err:?}");
    assert_eq!(stub.requests().len(), 2, "max_attempts 2 from the SdkConfig");
    assert_eq!(stub.remaining(), 1);
}

#[test]
fn config_new_carries_every_setting_over() {
    let config = Config::new(&sdk_config("http://localhost:4566"));
    assert_eq!(config.region(), Some("eu-west-2"));
    assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
    assert_eq!((config.use_fips(), config.use_dual_stack()), (Some(false), Some(false)));
    let retry = config.retry_config();
    assert_eq!(retry.mode(), RetryMode::Adaptive);
    assert_eq!((retry.get_max_attempts(), retry.get_initial_backoff(), retry.get_max_backoff()), (2, Duration::from_millis(1), Duration::from_millis(5)));
    assert_eq!(retry, &RetryConfig::adaptive().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(5)));
    let timeout = config.timeout_config();
    assert_eq!(timeout.get_connect_timeout(), Some(Duration::from_millis(1500)));
    assert_eq!(timeout.get_read_timeout(), Some(Duration::from_millis(2500)));
    assert_eq!(timeout.get_operation_attempt_timeout(), Some(Duration::from_millis(400)));
    assert_eq!(timeout.get_operation_timeout(), Some(Duration::from_millis(4000)));
    // The region type passes between the two SDKs.
    assert_eq!(Region::from(SdkRegion::new("eu-west-2")), Region::new("eu-west-2"));
}

#[tokio::test]
async fn client_new_uses_its_own_transport_to_the_endpoint_url_and_the_attempt_timeout() {
    // A server that reads each request, answers the first and lets the
    // others hang: the second call must end at the SdkConfig's 400 ms
    // attempt timeout, retried once (max_attempts 2), well before 4 s.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut heads = Vec::new();
        let mut open = Vec::new();
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0; 8192];
            let mut n = 0;
            while !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                n += socket.read(&mut buf[n..]).await.unwrap();
            }
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            if heads.is_empty() {
                let response = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{USER}", USER.len());
                socket.write_all(response.as_bytes()).await.unwrap();
            } else {
                open.push(socket);
            }
            heads.push(head);
            if heads.len() == 3 {
                // The hanging connections stay open until the test takes them.
                return (heads, open);
            }
        }
    });
    let client = Client::new(&sdk_config(&url));
    let out = client.describe_user().instance_id("inst").user_id("u").send().await.unwrap();
    assert_eq!(out.user().and_then(|u| u.username()), Some("jane"));

    let started = Instant::now();
    let err = client.describe_user().instance_id("inst").user_id("u").send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());

    let (heads, _open) = tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server saw three requests").unwrap();
    assert_eq!(heads.len(), 3, "one call, then an attempt and its retry");
    assert!(heads[0].starts_with("GET /users/inst/u HTTP/1.1\r\n"), "{}", heads[0]);
    let lower = heads[0].to_ascii_lowercase();
    assert!(lower.contains("credential=akidfromsdk/") && lower.contains("/eu-west-2/connect/aws4_request"), "{}", heads[0]);
    assert!(lower.contains("x-amz-security-token: tokenfromsdk"), "{}", heads[0]);
}

#[tokio::test]
async fn fips_and_dual_stack_from_the_sdk_config_choose_the_endpoint() {
    let sent_to = |fips: bool, dual_stack: bool| async move {
        let sdk = SdkConfig::builder()
            .region(SdkRegion::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKID", "SECRET", None, None, "hand-built")))
            .use_fips(fips)
            .use_dual_stack(dual_stack)
            .build();
        let stub = StubHttpClient::new();
        stub.respond(200, &[], USER);
        // No environment: only the SdkConfig decides.
        let config = Builder::from(&sdk).environment(Vec::<(String, String)>::new()).http_client(stub.clone()).build();
        Client::from_conf(config).describe_user().instance_id("inst").user_id("u").send().await.unwrap();
        stub.requests()[0].uri().host().unwrap().to_owned()
    };
    assert_eq!(sent_to(false, false).await, "connect.us-east-1.amazonaws.com");
    assert_eq!(sent_to(true, false).await, "connect-fips.us-east-1.amazonaws.com");
    assert_eq!(sent_to(false, true).await, "connect.us-east-1.api.aws");
    assert_eq!(sent_to(true, true).await, "connect-fips.us-east-1.api.aws");
}
