//! `src/client.rs`: the `Client` with one method per operation.
//!
//! Must not: build requests or parse responses; each method hands the operation's input
//! builder to the client handle.

use super::{deprecated, doc, ident};
use crate::ir::{Crate, Member, Protocol, RustType, TypeKind};
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
    let sessions = s3_express_sessions(krate);
    let install = if sessions.is_some() {
        quote!(.with_s3_express(::std::sync::Arc::new(S3ExpressSessions)))
    } else {
        quote!()
    };
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
                Self { handle: ::smelt_runtime::client::Handle::new(config, &SERVICE) #install }
            }

            /// The configuration the client was built with.
            pub fn config(&self) -> &::smelt_runtime::config::Config {
                self.handle.config()
            }

            #(#methods)*
        }

        #sessions
    }
}

/// S3 Express session auth: when the rule set can ask for `sigv4-s3express` and the service
/// has a `CreateSession` operation of the expected shape (a `Bucket` input member; output
/// `Credentials` with `AccessKeyId`, `SecretAccessKey`, `SessionToken` strings and an
/// `Expiration` timestamp), the runtime's `CreateSession` seam over that operation.
fn s3_express_sessions(krate: &Crate) -> Option<proc_macro2::TokenStream> {
    if !krate.service.endpoint_s3_express {
        return None;
    }
    let op = krate
        .operations
        .iter()
        .find(|op| op.name == "CreateSession" && op.unsupported.is_none())?;
    let members = |kind: &TypeKind| match kind {
        TypeKind::Struct(s) => Some(s.members.clone()),
        _ => None,
    };
    let find =
        |members: &[Member], name: &str| members.iter().find(|m| m.smithy_name == name).cloned();
    let bucket = find(&members(&op.input.kind)?, "Bucket").filter(|m| m.ty == RustType::String)?;
    let credentials = find(&members(&op.output.kind)?, "Credentials")?;
    let RustType::Named { name, .. } = &credentials.ty else {
        return None;
    };
    let fields = members(&krate.types.iter().find(|t| &t.name == name)?.kind)?;
    let value = |member: &str, ty: RustType| {
        let m = find(&fields, member).filter(|m| m.ty == ty)?;
        let field = ident(&m.field);
        let rust = match ty {
            RustType::Timestamp => quote!(::smelt_runtime::types::DateTime),
            _ => quote!(::std::string::String),
        };
        // `Option<T>::from` takes both a `T` and an `Option<T>` field.
        Some(quote!(::std::option::Option::<#rust>::from(credentials.#field)))
    };
    let access_key_id = value("AccessKeyId", RustType::String)?;
    let secret_access_key = value("SecretAccessKey", RustType::String)?;
    let session_token = value("SessionToken", RustType::String)?;
    let expiration = value("Expiration", RustType::Timestamp)?;
    let method = ident(&op.client_method);
    let setter = ident(&bucket.setter);
    let field = ident(&credentials.field);
    let take = if credentials.optional {
        quote!(.ok_or("CreateSession returned no Credentials")?)
    } else {
        quote!()
    };
    Some(quote! {
        /// S3 Express session auth: the runtime's session seam over this client's
        /// `CreateSession`.
        #[derive(Debug)]
        struct S3ExpressSessions;

        impl ::smelt_runtime::client::s3_express::CreateSession<::smelt_runtime::client::Handle>
            for S3ExpressSessions
        {
            fn create_session<'a>(
                &'a self,
                handle: &'a ::smelt_runtime::client::Handle,
                bucket: &'a str,
            ) -> ::smelt_runtime::http::BoxFuture<
                'a,
                ::std::result::Result<::smelt_runtime::credentials::Credentials, ::std::string::String>,
            > {
                ::std::boxed::Box::pin(async move {
                    let output = Client { handle: handle.clone() }
                        .#method()
                        .#setter(bucket)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    let credentials = output.#field #take;
                    ::smelt_runtime::client::s3_express::session_credentials(
                        #access_key_id,
                        #secret_access_key,
                        #session_token,
                        #expiration,
                    )
                })
            }
        }
    })
}
