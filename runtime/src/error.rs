//! Errors shared by every generated operation.

use std::fmt;

/// An input could not be turned into an HTTP request: nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum BuildErrorKind {
    MissingField { field: &'static str, details: &'static str },
    InvalidField { field: &'static str, details: String },
    Other(String),
}

impl BuildError {
    /// A required member was not set.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        Self { kind: BuildErrorKind::MissingField { field, details } }
    }

    /// A member was set to a value that cannot be sent (an empty label, say).
    pub fn invalid_field(field: &'static str, details: impl Into<String>) -> Self {
        Self { kind: BuildErrorKind::InvalidField { field, details: details.into() } }
    }

    /// Any other reason a request could not be built.
    pub fn other(details: impl Into<String>) -> Self {
        Self { kind: BuildErrorKind::Other(details.into()) }
    }

    /// The member the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match &self.kind {
            BuildErrorKind::MissingField { field, .. } | BuildErrorKind::InvalidField { field, .. } => {
                Some(field)
            }
            BuildErrorKind::Other(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { field, details } => {
                write!(f, "`{field}` is required but was not set")?;
                if !details.is_empty() {
                    write!(f, ": {details}")?;
                }
                Ok(())
            }
            BuildErrorKind::InvalidField { field, details } => {
                write!(f, "`{field}` has an invalid value: {details}")
            }
            BuildErrorKind::Other(details) => f.write_str(details),
        }
    }
}

impl std::error::Error for BuildError {}

/// What every service error carries besides its modeled members: the error
/// code the service sent, its message and the request id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(code: Option<String>, message: Option<String>, request_id: Option<String>) -> Self {
        Self { code, message, request_id }
    }

    /// The sanitized error code, e.g. `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message the service sent.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id (`x-amzn-requestid`), to quote to AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Replaces the code when `code` is set.
    pub fn with_code(mut self, code: Option<String>) -> Self {
        if code.is_some() {
            self.code = code;
        }
        self
    }

    /// Replaces the message (a modeled `message` member wins over the envelope).
    pub fn with_message(mut self, message: Option<String>) -> Self {
        if message.is_some() {
            self.message = message;
        }
        self
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("UnknownError"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id: {id})")?;
        }
        Ok(())
    }
}

/// Access to the [`ErrorMetadata`] of an error.
pub trait ProvideErrorMetadata {
    /// The metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The error message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// The request id AWS returned with a response, to quote to AWS support; the
/// official SDKs' `aws_types::request_id::RequestId`, which generated crates
/// re-export as `operation::RequestId`. Every error with metadata has one
/// (a separate trait, not a method of [`ProvideErrorMetadata`], so code that
/// imports both, as code written for the official SDKs does, still compiles).
pub trait RequestId {
    /// The request id, when the response had one.
    fn request_id(&self) -> Option<&str>;
}

impl<T: ProvideErrorMetadata + ?Sized> RequestId for T {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// A call's result: `client.op().send().await.request_id()`, as with the official SDKs.
impl<O: RequestId, E: RequestId> RequestId for Result<O, E> {
    fn request_id(&self) -> Option<&str> {
        match self {
            Ok(output) => output.request_id(),
            Err(error) => error.request_id(),
        }
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

/// Re-exported here too, as `docs/runtime-contract.md` lists them under
/// `client_runtime::error`; they live in [`crate::client`].
pub use crate::client::{SdkError, Unhandled};
