//! Load: a serde mirror of the Smithy JSON AST, one file at a time.
//!
//! Nothing here interprets the model; it only gives the JSON a typed shape
//! and reports where a file is not a Smithy JSON AST.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};

/// One model file as written on disk.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// The Smithy IDL version, `"2.0"` (or `"1.0"`).
    pub smithy: String,
    /// Model metadata; kept for completeness, not interpreted.
    #[serde(default)]
    pub metadata: serde_json::Map<String, Value>,
    /// Shapes by absolute shape id, in file order.
    #[serde(default)]
    pub shapes: serde_json::Map<String, Value>,
}

/// A reference to another shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The absolute shape id.
    pub target: String,
}

/// A member of an aggregate shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstMember {
    /// The absolute id of the targeted shape.
    pub target: String,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
}

/// One shape of the JSON AST. Every field a shape type can carry is optional
/// here; `assemble` checks which ones a given type may have.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstShape {
    /// `structure`, `string`, `apply`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Members of a structure, union, enum or intEnum, in declaration order.
    #[serde(default, deserialize_with = "ordered_members")]
    pub members: Option<Vec<(String, AstMember)>>,
    /// The member of a list or set.
    pub member: Option<AstMember>,
    /// The key of a map.
    pub key: Option<AstMember>,
    /// The value of a map.
    pub value: Option<AstMember>,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
    /// Mixins this shape uses.
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Service version.
    pub version: Option<String>,
    /// Operations bound to a service or resource.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Resources bound to a service or resource.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Service-wide or operation errors.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Operation input.
    pub input: Option<Target>,
    /// Operation output.
    pub output: Option<Target>,
    /// Shape id renames of a service.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Resource identifiers.
    #[serde(default)]
    pub identifiers: BTreeMap<String, Target>,
    /// Resource properties.
    #[serde(default)]
    pub properties: BTreeMap<String, Target>,
    /// Resource lifecycle operations.
    pub create: Option<Target>,
    /// Resource lifecycle operation.
    pub put: Option<Target>,
    /// Resource lifecycle operation.
    pub read: Option<Target>,
    /// Resource lifecycle operation.
    pub update: Option<Target>,
    /// Resource lifecycle operation.
    pub delete: Option<Target>,
    /// Resource lifecycle operation.
    pub list: Option<Target>,
    /// Collection operations of a resource.
    #[serde(default, rename = "collectionOperations")]
    pub collection_operations: Vec<Target>,
}

fn ordered_members<'de, D>(d: D) -> Result<Option<Vec<(String, AstMember)>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let map: Option<serde_json::Map<String, Value>> = Option::deserialize(d)?;
    let Some(map) = map else { return Ok(None) };
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let member = AstMember::deserialize(value)
            .map_err(|e| serde::de::Error::custom(format!("member `{name}`: {e}")))?;
        out.push((name, member));
    }
    Ok(Some(out))
}

/// A file that parsed, with its shapes decoded.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Where it came from, for diagnostics.
    pub path: PathBuf,
    /// The Smithy version it declares.
    pub smithy: String,
    /// Shapes in file order.
    pub shapes: Vec<(String, AstShape)>,
}

/// Reads and decodes one file; every problem becomes a diagnostic naming the
/// file (and the shape, when the problem is inside one).
pub fn load_file(path: &Path, diags: &mut Diagnostics) -> Option<LoadedFile> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(path, None, None, format!("cannot read the file: {e}")));
            return None;
        }
    };
    load_str(path, &text, diags)
}

/// Decodes one file's text (see [`load_file`]).
pub fn load_str(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<LoadedFile> {
    let file: ModelFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                None,
                None,
                format!("not a Smithy JSON AST (line {}, column {}): {}", e.line(), e.column(), strip_position(&e)),
            ));
            return None;
        }
    };
    if !(file.smithy == "2.0" || file.smithy == "2" || file.smithy.starts_with("1.")) && file.smithy != "1" {
        diags.push(Diagnostic::error(
            path,
            None,
            None,
            format!("unsupported Smithy version `{}`: expected \"1.0\" or \"2.0\"", file.smithy),
        ));
        return None;
    }
    let mut shapes = Vec::with_capacity(file.shapes.len());
    for (id, value) in file.shapes {
        match AstShape::deserialize(value) {
            Ok(shape) => shapes.push((id, shape)),
            Err(e) => diags.push(Diagnostic::error(path, Some(&id), None, format!("malformed shape: {e}"))),
        }
    }
    Some(LoadedFile { path: path.to_path_buf(), smithy: file.smithy, shapes })
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
