//! The error every operation returns: [`SdkError`], and [`Unhandled`], the
//! error for anything the model does not describe.
//!
//! The shape follows the official AWS SDK for Rust so code moves over easily,
//! with one difference users asked for: `Display` says what happened in one
//! line (code, message, request id) instead of a bare "service error".

use std::error::Error;
use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

use super::transport::{BodyTooLarge, TransportError};
use crate::error::{ErrorMetadata, ProvideErrorMetadata};

type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// The raw HTTP response kept with response and service errors.
pub type RawResponse = http::Response<Bytes>;

/// Reads the request id AWS services put in response headers.
pub(crate) fn request_id_of(resp: &RawResponse) -> Option<&str> {
    ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
        .iter()
        .find_map(|name| resp.headers().get(*name))
        .and_then(|v| v.to_str().ok())
}

/// Why an operation failed.
///
/// `E` is the operation's error enum: its modeled errors plus an
/// `Unhandled(Unhandled)` variant for everything else.
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (a missing label, a failed validation,
    /// no region, no credentials); nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// No complete response arrived within the configured time.
    TimeoutError(TimeoutError),
    /// The request could not be sent or its response not received (DNS,
    /// connect, TLS, connection reset, truncated body).
    DispatchFailure(DispatchFailure),
    /// A response arrived but could not be understood; the raw response is kept.
    ResponseError(ResponseError),
    /// The service answered with an error: modeled, or [`Unhandled`].
    ServiceError(ServiceError<E>),
}

/// Details of [`SdkError::ConstructionFailure`].
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

/// Details of [`SdkError::TimeoutError`].
#[derive(Debug)]
pub struct TimeoutError {
    after: Duration,
    what: &'static str,
    /// Whether the cut-off attempt had sent its request.
    reached: bool,
}

/// Details of [`SdkError::DispatchFailure`].
#[derive(Debug)]
pub struct DispatchFailure {
    source: TransportError,
}

/// Details of [`SdkError::ResponseError`].
pub struct ResponseError {
    source: BoxError,
    // Boxed: keeps `Result<_, SdkError<_>>` small on the happy path.
    raw: Box<RawResponse>,
    meta: ErrorMetadata,
}

/// Details of [`SdkError::ServiceError`].
pub struct ServiceError<E> {
    err: E,
    raw: Box<RawResponse>,
}

impl ConstructionFailure {
    /// Why the request could not be built.
    pub fn source(&self) -> &(dyn Error + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl TimeoutError {
    /// The limit that was exceeded.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl DispatchFailure {
    /// The transport's error.
    pub fn transport_error(&self) -> &TransportError {
        &self.source
    }
}

impl ResponseError {
    /// Why the body was not read, when it was larger than the configured
    /// maximum ([`Builder::max_response_body_size`](super::Builder::max_response_body_size)).
    /// [`raw`](Self::raw) then has the status and headers and an empty body.
    pub fn body_too_large(&self) -> Option<&BodyTooLarge> {
        let mut cause: Option<&(dyn Error + 'static)> = Some(self.source.as_ref());
        while let Some(c) = cause {
            if let Some(found) = c.downcast_ref::<BodyTooLarge>() {
                return Some(found);
            }
            cause = c.source();
        }
        None
    }

    /// The response that could not be understood.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// Why it could not be understood.
    pub fn source(&self) -> &(dyn Error + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl<E> ServiceError<E> {
    /// The operation error.
    pub fn err(&self) -> &E {
        &self.err
    }

    /// The operation error, by value.
    pub fn into_err(self) -> E {
        self.err
    }

    /// The response the error was read from.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }
}

impl<E> SdkError<E> {
    /// A construction failure with the given cause.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure { source: source.into() })
    }

    /// A timeout after `after`; `what` names the limit (e.g. "attempt");
    /// `reached`: the request had been sent (or the transport cannot say).
    pub(crate) fn timeout(after: Duration, what: &'static str, reached: bool) -> Self {
        Self::TimeoutError(TimeoutError { after, what, reached })
    }

    /// A dispatch failure.
    pub fn dispatch_failure(source: TransportError) -> Self {
        Self::DispatchFailure(DispatchFailure { source })
    }

    /// A response that could not be understood.
    pub fn response_error(source: impl Into<BoxError>, raw: RawResponse) -> Self {
        let meta = ErrorMetadata::new(None, None, request_id_of(&raw).map(str::to_owned));
        Self::ResponseError(ResponseError { source: source.into(), raw: Box::new(raw), meta })
    }

    /// A service error.
    pub fn service_error(err: E, raw: RawResponse) -> Self {
        Self::ServiceError(ServiceError { err, raw: Box::new(raw) })
    }

    /// The operation error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(e) => Some(&e.err),
            _ => None,
        }
    }

    /// The operation error; any other failure becomes its `Unhandled`
    /// variant, so one `match` covers everything:
    ///
    /// ```text
    /// match client.get_user().id("x").send().await.map_err(SdkError::into_service_error) {
    ///     Err(GetUserError::ResourceNotFoundException(_)) => { /* ... */ }
    ///     Err(other) => return Err(other.into()),
    ///     Ok(user) => { /* ... */ }
    /// }
    /// ```
    pub fn into_service_error(self) -> E
    where
        E: From<Unhandled> + Error + ProvideErrorMetadata + Send + Sync + 'static,
    {
        match self {
            Self::ServiceError(e) => e.err,
            other => {
                let status = other.raw_response().map(|r| r.status());
                let body = other.raw_response().map(|r| r.body().clone()).unwrap_or_default();
                let meta = match &other {
                    Self::ResponseError(r) => r.meta.clone(),
                    _ => ErrorMetadata::default(),
                };
                E::from(Unhandled { meta, status, body, source: Some(Arc::new(other)) })
            }
        }
    }

    /// The raw response, for response and service errors.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Self::ResponseError(e) => Some(&e.raw),
            Self::ServiceError(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// `true` when the error is a timeout: the operation or attempt
    /// timeout ([`SdkError::TimeoutError`]), or the transport's connect or
    /// read timeout (a [`SdkError::DispatchFailure`] whose
    /// [`TransportError::is_timeout`] is `true`).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::TimeoutError(_) => true,
            Self::DispatchFailure(e) => e.source.is_timeout(),
            _ => false,
        }
    }

    /// `true` when the service may have received, and acted on, a request
    /// whose outcome this client never learned: the request was sent but no
    /// complete response came back (a read, attempt or operation timeout
    /// after the request was written, a connection reset mid-response, a
    /// truncated body). `false` when nothing was sent (a construction
    /// failure, DNS, connect, proxy or TLS failures, a connect timeout) and
    /// when the service answered (a service or response error: the answer
    /// says what happened).
    ///
    /// For a non-idempotent operation (one that creates something without
    /// an idempotency token), `true` means: check before calling again, or
    /// the call may take effect twice. The answer describes the last
    /// attempt; with retries on, an earlier attempt may already have
    /// reached the service, so such calls are best made with one attempt
    /// ([`RetryConfig::disabled`](super::RetryConfig::disabled)). With a
    /// custom [`HttpClient`](super::HttpClient), a timeout is assumed to
    /// have reached the service, as the client does not say how far it got.
    pub fn may_have_reached_service(&self) -> bool {
        match self {
            Self::ConstructionFailure(_) => false,
            Self::TimeoutError(e) => e.reached,
            Self::DispatchFailure(e) => e.source.may_have_reached_server(),
            Self::ResponseError(_) | Self::ServiceError(_) => false,
        }
    }
}

impl<E: ProvideErrorMetadata> SdkError<E> {
    /// The request id the service returned, to quote to AWS support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::ServiceError(e) => e.err.meta().request_id().or_else(|| request_id_of(&e.raw)),
            Self::ResponseError(e) => e.meta.request_id(),
            _ => None,
        }
    }

    /// The error code the service returned, e.g. `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::ServiceError(e) => e.err.code(),
            _ => None,
        }
    }

    /// The error message the service returned.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::ServiceError(e) => e.err.message(),
            _ => None,
        }
    }
}

static EMPTY_METADATA: LazyLock<ErrorMetadata> = LazyLock::new(ErrorMetadata::default);

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ServiceError(e) => e.err.meta(),
            Self::ResponseError(e) => &e.meta,
            _ => &EMPTY_METADATA,
        }
    }
}

/// A raw response in `Debug` output: status, headers and the body's size.
/// The body itself is left out because it may hold `@sensitive` values (a
/// response that failed to parse is still the user's data); `raw()` has it.
struct RawSummary<'a>(&'a RawResponse);

impl fmt::Debug for RawSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.0.status())
            .field("headers", self.0.headers())
            .field("body", &format_args!("<{} bytes>", self.0.body().len()))
            .finish()
    }
}

impl fmt::Debug for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("source", &self.source)
            .field("raw", &RawSummary(&self.raw))
            .field("meta", &self.meta)
            .finish()
    }
}

impl<E: fmt::Debug> fmt::Debug for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError").field("err", &self.err).field("raw", &RawSummary(&self.raw)).finish()
    }
}

impl<E: fmt::Debug> fmt::Debug for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => f.debug_tuple("ConstructionFailure").field(e).finish(),
            Self::TimeoutError(e) => f.debug_tuple("TimeoutError").field(e).finish(),
            Self::DispatchFailure(e) => f.debug_tuple("DispatchFailure").field(e).finish(),
            Self::ResponseError(e) => f.debug_tuple("ResponseError").field(e).finish(),
            Self::ServiceError(e) => f.debug_tuple("ServiceError").field(e).finish(),
        }
    }
}

impl<E: Error + ProvideErrorMetadata> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => write!(f, "construction failure: {}", e.source),
            Self::TimeoutError(e) => {
                write!(f, "timeout: no response within {:?} ({} timeout)", e.after, e.what)
            }
            Self::DispatchFailure(e) => write!(f, "dispatch failure: {}", e.source),
            Self::ResponseError(e) => {
                match e.body_too_large() {
                    Some(too_large) => write!(f, "response error: HTTP {}: {too_large}", e.raw.status().as_u16())?,
                    None => write!(f, "response error: HTTP {} with an unparseable body: {}", e.raw.status().as_u16(), e.source)?,
                }
                if let Some(id) = e.meta.request_id() {
                    write!(f, " (request id: {id})")?;
                }
                Ok(())
            }
            Self::ServiceError(e) => {
                let meta = e.err.meta();
                if meta.code().is_some() {
                    return write!(f, "service error: {meta}");
                }
                // No code: an unmodeled error with an unhelpful body.
                write!(f, "service error: HTTP {}", e.raw.status().as_u16())?;
                if let Some(message) = meta.message() {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = meta.request_id().or_else(|| request_id_of(&e.raw)) {
                    write!(f, " (request id: {id})")?;
                }
                Ok(())
            }
        }
    }
}

impl<E> Error for SdkError<E>
where
    E: Error + ProvideErrorMetadata + 'static,
{
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::ConstructionFailure(e) => Some(e.source.as_ref()),
            Self::TimeoutError(_) => None,
            Self::DispatchFailure(e) => Some(&e.source),
            Self::ResponseError(e) => Some(e.source.as_ref()),
            Self::ServiceError(e) => Some(&e.err),
        }
    }
}

/// An error the model does not describe: an unknown error code, or a
/// failure that happened before the service could answer (after
/// [`SdkError::into_service_error`]).
///
/// Generated operation error enums have an `Unhandled(Unhandled)` variant and
/// implement `From<Unhandled>`.
#[derive(Clone)]
pub struct Unhandled {
    meta: ErrorMetadata,
    status: Option<StatusCode>,
    body: Bytes,
    source: Option<Arc<dyn Error + Send + Sync + 'static>>,
}

impl Unhandled {
    /// An unmodeled service error read from `resp`: keeps its status and body.
    pub fn from_response(meta: ErrorMetadata, resp: &RawResponse) -> Self {
        Self { meta, status: Some(resp.status()), body: resp.body().clone(), source: None }
    }

    /// An unmodeled error with a cause and no response.
    pub fn from_source(meta: ErrorMetadata, source: impl Into<BoxError>) -> Self {
        Self { meta, status: None, body: Bytes::new(), source: Some(Arc::from(source.into())) }
    }

    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The raw body of the response (empty if there was none).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unhandled")
            .field("meta", &self.meta)
            .field("status", &self.status)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.meta.code().is_some() {
            return write!(f, "{}", self.meta);
        }
        match (&self.source, self.status) {
            (Some(source), _) => write!(f, "unhandled error: {source}"),
            (None, Some(status)) => {
                write!(f, "unhandled error: HTTP {}", status.as_u16())?;
                if let Some(message) = self.meta.message() {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = self.meta.request_id() {
                    write!(f, " (request id: {id})")?;
                }
                Ok(())
            }
            (None, None) => f.write_str("unhandled error"),
        }
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}
