//! What changed between two versions of a model, for someone about to regenerate: a list of
//! [`Event`]s, each classified twice.
//!
//! - [`Severity`]: what the change means on the wire and for existing clients, with the event IDs
//!   and severities of Smithy's `smithy-diff` where it has a rule (`RemovedShape`,
//!   `ChangedNullability.AddedRequiredTrait`, `TraitBreakingChange.Update.smithy.api#jsonName`, …);
//!   `ERROR` is a break, `DANGER` may break the wire silently.
//! - [`Bump`]: what the change does to the *Rust API* of the crate smelt generates, and so the
//!   semver bump its next version needs. The two differ: renaming a JSON key is an `ERROR` on
//!   the wire but leaves every Rust signature alone (a patch), while a new required member of an
//!   operation input is an `ERROR` that only makes the input builder's `build()` refuse a call
//!   the service would have refused anyway (a minor bump). Each rule's reasoning is on
//!   [`Bump`] and in `compare.rs`, next to the code that decides it.
//!
//! Both models go through the loaders (files or directories; IDL, JSON AST or botocore) and have
//! their mixins flattened, so a member a mixin adds counts like one written out; the prelude
//! (`smithy.api#`) and mixin shapes themselves are not compared.
//!
//! Must not: generate anything, or depend on the IR: the rules read the model the way the IR
//! does, and say so where they copy one of its decisions.

mod compare;
mod rules;

use crate::error::Result;
use crate::model::Model;
use serde_json::{json, Value};
use std::fmt;
use std::path::PathBuf;

/// How serious a change is for existing clients of the service (smithy-diff's scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing breaks.
    Note,
    /// Might break someone; look at it.
    Warning,
    /// May break the wire silently (a changed default, a changed `@http` code).
    Danger,
    /// A breaking change.
    Error,
}

impl Severity {
    /// `NOTE`, `WARNING`, `DANGER` or `ERROR`, as smithy-diff writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "NOTE",
            Severity::Warning => "WARNING",
            Severity::Danger => "DANGER",
            Severity::Error => "ERROR",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semver bump the generated crate needs for a change, judged on its Rust API.
///
/// What the generated code guarantees decides most cases: structures, enums, unions and
/// operation error enums are `#[non_exhaustive]`, enums and unions have an `Unknown` variant,
/// operation inputs are built through builders whose fields are all `Option`s, and outputs
/// have no builders. So:
///
/// - **Major**: something a user can name goes away or changes type: a removed operation,
///   type, member, enum value or error variant; a changed member target of another Rust type;
///   a member of a non-input structure turning from `Option<T>` into `T` or back (`@required`,
///   `@default`); `@streaming` (a `Blob` becomes a `ByteStream`), `@sparse` (`Vec<T>` becomes
///   `Vec<Option<T>>`); a removed `@paginated` (the paginator goes).
/// - **Minor**: something is added that existing code cannot have matched exhaustively or
///   constructed literally: an operation, a type, a member of a `#[non_exhaustive]` structure,
///   an enum value or union variant (`#[non_exhaustive]`, and the value was `Unknown` before),
///   an error variant; a changed behaviour behind the same signature (a new `@required` on an
///   operation input member makes `build()` fail where the service would have failed the call;
///   a changed `@default` value; a new protocol).
/// - **Patch**: the Rust API is the same and only the wire code or the documentation changes
///   (`@jsonName`, `@xmlName`, `@httpHeader`, `@httpQuery`, `@httpLabel`, `@timestampFormat`,
///   `@http` method and URI, documentation).
/// - **None**: the generated crate does not change because of this event alone (an added
///   scalar shape that nothing uses yet).
///
/// Before 1.0, Cargo treats `0.x` as the major version: [`Bump::next_version`] turns a major
/// bump of `0.x.y` into `0.(x+1).0` and a minor or patch bump into `0.x.(y+1)`, and for `0.0.z`
/// every change is breaking (`0.0.(z+1)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// The crate does not change.
    None,
    /// Same API, different wire code or docs.
    Patch,
    /// Additions, or changed behaviour behind the same API.
    Minor,
    /// A breaking change of the Rust API.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The next version after `current` (`MAJOR.MINOR.PATCH`, no pre-release part) for this
    /// bump, with the pre-1.0 mapping described on [`Bump`].
    ///
    /// ```
    /// use smelt_codegen::diff::Bump;
    /// assert_eq!(Bump::Major.next_version("1.4.2").unwrap(), "2.0.0");
    /// assert_eq!(Bump::Minor.next_version("1.4.2").unwrap(), "1.5.0");
    /// assert_eq!(Bump::Major.next_version("0.3.1").unwrap(), "0.4.0");
    /// assert_eq!(Bump::Minor.next_version("0.3.1").unwrap(), "0.3.2");
    /// assert_eq!(Bump::Patch.next_version("0.0.7").unwrap(), "0.0.8");
    /// assert_eq!(Bump::None.next_version("0.3.1").unwrap(), "0.3.1");
    /// assert!(Bump::Major.next_version("1.0").is_err());
    /// ```
    pub fn next_version(self, current: &str) -> std::result::Result<String, String> {
        let parts: Vec<&str> = current.split('.').collect();
        let numbers: Option<Vec<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
        let (major, minor, patch) = match numbers.as_deref() {
            Some(&[a, b, c]) if parts.iter().all(|p| !p.starts_with('+')) => (a, b, c),
            _ => {
                return Err(format!(
                    "`{current}` is not a version of the form MAJOR.MINOR.PATCH"
                ))
            }
        };
        let next = match (self, major, minor) {
            (Bump::None, ..) => (major, minor, patch),
            (_, 0, 0) => (0, 0, patch + 1),
            (Bump::Major, 0, _) => (0, minor + 1, 0),
            (_, 0, _) => (0, minor, patch + 1),
            (Bump::Major, ..) => (major + 1, 0, 0),
            (Bump::Minor, ..) => (major, minor + 1, 0),
            (Bump::Patch, ..) => (major, minor, patch + 1),
        };
        Ok(format!("{}.{}.{}", next.0, next.1, next.2))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    /// The absolute shape ID the change is on (for a member, its container).
    pub shape: String,
    /// The member name, when the change is on a member.
    pub member: Option<String>,
    /// smithy-diff's event ID where it has one (`RemovedShape`,
    /// `AddedOperationError.NotFound`, `TraitBreakingChange.Update.smithy.api#jsonName`), else
    /// one of this project's in the same style (`ChangedProtocol`).
    pub id: String,
    /// What it means for existing clients of the service.
    pub severity: Severity,
    /// The bump the generated crate needs for it.
    pub bump: Bump,
    /// One line saying what changed.
    pub message: String,
}

impl Event {
    /// `namespace#Shape` or `namespace#Shape$member`.
    pub fn location(&self) -> String {
        match &self.member {
            Some(member) => format!("{}${member}", self.shape),
            None => self.shape.clone(),
        }
    }
}

/// Every change between two models, sorted by location, then event ID.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The events, in a stable order (location, ID, message).
    pub events: Vec<Event>,
}

impl Report {
    /// Nothing changed that the diff looks at.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Whether an event is an `ERROR`: a breaking change for existing clients.
    pub fn is_breaking(&self) -> bool {
        self.events.iter().any(|e| e.severity == Severity::Error)
    }

    /// The bump the generated crate needs: the largest of the events' bumps.
    pub fn bump(&self) -> Bump {
        self.events
            .iter()
            .map(|e| e.bump)
            .max()
            .unwrap_or(Bump::None)
    }

    /// The events of one severity, in the report's order.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.severity == severity)
    }

    /// The report as JSON for CI, stable and deterministic:
    /// `{"breaking", "bump", "counts": {"ERROR", "DANGER", "WARNING", "NOTE"}, "events": [{"id",
    /// "severity", "shape", "member", "message", "bump"}]}`, plus `"version"` and
    /// `"nextVersion"` when `version` (the crate's current version) is given.
    pub fn to_json(&self, version: Option<&str>) -> std::result::Result<Value, String> {
        let count = |s| self.with_severity(s).count();
        let events: Vec<Value> = self
            .events
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "severity": e.severity.as_str(),
                    "shape": e.shape,
                    "member": e.member,
                    "message": e.message,
                    "bump": e.bump.as_str(),
                })
            })
            .collect();
        let mut out = json!({
            "breaking": self.is_breaking(),
            "bump": self.bump().as_str(),
            "counts": {
                "ERROR": count(Severity::Error),
                "DANGER": count(Severity::Danger),
                "WARNING": count(Severity::Warning),
                "NOTE": count(Severity::Note),
            },
        });
        if let (Some(version), Value::Object(map)) = (version, &mut out) {
            map.insert("version".into(), json!(version));
            map.insert(
                "nextVersion".into(),
                json!(self.bump().next_version(version)?),
            );
        }
        if let Value::Object(map) = &mut out {
            map.insert("events".into(), Value::Array(events));
        }
        Ok(out)
    }
}

/// Compares two loaded models (mixins are flattened here; the inputs are taken as loaded).
pub fn diff(old: Model, new: Model) -> Result<Report> {
    let mut old = old;
    let mut new = new;
    crate::transform::flatten_and_check(&mut old)?;
    crate::transform::flatten_and_check(&mut new)?;
    let mut events = compare::compare(&old, &new);
    events.sort();
    events.dedup();
    Ok(Report { events })
}

/// Loads both models (each from files and directories, merged as [`crate::load::load_paths`]
/// does) and compares them.
pub fn diff_paths(old: &[PathBuf], new: &[PathBuf]) -> Result<Report> {
    let old = crate::load::load_paths(old)?;
    let new = crate::load::load_paths(new)?;
    diff(old, new)
}
