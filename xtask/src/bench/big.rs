//! The big services of issue 19: S3 (restXml) and DynamoDB (awsJson1_0), generated from
//! `../shared/models/aws` at bench time into `bench/target/generated/`, against the aws-sdk-rust
//! releases built from the same model date.
//!
//! The generated crates are members of the bench workspace (`bench/Cargo.toml` lists their
//! directories), so they must exist before any cargo command runs in `bench/`: [`generate`] is
//! the first thing `cargo xtask bench` does.

use super::{compiling, load_average, median, registry_source, rust_lines, tail, Bench, Row, Unit};
use smelt_codegen::Builder;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// One big service: the generated package and the aws-sdk-rust crate it is compared with.
pub struct Service {
    /// `--service` value and the model's file stem in `../shared/models/aws`.
    pub key: &'static str,
    /// The generated package (a member of the bench workspace).
    pub ours: &'static str,
    pub aws: &'static str,
    pub aws_version: &'static str,
    /// The one-call programs (`bench/one-call-<key>-{smelt,aws}`).
    pub one_call_smelt: &'static str,
    pub one_call_aws: &'static str,
}

/// aws-sdk-s3 1.92.0 and aws-sdk-dynamodb 1.80.0 were both released on 2025-06-12 and are the
/// last releases whose operations, types and enum values equal the shared models' (see
/// bench/README.md for how the pick was made).
pub const SERVICES: [Service; 2] = [
    Service {
        key: "s3",
        ours: "s3",
        aws: "aws-sdk-s3",
        aws_version: "1.92.0",
        one_call_smelt: "one-call-s3-smelt",
        one_call_aws: "one-call-s3-aws",
    },
    Service {
        key: "dynamodb",
        ours: "dynamodb",
        aws: "aws-sdk-dynamodb",
        aws_version: "1.80.0",
        one_call_smelt: "one-call-dynamodb-smelt",
        one_call_aws: "one-call-dynamodb-aws",
    },
];

/// The generated package with S3's five-operation allow-list.
pub const S3_FIVE: &str = "s3-five";
/// The allow-list of the `s3-five` crate.
pub const S3_FIVE_OPERATIONS: [&str; 5] = [
    "GetObject",
    "PutObject",
    "ListObjectsV2",
    "HeadObject",
    "DeleteObject",
];

/// `bench/target/generated`, where [`generate`] writes the crates.
pub fn generated_dir(bench: &Path) -> PathBuf {
    bench.join("target").join("generated")
}

/// `../shared/models/aws/<key>.json`.
pub fn model_path(root: &Path, key: &str) -> Result<PathBuf, String> {
    let path = root
        .parent()
        .map(|p| {
            p.join("shared")
                .join("models")
                .join("aws")
                .join(format!("{key}.json"))
        })
        .ok_or("the workspace root has no parent directory")?;
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: the big-service figures need the shared AWS models next to the \
             workspace (../shared/models/aws)",
            path.display()
        ))
    }
}

/// Generates `s3`, `s3-five` and `dynamodb` into `bench/target/generated/`, as members of the
/// bench workspace depending on `runtime/` by a relative path. Unchanged files are not
/// rewritten, so a warm target dir stays warm. Returns one summary line per crate.
pub fn generate(root: &Path, bench: &Path) -> Result<Vec<String>, String> {
    let out = generated_dir(bench);
    // bench/target/generated/NAME -> ../../../../runtime is <root>/runtime.
    let runtime = Path::new("../../../../runtime");
    let mut lines = Vec::new();
    let jobs: [(&str, &str, Option<&[&str]>); 3] = [
        ("s3", "s3", None),
        ("s3", S3_FIVE, Some(&S3_FIVE_OPERATIONS)),
        ("dynamodb", "dynamodb", None),
    ];
    for (key, package, operations) in jobs {
        let mut builder = Builder::new()
            .model(model_path(root, key)?)
            .package_name(package)
            .workspace_member(true)
            .runtime_path(runtime)
            .out_dir(out.join(package));
        if let Some(ops) = operations {
            builder = builder.operations(ops.iter().copied());
        }
        let summary = builder
            .generate()
            .map_err(|e| format!("generating {package} from {key}.json: {e}"))?;
        if !summary.skipped.is_empty() {
            return Err(format!(
                "generating {package}: {} operations not generated: {:?}",
                summary.skipped.len(),
                summary.skipped
            ));
        }
        lines.push(format!(
            "{package} ({}), {} operations, {} lines of Rust",
            summary.protocol,
            summary.operations.len(),
            summary.lines
        ));
    }
    Ok(lines)
}

/// A cargo command measured by `/usr/bin/time`.
pub struct Measured {
    pub out: Output,
    /// Wall time, seconds.
    pub wall: f64,
    /// User + system CPU time of cargo and every process it waited for, seconds.
    pub cpu: f64,
    /// Peak resident memory of the largest process of the tree (cargo or one rustc), MB.
    pub max_rss_mb: f64,
}

/// Parses the `%e %U %S %M` line written by `/usr/bin/time -f`.
fn parse_time(text: &str) -> Option<(f64, f64, f64)> {
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let w: Vec<f64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match w[..] {
        [wall, user, sys, kb] => Some((wall, user + sys, kb / 1024.0)),
        _ => None,
    }
}

/// Median wall and CPU time and median peak memory of several measurements.
struct Medians {
    wall: f64,
    cpu: f64,
    rss: f64,
}

fn medians(runs: &[Measured]) -> Medians {
    let pick = |f: &dyn Fn(&Measured) -> f64| median(&mut runs.iter().map(f).collect::<Vec<_>>());
    Medians {
        wall: pick(&|m| m.wall),
        cpu: pick(&|m| m.cpu),
        rss: pick(&|m| m.max_rss_mb),
    }
}

impl Bench {
    /// Runs cargo under `/usr/bin/time`, failing with its stderr when it fails.
    pub(super) fn measured_cargo(&self, dir: &Path, args: &[&str]) -> Result<Measured, String> {
        let time = Path::new("/usr/bin/time");
        if !time.is_file() {
            return Err(
                "/usr/bin/time (GNU time) not found: the big-service compile figures need it for \
                 CPU time and peak memory (apt-get install time)"
                    .to_string(),
            );
        }
        let file = self.target.join("time.txt");
        std::fs::create_dir_all(&self.target).map_err(|e| e.to_string())?;
        let file_arg = file.display().to_string();
        let mut wrapper: Vec<&str> = Vec::new();
        if let Some(lock) = &self.lock {
            wrapper.extend(["flock", lock.as_str()]);
        }
        wrapper.extend(["/usr/bin/time", "-f", "%e %U %S %M", "-o", &file_arg]);
        let mut cmd = self.wrapped_cargo_cmd(&wrapper, dir, args);
        cmd.stdin(Stdio::null());
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", wrapper.join(" ")))?;
        if !out.status.success() {
            return Err(format!(
                "`cargo {}` in {} failed:\n{}",
                args.join(" "),
                dir.display(),
                tail(&String::from_utf8_lossy(&out.stderr), 40)
            ));
        }
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{file_arg}: {e}"))?;
        // The wall time of /usr/bin/time, which starts inside the lock.
        let (wall, cpu, max_rss_mb) =
            parse_time(&text).ok_or_else(|| format!("{file_arg}: unexpected content {text:?}"))?;
        Ok(Measured {
            out,
            wall,
            cpu,
            max_rss_mb,
        })
    }

    /// `runs`× (`cargo clean -p krate` + measured `cargo build -p krate`), after one build of
    /// its dependencies; each timed build must compile exactly `krate`.
    fn measure_crate(
        &mut self,
        krate: &str,
        release: bool,
        runs: usize,
    ) -> Result<Medians, String> {
        let target = self.bench_target_arg();
        let profile = if release { "release" } else { "debug" };
        let mut build: Vec<&str> = vec!["build", "-p", krate, "--target-dir", &target];
        let mut clean: Vec<&str> = vec!["clean", "-p", krate, "--target-dir", &target];
        if release {
            build.push("--release");
            clean.push("--release");
        }
        self.progress(&format!(
            "{krate} {profile}: building it and its dependencies once"
        ));
        self.cargo_ok(&self.dir, &build)?;
        let mut measured = Vec::new();
        for run in 1..=runs {
            self.cargo_ok(&self.dir, &clean)?;
            let m = self.measured_cargo(&self.dir, &build)?;
            let compiled = compiling(&String::from_utf8_lossy(&m.out.stderr));
            self.progress(&format!(
                "{krate} {profile} run {run}/{runs}: {:.2} s wall, {:.2} s CPU, {:.0} MB peak, \
                 load {}, compiled {compiled:?}",
                m.wall,
                m.cpu,
                m.max_rss_mb,
                load_average()
            ));
            if compiled.len() != 1 {
                return Err(format!(
                    "`cargo build -p {krate}` ({profile}) compiled {} crates, not 1: {compiled:?}",
                    compiled.len()
                ));
            }
            measured.push(m);
        }
        Ok(medians(&measured))
    }

    // ---- g. the big services: lines, compile time, peak memory ------------------------------

    pub(super) fn big_compile(&mut self, services: &[&Service], runs: usize) -> Result<(), String> {
        let generated = generated_dir(&self.dir);
        for service in services {
            let name = service.key;
            let (ours, _) = rust_lines(&generated.join(service.ours).join("src"))?;
            let theirs_dir = registry_source(service.aws, service.aws_version)?.join("src");
            let (theirs, _) = rust_lines(&theirs_dir)?;
            self.rows.push(Row::ratio(
                &format!("g. {name}: lines of generated Rust"),
                ours as f64,
                theirs as f64,
                Unit::Lines,
                Some((0.25, "≤ 0.25")),
            ));
            for release in [false, true] {
                let profile = if release { "release" } else { "debug" };
                let o = self.measure_crate(service.ours, release, runs)?;
                let t = self.measure_crate(service.aws, release, runs)?;
                self.rows.push(Row::ratio(
                    &format!("g. {name}: crate compile, {profile} (deps built, median of {runs})"),
                    o.wall,
                    t.wall,
                    Unit::Seconds,
                    Some((0.25, "≤ 0.25")),
                ));
                self.rows.push(Row::ratio(
                    &format!("g. {name}: crate compile, {profile}: CPU time (user+sys)"),
                    o.cpu,
                    t.cpu,
                    Unit::Seconds,
                    None,
                ));
                self.rows.push(Row::ratio(
                    &format!("g. {name}: peak memory of the build, {profile}"),
                    o.rss,
                    t.rss,
                    Unit::Megabytes,
                    Some((1.0 / 3.0, "≤ 0.333")),
                ));
            }
        }
        // The floor of the memory figure: cargo's own peak with nothing to compile.
        // Measured the second time: the first brings `s3-five`'s debug build up to date (when
        // it is not, as when figure j has not run, the first call compiles it, which is rustc's
        // peak, not cargo's).
        let target = self.bench_target_arg();
        let idle_args = ["build", "-p", "s3-five", "--target-dir", &target];
        self.measured_cargo(&self.dir, &idle_args)?;
        let idle = self.measured_cargo(&self.dir, &idle_args)?;
        self.notes.push(format!(
            "g. Lines: newline count of every .rs under `bench/target/generated/<crate>/src` \
             (generated at bench time from `../shared/models/aws/<service>.json`) and under the \
             registry source of the aws-sdk-rust crate ({}). Compile: as figure b, each build \
             run under `/usr/bin/time -f '%e %U %S %M'`: wall time, CPU time (user+sys of cargo \
             and the rustc it waited for) and peak memory (the largest resident set among cargo \
             and its children: with one crate to compile, that is the rustc process; cargo alone \
             peaks at {:.0} MB in a no-op build). Medians of {runs}. Load average printed per run.",
            services
                .iter()
                .map(|s| format!("{} {}", s.aws, s.aws_version))
                .collect::<Vec<_>>()
                .join(", "),
            idle.max_rss_mb
        ));
        Ok(())
    }

    // ---- j. S3 with five operations against the full crate --------------------------------

    pub(super) fn five(&mut self, runs: usize) -> Result<(), String> {
        let generated = generated_dir(&self.dir);
        let (five, _) = rust_lines(&generated.join(S3_FIVE).join("src"))?;
        let (full, _) = rust_lines(&generated.join("s3").join("src"))?;
        self.rows.push(Row::ratio(
            "j. s3, five operations vs all 98: lines of generated Rust",
            five as f64,
            full as f64,
            Unit::Lines,
            None,
        ));
        let f = self.measure_crate(S3_FIVE, false, runs)?;
        let a = self.measure_crate("s3", false, runs)?;
        let mut row = Row::ratio(
            &format!("j. s3, five operations vs all 98: crate compile, debug (median of {runs})"),
            f.wall,
            a.wall,
            Unit::Seconds,
            None,
        );
        row.theirs = format!("{} (smelt, all)", row.theirs);
        self.rows.push(row);
        self.notes.push(format!(
            "j. `s3-five`: S3 generated with the allow-list {} (`Builder::operations`, the same as \
             `codegen --operations` or `model/<name>.settings`), against the full `s3` crate, \
             both ours; the ratio column is five / full. Compile as in g.",
            S3_FIVE_OPERATIONS.join(", ")
        ));
        Ok(())
    }

    // ---- h. one-call programs of the big services -------------------------------------------

    pub(super) fn big_one_call(
        &mut self,
        services: &[&Service],
        lean_only: bool,
        default_only: bool,
    ) -> Result<(), String> {
        let variants: &[(&str, &str, &[&str])] = if lean_only {
            &[("no HTTPS client", "-lean", &["--no-default-features"])]
        } else if default_only {
            &[("default features", "", &[])]
        } else {
            &[
                ("default features", "", &[]),
                ("no HTTPS client", "-lean", &["--no-default-features"]),
            ]
        };
        for service in services {
            for (variant, suffix, flags) in variants {
                let ours = self.one_call_build(
                    service.one_call_smelt,
                    &format!("{}-smelt{suffix}", service.key),
                    flags,
                )?;
                let theirs = self.one_call_build(
                    service.one_call_aws,
                    &format!("{}-aws{suffix}", service.key),
                    flags,
                )?;
                let name = service.key;
                self.rows.push(Row::ratio(
                    &format!("h. {name} one-call program ({variant}), clean debug build: crates compiled"),
                    ours.compiled as f64,
                    theirs.compiled as f64,
                    Unit::Count,
                    None,
                ));
                self.rows.push(Row::ratio(
                    &format!(
                        "h. {name} one-call program ({variant}), clean debug build: wall time"
                    ),
                    ours.seconds,
                    theirs.seconds,
                    Unit::Seconds,
                    None,
                ));
            }
        }
        self.notes.push(
            "h. As figure c, for `bench/one-call-<service>-{smelt,aws}` (one GetObject / one \
             Query against an in-memory client); each clean build in a fresh target dir, run \
             inside the build lock."
                .to_string(),
        );
        Ok(())
    }
}

/// One figure of the `calls` binary for the big services (figure i).
pub struct CallFigure {
    /// The binary's figure name (`--only`, `RESULT`, `ALLOCS`).
    pub id: &'static str,
    pub service: &'static str,
    pub label: &'static str,
    /// Bytes moved per call, for a throughput row.
    pub bytes: Option<f64>,
}

const CALL_FIGURES: [CallFigure; 4] = [
    CallFigure {
        id: "s3_get",
        service: "s3",
        label: "S3 GetObject 1 MiB, body collected",
        bytes: Some(1_048_576.0),
    },
    CallFigure {
        id: "s3_put",
        service: "s3",
        label: "S3 PutObject 1 MiB from memory",
        bytes: Some(1_048_576.0),
    },
    CallFigure {
        id: "s3_list",
        service: "s3",
        label: "S3 ListObjectsV2, 1000 keys (XML), whole call",
        bytes: None,
    },
    CallFigure {
        id: "ddb_query",
        service: "dynamodb",
        label: "DynamoDB Query, 1000 items (JSON), whole call",
        bytes: None,
    },
];

/// The figures of `calls` for these services.
pub fn call_figures(services: &[&Service]) -> Vec<&'static CallFigure> {
    CALL_FIGURES
        .iter()
        .filter(|f| services.iter().any(|s| s.key == f.service))
        .collect()
}

/// `<tag> <figure> <client> <number>` from the output of `calls`.
fn calls_value(stdout: &str, tag: &str, figure: &str, client: &str) -> Result<f64, String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix(tag)?.strip_prefix(' '))
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.len() == 3 && w[0] == figure && w[1] == client)
        .and_then(|w| w[2].parse().ok())
        .ok_or_else(|| format!("no {tag} {figure} {client} in the output of calls"))
}

impl Bench {
    pub(super) fn big_call_rows(
        &mut self,
        stdout: &str,
        figures: &[&CallFigure],
        iters: usize,
    ) -> Result<(), String> {
        for f in figures {
            let ours = calls_value(stdout, "RESULT", f.id, "smelt")?;
            let theirs = calls_value(stdout, "RESULT", f.id, "aws")?;
            self.rows.push(Row::ratio(
                &format!("i. {} (release)", f.label),
                ours,
                theirs,
                Unit::Micros,
                Some((1.0 / 3.0, "≤ 0.333")),
            ));
            if let Some(bytes) = f.bytes {
                // MB/s = bytes / µs; the ratio of throughputs is the inverse of the time ratio.
                self.rows.push(Row::ratio(
                    &format!("i. {}: throughput, MB/s", f.label),
                    bytes / ours,
                    bytes / theirs,
                    Unit::Count,
                    None,
                ));
            }
            self.rows.push(Row::ratio(
                &format!("i. {}: allocations per call", f.label),
                calls_value(stdout, "ALLOCS", f.id, "smelt")?,
                calls_value(stdout, "ALLOCS", f.id, "aws")?,
                Unit::Count,
                None,
            ));
        }
        self.notes.push(format!(
            "i. `bench/target/release/calls` (bench/src/big.rs): whole `send()` calls through each \
             client on a current-thread Tokio runtime, static credentials (SigV4 on every call), \
             endpoint override `http://localhost:8000`, default settings otherwise (aws-sdk-s3 \
             with its default request checksum calculation and response checksum validation), \
             in-memory HTTP clients answering a canned 200 (the body `Bytes` shared, not copied). \
             GetObject collects the 1 MiB body into one buffer; PutObject sends 1 MiB from a \
             `Bytes`; ListObjectsV2 answers 1,000 `<Contents>` (≈ 400 KB of XML); Query answers \
             1,000 items of 10 attributes each (S, N, BOOL, NULL, B, SS, L of M, M with an L). \
             {iters} calls per round ({} for the two 1,000-entry figures), median of 7 rounds \
             alternating between the clients, after a warm-up round. Allocations: a counting \
             global allocator in the binary (calls to alloc, alloc_zeroed, realloc), over one \
             more round.",
            (iters / 4).max(1)
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_output_is_parsed() {
        // `/usr/bin/time -f '%e %U %S %M'`: wall, user, system seconds, peak KB.
        let (wall, cpu, mb) = parse_time("12.50 20.25 1.75 1048576\n").unwrap_or_default();
        assert_eq!((wall, cpu, mb), (12.5, 22.0, 1024.0));
        // A failing child adds a "Command exited with non-zero status" line before it.
        assert!(
            parse_time("Command exited with non-zero status 1\n0.01 0.00 0.00 2048\n").is_some()
        );
        assert!(parse_time("").is_none());
        assert!(parse_time("1.0 2.0 3.0\n").is_none());
        assert!(parse_time("1.0 x 3.0 4\n").is_none());
    }

    #[test]
    fn call_figures_follow_the_services() {
        let s3: Vec<&Service> = SERVICES.iter().filter(|s| s.key == "s3").collect();
        let ids: Vec<&str> = call_figures(&s3).iter().map(|f| f.id).collect();
        assert_eq!(ids, ["s3_get", "s3_put", "s3_list"]);
        let all: Vec<&Service> = SERVICES.iter().collect();
        assert_eq!(call_figures(&all).len(), 4);
        let out = "RESULT s3_get smelt 120.500\nALLOCS s3_get aws 87.0\n";
        assert_eq!(calls_value(out, "RESULT", "s3_get", "smelt"), Ok(120.5));
        assert_eq!(calls_value(out, "ALLOCS", "s3_get", "aws"), Ok(87.0));
        assert!(calls_value(out, "RESULT", "s3_get", "aws").is_err());
    }
}
