//! Which generated crates this runtime serves: a generated crate records the runtime version it
//! was generated for and asserts [`supports`] at compile time, so a runtime too old or of another
//! semver line is a compile error that says what to do, not a surprise at run time.
//!
//! Generated code says it in one line, [`require_runtime!`]`("0.1.0")`. Every release of the
//! runtime keeps that macro, with this meaning, so the check works across semver lines.

/// Declares `pub const RUNTIME_VERSION: &str = $version;` (the runtime version the crate was
/// generated for) and fails compilation, saying what to do, when this runtime does not
/// [`supports`] it. Generated crates call it once, in `lib.rs`.
///
/// ```
/// smelt_runtime::protocol::version::require_runtime!("0.1.0");
/// assert_eq!(RUNTIME_VERSION, "0.1.0");
/// ```
///
/// ```compile_fail
/// smelt_runtime::protocol::version::require_runtime!("999.0.0");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __smelt_require_runtime {
    ($version:literal) => {
        /// The `smelt-rt` version this crate was generated for.
        pub const RUNTIME_VERSION: &str = $version;
        const _: () = ::core::assert!(
            $crate::protocol::version::supports($version),
            ::core::concat!(
                "this crate was generated for smelt-rt ",
                $version,
                ", and the smelt-rt it is built with is of another semver line or older: \
                 depend on smelt-rt \"^",
                $version,
                "\", or regenerate the crate with the smelt-codegen release that matches your \
                 smelt-rt"
            )
        );
    };
}

pub use crate::__smelt_require_runtime as require_runtime;

/// This runtime's version (`version` in its `Cargo.toml`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Whether this runtime can run code generated for runtime `generated_for` (a `major.minor.patch`
/// version): the same semver line as [`VERSION`] (the same major version, or for `0.x` the same
/// minor version) and not older than it. `const`, so generated crates check it at compile time.
///
/// ```
/// use smelt_runtime::protocol::version::{supports, VERSION};
/// assert!(supports(VERSION));
/// assert!(!supports("999.0.0"));
/// assert!(!supports("not a version"));
/// ```
pub const fn supports(generated_for: &str) -> bool {
    match (parse(VERSION.as_bytes()), parse(generated_for.as_bytes())) {
        (Some(runtime), Some(wanted)) => compatible(runtime, wanted),
        _ => false,
    }
}

/// `runtime` can serve code generated for `wanted`: same semver line, and `runtime >= wanted`.
const fn compatible(runtime: [u64; 3], wanted: [u64; 3]) -> bool {
    let same_line = if runtime[0] != 0 {
        runtime[0] == wanted[0]
    } else if runtime[1] != 0 {
        wanted[0] == 0 && runtime[1] == wanted[1]
    } else {
        wanted[0] == 0 && wanted[1] == 0 && runtime[2] == wanted[2]
    };
    let not_older = runtime[1] > wanted[1] || (runtime[1] == wanted[1] && runtime[2] >= wanted[2]);
    same_line && not_older
}

/// `major.minor.patch`, ignoring a `-pre` or `+build` suffix; `None` for anything else.
const fn parse(text: &[u8]) -> Option<[u64; 3]> {
    let mut parts = [0u64; 3];
    let mut part = 0;
    let mut digits = 0;
    let mut i = 0;
    while i < text.len() {
        let byte = text[i];
        if byte == b'-' || byte == b'+' {
            break;
        }
        if byte == b'.' {
            if digits == 0 || part == 2 {
                return None;
            }
            part += 1;
            digits = 0;
        } else if byte.is_ascii_digit() {
            let Some(value) = parts[part].checked_mul(10) else {
                return None;
            };
            let Some(value) = value.checked_add((byte - b'0') as u64) else {
                return None;
            };
            parts[part] = value;
            digits += 1;
        } else {
            return None;
        }
        i += 1;
    }
    if part == 2 && digits > 0 {
        Some(parts)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_and_rejects_the_rest() {
        assert_eq!(parse(b"0.1.0"), Some([0, 1, 0]));
        assert_eq!(parse(b"12.34.56-beta.1+build"), Some([12, 34, 56]));
        for bad in [
            "", "1", "1.2", "1.2.", "1..2", "1.2.3.4", "a.b.c", "1.2.x", ".1.2",
        ] {
            assert_eq!(parse(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(parse(b"99999999999999999999.0.0"), None);
    }

    #[test]
    fn compatibility_follows_cargo_caret_rules_and_needs_a_runtime_not_older() {
        // 1.x: same major, runtime not older.
        assert!(compatible([1, 4, 2], [1, 4, 2]));
        assert!(compatible([1, 4, 2], [1, 3, 9]));
        assert!(!compatible([1, 4, 2], [1, 4, 3]));
        assert!(!compatible([1, 4, 2], [1, 5, 0]));
        assert!(!compatible([2, 0, 0], [1, 9, 9]));
        // 0.x: same minor.
        assert!(compatible([0, 3, 5], [0, 3, 1]));
        assert!(!compatible([0, 3, 5], [0, 3, 6]));
        assert!(!compatible([0, 3, 5], [0, 2, 0]));
        assert!(!compatible([0, 3, 5], [1, 3, 5]));
        // 0.0.x: exactly the same.
        assert!(compatible([0, 0, 3], [0, 0, 3]));
        assert!(!compatible([0, 0, 3], [0, 0, 2]));
    }

    #[test]
    fn the_running_version_supports_itself_only_within_its_line() {
        assert!(supports(VERSION));
        let [major, minor, patch] = parse(VERSION.as_bytes()).expect("the crate version parses");
        let newer = format!("{major}.{minor}.{}", patch + 1);
        assert!(!supports(&newer), "{newer}");
        let next_line = if major == 0 {
            format!("0.{}.0", minor + 1)
        } else {
            format!("{}.0.0", major + 1)
        };
        assert!(!supports(&next_line), "{next_line}");
    }
}
