//! A canonical JSON AST document (see `json.rs`) as Smithy IDL 2.0 text, one file per
//! namespace, laid out the way a person writes IDL.
//!
//! Owns IDL syntax on the way out: `use` statements and relative shape IDs, documentation as
//! `///` comments where that reads back identically, traits in their shortest faithful form,
//! `= value` defaults and enum values, string escaping. It must not change what the document
//! means (every choice here reads back to the same JSON value) and must not know about the
//! `Model` or any file.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The namespace of the prelude, whose shapes resolve by bare name unless shadowed.
const PRELUDE: &str = "smithy.api";
const DOCUMENTATION: &str = "smithy.api#documentation";
const DEFAULT: &str = "smithy.api#default";
const ENUM_VALUE: &str = "smithy.api#enumValue";
/// Lines are kept within this many columns where a value can be broken.
const WIDTH: usize = 100;
const INDENT: &str = "    ";

/// A shape's name (within its namespace) and its JSON AST definition.
type NamedShape<'a> = (&'a str, &'a Map<String, Value>);

/// The document as IDL 2.0: `(namespace, file text)` per namespace, sorted by namespace.
///
/// Metadata goes into the first file. A document with no shapes gives one file with namespace
/// `""` and no `namespace` statement. `apply` entries are refused (the canonical form has
/// none: traits are written inline).
pub fn to_idl(ast: &Value) -> Result<Vec<(String, String)>, String> {
    let root = ast
        .as_object()
        .ok_or("the JSON AST must be a JSON object")?;
    let metadata = match root.get("metadata") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => return Err("`metadata` must be an object".into()),
    };
    let empty = Map::new();
    let shapes = match root.get("shapes") {
        None => &empty,
        Some(Value::Object(s)) => s,
        Some(_) => return Err("`shapes` must be an object".into()),
    };
    let mut by_namespace: BTreeMap<&str, Vec<NamedShape>> = BTreeMap::new();
    for (id, shape) in shapes {
        let (namespace, name) = split_id(id)?;
        let shape = shape
            .as_object()
            .ok_or_else(|| format!("shape `{id}` must be an object"))?;
        if shape.get("type").and_then(Value::as_str) == Some("apply") {
            return Err(format!(
                "`{id}` is an `apply` entry; write the canonical form (traits applied) instead"
            ));
        }
        by_namespace
            .entry(namespace)
            .or_default()
            .push((name, shape));
    }
    let mut referrers: BTreeMap<String, usize> = BTreeMap::new();
    for shape in shapes.values().filter_map(Value::as_object) {
        let mut refs = BTreeSet::new();
        collect_refs(shape, &mut refs)?;
        for id in refs {
            *referrers.entry(id).or_default() += 1;
        }
    }
    if by_namespace.is_empty() {
        let mut out = Out::default();
        out.header(metadata)?;
        return Ok(vec![(String::new(), out.finish())]);
    }
    let mut files = Vec::new();
    for (i, (namespace, mut shapes)) in by_namespace.into_iter().enumerate() {
        shapes.sort_by(|a, b| a.0.cmp(b.0));
        let mut names = Names::new(namespace, &shapes)?;
        names.inlined = inlinable(namespace, &shapes, &referrers);
        let mut out = Out::default();
        out.header(if i == 0 { metadata } else { None })?;
        out.line(0, &format!("namespace {namespace}"));
        if !names.uses.is_empty() {
            out.blank();
            let uses: BTreeSet<&String> = names.uses.values().collect();
            for id in uses {
                out.line(0, &format!("use {id}"));
            }
        }
        for (name, shape) in &shapes {
            if names.inlined.contains_key(&format!("{namespace}#{name}")) {
                continue;
            }
            out.blank();
            write_shape(&mut out, &names, name, shape)
                .map_err(|e| format!("shape `{namespace}#{name}`: {e}"))?;
        }
        files.push((namespace.to_string(), out.finish()));
    }
    Ok(files)
}

/// The structures of a namespace that read best inline in their operation: `OpInput` /
/// `OpOutput` (the IDL's default suffixes) with the `@input` / `@output` trait and no other,
/// no mixins, used by that one operation only and not as both its input and output.
fn inlinable<'a>(
    namespace: &str,
    shapes: &[NamedShape<'a>],
    referrers: &BTreeMap<String, usize>,
) -> BTreeMap<String, &'a Map<String, Value>> {
    let by_name: BTreeMap<&str, &Map<String, Value>> = shapes.iter().copied().collect();
    let mut out = BTreeMap::new();
    for (name, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("operation") {
            continue;
        }
        let io = |key: &str| {
            shape
                .get(key)
                .and_then(|r| r.get("target"))
                .and_then(Value::as_str)
        };
        for (key, suffix, marker) in [
            ("input", "Input", "smithy.api#input"),
            ("output", "Output", "smithy.api#output"),
        ] {
            let id = format!("{namespace}#{name}{suffix}");
            let Some(structure) = by_name.get(format!("{name}{suffix}").as_str()) else {
                continue;
            };
            let only_marker = structure
                .get("traits")
                .and_then(Value::as_object)
                .is_some_and(|t| t.len() == 1 && t.get(marker) == Some(&Value::Object(Map::new())));
            if io(key) == Some(id.as_str())
                && io("input") != io("output")
                && structure.get("type").and_then(Value::as_str) == Some("structure")
                && !structure.contains_key("mixins")
                && only_marker
                && referrers.get(&id) == Some(&1)
            {
                out.insert(id, *structure);
            }
        }
    }
    out
}

fn split_id(id: &str) -> Result<(&str, &str), String> {
    match id.split_once('#') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains('$') => {
            Ok((ns, name))
        }
        _ => Err(format!("`{id}` is not an absolute shape ID")),
    }
}

/// How the shape IDs of one file are written: bare names for the file's own namespace, for
/// `use`d shapes and for the prelude, absolute IDs where a bare name would resolve elsewhere.
struct Names<'a> {
    namespace: &'a str,
    /// Lower-cased names of the namespace's shapes (clashes are judged case-insensitively,
    /// which is stricter than resolution and never wrong).
    local: BTreeSet<String>,
    /// Lower-cased name → the absolute ID a `use` statement imports.
    uses: BTreeMap<String, String>,
    /// Operation inputs and outputs written inline (`input := { ... }`), by absolute ID.
    inlined: BTreeMap<String, &'a Map<String, Value>>,
}

impl<'a> Names<'a> {
    fn new(namespace: &'a str, shapes: &[NamedShape<'a>]) -> Result<Self, String> {
        let local = shapes.iter().map(|(n, _)| n.to_lowercase()).collect();
        let mut refs = BTreeSet::new();
        for (_, shape) in shapes {
            collect_refs(shape, &mut refs)?;
        }
        let mut foreign: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut prelude = BTreeSet::new();
        for id in &refs {
            let (ns, name) = split_id(id)?;
            if ns == PRELUDE {
                prelude.insert(name.to_lowercase());
            } else if ns != namespace {
                foreign.entry(name.to_lowercase()).or_default().insert(id);
            }
        }
        let mut names = Names {
            namespace,
            local,
            uses: BTreeMap::new(),
            inlined: BTreeMap::new(),
        };
        for (lower, ids) in foreign {
            // A name the file also uses from the prelude stays the prelude's; the other shape
            // is written in full.
            if ids.len() == 1 && !names.local.contains(&lower) && !prelude.contains(&lower) {
                let id = ids.into_iter().next().unwrap_or_default();
                names.uses.insert(lower, id.to_string());
            }
        }
        Ok(names)
    }

    /// The shortest text that resolves to `id` in this file.
    fn id(&self, id: &str) -> Result<String, String> {
        let (ns, name) = split_id(id)?;
        let lower = name.to_lowercase();
        let bare = if ns == self.namespace {
            true
        } else if ns == PRELUDE {
            !self.local.contains(&lower) && !self.uses.contains_key(&lower)
        } else {
            self.uses.get(&lower).map(String::as_str) == Some(id)
        };
        Ok(if bare {
            name.to_string()
        } else {
            id.to_string()
        })
    }

    fn target(&self, reference: &Value) -> Result<String, String> {
        self.id(target_of(reference)?)
    }

    fn targets(&self, list: &Value) -> Result<Vec<String>, String> {
        list.as_array()
            .ok_or("a list of references must be an array")?
            .iter()
            .map(|r| self.target(r))
            .collect()
    }
}

fn target_of(reference: &Value) -> Result<&str, String> {
    reference
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{reference}` is not a `{{\"target\": ...}}` reference"))
}

/// Every shape ID the shape refers to: traits, member targets, mixins and the properties of
/// services, operations and resources.
fn collect_refs(shape: &Map<String, Value>, refs: &mut BTreeSet<String>) -> Result<(), String> {
    let add_traits = |traits: Option<&Value>, refs: &mut BTreeSet<String>| {
        if let Some(Value::Object(traits)) = traits {
            refs.extend(traits.keys().cloned());
        }
    };
    add_traits(shape.get("traits"), refs);
    let mut members: Vec<&Value> = Vec::new();
    for key in ["member", "key", "value"] {
        members.extend(shape.get(key));
    }
    if let Some(Value::Object(m)) = shape.get("members") {
        members.extend(m.values());
    }
    for member in members {
        refs.insert(target_of(member)?.to_string());
        add_traits(member.get("traits"), refs);
    }
    for key in [
        "input", "output", "create", "put", "read", "update", "delete", "list",
    ] {
        if let Some(r) = shape.get(key) {
            refs.insert(target_of(r)?.to_string());
        }
    }
    for key in [
        "mixins",
        "operations",
        "resources",
        "errors",
        "collectionOperations",
    ] {
        if let Some(list) = shape.get(key) {
            for r in list.as_array().ok_or(format!("`{key}` must be an array"))? {
                refs.insert(target_of(r)?.to_string());
            }
        }
    }
    for key in ["identifiers", "properties"] {
        if let Some(map) = shape.get(key) {
            for r in map
                .as_object()
                .ok_or(format!("`{key}` must be an object"))?
                .values()
            {
                refs.insert(target_of(r)?.to_string());
            }
        }
    }
    Ok(())
}

/// The text being written.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.text.push_str(INDENT);
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// `head { body }`, or `head {}` when the body is empty.
    fn block(&mut self, head: &str, body: Out) {
        if body.text.is_empty() {
            self.line(0, &format!("{head} {{}}"));
        } else {
            self.line(0, &format!("{head} {{"));
            self.text.push_str(&body.text);
            self.line(0, "}");
        }
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn header(&mut self, metadata: Option<&Map<String, Value>>) -> Result<(), String> {
        self.line(0, "$version: \"2\"");
        if let Some(metadata) = metadata.filter(|m| !m.is_empty()) {
            self.blank();
            for (key, value) in metadata {
                let start = format!("metadata {} = ", object_key(key));
                let value = node(value, 0, start.len());
                self.line(0, &format!("{start}{value}"));
            }
        }
        self.blank();
        Ok(())
    }

    fn finish(mut self) -> String {
        while self.text.ends_with("\n\n") {
            self.text.pop();
        }
        self.text
    }

    /// Documentation and traits, each on its own line, before a shape or member. `skip` names
    /// traits written some other way (`= value`).
    fn traits(
        &mut self,
        indent: usize,
        names: &Names,
        traits: Option<&Value>,
        skip: &[&str],
    ) -> Result<(), String> {
        let Some(traits) = traits else {
            return Ok(());
        };
        let traits = traits.as_object().ok_or("`traits` must be an object")?;
        let mut docs_written = false;
        if let Some(Value::String(docs)) = traits.get(DOCUMENTATION) {
            if doc_comment_reads_back(docs) {
                for line in docs.split('\n') {
                    self.line(
                        indent,
                        &format!("///{}{line}", if line.is_empty() { "" } else { " " }),
                    );
                }
                docs_written = true;
            }
        }
        for (id, value) in traits {
            if skip.contains(&id.as_str()) || (id == DOCUMENTATION && docs_written) {
                continue;
            }
            let name = names.id(id)?;
            let pad = indent * INDENT.len();
            let text = match value {
                Value::Object(m) if m.is_empty() => format!("@{name}"),
                Value::Object(m) => {
                    let flat = m
                        .iter()
                        .map(|(k, v)| format!("{}: {}", object_key(k), inline(v)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    if pad + name.len() + flat.chars().count() + 3 <= WIDTH {
                        format!("@{name}({flat})")
                    } else {
                        let mut text = format!("@{name}(\n");
                        for (k, v) in m {
                            let key = object_key(k);
                            let value = node(v, indent + 1, key.len() + 2);
                            text.push_str(&format!("{}{key}: {value}\n", pad_of(indent + 1)));
                        }
                        text.push_str(&pad_of(indent));
                        text.push(')');
                        text
                    }
                }
                other => format!("@{name}({})", node(other, indent, name.len() + 2)),
            };
            self.line(indent, &text);
        }
        Ok(())
    }

    /// `key: [A, B]`, broken one reference per line when long.
    fn reference_list(&mut self, indent: usize, key: &str, items: &[String]) {
        let flat = format!("{key}: [{}]", items.join(", "));
        if indent * INDENT.len() + flat.chars().count() <= WIDTH {
            self.line(indent, &flat);
        } else {
            self.line(indent, &format!("{key}: ["));
            for item in items {
                self.line(indent + 1, item);
            }
            self.line(indent, "]");
        }
    }

    /// `key: { name: Target }`, broken one entry per line when long.
    fn reference_map(&mut self, indent: usize, key: &str, entries: &[(String, String)]) {
        let parts: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}: {v}", object_key(k)))
            .collect();
        let flat = format!("{key}: {{ {} }}", parts.join(", "));
        if indent * INDENT.len() + flat.chars().count() <= WIDTH {
            self.line(indent, &flat);
        } else {
            self.line(indent, &format!("{key}: {{"));
            for part in &parts {
                self.line(indent + 1, part);
            }
            self.line(indent, "}");
        }
    }
}

fn pad_of(indent: usize) -> String {
    INDENT.repeat(indent)
}

/// Whether `///` lines give back exactly this text. The IDL joins comment lines with `\n` and
/// drops one space after `///`, keeping the rest of the line as it is (trailing spaces
/// included); a line cannot hold control characters, and leading or trailing empty lines are
/// easy to lose, so such text goes into a `@documentation` string instead.
fn doc_comment_reads_back(docs: &str) -> bool {
    !docs.is_empty()
        && !docs.starts_with('\n')
        && !docs.ends_with('\n')
        && !docs.chars().any(|c| c != '\n' && c.is_control())
}

fn write_shape(
    out: &mut Out,
    names: &Names,
    name: &str,
    shape: &Map<String, Value>,
) -> Result<(), String> {
    let ty = shape
        .get("type")
        .and_then(Value::as_str)
        .ok_or("missing `type`")?;
    out.traits(0, names, shape.get("traits"), &[])?;
    let mut head = format!("{ty} {name}");
    if let Some(mixins) = shape.get("mixins") {
        let mixins = names.targets(mixins)?;
        if !mixins.is_empty() {
            head.push_str(&format!(" with [{}]", mixins.join(", ")));
        }
    }
    match ty {
        "blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float"
        | "double" | "bigInteger" | "bigDecimal" | "timestamp" | "document" => {
            out.line(0, &head);
        }
        "list" | "set" => members(out, names, &head, shape, &["member"], ty)?,
        "map" => members(out, names, &head, shape, &["key", "value"], ty)?,
        "structure" | "union" | "enum" | "intEnum" => {
            structure_members(out, names, &head, shape, ty, 0)?;
        }
        "service" => {
            let mut body = Out::default();
            if let Some(version) = shape.get("version") {
                let version = version.as_str().ok_or("`version` must be a string")?;
                body.line(1, &format!("version: {}", quote(version)));
            }
            for key in ["operations", "resources", "errors"] {
                if let Some(list) = shape.get(key) {
                    body.reference_list(1, key, &names.targets(list)?);
                }
            }
            if let Some(rename) = shape.get("rename") {
                body.line(1, &format!("rename: {}", node(rename, 1, 8)));
            }
            out.block(&head, body);
        }
        "operation" => {
            let mut body = Out::default();
            for key in ["input", "output"] {
                let Some(r) = shape.get(key) else { continue };
                let id = target_of(r)?;
                match names.inlined.get(id) {
                    Some(inline) => structure_members(
                        &mut body,
                        names,
                        &format!("{key} :="),
                        inline,
                        "structure",
                        1,
                    )?,
                    None => body.line(1, &format!("{key}: {}", names.target(r)?)),
                }
            }
            if let Some(list) = shape.get("errors") {
                body.reference_list(1, "errors", &names.targets(list)?);
            }
            out.block(&head, body);
        }
        "resource" => {
            let mut body = Out::default();
            for key in ["identifiers", "properties"] {
                if let Some(map) = shape.get(key) {
                    let map = map
                        .as_object()
                        .ok_or(format!("`{key}` must be an object"))?;
                    let entries = map
                        .iter()
                        .map(|(k, r)| Ok((k.clone(), names.target(r)?)))
                        .collect::<Result<Vec<_>, String>>()?;
                    body.reference_map(1, key, &entries);
                }
            }
            for key in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(r) = shape.get(key) {
                    body.line(1, &format!("{key}: {}", names.target(r)?));
                }
            }
            for key in ["operations", "collectionOperations", "resources"] {
                if let Some(list) = shape.get(key) {
                    body.reference_list(1, key, &names.targets(list)?);
                }
            }
            out.block(&head, body);
        }
        other => return Err(format!("unknown shape type `{other}`")),
    }
    Ok(())
}

/// The `members` of a structure, union or enum, written at `base` indentation.
fn structure_members(
    out: &mut Out,
    names: &Names,
    head: &str,
    shape: &Map<String, Value>,
    ty: &str,
    base: usize,
) -> Result<(), String> {
    let members = match shape.get("members") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => return Err("`members` must be an object".into()),
    };
    let keys: Vec<&str> = members
        .into_iter()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    members_in(out, names, head, members, &keys, ty, base)
}

/// A list's or map's named members (`member`, `key`, `value`).
fn members(
    out: &mut Out,
    names: &Names,
    head: &str,
    shape: &Map<String, Value>,
    keys: &[&str],
    ty: &str,
) -> Result<(), String> {
    for key in keys {
        if !shape.contains_key(*key) {
            return Err(format!("missing `{key}`"));
        }
    }
    members_in(out, names, head, Some(shape), keys, ty, 0)
}

/// `head { members }`: each member with its documentation and traits; members are separated
/// by blank lines when any of them carries traits.
fn members_in(
    out: &mut Out,
    names: &Names,
    head: &str,
    members: Option<&Map<String, Value>>,
    keys: &[&str],
    ty: &str,
    base: usize,
) -> Result<(), String> {
    if keys.is_empty() {
        out.line(base, &format!("{head} {{}}"));
        return Ok(());
    }
    let members = members.ok_or("missing `members`")?;
    // Traits written in the member's own line rather than as `@trait`.
    let inline_trait = match ty {
        "structure" => Some(DEFAULT),
        "enum" | "intEnum" => Some(ENUM_VALUE),
        _ => None,
    };
    let skip: Vec<&str> = inline_trait.into_iter().collect();
    let decorated = |member: &Value| {
        member
            .get("traits")
            .and_then(Value::as_object)
            .is_some_and(|t| t.keys().any(|k| !skip.contains(&k.as_str())))
    };
    let spaced = keys.iter().any(|k| decorated(&members[*k]));
    out.line(base, &format!("{head} {{"));
    for (i, key) in keys.iter().enumerate() {
        let member = members[*key]
            .as_object()
            .ok_or_else(|| format!("member `{key}` must be an object"))?;
        if spaced && i > 0 {
            out.blank();
        }
        let traits = member.get("traits");
        out.traits(base + 1, names, traits, &skip)?;
        let inline_value = inline_trait.and_then(|id| traits.and_then(|t| t.get(id)));
        let mut text = match ty {
            "enum" | "intEnum" => key.to_string(),
            _ => format!("{key}: {}", names.target(&members[*key])?),
        };
        match inline_value {
            // An enum member's value is its name unless stated; say only what differs.
            Some(Value::String(v)) if ty == "enum" && v == key => {}
            Some(value) => {
                let value = node(value, base + 1, text.len() + 3);
                text.push_str(&format!(" = {value}"));
            }
            None => {}
        }
        out.line(base + 1, &text);
    }
    out.line(base, "}");
    Ok(())
}

/// A node value on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", object_key(k), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A node value starting `used` columns into a line at `indent`: on one line when it fits,
/// otherwise arrays and objects one element per line (IDL 2.0 commas are optional).
fn node(value: &Value, indent: usize, used: usize) -> String {
    let flat = inline(value);
    if indent * INDENT.len() + used + flat.chars().count() <= WIDTH {
        return flat;
    }
    match value {
        Value::Array(items) if !items.is_empty() => {
            let mut text = "[\n".to_string();
            for item in items {
                text.push_str(&pad_of(indent + 1));
                text.push_str(&node(item, indent + 1, 0));
                text.push('\n');
            }
            text.push_str(&pad_of(indent));
            text.push(']');
            text
        }
        Value::Object(map) if !map.is_empty() => {
            let mut text = "{\n".to_string();
            for (k, v) in map {
                let key = object_key(k);
                text.push_str(&pad_of(indent + 1));
                text.push_str(&format!("{key}: {}", node(v, indent + 1, key.len() + 2)));
                text.push('\n');
            }
            text.push_str(&pad_of(indent));
            text.push('}');
            text
        }
        _ => flat,
    }
}

/// An object key: bare when it is an IDL identifier (and not a keyword), quoted otherwise.
fn object_key(key: &str) -> String {
    let trimmed = key.trim_start_matches('_');
    let identifier = trimmed.starts_with(|c: char| c.is_ascii_alphabetic())
        && trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier && !matches!(key, "true" | "false" | "null") {
        key.to_string()
    } else {
        quote(key)
    }
}

/// A quoted IDL string that reads back as `text`: quotes, backslashes and control characters
/// escaped; everything else, non-ASCII included, as it is.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_keys_are_bare_only_when_the_grammar_reads_them_as_identifiers() {
        for bare in ["a", "min", "_a", "__a1", "A_b_9", "namespace"] {
            assert_eq!(object_key(bare), bare);
        }
        for quoted in [
            "", "_", "__", "_1", "1a", "a-b", "x.y", "ns#Shape", "true", "null", "é",
        ] {
            assert_eq!(object_key(quoted), quote(quoted), "{quoted}");
        }
    }

    #[test]
    fn quoting_escapes_only_what_must_be() {
        assert_eq!(quote("plain / é 🦀"), "\"plain / é 🦀\"");
        assert_eq!(
            quote("\"\\\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}\u{85}"),
            "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001F\\u007F\\u0085\""
        );
    }

    #[test]
    fn doc_comments_are_used_only_where_they_read_back() {
        assert!(doc_comment_reads_back("one\n\n  two "));
        for text in ["", "\nlead", "trail\n", "tab\there", "cr\r\nlf", "nul\u{0}"] {
            assert!(!doc_comment_reads_back(text), "{text:?}");
        }
    }
}
