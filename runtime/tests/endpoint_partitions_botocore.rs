//! Our compiled-in partitions table against botocore's `partitions.json`,
//! field by field.
//!
//! Needs a python with botocore: `BOTOCORE_PYTHON=$PWD/.venv/bin/python
//! cargo test -p client-runtime --test endpoint_partitions_botocore`. Without
//! it the test prints why and passes, unless `CI` is set, where it fails.
//!
//! Intended differences: region `description`s are not carried (rule sets
//! never read them), and the JSON's top-level `version` is not either.

use std::collections::BTreeMap;
use std::process::Command;

use client_runtime::endpoint::partitions::PARTITIONS;
use serde_json::Value;

const DUMP: &str = r#"
import json, os, botocore
path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
print(json.dumps(json.load(open(path))))
"#;

fn botocore_partitions() -> Option<Value> {
    let Some(py) = std::env::var_os("BOTOCORE_PYTHON") else {
        let why = "set BOTOCORE_PYTHON to a python with botocore installed to run this test";
        assert!(std::env::var_os("CI").is_none(), "CI is set but {why}");
        eprintln!("skipped: {why}");
        return None;
    };
    let out = Command::new(&py).args(["-c", DUMP]).output().unwrap_or_else(|e| panic!("cannot run {py:?}: {e}"));
    assert!(out.status.success(), "botocore dump failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).expect("botocore printed JSON"))
}

#[test]
fn partitions_table_equals_botocores() {
    let Some(doc) = botocore_partitions() else { return };
    let theirs: BTreeMap<&str, &Value> = doc["partitions"]
        .as_array()
        .expect("partitions array")
        .iter()
        .map(|p| (p["id"].as_str().expect("id"), p))
        .collect();
    let ours: Vec<&str> = PARTITIONS.iter().map(|p| p.id).collect();
    let mut problems = Vec::new();
    for id in theirs.keys() {
        if !ours.contains(id) {
            problems.push(format!("botocore has partition `{id}`, we do not"));
        }
    }
    for p in &PARTITIONS {
        let Some(t) = theirs.get(p.id) else {
            problems.push(format!("we have partition `{}`, botocore does not", p.id));
            continue;
        };
        let mut field = |name: &str, ours: Value, theirs: &Value| {
            if &ours != theirs {
                problems.push(format!("{}.{name}: ours {ours}, botocore {theirs}", p.id));
            }
        };
        field("regionRegex", p.region_regex.source().into(), &t["regionRegex"]);
        let o = &p.outputs;
        let out = &t["outputs"];
        field("outputs.name", o.name.into(), &out["name"]);
        field("outputs.dnsSuffix", o.dns_suffix.into(), &out["dnsSuffix"]);
        field("outputs.dualStackDnsSuffix", o.dual_stack_dns_suffix.into(), &out["dualStackDnsSuffix"]);
        field("outputs.supportsFIPS", o.supports_fips.into(), &out["supportsFIPS"]);
        field("outputs.supportsDualStack", o.supports_dual_stack.into(), &out["supportsDualStack"]);
        field("outputs.implicitGlobalRegion", o.implicit_global_region.into(), &out["implicitGlobalRegion"]);
        let known =
            ["name", "dnsSuffix", "dualStackDnsSuffix", "supportsFIPS", "supportsDualStack", "implicitGlobalRegion"];
        for k in out.as_object().expect("outputs object").keys() {
            if !known.contains(&k.as_str()) {
                problems.push(format!("{}.outputs.{k}: a field we do not carry", p.id));
            }
        }
        let regions = t["regions"].as_object().expect("regions object");
        let our_names: Vec<&str> = p.regions.iter().map(|r| r.name).collect();
        for name in regions.keys() {
            if !our_names.contains(&name.as_str()) {
                problems.push(format!("{}: botocore lists region `{name}`, we do not", p.id));
            }
        }
        for r in p.regions {
            let Some(tr) = regions.get(r.name) else {
                problems.push(format!("{}: we list region `{}`, botocore does not", p.id, r.name));
                continue;
            };
            let overrides = [
                ("dnsSuffix", r.dns_suffix.map(Value::from)),
                ("dualStackDnsSuffix", r.dual_stack_dns_suffix.map(Value::from)),
                ("supportsFIPS", r.supports_fips.map(Value::from)),
                ("supportsDualStack", r.supports_dual_stack.map(Value::from)),
            ];
            for (k, ours) in &overrides {
                let theirs = tr.get(k).cloned();
                if *ours != theirs {
                    problems.push(format!("{}.regions.{}.{k}: ours {ours:?}, botocore {theirs:?}", p.id, r.name));
                }
            }
            for k in tr.as_object().expect("region object").keys() {
                if k != "description" && !overrides.iter().any(|(o, _)| o == k) {
                    problems.push(format!("{}.regions.{}.{k}: an override we do not carry", p.id, r.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "the partitions table differs from botocore's:\n{}", problems.join("\n"));
}
