//! `cargo xtask fuzz idl-grammar [--runs N] [--seed S] [--corpus DIR]`: a deterministic mutation fuzzer
//! for the Smithy IDL frontend. Each input is arbitrary bytes or a valid file mutated (byte
//! flips, inserted grammar tokens, deletions, duplicated ranges, splices of two files,
//! truncations), assembled (one in five together with an awkward JSON AST file) under
//! `catch_unwind` on a worker thread while this thread watches the clock: a panic or an input slower than the bound fails the run and prints the input.
//!
//! This file depends only on `smelt_codegen` and std: the codegen test suite includes it
//! (`codegen/tests/idl_fuzz.rs`) for a short run.

use smelt_codegen::load::idl::assemble;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a fuzz run saw.
#[derive(Debug, Default)]
pub struct Report {
    pub runs: u64,
    /// Inputs the frontend accepted (the rest were reported as errors, as they should be).
    pub accepted: u64,
    pub slowest: Duration,
}

/// splitmix64: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Valid files the mutations start from; written for this fuzzer to touch every part of the
/// grammar.
const SEEDS: &[&str] = &[
    r#"$version: "2.0"
$operationInputSuffix: "Request"
metadata tags = ["a", {b: 1.5e3, c: -2}]
namespace example.fuzz
use smithy.api#String

/// A service.
@title("Fuzz")
service Svc {
    version: "2024-01-01"
    operations: [GetThing]
    resources: [Thing]
    errors: [Oops]
    rename: { "other#A": "B" }
}

resource Thing {
    identifiers: { id: ThingId }
    properties: { name: String }
    read: GetThing
}

@readonly
@http(method: "GET", uri: "/things/{id}", code: 200)
operation GetThing {
    input := for Thing with [Paging] {
        @required
        @httpLabel
        $id
    }
    output := {
        $name
        count: Integer = 0
    }
    errors: [Oops]
}

@mixin
structure Paging { next: String }

string ThingId

@error("client")
structure Oops { message: String }

enum Suit { HEART = "h", SPADE }
intEnum Level { LOW = 1, HIGH = 2 }
list Names { member: String }
map Counts { key: String, value: Integer }
union Choice { a: String, b: Names }
apply Oops$message @documentation("why")
apply Names {
    @length(min: 1)
    @deprecated
}
"#,
    r#"$version: "1.0"
namespace example.old
structure Old {
    a: PrimitiveInteger,
    @box
    b: PrimitiveLong,
    c: Boxed,
}
@box
integer Boxed
set Unique { member: String }
@enum([{value: "x", name: "X"}])
string E
"#,
    "$version: \"2\"\nmetadata text = \"\"\"\n    line one \\n\n      two \\\"q\\\" \\uD83D\\uDE00\n    \"\"\"\nnamespace ex\n@documentation(\"\\u00e9\\t\")\nstring S with [M]\n@mixin string M\n",
];

/// JSON AST companions assembled with some inputs: valid JSON with awkward content (shapes
/// that collide with the IDL seeds, members that are not objects, applies to nothing, metadata
/// that conflicts, a 1.0 document), so the merge and upgrade stages see hostile input too.
const JSON_SEEDS: &[&str] = &[
    r#"{"smithy": "2.0", "metadata": {"tags": "not a list"}, "shapes": {
        "example.fuzz#Paging": {"type": "structure", "members": {"next": 5}},
        "example.fuzz#Oops$message": {"type": "apply", "traits": {"smithy.api#documentation": "x"}},
        "example.fuzz#Names": {"type": "set", "member": {"target": "smithy.api#String"}},
        "example.fuzz#Nowhere$x": {"type": "apply", "traits": []}}}"#,
    r#"{"smithy": "1.0", "shapes": {
        "example.old#Old": {"type": "structure", "members": {"a": {"target": "smithy.api#PrimitiveInteger"}, "b": 7}},
        "example.old#Boxed": {"type": "integer", "traits": {"smithy.api#box": {}}}}}"#,
    r#"{"smithy": "2.0", "shapes": {"example.fuzz#GetThingRequest": {"type": "structure", "mixins": "no"}}}"#,
];

/// Fragments inserted by mutation: the grammar's delimiters and awkward cases.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ":=",
    "=",
    ",",
    "@",
    "$",
    "#",
    "\"",
    "\"\"\"",
    "\"\"\"\n",
    "\\",
    "\\u",
    "\\uD800",
    "///",
    "//",
    "\n",
    " ",
    "-",
    "0",
    "1e",
    "1.5",
    "with [",
    "for ",
    "apply ",
    "structure ",
    "operation ",
    "$version: \"1.0\"\n",
    "@trait",
    "true",
    "null",
    "\u{e9}",
    "\u{1F600}",
    "\r\n",
    "\t",
];

fn mutate(rng: &mut Rng, seeds: &[String]) -> Vec<u8> {
    if rng.below(10) == 0 {
        const ALPHABET: &[u8] = b"{}[]()@$#:=,\"\\/\n -.0123abc";
        let len = rng.below(200);
        return (0..len)
            .map(|_| {
                if rng.below(2) == 0 {
                    ALPHABET[rng.below(ALPHABET.len())]
                } else {
                    rng.next() as u8
                }
            })
            .collect();
    }
    let mut data = seeds[rng.below(seeds.len())].clone().into_bytes();
    for _ in 0..1 + rng.below(8) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(32)).min(len);
                data.drain(at..end);
            }
            3 => {
                // Duplicate a range (repeated tokens, repeated statements).
                let end = (at + rng.below(64)).min(len);
                let copy = data[at..end].to_vec();
                let to = rng.below(len + 1);
                data.splice(to..to, copy);
            }
            4 => {
                let other = seeds[rng.below(seeds.len())].as_bytes();
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            5 => data.truncate(at),
            _ => {
                let i = rng.below(len.max(1));
                if i < len {
                    data[i] = rng.next() as u8;
                }
            }
        }
    }
    data
}

/// Runs `runs` inputs from `seed`; `extra` adds valid files to mutate. Fails on the first
/// panic or input slower than `bound`, naming the input.
pub fn fuzz_idl(
    runs: u64,
    seed: u64,
    bound: Duration,
    extra: Vec<String>,
) -> Result<Report, String> {
    let mut seeds: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
    seeds.extend(extra);
    let current = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel::<(Duration, Result<bool, String>)>();
    let worker_input = Arc::clone(&current);
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let worker = std::thread::Builder::new()
        .name("fuzz-idl".into())
        .spawn(move || {
            let mut rng = Rng::new(seed);
            for _ in 0..runs {
                let bytes = mutate(&mut rng, &seeds);
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if let Ok(mut slot) = worker_input.lock() {
                    slot.clone_from(&text);
                }
                let mut sources = vec![(PathBuf::from("fuzz.smithy"), text)];
                if rng.below(5) == 0 {
                    let json = JSON_SEEDS[rng.below(JSON_SEEDS.len())];
                    sources.push((PathBuf::from("fuzz.json"), json.to_string()));
                }
                let start = Instant::now();
                let result =
                    std::panic::catch_unwind(|| assemble(&sources).is_ok()).map_err(|payload| {
                        payload
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "a panic".into())
                    });
                let elapsed = start.elapsed();
                // After a finding the worker stops, so `current` keeps the input that caused it.
                let finding = result.is_err() || elapsed > bound;
                if tx.send((elapsed, result)).is_err() || finding {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start the fuzz thread: {e}"))?;
    let mut report = Report::default();
    let outcome = loop {
        if report.runs == runs {
            break Ok(());
        }
        match rx.recv_timeout(bound) {
            Ok((elapsed, result)) => {
                report.runs += 1;
                report.slowest = report.slowest.max(elapsed);
                match result {
                    Ok(accepted) => report.accepted += u64::from(accepted),
                    Err(message) => break Err(format!("panic: {message}")),
                }
                if elapsed > bound {
                    break Err(format!("an input took {elapsed:?} (bound {bound:?})"));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                break Err(format!("an input ran longer than {bound:?} (hang?)"))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err("the fuzz thread stopped (a panic outside the frontend?)".into())
            }
        }
    };
    std::panic::set_hook(previous_hook);
    match outcome {
        Ok(()) => {
            let _ = worker.join();
            Ok(report)
        }
        Err(problem) => {
            // The worker may still be stuck in the input; it is left behind.
            let input = current.lock().map(|s| s.clone()).unwrap_or_default();
            Err(format!(
                "input {} (seed {seed}): {problem}\n--- input ({} bytes, Rust escapes) ---\n{}",
                report.runs,
                input.len(),
                input.escape_debug()
            ))
        }
    }
}

/// `cargo xtask fuzz idl-grammar [--runs N] [--seed S] [--corpus DIR] [--bound-ms MS]`.
pub fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) != Some("idl-grammar") {
        return Err(
            "usage: cargo xtask fuzz idl-grammar [--runs N] [--seed S] [--corpus DIR] [--bound-ms MS]"
                .into(),
        );
    }
    let mut runs: u64 = 1_000_000;
    let mut seed: u64 = 1;
    let mut bound = Duration::from_secs(2);
    let mut extra = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|e| format!("`{flag} {value}`: {e}"))
        };
        match flag.as_str() {
            "--runs" => runs = number()?,
            "--seed" => seed = number()?,
            "--bound-ms" => bound = Duration::from_millis(number()?),
            "--corpus" => {
                let mut paths: Vec<PathBuf> = std::fs::read_dir(value)
                    .map_err(|e| format!("{value}: {e}"))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "smithy"))
                    .collect();
                paths.sort();
                for path in paths {
                    extra.push(
                        std::fs::read_to_string(&path)
                            .map_err(|e| format!("{}: {e}", path.display()))?,
                    );
                }
            }
            _ => return Err(format!("unknown flag `{flag}`")),
        }
    }
    let start = Instant::now();
    let report = fuzz_idl(runs, seed, bound, extra)?;
    println!(
        "fuzz idl-grammar: {} inputs (seed {seed}) in {:.1?}: no panic, none slower than {bound:?}; {} accepted as valid, slowest {:?}",
        report.runs,
        start.elapsed(),
        report.accepted,
        report.slowest
    );
    Ok(())
}
