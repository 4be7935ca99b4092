//! `cargo xtask codegen`: models in `model/` → crates in `generated/`, or one model → one
//! standalone crate (`--model PATH --out DIR`, optionally `--operations A,B`), through
//! `smelt_codegen::Builder`.

use smelt_codegen::Builder;
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut model = None;
    let mut out = None;
    let mut operations = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = Some(PathBuf::from(iter.next().ok_or("--model needs a path")?)),
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?)),
            "--operations" => {
                let list = iter.next().ok_or("--operations needs a list: A,B")?;
                operations = Some(list.split(',').map(|s| s.trim().to_string()).collect());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (model, out) {
        (Some(model), Some(out)) => standalone(&model, &out, operations, check),
        (None, None) if operations.is_some() => Err(
            "--operations goes with --model and --out; for a model in model/, write the list in \
             model/<name>.settings (`operations = A, B`)"
                .to_string(),
        ),
        (None, None) => {
            let stale = smelt_codegen::workspace::regenerate(&workspace_root(), check)?;
            if check && !stale.is_empty() {
                let list: Vec<String> =
                    stale.iter().map(|p| format!("  {}", p.display())).collect();
                return Err(format!(
                    "generated code is out of date; run `cargo xtask codegen`. Stale files:\n{}",
                    list.join("\n")
                ));
            }
            if !check {
                println!("regenerated {} file(s)", stale.len());
            }
            Ok(())
        }
        _ => Err("--model and --out go together".to_string()),
    }
}

fn standalone(
    model: &Path,
    out: &Path,
    operations: Option<Vec<String>>,
    check: bool,
) -> Result<(), String> {
    let mut builder = Builder::new()
        .model(model)
        .runtime_path(workspace_root().join("runtime"))
        .out_dir(out);
    if let Some(operations) = operations {
        builder = builder.operations(operations);
    }
    let summary = if check {
        builder.check()
    } else {
        builder.generate()
    }
    .map_err(|e| e.to_string())?;
    println!(
        "{}: {} ({}), {} operations, {} lines of Rust{}",
        out.display(),
        summary.package,
        summary.protocol,
        summary.operations.len(),
        summary.lines,
        if check {
            format!(", {} stale file(s)", summary.changed.len())
        } else {
            String::new()
        }
    );
    for (op, reason) in &summary.skipped {
        println!("  not generated: {op}: {reason}");
    }
    if check && !summary.is_fresh() {
        return Err(format!("{} is out of date", out.display()));
    }
    Ok(())
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}
