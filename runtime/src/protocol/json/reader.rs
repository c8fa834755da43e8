//! A pull parser over a JSON body that generated deserializers drive member by member.

use std::borrow::Cow;
use std::collections::HashMap;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};

use super::DeserializeError;
use crate::protocol::http::TimestampFormat;
use crate::protocol::numbers::{self, Decimal};

/// How many objects and arrays may be open at once. Containers are tracked in
/// one `u128` bit set, and recursion (skipping, documents) is bounded by it.
const MAX_DEPTH: u32 = 128;

/// Bytes that end the fast scan through a string: the quote, the backslash and
/// the control characters JSON forbids unescaped.
const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A pull parser over a JSON document.
///
/// The caller says what it expects next (`begin_object`, `next_key`,
/// `string`, `i32`, ...) and the reader checks the input really is that.
/// Strings are borrowed from the input unless they contain escapes, so a
/// typical response is parsed without allocating per token.
///
/// ```
/// use client_runtime::protocol::json::JsonReader;
/// let mut r = JsonReader::new(br#"{"name": "a\u00e9", "size": 3}"#);
/// r.begin_object()?;
/// while let Some(key) = r.next_key()? {
///     match &*key {
///         "name" => assert_eq!(r.string()?, "aé"),
///         "size" => assert_eq!(r.i32()?, 3),
///         _ => r.skip_value()?,
///     }
/// }
/// r.finish()?;
/// # Ok::<(), client_runtime::protocol::json::DeserializeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Number of open containers.
    depth: u32,
    /// Bit `i` is set when the container at depth `i + 1` is an object.
    objects: u128,
    /// Nothing has been read yet in the innermost open container.
    first: bool,
    /// Reading a request, as a server (the `fake` feature): what clients
    /// forgive in responses is an error (see [`JsonReader::strict`]).
    strict: bool,
}

impl<'a> JsonReader<'a> {
    /// A reader positioned before the first value of `input`. Empty input is
    /// an error when read; callers treat an empty body as `{}` themselves.
    pub fn new(input: &'a [u8]) -> Self {
        Self { input, pos: 0, depth: 0, objects: 0, first: true, strict: false }
    }

    /// A reader for a request body, as the Smithy malformed-request tests
    /// ask of servers: a `null` in a list or map that is not `@sparse`, an
    /// unknown union member, a timestamp in another form than its format
    /// (a number for a string format, a string for epoch seconds, a UTC
    /// offset in a date-time) are errors, where a client reading a response
    /// skips or accepts them.
    pub fn strict(input: &'a [u8]) -> Self {
        Self { strict: true, ..Self::new(input) }
    }

    /// Called on a `null` element of a list or map that is not `@sparse`
    /// (already consumed): skipped by clients, an error in strict mode.
    pub fn dense_null(&self) -> Result<(), DeserializeError> {
        if self.strict { Err(self.error("null in a list or map that is not @sparse")) } else { Ok(()) }
    }

    /// Called on a union member the model does not define: kept as
    /// `Unknown` by clients, an error in strict mode.
    pub fn unknown_union_member(&self, key: &str) -> Result<(), DeserializeError> {
        if self.strict { Err(DeserializeError::custom(format!("unknown union member `{key}`")).at_offset(self.pos)) } else { Ok(()) }
    }

    /// The byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Consumes a `null` and returns true; otherwise returns false and
    /// consumes nothing.
    #[inline]
    pub fn is_null(&mut self) -> Result<bool, DeserializeError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Consumes the `{` that opens an object.
    #[inline]
    pub fn begin_object(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'{') => self.enter(true),
            other => Err(self.unexpected(other, "an object")),
        }
    }

    /// The next member name of the current object, or `None` (having consumed
    /// the `}`) when the object ends. The member's value must be read (or
    /// skipped) before the next call.
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        if !self.in_container(true) {
            return Err(self.error("a member name was requested outside an object"));
        }
        if !self.member_opens()? {
            return Ok(None);
        }
        let key = self.string_body()?;
        self.member_colon()?;
        Ok(Some(key))
    }

    /// Consumes the `[` that opens an array.
    #[inline]
    pub fn begin_array(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'[') => self.enter(false),
            other => Err(self.unexpected(other, "an array")),
        }
    }

    /// True when another element of the current array follows (read it next);
    /// false, having consumed the `]`, when the array ends.
    #[inline]
    pub fn next_element(&mut self) -> Result<bool, DeserializeError> {
        if !self.in_container(false) {
            return Err(self.error("an element was requested outside an array"));
        }
        let next = self.peek();
        if next == Some(b']') {
            self.leave();
            return Ok(false);
        }
        if !self.first {
            if next != Some(b',') {
                return Err(self.unexpected(next, "`,` or `]`"));
            }
            self.pos += 1;
            if self.peek() == Some(b']') {
                return Err(self.error("trailing comma in array"));
            }
        }
        self.first = false;
        Ok(true)
    }

    /// A string, borrowed from the input unless it contains escapes.
    #[inline]
    pub fn string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string_body()
            }
            other => Err(self.unexpected(other, "a string")),
        }
    }

    /// `true` or `false`.
    #[inline]
    pub fn boolean(&mut self) -> Result<bool, DeserializeError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            other => Err(self.unexpected(other, "a boolean")),
        }
    }

    /// A Smithy `byte`: an integral number in `i8` range.
    #[inline]
    pub fn i8(&mut self) -> Result<i8, DeserializeError> {
        self.integer("a byte")
    }

    /// A Smithy `short`: an integral number in `i16` range.
    #[inline]
    pub fn i16(&mut self) -> Result<i16, DeserializeError> {
        self.integer("a short")
    }

    /// A Smithy `integer`: an integral number in `i32` range.
    #[inline]
    pub fn i32(&mut self) -> Result<i32, DeserializeError> {
        self.integer("an integer")
    }

    /// A Smithy `long`: an integral number in `i64` range. `1.0` and `1e3` are
    /// accepted; `1.5` is not.
    #[inline]
    pub fn i64(&mut self) -> Result<i64, DeserializeError> {
        self.integer("a long")
    }

    /// A Smithy `float`: a number, or one of the strings `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`.
    #[inline]
    pub fn f32(&mut self) -> Result<f32, DeserializeError> {
        let start = self.pos;
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let (lexeme, _) = self.number()?;
                lexeme.parse().map_err(|_| DeserializeError::at("invalid float", start))
            }
            _ => self.non_finite().map(|v| v as f32),
        }
    }

    /// A Smithy `double`: a number, or one of the strings `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`.
    #[inline]
    pub fn f64(&mut self) -> Result<f64, DeserializeError> {
        let start = self.pos;
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let (lexeme, _) = self.number()?;
                lexeme.parse().map_err(|_| DeserializeError::at("invalid double", start))
            }
            _ => self.non_finite(),
        }
    }

    /// A Smithy `bigInteger`, keeping the exact digits (a number or a string of digits).
    pub fn big_integer(&mut self) -> Result<BigInteger, DeserializeError> {
        let start = self.offset_of_next();
        let lexeme = self.big_number_lexeme("a big integer")?;
        lexeme.parse().map_err(|_| DeserializeError::at("invalid big integer", start))
    }

    /// A Smithy `bigDecimal`, keeping the exact lexeme (a number or a numeric string).
    pub fn big_decimal(&mut self) -> Result<BigDecimal, DeserializeError> {
        let start = self.offset_of_next();
        let lexeme = self.big_number_lexeme("a big decimal")?;
        lexeme.parse().map_err(|_| DeserializeError::at("invalid big decimal", start))
    }

    /// A timestamp. A number is always epoch seconds (with an optional
    /// fraction); a string is parsed in `format` (`date-time` also accepts
    /// UTC offsets, as the Smithy spec asks of clients).
    pub fn timestamp(&mut self, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
        let start = self.offset_of_next();
        if self.strict {
            return match (self.peek(), format) {
                (Some(b'-' | b'0'..=b'9'), TimestampFormat::EpochSeconds) | (Some(b'"'), TimestampFormat::DateTime | TimestampFormat::HttpDate) => {
                    self.strict = false;
                    let v = self.timestamp_strict_str(format);
                    self.strict = true;
                    v
                }
                (other, _) => Err(self.unexpected(other, "a timestamp in the member's format")),
            };
        }
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let (lexeme, _) = self.number()?;
                Decimal::parse(lexeme.as_bytes())
                    .and_then(|d| d.to_date_time())
                    .ok_or_else(|| DeserializeError::at("epoch-seconds timestamp out of range", start))
            }
            Some(b'"') => {
                let s = self.string()?;
                parse_timestamp_str(&s, format).map_err(|e| e.at_offset(start))
            }
            other => Err(self.unexpected(other, "a timestamp")),
        }
    }

    /// A timestamp already known to have its format's form; a date-time
    /// must say `Z` (RFC 3339 without a UTC offset, as Smithy writes them).
    fn timestamp_strict_str(&mut self, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
        if format != TimestampFormat::DateTime {
            return self.timestamp(format);
        }
        let start = self.offset_of_next();
        let s = self.string()?;
        DateTime::from_str(&s, Format::DateTime).map_err(|_| DeserializeError::at("expected an RFC 3339 date-time in UTC (`Z`)", start))
    }

    /// A blob: a base64-encoded string.
    pub fn blob(&mut self) -> Result<Blob, DeserializeError> {
        let start = self.offset_of_next();
        let s = self.string()?;
        aws_smithy_types::base64::decode(&*s).map(Blob::new).map_err(|_| DeserializeError::at("invalid base64 in blob", start))
    }

    /// Any JSON value as a Smithy document.
    pub fn document(&mut self) -> Result<Document, DeserializeError> {
        let start = self.offset_of_next();
        Ok(match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                let mut map = HashMap::new();
                while let Some(key) = self.next_key()? {
                    let value = self.document()?;
                    map.insert(key.into_owned(), value);
                }
                Document::Object(map)
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut items = Vec::new();
                while self.next_element()? {
                    items.push(self.document()?);
                }
                Document::Array(items)
            }
            Some(b'"') => Document::String(self.string()?.into_owned()),
            Some(b't' | b'f') => Document::Bool(self.boolean()?),
            Some(b'n') => {
                self.literal(b"null")?;
                Document::Null
            }
            Some(b'-' | b'0'..=b'9') => {
                let (lexeme, integer) = self.number()?;
                Document::Number(to_number(lexeme, integer).ok_or_else(|| DeserializeError::at("invalid number", start))?)
            }
            other => return Err(self.unexpected(other, "a value")),
        })
    }

    /// Skips one value of any kind, checking it is well formed.
    pub fn skip_value(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.skip_key()? {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'"') => {
                self.pos += 1;
                self.skip_string_body()
            }
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            other => Err(self.unexpected(other, "a value")),
        }
    }

    /// Reads an object: calls `member` with each name, and `member` must read
    /// or skip that member's value. Generated deserializers are one `match`
    /// inside this.
    #[inline]
    pub fn object(&mut self, mut member: impl FnMut(&str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            member(&key, self)?;
        }
        Ok(())
    }

    /// Reads a whole response body that holds an object, the way restJson1
    /// bodies are read: an empty (all-whitespace) body has no members, and
    /// nothing may follow the object.
    pub fn body_object(body: &'a [u8], member: impl FnMut(&str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let mut reader = JsonReader::new(body);
        reader.object(member)?;
        reader.finish()
    }

    /// [`JsonReader::body_object`] for a request body, in strict mode.
    pub fn strict_body_object(body: &'a [u8], member: impl FnMut(&str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let mut reader = JsonReader::strict(body);
        reader.object(member)?;
        reader.finish()
    }

    /// Checks that every container was closed and only whitespace is left.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        if self.depth != 0 {
            return Err(self.error("an object or array was not closed"));
        }
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected data after the end of the JSON value")),
        }
    }

    // ---- structure ----

    fn enter(&mut self, object: bool) -> Result<(), DeserializeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("JSON nested deeper than 128 objects and arrays"));
        }
        let bit = 1u128 << self.depth;
        if object {
            self.objects |= bit;
        } else {
            self.objects &= !bit;
        }
        self.depth += 1;
        self.pos += 1;
        self.first = true;
        Ok(())
    }

    fn in_container(&self, object: bool) -> bool {
        self.depth > 0 && ((self.objects >> (self.depth - 1)) & 1 == 1) == object
    }

    /// Consumes the closing bracket; the parent container now has a value behind it.
    fn leave(&mut self) {
        self.pos += 1;
        self.depth -= 1;
        self.first = false;
    }

    /// `next_key` without producing the name.
    fn skip_key(&mut self) -> Result<bool, DeserializeError> {
        if !self.member_opens()? {
            return Ok(false);
        }
        self.skip_string_body()?;
        self.member_colon()?;
        Ok(true)
    }

    /// Before a member name: consumes `}` (false: the object ended) or the
    /// separating `,` and the name's opening quote (true).
    #[inline]
    fn member_opens(&mut self) -> Result<bool, DeserializeError> {
        let mut next = self.peek();
        if next == Some(b'}') {
            self.leave();
            return Ok(false);
        }
        if !self.first {
            if next != Some(b',') {
                return Err(self.unexpected(next, "`,` or `}`"));
            }
            self.pos += 1;
            next = self.peek();
        }
        if next != Some(b'"') {
            return Err(self.unexpected(next, "a member name"));
        }
        self.pos += 1;
        Ok(true)
    }

    /// After a member name: consumes the `:`.
    #[inline]
    fn member_colon(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b':') => self.pos += 1,
            other => return Err(self.unexpected(other, "`:`")),
        }
        self.first = false;
        Ok(())
    }

    // ---- tokens ----

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    fn offset_of_next(&mut self) -> usize {
        self.peek();
        self.pos
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), DeserializeError> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("invalid literal"))
        }
    }

    /// Scans a number per the JSON grammar; returns its lexeme and whether it
    /// is a plain integer (no fraction, no exponent).
    fn number(&mut self) -> Result<(&'a str, bool), DeserializeError> {
        let input = self.input;
        let start = self.pos;
        let mut i = start;
        let digits = |mut i: usize| {
            while input.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        if input.get(i) == Some(&b'-') {
            i += 1;
        }
        match input.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i + 1),
            _ => return Err(DeserializeError::at("invalid number", i)),
        }
        let mut integer = true;
        if input.get(i) == Some(&b'.') {
            integer = false;
            let end = digits(i + 1);
            if end == i + 1 {
                return Err(DeserializeError::at("a number needs digits after `.`", end));
            }
            i = end;
        }
        if matches!(input.get(i), Some(b'e' | b'E')) {
            integer = false;
            i += 1;
            if matches!(input.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let end = digits(i);
            if end == i {
                return Err(DeserializeError::at("a number needs digits in its exponent", end));
            }
            i = end;
        }
        self.pos = i;
        // Only ASCII was accepted above, so this cannot fail.
        let lexeme = std::str::from_utf8(&input[start..i]).map_err(|_| DeserializeError::at("invalid number", start))?;
        Ok((lexeme, integer))
    }

    fn integer<T: TryFrom<i64>>(&mut self, what: &'static str) -> Result<T, DeserializeError> {
        let start = self.offset_of_next();
        if !matches!(self.input.get(self.pos), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(self.input.get(self.pos).copied(), what));
        }
        let (lexeme, plain) = self.number()?;
        let value = if plain { numbers::parse_plain_int(lexeme.as_bytes()) } else { Decimal::parse(lexeme.as_bytes()).and_then(|d| d.to_i64()) };
        value.and_then(|v| T::try_from(v).ok()).ok_or_else(|| DeserializeError::owned_at(format!("expected {what}, found `{lexeme}`"), start))
    }

    fn non_finite(&mut self) -> Result<f64, DeserializeError> {
        let start = self.offset_of_next();
        match self.peek() {
            Some(b'"') => {
                let s = self.string()?;
                numbers::non_finite(&s).ok_or_else(|| DeserializeError::at("expected a number, `\"NaN\"`, `\"Infinity\"` or `\"-Infinity\"`", start))
            }
            other => Err(self.unexpected(other, "a number")),
        }
    }

    fn big_number_lexeme(&mut self, what: &'static str) -> Result<Cow<'a, str>, DeserializeError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => Ok(Cow::Borrowed(self.number()?.0)),
            Some(b'"') => self.string(),
            other => Err(self.unexpected(other, what)),
        }
    }

    // ---- strings ----

    /// Reads the rest of a string whose opening quote was consumed.
    fn string_body(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let input = self.input;
        let start = self.pos;
        let end = scan_plain(input, start);
        match input.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                utf8(&input[start..end], start).map(Cow::Borrowed)
            }
            Some(b'\\') => self.escaped_string_body(start, end).map(Cow::Owned),
            Some(_) => Err(DeserializeError::at("unescaped control character in string", end)),
            None => Err(DeserializeError::at("unterminated string", end)),
        }
    }

    /// The slow path: `input[start..i]` is plain text and `input[i]` a backslash.
    fn escaped_string_body(&mut self, start: usize, mut i: usize) -> Result<String, DeserializeError> {
        let input = self.input;
        let mut out = String::with_capacity(i - start + 16);
        let mut chunk = start;
        loop {
            out.push_str(utf8(&input[chunk..i], chunk)?);
            match input.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let (c, len) = unescape(input, i)?;
                    out.push(c);
                    i += len;
                }
                Some(_) => return Err(DeserializeError::at("unescaped control character in string", i)),
                None => return Err(DeserializeError::at("unterminated string", i)),
            }
            chunk = i;
            i = scan_plain(input, i);
        }
    }

    /// Validates the rest of a string without building it.
    fn skip_string_body(&mut self) -> Result<(), DeserializeError> {
        let input = self.input;
        let start = self.pos;
        let mut i = start;
        loop {
            i = scan_plain(input, i);
            match input.get(i) {
                Some(b'"') => break,
                Some(b'\\') => i += unescape(input, i)?.1,
                Some(_) => return Err(DeserializeError::at("unescaped control character in string", i)),
                None => return Err(DeserializeError::at("unterminated string", i)),
            }
        }
        // Escapes are ASCII, so validating the raw text validates the string.
        utf8(&input[start..i], start)?;
        self.pos = i + 1;
        Ok(())
    }

    // ---- errors ----

    fn error(&self, message: &'static str) -> DeserializeError {
        DeserializeError::at(message, self.pos)
    }

    fn unexpected(&self, found: Option<u8>, expected: &'static str) -> DeserializeError {
        let found = match found {
            None => "the end of the input".to_owned(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)),
            Some(b) => format!("byte 0x{b:02x}"),
        };
        DeserializeError::owned_at(format!("expected {expected}, found {found}"), self.pos)
    }
}

/// The end of the run of bytes that need no attention inside a string.
///
/// Eight bytes at a time while none of them can be a quote, a backslash or a
/// control character (the classic "has zero byte" bit trick, which never
/// misses a match and at worst stops early), then byte by byte.
#[inline]
fn scan_plain(input: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = input.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        let x = u64::from_le_bytes(word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let hits = (quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash) | (x.wrapping_sub(ONES * 0x20) & !x);
        if hits & HIGH != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = input.get(i) {
        if STRING_STOP[b as usize] {
            break;
        }
        i += 1;
    }
    i
}

fn utf8(bytes: &[u8], offset: usize) -> Result<&str, DeserializeError> {
    std::str::from_utf8(bytes).map_err(|e| DeserializeError::at("invalid UTF-8 in string", offset + e.valid_up_to()))
}

/// Decodes the escape at `input[i]` (a backslash); returns the character and
/// how many bytes the escape took.
fn unescape(input: &[u8], i: usize) -> Result<(char, usize), DeserializeError> {
    let c = match input.get(i + 1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let high = hex4(input, i + 2)?;
            return match high {
                0xD800..=0xDBFF => {
                    if input.get(i + 6) != Some(&b'\\') || input.get(i + 7) != Some(&b'u') {
                        return Err(DeserializeError::at("unpaired surrogate in string", i));
                    }
                    let low = hex4(input, i + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(DeserializeError::at("unpaired surrogate in string", i));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).map(|c| (c, 12)).ok_or_else(|| DeserializeError::at("invalid unicode escape", i))
                }
                0xDC00..=0xDFFF => Err(DeserializeError::at("unpaired surrogate in string", i)),
                _ => char::from_u32(high).map(|c| (c, 6)).ok_or_else(|| DeserializeError::at("invalid unicode escape", i)),
            };
        }
        Some(_) => return Err(DeserializeError::at("invalid escape in string", i)),
        None => return Err(DeserializeError::at("unterminated string", i)),
    };
    Ok((c, 2))
}

fn hex4(input: &[u8], i: usize) -> Result<u32, DeserializeError> {
    let digits = input.get(i..i + 4).ok_or_else(|| DeserializeError::at("truncated unicode escape", i))?;
    let mut v = 0;
    for &d in digits {
        let n = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return Err(DeserializeError::at("invalid unicode escape", i)),
        };
        v = v * 16 + u32::from(n);
    }
    Ok(v)
}

/// A JSON number as a document number: integers stay exact when they fit.
fn to_number(lexeme: &str, integer: bool) -> Option<Number> {
    if integer {
        if let Some(v) = numbers::parse_plain_int(lexeme.as_bytes()) {
            return Some(if v < 0 { Number::NegInt(v) } else { Number::PosInt(v as u64) });
        }
        if let Ok(v) = lexeme.parse::<u64>() {
            return Some(Number::PosInt(v));
        }
    }
    lexeme.parse().ok().map(Number::Float)
}

/// Parses a timestamp sent as a string, in the member's format.
pub(crate) fn parse_timestamp_str(s: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    let parsed = match format {
        TimestampFormat::DateTime => DateTime::from_str(s, Format::DateTimeWithOffset).ok(),
        TimestampFormat::HttpDate => DateTime::from_str(s, Format::HttpDate).ok(),
        TimestampFormat::EpochSeconds => Decimal::parse(s.as_bytes()).and_then(|d| d.to_date_time()),
    };
    parsed.ok_or_else(|| {
        let expected = match format {
            TimestampFormat::DateTime => "an RFC 3339 date-time",
            TimestampFormat::HttpDate => "an HTTP date",
            TimestampFormat::EpochSeconds => "epoch seconds",
        };
        DeserializeError::custom(format!("expected {expected}, found `{s}`"))
    })
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
