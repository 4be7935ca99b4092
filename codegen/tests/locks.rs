//! The benchmark workspace (`bench/`, its own committed `Cargo.lock`, built with `--locked`) pins
//! the same versions as the main workspace for every package both use, so a benchmark measures
//! the code the tests checked.

mod common;

#[test]
fn bench_lock_agrees_with_the_workspace_lock() {
    let root = common::root();
    let drift = smelt_codegen::workspace::lock_drift(&root, &root.join("bench/Cargo.lock"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        drift.is_empty(),
        "bench/Cargo.lock differs from Cargo.lock (run `cargo update -p NAME --precise V` in bench/): {drift:?}"
    );
}
