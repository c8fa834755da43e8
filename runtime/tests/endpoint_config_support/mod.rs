//! Shared by the configured-endpoint tests: Connect's endpoint rule set as
//! the generator wrote it, Connect and Voice ID as services, one call each,
//! and a temporary HOME holding a shared config file. Every config these
//! helpers build reads only the variables a test gives it
//! ([`Builder::environment`]), never the process environment.
// Each test file uses a different subset.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Builder, Config, Handle, OperationInfo, SdkError, ServiceInfo, Unhandled, invoke};
use client_runtime::error::BuildError;
use client_runtime::protocol::json::DeserializeError;
use client_runtime::validate::{Validate, Validator};

/// The generated Connect crate's `src/endpoint.rs`: the real rule set, so
/// FIPS and dual-stack URLs are the ones Connect's model gives.
#[path = "../../../generated/src/endpoint.rs"]
#[allow(dead_code, unreachable_pub, clippy::all)]
mod connect_endpoint;

/// Connect, with its rule set.
pub static CONNECT: ServiceInfo = ServiceInfo {
    endpoint_prefix: "connect",
    signing_name: "connect",
    sdk_id: "Connect",
    api_version: "2017-08-08",
    crate_name: "connect-client",
    crate_version: "0.1.0",
    endpoint_rules: Some(&connect_endpoint::RULE_SET),
};

/// Voice ID: an SDK id with a space; no rule set here, so the fallback
/// `https://voiceid.{region}.amazonaws.com` (what its rules give in
/// commercial regions) or the configured URL.
pub static VOICE_ID: ServiceInfo = ServiceInfo {
    endpoint_prefix: "voiceid",
    signing_name: "voiceid",
    sdk_id: "Voice ID",
    api_version: "2021-09-27",
    crate_name: "voiceid-client",
    crate_version: "0.1.0",
    endpoint_rules: None,
};

static DESCRIBE_USER: OperationInfo = OperationInfo { service: &CONNECT, name: "DescribeUser", retryable_error_codes: &[], auth: client_runtime::client::Auth::SigV4 };
static DESCRIBE_DOMAIN: OperationInfo = OperationInfo { service: &VOICE_ID, name: "DescribeDomain", retryable_error_codes: &[], auth: client_runtime::client::Auth::SigV4 };

/// A request with this path: what the operation botocore is asked for
/// serializes to (`DescribeUser` with `i`/`u`; `DescribeDomain` posts to `/`).
pub struct Call(&'static str);

impl Validate for Call {
    fn validate_into(&self, _: &mut Validator) {}
}

fn serialize(call: &Call) -> Result<http::Request<Bytes>, BuildError> {
    http::Request::builder().method("GET").uri(call.0).body(Bytes::new()).map_err(|e| BuildError::other(e.to_string()))
}

fn deserialize(_: &http::Response<Bytes>) -> Result<Result<(), Unhandled>, DeserializeError> {
    Ok(Ok(()))
}

/// Region us-east-1, fixed credentials, no retries, and `vars` as the whole
/// environment.
pub fn config(vars: Vec<(String, String)>) -> Builder {
    Config::builder().test_defaults().environment(vars)
}

/// One call through `handle`: the URL it was sent to, or the error's
/// message with its sources (nothing was sent then).
pub async fn call(handle: &Handle, stub: &StubHttpClient) -> Result<String, String> {
    let before = stub.requests().len();
    stub.respond(200, &[], "{}");
    let (op, call) = if std::ptr::eq(handle.service(), &CONNECT) { (&DESCRIBE_USER, Call("/users/i/u")) } else { (&DESCRIBE_DOMAIN, Call("/")) };
    match invoke(handle, op, call, serialize, deserialize).await {
        Ok(()) => Ok(stub.requests().last().map(|r| r.uri().to_string()).unwrap_or_default()),
        Err(e) => {
            assert_eq!(stub.requests().len(), before, "a failed resolution sends nothing: {e}");
            assert!(matches!(e, SdkError::ConstructionFailure(_)), "{e:?}");
            Err(message(&e))
        }
    }
}

/// Where a fresh client of `service` configured by `config` sends its first call.
pub async fn sent_to(service: &'static ServiceInfo, config: Builder) -> Result<String, String> {
    let stub = StubHttpClient::new();
    let handle = Handle::new(config.http_client(stub.clone()).build(), service);
    call(&handle, &stub).await
}

/// `e` and its sources, `: `-separated.
pub fn message(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let shown = c.to_string();
        if !out.ends_with(&shown) {
            out.push_str(": ");
            out.push_str(&shown);
        }
        cause = c.source();
    }
    out
}

/// A temporary home directory with `.aws/config`; removed when dropped.
pub struct Home {
    dir: PathBuf,
}

impl Home {
    /// A home whose `.aws/config` holds `config` (none when `None`).
    pub fn new(config: Option<&str>) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("client-runtime-endpoint-config-{}-{n}", std::process::id()));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        if let Some(text) = config {
            std::fs::write(dir.join(".aws").join("config"), text).unwrap();
        }
        Self { dir }
    }

    /// Replaces `.aws/config`.
    pub fn write_config(&self, text: &str) {
        std::fs::write(self.dir.join(".aws").join("config"), text).unwrap();
    }

    /// Where `.aws/config` is.
    pub fn config_path(&self) -> String {
        self.dir.join(".aws").join("config").display().to_string()
    }

    /// `HOME` pointing here, plus `vars`.
    pub fn env(&self, vars: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut all = vec![("HOME".to_owned(), self.dir.display().to_string())];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        all
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
