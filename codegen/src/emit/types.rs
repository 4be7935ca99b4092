//! Type definitions: structures with their builders, `Debug`, defaults and `validate()`; enums,
//! int enums and unions come from [`super::variants`]. Response parsers of errors with bound
//! members come from [`super::response`].
//!
//! Must not: emit request or response code of operations, or read the model.

use super::{deprecated, doc, ident, module_of, rust_type, variants, Item};
use crate::ir::{Crate, Member, NamedKind, RustType, Struct, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use serde_json::Value;

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `src/types.rs` and `src/types/builders.rs`.
pub fn shared(krate: &Crate) -> (TokenStream, TokenStream) {
    let mut types = Vec::new();
    let mut builders = Vec::new();
    for def in &krate.types {
        let name = format_ident!("{}", def.name);
        let module = module_of(Item::SharedType(&def.name));
        let (ty, builder) = type_items(
            def,
            module_of(Item::SharedBuilder(&def.name)),
            quote!(#module::#name),
            BuilderKind::Plain,
        );
        types.push(ty);
        builders.push(builder);
        types.push(if krate.service.protocol.is_xml() {
            super::xml::codec(def, !krate.service.protocol.is_query())
        } else {
            super::json::codec(def)
        });
        if def.event_stream && def.deserialize {
            types.push(super::event_stream::event_union(krate, def));
        }
        if def.event_stream && def.serialize {
            types.push(super::event_stream::event_union_write(krate, def));
        }
        if def.to_document {
            types.push(super::waiter::to_document_impl(def));
        }
        if matches!(&def.kind, TypeKind::Struct(s) if s.error.is_some() && !s.body_only())
            && def.deserialize
        {
            types.push(super::response::response_parser(
                def,
                &name,
                krate.service.protocol.is_xml(),
            ));
        }
    }
    let types = quote! {
        //! Shapes shared by the operations: structures, enums, unions and errors.
        pub mod builders;
        #(#types)*
    };
    let builders = quote! {
        //! Builders for the structures in [`crate::types`].
        #(#builders)*
    };
    (types, builders)
}

/// The type itself (with its impls) and, for structures, its builder.
///
/// Which builder a structure gets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BuilderKind {
    /// A plain builder in `crate::types::builders`.
    Plain,
    /// The operation input's builder, which is also the fluent builder: it takes a type parameter
    /// for the client (`()` when built standalone, the client handle when made by `Client`), so
    /// the setters exist once.
    Fluent,
    /// No builder (operation outputs: made by the client; tests can start from `Default`).
    None,
}

/// With `fluent`, the builder is also the operation's fluent builder: it takes a type parameter
/// for the client (`()` when built standalone, the client handle when made by `Client`), so the
/// setters exist once.
pub fn type_items(
    def: &TypeDef,
    builder_module: TokenStream,
    type_path: TokenStream,
    kind: BuilderKind,
) -> (TokenStream, TokenStream) {
    match &def.kind {
        TypeKind::Struct(s) => structure(def, s, builder_module, type_path, kind),
        TypeKind::Enum(_) => (variants::string_enum(def), quote!()),
        TypeKind::IntEnum(_) => (variants::int_enum(def), quote!()),
        TypeKind::Union(_) => (variants::union(def), quote!()),
    }
}

/// The field type of a member in the structure (with `Option` and `Box` applied).
pub fn field_type(m: &Member) -> TokenStream {
    let ty = rust_type(&m.ty);
    let ty = if m.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    };
    if m.optional {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

/// Whether a modeled default equals the Rust type's own `Default`.
fn is_zero_default(m: &Member) -> bool {
    match (&m.default, &m.ty) {
        (None, _) => true,
        // A document's own default is `null`: every other value is modeled.
        (Some(v), RustType::Document) => v.is_null(),
        (Some(Value::Bool(b)), _) => !b,
        (
            Some(Value::Number(n)),
            RustType::Timestamp
            | RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64,
        ) => n.as_f64() == Some(0.0),
        (Some(Value::String(s)), RustType::String | RustType::Blob | RustType::ByteStream) => {
            s.is_empty()
        }
        (Some(Value::Array(a)), _) => a.is_empty(),
        (Some(Value::Object(o)), RustType::Map { .. }) => o.is_empty(),
        _ => false,
    }
}

/// An expression for a member's modeled default value.
fn default_expr(m: &Member) -> TokenStream {
    modeled_default(m).unwrap_or_else(|| quote!(::std::default::Default::default()))
}

/// The modeled default when it differs from the type's `Default`.
fn modeled_default(m: &Member) -> Option<TokenStream> {
    if is_zero_default(m) {
        return None;
    }
    let value = m.default.as_ref().unwrap_or(&Value::Null);
    Some(match (&m.ty, value) {
        (RustType::Bool, Value::Bool(b)) => quote!(#b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or(0));
            quote!(#lit)
        }
        (RustType::F32 | RustType::F64, Value::Number(n)) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
            quote!(#lit)
        }
        (RustType::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        // A blob's default is its base64 text.
        (RustType::Blob, Value::String(s)) => {
            let bytes = base64_decode(s)?;
            quote!(::smelt_runtime::types::Blob::new(::std::vec![#(#bytes),*]))
        }
        (RustType::Document, v) => document_expr(v)?,
        (
            RustType::Named {
                kind: NamedKind::Enum,
                ..
            },
            Value::String(s),
        ) => {
            let ty = rust_type(&m.ty);
            quote!(#ty::from(#s))
        }
        (
            RustType::Named {
                kind: NamedKind::IntEnum,
                ..
            },
            Value::Number(n),
        ) => {
            let ty = rust_type(&m.ty);
            let v = n.as_i64().and_then(|v| i32::try_from(v).ok()).unwrap_or(0);
            quote!(#ty::from(#v))
        }
        (RustType::Timestamp, Value::Number(n)) => {
            let v = n.as_f64().unwrap_or(0.0);
            quote!(::smelt_runtime::types::DateTime::from_secs_f64(#v))
        }
        (RustType::Timestamp, Value::String(s)) => {
            quote!(::smelt_runtime::types::DateTime::parse(#s, ::smelt_runtime::types::TimestampFormat::DateTime).unwrap_or_default())
        }
        _ => return None,
    })
}

/// A document value as an expression (defaults: booleans, numbers, strings, empty lists and maps).
fn document_expr(v: &Value) -> Option<TokenStream> {
    Some(match v {
        Value::Null => quote!(::smelt_runtime::types::Document::Null),
        Value::Bool(b) => quote!(::smelt_runtime::types::Document::Bool(#b)),
        Value::String(s) => {
            quote!(::smelt_runtime::types::Document::String(::std::string::String::from(#s)))
        }
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote!(::smelt_runtime::types::Document::from(#i)),
            (None, Some(f)) => quote!(::smelt_runtime::types::Document::from(#f)),
            _ => return None,
        },
        Value::Array(a) if a.is_empty() => {
            quote!(::smelt_runtime::types::Document::Array(
                ::std::vec::Vec::new()
            ))
        }
        Value::Object(o) if o.is_empty() => quote!(::smelt_runtime::types::Document::Object(
            ::std::collections::BTreeMap::new()
        )),
        _ => return None,
    })
}

/// Standard base64 (padding optional) to bytes; `None` for text that is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A `Debug` impl that hides sensitive values, or `None` when deriving is fine.
fn debug_impl(
    name: &syn::Ident,
    generics: &TokenStream,
    whole_sensitive: bool,
    members: &[&Member],
) -> Option<TokenStream> {
    if !whole_sensitive && !members.iter().any(|m| m.sensitive) {
        return None;
    }
    let label = name.to_string();
    let body = if whole_sensitive {
        quote!(f.debug_struct(#label).finish_non_exhaustive())
    } else {
        let fields = members.iter().map(|m| {
            let f = ident(&m.field);
            let key = m.field.trim_start_matches("r#");
            if m.sensitive {
                quote!(.field(#key, &#REDACTED))
            } else {
                quote!(.field(#key, &self.#f))
            }
        });
        quote!(f.debug_struct(#label) #(#fields)* .finish())
    };
    Some(quote! {
        impl #generics ::std::fmt::Debug for #name #generics {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    })
}

fn structure(
    def: &TypeDef,
    s: &Struct,
    builder_module: TokenStream,
    type_path: TokenStream,
    kind: BuilderKind,
) -> (TokenStream, TokenStream) {
    let fluent = kind == BuilderKind::Fluent;
    let name = format_ident!("{}", def.name);
    let builder = format_ident!("{}", crate::naming::builder_name(&def.name));
    let docs = doc(&def.docs);
    let dep = deprecated(&def.deprecated);
    let members: Vec<&Member> = s.members.iter().collect();
    let fields = s.members.iter().map(|m| {
        let docs = doc(&m.docs);
        let dep = deprecated(&m.deprecated);
        let f = ident(&m.field);
        let ty = field_type(m);
        quote!(#docs #dep pub #f: #ty,)
    });
    let derive_default = s
        .members
        .iter()
        .all(|m| m.optional || modeled_default(m).is_none());
    let debug = debug_impl(&name, &quote!(), def.sensitive, &members);
    // A byte stream can be neither copied nor compared.
    let mut derives = if s.streaming() {
        vec![]
    } else {
        vec![quote!(Clone), quote!(PartialEq)]
    };
    if derive_default {
        derives.push(quote!(Default));
    }
    if debug.is_none() {
        derives.push(quote!(Debug));
    }
    let derives = quote!(#[derive(#(#derives),*)]);
    let default_impl = (!derive_default).then(|| {
        let inits = s.members.iter().map(|m| {
            let f = ident(&m.field);
            let value = if m.optional {
                quote!(::std::option::Option::None)
            } else {
                default_expr(m)
            };
            quote!(#f: #value,)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* }
                }
            }
        }
    });
    let builder_doc = super::doc(&format!("Creates a builder for [`{}`](Self).", def.name));
    let builder_path = if builder_module.is_empty() {
        quote!(#builder)
    } else {
        quote!(#builder_module::#builder)
    };
    let builder_fn = (kind != BuilderKind::None).then(|| {
        quote! {
            impl #name {
                #builder_doc
                pub fn builder() -> #builder_path {
                    ::std::default::Default::default()
                }
            }
        }
    });
    let error_impls = s.error.as_ref().map(|e| error_impls(&name, &e.code, s));
    let required: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.required && (m.optional || s.is_input))
        .collect();
    let check = (s.is_input && !required.is_empty()).then(|| {
        let checks = required.iter().map(|m| {
            let f = ident(&m.field);
            let key = m.field.trim_start_matches("r#");
            quote!((#key, self.#f.is_some()))
        });
        quote! {
            impl #name {
                /// Fails, naming every missing member, when a required member is unset.
                pub(crate) fn check_required(&self) -> ::std::result::Result<(), ::smelt_runtime::error::BuildError> {
                    ::smelt_runtime::protocol::check_required(&[#(#checks),*])
                }
            }
        }
    });
    let validate = validate_fn(&name, s);
    let ty = quote! {
        #docs
        #dep
        #derives
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        #builder_fn
        #default_impl
        #debug
        #error_impls
        #check
        #validate
    };
    if kind == BuilderKind::None {
        return (ty, quote!());
    }
    (ty, builder_def(def, s, &type_path, &builder, fluent))
}

fn builder_def(
    def: &TypeDef,
    s: &Struct,
    type_path: &TokenStream,
    builder: &syn::Ident,
    fluent: bool,
) -> TokenStream {
    let wraps = super::builder_wraps(s);
    let fields = if wraps {
        quote!(pub(crate) inner: #type_path,)
    } else {
        let fields = s.members.iter().map(|m| {
            let f = ident(&m.field);
            let ty = rust_type(&m.ty);
            quote!(pub(crate) #f: ::std::option::Option<#ty>,)
        });
        quote!(#(#fields)*)
    };
    let setters = s.members.iter().map(|m| setters(m, wraps));
    let members: Vec<&Member> = s.members.iter().collect();
    let generics = if fluent { quote!(<C>) } else { quote!() };
    // A wrapped builder shows its value, whose own `Debug` redacts sensitive members.
    let debug = if wraps {
        None
    } else {
        debug_impl(builder, &generics, def.sensitive, &members)
    };
    let clone = (!s.streaming()).then(|| quote!(Clone,));
    let derives = if debug.is_some() {
        quote!(#[derive(#clone Default)])
    } else {
        quote!(#[derive(#clone Default, Debug)])
    };
    let build = build_fn(def, s, type_path);
    let docs = super::doc(&format!(
        "A builder for {}.",
        super::link(&def.name, type_path)
    ));
    if fluent {
        return quote! {
            #docs
            ///
            /// Made by the client's method for the operation, it also sends the request (`send`).
            #derives
            pub struct #builder<C = ()> {
                pub(crate) client_: C,
                #fields
            }

            impl<C> #builder<C> {
                #(#setters)*
                #build
            }
            #debug
        };
    }
    quote! {
        #docs
        #derives
        pub struct #builder { #fields }

        impl #builder {
            #(#setters)*
            #build
        }
        #debug
    }
}

/// Setter methods of a builder; `wraps` says the member lives in the builder's `inner` value.
fn setters(m: &Member, wraps: bool) -> TokenStream {
    let f = ident(&m.field);
    let f = if wraps { quote!(inner.#f) } else { quote!(#f) };
    let name = ident(&m.setter);
    let set = format_ident!("{}", crate::naming::prefixed_method("set", &m.smithy_name));
    let ty = rust_type(&m.ty);
    let docs = doc(&m.docs);
    let dep = deprecated(&m.deprecated);
    let set_doc = super::doc(&format!(
        "Sets or clears `{}`.",
        m.field.trim_start_matches("r#")
    ));
    let primary = match &m.ty {
        RustType::List { item, sparse } => {
            let item = rust_type(item);
            let item = if *sparse {
                quote!(::std::option::Option<#item>)
            } else {
                item
            };
            let note = super::doc(&format!(
                "Appends one item to `{}`.",
                m.field.trim_start_matches("r#")
            ));
            quote! {
                #docs
                ///
                #note
                #dep
                pub fn #name(mut self, input: impl ::std::convert::Into<#item>) -> Self {
                    self.#f.get_or_insert_with(::std::vec::Vec::new).push(input.into());
                    self
                }
            }
        }
        RustType::Map { value, sparse } => {
            let value = rust_type(value);
            let value = if *sparse {
                quote!(::std::option::Option<#value>)
            } else {
                value
            };
            let note = super::doc(&format!(
                "Adds one entry to `{}`.",
                m.field.trim_start_matches("r#")
            ));
            quote! {
                #docs
                ///
                #note
                #dep
                pub fn #name(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<#value>) -> Self {
                    self.#f.get_or_insert_with(::std::default::Default::default).insert(key.into(), value.into());
                    self
                }
            }
        }
        _ => quote! {
            #docs
            #dep
            pub fn #name(mut self, input: impl ::std::convert::Into<#ty>) -> Self {
                self.#f = ::std::option::Option::Some(input.into());
                self
            }
        },
    };
    quote! {
        #primary
        #set_doc
        #dep
        pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
            self.#f = input;
            self
        }
    }
}

fn build_fn(def: &TypeDef, s: &Struct, name: &TokenStream) -> TokenStream {
    let ret_doc = super::doc(&format!(
        "Builds the {}; fails naming every required member that is unset.",
        super::link(&def.name, name)
    ));
    if super::builder_wraps(s) {
        // As below: an input checks its required members; other structures (output shapes with
        // every member optional) have none that can be unset.
        let check = (s.is_input && s.members.iter().any(|m| m.required))
            .then(|| quote!(self.inner.check_required()?;));
        return quote! {
            #ret_doc
            pub fn build(self) -> ::std::result::Result<#name, ::smelt_runtime::error::BuildError> {
                #check
                ::std::result::Result::Ok(self.inner)
            }
        };
    }
    let inits = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let boxed = m.boxed;
        let value = if m.optional {
            if boxed {
                quote!(self.#f.map(::std::boxed::Box::new))
            } else {
                quote!(self.#f)
            }
        } else {
            let modeled = if m.required { None } else { modeled_default(m) };
            let fallback = if let Some(d) = modeled {
                let cheap = matches!(
                    m.ty,
                    RustType::Bool
                        | RustType::I8
                        | RustType::I16
                        | RustType::I32
                        | RustType::I64
                        | RustType::F32
                        | RustType::F64
                );
                if cheap {
                    quote!(self.#f.unwrap_or(#d))
                } else {
                    quote!(self.#f.unwrap_or_else(|| #d))
                }
            } else {
                quote!(self.#f.unwrap_or_default())
            };
            if boxed {
                quote!(::std::boxed::Box::new(#fallback))
            } else {
                fallback
            }
        };
        quote!(#f: #value,)
    });
    let required: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.required && !m.optional)
        .collect();
    if s.is_input {
        let has_check = s.members.iter().any(|m| m.required);
        let check = has_check.then(|| quote!(out.check_required()?;));

        return quote! {
            #ret_doc
            pub fn build(self) -> ::std::result::Result<#name, ::smelt_runtime::error::BuildError> {
                let out = #name { #(#inits)* };
                #check
                ::std::result::Result::Ok(out)
            }
        };
    }
    let check = (!required.is_empty()).then(|| {
        let checks = required.iter().map(|m| {
            let f = ident(&m.field);
            let key = m.field.trim_start_matches("r#");
            quote!((#key, self.#f.is_some()))
        });
        quote!(::smelt_runtime::protocol::check_required(&[#(#checks),*])?;)
    });
    quote! {
        #ret_doc
        pub fn build(self) -> ::std::result::Result<#name, ::smelt_runtime::error::BuildError> {
            #check
            ::std::result::Result::Ok(#name { #(#inits)* })
        }
    }
}

fn error_impls(name: &syn::Ident, code: &str, s: &Struct) -> TokenStream {
    let message = s.members.iter().find(|m| {
        m.smithy_name.eq_ignore_ascii_case("message") && m.ty == RustType::String && !m.sensitive
    });
    let write_message = match message {
        Some(m) if m.optional => {
            let f = ident(&m.field);
            quote! {
                if let ::std::option::Option::Some(message) = &self.#f {
                    write!(f, ": {message}")?;
                }
            }
        }
        Some(m) => {
            let f = ident(&m.field);
            quote!(write!(f, ": {}", self.#f)?;)
        }
        None => quote!(),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                #write_message
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for #name {}
    }
}

/// `validate()` for an operation input: the checks [`Struct::validation`] decides on (the
/// operation's `send` calls the method exactly when that has checks). Patterns the runtime's
/// engine cannot express (look-around, back-references) are listed in the method's docs.
fn validate_fn(name: &syn::Ident, s: &Struct) -> Option<TokenStream> {
    let validation = s.validation();
    if validation.checks.is_empty() {
        return None;
    }
    let checks = validation.checks.iter().map(|c| {
        let m = c.member;
        let f = ident(&m.field);
        let key = m.field.trim_start_matches("r#");
        let mut rules = Vec::new();
        if let Some((min, max)) = c.length {
            let lit = |v: u64| proc_macro2::Literal::u64_unsuffixed(v);
            let min = opt_tokens(min.map(|v| lit(v).into_token_stream()));
            let max = opt_tokens(max.map(|v| lit(v).into_token_stream()));
            rules.push(quote!(::smelt_runtime::validate::length(#key, v, #min, #max)?;));
        }
        if let Some((min, max)) = c.range {
            let value = match m.ty {
                RustType::I64 => quote!(*v as f64),
                RustType::F64 => quote!(*v),
                _ => quote!(f64::from(*v)),
            };
            let lit = |v: f64| proc_macro2::Literal::f64_unsuffixed(v);
            let min = opt_tokens(min.map(|v| lit(v).into_token_stream()));
            let max = opt_tokens(max.map(|v| lit(v).into_token_stream()));
            rules.push(quote!(::smelt_runtime::validate::range(#key, #value, #min, #max)?;));
        }
        if let (Some(regex), Some(p)) = (c.pattern, &m.constraints.pattern) {
            let source = &p.source;
            rules.push(quote!(::smelt_runtime::validate::pattern(#key, v, #regex, #source)?;));
        }
        if m.optional {
            quote! {
                if let ::std::option::Option::Some(v) = &self.#f {
                    #(#rules)*
                }
            }
        } else {
            quote! {
                let v = &self.#f;
                #(#rules)*
            }
        }
    });
    let mut text = "Checks the members that are set against the model's `@length`, `@range` and `@pattern` constraints.\n\nSending does this only when the config enables `validate_constraints`.".to_string();
    if !validation.unchecked.is_empty() {
        let skipped: Vec<String> = validation
            .unchecked
            .iter()
            .map(|(m, p, reason)| {
                format!(
                    "`{}` (pattern `{}`: {reason})",
                    m.field.trim_start_matches("r#"),
                    p.source
                )
            })
            .collect();
        text.push_str(&format!("\n\nNot checked: {}.", skipped.join(", ")));
    }
    let docs = doc(&text);
    Some(quote! {
        impl #name {
            #docs
            pub fn validate(&self) -> ::std::result::Result<(), ::smelt_runtime::error::BuildError> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    })
}

fn opt_tokens(v: Option<TokenStream>) -> TokenStream {
    match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}
