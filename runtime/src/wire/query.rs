//! Request bodies of the `awsQuery` and `ec2Query` protocols: `Action=Op&Version=v&...`, form
//! encoded, with structure members, list items and map entries flattened into dotted keys
//! (`Tags.member.1.Key=k`).
//!
//! Wire layer: knows primitives and the scalar text forms of [`crate::wire::scalar`], nothing
//! of HTTP or clients.

use crate::primitives::{DateTime, TimestampFormat};
pub use crate::wire::scalar::QueryScalar;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::HashMap;

/// Everything but the unreserved characters of RFC 3986 is percent-encoded.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The dialect: `awsQuery` and `ec2Query` differ in how lists are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `aws.protocols#awsQuery`: `List.member.1=a`; an empty list is sent as `List=`.
    AwsQuery,
    /// `aws.protocols#ec2Query`: `List.1=a` always; an empty list is not sent.
    Ec2Query,
}

/// Builds a query request body.
#[derive(Debug)]
pub struct QueryWriter {
    out: String,
    dialect: Dialect,
}

/// Types written into a query body (generated structures and unions).
pub trait QuerySerialize {
    /// Writes the members under `prefix` (empty at the top level).
    fn write_query(&self, w: &mut QueryWriter, prefix: &str);
}

/// `prefix.name`, or `name` at the top level.
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

impl QueryWriter {
    /// A body for `action` of API `version`.
    pub fn new(dialect: Dialect, action: &str, version: &str) -> Self {
        let mut w = QueryWriter {
            out: String::new(),
            dialect,
        };
        w.text("Action", action);
        w.text("Version", version);
        w
    }

    /// Writes `key=value`, both form encoded.
    pub fn text(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, FORM));
        self.out.push('=');
        self.out.extend(utf8_percent_encode(value, FORM));
    }

    /// Writes a scalar value.
    pub fn scalar(&mut self, key: &str, value: &impl QueryScalar) {
        self.text(key, &value.query_text());
    }

    /// Writes a timestamp (`date-time` unless the model says otherwise).
    pub fn timestamp(&mut self, key: &str, value: &DateTime, format: TimestampFormat) {
        self.text(key, &crate::primitives::format_timestamp(value, format));
    }

    /// Writes a structure or union under `key`.
    pub fn structure(&mut self, key: &str, value: &impl QuerySerialize) {
        value.write_query(self, key);
    }

    /// Writes a list: items at `key.member.1` (`item` names the item element) or, when
    /// `flattened` or under `ec2Query`, at `key.1`. An empty list is `key=` under `awsQuery`.
    pub fn list<T>(
        &mut self,
        key: &str,
        item: &str,
        flattened: bool,
        values: &[T],
        mut write: impl FnMut(&mut Self, &str, &T),
    ) {
        if values.is_empty() {
            if self.dialect == Dialect::AwsQuery {
                self.text(key, "");
            }
            return;
        }
        let flat = flattened || self.dialect == Dialect::Ec2Query;
        for (i, v) in values.iter().enumerate() {
            let k = if flat {
                format!("{key}.{}", i + 1)
            } else {
                format!("{key}.{item}.{}", i + 1)
            };
            write(self, &k, v);
        }
    }

    /// Writes a map, entries in key order: `key.entry.1.key` / `key.entry.1.value` (`key_name`
    /// and `value_name` name the two), or `key.1.key` when `flattened`.
    #[allow(clippy::too_many_arguments)]
    pub fn map<V>(
        &mut self,
        key: &str,
        key_name: &str,
        value_name: &str,
        flattened: bool,
        values: &HashMap<String, V>,
        mut write: impl FnMut(&mut Self, &str, &V),
    ) {
        let mut entries: Vec<(&String, &V)> = values.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (i, (k, v)) in entries.into_iter().enumerate() {
            let entry = if flattened {
                format!("{key}.{}", i + 1)
            } else {
                format!("{key}.entry.{}", i + 1)
            };
            self.text(&format!("{entry}.{key_name}"), k);
            write(self, &format!("{entry}.{value_name}"), v);
        }
    }

    /// The form-encoded body.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::Blob;

    struct Tag {
        key: String,
        value: Option<String>,
    }

    impl QuerySerialize for Tag {
        fn write_query(&self, w: &mut QueryWriter, prefix: &str) {
            w.scalar(&key(prefix, "Key"), &self.key);
            if let Some(v) = &self.value {
                w.scalar(&key(prefix, "Value"), v);
            }
        }
    }

    fn body(w: QueryWriter) -> String {
        String::from_utf8(w.finish()).unwrap()
    }

    #[test]
    fn scalars_are_form_encoded() {
        let mut w = QueryWriter::new(Dialect::AwsQuery, "Do", "2020-01-08");
        w.scalar("S", &"a b&c=d/é~".to_string());
        w.scalar("B", &true);
        w.scalar("F", &f64::NAN);
        w.scalar("G", &f32::NEG_INFINITY);
        w.scalar("Blob", &Blob::new(b"value".to_vec()));
        w.timestamp(
            "T",
            &DateTime::from_secs(1_422_172_800),
            TimestampFormat::DateTime,
        );
        w.timestamp(
            "E",
            &DateTime::from_secs(1_422_172_800),
            TimestampFormat::EpochSeconds,
        );
        assert_eq!(
            body(w),
            "Action=Do&Version=2020-01-08&S=a%20b%26c%3Dd%2F%C3%A9~&B=true&F=NaN&G=-Infinity\
             &Blob=dmFsdWU%3D&T=2015-01-25T08%3A00%3A00Z&E=1422172800"
        );
    }

    #[test]
    fn lists_in_both_dialects() {
        let tags = vec![
            Tag {
                key: "a".into(),
                value: Some("1".into()),
            },
            Tag {
                key: "b".into(),
                value: None,
            },
        ];
        let mut w = QueryWriter::new(Dialect::AwsQuery, "Do", "1");
        w.list("Tags", "member", false, &tags, |w, k, t| w.structure(k, t));
        w.list("Flat", "member", true, &["x".to_string()], |w, k, v| {
            w.scalar(k, v)
        });
        w.list(
            "Empty",
            "member",
            false,
            &Vec::<String>::new(),
            |w, k, v| w.scalar(k, v),
        );
        assert_eq!(
            body(w),
            "Action=Do&Version=1&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b\
             &Flat.1=x&Empty="
        );
        let mut w = QueryWriter::new(Dialect::Ec2Query, "Do", "1");
        w.list(
            "Ids",
            "item",
            false,
            &["i-1".to_string(), "i-2".to_string()],
            |w, k, v| w.scalar(k, v),
        );
        w.list("None", "item", false, &Vec::<String>::new(), |w, k, v| {
            w.scalar(k, v)
        });
        assert_eq!(body(w), "Action=Do&Version=1&Ids.1=i-1&Ids.2=i-2");
    }

    #[test]
    fn maps_in_key_order() {
        let map: HashMap<String, String> = [("foo", "Foo"), ("bar", "Bar")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let mut w = QueryWriter::new(Dialect::AwsQuery, "Do", "1");
        w.map("M", "key", "value", false, &map, |w, k, v| w.scalar(k, v));
        w.map("F", "K", "V", true, &map, |w, k, v| w.scalar(k, v));
        assert_eq!(
            body(w),
            "Action=Do&Version=1&M.entry.1.key=bar&M.entry.1.value=Bar&M.entry.2.key=foo\
             &M.entry.2.value=Foo&F.1.K=bar&F.1.V=Bar&F.2.K=foo&F.2.V=Foo"
        );
    }
}
