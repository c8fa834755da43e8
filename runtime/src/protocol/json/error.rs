//! The error every deserializer returns.

use std::borrow::Cow;
use std::fmt;

/// A response could not be turned into the modeled output or error.
///
/// Carries what went wrong and, when the problem is in a JSON body, the byte
/// offset where the reader noticed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    message: Cow<'static, str>,
    offset: Option<usize>,
}

impl DeserializeError {
    /// A failure described by `message`, at no particular place.
    pub fn custom(message: impl Into<String>) -> Self {
        Self { message: Cow::Owned(message.into()), offset: None }
    }

    /// A `@required` member (named as it appears on the wire) was absent.
    pub fn missing_required(member: &'static str) -> Self {
        Self::custom(format!("required member `{member}` is missing"))
    }

    /// A member (named as it appears on the wire) held a value its shape cannot take.
    pub fn invalid_value(member: &'static str, details: impl fmt::Display) -> Self {
        Self::custom(format!("member `{member}` has an invalid value: {details}"))
    }

    /// A union had no member set, or more than one.
    pub fn invalid_union(union: &'static str, set_members: usize) -> Self {
        Self::custom(format!("union `{union}` must have exactly one member set, found {set_members}"))
    }

    /// Sets the byte offset the error refers to.
    pub fn at_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the body where the problem was found, if known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// A static message at an offset: the reader's error path allocates nothing.
    pub(crate) fn at(message: &'static str, offset: usize) -> Self {
        Self { message: Cow::Borrowed(message), offset: Some(offset) }
    }

    /// An owned message at an offset.
    pub(crate) fn owned_at(message: String, offset: usize) -> Self {
        Self { message: Cow::Owned(message), offset: Some(offset) }
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} (at byte {offset})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for DeserializeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_offset_when_known() {
        assert_eq!(DeserializeError::at("bad", 7).to_string(), "bad (at byte 7)");
        assert_eq!(DeserializeError::custom("bad").to_string(), "bad");
        let e = DeserializeError::missing_required("Name");
        assert!(e.to_string().contains("`Name`"), "{e}");
        assert_eq!(e.offset(), None);
        assert_eq!(e.at_offset(3).offset(), Some(3));
    }

    #[test]
    fn constructors_describe_the_member() {
        let e = DeserializeError::invalid_value("Size", "not a number");
        assert_eq!(e.message(), "member `Size` has an invalid value: not a number");
        let e = DeserializeError::invalid_union("Choice", 2);
        assert!(e.message().contains("found 2"));
    }
}
