//! Property test: random and mutated HTTP responses fed to DescribeUser's
//! response deserializer never panic or hang; anything that is not a valid
//! response is a typed error. (`deserialize_response` is the exact step
//! `send()` uses to read a response.)

use bytes::Bytes;
use connect_client::operation::describe_user::deserialize_response;
use proptest::prelude::*;

const VALID: &str = r#"{"User":{"Id":"u-1","Arn":"arn:aws:connect:us-east-1:1:instance/i/agent/u-1","Username":"jane",
"IdentityInfo":{"FirstName":"Jane","LastName":"Doe","Email":"j@example.com","SecondaryEmail":"j2@example.com","Mobile":"+14155550100"},
"PhoneConfig":{"PhoneType":"SOFT_PHONE","AutoAccept":false,"AfterContactWorkTimeLimit":0,"DeskPhoneNumber":"+14155550101"},
"DirectoryUserId":"d","SecurityProfileIds":["sp-1","sp-2"],"RoutingProfileId":"rp","HierarchyGroupId":"hg",
"Tags":{"team":"blue"},"LastModifiedTime":1700000000.25,"LastModifiedRegion":"us-east-1"}}"#;

const ERROR: &str = r#"{"__type":"com.amazonaws.connect#InvalidRequestException","Message":"bad","Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_SIZE"}}"#;

/// Byte-level damage to a valid body: flips, cuts, duplicated spans, inserted JSON punctuation.
fn mutated(base: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    prop::collection::vec((0..len, any::<u8>(), 0u8..4), 1..8).prop_map(move |edits| {
        let mut b = base.as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let at = at.min(b.len().saturating_sub(1));
            match kind {
                0 => b[at] = byte,
                1 => b.truncate(at),
                2 => {
                    let span: Vec<u8> = b[at..].iter().take(16).copied().collect();
                    b.splice(at..at, span);
                }
                _ => b.insert(at, b"{}[]\",:0-eE.\\n"[byte as usize % 13]),
            }
            if b.is_empty() {
                break;
            }
        }
        b
    })
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ThrottlingException".to_string()),
        Just("ResourceNotFoundException:http://example.com/x".to_string()),
        Just("com.amazonaws.connect#InternalServiceException".to_string()),
        "[ -~]{0,40}",
    ]
}

fn response(status: u16, error_type: Option<String>, body: Vec<u8>) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(status).header("x-amzn-requestid", "rid");
    if let Some(t) = error_type {
        b = b.header("x-amzn-errortype", t);
    }
    b.body(Bytes::from(body)).expect("valid response parts")
}

fn check(resp: &http::Response<Bytes>) {
    match deserialize_response(resp) {
        Ok(Ok(_)) => assert!(resp.status().is_success(), "an error status parsed as success"),
        Ok(Err(e)) => {
            assert!(!resp.status().is_success(), "a 2xx parsed as an error");
            // Every error keeps the request id for support cases.
            assert_eq!(connect_client::operation::RequestId::request_id(&e), Some("rid"), "{e:?}");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(status in prop_oneof![Just(200u16), Just(400u16), Just(429u16), Just(500u16)],
                                error_type in prop::option::of(header_value()),
                                body in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&response(status, error_type, body));
    }

    #[test]
    fn mutated_success_bodies_never_panic(body in mutated(VALID)) {
        check(&response(200, None, body));
    }

    #[test]
    fn mutated_error_bodies_never_panic(status in prop_oneof![Just(400u16), Just(404u16), Just(500u16)],
                                        error_type in prop::option::of(header_value()),
                                        body in mutated(ERROR)) {
        check(&response(status, error_type, body));
    }
}

#[test]
fn the_unmutated_bodies_parse() {
    let ok = deserialize_response(&response(200, None, VALID.as_bytes().to_vec())).unwrap().unwrap();
    assert_eq!(ok.user().and_then(|u| u.username()), Some("jane"));
    let err = deserialize_response(&response(400, None, ERROR.as_bytes().to_vec())).unwrap().unwrap_err();
    assert!(err.is_invalid_request_exception(), "{err:?}");
}

#[test]
fn deep_and_huge_inputs_fail_fast() {
    let deep = "[".repeat(200_000);
    let start = std::time::Instant::now();
    assert!(deserialize_response(&response(200, None, format!("{{\"User\":{deep}").into_bytes())).is_err());
    let huge = format!("{{\"User\":{{\"Username\":\"{}\"}}}}", "x".repeat(5_000_000));
    let out = deserialize_response(&response(200, None, huge.into_bytes())).unwrap().unwrap();
    assert_eq!(out.user().and_then(|u| u.username()).map(str::len), Some(5_000_000));
    // A hang detector, not a speed target (benchmarks measure speed).
    assert!(start.elapsed() < std::time::Duration::from_secs(60), "{:?}", start.elapsed());
}
