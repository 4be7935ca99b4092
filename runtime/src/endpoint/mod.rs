//! Layer 5, endpoints: the Smithy rules language (`smithy.rules#endpointRuleSet`) that turns a
//! call's parameters (region, FIPS, dual-stack, bucket, ...) into the endpoint to send it to.
//!
//! - [`value`]: [`Value`], what expressions evaluate to;
//! - [`functions`]: the library functions that need no data (`substring`, `uriEncode`,
//!   `parseURL`, `isValidHostLabel`, `split`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`);
//! - [`partition`]: the partition table behind `aws.partition`, built in or loaded from a file;
//! - [`ruleset`]: [`RuleSet`], a rule set read once from its JSON into a compact tree;
//! - [`eval`]: [`RuleSet::resolve`], giving an [`Endpoint`] or an [`EndpointError`].
//!
//! Rule sets are interpreted, not compiled to Rust: a generated crate embeds its rule set as
//! JSON text and reads it once (see the README for the measurements behind this choice).
//!
//! Uses the wire layer (the JSON reader) and primitives (documents); knows nothing of HTTP,
//! signing, configuration or generated code. Inside the layer imports go one way: `eval` →
//! `ruleset`, `partition`, `functions` → `value`.

pub mod eval;
pub mod functions;
pub mod partition;
pub mod ruleset;
pub mod value;

pub use eval::{AuthScheme, Endpoint, EndpointError, EndpointParams};
pub use partition::{Partition, Partitions, PartitionsError};
pub use ruleset::{Param, ParamType, RuleSet, RuleSetError};
pub use value::Value;
