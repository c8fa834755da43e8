//! `cargo bench -p connect-client -- --warm-up-time 1 --measurement-time 3`
//!
//! - `validate/*`: `Validate::validate` on a fully populated `User`, and the
//!   SecondaryEmail `@pattern` check alone.
//! - `send_stub/*`: the whole `describe_user().send()` through the stub
//!   transport on a current-thread runtime (serialize, sign, parse).
//! - `deserialize/*`: `operation::describe_user::deserialize_response` on a
//!   fully populated response, the step `send()` uses to read it.
//! - `endpoint/*`: one uncached walk of Connect's endpoint rule set
//!   (`config::endpoint::resolve`): a commercial region, FIPS with dual-stack
//!   in GovCloud, and a configured endpoint the rules refuse with FIPS. A
//!   client resolves once and reuses the result (what `send_stub` measures).

use std::hint::black_box;
use std::time::{Duration, Instant};

use connect_client::config::stub::StubHttpClient;
use connect_client::primitives::DateTime;
use connect_client::types::{PhoneType, User, UserIdentityInfo, UserPhoneConfig};
use connect_client::{Client, Config, Validate};
use criterion::{Criterion, criterion_group, criterion_main};

fn full_user() -> User {
    let mut b = User::builder()
        .id("7f1b2a2c-1d6a-4a38-8a4e-3f6b1a0c9d11")
        .arn("arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/7f1b2a2c")
        .username("jane.doe")
        .identity_info(
            UserIdentityInfo::builder()
                .first_name("Jane")
                .last_name("Doe")
                .email("jane.doe@example.com")
                .secondary_email("jane.doe+work@example.co.uk")
                .mobile("+14155550100")
                .build(),
        )
        .phone_config(
            UserPhoneConfig::builder()
                .phone_type(PhoneType::DeskPhone)
                .auto_accept(true)
                .after_contact_work_time_limit(30)
                .desk_phone_number("+442071838750")
                .build()
                .unwrap(),
        )
        .directory_user_id("d-1234567890")
        .routing_profile_id("rp-1")
        .hierarchy_group_id("hg-1")
        .last_modified_time(DateTime::from_secs(1_700_000_000))
        .last_modified_region("us-east-1");
    for i in 0..10 {
        b = b.security_profile_ids(format!("sp-{i}"));
    }
    for i in 0..10 {
        b = b.tags(format!("key-{i}"), format!("value {i}"));
    }
    b.build()
}

const FULL_RESPONSE: &str = r#"{"User":{
  "Id":"7f1b2a2c-1d6a-4a38-8a4e-3f6b1a0c9d11",
  "Arn":"arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/7f1b2a2c",
  "Username":"jane.doe",
  "IdentityInfo":{"FirstName":"Jane","LastName":"Doe","Email":"jane.doe@example.com",
                  "SecondaryEmail":"jane.doe+work@example.co.uk","Mobile":"+14155550100"},
  "PhoneConfig":{"PhoneType":"DESK_PHONE","AutoAccept":true,"AfterContactWorkTimeLimit":30,
                 "DeskPhoneNumber":"+442071838750"},
  "DirectoryUserId":"d-1234567890",
  "SecurityProfileIds":["sp-0","sp-1","sp-2","sp-3","sp-4","sp-5","sp-6","sp-7","sp-8","sp-9"],
  "RoutingProfileId":"rp-1",
  "HierarchyGroupId":"hg-1",
  "Tags":{"key-0":"value 0","key-1":"value 1","key-2":"value 2","key-3":"value 3","key-4":"value 4",
          "key-5":"value 5","key-6":"value 6","key-7":"value 7","key-8":"value 8","key-9":"value 9"},
  "LastModifiedTime":1700000000.5,
  "LastModifiedRegion":"us-east-1"
}}"#;

fn validate(c: &mut Criterion) {
    let user = full_user();
    assert_eq!(user.validate(), Ok(()));
    c.bench_function("validate/user_full", |b| b.iter(|| black_box(&user).validate()));

    let email_only = UserIdentityInfo::builder().secondary_email("jane.doe+work@example.co.uk").build();
    assert_eq!(email_only.validate(), Ok(()));
    c.bench_function("validate/secondary_email_only", |b| b.iter(|| black_box(&email_only).validate()));

    let bad_email = UserIdentityInfo::builder().secondary_email("not-an-email").build();
    assert!(bad_email.validate().is_err());
    c.bench_function("validate/secondary_email_invalid", |b| b.iter(|| black_box(&bad_email).validate()));
}

/// `iters` sends through a fresh stub client, queued in untimed chunks so
/// the stub's record of requests stays small.
fn time_sends(rt: &tokio::runtime::Runtime, body: &'static str, iters: u64) -> Duration {
    const CHUNK: u64 = 1_000;
    let mut total = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let n = left.min(CHUNK);
        left -= n;
        let stub = StubHttpClient::new();
        for _ in 0..n {
            stub.respond(200, &[("content-type", "application/json"), ("x-amzn-requestid", "rid")], body);
        }
        let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
        let start = Instant::now();
        rt.block_on(async {
            for _ in 0..n {
                let out = client.describe_user().instance_id("inst-1").user_id("user-1").send().await.unwrap();
                black_box(out);
            }
        });
        total += start.elapsed();
    }
    total
}

fn send_stub(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // Sanity: the full response really parses into a full user.
    let stub = StubHttpClient::new();
    stub.respond(200, &[], FULL_RESPONSE);
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub).build());
    let out = rt.block_on(client.describe_user().instance_id("i").user_id("u").send()).unwrap();
    assert_eq!(out.user().unwrap().tags().unwrap().len(), 10);

    c.bench_function("send_stub/full_user", |b| b.iter_custom(|iters| time_sends(&rt, FULL_RESPONSE, iters)));
    c.bench_function("send_stub/empty_response", |b| b.iter_custom(|iters| time_sends(&rt, "{}", iters)));
}

fn deserialize(c: &mut Criterion) {
    use connect_client::operation::describe_user::deserialize_response;
    let resp = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", "rid")
        .body(bytes::Bytes::from_static(FULL_RESPONSE.as_bytes()))
        .unwrap();
    let out = deserialize_response(&resp).unwrap().unwrap();
    assert_eq!(out.user().unwrap().tags().unwrap().len(), 10);
    c.bench_function("deserialize/full_user", |b| b.iter(|| deserialize_response(black_box(&resp))));
}

fn endpoint(c: &mut Criterion) {
    use connect_client::config::endpoint::{Params, resolve};
    let plain = Params::builder().region("us-east-1").build().unwrap();
    let gov = Params::builder().region("us-gov-west-1").use_fips(true).use_dual_stack(true).build().unwrap();
    let refused = Params::builder().region("eu-west-1").use_fips(true).endpoint("https://example.com").build().unwrap();
    c.bench_function("endpoint/us_east_1", |b| b.iter(|| resolve(black_box(&plain))));
    c.bench_function("endpoint/gov_fips_dual_stack", |b| b.iter(|| resolve(black_box(&gov))));
    c.bench_function("endpoint/custom_endpoint_with_fips_error", |b| b.iter(|| resolve(black_box(&refused))));
}

criterion_group!(benches, validate, send_stub, deserialize, endpoint);
criterion_main!(benches);
