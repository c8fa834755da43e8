//! The `serde` feature: what `aws connect describe-user` prints loads into
//! `DescribeUserOutput`, botocore's reading of a response printed by the
//! CLI equals our client's reading of the same response, and every type
//! survives a JSON round trip.
//!
//! `tests/data/describe-user-cli.json` is the AWS CLI v2's output for the
//! response body `tests/data/describe-user-response.json`, printed by
//! `runtime/tests/botocore/cli_output.py` (botocore's parser with the CLI's
//! settings, `TZ=America/Los_Angeles`). The live comparison needs a python
//! with botocore in `BOTOCORE_PYTHON` (see `botocore_wire.rs`); without it
//! that test says why and returns, under CI it fails.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

use connect_client::operation::describe_user::{self, DescribeUserInput, DescribeUserOutput};
use connect_client::primitives::DateTime;
use connect_client::types::error::{InvalidRequestException, ResourceNotFoundException};
use connect_client::types::{
    AttachedFileInvalidRequestExceptionReason, InvalidRequestExceptionReason, PhoneType, User, UserIdentityInfo,
    UserPhoneConfig,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const CLI_OUTPUT: &str = include_str!("data/describe-user-cli.json");
const RESPONSE_BODY: &str = include_str!("data/describe-user-response.json");

#[test]
fn aws_cli_describe_user_output_loads() {
    let out: DescribeUserOutput = serde_json::from_str(CLI_OUTPUT).unwrap();
    let user = out.user().unwrap();
    assert_eq!(user.id(), Some("87654321-4321-4321-4321-EXAMPLE22222"));
    assert_eq!(
        user.arn(),
        Some("arn:aws:connect:us-west-2:123456789012:instance/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111/agent/87654321-4321-4321-4321-EXAMPLE22222")
    );
    assert_eq!(user.username(), Some("jdoe"));
    let info = user.identity_info().unwrap();
    assert_eq!(info.first_name(), Some("Jane"));
    assert_eq!(info.last_name(), Some("Doe-Müller"));
    assert_eq!(info.email(), Some("jane.doe@example.com"));
    assert_eq!(info.secondary_email(), Some("jdoe@example.org"));
    assert_eq!(info.mobile(), Some("+12065550100"));
    let phone = user.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert!(!phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 120);
    assert_eq!(phone.desk_phone_number(), Some("+12065550123"));
    assert_eq!(user.directory_user_id(), Some("fa8b7c6d-5e4f-3a2b-1c0d-EXAMPLE33333"));
    assert_eq!(user.security_profile_ids(), ["11112222-3333-4444-5555-EXAMPLE66666", "77778888-9999-0000-1111-EXAMPLE77777"]);
    assert_eq!(user.routing_profile_id(), Some("aaaabbbb-cccc-dddd-eeee-EXAMPLE55555"));
    assert_eq!(user.hierarchy_group_id(), Some("12345678-1234-1234-1234-EXAMPLE44444"));
    let tags: HashMap<String, String> = [("CostCenter", "4242"), ("Department", "Support")].map(|(k, v)| (k.into(), v.into())).into();
    assert_eq!(user.tags(), Some(&tags));
    // The service sent 1.701702745583E9; the CLI printed it in Los Angeles time.
    assert_eq!(user.last_modified_time(), Some(&DateTime::from_secs_and_nanos(1_701_702_745, 583_000_000)));
    assert_eq!(user.last_modified_region(), Some("us-west-2"));
}

#[test]
fn members_are_written_with_the_cli_names_and_none_is_left_out() {
    let out: DescribeUserOutput = serde_json::from_str(CLI_OUTPUT).unwrap();
    let written = serde_json::to_value(&out).unwrap();
    let user = &written["User"];
    // Sensitive members are written: the caller asked for the data.
    assert_eq!(user["IdentityInfo"]["SecondaryEmail"], json!("jdoe@example.org"));
    assert_eq!(user["LastModifiedTime"], json!("2023-12-04T15:12:25.583Z"));
    assert_eq!(user["PhoneConfig"], json!({"PhoneType": "DESK_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 120, "DeskPhoneNumber": "+12065550123"}));
    // Members the model does not have (the CLI's model is newer) are dropped on input.
    assert!(user.get("AutoAcceptConfigs").is_none());
    let minimal = DescribeUserOutput::builder().user(User::builder().id("u").build()).build();
    assert_eq!(serde_json::to_string(&minimal).unwrap(), r#"{"User":{"Id":"u"}}"#);
    assert_eq!(serde_json::to_string(&DescribeUserOutput::builder().build()).unwrap(), "{}");
}

#[test]
fn unknown_enum_values_and_union_members_are_kept_or_marked() {
    let phone: UserPhoneConfig = serde_json::from_str(r#"{"PhoneType":"VIDEO_PHONE","AutoAccept":true,"AfterContactWorkTimeLimit":1}"#).unwrap();
    assert_eq!(phone.phone_type().as_str(), "VIDEO_PHONE");
    assert_eq!(serde_json::to_value(&phone).unwrap()["PhoneType"], json!("VIDEO_PHONE"));
    let e: InvalidRequestException =
        serde_json::from_str(r#"{"Message":"m","Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_TYPE"}}"#).unwrap();
    assert_eq!(e.reason(), Some(&InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason(AttachedFileInvalidRequestExceptionReason::InvalidFileType)));
    let newer: InvalidRequestExceptionReason = serde_json::from_str(r#"{"SomethingNewer":{"x":1}}"#).unwrap();
    assert!(newer.is_unknown());
    assert!(serde_json::to_string(&newer).is_err(), "an Unknown union member has nothing to write");
}

#[test]
fn a_missing_required_member_is_an_error_naming_the_type() {
    let err = serde_json::from_str::<UserPhoneConfig>(r#"{"AutoAccept":true,"AfterContactWorkTimeLimit":1}"#).unwrap_err().to_string();
    assert!(err.contains("UserPhoneConfig") && err.contains("phone_type"), "{err}");
    // Timestamps as epoch seconds (`cli_timestamp_format = wire`) are read too.
    let user: User = serde_json::from_str(r#"{"LastModifiedTime":1701702745.583}"#).unwrap();
    assert_eq!(user.last_modified_time(), Some(&DateTime::from_secs_and_nanos(1_701_702_745, 583_000_000)));
}

fn python() -> Option<String> {
    oracle::require(oracle::botocore_python()).map(|py| py.to_string_lossy().into_owned())
}

/// What the CLI prints for a DescribeUser response `body`, in time zone `tz`.
fn cli_output(py: &str, body: &str, tz: &str) -> String {
    let script = format!("{}/../runtime/tests/botocore/cli_output.py", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(py)
        .arg(script)
        .env("TZ", tz)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = json!({"operation": "DescribeUser", "body": body}).to_string();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "cli_output.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Our client's reading of a 200 response with `body`.
fn wire(body: &str) -> DescribeUserOutput {
    let resp = http::Response::builder().status(200).body(bytes::Bytes::from(body.to_owned())).unwrap();
    describe_user::deserialize_response(&resp).unwrap().unwrap()
}

#[test]
fn what_the_cli_prints_loads_as_what_our_client_reads() {
    let Some(py) = python() else { return };
    let bodies = [
        RESPONSE_BODY.trim(),
        r#"{"User":{"Id":"x","PhoneConfig":{"PhoneType":"VIDEO_PHONE","AutoAccept":true,"AfterContactWorkTimeLimit":2000000},"LastModifiedTime":0}}"#,
        r#"{"User":{"Tags":{},"SecurityProfileIds":[],"LastModifiedTime":-1.5,"IdentityInfo":{"FirstName":"日本語 \"q\" \\ \u0001 😀"}}}"#,
        r#"{"User":{"LastModifiedTime":4102444800.123,"Username":"z"}}"#,
        r#"{}"#,
    ];
    for tz in ["UTC", "America/Los_Angeles", "Asia/Kolkata", "America/St_Johns"] {
        for body in bodies {
            let printed = cli_output(&py, body, tz);
            let loaded: DescribeUserOutput = serde_json::from_str(&printed).unwrap_or_else(|e| panic!("{tz} {body}: {e}\n{printed}"));
            assert_eq!(loaded, wire(body), "{tz} {body}\n{printed}");
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-zA-Z0-9+@._-]{1,20}", any::<String>()]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn date_time() -> impl Strategy<Value = DateTime> {
    // Years 0001 to 9999, any nanosecond.
    (-62_135_596_800i64..253_402_300_800, prop_oneof![Just(0u32), 0u32..1_000_000_000]).prop_map(|(s, n)| DateTime::from_secs_and_nanos(s, n))
}

fn phone_type() -> impl Strategy<Value = PhoneType> {
    prop_oneof![Just(PhoneType::SoftPhone), Just(PhoneType::DeskPhone), "[A-Z_]{1,12}".prop_map(|s| PhoneType::from(s.as_str()))]
}

fn user() -> impl Strategy<Value = User> {
    let identity = (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()).prop_map(|(f, l, e, s, m)| {
        UserIdentityInfo::builder().set_first_name(f).set_last_name(l).set_email(e).set_secondary_email(s).set_mobile(m).build()
    });
    let phone = (phone_type(), any::<bool>(), any::<i32>(), opt_text()).prop_map(|(t, a, w, d)| {
        UserPhoneConfig::builder().phone_type(t).auto_accept(a).after_contact_work_time_limit(w).set_desk_phone_number(d).build().unwrap()
    });
    (
        (opt_text(), opt_text(), opt_text(), proptest::option::of(identity), proptest::option::of(phone), opt_text()),
        (
            proptest::option::of(proptest::collection::vec(text(), 0..3)),
            opt_text(),
            opt_text(),
            proptest::option::of(proptest::collection::hash_map(text(), text(), 0..3)),
            proptest::option::of(date_time()),
            opt_text(),
        ),
    )
        .prop_map(|((id, arn, name, info, phone, dir), (sps, rp, hg, tags, lmt, lmr))| {
            User::builder()
                .set_id(id)
                .set_arn(arn)
                .set_username(name)
                .set_identity_info(info)
                .set_phone_config(phone)
                .set_directory_user_id(dir)
                .set_security_profile_ids(sps)
                .set_routing_profile_id(rp)
                .set_hierarchy_group_id(hg)
                .set_tags(tags)
                .set_last_modified_time(lmt)
                .set_last_modified_region(lmr)
                .build()
        })
}

fn reason() -> impl Strategy<Value = InvalidRequestExceptionReason> {
    prop_oneof![
        Just(AttachedFileInvalidRequestExceptionReason::InvalidFileSize),
        Just(AttachedFileInvalidRequestExceptionReason::InvalidFileName),
        "[A-Z_]{1,12}".prop_map(|s| AttachedFileInvalidRequestExceptionReason::from(s.as_str())),
    ]
    .prop_map(InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason)
}

/// Serialize, deserialize, compare; and the JSON written again is the same
/// (as a value: map members are unordered).
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
    prop_assert_eq!(&back, value, "{}", text);
    prop_assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
    Ok(())
}

proptest! {
    #[test]
    fn outputs_round_trip(user in proptest::option::of(user())) {
        round_trip(&DescribeUserOutput::builder().set_user(user).build())?;
    }

    #[test]
    fn inputs_round_trip(user_id in opt_text(), instance_id in opt_text()) {
        round_trip(&DescribeUserInput::builder().set_user_id(user_id).set_instance_id(instance_id).build().unwrap())?;
    }

    #[test]
    fn errors_unions_and_enums_round_trip(message in opt_text(), reason in proptest::option::of(reason()), phone in phone_type()) {
        round_trip(&InvalidRequestException::builder().set_message(message.clone()).set_reason(reason).build())?;
        round_trip(&ResourceNotFoundException::builder().set_message(message).build())?;
        round_trip(&phone)?;
    }
}
