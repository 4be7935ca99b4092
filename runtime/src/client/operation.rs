//! What a generated crate tells the orchestrator about its service and each operation:
//! [`ServiceInfo`], [`OperationInfo`] and the service's [`Protocol`]. Static data only; uses
//! nothing else of this crate.

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `smithy.protocols#rpcv2Cbor`.
    RpcV2Cbor,
    /// `smithy.protocols#rpcv2Json`.
    RpcV2Json,
}

/// Static description of a service, emitted once per generated crate.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// SigV4 signing name (e.g. `docdb-elastic`).
    pub signing_name: &'static str,
    /// Endpoint prefix for `https://{endpoint_prefix}.{region}.amazonaws.com`.
    pub endpoint_prefix: &'static str,
    /// Wire protocol.
    pub protocol: Protocol,
    /// Service API version (e.g. `2022-11-28`), sent in the User-Agent.
    pub api_version: &'static str,
    /// SDK id (e.g. `DocDB Elastic`), sent in the User-Agent.
    pub sdk_id: &'static str,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the `x-amzn-query-error`
    /// header when it is present.
    pub query_compatible: bool,
    /// The model's `smithy.rules#endpointRuleSet` as JSON text, read once per client by
    /// [`RuleSet::from_json`](crate::endpoint::RuleSet::from_json); `None` for a model without
    /// one (requests then go to `https://{endpoint_prefix}.{region}.amazonaws.com`).
    pub endpoint_rules: Option<&'static str>,
}

/// How an operation's requests are authenticated (the model's `@auth` and `@optionalAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OperationAuth {
    /// Signed with SigV4 (the default).
    #[default]
    Signed,
    /// `@optionalAuth`: signed when the configuration's credentials provider has credentials,
    /// sent unsigned when it has none.
    Optional,
    /// `@auth([])`: never signed, whatever the configuration holds.
    None,
}

/// Static description of an operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// Operation name (e.g. `CopyClusterSnapshot`).
    pub name: &'static str,
    /// Error codes modeled `@retryable`, with their `throttling` flag.
    pub retryable_errors: &'static [(&'static str, bool)],
}
