//! Operation subsetting (`--operation`), and operations we cannot generate
//! yet: event streams are a named diagnostic and the operation is left out,
//! never silently half-generated. The subsetting of a large real model is
//! tested in `xtask/tests/subsetting.rs`.

use std::collections::BTreeSet;
use std::path::PathBuf;

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

/// The warning every model without an endpoint rule set gets (these models are not about endpoints).
fn no_rule_set(d: &codegen::Diagnostic) -> bool {
    d.message.starts_with("the service has no `smithy.rules#endpointRuleSet`")
}

#[test]
fn an_unknown_operation_is_an_error_naming_it() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#GetThing"}],
                   "traits": {"aws.protocols#restJson1": {}}},
        "ex#GetThing": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/thing"}}}
    }}"#;
    let e = codegen::generate_from_strs(&[(PathBuf::from("m.json"), model.to_string())], &opts(vec![], &["GetThings"])).unwrap_err();
    let msgs: Vec<String> = e.diagnostics.iter().filter(|d| !no_rule_set(d)).map(|d| d.to_string()).collect();
    assert_eq!(msgs, ["error: m.json: ex#Svc: no operation named `GetThings` in this service"]);
    let g = codegen::generate_from_strs(&[(PathBuf::from("m.json"), model.to_string())], &opts(vec![], &["GetThing"])).expect("generates");
    assert_eq!(files_under(&g, "src/operation"), BTreeSet::from(["get_thing.rs".to_string()]));
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
    let msgs: Vec<String> = g.diagnostics.iter().filter(|d| !no_rule_set(d)).map(|d| d.to_string()).collect();
    assert_eq!(
        msgs,
        ["warning: m.json: ex#Watch: event streams are not supported yet (member `events`); the operation is not generated"]
    );
    assert_eq!(files_under(&g, "src/operation"), BTreeSet::from(["get.rs".to_string()]));
}
