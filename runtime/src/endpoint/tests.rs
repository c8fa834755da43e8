//! Evaluator tests on small hand-written rule sets.

use super::*;

const REGION: u16 = 0;
const USE_FIPS: u16 = 1;
const ENDPOINT: u16 = 2;
const PARTITION: u16 = 3;
const URL: u16 = 4;

static PARAMS: [Param; 3] = [
    Param { name: "Region", ty: ParamType::String, built_in: Some("AWS::Region"), required: false, default: None },
    Param {
        name: "UseFIPS",
        ty: ParamType::Boolean,
        built_in: Some("AWS::UseFIPS"),
        required: true,
        default: Some(Literal::Boolean(false)),
    },
    Param { name: "Endpoint", ty: ParamType::String, built_in: Some("SDK::Endpoint"), required: false, default: None },
];

const fn call(f: Function, args: &'static [Expr]) -> Expr {
    Expr::Call(f, args)
}

const fn when(expr: Expr) -> Condition {
    Condition { expr, assign: None }
}

static RULES: RuleSet = RuleSet {
    params: &PARAMS,
    slots: 5,
    rules: &[
        Rule {
            conditions: &[
                when(call(Function::IsSet, &[Expr::Ref(ENDPOINT)])),
                Condition { expr: call(Function::ParseUrl, &[Expr::Ref(ENDPOINT)]), assign: Some(URL) },
            ],
            then: Then::Endpoint(&EndpointRule {
                url: Expr::Template(&[
                    Part::Expr(Expr::GetAttr(&Expr::Ref(URL), &[Step::Key("scheme")])),
                    Part::Lit("://"),
                    Part::Expr(Expr::GetAttr(&Expr::Ref(URL), &[Step::Key("authority")])),
                    Part::Lit("/base"),
                ]),
                properties: &[],
                headers: &[("x-custom", &[Expr::Str("a"), Expr::Ref(REGION)])],
            }),
        },
        Rule {
            conditions: &[when(call(Function::IsSet, &[Expr::Ref(ENDPOINT)]))],
            then: Then::Error(Expr::Template(&[Part::Lit("not a URL: "), Part::Expr(Expr::Ref(ENDPOINT))])),
        },
        Rule {
            conditions: &[
                when(call(Function::IsSet, &[Expr::Ref(REGION)])),
                Condition { expr: call(Function::AwsPartition, &[Expr::Ref(REGION)]), assign: Some(PARTITION) },
            ],
            then: Then::Tree(&[
                Rule {
                    conditions: &[
                        when(call(Function::BooleanEquals, &[Expr::Ref(USE_FIPS), Expr::Bool(true)])),
                        when(call(
                            Function::BooleanEquals,
                            &[Expr::GetAttr(&Expr::Ref(PARTITION), &[Step::Key("supportsFIPS")]), Expr::Bool(true)],
                        )),
                    ],
                    then: Then::Endpoint(&EndpointRule {
                        url: Expr::Template(&[
                            Part::Lit("https://svc-fips."),
                            Part::Expr(Expr::Ref(REGION)),
                            Part::Lit("."),
                            Part::Expr(Expr::GetAttr(&Expr::Ref(PARTITION), &[Step::Key("dnsSuffix")])),
                        ]),
                        properties: &[],
                        headers: &[],
                    }),
                },
                Rule {
                    conditions: &[when(call(
                        Function::StringEquals,
                        &[Expr::Ref(REGION), Expr::Str("tree-without-match")],
                    ))],
                    then: Then::Tree(&[Rule {
                        conditions: &[when(Expr::Bool(false))],
                        then: Then::Error(Expr::Str("unreachable")),
                    }]),
                },
                Rule {
                    conditions: &[],
                    then: Then::Endpoint(&EndpointRule {
                        url: Expr::Template(&[
                            Part::Lit("https://svc."),
                            Part::Expr(Expr::Ref(REGION)),
                            Part::Lit("."),
                            Part::Expr(Expr::GetAttr(&Expr::Ref(PARTITION), &[Step::Key("dnsSuffix")])),
                        ]),
                        properties: &[(
                            "authSchemes",
                            Expr::Array(&[Expr::Record(&[
                                ("name", Expr::Str("sigv4")),
                                ("signingName", Expr::Str("svc")),
                                (
                                    "signingRegion",
                                    Expr::GetAttr(&Expr::Ref(PARTITION), &[Step::Key("implicitGlobalRegion")]),
                                ),
                                ("disableDoubleEncoding", Expr::Bool(true)),
                            ])]),
                        )],
                        headers: &[],
                    }),
                },
            ]),
        },
        Rule {
            // The partition assigned in the sibling above must not be visible here.
            conditions: &[when(call(Function::IsSet, &[Expr::Ref(PARTITION)]))],
            then: Then::Error(Expr::Str("assignment leaked out of its rule")),
        },
        Rule { conditions: &[], then: Then::Error(Expr::Str("Invalid Configuration: Missing Region")) },
    ],
};

fn s(v: &str) -> Option<Value> {
    Some(Value::string(v.to_owned()))
}

#[test]
fn first_matching_rule_wins_and_defaults_apply() {
    let e = resolve(&RULES, vec![s("us-west-2"), None, None]).unwrap();
    assert_eq!(e.url, "https://svc.us-west-2.amazonaws.com");
    let e = resolve(&RULES, vec![s("cn-north-1"), Some(Value::Bool(true)), None]).unwrap();
    assert_eq!(e.url, "https://svc-fips.cn-north-1.amazonaws.com.cn");
}

#[test]
fn properties_are_evaluated_and_typed_auth_schemes_read_them() {
    let e = resolve(&RULES, vec![s("us-gov-east-1"), None, None]).unwrap();
    let schemes = e.auth_schemes();
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0].name, "sigv4");
    assert_eq!(schemes[0].signing_name.as_deref(), Some("svc"));
    assert_eq!(schemes[0].signing_region.as_deref(), Some("us-gov-west-1"));
    assert_eq!(schemes[0].disable_double_encoding, Some(true));
    assert!(schemes[0].signing_region_set.is_empty());
}

#[test]
fn assigned_values_reach_templates_and_headers_are_evaluated() {
    let e = resolve(&RULES, vec![s("eu-west-1"), None, s("http://localhost:8080/ignored")]).unwrap();
    assert_eq!(e.url, "http://localhost:8080/base");
    assert_eq!(e.headers, vec![("x-custom".to_owned(), vec!["a".to_owned(), "eu-west-1".to_owned()])]);
}

#[test]
fn a_failing_condition_moves_on_to_the_next_rule() {
    // parseURL fails (a query), so the first rule does not match and the second's error applies.
    let err = resolve(&RULES, vec![s("eu-west-1"), None, s("https://x?y")]).unwrap_err();
    assert_eq!(err.message(), "not a URL: https://x?y");
}

#[test]
fn a_tree_whose_children_do_not_match_is_terminal() {
    let err = resolve(&RULES, vec![s("tree-without-match"), None, None]).unwrap_err();
    assert_eq!(err.message(), NO_RULES_MATCHED);
}

#[test]
fn assignments_do_not_outlive_their_rule_and_errors_carry_the_message() {
    let err = resolve(&RULES, vec![None, None, None]).unwrap_err();
    assert_eq!(err.message(), "Invalid Configuration: Missing Region");
}

#[test]
fn wrong_parameter_values_are_errors() {
    let err = resolve(&RULES, vec![Some(Value::Bool(true)), None, None]).unwrap_err();
    assert!(err.message().contains("`Region`"), "{err}");
    assert!(resolve(&RULES, vec![None]).is_err(), "wrong count");
}

static REQUIRED: RuleSet = RuleSet {
    params: &[Param { name: "Bucket", ty: ParamType::String, built_in: None, required: true, default: None }],
    slots: 1,
    rules: &[Rule { conditions: &[], then: Then::Error(Expr::Ref(0)) }],
};

#[test]
fn a_required_parameter_without_value_or_default_is_an_error() {
    assert_eq!(resolve(&REQUIRED, vec![None]).unwrap_err().message(), "parameter `Bucket` is required");
    assert_eq!(resolve(&REQUIRED, vec![s("b")]).unwrap_err().message(), "b");
}

static MALFORMED: RuleSet = RuleSet {
    params: &[],
    slots: 0,
    rules: &[
        Rule { conditions: &[when(call(Function::Not, &[Expr::Str("x")]))], then: Then::Error(Expr::Str("no")) },
        Rule { conditions: &[], then: Then::Error(Expr::Ref(7)) },
    ],
};

static WRONG_ARITY: RuleSet = RuleSet {
    params: &[],
    slots: 0,
    rules: &[Rule {
        conditions: &[when(call(Function::StringEquals, &[Expr::Str("x")]))],
        then: Then::Error(Expr::Str("no")),
    }],
};

#[test]
fn malformed_static_data_is_an_error_not_a_panic() {
    let err = resolve(&MALFORMED, vec![]).unwrap_err();
    assert!(err.message().starts_with("invalid rule set: not must be a boolean"), "{err}");
    let err = resolve(&WRONG_ARITY, vec![]).unwrap_err();
    assert!(err.message().contains("`stringEquals` takes 2 arguments"), "{err}");
}

#[test]
fn get_attr_walks_fields_and_indices() {
    let v = Value::Record(vec![
        ("resourceId", Value::string_array(["table", "users"])),
        ("region", Value::string("us-east-1")),
    ]);
    assert_eq!(eval::get_attr(v.clone(), &[Step::Key("resourceId"), Step::Index(1)]), s("users"));
    assert_eq!(eval::get_attr(v.clone(), &[Step::Key("resourceId"), Step::Index(2)]), None, "out of range");
    assert_eq!(eval::get_attr(v.clone(), &[Step::Key("region")]), s("us-east-1"));
    assert_eq!(eval::get_attr(v.clone(), &[Step::Key("nope")]), None);
    assert_eq!(eval::get_attr(v, &[Step::Index(0)]), None, "an index on a record");
}

#[test]
fn library_calls_through_the_evaluator() {
    static LIB: RuleSet = RuleSet {
        params: &[Param { name: "V", ty: ParamType::String, built_in: None, required: true, default: None }],
        slots: 2,
        rules: &[
            Rule {
                conditions: &[Condition {
                    expr: call(Function::Substring, &[Expr::Ref(0), Expr::Int(0), Expr::Int(3), Expr::Bool(true)]),
                    assign: Some(1),
                }],
                then: Then::Error(Expr::Template(&[
                    Part::Expr(Expr::Ref(1)),
                    Part::Lit("|"),
                    Part::Expr(call(Function::UriEncode, &[Expr::Ref(0)])),
                ])),
            },
            Rule {
                conditions: &[when(call(
                    Function::Not,
                    &[call(Function::IsValidHostLabel, &[Expr::Ref(0), Expr::Bool(false)])],
                ))],
                then: Then::Error(Expr::Str("not a host label")),
            },
            Rule { conditions: &[], then: Then::Error(Expr::Str("short")) },
        ],
    };
    assert_eq!(resolve(&LIB, vec![s("a b/cdef")]).unwrap_err().message(), "def|a%20b%2Fcdef");
    assert_eq!(
        resolve(&LIB, vec![s("é")]).unwrap_err().message(),
        "not a host label",
        "substring of non-ASCII is unset"
    );
    assert_eq!(resolve(&LIB, vec![s("ab")]).unwrap_err().message(), "short");
}
