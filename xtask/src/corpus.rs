//! `cargo xtask corpus [DIR]`: every model of a folder (default `../shared/models/aws`) becomes a
//! crate in one workspace under `target/corpus`, which is checked and linted with warnings
//! denied, one model at a time, with one line of report per model; a crate that carries its
//! model's endpoint tests (`tests/endpoint_tests.rs`) then runs them.

use smelt_codegen::{Options, RuntimeDependency};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let dir = match args.first() {
        Some(d) => PathBuf::from(d),
        None => root.join("../shared/models/aws"),
    };
    let models = smelt_codegen::workspace::model_files(&dir)?;
    let work = root.join("target/corpus");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut generated = Vec::new();
    let mut failures = Vec::new();
    for model in &models {
        let stem = model
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("model")
            .to_string();
        let package = format!("corpus-{stem}");
        let options = Options {
            runtime: RuntimeDependency::Path(root.join("runtime").display().to_string()),
            standalone: false,
            package_name: Some(package.clone()),
            ..Default::default()
        };
        let started = Instant::now();
        match smelt_codegen::generate(model, &options) {
            Ok(g) => {
                smelt_codegen::write::write_crate(&crates.join(&stem), &g.files, false)
                    .map_err(|e| e.to_string())?;
                generated.push((stem, package, g, started.elapsed()));
            }
            Err(e) => {
                println!("{stem:<20} codegen FAILED: {e}");
                failures.push(format!("{stem}: {e}"));
            }
        }
    }
    let members: Vec<String> = generated
        .iter()
        .map(|(stem, ..)| format!("\"crates/{stem}\""))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    smelt_codegen::workspace::write_scratch_workspace(root, &work, &manifest)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // Dependencies first, so each model's time is its own.
    let warm = Command::new(&cargo)
        .args(["build", "--quiet", "-p", "smelt-rt"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !warm.success() {
        return Err("the runtime does not build".to_string());
    }
    println!(
        "{:<20} {:<12} {:>5} {:>9} {:>7} {:>8} {:>8}  result",
        "model", "protocol", "ops", "lines", "tests", "gen ms", "check s"
    );
    let (mut total_lines, mut total_test_lines, mut total_ops) = (0, 0, 0);
    let total_started = Instant::now();
    for (stem, package, g, gen_time) in &generated {
        let started = Instant::now();
        let out = Command::new(&cargo)
            .args(["clippy", "--quiet", "-p", package, "--", "-D", "warnings"])
            .current_dir(&work)
            .env("CARGO_TARGET_DIR", work.join("target"))
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let endpoints = if out.status.success() && g.test_lines() > 0 {
            endpoint_tests(&cargo, &work, package)
        } else {
            Ok(String::new())
        };
        let result = if out.status.success() {
            let not_generated = g.unsupported.len();
            let mut line = if not_generated == 0 {
                "ok".to_string()
            } else {
                format!(
                    "ok ({not_generated} operation(s) not generated: {})",
                    reasons(&g.unsupported)
                )
            };
            match endpoints {
                Ok(summary) => line.push_str(&summary),
                Err(e) => {
                    failures.push(format!("{stem}: {e}"));
                    line = format!("FAILED\n    {e}");
                }
            }
            line
        } else {
            let first = stderr
                .lines()
                .skip_while(|l| !l.starts_with("error"))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n    ");
            failures.push(format!("{stem}: {first}"));
            format!("FAILED\n    {first}")
        };
        println!(
            "{stem:<20} {:<12} {:>5} {:>9} {:>7} {:>8} {:>8.1}  {result}",
            g.protocol,
            g.operations,
            g.rust_lines(),
            g.test_lines(),
            gen_time.as_millis(),
            secs
        );
        total_lines += g.rust_lines();
        total_test_lines += g.test_lines();
        total_ops += g.operations;
    }
    println!(
        "total: {} models, {total_ops} operations, {total_lines} lines (+ {total_test_lines} of endpoint tests), {:.0} s; {} failed",
        generated.len(),
        total_started.elapsed().as_secs_f64(),
        failures.len()
    );
    let (patterns, unchecked) = pattern_report(&models);
    println!(
        "patterns: {patterns} distinct per model; {} not checkable (look-around, back-references){}",
        unchecked.len(),
        unchecked
            .iter()
            .map(|line| format!("\n    {line}"))
            .collect::<String>()
    );
    failures.extend(
        unchecked
            .iter()
            .filter(|line| !line.ends_with(" [inexpressible]"))
            .map(|line| format!("pattern not checked: {line}")),
    );
    if let Err(e) = smelt_codegen::workspace::check_scratch_lock(root, &work) {
        failures.push(e);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} model(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        ))
    }
}

/// Runs a crate's endpoint tests: `; endpoint tests: N passed, M skipped` or why they failed.
fn endpoint_tests(cargo: &str, work: &Path, package: &str) -> Result<String, String> {
    let out = Command::new(cargo)
        .args(["test", "--quiet", "-p", package, "--test", "endpoint_tests"])
        .args(["--", "--nocapture"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout
        .lines()
        .find_map(|l| l.strip_prefix("endpoint tests: "))
        .map(|s| format!("; endpoint tests: {s}"));
    match (out.status.success(), summary) {
        (true, Some(summary)) => Ok(summary),
        (ok, _) => {
            let text = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
            let detail: Vec<&str> = text
                .lines()
                .filter(|l| {
                    l.contains("FAILED") || l.starts_with("error") || l.contains("panicked")
                })
                .take(8)
                .collect();
            Err(format!(
                "endpoint tests {}:\n    {}",
                if ok { "printed no summary" } else { "failed" },
                detail.join("\n    ")
            ))
        }
    }
}

/// "3 × the awsQuery protocol is not supported yet" style summary.
fn reasons(unsupported: &[(String, String)]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, reason) in unsupported {
        *counts.entry(reason.as_str()).or_default() += 1;
    }
    counts
        .iter()
        .map(|(r, n)| format!("{n} × {r}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every `@pattern` of the models, and the ones `validate()` cannot check: look-around and
/// back-references end with ` [inexpressible]`; anything else is a translation gap (a failure).
fn pattern_report(models: &[PathBuf]) -> (usize, Vec<String>) {
    let mut total = 0;
    let mut unchecked = Vec::new();
    for model in models {
        let Some(json) = std::fs::read_to_string(model)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        else {
            continue;
        };
        let stem = model
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("model");
        for p in smelt_codegen::pattern::patterns_in(&json) {
            total += 1;
            if let Err(reason) = smelt_codegen::pattern::translate(&p) {
                let tag = if smelt_codegen::pattern::is_inexpressible(&reason) {
                    " [inexpressible]"
                } else {
                    ""
                };
                unchecked.push(format!("{stem}: `{p}`: {reason}{tag}"));
            }
        }
    }
    (total, unchecked)
}
