//! The IR: a plain description of the Rust crate to emit. Lowering (`lower`) decides names,
//! nullability, module placement and wire bindings from the model; emitters only read the IR.

mod lower;

pub use lower::lower;

use crate::model::ShapeId;

/// A whole generated crate.
#[derive(Debug, Clone)]
pub struct Crate {
    /// The Cargo package name (`docdb-elastic`).
    pub package: String,
    /// The service it talks to.
    pub service: Service,
    /// Shapes shared between operations, emitted in `crate::types`.
    pub types: Vec<TypeDef>,
    /// Every operation, ordered by name.
    pub operations: Vec<Operation>,
    /// The model's `smithy.rules#endpointTests`, when it has a rule set and tests.
    pub endpoint_tests: Option<EndpointTests>,
}

/// The endpoint test cases a crate carries, run by `smelt_runtime::client::endpoint_cases`.
#[derive(Debug, Clone)]
pub struct EndpointTests {
    /// `{"testCases": [...]}` as compact JSON (documentation kept, keys sorted); each operation
    /// input keeps `operationName`, `builtInParams` and `clientParams`, names its call by
    /// `input`, an index into `calls`, instead of carrying `operationParams`, and gives the
    /// operation's `@endpoint` host prefix as `hostPrefix` (filled in) when it has one.
    pub cases: String,
    /// The distinct operation calls of the cases.
    pub calls: Vec<EndpointTestCall>,
    /// Operation inputs left out, with the reason (an operation this crate does not generate).
    pub left_out: Vec<String>,
}

/// One operation call of the endpoint tests: the client method and the input members to set.
#[derive(Debug, Clone)]
pub struct EndpointTestCall {
    /// The client method of the operation.
    pub client_method: String,
    /// `(input member, value)`: the `operationParams`, by member, with their test value.
    pub params: Vec<(Member, serde_json::Value)>,
}

/// Service-wide facts.
#[derive(Debug, Clone)]
pub struct Service {
    /// The service shape.
    pub id: ShapeId,
    /// Title or SDK ID, for docs.
    pub title: String,
    /// Markdown documentation.
    pub docs: String,
    /// The API version (`2022-11-28`).
    pub version: String,
    /// The SDK ID (`DocDB Elastic`).
    pub sdk_id: String,
    /// The SigV4 signing name.
    pub signing_name: String,
    /// The endpoint prefix for the default endpoint.
    pub endpoint_prefix: String,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Whether the service is `awsQueryCompatible`.
    pub query_compatible: bool,
    /// `@xmlNamespace` of the service: declared on the root element of XML request bodies.
    pub xml_namespace: Option<XmlNamespace>,
    /// `smithy.rules#endpointRuleSet` as compact JSON text, embedded in the crate and
    /// interpreted by the runtime.
    pub endpoint_rules: Option<String>,
    /// Whether an endpoint of the rule set can ask for SigV4a (an `authSchemes` entry named
    /// `sigv4a`): the crate then turns on the runtime's `sigv4a` feature.
    pub endpoint_sigv4a: bool,
    /// Whether an endpoint of the rule set can ask for S3 Express session auth (an
    /// `authSchemes` entry named `sigv4-s3express`): the client then installs its
    /// `CreateSession` operation as the runtime's session seam.
    pub endpoint_s3_express: bool,
    /// The HTTP versions the protocol trait lists for requests (`http`, in order of
    /// preference; `["http/1.1"]` when unset), and for event-stream operations
    /// (`eventStreamHttp`; `http` when unset). A crate whose calls can only go over HTTP/2
    /// turns on the runtime's `http2` feature.
    pub http: Vec<String>,
    pub event_stream_http: Vec<String>,
}

/// An `@xmlNamespace`: written as `xmlns="uri"` or `xmlns:prefix="uri"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The attribute name: `xmlns` or `xmlns:prefix`.
    pub attribute: String,
    /// The namespace URI.
    pub uri: String,
}

/// The wire protocols the generator knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0` with its target prefix.
    AwsJson1_0 {
        /// `X-Amz-Target` prefix: the service shape's name, or a botocore model's
        /// `targetPrefix` as written.
        target_prefix: String,
    },
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1 {
        /// `X-Amz-Target` prefix.
        target_prefix: String,
    },
    /// `aws.protocols#awsQuery`: form-encoded requests, XML responses.
    AwsQuery {
        /// The API version, sent as `Version`.
        version: String,
    },
    /// `aws.protocols#ec2Query`: like awsQuery, with EC2's list and name rules.
    Ec2Query {
        /// The API version, sent as `Version`.
        version: String,
    },
    /// `aws.protocols#restXml`: HTTP bindings with XML bodies.
    RestXml {
        /// `noErrorWrapping`: error responses are `<Error>` documents, not `<ErrorResponse>`.
        no_error_wrapping: bool,
    },
    /// `smithy.protocols#rpcv2Cbor`: `POST /service/{service}/operation/{Operation}` with CBOR
    /// bodies (written and read by the JSON codec in its CBOR mode).
    RpcV2Cbor {
        /// The service name in request paths: the service shape's name, or a botocore model's
        /// `targetPrefix` (botocore's serializer uses it there).
        service: String,
    },
    /// `smithy.protocols#rpcv2Json`: the same requests with JSON bodies.
    RpcV2Json {
        /// See [`Protocol::RpcV2Cbor`].
        service: String,
    },
    /// A protocol whose operations are not generated yet (types still are).
    Unsupported(String),
}

impl Protocol {
    /// Whether request and response bodies go through the JSON codec: JSON documents, and the
    /// CBOR of rpcv2Cbor (the same codec in its CBOR mode).
    pub fn is_json(&self) -> bool {
        matches!(
            self,
            Protocol::RestJson1
                | Protocol::AwsJson1_0 { .. }
                | Protocol::AwsJson1_1 { .. }
                | Protocol::RpcV2Cbor { .. }
                | Protocol::RpcV2Json { .. }
        )
    }

    /// Whether bodies are CBOR (rpcv2Cbor).
    pub fn is_cbor(&self) -> bool {
        matches!(self, Protocol::RpcV2Cbor { .. })
    }

    /// Whether this is an RPC v2 protocol (rpcv2Cbor, rpcv2Json).
    pub fn is_rpc_v2(&self) -> bool {
        matches!(
            self,
            Protocol::RpcV2Cbor { .. } | Protocol::RpcV2Json { .. }
        )
    }

    /// Whether this is awsQuery or ec2Query (query requests, XML responses).
    pub fn is_query(&self) -> bool {
        matches!(self, Protocol::AwsQuery { .. } | Protocol::Ec2Query { .. })
    }

    /// Whether bodies are XML documents (restXml, and the responses of the query protocols).
    pub fn is_xml(&self) -> bool {
        self.is_query() || matches!(self, Protocol::RestXml { .. })
    }

    /// Whether HTTP binding traits apply (restJson1, restXml).
    pub fn is_rest(&self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml { .. })
    }

    /// The name used in reports and docs.
    pub fn name(&self) -> &str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 { .. } => "awsJson1_0",
            Protocol::AwsJson1_1 { .. } => "awsJson1_1",
            Protocol::AwsQuery { .. } => "awsQuery",
            Protocol::Ec2Query { .. } => "ec2Query",
            Protocol::RestXml { .. } => "restXml",
            Protocol::RpcV2Cbor { .. } => "rpcv2Cbor",
            Protocol::RpcV2Json { .. } => "rpcv2Json",
            Protocol::Unsupported(name) => name,
        }
    }
}

/// A named Rust type generated from a shape.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The shape it comes from.
    pub shape: ShapeId,
    /// The Rust type name.
    pub name: String,
    /// Markdown documentation.
    pub docs: String,
    /// `@deprecated`, as a note.
    pub deprecated: Option<String>,
    /// `@sensitive` on the shape: `Debug` shows nothing of it.
    pub sensitive: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Whether JSON serialization is needed (the type is reachable from a request body).
    pub serialize: bool,
    /// Whether JSON deserialization is needed (reachable from a response body).
    pub deserialize: bool,
    /// Whether a `ToDocument` view is needed (reachable from what a waiter path reads).
    pub to_document: bool,
    /// A `@streaming` union: its members are the events (and modeled exceptions) of a stream.
    pub event_stream: bool,
    /// The element name in XML documents: `@xmlName`, else the shape name.
    pub xml_name: String,
    /// `@xmlNamespace` on the shape.
    pub xml_namespace: Option<XmlNamespace>,
}

/// The kinds of generated types.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A structure (also operation inputs, outputs and errors).
    Struct(Struct),
    /// A string enum.
    Enum(Vec<EnumVariant>),
    /// An integer enum.
    IntEnum(Vec<IntEnumVariant>),
    /// A tagged union.
    Union(Vec<UnionVariant>),
}

impl Struct {
    /// Whether every member is a plain body member (no headers, status code or payload).
    pub fn body_only(&self) -> bool {
        self.members.iter().all(|m| m.binding == Binding::Body)
    }

    /// Whether a member is a byte stream or an event stream (the structure is then neither
    /// `Clone` nor `PartialEq`, and its operation streams that direction).
    pub fn streaming(&self) -> bool {
        self.members.iter().any(|m| m.ty.is_stream())
    }
}

/// A structure's members and role.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Members in model order.
    pub members: Vec<Member>,
    /// Set for `@error` structures.
    pub error: Option<ErrorInfo>,
    /// `@input` structures keep every member optional; `build()` checks required ones.
    pub is_input: bool,
}

/// Facts about an error structure.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The error code on the wire (the shape name).
    pub code: String,
    /// `true` for `@error("server")`.
    pub server_fault: bool,
    /// `@httpError`.
    pub http_status: Option<u16>,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
}

/// A structure member.
#[derive(Debug, Clone)]
pub struct Member {
    /// The Smithy member name.
    pub smithy_name: String,
    /// The Rust field name (escaped).
    pub field: String,
    /// The builder setter name (escaped, avoiding the builder's own methods).
    pub setter: String,
    /// The name on the wire in JSON bodies (`@jsonName` or the member name).
    pub json_name: String,
    /// The value type (without `Option`).
    pub ty: RustType,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the value is boxed (recursive member).
    pub boxed: bool,
    /// `@required`.
    pub required: bool,
    /// `@default`, when not null.
    pub default: Option<serde_json::Value>,
    /// Markdown documentation.
    pub docs: String,
    /// `@deprecated`, as a note.
    pub deprecated: Option<String>,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    /// Where the member goes on the wire.
    pub binding: Binding,
    /// `@timestampFormat` on the member or its target.
    pub timestamp_format: Option<TimestampFormat>,
    /// `@idempotencyToken`: filled with a fresh token when unset.
    pub idempotency_token: bool,
    /// `@mediaType` on a string target (header values are base64).
    pub media_type: bool,
    /// The target's `@mediaType` value: the `Content-Type` of a payload member's body.
    pub content_type: Option<String>,
    /// `@requiresLength` on a `@streaming` blob target: the stream's length must be known.
    pub requires_length: bool,
    /// Constraint traits, for `validate()`.
    pub constraints: Constraints,
    /// Names and layout in XML documents and query requests.
    pub xml: XmlNames,
}

/// How a member appears in XML documents and query requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlNames {
    /// The element (or attribute) name: `@xmlName`, else the member name.
    pub name: String,
    /// The key in query requests: the element name under awsQuery; under ec2Query
    /// `@ec2QueryName`, else the element name with its first letter upper-cased.
    pub query_name: String,
    /// `@xmlFlattened`: list items (map entries) repeat the member's element, unwrapped.
    pub flattened: bool,
    /// For a flattened list: a second element name its entries are read under (botocore
    /// models; see `trait_ids::FLATTENED_ALIAS`).
    pub flattened_alias: Option<String>,
    /// `@xmlAttribute`: an attribute of the structure's element.
    pub attribute: bool,
    /// For a list: the item element name (`member` unless the list's member has `@xmlName`).
    pub item: String,
    /// For a map: the key and value element names (`key`, `value` unless renamed).
    pub key: String,
    /// See `key`.
    pub value: String,
    /// `@xmlNamespace` on the member.
    pub namespace: Option<XmlNamespace>,
    /// `@xmlNamespace` on a list's member, or a map's key and value.
    pub item_namespace: Option<XmlNamespace>,
    /// See `item_namespace`.
    pub key_namespace: Option<XmlNamespace>,
    /// See `item_namespace`.
    pub value_namespace: Option<XmlNamespace>,
    /// For a list of collections (a map of collections): the names of the items (values).
    pub inner: Option<Box<XmlNames>>,
}

/// `@length`, `@range` and `@pattern`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Minimum and maximum length (characters for strings, items for collections).
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// Minimum and maximum value.
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// Regular expression a string must match.
    pub pattern: Option<Pattern>,
}

/// A `@pattern`: the model's ECMA-262 expression and what the runtime's engine checks instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The expression as the model writes it (shown in docs and error messages).
    pub source: String,
    /// The same language in the runtime engine's syntax (see [`crate::pattern`]), or why it
    /// cannot be checked (look-around, back-references).
    pub check: std::result::Result<String, String>,
}

/// One member's checks in an input's `validate()`: only the constraints that apply to its type.
#[derive(Debug, Clone)]
pub struct MemberChecks<'a> {
    /// The member.
    pub member: &'a Member,
    /// `@length` on a string, blob, list or map.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range` on a number the runtime compares as `f64` (not the big numbers).
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// `@pattern` on a string, in the runtime engine's syntax.
    pub pattern: Option<&'a str>,
}

/// What an input's `validate()` checks, and the patterns it cannot.
#[derive(Debug, Clone, Default)]
pub struct Validation<'a> {
    /// Members with at least one check, in model order.
    pub checks: Vec<MemberChecks<'a>>,
    /// `@pattern`s left unchecked, with the reason.
    pub unchecked: Vec<(&'a Member, &'a Pattern, &'a str)>,
}

impl Struct {
    /// The one decision about constraint checks: the type emitter writes `validate()` exactly
    /// when this has checks, and the operation emitter calls `input.validate()` exactly then.
    /// Constraints that do not apply to the member's type, and patterns the runtime engine
    /// cannot express, make no check.
    pub fn validation(&self) -> Validation<'_> {
        let mut out = Validation::default();
        if !self.is_input {
            return out;
        }
        for m in &self.members {
            let c = &m.constraints;
            let length = c.length.filter(|_| {
                matches!(
                    m.ty,
                    RustType::String
                        | RustType::List { .. }
                        | RustType::Map { .. }
                        | RustType::Blob
                )
            });
            let range = c.range.filter(|_| {
                matches!(
                    m.ty,
                    RustType::I8
                        | RustType::I16
                        | RustType::I32
                        | RustType::I64
                        | RustType::F32
                        | RustType::F64
                )
            });
            let mut pattern = None;
            if let (Some(p), RustType::String) = (&c.pattern, &m.ty) {
                match &p.check {
                    Ok(regex) => pattern = Some(regex.as_str()),
                    Err(reason) => out.unchecked.push((m, p, reason.as_str())),
                }
            }
            if length.is_some() || range.is_some() || pattern.is_some() {
                out.checks.push(MemberChecks {
                    member: m,
                    length,
                    range,
                    pattern,
                });
            }
        }
        out
    }
}

/// The HTTP binding traits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// A member of the JSON body.
    Body,
    /// `@httpLabel`.
    Label,
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`.
    PrefixHeaders(String),
    /// `@httpPayload`.
    Payload,
    /// `@httpResponseCode`.
    ResponseCode,
    /// `@eventHeader`: a header of an event-stream message (named like the member).
    EventHeader,
    /// `@eventPayload`: the payload of an event-stream message.
    EventPayload,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339.
    DateTime,
    /// IMF-fixdate.
    HttpDate,
    /// Seconds since the epoch.
    EpochSeconds,
}

/// A string enum variant.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: String,
    /// Markdown documentation.
    pub docs: String,
    /// `@deprecated`.
    pub deprecated: Option<String>,
}

/// An int enum variant.
#[derive(Debug, Clone)]
pub struct IntEnumVariant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: i32,
    /// Markdown documentation.
    pub docs: String,
}

/// A union variant; unit members carry no value.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Smithy member name.
    pub smithy_name: String,
    /// The Rust variant name.
    pub name: String,
    /// The name on the wire.
    pub json_name: String,
    /// The value type; `None` for `smithy.api#Unit` members.
    pub ty: Option<RustType>,
    /// Whether the value is boxed (recursive union).
    pub boxed: bool,
    /// Markdown documentation.
    pub docs: String,
    /// `@deprecated`.
    pub deprecated: Option<String>,
    /// `@timestampFormat` on the member or its target.
    pub timestamp_format: Option<TimestampFormat>,
    /// The target is an `@error` structure (an event stream's modeled exception).
    pub error: bool,
    /// The element name in XML and the key in query requests (`@xmlName` or the member name).
    pub xml_name: String,
}

/// A Rust value type.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// The runtime's `Blob`.
    Blob,
    /// The runtime's `ByteStream` (a `@streaming` blob).
    ByteStream,
    /// A generated event-stream union (a `@streaming` union): the runtime's `EventReceiver` of
    /// it in an output, its `EventStreamSender` in an input.
    EventStream {
        /// The union's type name.
        name: String,
        /// Whether the stream is an operation input's (sent) rather than an output's (received).
        input: bool,
    },
    /// The runtime's `DateTime`.
    Timestamp,
    /// The runtime's `Document`.
    Document,
    /// The runtime's `BigInteger`.
    BigInteger,
    /// The runtime's `BigDecimal`.
    BigDecimal,
    /// A generated type in `crate::types`.
    Named {
        /// Type name.
        name: String,
        /// What kind of type it is.
        kind: NamedKind,
    },
    /// `Vec<T>` (`Vec<Option<T>>` when sparse).
    List {
        /// Element type.
        item: Box<RustType>,
        /// `@sparse`.
        sparse: bool,
    },
    /// `HashMap<String, V>` (`Option<V>` values when sparse).
    Map {
        /// Value type.
        value: Box<RustType>,
        /// `@sparse`.
        sparse: bool,
    },
}

impl RustType {
    /// A value written as one piece of text by a single runtime conversion: strings, booleans,
    /// numbers, blobs (base64) and big numbers (timestamps need a format; enums are named).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            RustType::String
                | RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::F32
                | RustType::F64
                | RustType::Blob
                | RustType::BigInteger
                | RustType::BigDecimal
        )
    }

    /// A byte stream or an event stream: moved, never copied, and not in JSON documents.
    pub fn is_stream(&self) -> bool {
        matches!(self, RustType::ByteStream | RustType::EventStream { .. })
    }
}

/// The kind of a named generated type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// A structure.
    Struct,
    /// A string enum.
    Enum,
    /// An int enum.
    IntEnum,
    /// A union.
    Union,
}

/// A step of an `@operationContextParams` path, applied to each value selected so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// A structure member (skipped where unset).
    Field {
        /// The field name.
        field: String,
        /// The field is an `Option`.
        optional: bool,
    },
    /// Each item of a list (`[*]`); unset items of a sparse list are skipped.
    Items {
        /// The list is sparse.
        sparse: bool,
    },
    /// Each value of a map (`*`); unset values of a sparse map are skipped.
    Values {
        /// The map is sparse.
        sparse: bool,
    },
    /// The keys of a map (`keys(...)`).
    Keys,
    /// An enum's string value.
    EnumText,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The shape.
    pub shape: ShapeId,
    /// The Smithy operation name (`CopyClusterSnapshot`).
    pub name: String,
    /// The module name (`copy_cluster_snapshot`).
    pub module: String,
    /// The client's method for it (snake case; avoids the client's own methods).
    pub client_method: String,
    /// Markdown documentation.
    pub docs: String,
    /// `@deprecated`.
    pub deprecated: Option<String>,
    /// The input structure (named `{Op}Input`).
    pub input: TypeDef,
    /// The output structure (named `{Op}Output`).
    pub output: TypeDef,
    /// Modeled errors, in model order.
    pub errors: Vec<OperationError>,
    /// `@http`, for REST protocols.
    pub http: Option<HttpTrait>,
    /// `@paginated`, resolved to members.
    pub pagination: Option<Pagination>,
    /// `smithy.waiters#waitable`, in name order (none for streaming operations).
    pub waiters: Vec<Waiter>,
    /// `@endpoint(hostPrefix)`: literal text and input fields (`@hostLabel` members).
    pub host_prefix: Option<Vec<HostSegment>>,
    /// Why the operation is not generated, if it is not (types still are).
    pub unsupported: Option<String>,
    /// `@requestCompression` lists `gzip`: large request bodies are gzip-compressed.
    pub request_compression: bool,
    /// Whether requests are signed: `@auth([])` on the operation says never, `@optionalAuth`
    /// says only when credentials are there.
    pub auth: OperationAuth,
    /// `@httpChecksumRequired`: requests carry a `Content-MD5` header.
    pub checksum_required: bool,
    /// `aws.protocols#httpChecksum`: flexible request checksums and response validation.
    pub http_checksum: Option<HttpChecksum>,
    /// `@aws.customizations#s3UnwrappedXmlOutput`: the response document's root element is the
    /// output's one body member, not a wrapper around it.
    pub unwrapped_xml_output: bool,
    /// Endpoint rule-set parameters this operation sets (`@staticContextParams`, then
    /// `@contextParam` input members, then `@operationContextParams` paths), in that order.
    pub endpoint_params: Vec<EndpointParamBinding>,
    /// What an AWS service's SDKs add to its requests beyond the protocol (set only for the
    /// services `lower::customizations` names).
    pub customizations: Customizations,
}

/// Request behaviour of one operation that comes from its service, not its protocol: smithy.io's
/// AWS service customizations (Glacier, API Gateway, Machine Learning). Empty for other services.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Headers every request carries unless a member already set them: (name, value).
    pub headers: Vec<(String, String)>,
    /// URI labels filled in when the caller leaves them unset or empty: (field, value).
    pub label_defaults: Vec<(String, String)>,
    /// Glacier's payload checksums: `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash`
    /// computed from the body.
    pub tree_hash: bool,
    /// An input member (its field, an `Option<String>`) holding a URL that requests go to
    /// instead of the resolved endpoint, when set.
    pub endpoint_member: Option<String>,
}

impl Customizations {
    /// Whether the operation has none.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// An operation's `aws.protocols#httpChecksum`, its members resolved to input fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpChecksum {
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// `requestAlgorithmMember`.
    pub request_algorithm: Option<ChecksumMember>,
    /// `requestValidationModeMember`.
    pub validation_mode: Option<ChecksumMember>,
    /// `responseAlgorithms`, as the model spells them.
    pub response_algorithms: Vec<String>,
}

/// An input member `aws.protocols#httpChecksum` names (a string or string enum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumMember {
    /// The Rust field.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// The `@httpHeader` it is bound to, if any.
    pub header: Option<String>,
}

/// How an operation's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationAuth {
    /// Signed with the service's scheme (SigV4).
    Signed,
    /// `@optionalAuth`: signed when the configuration has credentials, else sent unsigned.
    Optional,
    /// `@auth([])`: never signed.
    None,
}

/// An endpoint rule-set parameter set by an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointParamBinding {
    /// The rule-set parameter name.
    pub name: String,
    /// Where its value comes from.
    pub value: EndpointParamValue,
}

/// The value of an [`EndpointParamBinding`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointParamValue {
    /// A `@staticContextParams` string.
    String(String),
    /// A `@staticContextParams` boolean.
    Bool(bool),
    /// A `@contextParam` string member of the input: its Rust field, and whether it is an
    /// `Option`.
    Member {
        /// The field name.
        field: String,
        /// The field is an `Option<String>`.
        optional: bool,
    },
    /// An `@operationContextParams` path over the input (`keys(RequestItems)`,
    /// `TransactItems[*].Get.TableName`): the steps from the input to the strings it selects.
    Path {
        /// The steps, applied to each value the previous step selected.
        steps: Vec<PathStep>,
        /// The parameter is a `StringArray` (every string selected), else a `String` (the first).
        array: bool,
    },
}

/// An error an operation can return.
#[derive(Debug, Clone)]
pub struct OperationError {
    /// The variant name in the operation error enum.
    pub variant: String,
    /// The error structure's name in `crate::types`.
    pub type_name: String,
    /// The error code on the wire.
    pub code: String,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
    /// Whether the error has members bound outside the body (headers, status code).
    pub has_bindings: bool,
    /// For `awsQueryCompatible` services, the error's awsQuery code (`aws.protocols#awsQueryError`),
    /// which `code()` reports.
    pub query_code: Option<String>,
}

/// The `@http` trait.
#[derive(Debug, Clone)]
pub struct HttpTrait {
    /// HTTP method.
    pub method: String,
    /// Path segments.
    pub path: Vec<PathSegment>,
    /// Literal query parameters from the URI pattern (`?list-type=2`).
    pub query: Vec<(String, Option<String>)>,
    /// Success status code.
    pub code: u16,
}

/// A piece of a URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text (already valid in a path).
    Literal(String),
    /// `{name}` or `{name+}`: the index of the input member.
    Label {
        /// Index into the input's members.
        member: usize,
        /// `{name+}`: `/` is kept.
        greedy: bool,
    },
}

/// A piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostSegment {
    /// Literal text.
    Literal(String),
    /// `{label}`: the Rust field of the input member with that name.
    Label(String),
}

/// `@paginated`, with paths resolved to Rust field names.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Input token field.
    pub input_token: String,
    /// Output token field path (usually one field).
    pub output_token: Vec<String>,
    /// The token's type (the same in input and output).
    pub token_type: RustType,
    /// Whether the output token field is an `Option`.
    pub output_token_optional: bool,
    /// Items field path, if modeled.
    pub items: Option<Vec<String>>,
    /// The item type, if `items` is set.
    pub item_type: Option<RustType>,
    /// Whether the items field is an `Option`.
    pub items_optional: bool,
    /// Whether the items list is `@sparse`: its nulls are skipped, `item_type` is the item.
    pub items_sparse: bool,
    /// Page size input field, if modeled.
    pub page_size: Option<String>,
}

/// A waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The waiter's name in the model (`TableExists`).
    pub name: String,
    /// The client method (`wait_until_table_exists`).
    pub method: String,
    /// The fluent builder alias (`WaitUntilTableExists`).
    pub builder: String,
    /// The static holding its description (`TABLE_EXISTS`).
    pub static_name: String,
    /// Markdown documentation.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `minDelay`, seconds (default 2).
    pub min_delay: u64,
    /// `maxDelay`, seconds (default 120).
    pub max_delay: u64,
    /// The acceptors, in order.
    pub acceptors: Vec<WaiterAcceptor>,
}

impl Waiter {
    /// Whether an acceptor reads the input (`inputOutput`).
    pub fn reads_input(&self) -> bool {
        self.acceptors
            .iter()
            .any(|a| matches!(a.matcher, WaiterMatcher::InputOutput { .. }))
    }
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiterAcceptor {
    /// `success`, `failure` or `retry`.
    pub state: WaiterState,
    /// What it matches.
    pub matcher: WaiterMatcher,
}

/// The state an acceptor leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterState {
    /// `success`.
    Success,
    /// `failure`.
    Failure,
    /// `retry`.
    Retry,
}

/// An acceptor's matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiterMatcher {
    /// `output`: a path over the output.
    Output(WaiterPath),
    /// `inputOutput`: a path over `{input, output}`.
    InputOutput(WaiterPath),
    /// `success`.
    Success(bool),
    /// `errorType`, as the error code a caller sees: the wire code of the modeled error it
    /// names (its shape name, or its `awsQueryError` code under the query protocols and
    /// `awsQueryCompatible`), else the name as written.
    ErrorType(String),
}

/// A JMESPath matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiterPath {
    /// The expression.
    pub path: String,
    /// The expected value.
    pub expected: String,
    /// The comparator.
    pub comparator: WaiterComparator,
}

/// A path matcher's comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterComparator {
    /// `stringEquals`.
    StringEquals,
    /// `booleanEquals`.
    BooleanEquals,
    /// `allStringEquals`.
    AllStringEquals,
    /// `anyStringEquals`.
    AnyStringEquals,
}
