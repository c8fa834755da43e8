//! `Serialize` and `Deserialize` for generated types (feature `serde`).
//!
//! Generated crates implement serde's traits by hand (no serde_derive) and
//! call these helpers, so a crate's impls stay a list of member names and
//! the cost of the feature is compiling serde once. The JSON is what the
//! AWS CLI prints (`docs/serde.md`): the model's member names as keys,
//! `None` members left out, unknown keys ignored, timestamps as ISO 8601
//! (epoch seconds accepted), blobs as base64, floats' `NaN` and
//! `±Infinity` as strings, big numbers as strings, documents as JSON,
//! enums as their wire strings (unknown values kept), a union as an object
//! with one key.
//!
//! How a member is written is chosen by the generator with an *adapter*
//! type: [`Plain`] for a value whose type implements serde's traits itself
//! (strings, integers, booleans, generated types and collections of them),
//! or [`Timestamp`], [`Base64`], [`Doc`], [`Float`], [`BigNumber`], and
//! [`List`], [`Map`], [`Sparse`] around those.

mod adapters;
pub(crate) mod iso8601;

use std::fmt;
use std::marker::PhantomData;

pub use ::serde::de::MapAccess;
pub use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
use ::serde::de::{self, IgnoredAny, Visitor};
use ::serde::ser::{self, SerializeMap, SerializeStruct};
pub use adapters::{Base64, BigNumber, DeserializeAs, Doc, Float, List, Map, Plain, SerializeAs, Sparse, Timestamp};

use crate::error::BuildError;

/// A structure being written: `None` members are skipped.
pub struct Struct<S: Serializer>(S::SerializeStruct);

impl<S: Serializer> Struct<S> {
    /// Starts a structure of `len` members that will be written (serde
    /// formats with a length prefix need the exact count).
    pub fn begin(serializer: S, name: &'static str, len: usize) -> Result<Self, S::Error> {
        serializer.serialize_struct(name, len).map(Self)
    }

    /// Writes a member that always has a value.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(key, value)
    }

    /// Writes a member that always has a value, through an adapter.
    pub fn field_as<A: SerializeAs<T>, T: ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(key, &As::<A, T>(value, PhantomData))
    }

    /// Writes a member when it is `Some`; skips it when `None`, as the CLI does.
    pub fn opt<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(v) => self.0.serialize_field(key, v),
            None => self.0.skip_field(key),
        }
    }

    /// [`Self::opt`] through an adapter.
    pub fn opt_as<A: SerializeAs<T>, T>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(v) => self.0.serialize_field(key, &As::<A, T>(v, PhantomData)),
            None => self.0.skip_field(key),
        }
    }

    /// Ends the structure.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// A value seen through adapter `A`, for serde.
pub(crate) struct As<'a, A, T: ?Sized>(pub(crate) &'a T, pub(crate) PhantomData<A>);

impl<A: SerializeAs<T>, T: ?Sized> Serialize for As<'_, A, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize_as(self.0, serializer)
    }
}

/// A value read through adapter `A`.
pub(crate) struct Read<A, T>(pub(crate) T, PhantomData<A>);

impl<'de, A: DeserializeAs<'de, T>, T> Deserialize<'de> for Read<A, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        A::deserialize_as(deserializer).map(|v| Read(v, PhantomData))
    }
}

/// The builder side of a generated structure: reads its members one key at
/// a time, then builds. Implemented by generated builders; not for callers.
#[doc(hidden)]
pub trait Fields: Default {
    /// The structure built.
    type Value;
    /// The structure's name, for error messages.
    const NAME: &'static str;
    /// Reads the value of `key` into the builder; a key the model does not
    /// define is skipped with [`skip`].
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
    /// Builds the structure; fails when a required member without a default is missing.
    fn finish(self) -> Result<Self::Value, BuildError>;
}

/// Reads a structure through its builder `B`.
pub fn deserialize_struct<'de, D: Deserializer<'de>, B: Fields>(deserializer: D) -> Result<B::Value, D::Error> {
    struct V<B>(PhantomData<B>);
    impl<'de, B: Fields> Visitor<'de> for V<B> {
        type Value = B::Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", B::NAME)
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<B::Value, M::Error> {
            let mut builder = B::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                builder.field(key.as_str(), &mut map)?;
            }
            builder.finish().map_err(|e| de::Error::custom(format_args!("{}: {e}", B::NAME)))
        }
    }
    deserializer.deserialize_map(V::<B>(PhantomData))
}

/// The value of a member, `None` when it is `null`.
pub fn next<'de, T: Deserialize<'de>, M: MapAccess<'de>>(map: &mut M) -> Result<Option<T>, M::Error> {
    map.next_value()
}

/// [`next`] through an adapter.
pub fn next_as<'de, A: DeserializeAs<'de, T>, T, M: MapAccess<'de>>(map: &mut M) -> Result<Option<T>, M::Error> {
    Ok(map.next_value::<Option<Read<A, T>>>()?.map(|v| v.0))
}

/// Skips the value of a key the model does not define: the CLI's output can
/// be newer than the model.
pub fn skip<'de, M: MapAccess<'de>>(map: &mut M) -> Result<(), M::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A map key, borrowed from the input when the format allows.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// The member side of a generated union: reads the value of one key.
/// Implemented by generated unions; not for callers.
#[doc(hidden)]
pub trait Variants: Sized {
    /// The union's name, for error messages.
    const NAME: &'static str;
    /// The member `key` with its value; `None` when the value is `null`.
    /// A key the model does not define is the `Unknown` member ([`unknown`]).
    fn variant<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Reads a union: an object with exactly one key whose value is not `null`
/// (keys with `null` values are ignored, as the AWS JSON protocols do).
pub fn deserialize_union<'de, D: Deserializer<'de>, U: Variants>(deserializer: D) -> Result<U, D::Error> {
    struct V<U>(PhantomData<U>);
    impl<'de, U: Variants> Visitor<'de> for V<U> {
        type Value = U;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object with one member", U::NAME)
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<U, M::Error> {
            let mut found: Option<U> = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if let Some(v) = U::variant(key.as_str(), &mut map)? {
                    if found.is_some() {
                        return Err(de::Error::custom(format_args!("{}: a union has exactly one member, found a second: `{}`", U::NAME, key.as_str())));
                    }
                    found = Some(v);
                }
            }
            found.ok_or_else(|| de::Error::custom(format_args!("{}: a union needs one member, found none", U::NAME)))
        }
    }
    deserializer.deserialize_map(V::<U>(PhantomData))
}

/// A union member that carries no value (`smithy.api#Unit`): `{}` in JSON.
pub fn unit<'de, U, M: MapAccess<'de>>(map: &mut M, variant: U) -> Result<Option<U>, M::Error> {
    Ok(map.next_value::<Option<IgnoredAny>>()?.map(|_| variant))
}

/// A key the union does not define: its value is skipped and the union is
/// `Unknown`, as when the service sends a newer member.
pub fn unknown<'de, U, M: MapAccess<'de>>(map: &mut M, variant: U) -> Result<Option<U>, M::Error> {
    unit(map, variant)
}

/// Writes a union member: `{"Key": value}`.
pub fn member<S: Serializer, T: Serialize + ?Sized>(serializer: S, key: &'static str, value: &T) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// [`member`] through an adapter.
pub fn member_as<A: SerializeAs<T>, S: Serializer, T: ?Sized>(serializer: S, key: &'static str, value: &T) -> Result<S::Ok, S::Error> {
    member(serializer, key, &As::<A, T>(value, PhantomData))
}

/// Writes a union member without a value: `{"Key": {}}`.
pub fn unit_member<S: Serializer>(serializer: S, key: &'static str) -> Result<S::Ok, S::Error> {
    struct Empty;
    impl Serialize for Empty {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_map(Some(0))?.end()
        }
    }
    member(serializer, key, &Empty)
}

/// The `Unknown` member of a union cannot be written: which member it was
/// and its value were not kept.
pub fn unknown_member<S: Serializer>(name: &'static str) -> Result<S::Ok, S::Error> {
    Err(ser::Error::custom(format_args!("{name}: the Unknown member of a union cannot be serialized (its name and value were not kept)")))
}

/// Writes an enum: its wire value.
pub fn enum_value<S: Serializer>(serializer: S, value: &str) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value)
}

/// Reads an enum from its wire value; a value the model does not define is
/// kept (`From<&str>` puts it in `Unknown`).
pub fn deserialize_enum<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(deserializer: D) -> Result<T, D::Error> {
    Key::deserialize(deserializer).map(|k| T::from(k.as_str()))
}

#[cfg(test)]
mod tests;
