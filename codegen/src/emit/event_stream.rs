//! `EventUnion` impls for event-stream unions: which member an event names, and how that
//! member's structure is read from the message (`@eventHeader` members from headers, an
//! `@eventPayload` member from the payload, the other members from the payload's JSON document).
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
