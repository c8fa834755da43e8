//! Smithy RPC v2 CBOR (`smithy.protocols#rpcv2Cbor`) bodies: a pull
//! [`CborReader`] over bytes, a [`CborWriter`] into a `Vec<u8>`, and the
//! metadata of error responses. Behind the `cbor` feature.
//!
//! Like the JSON helpers, neither side builds a tree: generated code drives
//! them member by member. The decoder is our own over RFC 8949's major
//! types; docs/cbor.md says why no crate is used.

mod errors;
mod reader;
mod writer;

pub use errors::error_metadata;
pub use reader::CborReader;
pub use writer::CborWriter;

/// The `smithy-protocol` header every rpcv2Cbor request carries, and its value.
pub const SMITHY_PROTOCOL_HEADER: (&str, &str) = ("smithy-protocol", "rpc-v2-cbor");

/// The media type of rpcv2Cbor bodies (`Accept`, and `Content-Type` when a body is sent).
pub const CONTENT_TYPE: &str = "application/cbor";

/// The path of an rpcv2Cbor request: `/service/{ServiceName}/operation/{OperationName}`.
pub fn request_path(service: &str, operation: &str) -> String {
    format!("/service/{service}/operation/{operation}")
}
