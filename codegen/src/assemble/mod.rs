//! Assemble: merge model files into one model.
//!
//! Applies `apply` shapes, flattens mixins, adds the `smithy.api` prelude and
//! checks what later stages rely on (see `check`). Output order is the shape
//! id order, so everything downstream is deterministic.

mod check;
mod check_http;
mod check_ops;
mod prelude;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{AstShape, LoadedFile};

pub use check::check;

/// A shape of the merged model, with the file that defined it.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The shape after `apply` and mixins.
    pub shape: AstShape,
    /// The defining file (`<prelude>` for `smithy.api` shapes).
    pub file: PathBuf,
}

/// The merged model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Every shape by absolute id.
    pub shapes: BTreeMap<String, Assembled>,
}

impl Model {
    /// The shape with this id, if defined.
    pub fn get(&self, id: &str) -> Option<&AstShape> {
        self.shapes.get(id).map(|a| &a.shape)
    }

    /// The file defining a shape, for diagnostics.
    pub fn file_of(&self, id: &str) -> PathBuf {
        self.shapes.get(id).map(|a| a.file.clone()).unwrap_or_else(|| PathBuf::from("<unknown>"))
    }
}

/// Merges files into one model, reporting conflicts.
pub fn assemble(files: &[LoadedFile], diags: &mut Diagnostics) -> Model {
    let mut model = Model::default();
    let mut applies: Vec<(PathBuf, String, BTreeMap<String, Value>)> = Vec::new();
    for file in files {
        for (id, shape) in &file.shapes {
            if !id.contains('#') {
                diags.push(Diagnostic::error(&file.path, Some(id), None, "shape ids must be absolute (`namespace#Name`)"));
                continue;
            }
            if shape.kind == "apply" {
                applies.push((file.path.clone(), id.clone(), shape.traits.clone()));
                continue;
            }
            let mut shape = shape.clone();
            if shape.kind == "set" {
                // Smithy 1.0 sets are lists with unique items.
                shape.kind = "list".into();
                shape.traits.insert("smithy.api#uniqueItems".into(), Value::Object(Default::default()));
            }
            match model.shapes.get(id) {
                Some(existing) if existing.shape == shape => {}
                Some(existing) => diags.push(Diagnostic::error(
                    &file.path,
                    Some(id),
                    None,
                    format!("conflicting definitions of this shape here and in {}", existing.file.display()),
                )),
                None => {
                    model.shapes.insert(id.clone(), Assembled { shape, file: file.path.clone() });
                }
            }
        }
    }
    prelude::add(&mut model);
    apply_traits(&mut model, applies, diags);
    flatten_mixins(&mut model, diags);
    model
}

/// `apply` adds traits to a shape or member. Unlike core Smithy, an applied
/// trait replaces a value the shape already has: that is how an overlay file
/// corrects an upstream model. Two `apply`s that disagree are a conflict.
fn apply_traits(model: &mut Model, applies: Vec<(PathBuf, String, BTreeMap<String, Value>)>, diags: &mut Diagnostics) {
    let mut applied: BTreeMap<(String, String), (PathBuf, Value)> = BTreeMap::new();
    for (file, target, traits) in applies {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (s.to_string(), Some(m.to_string())),
            None => (target.clone(), None),
        };
        let Some(assembled) = model.shapes.get_mut(&shape_id) else {
            diags.push(Diagnostic::error(&file, Some(&shape_id), member.as_deref(), "`apply` targets a shape that is not defined"));
            continue;
        };
        let slot = match &member {
            None => &mut assembled.shape.traits,
            Some(m) => match member_traits_mut(&mut assembled.shape, m) {
                Some(t) => t,
                None => {
                    diags.push(Diagnostic::error(&file, Some(&shape_id), Some(m), "`apply` targets a member that does not exist"));
                    continue;
                }
            },
        };
        for (name, value) in traits {
            let key = (target.clone(), name.clone());
            if let Some((other, previous)) = applied.get(&key) {
                if previous != &value {
                    diags.push(Diagnostic::error(
                        &file,
                        Some(&shape_id),
                        member.as_deref(),
                        format!("conflicting `apply` of trait `{name}`: also applied with another value in {}", other.display()),
                    ));
                }
                continue;
            }
            slot.insert(name.clone(), value.clone());
            applied.insert(key, (file.clone(), value));
        }
    }
}

fn member_traits_mut<'a>(shape: &'a mut AstShape, name: &str) -> Option<&'a mut BTreeMap<String, Value>> {
    if let Some(members) = &mut shape.members {
        return members.iter_mut().find(|(n, _)| n == name).map(|(_, m)| &mut m.traits);
    }
    match name {
        "member" => shape.member.as_mut().map(|m| &mut m.traits),
        "key" => shape.key.as_mut().map(|m| &mut m.traits),
        "value" => shape.value.as_mut().map(|m| &mut m.traits),
        _ => None,
    }
}

/// Copies mixin members and traits into the shapes that use them, then drops
/// the mixin shapes: they are never generated.
fn flatten_mixins(model: &mut Model, diags: &mut Diagnostics) {
    let ids: Vec<String> = model.shapes.keys().cloned().collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for id in &ids {
        let mut stack = Vec::new();
        flatten_one(model, id, &mut done, &mut stack, diags);
    }
    model.shapes.retain(|_, a| !a.shape.traits.contains_key("smithy.api#mixin"));
}

fn flatten_one(model: &mut Model, id: &str, done: &mut BTreeSet<String>, stack: &mut Vec<String>, diags: &mut Diagnostics) {
    if done.contains(id) {
        return;
    }
    if stack.iter().any(|s| s == id) {
        let file = model.file_of(id);
        diags.push(Diagnostic::error(&file, Some(id), None, format!("mixin cycle: {} -> {id}", stack.join(" -> "))));
        return;
    }
    let Some(mixins) = model.get(id).map(|s| s.mixins.clone()) else { return };
    stack.push(id.to_string());
    for mixin in &mixins {
        flatten_one(model, &mixin.target, done, stack, diags);
    }
    stack.pop();
    done.insert(id.to_string());
    if mixins.is_empty() {
        return;
    }
    let file = model.file_of(id);
    let mut inherited_members: Vec<(String, crate::load::AstMember)> = Vec::new();
    let mut inherited_traits: BTreeMap<String, Value> = BTreeMap::new();
    for mixin in &mixins {
        let Some(m) = model.get(&mixin.target).cloned() else {
            diags.push(Diagnostic::error(&file, Some(id), None, format!("mixin `{}` is not defined", mixin.target)));
            continue;
        };
        if !m.traits.contains_key("smithy.api#mixin") {
            diags.push(Diagnostic::error(&file, Some(id), None, format!("`{}` is used as a mixin but lacks the `smithy.api#mixin` trait", mixin.target)));
            continue;
        }
        let local: BTreeSet<String> = m.traits["smithy.api#mixin"]
            .get("localTraits")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        for (name, value) in &m.traits {
            if name != "smithy.api#mixin" && !local.contains(name) {
                inherited_traits.insert(name.clone(), value.clone());
            }
        }
        for (name, member) in m.members.iter().flatten() {
            if let Some(slot) = inherited_members.iter_mut().find(|(n, _)| n == name) {
                slot.1 = member.clone();
            } else {
                inherited_members.push((name.clone(), member.clone()));
            }
        }
        for (slot, from) in [("member", &m.member), ("key", &m.key), ("value", &m.value)] {
            if let Some(from) = from {
                let shape = &mut model.shapes.get_mut(id).expect("shape exists").shape;
                let target = match slot {
                    "member" => &mut shape.member,
                    "key" => &mut shape.key,
                    _ => &mut shape.value,
                };
                if target.is_none() {
                    *target = Some(from.clone());
                }
            }
        }
    }
    let shape = &mut model.shapes.get_mut(id).expect("shape exists").shape;
    for (name, value) in inherited_traits {
        shape.traits.entry(name).or_insert(value);
    }
    if !inherited_members.is_empty() || shape.members.is_some() {
        let own = shape.members.take().unwrap_or_default();
        let mut merged = inherited_members;
        for (name, member) in own {
            // A member redeclared by the shape keeps the mixin's target and adds its traits.
            if let Some(slot) = merged.iter_mut().find(|(n, _)| *n == name) {
                slot.1.traits.extend(member.traits);
            } else {
                merged.push((name, member));
            }
        }
        shape.members = Some(merged);
    }
    shape.mixins.clear();
}
