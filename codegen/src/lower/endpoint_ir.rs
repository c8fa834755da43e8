//! The IR of a service's endpoint rule set (`smithy.rules#endpointRuleSet`),
//! checked and with names resolved: references are variable slots (the
//! parameters first, then one per distinct `assign` name), `getAttr` paths
//! are split, templates are parsed. The emitter writes it as the runtime's
//! `client_runtime::endpoint` static data, one-to-one.

/// A checked rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRules {
    /// Parameters, in slot order.
    pub params: Vec<EndpointParam>,
    /// Variable slots in all (parameters plus assigned names).
    pub slots: u16,
    /// The top-level rules.
    pub rules: Vec<Rule>,
    /// `smithy.rules#clientContextParams`: parameters a client's
    /// configuration sets (indices into `params`).
    pub client_params: Vec<usize>,
}

/// A rule set parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// The name rules use (`UseFIPS`).
    pub name: String,
    /// The `Params` field and builder method (`use_fips`).
    pub rust: String,
    /// Its type.
    pub ty: ParamType,
    /// `builtIn`, e.g. `AWS::Region`.
    pub built_in: Option<String>,
    /// `required`.
    pub required: bool,
    /// `default`.
    pub default: Option<Literal>,
    /// Markdown docs (may be empty).
    pub docs: String,
}

/// A parameter type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `String`
    String,
    /// `Boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

/// A parameter default or a static context value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A string.
    String(String),
    /// A boolean.
    Boolean(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string without template parts.
    Str(String),
    /// A string with `{...}` parts.
    Template(Vec<Part>),
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A variable slot.
    Ref(u16),
    /// `getAttr` with the path split.
    GetAttr(Box<Expr>, Vec<Step>),
    /// A library function call.
    Call(Function, Vec<Expr>),
    /// An array.
    Array(Vec<Expr>),
    /// A record, fields in model order.
    Record(Vec<(String, Expr)>),
}

/// A template part.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text.
    Lit(String),
    /// `{Ref}` or `{Ref#path}`.
    Expr(Expr),
}

/// A `getAttr` path step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `.name`
    Key(String),
    /// `[n]`
    Index(usize),
}

/// A library function (the runtime's `Function` variants, by the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `booleanEquals`
    BooleanEquals,
    /// `stringEquals`
    StringEquals,
    /// `isSet`
    IsSet,
    /// `not`
    Not,
    /// `substring`
    Substring,
    /// `isValidHostLabel`
    IsValidHostLabel,
    /// `uriEncode`
    UriEncode,
    /// `parseURL`
    ParseUrl,
    /// `aws.partition`
    AwsPartition,
    /// `aws.parseArn`
    AwsParseArn,
    /// `aws.isVirtualHostableS3Bucket`
    AwsIsVirtualHostableS3Bucket,
}

impl Function {
    /// The runtime variant's name.
    pub fn variant(self) -> &'static str {
        match self {
            Function::BooleanEquals => "BooleanEquals",
            Function::StringEquals => "StringEquals",
            Function::IsSet => "IsSet",
            Function::Not => "Not",
            Function::Substring => "Substring",
            Function::IsValidHostLabel => "IsValidHostLabel",
            Function::UriEncode => "UriEncode",
            Function::ParseUrl => "ParseUrl",
            Function::AwsPartition => "AwsPartition",
            Function::AwsParseArn => "AwsParseArn",
            Function::AwsIsVirtualHostableS3Bucket => "AwsIsVirtualHostableS3Bucket",
        }
    }
}

/// A condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The function call.
    pub expr: Expr,
    /// The slot its value is assigned to.
    pub assign: Option<u16>,
}

/// A rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Conditions, in order.
    pub conditions: Vec<Condition>,
    /// What it yields.
    pub then: Then,
}

/// A rule's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// An endpoint.
    Endpoint(EndpointResult),
    /// An error message.
    Error(Expr),
    /// Child rules.
    Tree(Vec<Rule>),
}

/// An endpoint rule's result.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointResult {
    /// The URL.
    pub url: Expr,
    /// Properties, in model order.
    pub properties: Vec<(String, Expr)>,
    /// Headers, in model order.
    pub headers: Vec<(String, Vec<Expr>)>,
}

/// Where one operation's endpoint parameter value comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationParam {
    /// The parameter's slot (its index in [`EndpointRules::params`]).
    pub slot: u16,
    /// The value.
    pub value: OperationParamValue,
}

/// An operation's endpoint parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum OperationParamValue {
    /// `smithy.rules#staticContextParams`.
    Static(Literal),
    /// `smithy.rules#contextParam` on a top-level input member (its index);
    /// the member is a string or a boolean, as the parameter.
    Member(usize),
    /// `smithy.rules#operationContextParams`: a path into the input, typed;
    /// `ty` is what it selects (a string, a boolean or a list of strings,
    /// as the parameter).
    Path {
        /// The path.
        path: ContextPath,
        /// Its result type.
        ty: PathTy,
    },
}

/// The type of a value a context path selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathTy {
    /// A string or an enum (held as `&str`).
    Str,
    /// A boolean.
    Boolean,
    /// A structure (held as a reference).
    Struct(super::ir::StructRef),
    /// A map (held as a reference).
    Map(super::ir::MapRef),
    /// A list member of the model (held as a reference to its `Vec`).
    ModelList {
        /// The element type.
        elem: Box<PathTy>,
        /// Elements are `Option`s.
        sparse: bool,
    },
    /// A list a projection, a multi-select or `keys()` made at run time
    /// (held as a `Vec` of `Option`s: JMESPath nulls).
    List(Box<PathTy>),
}

/// A typed `operationContextParams` path. Every node evaluates to an
/// `Option` (JMESPath's null) of its type's representation.
#[derive(Debug, Clone, PartialEq)]
pub enum ContextPath {
    /// The value the node is applied to.
    Current,
    /// A structure member.
    Field {
        /// The Rust field.
        field: String,
        /// The field is an `Option`.
        nullable: bool,
        /// Its type.
        ty: PathTy,
    },
    /// `a.b`.
    Sub(Box<ContextPath>, Box<ContextPath>),
    /// `list[*] each`: nulls dropped.
    Project {
        /// The list.
        list: Box<ContextPath>,
        /// Its type (a model list or a made one).
        list_ty: PathTy,
        /// What every element becomes.
        each: Box<ContextPath>,
    },
    /// `inner[]`: element lists merged.
    Flatten {
        /// The list.
        inner: Box<ContextPath>,
        /// Its type.
        inner_ty: PathTy,
        /// Its element type (a list type when there is anything to merge).
        elem: PathTy,
    },
    /// `[a, b]`: each item evaluated on the current value.
    MultiSelect {
        /// The items.
        items: Vec<ContextPath>,
        /// The type of the current value.
        cur_ty: PathTy,
    },
    /// `keys(map)`.
    Keys(Box<ContextPath>),
}
