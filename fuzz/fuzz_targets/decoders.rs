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

/// The largest single allocation a target may make: 256 × the longest input
/// (`cargo xtask fuzz` runs with `-max_len=65536`). libFuzzer's own `-malloc_limit_mb` needs a
/// sanitizer's allocator hooks, which a `--sanitizer none` build has not, so the bound is
/// enforced here: a larger request aborts, and libFuzzer reports the input as a crash.
const MAX_ALLOCATION: usize = 16 << 20;

struct Bounded;

// SAFETY: every call is forwarded to the system allocator unchanged, or aborts first.
unsafe impl std::alloc::GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.size() > MAX_ALLOCATION {
            eprintln!(
                "allocation of {} bytes (bound {MAX_ALLOCATION})",
                layout.size()
            );
            std::process::abort();
        }
        // SAFETY: the caller's layout is passed on as given.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if new_size > MAX_ALLOCATION {
            eprintln!("allocation of {new_size} bytes (bound {MAX_ALLOCATION})");
            std::process::abort();
        }
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Bounded = Bounded;
