//! `smelt`: the generator on the command line (`cargo install --path codegen`). Every command goes
//! through the library: `generate` and `check` through `smelt_codegen::Builder`, `ast` and `idl`
//! through `smelt_codegen::ast`, `diff` through `smelt_codegen::Builder::diff`.
//!
//! Exit codes: 0 success, 1 invalid model, 2 usage error, 3 stale output (`check`), 4 I/O error,
//! 5 breaking change (`diff` found an ERROR event; its report is printed all the same).
//! Arguments are parsed by hand (`args.rs`): the whole grammar is a few flags per command, and a
//! parser crate would cost more build time than the parsing itself (README, "The smelt command").

mod args;
mod report;

use args::{Command, Format, Generate, Usage};
use report::Reporter;
use smelt_codegen::{Builder, GitReference};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why a command failed, and so its exit code.
enum Failure {
    /// The model does not load or generate: exit 1.
    Model(smelt_codegen::Error),
    /// The command line is wrong: exit 2.
    Usage(Usage),
    /// `check` found stale files: exit 3.
    Stale(String),
    /// Reading or writing files failed: exit 4.
    Io(String),
    /// `diff` found a breaking change (an ERROR event): exit 5.
    Breaking(String),
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Failure::Model(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Stale(_) => 3,
            Failure::Io(_) => 4,
            Failure::Breaking(_) => 5,
        }
    }
}

fn main() -> ExitCode {
    let reporter = Reporter::for_stderr();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = args::parse(&args)
        .map_err(Failure::Usage)
        .and_then(|command| run(command, &reporter));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            match &failure {
                Failure::Model(error) => reporter.model_error(error),
                Failure::Usage(usage) => reporter.usage_error(usage),
                Failure::Stale(message) | Failure::Io(message) | Failure::Breaking(message) => {
                    reporter.error(message)
                }
            }
            ExitCode::from(failure.code())
        }
    }
}

fn run(command: Command, reporter: &Reporter) -> Result<(), Failure> {
    match command {
        Command::Help(text) => {
            print!("{text}");
            Ok(())
        }
        Command::Version => {
            println!(
                "smelt {} (writes code for smelt-rt {})",
                env!("CARGO_PKG_VERSION"),
                smelt_codegen::RUNTIME_VERSION
            );
            Ok(())
        }
        Command::Generate(options) => generate(&options, reporter),
        Command::Diff {
            old,
            new,
            format,
            crate_version,
        } => diff(&old, &new, format, crate_version.as_deref()),
        Command::Ast { models } => {
            let ast = canonical_ast(&models)?;
            let text = serde_json::to_string_pretty(&ast)
                .map_err(|e| Failure::Io(format!("cannot print the model: {e}")))?;
            println!("{text}");
            Ok(())
        }
        Command::Idl { models, out } => {
            let ast = canonical_ast(&models)?;
            let files = smelt_codegen::ast::to_idl(&ast).map_err(|message| {
                Failure::Model(smelt_codegen::Error::file(&models[0], message))
            })?;
            match out {
                None => {
                    for (namespace, text) in &files {
                        println!("// ==> {namespace} <==");
                        print!("{text}");
                    }
                }
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
                    for (namespace, text) in &files {
                        let stem = if namespace.is_empty() {
                            "model"
                        } else {
                            namespace
                        };
                        let path = dir.join(format!("{stem}.smithy"));
                        std::fs::write(&path, text)
                            .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
                        reporter.status("Wrote", &path.display().to_string());
                    }
                }
            }
            Ok(())
        }
    }
}

/// `diff`: the report on stdout (text or JSON), exit 5 when a change is breaking.
fn diff(old: &Path, new: &Path, format: Format, version: Option<&str>) -> Result<(), Failure> {
    check_exist(&[old.to_path_buf(), new.to_path_buf()])?;
    let report = Builder::diff(old, new).map_err(Failure::Model)?;
    // `--crate-version` was checked when the arguments were parsed.
    let next = version.and_then(|v| report.bump().next_version(v).ok());
    match format {
        Format::Json => {
            let json = report.to_json(version).map_err(Failure::Io)?;
            let text = serde_json::to_string_pretty(&json)
                .map_err(|e| Failure::Io(format!("cannot print the report: {e}")))?;
            println!("{text}");
        }
        Format::Text => {
            let versions = version.zip(next.as_deref());
            print!("{}", Reporter::for_stdout().diff_text(&report, versions));
        }
    }
    if report.is_breaking() {
        let count = report
            .with_severity(smelt_codegen::diff::Severity::Error)
            .count();
        return Err(Failure::Breaking(format!(
            "{count} breaking change{} between {} and {}",
            if count == 1 { "" } else { "s" },
            old.display(),
            new.display()
        )));
    }
    Ok(())
}

fn canonical_ast(models: &[PathBuf]) -> Result<serde_json::Value, Failure> {
    check_exist(models)?;
    let model = smelt_codegen::load::load_paths(models).map_err(Failure::Model)?;
    smelt_codegen::ast::to_json_ast(&model).map_err(Failure::Model)
}

/// A missing input is an I/O error (exit 4), not a model error.
fn check_exist(paths: &[PathBuf]) -> Result<(), Failure> {
    for path in paths {
        if !path.exists() {
            return Err(Failure::Io(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
    }
    Ok(())
}

/// `generate` and `check`: one model (all inputs merged), or with `--each` every model file
/// of the given directories as its own crate under `--out`.
fn generate(options: &Generate, reporter: &Reporter) -> Result<(), Failure> {
    check_exist(&options.models)?;
    let jobs: Vec<(Vec<PathBuf>, PathBuf)> = if options.each {
        let mut jobs = Vec::new();
        for dir in &options.models {
            let files = smelt_codegen::workspace::model_files(dir).map_err(Failure::Io)?;
            for file in files {
                let stem = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("service")
                    .to_string();
                jobs.push((vec![file], options.out.join(stem)));
            }
        }
        if jobs.is_empty() {
            return Err(Failure::Io(
                "--each: no .smithy or .json model files in the given directories".to_string(),
            ));
        }
        jobs
    } else {
        vec![(options.models.clone(), options.out.clone())]
    };
    let total = jobs.len();
    let builders = jobs
        .iter()
        .map(|(models, out)| builder(options, models, out))
        .collect::<Result<Vec<_>, _>>()?;
    let mut stale = Vec::new();
    let mut failure = None;
    let name = |index: usize| {
        let out: &Path = &jobs[index].1;
        out.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    if total > 1 {
        reporter.progress(1, total, &name(0));
    }
    // Models are rendered in parallel (`--jobs`, by default one thread per core); results come
    // back in order.
    Builder::render_each(&builders, options.jobs, |index, generated| {
        let (builder, out) = (&builders[index], &jobs[index].1);
        match report_one(builder, out, generated, options.check, reporter) {
            Ok(fresh) => {
                if !fresh {
                    stale.push(out.display().to_string());
                }
                if total > 1 && index + 1 < total {
                    reporter.progress(index + 2, total, &name(index + 1));
                }
                true
            }
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    });
    if let Some(failure) = failure {
        return Err(failure);
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Failure::Stale(format!(
            "generated code is out of date in {}; run `smelt generate` with the same arguments",
            stale.join(", ")
        )))
    }
}

/// Writes (or checks) one rendered crate and prints its status lines; `Ok(false)` when
/// `check` found it stale.
fn report_one(
    builder: &Builder,
    out: &Path,
    generated: smelt_codegen::Result<smelt_codegen::Generated>,
    check: bool,
    reporter: &Reporter,
) -> Result<bool, Failure> {
    reporter.clear_progress();
    let generated = generated.map_err(Failure::Model)?;
    let summary = builder
        .write_rendered(generated, check)
        .map_err(|e| Failure::Io(format!("{}: {e}", out.display())))?;
    let what = format!(
        "{} ({}) in {}: {} operations, {} lines",
        summary.package,
        summary.protocol,
        out.display(),
        summary.operations.len(),
        summary.lines
    );
    let fresh = summary.is_fresh();
    if check {
        if fresh {
            reporter.status("Fresh", &what);
        } else {
            reporter.warn_status("Stale", &what);
            for file in &summary.changed {
                reporter.detail(&file.display().to_string());
            }
        }
    } else {
        let changed = format!("{what}, {} files changed", summary.changed.len());
        reporter.status("Generated", &changed);
    }
    for (operation, reason) in &summary.skipped {
        reporter.detail(&format!("not generated: {operation}: {reason}"));
    }
    Ok(fresh || !check)
}

fn builder(options: &Generate, models: &[PathBuf], out: &Path) -> Result<Builder, Failure> {
    let mut builder = Builder::new().models(models).out_dir(out);
    if let Some(settings) = &options.settings {
        builder = builder.settings_file(settings).map_err(Failure::Model)?;
    }
    if let Some(name) = &options.package_name {
        builder = builder.package_name(name);
    }
    if let Some(version) = &options.package_version {
        builder = builder.package_version(version);
    }
    if let Some(operations) = &options.operations {
        builder = builder.operations(operations.iter().cloned());
    }
    if let Some(requirement) = &options.runtime_version {
        builder = builder.runtime_version(requirement);
    }
    if let Some(path) = &options.runtime_path {
        builder = builder.runtime_path(path);
    }
    if let Some(url) = &options.runtime_git {
        let reference = match (
            &options.runtime_rev,
            &options.runtime_tag,
            &options.runtime_branch,
        ) {
            (Some(rev), _, _) => Some(GitReference::Rev(rev.clone())),
            (_, Some(tag), _) => Some(GitReference::Tag(tag.clone())),
            (_, _, Some(branch)) => Some(GitReference::Branch(branch.clone())),
            _ => None,
        };
        builder = builder.runtime_git(url, reference);
    }
    Ok(builder.workspace_member(options.workspace_member))
}
