//! The program of `../official`, with its one `use aws_sdk_connect as
//! connect;` line changed to `use connect_client as connect;`: the change a
//! user makes. Anything else differing would not be the same program.

fn main() {
    let source = "../official/src/main.rs";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("the official program");
    let from = "use aws_sdk_connect as connect;";
    assert_eq!(text.lines().filter(|l| *l == from).count(), 1, "{source} must have exactly one line `{from}`");
    assert!(!text.replace(from, "").contains("aws_sdk_connect"), "{source} may name aws_sdk_connect only in its `use` line");
    // Inner doc comments cannot be `include!`d; they describe the official file anyway.
    let body: String = text.lines().filter(|l| !l.starts_with("//!")).map(|l| if l == from { "use connect_client as connect;\n".to_string() } else { format!("{l}\n") }).collect();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("program.rs");
    std::fs::write(out, body).expect("write program.rs");
}
