//! The messages `Validator` produces, checked against the expected
//! `ValidationException` bodies of the `aws.protocoltests.restjson.validation
//! #RestJsonValidation` `httpMalformedRequestTests`.
//!
//! There are no generated types here, so the test walks each malformed
//! request body with a tiny model interpreter (structure, union, list, map,
//! string, enum, blob, number, boolean, timestamp; `@length`, `@pattern`,
//! `@range`, `@uniqueItems`, `@required`, enum values; member traits over
//! target traits; `@httpHeader`/`@httpQuery` members read from the request)
//! and calls the same `Validator` primitives generated code calls. Cases the
//! interpreter cannot express are listed and skipped; the rest must produce
//! exactly the expected message, field message and path.

use client_runtime::validate::{Pattern, Validator};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

const NS: &str = "aws.protocoltests.restjson.validation#";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Model<'a> {
    shapes: &'a Map<String, Value>,
}

fn prelude_type(id: &str) -> Option<&'static str> {
    Some(match id.strip_prefix("smithy.api#")? {
        "String" => "string",
        "Blob" => "blob",
        "Boolean" | "PrimitiveBoolean" => "boolean",
        "Byte" | "PrimitiveByte" => "byte",
        "Short" | "PrimitiveShort" => "short",
        "Integer" | "PrimitiveInteger" => "integer",
        "Long" | "PrimitiveLong" => "long",
        "Float" | "PrimitiveFloat" => "float",
        "Double" | "PrimitiveDouble" => "double",
        "Timestamp" => "timestamp",
        "Document" => "document",
        _ => return None,
    })
}

fn base64_len(s: &str) -> usize {
    let data = s.trim_end_matches('=').len();
    data * 3 / 4
}

impl Model<'_> {
    fn shape(&self, id: &str) -> Option<&Value> {
        self.shapes.get(id)
    }

    fn kind(&self, id: &str) -> Result<String, String> {
        if let Some(t) = prelude_type(id) {
            return Ok(t.to_owned());
        }
        let s = self
            .shape(id)
            .ok_or_else(|| format!("unknown shape {id}"))?;
        Ok(s["type"].as_str().unwrap_or_default().to_owned())
    }

    /// Target traits overlaid with member traits.
    fn traits(&self, target: &str, member_traits: Option<&Value>) -> Map<String, Value> {
        let mut t = self
            .shape(target)
            .and_then(|s| s.get("traits"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(Value::Object(m)) = member_traits {
            for (k, v) in m {
                t.insert(k.clone(), v.clone());
            }
        }
        t
    }

    fn validate(
        &self,
        target: &str,
        traits: &Map<String, Value>,
        value: &Value,
        v: &mut Validator,
    ) -> Result<(), String> {
        let kind = self.kind(target)?;
        let length = traits.get("smithy.api#length");
        let bound = |k: &str| length.and_then(|l| l.get(k)).and_then(Value::as_u64);
        let range = traits.get("smithy.api#range");
        match kind.as_str() {
            "structure" | "union" => {
                let members = self
                    .shape(target)
                    .and_then(|s| s["members"].as_object())
                    .cloned()
                    .unwrap_or_default();
                let obj = value.as_object().ok_or("expected an object")?;
                for (name, m) in &members {
                    let mt = m["target"].as_str().unwrap_or_default();
                    let mtraits = self.traits(mt, m.get("traits"));
                    match obj.get(name) {
                        Some(val) if !val.is_null() => {
                            let mut r = Ok(());
                            v.member(name, |v| r = self.validate(mt, &mtraits, val, v));
                            r?;
                        }
                        _ if mtraits.contains_key("smithy.api#required") => v.required(name),
                        _ => {}
                    }
                }
            }
            "list" | "set" => {
                let items = value.as_array().ok_or("expected an array")?;
                let member = &self.shape(target).ok_or("no list shape")?["member"];
                let mt = member["target"].as_str().unwrap_or_default();
                let mtraits = self.traits(mt, member.get("traits"));
                if length.is_some() {
                    v.length_count(items.len(), bound("min"), bound("max"));
                }
                if traits.contains_key("smithy.api#uniqueItems") {
                    v.unique_items(items);
                }
                for (i, item) in items.iter().enumerate() {
                    let mut r = Ok(());
                    v.index(i, |v| r = self.validate(mt, &mtraits, item, v));
                    r?;
                }
            }
            "map" => {
                let entries = value.as_object().ok_or("expected an object")?;
                let shape = self.shape(target).ok_or("no map shape")?;
                let kt = shape["key"]["target"].as_str().unwrap_or_default();
                let ktraits = self.traits(kt, shape["key"].get("traits"));
                let vt = shape["value"]["target"].as_str().unwrap_or_default();
                let vtraits = self.traits(vt, shape["value"].get("traits"));
                if length.is_some() {
                    v.length_count(entries.len(), bound("min"), bound("max"));
                }
                for (k, val) in entries {
                    let mut r = Ok(());
                    v.map_key(|v| r = self.validate(kt, &ktraits, &Value::String(k.clone()), v));
                    r?;
                    let mut r = Ok(());
                    v.key(k, |v| r = self.validate(vt, &vtraits, val, v));
                    r?;
                }
            }
            "string" | "enum" => {
                let s = value.as_str().ok_or("expected a string")?;
                if kind == "enum" {
                    let members = self
                        .shape(target)
                        .and_then(|s| s["members"].as_object())
                        .ok_or("enum")?;
                    // Values of @internal members are not listed.
                    let allowed: Vec<&str> = members
                        .values()
                        .filter(|m| m["traits"].get("smithy.api#internal").is_none())
                        .filter_map(|m| m["traits"]["smithy.api#enumValue"].as_str())
                        .collect();
                    v.enum_value(s, &allowed);
                } else if let Some(Value::Array(defs)) = traits.get("smithy.api#enum") {
                    // Entries tagged "internal" are not listed.
                    let allowed: Vec<&str> = defs
                        .iter()
                        .filter(|d| {
                            !d["tags"]
                                .as_array()
                                .is_some_and(|t| t.iter().any(|t| t == "internal"))
                        })
                        .filter_map(|d| d["value"].as_str())
                        .collect();
                    v.enum_value(s, &allowed);
                }
                if length.is_some() {
                    v.length_str(s, bound("min"), bound("max"));
                }
                if let Some(Value::String(p)) = traits.get("smithy.api#pattern") {
                    let p = Pattern::new(Box::leak(p.clone().into_boxed_str()));
                    v.pattern(s, &p);
                }
            }
            "blob" => {
                let s = value.as_str().ok_or("expected base64")?;
                if length.is_some() {
                    v.length_bytes(base64_len(s), bound("min"), bound("max"));
                }
            }
            "byte" | "short" | "integer" | "long" => {
                let n = value.as_i64().ok_or("expected an integer")?;
                if let Some(r) = range {
                    v.range_i64(
                        n,
                        r.get("min").and_then(Value::as_i64),
                        r.get("max").and_then(Value::as_i64),
                    );
                }
            }
            "float" | "double" => {
                let n = value.as_f64().ok_or("expected a number")?;
                if let Some(r) = range {
                    v.range_f64(
                        n,
                        r.get("min").and_then(Value::as_f64),
                        r.get("max").and_then(Value::as_f64),
                    );
                }
            }
            "intEnum" => {
                let n = value.as_i64().ok_or("expected an integer")? as i32;
                let members = self
                    .shape(target)
                    .and_then(|s| s["members"].as_object())
                    .ok_or("intEnum")?;
                let allowed: Vec<i32> = members
                    .values()
                    .filter_map(|m| m["traits"]["smithy.api#enumValue"].as_i64())
                    .map(|x| x as i32)
                    .collect();
                v.int_enum_value(n, &allowed);
            }
            "boolean" | "timestamp" | "document" => {}
            other => return Err(format!("shape type {other} not interpreted")),
        }
        Ok(())
    }
}

/// Replaces `$name:S` (JSON string) and `$name:L` (literal) placeholders,
/// then `$$` with `$`.
fn interpolate(template: &str, params: &[(String, String)]) -> String {
    let mut s = template.to_owned();
    for (name, value) in params {
        s = s.replace(
            &format!("${name}:S"),
            &Value::String(value.clone()).to_string(),
        );
        s = s.replace(&format!("${name}:L"), value);
    }
    s.replace("$$", "$")
}

#[test]
fn messages_match_restjson_validation_protocol_tests() {
    let Some(file) = oracle::require(oracle::model_file(&workspace_root(), "protocol-tests/smithy-aws-protocol-tests.json"))
    else {
        return;
    };
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let json: Value = serde_json::from_str(&text).unwrap();
    let shapes = json["shapes"].as_object().unwrap();
    let model = Model { shapes };

    let (mut cases, mut instances, mut skipped) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for (id, shape) in shapes {
        if !id.starts_with(NS) {
            continue;
        }
        let Some(Value::Array(tests)) =
            shape["traits"].get("smithy.test#httpMalformedRequestTests")
        else {
            continue;
        };
        let input = shape["input"]["target"].as_str().unwrap_or_default();
        for case in tests {
            let case_id = case["id"].as_str().unwrap_or_default();
            let Some(contents) = case["response"]["body"]["assertion"]["contents"].as_str() else {
                skipped.push(format!("{case_id}: no exact body to compare"));
                continue;
            };
            cases += 1;
            // Expand testParameters: the i-th instance takes the i-th value of each.
            let params = case["testParameters"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            let n = params
                .values()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .max()
                .unwrap_or(1);
            for i in 0..n {
                let p: Vec<(String, String)> = params
                    .iter()
                    .map(|(k, v)| (k.clone(), v[i].as_str().unwrap_or_default().to_owned()))
                    .collect();
                let body_text = interpolate(case["request"]["body"].as_str().unwrap_or("{}"), &p);
                let mut body: Value =
                    serde_json::from_str(&body_text).unwrap_or(Value::Object(Map::new()));
                // Header and query members come from the request, not the body.
                let members = shapes[input]["members"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                for (name, m) in &members {
                    if let Some(Value::String(h)) = m["traits"].get("smithy.api#httpHeader") {
                        let headers = case["request"]["headers"].as_object();
                        if let Some(val) = headers
                            .and_then(|hs| hs.iter().find(|(k, _)| k.eq_ignore_ascii_case(h)))
                        {
                            body[name] = val.1.clone();
                        }
                    }
                    if let Some(Value::String(q)) = m["traits"].get("smithy.api#httpQuery") {
                        for qp in case["request"]["queryParams"]
                            .as_array()
                            .into_iter()
                            .flatten()
                        {
                            let qp = qp.as_str().unwrap_or_default();
                            let (k, val) = qp.split_once('=').unwrap_or((qp, ""));
                            if k == q {
                                body[name] = Value::String(val.to_owned());
                            }
                        }
                    }
                }
                let expected: Value = serde_json::from_str(&interpolate(contents, &p)).unwrap();
                let mut v = Validator::new();
                if let Err(e) = model.validate(input, &Map::new(), &body, &mut v) {
                    skipped.push(format!("{case_id}[{i}]: {e}"));
                    continue;
                }
                instances += 1;
                let result = v.finish();
                let (msg, field_msg, field_path) = match &result {
                    Ok(()) => ("<valid>".to_owned(), String::new(), String::new()),
                    Err(e) => (
                        e.to_string(),
                        e.violations()[0].message().to_owned(),
                        e.violations()[0].path().to_owned(),
                    ),
                };
                let field = &expected["fieldList"][0];
                if msg != expected["message"]
                    || field_msg != field["message"]
                    || field_path != field["path"]
                    || result.as_ref().err().map(|e| e.violations().len()) != Some(1)
                {
                    failures.push(format!(
                        "{case_id}[{i}]:\n  expected {}\n       got {msg:?} at {field_path:?}",
                        expected["message"]
                    ));
                }
            }
        }
    }
    println!("checked {instances} instances of {cases} RestJsonValidation malformed-request cases");
    for s in &skipped {
        println!("skipped {s}");
    }
    assert!(cases >= 80, "only {cases} cases found");
    assert!(skipped.is_empty(), "cases not interpreted: {skipped:?}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
