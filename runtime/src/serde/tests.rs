use std::collections::HashMap;

use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use proptest::prelude::*;
use serde_json::json;

use super::*;

/// Writes `value` through adapter `A` as JSON.
fn write<A: SerializeAs<T>, T>(value: &T) -> serde_json::Value {
    serde_json::to_value(As::<A, T>(value, PhantomData)).unwrap()
}

/// Reads JSON text through adapter `A`.
fn read<A: for<'de> DeserializeAs<'de, T>, T>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str::<Read<A, T>>(text).map(|r| r.0)
}

#[test]
fn timestamps_are_iso_8601_with_every_nanosecond() {
    assert_eq!(write::<Timestamp, _>(&DateTime::from_secs(1_576_540_098)), json!("2019-12-16T23:48:18Z"));
    assert_eq!(write::<Timestamp, _>(&DateTime::from_secs_and_nanos(1_576_540_098, 123_456_789)), json!("2019-12-16T23:48:18.123456789Z"));
}

#[test]
fn timestamps_read_cli_strings_and_epoch_numbers() {
    let t = DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000);
    assert_eq!(read::<Timestamp, DateTime>(r#""2019-12-17T00:48:18.520000+01:00""#).unwrap(), t);
    assert_eq!(read::<Timestamp, DateTime>("1576540098.52").unwrap(), t);
    assert_eq!(read::<Timestamp, DateTime>("1576540098").unwrap(), DateTime::from_secs(1_576_540_098));
    assert_eq!(read::<Timestamp, DateTime>("-1.5").unwrap(), DateTime::from_secs_and_nanos(-2, 500_000_000));
    assert!(read::<Timestamp, DateTime>(r#""yesterday""#).is_err());
    assert!(read::<Timestamp, DateTime>("1e300").is_err());
    assert!(read::<Timestamp, DateTime>("true").is_err());
}

#[test]
fn blobs_are_base64() {
    assert_eq!(write::<Base64, _>(&Blob::new(b"hello".to_vec())), json!("aGVsbG8="));
    assert_eq!(read::<Base64, Blob>(r#""aGVsbG8=""#).unwrap(), Blob::new(b"hello".to_vec()));
    assert!(read::<Base64, Blob>(r#""not base64!""#).is_err());
}

#[test]
fn non_finite_floats_are_strings() {
    assert_eq!(write::<Float, f64>(&f64::NAN), json!("NaN"));
    assert_eq!(write::<Float, f64>(&f64::INFINITY), json!("Infinity"));
    assert_eq!(write::<Float, f32>(&f32::NEG_INFINITY), json!("-Infinity"));
    assert_eq!(serde_json::to_string(&As::<Float, f32>(&1.1, PhantomData)).unwrap(), "1.1");
    assert!(read::<Float, f64>(r#""NaN""#).unwrap().is_nan());
    assert_eq!(read::<Float, f64>(r#""-Infinity""#).unwrap(), f64::NEG_INFINITY);
    assert_eq!(read::<Float, f32>("3").unwrap(), 3.0);
    assert!(read::<Float, f64>(r#""nan""#).is_err());
}

#[test]
fn big_numbers_are_strings_and_read_from_numbers() {
    let big: BigInteger = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(write::<BigNumber, _>(&big), json!("123456789012345678901234567890"));
    assert_eq!(read::<BigNumber, BigInteger>(r#""123456789012345678901234567890""#).unwrap(), big);
    assert_eq!(read::<BigNumber, BigInteger>("-42").unwrap().as_ref(), "-42");
    assert_eq!(read::<BigNumber, BigDecimal>("1.5").unwrap(), "1.5".parse::<BigDecimal>().unwrap());
    assert!(read::<BigNumber, BigInteger>(r#""1.5""#).is_err());
}

#[test]
fn documents_are_json() {
    let text = r#"{"a":[1,-2,2.5,"x",true,null,{}]}"#;
    let doc = read::<Doc, Document>(text).unwrap();
    let expected = Document::Object(HashMap::from([(
        "a".to_owned(),
        Document::Array(vec![
            Document::Number(Number::PosInt(1)),
            Document::Number(Number::NegInt(-2)),
            Document::Number(Number::Float(2.5)),
            Document::String("x".into()),
            Document::Bool(true),
            Document::Null,
            Document::Object(HashMap::new()),
        ]),
    )]));
    assert_eq!(doc, expected);
    assert_eq!(write::<Doc, _>(&doc), serde_json::from_str::<serde_json::Value>(text).unwrap());
}

#[test]
fn sparse_lists_keep_nulls_and_maps_apply_the_adapter_to_values() {
    let list = vec![Some(DateTime::from_secs(0)), None];
    assert_eq!(write::<List<Sparse<Timestamp>>, _>(&list), json!(["1970-01-01T00:00:00Z", null]));
    assert_eq!(read::<List<Sparse<Timestamp>>, Vec<Option<DateTime>>>(r#"["1970-01-01T00:00:00Z",null]"#).unwrap(), list);
    assert!(read::<List<Timestamp>, Vec<DateTime>>(r#"[null]"#).is_err(), "null in a dense list");
    let map = HashMap::from([("k".to_owned(), vec![Blob::new(vec![0xff])])]);
    assert_eq!(write::<Map<List<Base64>>, _>(&map), json!({"k": ["/w=="]}));
    assert_eq!(read::<Map<List<Base64>>, HashMap<String, Vec<Blob>>>(r#"{"k":["/w=="]}"#).unwrap(), map);
}

/// A structure and a union written the way the generator writes them.
#[derive(Debug, Clone, PartialEq)]
struct Thing {
    name: String,
    when: Option<DateTime>,
    choice: Option<Choice>,
}

#[derive(Default)]
struct ThingBuilder {
    name: Option<String>,
    when: Option<DateTime>,
    choice: Option<Choice>,
}

impl Serialize for Thing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = Struct::begin(serializer, "Thing", 1 + usize::from(self.when.is_some()) + usize::from(self.choice.is_some()))?;
        s.field("Name", &self.name)?;
        s.opt_as::<Timestamp, _>("When", &self.when)?;
        s.opt("Choice", &self.choice)?;
        s.end()
    }
}

impl Fields for ThingBuilder {
    type Value = Thing;
    const NAME: &'static str = "Thing";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "Name" => self.name = next(map)?,
            "When" => self.when = next_as::<Timestamp, _, _>(map)?,
            "Choice" => self.choice = next(map)?,
            _ => skip(map)?,
        }
        Ok(())
    }
    fn finish(self) -> Result<Thing, BuildError> {
        Ok(Thing { name: self.name.ok_or_else(|| BuildError::missing_field("name", "required"))?, when: self.when, choice: self.choice })
    }
}

impl<'de> Deserialize<'de> for Thing {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_struct::<D, ThingBuilder>(deserializer)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Choice {
    Count(i32),
    When(DateTime),
    Nothing,
    Unknown,
}

impl Serialize for Choice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Choice::Count(v) => member(serializer, "Count", v),
            Choice::When(v) => member_as::<Timestamp, _, _>(serializer, "When", v),
            Choice::Nothing => unit_member(serializer, "Nothing"),
            Choice::Unknown => unknown_member::<S>("Choice"),
        }
    }
}

impl Variants for Choice {
    const NAME: &'static str = "Choice";
    fn variant<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        match key {
            "Count" => next(map).map(|v| v.map(Choice::Count)),
            "When" => next_as::<Timestamp, _, _>(map).map(|v| v.map(Choice::When)),
            "Nothing" => unit(map, Choice::Nothing),
            _ => unknown(map, Choice::Unknown),
        }
    }
}

impl<'de> Deserialize<'de> for Choice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

#[test]
fn structures_skip_none_ignore_unknown_keys_and_require_required_members() {
    let t = Thing { name: "n".into(), when: None, choice: Some(Choice::Nothing) };
    assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"Name":"n","Choice":{"Nothing":{}}}"#);
    let read: Thing = serde_json::from_str(r#"{"Name":"n","Extra":{"a":[1]},"When":null,"Choice":{"Nothing":{}}}"#).unwrap();
    assert_eq!(read, t);
    let err = serde_json::from_str::<Thing>(r#"{"When":0}"#).unwrap_err().to_string();
    assert!(err.contains("Thing") && err.contains("name"), "{err}");
    assert!(serde_json::from_str::<Thing>(r#"[]"#).is_err());
}

#[test]
fn unions_are_one_key_objects() {
    assert_eq!(serde_json::to_string(&Choice::Count(3)).unwrap(), r#"{"Count":3}"#);
    assert_eq!(serde_json::from_str::<Choice>(r#"{"Count":null,"When":0}"#).unwrap(), Choice::When(DateTime::from_secs(0)));
    assert_eq!(serde_json::from_str::<Choice>(r#"{"Newer":{"x":1}}"#).unwrap(), Choice::Unknown);
    assert!(serde_json::from_str::<Choice>(r#"{"Count":1,"When":0}"#).is_err());
    assert!(serde_json::from_str::<Choice>(r#"{}"#).is_err());
    let err = serde_json::to_string(&Choice::Unknown).unwrap_err().to_string();
    assert!(err.contains("Unknown"), "{err}");
}

/// An enum written the way the generator writes one.
#[derive(Debug, PartialEq)]
struct Wire(String);

impl From<&str> for Wire {
    fn from(s: &str) -> Self {
        Wire(s.to_owned())
    }
}

#[test]
fn enums_read_their_wire_value_borrowed_or_escaped() {
    assert_eq!(deserialize_enum::<_, Wire>(&mut serde_json::Deserializer::from_str(r#""DESK_PHONE""#)).unwrap(), Wire("DESK_PHONE".into()));
    assert_eq!(deserialize_enum::<_, Wire>(&mut serde_json::Deserializer::from_str(r#""A\u0042""#)).unwrap(), Wire("AB".into()));
    assert_eq!(serde_json::to_string(&As::<Plain, _>(&"X", PhantomData)).unwrap(), r#""X""#);
}

/// Numbers as serde_json's `arbitrary_precision` hands them over: a map
/// with one private key and the number's text.
fn arbitrary_precision(number: &str) -> serde::de::value::MapDeserializer<'static, std::vec::IntoIter<(String, String)>, serde::de::value::Error> {
    serde::de::value::MapDeserializer::new(vec![("$serde_json::private::Number".to_owned(), number.to_owned())].into_iter())
}

#[test]
fn numbers_from_arbitrary_precision_json_are_read_exactly() {
    assert_eq!(Timestamp::deserialize_as(arbitrary_precision("1576540098.123456789")).unwrap(), DateTime::from_secs_and_nanos(1_576_540_098, 123_456_789));
    assert_eq!(<Float as DeserializeAs<'_, f64>>::deserialize_as(arbitrary_precision("2.5")).unwrap(), 2.5);
    let big: BigInteger = BigNumber::deserialize_as(arbitrary_precision("123456789012345678901234567890")).unwrap();
    assert_eq!(big.as_ref(), "123456789012345678901234567890");
    assert_eq!(Doc::deserialize_as(arbitrary_precision("-3")).unwrap(), Document::Number(Number::NegInt(-3)));
    assert_eq!(Doc::deserialize_as(arbitrary_precision("1e400")).unwrap(), Document::Number(Number::Float(f64::INFINITY)));
    let other = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(vec![("x".to_owned(), "1".to_owned())].into_iter());
    assert!(Timestamp::deserialize_as(other).is_err());
}

fn date_times() -> impl Strategy<Value = DateTime> {
    // Every second from year -9999 to +99999, any nanosecond.
    (-377_705_116_800i64..3_093_527_980_800, prop_oneof![Just(0u32), 0u32..1_000_000_000]).prop_map(|(s, n)| DateTime::from_secs_and_nanos(s, n))
}

proptest! {
    #[test]
    fn timestamps_round_trip(t in date_times()) {
        let text = iso8601::format(&t);
        prop_assert_eq!(iso8601::parse(&text), Some(t), "{}", text);
        prop_assert_eq!(read::<Timestamp, DateTime>(&write::<Timestamp, _>(&t).to_string()).unwrap(), t);
    }

    #[test]
    fn floats_round_trip(bits in any::<u64>(), small in any::<u32>()) {
        let (d, f) = (f64::from_bits(bits), f32::from_bits(small));
        let d2 = read::<Float, f64>(&write::<Float, f64>(&d).to_string()).unwrap();
        let f2 = read::<Float, f32>(&serde_json::to_string(&As::<Float, f32>(&f, PhantomData)).unwrap()).unwrap();
        prop_assert!(d2 == d || (d.is_nan() && d2.is_nan()), "{} {}", d, d2);
        prop_assert!(f2 == f || (f.is_nan() && f2.is_nan()), "{} {}", f, f2);
    }

    #[test]
    fn epoch_numbers_read_as_their_decimal_spelling(secs in -10_000_000_000i64..10_000_000_000, millis in 0u32..1000) {
        let text = format!("{secs}.{millis:03}");
        let expected = if secs < 0 && millis > 0 {
            DateTime::from_secs_and_nanos(secs - 1, 1_000_000_000 - millis * 1_000_000)
        } else {
            DateTime::from_secs_and_nanos(secs, millis * 1_000_000)
        };
        prop_assert_eq!(read::<Timestamp, DateTime>(&text).unwrap(), expected);
    }
}
