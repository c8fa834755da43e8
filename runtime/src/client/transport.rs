//! The transport: the [`HttpClient`] trait users can implement, and the
//! default implementation on hyper 1 + rustls.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// The future an [`HttpClient`] returns.
pub type HttpFuture = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static>>;

/// Sends one HTTP request and reads the whole response.
///
/// The request URI is absolute (`https://host/path?query`) and the request is
/// signed; the client must send it unchanged. Implement this to bring your own
/// HTTP stack, or to test with canned responses (see
/// [`StubHttpClient`](super::stub::StubHttpClient)).
///
/// Timeouts of a whole attempt are enforced by the caller, and so is the
/// maximum body size (after the fact: the default client stops reading at
/// the limit, a custom one should too). Connect and read timeouts are the
/// client's job.
pub trait HttpClient: Send + Sync + 'static {
    /// Sends `req` and returns the complete response, body included.
    fn call(&self, req: http::Request<Bytes>) -> HttpFuture;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn call(&self, req: http::Request<Bytes>) -> HttpFuture {
        (**self).call(req)
    }
}

/// What kind of transport failure happened; decides whether to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, refused, proxy, TLS handshake);
    /// nothing was sent. Retried.
    Connect,
    /// No connection within the connect timeout (DNS, TCP, proxy and TLS
    /// included); nothing was sent. Retried.
    ConnectTimeout,
    /// The request was sent and the response stalled: no status line, or
    /// body bytes too slow, within the read timeout. Retried.
    Timeout,
    /// The connection failed mid-request or mid-response (reset, truncated
    /// body). Retried.
    Io,
    /// The response body is larger than the configured maximum
    /// ([`Builder::max_response_body_size`](super::Builder::max_response_body_size));
    /// reading stopped there. Not retried.
    BodyTooLarge,
    /// Anything else (a bad request, a stub with no response left). Not retried.
    Other,
}

/// A request could not be sent or its response not received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<BoxError>,
    /// The status and headers of a response whose body was refused.
    head: Option<Box<http::response::Parts>>,
}

impl TransportError {
    /// An error of `kind` with a one-line description.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), source: None, head: None }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// A connect failure.
    pub fn connect(message: impl Into<String>) -> Self {
        Self::new(TransportErrorKind::Connect, message)
    }

    /// A timeout inside the transport.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(TransportErrorKind::Timeout, message)
    }

    /// An I/O failure on an established connection.
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(TransportErrorKind::Io, message)
    }

    /// A response whose body is larger than `limit` bytes: `head` is its
    /// status and headers, `content_length` what it announced, if anything.
    pub fn body_too_large(head: http::response::Parts, limit: u64, content_length: Option<u64>) -> Self {
        let too_large = BodyTooLarge { limit, content_length };
        let mut e = Self::new(TransportErrorKind::BodyTooLarge, format!("HTTP {}: {too_large}", head.status.as_u16())).with_source(too_large);
        e.head = Some(Box::new(head));
        e
    }

    /// The status and headers of the response, for [`TransportErrorKind::BodyTooLarge`].
    pub(crate) fn take_head(&mut self) -> Option<http::response::Parts> {
        self.head.take().map(|h| *h)
    }

    /// Any other failure.
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(TransportErrorKind::Other, message)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// `true` when sending the request again may succeed.
    pub fn is_retryable(&self) -> bool {
        !matches!(self.kind, TransportErrorKind::Other | TransportErrorKind::BodyTooLarge)
    }

    /// `true` for the connect and read timeouts.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, TransportErrorKind::ConnectTimeout | TransportErrorKind::Timeout)
    }

    /// Whether the request may have reached the server: `false` when no
    /// connection was made or the request could not be written at all.
    pub fn may_have_reached_server(&self) -> bool {
        matches!(self.kind, TransportErrorKind::Timeout | TransportErrorKind::Io)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // hyper's own messages are terse ("connection error"); the innermost
        // cause ("Connection refused (os error 111)") is what users need.
        if let Some(root) = self.source.as_deref().map(|e| root_cause(e)) {
            let root = root.to_string();
            if !self.message.contains(&root) {
                write!(f, ": {root}")?;
            }
        }
        Ok(())
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

fn root_cause<'a>(e: &'a (dyn Error + 'static)) -> &'a (dyn Error + 'static) {
    let mut e = e;
    while let Some(next) = e.source() {
        e = next;
    }
    e
}

/// Why a response body was refused: it is larger than the configured
/// maximum ([`Builder::max_response_body_size`](super::Builder::max_response_body_size)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTooLarge {
    limit: u64,
    content_length: Option<u64>,
}

impl BodyTooLarge {
    /// The limit, in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The `Content-Length` the response announced (`None`: it had none,
    /// and reading stopped when the body grew past the limit).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.content_length {
            Some(n) => write!(f, "the response body of {n} bytes (Content-Length) is larger than the {} byte limit; it was not read", self.limit),
            None => write!(f, "the response body grew past the {} byte limit; reading stopped there", self.limit),
        }
    }
}

impl Error for BodyTooLarge {}

/// How far one attempt got, shared by [`invoke`](super::invoke) and the
/// default transport, so a timeout can tell whether the request was sent.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    state: std::sync::atomic::AtomicU8,
    sent: tokio::sync::Notify,
}

const UNKNOWN: u8 = 0;
const CONNECTING: u8 = 1;
const SENT: u8 = 2;
const ANSWERED: u8 = 3;

impl Progress {
    fn set(&self, state: u8) -> u8 {
        self.state.swap(state, std::sync::atomic::Ordering::SeqCst)
    }

    /// The transport is connecting (or waiting for a pooled connection).
    pub(crate) fn connecting(&self) {
        self.set(CONNECTING);
    }

    /// The request is being written to a connection.
    pub(crate) fn sent(&self) {
        if self.set(SENT) != SENT {
            self.sent.notify_one();
        }
    }

    /// A complete response arrived.
    pub(crate) fn answered(&self) {
        self.set(ANSWERED);
    }

    /// `Some(true)` if the request was sent and no complete response came
    /// back, `Some(false)` if it was not sent or was answered, `None` if the
    /// transport does not say (a custom [`HttpClient`]).
    pub(crate) fn may_have_reached_service(&self) -> Option<bool> {
        match self.state.load(std::sync::atomic::Ordering::SeqCst) {
            UNKNOWN => None,
            SENT => Some(true),
            _ => Some(false),
        }
    }
}

/// What [`invoke`](super::invoke) tells the default transport about one
/// attempt, as a request extension.
#[derive(Debug, Clone)]
pub(crate) struct AttemptLimits {
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) max_body: u64,
    pub(crate) progress: Arc<Progress>,
}

pub(crate) use hyper_client::DefaultHttpClient;

/// The default transport with this connect timeout, the default pool, and
/// the proxies `env` names, as a shared client (the credential providers').
pub(crate) fn default_http_client(connect_timeout: Option<Duration>, env: &super::profile::Env) -> Result<Arc<dyn HttpClient>, TransportError> {
    Ok(Arc::new(DefaultHttpClient::new(connect_timeout, &super::limits::TransportConfig::new(), env)?))
}

mod hyper_client {
    use std::convert::Infallible;
    use std::task::{Context, Poll};

    use super::*;
    use crate::client::connector::{ConnectError, Connector};
    use crate::client::limits::{DEFAULT_MAX_RESPONSE_BODY_SIZE, MIN_THROUGHPUT_BYTES_PER_SEC, TimeoutConfig, TransportConfig};
    use crate::client::profile::Env;
    use crate::client::proxy::Proxies;
    use http_body_util::BodyExt;
    use hyper::body::{Frame, Incoming, SizeHint};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::{TokioExecutor, TokioTimer};

    /// hyper 1 + hyper-util's pooled client + rustls (ring, native roots),
    /// HTTP/1.1 only, through [`Connector`] (proxies, one connect timeout).
    /// One instance is shared by every request of a `Config`, so
    /// connections are reused.
    pub(crate) struct DefaultHttpClient {
        client: Client<Connector, Tracked>,
        connector: Connector,
    }

    impl DefaultHttpClient {
        /// Loads the platform's root certificates (fails if there are none)
        /// and reads the proxy variables from `env`.
        pub(crate) fn new(connect_timeout: Option<Duration>, transport: &TransportConfig, env: &Env) -> Result<Self, TransportError> {
            let proxies = Proxies::from_env(env).map_err(|e| TransportError::other(format!("invalid proxy setting {e}")))?;
            let tls = crate::client::connector::tls_config().map_err(TransportError::other)?;
            let connector = Connector::new(connect_timeout, transport, proxies, tls);
            let client = Client::builder(TokioExecutor::new())
                .pool_timer(TokioTimer::new())
                .pool_idle_timeout(transport.get_pool_idle_timeout())
                .pool_max_idle_per_host(transport.get_pool_max_idle_per_host())
                .build(connector.clone());
            Ok(Self { client, connector })
        }
    }

    impl HttpClient for DefaultHttpClient {
        fn call(&self, mut req: http::Request<Bytes>) -> HttpFuture {
            let client = self.client.clone();
            let limits = req.extensions_mut().remove::<AttemptLimits>().unwrap_or_else(|| AttemptLimits {
                read_timeout: TimeoutConfig::new().get_read_timeout(),
                max_body: DEFAULT_MAX_RESPONSE_BODY_SIZE,
                progress: Arc::default(),
            });
            let uri = req.uri().clone();
            // A plain-http request through a proxy carries the proxy's credentials itself (no tunnel to carry them).
            if let Some(auth) = self.connector.proxy_for(&uri).filter(|_| uri.scheme() == Some(&http::uri::Scheme::HTTP)).and_then(|p| p.auth()) {
                req.headers_mut().insert(http::header::PROXY_AUTHORIZATION, auth.clone());
            }
            Box::pin(async move {
                let where_ = format!("{}://{}", uri.scheme_str().unwrap_or("https"), uri.authority().map(|a| a.as_str()).unwrap_or(""));
                let progress = limits.progress.clone();
                progress.connecting();
                let sending = client.request(req.map(|body| Tracked { body: Some(body), progress: progress.clone() }));
                let resp = match limits.read_timeout {
                    Some(limit) => wait_for_head(sending, &progress, limit).await.ok_or_else(|| {
                        TransportError::timeout(format!("no response from {where_} within the read timeout ({limit:?}) after the request was sent"))
                    })?,
                    None => sending.await,
                };
                let resp = resp.map_err(|e| client_error(e, &where_))?;
                let (parts, body) = resp.into_parts();
                let content_length = parts.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
                if content_length.is_some_and(|n| n > limits.max_body) {
                    // Dropping the body closes the connection unread.
                    return Err(TransportError::body_too_large(parts, limits.max_body, content_length));
                }
                match read_body(body, content_length, &limits).await {
                    Ok(body) => Ok(http::Response::from_parts(parts, body)),
                    Err(BodyFailure::TooLarge) => Err(TransportError::body_too_large(parts, limits.max_body, None)),
                    Err(BodyFailure::Stalled(window)) => Err(TransportError::timeout(format!(
                        "the response body from {where_} (HTTP {}) stalled: under {MIN_THROUGHPUT_BYTES_PER_SEC} byte/s for the read timeout ({window:?})",
                        parts.status.as_u16()
                    ))),
                    Err(BodyFailure::Read(e)) => Err(body_error(e, &where_, parts.status)),
                }
            })
        }
    }

    /// The request body, telling [`Progress`] when hyper starts writing the
    /// request (it asks the body only once it has a connection).
    pub(crate) struct Tracked {
        body: Option<Bytes>,
        progress: Arc<Progress>,
    }

    impl hyper::body::Body for Tracked {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            self.progress.sent();
            Poll::Ready(self.get_mut().body.take().filter(|b| !b.is_empty()).map(|b| Ok(Frame::data(b))))
        }

        fn is_end_stream(&self) -> bool {
            self.progress.sent();
            self.body.as_ref().is_none_or(Bytes::is_empty)
        }

        fn size_hint(&self) -> SizeHint {
            SizeHint::with_exact(self.body.as_ref().map_or(0, |b| b.len() as u64))
        }
    }

    /// The response head, or `None` if it did not come within `limit` of
    /// the request being written. Until then the connect timeout governs.
    async fn wait_for_head<F: Future>(sending: F, progress: &Progress, limit: Duration) -> Option<F::Output> {
        let mut sending = std::pin::pin!(sending);
        let mut written = std::pin::pin!(progress.sent.notified());
        let early = std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = sending.as_mut().poll(cx) {
                return Poll::Ready(Some(out));
            }
            written.as_mut().poll(cx).map(|()| None)
        })
        .await;
        match early {
            Some(out) => Some(out),
            None => tokio::time::timeout(limit, sending).await.ok(),
        }
    }

    enum BodyFailure {
        TooLarge,
        Stalled(Duration),
        Read(hyper::Error),
    }

    /// Reads the body into one buffer (sized from `Content-Length`, which is
    /// within the limit here; a single frame is kept without a copy),
    /// stopping past the limit or when under the throughput floor for a
    /// whole read-timeout window.
    async fn read_body(mut body: Incoming, content_length: Option<u64>, limits: &AttemptLimits) -> Result<Bytes, BodyFailure> {
        let max = limits.max_body;
        let mut buf: Vec<u8> = Vec::new();
        let mut first: Option<Bytes> = None;
        let (mut total, mut window_start, mut window_bytes) = (0u64, tokio::time::Instant::now(), 0u64);
        loop {
            let frame = match limits.read_timeout {
                None => body.frame().await,
                Some(window) => match tokio::time::timeout_at(window_start + window, body.frame()).await {
                    Ok(frame) => frame,
                    Err(_) => {
                        // A window passed without a frame: fine only if the window's bytes met the floor.
                        if window_bytes < floor(window) {
                            return Err(BodyFailure::Stalled(window));
                        }
                        (window_start, window_bytes) = (tokio::time::Instant::now(), 0);
                        continue;
                    }
                },
            };
            let Some(frame) = frame else { break };
            let Ok(data) = frame.map_err(BodyFailure::Read)?.into_data() else { continue };
            total += data.len() as u64;
            window_bytes += data.len() as u64;
            if total > max {
                return Err(BodyFailure::TooLarge);
            }
            if let Some(window) = limits.read_timeout.filter(|&w| window_start.elapsed() >= w) {
                if window_bytes < floor(window) {
                    return Err(BodyFailure::Stalled(window));
                }
                (window_start, window_bytes) = (tokio::time::Instant::now(), 0);
            }
            if first.is_none() && buf.is_empty() {
                first = Some(data);
                continue;
            }
            if buf.capacity() == 0 {
                // Content-Length is within the limit here; without one, grow as the data comes, never past the limit.
                buf.reserve_exact(content_length.unwrap_or(0).max(total) as usize);
            }
            if let Some(first) = first.take() {
                grow(&mut buf, first.len(), max);
                buf.extend_from_slice(&first);
            }
            grow(&mut buf, data.len(), max);
            buf.extend_from_slice(&data);
        }
        Ok(match first {
            Some(only) => only,
            None => Bytes::from(buf),
        })
    }

    /// Room for `more` bytes, doubling but never reserving past `max`.
    fn grow(buf: &mut Vec<u8>, more: usize, max: u64) {
        let needed = buf.len() + more;
        if needed > buf.capacity() {
            let target = (buf.capacity() * 2).max(needed).min(usize::try_from(max).unwrap_or(usize::MAX)).max(needed);
            buf.reserve_exact(target - buf.len());
        }
    }

    fn floor(window: Duration) -> u64 {
        (MIN_THROUGHPUT_BYTES_PER_SEC as f64 * window.as_secs_f64()) as u64
    }

    fn client_error(e: hyper_util::client::legacy::Error, where_: &str) -> TransportError {
        let connect = find::<ConnectError>(&e);
        if let Some(c) = connect {
            let kind = if c.timed_out.is_some() { TransportErrorKind::ConnectTimeout } else { TransportErrorKind::Connect };
            let message = c.to_string();
            return TransportError::new(kind, message).with_source(e);
        }
        let kind = classify_client_error(&e);
        let what = match kind {
            TransportErrorKind::Connect => "could not connect to",
            TransportErrorKind::Timeout => "timed out talking to",
            _ => "request failed to",
        };
        TransportError::new(kind, format!("{what} {where_}")).with_source(e)
    }

    fn body_error(e: hyper::Error, where_: &str, status: http::StatusCode) -> TransportError {
        let kind = if e.is_timeout() { TransportErrorKind::Timeout } else { TransportErrorKind::Io };
        let eof = e.is_incomplete_message() || {
            // hyper reports a short Content-Length body through a private type.
            let root = root_cause(&e);
            root.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::UnexpectedEof) || root.to_string().contains("end of file")
        };
        let what = if eof { "connection closed before the full response body arrived" } else { "failed to read the response body" };
        TransportError::new(kind, format!("{what} from {where_} (HTTP {})", status.as_u16())).with_source(e)
    }

    fn find<'a, T: Error + 'static>(e: &'a (dyn Error + 'static)) -> Option<&'a T> {
        let mut cause = Some(e);
        while let Some(c) = cause {
            if let Some(t) = c.downcast_ref::<T>() {
                return Some(t);
            }
            cause = c.source();
        }
        None
    }

    fn classify_client_error(e: &hyper_util::client::legacy::Error) -> TransportErrorKind {
        if e.is_connect() {
            return TransportErrorKind::Connect;
        }
        let mut cause: Option<&(dyn Error + 'static)> = e.source();
        while let Some(c) = cause {
            if let Some(h) = c.downcast_ref::<hyper::Error>() {
                if h.is_timeout() {
                    return TransportErrorKind::Timeout;
                }
                if h.is_user() {
                    return TransportErrorKind::Other;
                }
                return TransportErrorKind::Io;
            }
            if c.downcast_ref::<std::io::Error>().is_some() {
                return TransportErrorKind::Io;
            }
            cause = c.source();
        }
        TransportErrorKind::Io
    }
}
