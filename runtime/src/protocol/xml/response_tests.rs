use super::*;

/// `name=text` for each member the helper hands out.
fn members(
    read: impl FnOnce(&mut dyn FnMut(&str, &mut XmlReader<'_>) -> Result<(), DeserializeError>) -> Result<(), DeserializeError>,
) -> Result<Vec<String>, DeserializeError> {
    let mut found = Vec::new();
    read(&mut |name, r| {
        found.push(format!("{name}={}", r.string()?));
        Ok(())
    })?;
    Ok(found)
}

fn query(body: &str, operation: &str) -> Result<Vec<String>, DeserializeError> {
    members(|m| query_response(body.as_bytes(), operation, m))
}

fn ec2(body: &str, operation: &str) -> Result<Vec<String>, DeserializeError> {
    members(|m| ec2_response(body.as_bytes(), operation, m))
}

#[test]
fn query_members_are_inside_the_result() {
    let body = r#"<GetThingResponse xmlns="https://example.com/">
        <GetThingResult><greeting>Hello</greeting><count>2</count></GetThingResult>
        <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata>
    </GetThingResponse>"#;
    assert_eq!(query(body, "GetThing").unwrap(), ["greeting=Hello", "count=2"]);
}

#[test]
fn query_tolerates_a_missing_result_and_an_empty_body() {
    let body = "<GetThingResponse><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></GetThingResponse>";
    assert_eq!(query(body, "GetThing").unwrap(), Vec::<String>::new());
    assert_eq!(query("<GetThingResponse/>", "GetThing").unwrap(), Vec::<String>::new());
    assert_eq!(query("", "GetThing").unwrap(), Vec::<String>::new());
    assert_eq!(query("<GetThingResponse><GetThingResult/></GetThingResponse>", "GetThing").unwrap(), Vec::<String>::new());
}

#[test]
fn query_checks_the_root_and_ignores_other_results() {
    let e = query("<OtherResponse/>", "GetThing").unwrap_err();
    assert_eq!(e.message(), "expected `<GetThingResponse>`, found `<OtherResponse>`");
    assert!(query("<GetThing/>", "GetThing").is_err());
    let body = "<GetThingResponse><OtherResult><a>1</a></OtherResult><GetThingResult><b>2</b></GetThingResult></GetThingResponse>";
    assert_eq!(query(body, "GetThing").unwrap(), ["b=2"]);
}

#[test]
fn ec2_members_are_the_root_children() {
    let body = r#"<DescribeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>req</requestId><name>x</name>
    </DescribeResponse>"#;
    assert_eq!(ec2(body, "Describe").unwrap(), ["requestId=req", "name=x"]);
    assert_eq!(ec2("", "Describe").unwrap(), Vec::<String>::new());
    assert!(ec2("<Response><Errors/></Response>", "Describe").is_err());
}

#[test]
fn malformed_responses_are_errors() {
    for body in ["<GetThingResponse>", "<GetThingResponse><GetThingResult><a>1</a>", "<GetThingResponse></Other>", "<GetThingResponse/><x/>"] {
        assert!(query(body, "GetThing").is_err(), "{body}");
        assert!(ec2(body, "GetThing").is_err(), "{body}");
    }
}
