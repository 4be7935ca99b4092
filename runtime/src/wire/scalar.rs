//! The text form of a scalar value in a form (query) body or as XML element text and attribute
//! values: [`QueryScalar`] (named after its first user; the XML writer's `XmlText` is
//! implemented through it). Shared by the query and XML
//! codecs so that neither imports the other. Knows only primitives.

use crate::primitives::Blob;

/// Values written as one query value.
pub trait QueryScalar {
    /// The value as text (before form encoding).
    fn query_text(&self) -> String;
}

impl QueryScalar for String {
    fn query_text(&self) -> String {
        self.clone()
    }
}

impl QueryScalar for bool {
    fn query_text(&self) -> String {
        self.to_string()
    }
}

macro_rules! integer_scalar {
    ($($t:ty),*) => {$(
        impl QueryScalar for $t {
            fn query_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
integer_scalar!(i8, i16, i32, i64);

impl QueryScalar for f32 {
    fn query_text(&self) -> String {
        crate::primitives::number::format_f32(*self)
    }
}

impl QueryScalar for f64 {
    fn query_text(&self) -> String {
        crate::primitives::number::format_f64(*self)
    }
}

impl QueryScalar for Blob {
    fn query_text(&self) -> String {
        crate::primitives::blob::base64_encode(self.as_ref())
    }
}

impl QueryScalar for crate::primitives::BigInteger {
    fn query_text(&self) -> String {
        self.as_str().to_string()
    }
}

impl QueryScalar for crate::primitives::BigDecimal {
    fn query_text(&self) -> String {
        self.as_str().to_string()
    }
}
