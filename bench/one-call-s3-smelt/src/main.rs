//! One GetObject call with the generated S3 client, against the in-memory `TestClient`.

use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = s3::Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(TestClient::always(200, "hello, world"))
        .build();
    let client = s3::Client::from_conf(config);
    let out = client
        .get_object()
        .bucket("bench-bucket")
        .key("hello.txt")
        .send()
        .await
        .expect("GetObject");
    let body = out.body.collect().await.expect("GetObject body");
    println!("read {} bytes", body.len());
}
