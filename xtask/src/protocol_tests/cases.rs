//! Protocol test cases of the model, and the Rust test function of each.

use std::collections::BTreeSet;

use codegen::assemble::Model;
use codegen::lower::ir::*;
use codegen::naming;
use serde_json::Value;

use super::values::{KRATE, Values, lit};

/// Request (serializer) or response (deserializer) test of the client;
/// server request (request deserializer) or malformed-request test of the fake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Request,
    Response,
    ServerRequest,
    ServerResponse,
    Malformed,
}

impl Kind {
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Request => "req_",
            Kind::Response => "resp_",
            Kind::ServerRequest => "srv_req_",
            Kind::ServerResponse => "srv_resp_",
            Kind::Malformed => "mal_",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response => "response",
            Kind::ServerRequest => "server-request",
            Kind::ServerResponse => "server-response",
            Kind::Malformed => "malformed",
        }
    }
}

/// One client test case.
pub struct Case<'a> {
    pub kind: Kind,
    pub id: String,
    /// The Rust test function's name.
    pub fn_name: String,
    pub op: &'a Operation,
    /// The error structure, for a response test declared on an error shape.
    pub error: Option<&'a Structure>,
    pub raw: Value,
}

/// Every `httpRequestTests` / `httpResponseTests` case of the service's
/// operations and errors that applies to clients, in a stable order.
pub fn collect<'a>(model: &Model, ir: &'a Ir) -> Result<Vec<Case<'a>>, String> {
    let mut cases = Vec::new();
    let mut names = BTreeSet::new();
    let mut push = |kind: Kind, shape: &ShapeId, op: &'a Operation, error: Option<&'a Structure>, cases: &mut Vec<Case<'a>>| {
        let Some(s) = model.get(shape.as_str()) else {
            return;
        };
        let trait_name = match kind {
            Kind::Request => "smithy.test#httpRequestTests",
            _ => "smithy.test#httpResponseTests",
        };
        let Some(Value::Array(list)) = s.traits.get(trait_name) else {
            return;
        };
        for raw in list {
            let applies = raw.get("appliesTo").and_then(Value::as_str);
            if applies.is_some_and(|a| a != "client") {
                continue;
            }
            let id = raw.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_string();
            let fn_name = test_fn_name(&mut names, kind, &id);
            cases.push(Case { kind, id, fn_name, op, error, raw: raw.clone() });
        }
    };
    for op in &ir.operations {
        push(Kind::Request, &op.id, op, None, &mut cases);
        push(Kind::Response, &op.id, op, None, &mut cases);
    }
    for (r, s) in ir.structure_refs() {
        if !matches!(s.role, Role::Error { .. }) {
            continue;
        }
        // An error's response tests run through the first operation that can return it.
        let Some(op) = ir.operations.iter().find(|o| o.errors.contains(&r)) else {
            continue;
        };
        push(Kind::Response, &s.id, op, Some(s), &mut cases);
    }
    Ok(cases)
}

/// The input structure of an operation (an empty one for `smithy.api#Unit`).
pub fn input_of<'a>(ir: &'a Ir, op: &Operation) -> &'a Structure {
    &ir[op.input]
}

pub fn output_of<'a>(ir: &'a Ir, op: &Operation) -> &'a Structure {
    &ir[op.output]
}

fn strings(raw: &Value, key: &str) -> Vec<String> {
    raw.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(lit).collect()).unwrap_or_default()
}

fn header_pairs(raw: &Value) -> Vec<String> {
    raw.get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default()))).collect())
        .unwrap_or_default()
}

/// The request id the runtime reads from a response's headers
/// (`x-amzn-requestid`, else `x-amz-request-id`), as written in the case.
fn response_request_id(raw: &Value) -> Option<&str> {
    let headers = raw.get("headers").and_then(Value::as_object)?;
    let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str());
    find("x-amzn-requestid").or_else(|| find("x-amz-request-id"))
}

fn doc_comment(raw: &Value) -> String {
    let doc = raw.get("documentation").and_then(Value::as_str).unwrap_or_default();
    doc.lines().map(|l| format!("/// {l}\n")).collect()
}

/// The test function for one case; `ignore` holds the exclusion reason.
/// A case the harness cannot express becomes a test that fails saying why.
pub fn test_fn(ir: &Ir, case: &Case<'_>, ignore: Option<&str>) -> String {
    let body = match case.kind {
        Kind::Request => request_body(ir, case),
        Kind::Response => response_body(ir, case),
        Kind::ServerRequest | Kind::ServerResponse | Kind::Malformed => Err("a server case (tests/server.rs runs it)".into()),
    };
    let body = body.unwrap_or_else(|why| format!("panic!({});", lit(&format!("the harness cannot express this case: {why}"))));
    let ignore = ignore.map(|r| format!("#[ignore = {}]\n", lit(&format!("excluded: {r}")))).unwrap_or_default();
    format!(
        "/// `{}` ({} test of `{}`).\n///\n{}#[tokio::test]\n{ignore}async fn {}() {{\n{body}\n}}\n",
        case.id,
        case.kind.label(),
        case.op.name,
        doc_comment(&case.raw),
        case.fn_name
    )
}

fn request_body(ir: &Ir, case: &Case<'_>) -> Result<String, String> {
    let raw = &case.raw;
    let v = Values::new(ir);
    let params = raw.get("params").cloned().unwrap_or(Value::Object(Default::default()));
    let params = params.as_object().ok_or("params is not an object")?;
    let setters = v.setters(input_of(ir, case.op), params)?;
    let host = raw.get("host").and_then(Value::as_str).unwrap_or("example.com");
    let opt = |key: &str| match raw.get(key).and_then(Value::as_str) {
        Some(s) => format!("::std::option::Option::Some({})", lit(s)),
        None => "::std::option::Option::None".into(),
    };
    let list = |key: &str| format!("&[{}]", strings(raw, key).join(", "));
    Ok(format!(
        r#"let stub = StubHttpClient::new();
    stub.respond(200, &[], "");
    let client = support::client(&stub, {host});
    let result = client.{op}(){setters}.send().await;
    let req = support::sent_request(&stub, &result);
    support::check_request(&req, &support::ExpectedRequest {{
        method: {method},
        uri: {uri},
        resolved_host: {resolved},
        query_params: {qp},
        forbid_query_params: {fqp},
        require_query_params: {rqp},
        headers: &[{headers}],
        forbid_headers: {fh},
        require_headers: {rh},
        body: {body},
        body_media_type: {mt},
    }});"#,
        host = lit(host),
        op = naming::ident(&case.op.method),
        method = lit(raw.get("method").and_then(Value::as_str).unwrap_or_default()),
        uri = lit(raw.get("uri").and_then(Value::as_str).unwrap_or_default()),
        resolved = opt("resolvedHost"),
        qp = list("queryParams"),
        fqp = list("forbidQueryParams"),
        rqp = list("requireQueryParams"),
        headers = header_pairs(raw).join(", "),
        fh = list("forbidHeaders"),
        rh = list("requireHeaders"),
        body = opt("body"),
        mt = opt("bodyMediaType"),
    ))
}

/// Setters that give an operation's URI labels and required members
/// harmless values, so a response test's request can be built at all.
pub fn dummy_labels(ir: &Ir, op: &Operation) -> String {
    let input = input_of(ir, op);
    let mut out = String::new();
    let host_labels: Vec<usize> = op
        .host_prefix
        .iter()
        .flatten()
        .filter_map(|s| match s {
            HostPrefixSegment::Label(i) => Some(*i),
            HostPrefixSegment::Literal(_) => None,
        })
        .collect();
    for (i, m) in input.members.iter().enumerate() {
        let needed = matches!(m.binding, Binding::Label { .. }) || host_labels.contains(&i) || (!m.nullable && m.default.is_none());
        if !needed {
            continue;
        }
        let Some(value) = dummy(ir, m.target, 0) else {
            continue;
        };
        let value = if m.boxed { format!("::std::boxed::Box::new({value})") } else { value };
        out.push_str(&format!(".{}(::std::option::Option::Some({value}))", naming::prefixed("set_", &m.rust)));
    }
    out
}

/// Some valid value of a shape: non-empty strings, ones, required members set.
fn dummy(ir: &Ir, target: Target, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    Some(match target {
        Target::Scalar(s) => match s {
            Scalar::String => "::std::string::String::from(\"a\")".to_string(),
            Scalar::Boolean => "true".into(),
            Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long => "1".into(),
            Scalar::Float | Scalar::Double => "1.0".into(),
            Scalar::Timestamp => format!("{KRATE}::primitives::DateTime::from_secs(0)"),
            Scalar::Blob => format!("{KRATE}::primitives::Blob::new(b\"a\".to_vec())"),
            Scalar::Document => format!("{KRATE}::primitives::Document::Null"),
            Scalar::BigInteger | Scalar::BigDecimal => return None,
        },
        Target::Enum(e) => match ir[e].variants.first() {
            Some(v) => format!("{KRATE}::types::{}::from({})", ir[e].name, lit(&v.value)),
            None => format!("{KRATE}::types::{}::from(\"a\")", ir[e].name),
        },
        Target::IntEnum(e) => format!("{KRATE}::types::{}::from(1i32)", ir[e].name),
        Target::List(_) => "::std::vec::Vec::new()".into(),
        Target::Map(_) => "::std::collections::HashMap::new()".into(),
        Target::Unit => return None,
        Target::Union(u) => {
            let u = &ir[u];
            let m = u.members.first()?;
            let path = format!("{KRATE}::types::{}::{}", u.name, m.variant);
            if m.target == Target::Unit {
                path
            } else {
                let v = dummy(ir, m.target, depth + 1)?;
                let v = if m.boxed { format!("::std::boxed::Box::new({v})") } else { v };
                format!("{path}({v})")
            }
        }
        Target::Structure(s) => {
            let s = &ir[s];
            let mut e = format!("{}::builder()", super::values::structure_path(s));
            let mut fallible = false;
            for m in s.members.iter().filter(|m| !m.nullable && m.default.is_none()) {
                fallible = true;
                let v = dummy(ir, m.target, depth + 1)?;
                let v = if m.boxed { format!("::std::boxed::Box::new({v})") } else { v };
                e.push_str(&format!(".{}(::std::option::Option::Some({v}))", naming::prefixed("set_", &m.rust)));
            }
            e.push_str(".build()");
            if fallible {
                e.push_str(".expect(\"builds\")");
            }
            e
        }
    })
}

fn response_body(ir: &Ir, case: &Case<'_>) -> Result<String, String> {
    let raw = &case.raw;
    let v = Values::new(ir);
    let code = raw.get("code").and_then(Value::as_u64).ok_or("no code")?;
    let body = raw.get("body").and_then(Value::as_str).unwrap_or_default();
    // Binary bodies (CBOR) are base64 in the cases.
    let body = if raw.get("bodyMediaType").and_then(Value::as_str) == Some("application/cbor") {
        let bytes = crate::validation_tests::base64_decode(body).ok_or("the CBOR body is not base64")?;
        let items: Vec<String> = bytes.iter().map(|b| format!("{b}u8")).collect();
        format!("::std::vec![{}]", items.join(", "))
    } else {
        lit(body)
    };
    let params = raw.get("params").cloned().unwrap_or(Value::Object(Default::default()));
    let call = format!(
        r#"let stub = StubHttpClient::new();
    stub.respond({code}, &[{headers}], {body});
    let client = support::client(&stub, "example.com");
    let result = client.{op}(){labels}.send().await;"#,
        headers = header_pairs(raw).join(", "),
        op = naming::ident(&case.op.method),
        labels = dummy_labels(ir, case.op),
    );
    let (check, expected) = match case.error {
        None => {
            // An output keeps the response's request id (`RequestId`), so the expected value has it too.
            let output = output_of(ir, case.op);
            let request_id = match (&output.role, response_request_id(raw)) {
                (Role::Output { .. }, Some(id)) => format!("._request_id({})", lit(id)),
                _ => String::new(),
            };
            let expected = v.structure(output, &params, &request_id)?;
            (
                "let actual = match result {\n        Ok(out) => out,\n        Err(e) => panic!(\"expected output, got error: {e}\\n{e:#?}\"),\n    };"
                    .to_string(),
                expected,
            )
        }
        Some(err) => {
            let enum_path = format!("{KRATE}::operation::{}::{}Error", case.op.module, case.op.name);
            let check = format!(
                "let err = match result {{\n        Ok(out) => panic!(\"expected {name}, got output {{out:#?}}\"),\n        Err(e) => e,\n    }};\n    let actual = match err.as_service_error() {{\n        ::std::option::Option::Some({enum_path}::{name}(e)) => e.clone(),\n        _ => panic!(\"expected {name}, got {{err}}\\n{{err:#?}}\"),\n    }};",
                name = err.name
            );
            // The expected value takes the actual metadata, so the code the
            // case names (awsQueryCompatible's query error code) is checked here.
            let check = match raw.get("vendorParams").and_then(|p| p.get("code")).and_then(Value::as_str) {
                Some(code) => format!(
                    "{check}\n    assert_eq!(::client_runtime::error::ProvideErrorMetadata::meta(&actual).code(), ::std::option::Option::Some({}), \"error code\");",
                    lit(code)
                ),
                None => check,
            };
            let meta = ".meta(::client_runtime::error::ProvideErrorMetadata::meta(&actual).clone())";
            (check, v.structure(err, &params, meta)?)
        }
    };
    let compare = if v.saw_nan.get() {
        // NaN != NaN: compare the Debug text, which spells NaN the same on both sides.
        "assert_eq!(format!(\"{actual:?}\"), format!(\"{expected:?}\"));"
    } else {
        "assert_eq!(actual, expected);"
    };
    Ok(format!("{call}\n    {check}\n    let expected = {expected};\n    {compare}"))
}

/// Paths and calls for an operation in the fuzz test: (name, call expression).
pub fn fuzz_call(ir: &Ir, op: &Operation) -> String {
    format!("client.{}(){}.send().await", naming::ident(&op.method), dummy_labels(ir, op))
}

/// The test function of case `id`: its kind's prefix and the id in snake
/// case, numbered when two cases' names meet.
pub fn test_fn_name(names: &mut BTreeSet<String>, kind: Kind, id: &str) -> String {
    let base = format!("{}{}", kind.prefix(), naming::snake(id));
    let mut fn_name = base.clone();
    let mut n = 2;
    while !names.insert(fn_name.clone()) {
        fn_name = format!("{base}_{n}");
        n += 1;
    }
    fn_name
}

/// Header names the deserializers read, for the fuzz test.
pub fn response_header_names(ir: &Ir) -> BTreeSet<String> {
    let mut names: BTreeSet<String> =
        ["content-type", "x-amzn-errortype", "x-amzn-requestid", "x-amz-request-id", "content-length"].iter().map(|s| s.to_string()).collect();
    let mut visit = |s: &Structure| {
        for m in &s.members {
            match &m.binding {
                Binding::Header(h) => {
                    names.insert(h.to_ascii_lowercase());
                }
                Binding::PrefixHeaders(p) => {
                    names.insert(format!("{}foo", p.to_ascii_lowercase()));
                }
                _ => {}
            }
        }
    };
    for op in &ir.operations {
        visit(output_of(ir, op));
    }
    for s in ir.structures.iter().filter(|s| matches!(s.role, Role::Error { .. })) {
        visit(s);
    }
    names
}
