//! The rules: shapes, members, enum values, nullability, defaults, traits, operations and
//! services of two models, compared. Each rule states its smithy-diff event and, in a comment
//! where it is not obvious, why the generated Rust API needs the bump it gives.
//!
//! Must not: sort or filter the events (the caller does), or read files.

use super::rules;
use super::{Bump, Event, Severity};
use crate::model::{trait_ids as t, Member, Model, Shape, ShapeId, ShapeType, Traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One side of the comparison, with what the rules need to know about it.
struct Side<'a> {
    model: &'a Model,
    /// Structures some operation takes as input: every member is an `Option` in Rust and the
    /// type is named after the operation (`GetItemInput`), as the IR decides.
    inputs: BTreeSet<&'a ShapeId>,
    /// Structures some operation returns: named after the operation too.
    outputs: BTreeSet<&'a ShapeId>,
}

impl<'a> Side<'a> {
    fn new(model: &'a Model) -> Self {
        let mut inputs = BTreeSet::new();
        let mut outputs = BTreeSet::new();
        for op in model.shapes.values().filter_map(|s| s.operation.as_ref()) {
            inputs.extend(op.input.iter());
            outputs.extend(op.output.iter());
        }
        Side {
            model,
            inputs,
            outputs,
        }
    }

    fn shape(&self, id: &ShapeId) -> Option<&'a Shape> {
        self.model.shape(id)
    }

    /// Whether the generated field is an `Option` (the IR's rule: operation inputs, then
    /// `@clientOptional` and `@input`, union variants never, `@required` never, then the
    /// member's or the target's `@default`).
    fn rust_optional(&self, container: &Shape, member: &Member) -> bool {
        if self.inputs.contains(&container.id) {
            return true;
        }
        if container.ty == ShapeType::Union {
            return false;
        }
        self.nullable(container, member)
    }

    /// Smithy's nullability of a structure member (its `NullableIndex`, version 2).
    fn nullable(&self, container: &Shape, member: &Member) -> bool {
        if member.traits.has(t::CLIENT_OPTIONAL) || container.traits.has(t::INPUT) {
            return true;
        }
        if member.traits.has(t::REQUIRED) {
            return false;
        }
        match member.traits.get(t::DEFAULT) {
            Some(Value::Null) => true,
            Some(_) => false,
            None => self
                .shape(&member.target)
                .and_then(|s| s.traits.get(t::DEFAULT))
                .is_none_or(Value::is_null),
        }
    }

    /// What the target is in Rust, as far as a change of it matters: the type name for named
    /// types, the shape type for scalars, the element types for collections.
    fn rust_key(&self, id: &ShapeId, depth: u8) -> String {
        let Some(shape) = self.shape(id) else {
            return format!("?{id}");
        };
        if is_named(shape) {
            return format!("{}:{}", type_name(shape.ty), shape.id.name());
        }
        let sparse = if shape.traits.has(t::SPARSE) {
            "sparse "
        } else {
            ""
        };
        let member = |name: &str| {
            shape
                .member(name)
                .map_or_else(String::new, |m| self.rust_key(&m.target, depth + 1))
        };
        match shape.ty {
            _ if depth > 8 => type_name(shape.ty).to_string(),
            ShapeType::List | ShapeType::Set => format!("{sparse}list<{}>", member("member")),
            ShapeType::Map => format!("{sparse}map<{}, {}>", member("key"), member("value")),
            ShapeType::Blob if shape.traits.has(t::STREAMING) => "stream".to_string(),
            ty => type_name(ty).to_string(),
        }
    }
}

/// A shape that is a named Rust type: structure, union, enum (also a string with `@enum`).
fn is_named(shape: &Shape) -> bool {
    match shape.ty {
        ShapeType::Structure => !shape.traits.has(t::UNIT_TYPE),
        ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => true,
        ShapeType::String => shape.traits.has(t::ENUM),
        _ => false,
    }
}

/// The type's name in the Smithy JSON AST (`structure`, `intEnum`, …).
fn type_name(ty: ShapeType) -> &'static str {
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

/// Shapes the diff looks at: not the prelude, not mixins (their members are compared where
/// they land).
fn compared(shape: &Shape) -> bool {
    shape.id.namespace() != "smithy.api" && !shape.traits.has(t::MIXIN)
}

/// A trait or default value in a message, shortened.
fn show(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

struct Cx<'a> {
    old: Side<'a>,
    new: Side<'a>,
    events: Vec<Event>,
    /// New input or output structures compared with an operation's old one: in the crate
    /// before, under the operation's name.
    stand_ins: BTreeSet<ShapeId>,
}

impl Cx<'_> {
    fn push(
        &mut self,
        shape: &ShapeId,
        member: Option<&str>,
        id: impl Into<String>,
        severity: Severity,
        bump: Bump,
        message: impl Into<String>,
    ) {
        self.events.push(Event {
            shape: shape.to_string(),
            member: member.map(str::to_string),
            id: id.into(),
            severity,
            bump,
            message: message.into(),
        });
    }
}

/// The shapes the services of a model reach (what a generated crate can contain): bound
/// operations and resources, their inputs, outputs and errors, service errors, member targets.
fn reachable(model: &Model) -> BTreeSet<&ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&ShapeId> = model.services().map(|s| &s.id).collect();
    while let Some(id) = stack.pop() {
        let Some(shape) = model.shape(id) else {
            continue;
        };
        if !seen.insert(&shape.id) {
            continue;
        }
        stack.extend(shape.members.iter().map(|m| &m.target));
        if let Some(service) = &shape.service {
            stack.extend(service.operations.iter().chain(&service.resources));
            stack.extend(service.errors.iter());
        }
        if let Some(resource) = &shape.resource {
            stack.extend(resource.operations.iter().chain(&resource.resources));
            stack.extend(resource.identifiers.iter().map(|(_, id)| id));
            stack.extend(resource.properties.iter().map(|(_, id)| id));
        }
        if let Some(op) = &shape.operation {
            stack.extend(op.input.iter().chain(&op.output).chain(&op.errors));
        }
    }
    seen
}

/// Every event between the two models, unsorted. An event about a shape the generated crate
/// does not contain before and after (it is unreachable from the service in either model) has
/// no bump: an added shape counts when the new service reaches it, a removed one when the old
/// service did, any other change when both do (a shape coming or going from the crate is
/// reported by the binding or member that brought or took it).
pub fn compare(old: &Model, new: &Model) -> Vec<Event> {
    let mut cx = Cx {
        old: Side::new(old),
        new: Side::new(new),
        events: Vec::new(),
        stand_ins: BTreeSet::new(),
    };
    for shape in new.shapes.values().filter(|s| compared(s)) {
        match old.shape(&shape.id) {
            None => added_shape(&mut cx, shape),
            Some(before) if compared(before) => changed_shape(&mut cx, before, shape),
            Some(_) => {}
        }
    }
    for shape in old.shapes.values().filter(|s| compared(s)) {
        if new.shape(&shape.id).is_none() {
            removed_shape(&mut cx, shape);
        }
    }
    let (old_reach, new_reach) = (reachable(old), reachable(new));
    for event in &mut cx.events {
        let Some(id) = ShapeId::parse(&event.shape) else {
            continue;
        };
        let in_old = old_reach.contains(&id) || cx.stand_ins.contains(&id);
        let in_new = new_reach.contains(&id);
        let counts = match (event.id.as_str(), &event.member) {
            ("AddedShape", None) => in_new,
            ("RemovedShape" | "RemovedShape.ScalarShape", None) => in_old,
            _ => in_old && in_new,
        };
        if !counts {
            event.bump = Bump::None;
        }
    }
    cx.events
}

/// `AddedShape` (NOTE): a new operation is a new client method, a new named type a new public
/// type (minor); a new scalar, list or map shape changes nothing until a member targets it.
fn added_shape(cx: &mut Cx<'_>, shape: &Shape) {
    let io = cx.new.inputs.contains(&shape.id) || cx.new.outputs.contains(&shape.id);
    let bump = match shape.ty {
        ShapeType::Operation | ShapeType::Service => Bump::Minor,
        // Named after its operation: the operation's own event says what users see.
        ShapeType::Structure if io => Bump::None,
        _ if is_named(shape) => Bump::Minor,
        _ => Bump::None,
    };
    let message = format!("added {} `{}`", type_name(shape.ty), shape.id);
    cx.push(&shape.id, None, "AddedShape", Severity::Note, bump, message);
}

/// `RemovedShape` (ERROR; `RemovedShape.ScalarShape`, WARNING, for simple types). A removed
/// operation or named type is gone from the Rust API (major), except the input and output
/// structures of operations, whose Rust types are named after the operation and whose loss is
/// reported on the operation.
fn removed_shape(cx: &mut Cx<'_>, shape: &Shape) {
    let message = format!("removed {} `{}`", type_name(shape.ty), shape.id);
    let scalar = matches!(
        shape.ty,
        ShapeType::BigDecimal
            | ShapeType::BigInteger
            | ShapeType::Blob
            | ShapeType::Boolean
            | ShapeType::Byte
            | ShapeType::Double
            | ShapeType::Float
            | ShapeType::Short
            | ShapeType::Timestamp
            | ShapeType::Long
            | ShapeType::Integer
    ) || (shape.ty == ShapeType::String && !shape.traits.has(t::ENUM));
    if scalar {
        let id = "RemovedShape.ScalarShape";
        cx.push(&shape.id, None, id, Severity::Warning, Bump::None, message);
        return;
    }
    let io = cx.old.inputs.contains(&shape.id) || cx.old.outputs.contains(&shape.id);
    let bump = match shape.ty {
        ShapeType::Operation | ShapeType::Service => Bump::Major,
        ShapeType::Structure if io => Bump::Patch,
        _ if is_named(shape) => Bump::Major,
        _ => Bump::None,
    };
    cx.push(
        &shape.id,
        None,
        "RemovedShape",
        Severity::Error,
        bump,
        message,
    );
}

fn changed_shape(cx: &mut Cx<'_>, old: &Shape, new: &Shape) {
    let set_to_list = matches!(
        (old.ty, new.ty),
        (ShapeType::Set, ShapeType::List) | (ShapeType::List, ShapeType::Set)
    );
    let string_to_enum =
        old.ty == ShapeType::String && old.traits.has(t::ENUM) && new.ty == ShapeType::Enum;
    if old.ty != new.ty && !set_to_list && !string_to_enum {
        // `ChangedShapeType` (ERROR): the Rust type changes kind (major).
        let message = format!(
            "type changed from `{}` to `{}`",
            type_name(old.ty),
            type_name(new.ty)
        );
        let id = "ChangedShapeType";
        cx.push(&new.id, None, id, Severity::Error, Bump::Major, message);
        return;
    }
    traits(cx, &new.id, None, &old.traits, &new.traits);
    root_default(cx, old, new);
    if let (Some(before), Some(after)) = (enum_values(old), enum_values(new)) {
        enum_changes(cx, new, &before, &after);
    } else if old.ty.is_aggregate() && new.ty.is_aggregate() {
        members(cx, old, new, &new.id);
    }
    if let (Some(before), Some(after)) = (&old.operation, &new.operation) {
        operation(cx, &new.id, before, after);
    }
    if let (Some(before), Some(after)) = (&old.service, &new.service) {
        bindings(
            cx,
            &new.id,
            "Service",
            &before.operations,
            &after.operations,
            "Operation",
        );
        bindings(
            cx,
            &new.id,
            "Service",
            &before.resources,
            &after.resources,
            "Resource",
        );
        service_errors(cx, &new.id, &before.errors, &after.errors);
        renames(cx, &new.id, &before.rename, &after.rename);
        protocol(cx, old, new);
    }
    if let (Some(before), Some(after)) = (&old.resource, &new.resource) {
        bindings(
            cx,
            &new.id,
            "Resource",
            &before.operations,
            &after.operations,
            "Operation",
        );
        bindings(
            cx,
            &new.id,
            "Resource",
            &before.resources,
            &after.resources,
            "Resource",
        );
    }
}

/// The values of a string enum (names and values) or an int enum, in model order.
fn enum_values(shape: &Shape) -> Option<Vec<(String, Value)>> {
    match shape.ty {
        ShapeType::Enum | ShapeType::IntEnum => Some(
            shape
                .members
                .iter()
                .map(|m| {
                    let value = m
                        .traits
                        .get(t::ENUM_VALUE)
                        .cloned()
                        .unwrap_or_else(|| Value::String(m.name.clone()));
                    (m.name.clone(), value)
                })
                .collect(),
        ),
        ShapeType::String => {
            let definitions = shape.traits.get(t::ENUM)?.as_array()?;
            Some(
                definitions
                    .iter()
                    .filter_map(|d| {
                        let value = d.get("value")?.clone();
                        let name = d
                            .get("name")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .or_else(|| value.as_str().map(str::to_string))?;
                        Some((name, value))
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// smithy-diff's `ChangedEnumTrait` (`ChangedIntEnum` for int enums, which it does not cover):
/// a removed value or a renamed one (ERROR) removes or renames a Rust variant (major); a value
/// inserted before the end (ERROR: ordinals move) or appended (NOTE) is a new variant of a
/// `#[non_exhaustive]` enum whose `Unknown` variant carried it before (minor).
fn enum_changes(cx: &mut Cx<'_>, new: &Shape, old: &[(String, Value)], now: &[(String, Value)]) {
    let prefix = if new.ty == ShapeType::IntEnum {
        "ChangedIntEnum"
    } else {
        "ChangedEnumTrait"
    };
    let mut old_end = old.len() as i64 - 1;
    for (index, (name, value)) in old.iter().enumerate() {
        match now.iter().find(|(_, v)| v == value) {
            None => {
                cx.push(
                    &new.id,
                    Some(name),
                    format!("{prefix}.Removed.{index}"),
                    Severity::Error,
                    Bump::Major,
                    format!("enum value {} was removed", show(value)),
                );
                old_end -= 1;
            }
            Some((new_name, _)) if new_name != name => cx.push(
                &new.id,
                Some(new_name),
                format!("{prefix}.NameChanged.{index}"),
                Severity::Error,
                Bump::Major,
                format!(
                    "the name of enum value {} changed from `{name}` to `{new_name}`",
                    show(value)
                ),
            ),
            Some(_) => {}
        }
    }
    for (position, (name, value)) in now.iter().enumerate() {
        if old.iter().any(|(_, v)| v == value) {
            continue;
        }
        if (position as i64) <= old_end {
            cx.push(
                &new.id,
                Some(name),
                format!("{prefix}.OrderChanged.{position}"),
                Severity::Error,
                Bump::Minor,
                format!(
                    "enum value {} was inserted before the end of the existing values",
                    show(value)
                ),
            );
            old_end += 1;
        } else {
            cx.push(
                &new.id,
                Some(name),
                format!("{prefix}.Appended.{position}"),
                Severity::Note,
                Bump::Minor,
                format!("enum value {} was appended", show(value)),
            );
        }
    }
}

/// Members of structures, unions, lists and maps. `report_on` is the shape the events name
/// (the new input structure when an operation's input changed to another shape).
fn members(cx: &mut Cx<'_>, old: &Shape, new: &Shape, report_on: &ShapeId) {
    for m in &new.members {
        let Some(before) = old.member(&m.name) else {
            added_member(cx, new, m, report_on);
            continue;
        };
        if before.target != m.target {
            changed_target(cx, report_on, before, m);
        }
        if new.ty == ShapeType::Structure && old.ty == ShapeType::Structure {
            nullability(cx, old, before, new, m, report_on);
        }
        member_default(cx, old, before, new, m, report_on);
        traits(cx, report_on, Some(&m.name), &before.traits, &m.traits);
    }
    for m in &old.members {
        if new.member(&m.name).is_none() {
            // `RemovedShape` on the member (ERROR): the field or variant is gone (major).
            let what = if old.ty == ShapeType::Union {
                "variant"
            } else {
                "member"
            };
            cx.push(
                report_on,
                Some(&m.name),
                "RemovedShape",
                Severity::Error,
                Bump::Major,
                format!("removed {what} `{}`", m.name),
            );
        }
    }
}

/// `AddedRequiredMember` (ERROR) for a new member that is `@required` without a default or
/// `@clientOptional`, else `AddedShape` (NOTE). Both are minor: structures are
/// `#[non_exhaustive]` and built through builders, so existing code compiles; a new required
/// member makes `build()` fail without it, which the service would have rejected anyway.
/// A new union variant is minor too (`#[non_exhaustive]`).
fn added_member(cx: &mut Cx<'_>, container: &Shape, m: &Member, report_on: &ShapeId) {
    let required = container.ty == ShapeType::Structure
        && m.traits.has(t::REQUIRED)
        && !m.traits.has(t::DEFAULT)
        && !m.traits.has(t::CLIENT_OPTIONAL);
    if required {
        cx.push(
            report_on,
            Some(&m.name),
            "AddedRequiredMember",
            Severity::Error,
            Bump::Minor,
            format!(
                "added required member `{}` without a default: callers must now set it",
                m.name
            ),
        );
    } else {
        let what = if container.ty == ShapeType::Union {
            "variant"
        } else {
            "member"
        };
        cx.push(
            report_on,
            Some(&m.name),
            "AddedShape",
            Severity::Note,
            Bump::Minor,
            format!("added {what} `{}` targeting `{}`", m.name, m.target),
        );
    }
}

/// `ChangedMemberTarget`: ERROR when the target's type or, for named types, its name changes
/// (the field's Rust type changes: major); a WARNING when the new target is the same Rust type
/// under another shape ID (same scalar type, collections of the same element types: patch).
fn changed_target(cx: &mut Cx<'_>, report_on: &ShapeId, before: &Member, m: &Member) {
    let old_key = cx.old.rust_key(&before.target, 0);
    let new_key = cx.new.rust_key(&m.target, 0);
    let (severity, bump, why) = if old_key == new_key {
        (Severity::Warning, Bump::Patch, "the same Rust type")
    } else {
        (Severity::Error, Bump::Major, "another Rust type")
    };
    cx.push(
        report_on,
        Some(&m.name),
        "ChangedMemberTarget",
        severity,
        bump,
        format!(
            "target changed from `{}` to `{}` ({why})",
            before.target, m.target
        ),
    );
}

/// smithy-diff's `ChangedNullability` rules, when Smithy's nullability of the member changed;
/// the bump follows the generated field: `Option<T>` ↔ `T` is major; otherwise (an operation
/// input, all of whose fields are `Option`s) a new `@required` makes `build()` check it
/// (minor), a removed one stops checking (patch). A `@required` added or removed without a
/// nullability change (inputs) is `ModifiedTrait.<Add|Remove>.smithy.api#required`, a NOTE.
fn nullability(
    cx: &mut Cx<'_>,
    old_container: &Shape,
    before: &Member,
    new_container: &Shape,
    m: &Member,
    report_on: &ShapeId,
) {
    let was = cx.old.nullable(old_container, before);
    let is = cx.new.nullable(new_container, m);
    let required_added = !before.traits.has(t::REQUIRED) && m.traits.has(t::REQUIRED);
    let required_removed = before.traits.has(t::REQUIRED) && !m.traits.has(t::REQUIRED);
    let optional_changed =
        cx.old.rust_optional(old_container, before) != cx.new.rust_optional(new_container, m);
    let bump = if optional_changed {
        Bump::Major
    } else if required_added {
        Bump::Minor
    } else {
        Bump::Patch
    };
    if was == is {
        let kind = match (required_added, required_removed) {
            (true, _) => "Add",
            (_, true) => "Remove",
            _ => return,
        };
        cx.push(
            report_on,
            Some(&m.name),
            format!("ModifiedTrait.{kind}.{}", t::REQUIRED),
            Severity::Note,
            bump,
            format!(
                "`@required` {} (the member stays optional to clients)",
                if kind == "Add" { "added" } else { "removed" }
            ),
        );
        return;
    }
    let change = format!(
        "changed from {} to {}",
        if was { "nullable" } else { "non-nullable" },
        if was { "non-nullable" } else { "nullable" }
    );
    let old_input = old_container.traits.has(t::INPUT);
    let new_input = new_container.traits.has(t::INPUT);
    let mut found: Vec<(&str, Severity, &str)> = Vec::new();
    if old_input && !new_input {
        found.push(("RemovedInputTrait", Severity::Error, "`@input` was removed"));
    } else if !old_input && new_input {
        found.push(("AddedInputTrait", Severity::Danger, "`@input` was added"));
    } else if !new_input {
        let has = |member: &Member, id: &str| member.traits.has(id);
        if !has(before, t::CLIENT_OPTIONAL)
            && has(m, t::CLIENT_OPTIONAL)
            && has(before, t::REQUIRED)
            && has(m, t::REQUIRED)
        {
            let why = "`@clientOptional` was added to a required member";
            found.push(("AddedNullableTrait", Severity::Error, why));
        }
        if required_added && !has(m, t::CLIENT_OPTIONAL) {
            let why = "`@required` was added";
            found.push(("AddedRequiredTrait", Severity::Error, why));
        }
        if !has(before, t::DEFAULT) && has(m, t::DEFAULT) && !required_removed {
            let why = "`@default` was added to a member that was not required";
            found.push(("AddedDefaultTrait", Severity::Error, why));
        }
        if required_removed && !has(m, t::DEFAULT) && !has(before, t::CLIENT_OPTIONAL) {
            let target = cx.new.shape(&m.target).map(|s| s.ty);
            if matches!(target, Some(ShapeType::Structure | ShapeType::Union)) {
                let why = "`@required` was removed from a member targeting a structure or union";
                found.push((
                    "RemovedRequiredTrait.StructureOrUnion",
                    Severity::Warning,
                    why,
                ));
            } else {
                let why = "`@required` was removed and not replaced by `@default`";
                found.push(("RemovedRequiredTrait", Severity::Error, why));
            }
        }
    }
    if found.is_empty() {
        found.push(("", Severity::Error, "its nullability changed"));
    }
    for (suffix, severity, why) in found {
        let id = if suffix.is_empty() {
            "ChangedNullability".to_string()
        } else {
            format!("ChangedNullability.{suffix}")
        };
        let message = format!("{change}: {why}");
        cx.push(report_on, Some(&m.name), id, severity, bump, message);
    }
}

/// Whether a default is the zero value of its target type in Smithy IDL 1.0 (`false`, `0`).
fn zero_value(value: &Value, target: Option<&Shape>) -> bool {
    match target.map(|s| s.ty) {
        Some(ShapeType::Boolean) => value == &Value::Bool(false),
        Some(
            ShapeType::Byte
            | ShapeType::Short
            | ShapeType::Integer
            | ShapeType::Long
            | ShapeType::Float
            | ShapeType::Double
            | ShapeType::IntEnum,
        ) => value.as_f64() == Some(0.0),
        _ => false,
    }
}

/// smithy-diff's `ChangedDefault` on a member. A removed default (unless it was `null` over a
/// target without one) and a default added without `@addedDefault` are ERRORs; a changed value
/// is a DANGER when both or neither are the zero value, else an ERROR. The bump: major when the
/// field turns from `T` into `Option<T>` or back, else minor (the value a builder fills in, or
/// the `Default` of the type, changes behind the same API).
fn member_default(
    cx: &mut Cx<'_>,
    old_container: &Shape,
    before: &Member,
    new_container: &Shape,
    m: &Member,
    report_on: &ShapeId,
) {
    let (old, new) = (before.traits.get(t::DEFAULT), m.traits.get(t::DEFAULT));
    if old == new {
        return;
    }
    let optional_changed =
        cx.old.rust_optional(old_container, before) != cx.new.rust_optional(new_container, m);
    let bump = if optional_changed {
        Bump::Major
    } else {
        Bump::Minor
    };
    let target = cx.new.shape(&m.target);
    let (severity, message) = match (old, new) {
        (Some(Value::Null), None)
            if target
                .and_then(|s| s.traits.get(t::DEFAULT))
                .is_none_or(Value::is_null) =>
        {
            return
        }
        (Some(value), None) => (
            Severity::Error,
            format!("`@default` was removed (it was {})", show(value)),
        ),
        (None, Some(value)) => {
            if m.traits.has("smithy.api#addedDefault") || value.is_null() {
                return;
            }
            (
                Severity::Error,
                format!(
                    "`@default` {} was added without `@addedDefault`",
                    show(value)
                ),
            )
        }
        (Some(a), Some(b)) => {
            let severity = if zero_value(a, target) == zero_value(b, target) {
                Severity::Danger
            } else {
                Severity::Error
            };
            (
                severity,
                format!("`@default` changed from {} to {}", show(a), show(b)),
            )
        }
        (None, None) => return,
    };
    let id = "ChangedDefault";
    cx.push(report_on, Some(&m.name), id, severity, bump, message);
}

/// `ChangedDefault` on a shape (ERROR whatever the change): the target's default decides the
/// fields of every member without one of its own, so this is major.
fn root_default(cx: &mut Cx<'_>, old: &Shape, new: &Shape) {
    let (a, b) = (old.traits.get(t::DEFAULT), new.traits.get(t::DEFAULT));
    if a == b {
        return;
    }
    let message = match (a, b) {
        (Some(a), Some(b)) => format!("`@default` changed from {} to {}", show(a), show(b)),
        (Some(a), None) => format!("`@default` was removed (it was {})", show(a)),
        (None, Some(b)) => format!("`@default` {} was added", show(b)),
        (None, None) => return,
    };
    let id = "ChangedDefault";
    cx.push(&new.id, None, id, Severity::Error, Bump::Major, message);
}

/// Trait changes other than those a dedicated rule reports: `TraitBreakingChange.<kind>.<id>`
/// where the trait's rules say so, `ModifiedTrait.<kind>.<id>` otherwise.
fn traits(cx: &mut Cx<'_>, shape: &ShapeId, member: Option<&str>, old: &Traits, new: &Traits) {
    let ids: BTreeSet<&String> = old.0.keys().chain(new.0.keys()).collect();
    for id in ids {
        if rules::is_handled_elsewhere(id) {
            continue;
        }
        let (a, b) = (old.get(id), new.get(id));
        for found in rules::trait_changes(id, a, b) {
            let bump = rules::trait_bump(id, found.kind, found.path);
            let prefix = if found.from_rule {
                "TraitBreakingChange"
            } else {
                "ModifiedTrait"
            };
            let event = format!("{prefix}.{}.{id}", found.kind);
            let (a, b) = match found.path {
                Some(key) => (a.and_then(|v| v.get(key)), b.and_then(|v| v.get(key))),
                None => (a, b),
            };
            let what = match found.path {
                Some(key) => format!("`{key}` of `@{}`", short(id)),
                None => format!("`@{}`", short(id)),
            };
            let message = match (a, b) {
                (None, Some(b)) => format!("{what} added: {}", show(b)),
                (Some(a), None) => format!("{what} removed (it was {})", show(a)),
                (Some(a), Some(b)) => format!("{what} changed from {} to {}", show(a), show(b)),
                (None, None) => format!("{what} changed"),
            };
            cx.push(shape, member, event, found.severity, bump, message);
        }
    }
}

/// A trait ID without the `smithy.api#` namespace.
fn short(id: &str) -> &str {
    id.strip_prefix("smithy.api#").unwrap_or(id)
}

/// An operation's input, output and errors.
fn operation(
    cx: &mut Cx<'_>,
    id: &ShapeId,
    old: &crate::model::OperationProps,
    new: &crate::model::OperationProps,
) {
    let unit = crate::load::unit_id();
    for (which, before, after) in [
        ("Input", &old.input, &new.input),
        ("Output", &old.output, &new.output),
    ] {
        let before_id = before.as_ref().unwrap_or(&unit);
        let after_id = after.as_ref().unwrap_or(&unit);
        if before_id == after_id {
            continue;
        }
        // `ChangedOperationInput` / `…Output` (ERROR). The Rust type is named after the
        // operation, so what users see is the change of members, compared here as if the two
        // structures were one (a unit input counts as a structure without members).
        cx.push(
            id,
            None,
            format!(
                "ChangedOperation{which}.From.{}.To.{}",
                before_id.name(),
                after_id.name()
            ),
            Severity::Error,
            Bump::Patch,
            format!(
                "{} changed from `{before_id}` to `{after_id}`",
                which.to_lowercase()
            ),
        );
        let empty_old = Shape::new(before_id.clone(), ShapeType::Structure);
        let empty_new = Shape::new(after_id.clone(), ShapeType::Structure);
        let old_shape = cx.old.shape(before_id).unwrap_or(&empty_old).clone();
        let new_shape = cx.new.shape(after_id).unwrap_or(&empty_new).clone();
        // When the new structure is an old shape too, its own comparison covers it.
        if cx.old.shape(after_id).is_none() {
            cx.stand_ins.insert(after_id.clone());
            members(cx, &old_shape, &new_shape, after_id);
        }
    }
    let (old_errors, new_errors) = (&old.errors, &new.errors);
    for error in new_errors.iter().filter(|e| !old_errors.contains(e)) {
        // `AddedOperationError` (WARNING): a new variant of the `#[non_exhaustive]` error
        // enum (minor).
        cx.push(
            id,
            None,
            format!("AddedOperationError.{}", error.name()),
            Severity::Warning,
            Bump::Minor,
            format!("error `{error}` was added"),
        );
    }
    for error in old_errors.iter().filter(|e| !new_errors.contains(e)) {
        // `RemovedOperationError` (WARNING): the variant and its `is_…` method go (major).
        cx.push(
            id,
            None,
            format!("RemovedOperationError.{}", error.name()),
            Severity::Warning,
            Bump::Major,
            format!("error `{error}` was removed"),
        );
    }
}

/// `AddedOperationBinding.ToService.X` (NOTE) and `RemovedOperationBinding.FromService.X`
/// (ERROR), resources alike: a client method appears (minor) or goes (major).
fn bindings(
    cx: &mut Cx<'_>,
    id: &ShapeId,
    parent: &str,
    old: &[ShapeId],
    new: &[ShapeId],
    child: &str,
) {
    for added in new.iter().filter(|o| !old.contains(o)) {
        cx.push(
            id,
            None,
            format!("Added{child}Binding.To{parent}.{}", added.name()),
            Severity::Note,
            Bump::Minor,
            format!("{} `{added}` was bound", child.to_lowercase()),
        );
    }
    for removed in old.iter().filter(|o| !new.contains(o)) {
        cx.push(
            id,
            None,
            format!("Removed{child}Binding.From{parent}.{}", removed.name()),
            Severity::Error,
            Bump::Major,
            format!("{} `{removed}` is no longer bound", child.to_lowercase()),
        );
    }
}

/// `AddedServiceError` / `RemovedServiceError` (WARNING): the generator copies service errors
/// onto every operation's error enum, so a variant appears everywhere (minor) or goes (major).
fn service_errors(cx: &mut Cx<'_>, id: &ShapeId, old: &[ShapeId], new: &[ShapeId]) {
    for added in new.iter().filter(|e| !old.contains(e)) {
        let message = format!("service-wide error `{added}` was added");
        let event = "AddedServiceError";
        cx.push(id, None, event, Severity::Warning, Bump::Minor, message);
    }
    for removed in old.iter().filter(|e| !new.contains(e)) {
        let message = format!("service-wide error `{removed}` was removed");
        let event = "RemovedServiceError";
        cx.push(id, None, event, Severity::Warning, Bump::Major, message);
    }
}

/// `ServiceRename` (ERROR): the service's `rename` map names Rust types, so an added, removed
/// or changed rename renames a type (major).
fn renames(
    cx: &mut Cx<'_>,
    id: &ShapeId,
    old: &BTreeMap<ShapeId, String>,
    new: &BTreeMap<ShapeId, String>,
) {
    let shapes: BTreeSet<&ShapeId> = old.keys().chain(new.keys()).collect();
    for shape in shapes {
        let message = match (old.get(shape), new.get(shape)) {
            (Some(a), Some(b)) if a != b => {
                format!("the rename of `{shape}` changed from `{a}` to `{b}`")
            }
            (Some(a), None) => format!("the rename of `{shape}` to `{a}` was removed"),
            (None, Some(b)) => format!("`{shape}` is now renamed to `{b}`"),
            _ => continue,
        };
        cx.push(
            id,
            None,
            "ServiceRename",
            Severity::Error,
            Bump::Major,
            message,
        );
    }
}

/// `ChangedProtocol` (this project's; DANGER): the service's protocol traits changed, so every
/// request and response changes on the wire while the Rust API stays (minor: the crate behaves
/// differently behind the same signatures, and talks only to servers of the new protocol).
fn protocol(cx: &mut Cx<'_>, old: &Shape, new: &Shape) {
    let of = |shape: &Shape| -> BTreeMap<String, ()> {
        shape
            .traits
            .0
            .keys()
            .filter(|k| rules::is_protocol(k))
            .map(|k| (k.clone(), ()))
            .collect()
    };
    let (a, b) = (of(old), of(new));
    if a == b {
        return;
    }
    let list = |m: &BTreeMap<String, ()>| {
        if m.is_empty() {
            "none".to_string()
        } else {
            m.keys().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
        }
    };
    let message = format!("protocol changed from {} to {}", list(&a), list(&b));
    let id = "ChangedProtocol";
    cx.push(&new.id, None, id, Severity::Danger, Bump::Minor, message);
}
