//! The `smithy.api` prelude shapes every model may target.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Assembled, Model};
use crate::load::AstShape;

const PRELUDE: &[(&str, &str, Option<fn() -> Value>)] = &[
    ("String", "string", None),
    ("Blob", "blob", None),
    ("BigInteger", "bigInteger", None),
    ("BigDecimal", "bigDecimal", None),
    ("Timestamp", "timestamp", None),
    ("Document", "document", None),
    ("Boolean", "boolean", None),
    ("PrimitiveBoolean", "boolean", Some(|| json!(false))),
    ("Byte", "byte", None),
    ("PrimitiveByte", "byte", Some(|| json!(0))),
    ("Short", "short", None),
    ("PrimitiveShort", "short", Some(|| json!(0))),
    ("Integer", "integer", None),
    ("PrimitiveInteger", "integer", Some(|| json!(0))),
    ("Long", "long", None),
    ("PrimitiveLong", "long", Some(|| json!(0))),
    ("Float", "float", None),
    ("PrimitiveFloat", "float", Some(|| json!(0))),
    ("Double", "double", None),
    ("PrimitiveDouble", "double", Some(|| json!(0))),
];

fn bare(kind: &str) -> AstShape {
    AstShape {
        kind: kind.to_string(),
        members: None,
        member: None,
        key: None,
        value: None,
        traits: Default::default(),
        mixins: vec![],
        version: None,
        operations: vec![],
        resources: vec![],
        errors: vec![],
        input: None,
        output: None,
        rename: Default::default(),
        identifiers: Default::default(),
        properties: Default::default(),
        create: None,
        put: None,
        read: None,
        update: None,
        delete: None,
        list: None,
        collection_operations: vec![],
    }
}

/// Adds the prelude shapes a model did not define itself.
pub(super) fn add(model: &mut Model) {
    let file = PathBuf::from("<prelude>");
    for (name, kind, default) in PRELUDE {
        let mut shape = bare(kind);
        if let Some(default) = default {
            shape.traits.insert("smithy.api#default".into(), default());
        }
        model
            .shapes
            .entry(format!("smithy.api#{name}"))
            .or_insert_with(|| Assembled { shape, file: file.clone() });
    }
    let mut unit = bare("structure");
    unit.members = Some(vec![]);
    unit.traits.insert("smithy.api#unitType".into(), json!({}));
    model.shapes.entry("smithy.api#Unit".into()).or_insert(Assembled { shape: unit, file });
}
