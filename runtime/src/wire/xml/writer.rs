//! Writing XML request bodies (`restXml`): [`XmlWriter`], and the [`XmlSerialize`] and
//! [`XmlText`] traits generated structures and scalars implement.
//!
//! Wire layer: produces text; it must not know requests, clients or generated types beyond the
//! traits.

use crate::primitives::{DateTime, TimestampFormat};
use std::collections::HashMap;

/// Writes XML request bodies (`restXml`): elements with optional attributes (namespace
/// declarations included), text escaped.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
}

/// Structures and unions written as an element.
pub trait XmlSerialize {
    /// Writes the value as the element `name`; `ns` is the namespace declaration the member
    /// asks for (`("xmlns", uri)` or `("xmlns:prefix", uri)`), else the type's own, if any.
    fn write_xml(&self, w: &mut XmlWriter, name: &str, ns: Option<(&str, &str)>);
}

impl<T: XmlSerialize + ?Sized> XmlSerialize for Box<T> {
    fn write_xml(&self, w: &mut XmlWriter, name: &str, ns: Option<(&str, &str)>) {
        (**self).write_xml(w, name, ns)
    }
}

/// Values written as element text or attribute values.
pub trait XmlText {
    /// The value as text (before escaping).
    fn xml_text(&self) -> String;
}

impl<T: crate::wire::scalar::QueryScalar> XmlText for T {
    fn xml_text(&self) -> String {
        self.query_text()
    }
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#xD;"),
            '\n' if attribute => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// `<name attr="v"...>`, then `children`, then `</name>`.
    pub fn element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        children: impl FnOnce(&mut Self),
    ) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attributes {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v, true);
            self.out.push('"');
        }
        self.out.push('>');
        children(self);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name>text</name>`.
    pub fn text_element(&mut self, name: &str, ns: Option<(&str, &str)>, text: &str) {
        let attributes: Vec<(&str, &str)> = ns.into_iter().collect();
        self.element(name, &attributes, |w| escape_into(&mut w.out, text, false));
    }

    /// A scalar as `<name>text</name>`.
    pub fn scalar(&mut self, name: &str, ns: Option<(&str, &str)>, value: &impl XmlText) {
        self.text_element(name, ns, &value.xml_text());
    }

    /// A timestamp as `<name>text</name>` (`date-time` unless the model says otherwise).
    pub fn timestamp(
        &mut self,
        name: &str,
        ns: Option<(&str, &str)>,
        value: &DateTime,
        format: TimestampFormat,
    ) {
        self.text_element(
            name,
            ns,
            &crate::primitives::format_timestamp(value, format),
        );
    }

    /// Map entries in key order, each written by `entry`.
    pub fn entries<V>(
        &mut self,
        map: &HashMap<String, V>,
        mut entry: impl FnMut(&mut Self, &String, &V),
    ) {
        let mut entries: Vec<(&String, &V)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (k, v) in entries {
            entry(self, k, v);
        }
    }

    /// The document.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_attributes() {
        let mut w = XmlWriter::new();
        w.element(
            "Root",
            &[("xmlns", "http://a.com"), ("test", "<a&\"b\">")],
            |w| {
                w.scalar("S", None, &"x < y & \"z\"\r\n".to_string());
                w.scalar("N", Some(("xmlns:baz", "http://baz.com")), &f64::INFINITY);
                w.text_element("E", None, "");
            },
        );
        assert_eq!(
            String::from_utf8(w.finish()).unwrap(),
            "<Root xmlns=\"http://a.com\" test=\"&lt;a&amp;&quot;b&quot;&gt;\">\
             <S>x &lt; y &amp; \"z\"&#xD;\n</S><N xmlns:baz=\"http://baz.com\">Infinity</N><E></E></Root>"
        );
    }
}
