//! The emitted rule set, walked by the runtime: the generated `Params`
//! reach the right rules and a request carries its operation's parameters.

use own_feature_endpoint_rules::config::endpoint::{Params, resolve};
use own_feature_endpoint_rules::config::stub::StubHttpClient;
use own_feature_endpoint_rules::{Client, Config};

#[test]
fn params_defaults_and_rules() {
    let p = Params::builder().region("eu-west-1").build().unwrap();
    assert_eq!((p.use_fips(), p.mode(), p.arns()), (Some(false), Some("standard"), Some(&["a".to_string(), "b".to_string()][..])));
    assert_eq!(resolve(&p).unwrap().url, "https://svc.eu-west-1.amazonaws.com");
    let p = Params::builder().region("cn-north-1").use_fips(true).build().unwrap();
    assert_eq!(resolve(&p).unwrap_err().message(), "no FIPS in aws-cn {sorry}");
    let p = Params::builder().region("us-west-2").bucket("arn:aws:s3:::data/x").tagged(true).mode("fast").build().unwrap();
    let e = resolve(&p).unwrap();
    assert_eq!(e.url, "https://data.us-west-2.example.com");
    assert_eq!(e.headers, [("x-mode".to_string(), vec!["fast".to_string()])]);
    assert_eq!(e.auth_schemes()[0].signing_name.as_deref(), Some("rules-data"));
    assert_eq!(resolve(&Params::builder().build().unwrap()).unwrap_err().message(), "Missing Region");
}

#[tokio::test]
async fn an_operation_sends_its_static_and_context_params() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], "{}").respond(200, &[], "{}");
    let client = Client::from_conf(Config::builder().test_defaults().region("us-west-2").http_client(stub.clone()).build());
    client.put_object().bucket("arn:aws:s3:::logs").send().await.unwrap();
    client.put_object().send().await.unwrap();
    let sent = stub.requests();
    assert_eq!(sent[0].uri().to_string(), "https://logs.us-west-2.example.com/object");
    assert_eq!(sent[0].headers()["x-mode"], "standard");
    assert!(sent[0].headers()["authorization"].to_str().unwrap().contains("/us-west-2/rules-data/aws4_request"));
    assert_eq!(sent[1].uri().to_string(), "https://svc.us-west-2.amazonaws.com/object");
}

/// `smithy.rules#operationContextParams`: each path walks the input as
/// JMESPath would (projections drop nulls, `[]` merges the pairs) and the
/// rule set sees the result; an unset path leaves the parameter unset.
#[tokio::test]
async fn operation_context_paths_select_from_the_input() {
    use own_feature_endpoint_rules::types::{Group, Item, Ref, Settings};
    let stub = StubHttpClient::new();
    for _ in 0..8 {
        stub.respond(200, &[], "{}");
    }
    let client = Client::from_conf(Config::builder().test_defaults().region("us-west-2").http_client(stub.clone()).build());
    let r = |n: &str| Ref::builder().name(n).build().unwrap();
    // Pairs flattened in order; the missing secondary is dropped, not a null.
    let items = vec![
        Item::builder().primary(r("a")).secondary(r("b")).build(),
        Item::builder().primary(r("c")).build(),
    ];
    client.put_batch().set_items(Some(items)).send().await.unwrap();
    client.put_batch().items(Item::builder().secondary(r("solo")).build()).send().await.unwrap();
    // An empty list is still a set parameter; no list leaves it unset.
    client.put_batch().set_items(Some(Vec::new())).settings(Settings::builder().target("t").build()).send().await.unwrap();
    client.put_batch().settings(Settings::builder().target("t").verbose(true).build()).send().await.unwrap();
    // `keys(Tables)`, sorted so several keys give the same order every call.
    client.get_batch().tables("zeta", "1").tables("alpha", "2").send().await.unwrap();
    // `Groups[*].Names[]` merges sparse lists and drops their nulls.
    let names = |n: &[Option<&str>]| Group::builder().set_names(Some(n.iter().map(|s| s.map(String::from)).collect())).build();
    client.list_groups().groups(names(&[Some("g1"), None])).groups(Group::builder().build()).groups(names(&[None, Some("g2")])).send().await.unwrap();
    client.list_groups().send().await.unwrap();
    let hosts: Vec<String> = stub.requests().iter().map(|r| r.uri().host().unwrap_or_default().to_string()).collect();
    assert_eq!(
        hosts,
        [
            "a.b.c.list.example.com",
            "solo.list.example.com",
            "empty.list.example.com",
            "t.verbose.example.com",
            "alpha.zeta.list.example.com",
            "g1.g2.list.example.com",
            "svc.us-west-2.amazonaws.com",
        ]
    );
}

/// `smithy.rules#clientContextParams` are settings of the config builder,
/// through the generated `config::ClientContextParams` trait.
#[tokio::test]
async fn client_context_params_are_config_settings() {
    use own_feature_endpoint_rules::config::ClientContextParams;
    let stub = StubHttpClient::new();
    for _ in 0..3 {
        stub.respond(200, &[], "{}");
    }
    let config = || Config::builder().test_defaults().region("us-west-2").http_client(stub.clone());
    Client::from_conf(config().accelerate(true).build()).put_object().send().await.unwrap();
    Client::from_conf(config().tier("gold").build()).put_object().send().await.unwrap();
    // The last value set wins; false is the rule set's "not accelerated".
    Client::from_conf(config().accelerate(true).accelerate(false).build()).put_object().send().await.unwrap();
    let hosts: Vec<String> = stub.requests().iter().map(|r| r.uri().host().unwrap_or_default().to_string()).collect();
    assert_eq!(hosts, ["accel.us-west-2.example.com", "gold.tier.example.com", "svc.us-west-2.amazonaws.com"]);
}
