//! The project's own layout: every `model/*.smithy` and `model/*.json` becomes
//! `generated/<file stem>/`, with the options of `model/<file stem>.settings` when that file
//! exists (see [`Builder::settings_file`]). Shared by `cargo xtask codegen` and the freshness
//! test, so both agree on what "up to date" means.
//!
//! Must not: generate code itself; it lays out paths and scratch workspaces and calls the
//! [`Builder`].

use crate::Builder;
use std::path::{Path, PathBuf};

/// The models of the workspace, sorted.
pub fn models(root: &Path) -> Result<Vec<PathBuf>, String> {
    model_files(&root.join("model"))
}

/// The model files of a folder (`*.smithy`: Smithy IDL; `*.json`: JSON AST or botocore), sorted;
/// each is one model.
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "smithy"))
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
        let dir = root.join("generated").join(&stem);
        let mut builder = Builder::new()
            .model(&model)
            .package_name(&stem)
            .runtime_path("../../runtime")
            .workspace_member(true)
            .out_dir(&dir);
        let settings = model.with_extension("settings");
        if settings.is_file() {
            builder = builder
                .settings_file(&settings)
                .map_err(|e| e.to_string())?;
        }
        let summary = if check {
            builder.check()
        } else {
            builder.generate()
        };
        let changed = summary.map_err(|e| e.to_string())?.changed;
        stale.extend(
            changed
                .into_iter()
                .map(|p| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p)),
        );
    }
    Ok(stale)
}

/// Writes a scratch cargo workspace in `dir` (tests, conformance, corpus, e2e build there):
/// `manifest` as its `Cargo.toml`, and the workspace's own `Cargo.lock` as its lock, so cargo
/// resolves from the versions this repository pins and only adds what the scratch workspace
/// needs beyond them. Without the lock a scratch build would take the newest compatible
/// release of everything on the day it runs, and a result would depend on the day.
///
/// Files are only rewritten when their content changes, so a warm scratch build stays warm.
pub fn write_scratch_workspace(root: &Path, dir: &Path, manifest: &str) -> Result<(), String> {
    let lock_path = root.join("Cargo.lock");
    let lock =
        std::fs::read_to_string(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in [("Cargo.toml", manifest), ("Cargo.lock", lock.as_str())] {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The packages whose version in the lock file `scratch` differs from the one the workspace's
/// `Cargo.lock` pins, as `name: pinned -> found` lines (empty when the scratch lock agrees).
///
/// Only semver-compatible versions are compared: a scratch workspace may add a package, or
/// another major version of one (a benchmark's older `hyper`), but it may never move a pinned
/// package to a newer compatible release.
pub fn lock_drift(root: &Path, scratch: &Path) -> Result<Vec<String>, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map(|text| lock_versions(&text))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    let pinned = read(&root.join("Cargo.lock"))?;
    let found = read(scratch)?;
    let mut drift = Vec::new();
    for (name, versions) in &found {
        let Some(pins) = pinned.get(name) else {
            continue;
        };
        for version in versions {
            let class = compat_class(version);
            if let Some(pin) = pins.iter().find(|p| compat_class(p) == class) {
                if pin != version {
                    drift.push(format!("{name}: {pin} -> {version}"));
                }
            }
        }
    }
    Ok(drift)
}

/// Fails, naming each package, when the lock of the scratch workspace in `dir` has moved a
/// package away from the version the workspace's `Cargo.lock` pins (see [`lock_drift`]).
pub fn check_scratch_lock(root: &Path, dir: &Path) -> Result<(), String> {
    let drift = lock_drift(root, &dir.join("Cargo.lock"))?;
    if drift.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: the scratch workspace resolved versions other than Cargo.lock pins: {}",
            dir.display(),
            drift.join(", ")
        ))
    }
}

/// `name → versions` of the `[[package]]` entries of a `Cargo.lock`.
fn lock_versions(text: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut name = None;
    for line in text.lines() {
        let value = |key: &str| {
            line.strip_prefix(key)
                .and_then(|rest| rest.trim().strip_prefix('='))
                .map(|v| v.trim().trim_matches('"').to_string())
        };
        if line.starts_with("[[package]]") {
            name = None;
        } else if let Some(n) = value("name") {
            name = Some(n);
        } else if let (Some(v), Some(n)) = (value("version"), name.as_ref()) {
            out.entry(n.clone()).or_default().push(v);
        }
    }
    out
}

/// The part of a version that cargo keeps fixed for a `^` requirement: `1` for `1.4.2`, `0.4`
/// for `0.4.2`, `0.0.3` for `0.0.3`.
fn compat_class(version: &str) -> String {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<&str> = core.split('.').collect();
    match parts.as_slice() {
        [major, ..] if *major != "0" => major.to_string(),
        ["0", minor, ..] if *minor != "0" => format!("0.{minor}"),
        _ => core.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatible_versions_share_a_class() {
        assert_eq!(compat_class("1.4.2"), "1");
        assert_eq!(compat_class("0.23.48"), "0.23");
        assert_eq!(compat_class("0.0.3"), "0.0.3");
        assert_eq!(compat_class("2.0.0-rc.1"), "2");
        assert_ne!(compat_class("0.23.1"), compat_class("0.24.1"));
    }

    #[test]
    fn drift_is_an_upgrade_within_a_pinned_class() {
        let dir = std::env::temp_dir().join(format!("smelt-lock-drift-{}", std::process::id()));
        let (root, scratch) = (dir.join("root"), dir.join("scratch"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&scratch).unwrap();
        let entry =
            |n: &str, v: &str| format!("[[package]]\nname = \"{n}\"\nversion = \"{v}\"\n\n");
        std::fs::write(
            root.join("Cargo.lock"),
            entry("rustls", "0.23.46") + &entry("hyper", "1.6.0"),
        )
        .unwrap();
        write_scratch_workspace(&root, &scratch, "[workspace]\n").unwrap();
        assert!(lock_drift(&root, &scratch.join("Cargo.lock"))
            .unwrap()
            .is_empty());
        // Another major version and a new package are additions; a newer 0.23 is drift.
        std::fs::write(
            scratch.join("Cargo.lock"),
            entry("rustls", "0.23.48")
                + &entry("rustls", "0.21.12")
                + &entry("hyper", "0.14.32")
                + &entry("hyper", "1.6.0")
                + &entry("bytes", "1.0.0"),
        )
        .unwrap();
        assert_eq!(
            lock_drift(&root, &scratch.join("Cargo.lock")).unwrap(),
            vec!["rustls: 0.23.46 -> 0.23.48".to_string()]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
