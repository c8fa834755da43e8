// The hand-written part of `tests/fuzz_responses.rs` (appended after the
// generated tables by `cargo xtask protocol-tests`): random and mutated
// responses for every operation's deserializer. A response must never
// panic or hang, and every failure must be typed: a modeled or unhandled
// service error, or a response error that keeps the raw response.

use std::time::{Duration, Instant};

use client_runtime::client::SdkError;
use client_runtime::client::stub::StubHttpClient;
use proptest::prelude::*;

fn typed<O, E: std::fmt::Debug>(r: Result<O, SdkError<E>>) -> Result<(), String> {
    match r {
        Ok(_) | Err(SdkError::ServiceError(_)) | Err(SdkError::ResponseError(_)) => Ok(()),
        Err(e) => Err(format!("not a typed response failure: {e:?}")),
    }
}

/// Bytes that steer a JSON reader into its interesting states.
const JSON_BYTES: &[u8] = b"{}[]\",:0123456789-+.eEtrufalsn\\/ \n\tNIaify\xff\xc3";

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![prop::sample::select(JSON_BYTES), any::<u8>()];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = body.len();
        match *m {
            Mutation::Flip(i, b) if len > 0 => body[i % len] ^= b,
            Mutation::Insert(i, b) => body.insert(i % (len + 1), b),
            Mutation::Delete(i) if len > 0 => {
                body.remove(i % len);
            }
            Mutation::Truncate(i) => body.truncate(i % (len + 1)),
            Mutation::Duplicate(i, n) if len > 0 => {
                let start = i % len;
                let end = (start + n).min(len);
                let piece = body[start..end].to_vec();
                body.splice(start..start, piece);
            }
            _ => {}
        }
        body.truncate(4096);
    }
    body
}

/// JSON-shaped text with the model's member names as keys, so generated
/// readers go past the first key.
fn json_value() -> impl Strategy<Value = String> {
    let key = prop::sample::select(JSON_KEYS).prop_map(|k| format!("{k:?}"));
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        prop::sample::select(&["\"NaN\"", "\"Infinity\"", "1e400", "-0", "\"\"", "\"dGVzdA==\"", "\"2000-01-02T20:34:56Z\"", "1.5e300", "18446744073709551616"][..])
            .prop_map(str::to_string),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|v| format!("{{{}}}", v.into_iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","))),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => (prop::sample::select(SEED_BODIES), prop::collection::vec(mutation(), 0..6))
            .prop_map(|(seed, m)| apply(seed.as_bytes().to_vec(), &m)),
        2 => json_value().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let value = prop_oneof![
        prop::sample::select(HEADER_VALUES).prop_map(str::to_string),
        "[ -~]{0,24}",
        "\\PC{0,12}",
    ];
    prop::collection::vec((prop::sample::select(HEADER_NAMES), value), 0..6)
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(&[200u16, 201, 202, 204, 400, 403, 404, 429, 500, 503][..]),
        100u16..600,
    ]
}

/// 50 hostile responses per operation, at least 1,000 and at most 6,000
/// in all: every deserializer gets many, and the eight suites stay within
/// CI's time.
const CASES: u32 = {
    let n = 50 * OPERATIONS as u32;
    if n < 1000 {
        1000
    } else if n > 6000 {
        6000
    } else {
        n
    }
};

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_responses_fail_typed(op in 0..OPERATIONS, status in status(), headers in headers(), body in body()) {
        let stub = StubHttpClient::new();
        let header_refs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        stub.respond(status, &header_refs, body);
        let client = support::client(&stub, "example.com");
        // On its own thread, so a hang is reported (after a generous
        // limit) instead of stalling the run, and a panic becomes a failure
        // proptest can shrink.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
            let start = Instant::now();
            let outcome = rt.block_on(call(op, &client));
            let _ = tx.send((outcome, start.elapsed()));
        });
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok((outcome, elapsed)) => {
                prop_assert!(elapsed < Duration::from_secs(2), "operation #{} took {:?}", op, elapsed);
                prop_assert!(outcome.is_ok(), "operation #{}: {}", op, outcome.unwrap_err());
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => prop_assert!(false, "operation #{} hangs", op),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => prop_assert!(false, "operation #{} panicked", op),
        }
    }
}
