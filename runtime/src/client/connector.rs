//! Opening a connection for the default transport: DNS, TCP, a proxy's
//! `CONNECT` tunnel and the TLS handshake, all within one connect timeout.
//!
//! hyper-util's `HttpConnector` resolves and connects (getaddrinfo on a
//! blocking thread, happy eyeballs, keep-alive); everything after it is here
//! so the timeout covers it and errors say which step failed.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use http::uri::Scheme;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tower_service::Service;

use super::limits::TransportConfig;
use super::proxy::{Proxies, Proxy};

/// The connector the default transport's pool calls for each new connection.
#[derive(Clone)]
pub(crate) struct Connector {
    tcp: HttpConnector,
    tls: tokio_rustls::TlsConnector,
    proxies: Arc<Proxies>,
    timeout: Option<Duration>,
}

impl Connector {
    pub(crate) fn new(timeout: Option<Duration>, transport: &TransportConfig, proxies: Proxies, tls: Arc<rustls::ClientConfig>) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_keepalive(transport.get_tcp_keepalive());
        Self { tcp, tls: tls.into(), proxies: Arc::new(proxies), timeout }
    }

    /// The proxy requests to `uri` go through, if any.
    pub(crate) fn proxy_for(&self, uri: &Uri) -> Option<&Proxy> {
        self.proxies.for_uri(uri)
    }

    async fn open(self, dst: Uri) -> Result<Conn, ConnectError> {
        let https = dst.scheme() == Some(&Scheme::HTTPS);
        let host = dst.host().ok_or_else(|| ConnectError::new(format!("no host in `{dst}`")))?.to_owned();
        let port = dst.port_u16().unwrap_or(if https { 443 } else { 80 });
        let proxy = self.proxies.for_uri(&dst).cloned();
        let (tcp_target, what) = match &proxy {
            Some(p) => (p.uri(), format!("the proxy {}", p.authority())),
            None => (dst.clone(), format!("{}://{host}:{port}", if https { "https" } else { "http" })),
        };
        let mut tcp = self.tcp.clone();
        let tcp = tcp.call(tcp_target).await.map_err(|e| ConnectError::new(format!("could not connect to {what}")).with_source(e))?.into_inner();
        let tcp = match (&proxy, https) {
            (Some(p), true) => tunnel(tcp, &host, port, p).await?,
            _ => tcp,
        };
        if !https {
            return Ok(Conn::Plain { io: TokioIo::new(tcp), proxied: proxy.is_some() });
        }
        let name = rustls::pki_types::ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']').to_owned())
            .map_err(|e| ConnectError::new(format!("`{host}` is not a valid TLS server name")).with_source(e))?;
        let tls = self.tls.connect(name, tcp).await.map_err(|e| ConnectError::new(format!("TLS handshake with {host}:{port} failed")).with_source(e))?;
        Ok(Conn::Tls(Box::new(TokioIo::new(tls))))
    }
}

impl Service<Uri> for Connector {
    type Response = Conn;
    type Error = ConnectError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, ConnectError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let Some(limit) = this.timeout else { return this.open(dst).await };
            let where_ = dst.authority().map(|a| a.as_str().to_owned()).unwrap_or_default();
            match tokio::time::timeout(limit, this.open(dst)).await {
                Ok(r) => r,
                Err(_) => {
                    let message = format!("no connection to {where_} within the connect timeout ({limit:?}; DNS, TCP, proxy and TLS included)");
                    Err(ConnectError { timed_out: Some(limit), ..ConnectError::new(message) })
                }
            }
        })
    }
}

/// Opens an HTTP `CONNECT` tunnel to `host:port` through the proxy on `tcp`.
async fn tunnel(mut tcp: TcpStream, host: &str, port: u16, proxy: &Proxy) -> Result<TcpStream, ConnectError> {
    let mut head = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n").into_bytes();
    if let Some(auth) = proxy.auth() {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(auth.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    let io_error = |e: std::io::Error| ConnectError::new(format!("the proxy {} closed the CONNECT tunnel to {host}:{port}", proxy.authority())).with_source(e);
    tcp.write_all(&head).await.map_err(io_error)?;
    // The proxy sends nothing after its answer until the client speaks (TLS), so reading up to the blank line takes only the answer.
    let mut answer = Vec::with_capacity(256);
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() > 16 * 1024 {
            return Err(ConnectError::new(format!("the proxy {} sent an answer over 16 KiB to CONNECT", proxy.authority())));
        }
        let byte = tcp.read_u8().await.map_err(io_error)?;
        answer.push(byte);
    }
    let status = answer.split(|&b| b == b' ').nth(1).and_then(|s| std::str::from_utf8(s).ok()).and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200..=299) => Ok(tcp),
        Some(407) => Err(ConnectError::new(format!("the proxy {} refused the credentials (HTTP 407) for CONNECT {host}:{port}", proxy.authority()))),
        Some(s) => Err(ConnectError::new(format!("the proxy {} answered HTTP {s} to CONNECT {host}:{port}", proxy.authority()))),
        None => Err(ConnectError::new(format!("the proxy {} sent an unreadable answer to CONNECT", proxy.authority()))),
    }
}

/// A connection: plain TCP (to the server, or to an HTTP proxy that gets
/// absolute-form requests), or TLS (directly or through a tunnel).
pub(crate) enum Conn {
    Plain { io: TokioIo<TcpStream>, proxied: bool },
    // Boxed: the TLS state is over 1 KiB, and the pool holds many connections of either kind.
    Tls(Box<TokioIo<TlsStream<TcpStream>>>),
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        // `proxy(true)` makes hyper-util send absolute-form request targets.
        Connected::new().proxy(matches!(self, Conn::Plain { proxied: true, .. }))
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: hyper::rt::ReadBufCursor<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_read(cx, buf),
            Conn::Tls(io) => Pin::new(&mut **io).poll_read(cx, buf),
        }
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_write(cx, buf),
            Conn::Tls(io) => Pin::new(&mut **io).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_flush(cx),
            Conn::Tls(io) => Pin::new(&mut **io).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_shutdown(cx),
            Conn::Tls(io) => Pin::new(&mut **io).poll_shutdown(cx),
        }
    }
}

/// TLS settings: ring, TLS 1.2 and 1.3, the platform's root certificates
/// (those that parse; none at all is an error), HTTP/1.1 by ALPN.
pub(crate) fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    let (added, _unparsable) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        let why = found.errors.first().map(|e| format!(": {e}")).unwrap_or_default();
        return Err(format!("could not load the platform's root certificates for TLS{why}"));
    }
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Why no connection could be made; says which step failed.
#[derive(Debug)]
pub(crate) struct ConnectError {
    message: String,
    /// The connect timeout, when that is what ended the attempt.
    pub(crate) timed_out: Option<Duration>,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl ConnectError {
    fn new(message: String) -> Self {
        Self { message, timed_out: None, source: None }
    }

    fn with_source(mut self, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for ConnectError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}
