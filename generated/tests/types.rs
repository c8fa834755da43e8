//! The data types as a user sees them: accessors, builders, open enums,
//! unions, errors and redacted `Debug`.

use std::collections::HashMap;

use connect_client::error::BuildError;
use connect_client::operation::describe_user::{DescribeUserInput, DescribeUserOutput};
use connect_client::primitives::DateTime;
use connect_client::types::error::{
    InternalServiceException, InvalidParameterException, InvalidRequestException, ResourceNotFoundException,
    ThrottlingException,
};
use connect_client::types::{
    AttachedFileInvalidRequestExceptionReason, InvalidRequestExceptionReason, PhoneType, User, UserIdentityInfo,
    UserPhoneConfig,
};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn identity() -> UserIdentityInfo {
    UserIdentityInfo::builder()
        .first_name("Jane-secret-first")
        .last_name("Doe-secret-last")
        .email("jane.secret@example.com")
        .secondary_email("jane.secret2@example.org")
        .mobile("+14155550100")
        .build()
}

#[test]
fn accessors_return_what_the_builder_set() {
    let phone = UserPhoneConfig::builder()
        .phone_type(PhoneType::DeskPhone)
        .auto_accept(true)
        .after_contact_work_time_limit(30)
        .desk_phone_number("+14155550101")
        .build()
        .unwrap();
    let user = User::builder()
        .id("u-1")
        .arn("arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1")
        .username("jane")
        .identity_info(identity())
        .phone_config(phone)
        .directory_user_id("d-1")
        .security_profile_ids("sp-1")
        .routing_profile_id("rp-1")
        .hierarchy_group_id("hg-1")
        .tags("team", "blue")
        .last_modified_time(DateTime::from_secs(1_700_000_000))
        .last_modified_region("us-east-1")
        .build();

    assert_eq!(user.id(), Some("u-1"));
    assert_eq!(user.arn(), Some("arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1"));
    assert_eq!(user.username(), Some("jane"));
    let info: &UserIdentityInfo = user.identity_info().unwrap();
    assert_eq!(info.first_name(), Some("Jane-secret-first"));
    assert_eq!(info.last_name(), Some("Doe-secret-last"));
    assert_eq!(info.email(), Some("jane.secret@example.com"));
    assert_eq!(info.secondary_email(), Some("jane.secret2@example.org"));
    assert_eq!(info.mobile(), Some("+14155550100"));
    let phone = user.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert!(phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 30);
    assert_eq!(phone.desk_phone_number(), Some("+14155550101"));
    assert_eq!(user.directory_user_id(), Some("d-1"));
    assert_eq!(user.security_profile_ids(), ["sp-1".to_string()]);
    assert_eq!(user.routing_profile_id(), Some("rp-1"));
    assert_eq!(user.hierarchy_group_id(), Some("hg-1"));
    assert_eq!(user.tags(), Some(&HashMap::from([("team".to_string(), "blue".to_string())])));
    assert_eq!(user.last_modified_time(), Some(&DateTime::from_secs(1_700_000_000)));
    assert_eq!(user.last_modified_region(), Some("us-east-1"));
}

#[test]
fn unset_members_are_none_and_an_unset_list_is_an_empty_slice() {
    let user = User::builder().build();
    assert_eq!(user, User::default());
    assert_eq!(user.id(), None);
    assert_eq!(user.identity_info(), None);
    assert_eq!(user.tags(), None);
    assert!(user.security_profile_ids().is_empty());
    assert_eq!(UserIdentityInfo::builder().build().secondary_email(), None);
}

#[test]
fn secondary_email_builder_round_trips() {
    let info = UserIdentityInfo::builder().secondary_email("a@b.cc").build();
    assert_eq!(info.secondary_email(), Some("a@b.cc"));
    assert_eq!(info.email(), None);
}

#[test]
fn list_setter_appends_and_set_replaces() {
    let b = User::builder().security_profile_ids("sp-1").security_profile_ids("sp-2");
    assert_eq!(b.get_security_profile_ids().as_deref(), Some(&["sp-1".to_string(), "sp-2".to_string()][..]));
    let user = b.clone().security_profile_ids("sp-3").build();
    assert_eq!(user.security_profile_ids(), ["sp-1", "sp-2", "sp-3"]);

    let replaced = b.clone().set_security_profile_ids(Some(vec!["only".into()])).build();
    assert_eq!(replaced.security_profile_ids(), ["only"]);
    let cleared = b.set_security_profile_ids(None).build();
    assert!(cleared.security_profile_ids().is_empty());
    assert_eq!(cleared.security_profile_ids, None);
}

#[test]
fn map_setter_inserts_and_set_replaces() {
    let b = User::builder().tags("team", "blue").tags("env", "prod").tags("team", "red");
    let user = b.clone().build();
    let tags = user.tags().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags["team"], "red", "inserting an existing key overwrites it");
    assert_eq!(tags["env"], "prod");

    let replaced = b.clone().set_tags(Some(HashMap::from([("k".into(), "v".into())]))).build();
    assert_eq!(replaced.tags().unwrap().len(), 1);
    assert_eq!(replaced.tags().unwrap()["k"], "v");
    assert_eq!(b.set_tags(None).build().tags(), None);
}

#[test]
fn scalar_set_replaces_and_unsets() {
    let b = User::builder().username("a").set_username(Some("b".into()));
    assert_eq!(b.get_username().as_deref(), Some("b"));
    assert_eq!(b.set_username(None).build().username(), None);
}

#[test]
fn user_phone_config_without_phone_type_is_a_build_error_naming_it() {
    let err: BuildError = UserPhoneConfig::builder().auto_accept(true).build().unwrap_err();
    assert_eq!(err.field(), Some("phone_type"));
    let shown = err.to_string();
    assert!(shown.contains("phone_type"), "{shown}");
    assert!(shown.contains("required"), "{shown}");
    // It is a std error, so `?` into Box<dyn Error> works.
    let _: Box<dyn std::error::Error> = Box::new(err);
}

#[test]
fn user_phone_config_defaults_auto_accept_and_after_contact_work_time_limit() {
    let cfg = UserPhoneConfig::builder().phone_type(PhoneType::SoftPhone).build().unwrap();
    assert_eq!(cfg.phone_type(), &PhoneType::SoftPhone);
    assert!(!cfg.auto_accept());
    assert_eq!(cfg.after_contact_work_time_limit(), 0);
    assert_eq!(cfg.desk_phone_number(), None);
}

#[test]
fn phone_type_is_an_open_enum() {
    assert_eq!(PhoneType::from("SOFT_PHONE"), PhoneType::SoftPhone);
    assert_eq!(PhoneType::from("DESK_PHONE"), PhoneType::DeskPhone);
    assert_eq!("DESK_PHONE".parse::<PhoneType>().unwrap(), PhoneType::DeskPhone);
    assert_eq!(PhoneType::SoftPhone.as_str(), "SOFT_PHONE");
    assert_eq!(PhoneType::values(), ["SOFT_PHONE", "DESK_PHONE"]);

    let video = PhoneType::from("VIDEO_PHONE");
    assert_eq!(video.as_str(), "VIDEO_PHONE");
    assert!(matches!(&video, PhoneType::Unknown(v) if v.as_str() == "VIDEO_PHONE"));
    assert_ne!(video, PhoneType::SoftPhone);
    assert_eq!(video.to_string(), "VIDEO_PHONE");
    // Debug names the variant as aws-sdk-connect's derived Debug does; Display is the wire value.
    assert_eq!(format!("{video:?}"), r#"Unknown(UnknownVariantValue("VIDEO_PHONE"))"#);
    assert_eq!(format!("{:?}", PhoneType::SoftPhone), "SoftPhone");
    assert_eq!(format!("{:?}", PhoneType::DeskPhone), "DeskPhone");
    assert_eq!(PhoneType::DeskPhone.to_string(), "DESK_PHONE");
    assert_eq!(PhoneType::try_parse("DESK_PHONE"), Ok(PhoneType::DeskPhone));
    let refused = PhoneType::try_parse("VIDEO_PHONE").unwrap_err();
    assert_eq!(refused.to_string(), "unknown enum variant: 'VIDEO_PHONE'");
    let _: &connect_client::error::UnknownVariantError = &refused;
    // Values are case-sensitive: a lower-case spelling is not the known variant.
    assert!(matches!(PhoneType::from("soft_phone"), PhoneType::Unknown(_)));
    // An unknown value can be used like any other when building.
    let cfg = UserPhoneConfig::builder().phone_type("VIDEO_PHONE").build().unwrap();
    assert_eq!(cfg.phone_type().as_str(), "VIDEO_PHONE");
}

#[test]
fn attached_file_reason_is_an_open_enum_too() {
    let r = AttachedFileInvalidRequestExceptionReason::from("INVALID_FILE_SIZE");
    assert_eq!(r.as_str(), "INVALID_FILE_SIZE");
    assert!(!matches!(r, AttachedFileInvalidRequestExceptionReason::Unknown(_)));
    let new = AttachedFileInvalidRequestExceptionReason::from("INVALID_FILE_COLOUR");
    assert_eq!(new.as_str(), "INVALID_FILE_COLOUR");
}

#[test]
fn invalid_request_exception_reason_union_has_an_unknown_variant() {
    let known = InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason(
        AttachedFileInvalidRequestExceptionReason::from("INVALID_FILE_TYPE"),
    );
    assert!(known.is_attached_file_invalid_request_exception_reason());
    assert!(!known.is_unknown());
    assert_eq!(known.as_attached_file_invalid_request_exception_reason().unwrap().as_str(), "INVALID_FILE_TYPE");

    let unknown = InvalidRequestExceptionReason::Unknown;
    assert!(unknown.is_unknown());
    assert!(!unknown.is_attached_file_invalid_request_exception_reason());
    assert_eq!(unknown.as_attached_file_invalid_request_exception_reason(), Err(&unknown));
    assert_eq!(format!("{unknown:?}"), "Unknown");

    let e = InvalidRequestException::builder().message("bad").reason(known.clone()).build();
    assert_eq!(e.reason(), Some(&known));
    assert_eq!(e.message(), Some("bad"));
}

#[test]
fn debug_of_user_identity_info_redacts_sensitive_members() {
    let info = identity();
    for shown in [format!("{info:?}"), format!("{info:#?}")] {
        assert!(shown.contains(REDACTED), "{shown}");
        for secret in ["Jane-secret-first", "Doe-secret-last", "jane.secret@example.com", "jane.secret2@example.org"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        // Mobile is not @sensitive in the model, so it is shown.
        assert!(shown.contains("+14155550100"), "{shown}");
    }
}

#[test]
fn debug_of_enclosing_structures_and_builders_redacts_too() {
    let user = User::builder().username("jane").identity_info(identity()).build();
    let output = DescribeUserOutput::builder().user(user.clone()).build();
    let builder =
        UserIdentityInfo::builder().first_name("Jane-secret-first").secondary_email("jane.secret2@example.org");
    let user_builder = User::builder().identity_info(identity());
    for shown in [
        format!("{user:?}"),
        format!("{output:?}"),
        format!("{builder:?}"),
        format!("{user_builder:?}"),
        format!("{:?}", Some(&user)),
    ] {
        assert!(shown.contains(REDACTED), "{shown}");
        for secret in ["Jane-secret", "Doe-secret", "jane.secret"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
    assert!(format!("{user:?}").contains("jane"), "non-sensitive members are shown");
}

#[test]
fn input_builder_and_accessors() {
    let input = DescribeUserInput::builder().instance_id("inst").user_id("user").build().unwrap();
    assert_eq!(input.instance_id(), Some("inst"));
    assert_eq!(input.user_id(), Some("user"));
    // Fallible as in the official SDKs, but never failing: required members are checked when sending.
    let empty = DescribeUserInput::builder().build().unwrap();
    assert_eq!(empty.instance_id(), None);
    assert_eq!(empty, DescribeUserInput::default());
}

#[test]
fn error_structures_have_message_accessors_and_are_std_errors() {
    fn check<E: std::error::Error + Send + Sync + 'static>(e: E, name: &str) {
        let shown = e.to_string();
        assert!(shown.starts_with(name), "{shown}");
        let _: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    }
    let e = InternalServiceException::builder().message("m1").build();
    assert_eq!(e.message(), Some("m1"));
    check(e, "InternalServiceException");
    let e = InvalidParameterException::builder().message("m2").build();
    assert_eq!(e.message(), Some("m2"));
    check(e, "InvalidParameterException");
    let e = InvalidRequestException::builder().message("m3").build();
    assert_eq!(e.message(), Some("m3"));
    check(e, "InvalidRequestException");
    let e = ResourceNotFoundException::builder().message("m4").build();
    assert_eq!(e.message(), Some("m4"));
    check(e, "ResourceNotFoundException");
    let e = ThrottlingException::builder().message("m5").build();
    assert_eq!(e.message(), Some("m5"));
    check(e, "ThrottlingException");
}

/// An error built by hand (e.g. to mock a client) shows its message, as the
/// official SDK's errors do.
#[test]
fn error_built_by_hand_displays_its_message() {
    let e = ResourceNotFoundException::builder().message("no such user").build();
    assert_eq!(e.to_string(), "ResourceNotFoundException: no such user");
    let e = ThrottlingException::builder().message("slow down").build();
    assert_eq!(e.to_string(), "ThrottlingException: slow down");
}
