//! Snapshot tests: small purpose-built models in `tests/models/` and the
//! crate they generate. Review a change by reading the snapshot diff
//! (`cargo insta review`, or the `.snap.new` files); `cargo xtask
//! check-models` compiles the same crates with warnings denied.

use std::path::PathBuf;

fn generate(model: &str) -> codegen::Generated {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/models").join(model);
    let opts = codegen::Options {
        models: vec![path],
        service: None,
        operations: vec![],
        crate_name: format!("own-{}", model.trim_end_matches(".json")),
        runtime_path: "../runtime".into(),
        regenerate_command: "cargo xtask check-models".into(),
    };
    codegen::generate(&opts).unwrap_or_else(|e| panic!("{model} does not generate:\n{e}"))
}

fn joined(g: &codegen::Generated) -> String {
    let mut out = String::new();
    for d in &g.diagnostics {
        out.push_str(&format!("// diagnostic: {d}\n"));
    }
    for (path, text) in &g.files {
        out.push_str(&format!("// ===== {} =====\n{text}\n", path.display()));
    }
    out
}

#[test]
fn naming_obstacle_course() {
    insta::assert_snapshot!("naming", joined(&generate("naming.json")));
}

#[test]
fn every_shape_kind() {
    insta::assert_snapshot!("shapes", joined(&generate("shapes.json")));
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let a = joined(&generate("shapes.json"));
    let b = joined(&generate("shapes.json"));
    assert_eq!(a, b);
}
