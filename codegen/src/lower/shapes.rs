//! Reaching, indexing and converting shapes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use super::ir::*;
use super::{UNIT, deprecated_of, docs_of, local_name};
use crate::assemble::Model;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::AstShape;
use crate::naming;

/// What an AST shape becomes in the IR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Structure,
    Union,
    Enum,
    IntEnum,
    List,
    Map,
    Scalar(Scalar),
    Unit,
}

fn kind_of(id: &str, shape: &AstShape) -> Result<Kind, String> {
    if id == UNIT {
        return Ok(Kind::Unit);
    }
    Ok(match shape.kind.as_str() {
        "structure" => Kind::Structure,
        "union" => Kind::Union,
        "enum" => Kind::Enum,
        "intEnum" => Kind::IntEnum,
        "string" if shape.traits.contains_key("smithy.api#enum") => Kind::Enum,
        "list" | "set" => Kind::List,
        "map" => Kind::Map,
        "string" => Kind::Scalar(Scalar::String),
        "boolean" => Kind::Scalar(Scalar::Boolean),
        "byte" => Kind::Scalar(Scalar::Byte),
        "short" => Kind::Scalar(Scalar::Short),
        "integer" => Kind::Scalar(Scalar::Integer),
        "long" => Kind::Scalar(Scalar::Long),
        "float" => Kind::Scalar(Scalar::Float),
        "double" => Kind::Scalar(Scalar::Double),
        "bigInteger" => Kind::Scalar(Scalar::BigInteger),
        "bigDecimal" => Kind::Scalar(Scalar::BigDecimal),
        "timestamp" => Kind::Scalar(Scalar::Timestamp),
        "blob" => Kind::Scalar(Scalar::Blob),
        "document" => Kind::Scalar(Scalar::Document),
        other => {
            return Err(format!("a `{other}` shape cannot be the target of a member"));
        }
    })
}

/// An operation input or output the model leaves as `Unit`: lowered to a
/// structure without members so that every operation has both.
struct Synthetic {
    id: String,
    role: Role,
    docs: String,
}

pub(super) struct Lowerer<'a> {
    pub(super) model: &'a Model,
    renames: BTreeMap<String, String>,
    /// The service's protocol: it decides whether `@http*` bindings and
    /// `@jsonName` apply.
    pub(super) protocol: Option<Protocol>,
    diags: &'a mut Diagnostics,
    pub(super) failed: bool,
    /// Reached shape ids, and whether some member targets each.
    reached: BTreeMap<String, bool>,
    /// Operations whose input or output a shape is.
    io_roles: BTreeMap<String, Vec<Role>>,
    synthetic: Vec<Synthetic>,
    /// Every reached id's place in the IR.
    pub(super) refs: BTreeMap<String, Target>,
    pub(super) structures: Vec<Structure>,
    unions: Vec<Union>,
    enums: Vec<Enum<String>>,
    int_enums: Vec<Enum<i32>>,
    lists: Vec<List>,
    maps: Vec<Map>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn new(model: &'a Model, renames: BTreeMap<String, String>, protocol: Option<Protocol>, diags: &'a mut Diagnostics) -> Self {
        Self {
            model,
            renames,
            protocol,
            diags,
            failed: false,
            reached: BTreeMap::new(),
            io_roles: BTreeMap::new(),
            synthetic: Vec::new(),
            refs: BTreeMap::new(),
            structures: Vec::new(),
            unions: Vec::new(),
            enums: Vec::new(),
            int_enums: Vec::new(),
            lists: Vec::new(),
            maps: Vec::new(),
        }
    }

    pub(super) fn file(&self, id: &str) -> PathBuf {
        self.model.file_of(id)
    }

    pub(super) fn error(&mut self, id: &str, member: Option<&str>, msg: impl Into<String>) {
        let file = self.file(id);
        self.diags.push(Diagnostic::error(&file, Some(id), member, msg));
        self.failed = true;
    }

    pub(super) fn warn(&mut self, id: &str, member: Option<&str>, msg: impl Into<String>) {
        let file = self.file(id);
        self.diags.push(Diagnostic::warning(&file, Some(id), member, msg));
    }

    /// The Rust type name of a shape (service `rename` applies).
    fn rust_name(&self, id: &str) -> String {
        naming::type_name(self.renames.get(id).map(String::as_str).unwrap_or(local_name(id)))
    }

    /// Whether an operation can be generated (event streams cannot yet).
    pub(super) fn generates(&mut self, op_id: &str) -> bool {
        let model = self.model;
        let Some(op) = model.get(op_id) else {
            return false;
        };
        for io in op.input.iter().chain(&op.output) {
            let stream = model.get(&io.target).and_then(|s| {
                s.members.iter().flatten().find_map(|(name, m)| {
                    let t = model.get(&m.target)?;
                    (t.kind == "union" && t.traits.contains_key("smithy.api#streaming")).then(|| name.clone())
                })
            });
            if let Some(stream) = stream {
                self.warn(op_id, None, format!("event streams are not supported yet (member `{stream}`); the operation is not generated"));
                return false;
            }
        }
        true
    }

    /// Reaches what an operation uses; a generated one also claims its input
    /// and output (or gets empty ones for `Unit`).
    pub(super) fn reach_operation(&mut self, op_id: &str, service_errors: &[String], generated: bool) {
        let model = self.model;
        let Some(op) = model.get(op_id) else { return };
        let name = naming::type_name(local_name(op_id));
        let module = naming::module_name(local_name(op_id));
        let io = [
            (op.input.as_ref().map(|t| t.target.as_str()), "input", Role::Input { operation: name.clone(), module: module.clone() }),
            (op.output.as_ref().map(|t| t.target.as_str()), "output", Role::Output { operation: name.clone(), module: module.clone() }),
        ];
        for (target, what, role) in io {
            match target.filter(|t| *t != UNIT) {
                Some(t) => {
                    self.reach(t, false);
                    if generated {
                        self.io_roles.entry(t.to_string()).or_default().push(role);
                    }
                }
                None if generated => {
                    self.synthetic.push(Synthetic { id: format!("{op_id}${what}"), docs: format!("The {what} of `{name}` (it has no members)."), role })
                }
                None => {}
            }
        }
        for e in op.errors.iter().map(|t| t.target.as_str()).chain(if generated { service_errors } else { &[] }.iter().map(String::as_str)) {
            self.reach(e, false);
        }
    }

    fn reach(&mut self, id: &str, from_member: bool) {
        let mut stack = vec![(id.to_string(), from_member)];
        while let Some((id, from_member)) = stack.pop() {
            if let Some(targeted) = self.reached.get_mut(&id) {
                *targeted |= from_member;
                continue;
            }
            self.reached.insert(id.clone(), from_member);
            let Some(shape) = self.model.get(&id) else {
                continue;
            };
            if matches!(shape.kind.as_str(), "enum" | "intEnum") {
                continue;
            }
            for m in shape.members.iter().flatten().map(|(_, m)| m).chain([&shape.member, &shape.key, &shape.value].into_iter().flatten()) {
                stack.push((m.target.clone(), true));
            }
        }
    }

    /// Gives every reached shape its index, arenas sorted by id.
    pub(super) fn assign_refs(&mut self) {
        let mut ids: Vec<(String, Kind)> = Vec::new();
        let reached: Vec<String> = self.reached.keys().cloned().collect();
        for id in reached {
            let model = self.model;
            let Some(shape) = model.get(&id) else {
                self.error(&id, None, "shape is referenced but not defined");
                continue;
            };
            match kind_of(&id, shape) {
                Ok(k) => ids.push((id, k)),
                Err(msg) => self.error(&id, None, msg),
            }
        }
        ids.extend(self.synthetic.iter().map(|s| (s.id.clone(), Kind::Structure)));
        ids.sort_by(|a, b| a.0.cmp(&b.0));
        let mut counts = [0u32; 6];
        for (id, kind) in ids {
            let mut next = |slot: usize| {
                counts[slot] += 1;
                counts[slot] - 1
            };
            let target = match kind {
                Kind::Structure => Target::Structure(StructRef(next(0))),
                Kind::Union => Target::Union(UnionRef(next(1))),
                Kind::Enum => Target::Enum(EnumRef(next(2))),
                Kind::IntEnum => Target::IntEnum(IntEnumRef(next(3))),
                Kind::List => Target::List(ListRef(next(4))),
                Kind::Map => Target::Map(MapRef(next(5))),
                Kind::Scalar(s) => Target::Scalar(s),
                Kind::Unit => Target::Unit,
            };
            self.refs.insert(id, target);
        }
    }

    /// Converts every indexed shape, in arena order. Each arena gets exactly
    /// one entry per index `assign_refs` gave out.
    pub(super) fn convert_shapes(&mut self) {
        let model = self.model;
        let refs: Vec<(String, Target)> = self.refs.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (id, target) in refs {
            if let Some(pos) = self.synthetic.iter().position(|s| s.id == id) {
                let s = synthetic_structure(&self.synthetic[pos]);
                self.structures.push(s);
                continue;
            }
            // `assign_refs` indexed only shapes the model defines.
            let Some(shape) = model.get(&id) else {
                continue;
            };
            match target {
                Target::Structure(_) => {
                    let s = self.structure(&id, shape);
                    self.structures.push(s);
                }
                Target::Union(_) => {
                    let u = self.union(&id, shape);
                    self.unions.push(u);
                }
                Target::Enum(_) => {
                    let e = self.enumeration(&id, shape);
                    self.enums.push(e);
                }
                Target::IntEnum(_) => {
                    let e = self.int_enum(&id, shape);
                    self.int_enums.push(e);
                }
                Target::List(_) => {
                    let l = self.list(&id, shape);
                    self.lists.push(l);
                }
                Target::Map(_) => {
                    let m = self.map(&id, shape);
                    self.maps.push(m);
                }
                Target::Scalar(_) | Target::Unit => {}
            }
        }
    }

    fn role(&self, id: &str, shape: &AstShape) -> Role {
        if let Some(fault) = shape.traits.get("smithy.api#error") {
            let t = |k: &str| shape.traits.get(k);
            return Role::Error {
                fault: if fault.as_str() == Some("server") { Fault::Server } else { Fault::Client },
                status: t("smithy.api#httpError").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()),
                retryable: t("smithy.api#retryable").map(|r| r.get("throttling").and_then(Value::as_bool).unwrap_or(false)),
                query_code: t("aws.protocols#awsQueryError").and_then(|q| q.get("code")).and_then(Value::as_str).map(str::to_string),
            };
        }
        // An input or output used by one operation and by no member moves to
        // that operation's module under the SDK's name.
        match self.io_roles.get(id) {
            Some(roles) if roles.len() == 1 && !self.reached.get(id).copied().unwrap_or(false) => roles[0].clone(),
            _ => Role::Plain,
        }
    }

    fn structure(&mut self, id: &str, shape: &AstShape) -> Structure {
        let role = self.role(id, shape);
        let (name, module) = match &role {
            Role::Input { .. } | Role::Output { .. } => io_names(&role),
            _ => {
                let n = self.rust_name(id);
                let m = naming::type_module(&n);
                (n, m)
            }
        };
        let is_input = shape.traits.contains_key("smithy.api#input");
        let members = shape.members.iter().flatten().map(|(n, m)| self.member(id, n, m, is_input, true)).collect();
        Structure {
            id: ShapeId::new(id),
            name,
            module,
            wire_name: String::new(),
            docs: docs_of(&shape.traits).unwrap_or_default(),
            members,
            role,
            sensitive: shape.traits.contains_key("smithy.api#sensitive"),
            deprecated: deprecated_of(&shape.traits),
            derives_default: false,
            xml: xml_shape(&shape.traits),
        }
    }

    fn union(&mut self, id: &str, shape: &AstShape) -> Union {
        let name = self.rust_name(id);
        let module = naming::type_module(&name);
        let members: Vec<Member> = shape.members.iter().flatten().map(|(n, m)| self.member(id, n, m, false, false)).collect();
        if members.is_empty() {
            self.error(id, None, "a union needs at least one member");
        }
        Union {
            id: ShapeId::new(id),
            name,
            module,
            wire_name: String::new(),
            docs: docs_of(&shape.traits).unwrap_or_default(),
            members,
            sensitive: shape.traits.contains_key("smithy.api#sensitive"),
            deprecated: deprecated_of(&shape.traits),
            xml: xml_shape(&shape.traits),
        }
    }

    fn enum_shell<V>(&self, id: &str, shape: &AstShape, variants: Vec<Variant<V>>) -> Enum<V> {
        let name = self.rust_name(id);
        Enum {
            id: ShapeId::new(id),
            module: naming::type_module(&name),
            name,
            docs: docs_of(&shape.traits).unwrap_or_default(),
            variants,
            sensitive: shape.traits.contains_key("smithy.api#sensitive"),
            deprecated: deprecated_of(&shape.traits),
        }
    }

    fn enumeration(&mut self, id: &str, shape: &AstShape) -> Enum<String> {
        let mut variants = Vec::new();
        if let Some(list) = shape.traits.get("smithy.api#enum") {
            // Smithy 1.0: a string with the `@enum` trait.
            for (i, def) in list.as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    self.error(id, None, format!("entry {i} of `@enum` needs a string `value`"));
                    continue;
                };
                let vname = def.get("name").and_then(Value::as_str).unwrap_or(value);
                variants.push(Variant {
                    name: naming::variant_name(vname),
                    docs: def.get("documentation").and_then(Value::as_str).map(super::docs::html_to_markdown).unwrap_or_default(),
                    deprecated: def.get("deprecated").and_then(Value::as_bool).unwrap_or(false).then(|| "deprecated by the service".to_string()),
                    internal: def.get("tags").and_then(Value::as_array).is_some_and(|t| t.iter().any(|x| x == "internal")),
                    value: value.to_string(),
                });
            }
        } else {
            for (m, member) in shape.members.iter().flatten() {
                let value = match member.traits.get("smithy.api#enumValue") {
                    None => m.clone(),
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => {
                        self.error(id, Some(m), format!("an enum value must be a string, not `{other}`"));
                        continue;
                    }
                };
                variants.push(variant(m, member, value));
            }
        }
        self.enum_shell(id, shape, variants)
    }

    fn int_enum(&mut self, id: &str, shape: &AstShape) -> Enum<i32> {
        let mut variants = Vec::new();
        for (m, member) in shape.members.iter().flatten() {
            let value = member.traits.get("smithy.api#enumValue").and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok());
            let Some(value) = value else {
                self.error(id, Some(m), "an intEnum member needs an `@enumValue` that is a 32-bit integer");
                continue;
            };
            variants.push(variant(m, member, value));
        }
        self.enum_shell(id, shape, variants)
    }

    fn list(&mut self, id: &str, shape: &AstShape) -> List {
        let member = match &shape.member {
            Some(m) => self.member(id, "member", m, false, false),
            None => self.placeholder_member(id, "member"),
        };
        List { id: ShapeId::new(id), wire_name: String::new(), member, sparse: shape.traits.contains_key("smithy.api#sparse") }
    }

    fn map(&mut self, id: &str, shape: &AstShape) -> Map {
        let key = match &shape.key {
            Some(m) => self.member(id, "key", m, false, false),
            None => self.placeholder_member(id, "key"),
        };
        if !matches!(key.target, Target::Scalar(Scalar::String) | Target::Enum(_)) {
            self.error(id, Some("key"), "a map key must target a string or an enum");
        }
        let value = match &shape.value {
            Some(m) => self.member(id, "value", m, false, false),
            None => self.placeholder_member(id, "value"),
        };
        Map { id: ShapeId::new(id), wire_name: String::new(), key, value, sparse: shape.traits.contains_key("smithy.api#sparse") }
    }

    /// A member `assemble` should have refused to let be missing; reported,
    /// and given a string target so lowering can go on to find more problems.
    fn placeholder_member(&mut self, id: &str, slot: &str) -> Member {
        self.error(id, Some(slot), format!("the `{slot}` member is missing"));
        members::placeholder(slot)
    }

    pub(super) fn finish(self, service: Service, operations: Vec<Operation>) -> Option<Ir> {
        if self.failed {
            return None;
        }
        let mut ir = Ir {
            service,
            operations,
            structures: self.structures,
            unions: self.unions,
            enums: self.enums,
            int_enums: self.int_enums,
            lists: self.lists,
            maps: self.maps,
        };
        let synthetic: BTreeSet<&str> = self.synthetic.iter().map(|s| s.id.as_str()).collect();
        assign_wire_names(&mut ir, &synthetic);
        Some(ir)
    }
}

use super::members;

fn variant<V>(m: &str, member: &crate::load::AstMember, value: V) -> Variant<V> {
    Variant {
        name: naming::variant_name(m),
        value,
        docs: docs_of(&member.traits).unwrap_or_default(),
        deprecated: deprecated_of(&member.traits),
        internal: member.traits.contains_key("smithy.api#internal"),
    }
}

/// The name and module of an operation's own input or output.
fn io_names(role: &Role) -> (String, String) {
    match role {
        Role::Input { operation, module } => (naming::operation_input(operation), module.clone()),
        Role::Output { operation, module } => (naming::operation_output(operation), module.clone()),
        _ => (String::new(), String::new()),
    }
}

/// `@xmlName` and `@xmlNamespace` of a shape (or service).
pub(super) fn xml_shape(traits: &BTreeMap<String, Value>) -> XmlShape {
    XmlShape { name: traits.get("smithy.api#xmlName").and_then(Value::as_str).map(str::to_string), namespace: xml_namespace(traits) }
}

/// `@xmlNamespace` as (prefix, uri).
pub(super) fn xml_namespace(traits: &BTreeMap<String, Value>) -> Option<(Option<String>, String)> {
    let ns = traits.get("smithy.api#xmlNamespace")?;
    let uri = ns.get("uri").and_then(Value::as_str)?;
    Some((ns.get("prefix").and_then(Value::as_str).map(str::to_string), uri.to_string()))
}

fn synthetic_structure(s: &Synthetic) -> Structure {
    let (name, module) = io_names(&s.role);
    Structure {
        id: ShapeId::new(&s.id),
        name,
        module,
        wire_name: String::new(),
        docs: s.docs.clone(),
        members: vec![],
        role: s.role.clone(),
        sensitive: false,
        deprecated: None,
        derives_default: true,
        xml: XmlShape::default(),
    }
}

/// Unique name stems for (de)serializer functions, in id order across
/// kinds (`_2`, `_3` on a collision). The empty inputs and outputs made for
/// `Unit` have no wire code, so they take no name.
fn assign_wire_names(ir: &mut Ir, synthetic: &BTreeSet<&str>) {
    let mut order: Vec<(ShapeId, usize, usize, String)> = Vec::new();
    for (i, s) in ir.structures.iter().enumerate().filter(|(_, s)| !synthetic.contains(s.id.as_str())) {
        order.push((s.id.clone(), 0, i, naming::snake(&s.name)));
    }
    for (i, u) in ir.unions.iter().enumerate() {
        order.push((u.id.clone(), 1, i, naming::snake(&u.name)));
    }
    for (i, l) in ir.lists.iter().enumerate() {
        order.push((l.id.clone(), 2, i, naming::snake(&naming::type_name(l.id.name()))));
    }
    for (i, m) in ir.maps.iter().enumerate() {
        order.push((m.id.clone(), 3, i, naming::snake(&naming::type_name(m.id.name()))));
    }
    order.sort();
    let mut used = BTreeSet::new();
    for (_, arena, i, base) in order {
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        match arena {
            0 => ir.structures[i].wire_name = name,
            1 => ir.unions[i].wire_name = name,
            2 => ir.lists[i].wire_name = name,
            _ => ir.maps[i].wire_name = name,
        }
    }
}

/// Which structures can derive `Default`: every member is an `Option` or
/// of a type with a default (timestamps, documents, enums and unions have
/// none; structures recursively).
pub(super) fn mark_defaults(ir: &mut Ir) {
    fn has_default(ir: &Ir, t: Target, seen: &mut Vec<StructRef>) -> bool {
        match t {
            Target::Scalar(Scalar::Timestamp | Scalar::Document) => false,
            Target::Scalar(_) | Target::List(_) | Target::Map(_) | Target::Unit => true,
            Target::Enum(_) | Target::IntEnum(_) | Target::Union(_) => false,
            Target::Structure(s) => struct_default(ir, s, seen),
        }
    }
    fn struct_default(ir: &Ir, s: StructRef, seen: &mut Vec<StructRef>) -> bool {
        if seen.contains(&s) {
            return true;
        }
        seen.push(s);
        let ok = ir[s].members.iter().all(|m| m.nullable || has_default(ir, m.target, seen));
        seen.pop();
        ok
    }
    let flags: Vec<bool> = (0..ir.structures.len() as u32)
        .map(|i| !matches!(ir.structures[i as usize].role, Role::Error { .. }) && struct_default(ir, StructRef(i), &mut Vec::new()))
        .collect();
    for (s, f) in ir.structures.iter_mut().zip(flags) {
        s.derives_default = f;
    }
}
