use aws_smithy_types::DateTime;

use super::*;

fn body(w: QueryWriter) -> String {
    String::from_utf8(w.finish()).unwrap()
}

fn with(f: impl FnOnce(&mut QueryWriter)) -> String {
    let mut w = QueryWriter::new("Op", "2020-01-08");
    f(&mut w);
    body(w).strip_prefix("Action=Op&Version=2020-01-08").unwrap().to_owned()
}

#[test]
fn action_and_version_come_first() {
    assert_eq!(body(QueryWriter::new("EmptyInputAndEmptyOutput", "2020-01-08")), "Action=EmptyInputAndEmptyOutput&Version=2020-01-08");
    assert_eq!(body(QueryWriter::new("A b", "1/2")), "Action=A%20b&Version=1%2F2");
}

#[test]
fn only_unreserved_characters_are_left_alone() {
    assert_eq!(with(|w| w.string("K", "AZaz09-._~")), "&K=AZaz09-._~");
    assert_eq!(with(|w| w.string("K", " %:/?#[]@!$&'()*+,;=😹")), "&K=%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9");
    assert_eq!(with(|w| w.string("K", "")), "&K=");
    assert_eq!(with(|w| w.string("a b.c", "v")), "&a%20b.c=v");
}

#[test]
fn scalars() {
    assert_eq!(with(|w| w.boolean("B", true)), "&B=true");
    assert_eq!(with(|w| w.boolean("B", false)), "&B=false");
    assert_eq!(with(|w| w.i64("I", -42)), "&I=-42");
    assert_eq!(with(|w| w.f64("D", 10.8)), "&D=10.8");
    assert_eq!(with(|w| w.f32("F", 1.1)), "&F=1.1");
    assert_eq!(with(|w| w.f64("D", f64::NAN)), "&D=NaN");
    assert_eq!(with(|w| w.f32("F", f32::INFINITY)), "&F=Infinity");
    assert_eq!(with(|w| w.f64("D", f64::NEG_INFINITY)), "&D=-Infinity");
    assert_eq!(with(|w| w.big_number("N", "1.5e+400")), "&N=1.5e%2B400");
    assert_eq!(with(|w| w.blob("Qux", b"value")), "&Qux=dmFsdWU%3D");
    assert_eq!(with(|w| w.empty("ListArg")), "&ListArg=");
}

#[test]
fn timestamps() {
    let t = DateTime::from_secs(1422172800);
    assert_eq!(with(|w| w.timestamp("T", &t, TimestampFormat::DateTime)), "&T=2015-01-25T08%3A00%3A00Z");
    assert_eq!(with(|w| w.timestamp("T", &t, TimestampFormat::EpochSeconds)), "&T=1422172800");
    assert_eq!(with(|w| w.timestamp("T", &t, TimestampFormat::HttpDate)), "&T=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT");
}

#[test]
fn keys_for_structures_lists_and_maps() {
    let root = QueryKey::root();
    assert_eq!(root.as_str(), "");
    assert_eq!(root.member("Foo").as_str(), "Foo");
    assert_eq!(QueryKey::new("Foo"), root.member("Foo"));
    let nested = QueryKey::new("Nested").member("RecursiveArg").member("StringArg");
    assert_eq!(&*nested, "Nested.RecursiveArg.StringArg");
    let list = QueryKey::new("ListArg");
    assert_eq!(list.member("member").nth(0).as_str(), "ListArg.member.1");
    assert_eq!(list.member("member").nth(1).member("hi").as_str(), "ListArg.member.2.hi");
    assert_eq!(list.nth(9).as_str(), "ListArg.10");
    let map = QueryKey::new("MapArg").member("entry").nth(0);
    assert_eq!(map.member("key").to_string(), "MapArg.entry.1.key");
    assert_eq!(map.member("value").member("member").nth(1).as_ref(), "MapArg.entry.1.value.member.2");
    assert_eq!(QueryKey::new("Hi").nth(usize::MAX).as_str(), format!("Hi.{}", usize::MAX));
}

#[test]
fn a_nested_body() {
    let mut w = QueryWriter::new("QueryMaps", "2020-01-08");
    let map = QueryKey::new("ComplexMapArg");
    for (i, (k, v)) in [("bar", "Bar"), ("foo", "Foo")].iter().enumerate() {
        let entry = map.member("entry").nth(i);
        w.string(&entry.member("key"), k);
        w.string(&entry.member("value").member("hi"), v);
    }
    assert_eq!(
        body(w),
        "Action=QueryMaps&Version=2020-01-08&ComplexMapArg.entry.1.key=bar&ComplexMapArg.entry.1.value.hi=Bar\
         &ComplexMapArg.entry.2.key=foo&ComplexMapArg.entry.2.value.hi=Foo"
    );
    assert_eq!(CONTENT_TYPE, "application/x-www-form-urlencoded");
}
