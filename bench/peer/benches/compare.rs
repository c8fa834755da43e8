//! connect-client (ours) against aws-sdk-connect (official), same inputs.
//!
//! Run through `cargo xtask bench` (which also measures build time, crate
//! count and binary size), or alone:
//! `cargo bench --manifest-path bench/peer/Cargo.toml -- --warm-up-time 1 --measurement-time 3`
//!
//! Both clients: region us-east-1, static test credentials (requests are
//! SigV4-signed), retries disabled, a current-thread tokio runtime, and a
//! transport that answers every request with the same canned response
//! without touching the network (ours: a three-line `HttpClient`; official:
//! `aws_smithy_http_client::test_util::infallible_client_fn`).
//!
//! - `send_full/*`: the whole `describe_user().send()` with the fully
//!   populated response (every User field, 10 tags, 10 security profiles).
//! - `send_empty/*`: the same with body `{}`: the cost of a call without the
//!   parsing of a user. `send_full - send_empty` estimates deserialization
//!   the same way for both SDKs.
//! - `deserialize/ours`: `operation::describe_user::deserialize_response` on
//!   the full response (the step `send()` uses).
//! - `deserialize/official_in_send`: the official deserializer is not public
//!   (`DescribeUserResponseDeserializer` is private), so it is timed inside
//!   `send()`: an interceptor takes the time at `read_before_deserialization`
//!   and at `read_after_deserialization` (in between: reading the in-memory
//!   body, `deserialize_nonstreaming`, and the other interceptors' hooks),
//!   summed over the sends of an iteration batch. Includes two
//!   `Instant::now()` and two uncontended mutex locks (tens of ns).

use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

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

const EMPTY_RESPONSE: &str = "{}";

const HEADERS: [(&str, &str); 2] = [("content-type", "application/json"), ("x-amzn-requestid", "rid")];

fn response(body: &'static str) -> http::Response<bytes::Bytes> {
    let mut b = http::Response::builder().status(200);
    for (k, v) in HEADERS {
        b = b.header(k, v);
    }
    b.body(bytes::Bytes::from_static(body.as_bytes())).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

mod ours {
    use super::*;
    use connect_client::config::{HttpClient, HttpFuture};
    use connect_client::{Client, Config};

    /// Answers every request with the same response; records nothing.
    struct Fixed(&'static str);

    impl HttpClient for Fixed {
        fn call(&self, req: http::Request<bytes::Bytes>) -> HttpFuture {
            drop(req);
            Box::pin(std::future::ready(Ok(response(self.0))))
        }
    }

    pub fn client(body: &'static str) -> Client {
        // test_defaults: us-east-1, static credentials, retries disabled.
        Client::from_conf(Config::builder().test_defaults().http_client(Fixed(body)).build())
    }

    pub async fn send(client: &Client) -> usize {
        let out = client.describe_user().instance_id("inst-1").user_id("user-1").send().await.unwrap();
        out.user().and_then(|u| u.tags()).map_or(0, |t| t.len())
    }

    pub fn deserialize(resp: &http::Response<bytes::Bytes>) -> usize {
        let out = connect_client::operation::describe_user::deserialize_response(resp).unwrap().unwrap();
        out.user().and_then(|u| u.tags()).map_or(0, |t| t.len())
    }
}

mod official {
    use super::*;
    use aws_sdk_connect::config::interceptors::{
        AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextRef,
    };
    use aws_sdk_connect::config::{
        BehaviorVersion, ConfigBag, Credentials, Intercept, Region, RuntimeComponents,
    };
    use aws_sdk_connect::{Client, Config};
    use aws_smithy_http_client::test_util::infallible_client_fn;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::retry::RetryConfig;

    type BoxError = Box<dyn std::error::Error + Send + Sync>;

    /// Sums the time between `read_before_deserialization` and
    /// `read_after_deserialization` over all calls.
    #[derive(Debug, Default, Clone)]
    pub struct DeserTimer(Arc<Mutex<(Option<Instant>, Duration)>>);

    impl DeserTimer {
        pub fn take(&self) -> Duration {
            std::mem::take(&mut self.0.lock().unwrap().1)
        }
    }

    impl Intercept for DeserTimer {
        fn name(&self) -> &'static str {
            "DeserTimer"
        }
        fn read_before_deserialization(
            &self,
            _: &BeforeDeserializationInterceptorContextRef<'_>,
            _: &RuntimeComponents,
            _: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let now = Instant::now();
            self.0.lock().unwrap().0 = Some(now);
            Ok(())
        }
        fn read_after_deserialization(
            &self,
            _: &AfterDeserializationInterceptorContextRef<'_>,
            _: &RuntimeComponents,
            _: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let now = Instant::now();
            let mut s = self.0.lock().unwrap();
            if let Some(start) = s.0.take() {
                s.1 += now - start;
            }
            Ok(())
        }
    }

    fn config(body: &'static str) -> aws_sdk_connect::config::Builder {
        let http = infallible_client_fn(move |_req| {
            let (parts, body) = response(body).into_parts();
            http::Response::from_parts(parts, SdkBody::from(body))
        });
        Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDTEST", "SECRETTEST", None, None, "bench"))
            .retry_config(RetryConfig::disabled())
            .http_client(http)
    }

    pub fn client(body: &'static str) -> Client {
        Client::from_conf(config(body).build())
    }

    pub fn timed_client(body: &'static str, timer: DeserTimer) -> Client {
        Client::from_conf(config(body).interceptor(timer).build())
    }

    pub async fn send(client: &Client) -> usize {
        let out = client.describe_user().instance_id("inst-1").user_id("user-1").send().await.unwrap();
        out.user().and_then(|u| u.tags()).map_or(0, |t| t.len())
    }
}

fn sanity(rt: &tokio::runtime::Runtime) {
    // Both really parse the full user, and send a signed request.
    assert_eq!(rt.block_on(ours::send(&ours::client(FULL_RESPONSE))), 10);
    assert_eq!(rt.block_on(official::send(&official::client(FULL_RESPONSE))), 10);
    assert_eq!(ours::deserialize(&response(FULL_RESPONSE)), 10);
    assert_eq!(rt.block_on(ours::send(&ours::client(EMPTY_RESPONSE))), 0);
    assert_eq!(rt.block_on(official::send(&official::client(EMPTY_RESPONSE))), 0);
}

fn send(c: &mut Criterion) {
    let rt = runtime();
    sanity(&rt);
    for (group, body) in [("send_full", FULL_RESPONSE), ("send_empty", EMPTY_RESPONSE)] {
        let mut g = c.benchmark_group(group);
        let client = ours::client(body);
        g.bench_function("ours", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                rt.block_on(async {
                    for _ in 0..iters {
                        black_box(ours::send(&client).await);
                    }
                });
                start.elapsed()
            })
        });
        let client = official::client(body);
        g.bench_function("official", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                rt.block_on(async {
                    for _ in 0..iters {
                        black_box(official::send(&client).await);
                    }
                });
                start.elapsed()
            })
        });
        g.finish();
    }
}

fn deserialize(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("deserialize");
    let resp = response(FULL_RESPONSE);
    g.bench_function("ours", |b| b.iter(|| ours::deserialize(black_box(&resp))));
    let timer = official::DeserTimer::default();
    let client = official::timed_client(FULL_RESPONSE, timer.clone());
    g.bench_function("official_in_send", |b| {
        b.iter_custom(|iters| {
            timer.take();
            rt.block_on(async {
                for _ in 0..iters {
                    black_box(official::send(&client).await);
                }
            });
            timer.take()
        })
    });
    g.finish();
}

criterion_group!(benches, deserialize, send);
criterion_main!(benches);
