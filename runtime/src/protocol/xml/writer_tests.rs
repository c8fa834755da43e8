use aws_smithy_types::DateTime;

use super::*;
use crate::protocol::xml::XmlReader;

fn text(w: XmlWriter) -> String {
    String::from_utf8(w.finish()).unwrap()
}

/// `<v>…</v>` with the content `f` writes.
fn element(f: impl FnOnce(&mut XmlWriter)) -> String {
    let mut w = XmlWriter::new();
    w.start_element("v");
    f(&mut w);
    w.end_element();
    text(w)
}

#[test]
fn elements_nest_and_empty_ones_are_written_open_and_closed() {
    let mut w = XmlWriter::with_capacity(64);
    w.start_element("Outer");
    w.start_element("p:Inner");
    w.end_element();
    w.start_element("Leaf");
    w.string("x");
    w.end_element();
    w.end_element();
    assert_eq!(text(w), "<Outer><p:Inner></p:Inner><Leaf>x</Leaf></Outer>");
}

#[test]
fn finish_closes_what_is_open_and_extra_ends_write_nothing() {
    let mut w = XmlWriter::new();
    w.start_element("a");
    w.start_element("b").attribute("c", "d");
    assert_eq!(text(w), r#"<a><b c="d"></b></a>"#);
    let mut w = XmlWriter::new();
    w.end_element();
    w.start_element("a");
    w.end_element();
    w.end_element();
    assert_eq!(text(w), "<a></a>");
    assert_eq!(text(XmlWriter::new()), "");
}

#[test]
fn namespaces_and_attributes() {
    let mut w = XmlWriter::new();
    w.start_element("Request")
        .namespace(None, "https://example.com/")
        .namespace(Some("xsi"), "https://example.com/x?a=1&b=2")
        .attribute("xsi:someName", "nestedAttrValue")
        .attribute("test", "<test&mock>");
    w.end_element();
    assert_eq!(
        text(w),
        r#"<Request xmlns="https://example.com/" xmlns:xsi="https://example.com/x?a=1&amp;b=2" xsi:someName="nestedAttrValue" test="&lt;test&amp;mock&gt;"></Request>"#
    );
}

#[test]
fn text_escapes_markup_and_whitespace_that_would_not_survive() {
    assert_eq!(element(|w| w.string("<string>")), "<v>&lt;string&gt;</v>");
    assert_eq!(element(|w| w.string(r#"a&b"c'd"#)), "<v>a&amp;b&quot;c&apos;d</v>");
    assert_eq!(element(|w| w.string("escaped data: &lt;\r\n")), "<v>escaped data: &amp;lt;&#xD;&#xA;</v>");
    assert_eq!(element(|w| w.string("\t \u{1}\u{7f}\u{85}\u{2028}\u{0}")), "<v>&#x9; &#x1;&#x7F;&#x85;&#x2028;&#x0;</v>");
    assert_eq!(element(|w| w.string("plain é 😹 \u{a0}")), "<v>plain é 😹 \u{a0}</v>");
}

#[test]
fn scalars() {
    assert_eq!(element(|w| w.boolean(true)), "<v>true</v>");
    assert_eq!(element(|w| w.boolean(false)), "<v>false</v>");
    assert_eq!(element(|w| w.i64(i64::MIN)), "<v>-9223372036854775808</v>");
    assert_eq!(element(|w| w.f64(6.5)), "<v>6.5</v>");
    assert_eq!(element(|w| w.f32(1.1)), "<v>1.1</v>");
    assert_eq!(element(|w| w.f64(f64::NAN)), "<v>NaN</v>");
    assert_eq!(element(|w| w.f32(f32::INFINITY)), "<v>Infinity</v>");
    assert_eq!(element(|w| w.f64(f64::NEG_INFINITY)), "<v>-Infinity</v>");
    assert_eq!(element(|w| w.big_number("-1.5e400")), "<v>-1.5e400</v>");
    assert_eq!(element(|w| w.blob(b"value")), "<v>dmFsdWU=</v>");
    assert_eq!(element(|w| w.blob(b"")), "<v></v>");
}

#[test]
fn timestamps() {
    let t = DateTime::from_secs(1398796238);
    assert_eq!(element(|w| w.timestamp(&t, TimestampFormat::DateTime)), "<v>2014-04-29T18:30:38Z</v>");
    assert_eq!(element(|w| w.timestamp(&t, TimestampFormat::HttpDate)), "<v>Tue, 29 Apr 2014 18:30:38 GMT</v>");
    assert_eq!(element(|w| w.timestamp(&t, TimestampFormat::EpochSeconds)), "<v>1398796238</v>");
    let t = DateTime::from_secs_and_nanos(1398796238, 120_000_000);
    assert_eq!(element(|w| w.timestamp(&t, TimestampFormat::EpochSeconds)), "<v>1398796238.12</v>");
}

#[test]
fn char_references_are_shortest_hex() {
    let reference = |c| {
        let mut out = Vec::new();
        char_reference(&mut out, c);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(reference('\0'), "&#x0;");
    assert_eq!(reference('\r'), "&#xD;");
    assert_eq!(reference('\u{1f}'), "&#x1F;");
    assert_eq!(reference('\u{2028}'), "&#x2028;");
    assert_eq!(reference('\u{10ffff}'), "&#x10FFFF;");
}

#[test]
fn what_is_written_reads_back() {
    let tricky = "  <&>\"' \r\n\r \t\u{1}\u{7f}\u{85}\u{2028} é😹  ";
    let mut w = XmlWriter::new();
    w.start_element("r").attribute("attr", tricky);
    w.start_element("s");
    w.string(tricky);
    w.end_element();
    w.start_element("n");
    w.f64(-0.1);
    w.end_element();
    w.end_element();
    let body = w.finish();
    XmlReader::new(&body)
        .root(|_, r| {
            assert_eq!(r.attribute("attr")?.as_deref(), Some(tricky));
            r.children(|name, r| {
                match name {
                    "s" => assert_eq!(r.string()?, tricky),
                    "n" => assert_eq!(r.f64()?, -0.1),
                    other => panic!("unexpected {other}"),
                }
                Ok(())
            })
        })
        .unwrap();
}
