use std::collections::HashMap;

use aws_smithy_types::{DateTime, Document, Number};

use super::*;
use crate::protocol::json::JsonReader;

fn write(f: impl FnOnce(&mut JsonWriter)) -> String {
    let mut w = JsonWriter::new();
    f(&mut w);
    w.finish()
}

#[test]
fn commas_are_managed() {
    let out = write(|w| {
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.i64(1);
        w.begin_object();
        w.end_object();
        w.begin_array();
        w.end_array();
        w.null();
        w.end_array();
        w.key("b");
        w.boolean(false);
        w.key("c");
        w.begin_object();
        w.key("d");
        w.u64(u64::MAX);
        w.end_object();
        w.end_object();
    });
    assert_eq!(out, r#"{"a":[1,{},[],null],"b":false,"c":{"d":18446744073709551615}}"#);
}

#[test]
fn strings_are_escaped() {
    let out = write(|w| w.string("q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}é😹\u{7f}"));
    // DEL (0x7f) and non-ASCII need no escape in JSON.
    assert_eq!(out, "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001fé😹\u{7f}\"");
    let out = write(|w| {
        w.begin_object();
        w.key("k\"ey");
        w.string("");
        w.end_object();
    });
    assert_eq!(out, r#"{"k\"ey":""}"#);
}

#[test]
fn floats_are_shortest_and_non_finite_are_strings() {
    assert_eq!(write(|w| w.f64(5.5)), "5.5");
    assert_eq!(write(|w| w.f64(0.1 + 0.2)), "0.30000000000000004");
    assert_eq!(write(|w| w.f32(1.1)), "1.1");
    assert_eq!(write(|w| w.f64(1e300)), "1e300");
    let one: f64 = write(|w| w.f64(1.0)).parse().unwrap();
    assert_eq!(one, 1.0);
    assert_eq!(write(|w| w.f64(f64::NAN)), "\"NaN\"");
    assert_eq!(write(|w| w.f64(f64::INFINITY)), "\"Infinity\"");
    assert_eq!(write(|w| w.f32(f32::NEG_INFINITY)), "\"-Infinity\"");
}

#[test]
fn big_numbers_are_raw_but_valid_json() {
    assert_eq!(write(|w| w.big_number("123456789012345678901234567890")), "123456789012345678901234567890");
    assert_eq!(write(|w| w.big_number("-1.5e-7")), "-1.5e-7");
    assert_eq!(write(|w| w.big_number("+5")), "5");
    assert_eq!(write(|w| w.big_number(".5")), "0.5");
    assert_eq!(write(|w| w.big_number("-.5")), "-0.5");
    assert_eq!(write(|w| w.big_number("5.")), "5");
    assert_eq!(write(|w| w.big_number("007")), "7");
    assert_eq!(write(|w| w.big_number("000")), "0");
    assert_eq!(write(|w| w.big_number("not a number")), "\"not a number\"");
}

#[test]
fn timestamps_and_blobs() {
    let t = DateTime::from_secs_and_nanos(1398796238, 123_000_000);
    assert_eq!(write(|w| w.timestamp(&t, TimestampFormat::EpochSeconds)), "1398796238.123");
    assert_eq!(write(|w| w.timestamp(&DateTime::from_secs(1398796238), TimestampFormat::EpochSeconds)), "1398796238");
    assert_eq!(write(|w| w.timestamp(&DateTime::from_secs(1398796238), TimestampFormat::DateTime)), "\"2014-04-29T18:30:38Z\"");
    assert_eq!(write(|w| w.timestamp(&DateTime::from_secs(1398796238), TimestampFormat::HttpDate)), "\"Tue, 29 Apr 2014 18:30:38 GMT\"");
    let out = write(|w| {
        w.begin_array();
        w.blob(b"abc");
        w.blob(b"");
        w.timestamp(&DateTime::from_secs(0), TimestampFormat::EpochSeconds);
        w.end_array();
    });
    assert_eq!(out, r#"["YWJj","",0]"#);
}

#[test]
fn documents_are_written_in_key_order() {
    let doc = Document::Object(HashMap::from([
        ("z".to_owned(), Document::Null),
        (
            "a".to_owned(),
            Document::Array(vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-1)),
                Document::Number(Number::Float(0.5)),
                Document::Number(Number::Float(f64::NAN)),
                Document::String("s".into()),
                Document::Bool(true),
            ]),
        ),
    ]));
    assert_eq!(write(|w| w.document(&doc)), r#"{"a":[1,-1,0.5,"NaN","s",true],"z":null}"#);
}

#[test]
fn written_json_reads_back() {
    let out = write(|w| {
        w.begin_object();
        w.key("s");
        w.string("\u{0}\"\\é");
        w.key("n");
        w.i64(i64::MIN);
        w.end_object();
    });
    let mut r = JsonReader::new(out.as_bytes());
    r.begin_object().unwrap();
    assert_eq!(r.next_key().unwrap().as_deref(), Some("s"));
    assert_eq!(r.string().unwrap(), "\u{0}\"\\é");
    assert_eq!(r.next_key().unwrap().as_deref(), Some("n"));
    assert_eq!(r.i64().unwrap(), i64::MIN);
    assert!(r.next_key().unwrap().is_none());
    r.finish().unwrap();
}
