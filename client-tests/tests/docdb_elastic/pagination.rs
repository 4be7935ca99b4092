//! Requirement 7: the ListClusters paginator.

use client_tests::{docdb_client, query_pairs};
use docdb_elastic::types::Status;
use smelt_runtime::http::TestClient;

fn page(names: &[&str], token: Option<&str>) -> String {
    let clusters: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"clusterName":"{n}","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/{n}","status":"ACTIVE"}}"#
            )
        })
        .collect();
    match token {
        Some(t) => format!(
            r#"{{"clusters":[{}],"nextToken":"{t}"}}"#,
            clusters.join(",")
        ),
        None => format!(r#"{{"clusters":[{}]}}"#, clusters.join(",")),
    }
}

#[tokio::test]
async fn items_span_both_pages_in_order() {
    let http = TestClient::new()
        .with_response(200, &[], page(&["a", "b"], Some("t1")))
        .with_response(200, &[], page(&["c"], None));
    let items = docdb_client(&http)
        .list_clusters()
        .max_results(2)
        .into_items()
        .collect()
        .await
        .expect("both pages");
    let names: Vec<&str> = items.iter().map(|c| c.cluster_name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert!(items.iter().all(|c| c.status == Status::Active));
    assert_eq!(
        items[2].cluster_arn,
        "arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c"
    );

    let requests = http.requests();
    assert_eq!(requests.len(), 2, "exactly two pages are fetched");
    for r in &requests {
        assert_eq!(r.method(), http::Method::GET);
        assert_eq!(r.uri().path(), "/clusters");
        assert!(r.body().is_empty());
    }
    let q = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(query_pairs(&requests[0]), [q("maxResults", "2")]);
    let second = query_pairs(&requests[1]);
    assert!(second.contains(&q("nextToken", "t1")), "{second:?}");
    assert!(second.contains(&q("maxResults", "2")), "{second:?}");
    assert_eq!(second.len(), 2);
}

#[tokio::test]
async fn pages_one_by_one_with_an_encoded_token() {
    let http = TestClient::new()
        .with_response(200, &[], page(&["a"], Some("t/1 +=")))
        .with_response(200, &[], page(&[], None));
    let mut pages = docdb_client(&http).list_clusters().into_paginator();
    let first = pages.next_page().await.expect("a first page").expect("ok");
    assert_eq!(first.next_token.as_deref(), Some("t/1 +="));
    assert_eq!(first.clusters.as_ref().map(Vec::len), Some(1));
    let second = pages.next_page().await.expect("a second page").expect("ok");
    assert_eq!(second.next_token, None);
    assert_eq!(second.clusters, Some(vec![]));
    assert!(pages.next_page().await.is_none(), "no third page");
    assert_eq!(http.request_count(), 2);
    let requests = http.requests();
    assert_eq!(requests[0].uri().query(), None);
    assert_eq!(requests[1].uri().query(), Some("nextToken=t%2F1%20%2B%3D"));
}

#[tokio::test]
async fn a_repeated_token_stops_instead_of_looping() {
    // The service keeps answering with the same token forever.
    let http = TestClient::always(200, page(&["x"], Some("same")));
    let items = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        docdb_client(&http).list_clusters().into_items().collect(),
    )
    .await
    .expect("the paginator terminates")
    .expect("pages are ok");
    let names: Vec<&str> = items.iter().map(|c| c.cluster_name.as_str()).collect();
    assert_eq!(
        names,
        ["x", "x"],
        "the first page and the one repeating its token"
    );
    let requests = http.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].uri().query(), None);
    assert_eq!(requests[1].uri().query(), Some("nextToken=same"));
}

#[tokio::test]
async fn an_empty_token_ends_pagination() {
    let http = TestClient::always(200, page(&["x"], Some("")));
    let items = docdb_client(&http)
        .list_clusters()
        .into_items()
        .collect()
        .await
        .expect("ok");
    assert_eq!(items.len(), 1);
    assert_eq!(http.request_count(), 1);
}

#[tokio::test]
async fn an_error_page_ends_pagination_with_the_error() {
    let http = TestClient::new()
        .with_response(200, &[], page(&["a"], Some("t1")))
        .with_response(
            400,
            &[("x-amzn-errortype", "ValidationException")],
            r#"{"message":"bad token"}"#,
        )
        .with_response(200, &[], page(&["never"], None));
    let mut items = docdb_client(&http).list_clusters().into_items();
    let first = items.next().await.expect("an item").expect("ok");
    assert_eq!(first.cluster_name, "a");
    let err = items
        .next()
        .await
        .expect("the error")
        .expect_err("page 2 fails");
    let e = err.as_service_error().expect("service error");
    assert!(e.is_validation_exception());
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(http.request_count(), 2);
}
