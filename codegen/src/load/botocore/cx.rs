//! Error locations and typed field readers for the botocore frontend, and the rules that make
//! botocore names into Smithy identifiers. Knows nothing of shapes or traits.
//!
//! Must not: build shapes or traits.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::Path;

/// Whether text is a Smithy identifier.
pub(super) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Makes a name into an identifier: each run of other characters becomes one `_` (none at the
/// ends, so `Widget.Color` → `Widget_Color`), and a leading digit gets a `_` before it.
pub(super) fn sanitize_ident(s: &str) -> String {
    if is_ident(s) {
        return s.to_string();
    }
    let mut out = s
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out = "Unnamed".into();
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// A namespace segment made from an identifier: lowercase letters, digits and `_`.
pub(super) fn sanitize_segment(s: &str) -> String {
    sanitize_ident(&s.to_ascii_lowercase())
}

/// Location context for error messages, with typed field readers.
pub(super) struct Cx<'a> {
    pub(super) path: &'a Path,
    /// The shape (or `operations.X`) the problem is in; `None` for the file as a whole.
    pub(super) shape: Option<String>,
    pub(super) member: Option<String>,
    /// Path of the object being read (`error.`, `http.`), for field names in messages.
    pub(super) prefix: String,
}

impl<'a> Cx<'a> {
    pub(super) fn file(path: &'a Path) -> Self {
        Cx {
            path,
            shape: None,
            member: None,
            prefix: String::new(),
        }
    }

    pub(super) fn shape(path: &'a Path, shape: String) -> Self {
        Cx {
            path,
            shape: Some(shape),
            member: None,
            prefix: String::new(),
        }
    }

    pub(super) fn member(&self, member: &str) -> Cx<'a> {
        Cx {
            path: self.path,
            shape: self.shape.clone(),
            member: Some(member.to_string()),
            prefix: String::new(),
        }
    }

    /// The same location, reading the object in `field`.
    pub(super) fn within(&self, field: &str) -> Cx<'a> {
        Cx {
            path: self.path,
            shape: self.shape.clone(),
            member: self.member.clone(),
            prefix: format!("{}{field}.", self.prefix),
        }
    }

    pub(super) fn err(&self, message: impl Into<String>) -> Error {
        match (&self.shape, &self.member) {
            (Some(s), Some(m)) => Error::member(self.path, s, m.clone(), message),
            (Some(s), None) => Error::shape(self.path, s, message),
            (None, _) => Error::file(self.path, message),
        }
    }

    pub(super) fn wrong(&self, field: &str, what: &str) -> Error {
        self.err(format!("`{}{field}` must be {what}", self.prefix))
    }

    pub(super) fn missing(&self, field: &str) -> Error {
        self.err(format!("missing `{}{field}`", self.prefix))
    }

    pub(super) fn str<'v>(
        &self,
        obj: &'v Map<String, Value>,
        field: &str,
    ) -> Result<Option<&'v str>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(field, "a string")),
        }
    }

    pub(super) fn bool(&self, obj: &Map<String, Value>, field: &str) -> Result<bool> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(field, "a boolean")),
        }
    }

    pub(super) fn obj<'v>(
        &self,
        obj: &'v Map<String, Value>,
        field: &str,
    ) -> Result<Option<&'v Map<String, Value>>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(self.wrong(field, "an object")),
        }
    }

    pub(super) fn arr<'v>(
        &self,
        obj: &'v Map<String, Value>,
        field: &str,
    ) -> Result<Option<&'v Vec<Value>>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(self.wrong(field, "an array")),
        }
    }

    pub(super) fn num(
        &self,
        obj: &Map<String, Value>,
        field: &str,
    ) -> Result<Option<serde_json::Number>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.clone())),
            Some(_) => Err(self.wrong(field, "a number")),
        }
    }

    pub(super) fn u64(&self, obj: &Map<String, Value>, field: &str) -> Result<Option<u64>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(field, "a non-negative integer")),
        }
    }
}
