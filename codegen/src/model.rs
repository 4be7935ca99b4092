//! The semantic model every frontend loads into: shapes keyed by absolute shape ID, with their
//! members and traits. Frontends (Smithy JSON AST, later others) produce it; the transform stage
//! rewrites it; the IR stage reads it. Nothing here knows about Rust.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// An absolute shape ID such as `com.example#Widget` (never a member ID).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Parses `namespace#Name`; returns `None` when the text is not a valid absolute shape ID.
    pub fn parse(text: &str) -> Option<ShapeId> {
        let (namespace, name) = text.split_once('#')?;
        let valid_ident = |s: &str| {
            let mut chars = s.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if namespace.split('.').all(valid_ident) && valid_ident(name) {
            Some(ShapeId(text.to_string()))
        } else {
            None
        }
    }

    /// Builds an ID from parts that are known to be valid.
    pub fn new(namespace: &str, name: &str) -> ShapeId {
        ShapeId(format!("{namespace}#{name}"))
    }

    /// The part before `#`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    /// The part after `#`.
    pub fn name(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(_, name)| name)
    }

    /// The whole ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of shape in Smithy 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
}

impl ShapeType {
    /// The type name used in the JSON AST.
    pub fn from_ast_name(name: &str) -> Option<ShapeType> {
        Some(match name {
            "blob" => ShapeType::Blob,
            "boolean" => ShapeType::Boolean,
            "string" => ShapeType::String,
            "byte" => ShapeType::Byte,
            "short" => ShapeType::Short,
            "integer" => ShapeType::Integer,
            "long" => ShapeType::Long,
            "float" => ShapeType::Float,
            "double" => ShapeType::Double,
            "bigInteger" => ShapeType::BigInteger,
            "bigDecimal" => ShapeType::BigDecimal,
            "timestamp" => ShapeType::Timestamp,
            "document" => ShapeType::Document,
            "enum" => ShapeType::Enum,
            "intEnum" => ShapeType::IntEnum,
            "list" => ShapeType::List,
            "set" => ShapeType::Set,
            "map" => ShapeType::Map,
            "structure" => ShapeType::Structure,
            "union" => ShapeType::Union,
            "service" => ShapeType::Service,
            "operation" => ShapeType::Operation,
            "resource" => ShapeType::Resource,
            _ => return None,
        })
    }

    /// Whether shapes of this type have members.
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            ShapeType::List
                | ShapeType::Set
                | ShapeType::Map
                | ShapeType::Structure
                | ShapeType::Union
                | ShapeType::Enum
                | ShapeType::IntEnum
        )
    }
}

/// Trait values keyed by absolute trait shape ID (`smithy.api#required`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits(pub BTreeMap<String, Value>);

/// Prefix of the synthetic shape trait under which a loader parks an `apply` aimed at a member
/// that only exists once mixins are flattened (the transform stage applies it then).
pub const PENDING_MEMBER_APPLY: &str = "smelt.internal#applyMember$";

/// Prelude trait IDs the generator reads, in one place.
#[allow(missing_docs)]
pub mod trait_ids {
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const ENUM: &str = "smithy.api#enum";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
    pub const S3_UNWRAPPED_XML_OUTPUT: &str = "aws.customizations#s3UnwrappedXmlOutput";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const TITLE: &str = "smithy.api#title";
    pub const REST_JSON1: &str = "aws.protocols#restJson1";
    pub const AWS_JSON1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON1_1: &str = "aws.protocols#awsJson1_1";
    pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
    pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
    pub const REST_XML: &str = "aws.protocols#restXml";
    pub const RPC_V2_CBOR: &str = "smithy.protocols#rpcv2Cbor";
    pub const RPC_V2_JSON: &str = "smithy.protocols#rpcv2Json";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    /// On a service loaded from a botocore model: its `metadata.targetPrefix`, the `X-Amz-Target`
    /// prefix as the service states it (a string), which may be dotted and so differ from the
    /// service shape's name.
    pub const TARGET_PREFIX: &str = "smelt.botocore#targetPrefix";
    /// On a member loaded from a botocore model: a second element name (a string) under which
    /// the entries of its flattened list are read (the member's own name, when the frontend
    /// named the entries after the list member as botocore does).
    pub const FLATTENED_ALIAS: &str = "smelt.botocore#flattenedAlias";
    /// On a member loaded from a botocore model of a JSON or CBOR protocol: its `locationName`
    /// (a string), the key botocore's JSON and CBOR serializers use whatever the protocol. The
    /// frontend also writes it as `@jsonName`, which only restJson1 honours.
    pub const JSON_KEY: &str = "smelt.botocore#jsonKey";
}

impl Traits {
    /// Whether the trait is present.
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// The trait's value.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// The trait's value when it is a string.
    pub fn str(&self, id: &str) -> Option<&str> {
        self.0.get(id).and_then(Value::as_str)
    }

    /// Adds or replaces a trait.
    pub fn insert(&mut self, id: impl Into<String>, value: Value) {
        self.0.insert(id.into(), value);
    }
}

/// A member of an aggregate shape (for lists `member`, for maps `key` and `value`).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name.
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// Traits applied to the member.
    pub traits: Traits,
}

/// Properties specific to service shapes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceProps {
    /// The service's `version`.
    pub version: String,
    /// Operations bound directly to the service.
    pub operations: Vec<ShapeId>,
    /// Resources bound to the service.
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return.
    pub errors: Vec<ShapeId>,
    /// Shape renames that disambiguate names in the service closure.
    pub rename: BTreeMap<ShapeId, String>,
}

/// Properties specific to operation shapes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationProps {
    /// Input structure, if any (absent means `smithy.api#Unit`).
    pub input: Option<ShapeId>,
    /// Output structure, if any.
    pub output: Option<ShapeId>,
    /// Errors the operation can return.
    pub errors: Vec<ShapeId>,
}

/// Properties specific to resource shapes: every operation and child resource it binds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceProps {
    /// Lifecycle and other operations bound to the resource, in a stable order (all of the
    /// properties below; what reachability and the generator read).
    pub operations: Vec<ShapeId>,
    /// Child resources.
    pub resources: Vec<ShapeId>,
    /// The AST's `identifiers`: name and target, in model order.
    pub identifiers: Vec<(String, ShapeId)>,
    /// The AST's `properties`: name and target, in model order.
    pub properties: Vec<(String, ShapeId)>,
    /// Lifecycle operations by AST property name (`create`, `put`, `read`, `update`, `delete`,
    /// `list`), only those the model sets.
    pub lifecycle: BTreeMap<String, ShapeId>,
    /// The AST's `operations` (instance operations besides the lifecycle).
    pub instance_operations: Vec<ShapeId>,
    /// The AST's `collectionOperations`.
    pub collection_operations: Vec<ShapeId>,
}

/// One shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's absolute ID.
    pub id: ShapeId,
    /// The shape's type.
    pub ty: ShapeType,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Members, in model order.
    pub members: Vec<Member>,
    /// Mixins applied to the shape, before the transform flattens them.
    pub mixins: Vec<ShapeId>,
    /// Service properties (service shapes only).
    pub service: Option<ServiceProps>,
    /// Operation properties (operation shapes only).
    pub operation: Option<OperationProps>,
    /// Resource properties (resource shapes only).
    pub resource: Option<ResourceProps>,
}

impl Shape {
    /// A shape of the given type with nothing else set.
    pub fn new(id: ShapeId, ty: ShapeType) -> Shape {
        Shape {
            id,
            ty,
            traits: Traits::default(),
            members: Vec::new(),
            mixins: Vec::new(),
            service: None,
            operation: None,
            resource: None,
        }
    }

    /// The member with the given name.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// A whole model: what a frontend loads from one file.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The file the model came from (for error messages).
    pub source: PathBuf,
    /// Every shape, prelude included, keyed by ID.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The model's metadata section.
    pub metadata: serde_json::Map<String, Value>,
}

impl Model {
    /// The shape with the given ID.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The service shapes of the model.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| s.ty == ShapeType::Service)
    }
}
