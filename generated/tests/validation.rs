//! `Validate`: every constraint trait of the model, checked with the Smithy
//! reference semantics, reported as JSON-pointer paths of wire names with the
//! service's own message wording.

use connect_client::config::stub::StubHttpClient;
use connect_client::operation::describe_user::DescribeUserInput;
use connect_client::types::{PhoneType, User, UserIdentityInfo, UserPhoneConfig};
use connect_client::{Client, Config, Validate, ValidationError, Violation};

/// The overlay's SecondaryEmail pattern, exactly as messages quote it.
const EMAIL_PATTERN: &str = r"(?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}";
const PHONE_PATTERN: &str = r"^\+[1-9]\d{1,14}$";
const TAG_KEY_PATTERN: &str = r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$";

fn violations(x: &impl Validate) -> Vec<(String, String)> {
    match x.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(|v: &Violation| (v.path().to_owned(), v.message().to_owned())).collect(),
    }
}

fn with_secondary_email(email: &str) -> User {
    User::builder().identity_info(UserIdentityInfo::builder().secondary_email(email).build()).build()
}

fn email_violation() -> Vec<(String, String)> {
    vec![(
        "/IdentityInfo/SecondaryEmail".into(),
        format!(
            "Value at '/IdentityInfo/SecondaryEmail' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: {EMAIL_PATTERN}"
        ),
    )]
}

fn length_message(len: usize, path: &str, min: u64, max: u64) -> String {
    format!(
        "Value with length {len} at '{path}' failed to satisfy constraint: \
         Member must have length between {min} and {max}, inclusive"
    )
}

fn full_valid_user() -> User {
    User::builder()
        .id("u-1")
        .arn("arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1")
        .username("jane")
        .identity_info(
            UserIdentityInfo::builder()
                .first_name("Jane")
                .last_name("Doe")
                .email("jane@example.com")
                .secondary_email("jane.doe@example.com")
                .mobile("+14155550100")
                .build(),
        )
        .phone_config(
            UserPhoneConfig::builder()
                .phone_type(PhoneType::DeskPhone)
                .after_contact_work_time_limit(10)
                .desk_phone_number("+442071838750")
                .build()
                .unwrap(),
        )
        .security_profile_ids("sp-1")
        .tags("team", "blue")
        .tags("Kostenstelle/Ära", "äöü 42")
        .last_modified_region("us-east-1")
        .build()
}

#[test]
fn a_fully_populated_valid_user_passes() {
    assert_eq!(full_valid_user().validate(), Ok(()));
    assert_eq!(User::builder().build().validate(), Ok(()), "nothing set, nothing to check");
}

#[test]
fn secondary_email_plain_address_passes() {
    assert_eq!(violations(&with_secondary_email("jane.doe@example.com")), []);
    assert_eq!(violations(&with_secondary_email("a@b.cc")), []);
    assert_eq!(violations(&with_secondary_email("first.last+tag%x@sub-domain.example.museum")), []);
}

#[test]
fn secondary_email_without_at_sign_fails_with_the_pattern_message() {
    assert_eq!(violations(&with_secondary_email("not-an-email")), email_violation());
}

#[test]
fn secondary_email_with_empty_local_part_fails() {
    assert_eq!(violations(&with_secondary_email("@example.com")), email_violation());
}

#[test]
fn secondary_email_of_266_characters_fails_and_265_passes() {
    let domain = "@example.com"; // 12 characters
    let long = format!("{}{domain}", "a".repeat(266 - domain.len()));
    assert_eq!(long.chars().count(), 266);
    assert_eq!(violations(&with_secondary_email(&long)), email_violation());
    let limit = format!("{}{domain}", "a".repeat(265 - domain.len()));
    assert_eq!(violations(&with_secondary_email(&limit)), []);
}

#[test]
fn secondary_email_with_trailing_text_passes_because_the_pattern_is_unanchored_at_the_end() {
    // Smithy's @pattern uses find() semantics: the value is valid when the
    // regex matches *somewhere* in it. The lookahead `(?=^.{0,265}$)` can only
    // hold at position 0 (it contains `^`), so a match must start at the
    // beginning, but nothing anchors the end: `[a-zA-Z]{2,63}` matches "com"
    // and whatever follows is ignored. So trailing junk passes...
    assert_eq!(violations(&with_secondary_email("jane.doe@example.com and then some trailing text")), []);
    assert_eq!(violations(&with_secondary_email("jane.doe@example.com>")), []);
    // ...while leading junk fails, since the match must start at position 0.
    assert_eq!(violations(&with_secondary_email("<jane.doe@example.com")), email_violation());
    assert_eq!(violations(&with_secondary_email("Jane <jane.doe@example.com>")), email_violation());
}

#[test]
fn secondary_email_is_checked_but_email_has_no_pattern() {
    // The overlay adds the pattern to the SecondaryEmail member only.
    let user = User::builder().identity_info(UserIdentityInfo::builder().email("not-an-email").build()).build();
    assert_eq!(violations(&user), []);
}

#[test]
fn mobile_in_e164_passes_with_the_corrected_pattern() {
    let user = |m: &str| User::builder().identity_info(UserIdentityInfo::builder().mobile(m).build()).build();
    assert_eq!(violations(&user("+14155550100")), []);
    assert_eq!(violations(&user("+491")), []);
    let bad = || {
        vec![(
            "/IdentityInfo/Mobile".to_string(),
            format!(
                "Value at '/IdentityInfo/Mobile' failed to satisfy constraint: \
                 Member must satisfy regular expression pattern: {PHONE_PATTERN}"
            ),
        )]
    };
    assert_eq!(violations(&user("14155550100")), bad(), "the + is required");
    assert_eq!(violations(&user("+04155550100")), bad(), "no leading zero");
    assert_eq!(violations(&user("+1415555010012345")), bad(), "at most 15 digits");
    assert_eq!(violations(&user(r"\+14155550100")), bad(), "the upstream double-escaped pattern is not used");
    // Java's `$` (the Smithy reference semantics) also matches just before a
    // final line terminator, so one trailing newline passes and two do not.
    assert_eq!(violations(&user("+14155550100\n")), []);
    assert_eq!(violations(&user("+14155550100\n\n")), bad());
}

#[test]
fn username_of_0_and_101_characters_fails() {
    for len in [0usize, 101] {
        let user = User::builder().username("u".repeat(len)).build();
        assert_eq!(violations(&user), [("/Username".to_string(), length_message(len, "/Username", 1, 100))]);
    }
    for len in [1usize, 100] {
        assert_eq!(violations(&User::builder().username("u".repeat(len)).build()), []);
    }
}

#[test]
fn security_profile_ids_of_11_items_fails() {
    let ids: Vec<String> = (0..11).map(|i| format!("sp-{i}")).collect();
    let user = User::builder().set_security_profile_ids(Some(ids[..10].to_vec())).build();
    assert_eq!(violations(&user), []);
    let user = User::builder().set_security_profile_ids(Some(ids)).build();
    assert_eq!(
        violations(&user),
        [("/SecurityProfileIds".to_string(), length_message(11, "/SecurityProfileIds", 1, 10))]
    );
    let user = User::builder().set_security_profile_ids(Some(vec![])).build();
    assert_eq!(
        violations(&user),
        [("/SecurityProfileIds".to_string(), length_message(0, "/SecurityProfileIds", 1, 10))],
        "an empty list is below @length(min: 1)"
    );
}

#[test]
fn tags_with_51_entries_fails() {
    let mut b = User::builder();
    for i in 0..50 {
        b = b.tags(format!("k{i}"), "v");
    }
    assert_eq!(violations(&b.clone().build()), []);
    let user = b.tags("k50", "v").build();
    assert_eq!(violations(&user), [("/Tags".to_string(), length_message(51, "/Tags", 1, 50))]);
}

#[test]
fn tag_key_starting_with_aws_colon_fails_at_the_map_path() {
    // A key's violation is reported at the map's own path (there is no JSON
    // pointer to a key), with the key pattern.
    let user = User::builder().tags("aws:createdBy", "me").tags("team", "blue").build();
    assert_eq!(
        violations(&user),
        [(
            "/Tags".to_string(),
            format!(
                "Value at '/Tags' failed to satisfy constraint: \
                 Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}"
            )
        )]
    );
    assert_eq!(violations(&User::builder().tags("x-aws:ok", "v").build()), [], "only a leading aws: is reserved");
    assert_eq!(
        violations(&User::builder().tags("Straße 1/ü", "v").build()),
        [],
        "letters and spaces are Unicode classes"
    );
    assert_eq!(
        violations(&User::builder().tags("k".repeat(129), "v").build()),
        [("/Tags".to_string(), length_message(129, "/Tags", 1, 128))]
    );
}

#[test]
fn tag_value_violation_is_reported_at_its_key() {
    let user = User::builder().tags("team", "v".repeat(257)).build();
    assert_eq!(violations(&user), [("/Tags/team".to_string(), length_message(257, "/Tags/team", 0, 256))]);
    // JSON-pointer escaping of `/` in a key (`~` would be `~0`, but the key
    // pattern does not allow it).
    let user = User::builder().tags("a/b", "v".repeat(257)).build();
    assert_eq!(violations(&user), [("/Tags/a~1b".to_string(), length_message(257, "/Tags/a~1b", 0, 256))]);
}

#[test]
fn first_name_length_counts_characters_not_bytes() {
    let emoji = "\u{1F600}"; // four bytes in UTF-8, two UTF-16 code units
    let user = |n: usize| {
        User::builder().identity_info(UserIdentityInfo::builder().first_name(emoji.repeat(n)).build()).build()
    };
    assert_eq!(emoji.len(), 4);
    assert_eq!(violations(&user(255)), []);
    assert_eq!(
        violations(&user(256)),
        [("/IdentityInfo/FirstName".to_string(), length_message(256, "/IdentityInfo/FirstName", 0, 255))]
    );
}

#[test]
fn last_name_limit_is_300() {
    let user =
        |n: usize| User::builder().identity_info(UserIdentityInfo::builder().last_name("x".repeat(n)).build()).build();
    assert_eq!(violations(&user(300)), []);
    assert_eq!(
        violations(&user(301)),
        [("/IdentityInfo/LastName".to_string(), length_message(301, "/IdentityInfo/LastName", 0, 300))]
    );
}

#[test]
fn phone_config_range_enum_and_pattern() {
    let cfg = UserPhoneConfig::builder()
        .phone_type("VIDEO_PHONE")
        .after_contact_work_time_limit(-1)
        .desk_phone_number("0800 123")
        .build()
        .unwrap();
    let user = User::builder().phone_config(cfg).build();
    assert_eq!(
        violations(&user),
        [
            (
                "/PhoneConfig/PhoneType".to_string(),
                "Value at '/PhoneConfig/PhoneType' failed to satisfy constraint: \
                 Member must satisfy enum value set: [SOFT_PHONE, DESK_PHONE]"
                    .to_string()
            ),
            (
                "/PhoneConfig/AfterContactWorkTimeLimit".to_string(),
                "Value at '/PhoneConfig/AfterContactWorkTimeLimit' failed to satisfy constraint: \
                 Member must be greater than or equal to 0"
                    .to_string()
            ),
            (
                "/PhoneConfig/DeskPhoneNumber".to_string(),
                format!(
                    "Value at '/PhoneConfig/DeskPhoneNumber' failed to satisfy constraint: \
                     Member must satisfy regular expression pattern: {PHONE_PATTERN}"
                )
            ),
        ]
    );
}

#[test]
fn last_modified_region_pattern() {
    for ok in ["us-east-1", "ap-southeast-2", "us-gov-west-1", "eu-central"] {
        assert_eq!(violations(&User::builder().last_modified_region(ok).build()), [], "{ok}");
    }
    for bad in ["US-EAST-1", "us-east-12", "useast1", ""] {
        let v = violations(&User::builder().last_modified_region(bad).build());
        assert_eq!(v.len(), 1, "{bad}: {v:?}");
        assert_eq!(v[0].0, "/LastModifiedRegion");
    }
}

#[test]
fn every_violation_is_reported_not_just_the_first() {
    let user = User::builder()
        .username("")
        .identity_info(
            UserIdentityInfo::builder()
                .first_name("x".repeat(256))
                .secondary_email("not-an-email")
                .mobile("555-0100")
                .build(),
        )
        .set_security_profile_ids(Some((0..11).map(|i| i.to_string()).collect()))
        .tags("aws:reserved", "v")
        .tags("team", "v".repeat(300))
        .last_modified_region("Mars")
        .build();
    let paths: Vec<String> = violations(&user).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "/Username",
            "/IdentityInfo/FirstName",
            "/IdentityInfo/SecondaryEmail",
            "/IdentityInfo/Mobile",
            "/SecurityProfileIds",
            "/Tags",
            "/Tags/team",
            "/LastModifiedRegion",
        ],
        "in member order, each once"
    );
}

#[test]
fn display_of_validation_error_lists_every_violation() {
    let user = User::builder()
        .username("")
        .identity_info(UserIdentityInfo::builder().secondary_email("not-an-email").build())
        .build();
    let err: ValidationError = user.validate().unwrap_err();
    assert_eq!(err.violations().len(), 2);
    let shown = err.to_string();
    assert_eq!(
        shown,
        format!("2 validation errors detected. {}; {}", length_message(0, "/Username", 1, 100), email_violation()[0].1)
    );
    assert!(!shown.contains('\n'), "one line: {shown}");
    assert_eq!(err.violations()[0].to_string(), err.violations()[0].message());

    let one = User::builder().username("").build().validate().unwrap_err();
    assert!(one.to_string().starts_with("1 validation error detected. Value with length 0"), "{one}");
    let _: Box<dyn std::error::Error + Send + Sync> = Box::new(one);
}

#[test]
fn describe_user_input_requires_both_labels_and_bounds_instance_id() {
    let missing = DescribeUserInput::builder().build().unwrap();
    assert_eq!(
        violations(&missing),
        [
            (
                "/UserId".to_string(),
                "Value at '/UserId' failed to satisfy constraint: Member must not be null".to_string()
            ),
            (
                "/InstanceId".to_string(),
                "Value at '/InstanceId' failed to satisfy constraint: Member must not be null".to_string()
            ),
        ]
    );
    let long = DescribeUserInput::builder().user_id("u").instance_id("i".repeat(101)).build().unwrap();
    assert_eq!(violations(&long), [("/InstanceId".to_string(), length_message(101, "/InstanceId", 1, 100))]);
    let ok = DescribeUserInput::builder().user_id("u").instance_id("i".repeat(100)).build().unwrap();
    assert_eq!(ok.validate(), Ok(()));
}

/// Responses are never validated: a service may legitimately return values
/// our (older) model forbids, and a client must still read them.
#[tokio::test]
async fn deserialization_never_validates() {
    let body = format!(
        r#"{{"User":{{
            "Id":"u-1",
            "Username":"{username}",
            "IdentityInfo":{{"FirstName":"{first}","SecondaryEmail":"not-an-email","Mobile":"555"}},
            "PhoneConfig":{{"PhoneType":"VIDEO_PHONE","AfterContactWorkTimeLimit":-5}},
            "SecurityProfileIds":[],
            "Tags":{{"aws:internal":"x"}},
            "LastModifiedRegion":"moon-base-7"
        }}}}"#,
        username = "u".repeat(101),
        first = "f".repeat(300),
    );
    let stub = StubHttpClient::new();
    stub.respond(200, &[("content-type", "application/json")], body);
    let client = Client::from_conf(Config::builder().test_defaults().http_client(stub.clone()).build());
    let out = client.describe_user().instance_id("inst").user_id("u-1").send().await.expect("parses");
    let user = out.user().unwrap();
    assert_eq!(user.username().map(str::len), Some(101));
    assert_eq!(user.identity_info().unwrap().secondary_email(), Some("not-an-email"));
    assert_eq!(user.phone_config().unwrap().phone_type().as_str(), "VIDEO_PHONE");
    assert_eq!(user.phone_config().unwrap().after_contact_work_time_limit(), -5);
    assert!(user.security_profile_ids().is_empty());
    assert_eq!(user.tags().unwrap()["aws:internal"], "x");

    // The same value, validated on demand, has all of those problems.
    let paths: Vec<String> = violations(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "/User/Username",
            "/User/IdentityInfo/FirstName",
            "/User/IdentityInfo/SecondaryEmail",
            "/User/IdentityInfo/Mobile",
            "/User/PhoneConfig/PhoneType",
            "/User/PhoneConfig/AfterContactWorkTimeLimit",
            "/User/SecurityProfileIds",
            "/User/Tags",
            "/User/LastModifiedRegion",
        ]
    );
}
