//! The shared config and credentials files' parser against random input,
//! through what users reach: credentials from a profile
//! (`ProfileFileCredentialsProvider`) and a client's region and endpoint
//! settings read from the files. Random bytes and random profile-like
//! text (headers, properties, continuation lines, comments, CR and CRLF
//! line endings, control characters in names and values) never panic, and
//! a control character never reaches resolved credentials or a signed
//! request: it is refused with an error instead.
//!
//! The generated files never name a source that would run a program or
//! call a network (no `credential_process`, `role_arn`, SSO or web identity
//! keys), and STS, SSO and IMDS are pointed at nothing, so a case that
//! still found one fails fast instead of reaching out.

mod client_support;
mod credentials_support;

use aws_credential_types::provider::ProvideCredentials;
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, invoke};
use client_runtime::credentials::{ProfileFileCredentialsProvider, ProviderConfig};
use credentials_support::Home;
use proptest::prelude::*;

/// The profile resolution picks: `default`, or `p` by AWS_PROFILE or explicitly.
#[derive(Clone, Copy, Debug)]
enum Selection {
    Default,
    ByVariable,
    Explicit,
}

fn selection() -> impl Strategy<Value = Selection> {
    prop_oneof![Just(Selection::Default), Just(Selection::ByVariable), Just(Selection::Explicit)]
}

/// Text with the characters that matter to the parser, control characters
/// (C0, DEL, C1) included.
fn noise() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _.:/#;=\\[\\]\t\r\u{0}-\u{1f}\u{7f}\u{80}-\u{9f}é\u{2028}]{0,14}"
}

/// Mostly a plain value (sometimes with an inline comment), else noise.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Za-z0-9/+]{1,12}",
        1 => "[A-Za-z0-9]{1,8}( #| ;)[ -~]{0,8}",
        1 => noise(),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("aws_session_token".to_owned()),
        Just("AWS_Access_Key_Id".to_owned()),
        Just("endpoint_url".to_owned()),
        Just("services".to_owned()),
        Just("users".to_owned()),
        // Other names, kept apart from any key that would start a program or a call.
        "x_[a-z_\u{0}-\u{1f} ]{0,6}",
    ]
}

fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("[default]".to_owned()),
        3 => Just("[profile p]".to_owned()),
        3 => Just("[p]".to_owned()),
        1 => Just("[profile default]".to_owned()),
        1 => Just("[ profile  p ]  # c".to_owned()),
        1 => Just("[services s]".to_owned()),
        1 => Just("[sso-session s]".to_owned()),
        1 => Just("[".to_owned()),
        1 => Just("[]".to_owned()),
        1 => Just("[profile]".to_owned()),
        1 => noise().prop_map(|v| format!("[{v}]")),
        1 => noise().prop_map(|v| format!("[profile {v}")),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => value().prop_map(|v| format!("aws_access_key_id = {v}")),
        4 => value().prop_map(|v| format!("aws_secret_access_key={v}")),
        4 => prop_oneof![3 => Just("us-east-1".to_owned()), 3 => Just("eu-west-1".to_owned()), 1 => noise()].prop_map(|v| format!("region = {v}")),
        3 => (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => (prop_oneof![Just(" "), Just("\t"), Just("   ")], value()).prop_map(|(i, v)| format!("{i}{v}")),
        1 => (key(), value()).prop_map(|(k, v)| format!("  {k} = {v}")),
        1 => noise().prop_map(|v| format!("# {v}")),
        1 => noise().prop_map(|v| format!("; {v}")),
        1 => Just(String::new()),
        1 => noise(),
    ]
}

/// Sections of such lines (perhaps after stray lines), with one kind of
/// line ending or a mix.
fn file() -> impl Strategy<Value = String> {
    let section = (header(), proptest::collection::vec(line(), 1..8)).prop_map(|(h, mut lines)| {
        lines.insert(0, h);
        lines
    });
    let ending = prop_oneof![6 => Just("\n"), 3 => Just("\r\n"), 1 => Just("\r")];
    (proptest::collection::vec(line(), 0..2), proptest::collection::vec(section, 1..5), proptest::collection::vec(ending, 64), any::<bool>()).prop_map(
        |(stray, sections, endings, final_newline)| {
            let lines: Vec<String> = stray.into_iter().chain(sections.into_iter().flatten()).collect();
            let mut text = String::new();
            for (i, l) in lines.iter().enumerate() {
                text.push_str(l);
                if final_newline || i + 1 < lines.len() {
                    text.push_str(endings[i % endings.len()]);
                }
            }
            text
        },
    )
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Runs `future` to completion on a fresh current-thread runtime.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

/// The isolating environment for `home`, with nothing to call.
fn vars(home: &Home, selection: Selection) -> Vec<(String, String)> {
    let mut vars = home.env();
    // Nothing listens on port 1: a source that would call out fails at once.
    vars.push(("AWS_ENDPOINT_URL_STS".into(), "http://127.0.0.1:1".into()));
    vars.push(("AWS_ENDPOINT_URL_SSO".into(), "http://127.0.0.1:1".into()));
    if let Selection::ByVariable = selection {
        vars.push(("AWS_PROFILE".into(), "p".into()));
    }
    vars
}

/// Resolves credentials from the two files; checks what comes out.
fn check_credentials(config: &[u8], credentials: &[u8], selection: Selection) -> Result<(), TestCaseError> {
    let home = Home::new("props");
    home.write(".aws/config", config);
    home.write(".aws/credentials", credentials);
    let mut provider_config = ProviderConfig::new().environment(vars(&home, selection));
    if let Selection::Explicit = selection {
        provider_config = provider_config.profile_name("p");
    }
    let result = block_on(ProfileFileCredentialsProvider::new(provider_config).provide_credentials());
    if let Ok(c) = result {
        prop_assert!(!has_control(c.access_key_id()), "a control character in the access key: {:?}", c.access_key_id());
        prop_assert!(!has_control(c.secret_access_key()), "a control character in the secret key");
        prop_assert!(!c.session_token().is_some_and(has_control), "a control character in the session token");
    }
    Ok(())
}

/// Sends one request with the region and endpoint the files give; checks
/// the signed request.
fn check_client(config: &[u8], selection: Selection) -> Result<(), TestCaseError> {
    let home = Home::new("props-client");
    home.write(".aws/config", config);
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    let mut builder = Config::builder()
        .environment(vars(&home, selection))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "props"))
        .retry_config(RetryConfig::disabled())
        .http_client(stub.clone());
    if let Selection::Explicit = selection {
        builder = builder.profile_name("p");
    }
    let handle = Handle::new(builder.build(), &client_support::SERVICE);
    let result = block_on(invoke(
        &handle,
        &client_support::PUT_USER,
        client_support::input("u1"),
        client_support::serialize_put_user,
        client_support::deserialize_put_user,
    ));
    if result.is_ok() {
        let req = &stub.requests()[0];
        let auth = req.headers()["authorization"].to_str().map_err(|e| TestCaseError::fail(e.to_string()))?;
        // `Credential=AKID/<date>/<region>/<service>/aws4_request`
        let region = auth.split('/').nth(2).unwrap_or_default();
        prop_assert!(!region.is_empty() && !has_control(region), "region {region:?}");
        prop_assert!(!has_control(&req.uri().to_string()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(config in proptest::collection::vec(any::<u8>(), 0..512), credentials in proptest::collection::vec(any::<u8>(), 0..512), s in selection()) {
        check_credentials(&config, &credentials, s)?;
        check_client(&config, s)?;
    }

    #[test]
    fn random_profile_text_never_panics_nor_leaks_control_characters(config in file(), credentials in file(), s in selection()) {
        check_credentials(config.as_bytes(), credentials.as_bytes(), s)?;
        check_client(config.as_bytes(), s)?;
    }
}

/// The generators do reach the interesting outcomes: keys that resolve,
/// values refused for a control character, a region that signs.
#[test]
fn the_generated_shapes_reach_real_resolutions() {
    let ok = "[profile p]\r\naws_access_key_id = AK\r\naws_secret_access_key = S # c\r\nregion = eu-west-1\r\n";
    check_credentials(ok.as_bytes(), b"", Selection::Explicit).unwrap();
    let home = Home::new("props-shapes");
    home.write(".aws/config", ok);
    let c = block_on(ProfileFileCredentialsProvider::new(ProviderConfig::new().environment(vars(&home, Selection::ByVariable))).provide_credentials()).unwrap();
    assert_eq!((c.access_key_id(), c.secret_access_key()), ("AK", "S"));
    // A control character inside a value: refused, not passed on.
    home.write(".aws/credentials", "[p]\naws_access_key_id = A\u{1}K\naws_secret_access_key = S\n");
    let err = block_on(ProfileFileCredentialsProvider::new(ProviderConfig::new().environment(vars(&home, Selection::ByVariable))).provide_credentials()).unwrap_err();
    let text = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
    assert!(text.contains("U+0001"), "{text}");
    // A continuation line joins the value with a line feed: refused too.
    home.write(".aws/credentials", "[p]\naws_access_key_id = AK\n  MORE\naws_secret_access_key = S\n");
    let err = block_on(ProfileFileCredentialsProvider::new(ProviderConfig::new().environment(vars(&home, Selection::ByVariable))).provide_credentials()).unwrap_err();
    assert!(aws_smithy_types::error::display::DisplayErrorContext(&err).to_string().contains("U+000A"));
    check_client(ok.as_bytes(), Selection::ByVariable).unwrap();
}
