//! The syntax tree of one IDL file, as the parser leaves it: shape IDs as written, node values
//! unresolved, inline input/output structures already split out under their generated names.
//!
//! Owns: the data types only. Must not: hold behaviour beyond the keyword tables.

use super::diag::Span;
use super::node::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub version: Version,
    pub namespace: Option<(String, Span)>,
    pub uses: Vec<(String, Span)>,
    pub metadata: Vec<(String, Node, Span)>,
    pub shapes: Vec<ShapeDef>,
    pub applies: Vec<ApplyDef>,
}

#[derive(Debug, Clone)]
pub enum TraitValue {
    /// `@name` or `@name()`.
    Annotation,
    Node(Node),
    /// `@name(key: value, …)`.
    Structured(Vec<(String, Node)>),
}

#[derive(Debug, Clone)]
pub struct TraitApp {
    pub id: String,
    pub span: Span,
    pub value: TraitValue,
}

#[derive(Debug, Clone)]
pub struct MemberDef {
    pub name: String,
    pub span: Span,
    /// `None` for an elided (`$name`) member and for enum members.
    pub target: Option<(String, Span)>,
    /// `= value`: the default, or the enum value.
    pub value: Option<Node>,
    pub docs: Option<String>,
    pub traits: Vec<TraitApp>,
}

#[derive(Debug, Clone)]
pub struct ShapeDef {
    pub name: String,
    pub span: Span,
    /// The keyword as written: `structure`, `set`, `intEnum`, …
    pub kind: String,
    pub docs: Option<String>,
    pub traits: Vec<TraitApp>,
    pub mixins: Vec<(String, Span)>,
    pub for_resource: Option<(String, Span)>,
    pub members: Vec<MemberDef>,
    /// Properties of services, resources and operations (inline structures already replaced
    /// by their names).
    pub props: Vec<(String, Node, Span)>,
}

#[derive(Debug, Clone)]
pub struct ApplyDef {
    pub target: String,
    pub span: Span,
    pub traits: Vec<TraitApp>,
}

pub const SIMPLE_KINDS: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];

pub const AGGREGATE_KINDS: &[&str] = &["list", "set", "map", "structure", "union"];
