//! JSON codec impls (`JsonSerialize` / `JsonDeserialize` from the runtime) for generated types:
//! one line per member per direction, the rest lives in `smelt_runtime::json`.
//!
//! Must not: walk JSON itself or decide names; it reads only the IR.

use super::{ident, timestamp_format};
use crate::ir::{Binding, Member, RustType, TimestampFormat, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The codec impls a type needs (none when it never crosses the wire as JSON).
pub fn codec(def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    // An event stream sent is framed event by event, never written as one JSON document.
    let ser = (def.serialize && !def.event_stream).then(|| serializer(def, &name));
    let de = def.deserialize.then(|| deserializer(def, &name));
    quote!(#ser #de)
}

/// Members in the JSON document. A stream never is (it is the HTTP payload or the whole body).
fn body_members(members: &[Member]) -> impl Iterator<Item = &Member> {
    members
        .iter()
        .filter(|m| m.binding == Binding::Body && !m.ty.is_stream())
}

fn format_of(m: Option<TimestampFormat>) -> TokenStream {
    timestamp_format(m.unwrap_or(TimestampFormat::EpochSeconds))
}

fn serializer(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let writes: Vec<TokenStream> = body_members(&s.members)
                .map(|m| {
                    let f = ident(&m.field);
                    let key = &m.json_name;
                    match (&m.ty, m.optional) {
                        (RustType::Timestamp, true) => {
                            let fmt = format_of(m.timestamp_format);
                            quote!(o.opt_timestamp(#key, &self.#f, #fmt);)
                        }
                        (RustType::Timestamp, false) => {
                            let fmt = format_of(m.timestamp_format);
                            quote!(o.timestamp(#key, &self.#f, #fmt);)
                        }
                        (_, true) => quote!(o.opt_member(#key, &self.#f);),
                        (_, false) => quote!(o.member(#key, &self.#f);),
                    }
                })
                .collect();
            if writes.is_empty() {
                return quote! {
                    impl ::smelt_runtime::json::JsonSerialize for #name {
                        fn write_json(&self, w: &mut ::smelt_runtime::json::JsonWriter) {
                            w.object().end();
                        }
                    }
                };
            }
            quote! {
                let mut o = w.object();
                #(#writes)*
                o.end();
            }
        }
        TypeKind::Union(variants) => {
            let arms = variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                let key = &v.json_name;
                match &v.ty {
                    None => quote!(Self::#id => o.key(#key).object().end(),),
                    Some(RustType::Timestamp) => {
                        let fmt = format_of(v.timestamp_format);
                        quote!(Self::#id(v) => o.timestamp(#key, v, #fmt),)
                    }
                    Some(_) => quote!(Self::#id(v) => o.member(#key, v),),
                }
            });
            quote! {
                let mut o = w.object();
                match self {
                    #(#arms)*
                    Self::Unknown => {}
                }
                o.end();
            }
        }
        TypeKind::Enum(_) => quote!(w.string(self.as_str());),
        TypeKind::IntEnum(_) => quote!(w.i64(i64::from(self.as_i32()));),
    };
    quote! {
        impl ::smelt_runtime::json::JsonSerialize for #name {
            fn write_json(&self, w: &mut ::smelt_runtime::json::JsonWriter) {
                #body
            }
        }
    }
}

fn deserializer(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let arms: Vec<TokenStream> = body_members(&s.members)
                .map(|m| {
                    let f = ident(&m.field);
                    let json_name = &m.json_name;
                    // Services (and their emulators) disagree on the case of an error's
                    // message member; both spellings fill it.
                    let key = if s.error.is_some()
                        && m.json_name.eq_ignore_ascii_case("message")
                        && m.ty == RustType::String
                    {
                        quote!("message" | "Message")
                    } else {
                        quote!(#json_name)
                    };
                    match (&m.ty, m.optional) {
                        (RustType::Timestamp, true) => {
                            let fmt = format_of(m.timestamp_format);
                            quote!(#key => out.#f = r.read_opt_timestamp(#fmt)?,)
                        }
                        (RustType::Timestamp, false) => {
                            let fmt = format_of(m.timestamp_format);
                            quote!(#key => r.read_timestamp_into(&mut out.#f, #fmt)?,)
                        }
                        (_, true) => quote!(#key => out.#f = r.read()?,),
                        (_, false) => quote!(#key => r.read_into(&mut out.#f)?,),
                    }
                })
                .collect();
            if arms.is_empty() {
                quote! {
                    r.skip_value()?;
                    ::std::result::Result::Ok(::std::default::Default::default())
                }
            } else {
                quote! {
                    let mut out = Self::default();
                    r.read_object(|r, key| {
                        match key {
                            #(#arms)*
                            _ => r.skip_value()?,
                        }
                        ::std::result::Result::Ok(())
                    })?;
                    ::std::result::Result::Ok(out)
                }
            }
        }
        TypeKind::Union(variants) => {
            let arms = variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                let key = &v.json_name;
                match &v.ty {
                    None => quote!(#key => { r.skip_value()?; Self::#id }),
                    Some(RustType::Timestamp) => {
                        let fmt = format_of(v.timestamp_format);
                        quote!(#key => Self::#id(r.read_timestamp(#fmt)?),)
                    }
                    Some(_) => quote!(#key => Self::#id(r.read_required()?),),
                }
            });
            let what = format!("a `{}` union value must set exactly one member", def.name);
            quote! {
                let mut out = ::std::option::Option::None;
                r.read_object(|r, key| {
                    if r.next_is_null()? || key == "__type" {
                        return r.skip_value();
                    }
                    let value = match key {
                        #(#arms)*
                        _ => {
                            r.skip_value()?;
                            Self::Unknown
                        }
                    };
                    if out.replace(value).is_some() {
                        return ::std::result::Result::Err(::smelt_runtime::json::DeserializeError::custom(#what));
                    }
                    ::std::result::Result::Ok(())
                })?;
                out.ok_or_else(|| ::smelt_runtime::json::DeserializeError::custom(#what))
            }
        }
        TypeKind::Enum(_) => quote!(::std::result::Result::Ok(Self::from(&*r.read_str()?))),
        TypeKind::IntEnum(_) => quote!(::std::result::Result::Ok(Self::from(
            r.read_required::<i32>()?
        ))),
    };
    quote! {
        impl ::smelt_runtime::json::JsonDeserialize for #name {
            fn read_json(r: &mut ::smelt_runtime::json::JsonReader<'_>) -> ::smelt_runtime::json::Result<Self> {
                #body
            }
        }
    }
}
