//! `cargo xtask` — the project's commands. Run `cargo xtask help`.

mod ast;
mod bench;
mod cases;
mod codegen;
mod conformance;
mod corpus;
mod e2e;
mod endpoint_tests;
mod fuzz;
mod fuzz_decoders;
mod protocol_tests;
mod random_models;
mod soak;
#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::process::ExitCode;

/// Counts live memory so that `cargo xtask fuzz --engine mutation` can bound what one input
/// takes (a few atomic adds per allocation).
#[global_allocator]
static ALLOC: fuzz_decoders::CountingAlloc = fuzz_decoders::CountingAlloc;

const HELP: &str = "\
cargo xtask <command>

Commands:
  codegen                      regenerate every crate under generated/ from model/
  codegen --check              fail, naming stale files, when generated/ is out of date
  codegen --model PATH --out DIR [--operations A,B]
                               generate a standalone crate (Smithy IDL or JSON AST files or directories, botocore JSON),
                               optionally only the listed operations (for model/NAME: model/NAME.settings)
  ast PATH...                  print the model of the given files (IDL, JSON AST, directories) as canonical JSON AST
  idl PATH... [--out DIR]      the same model as Smithy IDL 2.0 (stdout, or DIR/<namespace>.smithy)
  corpus [DIR]                 generate, check and lint every model of DIR (default ../shared/models/aws)
  conformance [DIR]            run botocore's protocol suites (default ../shared/conformance/botocore-1.44.5)
  endpoint-tests [DIR]         endpoint rule-set cases through the runtime's rules engine (default ../shared:
                               botocore endpoint-rules, smithy rules-engine-tests, models/aws endpointTests)
  conformance-scale [N] [DIR]  the same suites with every case N times (default 5), on an 8 MiB stack
  random-models [--seed S] [--count N]
                               N seeded random models (default seed 1, 5 models): generate, clippy -D warnings
  protocol-tests [DIR] [--only X]
                               run Smithy's protocol compliance tests (default ../shared/smithy-1.73.0/protocol-tests),
                               optionally only the services whose protocol folder or name contains X (or one of X,Y,...)
  e2e [MODELS_DIR]             generated clients against moto (needs SMELT_E2E_ENDPOINT; see e2e/README.md)
  idl-bench [DIR]              read every model of DIR (default ../shared/models/aws) as IDL, timed
                               (run with `cargo run --release -p xtask -- idl-bench`)
  fuzz [TARGET] [--runs N] [--engine libfuzzer|mutation] [--seed S] [--bound-ms MS] [--list]
                               fuzz every decoder of untrusted bytes, or one (default 1,000,000 inputs each;
                               libFuzzer through `cargo fuzz` when installed); see fuzz/src/targets.rs
  fuzz idl-grammar [--runs N] [--seed S] [--corpus DIR] [--bound-ms MS]
                               grammar-aware mutation fuzzing of the Smithy IDL frontend
  soak [--tasks N] [--secs S]  one generated client shared by N tasks (default 1,000) for S seconds (default 10)
                               against the fault-injecting loopback server: throughput, p50/p99, connections
  bench [--only a,b,c,d,e,f]   benchmark generated/docdb-elastic against aws-sdk-docdbelastic
                               (separate workspace bench/; slow; run it alone: see bench/README.md)
  help                         this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("ast") => ast::run_ast(&args[1..]),
        Some("idl") => ast::run_idl(&args[1..]),
        Some("idl-bench") => ast::run_bench(&args[1..], &codegen::workspace_root()),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") if args.get(1).map(String::as_str) == Some("idl-grammar") => {
            fuzz::run(&args[1..])
        }
        Some("fuzz") => fuzz_decoders::run(&args[1..], &codegen::workspace_root()),
        Some("soak") => soak::run(&args[1..], &codegen::workspace_root()),
        Some("corpus") => corpus::run(&args[1..], &codegen::workspace_root()),
        Some("conformance") => conformance::run(&args[1..], &codegen::workspace_root()),
        Some("endpoint-tests") => endpoint_tests::run(&args[1..], &codegen::workspace_root()),
        Some("conformance-scale") => conformance::scale(&args[1..], &codegen::workspace_root()),
        Some("random-models") => random_models::run(&args[1..], &codegen::workspace_root()),
        Some("protocol-tests") => protocol_tests::run(&args[1..], &codegen::workspace_root()),
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
