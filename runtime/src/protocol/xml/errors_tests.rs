use super::*;

fn response(headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(400);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::from(body.to_owned())).unwrap()
}

fn parts(meta: &ErrorMetadata) -> (Option<&str>, Option<&str>, Option<&str>) {
    (meta.code(), meta.message(), meta.request_id())
}

const WRAPPED: &str = r#"<ErrorResponse xmlns="https://example.com/doc/">
   <Error>
      <Type>Sender</Type>
      <Code>InvalidGreeting</Code>
      <Message>Hi &amp; bye</Message>
      <Nested><Foo>bar</Foo></Nested>
   </Error>
   <RequestId>body-id</RequestId>
</ErrorResponse>"#;

const UNWRAPPED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n\t<Type>Sender</Type>\n\t<Code>NoSuchBucket</Code>\n\t<Message>gone</Message>\n\t<RequestId>s3-id</RequestId>\n</Error>";

const EC2: &str = r#"<Response>
    <Errors>
        <Error><Code>InvalidGreeting</Code><Message>Hi</Message><TopLevel>Top</TopLevel></Error>
        <Error><Code>Second</Code><Message>ignored</Message></Error>
    </Errors>
    <RequestID>ec2-id</RequestID>
</Response>"#;

#[test]
fn wrapped_rest_xml_and_query() {
    let resp = response(&[], WRAPPED);
    let expected = (Some("InvalidGreeting"), Some("Hi & bye"), Some("body-id"));
    assert_eq!(parts(&error_metadata_rest_xml(&resp, false)), expected);
    assert_eq!(parts(&error_metadata_query(&resp)), expected);
}

#[test]
fn unwrapped_s3() {
    let meta = error_metadata_rest_xml(&response(&[], UNWRAPPED), true);
    assert_eq!(parts(&meta), (Some("NoSuchBucket"), Some("gone"), Some("s3-id")));
}

#[test]
fn ec2_takes_the_first_error() {
    let meta = error_metadata_ec2(&response(&[], EC2));
    assert_eq!(parts(&meta), (Some("InvalidGreeting"), Some("Hi"), Some("ec2-id")));
}

#[test]
fn headers_give_the_request_id_first() {
    let resp = response(&[("x-amzn-requestid", "header-id")], WRAPPED);
    assert_eq!(error_metadata_query(&resp).request_id(), Some("header-id"));
    let resp = response(&[("x-amz-request-id", "s3-header")], UNWRAPPED);
    assert_eq!(error_metadata_rest_xml(&resp, true).request_id(), Some("s3-header"));
    let resp = response(&[("x-amzn-requestid", "only-header")], "");
    assert_eq!(parts(&error_metadata_ec2(&resp)), (None, None, Some("only-header")));
}

#[test]
fn codes_are_sanitized() {
    let body = "<ErrorResponse><Error><Code>aws.example#Throttled:http://internal.example/</Code></Error></ErrorResponse>";
    assert_eq!(error_metadata_query(&response(&[], body)).code(), Some("Throttled"));
    // awsQuery codes keep their dots.
    let body = "<ErrorResponse><Error><Code>AWS.SimpleQueueService.NonExistentQueue</Code></Error></ErrorResponse>";
    assert_eq!(error_metadata_query(&response(&[], body)).code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    let body = "<ErrorResponse><Error><Code>  </Code></Error></ErrorResponse>";
    assert_eq!(error_metadata_query(&response(&[], body)).code(), None);
}

#[test]
fn another_envelope_gives_only_the_headers() {
    let resp = response(&[("x-amzn-requestid", "id")], UNWRAPPED);
    assert_eq!(parts(&error_metadata_rest_xml(&resp, false)), (None, None, Some("id")));
    assert_eq!(parts(&error_metadata_ec2(&response(&[], WRAPPED))), (None, None, None));
}

#[test]
fn malformed_bodies_keep_what_was_found() {
    let truncated = "<ErrorResponse><Error><Code>Half</Code><Message>cut";
    assert_eq!(parts(&error_metadata_query(&response(&[], truncated))), (Some("Half"), None, None));
    let bad_entity = "<ErrorResponse><Error><Code>A</Code><Message>&nbsp;</Message></Error></ErrorResponse>";
    assert_eq!(parts(&error_metadata_query(&response(&[], bad_entity))), (Some("A"), None, None));
    let doctype = "<!DOCTYPE x [<!ENTITY e 'boom'>]><ErrorResponse><Error><Code>&e;</Code></Error></ErrorResponse>";
    assert_eq!(error_metadata_query(&response(&[], doctype)), ErrorMetadata::default());
    for body in ["", "not xml", "<html><body>502 Bad Gateway</body></html>", "\u{0}\u{1}", "<ErrorResponse>", "<Error><Code><x/></Code></Error>"] {
        for envelope in [ErrorEnvelope::Wrapped, ErrorEnvelope::Unwrapped, ErrorEnvelope::Ec2] {
            let meta = error_metadata(&response(&[("x-amzn-requestid", "r")], body), envelope);
            assert_eq!(parts(&meta), (None, None, Some("r")), "{body:?} {envelope:?}");
        }
    }
}

#[test]
fn error_members_reads_the_error_element_children() {
    fn members(body: &str, envelope: ErrorEnvelope) -> Result<Vec<(String, String)>, DeserializeError> {
        let mut found = Vec::new();
        error_members(body.as_bytes(), envelope, |name, r| {
            match name {
                "Nested" => r.children(|inner, r| {
                    found.push((format!("Nested/{inner}"), r.string()?.into_owned()));
                    Ok(())
                })?,
                _ => found.push((name.to_owned(), r.string()?.into_owned())),
            }
            Ok(())
        })?;
        Ok(found)
    }
    let pairs = |v: Vec<(String, String)>| v.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>();
    assert_eq!(pairs(members(WRAPPED, ErrorEnvelope::Wrapped).unwrap()), ["Type=Sender", "Code=InvalidGreeting", "Message=Hi & bye", "Nested/Foo=bar"]);
    assert_eq!(pairs(members(UNWRAPPED, ErrorEnvelope::Unwrapped).unwrap()), ["Type=Sender", "Code=NoSuchBucket", "Message=gone", "RequestId=s3-id"]);
    assert_eq!(pairs(members(EC2, ErrorEnvelope::Ec2).unwrap()), ["Code=InvalidGreeting", "Message=Hi", "TopLevel=Top"]);
    let e = members(WRAPPED, ErrorEnvelope::Ec2).unwrap_err();
    assert_eq!(e.message(), "expected an error body `<Response>`, found `<ErrorResponse>`");
    assert!(members("<ErrorResponse><Error>", ErrorEnvelope::Wrapped).is_err());
    // An empty body has no members.
    assert_eq!(members("", ErrorEnvelope::Wrapped).unwrap(), []);
}
