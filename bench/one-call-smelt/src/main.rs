//! One CopyClusterSnapshot call with the generated client, against the in-memory `TestClient`.

use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http = TestClient::always(
        200,
        r#"{"snapshot":{"adminUserName":"admin","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1","clusterCreationTime":"2024-03-14T09:26:53.589Z","kmsKeyId":"AWS_OWNED_KMS_KEY","snapshotArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/c1/s2","snapshotCreationTime":"2024-06-01T12:00:00.000Z","snapshotName":"snap-2","status":"CREATING","subnetIds":["subnet-1"],"vpcSecurityGroupIds":["sg-1"]}}"#,
    );
    let config = docdb_elastic::Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "static"))
        .endpoint_url("http://localhost:8000")
        .http_client(http)
        .build();
    let client = docdb_elastic::Client::from_conf(config);
    let out = client
        .copy_cluster_snapshot()
        .snapshot_arn("arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/c1/s1")
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect("CopyClusterSnapshot");
    println!("copied: {}", out.snapshot.snapshot_arn);
}
