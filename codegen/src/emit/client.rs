//! `src/client.rs`: the `Client` with one method per operation.
//!
//! Must not: build requests or parse responses; each method hands the operation's input
//! builder to the client handle.

use super::{deprecated, doc, ident};
use crate::ir::{Crate, Protocol};
use quote::{format_ident, quote};

pub fn client(krate: &Crate) -> proc_macro2::TokenStream {
    let s = &krate.service;
    let signing_name = &s.signing_name;
    let endpoint_prefix = &s.endpoint_prefix;
    let version = &s.version;
    let sdk_id = &s.sdk_id;
    let query_compatible = s.query_compatible;
    let endpoint_rules = match &s.endpoint_rules {
        Some(rules) => quote!(::std::option::Option::Some(#rules)),
        None => quote!(::std::option::Option::None),
    };
    let protocol = match &s.protocol {
        Protocol::RestJson1 => quote!(RestJson1),
        Protocol::AwsJson1_0 { .. } => quote!(AwsJson1_0),
        Protocol::AwsJson1_1 { .. } => quote!(AwsJson1_1),
        Protocol::AwsQuery { .. } => quote!(AwsQuery),
        Protocol::Ec2Query { .. } => quote!(Ec2Query),
        Protocol::RestXml { .. } => quote!(RestXml),
        Protocol::RpcV2Cbor { .. } => quote!(RpcV2Cbor),
        Protocol::RpcV2Json { .. } => quote!(RpcV2Json),
        Protocol::Unsupported(name) => {
            let variant = format_ident!(
                "{}",
                heck::ToUpperCamelCase::to_upper_camel_case(name.as_str())
            );
            quote!(#variant)
        }
    };
    let methods = krate
        .operations
        .iter()
        .filter(|op| op.unsupported.is_none())
        .map(|op| {
            let method = ident(&op.client_method);
            let module = ident(&op.module);
            let fluent = format_ident!("{}", crate::naming::fluent_builder(&op.name));
            let mut text = op.docs.clone();
            if text.is_empty() {
                text = format!("Calls the `{}` operation.", op.name);
            }
            if op.pagination.is_some() {
                text.push_str("\n\nPaginated: the fluent builder has `into_paginator()`.");
            }
            let docs = doc(&text);
            let dep = deprecated(&op.deprecated);
            let waiters = super::waiter::client_methods(op);
            quote! {
                #docs
                #dep
                pub fn #method(&self) -> crate::operation::#module::#fluent {
                    crate::operation::#module::#fluent::new(self.handle.clone())
                }
                #waiters
            }
        });
    let client_doc = doc(&format!(
        "Client for {}.\n\nCreate one with [`Client::from_conf`]; it is cheap to clone and share.",
        s.title
    ));
    quote! {
        //! The service client.

        #[doc(hidden)]
        pub static SERVICE: ::smelt_runtime::client::ServiceInfo = ::smelt_runtime::client::ServiceInfo {
            signing_name: #signing_name,
            endpoint_prefix: #endpoint_prefix,
            protocol: ::smelt_runtime::client::Protocol::#protocol,
            api_version: #version,
            sdk_id: #sdk_id,
            query_compatible: #query_compatible,
            endpoint_rules: #endpoint_rules,
        };

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::smelt_runtime::client::Handle,
        }

        impl Client {
            /// Creates a client from a [`Config`](crate::Config).
            pub fn from_conf(config: ::smelt_runtime::config::Config) -> Self {
                Self { handle: ::smelt_runtime::client::Handle::new(config, &SERVICE) }
            }

            /// The configuration the client was built with.
            pub fn config(&self) -> &::smelt_runtime::config::Config {
                self.handle.config()
            }

            #(#methods)*
        }
    }
}
