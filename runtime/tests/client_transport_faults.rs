//! The default transport under injected network faults, against servers on
//! 127.0.0.1: lying and endless bodies, a trickling body, a server that
//! never answers, a TLS handshake that stalls, a CONNECT proxy, pool
//! settings, and whether an error may have reached the service. Measured
//! figures (elapsed time, peak RSS) are printed for `docs/resilience.md`;
//! run with `--nocapture` to see them.

mod client_support;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use client_runtime::client::{
    Config, Handle, RetryConfig, SdkError, TimeoutConfig, TransportConfig, TransportErrorKind, invoke,
};
use client_runtime::error::BuildError;
use client_support::{
    PUT_USER, PutUserError, PutUserInput, PutUserOutput, Reply, SERVICE, TestServer, deserialize_put_user, input,
    serialize_put_user,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Outcome = Result<PutUserOutput, SdkError<PutUserError>>;

// ---------------------------------------------------------------- helpers

/// A server whose every connection is handled by `handle`; counts accepts.
struct RawServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    async fn start<F, Fut>(handle: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        let handle = Arc::new(handle);
        let task = tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handle(conn));
            }
        });
        Self { addr, accepted, task }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request head and its Content-Length body; returns the head.
async fn read_request(conn: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    let mut have = buf.len() - end;
    while have < len {
        let mut chunk = [0u8; 4096];
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => have += n,
        }
    }
    Some(head)
}

fn handle_for(url: &str, timeouts: TimeoutConfig) -> Handle {
    let config = Config::builder().test_defaults().endpoint_url(url).timeout_config(timeouts);
    Handle::new(config.build(), &SERVICE)
}

async fn put_user(handle: &Handle) -> Outcome {
    invoke(handle, &PUT_USER, input("u1"), serialize_put_user, deserialize_put_user).await
}

/// Peak resident set size of this process, in KiB (`VmHWM`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Current resident set size, in KiB (`VmRSS`).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

// ---------------------------------------------------------------- body size

#[tokio::test]
async fn a_content_length_of_1_gib_is_refused_before_reading_and_not_retried() {
    let server = RawServer::start(|mut conn| async move {
        while read_request(&mut conn).await.is_some() {
            let head = "HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\nx-amzn-requestid: big-1\r\n\r\n";
            if conn.write_all(head.as_bytes()).await.is_err() || conn.write_all(&[b'x'; 65536]).await.is_err() {
                return;
            }
            // Then nothing more: a client that waited for the body would hang.
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    })
    .await;
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1));
    let config = Config::builder().test_defaults().endpoint_url(server.url()).retry_config(retry).build();
    let handle = Handle::new(config, &SERVICE);
    let started = Instant::now();
    let err = put_user(&handle).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("1 GiB Content-Length: refused after {elapsed:?}; {err}");
    let SdkError::ResponseError(r) = &err else { panic!("{err:?}") };
    let too_large = r.body_too_large().expect("body_too_large");
    assert_eq!(too_large.content_length(), Some(1 << 30));
    assert_eq!(too_large.limit(), 64 * 1024 * 1024);
    assert_eq!(r.raw().status(), 200);
    assert!(r.raw().body().is_empty());
    assert_eq!(err.request_id(), Some("big-1"));
    assert!(!err.may_have_reached_service(), "the service answered");
    assert!(err.to_string().contains("1073741824 bytes (Content-Length) is larger than the 67108864 byte limit"), "{err}");
    assert_eq!(server.accepted(), 1, "not retried");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn a_300_mb_chunked_body_stops_at_the_limit_in_bounded_memory() {
    const TOTAL: usize = 300 * 1000 * 1000;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let server = RawServer::start(move |mut conn| {
        let sent = counter.clone();
        async move {
            if read_request(&mut conn).await.is_none() {
                return;
            }
            let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-amzn-requestid: stream-1\r\n\r\n";
            if conn.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = b"10000\r\n".to_vec();
            chunk.extend_from_slice(&[b'a'; 0x10000]);
            chunk.extend_from_slice(b"\r\n");
            while sent.load(Ordering::SeqCst) < TOTAL {
                if conn.write_all(&chunk).await.is_err() {
                    return;
                }
                sent.fetch_add(0x10000, Ordering::SeqCst);
            }
            let _ = conn.write_all(b"0\r\n\r\n").await;
        }
    })
    .await;
    let handle = handle_for(&server.url(), TimeoutConfig::new());
    let (rss_before, peak_before) = (rss_kib(), peak_rss_kib());
    let started = Instant::now();
    let err = put_user(&handle).await.unwrap_err();
    let elapsed = started.elapsed();
    let peak_after = peak_rss_kib();
    let sent = sent.load(Ordering::SeqCst);
    // The peak can only have grown by what this test (and its neighbours, all small) allocated.
    let growth_mib = peak_after.saturating_sub(peak_before.max(rss_before)) as f64 / 1024.0;
    println!(
        "300 MB chunked body: stopped after {elapsed:?}; server wrote {:.1} MiB; RSS before {:.1} MiB, \
         peak before {:.1} MiB, peak after {:.1} MiB (growth {growth_mib:.1} MiB, limit 64 MiB); {err}",
        sent as f64 / 1048576.0,
        rss_before as f64 / 1024.0,
        peak_before as f64 / 1024.0,
        peak_after as f64 / 1024.0
    );
    let SdkError::ResponseError(r) = &err else { panic!("{err:?}") };
    let too_large = r.body_too_large().expect("body_too_large");
    assert_eq!(too_large.content_length(), None);
    assert_eq!(err.request_id(), Some("stream-1"));
    assert!(sent < TOTAL, "the client stopped reading: the server could not write all 300 MB ({sent})");
    assert!(growth_mib < 128.0, "peak RSS grew by {growth_mib:.1} MiB, over 2x the 64 MiB limit");
}

#[tokio::test]
async fn a_body_within_a_small_configured_limit_is_read_and_one_past_it_is_refused() {
    let server = TestServer::start(vec![
        Reply::json(200, &format!(r#"{{"Name":"{}"}}"#, "a".repeat(400))),
        Reply::json(200, &format!(r#"{{"Name":"{}"}}"#, "a".repeat(2000))),
    ])
    .await;
    let config = Config::builder().test_defaults().endpoint_url(server.url()).max_response_body_size(1000).build();
    assert_eq!(config.max_response_body_size(), 1000);
    let handle = Handle::new(config, &SERVICE);
    assert_eq!(put_user(&handle).await.unwrap().name.unwrap().len(), 400);
    let err = put_user(&handle).await.unwrap_err();
    let SdkError::ResponseError(r) = &err else { panic!("{err:?}") };
    assert_eq!(r.body_too_large().unwrap().content_length(), Some(2011));
    assert_eq!(err.request_id(), Some("req-200"));
}

#[tokio::test]
async fn a_custom_transport_is_held_to_the_limit_too() {
    let stub = client_runtime::client::stub::StubHttpClient::new();
    stub.respond(200, &[("x-amzn-requestid", "stub-1")], vec![b' '; 5000]);
    let config = Config::builder().test_defaults().endpoint_url("http://stub").http_client(stub.clone()).max_response_body_size(4096).build();
    let err = put_user(&Handle::new(config, &SERVICE)).await.unwrap_err();
    let SdkError::ResponseError(r) = &err else { panic!("{err:?}") };
    assert_eq!(r.body_too_large().unwrap().limit(), 4096);
    assert_eq!(err.request_id(), Some("stub-1"));
    assert!(r.raw().body().is_empty());
}

// ---------------------------------------------------------------- stalls

#[tokio::test]
async fn a_body_trickling_one_byte_every_two_seconds_is_a_read_timeout() {
    let server = RawServer::start(|mut conn| async move {
        if read_request(&mut conn).await.is_none() {
            return;
        }
        if conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{").await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_secs(2)).await;
            if conn.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let timeouts = TimeoutConfig::builder().read_timeout(Duration::from_secs(1)).operation_attempt_timeout(Duration::from_secs(60)).build();
    let handle = handle_for(&server.url(), timeouts);
    let started = Instant::now();
    let err = put_user(&handle).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("1 byte every 2 s, read timeout 1 s: failed after {elapsed:?}; {err}");
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::Timeout);
    assert!(err.is_timeout());
    assert!(err.may_have_reached_service());
    assert!(err.to_string().contains("stalled"), "{err}");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_is_a_read_timeout_then_an_attempt_timeout() {
    let server = TestServer::start(vec![Reply::Hang, Reply::Hang]).await;
    let read = TimeoutConfig::builder().read_timeout(Duration::from_millis(800)).build();
    let started = Instant::now();
    let err = put_user(&handle_for(&server.url(), read)).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("never answers, read timeout 0.8 s: failed after {elapsed:?}; {err}");
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::Timeout);
    assert!(err.is_timeout() && err.may_have_reached_service());
    assert!(elapsed >= Duration::from_millis(700) && elapsed < Duration::from_secs(15), "{elapsed:?}");

    // Without a read timeout the attempt timeout ends it; the request had been sent.
    let attempt = TimeoutConfig::builder().read_timeout(None).operation_attempt_timeout(Duration::from_millis(800)).build();
    let started = Instant::now();
    let err = put_user(&handle_for(&server.url(), attempt)).await.unwrap_err();
    println!("never answers, attempt timeout 0.8 s: failed after {:?}; {err}", started.elapsed());
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(err.is_timeout() && err.may_have_reached_service());
}

#[tokio::test]
async fn a_stalled_tls_handshake_is_a_connect_timeout_and_nothing_was_sent() {
    // TCP is accepted, then nothing: no ServerHello ever comes.
    let server = RawServer::start(|conn| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(conn);
    })
    .await;
    let url = format!("https://{}", server.addr);
    let timeouts = TimeoutConfig::builder().connect_timeout(Duration::from_millis(700)).build();
    let started = Instant::now();
    let err = put_user(&handle_for(&url, timeouts)).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("stalled TLS handshake, connect timeout 0.7 s: failed after {elapsed:?}; {err}");
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::ConnectTimeout);
    assert!(err.is_timeout());
    assert!(!err.may_have_reached_service());
    assert!(err.to_string().contains("connect timeout"), "{err}");
    assert_eq!(server.accepted(), 1, "TCP connected: the timeout covered the handshake");
    assert!(elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(10), "{elapsed:?}");

    // With no connect timeout, an attempt timeout during the handshake also knows nothing was sent.
    let timeouts = TimeoutConfig::builder().connect_timeout(None).operation_attempt_timeout(Duration::from_millis(700)).build();
    let err = put_user(&handle_for(&url, timeouts)).await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(!err.may_have_reached_service(), "cut off while connecting");
}

// ---------------------------------------------------------------- proxies

/// What a proxy saw: request heads, one per connection.
type Seen = Arc<Mutex<Vec<String>>>;

/// An HTTP proxy on 127.0.0.1: `CONNECT host:port` is answered with
/// `status` and, if 200, spliced to `127.0.0.1:port`; an absolute-form
/// request is forwarded there as it came. Loopback targets always bypass a
/// proxy, so tests name their servers `users.invalid:port`, which only the
/// proxy can reach.
async fn proxy(status: u16) -> (RawServer, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let server = RawServer::start(move |mut conn| {
        let log = log.clone();
        async move {
            let mut buf = Vec::new();
            while !buf.ends_with(b"\r\n\r\n") {
                let Ok(byte) = conn.read_u8().await else { return };
                buf.push(byte);
            }
            let head = String::from_utf8_lossy(&buf).into_owned();
            log.lock().unwrap().push(head.clone());
            let target = head.split(' ').nth(1).unwrap_or("").to_owned();
            let host = match target.strip_prefix("http://") {
                Some(rest) => rest.split('/').next().unwrap_or("").to_owned(),
                None => target.clone(),
            };
            if head.starts_with("CONNECT ") {
                let answer = format!("HTTP/1.1 {status} Proxy Says\r\n\r\n");
                if conn.write_all(answer.as_bytes()).await.is_err() || status != 200 {
                    return;
                }
            }
            let port = host.rsplit(':').next().unwrap_or("");
            let Ok(mut upstream) = TcpStream::connect(format!("127.0.0.1:{port}")).await else { return };
            if !head.starts_with("CONNECT ") && upstream.write_all(&buf).await.is_err() {
                return;
            }
            let _ = tokio::io::copy_bidirectional(&mut conn, &mut upstream).await;
        }
    })
    .await;
    (server, seen)
}

fn proxied_handle(target: &str, vars: &[(&str, &str)]) -> Handle {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let config = Config::builder().environment(vars).test_defaults().endpoint_url(target);
    let timeouts = TimeoutConfig::builder().connect_timeout(Duration::from_secs(3)).operation_attempt_timeout(Duration::from_secs(10)).build();
    Handle::new(config.timeout_config(timeouts).build(), &SERVICE)
}

#[tokio::test]
async fn plain_http_goes_through_http_proxy_in_absolute_form_with_its_credentials() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"Name":"Ann"}"#), Reply::json(200, r#"{"Name":"Bob"}"#)]).await;
    let (proxy, seen) = proxy(200).await;
    let target = format!("http://users.invalid:{}", server.addr.port());
    let proxy_url = format!("http://alice:pa%24%24word@{}", proxy.addr);
    let handle = proxied_handle(&target, &[("http_proxy", &proxy_url)]);
    assert_eq!(put_user(&handle).await.unwrap().name.as_deref(), Some("Ann"));
    let heads = seen.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].starts_with(&format!("PUT {target}/users/u1 HTTP/1.1")), "{}", heads[0]);
    // base64("alice:pa$$word")
    assert!(heads[0].to_ascii_lowercase().contains("proxy-authorization: basic ywxpy2u6cgekjhdvcmq="), "{}", heads[0]);
    assert_eq!(server.received().len(), 1);
    let shown = format!("{:?}", handle.config());
    assert!(!shown.contains("word") && !shown.contains("alice"), "{shown}");

    // NO_PROXY naming the domain: straight there (and `users.invalid` does not resolve).
    let handle = proxied_handle(&target, &[("HTTP_PROXY", &proxy_url), ("NO_PROXY", "example.com, .invalid")]);
    let err = put_user(&handle).await.unwrap_err();
    assert!(err.to_string().contains("could not connect to http://users.invalid"), "{err}");
    assert!(!format!("{err} {err:?}").contains("word"), "{err:?}");
    assert_eq!(seen.lock().unwrap().len(), 1, "the proxy saw nothing more");

    // A loopback server is never behind the proxy.
    let handle = proxied_handle(&server.url(), &[("HTTP_PROXY", &proxy_url)]);
    assert_eq!(put_user(&handle).await.unwrap().name.as_deref(), Some("Bob"));
    assert_eq!(seen.lock().unwrap().len(), 1, "the proxy saw nothing more");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_unless_no_proxy_matches() {
    // Stands in for a TLS server: records that a connection arrived, then closes (the handshake fails).
    let target = RawServer::start(|conn| async move { drop(conn) }).await;
    let (proxy, seen) = proxy(200).await;
    let url = format!("https://users.invalid:{}", target.addr.port());
    let proxy_url = format!("http://bob:hunter2@{}", proxy.addr);
    let err = put_user(&proxied_handle(&url, &[("HTTPS_PROXY", &proxy_url)])).await.unwrap_err();
    println!("through the CONNECT proxy: {err}");
    let heads = seen.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(heads[0].starts_with(&format!("CONNECT users.invalid:{} HTTP/1.1\r\n", target.addr.port())), "{}", heads[0]);
    // base64("bob:hunter2")
    assert!(heads[0].contains("Proxy-Authorization: Basic Ym9iOmh1bnRlcjI="), "{}", heads[0]);
    assert_eq!(target.accepted(), 1, "the tunnel reached the target");
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::Connect);
    assert!(err.to_string().contains("TLS handshake with users.invalid"), "{err}");
    assert!(!err.may_have_reached_service());
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("hunter2") && !shown.contains("Ym9iOmh1bnRlcjI"), "{shown}");
    }

    // NO_PROXY matches: no CONNECT, a direct (failing) lookup of the name instead.
    let err = put_user(&proxied_handle(&url, &[("https_proxy", &proxy_url), ("no_proxy", "localhost,users.invalid")])).await.unwrap_err();
    assert!(err.to_string().contains("could not connect to https://users.invalid"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 1, "NO_PROXY: the proxy saw nothing more");

    // Loopback: direct, whatever NO_PROXY says.
    let err = put_user(&proxied_handle(&format!("https://{}", target.addr), &[("HTTPS_PROXY", &proxy_url)])).await.unwrap_err();
    assert!(err.to_string().contains("TLS handshake with 127.0.0.1"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(target.accepted(), 2, "straight to the target");
}

#[tokio::test]
async fn a_proxy_refusing_the_credentials_is_a_connect_error_without_them() {
    let (proxy, seen) = proxy(407).await;
    let proxy_url = format!("http://bob:hunter2@{}", proxy.addr);
    let err = put_user(&proxied_handle("https://users.invalid:9", &[("HTTPS_PROXY", &proxy_url)])).await.unwrap_err();
    println!("proxy 407: {err}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    let SdkError::DispatchFailure(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.transport_error().kind(), TransportErrorKind::Connect);
    assert!(err.to_string().contains(&format!("the proxy {} refused the credentials (HTTP 407)", proxy.addr)), "{err}");
    assert!(!format!("{err} {err:?}").contains("hunter2"));
    assert!(!err.may_have_reached_service());
}

// ---------------------------------------------------------------- pool

#[tokio::test]
async fn pool_settings_decide_whether_connections_are_reused() {
    let replies = || (0..2).map(|_| Reply::json(200, "{}")).collect::<Vec<_>>();
    let calls = |transport: Option<TransportConfig>| async move {
        let server = TestServer::start(replies()).await;
        let mut config = Config::builder().test_defaults().endpoint_url(server.url());
        if let Some(t) = transport {
            config = config.transport_config(t);
        }
        let config = config.build();
        let handle = Handle::new(config, &SERVICE);
        put_user(&handle).await.unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
        put_user(&handle).await.unwrap();
        server.connections()
    };
    assert_eq!(calls(None).await, 1, "default: kept and reused");
    let keepalive = TransportConfig::new().tcp_keepalive(Duration::from_secs(10)).pool_max_idle_per_host(4);
    assert_eq!(calls(Some(keepalive)).await, 1);
    assert_eq!(calls(Some(TransportConfig::new().pool_max_idle_per_host(0))).await, 2, "none kept idle");
    assert_eq!(calls(Some(TransportConfig::new().pool_idle_timeout(Duration::from_millis(100)))).await, 2, "expired while idle");
    let config = Config::builder().transport_config(TransportConfig::new().tcp_keepalive(None)).build();
    assert_eq!(config.transport_config().get_tcp_keepalive(), None);
    assert_eq!(TransportConfig::default().get_pool_max_idle_per_host(), 32);
}

// ---------------------------------------------------------------- requests

fn serialize_empty_post(_: &PutUserInput) -> Result<http::Request<Bytes>, BuildError> {
    http::Request::builder().method("POST").uri("/ping").body(Bytes::new()).map_err(|e| BuildError::other(e.to_string()))
}

#[tokio::test]
async fn an_empty_post_says_content_length_0() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let handle = handle_for(&server.url(), TimeoutConfig::new());
    invoke(&handle, &PUT_USER, input("u1"), serialize_empty_post, deserialize_put_user).await.unwrap();
    let received = server.received();
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].header("content-length"), Some("0"));
}

#[tokio::test]
async fn an_endpoint_url_with_user_info_is_refused_naming_the_setting() {
    let handle = handle_for("http://admin:hunter2@127.0.0.1:9", TimeoutConfig::new());
    let err = put_user(&handle).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("Config::builder().endpoint_url(..)") && shown.contains("user info"), "{shown}");
    assert!(!shown.contains("hunter2") && !format!("{err:?}").contains("hunter2"), "{shown}");
    assert!(!err.may_have_reached_service());

    let config = Config::builder().environment([("AWS_ENDPOINT_URL", "http://admin:hunter2@127.0.0.1:9")]).test_defaults().build();
    let err = put_user(&Handle::new(config, &SERVICE)).await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("AWS_ENDPOINT_URL") && shown.contains("user info") && !shown.contains("hunter2"), "{shown}");
}

// ---------------------------------------------------------------- may_have_reached_service

#[tokio::test]
async fn may_have_reached_service_is_true_only_when_sent_and_unanswered() {
    // Refused: nothing sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let err = put_user(&handle_for(&format!("http://{closed}"), TimeoutConfig::new())).await.unwrap_err();
    assert!(!err.may_have_reached_service(), "{err}");
    // DNS failure: nothing sent.
    let err = put_user(&handle_for("http://no-such-host.invalid", TimeoutConfig::new())).await.unwrap_err();
    assert!(!err.may_have_reached_service(), "{err}");
    // A failed validation: nothing built.
    let config = Config::builder().test_defaults().endpoint_url(format!("http://{closed}")).validate_requests(true).build();
    let err = invoke(&Handle::new(config, &SERVICE), &PUT_USER, PutUserInput::default(), serialize_put_user, deserialize_put_user).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)) && !err.may_have_reached_service(), "{err:?}");

    let server = TestServer::start(vec![
        Reply::RawThenClose(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"Na".to_vec()),
        Reply::error(400, "ResourceNotFoundException", "no"),
        Reply::RawThenClose(Vec::new()),
    ])
    .await;
    let handle = handle_for(&server.url(), TimeoutConfig::new());
    // Reset mid-body: sent, no complete answer.
    let err = put_user(&handle).await.unwrap_err();
    assert!(err.may_have_reached_service(), "{err}");
    // The service answered: the answer is the outcome.
    let err = put_user(&handle).await.unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)) && !err.may_have_reached_service(), "{err:?}");
    // Closed after reading the request, before any answer.
    let err = put_user(&handle).await.unwrap_err();
    assert!(err.may_have_reached_service(), "{err:?}");
}
