//! A local fake of a service (feature `fake`), for users' integration tests:
//! a hyper server that routes requests to operations, parses them into the
//! typed input with generated deserializers, answers from typed handlers,
//! records every request, and injects faults on demand.
//!
//! Everything here is the same for every service; a generated crate's
//! `fake` module adds the per-operation pieces (the route table, request
//! deserializers, response serializers and typed handler methods) and
//! calls [`serve`]. See `docs/fake.md`.

mod faults;
pub mod rest_json;
pub mod route;
mod server;
mod sigv4;

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

pub use faults::OperationFaults;
use faults::{Fault, FaultPlan};
pub use route::{Route, Segment};
pub use server::{Builder, Server};

use crate::error::BuildError;
use crate::protocol::json::DeserializeError;
use crate::validate::{Validate, ValidationError};

/// The future of one answer.
pub type AnswerFuture = Pin<Box<dyn Future<Output = Answer> + Send>>;

/// The generated entry point of one operation: parse, record, answer.
pub type ServeFn = fn(Incoming) -> AnswerFuture;

/// How an operation answers an input that fails validation: a response
/// naming every violation (`None`: the fake does not validate it).
pub type InvalidFn = fn(&ValidationError) -> Result<http::Response<Bytes>, BuildError>;

/// A typed handler as stored: the operation's input to its output or error.
pub type Handler<I, O, E> = Arc<dyn Fn(I) -> Pin<Box<dyn Future<Output = Result<O, E>> + Send>> + Send + Sync>;

/// What the fake does with a request.
#[derive(Debug)]
pub enum Answer {
    /// Send this response.
    Respond(http::Response<Bytes>),
    /// Close the connection without answering (an injected fault).
    Drop,
}

/// A service as the generated code describes it.
#[derive(Debug)]
pub struct Service {
    /// The service's shape name, for messages.
    pub name: &'static str,
    /// Its operations, each with its route.
    pub operations: &'static [Operation],
    /// The status and error code the fake answers a throttled call with:
    /// the service's throttling error.
    pub throttling: (u16, &'static str),
}

/// One operation of a [`Service`].
#[derive(Debug)]
pub struct Operation {
    /// The operation's shape name (`DescribeUser`).
    pub name: &'static str,
    /// Its `@http` binding.
    pub route: Route,
    /// The generated function that serves it.
    pub serve: ServeFn,
}

/// A request as received, kept for assertions.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The method.
    pub method: http::Method,
    /// The path and query as sent.
    pub uri: http::Uri,
    /// Every header.
    pub headers: http::HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// One recorded call of an operation: the input it parsed into and the
/// request it came in.
#[derive(Debug, Clone)]
pub struct Received<I> {
    /// The typed input.
    pub input: I,
    /// The raw request.
    pub request: RawRequest,
}

/// One recorded request, typed when it parsed.
struct Record {
    operation: Option<&'static str>,
    input: Option<Arc<dyn Any + Send + Sync>>,
    request: RawRequest,
}

/// State shared by the server, its connections and the user's handle.
pub(crate) struct Shared {
    service: &'static Service,
    credentials: Option<sigv4::Expected>,
    handlers: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
    records: Mutex<Vec<Record>>,
    faults: Mutex<HashMap<&'static str, FaultPlan>>,
}

/// A lock that survives a handler that panicked while another held it:
/// the data (lists and counters) stays consistent at every step.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub(crate) fn new(service: &'static Service, credentials: Option<sigv4::Expected>) -> Self {
        Self { service, credentials, handlers: Mutex::default(), records: Mutex::default(), faults: Mutex::default() }
    }

    /// Routes and answers one request.
    pub(crate) async fn dispatch(self: &Arc<Self>, mut request: http::Request<Bytes>) -> Answer {
        // The signature covers the body as sent, so it is checked first.
        let checked = match &self.credentials {
            Some(expected) => sigv4::verify(&request, expected),
            None => Ok(()),
        };
        if let Err(m) = checked.and_then(|()| rest_json::decode_gzip(&mut request)) {
            self.record(None, None, &request);
            return Answer::Respond(rest_json::error_response(m.status, m.code, &m.message));
        }
        let path = request.uri().path().to_owned();
        let Some(query) = route::parse_query(request.uri().query().unwrap_or_default()) else {
            self.record(None, None, &request);
            return Answer::Respond(rest_json::error_response(400, "SerializationException", "the query string is not valid UTF-8 once decoded"));
        };
        let routes: Vec<Route> = self.service.operations.iter().map(|o| o.route).collect();
        let Some(found) = route::find(&routes, request.method().as_str(), &path, &query) else {
            self.record(None, None, &request);
            let message = format!("no operation of {} matches {} {}", self.service.name, request.method(), path);
            return Answer::Respond(rest_json::error_response(404, "UnknownOperationException", &message));
        };
        let op = &self.service.operations[found.index];
        (op.serve)(Incoming { request, labels: found.labels, query, operation: op.name, shared: self.clone() }).await
    }

    fn record(&self, operation: Option<&'static str>, input: Option<Arc<dyn Any + Send + Sync>>, request: &http::Request<Bytes>) {
        let raw = RawRequest { method: request.method().clone(), uri: request.uri().clone(), headers: request.headers().clone(), body: request.body().clone() };
        lock(&self.records).push(Record { operation, input, request: raw });
    }

    pub(crate) fn set_handler(&self, operation: &'static str, handler: Arc<dyn Any + Send + Sync>) {
        lock(&self.handlers).insert(operation, handler);
    }

    pub(crate) fn received<I: Clone + 'static>(&self, operation: &str) -> Vec<Received<I>> {
        lock(&self.records)
            .iter()
            .filter(|r| r.operation == Some(operation))
            .filter_map(|r| Some(Received { input: r.input.as_ref()?.downcast_ref::<I>()?.clone(), request: r.request.clone() }))
            .collect()
    }

    pub(crate) fn requests(&self) -> Vec<RawRequest> {
        lock(&self.records).iter().map(|r| r.request.clone()).collect()
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, HashMap<&'static str, FaultPlan>> {
        lock(&self.faults)
    }
}

/// A request routed to an operation, for its generated deserializer.
pub struct Incoming {
    request: http::Request<Bytes>,
    labels: Vec<String>,
    query: Vec<(String, String)>,
    operation: &'static str,
    shared: Arc<Shared>,
}

impl Incoming {
    /// The request (headers and body are read from it).
    pub fn request(&self) -> &http::Request<Bytes> {
        &self.request
    }

    /// The value of the `i`th label of the route, percent-decoded.
    pub fn label(&self, i: usize) -> Result<&str, Malformed> {
        self.labels.get(i).map(String::as_str).ok_or_else(|| Malformed::serialization("a URI label is missing"))
    }

    /// The values of query key `key`, in request order.
    pub fn query(&self, key: &str) -> Vec<&str> {
        self.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    /// The one value of query key `key`; a repeated key is malformed.
    pub fn query_one(&self, key: &str) -> Result<Option<&str>, Malformed> {
        match self.query(key).as_slice() {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(Malformed::serialization(format!("query parameter `{key}` is repeated"))),
        }
    }

    /// Every decoded query pair, in request order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
}

/// A request the operation cannot parse: answered with a typed error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The HTTP status.
    pub status: u16,
    /// The error code (`SerializationException`, ...).
    pub code: &'static str,
    /// What is wrong, for the message.
    pub message: String,
    /// Required members the request left out, which no value of the input
    /// type can lack: answered as validation errors where the operation
    /// validates.
    pub violations: Option<ValidationError>,
}

impl Malformed {
    /// A body, label, query value or header that does not parse (400).
    pub fn serialization(message: impl Into<String>) -> Self {
        Self { status: 400, code: "SerializationException", message: message.into(), violations: None }
    }

    /// A `Content-Type` the operation does not take (415).
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self { status: 415, code: "UnsupportedMediaTypeException", message: message.into(), violations: None }
    }

    /// An `Accept` the operation cannot answer (406).
    pub fn not_acceptable(message: impl Into<String>) -> Self {
        Self { status: 406, code: "NotAcceptableException", message: message.into(), violations: None }
    }

    /// Required members missing (see [`Malformed::violations`]); a 400
    /// `SerializationException` where the operation does not validate.
    pub fn missing(violations: ValidationError) -> Self {
        Self { message: violations.to_string(), violations: Some(violations), ..Self::serialization("") }
    }
}

impl From<DeserializeError> for Malformed {
    fn from(e: DeserializeError) -> Self {
        Self::serialization(e.to_string())
    }
}

impl From<BuildError> for Malformed {
    fn from(e: BuildError) -> Self {
        Self::serialization(e.to_string())
    }
}

/// The generated (de)serializers of one operation, for [`serve`].
pub struct Wire<I, O, E> {
    /// Reads a request into the input, or says why it is malformed.
    pub de: fn(&Incoming) -> Result<I, Malformed>,
    /// Writes the output.
    pub ok: fn(&O) -> Result<http::Response<Bytes>, BuildError>,
    /// Writes a modeled error.
    pub err: fn(&E) -> Result<http::Response<Bytes>, BuildError>,
    /// Answers an input that fails validation; `None`: not validated.
    pub invalid: Option<InvalidFn>,
}

/// Serves one operation: parses the request, records it, applies the
/// operation's faults, validates the input, calls its handler (501 without
/// one) and writes the answer. A response that cannot be written is a 500
/// that says why, never a panic.
pub fn serve<I, O, E>(req: Incoming, wire: Wire<I, O, E>) -> AnswerFuture
where
    I: Clone + Validate + Send + Sync + 'static,
    O: 'static,
    E: 'static,
{
    Box::pin(async move {
        let shared = req.shared.clone();
        let op = req.operation;
        let Wire { de, ok, err, invalid } = wire;
        let input = match de(&req) {
            Ok(input) => input,
            Err(m) => {
                shared.record(Some(op), None, &req.request);
                if let (Some(violations), Some(invalid)) = (&m.violations, invalid) {
                    let written = invalid(violations);
                    return Answer::Respond(
                        written.unwrap_or_else(|e| rest_json::error_response(500, "InternalFailure", &format!("the validation error cannot be written: {e}"))),
                    );
                }
                return Answer::Respond(rest_json::error_response(m.status, m.code, &m.message));
            }
        };
        shared.record(Some(op), Some(Arc::new(input.clone())), &req.request);
        match faults::take(&shared, op) {
            Fault::None => {}
            Fault::Delay(d) => tokio::time::sleep(d).await,
            Fault::Drop => return Answer::Drop,
            Fault::Fail => return Answer::Respond(rest_json::error_response(500, "InternalFailure", "injected fault: HTTP 500")),
            Fault::Throttle => {
                let (status, code) = shared.service.throttling;
                return Answer::Respond(rest_json::error_response(status, code, "injected fault: throttled"));
            }
        }
        if let Some(invalid) = invalid
            && let Err(violations) = input.validate()
        {
            let written = invalid(&violations);
            return Answer::Respond(
                written.unwrap_or_else(|e| rest_json::error_response(500, "InternalFailure", &format!("the validation error cannot be written: {e}"))),
            );
        }
        let handler = lock(&shared.handlers).get(op).and_then(|h| h.downcast_ref::<Handler<I, O, E>>().cloned());
        let Some(handler) = handler else {
            let message = format!("no handler for operation {op}: register one on the fake");
            return Answer::Respond(rest_json::error_response(501, "NotImplemented", &message));
        };
        let written = match handler(input).await {
            Ok(out) => ok(&out),
            Err(e) => err(&e),
        };
        Answer::Respond(written.unwrap_or_else(|e| rest_json::error_response(500, "InternalFailure", &format!("the handler's answer cannot be written: {e}"))))
    })
}

/// Boxes a typed handler closure for [`Server::set_handler`].
pub fn handler<I, O, E, F, Fut>(f: F) -> Handler<I, O, E>
where
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, E>> + Send + 'static,
{
    Arc::new(move |input| Box::pin(f(input)))
}
