//! JSON bodies: a pull [`JsonReader`] over bytes and a [`JsonWriter`] into a `String`.
//!
//! Neither builds an intermediate tree: generated code drives them member by
//! member, so a response is parsed in one pass without a `serde_json::Value`.

mod error;
mod reader;
mod writer;

pub use error::DeserializeError;
pub use reader::JsonReader;
pub use writer::JsonWriter;

pub(crate) use reader::parse_timestamp_str;
