//! botocore's per-member and per-operation settings (`location`, `locationName`, `http`,
//! `timestampFormat`, `streaming`, `xmlNamespace`, length limits) as Smithy traits. Pure
//! functions of one definition; no shape building, no naming.
//!
//! Must not: build shapes or decide names.

use super::cx::Cx;
use super::*;
use crate::error::Result;
use crate::model::{trait_ids as t, ShapeType, Traits};
use serde_json::{json, Map, Value};

pub(super) fn member_target<'v>(cx: &Cx, def: &'v Map<String, Value>) -> Result<&'v str> {
    cx.str(def, "shape")?
        .ok_or_else(|| cx.err("a member needs a `shape`"))
}

/// Adds the HTTP binding trait a structure member's `location` asks for; returns the URI label
/// name for `uri` members.
pub(super) fn http_binding(
    cx: &Cx,
    orig: &str,
    def: &Map<String, Value>,
    target: &Raw,
    traits: &mut Traits,
) -> Result<Option<String>> {
    let Some(location) = cx.str(def, "location")? else {
        return Ok(None);
    };
    let location_name = cx.str(def, "locationName")?;
    let wire = location_name.unwrap_or(orig);
    match location {
        "uri" => {
            traits.insert(t::HTTP_LABEL, json!({}));
            return Ok(Some(wire.to_string()));
        }
        "querystring" if target.ty == ShapeType::Map => {
            traits.insert(t::HTTP_QUERY_PARAMS, json!({}));
        }
        "querystring" => traits.insert(t::HTTP_QUERY, json!(wire)),
        "header" => traits.insert(t::HTTP_HEADER, json!(wire)),
        "headers" => traits.insert(t::HTTP_PREFIX_HEADERS, json!(location_name.unwrap_or(""))),
        "statusCode" => traits.insert(t::HTTP_RESPONSE_CODE, json!({})),
        other => {
            return Err(cx.err(format!(
                "unknown `location` `{other}` (expected uri, querystring, header, headers or statusCode)"
            )))
        }
    }
    Ok(None)
}

/// Rewrites `{locationName}` labels of a request URI's path to the members' names, keeping a
/// greedy `+`; the query part is left alone.
pub(super) fn rewrite_labels(uri: &str, labels: &[(String, String)]) -> String {
    let (path, query) = match uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (uri, None),
    };
    let mut out = String::with_capacity(uri.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let inner = &rest[open + 1..close];
        let (label, greedy) = match inner.strip_suffix('+') {
            Some(l) => (l, "+"),
            None => (inner, ""),
        };
        match labels.iter().find(|(wire, _)| wire == label) {
            Some((_, member)) => {
                out.push_str(member);
                out.push_str(greedy);
            }
            None => out.push_str(inner),
        }
        out.push('}');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// `documentation`, `deprecated` and `sensitive`, shared by shapes, members and operations.
pub(super) fn common_traits(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    if let Some(doc) = cx.str(obj, "documentation")? {
        traits.insert(t::DOCUMENTATION, json!(doc));
    }
    let message = cx.str(obj, "deprecatedMessage")?;
    if cx.bool(obj, "deprecated")? || message.is_some() {
        let mut v = Map::new();
        if let Some(m) = message {
            v.insert("message".into(), json!(m));
        }
        traits.insert(t::DEPRECATED, Value::Object(v));
    }
    if cx.bool(obj, "sensitive")? {
        traits.insert(t::SENSITIVE, json!({}));
    }
    Ok(())
}

pub(super) fn length(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    let mut length = Map::new();
    for key in ["min", "max"] {
        if let Some(n) = cx.num(obj, key)? {
            if !n.as_f64().is_some_and(|x| x >= 0.0) {
                return Err(cx.err(format!("`{key}` of a length must not be negative")));
            }
            length.insert(key.into(), Value::Number(n));
        }
    }
    if !length.is_empty() {
        traits.insert(t::LENGTH, Value::Object(length));
    }
    Ok(())
}

pub(super) fn streaming(cx: &Cx, obj: &Map<String, Value>, traits: &mut Traits) -> Result<()> {
    if cx.bool(obj, "streaming")? {
        traits.insert(t::STREAMING, json!({}));
    }
    if cx.bool(obj, "requiresLength")? {
        traits.insert(t::REQUIRES_LENGTH, json!({}));
    }
    Ok(())
}

pub(super) fn timestamp_format(cx: &Cx, obj: &Map<String, Value>) -> Result<Option<Value>> {
    Ok(match cx.str(obj, "timestampFormat")? {
        None => None,
        Some("iso8601") => Some(json!("date-time")),
        Some("rfc822") => Some(json!("http-date")),
        Some("unixTimestamp") => Some(json!("epoch-seconds")),
        Some(other) => {
            return Err(cx.err(format!(
                "unknown `timestampFormat` `{other}` (expected iso8601, rfc822 or unixTimestamp)"
            )))
        }
    })
}

/// `xmlNamespace` is either a URI or `{uri, prefix}`.
pub(super) fn xml_namespace(cx: &Cx, obj: &Map<String, Value>) -> Result<Option<Value>> {
    match obj.get("xmlNamespace") {
        None => Ok(None),
        Some(Value::String(uri)) => Ok(Some(json!({ "uri": uri }))),
        Some(Value::Object(ns)) => {
            let cx = cx.within("xmlNamespace");
            let uri = cx.str(ns, "uri")?.ok_or_else(|| cx.missing("uri"))?;
            let mut v = Map::new();
            v.insert("uri".into(), json!(uri));
            if let Some(prefix) = cx.str(ns, "prefix")? {
                v.insert("prefix".into(), json!(prefix));
            }
            Ok(Some(Value::Object(v)))
        }
        Some(_) => Err(cx.err("`xmlNamespace` must be a string or an object")),
    }
}
