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
/// Timeouts of a whole attempt are enforced by the caller; connect timeouts
/// are the client's job.
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
    /// No connection could be made (DNS, refused, TLS handshake). Retried.
    Connect,
    /// The transport gave up waiting. Retried.
    Timeout,
    /// The connection failed mid-request or mid-response (reset, truncated
    /// body). Retried.
    Io,
    /// Anything else (a bad request, a stub with no response left). Not retried.
    Other,
}

/// A request could not be sent or its response not received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<BoxError>,
}

impl TransportError {
    /// An error of `kind` with a one-line description.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), source: None }
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
        !matches!(self.kind, TransportErrorKind::Other)
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

pub(crate) use hyper_client::DefaultHttpClient;

/// The default transport with this connect timeout, as a shared client.
pub(crate) fn default_http_client(connect_timeout: Option<Duration>) -> Result<Arc<dyn HttpClient>, TransportError> {
    Ok(Arc::new(DefaultHttpClient::new(connect_timeout)?))
}

mod hyper_client {
    use super::*;
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::{TokioExecutor, TokioTimer};

    type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

    /// hyper 1 + hyper-util's pooled client + rustls (ring, native roots),
    /// HTTP/1.1 only. One instance is shared by every request of a `Config`,
    /// so connections are reused.
    pub(crate) struct DefaultHttpClient {
        client: Client<Connector, Full<Bytes>>,
    }

    impl DefaultHttpClient {
        /// Loads the platform's root certificates; fails if there are none.
        pub(crate) fn new(connect_timeout: Option<Duration>) -> Result<Self, TransportError> {
            let mut http = HttpConnector::new();
            http.enforce_http(false);
            http.set_connect_timeout(connect_timeout);
            http.set_nodelay(true);
            let https = hyper_rustls::HttpsConnectorBuilder::new()
                .with_provider_and_native_roots(Arc::new(rustls::crypto::ring::default_provider()))
                .map_err(|e| TransportError::other("could not load the platform's root certificates for TLS").with_source(e))?
                .https_or_http()
                .enable_http1()
                .wrap_connector(http);
            let client = Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).pool_idle_timeout(Duration::from_secs(90)).build(https);
            Ok(Self { client })
        }
    }

    impl HttpClient for DefaultHttpClient {
        fn call(&self, req: http::Request<Bytes>) -> HttpFuture {
            let client = self.client.clone();
            Box::pin(async move {
                let uri = req.uri().clone();
                let where_ = format!("{}://{}", uri.scheme_str().unwrap_or("https"), uri.authority().map(|a| a.as_str()).unwrap_or(""));
                let resp = client.request(req.map(Full::new)).await.map_err(|e| {
                    let kind = classify_client_error(&e);
                    let what = match kind {
                        TransportErrorKind::Connect => "could not connect to",
                        TransportErrorKind::Timeout => "timed out talking to",
                        _ => "request failed to",
                    };
                    TransportError::new(kind, format!("{what} {where_}")).with_source(e)
                })?;
                let (parts, body) = resp.into_parts();
                let body = body.collect().await.map_err(|e| {
                    let kind = if e.is_timeout() { TransportErrorKind::Timeout } else { TransportErrorKind::Io };
                    let eof = e.is_incomplete_message() || {
                        // hyper reports a short Content-Length body through a private type.
                        let root = root_cause(&e);
                        root.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::UnexpectedEof)
                            || root.to_string().contains("end of file")
                    };
                    let what = if eof { "connection closed before the full response body arrived" } else { "failed to read the response body" };
                    TransportError::new(kind, format!("{what} from {where_} (HTTP {})", parts.status.as_u16())).with_source(e)
                })?;
                Ok(http::Response::from_parts(parts, body.to_bytes()))
            })
        }
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
