use super::*;

fn run(f: impl FnOnce(&mut Validator)) -> Vec<(String, String)> {
    let mut v = Validator::new();
    f(&mut v);
    match v.finish() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .violations()
            .iter()
            .map(|x| (x.path().to_owned(), x.message().to_owned()))
            .collect(),
    }
}

fn one(f: impl FnOnce(&mut Validator)) -> String {
    let v = run(f);
    assert_eq!(v.len(), 1, "{v:?}");
    v[0].1.clone()
}

#[test]
fn required_names_the_member() {
    let m = one(|v| v.member("IdentityInfo", |v| v.required("SecondaryEmail")));
    assert_eq!(
        m,
        "Value at '/IdentityInfo/SecondaryEmail' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn paths_are_json_pointers() {
    let v = run(|v| {
        v.member("SecurityProfileIds", |v| v.index(2, |v| v.required("x")));
        v.member("Tags", |v| v.key("team", |v| v.violation("c")));
        v.member("a/b~c", |v| v.key("~/", |v| v.violation("c")));
        v.violation("root");
    });
    let paths: Vec<&str> = v.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["/SecurityProfileIds/2/x", "/Tags/team", "/a~1b~0c/~0~1", ""]
    );
}

#[test]
fn map_key_violations_are_reported_at_the_map() {
    let v = run(|v| {
        v.member("map", |v| {
            v.map_key(|v| v.enum_value("ABC", &["abc", "def"]));
            v.map_key(|v| v.length_str("a", Some(2), None));
            v.key("abc", |v| v.enum_value("XYZ", &["abc"]));
        });
        v.member("after", |v| v.required("x"));
    });
    let paths: Vec<&str> = v.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/map", "/map", "/map/abc", "/after/x"]);
    assert_eq!(
        v[1].1,
        "Value with length 1 at '/map' failed to satisfy constraint: Member must have length greater than or equal to 2"
    );
}

#[test]
fn length_wording() {
    let between = "Member must have length between 2 and 8, inclusive";
    assert_eq!(
        one(|v| v.member("s", |v| v.length_str("a", Some(2), Some(8)))),
        format!("Value with length 1 at '/s' failed to satisfy constraint: {between}")
    );
    assert_eq!(
        one(|v| v.member("s", |v| v.length_str("abcdefghi", Some(2), Some(8)))),
        format!("Value with length 9 at '/s' failed to satisfy constraint: {between}")
    );
    assert_eq!(
        one(|v| v.member("s", |v| v.length_str("a", Some(2), None))),
        "Value with length 1 at '/s' failed to satisfy constraint: Member must have length greater than or equal to 2"
    );
    assert_eq!(
        one(|v| v.member("s", |v| v.length_str("abc", None, Some(2)))),
        "Value with length 3 at '/s' failed to satisfy constraint: Member must have length less than or equal to 2"
    );
    assert!(
        run(|v| {
            v.length_str("ab", Some(2), Some(8));
            v.length_str("abcdefgh", Some(2), Some(8));
            v.length_str("", None, None);
            v.length_bytes(4, Some(4), Some(6));
            v.length_count(6, Some(4), Some(6));
        })
        .is_empty()
    );
    assert_eq!(
        one(|v| v.member("b", |v| v.length_bytes(7, Some(4), Some(6)))),
        "Value with length 7 at '/b' failed to satisfy constraint: Member must have length between 4 and 6, inclusive"
    );
    assert_eq!(
        one(|v| v.member("l", |v| v.length_count(0, Some(1), None))),
        "Value with length 0 at '/l' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
}

#[test]
fn string_length_counts_scalar_values() {
    let ok = "😀".repeat(255);
    assert_eq!(ok.len(), 1020);
    assert!(run(|v| v.length_str(&ok, None, Some(255))).is_empty());
    let bad = "😀".repeat(256);
    assert!(one(|v| v.length_str(&bad, None, Some(255))).starts_with("Value with length 256 at"));
    // A combining sequence is two scalar values; "👍" is one (two in UTF-16).
    assert!(one(|v| v.length_str("e\u{301}", None, Some(1))).starts_with("Value with length 2 at"));
    assert!(one(|v| v.length_str("👍", Some(2), Some(8))).starts_with("Value with length 1 at"));
}

#[test]
fn range_wording_and_bounds() {
    assert_eq!(
        one(|v| v.member("byte", |v| v.range_i64(1, Some(2), Some(8)))),
        "Value at '/byte' failed to satisfy constraint: Member must be between 2 and 8, inclusive"
    );
    assert_eq!(
        one(|v| v.member("m", |v| v.range_i64(1, Some(2), None))),
        "Value at '/m' failed to satisfy constraint: Member must be greater than or equal to 2"
    );
    assert_eq!(
        one(|v| v.member("m", |v| v.range_i64(9, None, Some(8)))),
        "Value at '/m' failed to satisfy constraint: Member must be less than or equal to 8"
    );
    assert_eq!(
        one(|v| v.member("f", |v| v.range_f64(2.1, Some(2.2), Some(8.8)))),
        "Value at '/f' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive"
    );
    assert_eq!(
        one(|v| v.member("f", |v| v.range_f32(8.9, Some(2.2), Some(8.8)))),
        "Value at '/f' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive"
    );
    assert_eq!(
        one(|v| v.range_f32(f32::NAN, None, Some(6.6))),
        "Value at '' failed to satisfy constraint: Member must be less than or equal to 6.6"
    );
    assert_eq!(
        one(|v| v.range_f64(9.0, None, Some(8.0))),
        "Value at '' failed to satisfy constraint: Member must be less than or equal to 8"
    );
    assert!(
        run(|v| {
            v.range_i64(2, Some(2), Some(8));
            v.range_i64(8, Some(2), Some(8));
            v.range_i64(i64::MIN, None, Some(0));
            v.range_i64(5, None, None);
            v.range_f64(2.2, Some(2.2), Some(8.8));
            v.range_f32(2.2, Some(2.2), Some(8.8));
            v.range_f32(8.8, Some(2.2), Some(8.8));
            v.range_f64(f64::INFINITY, Some(0.0), None);
            v.range_f64(f64::NAN, None, None);
        })
        .is_empty()
    );
    // NaN is outside every range that has a bound.
    assert_eq!(
        run(|v| {
            v.range_f64(f64::NAN, Some(0.0), None);
            v.range_f64(f64::NAN, None, Some(0.0));
            v.range_f64(f64::NEG_INFINITY, Some(0.0), None);
        })
        .len(),
        3
    );
}

#[test]
fn decimal_ranges_are_exact() {
    assert!(
        run(|v| {
            v.range_decimal(
                "12345678901234567890",
                Some("1"),
                Some("12345678901234567890"),
            );
            v.range_decimal("1.5e1", Some("15"), Some("15.000"));
            v.range_decimal("-0", Some("0"), None);
        })
        .is_empty()
    );
    assert_eq!(
        one(|v| v.member("big", |v| v.range_decimal(
            "12345678901234567891",
            None,
            Some("12345678901234567890")
        ))),
        "Value at '/big' failed to satisfy constraint: Member must be less than or equal to 12345678901234567890"
    );
    // 0.30000000000000001 and 0.3 are the same f64, not the same decimal.
    assert_eq!(
        one(|v| v.range_decimal("0.30000000000000001", None, Some("0.3"))),
        "Value at '' failed to satisfy constraint: Member must be less than or equal to 0.3"
    );
    assert_eq!(
        one(|v| v.range_decimal("1E+2", Some("1.5"), Some("99.9"))),
        "Value at '' failed to satisfy constraint: Member must be between 1.5 and 99.9, inclusive"
    );
    assert_eq!(
        run(|v| v.range_decimal("not a number", Some("0"), None)).len(),
        1
    );
}

#[test]
fn pattern_wording() {
    static P: Pattern = Pattern::new("^[a-m]+$");
    assert_eq!(
        one(|v| v.member("string", |v| v.pattern("xyz", &P))),
        "Value at '/string' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$"
    );
    assert!(run(|v| v.pattern("abc", &P)).is_empty());
    assert_eq!(P.source(), "^[a-m]+$");
}

#[test]
fn unique_items() {
    assert_eq!(
        one(|v| v.member("l", |v| v.unique_items(&["a", "b", "a"]))),
        "Value at '/l' failed to satisfy constraint: Member must have unique values"
    );
    assert!(
        run(|v| {
            v.unique_items(&[1, 2, 3]);
            v.unique_items::<u8>(&[]);
            v.unique_items(&[vec![1], vec![1, 1]]);
        })
        .is_empty()
    );
    assert_eq!(run(|v| v.unique_items(&[[true], [true]])).len(), 1);
}

#[test]
fn enums() {
    assert_eq!(
        one(|v| v.member("string", |v| v.enum_value("ABC", &["abc", "def", "jkl"]))),
        "Value at '/string' failed to satisfy constraint: Member must satisfy enum value set: [abc, def, jkl]"
    );
    assert_eq!(
        one(|v| v.int_enum_value(4, &[1, 2, 3])),
        "Value at '' failed to satisfy constraint: Member must satisfy enum value set: [1, 2, 3]"
    );
    assert!(
        run(|v| {
            v.enum_value("abc", &["abc"]);
            v.int_enum_value(2, &[1, 2]);
        })
        .is_empty()
    );
}

#[test]
fn error_display_lists_every_violation() {
    let err = Validator::new().finish();
    assert!(err.is_ok());
    let mut v = Validator::new();
    v.required("a");
    let e = v.finish().unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 validation error detected. Value at '/a' failed to satisfy constraint: Member must not be null"
    );
    let mut v = Validator::new();
    v.required("a");
    v.member("b", |v| v.range_i64(0, Some(1), None));
    let e = v.finish().unwrap_err();
    assert_eq!(e.violations().len(), 2);
    assert_eq!(
        e.to_string(),
        "2 validation errors detected. Value at '/a' failed to satisfy constraint: Member must not be null; \
         Value at '/b' failed to satisfy constraint: Member must be greater than or equal to 1"
    );
    let _: &dyn std::error::Error = &e;
}

struct Inner {
    name: Option<String>,
}
impl Validate for Inner {
    fn validate_into(&self, v: &mut Validator) {
        match &self.name {
            Some(n) => v.member("Name", |v| v.length_str(n, Some(1), None)),
            None => v.required("Name"),
        }
    }
}

#[test]
fn trait_impls_for_containers() {
    let items = vec![
        Inner {
            name: Some("x".into()),
        },
        Inner { name: None },
        Inner {
            name: Some(String::new()),
        },
    ];
    let e = items.validate().unwrap_err();
    let paths: Vec<&str> = e.violations().iter().map(Violation::path).collect();
    assert_eq!(paths, ["/1/Name", "/2/Name"]);
    assert!(None::<Inner>.validate().is_ok());
    assert!(Some(Box::new(Inner { name: None })).validate().is_err());
    let by_ref: &Inner = &Inner {
        name: Some("ok".into()),
    };
    assert!(Validate::validate(&by_ref).is_ok());
}

#[test]
fn trait_impls_for_maps() {
    let mut m = std::collections::HashMap::new();
    m.insert("b/x".to_owned(), Inner { name: None });
    m.insert("a".to_owned(), Inner { name: None });
    m.insert(
        "c".to_owned(),
        Inner {
            name: Some("ok".into()),
        },
    );
    let e = m.validate().unwrap_err();
    let paths: Vec<&str> = e.violations().iter().map(Violation::path).collect();
    assert_eq!(paths, ["/a/Name", "/b~1x/Name"]);
    let b: std::collections::BTreeMap<&str, Inner> =
        [("k", Inner { name: None })].into_iter().collect();
    assert_eq!(b.validate().unwrap_err().violations()[0].path(), "/k/Name");
}
