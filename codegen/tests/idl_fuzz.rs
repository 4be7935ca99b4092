//! A short run of the IDL fuzzer (`cargo xtask fuzz idl-grammar` runs a million inputs): no input may
//! panic or take more than the bound.

#[path = "../../xtask/src/fuzz.rs"]
#[allow(dead_code)]
mod fuzz;

#[test]
fn two_thousand_mutated_inputs_neither_panic_nor_hang() {
    let report = fuzz::fuzz_idl(2_000, 7, std::time::Duration::from_secs(10), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.runs, 2_000);
}
