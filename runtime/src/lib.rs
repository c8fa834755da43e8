//! Hand-written runtime shared by every generated client crate.
//!
//! Generated crates only wire model facts into calls to this crate; see
//! `docs/runtime-contract.md` for the boundary.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The STS and SSO clients under `credentials` are generated code, which
// names this crate `::client_runtime` as every generated crate does.
extern crate self as client_runtime;

pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[cfg(feature = "fake")]
pub mod fake;
pub mod protocol;
#[cfg(feature = "serde")]
pub mod serde;
pub mod types;
pub mod validate;

/// Third-party crates that generated code reaches through this crate, so a
/// generated crate has a single dependency.
pub mod reexports {
    pub use aws_credential_types;
    pub use aws_smithy_types;
    #[cfg(feature = "sdk-config")]
    pub use aws_types;
    pub use bytes;
    pub use http;
}
