//! One module per operation: input and output types with builders, the error enum, the fluent
//! builder, and the request serializer / response parser for the service's protocol.

use super::types::{type_items, BuilderKind};
use super::{ident, json, rust_type, timestamp_format};
use crate::ir::{
    Binding, Crate, HttpTrait, NamedKind, Operation, PathSegment, Protocol, RustType, Struct,
    TimestampFormat, TypeDef, TypeKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn members(def: &TypeDef) -> &Struct {
    match &def.kind {
        TypeKind::Struct(s) => s,
        _ => unreachable!("operation inputs and outputs are structures"),
    }
}

/// The whole `src/operation/<op>.rs` file.
pub fn operation(krate: &Crate, op: &Operation) -> TokenStream {
    let module_doc = super::inner_doc(&format!("The `{}` operation.", op.name));
    let input_name = format_ident!("{}", op.input.name);
    let output_name = format_ident!("{}", op.output.name);
    let (input_ty, input_builder) = type_items(
        &op.input,
        quote!(),
        quote!(#input_name),
        BuilderKind::Fluent,
    );
    let (output_ty, output_builder) = type_items(
        &op.output,
        quote!(),
        quote!(#output_name),
        BuilderKind::None,
    );
    let query = krate.service.protocol.is_query();
    let rest_xml = matches!(krate.service.protocol, Protocol::RestXml { .. });
    let xml = query || rest_xml;
    let has_body_members = members(&op.input)
        .members
        .iter()
        .any(|m| m.binding == Binding::Body);
    let input_codec = if query || (rest_xml && has_body_members) {
        super::xml::codec(&op.input, rest_xml)
    } else if rest_xml {
        quote!()
    } else if op.http.is_none() || has_body_members {
        json::codec(&op.input)
    } else {
        quote!()
    };
    // A streaming output is its payload and headers: no document to read.
    let output_codec = if members(&op.output).streaming() && !query {
        quote!()
    } else if xml {
        super::xml::codec(&op.output, rest_xml)
    } else {
        json::codec(&op.output)
    };
    let error = error_enum(op, krate.service.query_compatible, xml);
    let fluent = fluent_builder(op, xml);
    let serialize = match &op.http {
        Some(http) => rest_request(krate, op, http, rest_xml),
        None if query => query_request(krate, op),
        None => aws_json_request(krate, op),
    };

    let parse = if query {
        query_response_parser(krate, op, &output_name)
    } else if members(&op.output).streaming() {
        streaming_response_parser(&op.output, &output_name)
    } else if members(&op.output).body_only() && !rest_xml {
        quote!()
    } else if rest_xml && op.unwrapped_xml_output {
        let body = response_parser_body(&op.output, &output_name, false, true, true);
        quote! {
            impl ::smelt_runtime::protocol::FromResponse for #output_name {
                #body
            }
        }
    } else {
        response_parser(&op.output, &output_name, rest_xml)
    };
    let retryable = op.errors.iter().filter(|e| e.retryable).map(|e| {
        let code = &e.code;
        let throttling = e.throttling;
        quote!((#code, #throttling))
    });
    let name = &op.name;
    quote! {
        #module_doc
        #input_ty
        #input_builder
        #input_codec
        #output_ty
        #output_builder
        #output_codec
        #error
        #fluent

        static OPERATION: ::smelt_runtime::client::OperationInfo = ::smelt_runtime::client::OperationInfo {
            name: #name,
            retryable_errors: &[#(#retryable),*],
        };

        #serialize
        #parse
    }
}

fn error_enum(op: &Operation, query_compatible: bool, xml: bool) -> TokenStream {
    let name = format_ident!("{}", crate::naming::operation_error(&op.name));
    let docs = super::doc(&format!("Errors the `{}` operation can return.", op.name));
    let variants = op.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let t = format_ident!("{}", e.type_name);
        let d = super::doc(&format!("The service returned `{}`.", e.code));
        quote!(#d #v(crate::types::#t),)
    });
    let is_fns = op.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let f = format_ident!("{}", crate::naming::prefixed_method("is", &e.variant));
        let d = super::doc(&format!("Whether this is a `{}`.", e.code));
        quote! {
            #d
            pub fn #f(&self) -> bool {
                matches!(self, Self::#v(_))
            }
        }
    });
    let codes = op.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let code = e.query_code.as_ref().unwrap_or(&e.code);
        quote!(Self::#v(_) => ::std::option::Option::Some(#code),)
    });
    let as_error = op.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        quote!(Self::#v(e) => e,)
    });
    let parses = op.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let code = &e.code;
        let parse = if e.has_bindings {
            quote!(from_response)
        } else if xml {
            quote!(xml_error)
        } else {
            quote!(json_body)
        };
        quote!(::std::option::Option::Some(#code) => ::smelt_runtime::protocol::#parse(r).map(Self::#v),)
    });
    // A modeled error whose body does not parse keeps its code and message as `Unhandled`,
    // with the parse failure as its source.
    let unhandled_meta = if query_compatible {
        quote!(::smelt_runtime::protocol::with_query_error_code(meta, r))
    } else {
        quote!(meta)
    };
    let parse_body = if op.errors.is_empty() {
        quote!(::std::result::Result::Ok(Self::Unhandled(
            ::smelt_runtime::error::Unhandled::new(#unhandled_meta)
        )))
    } else {
        quote! {
            let parsed = match meta.code() {
                #(#parses)*
                _ => return ::std::result::Result::Ok(Self::Unhandled(::smelt_runtime::error::Unhandled::new(#unhandled_meta))),
            };
            ::std::result::Result::Ok(parsed.unwrap_or_else(|e| Self::Unhandled(::smelt_runtime::error::Unhandled::new(meta).with_source(e))))
        }
    };
    let response_arg = if op.errors.is_empty() && !query_compatible {
        format_ident!("_r")
    } else {
        format_ident!("r")
    };
    quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe; keeps its code, message, status and request ID.
            Unhandled(::smelt_runtime::error::Unhandled),
        }

        impl #name {
            #(#is_fns)*

            /// The error code, when the service sent one.
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#codes)*
                    Self::Unhandled(e) => e.code(),
                }
            }

            fn as_error(&self) -> &(dyn ::std::error::Error + 'static) {
                match self {
                    #(#as_error)*
                    Self::Unhandled(e) => e,
                }
            }
        }

        impl ::smelt_runtime::protocol::FromErrorResponse for #name {
            fn from_error_response(meta: ::smelt_runtime::error::ErrorMetadata, #response_arg: &::smelt_runtime::http::HttpResponse) -> ::std::result::Result<Self, ::smelt_runtime::json::DeserializeError> {
                #parse_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.as_error(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.as_error().source()
            }
        }
    }
}

fn fluent_builder(op: &Operation, xml: bool) -> TokenStream {
    let name = format_ident!("{}", crate::naming::fluent_builder(&op.name));
    let input = format_ident!("{}", op.input.name);
    let output = format_ident!("{}", op.output.name);
    let error = format_ident!("{}", crate::naming::operation_error(&op.name));
    let builder = format_ident!("{}", crate::naming::builder_name(&op.input.name));
    let method = op.module.trim_start_matches("r#");
    let docs = super::doc(&format!(
        "The builder [`Client::{method}`](crate::Client::{method}) returns: set the input, then call `send`."
    ));
    let empty_fields = members(&op.input).members.iter().map(|m| {
        let f = ident(&m.field);
        quote!(#f: ::std::option::Option::None,)
    });
    let tokens = members(&op.input).members.iter().filter(|m| m.idempotency_token).map(|m| {
        let f = ident(&m.field);
        quote! {
            if input.#f.is_none() {
                input.#f = ::std::option::Option::Some(::smelt_runtime::client::idempotency_token());
            }
        }
    });
    let streaming_input = members(&op.input).streaming();
    // A streaming payload is moved out of the input into the request.
    let input_ref = if streaming_input {
        quote!(&mut input)
    } else {
        quote!(&input)
    };
    let invoke = if members(&op.output).streaming() {
        quote!(invoke_streaming(&OPERATION, serialize_request(#input_ref), parse_response, ::smelt_runtime::protocol::FromErrorResponse::from_error_response))
    } else {
        let parse_output = if members(&op.output).body_only() && !xml {
            quote!(json_body)
        } else {
            quote!(from_response)
        };
        quote!(invoke(&OPERATION, serialize_request(#input_ref), ::smelt_runtime::protocol::#parse_output, ::smelt_runtime::protocol::FromErrorResponse::from_error_response))
    };
    let mutable = if streaming_input
        || members(&op.input)
            .members
            .iter()
            .any(|m| m.idempotency_token)
    {
        quote!(mut)
    } else {
        quote!()
    };
    let has_constraints = members(&op.input)
        .members
        .iter()
        .any(|m| m.constraints != Default::default());
    let validate = has_constraints.then(|| {
        quote! {
            if handle.config().validate_constraints() {
                input.validate().map_err(::smelt_runtime::error::SdkError::construction_failure)?;
            }
        }
    });
    // Paging re-sends the input, which a byte stream cannot be; streamed pages are not paged.
    let pageable = !streaming_input && !members(&op.output).streaming();
    let paginator = op.pagination.as_ref().filter(|_| pageable).map(|p| {
        let input_token = ident(&p.input_token);
        let output_token: Vec<_> = p.output_token.iter().map(|f| ident(f)).collect();
        let token_ty = rust_type(&p.token_type);
        let token = if p.output_token_optional {
            quote!(output.#(#output_token).*.clone())
        } else {
            quote!(::std::option::Option::Some(output.#(#output_token).*.clone()))
        };
        // An empty string token means "no more pages" too.
        let get_token = if p.token_type == RustType::String {
            quote!(#token.filter(|t| !t.is_empty()))
        } else {
            token
        };
        let page_doc = super::doc(&format!("Pages through every result, following `{}`.", p.output_token.join(".")));
        let items = match (&p.items, &p.item_type) {
            (Some(path), Some(ty)) => {
                let path: Vec<_> = path.iter().map(|f| ident(f)).collect();
                let ty = rust_type(ty);
                let d = super::doc(&format!(
                    "Yields each item of `{}`, across every page.",
                    path.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(".")
                ));
                let take = if p.items_optional { quote!(page.#(#path).*.unwrap_or_default()) } else { quote!(page.#(#path).*) };
                Some(quote! {
                    #d
                    pub fn into_items(self) -> ::smelt_runtime::paginate::Items<#input, #output, #error, #ty, #token_ty> {
                        self.into_paginator().items(|page: #output| #take)
                    }
                })
            }
            _ => None,
        };
        quote! {
            #page_doc
            pub fn into_paginator(self) -> ::smelt_runtime::paginate::Paginator<#input, #output, #error, #token_ty> {
                let handle = self.client_.clone();
                ::smelt_runtime::paginate::Paginator::new(
                    handle,
                    self,
                    |b: Self| b.build(),
                    |handle, input| ::std::boxed::Box::pin(send(handle, input)),
                    |input: &mut #input, token| input.#input_token = token,
                    |output: &#output| #get_token,
                )
            }
            #items
        }
    });
    quote! {
        #docs
        pub type #name = #builder<::smelt_runtime::client::Handle>;

        impl #name {
            pub(crate) fn new(handle: ::smelt_runtime::client::Handle) -> Self {
                Self { client_: handle, #(#empty_fields)* }
            }

            /// Builds the input and sends the request; required members are checked before any I/O.
            pub async fn send(self) -> ::std::result::Result<#output, ::smelt_runtime::error::SdkError<#error>> {
                let handle = self.client_.clone();
                let input = self.build().map_err(::smelt_runtime::error::SdkError::construction_failure)?;
                send(handle, input).await
            }

            #paginator
        }

        /// Sends a built input (shared by `send` and the paginator).
        async fn send(handle: ::smelt_runtime::client::Handle, #mutable input: #input) -> ::std::result::Result<#output, ::smelt_runtime::error::SdkError<#error>> {
            #(#tokens)*
            #validate
            handle.#invoke.await
        }
    }
}

/// Like [`param`], but an expression of type `&str` (borrowing where the value is already text).
fn param_ref(ty: &RustType, fmt: TimestampFormat, v: TokenStream) -> TokenStream {
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
fn param(ty: &RustType, fmt: TimestampFormat, v: TokenStream) -> TokenStream {
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

fn rest_request(krate: &Crate, op: &Operation, http: &HttpTrait, rest_xml: bool) -> TokenStream {
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
            let value = if m.ty == RustType::String {
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
                headers.push(quote! {
                    if let ::std::option::Option::Some(map) = &input.#f {
                        for (k, v) in map {
                            request.header(&format!("{}{}", #prefix, k), v);
                        }
                    }
                });
            }
            Binding::Payload => {
                body = Some(match &m.ty {
                    RustType::ByteStream => {
                        let key = m.field.trim_start_matches("r#");
                        let requires_length = m.requires_length;
                        if m.optional {
                            quote! {
                                if let ::std::option::Option::Some(v) = input.#f.take() {
                                    request.stream_body(#key, "application/octet-stream", v, #requires_length);
                                }
                            }
                        } else {
                            quote! {
                                let v = ::std::mem::take(&mut input.#f);
                                request.stream_body(#key, "application/octet-stream", v, #requires_length);
                            }
                        }
                    }
                    RustType::Blob => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body("application/octet-stream", v.as_ref().to_vec());
                        }
                    },
                    RustType::String => quote! {
                        if let ::std::option::Option::Some(v) = &input.#f {
                            request.body("text/plain", v.as_bytes().to_vec());
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
        || check.is_some()
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

fn aws_json_request(krate: &Crate, op: &Operation) -> TokenStream {
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

fn query_request(krate: &Crate, op: &Operation) -> TokenStream {
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

/// `impl FromResponse` for a query protocol's output: the `{Op}Result` element of the
/// `{Op}Response` document (awsQuery), or the `{Op}Response` element itself (ec2Query).
fn query_response_parser(krate: &Crate, op: &Operation, name: &syn::Ident) -> TokenStream {
    let read = match &krate.service.protocol {
        Protocol::Ec2Query { .. } => {
            quote!(::smelt_runtime::xml::ec2_result(
                response.body(),
                ::smelt_runtime::xml::read
            ))
        }
        _ => {
            let result = format!("{}Result", op.shape.name());
            quote!(::smelt_runtime::xml::query_result(response.body(), #result, ::smelt_runtime::xml::read))
        }
    };
    quote! {
        impl ::smelt_runtime::protocol::FromResponse for #name {
            fn from_response(response: &::smelt_runtime::http::HttpResponse) -> ::std::result::Result<Self, ::smelt_runtime::json::DeserializeError> {
                #read
            }
        }
    }
}

/// An expression turning `s: &str` (a header value, or one item of a header list) into the
/// member's value type, as `Result<T, DeserializeError>`.
fn header_item(ty: &RustType, fmt: TimestampFormat, media_type: bool, name: &str) -> TokenStream {
    match ty {
        RustType::String if media_type => {
            quote!(::smelt_runtime::protocol::parse_base64_string(#name, s))
        }
        RustType::String => quote!(::std::result::Result::Ok(s.to_owned())),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => {
            let t = rust_type(ty);
            quote!(::std::result::Result::Ok(#t::from(s)))
        }
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => {
            let t = rust_type(ty);
            quote!(::smelt_runtime::protocol::parse::<i32>(#name, s).map(#t::from))
        }
        RustType::Timestamp => {
            let fmt = timestamp_format(fmt);
            quote!(::smelt_runtime::protocol::parse_timestamp(#name, s, #fmt))
        }
        RustType::Blob => quote!(::smelt_runtime::protocol::parse_base64(#name, s)),
        _ => quote!(::smelt_runtime::protocol::parse(#name, s)),
    }
}

/// `impl FromResponse`: body members from the JSON document, then headers, status code and
/// payload.
pub fn response_parser(def: &TypeDef, name: &syn::Ident, xml: bool) -> TokenStream {
    let body = response_parser_body(def, name, false, xml, false);
    quote! {
        impl ::smelt_runtime::protocol::FromResponse for #name {
            #body
        }
    }
}

/// `parse_response` for an output with a byte stream: headers and status code from the head,
/// and the body, unread, as the stream.
fn streaming_response_parser(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = response_parser_body(def, name, true, false, false);
    quote! {
        /// Reads the head of a successful response; the body becomes the output's byte stream.
        #body
    }
}

/// The parse function: `from_response` over a response in memory, or, for `streaming`,
/// `parse_response` over a response whose body is still arriving. With `unwrapped`, the XML
/// document's root element is the one body member (`@s3UnwrappedXmlOutput`).
fn response_parser_body(
    def: &TypeDef,
    name: &syn::Ident,
    streaming: bool,
    xml: bool,
    unwrapped: bool,
) -> TokenStream {
    let s = members(def);
    let lenient = s.error.is_some();
    let has_body = s.members.iter().any(|m| m.binding == Binding::Body);
    let mut assigns = Vec::new();
    let mut inits = Vec::new();
    for m in &s.members {
        let f = ident(&m.field);
        let value = match &m.binding {
            Binding::Header(h) => {
                let fmt = m.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
                match &m.ty {
                    RustType::List { item, .. } => {
                        let item_expr = header_item(item, fmt, false, h);
                        let dates =
                            **item == RustType::Timestamp && fmt == TimestampFormat::HttpDate;
                        quote!(::smelt_runtime::protocol::header(response, #h)?.map(|v| ::smelt_runtime::protocol::parse_list(#h, v, #dates, |s| #item_expr)).transpose()?)
                    }
                    ty if lenient => {
                        // Errors are identified by their code; a header the model did not
                        // foresee (an HTTP date in `Retry-After`) must not hide the error.
                        let item_expr = header_item(ty, fmt, m.media_type, h);
                        quote!(::smelt_runtime::protocol::header(response, #h).ok().flatten().and_then(|s| ::smelt_runtime::json::Result::<_>::ok(#item_expr)))
                    }
                    ty => {
                        let item_expr = header_item(ty, fmt, m.media_type, h);
                        quote!(::smelt_runtime::protocol::header(response, #h)?.map(|s| #item_expr).transpose()?)
                    }
                }
            }
            Binding::PrefixHeaders(p) => {
                quote!(::smelt_runtime::protocol::prefix_headers(response, #p)?)
            }
            Binding::ResponseCode if !m.optional => {
                let code = quote!(i32::from(response.status().as_u16()));
                inits.push(quote!(#f: #code,));
                assigns.push(quote!(out.#f = #code;));
                continue;
            }
            Binding::ResponseCode => quote!(::std::option::Option::Some(i32::from(
                response.status().as_u16()
            ))),
            // The stream is the payload (REST) or the whole body (RPC protocols).
            Binding::Payload | Binding::Body if m.ty.is_stream() => {
                let body = quote!(::smelt_runtime::protocol::payload_stream(response));
                let stream = if m.ty == RustType::ByteStream {
                    body
                } else {
                    quote!(::smelt_runtime::eventstream::EventReceiver::new(#body))
                };
                let value = if m.optional {
                    quote!(::std::option::Option::Some(#stream))
                } else {
                    stream
                };
                inits.push(quote!(#f: #value,));
                assigns.push(quote!(out.#f = #value;));
                continue;
            }
            Binding::Payload => match &m.ty {
                RustType::Blob => quote!(::smelt_runtime::protocol::payload_blob(response)),
                RustType::String => quote!(::smelt_runtime::protocol::payload_string(response)?),
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => {
                    let t = rust_type(&m.ty);
                    quote!(::smelt_runtime::protocol::payload_string(response)?.map(|s| #t::from(s.as_str())))
                }
                _ if xml => quote!(::smelt_runtime::protocol::payload_xml(response)?),
                _ => quote!(::smelt_runtime::protocol::payload_json(response)?),
            },
            Binding::Body
            | Binding::Label
            | Binding::Query(_)
            | Binding::QueryParams
            | Binding::EventHeader
            | Binding::EventPayload => continue,
        };
        if m.optional {
            let value = if m.boxed {
                quote!(#value.map(::std::boxed::Box::new))
            } else {
                value
            };
            inits.push(quote!(#f: #value,));
            assigns.push(quote!(out.#f = #value;));
        } else {
            let init = if m.boxed {
                quote!(::std::boxed::Box::new(#value.unwrap_or_default()))
            } else {
                quote!(#value.unwrap_or_default())
            };
            inits.push(quote!(#f: #init,));
            let v = if m.boxed {
                quote!(::std::boxed::Box::new(v))
            } else {
                quote!(v)
            };
            assigns.push(quote! {
                if let ::std::option::Option::Some(v) = #value {
                    out.#f = #v;
                }
            });
        }
    }
    let mutable = if assigns.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let response_arg = if assigns.is_empty() && !has_body {
        format_ident!("_response")
    } else {
        format_ident!("response")
    };
    if streaming {
        // No body members: the body is the stream.
        let rest =
            (inits.len() < s.members.len()).then(|| quote!(..::std::default::Default::default()));
        return quote! {
            fn parse_response(response: &mut ::smelt_runtime::http::StreamingResponse) -> ::std::result::Result<#name, ::smelt_runtime::json::DeserializeError> {
                ::std::result::Result::Ok(#name { #(#inits)* #rest })
            }
        };
    }
    if !has_body && !inits.is_empty() {
        let rest =
            (inits.len() < s.members.len()).then(|| quote!(..::std::default::Default::default()));
        return quote! {
            fn from_response(response: &::smelt_runtime::http::HttpResponse) -> ::std::result::Result<Self, ::smelt_runtime::json::DeserializeError> {
                ::std::result::Result::Ok(#name { #(#inits)* #rest })
            }
        };
    }
    let init = if has_body && xml && unwrapped {
        let reader = super::xml::unwrapped_reader(def);
        quote!(let #mutable out: #name = ::smelt_runtime::xml::document(response.body(), #reader)?;)
    } else if has_body && xml && lenient {
        quote!(let #mutable out: #name = ::smelt_runtime::xml::error_element(response.body(), ::smelt_runtime::xml::read)?;)
    } else if has_body && xml {
        quote!(let #mutable out: #name = ::smelt_runtime::xml::document(response.body(), ::smelt_runtime::xml::read)?;)
    } else if has_body {
        quote!(let #mutable out: #name = ::smelt_runtime::json::from_slice(response.body())?;)
    } else {
        quote!(let #mutable out = #name::default();)
    };
    quote! {
        fn from_response(#response_arg: &::smelt_runtime::http::HttpResponse) -> ::std::result::Result<Self, ::smelt_runtime::json::DeserializeError> {
            #init
            #(#assigns)*
            ::std::result::Result::Ok(out)
        }
    }
}

/// Statements asking the orchestrator for `@requestCompression` and `@httpChecksumRequired`.
fn request_options(op: &Operation) -> TokenStream {
    let compression = op
        .request_compression
        .then(|| quote!(request.request_compression();));
    let checksum = op
        .checksum_required
        .then(|| quote!(request.checksum_required();));
    quote!(#compression #checksum)
}

/// The statement that applies the `@endpoint` host prefix, if the operation has one.
fn host_prefix(op: &Operation) -> Option<TokenStream> {
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
