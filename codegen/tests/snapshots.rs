//! Snapshot tests: one small purpose-built model per feature in
//! `tests/models/`, and only the generated code that feature shapes (an
//! operation's `serialize_request`, a type's definition, its serializer), so
//! a change to shared boilerplate does not move every snapshot. Review a
//! change by reading the snapshot diff (`cargo insta review`, or the
//! `.snap.new` files); `cargo xtask check-models` compiles the same crates
//! with warnings denied.

use std::path::PathBuf;

fn generate(models: &[&str]) -> codegen::Generated {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/models");
    let stem = models[0].trim_end_matches(".json").replace('/', "-");
    let opts = codegen::Options {
        models: models.iter().map(|m| dir.join(m)).collect(),
        service: None,
        operations: vec![],
        crate_name: format!("own-{stem}"),
        runtime_path: "../runtime".into(),
        regenerate_command: "cargo xtask check-models".into(),
        fake_validation_error: None,
    };
    codegen::generate(&opts).unwrap_or_else(|e| panic!("{models:?} does not generate:\n{e}"))
}

/// What to show of one generated file: the whole file (no selectors), or
/// the item whose first line matches each selector. A selector `a > b`
/// picks item `b` inside item `a` (a method inside an `impl`); `every a`
/// picks all the items that match `a` (the `static`s of a file).
struct Part {
    path: &'static str,
    items: &'static [&'static str],
}

const fn file(path: &'static str) -> Part {
    Part { path, items: &[] }
}

const fn items(path: &'static str, items: &'static [&'static str]) -> Part {
    Part { path, items }
}

/// The parts of the crate generated from `models`, each under a
/// `// ---- path ----` header; diagnostics first.
fn excerpt(models: &[&str], parts: &[Part]) -> String {
    let generated = generate(models);
    let mut out = String::new();
    // Paths relative to the test models, so snapshots do not depend on the checkout.
    let dir = format!("{}/", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/models").display());
    for d in &generated.diagnostics {
        out.push_str(&format!("// diagnostic: {}\n", d.to_string().replace(&dir, "")));
    }
    for part in parts {
        let text = generated
            .files
            .get(&PathBuf::from(part.path))
            .unwrap_or_else(|| {
                panic!(
                    "{models:?} generates no {}; it has {:?}",
                    part.path,
                    generated.files.keys()
                )
            });
        // The `@generated` line names the command: boilerplate, not the feature.
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("// @generated"))
            .map(|l| format!("{l}\n"))
            .collect();
        if part.items.is_empty() {
            out.push_str(&format!("// ---- {} ----\n{text}", part.path));
        }
        for selector in part.items {
            let item = select(&text, selector).unwrap_or_else(|e| panic!("{}: {e}", part.path));
            out.push_str(&format!("// ---- {}: {selector} ----\n{item}", part.path));
        }
    }
    out
}

fn select(text: &str, selector: &str) -> Result<String, String> {
    let (every, selector) = match selector.strip_prefix("every ") {
        Some(rest) => (true, rest),
        None => (false, selector),
    };
    let mut text = text.to_string();
    for (depth, needle) in selector.split(" > ").enumerate() {
        let found: Vec<_> = split_items(&text, depth * 4)
            .into_iter()
            .filter(|(sig, _)| mentions(sig, needle))
            .collect();
        match found.as_slice() {
            [(_, item)] => text = item.clone(),
            [_, ..] if every => text = found.iter().map(|(_, t)| t.as_str()).collect(),
            _ => {
                let sigs: Vec<String> = split_items(&text, depth * 4)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
                return Err(format!(
                    "{} items match `{needle}`; the items are:\n{}",
                    found.len(),
                    sigs.join("\n")
                ));
            }
        }
    }
    Ok(text)
}

/// True when `sig` mentions `needle` as whole words; a needle ending in `_`
/// is a prefix (`static PATTERN_`).
fn mentions(sig: &str, needle: &str) -> bool {
    sig.match_indices(needle).any(|(i, _)| {
        let before = sig[..i].chars().next_back();
        let after = sig[i + needle.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && (needle.ends_with('_') || !word(after))
    })
}

/// The items of prettyplease output at one indentation, each as its first
/// code line and its text (attributes and doc comments included). An item
/// ends at a line at that indentation ending in `}` or `;`.
fn split_items(text: &str, indent: usize) -> Vec<(String, String)> {
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut sig: Option<String> = None;
    // Inside an attribute that prettyplease broke over several lines.
    let mut in_attr = false;
    for line in text.lines() {
        let depth = line.len() - line.trim_start().len();
        if depth < indent && !line.trim().is_empty() {
            continue; // the enclosing item's own lines
        }
        current.push_str(line);
        current.push('\n');
        let Some(code) = line.strip_prefix(&pad).filter(|_| depth == indent) else {
            continue;
        };
        if in_attr || code.starts_with('#') {
            in_attr = !code.ends_with(']');
            continue;
        }
        if code.starts_with("//!") {
            current.clear(); // the module's own doc, not the next item's
            continue;
        }
        if code.starts_with("//") {
            continue;
        }
        let first = sig.get_or_insert_with(|| code.to_string()).clone();
        if code.ends_with('}') || code.ends_with(';') {
            sig = None;
            out.push((first, std::mem::take(&mut current)));
        }
    }
    out
}

#[test]
fn label_bindings() {
    let s = excerpt(
        &["feature-bindings-label.json"],
        &[
            items(
                "src/operation/get_part.rs",
                &["Validate for GetPartInput", "fn serialize_request"],
            ),
            items("src/operation/get_file.rs", &["fn serialize_request"]),
        ],
    );
    insta::assert_snapshot!("bindings_label", s);
}

#[test]
fn query_bindings() {
    let s = excerpt(
        &["feature-bindings-query.json"],
        &[
            items("src/operation/list_things.rs", &["fn serialize_request"]),
            items("src/operation/search_things.rs", &["fn serialize_request"]),
        ],
    );
    insta::assert_snapshot!("bindings_query", s);
}

#[test]
fn header_bindings() {
    let s = excerpt(
        &["feature-bindings-headers.json"],
        &[items(
            "src/operation/put_thing.rs",
            &["fn serialize_request", "fn deserialize_response"],
        )],
    );
    insta::assert_snapshot!("bindings_headers", s);
}

#[test]
fn payload_bindings() {
    const BOTH: &[&str] = &["fn serialize_request", "fn deserialize_response"];
    let s = excerpt(
        &["feature-bindings-payload.json"],
        &[
            items("src/operation/put_blob.rs", BOTH),
            items("src/operation/put_text.rs", BOTH),
            items("src/operation/put_record.rs", BOTH),
            items("src/operation/put_choice.rs", BOTH),
        ],
    );
    insta::assert_snapshot!("bindings_payload", s);
}

#[test]
fn pattern_statics() {
    let s = excerpt(
        &["feature-patterns.json"],
        &[
            items(
                "src/operation/put_codes.rs",
                &["every static PATTERN_", "Validate for PutCodesInput"],
            ),
            items(
                "src/types/_alias.rs",
                &["every static PATTERN_", "Validate for crate::types::Alias"],
            ),
        ],
    );
    insta::assert_snapshot!("patterns", s);
}

#[test]
fn host_prefix() {
    let s = excerpt(
        &["feature-host-prefix.json"],
        &[
            items("src/operation/put_data.rs", &["fn serialize_request"]),
            items("src/operation/ping.rs", &["fn serialize_request"]),
        ],
    );
    insta::assert_snapshot!("host_prefix", s);
}

/// awsJson1_0 wins over restJson1 on a service with both; `@http*` and
/// `@jsonName` do not apply; errors are awsQueryCompatible.
#[test]
fn aws_json() {
    let s = excerpt(
        &["feature-aws-json.json"],
        &[
            items("src/operation/put_item.rs", &["fn serialize_request", "fn deserialize_response", "fn de_put_item_error", "pub(crate) static OPERATION"]),
            items("src/operation/ping.rs", &["fn serialize_request", "fn de_ping_error"]),
        ],
    );
    insta::assert_snapshot!("aws_json", s);
}

#[test]
fn auth_schemes() {
    let s = excerpt(
        &["feature-auth.json"],
        &[
            items("src/operation/signed.rs", &["pub(crate) static OPERATION"]),
            items("src/operation/anonymous.rs", &["pub(crate) static OPERATION"]),
            items("src/operation/maybe_signed.rs", &["pub(crate) static OPERATION"]),
            items("src/operation/bearer_only.rs", &["pub(crate) static OPERATION"]),
        ],
    );
    insta::assert_snapshot!("auth_schemes", s);
}

/// A client generated as a module of another crate: `mod.rs` instead of a
/// manifest and `lib.rs`, and every `crate::` path under the module.
#[test]
fn module_layout() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/models");
    let opts = codegen::Options {
        models: vec![dir.join("feature-aws-json.json")],
        service: None,
        operations: vec![],
        crate_name: "own-module".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "cargo xtask codegen".into(),
        fake_validation_error: None,
    };
    let module = codegen::generate_as(&opts, &codegen::Layout::Module("credentials::rpc".into())).unwrap();
    let as_crate = codegen::generate(&opts).unwrap();
    let expected: Vec<PathBuf> = as_crate
        .files
        .keys()
        .filter(|p| p.as_path() != std::path::Path::new("Cargo.toml"))
        .map(|p| if p.as_path() == std::path::Path::new("src/lib.rs") { "mod.rs".into() } else { p.strip_prefix("src").unwrap().to_path_buf() })
        .collect();
    assert_eq!(module.files.keys().cloned().collect::<Vec<_>>(), expected);
    for (path, text) in &module.files {
        for line in text.lines() {
            let code = line.split("//").next().unwrap();
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                assert!(rest[at..].starts_with("crate::credentials::rpc::"), "{}: {line}", path.display());
                rest = &rest[at + 7..];
            }
        }
    }
    let op = &module.files[&PathBuf::from("operation/put_item.rs")];
    assert!(op.contains("service: &crate::credentials::rpc::client::SERVICE"), "{op}");
    let root = &module.files[&PathBuf::from("mod.rs")];
    assert!(root.contains("pub use client::Client;") && !root.contains("# Usage"), "{root}");
    // `Client::new(&SdkConfig)` is a crate's, behind its own feature; a module has no manifest to declare it.
    assert!(!module.files[&PathBuf::from("client.rs")].contains("sdk-config"));
    let client = &as_crate.files[&PathBuf::from("src/client.rs")];
    assert!(client.contains("#[cfg(feature = \"sdk-config\")]\nimpl Client {"), "{client}");
    assert!(client.contains("pub fn new(sdk_config: &::client_runtime::reexports::aws_types::SdkConfig) -> Self"), "{client}");
    let manifest = &as_crate.files[&PathBuf::from("Cargo.toml")];
    assert!(manifest.contains("[features]\n") && manifest.contains("\nsdk-config = [\"client-runtime/sdk-config\"]\n"), "{manifest}");
}

#[test]
fn endpoint_rules() {
    let s = excerpt(
        &["feature-endpoint-rules.json"],
        &[file("src/endpoint.rs"), items("src/operation/put_object.rs", &["fn serialize_request"]), items("src/operation/put_batch.rs", &["fn serialize_request"]), items("src/client.rs", &["pub(crate) static SERVICE"])],
    );
    insta::assert_snapshot!("endpoint_rules", s);
}

#[test]
fn checksum_required() {
    let s = excerpt(
        &["feature-checksum.json"],
        &[
            items("src/operation/put_config.rs", &["fn serialize_request"]),
            items("src/operation/put_object.rs", &["fn serialize_request"]),
        ],
    );
    insta::assert_snapshot!("checksum", s);
    // The runtime's MD5 is behind a feature that only such crates turn on.
    let manifest = |model: &str| generate(&[model]).files[&PathBuf::from("Cargo.toml")].clone();
    let with = manifest("feature-checksum.json");
    assert!(with.contains("\"content-md5\""), "{with}");
    let without = manifest("feature-aws-json.json");
    assert!(!without.contains("content-md5"), "{without}");
}

#[test]
fn mixins_are_flattened() {
    let s = excerpt(
        &["feature-mixins.json"],
        &[
            file("src/types.rs"),
            items(
                "src/types/_thing.rs",
                &[
                    "every static PATTERN_",
                    "struct Thing",
                    "Validate for crate::types::Thing",
                ],
            ),
            items(
                "src/operation/put_thing.rs",
                &["struct PutThingInput", "Validate for PutThingInput"],
            ),
        ],
    );
    insta::assert_snapshot!("mixins", s);
}

/// `apply` lives in a second file, so the model is a folder: check-models
/// takes one top-level file per crate and skips it.
#[test]
fn apply_from_a_second_file() {
    let s = excerpt(
        &["feature-apply/service.json", "feature-apply/overlay.json"],
        &[
            items(
                "src/types/_item.rs",
                &["struct Item", "Validate for crate::types::Item"],
            ),
            items(
                "src/operation/get_item.rs",
                &["Validate for GetItemInput", "fn serialize_request"],
            ),
        ],
    );
    insta::assert_snapshot!("apply", s);
}

#[test]
fn recursion_is_boxed() {
    let s = excerpt(
        &["feature-recursion.json"],
        &[
            items("src/types/_node.rs", &["struct Node"]),
            items("src/types/_other.rs", &["struct Other"]),
            items("src/types/_expr.rs", &["enum Expr"]),
            file("src/protocol_serde/shape_node.rs"),
            items("src/protocol_serde/shape_expr.rs", &["fn de_expr"]),
        ],
    );
    insta::assert_snapshot!("recursion", s);
}

#[test]
fn unions() {
    let s = excerpt(
        &["feature-unions.json"],
        &[
            items(
                "src/types/_value.rs",
                &["enum Value", "Validate for crate::types::Value"],
            ),
            file("src/protocol_serde/shape_value.rs"),
        ],
    );
    insta::assert_snapshot!("unions", s);
}

#[test]
fn defaults() {
    let s = excerpt(
        &["feature-defaults.json"],
        &[
            items(
                "src/types/_settings.rs",
                &["struct Settings", "impl SettingsBuilder > fn build"],
            ),
            items("src/protocol_serde/shape_settings.rs", &["fn ser_settings"]),
        ],
    );
    insta::assert_snapshot!("defaults", s);
}

/// Keys constrained, values not (and the other way round).
#[test]
fn map_key_validation() {
    let s = excerpt(
        &["feature-map-validation.json"],
        &[items(
            "src/operation/put_labels.rs",
            &["every static PATTERN_", "Validate for PutLabelsInput"],
        )],
    );
    insta::assert_snapshot!("map_validation", s);
}

/// The names the obstacle course turns into: the rest of its crate is
/// boilerplate that check-models compiles.
#[test]
fn naming_obstacles() {
    let s = excerpt(
        &["naming.json"],
        &[
            file("src/types.rs"),
            items("src/client.rs", &["every impl Client"]),
            items(
                "src/operation/type_.rs",
                &["struct TypeInput", "struct TypeOutput"],
            ),
            items("src/types/_self_value.rs", &["enum SelfValue"]),
            items("src/types/_kind.rs", &["enum Kind"]),
            items("src/operation/list_things.rs", &["enum ListThingsError", "impl ListThingsError"]),
            items("src/operation/list_things.rs", &["struct ListThingsInput"]),
            // The service-wide error: the modeled `Unhandled` error keeps its suffixed variant.
            items("src/error.rs", &["enum Error", "impl<E>"]),
            items("src/operation/list_things.rs", &["impl ::std::convert::From<ListThingsError>"]),
            // An input's `build()` is fallible, as in the official SDKs, though every member is optional.
            items("src/operation/list_things.rs", &["mod builders > impl ListThingsInputBuilder > build"]),
        ],
    );
    insta::assert_snapshot!("naming", s);
}

#[test]
fn output_is_byte_identical_run_to_run() {
    for models in [
        &["feature-recursion.json"][..],
        &["feature-defaults.json"],
        &["feature-apply/service.json", "feature-apply/overlay.json"],
    ] {
        assert_eq!(generate(models).files, generate(models).files, "{models:?}");
    }
}

/// The `serde` feature: impls written out as calls to `client_runtime::serde`,
/// keys the model's member names, an adapter for each member whose Rust
/// type is not already the JSON the AWS CLI prints.
#[test]
fn serde_impls() {
    let s = excerpt(
        &["shapes.json"],
        &[
            items(
                "src/types/_everything.rs",
                &["Serialize for Everything", "Fields for crate::types::builders::EverythingBuilder"],
            ),
            items("src/types/_node.rs", &["Deserialize<'de> for Node", "Fields for crate::types::builders::NodeBuilder"]),
            items("src/types/_expr.rs", &["Serialize for Expr", "Variants for Expr"]),
            items("src/types/_color.rs", &["Serialize for Color", "Deserialize<'de> for Color"]),
            items("src/types/_level.rs", &["Serialize for Level", "Deserialize<'de> for Level"]),
        ],
    );
    insta::assert_snapshot!("serde", s);
}
