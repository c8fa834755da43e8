//! The identity cache every client puts around its credentials provider
//! (docs/credentials.md has the numbers and why).

use std::fmt;
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

/// Refresh ahead of expiry from this long before it (one caller refreshes,
/// the others keep signing with the current credentials).
pub(crate) const ADVISORY_REFRESH: Duration = Duration::from_secs(5 * 60);
/// Up to this much earlier again, at random per fetch, so a fleet of clients
/// does not refresh in the same second.
pub(crate) const REFRESH_JITTER: Duration = Duration::from_secs(30);
/// From this long before expiry every caller waits for a refresh.
pub(crate) const MANDATORY_REFRESH: Duration = Duration::from_secs(60);
/// Credentials without an expiry are read again after this long.
pub(crate) const NO_EXPIRY_REREAD: Duration = Duration::from_secs(15 * 60);
/// The longest one fetch may take; providers have their own shorter limits.
pub(crate) const LOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// The clock the cache reads; tests move it.
pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

#[derive(Clone)]
struct Entry {
    credentials: Credentials,
    /// When they stop being valid (`None`: they carry no expiry).
    expires: Option<SystemTime>,
    /// From when a caller should refresh them while the others go on.
    refresh_at: SystemTime,
    /// From when every caller waits for a refresh.
    must_refresh_at: SystemTime,
}

/// Caches what a provider returns: one fetch at a time however many tasks
/// ask, refreshed ahead of expiry, never handing out expired credentials,
/// keeping still-valid credentials when a refresh fails.
///
/// From five minutes (less up to 30 s of jitter) before the credentials
/// expire, one caller refreshes while the others keep using them; from one
/// minute before, every caller waits for the refresh. If a refresh fails
/// while the credentials are still valid, they stay in use and a warning is
/// logged. Credentials without an expiry are read again every 15 minutes.
/// One fetch may take up to 60 s.
///
/// Every client already puts one around its provider; use this for
/// credentials you also need outside a client (it is itself a provider):
///
/// ```
/// use client_runtime::credentials::{IdentityCache, ProviderConfig, ProfileFileCredentialsProvider};
///
/// let cached = IdentityCache::new(ProfileFileCredentialsProvider::new(ProviderConfig::new()));
/// ```
pub struct IdentityCache {
    provider: SharedCredentialsProvider,
    entry: SyncMutex<Option<Entry>>,
    /// Held by the one task that fetches.
    fetching: tokio::sync::Mutex<()>,
    clock: Clock,
}

impl fmt::Debug for IdentityCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.entry.lock().map(|e| e.as_ref().map(|e| e.expires)).ok().flatten();
        f.debug_struct("IdentityCache").field("provider", &self.provider).field("cached_until", &cached).finish()
    }
}

impl IdentityCache {
    /// A cache around `provider`, empty until the first call.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::with_clock(SharedCredentialsProvider::new(provider), Arc::new(SystemTime::now))
    }

    pub(crate) fn with_clock(provider: SharedCredentialsProvider, clock: Clock) -> Self {
        Self { provider, entry: SyncMutex::new(None), fetching: tokio::sync::Mutex::new(()), clock }
    }

    fn current(&self) -> Option<Entry> {
        self.entry.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Forgets the cached credentials: the next call fetches anew. Clients
    /// call it when the service says they are expired or unknown.
    pub fn invalidate(&self) {
        *self.entry.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Credentials to sign with: the cached ones, or freshly fetched.
    pub async fn get(&self) -> Result<Credentials, CredentialsError> {
        let now = (self.clock)();
        if let Some(entry) = self.current() {
            if now < entry.refresh_at {
                return Ok(entry.credentials);
            }
            if now < entry.must_refresh_at {
                // Refresh ahead: the first caller to get here fetches, the
                // others sign with what is cached.
                let Ok(_guard) = self.fetching.try_lock() else { return Ok(entry.credentials) };
                if let Some(newer) = self.current().filter(|e| (self.clock)() < e.refresh_at) {
                    return Ok(newer.credentials);
                }
                // The credentials can expire while the refresh runs (a fetch
                // up to the load limit, a machine that slept): then its error
                // is the answer.
                return match self.fetch(Some(entry)).await {
                    Ok(c) | Err((_, Some(c))) => Ok(c),
                    Err((error, None)) => Err(error),
                };
            }
        }
        let _guard = self.fetching.lock().await;
        // Another task may have fetched while this one waited.
        let entry = self.current();
        if let Some(e) = entry.as_ref().filter(|e| (self.clock)() < e.must_refresh_at) {
            return Ok(e.credentials.clone());
        }
        match self.fetch(entry).await {
            Ok(c) => Ok(c),
            Err((error, Some(kept))) => {
                tracing::debug!(error = %error, "credentials kept after a failed refresh");
                Ok(kept)
            }
            Err((error, None)) => Err(error),
        }
    }

    /// Fetches and stores. On failure returns the error, and `previous`'s
    /// credentials if they are still valid (a warning is logged then).
    async fn fetch(&self, previous: Option<Entry>) -> Result<Credentials, (CredentialsError, Option<Credentials>)> {
        let result = match tokio::time::timeout(LOAD_TIMEOUT, self.provider.provide_credentials()).await {
            Ok(r) => r,
            Err(_) => Err(CredentialsError::provider_timed_out(LOAD_TIMEOUT)),
        };
        let now = (self.clock)();
        let result = result.and_then(|c| match c.expiry() {
            Some(t) if t <= now => Err(CredentialsError::provider_error(ExpiredCredentials(t))),
            _ => Ok(c),
        });
        match result {
            Ok(credentials) => {
                let entry = entry_for(credentials.clone(), now);
                *self.entry.lock().unwrap_or_else(|e| e.into_inner()) = Some(entry);
                Ok(credentials)
            }
            Err(error) => {
                let kept = previous.filter(|p| p.expires.is_none_or(|t| now < t)).map(|p| p.credentials);
                if kept.is_some() {
                    tracing::warn!(
                        error = %aws_smithy_types::error::display::DisplayErrorContext(&error),
                        "refreshing credentials failed; the current ones are still valid and stay in use"
                    );
                }
                Err((error, kept))
            }
        }
    }
}

impl ProvideCredentials for IdentityCache {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::new(self.get())
    }
}

fn entry_for(credentials: Credentials, now: SystemTime) -> Entry {
    match credentials.expiry() {
        Some(expires) => {
            let jitter = REFRESH_JITTER.mul_f64(fastrand::f64());
            let before = |d: Duration| expires.checked_sub(d).unwrap_or(now).max(now);
            Entry { refresh_at: before(ADVISORY_REFRESH + jitter), must_refresh_at: before(MANDATORY_REFRESH), expires: Some(expires), credentials }
        }
        None => {
            let at = now + NO_EXPIRY_REREAD;
            Entry { refresh_at: at, must_refresh_at: at, expires: None, credentials }
        }
    }
}

/// A provider returned credentials whose expiry has passed.
#[derive(Debug)]
struct ExpiredCredentials(SystemTime);

impl fmt::Display for ExpiredCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = aws_smithy_types::DateTime::from(self.0);
        let at = at.fmt(aws_smithy_types::date_time::Format::DateTime).unwrap_or_else(|_| format!("{at:?}"));
        write!(f, "the credentials provider returned credentials that expired at {at}; they are not used to sign")
    }
}

impl std::error::Error for ExpiredCredentials {}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

    use super::*;
    use aws_credential_types::provider::future;

    /// A provider that counts fetches and answers from a script.
    #[derive(Debug, Clone)]
    struct Scripted {
        calls: Arc<AtomicU32>,
        /// Seconds after `T0` at which each fetch's credentials expire
        /// (`None`: no expiry); a fetch past the end of the script fails.
        script: Arc<Vec<Option<u64>>>,
        delay: Duration,
    }

    const T0: u64 = 1_800_000_000;

    impl ProvideCredentials for Scripted {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::new(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) as usize;
                if !self.delay.is_zero() {
                    tokio::time::sleep(self.delay).await;
                }
                match self.script.get(n) {
                    Some(expiry) => {
                        Ok(Credentials::new(format!("AKID{n}"), "S", None, expiry.map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(T0 + s)), "scripted"))
                    }
                    None => Err(CredentialsError::provider_error("the script has ended")),
                }
            })
        }
    }

    fn cache(script: Vec<Option<u64>>, delay: Duration) -> (IdentityCache, Arc<AtomicU32>, Arc<AtomicU64>) {
        let calls = Arc::new(AtomicU32::new(0));
        let now = Arc::new(AtomicU64::new(T0));
        let provider = Scripted { calls: calls.clone(), script: Arc::new(script), delay };
        let clock_now = now.clone();
        let clock: Clock = Arc::new(move || SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst)));
        (IdentityCache::with_clock(SharedCredentialsProvider::new(provider), clock), calls, now)
    }

    #[tokio::test]
    async fn refreshes_ahead_of_expiry_and_keeps_valid_credentials_when_a_refresh_fails() {
        // First credentials last an hour; the second fetch fails.
        let (cache, calls, now) = cache(vec![Some(3600)], Duration::ZERO);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        now.store(T0 + 3600 - 6 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "no refresh six minutes before expiry");
        // Inside the advisory window: one refresh is tried, it fails, the valid credentials stay.
        now.store(T0 + 3600 - 4 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        // Inside the mandatory window, still valid: kept again after the failure.
        now.store(T0 + 3600 - 30, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        // Expired: the failure is the answer.
        now.store(T0 + 3600, Ordering::SeqCst);
        let err = cache.get().await.unwrap_err();
        assert!(format!("{:?}", err).contains("the script has ended"), "{err:?}");
    }

    #[tokio::test]
    async fn a_successful_refresh_replaces_the_credentials() {
        let (cache, calls, now) = cache(vec![Some(900), Some(1800)], Duration::ZERO);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        now.store(T0 + 900 - 2 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        now.store(T0 + 1000, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn expired_credentials_from_a_provider_are_refused() {
        let (cache, _, now) = cache(vec![Some(10)], Duration::ZERO);
        now.store(T0 + 10, Ordering::SeqCst);
        let err = cache.get().await.unwrap_err();
        let text = format!("{}", aws_smithy_types::error::display::DisplayErrorContext(&err));
        assert!(text.contains("the credentials provider returned credentials that expired at 2027-01-15T08:00:10Z"), "{text}");
    }

    #[tokio::test]
    async fn credentials_without_expiry_are_read_again_after_fifteen_minutes() {
        let (cache, calls, now) = cache(vec![None, None], Duration::ZERO);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        now.store(T0 + 14 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        now.store(T0 + 15 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        // A failing re-read keeps credentials that never expire.
        now.store(T0 + 31 * 60, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    /// A provider that moves the clock while it fetches, then fails: the
    /// machine slept (or the fetch hung to the load limit) during a
    /// refresh ahead of expiry, and the credentials expired meanwhile.
    #[derive(Debug)]
    struct OutlivedRefresh {
        calls: Arc<AtomicU32>,
        now: Arc<AtomicU64>,
    }

    impl ProvideCredentials for OutlivedRefresh {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::new(async move {
                if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    return Ok(Credentials::new("AKID0", "S", None, Some(SystemTime::UNIX_EPOCH + Duration::from_secs(T0 + 600)), "outlived"));
                }
                self.now.store(T0 + 8 * 3600, Ordering::SeqCst);
                Err(CredentialsError::provider_error("the network is not back yet"))
            })
        }
    }

    #[tokio::test]
    async fn a_refresh_ahead_that_outlives_the_credentials_returns_its_error() {
        let now = Arc::new(AtomicU64::new(T0));
        let clock_now = now.clone();
        let clock: Clock = Arc::new(move || SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst)));
        let provider = OutlivedRefresh { calls: Arc::new(AtomicU32::new(0)), now: now.clone() };
        let cache = IdentityCache::with_clock(SharedCredentialsProvider::new(provider), clock);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        // In the advisory window: this caller refreshes, and the refresh outlives the credentials.
        now.store(T0 + 600 - 4 * 60, Ordering::SeqCst);
        let err = cache.get().await.unwrap_err();
        assert!(format!("{err:?}").contains("the network is not back yet"), "{err:?}");
    }

    #[tokio::test]
    async fn invalidate_forces_a_fetch() {
        let (cache, calls, _) = cache(vec![Some(3600), Some(3600)], Duration::ZERO);
        cache.get().await.unwrap();
        cache.invalidate();
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_first_calls_make_one_fetch_and_a_slow_refresh_blocks_nobody() {
        let (cache, calls, now) = cache(vec![Some(3600), Some(7200)], Duration::from_secs(2));
        let cache = Arc::new(cache);
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.get().await.map(|c| c.access_key_id().to_owned()) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "AKID0");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "200 concurrent first calls, one fetch");
        // In the advisory window one caller refreshes (2 s); the others do not wait.
        now.store(T0 + 3600 - 4 * 60, Ordering::SeqCst);
        let refresher = {
            let cache = cache.clone();
            tokio::spawn(async move { cache.get().await.unwrap() })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        for _ in 0..100 {
            assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID0");
        }
        assert!(started.elapsed() < Duration::from_secs(1), "callers waited for the refresh: {:?}", started.elapsed());
        assert_eq!(refresher.await.unwrap().access_key_id(), "AKID1");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
