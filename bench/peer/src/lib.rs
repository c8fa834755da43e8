//! Nothing: the benchmark is `benches/compare.rs`.
