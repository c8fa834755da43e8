//! Small value types generated data types share.

use std::fmt;

use aws_smithy_types::Document;

/// The value of an enum that the generated crate does not know: the service
/// sent something newer than the model. It is kept verbatim so it can be
/// inspected, logged and sent back. Its `Debug` is `UnknownVariantValue("X")`, as
/// the official SDKs print it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value given to an enum's `try_parse` that the model does not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// The error for `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self { value: value.into() }
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The official SDKs' wording.
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl std::error::Error for UnknownVariantError {}

/// A `Document` from JSON text known at generation time (a `@default` of a
/// document member). Text that does not parse gives `Document::Null`.
pub fn document_from_json(json: &str) -> Document {
    let mut reader = crate::protocol::json::JsonReader::new(json.as_bytes());
    reader.document().unwrap_or(Document::Null)
}

/// A fresh idempotency token: a random version-4 UUID.
pub fn idempotency_token() -> String {
    let mut b: [u8; 16] = fastrand::u128(..).to_le_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_v4_uuids_and_differ() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn unknown_values_survive() {
        let v = UnknownVariantValue::new("VIDEO_PHONE");
        assert_eq!(v.as_str(), "VIDEO_PHONE");
        assert_eq!(format!("{v:?}"), r#"UnknownVariantValue("VIDEO_PHONE")"#);
    }

    #[test]
    fn documents_from_json() {
        assert_eq!(document_from_json("true"), Document::Bool(true));
        assert_eq!(document_from_json("{"), Document::Null);
    }
}
