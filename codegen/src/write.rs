//! Writing: the one place files are written, with a check mode that reports stale files instead.
//!
//! Must not: generate or format code; it writes what it is given.

use std::path::{Path, PathBuf};

/// Writes every file under `dir` (creating folders), or in check mode lists the files whose
/// contents differ. Files under `dir/src` that the generator did not produce are removed
/// (or reported as stale in check mode), so renamed operations do not leave files behind.
pub fn write_crate(
    dir: &Path,
    files: &[(PathBuf, String)],
    check: bool,
) -> std::io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (rel, contents) in files {
        let path = dir.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(contents.as_str()) {
            continue;
        }
        stale.push(path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, contents)?;
        }
    }
    let expected: std::collections::BTreeSet<PathBuf> =
        files.iter().map(|(p, _)| dir.join(p)).collect();
    for extra in list_files(&dir.join("src"))? {
        if !expected.contains(&extra) {
            stale.push(extra.clone());
            if !check {
                std::fs::remove_file(&extra)?;
            }
        }
    }
    Ok(stale)
}

fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(list_files(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
