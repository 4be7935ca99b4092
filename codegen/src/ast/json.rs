//! The model as a Smithy 2.0 JSON AST document in one canonical form.
//!
//! Owns the canonical form: `"smithy": "2.0"`, metadata, shapes sorted by ID, the prelude left
//! out, mixins applied and mixin shapes dropped, node values with object keys sorted (members
//! keep model order: it is meaningful), empty properties omitted, `smithy.api#Unit` inputs and
//! outputs omitted, and every `enum` member given its explicit `enumValue`. It must not read
//! files or know about IDL syntax; it must not change what the model means.

use crate::error::Result;
use crate::model::{
    trait_ids, Member, Model, OperationProps, ResourceProps, ServiceProps, Shape, ShapeId,
    ShapeType, Traits,
};
use serde_json::{Map, Value};

/// The namespace of the prelude, which the canonical form leaves out.
const PRELUDE: &str = "smithy.api";

/// The model as a canonical Smithy 2.0 JSON AST document.
///
/// Mixins are flattened and references checked first (the transform stage's own passes), so a
/// model with a dangling reference or a broken mixin gives that located error instead.
pub fn to_json_ast(model: &Model) -> Result<Value> {
    let mut model = model.clone();
    merge_mixin_properties(&mut model);
    crate::transform::flatten_and_check(&mut model)?;
    let mut root = Map::new();
    root.insert("smithy".into(), Value::String("2.0".into()));
    if !model.metadata.is_empty() {
        root.insert(
            "metadata".into(),
            canonical_node(&Value::Object(model.metadata.clone())),
        );
    }
    let mut shapes = Map::new();
    for (id, shape) in &model.shapes {
        if id.namespace() == PRELUDE {
            continue;
        }
        shapes.insert(id.to_string(), shape_json(shape));
    }
    root.insert("shapes".into(), Value::Object(shapes));
    Ok(Value::Object(root))
}

/// Mixins on services, operations and resources merge their properties into the shape (the
/// transform stage flattens only members and traits): lists are united, the mixin's entries
/// first; a single reference or version the shape sets itself wins. Mixins apply in order and
/// transitively; cycles and missing mixins are left for the flattening to report.
fn merge_mixin_properties(model: &mut Model) {
    fn merged(model: &Model, id: &ShapeId, depth: usize) -> Option<Shape> {
        let shape = model.shapes.get(id)?;
        if shape.mixins.is_empty() || depth > model.shapes.len() {
            return Some(shape.clone());
        }
        let mut out = shape.clone();
        let mut service = ServiceProps::default();
        let mut operation = OperationProps::default();
        let mut resource = ResourceProps::default();
        for mixin in &shape.mixins {
            let Some(m) = merged(model, mixin, depth + 1) else {
                continue;
            };
            if let Some(s) = &m.service {
                merge_service(&mut service, s);
            }
            if let Some(o) = &m.operation {
                merge_operation(&mut operation, o);
            }
            if let Some(r) = &m.resource {
                merge_resource(&mut resource, r);
            }
        }
        if let Some(own) = &shape.service {
            merge_service(&mut service, own);
            out.service = Some(service);
        }
        if let Some(own) = &shape.operation {
            merge_operation(&mut operation, own);
            out.operation = Some(operation);
        }
        if let Some(own) = &shape.resource {
            merge_resource(&mut resource, own);
            out.resource = Some(resource);
        }
        Some(out)
    }
    let ids: Vec<ShapeId> = model
        .shapes
        .iter()
        .filter(|(_, s)| {
            !s.mixins.is_empty()
                && matches!(
                    s.ty,
                    ShapeType::Service | ShapeType::Operation | ShapeType::Resource
                )
        })
        .map(|(id, _)| id.clone())
        .collect();
    let merged_shapes: Vec<Shape> = ids.iter().filter_map(|id| merged(model, id, 0)).collect();
    for shape in merged_shapes {
        model.shapes.insert(shape.id.clone(), shape);
    }
}

fn unite<T: PartialEq + Clone>(into: &mut Vec<T>, from: &[T]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}

fn merge_service(into: &mut ServiceProps, from: &ServiceProps) {
    if !from.version.is_empty() {
        into.version = from.version.clone();
    }
    unite(&mut into.operations, &from.operations);
    unite(&mut into.resources, &from.resources);
    unite(&mut into.errors, &from.errors);
    into.rename.extend(from.rename.clone());
}

fn merge_operation(into: &mut OperationProps, from: &OperationProps) {
    if from.input.is_some() {
        into.input = from.input.clone();
    }
    if from.output.is_some() {
        into.output = from.output.clone();
    }
    unite(&mut into.errors, &from.errors);
}

fn merge_resource(into: &mut ResourceProps, from: &ResourceProps) {
    unite(&mut into.operations, &from.operations);
    unite(&mut into.resources, &from.resources);
    for (name, id) in &from.identifiers {
        into.identifiers.retain(|(n, _)| n != name);
        into.identifiers.push((name.clone(), id.clone()));
    }
    for (name, id) in &from.properties {
        into.properties.retain(|(n, _)| n != name);
        into.properties.push((name.clone(), id.clone()));
    }
    into.lifecycle.extend(from.lifecycle.clone());
    unite(&mut into.instance_operations, &from.instance_operations);
    unite(&mut into.collection_operations, &from.collection_operations);
}

/// A node value with every object's keys sorted, recursively: the canonical form of trait
/// values and metadata, whose key order carries no meaning.
pub fn canonical_node(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical_node(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical_node).collect()),
        other => other.clone(),
    }
}

fn shape_json(shape: &Shape) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), Value::String(ast_type_name(shape.ty).into()));
    match shape.ty {
        ShapeType::List | ShapeType::Set | ShapeType::Map => {
            for member in &shape.members {
                out.insert(member.name.clone(), member_json(member, shape.ty));
            }
        }
        ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => {
            let members: Map<String, Value> = shape
                .members
                .iter()
                .map(|m| (m.name.clone(), member_json(m, shape.ty)))
                .collect();
            if !members.is_empty() {
                out.insert("members".into(), Value::Object(members));
            }
        }
        ShapeType::Service => {
            if let Some(service) = &shape.service {
                if !service.version.is_empty() {
                    out.insert("version".into(), Value::String(service.version.clone()));
                }
                references(&mut out, "operations", &service.operations);
                references(&mut out, "resources", &service.resources);
                references(&mut out, "errors", &service.errors);
                if !service.rename.is_empty() {
                    let rename = service
                        .rename
                        .iter()
                        .map(|(from, to)| (from.to_string(), Value::String(to.clone())))
                        .collect();
                    out.insert("rename".into(), Value::Object(rename));
                }
            }
        }
        ShapeType::Operation => {
            if let Some(op) = &shape.operation {
                let unit = crate::load::unit_id();
                for (field, id) in [("input", &op.input), ("output", &op.output)] {
                    if let Some(id) = id.as_ref().filter(|id| **id != unit) {
                        out.insert(field.into(), reference(id));
                    }
                }
                references(&mut out, "errors", &op.errors);
            }
        }
        ShapeType::Resource => {
            if let Some(resource) = &shape.resource {
                for (field, named) in [
                    ("identifiers", &resource.identifiers),
                    ("properties", &resource.properties),
                ] {
                    if !named.is_empty() {
                        let mut named: Vec<&(String, ShapeId)> = named.iter().collect();
                        named.sort();
                        let map = named
                            .into_iter()
                            .map(|(name, id)| (name.clone(), reference(id)))
                            .collect();
                        out.insert(field.into(), Value::Object(map));
                    }
                }
                for field in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(id) = resource.lifecycle.get(field) {
                        out.insert(field.into(), reference(id));
                    }
                }
                references(&mut out, "operations", &resource.instance_operations);
                references(
                    &mut out,
                    "collectionOperations",
                    &resource.collection_operations,
                );
                references(&mut out, "resources", &resource.resources);
            }
        }
        _ => {}
    }
    if !shape.traits.0.is_empty() {
        out.insert("traits".into(), traits_json(&shape.traits));
    }
    Value::Object(out)
}

fn member_json(member: &Member, owner: ShapeType) -> Value {
    let mut out = Map::new();
    out.insert("target".into(), Value::String(member.target.to_string()));
    let mut traits = member.traits.clone();
    if owner == ShapeType::Enum && !traits.has(trait_ids::ENUM_VALUE) {
        // A string enum member's value is its name unless the model says otherwise; spelling
        // it out makes `A` and `A = "A"` the same document.
        traits.insert(trait_ids::ENUM_VALUE, Value::String(member.name.clone()));
    }
    if !traits.0.is_empty() {
        out.insert("traits".into(), traits_json(&traits));
    }
    Value::Object(out)
}

fn traits_json(traits: &Traits) -> Value {
    Value::Object(
        traits
            .0
            .iter()
            .map(|(id, value)| (id.clone(), canonical_node(value)))
            .collect(),
    )
}

fn reference(id: &ShapeId) -> Value {
    let mut out = Map::new();
    out.insert("target".into(), Value::String(id.to_string()));
    Value::Object(out)
}

fn references(out: &mut Map<String, Value>, field: &str, ids: &[ShapeId]) {
    if !ids.is_empty() {
        out.insert(
            field.into(),
            Value::Array(ids.iter().map(reference).collect()),
        );
    }
}

/// The type name the JSON AST and the IDL use for a shape type.
fn ast_type_name(ty: ShapeType) -> &'static str {
    match ty {
        ShapeType::Blob => "blob",
        ShapeType::Boolean => "boolean",
        ShapeType::String => "string",
        ShapeType::Byte => "byte",
        ShapeType::Short => "short",
        ShapeType::Integer => "integer",
        ShapeType::Long => "long",
        ShapeType::Float => "float",
        ShapeType::Double => "double",
        ShapeType::BigInteger => "bigInteger",
        ShapeType::BigDecimal => "bigDecimal",
        ShapeType::Timestamp => "timestamp",
        ShapeType::Document => "document",
        ShapeType::Enum => "enum",
        ShapeType::IntEnum => "intEnum",
        ShapeType::List => "list",
        ShapeType::Set => "set",
        ShapeType::Map => "map",
        ShapeType::Structure => "structure",
        ShapeType::Union => "union",
        ShapeType::Service => "service",
        ShapeType::Operation => "operation",
        ShapeType::Resource => "resource",
    }
}
