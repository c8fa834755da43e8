//! Properties of the CBOR reader and writer: random and mutated input never
//! panics or hangs, and what the writer produces reads back.

use std::time::{Duration, Instant};

use aws_smithy_types::DateTime;
use client_runtime::protocol::cbor::{self, CborReader, CborWriter};
use client_runtime::protocol::json::DeserializeError;
use proptest::prelude::*;

/// Drives the reader over `input`, choosing what to read at each item from
/// `plan`: a map, an array, some scalar, or a skip. Returns the first error.
fn walk(input: &[u8], plan: &[u8]) -> Result<(), DeserializeError> {
    let mut plan = plan.iter().copied().cycle();
    let mut r = CborReader::new(input);
    item(&mut r, &mut plan, 0)?;
    r.finish()
}

fn item(r: &mut CborReader<'_>, plan: &mut impl Iterator<Item = u8>, depth: usize) -> Result<(), DeserializeError> {
    assert!(depth <= 128, "reader allowed nesting past its limit");
    if r.is_null()? {
        return Ok(());
    }
    match plan.next().unwrap_or(0) % 18 {
        0..=2 => {
            r.begin_map()?;
            while r.next_key()?.is_some() {
                item(r, plan, depth + 1)?;
            }
        }
        3..=4 => {
            r.begin_array()?;
            while r.next_element()? {
                item(r, plan, depth + 1)?;
            }
        }
        5 => drop(r.string()?),
        6 => drop(r.boolean()?),
        7 => drop(r.i8()?),
        8 => drop(r.i32()?),
        9 => drop(r.i64()?),
        10 => drop(r.f32()?),
        11 => drop(r.f64()?),
        12 => drop(r.big_integer()?),
        13 => drop(r.big_decimal()?),
        14 => drop(r.blob()?),
        15 => drop(r.timestamp()?),
        _ => r.skip_value()?,
    }
    Ok(())
}

/// Every way of reading `input` finishes quickly, whatever it holds.
fn read_every_way(input: &[u8], plan: &[u8]) {
    let start = Instant::now();
    let _ = walk(input, plan);
    for op in 0..18u8 {
        let _ = walk(input, &[op]);
        let _ = walk(input, &[0, op]);
        let _ = walk(input, &[3, op]);
    }
    let _ = CborReader::new(input).skip_value();
    let _ = CborReader::body_map(input, |_, r| r.skip_value());
    let _ = cbor::error_metadata(&http::Response::new(bytes::Bytes::copy_from_slice(input)));
    // A hang detector, not a speed target: loose enough for a loaded machine.
    assert!(start.elapsed() < Duration::from_secs(30), "reading {} bytes took {:?}", input.len(), start.elapsed());
}

/// A value the writer writes and the reader must read back exactly.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Long(i64),
    Float(f32),
    Double(f64),
    Bool(bool),
    Blob(Vec<u8>),
    Time(i64, u32),
    Null,
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<String>().prop_map(Value::Text),
        any::<i64>().prop_map(Value::Long),
        any::<f32>().prop_filter("NaN is not equal to itself", |v| !v.is_nan()).prop_map(Value::Float),
        any::<f64>().prop_filter("NaN is not equal to itself", |v| !v.is_nan()).prop_map(Value::Double),
        any::<bool>().prop_map(Value::Bool),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Value::Blob),
        // Millisecond precision, as Smithy timestamps carry, survives a double.
        (-10_000_000_000i64..10_000_000_000, 0u32..1000).prop_map(|(s, ms)| Value::Time(s, ms * 1_000_000)),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(Value::Map),
        ]
    })
}

fn write(w: &mut CborWriter, v: &Value) {
    match v {
        Value::Text(s) => w.string(s),
        Value::Long(n) => w.i64(*n),
        Value::Float(f) => w.f32(*f),
        Value::Double(d) => w.f64(*d),
        Value::Bool(b) => w.boolean(*b),
        Value::Blob(b) => w.blob(b),
        Value::Time(s, n) => w.timestamp(&DateTime::from_secs_and_nanos(*s, *n)),
        Value::Null => w.null(),
        Value::List(items) => {
            w.begin_array();
            items.iter().for_each(|i| write(w, i));
            w.end_array();
        }
        Value::Map(members) => {
            w.begin_map();
            for (k, v) in members {
                w.key(k);
                write(w, v);
            }
            w.end_map();
        }
    }
}

/// Reads back a value of the same shape as `expected`.
fn read(r: &mut CborReader<'_>, expected: &Value) -> Result<Value, DeserializeError> {
    Ok(match expected {
        Value::Text(_) => Value::Text(r.string()?.into_owned()),
        Value::Long(_) => Value::Long(r.i64()?),
        Value::Float(_) => Value::Float(r.f32()?),
        Value::Double(_) => Value::Double(r.f64()?),
        Value::Bool(_) => Value::Bool(r.boolean()?),
        Value::Blob(_) => Value::Blob(r.blob()?.into_inner()),
        Value::Time(..) => {
            let t = r.timestamp()?;
            // Round to the millisecond the value was made of.
            Value::Time(t.secs(), (t.subsec_nanos() + 500_000) / 1_000_000 * 1_000_000)
        }
        Value::Null => {
            assert!(r.is_null()?);
            Value::Null
        }
        Value::List(items) => {
            let mut out = Vec::new();
            r.begin_array()?;
            for item in items {
                assert!(r.next_element()?);
                out.push(read(r, item)?);
            }
            assert!(!r.next_element()?);
            Value::List(out)
        }
        Value::Map(members) => {
            let mut out = Vec::new();
            r.begin_map()?;
            for (_, v) in members {
                let key = r.next_key()?.expect("a member");
                out.push((key.into_owned(), read(r, v)?));
            }
            assert!(r.next_key()?.is_none());
            Value::Map(out)
        }
    })
}

fn written(v: &Value) -> Vec<u8> {
    let mut w = CborWriter::new();
    write(&mut w, v);
    w.finish()
}

proptest! {
    #[test]
    fn random_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..512), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn mutated_cbor_never_panics(
        v in value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        plan in prop::collection::vec(any::<u8>(), 1..32),
    ) {
        let mut bytes = written(&v);
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len() + 1);
            match kind {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        read_every_way(&bytes, &plan);
    }

    #[test]
    fn written_values_read_back(v in value()) {
        let bytes = written(&v);
        let mut r = CborReader::new(&bytes);
        let back = read(&mut r, &v).unwrap();
        r.finish().unwrap();
        prop_assert_eq!(back, v.clone());
        // And a skip covers exactly the value.
        let mut r = CborReader::new(&bytes);
        r.skip_value().unwrap();
        r.finish().unwrap();
    }
}
