//! Lowering: the service closure → the crate IR. Every decision about Rust shape is made here
//! (names through `naming`, nullability, boxing, bindings); emitters just follow the IR.
//!
//! Must not: produce tokens or text (that is `emit`), or read files.

mod boxing;
mod context_params;
mod customizations;
mod endpoint_tests;
mod operation;
mod structure;
mod variants;
mod waiters;

use super::*;
use crate::docs::html_to_markdown;
use crate::error::{Error, Result};
use crate::model::{trait_ids as t, Shape, ShapeId, ShapeType, Traits};
use crate::naming;
use crate::transform::ServiceClosure;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use structure::xml_namespace;

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
    if let Some(rules) = closure
        .service_shape()
        .traits
        .get("smithy.rules#endpointRuleSet")
    {
        for op in &mut operations {
            let Some(paths) = cx
                .shape(&op.shape)
                .traits
                .get("smithy.rules#operationContextParams")
            else {
                continue;
            };
            let TypeKind::Struct(input) = &op.input.kind else {
                continue;
            };
            let bound = context_params::bindings(paths, rules, input, &types)
                .map_err(|e| Error::shape(cx.path, &op.shape, e))?;
            op.endpoint_params.extend(bound);
        }
    }
    customizations::apply(&service, &mut operations);
    waiters::mark_waited(&mut types, &operations);
    let package = naming::crate_name(&service.sdk_id);
    let traits = &closure.service_shape().traits;
    let endpoint_tests = endpoint_tests::endpoint_tests(
        traits.get("smithy.rules#endpointRuleSet"),
        traits.get("smithy.rules#endpointTests"),
        &operations,
    );
    Ok(Crate {
        package,
        service,
        types,
        operations,
        endpoint_tests,
    })
}

/// Lowers the first service of a one-file IDL model (for the tests of this folder).
#[cfg(test)]
fn lower_idl(idl: &str) -> Result<Crate> {
    let dir = std::env::temp_dir().join(format!(
        "smelt-lower-{}-{:x}",
        std::process::id(),
        idl.bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("model.smithy");
    std::fs::write(&path, idl).expect("model written");
    let model = crate::load::load_file(&path);
    let _ = std::fs::remove_dir_all(&dir);
    let model = model?;
    let service = model
        .services()
        .map(|s| s.id.clone())
        .next()
        .expect("a service");
    let closure = crate::transform::run_service(model, &service)?;
    lower(&closure)
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
    /// Whether the service speaks an RPC v2 protocol (rpcv2Cbor, rpcv2Json), which ignores
    /// `@timestampFormat`.
    rpc_v2: bool,
    /// Whether the protocol ignores `@jsonName` (every JSON protocol but restJson1; a botocore
    /// model's `smelt.botocore#jsonKey` applies anyway).
    json_name_ignored: bool,
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
        let protocol = service_protocol(closure.service_shape());
        let rpc_v2 = matches!(protocol, Some(t::RPC_V2_CBOR | t::RPC_V2_JSON));
        let json_name_ignored = protocol != Some(t::REST_JSON1);
        let mut cx = Lower {
            closure,
            path,
            type_names,
            boxed: BTreeSet::new(),
            rest,
            ec2,
            rpc_v2,
            json_name_ignored,
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
        // The `X-Amz-Target` prefix: the service shape's name, unless the model states the
        // prefix itself (botocore's `metadata.targetPrefix`, used verbatim).
        let target_prefix = traits
            .get(t::TARGET_PREFIX)
            .and_then(Value::as_str)
            .map_or_else(|| shape.id.name().to_string(), String::from);
        let protocol = if traits.has(t::REST_JSON1) {
            Protocol::RestJson1
        } else if traits.has(t::AWS_JSON1_0) {
            Protocol::AwsJson1_0 { target_prefix }
        } else if traits.has(t::AWS_JSON1_1) {
            Protocol::AwsJson1_1 { target_prefix }
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
        } else if traits.has(t::RPC_V2_CBOR) {
            Protocol::RpcV2Cbor {
                service: target_prefix,
            }
        } else if traits.has(t::RPC_V2_JSON) {
            Protocol::RpcV2Json {
                service: target_prefix,
            }
        } else {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "the service has no protocol trait this generator knows (restJson1, awsJson1_0, awsJson1_1, awsQuery, ec2Query, restXml, rpcv2Cbor, rpcv2Json)",
            ));
        };
        // Every protocol trait of the specification has the `http` and `eventStreamHttp` lists.
        let protocol_trait = service_protocol(shape).and_then(|id| traits.get(id));
        let versions = |key: &str| {
            protocol_trait
                .and_then(|v| v.get(key))
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
        };
        let http = versions("http").unwrap_or_else(|| vec!["http/1.1".to_string()]);
        let event_stream_http = versions("eventStreamHttp").unwrap_or_else(|| http.clone());
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
            endpoint_rules: traits
                .get("smithy.rules#endpointRuleSet")
                .map(|rules| without_documentation(rules).to_string()),
            endpoint_sigv4a: traits
                .get("smithy.rules#endpointRuleSet")
                .is_some_and(|rules| asks_for_auth_scheme(rules, "sigv4a")),
            endpoint_s3_express: traits
                .get("smithy.rules#endpointRuleSet")
                .is_some_and(|rules| asks_for_auth_scheme(rules, "sigv4-s3express")),
            http,
            event_stream_http,
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
                input: false,
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
            to_document: false,
        })
    }
}

pub(super) trait MemberTraits {
    fn traits_ref(&self) -> &Traits;
}

impl MemberTraits for crate::model::Member {
    fn traits_ref(&self) -> &Traits {
        &self.traits
    }
}

/// Smithy 2.0 nullability, as a client sees it.
pub(super) fn is_optional(member: &Traits, container: &Shape, target: &Shape) -> bool {
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

pub(super) fn is_named_type(shape: &Shape) -> bool {
    match shape.ty {
        ShapeType::Structure => !shape.traits.has(t::UNIT_TYPE),
        ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => true,
        ShapeType::String => shape.traits.has(t::ENUM),
        _ => false,
    }
}

pub(super) fn docs(traits: &Traits) -> String {
    traits
        .str(t::DOCUMENTATION)
        .map(html_to_markdown)
        .unwrap_or_default()
}

pub(super) fn deprecated(traits: &Traits) -> Option<String> {
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

/// Marks which shared types need JSON serializers and deserializers.
pub(super) fn mark_usage(types: &mut [TypeDef], operations: &[Operation], protocol: &Protocol) {
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
            RustType::Named { name, .. } | RustType::EventStream { name, .. } => {
                out.push(name.clone())
            }
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

/// A rule set without its `documentation` strings, which resolution never reads: the text
/// embedded in the crate stays small.
/// Whether some endpoint of a rule set lists the auth scheme `name` in its `authSchemes`
/// property (endpoint properties are plain values, wherever a rule puts them).
fn asks_for_auth_scheme(value: &Value, name: &str) -> bool {
    match value {
        Value::Object(members) => members.iter().any(|(key, v)| {
            let listed = key == "authSchemes"
                && v.as_array().is_some_and(|schemes| {
                    schemes
                        .iter()
                        .any(|s| s.get("name").and_then(Value::as_str) == Some(name))
                });
            listed || asks_for_auth_scheme(v, name)
        }),
        Value::Array(items) => items.iter().any(|v| asks_for_auth_scheme(v, name)),
        _ => false,
    }
}

fn without_documentation(value: &Value) -> Value {
    match value {
        // Keys sorted, so the embedded text does not depend on how the model file ordered them
        // (an IDL file and a JSON AST file of one model give the same crate).
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(k, _)| k.as_str() != "documentation")
                .map(|(k, v)| (k.clone(), without_documentation(v)))
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_documentation).collect()),
        other => other.clone(),
    }
}

/// The protocol trait the generator follows for a service: the first it knows, in the order
/// `restJson1`, `awsJson1_0`, `awsJson1_1`, `awsQuery`, `ec2Query`, `restXml`, `rpcv2Cbor`,
/// `rpcv2Json` (the order of [`Lower::service`]).
fn service_protocol(service: &Shape) -> Option<&'static str> {
    [
        t::REST_JSON1,
        t::AWS_JSON1_0,
        t::AWS_JSON1_1,
        t::AWS_QUERY,
        t::EC2_QUERY,
        t::REST_XML,
        t::RPC_V2_CBOR,
        t::RPC_V2_JSON,
    ]
    .into_iter()
    .find(|p| service.traits.has(p))
}
