//! Frontends: each turns one model file into a [`Model`](crate::model::Model).
//!
//! Only the Smithy 2.0 JSON AST is read today; the file's content, not its name, decides the
//! frontend so that other formats can be added beside it.

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
    let mut model = smithy_json::load(path, json)?;
    prelude::add_prelude(&mut model);
    Ok(model)
}
