//! Spans per operation and attempt, and no secrets in anything logged.

mod client_support;

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, invoke};
use client_support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span name and every field of every span and event, at all levels.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<Mutex<u64>>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
        let mut id = self.next_id.lock().unwrap();
        *id += 1;
        Id::from_u64(*id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = format!("record {}", span.into_u64());
        values.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().target());
        event.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn spans_are_recorded_and_secrets_never_appear() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let stub = StubHttpClient::new();
    stub.error(500, "InternalError", "oops").respond(200, &[("x-amzn-requestid", "rid-ok")], "{}");
    let creds = Credentials::new("AKIDVISIBLE", "SUPERSECRETKEY", Some("SESSIONSECRET".into()), None, "t");
    let config = Config::builder()
        .test_defaults()
        .credentials_provider(creds)
        .retry_config(RetryConfig::standard().initial_backoff(std::time::Duration::ZERO))
        .http_client(stub.clone())
        .build();
    tracing::info!(config = ?config, "configured");
    let handle = Handle::new(config, &SERVICE);
    invoke(&handle, &PUT_USER, input("u1"), serialize_put_user, deserialize_put_user).await.unwrap();

    let lines = capture.lines.lock().unwrap().join("\n");
    assert!(lines.contains("span invoke service=\"User Service\" operation=\"PutUser\""), "{lines}");
    assert!(lines.contains("span attempt attempt=1"), "{lines}");
    assert!(lines.contains("span attempt attempt=2"), "{lines}");
    assert!(lines.contains("status=500") && lines.contains("status=200"), "{lines}");
    assert!(lines.contains("request_id=\"rid-ok\""), "{lines}");
    assert!(lines.contains("retrying"), "{lines}");
    for secret in ["SUPERSECRETKEY", "SESSIONSECRET"] {
        assert!(!lines.contains(secret), "{secret} was logged:\n{lines}");
    }
    // The request itself did carry the session token.
    assert_eq!(stub.requests()[0].headers()["x-amz-security-token"], "SESSIONSECRET");
}
