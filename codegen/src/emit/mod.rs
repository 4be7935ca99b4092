//! Emitters: IR → token streams → formatted files. Each submodule writes one part of the
//! crate; [`module_of`] decides where every generated item lives.
//!
//! Must not: read the model or raw JSON (emitters see only the IR), or name anything
//! (names come from the IR, decided in `naming`).

mod client;
mod endpoint_tests;
mod event_stream;
mod json;
mod operation;
mod request;
mod response;
mod types;
mod variants;
mod waiter;
mod xml;

use crate::ir::{Crate, RustType, Struct, TimestampFormat};
use crate::{format, GitReference, Options, RuntimeDependency, RUNTIME_VERSION};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::path::PathBuf;

/// Where a generated item lives.
pub enum Item<'a> {
    /// A shape shared between operations.
    SharedType(&'a str),
    /// The builder of a shared structure.
    SharedBuilder(&'a str),
    /// Something of one operation (its input, output, error, builders).
    Operation(&'a str),
}

/// Module placement, in one function: the Rust path of the module an item lives in.
pub fn module_of(item: Item<'_>) -> TokenStream {
    match item {
        Item::SharedType(_) => quote!(crate::types),
        Item::SharedBuilder(_) => quote!(crate::types::builders),
        Item::Operation(module) => {
            let m = ident(module);
            quote!(crate::operation::#m)
        }
    }
}

/// The file a module path is written to.
fn file_of(item: Item<'_>) -> PathBuf {
    match item {
        Item::SharedType(_) => PathBuf::from("src/types.rs"),
        Item::SharedBuilder(_) => PathBuf::from("src/types/builders.rs"),
        Item::Operation(module) => PathBuf::from(format!(
            "src/operation/{}.rs",
            module.trim_start_matches("r#")
        )),
    }
}

/// Emits the whole crate.
pub fn emit(krate: &Crate, options: &Options) -> Result<crate::Generated, String> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    files.push((PathBuf::from("Cargo.toml"), cargo_toml(krate, options)));
    files.push((
        PathBuf::from("src/lib.rs"),
        with_lint_reasons(format::rust_file(lib_rs(krate), false, &[])?),
    ));
    let (types_rs, builders_rs) = types::shared(krate);
    let types_safe = format::prelude_safe(krate.types.iter().map(|t| t.name.as_str()));
    files.push((
        file_of(Item::SharedType("")),
        format::rust_file(types_rs, types_safe, &["types"])?,
    ));
    files.push((
        file_of(Item::SharedBuilder("")),
        format::rust_file(builders_rs, true, &["types", "builders"])?,
    ));
    let mut mods = Vec::new();
    for op in krate
        .operations
        .iter()
        .filter(|op| op.unsupported.is_none())
    {
        let m = ident(&op.module);
        let docs = doc(&format!(
            "Types and request glue of the `{}` operation.",
            op.name
        ));
        mods.push(quote!(#docs pub mod #m;));
        files.push((
            file_of(Item::Operation(&op.module)),
            format::rust_file(
                operation::operation(krate, op),
                true,
                &["operation", op.module.as_str()],
            )?,
        ));
    }
    files.push((
        PathBuf::from("src/operation.rs"),
        format::rust_file(
            quote!(
                //! One module per operation: input, output, error and the builders for them.
                #(#mods)*
            ),
            true,
            &["operation"],
        )?,
    ));
    files.push((
        PathBuf::from("src/client.rs"),
        format::rust_file(client::client(krate), true, &["client"])?,
    ));
    if let Some(tests) = &krate.endpoint_tests {
        files.push((
            PathBuf::from("tests/endpoint_tests.rs"),
            format::rust_file(endpoint_tests::endpoint_tests(krate, tests), true, &[])?,
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(crate::Generated {
        package: krate.package.clone(),
        protocol: krate.service.protocol.name().to_string(),
        operations: krate
            .operations
            .iter()
            .filter(|op| op.unsupported.is_none())
            .count(),
        unsupported: krate
            .operations
            .iter()
            .filter_map(|op| op.unsupported.clone().map(|r| (op.name.clone(), r)))
            .collect(),
        operation_names: krate
            .operations
            .iter()
            .filter(|op| op.unsupported.is_none())
            .map(|op| op.name.clone())
            .collect(),
        files,
    })
}

/// The runtime features the crate needs: only what its model uses is compiled.
fn runtime_features(krate: &Crate) -> Vec<&'static str> {
    let generated = || {
        krate
            .operations
            .iter()
            .filter(|op| op.unsupported.is_none())
    };
    let mut features = Vec::new();
    if krate.service.protocol.is_xml() {
        features.push("xml");
    }
    if krate.service.protocol.is_cbor() {
        features.push("cbor");
    }
    let event_streams = krate
        .types
        .iter()
        .any(|t| t.event_stream && (t.deserialize || t.serialize));
    if event_streams {
        features.push("event-stream");
    }
    // HTTP/2 where the protocol trait leaves no other choice (Kinesis lists only `h2` for its
    // event streams: `SubscribeToShard`), and for event streams in requests, whose answers
    // arrive while the request is still being sent (Transcribe Streaming). A list with
    // `http/1.1` in it is otherwise served over HTTP/1.1, which needs no more crates.
    let only_h2 = |versions: &[String]| {
        versions.iter().any(|v| v == "h2") && !versions.iter().any(|v| v == "http/1.1")
    };
    let input_event_streams = krate.types.iter().any(|t| t.event_stream && t.serialize);
    if only_h2(&krate.service.http)
        || (event_streams && only_h2(&krate.service.event_stream_http))
        || input_event_streams
    {
        features.push("http2");
    }
    if generated().any(|op| op.request_compression) {
        features.push("compression");
    }
    if generated().any(|op| op.checksum_required) {
        features.push("md5");
    }
    if krate.service.endpoint_sigv4a {
        features.push("sigv4a");
    }
    if generated().any(|op| op.http_checksum.is_some()) {
        features.push("checksums");
    }
    features
}

fn cargo_toml(krate: &Crate, options: &Options) -> String {
    let features = runtime_features(krate);
    let features = if features.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        format!(", features = [{}]", list.join(", "))
    };
    let runtime = match &options.runtime {
        RuntimeDependency::Path(p) => format!(
            "{{ path = \"{}\", default-features = false{features} }}",
            p.replace('\\', "/")
        ),
        RuntimeDependency::Version(v) => {
            format!("{{ version = \"{v}\", default-features = false{features} }}")
        }
        RuntimeDependency::Git { url, reference } => {
            let reference = match reference {
                None => String::new(),
                Some(GitReference::Rev(r)) => format!(", rev = \"{r}\""),
                Some(GitReference::Tag(t)) => format!(", tag = \"{t}\""),
                Some(GitReference::Branch(b)) => format!(", branch = \"{b}\""),
            };
            format!("{{ git = \"{url}\"{reference}, default-features = false{features} }}")
        }
    };
    let workspace = if options.standalone {
        "\n[workspace]\n"
    } else {
        ""
    };
    format!(
        "# Generated by `cargo xtask codegen` from a Smithy model. Do not edit by hand.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         edition = \"2021\"\n\
         description = \"Rust client for {title}, generated by smelt.\"\n\
         license = \"Apache-2.0\"\n\
         publish = false\n\
         \n\
         [features]\n\
         default = [\"hyper-client\"]\n\
         # The default HTTP client (hyper + rustls). Without it, pass your own `http_client`.\n\
         hyper-client = [\"smelt-rt/hyper-client\"]\n\
         \n\
         [dependencies]\n\
         smelt-rt = {runtime}\n\
         http = \"1\"\n\
         \n\
         [dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
         {workspace}",
        name = krate.package,
        version = options.package_version.as_deref().unwrap_or("0.1.0"),
        title = krate.service.title.replace('"', "'"),
    )
}

fn lib_rs(krate: &Crate) -> TokenStream {
    let s = &krate.service;
    let mut text = format!("Client for {} (API version {}).\n\n", s.title, s.version);
    if !s.docs.is_empty() {
        text.push_str(&s.docs);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Wire protocol: `{}`. Build a [`Config`], then a [`Client`], and call one method per operation.\n",
        s.protocol.name()
    ));
    let unsupported: Vec<_> = krate
        .operations
        .iter()
        .filter(|op| op.unsupported.is_some())
        .collect();
    if !unsupported.is_empty() {
        text.push_str("\n# Operations not generated\n\n");
        for op in unsupported {
            text.push_str(&format!(
                "- `{}`: {}\n",
                op.name,
                op.unsupported.as_deref().unwrap_or("")
            ));
        }
    }
    let docs = inner_doc(&text);
    let waiter = krate
        .operations
        .iter()
        .any(|op| !op.waiters.is_empty())
        .then(|| {
            quote! {
                /// What waiters (`Client::wait_until_…`) return: outputs, errors, the last response.
                pub use ::smelt_runtime::client::waiter;
            }
        });
    // `pub const RUNTIME_VERSION` and the compile-time check that the runtime supports it.
    let runtime_version = RUNTIME_VERSION;
    let lints = ALLOWED_LINTS.iter().map(|(lint, _)| {
        let path: syn::Path = syn::parse_str(lint).expect("a lint path");
        quote!(#![allow(#path)])
    });
    quote! {
        #docs
        #(#lints)*

        // Generated modules are formatted by the generator (prettyplease), not by rustfmt.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod operation;
        #[rustfmt::skip]
        pub mod types;

        pub use ::smelt_runtime::config::{Config, ConfigBuilder};
        pub use ::smelt_runtime::error::{BuildError, SdkError};
        pub use client::Client;
        #waiter

        ::smelt_runtime::protocol::version::require_runtime!(#runtime_version);

        /// Runtime types used in the API (timestamps, blobs, byte streams, documents, big numbers).
        pub mod primitives {
            pub use ::smelt_runtime::types::{BigDecimal, BigInteger, Blob, ByteStream, DateTime, Document};
        }
    }
}

/// The lint policy of generated crates: what `lib.rs` allows, and why (each reason is written
/// after its `#![allow]`). Names and shapes come from models, so lints about how a name reads
/// or how a type is laid out are allowed; lints about correctness are not. Names are changed only
/// where Rust requires it (`naming.rs`), never to please a style lint.
pub const ALLOWED_LINTS: &[(&str, &str)] = &[
    ("deprecated", "`@deprecated` items are still serialized"),
    (
        "clippy::should_implement_trait",
        "setters keep model names (`add`, `next`)",
    ),
    (
        "clippy::wrong_self_convention",
        "setters named `as_*`, `to_*` take `self`",
    ),
    (
        "clippy::module_inception",
        "a shape may be named like its module",
    ),
    (
        "clippy::enum_variant_names",
        "variants are the model's names",
    ),
    (
        "clippy::large_enum_variant",
        "variants are the model's shapes",
    ),
    (
        "clippy::type_complexity",
        "types nest like the model's collections",
    ),
    (
        "clippy::needless_lifetimes",
        "lifetimes are spelled out everywhere",
    ),
];

/// Writes each allowed lint's reason as a comment after its `#![allow]` in `lib.rs`.
fn with_lint_reasons(mut lib: String) -> String {
    for (lint, reason) in ALLOWED_LINTS {
        let attr = format!("#![allow({lint})]");
        lib = lib.replacen(
            &format!("{attr}\n"),
            &format!("{attr} // Lint policy: {reason}\n"),
            1,
        );
    }
    lib
}

/// An identifier, raw when the name is escaped as `r#...`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Outer doc attributes, one per line (prettyplease prints them as `///`).
pub fn doc(text: &str) -> TokenStream {
    let lines = text
        .trim_end()
        .lines()
        .map(|l| format!(" {l}").trim_end().to_string());
    quote!(#(#[doc = #lines])*)
}

/// Inner doc attributes (`//!`).
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = text
        .trim_end()
        .lines()
        .map(|l| format!(" {l}").trim_end().to_string());
    quote!(#(#![doc = #lines])*)
}

/// An intra-doc link to a type, given its path tokens (the label alone when the path is the name).
pub fn link(name: &str, path: &TokenStream) -> String {
    let path = path.to_string().replace(' ', "");
    if path == name {
        format!("[`{name}`]")
    } else {
        format!("[`{name}`]({path})")
    }
}

/// `#[deprecated]` for a deprecation note.
pub fn deprecated(note: &Option<String>) -> TokenStream {
    match note.as_deref() {
        None => quote!(),
        Some("") => quote!(#[deprecated]),
        Some(n) => quote!(#[deprecated(note = #n)]),
    }
}

/// The Rust type for a value, with fully qualified paths so model names cannot shadow them.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Blob => quote!(::smelt_runtime::types::Blob),
        RustType::ByteStream => quote!(::smelt_runtime::types::ByteStream),
        RustType::EventStream { name, input } => {
            let module = module_of(Item::SharedType(name));
            let name = format_ident!("{}", name);
            if *input {
                quote!(::smelt_runtime::eventstream::EventStreamSender<#module::#name>)
            } else {
                quote!(::smelt_runtime::eventstream::EventReceiver<#module::#name>)
            }
        }
        RustType::Timestamp => quote!(::smelt_runtime::types::DateTime),
        RustType::Document => quote!(::smelt_runtime::types::Document),
        RustType::BigInteger => quote!(::smelt_runtime::types::BigInteger),
        RustType::BigDecimal => quote!(::smelt_runtime::types::BigDecimal),
        RustType::Named { name, .. } => {
            let module = module_of(Item::SharedType(name));
            let name = format_ident!("{}", name);
            quote!(#module::#name)
        }
        RustType::List { item, sparse } => {
            let item = rust_type(item);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#item>>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        RustType::Map { value, sparse } => {
            let value = rust_type(value);
            if *sparse {
                quote!(::std::collections::HashMap<::std::string::String, ::std::option::Option<#value>>)
            } else {
                quote!(::std::collections::HashMap<::std::string::String, #value>)
            }
        }
    }
}

/// The runtime's name for a timestamp format.
pub fn timestamp_format(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::DateTime => quote!(::smelt_runtime::types::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(::smelt_runtime::types::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => {
            quote!(::smelt_runtime::types::TimestampFormat::EpochSeconds)
        }
    }
}

/// The structure of an operation's input or output (always a structure after lowering).
fn members(def: &crate::ir::TypeDef) -> &crate::ir::Struct {
    match &def.kind {
        crate::ir::TypeKind::Struct(s) => s,
        _ => unreachable!("operation inputs and outputs are structures"),
    }
}

/// Whether a builder holds the value it builds (`inner`) instead of one `Option` per member:
/// when every member is an unboxed `Option`, the two are the same, so the builder needs no field
/// list of its own, and `build` only checks required members.
pub fn builder_wraps(s: &Struct) -> bool {
    s.members.iter().all(|m| m.optional && !m.boxed)
}

/// A fresh builder's fields (after `client_` in a fluent builder).
pub fn empty_builder_fields(s: &Struct) -> TokenStream {
    if builder_wraps(s) {
        return quote!(inner: ::std::default::Default::default(),);
    }
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        quote!(#f: ::std::option::Option::None,)
    });
    quote!(#(#fields)*)
}
