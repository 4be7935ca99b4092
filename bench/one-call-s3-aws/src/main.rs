//! One GetObject call with aws-sdk-s3, against an in-memory HTTP client (written out as in
//! one-call-aws, without the `test-util` feature's crates).

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;

const BODY: &str = "hello, world";

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
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(Canned)
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    let out = client
        .get_object()
        .bucket("bench-bucket")
        .key("hello.txt")
        .send()
        .await
        .expect("GetObject");
    let body = out.body.collect().await.expect("GetObject body");
    println!("read {} bytes", body.into_bytes().len());
}
