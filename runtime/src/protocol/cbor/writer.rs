//! A CBOR encoder into a `Vec<u8>` that generated serializers drive member by member.

use aws_smithy_types::DateTime;

/// Writes CBOR (RFC 8949) into a `Vec<u8>`.
///
/// Maps and arrays have indefinite length (opened with `0xbf`/`0x9f`,
/// closed by a break), so a serializer can write optional members without
/// counting them first; rpcv2Cbor servers accept both forms. Heads use the
/// shortest argument that holds the value. Structure (matching begin/end, a
/// value after each key) is the caller's.
///
/// ```
/// use client_runtime::protocol::cbor::CborWriter;
/// let mut w = CborWriter::new();
/// w.begin_map();
/// w.key("a");
/// w.i64(1);
/// w.end_map();
/// assert_eq!(w.finish(), [0xbf, 0x61, b'a', 0x01, 0xff]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CborWriter {
    out: Vec<u8>,
}

impl CborWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer whose buffer holds `capacity` bytes before growing.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { out: Vec::with_capacity(capacity) }
    }

    /// The CBOR written so far.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    /// Opens an indefinite-length map.
    pub fn begin_map(&mut self) {
        self.out.push(0xbf);
    }

    /// Closes the innermost map.
    pub fn end_map(&mut self) {
        self.out.push(0xff);
    }

    /// Writes a map key; the member's value must follow.
    pub fn key(&mut self, name: &str) {
        self.string(name);
    }

    /// Opens an indefinite-length array.
    pub fn begin_array(&mut self) {
        self.out.push(0x9f);
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.out.push(0xff);
    }

    /// A text string.
    pub fn string(&mut self, value: &str) {
        self.head(3, value.len() as u64);
        self.out.extend_from_slice(value.as_bytes());
    }

    /// A blob as a byte string.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.head(2, bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.out.push(if value { 0xf5 } else { 0xf4 });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.out.push(0xf6);
    }

    /// A signed integer (any Smithy `byte`, `short`, `integer` or `long`) in
    /// its shortest form.
    pub fn i64(&mut self, value: i64) {
        if value < 0 {
            // -1 - value never overflows for a negative value, and is >= 0.
            self.head(1, (-1 - value) as u64);
        } else {
            self.head(0, value as u64);
        }
    }

    /// A Smithy `float` as a single-precision float (exact, NaN and the infinities included).
    pub fn f32(&mut self, value: f32) {
        self.out.push(0xfa);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// A Smithy `double` as a double-precision float.
    pub fn f64(&mut self, value: f64) {
        self.out.push(0xfb);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// A timestamp: tag 1 over epoch seconds, an integer when whole, else a double.
    pub fn timestamp(&mut self, value: &DateTime) {
        self.out.push(0xc1);
        if value.subsec_nanos() == 0 {
            self.i64(value.secs());
        } else {
            self.f64(value.as_secs_f64());
        }
    }

    /// A `bigInteger` or `bigDecimal` from its text (`BigInteger::as_ref()`):
    /// an integer when it fits 64 bits, a bignum (tag 2 or 3) when it fits
    /// 128, and a decimal fraction (tag 4) when it has a fraction or
    /// exponent and a mantissa of 128 bits. Anything else (more digits, or
    /// text that is no number) is written as a text string.
    pub fn big_number(&mut self, lexeme: &str) {
        match parse_decimal(lexeme) {
            Some((mantissa, 0)) => self.wide_integer(mantissa),
            Some((mantissa, exponent)) => {
                self.out.extend_from_slice(&[0xc4, 0x82]);
                self.i64(exponent);
                self.wide_integer(mantissa);
            }
            None => self.string(lexeme),
        }
    }

    fn wide_integer(&mut self, value: i128) {
        if let Ok(v) = i64::try_from(value) {
            return self.i64(v);
        }
        let (tag, magnitude) = if value < 0 { (0xc3, (-1 - value) as u128) } else { (0xc2, value as u128) };
        if let Ok(v) = u64::try_from(magnitude) {
            return self.head(if value < 0 { 1 } else { 0 }, v);
        }
        let bytes = magnitude.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        self.out.push(tag);
        self.blob(&bytes[skip..]);
    }

    /// A head of `major` type with argument `arg` in its shortest form.
    fn head(&mut self, major: u8, arg: u64) {
        let major = major << 5;
        if arg < 24 {
            self.out.push(major | arg as u8);
        } else if let Ok(v) = u8::try_from(arg) {
            self.out.extend_from_slice(&[major | 24, v]);
        } else if let Ok(v) = u16::try_from(arg) {
            self.out.push(major | 25);
            self.out.extend_from_slice(&v.to_be_bytes());
        } else if let Ok(v) = u32::try_from(arg) {
            self.out.push(major | 26);
            self.out.extend_from_slice(&v.to_be_bytes());
        } else {
            self.out.push(major | 27);
            self.out.extend_from_slice(&arg.to_be_bytes());
        }
    }
}

/// `[-+]digits[.digits][(e|E)[-+]digits]` as mantissa and base-10 exponent,
/// when the mantissa fits an `i128` and the exponent an `i64`.
fn parse_decimal(s: &str) -> Option<(i128, i64)> {
    let (coefficient, exponent) = match s.split_once(['e', 'E']) {
        Some((c, e)) => (c, e.strip_prefix('+').unwrap_or(e).parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (negative, digits) = match coefficient.as_bytes().first()? {
        b'-' => (true, &coefficient[1..]),
        b'+' => (false, &coefficient[1..]),
        _ => (false, coefficient),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut mantissa: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let exponent = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    Some((if negative { -mantissa } else { mantissa }, exponent))
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
