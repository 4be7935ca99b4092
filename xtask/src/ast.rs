//! `cargo xtask ast PATH...` and `cargo xtask idl PATH... [--out DIR]`: the model loaded from
//! the given files, written back as canonical JSON AST or as IDL 2.0 (`smelt_codegen::ast`).
//!
//! Owns argument handling and merging several files into one model; it must not format
//! anything itself (the writers do) nor interpret the model.

use smelt_codegen::model::Model;
use std::path::{Path, PathBuf};

/// `cargo xtask ast PATH...`: the canonical JSON AST, pretty (2-space indent), on stdout.
pub fn run_ast(args: &[String]) -> Result<(), String> {
    let paths = paths(args, false)?.0;
    print!("{}", ast_text(&load(&paths)?)?);
    Ok(())
}

/// `cargo xtask idl PATH... [--out DIR]`: one IDL file per namespace, on stdout (each after a
/// `// ==> namespace <==` line) or as `DIR/<namespace>.smithy`.
pub fn run_idl(args: &[String]) -> Result<(), String> {
    let (paths, out) = paths(args, true)?;
    let ast = smelt_codegen::ast::to_json_ast(&load(&paths)?).map_err(|e| e.to_string())?;
    let files = smelt_codegen::ast::to_idl(&ast)?;
    match out {
        None => {
            for (namespace, text) in &files {
                println!("// ==> {namespace} <==");
                print!("{text}");
            }
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for (namespace, text) in &files {
                let stem = if namespace.is_empty() {
                    "model"
                } else {
                    namespace
                };
                let path = dir.join(format!("{stem}.smithy"));
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// The canonical JSON AST text of a model: pretty, 2-space indent, trailing newline.
fn ast_text(model: &Model) -> Result<String, String> {
    let ast = smelt_codegen::ast::to_json_ast(model).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&ast).map_err(|e| e.to_string())?;
    Ok(text + "\n")
}

fn paths(args: &[String], allow_out: bool) -> Result<(Vec<PathBuf>, Option<PathBuf>), String> {
    let mut paths = Vec::new();
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" if allow_out => {
                out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?))
            }
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`")),
            path => paths.push(PathBuf::from(path)),
        }
    }
    if paths.is_empty() {
        return Err("give at least one model file".into());
    }
    Ok((paths, out))
}

/// Loads every file and merges them into one model.
///
/// A stopgap until the loader reads many files itself: shapes are united (the same ID twice
/// must be the same shape), metadata merged the way Smithy merges it (equal values kept,
/// arrays concatenated, anything else a conflict). An `apply` in one file cannot reach a
/// shape of another, since each file is loaded on its own.
fn load(paths: &[PathBuf]) -> Result<Model, String> {
    let mut merged: Option<(Model, Vec<(smelt_codegen::model::ShapeId, PathBuf)>)> = None;
    for path in paths {
        let model = smelt_codegen::load::load_file(path).map_err(|e| e.to_string())?;
        match &mut merged {
            None => {
                let origins = model
                    .shapes
                    .keys()
                    .map(|id| (id.clone(), path.clone()))
                    .collect();
                merged = Some((model, origins));
            }
            Some((into, origins)) => merge(into, origins, model, path)?,
        }
    }
    merged
        .map(|(m, _)| m)
        .ok_or_else(|| "no model files".into())
}

fn merge(
    into: &mut Model,
    origins: &mut Vec<(smelt_codegen::model::ShapeId, PathBuf)>,
    model: Model,
    path: &Path,
) -> Result<(), String> {
    for (id, shape) in model.shapes {
        match into.shapes.get(&id) {
            Some(existing) if *existing == shape => {}
            Some(_) => {
                let first = origins
                    .iter()
                    .find(|(o, _)| *o == id)
                    .map_or_else(|| into.source.clone(), |(_, p)| p.clone());
                return Err(format!(
                    "shape `{id}` is defined differently in {} and {}",
                    first.display(),
                    path.display()
                ));
            }
            None => {
                origins.push((id.clone(), path.to_path_buf()));
                into.shapes.insert(id, shape);
            }
        }
    }
    for (key, value) in model.metadata {
        match into.metadata.get_mut(&key) {
            None => {
                into.metadata.insert(key, value);
            }
            Some(existing) if *existing == value => {}
            Some(serde_json::Value::Array(items)) if value.is_array() => {
                items.extend(value.as_array().into_iter().flatten().cloned());
            }
            Some(_) => {
                return Err(format!(
                    "metadata `{key}` conflicts between {} and an earlier file",
                    path.display()
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("smelt-xtask-ast-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn one_file_or_two_give_the_same_bytes() {
        let dir = scratch("split");
        let whole = write(
            &dir,
            "whole.json",
            r#"{"smithy": "2.0", "metadata": {"tags": ["a", "b"]}, "shapes": {
                "ex.a#Op": {"type": "operation", "input": {"target": "ex.b#In"}},
                "ex.b#In": {"type": "structure", "members": {"n": {"target": "smithy.api#String"}}}
            }}"#,
        );
        let a = write(
            &dir,
            "a.json",
            r#"{"smithy": "2.0", "metadata": {"tags": ["a"]}, "shapes": {
                "ex.a#Op": {"type": "operation", "input": {"target": "ex.b#In"}}}}"#,
        );
        let b = write(
            &dir,
            "b.json",
            r#"{"smithy": "2.0", "metadata": {"tags": ["b"]}, "shapes": {
                "ex.b#In": {"type": "structure", "members": {"n": {"target": "smithy.api#String"}}}}}"#,
        );
        let one = ast_text(&load(&[whole]).unwrap()).unwrap();
        let two = ast_text(&load(&[a, b]).unwrap()).unwrap();
        assert_eq!(one, two);
        assert!(one.ends_with("}\n") && one.contains("\n  \"shapes\""));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_shape_defined_twice_differently_is_an_error_naming_both_files() {
        let dir = scratch("conflict");
        let a = write(
            &dir,
            "a.json",
            r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "string"}}}"#,
        );
        let b = write(
            &dir,
            "b.json",
            r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "integer"}}}"#,
        );
        let err = load(&[a, b]).unwrap_err();
        assert!(
            err.contains("ex#S") && err.contains("a.json") && err.contains("b.json"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
