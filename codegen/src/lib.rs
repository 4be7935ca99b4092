//! `smelt-codegen` turns a Smithy service model into a Rust client crate.
//!
//! The pipeline, one folder per stage: [`load`] (model file → [`model::Model`]) →
//! [`transform`] (mixins, checks, service closure) → [`ir`] (the Rust crate to emit) →
//! [`emit`] (token streams) → [`format`](mod@format) (prettyplease) → [`write`](mod@write) (files, check mode).
//!
//! Must not: hold pipeline logic itself; `generate` only chains the stages.

pub mod ast;
pub mod builder;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod model;
pub mod naming;
pub mod pattern;
pub mod transform;
pub mod workspace;
pub mod write;

pub use builder::{Builder, Summary};
pub use error::{Error, Result};

use std::path::{Path, PathBuf};

/// The `smelt-rt` version this generator writes code for. A generated crate records it
/// (`RUNTIME_VERSION` in its `lib.rs`) and fails to compile against a runtime of another semver
/// line or an older one; by default its `Cargo.toml` asks for `^RUNTIME_VERSION`.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// Where the generated crate finds the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path dependency (relative to the generated crate's directory, or absolute).
    Path(String),
    /// A registry version requirement (`"0.1"`, `"^0.1.0"`, `"=0.1.0"`).
    Version(String),
    /// A git dependency: the repository URL and, optionally, a `rev`, `tag` or `branch`.
    Git {
        /// The repository URL.
        url: String,
        /// What to check out; `None` for the default branch.
        reference: Option<GitReference>,
    },
}

/// The commit of a git dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitReference {
    /// A commit hash (`rev = "…"`).
    Rev(String),
    /// A tag (`tag = "…"`).
    Tag(String),
    /// A branch (`branch = "…"`).
    Branch(String),
}

impl Default for RuntimeDependency {
    /// `^RUNTIME_VERSION` from the registry.
    fn default() -> Self {
        RuntimeDependency::Version(format!("^{RUNTIME_VERSION}"))
    }
}

/// Options for one generation run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How the generated `Cargo.toml` depends on the runtime.
    pub runtime: RuntimeDependency,
    /// Whether the crate is a standalone package (adds an empty `[workspace]` table).
    pub standalone: bool,
    /// Overrides the package name (defaults to the service's SDK ID in kebab case).
    pub package_name: Option<String>,
    /// The package version (`0.1.0` when `None`).
    pub package_version: Option<String>,
}

/// A generated crate: relative file paths and their contents.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The package name.
    pub package: String,
    /// The wire protocol's name.
    pub protocol: String,
    /// Number of operations generated, and not generated (with reasons).
    pub operations: usize,
    /// Operations not generated, with the reason.
    pub unsupported: Vec<(String, String)>,
    /// The names of the generated operations, in the order of the client's methods.
    pub operation_names: Vec<String>,
    /// Files, ordered by path.
    pub files: Vec<(PathBuf, String)>,
}

impl Generated {
    /// Lines of Rust in the crate's library (`src/`), the figure the line budget counts.
    pub fn rust_lines(&self) -> usize {
        self.lines_under("src")
    }

    /// Lines of Rust in the crate's tests (`tests/`: the model's endpoint tests).
    pub fn test_lines(&self) -> usize {
        self.lines_under("tests")
    }

    fn lines_under(&self, dir: &str) -> usize {
        self.files
            .iter()
            .filter(|(p, _)| p.starts_with(dir) && p.extension().is_some_and(|e| e == "rs"))
            .map(|(_, c)| c.lines().count())
            .sum()
    }
}

/// Runs the whole pipeline on one model: a file (Smithy IDL, JSON AST or botocore JSON) or a
/// directory of `.smithy` and `.json` files. [`Builder`] is the friendlier entry point.
pub fn generate(model_path: &Path, options: &Options) -> Result<Generated> {
    generate_selected(&[model_path.to_path_buf()], options, None)
}

/// [`generate`] for a model made of several files and directories, limited to the operations
/// in `operations` (names like `GetObject` or absolute shape IDs) and the shapes they reach,
/// when given.
pub fn generate_selected(
    model_paths: &[PathBuf],
    options: &Options,
    operations: Option<&[String]>,
) -> Result<Generated> {
    let model = load::load_paths(model_paths)?;
    let source = model.source.clone();
    let closure = match operations {
        Some(names) => transform::run_selected(model, names)?,
        None => transform::run(model)?,
    };
    let mut krate = ir::lower(&closure)?;
    if let Some(name) = &options.package_name {
        krate.package = name.clone();
    }
    emit::emit(&krate, options).map_err(|message| Error::file(&source, message))
}
