//! `describe_user().send()` N times through an in-memory transport, for
//! callgrind (docs/performance.md has the command and the breakdown):
//!
//! ```text
//! cargo build --release --manifest-path bench/profile/Cargo.toml
//! valgrind --tool=callgrind target/release/send-profile full 20000
//! ```
//!
//! `full` answers the fully populated user of the benches, `empty` answers
//! `{}`. The client is built and warmed up (credentials cached, endpoint
//! resolved) by one call before the N measured ones, so dividing by N gives
//! the steady per-call cost plus the set-up spread over N.

use std::hint::black_box;

use connect_client::config::{HttpClient, HttpFuture};
use connect_client::{Client, Config};

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

/// Answers every request with the same response, as the peer bench's
/// transport does; records nothing.
struct Fixed(&'static str);

impl HttpClient for Fixed {
    fn call(&self, req: http::Request<bytes::Bytes>) -> HttpFuture {
        drop(req);
        let resp = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", "rid")
            .body(bytes::Bytes::from_static(self.0.as_bytes()))
            .expect("valid response");
        Box::pin(std::future::ready(Ok(resp)))
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let body = match args.next().as_deref() {
        Some("full") | None => FULL_RESPONSE,
        Some("empty") => "{}",
        Some(other) => panic!("unknown body `{other}`: expected full or empty"),
    };
    let n: u64 = args.next().map(|a| a.parse().expect("a number of calls")).unwrap_or(20_000);
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
    let client = Client::from_conf(Config::builder().test_defaults().http_client(Fixed(body)).build());
    rt.block_on(async {
        client.describe_user().instance_id("inst-1").user_id("user-1").send().await.expect("warm-up call");
        for _ in 0..n {
            let out = client.describe_user().instance_id("inst-1").user_id("user-1").send().await.expect("call");
            black_box(out);
        }
    });
}
