//! Lowering: the service closure → the crate IR. Every decision about Rust shape is made here
//! (names through `naming`, nullability, boxing, bindings); emitters just follow the IR.

use super::*;
use crate::docs::html_to_markdown;
use crate::error::{Error, Result};
use crate::model::{trait_ids as t, Shape, ShapeId, ShapeType, Traits};
use crate::naming;
use crate::transform::ServiceClosure;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowers a service closure into the crate IR.
pub fn lower(closure: &ServiceClosure) -> Result<Crate> {
    let cx = Lower::new(closure)?;
    let service = cx.service()?;
    let mut operations = Vec::new();
    for op_id in &closure.operations {
        operations.push(cx.operation(op_id, &service.protocol)?);
    }
    let mut types = Vec::new();
    for id in cx.shared_types() {
        types.push(cx.type_def(
            id,
            cx.shape(id).ty == ShapeType::Structure && cx.shape(id).traits.has(t::INPUT),
        )?);
    }
    mark_usage(&mut types, &operations, &service.protocol);
    let package = naming::crate_name(&service.sdk_id);
    Ok(Crate {
        package,
        service,
        types,
        operations,
    })
}

struct Lower<'a> {
    closure: &'a ServiceClosure,
    path: &'a Path,
    /// Rust type name of every shape that becomes a named type.
    type_names: BTreeMap<ShapeId, String>,
    /// `(shape, member)` pairs whose value must be boxed to break a cycle.
    boxed: BTreeSet<(ShapeId, String)>,
    /// Whether the service uses a REST protocol (HTTP binding traits apply).
    rest: bool,
    /// Whether the service speaks ec2Query (its own query key names).
    ec2: bool,
}

impl<'a> Lower<'a> {
    fn new(closure: &'a ServiceClosure) -> Result<Self> {
        let path = closure.model.source.as_path();
        let mut type_names = BTreeMap::new();
        let mut seen: BTreeMap<String, ShapeId> = BTreeMap::new();
        for shape in closure.model.shapes.values() {
            if is_named_type(shape) {
                let name = naming::type_name(closure.name(&shape.id));
                if let Some(other) = seen.insert(name.clone(), shape.id.clone()) {
                    return Err(Error::shape(
                        path,
                        &shape.id,
                        format!("its Rust type name `{name}` is also the name of `{other}`; rename one of them"),
                    ));
                }
                type_names.insert(shape.id.clone(), name);
            }
        }
        let rest = closure.service_shape().traits.has(t::REST_JSON1)
            || closure.service_shape().traits.has(t::REST_XML);
        let ec2 = closure.service_shape().traits.has(t::EC2_QUERY);
        let mut cx = Lower {
            closure,
            path,
            type_names,
            boxed: BTreeSet::new(),
            rest,
            ec2,
        };
        cx.find_boxed()?;
        Ok(cx)
    }

    fn shape(&self, id: &ShapeId) -> &'a Shape {
        self.closure.shape(id)
    }

    fn err_member(&self, shape: &ShapeId, member: &str, msg: impl Into<String>) -> Error {
        Error::member(self.path, shape, member, msg)
    }

    /// Finds the struct/union members that must be boxed: edges inside a cycle that does not
    /// pass through a list or map. Also rejects cycles that could never be built.
    fn find_boxed(&mut self) -> Result<()> {
        let direct = |shape: &Shape| -> Vec<(String, ShapeId)> {
            if !matches!(shape.ty, ShapeType::Structure | ShapeType::Union) {
                return Vec::new();
            }
            shape
                .members
                .iter()
                .filter(|m| {
                    matches!(
                        self.shape(&m.target).ty,
                        ShapeType::Structure | ShapeType::Union
                    )
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect()
        };
        let shapes: Vec<&Shape> = self.closure.model.shapes.values().collect();
        let edges: BTreeMap<&ShapeId, Vec<(String, ShapeId)>> =
            shapes.iter().map(|s| (&s.id, direct(s))).collect();
        let reaches = |from: &ShapeId, to: &ShapeId| -> bool {
            let mut stack = vec![from.clone()];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if &id == to {
                    return true;
                }
                if seen.insert(id.clone()) {
                    if let Some(next) = edges.get(&id) {
                        stack.extend(next.iter().map(|(_, t)| t.clone()));
                    }
                }
            }
            false
        };
        for (from, out) in &edges {
            for (member, target) in out {
                if reaches(target, from) {
                    self.boxed.insert(((*from).clone(), member.clone()));
                }
            }
        }
        // A cycle of members that are all non-optional structures can never be constructed.
        for shape in &shapes {
            if shape.ty != ShapeType::Structure || shape.traits.has(t::INPUT) {
                continue;
            }
            for member in &shape.members {
                let target = self.shape(&member.target);
                if !self
                    .boxed
                    .contains(&(shape.id.clone(), member.name.clone()))
                    || is_optional(&member.traits, shape, target)
                {
                    continue;
                }
                if self.required_cycle(&shape.id, &member.target, &mut BTreeSet::new()) {
                    return Err(self.err_member(
                        &shape.id,
                        &member.name,
                        "is part of a cycle of required structure members, so no value of it could ever be built",
                    ));
                }
            }
        }
        Ok(())
    }

    fn required_cycle(&self, start: &ShapeId, at: &ShapeId, seen: &mut BTreeSet<ShapeId>) -> bool {
        if !seen.insert(at.clone()) {
            return false;
        }
        let shape = self.shape(at);
        if shape.ty != ShapeType::Structure || shape.traits.has(t::INPUT) {
            return false;
        }
        shape.members.iter().any(|m| {
            !is_optional(m.traits_ref(), shape, self.shape(&m.target))
                && self.shape(&m.target).ty == ShapeType::Structure
                && (&m.target == start || self.required_cycle(start, &m.target, seen))
        })
    }

    /// Shapes emitted in `crate::types`: everything named that a member targets, and errors.
    fn shared_types(&self) -> Vec<&'a ShapeId> {
        let mut targeted = BTreeSet::new();
        for shape in self.closure.model.shapes.values() {
            if shape.ty == ShapeType::Resource {
                continue;
            }
            for m in &shape.members {
                targeted.insert(&m.target);
            }
            if let Some(op) = &shape.operation {
                targeted.extend(op.errors.iter());
            }
        }
        let mut ids: Vec<&ShapeId> = self
            .closure
            .model
            .shapes
            .values()
            .filter(|s| is_named_type(s) && targeted.contains(&s.id))
            .map(|s| &s.id)
            .collect();
        ids.sort_by(|a, b| self.type_names[*a].cmp(&self.type_names[*b]));
        ids
    }

    fn service(&self) -> Result<Service> {
        let shape = self.closure.service_shape();
        let traits = &shape.traits;
        let aws = traits.get(t::AWS_SERVICE);
        let name = self.closure.name(&shape.id).to_string();
        let sdk_id = aws
            .and_then(|v| v.get("sdkId"))
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| name.clone());
        let signing_name = traits
            .get(t::SIGV4)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(String::from)
            .or_else(|| {
                aws.and_then(|v| v.get("arnNamespace"))
                    .and_then(Value::as_str)
                    .map(String::from)
            })
            .unwrap_or_else(|| naming::crate_name(&sdk_id));
        let endpoint_prefix = aws
            .and_then(|v| v.get("endpointPrefix"))
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| signing_name.clone());
        let protocol = if traits.has(t::REST_JSON1) {
            Protocol::RestJson1
        } else if traits.has(t::AWS_JSON1_0) {
            Protocol::AwsJson1_0 {
                target_prefix: shape.id.name().to_string(),
            }
        } else if traits.has(t::AWS_JSON1_1) {
            Protocol::AwsJson1_1 {
                target_prefix: shape.id.name().to_string(),
            }
        } else if traits.has(t::AWS_QUERY) {
            Protocol::AwsQuery {
                version: shape
                    .service
                    .as_ref()
                    .map(|s| s.version.clone())
                    .unwrap_or_default(),
            }
        } else if traits.has(t::EC2_QUERY) {
            Protocol::Ec2Query {
                version: shape
                    .service
                    .as_ref()
                    .map(|s| s.version.clone())
                    .unwrap_or_default(),
            }
        } else if let Some(v) = traits.get(t::REST_XML) {
            Protocol::RestXml {
                no_error_wrapping: v.get("noErrorWrapping").and_then(Value::as_bool) == Some(true),
            }
        } else {
            let known = [t::RPC_V2_CBOR];
            match known.iter().find(|k| traits.has(k)) {
                Some(k) => Protocol::Unsupported(k.split('#').nth(1).unwrap_or(k).to_string()),
                None => {
                    return Err(Error::shape(
                        self.path,
                        &shape.id,
                        "the service has no protocol trait this generator knows (restJson1, awsJson1_0, awsJson1_1, awsQuery, ec2Query, restXml, rpcv2Cbor)",
                    ))
                }
            }
        };
        Ok(Service {
            id: shape.id.clone(),
            title: traits
                .str(t::TITLE)
                .map(String::from)
                .unwrap_or_else(|| sdk_id.clone()),
            docs: docs(traits),
            version: shape
                .service
                .as_ref()
                .map(|s| s.version.clone())
                .unwrap_or_default(),
            sdk_id,
            signing_name,
            endpoint_prefix,
            protocol,
            query_compatible: traits.has(t::AWS_QUERY_COMPATIBLE),
            xml_namespace: xml_namespace(traits),
        })
    }

    fn rust_type(&self, target: &ShapeId) -> RustType {
        let shape = self.shape(target);
        match shape.ty {
            ShapeType::Blob if shape.traits.has(t::STREAMING) => RustType::ByteStream,
            ShapeType::Union if shape.traits.has(t::STREAMING) => RustType::EventStream {
                name: self
                    .type_names
                    .get(target)
                    .cloned()
                    .unwrap_or_else(|| naming::type_name(target.name())),
            },
            ShapeType::Blob => RustType::Blob,
            ShapeType::Boolean => RustType::Bool,
            ShapeType::Byte => RustType::I8,
            ShapeType::Short => RustType::I16,
            ShapeType::Integer => RustType::I32,
            ShapeType::Long => RustType::I64,
            ShapeType::Float => RustType::F32,
            ShapeType::Double => RustType::F64,
            ShapeType::BigInteger => RustType::BigInteger,
            ShapeType::BigDecimal => RustType::BigDecimal,
            ShapeType::Timestamp => RustType::Timestamp,
            ShapeType::Document => RustType::Document,
            ShapeType::String if !shape.traits.has(t::ENUM) => RustType::String,
            ShapeType::List | ShapeType::Set => RustType::List {
                item: Box::new(self.rust_type(&shape.members[0].target)),
                sparse: shape.traits.has(t::SPARSE),
            },
            ShapeType::Map => RustType::Map {
                value: Box::new(self.rust_type(&shape.members[1].target)),
                sparse: shape.traits.has(t::SPARSE),
            },
            _ => RustType::Named {
                name: self
                    .type_names
                    .get(target)
                    .cloned()
                    .unwrap_or_else(|| naming::type_name(target.name())),
                kind: match shape.ty {
                    ShapeType::Union => NamedKind::Union,
                    ShapeType::Enum | ShapeType::String => NamedKind::Enum,
                    ShapeType::IntEnum => NamedKind::IntEnum,
                    _ => NamedKind::Struct,
                },
            },
        }
    }

    fn type_def(&self, id: &ShapeId, is_input: bool) -> Result<TypeDef> {
        let shape = self.shape(id);
        let kind = match shape.ty {
            ShapeType::Structure => {
                let http = (self.rest && shape.traits.has(t::ERROR)).then_some(());
                TypeKind::Struct(self.structure(shape, is_input, http, false)?)
            }
            ShapeType::Union => TypeKind::Union(self.union(shape)?),
            ShapeType::IntEnum => TypeKind::IntEnum(self.int_enum(shape)?),
            _ => TypeKind::Enum(self.string_enum(shape)?),
        };
        Ok(TypeDef {
            shape: id.clone(),
            name: self.type_names[id].clone(),
            docs: docs(&shape.traits),
            deprecated: deprecated(&shape.traits),
            sensitive: shape.traits.has(t::SENSITIVE),
            event_stream: shape.ty == ShapeType::Union && shape.traits.has(t::STREAMING),
            xml_name: shape
                .traits
                .str(t::XML_NAME)
                .unwrap_or(id.name())
                .to_string(),
            xml_namespace: xml_namespace(&shape.traits),
            kind,
            serialize: false,
            deserialize: false,
        })
    }

    /// `http` is the operation's `@http` trait when the structure is its input or output under a
    /// REST protocol; otherwise every member is a body member. `operation_io`: the structure is
    /// an operation's input or output, the only place `@streaming` blobs may be.
    fn structure(
        &self,
        shape: &Shape,
        is_input: bool,
        http: Option<()>,
        operation_io: bool,
    ) -> Result<Struct> {
        let mut members = Vec::new();
        let mut fields = BTreeMap::new();
        let mut json_names = BTreeMap::new();
        for m in &shape.members {
            let target = self.shape(&m.target);
            let field = naming::field_name(&m.name);
            if let Some(other) = fields.insert(field.clone(), m.name.clone()) {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!("its Rust field name `{field}` is also the name of member `{other}`"),
                ));
            }
            let json_name = match m.traits.get(t::JSON_NAME) {
                None => m.name.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(_) => {
                    return Err(self.err_member(&shape.id, &m.name, "`jsonName` must be a string"))
                }
            };
            // A stream in an output is always there (empty when the response has no body).
            let output_stream = !is_input && operation_io && self.rust_type(&m.target).is_stream();
            let optional = is_input || (!output_stream && is_optional(&m.traits, shape, target));
            let default = match m
                .traits
                .get(t::DEFAULT)
                .or_else(|| target.traits.get(t::DEFAULT))
            {
                Some(Value::Null) | None => None,
                Some(v) => Some(v.clone()),
            };
            let binding = if http.is_some() {
                match self.binding(shape, m)? {
                    // Query and label bindings mean nothing in a response: body members there.
                    Binding::Query(_) | Binding::QueryParams | Binding::Label if !is_input => {
                        Binding::Body
                    }
                    binding => binding,
                }
            } else if m.traits.has(t::EVENT_HEADER) {
                Binding::EventHeader
            } else if m.traits.has(t::EVENT_PAYLOAD) {
                Binding::EventPayload
            } else {
                Binding::Body
            };
            // Only members in the JSON document need distinct names in it.
            if binding == Binding::Body {
                if let Some(other) = json_names.insert(json_name.clone(), m.name.clone()) {
                    return Err(self.err_member(
                        &shape.id,
                        &m.name,
                        format!("its JSON name `{json_name}` is also used by member `{other}`"),
                    ));
                }
            }
            let ty = self.rust_type(&m.target);
            let header_type = matches!(
                ty,
                RustType::Bool
                    | RustType::I8
                    | RustType::I16
                    | RustType::I32
                    | RustType::I64
                    | RustType::String
                    | RustType::Blob
                    | RustType::Timestamp
                    | RustType::Named {
                        kind: NamedKind::Enum | NamedKind::IntEnum,
                        ..
                    }
            );
            if binding == Binding::EventHeader && !header_type {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    "an `@eventHeader` member must be a boolean, integer, blob, string or timestamp",
                ));
            }
            if ty.is_stream() && !operation_io {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!(
                        "it targets the `@streaming` shape `{}`, which only members of an \
                         operation's input or output may target",
                        m.target
                    ),
                ));
            }
            members.push(Member {
                smithy_name: m.name.clone(),
                setter: naming::method_name(&m.name, naming::BUILDER_METHODS),
                field,
                json_name,
                ty,
                optional,
                boxed: self.boxed.contains(&(shape.id.clone(), m.name.clone())),
                required: m.traits.has(t::REQUIRED),
                default,
                docs: docs(&m.traits),
                deprecated: deprecated(&m.traits),
                sensitive: m.traits.has(t::SENSITIVE) || target.traits.has(t::SENSITIVE),
                binding,
                timestamp_format: self.timestamp_format(&shape.id, &m.name, &m.traits, target)?,
                idempotency_token: m.traits.has(t::IDEMPOTENCY_TOKEN),
                media_type: target.ty == ShapeType::String && target.traits.has(t::MEDIA_TYPE),
                requires_length: target.traits.has(t::REQUIRES_LENGTH),
                constraints: self.constraints(&shape.id, &m.name, &m.traits, target)?,
                xml: self.xml_names(&m.name, &m.traits, target),
            });
        }
        let error = match shape.traits.get(t::ERROR) {
            None => None,
            Some(v) => {
                let retryable = shape.traits.get(t::RETRYABLE);
                let http_status = match shape.traits.get(t::HTTP_ERROR) {
                    None => None,
                    Some(v) => Some(v.as_u64().filter(|c| (100..=599).contains(c)).ok_or_else(
                        || {
                            Error::shape(
                                self.path,
                                &shape.id,
                                "`httpError` must be an HTTP status code",
                            )
                        },
                    )? as u16),
                };
                Some(ErrorInfo {
                    code: shape.id.name().to_string(),
                    server_fault: v.as_str() == Some("server"),
                    http_status,
                    retryable: retryable.is_some(),
                    throttling: retryable
                        .and_then(|r| r.get("throttling"))
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            }
        };
        Ok(Struct {
            members,
            error,
            is_input,
        })
    }

    /// Element and query names of a member (`@xmlName`, `@ec2QueryName`), its layout
    /// (`@xmlFlattened`, `@xmlAttribute`), and the item, key and value names of its target.
    fn xml_names(&self, member: &str, traits: &Traits, target: &Shape) -> XmlNames {
        let name = traits.str(t::XML_NAME).unwrap_or(member).to_string();
        let query_name = if self.ec2 {
            match traits.str(t::EC2_QUERY_NAME) {
                Some(q) => q.to_string(),
                None => {
                    let mut chars = name.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            }
        } else {
            name.clone()
        };
        let renamed = |i: usize, default: &str| {
            target
                .members
                .get(i)
                .and_then(|m| m.traits.str(t::XML_NAME))
                .unwrap_or(default)
                .to_string()
        };
        let (item, key, value) = match target.ty {
            ShapeType::List | ShapeType::Set => {
                (renamed(0, "member"), "key".into(), "value".into())
            }
            ShapeType::Map => ("member".into(), renamed(0, "key"), renamed(1, "value")),
            _ => ("member".into(), "key".into(), "value".into()),
        };
        let namespace_of = |i: usize| target.members.get(i).and_then(|m| xml_namespace(&m.traits));
        let (item_namespace, key_namespace, value_namespace) = match target.ty {
            ShapeType::List | ShapeType::Set => (namespace_of(0), None, None),
            ShapeType::Map => (None, namespace_of(0), namespace_of(1)),
            _ => (None, None, None),
        };
        // The layout of nested collections: a list's items, a map's values.
        let nested = match target.ty {
            ShapeType::List | ShapeType::Set => target.members.first(),
            ShapeType::Map => target.members.get(1),
            _ => None,
        };
        let inner = nested.and_then(|m| {
            let t = self.shape(&m.target);
            matches!(t.ty, ShapeType::List | ShapeType::Set | ShapeType::Map)
                .then(|| Box::new(self.xml_names(&m.name, &m.traits, t)))
        });
        XmlNames {
            inner,
            name,
            query_name,
            flattened: traits.has(t::XML_FLATTENED),
            attribute: traits.has(t::XML_ATTRIBUTE),
            item,
            key,
            value,
            namespace: xml_namespace(traits),
            item_namespace,
            key_namespace,
            value_namespace,
        }
    }

    fn binding(&self, shape: &Shape, m: &crate::model::Member) -> Result<Binding> {
        let tr = &m.traits;
        let name_of = |id: &str| -> Result<String> {
            match tr.get(id) {
                Some(Value::String(s)) if !s.is_empty() || id == t::HTTP_PREFIX_HEADERS => {
                    Ok(s.clone())
                }
                _ => Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!("`{id}` must be a non-empty string"),
                )),
            }
        };
        Ok(if tr.has(t::HTTP_LABEL) {
            Binding::Label
        } else if tr.has(t::HTTP_QUERY) {
            Binding::Query(name_of(t::HTTP_QUERY)?)
        } else if tr.has(t::HTTP_QUERY_PARAMS) {
            Binding::QueryParams
        } else if tr.has(t::HTTP_HEADER) {
            Binding::Header(name_of(t::HTTP_HEADER)?)
        } else if tr.has(t::HTTP_PREFIX_HEADERS) {
            Binding::PrefixHeaders(name_of(t::HTTP_PREFIX_HEADERS)?)
        } else if tr.has(t::HTTP_PAYLOAD) {
            Binding::Payload
        } else if tr.has(t::HTTP_RESPONSE_CODE) {
            Binding::ResponseCode
        } else {
            Binding::Body
        })
    }

    fn timestamp_format(
        &self,
        shape: &ShapeId,
        member: &str,
        traits: &Traits,
        target: &Shape,
    ) -> Result<Option<TimestampFormat>> {
        let Some(v) = traits
            .get(t::TIMESTAMP_FORMAT)
            .or_else(|| target.traits.get(t::TIMESTAMP_FORMAT))
        else {
            return Ok(None);
        };
        Ok(Some(match v.as_str() {
            Some("date-time") => TimestampFormat::DateTime,
            Some("http-date") => TimestampFormat::HttpDate,
            Some("epoch-seconds") => TimestampFormat::EpochSeconds,
            _ => {
                return Err(self.err_member(shape, member, format!("unknown timestampFormat {v}")))
            }
        }))
    }

    fn constraints(
        &self,
        shape: &ShapeId,
        member: &str,
        traits: &Traits,
        target: &Shape,
    ) -> Result<Constraints> {
        let get = |id: &str| traits.get(id).or_else(|| target.traits.get(id));
        let bound = |v: &Value, key: &str| -> Result<Option<f64>> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => Ok(n.as_f64()),
                Some(other) => Err(self.err_member(
                    shape,
                    member,
                    format!("`{key}` of a constraint trait must be a number, not {other}"),
                )),
            }
        };
        let mut c = Constraints::default();
        if let Some(v) = get(t::LENGTH) {
            let (min, max) = (bound(v, "min")?, bound(v, "max")?);
            c.length = Some((min.map(|x| x as u64), max.map(|x| x as u64)));
        }
        if let Some(v) = get(t::RANGE) {
            c.range = Some((bound(v, "min")?, bound(v, "max")?));
        }
        if let Some(v) = get(t::PATTERN) {
            c.pattern = Some(
                v.as_str()
                    .ok_or_else(|| self.err_member(shape, member, "`pattern` must be a string"))?
                    .to_string(),
            );
        }
        Ok(c)
    }

    fn union(&self, shape: &Shape) -> Result<Vec<UnionVariant>> {
        if shape.members.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "a union must have at least one member",
            ));
        }
        let mut names = BTreeSet::new();
        let mut out = Vec::new();
        for m in &shape.members {
            let name = naming::variant_name(&m.name);
            if !names.insert(name.clone()) {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!("its Rust variant name `{name}` is used twice"),
                ));
            }
            let target = self.shape(&m.target);
            let unit = target.traits.has(t::UNIT_TYPE);
            if shape.traits.has(t::STREAMING) && !unit && target.ty != ShapeType::Structure {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    "a member of an event stream (a `@streaming` union) must target a structure",
                ));
            }
            out.push(UnionVariant {
                error: target.traits.has(t::ERROR),
                xml_name: m.traits.str(t::XML_NAME).unwrap_or(&m.name).to_string(),
                smithy_name: m.name.clone(),
                name,
                json_name: m.traits.str(t::JSON_NAME).unwrap_or(&m.name).to_string(),
                ty: (!unit).then(|| self.rust_type(&m.target)),
                boxed: self.boxed.contains(&(shape.id.clone(), m.name.clone())),
                docs: docs(&m.traits),
                deprecated: deprecated(&m.traits),
                timestamp_format: self.timestamp_format(&shape.id, &m.name, &m.traits, target)?,
            });
        }
        Ok(out)
    }

    fn string_enum(&self, shape: &Shape) -> Result<Vec<EnumVariant>> {
        let mut out = Vec::new();
        if shape.ty == ShapeType::Enum {
            for m in &shape.members {
                let value = match m.traits.get(t::ENUM_VALUE) {
                    None => m.name.clone(),
                    Some(Value::String(s)) => s.clone(),
                    Some(_) => {
                        return Err(self.err_member(
                            &shape.id,
                            &m.name,
                            "the `enumValue` of an enum member must be a string",
                        ))
                    }
                };
                out.push(EnumVariant {
                    name: naming::variant_name(&m.name),
                    value,
                    docs: docs(&m.traits),
                    deprecated: deprecated(&m.traits),
                });
            }
        } else {
            let Some(Value::Array(defs)) = shape.traits.get(t::ENUM) else {
                return Err(Error::shape(
                    self.path,
                    &shape.id,
                    "the `enum` trait must be a list of definitions",
                ));
            };
            for def in defs {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    return Err(Error::shape(
                        self.path,
                        &shape.id,
                        "each `enum` definition needs a string `value`",
                    ));
                };
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                out.push(EnumVariant {
                    name: naming::variant_name(name),
                    value: value.to_string(),
                    docs: def
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(html_to_markdown)
                        .unwrap_or_default(),
                    deprecated: def
                        .get("deprecated")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        .then(String::new),
                });
            }
        }
        if out.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "an enum must have at least one member",
            ));
        }
        dedupe_variant_names(self.path, &shape.id, out.iter_mut().map(|v| &mut v.name))?;
        Ok(out)
    }

    fn int_enum(&self, shape: &Shape) -> Result<Vec<IntEnumVariant>> {
        let mut out = Vec::new();
        for m in &shape.members {
            let value = m
                .traits
                .get(t::ENUM_VALUE)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| {
                    self.err_member(
                        &shape.id,
                        &m.name,
                        "an intEnum member needs an integer `enumValue`",
                    )
                })?;
            out.push(IntEnumVariant {
                name: naming::variant_name(&m.name),
                value,
                docs: docs(&m.traits),
            });
        }
        if out.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "an intEnum must have at least one member",
            ));
        }
        dedupe_variant_names(self.path, &shape.id, out.iter_mut().map(|v| &mut v.name))?;
        Ok(out)
    }

    fn operation(&self, id: &ShapeId, protocol: &Protocol) -> Result<Operation> {
        let shape = self.shape(id);
        let props = shape.operation.clone().unwrap_or_default();
        let name = self.closure.name(id).to_string();
        let rest = protocol.is_rest();
        let http = if rest { self.http_trait(shape)? } else { None };
        let io = |target: &Option<ShapeId>, type_name: String, is_input: bool| -> Result<TypeDef> {
            let (strukt, docs_, deprecated_, sensitive) = match target {
                Some(target_id) => {
                    let target = self.shape(target_id);
                    (
                        self.structure(target, is_input, rest.then_some(()), true)?,
                        docs(&target.traits),
                        deprecated(&target.traits),
                        target.traits.has(t::SENSITIVE),
                    )
                }
                None => (
                    Struct {
                        members: Vec::new(),
                        error: None,
                        is_input,
                    },
                    String::new(),
                    None,
                    false,
                ),
            };
            Ok(TypeDef {
                shape: target.clone().unwrap_or_else(crate::load::unit_id),
                name: type_name,
                docs: docs_,
                deprecated: deprecated_,
                sensitive,
                kind: TypeKind::Struct(strukt),
                serialize: is_input,
                deserialize: !is_input,
                event_stream: false,
                xml_name: match target {
                    Some(id) => self
                        .shape(id)
                        .traits
                        .str(t::XML_NAME)
                        .unwrap_or(id.name())
                        .to_string(),
                    None => String::new(),
                },
                xml_namespace: target
                    .as_ref()
                    .and_then(|id| xml_namespace(&self.shape(id).traits)),
            })
        };
        let mut input = io(&props.input, naming::operation_input(&name), true)?;
        let mut output = io(&props.output, naming::operation_output(&name), false)?;
        if input.docs.is_empty() {
            input.docs = format!("Input of the `{name}` operation.");
        }
        if output.docs.is_empty() {
            output.docs = format!("Output of the `{name}` operation.");
        }
        let http = match http {
            Some((method, path_text, query, code)) => {
                Some(self.resolve_path(shape, &input, method, &path_text, query, code)?)
            }
            None if rest => {
                return Err(Error::shape(
                    self.path,
                    id,
                    "restJson1 operations need the `http` trait",
                ));
            }
            None => None,
        };
        let protocol_query_compatible = self
            .closure
            .service_shape()
            .traits
            .has(t::AWS_QUERY_COMPATIBLE);
        let mut errors = Vec::new();
        for e in &props.errors {
            let TypeKind::Struct(strukt) = self.type_def(e, false)?.kind else {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("`{e}` is listed as an error but is not a structure"),
                ));
            };
            let has_bindings = !strukt.body_only();
            let Some(info) = strukt.error else {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("`{e}` is listed as an error but lacks the `error` trait"),
                ));
            };
            // Under awsQuery and ec2Query the wire code may be customized (`@awsQueryError`).
            let query_error_code = self
                .shape(e)
                .traits
                .get(t::AWS_QUERY_ERROR)
                .and_then(|v| v.get("code"))
                .and_then(Value::as_str)
                .map(String::from);
            errors.push(OperationError {
                variant: self.type_names[e].clone(),
                type_name: self.type_names[e].clone(),
                code: match query_error_code.clone() {
                    Some(code) if protocol.is_query() => code,
                    _ => info.code,
                },
                retryable: info.retryable,
                throttling: info.throttling,
                has_bindings,
                query_code: if protocol_query_compatible {
                    query_error_code
                } else {
                    None
                },
            });
        }
        let unsupported = self
            .unsupported_reason(protocol, &props)
            .or_else(|| streaming_problem(&input, &output, rest));
        let pagination = self.pagination(shape, &input, &output)?;
        let host_prefix = self.host_prefix(shape, &input)?;
        Ok(Operation {
            shape: id.clone(),
            module: naming::module_name(&name),
            name,
            docs: docs(&shape.traits),
            deprecated: deprecated(&shape.traits),
            input,
            output,
            errors,
            http,
            pagination,
            host_prefix,
            unsupported,
            request_compression: shape
                .traits
                .get(t::REQUEST_COMPRESSION)
                .and_then(|v| v.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|e| e.as_str() == Some("gzip"))),
            checksum_required: shape.traits.has(t::HTTP_CHECKSUM_REQUIRED),
            unwrapped_xml_output: shape.traits.has(t::S3_UNWRAPPED_XML_OUTPUT),
        })
    }

    fn unsupported_reason(
        &self,
        protocol: &Protocol,
        props: &crate::model::OperationProps,
    ) -> Option<String> {
        if let Protocol::Unsupported(name) = protocol {
            return Some(format!("the {name} protocol is not supported yet"));
        }
        for io in props.input.iter() {
            for m in &self.shape(io).members {
                let target = self.shape(&m.target);
                if target.ty == ShapeType::Union && target.traits.has(t::STREAMING) {
                    return Some("event streams in requests are not supported yet".to_string());
                }
            }
        }
        None
    }

    fn http_trait(&self, shape: &Shape) -> Result<Option<RawHttp>> {
        let Some(v) = shape.traits.get(t::HTTP) else {
            return Ok(None);
        };
        let method = v.get("method").and_then(Value::as_str);
        let uri = v.get("uri").and_then(Value::as_str);
        let (Some(method), Some(uri)) = (method, uri) else {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "the `http` trait needs string `method` and `uri`",
            ));
        };
        let code = match v.get("code") {
            None => 200,
            Some(c) => c
                .as_u64()
                .filter(|c| (100..=599).contains(c))
                .ok_or_else(|| {
                    Error::shape(
                        self.path,
                        &shape.id,
                        "the `http` trait's `code` must be an HTTP status code",
                    )
                })? as u16,
        };
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (q.to_string(), None),
            })
            .collect();
        Ok(Some((method.to_string(), path.to_string(), query, code)))
    }

    fn resolve_path(
        &self,
        shape: &Shape,
        input: &TypeDef,
        method: String,
        path: &str,
        query: Vec<(String, Option<String>)>,
        code: u16,
    ) -> Result<HttpTrait> {
        let TypeKind::Struct(input_struct) = &input.kind else {
            unreachable!("inputs are structures")
        };
        let mut segments = Vec::new();
        let mut used = BTreeSet::new();
        for part in path.split('/').skip(1) {
            segments.push(PathSegment::Literal("/".to_string()));
            if let Some(label) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (label, false),
                };
                let Some(idx) = input_struct
                    .members
                    .iter()
                    .position(|m| m.smithy_name == name && m.binding == Binding::Label)
                else {
                    return Err(Error::shape(self.path, &shape.id, format!("the URI label `{{{label}}}` has no input member with the `httpLabel` trait")));
                };
                used.insert(idx);
                segments.push(PathSegment::Label {
                    member: idx,
                    greedy,
                });
            } else {
                segments.push(PathSegment::Literal(part.to_string()));
            }
        }
        if segments.is_empty() {
            segments.push(PathSegment::Literal("/".to_string()));
        }
        // Merge neighbouring literals.
        let mut merged: Vec<PathSegment> = Vec::new();
        for s in segments {
            match (merged.last_mut(), s) {
                (Some(PathSegment::Literal(a)), PathSegment::Literal(b)) => a.push_str(&b),
                (_, s) => merged.push(s),
            }
        }
        for (i, m) in input_struct.members.iter().enumerate() {
            if m.binding == Binding::Label && !used.contains(&i) {
                return Err(self.err_member(&input.shape, &m.smithy_name, format!("has the `httpLabel` trait but the URI `{path}` of `{}` has no `{{{}}}` label", shape.id, m.smithy_name)));
            }
        }
        Ok(HttpTrait {
            method,
            path: merged,
            query,
            code,
        })
    }

    fn host_prefix(&self, shape: &Shape, input: &TypeDef) -> Result<Option<Vec<HostSegment>>> {
        let Some(prefix) = shape
            .traits
            .get("smithy.api#endpoint")
            .and_then(|v| v.get("hostPrefix"))
            .and_then(Value::as_str)
        else {
            return Ok(None);
        };
        let TypeKind::Struct(s) = &input.kind else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let mut rest = prefix;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                out.push(HostSegment::Literal(rest[..start].to_string()));
            }
            let Some(end) = rest[start..].find('}') else {
                return Err(Error::shape(
                    self.path,
                    &shape.id,
                    format!("unclosed label in hostPrefix `{prefix}`"),
                ));
            };
            let label = &rest[start + 1..start + end];
            let member = s
                .members
                .iter()
                .find(|m| m.smithy_name == label)
                .ok_or_else(|| {
                    Error::shape(
                        self.path,
                        &shape.id,
                        format!("hostPrefix label `{label}` is not an input member"),
                    )
                })?;
            out.push(HostSegment::Label(member.field.clone()));
            rest = &rest[start + end + 1..];
        }
        if !rest.is_empty() {
            out.push(HostSegment::Literal(rest.to_string()));
        }
        Ok(Some(out))
    }

    fn pagination(
        &self,
        shape: &Shape,
        input: &TypeDef,
        output: &TypeDef,
    ) -> Result<Option<Pagination>> {
        let Some(own) = shape.traits.get(t::PAGINATED) else {
            return Ok(None);
        };
        let service = self.closure.service_shape().traits.get(t::PAGINATED);
        let get = |key: &str| -> Option<String> {
            own.get(key)
                .or_else(|| service.and_then(|s| s.get(key)))
                .and_then(Value::as_str)
                .map(String::from)
        };
        let (Some(input_token), Some(output_token)) = (get("inputToken"), get("outputToken"))
        else {
            return Ok(None);
        };
        let (TypeKind::Struct(i), TypeKind::Struct(o)) = (&input.kind, &output.kind) else {
            return Ok(None);
        };
        let field = |s: &Struct, name: &str| {
            s.members
                .iter()
                .find(|m| m.smithy_name == name)
                .map(|m| m.field.clone())
        };
        let bad = |what: &str, v: &str| {
            Error::shape(
                self.path,
                &shape.id,
                format!("`paginated` {what} `{v}` is not a member"),
            )
        };
        let input_field = field(i, &input_token).ok_or_else(|| bad("inputToken", &input_token))?;
        // Only single-segment paths are followed here; nested paths are reported as unsupported.
        if output_token.contains('.') {
            return Ok(None);
        }
        let output_field =
            field(o, &output_token).ok_or_else(|| bad("outputToken", &output_token))?;
        let member = |s: &'_ Struct, f: &str| s.members.iter().find(|m| m.field == f).cloned();
        let (Some(in_member), Some(out_member)) =
            (member(i, &input_field), member(o, &output_field))
        else {
            return Ok(None);
        };
        // The token goes back from the output into the input, so both must have one type.
        if in_member.ty != out_member.ty {
            return Ok(None);
        }
        let items = get("items");
        let mut items_optional = false;
        let (items_path, item_type) = match items.as_deref() {
            Some(name) if !name.contains('.') => {
                let m = o
                    .members
                    .iter()
                    .find(|m| m.smithy_name == name)
                    .ok_or_else(|| bad("items", name))?;
                items_optional = m.optional;
                let item = match &m.ty {
                    RustType::List { item, .. } => Some((**item).clone()),
                    _ => None,
                };
                (item.as_ref().map(|_| vec![m.field.clone()]), item)
            }
            _ => (None, None),
        };
        let page_size = match get("pageSize") {
            Some(p) => Some(field(i, &p).ok_or_else(|| bad("pageSize", &p))?),
            None => None,
        };
        Ok(Some(Pagination {
            input_token: input_field,
            output_token: vec![output_field],
            token_type: in_member.ty.clone(),
            output_token_optional: out_member.optional,
            items: items_path,
            item_type,
            items_optional,
            page_size,
        }))
    }
}

/// The `@http` trait's method, path, literal query and code, before labels are resolved.
type RawHttp = (String, String, Vec<(String, Option<String>)>, u16);

trait MemberTraits {
    fn traits_ref(&self) -> &Traits;
}

impl MemberTraits for crate::model::Member {
    fn traits_ref(&self) -> &Traits {
        &self.traits
    }
}

/// Smithy 2.0 nullability, as a client sees it.
fn is_optional(member: &Traits, container: &Shape, target: &Shape) -> bool {
    if member.has(t::CLIENT_OPTIONAL) || container.traits.has(t::INPUT) {
        return true;
    }
    if container.ty == ShapeType::Union {
        return false;
    }
    if member.has(t::REQUIRED) {
        return false;
    }
    match member.get(t::DEFAULT) {
        Some(Value::Null) => true,
        Some(_) => false,
        None => !matches!(target.traits.get(t::DEFAULT), Some(v) if !v.is_null()),
    }
}

fn is_named_type(shape: &Shape) -> bool {
    match shape.ty {
        ShapeType::Structure => !shape.traits.has(t::UNIT_TYPE),
        ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => true,
        ShapeType::String => shape.traits.has(t::ENUM),
        _ => false,
    }
}

fn docs(traits: &Traits) -> String {
    traits
        .str(t::DOCUMENTATION)
        .map(html_to_markdown)
        .unwrap_or_default()
}

fn deprecated(traits: &Traits) -> Option<String> {
    let v = traits.get(t::DEPRECATED)?;
    let message = v.get("message").and_then(Value::as_str);
    let since = v.get("since").and_then(Value::as_str);
    Some(match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_string(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => String::new(),
    })
}

/// Variant names made from values can collide (`a-b` and `a_b`): number the later ones.
fn dedupe_variant_names<'n>(
    path: &Path,
    shape: &ShapeId,
    names: impl Iterator<Item = &'n mut String>,
) -> Result<()> {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            let mut n = 2;
            while seen.contains(&format!("{name}{n}")) {
                n += 1;
            }
            if n > 1000 {
                return Err(Error::shape(
                    path,
                    shape,
                    "too many enum variants share one name",
                ));
            }
            *name = format!("{name}{n}");
            seen.insert(name.clone());
        }
    }
    Ok(())
}

/// `@xmlNamespace`, as the attribute that declares it.
fn xml_namespace(traits: &Traits) -> Option<XmlNamespace> {
    let v = traits.get(t::XML_NAMESPACE)?;
    let uri = v.get("uri").and_then(Value::as_str)?.to_string();
    let attribute = match v.get("prefix").and_then(Value::as_str) {
        Some(prefix) if !prefix.is_empty() => format!("xmlns:{prefix}"),
        _ => "xmlns".to_string(),
    };
    Some(XmlNamespace { attribute, uri })
}

/// Marks which shared types need JSON serializers and deserializers.
fn mark_usage(types: &mut [TypeDef], operations: &[Operation], protocol: &Protocol) {
    if !protocol.is_json() && !protocol.is_xml() {
        return;
    }
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut ser: Vec<String> = Vec::new();
    let mut de: Vec<String> = Vec::new();
    fn named(ty: &RustType, out: &mut Vec<String>) {
        match ty {
            RustType::Named { name, .. } | RustType::EventStream { name } => out.push(name.clone()),
            RustType::List { item, .. } => named(item, out),
            RustType::Map { value, .. } => named(value, out),
            _ => {}
        }
    }
    for op in operations.iter().filter(|op| op.unsupported.is_none()) {
        if let TypeKind::Struct(s) = &op.input.kind {
            for m in s
                .members
                .iter()
                .filter(|m| matches!(m.binding, Binding::Body | Binding::Payload))
            {
                named(&m.ty, &mut ser);
            }
        }
        if let TypeKind::Struct(s) = &op.output.kind {
            for m in s
                .members
                .iter()
                .filter(|m| matches!(m.binding, Binding::Body | Binding::Payload))
            {
                named(&m.ty, &mut de);
            }
        }
        de.extend(op.errors.iter().map(|e| e.type_name.clone()));
    }
    for (list, is_ser) in [(ser, true), (de, false)] {
        let mut stack = list;
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(&name) else { continue };
            let def = &mut types[i];
            let flag = if is_ser {
                &mut def.serialize
            } else {
                &mut def.deserialize
            };
            if *flag {
                continue;
            }
            *flag = true;
            match &def.kind {
                TypeKind::Struct(s) => s.members.iter().for_each(|m| named(&m.ty, &mut stack)),
                TypeKind::Union(vs) => vs
                    .iter()
                    .filter_map(|v| v.ty.as_ref())
                    .for_each(|ty| named(ty, &mut stack)),
                _ => {}
            }
        }
    }
}

/// Why the streams of an operation cannot be sent or received, if they cannot: a byte stream
/// travels only as an HTTP payload (`@httpPayload` under a REST protocol); an output event
/// stream is the payload under REST, and under an RPC protocol the whole body, where the
/// output's other members would come first in an `initial-response` event (not supported).
fn streaming_problem(input: &TypeDef, output: &TypeDef, rest: bool) -> Option<String> {
    let members = |def: &TypeDef| match &def.kind {
        TypeKind::Struct(s) => s.members.clone(),
        _ => Vec::new(),
    };
    for m in members(input).iter().chain(members(output).iter()) {
        if m.ty == RustType::ByteStream && m.binding != Binding::Payload {
            return Some(format!(
                "`@streaming` member `{}` is not an `@httpPayload`, which this protocol cannot send",
                m.smithy_name
            ));
        }
    }
    let out = members(output);
    let stream = out
        .iter()
        .find(|m| matches!(m.ty, RustType::EventStream { .. }))?;
    if rest && stream.binding != Binding::Payload {
        return Some(format!(
            "event stream member `{}` is not an `@httpPayload`",
            stream.smithy_name
        ));
    }
    if !rest && out.len() > 1 {
        return Some(
            "an event stream output with other members (sent in an `initial-response` event) \
             is not supported yet"
                .to_string(),
        );
    }
    None
}
