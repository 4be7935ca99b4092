//! The soak: one generated client shared by many concurrent tasks, calling for a bounded time
//! against the fault-injecting server with faults mixed in ([`MIX`]). Every call must end with
//! a value (an output or an error), none may outlive the operation timeout, and the connections
//! the client opens stay bounded and are all closed once it is dropped.
//!
//! `cargo xtask soak [--tasks N] [--secs S]` runs it long (release build, `src/bin/soak.rs`);
//! `tests/soak.rs` runs a short one.

use crate::fault_server::{Fault, FaultServer};
use crate::{base_config, build_hermetic};
use docdb_elastic::{Client, SdkError};
use smelt_runtime::retry::RetryConfig;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A valid GetCluster answer.
pub const VALID: &str = r#"{"cluster":{"clusterName":"c1","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1","status":"ACTIVE","clusterEndpoint":"c1.example.com","createTime":"2024-01-01T00:00:00Z","adminUserName":"admin","authType":"PLAIN_TEXT","shardCapacity":2,"shardCount":3,"vpcSecurityGroupIds":["sg-1"],"subnetIds":["subnet-1","subnet-2"],"preferredMaintenanceWindow":"sun:01:00-sun:01:30","kmsKeyId":"AWS_OWNED_KMS_KEY","shards":[{"shardId":"s1","createTime":"t","status":"ACTIVE"}],"backupRetentionPeriod":1,"preferredBackupWindow":"02:00-02:30","shardInstanceCount":2}}"#;

/// The faults of a soak, in turn: of every 20 requests, 14 succeed; the others are a 503, a
/// throttling 429, a 400, a reset in the body, a short body and a stall after the head (which
/// the read timeout ends).
pub fn mix() -> Vec<Fault> {
    let mut faults = vec![Fault::json(200, VALID); 14];
    faults.extend([
        Fault::json(503, r#"{"message":"down"}"#),
        Fault::error(429, "ThrottlingException"),
        Fault::error(400, "ValidationException"),
        Fault::ResetInBody,
        Fault::ShortBody,
        Fault::StallAfterHead,
    ]);
    faults
}

/// The mix as one name per fault, for reports.
pub const MIX: &str = "14 × 200, 503, 429 ThrottlingException, 400 ValidationException, reset in body, short body, stall after head (of every 20 requests)";

/// What a soak does.
#[derive(Debug, Clone)]
pub struct SoakConfig {
    /// Concurrent tasks sharing the one client.
    pub tasks: usize,
    /// How long the tasks keep calling.
    pub duration: Duration,
    /// The client's read timeout (ends the stalls).
    pub read_timeout: Duration,
    /// The client's operation timeout: no call may take longer (plus scheduling slack).
    pub operation_timeout: Duration,
}

impl Default for SoakConfig {
    fn default() -> Self {
        SoakConfig {
            tasks: 1_000,
            duration: Duration::from_secs(10),
            read_timeout: Duration::from_millis(250),
            operation_timeout: Duration::from_secs(2),
        }
    }
}

/// What a soak saw.
#[derive(Debug, Default)]
pub struct SoakReport {
    pub calls: u64,
    pub succeeded: u64,
    /// Failed calls by error kind (`timeout`, `dispatch`, `response`, `service`, `construction`).
    pub failed: BTreeMap<&'static str, u64>,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// Requests the server read (attempts, retries included).
    pub requests: usize,
    /// Connections the client opened.
    pub connections: usize,
    /// The most connections open at once.
    pub peak_connections: usize,
    /// Connections open once every task had finished, the client still alive: its idle pool.
    pub idle_pool: usize,
    /// Connections still open once the client was dropped (after a grace period).
    pub open_after: usize,
    /// Retry tokens left at the end (of the bucket's capacity).
    pub retry_tokens_left: u32,
    /// Tasks that panicked (must be 0).
    pub panicked: usize,
}

impl SoakReport {
    /// Calls per second.
    pub fn throughput(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl std::fmt::Display for SoakReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} calls in {:.1?} ({:.0} calls/s): {} succeeded, failed {:?}",
            self.calls,
            self.elapsed,
            self.throughput(),
            self.succeeded,
            self.failed
        )?;
        writeln!(
            f,
            "latency p50 {:.1?}, p99 {:.1?}, max {:.1?}",
            self.p50, self.p99, self.max
        )?;
        write!(
            f,
            "{} requests over {} connections (at most {} open at once; {} idle in the pool at the end; {} open after the client was dropped); {} retry tokens left; {} tasks panicked",
            self.requests,
            self.connections,
            self.peak_connections,
            self.idle_pool,
            self.open_after,
            self.retry_tokens_left,
            self.panicked
        )
    }
}

fn kind<E>(err: &SdkError<E>) -> &'static str {
    match err {
        SdkError::Construction(_) => "construction",
        SdkError::Timeout(_) => "timeout",
        SdkError::Dispatch(_) => "dispatch",
        SdkError::Response(_) => "response",
        SdkError::Service(_) => "service",
    }
}

/// Runs a soak on the current Tokio runtime (multi-threaded for a real one).
pub async fn soak(config: &SoakConfig) -> std::io::Result<SoakReport> {
    let server = FaultServer::start_counting(Fault::Cycle(mix())).await?;
    let client = Client::from_conf(build_hermetic(
        base_config()
            .endpoint_url(server.url())
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(50)),
            )
            .read_timeout(config.read_timeout)
            .operation_timeout(config.operation_timeout),
    ));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(config.tasks);
    for _ in 0..config.tasks {
        let client = client.clone();
        let stop = Arc::clone(&stop);
        tasks.push(tokio::spawn(async move {
            let mut outcomes: Vec<(Duration, Option<&'static str>)> = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let result = client.get_cluster().cluster_arn("c1").send().await;
                outcomes.push((t.elapsed(), result.err().map(|e| kind(&e))));
            }
            outcomes
        }));
    }
    tokio::time::sleep(config.duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut report = SoakReport::default();
    let mut latencies = Vec::new();
    for task in tasks {
        match task.await {
            Ok(outcomes) => {
                for (latency, failure) in outcomes {
                    report.calls += 1;
                    latencies.push(latency);
                    match failure {
                        None => report.succeeded += 1,
                        Some(kind) => *report.failed.entry(kind).or_default() += 1,
                    }
                }
            }
            Err(_) => report.panicked += 1,
        }
    }
    report.elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    report.p50 = at(0.50);
    report.p99 = at(0.99);
    report.max = latencies.last().copied().unwrap_or_default();
    report.requests = server.request_count();
    report.connections = server.accepted();
    report.peak_connections = server.peak_connections();
    report.retry_tokens_left = client.config().retry_tokens().available();
    // Every task is done: what stays open is the client's idle pool (the server closes its side
    // of the connections the client dropped as soon as it reads their end).
    tokio::time::sleep(Duration::from_secs(1)).await;
    report.idle_pool = server.open_connections();
    drop(client);
    report.open_after = server.wait_all_closed(Duration::from_secs(10)).await;
    server.shutdown().await;
    Ok(report)
}
