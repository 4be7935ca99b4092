//! Frontend for botocore's service model format (the `service-2.json` files of botocore and the
//! AWS CLI), loaded into the same semantic [`Model`] as the Smithy JSON AST.
//!
//! Everything botocore says is expressed with the Smithy traits the rest of the pipeline reads:
//! `location` becomes the HTTP binding traits, `error`/`exception` become `error`/`httpError`,
//! `union`/`document`/`eventstream` structures become unions, documents and streaming unions, and
//! so on. Names are made into valid Smithy identifiers consistently for definitions and
//! references; wire names that a sanitized name would lose are kept as `jsonName`/`httpQuery`/…
//!
//! Operations are keyed by a name in `operations` and carry their wire name in `name`. The two
//! normally agree; when they do not (the conformance harness builds such models), the operation
//! keeps its wire name as its shape name, lives in a namespace of its own, and the service's
//! `rename` gives it the key as its name inside the service.
//!
//! Decisions botocore leaves open:
//! - `@input`/`@output` go only on a structure that is the input (output) of exactly one
//!   operation and is used nowhere else, as Smithy requires.
//! - An error is `server` when `fault` is set or its status is 5xx, unless `senderFault` says
//!   otherwise; everything else is `client` (many botocore errors carry no `error` object).
//! - `locationName` on a body member is its `xmlName`, and its `jsonName` when the service speaks
//!   a JSON protocol (botocore's JSON and CBOR serializers use it as the key).
//! - A name that is not an identifier (`Widget.Color`) becomes one (`Widget_Color`); names that
//!   would clash (case and underscores aside) get a number. Operations and the service keep
//!   theirs, as they are sent on the wire; an error whose name changed keeps its code in
//!   `aws.protocols#awsQueryError`.
//!
//! Must not: check references or give traits meaning beyond botocore's own (that is the
//! transform stage), nor decide Rust names.

//!
//! The frontend is split by job: this file reads the document and builds the service; `metadata`
//! reads the service-level settings, `shapes` builds shapes and their traits, `bindings` turns
//! botocore's per-member settings into Smithy traits, and `cx` holds the error-locating readers.
//! Nothing here emits code or decides Rust names.

mod bindings;
mod cx;
mod metadata;
mod shapes;
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::model::{trait_ids as t, Model, ServiceProps, Shape, ShapeId, ShapeType};
use bindings::*;
use cx::{is_ident, sanitize_ident, sanitize_segment, Cx};
use metadata::Metadata;
use serde_json::{json, Value};
use shapes::{Builder, Names, Raw, Uses};
use std::collections::BTreeMap;
use std::path::Path;

const XML_NAME: &str = "smithy.api#xmlName";
const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
const HOST_LABEL: &str = "smithy.api#hostLabel";
const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
const EVENT_HEADER: &str = "smithy.api#eventHeader";
const IDEMPOTENT: &str = "smithy.api#idempotent";
const ENDPOINT: &str = "smithy.api#endpoint";
const AUTH: &str = "smithy.api#auth";
const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
const CONTEXT_PARAM: &str = "smithy.rules#contextParam";

/// Loads a botocore service model (already parsed as JSON).
pub(super) fn load(path: &Path, json: Value) -> Result<Model> {
    let Value::Object(root) = json else {
        return Err(Error::file(path, "the top level must be a JSON object"));
    };
    let file = Cx::file(path);
    let metadata = file
        .obj(&root, "metadata")?
        .ok_or_else(|| file.missing("metadata"))?;
    let operations = file
        .obj(&root, "operations")?
        .ok_or_else(|| file.missing("operations"))?;
    let shapes = file
        .obj(&root, "shapes")?
        .ok_or_else(|| file.missing("shapes"))?;

    let meta = Metadata::read(path, metadata)?;
    let mut names = Names::default();
    names.claim(&meta.service_name);

    // Operation IDs first, so shapes that share an operation's name are the ones renamed.
    let mut ops = Vec::new();
    let (same, renamed): (Vec<_>, Vec<_>) = operations
        .iter()
        .map(|(key, def)| -> Result<_> {
            let cx = Cx::shape(path, format!("operations.{key}"));
            let obj = def
                .as_object()
                .ok_or_else(|| cx.err("an operation must be a JSON object"))?;
            let name = cx.str(obj, "name")?.unwrap_or(key);
            if !is_ident(name) {
                return Err(cx.err(format!(
                    "the operation name `{name}` is not an identifier, so it cannot be a Smithy shape name (it is sent on the wire)"
                )));
            }
            Ok((key.as_str(), name, obj, cx))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .partition(|(key, name, _, _)| key == name);
    let mut rename = BTreeMap::new();
    for (key, name, obj, cx) in same.into_iter().chain(renamed) {
        let wanted = sanitize_ident(key);
        let local = names.claim(&wanted);
        // The service's namespace holds only names claimed unchanged, so IDs never collide.
        let id = if local == name {
            ShapeId::new(&meta.namespace, name)
        } else {
            let segment = sanitize_segment(&local);
            ShapeId::new(&format!("{}.{segment}", meta.namespace), name)
        };
        if local != id.name() {
            rename.insert(id.clone(), local);
        }
        ops.push((id, obj, cx));
    }

    // Every shape gets its final ID before any is built, so references resolve in any order.
    let mut raws: BTreeMap<&str, Raw> = BTreeMap::new();
    let mut pending = Vec::new();
    for (name, def) in shapes {
        let cx = Cx::shape(path, name.clone());
        let obj = def
            .as_object()
            .ok_or_else(|| cx.err("the shape definition must be a JSON object"))?;
        let ty_name = cx.str(obj, "type")?.ok_or_else(|| cx.missing("type"))?;
        let ty = match ty_name {
            "structure" => {
                if cx.bool(obj, "document")? {
                    ShapeType::Document
                } else if cx.bool(obj, "union")? || cx.bool(obj, "eventstream")? {
                    ShapeType::Union
                } else {
                    ShapeType::Structure
                }
            }
            "list" => ShapeType::List,
            "map" => ShapeType::Map,
            "string" | "character" => ShapeType::String,
            "blob" => ShapeType::Blob,
            "boolean" => ShapeType::Boolean,
            "byte" => ShapeType::Byte,
            "short" => ShapeType::Short,
            "integer" => ShapeType::Integer,
            "long" => ShapeType::Long,
            "float" => ShapeType::Float,
            "double" => ShapeType::Double,
            "bigdecimal" | "bigDecimal" => ShapeType::BigDecimal,
            "biginteger" | "bigInteger" => ShapeType::BigInteger,
            "timestamp" => ShapeType::Timestamp,
            other => return Err(cx.err(format!("unknown shape type `{other}`"))),
        };
        pending.push((name.as_str(), ty, obj, cx.bool(obj, "flattened")?));
    }
    // Names that are already identifiers are claimed first, so a sanitized name never takes one.
    let (valid, odd): (Vec<_>, Vec<_>) = pending.into_iter().partition(|p| is_ident(p.0));
    for (name, ty, obj, flattened) in valid.into_iter().chain(odd) {
        let local = names.claim(&sanitize_ident(name));
        let id = ShapeId::new(&meta.namespace, &local);
        raws.insert(
            name,
            Raw {
                id,
                ty,
                obj,
                flattened,
            },
        );
    }

    let mut model = Model {
        source: path.to_path_buf(),
        ..Model::default()
    };
    let mut builder = Builder {
        path,
        namespace: &meta.namespace,
        raws: &raws,
        names,
        json_names: meta.json_names,
        query_dialect: meta.query_dialect,
        json_values: BTreeMap::new(),
        labels: BTreeMap::new(),
    };
    for (name, raw) in &raws {
        let shape = builder.shape(name, raw)?;
        model.shapes.insert(shape.id.clone(), shape);
    }
    for (target, synthetic) in &builder.json_values {
        let mut shape = model.shapes[&raws[target.as_str()].id].clone();
        shape.id = synthetic.clone();
        shape
            .traits
            .insert(t::MEDIA_TYPE, Value::String("application/json".into()));
        model.shapes.insert(synthetic.clone(), shape);
    }

    let mut op_ids = Vec::new();
    let mut uses = Uses::default();
    for (id, obj, cx) in ops {
        let shape = builder.operation(&cx, id, obj, &mut uses)?;
        // restXml: the input reference names the request document's root element.
        if let (Some(input), Some(props)) = (cx.obj(obj, "input")?, &shape.operation) {
            if let Some(target) = props.input.as_ref().and_then(|i| model.shapes.get_mut(i)) {
                if let Some(name) = cx.within("input").str(input, "locationName")? {
                    if !target.traits.has(XML_NAME) {
                        target.traits.insert(XML_NAME, json!(name));
                    }
                }
                if let Some(ns) = xml_namespace(&cx.within("input"), input)? {
                    if !target.traits.has(XML_NAMESPACE) {
                        target.traits.insert(XML_NAMESPACE, ns);
                    }
                }
            }
        }
        op_ids.push(shape.id.clone());
        model.shapes.insert(shape.id.clone(), shape);
    }
    for shape in model.shapes.values() {
        uses.members
            .extend(shape.members.iter().map(|m| m.target.clone()));
    }
    for (counts, other, trait_id) in [
        (&uses.inputs, &uses.outputs, t::INPUT),
        (&uses.outputs, &uses.inputs, t::OUTPUT),
    ] {
        for (id, count) in counts {
            let exclusive = *count == 1
                && !other.contains_key(id)
                && !uses.members.contains(id)
                && !uses.errors.contains(id);
            if let Some(shape) = model.shapes.get_mut(id) {
                if exclusive && !shape.traits.has(t::ERROR) {
                    shape.traits.insert(trait_id, json!({}));
                }
            }
        }
    }

    let service_id = ShapeId::new(&meta.namespace, &meta.service_name);
    let mut service = Shape::new(service_id.clone(), ShapeType::Service);
    service.traits = meta.traits;
    if let Some(doc) = file.str(&root, "documentation")? {
        service.traits.insert(t::DOCUMENTATION, json!(doc));
    }
    service.service = Some(ServiceProps {
        version: meta.version,
        operations: op_ids,
        rename,
        ..ServiceProps::default()
    });
    model.shapes.insert(service_id, service);
    Ok(model)
}
