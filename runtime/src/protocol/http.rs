//! HTTP bindings: URI labels, query values, header values and their lists,
//! and the timestamp formats each location uses.

use std::borrow::Cow;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::error::BuildError;
use crate::protocol::json::DeserializeError;
use crate::protocol::numbers::{self, Decimal};

/// Everything but the RFC 3986 unreserved characters `A-Za-z0-9-._~` is encoded.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A greedy label spans path segments, so its `/` stay as they are.
pub(crate) const GREEDY_LABEL: &AsciiSet = &COMPONENT.remove(b'/');

/// The wire formats of a Smithy timestamp (the `@timestampFormat` trait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 `date-time`, e.g. `2019-12-16T23:48:18Z`.
    DateTime,
    /// RFC 7231 IMF-fixdate, e.g. `Mon, 16 Dec 2019 23:48:18 GMT`.
    HttpDate,
    /// Seconds since the Unix epoch with an optional fraction, e.g. `1576540098.52`.
    EpochSeconds,
}

impl From<TimestampFormat> for Format {
    fn from(f: TimestampFormat) -> Self {
        match f {
            TimestampFormat::DateTime => Format::DateTime,
            TimestampFormat::HttpDate => Format::HttpDate,
            TimestampFormat::EpochSeconds => Format::EpochSeconds,
        }
    }
}

/// A URI label value, percent-encoded for the path.
///
/// `value` is the label already rendered as text (numbers, timestamps via
/// [`fmt_timestamp`], ...). A missing or empty value cannot be sent: the
/// error names `member`. A greedy label (`{key+}`) keeps its `/`.
pub fn label(value: Option<&str>, member: &'static str, greedy: bool) -> Result<String, BuildError> {
    let value = value.ok_or_else(|| BuildError::missing_field(member, "it is bound to the request URI"))?;
    if value.is_empty() {
        return Err(BuildError::invalid_field(member, "a URI label must not be empty"));
    }
    if !greedy && (value == "." || value == "..") {
        // A lone dot segment would be removed by URI normalization (SigV4
        // canonicalization included) and the request would name another
        // resource: escape it so the label stays one segment.
        return Ok(value.replace('.', "%2E"));
    }
    Ok(encode(value, if greedy { GREEDY_LABEL } else { COMPONENT }))
}

/// A query-string key or value, percent-encoded (a space is `%20`, not `+`).
pub fn query_value(value: &str) -> String {
    encode(value, COMPONENT)
}

fn encode(value: &str, set: &'static AsciiSet) -> String {
    Cow::from(percent_encoding::utf8_percent_encode(value, set)).into_owned()
}

/// A timestamp as text in `format`, for labels, query values and headers.
///
/// A date-time or HTTP date outside years 1..=9999 cannot be written in that
/// format; such a value falls back to epoch seconds rather than failing.
pub fn fmt_timestamp(t: &DateTime, format: TimestampFormat) -> String {
    let formatted = match format {
        TimestampFormat::DateTime => t.fmt(Format::DateTime).ok(),
        TimestampFormat::HttpDate => t.fmt(Format::HttpDate).ok(),
        TimestampFormat::EpochSeconds => None,
    };
    formatted.unwrap_or_else(|| {
        let mut out = String::new();
        numbers::write_epoch_seconds(&mut out, t);
        out
    })
}

/// A `double` as text for a label, query value or header: shortest
/// round-trip digits, or `NaN`, `Infinity`, `-Infinity`.
pub fn fmt_f64(value: f64) -> String {
    match numbers::non_finite_name(value) {
        Some(name) => name.to_owned(),
        None => ryu::Buffer::new().format_finite(value).to_owned(),
    }
}

/// A `float` as text, shortest for `f32` (`1.1`, not `1.100000023841858`).
pub fn fmt_f32(value: f32) -> String {
    match numbers::non_finite_name(f64::from(value)) {
        Some(name) => name.to_owned(),
        None => ryu::Buffer::new().format_finite(value).to_owned(),
    }
}

/// A list-valued header: items joined with `, `. An item that would not
/// survive splitting (it holds `,` or `"`, or has surrounding whitespace) is
/// sent as a quoted string with `"` and `\` escaped.
pub fn header_list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        let item = item.as_ref();
        if i > 0 {
            out.push_str(", ");
        }
        let needs_quotes = item.contains([',', '"']) || item.trim() != item;
        if needs_quotes {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// A list of timestamps for one header. Items are never quoted, even the
/// HTTP dates that contain a comma; [`split_http_date_list`] reads them back.
pub fn timestamp_header_list(items: &[DateTime], format: TimestampFormat) -> String {
    let mut out = String::new();
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&fmt_timestamp(t, format));
    }
    out
}

/// Splits a list-valued header into its items: commas separate, whitespace
/// around items is dropped, and a quoted item may contain `,` and escaped `"`.
/// An empty header is an empty list.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = value.trim_start();
    if rest.is_empty() {
        return items;
    }
    loop {
        let (item, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let mut item = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            item.push(escaped);
                        }
                    }
                    c => item.push(c),
                }
            }
            // Anything between the closing quote and the next comma is ignored.
            let after = &quoted[end..];
            let next = after.find(',').map_or("", |i| &after[i..]);
            (item, next)
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (rest[..end].trim_end().to_owned(), &rest[end..])
        };
        items.push(item);
        match after.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => return items,
        }
    }
}

/// Splits a header holding HTTP dates, each of which contains a comma
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`): every second comma separates.
pub fn split_http_date_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut parts = value.split(',');
    while let Some(day) = parts.next() {
        let item = match parts.next() {
            Some(date) => format!("{},{}", day.trim(), date.trim_end()),
            None => day.trim().to_owned(),
        };
        if !item.is_empty() {
            items.push(item);
        }
    }
    items
}

/// Parses a timestamp from a header (or label or query) value in `format`.
pub fn parse_header_timestamp(value: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    crate::protocol::json::parse_timestamp_str(value.trim(), format)
}

/// Standard base64 with padding, as Smithy uses for blobs and `@mediaType` headers.
pub fn base64_encode(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}

/// Decodes standard base64.
pub fn base64_decode(value: &str) -> Result<Vec<u8>, DeserializeError> {
    aws_smithy_types::base64::decode(value.trim()).map_err(|e| DeserializeError::custom(format!("invalid base64: {e}")))
}

/// Parses a boolean header value: `true` or `false`.
pub fn parse_bool(value: &str) -> Result<bool, DeserializeError> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(DeserializeError::custom(format!("expected `true` or `false`, found `{other}`"))),
    }
}

/// Parses an integer header value into any of `i8`, `i16`, `i32`, `i64`,
/// checking the range.
pub fn parse_int<T: TryFrom<i64>>(value: &str) -> Result<T, DeserializeError> {
    let trimmed = value.trim();
    let trimmed_sign = trimmed.strip_prefix('+').unwrap_or(trimmed);
    numbers::parse_plain_int(trimmed_sign.as_bytes())
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| DeserializeError::custom(format!("expected an integer in range, found `{trimmed}`")))
}

/// Parses a `double` header value, including `NaN`, `Infinity`, `-Infinity`.
pub fn parse_f64(value: &str) -> Result<f64, DeserializeError> {
    let trimmed = value.trim();
    if let Some(v) = numbers::non_finite(trimmed) {
        return Ok(v);
    }
    match Decimal::parse(trimmed.as_bytes()) {
        Some(_) => trimmed.parse().map_err(|_| DeserializeError::custom(format!("invalid number `{trimmed}`"))),
        None => Err(DeserializeError::custom(format!("expected a number, found `{trimmed}`"))),
    }
}

/// Parses a `float` header value, including `NaN`, `Infinity`, `-Infinity`.
pub fn parse_f32(value: &str) -> Result<f32, DeserializeError> {
    let trimmed = value.trim();
    if let Some(v) = numbers::non_finite(trimmed) {
        return Ok(v as f32);
    }
    match Decimal::parse(trimmed.as_bytes()) {
        Some(_) => trimmed.parse().map_err(|_| DeserializeError::custom(format!("invalid number `{trimmed}`"))),
        None => Err(DeserializeError::custom(format!("expected a number, found `{trimmed}`"))),
    }
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
