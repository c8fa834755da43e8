//! Rust expressions that build a generated crate's values from the `params`
//! of a protocol test case, through the crate's public builders.

use std::cell::Cell;

use codegen::lower::ir::*;
use codegen::naming;
use serde_json::Value;

/// The generated crate's library name, as test code refers to it.
pub const KRATE: &str = "sut";

/// Builds expressions against one IR.
pub struct Values<'a> {
    pub ir: &'a Ir,
    /// Set when an expression contains a NaN: such values are compared by
    /// their `Debug` text, since `NaN != NaN`.
    pub saw_nan: Cell<bool>,
}

type R = Result<String, String>;

impl<'a> Values<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Self { ir, saw_nan: Cell::new(false) }
    }

    /// `sut::types::Foo` and friends (mirrors the generator's `type_path`).
    pub fn type_path(&self, target: Target) -> R {
        Ok(match target {
            Target::Structure(s) => structure_path(&self.ir[s]),
            Target::Union(u) => format!("{KRATE}::types::{}", self.ir[u].name),
            Target::Enum(e) => format!("{KRATE}::types::{}", self.ir[e].name),
            Target::IntEnum(e) => format!("{KRATE}::types::{}", self.ir[e].name),
            other => return Err(format!("{other:?} has no named type")),
        })
    }

    /// The value of a member: its target's value, boxed when the field is.
    pub fn member(&self, m: &Member, v: &Value) -> R {
        let e = self.value(m.target, v)?;
        Ok(if m.boxed { format!("::std::boxed::Box::new({e})") } else { e })
    }

    /// A value of `target`.
    pub fn value(&self, target: Target, v: &Value) -> R {
        match target {
            Target::Scalar(s) => self.scalar(s, v),
            Target::Enum(_) => Ok(format!("{}::from({})", self.type_path(target)?, lit(str_of(v)?))),
            Target::IntEnum(_) => {
                let n = v.as_i64().ok_or_else(|| format!("expected an integer, got {v}"))?;
                Ok(format!("{}::from({n}i32)", self.type_path(target)?))
            }
            Target::Structure(s) => self.structure(&self.ir[s], v, ""),
            Target::Union(u) => self.union(&self.ir[u], v),
            Target::List(l) => {
                let l = &self.ir[l];
                let items = v.as_array().ok_or_else(|| format!("expected a list, got {v}"))?;
                let items = items.iter().map(|i| self.element(&l.member, l.sparse, i)).collect::<Result<Vec<_>, _>>()?;
                Ok(format!("::std::vec![{}]", items.join(", ")))
            }
            Target::Map(m) => {
                let m = &self.ir[m];
                let obj = v.as_object().ok_or_else(|| format!("expected a map, got {v}"))?;
                let mut entries = Vec::new();
                for (k, val) in obj {
                    entries.push(format!("({}, {})", self.value(m.key.target, &Value::String(k.clone()))?, self.element(&m.value, m.sparse, val)?));
                }
                Ok(format!("<::std::collections::HashMap<_, _> as ::std::iter::FromIterator<_>>::from_iter([{}])", entries.join(", ")))
            }
            Target::Unit => Err("a unit has no value".into()),
        }
    }

    fn element(&self, member: &Member, sparse: bool, v: &Value) -> R {
        if sparse {
            if v.is_null() { Ok("::std::option::Option::None".into()) } else { Ok(format!("::std::option::Option::Some({})", self.member(member, v)?)) }
        } else {
            self.member(member, v)
        }
    }

    /// `Type::builder().set_a(Some(..))...build()`; `extra` is inserted before
    /// `.build()` (error metadata).
    pub fn structure(&self, s: &Structure, v: &Value, extra: &str) -> R {
        let empty = serde_json::Map::new();
        let obj = if v.is_null() { &empty } else { v.as_object().ok_or_else(|| format!("expected a structure, got {v}"))? };
        let mut e = format!("{}::builder()", structure_path(s));
        e.push_str(&self.setters(s, obj)?);
        e.push_str(extra);
        e.push_str(".build()");
        // Inputs' `build()` is fallible like the official SDKs', though it never fails.
        if matches!(s.role, Role::Input { .. }) || s.members.iter().any(|m| !m.nullable && m.default.is_none()) {
            e.push_str(".expect(\"the expected value builds\")");
        }
        Ok(e)
    }

    /// `.set_a(Some(..))` for every non-null param.
    pub fn setters(&self, s: &Structure, obj: &serde_json::Map<String, Value>) -> R {
        let mut e = String::new();
        for (k, val) in obj {
            let m = s.members.iter().find(|m| &m.name == k).ok_or_else(|| format!("{} has no member `{k}`", s.id))?;
            if val.is_null() {
                continue;
            }
            e.push_str(&format!(".{}(::std::option::Option::Some({}))", naming::prefixed("set_", &m.rust), self.member(m, val)?));
        }
        Ok(e)
    }

    fn union(&self, u: &Union, v: &Value) -> R {
        let obj = v.as_object().ok_or_else(|| format!("expected a union, got {v}"))?;
        let [(k, val)] = obj.iter().collect::<Vec<_>>()[..] else {
            return Err(format!("a union value needs one member: {v}"));
        };
        let m = u.members.iter().find(|m| &m.name == k).ok_or_else(|| format!("{} has no member `{k}`", u.id))?;
        let path = format!("{KRATE}::types::{}::{}", u.name, m.variant);
        if m.target == Target::Unit { Ok(path) } else { Ok(format!("{path}({})", self.member(m, val)?)) }
    }

    fn scalar(&self, s: Scalar, v: &Value) -> R {
        let num = || v.as_number().ok_or_else(|| format!("expected a number, got {v}"));
        Ok(match s {
            Scalar::String => format!("::std::string::String::from({})", lit(str_of(v)?)),
            Scalar::Boolean => v.as_bool().ok_or_else(|| format!("expected a boolean, got {v}"))?.to_string(),
            Scalar::Byte => format!("{}i8", num()?),
            Scalar::Short => format!("{}i16", num()?),
            Scalar::Integer => format!("{}i32", num()?),
            Scalar::Long => format!("{}i64", num()?),
            Scalar::Float => self.float(v, "f32")?,
            Scalar::Double => self.float(v, "f64")?,
            Scalar::BigInteger | Scalar::BigDecimal => {
                let ty = if s == Scalar::BigInteger { "BigInteger" } else { "BigDecimal" };
                let text = match v {
                    Value::String(t) => t.clone(),
                    _ => num()?.to_string(),
                };
                format!("<{KRATE}::primitives::{ty} as ::std::str::FromStr>::from_str({}).expect(\"a number\")", lit(&text))
            }
            Scalar::Timestamp => {
                let (secs, nanos) = epoch_parts(&num()?.to_string())?;
                format!("{KRATE}::primitives::DateTime::from_secs_and_nanos({secs}i64, {nanos}u32)")
            }
            Scalar::Blob => format!("{KRATE}::primitives::Blob::new({}.as_bytes())", lit(str_of(v)?)),
            Scalar::Document => document(v),
        })
    }

    fn float(&self, v: &Value, ty: &str) -> R {
        match v {
            Value::String(s) => match s.as_str() {
                "NaN" => {
                    self.saw_nan.set(true);
                    Ok(format!("{ty}::NAN"))
                }
                "Infinity" => Ok(format!("{ty}::INFINITY")),
                "-Infinity" => Ok(format!("{ty}::NEG_INFINITY")),
                _ => Err(format!("not a float: {s:?}")),
            },
            Value::Number(n) => {
                let f = n.as_f64().ok_or("float out of range")?;
                Ok(format!("{f:?}{ty}"))
            }
            _ => Err(format!("expected a float, got {v}")),
        }
    }
}

/// The path of a structure's type, by its role (as the generator places it).
pub fn structure_path(s: &Structure) -> String {
    match &s.role {
        Role::Plain => format!("{KRATE}::types::{}", s.name),
        Role::Error { .. } => format!("{KRATE}::types::error::{}", s.name),
        Role::Input { module, .. } | Role::Output { module, .. } => {
            format!("{KRATE}::operation::{module}::{}", s.name)
        }
    }
}

/// A `Document` expression equal to what the runtime's JSON reader produces.
fn document(v: &Value) -> String {
    let d = format!("{KRATE}::primitives::Document");
    let n = "::client_runtime::reexports::aws_smithy_types::Number";
    match v {
        Value::Null => format!("{d}::Null"),
        Value::Bool(b) => format!("{d}::Bool({b})"),
        Value::String(s) => format!("{d}::String(::std::string::String::from({}))", lit(s)),
        Value::Number(x) => match (x.as_u64(), x.as_i64()) {
            (Some(u), _) => format!("{d}::Number({n}::PosInt({u}u64))"),
            (None, Some(i)) => format!("{d}::Number({n}::NegInt({i}i64))"),
            _ => format!("{d}::Number({n}::Float({:?}f64))", x.as_f64().unwrap_or(0.0)),
        },
        Value::Array(items) => format!("{d}::Array(::std::vec![{}])", items.iter().map(document).collect::<Vec<_>>().join(", ")),
        Value::Object(obj) => {
            let entries: Vec<String> = obj.iter().map(|(k, v)| format!("(::std::string::String::from({}), {})", lit(k), document(v))).collect();
            format!("{d}::Object(<::std::collections::HashMap<_, _> as ::std::iter::FromIterator<_>>::from_iter([{}]))", entries.join(", "))
        }
    }
}

/// Seconds and nanoseconds of a decimal epoch-seconds number, exactly.
fn epoch_parts(text: &str) -> Result<(i64, u32), String> {
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().map_err(|_| format!("bad timestamp {text}"))?;
        return Ok((f.floor() as i64, ((f - f.floor()) * 1e9).round() as u32));
    }
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let secs: i64 = int.parse().map_err(|_| format!("bad timestamp {text}"))?;
    let mut digits: String = frac.chars().take(9).collect();
    while digits.len() < 9 {
        digits.push('0');
    }
    let nanos: u32 = digits.parse().map_err(|_| format!("bad timestamp {text}"))?;
    if secs < 0 && nanos > 0 {
        // -1.5 is 2 seconds before the epoch plus half a second.
        return Ok((secs - 1, 1_000_000_000 - nanos));
    }
    Ok((secs, nanos))
}

fn str_of(v: &Value) -> Result<&str, String> {
    v.as_str().ok_or_else(|| format!("expected a string, got {v}"))
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}
