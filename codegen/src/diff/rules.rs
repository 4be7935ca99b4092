//! Trait changes: which additions, removals and updates of a trait matter, how much on the wire
//! (the `breakingChanges` rules Smithy's prelude gives its traits, which smithy-diff reports as
//! `TraitBreakingChange.<Add|Remove|Update>.<trait>`), and what each does to the generated Rust
//! API. Traits without rules get smithy-diff's defaults (`ModifiedTrait`: an addition or update
//! is a NOTE, a removal a WARNING).
//!
//! Must not: look at anything but the two trait values.

use super::{Bump, Severity};
use crate::model::trait_ids as t;
use serde_json::Value;

/// The kind of change a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Add,
    Remove,
    Update,
    /// Add or remove.
    Presence,
    /// Add, remove or update.
    Any,
}

/// One `breakingChanges` rule: a change of the whole value, or of one top-level key of it.
pub struct Rule {
    pub path: Option<&'static str>,
    pub change: Change,
    pub severity: Severity,
}

const fn rule(path: Option<&'static str>, change: Change, severity: Severity) -> Rule {
    Rule {
        path,
        change,
        severity,
    }
}

const ANY_ERROR: &[Rule] = &[rule(None, Change::Any, Severity::Error)];
const PRESENCE_ERROR: &[Rule] = &[rule(None, Change::Presence, Severity::Error)];
const REMOVE_ERROR: &[Rule] = &[rule(None, Change::Remove, Severity::Error)];

const HTTP: &[Rule] = &[
    rule(None, Change::Remove, Severity::Error),
    rule(Some("method"), Change::Update, Severity::Error),
    rule(Some("uri"), Change::Update, Severity::Error),
    rule(Some("code"), Change::Update, Severity::Error),
    rule(Some("code"), Change::Presence, Severity::Danger),
];

const PAGINATED: &[Rule] = &[
    rule(None, Change::Remove, Severity::Error),
    rule(Some("inputToken"), Change::Update, Severity::Error),
    rule(Some("outputToken"), Change::Update, Severity::Error),
    rule(Some("items"), Change::Remove, Severity::Error),
    rule(Some("items"), Change::Add, Severity::Note),
    rule(Some("items"), Change::Update, Severity::Note),
    rule(Some("pageSize"), Change::Update, Severity::Error),
    rule(Some("pageSize"), Change::Remove, Severity::Error),
];

/// The prelude's rules for the traits that change the wire or the Rust API.
fn rules_of(trait_id: &str) -> Option<&'static [Rule]> {
    Some(match trait_id {
        t::JSON_NAME
        | t::XML_NAME
        | t::XML_ATTRIBUTE
        | t::XML_FLATTENED
        | t::XML_NAMESPACE
        | t::HTTP_HEADER
        | t::HTTP_QUERY
        | t::HTTP_PREFIX_HEADERS
        | t::HTTP_QUERY_PARAMS
        | t::HTTP_RESPONSE_CODE
        | t::HTTP_ERROR
        | t::TIMESTAMP_FORMAT
        | t::STREAMING
        | t::EVENT_HEADER
        | t::EVENT_PAYLOAD
        | t::ERROR
        | t::HTTP_CHECKSUM_REQUIRED
        | "smithy.api#hostLabel"
        | "smithy.api#endpoint" => ANY_ERROR,
        t::HTTP_LABEL | t::HTTP_PAYLOAD | t::REQUIRES_LENGTH | t::SPARSE | t::INPUT | t::OUTPUT => {
            PRESENCE_ERROR
        }
        t::IDEMPOTENCY_TOKEN
        | t::MEDIA_TYPE
        | t::RETRYABLE
        | "smithy.api#readonly"
        | "smithy.api#idempotent" => REMOVE_ERROR,
        t::HTTP => HTTP,
        t::PAGINATED => PAGINATED,
        _ => return None,
    })
}

/// Traits another rule reports (`@required`, `@default`, enums, `@clientOptional`), traits of
/// this project's frontends, and protocol traits (`ChangedProtocol`).
pub fn is_handled_elsewhere(trait_id: &str) -> bool {
    matches!(
        trait_id,
        t::REQUIRED
            | t::DEFAULT
            | t::CLIENT_OPTIONAL
            | t::ENUM
            | t::ENUM_VALUE
            | t::MIXIN
            | "smithy.api#addedDefault"
            | "smithy.api#box"
    ) || trait_id.starts_with("smelt.")
        || is_protocol(trait_id)
}

/// The protocol traits the generator knows.
pub fn is_protocol(trait_id: &str) -> bool {
    matches!(
        trait_id,
        t::REST_JSON1
            | t::AWS_JSON1_0
            | t::AWS_JSON1_1
            | t::AWS_QUERY
            | t::EC2_QUERY
            | t::REST_XML
            | t::RPC_V2_CBOR
            | t::RPC_V2_JSON
    )
}

/// A change found: the event ID's middle part, the severity, the path it is at.
pub struct Found {
    pub kind: &'static str,
    pub severity: Severity,
    pub path: Option<&'static str>,
    /// Whether one of the trait's rules matched (smithy-diff's `TraitBreakingChange`), rather
    /// than the defaults (`ModifiedTrait`).
    pub from_rule: bool,
}

fn kind_of(old: Option<&Value>, new: Option<&Value>) -> Option<&'static str> {
    match (old, new) {
        (None, Some(_)) => Some("Add"),
        (Some(_), None) => Some("Remove"),
        (Some(a), Some(b)) if a != b => Some("Update"),
        _ => None,
    }
}

fn matches(change: Change, kind: &str) -> bool {
    match change {
        Change::Add => kind == "Add",
        Change::Remove => kind == "Remove",
        Change::Update => kind == "Update",
        Change::Presence => kind != "Update",
        Change::Any => true,
    }
}

/// The events a change of trait `trait_id` from `old` to `new` (either absent) raises. When the
/// trait has rules and none matched, the change is still reported, as a NOTE.
pub fn trait_changes(trait_id: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<Found> {
    let Some(whole) = kind_of(old, new) else {
        return Vec::new();
    };
    let Some(rules) = rules_of(trait_id) else {
        let severity = if whole == "Remove" {
            Severity::Warning
        } else {
            Severity::Note
        };
        return vec![Found {
            kind: whole,
            severity,
            path: None,
            from_rule: false,
        }];
    };
    let mut found = Vec::new();
    for r in rules {
        let kind = match r.path {
            None => Some(whole),
            // A rule on part of the value applies when the trait is there before and after.
            Some(_) if whole != "Update" => None,
            Some(key) => kind_of(
                old.and_then(|v| v.get(key)).filter(|v| !v.is_null()),
                new.and_then(|v| v.get(key)).filter(|v| !v.is_null()),
            ),
        };
        if let Some(kind) = kind.filter(|k| matches(r.change, k)) {
            found.push(Found {
                kind,
                severity: r.severity,
                path: r.path,
                from_rule: true,
            });
        }
    }
    if found.is_empty() {
        found.push(Found {
            kind: whole,
            severity: Severity::Note,
            path: None,
            from_rule: false,
        });
    }
    found
}

/// What a change of a trait does to the generated Rust API.
pub fn trait_bump(trait_id: &str, kind: &str, path: Option<&str>) -> Bump {
    match (trait_id, kind, path) {
        // A `Blob` becomes a `ByteStream` (or a union an event stream), and back.
        (t::STREAMING, ..) => Bump::Major,
        // `Vec<T>` becomes `Vec<Option<T>>` (maps alike).
        (t::SPARSE, ..) => Bump::Major,
        // The error traits decide whether a structure is an error type (its `Error` impl).
        (t::ERROR, "Add" | "Remove", _) => Bump::Major,
        // The paginator and its items stream come and go with the trait and `items`.
        (t::PAGINATED, "Remove", None) => Bump::Major,
        (t::PAGINATED, "Add", None) => Bump::Minor,
        (t::PAGINATED, "Remove" | "Update", Some("items")) => Bump::Major,
        (t::PAGINATED, "Add", Some("items")) => Bump::Minor,
        // The builder fills the token in, or stops doing so: same API, other behaviour.
        (t::IDEMPOTENCY_TOKEN, ..) => Bump::Minor,
        // `#[deprecated]` appears or goes: users' builds may warn.
        (t::DEPRECATED, ..) => Bump::Minor,
        // Wire names, bindings and formats: the serializers change, the types do not.
        _ => Bump::Patch,
    }
}
