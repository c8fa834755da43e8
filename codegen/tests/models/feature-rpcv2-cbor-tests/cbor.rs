//! rpcv2Cbor on the wire: the request a call sends and the output and
//! error a response becomes, with CBOR bytes written out by hand from
//! RFC 8949 (major types: 0x60+n text, 0x40+n bytes, 0x9f/0xbf indefinite
//! array/map, 0xff break, 0xc1 tag 1, 0xfb double).

use own_feature_rpcv2_cbor::config::stub::StubHttpClient;
use own_feature_rpcv2_cbor::operation::put_call::PutCallError;
use own_feature_rpcv2_cbor::primitives::{Blob, DateTime};
use own_feature_rpcv2_cbor::{Client, Config};

fn client(stub: &StubHttpClient) -> Client {
    Client::from_conf(Config::builder().test_defaults().endpoint_url("https://calls.example.com").http_client(stub.clone()).build())
}

/// A CBOR text string of fewer than 24 bytes.
fn text(s: &str) -> Vec<u8> {
    let mut out = vec![0x60 + s.len() as u8];
    out.extend_from_slice(s.as_bytes());
    out
}

#[tokio::test]
async fn a_request_is_one_cbor_map_of_the_input_under_the_rpc_v2_path() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[("content-type", "application/cbor")], vec![0xbf, 0xff]);
    client(&stub)
        .put_call()
        .agent("ana")
        .seconds(90)
        .started(DateTime::from_secs(1_700_000_000))
        .tags("vip")
        .audio(Blob::new(vec![1, 2]))
        .send()
        .await
        .unwrap();
    let req = stub.requests().remove(0);
    assert_eq!(req.method(), "POST");
    assert_eq!(req.uri().path(), "/service/Calls/operation/PutCall");
    assert_eq!(req.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(req.headers()["accept"], "application/cbor");
    assert_eq!(req.headers()["content-type"], "application/cbor");
    assert!(req.headers().get("x-amz-target").is_none(), "rpcv2Cbor wins over awsJson1_0");
    let mut want = vec![0xbf];
    want.extend(text("Agent"));
    want.extend(text("ana"));
    want.extend(text("Seconds"));
    want.extend([0x18, 90]);
    want.extend(text("Started"));
    want.extend([0xc1, 0x1a]);
    want.extend(1_700_000_000u32.to_be_bytes());
    want.extend(text("Tags"));
    want.extend([0x9f]);
    want.extend(text("vip"));
    want.extend([0xff]);
    want.extend(text("Audio"));
    want.extend([0x42, 1, 2]);
    want.push(0xff);
    assert_eq!(req.body().as_ref(), &want[..]);
}

#[tokio::test]
async fn a_response_map_becomes_the_output_and_an_error_its_modeled_error() {
    let stub = StubHttpClient::new();
    let mut body = vec![0xa3];
    body.extend(text("Id"));
    body.extend(text("c-1"));
    body.extend(text("Score"));
    body.push(0xfb);
    body.extend(0.5f64.to_be_bytes());
    body.extend(text("Tags"));
    body.extend([0x82]);
    body.extend(text("a"));
    body.extend(text("b"));
    stub.respond(200, &[("content-type", "application/cbor")], body);
    let mut err = vec![0xa2];
    err.extend(text("__type"));
    err.extend(text("example.cbor#Busy"));
    err.extend(text("message"));
    err.extend(text("later"));
    stub.respond(503, &[("content-type", "application/cbor"), ("x-amzn-requestid", "r-9")], err);
    let client = client(&stub);
    let out = client.put_call().send().await.unwrap();
    assert_eq!((out.id(), out.score(), out.tags()), (Some("c-1"), Some(0.5), &["a".to_string(), "b".to_string()][..]));
    let e = client.put_call().send().await.unwrap_err();
    match e.as_service_error() {
        Some(PutCallError::Busy(b)) => {
            assert_eq!(b.message(), Some("later"));
            assert_eq!(b.meta().request_id(), Some("r-9"));
        }
        other => panic!("expected Busy, got {other:?}"),
    }
}
