//! Every credentials source and the identity cache, through the public API
//! only, against fake IMDS, container, STS and IAM Identity Center
//! endpoints on 127.0.0.1 (`credentials_support`); the identity cache's
//! tests are in `credentials_cache.rs`. Each test gives its
//! providers their whole environment with `ProviderConfig::environment` (or
//! `Builder::environment`) and a temporary HOME, so nothing of this machine
//! (its `~/.aws`, its variables, an instance metadata service) takes part.

mod client_support;
mod credentials_support;

use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::ProvideCredentials;
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, invoke};
use client_runtime::credentials::{
    ContainerCredentialsProvider, DefaultCredentialsProvider, EnvironmentVariableCredentialsProvider, IdentityCache, ImdsCredentialsProvider,
    ProfileFileCredentialsProvider, ProviderConfig, WebIdentityTokenCredentialsProvider,
};
use credentials_support::*;

const ROLE: &str = "arn:aws:iam::123456789012:role";

// ---------------------------------------------------------------- sources

#[tokio::test]
async fn environment_keys() {
    let home = Home::new("env");
    let vars = [("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"), ("AWS_SESSION_TOKEN", " ENVTOKEN\r\n")];
    let c = EnvironmentVariableCredentialsProvider::new(config(&home, &vars)).provide_credentials().await.unwrap();
    assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("ENVKEY", "ENVSECRET", Some("ENVTOKEN")));
    // First in the default chain, ahead of a profile with keys.
    home.write(".aws/credentials", "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = S\n");
    let c = DefaultCredentialsProvider::with_config(config(&home, &vars)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ENVKEY");
    // Half a pair stops the chain with an error naming the missing variable.
    let err = DefaultCredentialsProvider::with_config(config(&home, &[("AWS_ACCESS_KEY_ID", "K")])).provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("AWS_SECRET_ACCESS_KEY is not"), "{}", error_text(&err));
}

#[tokio::test]
async fn web_identity_from_the_environment_through_sts() {
    let sts = Fake::sts().await;
    let home = Home::new("webid");
    let token_file = home.write("token", "eyJWEBTOKEN\n");
    let role = format!("{ROLE}/eks-pod");
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
        ("AWS_ROLE_ARN", role.as_str()),
        ("AWS_ROLE_SESSION_NAME", "pod-7"),
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
        ("AWS_REGION", "eu-west-1"),
    ];
    let c = WebIdentityTokenCredentialsProvider::new(config(&home, &vars)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "eks-pod.web.eyJWEBTOKEN");
    assert_eq!(c.session_token(), Some("sts-session-1"));
    let expiry = c.expiry().expect("STS credentials expire");
    assert!(expiry > SystemTime::now() + Duration::from_secs(3500), "{expiry:?}");
    let req = &sts.received()[0];
    assert_eq!((req.method.as_str(), req.path()), ("POST", "/"));
    assert_eq!(req.header("authorization"), None, "AssumeRoleWithWebIdentity is not signed");
    let form = req.form();
    assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(form["Version"], "2011-06-15");
    assert_eq!(form["RoleArn"], role);
    assert_eq!(form["RoleSessionName"], "pod-7");
    assert_eq!(form["WebIdentityToken"], "eyJWEBTOKEN", "the token file is read and trimmed");

    // Second in the default chain; the session name defaults to the Rust SDK's.
    let vars = [vars[0], vars[1], vars[3]];
    let c = DefaultCredentialsProvider::with_config(config(&home, &vars)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "eks-pod.web.eyJWEBTOKEN");
    assert!(sts.received()[1].form()["RoleSessionName"].starts_with("aws-sdk-rust-"));

    // STS refusing is an error that names the role, and the chain stops there.
    sts.set(|s| s.fail_status = Some(403));
    let err = DefaultCredentialsProvider::with_config(config(&home, &vars)).provide_credentials().await.unwrap_err();
    let shown = error_text(&err);
    assert!(shown.contains("AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/eks-pod") && shown.contains("AccessDenied"), "{shown}");
    assert!(!shown.contains("eyJWEBTOKEN"), "the token is not shown: {shown}");
}

#[tokio::test]
async fn static_keys_of_a_profile() {
    let home = Home::new("static");
    home.write(".aws/credentials", "[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = DEFSECRET\n[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = DEVSECRET\naws_session_token = DEVTOKEN\n");
    home.write(".aws/config", "[profile cfg]\naws_access_key_id = CFGKEY\naws_secret_access_key = CFGSECRET\n");
    let key = |c: &ProviderConfig| {
        let p = ProfileFileCredentialsProvider::new(c.clone());
        async move { p.provide_credentials().await.map(|c| c.access_key_id().to_owned()) }
    };
    assert_eq!(key(&config(&home, &[])).await.unwrap(), "DEFKEY");
    assert_eq!(key(&config(&home, &[("AWS_PROFILE", "dev")])).await.unwrap(), "DEVKEY");
    assert_eq!(key(&config(&home, &[("AWS_PROFILE", "dev")]).profile_name("cfg")).await.unwrap(), "CFGKEY", "the builder's profile beats AWS_PROFILE");
    let c = ProfileFileCredentialsProvider::new(config(&home, &[]).profile_name("dev")).provide_credentials().await.unwrap();
    assert_eq!((c.secret_access_key(), c.session_token(), c.expiry()), ("DEVSECRET", Some("DEVTOKEN"), None));
    // A profile chosen explicitly that is not there is an error; so is one via AWS_PROFILE.
    let err = key(&config(&home, &[]).profile_name("nope")).await.unwrap_err();
    assert!(!matches!(err, CredentialsError::CredentialsNotLoaded(_)), "{err:?}");
    assert!(key(&config(&home, &[("AWS_PROFILE", "nope")])).await.is_err());
    // The files are read at every call: a rotated key shows at the next fetch.
    home.write(".aws/credentials", "[default]\naws_access_key_id = ROTATED\naws_secret_access_key = S\n");
    assert_eq!(key(&config(&home, &[])).await.unwrap(), "ROTATED");
}

#[tokio::test]
async fn role_chain_through_sts() {
    let sts = Fake::sts().await;
    let home = Home::new("chain");
    home.write(
        ".aws/config",
        format!(
            "[profile top]\nrole_arn = {ROLE}/top\nsource_profile = middle\nrole_session_name = me\nexternal_id = ext-1\nduration_seconds = 1800\n\
             [profile middle]\nrole_arn = {ROLE}/middle\nsource_profile = base\n\
             [profile loop-a]\nrole_arn = {ROLE}/a\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = {ROLE}/b\nsource_profile = loop-a\n"
        ),
    );
    home.write(".aws/credentials", "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n");
    let c = ProfileFileCredentialsProvider::new(config(&home, &[("AWS_ENDPOINT_URL_STS", &sts.url())]).profile_name("top"))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "top.via.middle.via.BASEKEY", "each hop signed with the credentials of the one before");
    let seen = sts.received();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].signed_by().as_deref(), Some("BASEKEY"));
    assert_eq!(seen[0].form()["RoleArn"], format!("{ROLE}/middle"));
    assert_eq!(seen[1].signed_by().as_deref(), Some("middle.via.BASEKEY"));
    assert_eq!(seen[1].header("x-amz-security-token"), Some("sts-session-1"));
    let form = seen[1].form();
    assert_eq!((form["Action"].as_str(), form["RoleSessionName"].as_str()), ("AssumeRole", "me"));
    assert_eq!((form["ExternalId"].as_str(), form["DurationSeconds"].as_str()), ("ext-1", "1800"));

    let err = ProfileFileCredentialsProvider::new(config(&home, &[("AWS_ENDPOINT_URL_STS", &sts.url())]).profile_name("loop-a"))
        .provide_credentials()
        .await
        .unwrap_err();
    let shown = error_text(&err);
    assert!(shown.contains("loop-a") && shown.contains("loop-b"), "the loop is shown with its path: {shown}");
    assert_eq!(sts.requests(), 2, "a loop is found before any call");
}

#[tokio::test]
async fn credential_source_environment() {
    let sts = Fake::sts().await;
    let home = Home::new("source");
    home.write(".aws/config", format!("[profile ci]\nrole_arn = {ROLE}/deploy\ncredential_source = Environment\n"));
    let vars = [("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "S"), ("AWS_ENDPOINT_URL_STS", &sts.url())];
    // Explicitly chosen: the chain skips the environment's keys as credentials,
    // but the profile still takes them as its source.
    let c = DefaultCredentialsProvider::with_config(config(&home, &vars).profile_name("ci")).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "deploy.via.ENVKEY");
    // Without the keys, the profile is configured wrong: an error, not the next source.
    let err = DefaultCredentialsProvider::with_config(config(&home, &vars[2..]).profile_name("ci")).provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("credential_source `Environment` of profile `ci`"), "{}", error_text(&err));
}

#[tokio::test]
async fn sso_with_a_cached_token() {
    let portal = Fake::sso().await;
    let home = Home::new("sso");
    home.write(
        ".aws/config",
        "[profile new]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
         [profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 444455556666\nsso_role_name = Ops\n",
    );
    home.sso_token("corp", "SESSIONTOKEN");
    home.sso_token("https://old.awsapps.com/start", "LEGACYTOKEN");
    let cfg = |profile: &str| config(&home, &[("AWS_ENDPOINT_URL_SSO", &portal.url())]).profile_name(profile);
    let c = ProfileFileCredentialsProvider::new(cfg("new")).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "sso.111122223333.Dev.SESSIONTOKEN");
    assert_eq!(c.session_token(), Some("sso-session-1"));
    assert!(c.expiry().is_some_and(|t| t > SystemTime::now() + Duration::from_secs(3500)));
    let req = &portal.received()[0];
    assert_eq!((req.method.as_str(), req.path()), ("GET", "/federation/credentials"));
    assert_eq!(req.header("x-amz-sso_bearer_token"), Some("SESSIONTOKEN"));
    assert_eq!(req.header("authorization"), None, "GetRoleCredentials is not signed");
    let c = ProfileFileCredentialsProvider::new(cfg("legacy")).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "sso.444455556666.Ops.LEGACYTOKEN");
    // The AWS CLI v1 wrote `expiresAt` ending in `UTC` instead of `Z`.
    let in_an_hour = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    home.write(
        &format!(".aws/sso/cache/{}.json", sha1_hex(b"https://old.awsapps.com/start")),
        format!(r#"{{"accessToken":"CLIV1TOKEN","expiresAt":"{}UTC"}}"#, in_an_hour.trim_end_matches('Z')),
    );
    let c = ProfileFileCredentialsProvider::new(cfg("legacy")).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "sso.444455556666.Ops.CLIV1TOKEN");

    // An expired session asks for `aws sso login`, and the portal is not called.
    home.write(
        &format!(".aws/sso/cache/{}.json", sha1_hex(b"corp")),
        format!(r#"{{"accessToken":"OLD","expiresAt":"{}"}}"#, rfc3339(SystemTime::now() - Duration::from_secs(60))),
    );
    let err = ProfileFileCredentialsProvider::new(cfg("new")).provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("aws sso login --sso-session corp"), "{}", error_text(&err));
    assert_eq!(portal.requests(), 3);
}

#[tokio::test]
async fn credential_process_with_expiry() {
    let home = Home::new("process");
    let expires = rfc3339(SystemTime::now() + Duration::from_secs(1800));
    let script = home.script(
        "helper.sh",
        &format!(r#"echo '{{"Version": 1, "AccessKeyId": "'"$1"'", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "{expires}"}}'"#),
    );
    let fail = home.script("fail.sh", "echo SECRETOUT; echo 'no such role' >&2; exit 2");
    home.write(".aws/config", format!("[default]\ncredential_process = {script} PROCKEY\n[profile bad]\ncredential_process = {fail}\n"));
    let c = ProfileFileCredentialsProvider::new(config(&home, &[])).provide_credentials().await.unwrap();
    assert_eq!((c.access_key_id(), c.session_token()), ("PROCKEY", Some("T")));
    let expiry = c.expiry().expect("the helper's Expiration is honoured");
    let want = SystemTime::now() + Duration::from_secs(1800);
    assert!(expiry <= want && expiry + Duration::from_secs(10) > want, "{expiry:?}");
    let err = ProfileFileCredentialsProvider::new(config(&home, &[]).profile_name("bad")).provide_credentials().await.unwrap_err();
    let shown = error_text(&err);
    assert!(shown.contains("exit status 2") && shown.contains("no such role"), "{shown}");
    assert!(!shown.contains("SECRETOUT"), "stdout is never shown: {shown}");
}

#[tokio::test]
async fn container_relative_uri_with_a_token() {
    let agent = Fake::container(Some("Bearer ecs-token")).await;
    let home = Home::new("ecs");
    let redirect = RedirectTo::new(agent.addr);
    let cfg = config(&home, &[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer ecs-token")])
        .http_client(redirect.clone());
    let c = ContainerCredentialsProvider::new(cfg.clone()).provide_credentials().await.unwrap();
    assert_eq!((c.access_key_id(), c.session_token()), ("container", Some("container-session-1")));
    assert_eq!(redirect.hosts.lock().unwrap().as_slice(), ["169.254.170.2"], "the relative URI goes to the ECS agent");
    assert_eq!(agent.received()[0].target, "/v2/credentials/abc");
    assert_eq!(agent.received()[0].header("authorization"), Some("Bearer ecs-token"));
    // Fourth in the default chain, after an empty profile.
    let c = DefaultCredentialsProvider::with_config(cfg).provide_credentials().await.unwrap();
    assert_eq!(c.session_token(), Some("container-session-2"));
}

#[tokio::test]
async fn container_full_uri_with_a_token_file() {
    let agent = Fake::container(Some("pod-token-1")).await;
    let home = Home::new("eks");
    let token_file = home.write("eks-token", "pod-token-1\n");
    let uri = format!("{}/v1/credentials", agent.url());
    let vars = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str()), ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.as_str()), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored")];
    let provider = ContainerCredentialsProvider::new(config(&home, &vars));
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "container");
    assert_eq!(agent.received()[0].header("authorization"), Some("pod-token-1"), "the file wins over the variable, trimmed");
    // The file is read at every fetch (EKS rotates it).
    home.write("eks-token", "pod-token-2");
    assert!(provider.provide_credentials().await.is_err(), "the endpoint refuses the rotated token it does not know");
    assert_eq!(agent.received().last().unwrap().header("authorization"), Some("pod-token-2"));
    // http to a host that is neither loopback nor a container agent is refused, unsent.
    let err = ContainerCredentialsProvider::new(config(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds")]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(error_text(&err).contains("http://example.com/creds"), "{}", error_text(&err));
}

#[tokio::test]
async fn imds_v2() {
    let imds = Fake::imds("web-role").await;
    let home = Home::new("imds");
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let provider = ImdsCredentialsProvider::new(ProviderConfig::new().environment(vars.clone()));
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!((c.access_key_id(), c.session_token()), ("imds.web-role", Some("imds-session-1")));
    assert!(c.expiry().is_some());
    let seen = imds.received();
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!(seen[1].target, "/latest/meta-data/iam/security-credentials/");
    assert_eq!(seen[2].target, "/latest/meta-data/iam/security-credentials/web-role");
    assert!(seen[1..].iter().all(|r| r.header("x-aws-ec2-metadata-token") == Some("imds-token-1")));
    // The session token is kept for the next fetch.
    provider.provide_credentials().await.unwrap();
    assert_eq!(imds.tokens(), 1);
    // Last in the default chain.
    let c = DefaultCredentialsProvider::with_config(ProviderConfig::new().environment(vars.clone())).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "imds.web-role");
    // The endpoint can come from the profile as well.
    let profile_home = Home::new("imds-profile");
    profile_home.write(".aws/config", format!("[default]\nec2_metadata_service_endpoint = {}\n", imds.url()));
    let mut profile_vars = profile_home.env();
    profile_vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let c = ImdsCredentialsProvider::new(ProviderConfig::new().environment(profile_vars)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "imds.web-role");
    // AWS_EC2_METADATA_DISABLED turns it off: nothing is asked.
    let before = imds.requests();
    let mut off = vars;
    off.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
    let err = DefaultCredentialsProvider::with_config(ProviderConfig::new().environment(off)).provide_credentials().await.unwrap_err();
    assert!(matches!(err, CredentialsError::CredentialsNotLoaded(_)), "{err:?}");
    assert_eq!(imds.requests(), before);
}

#[tokio::test]
async fn explicit_profile_beats_environment_keys() {
    let home = Home::new("explicit");
    home.write(".aws/credentials", "[work]\naws_access_key_id = WORKKEY\naws_secret_access_key = S\n");
    let vars = [("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "S")];
    let key = |cfg: ProviderConfig| async move { DefaultCredentialsProvider::with_config(cfg).provide_credentials().await.unwrap().access_key_id().to_owned() };
    assert_eq!(key(config(&home, &vars).profile_name("work")).await, "WORKKEY");
    // AWS_PROFILE is not an explicit choice: the environment's keys win (botocore's rule too).
    let with_profile_var = [vars[0], vars[1], ("AWS_PROFILE", "work")];
    assert_eq!(key(config(&home, &with_profile_var)).await, "ENVKEY");
    assert_eq!(key(config(&home, &vars)).await, "ENVKEY");
    // The same through a client's builder.
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    let cfg = Config::builder().environment(env(&home, &vars)).profile_name("work").region("us-east-1").http_client(stub.clone()).build();
    let handle = Handle::new(cfg, &client_support::SERVICE);
    invoke(&handle, &client_support::PUT_USER, client_support::input("u1"), client_support::serialize_put_user, client_support::deserialize_put_user)
        .await
        .unwrap();
    let auth = stub.requests()[0].headers()["authorization"].to_str().unwrap().to_owned();
    assert!(auth.contains("Credential=WORKKEY/"), "{auth}");
}

// ---------------------------------------------------------------- faults

#[tokio::test]
async fn imds_gets_one_new_session_token_when_the_old_one_is_refused() {
    let imds = Fake::imds("r").await;
    let home = Home::new("imds-401");
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let provider = ImdsCredentialsProvider::new(ProviderConfig::new().environment(vars));
    provider.provide_credentials().await.unwrap();
    assert_eq!(imds.tokens(), 1);
    // The instance restarted: token 1 is no longer valid.
    imds.set(|s| s.reject_tokens_through = 1);
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(c.session_token(), Some("imds-session-2"));
    assert_eq!(imds.tokens(), 2, "one new token");
    assert!(imds.received().iter().any(|r| r.header("x-aws-ec2-metadata-token") == Some("imds-token-1") && r.method == "GET"));
}

#[tokio::test]
async fn imds_unreachable_or_silent_ends_the_chain_quietly_and_soon() {
    let home = Home::new("imds-gone");
    // Nothing listens on port 1.
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1")]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let started = Instant::now();
    let err = DefaultCredentialsProvider::with_config(ProviderConfig::new().environment(vars)).provide_credentials().await.unwrap_err();
    assert!(matches!(err, CredentialsError::CredentialsNotLoaded(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    // A service that never answers: 1 s per attempt, 2 attempts, then the chain ends.
    let imds = Fake::imds("r").await;
    imds.set(|s| s.delay = Duration::from_secs(30));
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let started = Instant::now();
    let err = DefaultCredentialsProvider::with_config(ProviderConfig::new().environment(vars)).provide_credentials().await.unwrap_err();
    assert!(matches!(err, CredentialsError::CredentialsNotLoaded(_)), "{err:?}");
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(4), "{took:?}");
    assert_eq!(imds.requests(), 2, "two attempts at the session token");
}

#[tokio::test]
async fn container_endpoint_retries_server_errors_but_not_client_errors() {
    let agent = Fake::container(None).await;
    let home = Home::new("ecs-faults");
    let uri = format!("{}/creds", agent.url());
    let provider = ContainerCredentialsProvider::new(config(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]));
    agent.set(|s| s.fail_next = 2);
    assert_eq!(provider.provide_credentials().await.unwrap().session_token(), Some("container-session-1"));
    assert_eq!(agent.requests(), 3, "two 500s, then success on the third attempt");
    agent.set(|s| s.fail_next = 3);
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("HTTP 500"), "{}", error_text(&err));
    assert_eq!(agent.requests(), 6, "three attempts in all");
    agent.set(|s| s.fail_status = Some(403));
    provider.provide_credentials().await.unwrap_err();
    assert_eq!(agent.requests(), 7, "a 403 is not retried");
}

#[tokio::test]
async fn sts_server_errors_are_retried_and_refusals_name_the_role_without_secrets() {
    let sts = Fake::sts().await;
    let home = Home::new("sts-faults");
    home.write(".aws/config", format!("[profile r]\nrole_arn = {ROLE}/app\nsource_profile = base\n"));
    home.write(".aws/credentials", "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n");
    let provider = ProfileFileCredentialsProvider::new(config(&home, &[("AWS_ENDPOINT_URL_STS", &sts.url())]).profile_name("r"));
    sts.set(|s| s.fail_next = 1);
    assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), "app.via.BASEKEY");
    assert_eq!(sts.requests(), 2, "a 500 from STS is retried");
    sts.set(|s| s.fail_status = Some(403));
    let err = provider.provide_credentials().await.unwrap_err();
    let shown = error_text(&err);
    assert!(shown.contains("AssumeRole for arn:aws:iam::123456789012:role/app (profile `r`)") && shown.contains("AccessDenied"), "{shown}");
    assert!(!shown.contains("BASESECRET"), "{shown}");
    assert_eq!(sts.requests(), 3, "a 403 is not retried");
}

#[tokio::test]
async fn credential_process_answers_that_are_refused() {
    let home = Home::new("process-faults");
    let past = rfc3339(SystemTime::now() - Duration::from_secs(60));
    let v2 = home.script("v2.sh", r#"echo '{"Version": 2, "AccessKeyId": "K", "SecretAccessKey": "SECRETV2"}'"#);
    let expired = home.script("expired.sh", &format!(r#"echo '{{"Version": 1, "AccessKeyId": "K", "SecretAccessKey": "S", "Expiration": "{past}"}}'"#));
    let garbage = home.script("garbage.sh", "echo 'not json SECRETOUT'");
    home.write(".aws/config", format!("[profile v2]\ncredential_process = {v2}\n[profile expired]\ncredential_process = {expired}\n[profile garbage]\ncredential_process = {garbage}\n"));
    let load = |profile: &str| ProfileFileCredentialsProvider::new(config(&home, &[]).profile_name(profile));
    let err = load("v2").provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("`Version: 2`; only version 1 is understood") && !error_text(&err).contains("SECRETV2"), "{}", error_text(&err));
    let err = load("garbage").provide_credentials().await.unwrap_err();
    assert!(error_text(&err).contains("did not answer a JSON object") && !error_text(&err).contains("SECRETOUT"), "{}", error_text(&err));
    // The provider hands out what the helper said; the cache refuses to sign with it.
    assert!(load("expired").provide_credentials().await.is_ok());
    let err = IdentityCache::new(load("expired")).get().await.unwrap_err();
    assert!(error_text(&err).contains("expired at"), "{}", error_text(&err));
}

// ---------------------------------------------------------------- regions

#[tokio::test]
async fn imds_gives_the_region_of_last_resort() {
    let imds = Fake::imds("r").await;
    let home = Home::new("imds-region");
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let call = |vars: Vec<(String, String)>| async move {
        let stub = StubHttpClient::new();
        stub.respond(200, &[], "{}");
        let cfg = Config::builder()
            .environment(vars)
            .credentials_provider(Credentials::new("AKID", "S", None, None, "test"))
            .http_client(stub.clone())
            .retry_config(RetryConfig::disabled())
            .build();
        let handle = Handle::new(cfg, &client_support::SERVICE);
        let result =
            invoke(&handle, &client_support::PUT_USER, client_support::input("u1"), client_support::serialize_put_user, client_support::deserialize_put_user).await;
        result.map(|_| stub.requests()[0].uri().to_string()).map_err(|e| aws_smithy_types::error::display::DisplayErrorContext(&e).to_string())
    };
    let uri = call(vars.clone()).await.unwrap();
    assert!(uri.contains(".eu-north-1."), "{uri}");
    assert!(imds.received().iter().any(|r| r.path() == "/latest/meta-data/placement/region"));
    // Any other source wins, and IMDS is not asked.
    let before = imds.requests();
    let mut with_region = vars.clone();
    with_region.push(("AWS_REGION".into(), "ap-south-2".into()));
    assert!(call(with_region).await.unwrap().contains(".ap-south-2."));
    assert_eq!(imds.requests(), before);
    // Turned off: the error says what to set.
    vars.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
    let err = call(vars).await.unwrap_err();
    assert!(err.contains("no region configured"), "{err}");
}

#[tokio::test]
async fn sts_is_called_in_the_region_of_the_profile_or_the_environment() {
    let sts = Fake::sts().await;
    let home = Home::new("sts-region");
    home.write(".aws/config", format!("[profile r]\nrole_arn = {ROLE}/app\nsource_profile = base\nregion = eu-west-3\n"));
    home.write(".aws/credentials", "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = S\n");
    let scope = |r: &credentials_support::Received| r.header("authorization").and_then(|a| a.split('/').nth(2)).map(str::to_owned);
    let load = |extra: &[(&str, &str)]| ProfileFileCredentialsProvider::new(config(&home, extra).profile_name("r"));
    load(&[("AWS_ENDPOINT_URL_STS", &sts.url())]).provide_credentials().await.unwrap();
    assert_eq!(scope(&sts.received()[0]).as_deref(), Some("eu-west-3"));
    load(&[("AWS_ENDPOINT_URL_STS", &sts.url()), ("AWS_REGION", "ca-central-1")]).provide_credentials().await.unwrap();
    assert_eq!(scope(&sts.received()[1]).as_deref(), Some("ca-central-1"), "the environment's region wins");
    ProfileFileCredentialsProvider::new(config(&home, &[("AWS_ENDPOINT_URL_STS", &sts.url())]).profile_name("r").region("sa-east-1")).provide_credentials().await.unwrap();
    assert_eq!(scope(&sts.received()[2]).as_deref(), Some("sa-east-1"), "ProviderConfig::region wins");
}

// ---------------------------------------------------------------- logs

#[tokio::test]
async fn no_secret_is_logged_by_any_source_or_failure() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (sts, portal, agent, imds) = (Fake::sts().await, Fake::sso().await, Fake::container(Some("ecs-auth-token")).await, Fake::imds("r").await);
    let home = Home::new("logs");
    let web_token = home.write("web-token", "WEBIDTOKEN");
    let helper = home.script("helper.sh", r#"echo '{"Version": 1, "AccessKeyId": "PROC", "SecretAccessKey": "PROCSECRET", "SessionToken": "PROCTOKEN"}'"#);
    let failing = home.script("failing.sh", "echo PROCOUT-SECRET; exit 1");
    home.write(
        ".aws/config",
        format!(
            "[profile static]\naws_access_key_id = K\naws_secret_access_key = PROFILESECRET\naws_session_token = PROFILETOKEN\n\
             [profile role]\nrole_arn = {ROLE}/app\nsource_profile = static\n\
             [profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n\
             [profile process]\ncredential_process = {helper} --token CMDARGSECRET\n[profile failing]\ncredential_process = {failing} --token CMDARGSECRET\n"
        ),
    );
    home.sso_token("corp", "SSOBEARER");
    let endpoints = [("AWS_ENDPOINT_URL_STS", sts.url()), ("AWS_ENDPOINT_URL_SSO", portal.url())];
    let cfg = |extra: &[(&str, &str)], profile: Option<&str>| {
        let mut all: Vec<(&str, &str)> = endpoints.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend_from_slice(extra);
        let c = config(&home, &all);
        match profile {
            Some(p) => c.profile_name(p),
            None => c,
        }
    };
    let container_uri = format!("{}/creds", agent.url());
    let role_arn = format!("{ROLE}/pod");
    let imds_url = imds.url();
    let sources: Vec<(&str, ProviderConfig)> = vec![
        ("env", cfg(&[("AWS_ACCESS_KEY_ID", "K"), ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"), ("AWS_SESSION_TOKEN", "ENVTOKEN")], None)),
        ("web identity", cfg(&[("AWS_WEB_IDENTITY_TOKEN_FILE", &web_token), ("AWS_ROLE_ARN", &role_arn)], None)),
        ("static", cfg(&[], Some("static"))),
        ("role", cfg(&[], Some("role"))),
        ("sso", cfg(&[], Some("sso"))),
        ("process", cfg(&[], Some("process"))),
        ("failing process", cfg(&[], Some("failing"))),
        ("container", cfg(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &container_uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ecs-auth-token")], None)),
        ("imds", cfg(&[("AWS_EC2_METADATA_DISABLED", "false"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds_url)], None)),
    ];
    let mut errors = Vec::new();
    for (name, c) in sources {
        // Through a cache, twice, with a failing refresh in between where the source can fail.
        let cache = IdentityCache::new(DefaultCredentialsProvider::with_config(c));
        match cache.get().await {
            Ok(_) => {}
            Err(e) => errors.push(format!("{name}: {}", error_text(&e))),
        }
        cache.invalidate();
        let _ = cache.get().await;
    }
    // Refreshes that fail while the credentials are still valid log a warning.
    for fake in [&agent, &imds] {
        fake.set(|s| s.expires_in = Some(Duration::from_secs(4 * 60)));
    }
    let refreshing = [
        cfg(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &container_uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ecs-auth-token")], None),
        cfg(&[("AWS_EC2_METADATA_DISABLED", "false"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds_url)], None),
    ];
    for c in refreshing {
        let cache = IdentityCache::new(DefaultCredentialsProvider::with_config(c));
        cache.get().await.unwrap();
        agent.set(|s| s.fail_status = Some(500));
        imds.set(|s| s.fail_status = Some(500));
        cache.get().await.unwrap();
        agent.set(|s| s.fail_status = None);
        imds.set(|s| s.fail_status = None);
    }
    let lines = capture.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("WARN") && l.contains("refreshing credentials failed")), "the failed refreshes were logged");
    let secrets = [
        "ENVSECRET", "ENVTOKEN", "WEBIDTOKEN", "CMDARGSECRET", "PROFILESECRET", "PROFILETOKEN", "SSOBEARER", "PROCSECRET", "PROCTOKEN", "PROCOUT-SECRET", "ecs-auth-token",
        "imds-token-", "secret-", "sts-session-", "sso-session-", "container-session-", "imds-session-",
    ];
    for secret in secrets {
        let found: Vec<_> = lines.iter().chain(&errors).filter(|l| l.contains(secret)).collect();
        assert!(found.is_empty(), "`{secret}` was logged or shown:\n{}", found.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("\n"));
    }
    assert_eq!(errors.len(), 1, "only the failing helper fails: {errors:?}");
}
