//! An XML writer into bytes that generated restXml serializers drive element by element.

use aws_smithy_types::DateTime;

use crate::protocol::http::{self, TimestampFormat};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Writes compact XML (no declaration, no indentation) into a `Vec<u8>`.
///
/// [`start_element`](Self::start_element) returns a [`StartTag`] through
/// which namespaces and attributes are added; the tag is closed by whatever
/// is written next. [`end_element`](Self::end_element) closes the innermost
/// open element, repeating its name. Element and attribute names come from
/// the model and are written as given; text and attribute values are
/// escaped so that any string, control characters included, reads back
/// unchanged.
///
/// ```
/// use client_runtime::protocol::xml::XmlWriter;
/// let mut w = XmlWriter::new();
/// w.start_element("Input").namespace(None, "https://example.com/").attribute("id", "a<b");
/// w.start_element("Size");
/// w.i64(3);
/// w.end_element();
/// w.start_element("Note");
/// w.string("one\ntwo & three");
/// w.end_element();
/// w.end_element();
/// assert_eq!(
///     String::from_utf8(w.finish()).unwrap(),
///     r#"<Input xmlns="https://example.com/" id="a&lt;b"><Size>3</Size><Note>one&#xA;two &amp; three</Note></Input>"#
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct XmlWriter {
    out: Vec<u8>,
    /// Where each open element's name sits in `out`, to repeat it in its end tag.
    open: Vec<(usize, usize)>,
    /// The last start tag still lacks its `>`, so attributes may follow.
    in_tag: bool,
}

/// The start tag just written: namespaces and attributes go here, before
/// any content of the element. Calls chain (`w.start_element("a").attribute("b", "c");`)
/// or, for optional attributes, go through a binding (`let mut tag = w.start_element("a");`).
#[derive(Debug)]
pub struct StartTag<'w> {
    writer: &'w mut XmlWriter,
}

impl StartTag<'_> {
    /// A namespace declaration: `xmlns="uri"`, or `xmlns:prefix="uri"`.
    pub fn namespace(&mut self, prefix: Option<&str>, uri: &str) -> &mut Self {
        let out = &mut self.writer.out;
        out.extend_from_slice(b" xmlns");
        if let Some(prefix) = prefix {
            out.push(b':');
            out.extend_from_slice(prefix.as_bytes());
        }
        out.extend_from_slice(b"=\"");
        escape(out, uri);
        out.push(b'"');
        self
    }

    /// An attribute; `value` is escaped.
    pub fn attribute(&mut self, name: &str, value: &str) -> &mut Self {
        let out = &mut self.writer.out;
        out.push(b' ');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"=\"");
        escape(out, value);
        out.push(b'"');
        self
    }
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer whose buffer holds `capacity` bytes before growing.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { out: Vec::with_capacity(capacity), ..Self::default() }
    }

    /// The document written so far; elements still open are closed.
    pub fn finish(mut self) -> Vec<u8> {
        while !self.open.is_empty() {
            self.end_element();
        }
        self.out
    }

    /// Opens an element `name` (as it appears on the wire, with its prefix
    /// if it has one).
    pub fn start_element(&mut self, name: &str) -> StartTag<'_> {
        self.close_tag();
        self.out.push(b'<');
        let start = self.out.len();
        self.out.extend_from_slice(name.as_bytes());
        self.open.push((start, name.len()));
        self.in_tag = true;
        StartTag { writer: self }
    }

    /// Closes the innermost open element (an empty one as `<a></a>`).
    /// Without an open element nothing is written.
    pub fn end_element(&mut self) {
        let Some((start, len)) = self.open.pop() else { return };
        self.close_tag();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_within(start..start + len);
        self.out.push(b'>');
    }

    /// Text, escaped.
    pub fn string(&mut self, value: &str) {
        self.close_tag();
        escape(&mut self.out, value);
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A signed integer (any Smithy `byte`, `short`, `integer` or `long`).
    pub fn i64(&mut self, value: i64) {
        self.raw(itoa::Buffer::new().format(value));
    }

    /// A Smithy `double`: shortest round-trip digits, or `NaN`, `Infinity`, `-Infinity`.
    pub fn f64(&mut self, value: f64) {
        self.raw(&http::fmt_f64(value));
    }

    /// A Smithy `float`: shortest digits for `f32`, or `NaN`, `Infinity`, `-Infinity`.
    pub fn f32(&mut self, value: f32) {
        self.raw(&http::fmt_f32(value));
    }

    /// A `bigInteger` or `bigDecimal` from its text (`BigInteger::as_ref()`).
    pub fn big_number(&mut self, lexeme: &str) {
        self.string(lexeme);
    }

    /// A timestamp in `format`; restXml defaults to [`TimestampFormat::DateTime`].
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        self.raw(&http::fmt_timestamp(value, format));
    }

    /// A blob as base64 text.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.raw(&http::base64_encode(bytes));
    }

    /// Text that needs no escaping (digits, base64, dates).
    fn raw(&mut self, text: &str) {
        self.close_tag();
        self.out.extend_from_slice(text.as_bytes());
    }

    fn close_tag(&mut self) {
        if self.in_tag {
            self.out.push(b'>');
            self.in_tag = false;
        }
    }
}

/// Appends `value` with markup characters as entities and every character a
/// parser would drop or rewrite (tab, CR and LF, which are normalized; other
/// control characters, NEL and LINE SEPARATOR) as a character reference.
fn escape(out: &mut Vec<u8>, value: &str) {
    let mut plain = 0;
    for (i, c) in value.char_indices() {
        let entity: &[u8] = match c {
            '&' => b"&amp;",
            '<' => b"&lt;",
            '>' => b"&gt;",
            '"' => b"&quot;",
            '\'' => b"&apos;",
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' => b"",
            _ => continue,
        };
        out.extend_from_slice(&value.as_bytes()[plain..i]);
        if entity.is_empty() {
            char_reference(out, c);
        } else {
            out.extend_from_slice(entity);
        }
        plain = i + c.len_utf8();
    }
    out.extend_from_slice(&value.as_bytes()[plain..]);
}

/// `&#xD;` for CR: hexadecimal, no leading zeros.
fn char_reference(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(b"&#x");
    let code = u32::from(c);
    let digits = (32 - code.leading_zeros()).div_ceil(4).max(1);
    for shift in (0..digits).rev() {
        out.push(HEX[((code >> (shift * 4)) & 0xf) as usize]);
    }
    out.push(b';');
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
