//! One libFuzzer binary for every target of `smelt_fuzz::targets::TARGETS`; the target is named
//! by the `SMELT_FUZZ_TARGET` environment variable (`cargo xtask fuzz TARGET` sets it).

#![no_main]

use std::sync::OnceLock;

fn target() -> &'static smelt_fuzz::targets::Target {
    static TARGET: OnceLock<&'static smelt_fuzz::targets::Target> = OnceLock::new();
    TARGET.get_or_init(|| {
        let name = std::env::var("SMELT_FUZZ_TARGET").unwrap_or_default();
        smelt_fuzz::targets::find(&name).unwrap_or_else(|| {
            eprintln!(
                "SMELT_FUZZ_TARGET={name:?} names no target; one of: {}",
                smelt_fuzz::targets::names().join(", ")
            );
            std::process::exit(2)
        })
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| (target().run)(data));
