//! The service-level settings of a botocore model (`metadata`): namespace, protocol traits,
//! signing, the service shape's name and version. Reads only `metadata`; builds no shapes.

use super::*;
use crate::error::Result;
use crate::model::{trait_ids as t, Traits};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The XML-family protocols, whose flattened lists botocore names after the list member.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum QueryDialect {
    Query,
    Ec2,
    /// restXml: only botocore's parser does (its serializer uses the structure member's name).
    RestXml,
}

/// What the service shape needs from `metadata`.
pub(super) struct Metadata {
    pub(super) namespace: String,
    /// Whether one of the service's protocols is JSON-based (botocore's serializers for JSON
    /// and CBOR use `locationName` as the key).
    pub(super) json_names: bool,
    /// The service's first protocol when it is awsQuery, ec2Query or restXml (whose flattened
    /// lists botocore names after the list member).
    pub(super) query_dialect: Option<QueryDialect>,
    pub(super) service_name: String,
    pub(super) version: String,
    pub(super) traits: Traits,
}

impl Metadata {
    pub(super) fn read(path: &Path, meta: &Map<String, Value>) -> Result<Metadata> {
        let cx = Cx::file(path).within("metadata");
        let service_id = cx.str(meta, "serviceId")?;
        let endpoint_prefix = cx.str(meta, "endpointPrefix")?;
        let target_prefix = cx.str(meta, "targetPrefix")?;
        let signing_name = cx.str(meta, "signingName")?;
        let json_version = cx.str(meta, "jsonVersion")?;
        let version = cx.str(meta, "apiVersion")?.unwrap_or_default().to_string();

        let mut protocols: Vec<&str> = Vec::new();
        protocols.extend(cx.str(meta, "protocol")?);
        for p in cx.arr(meta, "protocols")?.into_iter().flatten() {
            let p = p
                .as_str()
                .ok_or_else(|| cx.wrong("protocols", "an array of strings"))?;
            if !protocols.contains(&p) {
                protocols.push(p);
            }
        }
        let Some(primary) = protocols.first().copied() else {
            return Err(cx.missing("protocol"));
        };
        let protocol_trait = |p: &str| -> Option<&'static str> {
            Some(match p {
                "rest-json" => t::REST_JSON1,
                "json" if json_version == Some("1.0") => t::AWS_JSON1_0,
                "json" => t::AWS_JSON1_1,
                "query" => t::AWS_QUERY,
                "ec2" => t::EC2_QUERY,
                "rest-xml" => t::REST_XML,
                "smithy-rpc-v2-cbor" => t::RPC_V2_CBOR,
                _ => return None,
            })
        };
        let mut traits = Traits::default();
        if protocol_trait(primary).is_none() {
            return Err(cx.err(format!(
                "unknown protocol `{primary}` (expected rest-json, json, query, ec2, rest-xml or smithy-rpc-v2-cbor)"
            )));
        }
        // A service may speak several protocols; Smithy lists each as a trait and the generator
        // picks one it supports. Unknown extra protocols are left out.
        for p in &protocols {
            if let Some(id) = protocol_trait(p) {
                traits.insert(id, json!({}));
            }
        }
        // `{}` in service-2.json; a boolean is accepted too.
        match meta.get("awsQueryCompatible") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => {}
            Some(Value::Object(_)) | Some(Value::Bool(true)) => {
                traits.insert(t::AWS_QUERY_COMPATIBLE, json!({}));
            }
            Some(_) => return Err(cx.wrong("awsQueryCompatible", "an object")),
        }

        let base = service_id
            .or(endpoint_prefix)
            .or(target_prefix)
            .unwrap_or("service");
        let mut segment: String = base
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if segment.is_empty() {
            segment = "service".into();
        } else if segment.starts_with(|c: char| c.is_ascii_digit()) {
            segment.insert(0, '_');
        }
        let namespace = format!("botocore.{segment}");

        // The X-Amz-Target prefix is `targetPrefix` as written, carried in its own trait: a few
        // services have a dotted one (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`),
        // which botocore sends verbatim. The service shape is named after the prefix when it is
        // an identifier, else after its last segment (as the services' Smithy models are).
        let last_segment = target_prefix.and_then(|p| p.rsplit('.').next());
        if let Some(prefix) = target_prefix {
            if prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(cx.err(format!(
                    "`targetPrefix` `{prefix}` cannot be sent in the X-Amz-Target header"
                )));
            }
            traits.insert(t::TARGET_PREFIX, json!(prefix));
        }
        let service_name = match (target_prefix, last_segment) {
            (Some(prefix), _) if is_ident(prefix) => prefix.to_string(),
            (Some(_), Some(last)) if is_ident(last) => last.to_string(),
            _ => {
                let base: String = service_id
                    .or(endpoint_prefix)
                    .unwrap_or("Service")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                sanitize_ident(if base.is_empty() { "Service" } else { &base })
            }
        };

        let mut aws = Map::new();
        let sdk_id = service_id
            .or(cx.str(meta, "serviceAbbreviation")?)
            .or(cx.str(meta, "serviceFullName")?)
            .unwrap_or(&service_name);
        aws.insert("sdkId".into(), json!(sdk_id));
        if let Some(prefix) = endpoint_prefix {
            aws.insert("endpointPrefix".into(), json!(prefix));
        }
        traits.insert(t::AWS_SERVICE, Value::Object(aws));
        if let Some(name) = signing_name.or(endpoint_prefix) {
            traits.insert(t::SIGV4, json!({ "name": name }));
        }
        if let Some(title) = cx.str(meta, "serviceFullName")? {
            traits.insert(t::TITLE, json!(title));
        }
        if let Some(ns) = cx.str(meta, "xmlNamespace")? {
            traits.insert(XML_NAMESPACE, json!({ "uri": ns }));
        }
        let json_names = protocols
            .iter()
            .any(|p| matches!(*p, "rest-json" | "json" | "smithy-rpc-v2-cbor"));
        let query_dialect = match primary {
            "query" => Some(QueryDialect::Query),
            "ec2" => Some(QueryDialect::Ec2),
            "rest-xml" => Some(QueryDialect::RestXml),
            _ => None,
        };
        Ok(Metadata {
            namespace,
            json_names,
            query_dialect,
            service_name,
            version,
            traits,
        })
    }
}
