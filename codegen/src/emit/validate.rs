//! `Validate` impls: every constraint trait, checked with the runtime's
//! reference semantics, recursing through nested values.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::Ctx;
use crate::lower::ir::*;
use crate::naming::{self, ident};

/// Patterns used by one file, each compiled once per process.
#[derive(Default)]
pub struct Patterns {
    by_source: BTreeMap<String, usize>,
}

impl Patterns {
    fn ident(&mut self, src: &str) -> proc_macro2::Ident {
        let n = self.by_source.len();
        let i = *self.by_source.entry(src.to_string()).or_insert(n);
        format_ident!("{}", naming::pattern_static(i))
    }

    /// The `static` items for the patterns used.
    pub fn statics(&self) -> TokenStream {
        let items = self.by_source.iter().map(|(src, i)| {
            let id = format_ident!("{}", naming::pattern_static(*i));
            quote!(static #id: ::client_runtime::validate::Pattern = ::client_runtime::validate::Pattern::new(#src);)
        });
        quote!(#(#items)*)
    }
}

/// `Some(v)` or `None` as a token stream (a constraint bound).
fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

/// `impl Validate` for a structure.
pub fn for_structure(cx: &Ctx, s: &Structure, ty: &TokenStream, pats: &mut Patterns) -> TokenStream {
    let checks = s.members.iter().map(|m| {
        let f = ident(&m.rust);
        let wire = &m.name;
        let inner = value_checks(cx, m, quote!(value), pats);
        match (m.nullable, m.required) {
            (true, true) if inner.is_empty() => quote! {
                if self.#f.is_none() { v.required(#wire); }
            },
            (true, true) => quote! {
                match &self.#f {
                    ::std::option::Option::Some(value) => v.member(#wire, |v| { #inner }),
                    ::std::option::Option::None => v.required(#wire),
                }
            },
            (true, false) if inner.is_empty() => quote!(),
            (true, false) => quote! {
                if let ::std::option::Option::Some(value) = &self.#f { v.member(#wire, |v| { #inner }); }
            },
            (false, _) if inner.is_empty() => quote!(),
            (false, _) => quote! { { let value = &self.#f; v.member(#wire, |v| { #inner }); } },
        }
    });
    let checks: Vec<_> = checks.collect();
    let v = if checks.iter().all(|c| c.is_empty()) { quote!(_v) } else { quote!(v) };
    quote! {
        impl ::client_runtime::validate::Validate for #ty {
            fn validate_into(&self, #v: &mut ::client_runtime::validate::Validator) {
                #(#checks)*
            }
        }
    }
}

/// `impl Validate` for a union.
pub fn for_union(cx: &Ctx, u: &Union, ty: &TokenStream, pats: &mut Patterns) -> TokenStream {
    let mut checks_any = false;
    let arms = u.members.iter().map(|m| {
        let vn = format_ident!("{}", m.variant);
        let wire = &m.name;
        if m.target == Target::Unit {
            return quote!(#ty::#vn => {});
        }
        let inner = value_checks(cx, m, quote!(value), pats);
        if inner.is_empty() {
            quote!(#ty::#vn(_) => {})
        } else {
            checks_any = true;
            quote!(#ty::#vn(value) => v.member(#wire, |v| { #inner }),)
        }
    });
    let arms: Vec<_> = arms.collect();
    let v = if checks_any { quote!(v) } else { quote!(_v) };
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    quote! {
        impl ::client_runtime::validate::Validate for #ty {
            fn validate_into(&self, #v: &mut ::client_runtime::validate::Validator) {
                match self {
                    #(#arms)*
                    #ty::#unknown => {}
                }
            }
        }
    }
}

/// Statements that check `value` (a reference to the member's stored type)
/// at the validator's current path; empty when nothing is constrained.
fn value_checks(cx: &Ctx, m: &Member, value: TokenStream, pats: &mut Patterns) -> TokenStream {
    let c = &m.constraints;
    let mut out = Vec::new();
    if let Some((of, min, max)) = c.length {
        let (min, max) = (opt(min), opt(max));
        out.push(match (of, m.target) {
            (LengthOf::Chars, Target::Enum(_)) => {
                quote!(v.length_str(#value.as_str(), #min, #max);)
            }
            (LengthOf::Chars, _) => quote!(v.length_str(#value, #min, #max);),
            (LengthOf::Bytes, _) => quote!(v.length_bytes(#value.as_ref().len(), #min, #max);),
            (LengthOf::Items, _) => quote!(v.length_count(#value.len(), #min, #max);),
        });
    }
    if let Some(range) = &c.range {
        out.push(match range {
            Range::Int { min, max } => {
                let (min, max) = (opt(*min), opt(*max));
                let value = if m.target == Target::Scalar(Scalar::Long) { quote!(*#value) } else { quote!(i64::from(*#value)) };
                quote!(v.range_i64(#value, #min, #max);)
            }
            // A float bound is compared (and printed) as the f32 the value is.
            Range::Float { min, max } => {
                let (min, max) = (opt(*min), opt(*max));
                quote!(v.range_f32(*#value, #min, #max);)
            }
            Range::Double { min, max } => {
                let (min, max) = (opt(*min), opt(*max));
                quote!(v.range_f64(*#value, #min, #max);)
            }
            Range::Decimal { min, max } => {
                let (min, max) = (opt(min.as_deref()), opt(max.as_deref()));
                quote!(v.range_decimal(#value.as_ref(), #min, #max);)
            }
        });
    }
    if let Some(p) = &c.pattern {
        let id = pats.ident(p);
        out.push(match m.target {
            Target::Enum(_) => quote!(v.pattern(#value.as_str(), &#id);),
            _ => quote!(v.pattern(#value, &#id);),
        });
    }
    match m.target {
        Target::Enum(e) => {
            let e = &cx.ir[e];
            let t = cx.type_path(m.target);
            // Internal values are defined but not accepted.
            let allowed = if e.variants.iter().any(|v| v.internal) {
                let vals = e.variants.iter().filter(|v| !v.internal).map(|v| &v.value);
                quote!(&[#(#vals),*])
            } else {
                quote!(#t::values())
            };
            out.push(quote!(v.enum_value(#value.as_str(), #allowed);));
        }
        Target::IntEnum(e) => {
            let e = &cx.ir[e];
            let t = cx.type_path(m.target);
            let allowed = if e.variants.iter().any(|v| v.internal) {
                let nums = e.variants.iter().filter(|v| !v.internal).map(|v| v.value);
                quote!(&[#(#nums),*])
            } else {
                quote!(#t::values())
            };
            out.push(quote!(v.int_enum_value(#value.as_i32(), #allowed);));
        }
        Target::Structure(_) | Target::Union(_) => {
            let r = if m.boxed { quote!(&**#value) } else { quote!(#value) };
            out.push(quote!(::client_runtime::validate::Validate::validate_into(#r, v);));
        }
        Target::List(l) => {
            let l = &cx.ir[l];
            if c.unique_items {
                out.push(quote!(v.unique_items(&#value[..]);));
            }
            let elem = value_checks(cx, &l.member, quote!(item), pats);
            if !elem.is_empty() {
                out.push(if l.sparse {
                    quote! {
                        for (i, item) in #value.iter().enumerate() {
                            if let ::std::option::Option::Some(item) = item { v.index(i, |v| { #elem }); }
                        }
                    }
                } else {
                    quote! {
                        for (i, item) in #value.iter().enumerate() { v.index(i, |v| { #elem }); }
                    }
                });
            }
        }
        Target::Map(map) => {
            let map = &cx.ir[map];
            let kchecks = value_checks(cx, &map.key, quote!(k), pats);
            let vchecks = value_checks(cx, &map.value, quote!(item), pats);
            if !kchecks.is_empty() || !vchecks.is_empty() {
                let kpart = (!kchecks.is_empty()).then(|| quote!(v.map_key(|v| { #kchecks });));
                let vpart = (!vchecks.is_empty()).then(|| {
                    if map.sparse {
                        quote!(if let ::std::option::Option::Some(item) = item { v.key(k.as_str(), |v| { #vchecks }); })
                    } else {
                        quote!(v.key(k.as_str(), |v| { #vchecks });)
                    }
                });
                // Keys alone need no binding for the value (it would be unused).
                let walk = if vpart.is_some() { quote!(for (k, item) in #value.iter() { #kpart #vpart }) } else { quote!(for k in #value.keys() { #kpart }) };
                // Walked in hash order; the violations found are then sorted
                // by path so the report is the same run to run.
                out.push(quote! {
                    let mark = v.mark();
                    #walk
                    v.sort_since(mark);
                });
            }
        }
        Target::Scalar(_) | Target::Unit => {}
    }
    quote!(#(#out)*)
}
