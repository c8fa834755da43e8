//! The evaluator: walks a [`RuleSet`] for one set of parameter values.
//!
//! Semantics (Smithy rules engine): rules are tried in order and the first
//! that matches wins; a rule matches when every condition, in order,
//! yields a value that is set and not `false`; a condition's `assign` binds
//! that value for the later conditions and the rule's children only; a tree
//! rule whose conditions hold is terminal, so when none of its children
//! match, resolution fails (as it does when no top-level rule matches).
//! Malformed static data (a slot out of range, a type mismatch) is an
//! [`EndpointError`] saying so, never a panic.

use std::borrow::Cow;

use super::partitions;
use super::rules::{Condition, EndpointRule, Expr, Function, Literal, ParamType, Part, Rule, RuleSet, Step, Then};
use super::stdlib;
use super::value::{Endpoint, EndpointError, Value};

/// The message when no rule matches, as the reference implementations word it.
pub const NO_RULES_MATCHED: &str = "No rules in ruleset matched";

/// Resolves an endpoint.
///
/// `params` holds one value per [`RuleSet::params`] entry, in order (`None`:
/// not set; the parameter's default, if any, applies). A value of the wrong
/// type, a required parameter with neither value nor default, an `error`
/// rule, or no matching rule is an [`EndpointError`].
pub fn resolve(rule_set: &RuleSet, mut params: Vec<Option<Value>>) -> Result<Endpoint, EndpointError> {
    if params.len() != rule_set.params.len() {
        return Err(EndpointError::new(format!(
            "{} parameter values given for a rule set with {} parameters",
            params.len(),
            rule_set.params.len()
        )));
    }
    for (param, value) in rule_set.params.iter().zip(params.iter_mut()) {
        if value.is_none() {
            *value = param.default.map(literal);
        }
        match value {
            None if param.required => {
                return Err(EndpointError::new(format!("parameter `{}` is required", param.name)));
            }
            None => {}
            Some(v) if !has_type(v, param.ty) => {
                return Err(EndpointError::new(format!("parameter `{}` must be a {:?}", param.name, param.ty)));
            }
            Some(_) => {}
        }
    }
    params.resize(usize::from(rule_set.slots).max(params.len()), None);
    let mut eval = Eval { slots: params };
    match eval.rules(rule_set.rules)? {
        Some(result) => result,
        None => Err(EndpointError::new(NO_RULES_MATCHED)),
    }
}

fn literal(l: Literal) -> Value {
    match l {
        Literal::String(s) => Value::String(Cow::Borrowed(s)),
        Literal::Boolean(b) => Value::Bool(b),
        Literal::StringArray(items) => Value::string_array(items.iter().copied()),
    }
}

fn has_type(v: &Value, ty: ParamType) -> bool {
    match (v, ty) {
        (Value::String(_), ParamType::String) | (Value::Bool(_), ParamType::Boolean) => true,
        (Value::Array(items), ParamType::StringArray) => items.iter().all(|i| matches!(i, Value::String(_))),
        _ => false,
    }
}

/// A finished resolution (endpoint or rule set error); `None` from a rule means "did not match".
type Outcome = Result<Endpoint, EndpointError>;

struct Eval {
    slots: Vec<Option<Value>>,
}

impl Eval {
    /// The first matching rule's outcome. The outer `Err` is a malformed rule set.
    fn rules(&mut self, rules: &[Rule]) -> Result<Option<Outcome>, EndpointError> {
        for rule in rules {
            if let Some(outcome) = self.rule(rule)? {
                return Ok(Some(outcome));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<Option<Outcome>, EndpointError> {
        let result = self.rule_in_scope(rule);
        // Assignments are scoped to the rule: clear them for its siblings.
        for c in rule.conditions {
            if let Some(slot) = c.assign
                && let Some(s) = self.slots.get_mut(usize::from(slot))
            {
                *s = None;
            }
        }
        result
    }

    fn rule_in_scope(&mut self, rule: &Rule) -> Result<Option<Outcome>, EndpointError> {
        for c in rule.conditions {
            if !self.condition(c)? {
                return Ok(None);
            }
        }
        Ok(Some(match rule.then {
            Then::Endpoint(e) => self.endpoint(e)?,
            Then::Error(message) => Err(EndpointError::new(self.string(&message, "an error message")?)),
            Then::Tree(children) => match self.rules(children)? {
                Some(outcome) => outcome,
                None => Err(EndpointError::new(NO_RULES_MATCHED)),
            },
        }))
    }

    fn condition(&mut self, c: &Condition) -> Result<bool, EndpointError> {
        let value = self.expr(&c.expr)?;
        let holds = match &value {
            None | Some(Value::Bool(false)) => false,
            Some(_) => true,
        };
        if holds && let Some(slot) = c.assign {
            *self.slot_mut(slot)? = value;
        }
        Ok(holds)
    }

    fn endpoint(&mut self, e: &EndpointRule) -> Result<Outcome, EndpointError> {
        let url = self.string(&e.url, "an endpoint URL")?;
        let mut headers = Vec::with_capacity(e.headers.len());
        for (name, values) in e.headers {
            let values = values.iter().map(|v| self.string(v, "a header value")).collect::<Result<Vec<_>, _>>()?;
            headers.push(((*name).to_owned(), values));
        }
        let mut properties = Vec::with_capacity(e.properties.len());
        for (name, value) in e.properties {
            let v = self.expr(value)?.ok_or_else(|| invalid(format!("property `{name}` is unset")))?;
            properties.push((*name, v));
        }
        Ok(Ok(Endpoint { url, headers, properties }))
    }

    /// A string that must be set (templates, URLs, messages).
    fn string(&mut self, e: &Expr, what: &str) -> Result<String, EndpointError> {
        match self.expr(e)? {
            Some(Value::String(s)) => Ok(s.into_owned()),
            Some(other) => Err(other.type_error("string", what)),
            None => Err(invalid(format!("{what} refers to an unset value"))),
        }
    }

    /// The value of a reference, or of a `getAttr` of one, without copying it.
    fn borrowed(&self, e: &Expr) -> Result<Option<&Value>, EndpointError> {
        let (slot, path): (u16, &[Step]) = match *e {
            Expr::Ref(slot) => (slot, &[]),
            Expr::GetAttr(&Expr::Ref(slot), path) => (slot, path),
            _ => return Err(invalid("only references are read in place")),
        };
        let value = self
            .slots
            .get(usize::from(slot))
            .ok_or_else(|| invalid(format!("variable slot {slot} is out of range")))?;
        Ok(value.as_ref().and_then(|v| get_attr_ref(v, path)))
    }

    fn slot_mut(&mut self, slot: u16) -> Result<&mut Option<Value>, EndpointError> {
        self.slots.get_mut(usize::from(slot)).ok_or_else(|| invalid(format!("variable slot {slot} is out of range")))
    }

    fn expr(&mut self, e: &Expr) -> Result<Option<Value>, EndpointError> {
        Ok(match *e {
            Expr::Str(s) => Some(Value::String(Cow::Borrowed(s))),
            Expr::Template(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Lit(s) => out.push_str(s),
                        // References are read in place: no copy of the value.
                        &Part::Expr(ref e @ (Expr::Ref(_) | Expr::GetAttr(&Expr::Ref(_), _))) => {
                            match self.borrowed(e)? {
                                Some(Value::String(s)) => out.push_str(s),
                                Some(other) => return Err(other.type_error("string", "a template part")),
                                None => return Err(invalid("a template part refers to an unset value")),
                            }
                        }
                        Part::Expr(e) => out.push_str(&self.string(e, "a template part")?),
                    }
                }
                Some(Value::String(Cow::Owned(out)))
            }
            Expr::Bool(b) => Some(Value::Bool(b)),
            Expr::Int(i) => Some(Value::Int(i)),
            Expr::Ref(_) | Expr::GetAttr(&Expr::Ref(_), _) => self.borrowed(e)?.cloned(),
            Expr::GetAttr(target, path) => self.expr(target)?.and_then(|v| get_attr(v, path)),
            Expr::Call(f, args) => {
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(self.expr(a)?);
                }
                call(f, values)?
            }
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.expr(i)?.ok_or_else(|| invalid("an array element is unset"))?);
                }
                Some(Value::Array(out))
            }
            Expr::Record(fields) => {
                let mut out = Vec::with_capacity(fields.len());
                for (k, v) in fields {
                    out.push((*k, self.expr(v)?.ok_or_else(|| invalid(format!("record field `{k}` is unset")))?));
                }
                Some(Value::Record(out))
            }
        })
    }
}

fn invalid(why: impl std::fmt::Display) -> EndpointError {
    EndpointError::new(format!("invalid rule set: {why}"))
}

/// `getAttr`: walks record fields and array indices; anything missing is unset.
pub(crate) fn get_attr(mut v: Value, path: &[Step]) -> Option<Value> {
    for step in path {
        v = match (step, v) {
            (Step::Key(k), Value::Record(fields)) => fields.into_iter().find(|(name, _)| name == k)?.1,
            (Step::Index(i), Value::Array(items)) => items.into_iter().nth(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// `getAttr` by reference.
fn get_attr_ref<'v>(mut v: &'v Value, path: &[Step]) -> Option<&'v Value> {
    for step in path {
        v = match (step, v) {
            (Step::Key(k), Value::Record(fields)) => &fields.iter().find(|(name, _)| name == k)?.1,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Applies a library function. Arguments that are unset make the result
/// unset (so the condition fails), except for `isSet`.
fn call(f: Function, mut args: Vec<Option<Value>>) -> Result<Option<Value>, EndpointError> {
    let arity = match f {
        Function::IsSet
        | Function::Not
        | Function::UriEncode
        | Function::ParseUrl
        | Function::AwsPartition
        | Function::AwsParseArn => 1,
        Function::BooleanEquals
        | Function::StringEquals
        | Function::IsValidHostLabel
        | Function::AwsIsVirtualHostableS3Bucket => 2,
        Function::Substring => 4,
    };
    if args.len() != arity {
        return Err(invalid(format!("`{}` takes {arity} arguments, not {}", f.name(), args.len())));
    }
    if f == Function::IsSet {
        return Ok(Some(Value::Bool(args[0].is_some())));
    }
    if args.iter().any(Option::is_none) {
        return Ok(None);
    }
    let mut args = args.drain(..).flatten();
    let mut next = || args.next().ok_or_else(|| invalid("missing argument"));
    let text = |v: Value, what: &str| match v {
        Value::String(s) => Ok(s),
        other => Err(other.type_error("string", what)),
    };
    let flag = |v: Value, what: &str| match v {
        Value::Bool(b) => Ok(b),
        other => Err(other.type_error("boolean", what)),
    };
    let name = f.name();
    let bool_value = |b: bool| Ok(Some(Value::Bool(b)));
    match f {
        // Every argument is set by now.
        Function::IsSet => bool_value(true),
        Function::Not => bool_value(!flag(next()?, name)?),
        Function::BooleanEquals => bool_value(flag(next()?, name)? == flag(next()?, name)?),
        Function::StringEquals => bool_value(text(next()?, name)? == text(next()?, name)?),
        Function::IsValidHostLabel => {
            let (v, sub) = (text(next()?, name)?, flag(next()?, name)?);
            bool_value(stdlib::is_valid_host_label(&v, sub))
        }
        Function::AwsIsVirtualHostableS3Bucket => {
            let (v, sub) = (text(next()?, name)?, flag(next()?, name)?);
            bool_value(stdlib::is_virtual_hostable_s3_bucket(&v, sub))
        }
        Function::UriEncode => Ok(Some(Value::string(stdlib::uri_encode(&text(next()?, name)?)))),
        Function::Substring => {
            let input = text(next()?, name)?;
            let index = |v: Value| match v {
                Value::Int(i) => usize::try_from(i).map_err(|_| invalid("`substring` bounds must not be negative")),
                other => Err(other.type_error("integer", name)),
            };
            let (start, stop, reverse) = (index(next()?)?, index(next()?)?, flag(next()?, name)?);
            Ok(stdlib::substring(&input, start, stop, reverse).map(|s| Value::string(s.to_owned())))
        }
        Function::ParseUrl => {
            let input = text(next()?, name)?;
            Ok(stdlib::parse_url(&input).map(|u| {
                Value::Record(vec![
                    ("scheme", Value::string(u.scheme.to_owned())),
                    ("authority", Value::string(u.authority.to_owned())),
                    ("path", Value::string(u.path.to_owned())),
                    ("normalizedPath", Value::string(u.normalized_path)),
                    ("isIp", Value::Bool(u.is_ip)),
                ])
            }))
        }
        Function::AwsPartition => Ok(Some(partitions::partition(&text(next()?, name)?).to_value())),
        Function::AwsParseArn => {
            let input = text(next()?, name)?;
            Ok(stdlib::parse_arn(&input).map(|a| {
                Value::Record(vec![
                    ("partition", Value::string(a.partition.to_owned())),
                    ("service", Value::string(a.service.to_owned())),
                    ("region", Value::string(a.region.to_owned())),
                    ("accountId", Value::string(a.account_id.to_owned())),
                    ("resourceId", Value::string_array(a.resource_id.into_iter().map(str::to_owned))),
                ])
            }))
        }
    }
}
