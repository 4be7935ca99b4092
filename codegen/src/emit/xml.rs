//! Codecs of the query protocols (awsQuery, ec2Query) for generated types: `QuerySerialize`
//! (request parameters) and `XmlDeserialize` (response elements). Like the JSON codecs, one
//! statement per member; the walking lives in `smelt_runtime::query` and `smelt_runtime::xml`.

use super::{ident, rust_type, timestamp_format};
use crate::ir::{
    Binding, Member, NamedKind, RustType, TimestampFormat, TypeDef, TypeKind, UnionVariant,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The codec impls a type needs for a query protocol.
pub fn codec(def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let ser = def.serialize.then(|| serializer(def, &name));
    let de = def.deserialize.then(|| deserializer(def, &name));
    quote!(#ser #de)
}

fn wire_members(members: &[Member]) -> impl Iterator<Item = &Member> {
    members
        .iter()
        .filter(|m| m.binding == Binding::Body && !m.ty.is_stream() && m.ty != RustType::Document)
}

fn format_of(f: Option<TimestampFormat>) -> TokenStream {
    timestamp_format(f.unwrap_or(TimestampFormat::DateTime))
}

fn serializer(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let writes: Vec<TokenStream> = wire_members(&s.members)
                .map(|m| {
                    let f = ident(&m.field);
                    let query_name = &m.xml.query_name;
                    let key = quote!(&::smelt_runtime::query::key(prefix, #query_name));
                    let write = write_value(
                        &m.ty,
                        quote!(v),
                        key,
                        m.timestamp_format,
                        m.boxed,
                        Layout::of(m),
                    );
                    if m.optional {
                        quote!(if let ::std::option::Option::Some(v) = &self.#f { #write })
                    } else {
                        quote!({ let v = &self.#f; #write })
                    }
                })
                .collect();
            if writes.is_empty() {
                return quote! {
                    impl ::smelt_runtime::query::QuerySerialize for #name {
                        fn write_query(&self, _w: &mut ::smelt_runtime::query::QueryWriter, _prefix: &str) {}
                    }
                };
            }
            quote!(#(#writes)*)
        }
        TypeKind::Union(variants) => {
            let arms = variants.iter().map(union_write);
            quote! {
                match self {
                    #(#arms)*
                    Self::Unknown => {}
                }
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => return quote!(),
    };
    quote! {
        impl ::smelt_runtime::query::QuerySerialize for #name {
            fn write_query(&self, w: &mut ::smelt_runtime::query::QueryWriter, prefix: &str) {
                #body
            }
        }
    }
}

fn union_write(v: &UnionVariant) -> TokenStream {
    let variant = format_ident!("{}", v.name);
    let xml_name = &v.xml_name;
    let key = quote!(&::smelt_runtime::query::key(prefix, #xml_name));
    match &v.ty {
        None => quote!(Self::#variant => w.text(#key, ""),),
        Some(ty) => {
            let write = write_value(
                ty,
                quote!(v),
                key,
                v.timestamp_format,
                v.boxed,
                Layout::default(),
            );
            quote!(Self::#variant(v) => { #write })
        }
    }
}

/// Item and entry names of a collection, and whether it is flattened.
struct Layout {
    item: String,
    key: String,
    value: String,
    flattened: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            item: "member".into(),
            key: "key".into(),
            value: "value".into(),
            flattened: false,
        }
    }
}

impl Layout {
    fn of(m: &Member) -> Self {
        Layout {
            item: m.xml.item.clone(),
            key: m.xml.key.clone(),
            value: m.xml.value.clone(),
            flattened: m.xml.flattened,
        }
    }
}

/// A statement writing `v` (a reference to a value of `ty`) at `key` (a `&str` expression).
fn write_value(
    ty: &RustType,
    v: TokenStream,
    key: TokenStream,
    format: Option<TimestampFormat>,
    boxed: bool,
    layout: Layout,
) -> TokenStream {
    match ty {
        RustType::String
        | RustType::Bool
        | RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::F32
        | RustType::F64
        | RustType::Blob
        | RustType::BigInteger
        | RustType::BigDecimal => quote!(w.scalar(#key, #v);),
        RustType::Timestamp => {
            let fmt = format_of(format);
            quote!(w.timestamp(#key, #v, #fmt);)
        }
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(w.text(#key, #v.as_str());),
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(w.scalar(#key, &#v.as_i32());),
        RustType::Named { .. } if boxed => quote!(w.structure(#key, &**#v);),
        RustType::Named { .. } => quote!(w.structure(#key, #v);),
        RustType::List { item, sparse } => {
            let (name, flattened) = (&layout.item, layout.flattened);
            let write = write_value(
                item,
                quote!(item),
                quote!(k),
                format,
                false,
                Layout::default(),
            );
            let write = if *sparse {
                quote!(if let ::std::option::Option::Some(item) = item { #write })
            } else {
                write
            };
            quote!(w.list(#key, #name, #flattened, #v, |w, k, item| { #write });)
        }
        RustType::Map { value, sparse } => {
            let (key_name, value_name, flattened) = (&layout.key, &layout.value, layout.flattened);
            let write = write_value(
                value,
                quote!(item),
                quote!(k),
                format,
                false,
                Layout::default(),
            );
            let write = if *sparse {
                quote!(if let ::std::option::Option::Some(item) = item { #write })
            } else {
                write
            };
            quote!(w.map(#key, #key_name, #value_name, #flattened, #v, |w, k, item| { #write });)
        }
        RustType::Document | RustType::ByteStream | RustType::EventStream { .. } => quote!(),
    }
}

/// An expression of type `ty` read from the element `node` (an `XmlNode`), with `?` for errors.
fn read_value(ty: &RustType, node: TokenStream, format: Option<TimestampFormat>) -> TokenStream {
    match ty {
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => {
            let t = rust_type(ty);
            quote!(#t::from(#node.text().as_str()))
        }
        RustType::Document | RustType::ByteStream | RustType::EventStream { .. } => {
            quote!(::std::default::Default::default())
        }
        _ => {
            let result = read_result(ty, node, format);
            quote!(#result?)
        }
    }
}

/// An expression of type `Result<ty>` read from the element `node`.
fn read_result(ty: &RustType, node: TokenStream, format: Option<TimestampFormat>) -> TokenStream {
    match ty {
        RustType::String
        | RustType::Bool
        | RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::F32
        | RustType::F64
        | RustType::Blob
        | RustType::BigInteger
        | RustType::BigDecimal => quote!(::smelt_runtime::xml::scalar(#node)),
        RustType::Timestamp => {
            let fmt = format_of(format);
            quote!(::smelt_runtime::xml::timestamp(#node, #fmt))
        }
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => {
            let t = rust_type(ty);
            quote!(::smelt_runtime::xml::scalar::<i32>(#node).map(#t::from))
        }
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        }
        | RustType::Document
        | RustType::ByteStream
        | RustType::EventStream { .. } => {
            let value = read_value(ty, node, format);
            quote!(::smelt_runtime::json::Result::Ok(#value))
        }
        RustType::Named { .. } => {
            let t = rust_type(ty);
            quote!(::smelt_runtime::xml::read::<#t>(#node))
        }
        RustType::List { item, sparse } => {
            let read = read_item(item, *sparse, format);
            quote!(::smelt_runtime::xml::list(#node, "member", #read))
        }
        RustType::Map { value, sparse } => {
            let read = read_item(value, *sparse, format);
            quote!(::smelt_runtime::xml::map(#node, "key", "value", #read))
        }
    }
}

/// The function reading a list item or map value: a runtime function itself where one fits,
/// else a closure over `n`.
fn read_item(ty: &RustType, sparse: bool, format: Option<TimestampFormat>) -> TokenStream {
    if !sparse {
        match ty {
            RustType::String
            | RustType::Bool
            | RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64
            | RustType::Blob
            | RustType::BigInteger
            | RustType::BigDecimal => return quote!(::smelt_runtime::xml::scalar),
            RustType::Named {
                kind: NamedKind::Struct | NamedKind::Union,
                ..
            } => {
                let t = rust_type(ty);
                return quote!(::smelt_runtime::xml::read::<#t>);
            }
            _ => {}
        }
    }
    let result = read_result(ty, quote!(n), format);
    if sparse {
        quote!(|n| #result.map(::std::option::Option::Some))
    } else {
        quote!(|n| #result)
    }
}

fn deserializer(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_reader(&s.members),
        TypeKind::Union(variants) => {
            let mut seen = BTreeSet::new();
            let arms: Vec<(String, TokenStream)> = variants
                .iter()
                .filter(|v| seen.insert(v.xml_name.clone()))
                .map(|v| {
                    let variant = format_ident!("{}", v.name);
                    let xml_name = &v.xml_name;
                    let stmt = match &v.ty {
                        None => quote!(return ::std::result::Result::Ok(Self::#variant);),
                        Some(ty) => {
                            let value = read_value(ty, quote!(child), v.timestamp_format);
                            let value = if v.boxed {
                                quote!(::std::boxed::Box::new(#value))
                            } else {
                                value
                            };
                            quote!(return ::std::result::Result::Ok(Self::#variant(#value));)
                        }
                    };
                    (xml_name.clone(), stmt)
                })
                .collect();
            let dispatch = dispatch(&arms);
            quote! {
                for child in node.children() {
                    #dispatch
                }
                ::std::result::Result::Ok(Self::Unknown)
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => return quote!(),
    };
    quote! {
        impl ::smelt_runtime::xml::XmlDeserialize for #name {
            fn read_xml(node: ::smelt_runtime::xml::XmlNode<'_, '_>) -> ::smelt_runtime::json::Result<Self> {
                #body
            }
        }
    }
}

/// Runs the statement of the element `child` is named after: a `match` on the name, or an `if`
/// when there is one name.
fn dispatch(arms: &[(String, TokenStream)]) -> TokenStream {
    if let [(name, stmt)] = arms {
        return quote! {
            if child.name() == #name {
                #stmt
            }
        };
    }
    let arms = arms.iter().map(|(name, stmt)| quote!(#name => { #stmt }));
    quote! {
        match child.name() {
            #(#arms)*
            _ => {}
        }
    }
}

fn struct_reader(members: &[Member]) -> TokenStream {
    let mut seen = BTreeSet::new();
    let mut arms = Vec::new();
    let mut attributes = Vec::new();
    for m in wire_members(members) {
        let f = ident(&m.field);
        let xml_name = &m.xml.name;
        if m.xml.attribute {
            let value = match &m.ty {
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => {
                    let t = rust_type(&m.ty);
                    quote!(node.attr(#xml_name).map(#t::from))
                }
                RustType::Timestamp => {
                    let fmt = format_of(m.timestamp_format);
                    quote!(node.attr(#xml_name).map(|v| ::smelt_runtime::protocol::parse_timestamp(#xml_name, v, #fmt)).transpose()?)
                }
                _ => quote!(::smelt_runtime::xml::attr_scalar(node, #xml_name)?),
            };
            let set = if m.optional {
                quote!(out.#f = ::std::option::Option::Some(v);)
            } else {
                quote!(out.#f = v;)
            };
            attributes.push(quote! {
                if let ::std::option::Option::Some(v) = #value {
                    #set
                }
            });
            continue;
        }
        if !seen.insert(xml_name.clone()) {
            continue;
        }
        let arm = match (&m.ty, m.xml.flattened) {
            (RustType::List { item, sparse }, true) => {
                let value = read_value(item, quote!(child), m.timestamp_format);
                let value = if *sparse {
                    quote!(::std::option::Option::Some(#value))
                } else {
                    value
                };
                let list = if m.optional {
                    quote!(out.#f.get_or_insert_with(::std::vec::Vec::new))
                } else {
                    quote!(out.#f)
                };
                (xml_name.clone(), quote!(#list.push(#value);))
            }
            (RustType::Map { value, sparse }, true) => {
                let (key_name, value_name) = (&m.xml.key, &m.xml.value);
                let read = read_item(value, *sparse, m.timestamp_format);
                let map = if m.optional {
                    quote!(out.#f.get_or_insert_with(::std::collections::HashMap::new))
                } else {
                    quote!(out.#f)
                };
                (
                    xml_name.clone(),
                    quote! {
                        if let (k, ::std::option::Option::Some(v)) = ::smelt_runtime::xml::entry(child, #key_name, #value_name, #read)? {
                            #map.insert(k, v);
                        }
                    },
                )
            }
            (ty, _) => {
                let value = match ty {
                    RustType::List { item, sparse } => {
                        let name = &m.xml.item;
                        let read = read_item(item, *sparse, m.timestamp_format);
                        quote!(::smelt_runtime::xml::list(child, #name, #read)?)
                    }
                    RustType::Map { value, sparse } => {
                        let (key_name, value_name) = (&m.xml.key, &m.xml.value);
                        let read = read_item(value, *sparse, m.timestamp_format);
                        quote!(::smelt_runtime::xml::map(child, #key_name, #value_name, #read)?)
                    }
                    ty => read_value(ty, quote!(child), m.timestamp_format),
                };
                let value = if m.boxed {
                    quote!(::std::boxed::Box::new(#value))
                } else {
                    value
                };
                if m.optional {
                    (
                        xml_name.clone(),
                        quote!(out.#f = ::std::option::Option::Some(#value);),
                    )
                } else {
                    (xml_name.clone(), quote!(out.#f = #value;))
                }
            }
        };
        arms.push(arm);
    }
    if arms.is_empty() && attributes.is_empty() {
        return quote! {
            let _ = node;
            ::std::result::Result::Ok(Self::default())
        };
    }
    let children = (!arms.is_empty()).then(|| {
        let dispatch = dispatch(&arms);
        quote! {
            for child in node.children() {
                #dispatch
            }
        }
    });
    quote! {
        let mut out = Self::default();
        #children
        #(#attributes)*
        ::std::result::Result::Ok(out)
    }
}
