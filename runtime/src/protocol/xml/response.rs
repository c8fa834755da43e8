//! The documents awsQuery and ec2Query successful responses arrive in.

use super::XmlReader;
use crate::protocol::json::DeserializeError;

/// Reads an awsQuery response body,
/// `<{operation}Response><{operation}Result>…</{operation}Result><ResponseMetadata>…</ResponseMetadata></{operation}Response>`:
/// `member` gets each child of the `Result` element, as
/// [`XmlReader::children`] does. An empty body, or a response without a
/// `Result` element (an output with no members), gives no members; a root
/// element of another name is an error.
pub fn query_response<'a>(
    body: &'a [u8],
    operation: &str,
    mut member: impl FnMut(&'a str, &mut XmlReader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    XmlReader::read_body(body, |root, r| {
        check_root(root, operation)?;
        r.children(|name, r| if name.strip_suffix("Result") == Some(operation) { r.children(&mut member) } else { r.skip() })
    })
}

/// Reads an ec2Query response body, `<{operation}Response>…</{operation}Response>`:
/// `member` gets each child of the root (`requestId` among them), as
/// [`XmlReader::children`] does. An empty body gives no members; a root
/// element of another name is an error.
pub fn ec2_response<'a>(
    body: &'a [u8],
    operation: &str,
    member: impl FnMut(&'a str, &mut XmlReader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    XmlReader::read_body(body, |root, r| {
        check_root(root, operation)?;
        r.children(member)
    })
}

fn check_root(root: &str, operation: &str) -> Result<(), DeserializeError> {
    if root.strip_suffix("Response") == Some(operation) {
        Ok(())
    } else {
        Err(DeserializeError::owned_at(format!("expected `<{operation}Response>`, found `<{root}>`"), 0))
    }
}

#[cfg(test)]
#[path = "response_tests.rs"]
mod tests;
