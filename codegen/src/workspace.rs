//! The project's own layout: every `model/*.json` becomes `generated/<file stem>/`. Shared by
//! `cargo xtask codegen` and the freshness test, so both agree on what "up to date" means.

use crate::{generate, write, Options, RuntimeDependency};
use std::path::{Path, PathBuf};

/// The models of the workspace, sorted.
pub fn models(root: &Path) -> Result<Vec<PathBuf>, String> {
    model_files(&root.join("model"))
}

/// The `*.json` files of a folder, sorted.
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    Ok(models)
}

/// Regenerates (or, with `check`, compares) every crate; returns the files that changed (or are stale).
pub fn regenerate(root: &Path, check: bool) -> Result<Vec<PathBuf>, String> {
    let mut stale = Vec::new();
    for model in models(root)? {
        let stem = model
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("service")
            .to_string();
        let options = Options {
            runtime: RuntimeDependency::Path("../../runtime".to_string()),
            standalone: false,
            package_name: Some(stem.clone()),
        };
        let generated = generate(&model, &options).map_err(|e| e.to_string())?;
        let dir = root.join("generated").join(&stem);
        let changed = write::write_crate(&dir, &generated.files, check)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        stale.extend(
            changed
                .into_iter()
                .map(|p| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p)),
        );
    }
    Ok(stale)
}
