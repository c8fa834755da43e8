//! Values the rules engine computes, and what resolution returns.

use std::borrow::Cow;
use std::fmt;

/// A value during evaluation, and in endpoint properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string (borrowed when it comes from the rule set or the partitions table).
    String(Cow<'static, str>),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An array.
    Array(Vec<Value>),
    /// A record; field names come from the rule set or the library.
    Record(Vec<(&'static str, Value)>),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<Cow<'static, str>>) -> Self {
        Value::String(s.into())
    }

    /// A string array value.
    pub fn string_array<S: Into<Cow<'static, str>>>(items: impl IntoIterator<Item = S>) -> Self {
        Value::Array(items.into_iter().map(|s| Value::String(s.into())).collect())
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The field `name`, if this is a record that has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Record(fields) => fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Array(_) => "array",
            Value::Record(_) => "record",
        }
    }

    pub(crate) fn type_error(&self, wanted: &str, what: &str) -> EndpointError {
        EndpointError::new(format!("invalid rule set: {what} must be a {wanted}, not a {}", self.kind()))
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Where to send requests, e.g. `https://connect-fips.us-east-1.amazonaws.com`.
    pub url: String,
    /// Headers to add to every request, each with its values.
    pub headers: Vec<(String, Vec<String>)>,
    /// Properties such as `authSchemes`.
    pub properties: Vec<(&'static str, Value)>,
}

impl Endpoint {
    /// The property `name`.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The `authSchemes` property, typed; entries without a `name` are skipped.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        let Some(Value::Array(items)) = self.property("authSchemes") else { return Vec::new() };
        items.iter().filter_map(AuthScheme::from_value).collect()
    }
}

/// One entry of an endpoint's `authSchemes` property.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthScheme {
    /// `sigv4`, `sigv4a`, ...
    pub name: String,
    /// The SigV4 service name to sign for, if it differs from the model's.
    pub signing_name: Option<String>,
    /// The SigV4 region to sign for, if it differs from the configured one.
    pub signing_region: Option<String>,
    /// SigV4a: the regions the signature is valid in.
    pub signing_region_set: Vec<String>,
    /// S3: do not encode the path a second time when signing.
    pub disable_double_encoding: Option<bool>,
}

impl AuthScheme {
    fn from_value(v: &Value) -> Option<AuthScheme> {
        let text = |k| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let set = match v.get("signingRegionSet") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        Some(AuthScheme {
            name: text("name")?,
            signing_name: text("signingName"),
            signing_region: text("signingRegion"),
            signing_region_set: set,
            disable_double_encoding: v.get("disableDoubleEncoding").and_then(Value::as_bool),
        })
    }
}

/// Resolution failed: the rule set's `error` message, or why it could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// The message, exactly as the rule set wrote it for an `error` rule.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}
