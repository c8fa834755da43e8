use bytes::Bytes;

use super::*;

fn response(headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(400);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::from(body.to_owned())).unwrap()
}

#[test]
fn codes_lose_namespace_and_uri() {
    assert_eq!(sanitize_error_code("FooError"), "FooError");
    assert_eq!(sanitize_error_code("FooError:http://internal.example.com/coral/"), "FooError");
    assert_eq!(sanitize_error_code("aws.protocoltests.restjson#FooError"), "FooError");
    assert_eq!(sanitize_error_code("my.ns#BarError:http://a.example/#frag"), "BarError");
    assert_eq!(sanitize_error_code(""), "");
}

#[test]
fn header_code_wins() {
    let resp =
        response(&[("X-Amzn-Errortype", "my.ns#Throttled:http://x.example/"), ("x-amzn-requestid", "req-1")], r#"{"code": "Other", "message": "slow down"}"#);
    let meta = error_metadata(&resp);
    assert_eq!(meta.code(), Some("Throttled"));
    assert_eq!(meta.message(), Some("slow down"));
    assert_eq!(meta.request_id(), Some("req-1"));
}

#[test]
fn body_code_then_dunder_type() {
    let meta = error_metadata(&response(&[], r#"{"__type": "my.ns#Later", "code": "my.ns#First"}"#));
    assert_eq!(meta.code(), Some("First"));
    let meta = error_metadata(&response(&[], r#"{"__type": "my.ns#Dunder:http://x/", "other": [1, {"a": null}]}"#));
    assert_eq!(meta.code(), Some("Dunder"));
    let meta = error_metadata(&response(&[], "{}"));
    assert_eq!(meta.code(), None);
}

#[test]
fn message_spellings() {
    let msg = |body: &str| error_metadata(&response(&[], body)).message().map(str::to_owned);
    assert_eq!(msg(r#"{"Message": "capital"}"#).as_deref(), Some("capital"));
    assert_eq!(msg(r#"{"errorMessage": "long"}"#).as_deref(), Some("long"));
    assert_eq!(msg(r#"{"errorMessage": "long", "message": "plain"}"#).as_deref(), Some("plain"));
    assert_eq!(msg(r#"{"message": "say \"hi\"\n"}"#).as_deref(), Some("say \"hi\"\n"));
    assert_eq!(msg(r#"{"message": null}"#), None);
    assert_eq!(msg(r#"{"message": 5}"#), None);
}

#[test]
fn request_id_fallback() {
    let meta = error_metadata(&response(&[("x-amz-request-id", "s3-style")], ""));
    assert_eq!(meta.request_id(), Some("s3-style"));
}

#[test]
fn non_json_bodies_are_ignored() {
    for body in ["", "<html>oops</html>", "{\"code\": \"Half", "[1,2]", "\u{0}\u{1}", "{\"message\": \"ok\", garbage"] {
        let meta = error_metadata(&response(&[("X-Amzn-ErrorType", "FooError")], body));
        assert_eq!(meta.code(), Some("FooError"), "{body:?}");
    }
    let meta = error_metadata(&response(&[], "not json"));
    assert_eq!(meta, ErrorMetadata::default());
}

#[test]
fn query_compatible_code_comes_from_the_header() {
    let resp = response(
        &[("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"), ("x-amzn-requestid", "r")],
        r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}"#,
    );
    let meta = error_metadata(&resp);
    assert_eq!(meta.code(), Some("QueueDoesNotExist"));
    let meta = query_compatible(meta, &resp);
    assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(meta.message(), Some("gone"));
    assert_eq!(meta.request_id(), Some("r"));
}

#[test]
fn query_compatible_without_a_usable_header_keeps_the_json_code() {
    for headers in [&[][..], &[("x-amzn-query-error", ";Sender")][..], &[("x-amzn-query-error", "")][..]] {
        let resp = response(headers, r#"{"__type": "ns#Plain"}"#);
        assert_eq!(query_compatible(error_metadata(&resp), &resp).code(), Some("Plain"), "{headers:?}");
    }
    // No fault part: the whole value is the code.
    let resp = response(&[("x-amzn-query-error", "Custom")], r#"{"__type": "ns#Plain"}"#);
    assert_eq!(query_compatible(error_metadata(&resp), &resp).code(), Some("Custom"));
}
