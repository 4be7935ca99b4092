//! The Smithy IDL frontend: `.smithy` files (IDL 1.0 and 2.0), together with JSON AST files,
//! assembled into one Smithy 2.0 JSON AST document, which the JSON AST frontend
//! (`load::json_ast`) then loads.
//!
//! Stages: `lexer` → `parser` (one file's syntax tree, `syntax`) → `resolve` (shape IDs and
//! JSON, against the index of all files) → merge (here: shapes, `apply`, metadata, elided
//! members) → `upgrade` (IDL 1.0 rules). Problems are collected in `diag::Diagnostics` and
//! reported together. This module must not read files or build the semantic model; it is pure
//! text in, JSON out.

mod diag;
mod lexer;
mod node;
mod parser;
mod resolve;
mod strings;
mod syntax;
pub(crate) mod traits;
mod upgrade;

#[cfg(test)]
mod tests;

use crate::error::Error;
use diag::{Diagnostics, Place, Span};
use parser::Parser;
use resolve::{FileOut, Index, Resolver};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use syntax::{ParsedFile, Version};

/// Whether a path is read as IDL (by its extension).
pub fn is_idl_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "smithy")
}

enum Source {
    Idl(ParsedFile),
    Json(Map<String, Value>, Version),
    Broken,
}

/// Reads IDL (`.smithy`) and JSON AST (any other extension) sources, resolves shape IDs across
/// all of them, and merges them into one Smithy 2.0 JSON AST document. All problems found are
/// reported in one [`Error`] (the first, with the rest in `others`), each located by
/// `file:line:col` where the source is IDL.
pub fn assemble(files: &[(PathBuf, String)]) -> Result<Value, Error> {
    let mut diags = Diagnostics {
        files: files.to_vec(),
        items: Vec::new(),
    };
    let sources: Vec<Source> = files
        .iter()
        .enumerate()
        .map(|(i, (path, text))| read_source(i, path, text, &mut diags))
        .collect();

    let mut index = Index::new();
    for source in &sources {
        match source {
            Source::Idl(parsed) => {
                let ns = parsed.namespace.as_ref().map_or("", |n| n.0.as_str());
                for shape in &parsed.shapes {
                    let kind = if shape.kind == "set" {
                        "list"
                    } else {
                        &shape.kind
                    };
                    index.add(&format!("{ns}#{}", shape.name), kind);
                }
            }
            Source::Json(root, _) => {
                for (id, shape) in root
                    .get("shapes")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    match shape.get("type").and_then(Value::as_str) {
                        Some("apply") | None => {}
                        Some(ty) => {
                            let ty = if ty == "set" { "list" } else { ty };
                            index.add(id, ty);
                        }
                    }
                }
            }
            Source::Broken => {}
        }
    }

    let mut outs = Vec::new();
    let mut v1: HashSet<String> = HashSet::new();
    for (i, source) in sources.into_iter().enumerate() {
        let (out, version) = match source {
            Source::Idl(parsed) => {
                let version = parsed.version;
                (
                    Resolver::new(i, &parsed, &index, &mut diags).file(parsed),
                    version,
                )
            }
            Source::Json(root, version) => (json_source(i, &root, &mut diags), version),
            Source::Broken => continue,
        };
        if version == Version::V1 {
            v1.extend(out.shapes.iter().map(|(id, _, _)| id.clone()));
        }
        outs.push(out);
    }

    let mut merged = Merged::default();
    for out in &mut outs {
        for (key, place) in std::mem::take(&mut out.trait_places) {
            merged.trait_places.entry(key).or_insert(place);
        }
    }
    for out in &mut outs {
        merged
            .for_resources
            .extend(std::mem::take(&mut out.for_resources));
        merged.add_shapes(std::mem::take(&mut out.shapes), &mut diags);
    }
    let elided: Vec<_> = outs
        .iter_mut()
        .flat_map(|o| std::mem::take(&mut o.elided))
        .collect();
    merged.fill_elided(elided, &mut diags);
    for out in &mut outs {
        for (target, traits, place) in std::mem::take(&mut out.applies) {
            merged.apply(&target, traits, place, &mut diags);
        }
        for (key, value, place) in std::mem::take(&mut out.metadata) {
            merged.metadata(key, value, place, &mut diags);
        }
    }
    upgrade::upgrade(&mut merged.shapes, &v1);

    if let Some(error) = diags.into_error() {
        return Err(error);
    }
    let mut root = Map::new();
    root.insert("smithy".into(), json!("2.0"));
    if !merged.metadata.is_empty() {
        root.insert("metadata".into(), Value::Object(merged.metadata));
    }
    let mut shapes = merged.shapes;
    for (target, traits) in merged.pending_applies {
        shapes.insert(target, json!({ "type": "apply", "traits": traits }));
    }
    root.insert("shapes".into(), Value::Object(shapes));
    Ok(Value::Object(root))
}

fn read_source(i: usize, path: &Path, text: &str, diags: &mut Diagnostics) -> Source {
    let file = Place {
        file: i,
        span: None,
    };
    if is_idl_path(path) {
        let tokens = lexer::lex(text);
        let mut parser = Parser::new(&tokens);
        let parsed = parser.parse_file();
        for (span, message) in parser.errors {
            diags.push(
                Place {
                    file: i,
                    span: Some(span),
                },
                message,
            );
        }
        return Source::Idl(parsed);
    }
    let root = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(root)) => root,
        Ok(_) => {
            diags.push(file, "a JSON AST file must hold a JSON object");
            return Source::Broken;
        }
        Err(e) => {
            let offset = offset_of(text, e.line(), e.column());
            diags.push(
                Place {
                    file: i,
                    span: Some(Span::new(offset, offset)),
                },
                format!("not valid JSON: {e}"),
            );
            return Source::Broken;
        }
    };
    let version = match root.get("smithy").and_then(Value::as_str) {
        Some("1" | "1.0") => Version::V1,
        Some(v) if v == "2" || v.starts_with("2.") => Version::V2,
        Some(v) => {
            diags.push(
                file,
                format!("unsupported Smithy version `{v}` (expected 1.0 or 2.0)"),
            );
            return Source::Broken;
        }
        None => {
            diags.push(
                file,
                "not a Smithy JSON AST (no `smithy` version); botocore models load only one file at a time",
            );
            return Source::Broken;
        }
    };
    Source::Json(root, version)
}

/// Byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The shapes, applies and metadata of a JSON AST document, in the form IDL files give them.
fn json_source(i: usize, root: &Map<String, Value>, diags: &mut Diagnostics) -> FileOut {
    let place = Place {
        file: i,
        span: None,
    };
    let mut out = FileOut::default();
    match root.get("metadata") {
        None => {}
        Some(Value::Object(metadata)) => {
            for (k, v) in metadata {
                out.metadata.push((k.clone(), v.clone(), place));
            }
        }
        Some(_) => diags.push(place, "`metadata` must be an object"),
    }
    let shapes = match root.get("shapes") {
        None => return out,
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            diags.push(place, "`shapes` must be an object");
            return out;
        }
    };
    for (id, shape) in shapes {
        let mut shape = shape.clone();
        let ty = shape.get("type").and_then(Value::as_str);
        if ty == Some("apply") {
            let traits = shape
                .get("traits")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            out.applies.push((id.clone(), traits, place));
            continue;
        }
        if ty == Some("set") {
            if let Some(obj) = shape.as_object_mut() {
                obj.insert("type".into(), json!("list"));
                let traits = obj.entry("traits").or_insert_with(|| json!({}));
                if let Some(traits) = traits.as_object_mut() {
                    traits
                        .entry("smithy.api#uniqueItems")
                        .or_insert_with(|| json!({}));
                }
            }
        }
        out.shapes.push((id.clone(), shape, place));
    }
    out
}

/// The document being assembled.
#[derive(Default)]
struct Merged {
    shapes: Map<String, Value>,
    places: HashMap<String, Place>,
    /// Lower-cased shape ID → the ID as defined (IDs must differ ignoring case).
    folded: HashMap<String, String>,
    metadata: Map<String, Value>,
    metadata_places: HashMap<String, Place>,
    trait_places: HashMap<(String, String), Place>,
    /// Shapes written `for` a resource → that resource.
    for_resources: HashMap<String, String>,
    /// Traits applied to members that only exist through mixins: kept as JSON AST `apply`.
    pending_applies: Map<String, Value>,
}

/// Where a shape's members are: `members` of structures, unions and enums, the fixed members
/// of lists and maps.
fn member_slot<'v>(shape: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    let obj = shape.as_object_mut()?;
    if matches!(name, "member" | "key" | "value") && obj.contains_key(name) {
        return obj.get_mut(name);
    }
    obj.get_mut("members")?.as_object_mut()?.get_mut(name)
}

fn member_target(
    shapes: &Map<String, Value>,
    shape_id: &str,
    name: &str,
    depth: usize,
) -> Option<String> {
    if depth > 32 {
        return None;
    }
    let shape = shapes.get(shape_id)?;
    let own = if matches!(name, "member" | "key" | "value") && shape.get(name).is_some() {
        shape.get(name)
    } else {
        shape.get("members").and_then(|m| m.get(name))
    };
    if let Some(target) = own.and_then(|m| m.get("target")).and_then(Value::as_str) {
        if !target.is_empty() {
            return Some(target.to_string());
        }
    }
    for mixin in shape
        .get("mixins")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(found) = mixin
            .get("target")
            .and_then(Value::as_str)
            .and_then(|m| member_target(shapes, m, name, depth + 1))
        {
            return Some(found);
        }
    }
    None
}

impl Merged {
    fn add_shapes(&mut self, shapes: Vec<(String, Value, Place)>, diags: &mut Diagnostics) {
        for (id, value, place) in shapes {
            match self.shapes.get(&id) {
                Some(existing) if *existing == value => {}
                Some(_) => {
                    let first = diags.describe(self.places[&id]);
                    diags.push(
                        place,
                        format!("the shape `{id}` is defined again, differently (first defined at {first})"),
                    );
                }
                None => {
                    let folded = id.to_ascii_lowercase();
                    if let Some(other) = self.folded.get(&folded) {
                        let first = diags.describe(self.places[other]);
                        diags.push(
                            place,
                            format!("the shape `{id}` differs from `{other}` (at {first}) only in case; shape IDs must differ ignoring case"),
                        );
                        continue;
                    }
                    self.folded.insert(folded, id.clone());
                    self.places.insert(id.clone(), place);
                    self.shapes.insert(id, value);
                }
            }
        }
    }

    /// Gives `$name` members their targets: the resource's identifier or property of that
    /// name (`for`), else the member of that name of a mixin (mixins of mixins included).
    fn fill_elided(&mut self, mut pending: Vec<(String, String, Place)>, diags: &mut Diagnostics) {
        // A pass may fill members that later ones need (a mixin with elided members).
        for _ in 0..=pending.len() {
            let before = pending.len();
            pending.retain(|(shape_id, name, _)| {
                let target = self.resource_target(shape_id, name).or_else(|| {
                    let mixins: Vec<String> = self
                        .shapes
                        .get(shape_id)
                        .and_then(|s| s.get("mixins"))
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|m| m.get("target").and_then(Value::as_str).map(String::from))
                        .collect();
                    mixins
                        .iter()
                        .find_map(|m| member_target(&self.shapes, m, name, 0))
                });
                let Some(target) = target else { return true };
                if let Some(member) = self
                    .shapes
                    .get_mut(shape_id)
                    .and_then(|s| member_slot(s, name))
                    .and_then(Value::as_object_mut)
                {
                    member.insert("target".into(), json!(target));
                }
                false
            });
            if pending.len() == before {
                break;
            }
        }
        for (shape_id, name, place) in pending {
            diags.push(
                place,
                format!("`${name}` of `{shape_id}` matches no identifier or property of its resource and no member of its mixins"),
            );
        }
    }

    fn resource_target(&self, shape_id: &str, name: &str) -> Option<String> {
        let resource = self.for_resources.get(shape_id)?;
        let shape = self.shapes.get(resource)?;
        ["identifiers", "properties"].iter().find_map(|field| {
            shape
                .get(*field)?
                .get(name)?
                .get("target")?
                .as_str()
                .map(String::from)
        })
    }

    fn apply(
        &mut self,
        target: &str,
        traits: Map<String, Value>,
        place: Place,
        diags: &mut Diagnostics,
    ) {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (target, None),
        };
        let Some(shape) = self.shapes.get_mut(shape_id) else {
            diags.push(
                place,
                format!("`apply` targets `{shape_id}`, which none of the files defines"),
            );
            return;
        };
        let has_mixins = shape.get("mixins").is_some();
        let slot = match member {
            None => Some(shape),
            Some(m) => member_slot(shape, m),
        };
        let slot = match slot {
            Some(slot) => slot,
            None if has_mixins => {
                // The member comes from a mixin: keep the traits as a JSON AST `apply`.
                let entry = self
                    .pending_applies
                    .entry(target.to_string())
                    .or_insert_with(|| json!({}));
                merge_traits(entry, traits, target, place, &self.trait_places, diags);
                return;
            }
            None => {
                diags.push(
                    place,
                    format!("`apply` targets `{target}`, but `{shape_id}` has no such member"),
                );
                return;
            }
        };
        let Some(obj) = slot.as_object_mut() else {
            return;
        };
        let existing = obj.entry("traits").or_insert_with(|| json!({}));
        merge_traits(existing, traits, target, place, &self.trait_places, diags);
    }

    fn metadata(&mut self, key: String, value: Value, place: Place, diags: &mut Diagnostics) {
        match self.metadata.get_mut(&key) {
            None => {
                self.metadata_places.insert(key.clone(), place);
                self.metadata.insert(key, value);
            }
            Some(existing) if *existing == value => {}
            Some(Value::Array(items)) if value.is_array() => {
                if let Value::Array(more) = value {
                    items.extend(more);
                }
            }
            Some(_) => {
                let first = diags.describe(self.metadata_places[&key]);
                diags.push(
                    place,
                    format!("metadata `{key}` conflicts with its value at {first} (only lists are merged)"),
                );
            }
        }
    }
}

/// Adds `traits` to a `traits` object: equal values are fine, lists are concatenated, any
/// other difference is a conflict naming both places.
fn merge_traits(
    existing: &mut Value,
    traits: Map<String, Value>,
    owner: &str,
    place: Place,
    places: &HashMap<(String, String), Place>,
    diags: &mut Diagnostics,
) {
    let Some(existing) = existing.as_object_mut() else {
        return;
    };
    for (id, value) in traits {
        match existing.get_mut(&id) {
            None => {
                existing.insert(id, value);
            }
            Some(old) if *old == value => {}
            Some(Value::Array(items)) if value.is_array() => {
                if let Value::Array(more) = value {
                    items.extend(more);
                }
            }
            Some(_) => {
                let first = places
                    .get(&(owner.to_string(), id.clone()))
                    .filter(|p| **p != place)
                    .map_or_else(|| "its definition".to_string(), |p| diags.describe(*p));
                diags.push(
                    place,
                    format!("the trait `{id}` of `{owner}` is applied again with a different value (first at {first})"),
                );
            }
        }
    }
}
