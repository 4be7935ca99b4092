//! Frontend for the Smithy 2.0 JSON AST (<https://smithy.io/2.0/spec/json-ast.html>).
//!
//! This reads the document's structure and nothing more: it checks that every field has the
//! JSON type the AST requires, that shape IDs are well formed, and applies `apply` shapes.
//! Whether targets exist, and what traits mean, is checked by the transform stage.
//!
//! Must not: check references or interpret traits (the transform stage does).

use crate::error::{Error, Result};
use crate::model::{
    Member, Model, OperationProps, ResourceProps, ServiceProps, Shape, ShapeId, ShapeType, Traits,
};
use serde_json::{Map, Value};
use std::path::Path;

pub(super) fn load(path: &Path, json: Value) -> Result<Model> {
    let Value::Object(root) = json else {
        return Err(Error::file(path, "the top level must be a JSON object"));
    };
    match root.get("smithy") {
        Some(Value::String(v)) if v == "2" || v.starts_with("2.") || v.starts_with("1.") => {}
        Some(Value::String(v)) => {
            return Err(Error::file(
                path,
                format!("unsupported Smithy IDL version `{v}` (expected 1.0 or 2.0)"),
            ))
        }
        Some(_) => return Err(Error::file(path, "`smithy` must be a version string")),
        None => return Err(Error::file(path, "missing the `smithy` version property")),
    }
    let mut model = Model {
        source: path.to_path_buf(),
        ..Model::default()
    };
    match root.get("metadata") {
        None => {}
        Some(Value::Object(m)) => model.metadata = m.clone(),
        Some(_) => return Err(Error::file(path, "`metadata` must be an object")),
    }
    let shapes = match root.get("shapes") {
        None => return Ok(model),
        Some(Value::Object(shapes)) => shapes,
        Some(_) => return Err(Error::file(path, "`shapes` must be an object")),
    };
    let mut applies = Vec::new();
    for (key, value) in shapes {
        let cx = Cx { path, shape: key };
        let obj = cx.object(value, "the shape definition")?;
        let ty = cx.string_field(obj, "type")?;
        if ty == "apply" {
            applies.push((key.as_str(), obj));
            continue;
        }
        let id = ShapeId::parse(key)
            .ok_or_else(|| cx.err(format!("`{key}` is not a valid absolute shape ID")))?;
        let ty = ShapeType::from_ast_name(ty)
            .ok_or_else(|| cx.err(format!("unknown shape type `{ty}`")))?;
        let shape = cx.shape(id.clone(), ty, obj)?;
        model.shapes.insert(id, shape);
    }
    for (key, obj) in applies {
        let cx = Cx { path, shape: key };
        let traits = cx.traits(obj, None)?;
        let (shape_key, member) = match key.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (key, None),
        };
        let target = ShapeId::parse(shape_key)
            .and_then(|id| model.shapes.get_mut(&id))
            .ok_or_else(|| cx.err("`apply` names a shape that does not exist"))?;
        let slot = match member {
            None => &mut target.traits,
            Some(m) => match target.members.iter_mut().find(|x| x.name == m) {
                Some(member) => &mut member.traits,
                None => {
                    // Members from mixins only exist after flattening; keep the traits on the
                    // shape under a synthetic key the transform stage applies to the member.
                    target.traits.insert(
                        format!("{}{m}", crate::model::PENDING_MEMBER_APPLY),
                        Value::Object(traits.0.clone().into_iter().collect()),
                    );
                    continue;
                }
            },
        };
        slot.0.extend(traits.0);
    }
    Ok(model)
}

/// Location context for error messages while reading one shape.
struct Cx<'a> {
    path: &'a Path,
    shape: &'a str,
}

impl Cx<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        Error::shape(self.path, self.shape, message)
    }

    fn member_err(&self, member: &str, message: impl Into<String>) -> Error {
        Error::member(self.path, self.shape, member, message)
    }

    fn object<'v>(&self, value: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
        value
            .as_object()
            .ok_or_else(|| self.err(format!("{what} must be a JSON object")))
    }

    fn string_field<'v>(&self, obj: &'v Map<String, Value>, field: &str) -> Result<&'v str> {
        match obj.get(field) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.err(format!("`{field}` must be a string"))),
            None => Err(self.err(format!("missing `{field}`"))),
        }
    }

    fn traits(&self, obj: &Map<String, Value>, member: Option<&str>) -> Result<Traits> {
        let err = |msg: String| match member {
            Some(m) => self.member_err(m, msg),
            None => self.err(msg),
        };
        match obj.get("traits") {
            None => Ok(Traits::default()),
            Some(Value::Object(traits)) => {
                let mut out = Traits::default();
                for (id, value) in traits {
                    if ShapeId::parse(id).is_none() {
                        return Err(err(format!("trait `{id}` is not an absolute shape ID")));
                    }
                    out.insert(id.clone(), value.clone());
                }
                Ok(out)
            }
            Some(_) => Err(err("`traits` must be an object".into())),
        }
    }

    /// Reads a `{"target": "ns#Name"}` reference.
    fn reference(&self, value: &Value, what: &str) -> Result<ShapeId> {
        let obj = value
            .as_object()
            .ok_or_else(|| self.err(format!("{what} must be an object with a `target`")))?;
        self.target(obj, None, what)
    }

    fn target(
        &self,
        obj: &Map<String, Value>,
        member: Option<&str>,
        what: &str,
    ) -> Result<ShapeId> {
        let err = |msg: String| match member {
            Some(m) => self.member_err(m, msg),
            None => self.err(msg),
        };
        match obj.get("target") {
            Some(Value::String(t)) => ShapeId::parse(t).ok_or_else(|| {
                err(format!(
                    "{what} target `{t}` is not a valid absolute shape ID"
                ))
            }),
            Some(_) => Err(err(format!("{what} `target` must be a string"))),
            None => Err(err(format!("{what} has no `target`"))),
        }
    }

    fn references(&self, obj: &Map<String, Value>, field: &str) -> Result<Vec<ShapeId>> {
        match obj.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| self.reference(item, &format!("each of `{field}`")))
                .collect(),
            Some(_) => Err(self.err(format!("`{field}` must be an array of references"))),
        }
    }

    fn optional_reference(&self, obj: &Map<String, Value>, field: &str) -> Result<Option<ShapeId>> {
        obj.get(field)
            .map(|v| self.reference(v, &format!("`{field}`")))
            .transpose()
    }

    fn member(&self, name: &str, value: &Value) -> Result<Member> {
        let valid = {
            let mut chars = name.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !valid {
            return Err(self.member_err(name, "member names must be identifiers"));
        }
        let obj = value
            .as_object()
            .ok_or_else(|| self.member_err(name, "a member must be an object with a `target`"))?;
        Ok(Member {
            name: name.to_string(),
            target: self.target(obj, Some(name), "the member")?,
            traits: self.traits(obj, Some(name))?,
        })
    }

    fn named_member(&self, obj: &Map<String, Value>, field: &str) -> Result<Member> {
        match obj.get(field) {
            Some(value) => self.member(field, value),
            None => Err(self.err(format!("missing `{field}`"))),
        }
    }

    fn shape(&self, id: ShapeId, ty: ShapeType, obj: &Map<String, Value>) -> Result<Shape> {
        let mut shape = Shape::new(id, ty);
        shape.traits = self.traits(obj, None)?;
        shape.mixins = self.references(obj, "mixins")?;
        match ty {
            ShapeType::List | ShapeType::Set => {
                shape.members.push(self.named_member(obj, "member")?);
            }
            ShapeType::Map => {
                shape.members.push(self.named_member(obj, "key")?);
                shape.members.push(self.named_member(obj, "value")?);
            }
            ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => {
                match obj.get("members") {
                    None => {}
                    Some(Value::Object(members)) => {
                        for (name, value) in members {
                            shape.members.push(self.member(name, value)?);
                        }
                    }
                    Some(_) => return Err(self.err("`members` must be an object")),
                }
            }
            ShapeType::Service => {
                let version = match obj.get("version") {
                    None => String::new(),
                    Some(Value::String(v)) => v.clone(),
                    Some(_) => return Err(self.err("`version` must be a string")),
                };
                let mut rename = std::collections::BTreeMap::new();
                match obj.get("rename") {
                    None => {}
                    Some(Value::Object(map)) => {
                        for (from, to) in map {
                            let from = ShapeId::parse(from).ok_or_else(|| {
                                self.err(format!("`rename` key `{from}` is not a shape ID"))
                            })?;
                            let to = to
                                .as_str()
                                .ok_or_else(|| self.err("`rename` values must be strings"))?;
                            rename.insert(from, to.to_string());
                        }
                    }
                    Some(_) => return Err(self.err("`rename` must be an object")),
                }
                shape.service = Some(ServiceProps {
                    version,
                    operations: self.references(obj, "operations")?,
                    resources: self.references(obj, "resources")?,
                    errors: self.references(obj, "errors")?,
                    rename,
                });
            }
            ShapeType::Operation => {
                shape.operation = Some(OperationProps {
                    input: self.optional_reference(obj, "input")?,
                    output: self.optional_reference(obj, "output")?,
                    errors: self.references(obj, "errors")?,
                });
            }
            ShapeType::Resource => {
                let mut props = ResourceProps::default();
                for field in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(id) = self.optional_reference(obj, field)? {
                        props.operations.push(id.clone());
                        props.lifecycle.insert(field.to_string(), id);
                    }
                }
                props.instance_operations = self.references(obj, "operations")?;
                props.collection_operations = self.references(obj, "collectionOperations")?;
                props
                    .operations
                    .extend(props.instance_operations.iter().cloned());
                props
                    .operations
                    .extend(props.collection_operations.iter().cloned());
                for field in ["identifiers", "properties"] {
                    let mut named = Vec::new();
                    match obj.get(field) {
                        None => {}
                        Some(Value::Object(map)) => {
                            for (name, value) in map {
                                named.push((name.clone(), self.reference(value, field)?));
                            }
                        }
                        Some(_) => return Err(self.err(format!("`{field}` must be an object"))),
                    }
                    // Identifier and property targets are ordinary members of the resource for
                    // the purpose of reachability; they are not generated as a type.
                    for (name, target) in &named {
                        shape.members.push(Member {
                            name: name.clone(),
                            target: target.clone(),
                            traits: Traits::default(),
                        });
                    }
                    if field == "identifiers" {
                        props.identifiers = named;
                    } else {
                        props.properties = named;
                    }
                }
                props.resources = self.references(obj, "resources")?;
                shape.resource = Some(props);
            }
            _ => {}
        }
        Ok(shape)
    }
}
