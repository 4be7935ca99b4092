//! Run-time figures of issue 6 (d and e), for both clients in one process.
//!
//! ```text
//! calls [--calls N] [--parse-iters M] [--big-iters K] [--rounds R]
//!       [--only per_call|list_parse|list_call|resolve|s3_get|s3_put|s3_list|ddb_query]
//! ```
//!
//! `--only` runs the listed figures (comma-separated; one is handy under `perf record`).
//!
//! Prints human-readable lines and one machine-readable line per figure,
//! `RESULT <figure> <client> <microseconds>`, read by `cargo xtask bench`. Each figure is the
//! median over `R` rounds of the mean time per iteration within a round (after one warm-up
//! round). Build with `--release`.
//!
//! Both clients are configured alike: static credentials (so SigV4 signing runs on every call),
//! region `us-east-1`, an endpoint override, default retry policy, and an in-memory HTTP client
//! that answers every request with the same canned `200` response (`content-type:
//! application/json` and a fixed body, the `Bytes` shared, not copied). Neither touches the
//! network nor the process environment.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

mod big;

/// The system allocator, counting allocations (`alloc`, `alloc_zeroed` and `realloc` calls) so
/// that the big-service figures can report allocations per call.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counter has no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `layout` is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` came from `System` with `layout`; the caller guarantees `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations so far (see [`Counting`]).
fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

const SNAPSHOT_ARN: &str = "arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/8a3bd6f1-0c8a-4f66-a9d1-34d6a9b2c7e0/3f5ec1a2-7b0e-4f8e-9c55-0d2c4e6a8b10";
const ENDPOINT: &str = "http://localhost:8000";
const REGION: &str = "us-east-1";

/// A realistic CopyClusterSnapshot response: the new snapshot's full description.
fn snapshot_body() -> String {
    r#"{"snapshot":{"adminUserName":"docdbadmin","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/5d1e8f3a-9b2c-4e7d-8a6f-1c3b5d7e9f20","clusterCreationTime":"2024-03-14T09:26:53.589Z","kmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d","snapshotArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/5d1e8f3a-9b2c-4e7d-8a6f-1c3b5d7e9f20/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b","snapshotCreationTime":"2024-06-01T12:00:00.000Z","snapshotName":"snap-2","snapshotType":"MANUAL","status":"CREATING","subnetIds":["subnet-0a1b2c3d4e5f60718","subnet-0b2c3d4e5f6071829","subnet-0c3d4e5f607182930"],"vpcSecurityGroupIds":["sg-0123456789abcdef0","sg-0fedcba9876543210"]}}"#
        .to_string()
}

/// A ListClusters response with `n` clusters.
fn list_body(n: usize) -> String {
    let statuses = ["ACTIVE", "CREATING", "UPDATING", "STOPPED"];
    let clusters: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"clusterName":"orders-cluster-{i:04}","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/{i:08x}-9b2c-4e7d-8a6f-1c3b5d7e9f20","status":"{}"}}"#,
                statuses[i % statuses.len()]
            )
        })
        .collect();
    format!(
        r#"{{"clusters":[{}],"nextToken":"eyJvZmZzZXQiOjEwMDB9"}}"#,
        clusters.join(",")
    )
}

/// Mean time per iteration of `a` and of `b` over `iters` iterations, for `rounds` rounds
/// after one warm-up round of each; rounds alternate between the two (A B, B A, A B...) so that
/// drift in machine speed falls on both. Returns the medians in microseconds.
fn measure_pair(
    rounds: usize,
    iters: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (f64, f64) {
    fn round(iters: usize, f: &mut dyn FnMut()) -> f64 {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        micros(start.elapsed()) / iters as f64
    }
    round(iters, &mut a);
    round(iters, &mut b);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for r in 0..rounds {
        if r % 2 == 0 {
            ta.push(round(iters, &mut a));
            tb.push(round(iters, &mut b));
        } else {
            tb.push(round(iters, &mut b));
            ta.push(round(iters, &mut a));
        }
    }
    (median(&mut ta), median(&mut tb))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(figure: &str, client: &str, what: &str, us: f64) {
    println!("{figure:<14} {client:<6} {us:>10.2} µs  ({what})");
    println!("RESULT {figure} {client} {us:.3}");
}

mod smelt {
    use bytes::Bytes;
    use docdb_elastic::operation::list_clusters::ListClustersOutput;
    use smelt_runtime::config::Config;
    use smelt_runtime::credentials::Credentials;
    use smelt_runtime::http::{BoxFuture, ByteStream, ConnectorError, HttpClient, HttpRequest};
    use smelt_runtime::http::{HttpResponse, StreamingResponse};

    /// Answers every request with `200`, `content-type: application/json` and `body`.
    ///
    /// (`TestClient::always` would do, but it keeps a copy of every request it receives, which
    /// grows without bound over thousands of calls.)
    #[derive(Debug)]
    pub struct Canned(pub Bytes);

    impl HttpClient for Canned {
        fn call(
            &self,
            _request: HttpRequest,
        ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
            let response = response(self.0.clone()).map(ByteStream::from);
            Box::pin(std::future::ready(Ok(response)))
        }
    }

    pub fn response(body: Bytes) -> HttpResponse {
        let mut r = http::Response::new(body);
        r.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        r
    }

    pub fn client(body: &str) -> docdb_elastic::Client {
        let config = Config::builder()
            .region(super::REGION)
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(super::ENDPOINT)
            .http_client(Canned(Bytes::from(body.to_string())))
            .build_with_env(&|_| None);
        docdb_elastic::Client::from_conf(config)
    }

    pub async fn copy(client: &docdb_elastic::Client) {
        let out = client
            .copy_cluster_snapshot()
            .snapshot_arn(super::SNAPSHOT_ARN)
            .target_snapshot_name("snap-2")
            .copy_tags(true)
            .tags("team", "storage")
            .send()
            .await
            .expect("smelt CopyClusterSnapshot");
        assert_eq!(out.snapshot.snapshot_name, "snap-2");
    }

    pub async fn list(client: &docdb_elastic::Client) -> usize {
        let out = client
            .list_clusters()
            .send()
            .await
            .expect("smelt ListClusters");
        out.clusters.map_or(0, |c| c.len())
    }

    /// What the client does with a ListClusters response (the operation's response parser is
    /// `rt::protocol::json_body`).
    pub fn parse(response: &HttpResponse) -> usize {
        let out: ListClustersOutput =
            smelt_runtime::protocol::json_body(response).expect("smelt parse");
        out.clusters.map_or(0, |c| c.len())
    }
}

mod aws {
    use aws_sdk_docdbelastic::config::{BehaviorVersion, Credentials, Region, RuntimePlugin};
    use aws_sdk_docdbelastic::operation::list_clusters::{ListClusters, ListClustersOutput};
    use aws_smithy_runtime_api::client::http::{
        HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
    };
    use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
    use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::config_bag::{ConfigBag, FrozenLayer};
    use bytes::Bytes;

    /// Answers every request with `200`, `content-type: application/json` and `body`: the same
    /// thing as `aws_smithy_http_client::test_util::infallible_client_fn`, without the
    /// `test-util` feature's extra crates.
    #[derive(Debug, Clone)]
    pub struct Canned(pub Bytes);

    impl HttpConnector for Canned {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            HttpConnectorFuture::ready(Ok(response(self.0.clone())))
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

    pub fn response(body: Bytes) -> HttpResponse {
        let mut r = HttpResponse::new(200u16.try_into().expect("status"), SdkBody::from(body));
        r.headers_mut().insert("content-type", "application/json");
        r
    }

    pub fn client(body: &str) -> aws_sdk_docdbelastic::Client {
        let config = aws_sdk_docdbelastic::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(super::REGION))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(super::ENDPOINT)
            .http_client(Canned(Bytes::from(body.to_string())))
            .build();
        aws_sdk_docdbelastic::Client::from_conf(config)
    }

    pub async fn copy(client: &aws_sdk_docdbelastic::Client) {
        let out = client
            .copy_cluster_snapshot()
            .snapshot_arn(super::SNAPSHOT_ARN)
            .target_snapshot_name("snap-2")
            .copy_tags(true)
            .tags("team", "storage")
            .send()
            .await
            .expect("aws CopyClusterSnapshot");
        assert_eq!(out.snapshot().map(|s| s.snapshot_name()), Some("snap-2"));
    }

    pub async fn list(client: &aws_sdk_docdbelastic::Client) -> usize {
        let out = client
            .list_clusters()
            .send()
            .await
            .expect("aws ListClusters");
        out.clusters().len()
    }

    /// The config layer of the `ListClusters` operation (public `RuntimePlugin::config`), which
    /// holds the response deserializer the orchestrator uses.
    pub fn operation_layer() -> FrozenLayer {
        ListClusters::new()
            .config()
            .expect("ListClusters config layer")
    }

    pub fn deserializer(layer: &FrozenLayer) -> &SharedResponseDeserializer {
        layer
            .load::<SharedResponseDeserializer>()
            .expect("ListClusters response deserializer")
    }

    pub fn parse(
        deserializer: &SharedResponseDeserializer,
        cfg: &ConfigBag,
        response: &HttpResponse,
    ) -> usize {
        let out = deserializer
            .deserialize_nonstreaming_with_config(response, cfg)
            .expect("aws parse");
        let out = out
            .downcast::<ListClustersOutput>()
            .expect("ListClustersOutput");
        out.clusters().len()
    }
}

fn main() {
    let mut calls = 2000usize;
    let mut parse_iters = 200usize;
    let mut rounds = 7usize;
    let mut big_iters = 100usize;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a positive number"))
        };
        match arg.as_str() {
            "--calls" => calls = value("--calls"),
            "--parse-iters" => parse_iters = value("--parse-iters"),
            "--rounds" => rounds = value("--rounds"),
            "--big-iters" => big_iters = value("--big-iters"),
            "--only" => only = args.next(),
            other => panic!("unknown argument `{other}`"),
        }
    }
    assert!(calls > 0 && parse_iters > 0 && rounds > 0 && big_iters > 0);
    let run = |figure: &str| {
        only.as_deref()
            .is_none_or(|list| list.split(',').any(|o| o == figure))
    };

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");

    if run("per_call") {
        per_call(&rt, rounds, calls);
    }
    let body = list_body(1000);
    if run("list_parse") {
        list_parse(&body, rounds, parse_iters);
    }
    if run("list_call") {
        list_call(&rt, &body, rounds, parse_iters);
    }
    if run("resolve") {
        resolve(rounds, calls * 10);
    }
    big::run(&rt, rounds, big_iters, &run);
}

/// d2. Endpoint resolution alone: docdb-elastic's rule set for `us-east-1` and `us-west-2` in
/// turn (two parameter sets, so aws-sdk-rust's one-entry resolver cache never answers), FIPS
/// and dual-stack off. Ours: `RuleSet::resolve` on the rule set embedded in the generated
/// crate, read once; theirs: the generated `DefaultResolver`.
fn resolve(rounds: usize, iters: usize) {
    use aws_sdk_docdbelastic::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    use smelt_runtime::endpoint::{EndpointParams, Partitions, RuleSet};
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    let text = docdb_elastic::client::SERVICE
        .endpoint_rules
        .expect("docdb-elastic has a rule set");
    let rules = RuleSet::from_json(text).expect("the rule set reads");
    let ours: Vec<EndpointParams> = ["us-east-1", "us-west-2"]
        .iter()
        .map(|region| {
            let mut p = EndpointParams::new();
            p.set("Region", *region)
                .set("UseFIPS", false)
                .set("UseDualStack", false);
            p
        })
        .collect();
    let theirs: Vec<Params> = ["us-east-1", "us-west-2"]
        .iter()
        .map(|region| {
            Params::builder()
                .region(*region)
                .use_fips(false)
                .use_dual_stack(false)
                .build()
                .expect("params")
        })
        .collect();
    let resolver = DefaultResolver::new();
    let mut cx = Context::from_waker(Waker::noop());
    let mut resolve_theirs = |p: &Params| {
        let mut future = resolver.resolve_endpoint(p);
        match std::pin::Pin::new(&mut future).poll(&mut cx) {
            Poll::Ready(endpoint) => endpoint.expect("their endpoint").url().len(),
            Poll::Pending => panic!("the resolver is not immediate"),
        }
    };
    assert_eq!(
        rules
            .resolve(&ours[1], Partitions::builtin())
            .expect("our endpoint")
            .url,
        "https://docdb-elastic.us-west-2.amazonaws.com"
    );
    assert_eq!(
        resolve_theirs(&theirs[1]),
        "https://docdb-elastic.us-west-2.amazonaws.com".len()
    );
    let (mut i, mut j) = (0usize, 0usize);
    let (us_ours, us_theirs) = measure_pair(
        rounds,
        iters,
        || {
            i += 1;
            black_box(
                rules
                    .resolve(black_box(&ours[i % 2]), Partitions::builtin())
                    .ok(),
            );
        },
        || {
            j += 1;
            black_box(resolve_theirs(black_box(&theirs[j % 2])));
        },
    );
    let what = "docdb-elastic rule set, us-east-1 and us-west-2 in turn, uncached";
    report("resolve", "smelt", what, us_ours);
    report("resolve", "aws", what, us_theirs);
}

/// d. CopyClusterSnapshot: the whole call, from the fluent builder to the parsed output.
fn per_call(rt: &tokio::runtime::Runtime, rounds: usize, calls: usize) {
    let body = snapshot_body();
    let ours = smelt::client(&body);
    let theirs = aws::client(&body);
    let (us_ours, us_theirs) = measure_pair(
        rounds,
        calls,
        || rt.block_on(smelt::copy(&ours)),
        || rt.block_on(aws::copy(&theirs)),
    );
    let what = "CopyClusterSnapshot via Client: build, serialize, SigV4, canned 200, parse";
    report("per_call", "smelt", what, us_ours);
    report("per_call", "aws", what, us_theirs);
}

/// e1. ListClusters with 1000 clusters, parse only.
fn list_parse(body: &str, rounds: usize, parse_iters: usize) {
    println!("ListClusters body: {} bytes, 1000 clusters", body.len());
    let ours_response = smelt::response(bytes::Bytes::from(body.to_string()));
    assert_eq!(smelt::parse(&ours_response), 1000);
    let theirs_response = aws::response(bytes::Bytes::from(body.to_string()));
    let layer = aws::operation_layer();
    let deserializer = aws::deserializer(&layer);
    let cfg = aws_smithy_types::config_bag::ConfigBag::base();
    assert_eq!(aws::parse(deserializer, &cfg, &theirs_response), 1000);
    let (us_ours, us_theirs) = measure_pair(
        rounds,
        parse_iters,
        || {
            black_box(smelt::parse(black_box(&ours_response)));
        },
        || {
            black_box(aws::parse(deserializer, &cfg, black_box(&theirs_response)));
        },
    );
    report(
        "list_parse",
        "smelt",
        "smelt_runtime::protocol::json_body::<ListClustersOutput>(&response)",
        us_ours,
    );
    report(
        "list_parse",
        "aws",
        "ListClusters response deserializer (from RuntimePlugin::config) + downcast",
        us_theirs,
    );
}

/// e2. The full call with the 1000-cluster body (cross-check: per-call overhead included).
fn list_call(rt: &tokio::runtime::Runtime, body: &str, rounds: usize, parse_iters: usize) {
    let ours = smelt::client(body);
    let theirs = aws::client(body);
    assert_eq!(rt.block_on(smelt::list(&ours)), 1000);
    assert_eq!(rt.block_on(aws::list(&theirs)), 1000);
    let (us_ours, us_theirs) = measure_pair(
        rounds,
        parse_iters,
        || {
            black_box(rt.block_on(smelt::list(&ours)));
        },
        || {
            black_box(rt.block_on(aws::list(&theirs)));
        },
    );
    let what = "ListClusters via Client, canned 1000-cluster 200";
    report("list_call", "smelt", what, us_ours);
    report("list_call", "aws", what, us_theirs);
}
