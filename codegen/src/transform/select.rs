//! The operation allow-list: a service cut down to some of its operations. Every other
//! operation is unbound from the service and its resources, so the closure computed afterwards
//! holds only the chosen operations and the shapes they reach (inputs, outputs, errors, the
//! service's errors).
//!
//! Must not: decide anything about Rust.

use super::closure;
use crate::error::{Error, Result};
use crate::model::{Model, ShapeId};
use std::collections::BTreeSet;

/// Unbinds from the model every operation of `service` not named in `wanted` (a name like
/// `GetObject`, matched exactly, or an absolute shape ID). A name that is not an operation of
/// the service is an error that lists the service's operations.
pub(super) fn retain_operations(
    model: &mut Model,
    service: &ShapeId,
    wanted: &[String],
) -> Result<()> {
    if wanted.is_empty() {
        return Err(Error::shape(
            &model.source,
            service,
            "the operation allow-list is empty; name at least one operation",
        ));
    }
    let all = closure::compute(model.clone(), service.clone())?;
    let mut keep = BTreeSet::new();
    let mut unknown = Vec::new();
    for name in wanted {
        let found = all
            .operations
            .iter()
            .find(|id| id.as_str() == name || all.name(id) == name);
        match found {
            Some(id) => {
                keep.insert(id.clone());
            }
            None => unknown.push(name.as_str()),
        }
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = all.operations.iter().map(|id| all.name(id)).collect();
        return Err(Error::shape(
            &model.source,
            service,
            format!(
                "the operation allow-list names {} the service does not have: {}; its operations are: {}",
                if unknown.len() == 1 { "an operation" } else { "operations" },
                unknown.join(", "),
                names.join(", ")
            ),
        ));
    }
    for shape in model.shapes.values_mut() {
        if let Some(s) = &mut shape.service {
            s.operations.retain(|op| keep.contains(op));
        }
        if let Some(r) = &mut shape.resource {
            r.operations.retain(|op| keep.contains(op));
            r.collection_operations.retain(|op| keep.contains(op));
            r.instance_operations.retain(|op| keep.contains(op));
            r.lifecycle.retain(|_, op| keep.contains(op));
        }
    }
    Ok(())
}
