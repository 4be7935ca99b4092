//! `EventUnion` impls for event-stream unions received: which member an event names, and how
//! that member's structure is read from the message (`@eventHeader` members from headers, an
//! `@eventPayload` member from the payload, the other members from the payload's JSON
//! document); `IntoEventMessage` impls for those sent, the same mapping the other way.
//!
//! Must not: frame or decode messages (the runtime's event-stream module does) nor
//! look at anything but the IR.

use super::{ident, rust_type};
use crate::ir::{Binding, Crate, Member, NamedKind, RustType, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `impl EventUnion` for the `@streaming` union `def`.
pub fn event_union(krate: &Crate, def: &TypeDef) -> TokenStream {
    let TypeKind::Union(variants) = &def.kind else {
        return quote!();
    };
    let name = format_ident!("{}", def.name);
    // Event payloads are documents of the service's protocol.
    let document = if krate.service.protocol.is_xml() {
        quote!(::smelt_runtime::eventstream::xml_payload)
    } else {
        quote!(::smelt_runtime::eventstream::json_payload)
    };
    let arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let kind = &v.smithy_name;
            let variant = format_ident!("{}", v.name);
            let Some(ty) = &v.ty else {
                return quote!(#kind => ::std::option::Option::Some(Self::#variant),);
            };
            let members = match ty {
                RustType::Named {
                    name,
                    kind: NamedKind::Struct,
                } => krate
                    .types
                    .iter()
                    .find(|t| &t.name == name)
                    .and_then(|t| match &t.kind {
                        TypeKind::Struct(s) => Some(s.members.as_slice()),
                        _ => None,
                    })
                    .unwrap_or_default(),
                _ => &[],
            };
            let value = from_message(ty, members, &document);
            let value = if v.boxed {
                quote!(::std::boxed::Box::new(#value))
            } else {
                value
            };
            quote!(#kind => ::std::option::Option::Some(Self::#variant(#value)),)
        })
        .collect();
    let message = if variants.iter().all(|v| v.ty.is_none()) {
        format_ident!("_message")
    } else {
        format_ident!("message")
    };
    quote! {
        impl ::smelt_runtime::eventstream::EventUnion for #name {
            fn from_message(kind: &str, #message: &::smelt_runtime::eventstream::Message) -> ::std::result::Result<::std::option::Option<Self>, ::smelt_runtime::json::DeserializeError> {
                ::std::result::Result::Ok(match kind {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                })
            }

            fn unknown() -> Self {
                Self::Unknown
            }
        }
    }
}

/// An expression of type `ty` (an event structure with `members`) read from `message`.
fn from_message(ty: &RustType, members: &[Member], document: &TokenStream) -> TokenStream {
    let bound = |m: &&Member| matches!(m.binding, Binding::EventHeader | Binding::EventPayload);
    if !members.iter().any(|m| bound(&m)) {
        return quote!(#document(message)?);
    }
    let path = rust_type(ty);
    let fields = members.iter().filter(bound).map(|m| {
        let f = ident(&m.field);
        // `value` is an `Option` of the member's value type.
        let value = if m.binding == Binding::EventPayload {
            let value = match &m.ty {
                RustType::Blob => quote!(::smelt_runtime::eventstream::payload_blob(message)),
                RustType::String => quote!(::smelt_runtime::eventstream::payload_string(message)?),
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => {
                    let t = rust_type(&m.ty);
                    quote!(#t::from(::smelt_runtime::eventstream::payload_string(message)?.as_str()))
                }
                _ => quote!(#document(message)?),
            };
            quote!(::std::option::Option::Some(#value))
        } else {
            let name = &m.smithy_name;
            match &m.ty {
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => {
                    let t = rust_type(&m.ty);
                    quote!(::smelt_runtime::eventstream::header::<::std::string::String>(message, #name)?.map(|h| #t::from(h.as_str())))
                }
                RustType::Named {
                    kind: NamedKind::IntEnum,
                    ..
                } => {
                    let t = rust_type(&m.ty);
                    quote!(::smelt_runtime::eventstream::header::<i32>(message, #name)?.map(#t::from))
                }
                ty => {
                    let t = rust_type(ty);
                    quote!(::smelt_runtime::eventstream::header::<#t>(message, #name)?)
                }
            }
        };
        let value = if m.boxed {
            quote!(#value.map(::std::boxed::Box::new))
        } else {
            value
        };
        let value = if m.optional {
            value
        } else {
            quote!(#value.unwrap_or_default())
        };
        quote!(#f: #value,)
    });
    // The other members come from the payload's JSON document, or are left at their default.
    let rest = if members.iter().any(|m| m.binding == Binding::Body) {
        quote!(..#document(message)?)
    } else if members.iter().all(|m| bound(&m)) {
        quote!()
    } else {
        quote!(..::std::default::Default::default())
    };
    quote!(#path { #(#fields)* #rest })
}

/// `impl IntoEventMessage` for the `@streaming` union `def` an operation sends: each member
/// becomes an event named after it, with its `@eventHeader` members as headers and its
/// `@eventPayload` member (or else the JSON document of its other members) as the payload.
pub fn event_union_write(krate: &Crate, def: &TypeDef) -> TokenStream {
    let TypeKind::Union(variants) = &def.kind else {
        return quote!();
    };
    let name = format_ident!("{}", def.name);
    let es = quote!(::smelt_runtime::eventstream);
    let arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let kind = &v.smithy_name;
            let variant = format_ident!("{}", v.name);
            let Some(ty) = &v.ty else {
                return quote!(Self::#variant => #es::event_message(#kind, ::std::option::Option::None, ::std::vec::Vec::new()),);
            };
            let members = struct_members(krate, ty);
            let message = to_message(kind, members, v.boxed);
            quote!(Self::#variant(v) => { #message })
        })
        .collect();
    quote! {
        impl #es::IntoEventMessage for #name {
            fn into_event_message(self) -> ::std::result::Result<#es::Message, #es::DecodeError> {
                ::std::result::Result::Ok(match self {
                    #(#arms)*
                    Self::Unknown => return ::std::result::Result::Err(#es::unknown_event()),
                })
            }
        }
    }
}

/// The members of the event structure `ty` (none for anything else).
fn struct_members<'a>(krate: &'a Crate, ty: &RustType) -> &'a [Member] {
    match ty {
        RustType::Named {
            name,
            kind: NamedKind::Struct,
        } => krate
            .types
            .iter()
            .find(|t| &t.name == name)
            .and_then(|t| match &t.kind {
                TypeKind::Struct(s) => Some(s.members.as_slice()),
                _ => None,
            })
            .unwrap_or_default(),
        _ => &[],
    }
}

/// A block building the message of event `kind` from `v` (a structure with `members`, boxed
/// when `boxed`).
fn to_message(kind: &str, members: &[Member], boxed: bool) -> TokenStream {
    let es = quote!(::smelt_runtime::eventstream);
    let whole = if boxed { quote!(&*v) } else { quote!(&v) };
    let payload_member = members.iter().find(|m| m.binding == Binding::EventPayload);
    let (content_type, payload) = match payload_member {
        Some(m) => {
            let f = ident(&m.field);
            let (ct, bytes) = match &m.ty {
                RustType::Blob => ("application/octet-stream", quote!(p.as_ref().to_vec())),
                RustType::String => ("text/plain", quote!(p.as_bytes().to_vec())),
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => ("text/plain", quote!(p.as_str().as_bytes().to_vec())),
                _ => ("application/json", quote!(::smelt_runtime::json::to_vec(p))),
            };
            let value = if m.optional {
                let r = if m.boxed {
                    quote!(as_deref)
                } else {
                    quote!(as_ref)
                };
                let map = if ct == "application/json" {
                    quote!(::smelt_runtime::json::to_vec)
                } else {
                    quote!(|p| #bytes)
                };
                quote!(v.#f.#r().map(#map).unwrap_or_default())
            } else {
                quote!({ let p = &v.#f; #bytes })
            };
            (quote!(::std::option::Option::Some(#ct)), value)
        }
        None if members.iter().any(|m| m.binding == Binding::Body) || members.is_empty() => (
            quote!(::std::option::Option::Some("application/json")),
            quote!(::smelt_runtime::json::to_vec(#whole)),
        ),
        None => (
            quote!(::std::option::Option::None),
            quote!(::std::vec::Vec::new()),
        ),
    };
    let headers = members
        .iter()
        .filter(|m| m.binding == Binding::EventHeader)
        .map(|m| {
            let f = ident(&m.field);
            let name = &m.smithy_name;
            let value = match &m.ty {
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => quote!(#es::HeaderValue::String(h.as_str().to_string())),
                RustType::Named {
                    kind: NamedKind::IntEnum,
                    ..
                } => quote!(#es::HeaderValue::Int32(h.as_i32())),
                _ => quote!(#es::ToHeaderValue::to_header_value(h)),
            };
            if m.optional {
                quote! {
                    if let ::std::option::Option::Some(h) = &v.#f {
                        message = message.with_header(#name, #value);
                    }
                }
            } else {
                quote! {
                    let h = &v.#f;
                    message = message.with_header(#name, #value);
                }
            }
        })
        .collect::<Vec<_>>();
    if headers.is_empty() {
        quote!(#es::event_message(#kind, #content_type, #payload))
    } else {
        quote! {
            let mut message = #es::event_message(#kind, #content_type, #payload);
            #(#headers)*
            message
        }
    }
}
