use aws_smithy_types::DateTime;

use super::*;

#[test]
fn labels_encode_all_but_unreserved() {
    // The restJson1 label-escaping case: reserved characters and emoji are encoded.
    let raw = " %:/?#[]@!$&'()*+,;=😹";
    assert_eq!(label(Some(raw), "string", false).unwrap(), "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9");
    assert_eq!(label(Some("Az09-._~"), "m", false).unwrap(), "Az09-._~");
    assert_eq!(label(Some("hello/escape"), "m", false).unwrap(), "hello%2Fescape");
}

#[test]
fn greedy_labels_keep_slashes() {
    assert_eq!(label(Some("there/guy"), "baz", true).unwrap(), "there/guy");
    assert_eq!(label(Some("a b/c%d"), "baz", true).unwrap(), "a%20b/c%25d");
}

#[test]
fn missing_or_empty_labels_name_the_member() {
    let err = label(None, "bucket", false).unwrap_err();
    assert_eq!(err.field(), Some("bucket"));
    let err = label(Some(""), "key", true).unwrap_err();
    assert_eq!(err.field(), Some("key"));
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn query_values_use_percent_twenty() {
    assert_eq!(query_value("Hello there"), "Hello%20there");
    assert_eq!(query_value("a+b=c&d"), "a%2Bb%3Dc%26d");
    assert_eq!(query_value(""), "");
    assert_eq!(query_value("1970-01-01T00:00:01Z"), "1970-01-01T00%3A00%3A01Z");
}

#[test]
fn timestamps_in_each_format() {
    let t = DateTime::from_secs(1576540098);
    assert_eq!(fmt_timestamp(&t, TimestampFormat::EpochSeconds), "1576540098");
    assert_eq!(fmt_timestamp(&t, TimestampFormat::DateTime), "2019-12-16T23:48:18Z");
    assert_eq!(fmt_timestamp(&t, TimestampFormat::HttpDate), "Mon, 16 Dec 2019 23:48:18 GMT");
    let frac = DateTime::from_secs_and_nanos(1576540098, 520_000_000);
    assert_eq!(fmt_timestamp(&frac, TimestampFormat::EpochSeconds), "1576540098.52");
    assert_eq!(fmt_timestamp(&frac, TimestampFormat::DateTime), "2019-12-16T23:48:18.52Z");
    // Out of range for date-time: falls back to epoch seconds instead of failing.
    let far = DateTime::from_secs(1 << 40);
    assert_eq!(fmt_timestamp(&far, TimestampFormat::DateTime), (1i64 << 40).to_string());
}

#[test]
fn floats_as_text() {
    assert_eq!(fmt_f64(1.1), "1.1");
    assert_eq!(fmt_f32(1.1), "1.1");
    assert_eq!(fmt_f64(f64::NAN), "NaN");
    assert_eq!(fmt_f32(f32::INFINITY), "Infinity");
    assert_eq!(fmt_f64(f64::NEG_INFINITY), "-Infinity");
}

#[test]
fn header_lists_quote_only_when_needed() {
    assert_eq!(header_list(["a", "b", "c"]), "a, b, c");
    assert_eq!(header_list(&["b,c".to_owned(), "\"def\"".to_owned(), "a".to_owned()]), r#""b,c", "\"def\"", a"#);
    assert_eq!(header_list([" padded"]), r#"" padded""#);
    assert_eq!(header_list(Vec::<String>::new()), "");
}

#[test]
fn header_lists_split_back() {
    assert_eq!(split_header_list("a, b, c"), ["a", "b", "c"]);
    assert_eq!(split_header_list(r#""b,c", "\"def\"", a"#), ["b,c", "\"def\"", "a"]);
    assert_eq!(split_header_list("1,2 ,  3"), ["1", "2", "3"]);
    assert_eq!(split_header_list(""), Vec::<String>::new());
    assert_eq!(split_header_list("a,,b"), ["a", "", "b"]);
    assert_eq!(split_header_list(r#""unterminated"#), ["unterminated"]);
    assert_eq!(split_header_list(r#""x" junk, y"#), ["x", "y"]);
    for items in [vec!["a"], vec!["b,c", "\"d\"", " e ", "f\\g", ""], vec!["", ""]] {
        assert_eq!(split_header_list(&header_list(&items)), items, "{items:?}");
    }
}

#[test]
fn http_date_lists() {
    let v = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
    let items = split_http_date_list(v);
    assert_eq!(items, ["Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT"]);
    for item in &items {
        assert_eq!(parse_header_timestamp(item, TimestampFormat::HttpDate).unwrap().secs(), 1576540098);
    }
    let t = DateTime::from_secs(1576540098);
    assert_eq!(timestamp_header_list(&[t, t], TimestampFormat::HttpDate), v);
    assert_eq!(timestamp_header_list(&[t, t], TimestampFormat::EpochSeconds), "1576540098, 1576540098");
    assert!(split_http_date_list("").is_empty());
}

#[test]
fn header_timestamps() {
    use TimestampFormat::*;
    assert_eq!(parse_header_timestamp("1576540098", EpochSeconds).unwrap().secs(), 1576540098);
    assert_eq!(parse_header_timestamp(" 2019-12-16T23:48:18Z ", DateTime).unwrap().secs(), 1576540098);
    assert_eq!(parse_header_timestamp("Mon, 16 Dec 2019 23:48:18 GMT", HttpDate).unwrap().secs(), 1576540098);
    assert!(parse_header_timestamp("soon", EpochSeconds).is_err());
    assert!(parse_header_timestamp("1576540098", HttpDate).is_err());
}

#[test]
fn base64_round_trip() {
    assert_eq!(base64_encode(b"true"), "dHJ1ZQ==");
    assert_eq!(base64_decode("dHJ1ZQ==").unwrap(), b"true");
    assert!(base64_decode("dHJ1ZQ=!").is_err());
}

#[test]
fn scalar_header_values() {
    assert!(parse_bool("true").unwrap());
    assert!(!parse_bool(" false ").unwrap());
    assert!(parse_bool("True").is_err());
    assert_eq!(parse_int::<i8>("1").unwrap(), 1);
    assert_eq!(parse_int::<i16>("123").unwrap(), 123);
    assert_eq!(parse_int::<i32>("-7").unwrap(), -7);
    assert_eq!(parse_int::<i64>("+7").unwrap(), 7);
    assert!(parse_int::<i8>("128").is_err());
    assert!(parse_int::<i32>("1.5").is_err());
    assert!(parse_int::<i64>("").is_err());
    assert_eq!(parse_f64("1.1").unwrap(), 1.1);
    assert_eq!(parse_f32("1.1").unwrap(), 1.1f32);
    assert!(parse_f64("NaN").unwrap().is_nan());
    assert_eq!(parse_f32("-Infinity").unwrap(), f32::NEG_INFINITY);
    assert!(parse_f64("inf").is_err());
    assert!(parse_f64("1,5").is_err());
}
