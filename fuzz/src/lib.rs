//! The fuzz targets of every decoder that reads untrusted bytes, as a table ([`targets::TARGETS`]).
//!
//! Two engines run the same table: libFuzzer (coverage-guided, `fuzz_targets/decoders.rs`,
//! built by `cargo fuzz`) and the deterministic in-process mutation engine of `xtask` (which
//! includes `src/targets.rs` directly, so `cargo test --workspace` runs every target briefly).

pub mod targets;
