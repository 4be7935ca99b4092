//! Integration tests of the generated DocDB Elastic client (`docdb-elastic`), used the way an
//! application would use it: `Client::from_conf`, fluent builders, `send()`, error enums.
//!
//! Most tests run against `smelt_runtime::http::TestClient` (canned responses, recorded
//! requests); `tcp` and `faults` go over real loopback TCP through the default hyper client
//! (`faults` against the fault-injecting server of `client_tests::fault_server`).

#[path = "docdb_elastic/endpoint.rs"]
mod endpoint;
#[path = "docdb_elastic/errors.rs"]
mod errors;
#[path = "docdb_elastic/faults.rs"]
mod faults;
#[path = "docdb_elastic/hostile.rs"]
mod hostile;
#[path = "docdb_elastic/idempotency.rs"]
mod idempotency;
#[path = "docdb_elastic/pagination.rs"]
mod pagination;
#[path = "docdb_elastic/presign.rs"]
mod presign;
#[path = "docdb_elastic/request.rs"]
mod request;
#[path = "docdb_elastic/secrets.rs"]
mod secrets;
#[path = "docdb_elastic/status_enum.rs"]
mod status_enum;
#[path = "docdb_elastic/tcp.rs"]
mod tcp;
#[path = "docdb_elastic/validation.rs"]
mod validation;

/// An ARN whose `:` and `/` must be percent-encoded in a URI label.
pub const SNAPSHOT_ARN: &str =
    "arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc/def";
/// A cluster ARN for GetCluster calls.
pub const CLUSTER_ARN: &str = "arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1";
