//! The client resolves a service's endpoint rule set per call: the URL (with
//! its path prefix), the rule set's headers and the auth scheme's signing
//! name and region are used; operation context parameters take part; a rule
//! set error fails the call with its message before anything is sent.

mod client_support;

use bytes::Bytes;
use client_runtime::client::stub::StubHttpClient;
use client_runtime::client::{Config, Handle, OperationInfo, SdkError, ServiceInfo, invoke};
use client_runtime::endpoint::{
    Condition as C, ContextParams, EndpointRule, Expr as E, Function as F, Literal, Param, ParamType, Part as P, Rule,
    RuleSet, Then, Value,
};
use client_runtime::error::BuildError;
use client_support::*;

const REGION: u16 = 0;
const USE_FIPS: u16 = 1;
const TENANT: u16 = 2;

static RULES: RuleSet = RuleSet {
    params: &[
        Param { name: "Region", ty: ParamType::String, built_in: Some("AWS::Region"), required: false, default: None },
        Param {
            name: "UseFIPS",
            ty: ParamType::Boolean,
            built_in: Some("AWS::UseFIPS"),
            required: true,
            default: Some(Literal::Boolean(false)),
        },
        Param { name: "Tenant", ty: ParamType::String, built_in: None, required: false, default: None },
    ],
    slots: 3,
    rules: &[
        Rule {
            conditions: &[C::when(E::Call(F::IsSet, &[E::Ref(TENANT)]))],
            then: Then::Endpoint(&EndpointRule {
                url: E::Template(&[P::Lit("https://"), P::Expr(E::Ref(TENANT)), P::Lit(".tenants.example.com")]),
                properties: &[],
                headers: &[],
            }),
        },
        Rule {
            conditions: &[C::when(E::Call(F::BooleanEquals, &[E::Ref(USE_FIPS), E::Bool(true)]))],
            then: Then::Error(E::Str("FIPS is not available here")),
        },
        Rule {
            conditions: &[C::when(E::Call(F::IsSet, &[E::Ref(REGION)]))],
            then: Then::Endpoint(&EndpointRule {
                url: E::Template(&[P::Lit("https://users."), P::Expr(E::Ref(REGION)), P::Lit(".example.net/base")]),
                properties: &[(
                    "authSchemes",
                    E::Array(&[E::Record(&[
                        ("name", E::Str("sigv4")),
                        ("signingName", E::Str("otherservice")),
                        ("signingRegion", E::Str("eu-central-1")),
                    ])]),
                )],
                headers: &[("x-amz-extra", &[E::Str("a"), E::Ref(REGION)])],
            }),
        },
        Rule { conditions: &[], then: Then::Error(E::Str("Missing Region")) },
    ],
};

static RULED: ServiceInfo = ServiceInfo { endpoint_rules: Some(&RULES), ..SERVICE };
static PUT: OperationInfo = OperationInfo { service: &RULED, ..PUT_USER };

/// `serialize_put_user`, plus the `Tenant` context parameter from the input's name.
fn serialize_with_tenant(input: &PutUserInput) -> Result<http::Request<Bytes>, BuildError> {
    let mut req = serialize_put_user(input)?;
    if let Some(name) = &input.name {
        req.extensions_mut().insert(ContextParams(vec![(TENANT, Value::string(name.clone()))]));
    }
    Ok(req)
}

async fn put(handle: &Handle, input: PutUserInput) -> Result<PutUserOutput, SdkError<PutUserError>> {
    invoke(handle, &PUT, input, serialize_with_tenant, deserialize_put_user).await
}

fn handle(config: client_runtime::client::Builder, stub: &StubHttpClient) -> Handle {
    Handle::new(config.http_client(stub.clone()).build(), &RULED)
}

#[tokio::test]
async fn the_resolved_url_headers_and_signing_scope_are_used() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}");
    let h = handle(Config::builder().test_defaults().region("ap-south-2"), &stub);
    put(&h, PutUserInput { name: None, ..input("u1") }).await.unwrap();
    let sent = &stub.requests()[0];
    assert_eq!(sent.uri().to_string(), "https://users.ap-south-2.example.net/base/users/u1");
    assert_eq!(sent.headers()["host"], "users.ap-south-2.example.net");
    let extra: Vec<_> = sent.headers().get_all("x-amz-extra").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(extra, ["a", "ap-south-2"]);
    let auth = sent.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains("/eu-central-1/otherservice/aws4_request"), "{auth}");
    assert!(auth.contains("x-amz-extra"), "endpoint headers are signed: {auth}");
}

#[tokio::test]
async fn a_rule_set_error_is_a_construction_failure_and_nothing_is_sent() {
    let stub = StubHttpClient::new();
    let h = handle(Config::builder().test_defaults().use_fips(true), &stub);
    let err = put(&h, PutUserInput { name: None, ..input("u1") }).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let source = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("FIPS is not available here"));
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn context_parameters_take_part_and_do_not_pollute_the_cache() {
    let stub = StubHttpClient::new();
    for _ in 0..4 {
        stub.respond(200, &[], "{}");
    }
    let h = handle(Config::builder().test_defaults(), &stub);
    put(&h, PutUserInput { name: None, ..input("a") }).await.unwrap();
    put(&h, PutUserInput { name: Some("acme".into()), ..input("b") }).await.unwrap();
    put(&h, PutUserInput { name: None, ..input("c") }).await.unwrap();
    put(&h, PutUserInput { name: Some("beta".into()), ..input("d") }).await.unwrap();
    let urls: Vec<String> = stub.requests().iter().map(|r| r.uri().to_string()).collect();
    assert_eq!(
        urls,
        [
            "https://users.us-east-1.example.net/base/users/a",
            "https://acme.tenants.example.com/users/b",
            "https://users.us-east-1.example.net/base/users/c",
            "https://beta.tenants.example.com/users/d",
        ]
    );
}
