//! restJson1 wire helpers: JSON reader and writer, HTTP bindings, error discovery.
//!
//! Generated serializers and deserializers call these; everything here is the
//! same for every operation, so it is written (and tested) once.

#[cfg(feature = "compression")]
pub mod compression;
pub mod errors;
pub mod http;
pub mod json;
pub mod message;
mod numbers;

pub use http::TimestampFormat;
pub use json::DeserializeError;
