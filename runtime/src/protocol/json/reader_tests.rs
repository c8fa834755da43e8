use std::borrow::Cow;

use aws_smithy_types::{Document, Number};

use super::*;

fn reader(s: &str) -> JsonReader<'_> {
    JsonReader::new(s.as_bytes())
}

/// Reads one value with `f` and checks nothing but whitespace follows.
fn one<'a, T>(s: &'a str, f: impl FnOnce(&mut JsonReader<'a>) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
    let mut r = reader(s);
    let v = f(&mut r)?;
    r.finish()?;
    Ok(v)
}

#[test]
fn walks_an_object_member_by_member() {
    let mut r = reader(r#" { "a" : 1 , "b": [true, false, null], "c": {"d": "e"}, "f": {} } "#);
    r.begin_object().unwrap();
    assert_eq!(r.next_key().unwrap().as_deref(), Some("a"));
    assert_eq!(r.i32().unwrap(), 1);
    assert_eq!(r.next_key().unwrap().as_deref(), Some("b"));
    r.begin_array().unwrap();
    assert!(r.next_element().unwrap());
    assert!(r.boolean().unwrap());
    assert!(r.next_element().unwrap());
    assert!(!r.boolean().unwrap());
    assert!(r.next_element().unwrap());
    assert!(r.is_null().unwrap());
    assert!(!r.next_element().unwrap());
    assert_eq!(r.next_key().unwrap().as_deref(), Some("c"));
    r.skip_value().unwrap();
    assert_eq!(r.next_key().unwrap().as_deref(), Some("f"));
    r.begin_object().unwrap();
    assert_eq!(r.next_key().unwrap(), None);
    assert_eq!(r.next_key().unwrap(), None);
    r.finish().unwrap();
}

#[test]
fn empty_containers() {
    let mut r = reader("[]");
    r.begin_array().unwrap();
    assert!(!r.next_element().unwrap());
    r.finish().unwrap();
    let mut r = reader("{}");
    r.begin_object().unwrap();
    assert!(r.next_key().unwrap().is_none());
    r.finish().unwrap();
}

#[test]
fn is_null_consumes_only_null() {
    let mut r = reader("null");
    assert!(r.is_null().unwrap());
    r.finish().unwrap();
    let mut r = reader(" 5");
    assert!(!r.is_null().unwrap());
    assert_eq!(r.i64().unwrap(), 5);
    assert!(reader("nul").is_null().is_err());
    assert!(reader("nulx").is_null().is_err());
}

#[test]
fn strings_borrow_unless_escaped() {
    let s = one(r#""plain é""#, |r| r.string()).unwrap();
    assert!(matches!(s, Cow::Borrowed("plain é")));
    let s = one(r#""a\"b\\c\/d\b\f\n\r\t""#, |r| r.string()).unwrap();
    assert!(matches!(s, Cow::Owned(_)));
    assert_eq!(s, "a\"b\\c/d\u{8}\u{c}\n\r\t");
    assert_eq!(one(r#""\u00e9\u4e2D""#, |r| r.string()).unwrap(), "é中");
    assert_eq!(one(r#""x\ud83d\ude39y""#, |r| r.string()).unwrap(), "x😹y");
    assert_eq!(one(r#""""#, |r| r.string()).unwrap(), "");
}

#[test]
fn bad_strings_are_errors() {
    for bad in [
        r#""abc"#,           // unterminated
        r#""a\"#,            // unterminated after backslash
        r#""\x""#,           // unknown escape
        r#""\u12""#,         // short unicode escape
        r#""\u12g4""#,       // not hex
        r#""\ud83d""#,       // lone high surrogate
        r#""\ud83dx""#,      // high surrogate then text
        r#""\ud83d\u0041""#, // high surrogate then non-surrogate
        r#""\ude39""#,       // lone low surrogate
        "\"a\nb\"",          // raw control character
        "\"\t\"",
    ] {
        assert!(one(bad, |r| r.string()).is_err(), "{bad:?}");
        assert!(one(bad, |r| r.skip_value()).is_err(), "skip {bad:?}");
    }
    for bytes in [&b"\"\xff\""[..], b"\"\xc3\"", b"\"ok\\n\xe2\x82\""] {
        let mut r = JsonReader::new(bytes);
        let err = r.string().unwrap_err();
        assert!(err.message().contains("UTF-8"), "{err}");
        assert!(JsonReader::new(bytes).skip_value().is_err());
    }
}

#[test]
fn integers_are_range_checked() {
    assert_eq!(one("127", |r| r.i8()).unwrap(), 127);
    assert!(one("128", |r| r.i8()).is_err());
    assert_eq!(one("-128", |r| r.i8()).unwrap(), -128);
    assert_eq!(one("-32768", |r| r.i16()).unwrap(), i16::MIN);
    assert!(one("32768", |r| r.i16()).is_err());
    assert_eq!(one("2147483647", |r| r.i32()).unwrap(), i32::MAX);
    assert!(one("2147483648", |r| r.i32()).is_err());
    assert_eq!(one("-9223372036854775808", |r| r.i64()).unwrap(), i64::MIN);
    assert!(one("9223372036854775808", |r| r.i64()).is_err());
    assert!(one("123456789012345678901234567890", |r| r.i64()).is_err());
}

#[test]
fn integers_accept_integral_fractions_only() {
    assert_eq!(one("1.0", |r| r.i32()).unwrap(), 1);
    assert_eq!(one("1e3", |r| r.i32()).unwrap(), 1000);
    assert_eq!(one("-25E-1", |r| r.i32()).err().map(|e| e.offset()), Some(Some(0)));
    let err = one("1.5", |r| r.i32()).unwrap_err();
    assert!(err.message().contains("1.5"), "{err}");
    assert!(one("\"1\"", |r| r.i32()).is_err());
    assert!(one("true", |r| r.i64()).is_err());
}

#[test]
fn malformed_numbers_are_errors() {
    for bad in ["-", "01", "1.", ".5", "1e", "1e+", "+1", "--1", "0x10", "1.2.3", "Infinity", "NaN"] {
        assert!(one(bad, |r| r.f64()).is_err(), "{bad}");
        assert!(one(bad, |r| r.skip_value()).is_err(), "skip {bad}");
    }
}

#[test]
fn floats_and_their_non_finite_names() {
    assert_eq!(one("5.5", |r| r.f64()).unwrap(), 5.5);
    assert_eq!(one("-1e-3", |r| r.f64()).unwrap(), -0.001);
    assert_eq!(one("1.1", |r| r.f32()).unwrap(), 1.1f32);
    assert_eq!(one("3", |r| r.f32()).unwrap(), 3.0);
    assert!(one("\"NaN\"", |r| r.f64()).unwrap().is_nan());
    assert_eq!(one("\"Infinity\"", |r| r.f64()).unwrap(), f64::INFINITY);
    assert_eq!(one("\"-Infinity\"", |r| r.f32()).unwrap(), f32::NEG_INFINITY);
    assert!(one("\"nan\"", |r| r.f64()).is_err());
    assert!(one("\"1.5\"", |r| r.f64()).is_err());
    assert!(one("null", |r| r.f64()).is_err());
}

#[test]
fn big_numbers_keep_their_lexeme() {
    let big = "123456789012345678901234567890";
    assert_eq!(one(big, |r| r.big_integer()).unwrap().as_ref(), big);
    assert_eq!(one(&format!("\"{big}\""), |r| r.big_integer()).unwrap().as_ref(), big);
    assert!(one("1.5", |r| r.big_integer()).is_err());
    let dec = "-1234567890.12345678901234567890e-5";
    assert_eq!(one(dec, |r| r.big_decimal()).unwrap().as_ref(), dec);
    assert!(one("true", |r| r.big_decimal()).is_err());
}

#[test]
fn timestamps_in_every_format() {
    use TimestampFormat::*;
    let t = one("1398796238", |r| r.timestamp(EpochSeconds)).unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1398796238, 0));
    let t = one("1398796238.123", |r| r.timestamp(EpochSeconds)).unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1398796238, 123_000_000));
    // A number is epoch seconds whatever the member's format says.
    assert_eq!(one("1398796238", |r| r.timestamp(DateTime)).unwrap().secs(), 1398796238);
    let t = one("\"2014-04-29T18:30:38Z\"", |r| r.timestamp(DateTime)).unwrap();
    assert_eq!(t.secs(), 1398796238);
    let t = one("\"2014-04-29T19:30:38+01:00\"", |r| r.timestamp(DateTime)).unwrap();
    assert_eq!(t.secs(), 1398796238);
    let t = one("\"Tue, 29 Apr 2014 18:30:38 GMT\"", |r| r.timestamp(HttpDate)).unwrap();
    assert_eq!(t.secs(), 1398796238);
    assert!(one("\"Tue, 29 Apr 2014 18:30:38 GMT\"", |r| r.timestamp(DateTime)).is_err());
    assert!(one("\"yesterday\"", |r| r.timestamp(HttpDate)).is_err());
    assert!(one("1e40", |r| r.timestamp(EpochSeconds)).is_err());
    assert!(one("true", |r| r.timestamp(EpochSeconds)).is_err());
}

#[test]
fn blobs_are_base64() {
    assert_eq!(one("\"YWJj\"", |r| r.blob()).unwrap().as_ref(), b"abc");
    assert_eq!(one("\"\"", |r| r.blob()).unwrap().as_ref(), b"");
    assert!(one("\"!!!\"", |r| r.blob()).is_err());
    assert!(one("[]", |r| r.blob()).is_err());
}

#[test]
fn documents_of_every_kind() {
    let doc = one(r#"{"a": [1, -2, 1.5, 18446744073709551615, 1e400, "s", true, null, {}]}"#, |r| r.document()).unwrap();
    let Document::Object(map) = doc else { panic!("not an object") };
    let Document::Array(items) = &map["a"] else { panic!("not an array") };
    assert_eq!(items[0], Document::Number(Number::PosInt(1)));
    assert_eq!(items[1], Document::Number(Number::NegInt(-2)));
    assert_eq!(items[2], Document::Number(Number::Float(1.5)));
    assert_eq!(items[3], Document::Number(Number::PosInt(u64::MAX)));
    assert_eq!(items[4], Document::Number(Number::Float(f64::INFINITY)));
    assert_eq!(items[5], Document::String("s".into()));
    assert_eq!(items[6], Document::Bool(true));
    assert_eq!(items[7], Document::Null);
    assert_eq!(items[8], Document::Object(Default::default()));
    assert_eq!(one("-0", |r| r.document()).unwrap(), Document::Number(Number::PosInt(0)));
}

#[test]
fn nesting_is_limited_to_128() {
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    one(&ok, |r| r.skip_value()).unwrap();
    one(&ok, |r| r.document()).unwrap();
    let too_deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let err = one(&too_deep, |r| r.skip_value()).unwrap_err();
    assert!(err.message().contains("128"), "{err}");
    assert_eq!(err.offset(), Some(128));
    assert!(one(&too_deep, |r| r.document()).is_err());
    let objects = format!("{}1{}", r#"{"a":"#.repeat(200), "}".repeat(200));
    assert!(one(&objects, |r| r.skip_value()).is_err());
    let huge = "[".repeat(1_000_000);
    assert!(one(&huge, |r| r.document()).is_err());
}

#[test]
fn structural_errors() {
    for bad in [
        "",
        "   ",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{a:1}",
        "{\"a\":1",
        "[1",
        "[1}",
        "{\"a\":1]",
        "tru",
        "falsy",
        "nul",
        "}",
        "]",
        ":",
        "1 2",
        "{} x",
        "[]]",
    ] {
        assert!(one(bad, |r| r.skip_value()).is_err(), "skip {bad:?}");
        assert!(one(bad, |r| r.document()).is_err(), "document {bad:?}");
    }
}

#[test]
fn wrong_types_are_errors_with_offsets() {
    let mut r = reader(r#"{"a": "x"}"#);
    r.begin_object().unwrap();
    r.next_key().unwrap();
    let err = r.i32().unwrap_err();
    assert_eq!(err.offset(), Some(6));
    assert!(err.to_string().contains("expected an integer, found `\"`"), "{err}");
    assert!(reader("[1]").begin_object().is_err());
    assert!(reader("{}").begin_array().is_err());
    assert!(reader("1").string().is_err());
    assert!(reader("\"true\"").boolean().is_err());
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut r = reader("1");
    assert!(r.next_key().is_err());
    assert!(r.next_element().is_err());
    let mut r = reader("[1]");
    r.begin_array().unwrap();
    assert!(r.next_key().is_err());
    let mut r = reader("{\"a\":1}");
    r.begin_object().unwrap();
    assert!(r.next_element().is_err());
    assert!(r.finish().is_err(), "object still open");
    let mut r = reader("{\"a\":1, \"b\":2}");
    r.begin_object().unwrap();
    r.next_key().unwrap();
    // Forgetting to read the value is caught at the next key.
    assert!(r.next_key().is_err());
}

#[test]
fn finish_rejects_trailing_data() {
    let mut r = reader("1 ");
    r.i32().unwrap();
    r.finish().unwrap();
    let mut r = reader("1 x");
    r.i32().unwrap();
    let err = r.finish().unwrap_err();
    assert_eq!(err.offset(), Some(2));
}

#[test]
fn offset_tracks_position() {
    let mut r = reader("  [1]");
    assert_eq!(r.offset(), 0);
    r.begin_array().unwrap();
    assert_eq!(r.offset(), 3);
}

#[test]
fn body_object_reads_members_and_treats_an_empty_body_as_none() {
    let mut seen = Vec::new();
    JsonReader::body_object(br#" {"a": 1, "b\u0021": [2, 3]} "#, |key, r| {
        seen.push(key.to_string());
        r.skip_value()
    })
    .unwrap();
    assert_eq!(seen, ["a", "b!"]);
    for empty in [&b""[..], b"  \n"] {
        JsonReader::body_object(empty, |_, _| panic!("no members in an empty body")).unwrap();
    }
}

#[test]
fn body_object_rejects_what_is_not_one_object() {
    let skip = |_: &str, r: &mut JsonReader<'_>| r.skip_value();
    assert!(JsonReader::body_object(b"[]", skip).is_err());
    assert!(JsonReader::body_object(br#"{"a":1} {}"#, skip).is_err());
    assert!(JsonReader::body_object(br#"{"a":1"#, skip).is_err());
    // A member the callback leaves unread is an error, not a silent skip.
    assert!(JsonReader::body_object(br#"{"a":1,"b":2}"#, |_, _| Ok(())).is_err());
}
