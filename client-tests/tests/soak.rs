//! A short soak (`cargo xtask soak` runs the long one): 1,000 tasks share one generated client
//! for two seconds against the fault-injecting server. Every call ends with a value within the
//! operation timeout, no task panics, the connections stay bounded by the tasks, and none is
//! left open once the client is dropped.

use client_tests::soak::{soak, SoakConfig};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_tasks_share_one_client_through_faults() {
    let config = SoakConfig {
        tasks: 1_000,
        duration: Duration::from_secs(2),
        ..SoakConfig::default()
    };
    let report = soak(&config).await.expect("loopback server");
    println!("{report}");
    assert_eq!(report.panicked, 0);
    assert!(
        report.calls >= config.tasks as u64,
        "every task made a call: {report}"
    );
    assert!(report.succeeded > 0, "{report}");
    // The mix has five failing faults in twenty: some calls fail, each with a value.
    let failed: u64 = report.failed.values().sum();
    assert_eq!(report.succeeded + failed, report.calls);
    assert!(failed > 0, "{report}");
    assert!(
        report.max <= config.operation_timeout + Duration::from_secs(1),
        "no call outlives the operation timeout: {report}"
    );
    assert!(
        report.peak_connections <= 2 * config.tasks,
        "connections bounded by the concurrency: {report}"
    );
    assert!(
        report.idle_pool <= smelt_runtime::http::transport::POOL_MAX_IDLE_PER_HOST,
        "the idle pool is bounded: {report}"
    );
    assert_eq!(
        report.open_after, 0,
        "no connection outlives the client: {report}"
    );
}
