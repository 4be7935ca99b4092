//! [`ToDocument`]: a typed value as the [`Document`] a JMESPath expression reads. Generated
//! code implements it for the structures, unions and enums that waiter paths look into; this
//! module implements it for the primitive, collection and big-number types.
//!
//! The view follows the model, not a wire format: a structure is an object keyed by member name
//! (unset members left out), a union an object with its one member, an enum its value, a
//! timestamp its epoch seconds, a blob its base64 text, a big number its number.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use crate::primitives::blob::base64_encode;
use crate::primitives::date_time::DateTime;
use crate::primitives::document::{Document, Number};
use crate::primitives::number::{BigDecimal, BigInteger};

/// A value as a [`Document`], for JMESPath.
pub trait ToDocument {
    /// The value as a document.
    fn to_document(&self) -> Document;
}

/// An object from `(member name, value)` pairs, leaving out null values (unset members).
/// Generated `ToDocument` implementations of structures call it.
pub fn document_object<const N: usize>(members: [(&str, Document); N]) -> Document {
    Document::Object(
        members
            .into_iter()
            .filter(|(_, v)| *v != Document::Null)
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// An object with one member: how a union's variant reads.
pub fn document_variant(name: &str, value: Document) -> Document {
    Document::Object(BTreeMap::from([(name.to_owned(), value)]))
}

impl ToDocument for Document {
    fn to_document(&self) -> Document {
        self.clone()
    }
}

impl ToDocument for String {
    fn to_document(&self) -> Document {
        Document::String(self.clone())
    }
}

impl ToDocument for bool {
    fn to_document(&self) -> Document {
        Document::Bool(*self)
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToDocument for $t {
            fn to_document(&self) -> Document {
                Document::Number(Number::from(i64::from(*self)))
            }
        }
    )*};
}
integers!(i8, i16, i32, i64);

impl ToDocument for f32 {
    fn to_document(&self) -> Document {
        Document::Number(Number::Float(f64::from(*self)))
    }
}

impl ToDocument for f64 {
    fn to_document(&self) -> Document {
        Document::Number(Number::Float(*self))
    }
}

impl ToDocument for DateTime {
    fn to_document(&self) -> Document {
        let secs = self.as_secs_f64();
        if secs.fract() == 0.0 && secs.abs() < 9.0e15 {
            Document::Number(Number::from(secs as i64))
        } else {
            Document::Number(Number::Float(secs))
        }
    }
}

impl ToDocument for crate::primitives::blob::Blob {
    fn to_document(&self) -> Document {
        Document::String(base64_encode(self.as_slice()))
    }
}

/// A big number as a document number: exact when it fits 64 bits, else the nearest `f64`
/// (JMESPath numbers are doubles).
fn big_number(text: &str) -> Document {
    if let Ok(v) = text.parse::<i64>() {
        return Document::Number(Number::from(v));
    }
    if let Ok(v) = text.parse::<u64>() {
        return Document::Number(Number::PosInt(v));
    }
    text.parse::<f64>()
        .map(|v| Document::Number(Number::Float(v)))
        .unwrap_or_else(|_| Document::String(text.to_owned()))
}

impl ToDocument for BigInteger {
    fn to_document(&self) -> Document {
        big_number(self.as_str())
    }
}

impl ToDocument for BigDecimal {
    fn to_document(&self) -> Document {
        big_number(self.as_str())
    }
}

impl<T: ToDocument> ToDocument for Option<T> {
    fn to_document(&self) -> Document {
        self.as_ref().map_or(Document::Null, T::to_document)
    }
}

impl<T: ToDocument + ?Sized> ToDocument for Box<T> {
    fn to_document(&self) -> Document {
        (**self).to_document()
    }
}

impl<T: ToDocument> ToDocument for Vec<T> {
    fn to_document(&self) -> Document {
        Document::Array(self.iter().map(T::to_document).collect())
    }
}

impl<T: ToDocument, S: BuildHasher> ToDocument for HashMap<String, T, S> {
    fn to_document(&self) -> Document {
        Document::Object(
            self.iter()
                .map(|(k, v)| (k.clone(), v.to_document()))
                .collect(),
        )
    }
}

impl<T: ToDocument> ToDocument for BTreeMap<String, T> {
    fn to_document(&self) -> Document {
        Document::Object(
            self.iter()
                .map(|(k, v)| (k.clone(), v.to_document()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_leave_out_unset_members() {
        let unset: Option<String> = None;
        let doc = document_object([
            ("Name", "a".to_owned().to_document()),
            ("Unset", unset.to_document()),
            ("Count", Some(3i32).to_document()),
        ]);
        let Document::Object(map) = doc else {
            panic!("not an object")
        };
        assert_eq!(map.len(), 2);
        assert_eq!(map["Name"], Document::from("a"));
        assert_eq!(map["Count"], Document::from(3i64));
    }

    #[test]
    fn scalars() {
        assert_eq!(
            DateTime::from_secs_f64(1.5).to_document(),
            Document::Number(Number::Float(1.5))
        );
        assert_eq!(
            DateTime::from_secs_f64(10.0).to_document(),
            Document::from(10i64)
        );
        assert_eq!(
            crate::primitives::blob::Blob::new(b"hi".to_vec()).to_document(),
            Document::from("aGk=")
        );
        assert_eq!(
            vec![true, false].to_document(),
            Document::Array(vec![Document::Bool(true), Document::Bool(false)])
        );
    }
}
