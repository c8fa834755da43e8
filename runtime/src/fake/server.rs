//! The server loop: hyper 1 HTTP/1.1 connections on a bound TCP listener,
//! each request read whole (up to a limit) and handed to the dispatcher.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;

use super::{Answer, Handler, OperationFaults, RawRequest, Received, Service, Shared, rest_json};

/// The largest request body the fake reads; a larger one is answered 413.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Settings of a fake before it starts.
#[derive(Debug, Default)]
pub struct Builder {
    credentials: Option<super::sigv4::Expected>,
}

impl Builder {
    /// Default settings: requests are not authenticated.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies every request's SigV4 signature against these credentials;
    /// a request signed otherwise is answered 403 (`InvalidSignatureException`
    /// for a wrong signature, `UnrecognizedClientException` for another
    /// access key, `MissingAuthenticationTokenException` when unsigned).
    pub fn credentials(mut self, access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        self.credentials = Some(super::sigv4::Expected { access_key_id: access_key_id.into(), secret: secret_access_key.into() });
        self
    }

    /// Binds `addr` (`127.0.0.1:0` picks a free port) and serves `service`
    /// on it until the returned [`Server`] is dropped.
    pub async fn start(self, service: &'static Service, addr: &str) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(service, self.credentials));
        let state = shared.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { answer(&state, req).await }
                    });
                    // A connection that breaks ends here; the fake goes on.
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        Ok(Server { shared, addr, task })
    }
}

/// Reads the whole request, dispatches it, and turns a dropped answer into
/// an error, which makes hyper close the connection without a response.
async fn answer(state: &Arc<Shared>, req: http::Request<hyper::body::Incoming>) -> Result<http::Response<Full<Bytes>>, DroppedConnection> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let r = rest_json::error_response(413, "RequestEntityTooLargeException", &format!("the body cannot be read: {e}"));
            return Ok(r.map(Full::new));
        }
    };
    match state.dispatch(http::Request::from_parts(parts, body)).await {
        Answer::Respond(r) => Ok(r.map(Full::new)),
        Answer::Drop => Err(DroppedConnection),
    }
}

/// The error that tells hyper to drop a connection (an injected fault).
#[derive(Debug)]
struct DroppedConnection;

impl std::fmt::Display for DroppedConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedConnection {}

/// A running fake. Dropping it stops accepting connections.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("service", &self.shared.service.name).field("addr", &self.addr).finish()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, for a client's endpoint URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Makes `handler` answer `operation` (replacing an earlier one).
    pub fn set_handler<I, O, E>(&self, operation: &'static str, handler: Handler<I, O, E>)
    where
        I: 'static,
        O: 'static,
        E: 'static,
    {
        self.shared.set_handler(operation, Arc::new(handler));
    }

    /// Every call of `operation` that parsed into an `I`, oldest first.
    pub fn received<I: Clone + 'static>(&self, operation: &str) -> Vec<Received<I>> {
        self.shared.received(operation)
    }

    /// Every request received, parsed or not, oldest first.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.shared.requests()
    }

    /// The faults of `operation`.
    pub fn faults(&self, operation: &'static str) -> OperationFaults {
        OperationFaults::new(self.shared.clone(), operation)
    }

    /// Answers `request` as the server would, without the network (for
    /// protocol tests); `None` when a fault drops the connection.
    pub async fn handle(&self, request: http::Request<Bytes>) -> Option<http::Response<Bytes>> {
        match self.shared.dispatch(request).await {
            Answer::Respond(r) => Some(r),
            Answer::Drop => None,
        }
    }
}
