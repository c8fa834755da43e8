//! Lowering `smithy.rules#endpointRuleSet` into [`EndpointRules`], with the
//! checks the Smithy rules engine type checker makes: every function is a
//! known one with the right number and types of arguments, every reference
//! names a parameter or a variable assigned earlier in the rule or an
//! ancestor, no rule follows an unconditional one in the same list. Each
//! problem is a diagnostic naming the file, the service and the rule's path
//! (`rules[2].rules[0].conditions[1]`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::endpoint_ir::*;
use crate::diag::{Diagnostic, Diagnostics};
use crate::naming;

/// A value's type, as far as checking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    String,
    Bool,
    Int,
    StringArray,
    /// `aws.partition`'s result.
    Partition,
    /// `aws.parseArn`'s result.
    Arn,
    /// `parseURL`'s result.
    Url,
    /// Arrays and records of endpoint properties.
    Any,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Bool => "boolean",
            Ty::Int => "integer",
            Ty::StringArray => "string array",
            Ty::Partition => "partition record",
            Ty::Arn => "ARN record",
            Ty::Url => "URL record",
            Ty::Any => "value",
        }
    }

    fn of(p: ParamType) -> Ty {
        match p {
            ParamType::String => Ty::String,
            ParamType::Boolean => Ty::Bool,
            ParamType::StringArray => Ty::StringArray,
        }
    }

    /// The type of `getAttr(self, key)`, `None` if there is no such field.
    fn field(self, key: &str) -> Option<Ty> {
        Some(match (self, key) {
            (Ty::Partition, "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion") => Ty::String,
            (Ty::Partition, "supportsFIPS" | "supportsDualStack") => Ty::Bool,
            (Ty::Arn, "partition" | "service" | "region" | "accountId") => Ty::String,
            (Ty::Arn, "resourceId") => Ty::StringArray,
            (Ty::Url, "scheme" | "authority" | "path" | "normalizedPath") => Ty::String,
            (Ty::Url, "isIp") => Ty::Bool,
            (Ty::Any, _) => Ty::Any,
            _ => return None,
        })
    }
}

/// The signature of a library function: argument types (`None`: any) and result.
fn signature(f: Function) -> (&'static [Option<Ty>], Ty) {
    use Ty::*;
    match f {
        Function::BooleanEquals => (&[Some(Bool), Some(Bool)], Bool),
        Function::StringEquals => (&[Some(String), Some(String)], Bool),
        Function::IsSet => (&[None], Bool),
        Function::Not => (&[Some(Bool)], Bool),
        Function::Substring => (&[Some(String), Some(Int), Some(Int), Some(Bool)], String),
        Function::IsValidHostLabel | Function::AwsIsVirtualHostableS3Bucket => (&[Some(String), Some(Bool)], Bool),
        Function::UriEncode => (&[Some(String)], String),
        Function::ParseUrl => (&[Some(String)], Url),
        Function::AwsPartition => (&[Some(String)], Partition),
        Function::AwsParseArn => (&[Some(String)], Arn),
    }
}

fn function(name: &str) -> Option<Function> {
    Some(match name {
        "booleanEquals" => Function::BooleanEquals,
        "stringEquals" => Function::StringEquals,
        "isSet" => Function::IsSet,
        "not" => Function::Not,
        "substring" => Function::Substring,
        "isValidHostLabel" => Function::IsValidHostLabel,
        "uriEncode" => Function::UriEncode,
        "parseURL" => Function::ParseUrl,
        "aws.partition" => Function::AwsPartition,
        "aws.parseArn" => Function::AwsParseArn,
        "aws.isVirtualHostableS3Bucket" => Function::AwsIsVirtualHostableS3Bucket,
        _ => return None,
    })
}

/// The outcome of lowering a service's rule set.
pub enum Lowered {
    /// The service has no rule set (a warning was reported).
    Absent,
    /// Errors were reported.
    Invalid,
    /// The checked rule set.
    Rules(EndpointRules),
}

/// Lowers the `smithy.rules#endpointRuleSet` trait of a service.
pub fn lower(file: &Path, service: &str, traits: &BTreeMap<String, Value>, diags: &mut Diagnostics) -> Lowered {
    let Some(rs) = traits.get("smithy.rules#endpointRuleSet") else {
        diags.push(Diagnostic::warning(
            file,
            Some(service),
            None,
            "the service has no `smithy.rules#endpointRuleSet`: requests go to `https://{endpointPrefix}.{region}.amazonaws.com` \
             (`.amazonaws.com.cn` in `cn-*` regions), or to the configured endpoint URL",
        ));
        return Lowered::Absent;
    };
    let mut lw = RuleSetLowerer { file, service, diags, failed: false, params: Vec::new(), assigned: BTreeMap::new(), scope: Vec::new() };
    let rules = lw.rule_set(rs);
    match rules {
        Some(mut r) if !lw.failed => match client_params(file, service, traits, &r.params, diags) {
            Some(client) => {
                r.client_params = client;
                Lowered::Rules(r)
            }
            None => Lowered::Invalid,
        },
        _ => Lowered::Invalid,
    }
}

/// The parameters `smithy.rules#clientContextParams` lets a client set:
/// each must be a rule set parameter of the same type, and not a built-in
/// (those have their own settings); `None` after an error.
fn client_params(file: &Path, service: &str, traits: &BTreeMap<String, Value>, params: &[EndpointParam], diags: &mut Diagnostics) -> Option<Vec<usize>> {
    let Some(ctx) = traits.get("smithy.rules#clientContextParams").and_then(Value::as_object) else { return Some(Vec::new()) };
    let mut out = Vec::new();
    let mut ok = true;
    for (name, decl) in ctx {
        let mut fail = |message: String| {
            diags.push(Diagnostic::error(file, Some(service), None, format!("client context parameter `{name}`: {message}")));
            ok = false;
        };
        let Some(i) = params.iter().position(|p| &p.name == name) else {
            fail("is not a parameter of the endpoint rule set".into());
            continue;
        };
        let declared = decl.get("type").and_then(Value::as_str).unwrap_or_default();
        let fits = matches!((declared.to_ascii_lowercase().as_str(), params[i].ty), ("string", ParamType::String) | ("boolean", ParamType::Boolean));
        if !fits {
            fail(format!("is declared `{declared}`, but the rule set's parameter is a {:?} (a client sets only strings and booleans)", params[i].ty));
        } else if let Some(b) = &params[i].built_in {
            fail(format!("is the built-in `{b}`, which has its own setting"));
        } else {
            out.push(i);
        }
    }
    ok.then_some(out)
}

struct RuleSetLowerer<'a> {
    file: &'a Path,
    service: &'a str,
    diags: &'a mut Diagnostics,
    failed: bool,
    params: Vec<EndpointParam>,
    /// Every assigned name and its slot (one slot per name across the tree).
    assigned: BTreeMap<String, u16>,
    /// Names assigned in the current rule and its ancestors, with their types.
    scope: Vec<(String, Ty)>,
}

impl RuleSetLowerer<'_> {
    fn error(&mut self, path: &str, message: impl std::fmt::Display) {
        self.failed = true;
        let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
        self.diags.push(Diagnostic::error(self.file, Some(self.service), None, format!("endpoint rule set{at}: {message}")));
    }

    fn rule_set(&mut self, rs: &Value) -> Option<EndpointRules> {
        let Some(obj) = rs.as_object() else {
            self.error("", "expected an object");
            return None;
        };
        match obj.get("parameters").and_then(Value::as_object) {
            Some(params) => {
                for (name, p) in params {
                    self.param(name, p);
                }
            }
            None => self.error("parameters", "expected an object of parameters"),
        }
        let mut rust_names = BTreeMap::new();
        for p in &self.params {
            if let Some(other) = rust_names.insert(p.rust.clone(), p.name.clone()) {
                let message = format!("parameters `{other}` and `{}` both become the `Params` field `{}`", p.name, p.rust);
                self.failed = true;
                self.diags.push(Diagnostic::error(self.file, Some(self.service), None, format!("endpoint rule set: {message}")));
            }
        }
        let rules = self.rules(obj.get("rules"), "rules")?;
        let slots = self.params.len() + self.assigned.len();
        let Ok(slots) = u16::try_from(slots) else {
            self.error("", format!("{slots} variables are more than the runtime supports"));
            return None;
        };
        Some(EndpointRules { params: std::mem::take(&mut self.params), slots, rules, client_params: Vec::new() })
    }

    fn param(&mut self, name: &str, p: &Value) {
        let path = format!("parameters.{name}");
        let ty = match p.get("type").and_then(Value::as_str) {
            Some("String" | "string") => ParamType::String,
            Some("Boolean" | "boolean") => ParamType::Boolean,
            Some("stringArray" | "StringArray") => ParamType::StringArray,
            other => return self.error(&path, format!("unknown parameter type {other:?}: expected String, Boolean or stringArray")),
        };
        let default = match p.get("default") {
            None | Some(Value::Null) => None,
            Some(v) => match literal(v, ty) {
                Some(l) => Some(l),
                None => return self.error(&path, format!("the default {v} is not a {ty:?}")),
            },
        };
        self.params.push(EndpointParam {
            name: name.to_string(),
            rust: naming::snake(name),
            ty,
            built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_string),
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
            default,
            docs: p.get("documentation").and_then(Value::as_str).unwrap_or_default().to_string(),
        });
    }

    fn rules(&mut self, rules: Option<&Value>, path: &str) -> Option<Vec<Rule>> {
        let Some(list) = rules.and_then(Value::as_array) else {
            self.error(path, "expected a list of rules");
            return None;
        };
        let mut out = Vec::new();
        let mut unconditional: Option<usize> = None;
        for (i, r) in list.iter().enumerate() {
            let rule_path = format!("{path}[{i}]");
            if let Some(u) = unconditional {
                self.error(&rule_path, format!("unreachable: `{path}[{u}]` has no conditions, so it always matches first"));
            }
            // Judged on the model, so a condition that failed to lower does not make the rule unconditional.
            let no_conditions = r.get("conditions").and_then(Value::as_array).is_none_or(Vec::is_empty);
            if no_conditions && unconditional.is_none() {
                unconditional = Some(i);
            }
            if let Some(rule) = self.rule(r, &rule_path) {
                out.push(rule);
            }
        }
        Some(out)
    }

    fn rule(&mut self, r: &Value, path: &str) -> Option<Rule> {
        let Some(obj) = r.as_object() else {
            self.error(path, "expected a rule object");
            return None;
        };
        let depth = self.scope.len();
        let rule = self.rule_in_scope(obj, path);
        self.scope.truncate(depth);
        rule
    }

    fn rule_in_scope(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Rule> {
        let mut conditions = Vec::new();
        let conds = obj.get("conditions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (i, c) in conds.iter().enumerate() {
            if let Some(c) = self.condition(c, &format!("{path}.conditions[{i}]")) {
                conditions.push(c);
            }
        }
        let then = match obj.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let p = format!("{path}.endpoint");
                let e = obj.get("endpoint").and_then(Value::as_object);
                let Some(e) = e else {
                    self.error(&p, "expected an endpoint object");
                    return None;
                };
                let url = self.typed(e.get("url"), &format!("{p}.url"), Ty::String)?;
                let mut properties = Vec::new();
                for (k, v) in e.get("properties").and_then(Value::as_object).into_iter().flatten() {
                    if let Some((x, _)) = self.expr(v, &format!("{p}.properties.{k}"), true) {
                        properties.push((k.clone(), x));
                    }
                }
                let mut headers = Vec::new();
                for (k, v) in e.get("headers").and_then(Value::as_object).into_iter().flatten() {
                    let hp = format!("{p}.headers.{k}");
                    let Some(values) = v.as_array() else {
                        self.error(&hp, "expected a list of header values");
                        continue;
                    };
                    let values = values.iter().enumerate().filter_map(|(i, v)| self.typed(Some(v), &format!("{hp}[{i}]"), Ty::String)).collect();
                    headers.push((k.clone(), values));
                }
                Then::Endpoint(EndpointResult { url, properties, headers })
            }
            Some("error") => Then::Error(self.typed(obj.get("error"), &format!("{path}.error"), Ty::String)?),
            Some("tree") => Then::Tree(self.rules(obj.get("rules"), &format!("{path}.rules"))?),
            other => {
                self.error(path, format!("unknown rule type {other:?}: expected endpoint, error or tree"));
                return None;
            }
        };
        Some(Rule { conditions, then })
    }

    fn condition(&mut self, c: &Value, path: &str) -> Option<Condition> {
        if c.get("fn").is_none() {
            self.error(path, "a condition must be a function call (`fn`, `argv`)");
            return None;
        }
        let (expr, ty) = self.expr(c, path, false)?;
        let assign = match c.get("assign") {
            None => None,
            Some(Value::String(name)) => {
                if self.params.iter().any(|p| &p.name == name) || self.scope.iter().any(|(n, _)| n == name) {
                    self.error(path, format!("`{name}` is already defined here and cannot be assigned again"));
                    return None;
                }
                let next = (self.params.len() + self.assigned.len()) as u16;
                let slot = *self.assigned.entry(name.clone()).or_insert(next);
                self.scope.push((name.clone(), ty));
                Some(slot)
            }
            Some(other) => {
                self.error(path, format!("`assign` must be a name, not {other}"));
                return None;
            }
        };
        Some(Condition { expr, assign })
    }

    /// An expression that must have type `want`.
    fn typed(&mut self, v: Option<&Value>, path: &str, want: Ty) -> Option<Expr> {
        let Some(v) = v else {
            self.error(path, format!("missing; expected a {}", want.name()));
            return None;
        };
        let (e, ty) = self.expr(v, path, false)?;
        if ty != want && ty != Ty::Any {
            self.error(path, format!("expected a {}, found a {}", want.name(), ty.name()));
            return None;
        }
        Some(e)
    }

    /// An expression and its type; `data` allows arrays and records (endpoint properties).
    fn expr(&mut self, v: &Value, path: &str, data: bool) -> Option<(Expr, Ty)> {
        match v {
            Value::String(s) => self.template(s, path).map(|e| (e, Ty::String)),
            Value::Bool(b) => Some((Expr::Bool(*b), Ty::Bool)),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Some((Expr::Int(i), Ty::Int)),
                None => {
                    self.error(path, format!("{n} is not an integer"));
                    None
                }
            },
            Value::Object(o) if o.contains_key("ref") => {
                let name = o.get("ref").and_then(Value::as_str).unwrap_or_default();
                self.reference(name, path)
            }
            Value::Object(o) if o.contains_key("fn") => self.call(o, path),
            Value::Array(items) if data => {
                let items: Vec<Expr> = items.iter().enumerate().filter_map(|(i, x)| self.expr(x, &format!("{path}[{i}]"), true).map(|(e, _)| e)).collect();
                Some((Expr::Array(items), Ty::Any))
            }
            Value::Object(o) if data => {
                let fields = o.iter().filter_map(|(k, x)| self.expr(x, &format!("{path}.{k}"), true).map(|(e, _)| (k.clone(), e))).collect();
                Some((Expr::Record(fields), Ty::Any))
            }
            other => {
                self.error(path, format!("expected an expression (string, boolean, integer, `ref` or `fn`), found {other}"));
                None
            }
        }
    }

    fn reference(&mut self, name: &str, path: &str) -> Option<(Expr, Ty)> {
        if let Some(i) = self.params.iter().position(|p| p.name == name) {
            return Some((Expr::Ref(i as u16), Ty::of(self.params[i].ty)));
        }
        if let Some((_, ty)) = self.scope.iter().rev().find(|(n, _)| n == name) {
            let ty = *ty;
            return Some((Expr::Ref(self.assigned[name]), ty));
        }
        let why = if self.assigned.contains_key(name) {
            "is assigned, but not in this rule or an enclosing one"
        } else {
            "is neither a parameter nor an assigned variable"
        };
        self.error(path, format!("reference to `{name}`, which {why}"));
        None
    }

    fn call(&mut self, o: &Map<String, Value>, path: &str) -> Option<(Expr, Ty)> {
        let name = o.get("fn").and_then(Value::as_str).unwrap_or_default();
        let args = o.get("argv").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        if name == "getAttr" {
            let [target, attr] = args else {
                self.error(path, format!("`getAttr` takes 2 argument(s), found {}", args.len()));
                return None;
            };
            let (target, ty) = self.expr(target, &format!("{path}.argv[0]"), false)?;
            let Some(attr) = attr.as_str() else {
                self.error(&format!("{path}.argv[1]"), "the `getAttr` path must be a string literal");
                return None;
            };
            return self.get_attr(target, ty, attr, path);
        }
        let Some(f) = function(name) else {
            self.error(path, format!("unknown function `{name}`"));
            return None;
        };
        let (params, result) = signature(f);
        if args.len() != params.len() {
            self.error(path, format!("`{name}` takes {} argument(s), found {}", params.len(), args.len()));
            return None;
        }
        let mut out = Vec::new();
        for (i, (a, want)) in args.iter().zip(params).enumerate() {
            let ap = format!("{path}.argv[{i}]");
            let (e, ty) = self.expr(a, &ap, false)?;
            if let Some(want) = want
                && ty != *want
                && ty != Ty::Any
            {
                self.error(&ap, format!("argument {} of `{name}` must be a {}, found a {}", i + 1, want.name(), ty.name()));
                return None;
            }
            out.push(e);
        }
        Some((Expr::Call(f, out), result))
    }

    fn get_attr(&mut self, target: Expr, mut ty: Ty, attr: &str, path: &str) -> Option<(Expr, Ty)> {
        let Some(steps) = parse_path(attr) else {
            self.error(path, format!("invalid `getAttr` path `{attr}`"));
            return None;
        };
        for step in &steps {
            ty = match (step, ty) {
                (Step::Index(_), Ty::StringArray) => Ty::String,
                (Step::Index(_), Ty::Any) => Ty::Any,
                (Step::Key(k), t) => match t.field(k) {
                    Some(t) => t,
                    None => {
                        self.error(path, format!("a {} has no field `{k}`", t.name()));
                        return None;
                    }
                },
                (Step::Index(_), t) => {
                    self.error(path, format!("a {} cannot be indexed", t.name()));
                    return None;
                }
            };
        }
        Some((Expr::GetAttr(Box::new(target), steps), ty))
    }

    /// A string, with `{Ref}` / `{Ref#path}` parts and `{{`, `}}` escapes.
    fn template(&mut self, s: &str, path: &str) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(['{', '}']) {
            lit.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                lit.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                self.error(path, format!("unmatched `}}` in template `{s}`"));
                return None;
            }
            let Some(end) = tail.find('}') else {
                self.error(path, format!("unclosed `{{` in template `{s}`"));
                return None;
            };
            let inner = &tail[1..end];
            if !lit.is_empty() {
                parts.push(Part::Lit(std::mem::take(&mut lit)));
            }
            let (name, attr) = match inner.split_once('#') {
                Some((n, a)) => (n, Some(a)),
                None => (inner, None),
            };
            let (target, ty) = self.reference(name, path)?;
            let (e, ty) = match attr {
                Some(a) => self.get_attr(target, ty, a, path)?,
                None => (target, ty),
            };
            if ty != Ty::String && ty != Ty::Any {
                self.error(path, format!("template part `{{{inner}}}` is a {}, not a string", ty.name()));
                return None;
            }
            parts.push(Part::Expr(e));
            rest = &tail[end + 1..];
        }
        lit.push_str(rest);
        if parts.is_empty() {
            return Some(Expr::Str(lit));
        }
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Some(Expr::Template(parts))
    }
}

/// `a.b[0]` into steps; `None` when malformed.
fn parse_path(attr: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for piece in attr.split('.') {
        let (key, mut rest) = match piece.find('[') {
            Some(i) => piece.split_at(i),
            None => (piece, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        } else if rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let close = rest.find(']')?;
            let n: usize = rest.get(1..close)?.parse().ok()?;
            steps.push(Step::Index(n));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return None;
            }
        }
    }
    Some(steps)
}

/// A parameter default or static context value of type `ty`.
pub fn literal(v: &Value, ty: ParamType) -> Option<Literal> {
    match (ty, v) {
        (ParamType::String, Value::String(s)) => Some(Literal::String(s.clone())),
        (ParamType::Boolean, Value::Bool(b)) => Some(Literal::Boolean(*b)),
        (ParamType::StringArray, Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().map(Literal::StringArray)
        }
        _ => None,
    }
}

/// The endpoint parameters one operation sets: `staticContextParams` on the
/// operation, `contextParam` on its top-level input members, and
/// `operationContextParams` (paths into the input, in the JMESPath subset
/// the rules spec allows). A parameter the rule set does not define, a
/// member or path whose type does not fit, or a path outside the subset is
/// an error naming the operation and the parameter.
pub fn operation_params(
    model: &crate::assemble::Model,
    op_id: &str,
    ir: &super::ir::Ir,
    input_ref: super::ir::StructRef,
    rules: &EndpointRules,
    diags: &mut Diagnostics,
) -> Vec<OperationParam> {
    use super::ir::{Scalar, Target};
    let input = &ir[input_ref];
    let file = model.file_of(op_id);
    let mut out = Vec::new();
    let Some(op) = model.get(op_id) else { return out };
    let slot_of = |name: &str| rules.params.iter().position(|p| p.name == name);
    let static_params = op.traits.get("smithy.rules#staticContextParams").and_then(Value::as_object);
    for (name, v) in static_params.into_iter().flatten() {
        let value = v.get("value").unwrap_or(&Value::Null);
        match slot_of(name) {
            None => diags.push(Diagnostic::error(
                &file,
                Some(op_id),
                None,
                format!("static context parameter `{name}` is not a parameter of the endpoint rule set"),
            )),
            Some(slot) => match literal(value, rules.params[slot].ty) {
                Some(l) => out.push(OperationParam { slot: slot as u16, value: OperationParamValue::Static(l) }),
                None => diags.push(Diagnostic::error(
                    &file,
                    Some(op_id),
                    None,
                    format!("static context parameter `{name}`: {value} is not a {:?}", rules.params[slot].ty),
                )),
            },
        }
    }
    let context_paths = op.traits.get("smithy.rules#operationContextParams").and_then(Value::as_object);
    for (name, v) in context_paths.into_iter().flatten() {
        let Some(path) = v.get("path").and_then(Value::as_str) else {
            diags.push(Diagnostic::error(&file, Some(op_id), None, format!("operation context parameter `{name}` has no `path` string")));
            continue;
        };
        let Some(slot) = slot_of(name) else {
            diags.push(Diagnostic::error(
                &file,
                Some(op_id),
                None,
                format!("operation context parameter `{name}` is not a parameter of the endpoint rule set"),
            ));
            continue;
        };
        match super::context_path::compile(ir, input_ref, path, rules.params[slot].ty) {
            Ok((path, ty)) => out.push(OperationParam { slot: slot as u16, value: OperationParamValue::Path { path, ty } }),
            Err(why) => diags.push(Diagnostic::error(&file, Some(op_id), None, format!("operation context parameter `{name}` (path `{path}`): {why}"))),
        }
    }
    let input_id = input.id.as_str();
    let ast_members = model.get(input_id).and_then(|s| s.members.as_ref());
    for (name, m) in ast_members.into_iter().flatten() {
        let Some(param) = m.traits.get("smithy.rules#contextParam").and_then(|c| c.get("name")).and_then(Value::as_str) else { continue };
        let Some(index) = input.members.iter().position(|lm| &lm.name == name) else { continue };
        let Some(slot) = slot_of(param) else {
            diags.push(Diagnostic::error(
                &file,
                Some(input_id),
                Some(name),
                format!("context parameter `{param}` is not a parameter of the endpoint rule set"),
            ));
            continue;
        };
        let fits = matches!(
            (rules.params[slot].ty, input.members[index].target),
            (ParamType::String, Target::Scalar(Scalar::String)) | (ParamType::Boolean, Target::Scalar(Scalar::Boolean))
        );
        if !fits {
            diags.push(Diagnostic::error(
                &file,
                Some(input_id),
                Some(name),
                format!("context parameter `{param}` is a {:?}; the member must be a string or boolean to match", rules.params[slot].ty),
            ));
            continue;
        }
        out.push(OperationParam { slot: slot as u16, value: OperationParamValue::Member(index) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indices() {
        let k = |s: &str| Step::Key(s.to_string());
        assert_eq!(parse_path("dnsSuffix"), Some(vec![k("dnsSuffix")]));
        assert_eq!(parse_path("resourceId[1]"), Some(vec![k("resourceId"), Step::Index(1)]));
        assert_eq!(parse_path("a.b[0][2]"), Some(vec![k("a"), k("b"), Step::Index(0), Step::Index(2)]));
        assert_eq!(parse_path("[3]"), Some(vec![Step::Index(3)]));
        assert_eq!(parse_path("a..b"), None);
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(parse_path("a[1]b"), None);
    }
}
