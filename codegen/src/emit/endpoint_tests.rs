//! `tests/endpoint_tests.rs`: the model's `smithy.rules#endpointTests` as one test that runs
//! every case through the client (`smelt_runtime::client::endpoint_cases::run`): the cases as
//! one JSON string, and one `match` arm per distinct operation call.
//!
//! Must not: check results (the runtime's runner does).

use super::{ident, module_of, Item};
use crate::ir::{Crate, EndpointTestCall, EndpointTests, NamedKind, RustType, TypeKind};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use serde_json::Value;

pub fn endpoint_tests(krate: &Crate, tests: &EndpointTests) -> TokenStream {
    let lib = Ident::new(&krate.package.replace('-', "_"), Span::call_site());
    let cases = &tests.cases;
    let arms = tests.calls.iter().enumerate().map(|(i, call)| {
        let body = match call_expr(krate, &lib, call) {
            Ok(call) => quote!(#call.send().await.err().map(|e| e.to_string())),
            Err(reason) => {
                let reason = format!("operation input {i} is not expressible: {reason}");
                quote!(::std::option::Option::Some(::std::string::String::from(#reason)))
            }
        };
        quote!(#i => #body,)
    });
    let body = if tests.calls.is_empty() {
        quote!(::std::option::Option::Some(::std::format!(
            "no operation input {input}"
        )))
    } else {
        quote! {
            let client = #lib::Client::from_conf(config);
            match input {
                #(#arms)*
                _ => ::std::option::Option::Some(::std::format!("no operation input {input}")),
            }
        }
    };
    let config_arg = if tests.calls.is_empty() {
        quote!(_config)
    } else {
        quote!(config)
    };
    let mut doc = String::from(
        "The model's `smithy.rules#endpointTests`, run through the client's endpoint path by\n\
         `smelt_runtime::client::endpoint_cases` (which documents what each case checks).",
    );
    if !tests.left_out.is_empty() {
        doc.push_str(
            "\n\nOperation inputs left out (their cases' parameters are still checked):\n",
        );
        for reason in &tests.left_out {
            doc.push_str(&format!("\n- {reason}"));
        }
    }
    let doc = doc.lines().map(|l| {
        let l = format!(" {l}");
        quote!(#![doc = #l])
    });
    quote! {
        #(#doc)*
        // Formatted by the generator (prettyplease), not by rustfmt.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        const CASES: &str = #cases;

        fn call(#config_arg: ::smelt_runtime::config::Config, input: usize) -> ::smelt_runtime::client::endpoint_cases::Call {
            ::std::boxed::Box::pin(async move { #body })
        }

        #[tokio::test]
        async fn endpoint_tests() {
            let handle = |config| ::smelt_runtime::client::Handle::new(config, &#lib::client::SERVICE);
            match ::smelt_runtime::client::endpoint_cases::run(CASES, handle, call).await {
                ::std::result::Result::Ok(report) => {
                    print!("{report}");
                    assert!(report.failed.is_empty(), "{report}");
                }
                ::std::result::Result::Err(e) => panic!("{e}"),
            }
        }
    }
}

/// `client.op().set_a(Some(..))...` for one call.
fn call_expr(krate: &Crate, lib: &Ident, call: &EndpointTestCall) -> Result<TokenStream, String> {
    let method = ident(&call.client_method);
    let mut out = quote!(client.#method());
    for (member, value) in &call.params {
        let set = format_ident!(
            "{}",
            crate::naming::prefixed_method("set", &member.smithy_name)
        );
        let expr = if value.is_null() {
            quote!(::std::option::Option::None)
        } else {
            let v = value_expr(krate, lib, &member.ty, value)?;
            quote!(::std::option::Option::Some(#v))
        };
        out = quote!(#out.#set(#expr));
    }
    Ok(out)
}

/// A path of the generated crate (`crate::types::X`) as the test crate names it (`lib::…`).
fn in_lib(path: TokenStream, lib: &Ident) -> TokenStream {
    path.into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == "crate" => TokenTree::Ident(lib.clone()),
            other => other,
        })
        .collect()
}

fn named(name: &str, lib: &Ident) -> TokenStream {
    let module = in_lib(module_of(Item::SharedType(name)), lib);
    let name = format_ident!("{}", name);
    quote!(#module::#name)
}

/// A Rust expression of type `ty` for a test value.
fn value_expr(krate: &Crate, lib: &Ident, ty: &RustType, v: &Value) -> Result<TokenStream, String> {
    let int = |v: &Value| {
        v.as_i64()
            .ok_or_else(|| format!("expected an integer, got {v}"))
    };
    Ok(match ty {
        RustType::String => {
            let s = v
                .as_str()
                .ok_or_else(|| format!("expected a string, got {v}"))?;
            quote!(::std::string::String::from(#s))
        }
        RustType::Bool => {
            let b = v
                .as_bool()
                .ok_or_else(|| format!("expected a boolean, got {v}"))?;
            quote!(#b)
        }
        RustType::I8 => {
            let n = i8::try_from(int(v)?).map_err(|e| e.to_string())?;
            quote!(#n)
        }
        RustType::I16 => {
            let n = i16::try_from(int(v)?).map_err(|e| e.to_string())?;
            quote!(#n)
        }
        RustType::I32 => {
            let n = i32::try_from(int(v)?).map_err(|e| e.to_string())?;
            quote!(#n)
        }
        RustType::I64 => {
            let n = int(v)?;
            quote!(#n)
        }
        RustType::F32 | RustType::F64 => {
            let n = v
                .as_f64()
                .ok_or_else(|| format!("expected a number, got {v}"))?;
            if !n.is_finite() {
                return Err(format!("{n} is not a finite number"));
            }
            if matches!(ty, RustType::F32) {
                let n = n as f32;
                quote!(#n)
            } else {
                quote!(#n)
            }
        }
        RustType::Blob => {
            let s = v
                .as_str()
                .ok_or_else(|| format!("expected blob text, got {v}"))?;
            quote!(::smelt_runtime::types::Blob::new(#s.as_bytes().to_vec()))
        }
        RustType::Named { name, kind } => {
            let path = named(name, lib);
            match kind {
                NamedKind::Enum => {
                    let s = v
                        .as_str()
                        .ok_or_else(|| format!("expected a string, got {v}"))?;
                    quote!(#path::from(#s))
                }
                NamedKind::IntEnum => {
                    let n = i32::try_from(int(v)?).map_err(|e| e.to_string())?;
                    quote!(#path::from(#n))
                }
                NamedKind::Struct => struct_expr(krate, lib, name, &path, v)?,
                NamedKind::Union => union_expr(krate, lib, name, &path, v)?,
            }
        }
        RustType::List { item, sparse } => {
            let items = v
                .as_array()
                .ok_or_else(|| format!("expected a list, got {v}"))?;
            let mut parts = Vec::new();
            for x in items {
                parts.push(match (sparse, x.is_null()) {
                    (true, true) => quote!(::std::option::Option::None),
                    (true, false) => {
                        let e = value_expr(krate, lib, item, x)?;
                        quote!(::std::option::Option::Some(#e))
                    }
                    (false, _) => value_expr(krate, lib, item, x)?,
                });
            }
            quote!(::std::vec![#(#parts),*])
        }
        RustType::Map { value, sparse } => {
            let entries = v
                .as_object()
                .ok_or_else(|| format!("expected a map, got {v}"))?;
            let mut parts = Vec::new();
            for (k, x) in entries {
                let e = match (sparse, x.is_null()) {
                    (true, true) => quote!(::std::option::Option::None),
                    (true, false) => {
                        let e = value_expr(krate, lib, value, x)?;
                        quote!(::std::option::Option::Some(#e))
                    }
                    (false, _) => value_expr(krate, lib, value, x)?,
                };
                parts.push(quote!((::std::string::String::from(#k), #e)));
            }
            quote!(::std::collections::HashMap::from([#(#parts),*]))
        }
        other => return Err(format!("no test values of type {other:?}")),
    })
}

/// `{ let mut v: T = Default::default(); v.field = …; v }`: works for every generated structure.
fn struct_expr(
    krate: &Crate,
    lib: &Ident,
    name: &str,
    path: &TokenStream,
    v: &Value,
) -> Result<TokenStream, String> {
    let def = krate
        .types
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| format!("no structure `{name}`"))?;
    let TypeKind::Struct(s) = &def.kind else {
        return Err(format!("`{name}` is not a structure"));
    };
    let fields = v
        .as_object()
        .ok_or_else(|| format!("expected an object, got {v}"))?;
    let mut sets = Vec::new();
    for (key, x) in fields {
        let m = s
            .members
            .iter()
            .find(|m| &m.smithy_name == key)
            .ok_or_else(|| format!("`{name}` has no member `{key}`"))?;
        let f = ident(&m.field);
        if x.is_null() {
            if m.optional {
                sets.push(quote!(v.#f = ::std::option::Option::None;));
            }
            continue;
        }
        let mut e = value_expr(krate, lib, &m.ty, x)?;
        if m.boxed {
            e = quote!(::std::boxed::Box::new(#e));
        }
        if m.optional {
            e = quote!(::std::option::Option::Some(#e));
        }
        sets.push(quote!(v.#f = #e;));
    }
    if sets.is_empty() {
        return Ok(quote!({ let v: #path = ::std::default::Default::default(); v }));
    }
    Ok(quote!({ let mut v: #path = ::std::default::Default::default(); #(#sets)* v }))
}

fn union_expr(
    krate: &Crate,
    lib: &Ident,
    name: &str,
    path: &TokenStream,
    v: &Value,
) -> Result<TokenStream, String> {
    let def = krate
        .types
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| format!("no union `{name}`"))?;
    let TypeKind::Union(variants) = &def.kind else {
        return Err(format!("`{name}` is not a union"));
    };
    let (key, inner) = v
        .as_object()
        .and_then(|o| o.iter().next())
        .ok_or("a union value must set one member")?;
    let variant = variants
        .iter()
        .find(|x| &x.smithy_name == key)
        .ok_or_else(|| format!("`{name}` has no member `{key}`"))?;
    let var = format_ident!("{}", variant.name);
    Ok(match &variant.ty {
        None => quote!(#path::#var),
        Some(t) => {
            let mut e = value_expr(krate, lib, t, inner)?;
            if variant.boxed {
                e = quote!(::std::boxed::Box::new(#e));
            }
            quote!(#path::#var(#e))
        }
    })
}
