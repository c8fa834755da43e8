//! Where the client sends, against botocore's endpoint resolver: for every
//! region of every partition in botocore's `partitions.json`, plus a region
//! no partition lists, with FIPS and dual-stack each on and off, the URL a
//! DescribeUser request goes to is the one botocore's
//! `EndpointRulesetResolver` returns for `connect`; with a configured
//! endpoint too, where botocore errs (FIPS or dual-stack with a custom
//! endpoint) we refuse to send, with the same message.
//!
//! Needs a python with botocore in `BOTOCORE_PYTHON`, e.g.
//! `BOTOCORE_PYTHON=$PWD/.venv/bin/python cargo test -p connect-client --test endpoint_botocore`.
//! Without it the test prints why and passes, unless `CI` is set.

use std::process::Command;

use connect_client::config::endpoint::{Params, resolve};
use connect_client::config::stub::StubHttpClient;
use connect_client::error::SdkError;
use connect_client::{Client, Config};
use serde_json::Value;

/// A region that matches no partition's list or pattern.
const MADE_UP: &str = "moon-base-1";

const GRID: &str = r#"
import json, sys, botocore.session, botocore.regions
from botocore.hooks import HierarchicalEmitter
session = botocore.session.get_session()
loader = session.get_component("data_loader")
rules = loader.load_service_model("connect", "endpoint-rule-set-1")
partitions = loader.load_data("partitions")
model = session.get_service_model("connect")
op = model.operation_model("DescribeUser")
regions = [r for p in partitions["partitions"] for r in p["regions"]] + [sys.argv[1]]
# A configured endpoint too, where the rules refuse FIPS and dual-stack.
combos = [(r, None) for r in regions] + [(r, "https://example.com") for r in ("us-east-1", sys.argv[1])]
out = []
for region, endpoint in combos:
    for fips in (False, True):
        for dual in (False, True):
            builtins = {"AWS::Region": region, "AWS::UseFIPS": fips, "AWS::UseDualStack": dual, "SDK::Endpoint": endpoint}
            resolver = botocore.regions.EndpointRulesetResolver(rules, partitions, model, builtins, {}, HierarchicalEmitter(), True)
            case = {"region": region, "fips": fips, "dual": dual, "endpoint": endpoint}
            try:
                case["url"] = resolver.construct_endpoint(op, {}, {}).url
            except Exception as e:
                case["error"] = getattr(e, "kwargs", {}).get("msg") or str(e)
            out.append(case)
print(json.dumps(out))
"#;

fn botocore_grid() -> Option<Vec<Value>> {
    let Some(py) = std::env::var_os("BOTOCORE_PYTHON") else {
        let why = "set BOTOCORE_PYTHON to a python with botocore installed to run this test";
        assert!(std::env::var_os("CI").is_none(), "CI is set but {why}");
        eprintln!("skipped: {why}");
        return None;
    };
    let out = Command::new(&py).args(["-c", GRID, MADE_UP]).output().unwrap_or_else(|e| panic!("cannot run {py:?}: {e}"));
    assert!(out.status.success(), "botocore grid failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).expect("the grid script prints JSON"))
}

#[tokio::test]
async fn every_region_fips_and_dual_stack_go_where_botocore_resolves() {
    let Some(grid) = botocore_grid() else { return };
    assert!(grid.len() > 100, "the grid covers every listed region ({} cases)", grid.len());
    assert!(grid.iter().any(|c| c["region"] == MADE_UP));
    assert!(grid.iter().any(|c| c["error"].is_string()), "some cases make botocore err");
    let (mut urls, mut errors, mut problems) = (0, 0, Vec::new());
    for case in &grid {
        let region = case["region"].as_str().unwrap();
        let (fips, dual) = (case["fips"].as_bool().unwrap(), case["dual"].as_bool().unwrap());
        let endpoint = case["endpoint"].as_str();
        let what = format!("{region} fips={fips} dual-stack={dual} endpoint={endpoint:?}");
        let params = Params::builder().region(region).use_fips(fips).use_dual_stack(dual).set_endpoint(endpoint.map(str::to_owned)).build().unwrap();
        let resolved = resolve(&params);
        let stub = StubHttpClient::new();
        stub.respond(200, &[], "{}");
        let mut config = Config::builder().test_defaults().region(region).use_fips(fips).use_dual_stack(dual).http_client(stub.clone());
        if let Some(url) = endpoint {
            config = config.endpoint_url(url);
        }
        let config = config.build();
        let sent = Client::from_conf(config).describe_user().instance_id("i").user_id("u").send().await;
        match (&case["url"], &case["error"]) {
            (Value::String(want), _) => {
                urls += 1;
                match &resolved {
                    Ok(e) if &e.url == want => {}
                    other => problems.push(format!("{what}: resolver gives {other:?}, botocore {want}")),
                }
                let requests = stub.requests();
                let got = requests.first().map(|r| format!("{}://{}", r.uri().scheme_str().unwrap_or(""), r.uri().authority().map_or("", |a| a.as_str())));
                if sent.is_err() || got.as_deref() != Some(want.as_str()) {
                    problems.push(format!("{what}: the client sent to {got:?} ({:?}), botocore resolves {want}", sent.err()));
                }
            }
            (_, Value::String(want)) => {
                errors += 1;
                match &resolved {
                    Err(e) if e.message() == want => {}
                    other => problems.push(format!("{what}: resolver gives {other:?}, botocore errs {want:?}")),
                }
                match sent {
                    Err(e @ SdkError::ConstructionFailure(_)) if e.to_string().contains(want.as_str()) => {}
                    other => problems.push(format!("{what}: the client gave {other:?}, botocore errs {want:?}")),
                }
                if !stub.requests().is_empty() {
                    problems.push(format!("{what}: a request was sent although botocore errs"));
                }
            }
            _ => panic!("a grid case without url or error: {case}"),
        }
    }
    eprintln!("botocore grid: {} cases ({urls} URLs, {errors} errors), {} differ", grid.len(), problems.len());
    assert!(problems.is_empty(), "{} of {} cases differ from botocore:\n{}", problems.len(), grid.len(), problems.join("\n"));
}
