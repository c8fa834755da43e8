//! Endpoint settings the builder leaves unset come from the environment and
//! the shared config file: FIPS and dual-stack flags, configured endpoint
//! URLs (service-specific and global, variable and profile), the switch that
//! ignores configured URLs, and the precedence between them. Each test gives
//! its client an environment of its own and a temporary HOME, so tests run
//! in parallel and nothing of the real environment is read.

mod endpoint_config_support;

use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Handle};
use endpoint_config_support::*;

const DEFAULT: &str = "https://connect.us-east-1.amazonaws.com/users/i/u";
const FIPS: &str = "https://connect-fips.us-east-1.amazonaws.com/users/i/u";
const DUAL_STACK: &str = "https://connect.us-east-1.api.aws/users/i/u";
const FIPS_DUAL_STACK: &str = "https://connect-fips.us-east-1.api.aws/users/i/u";

/// A config file with every configured-URL source for Connect and Voice ID.
const ALL_URLS_FILE: &str = "\
[default]
endpoint_url = http://cfg-global:5
services = local
[services local]
connect =
  endpoint_url = http://cfg-connect:4/base
voice_id =
  endpoint_url = http://cfg-voice:6
";

/// [`ALL_URLS_FILE`] with `line` added to the default profile.
fn all_urls_file_and(line: &str) -> String {
    ALL_URLS_FILE.replacen("[default]\n", &format!("[default]\n{line}\n"), 1)
}

const ALL_URL_VARS: [(&str, &str); 2] = [("AWS_ENDPOINT_URL_CONNECT", "http://env-connect:2"), ("AWS_ENDPOINT_URL", "http://env-global:3")];

async fn connect(home: &Home, vars: &[(&str, &str)]) -> Result<String, String> {
    sent_to(&CONNECT, config(home.env(vars))).await
}

#[tokio::test]
async fn each_source_alone() {
    let none = Home::new(None);
    assert_eq!(connect(&none, &[]).await.unwrap(), DEFAULT);
    let builder = config(none.env(&[])).endpoint_url("http://builder:1");
    assert_eq!(sent_to(&CONNECT, builder).await.unwrap(), "http://builder:1/users/i/u");
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("AWS_ENDPOINT_URL_CONNECT", "http://env-connect:2/prefix/")], "http://env-connect:2/prefix/users/i/u"),
        (&[("AWS_ENDPOINT_URL", " http://env-global:3 ")], "http://env-global:3/users/i/u"),
        (&[("AWS_USE_FIPS_ENDPOINT", "true")], FIPS),
        (&[("AWS_USE_DUALSTACK_ENDPOINT", "TRUE")], DUAL_STACK),
        (&[("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")], FIPS_DUAL_STACK),
    ];
    for (vars, want) in cases {
        assert_eq!(connect(&none, vars).await.unwrap(), want, "{vars:?}");
    }
    let files = [
        ("[default]\nservices = s\n[services s]\nconnect =\n  endpoint_url = http://cfg-connect:4\n", "http://cfg-connect:4/users/i/u"),
        ("[default]\nendpoint_url = http://cfg-global:5/x\n", "http://cfg-global:5/x/users/i/u"),
        ("[default]\nuse_fips_endpoint = true\n", FIPS),
        ("[default]\nuse_dualstack_endpoint = true\n", DUAL_STACK),
        ("[default]\nuse_fips_endpoint = True\nuse_dualstack_endpoint = true\n", FIPS_DUAL_STACK),
        // Another service's entry, and an empty value, do not apply.
        ("[default]\nservices = s\nendpoint_url =\n[services s]\nvoice_id =\n  endpoint_url = http://v:6\n", DEFAULT),
    ];
    for (file, want) in files {
        assert_eq!(connect(&Home::new(Some(file)), &[]).await.unwrap(), want, "{file}");
    }
}

#[tokio::test]
async fn the_selected_profile_is_read() {
    let home = Home::new(Some("[default]\nendpoint_url = http://default:1\n[profile dev]\nendpoint_url = http://dev:2\nuse_fips_endpoint = false\n"));
    assert_eq!(connect(&home, &[]).await.unwrap(), "http://default:1/users/i/u");
    assert_eq!(connect(&home, &[("AWS_PROFILE", "dev")]).await.unwrap(), "http://dev:2/users/i/u");
    let named = config(home.env(&[("AWS_PROFILE", "default")])).profile_name("dev");
    assert_eq!(sent_to(&CONNECT, named).await.unwrap(), "http://dev:2/users/i/u");
    // A profile no file has: nothing configured.
    assert_eq!(connect(&home, &[("AWS_PROFILE", "nope")]).await.unwrap(), DEFAULT);
}

#[tokio::test]
async fn configured_urls_in_order_of_precedence() {
    // Remove the winning source one at a time: the next one wins.
    let steps = [
        (ALL_URLS_FILE, &ALL_URL_VARS[..], "http://env-connect:2/users/i/u"),
        (ALL_URLS_FILE, &ALL_URL_VARS[1..], "http://env-global:3/users/i/u"),
        (ALL_URLS_FILE, &[][..], "http://cfg-connect:4/base/users/i/u"),
        ("[default]\nendpoint_url = http://cfg-global:5\n", &[][..], "http://cfg-global:5/users/i/u"),
        ("[default]\n", &[][..], DEFAULT),
    ];
    for (file, vars, want) in steps {
        assert_eq!(connect(&Home::new(Some(file)), vars).await.unwrap(), want, "{vars:?} {file}");
    }
    // The builder beats all of them.
    let home = Home::new(Some(ALL_URLS_FILE));
    let builder = config(home.env(&ALL_URL_VARS)).endpoint_url("http://builder:1");
    assert_eq!(sent_to(&CONNECT, builder).await.unwrap(), "http://builder:1/users/i/u");
}

#[tokio::test]
async fn flags_the_builder_then_the_variable_then_the_profile() {
    let fips_file = Home::new(Some("[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n"));
    assert_eq!(connect(&fips_file, &[]).await.unwrap(), FIPS_DUAL_STACK);
    let off = [("AWS_USE_FIPS_ENDPOINT", "false"), ("AWS_USE_DUALSTACK_ENDPOINT", "False")];
    assert_eq!(connect(&fips_file, &off).await.unwrap(), DEFAULT);
    assert_eq!(connect(&fips_file, &off[..1]).await.unwrap(), DUAL_STACK);
    let on = [("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")];
    let builder = config(fips_file.env(&on)).use_fips(false).use_dual_stack(false);
    assert_eq!(sent_to(&CONNECT, builder).await.unwrap(), DEFAULT);
    let builder = config(fips_file.env(&off)).use_fips(true);
    assert_eq!(sent_to(&CONNECT, builder).await.unwrap(), FIPS);
}

#[tokio::test]
async fn the_ignore_switch_turns_configured_urls_off() {
    let home = Home::new(Some(ALL_URLS_FILE));
    let ignore = [("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")];
    let mut vars = ALL_URL_VARS.to_vec();
    vars.extend(ignore);
    assert_eq!(connect(&home, &vars).await.unwrap(), DEFAULT);
    // Not the builder's URL, and not the flags.
    let builder = config(home.env(&vars)).endpoint_url("http://builder:1");
    assert_eq!(sent_to(&CONNECT, builder).await.unwrap(), "http://builder:1/users/i/u");
    assert_eq!(connect(&home, &[ignore[0], ("AWS_USE_FIPS_ENDPOINT", "true")]).await.unwrap(), FIPS);

    // In the profile; the variable, when set, decides.
    let home = Home::new(Some(&all_urls_file_and("ignore_configured_endpoint_urls = true")));
    assert_eq!(connect(&home, &ALL_URL_VARS).await.unwrap(), DEFAULT);
    let mut vars = ALL_URL_VARS.to_vec();
    vars.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"));
    assert_eq!(connect(&home, &vars).await.unwrap(), "http://env-connect:2/users/i/u");
    let home = Home::new(Some(&all_urls_file_and("ignore_configured_endpoint_urls = false")));
    assert_eq!(connect(&home, &[]).await.unwrap(), "http://cfg-connect:4/base/users/i/u");
}

#[tokio::test]
async fn service_names_come_from_the_sdk_id() {
    let home = Home::new(Some(ALL_URLS_FILE));
    let voice = |vars: &[(&str, &str)]| sent_to(&VOICE_ID, config(home.env(vars)));
    assert_eq!(voice(&[("AWS_ENDPOINT_URL_VOICE_ID", "http://env-voice:7")]).await.unwrap(), "http://env-voice:7/");
    // Connect's variable is not Voice ID's; the global one and the section's entry are.
    assert_eq!(voice(&ALL_URL_VARS[..1]).await.unwrap(), "http://cfg-voice:6/");
    assert_eq!(voice(&ALL_URL_VARS).await.unwrap(), "http://env-global:3/");
    let bare = Home::new(None);
    let url = sent_to(&VOICE_ID, config(bare.env(&[]))).await.unwrap();
    assert_eq!(url, "https://voiceid.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn bad_values_fail_the_call_naming_their_source() {
    let none = Home::new(None);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("AWS_USE_FIPS_ENDPOINT", "yes")], "AWS_USE_FIPS_ENDPOINT must be `true` or `false`, not `yes`"),
        (&[("AWS_USE_DUALSTACK_ENDPOINT", "1")], "AWS_USE_DUALSTACK_ENDPOINT must be `true` or `false`, not `1`"),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "on")], "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be `true` or `false`, not `on`"),
        (
            &[("AWS_ENDPOINT_URL_CONNECT", "localhost:4566")],
            "AWS_ENDPOINT_URL_CONNECT: invalid endpoint URL `localhost:4566`: expected a scheme, e.g. `https://`",
        ),
        (&[("AWS_ENDPOINT_URL", "http://h/?q=1")], "AWS_ENDPOINT_URL: invalid endpoint URL `http://h/?q=1`: a query string is not allowed"),
    ];
    for (vars, want) in cases {
        assert_eq!(connect(&none, vars).await.unwrap_err(), format!("construction failure: {want}"), "{vars:?}");
    }
    let files = [
        ("[default]\nuse_dualstack_endpoint = maybe\n", "`use_dualstack_endpoint` of profile `default` (CONFIG) must be `true` or `false`, not `maybe`"),
        ("[default]\nignore_configured_endpoint_urls = 2\n", "`ignore_configured_endpoint_urls` of profile `default` (CONFIG) must be"),
        (
            "[default]\nendpoint_url = ftp://x\n",
            "`endpoint_url` of profile `default` (CONFIG): invalid endpoint URL `ftp://x`: the scheme must be http or https",
        ),
        ("[default]\nservices = gone\n", "profile `default` has `services = gone`, but CONFIG has no [services gone] section"),
        (
            "[default]\nservices = s\n[services s]\nconnect =\n  endpoint_url = no-scheme\n",
            "`endpoint_url` of `connect` in [services s] (CONFIG): invalid endpoint URL `no-scheme`",
        ),
    ];
    for (file, want) in files {
        let home = Home::new(Some(file));
        let want = format!("construction failure: {}", want.replace("CONFIG", &home.config_path()));
        let got = connect(&home, &[]).await.unwrap_err();
        assert!(got.starts_with(&want), "{got}\nwanted: {want}");
    }
    // A bad value that a higher source overrides is never read.
    let home = Home::new(Some("[default]\nuse_fips_endpoint = maybe\nendpoint_url = nope\n"));
    let url = connect(&home, &[("AWS_USE_FIPS_ENDPOINT", "false"), ("AWS_ENDPOINT_URL", "http://ok:1")]).await;
    assert_eq!(url.unwrap(), "http://ok:1/users/i/u");
}

#[tokio::test]
async fn a_bad_value_fails_every_call_until_fixed_then_settings_are_kept() {
    let home = Home::new(Some("[default]\nendpoint_url = nope\n"));
    let stub = StubHttpClient::new();
    let handle = Handle::new(config(home.env(&[])).http_client(stub.clone()).build(), &CONNECT);
    assert!(call(&handle, &stub).await.unwrap_err().contains("`endpoint_url` of profile `default`"));
    assert!(call(&handle, &stub).await.is_err(), "errors are not cached");
    home.write_config("[default]\nendpoint_url = http://fixed:1\n");
    assert_eq!(call(&handle, &stub).await.unwrap(), "http://fixed:1/users/i/u");
    // Read once per client: later edits reach new clients only.
    home.write_config("[default]\nendpoint_url = http://later:2\n");
    assert_eq!(call(&handle, &stub).await.unwrap(), "http://fixed:1/users/i/u");
    assert_eq!(connect(&home, &[]).await.unwrap(), "http://later:2/users/i/u");
}

#[tokio::test]
async fn fips_or_dual_stack_with_a_configured_url_is_the_rule_sets_error() {
    // The rule set refuses the pair, whichever source each comes from
    // (botocore drops the flags instead: see docs/endpoints.md).
    let home = Home::new(Some("[default]\nuse_fips_endpoint = true\n"));
    let err = connect(&home, &[("AWS_ENDPOINT_URL", "http://local:1")]).await.unwrap_err();
    assert_eq!(err, "construction failure: Invalid Configuration: FIPS and custom endpoint are not supported");
    let err = connect(&Home::new(None), &[("AWS_USE_DUALSTACK_ENDPOINT", "true"), ("AWS_ENDPOINT_URL_CONNECT", "http://l:1")]).await.unwrap_err();
    assert_eq!(err, "construction failure: Invalid Configuration: Dualstack and custom endpoint are not supported");
}

#[test]
fn test_defaults_keep_an_environment_set_before_and_otherwise_read_none() {
    let shown = format!("{:?}", Config::builder().test_defaults().build());
    assert!(shown.contains(r#"environment: "0 variables set on the builder""#), "{shown}");
    let vars = [("AWS_ENDPOINT_URL", "http://x:1"), ("AWS_SECRET_ACCESS_KEY", "hidden")];
    let shown = format!("{:?}", Config::builder().environment(vars).test_defaults().build());
    assert!(shown.contains(r#"environment: "2 variables set on the builder""#), "{shown}");
    assert!(!shown.contains("hidden"), "{shown}");
    let shown = format!("{:?}", Config::builder().build());
    assert!(shown.contains(r#"environment: "process""#), "{shown}");
}
