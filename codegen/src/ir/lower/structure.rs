//! Lowering of structures and their members: Rust field types, optionality, HTTP and XML
//! bindings, timestamp formats and constraint checks. Decides nothing about operations.
//!
//! Must not: produce tokens.

use super::*;

impl<'a> Lower<'a> {
    /// `http` is the operation's `@http` trait when the structure is its input or output under a
    /// REST protocol; otherwise every member is a body member. `operation_io`: the structure is
    /// an operation's input or output, the only place `@streaming` blobs may be.
    pub(super) fn structure(
        &self,
        shape: &Shape,
        is_input: bool,
        http: Option<()>,
        operation_io: bool,
    ) -> Result<Struct> {
        let mut members = Vec::new();
        let mut fields = BTreeMap::new();
        let mut json_names = BTreeMap::new();
        for m in &shape.members {
            let target = self.shape(&m.target);
            let field = naming::field_name(&m.name);
            if let Some(other) = fields.insert(field.clone(), m.name.clone()) {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!("its Rust field name `{field}` is also the name of member `{other}`"),
                ));
            }
            let json_name = match (m.traits.str(t::JSON_KEY), m.traits.get(t::JSON_NAME)) {
                // A botocore model's key, honoured by every JSON protocol there.
                (Some(key), _) => key.to_string(),
                // Only restJson1 honours `@jsonName`.
                (None, None) => m.name.clone(),
                (None, Some(_)) if self.json_name_ignored => m.name.clone(),
                (None, Some(Value::String(s))) => s.clone(),
                (None, Some(_)) => {
                    return Err(self.err_member(&shape.id, &m.name, "`jsonName` must be a string"))
                }
            };
            // A stream in an output is always there (empty when the response has no body).
            let output_stream = !is_input && operation_io && self.rust_type(&m.target).is_stream();
            let optional = is_input || (!output_stream && is_optional(&m.traits, shape, target));
            let default = match m
                .traits
                .get(t::DEFAULT)
                .or_else(|| target.traits.get(t::DEFAULT))
            {
                Some(Value::Null) | None => None,
                Some(v) => Some(v.clone()),
            };
            let binding = if http.is_some() {
                match self.binding(shape, m)? {
                    // Query and label bindings mean nothing in a response: body members there.
                    Binding::Query(_) | Binding::QueryParams | Binding::Label if !is_input => {
                        Binding::Body
                    }
                    binding => binding,
                }
            } else if m.traits.has(t::EVENT_HEADER) {
                Binding::EventHeader
            } else if m.traits.has(t::EVENT_PAYLOAD) {
                Binding::EventPayload
            } else {
                Binding::Body
            };
            // Only members in the JSON document need distinct names in it.
            if binding == Binding::Body {
                if let Some(other) = json_names.insert(json_name.clone(), m.name.clone()) {
                    return Err(self.err_member(
                        &shape.id,
                        &m.name,
                        format!("its JSON name `{json_name}` is also used by member `{other}`"),
                    ));
                }
            }
            let ty = match self.rust_type(&m.target) {
                // An operation input's event stream is sent.
                RustType::EventStream { name, .. } if is_input && operation_io => {
                    RustType::EventStream { name, input: true }
                }
                ty => ty,
            };
            let header_type = matches!(
                ty,
                RustType::Bool
                    | RustType::I8
                    | RustType::I16
                    | RustType::I32
                    | RustType::I64
                    | RustType::String
                    | RustType::Blob
                    | RustType::Timestamp
                    | RustType::Named {
                        kind: NamedKind::Enum | NamedKind::IntEnum,
                        ..
                    }
            );
            if binding == Binding::EventHeader && !header_type {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    "an `@eventHeader` member must be a boolean, integer, blob, string or timestamp",
                ));
            }
            if ty.is_stream() && !operation_io {
                return Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!(
                        "it targets the `@streaming` shape `{}`, which only members of an \
                         operation's input or output may target",
                        m.target
                    ),
                ));
            }
            members.push(Member {
                smithy_name: m.name.clone(),
                setter: naming::method_name(&m.name, naming::BUILDER_METHODS),
                field,
                json_name,
                ty,
                optional,
                boxed: self.boxed.contains(&(shape.id.clone(), m.name.clone())),
                required: m.traits.has(t::REQUIRED),
                default,
                docs: docs(&m.traits),
                deprecated: deprecated(&m.traits),
                sensitive: m.traits.has(t::SENSITIVE) || target.traits.has(t::SENSITIVE),
                binding,
                timestamp_format: self.timestamp_format(&shape.id, &m.name, &m.traits, target)?,
                idempotency_token: m.traits.has(t::IDEMPOTENCY_TOKEN),
                media_type: target.ty == ShapeType::String && target.traits.has(t::MEDIA_TYPE),
                content_type: target
                    .traits
                    .get(t::MEDIA_TYPE)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                requires_length: target.traits.has(t::REQUIRES_LENGTH),
                constraints: self.constraints(&shape.id, &m.name, &m.traits, target)?,
                xml: self.xml_names(&m.name, &m.traits, target),
            });
        }
        let error = match shape.traits.get(t::ERROR) {
            None => None,
            Some(v) => {
                let retryable = shape.traits.get(t::RETRYABLE);
                let http_status = match shape.traits.get(t::HTTP_ERROR) {
                    None => None,
                    Some(v) => Some(v.as_u64().filter(|c| (100..=599).contains(c)).ok_or_else(
                        || {
                            Error::shape(
                                self.path,
                                &shape.id,
                                "`httpError` must be an HTTP status code",
                            )
                        },
                    )? as u16),
                };
                Some(ErrorInfo {
                    code: shape.id.name().to_string(),
                    server_fault: v.as_str() == Some("server"),
                    http_status,
                    retryable: retryable.is_some(),
                    throttling: retryable
                        .and_then(|r| r.get("throttling"))
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            }
        };
        Ok(Struct {
            members,
            error,
            is_input,
        })
    }

    /// Element and query names of a member (`@xmlName`, `@ec2QueryName`), its layout
    /// (`@xmlFlattened`, `@xmlAttribute`), and the item, key and value names of its target.
    pub(super) fn xml_names(&self, member: &str, traits: &Traits, target: &Shape) -> XmlNames {
        let name = traits.str(t::XML_NAME).unwrap_or(member).to_string();
        let query_name = if self.ec2 {
            match traits.str(t::EC2_QUERY_NAME) {
                Some(q) => q.to_string(),
                None => {
                    let mut chars = name.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            }
        } else {
            name.clone()
        };
        let renamed = |i: usize, default: &str| {
            target
                .members
                .get(i)
                .and_then(|m| m.traits.str(t::XML_NAME))
                .unwrap_or(default)
                .to_string()
        };
        let (item, key, value) = match target.ty {
            ShapeType::List | ShapeType::Set => {
                (renamed(0, "member"), "key".into(), "value".into())
            }
            ShapeType::Map => ("member".into(), renamed(0, "key"), renamed(1, "value")),
            _ => ("member".into(), "key".into(), "value".into()),
        };
        let namespace_of = |i: usize| target.members.get(i).and_then(|m| xml_namespace(&m.traits));
        let (item_namespace, key_namespace, value_namespace) = match target.ty {
            ShapeType::List | ShapeType::Set => (namespace_of(0), None, None),
            ShapeType::Map => (None, namespace_of(0), namespace_of(1)),
            _ => (None, None, None),
        };
        // The layout of nested collections: a list's items, a map's values.
        let nested = match target.ty {
            ShapeType::List | ShapeType::Set => target.members.first(),
            ShapeType::Map => target.members.get(1),
            _ => None,
        };
        let inner = nested.and_then(|m| {
            let t = self.shape(&m.target);
            matches!(t.ty, ShapeType::List | ShapeType::Set | ShapeType::Map)
                .then(|| Box::new(self.xml_names(&m.name, &m.traits, t)))
        });
        XmlNames {
            inner,
            name,
            query_name,
            flattened: traits.has(t::XML_FLATTENED),
            flattened_alias: traits.str(t::FLATTENED_ALIAS).map(String::from),
            attribute: traits.has(t::XML_ATTRIBUTE),
            item,
            key,
            value,
            namespace: xml_namespace(traits),
            item_namespace,
            key_namespace,
            value_namespace,
        }
    }

    pub(super) fn binding(&self, shape: &Shape, m: &crate::model::Member) -> Result<Binding> {
        let tr = &m.traits;
        let name_of = |id: &str| -> Result<String> {
            match tr.get(id) {
                Some(Value::String(s)) if !s.is_empty() || id == t::HTTP_PREFIX_HEADERS => {
                    Ok(s.clone())
                }
                _ => Err(self.err_member(
                    &shape.id,
                    &m.name,
                    format!("`{id}` must be a non-empty string"),
                )),
            }
        };
        Ok(if tr.has(t::HTTP_LABEL) {
            Binding::Label
        } else if tr.has(t::HTTP_QUERY) {
            Binding::Query(name_of(t::HTTP_QUERY)?)
        } else if tr.has(t::HTTP_QUERY_PARAMS) {
            Binding::QueryParams
        } else if tr.has(t::HTTP_HEADER) {
            Binding::Header(name_of(t::HTTP_HEADER)?)
        } else if tr.has(t::HTTP_PREFIX_HEADERS) {
            Binding::PrefixHeaders(name_of(t::HTTP_PREFIX_HEADERS)?)
        } else if tr.has(t::HTTP_PAYLOAD) {
            Binding::Payload
        } else if tr.has(t::HTTP_RESPONSE_CODE) {
            Binding::ResponseCode
        } else {
            Binding::Body
        })
    }

    pub(super) fn timestamp_format(
        &self,
        shape: &ShapeId,
        member: &str,
        traits: &Traits,
        target: &Shape,
    ) -> Result<Option<TimestampFormat>> {
        // The RPC v2 protocols ignore `@timestampFormat`: always epoch seconds.
        if self.rpc_v2 {
            return Ok(None);
        }
        let Some(v) = traits
            .get(t::TIMESTAMP_FORMAT)
            .or_else(|| target.traits.get(t::TIMESTAMP_FORMAT))
        else {
            return Ok(None);
        };
        Ok(Some(match v.as_str() {
            Some("date-time") => TimestampFormat::DateTime,
            Some("http-date") => TimestampFormat::HttpDate,
            Some("epoch-seconds") => TimestampFormat::EpochSeconds,
            _ => {
                return Err(self.err_member(shape, member, format!("unknown timestampFormat {v}")))
            }
        }))
    }

    pub(super) fn constraints(
        &self,
        shape: &ShapeId,
        member: &str,
        traits: &Traits,
        target: &Shape,
    ) -> Result<Constraints> {
        let get = |id: &str| traits.get(id).or_else(|| target.traits.get(id));
        let bound = |v: &Value, key: &str| -> Result<Option<f64>> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => Ok(n.as_f64()),
                Some(other) => Err(self.err_member(
                    shape,
                    member,
                    format!("`{key}` of a constraint trait must be a number, not {other}"),
                )),
            }
        };
        let mut c = Constraints::default();
        if let Some(v) = get(t::LENGTH) {
            let (min, max) = (bound(v, "min")?, bound(v, "max")?);
            c.length = Some((min.map(|x| x as u64), max.map(|x| x as u64)));
        }
        if let Some(v) = get(t::RANGE) {
            c.range = Some((bound(v, "min")?, bound(v, "max")?));
        }
        if let Some(v) = get(t::PATTERN) {
            let source = v
                .as_str()
                .ok_or_else(|| self.err_member(shape, member, "`pattern` must be a string"))?
                .to_string();
            c.pattern = Some(Pattern {
                check: crate::pattern::translate(&source),
                source,
            });
        }
        Ok(c)
    }
}

/// `@xmlNamespace`, as the attribute that declares it.
pub(super) fn xml_namespace(traits: &Traits) -> Option<XmlNamespace> {
    let v = traits.get(t::XML_NAMESPACE)?;
    let uri = v.get("uri").and_then(Value::as_str)?.to_string();
    let attribute = match v.get("prefix").and_then(Value::as_str) {
        Some(prefix) if !prefix.is_empty() => format!("xmlns:{prefix}"),
        _ => "xmlns".to_string(),
    };
    Some(XmlNamespace { attribute, uri })
}
