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
        fake_validation_error: None,
    }
}

/// A minimal valid service with one operation, into which each case splices shapes.
fn service_with(extra: &str) -> String {
    service_full(&http(r#""method": "POST", "uri": "/op""#), &output(""), extra)
}

/// `service_with`, choosing the operation's traits and the output shape.
fn service_full(op_traits: &str, output: &str, extra: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
        "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                    "traits": {{"aws.protocols#restJson1": {{}}, "aws.api#service": {{"sdkId": "Ex"}}}}}},
        "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}}, "output": {{"target": "ex#OpOutput"}},
                   "traits": {{{op_traits}}}}},
        "ex#OpOutput": {output}
        {extra}
    }}}}"#
    )
}

/// The `@http` trait with these fields.
fn http(fields: &str) -> String {
    format!(r#""smithy.api#http": {{{fields}}}"#)
}

/// A structure shape with these members.
fn output(members: &str) -> String {
    format!(r#"{{"type": "structure", "members": {{{members}}}}}"#)
}

/// One member with these traits.
fn mem(name: &str, target: &str, traits: &str) -> String {
    format!(r#""{name}": {{"target": "{target}", "traits": {{{traits}}}}}"#)
}

/// `, "id": body`, to splice after other shapes.
fn shape(id: &str, body: &str) -> String {
    format!(r#", "{id}": {body}"#)
}

/// One file, `m.json`.
fn one(text: String) -> Vec<(&'static str, String)> {
    vec![("m.json", text)]
}

const S: &str = "smithy.api#String";
const REQ: &str = r#""smithy.api#required": {}"#;
const LABEL: &str = r#""smithy.api#httpLabel": {}, "smithy.api#required": {}"#;
const LIST: &str = r#", "ex#L": {"type": "list", "member": {"target": "smithy.api#String"}}"#;
const MAP: &str = r#", "ex#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}"#;

/// The service with this URI and input members.
fn with_uri(uri: &str, members: &str) -> String {
    service_full(&http(&format!(r#""method": "GET", "uri": "{uri}""#)), &output(""), &input(members))
}

/// The service with an `@endpoint` host prefix and these input members.
fn with_host(prefix: &str, members: &str) -> String {
    let traits = format!(r#"{}, "smithy.api#endpoint": {{"hostPrefix": "{prefix}"}}"#, http(r#""method": "POST", "uri": "/op""#));
    service_full(&traits, &output(""), &input(members))
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
        (
            "binding on a union member",
            one(service_with(&(input(&mem("U", "ex#U", "")) + &shape("ex#U", r#"{"type": "union", "members": {"A": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-A"}}}}"#)))),
            vec!["error: m.json: ex#U$A: `@httpHeader` applies only to members of a structure, not of a union"],
        ),
        (
            "two bindings on one member",
            one(service_with(&input(&mem("A", S, r#""smithy.api#httpHeader": "X-A", "smithy.api#httpQuery": "a""#)))),
            vec!["error: m.json: ex#OpInput$A: a member has one HTTP binding, not `@httpQuery` and `@httpHeader`"],
        ),
        (
            "label not required",
            one(with_uri("/op/{Id}", &mem("Id", S, r#""smithy.api#httpLabel": {}"#))),
            vec!["error: m.json: ex#OpInput$Id: `@httpLabel` member must be `@required`"],
        ),
        (
            "label bound to a list",
            one(service_full(&http(r#""method": "GET", "uri": "/op/{Id}""#), &output(""), &(input(&mem("Id", "ex#L", LABEL)) + LIST))),
            vec!["error: m.json: ex#OpInput$Id: `@httpLabel` must target a boolean, number, string or timestamp, not a list of string"],
        ),
        (
            "header name that is not a token",
            one(service_with(&input(&mem("A", S, r#""smithy.api#httpHeader": "X Foo""#)))),
            vec!["error: m.json: ex#OpInput$A: `@httpHeader` `X Foo` is not a valid HTTP header name"],
        ),
        (
            "response header bound to a structure",
            one(service_full(
                &http(r#""method": "POST", "uri": "/op""#),
                &output(&mem("S", "ex#Thing", r#""smithy.api#httpHeader": "X-S""#)),
                &(input("") + &shape("ex#Thing", &output(""))),
            )),
            vec!["error: m.json: ex#OpOutput$S: `@httpHeader` must target a boolean, number, string, timestamp or a list of them, not a structure"],
        ),
        (
            "header bound to a list of lists",
            one(service_with(&(input(&mem("A", "ex#LL", r#""smithy.api#httpHeader": "X-A""#)) + LIST + &shape("ex#LL", r#"{"type": "list", "member": {"target": "ex#L"}}"#)))),
            vec!["error: m.json: ex#OpInput$A: `@httpHeader` must target a boolean, number, string, timestamp or a list of them, not a list of list"],
        ),
        (
            "query parameter without a name",
            one(service_with(&input(&mem("A", S, r#""smithy.api#httpQuery": """#)))),
            vec!["error: m.json: ex#OpInput$A: `@httpQuery` must be a non-empty parameter name"],
        ),
        (
            "query parameter bound to a map",
            one(service_with(&(input(&mem("A", "ex#M", r#""smithy.api#httpQuery": "a""#)) + MAP))),
            vec!["error: m.json: ex#OpInput$A: `@httpQuery` must target a boolean, number, string, timestamp or a list of them, not a map of string"],
        ),
        (
            "query params bound to a list",
            one(service_with(&(input(&mem("A", "ex#L", r#""smithy.api#httpQueryParams": {}"#)) + LIST))),
            vec!["error: m.json: ex#OpInput$A: `@httpQueryParams` must target a map of strings or of lists of strings, not a list of string"],
        ),
        (
            "prefix headers bound to a string",
            one(service_with(&input(&mem("A", S, r#""smithy.api#httpPrefixHeaders": "X-Meta-""#)))),
            vec!["error: m.json: ex#OpInput$A: `@httpPrefixHeaders` must target a map of strings that is not `@sparse`, not a string"],
        ),
        (
            "prefix headers bound to a sparse map",
            one(service_with(&(input(&mem("A", "ex#M", r#""smithy.api#httpPrefixHeaders": "X-Meta-""#)) + &MAP.replace("}}", r#"}, "traits": {"smithy.api#sparse": {}}}"#)))),
            vec!["error: m.json: ex#OpInput$A: `@httpPrefixHeaders` must target a map of strings that is not `@sparse`, not a map of string"],
        ),
        (
            "prefix that cannot start a header name",
            one(service_with(&(input(&mem("A", "ex#M", r#""smithy.api#httpPrefixHeaders": "X Meta-""#)) + MAP))),
            vec!["error: m.json: ex#OpInput$A: `@httpPrefixHeaders` prefix `X Meta-` is not a valid start of an HTTP header name"],
        ),
        (
            "payload bound to a list",
            one(service_with(&(input(&mem("P", "ex#L", r#""smithy.api#httpPayload": {}"#)) + LIST))),
            vec!["error: m.json: ex#OpInput$P: `@httpPayload` must target a structure, union, document, string or blob, not a list of string"],
        ),
        (
            "status code bound to a string",
            one(service_full(&http(r#""method": "POST", "uri": "/op""#), &output(&mem("C", S, r#""smithy.api#httpResponseCode": {}"#)), &input(""))),
            vec!["error: m.json: ex#OpOutput$C: `@httpResponseCode` must target an integer, not a string"],
        ),
        (
            "status code in an input",
            one(service_with(&shape(
                "ex#OpInput",
                r#"{"type": "structure", "members": {"C": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}}}, "traits": {"smithy.api#input": {}}}"#,
            ))),
            vec!["error: m.json: ex#OpInput$C: `@httpResponseCode` cannot be in an `@input` structure (a request has no status code)"],
        ),
        (
            "two payloads",
            one(service_with(&input(&format!("{}, {}", mem("A", S, r#""smithy.api#httpPayload": {}"#), mem("B", S, r#""smithy.api#httpPayload": {}"#))))),
            vec!["error: m.json: ex#OpInput$B: only one member of a structure can have `@httpPayload`; `A` has it too"],
        ),
        (
            "headers that differ only in case",
            one(service_with(&input(&format!("{}, {}", mem("A", S, r#""smithy.api#httpHeader": "X-Foo""#), mem("B", S, r#""smithy.api#httpHeader": "x-foo""#))))),
            vec!["error: m.json: ex#OpInput$B: header `x-foo` is also bound by member `A` (header names are case-insensitive)"],
        ),
        (
            "header inside the prefix headers",
            one(service_with(
                &(input(&format!("{}, {}", mem("A", S, r#""smithy.api#httpHeader": "X-Meta-Id""#), mem("M", "ex#M", r#""smithy.api#httpPrefixHeaders": "x-meta-""#))) + MAP),
            )),
            vec!["error: m.json: ex#OpInput$A: header `X-Meta-Id` starts with the `@httpPrefixHeaders` prefix `x-meta-` of member `M`"],
        ),
        (
            "two members on one query parameter",
            one(service_with(&input(&format!("{}, {}", mem("A", S, r#""smithy.api#httpQuery": "q""#), mem("B", S, r#""smithy.api#httpQuery": "q""#))))),
            vec!["error: m.json: ex#OpInput$B: query parameter `q` is also bound by member `A`"],
        ),
        (
            "request body member next to a payload",
            one(service_with(&input(&format!("{}, {}", mem("A", S, r#""smithy.api#httpPayload": {}"#), mem("B", S, ""))))),
            vec!["error: m.json: ex#OpInput$B: `A` is the `@httpPayload` of this input, so this member must be bound to a label, the query or a header, not the body"],
        ),
        (
            "error body member next to a payload",
            one(service_with(&(input("")
                + &shape(
                    "ex#Err",
                    &format!(r#"{{"type": "structure", "members": {{{}, {}}}, "traits": {{"smithy.api#error": "client"}}}}"#, mem("P", "smithy.api#Blob", r#""smithy.api#httpPayload": {}"#), mem("B", S, "")),
                )))),
            vec!["error: m.json: ex#Err$B: `P` is the `@httpPayload` of this error, so this member must be bound to a header or the status code, not the body"],
        ),
        (
            "input that is not a structure",
            one(service_with(&shape("ex#OpInput", r#"{"type": "union", "members": {"A": {"target": "smithy.api#String"}}}"#))),
            vec!["error: m.json: ex#Op: the input must target a structure, not a union"],
        ),
        (
            "output that is an error",
            one(service_full(&http(r#""method": "POST", "uri": "/op""#), r#"{"type": "structure", "members": {}, "traits": {"smithy.api#error": "server"}}"#, &input(""))),
            vec!["error: m.json: ex#Op: the output targets `ex#OpOutput`, which is an `@error` structure"],
        ),
        (
            "error that is not a structure",
            one(service_with(&(input("") + &shape("ex#Op2", r#"{"type": "operation", "errors": [{"target": "ex#E"}]}"#) + &shape("ex#E", r#"{"type": "string"}"#)))),
            vec!["error: m.json: ex#Op2: error `ex#E` must be a structure, not a string"],
        ),
        (
            "error without the error trait",
            one(service_with(&(input("") + &shape("ex#Op2", r#"{"type": "operation", "errors": [{"target": "ex#E"}]}"#) + &shape("ex#E", &output(""))))),
            vec!["error: m.json: ex#Op2: error `ex#E` lacks the `smithy.api#error` trait"],
        ),
        (
            "input structure of two operations",
            one(service_with(&(shape("ex#OpInput", r#"{"type": "structure", "members": {}, "traits": {"smithy.api#input": {}}}"#)
                + &shape("ex#Op2", r#"{"type": "operation", "input": {"target": "ex#OpInput"}}"#)))),
            vec!["error: m.json: ex#OpInput: an `@input` structure is the input of one operation, not of `ex#Op`, `ex#Op2`"],
        ),
        (
            "input structure used as an output",
            one(service_with(&(shape("ex#OpInput", r#"{"type": "structure", "members": {}, "traits": {"smithy.api#input": {}}}"#)
                + &shape("ex#Op2", r#"{"type": "operation", "output": {"target": "ex#OpInput"}}"#)))),
            vec!["error: m.json: ex#Op2: the output targets `ex#OpInput`, which is marked `@input`"],
        ),
        (
            "member targeting an input structure",
            one(service_with(&(shape("ex#OpInput", r#"{"type": "structure", "members": {}, "traits": {"smithy.api#input": {}}}"#)
                + &shape("ex#S", r#"{"type": "structure", "members": {"A": {"target": "ex#OpInput"}}}"#)))),
            vec!["error: m.json: ex#S$A: member targets `ex#OpInput`, which is marked `@input`: only an operation's input may"],
        ),
        (
            "input and output on one structure",
            one(service_with(&(input("") + &shape("ex#S", r#"{"type": "structure", "members": {}, "traits": {"smithy.api#input": {}, "smithy.api#output": {}}}"#)))),
            vec!["error: m.json: ex#S: `@input` and `@output` cannot be on the same structure"],
        ),
        (
            "method that is not a token",
            one(service_full(&http(r#""method": "GE T", "uri": "/op""#), &output(""), &input(""))),
            vec!["error: m.json: ex#Op: `@http` method `GE T` is not an HTTP method token"],
        ),
        ("no method", one(service_full(&http(r#""uri": "/op""#), &output(""), &input(""))), vec!["error: m.json: ex#Op: `@http` needs a `method`"]),
        (
            "status code out of range",
            one(service_full(&http(r#""method": "GET", "uri": "/op", "code": 1000"#), &output(""), &input(""))),
            vec!["error: m.json: ex#Op: `@http` `code` must be an integer from 100 to 999"],
        ),
        ("relative URI", one(with_uri("op", "")), vec!["error: m.json: ex#Op: `@http` needs a `uri` starting with `/`"]),
        ("URI with a fragment", one(with_uri("/op#x", "")), vec!["error: m.json: ex#Op: the URI `/op#x` must not contain a fragment (`#`)"]),
        ("URI ending in ?", one(with_uri("/op?", "")), vec!["error: m.json: ex#Op: the URI `/op?` must not end with `?`"]),
        ("URI with an empty segment", one(with_uri("/a//b", "")), vec!["error: m.json: ex#Op: the URI `/a//b` must not contain an empty path segment (`//`)"]),
        ("URI with a dot segment", one(with_uri("/a/../b", "")), vec!["error: m.json: ex#Op: the URI `/a/../b` must not contain the dot segment `..`"]),
        ("label in the query", one(with_uri("/op?x={Id}", "")), vec!["error: m.json: ex#Op: the query part of the URI `/op?x={Id}` must not contain labels"]),
        ("query literal without a name", one(with_uri("/op?=x", "")), vec!["error: m.json: ex#Op: query literal `=x` of the URI `/op?=x` has no name"]),
        (
            "label that is part of a segment",
            one(with_uri("/op/{Id}x", "")),
            vec!["error: m.json: ex#Op: URI segment `{Id}x` must be a whole label (`{name}` or `{name+}`) or a literal without braces"],
        ),
        ("empty label", one(with_uri("/op/{}", "")), vec!["error: m.json: ex#Op: URI segment `{}` has an empty label name"]),
        (
            "two greedy labels",
            one(with_uri("/{A+}/{B+}", &format!("{}, {}", mem("A", S, LABEL), mem("B", S, LABEL)))),
            vec!["error: m.json: ex#Op: the URI `/{A+}/{B+}` has more than one greedy label"],
        ),
        ("label used twice", one(with_uri("/{Id}/{Id}", &mem("Id", S, LABEL))), vec!["error: m.json: ex#Op: URI label `{Id}` appears more than once"]),
        ("label without a member", one(with_uri("/op/{Id}", "")), vec!["error: m.json: ex#Op: URI label `{Id}` has no `@httpLabel` member in the input"]),
        (
            "greedy label bound to an integer",
            one(with_uri("/op/{N+}", &mem("N", "smithy.api#Integer", LABEL))),
            vec!["error: m.json: ex#OpInput$N: greedy label `{N+}` of `ex#Op` must target a string, not a integer"],
        ),
        (
            "endpoint without a host prefix",
            one(service_full(&format!(r#"{}, "smithy.api#endpoint": {{}}"#, http(r#""method": "POST", "uri": "/op""#)), &output(""), &input(""))),
            vec!["error: m.json: ex#Op: `@endpoint` needs a string `hostPrefix`"],
        ),
        ("host prefix with an open brace", one(with_host("{a.", "")), vec!["error: m.json: ex#Op: `@endpoint` hostPrefix `{a.` has an unmatched or empty `{}`"]),
        ("host label without a member", one(with_host("{a}.", "")), vec!["error: m.json: ex#Op: hostPrefix label `{a}` has no `@hostLabel` member in the input"]),
        (
            "host label not required",
            one(with_host("{a}.", &mem("a", S, r#""smithy.api#hostLabel": {}"#))),
            vec!["error: m.json: ex#OpInput$a: `@hostLabel` member must be `@required`"],
        ),
        (
            "host label bound to an integer",
            one(with_host("{a}.", &mem("a", "smithy.api#Integer", &format!(r#""smithy.api#hostLabel": {{}}, {REQ}"#)))),
            vec!["error: m.json: ex#OpInput$a: `@hostLabel` must target a string, not a integer"],
        ),
        (
            "host label member not in the prefix",
            one(with_host("foo.", &mem("a", S, &format!(r#""smithy.api#hostLabel": {{}}, {REQ}"#)))),
            vec!["error: m.json: ex#OpInput$a: `@hostLabel` member is not in the hostPrefix `foo.` of `ex#Op`"],
        ),
        (
            "shape name outside the identifier syntax",
            one(service_with(&(input("") + &shape("ex#Foo-Bar", &output(""))))),
            vec!["error: m.json: ex#Foo-Bar: a shape id must be `namespace#Name`, each part made of ASCII letters, digits and `_`"],
        ),
        (
            "member name outside the identifier syntax",
            one(service_with(&input(&mem("a-b", S, "")))),
            vec!["error: m.json: ex#OpInput$a-b: a member name must be made of ASCII letters, digits and `_`"],
        ),
        (
            "rename outside the identifier syntax",
            one(service_with(&(input("") + &shape("ex#Svc2", r#"{"type": "service", "rename": {"ex#OpOutput": "Out-put"}}"#)))),
            vec!["error: m.json: ex#Svc2: `rename` of `ex#OpOutput` to `Out-put`: the new name must be made of ASCII letters, digits and `_`"],
        ),
        (
            "@enum name outside the identifier syntax",
            one(service_with(&(input(&mem("E", "ex#E", "")) + &shape("ex#E", r#"{"type": "string", "traits": {"smithy.api#enum": [{"value": "a", "name": "a-b"}]}}"#)))),
            vec!["error: m.json: ex#E: `@enum` name `a-b` must be made of ASCII letters, digits and `_`"],
        ),
        (
            "@enum value with no ASCII spelling and no name",
            one(service_with(&(input(&mem("E", "ex#E", "")) + &shape("ex#E", r#"{"type": "string", "traits": {"smithy.api#enum": [{"value": "½"}]}}"#)))),
            vec!["error: m.json: ex#E: `@enum` value `½` needs a `name` (made of ASCII letters, digits and `_`) to be a Rust variant"],
        ),
        (
            "structure member targeting Unit",
            one(service_with(&input(&mem("A", "smithy.api#Unit", "")))),
            vec!["error: m.json: ex#OpInput$A: only union members and operation input or output may target `smithy.api#Unit`"],
        ),
        (
            "error fault that is neither client nor server",
            one(service_with(&(input("") + &shape("ex#Err", r#"{"type": "structure", "members": {}, "traits": {"smithy.api#error": "oops"}}"#)))),
            vec![r#"error: m.json: ex#Err: `@error` must be "client" or "server""#],
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

/// Every real model we know passes the checks: the reference models, the
/// other AWS models, every protocol-test service (all protocols) and our own.
#[test]
fn real_models_pass_the_checks() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sets: Vec<Vec<PathBuf>> = vec![
        vec![root.join("model/connect-describe-user.json"), root.join("model/overlay.json")],
        vec![root.join("codegen/tests/models/naming.json")],
        vec![root.join("codegen/tests/models/shapes.json")],
    ];
    match std::env::var_os("SMITHY_MODELS_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            for sub in ["", "more", "protocol-tests"] {
                let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.join(sub).display()))
                    .map(|e| e.expect("directory entry").path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect();
                files.sort();
                sets.extend(files.into_iter().map(|f| vec![f]));
            }
            assert_eq!(sets.len(), 3 + 9 + 6 + 1, "expected the 9 reference models, 6 more and the protocol tests: {sets:#?}");
        }
        None => eprintln!("SMITHY_MODELS_DIR is not set: only our own models are checked, not the reference models"),
    }
    let mut failures = Vec::new();
    for files in &sets {
        let mut diags = codegen::Diagnostics::default();
        let loaded: Vec<_> = files.iter().filter_map(|p| codegen::load::load_file(p, &mut diags)).collect();
        let model = codegen::assemble::assemble(&loaded, &mut diags);
        codegen::assemble::check(&model, &mut diags);
        failures.extend(diags.iter().filter(|d| d.severity == codegen::Severity::Error).map(|d| d.to_string()));
    }
    assert!(failures.is_empty(), "{} errors in valid models:\n{}", failures.len(), failures.join("\n"));
}

/// The spec's restricted headers are "highly discouraged", not invalid: a
/// warning, and the model still generates.
#[test]
fn a_restricted_header_warns() {
    let model = service_with(&input(&mem("Agent", S, r#""smithy.api#httpHeader": "User-Agent""#)));
    let out = generate_from_strs(&[(PathBuf::from("m.json"), model)], &opts()).expect("a warning does not stop generation");
    // The test service has no endpoint rule set; that warning is not this test's.
    let warnings: Vec<String> =
        out.diagnostics.iter().map(|d| d.to_string()).filter(|w| !w.contains("smithy.rules#endpointRuleSet")).collect();
    assert_eq!(
        warnings,
        ["warning: m.json: ex#OpInput$Agent: header `User-Agent` is set by the HTTP client or the auth scheme; binding it to a member is unlikely to work"]
    );
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
fn each_bad_operation_context_path_names_the_operation_and_parameter() {
    const OK: &str = r#"[{"type": "error", "conditions": [], "error": "fallback"}]"#;
    let members = r#""Items": {"target": "ex#Items"}, "Name": {"target": "smithy.api#String"}"#;
    let model = |path: &str| {
        service_with_rules(OK, members)
            .replace(
                r#""Region": {"type": "String", "builtIn": "AWS::Region", "required": false}"#,
                r#""Region": {"type": "String", "builtIn": "AWS::Region", "required": false}, "Names": {"type": "stringArray", "required": false}, "One": {"type": "String", "required": false}"#,
            )
            .replace(r#""uri": "/op"}"#, &format!(r#""uri": "/op"}}, "smithy.rules#operationContextParams": {path}"#))
            .replace(r#""ex#OpOutput": {"#, r#""ex#Items": {"type": "list", "member": {"target": "ex#Item"}}, "ex#Item": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}}, "ex#OpOutput": {"#)
    };
    let at = |param: &str, path: &str, msg: &str| vec![format!("error: m.json: ex#Op: operation context parameter `{param}` (path `{path}`): {msg}")];
    let cases = [
        (r#"{"Names": {"path": "Items[*].Name"}}"#, Vec::new()),
        (r#"{"Names": {"path": "Items[0].Name"}}"#, at("Names", "Items[0].Name", "`0` at offset 6 is outside the JMESPath subset of operationContextParams")),
        (r#"{"Names": {"path": "Items[*].Nmae"}}"#, at("Names", "Items[*].Nmae", "ex#Item has no member `Nmae`")),
        (r#"{"One": {"path": "Items[*].Name"}}"#, at("One", "Items[*].Name", "the path selects a list of strings where the parameter is a String")),
        (r#"{"Names": {"path": "Name[*]"}}"#, at("Names", "Name[*]", "a projection `[*]` is applied to a string")),
        (r#"{"Names": {"path": "keys(Items)"}}"#, at("Names", "keys(Items)", "`keys()` is applied to a list")),
        (
            r#"{"Missing": {"path": "Name"}}"#,
            vec!["error: m.json: ex#Op: operation context parameter `Missing` is not a parameter of the endpoint rule set".to_string()],
        ),
    ];
    for (paths, want) in cases {
        assert_eq!(errors(&[("m.json", model(paths))]), want, "{paths}");
    }
}

#[test]
fn each_bad_client_context_param_is_an_error_naming_it() {
    const OK: &str = r#"[{"type": "error", "conditions": [], "error": "fallback"}]"#;
    let model = |decl: &str| {
        service_with_rules(OK, "")
            .replace(
                r#""Region": {"type": "String", "builtIn": "AWS::Region", "required": false}"#,
                r#""Region": {"type": "String", "builtIn": "AWS::Region", "required": false}, "Fast": {"type": "Boolean", "required": false}"#,
            )
            .replace(r#""aws.api#service": {"sdkId": "Ex"},"#, &format!(r#""aws.api#service": {{"sdkId": "Ex"}}, "smithy.rules#clientContextParams": {decl},"#))
    };
    let err = |name: &str, msg: &str| vec![format!("error: m.json: ex#Svc: client context parameter `{name}`: {msg}")];
    for (decl, want) in [
        (r#"{"Fast": {"type": "boolean"}}"#, Vec::new()),
        (r#"{"Slow": {"type": "boolean"}}"#, err("Slow", "is not a parameter of the endpoint rule set")),
        (r#"{"Fast": {"type": "string"}}"#, err("Fast", "is declared `string`, but the rule set's parameter is a Boolean (a client sets only strings and booleans)")),
        (r#"{"Region": {"type": "string"}}"#, err("Region", "is the built-in `AWS::Region`, which has its own setting")),
    ] {
        assert_eq!(errors(&[("m.json", model(decl))]), want, "{decl}");
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
