//! `cargo xtask ast PATH...` and `cargo xtask idl PATH... [--out DIR]`: the model loaded from
//! the given files, written back as canonical JSON AST or as IDL 2.0 (`smelt_codegen::ast`).
//!
//! Owns argument handling; loading (many files, IDL or JSON AST) is `load::load_paths`, writing is
//! `smelt_codegen::ast`; it must not format anything itself nor interpret the model.

use smelt_codegen::model::Model;
use std::path::PathBuf;

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

/// Loads every file (and every `.smithy`/`.json` file under a directory) as one model.
fn load(paths: &[PathBuf]) -> Result<Model, String> {
    smelt_codegen::load::load_paths(paths).map_err(|e| e.to_string())
}

/// `cargo xtask idl-bench [DIR]`: how fast the IDL frontend reads real models. Every JSON model
/// of DIR (default `../shared/models/aws`) is written as IDL first (untimed); then the IDL text
/// of all of them is read back, several rounds, timed: once lex, parse, resolve and merge
/// (`load::idl::assemble`, text to JSON AST), once the whole load to a `Model`. Run it with
/// `cargo run --release -p xtask -- idl-bench` for a meaningful figure.
pub fn run_bench(args: &[String], root: &std::path::Path) -> Result<(), String> {
    let dir = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/models/aws"));
    let models = smelt_codegen::workspace::model_files(&dir)?;
    let scratch = std::env::temp_dir().join(format!("smelt-idl-bench-{}", std::process::id()));
    let mut sources = Vec::new();
    let mut written = Vec::new();
    for model in &models {
        let ast = smelt_codegen::ast::to_json_ast(&load(std::slice::from_ref(model))?)
            .map_err(|e| e.to_string())?;
        let stem = model
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("model");
        let mut files = Vec::new();
        for (namespace, text) in smelt_codegen::ast::to_idl(&ast)? {
            let path = scratch.join(stem).join(format!("{namespace}.smithy"));
            std::fs::create_dir_all(path.parent().unwrap_or(&scratch))
                .map_err(|e| e.to_string())?;
            std::fs::write(&path, &text).map_err(|e| e.to_string())?;
            written.push(path.clone());
            files.push((path, text));
        }
        sources.push(files);
    }
    let bytes: usize = sources.iter().flatten().map(|(_, t)| t.len()).sum();
    let rounds = 5;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for files in &sources {
            std::hint::black_box(
                smelt_codegen::load::idl::assemble(files).map_err(|e| e.to_string())?,
            );
        }
    }
    let assemble = started.elapsed().as_secs_f64() / rounds as f64;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for files in &sources {
            let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
            std::hint::black_box(load(&paths)?);
        }
    }
    let full = started.elapsed().as_secs_f64() / rounds as f64;
    std::fs::remove_dir_all(&scratch).ok();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} models, {:.1} MB of IDL ({}), mean of {rounds} rounds:",
        models.len(),
        mb,
        if cfg!(debug_assertions) {
            "debug build: use --release for the figure"
        } else {
            "release build"
        }
    );
    println!(
        "  IDL text -> JSON AST (lex, parse, resolve, merge): {:.2} s, {:.1} MB/s",
        assemble,
        mb / assemble
    );
    println!(
        "  IDL files -> Model (the whole load, file reads included): {:.2} s, {:.1} MB/s",
        full,
        mb / full
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

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
        let idl = write(
            &dir,
            "model.smithy",
            "$version: \"2\"\nmetadata tags = [\"a\", \"b\"]\nnamespace ex.b\n\nstructure In {\n    n: String\n}\n",
        );
        let idl_op = write(
            &dir,
            "op.smithy",
            "$version: \"2\"\nnamespace ex.a\n\nuse ex.b#In\n\noperation Op {\n    input: In\n}\n",
        );
        let one = ast_text(&load(&[whole]).unwrap()).unwrap();
        let two = ast_text(&load(&[a, b]).unwrap()).unwrap();
        assert_eq!(one, two);
        // The same model written as IDL, in two files, gives the same bytes.
        let from_idl = ast_text(&load(&[idl, idl_op]).unwrap()).unwrap();
        assert_eq!(one, from_idl);
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
