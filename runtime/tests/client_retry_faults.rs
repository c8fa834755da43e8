//! Retries under injected faults, against a scripted HTTP/1.1 server on
//! 127.0.0.1 through the default hyper transport: the retry quota in a 503
//! storm, server-sent delays, a server whose clock is an hour off, and
//! control characters in credentials and the region.

mod client_support;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, SdkError, invoke};
use client_support::{PUT_USER, PutUserError, PutUserOutput, SERVICE, deserialize_put_user, input, serialize_put_user};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------- server

/// A request as the server saw it, and when.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A response to write: status, extra headers, JSON body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn ok() -> Self {
        Self { status: 200, headers: Vec::new(), body: r#"{"Name":"Ann"}"#.into() }
    }

    fn error(status: u16, code: &str, message: &str) -> Self {
        let headers = vec![("x-amzn-errortype".into(), code.into())];
        Self { status, headers, body: format!(r#"{{"message":"{message}"}}"#) }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Seen) -> Answer + Send + Sync;

/// Answers every request with what `handler` says, and records them.
struct FaultServer {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    async fn start(handler: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let s = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                tokio::spawn(serve(conn, s.clone(), handler.clone()));
            }
        });
        Self { url, seen, task }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut conn: TcpStream, seen: Arc<Mutex<Vec<Seen>>>, handler: Arc<Handler>) {
    let mut buf = Vec::new();
    while let Some(received) = client_support::read_request(&mut conn, &mut buf).await {
        let req = Seen { at: Instant::now(), headers: received.headers };
        seen.lock().unwrap().push(req.clone());
        let answer = handler(&req);
        let mut out = format!(
            "HTTP/1.1 {} Fault\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            answer.status,
            answer.body.len()
        );
        for (k, v) in &answer.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&answer.body);
        if conn.write_all(out.as_bytes()).await.is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------- client

async fn put_user(handle: &Handle) -> Result<PutUserOutput, SdkError<PutUserError>> {
    invoke(handle, &PUT_USER, input("u1"), serialize_put_user, deserialize_put_user).await
}

fn fast(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn handle_for(server: &FaultServer, retry: RetryConfig) -> Handle {
    Handle::new(Config::builder().test_defaults().endpoint_url(&server.url).retry_config(retry).build(), &SERVICE)
}

/// Fails the test instead of hanging it.
async fn within<T>(limit: Duration, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(limit, f).await.expect("the call should have ended by now")
}

// ---------------------------------------------------------------- retry quota

#[tokio::test]
async fn a_503_storm_is_capped_by_the_retry_quota_and_successes_refill_it() {
    // Each request takes the next scripted status, else the default.
    let default = Arc::new(AtomicU16::new(503));
    let script: Arc<Mutex<VecDeque<u16>>> = Arc::default();
    let (d, s) = (default.clone(), script.clone());
    let server = FaultServer::start(move |_| {
        let status = s.lock().unwrap().pop_front().unwrap_or_else(|| d.load(Ordering::SeqCst));
        match status {
            200 => Answer::ok(),
            other => Answer::error(other, "ServiceUnavailable", "brownout"),
        }
    })
    .await;
    let handle = handle_for(&server, fast(3));
    assert_eq!(handle.retry_quota_available(), 500);

    // 200 calls, 20 at a time, from clones of one client. Without a quota
    // the server would see 600 requests; a 503 is a transient error, so each
    // retry costs 10 and the 500 tokens pay for 50 retries: 250 requests.
    for _ in 0..10 {
        let calls: Vec<_> = (0..20)
            .map(|_| {
                let h = handle.clone();
                tokio::spawn(async move { put_user(&h).await })
            })
            .collect();
        for call in calls {
            let err = within(Duration::from_secs(30), call).await.unwrap().unwrap_err();
            assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503), "{err}");
        }
    }
    assert_eq!(server.count(), 250, "200 first attempts + 50 retries");
    assert_eq!(handle.retry_quota_available(), 0);

    // With the bucket empty a failing call is not retried at all.
    put_user(&handle).await.unwrap_err();
    assert_eq!(server.count(), 251);

    // The service recovers: each first-attempt success gives one token back.
    default.store(200, Ordering::SeqCst);
    for _ in 0..30 {
        within(Duration::from_secs(10), put_user(&handle)).await.unwrap();
    }
    assert_eq!(server.count(), 281);
    assert_eq!(handle.retry_quota_available(), 30);

    // A successful retry gives back what it cost (10), not 1.
    script.lock().unwrap().push_back(503);
    put_user(&handle).await.unwrap();
    assert_eq!(server.count(), 283);
    assert_eq!(handle.retry_quota_available(), 30);

    // Another brownout: 30 tokens pay for three retries of 10.
    default.store(503, Ordering::SeqCst);
    let before = server.count();
    let mut requests = Vec::new();
    for _ in 0..3 {
        let start = server.count();
        put_user(&handle).await.unwrap_err();
        requests.push(server.count() - start);
    }
    assert_eq!(requests, [3, 2, 1], "{} requests in all", server.count() - before);

    // Another client has a bucket of its own.
    let other = handle_for(&server, fast(3));
    let start = server.count();
    put_user(&other).await.unwrap_err();
    assert_eq!(server.count() - start, 3);
    assert_eq!(other.retry_quota_available(), 480);
}

#[tokio::test]
async fn throttling_retries_cost_less_than_transient_ones() {
    let server = FaultServer::start(|_| Answer::error(400, "ThrottlingException", "slow down")).await;
    let handle = handle_for(&server, fast(3));
    put_user(&handle).await.unwrap_err();
    assert_eq!(server.count(), 3);
    assert_eq!(handle.retry_quota_available(), 490, "two retries of 5");
}

// ---------------------------------------------------------------- server-sent delays

#[tokio::test]
async fn x_amz_retry_after_sets_the_delay_of_the_next_attempt() {
    let server = FaultServer::start({
        let n = Arc::new(Mutex::new(0));
        move |_| {
            let mut n = n.lock().unwrap();
            *n += 1;
            match *n {
                1 => Answer::error(503, "ServiceUnavailable", "later").header("x-amz-retry-after", "1500"),
                _ => Answer::ok(),
            }
        }
    })
    .await;
    // A 1 ms backoff alone would retry at once; the default 20 s ceiling
    // leaves the server's 1.5 s alone.
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let handle = handle_for(&server, retry);
    within(Duration::from_secs(30), put_user(&handle)).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_millis(1490), "the second attempt came {gap:?} after the first");
}

#[tokio::test]
async fn a_server_sent_delay_is_capped_at_the_max_backoff_and_retry_after_is_ignored() {
    let server = FaultServer::start({
        let n = Arc::new(Mutex::new(0));
        move |_| {
            let mut n = n.lock().unwrap();
            *n += 1;
            match *n {
                // Ten minutes: capped at max_backoff.
                1 => Answer::error(503, "ServiceUnavailable", "later").header("x-amz-retry-after", "600000"),
                // The standard header (seconds) is not what the AWS SDKs read.
                2 => Answer::error(503, "ServiceUnavailable", "later").header("retry-after", "600"),
                _ => Answer::ok(),
            }
        }
    })
    .await;
    let retry = RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(50));
    let handle = handle_for(&server, retry);
    within(Duration::from_secs(30), put_user(&handle)).await.unwrap();
    assert_eq!(server.count(), 3);
}

// ---------------------------------------------------------------- clock skew

/// `20261201T231026Z` (X-Amz-Date) as a time.
fn parse_amz_date(v: &str) -> Option<SystemTime> {
    let b = v.as_bytes();
    if b.len() != 16 {
        return None;
    }
    let iso = format!("{}-{}-{}T{}:{}:{}Z", &v[0..4], &v[4..6], &v[6..8], &v[9..11], &v[11..13], &v[13..15]);
    SystemTime::try_from(DateTime::from_str(&iso, Format::DateTime).ok()?).ok()
}

fn http_date(t: SystemTime) -> String {
    DateTime::from(t).fmt(Format::HttpDate).unwrap()
}

/// A server whose clock is `ahead` seconds off ours (negative: behind). It
/// answers `code` to requests whose X-Amz-Date is more than 5 minutes off
/// its clock, and every response carries its `Date`.
async fn skewed_server(ahead: i64, code: &'static str, message: &'static str) -> FaultServer {
    FaultServer::start(move |req| {
        let shift = Duration::from_secs(ahead.unsigned_abs());
        let now = if ahead >= 0 { SystemTime::now() + shift } else { SystemTime::now() - shift };
        let signed = req.header("x-amz-date").and_then(parse_amz_date);
        let off = signed.map(|t| now.duration_since(t).unwrap_or_else(|e| e.duration()));
        let answer = match off {
            Some(off) if off <= Duration::from_secs(300) => Answer::ok(),
            _ => Answer::error(403, code, message),
        };
        answer.header("date", http_date(now))
    })
    .await
}

fn amz_date_offset(seen: &Seen) -> i64 {
    let t = parse_amz_date(seen.header("x-amz-date").unwrap()).unwrap();
    match t.duration_since(SystemTime::now()) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

#[tokio::test]
async fn a_server_an_hour_ahead_is_answered_on_the_second_attempt_and_remembered() {
    let server = skewed_server(
        3600,
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
    )
    .await;
    let handle = handle_for(&server, fast(3));
    let out = within(Duration::from_secs(30), put_user(&handle)).await.unwrap();
    assert_eq!(out.name.as_deref(), Some("Ann"));
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "refused, then accepted");
    assert!(amz_date_offset(&seen[0]).abs() < 60, "first signed with our clock");
    assert!((amz_date_offset(&seen[1]) - 3600).abs() < 60, "then with the server's");
    assert_eq!(handle.retry_quota_available(), 500, "the successful retry gave its cost back");

    // A clone shares the correction: its first attempt is accepted.
    put_user(&handle.clone()).await.unwrap();
    assert_eq!(server.count(), 3);

    // Another client learns for itself.
    put_user(&handle_for(&server, fast(3))).await.unwrap();
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn every_clock_skew_error_is_corrected_either_way() {
    let cases = [
        (3600, "InvalidSignatureException", "Signature expired: 20261201T231026Z is now earlier than 20261202T001526Z"),
        (3600, "RequestExpired", "Request has expired."),
        (3600, "SignatureDoesNotMatch", "Signature not yet current"),
        (-3600, "RequestInTheFuture", "Request is in the future"),
        (-7200, "AuthFailure", "AWS was not able to validate the provided access credentials"),
    ];
    for (ahead, code, message) in cases {
        let server = skewed_server(ahead, code, message).await;
        let handle = handle_for(&server, fast(3));
        within(Duration::from_secs(30), put_user(&handle)).await.unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(server.count(), 2, "{code}");
    }
}

#[tokio::test]
async fn a_signature_error_from_a_server_with_our_time_is_not_retried() {
    let server = FaultServer::start(|_| {
        Answer::error(403, "SignatureDoesNotMatch", "wrong secret").header("date", http_date(SystemTime::now()))
    })
    .await;
    let handle = handle_for(&server, fast(3));
    let err = put_user(&handle).await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn without_retries_the_skew_error_is_returned_and_the_next_call_is_corrected() {
    // As in the AWS SDKs, a skew retry is an ordinary retry: it needs an
    // attempt left.
    let server = skewed_server(3600, "RequestTimeTooSkewed", "too skewed").await;
    let handle = handle_for(&server, RetryConfig::disabled());
    let err = put_user(&handle).await.unwrap_err();
    assert_eq!(err.code(), Some("RequestTimeTooSkewed"));
    assert_eq!(server.count(), 1);
    put_user(&handle).await.unwrap();
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------- control characters

#[tokio::test]
async fn a_control_character_in_a_credential_or_the_region_is_a_construction_error_naming_it() {
    let server = FaultServer::start(|_| Answer::ok()).await;
    let creds = |id: &str, secret: &str, token: Option<&str>| {
        Credentials::new(id, secret, token.map(str::to_owned), None, "test")
    };
    let cases = [
        (creds("AKIDEXAMPLE\r", "SECRET", None), "us-east-1", "the access key id"),
        (creds("AKIDEXAMPLE", "SECRET\r\n", None), "us-east-1", "the secret access key"),
        (creds("AKIDEXAMPLE", "SECRET", Some("TOKEN\r")), "us-east-1", "the session token"),
        (creds("AKIDEXAMPLE", "SECRET", None), "us-east-1\r", "the region set with Config::builder().region(..)"),
    ];
    for (creds, region, setting) in cases {
        let config = Config::builder()
            .region(region)
            .credentials_provider(creds)
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::standard())
            .build();
        let err = put_user(&Handle::new(config, &SERVICE)).await.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{setting}: {err:?}");
        let shown = err.to_string();
        assert!(shown.contains(&format!("{setting} contains the control character U+000D")), "{shown}");
        assert!(!shown.contains("SECRET") && !shown.contains("TOKEN"), "no secret in the message: {shown}");
    }
    assert_eq!(server.count(), 0, "nothing was sent");
}

// ---------------------------------------------------------------- adaptive mode

/// Four tasks call as fast as they can for `run` through one client
/// against a server that allows 20 requests a second and throttles the
/// rest: (requests the server saw, of which throttled).
async fn hammer_rate_limited_server(retry: RetryConfig, run: Duration) -> (usize, usize) {
    let window: Arc<Mutex<VecDeque<Instant>>> = Arc::default();
    let throttled = Arc::new(AtomicU16::new(0));
    let (w, t) = (window.clone(), throttled.clone());
    let server = FaultServer::start(move |seen| {
        let mut w = w.lock().unwrap();
        while w.front().is_some_and(|at| seen.at.duration_since(*at) > Duration::from_secs(1)) {
            w.pop_front();
        }
        if w.len() >= 20 {
            t.fetch_add(1, Ordering::SeqCst);
            return Answer::error(400, "ThrottlingException", "Rate exceeded");
        }
        w.push_back(seen.at);
        Answer::ok()
    })
    .await;
    let handle = handle_for(&server, retry);
    let deadline = Instant::now() + run;
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let h = handle.clone();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let _ = put_user(&h).await;
                }
            })
        })
        .collect();
    for task in tasks {
        within(run + Duration::from_secs(30), task).await.unwrap();
    }
    (server.count(), usize::from(throttled.load(Ordering::SeqCst)))
}

#[tokio::test]
async fn adaptive_mode_slows_a_throttled_client_to_what_the_service_allows() {
    let run = Duration::from_secs(2);
    let (standard, standard_throttled) = hammer_rate_limited_server(fast(1), run).await;
    let adaptive = RetryConfig::adaptive().with_max_attempts(1);
    let started = Instant::now();
    let (adaptive, adaptive_throttled) = hammer_rate_limited_server(adaptive, run).await;
    println!(
        "2 s against a server allowing 20 requests/s, 4 tasks: standard mode sent {standard} ({standard_throttled} throttled), \
         adaptive mode {adaptive} ({adaptive_throttled} throttled; the last queued call ended after {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    // Standard mode keeps hammering. Adaptive mode stops at the first
    // throttles: they come before a send rate has been measured, so, as in
    // botocore (matched event by event in `adaptive.rs`), it restarts from
    // 0.5 requests/s and climbs the CUBIC curve; calls queue meanwhile.
    assert!(standard > 300, "standard mode is not limited: {standard}");
    assert!(adaptive * 10 < standard, "adaptive {adaptive}, standard {standard}");
    assert!(adaptive_throttled * 2 < adaptive, "adaptive mode stops being throttled: {adaptive_throttled} of {adaptive}");
}
