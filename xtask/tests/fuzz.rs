//! A short run of every fuzz target (`cargo xtask fuzz` runs a million inputs each, under
//! libFuzzer): the in-process mutation engine, seeded from the shared models and suites, must
//! see no panic and no input slower than the bound. Also: the engine does report a panic and a
//! hang, and the fuzz workspace's lock pins the workspace's versions.

#[path = "../src/fuzz_decoders.rs"]
#[allow(dead_code)]
mod fuzz_decoders;
#[path = "../../fuzz/src/targets.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

#[global_allocator]
static ALLOC: fuzz_decoders::CountingAlloc = fuzz_decoders::CountingAlloc;
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Inputs per target in the tests (the seeds first, then mutations).
const RUNS: u64 = 4_000;

fn short_run(name: &str) {
    let target = targets::find(name).expect("a target of the table");
    let seeds = fuzz_decoders::seeds(target, &root().join("../shared"))
        .unwrap_or_else(|e| panic!("seeds of `{name}`: {e}"));
    assert!(
        seeds.len() > (target.builtin)().len() || target.seeds.is_empty(),
        "`{name}` found shared seeds"
    );
    let report = fuzz_decoders::mutation(target, seeds, RUNS, 7, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.runs, RUNS);
    assert!(report.peak_memory > 0, "memory is counted");
}

macro_rules! short_runs {
    ($($test:ident => $name:literal,)*) => {
        $(#[test]
        fn $test() {
            short_run($name);
        })*

        /// Every row of the table has its test above.
        #[test]
        fn every_target_has_a_short_run() {
            assert_eq!(targets::names(), [$($name),*]);
        }
    };
}

short_runs! {
    json_reader => "json",
    cbor_reader => "cbor",
    xml_responses => "xml",
    error_responses => "error-response",
    event_stream_framing => "event-stream",
    timestamps_and_header_lists => "timestamp",
    json_ast_loader => "json-ast",
    botocore_loader => "botocore",
    idl_frontend => "idl",
}

fn panics_on_bang(data: &[u8]) {
    assert!(!data.contains(&b'!'), "found a bang");
}

fn hangs_on_bang(data: &[u8]) {
    if data.contains(&b'!') {
        std::thread::sleep(Duration::from_secs(3));
    }
}

fn no_seeds() -> Vec<Vec<u8>> {
    Vec::new()
}

static PANICS: targets::Target = targets::Target {
    name: "panics",
    what: "a target with a bug",
    run: panics_on_bang,
    seeds: &[],
    builtin: no_seeds,
    tokens: &["!"],
};

static HANGS: targets::Target = targets::Target {
    name: "hangs",
    what: "a target with a hang",
    run: hangs_on_bang,
    seeds: &[],
    builtin: no_seeds,
    tokens: &["!"],
};

#[test]
fn the_engine_reports_a_panic_with_its_input() {
    let err = fuzz_decoders::mutation(
        &PANICS,
        vec![b"abc".to_vec()],
        10_000,
        1,
        Duration::from_secs(10),
    )
    .expect_err("the mutations insert a `!`");
    assert!(err.contains("panic: found a bang"), "{err}");
    assert!(err.contains('!'), "the input is printed: {err}");
}

#[test]
fn the_engine_reports_a_slow_input() {
    let err = fuzz_decoders::mutation(
        &HANGS,
        vec![b"abc".to_vec()],
        10_000,
        1,
        Duration::from_millis(200),
    )
    .expect_err("the mutations insert a `!`");
    assert!(err.contains("longer than 200ms"), "{err}");
}

fn hoards_on_bang(data: &[u8]) {
    if data.contains(&b'!') {
        let big = vec![1u8; 64 << 20];
        assert_eq!(big.len(), 64 << 20);
    }
}

static HOARDS: targets::Target = targets::Target {
    name: "hoards",
    what: "a target that allocates without bound",
    run: hoards_on_bang,
    seeds: &[],
    builtin: no_seeds,
    tokens: &["!"],
};

#[test]
fn the_engine_reports_an_input_that_takes_too_much_memory() {
    let err = fuzz_decoders::mutation(
        &HOARDS,
        vec![b"abc".to_vec()],
        10_000,
        1,
        Duration::from_secs(10),
    )
    .expect_err("the mutations insert a `!`");
    assert!(err.contains("held"), "{err}");
}

#[test]
fn the_fuzz_lock_pins_the_workspace_versions() {
    smelt_codegen::workspace::check_scratch_lock(&root(), &root().join("fuzz"))
        .unwrap_or_else(|e| panic!("{e}"));
}
