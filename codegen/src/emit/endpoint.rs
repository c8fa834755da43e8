//! `src/endpoint.rs`: the service's endpoint rule set as the runtime's static
//! data, the typed `Params` (re-exported as `crate::config::endpoint`), and
//! the statements a request serializer uses to pass an operation's endpoint
//! parameters to the client.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::doc_attrs;
use crate::lower::endpoint_ir::*;
use crate::lower::ir::{Member, Operation};
use crate::naming::ident;

/// The file: the rule set, `Params` and its builder, `resolve`.
pub fn endpoint_rs(rules: &EndpointRules) -> TokenStream {
    let params = rules.params.iter().map(param);
    let slots = rules.slots;
    let mut used = BTreeSet::new();
    let top: Vec<TokenStream> = rules.rules.iter().map(|r| rule(r, &mut used)).collect();
    let params_type = params_type(rules);
    // Only the aliases the tree uses, so the file has no unused import.
    let aliases = [("C", "Condition"), ("Ep", "EndpointRule"), ("E", "Expr"), ("F", "Function"), ("P", "Part"), ("R", "Rule"), ("S", "Step"), ("T", "Then")];
    let imports = aliases.iter().filter(|(a, _)| used.contains(a)).map(|(a, t)| {
        let (a, t) = (format_ident!("{}", a), format_ident!("{}", t));
        quote!(#t as #a)
    });
    let imports = (!used.is_empty()).then(|| quote!(use ::client_runtime::endpoint::{#(#imports),*};));
    quote! {
        //! Endpoint resolution: the service's `smithy.rules#endpointRuleSet` as
        //! static data walked by the runtime's rules engine, and the parameters
        //! it takes (also at `crate::config::endpoint`).

        // Short names keep the rule tree readable and the file small; this
        // file defines no model types, so nothing can shadow them.
        #imports

        /// The rule set.
        pub(crate) static RULE_SET: ::client_runtime::endpoint::RuleSet = ::client_runtime::endpoint::RuleSet {
            params: &[#(#params),*],
            slots: #slots,
            rules: &[#(#top),*],
        };

        #params_type
    }
}

fn param(p: &EndpointParam) -> TokenStream {
    let name = &p.name;
    let ty = param_type(p.ty);
    let built_in = match &p.built_in {
        Some(b) => quote!(::std::option::Option::Some(#b)),
        None => quote!(::std::option::Option::None),
    };
    let required = p.required;
    let default = match &p.default {
        Some(l) => {
            let l = literal(l);
            quote!(::std::option::Option::Some(#l))
        }
        None => quote!(::std::option::Option::None),
    };
    quote!(::client_runtime::endpoint::Param { name: #name, ty: #ty, built_in: #built_in, required: #required, default: #default })
}

fn param_type(t: ParamType) -> TokenStream {
    match t {
        ParamType::String => quote!(::client_runtime::endpoint::ParamType::String),
        ParamType::Boolean => quote!(::client_runtime::endpoint::ParamType::Boolean),
        ParamType::StringArray => quote!(::client_runtime::endpoint::ParamType::StringArray),
    }
}

fn literal(l: &Literal) -> TokenStream {
    match l {
        Literal::String(s) => quote!(::client_runtime::endpoint::Literal::String(#s)),
        Literal::Boolean(b) => quote!(::client_runtime::endpoint::Literal::Boolean(#b)),
        Literal::StringArray(items) => quote!(::client_runtime::endpoint::Literal::StringArray(&[#(#items),*])),
    }
}

/// Aliases of `client_runtime::endpoint` items the emitted tree uses.
type Used = BTreeSet<&'static str>;

fn rule(r: &Rule, used: &mut Used) -> TokenStream {
    used.insert("R");
    let conditions: Vec<TokenStream> = r
        .conditions
        .iter()
        .map(|c| {
            used.insert("C");
            let e = expr(&c.expr, used);
            match c.assign {
                Some(slot) => quote!(C::assign(#e, #slot)),
                None => quote!(C::when(#e)),
            }
        })
        .collect();
    used.insert("T");
    let then = match &r.then {
        Then::Endpoint(e) => {
            used.insert("Ep");
            let url = expr(&e.url, used);
            let props: Vec<TokenStream> = e
                .properties
                .iter()
                .map(|(k, v)| {
                    let v = expr(v, used);
                    quote!((#k, #v))
                })
                .collect();
            let headers: Vec<TokenStream> = e
                .headers
                .iter()
                .map(|(k, vs)| {
                    let vs = vs.iter().map(|v| expr(v, used));
                    quote!((#k, &[#(#vs),*]))
                })
                .collect();
            quote!(T::Endpoint(&Ep { url: #url, properties: &[#(#props),*], headers: &[#(#headers),*] }))
        }
        Then::Error(m) => {
            let m = expr(m, used);
            quote!(T::Error(#m))
        }
        Then::Tree(children) => {
            let children: Vec<TokenStream> = children.iter().map(|c| rule(c, used)).collect();
            quote!(T::Tree(&[#(#children),*]))
        }
    };
    quote!(R { conditions: &[#(#conditions),*], then: #then })
}

fn expr(e: &Expr, used: &mut Used) -> TokenStream {
    used.insert("E");
    match e {
        Expr::Str(s) => quote!(E::Str(#s)),
        Expr::Template(parts) => {
            used.insert("P");
            let parts: Vec<TokenStream> = parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => quote!(P::Lit(#s)),
                    Part::Expr(e) => {
                        let e = expr(e, used);
                        quote!(P::Expr(#e))
                    }
                })
                .collect();
            quote!(E::Template(&[#(#parts),*]))
        }
        Expr::Bool(b) => quote!(E::Bool(#b)),
        Expr::Int(i) => quote!(E::Int(#i)),
        Expr::Ref(slot) => quote!(E::Ref(#slot)),
        Expr::GetAttr(target, steps) => {
            used.insert("S");
            let target = expr(target, used);
            let steps = steps.iter().map(|s| match s {
                Step::Key(k) => quote!(S::Key(#k)),
                Step::Index(i) => quote!(S::Index(#i)),
            });
            quote!(E::GetAttr(&#target, &[#(#steps),*]))
        }
        Expr::Call(f, args) => {
            used.insert("F");
            let f = format_ident!("{}", f.variant());
            let args: Vec<TokenStream> = args.iter().map(|a| expr(a, used)).collect();
            quote!(E::Call(F::#f, &[#(#args),*]))
        }
        Expr::Array(items) => {
            let items: Vec<TokenStream> = items.iter().map(|i| expr(i, used)).collect();
            quote!(E::Array(&[#(#items),*]))
        }
        Expr::Record(fields) => {
            let fields: Vec<TokenStream> = fields
                .iter()
                .map(|(k, v)| {
                    let v = expr(v, used);
                    quote!((#k, #v))
                })
                .collect();
            quote!(E::Record(&[#(#fields),*]))
        }
    }
}

/// Rule-set documentation is plain text; text that rustdoc would read as
/// links or HTML gets the fallback instead.
fn param_docs(p: &EndpointParam) -> TokenStream {
    let fallback = format!("The `{}` parameter of the endpoint rule set.", p.name);
    let plain = !p.docs.contains(['[', ']', '<', '>', '`']) && !p.docs.contains("://");
    let text = if plain && !p.docs.trim().is_empty() { format!("{}\n\n{fallback}", p.docs.trim()) } else { fallback };
    doc_attrs(&text, "")
}

fn rust_type(t: ParamType) -> TokenStream {
    match t {
        ParamType::String => quote!(::std::string::String),
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(::std::vec::Vec<::std::string::String>),
    }
}

fn params_type(rules: &EndpointRules) -> TokenStream {
    let fields: Vec<_> = rules.params.iter().map(|p| (ident(&p.rust), format_ident!("set_{}", p.rust), rust_type(p.ty), p)).collect();
    let decls = fields
        .iter()
        .map(|(f, _, t, p)| {
            let doc = param_docs(p);
            quote!(#doc pub(crate) #f: ::std::option::Option<#t>,)
        })
        .collect::<Vec<_>>();
    let getters = fields.iter().map(|(f, _, t, p)| {
        let doc = param_docs(p);
        let (ret, body) = match p.ty {
            ParamType::String => (quote!(::std::option::Option<&str>), quote!(self.#f.as_deref())),
            ParamType::Boolean => (quote!(::std::option::Option<bool>), quote!(self.#f)),
            ParamType::StringArray => (quote!(::std::option::Option<&[::std::string::String]>), quote!(self.#f.as_deref())),
        };
        let _ = t;
        quote!(#doc pub fn #f(&self) -> #ret { #body })
    });
    let values = fields.iter().map(|(f, _, _, p)| match p.ty {
        ParamType::String => {
            quote!(self.#f.clone().map(::client_runtime::endpoint::Value::string))
        }
        ParamType::Boolean => quote!(self.#f.map(::client_runtime::endpoint::Value::Bool)),
        ParamType::StringArray => quote!(self.#f.clone().map(::client_runtime::endpoint::Value::string_array)),
    });
    let setters = fields.iter().map(|(f, set, t, p)| {
        let doc = param_docs(p);
        let (arg, conv) = match p.ty {
            ParamType::String => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(value.into())),
            _ => (quote!(#t), quote!(value)),
        };
        quote! {
            #doc
            pub fn #f(mut self, value: #arg) -> Self { self.#f = ::std::option::Option::Some(#conv); self }
            #doc
            pub fn #set(mut self, value: ::std::option::Option<#t>) -> Self { self.#f = value; self }
        }
    });
    let build_fields = fields.iter().map(|(f, _, _, p)| {
        let default = p.default.as_ref().map(|d| match d {
            Literal::String(s) => quote!(.or_else(|| ::std::option::Option::Some(::std::string::String::from(#s)))),
            Literal::Boolean(b) => quote!(.or(::std::option::Option::Some(#b))),
            Literal::StringArray(items) => quote!(.or_else(|| ::std::option::Option::Some(::std::vec![#(::std::string::String::from(#items)),*]))),
        });
        let wire = &p.name;
        let check = p.required.then(|| {
            quote! {
                if #f.is_none() {
                    return ::std::result::Result::Err(::client_runtime::error::BuildError::missing_field(#wire, "a required endpoint parameter"));
                }
            }
        });
        quote!(let #f = self.#f #default; #check)
    });
    let names = fields.iter().map(|(f, _, _, _)| f);
    quote! {
        /// The parameters of the endpoint rule set. The client fills them from
        /// its configuration (region, FIPS and dual-stack flags, endpoint URL)
        /// and the operation; build them yourself to see where a request would go.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct Params {
            #(#decls)*
        }

        impl Params {
            /// A builder with nothing set.
            pub fn builder() -> ParamsBuilder {
                ParamsBuilder::default()
            }

            #(#getters)*

            /// The values in rule-set order, as the rules engine takes them.
            fn values(&self) -> ::std::vec::Vec<::std::option::Option<::client_runtime::endpoint::Value>> {
                ::std::vec![#(#values),*]
            }
        }

        /// Builds [`Params`].
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default)]
        pub struct ParamsBuilder {
            #(#decls)*
        }

        impl ParamsBuilder {
            #(#setters)*

            /// The parameters, with the rule set's defaults for those not set.
            /// Fails when a required parameter has neither a value nor a default.
            pub fn build(self) -> ::std::result::Result<Params, ::client_runtime::error::BuildError> {
                #(#build_fields)*
                ::std::result::Result::Ok(Params { #(#names),* })
            }
        }

        /// Resolves the endpoint for `params` with the service's rule set.
        pub fn resolve(params: &Params) -> ::std::result::Result<::client_runtime::endpoint::Endpoint, ::client_runtime::endpoint::EndpointError> {
            ::client_runtime::endpoint::resolve(&RULE_SET, params.values())
        }
    }
}

/// The `config::endpoint` module re-exporting `Params` and the result types.
pub fn config_module(has_rules: bool) -> TokenStream {
    let ours = has_rules.then(|| {
        quote!(
            pub use crate::endpoint::{Params, ParamsBuilder, resolve};
        )
    });
    quote! {
        /// Endpoint resolution: the rule set's parameters and what it resolves to.
        pub mod endpoint {
            #ours
            pub use ::client_runtime::endpoint::{AuthScheme, Endpoint, EndpointError, Value};
        }
    }
}

/// Statements of a request serializer that attach the operation's endpoint
/// parameters (static ones, and input members marked `@contextParam`).
pub fn context_params_stmt(op: &Operation, input: &[Member]) -> Option<TokenStream> {
    if op.endpoint_params.is_empty() {
        return None;
    }
    let pushes = op.endpoint_params.iter().map(|p| {
        let slot = p.slot;
        match &p.value {
            OperationParamValue::Static(l) => {
                let v = match l {
                    Literal::String(s) => quote!(::client_runtime::endpoint::Value::string(#s)),
                    Literal::Boolean(b) => quote!(::client_runtime::endpoint::Value::Bool(#b)),
                    Literal::StringArray(items) => quote!(::client_runtime::endpoint::Value::string_array([#(#items),*])),
                };
                quote!(params.push((#slot, #v));)
            }
            OperationParamValue::Member(i) => match input.get(*i) {
                Some(m) => {
                    let f = ident(&m.rust);
                    let get = if m.nullable { quote!(input.#f.as_ref()) } else { quote!(::std::option::Option::Some(&input.#f)) };
                    let conv = match m.target {
                        crate::lower::ir::Target::Scalar(crate::lower::ir::Scalar::Boolean) => quote!(::client_runtime::endpoint::Value::Bool(*v)),
                        _ => quote!(::client_runtime::endpoint::Value::string(::std::string::String::from(v.as_str()))),
                    };
                    quote!(if let ::std::option::Option::Some(v) = #get { params.push((#slot, #conv)); })
                }
                None => quote!(::std::compile_error!("generator bug: a context parameter names no input member");),
            },
            OperationParamValue::Path { path, ty } => {
                let value = path_expr(path, quote!(::std::option::Option::Some(input)));
                let conv = match ty {
                    PathTy::Str => quote!(::client_runtime::endpoint::Value::string(::std::string::String::from(v))),
                    PathTy::Boolean => quote!(::client_runtime::endpoint::Value::Bool(v)),
                    _ => {
                        let items = iter_of(ty, quote!(v));
                        quote!(::client_runtime::endpoint::Value::string_array(#items.flatten().map(::std::string::String::from)))
                    }
                };
                quote!(if let ::std::option::Option::Some(v) = #value { params.push((#slot, #conv)); })
            }
        }
    });
    Some(quote! {
        let mut params = ::std::vec::Vec::new();
        #(#pushes)*
        let builder = builder.extension(::client_runtime::endpoint::ContextParams(params));
    })
}

/// An expression of type `Option<R>` for a context path evaluated on `cur`
/// (an expression of type `Option<R>` of the current value), where `R` is a
/// type's representation: `&str` for strings and enums, `bool`, a reference
/// for structures, maps and model lists, and `Vec<Option<R>>` for lists the
/// path makes (JMESPath's nulls are `None`).
fn path_expr(path: &ContextPath, cur: TokenStream) -> TokenStream {
    match path {
        ContextPath::Current => cur,
        ContextPath::Field { field, nullable, ty } => {
            let f = ident(field);
            let get = if *nullable { quote!(#cur.and_then(|s| s.#f.as_ref())) } else { quote!(#cur.map(|s| &s.#f)) };
            match ty {
                PathTy::Str => quote!(#get.map(|v| v.as_str())),
                PathTy::Boolean => quote!(#get.copied()),
                _ => get,
            }
        }
        ContextPath::Sub(a, b) => path_expr(b, path_expr(a, cur)),
        ContextPath::Project { list, list_ty, each } => {
            let list = path_expr(list, cur);
            let items = iter_of(list_ty, quote!(l));
            let each = match **each {
                ContextPath::Current => quote!(.flatten()),
                _ => {
                    let e = path_expr(each, quote!(e));
                    quote!(.filter_map(|e| #e))
                }
            };
            quote!(#list.map(|l| #items #each.map(::std::option::Option::Some).collect::<::std::vec::Vec<_>>()))
        }
        ContextPath::Flatten { inner, inner_ty, elem } => {
            let inner = path_expr(inner, cur);
            let items = iter_of(inner_ty, quote!(l));
            let merge = match elem {
                PathTy::ModelList { .. } | PathTy::List(_) => {
                    let sub = iter_of(elem, quote!(x));
                    quote!(.flatten().flat_map(|x| #sub))
                }
                _ => quote!(),
            };
            quote!(#inner.map(|l| #items #merge.collect::<::std::vec::Vec<_>>()))
        }
        ContextPath::MultiSelect { items, cur_ty } => {
            let c = if matches!(cur_ty, PathTy::List(_)) { quote!(::std::option::Option::Some(c.clone())) } else { quote!(::std::option::Option::Some(c)) };
            let items = items.iter().map(|i| path_expr(i, c.clone()));
            quote!(#cur.map(|c| ::std::vec::Vec::from([#(#items),*])))
        }
        ContextPath::Keys(map) => {
            let map = path_expr(map, cur);
            // Sorted, so a map of several keys gives the same list every call.
            quote!(#map.map(|m| {
                let mut keys: ::std::vec::Vec<&str> = m.keys().map(|k| k.as_str()).collect();
                keys.sort_unstable();
                keys.into_iter().map(::std::option::Option::Some).collect::<::std::vec::Vec<_>>()
            }))
        }
    }
}

/// An iterator over the elements of `list` (a list value of type `ty`, not
/// an `Option`), each an `Option<R>` of the element type.
fn iter_of(ty: &PathTy, list: TokenStream) -> TokenStream {
    match ty {
        PathTy::ModelList { elem, sparse } => {
            let get = if *sparse { quote!(e.as_ref()) } else { quote!(::std::option::Option::Some(e)) };
            let conv = match **elem {
                PathTy::Str => quote!(.map(|v| v.as_str())),
                PathTy::Boolean => quote!(.copied()),
                _ => quote!(),
            };
            quote!(#list.iter().map(|e| #get #conv))
        }
        _ => quote!(#list.into_iter()),
    }
}

/// `config::ClientContextParams`: a setter on the config `Builder` for each
/// parameter of `smithy.rules#clientContextParams`; nothing when there are none.
pub fn client_params_trait(rules: &EndpointRules) -> TokenStream {
    if rules.client_params.is_empty() {
        return quote!();
    }
    let (mut decls, mut impls) = (Vec::new(), Vec::new());
    for &i in &rules.client_params {
        let p = &rules.params[i];
        let (name, f) = (&p.name, ident(&p.rust));
        let docs = param_docs(p);
        let (arg, value) = match p.ty {
            ParamType::Boolean => (quote!(bool), quote!(::client_runtime::endpoint::Value::Bool(value))),
            _ => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(::client_runtime::endpoint::Value::string(value.into()))),
        };
        decls.push(quote! {
            #docs
            fn #f(self, value: #arg) -> Self;
        });
        impls.push(quote! {
            fn #f(self, value: #arg) -> Self {
                self.set_client_context_param(#name, #value)
            }
        });
    }
    quote! {
        /// Settings of this service's endpoint rules that a client chooses
        /// (the model's `smithy.rules#clientContextParams`), as methods of
        /// [`Builder`]: `use` this trait to call them. Unset, each takes the
        /// rule set's default.
        pub trait ClientContextParams: Sized {
            #(#decls)*
        }

        impl ClientContextParams for Builder {
            #(#impls)*
        }
    }
}
