//! The intermediate representation: resolved shapes with Rust names,
//! nullability, constraints and HTTP bindings. Emitters read only this.

use std::collections::BTreeMap;

/// One service, ready to emit.
#[derive(Debug, Clone)]
pub struct Ir {
    /// The service.
    pub service: Service,
    /// Its operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Every shape reachable from the operations, by id.
    pub shapes: BTreeMap<String, Shape>,
}

/// The service shape.
#[derive(Debug, Clone)]
pub struct Service {
    /// Absolute shape id.
    pub id: String,
    /// `sdkId` (or the shape name).
    pub sdk_id: String,
    /// Human title.
    pub title: String,
    /// API version.
    pub version: String,
    /// `endpointPrefix` of `aws.api#service`.
    pub endpoint_prefix: String,
    /// SigV4 signing name.
    pub signing_name: String,
    /// Markdown docs.
    pub docs: String,
}

/// An HTTP method, URI pattern and success code.
#[derive(Debug, Clone)]
pub struct Http {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path segments of the URI pattern.
    pub path: Vec<PathSegment>,
    /// Literal query of the URI pattern (`?x-id=Foo` or `?flag`).
    pub query_literals: Vec<(String, Option<String>)>,
    /// Status code of a success.
    pub code: u16,
}

/// One `/`-separated piece of a URI pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// `{Name}` or `{Name+}`.
    Label {
        /// The member name.
        member: String,
        /// `{Name+}`.
        greedy: bool,
    },
}

/// An operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Absolute shape id.
    pub id: String,
    /// UpperCamel name (`GetThing`).
    pub name: String,
    /// snake name (`get_thing`): module and client method.
    pub snake: String,
    /// The input structure id (`smithy.api#Unit` stays as is).
    pub input: String,
    /// The output structure id.
    pub output: String,
    /// Modeled errors (service errors included), sorted by name.
    pub errors: Vec<String>,
    /// HTTP binding.
    pub http: Http,
    /// Markdown docs.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `smithy.api#paginated`, resolved with the service's defaults.
    pub paginated: Option<Paginated>,
    /// Error codes the model marks `@retryable`.
    pub retryable_errors: Vec<String>,
    /// `hostPrefix` of `@endpoint` (`foo.{label}.`; labels name input members).
    pub host_prefix: Option<String>,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
}

/// Pagination members of an operation.
#[derive(Debug, Clone)]
pub struct Paginated {
    /// Input token member.
    pub input_token: Option<String>,
    /// Output token path.
    pub output_token: Option<String>,
    /// Items path.
    pub items: Option<String>,
    /// Page size member.
    pub page_size: Option<String>,
}

/// Where a structure is emitted and what it is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// An ordinary type in `types`.
    Plain,
    /// The input of one operation (emitted in its module as `{Op}Input`).
    Input(String),
    /// The output of one operation (`{Op}Output`).
    Output(String),
    /// An error structure in `types::error`.
    Error {
        /// `client` or `server`.
        fault: String,
        /// `@httpError`, if any.
        status: Option<u16>,
        /// `@retryable`, and whether it is throttling.
        retryable: Option<bool>,
    },
}

/// A shape that becomes Rust code.
#[derive(Debug, Clone)]
pub enum Shape {
    /// structure
    Structure(Structure),
    /// union
    Union(Union),
    /// enum (also a string with the Smithy 1.0 `@enum` trait)
    Enum(Enum),
    /// intEnum
    IntEnum(Enum),
    /// list or set
    List(Collection),
    /// map
    Map(Collection),
    /// A simple type; members that target it use the Rust scalar directly.
    Simple(Simple),
}

/// A structure.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Absolute id.
    pub id: String,
    /// Rust type name.
    pub name: String,
    /// Markdown docs.
    pub docs: String,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Role and placement.
    pub role: Role,
    /// The whole structure is `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// A union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Absolute id.
    pub id: String,
    /// Rust type name.
    pub name: String,
    /// Markdown docs.
    pub docs: String,
    /// Variants in model order.
    pub members: Vec<Member>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// An enum or intEnum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Absolute id.
    pub id: String,
    /// Rust type name.
    pub name: String,
    /// Markdown docs.
    pub docs: String,
    /// Variants in model order.
    pub variants: Vec<Variant>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Wire value (`SOFT_PHONE`); for intEnum the number as text.
    pub value: String,
    /// Markdown docs.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `@internal` (or tagged `internal`): not accepted by validation.
    pub internal: bool,
}

/// A list or map shape: its element types and constraints.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Absolute id.
    pub id: String,
    /// snake name for the functions that handle it.
    pub snake: String,
    /// The key member (maps only).
    pub key: Option<Member>,
    /// The element or value member.
    pub value: Member,
    /// `@sparse`.
    pub sparse: bool,
}

/// A simple shape.
#[derive(Debug, Clone)]
pub struct Simple {
    /// Absolute id.
    pub id: String,
    /// Which scalar.
    pub scalar: Scalar,
}

/// The Rust representation of a simple shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `String`
    String,
    /// `bool`
    Boolean,
    /// `i8`
    Byte,
    /// `i16`
    Short,
    /// `i32`
    Integer,
    /// `i64`
    Long,
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// `BigInteger`
    BigInteger,
    /// `BigDecimal`
    BigDecimal,
    /// `DateTime`
    Timestamp,
    /// `Blob`
    Blob,
    /// `Document`
    Document,
}

/// A timestamp wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339
    DateTime,
    /// RFC 7231
    HttpDate,
    /// Seconds since the epoch
    EpochSeconds,
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// In the JSON document.
    Body,
    /// A URI label.
    Label {
        /// `{Name+}`
        greedy: bool,
    },
    /// `@httpQuery`
    Query(String),
    /// `@httpQueryParams`
    QueryParams,
    /// `@httpHeader`
    Header(String),
    /// `@httpPrefixHeaders`
    PrefixHeaders(String),
    /// `@httpPayload`
    Payload,
    /// `@httpResponseCode`
    ResponseCode,
}

/// Constraint traits in force on a member (member traits over target traits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `@length` min and max.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range` min and max as decimal text.
    pub range: Option<(Option<String>, Option<String>)>,
    /// `@pattern`.
    pub pattern: Option<String>,
    /// `@uniqueItems`.
    pub unique_items: bool,
}

impl Constraints {
    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The Smithy member name (`SecondaryEmail`, or `member`/`key`/`value`).
    pub name: String,
    /// The field / method name (`secondary_email`).
    pub rust: String,
    /// The UpperCamel name (union variants, error enum variants).
    pub variant: String,
    /// The targeted shape id.
    pub target: String,
    /// Markdown docs.
    pub docs: String,
    /// The field is an `Option` (Smithy 2.0 client nullability).
    pub nullable: bool,
    /// `@required`.
    pub required: bool,
    /// The default value, when the member has one.
    pub default: Option<serde_json::Value>,
    /// The member or its target is `@sensitive`.
    pub sensitive: bool,
    /// Constraints to validate.
    pub constraints: Constraints,
    /// HTTP binding.
    pub binding: Binding,
    /// Name in JSON documents (`@jsonName` or the member name).
    pub json_name: String,
    /// `@timestampFormat` (member or target).
    pub timestamp_format: Option<TimestampFormat>,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@mediaType` of the target, if any (string headers are then base64).
    pub media_type: Option<String>,
}
