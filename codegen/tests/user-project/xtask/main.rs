//! `cargo run -p xtask`: regenerates `shop-client/` from `model/`;
//! `cargo run -p xtask -- --check` fails when `shop-client/` is out of date.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let check = std::env::args().any(|arg| arg == "--check");
    let builder = smelt_codegen::Builder::new()
        .model(root.join("model"))
        .package_name("shop-client")
        .workspace_member(true)
        .out_dir(root.join("shop-client"));
    let result = if check {
        builder.check()
    } else {
        builder.generate()
    };
    match result {
        Ok(summary) if check && !summary.is_fresh() => {
            eprintln!("shop-client is out of date; run `cargo run -p xtask`");
            ExitCode::FAILURE
        }
        Ok(summary) => {
            println!(
                "{}: {} operations ({}), {} lines, {} files changed",
                summary.package,
                summary.operations.len(),
                summary.operations.join(", "),
                summary.lines,
                summary.changed.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
