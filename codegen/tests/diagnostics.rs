//! A bad model is reported, all problems at once, each with file, shape id,
//! member and what was expected. One row per kind of problem.

use std::path::PathBuf;

use codegen::{Options, generate_from_strs};

fn opts() -> Options {
    Options {
        models: vec![],
        service: None,
        operations: vec![],
        crate_name: "diag-test".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "test".into(),
    }
}

/// A minimal valid service with one operation, into which each case splices shapes.
fn service_with(extra: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
        "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                    "traits": {{"aws.protocols#restJson1": {{}}, "aws.api#service": {{"sdkId": "Ex"}}}}}},
        "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}}, "output": {{"target": "ex#OpOutput"}},
                   "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/op"}}}}}},
        "ex#OpOutput": {{"type": "structure", "members": {{}}}}
        {extra}
    }}}}"#
    )
}

/// Generation errors for these files, one `Display` line each.
fn errors(files: &[(&str, String)]) -> Vec<String> {
    let models: Vec<(PathBuf, String)> = files.iter().map(|(p, t)| (PathBuf::from(p), t.clone())).collect();
    match generate_from_strs(&models, &opts()) {
        Ok(_) => vec![],
        Err(e) => e.diagnostics.iter().filter(|d| d.severity == codegen::Severity::Error).map(|d| d.to_string()).collect(),
    }
}

fn input(members: &str) -> String {
    format!(r#", "ex#OpInput": {{"type": "structure", "members": {{{members}}}}}"#)
}

#[test]
fn each_bad_model_gets_its_exact_message() {
    let cases: Vec<(&str, Vec<(&str, String)>, Vec<&str>)> = vec![
        (
            "unreadable JSON",
            vec![("m.json", "{\"smithy\": \"2.0\", \"shapes\": {".into())],
            vec!["error: m.json: not a Smithy JSON AST (line 1, column 29): EOF while parsing an object"],
        ),
        (
            "unsupported version",
            vec![("m.json", r#"{"smithy": "3.0", "shapes": {}}"#.into())],
            vec![r#"error: m.json: unsupported Smithy version `3.0`: expected "1.0" or "2.0""#],
        ),
        (
            "malformed shape",
            vec![("m.json", r#"{"smithy": "2.0", "shapes": {"ex#A": {"type": "string", "bogus": 1}}}"#.into())],
            vec!["error: m.json: ex#A: malformed shape: unknown field `bogus`, expected one of `type`, `members`, `member`, `key`, `value`, `traits`, `mixins`, `version`, `operations`, `resources`, `errors`, `input`, `output`, `rename`, `identifiers`, `properties`, `create`, `put`, `read`, `update`, `delete`, `list`, `collectionOperations`"],
        ),
        (
            "dangling member target",
            vec![("m.json", service_with(&input(r#""A": {"target": "ex#Missing"}"#)))],
            vec!["error: m.json: ex#OpInput$A: member targets `ex#Missing`, which is not defined"],
        ),
        (
            "dangling operation input",
            vec![("m.json", service_with(""))],
            vec!["error: m.json: ex#Op: a binding targets `ex#OpInput`, which is not defined"],
        ),
        (
            "conflicting duplicate shapes",
            vec![
                ("a.json", service_with(&format!(r#"{}, "ex#S": {{"type": "string"}}"#, input("")))),
                ("b.json", r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "integer"}}}"#.into()),
            ],
            vec!["error: b.json: ex#S: conflicting definitions of this shape here and in a.json"],
        ),
        (
            "conflicting applied traits",
            vec![
                ("a.json", service_with(&format!(r#"{}, "ex#S": {{"type": "string"}}"#, input("")))),
                ("b.json", r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "apply", "traits": {"smithy.api#pattern": "^a$"}}}}"#.into()),
                ("c.json", r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "apply", "traits": {"smithy.api#pattern": "^b$"}}}}"#.into()),
            ],
            vec!["error: c.json: ex#S: conflicting `apply` of trait `smithy.api#pattern`: also applied with another value in b.json"],
        ),
        (
            "apply to a missing member",
            vec![
                ("a.json", service_with(&input(""))),
                ("b.json", r#"{"smithy": "2.0", "shapes": {"ex#OpInput$Nope": {"type": "apply", "traits": {"smithy.api#required": {}}}}}"#.into()),
            ],
            vec!["error: b.json: ex#OpInput$Nope: `apply` targets a member that does not exist"],
        ),
        (
            "length min greater than max",
            vec![("m.json", service_with(&input(r#""A": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 5, "max": 2}}}"#)))],
            vec!["error: m.json: ex#OpInput$A: `@length` has min 5 greater than max 2"],
        ),
        (
            "range min greater than max",
            vec![("m.json", service_with(&format!(r#"{}, "ex#N": {{"type": "integer", "traits": {{"smithy.api#range": {{"min": 10, "max": 1}}}}}}"#, input(r#""A": {"target": "ex#N"}"#))))],
            vec!["error: m.json: ex#N: `@range` has min 10 greater than max 1"],
        ),
        (
            "range bound that is not a number",
            vec![("m.json", service_with(&format!(r#"{}, "ex#N": {{"type": "integer", "traits": {{"smithy.api#range": {{"min": "zero"}}}}}}"#, input(r#""A": {"target": "ex#N"}"#))))],
            vec!["error: m.json: ex#N: `@range` bounds must be numbers"],
        ),
        (
            "pattern that does not compile",
            vec![("m.json", service_with(&format!(r#"{}, "ex#P": {{"type": "string", "traits": {{"smithy.api#pattern": "^(ab$"}}}}"#, input(r#""A": {"target": "ex#P"}"#))))],
            vec!["error: m.json: ex#P: `@pattern` does not compile"],
        ),
        (
            "members that clash after snake case",
            vec![("m.json", service_with(&input(r#""FooBar": {"target": "smithy.api#String"}, "foo_bar": {"target": "smithy.api#String"}"#)))],
            vec!["error: m.json: ex#OpInput: `FooBar` and `foo_bar` become the same Rust member name `foo_bar`"],
        ),
        (
            "types that clash across namespaces",
            vec![("m.json", service_with(&format!(r#"{}, "ex#Thing": {{"type": "structure", "members": {{}}}}, "other#Thing": {{"type": "structure", "members": {{}}}}"#, input(r#""A": {"target": "ex#Thing"}, "B": {"target": "other#Thing"}"#))))],
            vec!["error: m.json: ex#Thing: shapes ex#Thing, other#Thing all become the Rust type `Thing`; rename one with the service's `rename`"],
        ),
        (
            "enum values that clash",
            vec![("m.json", service_with(&format!(r#"{}, "ex#E": {{"type": "enum", "members": {{"A": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": "x"}}}}, "B": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": "x"}}}}}}}}"#, input(r#""A": {"target": "ex#E"}"#))))],
            vec!["error: m.json: ex#E$B: enum value `x` is also used by member `A`"],
        ),
        (
            "intEnum value that is not an integer",
            vec![("m.json", service_with(&format!(r#"{}, "ex#E": {{"type": "intEnum", "members": {{"A": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": "one"}}}}}}}}"#, input(r#""A": {"target": "ex#E"}"#))))],
            vec!["error: m.json: ex#E$A: an intEnum member needs an integer `smithy.api#enumValue`"],
        ),
        (
            "unknown shape type",
            vec![("m.json", service_with(&format!(r#"{}, "ex#W": {{"type": "widget"}}"#, input(""))))],
            vec!["error: m.json: ex#W: unknown shape type `widget`"],
        ),
        (
            "list without a member",
            vec![("m.json", service_with(&format!(r#"{}, "ex#L": {{"type": "list"}}"#, input(r#""A": {"target": "ex#L"}"#))))],
            vec!["error: m.json: ex#L: a list needs a `member`"],
        ),
        (
            "map keyed by an integer",
            vec![("m.json", service_with(&format!(r#"{}, "ex#M": {{"type": "map", "key": {{"target": "smithy.api#Integer"}}, "value": {{"target": "smithy.api#String"}}}}"#, input(r#""A": {"target": "ex#M"}"#))))],
            vec!["error: m.json: ex#M$key: a map key must target a string or enum, not a integer"],
        ),
        (
            "httpError out of range",
            vec![("m.json", service_with(&format!(r#"{}, "ex#Err": {{"type": "structure", "members": {{}}, "traits": {{"smithy.api#error": "client", "smithy.api#httpError": 200}}}}"#, input(""))))],
            vec!["error: m.json: ex#Err: `@httpError` must be a status code from 400 to 599"],
        ),
        (
            "label missing from the URI",
            vec![("m.json", service_with(&input(r#""Id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}"#)))],
            vec!["error: m.json: ex#OpInput$Id: `@httpLabel` member is not in the URI `/op` of `ex#Op`"],
        ),
        (
            "mixin cycle",
            vec![("m.json", service_with(&format!(r#"{}, "ex#X": {{"type": "structure", "members": {{}}, "mixins": [{{"target": "ex#Y"}}], "traits": {{"smithy.api#mixin": {{}}}}}}, "ex#Y": {{"type": "structure", "members": {{}}, "mixins": [{{"target": "ex#X"}}], "traits": {{"smithy.api#mixin": {{}}}}}}"#, input(""))))],
            vec!["error: m.json: ex#X: mixin cycle: ex#X -> ex#Y -> ex#X"],
        ),
    ];
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for (name, files, want) in &cases {
        let got = errors(files);
        let matches = got.len() == want.len() && got.iter().zip(want).all(|(g, w)| g.starts_with(w));
        if !matches {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn all_problems_are_reported_at_once() {
    let model = service_with(&input(
        r#""A": {"target": "ex#Missing1"}, "B": {"target": "ex#Missing2"}, "C": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 3, "max": 1}}}"#,
    ));
    let got = errors(&[("m.json", model)]);
    assert_eq!(got.len(), 3, "{got:#?}");
}

#[test]
fn a_valid_model_generates_and_defective_patterns_warn() {
    let model = service_with(&format!(
        r#"{}, "ex#Phone": {{"type": "string", "traits": {{"smithy.api#pattern": "^\\\\+[1-9]\\\\d{{1,14}}$"}}}}"#,
        input(r#""A": {"target": "ex#Phone"}"#)
    ));
    let out = generate_from_strs(&[(PathBuf::from("m.json"), model)], &opts()).expect("valid model");
    let warnings: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(warnings.iter().any(|w| w.starts_with("warning: m.json: ex#Phone: `@pattern`") && w.contains("double-escaped")), "{warnings:#?}");
    assert!(out.files.contains_key(&PathBuf::from("src/lib.rs")));
}

/// The minimal service with an endpoint rule set whose `rules` are `rules`,
/// and an input with `members`.
fn service_with_rules(rules: &str, members: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
        "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                    "traits": {{"aws.protocols#restJson1": {{}}, "aws.api#service": {{"sdkId": "Ex"}},
                               "smithy.rules#endpointRuleSet": {{"version": "1.0",
                                   "parameters": {{"Region": {{"type": "String", "builtIn": "AWS::Region", "required": false}}}},
                                   "rules": {rules}}}}}}},
        "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}}, "output": {{"target": "ex#OpOutput"}},
                   "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/op"}}}}}},
        "ex#OpInput": {{"type": "structure", "members": {{{members}}}}},
        "ex#OpOutput": {{"type": "structure", "members": {{}}}}
    }}}}"#
    )
}

#[test]
fn each_bad_endpoint_rule_set_names_the_rule() {
    const OK: &str = r#"{"type": "error", "conditions": [], "error": "fallback"}"#;
    let err = |conditions: &str| format!(r#"[{{"type": "error", "conditions": {conditions}, "error": "x"}}, {OK}]"#);
    let at = |path: &str, msg: &str| format!("error: m.json: ex#Svc: endpoint rule set at `{path}`: {msg}");
    let cases: Vec<(&str, String, &str, Vec<String>)> = vec![
        ("unknown function", err(r#"[{"fn": "frobnicate", "argv": []}]"#), "", vec![at("rules[0].conditions[0]", "unknown function `frobnicate`")]),
        (
            "wrong argument count",
            err(r#"[{"fn": "isSet", "argv": []}]"#),
            "",
            vec![at("rules[0].conditions[0]", "`isSet` takes 1 argument(s), found 0")],
        ),
        (
            "wrong argument type",
            err(r#"[{"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}]"#),
            "",
            vec![at("rules[0].conditions[0].argv[0]", "argument 1 of `booleanEquals` must be a boolean, found a string")],
        ),
        (
            "undefined parameter",
            err(r#"[{"fn": "isSet", "argv": [{"ref": "Bucket"}]}]"#),
            "",
            vec![at("rules[0].conditions[0].argv[0]", "reference to `Bucket`, which is neither a parameter nor an assigned variable")],
        ),
        (
            "a variable used outside the rule that assigns it",
            format!(
                r#"[{{"type": "tree", "conditions": [{{"fn": "aws.partition", "argv": [{{"ref": "Region"}}], "assign": "P"}}], "rules": [{OK}]}},
                   {{"type": "error", "conditions": [], "error": "in {{P#name}}"}}]"#
            ),
            "",
            vec![at("rules[1].error", "reference to `P`, which is assigned, but not in this rule or an enclosing one")],
        ),
        (
            "a field a partition does not have, deep in a tree",
            format!(
                r#"[{{"type": "tree", "conditions": [], "rules": [{{"type": "tree", "conditions": [{{"fn": "isSet", "argv": [{{"ref": "Region"}}]}}], "rules": [
                    {{"type": "error", "conditions": [{{"fn": "aws.partition", "argv": [{{"ref": "Region"}}], "assign": "P"}},
                                                      {{"fn": "getAttr", "argv": [{{"ref": "P"}}, "dnsSufix"]}}], "error": "x"}}, {OK}]}}, {OK}]}}]"#
            ),
            "",
            vec![at("rules[0].rules[0].rules[0].conditions[1]", "a partition record has no field `dnsSufix`")],
        ),
        ("rules after an unconditional rule", format!("[{OK}, {OK}]"), "", vec![at("rules[1]", "unreachable: `rules[0]` has no conditions, so it always matches first")]),
        (
            "a template part that is not a string",
            r#"[{"type": "error", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}], "error": "{P#supportsFIPS}"}, {"type": "error", "conditions": [], "error": "y"}]"#.to_string(),
            "",
            vec![at("rules[0].error", "template part `{P#supportsFIPS}` is a boolean, not a string")],
        ),
        (
            "a context parameter the rule set does not define",
            format!("[{OK}]"),
            r#""Bucket": {"target": "smithy.api#String", "traits": {"smithy.rules#contextParam": {"name": "Bucket"}}}"#,
            vec!["error: m.json: ex#OpInput$Bucket: context parameter `Bucket` is not a parameter of the endpoint rule set".to_string()],
        ),
    ];
    for (what, rules, members, want) in cases {
        assert_eq!(errors(&[("m.json", service_with_rules(&rules, members))]), want, "{what}");
    }
}

#[test]
fn a_service_without_a_rule_set_gets_the_documented_fallback_warning() {
    let g = generate_from_strs(&[(PathBuf::from("m.json"), service_with(&input("")))], &opts()).expect("generates");
    let warnings: Vec<String> = g.diagnostics.iter().map(|d| d.to_string()).filter(|d| d.contains("endpointRuleSet")).collect();
    assert_eq!(
        warnings,
        ["warning: m.json: ex#Svc: the service has no `smithy.rules#endpointRuleSet`: requests go to `https://{endpointPrefix}.{region}.amazonaws.com` (`.amazonaws.com.cn` in `cn-*` regions), or to the configured endpoint URL"]
    );
    assert!(!g.files.contains_key(std::path::Path::new("src/endpoint.rs")));
}
