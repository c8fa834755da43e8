//! Canned responses for tests, like botocore's `Stubber`.
//!
//! ```
//! use client_runtime::client::{Config, stub::StubHttpClient};
//!
//! let stub = StubHttpClient::new();
//! stub.respond(200, &[("content-type", "application/json")], r#"{"UserId":"u-1"}"#)
//!     .error(404, "ResourceNotFoundException", "no such user");
//!
//! // Region us-east-1, credentials AKIDTEST/SECRETTEST, no retries, and
//! // nothing read from the environment or ~/.aws.
//! let config = Config::builder().test_defaults().http_client(stub.clone()).build();
//! // let client = my_service::Client::from_conf(config);
//! // ... call operations, then inspect what was sent:
//! // let sent = stub.requests();
//! // assert_eq!(sent[0].uri().path(), "/users/u-1");
//! # let _ = config;
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use super::transport::{HttpClient, HttpFuture, TransportError};

/// An [`HttpClient`] that answers from a queue of canned responses and
/// records every request it receives. Clones share the queue and the record.
///
/// When the queue is empty, a request fails with a dispatch failure saying
/// so (not retried).
#[derive(Clone, Default)]
pub struct StubHttpClient {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Result<http::Response<Bytes>, TransportError>>,
    requests: Vec<http::Request<Bytes>>,
}

impl StubHttpClient {
    /// A stub with nothing queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left valid data behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a response.
    ///
    /// # Panics
    /// If `status` or a header is not valid HTTP: a bug in the test.
    pub fn respond(&self, status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> &Self {
        let mut resp = http::Response::builder().status(status);
        for (name, value) in headers {
            resp = resp.header(*name, *value);
        }
        let resp = resp.body(body.into()).expect("StubHttpClient::respond: invalid status or header");
        self.state().queue.push_back(Ok(resp));
        self
    }

    /// Queues a restJson1 error response: `X-Amzn-ErrorType: {code}`, a
    /// request id, and body `{"message": ...}`.
    pub fn error(&self, status: u16, code: &str, message: &str) -> &Self {
        let body = format!("{{\"message\":{}}}", json_string(message));
        self.respond(
            status,
            &[
                ("content-type", "application/json"),
                ("x-amzn-errortype", code),
                ("x-amzn-requestid", "stub-request-id"),
            ],
            body,
        )
    }

    /// Queues a transport failure (e.g. `TransportError::connect("refused")`).
    pub fn fail(&self, error: TransportError) -> &Self {
        self.state().queue.push_back(Err(error));
        self
    }

    /// Every request received so far, in order, exactly as sent (signed,
    /// absolute URI).
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.state().requests.iter().map(super::request::clone_request).collect()
    }

    /// How many queued responses have not been used.
    pub fn remaining(&self) -> usize {
        self.state().queue.len()
    }
}

impl fmt::Debug for StubHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.state();
        f.debug_struct("StubHttpClient").field("queued", &s.queue.len()).field("received", &s.requests.len()).finish()
    }
}

impl HttpClient for StubHttpClient {
    fn call(&self, req: http::Request<Bytes>) -> HttpFuture {
        let mut s = self.state();
        let line = format!("{} {}", req.method(), req.uri());
        s.requests.push(req);
        let n = s.requests.len();
        let answer = s.queue.pop_front().unwrap_or_else(|| {
            Err(TransportError::other(format!(
                "StubHttpClient has no response queued for request #{n} ({line}): queue one more with respond() or error()"
            )))
        });
        Box::pin(std::future::ready(answer))
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
