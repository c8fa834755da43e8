use std::borrow::Cow;

use aws_smithy_types::DateTime;

use super::*;

/// Bytes from hex, as RFC 8949 appendix A writes them (test input only).
pub(super) fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap()).collect()
}

/// Reads one item of `hex` with `f` and checks nothing follows.
fn one<T>(h: &str, f: impl FnOnce(&mut CborReader<'_>) -> Result<T, DeserializeError>) -> Result<T, DeserializeError> {
    let bytes = hex(h);
    let mut r = CborReader::new(&bytes);
    let v = f(&mut r)?;
    r.finish()?;
    Ok(v)
}

/// A string read, and whether it was borrowed from the input.
fn owned_string(r: &mut CborReader<'_>) -> Result<(bool, String), DeserializeError> {
    r.string().map(|s| (matches!(s, Cow::Borrowed(_)), s.into_owned()))
}

fn err<T: std::fmt::Debug>(h: &str, f: impl FnOnce(&mut CborReader<'_>) -> Result<T, DeserializeError>) -> DeserializeError {
    one(h, f).unwrap_err()
}

#[test]
fn rfc_appendix_a_integers() {
    for (h, v) in [
        ("00", 0i64),
        ("01", 1),
        ("0a", 10),
        ("17", 23),
        ("1818", 24),
        ("1819", 25),
        ("1864", 100),
        ("1903e8", 1000),
        ("1a000f4240", 1_000_000),
        ("1b000000e8d4a51000", 1_000_000_000_000),
        ("20", -1),
        ("29", -10),
        ("3863", -100),
        ("3903e7", -1000),
    ] {
        assert_eq!(one(h, |r| r.i64()).unwrap(), v, "{h}");
    }
    // 18446744073709551615 and -18446744073709551616 are well formed but no `long`.
    let e = err("1bffffffffffffffff", |r| r.i64());
    assert_eq!(e.message(), "expected a long, found an integer out of its range");
    assert_eq!(e.offset(), Some(0));
    assert!(one("3bffffffffffffffff", |r| r.i64()).is_err());
    assert_eq!(one("1bffffffffffffffff", |r| r.big_integer()).unwrap().as_ref(), "18446744073709551615");
    assert_eq!(one("3bffffffffffffffff", |r| r.big_integer()).unwrap().as_ref(), "-18446744073709551616");
    // Bignums: 18446744073709551616 and -18446744073709551617.
    assert_eq!(one("c249010000000000000000", |r| r.big_integer()).unwrap().as_ref(), "18446744073709551616");
    assert_eq!(one("c349010000000000000000", |r| r.big_integer()).unwrap().as_ref(), "-18446744073709551617");
}

#[test]
fn integers_of_any_width_that_fit() {
    assert_eq!(one("1b000000000000007f", |r| r.i8()).unwrap(), 127);
    assert_eq!(one("387f", |r| r.i8()).unwrap(), -128);
    assert!(one("1880", |r| r.i8()).is_err());
    assert!(one("3880", |r| r.i8()).is_err());
    assert_eq!(one("197fff", |r| r.i16()).unwrap(), i16::MAX);
    assert!(one("198000", |r| r.i16()).is_err());
    assert_eq!(one("3a7fffffff", |r| r.i32()).unwrap(), i32::MIN);
    assert!(one("1a80000000", |r| r.i32()).is_err());
    assert_eq!(one("1b7fffffffffffffff", |r| r.i64()).unwrap(), i64::MAX);
    assert_eq!(one("3b7fffffffffffffff", |r| r.i64()).unwrap(), i64::MIN);
    assert!(one("3b8000000000000000", |r| r.i64()).is_err());
    // Floats are not integers, even whole ones.
    let e = err("f93c00", |r| r.i32());
    assert_eq!(e.message(), "expected an integer, found a float");
}

#[test]
fn rfc_appendix_a_floats() {
    for (h, v) in [
        ("f90000", 0.0f64),
        ("f93c00", 1.0),
        ("fb3ff199999999999a", 1.1),
        ("f93e00", 1.5),
        ("f97bff", 65504.0),
        ("fa47c35000", 100000.0),
        ("fa7f7fffff", 3.4028234663852886e38),
        ("fb7e37e43c8800759c", 1.0e300),
        ("f90001", 5.960464477539063e-8),
        ("f90400", 0.00006103515625),
        ("f9c400", -4.0),
        ("fbc010666666666666", -4.1),
        ("f97c00", f64::INFINITY),
        ("f9fc00", f64::NEG_INFINITY),
        ("fa7f800000", f64::INFINITY),
        ("fbfff0000000000000", f64::NEG_INFINITY),
    ] {
        assert_eq!(one(h, |r| r.f64()).unwrap(), v, "{h}");
    }
    let neg_zero = one("f98000", |r| r.f64()).unwrap();
    assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
    for h in ["f97e00", "fa7fc00000", "fb7ff8000000000000"] {
        assert!(one(h, |r| r.f64()).unwrap().is_nan(), "{h}");
    }
    assert_eq!(one("fb3ff199999999999a", |r| r.f32()).unwrap(), 1.1f32);
    // Integers are numbers too.
    assert_eq!(one("1903e8", |r| r.f32()).unwrap(), 1000.0);
    assert_eq!(one("3903e7", |r| r.f64()).unwrap(), -1000.0);
    assert_eq!(err("f5", |r| r.f64()).message(), "expected a double, found a boolean");
}

#[test]
fn rfc_appendix_a_simple_values() {
    assert!(!one("f4", |r| r.boolean()).unwrap());
    assert!(one("f5", |r| r.boolean()).unwrap());
    assert!(one("f6", |r| r.is_null()).unwrap());
    assert!(one("f7", |r| r.is_null()).unwrap());
    let bytes = hex("f5");
    let mut r = CborReader::new(&bytes);
    assert!(!r.is_null().unwrap());
    assert_eq!(r.offset(), 0);
    assert!(CborReader::new(&[]).is_null().is_err());
    // simple(16) and simple(255) are skippable but no boolean.
    one("f0", |r| r.skip_value()).unwrap();
    one("f8ff", |r| r.skip_value()).unwrap();
    assert!(one("f0", |r| r.boolean()).is_err());
    // simple(16) in the two-byte form is not well formed.
    assert!(one("f810", |r| r.skip_value()).is_err());
}

#[test]
fn rfc_appendix_a_tags() {
    // 1(1363896240) and 1(1363896240.5).
    assert_eq!(one("c11a514b67b0", |r| r.timestamp()).unwrap(), DateTime::from_secs(1_363_896_240));
    assert_eq!(one("c1fb41d452d9ec200000", |r| r.timestamp()).unwrap(), DateTime::from_secs_and_nanos(1_363_896_240, 500_000_000));
    // 0("2013-03-21T20:04:00Z") is another tag: skippable, not an epoch timestamp.
    let date = "c074323031332d30332d32315432303a30343a30305a";
    one(date, |r| r.skip_value()).unwrap();
    assert_eq!(err(date, |r| r.timestamp()).message(), "expected a timestamp (tag 1), found tag 0");
    // 23(h'01020304')
    one("d74401020304", |r| r.skip_value()).unwrap();
    assert_eq!(err("1a514b67b0", |r| r.timestamp()).message(), "expected a timestamp (tag 1), found an unsigned integer");
    assert!(one("c16161", |r| r.timestamp()).is_err());
    assert!(one("c1f97c00", |r| r.timestamp()).is_err());
    assert_eq!(one("c120", |r| r.timestamp()).unwrap(), DateTime::from_secs(-1));
}

#[test]
fn rfc_appendix_a_strings() {
    assert_eq!(one("40", |r| r.blob()).unwrap().into_inner(), Vec::<u8>::new());
    assert_eq!(one("4401020304", |r| r.blob()).unwrap().into_inner(), [1, 2, 3, 4]);
    for (h, v) in [("60", ""), ("6161", "a"), ("6449455446", "IETF"), ("62225c", "\"\\"), ("62c3bc", "ü"), ("63e6b0b4", "水"), ("64f0908591", "𐅑")] {
        let (borrowed, s) = one(h, owned_string).unwrap();
        assert!(borrowed);
        assert_eq!(s, v, "{h}");
    }
    // (_ h'0102', h'030405') and (_ "strea", "ming")
    assert_eq!(one("5f42010243030405ff", |r| r.blob()).unwrap().into_inner(), [1, 2, 3, 4, 5]);
    let (borrowed, s) = one("7f657374726561646d696e67ff", owned_string).unwrap();
    assert!(!borrowed);
    assert_eq!(s, "streaming");
    one("5f42010243030405ff", |r| r.skip_value()).unwrap();
    one("7f657374726561646d696e67ff", |r| r.skip_value()).unwrap();
    assert_eq!(err("4161", owned_string).message(), "expected a text string, found a byte string");
    assert_eq!(err("6161", |r| r.blob()).message(), "expected a byte string, found a text string");
}

#[test]
fn rfc_appendix_a_arrays() {
    fn ints(r: &mut CborReader<'_>) -> Result<Vec<i64>, DeserializeError> {
        let mut v = Vec::new();
        r.begin_array()?;
        while r.next_element()? {
            v.push(r.i64()?);
        }
        Ok(v)
    }
    /// [a, [b, c], [d, e]] in any mix of lengths.
    fn nested(r: &mut CborReader<'_>) -> Result<Vec<Vec<i64>>, DeserializeError> {
        let mut out = Vec::new();
        r.begin_array()?;
        assert!(r.next_element()?);
        out.push(vec![r.i64()?]);
        while r.next_element()? {
            out.push(ints(r)?);
        }
        Ok(out)
    }
    assert_eq!(one("80", ints).unwrap(), Vec::<i64>::new());
    assert_eq!(one("9fff", ints).unwrap(), Vec::<i64>::new());
    assert_eq!(one("83010203", ints).unwrap(), [1, 2, 3]);
    let expected = vec![vec![1], vec![2, 3], vec![4, 5]];
    for h in ["8301820203820405", "9f018202039f0405ffff", "9f01820203820405ff", "83018202039f0405ff", "83019f0203ff820405"] {
        assert_eq!(one(h, nested).unwrap(), expected, "{h}");
        one(h, |r| r.skip_value()).unwrap();
    }
    let one_to_25: Vec<i64> = (1..=25).collect();
    let definite = "98190102030405060708090a0b0c0d0e0f101112131415161718181819";
    assert_eq!(one(definite, ints).unwrap(), one_to_25);
    let indefinite = "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff";
    assert_eq!(one(indefinite, ints).unwrap(), one_to_25);
}

#[test]
fn rfc_appendix_a_maps() {
    assert!(one("a0", |r| r.map(|_, _| panic!("no members"))).is_ok());
    // {1: 2, 3: 4} has integer keys: skippable, but Smithy keys are text.
    one("a201020304", |r| r.skip_value()).unwrap();
    assert_eq!(err("a201020304", |r| r.map(|_, r| r.skip_value())).message(), "expected a text string, found an unsigned integer");
    // {"a": 1, "b": [2, 3]} and {_ "a": 1, "b": [_ 2, 3]}
    for h in ["a26161016162820203", "bf61610161629f0203ffff"] {
        let mut seen = Vec::new();
        one(h, |r| {
            r.map(|k, r| {
                match k {
                    "a" => seen.push(r.i64()?),
                    _ => {
                        r.begin_array()?;
                        while r.next_element()? {
                            seen.push(r.i64()?);
                        }
                    }
                }
                Ok(())
            })
        })
        .unwrap();
        assert_eq!(seen, [1, 2, 3], "{h}");
    }
    // ["a", {"b": "c"}] and ["a", {_ "b": "c"}]
    for h in ["826161a161626163", "826161bf61626163ff"] {
        one(h, |r| {
            r.begin_array()?;
            assert!(r.next_element()?);
            assert_eq!(r.string()?, "a");
            assert!(r.next_element()?);
            r.map(|k, r| {
                assert_eq!((k, &*r.string()?), ("b", "c"));
                Ok(())
            })?;
            assert!(!r.next_element()?);
            Ok(())
        })
        .unwrap();
    }
    // {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}
    let mut pairs = String::new();
    one("a56161614161626142616361436164614461656145", |r| {
        r.map(|k, r| {
            pairs.push_str(k);
            pairs.push_str(&r.string()?);
            Ok(())
        })
    })
    .unwrap();
    assert_eq!(pairs, "aAbBcCdDeE");
    // {_ "Fun": true, "Amt": -2}
    let (mut fun, mut amt) = (false, 0);
    one("bf6346756ef563416d7421ff", |r| {
        r.map(|k, r| {
            match k {
                "Fun" => fun = r.boolean()?,
                "Amt" => amt = r.i32()?,
                _ => r.skip_value()?,
            }
            Ok(())
        })
    })
    .unwrap();
    assert!(fun);
    assert_eq!(amt, -2);
}

#[test]
fn next_key_and_next_element_check_the_container() {
    let bytes = hex("a0");
    assert_eq!(CborReader::new(&bytes).next_key().unwrap_err().message(), "a key was requested outside a map");
    let mut r = CborReader::new(&bytes);
    r.begin_map().unwrap();
    assert_eq!(r.next_element().unwrap_err().message(), "an element was requested inside a map");
    assert_eq!(r.next_key().unwrap(), None);
    assert_eq!(r.next_element().unwrap_err().message(), "an element was requested outside an array");
    r.finish().unwrap();
    let bytes = hex("80");
    let mut r = CborReader::new(&bytes);
    r.begin_array().unwrap();
    assert_eq!(r.next_key().unwrap_err().message(), "a key was requested inside an array");
    assert_eq!(err("80", |r| r.begin_map()).message(), "expected a map, found an array");
    assert_eq!(err("a0", |r| r.begin_array()).message(), "expected an array, found a map");
}

#[test]
fn finish_checks_everything_was_read() {
    let bytes = hex("a1616101");
    let mut r = CborReader::new(&bytes);
    r.begin_map().unwrap();
    assert_eq!(r.finish().unwrap_err().message(), "a map or array was not closed");
    assert_eq!(err("0000", |r| r.i64()).message(), "unexpected data after the end of the CBOR data item");
    assert_eq!(err("0000", |r| r.i64()).offset(), Some(1));
}

#[test]
fn body_map_reads_members_and_treats_empty_as_empty() {
    let mut n = 0;
    CborReader::body_map(&[], |_, _| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 0);
    let body = hex("bf6161016162f6ff");
    let mut a = None;
    CborReader::body_map(&body, |k, r| {
        match k {
            "a" => a = Some(r.i32()?),
            _ => assert!(r.is_null()?),
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(a, Some(1));
    assert!(CborReader::body_map(&hex("a0a0"), |_, r| r.skip_value()).is_err());
    assert!(CborReader::body_map(&hex("80"), |_, r| r.skip_value()).is_err());
}

#[test]
fn big_numbers() {
    assert_eq!(one("1864", |r| r.big_integer()).unwrap().as_ref(), "100");
    assert_eq!(one("3863", |r| r.big_decimal()).unwrap().as_ref(), "-100");
    // 4([-2, 27315]) is 273.15 (RFC 8949 section 3.4.4).
    assert_eq!(one("c48221196ab3", |r| r.big_decimal()).unwrap().as_ref(), "27315e-2");
    // Decimal fractions with a bignum mantissa, and definite or indefinite arrays.
    assert_eq!(one("c49f21c2420100ff", |r| r.big_decimal()).unwrap().as_ref(), "256e-2");
    assert_eq!(one("fb3ff8000000000000", |r| r.big_decimal()).unwrap().as_ref(), "1.5e0");
    assert!(one("f97e00", |r| r.big_decimal()).is_err());
    assert!(one("c48121", |r| r.big_decimal()).is_err());
    assert!(one("c483210102", |r| r.big_decimal()).is_err());
    assert!(one("c4a0", |r| r.big_decimal()).is_err());
    // A 17-byte bignum is beyond what is supported, and says so.
    let e = err("c251010000000000000000000000000000000000", |r| r.big_integer());
    assert_eq!(e.message(), "bignums wider than 127 bits are not supported");
    // Leading zero bytes do not count.
    assert_eq!(one("c25100000000000000000000000000000000ff", |r| r.big_integer()).unwrap().as_ref(), "255");
    assert!(one("6131", |r| r.big_integer()).is_err());
}

#[test]
fn hostile_nesting_is_limited() {
    let deep = [0x81u8; 129].iter().copied().chain([0x00]).collect::<Vec<_>>();
    let mut r = CborReader::new(&deep);
    let e = r.skip_value().unwrap_err();
    assert_eq!(e.message(), "CBOR nested deeper than 128 maps and arrays");
    assert_eq!(e.offset(), Some(128));
    let ok = [0x81u8; 128].iter().copied().chain([0x00]).collect::<Vec<_>>();
    one(&ok.iter().map(|b| format!("{b:02x}")).collect::<String>(), |r| r.skip_value()).unwrap();
    // Indefinite maps nest the same way.
    let deep_maps: Vec<u8> = std::iter::repeat_n([0xbf, 0x61, b'k'], 200).flatten().collect();
    assert!(CborReader::new(&deep_maps).skip_value().is_err());
    // A long run of tags is a loop, not recursion.
    let tags: Vec<u8> = std::iter::repeat_n(0xc6, 100_000).chain([0x00]).collect();
    let mut r = CborReader::new(&tags);
    r.skip_value().unwrap();
    r.finish().unwrap();
}

#[test]
fn truncated_items_are_errors() {
    for h in [
        "",
        "18",
        "19ff",
        "1a0000",
        "1b00000000000000",
        "62c3",
        "5f4101",
        "7f",
        "a1",
        "a16161",
        "bf",
        "bf6161",
        "9f01",
        "83",
        "c1",
        "c4",
        "f9",
        "fa0000",
        "fb00",
    ] {
        let bytes = hex(h);
        assert!(CborReader::new(&bytes).skip_value().is_err(), "{h}");
        assert!(CborReader::body_map(&bytes, |_, r| r.skip_value()).is_err() || h.is_empty(), "{h}");
    }
    let e = err("1a0000", |r| r.i64());
    assert_eq!((e.message(), e.offset()), ("truncated CBOR head", Some(0)));
    assert_eq!(err("", owned_string).message(), "expected a text string, found the end of the input");
}

#[test]
fn huge_declared_lengths_do_not_allocate() {
    // Strings declaring 2^64-1 bytes fail on the length check, before any copy.
    for h in ["5bffffffffffffffff", "7bffffffffffffffff", "5f5bffffffffffffffffff", "7a7fffffff61"] {
        let e = err(h, |r| r.skip_value());
        assert_eq!(e.message(), "string length runs past the end of the input", "{h}");
    }
    assert!(one("5bffffffffffffffff", |r| r.blob()).is_err());
    // Arrays and maps count items as they come, so a huge count just runs out of input.
    assert!(one("9bffffffffffffffff01", |r| r.skip_value()).is_err());
    assert!(one("bbffffffffffffffff616101", |r| r.skip_value()).is_err());
}

#[test]
fn invalid_utf8_in_text_strings() {
    let e = err("6361ff62", owned_string);
    assert_eq!((e.message(), e.offset()), ("invalid UTF-8 in text string", Some(2)));
    assert!(one("6361ff62", |r| r.skip_value()).is_err());
    assert!(one("a162ff616101", |r| r.map(|_, r| r.skip_value())).is_err());
    // Each chunk must be valid on its own: a character split across chunks is not.
    assert!(one("7f61c361bcff", owned_string).is_err());
    // Byte strings are not text and may hold anything.
    assert_eq!(one("42ff00", |r| r.blob()).unwrap().into_inner(), [0xff, 0]);
}

#[test]
fn indefinite_length_misuse() {
    // Integers and tags have no indefinite form.
    for h in ["1f", "3f", "df00"] {
        assert_eq!(err(h, |r| r.skip_value()).message(), "indefinite length on an integer or tag", "{h}");
    }
    assert!(one("1f", |r| r.i64()).is_err());
    // Chunks must be definite strings of the same major type.
    for h in ["5f6161ff", "7f4161ff", "5f5f4101ffff", "7f7f6161ffff", "5f01ff"] {
        assert_eq!(err(h, |r| r.skip_value()).message(), "an indefinite-length string chunk must be a definite string of the same type", "{h}");
    }
    // A break outside an indefinite-length item, or inside a definite one.
    for h in ["ff", "81ff", "a161ff", "a1ff00"] {
        assert!(one(h, |r| r.skip_value()).is_err(), "{h}");
    }
    assert_eq!(err("ff", |r| r.skip_value()).message(), "expected a value, found a break outside an indefinite-length item");
    // A map whose break comes between a key and its value.
    assert!(one("bf6161ff", |r| r.map(|_, r| r.skip_value())).is_err());
}

#[test]
fn reserved_additional_information() {
    for major in 0..8u8 {
        for info in 28..=30u8 {
            let byte = (major << 5) | info;
            let bytes = [byte, 0, 0, 0, 0, 0, 0, 0, 0];
            let mut r = CborReader::new(&bytes);
            let e = r.skip_value().unwrap_err();
            assert_eq!(e.message(), "reserved additional information (28 to 30) in a CBOR head", "{byte:02x}");
            assert_eq!(e.offset(), Some(0));
        }
    }
}

#[test]
fn errors_carry_the_offset_of_the_item() {
    // {"a": 1, "b": "x"} read with "b" as an integer: the error is at the "x".
    let body = hex("a2616101616261 78");
    let e = CborReader::body_map(&body, |_, r| r.i64().map(drop)).unwrap_err();
    assert_eq!(e.offset(), Some(6));
    assert_eq!(e.to_string(), "expected a long, found a text string (at byte 6)");
}
