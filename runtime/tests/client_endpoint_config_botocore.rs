//! Where a client sends, given an environment and a shared config file,
//! against botocore's client for the same (`tests/botocore/configured_endpoint.py`):
//! every combination of the four configured-URL sources with each setting of
//! the ignore switch, every pair of FIPS and dual-stack sources, other
//! regions, the builder's settings, profile selection, Voice ID's names, and
//! values both refuse. Each case has its own HOME and environment, given to
//! our client with `Builder::environment` and to botocore as `os.environ`.
//! Where we differ on purpose (docs/endpoints.md), the case says what each
//! side does, so a change on either side shows.
//!
//! Needs a python with botocore in `BOTOCORE_PYTHON`, e.g.
//! `BOTOCORE_PYTHON=$PWD/.venv/bin/python cargo test -p client-runtime --test client_endpoint_config_botocore`.
//! Without it the test prints why and passes; under CI it fails.

mod endpoint_config_support;

use std::io::Write;
use std::process::{Command, Stdio};

use client_runtime::client::ServiceInfo;
use endpoint_config_support::*;
use serde_json::{Value, json};

const FIPS_ERROR: &str = "construction failure: Invalid Configuration: FIPS and custom endpoint are not supported";
const DUAL_STACK_ERROR: &str = "construction failure: Invalid Configuration: Dualstack and custom endpoint are not supported";

/// What a case expects when the two sides differ on purpose.
#[derive(Clone, Copy, Debug)]
struct Differs {
    /// Our result: the URL, or the start of the error message.
    ours: Result<&'static str, &'static str>,
    /// The URL botocore sends to.
    botocore: &'static str,
}

#[derive(Clone, Debug)]
struct Case {
    service: &'static ServiceInfo,
    region: &'static str,
    vars: Vec<(&'static str, &'static str)>,
    file: Option<String>,
    profile: Option<&'static str>,
    endpoint_url: Option<&'static str>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    /// Both refuse; our message starts with this.
    both_refuse: Option<&'static str>,
    differs: Option<Differs>,
}

impl Case {
    fn connect(vars: &[(&'static str, &'static str)], file: Option<String>) -> Self {
        Case {
            service: &CONNECT,
            region: "us-east-1",
            vars: vars.to_vec(),
            file,
            profile: None,
            endpoint_url: None,
            use_fips: None,
            use_dual_stack: None,
            both_refuse: None,
            differs: None,
        }
    }
}

/// The default profile with `lines`, and `sections` after it.
fn file(lines: &[&str], sections: &[&str]) -> Option<String> {
    let mut text = String::from("[default]\n");
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    for s in sections {
        text.push_str(s);
    }
    Some(text)
}

const SERVICES: &str = "[services local]\nconnect =\n  endpoint_url = http://cfg-connect:4/base\nvoice_id =\n  endpoint_url = http://cfg-voice:6\n";

/// Environment variables, name and value.
type Vars = &'static [(&'static str, &'static str)];

/// One way to set a setting: variables, and lines of the default profile.
type Way = (Vec<(&'static str, &'static str)>, Vec<String>);

/// Every subset of the four configured-URL sources, with each way of setting the ignore switch.
fn url_grid() -> Vec<Case> {
    let ignores: [(Vars, &[&str]); 7] = [
        (&[], &[]),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")], &[]),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")], &[]),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")], &[]),
        (&[], &["ignore_configured_endpoint_urls = true"]),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")], &["ignore_configured_endpoint_urls = true"]),
        (&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")], &["ignore_configured_endpoint_urls = false"]),
    ];
    let mut cases = Vec::new();
    for mask in 0..16u8 {
        for (ignore_vars, ignore_lines) in ignores {
            let mut vars = ignore_vars.to_vec();
            let mut lines = ignore_lines.to_vec();
            let mut sections: Vec<&str> = Vec::new();
            if mask & 1 != 0 {
                vars.push(("AWS_ENDPOINT_URL_CONNECT", "http://env-connect:2"));
            }
            if mask & 2 != 0 {
                vars.push(("AWS_ENDPOINT_URL", "http://env-global:3/prefix/"));
            }
            if mask & 4 != 0 {
                lines.push("services = local");
                sections.push(SERVICES);
            }
            if mask & 8 != 0 {
                lines.push("endpoint_url = http://cfg-global:5");
            }
            cases.push(Case::connect(&vars, file(&lines, &sections)));
        }
    }
    cases
}

/// Every pair of ways to set FIPS and dual-stack (variable, profile, both, neither).
fn flag_grid() -> Vec<Case> {
    let ways = |var: &'static str, key: &'static str| -> Vec<Way> {
        vec![
            (vec![], vec![]),
            (vec![(var, "true")], vec![]),
            (vec![(var, "True")], vec![]),
            (vec![(var, "false")], vec![]),
            (vec![], vec![format!("{key} = true")]),
            (vec![], vec![format!("{key} = false")]),
            (vec![(var, "false")], vec![format!("{key} = true")]),
            (vec![(var, "true")], vec![format!("{key} = false")]),
        ]
    };
    let mut cases = Vec::new();
    for (fips_vars, fips_lines) in ways("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
        for (dual_vars, dual_lines) in ways("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint") {
            let vars: Vec<_> = fips_vars.iter().chain(&dual_vars).copied().collect();
            let lines: Vec<&str> = fips_lines.iter().chain(&dual_lines).map(String::as_str).collect();
            cases.push(Case::connect(&vars, file(&lines, &[])));
        }
    }
    cases
}

fn other_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // Other partitions, flags from the environment.
    for (region, vars) in [
        ("us-gov-west-1", &[("AWS_USE_FIPS_ENDPOINT", "true")][..]),
        ("ca-central-1", &[("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")][..]),
        ("cn-north-1", &[("AWS_USE_DUALSTACK_ENDPOINT", "true")][..]),
        ("eu-west-2", &[][..]),
    ] {
        cases.push(Case { region, ..Case::connect(vars, None) });
    }
    // The builder's settings beat every other source, the ignore switch included.
    let all =
        [("AWS_ENDPOINT_URL_CONNECT", "http://env-connect:2"), ("AWS_ENDPOINT_URL", "http://env-global:3"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")];
    cases.push(Case {
        endpoint_url: Some("http://builder:1/api"),
        ..Case::connect(&all, file(&["services = local", "endpoint_url = http://cfg-global:5"], &[SERVICES]))
    });
    let on = [("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")];
    cases.push(Case { use_fips: Some(false), ..Case::connect(&on, None) });
    cases.push(Case { use_fips: Some(false), use_dual_stack: Some(false), ..Case::connect(&on, None) });
    let off = file(&["use_fips_endpoint = false", "use_dualstack_endpoint = false"], &[]);
    cases.push(Case { use_fips: Some(true), use_dual_stack: Some(true), ..Case::connect(&[], off) });
    // Profile selection, by variable and by the builder.
    let profiles = file(&["endpoint_url = http://default:1"], &["[profile dev]\nendpoint_url = http://dev:2\n"]);
    cases.push(Case::connect(&[("AWS_PROFILE", "dev")], profiles.clone()));
    cases.push(Case { profile: Some("dev"), ..Case::connect(&[("AWS_PROFILE", "default")], profiles.clone()) });
    cases.push(Case::connect(&[], profiles));
    // An empty value is no value.
    cases.push(Case::connect(&[("AWS_ENDPOINT_URL", "")], file(&["endpoint_url = http://cfg-global:5"], &[])));
    // Voice ID: its variable and its key in the services section.
    for mask in 0..8u8 {
        let mut vars = Vec::new();
        let (mut lines, mut sections) = (Vec::new(), Vec::new());
        if mask & 1 != 0 {
            vars.push(("AWS_ENDPOINT_URL_VOICE_ID", "http://env-voice:7"));
        }
        if mask & 2 != 0 {
            vars.push(("AWS_ENDPOINT_URL", "http://env-global:3"));
        }
        if mask & 4 != 0 {
            lines.push("services = local");
            sections.push(SERVICES);
        }
        cases.push(Case { service: &VOICE_ID, ..Case::connect(&vars, file(&lines, &sections)) });
    }
    // Both refuse: a URL without a scheme, a services section that is not there.
    cases.push(Case {
        both_refuse: Some("construction failure: AWS_ENDPOINT_URL: invalid endpoint URL `localhost:4566`"),
        ..Case::connect(&[("AWS_ENDPOINT_URL", "localhost:4566")], None)
    });
    cases.push(Case {
        both_refuse: Some("construction failure: profile `default` has `services = gone`"),
        ..Case::connect(&[], file(&["services = gone"], &[]))
    });
    cases
}

/// Where we differ from botocore on purpose.
fn differences() -> Vec<Case> {
    let differs = |ours, botocore| Some(Differs { ours, botocore });
    vec![
        // botocore drops FIPS and dual-stack when an endpoint URL is
        // configured; the rule set (and the other SDKs) refuse the pair.
        Case {
            differs: differs(Err(FIPS_ERROR), "http://env-global:3/users/i/u"),
            ..Case::connect(&[("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_ENDPOINT_URL", "http://env-global:3")], None)
        },
        Case {
            differs: differs(Err(DUAL_STACK_ERROR), "http://cfg-connect:4/base/users/i/u"),
            ..Case::connect(&[], file(&["use_dualstack_endpoint = true", "services = local"], &[SERVICES]))
        },
        Case {
            use_fips: Some(true),
            endpoint_url: Some("http://builder:1"),
            differs: differs(Err(FIPS_ERROR), "http://builder:1/users/i/u"),
            ..Case::connect(&[], None)
        },
        // botocore reads anything but `true` as false; we refuse it.
        Case {
            differs: differs(
                Err("construction failure: AWS_USE_FIPS_ENDPOINT must be `true` or `false`, not `yes`"),
                "https://connect.us-east-1.amazonaws.com/users/i/u",
            ),
            ..Case::connect(&[("AWS_USE_FIPS_ENDPOINT", "yes")], None)
        },
        Case {
            differs: differs(Err("construction failure: `use_dualstack_endpoint` of profile `default`"), "https://connect.us-east-1.amazonaws.com/users/i/u"),
            ..Case::connect(&[], file(&["use_dualstack_endpoint = 1"], &[]))
        },
        // An empty variable is unset for us, as for every variable we read;
        // botocore reads it as false and stops there.
        Case {
            differs: differs(Ok("https://connect-fips.us-east-1.amazonaws.com/users/i/u"), "https://connect.us-east-1.amazonaws.com/users/i/u"),
            ..Case::connect(&[("AWS_USE_FIPS_ENDPOINT", "")], file(&["use_fips_endpoint = true"], &[]))
        },
    ]
}

/// botocore's answer for each case, `homes[i]` being case `i`'s HOME.
fn botocore(python: &std::path::Path, cases: &[Case], homes: &[Home]) -> Vec<Value> {
    let input: Vec<Value> = cases
        .iter()
        .zip(homes)
        .map(|(c, home)| {
            let env: serde_json::Map<String, Value> = home.env(&c.vars).into_iter().map(|(k, v)| (k, Value::String(v))).collect();
            json!({
                "env": env,
                "service": if std::ptr::eq(c.service, &CONNECT) { "connect" } else { "voice-id" },
                "region": c.region,
                "endpoint_url": c.endpoint_url,
                "use_fips": c.use_fips,
                "use_dual_stack": c.use_dual_stack,
                "profile": c.profile,
            })
        })
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/botocore/configured_endpoint.py");
    let mut child =
        Command::new(python).arg(script).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run configured_endpoint.py");
    child.stdin.take().unwrap().write_all(Value::Array(input).to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "configured_endpoint.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    assert_eq!(answers.len(), cases.len());
    answers
}

async fn ours(case: &Case, home: &Home) -> Result<String, String> {
    let mut builder = config(home.env(&case.vars)).region(case.region);
    if let Some(url) = case.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    if let Some(b) = case.use_fips {
        builder = builder.use_fips(b);
    }
    if let Some(b) = case.use_dual_stack {
        builder = builder.use_dual_stack(b);
    }
    if let Some(p) = case.profile {
        builder = builder.profile_name(p);
    }
    sent_to(case.service, builder).await
}

#[tokio::test]
async fn configured_endpoints_go_where_botocore_sends() {
    let Some(python) = oracle::require(oracle::botocore_python()) else { return };
    let cases: Vec<Case> = [url_grid(), flag_grid(), other_cases(), differences()].concat();
    let homes: Vec<Home> = cases.iter().map(|c| Home::new(c.file.as_deref())).collect();
    let answers = botocore(&python, &cases, &homes);
    let (mut same, mut refused, mut differ, mut problems) = (0, 0, 0, Vec::new());
    for ((case, home), theirs) in cases.iter().zip(&homes).zip(&answers) {
        let ours = ours(case, home).await;
        let their_url = theirs["url"].as_str();
        let what = format!("{case:?}\n  ours: {ours:?}\n  botocore: {theirs}");
        let ok = match (case.differs, case.both_refuse) {
            (Some(d), _) => {
                differ += 1;
                let ours_ok = match (d.ours, &ours) {
                    (Ok(want), Ok(got)) => want == got,
                    (Err(want), Err(got)) => got.starts_with(want),
                    _ => false,
                };
                ours_ok && their_url == Some(d.botocore)
            }
            (None, Some(want)) => {
                refused += 1;
                theirs["error"].is_string() && ours.as_ref().is_err_and(|e| e.starts_with(want))
            }
            (None, None) => {
                same += 1;
                their_url.is_some() && ours.as_deref().ok() == their_url
            }
        };
        if !ok {
            problems.push(what);
        }
    }
    println!("{same} cases agree, {refused} refused by both, {differ} documented differences");
    assert!(same > 180, "the grid is as large as written ({same})");
    assert!(problems.is_empty(), "{} of {} cases disagree:\n{}", problems.len(), cases.len(), problems.join("\n"));
}
