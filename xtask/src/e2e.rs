//! `cargo xtask e2e [MODELS_DIR]`: end-to-end tests of generated clients against a local moto
//! server (`SMELT_E2E_ENDPOINT`, e.g. `http://127.0.0.1:5000`).
//!
//! Each service of [`SERVICES`] is generated from `MODELS_DIR/<name>.json` (default
//! `../shared/models/aws`) into `target/e2e/crates/<name>` as package `e2e-<name>`. A workspace
//! `target/e2e/Cargo.toml` holds those crates and the scenario crate, whose source stays in the
//! repository (`e2e/`, excluded from the main workspace, joined to this one by an absolute member
//! path and its `package.workspace` key). `cargo test` then runs the scenarios with
//! `CARGO_TARGET_DIR=target/e2e/target`.

use smelt_codegen::{Options, RuntimeDependency};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The services under test: model file stems in the models folder, one crate each.
const SERVICES: [&str; 10] = [
    "dynamodb",
    "sqs",
    "kinesis",
    "secrets-manager",
    "eks",
    "glacier",
    "sts",
    "sns",
    "iam",
    "s3",
];

/// The environment variable naming moto's endpoint.
const ENDPOINT_VAR: &str = "SMELT_E2E_ENDPOINT";

const HOW_TO_START_MOTO: &str = "\
start moto on the loopback interface and point the tests at it, e.g.:
    pip install 'moto[server]==5.2.1'   # the version CI pins (.ci/run)
    moto_server -H 127.0.0.1 -p 5000 &
    SMELT_E2E_ENDPOINT=http://127.0.0.1:5000 cargo xtask e2e";

pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let models = match args {
        [] => root.join("../shared/models/aws"),
        [dir] if !dir.starts_with('-') => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask e2e [MODELS_DIR]".to_string()),
    };
    let endpoint = match std::env::var(ENDPOINT_VAR) {
        Ok(v) if !v.trim().is_empty() => v,
        _ => return Err(format!("{ENDPOINT_VAR} is not set; {HOW_TO_START_MOTO}")),
    };
    if !is_loopback_url(&endpoint) {
        return Err(format!(
            "{ENDPOINT_VAR}=`{endpoint}` is not an http(s) URL on the loopback interface \
             (127.0.0.1, localhost or [::1]); the scenarios only run against a local moto; \
             {HOW_TO_START_MOTO}"
        ));
    }
    let scenarios = root.join("e2e");
    if !scenarios.join("Cargo.toml").is_file() {
        return Err(format!(
            "{}: the scenario crate is missing",
            scenarios.display()
        ));
    }
    let work = root.join("target/e2e");
    let crates = work.join("crates");
    std::fs::create_dir_all(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;

    let started = Instant::now();
    let runtime = root.join("runtime");
    for name in SERVICES {
        let model = models.join(format!("{name}.json"));
        let options = Options {
            runtime: RuntimeDependency::Path(runtime.display().to_string()),
            standalone: false,
            package_name: Some(format!("e2e-{name}")),
            ..Default::default()
        };
        // The error names the model file already.
        let generated = smelt_codegen::generate(&model, &options).map_err(|e| e.to_string())?;
        let out = crates.join(name);
        // Check mode is not used: write_crate only rewrites files whose content changed, so a
        // warm run leaves the crates' mtimes alone and cargo does not rebuild them.
        smelt_codegen::write::write_crate(&out, &generated.files, false)
            .map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "generated {name}: {} ({}), {} operations{}",
            generated.package,
            generated.protocol,
            generated.operations,
            if generated.unsupported.is_empty() {
                String::new()
            } else {
                format!(", {} not generated", generated.unsupported.len())
            }
        );
    }
    smelt_codegen::workspace::write_scratch_workspace(
        root,
        &work,
        &workspace_manifest(&scenarios),
    )?;
    println!(
        "generated {} crates in {:.1} s",
        SERVICES.len(),
        started.elapsed().as_secs_f64()
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    println!(
        "running the scenarios against {endpoint} (target/e2e; the first build takes minutes)…"
    );
    let status = Command::new(cargo)
        .args(["test", "--no-fail-fast", "-p", "e2e-scenarios"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env(ENDPOINT_VAR, &endpoint)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    smelt_codegen::workspace::check_scratch_lock(root, &work)?;
    if status.success() {
        println!(
            "e2e: all scenarios passed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    } else {
        Err(format!(
            "e2e scenarios failed against {endpoint} (see above)"
        ))
    }
}

/// The workspace of `target/e2e`: the generated crates and the scenario crate (by absolute path).
fn workspace_manifest(scenarios: &Path) -> String {
    let mut members: Vec<String> = SERVICES.iter().map(|s| format!("\"crates/{s}\"")).collect();
    members.push(toml_string(&scenarios.display().to_string()));
    format!(
        "# Written by `cargo xtask e2e`; do not edit.\n\
         [workspace]\n\
         resolver = \"2\"\n\
         members = [{}]\n\n\
         # Big generated crates: keep the debug build lean.\n\
         [profile.dev]\n\
         debug = false\n",
        members.join(", ")
    )
}

/// Whether `url` is `http(s)://HOST[:PORT][/...]` with HOST on the loopback interface.
fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((host, _)) => host,
            None => return false,
        }
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::is_loopback_url;

    #[test]
    fn only_loopback_endpoints_are_accepted() {
        for ok in [
            "http://127.0.0.1:5000",
            "http://127.0.0.1:5000/",
            "https://127.1.2.3",
            "http://localhost:8080/x",
            "http://LOCALHOST",
            "http://[::1]:5000",
        ] {
            assert!(is_loopback_url(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1:5000",
            "ftp://127.0.0.1",
            "http://10.0.0.1:5000",
            "https://dynamodb.us-east-1.amazonaws.com",
            "http://127.0.0.1.example.com",
            "http://user@127.0.0.1:5000",
            "http://[::2]:5000",
            "http://[::1",
        ] {
            assert!(!is_loopback_url(bad), "{bad}");
        }
    }
}
