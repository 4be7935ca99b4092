//! Enums, int enums and unions: the type with its `Unknown` variant, conversions from and to the
//! wire value, and `Debug` with `@sensitive` redaction. Structures and builders are in
//! [`super::types`]; this module does not use it.

use super::{deprecated, doc, rust_type};
use crate::ir::{TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn string_enum(def: &TypeDef) -> TokenStream {
    let TypeKind::Enum(variants) = &def.kind else {
        unreachable!()
    };
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.docs);
    let dep = deprecated(&def.deprecated);
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let defs = variants.iter().zip(&idents).map(|(v, id)| {
        let text = if v.docs.is_empty() {
            format!("`{}`", v.value)
        } else {
            format!("`{}`: {}", v.value, v.docs)
        };
        let docs = doc(&text);
        let dep = deprecated(&v.deprecated);
        quote!(#docs #dep #id,)
    });
    quote! {
        #docs
        #dep
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the crate does not know; holds the value as received.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The default is an empty unknown value, used only when a response omits a required member.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }
    }
}

pub(super) fn int_enum(def: &TypeDef) -> TokenStream {
    let TypeKind::IntEnum(variants) = &def.kind else {
        unreachable!()
    };
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.docs);
    let dep = deprecated(&def.deprecated);
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<i32> = variants.iter().map(|v| v.value).collect();
    let defs = variants.iter().zip(&idents).map(|(v, id)| {
        let text = if v.docs.is_empty() {
            format!("`{}`", v.value)
        } else {
            format!("`{}`: {}", v.value, v.docs)
        };
        let docs = doc(&text);
        quote!(#docs #id,)
    });
    quote! {
        #docs
        #dep
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the crate does not know.
            Unknown(i32),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other),
                }
            }
        }

        /// The default is unknown value 0, used only when a response omits a required member.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::from(0)
            }
        }
    }
}

pub(super) fn union(def: &TypeDef) -> TokenStream {
    let TypeKind::Union(variants) = &def.kind else {
        unreachable!()
    };
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.docs);
    let dep = deprecated(&def.deprecated);
    let defs = variants.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let docs = doc(&v.docs);
        let dep = deprecated(&v.deprecated);
        match &v.ty {
            None => quote!(#docs #dep #id,),
            Some(ty) => {
                let ty = rust_type(ty);
                let ty = if v.boxed {
                    quote!(::std::boxed::Box<#ty>)
                } else {
                    ty
                };
                quote!(#docs #dep #id(#ty),)
            }
        }
    });
    let debug = if def.sensitive {
        let label = def.name.clone();
        Some(quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label).finish_non_exhaustive()
                }
            }
        })
    } else {
        None
    };
    let derives = if debug.is_some() {
        quote!(#[derive(Clone, PartialEq)])
    } else {
        quote!(#[derive(Clone, PartialEq, Debug)])
    };
    quote! {
        #docs
        #dep
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A member this version of the crate does not know (it cannot be sent).
            Unknown,
        }

        /// The default is [`Self::Unknown`], used only when a response omits a required member.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown
            }
        }
        #debug
    }
}
