//! Lowering of operations: input and output types, errors, the `@http` binding with resolved
//! labels, host prefixes, pagination, and why an operation cannot be generated. Reads the
//! structures lowered elsewhere; decides nothing about their members.
//!
//! Must not: produce tokens.

use super::structure::xml_namespace;

/// The rpcv2Cbor trait's validator that flags documents (Smithy's protocol traits).
const NO_DOCUMENTS: &str = "rpcv2Cbor.NoDocuments";
use super::*;

impl<'a> Lower<'a> {
    pub(super) fn operation(&self, id: &ShapeId, protocol: &Protocol) -> Result<Operation> {
        let shape = self.shape(id);
        let props = shape.operation.clone().unwrap_or_default();
        let name = self.closure.name(id).to_string();
        let rest = protocol.is_rest();
        let http = if rest { self.http_trait(shape)? } else { None };
        let io = |target: &Option<ShapeId>, type_name: String, is_input: bool| -> Result<TypeDef> {
            let (strukt, docs_, deprecated_, sensitive) = match target {
                Some(target_id) => {
                    let target = self.shape(target_id);
                    (
                        self.structure(target, is_input, rest.then_some(()), true)?,
                        docs(&target.traits),
                        deprecated(&target.traits),
                        target.traits.has(t::SENSITIVE),
                    )
                }
                None => (
                    Struct {
                        members: Vec::new(),
                        error: None,
                        is_input,
                    },
                    String::new(),
                    None,
                    false,
                ),
            };
            Ok(TypeDef {
                shape: target.clone().unwrap_or_else(crate::load::unit_id),
                name: type_name,
                docs: docs_,
                deprecated: deprecated_,
                sensitive,
                kind: TypeKind::Struct(strukt),
                serialize: is_input,
                deserialize: !is_input,
                to_document: false,
                event_stream: false,
                xml_name: match target {
                    Some(id) => self
                        .shape(id)
                        .traits
                        .str(t::XML_NAME)
                        .unwrap_or(id.name())
                        .to_string(),
                    None => String::new(),
                },
                xml_namespace: target
                    .as_ref()
                    .and_then(|id| xml_namespace(&self.shape(id).traits)),
            })
        };
        let mut input = io(&props.input, naming::operation_input(&name), true)?;
        let mut output = io(&props.output, naming::operation_output(&name), false)?;
        if input.docs.is_empty() {
            input.docs = format!("Input of the `{name}` operation.");
        }
        if output.docs.is_empty() {
            output.docs = format!("Output of the `{name}` operation.");
        }
        let http = match http {
            Some((method, path_text, query, code)) => {
                Some(self.resolve_path(shape, &input, method, &path_text, query, code)?)
            }
            None if rest => {
                return Err(Error::shape(
                    self.path,
                    id,
                    "restJson1 operations need the `http` trait",
                ));
            }
            None => None,
        };
        let protocol_query_compatible = self
            .closure
            .service_shape()
            .traits
            .has(t::AWS_QUERY_COMPATIBLE);
        let mut errors = Vec::new();
        // Each error's shape name and the code a caller sees for it (waiters match on it).
        let mut error_codes = Vec::new();
        for e in &props.errors {
            let TypeKind::Struct(strukt) = self.type_def(e, false)?.kind else {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("`{e}` is listed as an error but is not a structure"),
                ));
            };
            let has_bindings = !strukt.body_only();
            let Some(info) = strukt.error else {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("`{e}` is listed as an error but lacks the `error` trait"),
                ));
            };
            // Under awsQuery and ec2Query the wire code may be customized (`@awsQueryError`).
            let query_error_code = self
                .shape(e)
                .traits
                .get(t::AWS_QUERY_ERROR)
                .and_then(|v| v.get("code"))
                .and_then(Value::as_str)
                .map(String::from);
            let shown = match (&query_error_code, protocol.is_query()) {
                (Some(code), true) => code.clone(),
                (Some(code), false) if protocol_query_compatible => code.clone(),
                _ => info.code.clone(),
            };
            error_codes.push((e.name().to_string(), shown));
            errors.push(OperationError {
                variant: self.type_names[e].clone(),
                type_name: self.type_names[e].clone(),
                code: match query_error_code.clone() {
                    Some(code) if protocol.is_query() => code,
                    _ => info.code,
                },
                retryable: info.retryable,
                throttling: info.throttling,
                has_bindings,
                query_code: if protocol_query_compatible {
                    query_error_code
                } else {
                    None
                },
            });
        }
        let unsupported = self
            .unsupported_reason(protocol, &props)
            .or_else(|| {
                // Events are sent in a JSON protocol's framing, as the HTTP payload.
                let sends_events = matches!(&input.kind, TypeKind::Struct(s)
                    if s.members.iter().any(|m| matches!(m.ty, RustType::EventStream { .. })));
                (sends_events && *protocol != Protocol::RestJson1).then(|| {
                    format!(
                        "event streams in requests are supported under restJson1, not {}",
                        protocol.name()
                    )
                })
            })
            .or_else(|| streaming_problem(&input, &output, rest));
        let pagination = self.pagination(shape, &input, &output)?;
        let waiters = if unsupported.is_some() {
            Vec::new()
        } else {
            self.waiters(shape, &input, &output, &error_codes)?
        };
        let host_prefix = self.host_prefix(shape, &input)?;
        let endpoint_params = self.endpoint_params(shape, props.input.as_ref(), &input);
        let http = http.map(|h| self.bucket_out_of_path(h, &input, &endpoint_params));
        let http_checksum = self.http_checksum(id, &input)?;
        Ok(Operation {
            shape: id.clone(),
            module: naming::module_name(&name),
            client_method: naming::method_name(&name, naming::CLIENT_METHODS),
            name,
            docs: docs(&shape.traits),
            deprecated: deprecated(&shape.traits),
            input,
            output,
            errors,
            http,
            pagination,
            waiters,
            host_prefix,
            unsupported,
            request_compression: shape
                .traits
                .get(t::REQUEST_COMPRESSION)
                .and_then(|v| v.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|e| e.as_str() == Some("gzip"))),
            auth: if shape
                .traits
                .get(t::AUTH)
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                OperationAuth::None
            } else if shape.traits.has(t::OPTIONAL_AUTH) {
                OperationAuth::Optional
            } else {
                OperationAuth::Signed
            },
            checksum_required: shape.traits.has(t::HTTP_CHECKSUM_REQUIRED),
            http_checksum,
            unwrapped_xml_output: shape.traits.has(t::S3_UNWRAPPED_XML_OUTPUT),
            endpoint_params,
            customizations: Customizations::default(),
        })
    }

    /// `aws.protocols#httpChecksum`, its members resolved to the input's fields. A member it
    /// names that the input lacks, or that is not a string, is an error naming it.
    fn http_checksum(&self, id: &ShapeId, input: &TypeDef) -> Result<Option<HttpChecksum>> {
        let Some(value) = self.shape(id).traits.get(t::HTTP_CHECKSUM) else {
            return Ok(None);
        };
        let member = |key: &str| -> Result<Option<ChecksumMember>> {
            let Some(name) = value.get(key).and_then(Value::as_str) else {
                return Ok(None);
            };
            let found = match &input.kind {
                TypeKind::Struct(s) => s.members.iter().find(|m| m.smithy_name == name),
                _ => None,
            };
            let Some(m) = found else {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("httpChecksum's {key} `{name}` is not a member of the input"),
                ));
            };
            let stringy = matches!(
                &m.ty,
                RustType::String
                    | RustType::Named {
                        kind: NamedKind::Enum,
                        ..
                    }
            );
            if !stringy {
                return Err(Error::shape(
                    self.path,
                    id,
                    format!("httpChecksum's {key} `{name}` is not a string or an enum"),
                ));
            }
            Ok(Some(ChecksumMember {
                field: m.field.clone(),
                optional: m.optional,
                header: match &m.binding {
                    Binding::Header(h) => Some(h.to_ascii_lowercase()),
                    _ => None,
                },
            }))
        };
        let mut response_algorithms: Vec<String> = value
            .get("responseAlgorithms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        response_algorithms.dedup();
        Ok(Some(HttpChecksum {
            request_checksum_required: value
                .get("requestChecksumRequired")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            request_algorithm: member("requestAlgorithmMember")?,
            validation_mode: member("requestValidationModeMember")?,
            response_algorithms,
        }))
    }

    /// `@staticContextParams` of the operation and `@contextParam` string members of its
    /// input, for services with an endpoint rule set.
    fn endpoint_params(
        &self,
        shape: &Shape,
        input_id: Option<&ShapeId>,
        input: &TypeDef,
    ) -> Vec<EndpointParamBinding> {
        let service = self.closure.service_shape();
        if !service.traits.has("smithy.rules#endpointRuleSet") {
            return Vec::new();
        }
        let mut out = Vec::new();
        if let Some(Value::Object(statics)) = shape.traits.get("smithy.rules#staticContextParams") {
            for (name, def) in statics {
                let value = match def.get("value") {
                    Some(Value::String(s)) => EndpointParamValue::String(s.clone()),
                    Some(Value::Bool(b)) => EndpointParamValue::Bool(*b),
                    _ => continue,
                };
                out.push(EndpointParamBinding {
                    name: name.clone(),
                    value,
                });
            }
        }
        let (Some(input_id), TypeKind::Struct(strukt)) = (input_id, &input.kind) else {
            return out;
        };
        let model_input = self.shape(input_id);
        for member in &model_input.members {
            let Some(name) = member
                .traits
                .get("smithy.rules#contextParam")
                .and_then(|v| v.get("name"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let Some(ir) = strukt.members.iter().find(|m| m.smithy_name == member.name) else {
                continue;
            };
            if ir.ty != RustType::String {
                continue;
            }
            out.push(EndpointParamBinding {
                name: name.to_string(),
                value: EndpointParamValue::Member {
                    field: ir.field.clone(),
                    optional: ir.optional,
                },
            });
        }
        out
    }

    /// An operation whose URI starts with a label bound to an endpoint parameter (S3's
    /// `/{Bucket}`) leaves that label to the endpoint rules, which put it in the host or the
    /// endpoint's path: the request path starts after it.
    fn bucket_out_of_path(
        &self,
        mut http: HttpTrait,
        input: &TypeDef,
        params: &[EndpointParamBinding],
    ) -> HttpTrait {
        let TypeKind::Struct(strukt) = &input.kind else {
            return http;
        };
        let Some(PathSegment::Label { member, .. }) = http.path.get(1) else {
            return http;
        };
        let field = &strukt.members[*member].field;
        let bound = params.iter().any(|p| {
            p.name == "Bucket"
                && matches!(&p.value, EndpointParamValue::Member { field: f, .. } if f == field)
        });
        if !bound {
            return http;
        }
        http.path.remove(1);
        if let Some(PathSegment::Literal(next)) = http.path.get_mut(1) {
            if let Some(rest) = next.strip_prefix('/') {
                *next = rest.to_string();
            }
            if next.is_empty() {
                http.path.remove(1);
            }
        }
        // Neighbouring literals merge again.
        let mut merged: Vec<PathSegment> = Vec::new();
        for s in http.path {
            match (merged.last_mut(), s) {
                (Some(PathSegment::Literal(a)), PathSegment::Literal(b)) => a.push_str(&b),
                (_, s) => merged.push(s),
            }
        }
        http.path = merged;
        http
    }

    pub(super) fn unsupported_reason(
        &self,
        protocol: &Protocol,
        props: &crate::model::OperationProps,
    ) -> Option<String> {
        if let Protocol::Unsupported(name) = protocol {
            return Some(format!("the {name} protocol is not supported yet"));
        }
        if matches!(protocol, Protocol::RpcV2Cbor { .. }) && !self.suppressed(NO_DOCUMENTS) {
            let shapes = props.input.iter().chain(&props.output).chain(&props.errors);
            if let Some(member) = self.document_member(shapes) {
                return Some(format!(
                    "`{member}` is a document, which rpcv2Cbor does not support (the protocol's \
                     `{NO_DOCUMENTS}` validator, severity DANGER: \"This protocol does not \
                     support document types in most possible scenarios.\"); suppress \
                     `{NO_DOCUMENTS}` in the model's metadata to generate it anyway"
                ));
            }
        }
        None
    }

    /// Whether the model's `suppressions` metadata names the validation event `id`.
    fn suppressed(&self, id: &str) -> bool {
        self.closure
            .model
            .metadata
            .get("suppressions")
            .and_then(Value::as_array)
            .is_some_and(|list| {
                list.iter()
                    .any(|s| s.get("id").and_then(Value::as_str) == Some(id))
            })
    }

    /// The first member (`Shape$member`) reachable from `roots` that targets a document.
    fn document_member<'s>(&self, roots: impl Iterator<Item = &'s ShapeId>) -> Option<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&ShapeId> = roots.collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(shape) = self.closure.model.shapes.get(id) else {
                continue;
            };
            for m in &shape.members {
                match self.closure.model.shapes.get(&m.target) {
                    Some(t) if t.ty == ShapeType::Document => {
                        return Some(format!("{}${}", id.as_str(), m.name));
                    }
                    Some(_) => stack.push(&m.target),
                    None => {}
                }
            }
        }
        None
    }

    pub(super) fn http_trait(&self, shape: &Shape) -> Result<Option<RawHttp>> {
        let Some(v) = shape.traits.get(t::HTTP) else {
            return Ok(None);
        };
        let method = v.get("method").and_then(Value::as_str);
        let uri = v.get("uri").and_then(Value::as_str);
        let (Some(method), Some(uri)) = (method, uri) else {
            return Err(Error::shape(
                self.path,
                &shape.id,
                "the `http` trait needs string `method` and `uri`",
            ));
        };
        let code = match v.get("code") {
            None => 200,
            Some(c) => c
                .as_u64()
                .filter(|c| (100..=599).contains(c))
                .ok_or_else(|| {
                    Error::shape(
                        self.path,
                        &shape.id,
                        "the `http` trait's `code` must be an HTTP status code",
                    )
                })? as u16,
        };
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (q.to_string(), None),
            })
            .collect();
        Ok(Some((method.to_string(), path.to_string(), query, code)))
    }

    pub(super) fn resolve_path(
        &self,
        shape: &Shape,
        input: &TypeDef,
        method: String,
        path: &str,
        query: Vec<(String, Option<String>)>,
        code: u16,
    ) -> Result<HttpTrait> {
        let TypeKind::Struct(input_struct) = &input.kind else {
            unreachable!("inputs are structures")
        };
        let mut segments = Vec::new();
        let mut used = BTreeSet::new();
        for part in path.split('/').skip(1) {
            segments.push(PathSegment::Literal("/".to_string()));
            if let Some(label) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (label, false),
                };
                let Some(idx) = input_struct
                    .members
                    .iter()
                    .position(|m| m.smithy_name == name && m.binding == Binding::Label)
                else {
                    return Err(Error::shape(self.path, &shape.id, format!("the URI label `{{{label}}}` has no input member with the `httpLabel` trait")));
                };
                used.insert(idx);
                segments.push(PathSegment::Label {
                    member: idx,
                    greedy,
                });
            } else {
                segments.push(PathSegment::Literal(part.to_string()));
            }
        }
        if segments.is_empty() {
            segments.push(PathSegment::Literal("/".to_string()));
        }
        // Merge neighbouring literals.
        let mut merged: Vec<PathSegment> = Vec::new();
        for s in segments {
            match (merged.last_mut(), s) {
                (Some(PathSegment::Literal(a)), PathSegment::Literal(b)) => a.push_str(&b),
                (_, s) => merged.push(s),
            }
        }
        for (i, m) in input_struct.members.iter().enumerate() {
            if m.binding == Binding::Label && !used.contains(&i) {
                return Err(self.err_member(&input.shape, &m.smithy_name, format!("has the `httpLabel` trait but the URI `{path}` of `{}` has no `{{{}}}` label", shape.id, m.smithy_name)));
            }
        }
        Ok(HttpTrait {
            method,
            path: merged,
            query,
            code,
        })
    }

    pub(super) fn host_prefix(
        &self,
        shape: &Shape,
        input: &TypeDef,
    ) -> Result<Option<Vec<HostSegment>>> {
        let Some(prefix) = shape
            .traits
            .get("smithy.api#endpoint")
            .and_then(|v| v.get("hostPrefix"))
            .and_then(Value::as_str)
        else {
            return Ok(None);
        };
        let TypeKind::Struct(s) = &input.kind else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let mut rest = prefix;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                out.push(HostSegment::Literal(rest[..start].to_string()));
            }
            let Some(end) = rest[start..].find('}') else {
                return Err(Error::shape(
                    self.path,
                    &shape.id,
                    format!("unclosed label in hostPrefix `{prefix}`"),
                ));
            };
            let label = &rest[start + 1..start + end];
            let member = s
                .members
                .iter()
                .find(|m| m.smithy_name == label)
                .ok_or_else(|| {
                    Error::shape(
                        self.path,
                        &shape.id,
                        format!("hostPrefix label `{label}` is not an input member"),
                    )
                })?;
            out.push(HostSegment::Label(member.field.clone()));
            rest = &rest[start + end + 1..];
        }
        if !rest.is_empty() {
            out.push(HostSegment::Literal(rest.to_string()));
        }
        Ok(Some(out))
    }

    pub(super) fn pagination(
        &self,
        shape: &Shape,
        input: &TypeDef,
        output: &TypeDef,
    ) -> Result<Option<Pagination>> {
        let Some(own) = shape.traits.get(t::PAGINATED) else {
            return Ok(None);
        };
        let service = self.closure.service_shape().traits.get(t::PAGINATED);
        let get = |key: &str| -> Option<String> {
            own.get(key)
                .or_else(|| service.and_then(|s| s.get(key)))
                .and_then(Value::as_str)
                .map(String::from)
        };
        let (Some(input_token), Some(output_token)) = (get("inputToken"), get("outputToken"))
        else {
            return Ok(None);
        };
        let (TypeKind::Struct(i), TypeKind::Struct(o)) = (&input.kind, &output.kind) else {
            return Ok(None);
        };
        let field = |s: &Struct, name: &str| {
            s.members
                .iter()
                .find(|m| m.smithy_name == name)
                .map(|m| m.field.clone())
        };
        let bad = |what: &str, v: &str| {
            Error::shape(
                self.path,
                &shape.id,
                format!("`paginated` {what} `{v}` is not a member"),
            )
        };
        let input_field = field(i, &input_token).ok_or_else(|| bad("inputToken", &input_token))?;
        // Only single-segment paths are followed here; nested paths are reported as unsupported.
        if output_token.contains('.') {
            return Ok(None);
        }
        let output_field =
            field(o, &output_token).ok_or_else(|| bad("outputToken", &output_token))?;
        let member = |s: &'_ Struct, f: &str| s.members.iter().find(|m| m.field == f).cloned();
        let (Some(in_member), Some(out_member)) =
            (member(i, &input_field), member(o, &output_field))
        else {
            return Ok(None);
        };
        // The token goes back from the output into the input, so both must have one type.
        if in_member.ty != out_member.ty {
            return Ok(None);
        }
        let items = get("items");
        let mut items_optional = false;
        let mut items_sparse = false;
        let (items_path, item_type) = match items.as_deref() {
            Some(name) if !name.contains('.') => {
                let m = o
                    .members
                    .iter()
                    .find(|m| m.smithy_name == name)
                    .ok_or_else(|| bad("items", name))?;
                items_optional = m.optional;
                let item = match &m.ty {
                    RustType::List { item, sparse } => {
                        items_sparse = *sparse;
                        Some((**item).clone())
                    }
                    _ => None,
                };
                (item.as_ref().map(|_| vec![m.field.clone()]), item)
            }
            _ => (None, None),
        };
        let page_size = match get("pageSize") {
            Some(p) => Some(field(i, &p).ok_or_else(|| bad("pageSize", &p))?),
            None => None,
        };
        Ok(Some(Pagination {
            input_token: input_field,
            output_token: vec![output_field],
            token_type: in_member.ty.clone(),
            output_token_optional: out_member.optional,
            items: items_path,
            item_type,
            items_optional,
            items_sparse,
            page_size,
        }))
    }
}

/// The `@http` trait's method, path, literal query and code, before labels are resolved.
pub(super) type RawHttp = (String, String, Vec<(String, Option<String>)>, u16);

/// Why the streams of an operation cannot be sent or received, if they cannot: a byte stream
/// travels only as an HTTP payload (`@httpPayload` under a REST protocol); an output event
/// stream is the payload under REST, and under an RPC protocol the whole body, where the
/// output's other members would come first in an `initial-response` event (not supported).
pub(super) fn streaming_problem(input: &TypeDef, output: &TypeDef, rest: bool) -> Option<String> {
    let members = |def: &TypeDef| match &def.kind {
        TypeKind::Struct(s) => s.members.clone(),
        _ => Vec::new(),
    };
    for m in members(input).iter().chain(members(output).iter()) {
        if m.ty == RustType::ByteStream && m.binding != Binding::Payload {
            return Some(format!(
                "`@streaming` member `{}` is not an `@httpPayload`, which this protocol cannot send",
                m.smithy_name
            ));
        }
    }
    let sent = members(input);
    if let Some(stream) = sent
        .iter()
        .find(|m| matches!(m.ty, RustType::EventStream { .. }))
    {
        if !rest || stream.binding != Binding::Payload {
            return Some(format!(
                "event stream member `{}` of the input is not an `@httpPayload`",
                stream.smithy_name
            ));
        }
    }
    let out = members(output);
    let stream = out
        .iter()
        .find(|m| matches!(m.ty, RustType::EventStream { .. }))?;
    if rest && stream.binding != Binding::Payload {
        return Some(format!(
            "event stream member `{}` is not an `@httpPayload`",
            stream.smithy_name
        ));
    }
    if !rest && out.len() > 1 {
        return Some(
            "an event stream output with other members (sent in an `initial-response` event) \
             is not supported yet"
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    const CBOR: &str = r#"$version: "2.0"
$SUPPRESS
namespace example.cbor
use smithy.protocols#rpcv2Cbor
@rpcv2Cbor
service Svc { version: "1", operations: [Plain, WithDocument] }
operation Plain { input := { name: String } }
operation WithDocument { output := { nested: Nested } }
structure Nested { value: Document }
"#;

    fn unsupported(suppress: &str) -> Vec<(String, Option<String>)> {
        let idl = CBOR.replace("$SUPPRESS", suppress);
        let krate = super::super::lower_idl(&idl).expect("lowers");
        krate
            .operations
            .into_iter()
            .map(|o| (o.name, o.unsupported))
            .collect()
    }

    #[test]
    fn rpcv2cbor_operations_that_reach_a_document_are_not_generated() {
        let ops = unsupported("");
        assert_eq!(ops[0].0, "Plain");
        assert_eq!(ops[0].1, None);
        let reason = ops[1].1.as_deref().expect("refused");
        assert!(reason.contains("example.cbor#Nested$value"), "{reason}");
        assert!(reason.contains("rpcv2Cbor.NoDocuments"), "{reason}");
    }

    #[test]
    fn a_suppressed_validator_lets_documents_through() {
        let ops = unsupported(
            r#"metadata suppressions = [{ id: "rpcv2Cbor.NoDocuments", namespace: "*" }]"#,
        );
        assert!(ops.iter().all(|(_, u)| u.is_none()), "{ops:?}");
    }
}
