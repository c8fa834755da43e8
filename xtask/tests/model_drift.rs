//! Our `model/` must describe DescribeUser exactly as the official Connect
//! model does (shape ids, types, members, targets, every trait except
//! documentation); the deliberate differences live in `model/overlay.json`,
//! which is not part of this comparison. The same holds for the STS and SSO
//! operations in `model/credentials/` against `more/sts.json` and
//! `more/sso.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Traits that describe the service as a whole or only document it.
fn ignored_trait(name: &str) -> bool {
    name == "smithy.api#documentation" || name.starts_with("smithy.rules#") || name == "smithy.api#examples"
}

fn strip(shape: &Value) -> Value {
    let mut s = shape.clone();
    let obj = s.as_object_mut().unwrap();
    if let Some(Value::Object(traits)) = obj.get_mut("traits") {
        traits.retain(|k, _| !ignored_trait(k));
    }
    for key in ["members"] {
        if let Some(Value::Object(members)) = obj.get_mut(key) {
            for (_, m) in members.iter_mut() {
                if let Some(Value::Object(traits)) = m.get_mut("traits") {
                    traits.retain(|k, _| !ignored_trait(k));
                    if traits.is_empty() {
                        m.as_object_mut().unwrap().remove("traits");
                    }
                }
            }
        }
    }
    for key in ["member", "key", "value"] {
        if let Some(Value::Object(m)) = obj.get_mut(key) {
            if let Some(Value::Object(traits)) = m.get_mut("traits") {
                traits.retain(|k, _| !ignored_trait(k));
            }
            if m.get("traits").is_some_and(|t| t.as_object().is_some_and(|t| t.is_empty())) {
                m.remove("traits");
            }
        }
    }
    if obj.get("traits").is_some_and(|t| t.as_object().is_some_and(|t| t.is_empty())) {
        obj.remove("traits");
    }
    // The service lists all its operations upstream; ours lists a subset,
    // checked separately.
    obj.remove("operations");
    obj.remove("resources");
    s
}

fn targets(shape: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for k in ["member", "key", "value", "input", "output"] {
        if let Some(t) = shape.get(k).and_then(|m| m.get("target")).and_then(Value::as_str) {
            out.push(t.to_string());
        }
    }
    if let Some(Value::Object(members)) = shape.get("members") {
        for m in members.values() {
            out.push(m["target"].as_str().unwrap().to_string());
        }
    }
    for k in ["errors", "operations"] {
        if let Some(Value::Array(list)) = shape.get(k) {
            out.extend(list.iter().map(|t| t["target"].as_str().unwrap().to_string()));
        }
    }
    out
}

fn closure(shapes: &serde_json::Map<String, Value>, roots: &[String]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
            continue;
        }
        if let Some(s) = shapes.get(&id) {
            stack.extend(targets(s));
        }
    }
    seen
}

/// Compares our model `ours` (and the rule set applied from `rule_set`)
/// with the official model `official` (a path under the reference models
/// directory): same closure of our operations, same shapes documentation
/// aside, same endpoint rules.
fn check_against_official(official: &str, ours: &str, rule_set: &str) {
    let Some(official_path) = oracle::require(oracle::model_file(&root(), official)) else { return };
    let text = std::fs::read_to_string(&official_path).unwrap_or_else(|e| panic!("{}: {e}", official_path.display()));
    let official: Value = serde_json::from_str(&text).unwrap();
    let ours: Value = serde_json::from_str(&std::fs::read_to_string(root().join(ours)).unwrap()).unwrap();
    let official = official["shapes"].as_object().unwrap();
    let ours = ours["shapes"].as_object().unwrap();

    let service = ours.iter().find(|(_, s)| s["type"] == "service").map(|(id, _)| id.clone()).expect("our model has a service");
    let our_ops: Vec<String> = ours[&service]["operations"].as_array().unwrap().iter().map(|t| t["target"].as_str().unwrap().to_string()).collect();
    let official_ops: BTreeSet<String> = official[&service]["operations"].as_array().unwrap().iter().map(|t| t["target"].as_str().unwrap().to_string()).collect();
    for op in &our_ops {
        assert!(official_ops.contains(op), "{op} is not an operation of the official service");
    }

    let mut want = closure(official, &our_ops);
    want.insert(service.clone());
    let have: BTreeSet<String> = ours.keys().cloned().collect();
    let missing: Vec<_> = want.difference(&have).collect();
    let extra: Vec<_> = have.difference(&want).collect();
    assert!(missing.is_empty(), "shapes the official closure has and ours lacks: {missing:?}");
    assert!(extra.is_empty(), "shapes ours has beyond the official closure: {extra:?}");

    let mut diffs = BTreeMap::new();
    for id in &want {
        let (a, b) = (strip(&official[id]), strip(&ours[id]));
        if a != b {
            diffs.insert(id.clone(), format!("official: {a}\n    ours: {b}"));
        }
    }
    assert!(diffs.is_empty(), "shapes that differ (documentation aside):\n{}", diffs.iter().map(|(k, v)| format!("{k}\n    {v}")).collect::<Vec<_>>().join("\n"));

    // The endpoint rule set is applied from its own file; it must be the service's.
    let rules: Value = serde_json::from_str(&std::fs::read_to_string(root().join(rule_set)).unwrap()).unwrap();
    let applied = &rules["shapes"][&service]["traits"]["smithy.rules#endpointRuleSet"];
    assert!(applied.is_object(), "{rule_set} applies no rule set to {service}");
    // The rules are the service's behaviour and must match; the parameter
    // documentation is ours, as for the shapes.
    assert_eq!(
        without_docs(applied),
        without_docs(&official[&service]["traits"]["smithy.rules#endpointRuleSet"]),
        "{rule_set} differs from the official rule set (documentation aside)"
    );
}

#[test]
fn our_model_matches_the_official_closure() {
    check_against_official("connect-2017-08-08.json", "model/connect-describe-user.json", "model/endpoint-rule-set.json");
}

/// The STS and SSO models the credential providers' clients are generated from.
#[test]
fn the_credential_providers_models_match_sts_and_sso() {
    check_against_official("more/sts.json", "model/credentials/sts.json", "model/credentials/sts-endpoint-rule-set.json");
    check_against_official("more/sso.json", "model/credentials/sso.json", "model/credentials/sso-endpoint-rule-set.json");
}

/// A rule set with every `documentation` field removed.
fn without_docs(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.iter().filter(|(k, _)| k.as_str() != "documentation").map(|(k, v)| (k.clone(), without_docs(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_rule_set_comparison_notices_a_changed_rule() {
    let a = serde_json::json!({"parameters": {"R": {"type": "String", "documentation": "ours"}}, "rules": [{"error": "x"}]});
    let b = serde_json::json!({"parameters": {"R": {"type": "String", "documentation": "theirs"}}, "rules": [{"error": "y"}]});
    let c = serde_json::json!({"parameters": {"R": {"type": "String", "documentation": "theirs"}}, "rules": [{"error": "x"}]});
    assert_ne!(without_docs(&a), without_docs(&b));
    assert_eq!(without_docs(&a), without_docs(&c));
}

#[test]
fn the_comparison_notices_a_changed_trait() {
    // Guard against a comparison that cannot fail: stripping keeps constraint traits.
    let a: Value = serde_json::json!({"type": "string", "traits": {"smithy.api#length": {"min": 1}, "smithy.api#documentation": "x"}});
    let b: Value = serde_json::json!({"type": "string", "traits": {"smithy.api#length": {"min": 2}}});
    assert_ne!(strip(&a), strip(&b));
    let c: Value = serde_json::json!({"type": "string", "traits": {"smithy.api#length": {"min": 1}}});
    assert_eq!(strip(&a), strip(&c));
}
