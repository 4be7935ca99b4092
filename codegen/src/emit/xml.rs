//! XML-family codecs for generated types: `QuerySerialize` (awsQuery/ec2Query request
//! parameters), `XmlSerialize` (restXml request documents) and `XmlDeserialize` (response
//! elements of all three). Like the JSON codecs, one statement per member; the walking lives in
//! `smelt_runtime::query` and `smelt_runtime::xml`.
//!
//! Must not: walk XML itself or decide names; it reads only the IR.

use super::{ident, rust_type, timestamp_format};
use crate::ir::{
    Binding, Member, NamedKind, RustType, TimestampFormat, TypeDef, TypeKind, UnionVariant,
    XmlNames, XmlNamespace,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The codec impls a type needs: requests as query parameters (`rest_xml == false`) or as
/// XML documents (restXml); responses as XML either way.
pub fn codec(def: &TypeDef, rest_xml: bool) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let ser = def.serialize.then(|| {
        if rest_xml {
            xml_serializer(def, &name)
        } else {
            serializer(def, &name)
        }
    });
    let de = def.deserialize.then(|| deserializer(def, &name));
    quote!(#ser #de)
}

/// `Some(("xmlns", "uri"))` or `None`, as tokens.
pub fn namespace_tokens(ns: &Option<XmlNamespace>) -> TokenStream {
    match ns {
        Some(XmlNamespace { attribute, uri }) => {
            quote!(::std::option::Option::Some((#attribute, #uri)))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn xml_serializer(def: &TypeDef, name: &syn::Ident) -> TokenStream {
    // The namespace the member asks for, else the type's own.
    let namespace = match &def.xml_namespace {
        Some(_) => {
            let own = namespace_tokens(&def.xml_namespace);
            quote!(ns.or(#own))
        }
        None => quote!(ns),
    };
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let mut attribute_values = Vec::new();
            let mut attributes = Vec::new();
            let mut children = Vec::new();
            for (i, m) in wire_members(&s.members).enumerate() {
                let f = ident(&m.field);
                if m.xml.attribute {
                    let local = format_ident!("attribute_{i}");
                    let text = match &m.ty {
                        RustType::Timestamp => {
                            let fmt = format_of(m.timestamp_format);
                            quote!(::smelt_runtime::protocol::format_timestamp(v, #fmt))
                        }
                        RustType::Named {
                            kind: NamedKind::Enum,
                            ..
                        } => quote!(v.as_str().to_owned()),
                        RustType::Named {
                            kind: NamedKind::IntEnum,
                            ..
                        } => quote!(v.as_i32().to_string()),
                        _ => quote!(::smelt_runtime::xml::XmlText::xml_text(v)),
                    };
                    let generic = !matches!(m.ty, RustType::Timestamp | RustType::Named { .. });
                    let value = if m.optional && generic {
                        quote!(self.#f.as_ref().map(::smelt_runtime::xml::XmlText::xml_text))
                    } else if m.optional {
                        quote!(self.#f.as_ref().map(|v| #text))
                    } else {
                        quote!({ let v = &self.#f; ::std::option::Option::Some(#text) })
                    };
                    attribute_values.push(quote!(let #local = #value;));
                    let xml_name = &m.xml.name;
                    attributes.push(quote! {
                        if let ::std::option::Option::Some(v) = &#local {
                            attributes.push((#xml_name, v.as_str()));
                        }
                    });
                    continue;
                }
                let write = write_element(
                    &m.ty,
                    quote!(v),
                    &m.xml.name,
                    &m.xml.namespace,
                    m.timestamp_format,
                    XmlLayout::of(m),
                );
                children.push(if m.optional {
                    quote!(if let ::std::option::Option::Some(v) = &self.#f { #write })
                } else {
                    quote!({ let v = &self.#f; #write })
                });
            }
            let closure_arg = if children.is_empty() {
                quote!(_w)
            } else {
                quote!(w)
            };
            let mutable = if attributes.is_empty() {
                quote!()
            } else {
                quote!(mut)
            };
            quote! {
                #(#attribute_values)*
                let #mutable attributes: ::std::vec::Vec<(&str, &str)> = #namespace.into_iter().collect();
                #(#attributes)*
                w.element(name, &attributes, |#closure_arg| { #(#children)* });
            }
        }
        TypeKind::Union(variants) => {
            let arms = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.name);
                let xml_name = &v.xml_name;
                match &v.ty {
                    None => quote!(Self::#variant => w.text_element(#xml_name, ::std::option::Option::None, ""),),
                    Some(ty) => {
                        let write = write_element(
                            ty,
                            quote!(v),
                            xml_name,
                            &None,
                            v.timestamp_format,
                            XmlLayout::default(),
                        );
                        quote!(Self::#variant(v) => { #write })
                    }
                }
            });
            quote! {
                let attributes: ::std::vec::Vec<(&str, &str)> = #namespace.into_iter().collect();
                w.element(name, &attributes, |w| match self {
                    #(#arms)*
                    Self::Unknown => {}
                });
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => return quote!(),
    };
    quote! {
        impl ::smelt_runtime::xml::XmlSerialize for #name {
            fn write_xml(&self, w: &mut ::smelt_runtime::xml::XmlWriter, name: &str, ns: ::std::option::Option<(&str, &str)>) {
                #body
            }
        }
    }
}

/// Element names and namespaces of a collection's items, and whether it is flattened.
#[derive(Default)]
struct XmlLayout {
    item: Option<(String, Option<XmlNamespace>)>,
    key: Option<(String, Option<XmlNamespace>)>,
    value: Option<(String, Option<XmlNamespace>)>,
    flattened: bool,
    /// The layout of the items (values) when they are collections themselves.
    inner: Option<Box<XmlNames>>,
}

impl XmlLayout {
    fn of(m: &Member) -> Self {
        Self::from_names(&m.xml)
    }

    fn from_names(n: &XmlNames) -> Self {
        XmlLayout {
            item: Some((n.item.clone(), n.item_namespace.clone())),
            key: Some((n.key.clone(), n.key_namespace.clone())),
            value: Some((n.value.clone(), n.value_namespace.clone())),
            flattened: n.flattened,
            inner: n.inner.clone(),
        }
    }

    /// The element name in `slot`, else `default`.
    fn name<'a>(
        &self,
        slot: &'a Option<(String, Option<XmlNamespace>)>,
        default: &'a str,
    ) -> &'a str {
        slot.as_ref().map_or(default, |(name, _)| name.as_str())
    }

    /// The layout of the items (values): nested names when known, else the defaults, and
    /// never flattened (only members are).
    fn nested(&self) -> Self {
        match &self.inner {
            Some(n) => XmlLayout {
                flattened: false,
                ..Self::from_names(n)
            },
            None => Self::default(),
        }
    }
}

/// Statements writing `v` (a reference to a value of `ty`) as the element `name`.
fn write_element(
    ty: &RustType,
    v: TokenStream,
    name: &str,
    ns: &Option<XmlNamespace>,
    format: Option<TimestampFormat>,
    layout: XmlLayout,
) -> TokenStream {
    let ns_tokens = namespace_tokens(ns);
    match ty {
        ty if ty.is_scalar() => quote!(w.scalar(#name, #ns_tokens, #v);),
        RustType::Timestamp => {
            let fmt = format_of(format);
            quote!(w.timestamp(#name, #ns_tokens, #v, #fmt);)
        }
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(w.text_element(#name, #ns_tokens, #v.as_str());),
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(w.scalar(#name, #ns_tokens, &#v.as_i32());),
        RustType::Named { .. } => {
            quote!(::smelt_runtime::xml::XmlSerialize::write_xml(#v, w, #name, #ns_tokens);)
        }
        RustType::List { item, sparse } => {
            let nested = layout.nested();
            let (item_name, item_ns) = layout.item.unwrap_or_else(|| ("member".to_string(), None));
            let (item_name, item_ns) = if layout.flattened {
                (name.to_string(), ns.clone())
            } else {
                (item_name, item_ns)
            };
            let write = write_element(item, quote!(item), &item_name, &item_ns, format, nested);
            let write = unless_null(*sparse, write);
            let items = quote!(for item in #v.iter() { #write });
            if layout.flattened {
                items
            } else {
                let attributes = attribute_list(ns);
                quote!(w.element(#name, &#attributes, |w| { #items });)
            }
        }
        RustType::Map { value, sparse } => {
            let nested = layout.nested();
            let (key_name, key_ns) = layout.key.unwrap_or_else(|| ("key".to_string(), None));
            let (value_name, value_ns) =
                layout.value.unwrap_or_else(|| ("value".to_string(), None));
            let key_ns = namespace_tokens(&key_ns);
            let write = write_element(value, quote!(item), &value_name, &value_ns, format, nested);
            let write = unless_null(*sparse, write);
            let entry = quote! {
                w.text_element(#key_name, #key_ns, k);
                #write
            };
            let attributes = attribute_list(ns);
            if layout.flattened {
                quote!(w.entries(#v, |w, k, item| w.element(#name, &#attributes, |w| { #entry }));)
            } else {
                quote! {
                    w.element(#name, &#attributes, |w| {
                        w.entries(#v, |w, k, item| w.element("entry", &[], |w| { #entry }));
                    });
                }
            }
        }
        // Documents and streams never appear in XML documents or query parameters.
        _ => quote!(),
    }
}

/// The attribute list declaring `ns`, if any, as a slice expression.
fn attribute_list(ns: &Option<XmlNamespace>) -> TokenStream {
    match ns {
        Some(XmlNamespace { attribute, uri }) => quote!([(#attribute, #uri)]),
        None => quote!([]),
    }
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
                        XmlLayout::of(m),
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
                XmlLayout::default(),
            );
            quote!(Self::#variant(v) => { #write })
        }
    }
}

/// `write` (of `item`) run only for present items when the collection is `@sparse`.
fn unless_null(sparse: bool, write: TokenStream) -> TokenStream {
    if sparse {
        quote!(if let ::std::option::Option::Some(item) = item { #write })
    } else {
        write
    }
}

/// A statement writing `v` (a reference to a value of `ty`) at `key` (a `&str` expression).
fn write_value(
    ty: &RustType,
    v: TokenStream,
    key: TokenStream,
    format: Option<TimestampFormat>,
    boxed: bool,
    layout: XmlLayout,
) -> TokenStream {
    match ty {
        ty if ty.is_scalar() => quote!(w.scalar(#key, #v);),
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
            let name = layout.name(&layout.item, "member");
            let flattened = layout.flattened;
            let write = write_value(
                item,
                quote!(item),
                quote!(k),
                format,
                false,
                layout.nested(),
            );
            let write = unless_null(*sparse, write);
            quote!(w.list(#key, #name, #flattened, #v, |w, k, item| { #write });)
        }
        RustType::Map { value, sparse } => {
            let key_name = layout.name(&layout.key, "key");
            let value_name = layout.name(&layout.value, "value");
            let flattened = layout.flattened;
            let write = write_value(
                value,
                quote!(item),
                quote!(k),
                format,
                false,
                layout.nested(),
            );
            let write = unless_null(*sparse, write);
            quote!(w.map(#key, #key_name, #value_name, #flattened, #v, |w, k, item| { #write });)
        }
        // Documents and streams never appear in XML documents or query parameters.
        _ => quote!(),
    }
}

/// An expression of type `ty` read from the element `node` (an `XmlNode`), with `?` for errors.
/// `names` is the layout of `ty` when it is a collection.
fn read_value(
    ty: &RustType,
    node: TokenStream,
    format: Option<TimestampFormat>,
    names: Option<&XmlNames>,
) -> TokenStream {
    match ty {
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => {
            let t = rust_type(ty);
            quote!(#t::from(&*#node.text_ref()))
        }
        RustType::Document | RustType::ByteStream | RustType::EventStream { .. } => {
            quote!(::std::default::Default::default())
        }
        _ => {
            let result = read_result(ty, node, format, names);
            quote!(#result?)
        }
    }
}

/// An expression of type `Result<ty>` read from the element `node`.
fn read_result(
    ty: &RustType,
    node: TokenStream,
    format: Option<TimestampFormat>,
    names: Option<&XmlNames>,
) -> TokenStream {
    match ty {
        ty if ty.is_scalar() => quote!(::smelt_runtime::xml::scalar(#node)),
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
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let t = rust_type(ty);
            quote!(::smelt_runtime::xml::read::<#t>(#node))
        }
        RustType::List { item, sparse } => {
            let inner = names.and_then(|n| n.inner.as_deref());
            let item_name = names.map_or("member", |n| n.item.as_str());
            let read = read_item(item, *sparse, format, inner);
            quote!(::smelt_runtime::xml::list(#node, #item_name, #read))
        }
        RustType::Map { value, sparse } => {
            let inner = names.and_then(|n| n.inner.as_deref());
            let (key, value_name) =
                names.map_or(("key", "value"), |n| (n.key.as_str(), n.value.as_str()));
            let read = read_item(value, *sparse, format, inner);
            quote!(::smelt_runtime::xml::map(#node, #key, #value_name, #read))
        }
        // Infallible reads: string enums, and what XML never carries.
        _ => {
            let value = read_value(ty, node, format, None);
            quote!(::smelt_runtime::json::Result::Ok(#value))
        }
    }
}

/// The function reading a list item or map value: a runtime function itself where one fits,
/// else a closure over `n`.
fn read_item(
    ty: &RustType,
    sparse: bool,
    format: Option<TimestampFormat>,
    names: Option<&XmlNames>,
) -> TokenStream {
    if !sparse {
        match ty {
            ty if ty.is_scalar() => return quote!(::smelt_runtime::xml::scalar),
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
    let result = read_result(ty, quote!(n), format, names);
    if sparse {
        quote!(|n| #result.map(::std::option::Option::Some))
    } else {
        quote!(|n| #result)
    }
}

/// For `@s3UnwrappedXmlOutput`: a reader taking the document's root element as the value of the
/// structure's one body member.
pub fn unwrapped_reader(def: &TypeDef) -> TokenStream {
    let member = match &def.kind {
        TypeKind::Struct(s) => wire_members(&s.members).next(),
        _ => None,
    };
    let Some(m) = member else {
        return quote!(::smelt_runtime::xml::read);
    };
    let f = ident(&m.field);
    let value = read_value(&m.ty, quote!(root), m.timestamp_format, Some(&m.xml));
    let value = if m.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    };
    let value = if m.optional {
        quote!(::std::option::Option::Some(#value))
    } else {
        value
    };
    let others = match &def.kind {
        TypeKind::Struct(s) if s.members.len() > 1 => {
            quote!(..::std::default::Default::default())
        }
        _ => quote!(),
    };
    quote! {
        |root: ::smelt_runtime::xml::XmlNode<'_, '_>| {
            ::smelt_runtime::json::Result::Ok(Self { #f: #value, #others })
        }
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
                            let value = read_value(ty, quote!(child), v.timestamp_format, None);
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
    // Element names of the structure's members; a flattened list's entries are also read under
    // its `flattened_alias` (botocore models) when no member has that element name.
    let element_names: BTreeSet<&str> = wire_members(members)
        .filter(|m| !m.xml.attribute)
        .map(|m| m.xml.name.as_str())
        .collect();
    let mut aliases = Vec::new();
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
                let value = read_value(
                    item,
                    quote!(child),
                    m.timestamp_format,
                    m.xml.inner.as_deref(),
                );
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
                if let Some(alias) = &m.xml.flattened_alias {
                    if !element_names.contains(alias.as_str()) {
                        aliases.push((alias.clone(), quote!(#list.push(#value);)));
                    }
                }
                (xml_name.clone(), quote!(#list.push(#value);))
            }
            (RustType::Map { value, sparse }, true) => {
                let (key_name, value_name) = (&m.xml.key, &m.xml.value);
                let read = read_item(value, *sparse, m.timestamp_format, m.xml.inner.as_deref());
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
                        let read =
                            read_item(item, *sparse, m.timestamp_format, m.xml.inner.as_deref());
                        quote!(::smelt_runtime::xml::list(child, #name, #read)?)
                    }
                    RustType::Map { value, sparse } => {
                        let (key_name, value_name) = (&m.xml.key, &m.xml.value);
                        let read =
                            read_item(value, *sparse, m.timestamp_format, m.xml.inner.as_deref());
                        quote!(::smelt_runtime::xml::map(child, #key_name, #value_name, #read)?)
                    }
                    ty => read_value(ty, quote!(child), m.timestamp_format, None),
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
    for (name, stmt) in aliases {
        if seen.insert(name.clone()) {
            arms.push((name, stmt));
        }
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
