//! Which member values must be boxed: the members that close a cycle of structures and unions
//! (a required cycle cannot be built at all and is an error). Decides boxing only.

use super::*;

impl<'a> Lower<'a> {
    /// Finds the struct/union members that must be boxed: edges inside a cycle that does not
    /// pass through a list or map. Also rejects cycles that could never be built.
    pub(super) fn find_boxed(&mut self) -> Result<()> {
        let direct = |shape: &Shape| -> Vec<(String, ShapeId)> {
            if !matches!(shape.ty, ShapeType::Structure | ShapeType::Union) {
                return Vec::new();
            }
            shape
                .members
                .iter()
                .filter(|m| {
                    matches!(
                        self.shape(&m.target).ty,
                        ShapeType::Structure | ShapeType::Union
                    )
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect()
        };
        let shapes: Vec<&Shape> = self.closure.model.shapes.values().collect();
        let edges: BTreeMap<&ShapeId, Vec<(String, ShapeId)>> =
            shapes.iter().map(|s| (&s.id, direct(s))).collect();
        let reaches = |from: &ShapeId, to: &ShapeId| -> bool {
            let mut stack = vec![from.clone()];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if &id == to {
                    return true;
                }
                if seen.insert(id.clone()) {
                    if let Some(next) = edges.get(&id) {
                        stack.extend(next.iter().map(|(_, t)| t.clone()));
                    }
                }
            }
            false
        };
        for (from, out) in &edges {
            for (member, target) in out {
                if reaches(target, from) {
                    self.boxed.insert(((*from).clone(), member.clone()));
                }
            }
        }
        // A cycle of members that are all non-optional structures can never be constructed.
        for shape in &shapes {
            if shape.ty != ShapeType::Structure || shape.traits.has(t::INPUT) {
                continue;
            }
            for member in &shape.members {
                let target = self.shape(&member.target);
                if !self
                    .boxed
                    .contains(&(shape.id.clone(), member.name.clone()))
                    || is_optional(&member.traits, shape, target)
                {
                    continue;
                }
                if self.required_cycle(&shape.id, &member.target, &mut BTreeSet::new()) {
                    return Err(self.err_member(
                        &shape.id,
                        &member.name,
                        "is part of a cycle of required structure members, so no value of it could ever be built",
                    ));
                }
            }
        }
        Ok(())
    }

    pub(super) fn required_cycle(
        &self,
        start: &ShapeId,
        at: &ShapeId,
        seen: &mut BTreeSet<ShapeId>,
    ) -> bool {
        if !seen.insert(at.clone()) {
            return false;
        }
        let shape = self.shape(at);
        if shape.ty != ShapeType::Structure || shape.traits.has(t::INPUT) {
            return false;
        }
        shape.members.iter().any(|m| {
            !is_optional(m.traits_ref(), shape, self.shape(&m.target))
                && self.shape(&m.target).ty == ShapeType::Structure
                && (&m.target == start || self.required_cycle(start, &m.target, seen))
        })
    }
}
