//! Frontend for botocore's service model format (the `service-2.json` files of botocore and the
//! AWS CLI), loaded into the same semantic [`Model`] as the Smithy JSON AST.
//!
//! Everything botocore says is expressed with the Smithy traits the rest of the pipeline reads:
//! `location` becomes the HTTP binding traits, `error`/`exception` become `error`/`httpError`,
//! `union`/`document`/`eventstream` structures become unions, documents and streaming unions, and
//! so on. Names are made into valid Smithy identifiers consistently for definitions and
//! references; wire names that a sanitized name would lose are kept as `jsonName`/`httpQuery`/…
//!
//! Operations are keyed by a name in `operations` and carry their wire name in `name`. The two
//! normally agree; when they do not (the conformance harness builds such models), the operation
//! keeps its wire name as its shape name, lives in a namespace of its own, and the service's
//! `rename` gives it the key as its name inside the service.
//!
//! Decisions botocore leaves open:
//! - `@input`/`@output` go only on a structure that is the input (output) of exactly one
//!   operation and is used nowhere else, as Smithy requires.
//! - An error is `server` when `fault` is set or its status is 5xx, unless `senderFault` says
//!   otherwise; everything else is `client` (many botocore errors carry no `error` object).
//! - `locationName` on a body member is its `xmlName`, and its `jsonName` when the service speaks
//!   a JSON protocol (botocore's JSON and CBOR serializers use it as the key).
//! - A name that is not an identifier (`Widget.Color`) becomes one (`Widget_Color`); names that
//!   would clash (case and underscores aside) get a number. Operations and the service keep
//!   theirs, as they are sent on the wire; an error whose name changed keeps its code in
//!   `aws.protocols#awsQueryError`.

use crate::error::{Error, Result};
use crate::model::{
    trait_ids as t, Member, Model, OperationProps, ServiceProps, Shape, ShapeId, ShapeType, Traits,
};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const XML_NAME: &str = "smithy.api#xmlName";
const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
const HOST_LABEL: &str = "smithy.api#hostLabel";
const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
const EVENT_HEADER: &str = "smithy.api#eventHeader";
const IDEMPOTENT: &str = "smithy.api#idempotent";
const ENDPOINT: &str = "smithy.api#endpoint";
const AUTH: &str = "smithy.api#auth";
const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
const CONTEXT_PARAM: &str = "smithy.rules#contextParam";

/// Loads a botocore service model (already parsed as JSON).
pub(super) fn load(path: &Path, json: Value) -> Result<Model> {
    let Value::Object(root) = json else {
        return Err(Error::file(path, "the top level must be a JSON object"));
    };
    let file = Cx::file(path);
    let metadata = file
        .obj(&root, "metadata")?
        .ok_or_else(|| file.missing("metadata"))?;
    let operations = file
        .obj(&root, "operations")?
        .ok_or_else(|| file.missing("operations"))?;
    let shapes = file
        .obj(&root, "shapes")?
        .ok_or_else(|| file.missing("shapes"))?;

    let meta = Metadata::read(path, metadata)?;
    let mut names = Names::default();
    names.claim(&meta.service_name);

    // Operation IDs first, so shapes that share an operation's name are the ones renamed.
    let mut ops = Vec::new();
    let (same, renamed): (Vec<_>, Vec<_>) = operations
        .iter()
        .map(|(key, def)| -> Result<_> {
            let cx = Cx::shape(path, format!("operations.{key}"));
            let obj = def
                .as_object()
                .ok_or_else(|| cx.err("an operation must be a JSON object"))?;
            let name = cx.str(obj, "name")?.unwrap_or(key);
            if !is_ident(name) {
                return Err(cx.err(format!(
                    "the operation name `{name}` is not an identifier, so it cannot be a Smithy shape name (it is sent on the wire)"
                )));
            }
            Ok((key.as_str(), name, obj, cx))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .partition(|(key, name, _, _)| key == name);
    let mut rename = BTreeMap::new();
    for (key, name, obj, cx) in same.into_iter().chain(renamed) {
        let wanted = sanitize_ident(key);
        let local = names.claim(&wanted);
        // The service's namespace holds only names claimed unchanged, so IDs never collide.
        let id = if local == name {
            ShapeId::new(&meta.namespace, name)
        } else {
            let segment = sanitize_segment(&local);
            ShapeId::new(&format!("{}.{segment}", meta.namespace), name)
        };
        if local != id.name() {
            rename.insert(id.clone(), local);
        }
        ops.push((id, obj, cx));
    }

    // Every shape gets its final ID before any is built, so references resolve in any order.
    let mut raws: BTreeMap<&str, Raw> = BTreeMap::new();
    let mut pending = Vec::new();
    for (name, def) in shapes {
        let cx = Cx::shape(path, name.clone());
        let obj = def
            .as_object()
            .ok_or_else(|| cx.err("the shape definition must be a JSON object"))?;
        let ty_name = cx.str(obj, "type")?.ok_or_else(|| cx.missing("type"))?;
        let ty = match ty_name {
            "structure" => {
                if cx.bool(obj, "document")? {
                    ShapeType::Document
                } else if cx.bool(obj, "union")? || cx.bool(obj, "eventstream")? {
                    ShapeType::Union
                } else {
                    ShapeType::Structure
                }
            }
            "list" => ShapeType::List,
            "map" => ShapeType::Map,
            "string" | "character" => ShapeType::String,
            "blob" => ShapeType::Blob,
            "boolean" => ShapeType::Boolean,
            "byte" => ShapeType::Byte,
            "short" => ShapeType::Short,
            "integer" => ShapeType::Integer,
            "long" => ShapeType::Long,
            "float" => ShapeType::Float,
            "double" => ShapeType::Double,
            "bigdecimal" | "bigDecimal" => ShapeType::BigDecimal,
            "biginteger" | "bigInteger" => ShapeType::BigInteger,
            "timestamp" => ShapeType::Timestamp,
            other => return Err(cx.err(format!("unknown shape type `{other}`"))),
        };
        pending.push((name.as_str(), ty, obj, cx.bool(obj, "flattened")?));
    }
    // Names that are already identifiers are claimed first, so a sanitized name never takes one.
    let (valid, odd): (Vec<_>, Vec<_>) = pending.into_iter().partition(|p| is_ident(p.0));
    for (name, ty, obj, flattened) in valid.into_iter().chain(odd) {
        let local = names.claim(&sanitize_ident(name));
        let id = ShapeId::new(&meta.namespace, &local);
        raws.insert(
            name,
            Raw {
                id,
                ty,
                obj,
                flattened,
            },
        );
    }

    let mut model = Model {
        source: path.to_path_buf(),
        ..Model::default()
    };
    let mut builder = Builder {
        path,
        namespace: &meta.namespace,
        raws: &raws,
        names,
        json_names: meta.json_names,
        json_values: BTreeMap::new(),
        labels: BTreeMap::new(),
    };
    for (name, raw) in &raws {
        let shape = builder.shape(name, raw)?;
        model.shapes.insert(shape.id.clone(), shape);
    }
    for (target, synthetic) in &builder.json_values {
        let mut shape = model.shapes[&raws[target.as_str()].id].clone();
        shape.id = synthetic.clone();
        shape
            .traits
            .insert(t::MEDIA_TYPE, Value::String("application/json".into()));
        model.shapes.insert(synthetic.clone(), shape);
    }

    let mut op_ids = Vec::new();
    let mut uses = Uses::default();
    for (id, obj, cx) in ops {
        let shape = builder.operation(&cx, id, obj, &mut uses)?;
        // restXml: the input reference names the request document's root element.
        if let (Some(input), Some(props)) = (cx.obj(obj, "input")?, &shape.operation) {
            if let Some(target) = props.input.as_ref().and_then(|i| model.shapes.get_mut(i)) {
                if let Some(name) = cx.within("input").str(input, "locationName")? {
                    if !target.traits.has(XML_NAME) {
                        target.traits.insert(XML_NAME, json!(name));
                    }
                }
                if let Some(ns) = xml_namespace(&cx.within("input"), input)? {
                    if !target.traits.has(XML_NAMESPACE) {
                        target.traits.insert(XML_NAMESPACE, ns);
                    }
                }
            }
        }
        op_ids.push(shape.id.clone());
        model.shapes.insert(shape.id.clone(), shape);
    }
    for shape in model.shapes.values() {
        uses.members
            .extend(shape.members.iter().map(|m| m.target.clone()));
    }
    for (counts, other, trait_id) in [
        (&uses.inputs, &uses.outputs, t::INPUT),
        (&uses.outputs, &uses.inputs, t::OUTPUT),
    ] {
        for (id, count) in counts {
            let exclusive = *count == 1
                && !other.contains_key(id)
                && !uses.members.contains(id)
                && !uses.errors.contains(id);
            if let Some(shape) = model.shapes.get_mut(id) {
                if exclusive && !shape.traits.has(t::ERROR) {
                    shape.traits.insert(trait_id, json!({}));
                }
            }
        }
    }

    let service_id = ShapeId::new(&meta.namespace, &meta.service_name);
    let mut service = Shape::new(service_id.clone(), ShapeType::Service);
    service.traits = meta.traits;
    if let Some(doc) = file.str(&root, "documentation")? {
        service.traits.insert(t::DOCUMENTATION, json!(doc));
    }
    service.service = Some(ServiceProps {
        version: meta.version,
        operations: op_ids,
        rename,
        ..ServiceProps::default()
    });
    model.shapes.insert(service_id, service);
    Ok(model)
}

/// What the service shape needs from `metadata`.
struct Metadata {
    namespace: String,
    /// Whether one of the service's protocols is JSON-based (botocore's serializers for JSON
    /// and CBOR use `locationName` as the key).
    json_names: bool,
    service_name: String,
    version: String,
    traits: Traits,
}

impl Metadata {
    fn read(path: &Path, meta: &Map<String, Value>) -> Result<Metadata> {
        let cx = Cx::file(path).within("metadata");
        let service_id = cx.str(meta, "serviceId")?;
        let endpoint_prefix = cx.str(meta, "endpointPrefix")?;
        let target_prefix = cx.str(meta, "targetPrefix")?;
        let signing_name = cx.str(meta, "signingName")?;
        let json_version = cx.str(meta, "jsonVersion")?;
        let version = cx.str(meta, "apiVersion")?.unwrap_or_default().to_string();

        let mut protocols: Vec<&str> = Vec::new();
        protocols.extend(cx.str(meta, "protocol")?);
        for p in cx.arr(meta, "protocols")?.into_iter().flatten() {
            let p = p
                .as_str()
                .ok_or_else(|| cx.wrong("protocols", "an array of strings"))?;
            if !protocols.contains(&p) {
                protocols.push(p);
            }
        }
        let Some(primary) = protocols.first().copied() else {
            return Err(cx.missing("protocol"));
        };
        let protocol_trait = |p: &str| -> Option<&'static str> {
            Some(match p {
                "rest-json" => t::REST_JSON1,
                "json" if json_version == Some("1.0") => t::AWS_JSON1_0,
                "json" => t::AWS_JSON1_1,
                "query" => t::AWS_QUERY,
                "ec2" => t::EC2_QUERY,
                "rest-xml" => t::REST_XML,
                "smithy-rpc-v2-cbor" => t::RPC_V2_CBOR,
                _ => return None,
            })
        };
        let mut traits = Traits::default();
        if protocol_trait(primary).is_none() {
            return Err(cx.err(format!(
                "unknown protocol `{primary}` (expected rest-json, json, query, ec2, rest-xml or smithy-rpc-v2-cbor)"
            )));
        }
        // A service may speak several protocols; Smithy lists each as a trait and the generator
        // picks one it supports. Unknown extra protocols are left out.
        for p in &protocols {
            if let Some(id) = protocol_trait(p) {
                traits.insert(id, json!({}));
            }
        }
        // `{}` in service-2.json; a boolean is accepted too.
        match meta.get("awsQueryCompatible") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => {}
            Some(Value::Object(_)) | Some(Value::Bool(true)) => {
                traits.insert(t::AWS_QUERY_COMPATIBLE, json!({}));
            }
            Some(_) => return Err(cx.wrong("awsQueryCompatible", "an object")),
        }

        let base = service_id
            .or(endpoint_prefix)
            .or(target_prefix)
            .unwrap_or("service");
        let mut segment: String = base
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if segment.is_empty() {
            segment = "service".into();
        } else if segment.starts_with(|c: char| c.is_ascii_digit()) {
            segment.insert(0, '_');
        }
        let namespace = format!("botocore.{segment}");

        // Under awsJson the service shape's name is the X-Amz-Target prefix.
        let uses_target = protocols.contains(&"json");
        // A few services have a dotted prefix (`com.amazonaws.cloudtrail.v20131101.
        // CloudTrail_20131101`); their Smithy models name the service after its last segment,
        // which is what Smithy clients send and the services accept.
        let last_segment = target_prefix.and_then(|p| p.rsplit('.').next());
        let service_name = match (target_prefix, last_segment) {
            (Some(prefix), _) if is_ident(prefix) => prefix.to_string(),
            (Some(_), Some(last)) if uses_target && is_ident(last) => last.to_string(),
            (Some(prefix), _) if uses_target => {
                return Err(cx.err(format!(
                    "`targetPrefix` `{prefix}` is not an identifier, so it cannot name the service shape that carries the X-Amz-Target prefix"
                )))
            }
            _ => {
                let base: String = service_id
                    .or(endpoint_prefix)
                    .unwrap_or("Service")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                sanitize_ident(if base.is_empty() { "Service" } else { &base })
            }
        };

        let mut aws = Map::new();
        let sdk_id = service_id
            .or(cx.str(meta, "serviceAbbreviation")?)
            .or(cx.str(meta, "serviceFullName")?)
            .unwrap_or(&service_name);
        aws.insert("sdkId".into(), json!(sdk_id));
        if let Some(prefix) = endpoint_prefix {
            aws.insert("endpointPrefix".into(), json!(prefix));
        }
        traits.insert(t::AWS_SERVICE, Value::Object(aws));
        if let Some(name) = signing_name.or(endpoint_prefix) {
            traits.insert(t::SIGV4, json!({ "name": name }));
        }
        if let Some(title) = cx.str(meta, "serviceFullName")? {
            traits.insert(t::TITLE, json!(title));
        }
        if let Some(ns) = cx.str(meta, "xmlNamespace")? {
            traits.insert(XML_NAMESPACE, json!({ "uri": ns }));
        }
        let json_names = protocols
            .iter()
            .any(|p| matches!(*p, "rest-json" | "json" | "smithy-rpc-v2-cbor"));
        Ok(Metadata {
            namespace,
            json_names,
            service_name,
            version,
            traits,
        })
    }
}

/// A botocore shape before it is built: its final ID and type, and its definition.
struct Raw<'a> {
    id: ShapeId,
    ty: ShapeType,
    obj: &'a Map<String, Value>,
    flattened: bool,
}

/// How structures are used by operations, to decide on `@input` and `@output`.
#[derive(Default)]
struct Uses {
    inputs: BTreeMap<ShapeId, usize>,
    outputs: BTreeMap<ShapeId, usize>,
    errors: BTreeSet<ShapeId>,
    members: BTreeSet<ShapeId>,
}

/// Names in use. Smithy compares names within a service case-insensitively; underscores are
/// ignored too, because `Foo_Bar` and `FooBar` become the same Rust name.
#[derive(Default)]
struct Names {
    used: BTreeSet<String>,
}

impl Names {
    /// Returns `base`, or `base2`, `base3`, … when it is taken, and marks the result as taken.
    fn claim(&mut self, base: &str) -> String {
        let key = |s: &str| s.replace('_', "").to_ascii_lowercase();
        if self.used.insert(key(base)) {
            return base.to_string();
        }
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{n}");
            if self.used.insert(key(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }
}

struct Builder<'a> {
    path: &'a Path,
    namespace: &'a str,
    raws: &'a BTreeMap<&'a str, Raw<'a>>,
    names: Names,
    /// Whether body members' wire names are JSON names (the service speaks a JSON protocol).
    json_names: bool,
    /// Synthetic `mediaType` shapes for `jsonvalue` members, keyed by the botocore target name.
    json_values: BTreeMap<String, ShapeId>,
    /// For each botocore structure name: the URI label name (`locationName`) of each `uri`
    /// member and the member's final name.
    labels: BTreeMap<String, Vec<(String, String)>>,
}

impl Builder<'_> {
    /// The name a body member has on the wire: `xmlName` always (XML and query protocols), and
    /// `jsonName` when the service speaks a JSON protocol (elsewhere it would only make XML
    /// names that may repeat look like JSON names that must not).
    fn wire_name(&self, traits: &mut Traits, name: &str) {
        traits.insert(XML_NAME, json!(name));
        if self.json_names {
            traits.insert(t::JSON_NAME, json!(name));
        }
    }

    fn raw(&self, cx: &Cx, name: &str) -> Result<&Raw<'_>> {
        self.raws.get(name).ok_or_else(|| {
            cx.err(format!(
                "refers to `{name}`, which is not defined in `shapes`"
            ))
        })
    }

    fn shape(&mut self, name: &str, raw: &Raw) -> Result<Shape> {
        let cx = Cx::shape(self.path, name.to_string());
        let obj = raw.obj;
        let mut shape = Shape::new(raw.id.clone(), raw.ty);
        common_traits(&cx, obj, &mut shape.traits)?;
        if let Some(local) = cx.str(obj, "locationName")? {
            shape.traits.insert(XML_NAME, json!(local));
        }
        if let Some(ns) = xml_namespace(&cx, obj)? {
            shape.traits.insert(XML_NAMESPACE, ns);
        }
        match raw.ty {
            ShapeType::Structure | ShapeType::Union => {
                self.structure(&cx, name, obj, &mut shape)?
            }
            ShapeType::Document => {}
            ShapeType::List => {
                let member = cx
                    .obj(obj, "member")?
                    .ok_or_else(|| cx.err("a list needs a `member`"))?;
                shape
                    .members
                    .push(self.member(&cx.member("member"), "member", member, false)?);
                if raw.flattened {
                    shape.traits.insert(XML_FLATTENED, json!({}));
                }
                length(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Map => {
                for field in ["key", "value"] {
                    let member = cx
                        .obj(obj, field)?
                        .ok_or_else(|| cx.err(format!("a map needs a `{field}`")))?;
                    shape
                        .members
                        .push(self.member(&cx.member(field), field, member, false)?);
                }
                if raw.flattened {
                    shape.traits.insert(XML_FLATTENED, json!({}));
                }
                length(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::String => {
                if let Some(values) = cx.arr(obj, "enum")? {
                    let mut strings = Vec::new();
                    for v in values {
                        strings.push(
                            v.as_str()
                                .ok_or_else(|| cx.err("`enum` must be an array of strings"))?,
                        );
                    }
                    let named = strings.iter().all(|v| is_ident(v));
                    let defs: Vec<Value> = strings
                        .iter()
                        .map(|v| {
                            if named {
                                json!({ "value": v, "name": v })
                            } else {
                                json!({ "value": v })
                            }
                        })
                        .collect();
                    if !defs.is_empty() {
                        shape.traits.insert(t::ENUM, Value::Array(defs));
                    }
                }
                length(&cx, obj, &mut shape.traits)?;
                if let Some(p) = cx.str(obj, "pattern")? {
                    shape.traits.insert(t::PATTERN, json!(p));
                }
                streaming(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Blob => {
                length(&cx, obj, &mut shape.traits)?;
                streaming(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Timestamp => {
                if let Some(format) = timestamp_format(&cx, obj)? {
                    shape.traits.insert(t::TIMESTAMP_FORMAT, format);
                }
            }
            _ => {
                // Numbers.
                let mut range = Map::new();
                for key in ["min", "max"] {
                    if let Some(n) = cx.num(obj, key)? {
                        range.insert(key.into(), Value::Number(n));
                    }
                }
                if !range.is_empty() {
                    shape.traits.insert(t::RANGE, Value::Object(range));
                }
            }
        }
        Ok(shape)
    }

    fn structure(
        &mut self,
        cx: &Cx,
        name: &str,
        obj: &Map<String, Value>,
        shape: &mut Shape,
    ) -> Result<()> {
        if cx.bool(obj, "eventstream")? {
            shape.traits.insert(t::STREAMING, json!({}));
        }
        if let Some(retry) = cx.obj(obj, "retryable")? {
            let throttling = cx.bool(retry, "throttling")?;
            shape
                .traits
                .insert(t::RETRYABLE, json!({ "throttling": throttling }));
        }
        self.error_traits(cx, name, obj, shape)?;
        let members = cx.obj(obj, "members")?;
        let mut member_names = Names::default();
        let mut finals: BTreeMap<&str, String> = BTreeMap::new();
        let (valid, odd): (Vec<&String>, Vec<&String>) = members
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
            .partition(|k| is_ident(k));
        for orig in valid.into_iter().chain(odd) {
            finals.insert(orig, member_names.claim(&sanitize_ident(orig)));
        }
        let mut labels = Vec::new();
        for (orig, def) in members.into_iter().flatten() {
            let mcx = cx.member(orig);
            let local = finals[orig.as_str()].clone();
            let def = def
                .as_object()
                .ok_or_else(|| mcx.err("a member must be a JSON object with a `shape`"))?;
            let mut member = self.member(&mcx, &local, def, true)?;
            if orig != &local && !member.traits.has(XML_NAME) && mcx.str(def, "location")?.is_none()
            {
                self.wire_name(&mut member.traits, orig);
            }
            if let Some(label) = http_binding(
                &mcx,
                orig,
                def,
                self.raw(&mcx, member_target(&mcx, def)?)?,
                &mut member.traits,
            )? {
                labels.push((label, local.clone()));
            }
            shape.members.push(member);
        }
        if !labels.is_empty() {
            self.labels.insert(name.to_string(), labels);
        }
        for item in cx.arr(obj, "required")?.into_iter().flatten() {
            let orig = item
                .as_str()
                .ok_or_else(|| cx.err("`required` must be an array of member names"))?;
            let local = finals.get(orig).ok_or_else(|| {
                cx.err(format!("`required` names `{orig}`, which is not a member"))
            })?;
            if let Some(m) = shape.members.iter_mut().find(|m| &m.name == local) {
                m.traits.insert(t::REQUIRED, json!({}));
            }
        }
        if let Some(orig) = cx.str(obj, "payload")? {
            let local = finals.get(orig).ok_or_else(|| {
                cx.err(format!("`payload` names `{orig}`, which is not a member"))
            })?;
            if let Some(m) = shape.members.iter_mut().find(|m| &m.name == local) {
                m.traits.insert(t::HTTP_PAYLOAD, json!({}));
                // A payload's `locationName` names the XML root element, not a JSON key.
                m.traits.0.remove(t::JSON_NAME);
            }
        }
        Ok(())
    }

    fn error_traits(
        &self,
        cx: &Cx,
        name: &str,
        obj: &Map<String, Value>,
        shape: &mut Shape,
    ) -> Result<()> {
        let error = cx.obj(obj, "error")?;
        if !cx.bool(obj, "exception")? && error.is_none() {
            return Ok(());
        }
        let empty = Map::new();
        let error = error.unwrap_or(&empty);
        let ecx = cx.within("error");
        let code = ecx.str(error, "code")?;
        let status = ecx.u64(error, "httpStatusCode")?;
        let sender_fault = ecx.bool(error, "senderFault")?;
        let server = !sender_fault && (cx.bool(obj, "fault")? || status.is_some_and(|s| s >= 500));
        shape
            .traits
            .insert(t::ERROR, json!(if server { "server" } else { "client" }));
        if let Some(status) = status {
            shape.traits.insert(t::HTTP_ERROR, json!(status));
        }
        // The generator takes the error code from the shape name; keep the real one where the
        // two differ (a custom code, or a name that had to be sanitized).
        let code = code.unwrap_or(name);
        if code != shape.id.name() {
            let status = status.unwrap_or(if server { 500 } else { 400 });
            shape.traits.insert(
                AWS_QUERY_ERROR,
                json!({ "code": code, "httpResponseCode": status }),
            );
        }
        Ok(())
    }

    /// A member with the traits that do not depend on where it is bound.
    fn member(
        &mut self,
        cx: &Cx,
        local: &str,
        def: &Map<String, Value>,
        in_structure: bool,
    ) -> Result<Member> {
        let target_name = member_target(cx, def)?;
        let raw = self.raw(cx, target_name)?;
        let mut target = raw.id.clone();
        let (target_ty, target_flattened) = (raw.ty, raw.flattened);
        let mut traits = Traits::default();
        common_traits(cx, def, &mut traits)?;
        if let Some(format) = timestamp_format(cx, def)? {
            traits.insert(t::TIMESTAMP_FORMAT, format);
        }
        for (key, id) in [
            ("idempotencyToken", t::IDEMPOTENCY_TOKEN),
            ("hostLabel", HOST_LABEL),
            ("xmlAttribute", XML_ATTRIBUTE),
            ("eventpayload", EVENT_PAYLOAD),
            ("eventheader", EVENT_HEADER),
            ("flattened", XML_FLATTENED),
        ] {
            if cx.bool(def, key)? {
                traits.insert(id, json!({}));
            }
        }
        if in_structure && target_flattened && matches!(target_ty, ShapeType::List | ShapeType::Map)
        {
            traits.insert(XML_FLATTENED, json!({}));
        }
        if let Some(ns) = xml_namespace(cx, def)? {
            traits.insert(XML_NAMESPACE, ns);
        }
        if let Some(q) = cx.str(def, "queryName")? {
            traits.insert(EC2_QUERY_NAME, json!(q));
        }
        if let Some(param) = cx.obj(def, "contextParam")? {
            if let Some(name) = cx.str(param, "name")? {
                traits.insert(CONTEXT_PARAM, json!({ "name": name }));
            }
        }
        if let Some(location_name) = cx.str(def, "locationName")? {
            if !in_structure {
                traits.insert(XML_NAME, json!(location_name));
            } else if cx.str(def, "location")?.is_none() {
                self.wire_name(&mut traits, location_name);
            }
        }
        if cx.bool(def, "jsonvalue")? {
            if target_ty != ShapeType::String {
                return Err(cx.err(format!(
                    "`jsonvalue` needs a string target, but `{target_name}` is a {target_ty:?}"
                )));
            }
            target = match self.json_values.get(target_name) {
                Some(id) => id.clone(),
                None => {
                    let name = self.names.claim(&format!("{}JsonValue", target.name()));
                    let id = ShapeId::new(self.namespace, &name);
                    self.json_values.insert(target_name.to_string(), id.clone());
                    id
                }
            };
        }
        Ok(Member {
            name: local.to_string(),
            target,
            traits,
        })
    }

    fn operation(
        &self,
        cx: &Cx,
        id: ShapeId,
        obj: &Map<String, Value>,
        uses: &mut Uses,
    ) -> Result<Shape> {
        let mut shape = Shape::new(id, ShapeType::Operation);
        common_traits(cx, obj, &mut shape.traits)?;
        let io = |field: &str| -> Result<Option<(&str, ShapeId)>> {
            let Some(io) = cx.obj(obj, field)? else {
                return Ok(None);
            };
            let name = cx
                .within(field)
                .str(io, "shape")?
                .ok_or_else(|| cx.within(field).missing("shape"))?;
            let raw = self.raw(cx, name)?;
            if raw.ty != ShapeType::Structure {
                return Err(cx.err(format!(
                    "its {field} `{name}` must be a plain structure, not a {:?}",
                    raw.ty
                )));
            }
            Ok(Some((name, raw.id.clone())))
        };
        let input = io("input")?;
        let output = io("output")?;
        let mut errors = Vec::new();
        for e in cx.arr(obj, "errors")?.into_iter().flatten() {
            let name = e
                .as_object()
                .and_then(|e| e.get("shape"))
                .and_then(Value::as_str)
                .ok_or_else(|| cx.err("`errors` must be an array of `{\"shape\": …}` objects"))?;
            let raw = self.raw(cx, name)?;
            if raw.ty != ShapeType::Structure {
                return Err(cx.err(format!("its error `{name}` must be a structure")));
            }
            if !errors.contains(&raw.id) {
                errors.push(raw.id.clone());
            }
        }
        if let Some(http) = cx.obj(obj, "http")? {
            let hcx = cx.within("http");
            let method = hcx
                .str(http, "method")?
                .ok_or_else(|| hcx.missing("method"))?;
            let uri = hcx
                .str(http, "requestUri")?
                .ok_or_else(|| hcx.missing("requestUri"))?;
            let code = hcx.u64(http, "responseCode")?.unwrap_or(200);
            let labels = input
                .as_ref()
                .and_then(|(name, _)| self.labels.get(*name))
                .map_or(&[][..], Vec::as_slice);
            shape.traits.insert(
                t::HTTP,
                json!({ "method": method, "uri": rewrite_labels(uri, labels), "code": code }),
            );
        }
        if cx.bool(obj, "idempotent")? {
            shape.traits.insert(IDEMPOTENT, json!({}));
        }
        if let Some(endpoint) = cx.obj(obj, "endpoint")? {
            if let Some(prefix) = cx.within("endpoint").str(endpoint, "hostPrefix")? {
                shape
                    .traits
                    .insert(ENDPOINT, json!({ "hostPrefix": prefix }));
            }
        }
        if let Some(compression) = cx.obj(obj, "requestcompression")? {
            let encodings = cx
                .within("requestcompression")
                .arr(compression, "encodings")?
                .cloned()
                .unwrap_or_default();
            if !encodings.iter().all(Value::is_string) {
                return Err(cx.err("`requestcompression.encodings` must be an array of strings"));
            }
            shape
                .traits
                .insert(t::REQUEST_COMPRESSION, json!({ "encodings": encodings }));
        }
        if cx.bool(obj, "httpChecksumRequired")? {
            shape.traits.insert(t::HTTP_CHECKSUM_REQUIRED, json!({}));
        }
        match cx.str(obj, "authtype")? {
            Some("none") => shape.traits.insert(AUTH, json!([])),
            Some("v4-unsigned-body") => shape.traits.insert(UNSIGNED_PAYLOAD, json!({})),
            _ => {}
        }
        let input = input.map(|(_, id)| id);
        let output = output.map(|(_, id)| id);
        if let Some(id) = &input {
            *uses.inputs.entry(id.clone()).or_default() += 1;
        }
        if let Some(id) = &output {
            *uses.outputs.entry(id.clone()).or_default() += 1;
        }
        uses.errors.extend(errors.iter().cloned());
        shape.operation = Some(OperationProps {
            input,
            output,
            errors,
        });
        Ok(shape)
    }
}

fn member_target<'v>(cx: &Cx, def: &'v Map<String, Value>) -> Result<&'v str> {
    cx.str(def, "shape")?
        .ok_or_else(|| cx.err("a member needs a `shape`"))
}

/// Adds the HTTP binding trait a structure member's `location` asks for; returns the URI label
/// name for `uri` members.
fn http_binding(
    cx: &Cx,
    orig: &str,
    def: &Map<String, Value>,
    target: &Raw,
    traits: &mut Traits,
) -> Result<Option<String>> {
    let Some(location) = cx.str(def, "location")? else {
        return Ok(None);
    };
    let location_name = cx.str(def, "locationName")?;
    let wire = location_name.unwrap_or(orig);
    match location {
        "uri" => {
            traits.insert(t::HTTP_LABEL, json!({}));
            return Ok(Some(wire.to_string()));
        }
        "querystring" if target.ty == ShapeType::Map => {
            traits.insert(t::HTTP_QUERY_PARAMS, json!({}));
        }
        "querystring" => traits.insert(t::HTTP_QUERY, json!(wire)),
        "header" => traits.insert(t::HTTP_HEADER, json!(wire)),
        "headers" => traits.insert(t::HTTP_PREFIX_HEADERS, json!(location_name.unwrap_or(""))),
        "statusCode" => traits.insert(t::HTTP_RESPONSE_CODE, json!({})),
        other => {
            return Err(cx.err(format!(
                "unknown `location` `{other}` (expected uri, querystring, header, headers or statusCode)"
            )))
        }
    }
    Ok(None)
}

/// Rewrites `{locationName}` labels of a request URI's path to the members' names, keeping a
/// greedy `+`; the query part is left alone.
fn rewrite_labels(uri: &str, labels: &[(String, String)]) -> String {
    let (path, query) = match uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (uri, None),
    };
    let mut out = String::with_capacity(uri.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let inner = &rest[open + 1..close];
        let (label, greedy) = match inner.strip_suffix('+') {
            Some(l) => (l, "+"),
            None => (inner, ""),
        };
        match labels.iter().find(|(wire, _)| wire == label) {
            Some((_, member)) => {
                out.push_str(member);
                out.push_str(greedy);
            }
            None => out.push_str(inner),
        }
        out.push('}');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// `documentation`, `deprecated` and `sensitive`, shared by shapes, members and operations.
fn common_traits(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    if let Some(doc) = cx.str(obj, "documentation")? {
        traits.insert(t::DOCUMENTATION, json!(doc));
    }
    let message = cx.str(obj, "deprecatedMessage")?;
    if cx.bool(obj, "deprecated")? || message.is_some() {
        let mut v = Map::new();
        if let Some(m) = message {
            v.insert("message".into(), json!(m));
        }
        traits.insert(t::DEPRECATED, Value::Object(v));
    }
    if cx.bool(obj, "sensitive")? {
        traits.insert(t::SENSITIVE, json!({}));
    }
    Ok(())
}

fn length(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    let mut length = Map::new();
    for key in ["min", "max"] {
        if let Some(n) = cx.num(obj, key)? {
            if !n.as_f64().is_some_and(|x| x >= 0.0) {
                return Err(cx.err(format!("`{key}` of a length must not be negative")));
            }
            length.insert(key.into(), Value::Number(n));
        }
    }
    if !length.is_empty() {
        traits.insert(t::LENGTH, Value::Object(length));
    }
    Ok(())
}

fn streaming(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    if cx.bool(obj, "streaming")? {
        traits.insert(t::STREAMING, json!({}));
    }
    if cx.bool(obj, "requiresLength")? {
        traits.insert(t::REQUIRES_LENGTH, json!({}));
    }
    Ok(())
}

fn timestamp_format(cx: &Cx, obj: &Map<String, Value>) -> Result<Option<Value>> {
    Ok(match cx.str(obj, "timestampFormat")? {
        None => None,
        Some("iso8601") => Some(json!("date-time")),
        Some("rfc822") => Some(json!("http-date")),
        Some("unixTimestamp") => Some(json!("epoch-seconds")),
        Some(other) => {
            return Err(cx.err(format!(
                "unknown `timestampFormat` `{other}` (expected iso8601, rfc822 or unixTimestamp)"
            )))
        }
    })
}

/// `xmlNamespace` is either a URI or `{uri, prefix}`.
fn xml_namespace(cx: &Cx, obj: &Map<String, Value>) -> Result<Option<Value>> {
    match obj.get("xmlNamespace") {
        None => Ok(None),
        Some(Value::String(uri)) => Ok(Some(json!({ "uri": uri }))),
        Some(Value::Object(ns)) => {
            let cx = cx.within("xmlNamespace");
            let uri = cx.str(ns, "uri")?.ok_or_else(|| cx.missing("uri"))?;
            let mut v = Map::new();
            v.insert("uri".into(), json!(uri));
            if let Some(prefix) = cx.str(ns, "prefix")? {
                v.insert("prefix".into(), json!(prefix));
            }
            Ok(Some(Value::Object(v)))
        }
        Some(_) => Err(cx.err("`xmlNamespace` must be a string or an object")),
    }
}

/// Whether text is a Smithy identifier.
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Makes a name into an identifier: each run of other characters becomes one `_` (none at the
/// ends, so `Widget.Color` → `Widget_Color`), and a leading digit gets a `_` before it.
fn sanitize_ident(s: &str) -> String {
    if is_ident(s) {
        return s.to_string();
    }
    let mut out = s
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out = "Unnamed".into();
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// A namespace segment made from an identifier: lowercase letters, digits and `_`.
fn sanitize_segment(s: &str) -> String {
    sanitize_ident(&s.to_ascii_lowercase())
}

/// Location context for error messages, with typed field readers.
struct Cx<'a> {
    path: &'a Path,
    /// The shape (or `operations.X`) the problem is in; `None` for the file as a whole.
    shape: Option<String>,
    member: Option<String>,
    /// Path of the object being read (`error.`, `http.`), for field names in messages.
    prefix: String,
}

impl<'a> Cx<'a> {
    fn file(path: &'a Path) -> Self {
        Cx {
            path,
            shape: None,
            member: None,
            prefix: String::new(),
        }
    }

    fn shape(path: &'a Path, shape: String) -> Self {
        Cx {
            path,
            shape: Some(shape),
            member: None,
            prefix: String::new(),
        }
    }

    fn member(&self, member: &str) -> Cx<'a> {
        Cx {
            path: self.path,
            shape: self.shape.clone(),
            member: Some(member.to_string()),
            prefix: String::new(),
        }
    }

    /// The same location, reading the object in `field`.
    fn within(&self, field: &str) -> Cx<'a> {
        Cx {
            path: self.path,
            shape: self.shape.clone(),
            member: self.member.clone(),
            prefix: format!("{}{field}.", self.prefix),
        }
    }

    fn err(&self, message: impl Into<String>) -> Error {
        match (&self.shape, &self.member) {
            (Some(s), Some(m)) => Error::member(self.path, s, m.clone(), message),
            (Some(s), None) => Error::shape(self.path, s, message),
            (None, _) => Error::file(self.path, message),
        }
    }

    fn wrong(&self, field: &str, what: &str) -> Error {
        self.err(format!("`{}{field}` must be {what}", self.prefix))
    }

    fn missing(&self, field: &str) -> Error {
        self.err(format!("missing `{}{field}`", self.prefix))
    }

    fn str<'v>(&self, obj: &'v Map<String, Value>, field: &str) -> Result<Option<&'v str>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(field, "a string")),
        }
    }

    fn bool(&self, obj: &Map<String, Value>, field: &str) -> Result<bool> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(field, "a boolean")),
        }
    }

    fn obj<'v>(
        &self,
        obj: &'v Map<String, Value>,
        field: &str,
    ) -> Result<Option<&'v Map<String, Value>>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(self.wrong(field, "an object")),
        }
    }

    fn arr<'v>(&self, obj: &'v Map<String, Value>, field: &str) -> Result<Option<&'v Vec<Value>>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(self.wrong(field, "an array")),
        }
    }

    fn num(&self, obj: &Map<String, Value>, field: &str) -> Result<Option<serde_json::Number>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.clone())),
            Some(_) => Err(self.wrong(field, "a number")),
        }
    }

    fn u64(&self, obj: &Map<String, Value>, field: &str) -> Result<Option<u64>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(field, "a non-negative integer")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const NS: &str = "botocore.widgetstore";

    fn manifest_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn sample() -> Model {
        let path = manifest_dir().join("tests/botocore/sample-service-2.json");
        crate::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
    }

    fn id(name: &str) -> ShapeId {
        ShapeId::new(NS, name)
    }

    fn shape<'m>(model: &'m Model, name: &str) -> &'m Shape {
        model
            .shape(&id(name))
            .unwrap_or_else(|| panic!("no shape {name}"))
    }

    fn member<'m>(model: &'m Model, shape_name: &str, member: &str) -> &'m Member {
        shape(model, shape_name)
            .member(member)
            .unwrap_or_else(|| panic!("no member {shape_name}${member}"))
    }

    fn options() -> crate::Options {
        crate::Options {
            runtime: crate::RuntimeDependency::Path("../runtime".into()),
            standalone: false,
            package_name: None,
        }
    }

    /// load (with format detection and prelude) → transform → lower → emit.
    fn pipeline(path: &Path, text: &str) -> std::result::Result<crate::Generated, String> {
        let model = crate::load::load_str(path, text).map_err(|e| e.to_string())?;
        let closure = crate::transform::run(model).map_err(|e| e.to_string())?;
        let krate = crate::ir::lower(&closure).map_err(|e| e.to_string())?;
        crate::emit::emit(&krate, &options())
    }

    fn load_value(value: Value) -> Result<Model> {
        crate::load::load_str(Path::new("test.json"), &value.to_string())
    }

    #[test]
    fn sample_service_shape() {
        let model = sample();
        let services: Vec<&Shape> = model.services().collect();
        assert_eq!(services.len(), 1);
        let service = services[0];
        assert_eq!(service.id, id("WidgetStore"));
        let tr = &service.traits;
        assert_eq!(tr.get(t::REST_JSON1), Some(&json!({})));
        assert!(!tr.has(t::AWS_JSON1_1));
        assert_eq!(
            tr.get(t::AWS_SERVICE),
            Some(&json!({"sdkId": "Widget Store", "endpointPrefix": "widgets"}))
        );
        assert_eq!(tr.get(t::SIGV4), Some(&json!({"name": "widgetstore"})));
        assert_eq!(tr.str(t::TITLE), Some("Example Widget Store"));
        assert_eq!(tr.str(t::DOCUMENTATION), Some("<p>Stores widgets.</p>"));
        let props = service.service.as_ref().expect("service props");
        assert_eq!(props.version, "2024-01-01");
        assert_eq!(props.operations.len(), 7);
        assert!(props.operations.contains(&id("PutWidgetData")));
        assert!(props.rename.is_empty());
    }

    #[test]
    fn sample_operations() {
        let model = sample();
        let create = shape(&model, "CreateWidget");
        assert_eq!(create.ty, ShapeType::Operation);
        assert_eq!(
            create.traits.get(t::HTTP),
            Some(&json!({"method": "POST", "uri": "/widgets", "code": 201}))
        );
        assert!(create.traits.has(IDEMPOTENT));
        assert_eq!(
            create.traits.str(t::DOCUMENTATION),
            Some("<p>Creates a widget.</p>")
        );
        let props = create.operation.as_ref().expect("operation props");
        assert_eq!(props.input, Some(id("CreateWidgetRequest")));
        assert_eq!(props.output, Some(id("CreateWidgetResponse")));
        assert_eq!(
            props.errors,
            vec![
                id("ConflictException"),
                id("ServiceFailure"),
                id("ThrottlingException")
            ]
        );
        let http = |op: &str| shape(&model, op).traits.get(t::HTTP).cloned();
        // Labels are renamed from `locationName` to the member name; `+` and the query survive.
        assert_eq!(
            http("GetWidget"),
            Some(json!({"method": "GET", "uri": "/widgets/{WidgetId}", "code": 200}))
        );
        assert_eq!(
            http("PutWidgetData").unwrap()["uri"],
            json!("/widgets/{WidgetId}/data/{Path+}")
        );
        assert_eq!(
            http("ListWidgets").unwrap()["uri"],
            json!("/widgets?view=summary")
        );
        let delete = shape(&model, "DeleteWidget");
        assert_eq!(http("DeleteWidget").unwrap()["code"], json!(204));
        assert_eq!(
            delete.traits.get(t::DEPRECATED),
            Some(&json!({"message": "Use RetireWidget instead."}))
        );
        assert_eq!(delete.operation.as_ref().unwrap().output, None);
        assert_eq!(
            shape(&model, "DescribeWidgetHistory").traits.get(ENDPOINT),
            Some(&json!({"hostPrefix": "history."}))
        );
        assert!(shape(&model, "PutWidgetData").traits.has(UNSIGNED_PAYLOAD));
    }

    #[test]
    fn sample_member_bindings() {
        let model = sample();
        let tr = |s: &str, m: &str| member(&model, s, m).traits.clone();
        assert!(tr("GetWidgetRequest", "WidgetId").has(t::HTTP_LABEL));
        assert!(tr("GetWidgetRequest", "WidgetId").has(t::REQUIRED));
        assert_eq!(
            tr("GetWidgetRequest", "Version").str(t::HTTP_QUERY),
            Some("version")
        );
        assert_eq!(
            tr("GetWidgetResponse", "ETag").str(t::HTTP_HEADER),
            Some("ETag")
        );
        let modified = tr("GetWidgetResponse", "LastModified");
        assert_eq!(modified.str(t::HTTP_HEADER), Some("Last-Modified"));
        assert_eq!(modified.str(t::TIMESTAMP_FORMAT), Some("http-date"));
        assert!(!modified.has(t::JSON_NAME));
        assert!(tr("ListWidgetsRequest", "Filters").has(t::HTTP_QUERY_PARAMS));
        assert!(!tr("ListWidgetsRequest", "Filters").has(t::HTTP_QUERY));
        assert_eq!(
            tr("ListWidgetsRequest", "MaxResults").str(t::HTTP_QUERY),
            Some("maxResults")
        );
        assert_eq!(
            tr("PutWidgetDataRequest", "Metadata").str(t::HTTP_PREFIX_HEADERS),
            Some("x-amz-meta-")
        );
        assert!(tr("PutWidgetDataRequest", "Body").has(t::HTTP_PAYLOAD));
        assert!(tr("PutWidgetDataRequest", "Path").has(t::REQUIRED));
        assert!(!tr("PutWidgetDataRequest", "Metadata").has(t::REQUIRED));
        assert!(tr("CreateWidgetResponse", "Status").has(t::HTTP_RESPONSE_CODE));
        assert!(tr("DescribeWidgetHistoryResponse", "History").has(t::HTTP_PAYLOAD));
        assert!(tr("CreateWidgetRequest", "ClientToken").has(t::IDEMPOTENCY_TOKEN));
        assert_eq!(
            tr("CreateWidgetRequest", "Name").str(t::DOCUMENTATION),
            Some("<p>The widget's name.</p>")
        );
        // Body members: `locationName` is the JSON (and XML) name.
        assert_eq!(
            tr("ListWidgetsResponse", "NextToken").str(t::JSON_NAME),
            Some("nextToken")
        );
        assert_eq!(tr("Widget", "Color").str(t::JSON_NAME), Some("colour"));
        assert_eq!(tr("Widget", "Color").str(XML_NAME), Some("colour"));
        assert_eq!(member(&model, "Widget", "Color").target, id("Widget_Color"));
        // A member name that is not an identifier keeps its wire name.
        assert_eq!(
            tr("Widget", "item_count").str(t::JSON_NAME),
            Some("item-count")
        );
        assert_eq!(
            tr("Widget", "CreatedAt").str(t::TIMESTAMP_FORMAT),
            Some("epoch-seconds")
        );
        assert_eq!(
            tr("Widget", "Deprecated").get(t::DEPRECATED),
            Some(&json!({}))
        );
        assert!(tr("WatchEvent", "Widget").has(EVENT_PAYLOAD));
        assert!(tr("WatchEvent", "Sequence").has(EVENT_HEADER));
        // `jsonvalue` points the member at a synthetic string with the media type.
        let attributes = member(&model, "PutWidgetDataRequest", "Attributes");
        assert_eq!(attributes.target, id("AttributesDocumentJsonValue"));
        assert_eq!(
            attributes.traits.str(t::HTTP_HEADER),
            Some("X-Widget-Attributes")
        );
        let synthetic = shape(&model, "AttributesDocumentJsonValue");
        assert_eq!(synthetic.ty, ShapeType::String);
        assert_eq!(
            synthetic.traits.str(t::MEDIA_TYPE),
            Some("application/json")
        );
        assert!(!shape(&model, "AttributesDocument")
            .traits
            .has(t::MEDIA_TYPE));
    }

    #[test]
    fn sample_shapes_and_errors() {
        let model = sample();
        let color = shape(&model, "Widget_Color");
        assert_eq!(
            color.traits.get(t::ENUM),
            Some(&json!([{"value": "red"}, {"value": "dark-blue"}, {"value": "2tone"}]))
        );
        assert_eq!(
            shape(&model, "WidgetState").traits.get(t::ENUM),
            Some(&json!([
                {"value": "ACTIVE", "name": "ACTIVE"},
                {"value": "RETIRED", "name": "RETIRED"}
            ]))
        );
        let token = shape(&model, "ClientToken");
        assert_eq!(
            token.traits.get(t::LENGTH),
            Some(&json!({"min": 1, "max": 64}))
        );
        assert_eq!(token.traits.str(t::PATTERN), Some("^[a-zA-Z0-9-]+$"));
        assert_eq!(
            shape(&model, "MaxResults").traits.get(t::RANGE),
            Some(&json!({"min": 1, "max": 100}))
        );
        assert_eq!(
            shape(&model, "TagMap").traits.get(t::LENGTH),
            Some(&json!({"max": 50}))
        );
        let data = shape(&model, "WidgetData");
        assert_eq!(data.ty, ShapeType::Blob);
        assert!(data.traits.has(t::STREAMING) && data.traits.has(t::REQUIRES_LENGTH));
        assert_eq!(
            shape(&model, "Timestamp").traits.str(t::TIMESTAMP_FORMAT),
            Some("date-time")
        );
        assert!(shape(&model, "SecretToken").traits.has(t::SENSITIVE));
        assert_eq!(shape(&model, "HistoryEntry").ty, ShapeType::Union);
        assert!(!shape(&model, "HistoryEntry").traits.has(t::STREAMING));
        assert_eq!(shape(&model, "Details").ty, ShapeType::Document);
        let stream = shape(&model, "WatchEventStream");
        assert_eq!(stream.ty, ShapeType::Union);
        assert!(stream.traits.has(t::STREAMING));
        assert_eq!(shape(&model, "WidgetList").members[0].target, id("Widget"));
        let map = shape(&model, "TagMap");
        assert_eq!(
            map.members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>(),
            ["key", "value"]
        );

        let conflict = shape(&model, "ConflictException");
        assert_eq!(conflict.traits.str(t::ERROR), Some("client"));
        assert_eq!(conflict.traits.get(t::HTTP_ERROR), Some(&json!(409)));
        assert!(!conflict.traits.has(AWS_QUERY_ERROR));
        let failure = shape(&model, "ServiceFailure");
        assert_eq!(failure.traits.str(t::ERROR), Some("server"));
        assert_eq!(
            failure.traits.get(AWS_QUERY_ERROR),
            Some(&json!({"code": "InternalFailure", "httpResponseCode": 500}))
        );
        let not_found = shape(&model, "NotFoundException");
        assert_eq!(not_found.traits.str(t::ERROR), Some("client"));
        assert!(!not_found.traits.has(t::HTTP_ERROR));
        assert_eq!(
            shape(&model, "ThrottlingException")
                .traits
                .get(t::RETRYABLE),
            Some(&json!({"throttling": true}))
        );

        assert!(shape(&model, "CreateWidgetRequest").traits.has(t::INPUT));
        assert!(shape(&model, "CreateWidgetResponse").traits.has(t::OUTPUT));
        assert!(!shape(&model, "Widget").traits.has(t::INPUT));
        assert!(!shape(&model, "Widget").traits.has(t::OUTPUT));
    }

    #[test]
    fn sample_generates_a_crate() {
        let path = manifest_dir().join("tests/botocore/sample-service-2.json");
        let text = std::fs::read_to_string(&path).expect("sample model");
        let generated = pipeline(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(generated.package, "widget-store");
        assert_eq!(generated.operations, 7);
        assert!(
            generated.unsupported.is_empty(),
            "{:?}",
            generated.unsupported
        );
        let all: String = generated.files.iter().map(|(_, c)| c.as_str()).collect();
        // The event stream: its events' header and payload bindings carried over.
        assert!(all.contains("EventReceiver<crate::types::WatchEventStream>"));
        assert!(all.contains(r#"(message, "Sequence")"#));
        assert!(all.contains("X-Widget-Attributes"));
        assert!(all.contains("\"colour\""));
    }

    /// A small service around the given operations and shapes.
    fn service(protocol: &str, operations: Value, shapes: Value) -> Value {
        json!({
            "metadata": {"protocol": protocol, "apiVersion": "2020-01-01", "serviceId": "Test"},
            "operations": operations,
            "shapes": shapes,
        })
    }

    #[test]
    fn operation_keys_that_differ_from_names_are_renamed() {
        let given = |uri: &str| {
            json!({"name": "OperationName", "http": {"method": "POST", "requestUri": uri},
                   "input": {"shape": "In"}})
        };
        let model = load_value(service(
            "rest-json",
            json!({
                "OperationName": given("/a"),
                "OperationNameCase1": given("/b"),
                "other-key!": given("/c"),
            }),
            json!({"In": {"type": "structure", "members": {"A": {"shape": "S"}}},
                   "S": {"type": "string"}}),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let service = model.services().next().expect("service");
        let props = service.service.as_ref().unwrap();
        let plain = ShapeId::new("botocore.test", "OperationName");
        let case1 = ShapeId::new("botocore.test.operationnamecase1", "OperationName");
        let other = ShapeId::new("botocore.test.other_key", "OperationName");
        assert_eq!(
            props.operations,
            vec![plain.clone(), case1.clone(), other.clone()]
        );
        assert_eq!(
            props.rename.get(&case1).map(String::as_str),
            Some("OperationNameCase1")
        );
        assert_eq!(
            props.rename.get(&other).map(String::as_str),
            Some("other_key")
        );
        assert!(!props.rename.contains_key(&plain));
        assert_eq!(
            model.shapes[&case1].traits.get(t::HTTP).unwrap()["uri"],
            json!("/b")
        );
        // The input is shared by three operations, so it is not an `@input` structure.
        assert!(!model.shapes[&ShapeId::new("botocore.test", "In")]
            .traits
            .has(t::INPUT));
        let closure = crate::transform::run(model).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = closure
            .operations
            .iter()
            .map(|op| closure.name(op))
            .collect();
        assert_eq!(names, ["OperationName", "OperationNameCase1", "other_key"]);
    }

    #[test]
    fn input_and_output_traits_only_on_exclusive_structures() {
        let op = |input: &str, output: &str| {
            json!({"name": "X", "http": {"method": "POST", "requestUri": "/"},
                   "input": {"shape": input}, "output": {"shape": output}})
        };
        let mut ops =
            json!({"A": op("AIn", "Both"), "B": op("Both", "BOut"), "C": op("CIn", "Shared")});
        for (key, value) in ops.as_object_mut().unwrap() {
            value["name"] = json!(key);
        }
        let empty = json!({"type": "structure", "members": {}});
        let model = load_value(service(
            "json",
            ops,
            json!({
                "AIn": empty, "Both": empty, "BOut": empty, "CIn": empty, "Shared": empty,
                "Holder": {"type": "structure", "members": {"S": {"shape": "Shared"}}},
            }),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let has = |name: &str, tr: &str| {
            model.shapes[&ShapeId::new("botocore.test", name)]
                .traits
                .has(tr)
        };
        assert!(has("AIn", t::INPUT) && has("CIn", t::INPUT) && has("BOut", t::OUTPUT));
        assert!(!has("Both", t::INPUT) && !has("Both", t::OUTPUT));
        assert!(!has("Shared", t::OUTPUT));
        assert!(!has("Holder", t::INPUT) && !has("Holder", t::OUTPUT));
    }

    #[test]
    fn json_protocol_metadata() {
        let mut model = service("json", json!({}), json!({}));
        model["metadata"] = json!({
            "protocols": ["json", "query", "future-protocol"],
            "jsonVersion": "1.0",
            "targetPrefix": "Frobnicator_20200101",
            "endpointPrefix": "frob",
            "awsQueryCompatible": {},
        });
        let model = load_value(model).unwrap_or_else(|e| panic!("{e}"));
        let service = model.services().next().expect("service");
        assert_eq!(
            service.id,
            ShapeId::new("botocore.frob", "Frobnicator_20200101")
        );
        assert!(service.traits.has(t::AWS_JSON1_0));
        assert!(service.traits.has(t::AWS_QUERY));
        assert!(!service.traits.has(t::AWS_JSON1_1));
        assert!(service.traits.has(t::AWS_QUERY_COMPATIBLE));
        assert_eq!(service.traits.get(t::SIGV4), Some(&json!({"name": "frob"})));
        assert_eq!(
            service.traits.get(t::AWS_SERVICE),
            Some(&json!({"sdkId": "Frobnicator_20200101", "endpointPrefix": "frob"}))
        );

        let mut v11 = service_json_version(None);
        let model = load_value(v11.take()).unwrap_or_else(|e| panic!("{e}"));
        assert!(model.services().next().unwrap().traits.has(t::AWS_JSON1_1));
    }

    #[test]
    fn dotted_target_prefix_uses_its_last_segment() {
        let with_prefix = |protocol: &str, prefix: &str| {
            let mut model = service(protocol, json!({}), json!({}));
            model["metadata"]["targetPrefix"] = json!(prefix);
            load_value(model)
        };
        let model = with_prefix(
            "json",
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let service = model.services().next().unwrap();
        assert_eq!(
            service.id,
            ShapeId::new("botocore.test", "CloudTrail_20131101")
        );
        let err = with_prefix("json", "com.example.Not-Valid").unwrap_err();
        assert!(
            err.message
                .contains("`targetPrefix` `com.example.Not-Valid` is not an identifier"),
            "{err}"
        );
        // Without awsJson the prefix is not on the wire, so any prefix is tolerated.
        let model =
            with_prefix("rest-json", "com.example.Not-Valid").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            model.services().next().unwrap().id,
            ShapeId::new("botocore.test", "Test")
        );
    }

    #[test]
    fn xml_protocols_get_xml_names_only() {
        let model = service(
            "rest-xml",
            json!({"Op": {"name": "Op", "http": {"method": "GET", "requestUri": "/"},
                          "output": {"shape": "Out"}}}),
            json!({
                "Out": {"type": "structure", "members": {
                    // S3 has pairs like this: one flattened list named like its neighbour.
                    "Event": {"shape": "S", "deprecated": true},
                    "Events": {"shape": "Events", "locationName": "Event"},
                    "odd-name": {"shape": "S"}}},
                "Events": {"type": "list", "member": {"shape": "S", "locationName": "member"},
                           "flattened": true},
                "S": {"type": "string"},
            }),
        );
        let model = load_value(model).unwrap_or_else(|e| panic!("{e}"));
        let out = &model.shapes[&ShapeId::new("botocore.test", "Out")];
        let events = out.member("Events").unwrap();
        assert_eq!(events.traits.str(XML_NAME), Some("Event"));
        assert!(!events.traits.has(t::JSON_NAME));
        assert!(events.traits.has(XML_FLATTENED));
        assert_eq!(
            out.member("odd_name").unwrap().traits.str(XML_NAME),
            Some("odd-name")
        );
        assert!(!out.member("odd_name").unwrap().traits.has(t::JSON_NAME));
        let list = &model.shapes[&ShapeId::new("botocore.test", "Events")];
        assert!(list.traits.has(XML_FLATTENED));
        assert_eq!(list.members[0].traits.str(XML_NAME), Some("member"));
        assert!(model.services().next().unwrap().traits.has(t::REST_XML));
    }

    fn service_json_version(version: Option<&str>) -> Value {
        let mut model = service("json", json!({}), json!({}));
        if let Some(v) = version {
            model["metadata"]["jsonVersion"] = json!(v);
        }
        model
    }

    #[test]
    fn names_are_sanitized_consistently() {
        let model = load_value(service(
            "rest-json",
            json!({"Thing": {"name": "Thing", "http": {"method": "GET", "requestUri": "/"},
                             "output": {"shape": "Out"}, "errors": [{"shape": "Bad-Request"}]}}),
            json!({
                "Out": {"type": "structure", "members": {
                    "a": {"shape": "Foo-Bar"}, "b": {"shape": "FooBar"}, "c": {"shape": "thing"}}},
                "Foo-Bar": {"type": "string"},
                "FooBar": {"type": "integer"},
                "thing": {"type": "string"},
                "Bad-Request": {"type": "structure", "members": {}, "exception": true,
                                "error": {"httpStatusCode": 400, "senderFault": true}},
            }),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let ns = |n: &str| ShapeId::new("botocore.test", n);
        let out = &model.shapes[&ns("Out")];
        let targets: Vec<&ShapeId> = out.members.iter().map(|m| &m.target).collect();
        // `Foo-Bar` becomes `Foo_Bar`, the same Rust name as `FooBar`; `thing` clashes with the operation `Thing`.
        assert_eq!(targets, [&ns("Foo_Bar2"), &ns("FooBar"), &ns("thing2")]);
        assert_eq!(model.shapes[&ns("Foo_Bar2")].ty, ShapeType::String);
        assert_eq!(model.shapes[&ns("FooBar")].ty, ShapeType::Integer);
        assert_eq!(model.shapes[&ns("Thing")].ty, ShapeType::Operation);
        // The error code survives the sanitized name.
        let bad = &model.shapes[&ns("Bad_Request")];
        assert_eq!(
            bad.traits.get(AWS_QUERY_ERROR),
            Some(&json!({"code": "Bad-Request", "httpResponseCode": 400}))
        );
        assert_eq!(
            model.shapes[&ns("Thing")]
                .operation
                .as_ref()
                .unwrap()
                .errors,
            vec![ns("Bad_Request")]
        );
    }

    #[test]
    fn format_detection() {
        let botocore = service("rest-json", json!({}), json!({}));
        assert!(crate::load::load_str(Path::new("x.json"), &botocore.to_string()).is_ok());
        let mut smithy = botocore.clone();
        smithy["smithy"] = json!("2.0");
        // With a `smithy` key it is read as the JSON AST, whose `shapes` are absolute IDs.
        let err = crate::load::load_str(Path::new("x.json"), &smithy.to_string());
        assert!(err.is_ok_and(|m| m.services().next().is_none()));
    }

    /// A minimal valid model that the malformed-input cases below break one field at a time.
    fn base() -> Value {
        json!({
            "metadata": {"protocol": "rest-json", "apiVersion": "2020-01-01", "serviceId": "T"},
            "operations": {
                "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/{Id}"},
                       "input": {"shape": "In"}, "output": {"shape": "Out"},
                       "errors": [{"shape": "Err"}]}
            },
            "shapes": {
                "In": {"type": "structure", "required": ["Id"], "members": {
                    "Id": {"shape": "S", "location": "uri"},
                    "L": {"shape": "List"}}},
                "Out": {"type": "structure", "members": {"V": {"shape": "S"}}},
                "Err": {"type": "structure", "members": {}, "exception": true,
                        "error": {"httpStatusCode": 400}},
                "S": {"type": "string"},
                "N": {"type": "integer"},
                "List": {"type": "list", "member": {"shape": "S"}},
            }
        })
    }

    #[test]
    fn base_model_loads() {
        let model = load_value(base()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(model.services().count(), 1);
        pipeline(Path::new("base.json"), &base().to_string()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn malformed_input_gives_located_errors() {
        type Edit = fn(&mut Value);
        let cases: &[(Edit, Option<&str>, Option<&str>, &str)] = &[
            (
                |v| v["metadata"] = json!([]),
                None,
                None,
                "`metadata` must be an object",
            ),
            (
                |v| v["metadata"]["protocol"] = json!(5),
                None,
                None,
                "`metadata.protocol` must be a string",
            ),
            (
                |v| v["metadata"]["protocol"] = json!("soap"),
                None,
                None,
                "unknown protocol `soap`",
            ),
            (
                |v| v["metadata"]["protocols"] = json!("json"),
                None,
                None,
                "`metadata.protocols` must be an array",
            ),
            (
                |v| v["metadata"]["apiVersion"] = json!(2020),
                None,
                None,
                "`metadata.apiVersion` must be a string",
            ),
            (
                |v| v["shapes"] = json!([]),
                None,
                None,
                "`shapes` must be an object",
            ),
            (
                |v| v["shapes"]["S"] = json!("string"),
                Some("S"),
                None,
                "must be a JSON object",
            ),
            (
                |v| v["shapes"]["S"]["type"] = json!(1),
                Some("S"),
                None,
                "`type` must be a string",
            ),
            (
                |v| v["shapes"]["S"]["type"] = json!("widget"),
                Some("S"),
                None,
                "unknown shape type `widget`",
            ),
            (
                |v| {
                    v["shapes"]["S"].as_object_mut().unwrap().remove("type");
                },
                Some("S"),
                None,
                "missing `type`",
            ),
            (
                |v| v["shapes"]["S"]["enum"] = json!([1]),
                Some("S"),
                None,
                "`enum` must be an array of strings",
            ),
            (
                |v| v["shapes"]["S"]["min"] = json!("1"),
                Some("S"),
                None,
                "`min` must be a number",
            ),
            (
                |v| v["shapes"]["S"]["min"] = json!(-1),
                Some("S"),
                None,
                "must not be negative",
            ),
            (
                |v| v["shapes"]["S"]["sensitive"] = json!("yes"),
                Some("S"),
                None,
                "`sensitive` must be a boolean",
            ),
            (
                |v| v["shapes"]["N"]["max"] = json!({}),
                Some("N"),
                None,
                "`max` must be a number",
            ),
            (
                |v| v["shapes"]["S"]["xmlNamespace"] = json!(5),
                Some("S"),
                None,
                "`xmlNamespace` must be a string or an object",
            ),
            (
                |v| v["shapes"]["In"]["members"] = json!([]),
                Some("In"),
                None,
                "`members` must be an object",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"] = json!("S"),
                Some("In"),
                Some("Id"),
                "must be a JSON object",
            ),
            (
                |v| {
                    v["shapes"]["In"]["members"]["Id"]
                        .as_object_mut()
                        .unwrap()
                        .remove("shape");
                },
                Some("In"),
                Some("Id"),
                "needs a `shape`",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["shape"] = json!(["S"]),
                Some("In"),
                Some("Id"),
                "`shape` must be a string",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["shape"] = json!("Nope"),
                Some("In"),
                Some("Id"),
                "`Nope`, which is not defined",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["location"] = json!(1),
                Some("In"),
                Some("Id"),
                "`location` must be a string",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["location"] = json!("body"),
                Some("In"),
                Some("Id"),
                "unknown `location` `body`",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["locationName"] = json!(false),
                Some("In"),
                Some("Id"),
                "`locationName` must be a string",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["timestampFormat"] = json!("weird"),
                Some("In"),
                Some("Id"),
                "unknown `timestampFormat` `weird`",
            ),
            (
                |v| v["shapes"]["In"]["members"]["Id"]["jsonvalue"] = json!(1),
                Some("In"),
                Some("Id"),
                "`jsonvalue` must be a boolean",
            ),
            (
                |v| v["shapes"]["In"]["members"]["L"]["jsonvalue"] = json!(true),
                Some("In"),
                Some("L"),
                "`jsonvalue` needs a string target",
            ),
            (
                |v| v["shapes"]["In"]["required"] = json!("Id"),
                Some("In"),
                None,
                "`required` must be an array",
            ),
            (
                |v| v["shapes"]["In"]["required"] = json!([1]),
                Some("In"),
                None,
                "`required` must be an array of member names",
            ),
            (
                |v| v["shapes"]["In"]["required"] = json!(["Nope"]),
                Some("In"),
                None,
                "`required` names `Nope`",
            ),
            (
                |v| v["shapes"]["In"]["payload"] = json!("Nope"),
                Some("In"),
                None,
                "`payload` names `Nope`",
            ),
            (
                |v| v["shapes"]["In"]["payload"] = json!(true),
                Some("In"),
                None,
                "`payload` must be a string",
            ),
            (
                |v| v["shapes"]["In"]["union"] = json!("true"),
                Some("In"),
                None,
                "`union` must be a boolean",
            ),
            (
                |v| v["shapes"]["Err"]["error"] = json!("x"),
                Some("Err"),
                None,
                "`error` must be an object",
            ),
            (
                |v| v["shapes"]["Err"]["error"]["httpStatusCode"] = json!("400"),
                Some("Err"),
                None,
                "`error.httpStatusCode` must be a non-negative integer",
            ),
            (
                |v| v["shapes"]["Err"]["error"]["code"] = json!(1),
                Some("Err"),
                None,
                "`error.code` must be a string",
            ),
            (
                |v| v["shapes"]["Err"]["retryable"] = json!(true),
                Some("Err"),
                None,
                "`retryable` must be an object",
            ),
            (
                |v| {
                    v["shapes"]["List"]
                        .as_object_mut()
                        .unwrap()
                        .remove("member");
                },
                Some("List"),
                None,
                "a list needs a `member`",
            ),
            (
                |v| v["shapes"]["List"]["member"] = json!("S"),
                Some("List"),
                None,
                "`member` must be an object",
            ),
            (
                |v| v["shapes"]["List"]["member"]["shape"] = json!("Nope"),
                Some("List"),
                Some("member"),
                "which is not defined",
            ),
            (
                |v| v["shapes"]["List"]["type"] = json!("map"),
                Some("List"),
                None,
                "a map needs a `key`",
            ),
            (
                |v| v["operations"]["Op"] = json!(1),
                Some("operations.Op"),
                None,
                "an operation must be a JSON object",
            ),
            (
                |v| v["operations"]["Op"]["name"] = json!("Not valid"),
                Some("operations.Op"),
                None,
                "is not an identifier",
            ),
            (
                |v| v["operations"]["Op"]["name"] = json!(3),
                Some("operations.Op"),
                None,
                "`name` must be a string",
            ),
            (
                |v| v["operations"]["Op"]["http"] = json!("POST /"),
                Some("operations.Op"),
                None,
                "`http` must be an object",
            ),
            (
                |v| v["operations"]["Op"]["http"]["method"] = json!(1),
                Some("operations.Op"),
                None,
                "`http.method` must be a string",
            ),
            (
                |v| {
                    v["operations"]["Op"]["http"]
                        .as_object_mut()
                        .unwrap()
                        .remove("requestUri");
                },
                Some("operations.Op"),
                None,
                "missing `http.requestUri`",
            ),
            (
                |v| v["operations"]["Op"]["http"]["responseCode"] = json!(-1),
                Some("operations.Op"),
                None,
                "`http.responseCode` must be a non-negative integer",
            ),
            (
                |v| v["operations"]["Op"]["input"] = json!("In"),
                Some("operations.Op"),
                None,
                "`input` must be an object",
            ),
            (
                |v| v["operations"]["Op"]["input"] = json!({}),
                Some("operations.Op"),
                None,
                "missing `input.shape`",
            ),
            (
                |v| v["operations"]["Op"]["input"]["shape"] = json!("Nope"),
                Some("operations.Op"),
                None,
                "`Nope`, which is not defined",
            ),
            (
                |v| v["operations"]["Op"]["output"]["shape"] = json!("List"),
                Some("operations.Op"),
                None,
                "must be a plain structure",
            ),
            (
                |v| v["operations"]["Op"]["errors"] = json!({}),
                Some("operations.Op"),
                None,
                "`errors` must be an array",
            ),
            (
                |v| v["operations"]["Op"]["errors"] = json!(["Err"]),
                Some("operations.Op"),
                None,
                "`errors` must be an array of",
            ),
            (
                |v| v["operations"]["Op"]["deprecated"] = json!("yes"),
                Some("operations.Op"),
                None,
                "`deprecated` must be a boolean",
            ),
            (
                |v| v["operations"]["Op"]["documentation"] = json!(["x"]),
                Some("operations.Op"),
                None,
                "`documentation` must be a string",
            ),
        ];
        for (i, (edit, shape, member, message)) in cases.iter().enumerate() {
            let mut model = base();
            edit(&mut model);
            let err = match load_value(model) {
                Ok(_) => panic!("case {i} ({message}): loaded without an error"),
                Err(e) => e,
            };
            assert_eq!(err.file, Path::new("test.json"), "case {i}: {err}");
            assert_eq!(err.shape.as_deref(), *shape, "case {i}: {err}");
            assert_eq!(err.member.as_deref(), *member, "case {i}: {err}");
            assert!(
                err.message.contains(message),
                "case {i}: `{err}` lacks `{message}`"
            );
        }
    }

    #[test]
    fn wrong_top_level_is_an_error() {
        let path = Path::new("test.json");
        for text in [
            "[]",
            "1",
            "{\"metadata\": {}, \"operations\": {}, \"shapes\": {}}",
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(load(path, value).is_err(), "{text}");
        }
    }

    #[test]
    fn label_rewriting() {
        let labels = [
            ("foo".to_string(), "Foo".to_string()),
            ("Key".to_string(), "ObjectKey".to_string()),
        ];
        assert_eq!(
            rewrite_labels("/{foo}/x/{Key+}?foo={foo}", &labels),
            "/{Foo}/x/{ObjectKey+}?foo={foo}"
        );
        assert_eq!(
            rewrite_labels("/{other}/{unclosed", &labels),
            "/{other}/{unclosed"
        );
    }

    const CONFORMANCE: &str = "../../shared/conformance/botocore-1.44.5";

    /// Wraps each suite of a conformance file into a `service-2.json`-shaped model whose
    /// operations have one key per case (the `name` field unchanged).
    fn conformance_models(file: &str) -> Option<Vec<(String, String)>> {
        let path = manifest_dir().join(CONFORMANCE).join(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                println!("skipping {file}: {} is not readable ({e})", path.display());
                return None;
            }
        };
        let suites: Vec<Value> = serde_json::from_str(&text).expect("conformance JSON");
        let mut out = Vec::new();
        for (i, suite) in suites.iter().enumerate() {
            let mut operations = Map::new();
            for (n, case) in suite["cases"].as_array().expect("cases").iter().enumerate() {
                let given = &case["given"];
                let name = given["name"].as_str().expect("name");
                let key = if n == 0 {
                    name.to_string()
                } else {
                    format!("{name}Case{n}")
                };
                operations.insert(key, given.clone());
            }
            let model = json!({
                "metadata": suite["metadata"],
                "operations": operations,
                "shapes": suite["shapes"],
            });
            let label = format!(
                "{file} suite {i} ({})",
                suite["description"].as_str().unwrap_or("")
            );
            out.push((label, model.to_string()));
        }
        Some(out)
    }

    #[test]
    fn conformance_json_suites_generate() {
        let mut failures = Vec::new();
        let mut done = 0;
        for file in [
            "input/rest-json.json",
            "input/json.json",
            "input/json_1_0.json",
            "output/rest-json.json",
            "output/json.json",
            "output/json_1_0.json",
            "input/json_1_0-query-compatible.json",
            "output/json_1_0-query-compatible.json",
        ] {
            let Some(models) = conformance_models(file) else {
                continue;
            };
            for (label, text) in models {
                done += 1;
                if let Err(e) = pipeline(Path::new(&label), &text) {
                    failures.push(e.to_string());
                }
            }
        }
        println!("{done} suites through the pipeline");
        assert!(
            failures.is_empty(),
            "{} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn conformance_other_protocols_load() {
        let mut failures = Vec::new();
        for file in [
            "input/query.json",
            "output/query.json",
            "input/ec2.json",
            "output/ec2.json",
            "input/rest-xml.json",
            "output/rest-xml.json",
            "input/smithy-rpc-v2-cbor.json",
            "output/smithy-rpc-v2-cbor.json",
            "input/smithy-rpc-v2-cbor-query-compatible.json",
            "output/smithy-rpc-v2-cbor-query-compatible.json",
            "input/smithy-rpc-v2-cbor-non-query-compatible.json",
        ] {
            for (label, text) in conformance_models(file).into_iter().flatten() {
                let loaded =
                    crate::load::load_str(Path::new(&label), &text).and_then(crate::transform::run);
                if let Err(e) = loaded {
                    failures.push(e.to_string());
                } else if let Err(e) = pipeline(Path::new(&label), &text) {
                    // Generation of these protocols is not supported yet; only report.
                    println!("{label}: {e}");
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Runs every `*.json` of `$SMELT_BOTOCORE_DIR` (for example botocore's `data/*/*/service-2.json`,
    /// decompressed) through the pipeline: `cargo test -p smelt-codegen --lib real_botocore -- --ignored`.
    #[test]
    #[ignore = "needs SMELT_BOTOCORE_DIR"]
    fn real_botocore_models() {
        let Some(dir) = std::env::var_os("SMELT_BOTOCORE_DIR") else {
            println!("skipping: SMELT_BOTOCORE_DIR is not set");
            return;
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("readable SMELT_BOTOCORE_DIR")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut failures = Vec::new();
        let (mut operations, mut unsupported) = (0, 0);
        for path in &paths {
            let text = std::fs::read_to_string(path).expect("readable model");
            match pipeline(path, &text) {
                Ok(generated) => {
                    operations += generated.operations;
                    unsupported += generated.unsupported.len();
                }
                Err(e) => failures.push(e),
            }
        }
        println!(
            "{} models, {} failed; {operations} operations generated, {unsupported} not",
            paths.len(),
            failures.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
