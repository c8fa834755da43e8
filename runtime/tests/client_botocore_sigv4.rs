//! Our SigV4 signatures, produced through the real `invoke` path, checked by
//! botocore's `SigV4Auth` (`tests/botocore/sigv4_check.py`).
//!
//! Needs a python with botocore: set `BOTOCORE_PYTHON`, e.g.
//! `python3 -m venv .venv && .venv/bin/pip install botocore` then
//! `BOTOCORE_PYTHON=$PWD/.venv/bin/python cargo test -p client-runtime --test client_botocore_sigv4`.
//! Without it the test prints why and passes; under CI it fails.

use std::io::Write;
use std::process::{Command, Stdio};

use bytes::Bytes;
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, OperationInfo, ServiceInfo, Unhandled, invoke};
use client_runtime::error::BuildError;
use client_runtime::protocol::json::DeserializeError;
use client_runtime::validate::{Validate, Validator};

static SERVICE: ServiceInfo = ServiceInfo {
    endpoint_prefix: "connect",
    signing_name: "connect",
    sdk_id: "Connect",
    api_version: "2017-08-08",
    crate_name: "connect-client",
    crate_version: "0.1.0",
    endpoint_rules: None,
};

static OP: OperationInfo = OperationInfo { service: &SERVICE, name: "Raw", retryable_error_codes: &[], auth: client_runtime::client::Auth::SigV4 };

/// A request exactly as a serializer would produce it.
struct Raw {
    method: &'static str,
    path_and_query: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
}

impl Validate for Raw {
    fn validate_into(&self, _: &mut Validator) {}
}

fn serialize(raw: &Raw) -> Result<http::Request<Bytes>, BuildError> {
    let mut req = http::Request::builder().method(raw.method).uri(raw.path_and_query);
    for (k, v) in raw.headers {
        req = req.header(*k, *v);
    }
    req.body(Bytes::from_static(raw.body.as_bytes())).map_err(|e| BuildError::other(e.to_string()))
}

fn deserialize(_: &http::Response<Bytes>) -> Result<Result<(), Unhandled>, DeserializeError> {
    Ok(Ok(()))
}

const CASES: &[Raw] = &[
    Raw { method: "GET", path_and_query: "/users/a%2Fb/c?x=1", headers: &[], body: "" },
    Raw {
        method: "PUT",
        path_and_query: "/instance/%E2%9C%93%20sp%25ace~tilde/%2E%2E/users/%3A%40%21?b=2&a=%2B%3D%26&a=1&A=0&flag&empty=",
        headers: &[("content-type", "application/json"), ("x-amz-meta", "  spaced   out  value ")],
        body: r#"{"Name":"Ann \u00e9","Tags":{"k":"v"}}"#,
    },
    Raw {
        method: "POST",
        path_and_query: "/a/./b/../c//d/",
        headers: &[("content-type", "application/json")],
        body: "{}",
    },
    Raw { method: "DELETE", path_and_query: "/contact-flows/id?next=%2F%2F&max=10", headers: &[], body: "" },
];

struct Python(String);

fn python() -> Option<Python> {
    oracle::require(oracle::botocore_python()).map(|py| Python(py.to_string_lossy().into_owned()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Runs the checker; returns (exit code, report).
fn check(py: &Python, req: &http::Request<Bytes>, creds: &Credentials, region: &str) -> (i32, String) {
    let headers: Vec<(String, String)> =
        req.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned())).collect();
    let case = serde_json::json!({
        "method": req.method().as_str(),
        "url": req.uri().to_string(),
        "headers": headers,
        "body_hex": hex(req.body()),
        "access_key": creds.access_key_id(),
        "secret_key": creds.secret_access_key(),
        "token": creds.session_token(),
        "region": region,
        "service": SERVICE.signing_name,
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/botocore/sigv4_check.py");
    let mut child = Command::new(&py.0)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sigv4_check.py");
    child.stdin.take().unwrap().write_all(case.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), report)
}

async fn sign_all(config: Config, stub: &StubHttpClient) -> Vec<http::Request<Bytes>> {
    let handle = Handle::new(config, &SERVICE);
    for case in CASES {
        stub.respond(200, &[], "{}");
        let raw = Raw { ..*case };
        invoke(&handle, &OP, raw, serialize, deserialize).await.unwrap();
    }
    stub.requests()
}

#[tokio::test]
async fn botocore_agrees_with_our_signatures() {
    let Some(py) = python() else { return };
    let setups = [
        (
            "us-east-1",
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "t"),
            None,
        ),
        (
            "eu-west-2",
            Credentials::new("ASIATEMP", "temp/secret+key", Some("IQoJb3JpZ2luX2VjE//token==".into()), None, "t"),
            Some("http://localhost:8000/prefix/"),
        ),
    ];
    let mut checked = 0;
    for (region, creds, endpoint) in setups {
        let stub = StubHttpClient::new();
        let mut config = Config::builder().region(region).credentials_provider(creds.clone()).http_client(stub.clone());
        if let Some(url) = endpoint {
            config = config.endpoint_url(url);
        }
        for req in sign_all(config.build(), &stub).await {
            let (code, report) = check(&py, &req, &creds, region);
            if std::env::var_os("SHOW_REPORT").is_some() {
                eprintln!("{report}");
            }
            assert_eq!(code, 0, "botocore disagrees for {} {}:\n{report}", req.method(), req.uri());
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * CASES.len());
}

#[tokio::test]
async fn the_checker_catches_a_tampered_request() {
    let Some(py) = python() else { return };
    let creds = Credentials::new("AKID", "SECRET", None, None, "t");
    let stub = StubHttpClient::new();
    let config = Config::builder().region("us-east-1").credentials_provider(creds.clone()).http_client(stub.clone());
    let mut req = sign_all(config.build(), &stub).await.remove(0);
    *req.uri_mut() = "https://connect.us-east-1.amazonaws.com/users/a%2Fb/d?x=1".parse().unwrap();
    let (code, report) = check(&py, &req, &creds, "us-east-1");
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("\"ok\": false"), "{report}");
}
