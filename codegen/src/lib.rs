//! Smithy JSON AST to Rust client crate generator.
