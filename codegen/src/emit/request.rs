//! Request serializers of operations, one function per protocol family: REST (HTTP bindings
//! with a JSON or XML body), awsJson and the query protocols, plus the request options every
//! family shares (compression, checksums, host prefixes). Reads only the IR; builds no types.

use super::{ident, members, timestamp_format};
use crate::ir::{
    Binding, Crate, EndpointParamValue, HttpTrait, NamedKind, Operation, PathSegment, PathStep,
    Protocol, RustType, TimestampFormat,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Like [`param`], but an expression of type `&str` (borrowing where the value is already text).
pub(super) fn param_ref(ty: &RustType, fmt: TimestampFormat, v: TokenStream) -> TokenStream {
    match ty {
        RustType::String
        | RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#v.as_str()),
        _ => {
            let owned = param(ty, fmt, v);
            quote!(&#owned)
        }
    }
}

/// An expression turning `v: &T` into the `String` used in a label, query value or header.
pub(super) fn param(ty: &RustType, fmt: TimestampFormat, v: TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#v.clone()),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#v.as_str().to_owned()),
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(#v.as_i32().to_string()),
        RustType::F32 => quote!(::smelt_runtime::rest::format_f32(*#v)),
        RustType::F64 => quote!(::smelt_runtime::rest::format_f64(*#v)),
        RustType::Timestamp => {
            let fmt = timestamp_format(fmt);
            quote!(::smelt_runtime::protocol::format_timestamp(#v, #fmt))
        }
        RustType::Blob => quote!(::smelt_runtime::rest::base64_encode(#v.as_ref())),
        _ => quote!(#v.to_string()),
    }
}

pub(super) fn rest_request(
    krate: &Crate,
    op: &Operation,
    http: &HttpTrait,
    rest_xml: bool,
) -> TokenStream {
    let input_name = format_ident!("{}", op.input.name);
    let s = members(&op.input);
    let check = s
        .members
        .iter()
        .any(|m| m.required)
        .then(|| quote!(input.check_required()?;));
    let path = http.path.iter().map(|seg| match seg {
        PathSegment::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('/');
            quote!(uri.push(#c);)
        }
        PathSegment::Literal(text) => quote!(uri.push_str(#text);),
        PathSegment::Label { member, greedy } => {
            let m = &s.members[*member];
            let f = ident(&m.field);
            let key = m.field.trim_start_matches("r#");
            let default = op
                .customizations
                .label_defaults
                .iter()
                .find(|(field, _)| field == &m.field);
            let value = if let (Some((_, default)), RustType::String) = (default, &m.ty) {
                quote!(::smelt_runtime::protocol::label_or(input.#f.as_deref(), #default))
            } else if m.ty == RustType::String {
                quote!(input.#f.clone())
            } else {
                let value = param(
                    &m.ty,
                    m.timestamp_format.unwrap_or(TimestampFormat::DateTime),
                    quote!(v),
                );
                quote!(input.#f.as_ref().map(|v| #value))
            };
            quote!(uri.push_str(&::smelt_runtime::protocol::label(#key, #value, #greedy)?);)
        }
    });
    let literal_query = http.query.iter().map(|(k, v)| match v {
        Some(v) => quote!(query.push(#k, #v);),
        None => quote!(query.push_key(#k);),
    });
    // Headers bound to their own members win over a prefix-headers map's entries of that name.
    let explicit_headers: Vec<String> = s
        .members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Header(name) => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let explicit_keys: Vec<&str> = s
        .members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Query(k) => Some(k.as_str()),
            _ => None,
        })
        .chain(http.query.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut body = None;
    for m in &s.members {
        let f = ident(&m.field);
        match &m.binding {
            Binding::Query(key) => {
                let fmt = m.timestamp_format.unwrap_or(TimestampFormat::DateTime);
                query.push(match &m.ty {
                    RustType::List { item, sparse } => {
                        let value = param_ref(item, fmt, quote!(v));
                        let iter = if *sparse {
                            quote!(list.iter().flatten())
                        } else {
                            quote!(list.iter())
                        };
                        quote! {
                            if let ::std::option::Option::Some(list) = &input.#f {
                                for v in #iter {
                                    query.push(#key, #value);
                                }
                            }
                        }
                    }
                    ty => {
                        let value = param_ref(ty, fmt, quote!(v));
                        quote! {
                            if let ::std::option::Option::Some(v) = &input.#f {
                                query.push(#key, #value);
                            }
                        }
                    }
                });
            }
            Binding::QueryParams => {
                let RustType::Map { value, .. } = &m.ty else {
                    continue;
                };
                let push = match &**value {
                    RustType::List { item, .. } => {
                        let p = param_ref(item, TimestampFormat::DateTime, quote!(item));
                        quote!(for item in v { query.push(k, #p); })
                    }
                    ty => {
                        let p = param_ref(ty, TimestampFormat::DateTime, quote!(v));
                        quote!(query.push(k, #p);)
                    }
                };
                query.push(quote! {
                    if let ::std::option::Option::Some(map) = &input.#f {
                        for (k, v) in map {
                            if ![#(#explicit_keys),*].contains(&k.as_str()) {
                                #push
                            }
                        }
                    }
                });
            }
            Binding::Header(name) => {
                let fmt = m.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
                let value = match &m.ty {
                    RustType::List { item, .. } => {
                        let items = match &**item {
                            RustType::String => quote!(value),
                            RustType::Named {
                                kind: NamedKind::Enum,
                                ..
                            } => quote!(value.iter().map(|v| v.as_str())),
                            item => {
                                let p = param(item, fmt, quote!(v));
                                quote!(value.iter().map(|v| #p))
                            }
                        };
                        if **item == RustType::Timestamp && fmt == TimestampFormat::HttpDate {
                            // HTTP dates contain a comma each and are never quoted in a list.
                            quote!(&#items.collect::<::std::vec::Vec<_>>().join(", "))
                        } else {
                            quote!(&::smelt_runtime::rest::header_list(#items))
                        }
                    }
                    RustType::String if m.media_type => {
                        quote!(&::smelt_runtime::rest::base64_encode(value.as_bytes()))
                    }
                    ty => param_ref(ty, fmt, quote!(value)),
                };
                headers.push(quote! {
                    if let ::std::option::Option::Some(value) = &input.#f {
                        request.header(#name, #value);
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let lower_prefix = prefix.to_ascii_lowercase();
                let colliding: Vec<&String> = explicit_headers
                    .iter()
                    .filter(|h| h.starts_with(&lower_prefix))
                    .collect();
                let set = if colliding.is_empty() {
                    quote!(request.header(&format!("{}{}", #prefix, k), v);)
                } else {
                    quote! {
                        let name = format!("{}{}", #prefix, k);
                        if ![#(#colliding),*].contains(&name.to_ascii_lowercase().as_str()) {
                            request.header(&name, v);
                        }
                    }
                };
                headers.push(quote! {
                    if let ::std::option::Option::Some(map) = &input.#f {
                        for (k, v) in map {
                            #set
                        }
                    }
                });
            }
            Binding::Payload => {
                let octets = m
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                let text = m.content_type.as_deref().unwrap_or("text/plain");
                body = Some(match &m.ty {
                    // Unset, the stream is empty: the request still ends it properly.
                    RustType::EventStream { input: true, .. } => quote! {
                        request.event_stream_body(input.#f.take().unwrap_or_default());
                    },
                    RustType::ByteStream => {
                        let key = m.field.trim_start_matches("r#");
                        let requires_length = m.requires_length;
                        if m.optional {
                            quote! {
                                if let ::std::option::Option::Some(v) = input.#f.take() {
                                    request.stream_body(#key, #octets, v, #requires_length);
                                }
                            }
                        } else {
                            quote! {
                                let v = ::std::mem::take(&mut input.#f);
                                request.stream_body(#key, #octets, v, #requires_length);
                            }
                        }
                    }
                    RustType::Blob => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body(#octets, v.as_ref().to_vec());
                        }
                    },
                    RustType::String => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body(#text, v.as_bytes().to_vec());
                        }
                    },
                    RustType::Named {
                        kind: NamedKind::Enum,
                        ..
                    } => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body("text/plain", v.as_str().as_bytes().to_vec());
                        }
                    },
                    RustType::Named {
                        kind: NamedKind::Struct | NamedKind::Union,
                        name,
                    } if rest_xml => {
                        // The root element: the member's `@xmlName`, else the target's name.
                        let root = if m.xml.name != m.smithy_name {
                            m.xml.name.clone()
                        } else {
                            krate
                                .types
                                .iter()
                                .find(|t| &t.name == name)
                                .map_or_else(|| name.clone(), |t| t.xml_name.clone())
                        };
                        let ns = super::xml::namespace_tokens(&m.xml.namespace);
                        quote! {
                            if let ::std::option::Option::Some(v) = &input.#f {
                                let mut body = ::smelt_runtime::xml::XmlWriter::new();
                                ::smelt_runtime::xml::XmlSerialize::write_xml(v, &mut body, #root, #ns);
                                request.body("application/xml", body.finish());
                            }
                        }
                    }
                    RustType::Named {
                        kind: NamedKind::Struct,
                        ..
                    } => quote! {
                        // An unset structure payload is sent as an empty object.
                        let body = match &input.#f {
                            ::std::option::Option::Some(v) => ::smelt_runtime::json::to_vec(v),
                            ::std::option::Option::None => b"{}".to_vec(),
                        };
                        request.body("application/json", body);
                    },
                    _ => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body("application/json", ::smelt_runtime::json::to_vec(v));
                        }
                    },
                });
            }
            Binding::Body
            | Binding::Label
            | Binding::ResponseCode
            | Binding::EventHeader
            | Binding::EventPayload => {}
        }
    }
    if body.is_none() && s.members.iter().any(|m| m.binding == Binding::Body) {
        body = Some(if rest_xml {
            let root = &op.input.xml_name;
            let ns = super::xml::namespace_tokens(
                &op.input
                    .xml_namespace
                    .clone()
                    .or_else(|| krate.service.xml_namespace.clone()),
            );
            quote! {
                let mut body = ::smelt_runtime::xml::XmlWriter::new();
                ::smelt_runtime::xml::XmlSerialize::write_xml(input, &mut body, #root, #ns);
                request.body("application/xml", body.finish());
            }
        } else {
            quote!(request.body("application/json", ::smelt_runtime::json::to_vec(input));)
        });
    }
    let method = &http.method;
    let has_query = !query.is_empty() || !http.query.is_empty();
    let query_block = has_query.then(|| {
        quote! {
            let mut query = ::smelt_runtime::rest::QueryWriter::new(&uri);
            #(#literal_query)*
            #(#query)*
            let uri = query.finish();
        }
    });
    let host = host_prefix(op);
    let options = request_options(op);
    let mutable = if headers.is_empty()
        && body.is_none()
        && host.is_none()
        && !op.request_compression
        && !op.checksum_required
        && op.http_checksum.is_none()
        && op.endpoint_params.is_empty()
        && op.customizations.is_empty()
    {
        quote!()
    } else {
        quote!(mut)
    };
    // A host prefix reads the input only through its labels.
    let host_labels = op.host_prefix.as_ref().is_some_and(|segments| {
        segments
            .iter()
            .any(|s| matches!(s, crate::ir::HostSegment::Label(_)))
    });
    let uses_input = host_labels
        || op.customizations.endpoint_member.is_some()
        || op.endpoint_params.iter().any(|p| {
            matches!(
                p.value,
                EndpointParamValue::Member { .. } | EndpointParamValue::Path { .. }
            )
        })
        || check.is_some()
        || op
            .http_checksum
            .as_ref()
            .is_some_and(|c| c.request_algorithm.is_some() || c.validation_mode.is_some())
        || http
            .path
            .iter()
            .any(|p| matches!(p, PathSegment::Label { .. }))
        || !query.is_empty()
        || !headers.is_empty()
        || body.is_some();
    let input_arg = if uses_input {
        format_ident!("input")
    } else {
        format_ident!("_input")
    };
    let input_ty = if s.streaming() {
        quote!(&mut #input_name)
    } else {
        quote!(&#input_name)
    };
    quote! {
        /// Serializes the input into an HTTP request (path and query only; the endpoint is added later).
        pub(crate) fn serialize_request(#input_arg: #input_ty) -> ::std::result::Result<::smelt_runtime::http::HttpRequest, ::smelt_runtime::error::BuildError> {
            #check
            let mut uri = ::std::string::String::new();
            #(#path)*
            #query_block
            let #mutable request = ::smelt_runtime::protocol::RequestBuilder::new(#method, uri);
            #(#headers)*
            #body
            #host
            #options
            request.build()
        }
    }
}

pub(super) fn aws_json_request(krate: &Crate, op: &Operation) -> TokenStream {
    let input_name = format_ident!("{}", op.input.name);
    let (prefix, content_type) = match &krate.service.protocol {
        Protocol::AwsJson1_0 { target_prefix } => {
            (target_prefix.as_str(), "application/x-amz-json-1.0")
        }
        Protocol::AwsJson1_1 { target_prefix } => {
            (target_prefix.as_str(), "application/x-amz-json-1.1")
        }
        _ => ("", "application/json"),
    };
    let target = format!("{prefix}.{}", op.shape.name());
    let check = members(&op.input)
        .members
        .iter()
        .any(|m| m.required)
        .then(|| quote!(input.check_required()?;));
    // awsQueryCompatible services are told that the client expects query-style error codes.
    let query_mode = krate
        .service
        .query_compatible
        .then(|| quote!(request.header("x-amzn-query-mode", "true");));
    let host = host_prefix(op);
    let options = request_options(op);
    quote! {
        /// Serializes the input into an HTTP request (the endpoint is added later).
        pub(crate) fn serialize_request(input: &#input_name) -> ::std::result::Result<::smelt_runtime::http::HttpRequest, ::smelt_runtime::error::BuildError> {
            #check
            let mut request = ::smelt_runtime::protocol::RequestBuilder::new("POST", ::std::string::String::from("/"));
            request.header("X-Amz-Target", #target);
            #query_mode
            request.body(#content_type, ::smelt_runtime::json::to_vec(input));
            #host
            #options
            request.build()
        }
    }
}

/// rpcv2Cbor and rpcv2Json: `POST /service/{Service}/operation/{Operation}` with the
/// `smithy-protocol` header, and the input as the body unless the operation has no input
/// (`smithy.api#Unit`): then no body and no `Content-Type`.
pub(super) fn rpc_v2_request(krate: &Crate, op: &Operation) -> TokenStream {
    let input_name = format_ident!("{}", op.input.name);
    let (protocol, media_type, writer, service) = match &krate.service.protocol {
        Protocol::RpcV2Cbor { service } => (
            "rpc-v2-cbor",
            "application/cbor",
            quote!(to_cbor_vec),
            service.as_str(),
        ),
        Protocol::RpcV2Json { service } => (
            "rpc-v2-json",
            "application/json",
            quote!(to_vec_string_big_numbers),
            service.as_str(),
        ),
        _ => ("", "application/json", quote!(to_vec), ""),
    };
    let uri = format!("/service/{service}/operation/{}", op.shape.name());
    let check = members(&op.input)
        .members
        .iter()
        .any(|m| m.required)
        .then(|| quote!(input.check_required()?;));
    let body = if op.input.shape.as_str() == "smithy.api#Unit" {
        quote!(let _ = input;)
    } else {
        quote!(request.body(#media_type, ::smelt_runtime::json::#writer(input));)
    };
    // awsQueryCompatible services are told that the client expects query-style error codes.
    let query_mode = krate
        .service
        .query_compatible
        .then(|| quote!(request.header("x-amzn-query-mode", "true");));
    let host = host_prefix(op);
    let options = request_options(op);
    quote! {
        /// Serializes the input into an HTTP request (the endpoint is added later).
        pub(crate) fn serialize_request(input: &#input_name) -> ::std::result::Result<::smelt_runtime::http::HttpRequest, ::smelt_runtime::error::BuildError> {
            #check
            let mut request = ::smelt_runtime::protocol::RequestBuilder::new("POST", ::std::string::String::from(#uri));
            request.header("smithy-protocol", #protocol);
            request.header("Accept", #media_type);
            #query_mode
            #body
            #host
            #options
            request.build()
        }
    }
}

pub(super) fn query_request(krate: &Crate, op: &Operation) -> TokenStream {
    let input_name = format_ident!("{}", op.input.name);
    let (dialect, version) = match &krate.service.protocol {
        Protocol::Ec2Query { version } => (quote!(Ec2Query), version.as_str()),
        Protocol::AwsQuery { version } => (quote!(AwsQuery), version.as_str()),
        _ => (quote!(AwsQuery), ""),
    };
    let action = op.shape.name();
    let check = members(&op.input)
        .members
        .iter()
        .any(|m| m.required)
        .then(|| quote!(input.check_required()?;));
    let host = host_prefix(op);
    let options = request_options(op);
    quote! {
        /// Serializes the input into an HTTP request (the endpoint is added later).
        pub(crate) fn serialize_request(input: &#input_name) -> ::std::result::Result<::smelt_runtime::http::HttpRequest, ::smelt_runtime::error::BuildError> {
            #check
            let mut body = ::smelt_runtime::query::QueryWriter::new(::smelt_runtime::query::Dialect::#dialect, #action, #version);
            ::smelt_runtime::query::QuerySerialize::write_query(input, &mut body, "");
            let mut request = ::smelt_runtime::protocol::RequestBuilder::new("POST", ::std::string::String::from("/"));
            request.body("application/x-www-form-urlencoded", body.finish());
            #host
            #options
            request.build()
        }
    }
}

/// Statements asking the orchestrator for `@requestCompression` and `@httpChecksumRequired`,
/// endpoint parameters, and the service customizations of the operation.
pub(super) fn request_options(op: &Operation) -> TokenStream {
    let c = &op.customizations;
    let headers = c
        .headers
        .iter()
        .map(|(name, value)| quote!(request.default_header(#name, #value);));
    let tree_hash = c.tree_hash.then(|| quote!(request.tree_hash_checksums();));
    let endpoint_member = c.endpoint_member.as_ref().map(|field| {
        let f = ident(field);
        quote! {
            if let ::std::option::Option::Some(url) = &input.#f {
                request.endpoint_url(url);
            }
        }
    });
    let compression = op
        .request_compression
        .then(|| quote!(request.request_compression();));
    let checksum = op
        .checksum_required
        .then(|| quote!(request.checksum_required();));
    let endpoint = op.endpoint_params.iter().map(|p| {
        let name = &p.name;
        match &p.value {
            EndpointParamValue::String(v) => quote!(request.endpoint_param(#name, #v);),
            EndpointParamValue::Bool(v) => quote!(request.endpoint_param(#name, #v);),
            EndpointParamValue::Member { field, optional } => {
                let f = ident(field);
                if *optional {
                    quote! {
                        if let ::std::option::Option::Some(value) = &input.#f {
                            request.endpoint_param(#name, value.as_str());
                        }
                    }
                } else {
                    quote!(request.endpoint_param(#name, input.#f.as_str());)
                }
            }
            EndpointParamValue::Path { steps, array } => {
                let walk = path_walk(steps, quote!(input), 0);
                let set = if *array {
                    quote! {
                        if !values.is_empty() {
                            request.endpoint_param(#name, values);
                        }
                    }
                } else {
                    quote! {
                        if let ::std::option::Option::Some(value) = values.into_iter().next() {
                            request.endpoint_param(#name, value);
                        }
                    }
                };
                quote! {{
                    let mut values: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                    #walk
                    #set
                }}
            }
        }
    });
    let flexible = op.http_checksum.as_ref().map(http_checksum);
    quote!(#compression #checksum #flexible #(#endpoint)* #(#headers)* #tree_hash #endpoint_member)
}

/// `aws.protocols#httpChecksum`: the trait as a runtime `HttpChecksum` and the values of the
/// members it names.
fn http_checksum(c: &crate::ir::HttpChecksum) -> TokenStream {
    let header = |m: &Option<crate::ir::ChecksumMember>| match m
        .as_ref()
        .and_then(|m| m.header.as_deref())
    {
        Some(h) => quote!(::std::option::Option::Some(#h)),
        None => quote!(::std::option::Option::None),
    };
    let value = |m: &Option<crate::ir::ChecksumMember>| match m {
        None => quote!(::std::option::Option::None),
        Some(m) => {
            let f = ident(&m.field);
            if m.optional {
                quote!(input.#f.as_ref().map(|v| v.as_str()))
            } else {
                quote!(::std::option::Option::Some(input.#f.as_str()))
            }
        }
    };
    let required = c.request_checksum_required;
    let has_algorithm = c.request_algorithm.is_some();
    let algorithm_header = header(&c.request_algorithm);
    let mode_header = header(&c.validation_mode);
    let algorithms = &c.response_algorithms;
    let algorithm = value(&c.request_algorithm);
    let mode = value(&c.validation_mode);
    quote! {
        request.http_checksum(
            &::smelt_runtime::client::HttpChecksum {
                request_checksum_required: #required,
                request_algorithm_member: #has_algorithm,
                request_algorithm_header: #algorithm_header,
                validation_mode_header: #mode_header,
                response_algorithms: &[#(#algorithms),*],
            },
            #algorithm,
            #mode,
        );
    }
}

/// The loops that walk an `@operationContextParams` path from `value` and push each string
/// it selects to `values`.
fn path_walk(steps: &[PathStep], value: TokenStream, depth: usize) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote!(values.push(::std::string::String::clone(#value)););
    };
    if let PathStep::EnumText = step {
        return quote!(values.push(::std::string::String::from(#value.as_str())););
    }
    let v = format_ident!("v{}", depth);
    let inner = path_walk(rest, quote!(#v), depth + 1);
    match step {
        PathStep::Field { field, optional } => {
            let f = ident(field);
            if *optional {
                quote!(if let ::std::option::Option::Some(#v) = &#value.#f { #inner })
            } else {
                quote!({ let #v = &#value.#f; #inner })
            }
        }
        PathStep::Items { sparse: false } => quote!(for #v in #value.iter() { #inner }),
        PathStep::Items { sparse: true } => quote!(for #v in #value.iter().flatten() { #inner }),
        PathStep::Values { sparse: false } => quote!(for #v in #value.values() { #inner }),
        PathStep::Values { sparse: true } => {
            quote!(for #v in #value.values().flatten() { #inner })
        }
        PathStep::Keys => quote!(for #v in #value.keys() { #inner }),
        PathStep::EnumText => quote!(),
    }
}

/// The statement that applies the `@endpoint` host prefix, if the operation has one.
pub(super) fn host_prefix(op: &Operation) -> Option<TokenStream> {
    let segments = op.host_prefix.as_ref()?;
    let mut format = String::new();
    let mut args = Vec::new();
    let mut labels = Vec::new();
    for seg in segments {
        match seg {
            crate::ir::HostSegment::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            crate::ir::HostSegment::Label(field) => {
                format.push_str("{}");
                let f = ident(field);
                let key = field.trim_start_matches("r#");
                args.push(quote!(input.#f.as_deref().unwrap_or_default()));
                labels.push(quote!((#key, input.#f.as_deref().unwrap_or_default())));
            }
        }
    }
    if args.is_empty() {
        let literal: String = segments
            .iter()
            .map(|seg| match seg {
                crate::ir::HostSegment::Literal(text) => text.as_str(),
                crate::ir::HostSegment::Label(_) => "",
            })
            .collect();
        return Some(quote! {
            request.host_prefix(::std::string::String::from(#literal), &[]);
        });
    }
    Some(quote! {
        request.host_prefix(format!(#format, #(#args),*), &[#(#labels),*]);
    })
}
