//! Adapters: how a member whose Rust type does not implement serde's traits
//! the way the CLI's JSON needs is written and read. The generator picks
//! one per member from the model; `List<Timestamp>` is a list of
//! timestamps.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use ::serde::de::{self, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{SerializeMap, SerializeSeq};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};

use super::{As, Read, iso8601};
use crate::protocol::numbers::{self, Decimal};

/// serde_json with its `arbitrary_precision` feature (which any crate in a
/// build can turn on for all) hands a number to `deserialize_any` as a map
/// with this one key and the number's text as the value.
const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

/// The text of such a number; `first_key` was read already when given.
fn json_number_text<'de, M: MapAccess<'de>>(first_key: Option<String>, map: &mut M) -> Result<String, M::Error> {
    let key = match first_key {
        Some(k) => Some(k),
        None => map.next_key::<String>()?,
    };
    match key {
        Some(k) if k == JSON_NUMBER_KEY => map.next_value::<String>(),
        _ => Err(de::Error::invalid_type(de::Unexpected::Map, &"a number")),
    }
}

/// Writes a `T` the way adapter `Self` says.
pub trait SerializeAs<T: ?Sized> {
    /// Writes `value`.
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Reads a `T` the way adapter `Self` says.
pub trait DeserializeAs<'de, T>: Sized {
    /// Reads a value.
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// The value's own serde impls (strings, integers, booleans, generated types).
pub struct Plain;

impl<T: Serialize + ?Sized> SerializeAs<T> for Plain {
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, T> for Plain {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// A timestamp: an ISO 8601 string in UTC with every nanosecond
/// (`2019-12-16T23:48:18.52Z`). Reads that with any UTC offset, or epoch
/// seconds as an integer or a fraction (`1576540098`, `1576540098.52`).
pub struct Timestamp;

impl SerializeAs<DateTime> for Timestamp {
    fn serialize_as<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&iso8601::format(value))
    }
}

/// Epoch seconds from a JSON number: its shortest decimal spelling, read
/// digit by digit, so `1576540098.52` is 520 000 000 ns, not the f64's
/// 519 999 980.
fn epoch_f64(v: f64) -> Option<DateTime> {
    if !v.is_finite() {
        return None;
    }
    let text = ryu::Buffer::new().format_finite(v).to_owned();
    Decimal::parse(text.as_bytes())?.to_date_time()
}

impl<'de> DeserializeAs<'de, DateTime> for Timestamp {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 date-time string or epoch seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                iso8601::parse(v).ok_or_else(|| E::custom(format_args!("invalid ISO 8601 date-time `{v}`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
                i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom("epoch seconds out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
                epoch_f64(v).ok_or_else(|| E::custom(format_args!("epoch seconds out of range: {v}")))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<DateTime, M::Error> {
                let text = json_number_text(None, &mut map)?;
                Decimal::parse(text.as_bytes())
                    .and_then(|d| d.to_date_time())
                    .ok_or_else(|| de::Error::custom(format_args!("epoch seconds out of range: {text}")))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A blob: standard base64 with padding.
pub struct Base64;

impl SerializeAs<Blob> for Base64 {
    fn serialize_as<S: Serializer>(value: &Blob, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&aws_smithy_types::base64::encode(value.as_ref()))
    }
}

impl<'de> DeserializeAs<'de, Blob> for Base64 {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
                aws_smithy_types::base64::decode(v).map(Blob::new).map_err(|e| E::custom(format_args!("invalid base64: {e}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A `float` or `double`: a number, or the strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"` as the AWS JSON protocols write them.
pub struct Float;

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match numbers::non_finite_name(*value) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match numbers::non_finite_name(f64::from(*value)) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f32(*value),
        }
    }
}

/// Reads a number or a non-finite name as `f64`.
struct FloatVisitor;

impl<'de> Visitor<'de> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        numbers::non_finite(v).ok_or_else(|| E::custom(format_args!("expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found \"{v}\"")))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<f64, M::Error> {
        let text = json_number_text(None, &mut map)?;
        text.parse().map_err(|_| de::Error::custom(format_args!("invalid number {text}")))
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        // The f64 nearest the text, rounded to f32: the f32 whose shortest
        // spelling was written.
        deserializer.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

/// A `bigInteger` or `bigDecimal`: a string of its digits, so no precision
/// is lost (a JSON number would pass through `f64` in most readers). Reads
/// numbers too.
pub struct BigNumber;

impl SerializeAs<BigInteger> for BigNumber {
    fn serialize_as<S: Serializer>(value: &BigInteger, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.as_ref())
    }
}

impl SerializeAs<BigDecimal> for BigNumber {
    fn serialize_as<S: Serializer>(value: &BigDecimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.as_ref())
    }
}

/// Reads a big number's text from a string or a number.
struct BigVisitor<T>(PhantomData<T>);

impl<'de, T: std::str::FromStr<Err: fmt::Display>> Visitor<'de> for BigVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string of one")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(itoa::Buffer::new().format(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(itoa::Buffer::new().format(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if !v.is_finite() {
            return Err(E::custom("a big number must be finite"));
        }
        self.visit_str(ryu::Buffer::new().format_finite(v))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
        json_number_text(None, &mut map)?.parse().map_err(de::Error::custom)
    }
}

impl<'de> DeserializeAs<'de, BigInteger> for BigNumber {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<BigInteger, D::Error> {
        deserializer.deserialize_any(BigVisitor(PhantomData))
    }
}

impl<'de> DeserializeAs<'de, BigDecimal> for BigNumber {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<BigDecimal, D::Error> {
        deserializer.deserialize_any(BigVisitor(PhantomData))
    }
}

/// A document: the JSON value it holds.
pub struct Doc;

/// A document seen as a serde value.
struct DocRef<'a>(&'a Document);

impl Serialize for DocRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Document::Number(Number::Float(n)) => serializer.serialize_f64(*n),
            Document::String(s) => serializer.serialize_str(s),
            Document::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&DocRef(item))?;
                }
                seq.end()
            }
            Document::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &DocRef(v))?;
                }
                map.end()
            }
        }
    }
}

impl SerializeAs<Document> for Doc {
    fn serialize_as<S: Serializer>(value: &Document, serializer: S) -> Result<S::Ok, S::Error> {
        DocRef(value).serialize(serializer)
    }
}

/// A document read from any serde value.
struct DocOwned(Document);

impl<'de> Deserialize<'de> for DocOwned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DocOwned;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<DocOwned, D::Error> {
                DocOwned::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Number(if v < 0 { Number::NegInt(v) } else { Number::PosInt(v as u64) })))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Number(Number::PosInt(v))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::Number(Number::Float(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::String(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<DocOwned, E> {
                Ok(DocOwned(Document::String(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DocOwned, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(DocOwned(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(DocOwned(Document::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DocOwned, A::Error> {
                let mut entries = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                let Some(first) = map.next_key::<String>()? else { return Ok(DocOwned(Document::Object(entries))) };
                if first == JSON_NUMBER_KEY {
                    let text = json_number_text(Some(first), &mut map)?;
                    return number_document(&text).map(DocOwned).ok_or_else(|| de::Error::custom(format_args!("invalid number {text}")));
                }
                let DocOwned(v) = map.next_value()?;
                entries.insert(first, v);
                while let Some((k, DocOwned(v))) = map.next_entry::<String, DocOwned>()? {
                    entries.insert(k, v);
                }
                Ok(DocOwned(Document::Object(entries)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A document number from its text: an integer when it is one that fits,
/// else the nearest `f64`.
fn number_document(text: &str) -> Option<Document> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(Document::Number(Number::PosInt(n)));
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(Document::Number(Number::NegInt(n)));
    }
    text.parse::<f64>().ok().map(|f| Document::Number(Number::Float(f)))
}

impl<'de> DeserializeAs<'de, Document> for Doc {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
        DocOwned::deserialize(deserializer).map(|d| d.0)
    }
}

/// A list whose items are written with adapter `A`.
pub struct List<A>(PhantomData<A>);

impl<A: SerializeAs<T>, T> SerializeAs<Vec<T>> for List<A> {
    fn serialize_as<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&As::<A, T>(item, PhantomData))?;
        }
        seq.end()
    }
}

impl<'de, A: DeserializeAs<'de, T>, T> DeserializeAs<'de, Vec<T>> for List<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct V<A, T>(PhantomData<(A, T)>);
        impl<'de, A: DeserializeAs<'de, T>, T> Visitor<'de> for V<A, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element::<Read<A, T>>()? {
                    items.push(item.0);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(V::<A, T>(PhantomData))
    }
}

/// A map whose values are written with adapter `A` (keys are strings or
/// enums, which serde writes as strings).
pub struct Map<A>(PhantomData<A>);

impl<A: SerializeAs<V>, K: Serialize, V> SerializeAs<HashMap<K, V>> for Map<A> {
    fn serialize_as<S: Serializer>(value: &HashMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (k, v) in value {
            map.serialize_entry(k, &As::<A, V>(v, PhantomData))?;
        }
        map.end()
    }
}

impl<'de, A: DeserializeAs<'de, V>, K: Deserialize<'de> + Eq + Hash, V> DeserializeAs<'de, HashMap<K, V>> for Map<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<HashMap<K, V>, D::Error> {
        struct Vis<A, K, V>(PhantomData<(A, K, V)>);
        impl<'de, A: DeserializeAs<'de, V>, K: Deserialize<'de> + Eq + Hash, V> Visitor<'de> for Vis<A, K, V> {
            type Value = HashMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<HashMap<K, V>, M::Error> {
                let mut out = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some((k, v)) = map.next_entry::<K, Read<A, V>>()? {
                    out.insert(k, v.0);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Vis::<A, K, V>(PhantomData))
    }
}

/// An item of a `@sparse` list or map: `null` for `None`.
pub struct Sparse<A>(PhantomData<A>);

impl<A: SerializeAs<T>, T> SerializeAs<Option<T>> for Sparse<A> {
    fn serialize_as<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&As::<A, T>(v, PhantomData)),
            None => serializer.serialize_none(),
        }
    }
}

impl<'de, A: DeserializeAs<'de, T>, T> DeserializeAs<'de, Option<T>> for Sparse<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Read<A, T>>::deserialize(deserializer)?.map(|v| v.0))
    }
}
