//! A JSON writer into a `String` that generated serializers drive member by member.

use aws_smithy_types::{DateTime, Document, Number};

use crate::protocol::http::{self, TimestampFormat};
use crate::protocol::numbers;

/// Bytes that need an escape inside a JSON string.
const NEEDS_ESCAPE: [bool; 256] = {
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

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes compact JSON into a `String`.
///
/// Separators are the writer's business: call `key` before each member value
/// and just write the elements of an array; commas appear where they belong.
/// Structure (matching begin/end, a value after each key) is the caller's.
///
/// ```
/// use client_runtime::protocol::json::JsonWriter;
/// let mut w = JsonWriter::new();
/// w.begin_object();
/// w.key("name");
/// w.string("a\"b");
/// w.key("sizes");
/// w.begin_array();
/// w.i64(1);
/// w.f64(f64::NAN);
/// w.end_array();
/// w.end_object();
/// assert_eq!(w.finish(), r#"{"name":"a\"b","sizes":[1,"NaN"]}"#);
/// ```
#[derive(Debug, Clone, Default)]
pub struct JsonWriter {
    out: String,
    /// A value was just completed, so the next member or element needs a comma.
    comma: bool,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer whose buffer holds `capacity` bytes before growing.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { out: String::with_capacity(capacity), comma: false }
    }

    /// The JSON written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Opens an object.
    pub fn begin_object(&mut self) {
        self.separate();
        self.out.push('{');
        self.comma = false;
    }

    /// Writes a member name; the member's value must follow.
    pub fn key(&mut self, name: &str) {
        self.separate();
        self.push_string(name);
        self.out.push(':');
        self.comma = false;
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.separate();
        self.out.push('[');
        self.comma = false;
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// A string, escaped as JSON requires; non-ASCII text is kept as UTF-8.
    pub fn string(&mut self, value: &str) {
        self.separate();
        self.push_string(value);
        self.comma = true;
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.raw("null");
    }

    /// A signed integer (any Smithy `byte`, `short`, `integer` or `long`).
    pub fn i64(&mut self, value: i64) {
        self.raw(itoa::Buffer::new().format(value));
    }

    /// An unsigned integer.
    pub fn u64(&mut self, value: u64) {
        self.raw(itoa::Buffer::new().format(value));
    }

    /// A Smithy `double`: the shortest text that reads back as the same value;
    /// NaN and the infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn f64(&mut self, value: f64) {
        match numbers::non_finite_name(value) {
            Some(name) => self.string(name),
            None => self.raw(ryu::Buffer::new().format_finite(value)),
        }
    }

    /// A Smithy `float`: like [`f64`](Self::f64) but shortest for `f32`
    /// (`1.1f32` is written `1.1`, not `1.100000023841858`).
    pub fn f32(&mut self, value: f32) {
        match numbers::non_finite_name(f64::from(value)) {
            Some(name) => self.string(name),
            None => self.raw(ryu::Buffer::new().format_finite(value)),
        }
    }

    /// A `bigInteger` or `bigDecimal` written as a JSON number from its text
    /// (`BigInteger::as_ref()`); forms JSON lacks (`+5`, `.5`, `5.`, `007`)
    /// are normalized, and text that is no number at all is written as a string.
    pub fn big_number(&mut self, lexeme: &str) {
        if is_json_number(lexeme) {
            self.raw(lexeme);
        } else if let Some(normalized) = normalize_number(lexeme) {
            self.raw(&normalized);
        } else {
            self.string(lexeme);
        }
    }

    /// A timestamp: epoch seconds as a number (`1398796238.123`), the other
    /// formats as strings.
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        self.separate();
        match format {
            TimestampFormat::EpochSeconds => numbers::write_epoch_seconds(&mut self.out, value),
            _ => self.push_string(&http::fmt_timestamp(value, format)),
        }
        self.comma = true;
    }

    /// A blob as a base64 string.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.separate();
        self.out.push('"');
        self.out.push_str(&aws_smithy_types::base64::encode(bytes));
        self.out.push('"');
        self.comma = true;
    }

    /// A document, written as the JSON it stands for. Object members are
    /// written in sorted order so output is reproducible.
    pub fn document(&mut self, value: &Document) {
        match value {
            Document::Object(map) => {
                self.begin_object();
                let mut members: Vec<_> = map.iter().collect();
                members.sort_unstable_by(|a, b| a.0.cmp(b.0));
                for (k, v) in members {
                    self.key(k);
                    self.document(v);
                }
                self.end_object();
            }
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document(item);
                }
                self.end_array();
            }
            Document::Number(Number::PosInt(v)) => self.u64(*v),
            Document::Number(Number::NegInt(v)) => self.i64(*v),
            Document::Number(Number::Float(v)) => self.f64(*v),
            Document::String(s) => self.string(s),
            Document::Bool(b) => self.boolean(*b),
            Document::Null => self.null(),
        }
    }

    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    fn raw(&mut self, text: &str) {
        self.separate();
        self.out.push_str(text);
        self.comma = true;
    }

    fn push_string(&mut self, value: &str) {
        let out = &mut self.out;
        out.reserve(value.len() + 2);
        out.push('"');
        let bytes = value.as_bytes();
        let mut plain = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !NEEDS_ESCAPE[b as usize] {
                continue;
            }
            // `b` is ASCII, so `i` is a char boundary.
            out.push_str(&value[plain..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            plain = i + 1;
        }
        out.push_str(&value[plain..]);
        out.push('"');
    }
}

/// True for text that is a JSON number exactly as written.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    // JSON forbids leading zeros (`01`) but `Decimal::parse` accepts them.
    let leading_zero = digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit();
    !leading_zero && numbers::Decimal::parse(b).is_some()
}

/// Rewrites the number forms `BigDecimal`/`BigInteger` accept but JSON does not.
fn normalize_number(s: &str) -> Option<String> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int = int.trim_start_matches('0');
    let mut out = String::with_capacity(s.len() + 2);
    out.push_str(sign);
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out.push_str(exponent);
    is_json_number(&out).then_some(out)
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
