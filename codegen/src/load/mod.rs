//! Frontends: each turns one model file into a [`crate::model::Model`].
//!
//! Two formats are read: the Smithy 2.0 JSON AST (`smithy_json`) and botocore's service model
//! format (`botocore`, the `service-2.json` files). The file's content, not its name, decides the
//! frontend: an object with `metadata`, `operations` and `shapes` and no `smithy` key is botocore.

mod botocore;
mod prelude;

pub use prelude::unit_id;
mod smithy_json;

use crate::error::{Error, Result};
use crate::model::Model;
use std::path::Path;

/// Reads and parses a model file.
pub fn load_file(path: &Path) -> Result<Model> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, format!("cannot read the model: {e}")))?;
    load_str(path, &text)
}

/// Parses model text; `path` is only used in error messages.
pub fn load_str(path: &Path, text: &str) -> Result<Model> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::file(
            path,
            format!(
                "not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let mut model = if is_botocore(&json) {
        botocore::load(path, json)?
    } else {
        smithy_json::load(path, json)?
    };
    prelude::add_prelude(&mut model);
    Ok(model)
}

/// Whether a parsed model file is in botocore's format rather than the Smithy JSON AST.
fn is_botocore(json: &serde_json::Value) -> bool {
    json.as_object().is_some_and(|root| {
        !root.contains_key("smithy")
            && ["metadata", "operations", "shapes"]
                .iter()
                .all(|key| root.contains_key(*key))
    })
}
