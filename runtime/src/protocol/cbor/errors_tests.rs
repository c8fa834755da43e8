use bytes::Bytes;

use super::*;
use crate::protocol::cbor::CborWriter;

fn response(body: Vec<u8>, request_id: Option<&str>) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(400);
    if let Some(id) = request_id {
        b = b.header("x-amzn-requestid", id);
    }
    b.body(Bytes::from(body)).unwrap()
}

fn body(members: &[(&str, &str)]) -> Vec<u8> {
    let mut w = CborWriter::new();
    w.begin_map();
    for (k, v) in members {
        w.key(k);
        w.string(v);
    }
    w.end_map();
    w.finish()
}

#[test]
fn code_message_and_request_id() {
    let resp = response(body(&[("__type", "smithy.example#ComplexError"), ("Message", "bad"), ("Extra", "x")]), Some("req-1"));
    let meta = error_metadata(&resp);
    assert_eq!(meta.code(), Some("ComplexError"));
    assert_eq!(meta.message(), Some("bad"));
    assert_eq!(meta.request_id(), Some("req-1"));
    let meta = error_metadata(&response(body(&[("message", "lower"), ("Message", "upper"), ("__type", "A:http://x")]), None));
    assert_eq!((meta.code(), meta.message(), meta.request_id()), (Some("A"), Some("lower"), None));
}

#[test]
fn other_member_types_are_not_metadata() {
    let mut w = CborWriter::new();
    w.begin_map();
    w.key("message");
    w.null();
    w.key("Nested");
    w.begin_map();
    w.key("__type");
    w.string("Inner");
    w.end_map();
    w.key("__type");
    w.i64(5);
    w.key("Message");
    w.string("m");
    w.end_map();
    let meta = error_metadata(&response(w.finish(), None));
    assert_eq!((meta.code(), meta.message()), (None, Some("m")));
}

#[test]
fn malformed_bodies_keep_what_was_read() {
    for bad in [vec![], vec![0xff], vec![0x80], vec![0x1c], b"{\"__type\":\"X\"}".to_vec()] {
        let meta = error_metadata(&response(bad, Some("id")));
        assert_eq!((meta.code(), meta.message(), meta.request_id()), (None, None, Some("id")));
    }
    // Truncated after the code: the code survives.
    let mut truncated = body(&[("__type", "ns#Throttled"), ("message", "slow down")]);
    truncated.truncate(truncated.len() - 4);
    let meta = error_metadata(&response(truncated, None));
    assert_eq!((meta.code(), meta.message()), (Some("Throttled"), None));
    // Invalid UTF-8 in the message.
    let meta = error_metadata(&response(vec![0xa1, 0x67, b'm', b'e', b's', b's', b'a', b'g', b'e', 0x61, 0xff], None));
    assert_eq!(meta.message(), None);
}
