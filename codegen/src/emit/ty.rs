//! Rust types and paths of IR shapes, shared by every emitter.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::lower::ir::*;
use crate::naming;

/// Read access to the IR with type helpers.
pub struct Ctx<'a> {
    /// The IR being emitted.
    pub ir: &'a Ir,
}

/// The broad kind of a member's target, for emitters that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A scalar.
    Scalar(Scalar),
    /// An enum.
    Enum,
    /// An intEnum.
    IntEnum,
    /// A structure.
    Structure,
    /// A union.
    Union,
    /// A list.
    List,
    /// A map.
    Map,
    /// The unit type (union members that carry nothing).
    Unit,
}

impl<'a> Ctx<'a> {
    /// The shape with this id (lowering guarantees it exists).
    pub fn shape(&self, id: &str) -> &'a Shape {
        self.ir.shapes.get(id).unwrap_or_else(|| panic!("generator bug: shape {id} was not lowered"))
    }

    /// What a member targets.
    pub fn kind(&self, target: &str) -> Kind {
        if target == "smithy.api#Unit" {
            return Kind::Unit;
        }
        match self.shape(target) {
            Shape::Simple(s) => Kind::Scalar(s.scalar),
            Shape::Enum(_) => Kind::Enum,
            Shape::IntEnum(_) => Kind::IntEnum,
            Shape::Structure(_) => Kind::Structure,
            Shape::Union(_) => Kind::Union,
            Shape::List(_) => Kind::List,
            Shape::Map(_) => Kind::Map,
        }
    }

    /// A list or map shape.
    pub fn collection(&self, id: &str) -> &'a Collection {
        match self.shape(id) {
            Shape::List(c) | Shape::Map(c) => c,
            _ => unreachable!("{id} is not a collection"),
        }
    }

    /// A structure shape.
    pub fn structure(&self, id: &str) -> &'a Structure {
        match self.shape(id) {
            Shape::Structure(s) => s,
            _ => unreachable!("{id} is not a structure"),
        }
    }

    /// The path of a named type (structure, union, enum).
    pub fn type_path(&self, id: &str) -> TokenStream {
        match self.shape(id) {
            Shape::Structure(s) => {
                let name = format_ident!("{}", s.name);
                match &s.role {
                    Role::Plain => quote!(crate::types::#name),
                    Role::Error { .. } => quote!(crate::types::error::#name),
                    Role::Input(op) | Role::Output(op) => {
                        let m = format_ident!("{}", naming::module_name(op));
                        quote!(crate::operation::#m::#name)
                    }
                }
            }
            Shape::Union(u) => {
                let name = format_ident!("{}", u.name);
                quote!(crate::types::#name)
            }
            Shape::Enum(e) | Shape::IntEnum(e) => {
                let name = format_ident!("{}", e.name);
                quote!(crate::types::#name)
            }
            _ => unreachable!("{id} has no named type"),
        }
    }

    /// The builder path of a structure.
    pub fn builder_path(&self, id: &str) -> TokenStream {
        builder_path_of(self.structure(id))
    }

    /// The Rust type of a value of `target` (no `Option`, no `Box`).
    pub fn value_type(&self, target: &str) -> TokenStream {
        match self.kind(target) {
            Kind::Scalar(s) => scalar_type(s),
            Kind::Enum | Kind::IntEnum | Kind::Structure | Kind::Union => self.type_path(target),
            Kind::List => {
                let c = self.collection(target);
                let elem = self.element_type(&c.value, c.sparse);
                quote!(::std::vec::Vec<#elem>)
            }
            Kind::Map => {
                let c = self.collection(target);
                let key = self.value_type(&c.key.as_ref().expect("map key").target);
                let value = self.element_type(&c.value, c.sparse);
                quote!(::std::collections::HashMap<#key, #value>)
            }
            Kind::Unit => quote!(()),
        }
    }

    /// The element type of a list or map value member.
    pub fn element_type(&self, m: &Member, sparse: bool) -> TokenStream {
        let t = self.member_type(m);
        if sparse { quote!(::std::option::Option<#t>) } else { t }
    }

    /// The stored type of a member (boxed when recursive), without `Option`.
    pub fn member_type(&self, m: &Member) -> TokenStream {
        let t = self.value_type(&m.target);
        if m.boxed { quote!(::std::boxed::Box<#t>) } else { t }
    }

    /// The field type of a structure member (`Option` when nullable).
    pub fn field_type(&self, m: &Member) -> TokenStream {
        let t = self.member_type(m);
        if m.nullable { quote!(::std::option::Option<#t>) } else { t }
    }

    /// True when values of the target are `Copy`.
    pub fn is_copy(&self, target: &str) -> bool {
        matches!(
            self.kind(target),
            Kind::Scalar(Scalar::Boolean | Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long | Scalar::Float | Scalar::Double)
        )
    }

    /// True when the target type implements `Default`.
    pub fn has_default(&self, target: &str, seen: &mut Vec<String>) -> bool {
        match self.kind(target) {
            Kind::Scalar(Scalar::Timestamp | Scalar::Document) => false,
            Kind::Scalar(_) | Kind::List | Kind::Map | Kind::Unit => true,
            Kind::Enum | Kind::IntEnum | Kind::Union => false,
            Kind::Structure => self.struct_has_default(target, seen),
        }
    }

    /// True when a structure can derive `Default`.
    pub fn struct_has_default(&self, id: &str, seen: &mut Vec<String>) -> bool {
        if id == "smithy.api#Unit" || seen.iter().any(|s| s == id) {
            return true;
        }
        seen.push(id.to_string());
        let s = self.structure(id);
        let ok = s.members.iter().all(|m| m.nullable || self.has_default(&m.target, seen));
        seen.pop();
        ok
    }
}

/// The Rust type of a scalar.
pub fn scalar_type(s: Scalar) -> TokenStream {
    match s {
        Scalar::String => quote!(::std::string::String),
        Scalar::Boolean => quote!(bool),
        Scalar::Byte => quote!(i8),
        Scalar::Short => quote!(i16),
        Scalar::Integer => quote!(i32),
        Scalar::Long => quote!(i64),
        Scalar::Float => quote!(f32),
        Scalar::Double => quote!(f64),
        Scalar::BigInteger => quote!(crate::primitives::BigInteger),
        Scalar::BigDecimal => quote!(crate::primitives::BigDecimal),
        Scalar::Timestamp => quote!(crate::primitives::DateTime),
        Scalar::Blob => quote!(crate::primitives::Blob),
        Scalar::Document => quote!(crate::primitives::Document),
    }
}

/// `#[doc = "..."]` lines for a docs string (never empty).
pub fn doc_attrs(docs: &str, fallback: &str) -> TokenStream {
    let text = if docs.trim().is_empty() { fallback } else { docs };
    let lines = text.lines().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated(note = "...")]` when deprecated.
pub fn deprecated_attr(note: &Option<String>) -> TokenStream {
    match note {
        Some(n) => quote!(#[deprecated(note = #n)]),
        None => quote!(),
    }
}

/// The runtime timestamp format token of an IR format.
pub fn ts_format(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::DateTime => quote!(::client_runtime::protocol::http::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(::client_runtime::protocol::http::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(::client_runtime::protocol::http::TimestampFormat::EpochSeconds),
    }
}

/// `#![doc = "..."]` lines (module-level docs).
pub fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = docs.lines().map(|l| format!(" {l}"));
    quote!(#(#![doc = #lines])*)
}

/// The builder path of a structure, from its role (no lookup, so it works
/// for the synthetic input and output of operations without one).
pub fn builder_path_of(s: &Structure) -> TokenStream {
    let name = format_ident!("{}Builder", s.name);
    match &s.role {
        Role::Plain => quote!(crate::types::builders::#name),
        Role::Error { .. } => quote!(crate::types::error::builders::#name),
        Role::Input(op) | Role::Output(op) => {
            let m = format_ident!("{}", naming::module_name(op));
            quote!(crate::operation::#m::builders::#name)
        }
    }
}
