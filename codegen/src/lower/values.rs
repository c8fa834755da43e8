//! Trait values checked against the type they apply to: `@default`,
//! `@length` and `@range`. Each returns a typed value or says what is wrong.

use serde_json::Value;

use super::ir::*;
use crate::load::AstShape;

/// A member's `@default`, as the value its target type holds.
pub(super) fn default_value(v: &Value, target: Target, target_shape: Option<&AstShape>) -> Result<DefaultValue, String> {
    let wrong = |expected: &str| Err(format!("`{v}` is not {expected}"));
    match target {
        Target::Scalar(Scalar::String) => v.as_str().map(|s| DefaultValue::String(s.to_string())).ok_or(()).or_else(|_| wrong("a string")),
        Target::Scalar(Scalar::Boolean) => v.as_bool().map(DefaultValue::Bool).ok_or(()).or_else(|_| wrong("a boolean")),
        Target::Scalar(s @ (Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long)) => {
            let (lo, hi) = s.int_bounds().unwrap_or((i64::MIN, i64::MAX));
            match v.as_i64() {
                Some(n) if n >= lo && n <= hi => Ok(DefaultValue::Int(n)),
                Some(_) => Err(format!("`{v}` does not fit the member's type (from {lo} to {hi})")),
                None => wrong("an integer"),
            }
        }
        Target::Scalar(Scalar::Float | Scalar::Double) => v.as_f64().map(DefaultValue::Float).ok_or(()).or_else(|_| wrong("a number")),
        Target::Scalar(Scalar::BigInteger) => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(DefaultValue::BigNumber(n.to_string())),
            _ => wrong("an integer"),
        },
        Target::Scalar(Scalar::BigDecimal) => match v {
            Value::Number(n) => Ok(DefaultValue::BigNumber(n.to_string())),
            _ => wrong("a number"),
        },
        Target::Scalar(Scalar::Timestamp) => match v {
            Value::Number(n) => {
                let secs = n.as_f64().unwrap_or(f64::NAN);
                if !secs.is_finite() || secs.abs() > 1e15 {
                    return wrong("a timestamp in epoch seconds");
                }
                let whole = secs.floor();
                let nanos = ((secs - whole) * 1e9).round().min(999_999_999.0) as u32;
                Ok(DefaultValue::Timestamp { secs: whole as i64, nanos })
            }
            Value::String(s) => {
                parse_date_time(s).map(|(secs, nanos)| DefaultValue::Timestamp { secs, nanos }).ok_or(()).or_else(|_| wrong("an RFC 3339 date-time"))
            }
            _ => wrong("a timestamp"),
        },
        Target::Scalar(Scalar::Blob) => match v.as_str() {
            Some(s) => base64_decode(s).map(DefaultValue::Blob).ok_or_else(|| format!("`{v}` is not base64 (blob defaults are base64 text)")),
            None => wrong("a base64 string"),
        },
        Target::Scalar(Scalar::Document) => Ok(DefaultValue::Document(v.to_string())),
        Target::Enum(_) => {
            let Some(s) = v.as_str() else {
                return wrong("a string");
            };
            if enum_values(target_shape).iter().any(|known| known == s) {
                Ok(DefaultValue::Enum(s.to_string()))
            } else {
                Err(format!("`{v}` is not a value of the enum"))
            }
        }
        Target::IntEnum(_) => match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => Ok(DefaultValue::IntEnum(n)),
            None => wrong("a 32-bit integer"),
        },
        Target::List(_) => match v {
            Value::Array(a) if a.is_empty() => Ok(DefaultValue::EmptyList),
            _ => wrong("`[]` (the only default a list can have)"),
        },
        Target::Map(_) => match v {
            Value::Object(o) if o.is_empty() => Ok(DefaultValue::EmptyMap),
            _ => wrong("`{}` (the only default a map can have)"),
        },
        Target::Structure(_) | Target::Union(_) | Target::Unit => Err("cannot be set on a structure or union member".into()),
    }
}

/// The values an enum shape defines (Smithy 2.0 members or 1.0 `@enum`).
fn enum_values(shape: Option<&AstShape>) -> Vec<String> {
    let Some(shape) = shape else { return vec![] };
    if let Some(list) = shape.traits.get("smithy.api#enum").and_then(Value::as_array) {
        return list.iter().filter_map(|d| d.get("value").and_then(Value::as_str)).map(str::to_string).collect();
    }
    shape.members.iter().flatten().map(|(name, m)| m.traits.get("smithy.api#enumValue").and_then(Value::as_str).unwrap_or(name).to_string()).collect()
}

/// `@length` min and max: non-negative integers, min not above max.
pub(super) fn length_bounds(l: &Value) -> Result<(Option<u64>, Option<u64>), String> {
    let bound = |k: &str| -> Result<Option<u64>, String> {
        match l.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| format!("`{k}` must be a non-negative integer, not `{v}`")),
        }
    };
    let (min, max) = (bound("min")?, bound("max")?);
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            return Err(format!("min {a} is greater than max {b}"));
        }
    }
    Ok((min, max))
}

/// `@range` bounds for a member of scalar type `s`, with notes on bounds
/// that the type changes (a fraction on an integer is rounded inward, which
/// accepts exactly the same values).
pub(super) fn range(r: &Value, s: Scalar) -> Result<(Range, Vec<String>), String> {
    let raw = |k: &str| -> Result<Option<&serde_json::Number>, String> {
        match r.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n)),
            Some(v) => Err(format!("`{k}` must be a number, not `{v}`")),
        }
    };
    let (min, max) = (raw("min")?, raw("max")?);
    if let (Some(a), Some(b)) = (min.and_then(|n| n.as_f64()), max.and_then(|n| n.as_f64())) {
        if a > b {
            return Err(format!("min {a} is greater than max {b}"));
        }
    }
    let mut notes = Vec::new();
    let range = match s {
        Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long => {
            let mut int = |n: Option<&serde_json::Number>, up: bool| -> Option<i64> {
                let n = n?;
                if let Some(i) = n.as_i64() {
                    return Some(i);
                }
                let f = n.as_f64().unwrap_or(0.0);
                let r = if up { f.ceil() } else { f.floor() };
                if r != f {
                    notes.push(format!("bound {n} on an integer member is checked as {r}"));
                }
                // Values are compared as i64, which saturates the same way.
                Some(r as i64)
            };
            Range::Int { min: int(min, true), max: int(max, false) }
        }
        Scalar::Float => Range::Float { min: min.and_then(|n| n.as_f64()).map(|f| f as f32), max: max.and_then(|n| n.as_f64()).map(|f| f as f32) },
        Scalar::Double => Range::Double { min: min.and_then(|n| n.as_f64()), max: max.and_then(|n| n.as_f64()) },
        Scalar::BigInteger | Scalar::BigDecimal => Range::Decimal { min: min.map(|n| n.to_string()), max: max.map(|n| n.to_string()) },
        _ => return Err("applies to numbers only".into()),
    };
    Ok((range, notes))
}

/// Standard base64 (padding optional), as blob defaults are written.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(s).ok()
}

/// An RFC 3339 date-time (`2024-01-31T12:00:00.5Z`, offsets allowed) as
/// epoch seconds and nanoseconds.
fn parse_date_time(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&month) || day < 1 || day > days_in[(month - 1) as usize] || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = s.get(start..i)?;
        if digits.is_empty() {
            return None;
        }
        let padded: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
    }
    let offset = match s.get(i..)? {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && matches!(tz.as_bytes()[0], b'+' | b'-') && tz.as_bytes()[3] == b':' => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let off = h * 3600 + m * 60;
            if tz.starts_with('-') { -off } else { off }
        }
        _ => return None,
    };
    // Days from the civil date (proleptic Gregorian), then seconds.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_parse_to_epoch() {
        assert_eq!(parse_date_time("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_date_time("2000-02-29T12:34:56.5Z"), Some((951_827_696, 500_000_000)));
        assert_eq!(parse_date_time("1970-01-01T01:00:00+01:00"), Some((0, 0)));
        assert_eq!(parse_date_time("1969-12-31T23:59:59Z"), Some((-1, 0)));
        for bad in ["2001-02-29T00:00:00Z", "1970-01-01 00:00:00Z", "1970-01-01T00:00:00", "1970-13-01T00:00:00Z", "1970-01-01T00:00:00.Z", "yesterday"] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn integer_ranges_round_inward_and_drop_bounds_the_type_meets() {
        let r = |j: &str, s| range(&serde_json::from_str(j).unwrap(), s).unwrap();
        assert_eq!(r(r#"{"min": 1.5, "max": 9.5}"#, Scalar::Integer).0, Range::Int { min: Some(2), max: Some(9) });
        assert_eq!(r(r#"{"min": 1.5}"#, Scalar::Integer).1.len(), 1);
        assert_eq!(r(r#"{"min": -200.5, "max": 200}"#, Scalar::Byte).0, Range::Int { min: Some(-200), max: Some(200) });
        assert_eq!(r(r#"{"min": 0}"#, Scalar::Long).0, Range::Int { min: Some(0), max: None });
        assert!(range(&serde_json::from_str(r#"{"min": 5, "max": 1}"#).unwrap(), Scalar::Integer).is_err());
        assert!(range(&serde_json::from_str(r#"{"min": "1"}"#).unwrap(), Scalar::Integer).is_err());
    }

    #[test]
    fn defaults_must_fit_their_type() {
        let d = |j: &str, t| default_value(&serde_json::from_str(j).unwrap(), t, None);
        assert_eq!(d("5", Target::Scalar(Scalar::Integer)), Ok(DefaultValue::Int(5)));
        assert!(d("300", Target::Scalar(Scalar::Byte)).is_err());
        assert!(d("1.5", Target::Scalar(Scalar::Integer)).is_err());
        assert!(d("\"x\"", Target::Scalar(Scalar::Integer)).is_err());
        assert_eq!(d("\"aGk=\"", Target::Scalar(Scalar::Blob)), Ok(DefaultValue::Blob(b"hi".to_vec())));
        assert!(d("\"not base64!\"", Target::Scalar(Scalar::Blob)).is_err());
        assert!(d("\"12\"", Target::Scalar(Scalar::BigInteger)).is_err());
        assert_eq!(d("1.5", Target::Scalar(Scalar::Timestamp)), Ok(DefaultValue::Timestamp { secs: 1, nanos: 500_000_000 }));
        assert!(d("\"soon\"", Target::Scalar(Scalar::Timestamp)).is_err());
        assert!(d("[1]", Target::List(ListRef(0))).is_err());
        assert_eq!(d("[]", Target::List(ListRef(0))), Ok(DefaultValue::EmptyList));
    }
}
