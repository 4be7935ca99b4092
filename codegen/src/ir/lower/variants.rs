//! Lowering of unions, string enums and int enums to their variants, with names made unique.
//! Decides variant names and values only.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn union(&self, shape: &Shape) -> Result<Vec<UnionVariant>> {
        if shape.members.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "a union must have at least one member",
            ));
        }
        let mut out = Vec::new();
        for m in &shape.members {
            let name = naming::variant_name(&m.name);
            let target = self.shape(&m.target);
            let unit = target.traits.has(t::UNIT_TYPE);
            if shape.traits.has(t::STREAMING) && !unit && target.ty != ShapeType::Structure {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    "a member of an event stream (a `@streaming` union) must target a structure",
                ));
            }
            out.push(UnionVariant {
                error: target.traits.has(t::ERROR),
                xml_name: m.traits.str(t::XML_NAME).unwrap_or(&m.name).to_string(),
                smithy_name: m.name.clone(),
                name,
                json_name: match (m.traits.str(t::JSON_KEY), m.traits.str(t::JSON_NAME)) {
                    (Some(key), _) => key.to_string(),
                    (None, Some(name)) if !self.json_name_ignored => name.to_string(),
                    _ => m.name.clone(),
                },
                ty: (!unit).then(|| self.rust_type(&m.target)),
                boxed: self.boxed.contains(&(shape.id.clone(), m.name.clone())),
                docs: docs(&m.traits),
                deprecated: deprecated(&m.traits),
                timestamp_format: self.timestamp_format(&shape.id, &m.name, &m.traits, target)?,
            });
        }
        // Distinct Smithy names can meet in Rust (`unknown` and `Unknown_`): numbered.
        dedupe_variant_names(self.path, &shape.id, out.iter_mut().map(|v| &mut v.name))?;
        Ok(out)
    }

    pub(super) fn string_enum(&self, shape: &Shape) -> Result<Vec<EnumVariant>> {
        let mut out = Vec::new();
        if shape.ty == ShapeType::Enum {
            for m in &shape.members {
                let value = match m.traits.get(t::ENUM_VALUE) {
                    None => m.name.clone(),
                    Some(Value::String(s)) => s.clone(),
                    Some(_) => {
                        return Err(self.err_member(
                            &shape.id,
                            &m.name,
                            "the `enumValue` of an enum member must be a string",
                        ))
                    }
                };
                out.push(EnumVariant {
                    name: naming::variant_name(&m.name),
                    value,
                    docs: docs(&m.traits),
                    deprecated: deprecated(&m.traits),
                });
            }
        } else {
            let Some(Value::Array(defs)) = shape.traits.get(t::ENUM) else {
                return Err(Error::shape(
                    self.path,
                    &shape.id,
                    "the `enum` trait must be a list of definitions",
                ));
            };
            for def in defs {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    return Err(Error::shape(
                        self.path,
                        &shape.id,
                        "each `enum` definition needs a string `value`",
                    ));
                };
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                out.push(EnumVariant {
                    name: naming::variant_name(name),
                    value: value.to_string(),
                    docs: def
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(html_to_markdown)
                        .unwrap_or_default(),
                    deprecated: def
                        .get("deprecated")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        .then(String::new),
                });
            }
        }
        if out.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "an enum must have at least one member",
            ));
        }
        dedupe_variant_names(self.path, &shape.id, out.iter_mut().map(|v| &mut v.name))?;
        Ok(out)
    }

    pub(super) fn int_enum(&self, shape: &Shape) -> Result<Vec<IntEnumVariant>> {
        let mut out = Vec::new();
        for m in &shape.members {
            let value = m
                .traits
                .get(t::ENUM_VALUE)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| {
                    self.err_member(
                        &shape.id,
                        &m.name,
                        "an intEnum member needs an integer `enumValue`",
                    )
                })?;
            out.push(IntEnumVariant {
                name: naming::variant_name(&m.name),
                value,
                docs: docs(&m.traits),
            });
        }
        if out.is_empty() {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "an intEnum must have at least one member",
            ));
        }
        dedupe_variant_names(self.path, &shape.id, out.iter_mut().map(|v| &mut v.name))?;
        Ok(out)
    }
}

/// Variant names made from values or member names can collide (`a-b` and `a_b`, `unknown`
/// and `Unknown_`): number the later ones.
pub(super) fn dedupe_variant_names<'n>(
    path: &Path,
    shape: &ShapeId,
    names: impl Iterator<Item = &'n mut String>,
) -> Result<()> {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            let mut n = 2;
            while seen.contains(&format!("{name}{n}")) {
                n += 1;
            }
            if n > 1000 {
                return Err(Error::shape(
                    path,
                    shape,
                    "too many enum variants share one name",
                ));
            }
            *name = format!("{name}{n}");
            seen.insert(name.clone());
        }
    }
    Ok(())
}
