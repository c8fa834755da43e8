//! Credentials for every place a client runs (docs/credentials.md).
//!
//! `sts` and `sso` are clients generated from `model/credentials/` by
//! `cargo xtask codegen`, for the providers that assume roles and read IAM
//! Identity Center sessions.

pub mod sso;
pub mod sts;
