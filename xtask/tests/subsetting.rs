//! Operation subsetting on the real Connect model: generating one operation
//! keeps exactly the shapes that operation reaches, so users compile only
//! what they call.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn opts(models: Vec<PathBuf>, operations: &[&str]) -> codegen::Options {
    codegen::Options {
        models,
        service: None,
        operations: operations.iter().map(|s| s.to_string()).collect(),
        crate_name: "subset".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "test".into(),
        fake_validation_error: None,
    }
}

fn files_under(g: &codegen::Generated, dir: &str) -> BTreeSet<String> {
    g.files
        .keys()
        .filter_map(|p| p.strip_prefix(dir).ok())
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn one_operation_of_the_full_connect_model() {
    let Some(connect) = oracle::require(oracle::model_file(&workspace_root(), "connect-2017-08-08.json")) else { return };
    let g = codegen::generate(&opts(vec![connect.clone()], &["DescribeUser"])).expect("generates");
    assert_eq!(files_under(&g, "src/operation"), BTreeSet::from(["describe_user.rs".to_string()]));
    let types = files_under(&g, "src/types");
    let expected = [
        "_user.rs",
        "_user_identity_info.rs",
        "_user_phone_config.rs",
        "_phone_type.rs",
        "_invalid_request_exception_reason.rs",
        "_attached_file_invalid_request_exception_reason.rs",
        "error.rs",
        "error/_internal_service_exception.rs",
        "error/_invalid_parameter_exception.rs",
        "error/_invalid_request_exception.rs",
        "error/_resource_not_found_exception.rs",
        "error/_throttling_exception.rs",
    ];
    for f in expected {
        assert!(types.contains(f), "missing {f} in {types:?}");
    }
    assert_eq!(types.len(), expected.len(), "unexpected extra types: {types:?}");
    // The whole model would be 1,260 files (see `cargo xtask check-models`).
    assert!(g.files.len() < 40, "{} files", g.files.len());
}

