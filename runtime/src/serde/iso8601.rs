//! ISO 8601 / RFC 3339 date-times for the `serde` feature, exact to the
//! nanosecond both ways.
//!
//! `aws_smithy_types::DateTime::fmt(Format::DateTime)` keeps microseconds
//! and refuses years outside 1..=9999, and its parser refuses UTC offsets;
//! the AWS CLI prints offsets (`2023-09-06T16:27:09.123000+02:00`, Python's
//! `isoformat()` in the local zone), and a serde round trip must keep every
//! nanosecond. So this module writes UTC with `Z`, the fraction's
//! significant digits (up to 9) and, outside years 0..=9999, an expanded
//! year (`+10000-01-01T00:00:00Z`, `-0001-...`); it reads that and any
//! offset.

use aws_smithy_types::DateTime;

const SECS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `2019-12-16T23:48:18Z`, `2019-12-16T23:48:18.52Z`,
/// `2019-12-16T23:48:18.000000001Z`: UTC, the fraction only when there is
/// one and without trailing zeros.
pub fn format(t: &DateTime) -> String {
    let (secs, nanos) = (t.secs(), t.subsec_nanos());
    let (days, rem) = (secs.div_euclid(SECS_PER_DAY), secs.rem_euclid(SECS_PER_DAY));
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(32);
    if (0..=9999).contains(&year) {
        out.push_str(&format!("{year:04}"));
    } else if year < 0 {
        out.push_str(&format!("-{:04}", year.unsigned_abs()));
    } else {
        out.push_str(&format!("+{year}"));
    }
    out.push_str(&format!("-{month:02}-{day:02}T{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60));
    if nanos > 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// A byte cursor over the text being parsed.
struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, want: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| want.contains(b))?;
        self.at += 1;
        Some(b)
    }

    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let d = self.s.get(self.at..self.at + n)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.at += n;
        Some(d.iter().fold(0, |v, b| v * 10 + u32::from(b - b'0')))
    }

    /// One or more digits, as many as there are.
    fn run(&mut self) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        &self.s[start..self.at]
    }
}

/// Parses `YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm)`: `T` or `t` (or a space, as
/// RFC 3339 allows), `Z` or `z` or an offset, any number of fraction digits
/// (past nanoseconds truncated), a signed expanded year. `None` when the text
/// is not such a date-time, names a day that does not exist, or is out of
/// `DateTime`'s range.
pub fn parse(text: &str) -> Option<DateTime> {
    let mut c = Cursor { s: text.as_bytes(), at: 0 };
    let sign = c.eat(b"+-");
    let year_digits = c.run();
    if year_digits.len() < 4 || (sign.is_none() && year_digits.len() != 4) || year_digits.len() > 12 {
        return None;
    }
    let magnitude: i64 = std::str::from_utf8(year_digits).ok()?.parse().ok()?;
    let year = if sign == Some(b'-') { -magnitude } else { magnitude };
    c.eat(b"-")?;
    let month = c.digits(2)?;
    c.eat(b"-")?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    c.eat(b"Tt ")?;
    let hour = c.digits(2)?;
    c.eat(b":")?;
    let minute = c.digits(2)?;
    c.eat(b":")?;
    let second = c.digits(2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut nanos = 0u32;
    if c.eat(b".").is_some() {
        let frac = c.run();
        if frac.is_empty() {
            return None;
        }
        for i in 0..9 {
            nanos = nanos * 10 + frac.get(i).map_or(0, |b| u32::from(b - b'0'));
        }
    }
    let offset = match c.eat(b"Zz+-")? {
        b'Z' | b'z' => 0,
        sign => {
            let h = c.digits(2)?;
            c.eat(b":")?;
            let m = c.digits(2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let o = i64::from(h * 3600 + m * 60);
            if sign == b'-' { -o } else { o }
        }
    };
    if c.at != c.s.len() {
        return None;
    }
    let secs = days_from_civil(year, month, day)
        .checked_mul(SECS_PER_DAY)?
        .checked_add(i64::from(hour * 3600 + minute * 60 + second))?
        .checked_sub(offset)?;
    Some(DateTime::from_secs_and_nanos(secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        // Independent anchors: the epoch, 2000-03-01 (day 11017), the last
        // day RFC 3339 can write (253402300799 s), 0001-01-01 (-62135596800 s).
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(9999, 12, 31) * SECS_PER_DAY + 86_399, 253_402_300_799);
        assert_eq!(days_from_civil(1, 1, 1) * SECS_PER_DAY, -62_135_596_800);
        for days in [-1_000_000, -719_468, -1, 0, 1, 59, 60, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn formats_as_the_smithy_date_time_examples() {
        assert_eq!(format(&DateTime::from_secs(1_576_540_098)), "2019-12-16T23:48:18Z");
        assert_eq!(format(&DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)), "2019-12-16T23:48:18.52Z");
        assert_eq!(format(&DateTime::from_secs_and_nanos(0, 1)), "1970-01-01T00:00:00.000000001Z");
        assert_eq!(format(&DateTime::from_secs_and_nanos(-1, 999_999_999)), "1969-12-31T23:59:59.999999999Z");
        assert_eq!(format(&DateTime::from_secs(253_402_300_800)), "+10000-01-01T00:00:00Z");
        assert_eq!(format(&DateTime::from_secs(-62_167_219_200 - 86_400)), "-0001-12-31T00:00:00Z");
    }

    #[test]
    fn parses_what_the_aws_cli_prints() {
        // Python's isoformat() of a local-time datetime, as `aws` prints it.
        assert_eq!(parse("2019-12-16T23:48:18+00:00"), Some(DateTime::from_secs(1_576_540_098)));
        assert_eq!(parse("2019-12-17T01:48:18.520000+02:00"), Some(DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)));
        assert_eq!(parse("2019-12-16T15:48:18-08:00"), Some(DateTime::from_secs(1_576_540_098)));
        assert_eq!(parse("2019-12-16t23:48:18.52z"), Some(DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)));
        assert_eq!(parse("1970-01-01T00:00:00.0000000019Z"), Some(DateTime::from_secs_and_nanos(0, 1)));
    }

    #[test]
    fn refuses_what_is_not_a_date_time() {
        for bad in [
            "",
            "2019-12-16",
            "2019-12-16T23:48:18",
            "2019-12-16T23:48:18.Z",
            "2019-02-29T00:00:00Z",
            "2019-13-01T00:00:00Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:59:60Z",
            "19-12-16T23:48:18Z",
            "12019-12-16T23:48:18Z",
            "2019-12-16T23:48:18+0200",
            "2019-12-16T23:48:18Z ",
            "+999999999999-01-01T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert!(parse("2020-02-29T00:00:00Z").is_some());
    }
}
