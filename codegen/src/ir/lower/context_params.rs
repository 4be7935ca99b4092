//! `@operationContextParams`: each path (the rules-engine subset of JMESPath: identifiers,
//! sub-expressions `a.b`, list projections `a[*]`, map value projections `a.*`, and
//! `keys(...)`) is read and typed against the lowered input, giving the steps the request
//! serializer walks ([`PathStep`]). A path outside the subset, or one that does not end at
//! strings, is an error naming the operation.

use crate::ir::{
    EndpointParamBinding, EndpointParamValue, NamedKind, PathStep, RustType, Struct, TypeDef,
    TypeKind,
};
use serde_json::Value;

/// A path as read: segments applied left to right.
#[derive(Debug, PartialEq)]
enum Segment {
    Field(String),
    /// `[*]`
    Items,
    /// `.*`
    Values,
    /// `keys(...)` of the path inside.
    Keys(Vec<Segment>),
}

/// The bindings of one operation's `@operationContextParams` trait value; `rules` is the
/// service's rule set (for each parameter's type).
pub fn bindings(
    trait_value: &Value,
    rules: &Value,
    input: &Struct,
    types: &[TypeDef],
) -> Result<Vec<EndpointParamBinding>, String> {
    let mut out = Vec::new();
    let Some(params) = trait_value.as_object() else {
        return Err("`@operationContextParams` is not an object".into());
    };
    for (name, def) in params {
        let path = def
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("operation context parameter `{name}` has no `path`"))?;
        let ty = rules
            .get("parameters")
            .and_then(|p| p.get(name))
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                format!("operation context parameter `{name}` is not a parameter of the rule set")
            })?;
        let array = ty.eq_ignore_ascii_case("stringArray");
        if !array && !ty.eq_ignore_ascii_case("string") {
            return Err(format!(
                "operation context parameter `{name}` has type `{ty}`; a path gives strings"
            ));
        }
        let segments = parse(path).map_err(|e| format!("path `{path}` of `{name}`: {e}"))?;
        let steps = typed(&segments, input, types)
            .map_err(|e| format!("path `{path}` of `{name}`: {e}"))?;
        if !array
            && steps
                .iter()
                .any(|s| !matches!(s, PathStep::Field { .. } | PathStep::EnumText))
        {
            return Err(format!(
                "path `{path}` of `{name}` selects several values but the parameter is a string"
            ));
        }
        out.push(EndpointParamBinding {
            name: name.clone(),
            value: EndpointParamValue::Path { steps, array },
        });
    }
    Ok(out)
}

fn parse(path: &str) -> Result<Vec<Segment>, String> {
    let mut p = Parser {
        text: path.trim(),
        at: 0,
    };
    let segments = p.expression()?;
    if p.at != p.text.len() {
        return Err(format!("unexpected `{}` at {}", &p.text[p.at..], p.at));
    }
    Ok(segments)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> Result<Vec<Segment>, String> {
        if self.eat("keys(") {
            let inner = self.expression()?;
            if !self.eat(")") {
                return Err("`keys(` without `)`".into());
            }
            return Ok(vec![Segment::Keys(inner)]);
        }
        let mut out = Vec::new();
        loop {
            if self.eat("*") {
                if out.is_empty() {
                    return Err("a path cannot start with `*`".into());
                }
                out.push(Segment::Values);
            } else {
                let ident: String = self
                    .rest()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(match self.rest().chars().next() {
                        Some(c) => format!("`{c}` at {} is outside the supported subset (identifiers, `.`, `[*]`, `*`, `keys()`)", self.at),
                        None => "the path ends where a name is expected".into(),
                    });
                }
                self.at += ident.len();
                out.push(Segment::Field(ident));
            }
            while self.eat("[*]") {
                out.push(Segment::Items);
            }
            if !self.eat(".") {
                return Ok(out);
            }
        }
    }
}

/// What a step of the walk has in hand.
enum Current<'a> {
    Struct(&'a Struct),
    Type(&'a RustType),
}

fn typed(segments: &[Segment], input: &Struct, types: &[TypeDef]) -> Result<Vec<PathStep>, String> {
    let mut steps = Vec::new();
    let end = walk(segments, Current::Struct(input), types, &mut steps)?;
    match end {
        RustType::String => {}
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => steps.push(PathStep::EnumText),
        other => return Err(format!("it ends at {other:?}, not at strings")),
    }
    Ok(steps)
}

fn walk<'a>(
    segments: &[Segment],
    mut current: Current<'a>,
    types: &'a [TypeDef],
    steps: &mut Vec<PathStep>,
) -> Result<RustType, String> {
    for segment in segments {
        current = match (segment, current) {
            (Segment::Field(name), current) => {
                let s = match current {
                    Current::Struct(s) => s,
                    Current::Type(ty) => structure(ty, types).ok_or_else(|| {
                        format!("`{name}` is asked of a value that is not a structure")
                    })?,
                };
                let m = s
                    .members
                    .iter()
                    .find(|m| &m.smithy_name == name)
                    .ok_or_else(|| format!("no member `{name}`"))?;
                steps.push(PathStep::Field {
                    field: m.field.clone(),
                    optional: m.optional,
                });
                Current::Type(&m.ty)
            }
            (Segment::Items, Current::Type(RustType::List { item, sparse })) => {
                steps.push(PathStep::Items { sparse: *sparse });
                Current::Type(item)
            }
            (Segment::Values, Current::Type(RustType::Map { value, sparse })) => {
                steps.push(PathStep::Values { sparse: *sparse });
                Current::Type(value)
            }
            (Segment::Keys(inner), current) => {
                let map = walk(inner, current, types, steps)?;
                if !matches!(map, RustType::Map { .. }) {
                    return Err("`keys()` of a value that is not a map".into());
                }
                steps.push(PathStep::Keys);
                return Ok(RustType::String);
            }
            (Segment::Items, _) => return Err("`[*]` of a value that is not a list".into()),
            (Segment::Values, _) => return Err("`*` of a value that is not a map".into()),
        };
    }
    match current {
        Current::Type(ty) => Ok(ty.clone()),
        Current::Struct(_) => Err("the path is empty".into()),
    }
}

fn structure<'a>(ty: &RustType, types: &'a [TypeDef]) -> Option<&'a Struct> {
    let RustType::Named {
        name,
        kind: NamedKind::Struct,
    } = ty
    else {
        return None;
    };
    match &types.iter().find(|t| &t.name == name)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        use Segment::*;
        assert_eq!(
            parse("keys(RequestItems)").unwrap(),
            vec![Keys(vec![Field("RequestItems".into())])]
        );
        assert_eq!(
            parse("TransactItems[*].Get.TableName").unwrap(),
            vec![
                Field("TransactItems".into()),
                Items,
                Field("Get".into()),
                Field("TableName".into())
            ]
        );
        assert_eq!(
            parse("a.*.b").unwrap(),
            vec![Field("a".into()), Values, Field("b".into())]
        );
        for bad in [
            "", "a.", "a[0]", "a | b", "[a, b]", "keys(a", "*", "a..b", "1a",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
