//! `cargo xtask soak [--tasks N] [--secs S]`: the soak of `client_tests::soak`, long, in a
//! release build on a multi-threaded runtime; prints the report and fails on a broken promise.

use client_tests::soak::{soak, SoakConfig, MIX};
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let mut config = SoakConfig::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match (args[i].as_str(), value) {
            ("--tasks", Some(n)) => config.tasks = n as usize,
            ("--secs", Some(s)) => config.duration = Duration::from_secs(s),
            _ => {
                eprintln!("usage: soak [--tasks N] [--secs S]");
                return ExitCode::FAILURE;
            }
        }
        i += 2;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "soak: {} tasks sharing one client for {:?}; faults: {MIX}",
        config.tasks, config.duration
    );
    let report = match runtime.block_on(soak(&config)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("soak: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{report}");
    let slack = Duration::from_millis(500);
    let mut broken = Vec::new();
    if report.panicked > 0 {
        broken.push(format!("{} tasks panicked", report.panicked));
    }
    if report.max > config.operation_timeout + slack {
        broken.push(format!("a call took {:?}", report.max));
    }
    if report.idle_pool > smelt_runtime::http::transport::POOL_MAX_IDLE_PER_HOST {
        broken.push(format!("{} idle connections kept", report.idle_pool));
    }
    if report.open_after > 0 {
        broken.push(format!("{} connections left open", report.open_after));
    }
    if report.succeeded == 0 {
        broken.push("no call succeeded".into());
    }
    if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("soak: {}", broken.join("; "));
        ExitCode::FAILURE
    }
}
