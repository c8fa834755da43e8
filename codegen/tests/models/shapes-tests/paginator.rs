//! Behaviour of the generated `own-shapes` crate, run by `cargo xtask check-models`.

use own_shapes::config::stub::StubHttpClient;

fn client(stub: &StubHttpClient) -> own_shapes::Client {
    own_shapes::Client::from_conf(own_shapes::Config::builder().test_defaults().http_client(stub.clone()).build())
}

fn uris(stub: &StubHttpClient) -> Vec<String> {
    stub.requests().iter().map(|r| r.uri().to_string()).collect()
}

/// `into_paginator().send()` resends with each page's token and stops at the last page.
#[tokio::test]
async fn pages_follow_tokens_until_the_last_page() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"NextToken":"t1","Things":["a"]}"#);
    stub.respond(200, &[], r#"{"NextToken":"t2","Things":["b"]}"#);
    stub.respond(200, &[], r#"{"Things":["c"]}"#);
    let mut pages = client(&stub).list_things().into_paginator().page_size(5).send();
    assert!(stub.requests().is_empty(), "nothing is sent before the stream is polled");
    let mut items = vec![];
    while let Some(page) = pages.next().await {
        items.extend(page.unwrap().things().to_vec());
    }
    assert_eq!(items, ["a", "b", "c"]);
    let uris = uris(&stub);
    assert_eq!(uris.len(), 3);
    assert!(!uris[0].contains("nextToken") && uris[0].contains("maxResults=5"), "{uris:?}");
    assert!(uris[1].contains("nextToken=t1&maxResults=5"), "{uris:?}");
    assert!(uris[2].contains("nextToken=t2&maxResults=5"), "{uris:?}");
    assert!(pages.next().await.is_none());
}

/// `.items()` flattens the pages; an error ends the stream after it is yielded.
#[tokio::test]
async fn items_flatten_pages_and_stop_at_an_error() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"NextToken":"t1","Things":["a","b"]}"#);
    stub.respond(200, &[], r#"{"NextToken":"t2"}"#);
    stub.respond(400, &[("x-amzn-errortype", "ValidationException")], r#"{"message":"no"}"#);
    let mut items = client(&stub).list_things().into_paginator().items().send();
    assert_eq!(items.next().await.unwrap().unwrap(), "a");
    assert_eq!(items.next().await.unwrap().unwrap(), "b");
    let e = items.next().await.unwrap().unwrap_err();
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(400), "{e:?}");
    assert!(items.next().await.is_none());
    assert_eq!(uris(&stub).len(), 3, "a page without items is not the end");
}

/// A service that answers with the token it was asked for would be polled
/// forever; the stream ends there unless told otherwise.
#[tokio::test]
async fn a_repeated_token_ends_the_stream() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"NextToken":"same","Things":["a"]}"#);
    stub.respond(200, &[], r#"{"NextToken":"same","Things":["b"]}"#);
    let all: Vec<String> = client(&stub).list_things().into_paginator().items().send().try_collect().await.unwrap();
    assert_eq!(all, ["a", "b"]);
    assert_eq!(uris(&stub).len(), 2);
}
