//! Hostile inputs and odd responses through the public client and the stub
//! transport: labels cannot escape their path segment, every response shape
//! parses to the expected values, bad requests are never sent.

use connect_client::config::stub::StubHttpClient;
use connect_client::error::SdkError;
use connect_client::operation::describe_user::{DescribeUserError, DescribeUserOutput};
use connect_client::primitives::DateTime;
use connect_client::types::{InvalidRequestExceptionReason, PhoneType};
use connect_client::{Client, Config};

fn client(stub: &StubHttpClient) -> Client {
    Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build())
}

async fn describe(
    stub: &StubHttpClient,
    instance: &str,
    user: &str,
) -> Result<DescribeUserOutput, SdkError<DescribeUserError>> {
    client(stub).describe_user().instance_id(instance).user_id(user).send().await
}

/// Decodes `%XX` escapes; panics on a malformed escape or non-UTF-8 result.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("two hex digits after %");
            out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape %{hex} in {s}")));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("decoded path segment is UTF-8")
}

const HOSTILE: &[&str] = &[
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
    "line\nbreak",
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

#[tokio::test]
async fn hostile_labels_stay_inside_their_path_segment() {
    for &label in HOSTILE {
        let stub = StubHttpClient::new();
        stub.respond(200, &[], "{}");
        describe(&stub, label, label).await.unwrap_or_else(|e| panic!("{label:?}: {e}"));
        let reqs = stub.requests();
        assert_eq!(reqs.len(), 1);
        let uri = reqs[0].uri();
        assert_eq!(reqs[0].method(), "GET");
        assert_eq!(uri.query(), None, "{label:?} leaked into the query: {uri}");
        let path = uri.path();
        assert!(path.starts_with('/'), "{path}");
        let segments: Vec<&str> = path[1..].split('/').collect();
        assert_eq!(segments.len(), 3, "{label:?} -> {path}");
        assert_eq!(segments[0], "users");
        assert_eq!(percent_decode(segments[1]), label, "{path}");
        assert_eq!(percent_decode(segments[2]), label, "{path}");
        for seg in &segments[1..] {
            assert!(
                seg.bytes().all(|c| c.is_ascii_alphanumeric() || b"-._~%".contains(&c)),
                "only unreserved characters and escapes in a label: {seg}"
            );
        }
        assert!(reqs[0].body().is_empty(), "GET without a body");
    }
}

/// `.` and `..` are unreserved characters, so a label that is only dots is
/// sent as a literal dot segment: `/users/../..`. RFC 3986 normalization
/// removes dot segments, and SigV4 canonicalization does exactly that (botocore
/// and aws-sigv4 both sign `/users/../..` as `/`), as may any proxy or server
/// in between: the label escapes its segment and the request names another
/// resource. Such a label must be percent-encoded (`%2E`, `%2E%2E`).
#[tokio::test]
async fn dot_segment_labels_are_escaped_so_normalization_cannot_remove_them() {
    for label in [".", ".."] {
        let stub = StubHttpClient::new();
        stub.respond(200, &[], "{}");
        describe(&stub, label, label).await.unwrap();
        let path = stub.requests()[0].uri().path().to_owned();
        let segments: Vec<&str> = path[1..].split('/').collect();
        assert_eq!(segments.len(), 3, "{path}");
        for seg in &segments[1..] {
            assert_eq!(percent_decode(seg), label);
            assert!(*seg != "." && *seg != "..", "{label:?} is sent as a dot segment: {path}");
        }
    }
}

#[tokio::test]
async fn labels_are_encoded_like_the_official_sdks() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    describe(&stub, "a/b c", "\u{1F600}?#%").await.unwrap();
    assert_eq!(stub.requests()[0].uri().path(), "/users/a%2Fb%20c/%F0%9F%98%80%3F%23%25");
}

#[tokio::test]
async fn empty_or_missing_label_is_a_construction_error_naming_the_member_and_nothing_is_sent() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    let c = client(&stub);
    let cases: [(&str, Option<&str>, Option<&str>); 4] = [
        ("InstanceId", Some(""), Some("u")),
        ("UserId", Some("i"), Some("")),
        ("InstanceId", None, Some("u")),
        ("UserId", Some("i"), None),
    ];
    for (member, instance, user) in cases {
        let err = c
            .describe_user()
            .set_instance_id(instance.map(str::to_owned))
            .set_user_id(user.map(str::to_owned))
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        let shown = err.to_string();
        assert!(shown.starts_with("construction failure: "), "{shown}");
        assert!(shown.contains(member), "{member} not named: {shown}");
        assert!(err.as_service_error().is_none());
    }
    assert!(stub.requests().is_empty(), "nothing was sent");
    assert_eq!(stub.remaining(), 1);
}

const FULL_USER: &str = r#"{
  "User": {
    "Id": "u-1",
    "Arn": "arn:aws:connect:us-west-2:123456789012:instance/i-1/agent/u-1",
    "Username": "jane",
    "IdentityInfo": {
      "FirstName": "Jane",
      "LastName": "Doe \u00e9\ud83d\ude00",
      "Email": "jane@example.com",
      "SecondaryEmail": "jane.doe@example.com",
      "Mobile": "+14155550100"
    },
    "PhoneConfig": {
      "PhoneType": "DESK_PHONE",
      "AutoAccept": true,
      "AfterContactWorkTimeLimit": 60,
      "DeskPhoneNumber": "+442071838750"
    },
    "DirectoryUserId": "d-1",
    "SecurityProfileIds": ["sp-1", "sp-2"],
    "RoutingProfileId": "rp-1",
    "HierarchyGroupId": "hg-1",
    "Tags": {"team": "blue", "env": "prod"},
    "LastModifiedTime": 1700000000.123,
    "LastModifiedRegion": "us-west-2"
  }
}"#;

#[tokio::test]
async fn response_with_every_user_field_parses() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[("content-type", "application/json"), ("x-amzn-requestid", "rid-1")], FULL_USER);
    let out = describe(&stub, "i-1", "u-1").await.unwrap();
    let u = out.user().unwrap();
    assert_eq!(u.id(), Some("u-1"));
    assert_eq!(u.arn(), Some("arn:aws:connect:us-west-2:123456789012:instance/i-1/agent/u-1"));
    assert_eq!(u.username(), Some("jane"));
    let info = u.identity_info().unwrap();
    assert_eq!(info.first_name(), Some("Jane"));
    assert_eq!(info.last_name(), Some("Doe \u{e9}\u{1F600}"), "JSON escapes incl. surrogate pairs");
    assert_eq!(info.email(), Some("jane@example.com"));
    assert_eq!(info.secondary_email(), Some("jane.doe@example.com"));
    assert_eq!(info.mobile(), Some("+14155550100"));
    let phone = u.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert!(phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 60);
    assert_eq!(phone.desk_phone_number(), Some("+442071838750"));
    assert_eq!(u.directory_user_id(), Some("d-1"));
    assert_eq!(u.security_profile_ids(), ["sp-1", "sp-2"]);
    assert_eq!(u.routing_profile_id(), Some("rp-1"));
    assert_eq!(u.hierarchy_group_id(), Some("hg-1"));
    let tags = u.tags().unwrap();
    assert_eq!((tags.len(), tags["team"].as_str(), tags["env"].as_str()), (2, "blue", "prod"));
    assert_eq!(u.last_modified_time(), Some(&DateTime::from_millis(1_700_000_000_123)));
    assert_eq!(u.last_modified_region(), Some("us-west-2"));
}

#[tokio::test]
async fn unknown_fields_and_nulls_are_skipped() {
    let body = r#"{
      "NewTopLevel": {"deep": [1, 2.5e3, "x", null, true, {"a": [[]]}]},
      "User": {
        "Id": "u-1",
        "FutureField": [{"nested": {"again": "\"quoted\" \\ \u0041"}}],
        "IdentityInfo": {"FirstName": "Jane", "Pronouns": "she/her", "Email": null},
        "PhoneConfig": {"PhoneType": "SOFT_PHONE", "NewKnob": 3, "AutoAccept": null},
        "Tags": {},
        "Username": null
      },
      "Trailer": null
    }"#;
    let stub = StubHttpClient::new();
    stub.respond(200, &[], body);
    let out = describe(&stub, "i", "u").await.unwrap();
    let u = out.user().unwrap();
    assert_eq!(u.id(), Some("u-1"));
    assert_eq!(u.username(), None, "null is absent");
    assert_eq!(u.identity_info().unwrap().first_name(), Some("Jane"));
    assert_eq!(u.identity_info().unwrap().email(), None);
    let phone = u.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::SoftPhone);
    assert!(!phone.auto_accept(), "a null defaulted member takes its default");
    assert_eq!(u.tags().map(|t| t.len()), Some(0));
}

#[tokio::test]
async fn empty_body_and_empty_object_give_no_user() {
    for body in ["", "{}", "  \n", r#"{"User":null}"#] {
        let stub = StubHttpClient::new();
        stub.respond(200, &[], body);
        let out = describe(&stub, "i", "u").await.unwrap();
        assert_eq!(out.user(), None, "{body:?}");
    }
}

#[tokio::test]
async fn phone_type_video_phone_parses_as_unknown_and_round_trips() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"User":{"PhoneConfig":{"PhoneType":"VIDEO_PHONE"}}}"#);
    let out = describe(&stub, "i", "u").await.unwrap();
    let phone_type = out.user().unwrap().phone_config().unwrap().phone_type();
    assert_eq!(phone_type.as_str(), "VIDEO_PHONE");
    assert_eq!(phone_type, &PhoneType::from("VIDEO_PHONE"));
    assert!(matches!(phone_type, PhoneType::Unknown(_)));
}

#[tokio::test]
async fn missing_required_phone_type_is_corrected_not_an_error() {
    // Smithy's client error correction: a required member a response omits
    // gets its zero value, so the response still parses.
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"User":{"PhoneConfig":{"AutoAccept":true}}}"#);
    let out = describe(&stub, "i", "u").await.unwrap();
    let phone = out.user().unwrap().phone_config().unwrap();
    assert_eq!(phone.phone_type().as_str(), "");
    assert!(phone.auto_accept());
}

#[tokio::test]
async fn malformed_success_body_is_a_response_error_keeping_the_raw_response() {
    for body in ["not json", r#"{"User":"#, r#"{"User":{"Id":5}}"#, r#"{"User":{}} trailing"#, "[]"] {
        let stub = StubHttpClient::new();
        stub.respond(200, &[("x-amzn-requestid", "rid-bad")], body);
        let err = describe(&stub, "i", "u").await.unwrap_err();
        assert!(matches!(err, SdkError::ResponseError(_)), "{body:?}: {err:?}");
        assert_eq!(err.raw_response().unwrap().body().as_ref(), body.as_bytes());
        assert_eq!(err.request_id(), Some("rid-bad"));
        let shown = err.to_string();
        assert!(shown.starts_with("response error: HTTP 200 with an unparseable body: "), "{shown}");
        assert!(!shown.contains('\n'), "{shown}");
    }
}

#[tokio::test]
async fn deeply_nested_unknown_field_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let body = format!(r#"{{"Unknown":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let stub = StubHttpClient::new();
    stub.respond(200, &[], body);
    let err = describe(&stub, "i", "u").await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err}");
}

// ------------------------------------------------------------------ errors

struct ErrorCase {
    code: &'static str,
    status: u16,
    is: fn(&DescribeUserError) -> bool,
}

const ERRORS: &[ErrorCase] = &[
    ErrorCase { code: "InternalServiceException", status: 500, is: DescribeUserError::is_internal_service_exception },
    ErrorCase { code: "InvalidParameterException", status: 400, is: DescribeUserError::is_invalid_parameter_exception },
    ErrorCase { code: "InvalidRequestException", status: 400, is: DescribeUserError::is_invalid_request_exception },
    ErrorCase {
        code: "ResourceNotFoundException",
        status: 404,
        is: DescribeUserError::is_resource_not_found_exception,
    },
    ErrorCase { code: "ThrottlingException", status: 429, is: DescribeUserError::is_throttling_exception },
];

fn check_error(err: SdkError<DescribeUserError>, case: &ErrorCase, message: &str, how: &str) {
    let what = format!("{} by {how}", case.code);
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(case.status), "{what}");
    assert_eq!(err.request_id(), Some("rid-42"), "{what}");
    assert_eq!(err.code(), Some(case.code), "{what}");
    assert_eq!(err.message(), Some(message), "{what}");
    let shown = err.to_string();
    assert_eq!(shown, format!("service error: {}: {message} (request id: rid-42)", case.code), "{what}");
    let e = err.as_service_error().unwrap_or_else(|| panic!("{what}: {err:?}"));
    assert!((case.is)(e), "{what}: {e:?}");
    assert_eq!(ERRORS.iter().filter(|c| (c.is)(e)).count(), 1, "{what}: exactly one is_*");
    assert_eq!(e.meta().code(), Some(case.code));
    assert_eq!(e.meta().message(), Some(message));
    assert_eq!(e.meta().request_id(), Some("rid-42"));
    assert_eq!(e.to_string(), format!("{}: {message}", case.code), "{what}");
    let modeled_message = match err.into_service_error() {
        DescribeUserError::InternalServiceException(x) => x.message().map(str::to_owned),
        DescribeUserError::InvalidParameterException(x) => x.message().map(str::to_owned),
        DescribeUserError::InvalidRequestException(x) => x.message().map(str::to_owned),
        DescribeUserError::ResourceNotFoundException(x) => x.message().map(str::to_owned),
        DescribeUserError::ThrottlingException(x) => x.message().map(str::to_owned),
        other => panic!("{what}: {other:?}"),
    };
    assert_eq!(modeled_message.as_deref(), Some(message), "{what}: the Message member");
}

#[tokio::test]
async fn each_modeled_error_by_x_amzn_errortype_header() {
    for case in ERRORS {
        let stub = StubHttpClient::new();
        // The header may carry a namespace and a `:url` suffix.
        for header in
            [case.code.to_string(), format!("{}:http://internal.amazon.com/coral/com.amazonaws.connect/", case.code)]
        {
            stub.respond(
                case.status,
                &[("x-amzn-errortype", &header), ("x-amzn-requestid", "rid-42"), ("content-type", "application/json")],
                r#"{"Message":"no"}"#,
            );
            let err = describe(&stub, "i", "u").await.unwrap_err();
            check_error(err, case, "no", &format!("header {header}"));
        }
    }
}

#[tokio::test]
async fn each_modeled_error_by_type_in_the_body() {
    for case in ERRORS {
        for type_value in [format!("com.amazonaws.connect#{}", case.code), case.code.to_string()] {
            let stub = StubHttpClient::new();
            let body = format!(r#"{{"__type":"{type_value}","Message":"no"}}"#);
            stub.respond(case.status, &[("x-amzn-requestid", "rid-42")], body);
            let err = describe(&stub, "i", "u").await.unwrap_err();
            check_error(err, case, "no", &format!("__type {type_value}"));
        }
    }
}

/// restJson1 services send the message as `message` or `Message`; the
/// modeled `Message` member falls back to it (as the official SDK's does), so
/// `e.message()` agrees with `e.meta().message()` and with errors queued by
/// `StubHttpClient::error`, which writes `{"message": ...}`.
#[tokio::test]
async fn modeled_error_message_member_falls_back_to_lower_case_message_key() {
    let stub = StubHttpClient::new();
    stub.respond(
        404,
        &[("x-amzn-errortype", "ResourceNotFoundException"), ("x-amzn-requestid", "rid-42")],
        r#"{"message":"gone"}"#,
    );
    let err = describe(&stub, "i", "u").await.unwrap_err();
    check_error(err, &ERRORS[3], "gone", "lower-case message key");
}

#[tokio::test]
async fn the_error_code_decides_the_variant_not_the_status() {
    let stub = StubHttpClient::new();
    stub.respond(400, &[("x-amzn-errortype", "ResourceNotFoundException")], "{}");
    let err = describe(&stub, "i", "u").await.unwrap_err();
    assert!(err.as_service_error().unwrap().is_resource_not_found_exception());
}

#[tokio::test]
async fn header_wins_over_body_type() {
    let stub = StubHttpClient::new();
    stub.respond(
        400,
        &[("x-amzn-errortype", "InvalidParameterException")],
        r#"{"__type":"com.amazonaws.connect#InvalidRequestException","Message":"m"}"#,
    );
    let err = describe(&stub, "i", "u").await.unwrap_err();
    assert!(err.as_service_error().unwrap().is_invalid_parameter_exception(), "{err:?}");
}

#[tokio::test]
async fn invalid_request_exception_reason_known_and_unknown_union_members() {
    let stub = StubHttpClient::new();
    stub.respond(
        400,
        &[("x-amzn-errortype", "InvalidRequestException")],
        r#"{"Message":"bad file","Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_SIZE"}}"#,
    );
    stub.respond(
        400,
        &[("x-amzn-errortype", "InvalidRequestException")],
        r#"{"Message":"bad","Reason":{"SomeFutureReason":{"Detail":[1,2]}}}"#,
    );
    let c = client(&stub);
    for expect_known in [true, false] {
        let err = c.describe_user().instance_id("i").user_id("u").send().await.unwrap_err();
        let DescribeUserError::InvalidRequestException(e) = err.into_service_error() else { panic!("variant") };
        let reason = e.reason().expect("Reason parsed");
        if expect_known {
            assert_eq!(
                reason.as_attached_file_invalid_request_exception_reason().unwrap().as_str(),
                "INVALID_FILE_SIZE"
            );
        } else {
            assert_eq!(reason, &InvalidRequestExceptionReason::Unknown);
        }
    }
}

#[tokio::test]
async fn unmodeled_error_is_unhandled_with_its_code_status_and_body() {
    let stub = StubHttpClient::new();
    let body = r#"{"__type":"com.amazonaws.connect#AccessDeniedException","Message":"not allowed"}"#;
    stub.respond(403, &[("x-amzn-requestid", "rid-9")], body);
    let err = describe(&stub, "i", "u").await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(err.message(), Some("not allowed"));
    assert_eq!(err.request_id(), Some("rid-9"));
    assert_eq!(err.to_string(), "service error: AccessDeniedException: not allowed (request id: rid-9)");
    let e = err.into_service_error();
    assert!(ERRORS.iter().all(|c| !(c.is)(&e)));
    let DescribeUserError::Unhandled(u) = e else { panic!("expected Unhandled") };
    assert_eq!(u.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(u.body().as_ref(), body.as_bytes());
}

#[tokio::test]
async fn error_without_code_or_body_names_the_status() {
    let stub = StubHttpClient::new();
    stub.respond(502, &[("x-amzn-requestid", "rid-7")], "<html>Bad Gateway</html>");
    let err = describe(&stub, "i", "u").await.unwrap_err();
    assert_eq!(err.code(), None);
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 502);
    let shown = err.to_string();
    assert!(shown.contains("502"), "{shown}");
    assert!(shown.contains("rid-7"), "{shown}");
    assert!(!shown.contains('\n'), "{shown}");
}
