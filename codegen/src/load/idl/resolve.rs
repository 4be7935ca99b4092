//! Shape-ID resolution and the JSON AST of one parsed IDL file.
//!
//! Owns: the [`Index`] of every shape defined by the files being assembled; resolving relative
//! shape IDs in the spec's order (`use` statements, then shapes of the file's namespace in any
//! loaded file, then the prelude); turning a [`ParsedFile`] into JSON AST shapes, `apply`
//! entries and metadata, with trait values as the JSON AST writes them (annotations as `{}` or
//! `[]` after the trait's shape, documentation comments as `smithy.api#documentation`, enum
//! values as `smithy.api#enumValue`, `set` as a unique-items list). Must not: merge files, fill
//! elided members or upgrade IDL 1.0 (those need every file; see `super` and [`super::upgrade`]).

use super::diag::{Diagnostics, Place, Span};
use super::node::Node;
use super::syntax::{MemberDef, ParsedFile, ShapeDef, TraitApp, TraitValue, SIMPLE_KINDS};
use super::traits;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// Every shape the assembled files define: absolute ID → JSON AST type (`set` already `list`),
/// and the names of each namespace (the prelude's known from the table from the start).
#[derive(Debug)]
pub struct Index {
    pub kinds: HashMap<String, String>,
    names: HashMap<String, HashSet<String>>,
}

impl Index {
    pub fn new() -> Index {
        let prelude: HashSet<String> = traits::PRELUDE_SHAPES
            .iter()
            .map(|(name, _)| name.to_string())
            .chain(
                traits::TRAITS
                    .iter()
                    .filter_map(|(id, _)| id.strip_prefix("smithy.api#").map(String::from)),
            )
            .collect();
        Index {
            kinds: HashMap::new(),
            names: HashMap::from([("smithy.api".to_string(), prelude)]),
        }
    }

    /// Records a shape defined by one of the files.
    pub fn add(&mut self, id: &str, kind: &str) {
        if let Some((namespace, name)) = id.split_once('#') {
            self.names
                .entry(namespace.to_string())
                .or_default()
                .insert(name.to_string());
        }
        self.kinds.insert(id.to_string(), kind.to_string());
    }

    fn defines(&self, namespace: &str, name: &str) -> bool {
        self.names.get(namespace).is_some_and(|n| n.contains(name))
    }

    /// The kind of a trait's shape: from the loaded model when it defines it, else the table.
    pub fn trait_kind(&self, id: &str) -> Option<&str> {
        self.kinds
            .get(id)
            .map(String::as_str)
            .or_else(|| traits::trait_kind(id))
    }

    pub fn is_prelude(&self, name: &str) -> bool {
        self.defines("smithy.api", name)
    }
}

/// What one IDL file contributes, with places for the messages of later stages.
#[derive(Debug, Default)]
pub struct FileOut {
    pub shapes: Vec<(String, Value, Place)>,
    pub applies: Vec<(String, Map<String, Value>, Place)>,
    pub metadata: Vec<(String, Value, Place)>,
    /// Members written `$name`: (shape ID, member name, place); their targets come later.
    pub elided: Vec<(String, String, Place)>,
    /// Where each trait was written: (shape or member ID, trait ID) → place.
    pub trait_places: Vec<((String, String), Place)>,
    /// Shapes written `for` a resource: (shape ID, resource ID).
    pub for_resources: Vec<(String, String)>,
}

/// Whether a trait of this kind may be written without a value (`@name`).
fn takes_annotation(kind: &str) -> bool {
    matches!(
        kind,
        "structure" | "union" | "map" | "document" | "list" | "set"
    )
}

/// Whether text is a shape ID: `[namespace#]name[$member]`, namespaces dot-separated
/// identifiers.
pub fn is_shape_id(text: &str) -> bool {
    let ident = |s: &str| {
        let mut bytes = s.bytes();
        matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let (rest, member) = match text.split_once('$') {
        Some((rest, member)) => (rest, Some(member)),
        None => (text, None),
    };
    let (namespace, name) = match rest.split_once('#') {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, rest),
    };
    let namespace_ok = namespace.into_iter().all(|ns| ns.split('.').all(ident));
    namespace_ok && ident(name) && member.into_iter().all(ident)
}

pub struct Resolver<'a> {
    pub file: usize,
    pub namespace: String,
    pub uses: HashMap<String, String>,
    pub index: &'a Index,
    pub diags: &'a mut Diagnostics,
    pub out: FileOut,
    /// Shapes of this file converted so far (duplicates are reported).
    defined: HashSet<String>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        file: usize,
        parsed: &ParsedFile,
        index: &'a Index,
        diags: &'a mut Diagnostics,
    ) -> Resolver<'a> {
        let namespace = parsed
            .namespace
            .as_ref()
            .map_or(String::new(), |n| n.0.clone());
        let mut r = Resolver {
            file,
            namespace,
            uses: HashMap::new(),
            index,
            diags,
            out: FileOut::default(),
            defined: HashSet::new(),
        };
        let defined: HashSet<&str> = parsed.shapes.iter().map(|s| s.name.as_str()).collect();
        for (id, span) in &parsed.uses {
            let name = id
                .split_once('#')
                .map_or(id.as_str(), |(_, n)| n)
                .to_string();
            let local = format!("{}#{name}", r.namespace);
            if defined.contains(name.as_str()) {
                r.error(
                    *span,
                    format!("`use {id}` conflicts with the shape `{local}` defined in this file"),
                );
            } else if let Some(previous) = r.uses.get(&name) {
                if previous != id {
                    let message = format!("`use {id}` conflicts with `use {previous}`");
                    r.error(*span, message);
                }
            } else {
                r.uses.insert(name, id.clone());
            }
        }
        r
    }

    fn place(&self, span: Span) -> Place {
        Place {
            file: self.file,
            span: Some(span),
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        let place = self.place(span);
        self.diags.push(place, message);
    }

    /// Resolves a shape ID as written, in the spec's order; `None` when nothing matches (or
    /// when the text is not a shape ID at all).
    pub fn try_resolve(&self, written: &str) -> Option<String> {
        if !is_shape_id(written) {
            return None;
        }
        if written.contains('#') {
            return Some(written.to_string());
        }
        let (root, member) = match written.split_once('$') {
            Some((root, member)) => (root, Some(member)),
            None => (written, None),
        };
        let absolute = if let Some(used) = self.uses.get(root) {
            used.clone()
        } else if self.index.defines(&self.namespace, root) {
            format!("{}#{root}", self.namespace)
        } else if self.index.is_prelude(root) {
            format!("smithy.api#{root}")
        } else {
            return None;
        };
        Some(match member {
            Some(member) => format!("{absolute}${member}"),
            None => absolute,
        })
    }

    /// Resolves a reference that must name a shape, reporting it when nothing matches.
    pub fn resolve(&mut self, written: &str, span: Span) -> String {
        if !is_shape_id(written) {
            self.error(span, format!("`{written}` is not a valid shape ID"));
            return String::new();
        }
        match self.try_resolve(written) {
            Some(id) => id,
            None => {
                let message = format!(
                    "cannot resolve the shape `{written}`: it is not imported with `use`, not defined in namespace `{}`, and not in the prelude",
                    self.namespace
                );
                self.error(span, message);
                format!("{}#{written}", self.namespace)
            }
        }
    }

    /// A node value as JSON; unquoted shape IDs become absolute when they name a shape.
    pub fn node(&self, node: Node) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n),
            Node::Str(s) => Value::String(s),
            Node::Id(id, _) => Value::String(self.try_resolve(&id).unwrap_or(id)),
            Node::Array(items) => Value::Array(items.into_iter().map(|n| self.node(n)).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, self.node(v)))
                    .collect(),
            ),
        }
    }

    /// The `traits` object of a shape or member; `owner` is its ID (for trait places).
    fn traits(
        &mut self,
        owner: &str,
        docs: Option<&String>,
        apps: &mut [TraitApp],
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let mut doc_span = Span::default();
        for app in apps.iter_mut() {
            let Some(id) = self.try_resolve(&app.id) else {
                let message = format!(
                    "unknown trait `@{}`: it is not imported with `use`, not defined in namespace `{}`, and not a prelude trait",
                    app.id, self.namespace
                );
                self.error(app.span, message);
                continue;
            };
            let value = match std::mem::replace(&mut app.value, TraitValue::Annotation) {
                TraitValue::Annotation => match self.index.trait_kind(&id) {
                    Some("list" | "set") => json!([]),
                    Some(kind) if !takes_annotation(kind) => {
                        let message = format!(
                            "the trait `{id}` needs a value: its shape is a {kind}, and only structure, map, list and set traits can be written without one"
                        );
                        self.error(app.span, message);
                        continue;
                    }
                    _ => json!({}),
                },
                TraitValue::Node(node) => self.node(node),
                TraitValue::Structured(entries) => Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k, self.node(v)))
                        .collect(),
                ),
            };
            if id == "smithy.api#documentation" {
                doc_span = app.span;
            }
            if out.contains_key(&id) {
                self.error(app.span, format!("the trait `{id}` is applied twice here"));
                continue;
            }
            let place = self.place(app.span);
            self.out
                .trait_places
                .push(((owner.to_string(), id.clone()), place));
            out.insert(id, value);
        }
        if let Some(docs) = docs {
            let doc_id = "smithy.api#documentation";
            match out.get(doc_id) {
                Some(existing) if existing.as_str() != Some(docs.as_str()) => {
                    self.error(
                        doc_span,
                        "`@documentation` conflicts with the documentation comment (`///`)",
                    );
                }
                _ => {
                    out.insert(doc_id.into(), Value::String(docs.clone()));
                }
            }
        }
        out
    }

    /// Converts every shape, apply and metadata entry of the file.
    pub fn file(mut self, mut parsed: ParsedFile) -> FileOut {
        for (key, value, span) in std::mem::take(&mut parsed.metadata) {
            let value = self.node(value);
            let place = self.place(span);
            self.out.metadata.push((key, value, place));
        }
        for shape in &mut parsed.shapes {
            let id = format!("{}#{}", self.namespace, shape.name);
            let value = self.shape(&id, shape);
            let place = self.place(shape.span);
            if !self.defined.insert(id.clone()) {
                self.error(
                    shape.span,
                    format!("the shape `{id}` is defined twice in this file"),
                );
                continue;
            }
            self.out.shapes.push((id, value, place));
        }
        for apply in &mut parsed.applies {
            let Some(target) = self.try_resolve(&apply.target) else {
                let message = format!(
                    "`apply` targets `{}`, which is not imported with `use`, not defined in namespace `{}`, and not in the prelude",
                    apply.target, self.namespace
                );
                self.error(apply.span, message);
                continue;
            };
            let traits = self.traits(&target, None, &mut apply.traits);
            let place = self.place(apply.span);
            self.out.applies.push((target, traits, place));
        }
        self.out
    }

    fn shape(&mut self, id: &str, def: &mut ShapeDef) -> Value {
        let kind = std::mem::take(&mut def.kind);
        let kind = kind.as_str();
        let elidable = !def.mixins.is_empty() || def.for_resource.is_some();
        let mut obj = Map::new();
        obj.insert(
            "type".into(),
            json!(if kind == "set" { "list" } else { kind }),
        );
        if !def.mixins.is_empty() {
            let mixins: Vec<Value> = def
                .mixins
                .iter()
                .map(|(m, span)| json!({ "target": self.resolve(m, *span) }))
                .collect();
            obj.insert("mixins".into(), Value::Array(mixins));
        }
        let mut traits = self.traits(id, def.docs.as_ref(), &mut def.traits);
        if let Some((resource, span)) = &def.for_resource {
            // `for` only feeds member elision; it is not written out.
            let resource = self.resolve(resource, *span);
            self.out.for_resources.push((id.to_string(), resource));
        }
        match kind {
            "list" | "set" | "map" => {
                let allowed: &[&str] = if kind == "map" {
                    &["key", "value"]
                } else {
                    &["member"]
                };
                for member in &def.members {
                    if !allowed.contains(&member.name.as_str()) {
                        self.error(
                            member.span,
                            format!(
                                "a {kind} has only the member{} {}, not `{}`",
                                if allowed.len() > 1 { "s" } else { "" },
                                allowed
                                    .iter()
                                    .map(|a| format!("`{a}`"))
                                    .collect::<Vec<_>>()
                                    .join(" and "),
                                member.name
                            ),
                        );
                    }
                }
                for name in allowed {
                    match def.members.iter_mut().find(|m| m.name == *name) {
                        Some(member) => {
                            let value = self.member(id, elidable, member);
                            obj.insert((*name).into(), value);
                        }
                        None if def.mixins.is_empty() => {
                            self.error(
                                def.span,
                                format!("the {kind} `{id}` has no `{name}` member"),
                            );
                        }
                        None => {}
                    }
                }
                if kind == "set" {
                    traits
                        .entry("smithy.api#uniqueItems")
                        .or_insert_with(|| json!({}));
                }
            }
            "structure" | "union" => {
                let mut members = Map::new();
                for member in &mut def.members {
                    let value = self.member(id, elidable, member);
                    members.insert(member.name.clone(), value);
                }
                if !members.is_empty() {
                    obj.insert("members".into(), Value::Object(members));
                }
            }
            "enum" | "intEnum" => {
                let mut members = Map::new();
                for member in &mut def.members {
                    let member_id = format!("{id}${}", member.name);
                    let mut mtraits =
                        self.traits(&member_id, member.docs.as_ref(), &mut member.traits);
                    let explicit = mtraits.contains_key("smithy.api#enumValue");
                    if explicit && member.value.is_some() {
                        self.error(
                            member.span,
                            "an enum value is given both with `=` and with `@enumValue`",
                        );
                    }
                    let value = match (&member.value, kind) {
                        (None, _) if explicit => None,
                        (Some(Node::Str(s)), "enum") => Some(json!(s)),
                        (Some(Node::Number(n)), "intEnum") if n.is_i64() => Some(json!(n)),
                        (None, "enum") => Some(json!(member.name)),
                        (None, _) => {
                            self.error(member.span, "an intEnum member needs a value: `NAME = 1`");
                            None
                        }
                        (Some(_), _) => {
                            let what = if kind == "enum" {
                                "a string"
                            } else {
                                "an integer"
                            };
                            self.error(
                                member.span,
                                format!("the value of an {kind} member must be {what}"),
                            );
                            None
                        }
                    };
                    if let Some(value) = value {
                        mtraits.insert("smithy.api#enumValue".into(), value);
                    }
                    let mut m = Map::new();
                    m.insert("target".into(), json!("smithy.api#Unit"));
                    if !mtraits.is_empty() {
                        m.insert("traits".into(), Value::Object(mtraits));
                    }
                    members.insert(member.name.clone(), Value::Object(m));
                }
                if !members.is_empty() {
                    obj.insert("members".into(), Value::Object(members));
                }
            }
            "service" | "resource" | "operation" => {
                let props = std::mem::take(&mut def.props);
                self.entity_props(kind == "operation", props, &mut obj)
            }
            _ => {
                debug_assert!(SIMPLE_KINDS.contains(&kind));
            }
        }
        if !traits.is_empty() {
            obj.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(obj)
    }

    fn member(&mut self, shape_id: &str, elidable: bool, member: &mut MemberDef) -> Value {
        let member_id = format!("{shape_id}${}", member.name);
        let mut m = Map::new();
        match &member.target {
            Some((target, span)) => {
                m.insert("target".into(), json!(self.resolve(target, *span)));
            }
            None => {
                if !elidable {
                    self.error(
                        member.span,
                        format!(
                            "`${}` takes its target from a resource (`for`) or a mixin (`with`), and `{shape_id}` has neither",
                            member.name
                        ),
                    );
                }
                m.insert("target".into(), json!(""));
                if elidable {
                    let place = self.place(member.span);
                    self.out
                        .elided
                        .push((shape_id.to_string(), member.name.clone(), place));
                }
            }
        }
        let mut traits = self.traits(&member_id, member.docs.as_ref(), &mut member.traits);
        if let Some(value) = member.value.take() {
            if traits.contains_key("smithy.api#default") {
                self.error(
                    member.span,
                    "a default is given both with `=` and with `@default`",
                );
            }
            traits.insert("smithy.api#default".into(), self.node(value));
        }
        if !traits.is_empty() {
            m.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(m)
    }

    fn reference(&mut self, node: &Node) -> Option<Value> {
        match node {
            Node::Id(id, span) => Some(json!({ "target": self.resolve(id, *span) })),
            _ => None,
        }
    }

    fn entity_props(
        &mut self,
        is_operation: bool,
        props: Vec<(String, Node, Span)>,
        obj: &mut Map<String, Value>,
    ) {
        for (key, node, span) in props {
            let value = match key.as_str() {
                "version" => match &node {
                    Node::Str(s) => Some(json!(s)),
                    _ => None,
                },
                "operations" | "resources" | "errors" | "collectionOperations" => match &node {
                    Node::Array(items) => {
                        let refs: Option<Vec<Value>> =
                            items.iter().map(|n| self.reference(n)).collect();
                        refs.map(Value::Array)
                    }
                    _ => None,
                },
                "identifiers" | "properties" => match &node {
                    Node::Object(entries) => {
                        let mut map = Map::new();
                        let mut ok = true;
                        for (name, target) in entries {
                            match self.reference(target) {
                                Some(r) => {
                                    map.insert(name.clone(), r);
                                }
                                None => ok = false,
                            }
                        }
                        ok.then_some(Value::Object(map))
                    }
                    _ => None,
                },
                "rename" => match node {
                    Node::Object(entries) => Some(Value::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k, self.node(v)))
                            .collect(),
                    )),
                    _ => None,
                },
                _ => self.reference(&node),
            };
            match value {
                Some(value) => {
                    obj.insert(key, value);
                }
                None => {
                    let expected = match key.as_str() {
                        "version" => "a string",
                        "operations" | "resources" | "errors" | "collectionOperations" => {
                            "a list of shape IDs"
                        }
                        "identifiers" | "properties" => "an object of names to shape IDs",
                        "rename" => "an object of shape IDs to names",
                        _ => "a shape ID",
                    };
                    self.error(span, format!("`{key}` must be {expected}"));
                }
            }
        }
        if is_operation {
            for key in ["input", "output"] {
                if !obj.contains_key(key) {
                    obj.insert(key.into(), json!({ "target": "smithy.api#Unit" }));
                }
            }
        }
    }
}
