//! Properties of the restJson1 JSON reader and writer: hostile input never
//! panics or hangs, and what the writer produces the reader reads back.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_smithy_types::{Document, Number};
use client_runtime::protocol::TimestampFormat;
use client_runtime::protocol::json::{DeserializeError, JsonReader, JsonWriter};
use proptest::prelude::*;

/// Drives the reader over whatever `input` holds, choosing the getter for each
/// value from `plan`: sometimes the one that fits, sometimes any other.
/// Returns at the first error, which is the reader's to report, not to panic on.
fn walk(input: &[u8], plan: &[u8]) -> Result<(), DeserializeError> {
    let mut r = JsonReader::new(input);
    let mut plan = plan.iter().copied().cycle();
    value(&mut r, &mut plan, 0)?;
    r.finish()
}

fn value(r: &mut JsonReader<'_>, plan: &mut impl Iterator<Item = u8>, depth: usize) -> Result<(), DeserializeError> {
    // The reader refuses to nest past 128; this bound only guards the walker
    // itself should that ever break.
    assert!(depth <= 130, "reader allowed nesting past its limit");
    match plan.next().unwrap_or(0) % 24 {
        0..=4 => {
            r.begin_object()?;
            while r.next_key()?.is_some() {
                value(r, plan, depth + 1)?;
            }
        }
        5..=9 => {
            r.begin_array()?;
            while r.next_element()? {
                value(r, plan, depth + 1)?;
            }
        }
        10 => r.skip_value()?,
        11 => { r.document()?; }
        12 => { r.string()?; }
        13 => { r.boolean()?; }
        14 => { r.i8()?; }
        15 => { r.i16()?; }
        16 => { r.i32()?; }
        17 => { r.i64()?; }
        18 => { r.f32()?; }
        19 => { r.f64()?; }
        20 => { r.big_integer()?; }
        21 => { r.big_decimal()?; }
        22 => {
            let format = [TimestampFormat::EpochSeconds, TimestampFormat::DateTime, TimestampFormat::HttpDate]
                [usize::from(plan.next().unwrap_or(0) % 3)];
            r.timestamp(format)?;
        }
        _ => {
            if !r.is_null()? {
                r.blob()?;
            }
        }
    }
    Ok(())
}

/// Every way of reading `input` finishes quickly, whatever it holds.
fn read_every_way(input: &[u8], plan: &[u8]) {
    let start = Instant::now();
    let _ = walk(input, plan);
    let _ = JsonReader::new(input).skip_value();
    let _ = JsonReader::new(input).document();
    for getter in 0..24u8 {
        let _ = walk(input, &[getter]);
    }
    // A hang detector, not a speed target: loose enough for a loaded machine.
    assert!(start.elapsed() < Duration::from_secs(30), "reading {} bytes took {:?}", input.len(), start.elapsed());
}

fn document() -> impl Strategy<Value = Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::Bool),
        any::<u64>().prop_map(|v| Document::Number(Number::PosInt(v))),
        (i64::MIN..0).prop_map(|v| Document::Number(Number::NegInt(v))),
        // Non-finite floats are written as strings, so they cannot come back as numbers.
        any::<f64>().prop_filter("finite", |v| v.is_finite()).prop_map(|v| Document::Number(Number::Float(v))),
        any::<String>().prop_map(Document::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Document::Array),
            prop::collection::hash_map(any::<String>(), inner, 0..8).prop_map(Document::Object),
        ]
    })
}

/// Valid JSON text with some bytes deleted, replaced or inserted.
fn mutated_json() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6);
    (document(), edits).prop_map(|(doc, edits)| {
        let mut w = JsonWriter::new();
        w.document(&doc);
        let mut bytes = w.finish().into_bytes();
        for (at, kind, byte) in edits {
            // Interesting bytes more often than not: JSON punctuation and escapes.
            let byte = if byte % 2 == 0 { b"{}[],:\"\\-.0eu"[usize::from(byte / 2) % 13] } else { byte };
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

fn same_float(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

proptest! {
    #[test]
    fn random_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..512), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn mutated_json_never_panics(input in mutated_json(), plan in prop::collection::vec(any::<u8>(), 1..32)) {
        read_every_way(&input, &plan);
    }

    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let mut w = JsonWriter::new();
        w.string(&s);
        let out = w.finish();
        let mut r = JsonReader::new(out.as_bytes());
        prop_assert_eq!(r.string().unwrap(), s.as_str());
        r.finish().unwrap();
    }

    #[test]
    fn integers_round_trip(v in any::<i64>()) {
        let mut w = JsonWriter::new();
        w.i64(v);
        let out = w.finish();
        prop_assert_eq!(JsonReader::new(out.as_bytes()).i64().unwrap(), v);
        if let Ok(small) = i32::try_from(v) {
            prop_assert_eq!(JsonReader::new(out.as_bytes()).i32().unwrap(), small);
        } else {
            prop_assert!(JsonReader::new(out.as_bytes()).i32().is_err());
        }
    }

    #[test]
    fn doubles_round_trip(v in any::<f64>()) {
        let mut w = JsonWriter::new();
        w.f64(v);
        let out = w.finish();
        let back = JsonReader::new(out.as_bytes()).f64().unwrap();
        prop_assert!(same_float(back, v), "{} -> {} -> {}", v, out, back);
    }

    #[test]
    fn floats_round_trip(v in any::<f32>()) {
        let mut w = JsonWriter::new();
        w.f32(v);
        let out = w.finish();
        let back = JsonReader::new(out.as_bytes()).f32().unwrap();
        prop_assert!(same_float(f64::from(back), f64::from(v)), "{} -> {} -> {}", v, out, back);
    }

    #[test]
    fn documents_round_trip(doc in document()) {
        let mut w = JsonWriter::new();
        w.document(&doc);
        let out = w.finish();
        let mut r = JsonReader::new(out.as_bytes());
        let back = r.document().unwrap();
        r.finish().unwrap();
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn objects_round_trip(members in prop::collection::hash_map(any::<String>(), any::<i32>(), 0..16)) {
        let mut w = JsonWriter::new();
        w.begin_object();
        for (k, v) in &members {
            w.key(k);
            w.i64(i64::from(*v));
        }
        w.end_object();
        let out = w.finish();
        let mut r = JsonReader::new(out.as_bytes());
        r.begin_object().unwrap();
        let mut back = HashMap::new();
        while let Some(k) = r.next_key().unwrap() {
            back.insert(k.into_owned(), r.i32().unwrap());
        }
        r.finish().unwrap();
        prop_assert_eq!(back, members);
    }
}

#[test]
fn deep_nesting_fails_fast() {
    for open in [&b"["[..], b"{\"a\":", b"[{\"a\":"] {
        let input: Vec<u8> = open.iter().copied().cycle().take(open.len() * 100_000).collect();
        let start = Instant::now();
        assert!(JsonReader::new(&input).skip_value().is_err());
        assert!(JsonReader::new(&input).document().is_err());
        assert!(walk(&input, &[0, 5]).is_err());
        // The depth limit stops it at once; without one this recursion
        // overflows the stack or takes minutes. Not a speed target.
        assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
    }
}

#[test]
fn long_strings_and_numbers_are_linear() {
    let long_string = format!("\"{}\"", "a\\n".repeat(1_000_000));
    let long_number = "1".repeat(1_000_000);
    let long_fraction = format!("0.{}e-99999999999999999999", "9".repeat(1_000_000));
    let start = Instant::now();
    assert_eq!(JsonReader::new(long_string.as_bytes()).string().unwrap().len(), 2_000_000);
    assert!(JsonReader::new(long_number.as_bytes()).i64().is_err());
    assert!(JsonReader::new(long_number.as_bytes()).f64().unwrap().is_infinite());
    assert!(JsonReader::new(long_fraction.as_bytes()).i64().is_err());
    let _ = JsonReader::new(long_fraction.as_bytes()).timestamp(TimestampFormat::EpochSeconds);
    // Not a speed target (benchmarks do that): a quadratic scan of these
    // million-byte inputs takes many minutes, a linear one well under a
    // second, so a bound this loose fails only on super-linear work, never
    // on a loaded shared machine (2 s did: 2.16 s with builds running).
    assert!(start.elapsed() < Duration::from_secs(60), "took {:?}: super-linear parsing", start.elapsed());
}
