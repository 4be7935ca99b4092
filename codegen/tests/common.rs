//! Helpers shared by the integration tests.
#![allow(dead_code)]

use smelt_codegen::{Builder, Generated, Options, RuntimeDependency};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The focused test models, sorted.
pub fn test_models() -> Vec<PathBuf> {
    json_files(&root().join("codegen/tests/models"))
}

/// `*.json` files of a folder, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    out
}

/// Options for a crate generated into `dir`, depending on the workspace's runtime by path.
pub fn options_for(standalone: bool) -> Options {
    Options {
        runtime: RuntimeDependency::Path(root().join("runtime").display().to_string()),
        standalone,
        package_name: None,
        ..Default::default()
    }
}

/// Generates a model the way `generated/` crates are (runtime at `../../runtime`), so the output
/// does not depend on where the repository is checked out; panics with the located error.
pub fn generate(model: &Path) -> Generated {
    Builder::new()
        .model(model)
        .runtime_path("../../runtime")
        .workspace_member(true)
        .render()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Generates a model whose crate can be built anywhere (runtime by absolute path).
pub fn generate_buildable(model: &Path) -> Generated {
    Builder::new()
        .model(model)
        .runtime_path(root().join("runtime"))
        .workspace_member(true)
        .render()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// All files of a generated crate as one text, for snapshots.
pub fn concat(generated: &Generated) -> String {
    let mut out = String::new();
    for (path, contents) in &generated.files {
        out.push_str(&format!("==> {} <==\n{contents}\n", path.display()));
    }
    out
}

/// The shared AWS models folder, if present (`../shared` beside the repository).
pub fn shared_models() -> Option<PathBuf> {
    let dir = root().join("../shared/models/aws");
    dir.is_dir().then_some(dir)
}
