//! awsQuery and ec2Query request bodies: `application/x-www-form-urlencoded`
//! pairs, one per scalar, whose keys spell the path to it
//! (`Nested.List.member.1.Name=value`).
//!
//! The two protocols share the encoding and differ only in how keys are
//! named (ec2Query capitalizes, uses `ec2QueryName` and always flattens
//! lists); the generator decides names, so both use the same [`QueryWriter`]
//! and [`QueryKey`].

use std::fmt;
use std::ops::Deref;

use aws_smithy_types::DateTime;
use percent_encoding::utf8_percent_encode;

use crate::protocol::http::{self, COMPONENT, TimestampFormat};

/// The `Content-Type` of a query request body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Writes a form-encoded query body, starting with `Action` and `Version`.
///
/// Keys and values are percent-encoded: everything but the unreserved
/// characters `A-Za-z0-9-._~` is escaped, a space as `%20`.
///
/// ```
/// use client_runtime::protocol::query::{QueryKey, QueryWriter};
/// let mut w = QueryWriter::new("QueryLists", "2020-01-08");
/// let list = QueryKey::new("ListArg");
/// for (i, item) in ["a b", "c=d"].iter().enumerate() {
///     w.string(&list.member("member").nth(i), item);
/// }
/// w.boolean(&QueryKey::new("Nested").member("Flag"), true);
/// assert_eq!(
///     String::from_utf8(w.finish()).unwrap(),
///     "Action=QueryLists&Version=2020-01-08&ListArg.member.1=a%20b&ListArg.member.2=c%3Dd&Nested.Flag=true"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// A body holding `Action={action}&Version={version}`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut w = Self { out: String::with_capacity(64) };
        w.string("Action", action);
        w.string("Version", version);
        w
    }

    /// The body.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// A string value.
    pub fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.extend(utf8_percent_encode(value, COMPONENT));
    }

    /// A key with an empty value: how awsQuery sends an empty list
    /// (`ListArg=`). ec2Query sends nothing for one.
    pub fn empty(&mut self, key: &str) {
        self.key(key);
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    /// A signed integer (any Smithy `byte`, `short`, `integer` or `long`).
    pub fn i64(&mut self, key: &str, value: i64) {
        self.raw(key, itoa::Buffer::new().format(value));
    }

    /// A Smithy `double`: shortest round-trip digits, or `NaN`, `Infinity`, `-Infinity`.
    pub fn f64(&mut self, key: &str, value: f64) {
        self.raw(key, &http::fmt_f64(value));
    }

    /// A Smithy `float`: shortest digits for `f32`, or `NaN`, `Infinity`, `-Infinity`.
    pub fn f32(&mut self, key: &str, value: f32) {
        self.raw(key, &http::fmt_f32(value));
    }

    /// A `bigInteger` or `bigDecimal` from its text (`BigInteger::as_ref()`).
    pub fn big_number(&mut self, key: &str, lexeme: &str) {
        self.string(key, lexeme);
    }

    /// A timestamp in `format`; both protocols default to [`TimestampFormat::DateTime`].
    pub fn timestamp(&mut self, key: &str, value: &DateTime, format: TimestampFormat) {
        self.string(key, &http::fmt_timestamp(value, format));
    }

    /// A blob as base64 (whose `+`, `/` and `=` are then percent-encoded).
    pub fn blob(&mut self, key: &str, bytes: &[u8]) {
        self.string(key, &http::base64_encode(bytes));
    }

    /// `&key=`, the separator left out before the first pair.
    fn key(&mut self, key: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, COMPONENT));
        self.out.push('=');
    }

    /// A value with nothing to encode (digits, `true`, `NaN`, `-Infinity`).
    fn raw(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.push_str(value);
    }
}

/// The key of one value in a query body: member names and 1-based
/// positions joined by dots.
///
/// | shape | key of an item |
/// | --- | --- |
/// | structure member | `key.member(name)` |
/// | list item | `key.member("member").nth(i)` (or the member's `xmlName`) |
/// | flattened list item | `key.nth(i)` |
/// | map entry key, value | `key.member("entry").nth(i).member("key")`, `….member("value")` |
/// | flattened map entry | `key.nth(i).member("key")`, `key.nth(i).member("value")` |
///
/// A `QueryKey` derefs to `&str`, so it is passed to [`QueryWriter`] as `&key`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct QueryKey(String);

impl QueryKey {
    /// The empty key that top-level members hang from.
    pub fn root() -> Self {
        Self::default()
    }

    /// A top-level member's key: `name`.
    pub fn new(name: &str) -> Self {
        Self(name.to_owned())
    }

    /// `self.name` (just `name` under the root).
    pub fn member(&self, name: &str) -> Self {
        if self.0.is_empty() {
            return Self::new(name);
        }
        let mut key = String::with_capacity(self.0.len() + 1 + name.len());
        key.push_str(&self.0);
        key.push('.');
        key.push_str(name);
        Self(key)
    }

    /// The key of the item at 0-based `index` (as `enumerate` counts):
    /// `self.{index + 1}`, since the protocols number items from 1.
    pub fn nth(&self, index: usize) -> Self {
        self.member(itoa::Buffer::new().format(index.saturating_add(1)))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for QueryKey {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for QueryKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QueryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
