//! The `serde` feature on every kind of shape (`cargo xtask check-models`
//! builds and tests this crate with `--all-features`): member names as
//! keys, ISO 8601 timestamps, base64 blobs, non-finite floats as strings,
//! big numbers as strings, documents as JSON, sparse lists with nulls, enum
//! map keys, recursive (boxed) structures and unions as one-key objects.
//! Expected JSON is written from the Smithy spec's value forms, not from
//! what the crate printed.

use std::collections::HashMap;

use own_shapes::primitives::{BigDecimal, BigInteger, Blob, DateTime, Document};
use own_shapes::types::{Color, Everything, Expr, Level, Node, Other};
use serde_json::{Value, json};

fn everything() -> Everything {
    Everything::builder()
        .id("a/b")
        .tags("t1")
        .when(DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000))
        .meta_value("k", "v")
        .blob(Blob::new(b"hello".to_vec()))
        .bool(false)
        .byte(-8)
        .short(300)
        .int(42)
        .long(9_007_199_254_740_993)
        .float(f32::NEG_INFINITY)
        .double(f64::NAN)
        .big_int("123456789012345678901234567890".parse::<BigInteger>().unwrap())
        .big_dec("-1.000000000000000000001".parse::<BigDecimal>().unwrap())
        .doc(Document::Object(HashMap::from([("a".to_owned(), Document::Array(vec![Document::Null, Document::Bool(true)]))])))
        .epoch(DateTime::from_secs(-1))
        .iso(DateTime::from_secs_and_nanos(0, 1))
        .color(Color::Green)
        .level(Level::from(5))
        .set_sparse(Some(vec![Some("x".to_owned()), None]))
        .lists_by_name(Color::from("blue"), vec!["b".to_owned()])
        .tree(
            Node::builder()
                .value("root")
                .next(Node::builder().value("next").build().unwrap())
                .children(Node::builder().value("child").build().unwrap())
                .other(Other::builder().back(Node::builder().value("back").build().unwrap()).build())
                .build()
                .unwrap(),
        )
        .expr(Expr::Sum(vec![Expr::Literal(1), Expr::Negate(Box::new(Expr::Empty))]))
        .secret("s3cr3t")
        .build()
        .unwrap()
}

#[test]
fn every_kind_of_member_is_written_as_the_cli_prints_it() {
    let written = serde_json::to_value(everything()).unwrap();
    let expected = json!({
        "Id": "a/b",
        "Tags": ["t1"],
        "When": "2019-12-16T23:48:18.52Z",
        "Meta": {"k": "v"},
        "Blob": "aGVsbG8=",
        "Bool": false,
        "Byte": -8,
        "Short": 300,
        "Int": 42,
        "Long": 9_007_199_254_740_993i64,
        "Float": "-Infinity",
        "Double": "NaN",
        "BigInt": "123456789012345678901234567890",
        "BigDec": "-1.000000000000000000001",
        "Doc": {"a": [null, true]},
        "Epoch": "1969-12-31T23:59:59Z",
        "Iso": "1970-01-01T00:00:00.000000001Z",
        "Color": "green",
        "Level": 5,
        "Sparse": ["x", null],
        "ListsByName": {"blue": ["b"]},
        "Tree": {"Value": "root", "Next": {"Value": "next"}, "Children": [{"Value": "child"}], "Other": {"Back": {"Value": "back"}}},
        "Expr": {"Sum": [{"Literal": 1}, {"Negate": {"Empty": {}}}]},
        "Secret": "s3cr3t"
    });
    assert_eq!(written, expected);
}

#[test]
fn every_kind_of_member_reads_back() {
    let original = everything();
    let text = serde_json::to_string(&original).unwrap();
    let back: Everything = serde_json::from_str(&text).unwrap();
    // NaN is not equal to itself: compare it apart, the rest with `==`.
    assert!(back.double().unwrap().is_nan());
    let without_nan = |mut e: Everything| {
        e.double = None;
        e
    };
    assert_eq!(without_nan(back), without_nan(original));
}

#[test]
fn defaults_fill_missing_members_and_epoch_seconds_are_read() {
    let e: Everything = serde_json::from_str(r#"{"Id":"i","Secret":"s","When":1576540098.52,"Color":null,"Unmodeled":[1,2]}"#).unwrap();
    assert!(e.bool(), "@default(true)");
    assert_eq!(e.long(), 7);
    assert_eq!(e.color(), &Color::Red);
    assert_eq!(e.when(), Some(&DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)));
    let err = serde_json::from_str::<Everything>(r#"{"Id":"i"}"#).unwrap_err().to_string();
    assert!(err.contains("Everything") && err.contains("secret"), "{err}");
}

#[test]
fn unions_refuse_two_members_and_keep_unknown_ones() {
    assert!(serde_json::from_str::<Expr>(r#"{"Literal":1,"Empty":{}}"#).is_err());
    assert_eq!(serde_json::from_str::<Expr>(r#"{"Literal":null,"Empty":{}}"#).unwrap(), Expr::Empty);
    assert!(serde_json::from_str::<Expr>(r#"{"Product":[1]}"#).unwrap().is_unknown());
    let v: Value = serde_json::to_value(Expr::Negate(Box::new(Expr::Literal(-3)))).unwrap();
    assert_eq!(v, json!({"Negate": {"Literal": -3}}));
}
