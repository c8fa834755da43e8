//! XML bodies for awsQuery and ec2Query responses and for restXml both ways:
//! a pull [`XmlReader`] over bytes, an [`XmlWriter`] into bytes, and the
//! envelopes errors and query responses arrive in.
//!
//! Like the JSON helpers, neither side builds a tree: generated code walks
//! elements member by member. The tokenizer is `quick-xml` (see
//! `docs/xml.md`); everything it leaves to its callers (names, entities,
//! DOCTYPE, depth, end of document) is checked here.

mod errors;
mod reader;
mod response;
mod writer;

pub use errors::{ErrorEnvelope, error_members, error_metadata, error_metadata_ec2, error_metadata_query, error_metadata_rest_xml};
pub use reader::XmlReader;
pub use response::{ec2_response, query_response};
pub use writer::{StartTag, XmlWriter};
