//! Model-to-model rewrites run before lowering to the IR:
//! mixins are flattened, `apply`s on mixed-in members land, references are checked, the model is
//! cut down to what the chosen service reaches, service-wide errors are copied onto every
//! operation, and the service's `rename` map is applied.
//!
//! Must not: decide anything about Rust; the output is still a Smithy model.

mod closure;
mod mixins;
mod select;

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeType};

pub use closure::ServiceClosure;

pub use crate::model::PENDING_MEMBER_APPLY;

/// Runs every transform and returns the service's closure.
pub fn run(mut model: Model) -> Result<ServiceClosure> {
    mixins::flatten(&mut model)?;
    check_references(&model)?;
    let service = pick_service(&model)?;
    closure::compute(model, service)
}

/// Like [`run`], limited to the operations named in `operations` (names like `GetObject`, or
/// absolute shape IDs) and the shapes they reach; naming an operation the service does not
/// have is an error.
pub fn run_selected(mut model: Model, operations: &[String]) -> Result<ServiceClosure> {
    mixins::flatten(&mut model)?;
    check_references(&model)?;
    let service = pick_service(&model)?;
    select::retain_operations(&mut model, &service, operations)?;
    closure::compute(model, service)
}

/// Like [`run`], for a model that defines several services: the closure of `service`.
pub fn run_service(mut model: Model, service: &ShapeId) -> Result<ServiceClosure> {
    mixins::flatten(&mut model)?;
    check_references(&model)?;
    closure::compute(model, service.clone())
}

/// Flattens mixins and checks references, without choosing a service: the model as a whole,
/// as the JSON AST writer (`crate::ast`) presents it.
pub fn flatten_and_check(model: &mut Model) -> Result<()> {
    mixins::flatten(model)?;
    check_references(model)
}

fn pick_service(model: &Model) -> Result<ShapeId> {
    let services: Vec<&ShapeId> = model.services().map(|s| &s.id).collect();
    match services.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::file(
            &model.source,
            "the model defines no service shape",
        )),
        many => Err(Error::file(
            &model.source,
            format!(
                "the model defines {} services ({}); generate from a model with exactly one",
                many.len(),
                many.iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Every reference in the model points at a shape of a fitting kind.
fn check_references(model: &Model) -> Result<()> {
    let path = &model.source;
    for shape in model.shapes.values() {
        for member in &shape.members {
            let Some(target) = model.shape(&member.target) else {
                return Err(Error::member(
                    path,
                    &shape.id,
                    &member.name,
                    format!("targets `{}`, which is not defined", member.target),
                ));
            };
            let bad_kind = matches!(
                target.ty,
                ShapeType::Service | ShapeType::Operation | ShapeType::Resource
            );
            if bad_kind && shape.resource.is_none() {
                return Err(Error::member(
                    path,
                    &shape.id,
                    &member.name,
                    format!(
                        "targets `{}`, a {:?} shape, which cannot be a member",
                        target.id, target.ty
                    ),
                ));
            }
            if shape.ty == ShapeType::Map
                && member.name == "key"
                && target.ty != ShapeType::String
                && target.ty != ShapeType::Enum
            {
                return Err(Error::member(
                    path,
                    &shape.id,
                    "key",
                    format!(
                        "map keys must target a string or enum shape, not `{}`",
                        target.id
                    ),
                ));
            }
        }
        let expect = |ids: &[ShapeId], want: &[ShapeType], what: &str| -> Result<()> {
            for id in ids {
                match model.shape(id) {
                    Some(s) if want.contains(&s.ty) => {}
                    Some(s) => {
                        return Err(Error::shape(
                            path,
                            &shape.id,
                            format!("{what} `{id}` is a {:?} shape", s.ty),
                        ))
                    }
                    None => {
                        return Err(Error::shape(
                            path,
                            &shape.id,
                            format!("{what} `{id}` is not defined"),
                        ))
                    }
                }
            }
            Ok(())
        };
        if let Some(service) = &shape.service {
            expect(&service.operations, &[ShapeType::Operation], "operation")?;
            expect(&service.resources, &[ShapeType::Resource], "resource")?;
            expect(&service.errors, &[ShapeType::Structure], "error")?;
        }
        if let Some(op) = &shape.operation {
            let io: Vec<ShapeId> = op.input.iter().chain(op.output.iter()).cloned().collect();
            expect(&io, &[ShapeType::Structure], "input/output")?;
            expect(&op.errors, &[ShapeType::Structure], "error")?;
        }
        if let Some(resource) = &shape.resource {
            expect(&resource.operations, &[ShapeType::Operation], "operation")?;
            expect(&resource.resources, &[ShapeType::Resource], "resource")?;
        }
    }
    Ok(())
}
