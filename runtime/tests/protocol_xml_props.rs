//! Properties of the XML reader and writer and the query writer: hostile
//! input never panics or hangs, and what the writers produce reads back.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_smithy_types::DateTime;
use client_runtime::protocol::TimestampFormat;
use client_runtime::protocol::json::DeserializeError;
use client_runtime::protocol::query::{QueryKey, QueryWriter};
use client_runtime::protocol::xml::{self, ErrorEnvelope, XmlReader, XmlWriter};
use proptest::prelude::*;

const FORMATS: [TimestampFormat; 3] = [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds];

/// Drives the reader over `input`, choosing what to do with each element
/// from `plan`: read its children, read it as some scalar, look up an
/// attribute, skip it, or leave it. Returns the reader's first error.
fn walk(input: &[u8], plan: &[u8]) -> Result<(), DeserializeError> {
    let mut plan = plan.iter().copied().cycle();
    XmlReader::new(input).root(|_, r| element(r, &mut plan, 1))
}

fn element(r: &mut XmlReader<'_>, plan: &mut impl Iterator<Item = u8>, depth: usize) -> Result<(), DeserializeError> {
    assert!(depth <= 128, "reader allowed nesting past its limit");
    match plan.next().unwrap_or(0) % 20 {
        0..=6 => r.children(|_, r| element(r, plan, depth + 1))?,
        7 => drop(r.string()?),
        8 => drop(r.boolean()?),
        9 => drop(r.i8()?),
        10 => drop(r.i32()?),
        11 => drop(r.i64()?),
        12 => drop(r.f64()?),
        13 => drop(r.f32()?),
        14 => drop(r.big_integer()?),
        15 => drop(r.big_decimal()?),
        16 => drop(r.blob()?),
        17 => drop(r.timestamp(FORMATS[usize::from(plan.next().unwrap_or(0) % 3)])?),
        18 => {
            drop(r.attribute("a")?);
            drop(r.attribute("p:b")?);
            r.skip()?;
        }
        // Leave it: `children` skips what its closure did not read.
        _ => {}
    }
    Ok(())
}

/// Every way of reading `input` finishes quickly, whatever it holds.
fn read_every_way(input: &[u8], plan: &[u8]) {
    let start = Instant::now();
    let _ = walk(input, plan);
    for op in 0..20u8 {
        let _ = walk(input, &[op]);
        let _ = walk(input, &[0, op]);
    }
    let _ = XmlReader::read_body(input, |_, r| r.skip());
    let _ = xml::query_response(input, "Op", |_, r| r.string().map(drop));
    let _ = xml::ec2_response(input, "Op", |_, r| r.skip());
    for envelope in [ErrorEnvelope::Wrapped, ErrorEnvelope::Unwrapped, ErrorEnvelope::Ec2] {
        let _ = xml::error_members(input, envelope, |_, r| r.string().map(drop));
        let resp = http::Response::new(bytes::Bytes::copy_from_slice(input));
        let _ = xml::error_metadata(&resp, envelope);
    }
    // A hang detector, not a speed target: loose enough for a loaded machine.
    assert!(start.elapsed() < Duration::from_secs(30), "reading {} bytes took {:?}", input.len(), start.elapsed());
}

/// A tree the writer writes and the reader must read back exactly.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    content: Content,
}

#[derive(Debug, Clone, PartialEq)]
enum Content {
    Text(String),
    Long(i64),
    Double(f64),
    Bool(bool),
    Blob(Vec<u8>),
    /// Seconds and nanoseconds, written in the format.
    Time(i64, u32, usize),
    Children(Vec<Element>),
}

/// Any string XML can carry: everything but U+0000.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![any::<char>(), prop::sample::select(vec!['<', '&', '>', '"', '\'', '\r', '\n', '\t', ' ', '\u{85}', '\u{2028}', ']'])],
            0..24
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
    .prop_map(|s: String| s.replace('\0', ""))
}

fn name() -> impl Strategy<Value = String> {
    "(p:)?[A-Za-z_][A-Za-z0-9_.-]{0,8}"
}

fn content() -> impl Strategy<Value = Content> {
    let leaf = prop_oneof![
        text().prop_map(Content::Text),
        any::<i64>().prop_map(Content::Long),
        any::<f64>().prop_map(Content::Double),
        any::<bool>().prop_map(Content::Bool),
        prop::collection::vec(any::<u8>(), 0..32).prop_map(Content::Blob),
        // Years 1 to 9999, which every format can write.
        (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000_000, 0usize..3).prop_map(|(secs, nanos, format)| if format == 1 {
            Content::Time(secs, 0, format)
        } else {
            Content::Time(secs, nanos / 1_000_000 * 1_000_000, format)
        }),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop::collection::vec((name(), attributes(), inner), 0..6)
            .prop_map(|children| Content::Children(children.into_iter().map(|(name, attributes, content)| Element { name, attributes, content }).collect()))
    })
}

fn attributes() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map("[a-e]", text(), 0..3)
}

fn tree() -> impl Strategy<Value = Element> {
    (name(), attributes(), content()).prop_map(|(name, attributes, content)| Element { name, attributes, content })
}

fn write(w: &mut XmlWriter, e: &Element) {
    let mut tag = w.start_element(&e.name);
    if e.name.starts_with("p:") {
        tag.namespace(Some("p"), "urn:p");
    }
    for (k, v) in &e.attributes {
        tag.attribute(k, v);
    }
    match &e.content {
        Content::Text(s) => w.string(s),
        Content::Long(v) => w.i64(*v),
        Content::Double(v) => w.f64(*v),
        Content::Bool(v) => w.boolean(*v),
        Content::Blob(b) => w.blob(b),
        Content::Time(secs, nanos, format) => w.timestamp(&DateTime::from_secs_and_nanos(*secs, *nanos), FORMATS[*format]),
        Content::Children(children) => children.iter().for_each(|c| write(w, c)),
    }
    w.end_element();
}

fn local(name: &str) -> &str {
    name.strip_prefix("p:").unwrap_or(name)
}

/// Reads the element the reader is at as `expected` says it should be.
fn read(r: &mut XmlReader<'_>, expected: &Element) -> Result<Element, DeserializeError> {
    let mut attributes = BTreeMap::new();
    for k in expected.attributes.keys() {
        if let Some(v) = r.attribute(k)? {
            attributes.insert(k.clone(), v.into_owned());
        }
    }
    let content = match &expected.content {
        Content::Text(_) => Content::Text(r.string()?.into_owned()),
        Content::Long(_) => Content::Long(r.i64()?),
        Content::Double(_) => Content::Double(r.f64()?),
        Content::Bool(_) => Content::Bool(r.boolean()?),
        Content::Blob(_) => Content::Blob(r.blob()?.into_inner()),
        Content::Time(_, _, format) => {
            let t = r.timestamp(FORMATS[*format])?;
            Content::Time(t.secs(), t.subsec_nanos(), *format)
        }
        Content::Children(children) => {
            let mut back = Vec::new();
            let mut expected_children = children.iter();
            r.children(|name, r| {
                let Some(child) = expected_children.next() else { return Err(DeserializeError::custom("an extra child")) };
                let mut read_child = read(r, child)?;
                assert_eq!(name, local(&child.name));
                read_child.name = child.name.clone();
                back.push(read_child);
                Ok(())
            })?;
            Content::Children(back)
        }
    };
    Ok(Element { name: expected.name.clone(), attributes, content })
}

/// NaN is not equal to itself; the rest compares as usual.
fn same(a: &Element, b: &Element) -> bool {
    let content = match (&a.content, &b.content) {
        (Content::Double(x), Content::Double(y)) => (x.is_nan() && y.is_nan()) || x == y,
        (Content::Children(xs), Content::Children(ys)) => xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y)),
        (x, y) => x == y,
    };
    content && a.name == b.name && a.attributes == b.attributes
}

/// A written tree with some bytes deleted, replaced or inserted.
fn mutated_xml() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6);
    (tree(), edits).prop_map(|(tree, edits)| {
        let mut w = XmlWriter::new();
        write(&mut w, &tree);
        let mut bytes = w.finish();
        for (at, kind, byte) in edits {
            // Interesting bytes more often than not: markup and references.
            const MARKUP: &[u8] = b"<>/&;#x!?=\"'[]-D0";
            let byte = if byte % 2 == 0 { MARKUP[usize::from(byte / 2) % MARKUP.len()] } else { byte };
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => drop(bytes.remove(i)),
                1 => bytes[i] = byte,
                _ => bytes.insert(i, byte),
            }
        }
        bytes
    })
}

/// Markup-shaped noise: tags, references, DOCTYPEs and CDATA in any order.
fn xmlish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop::sample::select(vec![
        "<a>",
        "</a>",
        "<b x='1'>",
        "</b>",
        "<c/>",
        "<p:d xmlns:p='u'>",
        "</p:d>",
        "&amp;",
        "&lol;",
        "&#x41;",
        "&#0;",
        "&",
        "<!DOCTYPE a [<!ENTITY lol 'x'>]>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<?pi?>",
        "<?xml version='1.0'?>",
        "text",
        " ",
        "\r\n",
        "\u{feff}",
        "\u{ff}",
        "1",
        "NaN",
        "true",
        "=",
        "\"",
        "'",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat().into_bytes())
}

proptest! {
    #[test]
    fn random_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..512), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn xml_shaped_noise_never_panics(input in xmlish(), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn mutated_xml_never_panics(input in mutated_xml(), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn trees_round_trip(tree in tree()) {
        let mut w = XmlWriter::new();
        write(&mut w, &tree);
        let body = w.finish();
        let back = XmlReader::new(&body).root(|name, r| {
            assert_eq!(name, local(&tree.name));
            read(r, &tree)
        });
        let back = back.map_err(|e| TestCaseError::fail(format!("{e} in {}", String::from_utf8_lossy(&body))))?;
        prop_assert!(same(&back, &tree), "{:?}\n!=\n{:?}", back, tree);
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed(depth in 129usize..4096, empty in any::<bool>()) {
        let inner = if empty { "<e/>" } else { "" };
        let doc = format!("{}{inner}{}", "<e>".repeat(depth), "</e>".repeat(depth));
        prop_assert!(walk(doc.as_bytes(), &[0]).is_err());
        prop_assert!(walk(doc.as_bytes(), &[18]).is_err());
    }

    #[test]
    fn query_values_decode_back(key in text().prop_filter("a key", |k| !k.is_empty()), value in text()) {
        let mut w = QueryWriter::new("Op", "v");
        w.string(&QueryKey::new(&key).nth(0), &value);
        let body = String::from_utf8(w.finish()).unwrap();
        let pairs: Vec<&str> = body.split('&').collect();
        prop_assert_eq!(pairs.len(), 3);
        let (k, v) = pairs[2].split_once('=').unwrap();
        for part in [k, v] {
            prop_assert!(part.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", part);
        }
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned();
        prop_assert_eq!(decode(k), format!("{key}.1"));
        prop_assert_eq!(decode(v), value);
    }
}
