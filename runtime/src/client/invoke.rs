//! [`invoke`]: one operation call, from input to output, with retries.

use std::error::Error;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use tracing::Instrument;

use super::config::Config;
use super::request;
use super::sdk_error::{SdkError, request_id_of};
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
}

impl Handle {
    /// A handle for `service` configured by `config`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Self { inner: Arc::new(Inner { config, service, endpoint: Default::default() }) }
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
/// 3. Each attempt resolves credentials, signs with SigV4, adds
///    `amz-sdk-request: attempt=N; max=M`, and sends through the configured
///    [`HttpClient`](super::HttpClient) within the attempt timeout.
/// 4. `deserialize` reads the response. A retryable failure (see
///    [`RetryConfig`](super::RetryConfig)) is tried again after a backoff;
///    anything else is returned.
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
    let run = attempts(handle, op, input, serialize, deserialize);
    async move {
        let result = match config.timeout_config().get_operation_timeout() {
            Some(limit) => {
                tokio::time::timeout(limit, run).await.unwrap_or_else(|_| Err(SdkError::timeout(limit, "operation")))
            }
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
    let endpoint =
        super::endpoint::resolve(config, op.service, config.resolve_region(), context, &handle.inner.endpoint)
            .map_err(SdkError::construction_failure)?;
    let invocation_id = request::invocation_id();
    let mut req =
        request::prepare(req, &endpoint.target, op.service, &invocation_id).map_err(SdkError::construction_failure)?;
    for (name, value) in &endpoint.headers {
        req.headers_mut().append(name.clone(), value.clone());
    }
    let http = config.http_client().map_err(SdkError::dispatch_failure)?;
    let retry = config.retry_config();
    let max = retry.get_max_attempts();
    let attempt_timeout = config.timeout_config().get_operation_attempt_timeout();

    let mut attempt = 1;
    loop {
        let creds = config.resolve_credentials().await.map_err(|e| SdkError::construction_failure(NoCredentials(e)))?;
        let mut req = request::clone_request(&req);
        request::sign_request(&mut req, &creds, &endpoint.signing_region, &endpoint.signing_name, SystemTime::now())
            .map_err(SdkError::construction_failure)?;
        req.headers_mut().insert(
            "amz-sdk-request",
            http::HeaderValue::from_str(&format!("attempt={attempt}; max={max}")).expect("ascii"),
        );

        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        let outcome = send(&*http, req, attempt_timeout, op, deserialize, &span).instrument(span.clone()).await;
        let (err, retry_reason) = match outcome {
            Ok(output) => return Ok(output),
            Err((err, reason)) => (err, reason),
        };
        match retry_reason {
            Some(reason) if attempt < max => {
                let backoff = retry.backoff(attempt);
                tracing::debug!(parent: &span, %err, reason, ?backoff, "attempt failed; retrying");
                tokio::time::sleep(backoff).await;
                attempt += 1;
            }
            _ => return Err(err),
        }
    }
}

type AttemptError<E> = (SdkError<E>, Option<&'static str>);

/// One attempt: send, then read the response. On failure, also says why a
/// retry may help (or `None`).
async fn send<O, E>(
    http: &dyn super::HttpClient,
    req: http::Request<Bytes>,
    attempt_timeout: Option<Duration>,
    op: &'static OperationInfo,
    deserialize: DeserializeFn<O, E>,
    span: &tracing::Span,
) -> Result<O, AttemptError<E>>
where
    E: Error + ProvideErrorMetadata + Send + Sync + 'static,
{
    let call = http.call(req);
    let resp = match attempt_timeout {
        Some(limit) => match tokio::time::timeout(limit, call).await {
            Ok(r) => r,
            Err(_) => return Err((SdkError::timeout(limit, "attempt"), Some("timeout"))),
        },
        None => call.await,
    };
    let resp = match resp {
        Ok(resp) => resp,
        Err(e) => {
            let reason = e.is_retryable().then_some("transport failure");
            return Err((SdkError::dispatch_failure(e), reason));
        }
    };
    span.record("status", resp.status().as_u16());
    if let Some(id) = request_id_of(&resp) {
        span.record("request_id", id);
    }
    tracing::debug!("response received");
    let code_from_body = || crate::protocol::errors::error_metadata(&resp).code().map(str::to_owned);
    match deserialize(&resp) {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(err)) => {
            let code = err.code().map(str::to_owned).or_else(code_from_body);
            let reason = super::retry::classify(resp.status(), code.as_deref(), op.retryable_error_codes);
            Err((SdkError::service_error(err, resp), reason))
        }
        Err(de) => {
            let reason = super::retry::classify(resp.status(), code_from_body().as_deref(), op.retryable_error_codes);
            Err((SdkError::response_error(de, resp), reason))
        }
    }
}

/// The credentials provider failed; says which one and why in one line.
#[derive(Debug)]
struct NoCredentials(aws_credential_types::provider::error::CredentialsError);

impl fmt::Display for NoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", self.0)?;
        let mut cause = self.0.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl Error for NoCredentials {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.0)
    }
}
