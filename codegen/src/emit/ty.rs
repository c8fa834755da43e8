//! Rust types and paths of IR shapes, shared by every emitter.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::lower::ir::*;
use crate::naming;

/// Read access to the IR with type helpers. Every lookup goes through a
/// typed arena index, so none can miss.
pub struct Ctx<'a> {
    /// The IR being emitted.
    pub ir: &'a Ir,
    /// The service's protocol, which writes requests and reads responses.
    pub protocol: &'a dyn super::protocol::Protocol,
}

impl<'a> Ctx<'a> {
    /// The path of a structure's type.
    pub fn struct_path(&self, s: StructRef) -> TokenStream {
        let s = &self.ir[s];
        let name = format_ident!("{}", s.name);
        match &s.role {
            Role::Plain => quote!(crate::types::#name),
            Role::Error { .. } => quote!(crate::types::error::#name),
            Role::Input { module, .. } | Role::Output { module, .. } => {
                let m = naming::ident(module);
                quote!(crate::operation::#m::#name)
            }
        }
    }

    /// The path of a named type (structure, union, enum); the value type of
    /// anything else.
    pub fn type_path(&self, t: Target) -> TokenStream {
        let name = |n: &str| format_ident!("{}", n);
        match t {
            Target::Structure(s) => self.struct_path(s),
            Target::Union(u) => {
                let n = name(&self.ir[u].name);
                quote!(crate::types::#n)
            }
            Target::Enum(e) => {
                let n = name(&self.ir[e].name);
                quote!(crate::types::#n)
            }
            Target::IntEnum(e) => {
                let n = name(&self.ir[e].name);
                quote!(crate::types::#n)
            }
            _ => self.value_type(t),
        }
    }

    /// The builder path of a structure.
    pub fn builder_path(&self, s: StructRef) -> TokenStream {
        builder_path_of(&self.ir[s])
    }

    /// The Rust type of a value of `target` (no `Option`, no `Box`).
    pub fn value_type(&self, target: Target) -> TokenStream {
        match target {
            Target::Scalar(s) => scalar_type(s),
            Target::Enum(_) | Target::IntEnum(_) | Target::Structure(_) | Target::Union(_) => self.type_path(target),
            Target::List(l) => {
                let l = &self.ir[l];
                let elem = self.element_type(&l.member, l.sparse);
                quote!(::std::vec::Vec<#elem>)
            }
            Target::Map(m) => {
                let m = &self.ir[m];
                let key = self.value_type(m.key.target);
                let value = self.element_type(&m.value, m.sparse);
                quote!(::std::collections::HashMap<#key, #value>)
            }
            Target::Unit => quote!(()),
        }
    }

    /// The element type of a list or map value member.
    pub fn element_type(&self, m: &Member, sparse: bool) -> TokenStream {
        let t = self.member_type(m);
        if sparse { quote!(::std::option::Option<#t>) } else { t }
    }

    /// The stored type of a member (boxed when recursive), without `Option`.
    pub fn member_type(&self, m: &Member) -> TokenStream {
        let t = self.value_type(m.target);
        if m.boxed { quote!(::std::boxed::Box<#t>) } else { t }
    }

    /// The field type of a structure member (`Option` when nullable).
    pub fn field_type(&self, m: &Member) -> TokenStream {
        let t = self.member_type(m);
        if m.nullable { quote!(::std::option::Option<#t>) } else { t }
    }
}

impl Ctx<'_> {
    /// Whether a value of the target names a deprecated type (through
    /// lists and maps too).
    pub fn target_deprecated(&self, t: Target) -> bool {
        match t {
            Target::Structure(s) => self.ir[s].deprecated.is_some(),
            Target::Union(u) => self.ir[u].deprecated.is_some(),
            Target::Enum(e) => self.ir[e].deprecated.is_some(),
            Target::IntEnum(e) => self.ir[e].deprecated.is_some(),
            Target::List(l) => self.target_deprecated(self.ir[l].member.target),
            Target::Map(m) => self.target_deprecated(self.ir[m].key.target) || self.target_deprecated(self.ir[m].value.target),
            Target::Scalar(_) | Target::Unit => false,
        }
    }

    /// Whether code handling these members uses something deprecated.
    pub fn members_deprecated(&self, members: &[Member]) -> bool {
        members.iter().any(|m| m.deprecated.is_some() || self.target_deprecated(m.target))
    }
}

/// The inner attribute of a generated file whose code reads, writes or names
/// what the model deprecates: users of those items still get the warning.
pub fn allow_deprecated(needed: bool) -> TokenStream {
    if needed {
        quote!(#![allow(deprecated, reason = "generated code handles what the model deprecates; users of it still get the warning")])
    } else {
        quote!()
    }
}

/// True when values of the target are `Copy`.
pub fn is_copy(target: Target) -> bool {
    matches!(target, Target::Scalar(Scalar::Boolean | Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long | Scalar::Float | Scalar::Double))
}

/// An identifier from a name the IR or `naming` assigned.
pub fn name_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
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
        TimestampFormat::DateTime => {
            quote!(::client_runtime::protocol::http::TimestampFormat::DateTime)
        }
        TimestampFormat::HttpDate => {
            quote!(::client_runtime::protocol::http::TimestampFormat::HttpDate)
        }
        TimestampFormat::EpochSeconds => {
            quote!(::client_runtime::protocol::http::TimestampFormat::EpochSeconds)
        }
    }
}

/// `#![doc = "..."]` lines (module-level docs).
pub fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = docs.lines().map(|l| format!(" {l}"));
    quote!(#(#![doc = #lines])*)
}

/// The builder path of a structure, from its role.
pub fn builder_path_of(s: &Structure) -> TokenStream {
    let name = format_ident!("{}", naming::builder_type(&s.name));
    match &s.role {
        Role::Plain => quote!(crate::types::builders::#name),
        Role::Error { .. } => quote!(crate::types::error::builders::#name),
        Role::Input { module, .. } | Role::Output { module, .. } => {
            let m = naming::ident(module);
            quote!(crate::operation::#m::builders::#name)
        }
    }
}
