//! [`Region`]: the region a client sends requests to, shaped like the
//! official SDKs' `aws_types::region::Region` so code written for them
//! compiles; a `&str` or `String` converts into it too.

use std::borrow::Cow;
use std::fmt;

/// An AWS region, e.g. `us-east-1`. No check is made that it exists: a new
/// region works before this crate knows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region from its name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Self(region.into())
    }

    /// A region from a static name, in a `const`.
    pub const fn from_static(region: &'static str) -> Self {
        Self(Cow::Borrowed(region))
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Region {
    fn from(region: &str) -> Self {
        Self(Cow::Owned(region.to_owned()))
    }
}

impl From<&String> for Region {
    fn from(region: &String) -> Self {
        Self(Cow::Owned(region.clone()))
    }
}

impl From<String> for Region {
    fn from(region: String) -> Self {
        Self(Cow::Owned(region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_compare_by_name_however_made() {
        const STATIC: Region = Region::from_static("eu-west-1");
        assert_eq!(Region::new("eu-west-1"), STATIC);
        assert_eq!(Region::from("eu-west-1".to_string()), STATIC);
        assert_eq!(STATIC.as_ref(), "eu-west-1");
        assert_eq!(STATIC.to_string(), "eu-west-1");
        // The official SDKs' Debug, a tuple struct's.
        assert_eq!(format!("{STATIC:?}"), r#"Region("eu-west-1")"#);
    }
}
