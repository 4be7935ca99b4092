//! `cargo xtask fuzz [TARGET] [--runs N] [--engine libfuzzer|mutation] [--seed S] [--bound-ms MS]
//! [--no-build]`:
//! fuzzing of every decoder of untrusted bytes, the targets of `fuzz/src/targets.rs`.
//!
//! Two engines run the same targets on the same seeds (the shared models and suites, read in
//! place, plus each target's built-in inputs):
//!
//! * `libfuzzer` (the default when `cargo fuzz` is installed): coverage-guided, built by
//!   `cargo fuzz build --sanitizer none` on the stable toolchain into `target/fuzz`, run with a
//!   per-input time bound (`-timeout`), a memory bound (`-rss_limit_mb`, and `-malloc_limit_mb`
//!   for any single allocation) and inputs of at most [`MAX_LEN`] bytes. `--no-build` runs the
//!   binary already built (so a long campaign need not hold a lock on cargo).
//! * `mutation`: deterministic and in-process (std only): byte flips, inserted format tokens,
//!   deletions, duplicated ranges, splices of two seeds, truncations; each input runs under
//!   `catch_unwind` on a worker thread while this thread watches the clock. The workspace tests
//!   (`xtask/tests/fuzz.rs`) run every target this way briefly.
//!
//! This file uses only std, `serde_json` (to cut seeds out of the shared files) and the
//! `targets` table, so the tests can include it.

use crate::targets::{Seeds, Target, TARGETS};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest input either engine produces (64 KiB).
pub const MAX_LEN: usize = 64 * 1024;
/// At most this many seeds per target (spread evenly over what the shared data holds).
pub const MAX_SEEDS: usize = 3_000;
/// libFuzzer's bound on one allocation: 256 × the longest input.
pub const MALLOC_LIMIT_MB: usize = 16;
/// libFuzzer's bound on the process's resident memory.
pub const RSS_LIMIT_MB: usize = 1_024;

/// The mutation engine's memory bound on one input: the most bytes a target may hold at once
/// beyond what was live before it started, [`MEMORY_PER_INPUT_BYTE`] per input byte plus
/// [`MEMORY_FIXED`] (the IDL prelude and trait tables, the model loader's fixed tables).
pub const MEMORY_PER_INPUT_BYTE: usize = 256;
/// See [`MEMORY_PER_INPUT_BYTE`].
pub const MEMORY_FIXED: usize = 8 << 20;

/// What one run of one target saw.
#[derive(Debug, Default)]
pub struct Report {
    pub runs: u64,
    pub slowest: Duration,
    pub elapsed: Duration,
    pub seeds: usize,
    /// The most memory one input held at once (bytes beyond the live set before it), when the
    /// process counts allocations ([`CountingAlloc`]).
    pub peak_memory: usize,
    /// The length of that input.
    pub peak_memory_input: usize,
}

/// A global allocator that counts, per thread, live bytes and their high-water mark, so the
/// mutation engine can bound the memory one input takes on its worker thread (other threads,
/// such as other tests, do not disturb the count). Install it with `#[global_allocator]`.
pub struct CountingAlloc;

thread_local! {
    // Const-initialized cells without destructors: safe to touch from inside the allocator.
    static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
    static PEAK: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}
static COUNTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn count(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl std::alloc::GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        COUNTING.store(true, std::sync::atomic::Ordering::Relaxed);
        count(layout.size() as isize);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        count(-(layout.size() as isize));
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

/// Starts a measurement on this thread: the peak is reset to the live bytes now; returns them.
fn memory_mark() -> isize {
    let live = LIVE.try_with(|l| l.get()).unwrap_or(0);
    let _ = PEAK.try_with(|p| p.set(live));
    live
}

/// This thread's peak since [`memory_mark`] returned `base`, beyond `base`; `None` without a
/// [`CountingAlloc`].
fn memory_peak_since(base: isize) -> Option<usize> {
    let peak = PEAK.try_with(|p| p.get()).unwrap_or(base);
    COUNTING
        .load(std::sync::atomic::Ordering::Relaxed)
        .then(|| usize::try_from(peak - base).unwrap_or(0))
}

/// splitmix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

// --- seeds -----------------------------------------------------------------------------------

/// Every seed of `target`: its built-in inputs, then those cut from `shared` (the shared data
/// folder), at most [`MAX_SEEDS`], none longer than [`MAX_LEN`]. Missing shared data is an
/// error (the targets are meant to start from it).
pub fn seeds(target: &Target, shared: &Path) -> Result<Vec<Vec<u8>>, String> {
    let mut found = Vec::new();
    for source in target.seeds {
        found.extend(read_seeds(source, shared)?);
    }
    found.retain(|s| s.len() <= MAX_LEN);
    if found.len() > MAX_SEEDS {
        let step = found.len() as f64 / MAX_SEEDS as f64;
        found = (0..MAX_SEEDS)
            .map(|i| std::mem::take(&mut found[(i as f64 * step) as usize]))
            .collect();
    }
    let mut all = (target.builtin)();
    all.extend(found);
    Ok(all)
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            files_under(&path, ext, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

fn sorted_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    files_under(dir, ext, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .{ext} files under {}", dir.display()));
    }
    Ok(paths)
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_seeds(source: &Seeds, shared: &Path) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    match *source {
        Seeds::Files { dir, ext } => {
            for path in sorted_files(&shared.join(dir), ext)? {
                out.push(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
            }
        }
        Seeds::AstShapes { dir } => {
            for path in sorted_files(&shared.join(dir), "json")? {
                let model = read_json(&path)?;
                let Some(shapes) = model.get("shapes").and_then(|s| s.as_object()) else {
                    continue;
                };
                for (id, shape) in shapes {
                    let doc = serde_json::json!({"smithy": "2.0", "shapes": {id.clone(): shape}});
                    out.push(doc.to_string().into_bytes());
                }
            }
        }
        Seeds::BotocoreSuites { dir } => {
            for path in sorted_files(&shared.join(dir), "json")? {
                let Some(suites) = read_json(&path)?.as_array().cloned() else {
                    continue;
                };
                for suite in suites {
                    let mut operations = serde_json::Map::new();
                    for case in suite["cases"].as_array().into_iter().flatten() {
                        if let Some(name) = case["given"]["name"].as_str() {
                            operations.insert(name.to_string(), case["given"].clone());
                        }
                    }
                    let doc = serde_json::json!({
                        "metadata": suite["metadata"],
                        "operations": operations,
                        "shapes": suite["shapes"],
                    });
                    out.push(doc.to_string().into_bytes());
                }
            }
        }
        Seeds::ResponseBodies { dir, files } => {
            for path in sorted_files(&shared.join(dir), "json")? {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if !files.iter().any(|f| stem.starts_with(f)) {
                    continue;
                }
                let suites = read_json(&path)?;
                for suite in suites.as_array().into_iter().flatten() {
                    for case in suite["cases"].as_array().into_iter().flatten() {
                        if let Some(body) = case["response"]["body"].as_str() {
                            if !body.is_empty() {
                                out.push(body.as_bytes().to_vec());
                            }
                        }
                    }
                }
            }
        }
        Seeds::Base64ResponseBodies { dir, files } => {
            for path in sorted_files(&shared.join(dir), "json")? {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if !files.iter().any(|f| stem.starts_with(f)) {
                    continue;
                }
                let suites = read_json(&path)?;
                for suite in suites.as_array().into_iter().flatten() {
                    for case in suite["cases"].as_array().into_iter().flatten() {
                        let body = case["response"]["body"].as_str().unwrap_or("");
                        match smelt_runtime::http::binding::base64_decode(body) {
                            Ok(bytes) if !bytes.is_empty() => out.push(bytes),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

// --- the mutation engine ---------------------------------------------------------------------

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], tokens: &[&str]) -> Vec<u8> {
    if rng.below(20) == 0 {
        let len = rng.below(256);
        return (0..len).map(|_| rng.next() as u8).collect();
    }
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if !tokens.is_empty() => {
                let token = tokens[rng.below(tokens.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(32)).min(len);
                data.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(64)).min(len);
                let copy = data[at..end].to_vec();
                let to = rng.below(len + 1);
                data.splice(to..to, copy);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            5 => data.truncate(at),
            6 if len >= 4 => {
                // An interesting 32-bit value (lengths and counts in binary formats).
                let i = rng.below(len - 3);
                let v: u32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fff_ffff, u32::MAX][rng.below(8)];
                data[i..i + 4].copy_from_slice(&v.to_be_bytes());
            }
            _ => {
                if let Some(b) = data.get_mut(rng.below(len.max(1))) {
                    *b = rng.next() as u8;
                }
            }
        }
    }
    data.truncate(MAX_LEN);
    data
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// Runs `runs` mutated inputs of `target` from `seeds`, deterministically from `seed`. Fails on
/// the first panic or input slower than `bound`, printing the input.
pub fn mutation(
    target: &'static Target,
    seeds: Vec<Vec<u8>>,
    runs: u64,
    seed: u64,
    bound: Duration,
) -> Result<Report, String> {
    if seeds.is_empty() {
        return Err(format!("target `{}` has no seeds", target.name));
    }
    let mut report = Report {
        seeds: seeds.len(),
        ..Report::default()
    };
    let started = Instant::now();
    let current = Arc::new(Mutex::new(Vec::new()));
    type Outcome = (
        Duration,
        usize,
        Option<usize>,
        Result<(), (String, Vec<u8>)>,
    );
    let (tx, rx) = mpsc::channel::<Outcome>();
    let worker_input = Arc::clone(&current);
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let worker = std::thread::Builder::new()
        .name(format!("fuzz-{}", target.name))
        .stack_size(8 << 20)
        .spawn(move || {
            let mut rng = Rng(seed);
            // The seeds themselves first, then mutations.
            for i in 0..runs {
                let input = match seeds.get(i as usize) {
                    Some(s) => s.clone(),
                    None => mutate(&mut rng, &seeds, target.tokens),
                };
                if let Ok(mut slot) = worker_input.lock() {
                    slot.clone_from(&input);
                }
                let base = memory_mark();
                let start = Instant::now();
                let result = std::panic::catch_unwind(|| (target.run)(&input))
                    .map_err(|p| (panic_message(p.as_ref()), input.clone()));
                let elapsed = start.elapsed();
                let peak = memory_peak_since(base);
                if tx.send((elapsed, input.len(), peak, result)).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start the fuzz thread: {e}"))?;
    let mut panicked = None;
    let outcome = loop {
        if report.runs == runs {
            break Ok(());
        }
        match rx.recv_timeout(bound) {
            Ok((elapsed, len, peak, result)) => {
                report.runs += 1;
                report.slowest = report.slowest.max(elapsed);
                if let Some(peak) = peak {
                    if peak > report.peak_memory {
                        report.peak_memory = peak;
                        report.peak_memory_input = len;
                    }
                    let bound = MEMORY_PER_INPUT_BYTE * len + MEMORY_FIXED;
                    if peak > bound && result.is_ok() {
                        break Err(format!(
                            "an input of {len} bytes held {peak} bytes at once (bound {bound})"
                        ));
                    }
                }
                if let Err((message, input)) = result {
                    // The worker has moved on: keep the input that panicked.
                    panicked = Some(input);
                    break Err(format!("panic: {message}"));
                }
                if elapsed > bound {
                    break Err(format!("an input took {elapsed:?} (bound {bound:?})"));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                break Err(format!("an input ran longer than {bound:?} (hang?)"))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err("the fuzz thread stopped (a panic outside the target?)".into())
            }
        }
    };
    std::panic::set_hook(previous_hook);
    report.elapsed = started.elapsed();
    match outcome {
        Ok(()) => {
            let _ = worker.join();
            Ok(report)
        }
        Err(problem) => {
            // The worker may still be stuck in the input; it is left behind.
            let input = panicked
                .or_else(|| current.lock().ok().map(|s| s.clone()))
                .unwrap_or_default();
            Err(format!(
                "fuzz {}: input {} (seed {seed}): {problem}\n--- input ({} bytes, Rust escapes) ---\n{}",
                target.name,
                report.runs,
                input.len(),
                String::from_utf8_lossy(&input).escape_debug()
            ))
        }
    }
}

// --- libFuzzer -------------------------------------------------------------------------------

fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("rustc -vV: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "rustc -vV names no host".into())
}

/// Whether `cargo fuzz` is installed.
fn has_cargo_fuzz() -> bool {
    Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds the libFuzzer binary of `fuzz/` (stable toolchain: no sanitizer) and returns it.
fn build_libfuzzer(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new("cargo")
        .current_dir(root)
        .args([
            "fuzz",
            "build",
            "-O",
            "--debug-assertions",
            "--sanitizer",
            "none",
            "--features",
            "libfuzzer",
            "--target-dir",
            "target/fuzz",
            "decoders",
        ])
        .status()
        .map_err(|e| format!("cargo fuzz build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo fuzz build failed ({status})"));
    }
    Ok(root
        .join("target/fuzz")
        .join(host_triple()?)
        .join("release/decoders"))
}

/// Runs `runs` inputs of `target` under libFuzzer from a corpus of its seeds.
fn libfuzzer(
    binary: &Path,
    root: &Path,
    target: &Target,
    seeds: &[Vec<u8>],
    runs: u64,
    seed: u64,
    bound: Duration,
) -> Result<Report, String> {
    let corpus = root.join("target/fuzz-corpus").join(target.name);
    let artifacts = root.join("target/fuzz-artifacts").join(target.name);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for (i, s) in seeds.iter().enumerate() {
        let path = corpus.join(format!("seed-{i:05}"));
        std::fs::write(&path, s).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let started = Instant::now();
    let out = Command::new(binary)
        .env("SMELT_FUZZ_TARGET", target.name)
        .arg(&corpus)
        .arg(format!("-runs={runs}"))
        .arg(format!("-seed={}", seed.max(1)))
        .arg(format!("-timeout={}", bound.as_secs().max(1)))
        .arg(format!("-max_len={MAX_LEN}"))
        .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
        .arg(format!("-malloc_limit_mb={MALLOC_LIMIT_MB}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .arg("-close_fd_mask=1")
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let elapsed = started.elapsed();
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "fuzz {}: libFuzzer found a problem ({}); the input is in {}\n{}",
            target.name,
            out.status,
            artifacts.display(),
            tail.join("\n")
        ));
    }
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Ok(Report {
        runs: stat("number_of_executed_units").unwrap_or(0),
        slowest: Duration::ZERO,
        elapsed,
        seeds: seeds.len(),
        ..Report::default()
    })
}

// --- the command -----------------------------------------------------------------------------

const USAGE: &str = "usage: cargo xtask fuzz [TARGET|all] [--runs N] [--engine libfuzzer|mutation] [--seed S] [--bound-ms MS] [--no-build] [--list]";

/// `cargo xtask fuzz ...`.
pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let mut selected: Option<&str> = None;
    let mut runs: u64 = 1_000_000;
    let mut seed: u64 = 1;
    let mut bound = Duration::from_secs(2);
    let mut engine: Option<String> = None;
    let mut build = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--no-build" {
            build = false;
            continue;
        }
        if arg == "--list" {
            for t in TARGETS {
                println!("{:<16} {}", t.name, t.what);
            }
            return Ok(());
        }
        if !arg.starts_with("--") {
            if selected.is_some() {
                return Err(format!("one target at a time\n{USAGE}"));
            }
            selected = Some(arg);
            continue;
        }
        let value = rest
            .next()
            .ok_or_else(|| format!("`{arg}` needs a value\n{USAGE}"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|e| format!("`{arg} {value}`: {e}"))
        };
        match arg.as_str() {
            "--runs" => runs = number()?,
            "--seed" => seed = number()?,
            "--bound-ms" => bound = Duration::from_millis(number()?),
            "--engine" => engine = Some(value.clone()),
            _ => return Err(format!("unknown flag `{arg}`\n{USAGE}")),
        }
    }
    let targets: Vec<&'static Target> = match selected {
        None | Some("all") => TARGETS.iter().collect(),
        Some(name) => vec![crate::targets::find(name).ok_or_else(|| {
            format!(
                "no fuzz target `{name}`; targets: {}",
                crate::targets::names().join(", ")
            )
        })?],
    };
    let engine = match engine.as_deref() {
        Some("libfuzzer") => "libfuzzer",
        Some("mutation") => "mutation",
        Some(other) => return Err(format!("unknown engine `{other}`\n{USAGE}")),
        None if has_cargo_fuzz() => "libfuzzer",
        None => {
            eprintln!("`cargo fuzz` is not installed (`cargo install cargo-fuzz`): using the mutation engine");
            "mutation"
        }
    };
    let binary = if engine == "libfuzzer" && build {
        Some(build_libfuzzer(root)?)
    } else if engine == "libfuzzer" {
        Some(
            root.join("target/fuzz")
                .join(host_triple()?)
                .join("release/decoders"),
        )
    } else {
        None
    };
    let shared = root.join("../shared");
    for target in targets {
        let seeds = seeds(target, &shared)?;
        let report = match &binary {
            Some(binary) => libfuzzer(binary, root, target, &seeds, runs, seed, bound)?,
            None => mutation(target, seeds, runs, seed, bound)?,
        };
        let slowest = if engine == "mutation" {
            let memory = if report.peak_memory > 0 {
                format!(
                    ", most memory held by one input {} KiB (an input of {} bytes)",
                    report.peak_memory / 1024,
                    report.peak_memory_input
                )
            } else {
                String::new()
            };
            format!(", slowest input {:?}{memory}", report.slowest)
        } else {
            String::new()
        };
        println!(
            "fuzz {:<15} {engine}: {} inputs from {} seeds in {:.1?}, no finding (bound {bound:?} per input{slowest})",
            target.name, report.runs, report.seeds, report.elapsed
        );
    }
    Ok(())
}
