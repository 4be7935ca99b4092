//! `cargo xtask soak [--tasks N] [--secs S]`: the soak of `client-tests` (one generated client
//! shared by N concurrent tasks, default 1,000, for S seconds, default 10, against the
//! fault-injecting loopback server), built in release mode; see `client-tests/src/soak.rs`.

use std::path::Path;
use std::process::Command;

pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let status = Command::new("cargo")
        .current_dir(root)
        .args([
            "run",
            "--release",
            "-p",
            "client-tests",
            "--bin",
            "soak",
            "--",
        ])
        .args(args)
        .status()
        .map_err(|e| format!("cargo run: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the soak failed ({status})"))
    }
}
