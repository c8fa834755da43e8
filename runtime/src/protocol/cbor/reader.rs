//! A pull decoder over a CBOR body (RFC 8949) that generated deserializers drive member by member.

use std::borrow::Cow;

use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime};

use crate::protocol::json::DeserializeError;

/// How many maps and arrays may be open at once, as for JSON and XML.
const MAX_DEPTH: usize = 128;

/// The major types of RFC 8949 section 3.1.
const UNSIGNED: u8 = 0;
const NEGATIVE: u8 = 1;
const BYTES: u8 = 2;
const TEXT: u8 = 3;
const ARRAY: u8 = 4;
const MAP: u8 = 5;
const TAG: u8 = 6;
const SIMPLE: u8 = 7;

/// Additional information 31: an indefinite length, or (major type 7) the break.
const INDEFINITE: u8 = 31;
const BREAK: u8 = 0xff;

/// The initial bytes of the simple values the reader looks at.
const FALSE: u8 = 0xf4;
const TRUE: u8 = 0xf5;
const NULL: u8 = 0xf6;
const UNDEFINED: u8 = 0xf7;

/// Tags of RFC 8949 section 3.4 that Smithy uses.
const TAG_EPOCH: u64 = 1;
const TAG_POS_BIGNUM: u64 = 2;
const TAG_NEG_BIGNUM: u64 = 3;
const TAG_DECIMAL_FRACTION: u64 = 4;

/// The head of a data item: major type, additional information and argument
/// (the length, value or tag number; 0 for an indefinite length).
#[derive(Debug, Clone, Copy)]
struct Head {
    major: u8,
    info: u8,
    arg: u64,
    /// Offset of the initial byte.
    start: usize,
}

impl Head {
    fn indefinite(&self) -> bool {
        self.info == INDEFINITE
    }
}

/// An open map or array: how many items (keys for a map) are left, or `None`
/// for an indefinite length that ends at a break.
#[derive(Debug, Clone, Copy)]
struct Frame {
    map: bool,
    left: Option<u64>,
}

/// A pull decoder over a CBOR data item.
///
/// The caller says what it expects next (`begin_map`, `next_key`, `string`,
/// `i32`, ...) and the reader checks the input really is that, the way
/// [`JsonReader`](crate::protocol::json::JsonReader) does for JSON. Maps and
/// arrays may have definite or indefinite lengths; text strings are
/// borrowed from the input unless they arrive in indefinite-length chunks.
/// Declared lengths are checked against the bytes left before anything is
/// read, so a hostile length never allocates.
///
/// ```
/// use client_runtime::protocol::cbor::CborReader;
/// // {"name": "aé", "size": 3}
/// let body = [0xa2, 0x64, b'n', b'a', b'm', b'e', 0x63, b'a', 0xc3, 0xa9, 0x64, b's', b'i', b'z', b'e', 0x03];
/// let mut r = CborReader::new(&body);
/// r.begin_map()?;
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
pub struct CborReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Open containers, innermost last; never longer than `MAX_DEPTH`.
    open: Vec<Frame>,
}

impl<'a> CborReader<'a> {
    /// A reader positioned before the first data item of `input`. Empty input
    /// is an error when read; [`body_map`](Self::body_map) treats an empty
    /// body as an empty map.
    pub fn new(input: &'a [u8]) -> Self {
        Self { input, pos: 0, open: Vec::new() }
    }

    /// The byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Consumes a `null` or `undefined` and returns true; otherwise returns
    /// false and consumes nothing.
    pub fn is_null(&mut self) -> Result<bool, DeserializeError> {
        match self.input.get(self.pos) {
            Some(&(NULL | UNDEFINED)) => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(self.error("expected a value, found the end of the input")),
        }
    }

    /// Consumes the head of a map (of definite or indefinite length).
    pub fn begin_map(&mut self) -> Result<(), DeserializeError> {
        let head = self.head_of(MAP, "a map")?;
        self.enter(head, true)
    }

    /// The next key of the current map, or `None` (having consumed the end of
    /// the map) when it ends. Keys must be text strings, as Smithy sends them.
    /// The value must be read (or skipped) before the next call.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        if !self.next_item(true)? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// Consumes the head of an array (of definite or indefinite length).
    pub fn begin_array(&mut self) -> Result<(), DeserializeError> {
        let head = self.head_of(ARRAY, "an array")?;
        self.enter(head, false)
    }

    /// True when another element of the current array follows (read it
    /// next); false, having consumed the end of the array, when it ends.
    pub fn next_element(&mut self) -> Result<bool, DeserializeError> {
        self.next_item(false)
    }

    /// A text string, borrowed from the input unless it is sent in chunks.
    pub fn string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let head = self.head_of(TEXT, "a text string")?;
        if !head.indefinite() {
            let bytes = self.take(head.arg, head.start)?;
            return utf8(bytes, self.pos - bytes.len()).map(Cow::Borrowed);
        }
        let mut out = String::new();
        while let Some(chunk) = self.chunk(TEXT)? {
            out.push_str(utf8(chunk, self.pos - chunk.len())?);
        }
        Ok(Cow::Owned(out))
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, DeserializeError> {
        match self.input.get(self.pos) {
            Some(&FALSE) => {
                self.pos += 1;
                Ok(false)
            }
            Some(&TRUE) => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.unexpected("a boolean")),
        }
    }

    /// A Smithy `byte`: any CBOR integer in `i8` range.
    pub fn i8(&mut self) -> Result<i8, DeserializeError> {
        self.integer("a byte")
    }

    /// A Smithy `short`: any CBOR integer in `i16` range.
    pub fn i16(&mut self) -> Result<i16, DeserializeError> {
        self.integer("a short")
    }

    /// A Smithy `integer`: any CBOR integer in `i32` range.
    pub fn i32(&mut self) -> Result<i32, DeserializeError> {
        self.integer("an integer")
    }

    /// A Smithy `long`: any CBOR integer in `i64` range, whatever width it is
    /// encoded in.
    pub fn i64(&mut self) -> Result<i64, DeserializeError> {
        self.integer("a long")
    }

    /// A Smithy `float`: a half, single or double float (a double is
    /// rounded), or an integer.
    pub fn f32(&mut self) -> Result<f32, DeserializeError> {
        self.float("a float").map(|v| v as f32)
    }

    /// A Smithy `double`: a half, single or double float, or an integer.
    pub fn f64(&mut self) -> Result<f64, DeserializeError> {
        self.float("a double")
    }

    /// A Smithy `bigInteger`: an integer of any major type 0 or 1 value, or a
    /// bignum (tag 2 or 3) of up to 128 bits.
    pub fn big_integer(&mut self) -> Result<BigInteger, DeserializeError> {
        let start = self.pos;
        let value = self.wide_integer("a big integer")?;
        value.to_string().parse().map_err(|_| DeserializeError::at("invalid big integer", start))
    }

    /// A Smithy `bigDecimal`: an integer, a bignum, a float, or a decimal
    /// fraction (tag 4, `[exponent, mantissa]`) whose mantissa fits 128 bits.
    pub fn big_decimal(&mut self) -> Result<BigDecimal, DeserializeError> {
        let start = self.pos;
        let text = match self.peek_expecting("a big decimal")? {
            Head { major: SIMPLE, info: 25..=27, .. } => {
                let v = self.f64()?;
                if !v.is_finite() {
                    return Err(DeserializeError::at("a big decimal cannot be NaN or infinite", start));
                }
                format!("{v:e}")
            }
            Head { major: TAG, arg: TAG_DECIMAL_FRACTION, .. } => {
                self.head()?;
                self.begin_array()?;
                let mut parts = [0i128; 2];
                for part in &mut parts {
                    if !self.next_element()? {
                        return Err(DeserializeError::at("a decimal fraction needs an exponent and a mantissa", start));
                    }
                    *part = self.wide_integer("a decimal fraction part")?;
                }
                if self.next_element()? {
                    return Err(DeserializeError::at("a decimal fraction has exactly two elements", start));
                }
                format!("{}e{}", parts[1], parts[0])
            }
            _ => self.wide_integer("a big decimal")?.to_string(),
        };
        text.parse().map_err(|_| DeserializeError::at("invalid big decimal", start))
    }

    /// A blob: a byte string, or an indefinite-length byte string's chunks joined.
    pub fn blob(&mut self) -> Result<Blob, DeserializeError> {
        let head = self.head_of(BYTES, "a byte string")?;
        if !head.indefinite() {
            return self.take(head.arg, head.start).map(|b| Blob::new(b.to_vec()));
        }
        let mut out = Vec::new();
        while let Some(chunk) = self.chunk(BYTES)? {
            out.extend_from_slice(chunk);
        }
        Ok(Blob::new(out))
    }

    /// A timestamp: tag 1 over integer or floating-point epoch seconds.
    pub fn timestamp(&mut self) -> Result<DateTime, DeserializeError> {
        let start = self.pos;
        let tag = self.head_of(TAG, "a timestamp (tag 1)")?;
        if tag.arg != TAG_EPOCH {
            return Err(DeserializeError::owned_at(format!("expected a timestamp (tag 1), found tag {}", tag.arg), start));
        }
        let head = self.peek_expecting("epoch seconds")?;
        match head.major {
            UNSIGNED | NEGATIVE => self.i64().map(|secs| DateTime::from_secs_and_nanos(secs, 0)),
            SIMPLE => {
                let secs = self.f64()?;
                // i64 seconds span about 2.9e11 years; past that `as i64` would saturate.
                if !secs.is_finite() || secs.abs() >= 9.2e18 {
                    return Err(DeserializeError::at("epoch-seconds timestamp out of range", head.start));
                }
                Ok(DateTime::from_secs_f64(secs))
            }
            _ => Err(self.unexpected("epoch seconds")),
        }
    }

    /// A `null` element of a list or map that is not `@sparse`: skipped, as
    /// clients do (the JSON reader's strict mode, which servers use, has no
    /// CBOR counterpart yet).
    pub fn dense_null(&self) -> Result<(), DeserializeError> {
        Ok(())
    }

    /// A union member the model does not define: kept as `Unknown`.
    pub fn unknown_union_member(&self, _key: &str) -> Result<(), DeserializeError> {
        Ok(())
    }

    /// Skips one data item of any kind, checking it is well formed (text
    /// strings must be UTF-8; nesting is limited as for reads).
    pub fn skip_value(&mut self) -> Result<(), DeserializeError> {
        // Tags prefix an item; a loop, so that a run of tags cannot recurse.
        while self.peek_head()?.major == TAG {
            self.head()?;
        }
        let head = self.peek_head()?;
        match head.major {
            UNSIGNED | NEGATIVE => {
                self.head()?;
            }
            BYTES => drop(self.skip_bytes()?),
            TEXT => drop(self.string()?),
            ARRAY => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip_value()?;
                }
            }
            MAP => {
                self.begin_map()?;
                // Any key type is well formed CBOR, though Smithy sends only text.
                while self.next_item(true)? {
                    self.skip_value()?;
                    self.skip_value()?;
                }
            }
            SIMPLE if head.indefinite() => return Err(self.unexpected("a value")),
            // RFC 8949 section 3.3: simple values below 32 take the one-byte form only.
            SIMPLE if head.info == 24 && head.arg < 32 => return Err(DeserializeError::at("simple value in a two-byte form", head.start)),
            _ => {
                self.head()?;
            }
        }
        Ok(())
    }

    /// Reads a map: calls `member` with each key, and `member` must read or
    /// skip that member's value. Generated deserializers are one `match`
    /// inside this.
    pub fn map(&mut self, mut member: impl FnMut(&str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        self.begin_map()?;
        while let Some(key) = self.next_key()? {
            member(&key, self)?;
        }
        Ok(())
    }

    /// Reads a whole rpcv2Cbor response body that holds a map: an empty body
    /// has no members, and nothing may follow the map.
    pub fn body_map(body: &'a [u8], member: impl FnMut(&str, &mut Self) -> Result<(), DeserializeError>) -> Result<(), DeserializeError> {
        if body.is_empty() {
            return Ok(());
        }
        let mut reader = CborReader::new(body);
        reader.map(member)?;
        reader.finish()
    }

    /// Checks that every map and array was closed and nothing follows.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        if !self.open.is_empty() {
            return Err(self.error("a map or array was not closed"));
        }
        if self.pos < self.input.len() {
            return Err(self.error("unexpected data after the end of the CBOR data item"));
        }
        Ok(())
    }

    // ---- structure ----

    fn enter(&mut self, head: Head, map: bool) -> Result<(), DeserializeError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(DeserializeError::at("CBOR nested deeper than 128 maps and arrays", head.start));
        }
        let left = (!head.indefinite()).then_some(head.arg);
        self.open.push(Frame { map, left });
        Ok(())
    }

    /// Before a key (map) or element (array): false, having closed the
    /// container, when it has no more; true otherwise.
    fn next_item(&mut self, map: bool) -> Result<bool, DeserializeError> {
        let Some(frame) = self.open.last_mut() else {
            return Err(self.error(if map { "a key was requested outside a map" } else { "an element was requested outside an array" }));
        };
        if frame.map != map {
            return Err(self.error(if map { "a key was requested inside an array" } else { "an element was requested inside a map" }));
        }
        match &mut frame.left {
            Some(0) => {}
            Some(left) => {
                *left -= 1;
                return Ok(true);
            }
            None => match self.input.get(self.pos) {
                Some(&BREAK) => self.pos += 1,
                Some(_) => return Ok(true),
                None => return Err(self.error("the input ended inside an indefinite-length map or array")),
            },
        }
        self.open.pop();
        Ok(false)
    }

    // ---- data items ----

    /// Decodes the head at the current position without consuming it.
    fn peek_head(&self) -> Result<Head, DeserializeError> {
        let start = self.pos;
        let Some(&initial) = self.input.get(start) else {
            return Err(DeserializeError::at("expected a value, found the end of the input", start));
        };
        let (major, info) = (initial >> 5, initial & 0x1f);
        let width = match info {
            0..=23 => return Ok(Head { major, info, arg: u64::from(info), start }),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            28..=30 => return Err(DeserializeError::at("reserved additional information (28 to 30) in a CBOR head", start)),
            _ => {
                // Only strings, arrays and maps have indefinite lengths; 0xff is the break.
                if matches!(major, UNSIGNED | NEGATIVE | TAG) {
                    return Err(DeserializeError::at("indefinite length on an integer or tag", start));
                }
                return Ok(Head { major, info, arg: 0, start });
            }
        };
        let bytes = self.input.get(start + 1..start + 1 + width).ok_or_else(|| DeserializeError::at("truncated CBOR head", start))?;
        let arg = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        Ok(Head { major, info, arg, start })
    }

    /// Decodes and consumes the head at the current position.
    fn head(&mut self) -> Result<Head, DeserializeError> {
        let head = self.peek_head()?;
        self.pos += 1 + match head.info {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => 0,
        };
        Ok(head)
    }

    /// `peek_head`, where the end of the input is an error naming `what`.
    fn peek_expecting(&self, what: &'static str) -> Result<Head, DeserializeError> {
        if self.pos >= self.input.len() {
            return Err(self.unexpected(what));
        }
        self.peek_head()
    }

    /// Consumes a head of major type `major`; anything else is an error naming `what`.
    fn head_of(&mut self, major: u8, what: &'static str) -> Result<Head, DeserializeError> {
        let head = self.peek_expecting(what)?;
        if head.major != major {
            return Err(self.unexpected(what));
        }
        self.head()
    }

    /// Consumes `len` bytes of string content, checked against what is left
    /// before anything is sliced or allocated.
    fn take(&mut self, len: u64, start: usize) -> Result<&'a [u8], DeserializeError> {
        let left = self.input.len() - self.pos;
        let len = usize::try_from(len).ok().filter(|&len| len <= left);
        let Some(len) = len else {
            return Err(DeserializeError::at("string length runs past the end of the input", start));
        };
        let bytes = &self.input[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    /// The next chunk of an indefinite-length string of `major` type, or
    /// `None` at its break. Chunks must be definite strings of the same type.
    fn chunk(&mut self, major: u8) -> Result<Option<&'a [u8]>, DeserializeError> {
        match self.input.get(self.pos) {
            Some(&BREAK) => {
                self.pos += 1;
                return Ok(None);
            }
            None => return Err(self.error("the input ended inside an indefinite-length string")),
            Some(_) => {}
        }
        let head = self.peek_head()?;
        if head.major != major || head.indefinite() {
            return Err(DeserializeError::at("an indefinite-length string chunk must be a definite string of the same type", head.start));
        }
        self.head()?;
        self.take(head.arg, head.start).map(Some)
    }

    /// Skips a byte string of either length without copying it.
    fn skip_bytes(&mut self) -> Result<(), DeserializeError> {
        let head = self.head()?;
        if !head.indefinite() {
            return self.take(head.arg, head.start).map(drop);
        }
        while self.chunk(BYTES)?.is_some() {}
        Ok(())
    }

    fn integer<T: TryFrom<i64>>(&mut self, what: &'static str) -> Result<T, DeserializeError> {
        let start = self.pos;
        let head = self.peek_expecting(what)?;
        let value = match head.major {
            UNSIGNED => i64::try_from(head.arg).ok(),
            // -1 - arg fits i64 exactly when arg does.
            NEGATIVE => i64::try_from(head.arg).ok().map(|n| -1 - n),
            _ => return Err(self.unexpected(what)),
        };
        self.head()?;
        value.and_then(|v| T::try_from(v).ok()).ok_or_else(|| DeserializeError::owned_at(format!("expected {what}, found an integer out of its range"), start))
    }

    /// An integer of major type 0 or 1, or a bignum of up to 128 bits.
    fn wide_integer(&mut self, what: &'static str) -> Result<i128, DeserializeError> {
        let start = self.pos;
        let head = self.peek_expecting(what)?;
        match (head.major, head.arg) {
            (UNSIGNED, n) => {
                self.head()?;
                Ok(i128::from(n))
            }
            (NEGATIVE, n) => {
                self.head()?;
                Ok(-1 - i128::from(n))
            }
            (TAG, tag @ (TAG_POS_BIGNUM | TAG_NEG_BIGNUM)) => {
                self.head()?;
                let bytes = self.blob()?;
                let too_big = || DeserializeError::at("bignums wider than 127 bits are not supported", start);
                let digits = bytes.as_ref();
                let digits = &digits[digits.iter().take_while(|&&b| b == 0).count()..];
                if digits.len() > 16 {
                    return Err(too_big());
                }
                let n = digits.iter().fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
                let n = i128::try_from(n).map_err(|_| too_big())?;
                Ok(if tag == TAG_NEG_BIGNUM { -1 - n } else { n })
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn float(&mut self, what: &'static str) -> Result<f64, DeserializeError> {
        let head = self.peek_expecting(what)?;
        let value = match (head.major, head.info) {
            (UNSIGNED, _) => head.arg as f64,
            (NEGATIVE, _) => -1.0 - head.arg as f64,
            // The argument holds the float's bits, zero-extended.
            (SIMPLE, 25) => half_to_f64(head.arg as u16),
            (SIMPLE, 26) => f64::from(f32::from_bits(head.arg as u32)),
            (SIMPLE, 27) => f64::from_bits(head.arg),
            _ => return Err(self.unexpected(what)),
        };
        self.head()?;
        Ok(value)
    }

    // ---- errors ----

    fn error(&self, message: &'static str) -> DeserializeError {
        DeserializeError::at(message, self.pos)
    }

    /// "expected {what}, found {the item at the current position}".
    fn unexpected(&self, what: &'static str) -> DeserializeError {
        let found = match self.input.get(self.pos) {
            None => "the end of the input",
            Some(&b) => describe(b),
        };
        DeserializeError::owned_at(format!("expected {what}, found {found}"), self.pos)
    }
}

/// What a data item with initial byte `b` is, for error messages.
fn describe(b: u8) -> &'static str {
    match (b >> 5, b) {
        (_, FALSE | TRUE) => "a boolean",
        (_, NULL) => "null",
        (_, UNDEFINED) => "undefined",
        (_, BREAK) => "a break outside an indefinite-length item",
        (_, 0xf9..=0xfb) => "a float",
        (UNSIGNED, _) => "an unsigned integer",
        (NEGATIVE, _) => "a negative integer",
        (BYTES, _) => "a byte string",
        (TEXT, _) => "a text string",
        (ARRAY, _) => "an array",
        (MAP, _) => "a map",
        (TAG, _) => "a tag",
        _ => "a simple value",
    }
}

fn utf8(bytes: &[u8], offset: usize) -> Result<&str, DeserializeError> {
    std::str::from_utf8(bytes).map_err(|e| DeserializeError::at("invalid UTF-8 in text string", offset + e.valid_up_to()))
}

/// An IEEE 754 half-precision float (RFC 8949 appendix D) widened to `f64`.
fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15),
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
