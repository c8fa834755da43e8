//! `cargo xtask endpoint-tests`: every `smithy.rules#endpointTests` case of
//! every reference model (`$SMITHY_MODELS_DIR/*.json` and `more/*.json`) runs
//! against the resolver generated for that model.
//!
//! Each model generates into a crate under `target/endpoint-tests` (types and
//! one operation: the resolver does not depend on the rest), with a test file
//! holding its cases: the case's `params` go through the generated
//! `config::endpoint::Params` builder, and the expected URL, headers and
//! properties (compared as JSON) or error message must come out. Cases with
//! `operationInputs` run with their `params` too (the rule set's input is the
//! same; only restJson1 operations are generated, and no restJson1 model has
//! such cases). Known differences are listed, with their reason, in
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
        let opts = codegen::Options {
            models: vec![file.clone()],
            service: Some(service_id.clone()),
            operations: first_op.map(|o| vec![o.rsplit('#').next().unwrap_or(o).to_string()]).unwrap_or_default(),
            crate_name: crate_name.clone(),
            runtime_path: root.join("runtime").display().to_string(),
            regenerate_command: "cargo xtask endpoint-tests".into(),
        };
        let generated = codegen::generate(&opts).map_err(|e| format!("{stem}: generation failed:\n{e}"))?;
        let mut files = generated.files;
        let params = &service["traits"]["smithy.rules#endpointRuleSet"]["parameters"];
        let test = test_file(&stem, &crate_name.replace('-', "_"), params, &cases, excluded.get(&stem))?;
        files.insert(PathBuf::from("tests/endpoint_tests.rs"), test);
        if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
            manifest.push_str("\n[dev-dependencies]\nserde_json = \"1\"\n");
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
        let expect = &case["expect"];
        let expect = if let Some(e) = expect.get("error") {
            format!("Expect::Error({})", lit(e.as_str().unwrap_or_default()))
        } else {
            let ep = &expect["endpoint"];
            format!(
                "Expect::Endpoint {{ url: {}, headers: {}, properties: {} }}",
                lit(ep["url"].as_str().unwrap_or_default()),
                lit(&ep.get("headers").cloned().unwrap_or(Value::Object(Default::default())).to_string()),
                lit(&ep.get("properties").cloned().unwrap_or(Value::Object(Default::default())).to_string()),
            )
        };
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
