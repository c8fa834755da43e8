use std::borrow::Cow;

use aws_smithy_types::DateTime;

use super::*;

/// Reads the root of `doc` with `f` and checks the document ends there.
fn root<'a, T>(doc: &'a str, f: impl FnOnce(&mut XmlReader<'a>) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
    XmlReader::new(doc.as_bytes()).root(|_, r| f(r))
}

/// Reads every element of `doc`, collecting `name=text` for leaves, to see
/// the reader get through it (or fail).
fn walk(doc: &[u8]) -> Result<Vec<String>, DeserializeError> {
    fn element(r: &mut XmlReader<'_>, path: &str, out: &mut Vec<String>) -> Result<(), DeserializeError> {
        r.children(|name, r| {
            let path = format!("{path}/{name}");
            if name.starts_with("leaf") {
                out.push(format!("{path}={}", r.string()?));
                Ok(())
            } else {
                element(r, &path, out)
            }
        })
    }
    let mut out = Vec::new();
    XmlReader::new(doc).root(|name, r| element(r, name, &mut out))?;
    Ok(out)
}

fn message(result: Result<impl std::fmt::Debug, DeserializeError>) -> String {
    result.expect_err("expected an error").message().to_owned()
}

#[test]
fn walks_children_by_local_name() {
    let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
        <!-- leading comment -->
        <p:Out xmlns:p="urn:p" xmlns="urn:d">
            <p:Name>n</p:Name>
            <Nested><Inner>i</Inner><Inner/></Nested>
            <Unknown><Deep><Deeper a="1">x</Deeper></Deep></Unknown>
            <Size>3</Size>
        </p:Out>
        <!-- trailing comment -->
    "#;
    let mut seen = Vec::new();
    XmlReader::new(doc.as_bytes())
        .root(|root, r| {
            assert_eq!(root, "Out");
            r.children(|name, r| {
                seen.push(name.to_owned());
                match name {
                    "Name" => assert_eq!(r.string()?, "n"),
                    "Nested" => {
                        let mut inner = Vec::new();
                        r.children(|_, r| {
                            inner.push(r.string()?.into_owned());
                            Ok(())
                        })?;
                        assert_eq!(inner, ["i", ""]);
                    }
                    "Size" => assert_eq!(r.i32()?, 3),
                    _ => r.skip()?,
                }
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(seen, ["Name", "Nested", "Unknown", "Size"]);
}

#[test]
fn children_left_unread_are_skipped() {
    let mut names = Vec::new();
    root("<a><b><c>1</c></b><d/><e>text</e></a>", |r| {
        r.children(|name, _| {
            names.push(name);
            Ok(())
        })
    })
    .unwrap();
    assert_eq!(names, ["b", "d", "e"]);
    // The root itself may be left unread too.
    XmlReader::new(b"<a><b/></a>").root(|_, _| Ok(())).unwrap();
}

#[test]
fn text_is_borrowed_unless_it_must_be_built() {
    let s = root("<a>plain é</a>", |r| r.string()).unwrap();
    assert!(matches!(s, Cow::Borrowed("plain é")));
    let s = root("<a>&lt;&gt;&amp;&quot;&apos;</a>", |r| r.string()).unwrap();
    assert!(matches!(s, Cow::Owned(_)));
    assert_eq!(s, "<>&\"'");
    assert_eq!(root("<a>x<![CDATA[<not markup> &amp;]]>y</a>", |r| r.string()).unwrap(), "x<not markup> &amp;y");
    assert_eq!(root("<a>x<!-- gone -->y<?pi also gone?>z</a>", |r| r.string()).unwrap(), "xyz");
    assert_eq!(root("<a>  spaced  </a>", |r| r.string()).unwrap(), "  spaced  ");
    assert_eq!(root("<a/>", |r| r.string()).unwrap(), "");
    assert_eq!(root("<a></a>", |r| r.string()).unwrap(), "");
}

#[test]
fn line_ends_are_normalized_but_referenced_ones_kept() {
    assert_eq!(root("<a>1\r\n2\r3\n4</a>", |r| r.string()).unwrap(), "1\n2\n3\n4");
    assert_eq!(root("<a>escaped data: &amp;lt;&#xD;&#10;</a>", |r| r.string()).unwrap(), "escaped data: &lt;\r\n");
    assert_eq!(root("<a>&#9;&#x1F639;&#x1;</a>", |r| r.string()).unwrap(), "\t😹\u{1}");
}

#[test]
fn bad_character_references() {
    for doc in [
        "<a>&#0;</a>",
        "<a>&#x0;</a>",
        "<a>&#xD800;</a>",
        "<a>&#x110000;</a>",
        "<a>&#;</a>",
        "<a>&#x;</a>",
        "<a>&#12a;</a>",
        "<a>&#X41;</a>",
        "<a>&#99999999999;</a>",
        "<a>&#+1;</a>",
    ] {
        assert_eq!(message(root(doc, |r| r.string())), "invalid character reference", "{doc}");
    }
}

#[test]
fn unknown_entities_are_refused_everywhere() {
    let unknown = "unknown entity: only &lt; &gt; &amp; &quot; &apos; and character references are accepted";
    assert_eq!(message(root("<a>&nbsp;</a>", |r| r.string())), unknown);
    assert_eq!(message(root("<a><b>&lol;</b></a>", |r| r.skip())), unknown);
    assert_eq!(message(root("<a>&lol;<b/></a>", |r| r.children(|_, r| r.skip()))), unknown);
    assert_eq!(message(root(r#"<a b="&lol;"/>"#, |r| r.skip())), unknown);
    assert_eq!(message(root(r#"<a><b c="x&ext;"/></a>"#, |r| r.skip())), unknown);
    // An `&` without its `;` is no reference at all.
    assert!(message(root("<a>fish & chips</a>", |r| r.string())).starts_with("malformed XML"));
}

#[test]
fn doctypes_are_refused_before_anything_is_expanded() {
    let refused = "a DOCTYPE (DTD) is not accepted in a response body";
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"#;
    let xxe = r#"<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#;
    for doc in [laughs, xxe, "<!DOCTYPE a><a/>", r#"<!DOCTYPE a SYSTEM "http://example.com/a.dtd"><a/>"#] {
        let e = XmlReader::new(doc.as_bytes()).start_root().unwrap_err();
        assert_eq!(e.message(), refused, "{doc}");
        assert_eq!(e.offset(), doc.find("<!DOCTYPE"));
        assert_eq!(message(XmlReader::read_body(doc.as_bytes(), |_, r| r.skip())), refused);
    }
    // Nor is one accepted inside or after the document.
    assert!(walk(b"<a><!DOCTYPE a></a>").is_err());
    assert_eq!(message(root("<a/><!DOCTYPE a>", |r| r.skip())), refused);
}

#[test]
fn nesting_is_bounded() {
    let nested = |n: usize| format!("{}{}", "<e>".repeat(n), "</e>".repeat(n));
    fn descend(r: &mut XmlReader<'_>, depth: &mut usize) -> Result<(), DeserializeError> {
        *depth += 1;
        r.children(|_, r| descend(r, depth))
    }
    for (n, ok) in [(128, true), (129, false), (10_000, false)] {
        let doc = nested(n);
        let mut depth = 0;
        let result = XmlReader::new(doc.as_bytes()).root(|_, r| descend(r, &mut depth));
        assert_eq!(result.is_ok(), ok, "{n}: {result:?}");
        assert!(depth <= 128);
        let skipped = XmlReader::new(doc.as_bytes()).root(|_, r| r.skip());
        assert_eq!(skipped.is_ok(), ok, "skip {n}");
        if !ok {
            assert_eq!(skipped.unwrap_err().message(), "XML nested deeper than 128 elements");
        }
    }
    // Empty elements count as a level too.
    let doc = format!("{}<e/>{}", "<e>".repeat(128), "</e>".repeat(128));
    assert!(XmlReader::new(doc.as_bytes()).root(|_, r| r.skip()).is_err());
}

#[test]
fn structure_errors() {
    let cases: &[(&str, &str)] = &[
        ("", "the XML body has no root element"),
        ("  <!-- only a comment -->  ", "the XML body has no root element"),
        ("text<a/>", "unexpected content before the root element"),
        ("<a/>text", "unexpected content after the root element"),
        ("<a/><b/>", "a second root element follows the first"),
        ("<a>", "the XML body ended inside an element"),
        ("<a><b>", "the XML body ended inside an element"),
        ("<a><b>text", "the XML body ended inside an element"),
        ("<a><1b/></a>", "invalid XML element name"),
        ("<a>< b/></a>", "invalid XML element name"),
        ("<a>1 < 2</a>", "invalid XML element name"),
        ("<a><?xml version='1.0'?></a>", "an XML declaration inside the document"),
    ];
    for (doc, expected) in cases {
        assert_eq!(message(walk(doc.as_bytes())), *expected, "{doc:?}");
    }
    for doc in ["<a></b>", "<a><b></a></b>", "</a>", "<a b=1/>", "<a b/>", r#"<a b="1" b="2"/>"#, "<a><!-- x", "<a><![CDATA[x</a>", "<a b=\"x></a>"] {
        let e = walk(doc.as_bytes()).unwrap_err();
        assert!(e.offset().is_some(), "{doc}");
    }
}

#[test]
fn mismatched_end_tags_name_both() {
    let e = walk(b"<a><b></c></a>").unwrap_err();
    assert!(e.message().contains("</b>") && e.message().contains("</c>"), "{e}");
    assert_eq!(e.offset(), Some(6));
}

#[test]
fn invalid_utf8_is_an_error_at_its_offset() {
    let e = walk(b"<a>ok\xff</a>").unwrap_err();
    assert_eq!(e.message(), "the XML body is not valid UTF-8");
    assert_eq!(e.offset(), Some(5));
    let e = XmlReader::read_body(b"<a b=\"\xc3\"/>", |_, r| r.skip()).unwrap_err();
    assert_eq!(e.offset(), Some(6));
}

#[test]
fn every_truncation_of_a_document_fails_cleanly() {
    let doc = r#"<?xml version="1.0"?><r xmlns="u" a="&lt;1&#x41;"><leaf1>a&amp;b</leaf1><m><leaf2><![CDATA[c]]></leaf2></m><!-- c --></r>"#;
    assert_eq!(walk(doc.as_bytes()).unwrap(), ["r/leaf1=a&b", "r/m/leaf2=c"]);
    for end in 0..doc.len() {
        assert!(walk(&doc.as_bytes()[..end]).is_err(), "prefix of {end} bytes was accepted");
    }
}

#[test]
fn string_refuses_child_elements() {
    let e = root("<a>x<b/>y</a>", |r| r.string()).unwrap_err();
    assert_eq!(e.message(), "expected text in `a`, found an element");
    assert_eq!(e.offset(), Some(4));
}

#[test]
fn content_is_read_once() {
    let e = root("<a>x</a>", |r| {
        r.string()?;
        r.string()
    })
    .unwrap_err();
    assert_eq!(e.message(), "no element to read: its content was already read");
    let e = root("<a>x</a>", |r| {
        r.skip()?;
        r.attribute("b")
    })
    .unwrap_err();
    assert_eq!(e.message(), "attributes are read before the element's content");
    let mut r = XmlReader::new(b"<a/>");
    assert_eq!(r.finish().unwrap_err().message(), "the root element was not read");
    r.start_root().unwrap();
    assert_eq!(r.start_root().unwrap_err().message(), "the root element was already read");
    r.finish().unwrap();
}

#[test]
fn attributes_by_qualified_or_local_name() {
    let doc = r#"<a xmlns="urn:d" xmlns:xsi="urn:x" xsi:someName="v1" plain='v2' esc="&lt;t&amp;m&gt; &#x9;" ws="a	b
c"><b/></a>"#;
    root(doc, |r| {
        assert_eq!(r.attribute("xsi:someName")?.as_deref(), Some("v1"));
        assert_eq!(r.attribute("someName")?.as_deref(), Some("v1"));
        assert_eq!(r.attribute("other:someName")?, None);
        assert!(matches!(r.attribute("plain")?, Some(Cow::Borrowed("v2"))));
        assert_eq!(r.attribute("esc")?.as_deref(), Some("<t&m> \t"));
        // Raw whitespace in a value is normalized to spaces; referenced whitespace is not.
        assert_eq!(r.attribute("ws")?.as_deref(), Some("a b c"));
        // Namespace declarations are not attributes.
        assert_eq!(r.attribute("xsi")?, None);
        assert_eq!(r.attribute("xmlns")?, None);
        assert_eq!(r.attribute("xmlns:xsi")?.as_deref(), Some("urn:x"));
        assert_eq!(r.attribute("missing")?, None);
        r.children(|_, r| {
            assert_eq!(r.attribute("plain")?, None);
            Ok(())
        })
    })
    .unwrap();
}

#[test]
fn scalars() {
    fn value<T>(text: &str, f: impl FnOnce(&mut XmlReader<'_>) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
        let doc = format!("<v>{text}</v>");
        XmlReader::new(doc.as_bytes()).root(|_, r| f(r))
    }
    assert!(value(" true\n", |r| r.boolean()).unwrap());
    assert!(!value("false", |r| r.boolean()).unwrap());
    assert!(value("TRUE", |r| r.boolean()).is_err());
    assert!(value("1", |r| r.boolean()).is_err());
    assert_eq!(value("-128", |r| r.i8()).unwrap(), -128);
    assert!(value("128", |r| r.i8()).is_err());
    assert_eq!(value("32767", |r| r.i16()).unwrap(), 32767);
    assert_eq!(value(" +42 ", |r| r.i32()).unwrap(), 42);
    assert!(value("4.5", |r| r.i32()).is_err());
    assert!(value("", |r| r.i32()).is_err());
    assert_eq!(value("-9223372036854775808", |r| r.i64()).unwrap(), i64::MIN);
    assert!(value("9223372036854775808", |r| r.i64()).is_err());
    assert_eq!(value("5.5", |r| r.f32()).unwrap(), 5.5);
    assert_eq!(value("-1.5e3", |r| r.f64()).unwrap(), -1500.0);
    assert!(value("NaN", |r| r.f64()).unwrap().is_nan());
    assert!(value("NaN", |r| r.f32()).unwrap().is_nan());
    assert_eq!(value("Infinity", |r| r.f64()).unwrap(), f64::INFINITY);
    assert_eq!(value("-Infinity", |r| r.f32()).unwrap(), f32::NEG_INFINITY);
    assert!(value("inf", |r| r.f64()).is_err());
    assert!(value("1.5.5", |r| r.f64()).is_err());
    let big = "123456789012345678901234567890";
    assert_eq!(value(big, |r| r.big_integer()).unwrap().as_ref(), big);
    assert!(value("1.5", |r| r.big_integer()).is_err());
    assert_eq!(value("-1.25e-300", |r| r.big_decimal()).unwrap().as_ref(), "-1.25e-300");
    assert!(value("one", |r| r.big_decimal()).is_err());
}

#[test]
fn blobs_are_base64_and_may_wrap() {
    let blob = |doc: &str| root(doc, |r| r.blob()).map(|b| b.into_inner());
    assert_eq!(blob("<d>dmFsdWU=</d>").unwrap(), b"value");
    assert_eq!(blob("<d>\n  dmFs\r\n  dWU=\n</d>").unwrap(), b"value");
    assert_eq!(blob("<d/>").unwrap(), b"");
    assert_eq!(blob("<d></d>").unwrap(), b"");
    assert!(blob("<d>not base64!</d>").is_err());
}

#[test]
fn timestamps_in_each_format() {
    let at = |doc: &str, format| root(doc, |r| r.timestamp(format));
    let expected = DateTime::from_secs(1398796238);
    assert_eq!(at("<t>2014-04-29T18:30:38Z</t>", TimestampFormat::DateTime).unwrap(), expected);
    assert_eq!(at("<t>2014-04-29T20:30:38+02:00</t>", TimestampFormat::DateTime).unwrap(), expected);
    assert_eq!(at("<t> Tue, 29 Apr 2014 18:30:38 GMT </t>", TimestampFormat::HttpDate).unwrap(), expected);
    assert_eq!(at("<t>1398796238</t>", TimestampFormat::EpochSeconds).unwrap(), expected);
    assert_eq!(at("<t>1398796238.5</t>", TimestampFormat::EpochSeconds).unwrap(), DateTime::from_secs_and_nanos(1398796238, 500_000_000));
    assert!(at("<t>1398796238</t>", TimestampFormat::DateTime).is_err());
}

#[test]
fn value_errors_point_at_the_element() {
    let e = root("<a><n>x</n></a>", |r| r.children(|_, r| r.i32().map(drop))).unwrap_err();
    assert_eq!(e.offset(), Some(3));
    assert!(e.message().contains("`x`"), "{e}");
}

#[test]
fn read_body_treats_an_empty_body_as_no_document() {
    for body in ["", " \n\t "] {
        XmlReader::read_body(body.as_bytes(), |_, _| panic!("no root in {body:?}")).unwrap();
    }
    let mut root_name = None;
    XmlReader::read_body(b"\xef\xbb\xbf<Out/>", |name, _| {
        root_name = Some(name);
        Ok(())
    })
    .unwrap();
    assert_eq!(root_name, Some("Out"));
}

#[test]
fn offset_moves_through_the_input() {
    let mut r = XmlReader::new(b"<a><b>1</b></a>");
    assert_eq!(r.offset(), 0);
    r.start_root().unwrap();
    assert_eq!(r.offset(), 3);
    r.skip().unwrap();
    assert_eq!(r.offset(), 15);
}

#[test]
fn helpers() {
    assert_eq!(local("p:name"), "name");
    assert_eq!(local("name"), "name");
    for good in ["a", "_a", "a-b.c_1", "p:a", "é"] {
        assert!(is_name(good), "{good}");
    }
    for bad in ["", "1a", "-a", ".a", "a b", "a>", "a=b", "a\"", "a&b"] {
        assert!(!is_name(bad), "{bad}");
    }
    assert_eq!(char_reference("x1F639"), Some('😹'));
    assert_eq!(char_reference("65"), Some('A'));
    let input = "hello world";
    assert_eq!(reborrow(input, &input[6..]), Some("world"));
    let copy = String::from("world");
    assert_eq!(reborrow(input, &copy), None);
    assert!(matches!(attribute_value(Cow::Borrowed("plain")), Ok(Cow::Borrowed("plain"))));
    assert_eq!(attribute_value(Cow::Borrowed("a\r\nb")).unwrap(), "a b");
    assert!(attribute_value(Cow::Borrowed("a&amp")).is_err());
}
