//! Operation subsetting: generating one operation of a large model keeps
//! exactly the shapes that operation reaches, so users compile only what
//! they call. Event streams, which we cannot generate yet, are a named
//! diagnostic and the operation is left out, never silently half-generated.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn models_dir() -> PathBuf {
    std::env::var_os("SMITHY_MODELS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models"))
}

fn opts(models: Vec<PathBuf>, operations: &[&str]) -> codegen::Options {
    codegen::Options {
        models,
        service: None,
        operations: operations.iter().map(|s| s.to_string()).collect(),
        crate_name: "subset".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "test".into(),
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
    let connect = models_dir().join("connect-2017-08-08.json");
    if !connect.exists() {
        println!("skipped: {} not found (set SMITHY_MODELS_DIR)", connect.display());
        return;
    }
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

#[test]
fn an_unknown_operation_is_an_error_naming_it() {
    let ours = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../model/connect-describe-user.json");
    let e = codegen::generate(&opts(vec![ours], &["DescribeUsers"])).unwrap_err();
    let msgs: Vec<String> = e.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(msgs.iter().any(|m| m.contains("no operation named `DescribeUsers` in this service")), "{msgs:#?}");
}

#[test]
fn event_stream_operations_are_a_named_diagnostic() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Watch"}, {"target": "ex#Get"}],
                   "traits": {"aws.protocols#restJson1": {}}},
        "ex#Watch": {"type": "operation", "input": {"target": "ex#WatchInput"}, "output": {"target": "ex#WatchOutput"},
                     "traits": {"smithy.api#http": {"method": "POST", "uri": "/watch"}}},
        "ex#WatchInput": {"type": "structure", "members": {}},
        "ex#WatchOutput": {"type": "structure", "members": {"events": {"target": "ex#Events", "traits": {"smithy.api#httpPayload": {}}}}},
        "ex#Events": {"type": "union", "members": {"tick": {"target": "ex#Tick"}}, "traits": {"smithy.api#streaming": {}}},
        "ex#Tick": {"type": "structure", "members": {}},
        "ex#Get": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/get"}}}
    }}"#;
    let g = codegen::generate_from_strs(&[(PathBuf::from("m.json"), model.to_string())], &opts(vec![], &[])).expect("generates");
    let msgs: Vec<String> = g.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        msgs,
        ["warning: m.json: ex#Watch: event streams are not supported yet (member `events`); the operation is not generated"]
    );
    assert_eq!(files_under(&g, "src/operation"), BTreeSet::from(["get.rs".to_string()]));
}
