//! Endpoint resolution with the Smithy rules engine.
//!
//! A generated crate writes its service's `smithy.rules#endpointRuleSet` as
//! `static` [`RuleSet`] data (see [`rules`]) and a typed `Params` builder;
//! per request the client calls [`resolve`] with the parameter values (region,
//! FIPS and dual-stack flags, a configured endpoint URL, operation context
//! parameters). The result is an [`Endpoint`] (URL, headers, properties such
//! as the SigV4 signing name and region) or the rule set's error message.
//!
//! The library functions ([`stdlib`], [`partitions::partition`]) follow the
//! Smithy rules engine specification and its AWS extensions; the partitions
//! table is compiled in.

mod eval;
pub mod partitions;
pub mod rules;
pub mod stdlib;
mod value;

#[cfg(test)]
mod tests;

pub use eval::{NO_RULES_MATCHED, resolve};
pub use rules::{Condition, EndpointRule, Expr, Function, Literal, Param, ParamType, Part, Rule, RuleSet, Step, Then};
pub use value::{AuthScheme, Endpoint, EndpointError, Value};

/// An operation's endpoint parameters (slot, value): its static context
/// parameters and the `@contextParam` input members that are set. Request
/// serializers attach it as a request extension; the client resolves with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextParams(pub Vec<(u16, Value)>);
