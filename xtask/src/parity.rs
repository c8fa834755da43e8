//! `cargo xtask parity`: the program in `bench/peer/parity/official` (written
//! against aws-sdk-connect) and the same program built against connect-client
//! with only its `use` line and dependency changed (`parity/ours`, see its
//! build.rs) run against one local server, one after the other; their output
//! and the requests the server saw must be the same.
//!
//! The server answers `DescribeUser` by user id: a user (`found`), the
//! modeled `ResourceNotFoundException` (`missing`), an error code the model
//! does not have (`unmodeled`), throttling twice then the user
//! (`throttled-twice`, which both clients retry) and throttling every time
//! (`throttled-always`, which both give up on after three attempts).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USER: &str = r#"{"User":{"Id":"u-1","Arn":"arn:aws:connect:us-west-2:123456789012:instance/instance-1/agent/u-1","Username":"jane.doe",
"IdentityInfo":{"FirstName":"Jane","LastName":"Doe","Email":"jane@example.com"},
"PhoneConfig":{"PhoneType":"DESK_PHONE","AutoAccept":true,"AfterContactWorkTimeLimit":30,"DeskPhoneNumber":"+442071838750"},
"SecurityProfileIds":["sp-1","sp-2"],"RoutingProfileId":"rp-1",
"Tags":{"team":"blue","site":"leeds"},"LastModifiedTime":1700000000.25,"LastModifiedRegion":"us-west-2",
"SomethingNewer":{"the model":"does not have this yet"}}}"#;

/// The requests one program made: (user id, attempt) → what was checked.
type Seen = Arc<Mutex<Vec<String>>>;

pub fn run(root: &Path) -> Result<(), String> {
    let manifest = root.join("bench/peer/Cargo.toml");
    let target = crate::target_dir(root).join("parity");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("==> building bench/peer/parity (official and ours)");
    let status = Command::new(&cargo)
        .args(["build", "--locked", "-p", "parity-official", "-p", "parity-ours", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building the parity programs failed: the official program does not compile against connect-client".into());
    }
    let mut outputs = Vec::new();
    for name in ["parity-official", "parity-ours"] {
        let (stdout, seen) = run_one(&target.join("debug").join(name))?;
        outputs.push((name, stdout, seen));
    }
    let (_, official, official_seen) = &outputs[0];
    let (_, ours, ours_seen) = &outputs[1];
    let mut problems = Vec::new();
    let (a, b): (Vec<&str>, Vec<&str>) = (official.lines().collect(), ours.lines().collect());
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).copied().unwrap_or("<none>"), b.get(i).copied().unwrap_or("<none>"));
        if x != y {
            problems.push(format!("line {}:\n  official: {x}\n  ours:     {y}", i + 1));
        }
    }
    if official_seen != ours_seen {
        problems.push(format!("the server saw\n  official: {official_seen:?}\n  ours:     {ours_seen:?}"));
    }
    if !problems.is_empty() {
        return Err(format!("the two programs differ:\n{}\nofficial output:\n{official}", problems.join("\n")));
    }
    println!("{official}");
    println!("==> parity: the same {} lines of output and the same {} requests from both programs", a.len(), official_seen.len());
    Ok(())
}

/// Runs one program against a fresh server: its output and the requests seen.
fn run_one(program: &Path) -> Result<(String, Vec<String>), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let seen: Seen = Arc::default();
    let attempts: Arc<Mutex<BTreeMap<String, u32>>> = Arc::default();
    {
        let (seen, attempts) = (seen.clone(), attempts.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, attempts) = (seen.clone(), attempts.clone());
                std::thread::spawn(move || serve(stream, &seen, &attempts));
            }
        });
    }
    let mut cmd = Command::new(program);
    // Nothing from this machine's AWS setup: the program configures itself.
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd
        .env("PARITY_ENDPOINT", format!("http://{addr}"))
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            return Err(format!("{} did not finish in 120 s", program.display()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().map(|mut s| s.read_to_string(&mut stdout));
    child.stderr.take().map(|mut s| s.read_to_string(&mut stderr));
    if !status.success() {
        return Err(format!("{} failed ({status}):\n{stdout}\n{stderr}", program.display()));
    }
    let seen = seen.lock().map(|s| s.clone()).map_err(|_| "the server thread panicked".to_string())?;
    Ok((stdout, seen))
}

/// Answers every request on one connection (both clients keep connections).
fn serve(stream: TcpStream, seen: &Seen, attempts: &Mutex<BTreeMap<String, u32>>) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let user = path.rsplit('/').next().unwrap_or("").to_string();
        let attempt = {
            let mut a = attempts.lock().unwrap_or_else(|e| e.into_inner());
            let n = a.entry(user.clone()).or_insert(0);
            *n += 1;
            *n
        };
        // What both clients must agree on: the request and its signing scope.
        let scope = headers
            .get("authorization")
            .and_then(|a| a.split("Credential=").nth(1))
            .and_then(|c| c.split(',').next())
            .map(|c| c.splitn(3, '/').enumerate().filter(|(i, _)| *i != 1).map(|(_, p)| p).collect::<Vec<_>>().join("/"))
            .unwrap_or_else(|| "unsigned".into());
        seen.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{method} {path} attempt {attempt} signed {scope}"));
        let throttled = (429, "ThrottlingException", r#"{"Message":"Rate exceeded"}"#);
        let (status, error_type, text) = match (user.as_str(), attempt) {
            ("found", _) | ("throttled-twice", 3..) => (200, "", USER),
            ("missing", _) => (404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/", r#"{"Message":"User not found"}"#),
            ("unmodeled", _) => (400, "BrandNewException", r#"{"message":"a kind of error the model does not have"}"#),
            ("throttled-twice", _) | ("throttled-always", _) => throttled,
            _ => (400, "InvalidRequestException", r#"{"Message":"unknown user"}"#),
        };
        let mut response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-amzn-requestid: req-{user}-{attempt}\r\ncontent-length: {}\r\n",
            text.len()
        );
        if !error_type.is_empty() {
            response.push_str(&format!("x-amzn-errortype: {error_type}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(text);
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
