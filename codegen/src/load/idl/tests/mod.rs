//! Tests of the IDL frontend: grammar features with the JSON AST expected from the spec
//! (`grammar`), errors with their locations (`errors`), and the shared reference models
//! (`corpus`; skipped with a message when `../shared` is absent).

mod corpus;
mod errors;
mod grammar;

use super::*;
pub(super) use serde_json::json;

pub(super) fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

pub(super) fn read_dir_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| is_idl_path(p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

// ---- helpers ------------------------------------------------------------------------------

pub(super) fn files(sources: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    sources
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect()
}

/// The JSON AST of one IDL file, or a panic showing the errors.
pub(super) fn ast(src: &str) -> Value {
    assemble(&files(&[("test.smithy", src)])).unwrap_or_else(|e| panic!("{e}"))
}

#[allow(dead_code)]
pub(super) fn shape(src: &str, id: &str) -> Value {
    let json = ast(src);
    json["shapes"]
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} in {json:#}"))
}

/// Every error of a failed assembly as (file, line, column, message).
pub(super) fn errors(sources: &[(&str, &str)]) -> Vec<(String, u32, u32, String)> {
    let error = assemble(&files(sources)).expect_err("expected errors");
    error
        .all()
        .map(|e| {
            let (line, col) = e.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            (e.file.display().to_string(), line, col, e.message.clone())
        })
        .collect()
}

pub(super) fn error_list(src: &str) -> Vec<(u32, u32, String)> {
    errors(&[("test.smithy", src)])
        .into_iter()
        .map(|(_, l, c, m)| (l, c, m))
        .collect()
}

/// Asserts that exactly these (line, column, message fragment) errors are reported.
pub(super) fn assert_errors(src: &str, expected: &[(u32, u32, &str)]) {
    let got = error_list(src);
    assert_eq!(got.len(), expected.len(), "errors: {got:#?}");
    for ((line, col, message), (el, ec, fragment)) in got.iter().zip(expected) {
        assert_eq!((*line, *col), (*el, *ec), "{message}");
        assert!(message.contains(fragment), "`{message}` lacks `{fragment}`");
    }
}
