//! One CopyClusterSnapshot call with aws-sdk-docdbelastic, against an in-memory HTTP client.
//!
//! The client is `aws_smithy_http_client::test_util::infallible_client_fn` written out by
//! hand: enabling the `test-util` feature instead would add its own crates (serde, serde_json,
//! indexmap, aws-smithy-protocol-test, tracing-subscriber...) to the count of figure c.

use aws_sdk_docdbelastic::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;

const BODY: &str = r#"{"snapshot":{"adminUserName":"admin","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1","clusterCreationTime":"2024-03-14T09:26:53.589Z","kmsKeyId":"AWS_OWNED_KMS_KEY","snapshotArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/c1/s2","snapshotCreationTime":"2024-06-01T12:00:00.000Z","snapshotName":"snap-2","status":"CREATING","subnetIds":["subnet-1"],"vpcSecurityGroupIds":["sg-1"]}}"#;

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
    let config = aws_sdk_docdbelastic::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(Canned)
        .build();
    let client = aws_sdk_docdbelastic::Client::from_conf(config);
    let out = client
        .copy_cluster_snapshot()
        .snapshot_arn("arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/c1/s1")
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect("CopyClusterSnapshot");
    println!(
        "copied: {}",
        out.snapshot().map(|s| s.snapshot_arn()).unwrap_or_default()
    );
}
