//! `cargo xtask` — the project's commands. Run `cargo xtask help`.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod e2e;
mod random_models;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

Commands:
  codegen                      regenerate every crate under generated/ from model/
  codegen --check              fail, naming stale files, when generated/ is out of date
  codegen --model PATH --out DIR
                               generate a standalone crate for any Smithy JSON AST file
  corpus [DIR]                 generate, check and lint every model of DIR (default ../shared/models/aws)
  conformance [DIR]            run botocore's protocol suites (default ../shared/conformance/botocore-1.44.5)
  random-models [--seed S] [--count N]
                               N seeded random models (default seed 1, 5 models): generate, clippy -D warnings
  e2e [MODELS_DIR]             generated clients against moto (needs SMELT_E2E_ENDPOINT; see e2e/README.md)
  bench [--only a,b,c,d,e,f]   benchmark generated/docdb-elastic against aws-sdk-docdbelastic
                               (separate workspace bench/; slow; run it alone: see bench/README.md)
  help                         this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..], &codegen::workspace_root()),
        Some("conformance") => conformance::run(&args[1..], &codegen::workspace_root()),
        Some("random-models") => random_models::run(&args[1..], &codegen::workspace_root()),
        Some("e2e") => e2e::run(&args[1..], &codegen::workspace_root()),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
