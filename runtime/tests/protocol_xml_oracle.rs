//! The XML and query helpers against the Smithy AWS protocol tests
//! (`protocol-tests/smithy-aws-protocol-tests.json`, read at test time
//! through the `oracle` crate).
//!
//! A small interpreter walks each case's model the way generated code will:
//! it reads restXml, awsQuery and ec2Query response bodies (and error bodies)
//! into JSON values to compare with the case's `params`, and writes request
//! bodies from the `params` to compare with the case's `body`. The XML
//! comparison parses both sides with quick-xml directly, not with the reader
//! under test. Cases the interpreter cannot run (no body, non-XML payloads)
//! are counted, and the test insists most cases ran.

use std::collections::BTreeMap;
use std::path::PathBuf;

use aws_smithy_types::DateTime;
use client_runtime::protocol::TimestampFormat;
use client_runtime::protocol::json::DeserializeError;
use client_runtime::protocol::query::{QueryKey, QueryWriter};
use client_runtime::protocol::xml::{self, ErrorEnvelope, XmlReader, XmlWriter};
use serde_json::{Map, Value, json};

const REST_XML: &str = "aws.protocols#restXml";
const AWS_QUERY: &str = "aws.protocols#awsQuery";
const EC2_QUERY: &str = "aws.protocols#ec2Query";

/// Traits that bind a member somewhere other than the body.
const HTTP_BINDINGS: [&str; 6] = [
    "smithy.api#httpHeader",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpQuery",
    "smithy.api#httpQueryParams",
    "smithy.api#httpLabel",
    "smithy.api#httpResponseCode",
];

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Model<'m> {
    shapes: &'m Map<String, Value>,
}

fn has(v: &Value, name: &str) -> bool {
    v.get("traits").and_then(|t| t.get(name)).is_some()
}

fn trait_str<'v>(v: &'v Value, name: &str) -> Option<&'v str> {
    v.get("traits")?.get(name)?.as_str()
}

fn target(member: &Value) -> &str {
    member["target"].as_str().unwrap_or_default()
}

impl<'m> Model<'m> {
    fn shape(&self, id: &str) -> &'m Value {
        static NULL: Value = Value::Null;
        self.shapes.get(id).unwrap_or(&NULL)
    }

    /// The shape type, prelude shapes (`smithy.api#PrimitiveLong`) included.
    fn kind(&self, id: &str) -> String {
        match id.strip_prefix("smithy.api#") {
            Some(name) => name.trim_start_matches("Primitive").to_lowercase(),
            None => self.shape(id)["type"].as_str().unwrap_or_default().to_lowercase(),
        }
    }

    /// Members in model order, those of mixins first.
    fn members(&self, id: &str) -> Vec<(String, &'m Value)> {
        let shape = self.shape(id);
        let mut out = Vec::new();
        for mixin in shape["mixins"].as_array().into_iter().flatten() {
            out.extend(self.members(target(mixin)));
        }
        if let Some(members) = shape["members"].as_object() {
            out.extend(members.iter().map(|(k, v)| (k.clone(), v)));
        }
        out
    }

    fn body_members(&self, id: &str) -> Vec<(String, &'m Value)> {
        self.members(id).into_iter().filter(|(_, m)| !HTTP_BINDINGS.iter().any(|t| has(m, t))).collect()
    }

    fn timestamp_format(&self, member: &Value, shape: &str) -> TimestampFormat {
        let format = trait_str(member, "smithy.api#timestampFormat").or_else(|| trait_str(self.shape(shape), "smithy.api#timestampFormat"));
        match format {
            Some("epoch-seconds") => TimestampFormat::EpochSeconds,
            Some("http-date") => TimestampFormat::HttpDate,
            _ => TimestampFormat::DateTime,
        }
    }

    /// The namespace of `member`'s element: its own trait (a target's
    /// applies only when it is the document's root).
    fn namespace<'v>(&self, member: &'v Value) -> Option<(Option<&'v str>, &'v str)> {
        let ns = member.get("traits")?.get("smithy.api#xmlNamespace")?;
        Some((ns["prefix"].as_str(), ns["uri"].as_str()?))
    }

    /// A trait of shape `id` or of one of its mixins.
    fn shape_trait(&self, id: &str, name: &str) -> Option<&'m Value> {
        let shape = self.shape(id);
        shape.get("traits").and_then(|t| t.get(name)).or_else(|| shape["mixins"].as_array()?.iter().find_map(|m| self.shape_trait(target(m), name)))
    }

    /// The service of the namespace `id` is in.
    fn service_near(&self, id: &str) -> Option<&'m Value> {
        let ns = id.split('#').next()?;
        self.shapes.iter().find(|(k, s)| s["type"] == "service" && k.split('#').next() == Some(ns)).map(|(_, s)| s)
    }

    /// The service that has operation `op`.
    fn service_of(&self, op: &str) -> Option<&'m Value> {
        self.shapes.values().find(|s| s["type"] == "service" && s["operations"].as_array().is_some_and(|ops| ops.iter().any(|o| o["target"] == op)))
    }
}

fn wire_name<'a>(name: &'a str, member: &'a Value) -> &'a str {
    trait_str(member, "smithy.api#xmlName").unwrap_or(name)
}

// ---- reading responses into params-shaped JSON ----

fn non_finite_or(v: f64) -> Value {
    if v.is_nan() {
        json!("NaN")
    } else if v.is_infinite() {
        json!(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        json!(v)
    }
}

/// A scalar as the test params spell it (timestamps as epoch seconds, blobs as text).
fn read_scalar(m: &Model<'_>, shape: &str, member: &Value, r: &mut XmlReader<'_>) -> Result<Value, DeserializeError> {
    Ok(match m.kind(shape).as_str() {
        "string" | "enum" => json!(r.string()?),
        "boolean" => json!(r.boolean()?),
        "byte" => json!(r.i8()?),
        "short" => json!(r.i16()?),
        "integer" | "intenum" => json!(r.i32()?),
        "long" => json!(r.i64()?),
        "float" => non_finite_or(f64::from(r.f32()?)),
        "double" => non_finite_or(r.f64()?),
        "biginteger" => json!(r.big_integer()?.as_ref()),
        "bigdecimal" => json!(r.big_decimal()?.as_ref()),
        "blob" => json!(String::from_utf8_lossy(&r.blob()?.into_inner())),
        "timestamp" => {
            let t = r.timestamp(m.timestamp_format(member, shape))?;
            if t.subsec_nanos() == 0 { json!(t.secs()) } else { json!(t.as_secs_f64()) }
        }
        other => return Err(DeserializeError::custom(format!("the interpreter reads no {other}"))),
    })
}

fn read_value(m: &Model<'_>, shape: &str, member: &Value, r: &mut XmlReader<'_>) -> Result<Value, DeserializeError> {
    match m.kind(shape).as_str() {
        "structure" | "union" => read_structure(m, shape, r),
        "list" | "set" => {
            let item = &m.shape(shape)["member"];
            let mut items = Vec::new();
            r.children(|_, r| {
                items.push(read_value(m, target(item), item, r)?);
                Ok(())
            })?;
            Ok(Value::Array(items))
        }
        "map" => {
            let mut map = Map::new();
            r.children(|_, r| read_entry(m, shape, r, &mut map))?;
            Ok(Value::Object(map))
        }
        _ => read_scalar(m, shape, member, r),
    }
}

/// One map entry: the element whose `key` and `value` children (or their
/// `xmlName`s) hold the pair.
fn read_entry(m: &Model<'_>, map: &str, r: &mut XmlReader<'_>, out: &mut Map<String, Value>) -> Result<(), DeserializeError> {
    let (key, value) = (&m.shape(map)["key"], &m.shape(map)["value"]);
    let (mut k, mut v) = (None, None);
    r.children(|name, r| {
        if name == wire_name("key", key) {
            k = Some(r.string()?.into_owned());
        } else if name == wire_name("value", value) {
            v = Some(read_value(m, target(value), value, r)?);
        }
        Ok(())
    })?;
    if let (Some(k), Some(v)) = (k, v) {
        out.insert(k, v);
    }
    Ok(())
}

fn read_structure(m: &Model<'_>, shape: &str, r: &mut XmlReader<'_>) -> Result<Value, DeserializeError> {
    let members = m.body_members(shape);
    let mut out = Map::new();
    for (name, member) in &members {
        if has(member, "smithy.api#xmlAttribute")
            && let Some(v) = r.attribute(wire_name(name, member))?
        {
            out.insert(name.clone(), json!(v));
        }
    }
    r.children(|element, r| read_member(m, &members, element, r, &mut out))?;
    Ok(Value::Object(out))
}

/// The structure member whose element `element` is, read into `out`
/// (flattened lists and maps gather one item per element).
fn read_member(
    m: &Model<'_>,
    members: &[(String, &Value)],
    element: &str,
    r: &mut XmlReader<'_>,
    out: &mut Map<String, Value>,
) -> Result<(), DeserializeError> {
    let Some((name, member)) = members.iter().find(|(n, mb)| wire_name(n, mb) == element && !has(mb, "smithy.api#xmlAttribute")) else {
        return r.skip();
    };
    let shape = target(member);
    if has(member, "smithy.api#xmlFlattened") {
        match m.kind(shape).as_str() {
            "list" | "set" => {
                let item = &m.shape(shape)["member"];
                let value = read_value(m, target(item), item, r)?;
                if let Value::Array(items) = out.entry(name.clone()).or_insert_with(|| json!([])) {
                    items.push(value);
                }
                return Ok(());
            }
            "map" => {
                let entry = out.entry(name.clone()).or_insert_with(|| json!({}));
                return match entry {
                    Value::Object(map) => read_entry(m, shape, r, map),
                    _ => r.skip(),
                };
            }
            _ => {}
        }
    }
    let value = read_value(m, shape, member, r)?;
    out.insert(name.clone(), value);
    Ok(())
}

/// Params members that travel in the body (headers and the like dropped).
fn body_params(m: &Model<'_>, shape: &str, params: &Value) -> Value {
    let members = m.body_members(shape);
    let kept = params.as_object().into_iter().flatten().filter(|(k, _)| members.iter().any(|(n, _)| n == *k));
    Value::Object(kept.map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// Equal as the params mean it: numbers by value, so `1398796238` is `1398796238.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y)),
        (Value::Object(xs), Value::Object(ys)) => xs.len() == ys.len() && xs.iter().all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y))),
        (x, y) => x == y,
    }
}

// ---- writing requests from params ----

fn timestamp_of(v: &Value) -> DateTime {
    DateTime::from_secs_f64(v.as_f64().unwrap_or_default())
}

fn float_of(v: &Value) -> f64 {
    match v.as_str() {
        Some("NaN") => f64::NAN,
        Some("Infinity") => f64::INFINITY,
        Some("-Infinity") => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or_default(),
    }
}

struct Query<'m, 'w> {
    model: &'w Model<'m>,
    w: &'w mut QueryWriter,
    ec2: bool,
}

impl Query<'_, '_> {
    /// The key segment of a structure member.
    fn member_name(&self, name: &str, member: &Value) -> String {
        if self.ec2 {
            if let Some(n) = trait_str(member, "aws.protocols#ec2QueryName") {
                return n.to_owned();
            }
            let n = wire_name(name, member);
            let mut chars = n.chars();
            return chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        }
        wire_name(name, member).to_owned()
    }

    fn structure(&mut self, shape: &str, key: &QueryKey, value: &Value) {
        for (name, member) in self.model.members(shape) {
            let token = has(member, "smithy.api#idempotencyToken").then(|| json!("00000000-0000-4000-8000-000000000000"));
            let Some(v) = value.get(&name).cloned().or(token) else { continue };
            let key = key.member(&self.member_name(&name, member));
            self.value(target(member), member, &key, &v);
        }
    }

    fn value(&mut self, shape: &str, member: &Value, key: &QueryKey, v: &Value) {
        let m = self.model;
        match m.kind(shape).as_str() {
            "structure" | "union" => self.structure(shape, key, v),
            "list" | "set" => {
                let item = &m.shape(shape)["member"];
                let items = v.as_array().cloned().unwrap_or_default();
                if items.is_empty() && !self.ec2 {
                    self.w.empty(key);
                }
                let flat = self.ec2 || has(member, "smithy.api#xmlFlattened");
                for (i, x) in items.iter().enumerate() {
                    let key = if flat { key.nth(i) } else { key.member(wire_name("member", item)).nth(i) };
                    self.value(target(item), item, &key, x);
                }
            }
            "map" => {
                let (k, val) = (&m.shape(shape)["key"], &m.shape(shape)["value"]);
                let flat = has(member, "smithy.api#xmlFlattened");
                for (i, (mk, mv)) in v.as_object().into_iter().flatten().enumerate() {
                    let entry = if flat { key.nth(i) } else { key.member("entry").nth(i) };
                    self.w.string(&entry.member(wire_name("key", k)), mk);
                    self.value(target(val), val, &entry.member(wire_name("value", val)), mv);
                }
            }
            "string" | "enum" => self.w.string(key, v.as_str().unwrap_or_default()),
            "boolean" => self.w.boolean(key, v.as_bool().unwrap_or_default()),
            "byte" | "short" | "integer" | "long" | "intenum" => self.w.i64(key, v.as_i64().unwrap_or_default()),
            "float" => self.w.f32(key, float_of(v) as f32),
            "double" => self.w.f64(key, float_of(v)),
            "blob" => self.w.blob(key, v.as_str().unwrap_or_default().as_bytes()),
            "timestamp" => self.w.timestamp(key, &timestamp_of(v), m.timestamp_format(member, shape)),
            other => panic!("the interpreter writes no {other}"),
        }
    }
}

/// Form pairs, sorted: the tests do not fix the order of members.
fn form_pairs(body: &str) -> Vec<String> {
    let mut pairs: Vec<String> = body.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    pairs.sort();
    pairs
}

struct Xml<'m, 'w> {
    model: &'w Model<'m>,
    w: &'w mut XmlWriter,
}

impl Xml<'_, '_> {
    /// An element for `value` of `shape`; `member` carries its traits.
    fn element(&mut self, name: &str, shape: &str, member: &Value, value: &Value, namespace: Option<(Option<&str>, &str)>) {
        let m = self.model;
        let kind = m.kind(shape);
        let mut tag = self.w.start_element(name);
        if let Some((prefix, uri)) = namespace {
            tag.namespace(prefix, uri);
        }
        if kind == "structure" || kind == "union" {
            for (n, mb) in m.body_members(shape) {
                if has(mb, "smithy.api#xmlAttribute")
                    && let Some(v) = value.get(&n)
                {
                    tag.attribute(wire_name(&n, mb), v.as_str().unwrap_or_default());
                }
            }
        }
        self.content(shape, member, value);
        self.w.end_element();
    }

    fn content(&mut self, shape: &str, member: &Value, v: &Value) {
        let m = self.model;
        match m.kind(shape).as_str() {
            "structure" | "union" => {
                for (name, mb) in m.body_members(shape) {
                    if has(mb, "smithy.api#xmlAttribute") {
                        continue;
                    }
                    let Some(x) = v.get(&name) else { continue };
                    self.member(wire_name(&name, mb), mb, x);
                }
            }
            "list" | "set" => {
                let item = &m.shape(shape)["member"];
                for x in v.as_array().into_iter().flatten() {
                    self.element(wire_name("member", item), target(item), item, x, m.namespace(item));
                }
            }
            "map" => {
                for (k, x) in v.as_object().into_iter().flatten() {
                    self.w.start_element("entry");
                    self.entry(shape, k, x);
                    self.w.end_element();
                }
            }
            "string" | "enum" => self.w.string(v.as_str().unwrap_or_default()),
            "boolean" => self.w.boolean(v.as_bool().unwrap_or_default()),
            "byte" | "short" | "integer" | "long" | "intenum" => self.w.i64(v.as_i64().unwrap_or_default()),
            "float" => self.w.f32(float_of(v) as f32),
            "double" => self.w.f64(float_of(v)),
            "blob" => self.w.blob(v.as_str().unwrap_or_default().as_bytes()),
            "timestamp" => self.w.timestamp(&timestamp_of(v), m.timestamp_format(member, shape)),
            other => panic!("the interpreter writes no {other}"),
        }
    }

    fn entry(&mut self, map: &str, k: &str, v: &Value) {
        let m = self.model;
        let (key, value) = (&m.shape(map)["key"], &m.shape(map)["value"]);
        self.element(wire_name("key", key), target(key), key, &json!(k), m.namespace(key));
        self.element(wire_name("value", value), target(value), value, v, m.namespace(value));
    }

    /// A structure member: its element, or for a flattened list or map one per item.
    fn member(&mut self, name: &str, member: &Value, v: &Value) {
        let m = self.model;
        let shape = target(member);
        if has(member, "smithy.api#xmlFlattened") {
            match m.kind(shape).as_str() {
                "list" | "set" => {
                    let item = &m.shape(shape)["member"];
                    for x in v.as_array().into_iter().flatten() {
                        self.element(name, target(item), item, x, m.namespace(member));
                    }
                    return;
                }
                "map" => {
                    for (k, x) in v.as_object().into_iter().flatten() {
                        let mut tag = self.w.start_element(name);
                        if let Some((prefix, uri)) = m.namespace(member) {
                            tag.namespace(prefix, uri);
                        }
                        self.entry(shape, k, x);
                        self.w.end_element();
                    }
                    return;
                }
                _ => {}
            }
        }
        self.element(name, shape, member, v, m.namespace(member));
    }
}

/// An XML document as a comparable tree, parsed by quick-xml itself: name,
/// sorted attributes, then the text of a leaf or the children of a branch
/// (ordered by name, as the protocol tests compare XML bodies).
#[derive(Debug, PartialEq)]
struct Node {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').map(|e| i + e).expect("a closed reference");
        out.push(reference(&rest[i + 1..end]));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> char {
    match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        n => {
            let n = n.strip_prefix('#').expect("a character reference");
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => n.parse(),
            };
            code.ok().and_then(char::from_u32).expect("a valid character reference")
        }
    }
}

fn tree(doc: &str) -> Node {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut stack: Vec<Node> = vec![Node { name: String::new(), attributes: BTreeMap::new(), text: String::new(), children: Vec::new() }];
    let open = |e: &quick_xml::events::BytesStart<'_>| Node {
        name: e.name().into_inner().to_owned(),
        attributes: e.attributes().map(|a| a.expect("an attribute")).map(|a| (a.key.into_inner().to_owned(), unescape(&a.value))).collect(),
        text: String::new(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let node = open(&e);
                stack.last_mut().expect("a parent").children.push(node);
            }
            Event::End(_) => {
                let mut node = stack.pop().expect("an open element");
                if !node.children.is_empty() {
                    node.text.clear();
                }
                // Members may come in any order; items of a list (same name) may not.
                node.children.sort_by(|a, b| a.name.cmp(&b.name));
                stack.last_mut().expect("a parent").children.push(node);
            }
            Event::Text(t) => stack.last_mut().expect("a parent").text.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => stack.last_mut().expect("a parent").text.push(reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().expect("the document").children.pop().expect("a root element")
}

// ---- the cases ----

struct Case<'m> {
    id: &'m str,
    protocol: &'m str,
    /// The operation (or error structure) the case is attached to.
    shape: &'m str,
    case: &'m Value,
}

#[derive(Default)]
struct Tally {
    ran: usize,
    skipped: Vec<String>,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, id: &str, ok: Result<(), String>) {
        self.ran += 1;
        if let Err(e) = ok {
            self.failures.push(format!("{id}: {e}"));
        }
    }
}

fn cases<'m>(shapes: &'m Map<String, Value>, kind: &str) -> Vec<Case<'m>> {
    let mut out = Vec::new();
    for (id, shape) in shapes {
        for case in shape["traits"].get(kind).and_then(Value::as_array).into_iter().flatten() {
            let protocol = case["protocol"].as_str().unwrap_or_default();
            if [REST_XML, AWS_QUERY, EC2_QUERY].contains(&protocol) && case["appliesTo"].as_str() != Some("server") {
                out.push(Case { id: case["id"].as_str().unwrap_or_default(), protocol, shape: id, case });
            }
        }
    }
    out
}

fn short_name(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

fn check_response(m: &Model<'_>, c: &Case<'_>) -> Result<Option<()>, String> {
    let body = c.case["body"].as_str().unwrap_or_default();
    let params = c.case.get("params").cloned().unwrap_or_else(|| json!({}));
    let shape = m.shape(c.shape);
    let status = c.case["code"].as_u64().unwrap_or(200);
    let mut resp = http::Response::builder().status(u16::try_from(status).unwrap_or(200));
    for (k, v) in c.case["headers"].as_object().into_iter().flatten() {
        resp = resp.header(k, v.as_str().unwrap_or_default());
    }
    let resp = resp.body(bytes::Bytes::from(body.to_owned())).map_err(|e| e.to_string())?;

    if has(shape, "smithy.api#error") {
        let unwrapped = m.service_near(c.shape).and_then(|s| s["traits"].get(REST_XML)?["noErrorWrapping"].as_bool()).unwrap_or(false);
        let envelope = match c.protocol {
            EC2_QUERY => ErrorEnvelope::Ec2,
            _ if unwrapped => ErrorEnvelope::Unwrapped,
            _ => ErrorEnvelope::Wrapped,
        };
        let meta = xml::error_metadata(&resp, envelope);
        let code = shape["traits"].get("aws.protocols#awsQueryError").and_then(|t| t["code"].as_str()).unwrap_or(short_name(c.shape));
        if meta.code() != Some(code) {
            return Err(format!("code {:?}, expected {code}", meta.code()));
        }
        let sends_id = body.contains("<RequestId>") || body.contains("<RequestID>");
        if sends_id && meta.request_id().is_none() {
            return Err("no request id".into());
        }
        let mut got = Map::new();
        let members = m.body_members(c.shape);
        xml::error_members(body.as_bytes(), envelope, |name, r| read_member(m, &members, name, r, &mut got)).map_err(|e| e.to_string())?;
        let expected = body_params(m, c.shape, &params);
        return if same(&Value::Object(got.clone()), &expected) { Ok(Some(())) } else { Err(format!("read {got:?}, expected {expected}")) };
    }

    let output = target(&shape["output"]);
    if output.is_empty() {
        return Ok(None);
    }
    let operation = short_name(c.shape);
    let members = m.body_members(output);
    let payload = m.members(output).into_iter().find(|(_, mb)| has(mb, "smithy.api#httpPayload"));
    let (got, expected) = match (c.protocol, payload) {
        (REST_XML, Some((name, mb))) => {
            if !matches!(m.kind(target(mb)).as_str(), "structure" | "union") {
                return Ok(None);
            }
            let mut got = None;
            XmlReader::read_body(body.as_bytes(), |_, r| {
                got = Some(read_structure(m, target(mb), r)?);
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            let got = got.map_or_else(|| json!({}), |v| json!({ name.clone(): v }));
            (got, params.get(&name).map_or_else(|| json!({}), |v| json!({ name: v })))
        }
        // S3's `s3UnwrappedXmlOutput`: the root element is the one body member.
        (REST_XML, None) if has(shape, "aws.customizations#s3UnwrappedXmlOutput") => {
            let (name, mb) = members.first().ok_or("an unwrapped output without members")?;
            let mut got = json!({});
            XmlReader::read_body(body.as_bytes(), |_, r| {
                got = json!({ name.clone(): read_value(m, target(mb), mb, r)? });
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            (got, body_params(m, output, &params))
        }
        (REST_XML, None) => {
            let mut got = json!({});
            XmlReader::read_body(body.as_bytes(), |_, r| {
                got = read_structure(m, output, r)?;
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            (got, body_params(m, output, &params))
        }
        (protocol, _) => {
            let mut got = Map::new();
            let read = |name: &str, r: &mut XmlReader<'_>| read_member(m, &members, name, r, &mut got);
            let result =
                if protocol == AWS_QUERY { xml::query_response(body.as_bytes(), operation, read) } else { xml::ec2_response(body.as_bytes(), operation, read) };
            result.map_err(|e| e.to_string())?;
            (Value::Object(got), body_params(m, output, &params))
        }
    };
    if same(&got, &expected) { Ok(Some(())) } else { Err(format!("read {got}, expected {expected}")) }
}

fn check_request(m: &Model<'_>, service_version: &str, c: &Case<'_>) -> Result<Option<()>, String> {
    let Some(expected) = c.case["body"].as_str() else { return Ok(None) };
    let params = c.case.get("params").cloned().unwrap_or_else(|| json!({}));
    let input = target(&m.shape(c.shape)["input"]);
    if c.protocol == REST_XML {
        if expected.trim().is_empty() || !expected.trim_start().starts_with('<') {
            return Ok(None);
        }
        let mut w = XmlWriter::new();
        let mut xml = Xml { model: m, w: &mut w };
        let payload = m.members(input).into_iter().find(|(_, mb)| has(mb, "smithy.api#httpPayload"));
        match payload {
            Some((name, mb)) => {
                let shape = target(mb);
                let root = trait_str(mb, "smithy.api#xmlName").or_else(|| trait_str(m.shape(shape), "smithy.api#xmlName")).unwrap_or(short_name(shape));
                xml.element(root, shape, mb, &params[name.as_str()], m.namespace(mb).or_else(|| m.namespace(m.shape(shape))));
            }
            None => {
                let root = trait_str(m.shape(input), "smithy.api#xmlName").unwrap_or(short_name(input));
                // The root takes the input's namespace, else the service's.
                let ns = m.shape_trait(input, "smithy.api#xmlNamespace").or_else(|| m.service_of(c.shape)?["traits"].get("smithy.api#xmlNamespace"));
                let ns = ns.and_then(|ns| Some((ns["prefix"].as_str(), ns["uri"].as_str()?)));
                xml.element(root, input, &json!({ "target": input }), &params, ns);
            }
        }
        let written = String::from_utf8(w.finish()).map_err(|e| e.to_string())?;
        let (got, want) = (tree(&written), tree(expected));
        return if got == want { Ok(Some(())) } else { Err(format!("wrote {written}\nexpected {expected}")) };
    }
    let mut w = QueryWriter::new(short_name(c.shape), service_version);
    if !input.is_empty() {
        Query { model: m, w: &mut w, ec2: c.protocol == EC2_QUERY }.structure(input, &QueryKey::root(), &params);
    }
    let written = String::from_utf8(w.finish()).map_err(|e| e.to_string())?;
    if form_pairs(&written) == form_pairs(expected) { Ok(Some(())) } else { Err(format!("wrote {written}\nexpected {expected}")) }
}

#[test]
fn protocol_test_bodies() {
    let Some(file) = oracle::require(oracle::model_file(&workspace_root(), "protocol-tests/smithy-aws-protocol-tests.json")) else { return };
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let json: Value = serde_json::from_str(&text).expect("the protocol tests are JSON");
    let shapes = json["shapes"].as_object().expect("shapes");
    let m = Model { shapes };
    let version_of = |op: &str| m.service_of(op).and_then(|s| s["version"].as_str()).unwrap_or_default().to_owned();

    let mut tally = Tally::default();
    for c in cases(shapes, "smithy.test#httpResponseTests") {
        match check_response(&m, &c) {
            Ok(Some(())) => tally.check(c.id, Ok(())),
            Ok(None) => tally.skipped.push(format!("response {}", c.id)),
            Err(e) => tally.check(c.id, Err(e)),
        }
    }
    let responses = tally.ran;
    for c in cases(shapes, "smithy.test#httpRequestTests") {
        match check_request(&m, &version_of(c.shape), &c) {
            Ok(Some(())) => tally.check(c.id, Ok(())),
            Ok(None) => tally.skipped.push(format!("request {}", c.id)),
            Err(e) => tally.check(c.id, Err(e)),
        }
    }
    println!("ran {responses} response and {} request cases; skipped {}: {:?}", tally.ran - responses, tally.skipped.len(), tally.skipped);
    assert!(tally.failures.is_empty(), "{} of {} cases failed:\n{}", tally.failures.len(), tally.ran, tally.failures.join("\n\n"));
    // The interpreter skips only cases without an XML or form body.
    assert!(responses >= 140 && tally.ran - responses >= 100, "only {} cases ran", tally.ran);
}
