//! Wire helpers: restJson1's JSON reader and writer, HTTP bindings, error
//! discovery; with the `xml` feature also the XML and form-encoded query
//! helpers of awsQuery, ec2Query and restXml; with the `cbor` feature the
//! CBOR reader and writer of rpcv2Cbor.
//!
//! Generated serializers and deserializers call these; everything here is the
//! same for every operation, so it is written (and tested) once.

#[cfg(feature = "cbor")]
pub mod cbor;
#[cfg(feature = "compression")]
pub mod compression;
pub mod errors;
pub mod http;
pub mod json;
pub mod message;
pub(crate) mod numbers;
pub mod query;
pub mod xml;

pub use http::TimestampFormat;
pub use json::DeserializeError;
