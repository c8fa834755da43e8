//! The intermediate representation: resolved shapes with Rust names,
//! nullability, constraints and HTTP bindings, as typed values. Emitters
//! read only this; nothing in it is raw model JSON.
//!
//! Shapes live in one arena per kind. A member's [`Target`] holds a typed
//! index into its arena, minted only by `lower` after every reachable shape
//! has been given one, so a lookup cannot miss.

use std::fmt;
use std::ops::Index;

/// An absolute Smithy shape id (`ns#Name`), kept for messages and docs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Wraps an absolute id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name after `#` (the error code services send).
    pub fn name(&self) -> &str {
        self.0.rsplit_once('#').map_or(self.0.as_str(), |(_, n)| n)
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! arena_refs {
    ($($(#[$doc:meta])* $name:ident => $field:ident: $ty:ty;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct $name(pub(in crate::lower) u32);

            impl Index<$name> for Ir {
                type Output = $ty;
                fn index(&self, r: $name) -> &$ty {
                    &self.$field[r.0 as usize]
                }
            }
        )*
    };
}

arena_refs! {
    /// A structure of [`Ir::structures`].
    StructRef => structures: Structure;
    /// A union of [`Ir::unions`].
    UnionRef => unions: Union;
    /// An enum of [`Ir::enums`].
    EnumRef => enums: Enum<String>;
    /// An intEnum of [`Ir::int_enums`].
    IntEnumRef => int_enums: Enum<i32>;
    /// A list of [`Ir::lists`].
    ListRef => lists: List;
    /// A map of [`Ir::maps`].
    MapRef => maps: Map;
}

/// One service, ready to emit.
#[derive(Debug, Clone)]
pub struct Ir {
    /// The service.
    pub service: Service,
    /// Its operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Structures, sorted by id (operation inputs and outputs included, the
    /// members-less ones of operations without one too).
    pub structures: Vec<Structure>,
    /// Unions, sorted by id.
    pub unions: Vec<Union>,
    /// Enums, sorted by id.
    pub enums: Vec<Enum<String>>,
    /// intEnums, sorted by id.
    pub int_enums: Vec<Enum<i32>>,
    /// Lists and sets, sorted by id.
    pub lists: Vec<List>,
    /// Maps, sorted by id.
    pub maps: Vec<Map>,
}

impl Ir {
    /// Every structure with its index.
    pub fn structure_refs(&self) -> impl Iterator<Item = (StructRef, &Structure)> {
        self.structures.iter().enumerate().map(|(i, s)| (StructRef(i as u32), s))
    }

    /// Every union with its index.
    pub fn union_refs(&self) -> impl Iterator<Item = (UnionRef, &Union)> {
        self.unions.iter().enumerate().map(|(i, u)| (UnionRef(i as u32), u))
    }

    /// Every list with its index.
    pub fn list_refs(&self) -> impl Iterator<Item = (ListRef, &List)> {
        self.lists.iter().enumerate().map(|(i, l)| (ListRef(i as u32), l))
    }

    /// Every map with its index.
    pub fn map_refs(&self) -> impl Iterator<Item = (MapRef, &Map)> {
        self.maps.iter().enumerate().map(|(i, m)| (MapRef(i as u32), m))
    }
}

/// The service shape.
#[derive(Debug, Clone)]
pub struct Service {
    /// Absolute shape id.
    pub id: ShapeId,
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
    /// The checked `smithy.rules#endpointRuleSet`; `None` when the model has
    /// none (requests then go to `https://{endpoint_prefix}.{region}.amazonaws.com`).
    pub endpoint_rules: Option<super::endpoint_ir::EndpointRules>,
    /// The protocol operations speak; `None` when the service has no
    /// protocol trait the generator supports (types only, no operations).
    pub protocol: Option<Protocol>,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the
    /// `x-amzn-query-error` header, and requests say `x-amzn-query-mode`.
    pub query_compatible: bool,
    /// `@xmlNamespace` of the service: the namespace of restXml bodies' root
    /// element when its shape has none.
    pub xml_namespace: Option<(Option<String>, String)>,
    /// `noErrorWrapping` of `aws.protocols#restXml`: errors are `<Error>`
    /// documents, not wrapped in `<ErrorResponse>`.
    pub xml_no_error_wrapping: bool,
}

/// A wire protocol the generator emits clients for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    /// `aws.protocols#restJson1`: HTTP bindings, JSON bodies.
    RestJson1,
    /// `aws.protocols#awsJson1_0`: `POST /`, `X-Amz-Target`, JSON bodies.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: as 1.0, another content type.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`: form-encoded `POST /` with `Action` and
    /// `Version`, XML responses.
    AwsQuery,
    /// `aws.protocols#ec2Query`: as awsQuery, with EC2's key names and envelopes.
    Ec2Query,
    /// `aws.protocols#restXml`: HTTP bindings, XML bodies.
    RestXml,
    /// `smithy.protocols#rpcv2Cbor`: `POST /service/{S}/operation/{O}`, CBOR bodies.
    RpcV2Cbor,
}

impl Protocol {
    /// Supported protocols in the order a service with several picks them:
    /// Smithy's "AWS service protocol precision": rpcv2Cbor, awsJson1_0,
    /// awsJson1_1, awsQuery, ec2Query, restJson1, restXml.
    pub const PREFERENCE: [Protocol; 7] =
        [Protocol::RpcV2Cbor, Protocol::AwsJson1_0, Protocol::AwsJson1_1, Protocol::AwsQuery, Protocol::Ec2Query, Protocol::RestJson1, Protocol::RestXml];

    /// The trait that declares the protocol on a service.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::AwsQuery => "aws.protocols#awsQuery",
            Protocol::Ec2Query => "aws.protocols#ec2Query",
            Protocol::RestXml => "aws.protocols#restXml",
            Protocol::RpcV2Cbor => "smithy.protocols#rpcv2Cbor",
        }
    }

    /// Whether members bind to the URI, query and headers (`@http*` traits);
    /// otherwise every member is in the body and every request is `POST /`.
    pub fn http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether `@jsonName` renames body members (restJson1 only).
    pub fn json_name(self) -> bool {
        matches!(self, Protocol::RestJson1)
    }
}

/// An HTTP method of `@http`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl HttpMethod {
    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }

    /// Every method, for parsing and messages.
    pub const ALL: [HttpMethod; 7] = [Self::Get, Self::Put, Self::Post, Self::Delete, Self::Patch, Self::Head, Self::Options];
}

/// An HTTP method, URI pattern and success code.
#[derive(Debug, Clone)]
pub struct Http {
    /// The method.
    pub method: HttpMethod,
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
    /// `{Name}` or `{Name+}`: the index of the input member it names.
    Label {
        /// Index into the input structure's members.
        member: usize,
        /// `{Name+}`.
        greedy: bool,
    },
}

/// One piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum HostPrefixSegment {
    /// Literal host text.
    Literal(String),
    /// `{Name}`: the index of the `@hostLabel` input member it names.
    Label(usize),
}

/// An operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Absolute shape id.
    pub id: ShapeId,
    /// UpperCamel name (`GetThing`).
    pub name: String,
    /// The client method (`get_thing`).
    pub method: String,
    /// The module and file name (`get_thing`, `type_` for a keyword).
    pub module: String,
    /// The input structure (an empty one when the model says `Unit`).
    pub input: StructRef,
    /// The output structure (an empty one when the model says `Unit`).
    pub output: StructRef,
    /// Modeled errors (service errors included), sorted by name; each has
    /// [`Role::Error`].
    pub errors: Vec<StructRef>,
    /// HTTP binding.
    pub http: Http,
    /// Markdown docs.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `smithy.api#paginated`, resolved with the service's defaults, when
    /// its tokens are top-level string members.
    pub paginated: Option<Paginated>,
    /// Error codes the model marks `@retryable`.
    pub retryable_errors: Vec<String>,
    /// `hostPrefix` of `@endpoint`, parsed.
    pub host_prefix: Option<Vec<HostPrefixSegment>>,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// The model's input is `smithy.api#Unit` (rpcv2Cbor then sends no body).
    pub unit_input: bool,
    /// The model's output is `smithy.api#Unit` (a restJson1 server then
    /// answers no body, where an empty structure is `{}`).
    pub unit_output: bool,
    /// `@requestCompression` lists `gzip` (the one encoding the AWS SDKs
    /// support; others are skipped, as the trait allows).
    pub request_compression: bool,
    /// Endpoint parameters the operation sets (static and from input members).
    pub endpoint_params: Vec<super::endpoint_ir::OperationParam>,
    /// How requests are authenticated (`@auth`, `@optionalAuth`).
    pub auth: Auth,
}

/// How an operation's requests are authenticated: its effective auth
/// schemes (the operation's `@auth`, else the service's, else every auth
/// trait of the service), of which this generator signs with `aws.auth#sigv4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Signed with SigV4.
    SigV4,
    /// `@optionalAuth`: signed when credentials resolve, else sent anonymously.
    OptionalSigV4,
    /// `@auth([])`: never signed.
    None,
}

/// The token members of a paginated operation whose tokens are top-level
/// string members (the only kind paginators are generated for).
#[derive(Debug, Clone)]
pub struct Paginated {
    /// Index of the input token member in the input structure.
    pub input_token: usize,
    /// Index of the output token member in the output structure.
    pub output_token: usize,
    /// Index of the output member holding a page's items (`items`, a
    /// top-level list or map member), for `.items()`.
    pub items: Option<usize>,
    /// Index of the input member that sets the page size (`pageSize`, a
    /// top-level integer member), for `.page_size(n)`.
    pub page_size: Option<usize>,
}

/// Who is at fault for an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `@error("client")`
    Client,
    /// `@error("server")`
    Server,
}

/// Where a structure is emitted and what it is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// An ordinary type in `types`.
    Plain,
    /// The input of one operation, emitted in its module.
    Input {
        /// The operation's name.
        operation: String,
        /// The operation's module.
        module: String,
    },
    /// The output of one operation, emitted in its module.
    Output {
        /// The operation's name.
        operation: String,
        /// The operation's module.
        module: String,
    },
    /// An error structure in `types::error`.
    Error {
        /// Client or server.
        fault: Fault,
        /// `@httpError`, if any.
        status: Option<u16>,
        /// `@retryable`, and whether it is throttling.
        retryable: Option<bool>,
        /// `code` of `aws.protocols#awsQueryError`: the code the query
        /// protocols (and awsQueryCompatible services) report for it.
        query_code: Option<String>,
    },
}

/// A structure.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Absolute id.
    pub id: ShapeId,
    /// Rust type name.
    pub name: String,
    /// File stem of its module in `types` or `types::error` (`_thing`).
    pub module: String,
    /// Name stem of its (de)serializer functions and their module.
    pub wire_name: String,
    /// Markdown docs (empty when undocumented).
    pub docs: String,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Role and placement.
    pub role: Role,
    /// The whole structure is `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// The type implements `Default` (no member needs a value it lacks).
    pub derives_default: bool,
    /// `@xmlName` and `@xmlNamespace` of the shape (a root element's name and namespace).
    pub xml: XmlShape,
}

/// The XML name and namespace of a structure or union shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XmlShape {
    /// `@xmlName`.
    pub name: Option<String>,
    /// `@xmlNamespace` (prefix, uri).
    pub namespace: Option<(Option<String>, String)>,
}

/// A union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Absolute id.
    pub id: ShapeId,
    /// Rust type name.
    pub name: String,
    /// File stem of its module in `types`.
    pub module: String,
    /// Name stem of its (de)serializer functions and their module.
    pub wire_name: String,
    /// Markdown docs.
    pub docs: String,
    /// Variants in model order.
    pub members: Vec<Member>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `@xmlName` and `@xmlNamespace` of the shape.
    pub xml: XmlShape,
}

/// An enum (values `String`) or intEnum (values `i32`).
#[derive(Debug, Clone)]
pub struct Enum<V> {
    /// Absolute id.
    pub id: ShapeId,
    /// Rust type name.
    pub name: String,
    /// File stem of its module in `types`.
    pub module: String,
    /// Markdown docs.
    pub docs: String,
    /// Variants in model order.
    pub variants: Vec<Variant<V>>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct Variant<V> {
    /// Rust variant name.
    pub name: String,
    /// Wire value (`SOFT_PHONE`, or the number of an intEnum).
    pub value: V,
    /// Markdown docs.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// `@internal` (or tagged `internal`): not accepted by validation.
    pub internal: bool,
}

/// A list or set.
#[derive(Debug, Clone)]
pub struct List {
    /// Absolute id.
    pub id: ShapeId,
    /// Name stem of its deserializer function and module.
    pub wire_name: String,
    /// The element member.
    pub member: Member,
    /// `@sparse`.
    pub sparse: bool,
}

/// A map.
#[derive(Debug, Clone)]
pub struct Map {
    /// Absolute id.
    pub id: ShapeId,
    /// Name stem of its deserializer function and module.
    pub wire_name: String,
    /// The key member (a string or an enum).
    pub key: Member,
    /// The value member.
    pub value: Member,
    /// `@sparse`.
    pub sparse: bool,
}

/// The Rust representation of a simple shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl Scalar {
    /// An integer type, and its bounds.
    pub fn int_bounds(self) -> Option<(i64, i64)> {
        match self {
            Self::Byte => Some((i8::MIN.into(), i8::MAX.into())),
            Self::Short => Some((i16::MIN.into(), i16::MAX.into())),
            Self::Integer => Some((i32::MIN.into(), i32::MAX.into())),
            Self::Long => Some((i64::MIN, i64::MAX)),
            _ => None,
        }
    }
}

/// What a member's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A simple shape, held as the Rust scalar.
    Scalar(Scalar),
    /// An enum.
    Enum(EnumRef),
    /// An intEnum.
    IntEnum(IntEnumRef),
    /// A structure.
    Structure(StructRef),
    /// A union.
    Union(UnionRef),
    /// A list or set.
    List(ListRef),
    /// A map.
    Map(MapRef),
    /// `smithy.api#Unit`: a union member that carries no value.
    Unit,
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
    Label,
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

/// A member's `@default`, checked against its target type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer within the range of the member's integer type.
    Int(i64),
    /// A float or double.
    Float(f64),
    /// A bigInteger or bigDecimal, as canonical decimal text.
    BigNumber(String),
    /// A timestamp.
    Timestamp {
        /// Seconds since the epoch.
        secs: i64,
        /// Nanoseconds within the second.
        nanos: u32,
    },
    /// Blob bytes (the model writes them as base64).
    Blob(Vec<u8>),
    /// A document, as JSON text.
    Document(String),
    /// An enum value the enum defines.
    Enum(String),
    /// An intEnum value.
    IntEnum(i32),
    /// The empty list.
    EmptyList,
    /// The empty map.
    EmptyMap,
}

/// A numeric `@range`, typed by what the member holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Range {
    /// An integer member; bounds rounded inward to integers, `None` when the
    /// type cannot pass them.
    Int {
        /// Least value allowed.
        min: Option<i64>,
        /// Greatest value allowed.
        max: Option<i64>,
    },
    /// A float member (bounds compared as f32).
    Float {
        /// Least value allowed.
        min: Option<f32>,
        /// Greatest value allowed.
        max: Option<f32>,
    },
    /// A double member.
    Double {
        /// Least value allowed.
        min: Option<f64>,
        /// Greatest value allowed.
        max: Option<f64>,
    },
    /// A bigInteger or bigDecimal member: exact decimal text.
    Decimal {
        /// Least value allowed.
        min: Option<String>,
        /// Greatest value allowed.
        max: Option<String>,
    },
}

/// What a `@length` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthOf {
    /// Unicode scalar values of a string (or an enum's value).
    Chars,
    /// Bytes of a blob.
    Bytes,
    /// Elements of a list or entries of a map.
    Items,
}

/// Constraint traits in force on a member (member traits over target
/// traits), kept only where they apply to the member's type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `@length`: what it counts, min and max.
    pub length: Option<(LengthOf, Option<u64>, Option<u64>)>,
    /// `@range`.
    pub range: Option<Range>,
    /// `@pattern` (checked to compile), on strings.
    pub pattern: Option<String>,
    /// `@uniqueItems`, on lists.
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
    /// The UpperCamel name (union variants).
    pub variant: String,
    /// What the member holds.
    pub target: Target,
    /// Markdown docs.
    pub docs: String,
    /// The field is an `Option` (Smithy 2.0 client nullability).
    pub nullable: bool,
    /// `@required`.
    pub required: bool,
    /// The default value, when the member has one.
    pub default: Option<DefaultValue>,
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
    /// The XML and query protocols' names and placement.
    pub xml: XmlMember,
}

/// How a member appears in XML documents and query strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XmlMember {
    /// `@xmlName` of the member (its element name, query key segment).
    pub name: Option<String>,
    /// `@xmlFlattened`: list items (map entries) repeat at the parent's level.
    pub flattened: bool,
    /// `@xmlAttribute`: an attribute of the parent element.
    pub attribute: bool,
    /// `@xmlNamespace` (prefix, uri) of the member.
    pub namespace: Option<(Option<String>, String)>,
    /// `aws.protocols#ec2QueryName`.
    pub ec2_name: Option<String>,
}

impl Member {
    /// The element name in XML and the key segment in awsQuery.
    pub fn xml_name(&self) -> &str {
        self.xml.name.as_deref().unwrap_or(&self.name)
    }

    /// The key segment in ec2Query: `ec2QueryName`, else the XML name
    /// with its first letter upper-cased.
    pub fn ec2_name(&self) -> String {
        if let Some(n) = &self.xml.ec2_name {
            return n.clone();
        }
        let name = self.xml_name();
        let mut chars = name.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
