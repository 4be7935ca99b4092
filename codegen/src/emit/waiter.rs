//! Waiters: the `ToDocument` views their paths read, each waiter's static description, the
//! `wait` method of the input builder, and the client's `wait_until_…` methods. The wait loop,
//! the JMESPath evaluator and the backoff are in the runtime (`client::waiter`).

use super::{doc, ident, members};
use crate::ir::{Operation, TypeDef, TypeKind, WaiterComparator, WaiterMatcher, WaiterState};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `impl ToDocument` for a type a waiter path reads (structure, union or enum).
pub fn to_document_impl(def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let members = s.members.iter().map(|m| {
                let key = &m.smithy_name;
                let f = ident(&m.field);
                quote!((#key, ::smelt_runtime::primitives::ToDocument::to_document(&self.#f)),)
            });
            quote!(::smelt_runtime::primitives::document_object([#(#members)*]))
        }
        TypeKind::Enum(_) => {
            quote!(::smelt_runtime::primitives::Document::String(
                self.as_str().to_owned()
            ))
        }
        TypeKind::IntEnum(_) => quote!(::smelt_runtime::primitives::Document::from(self.as_i32())),
        TypeKind::Union(variants) => {
            let arms = variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                let key = &v.smithy_name;
                match v.ty {
                    Some(_) => quote!(Self::#id(v) => ::smelt_runtime::primitives::document_variant(#key, ::smelt_runtime::primitives::ToDocument::to_document(v)),),
                    None => quote!(Self::#id => ::smelt_runtime::primitives::document_variant(#key, ::smelt_runtime::primitives::document_object([])),),
                }
            });
            quote! {
                match self {
                    #(#arms)*
                    Self::Unknown => ::smelt_runtime::primitives::Document::Null,
                }
            }
        }
    };
    quote! {
        impl ::smelt_runtime::primitives::ToDocument for #name {
            fn to_document(&self) -> ::smelt_runtime::primitives::Document {
                #body
            }
        }
    }
}

/// The operation module's part: the output's (and input's) `ToDocument`, each waiter's static
/// and builder alias, and `wait` on the input builder.
pub fn operation_waiters(op: &Operation) -> TokenStream {
    if op.waiters.is_empty() {
        return quote!();
    }
    let input = format_ident!("{}", op.input.name);
    let output = format_ident!("{}", op.output.name);
    let error = format_ident!("{}", crate::naming::operation_error(&op.name));
    let builder = format_ident!("{}", crate::naming::builder_name(&op.input.name));
    let reads_input = op.waiters.iter().any(|w| w.reads_input());
    let output_doc = to_document_impl(&op.output);
    let input_doc = reads_input.then(|| to_document_impl(&op.input));
    let input_fn = if reads_input {
        quote!(::std::option::Option::Some(|input: &#input| ::smelt_runtime::primitives::ToDocument::to_document(input)))
    } else {
        quote!(::std::option::Option::None)
    };
    let rt = quote!(::smelt_runtime::client::waiter);
    let waiters = op.waiters.iter().map(|w| {
        let stat = format_ident!("{}", w.static_name);
        let alias = format_ident!("{}", w.builder);
        let name = &w.name;
        let (min, max) = (w.min_delay, w.max_delay);
        let acceptors = w.acceptors.iter().map(|a| {
            let state = match a.state {
                WaiterState::Success => quote!(Success),
                WaiterState::Failure => quote!(Failure),
                WaiterState::Retry => quote!(Retry),
            };
            let matcher = match &a.matcher {
                WaiterMatcher::Output(p) | WaiterMatcher::InputOutput(p) => {
                    let variant = if matches!(a.matcher, WaiterMatcher::Output(_)) {
                        quote!(Output)
                    } else {
                        quote!(InputOutput)
                    };
                    let comparator = match p.comparator {
                        WaiterComparator::StringEquals => quote!(StringEquals),
                        WaiterComparator::BooleanEquals => quote!(BooleanEquals),
                        WaiterComparator::AllStringEquals => quote!(AllStringEquals),
                        WaiterComparator::AnyStringEquals => quote!(AnyStringEquals),
                    };
                    let (path, expected) = (&p.path, &p.expected);
                    quote!(#rt::Matcher::#variant { path: #path, expected: #expected, comparator: #rt::PathComparator::#comparator })
                }
                WaiterMatcher::Success(b) => quote!(#rt::Matcher::Success(#b)),
                WaiterMatcher::ErrorType(e) => quote!(#rt::Matcher::ErrorType(#e)),
            };
            quote!(#rt::Acceptor { state: #rt::AcceptorState::#state, matcher: #matcher },)
        });
        let alias_doc = doc(&format!(
            "The builder [`Client::{}`](crate::Client::{}) returns: set the input, then call `wait`.",
            w.method, w.method
        ));
        quote! {
            pub(crate) static #stat: #rt::WaiterSpec = #rt::WaiterSpec {
                name: #name,
                min_delay: #min,
                max_delay: #max,
                acceptors: &[#(#acceptors)*],
            };
            #alias_doc
            pub type #alias = #builder<#rt::Waiting>;
        }
    });
    let empty_fields = super::empty_builder_fields(members(&op.input));
    quote! {
        #output_doc
        #input_doc
        #(#waiters)*

        impl #builder<#rt::Waiting> {
            pub(crate) fn waiting(waiting: #rt::Waiting) -> Self {
                Self { client_: waiting, #empty_fields }
            }

            /// Replaces the model's `minDelay` and `maxDelay` (the bounds of the backoff between calls).
            pub fn waiter_delays(mut self, min_delay: ::std::time::Duration, max_delay: ::std::time::Duration) -> Self {
                self.client_.set_delays(min_delay, max_delay);
                self
            }

            /// Calls the operation until an acceptor reports success or failure, or `max_wait` runs out.
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<#rt::WaiterOutput<#output, #error>, #rt::WaiterError<#output, #error>> {
                let waiting = self.client_.clone();
                waiting.wait(self.build(), max_wait, |handle, input| ::std::boxed::Box::pin(send(handle, input)), #input_fn).await
            }
        }
    }
}

/// The client's `wait_until_…` methods of an operation.
pub fn client_methods(op: &Operation) -> TokenStream {
    let module = ident(&op.module);
    let methods = op.waiters.iter().map(|w| {
        let method = format_ident!("{}", w.method);
        let alias = format_ident!("{}", w.builder);
        let stat = format_ident!("{}", w.static_name);
        let mut text = if w.docs.is_empty() {
            format!("Waits for `{}`.", w.name)
        } else {
            w.docs.clone()
        };
        text.push_str(&format!(
            "\n\nCalls `{}` until the `{}` waiter's acceptors decide (between {} s and {} s apart, with jitter). Set the input, then call `wait(max_wait)`.",
            op.name, w.name, w.min_delay, w.max_delay
        ));
        let docs = doc(&text);
        let dep = w
            .deprecated
            .then(|| quote!(#[deprecated = "this waiter is deprecated in the model"]));
        quote! {
            #docs
            #dep
            pub fn #method(&self) -> crate::operation::#module::#alias {
                crate::operation::#module::#alias::waiting(::smelt_runtime::client::waiter::Waiting::new(self.handle.clone(), &crate::operation::#module::#stat))
            }
        }
    });
    quote!(#(#methods)*)
}
