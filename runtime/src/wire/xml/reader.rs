//! Reading XML response bodies (the `awsQuery`, `ec2Query` and `restXml` protocols), built on
//! `roxmltree`.
//!
//! Generated code walks the element tree: a structure matches its children by (local) element
//! name, lists and maps are read with [`list`], [`map`] and [`entry`], scalars with [`scalar`]
//! and [`timestamp`]. Namespaces are ignored (elements and attributes match by local name).
//! Documents with a DTD are refused, so entity expansion cannot blow up.
//!
//! Wire layer: reads bytes (error-response layouts included); it must not know HTTP responses,
//! clients or generated types beyond the [`XmlDeserialize`] trait.

use crate::primitives::{Blob, DateTime, TimestampFormat};
use crate::wire::error::{DeserializeError, Result};
use std::borrow::Cow;
use std::collections::HashMap;

/// An XML document, parsed.
#[derive(Debug)]
pub struct XmlDocument<'input> {
    doc: roxmltree::Document<'input>,
}

/// An element of an [`XmlDocument`].
#[derive(Debug, Clone, Copy)]
pub struct XmlNode<'a, 'input> {
    node: roxmltree::Node<'a, 'input>,
}

impl<'input> XmlDocument<'input> {
    /// Parses `body`; an error when it is not UTF-8 or not well-formed XML.
    pub fn parse(body: &'input [u8]) -> Result<Self> {
        let text = std::str::from_utf8(body)
            .map_err(|_| DeserializeError::custom("the XML body is not UTF-8"))?;
        let doc = roxmltree::Document::parse(text)
            .map_err(|e| DeserializeError::custom(format!("malformed XML: {e}")))?;
        Ok(XmlDocument { doc })
    }

    /// The root element.
    pub fn root(&self) -> XmlNode<'_, 'input> {
        XmlNode {
            node: self.doc.root_element(),
        }
    }
}

impl<'a, 'input> XmlNode<'a, 'input> {
    /// The local name (without a namespace prefix).
    pub fn name(&self) -> &'a str {
        self.node.tag_name().name()
    }

    /// The child elements, in document order.
    pub fn children(&self) -> impl Iterator<Item = XmlNode<'a, 'input>> {
        self.node
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|node| XmlNode { node })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<XmlNode<'a, 'input>> {
        self.children().find(|c| c.name() == name)
    }

    /// The element's text (all text and CDATA children joined); empty for `<a/>`.
    pub fn text(&self) -> String {
        self.text_ref().into_owned()
    }

    /// [`text`](Self::text) without a copy when the element has one text child (the usual
    /// case): borrowed from the document, so reading a number, a timestamp or a known enum
    /// value allocates nothing.
    pub fn text_ref(&self) -> Cow<'a, str> {
        let mut texts = self.node.children().filter(|c| c.is_text());
        let Some(first) = texts.next() else {
            return Cow::Borrowed("");
        };
        let first = first.text().unwrap_or_default();
        match texts.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut out = String::from(first);
                out.push_str(second.text().unwrap_or_default());
                for c in texts {
                    out.push_str(c.text().unwrap_or_default());
                }
                Cow::Owned(out)
            }
        }
    }

    /// The attribute with local name `name`, or, for a prefixed name (`xsi:type`, as an
    /// `@xmlAttribute` member's `@xmlName` may be), the attribute of that local name whose
    /// namespace is the one the prefix is bound to here.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        if let Some((prefix, local)) = name.split_once(':') {
            let uri = self.node.lookup_namespace_uri(Some(prefix));
            if let Some(a) = self
                .node
                .attributes()
                .find(|a| a.name() == local && uri.is_some() && a.namespace() == uri)
            {
                return Some(a.value());
            }
        }
        self.node
            .attributes()
            .find(|a| a.name() == name)
            .map(|a| a.value())
    }
}

/// Structures and unions read from an element.
pub trait XmlDeserialize: Sized {
    /// Reads the value from `node`'s children and attributes.
    fn read_xml(node: XmlNode<'_, '_>) -> Result<Self>;
}

/// [`XmlDeserialize::read_xml`] as a function, for short generated code.
pub fn read<T: XmlDeserialize>(node: XmlNode<'_, '_>) -> Result<T> {
    T::read_xml(node)
}

/// Values read from an element's text.
pub trait XmlScalar: Sized {
    /// Parses the text, or says what was expected.
    fn from_text(text: &str) -> std::result::Result<Self, String>;
}

impl XmlScalar for String {
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        Ok(text.to_string())
    }
}

impl XmlScalar for bool {
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        match text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("a boolean".into()),
        }
    }
}

macro_rules! parsed_scalar {
    ($($t:ty => $what:literal),*) => {$(
        impl XmlScalar for $t {
            fn from_text(text: &str) -> std::result::Result<Self, String> {
                text.trim().parse().map_err(|_| $what.to_string())
            }
        }
    )*};
}
parsed_scalar!(i8 => "a byte", i16 => "a short", i32 => "an integer", i64 => "a long",
    crate::primitives::BigInteger => "a big integer", crate::primitives::BigDecimal => "a big decimal");

impl XmlScalar for f64 {
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        match text.trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            t => t.parse().map_err(|_| "a number".to_string()),
        }
    }
}

impl XmlScalar for f32 {
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        f64::from_text(text).map(|v| v as f32)
    }
}

impl XmlScalar for Blob {
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        use base64::Engine as _;
        crate::primitives::blob::BASE64_LENIENT
            .decode(text.trim())
            .map(Blob::new)
            .map_err(|_| "base64 data".to_string())
    }
}

/// The element's text as a scalar; an error names the element.
pub fn scalar<T: XmlScalar>(node: XmlNode<'_, '_>) -> Result<T> {
    T::from_text(&node.text_ref()).map_err(|what| {
        DeserializeError::custom(format!("element `{}` is not {what}", node.name()))
    })
}

/// An attribute's value as a scalar; an error names the attribute.
pub fn attr_scalar<T: XmlScalar>(node: XmlNode<'_, '_>, name: &str) -> Result<Option<T>> {
    node.attr(name)
        .map(|v| {
            T::from_text(v).map_err(|what| {
                DeserializeError::custom(format!("attribute `{name}` is not {what}"))
            })
        })
        .transpose()
}

/// The element's text as a timestamp (`date-time` unless the model says otherwise).
pub fn timestamp(node: XmlNode<'_, '_>, format: TimestampFormat) -> Result<DateTime> {
    DateTime::parse(node.text_ref().trim(), format)
        .map_err(|e| DeserializeError::custom(format!("element `{}`: {e}", node.name())))
}

/// A wrapped list: the children named `item` of `node`.
pub fn list<T>(
    node: XmlNode<'_, '_>,
    item: &str,
    read: impl Fn(XmlNode<'_, '_>) -> Result<T>,
) -> Result<Vec<T>> {
    node.children()
        .filter(|c| c.name() == item)
        .map(read)
        .collect()
}

/// One map entry: the `key` and `value` children of `node`. A missing key is an error.
pub fn entry<V>(
    node: XmlNode<'_, '_>,
    key: &str,
    value: &str,
    read: impl Fn(XmlNode<'_, '_>) -> Result<V>,
) -> Result<(String, Option<V>)> {
    let k = node
        .child(key)
        .ok_or_else(|| DeserializeError::custom(format!("a map entry has no `{key}`")))?
        .text();
    let v = node.child(value).map(read).transpose()?;
    Ok((k, v))
}

/// A wrapped map: the `entry` children of `node`. Entries without a value are left out.
pub fn map<V>(
    node: XmlNode<'_, '_>,
    key: &str,
    value: &str,
    read: impl Fn(XmlNode<'_, '_>) -> Result<V>,
) -> Result<HashMap<String, V>> {
    let mut out = HashMap::new();
    for e in node.children().filter(|c| c.name() == "entry") {
        if let (k, Some(v)) = entry(e, key, value, &read)? {
            out.insert(k, v);
        }
    }
    Ok(out)
}

/// The `{Op}Result` element of an `awsQuery` response (`<{Op}Response><{Op}Result>`), read
/// with `read`; `T::default()` when the body or the element is absent.
pub fn query_result<T: Default>(
    body: &[u8],
    result: &str,
    read: impl Fn(XmlNode<'_, '_>) -> Result<T>,
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let doc = XmlDocument::parse(body)?;
    match doc.root().child(result) {
        Some(node) => read(node),
        None => Ok(T::default()),
    }
}

/// The root element of an `ec2Query` response (`<{Op}Response>`), read with `read`;
/// `T::default()` for an empty body.
pub fn ec2_result<T: Default>(
    body: &[u8],
    read: impl Fn(XmlNode<'_, '_>) -> Result<T>,
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let doc = XmlDocument::parse(body)?;
    read(doc.root())
}

/// The `<Error>` element of an error response, read with `read`: the root itself (restXml with
/// `noErrorWrapping`), `ErrorResponse/Error` (awsQuery, restXml) or `Response/Errors/Error`
/// (ec2Query); `T::default()` when there is none.
pub fn error_element<T: Default>(
    body: &[u8],
    read: impl Fn(XmlNode<'_, '_>) -> Result<T>,
) -> Result<T> {
    let doc = XmlDocument::parse(body)?;
    match error_of(doc.root()) {
        Some(e) => read(e),
        None => Ok(T::default()),
    }
}

/// The `Error` element: the root itself (restXml with `noErrorWrapping`), `ErrorResponse/Error`
/// (awsQuery, restXml) or `Response/Errors/Error` (ec2Query).
fn error_of<'a, 'input>(root: XmlNode<'a, 'input>) -> Option<XmlNode<'a, 'input>> {
    if root.name() == "Error" {
        return Some(root);
    }
    root.child("Error")
        .or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
}

/// The root element of a document, read with `read`; `T::default()` for an empty body
/// (restXml output and payload documents).
pub fn document<T: Default>(body: &[u8], read: impl Fn(XmlNode<'_, '_>) -> Result<T>) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let doc = XmlDocument::parse(body)?;
    read(doc.root())
}

/// Code, message and request id of an XML error response (any layout), when present.
pub fn error_fields(body: &[u8]) -> (Option<String>, Option<String>, Option<String>) {
    let Ok(doc) = XmlDocument::parse(body) else {
        return (None, None, None);
    };
    let root = doc.root();
    let error = error_of(root);
    let text = |n: Option<XmlNode<'_, '_>>, name: &str| {
        n.and_then(|n| n.child(name))
            .map(|c| c.text_ref().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let request_id = text(Some(root), "RequestId").or_else(|| text(Some(root), "RequestID"));
    (text(error, "Code"), text(error, "Message"), request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A prefixed attribute name finds the attribute through the prefix's namespace.
    #[test]
    fn prefixed_attribute_names() {
        let doc = XmlDocument::parse(
            br#"<Root xmlns:xsi="https://example.com" xsi:someName="v" plain="p"/>"#,
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.attr("xsi:someName"), Some("v"));
        assert_eq!(root.attr("someName"), Some("v"));
        assert_eq!(root.attr("plain"), Some("p"));
        assert_eq!(root.attr("other:someName"), None);
    }

    #[test]
    fn elements_text_and_attributes_by_local_name() {
        let doc = XmlDocument::parse(
            br#"<?xml version="1.0"?><a:Root xmlns:a="urn:x" xmlns:b="urn:y" b:kind="k">
                 <Name>caf&#233; &amp; <![CDATA[<raw>]]></Name><Empty/><N> 42 </N></a:Root>"#,
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.name(), "Root");
        assert_eq!(root.attr("kind"), Some("k"));
        assert_eq!(root.child("Name").unwrap().text(), "café & <raw>");
        assert_eq!(root.child("Empty").unwrap().text(), "");
        assert_eq!(scalar::<i32>(root.child("N").unwrap()).unwrap(), 42);
        // One text child is borrowed from the document, several are joined.
        assert!(matches!(
            root.child("N").unwrap().text_ref(),
            Cow::Borrowed(" 42 ")
        ));
        assert!(matches!(
            root.child("Empty").unwrap().text_ref(),
            Cow::Borrowed("")
        ));
        let mixed = XmlDocument::parse(b"<M>a<i/>b<i/>c</M>").unwrap();
        assert!(matches!(mixed.root().text_ref(), Cow::Owned(ref t) if t == "abc"));
        assert_eq!(mixed.root().text(), "abc");
        let err = scalar::<bool>(root.child("Name").unwrap()).unwrap_err();
        assert!(err.to_string().contains("`Name` is not a boolean"), "{err}");
    }

    #[test]
    fn hostile_or_broken_documents_are_errors() {
        for body in [
            &b"<a><b></a>"[..],
            b"not xml",
            b"\xff\xfe<a/>",
            br#"<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>"#,
        ] {
            assert!(XmlDocument::parse(body).is_err(), "{body:?}");
        }
    }

    #[test]
    fn lists_maps_and_floats() {
        let doc = XmlDocument::parse(
            b"<r><l><member>1</member><member>2</member></l>\
              <m><entry><key>b</key><value>NaN</value></entry><entry><key>a</key><value>-Infinity</value></entry></m></r>",
        )
        .unwrap();
        let r = doc.root();
        let l: Vec<i64> = list(r.child("l").unwrap(), "member", scalar).unwrap();
        assert_eq!(l, [1, 2]);
        let m: HashMap<String, f64> = map(r.child("m").unwrap(), "key", "value", scalar).unwrap();
        assert!(m["b"].is_nan());
        assert_eq!(m["a"], f64::NEG_INFINITY);
    }

    #[test]
    fn error_responses_of_both_layouts() {
        let query = b"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
                      <Message>Hi</Message></Error><RequestId>foo-id</RequestId></ErrorResponse>";
        assert_eq!(
            error_fields(query),
            (
                Some("InvalidGreeting".into()),
                Some("Hi".into()),
                Some("foo-id".into())
            )
        );
        let ec2 = b"<Response><Errors><Error><Code>Bad</Code><Message>no</Message></Error>\
                    </Errors><RequestID>r-1</RequestID></Response>";
        assert_eq!(
            error_fields(ec2),
            (Some("Bad".into()), Some("no".into()), Some("r-1".into()))
        );
        assert_eq!(error_fields(b"<html>"), (None, None, None));
    }
}
