//! Flattens mixins: a shape gets its mixins' members (first) and their non-local traits, then
//! the mixin shapes themselves are dropped.
//!
//! Must not: check references or cut the model to a service (later transforms do).

use super::PENDING_MEMBER_APPLY;
use crate::error::{Error, Result};
use crate::model::{trait_ids, Member, Model, ShapeId, Traits};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn flatten(model: &mut Model) -> Result<()> {
    let ids: Vec<ShapeId> = model.shapes.keys().cloned().collect();
    let mut done: BTreeMap<ShapeId, (Vec<Member>, Traits)> = BTreeMap::new();
    for id in &ids {
        resolve(model, id, &mut done, &mut BTreeSet::new())?;
    }
    for (id, (members, traits)) in done {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.members = members;
            shape.traits = traits;
            shape.mixins.clear();
        }
    }
    // Land member applies that waited for mixin members.
    let path = model.source.clone();
    for shape in model.shapes.values_mut() {
        let pending: Vec<String> = shape
            .traits
            .0
            .keys()
            .filter(|k| k.starts_with(PENDING_MEMBER_APPLY))
            .cloned()
            .collect();
        for key in pending {
            let value = shape.traits.0.remove(&key).unwrap_or_default();
            let member_name = &key[PENDING_MEMBER_APPLY.len()..];
            let Some(member) = shape.members.iter_mut().find(|m| m.name == member_name) else {
                return Err(Error::member(
                    &path,
                    &shape.id,
                    member_name,
                    "`apply` names a member that does not exist",
                ));
            };
            if let serde_json::Value::Object(traits) = value {
                member.traits.0.extend(traits);
            }
        }
    }
    model
        .shapes
        .retain(|_, shape| !shape.traits.has(trait_ids::MIXIN));
    Ok(())
}

fn resolve(
    model: &Model,
    id: &ShapeId,
    done: &mut BTreeMap<ShapeId, (Vec<Member>, Traits)>,
    visiting: &mut BTreeSet<ShapeId>,
) -> Result<(Vec<Member>, Traits)> {
    if let Some(result) = done.get(id) {
        return Ok(result.clone());
    }
    let shape = &model.shapes[id];
    if shape.mixins.is_empty() {
        return Ok((shape.members.clone(), shape.traits.clone()));
    }
    if !visiting.insert(id.clone()) {
        return Err(Error::shape(&model.source, id, "mixins form a cycle"));
    }
    let mut members: Vec<Member> = Vec::new();
    let mut traits = Traits::default();
    for mixin_id in &shape.mixins {
        let Some(mixin) = model.shapes.get(mixin_id) else {
            return Err(Error::shape(
                &model.source,
                id,
                format!("mixin `{mixin_id}` is not defined"),
            ));
        };
        if !mixin.traits.has(trait_ids::MIXIN) {
            return Err(Error::shape(
                &model.source,
                id,
                format!("`{mixin_id}` is used as a mixin but lacks the mixin trait"),
            ));
        }
        let local: BTreeSet<String> = mixin
            .traits
            .get(trait_ids::MIXIN)
            .and_then(|v| v.get("localTraits"))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let (mixin_members, mixin_traits) = resolve(model, mixin_id, done, visiting)?;
        for (k, v) in mixin_traits.0 {
            if k != trait_ids::MIXIN && !local.contains(&k) {
                traits.insert(k, v);
            }
        }
        for member in mixin_members {
            match members.iter_mut().find(|m| m.name == member.name) {
                Some(existing) => existing.traits.0.extend(member.traits.0),
                None => members.push(member),
            }
        }
    }
    // The shape's own traits and member traits win over inherited ones.
    traits.0.extend(shape.traits.0.clone());
    for own in &shape.members {
        match members.iter_mut().find(|m| m.name == own.name) {
            Some(existing) => {
                existing.traits.0.extend(own.traits.0.clone());
                existing.target = own.target.clone();
            }
            None => members.push(own.clone()),
        }
    }
    visiting.remove(id);
    done.insert(id.clone(), (members.clone(), traits.clone()));
    Ok((members, traits))
}
