//! Number and epoch-seconds lexemes shared by the JSON reader/writer and the
//! HTTP binding helpers. Everything works on the decimal digits directly so
//! large longs and sub-second timestamps survive exactly (no detour via f64).

use aws_smithy_types::DateTime;

/// A decimal number split into its parts: `-? int (. frac)? (e exp)?`.
pub(crate) struct Decimal<'a> {
    pub negative: bool,
    pub int: &'a [u8],
    pub frac: &'a [u8],
    /// The exponent, saturated to ±`EXP_LIMIT` (larger ones are out of range anyway).
    pub exp: i64,
}

const EXP_LIMIT: i64 = 1 << 40;

impl<'a> Decimal<'a> {
    /// Splits a lexeme; `None` unless it is `-?DIGITS(.DIGITS)?([eE][+-]?DIGITS)?`.
    pub fn parse(s: &'a [u8]) -> Option<Self> {
        let (negative, rest) = match s.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, s),
        };
        let int_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if int_len == 0 {
            return None;
        }
        let (int, mut rest) = rest.split_at(int_len);
        let mut frac: &[u8] = &[];
        if let Some((b'.', after)) = rest.split_first() {
            let n = after.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            (frac, rest) = after.split_at(n);
        }
        let mut exp = 0i64;
        if let Some((b'e' | b'E', after)) = rest.split_first() {
            let (exp_negative, digits) = match after.split_first() {
                Some((b'-', d)) => (true, d),
                Some((b'+', d)) => (false, d),
                _ => (false, after),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            for &d in digits {
                exp = (exp * 10 + i64::from(d - b'0')).min(EXP_LIMIT);
            }
            if exp_negative {
                exp = -exp;
            }
            rest = &[];
        }
        rest.is_empty().then_some(Self { negative, int, frac, exp })
    }

    fn digits(&self) -> impl Iterator<Item = u8> + '_ {
        self.int.iter().chain(self.frac).map(|d| d - b'0')
    }

    /// The value as an `i64` when it is integral and in range (`1.0`, `1e2`, not `1.5`).
    pub fn to_i64(&self) -> Option<i64> {
        let total = self.int.len() + self.frac.len();
        let leading = self.digits().take_while(|&d| d == 0).count();
        if leading == total {
            return Some(0);
        }
        let trailing = self.int.iter().chain(self.frac).rev().take_while(|&&d| d == b'0').count();
        let exp10 = self.exp - self.frac.len() as i64 + trailing as i64;
        let significant = total - leading - trailing;
        if exp10 < 0 || significant as i64 + exp10 > 20 {
            return None;
        }
        let mut magnitude: u64 = 0;
        for d in self.digits().skip(leading).take(significant) {
            magnitude = magnitude.checked_mul(10)?.checked_add(u64::from(d))?;
        }
        for _ in 0..exp10 {
            magnitude = magnitude.checked_mul(10)?;
        }
        signed(self.negative, magnitude)
    }

    /// The value as seconds since the epoch; digits past nanoseconds are truncated.
    pub fn to_date_time(&self) -> Option<DateTime> {
        let total = self.int.len() + self.frac.len();
        // Position of the decimal point within the digit string.
        let point = self.int.len() as i64 + self.exp;
        let mut secs: u64 = 0;
        let mut nanos: u32 = 0;
        let mut nano_digits: i64 = if point < 0 { (-point).min(9) } else { 0 };
        for (i, d) in self.digits().enumerate() {
            if (i as i64) < point {
                secs = secs.checked_mul(10)?.checked_add(u64::from(d))?;
            } else if nano_digits < 9 {
                nanos = nanos * 10 + u32::from(d);
                nano_digits += 1;
            } else {
                break;
            }
        }
        if point > total as i64 && secs != 0 {
            for _ in total as i64..point {
                secs = secs.checked_mul(10)?;
            }
        }
        while nano_digits < 9 {
            nanos *= 10;
            nano_digits += 1;
        }
        let secs = i64::try_from(secs).ok()?;
        Some(if !self.negative {
            DateTime::from_secs_and_nanos(secs, nanos)
        } else if nanos == 0 {
            DateTime::from_secs_and_nanos(-secs, 0)
        } else {
            // DateTime keeps whole seconds floored and the nanoseconds positive.
            DateTime::from_secs_and_nanos(-secs - 1, 1_000_000_000 - nanos)
        })
    }
}

/// Parses a plain integer lexeme (`-?DIGITS`, already validated) without overflow.
pub(crate) fn parse_plain_int(lexeme: &[u8]) -> Option<i64> {
    let (negative, digits) = match lexeme.split_first() {
        Some((b'-', d)) => (true, d),
        _ => (false, lexeme),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    signed(negative, magnitude)
}

fn signed(negative: bool, magnitude: u64) -> Option<i64> {
    if negative { 0i64.checked_sub_unsigned(magnitude) } else { i64::try_from(magnitude).ok() }
}

/// Parses `NaN`, `Infinity` and `-Infinity`, the names Smithy gives non-finite floats.
pub(crate) fn non_finite(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// The Smithy name of a non-finite float, `None` for finite ones.
pub(crate) fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Writes a `DateTime` as epoch seconds: `1398796238` or `1398796238.123`.
pub(crate) fn write_epoch_seconds(out: &mut String, t: &DateTime) {
    let (secs, nanos) = (t.secs(), t.subsec_nanos());
    let mut buf = itoa::Buffer::new();
    if nanos == 0 {
        out.push_str(buf.format(secs));
        return;
    }
    let (whole, frac) = if secs < 0 {
        out.push('-');
        ((secs + 1).unsigned_abs(), 1_000_000_000 - nanos)
    } else {
        (secs.unsigned_abs(), nanos)
    };
    out.push_str(buf.format(whole));
    out.push('.');
    let mut digits = [b'0'; 9];
    let mut rest = frac;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let len = 9 - digits.iter().rev().take_while(|&&d| d == b'0').count();
    for &d in &digits[..len] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str) -> Option<i64> {
        Decimal::parse(s.as_bytes())?.to_i64()
    }

    fn epoch(s: &str) -> Option<(i64, u32)> {
        let t = Decimal::parse(s.as_bytes())?.to_date_time()?;
        Some((t.secs(), t.subsec_nanos()))
    }

    #[test]
    fn decimal_grammar() {
        for bad in ["", "-", "1.", ".5", "1e", "1e+", "+1", "1.2.3", "1x", "--1", "1e5x"] {
            assert!(Decimal::parse(bad.as_bytes()).is_none(), "{bad}");
        }
        for good in ["0", "-0", "12.50", "1e9", "1E-3", "1.5e+2", "007"] {
            assert!(Decimal::parse(good.as_bytes()).is_some(), "{good}");
        }
    }

    #[test]
    fn integral_values_only() {
        assert_eq!(int("42"), Some(42));
        assert_eq!(int("1.0"), Some(1));
        assert_eq!(int("1e2"), Some(100));
        assert_eq!(int("-2.50e1"), Some(-25));
        assert_eq!(int("1500e-3"), None);
        assert_eq!(int("15000e-3"), Some(15));
        assert_eq!(int("1.5"), None);
        assert_eq!(int("0.000"), Some(0));
        assert_eq!(int("0e999999999999999999999"), Some(0));
        assert_eq!(int("1e999999999999999999999"), None);
        assert_eq!(int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(int("9223372036854775808"), None);
        assert_eq!(int("9.223372036854775807e18"), Some(i64::MAX));
    }

    #[test]
    fn plain_ints() {
        assert_eq!(parse_plain_int(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_plain_int(b"18446744073709551616"), None);
        assert_eq!(parse_plain_int(b"-"), None);
        assert_eq!(parse_plain_int(b"1a"), None);
    }

    #[test]
    fn epoch_seconds_are_exact() {
        assert_eq!(epoch("1398796238"), Some((1398796238, 0)));
        assert_eq!(epoch("1398796238.123"), Some((1398796238, 123_000_000)));
        assert_eq!(epoch("1.398796238123E9"), Some((1398796238, 123_000_000)));
        assert_eq!(epoch("1.5"), Some((1, 500_000_000)));
        assert_eq!(epoch("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch("-2"), Some((-2, 0)));
        assert_eq!(epoch("5e-1"), Some((0, 500_000_000)));
        assert_eq!(epoch("1e-12"), Some((0, 0)));
        assert_eq!(epoch("0.1234567891"), Some((0, 123_456_789)));
        assert_eq!(epoch("1e30"), None);
        assert_eq!(epoch("0e99999"), Some((0, 0)));
    }

    #[test]
    fn epoch_seconds_written_shortest() {
        let w = |t: DateTime| {
            let mut s = String::new();
            write_epoch_seconds(&mut s, &t);
            s
        };
        assert_eq!(w(DateTime::from_secs(1398796238)), "1398796238");
        assert_eq!(w(DateTime::from_secs_and_nanos(1398796238, 123_000_000)), "1398796238.123");
        assert_eq!(w(DateTime::from_secs_and_nanos(-2, 500_000_000)), "-1.5");
        assert_eq!(w(DateTime::from_secs_and_nanos(-1, 500_000_000)), "-0.5");
        assert_eq!(w(DateTime::from_secs_and_nanos(0, 1)), "0.000000001");
        assert_eq!(w(DateTime::from_secs(-7)), "-7");
    }

    #[test]
    fn non_finite_names_round_trip() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let name = non_finite_name(v).unwrap();
            let back = non_finite(name).unwrap();
            assert!(back.is_nan() && v.is_nan() || back == v);
        }
        assert_eq!(non_finite_name(1.0), None);
        assert_eq!(non_finite("nan"), None);
    }
}
