//! A load test with injected faults: 20,000 calls from 64 concurrent tasks
//! through one client (shared by clones), against a server on 127.0.0.1
//! that fails a random fifth of the requests: throttling, HTTP 500,
//! connections reset before an answer, and bodies cut short. Every call must
//! end, in bounded time, in a success or a typed error; the retry quota's
//! bound must hold; latency percentiles are printed.

mod client_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_runtime::client::{Config, Handle, RetryConfig, SdkError, invoke};
use client_support::{PUT_USER, SERVICE, deserialize_put_user, input, serialize_put_user};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const CALLS: usize = 20_000;
const TASKS: usize = 64;

/// What the server did, counted by the attempt number the client sent
/// (`amz-sdk-request: attempt=N; max=M`).
#[derive(Default)]
struct Counts {
    requests: AtomicUsize,
    first_attempts: AtomicUsize,
    retries: AtomicUsize,
    /// Successful answers to first attempts and to retries.
    ok_first: AtomicUsize,
    ok_retry: AtomicUsize,
    faults: [AtomicUsize; 4],
    /// Attempts numbered beyond `max`, or `max` other than 3.
    bad_attempt_header: AtomicUsize,
}

const FAULTS: [&str; 4] = ["throttled", "HTTP 500", "reset", "truncated body"];

async fn serve(mut conn: TcpStream, counts: Arc<Counts>, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut buf = Vec::new();
    while let Some(req) = client_support::read_request(&mut conn, &mut buf).await {
        let header = |name: &str| req.header(name).unwrap_or_default().to_ascii_lowercase();
        counts.requests.fetch_add(1, Ordering::Relaxed);
        let attempt = header("amz-sdk-request");
        let first = attempt.starts_with("attempt=1;");
        if attempt.ends_with("max=3") && ["attempt=1;", "attempt=2;", "attempt=3;"].iter().any(|a| attempt.starts_with(a)) {
            let which = if first { &counts.first_attempts } else { &counts.retries };
            which.fetch_add(1, Ordering::Relaxed);
        } else {
            counts.bad_attempt_header.fetch_add(1, Ordering::Relaxed);
        }
        let fault = (rng.f64() < 0.2).then(|| rng.usize(0..4));
        let response = match fault {
            None => {
                let ok = if first { &counts.ok_first } else { &counts.ok_retry };
                ok.fetch_add(1, Ordering::Relaxed);
                let body = r#"{"Name":"Ann"}"#;
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-amzn-requestid: ok\r\ncontent-length: {}\r\n\r\n{body}", body.len())
            }
            Some(f) => {
                counts.faults[f].fetch_add(1, Ordering::Relaxed);
                match f {
                    0 => error(400, "ThrottlingException"),
                    1 => error(500, "InternalServerError"),
                    2 => {
                        // A reset, not an orderly close: no answer at all.
                        #[allow(deprecated, reason = "a zero linger sends the reset at once; it does not block")]
                        let _ = conn.set_linger(Some(Duration::ZERO));
                        return;
                    }
                    _ => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"Na";
                        let _ = conn.write_all(head.as_bytes()).await;
                        return;
                    }
                }
            }
        };
        if conn.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn error(status: u16, code: &str) -> String {
    let body = r#"{"message":"injected"}"#;
    format!(
        "HTTP/1.1 {status} Fault\r\ncontent-type: application/json\r\nx-amzn-errortype: {code}\r\nx-amzn-requestid: err\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test]
async fn twenty_thousand_calls_through_random_faults_all_end_typed_and_within_the_quota() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    let server = tokio::spawn(async move {
        let mut seed = 1;
        while let Ok((conn, _)) = listener.accept().await {
            seed += 1;
            tokio::spawn(serve(conn, c.clone(), seed));
        }
    });
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(5));
    let handle = Handle::new(Config::builder().test_defaults().endpoint_url(&url).retry_config(retry).build(), &SERVICE);

    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let h = handle.clone();
            tokio::spawn(async move {
                let mut out = Vec::new();
                for _ in (t..CALLS).step_by(TASKS) {
                    let begun = Instant::now();
                    let call = invoke(&h, &PUT_USER, input("u1"), serialize_put_user, deserialize_put_user);
                    let result = tokio::time::timeout(Duration::from_secs(60), call).await.expect("a call hung for 60 s");
                    let kind = match &result {
                        Ok(_) => "success",
                        Err(SdkError::ServiceError(_)) => "service error",
                        Err(SdkError::DispatchFailure(_)) => "dispatch failure",
                        Err(SdkError::ResponseError(_)) => "response error",
                        Err(SdkError::TimeoutError(_)) => "timeout",
                        Err(e) => panic!("an unexpected kind of error: {e:?}"),
                    };
                    if let Err(SdkError::ServiceError(e)) = &result {
                        // A modeled or unmodeled service error keeps the status and request id.
                        assert!(matches!(e.raw().status().as_u16(), 400 | 500), "{e:?}");
                    }
                    out.push((kind, begun.elapsed()));
                }
                out
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.extend(task.await.expect("no task panicked"));
    }
    let wall = started.elapsed();
    server.abort();

    assert_eq!(outcomes.len(), CALLS);
    let mut by_kind = std::collections::BTreeMap::<&str, usize>::new();
    for (kind, _) in &outcomes {
        *by_kind.entry(kind).or_default() += 1;
    }
    let mut latencies: Vec<Duration> = outcomes.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    let load = |a: &AtomicUsize| a.load(Ordering::Relaxed);
    let (requests, first, retries) = (load(&counts.requests), load(&counts.first_attempts), load(&counts.retries));
    let (ok_first, ok_retry) = (load(&counts.ok_first), load(&counts.ok_retry));
    let faults: Vec<String> = FAULTS.iter().zip(&counts.faults).map(|(n, c)| format!("{n} {}", load(c))).collect();
    println!(
        "{CALLS} calls, {TASKS} tasks, {:.1} s: {by_kind:?}; server saw {requests} requests ({first} first attempts, {retries} retries; \
         faults: {}); latency p50 {:?}, p90 {:?}, p99 {:?}, max {:?}; quota left {}",
        wall.as_secs_f64(),
        faults.join(", "),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        latencies[latencies.len() - 1],
        handle.retry_quota_available(),
    );
    assert_eq!(load(&counts.bad_attempt_header), 0, "every request says attempt n of 3");
    // Every call reached the server at least once, and none more than three times.
    assert_eq!(first, CALLS);
    assert!(requests <= 3 * CALLS);
    // The quota's bound: a retry costs at least 5 tokens, the bucket starts
    // with 500 and gets back at most 1 per first-attempt success and 10 per
    // successful retry, and never goes below zero.
    assert!(5 * retries <= 500 + ok_first + 10 * ok_retry, "{retries} retries, {ok_first} + {ok_retry} successes");
    // About 20 % of attempts fail, so about 99 % of calls succeed in three.
    let successes = by_kind.get("success").copied().unwrap_or_default();
    assert!(successes > CALLS * 95 / 100, "{by_kind:?}");
    assert!(retries > CALLS / 10, "the faults were retried: {retries}");
}
