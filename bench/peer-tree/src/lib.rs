//! Benches only: see `benches` in Cargo.toml.
