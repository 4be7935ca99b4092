//! One module per operation: input and output types with builders, the error enum and the
//! fluent builder. The request serializer comes from [`super::request`] and the response parser
//! from [`super::response`]; this file only puts the operation's pieces together.

use super::request::{aws_json_request, query_request, rest_request, rpc_v2_request};
use super::response::{
    query_response_parser, response_parser, response_parser_body, streaming_response_parser,
};
use super::types::{type_items, BuilderKind};
use super::{ident, json, members, rust_type};
use crate::ir::{Binding, Crate, Operation, OperationAuth, Protocol, RustType};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
    // The reader of a body-only structure: the JSON codec, in its CBOR mode for rpcv2Cbor.
    let body_reader = if krate.service.protocol.is_cbor() {
        quote!(cbor_body)
    } else {
        quote!(json_body)
    };
    let error = error_enum(op, krate.service.query_compatible, xml, &body_reader);
    let fluent = fluent_builder(op, xml, &body_reader);
    let waiters = super::waiter::operation_waiters(op);
    let serialize = match &op.http {
        Some(http) => rest_request(krate, op, http, rest_xml),
        None if query => query_request(krate, op),
        None if krate.service.protocol.is_rpc_v2() => rpc_v2_request(krate, op),
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
        #waiters
    }
}

fn error_enum(
    op: &Operation,
    query_compatible: bool,
    xml: bool,
    body_reader: &TokenStream,
) -> TokenStream {
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
            body_reader.clone()
        };
        quote!(::std::option::Option::Some(#code) => ::smelt_runtime::protocol::#parse(r).map(Self::#v),)
    });
    // A modeled error whose body does not parse keeps its code and message as `Unhandled`,
    // with the parse failure as its source.
    // An unmatched code: `unmatched()` lets the orchestrator try the response's next candidate
    // code (see `smelt_runtime::client::parse_error_response`), else keeps it as `Unhandled`.
    let unhandled_meta = |meta: TokenStream| {
        if query_compatible {
            quote!(::smelt_runtime::protocol::with_query_error_code(#meta, r))
        } else {
            meta
        }
    };
    let parse_body = if op.errors.is_empty() {
        let meta = unhandled_meta(quote!(meta.unmatched()?));
        quote!(::std::result::Result::Ok(Self::Unhandled(
            ::smelt_runtime::error::Unhandled::new(#meta)
        )))
    } else {
        let meta = unhandled_meta(quote!(meta.unmatched()?));
        quote! {
            let parsed = match meta.code() {
                #(#parses)*
                _ => return ::std::result::Result::Ok(Self::Unhandled(::smelt_runtime::error::Unhandled::new(#meta))),
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

fn fluent_builder(op: &Operation, xml: bool, body_reader: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", crate::naming::fluent_builder(&op.name));
    let input = format_ident!("{}", op.input.name);
    let output = format_ident!("{}", op.output.name);
    let error = format_ident!("{}", crate::naming::operation_error(&op.name));
    let builder = format_ident!("{}", crate::naming::builder_name(&op.input.name));
    let method = op.client_method.trim_start_matches("r#");
    let docs = super::doc(&format!(
        "The builder [`Client::{method}`](crate::Client::{method}) returns: set the input, then call `send`."
    ));
    let empty_fields = super::empty_builder_fields(members(&op.input));
    let tokens = members(&op.input)
        .members
        .iter()
        .filter(|m| m.idempotency_token)
        .map(|m| {
            let f = ident(&m.field);
            quote! {
                if input.#f.is_none() {
                    input.#f = ::std::option::Option::Some(handle.idempotency_token());
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
            body_reader.clone()
        } else {
            quote!(from_response)
        };
        quote!(invoke(&OPERATION, serialize_request(#input_ref), ::smelt_runtime::protocol::#parse_output, ::smelt_runtime::protocol::FromErrorResponse::from_error_response))
    };
    // Only operations that are not always signed name their authentication.
    let auth = match op.auth {
        OperationAuth::Signed => quote!(),
        OperationAuth::Optional => {
            quote!(.with_auth(::smelt_runtime::client::OperationAuth::Optional))
        }
        OperationAuth::None => quote!(.with_auth(::smelt_runtime::client::OperationAuth::None)),
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
    // The same decision as the one that emits `validate()` (see `Struct::validation`).
    let has_checks = !members(&op.input).validation().checks.is_empty();
    let validate = has_checks.then(|| {
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
                let mut text = format!(
                    "Yields each item of `{}`, across every page.",
                    path.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(".")
                );
                if p.items_sparse {
                    text.push_str(" The list is sparse: its null entries are skipped (`into_paginator()` keeps them).");
                }
                let d = super::doc(&text);
                let mut take = if p.items_optional { quote!(page.#(#path).*.unwrap_or_default()) } else { quote!(page.#(#path).*) };
                if p.items_sparse {
                    // A null entry of a sparse list carries no item: skipped.
                    take = quote!(#take.into_iter().flatten().collect());
                }
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
                Self { client_: handle, #empty_fields }
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
            handle #auth .#invoke.await
        }
    }
}
