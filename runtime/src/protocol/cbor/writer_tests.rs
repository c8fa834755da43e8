use aws_smithy_types::DateTime;

use super::*;
use crate::protocol::cbor::CborReader;

fn written(f: impl FnOnce(&mut CborWriter)) -> Vec<u8> {
    let mut w = CborWriter::new();
    f(&mut w);
    w.finish()
}

#[test]
fn integers_use_the_shortest_head() {
    // RFC 8949 appendix A encodings.
    for (v, bytes) in [
        (0i64, &[0x00][..]),
        (23, &[0x17]),
        (24, &[0x18, 0x18]),
        (100, &[0x18, 0x64]),
        (1000, &[0x19, 0x03, 0xe8]),
        (1_000_000, &[0x1a, 0x00, 0x0f, 0x42, 0x40]),
        (1_000_000_000_000, &[0x1b, 0x00, 0x00, 0x00, 0xe8, 0xd4, 0xa5, 0x10, 0x00]),
        (-1, &[0x20]),
        (-100, &[0x38, 0x63]),
        (-1000, &[0x39, 0x03, 0xe7]),
        (i64::MIN, &[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ] {
        assert_eq!(written(|w| w.i64(v)), bytes, "{v}");
    }
}

#[test]
fn scalars() {
    assert_eq!(written(|w| w.string("IETF")), [0x64, b'I', b'E', b'T', b'F']);
    assert_eq!(written(|w| w.string(&"a".repeat(24)))[..2], [0x78, 24]);
    assert_eq!(written(|w| w.blob(&[1, 2, 3, 4])), [0x44, 1, 2, 3, 4]);
    assert_eq!(written(|w| w.boolean(true)), [0xf5]);
    assert_eq!(written(|w| w.boolean(false)), [0xf4]);
    assert_eq!(written(CborWriter::null), [0xf6]);
    assert_eq!(written(|w| w.f32(100000.0)), [0xfa, 0x47, 0xc3, 0x50, 0x00]);
    assert_eq!(written(|w| w.f64(1.1)), [0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]);
}

#[test]
fn timestamps_are_tag_1_integer_when_whole() {
    // 1(1363896240) and 1(1363896240.5) from RFC 8949 appendix A.
    assert_eq!(written(|w| w.timestamp(&DateTime::from_secs(1_363_896_240))), [0xc1, 0x1a, 0x51, 0x4b, 0x67, 0xb0]);
    let half = DateTime::from_secs_and_nanos(1_363_896_240, 500_000_000);
    assert_eq!(written(|w| w.timestamp(&half)), [0xc1, 0xfb, 0x41, 0xd4, 0x52, 0xd9, 0xec, 0x20, 0x00, 0x00]);
    assert_eq!(written(|w| w.timestamp(&DateTime::from_secs(-1))), [0xc1, 0x20]);
}

#[test]
fn containers_have_indefinite_length() {
    // {_ "Fun": true, "Amt": -2} from RFC 8949 appendix A.
    let bytes = written(|w| {
        w.begin_map();
        w.key("Fun");
        w.boolean(true);
        w.key("Amt");
        w.i64(-2);
        w.end_map();
    });
    assert_eq!(bytes, [0xbf, 0x63, b'F', b'u', b'n', 0xf5, 0x63, b'A', b'm', b't', 0x21, 0xff]);
    assert_eq!(
        written(|w| {
            w.begin_array();
            w.i64(1);
            w.begin_array();
            w.end_array();
            w.end_array();
        }),
        [0x9f, 0x01, 0x9f, 0xff, 0xff]
    );
}

#[test]
fn big_numbers_pick_the_smallest_form() {
    assert_eq!(written(|w| w.big_number("100")), [0x18, 0x64]);
    assert_eq!(written(|w| w.big_number("-1")), [0x20]);
    assert_eq!(written(|w| w.big_number("18446744073709551615")), [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(written(|w| w.big_number("-18446744073709551616")), [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    // 2^64 and -2^64-1 are bignums (RFC 8949 appendix A).
    assert_eq!(written(|w| w.big_number("18446744073709551616")), [0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(written(|w| w.big_number("-18446744073709551617")), [0xc3, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // 273.15 is 4([-2, 27315]) (RFC 8949 section 3.4.4).
    assert_eq!(written(|w| w.big_number("273.15")), [0xc4, 0x82, 0x21, 0x19, 0x6a, 0xb3]);
    assert_eq!(written(|w| w.big_number("1.5E+3")), [0xc4, 0x82, 0x02, 0x0f]);
    // Past 128 bits, or not a number at all: a text string.
    let huge = "9".repeat(40);
    assert_eq!(written(|w| w.big_number(&huge))[..2], [0x78, 40]);
    assert_eq!(written(|w| w.big_number("abc")), [0x63, b'a', b'b', b'c']);
    assert_eq!(written(|w| w.big_number("")), [0x60]);
}

#[test]
fn everything_written_reads_back() {
    let t = DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000);
    let body = written(|w| {
        w.begin_map();
        w.key("s");
        w.string("héllo");
        w.key("n");
        w.i64(i64::MIN);
        w.key("f");
        w.f32(1.1);
        w.key("d");
        w.f64(-0.5);
        w.key("t");
        w.timestamp(&t);
        w.key("b");
        w.blob(&[0, 255]);
        w.key("z");
        w.null();
        w.key("l");
        w.begin_array();
        w.boolean(true);
        w.big_number("-18446744073709551617");
        w.big_number("273.15");
        w.end_array();
        w.end_map();
    });
    let mut seen = Vec::new();
    CborReader::body_map(&body, |k, r| {
        seen.push(k.to_owned());
        match k {
            "s" => assert_eq!(r.string()?, "héllo"),
            "n" => assert_eq!(r.i64()?, i64::MIN),
            "f" => assert_eq!(r.f32()?, 1.1),
            "d" => assert_eq!(r.f64()?, -0.5),
            "t" => assert_eq!(r.timestamp()?, t),
            "b" => assert_eq!(r.blob()?.into_inner(), [0, 255]),
            "z" => assert!(r.is_null()?),
            _ => {
                r.begin_array()?;
                assert!(r.next_element()? && r.boolean()?);
                assert!(r.next_element()?);
                assert_eq!(r.big_integer()?.as_ref(), "-18446744073709551617");
                assert!(r.next_element()?);
                assert_eq!(r.big_decimal()?.as_ref(), "27315e-2");
                assert!(!r.next_element()?);
            }
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, ["s", "n", "f", "d", "t", "b", "z", "l"]);
}
