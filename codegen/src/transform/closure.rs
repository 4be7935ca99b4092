//! The closure of a service: every shape the service reaches through its operations, resources
//! and errors, and nothing else.
//!
//! Must not: decide anything about Rust.

use crate::error::{Error, Result};
use crate::model::{Model, Shape, ShapeId, ShapeType};
use std::collections::{BTreeMap, BTreeSet};

/// A model cut down to one service, with service errors copied to each operation.
#[derive(Debug, Clone)]
pub struct ServiceClosure {
    /// Only the shapes the service reaches (prelude shapes included when used).
    pub model: Model,
    /// The service shape's ID.
    pub service: ShapeId,
    /// Every operation of the service (directly or through resources), ordered by name.
    pub operations: Vec<ShapeId>,
    /// The name each shape has inside the service (its own name, or the service's `rename`).
    pub names: BTreeMap<ShapeId, String>,
}

impl ServiceClosure {
    /// The service shape.
    pub fn service_shape(&self) -> &Shape {
        &self.model.shapes[&self.service]
    }

    /// A shape of the closure; every reference in it resolves (checked by the transform).
    pub fn shape(&self, id: &ShapeId) -> &Shape {
        &self.model.shapes[id]
    }

    /// The shape's name within the service.
    pub fn name<'a>(&'a self, id: &'a ShapeId) -> &'a str {
        self.names.get(id).map_or(id.name(), String::as_str)
    }
}

pub(super) fn compute(mut model: Model, service: ShapeId) -> Result<ServiceClosure> {
    let service_shape = &model.shapes[&service];
    let props = service_shape.service.clone().unwrap_or_default();
    let mut operations = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = vec![service.clone()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = &model.shapes[&id];
        if shape.ty == ShapeType::Operation {
            operations.insert(id.clone());
        }
        stack.extend(shape.members.iter().map(|m| m.target.clone()));
        if let Some(s) = &shape.service {
            stack.extend(
                s.operations
                    .iter()
                    .chain(&s.resources)
                    .chain(&s.errors)
                    .cloned(),
            );
        }
        if let Some(r) = &shape.resource {
            stack.extend(r.operations.iter().chain(&r.resources).cloned());
        }
        if let Some(o) = &shape.operation {
            stack.extend(
                o.input
                    .iter()
                    .chain(o.output.iter())
                    .chain(&o.errors)
                    .cloned(),
            );
        }
    }
    model.shapes.retain(|id, _| seen.contains(id));
    for op in &operations {
        if let Some(props_op) = model.shapes.get_mut(op).and_then(|s| s.operation.as_mut()) {
            for error in &props.errors {
                if !props_op.errors.contains(error) {
                    props_op.errors.push(error.clone());
                }
            }
        }
    }
    // Names inside the service must be unique (case-insensitively, as Smithy requires);
    // `rename` resolves conflicts between namespaces.
    let mut names = BTreeMap::new();
    let mut by_name: BTreeMap<String, ShapeId> = BTreeMap::new();
    for id in model.shapes.keys() {
        if id.namespace() == "smithy.api" {
            continue;
        }
        let name = props
            .rename
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.name().to_string());
        if let Some(other) = by_name.insert(name.to_ascii_lowercase(), id.clone()) {
            return Err(Error::shape(
                &model.source,
                id,
                format!("its name conflicts with `{other}` in the service closure; add a `rename` to the service"),
            ));
        }
        names.insert(id.clone(), name);
    }
    let mut operations: Vec<ShapeId> = operations.into_iter().collect();
    operations.sort_by(|a, b| names[a].cmp(&names[b]));
    Ok(ServiceClosure {
        model,
        service,
        operations,
        names,
    })
}
