//! Behaviour of the generated `own-shapes` crate, run by `cargo xtask check-models`.

use own_shapes::config::stub::StubHttpClient;

/// `into_paginator()` resends with each page's token and stops at the last page.
#[tokio::test]
async fn paginator_follows_tokens_until_the_last_page() {
    let stub = StubHttpClient::new();
    stub.respond(200, &[], r#"{"NextToken":"t1","Things":["a"]}"#);
    stub.respond(200, &[], r#"{"NextToken":"t2","Things":["b"]}"#);
    stub.respond(200, &[], r#"{"Things":["c"]}"#);
    let client = own_shapes::Client::from_conf(own_shapes::Config::builder().test_defaults().http_client(stub.clone()).build());
    let mut p = client.list_things().max_results(5).into_paginator();
    let mut items = vec![];
    while let Some(page) = p.next_page().await { items.extend(page.unwrap().things().to_vec()); }
    assert_eq!(items, ["a", "b", "c"]);
    let uris: Vec<String> = stub.requests().iter().map(|r| r.uri().to_string()).collect();
    assert_eq!(uris.len(), 3);
    assert!(!uris[0].contains("nextToken"), "{uris:?}");
    assert!(uris[1].contains("nextToken=t1&maxResults=5"), "{uris:?}");
    assert!(uris[2].contains("nextToken=t2&maxResults=5"), "{uris:?}");
    assert!(p.next_page().await.is_none());
}
