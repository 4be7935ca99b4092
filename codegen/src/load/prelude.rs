//! The parts of the Smithy prelude (`smithy.api#…`) that models target.
//!
//! Must not: add shapes a model does not need to refer to, or override the model's own.

use crate::model::{trait_ids, Model, Shape, ShapeId, ShapeType};
use serde_json::{json, Value};

/// A prelude shape: name, type, and the default its members get.
type PreludeShape = (&'static str, ShapeType, Option<fn() -> Value>);

const SIMPLE: &[PreludeShape] = &[
    ("Blob", ShapeType::Blob, None),
    ("Boolean", ShapeType::Boolean, None),
    ("String", ShapeType::String, None),
    ("Byte", ShapeType::Byte, None),
    ("Short", ShapeType::Short, None),
    ("Integer", ShapeType::Integer, None),
    ("Long", ShapeType::Long, None),
    ("Float", ShapeType::Float, None),
    ("Double", ShapeType::Double, None),
    ("BigInteger", ShapeType::BigInteger, None),
    ("BigDecimal", ShapeType::BigDecimal, None),
    ("Timestamp", ShapeType::Timestamp, None),
    ("Document", ShapeType::Document, None),
    (
        "PrimitiveBoolean",
        ShapeType::Boolean,
        Some(|| json!(false)),
    ),
    ("PrimitiveByte", ShapeType::Byte, Some(|| json!(0))),
    ("PrimitiveShort", ShapeType::Short, Some(|| json!(0))),
    ("PrimitiveInteger", ShapeType::Integer, Some(|| json!(0))),
    ("PrimitiveLong", ShapeType::Long, Some(|| json!(0))),
    ("PrimitiveFloat", ShapeType::Float, Some(|| json!(0))),
    ("PrimitiveDouble", ShapeType::Double, Some(|| json!(0))),
];

/// The ID of the prelude's unit shape.
pub fn unit_id() -> ShapeId {
    ShapeId::new("smithy.api", "Unit")
}

/// Adds the prelude shapes a model does not define itself.
pub fn add_prelude(model: &mut Model) {
    for (name, ty, default) in SIMPLE {
        let id = ShapeId::new("smithy.api", name);
        model.shapes.entry(id.clone()).or_insert_with(|| {
            let mut shape = Shape::new(id, *ty);
            if let Some(default) = default {
                shape.traits.insert(trait_ids::DEFAULT, default());
            }
            shape
        });
    }
    let unit = unit_id();
    model.shapes.entry(unit.clone()).or_insert_with(|| {
        let mut shape = Shape::new(unit, ShapeType::Structure);
        shape.traits.insert(trait_ids::UNIT_TYPE, json!({}));
        shape
    });
}
