//! Typical calls on the big services (issue 19), for both clients: S3 GetObject and PutObject
//! of 1 MiB, ListObjectsV2 with 1,000 keys (restXml parse) and DynamoDB Query with 1,000 items
//! of mixed attribute values (awsJson1_0 parse), each a whole `send()` through an in-memory HTTP
//! client answering a canned response.
//!
//! Each figure prints `RESULT <figure> <client> <µs per call>` and
//! `ALLOCS <figure> <client> <allocations per call>` (counted by the binary's global allocator,
//! see `main.rs`).

use crate::{allocations, measure_pair, report};
use bytes::Bytes;
use std::time::Instant;

/// The object size of the GetObject / PutObject figures.
pub const OBJECT_SIZE: usize = 1 << 20;
const BUCKET: &str = "bench-bucket";
const KEY: &str = "data/object-0001.bin";

/// A deterministic 1 MiB payload (not all zeros, so nothing can shortcut it).
fn object() -> Bytes {
    let mut state: u32 = 0x2545_f491;
    let data: Vec<u8> = (0..OBJECT_SIZE)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    Bytes::from(data)
}

/// A ListObjectsV2 response with `n` keys, as S3 writes it.
pub fn list_objects_body(n: usize) -> String {
    let classes = [
        "STANDARD",
        "STANDARD_IA",
        "GLACIER_IR",
        "INTELLIGENT_TIERING",
    ];
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Name>bench-bucket</Name><Prefix>logs/</Prefix>",
    );
    out.push_str(&format!("<KeyCount>{n}</KeyCount><MaxKeys>1000</MaxKeys>"));
    out.push_str("<IsTruncated>true</IsTruncated>");
    for i in 0..n {
        out.push_str(&format!(
            "<Contents><Key>logs/2025/06/{:02}/app-server-{i:05}.log.gz</Key>\
             <LastModified>2025-06-{:02}T{:02}:{:02}:{:02}.000Z</LastModified>\
             <ETag>&quot;{:032x}&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>\
             <ChecksumType>FULL_OBJECT</ChecksumType><Size>{}</Size>\
             <StorageClass>{}</StorageClass></Contents>",
            i % 28 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            (i * 7) % 60,
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834),
            1024 + i * 37,
            classes[i % classes.len()],
        ));
    }
    out.push_str("<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>");
    out.push_str("</ListBucketResult>");
    out
}

/// A DynamoDB Query response with `n` items, each with string, number, boolean, null, binary,
/// string-set, list and map attributes.
pub fn query_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"pk":{{"S":"customer#{:06}"}},"sk":{{"S":"order#2025-06-{:02}#{i:05}"}},"total":{{"N":"{}.{:02}"}},"quantity":{{"N":"{}"}},"shipped":{{"BOOL":{}}},"coupon":{{"NULL":true}},"thumbnail":{{"B":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}},"tags":{{"SS":["gift","express","fragile"]}},"lines":{{"L":[{{"M":{{"sku":{{"S":"SKU-{:04}"}},"qty":{{"N":"2"}}}}}},{{"M":{{"sku":{{"S":"SKU-{:04}"}},"qty":{{"N":"1"}}}}}}]}},"address":{{"M":{{"city":{{"S":"Seattle"}},"zip":{{"S":"98101"}},"geo":{{"L":[{{"N":"47.6062"}},{{"N":"-122.3321"}}]}}}}}}}}"#,
                i / 10,
                i % 28 + 1,
                10 + i * 3,
                i % 100,
                i % 9 + 1,
                i % 2 == 0,
                i % 5000,
                (i * 7) % 5000,
            )
        })
        .collect();
    format!(
        r#"{{"Count":{n},"Items":[{}],"LastEvaluatedKey":{{"pk":{{"S":"customer#000099"}},"sk":{{"S":"order#2025-06-28#00999"}}}},"ScannedCount":{n}}}"#,
        items.join(",")
    )
}

/// Runs one pair of figures and prints both the time and the allocations per call.
fn pair(
    figure: &str,
    what: &str,
    rounds: usize,
    iters: usize,
    mut ours: impl FnMut(),
    mut theirs: impl FnMut(),
) {
    let (us_ours, us_theirs) = measure_pair(rounds, iters, &mut ours, &mut theirs);
    report(figure, "smelt", what, us_ours);
    report(figure, "aws", what, us_theirs);
    for (client, f) in [
        ("smelt", &mut ours as &mut dyn FnMut()),
        ("aws", &mut theirs),
    ] {
        let before = allocations();
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        let _ = start.elapsed();
        let per_call = (allocations() - before) as f64 / iters as f64;
        println!("ALLOCS {figure} {client} {per_call:.1}");
    }
}

/// The big-service figures; `run(name)` says whether a figure was asked for.
pub fn run(rt: &tokio::runtime::Runtime, rounds: usize, iters: usize, run: &dyn Fn(&str) -> bool) {
    if run("s3_get") {
        let data = object();
        let ours = smelt::s3_client(smelt::object_response(data.clone()));
        let theirs = aws::s3_client(aws::object_response(data.clone()));
        pair(
            "s3_get",
            "GetObject 1 MiB, body collected",
            rounds,
            iters,
            || assert_eq!(rt.block_on(smelt::get(&ours)), OBJECT_SIZE),
            || assert_eq!(rt.block_on(aws::get(&theirs)), OBJECT_SIZE),
        );
    }
    if run("s3_put") {
        let data = object();
        let ours = smelt::s3_client(smelt::put_response());
        let theirs = aws::s3_client(aws::put_response());
        pair(
            "s3_put",
            "PutObject 1 MiB from memory",
            rounds,
            iters,
            || rt.block_on(smelt::put(&ours, data.clone())),
            || rt.block_on(aws::put(&theirs, data.clone())),
        );
    }
    if run("s3_list") {
        let body = Bytes::from(list_objects_body(1000));
        let ours = smelt::s3_client(smelt::xml_response(body.clone()));
        let theirs = aws::s3_client(aws::xml_response(body.clone()));
        pair(
            "s3_list",
            "ListObjectsV2, 1000 keys, whole call",
            rounds,
            (iters / 4).max(1),
            || assert_eq!(rt.block_on(smelt::list(&ours)), 1000),
            || assert_eq!(rt.block_on(aws::list(&theirs)), 1000),
        );
    }
    if run("ddb_query") {
        let body = Bytes::from(query_body(1000));
        let ours = smelt::ddb_client(smelt::json_response(body.clone()));
        let theirs = aws::ddb_client(aws::json_response(body.clone()));
        pair(
            "ddb_query",
            "DynamoDB Query, 1000 items, whole call",
            rounds,
            (iters / 4).max(1),
            || assert_eq!(rt.block_on(smelt::query(&ours)), 1000),
            || assert_eq!(rt.block_on(aws::query(&theirs)), 1000),
        );
    }
}

mod smelt {
    use bytes::Bytes;
    use smelt_runtime::config::Config;
    use smelt_runtime::credentials::Credentials;
    use smelt_runtime::http::{BoxFuture, ByteStream, ConnectorError, HttpClient, HttpRequest};
    use smelt_runtime::http::{HttpResponse, StreamingResponse};

    /// Answers every request with a clone of one canned response (the body `Bytes` shared).
    #[derive(Debug)]
    pub struct Canned(pub HttpResponse);

    impl HttpClient for Canned {
        fn call(
            &self,
            _request: HttpRequest,
        ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
            let mut response = http::Response::new(self.0.body().clone());
            *response.headers_mut() = self.0.headers().clone();
            Box::pin(std::future::ready(Ok(response.map(ByteStream::from))))
        }
    }

    fn with_headers(body: Bytes, headers: &[(&'static str, &'static str)]) -> HttpResponse {
        let mut r = http::Response::new(body);
        for (name, value) in headers {
            r.headers_mut()
                .insert(*name, http::HeaderValue::from_static(value));
        }
        r
    }

    pub fn object_response(body: Bytes) -> HttpResponse {
        with_headers(body, &super::OBJECT_HEADERS)
    }

    pub fn put_response() -> HttpResponse {
        with_headers(Bytes::new(), &super::PUT_HEADERS)
    }

    pub fn xml_response(body: Bytes) -> HttpResponse {
        with_headers(body, &[("content-type", "application/xml")])
    }

    pub fn json_response(body: Bytes) -> HttpResponse {
        with_headers(body, &[("content-type", "application/x-amz-json-1.0")])
    }

    fn config(response: HttpResponse) -> Config {
        Config::builder()
            .region(crate::REGION)
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(crate::ENDPOINT)
            .http_client(Canned(response))
            .build_with_env(&|_| None)
    }

    pub fn s3_client(response: HttpResponse) -> s3::Client {
        s3::Client::from_conf(config(response))
    }

    pub fn ddb_client(response: HttpResponse) -> dynamodb::Client {
        dynamodb::Client::from_conf(config(response))
    }

    pub async fn get(client: &s3::Client) -> usize {
        let out = client
            .get_object()
            .bucket(super::BUCKET)
            .key(super::KEY)
            .send()
            .await
            .expect("smelt GetObject");
        out.body
            .collect()
            .await
            .expect("smelt GetObject body")
            .len()
    }

    pub async fn put(client: &s3::Client, data: Bytes) {
        let out = client
            .put_object()
            .bucket(super::BUCKET)
            .key(super::KEY)
            .content_type("application/octet-stream")
            .body(data)
            .send()
            .await
            .expect("smelt PutObject");
        assert!(out.e_tag.is_some());
    }

    pub async fn list(client: &s3::Client) -> usize {
        let out = client
            .list_objects_v2()
            .bucket(super::BUCKET)
            .prefix("logs/")
            .send()
            .await
            .expect("smelt ListObjectsV2");
        out.contents.map_or(0, |c| c.len())
    }

    pub async fn query(client: &dynamodb::Client) -> usize {
        use dynamodb::types::AttributeValue;
        let out = client
            .query()
            .table_name("orders")
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S("customer#000001".into()))
            .send()
            .await
            .expect("smelt Query");
        out.items.map_or(0, |i| i.len())
    }
}

/// Headers of the canned GetObject response (both clients).
const OBJECT_HEADERS: [(&str, &str); 5] = [
    ("content-type", "application/octet-stream"),
    ("content-length", "1048576"),
    ("etag", "\"9b2cf535f27731c974343645a3985328\""),
    ("last-modified", "Thu, 12 Jun 2025 10:00:00 GMT"),
    ("x-amz-request-id", "4442587FB7D0A2F9"),
];

/// Headers of the canned PutObject response (both clients).
const PUT_HEADERS: [(&str, &str); 3] = [
    ("etag", "\"9b2cf535f27731c974343645a3985328\""),
    ("x-amz-request-id", "4442587FB7D0A2F9"),
    ("content-length", "0"),
];

mod aws {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_runtime_api::client::http::{
        HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
    };
    use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
    use aws_smithy_types::body::SdkBody;
    use bytes::Bytes;

    /// A canned response: status 200, these headers, this body (the `Bytes` shared).
    #[derive(Debug, Clone)]
    pub struct Canned {
        headers: Vec<(&'static str, &'static str)>,
        body: Bytes,
    }

    impl HttpConnector for Canned {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            let mut r = HttpResponse::new(
                200u16.try_into().expect("status"),
                SdkBody::from(self.body.clone()),
            );
            for (name, value) in &self.headers {
                r.headers_mut().insert(*name, *value);
            }
            HttpConnectorFuture::ready(Ok(r))
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

    pub fn object_response(body: Bytes) -> Canned {
        Canned {
            headers: super::OBJECT_HEADERS.to_vec(),
            body,
        }
    }

    pub fn put_response() -> Canned {
        Canned {
            headers: super::PUT_HEADERS.to_vec(),
            body: Bytes::new(),
        }
    }

    pub fn xml_response(body: Bytes) -> Canned {
        Canned {
            headers: vec![("content-type", "application/xml")],
            body,
        }
    }

    pub fn json_response(body: Bytes) -> Canned {
        Canned {
            headers: vec![("content-type", "application/x-amz-json-1.0")],
            body,
        }
    }

    pub fn s3_client(canned: Canned) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(crate::REGION))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(crate::ENDPOINT)
            .http_client(canned)
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    pub fn ddb_client(canned: Canned) -> aws_sdk_dynamodb::Client {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new(crate::REGION))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(crate::ENDPOINT)
            .http_client(canned)
            .build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }

    pub async fn get(client: &aws_sdk_s3::Client) -> usize {
        let out = client
            .get_object()
            .bucket(super::BUCKET)
            .key(super::KEY)
            .send()
            .await
            .expect("aws GetObject");
        out.body
            .collect()
            .await
            .expect("aws GetObject body")
            .into_bytes()
            .len()
    }

    pub async fn put(client: &aws_sdk_s3::Client, data: Bytes) {
        let out = client
            .put_object()
            .bucket(super::BUCKET)
            .key(super::KEY)
            .content_type("application/octet-stream")
            .body(data.into())
            .send()
            .await
            .expect("aws PutObject");
        assert!(out.e_tag().is_some());
    }

    pub async fn list(client: &aws_sdk_s3::Client) -> usize {
        let out = client
            .list_objects_v2()
            .bucket(super::BUCKET)
            .prefix("logs/")
            .send()
            .await
            .expect("aws ListObjectsV2");
        out.contents().len()
    }

    pub async fn query(client: &aws_sdk_dynamodb::Client) -> usize {
        use aws_sdk_dynamodb::types::AttributeValue;
        let out = client
            .query()
            .table_name("orders")
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S("customer#000001".into()))
            .send()
            .await
            .expect("aws Query");
        out.items().len()
    }
}
