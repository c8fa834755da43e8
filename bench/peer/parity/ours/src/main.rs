//! The program of `../official/src/main.rs` on connect-client: build.rs
//! changes its `use aws_sdk_connect as connect;` line and nothing else.

include!(concat!(env!("OUT_DIR"), "/program.rs"));
