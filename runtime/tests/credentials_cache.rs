//! The identity cache, through the public API against the fakes of
//! `credentials_support`: refresh ahead of expiry, failing refreshes,
//! expired credentials, single flight under 200 concurrent first calls, a
//! slow provider, clones sharing a cache, and a service's rejection of the
//! credentials dropping them (through a client). Split from
//! `credentials_providers.rs`, which covers each source.

mod client_support;
mod credentials_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, future};
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Credentials, Handle, RetryConfig, invoke};
use client_runtime::credentials::{ContainerCredentialsProvider, DefaultCredentialsProvider, IdentityCache, ImdsCredentialsProvider, ProviderConfig};
use credentials_support::*;

// ---------------------------------------------------------------- the cache

#[tokio::test]
async fn credentials_expiring_within_five_minutes_are_fetched_again() {
    let agent = Fake::container(None).await;
    let home = Home::new("refresh");
    let uri = format!("{}/creds", agent.url());
    let cache = IdentityCache::new(ContainerCredentialsProvider::new(config(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)])));
    // An hour ahead: fetched once, then cached.
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-1"));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-1"));
    assert_eq!(agent.issued(), 1);
    // Within the five minutes: the next call fetches again.
    agent.set(|s| s.expires_in = Some(Duration::from_secs(4 * 60)));
    cache.invalidate();
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-2"));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-3"));
    assert_eq!(agent.issued(), 3);
    // An hour ahead again: that refresh is the last for a while.
    agent.set(|s| s.expires_in = Some(Duration::from_secs(3600)));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-4"));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("container-session-4"));
    assert_eq!(agent.issued(), 4);
}

#[tokio::test]
async fn a_failing_refresh_keeps_credentials_that_are_still_valid() {
    let imds = Fake::imds("r").await;
    let home = Home::new("keep");
    let mut vars = env(&home, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]);
    vars.retain(|(k, _)| k != "AWS_EC2_METADATA_DISABLED");
    let cache = IdentityCache::new(ImdsCredentialsProvider::new(ProviderConfig::new().environment(vars)));
    // Four minutes left: every call tries a refresh, one caller at a time.
    imds.set(|s| s.expires_in = Some(Duration::from_secs(4 * 60)));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("imds-session-1"));
    imds.set(|s| s.fail_status = Some(500));
    let before = imds.requests();
    for _ in 0..3 {
        assert_eq!(cache.get().await.unwrap().session_token(), Some("imds-session-1"), "still valid, so kept");
    }
    assert!(imds.requests() > before, "a refresh was tried");
    // Thirty seconds left, so every caller must wait for the refresh: it
    // fails, and the credentials, still valid, are kept all the same.
    imds.set(|s| {
        s.fail_status = None;
        s.expires_in = Some(Duration::from_secs(30));
    });
    cache.invalidate();
    assert_eq!(cache.get().await.unwrap().session_token(), Some("imds-session-2"));
    imds.set(|s| s.fail_status = Some(500));
    assert_eq!(cache.get().await.unwrap().session_token(), Some("imds-session-2"));
    // Once the service answers again, the refresh replaces them.
    imds.set(|s| {
        s.fail_status = None;
        s.expires_in = Some(Duration::from_secs(3600));
    });
    assert_eq!(cache.get().await.unwrap().session_token(), Some("imds-session-3"));
}

#[tokio::test]
async fn expired_credentials_from_a_provider_are_refused() {
    let agent = Fake::container(None).await;
    let home = Home::new("expired");
    agent.set(|s| s.expired_since = Some(Duration::from_secs(600)));
    let uri = format!("{}/creds", agent.url());
    let cache = IdentityCache::new(ContainerCredentialsProvider::new(config(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)])));
    for _ in 0..2 {
        let err = cache.get().await.unwrap_err();
        assert!(error_text(&err).contains("returned credentials that expired at"), "{}", error_text(&err));
    }
    assert_eq!(agent.issued(), 2, "nothing expired is cached: each call asks again");
    // And through a client: the request is not sent.
    let stub = StubHttpClient::new();
    let cfg = Config::builder()
        .environment(env(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]))
        .region("us-east-1")
        .http_client(stub.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    let handle = Handle::new(cfg, &client_support::SERVICE);
    let err = invoke(&handle, &client_support::PUT_USER, client_support::input("u1"), client_support::serialize_put_user, client_support::deserialize_put_user)
        .await
        .unwrap_err();
    assert!(aws_smithy_types::error::display::DisplayErrorContext(&err).to_string().contains("expired at"), "{err:?}");
    assert!(stub.requests().is_empty());
}

/// A provider that counts its fetches, takes `delay`, and hands out
/// credentials expiring `expires_in` later.
#[derive(Debug, Clone)]
struct Slow {
    calls: Arc<AtomicUsize>,
    delay: Duration,
    expires_in: Duration,
}

impl ProvideCredentials for Slow {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            Ok(Credentials::new(format!("SLOW{n}"), "S", None, Some(SystemTime::now() + self.expires_in), "slow"))
        })
    }
}

#[tokio::test]
async fn two_hundred_concurrent_first_calls_make_one_fetch() {
    // A real source behind the cache: the container fake, slowed down so the
    // calls overlap.
    let agent = Fake::container(None).await;
    agent.set(|s| s.delay = Duration::from_millis(300));
    let home = Home::new("flight");
    let uri = format!("{}/creds", agent.url());
    let cache = Arc::new(IdentityCache::new(ContainerCredentialsProvider::new(config(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]))));
    let tasks: Vec<_> = (0..200).map(|_| tokio::spawn({ let c = cache.clone(); async move { c.get().await.map(|c| c.session_token().map(str::to_owned)) } })).collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().as_deref(), Some("container-session-1"));
    }
    assert_eq!((agent.requests(), agent.issued()), (1, 1));

    // And 200 concurrent first calls of a fresh client, through its default chain.
    let agent = Fake::container(None).await;
    agent.set(|s| s.delay = Duration::from_millis(300));
    let uri = format!("{}/creds", agent.url());
    let stub = StubHttpClient::new();
    for _ in 0..200 {
        stub.respond(200, &[], "{}");
    }
    let cfg = Config::builder().environment(env(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)])).region("us-east-1").http_client(stub.clone()).build();
    let handle = Arc::new(Handle::new(cfg, &client_support::SERVICE));
    let calls: Vec<_> = (0..200)
        .map(|i| {
            let h = handle.clone();
            tokio::spawn(async move {
                invoke(&h, &client_support::PUT_USER, client_support::input(&format!("u{i}")), client_support::serialize_put_user, client_support::deserialize_put_user).await
            })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert_eq!(agent.requests(), 1, "one fetch for 200 first calls");
    assert!(stub.requests().iter().all(|r| r.headers()["x-amz-security-token"] == "container-session-1"));
}

#[tokio::test]
async fn clones_of_a_client_share_its_cache_and_other_clients_do_not() {
    let agent = Fake::container(None).await;
    let home = Home::new("clones");
    let uri = format!("{}/creds", agent.url());
    let stub = StubHttpClient::new();
    for _ in 0..4 {
        stub.respond(200, &[], "{}");
    }
    let cfg = Config::builder().environment(env(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)])).region("us-east-1").http_client(stub.clone()).build();
    let send = |h: Handle| async move {
        invoke(&h, &client_support::PUT_USER, client_support::input("u1"), client_support::serialize_put_user, client_support::deserialize_put_user).await.unwrap();
    };
    let handle = Handle::new(cfg.clone(), &client_support::SERVICE);
    send(handle.clone()).await;
    send(handle).await;
    send(Handle::new(cfg.clone(), &client_support::SERVICE)).await;
    assert_eq!(agent.issued(), 1, "clones of the client and of its config share one cache");
    send(Handle::new(cfg.to_builder().build(), &client_support::SERVICE)).await;
    assert_eq!(agent.issued(), 2, "a config built anew has its own cache");
}

#[tokio::test]
async fn a_slow_provider_does_not_serialize_calls_after_the_first_fetch() {
    let calls = Arc::new(AtomicUsize::new(0));
    // Four minutes left at every fetch: each later call is in the refresh-ahead window.
    let cache = Arc::new(IdentityCache::new(Slow { calls: calls.clone(), delay: Duration::from_secs(2), expires_in: Duration::from_secs(4 * 60) }));
    let started = Instant::now();
    let first: Vec<_> = (0..50).map(|_| tokio::spawn({ let c = cache.clone(); async move { c.get().await.unwrap() } })).collect();
    for t in first {
        assert_eq!(t.await.unwrap().access_key_id(), "SLOW1");
    }
    let first_fetch = started.elapsed();
    assert!(first_fetch < Duration::from_secs(4), "the 50 first calls waited for one 2 s fetch, not one each: {first_fetch:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 100 later calls at once: one of them refreshes (2 s), the others sign at once.
    let later: Vec<_> = (0..100)
        .map(|_| {
            let c = cache.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let key = c.get().await.unwrap().access_key_id().to_owned();
                (key, t.elapsed())
            })
        })
        .collect();
    let mut slow = 0;
    for t in later {
        let (key, took) = t.await.unwrap();
        if took > Duration::from_millis(1000) {
            slow += 1;
            assert_eq!(key, "SLOW2", "the caller that waited got the refreshed credentials");
        } else {
            assert!(key == "SLOW1" || key == "SLOW2", "{key}");
        }
    }
    assert!(slow <= 1, "{slow} calls waited for the refresh");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one refresh for 100 calls");
}

// ---------------------------------------------------------------- through a client

/// A service answering `code` drops the client's cached credentials: the
/// next call fetches new ones from the source (here the container endpoint).
async fn rejected_credentials_are_fetched_anew(code: &str) {
    let agent = Fake::container(None).await;
    let home = Home::new("rejected");
    let uri = format!("{}/creds", agent.url());
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    stub.respond(200, &[], "{}");
    stub.error(400, code, "The security token included in the request is invalid");
    stub.respond(200, &[], "{}");
    let cfg = Config::builder()
        .environment(env(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]))
        .region("us-east-1")
        .http_client(stub.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    let handle = Handle::new(cfg, &client_support::SERVICE);
    let call = || invoke(&handle, &client_support::PUT_USER, client_support::input("u1"), client_support::serialize_put_user, client_support::deserialize_put_user);
    call().await.unwrap();
    call().await.unwrap();
    assert_eq!(agent.issued(), 1, "cached between calls");
    let err = call().await.unwrap_err();
    assert_eq!(err.code(), Some(code));
    call().await.unwrap();
    assert_eq!(agent.issued(), 2, "{code}: the next call fetched anew");
    let tokens: Vec<_> = stub.requests().iter().map(|r| r.headers()["x-amz-security-token"].to_str().unwrap().to_owned()).collect();
    assert_eq!(tokens, ["container-session-1", "container-session-1", "container-session-1", "container-session-2"]);
}

#[tokio::test]
async fn unrecognized_client_drops_the_cached_credentials() {
    rejected_credentials_are_fetched_anew("UnrecognizedClientException").await;
}

#[tokio::test]
async fn expired_token_drops_the_cached_credentials() {
    rejected_credentials_are_fetched_anew("ExpiredToken").await;
}

#[tokio::test]
async fn no_secret_in_debug_output() {
    let home = Home::new("debug");
    let cfg = config(&home, &[("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "TOPSECRET"), ("AWS_SESSION_TOKEN", "SESSIONSECRET")]);
    let cache = IdentityCache::new(DefaultCredentialsProvider::with_config(cfg.clone()));
    let c = cache.get().await.unwrap();
    for shown in [format!("{c:?}"), format!("{cache:?}"), format!("{cfg:?}"), format!("{:?}", DefaultCredentialsProvider::with_config(cfg.clone()))] {
        assert!(!shown.contains("TOPSECRET") && !shown.contains("SESSIONSECRET"), "{shown}");
    }
}
