//! What each credentials source costs: cold (the first call on a fresh
//! `IdentityCache` around a fresh provider, as a new client's first request
//! pays) and cached (a later call, as every other request pays), against the
//! fake IMDS, container endpoint, STS and IAM Identity Center portal of the
//! tests, on 127.0.0.1. Nothing leaves the machine; the numbers are the
//! runtime's own work plus a loopback round trip, so a real endpoint adds its
//! network latency to "cold" and nothing to "cached".
//!
//! `cargo run --release -p client-runtime --example credentials_cost`

#[path = "../tests/credentials_support/mod.rs"]
mod credentials_support;

use std::time::{Duration, Instant};

use client_runtime::credentials::{
    ContainerCredentialsProvider, DefaultCredentialsProvider, EnvironmentVariableCredentialsProvider, IdentityCache, ImdsCredentialsProvider,
    ProfileFileCredentialsProvider, ProviderConfig, WebIdentityTokenCredentialsProvider,
};
use credentials_support::{Fake, Home};

/// Fresh caches timed for the cold cost.
const COLD_RUNS: usize = 25;
/// Calls timed on a warm cache.
const CACHED_CALLS: usize = 20_000;

/// A source: its name, and how to make a fresh cache around a fresh provider for it.
type Source<'a> = (&'static str, Box<dyn Fn() -> IdentityCache + 'a>);

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns < 1_000 {
        format!("{ns} ns")
    } else if ns < 1_000_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{:.1} ms", ns as f64 / 1e6)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (imds, agent, sts, portal) = (Fake::imds("app-role").await, Fake::container(Some("tok")).await, Fake::sts().await, Fake::sso().await);
    let home = Home::new("cost");
    let token_file = home.write("web-token", "eyJTOKEN");
    let expires = credentials_support::rfc3339(std::time::SystemTime::now() + Duration::from_secs(3600));
    let helper = home.script(
        "helper.sh",
        &format!(r#"echo '{{"Version":1,"AccessKeyId":"PROC","SecretAccessKey":"S","SessionToken":"T","Expiration":"{expires}"}}'"#),
    );
    home.write(
        ".aws/config",
        format!(
            "[profile static]\naws_access_key_id = STATIC\naws_secret_access_key = S\n\
             [profile role]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = static\n\
             [profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
             [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
             [profile process]\ncredential_process = {helper}\n"
        ),
    );
    home.sso_token("corp", "SSOTOKEN");

    let mut base = home.env();
    base.push(("AWS_ENDPOINT_URL_STS".into(), sts.url()));
    base.push(("AWS_ENDPOINT_URL_SSO".into(), portal.url()));
    base.push(("AWS_REGION".into(), "us-east-1".into()));
    // A new ProviderConfig each time: a new transport, so "cold" includes
    // loading the root certificates and connecting, as a new process does.
    let config = |extra: &[(&str, String)], profile: Option<&str>| {
        let mut vars = base.clone();
        for (k, v) in extra {
            vars.retain(|(name, _)| name != k);
            vars.push((k.to_string(), v.clone()));
        }
        let c = ProviderConfig::new().environment(vars);
        match profile {
            Some(p) => c.profile_name(p),
            None => c,
        }
    };
    let imds_vars = [("AWS_EC2_METADATA_DISABLED", "false".to_owned()), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url())];
    let container_vars = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", agent.url())), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok".to_owned())];
    let web_vars = [("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.clone()), ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pod".to_owned())];
    let env_vars = [("AWS_ACCESS_KEY_ID", "ENV".to_owned()), ("AWS_SECRET_ACCESS_KEY", "S".to_owned())];

    let sources: Vec<Source> = vec![
        ("environment", Box::new(|| IdentityCache::new(EnvironmentVariableCredentialsProvider::new(config(&env_vars, None))))),
        ("profile, static keys", Box::new(|| IdentityCache::new(ProfileFileCredentialsProvider::new(config(&[], Some("static")))))),
        ("web identity (STS)", Box::new(|| IdentityCache::new(WebIdentityTokenCredentialsProvider::new(config(&web_vars, None))))),
        ("profile, role via STS", Box::new(|| IdentityCache::new(ProfileFileCredentialsProvider::new(config(&[], Some("role")))))),
        ("profile, SSO portal", Box::new(|| IdentityCache::new(ProfileFileCredentialsProvider::new(config(&[], Some("sso")))))),
        ("profile, credential_process", Box::new(|| IdentityCache::new(ProfileFileCredentialsProvider::new(config(&[], Some("process")))))),
        ("container endpoint", Box::new(|| IdentityCache::new(ContainerCredentialsProvider::new(config(&container_vars, None))))),
        ("IMDSv2", Box::new(|| IdentityCache::new(ImdsCredentialsProvider::new(config(&imds_vars, None))))),
        ("default chain down to IMDSv2", Box::new(|| IdentityCache::new(DefaultCredentialsProvider::with_config(config(&imds_vars, None))))),
    ];

    println!("cold: first call of a fresh cache, provider and transport (median of {COLD_RUNS} runs)");
    println!("refetch: a call that misses the cache with the transport warm, what every request would pay without one");
    println!("cached: a later call (of {CACHED_CALLS})");
    println!("{:<30} {:>12} {:>12} {:>14} {:>14} {:>12}", "source", "cold median", "cold max", "refetch median", "cached median", "cached p99");
    for (name, make) in &sources {
        // A first run outside the timing: the files and the root certificates
        // are then in the OS's caches, as in a running process.
        make().get().await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let mut cold = Vec::with_capacity(COLD_RUNS);
        let mut warm = None;
        for _ in 0..COLD_RUNS {
            let cache = make();
            let t = Instant::now();
            cache.get().await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            cold.push(t.elapsed());
            warm = Some(cache);
        }
        let cache = warm.expect("at least one run");
        let mut refetch = Vec::with_capacity(COLD_RUNS);
        for _ in 0..COLD_RUNS {
            cache.invalidate();
            let t = Instant::now();
            cache.get().await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            refetch.push(t.elapsed());
        }
        let mut cached = Vec::with_capacity(CACHED_CALLS);
        for _ in 0..CACHED_CALLS {
            let t = Instant::now();
            std::hint::black_box(cache.get().await.expect("cached"));
            cached.push(t.elapsed());
        }
        let cold_max = *cold.iter().max().expect("runs");
        println!(
            "{:<30} {:>12} {:>12} {:>14} {:>14} {:>12}",
            name,
            show(percentile(&mut cold, 0.5)),
            show(cold_max),
            show(percentile(&mut refetch, 0.5)),
            show(percentile(&mut cached, 0.5)),
            show(percentile(&mut cached, 0.99))
        );
    }
    println!(
        "fetches seen by the fakes: STS {}, SSO {}, container {}, IMDS {} (credentials) / {} (session tokens)",
        sts.issued(),
        portal.issued(),
        agent.issued(),
        imds.issued(),
        imds.tokens()
    );
}
