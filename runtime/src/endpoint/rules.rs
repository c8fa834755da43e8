//! A rule set as `static` data: what a generated crate's `endpoint.rs` writes.
//!
//! Everything here is const-constructible (enums, `&'static` slices and
//! strings), so a generated rule set is compiled into the binary and costs
//! no parsing or allocation at run time. Names are resolved by the
//! generator: a reference is the index of a variable slot (the rule set's
//! parameters first, in order, then one slot per distinct `assign` name),
//! and a `getAttr` path is split into steps.

/// A whole endpoint rule set.
#[derive(Debug, Clone, Copy)]
pub struct RuleSet {
    /// The parameters, in slot order (slot `i` is `params[i]`).
    pub params: &'static [Param],
    /// Variable slots in all: the parameters plus the assigned names.
    pub slots: u16,
    /// The top-level rules, tried in order.
    pub rules: &'static [Rule],
}

/// One rule set parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name rules refer to, e.g. `Region`.
    pub name: &'static str,
    /// The value's type.
    pub ty: ParamType,
    /// The SDK built-in that supplies it (`AWS::Region`, `AWS::UseFIPS`,
    /// `SDK::Endpoint`...), if any.
    pub built_in: Option<&'static str>,
    /// Whether resolution fails when it has neither a value nor a default.
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<Literal>,
}

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A list of strings.
    StringArray,
}

/// A parameter default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literal {
    /// A string.
    String(&'static str),
    /// A boolean.
    Boolean(bool),
    /// A list of strings.
    StringArray(&'static [&'static str]),
}

/// An expression.
#[derive(Debug, Clone, Copy)]
pub enum Expr {
    /// A string without template parts.
    Str(&'static str),
    /// A string with `{Ref}` or `{Ref#path}` parts, concatenated.
    Template(&'static [Part]),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal (function arguments such as `substring` bounds).
    Int(i64),
    /// The value of a variable slot (unset if the parameter has no value).
    Ref(u16),
    /// `getAttr(target, path)` with the path already split.
    GetAttr(&'static Expr, &'static [Step]),
    /// A library function applied to arguments.
    Call(Function, &'static [Expr]),
    /// An array (endpoint properties and headers).
    Array(&'static [Expr]),
    /// A record (endpoint properties).
    Record(&'static [(&'static str, Expr)]),
}

/// One part of a string template.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// Literal text (`{{` and `}}` already unescaped).
    Lit(&'static str),
    /// A `{...}` part: a reference or a `getAttr` of one; must be a string.
    Expr(Expr),
}

/// One step of a `getAttr` path (`a.b[0]` is `Key("a"), Key("b"), Index(0)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A record field.
    Key(&'static str),
    /// An array element; out of range is unset.
    Index(usize),
}

/// The rules engine library functions (Smithy standard library plus the
/// AWS extensions), `getAttr` aside since it is [`Expr::GetAttr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `booleanEquals(a, b)`.
    BooleanEquals,
    /// `stringEquals(a, b)`.
    StringEquals,
    /// `isSet(value)`.
    IsSet,
    /// `not(bool)`.
    Not,
    /// `substring(input, start, stop, reverse)`.
    Substring,
    /// `isValidHostLabel(value, allowSubDomains)`.
    IsValidHostLabel,
    /// `uriEncode(value)`.
    UriEncode,
    /// `parseURL(value)`.
    ParseUrl,
    /// `aws.partition(region)`.
    AwsPartition,
    /// `aws.parseArn(value)`.
    AwsParseArn,
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`.
    AwsIsVirtualHostableS3Bucket,
}

impl Function {
    /// Every function, for lookups by name.
    pub const ALL: [Function; 11] = [
        Function::BooleanEquals,
        Function::StringEquals,
        Function::IsSet,
        Function::Not,
        Function::Substring,
        Function::IsValidHostLabel,
        Function::UriEncode,
        Function::ParseUrl,
        Function::AwsPartition,
        Function::AwsParseArn,
        Function::AwsIsVirtualHostableS3Bucket,
    ];

    /// The name rule sets use (`fn`).
    pub fn name(self) -> &'static str {
        match self {
            Function::BooleanEquals => "booleanEquals",
            Function::StringEquals => "stringEquals",
            Function::IsSet => "isSet",
            Function::Not => "not",
            Function::Substring => "substring",
            Function::IsValidHostLabel => "isValidHostLabel",
            Function::UriEncode => "uriEncode",
            Function::ParseUrl => "parseURL",
            Function::AwsPartition => "aws.partition",
            Function::AwsParseArn => "aws.parseArn",
            Function::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }

    /// The function a rule set names, if it is one of ours.
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A condition: a function call that must hold, optionally bound to a slot.
#[derive(Debug, Clone, Copy)]
pub struct Condition {
    /// The call (an [`Expr::Call`] or [`Expr::GetAttr`]).
    pub expr: Expr,
    /// The slot the result is assigned to, visible to the rule and its children.
    pub assign: Option<u16>,
}

impl Condition {
    /// A condition without an assignment.
    pub const fn when(expr: Expr) -> Self {
        Condition { expr, assign: None }
    }

    /// A condition whose value is assigned to `slot`.
    pub const fn assign(expr: Expr, slot: u16) -> Self {
        Condition { expr, assign: Some(slot) }
    }
}

/// A rule: conditions, then what it yields when they all hold.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Evaluated in order; the first that fails ends the rule.
    pub conditions: &'static [Condition],
    /// The rule's result.
    pub then: Then,
}

/// What a matching rule yields.
#[derive(Debug, Clone, Copy)]
pub enum Then {
    /// An endpoint.
    Endpoint(&'static EndpointRule),
    /// An error with this message (a string expression).
    Error(Expr),
    /// Child rules; a tree whose children all fail is an error.
    Tree(&'static [Rule]),
}

/// An endpoint rule's result.
#[derive(Debug, Clone, Copy)]
pub struct EndpointRule {
    /// The URL (a string expression).
    pub url: Expr,
    /// Properties, e.g. `authSchemes`.
    pub properties: &'static [(&'static str, Expr)],
    /// Headers to add to the request, each with its values.
    pub headers: &'static [(&'static str, &'static [Expr])],
}
