//! Members: target, nullability, binding, formats, constraints, defaults.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ir::*;
use super::shapes::Lowerer;
use super::{deprecated_of, docs_of, values};
use crate::load::AstMember;
use crate::naming;

/// A member standing in for one the model lacks (generation fails anyway).
pub(super) fn placeholder(slot: &str) -> Member {
    Member {
        name: slot.to_string(),
        rust: naming::member_name(slot),
        variant: naming::variant_name(slot),
        target: Target::Scalar(Scalar::String),
        docs: String::new(),
        nullable: false,
        required: false,
        default: None,
        sensitive: false,
        constraints: Constraints::default(),
        binding: Binding::Body,
        json_name: slot.to_string(),
        timestamp_format: None,
        boxed: false,
        deprecated: None,
        idempotency_token: false,
        media_type: None,
        xml: XmlMember::default(),
    }
}

impl Lowerer<'_> {
    /// Lowers member `name` of shape `owner`.
    pub(super) fn member(&mut self, owner: &str, name: &str, m: &AstMember, in_input: bool, structure: bool) -> Member {
        let model = self.model;
        let target = match self.refs.get(&m.target) {
            Some(t) => *t,
            None => {
                // Reported where the target was indexed (undefined or not a data shape).
                self.failed = true;
                Target::Scalar(Scalar::String)
            }
        };
        if target == Target::Unit && structure {
            self.error(owner, Some(name), "a structure member cannot target `smithy.api#Unit`");
        }
        let target_shape = model.get(&m.target);
        let empty = BTreeMap::new();
        let tt = target_shape.map(|t| &t.traits).unwrap_or(&empty);
        let trait_of = |k: &str| m.traits.get(k).or_else(|| tt.get(k));
        let required = m.traits.contains_key("smithy.api#required");
        let default_json = m
            .traits
            .get("smithy.api#default")
            .or_else(|| if m.traits.contains_key("smithy.api#box") { None } else { tt.get("smithy.api#default") })
            .filter(|v| !v.is_null());
        let default = match default_json {
            Some(v) => match values::default_value(v, target, target_shape) {
                Ok(d) => Some(d),
                Err(msg) => {
                    self.error(owner, Some(name), format!("`@default` {msg}"));
                    None
                }
            },
            None => None,
        };
        let nullable = if !structure {
            false
        } else if m.traits.contains_key("smithy.api#clientOptional") || in_input || m.traits.contains_key("smithy.api#box") {
            true
        } else if m.traits.contains_key("smithy.api#addedDefault") {
            !required
        } else {
            !(required || default_json.is_some())
        };
        let binding = self.binding(owner, name, m);
        let timestamp_format = match trait_of("smithy.api#timestampFormat") {
            None => None,
            Some(v) => match v.as_str() {
                Some("date-time") => Some(TimestampFormat::DateTime),
                Some("http-date") => Some(TimestampFormat::HttpDate),
                Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
                _ => {
                    self.error(owner, Some(name), format!("`@timestampFormat` must be `date-time`, `http-date` or `epoch-seconds`, not `{v}`"));
                    None
                }
            },
        };
        let constraints = self.constraints(owner, name, target, &m.traits, tt);
        let json_name = match m.traits.get("smithy.api#jsonName") {
            Some(_) if !self.protocol.is_some_and(Protocol::json_name) => name.to_string(),
            None => name.to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.error(owner, Some(name), format!("`@jsonName` must be a string, not `{other}`"));
                name.to_string()
            }
        };
        Member {
            name: name.to_string(),
            variant: naming::variant_name(name),
            rust: naming::member_name(name),
            target,
            docs: docs_of(&m.traits).unwrap_or_default(),
            nullable,
            required,
            default,
            sensitive: m.traits.contains_key("smithy.api#sensitive") || self.sensitive(&m.target, &mut BTreeSet::new()),
            constraints,
            binding,
            json_name,
            timestamp_format,
            boxed: false,
            deprecated: deprecated_of(&m.traits),
            idempotency_token: m.traits.contains_key("smithy.api#idempotencyToken"),
            media_type: tt.get("smithy.api#mediaType").and_then(Value::as_str).map(str::to_string),
            xml: self.xml_member(owner, name, m),
        }
    }

    /// The XML traits of a member (`@xmlName`, `@xmlFlattened`,
    /// `@xmlAttribute`, `@xmlNamespace`, `ec2QueryName`).
    fn xml_member(&mut self, owner: &str, name: &str, m: &AstMember) -> XmlMember {
        let mut string = |t: &str| -> Option<String> {
            let v = m.traits.get(t)?;
            match v.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    self.error(owner, Some(name), format!("`@{}` must be a string, not `{v}`", t.rsplit('#').next().unwrap_or(t)));
                    None
                }
            }
        };
        let xml_name = string("smithy.api#xmlName");
        let ec2_name = string("aws.protocols#ec2QueryName");
        let namespace = m.traits.get("smithy.api#xmlNamespace").and_then(|ns| {
            let uri = ns.get("uri").and_then(Value::as_str)?;
            Some((ns.get("prefix").and_then(Value::as_str).map(str::to_string), uri.to_string()))
        });
        XmlMember {
            name: xml_name,
            flattened: m.traits.contains_key("smithy.api#xmlFlattened"),
            attribute: m.traits.contains_key("smithy.api#xmlAttribute"),
            namespace,
            ec2_name,
        }
    }

    fn binding(&mut self, owner: &str, name: &str, m: &AstMember) -> Binding {
        // RPC protocols put every member in the body; `@http*` traits are ignored.
        if !self.protocol.is_none_or(Protocol::http_bindings) {
            return Binding::Body;
        }
        let mut string_trait = |t: &str, what: &str| -> Option<String> {
            let v = m.traits.get(t)?;
            match v.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    self.error(owner, Some(name), format!("`@{what}` must be a string, not `{v}`"));
                    None
                }
            }
        };
        if m.traits.contains_key("smithy.api#httpLabel") {
            Binding::Label
        } else if let Some(q) = string_trait("smithy.api#httpQuery", "httpQuery") {
            Binding::Query(q)
        } else if m.traits.contains_key("smithy.api#httpQueryParams") {
            Binding::QueryParams
        } else if let Some(h) = string_trait("smithy.api#httpHeader", "httpHeader") {
            Binding::Header(h)
        } else if let Some(h) = string_trait("smithy.api#httpPrefixHeaders", "httpPrefixHeaders") {
            Binding::PrefixHeaders(h)
        } else if m.traits.contains_key("smithy.api#httpPayload") {
            Binding::Payload
        } else if m.traits.contains_key("smithy.api#httpResponseCode") {
            Binding::ResponseCode
        } else {
            Binding::Body
        }
    }

    fn sensitive(&self, id: &str, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(id.to_string()) {
            return false;
        }
        let Some(s) = self.model.get(id) else {
            return false;
        };
        if s.traits.contains_key("smithy.api#sensitive") {
            return true;
        }
        match s.kind.as_str() {
            "list" | "set" => s.member.as_ref().is_some_and(|m| self.sensitive(&m.target, seen)),
            "map" => [&s.key, &s.value].into_iter().flatten().any(|m| self.sensitive(&m.target, seen)),
            _ => false,
        }
    }

    /// Member traits over target traits, each checked against the type.
    fn constraints(&mut self, owner: &str, name: &str, target: Target, mt: &BTreeMap<String, Value>, tt: &BTreeMap<String, Value>) -> Constraints {
        let get = |k: &str| mt.get(k).or_else(|| tt.get(k));
        let mut c = Constraints::default();
        let mut problems = Vec::new();
        if let Some(l) = get("smithy.api#length") {
            let of = match target {
                Target::Scalar(Scalar::String) | Target::Enum(_) => Some(LengthOf::Chars),
                Target::Scalar(Scalar::Blob) => Some(LengthOf::Bytes),
                Target::List(_) | Target::Map(_) => Some(LengthOf::Items),
                _ => None,
            };
            match (of, values::length_bounds(l)) {
                (Some(of), Ok((min, max))) => c.length = Some((of, min, max)),
                (None, _) => problems.push("`@length` applies to strings, blobs, lists and maps only".to_string()),
                (_, Err(msg)) => problems.push(format!("`@length` {msg}")),
            }
        }
        if let Some(r) = get("smithy.api#range") {
            match target {
                Target::Scalar(s) => match values::range(r, s) {
                    Ok((range, notes)) => {
                        c.range = Some(range);
                        for n in notes {
                            self.warn(owner, Some(name), format!("`@range` {n}"));
                        }
                    }
                    Err(msg) => problems.push(format!("`@range` {msg}")),
                },
                _ => problems.push("`@range` applies to numbers only".to_string()),
            }
        }
        if let Some(p) = get("smithy.api#pattern") {
            match (target, p.as_str()) {
                (Target::Scalar(Scalar::String) | Target::Enum(_), Some(p)) => c.pattern = Some(p.to_string()),
                (_, None) => problems.push("`@pattern` must be a string".to_string()),
                _ => problems.push("`@pattern` applies to strings only".to_string()),
            }
        }
        if get("smithy.api#uniqueItems").is_some() {
            if matches!(target, Target::List(_)) {
                c.unique_items = true;
            } else {
                problems.push("`@uniqueItems` applies to lists only".to_string());
            }
        }
        for p in problems {
            self.error(owner, Some(name), p);
        }
        c
    }
}
