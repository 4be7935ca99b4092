//! [`Builder`]: the generator as a library, in the shape of `prost-build` and `tonic-build`.
//! A project's `xtask` or build script names its model files, the package and the runtime
//! dependency, optionally an operation allow-list, and an output directory; [`Builder::generate`]
//! writes the crate and [`Builder::check`] says whether the committed crate is up to date.
//! `cargo xtask codegen`, the project layout ([`crate::workspace`]) and the tests go through it.
//!
//! Settings files (`<model stem>.settings` beside a model, see [`Builder::settings_file`]) carry
//! the same options for the models of a folder.
//!
//! Must not: hold pipeline logic; it collects options and calls [`crate::generate_selected`].

use crate::error::{Error, Result};
use crate::{generate_selected, write, Generated, GitReference, Options, RuntimeDependency};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Generates a client crate from a Smithy model.
///
/// By default the crate is a standalone package (its own `[workspace]` table), version `0.1.0`,
/// named after the service, depending on `smelt-rt` by the version requirement
/// `^`[`RUNTIME_VERSION`](crate::RUNTIME_VERSION), with every operation of the service.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let dir = std::env::temp_dir().join(format!("smelt-builder-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// # let model = dir.join("weather.smithy");
/// # std::fs::write(&model, r#"$version: "2"
/// # namespace example.weather
/// # use aws.protocols#restJson1
/// # @restJson1
/// # service Weather { version: "2024-01-01", operations: [GetCity, ListCities] }
/// # @readonly @http(method: "GET", uri: "/cities/{id}")
/// # operation GetCity { input := { @required @httpLabel id: String }, output := { name: String } }
/// # @readonly @http(method: "GET", uri: "/cities")
/// # operation ListCities { output := { names: Names } }
/// # list Names { member: String }
/// # "#)?;
/// # let out = dir.join("weather-client");
/// use smelt_codegen::Builder;
///
/// let summary = Builder::new()
///     .model(&model) // a file or a directory of .smithy / .json files
///     .package_name("weather-client")
///     .package_version("1.2.0")
///     .operations(["GetCity"]) // only this operation and the shapes it reaches
///     .out_dir(&out)
///     .generate()?;
/// assert_eq!(summary.operations, ["GetCity"]);
/// assert!(summary.lines > 0);
///
/// let manifest = std::fs::read_to_string(out.join("Cargo.toml"))?;
/// assert!(manifest.contains(r#"version = "1.2.0""#));
/// assert!(manifest.contains(&format!(r#"version = "^{}""#, smelt_codegen::RUNTIME_VERSION)));
///
/// // Nothing changed since: the freshness check finds no stale file.
/// let check = Builder::new().model(&model).package_name("weather-client")
///     .package_version("1.2.0").operations(["GetCity"]).out_dir(&out).check()?;
/// assert!(check.is_fresh());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    models: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    options: Options,
    operations: Option<Vec<String>>,
}

/// What a generation run did (or, for [`Builder::check`], would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The package name of the crate.
    pub package: String,
    /// The wire protocol (`restJson1`, `awsJson1_1`, …).
    pub protocol: String,
    /// The generated operations, in the order of the client's methods.
    pub operations: Vec<String>,
    /// Operations of the selection that were not generated, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Lines of Rust in the crate.
    pub lines: usize,
    /// Files written or removed by [`Builder::generate`]; for [`Builder::check`], the files that
    /// are stale (differ, are missing, or would be removed).
    pub changed: Vec<PathBuf>,
}

impl Summary {
    /// No file differs from what the generator writes (meaningful after [`Builder::check`]).
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty()
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder with no model yet and the defaults described on [`Builder`].
    pub fn new() -> Self {
        Builder {
            models: Vec::new(),
            out_dir: None,
            options: Options {
                standalone: true,
                ..Options::default()
            },
            operations: None,
        }
    }

    /// Adds a model source: a Smithy IDL file (`.smithy`), a JSON AST or botocore file
    /// (`.json`), or a directory (every `.smithy` and `.json` under it). All sources form one
    /// model, which must define exactly one service.
    pub fn model(mut self, path: impl AsRef<Path>) -> Self {
        self.models.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds several model sources (see [`Builder::model`]).
    pub fn models<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.models
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The package name (by default the service's SDK ID in kebab case).
    pub fn package_name(mut self, name: impl Into<String>) -> Self {
        self.options.package_name = Some(name.into());
        self
    }

    /// The package version (by default `0.1.0`).
    pub fn package_version(mut self, version: impl Into<String>) -> Self {
        self.options.package_version = Some(version.into());
        self
    }

    /// Depend on `smelt-rt` from the registry with this version requirement (the default
    /// is `^`[`RUNTIME_VERSION`](crate::RUNTIME_VERSION); a requirement that admits older
    /// runtimes still fails to compile against one, see the generated `RUNTIME_VERSION`).
    pub fn runtime_version(mut self, requirement: impl Into<String>) -> Self {
        self.options.runtime = RuntimeDependency::Version(requirement.into());
        self
    }

    /// Depend on `smelt-rt` by path (relative to the generated crate, or absolute).
    pub fn runtime_path(mut self, path: impl AsRef<Path>) -> Self {
        self.options.runtime = RuntimeDependency::Path(path.as_ref().display().to_string());
        self
    }

    /// Depend on `smelt-rt` from a git repository, at a commit, tag or branch.
    pub fn runtime_git(mut self, url: impl Into<String>, reference: Option<GitReference>) -> Self {
        self.options.runtime = RuntimeDependency::Git {
            url: url.into(),
            reference,
        };
        self
    }

    /// Whether the crate is a member of an enclosing workspace (no `[workspace]` table of its
    /// own). By default it is standalone.
    pub fn workspace_member(mut self, member: bool) -> Self {
        self.options.standalone = !member;
        self
    }

    /// Generate only these operations (names like `GetObject`, or absolute shape IDs) and the
    /// shapes they reach, their errors and the service's errors included. Naming an operation
    /// the service does not have is an error that lists the service's operations.
    pub fn operations<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.operations = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The directory the crate is written to (its `Cargo.toml` and `src/`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Applies a settings file: lines of `key = value`, `#` starting a comment. Keys:
    ///
    /// - `operations`: a comma-separated operation allow-list (see [`Builder::operations`]);
    ///   several `operations` lines add up, so a long list can wrap;
    /// - `package-name`, `package-version`: see [`Builder::package_name`],
    ///   [`Builder::package_version`].
    ///
    /// ```text
    /// # model/s3.settings: five operations of S3
    /// operations = GetObject, PutObject, ListObjectsV2
    /// operations = HeadObject, DeleteObject
    /// ```
    ///
    /// An unknown key, a line without `=` or an empty value is an error naming the line.
    pub fn settings_file(mut self, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::file(path, format!("cannot read the settings: {e}")))?;
        for (index, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let at = |message: String| Error::file(path, format!("line {}: {message}", index + 1));
            let Some((key, value)) = line.split_once('=') else {
                return Err(at(format!("expected `key = value`, found `{line}`")));
            };
            let (key, value) = (key.trim(), value.trim());
            if value.is_empty() {
                return Err(at(format!("`{key}` has no value")));
            }
            match key {
                "operations" => {
                    let names = value.split(',').map(str::trim);
                    if names.clone().any(str::is_empty) {
                        return Err(at("an empty operation name in the list".to_string()));
                    }
                    self.operations
                        .get_or_insert_with(Vec::new)
                        .extend(names.map(String::from));
                }
                "package-name" => self.options.package_name = Some(value.to_string()),
                "package-version" => self.options.package_version = Some(value.to_string()),
                other => {
                    return Err(at(format!(
                    "unknown setting `{other}` (known: operations, package-name, package-version)"
                )))
                }
            }
        }
        Ok(self)
    }

    /// What changed between two versions of a model (each a file or a directory, loaded as
    /// [`Builder::model`] loads it), for someone about to regenerate: every change with its
    /// smithy-diff event ID and severity, and the semver bump the generated crate needs
    /// (see [`crate::diff`]).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let dir = std::env::temp_dir().join(format!("smelt-diff-doc-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// use smelt_codegen::diff::{Bump, Severity};
    /// use smelt_codegen::Builder;
    ///
    /// let shop = r#"$version: "2"
    /// namespace example.shop
    /// use aws.protocols#restJson1
    /// @restJson1
    /// service Shop { version: "1", operations: [GetItem] }
    /// @readonly @http(method: "GET", uri: "/items/{id}")
    /// operation GetItem { input := { @required @httpLabel id: String }, output := { name: String } }
    /// "#;
    /// let (v1, v2) = (dir.join("v1.smithy"), dir.join("v2.smithy"));
    /// std::fs::write(&v1, shop.replace("[GetItem]", "[GetItem, DeleteItem]") + r#"
    /// @idempotent @http(method: "DELETE", uri: "/items/{id}")
    /// operation DeleteItem { input := { @required @httpLabel id: String } }
    /// "#)?;
    /// std::fs::write(&v2, shop)?;
    ///
    /// // Adding an operation: a new client method, a minor version.
    /// let report = Builder::diff(&v2, &v1)?;
    /// assert!(!report.is_breaking());
    /// assert_eq!(report.bump(), Bump::Minor);
    /// assert_eq!(report.bump().next_version("1.2.0")?, "1.3.0");
    ///
    /// // Removing it: an ERROR, and a major version of the generated crate.
    /// let report = Builder::diff(&v1, &v2)?;
    /// assert!(report.is_breaking());
    /// let removed = report.with_severity(Severity::Error)
    ///     .find(|e| e.id == "RemovedShape").expect("reported");
    /// assert_eq!(removed.shape, "example.shop#DeleteItem");
    /// assert_eq!(report.bump().next_version("0.3.1")?, "0.4.0");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn diff(old: impl AsRef<Path>, new: impl AsRef<Path>) -> Result<crate::diff::Report> {
        crate::diff::diff_paths(&[old.as_ref().to_path_buf()], &[new.as_ref().to_path_buf()])
    }

    /// Runs the generator and returns the crate in memory, without writing anything.
    pub fn render(&self) -> Result<Generated> {
        if self.models.is_empty() {
            return Err(Error::file(
                Path::new("."),
                "no model given: call `Builder::model` with a model file or directory",
            ));
        }
        generate_selected(&self.models, &self.options, self.operations.as_deref())
    }

    /// Generates the crate and writes it to the output directory: files whose content changed
    /// are rewritten, files under `src/` the generator no longer produces are removed.
    pub fn generate(&self) -> Result<Summary> {
        self.write(false)
    }

    /// The freshness check: generates in memory and compares with the output directory,
    /// writing nothing. [`Summary::changed`] lists the stale files.
    pub fn check(&self) -> Result<Summary> {
        self.write(true)
    }

    fn write(&self, check: bool) -> Result<Summary> {
        let Some(out) = &self.out_dir else {
            return Err(Error::file(
                Path::new("."),
                "no output directory: call `Builder::out_dir`",
            ));
        };
        let generated = self.render()?;
        self.write_rendered(generated, check)
            .map_err(|e| Error::file(out, format!("cannot write the crate: {e}")))
    }

    /// Writes (or, with `check`, compares) a crate made by [`Builder::render`] to the output
    /// directory: [`Builder::generate`] in two steps, for callers that tell model errors from
    /// I/O errors (the `smelt` command's exit codes). Without an output directory, an
    /// [`std::io::ErrorKind::InvalidInput`] error.
    pub fn write_rendered(&self, generated: Generated, check: bool) -> std::io::Result<Summary> {
        let Some(out) = &self.out_dir else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "no output directory: call `Builder::out_dir`",
            ));
        };
        let changed = write::write_crate(out, &generated.files, check)?;
        Ok(Summary {
            lines: generated.rust_lines(),
            package: generated.package,
            protocol: generated.protocol,
            operations: generated.operation_names,
            skipped: generated.unsupported,
            changed,
        })
    }

    /// Renders several crates, each [`Builder`] on its own, on up to `threads` worker threads
    /// (`0`: one per available core), and hands each result to `each` on the calling thread in
    /// the order of `builders`, as soon as it and every one before it are done. The models are
    /// independent, so the output is exactly what [`Builder::render`] gives one by one; only
    /// the wall time changes. The biggest model inputs start first, so that no large model is
    /// left running alone at the end. `each` returning `false` stops: no further model starts,
    /// and no further result is handed over.
    ///
    /// ```no_run
    /// # use smelt_codegen::Builder;
    /// # let models: Vec<std::path::PathBuf> = Vec::new();
    /// let builders: Vec<Builder> = models
    ///     .iter()
    ///     .map(|m| Builder::new().model(m).out_dir(std::path::Path::new("out").join(m.file_stem().unwrap())))
    ///     .collect();
    /// Builder::render_each(&builders, 0, |index, generated| match generated {
    ///     Ok(generated) => builders[index].write_rendered(generated, false).is_ok(),
    ///     Err(_) => false,
    /// });
    /// ```
    pub fn render_each(
        builders: &[Builder],
        threads: usize,
        mut each: impl FnMut(usize, Result<Generated>) -> bool,
    ) {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .min(builders.len());
        if threads <= 1 {
            for (index, builder) in builders.iter().enumerate() {
                if !each(index, builder.render()) {
                    return;
                }
            }
            return;
        }
        // Largest input first; the sort is stable, so equal sizes keep their order.
        let mut schedule: Vec<usize> = (0..builders.len()).collect();
        schedule.sort_by_key(|&i| std::cmp::Reverse(builders[i].input_bytes()));
        let next = AtomicUsize::new(0);
        let (sender, receiver) = mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let (sender, next, schedule) = (sender.clone(), &next, &schedule);
                let worker = move || {
                    while let Some(&index) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if sender.send((index, builders[index].render())).is_err() {
                            break; // the caller stopped
                        }
                    }
                };
                // The main thread's stack size: the parser and the formatter recurse.
                let spawned = std::thread::Builder::new()
                    .name("smelt-codegen".to_string())
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, worker.clone());
                if spawned.is_err() {
                    worker(); // no thread to be had: do the work here
                }
            }
            drop(sender);
            let mut done = BTreeMap::new();
            let mut wanted = 0;
            for (index, result) in receiver.iter() {
                done.insert(index, result);
                while let Some(result) = done.remove(&wanted) {
                    if !each(wanted, result) {
                        // Workers see the closed channel and take no further model.
                        next.store(builders.len(), Ordering::Relaxed);
                        return;
                    }
                    wanted += 1;
                }
            }
        });
    }

    /// The size in bytes of the model files named directly (a directory counts as nothing): the
    /// scheduling weight of [`Builder::render_each`].
    fn input_bytes(&self) -> u64 {
        self.models
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| if m.is_file() { m.len() } else { 0 })
            .sum()
    }
}
