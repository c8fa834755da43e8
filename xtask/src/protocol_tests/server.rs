//! The server side of the protocol tests, run against the generated fake
//! (feature `fake`) of a suite whose protocol has one:
//!
//! - every `httpRequestTests` case for servers (`appliesTo` absent or
//!   `server`): the request, answered in process by `Fake::handle`, must
//!   parse into the case's `params` (the fake records the typed input even
//!   without a handler);
//! - every `httpResponseTests` case for servers (or both): the handler
//!   returns the case's `params` (the output, or the error of a case on an
//!   error shape), and the fake's response must have the case's status,
//!   headers and body (JSON compared as values, numbers by value);
//! - every `httpMalformedRequestTests` case: each of its instances (one per
//!   `testParameters` index, as Smithy expands them) must be answered with
//!   the expected status and headers (and body, where the case gives one).
//!
//! One Rust test per case, so the tally counts cases as the spec does; a
//! malformed case's test checks all its instances and lists every one that
//! fails.

use std::collections::{BTreeMap, BTreeSet};

use codegen::assemble::Model;
use codegen::lower::ir::*;
use codegen::naming;
use serde_json::Value;

use super::cases::{Case, Kind, dummy_labels, output_of, test_fn_name};
use super::values::{Values, lit, structure_path};
use crate::validation_tests::{Params, expand, format};

/// Every server request case and malformed-request case of the service.
pub fn collect<'a>(model: &Model, ir: &'a Ir) -> Vec<Case<'a>> {
    let mut out = Vec::new();
    let mut names = BTreeSet::new();
    let mut sources: Vec<(&ShapeId, &'a Operation, Option<&'a Structure>)> = ir.operations.iter().map(|op| (&op.id, op, None)).collect();
    for (r, s) in ir.structure_refs().filter(|(_, s)| matches!(s.role, Role::Error { .. })) {
        // An error's response cases run through the first operation that can return it.
        if let Some(op) = ir.operations.iter().find(|o| o.errors.contains(&r)) {
            sources.push((&s.id, op, Some(s)));
        }
    }
    for (id, op, error) in sources {
        let Some(shape) = model.get(id.as_str()) else { continue };
        for (kind, trait_name) in [
            (Kind::ServerRequest, "smithy.test#httpRequestTests"),
            (Kind::ServerResponse, "smithy.test#httpResponseTests"),
            (Kind::Malformed, "smithy.test#httpMalformedRequestTests"),
        ] {
            let Some(Value::Array(list)) = shape.traits.get(trait_name) else { continue };
            for raw in list {
                if raw.get("appliesTo").and_then(Value::as_str).is_some_and(|a| a != "server") {
                    continue;
                }
                let id = raw.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_string();
                let fn_name = test_fn_name(&mut names, kind, &id);
                out.push(Case { kind, id, fn_name, op, error, raw: raw.clone() });
            }
        }
    }
    out
}

/// `tests/server.rs`: the helpers, then one test per case.
pub fn tests_rs(ir: &Ir, lib: &str, service: &str, cases: &[&Case<'_>], exclusion: impl Fn(&Case<'_>) -> Option<String>) -> String {
    let mut src = format!(
        "//! The Smithy protocol compliance tests (server cases) of\n\
         //! `{service}`, against the generated fake.\n\
         #![allow(clippy::all)]\n\
         extern crate {lib} as sut;\n\
         use client_runtime::reexports::{{bytes::Bytes, http}};\n\
         {HELPERS}"
    );
    for case in cases {
        let body = match case.kind {
            Kind::Malformed => malformed_body(case),
            Kind::ServerResponse => response_body(ir, case),
            _ => request_body(ir, case),
        };
        let body = body.unwrap_or_else(|why| format!("panic!({});", lit(&format!("the harness cannot express this case: {why}"))));
        let ignore = exclusion(case).map(|r| format!("#[ignore = {}]\n", lit(&format!("excluded: {r}")))).unwrap_or_default();
        let doc: String = case.raw.get("documentation").and_then(Value::as_str).unwrap_or_default().lines().map(|l| format!("/// {l}\n")).collect();
        src.push_str(&format!(
            "/// `{}` ({} test of `{}`).\n///\n{doc}#[tokio::test]\n{ignore}async fn {}() {{\n{body}\n}}\n",
            case.id,
            case.kind.label(),
            case.op.name,
            case.fn_name
        ));
    }
    src
}

const HELPERS: &str = r#"
async fn fake() -> sut::fake::Fake {
    sut::fake::Fake::builder().start("127.0.0.1:0").await.expect("the fake starts")
}

/// The request of a case: `uri` with `query` appended (as written: the
/// cases give them encoded), the headers and the body.
fn request(method: &str, uri: &str, query: &[&str], headers: &[(&str, &str)], body: &str) -> http::Request<Bytes> {
    let mut target = uri.to_string();
    if !query.is_empty() {
        target.push(if target.contains('?') { '&' } else { '?' });
        target.push_str(&query.join("&"));
    }
    let mut b = http::Request::builder().method(method).uri(target.as_str());
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::from(body.to_string())).expect("the case's request is valid HTTP")
}

/// A `ValidationException` body with its `fieldList` sorted: the cases do
/// not fix the order violations are listed in (the client-side validation
/// harness compares them as a multiset too).
fn unordered(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(serde_json::Value::Array(list)) = body.get_mut("fieldList") {
        list.sort_by_key(|v| v.to_string());
    }
    body
}

/// Checks a response against a case: status, the listed headers, the body
/// (as JSON values when `json`, numbers compared by value).
#[allow(dead_code)]
fn check_response(resp: &http::Response<Bytes>, code: u16, headers: &[(&str, &str)], body: Option<&str>, json: bool) {
    let text = String::from_utf8_lossy(resp.body()).into_owned();
    assert_eq!(resp.status().as_u16(), code, "status; body {text}");
    for (k, v) in headers {
        assert_eq!(resp.headers().get(*k).and_then(|g| g.to_str().ok()), Some(*v), "header {k}; body {text}");
    }
    match body {
        Some(want) if json && !want.is_empty() => {
            let want: serde_json::Value = serde_json::from_str(want).expect("the expected body is JSON");
            let got: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {text}"));
            assert!(same_json(&got, &want), "body\n  actual:   {got}\n  expected: {want}");
        }
        Some(want) => assert_eq!(text, want, "body"),
        None => {}
    }
}

/// JSON equality with numbers compared by value (`1` is `1.0`).
#[allow(dead_code)]
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w))),
        _ => a == b,
    }
}

/// The lines of a text, trimmed and sorted.
#[allow(dead_code)]
fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim().trim_end_matches(',').to_string()).collect();
    lines.sort();
    lines
}

/// Checks one malformed instance's answer; a mismatch is added to `failures`.
async fn check_malformed(fake: &sut::fake::Fake, id: &str, req: http::Request<Bytes>, code: u16, headers: &[(&str, &str)], body: Option<&str>, failures: &mut Vec<String>) {
    let Some(resp) = fake.handle(req).await else {
        failures.push(format!("{id}: the connection was dropped"));
        return;
    };
    let text = String::from_utf8_lossy(resp.body()).into_owned();
    if resp.status().as_u16() != code {
        failures.push(format!("{id}: status {} (expected {code}); body {text}", resp.status().as_u16()));
    }
    for (k, v) in headers {
        let got = resp.headers().get(*k).and_then(|g| g.to_str().ok());
        if got != Some(*v) {
            failures.push(format!("{id}: header {k} is {got:?} (expected {v:?}); body {text}"));
        }
    }
    if let Some(expected) = body {
        let want: serde_json::Value = serde_json::from_str(expected).expect("the expected body is JSON");
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(got) if unordered(got.clone()) == unordered(want.clone()) => {}
            _ => failures.push(format!("{id}: body {text} (expected {expected})")),
        }
    }
}
"#;

fn header_pairs(raw: &Value) -> String {
    raw.get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default()))).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

fn query_list(raw: &Value) -> String {
    let items: Vec<String> =
        raw.get("queryParams").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(lit).collect()).unwrap_or_default();
    format!("&[{}]", items.join(", "))
}

fn request_expr(req: &Value) -> String {
    format!(
        "request({}, {}, {}, &[{}], {})",
        lit(req.get("method").and_then(Value::as_str).unwrap_or("GET")),
        lit(req.get("uri").and_then(Value::as_str).unwrap_or("/")),
        query_list(req),
        header_pairs(req),
        lit(req.get("body").and_then(Value::as_str).unwrap_or_default()),
    )
}

/// A server request case: the request parses into `params`.
fn request_body(ir: &Ir, case: &Case<'_>) -> Result<String, String> {
    let v = Values::new(ir);
    let params = case.raw.get("params").cloned().unwrap_or(Value::Object(Default::default()));
    let expected = v.structure(&ir[case.op.input], &params, "")?;
    // NaN != NaN: compare the pretty Debug text instead, line by line and
    // sorted, since a hash map prints its entries in any order.
    let compare = if v.saw_nan.get() {
        "assert_eq!(sorted_lines(&format!(\"{actual:#?}\")), sorted_lines(&format!(\"{expected:#?}\")));"
    } else {
        "assert_eq!(actual, expected);"
    };
    Ok(format!(
        r#"let fake = fake().await;
    let resp = fake.handle({req}).await.expect("an answer");
    let received = fake.received().{op}();
    let Some(got) = received.first() else {{
        panic!("the request did not parse: {{}} {{}}", resp.status(), String::from_utf8_lossy(resp.body()));
    }};
    let actual = got.input.clone();
    let expected = {expected};
    {compare}"#,
        req = request_expr(&case.raw),
        op = naming::ident(&case.op.method),
    ))
}

/// A server response case: the handler's answer is written as the case says.
fn response_body(ir: &Ir, case: &Case<'_>) -> Result<String, String> {
    let v = Values::new(ir);
    let raw = &case.raw;
    let params = raw.get("params").cloned().unwrap_or(Value::Object(Default::default()));
    let op = case.op;
    let m = naming::ident(&op.module);
    let answer = match case.error {
        None => format!("Ok({})", v.structure(output_of(ir, op), &params, "")?),
        Some(e) => format!("Err(sut::operation::{m}::{}Error::{}({}))", op.name, naming::error_variant(&e.name), v.structure(e, &params, "")?),
    };
    let input_shape = &ir[op.input];
    // `build()` is fallible for inputs and for structures a member must be set in.
    let fallible = matches!(input_shape.role, Role::Input { .. }) || input_shape.members.iter().any(|m| !m.nullable && m.default.is_none());
    let expect = if fallible { ".expect(\"the input builds\")" } else { "" };
    let input = format!("{}::builder(){}.build(){expect}", structure_path(input_shape), dummy_labels(ir, op));
    let code = raw.get("code").and_then(Value::as_u64).ok_or("no code")?;
    let body = match raw.get("body").and_then(Value::as_str) {
        Some(b) => format!("Some({})", lit(b)),
        None => "None".into(),
    };
    let json = raw.get("bodyMediaType").and_then(Value::as_str).is_some_and(|t| t.contains("json"));
    Ok(format!(
        r#"let fake = fake().await;
    fake.{handler}(|_| async {{ {answer} }});
    let input = {input};
    let req = sut::operation::{m}::serialize_request(&input).expect("the request builds");
    let resp = fake.handle(req).await.expect("an answer");
    check_response(&resp, {code}, &[{headers}], {body}, {json});"#,
        handler = naming::ident(&naming::fake_handler(&op.method)),
        headers = header_pairs(raw),
    ))
}

/// A malformed-request case: every instance gets the expected answer.
fn malformed_body(case: &Case<'_>) -> Result<String, String> {
    let mut checks = Vec::new();
    for (id, params) in expand(&case.raw, &case.id)? {
        checks.push(instance_check(&case.raw, &id, &params)?);
    }
    Ok(format!(
        "let fake = fake().await;\n    let mut failures: Vec<String> = Vec::new();\n    {}\n    assert!(failures.is_empty(), \"{{}}\", failures.join(\"\\n\"));",
        checks.join("\n    ")
    ))
}

fn instance_check(raw: &Value, id: &str, params: &Params) -> Result<String, String> {
    let fmt = |v: &Value| -> Result<Value, String> {
        Ok(match v {
            Value::String(s) => Value::String(format(s, params)?),
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| match x {
                        Value::String(s) => format(s, params).map(Value::String),
                        other => Ok(other.clone()),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        Ok((
                            format(k, params)?,
                            match x {
                                Value::String(s) => Value::String(format(s, params)?),
                                other => other.clone(),
                            },
                        ))
                    })
                    .collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    };
    let req = raw.get("request").ok_or("no request")?;
    let mut formatted = serde_json::Map::new();
    for (k, v) in req.as_object().ok_or("the request is not an object")? {
        formatted.insert(k.clone(), fmt(v)?);
    }
    let resp = raw.get("response").ok_or("no response")?;
    let code = resp.get("code").and_then(Value::as_u64).ok_or("no response code")?;
    let headers = header_pairs(resp);
    let body = match resp.pointer("/body/assertion/contents").and_then(Value::as_str) {
        Some(c) => format!("Some({})", lit(&format(c, params)?)),
        None if resp.pointer("/body/assertion/messageRegex").is_some() => return Err("a messageRegex body assertion".into()),
        None => "None".into(),
    };
    Ok(format!("check_malformed(&fake, {}, {}, {code}, &[{headers}], {body}, &mut failures).await;", lit(id), request_expr(&Value::Object(formatted))))
}

/// Prints a suite's server tallies, per kind, for a harness that keeps its
/// exclusions in code (`exclusion` gives the reason); false when a case that
/// is not excluded failed.
pub fn tally(suite: &str, cases: &[Case<'_>], results: &BTreeMap<String, String>, exclusion: impl Fn(&str) -> Option<&'static str>, filtered: bool) -> bool {
    let mut ok = true;
    for kind in [Kind::ServerRequest, Kind::ServerResponse, Kind::Malformed] {
        if !cases.iter().any(|c| c.kind == kind) {
            continue;
        }
        let (mut passed, mut excluded, mut total) = (0, 0, 0);
        for c in cases.iter().filter(|c| c.kind == kind) {
            total += 1;
            match (exclusion(&c.id), results.get(&c.fn_name).map(String::as_str)) {
                (None, None) if filtered => {}
                (None, Some("ok")) => passed += 1,
                (Some(_), Some("ok")) => {
                    excluded += 1;
                    println!("note: server case {} passes now; remove its exclusion", c.id);
                }
                (Some(why), _) => {
                    excluded += 1;
                    println!("server case {} excluded: {why}", c.id);
                }
                (None, status) => {
                    ok = false;
                    println!("FAILED server {} case {} ({}): {}", kind.label(), c.id, c.fn_name, status.unwrap_or("did not run"));
                }
            }
        }
        println!("{suite} {} tests (against the fake): {passed} passed, {excluded} excluded, {total} total ({passed}/{excluded}/{total})", kind.label());
    }
    ok
}
