//! One Query call with the generated DynamoDB client, against the in-memory `TestClient`.

use dynamodb::types::AttributeValue;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = dynamodb::Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(TestClient::always(
            200,
            r#"{"Count":1,"Items":[{"pk":{"S":"customer#1"},"total":{"N":"12.50"}}],"ScannedCount":1}"#,
        ))
        .build();
    let client = dynamodb::Client::from_conf(config);
    let out = client
        .query()
        .table_name("orders")
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("customer#1".into()))
        .send()
        .await
        .expect("Query");
    println!("{} items", out.items.map_or(0, |i| i.len()));
}
