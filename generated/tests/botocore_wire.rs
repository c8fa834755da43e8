//! DescribeUser on the wire compared with botocore: for hostile labels our
//! method, path and query equal what botocore sends
//! (`runtime/tests/botocore/request_check.py`), and botocore's SigV4 agrees
//! with our Authorization header (`runtime/tests/botocore/sigv4_check.py`).
//!
//! Needs a python with botocore in `BOTOCORE_PYTHON`, e.g.
//! `python3 -m venv .venv && .venv/bin/pip install botocore` then
//! `BOTOCORE_PYTHON=$PWD/.venv/bin/python cargo test -p connect-client --test botocore_wire`.
//! Without it each test prints why and returns; under CI it fails.

use std::io::Write;
use std::process::{Command, Stdio};

use connect_client::config::Credentials;
use connect_client::config::stub::StubHttpClient;
use connect_client::{Client, Config};
use serde_json::{Value, json};

const LABELS: &[&str] = &[
    "inst-1",
    "/",
    "..",
    ".",
    "../../admin",
    "a/../../b",
    "?",
    "?x=1&y=2",
    "#",
    "#frag",
    "%",
    "%2F",
    "%252F",
    " ",
    "a b",
    "\t",
    "\r\n",
    "\u{0}",
    "é",
    "日本語",
    "\u{1F600}",
    "+&=;,:@!$'()*",
    "~_-.",
    "\\",
    "\"<>{}|^`[]",
];

fn script(name: &str) -> String {
    format!("{}/../runtime/tests/botocore/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Option<String> {
    oracle::require(oracle::botocore_python()).map(|py| py.to_string_lossy().into_owned())
}

/// Runs a checker script with `input` on stdin; returns (exit code, stdout, stderr).
fn run(py: &str, script_name: &str, input: &Value) -> (i32, String, String) {
    let mut child = Command::new(py)
        .arg(script(script_name))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {script_name}: {e}"));
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What our client sends, for each label used as both InstanceId and UserId.
async fn ours(config: connect_client::config::Builder, stub: &StubHttpClient) -> Vec<(String, String, Option<String>)> {
    let client = Client::from_conf(config.http_client(stub.clone()).build());
    for &label in LABELS {
        stub.respond(200, &[], "{}");
        client.describe_user().instance_id(label).user_id(label).send().await.unwrap();
    }
    stub.requests()
        .iter()
        .map(|r| (r.method().to_string(), r.uri().path().to_owned(), r.uri().query().map(str::to_owned)))
        .collect()
}

#[tokio::test]
async fn method_path_and_query_match_botocore_for_hostile_labels() {
    let Some(py) = python() else { return };
    let stub = StubHttpClient::new();
    let ours = ours(Config::builder().test_defaults(), &stub).await;
    let cases: Vec<Value> =
        LABELS.iter().map(|l| json!({"operation": "DescribeUser", "params": {"InstanceId": l, "UserId": l}})).collect();
    let (code, stdout, stderr) = run(&py, "request_check.py", &Value::Array(cases));
    assert_eq!(code, 0, "request_check.py failed:\n{stderr}");
    let theirs: Vec<Value> = serde_json::from_str(&stdout).expect("request_check.py prints a JSON list");
    assert_eq!(theirs.len(), LABELS.len());
    let mut mismatches = Vec::new();
    for ((label, (method, path, query)), b) in LABELS.iter().zip(&ours).zip(&theirs) {
        let ours = (method.as_str(), path.as_str(), query.as_deref().unwrap_or(""));
        let theirs = (b["method"].as_str().unwrap(), b["path"].as_str().unwrap(), b["query"].as_str().unwrap());
        // botocore sends a `.` or `..` label as a literal dot segment, which
        // RFC 3986 normalization (SigV4's included) removes; escaping it as
        // `%2E` is the one deviation we accept (see robustness.rs).
        let dots_escaped = theirs.1.replace("/..", "/%2E%2E").replace("/.", "/%2E");
        let dot_label = !label.is_empty() && label.chars().all(|c| c == '.');
        if ours != theirs && !(dot_label && (ours.0, ours.1, ours.2) == (theirs.0, dots_escaped.as_str(), theirs.2)) {
            mismatches.push(format!("{label:?}: ours {ours:?}, botocore {theirs:?}"));
        }
        assert_eq!(b["body"], "", "botocore sends no body for {label:?}");
    }
    assert!(mismatches.is_empty(), "{} of {} differ:\n{}", mismatches.len(), LABELS.len(), mismatches.join("\n"));
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[tokio::test]
async fn botocore_sigv4_agrees_with_our_authorization_header() {
    let Some(py) = python() else { return };
    let setups = [
        ("us-east-1", Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "t")),
        (
            "eu-west-2",
            Credentials::new("ASIATEMP", "temp/secret+key", Some("IQoJb3JpZ2luX2VjE//token==".into()), None, "t"),
        ),
    ];
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for (region, creds) in setups {
        let stub = StubHttpClient::new();
        let client = Client::from_conf(
            Config::builder().region(region).credentials_provider(creds.clone()).http_client(stub.clone()).build(),
        );
        for &label in LABELS {
            stub.respond(200, &[], "{}");
            client.describe_user().instance_id(label).user_id(label).send().await.unwrap();
        }
        for req in stub.requests() {
            assert_eq!(req.uri().host(), Some(format!("connect.{region}.amazonaws.com").as_str()));
            let headers: Vec<(String, String)> =
                req.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned())).collect();
            let case = json!({
                "method": req.method().as_str(),
                "url": req.uri().to_string(),
                "headers": headers,
                "body_hex": hex(req.body()),
                "access_key": creds.access_key_id(),
                "secret_key": creds.secret_access_key(),
                "token": creds.session_token(),
                "region": region,
                "service": "connect",
            });
            let (code, stdout, stderr) = run(&py, "sigv4_check.py", &case);
            match code {
                0 => {}
                1 => {
                    let report: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
                    let canonical_path = report["canonical_request"].as_str().and_then(|c| c.lines().nth(1));
                    disagreements.push(format!("{region} {}: botocore's canonical path {canonical_path:?}", req.uri()));
                }
                _ => panic!("sigv4_check.py could not check {}:\n{stdout}{stderr}", req.uri()),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * LABELS.len());
    assert!(
        disagreements.is_empty(),
        "botocore's SigV4 disagrees with our Authorization header for {} of {checked} requests:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[tokio::test]
async fn the_signature_check_fails_for_a_tampered_path() {
    let Some(py) = python() else { return };
    let stub = StubHttpClient::new();
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    stub.respond(200, &[], "{}");
    client.describe_user().instance_id("inst").user_id("a/b").send().await.unwrap();
    let req = stub.requests().remove(0);
    let headers: Vec<(String, String)> =
        req.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned())).collect();
    let tampered = req.uri().to_string().replace("a%2Fb", "a/b");
    assert_ne!(tampered, req.uri().to_string());
    let case = json!({
        "method": "GET", "url": tampered, "headers": headers, "body_hex": "",
        "access_key": "AKIDTEST", "secret_key": "SECRETTEST", "token": null,
        "region": "us-east-1", "service": "connect",
    });
    let (code, stdout, _) = run(&py, "sigv4_check.py", &case);
    assert_eq!(code, 1, "{stdout}");
}
