//! `cargo xtask bench`: the generated `docdb-elastic` crate against `aws-sdk-docdbelastic`
//! from crates.io (issue 6), side by side in one run. See `bench/README.md`.
//!
//! Builds happen in the separate cargo workspace `bench/` (its own Cargo.lock and target dir),
//! so the default test run never builds the AWS SDK. Every child cargo command is run in
//! sequence by this process: run `cargo xtask bench` alone on the machine (on a shared machine,
//! `flock /tmp/cargo.lock cargo xtask bench`), or compile times and per-call figures are noise.
//!
//! Only `std`: child processes with `std::process::Command`, wall time with `std::time`.

mod big;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const AWS_CRATE: &str = "aws-sdk-docdbelastic";
const AWS_VERSION: &str = "1.121.0";
const OUR_CRATE: &str = "docdb-elastic";

const USAGE: &str = "\
cargo xtask bench [--only a,b,...] [--service s3,dynamodb] [--runs N] [--big-runs N]
                  [--codegen-runs N] [--calls N] [--parse-iters N] [--big-iters N]
                  [--lean-only | --default-only]
cargo xtask bench --generate

  --only LIST        figures to measure (default: all of a to j). docdb-elastic: a to f;
                     big services (S3, DynamoDB): g (lines, compile, peak memory),
                     h (one-call programs), i (typical calls), j (S3 with five operations)
  --service LIST     big services of g, h and i (default: s3,dynamodb)
  --runs N           compile-time repetitions, median reported (default 3)
  --big-runs N       the same for figures g and j (default 3)
  --big-iters N      calls per round for figure i (default 100; ListObjectsV2/Query: N/4)
  --lean-only        figure h: only the variant without an HTTPS client
  --default-only     figure h: only the variant with default features (what a dependency
                     line gives)
  --lock FILE        run each timed command (and only those) under `flock FILE`; the
                     wall times are then taken inside the lock
  --generate         only generate the big-service crates into bench/target/generated
  --codegen-runs N   codegen repetitions for docdb-elastic, median reported (default 5;
                     each shared model runs max(N/2, 1) times)
  --calls N          sequential calls per round for figure d (default 2000)
  --parse-iters N    parses / ListClusters calls per round for figure e (default 200)

Run it alone: the figures are wall-clock times. The report is printed and written to
bench/target/report.md.
";

struct Args {
    figures: BTreeSet<char>,
    runs: usize,
    codegen_runs: usize,
    calls: usize,
    parse_iters: usize,
    /// `--generate`: only write the big-service crates into bench/target/generated.
    generate_only: bool,
    services: Vec<&'static big::Service>,
    big_runs: usize,
    big_iters: usize,
    lean_only: bool,
    default_only: bool,
    lock: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        figures: "abcdefghij".chars().collect(),
        runs: 3,
        codegen_runs: 5,
        calls: 2000,
        parse_iters: 200,
        generate_only: false,
        services: big::SERVICES.iter().collect(),
        big_runs: 3,
        big_iters: 100,
        lean_only: false,
        default_only: false,
        lock: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            iter.next()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name} needs a positive number\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--runs" => out.runs = number("--runs")?,
            "--codegen-runs" => out.codegen_runs = number("--codegen-runs")?,
            "--calls" => out.calls = number("--calls")?,
            "--parse-iters" => out.parse_iters = number("--parse-iters")?,
            "--big-runs" => out.big_runs = number("--big-runs")?,
            "--big-iters" => out.big_iters = number("--big-iters")?,
            "--lean-only" => out.lean_only = true,
            "--default-only" => out.default_only = true,
            "--lock" => out.lock = Some(iter.next().ok_or("--lock needs a file")?.clone()),
            "--service" => {
                let list = iter
                    .next()
                    .ok_or("--service needs a list such as s3,dynamodb")?;
                out.services = Vec::new();
                for name in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                    let service =
                        big::SERVICES
                            .iter()
                            .find(|s| s.key == name)
                            .ok_or_else(|| {
                                format!("unknown service `{name}` (s3, dynamodb)\n\n{USAGE}")
                            })?;
                    out.services.push(service);
                }
            }
            "--only" => {
                let list = iter.next().ok_or("--only needs a list such as a,d")?;
                out.figures = BTreeSet::new();
                for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                    match f {
                        "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i" | "j" => {
                            out.figures.insert(f.chars().next().unwrap_or('a'));
                        }
                        _ => return Err(format!("unknown figure `{f}` (a to j)\n\n{USAGE}")),
                    }
                }
            }
            "--generate" => out.generate_only = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(out)
}

/// One row of the summary table.
struct Row {
    figure: String,
    ours: String,
    theirs: String,
    ratio: String,
    target: String,
    met: String,
    /// For the chart: the value and the limit it is held against (met when value ≤ limit).
    chart: Option<(f64, f64)>,
}

impl Row {
    /// A row comparing two numbers against a maximum ratio `target` (ours / theirs).
    fn ratio(figure: &str, ours: f64, theirs: f64, unit: Unit, target: Option<(f64, &str)>) -> Row {
        let ratio = ours / theirs;
        let (target_text, met) = match target {
            Some((max, text)) => (text.to_string(), verdict(ratio, max)),
            None => ("(info)".to_string(), String::new()),
        };
        let chart = target.map(|(max, _)| (ratio, max));
        Row {
            figure: figure.to_string(),
            ours: unit.format(ours),
            theirs: unit.format(theirs),
            ratio: format!("{ratio:.3}"),
            target: target_text,
            met,
            chart,
        }
    }
}

/// `yes`, or by how much `value` exceeds the maximum `max`.
fn verdict(value: f64, max: f64) -> String {
    if value <= max {
        "yes".to_string()
    } else {
        format!("no: {:.2}× the target", value / max)
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Lines,
    Seconds,
    Micros,
    Count,
    Megabytes,
}

impl Unit {
    fn format(self, v: f64) -> String {
        match self {
            Unit::Lines => thousands(v as u64),
            Unit::Seconds => format!("{v:.2} s"),
            Unit::Micros => format!("{v:.1} µs"),
            Unit::Count => format!("{v:.0}"),
            Unit::Megabytes => format!("{v:.0} MB"),
        }
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or(""))
        .collect();
    groups.join(",")
}

/// Figure c for one program.
struct OneCall {
    seconds: f64,
    compiled: usize,
    tree: usize,
}

struct Bench {
    root: PathBuf,
    dir: PathBuf,
    target: PathBuf,
    cargo: String,
    rows: Vec<Row>,
    notes: Vec<String>,
    started: Instant,
    /// `--lock FILE`: every timed command runs under `flock FILE`, so that it does not overlap
    /// other builds on a shared machine while the untimed ones (dependency builds) do not
    /// hold the lock. Timed builds then report the wall time measured inside the lock.
    lock: Option<String>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse_args(args)?;
    let root = crate::codegen::workspace_root();
    let dir = root.join("bench");
    let mut bench = Bench {
        target: dir.join("target"),
        dir,
        cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
        root,
        rows: Vec::new(),
        notes: Vec::new(),
        started: Instant::now(),
        lock: args.lock.clone(),
    };
    bench.progress("generating s3, s3-five and dynamodb into bench/target/generated");
    for line in big::generate(&bench.root, &bench.dir)? {
        bench.progress(&format!("  {line}"));
    }
    if args.generate_only {
        return Ok(());
    }
    let header = bench.header(args_line(&args));
    bench.progress(&format!("cargo fetch in {}", bench.dir.display()));
    // `--locked`: the committed bench/Cargo.lock is used as it is, never re-resolved.
    bench.cargo_ok(&bench.dir, &["fetch", "--locked"])?;

    for figure in args.figures.iter().copied() {
        match figure {
            'a' => bench.lines()?,
            'b' => bench.crate_compile(args.runs)?,
            'c' => bench.one_call()?,
            // d, e and i come from one run of the same program.
            'd' => bench.calls(&args)?,
            'e' if !args.figures.contains(&'d') => bench.calls(&args)?,
            'f' => bench.codegen(args.codegen_runs)?,
            'g' => bench.big_compile(&args.services, args.big_runs)?,
            'h' => bench.big_one_call(&args.services, args.lean_only, args.default_only)?,
            'i' if !args.figures.contains(&'d') && !args.figures.contains(&'e') => {
                bench.calls(&args)?
            }
            'j' => bench.five(args.big_runs)?,
            _ => {}
        }
        // The figures so far, in case a later one fails after a long run.
        let partial = bench.target.join("report.partial.md");
        std::fs::create_dir_all(&bench.target).map_err(|e| e.to_string())?;
        std::fs::write(&partial, bench.report(&header))
            .map_err(|e| format!("{}: {e}", partial.display()))?;
    }

    let report = bench.report(&header);
    print!("{report}");
    std::fs::create_dir_all(&bench.target).map_err(|e| e.to_string())?;
    let path = bench.target.join("report.md");
    std::fs::write(&path, &report).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("report written to {}", path.display());
    let svg = bench.dir.join("RESULTS.svg");
    bench.chart(&svg)?;
    eprintln!("chart written to {}", svg.display());
    Ok(())
}

fn args_line(args: &Args) -> String {
    let figures: String = args
        .figures
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let services: Vec<&str> = args.services.iter().map(|s| s.key).collect();
    format!(
        "cargo xtask bench --only {figures} --service {} --runs {} --big-runs {} --codegen-runs {} \
         --calls {} --parse-iters {} --big-iters {}{}{}{}",
        services.join(","),
        args.runs,
        args.big_runs,
        args.codegen_runs,
        args.calls,
        args.parse_iters,
        args.big_iters,
        if args.lean_only { " --lean-only" } else { "" },
        if args.default_only {
            " --default-only"
        } else {
            ""
        },
        args.lock
            .as_ref()
            .map(|l| format!(" --lock {l}"))
            .unwrap_or_default()
    )
}

impl Bench {
    fn progress(&self, what: &str) {
        eprintln!(
            "[bench {:>6.1}s] {what}",
            self.started.elapsed().as_secs_f64()
        );
    }

    /// Date, machine and toolchain, as in bench/RESULTS.md.
    fn header(&self, command: String) -> String {
        let date = command_stdout("date", &["-u"]).unwrap_or_else(|| "?".to_string());
        let nproc = std::thread::available_parallelism()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".to_string());
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "?".to_string());
        let rustc = command_stdout("rustc", &["--version"]).unwrap_or_else(|| "?".to_string());
        let cargo = command_stdout(&self.cargo, &["--version"]).unwrap_or_else(|| "?".to_string());
        let commit = command_stdout(
            "git",
            &[
                "-C",
                &self.root.display().to_string(),
                "rev-parse",
                "--short",
                "HEAD",
            ],
        )
        .unwrap_or_else(|| "?".to_string());
        let dirty = command_stdout(
            "git",
            &[
                "-C",
                &self.root.display().to_string(),
                "status",
                "--porcelain",
                "--",
                "codegen",
                "runtime",
                "generated",
                "xtask",
                "bench",
            ],
        )
        .map(|s| {
            let dirs: BTreeSet<&str> = s
                .lines()
                .filter_map(|l| l.get(3..))
                .filter_map(|p| p.split('/').next())
                .collect();
            if dirs.is_empty() {
                "clean".to_string()
            } else {
                format!(
                    "uncommitted changes in {}",
                    dirs.into_iter().collect::<Vec<_>>().join(", ")
                )
            }
        })
        .unwrap_or_else(|| "?".to_string());
        format!(
            "- date: {date}\n- machine: {nproc} CPUs (nproc), {cpu}, load average at start: {}\n\
             - toolchain: {rustc}; {cargo}\n- tree: commit {commit} ({dirty})\n\
             - command: `{command}`\n- compared: `{OUR_CRATE}` (generated/) against \
             `{AWS_CRATE}` {AWS_VERSION}; `s3`, `s3-five` and `dynamodb` (generated at bench \
             time) against {} (crates.io)\n",
            load_average(),
            big::SERVICES
                .iter()
                .map(|s| format!("`{}` {}", s.aws, s.aws_version))
                .collect::<Vec<_>>()
                .join(" and ")
        )
    }

    /// A cargo command with the variables `cargo run` set for the xtask itself removed.
    fn cargo_cmd(&self, dir: &Path, args: &[&str]) -> Command {
        self.wrapped_cargo_cmd(&[], dir, args)
    }

    /// [`Bench::cargo_cmd`] run through `wrapper` (a program and its arguments, such as
    /// `/usr/bin/time -o FILE`), or directly when `wrapper` is empty.
    fn wrapped_cargo_cmd(&self, wrapper: &[&str], dir: &Path, args: &[&str]) -> Command {
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg(&self.cargo);
                cmd
            }
            None => Command::new(&self.cargo),
        };
        cmd.current_dir(dir).args(args);
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let from_cargo_run = [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_CRATE_",
                "CARGO_BIN_",
            ]
            .iter()
            .any(|p| name.starts_with(p))
                || name == "CARGO_PRIMARY_PACKAGE"
                || name == "CARGO_TARGET_DIR";
            if from_cargo_run {
                cmd.env_remove(name.as_ref());
            }
        }
        cmd.env("CARGO_TERM_COLOR", "never")
            .env("CARGO_TERM_PROGRESS_WHEN", "never");
        cmd
    }

    /// Runs cargo, failing with its stderr when it fails; returns the output and wall time.
    fn cargo_ok(&self, dir: &Path, args: &[&str]) -> Result<(Output, Duration), String> {
        let mut cmd = self.cargo_cmd(dir, args);
        cmd.stdin(Stdio::null());
        let start = Instant::now();
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.cargo))?;
        let elapsed = start.elapsed();
        if !out.status.success() {
            return Err(format!(
                "`cargo {}` in {} failed:\n{}",
                args.join(" "),
                dir.display(),
                tail(&String::from_utf8_lossy(&out.stderr), 40)
            ));
        }
        Ok((out, elapsed))
    }

    fn bench_target_arg(&self) -> String {
        self.target.display().to_string()
    }

    // ---- a. lines of generated Rust -------------------------------------------------------

    fn lines(&mut self) -> Result<(), String> {
        self.progress("a. lines of Rust");
        let ours_dir = self.root.join("generated").join(OUR_CRATE).join("src");
        let theirs_dir = registry_source(AWS_CRATE, AWS_VERSION)?.join("src");
        let (ours, ours_files) = rust_lines(&ours_dir)?;
        let (theirs, theirs_files) = rust_lines(&theirs_dir)?;
        self.rows.push(Row::ratio(
            "a. lines of generated Rust (all .rs under src/)",
            ours as f64,
            theirs as f64,
            Unit::Lines,
            Some((0.25, "≤ 0.25")),
        ));
        self.notes.push(format!(
            "a. Newline count (`wc -l`) of every .rs file under `{}` ({ours_files} files) and \
             under `src/` of the crates.io package `{AWS_CRATE}` {AWS_VERSION}, as cargo \
             unpacks it under `$CARGO_HOME/registry/src` ({theirs_files} files).",
            relative(&ours_dir, &self.root),
        ));
        Ok(())
    }

    // ---- b. compile time of the crate alone -----------------------------------------------

    fn crate_compile(&mut self, runs: usize) -> Result<(), String> {
        let target = self.bench_target_arg();
        let mut notes = Vec::new();
        for release in [false, true] {
            let profile = if release { "release" } else { "debug" };
            let mut medians = Vec::new();
            for krate in [OUR_CRATE, AWS_CRATE] {
                let mut build: Vec<&str> = vec!["build", "-p", krate, "--target-dir", &target];
                let mut clean: Vec<&str> = vec!["clean", "-p", krate, "--target-dir", &target];
                if release {
                    build.push("--release");
                    clean.push("--release");
                }
                self.progress(&format!(
                    "b. {krate} {profile}: building it and its dependencies once"
                ));
                self.cargo_ok(&self.dir, &build)?;
                let mut times = Vec::new();
                for run in 1..=runs {
                    self.cargo_ok(&self.dir, &clean)?;
                    let m = self.measured_cargo(&self.dir, &build)?;
                    let (out, elapsed) = (m.out, Duration::from_secs_f64(m.wall));
                    let compiled = compiling(&String::from_utf8_lossy(&out.stderr));
                    self.progress(&format!(
                        "b. {krate} {profile} run {run}/{runs}: {:.2} s, compiled {compiled:?}",
                        elapsed.as_secs_f64()
                    ));
                    if compiled.len() != 1 {
                        notes.push(format!(
                            "b. warning: `cargo build -p {krate}` ({profile}) compiled {} \
                             crates, not 1: {compiled:?}",
                            compiled.len()
                        ));
                    }
                    times.push(elapsed.as_secs_f64());
                }
                medians.push(median(&mut times));
            }
            self.rows.push(Row::ratio(
                &format!("b. crate compile, {profile} (deps built, median of {runs})"),
                medians[0],
                medians[1],
                Unit::Seconds,
                Some((0.25, "≤ 0.25")),
            ));
        }

        // Information: the generated crate is thin because the model-independent code lives in
        // smelt-rt, which a user also compiles once (as aws-smithy-* for the SDK).
        for release in [false, true] {
            let profile = if release { "release" } else { "debug" };
            let mut build: Vec<&str> = vec!["build", "-p", OUR_CRATE, "--target-dir", &target];
            let mut clean: Vec<&str> = vec!["clean", "-p", "smelt-rt", "--target-dir", &target];
            if release {
                build.push("--release");
                clean.push("--release");
            }
            let mut times = Vec::new();
            for run in 1..=runs {
                self.cargo_ok(&self.dir, &clean)?;
                let elapsed = Duration::from_secs_f64(self.measured_cargo(&self.dir, &build)?.wall);
                self.progress(&format!(
                    "b. smelt-rt + {OUR_CRATE} {profile} run {run}/{runs}: {:.2} s",
                    elapsed.as_secs_f64()
                ));
                times.push(elapsed.as_secs_f64());
            }
            notes.push(format!(
                "b. (info) smelt-rt + {OUR_CRATE} together, {profile}: {:.2} s (median of \
                 {runs}; `cargo clean -p smelt-rt` then `cargo build -p {OUR_CRATE}`).",
                median(&mut times)
            ));
        }
        self.notes.push(format!(
            "b. In bench/: `cargo build -p CRATE` once (dependencies), then {runs}× \
             (`cargo clean -p CRATE` + timed `cargo build -p CRATE`), with `--release` for the \
             release row; wall time of the whole cargo command, median. Each timed build is \
             checked to compile exactly one crate."
        ));
        self.notes.extend(notes);
        Ok(())
    }

    // ---- c. clean build of a minimal one-call program --------------------------------------

    fn one_call(&mut self) -> Result<(), String> {
        for (variant, suffix, flags) in [
            ("default features", "", &[][..]),
            ("no HTTPS client", "-lean", &["--no-default-features"][..]),
        ] {
            let ours = self.one_call_build("one-call-smelt", &format!("smelt{suffix}"), flags)?;
            let theirs = self.one_call_build("one-call-aws", &format!("aws{suffix}"), flags)?;
            let mut row = Row::ratio(
                &format!("c. one-call program ({variant}), clean debug build: crates compiled"),
                ours.compiled as f64,
                theirs.compiled as f64,
                Unit::Count,
                None,
            );
            row.target = "≤ 70 crates (ours)".to_string();
            row.chart = Some((ours.compiled as f64, 70.0));
            row.met = if ours.compiled <= 70 {
                "yes".to_string()
            } else {
                format!("no: {} over", ours.compiled - 70)
            };
            self.rows.push(row);
            self.rows.push(Row::ratio(
                &format!("c. one-call program ({variant}), clean debug build: wall time"),
                ours.seconds,
                theirs.seconds,
                Unit::Seconds,
                None,
            ));
            self.rows.push(Row::ratio(
                &format!("c. one-call program ({variant}): packages in `cargo tree -e normal`"),
                ours.tree as f64,
                theirs.tree as f64,
                Unit::Count,
                None,
            ));
        }
        self.notes.push(
            "c. `cargo build -p one-call-{smelt,aws}` (debug) in bench/ with a fresh \
             `--target-dir bench/target/clean-{smelt,aws}[-lean]`; wall time of the cargo \
             command; crates compiled = distinct `name version` among cargo's `Compiling` lines \
             (build dependencies, proc-macros and the program itself included). Two variants: \
             each client with its default features (what `docdb-elastic = ...` / \
             `aws-sdk-docdbelastic = ...` gives: an HTTPS client the program does not use), and \
             `--no-default-features` (ours: no `hyper-client`; theirs: no `rustls` / \
             `default-https-client`, `rt-tokio` kept). Each program is run once to check that it \
             makes its call against its in-memory client. The `cargo tree` rows count distinct \
             packages over normal edges (no build-dependencies), the program included."
                .to_string(),
        );
        Ok(())
    }

    /// A clean debug build of a one-call program in its own fresh target dir, then one run.
    fn one_call_build(&self, bin: &str, dir_name: &str, flags: &[&str]) -> Result<OneCall, String> {
        let dir = self.target.join(format!("clean-{dir_name}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let dir_arg = dir.display().to_string();
        self.progress(&format!(
            "c. clean debug build of {bin} {flags:?} in {dir_arg}"
        ));
        let mut build = vec!["build", "-p", bin, "--target-dir", &dir_arg];
        build.extend_from_slice(flags);
        let m = self.measured_cargo(&self.dir, &build)?;
        let (out, elapsed) = (m.out, Duration::from_secs_f64(m.wall));
        let compiled = compiling(&String::from_utf8_lossy(&out.stderr));
        let exe = dir.join("debug").join(bin);
        let run = Command::new(&exe)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        if !run.status.success() {
            return Err(format!(
                "{bin} failed:\n{}",
                String::from_utf8_lossy(&run.stderr)
            ));
        }
        let mut tree_args = vec!["tree", "-p", bin, "--edges", "normal", "--prefix", "none"];
        tree_args.extend_from_slice(flags);
        let (tree, _) = self.cargo_ok(&self.dir, &tree_args)?;
        let packages: BTreeSet<String> = String::from_utf8_lossy(&tree.stdout)
            .lines()
            .map(|l| l.trim_end_matches(" (*)").to_string())
            .filter(|l| !l.is_empty())
            .collect();
        self.progress(&format!(
            "c. {bin} {flags:?}: {:.1} s, {} crates compiled, {} packages in `cargo tree`, run: {}",
            elapsed.as_secs_f64(),
            compiled.len(),
            packages.len(),
            String::from_utf8_lossy(&run.stdout).trim()
        ));
        Ok(OneCall {
            seconds: elapsed.as_secs_f64(),
            compiled: compiled.len(),
            tree: packages.len(),
        })
    }

    // ---- d and e. per-call overhead and ListClusters parsing --------------------------------

    fn calls(&mut self, args: &Args) -> Result<(), String> {
        let target = self.bench_target_arg();
        self.progress("d/e. building bench/ `calls` (release)");
        self.cargo_ok(
            &self.dir,
            &[
                "build",
                "--release",
                "-p",
                "smelt-bench",
                "--target-dir",
                &target,
            ],
        )?;
        let exe = self.target.join("release").join("calls");
        let mut only: Vec<&str> = Vec::new();
        if args.figures.contains(&'d') {
            only.extend(["per_call", "resolve"]);
        }
        if args.figures.contains(&'e') {
            only.extend(["list_parse", "list_call"]);
        }
        let big_figures = big::call_figures(&args.services);
        if args.figures.contains(&'i') {
            only.extend(big_figures.iter().map(|f| f.id));
        }
        let only = only.join(",");
        self.progress(&format!("d/e/i. running calls --only {only}"));
        let mut cmd = match &self.lock {
            Some(lock) => {
                let mut cmd = Command::new("flock");
                cmd.arg(lock).arg(&exe);
                cmd
            }
            None => Command::new(&exe),
        };
        let out = cmd
            .args([
                "--calls",
                &args.calls.to_string(),
                "--parse-iters",
                &args.parse_iters.to_string(),
                "--big-iters",
                &args.big_iters.to_string(),
                "--only",
                &only,
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "{} failed:\n{stdout}\n{}",
                exe.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        for line in stdout
            .lines()
            .filter(|l| !l.starts_with("RESULT ") && !l.starts_with("ALLOCS "))
        {
            self.progress(&format!("d/e. {line}"));
        }
        let result = |figure: &str, client: &str| -> Result<f64, String> {
            stdout
                .lines()
                .filter_map(|l| l.strip_prefix("RESULT "))
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
                .find(|w| w.len() == 3 && w[0] == figure && w[1] == client)
                .and_then(|w| w[2].parse().ok())
                .ok_or_else(|| format!("no RESULT {figure} {client} in the output of calls"))
        };
        if args.figures.contains(&'i') {
            self.big_call_rows(&stdout, &big_figures, args.big_iters)?;
        }
        let third = 1.0 / 3.0;
        if args.figures.contains(&'d') {
            self.rows.push(Row::ratio(
                "d. per-call overhead, CopyClusterSnapshot (release)",
                result("per_call", "smelt")?,
                result("per_call", "aws")?,
                Unit::Micros,
                Some((third, "≤ 0.333")),
            ));
            self.notes.push(format!(
                "d. `bench/target/release/calls`: {} sequential `copy_cluster_snapshot()...send()` \
                 per round on a current-thread Tokio runtime (`block_on` per call), static \
                 credentials so SigV4 signs every call, default retry policy, endpoint override, an \
                 in-memory client answering a canned 200 with a 700-byte snapshot body; one warm-up \
                 round, median of 7 rounds of the mean µs/call (rounds alternate between the two clients). Both in-memory clients are written \
                 in bench/src/main.rs and do the same work (clone the shared `Bytes`, one header).",
                args.calls
            ));
        }
        if args.figures.contains(&'d') {
            self.rows.push(Row::ratio(
                "d2. endpoint resolution, docdb-elastic rule set, uncached (release)",
                result("resolve", "smelt")?,
                result("resolve", "aws")?,
                Unit::Micros,
                None,
            ));
        }
        if args.figures.contains(&'e') {
            self.rows.push(Row::ratio(
                "e. ListClusters, 1000 clusters: parse (release)",
                result("list_parse", "smelt")?,
                result("list_parse", "aws")?,
                Unit::Micros,
                Some((third, "≤ 0.333")),
            ));
            self.rows.push(Row::ratio(
                "e. ListClusters, 1000 clusters: whole call (release)",
                result("list_call", "smelt")?,
                result("list_call", "aws")?,
                Unit::Micros,
                None,
            ));
            self.notes.push(format!(
                "e. Parse: ours times `smelt_runtime::protocol::json_body::<ListClustersOutput>(&response)` \
                 (exactly the parser the client runs for ListClusters); theirs times the \
                 operation's own response deserializer, taken from the public \
                 `RuntimePlugin::config()` of `aws_sdk_docdbelastic::operation::list_clusters::ListClusters` \
                 (`SharedResponseDeserializer::deserialize_nonstreaming_with_config` + downcast of \
                 the type-erased output; it also checks the status and looks up the request id). \
                 Same 162 KB body, {} parses per round, median of 7 rounds (alternating). The whole-call row \
                 times `list_clusters().send()` through each client with that body (info).",
                args.parse_iters
            ));
        }
        Ok(())
    }

    // ---- f. codegen wall time ---------------------------------------------------------------

    fn codegen(&mut self, runs: usize) -> Result<(), String> {
        let root_target = self.root.join("target").display().to_string();
        self.progress("f. building xtask (release)");
        self.cargo_ok(
            &self.root,
            &[
                "build",
                "--release",
                "-p",
                "xtask",
                "--target-dir",
                &root_target,
            ],
        )?;
        let exe = self.root.join("target").join("release").join("xtask");
        let out_root = self.target.join("codegen-out");

        let model = self.root.join("model").join("docdb-elastic.smithy");
        let (times, summary) = time_codegen(&exe, &model, &out_root.join("docdb-elastic"), runs)?;
        let mut times = times;
        let ms = median(&mut times) * 1e3;
        self.progress(&format!("f. docdb-elastic: {ms:.1} ms ({summary})"));
        self.rows.push(Row {
            figure: format!("f. codegen, model/docdb-elastic.smithy (median of {runs})"),
            ours: format!("{ms:.1} ms"),
            theirs: "not run (JVM smithy-rs)".to_string(),
            ratio: "—".to_string(),
            target: "≤ 100 ms".to_string(),
            met: verdict(ms, 100.0),
            chart: Some((ms, 100.0)),
        });

        let shared = self
            .root
            .parent()
            .map(|p| p.join("shared").join("models").join("aws"))
            .filter(|p| p.is_dir());
        let Some(shared) = shared else {
            self.notes
                .push("f. ../shared/models/aws not found: shared models skipped.".to_string());
            return Ok(());
        };
        let mut models: Vec<PathBuf> = std::fs::read_dir(&shared)
            .map_err(|e| format!("{}: {e}", shared.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        models.sort();
        let model_runs = (runs / 2).max(1);
        let mut table = format!(
            "| model | size | codegen (median of {model_runs}) | result |\n|---|---:|---:|---|\n"
        );
        let (mut total, mut ok, mut failed) = (0.0, 0, 0);
        for model in &models {
            let name = model
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let size = std::fs::metadata(model).map(|m| m.len()).unwrap_or(0);
            let out = out_root.join(format!("shared-{name}"));
            match time_codegen(&exe, model, &out, model_runs) {
                Ok((mut times, summary)) => {
                    let ms = median(&mut times) * 1e3;
                    total += ms;
                    ok += 1;
                    self.progress(&format!("f. {name}: {ms:.1} ms ({summary})"));
                    let _ = writeln!(
                        table,
                        "| {name} | {} KB | {ms:.1} ms | {summary} |",
                        size / 1024
                    );
                }
                Err(e) => {
                    failed += 1;
                    let first = e.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                    self.progress(&format!("f. {name}: failed: {first}"));
                    let _ = writeln!(
                        table,
                        "| {name} | {} KB | — | failed: {} |",
                        size / 1024,
                        first.replace('|', "\\|")
                    );
                }
            }
        }
        self.rows.push(Row {
            figure: format!(
                "f. codegen, all {} models of ../shared/models/aws (sum of medians)",
                models.len()
            ),
            ours: format!("{total:.0} ms"),
            theirs: "not run".to_string(),
            ratio: "—".to_string(),
            target: "(info)".to_string(),
            met: if failed == 0 {
                String::new()
            } else {
                format!("{failed} of {} failed", ok + failed)
            },
            chart: None,
        });
        self.notes.push(format!(
            "f. `cargo build --release -p xtask`, then the binary run directly: \
             `target/release/xtask codegen --model MODEL --out DIR` into a fresh DIR each run \
             (wall time of the process: load, transform, lower, emit, format, write). \
             docdb-elastic: median of {runs}; each shared model: median of {model_runs}."
        ));
        self.notes.push(format!("f. Per model:\n\n{table}"));
        Ok(())
    }

    /// Writes the rows that have a target to `bench/target/chart.tsv` and draws them into `svg`
    /// with the `bench-chart` program (plotters, SVG backend).
    fn chart(&self, svg: &Path) -> Result<(), String> {
        let mut tsv = String::new();
        for r in &self.rows {
            let Some((value, limit)) = r.chart else {
                continue;
            };
            // The annotation: the ratio against a ratio target, else the figure itself.
            let shown = if r.target.starts_with("≤ 0.") {
                &r.ratio
            } else {
                &r.ours
            };
            let label = match r.figure.rfind(" (") {
                Some(i) if r.figure.ends_with(')') => &r.figure[..i],
                _ => &r.figure,
            };
            let _ = writeln!(
                tsv,
                "{label}\t{value}\t{limit}\t{shown} (target {})",
                r.target
            );
        }
        if tsv.is_empty() {
            self.progress("no figure with a target: no chart");
            return Ok(());
        }
        let path = self.target.join("chart.tsv");
        std::fs::write(&path, &tsv).map_err(|e| format!("{}: {e}", path.display()))?;
        let target = self.bench_target_arg();
        let (path_arg, svg_arg) = (path.display().to_string(), svg.display().to_string());
        self.cargo_ok(
            &self.dir,
            &[
                "run",
                "-q",
                "-p",
                "bench-chart",
                "--target-dir",
                &target,
                "--",
                &path_arg,
                &svg_arg,
            ],
        )?;
        Ok(())
    }

    fn report(&self, header: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## smelt against aws-sdk-rust: `{OUR_CRATE}` vs `{AWS_CRATE}` {AWS_VERSION} (a–f), \
             S3 and DynamoDB (g–j)\n"
        );
        out.push_str(header);
        out.push('\n');
        let _ = writeln!(
            out,
            "| figure | smelt | aws-sdk-rust | ratio | target | met? |\n|---|---:|---:|---:|---|---|"
        );
        for r in &self.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                r.figure, r.ours, r.theirs, r.ratio, r.target, r.met
            );
        }
        let _ = writeln!(out, "\nRatio = smelt / aws-sdk-rust.\n\n### Method\n");
        for n in &self.notes {
            let _ = writeln!(out, "- {n}");
        }
        let _ = writeln!(
            out,
            "\nTotal benchmark wall time: {:.0} s; load average at the end: {}.",
            self.started.elapsed().as_secs_f64(),
            load_average()
        );
        out
    }
}

/// Times `exe codegen --model model --out out` `runs` times, each into a fresh directory.
/// Returns the wall times in seconds and the generator's own summary line.
fn time_codegen(
    exe: &Path,
    model: &Path,
    out: &Path,
    runs: usize,
) -> Result<(Vec<f64>, String), String> {
    let mut times = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let start = Instant::now();
        let result = Command::new(exe)
            .arg("codegen")
            .arg("--model")
            .arg(model)
            .arg("--out")
            .arg(out)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        times.push(start.elapsed().as_secs_f64());
        if !result.status.success() {
            return Err(String::from_utf8_lossy(&result.stderr).to_string());
        }
        let stdout = String::from_utf8_lossy(&result.stdout);
        let first = stdout.lines().next().unwrap_or("");
        // "DIR: package (protocol), N operations, M lines of Rust": keep what follows the DIR.
        summary = first
            .split_once(": ")
            .map(|(_, s)| s.to_string())
            .unwrap_or_else(|| first.to_string());
        let skipped = stdout
            .lines()
            .filter(|l| l.contains("not generated"))
            .count();
        if skipped > 0 {
            let _ = write!(summary, ", {skipped} operations not generated");
        }
    }
    Ok((times, summary))
}

/// The distinct `name vX.Y.Z` of cargo's `Compiling` status lines.
fn compiling(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .map(|rest| {
            let mut words = rest.split_whitespace();
            let name = words.next().unwrap_or("");
            let version = words.next().unwrap_or("");
            format!("{name} {version}")
        })
        .collect()
}

/// Newlines in every `.rs` file under `dir`, and the number of files.
fn rust_lines(dir: &Path) -> Result<(u64, u64), String> {
    let mut lines = 0;
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                lines += bytes.iter().filter(|b| **b == b'\n').count() as u64;
                files += 1;
            }
        }
    }
    Ok((lines, files))
}

/// `$CARGO_HOME/registry/src/*/NAME-VERSION`, present after `cargo fetch`.
fn registry_source(name: &str, version: &str) -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let src = home.join("registry").join("src");
    let entries = std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path().join(format!("{name}-{version}")))
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
        .pop()
        .ok_or_else(|| format!("{name}-{version} not found under {}", src.display()))
}

/// The first three fields of /proc/loadavg (1, 5 and 15 minutes).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_string())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn command_stdout(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiling_lines_are_deduplicated() {
        let stderr = "   Compiling libc v0.2.1\n   Compiling ring v0.17.14\n   \
                      Compiling libc v0.2.1\n    Finished `dev` profile\n   \
                      Compiling foo v0.1.0 (/work/foo)\n";
        let set = compiling(stderr);
        assert_eq!(set.len(), 3);
        assert!(set.contains("foo v0.1.0"));
    }

    #[test]
    fn median_and_verdict() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(verdict(0.2, 0.25), "yes");
        assert_eq!(verdict(0.5, 0.25), "no: 2.00× the target");
        assert_eq!(thousands(32101), "32,101");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn arguments() {
        let a = parse_args(&["--only".into(), "a,d".into(), "--runs".into(), "1".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.figures.iter().collect::<String>(), "ad");
        assert_eq!(a.runs, 1);
        assert!(parse_args(&["--only".into(), "z".into()]).is_err());
        assert!(parse_args(&["--calls".into(), "0".into()]).is_err());
        let a =
            parse_args(&["--service".into(), "dynamodb".into()]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.services.len(), 1);
        assert_eq!(a.services[0].aws, "aws-sdk-dynamodb");
        assert_eq!(a.figures.len(), 10);
        assert!(parse_args(&["--service".into(), "ec2".into()]).is_err());
        assert!(parse_args(&["--only".into(), "k".into()]).is_err());
    }
}
