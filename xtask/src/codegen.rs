//! `cargo xtask codegen`: models in `model/` → crates in `generated/`, or one model → one
//! standalone crate.

use smelt_codegen::{Options, RuntimeDependency};
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut model = None;
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = Some(PathBuf::from(iter.next().ok_or("--model needs a path")?)),
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (model, out) {
        (Some(model), Some(out)) => standalone(&model, &out, check),
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

fn standalone(model: &Path, out: &Path, check: bool) -> Result<(), String> {
    let runtime = workspace_root().join("runtime");
    let options = Options {
        runtime: RuntimeDependency::Path(runtime.display().to_string()),
        standalone: true,
        package_name: None,
    };
    let generated = smelt_codegen::generate(model, &options).map_err(|e| e.to_string())?;
    let stale = smelt_codegen::write::write_crate(out, &generated.files, check)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{}: {} ({}), {} operations, {} lines of Rust{}",
        out.display(),
        generated.package,
        generated.protocol,
        generated.operations,
        generated.rust_lines(),
        if check {
            format!(", {} stale file(s)", stale.len())
        } else {
            String::new()
        }
    );
    for (op, reason) in &generated.unsupported {
        println!("  not generated: {op}: {reason}");
    }
    Ok(())
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}
