//! The fault scenarios of `docs/resilience.md` and `docs/retries.md`, run
//! against connect-client (ours) and aws-sdk-connect (official) in the same
//! run: `cargo run --release --manifest-path bench/peer/Cargo.toml -p peer-faults`.
//!
//! Each scenario runs in a child process per SDK (so peak memory is that
//! scenario's alone), against a server on 127.0.0.1 that does one wrong
//! thing; every call is capped at 60 s. Both clients: DescribeUser,
//! us-east-1, static credentials, 3 attempts with 1–5 ms backoff (20 s for
//! the server-sent delay), each SDK's default timeouts and transport.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CAP: Duration = Duration::from_secs(60);
const SCENARIOS: [&str; 10] = ["storm", "retry-after", "skew", "huge-length", "huge-chunked", "trickle", "silent", "tls-stall", "proxy", "load"];
const USER: &str = r#"{"User":{"Id":"u-1","Username":"jane"}}"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, sdk, scenario] = &args[..] {
        let rt = tokio::runtime::Runtime::new().unwrap();
        println!("{}", rt.block_on(run(sdk, scenario)));
        return;
    }
    println!("| scenario | ours (connect-client) | official (aws-sdk-connect) |");
    println!("| --- | --- | --- |");
    for scenario in SCENARIOS {
        let mut cells = Vec::new();
        for sdk in ["ours", "official"] {
            let mut cmd = std::process::Command::new(&args[0]);
            cmd.args([sdk, scenario]).env_remove("HTTPS_PROXY").env_remove("https_proxy").env_remove("NO_PROXY").env_remove("no_proxy");
            let out = cmd.output().expect("runs itself");
            let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
            cells.push(if out.status.success() { text } else { format!("crashed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")) });
        }
        println!("| {scenario} | {} | {} |", cells[0], cells[1]);
    }
}

/// Peak resident memory of this process, MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

/// What the server does with one request: `n` counts requests from 0.
type Act = Arc<dyn Fn(usize, &str) -> Action + Send + Sync>;

enum Action {
    Reply(String),
    /// Writes these bytes, then holds the connection open and silent.
    WriteThenHold(Vec<u8>),
    /// Writes these bytes, then closes the connection.
    WriteThenClose(Vec<u8>),
    /// Headers with `content-length: len`, then one byte every `every`.
    Trickle(u64, Duration),
    /// A chunked body of `total` bytes, as fast as the client reads.
    Chunked(usize),
    Hold,
    Reset,
}

fn reply(status: u16, headers: &[(&str, String)], body: &str) -> Action {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    Action::Reply(out)
}

fn error(status: u16, code: &str, message: &str) -> Action {
    reply(status, &[("x-amzn-errortype", code.to_string()), ("x-amzn-requestid", "req-1".into())], &format!(r#"{{"Message":"{message}"}}"#))
}

/// Serves `act` on 127.0.0.1; returns the URL and the request counter.
async fn server(act: Act) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            tokio::spawn(serve(conn, act.clone(), c.clone()));
        }
    });
    (url, count)
}

async fn serve(mut conn: TcpStream, act: Act, count: Arc<AtomicUsize>) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 8192];
            match conn.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let len: usize = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        while buf.len() < head_end + len {
            let mut chunk = [0u8; 8192];
            match conn.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + len);
        let n = count.fetch_add(1, Ordering::SeqCst);
        match act(n, &head) {
            Action::Reply(text) => {
                if conn.write_all(text.as_bytes()).await.is_err() {
                    return;
                }
            }
            Action::WriteThenHold(bytes) => {
                let _ = conn.write_all(&bytes).await;
                tokio::time::sleep(CAP * 2).await;
                return;
            }
            Action::WriteThenClose(bytes) => {
                let _ = conn.write_all(&bytes).await;
                return;
            }
            Action::Trickle(len, every) => {
                let _ = conn.write_all(format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n").as_bytes()).await;
                for _ in 0..len {
                    tokio::time::sleep(every).await;
                    if conn.write_all(b" ").await.is_err() {
                        return;
                    }
                }
                return;
            }
            Action::Chunked(total) => {
                let _ = conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n").await;
                let chunk = vec![b' '; 1 << 20];
                let mut sent = 0;
                while sent < total {
                    let frame = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk.clone(), b"\r\n".to_vec()].concat();
                    if conn.write_all(&frame).await.is_err() {
                        return;
                    }
                    sent += chunk.len();
                }
                let _ = conn.write_all(b"0\r\n\r\n").await;
                return;
            }
            Action::Hold => {
                tokio::time::sleep(CAP * 2).await;
                return;
            }
            Action::Reset => {
                #[allow(deprecated, reason = "a zero linger sends the reset at once; it does not block")]
                let _ = conn.set_linger(Some(Duration::ZERO));
                return;
            }
        }
    }
}

/// A TCP server that accepts and never writes (a TLS handshake that stalls).
async fn mute_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((conn, _)) = listener.accept().await {
            held.push(conn);
        }
    });
    url
}

/// A proxy that records the first line of each request, then closes.
async fn proxy_server() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let n = conn.read(&mut buf).await.unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string();
            s.lock().unwrap().push(line);
            let _ = conn.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n").await;
        }
    });
    (url, seen)
}

/// One call's outcome: "ok" or the error's kind and first words.
type Outcome = Result<(), String>;

#[derive(Clone, Copy)]
struct Retry {
    attempts: u32,
    max_backoff: Duration,
}

const FAST: Retry = Retry { attempts: 3, max_backoff: Duration::from_millis(5) };

mod ours {
    use super::*;
    use connect_client::config::RetryConfig;
    use connect_client::{Client, Config};

    pub fn client(url: &str, retry: Retry) -> Client {
        let retry = RetryConfig::standard().with_max_attempts(retry.attempts).with_initial_backoff(Duration::from_millis(1)).with_max_backoff(retry.max_backoff);
        let config = Config::builder().test_defaults().endpoint_url(url).retry_config(retry);
        Client::from_conf(config.build())
    }

    /// As `client`, reading the process environment (for the proxy).
    pub fn client_with_env(url: &str) -> Client {
        let creds = connect_client::config::Credentials::new("AKIDTEST", "SECRETTEST", None, None, "faults");
        let config = Config::builder().region("us-east-1").credentials_provider(creds).endpoint_url(url).retry_config(RetryConfig::disabled());
        Client::from_conf(config.build())
    }

    pub async fn call(client: &Client) -> Outcome {
        match client.describe_user().instance_id("inst-1").user_id("u-1").send().await {
            Ok(_) => Ok(()),
            Err(e) => Err(first_words(&format!("{e}: {}", source_chain(&e)))),
        }
    }
}

mod official {
    use super::*;
    use aws_sdk_connect::config::retry::RetryConfig;
    use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_connect::{Client, Config};

    pub fn client(url: &str, retry: Retry) -> Client {
        let retry = RetryConfig::standard().with_max_attempts(retry.attempts).with_initial_backoff(Duration::from_millis(1)).with_max_backoff(retry.max_backoff);
        let config = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDTEST", "SECRETTEST", None, None, "faults"))
            .endpoint_url(url)
            .retry_config(retry);
        Client::from_conf(config.build())
    }

    pub async fn call(client: &Client) -> Outcome {
        match client.describe_user().instance_id("inst-1").user_id("u-1").send().await {
            Ok(_) => Ok(()),
            Err(e) => Err(first_words(&format!("{}: {}", e, source_chain(&e)))),
        }
    }
}

fn source_chain(e: &dyn std::error::Error) -> String {
    let mut out = Vec::new();
    let mut s = e.source();
    while let Some(x) = s {
        out.push(x.to_string());
        s = x.source();
    }
    out.join(": ")
}

fn first_words(s: &str) -> String {
    let s: String = s.chars().filter(|c| *c != '|' && *c != '\n').collect();
    if s.len() > 110 { format!("{}…", &s[..s.char_indices().nth(110).map_or(s.len(), |(i, _)| i)]) } else { s }
}

enum Sdk {
    Ours(connect_client::Client),
    Official(aws_sdk_connect::Client),
}

impl Sdk {
    fn new(which: &str, url: &str, retry: Retry) -> Self {
        if which == "ours" { Sdk::Ours(ours::client(url, retry)) } else { Sdk::Official(official::client(url, retry)) }
    }

    async fn call(&self) -> Outcome {
        let call = async {
            match self {
                Sdk::Ours(c) => ours::call(c).await,
                Sdk::Official(c) => official::call(c).await,
            }
        };
        tokio::time::timeout(CAP, call).await.unwrap_or_else(|_| Err("no end within 60 s".into()))
    }
}

fn show(o: &Outcome) -> String {
    match o {
        Ok(()) => "success".into(),
        Err(e) => e.clone(),
    }
}

fn http_date(t: SystemTime) -> String {
    // RFC 7231 IMF-fixdate from the seconds since the epoch.
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (z, weekday) = (days + 719_468, (days + 4).rem_euclid(7));
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT", names[weekday as usize], months[month as usize - 1], rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `x-amz-date: 20261204T150000Z` of a request head (lower-cased), as seconds since the epoch.
fn amz_date(head: &str) -> Option<i64> {
    let v = head.lines().find_map(|l| l.strip_prefix("x-amz-date:"))?.trim().to_string();
    let num = |a: usize, b: usize| v.get(a..b)?.parse::<i64>().ok();
    let (y, m, d, hh, mm, ss) = (num(0, 4)?, num(4, 6)?, num(6, 8)?, num(9, 11)?, num(11, 13)?, num(13, 15)?);
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + hh * 3600 + mm * 60 + ss)
}

async fn run(sdk: &str, scenario: &str) -> String {
    let before = peak_mib();
    let started = Instant::now();
    let elapsed = || format!("{:.2} s", started.elapsed().as_secs_f64());
    match scenario {
        "storm" => {
            let (url, count) = server(Arc::new(|_, _| error(503, "ServiceUnavailableException", "brownout"))).await;
            let client = Arc::new(Sdk::new(sdk, &url, FAST));
            for _ in 0..10 {
                let calls: Vec<_> = (0..20).map(|_| {
                    let c = client.clone();
                    tokio::spawn(async move { c.call().await })
                }).collect();
                for c in calls {
                    let _ = c.await;
                }
            }
            format!("200 calls: {} requests (600 without a quota)", count.load(Ordering::SeqCst))
        }
        "retry-after" => {
            let times = Arc::new(std::sync::Mutex::new(Vec::new()));
            let t = times.clone();
            let (url, _) = server(Arc::new(move |n, _| {
                t.lock().unwrap().push(Instant::now());
                if n == 0 { reply(503, &[("x-amzn-errortype", "ServiceUnavailableException".into()), ("x-amz-retry-after", "1500".into())], "{}") } else { reply(200, &[], USER) }
            })).await;
            let client = Sdk::new(sdk, &url, Retry { attempts: 3, max_backoff: Duration::from_secs(20) });
            let o = client.call().await;
            let t = times.lock().unwrap();
            let gap = if t.len() >= 2 { format!("{:.2} s", (t[1] - t[0]).as_secs_f64()) } else { "–".into() };
            format!("{}; second attempt {gap} after the first", show(&o))
        }
        "skew" => {
            let (url, count) = server(Arc::new(|_, head| {
                let server_now = SystemTime::now() + Duration::from_secs(3600);
                let date = http_date(server_now);
                let theirs = server_now.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as i64;
                match amz_date(head) {
                    Some(signed) if (theirs - signed).abs() <= 300 => reply(200, &[("date", date)], USER),
                    _ => reply(403, &[("date", date), ("x-amzn-errortype", "InvalidSignatureException".into())], r#"{"Message":"Signature expired: 20261204T150000Z is now earlier than 20261204T155500Z (20261204T160000Z - 5 min.)"}"#),
                }
            })).await;
            let client = Sdk::new(sdk, &url, FAST);
            let first = client.call().await;
            let second = client.call().await;
            format!("{}, then {}; {} requests", show(&first), show(&second), count.load(Ordering::SeqCst))
        }
        "huge-length" => {
            let (url, count) = server(Arc::new(|_, _| {
                let mut bytes = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n".to_vec();
                bytes.extend(std::iter::repeat_n(b' ', 64 * 1024));
                Action::WriteThenHold(bytes)
            })).await;
            let o = Sdk::new(sdk, &url, FAST).call().await;
            format!("{} after {}; {} requests", show(&o), elapsed(), count.load(Ordering::SeqCst))
        }
        "huge-chunked" => {
            let (url, _) = server(Arc::new(|_, _| Action::Chunked(300 << 20))).await;
            let o = Sdk::new(sdk, &url, Retry { attempts: 1, ..FAST }).call().await;
            format!("{} after {}; peak memory +{:.0} MiB", show(&o), elapsed(), peak_mib() - before)
        }
        "trickle" => {
            let (url, _) = server(Arc::new(|_, _| Action::Trickle(100, Duration::from_secs(2)))).await;
            let o = Sdk::new(sdk, &url, Retry { attempts: 1, ..FAST }).call().await;
            format!("{} after {}", show(&o), elapsed())
        }
        "silent" => {
            let (url, _) = server(Arc::new(|_, _| Action::Hold)).await;
            let o = Sdk::new(sdk, &url, Retry { attempts: 1, ..FAST }).call().await;
            format!("{} after {}", show(&o), elapsed())
        }
        "tls-stall" => {
            let url = mute_server().await;
            let o = Sdk::new(sdk, &url, Retry { attempts: 1, ..FAST }).call().await;
            format!("{} after {}", show(&o), elapsed())
        }
        "proxy" => {
            let (proxy, seen) = proxy_server().await;
            // SAFETY: set before any other thread of this process reads the environment.
            unsafe { std::env::set_var("HTTPS_PROXY", &proxy) };
            let target = "https://connect.example.invalid";
            let o = match sdk {
                "ours" => tokio::time::timeout(CAP, ours::call(&ours::client_with_env(target))).await.unwrap_or(Err("no end".into())),
                _ => Sdk::new(sdk, target, Retry { attempts: 1, ..FAST }).call().await,
            };
            let lines = seen.lock().unwrap().clone();
            format!("HTTPS_PROXY set: the proxy saw {:?}; the call: {}", lines, show(&o))
        }
        "load" => {
            let (url, count) = server(Arc::new(|n, _| {
                let mut rng = fastrand::Rng::with_seed(n as u64);
                if rng.f64() >= 0.2 {
                    return reply(200, &[("x-amzn-requestid", "ok".into())], USER);
                }
                match rng.usize(0..4) {
                    0 => error(400, "ThrottlingException", "Rate exceeded"),
                    1 => error(500, "InternalServiceException", "injected"),
                    2 => Action::Reset,
                    _ => Action::WriteThenClose(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"Us".to_vec()),
                }
            })).await;
            let client = Arc::new(Sdk::new(sdk, &url, FAST));
            let tasks: Vec<_> = (0..64).map(|t| {
                let c = client.clone();
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    for _ in (t..20_000).step_by(64) {
                        let begun = Instant::now();
                        let ok = c.call().await.is_ok();
                        out.push((ok, begun.elapsed()));
                    }
                    out
                })
            }).collect();
            let mut all = Vec::new();
            for t in tasks {
                all.extend(t.await.unwrap());
            }
            let ok = all.iter().filter(|(ok, _)| *ok).count();
            let mut lat: Vec<Duration> = all.iter().map(|(_, d)| *d).collect();
            lat.sort();
            let p = |q: f64| lat[((lat.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
            format!(
                "{ok} of 20000 succeed, {} requests, {}; p50 {:.1} ms, p99 {:.1} ms, max {:.0} ms",
                count.load(Ordering::SeqCst),
                elapsed(),
                p(0.5),
                p(0.99),
                p(1.0)
            )
        }
        other => format!("unknown scenario {other}"),
    }
}
