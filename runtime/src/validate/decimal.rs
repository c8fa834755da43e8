//! Exact comparison of decimal number strings (bigInteger/bigDecimal
//! `@range`), without going through floating point.

use std::cmp::Ordering;

/// `sign * 0.d1d2d3... * 10^exp`, digits without leading or trailing zeros;
/// zero is `digits == ""` (and sign is then irrelevant).
#[derive(Debug)]
pub(crate) struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (also `.5` and `5.`).
    pub(crate) fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp_part) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut exp: i64 = match exp_part {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Exponents beyond i64 are not meaningful bounds; saturate.
                e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                })
            }
        };
        let all: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        exp = exp.saturating_add(int.len() as i64);
        let lead = all.iter().take_while(|&&d| d == 0).count();
        exp = exp.saturating_sub(lead as i64);
        let mut digits = all[lead..].to_vec();
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Some(Decimal {
            negative,
            digits,
            exp,
        })
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        self.exp
            .cmp(&other.exp)
            .then_with(|| self.digits.cmp(&other.digits))
    }

    fn sign(&self) -> i8 {
        if self.digits.is_empty() {
            0
        } else if self.negative {
            -1
        } else {
            1
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Decimal {}
impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.sign().cmp(&other.sign()) {
            Ordering::Equal if self.sign() < 0 => other.cmp_magnitude(self),
            Ordering::Equal => self.cmp_magnitude(other),
            o => o,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;
    use std::cmp::Ordering::*;

    fn c(a: &str, b: &str) -> std::cmp::Ordering {
        Decimal::parse(a).unwrap().cmp(&Decimal::parse(b).unwrap())
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(c("1", "1.000"), Equal);
        assert_eq!(c("0", "-0.0e5"), Equal);
        assert_eq!(c("1e3", "1000"), Equal);
        assert_eq!(c("1E+3", "999.9999999999999999999"), Greater);
        assert_eq!(c("-1e3", "-999"), Less);
        assert_eq!(c("0.1", "1e-1"), Equal);
        assert_eq!(
            c("12345678901234567890123", "12345678901234567890122"),
            Greater
        );
        assert_eq!(
            c("-12345678901234567890123", "-12345678901234567890122"),
            Less
        );
        assert_eq!(c(".5", "0.5"), Equal);
        assert_eq!(c("5.", "5"), Equal);
        assert_eq!(c("-0.001", "0"), Less);
        assert_eq!(c("9007199254740993", "9007199254740992"), Greater);
        assert_eq!(c("00012", "12"), Equal);
    }

    #[test]
    fn rejects_non_numbers() {
        for s in [
            "", "-", ".", "e5", "1e", "1.2.3", "abc", "NaN", "1e+", "0x10", "1 2",
        ] {
            assert!(Decimal::parse(s).is_none(), "{s:?}");
        }
    }
}
