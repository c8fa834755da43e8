//! [`invoke`]: one operation call, from input to output, with retries.

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tracing::Instrument;

use super::clock::{ClockSkew, Stamp};
use super::config::Config;
use super::request;
use super::adaptive::RateLimiter;
use super::retry::{self, ErrorKind, NO_RETRY_INCREMENT, RetryMode, RetryQuota, Retryable};
use super::sdk_error::{SdkError, request_id_of};
use super::transport::{AttemptLimits, Progress, TransportError};
use super::{OperationInfo, ServiceInfo};
use crate::error::{BuildError, ProvideErrorMetadata};
use crate::protocol::json::DeserializeError;
use crate::validate::Validate;

/// What a generated `Client` holds: the configuration and the service it
/// talks to. Cheap to clone; clones share connections.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    service: &'static ServiceInfo,
    endpoint: super::endpoint::Cache,
    /// The retry quota of this client and its clones.
    quota: RetryQuota,
    /// The service's clock as learned from responses.
    clock: ClockSkew,
    /// Adaptive mode's rate limiter, and the origin of its clock.
    limiter: RateLimiter,
    started: Instant,
    /// The `User-Agent` header, the same for every call (or why it cannot be
    /// one, reported by each call).
    user_agent: Result<http::HeaderValue, String>,
    /// The SigV4 signing key of the last call, reused while it is valid.
    signing_keys: super::sigv4::SigningKeys,
}

impl Handle {
    /// A handle for `service` configured by `config`, with a full retry
    /// quota and no clock correction yet.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        let inner = Inner {
            config,
            service,
            endpoint: Default::default(),
            quota: RetryQuota::default(),
            clock: ClockSkew::default(),
            limiter: RateLimiter::new(0.0),
            started: Instant::now(),
            user_agent: request::user_agent_header(service),
            signing_keys: Default::default(),
        };
        Self { inner: Arc::new(inner) }
    }

    /// Tokens left in this client's retry quota (500 when full; see
    /// [`RetryConfig`](super::RetryConfig)). Clones share the quota. For
    /// metrics and tests: zero means retries are off until calls succeed
    /// again.
    pub fn retry_quota_available(&self) -> u32 {
        self.inner.quota.available()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }
}

/// Serializes an input into a request whose URI is path and query only.
pub type SerializeFn<I> = fn(&I) -> Result<http::Request<Bytes>, BuildError>;

/// Reads a response: `Ok(Ok(output))` for success, `Ok(Err(error))` for an
/// error response (modeled, or `Unhandled`), `Err` if the body is unreadable.
pub type DeserializeFn<O, E> = fn(&http::Response<Bytes>) -> Result<Result<O, E>, DeserializeError>;

/// Executes one operation.
///
/// 1. If [`validate_requests`](super::Builder::validate_requests) is on,
///    checks `input`; violations fail the call, listing all, before anything
///    is sent.
/// 2. `serialize` builds the request (URI: path and query only); it is
///    pointed at the endpoint and given `Host`, `Content-Length`,
///    `User-Agent` and `amz-sdk-invocation-id`.
/// 3. Each attempt resolves credentials, signs with SigV4 at the service's
///    time (our clock corrected by the skew learned from responses), adds
///    `amz-sdk-request: attempt=N; max=M`, and sends through the configured
///    [`HttpClient`](super::HttpClient) within the attempt timeout.
/// 4. `deserialize` reads the response. A retryable failure (see
///    [`RetryConfig`](super::RetryConfig)) is tried again after a backoff
///    (or the delay an `x-amz-retry-after` header asks for) if attempts are
///    left and the client's retry quota pays for it; anything else is
///    returned. Every response's `Date` header corrects the clock the next
///    signatures use.
///
/// Bounds: `E` is the operation's error enum; it must be an error with
/// [`ErrorMetadata`](crate::error::ErrorMetadata) so retries can read its
/// code and [`SdkError`] can display it.
pub async fn invoke<I, O, E>(
    handle: &Handle,
    op: &'static OperationInfo,
    input: I,
    serialize: SerializeFn<I>,
    deserialize: DeserializeFn<O, E>,
) -> Result<O, SdkError<E>>
where
    I: Validate,
    E: Error + ProvideErrorMetadata + Send + Sync + 'static,
{
    let span = tracing::info_span!("invoke", service = op.service.sdk_id, operation = op.name);
    let config = handle.config();
    // How far the current attempt got, for an operation timeout's error.
    let current = Mutex::new(None::<Arc<Progress>>);
    let run = attempts(handle, op, input, serialize, deserialize, &current);
    let current = &current;
    async move {
        let result = match config.timeout_config().get_operation_timeout() {
            Some(limit) => tokio::time::timeout(limit, run).await.unwrap_or_else(|_| {
                let progress = current.lock().unwrap_or_else(|p| p.into_inner()).clone();
                let reached = progress.map_or(Some(false), |p| p.may_have_reached_service()).unwrap_or(true);
                Err(SdkError::timeout(limit, "operation", reached))
            }),
            None => run.await,
        };
        match &result {
            Ok(_) => tracing::debug!("operation succeeded"),
            Err(e) => tracing::debug!(error = %e, "operation failed"),
        }
        result
    }
    .instrument(span)
    .await
}

async fn attempts<I, O, E>(
    handle: &Handle,
    op: &'static OperationInfo,
    input: I,
    serialize: SerializeFn<I>,
    deserialize: DeserializeFn<O, E>,
    current: &Mutex<Option<Arc<Progress>>>,
) -> Result<O, SdkError<E>>
where
    I: Validate,
    E: Error + ProvideErrorMetadata + Send + Sync + 'static,
{
    let config = handle.config();
    if config.validate_requests() {
        input.validate().map_err(SdkError::construction_failure)?;
    }
    #[cfg_attr(not(feature = "compression"), allow(unused_mut, reason = "only compression changes the request here"))]
    let mut req = serialize(&input).map_err(SdkError::construction_failure)?;
    drop(input);
    #[cfg(feature = "compression")]
    crate::protocol::compression::apply(&mut req, config.compression()).map_err(SdkError::construction_failure)?;
    let context = req.extensions().get::<crate::endpoint::ContextParams>();
    let region = config.resolve_region_or_imds().await;
    if let (Ok(r), Some(_)) = (&region, config.region()) {
        // The environment and the shared files are checked where they are read, naming the variable or key.
        request::check_setting("the region set with Config::builder().region(..)", r).map_err(SdkError::construction_failure)?;
    }
    // A rule set that takes the account resolves after the credentials (the
    // cache makes the later per-attempt lookup free).
    let early_creds = match op.auth {
        super::Auth::SigV4 | super::Auth::OptionalSigV4 if super::endpoint::wants_account_id(op.service) => config.resolve_credentials().await.ok(),
        _ => None,
    };
    let account_id = early_creds.as_ref().and_then(|c| c.account_id()).map(|a| a.as_str());
    let endpoint =
        super::endpoint::resolve(config, op.service, region, context, account_id, &handle.inner.endpoint).map_err(SdkError::construction_failure)?;
    let user_agent = handle.inner.user_agent.as_ref().map_err(|e| SdkError::construction_failure(e.clone()))?;
    let mut req = request::prepare(req, &endpoint.target, user_agent, request::invocation_id()).map_err(SdkError::construction_failure)?;
    for (name, value) in &endpoint.headers {
        req.headers_mut().append(name.clone(), value.clone());
    }
    // Each attempt but the last signs a copy; the last takes the request itself.
    let mut req = Some(req);
    let http = config.http_client().map_err(SdkError::dispatch_failure)?;
    let retry_config = config.resolve_retry_config().map_err(SdkError::construction_failure)?;
    let max = retry_config.get_max_attempts();
    let attempt_timeout = config.timeout_config().get_operation_attempt_timeout();
    let (quota, clock) = (&handle.inner.quota, &handle.inner.clock);
    let limiter = (retry_config.mode() == RetryMode::Adaptive).then_some(&handle.inner.limiter);
    let now = || handle.inner.started.elapsed().as_secs_f64();

    let mut attempt = 1;
    // The cost of the last retry, given back if the call succeeds.
    let mut last_cost = None;
    loop {
        if let Some(limiter) = limiter {
            // Adaptive mode: wait for a token at the rate the service allows.
            let wait = limiter.acquire(now());
            if !wait.is_zero() {
                tracing::debug!(?wait, "adaptive retry mode: waiting for the client's send rate");
                tokio::time::sleep(wait).await;
            }
        }
        let creds = match op.auth {
            super::Auth::None => None,
            super::Auth::SigV4 => Some(config.resolve_credentials().await.map_err(|e| SdkError::construction_failure(NoCredentials(e)))?),
            super::Auth::OptionalSigV4 => config.resolve_credentials().await.ok(),
        };
        let mut req = match req.take_if(|_| attempt >= max) {
            Some(last) => last,
            None => request::clone_request(req.as_ref().expect("only the last attempt takes the request")),
        };
        let stamp = clock.stamp();
        if let Some(creds) = &creds {
            request::sign_request(&mut req, creds, &endpoint.signing_region, &endpoint.signing_name, stamp.signing_time(), &handle.inner.signing_keys)
                .map_err(SdkError::construction_failure)?;
        }
        req.headers_mut().insert(AMZ_SDK_REQUEST, request::attempt_header(attempt, max));
        let progress = Arc::new(Progress::default());
        *current.lock().unwrap_or_else(|p| p.into_inner()) = Some(progress.clone());
        let (read_timeout, max_body) = (config.timeout_config().get_read_timeout(), config.max_response_body_size());
        req.extensions_mut().insert(AttemptLimits { read_timeout, max_body, progress: progress.clone() });

        let span = tracing::debug_span!("attempt", attempt, status = tracing::field::Empty, request_id = tracing::field::Empty);
        let sent = Sent { http: &*http, attempt_timeout, op, clock, stamp, config, progress: &progress };
        let result = sent.send(req, deserialize, &span).instrument(span.clone()).await;
        if let Some(limiter) = limiter {
            let throttled = matches!(&result, Err((_, Some(r))) if r.kind == ErrorKind::Throttling);
            limiter.record(now(), throttled);
        }
        let (err, retryable) = match result {
            Ok(output) => {
                quota.release(last_cost.unwrap_or(NO_RETRY_INCREMENT));
                return Ok(output);
            }
            Err(failure) => failure,
        };
        let Some(retryable) = retryable else { return Err(err) };
        if attempt >= max {
            return Err(err);
        }
        let cost = retryable.kind.cost();
        if !quota.try_acquire(cost) {
            let available = quota.available();
            tracing::debug!(parent: &span, %err, reason = retryable.reason, cost, available, "retry quota exhausted");
            return Err(err);
        }
        last_cost = Some(cost);
        // A server-sent delay replaces the jittered backoff, within its ceiling.
        let backoff = match retryable.after {
            Some(after) => after.min(retry_config.get_max_backoff()),
            None => retry_config.backoff(attempt),
        };
        tracing::debug!(parent: &span, %err, reason = retryable.reason, ?backoff, cost, "attempt failed; retrying");
        tokio::time::sleep(backoff).await;
        attempt += 1;
    }
}

const AMZ_SDK_REQUEST: http::HeaderName = http::HeaderName::from_static("amz-sdk-request");

type AttemptError<E> = (SdkError<E>, Option<Retryable>);

/// What one attempt needs besides the request.
struct Sent<'a> {
    http: &'a dyn super::HttpClient,
    attempt_timeout: Option<Duration>,
    op: &'static OperationInfo,
    clock: &'a ClockSkew,
    stamp: Stamp,
    config: &'a Config,
    progress: &'a Progress,
}

impl Sent<'_> {
    /// One attempt: send, then read the response. On failure, also says why
    /// a retry may help (or `None`).
    async fn send<O, E>(&self, req: http::Request<Bytes>, deserialize: DeserializeFn<O, E>, span: &tracing::Span) -> Result<O, AttemptError<E>>
    where
        E: Error + ProvideErrorMetadata + Send + Sync + 'static,
    {
        let call = self.http.call(req);
        let resp = match self.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, call).await {
                Ok(r) => r,
                Err(_) => {
                    let retry = Retryable::new(ErrorKind::Transient, "timeout");
                    let reached = self.progress.may_have_reached_service().unwrap_or(true);
                    return Err((SdkError::timeout(limit, "attempt", reached), Some(retry)));
                }
            },
            None => call.await,
        };
        let resp = match resp {
            Ok(resp) => resp,
            Err(mut e) => {
                if let Some(head) = e.take_head() {
                    // Too large a body: the status and headers (the request id) are kept; not retried.
                    return Err((SdkError::response_error(e, http::Response::from_parts(head, Bytes::new())), None));
                }
                let retry = e.is_retryable().then(|| Retryable::new(ErrorKind::Transient, "transport failure"));
                return Err((SdkError::dispatch_failure(e), retry));
            }
        };
        self.progress.answered();
        let max_body = self.config.max_response_body_size();
        if resp.body().len() as u64 > max_body {
            // A custom transport read it all; the limit still holds for what the caller gets.
            let mut e = TransportError::body_too_large(resp.into_parts().0, max_body, None);
            let head = e.take_head().expect("body_too_large keeps the head");
            return Err((SdkError::response_error(e, http::Response::from_parts(head, Bytes::new())), None));
        }
        span.record("status", resp.status().as_u16());
        if let Some(id) = request_id_of(&resp) {
            span.record("request_id", id);
        }
        tracing::debug!("response received");
        let skewed = self.clock.observe(resp.headers(), &self.stamp);
        let (status, after) = (resp.status(), retry::retry_after(resp.headers()));
        let code_from_body = || crate::protocol::errors::error_metadata(&resp).code().map(str::to_owned);
        let (err, code) = match deserialize(&resp) {
            Ok(Ok(output)) => return Ok(output),
            Ok(Err(err)) => {
                let code = err.code().map(str::to_owned).or_else(code_from_body);
                (SdkError::service_error(err, resp), code)
            }
            Err(de) => {
                let code = code_from_body();
                (SdkError::response_error(de, resp), code)
            }
        };
        let code = code.as_deref();
        if code.is_some_and(|c| CREDENTIALS_REJECTED.contains(&c)) {
            tracing::debug!(code, "the service rejected the credentials; the cached ones are dropped");
            self.config.invalidate_credentials();
        }
        let retryable = retry::classify(status, code, self.op.retryable_error_codes)
            .or_else(|| {
                // The signing time was off and the service said so: the next
                // attempt is signed with the corrected clock.
                (skewed && retry::is_clock_skew_code(code)).then(|| Retryable::new(ErrorKind::Transient, "clock skew corrected"))
            })
            .map(|r| Retryable { after, ..r });
        Err((err, retryable))
    }
}

/// Error codes that say the credentials are expired or unknown: the
/// client's cached credentials are dropped, so the next attempt or call
/// fetches new ones.
const CREDENTIALS_REJECTED: [&str; 4] = ["ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException"];

/// The credentials provider failed; says which one and why in one line.
#[derive(Debug)]
struct NoCredentials(aws_credential_types::provider::error::CredentialsError);

impl fmt::Display for NoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", crate::credentials::causes(&self.0))
    }
}

impl Error for NoCredentials {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.0)
    }
}
