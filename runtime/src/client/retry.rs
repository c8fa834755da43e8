//! Retries as the AWS SDKs make them: [`RetryConfig`], which failures are
//! worth another attempt, what a retry costs in the client's retry quota,
//! and the delay a server asks for. See `docs/retries.md` for where the
//! numbers come from; adaptive mode's rate limiter is `adaptive.rs`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use http::{HeaderMap, StatusCode};

/// How failed attempts are retried: the AWS SDKs' standard mode, or their
/// adaptive mode, which adds a client-side rate limiter.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::client::RetryConfig;
///
/// let retry = RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(200));
/// assert_eq!(retry.get_max_attempts(), 5);
/// ```
///
/// Retried: throttling (HTTP 429 and throttling error codes), transient
/// errors (HTTP 500, 502, 503, 504 and codes like `RequestTimeout`,
/// `InternalError`), connection failures, timeouts, the error codes the
/// model marks `@retryable`, and a clock skew error (`RequestTimeTooSkewed`,
/// `InvalidSignatureException`...) when the response's `Date` shows our
/// clock was at least 4 minutes off (the retry is signed with the corrected
/// time). Everything else fails at once. Between attempts the client sleeps
/// a random time between zero and
/// `min(initial_backoff * 2^(attempt - 1), max_backoff)` ("full jitter"), or
/// the delay an `x-amz-retry-after` header asks for (milliseconds), capped
/// at `max_backoff`. `Retry-After` is not read, as in the AWS SDKs.
///
/// **Retry quota.** Each client (shared by its clones) has a bucket of 500
/// tokens. A retry takes 5, or 10 after a transient error; with too few
/// left the error is returned without retrying, so an outage is not
/// multiplied by `max_attempts`. A call that succeeds at once gives 1 back,
/// one that succeeds after retries gives back the cost of its last retry
/// (never beyond 500). From a full bucket, failing calls get 50 transient
/// retries in all before retries stop. See `docs/retries.md`.
///
/// **Adaptive mode** ([`RetryConfig::adaptive`], `AWS_RETRY_MODE=adaptive`
/// or the profile's `retry_mode = adaptive`) retries the same way, and also
/// slows the client down once the service throttles it: each attempt first
/// takes a token from a bucket that fills at the rate the service allowed
/// (CUBIC, from the throttles and the measured send rate), so a client
/// shared by many tasks backs off as a whole instead of each task on its
/// own. Until the first throttle nothing is delayed. Clones share the
/// limiter. The numbers are botocore's and the official Rust SDK's
/// (`docs/retries.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

/// The retry mode of [`RetryConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries with backoff and a retry quota.
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter that follows throttling.
    Adaptive,
}

impl RetryConfig {
    /// Standard mode: 3 attempts in all, backoff from 1 s up to 20 s.
    pub fn standard() -> Self {
        Self { mode: RetryMode::Standard, max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }

    /// Adaptive mode: standard mode's retries (3 attempts, backoff from 1 s
    /// up to 20 s) and the client-side rate limiter.
    pub fn adaptive() -> Self {
        Self { mode: RetryMode::Adaptive, ..Self::standard() }
    }

    /// This configuration in `mode`.
    pub fn with_retry_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self::standard().max_attempts(1)
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The backoff ceiling before the first retry; doubles each retry.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The largest backoff ceiling.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Attempts in all, the first included (at least 1); the official
    /// SDK's name for [`max_attempts`](Self::max_attempts). Default 3.
    pub fn with_max_attempts(self, n: u32) -> Self {
        self.max_attempts(n)
    }

    /// The backoff ceiling before the first retry, doubling each retry; the
    /// official SDK's name for [`initial_backoff`](Self::initial_backoff).
    /// Default 1 s.
    pub fn with_initial_backoff(self, d: Duration) -> Self {
        self.initial_backoff(d)
    }

    /// The largest backoff, and the cap on a server-sent delay; the
    /// official SDK's name for [`max_backoff`](Self::max_backoff). Default 20 s.
    pub fn with_max_backoff(self, d: Duration) -> Self {
        self.max_backoff(d)
    }

    /// Attempts in all.
    pub fn get_max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff ceiling before the first retry.
    pub fn get_initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff.
    pub fn get_max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The backoff before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self.initial_backoff.saturating_mul(exp).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Error codes AWS services use for throttling, across protocols.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes for transient server-side failures.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that are retried whatever the body says.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Error codes a service answers when the request's signing time is too far
/// from its clock (the list of the JavaScript v3 SDK's clock skew errors).
/// They are retried only when the response's `Date` shows the skew; see
/// [`super::clock`].
const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// Tokens in a new client's retry quota, and its ceiling.
pub(crate) const QUOTA_CAPACITY: u32 = 500;
/// What a retry after a throttling or modeled-retryable error costs.
pub(crate) const RETRY_COST: u32 = 5;
/// What a retry after a transient error (timeout, broken connection, HTTP
/// 500/502/503/504, clock skew) costs.
pub(crate) const TRANSIENT_RETRY_COST: u32 = 10;
/// What a call that succeeds on its first attempt gives back.
pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

/// The kind of a retryable failure; decides what the retry costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The service is throttling this client.
    Throttling,
    /// A timeout, a broken connection, a 5xx gateway or server error, or a
    /// clock skew that was just corrected.
    Transient,
    /// An error the model marks `@retryable`.
    Modeled,
}

impl ErrorKind {
    /// Tokens a retry after this kind of failure takes from the quota.
    pub(crate) fn cost(self) -> u32 {
        match self {
            Self::Transient => TRANSIENT_RETRY_COST,
            Self::Throttling | Self::Modeled => RETRY_COST,
        }
    }
}

/// Why a failed attempt may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Retryable {
    pub(crate) kind: ErrorKind,
    /// For logs.
    pub(crate) reason: &'static str,
    /// The delay the server asked for (`x-amz-retry-after`).
    pub(crate) after: Option<Duration>,
}

impl Retryable {
    pub(crate) fn new(kind: ErrorKind, reason: &'static str) -> Self {
        Self { kind, reason, after: None }
    }
}

/// Why an error response is retried, or `None` if it is not.
pub(crate) fn classify(status: StatusCode, code: Option<&str>, modeled_retryable: &[&str]) -> Option<Retryable> {
    if status.is_success() {
        return None;
    }
    // An error code says more than the status: a 503 `ThrottlingException`
    // is throttling (and cheaper to retry) rather than a transient failure.
    if let Some(code) = code {
        if THROTTLING_CODES.contains(&code) {
            return Some(Retryable::new(ErrorKind::Throttling, "throttling error code"));
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some(Retryable::new(ErrorKind::Transient, "transient error code"));
        }
        if modeled_retryable.contains(&code) {
            return Some(Retryable::new(ErrorKind::Modeled, "error the model marks retryable"));
        }
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Some(Retryable::new(ErrorKind::Throttling, "HTTP 429"));
    }
    if TRANSIENT_STATUSES.contains(&status.as_u16()) {
        return Some(Retryable::new(ErrorKind::Transient, "transient HTTP status"));
    }
    None
}

/// Whether `code` is one a service answers to a request signed at the wrong time.
pub(crate) fn is_clock_skew_code(code: Option<&str>) -> bool {
    code.is_some_and(|c| CLOCK_SKEW_CODES.contains(&c))
}

/// The delay an `x-amz-retry-after` header asks for (whole milliseconds).
/// A value that is not a non-negative integer is ignored, as the SDKs do.
/// The standard `Retry-After` header is not read: neither the AWS SDK for
/// Rust nor botocore reads it.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("x-amz-retry-after")?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_millis)
}

/// The client's retry quota: a token bucket shared by every call of a
/// client (and its clones) that lets retries through while most calls
/// succeed and shuts them off when most fail, so an outage is not
/// multiplied by `max_attempts`.
///
/// Each retry takes [`ErrorKind::cost`] tokens; with too few left the error
/// is returned at once. A call that succeeds gives back
/// [`NO_RETRY_INCREMENT`] if it needed no retry, else the cost of its last
/// retry. The bucket never holds more than its capacity.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: AtomicU32,
    capacity: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new(QUOTA_CAPACITY)
    }
}

impl RetryQuota {
    /// A full bucket of `capacity` tokens.
    pub(crate) fn new(capacity: u32) -> Self {
        Self { available: AtomicU32::new(capacity), capacity }
    }

    /// Takes `cost` tokens if that many are left; `false` (and nothing
    /// taken) otherwise.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost)).is_ok()
    }

    /// Gives back `amount` tokens, up to the capacity.
    pub(crate) fn release(&self, amount: u32) {
        let capacity = self.capacity;
        // The closure always returns `Some`, so this cannot fail.
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| Some(n.saturating_add(amount).min(capacity)));
    }

    /// Tokens left.
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    fn kind(status: u16, code: Option<&str>, modeled: &[&str]) -> Option<ErrorKind> {
        classify(s(status), code, modeled).map(|r| r.kind)
    }

    #[test]
    fn classification() {
        use ErrorKind::*;
        assert_eq!(kind(400, Some("ThrottlingException"), &[]), Some(Throttling));
        assert_eq!(kind(400, Some("SlowDown"), &[]), Some(Throttling));
        assert_eq!(kind(503, Some("ThrottlingException"), &[]), Some(Throttling), "the code wins over the status");
        assert_eq!(kind(429, None, &[]), Some(Throttling));
        assert_eq!(kind(503, Some("ServiceUnavailable"), &[]), Some(Transient));
        assert_eq!(kind(500, None, &[]), Some(Transient));
        assert_eq!(kind(400, Some("RequestTimeout"), &[]), Some(Transient));
        assert_eq!(kind(409, Some("ConflictException"), &["ConflictException"]), Some(Modeled));
        assert_eq!(kind(404, Some("ResourceNotFoundException"), &[]), None);
        assert_eq!(kind(501, None, &[]), None);
        assert_eq!(kind(400, Some("ValidationException"), &[]), None);
        assert_eq!(kind(200, Some("ThrottlingException"), &[]), None);
        assert_eq!(kind(403, Some("RequestTimeTooSkewed"), &[]), None, "skew errors need the Date check");
        assert!(is_clock_skew_code(Some("RequestTimeTooSkewed")) && is_clock_skew_code(Some("AuthFailure")));
        assert!(!is_clock_skew_code(Some("AccessDeniedException")) && !is_clock_skew_code(None));
    }

    #[test]
    fn costs_follow_the_kind() {
        assert_eq!(ErrorKind::Throttling.cost(), 5);
        assert_eq!(ErrorKind::Modeled.cost(), 5);
        assert_eq!(ErrorKind::Transient.cost(), 10);
    }

    #[test]
    fn retry_after_is_whole_milliseconds() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("x-amz-retry-after", "1500".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(1500)));
        for bad in ["-5", "1.5", "soon", ""] {
            h.insert("x-amz-retry-after", bad.parse().unwrap());
            assert_eq!(retry_after(&h), None, "{bad:?}");
        }
        let mut h = HeaderMap::new();
        h.insert("retry-after", "30".parse().unwrap());
        assert_eq!(retry_after(&h), None, "Retry-After is not read");
    }

    #[test]
    fn bucket_arithmetic() {
        let q = RetryQuota::default();
        assert_eq!(q.available(), 500);
        // A success at capacity gives nothing back: the bucket never overfills.
        q.release(NO_RETRY_INCREMENT);
        assert_eq!(q.available(), 500);
        assert!(q.try_acquire(TRANSIENT_RETRY_COST));
        assert!(q.try_acquire(RETRY_COST));
        assert_eq!(q.available(), 485);
        q.release(NO_RETRY_INCREMENT);
        assert_eq!(q.available(), 486);
        q.release(TRANSIENT_RETRY_COST);
        assert_eq!(q.available(), 496);
        q.release(TRANSIENT_RETRY_COST);
        assert_eq!(q.available(), 500, "capped at capacity");

        // 50 transient retries drain a full bucket; the 51st is refused and
        // takes nothing.
        for i in 0..50 {
            assert!(q.try_acquire(TRANSIENT_RETRY_COST), "retry {i}");
        }
        assert_eq!(q.available(), 0);
        assert!(!q.try_acquire(RETRY_COST));
        assert_eq!(q.available(), 0);

        // Too few tokens for a transient retry can still be enough for a
        // throttling one.
        for _ in 0..7 {
            q.release(NO_RETRY_INCREMENT);
        }
        assert!(!q.try_acquire(TRANSIENT_RETRY_COST));
        assert!(q.try_acquire(RETRY_COST));
        assert_eq!(q.available(), 2);
    }

    #[test]
    fn bucket_is_exact_under_contention() {
        let q = std::sync::Arc::new(RetryQuota::new(1000));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let q = q.clone();
                std::thread::spawn(move || (0..100).filter(|_| q.try_acquire(5)).count())
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(granted, 200, "1000 tokens pay for exactly 200 retries of 5");
        assert_eq!(q.available(), 0);
    }
}
