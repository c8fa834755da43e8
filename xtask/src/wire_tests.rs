//! One operation per real model sent over HTTP to a local server, its
//! request compared with botocore's for the same parameters: a test that
//! `cargo xtask check-models` writes into the model's generated crate as
//! `tests/wire_botocore.rs` and runs (the hand-written part is
//! `xtask/wire-tests/support.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::naming;
use serde_json::Value;

use crate::protocol_tests::values::{Values, lit};

const SUPPORT: &str = include_str!("../wire-tests/support.rs");

/// A check-models job, the botocore service name, the operation and its
/// parameters (botocore's names, which are the model's member names).
struct WireCase {
    job: &'static str,
    botocore_service: &'static str,
    operation: &'static str,
    params: &'static str,
}

const CASES: &[WireCase] = &[
    WireCase {
        job: "voice-id-2021-09-27",
        botocore_service: "voice-id",
        operation: "CreateDomain",
        params: r##"{"Name": "contact-center", "Description": "fraud checks", "ClientToken": "token-0001",
                    "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/voice"},
                    "Tags": [{"Key": "team", "Value": "support"}, {"Key": "env", "Value": "prod"}]}"##,
    },
    WireCase {
        job: "more-dynamodb",
        botocore_service: "dynamodb",
        operation: "GetItem",
        params: r##"{"TableName": "Music", "Key": {"Artist": {"S": "No One You Know"}, "Year": {"N": "2020"}},
                    "ConsistentRead": true, "ProjectionExpression": "SongTitle, #y", "ExpressionAttributeNames": {"#y": "Year"}}"##,
    },
    WireCase {
        job: "more-kms",
        botocore_service: "kms",
        operation: "DescribeKey",
        params: r##"{"KeyId": "alias/payments", "GrantTokens": ["grant-1", "grant-2"]}"##,
    },
    WireCase {
        job: "more-sts",
        botocore_service: "sts",
        operation: "AssumeRole",
        params: r##"{"RoleArn": "arn:aws:iam::123456789012:role/agent-desktop", "RoleSessionName": "agent 7/queue=a&b",
                    "DurationSeconds": 900, "Tags": [{"Key": "team", "Value": "support"}],
                    "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}], "TransitiveTagKeys": []}"##,
    },
    WireCase {
        job: "more-route-53",
        botocore_service: "route53",
        // (ChangeResourceRecordSets would differ by botocore's own model: its URI ends in `/`, Smithy's does not.)
        operation: "ChangeTagsForResource",
        params: r##"{"ResourceType": "healthcheck", "ResourceId": "hc-0123", "AddTags": [{"Key": "team", "Value": "support & <ops>"},
                    {"Key": "env", "Value": "prod"}], "RemoveTagKeys": ["old", "older"]}"##,
    },
    WireCase {
        job: "more-sso",
        botocore_service: "sso",
        operation: "GetRoleCredentials",
        params: r##"{"roleName": "agent desk/ro", "accountId": "123456789012", "accessToken": "token+/=value"}"##,
    },
    WireCase {
        job: "more-sqs",
        botocore_service: "sqs",
        operation: "SendMessage",
        params: r##"{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/calls", "MessageBody": "hello",
                    "DelaySeconds": 5, "MessageAttributes": {"color": {"DataType": "String", "StringValue": "blue"}}}"##,
    },
];

/// Adds `tests/wire_botocore.rs` and its dev-dependencies to the crate of
/// `job` when it has a case; true when it did.
pub fn add(root: &Path, job: &str, models: &[PathBuf], service: Option<&str>, files: &mut BTreeMap<PathBuf, String>) -> Result<bool, String> {
    let Some(case) = CASES.iter().find(|c| c.job == job) else { return Ok(false) };
    let [model] = models else { return Err(format!("{job}: a wire case needs a single-file model")) };
    let ir = ir_of(model, service)?;
    let op = ir.operations.iter().find(|o| o.id.name() == case.operation).ok_or_else(|| format!("{job}: no operation `{}`", case.operation))?;
    let params: Value = serde_json::from_str(case.params).map_err(|e| format!("{job}: the wire case's params are not JSON: {e}"))?;
    let obj = params.as_object().ok_or_else(|| format!("{job}: the params are not an object"))?;
    let setters = Values::new(&ir).setters(&ir[op.input], obj).map_err(|e| format!("{job}: {e}"))?;
    let botocore_case = serde_json::json!({"service": case.botocore_service, "operation": case.operation, "params": params});
    use codegen::lower::ir::Protocol;
    // A success with no members, in the protocol's form.
    let (content_type, response_body) = match ir.service.protocol {
        Some(Protocol::AwsJson1_0) => ("application/x-amz-json-1.0", "{}".to_string()),
        Some(Protocol::AwsJson1_1) => ("application/x-amz-json-1.1", "{}".to_string()),
        Some(Protocol::AwsQuery) => ("text/xml", format!("<{op}Response><{op}Result></{op}Result></{op}Response>", op = case.operation)),
        Some(Protocol::Ec2Query | Protocol::RestXml) => ("text/xml", format!("<{op}Response></{op}Response>", op = case.operation)),
        _ => ("application/json", "{}".to_string()),
    };
    let lib = job.replace('-', "_");
    let src = format!(
        "//! @generated by `cargo xtask check-models`: `{op_name}` of `{job}` over HTTP, compared with botocore.\n\
         #![allow(clippy::all)]\n\
         extern crate {lib} as sut;\n\
         const CASE: &str = {case_lit};\n\
         const RESPONSE_CONTENT_TYPE: &str = {content_type:?};\n\
         const RESPONSE_BODY: &str = {response_body:?};\n\
         const RUNTIME_DIR: &str = {runtime_dir};\n\
         async fn send(client: &sut::Client) -> ::std::result::Result<(), ::std::string::String> {{\n\
             client.{method}(){setters}.send().await.map(|_| ()).map_err(|e| ::std::format!(\"{{e}}: {{e:?}}\"))\n\
         }}\n\
         {SUPPORT}",
        op_name = case.operation,
        case_lit = lit(&botocore_case.to_string()),
        runtime_dir = lit(&root.join("runtime").display().to_string()),
        method = naming::ident(&op.method),
    );
    let file = syn::parse_file(&src).map_err(|e| format!("{job}: the wire test does not parse: {e}"))?;
    files.insert("tests/wire_botocore.rs".into(), prettyplease::unparse(&file));
    if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
        manifest.push_str(&format!(
            "\n[dev-dependencies]\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"net\", \"io-util\", \"time\"] }}\n\
             serde_json = {{ version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }}\n\
             oracle = {{ path = {:?} }}\n",
            root.join("oracle").display().to_string()
        ));
    }
    Ok(true)
}

pub(crate) fn ir_of(model: &Path, service: Option<&str>) -> Result<codegen::lower::ir::Ir, String> {
    let render = |d: &codegen::Diagnostics| d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n");
    let mut diags = codegen::Diagnostics::default();
    let file = codegen::load::load_file(model, &mut diags).ok_or_else(|| render(&diags))?;
    let model = codegen::assemble::assemble(&[file], &mut diags);
    let opts = codegen::lower::LowerOptions { service: service.map(str::to_string), operations: Vec::new() };
    codegen::lower::lower(&model, &opts, &mut diags).filter(|_| !diags.has_errors()).ok_or_else(|| render(&diags))
}
