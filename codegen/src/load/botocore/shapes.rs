//! Builds the Smithy shapes of a botocore model: each shape's final ID, type, members and
//! traits, names made valid and unique. Reads one shape definition at a time; the service shape
//! itself is assembled by the parent module.
//!
//! Must not: read `metadata` or build the service shape.

use super::bindings::*;
use super::cx::*;
use super::*;
use crate::error::Result;
use crate::model::{trait_ids as t, Member, OperationProps, Shape, ShapeId, ShapeType, Traits};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A botocore shape before it is built: its final ID and type, and its definition.
pub(super) struct Raw<'a> {
    pub(super) id: ShapeId,
    pub(super) ty: ShapeType,
    pub(super) obj: &'a Map<String, Value>,
    pub(super) flattened: bool,
}

/// How structures are used by operations, to decide on `@input` and `@output`.
#[derive(Default)]
pub(super) struct Uses {
    pub(super) inputs: BTreeMap<ShapeId, usize>,
    pub(super) outputs: BTreeMap<ShapeId, usize>,
    pub(super) errors: BTreeSet<ShapeId>,
    pub(super) members: BTreeSet<ShapeId>,
}

/// Names in use. Smithy compares names within a service case-insensitively; underscores are
/// ignored too, because `Foo_Bar` and `FooBar` become the same Rust name.
#[derive(Default)]
pub(super) struct Names {
    pub(super) used: BTreeSet<String>,
}

impl Names {
    /// Returns `base`, or `base2`, `base3`, … when it is taken, and marks the result as taken.
    pub(super) fn claim(&mut self, base: &str) -> String {
        let key = |s: &str| s.replace('_', "").to_ascii_lowercase();
        if self.used.insert(key(base)) {
            return base.to_string();
        }
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{n}");
            if self.used.insert(key(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }
}

pub(super) struct Builder<'a> {
    pub(super) path: &'a Path,
    pub(super) namespace: &'a str,
    pub(super) raws: &'a BTreeMap<&'a str, Raw<'a>>,
    pub(super) names: Names,
    /// Whether body members' wire names are JSON names (the service speaks a JSON protocol).
    pub(super) json_names: bool,
    /// awsQuery, ec2Query or restXml, whose flattened lists take the list member's
    /// `locationName`.
    pub(super) query_dialect: Option<super::metadata::QueryDialect>,
    /// Synthetic `mediaType` shapes for `jsonvalue` members, keyed by the botocore target name.
    pub(super) json_values: BTreeMap<String, ShapeId>,
    /// For each botocore structure name: the URI label name (`locationName`) of each `uri`
    /// member and the member's final name.
    pub(super) labels: BTreeMap<String, Vec<(String, String)>>,
}

impl Builder<'_> {
    /// The name a body member has on the wire: `xmlName` always (XML and query protocols), and
    /// `jsonName` when the service speaks a JSON protocol (elsewhere it would only make XML
    /// names that may repeat look like JSON names that must not).
    pub(super) fn wire_name(&self, traits: &mut Traits, name: &str) {
        traits.insert(XML_NAME, json!(name));
        if self.json_names {
            traits.insert(t::JSON_NAME, json!(name));
            traits.insert(t::JSON_KEY, json!(name));
        }
    }

    pub(super) fn raw(&self, cx: &Cx, name: &str) -> Result<&Raw<'_>> {
        self.raws.get(name).ok_or_else(|| {
            cx.err(format!(
                "refers to `{name}`, which is not defined in `shapes`"
            ))
        })
    }

    pub(super) fn shape(&mut self, name: &str, raw: &Raw) -> Result<Shape> {
        let cx = Cx::shape(self.path, name.to_string());
        let obj = raw.obj;
        let mut shape = Shape::new(raw.id.clone(), raw.ty);
        common_traits(&cx, obj, &mut shape.traits)?;
        if let Some(local) = cx.str(obj, "locationName")? {
            shape.traits.insert(XML_NAME, json!(local));
        }
        if let Some(ns) = xml_namespace(&cx, obj)? {
            shape.traits.insert(XML_NAMESPACE, ns);
        }
        match raw.ty {
            ShapeType::Structure | ShapeType::Union => {
                self.structure(&cx, name, obj, &mut shape)?
            }
            ShapeType::Document => {}
            ShapeType::List => {
                let member = cx
                    .obj(obj, "member")?
                    .ok_or_else(|| cx.err("a list needs a `member`"))?;
                shape
                    .members
                    .push(self.member(&cx.member("member"), "member", member, false)?);
                if raw.flattened {
                    shape.traits.insert(XML_FLATTENED, json!({}));
                }
                length(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Map => {
                for field in ["key", "value"] {
                    let member = cx
                        .obj(obj, field)?
                        .ok_or_else(|| cx.err(format!("a map needs a `{field}`")))?;
                    shape
                        .members
                        .push(self.member(&cx.member(field), field, member, false)?);
                }
                if raw.flattened {
                    shape.traits.insert(XML_FLATTENED, json!({}));
                }
                length(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::String => {
                if let Some(values) = cx.arr(obj, "enum")? {
                    let mut strings = Vec::new();
                    for v in values {
                        strings.push(
                            v.as_str()
                                .ok_or_else(|| cx.err("`enum` must be an array of strings"))?,
                        );
                    }
                    let named = strings.iter().all(|v| is_ident(v));
                    let defs: Vec<Value> = strings
                        .iter()
                        .map(|v| {
                            if named {
                                json!({ "value": v, "name": v })
                            } else {
                                json!({ "value": v })
                            }
                        })
                        .collect();
                    if !defs.is_empty() {
                        shape.traits.insert(t::ENUM, Value::Array(defs));
                    }
                }
                length(&cx, obj, &mut shape.traits)?;
                if let Some(p) = cx.str(obj, "pattern")? {
                    shape.traits.insert(t::PATTERN, json!(p));
                }
                streaming(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Blob => {
                length(&cx, obj, &mut shape.traits)?;
                streaming(&cx, obj, &mut shape.traits)?;
            }
            ShapeType::Timestamp => {
                if let Some(format) = timestamp_format(&cx, obj)? {
                    shape.traits.insert(t::TIMESTAMP_FORMAT, format);
                }
            }
            _ => {
                // Numbers.
                let mut range = Map::new();
                for key in ["min", "max"] {
                    if let Some(n) = cx.num(obj, key)? {
                        range.insert(key.into(), Value::Number(n));
                    }
                }
                if !range.is_empty() {
                    shape.traits.insert(t::RANGE, Value::Object(range));
                }
            }
        }
        Ok(shape)
    }

    pub(super) fn structure(
        &mut self,
        cx: &Cx,
        name: &str,
        obj: &Map<String, Value>,
        shape: &mut Shape,
    ) -> Result<()> {
        if cx.bool(obj, "eventstream")? {
            shape.traits.insert(t::STREAMING, json!({}));
        }
        if let Some(retry) = cx.obj(obj, "retryable")? {
            let throttling = cx.bool(retry, "throttling")?;
            shape
                .traits
                .insert(t::RETRYABLE, json!({ "throttling": throttling }));
        }
        self.error_traits(cx, name, obj, shape)?;
        let members = cx.obj(obj, "members")?;
        let mut member_names = Names::default();
        let mut finals: BTreeMap<&str, String> = BTreeMap::new();
        let (valid, odd): (Vec<&String>, Vec<&String>) = members
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
            .partition(|k| is_ident(k));
        for orig in valid.into_iter().chain(odd) {
            finals.insert(orig, member_names.claim(&sanitize_ident(orig)));
        }
        let mut labels = Vec::new();
        for (orig, def) in members.into_iter().flatten() {
            let mcx = cx.member(orig);
            let local = finals[orig.as_str()].clone();
            let def = def
                .as_object()
                .ok_or_else(|| mcx.err("a member must be a JSON object with a `shape`"))?;
            let mut member = self.member(&mcx, &local, def, true)?;
            if orig != &local && !member.traits.has(XML_NAME) && mcx.str(def, "location")?.is_none()
            {
                self.wire_name(&mut member.traits, orig);
            }
            self.flattened_list_name(&mcx, orig, def, &mut member.traits)?;
            if let Some(label) = http_binding(
                &mcx,
                orig,
                def,
                self.raw(&mcx, member_target(&mcx, def)?)?,
                &mut member.traits,
            )? {
                labels.push((label, local.clone()));
            }
            shape.members.push(member);
        }
        if !labels.is_empty() {
            self.labels.insert(name.to_string(), labels);
        }
        for item in cx.arr(obj, "required")?.into_iter().flatten() {
            let orig = item
                .as_str()
                .ok_or_else(|| cx.err("`required` must be an array of member names"))?;
            let local = finals.get(orig).ok_or_else(|| {
                cx.err(format!("`required` names `{orig}`, which is not a member"))
            })?;
            if let Some(m) = shape.members.iter_mut().find(|m| &m.name == local) {
                m.traits.insert(t::REQUIRED, json!({}));
            }
        }
        if let Some(orig) = cx.str(obj, "payload")? {
            let local = finals.get(orig).ok_or_else(|| {
                cx.err(format!("`payload` names `{orig}`, which is not a member"))
            })?;
            if let Some(m) = shape.members.iter_mut().find(|m| &m.name == local) {
                m.traits.insert(t::HTTP_PAYLOAD, json!({}));
                // A payload's `locationName` names the XML root element, not a JSON key.
                m.traits.0.remove(t::JSON_NAME);
                m.traits.0.remove(t::JSON_KEY);
            }
        }
        Ok(())
    }

    /// awsQuery and ec2Query: a structure member without a `locationName` of its own that is a
    /// flattened list whose member has one is named after the list member, as botocore's query
    /// serializer (the list's key: `Attribute.1.Name` for SimpleDB's `Attributes`) and its XML
    /// parser (the repeated element) do. A member's own `locationName` wins, as in Smithy's
    /// awsQuery (botocore would still take the list member's; the Smithy protocol tests that say
    /// otherwise are in botocore's ignore list). ec2Query requests keep the structure member's
    /// own key (`queryName`, else its name), as botocore's ec2 serializer does. Responses are
    /// read with entries under either name (`FLATTENED_ALIAS`): services answer both ways, and
    /// Smithy's protocol tests expect the member's own name. restXml: requests keep the member's
    /// name (botocore's restXml serializer does), responses are also read under the list
    /// member's (as its parser does).
    fn flattened_list_name(
        &self,
        cx: &Cx,
        orig: &str,
        def: &Map<String, Value>,
        traits: &mut Traits,
    ) -> Result<()> {
        use super::metadata::QueryDialect;
        let Some(dialect) = self.query_dialect else {
            return Ok(());
        };
        if cx.str(def, "location")?.is_some() || cx.str(def, "locationName")?.is_some() {
            return Ok(());
        }
        let raw = self.raw(cx, member_target(cx, def)?)?;
        if raw.ty != ShapeType::List || !(raw.flattened || cx.bool(def, "flattened")?) {
            return Ok(());
        }
        let Some(item) = cx.obj(raw.obj, "member")? else {
            return Ok(());
        };
        // A malformed `locationName` is reported where the list itself is built.
        let Some(item_name) = item.get("locationName").and_then(Value::as_str) else {
            return Ok(());
        };
        if dialect == QueryDialect::RestXml {
            // Requests keep the member's name; responses are read under both.
            traits.insert(t::FLATTENED_ALIAS, json!(item_name));
            return Ok(());
        }
        if dialect == QueryDialect::Ec2 && !traits.has(EC2_QUERY_NAME) {
            traits.insert(EC2_QUERY_NAME, json!(orig));
        }
        traits.insert(XML_NAME, json!(item_name));
        traits.insert(t::FLATTENED_ALIAS, json!(orig));
        Ok(())
    }

    pub(super) fn error_traits(
        &self,
        cx: &Cx,
        name: &str,
        obj: &Map<String, Value>,
        shape: &mut Shape,
    ) -> Result<()> {
        let error = cx.obj(obj, "error")?;
        if !cx.bool(obj, "exception")? && error.is_none() {
            return Ok(());
        }
        let empty = Map::new();
        let error = error.unwrap_or(&empty);
        let ecx = cx.within("error");
        let code = ecx.str(error, "code")?;
        let status = ecx.u64(error, "httpStatusCode")?;
        let sender_fault = ecx.bool(error, "senderFault")?;
        let server = !sender_fault && (cx.bool(obj, "fault")? || status.is_some_and(|s| s >= 500));
        shape
            .traits
            .insert(t::ERROR, json!(if server { "server" } else { "client" }));
        if let Some(status) = status {
            shape.traits.insert(t::HTTP_ERROR, json!(status));
        }
        // The generator takes the error code from the shape name; keep the real one where the
        // two differ (a custom code, or a name that had to be sanitized).
        let code = code.unwrap_or(name);
        if code != shape.id.name() {
            let status = status.unwrap_or(if server { 500 } else { 400 });
            shape.traits.insert(
                AWS_QUERY_ERROR,
                json!({ "code": code, "httpResponseCode": status }),
            );
        }
        Ok(())
    }

    /// A member with the traits that do not depend on where it is bound.
    pub(super) fn member(
        &mut self,
        cx: &Cx,
        local: &str,
        def: &Map<String, Value>,
        in_structure: bool,
    ) -> Result<Member> {
        let target_name = member_target(cx, def)?;
        let raw = self.raw(cx, target_name)?;
        let mut target = raw.id.clone();
        let (target_ty, target_flattened) = (raw.ty, raw.flattened);
        let mut traits = Traits::default();
        common_traits(cx, def, &mut traits)?;
        if let Some(format) = timestamp_format(cx, def)? {
            traits.insert(t::TIMESTAMP_FORMAT, format);
        }
        for (key, id) in [
            ("idempotencyToken", t::IDEMPOTENCY_TOKEN),
            ("hostLabel", HOST_LABEL),
            ("xmlAttribute", XML_ATTRIBUTE),
            ("eventpayload", EVENT_PAYLOAD),
            ("eventheader", EVENT_HEADER),
            ("flattened", XML_FLATTENED),
        ] {
            if cx.bool(def, key)? {
                traits.insert(id, json!({}));
            }
        }
        if in_structure && target_flattened && matches!(target_ty, ShapeType::List | ShapeType::Map)
        {
            traits.insert(XML_FLATTENED, json!({}));
        }
        if let Some(ns) = xml_namespace(cx, def)? {
            traits.insert(XML_NAMESPACE, ns);
        }
        if let Some(q) = cx.str(def, "queryName")? {
            traits.insert(EC2_QUERY_NAME, json!(q));
        }
        if let Some(param) = cx.obj(def, "contextParam")? {
            if let Some(name) = cx.str(param, "name")? {
                traits.insert(CONTEXT_PARAM, json!({ "name": name }));
            }
        }
        if let Some(location_name) = cx.str(def, "locationName")? {
            if !in_structure {
                traits.insert(XML_NAME, json!(location_name));
            } else if cx.str(def, "location")?.is_none() {
                self.wire_name(&mut traits, location_name);
            }
        }
        if cx.bool(def, "jsonvalue")? {
            if target_ty != ShapeType::String {
                return Err(cx.err(format!(
                    "`jsonvalue` needs a string target, but `{target_name}` is a {target_ty:?}"
                )));
            }
            target = match self.json_values.get(target_name) {
                Some(id) => id.clone(),
                None => {
                    let name = self.names.claim(&format!("{}JsonValue", target.name()));
                    let id = ShapeId::new(self.namespace, &name);
                    self.json_values.insert(target_name.to_string(), id.clone());
                    id
                }
            };
        }
        Ok(Member {
            name: local.to_string(),
            target,
            traits,
        })
    }

    pub(super) fn operation(
        &self,
        cx: &Cx,
        id: ShapeId,
        obj: &Map<String, Value>,
        uses: &mut Uses,
    ) -> Result<Shape> {
        let mut shape = Shape::new(id, ShapeType::Operation);
        common_traits(cx, obj, &mut shape.traits)?;
        let io = |field: &str| -> Result<Option<(&str, ShapeId)>> {
            let Some(io) = cx.obj(obj, field)? else {
                return Ok(None);
            };
            let name = cx
                .within(field)
                .str(io, "shape")?
                .ok_or_else(|| cx.within(field).missing("shape"))?;
            let raw = self.raw(cx, name)?;
            if raw.ty != ShapeType::Structure {
                return Err(cx.err(format!(
                    "its {field} `{name}` must be a plain structure, not a {:?}",
                    raw.ty
                )));
            }
            Ok(Some((name, raw.id.clone())))
        };
        let input = io("input")?;
        let output = io("output")?;
        let mut errors = Vec::new();
        for e in cx.arr(obj, "errors")?.into_iter().flatten() {
            let name = e
                .as_object()
                .and_then(|e| e.get("shape"))
                .and_then(Value::as_str)
                .ok_or_else(|| cx.err("`errors` must be an array of `{\"shape\": …}` objects"))?;
            let raw = self.raw(cx, name)?;
            if raw.ty != ShapeType::Structure {
                return Err(cx.err(format!("its error `{name}` must be a structure")));
            }
            if !errors.contains(&raw.id) {
                errors.push(raw.id.clone());
            }
        }
        if let Some(http) = cx.obj(obj, "http")? {
            let hcx = cx.within("http");
            let method = hcx
                .str(http, "method")?
                .ok_or_else(|| hcx.missing("method"))?;
            let uri = hcx
                .str(http, "requestUri")?
                .ok_or_else(|| hcx.missing("requestUri"))?;
            let code = hcx.u64(http, "responseCode")?.unwrap_or(200);
            let labels = input
                .as_ref()
                .and_then(|(name, _)| self.labels.get(*name))
                .map_or(&[][..], Vec::as_slice);
            shape.traits.insert(
                t::HTTP,
                json!({ "method": method, "uri": rewrite_labels(uri, labels), "code": code }),
            );
        }
        if cx.bool(obj, "idempotent")? {
            shape.traits.insert(IDEMPOTENT, json!({}));
        }
        if let Some(endpoint) = cx.obj(obj, "endpoint")? {
            if let Some(prefix) = cx.within("endpoint").str(endpoint, "hostPrefix")? {
                shape
                    .traits
                    .insert(ENDPOINT, json!({ "hostPrefix": prefix }));
            }
        }
        if let Some(compression) = cx.obj(obj, "requestcompression")? {
            let encodings = cx
                .within("requestcompression")
                .arr(compression, "encodings")?
                .cloned()
                .unwrap_or_default();
            if !encodings.iter().all(Value::is_string) {
                return Err(cx.err("`requestcompression.encodings` must be an array of strings"));
            }
            shape
                .traits
                .insert(t::REQUEST_COMPRESSION, json!({ "encodings": encodings }));
        }
        if cx.bool(obj, "httpChecksumRequired")? {
            shape.traits.insert(t::HTTP_CHECKSUM_REQUIRED, json!({}));
        }
        match cx.str(obj, "authtype")? {
            Some("none") => shape.traits.insert(AUTH, json!([])),
            Some("v4-unsigned-body") => shape.traits.insert(UNSIGNED_PAYLOAD, json!({})),
            _ => {}
        }
        let input = input.map(|(_, id)| id);
        let output = output.map(|(_, id)| id);
        if let Some(id) = &input {
            *uses.inputs.entry(id.clone()).or_default() += 1;
        }
        if let Some(id) = &output {
            *uses.outputs.entry(id.clone()).or_default() += 1;
        }
        uses.errors.extend(errors.iter().cloned());
        shape.operation = Some(OperationProps {
            input,
            output,
            errors,
        });
        Ok(shape)
    }
}
