//! Response parsers: `impl FromResponse` for operation outputs and for errors with members bound
//! outside the body (headers, status code), for every protocol. Shared by the operation and type
//! emitters, so it uses neither.
//!
//! Must not: decide names or read the model.

use super::{ident, members, rust_type, timestamp_format};
use crate::ir::{
    Binding, Crate, NamedKind, Operation, Protocol, RustType, TimestampFormat, TypeDef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `impl FromResponse` for a query protocol's output: the `{Op}Result` element of the
/// `{Op}Response` document (awsQuery), or the `{Op}Response` element itself (ec2Query).
pub(super) fn query_response_parser(
    krate: &Crate,
    op: &Operation,
    name: &syn::Ident,
) -> TokenStream {
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
pub(super) fn header_item(
    ty: &RustType,
    fmt: TimestampFormat,
    media_type: bool,
    name: &str,
) -> TokenStream {
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
pub(super) fn streaming_response_parser(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = response_parser_body(def, name, true, false, false);
    quote! {
        /// Reads the head of a successful response; the body becomes the output's byte stream.
        #body
    }
}

/// The parse function: `from_response` over a response in memory, or, for `streaming`,
/// `parse_response` over a response whose body is still arriving. With `unwrapped`, the XML
/// document's root element is the one body member (`@s3UnwrappedXmlOutput`).
pub(super) fn response_parser_body(
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
