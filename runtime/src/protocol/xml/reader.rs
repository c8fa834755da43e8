//! A pull reader over an XML body that generated deserializers drive element by element.

use std::borrow::Cow;

use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime};
use quick_xml::events::Event;
use quick_xml::events::attributes::Attributes;

use crate::protocol::http::{self, TimestampFormat};
use crate::protocol::json::{DeserializeError, parse_timestamp_str};

/// How many elements may be open at once, as for JSON containers: generated
/// code recurses once per level, so the bound keeps its stack small.
const MAX_DEPTH: u32 = 128;

/// A DTD could define entities that expand to gigabytes (billion laughs) or
/// read files (XXE); AWS never sends one, so none is read at all.
const DOCTYPE_REFUSED: &str = "a DOCTYPE (DTD) is not accepted in a response body";

/// A pull reader over an XML document.
///
/// The reader is always positioned at one element (the root after
/// [`start_root`](Self::start_root), a child inside
/// [`children`](Self::children)) whose start tag has been read: its
/// attributes can be looked up, then exactly one call reads its content:
/// [`children`](Self::children), a scalar such as [`string`](Self::string)
/// or [`i32`](Self::i32), or [`skip`](Self::skip). A child the closure leaves
/// unread is skipped.
///
/// Element names are matched by local name: `<p:Name>` is `Name`. Text is
/// borrowed from the input unless it holds references, CDATA pieces or CRs.
/// Only the five predefined entities and character references are known; a
/// DOCTYPE, an unknown entity, nesting past 128 elements, bytes that are not
/// UTF-8 and anything malformed are errors, never panics.
///
/// ```
/// use client_runtime::protocol::xml::XmlReader;
/// let body = br#"<Out xmlns="urn:x" id="7"><Name>a &amp; b</Name><Size>3</Size><Extra><x/></Extra></Out>"#;
/// let (mut name, mut size, mut id) = (None, None, None);
/// XmlReader::read_body(body, |_root, r| {
///     id = r.attribute("id")?.map(|v| v.into_owned());
///     r.children(|child, r| {
///         match child {
///             "Name" => name = Some(r.string()?.into_owned()),
///             "Size" => size = Some(r.i32()?),
///             _ => r.skip()?,
///         }
///         Ok(())
///     })
/// })?;
/// assert_eq!((name.as_deref(), size, id.as_deref()), (Some("a & b"), Some(3), Some("7")));
/// # Ok::<(), client_runtime::protocol::json::DeserializeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct XmlReader<'a> {
    input: &'a str,
    tokens: quick_xml::Reader<&'a [u8]>,
    /// Set when the body is not UTF-8; every read reports it.
    invalid: Option<DeserializeError>,
    /// The element positioned at: start tag read, content not yet.
    current: Option<Element<'a>>,
    /// Open elements, the current one included.
    depth: u32,
    /// The root element has been entered (a second one is an error).
    rooted: bool,
}

/// A start tag whose content is still unread.
#[derive(Debug, Clone, Copy)]
struct Element<'a> {
    /// The text between `<` and `>` (or `/>`): the name, then the attributes.
    tag: &'a str,
    name_len: usize,
    /// `<a/>`: no content and no end tag follow.
    empty: bool,
    /// Where the start tag begins, for errors about the element's value.
    offset: usize,
}

impl<'a> Element<'a> {
    fn qualified_name(&self) -> &'a str {
        self.tag.get(..self.name_len).unwrap_or_default()
    }

    fn local_name(&self) -> &'a str {
        local(self.qualified_name())
    }

    fn attributes(&self) -> Attributes<'a> {
        Attributes::new(self.tag, self.name_len)
    }
}

/// Text pieces joined into one value, borrowing while there is only one.
enum Text<'a> {
    Empty,
    Borrowed(&'a str),
    Owned(String),
}

impl<'a> Text<'a> {
    fn push(&mut self, piece: Cow<'a, str>) {
        if piece.is_empty() {
            return;
        }
        // XML turns CRLF and lone CR into LF; a referenced `&#xD;` stays.
        if piece.contains('\r') {
            let normalized = piece.replace("\r\n", "\n").replace('\r', "\n");
            return self.push_owned(&normalized);
        }
        match (&*self, piece) {
            (Text::Empty, Cow::Borrowed(piece)) => *self = Text::Borrowed(piece),
            (_, piece) => self.push_owned(&piece),
        }
    }

    fn push_owned(&mut self, piece: &str) {
        match self {
            Text::Empty => *self = Text::Owned(piece.to_owned()),
            Text::Borrowed(first) => *self = Text::Owned(format!("{first}{piece}")),
            Text::Owned(s) => s.push_str(piece),
        }
    }

    fn push_char(&mut self, c: char) {
        let mut buf = [0; 4];
        self.push_owned(c.encode_utf8(&mut buf));
    }

    fn finish(self) -> Cow<'a, str> {
        match self {
            Text::Empty => Cow::Borrowed(""),
            Text::Borrowed(s) => Cow::Borrowed(s),
            Text::Owned(s) => Cow::Owned(s),
        }
    }
}

impl<'a> XmlReader<'a> {
    /// A reader before the first token of `input`. Nothing is checked until
    /// the first read, which reports bytes that are not UTF-8.
    pub fn new(input: &'a [u8]) -> Self {
        let (text, invalid) = match std::str::from_utf8(input) {
            Ok(text) => (text, None),
            Err(e) => ("", Some(DeserializeError::at("the XML body is not valid UTF-8", e.valid_up_to()))),
        };
        Self { input: text, tokens: quick_xml::Reader::from_str(text), invalid, current: None, depth: 0, rooted: false }
    }

    /// Reads a whole response body: an empty (all-whitespace) body is no
    /// document and `root` is not called; otherwise `root` gets the root
    /// element's local name with the reader positioned at it, and nothing
    /// but comments and whitespace may follow the root.
    pub fn read_body(body: &'a [u8], root: impl FnOnce(&'a str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        XmlReader::new(body).root(root)
    }

    /// The byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        usize::try_from(self.tokens.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Reads the prolog (XML declaration, comments, whitespace) and the
    /// root's start tag; returns the root's local name. A DOCTYPE is refused.
    pub fn start_root(&mut self) -> Result<&'a str, DeserializeError> {
        if self.rooted {
            return Err(self.error("the root element was already read"));
        }
        loop {
            let offset = self.offset();
            match self.next_event()? {
                Event::Start(tag) => return self.enter(&tag, false, offset).map(|e| e.local_name()),
                Event::Empty(tag) => return self.enter(&tag, true, offset).map(|e| e.local_name()),
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_whitespace(&t) => {}
                Event::Eof => return Err(DeserializeError::at("the XML body has no root element", offset)),
                _ => return Err(DeserializeError::at("unexpected content before the root element", offset)),
            }
        }
    }

    /// Reads the root element with `read`, which gets its local name and the
    /// reader positioned at it, then checks the document ends there.
    pub fn root<T>(&mut self, read: impl FnOnce(&'a str, &mut Self) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
        let name = self.start_root()?;
        let value = read(name, self)?;
        self.finish()?;
        Ok(value)
    }

    /// Skips what is left unread of the root element and checks only
    /// comments and whitespace follow it.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        if !self.rooted {
            return Err(self.error("the root element was not read"));
        }
        if self.current.is_some() {
            self.skip()?;
        }
        if self.depth != 0 {
            return Err(self.error("the root element is still open"));
        }
        loop {
            let offset = self.offset();
            match self.next_event()? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_whitespace(&t) => {}
                Event::Start(_) | Event::Empty(_) => {
                    return Err(DeserializeError::at("a second root element follows the first", offset));
                }
                _ => return Err(DeserializeError::at("unexpected content after the root element", offset)),
            }
        }
    }

    /// The value of the current element's attribute `name`, unescaped.
    ///
    /// A `name` with a prefix (`xsi:type`) must match exactly; one without
    /// matches the local name of any attribute but the `xmlns` declarations.
    /// `None` when there is no such attribute; an error when the reader is
    /// not positioned at an element (its content was already read).
    pub fn attribute(&self, name: &str) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        let Some(element) = self.current else {
            return Err(self.error("attributes are read before the element's content"));
        };
        let prefixed = name.contains(':');
        for attr in element.attributes() {
            let attr = attr.map_err(|e| DeserializeError::owned_at(format!("malformed attribute: {e}"), element.offset))?;
            let key = attr.key.into_inner();
            let matches = if prefixed { key == name } else { !is_namespace_declaration(key) && local(key) == name };
            if matches {
                return attribute_value(attr.value).map(Some).map_err(|m| DeserializeError::at(m, element.offset));
            }
        }
        Ok(None)
    }

    /// Reads the current element's child elements: `child` gets each one's
    /// local name with the reader positioned at it, and reads or skips it (a
    /// child left unread is skipped). Text between children is ignored.
    pub fn children(&mut self, mut child: impl FnMut(&'a str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        if self.take_current()?.empty {
            self.leave();
            return Ok(());
        }
        loop {
            let offset = self.offset();
            let element = match self.next_event()? {
                Event::Start(tag) => self.enter(&tag, false, offset)?,
                Event::Empty(tag) => self.enter(&tag, true, offset)?,
                Event::End(_) => {
                    self.leave();
                    return Ok(());
                }
                Event::GeneralRef(r) => {
                    resolve_reference(&r).map_err(|m| DeserializeError::at(m, offset))?;
                    continue;
                }
                event => {
                    self.content_event(&event, offset)?;
                    continue;
                }
            };
            child(element.local_name(), self)?;
            if self.current.is_some() {
                self.skip()?;
            }
        }
    }

    /// The current element's text content (`""` for `<a/>` or `<a></a>`),
    /// references resolved and CDATA included. Child elements are an error.
    pub fn string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let element = self.take_current()?;
        if element.empty {
            self.leave();
            return Ok(Cow::Borrowed(""));
        }
        let mut text = Text::Empty;
        loop {
            let offset = self.offset();
            match self.next_event()? {
                Event::Text(t) => text.push(t.into_inner()),
                Event::CData(t) => text.push(t.into_inner()),
                Event::GeneralRef(r) => text.push_char(resolve_reference(&r).map_err(|m| DeserializeError::at(m, offset))?),
                Event::End(_) => {
                    self.leave();
                    return Ok(text.finish());
                }
                Event::Start(_) | Event::Empty(_) => {
                    let message = format!("expected text in `{}`, found an element", element.local_name());
                    return Err(DeserializeError::owned_at(message, offset));
                }
                event => self.content_event(&event, offset)?,
            }
        }
    }

    /// `true` or `false`, surrounding whitespace ignored.
    pub fn boolean(&mut self) -> Result<bool, DeserializeError> {
        self.scalar(http::parse_bool)
    }

    /// A Smithy `byte`.
    pub fn i8(&mut self) -> Result<i8, DeserializeError> {
        self.scalar(http::parse_int)
    }

    /// A Smithy `short`.
    pub fn i16(&mut self) -> Result<i16, DeserializeError> {
        self.scalar(http::parse_int)
    }

    /// A Smithy `integer`.
    pub fn i32(&mut self) -> Result<i32, DeserializeError> {
        self.scalar(http::parse_int)
    }

    /// A Smithy `long`.
    pub fn i64(&mut self) -> Result<i64, DeserializeError> {
        self.scalar(http::parse_int)
    }

    /// A Smithy `float`: a number, `NaN`, `Infinity` or `-Infinity`.
    pub fn f32(&mut self) -> Result<f32, DeserializeError> {
        self.scalar(http::parse_f32)
    }

    /// A Smithy `double`: a number, `NaN`, `Infinity` or `-Infinity`.
    pub fn f64(&mut self) -> Result<f64, DeserializeError> {
        self.scalar(http::parse_f64)
    }

    /// A Smithy `bigInteger`, keeping the exact digits.
    pub fn big_integer(&mut self) -> Result<BigInteger, DeserializeError> {
        self.scalar(|s| s.parse().map_err(|_| DeserializeError::custom(format!("expected a big integer, found `{s}`"))))
    }

    /// A Smithy `bigDecimal`, keeping the exact lexeme.
    pub fn big_decimal(&mut self) -> Result<BigDecimal, DeserializeError> {
        self.scalar(|s| s.parse().map_err(|_| DeserializeError::custom(format!("expected a big decimal, found `{s}`"))))
    }

    /// A blob: base64 text, which may be wrapped over lines; empty text is an
    /// empty blob.
    pub fn blob(&mut self) -> Result<Blob, DeserializeError> {
        self.scalar(|s| {
            let joined: Cow<'_, str> =
                if s.contains(is_xml_whitespace) { Cow::Owned(s.chars().filter(|&c| !is_xml_whitespace(c)).collect()) } else { Cow::Borrowed(s) };
            http::base64_decode(&joined).map(Blob::new)
        })
    }

    /// A timestamp in `format`; restXml and the query protocols default to
    /// [`TimestampFormat::DateTime`].
    pub fn timestamp(&mut self, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
        self.scalar(|s| parse_timestamp_str(s, format))
    }

    /// Skips the current element and everything in it, still checking that
    /// it is well formed.
    pub fn skip(&mut self) -> Result<(), DeserializeError> {
        if self.take_current()?.empty {
            self.leave();
            return Ok(());
        }
        let floor = self.depth;
        loop {
            let offset = self.offset();
            match self.next_event()? {
                Event::Start(tag) => {
                    self.enter(&tag, false, offset)?;
                    self.current = None;
                }
                Event::Empty(tag) => {
                    self.enter(&tag, true, offset)?;
                    self.current = None;
                    self.leave();
                }
                Event::End(_) => {
                    self.leave();
                    if self.depth < floor {
                        return Ok(());
                    }
                }
                Event::GeneralRef(r) => {
                    resolve_reference(&r).map_err(|m| DeserializeError::at(m, offset))?;
                }
                event => self.content_event(&event, offset)?,
            }
        }
    }

    // ---- internals ----

    /// The next token, with the tokenizer's errors located.
    fn next_event(&mut self) -> Result<Event<'a>, DeserializeError> {
        if let Some(e) = &self.invalid {
            return Err(e.clone());
        }
        let start = self.offset();
        let event = self.tokens.read_event().map_err(|e| {
            let at = usize::try_from(self.tokens.error_position()).unwrap_or(usize::MAX);
            DeserializeError::owned_at(format!("malformed XML: {e}"), at)
        })?;
        if let Event::DocType(_) = event {
            return Err(DeserializeError::at(DOCTYPE_REFUSED, start));
        }
        Ok(event)
    }

    /// Checks a start tag and makes it the current element.
    fn enter(&mut self, tag: &str, empty: bool, offset: usize) -> Result<Element<'a>, DeserializeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DeserializeError::at("XML nested deeper than 128 elements", offset));
        }
        if self.depth == 0 && self.rooted {
            return Err(DeserializeError::at("a second root element follows the first", offset));
        }
        let tag = reborrow(self.input, tag).ok_or_else(|| DeserializeError::at("malformed XML start tag", offset))?;
        let name_len = tag.find(is_xml_whitespace).unwrap_or(tag.len());
        let element = Element { tag, name_len, empty, offset };
        if !is_name(element.qualified_name()) {
            return Err(DeserializeError::at("invalid XML element name", offset));
        }
        // Every attribute is checked, read or not, so a malformed tag or an
        // unknown entity is an error wherever it is.
        for attr in element.attributes() {
            let attr = attr.map_err(|e| DeserializeError::owned_at(format!("malformed attribute: {e}"), offset))?;
            if !is_name(attr.key.into_inner()) {
                return Err(DeserializeError::at("invalid XML attribute name", offset));
            }
            attribute_value(attr.value).map_err(|m| DeserializeError::at(m, offset))?;
        }
        self.depth += 1;
        self.rooted = true;
        self.current = Some(element);
        Ok(element)
    }

    /// An element's end: its end tag, or the start tag of an empty one, was read.
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn take_current(&mut self) -> Result<Element<'a>, DeserializeError> {
        self.current.take().ok_or_else(|| self.error("no element to read: its content was already read"))
    }

    /// Tokens that may appear in content but carry nothing for the caller
    /// that met them (text between child elements, comments, instructions).
    fn content_event(&self, event: &Event<'a>, offset: usize) -> Result<(), DeserializeError> {
        match event {
            Event::Text(_) | Event::CData(_) | Event::Comment(_) | Event::PI(_) => Ok(()),
            Event::Eof => Err(DeserializeError::at("the XML body ended inside an element", offset)),
            Event::Decl(_) => Err(DeserializeError::at("an XML declaration inside the document", offset)),
            _ => Err(DeserializeError::at("unexpected XML token", offset)),
        }
    }

    /// Reads the current element's text, trims XML whitespace (as XML Schema
    /// does for booleans, numbers and dates) and parses it.
    fn scalar<T>(&mut self, parse: impl FnOnce(&str) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
        let offset = self.current.map_or(self.offset(), |e| e.offset);
        let text = self.string()?;
        parse(text.trim_matches(is_xml_whitespace)).map_err(|e| e.at_offset(offset))
    }

    fn error(&self, message: &'static str) -> DeserializeError {
        DeserializeError::at(message, self.offset())
    }
}

/// `part`, a piece of `input` the tokenizer handed out with a shorter
/// lifetime, re-sliced from `input` so it outlives the token. `None` when
/// `part` does not lie inside `input` (it was copied).
fn reborrow<'a>(input: &'a str, part: &str) -> Option<&'a str> {
    let base = input.as_ptr() as usize;
    let start = (part.as_ptr() as usize).checked_sub(base)?;
    let end = start.checked_add(part.len())?;
    if end > input.len() {
        return None;
    }
    input.get(start..end)
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

fn is_namespace_declaration(key: &str) -> bool {
    key == "xmlns" || key.starts_with("xmlns:")
}

fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_whitespace(text: &str) -> bool {
    text.chars().all(is_xml_whitespace)
}

/// An XML name: ASCII is held to the grammar, other characters are allowed
/// (AWS names are ASCII; the point is to catch garbage, not to validate Unicode).
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || c == ':' || !c.is_ascii();
    start(first) && chars.all(|c| start(c) || c.is_ascii_digit() || c == '-' || c == '.')
}

/// The character `&name;` stands for: one of the five predefined entities
/// or a character reference. Any other name would need a DTD.
fn resolve_reference(name: &str) -> Result<char, &'static str> {
    Ok(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => match name.strip_prefix('#') {
            Some(number) => char_reference(number).ok_or("invalid character reference")?,
            None => return Err("unknown entity: only &lt; &gt; &amp; &quot; &apos; and character references are accepted"),
        },
    })
}

/// `#10` or `#xA` (without the `#`). Every character but U+0000 may be
/// referenced, as in XML 1.1, since control characters are written that way.
fn char_reference(number: &str) -> Option<char> {
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok().and_then(char::from_u32).filter(|&c| c != '\0')
}

/// An attribute value as the tokenizer found it, references resolved and
/// its raw whitespace normalized to spaces, as XML requires.
fn attribute_value(raw: Cow<'_, str>) -> Result<Cow<'_, str>, &'static str> {
    let needs_work = |s: &str| s.contains(['&', '\t', '\n', '\r']);
    let raw = match raw {
        Cow::Borrowed(s) if !needs_work(s) => return Ok(Cow::Borrowed(s)),
        Cow::Owned(s) if !needs_work(&s) => return Ok(Cow::Owned(s)),
        other => other,
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = &*raw;
    while let Some(c) = rest.chars().next() {
        match c {
            '&' => {
                let end = rest.find(';').ok_or("a reference in an attribute is not closed by `;`")?;
                out.push(resolve_reference(rest.get(1..end).unwrap_or_default())?);
                rest = rest.get(end + 1..).unwrap_or_default();
                continue;
            }
            '\r' if rest.starts_with("\r\n") => {
                out.push(' ');
                rest = rest.get(2..).unwrap_or_default();
                continue;
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
