//! Reusing earlier renders (`generate_reusing`) gives the bytes a full
//! render gives, for an unchanged model and after an edit to one shape,
//! and formats only what the edit touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};


fn opts(model: &Path) -> codegen::Options {
    codegen::Options {
        models: vec![model.to_path_buf()],
        service: None,
        operations: Vec::new(),
        crate_name: "reuse".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "test".into(),
        fake_validation_error: None,
    }
}

#[test]
fn reused_output_is_byte_identical_and_only_edited_shapes_are_formatted() {
    let dir = std::env::temp_dir().join(format!("codegen-reuse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models/feature-recursion.json");
    let mut model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&source).unwrap()).unwrap();
    let before = dir.join("before.json");
    std::fs::write(&before, model.to_string()).unwrap();
    model["shapes"]["example.recursion#Other"]["traits"]["smithy.api#documentation"] = "<p>Edited.</p>".into();
    let after = dir.join("after.json");
    std::fs::write(&after, model.to_string()).unwrap();
    let layout = codegen::Layout::Crate;

    let first = codegen::generate_as(&opts(&before), &layout).unwrap();
    assert_eq!(first.reused, 0);
    assert!(first.render_keys.len() > 5, "every Rust file has a key");
    assert!(first.render_keys.keys().all(|p| p.extension().is_some_and(|e| e == "rs")));

    let again = codegen::generate_reusing(&opts(&before), &layout, &first.reuse()).unwrap();
    assert_eq!(again.files, first.files);
    assert_eq!(again.reused, first.render_keys.len(), "nothing changed, nothing formatted");

    let full = codegen::generate_as(&opts(&after), &layout).unwrap();
    let partial = codegen::generate_reusing(&opts(&after), &layout, &first.reuse()).unwrap();
    assert_eq!(partial.files, full.files, "reuse never changes the output");
    let changed: BTreeMap<&PathBuf, &String> = full.files.iter().filter(|(p, t)| first.files.get(*p) != Some(*t)).collect();
    assert!(changed.keys().any(|p| p.ends_with("src/types/_other.rs")), "the edited shape's file changed: {:?}", changed.keys());
    assert_eq!(partial.render_keys.len() - partial.reused, changed.len(), "exactly the changed files were formatted: {:?}", changed.keys());
    std::fs::remove_dir_all(&dir).unwrap();
}
