//! One Query call with aws-sdk-dynamodb, against an in-memory HTTP client (written out as in
//! one-call-aws, without the `test-util` feature's crates).

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;

const BODY: &str =
    r#"{"Count":1,"Items":[{"pk":{"S":"customer#1"},"total":{"N":"12.50"}}],"ScannedCount":1}"#;

#[derive(Debug, Clone)]
struct Canned;

impl HttpConnector for Canned {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let status = 200u16.try_into().expect("status");
        HttpConnectorFuture::ready(Ok(HttpResponse::new(status, SdkBody::from(BODY))))
    }
}

impl HttpClient for Canned {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(Canned)
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let out = client
        .query()
        .table_name("orders")
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("customer#1".into()))
        .send()
        .await
        .expect("Query");
    println!("{} items", out.items().len());
}
