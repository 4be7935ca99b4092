//! DynamoDB (awsJson1_0) against moto: a table's lifecycle, items of every attribute type,
//! conditional writes, Query (expressions, ordering, pagination on a map-typed token) and the
//! modeled `ResourceNotFoundException` of a missing table.

use e2e_dynamodb::operation::put_item::PutItemError;
use e2e_dynamodb::primitives::Blob;
use e2e_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ReturnValue,
    ScalarAttributeType, TableStatus,
};
use e2e_dynamodb::Client;
use e2e_scenarios::{config, service_error, service_error_with_meta, unique, ACCOUNT, REGION};
use std::collections::HashMap;

fn client() -> Client {
    Client::from_conf(config())
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// An item with every attribute type (sets have one element, so their order cannot differ).
fn item(pk: &str, sk: i64) -> HashMap<String, AttributeValue> {
    let nested: HashMap<String, AttributeValue> = [
        ("inner".to_string(), s("ünïcødé ✓")),
        ("depth".to_string(), n(2)),
    ]
    .into_iter()
    .collect();
    [
        ("pk", s(pk)),
        ("sk", n(sk)),
        ("title", s(&format!("item {sk}"))),
        ("price", AttributeValue::N("12.5".to_string())),
        (
            "raw",
            AttributeValue::B(Blob::new(vec![0u8, 159, 146, 150, 255, sk as u8])),
        ),
        ("labels", AttributeValue::Ss(vec!["red".to_string()])),
        ("scores", AttributeValue::Ns(vec!["7".to_string()])),
        (
            "blobs",
            AttributeValue::Bs(vec![Blob::new(vec![1u8, 2, 3])]),
        ),
        ("nested", AttributeValue::M(nested)),
        (
            "list",
            AttributeValue::L(vec![s("a"), n(1), AttributeValue::Bool(true)]),
        ),
        ("flag", AttributeValue::Bool(sk % 2 == 0)),
        ("nothing", AttributeValue::Null(true)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn create_table(client: &Client, table: &str) {
    let out = client
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("sk")
                .attribute_type(ScalarAttributeType::N)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("sk")
                .key_type(KeyType::Range)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("CreateTable");
    let desc = out
        .table_description
        .expect("CreateTable returns the table");
    assert_eq!(desc.table_name.as_deref(), Some(table));
    assert_eq!(
        desc.table_arn.as_deref(),
        Some(format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}").as_str())
    );
    let keys: Vec<(String, KeyType)> = desc
        .key_schema
        .expect("key schema")
        .into_iter()
        .map(|k| (k.attribute_name, k.key_type))
        .collect();
    assert_eq!(
        keys,
        [
            ("pk".to_string(), KeyType::Hash),
            ("sk".to_string(), KeyType::Range)
        ]
    );
    let billing = desc.billing_mode_summary.and_then(|b| b.billing_mode);
    assert_eq!(billing, Some(BillingMode::PayPerRequest));
}

#[tokio::test]
async fn table_items_and_query() {
    let client = client();
    let table = unique("smelt-e2e");
    create_table(&client, &table).await;

    let described = client
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .expect("DescribeTable")
        .table
        .expect("DescribeTable returns the table");
    assert_eq!(described.table_status, Some(TableStatus::Active));
    assert_eq!(described.item_count, Some(0));
    let listed = client.list_tables().send().await.expect("ListTables");
    assert!(
        listed.table_names.unwrap_or_default().contains(&table),
        "ListTables lists {table}"
    );

    for sk in 1..=3 {
        let out = client
            .put_item()
            .table_name(&table)
            .set_item(Some(item("user-1", sk)))
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutItem {sk}: {e:?}"));
        assert_eq!(out.attributes, None, "no ReturnValues asked");
    }
    // An item under another partition key, which Query must not return.
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("user-2", 1)))
        .send()
        .await
        .expect("PutItem user-2");

    // GetItem returns every attribute exactly as written.
    let got = client
        .get_item()
        .table_name(&table)
        .key("pk", s("user-1"))
        .key("sk", n(2))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem")
        .item
        .expect("the item exists");
    assert_eq!(got, item("user-1", 2));
    assert_eq!(
        got["raw"],
        AttributeValue::B(Blob::new(vec![0u8, 159, 146, 150, 255, 2]))
    );

    // A missing key: success without an item.
    let none = client
        .get_item()
        .table_name(&table)
        .key("pk", s("user-1"))
        .key("sk", n(99))
        .send()
        .await
        .expect("GetItem of a missing key");
    assert_eq!(none.item, None);

    // Overwrite with ReturnValues=ALL_OLD: the old item comes back.
    let mut changed = item("user-1", 3);
    changed.insert("title".to_string(), s("changed"));
    let old = client
        .put_item()
        .table_name(&table)
        .set_item(Some(changed))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .expect("PutItem ALL_OLD")
        .attributes
        .expect("ALL_OLD returns the old item");
    assert_eq!(old, item("user-1", 3));

    // A failed condition is a modeled error.
    let (err, status) = service_error(
        client
            .put_item()
            .table_name(&table)
            .set_item(Some(item("user-1", 1)))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await,
    );
    assert!(err.is_conditional_check_failed_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ConditionalCheckFailedException"));
    assert_eq!(status, 400);

    // An error the model does not describe: `Unhandled`, keeping code, message and status.
    let (err, status) = service_error(
        client
            .put_item()
            .table_name(&table)
            .item("pk", n(1))
            .item("sk", n(1))
            .send()
            .await,
    );
    let PutItemError::Unhandled(unhandled) = &err else {
        panic!("ValidationException is not modeled: {err:?}")
    };
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(status, 400);
    assert_eq!(
        unhandled.message(),
        Some("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
    );

    // Query: key condition with placeholders, ascending then descending.
    let query = || {
        client
            .query()
            .table_name(&table)
            .key_condition_expression("#pk = :pk AND sk > :min")
            .expression_attribute_names("#pk", "pk")
            .expression_attribute_values(":pk", s("user-1"))
            .expression_attribute_values(":min", n(1))
    };
    let out = query().send().await.expect("Query");
    assert_eq!(out.count, 2);
    let titles = |items: Vec<HashMap<String, AttributeValue>>| -> Vec<AttributeValue> {
        items
            .into_iter()
            .map(|mut i| i.remove("title").expect("title"))
            .collect()
    };
    assert_eq!(
        titles(out.items.expect("items")),
        [s("item 2"), s("changed")]
    );
    assert_eq!(out.last_evaluated_key, None);
    let out = query()
        .scan_index_forward(false)
        .send()
        .await
        .expect("Query descending");
    assert_eq!(
        titles(out.items.expect("items")),
        [s("changed"), s("item 2")]
    );

    // Pagination: one item per page, following LastEvaluatedKey (a map, not a string token).
    let mut pages = query().limit(1).into_paginator();
    let first = pages
        .next_page()
        .await
        .expect("a first page")
        .expect("Query page 1");
    assert_eq!(first.count, 1);
    let token = first.last_evaluated_key.clone().expect("more pages");
    assert_eq!(token.get("pk"), Some(&s("user-1")));
    assert_eq!(token.get("sk"), Some(&n(2)));
    let all = query()
        .limit(1)
        .into_items()
        .collect()
        .await
        .expect("Query, every page");
    assert_eq!(titles(all), [s("item 2"), s("changed")]);

    let deleted = client
        .delete_table()
        .table_name(&table)
        .send()
        .await
        .expect("DeleteTable")
        .table_description
        .expect("DeleteTable returns the table");
    assert_eq!(deleted.table_name.as_deref(), Some(table.as_str()));

    let (err, status) = service_error(client.describe_table().table_name(&table).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(status, 400);
}

#[tokio::test]
async fn missing_table_is_resource_not_found() {
    let client = client();
    let table = unique("smelt-e2e-missing");

    let (err, meta, _) =
        service_error_with_meta(client.describe_table().table_name(&table).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(meta.status(), 400);
    assert_eq!(meta.code(), err.code());
    assert!(
        meta.request_id().is_some_and(|id| !id.is_empty()),
        "{meta:?}"
    );
    let e2e_dynamodb::operation::describe_table::DescribeTableError::ResourceNotFoundException(
        inner,
    ) = &err
    else {
        panic!("{err:?}")
    };
    let message = inner.message.as_deref().unwrap_or_default();
    assert!(
        message.starts_with("Requested resource not found"),
        "{message}"
    );
    assert_eq!(meta.message(), Some(message));

    let (err, status) = service_error(
        client
            .get_item()
            .table_name(&table)
            .key("pk", s("x"))
            .send()
            .await,
    );
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(status, 400);
}

/// The model's `TableExists` and `TableNotExists` waiters around a table's life: moto makes a
/// table `ACTIVE` at once and forgets it at once, so each waiter decides on its first call (the
/// delays and the retry path are covered by the focused model's loopback tests).
#[tokio::test]
async fn table_exists_and_not_exists_waiters() {
    use e2e_dynamodb::waiter::{LastResponse, WaiterErrorKind};
    use std::time::Duration;

    let client = client();
    let table = unique("smelt-e2e-wait");

    // Not created yet: TableExists retries on ResourceNotFoundException until the time is up
    // (its model minDelay is 20 s, shortened here).
    let err = client
        .wait_until_table_exists()
        .table_name(&table)
        .waiter_delays(Duration::from_millis(50), Duration::from_millis(100))
        .wait(Duration::from_millis(400))
        .await
        .expect_err("no table yet");
    assert_eq!(err.kind(), &WaiterErrorKind::Timeout, "{err}");
    assert!(err.attempts() >= 2, "{err}");
    assert!(matches!(err.last_response(), Some(LastResponse::Error(_))));

    create_table(&client, &table).await;
    let done = client
        .wait_until_table_exists()
        .table_name(&table)
        .wait(Duration::from_secs(60))
        .await
        .expect("TableExists");
    let status = done
        .output()
        .and_then(|o| o.table.as_ref())
        .and_then(|t| t.table_status.clone());
    assert_eq!(status, Some(TableStatus::Active));

    client
        .delete_table()
        .table_name(&table)
        .send()
        .await
        .expect("DeleteTable");
    let gone = client
        .wait_until_table_not_exists()
        .table_name(&table)
        .wait(Duration::from_secs(60))
        .await
        .expect("TableNotExists");
    assert!(matches!(gone.last, LastResponse::Error(_)));
}
