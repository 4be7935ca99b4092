//! IDL 1.0 semantics expressed in 2.0, the way Smithy's model upgrader does it, so a 1.0 file
//! and its 2.0 rewrite give the same JSON AST.
//!
//! Owns: the nullability rules: a structure member of a 1.0 file that targets a non-boxed
//! boolean or number shape (the prelude's `Primitive*` shapes, or a 1.0 shape without `@box`)
//! gets `@default(false)` / `@default(0)` unless the member is `@box`ed, and one that targets a
//! `@streaming` blob without being `@required` gets `@default("")`; `@box` itself is then
//! dropped from 1.0 shapes and members. (`set` becomes a unique-items list in
//! [`super::resolve`], for both versions.) Must not: parse or resolve anything, or touch
//! shapes of 2.0 files and JSON AST 2.0 documents.

use serde_json::{json, Map, Value};
use std::collections::HashSet;

const BOX: &str = "smithy.api#box";
const DEFAULT: &str = "smithy.api#default";

/// The default a 1.0 member gets when it targets `target`, if it is a primitive.
fn primitive_default(
    shapes: &Map<String, Value>,
    v1: &HashSet<String>,
    target: &str,
) -> Option<Value> {
    let zero = |ty: &str| match ty {
        "boolean" => Some(json!(false)),
        "byte" | "short" | "integer" | "long" | "float" | "double" => Some(json!(0)),
        _ => None,
    };
    if let Some(name) = target.strip_prefix("smithy.api#Primitive") {
        return zero(&name.to_ascii_lowercase());
    }
    if target.starts_with("smithy.api#") || !v1.contains(target) {
        return None;
    }
    let shape = shapes.get(target)?;
    let boxed = shape
        .get("traits")
        .and_then(Value::as_object)
        .is_some_and(|t| t.contains_key(BOX));
    if boxed {
        return None;
    }
    zero(shape.get("type")?.as_str()?)
}

/// Applies the 1.0 rules to the shapes whose IDs are in `v1`.
pub fn upgrade(shapes: &mut Map<String, Value>, v1: &HashSet<String>) {
    let mut defaults = Vec::new();
    for id in v1 {
        let Some(shape) = shapes.get(id) else {
            continue;
        };
        if shape.get("type").and_then(Value::as_str) != Some("structure") {
            continue;
        }
        let Some(members) = shape.get("members").and_then(Value::as_object) else {
            continue;
        };
        for (name, member) in members {
            let traits = member.get("traits").and_then(Value::as_object);
            if traits.is_some_and(|t| t.contains_key(BOX) || t.contains_key(DEFAULT)) {
                continue;
            }
            let Some(target) = member.get("target").and_then(Value::as_str) else {
                continue;
            };
            let required = traits.is_some_and(|t| t.contains_key("smithy.api#required"));
            let value = primitive_default(shapes, v1, target).or_else(|| {
                // A streaming blob is never null in 2.0: an optional one defaults to empty.
                let shape = shapes.get(target)?;
                let streaming = shape.get("type")?.as_str()? == "blob"
                    && shape.get("traits")?.get("smithy.api#streaming").is_some();
                (streaming && !required).then(|| json!(""))
            });
            if let Some(value) = value {
                defaults.push((id.clone(), name.clone(), value));
            }
        }
    }
    for (id, name, value) in defaults {
        if let Some(member) = shapes
            .get_mut(&id)
            .and_then(|s| s.get_mut("members"))
            .and_then(|m| m.get_mut(&name))
            .and_then(Value::as_object_mut)
        {
            let traits = member
                .entry("traits")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(traits) = traits.as_object_mut() {
                traits.insert(DEFAULT.into(), value);
            }
        }
    }
    for id in v1 {
        let Some(shape) = shapes.get_mut(id).and_then(Value::as_object_mut) else {
            continue;
        };
        remove_box(shape);
        for field in ["members"] {
            if let Some(members) = shape.get_mut(field).and_then(Value::as_object_mut) {
                for member in members.values_mut().filter_map(Value::as_object_mut) {
                    remove_box(member);
                }
            }
        }
        for field in ["member", "key", "value"] {
            if let Some(member) = shape.get_mut(field).and_then(Value::as_object_mut) {
                remove_box(member);
            }
        }
    }
}

fn remove_box(obj: &mut Map<String, Value>) {
    let now_empty = match obj.get_mut("traits").and_then(Value::as_object_mut) {
        Some(traits) => {
            traits.shift_remove(BOX);
            traits.is_empty()
        }
        None => false,
    };
    if now_empty {
        obj.shift_remove("traits");
    }
}
