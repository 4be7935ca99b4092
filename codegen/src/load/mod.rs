//! Frontends: each turns one model file into a [`crate::model::Model`].
//!
//! Three formats are read: the Smithy IDL (`idl`, `.smithy` files, assembled with any JSON AST
//! files into one JSON AST document), the Smithy 2.0 JSON AST (`json_ast`) and botocore's
//! service model format (`botocore`, the `service-2.json` files). The file's content, not its name, decides the
//! frontend: an object with `metadata`, `operations` and `shapes` and no `smithy` key is botocore.
//!
//! Must not: check references or interpret traits; that is the transform stage.

mod botocore;
pub mod idl;
mod prelude;

pub use prelude::unit_id;
mod json_ast;

use crate::error::{Error, Result};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Reads and parses a model file: Smithy IDL (`.smithy`), else JSON (Smithy JSON AST or
/// botocore).
pub fn load_file(path: &Path) -> Result<Model> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, format!("cannot read the model: {e}")))?;
    if idl::is_idl_path(path) {
        return load_sources(path, &[(path.to_path_buf(), text)]);
    }
    load_str(path, &text)
}

/// Loads a model from files and directories, merged into one: every `.smithy` and `.json` file
/// under a directory (recursively, in sorted order), like smithy-build's `sources`. A single
/// JSON file goes through [`load_file`], so botocore models keep working.
pub fn load_paths(paths: &[PathBuf]) -> Result<Model> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    let Some(first) = files.first().cloned() else {
        return Err(Error::file(
            paths.first().map_or(Path::new("."), |p| p.as_path()),
            "no .smithy or .json model files found",
        ));
    };
    if files.len() == 1 && !idl::is_idl_path(&first) {
        return load_file(&first);
    }
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| Error::file(&file, format!("cannot read the model: {e}")))?;
        sources.push((file, text));
    }
    load_sources(&first, &sources)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::file(dir, format!("cannot read the directory: {e}")))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "smithy" || e == "json")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Assembles IDL and JSON AST sources into one JSON AST document and loads it.
fn load_sources(path: &Path, sources: &[(PathBuf, String)]) -> Result<Model> {
    let json = idl::assemble(sources)?;
    let mut model = json_ast::load(path, json)?;
    prelude::add_prelude(&mut model);
    Ok(model)
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
        json_ast::load(path, json)?
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
