//! `cargo xtask endpoint-tests`: every `smithy.rules#endpointTests` case of
//! every reference model (`$SMITHY_MODELS_DIR/*.json` and `more/*.json`) runs
//! against the resolver generated for that model.
//!
//! Each model generates into a crate under `target/endpoint-tests` (types and
//! one operation: the resolver does not depend on the rest), with a test file
//! holding its cases: the case's `params` go through the generated
//! `config::endpoint::Params` builder, and the expected URL, headers and
//! properties (compared as JSON) or error message must come out.
//!
//! Cases with `operationInputs` also run through the generated operation, as
//! a user's call would: a client configured from the case's `builtInParams`
//! (region, FIPS, dual-stack, endpoint URL, account-based endpoint mode, and
//! credentials naming the account) sends the operation built from its
//! `operationParams` to a stub transport, and the request must go to the
//! expected URL with the expected headers and signing scope, or fail with the
//! expected message before anything is sent. A built-in the client has no
//! setting for is printed as a case not run, with the reason.
//!
//! Known differences are listed, with their reason, in
//! `xtask/endpoint-test-exclusions.txt`; an excluded case that passes fails
//! the run, so the list cannot go stale.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Model stem -> (case documentation -> reason).
type Exclusions = BTreeMap<String, BTreeMap<String, String>>;

fn exclusions(root: &Path) -> Result<Exclusions, String> {
    let path = root.join("xtask/endpoint-test-exclusions.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Exclusions::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, " | ").collect();
        let [model, doc, reason] = parts.as_slice() else {
            return Err(format!("{}:{}: expected `model | case documentation | reason`", path.display(), i + 1));
        };
        out.entry(model.to_string()).or_default().insert(doc.to_string(), reason.to_string());
    }
    Ok(out)
}

fn model_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for d in [dir.to_path_buf(), dir.join("more")] {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        let mut these: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
        these.sort();
        files.extend(these);
    }
    files
}

pub fn run(root: &Path) -> Result<(), String> {
    let Some(dir) = crate::oracle_or_skip("endpoint-tests", oracle::models(root))? else { return Ok(()) };
    let excluded = exclusions(root)?;
    let out = crate::target_dir(root).join("endpoint-tests");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    for file in model_files(&dir) {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let Some((service_id, service)) = json["shapes"].as_object().and_then(|s| s.iter().find(|(_, s)| s["type"] == "service")) else {
            continue;
        };
        let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"].as_array().cloned().unwrap_or_default();
        if cases.is_empty() {
            continue;
        }
        let stem = file.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let crate_name = format!("ep-{stem}").replace(['_', '.'], "-");
        let first_op = service["operations"].as_array().and_then(|o| o.first()).and_then(|o| o["target"].as_str());
        // The first operation (the resolver needs one), and every operation a case calls.
        let mut operations: Vec<String> = first_op.map(|o| vec![o.rsplit('#').next().unwrap_or(o).to_string()]).unwrap_or_default();
        for case in &cases {
            for input in case["operationInputs"].as_array().into_iter().flatten() {
                if let Some(name) = input["operationName"].as_str().filter(|n| !operations.iter().any(|o| o == n)) {
                    operations.push(name.to_string());
                }
            }
        }
        let opts = codegen::Options {
            models: vec![file.clone()],
            service: Some(service_id.clone()),
            operations,
            crate_name: crate_name.clone(),
            runtime_path: root.join("runtime").display().to_string(),
            regenerate_command: "cargo xtask endpoint-tests".into(),
            fake_validation_error: None,
        };
        let generated = codegen::generate(&opts).map_err(|e| format!("{stem}: generation failed:\n{e}"))?;
        let mut files = generated.files;
        let params = &service["traits"]["smithy.rules#endpointRuleSet"]["parameters"];
        let mut test = test_file(&stem, &crate_name.replace('-', "_"), params, &cases, excluded.get(&stem))?;
        let with_ops = cases.iter().any(|c| c["operationInputs"].as_array().is_some_and(|i| !i.is_empty()));
        if with_ops {
            let ir = crate::wire_tests::ir_of(&file, Some(service_id)).map_err(|e| format!("{stem}: {e}"))?;
            test.push_str(&operation_tests(&stem, &crate_name.replace('-', "_"), &ir, &cases, excluded.get(&stem))?);
        }
        files.insert(PathBuf::from("tests/endpoint_tests.rs"), test);
        if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
            manifest.push_str("\n[dev-dependencies]\nserde_json = \"1\"\n");
            if with_ops {
                manifest.push_str("tokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
            }
        }
        codegen::write::write(&out.join(&crate_name), &files, false).map_err(|e| e.to_string())?;
        members.push(crate_name);
    }
    for model in excluded.keys() {
        if !members.iter().any(|m| m == &format!("ep-{model}")) {
            return Err(format!("xtask/endpoint-test-exclusions.txt names `{model}`, which has no endpoint tests here"));
        }
    }
    let manifest = format!(
        "# @generated by `cargo xtask endpoint-tests`\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--workspace", "--no-fail-fast", "--test", "endpoint_tests", "--", "--nocapture"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target")))
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines().filter(|l| l.starts_with("endpoint-tests ") || (l.starts_with("  ") && !l.starts_with("   "))) {
        println!("{line}");
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        for l in stderr.lines().filter(|l| l.contains("error") || l.contains("panicked")).take(40) {
            eprintln!("{l}");
        }
        return Err("endpoint tests failed".into());
    }
    Ok(())
}

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The `Expect` value of a case, as Rust.
fn expect_of(case: &Value) -> String {
    let expect = &case["expect"];
    if let Some(e) = expect.get("error") {
        return format!("Expect::Error({})", lit(e.as_str().unwrap_or_default()));
    }
    let ep = &expect["endpoint"];
    let json = |key: &str| lit(&ep.get(key).cloned().unwrap_or(Value::Object(Default::default())).to_string());
    format!("Expect::Endpoint {{ url: {}, headers: {}, properties: {} }}", lit(ep["url"].as_str().unwrap_or_default()), json("headers"), json("properties"))
}

/// The test file of one model.
fn test_file(stem: &str, lib: &str, params: &Value, cases: &[Value], excluded: Option<&BTreeMap<String, String>>) -> Result<String, String> {
    let mut body = String::new();
    let mut seen = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let doc = case["documentation"].as_str().unwrap_or("").to_string();
        let mut builder = String::from("Params::builder()");
        for (name, v) in case["params"].as_object().into_iter().flatten() {
            if params.get(name).is_none() {
                return Err(format!("{stem}: case {i} ({doc}) sets `{name}`, which the rule set does not define"));
            }
            let setter = codegen::naming::ident(&codegen::naming::snake(name));
            let value = match v {
                Value::String(s) => lit(s),
                Value::Bool(b) => b.to_string(),
                Value::Array(items) => {
                    let items: Vec<String> = items.iter().map(|s| format!("{}.to_string()", lit(s.as_str().unwrap_or_default()))).collect();
                    format!("vec![{}]", items.join(", "))
                }
                other => return Err(format!("{stem}: case {i} ({doc}): unsupported parameter value {other}")),
            };
            write!(builder, ".{setter}({value})").unwrap();
        }
        let expect = expect_of(case);
        let reason = excluded.and_then(|x| x.get(&doc));
        if reason.is_some() {
            seen.push(doc.clone());
        }
        let reason = reason.map_or("None".to_string(), |r| format!("Some({})", lit(r)));
        writeln!(body, "        Case {{ doc: {}, params: {builder}.build(), expect: {expect}, excluded: {reason} }},", lit(&doc)).unwrap();
    }
    if let Some(x) = excluded {
        for doc in x.keys() {
            if !seen.contains(doc) {
                return Err(format!("xtask/endpoint-test-exclusions.txt: `{stem}` has no case `{doc}`"));
            }
        }
    }
    Ok(format!(
        r#"// @generated by `cargo xtask endpoint-tests`; do not edit.
//! The `smithy.rules#endpointTests` cases of `{stem}` against the generated resolver.

use {lib}::config::endpoint::{{Params, Value, resolve}};

enum Expect {{
    Endpoint {{ url: &'static str, headers: &'static str, properties: &'static str }},
    Error(&'static str),
}}

struct Case {{
    doc: &'static str,
    params: Result<Params, {lib}::error::BuildError>,
    expect: Expect,
    excluded: Option<&'static str>,
}}

fn json(v: &Value) -> serde_json::Value {{
    match v {{
        Value::String(s) => serde_json::Value::from(s.as_ref()),
        Value::Bool(b) => serde_json::Value::from(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(json).collect()),
        Value::Record(fields) => serde_json::Value::Object(fields.iter().map(|(k, v)| (k.to_string(), json(v))).collect()),
    }}
}}

/// `None` when the case passes, else what came out instead.
fn check(case: &Case) -> Option<String> {{
    let outcome = case.params.as_ref().map_err(|e| e.to_string()).and_then(|p| resolve(p).map_err(|e| e.message().to_string()));
    match (&case.expect, outcome) {{
        (Expect::Error(want), Err(got)) if got == *want => None,
        (Expect::Endpoint {{ url, headers, properties }}, Ok(e)) => {{
            let want_headers: serde_json::Value = serde_json::from_str(headers).unwrap();
            let want_properties: serde_json::Value = serde_json::from_str(properties).unwrap();
            let got_headers = serde_json::Value::Object(e.headers.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone()))).collect());
            let got_properties = serde_json::Value::Object(e.properties.iter().map(|(k, v)| (k.to_string(), json(v))).collect());
            if e.url == *url && got_headers == want_headers && got_properties == want_properties {{
                None
            }} else {{
                Some(format!("got {{}} headers {{got_headers}} properties {{got_properties}}; want {{url}} headers {{want_headers}} properties {{want_properties}}", e.url))
            }}
        }}
        (Expect::Error(want), Ok(e)) => Some(format!("got endpoint {{}}; want error {{want:?}}", e.url)),
        (Expect::Endpoint {{ url, .. }}, Err(got)) => Some(format!("got error {{got:?}}; want {{url}}")),
        (Expect::Error(want), Err(got)) => Some(format!("got error {{got:?}}; want error {{want:?}}")),
    }}
}}

#[test]
fn endpoint_tests() {{
    let cases = vec![
{body}    ];
    let (mut passed, mut excluded, mut failed) = (0, 0, Vec::new());
    for case in &cases {{
        match (check(case), case.excluded) {{
            (None, None) => passed += 1,
            (Some(_), Some(_)) => excluded += 1,
            (None, Some(reason)) => failed.push(format!("{{}}: passes, but is excluded ({{reason}}); remove the exclusion", case.doc)),
            (Some(why), None) => failed.push(format!("{{}}: {{why}}", case.doc)),
        }}
    }}
    println!("endpoint-tests {stem}: {{passed}} passed, {{excluded}} excluded, {{}} failed, of {{}}", failed.len(), cases.len());
    for f in &failed {{
        println!("  {{f}}");
    }}
    assert!(failed.is_empty(), "{{}} endpoint test case(s) failed", failed.len());
}}
"#
    ))
}

/// Built-ins the generated client takes from its configuration, and how the
/// test sets each on `Config::builder()`.
fn builtin_setter(name: &str, v: &Value) -> Result<String, String> {
    let s = || v.as_str().map(lit).ok_or_else(|| format!("`{name}` is not a string: {v}"));
    let b = || v.as_bool().ok_or_else(|| format!("`{name}` is not a boolean: {v}"));
    Ok(match name {
        "AWS::Region" => format!(".region({})", s()?),
        "AWS::UseFIPS" => format!(".use_fips({})", b()?),
        "AWS::UseDualStack" => format!(".use_dual_stack({})", b()?),
        "SDK::Endpoint" => format!(".endpoint_url({})", s()?),
        "AWS::Auth::AccountIdEndpointMode" => {
            let mode = match v.as_str() {
                Some("preferred") => "Preferred",
                Some("disabled") => "Disabled",
                Some("required") => "Required",
                _ => return Err(format!("`{name}`: unknown mode {v}")),
            };
            format!(".account_id_endpoint_mode(sut::config::AccountIdEndpointMode::{mode})")
        }
        "AWS::Auth::AccountId" => format!(
            ".credentials_provider(sut::config::Credentials::builder().access_key_id(\"AKIDTEST\").secret_access_key(\"SECRETTEST\").account_id({}).provider_name(\"endpoint-tests\").build())",
            s()?
        ),
        "AWS::STS::UseGlobalEndpoint" => format!(".use_global_endpoint({})", b()?),
        other => return Err(format!("the client has no setting for `{other}`")),
    })
}

/// A second test in the file: the cases' `operationInputs` through the
/// generated operations (see the module docs).
fn operation_tests(stem: &str, lib: &str, ir: &codegen::lower::ir::Ir, cases: &[Value], excluded: Option<&BTreeMap<String, String>>) -> Result<String, String> {
    use crate::protocol_tests::values::Values;
    let values = Values::new(ir);
    let mut body = String::new();
    let (mut not_run, mut runnable) = (0, 0);
    for case in cases {
        let doc = case["documentation"].as_str().unwrap_or("");
        let reason = excluded.and_then(|x| x.get(doc)).map_or("None".to_string(), |r| format!("Some({})", lit(r)));
        let expect = expect_of(case);
        for input in case["operationInputs"].as_array().into_iter().flatten() {
            let op_name = input["operationName"].as_str().unwrap_or_default();
            let label = format!("{doc} [{op_name}]");
            let mut config = String::from("Config::builder().test_defaults().http_client(stub.clone())");
            let mut skip = None;
            for (name, v) in input["builtInParams"].as_object().into_iter().flatten() {
                match builtin_setter(name, v) {
                    Ok(s) => config.push_str(&s),
                    Err(why) => skip = Some(why),
                }
            }
            if let Some(why) = skip {
                writeln!(body, "        println!(\"  not run: {{}}: {{}}\", {}, {});", lit(&label), lit(&why)).unwrap();
                not_run += 1;
                continue;
            }
            let op = ir.operations.iter().find(|o| o.name == op_name).ok_or_else(|| format!("{stem}: case `{doc}` calls `{op_name}`, which was not generated"))?;
            let input_shape = &ir[op.input];
            let empty = serde_json::Map::new();
            let params = input["operationParams"].as_object().unwrap_or(&empty);
            let setters = values.setters(input_shape, params).map_err(|e| format!("{stem}: case `{doc}`: {e}"))?;
            let method = codegen::naming::snake(op_name);
            runnable += 1;
            // Each call's future on the heap: a hundred of them inline overflow a test thread's stack.
            writeln!(
                body,
                "        outcomes.push(Box::pin(async {{
            let stub = StubHttpClient::new();
            stub.respond(200, &[], \"{{}}\");
            let client = Client::from_conf({config}.build());
            let result = client.{method}(){setters}.send().await;
            Outcome {{ label: {label}, expect: {expect}, excluded: {reason}, error: result.err().map(|e| chain(&e)), sent: sent(&stub) }}
        }}).await);",
                label = lit(&label),
            )
            .unwrap();
        }
    }
    if runnable == 0 {
        return Ok(format!(
            r#"
#[test]
fn operation_inputs() {{
{body}    println!("endpoint-tests {stem} through operations: 0 passed, 0 excluded, {not_run} not run, 0 failed, of {not_run}");
}}
"#
        ));
    }
    Ok(format!(
        r#"
mod through_operations {{
    use {lib} as sut;
    use sut::config::stub::StubHttpClient;
    use sut::{{Client, Config}};

    use super::Expect;

    struct Outcome {{
        label: &'static str,
        expect: Expect,
        excluded: Option<&'static str>,
        error: Option<String>,
        /// The URI and headers of the request sent, if any.
        sent: Option<(String, Vec<(String, String)>)>,
    }}

    fn sent(stub: &StubHttpClient) -> Option<(String, Vec<(String, String)>)> {{
        let req = stub.requests().into_iter().next()?;
        let headers = req.headers().iter().map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string())).collect();
        Some((req.uri().to_string(), headers))
    }}

    /// An error and its sources, as one line.
    fn chain(e: &dyn std::error::Error) -> String {{
        let mut out = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {{
            out.push_str(": ");
            out.push_str(&s.to_string());
            source = s.source();
        }}
        out
    }}

    /// `None` when the call did what the case expects.
    fn check(o: &Outcome) -> Option<String> {{
        match (&o.expect, &o.sent) {{
            (Expect::Error(want), None) => match &o.error {{
                Some(got) if got.contains(want) => None,
                got => Some(format!("failed with {{got:?}}; want error {{want:?}}")),
            }},
            (Expect::Error(want), Some((uri, _))) => Some(format!("sent to {{uri}}; want error {{want:?}}")),
            (Expect::Endpoint {{ url, .. }}, None) => Some(format!("sent nothing ({{:?}}); want {{url}}", o.error)),
            (Expect::Endpoint {{ url, headers, properties }}, Some((uri, sent_headers))) => {{
                let rest = uri.strip_prefix(url).unwrap_or("?");
                if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {{
                    return Some(format!("sent to {{uri}}; want {{url}}"));
                }}
                let headers: serde_json::Value = serde_json::from_str(headers).unwrap();
                for (name, values) in headers.as_object().into_iter().flatten() {{
                    let got: Vec<&str> = sent_headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
                    let want: Vec<&str> = values.as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
                    if got != want {{
                        return Some(format!("header {{name}}: {{got:?}}; want {{want:?}}"));
                    }}
                }}
                let properties: serde_json::Value = serde_json::from_str(properties).unwrap();
                let scheme = properties["authSchemes"].as_array().and_then(|s| s.iter().find(|s| s["name"] == "sigv4"));
                if let Some(scheme) = scheme {{
                    let auth = sent_headers.iter().find(|(k, _)| k == "authorization").map(|(_, v)| v.as_str()).unwrap_or_default();
                    let (name, region) = (scheme["signingName"].as_str().unwrap_or_default(), scheme["signingRegion"].as_str().unwrap_or_default());
                    if !auth.contains(&format!("/{{region}}/{{name}}/aws4_request")) {{
                        return Some(format!("signed as {{auth:?}}; want scope {{region}}/{{name}}"));
                    }}
                }}
                None
            }}
        }}
    }}

    #[tokio::test]
    async fn operation_inputs() {{
        let mut outcomes: Vec<Outcome> = Vec::new();
{body}
        let (mut passed, mut excluded, mut failed) = (0, 0, Vec::new());
        for o in &outcomes {{
            match (check(o), o.excluded) {{
                (None, None) => passed += 1,
                (Some(_), Some(_)) => excluded += 1,
                (None, Some(reason)) => failed.push(format!("{{}}: passes, but is excluded ({{reason}}); remove the exclusion", o.label)),
                (Some(why), None) => failed.push(format!("{{}}: {{why}}", o.label)),
            }}
        }}
        println!("endpoint-tests {stem} through operations: {{passed}} passed, {{excluded}} excluded, {not_run} not run, {{}} failed, of {{}}", failed.len(), outcomes.len() + {not_run});
        for f in &failed {{
            println!("  {{f}}");
        }}
        assert!(failed.is_empty(), "{{}} operation case(s) failed", failed.len());
    }}
}}
"#
    ))
}
