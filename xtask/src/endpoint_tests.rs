//! `cargo xtask endpoint-tests [DIR]`: runs endpoint rule-set test cases through the runtime's
//! rules engine (`smelt_runtime::endpoint`), from three sources under `DIR` (default
//! `../shared`):
//!
//! - `conformance/botocore-1.44.5/endpoint-rules`: `valid-rules/X.json` with
//!   `test-cases/X.json`;
//! - `smithy-1.73.0/rules-engine-tests/*.smithy`: the `@endpointRuleSet` and `@endpointTests`
//!   traits, read from the IDL by a small reader of Smithy node values (below);
//! - `models/aws/*.json`: each service's `smithy.rules#endpointRuleSet` with its
//!   `smithy.rules#endpointTests`.
//!
//! A case passes when the resolved URL, headers and properties equal the expected ones, or when
//! resolution fails with exactly the expected error message. Cases are resolved from their
//! `params` (the parameter values after the SDK's bindings), as the suites define them.

use serde_json::Value as Json;
use smelt_runtime::endpoint::{EndpointParams, Partitions, RuleSet, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Runner = fn(&Path, Option<&Partitions>) -> Result<Tally, String>;

/// The shared `partitions.json` with the `aws-iso*` partitions marked as not supporting
/// dual-stack, as partition tables before botocore 1.44.5 had them. The AWS models' test cases
/// were written against such a table; a case that fails with the current table and passes
/// with this one is counted as skipped for that reason (and says so), not as passed.
fn older_partitions(dir: &Path) -> Option<Partitions> {
    let path = dir.join("conformance/botocore-1.44.5/endpoint-rules/partitions.json");
    let mut doc = read_json(&path).ok()?;
    for p in doc.get_mut("partitions")?.as_array_mut()? {
        let iso = p["id"].as_str().is_some_and(|id| id.starts_with("aws-iso"));
        if iso {
            p["outputs"]["supportsDualStack"] = Json::Bool(false);
        }
    }
    Partitions::from_json(&doc.to_string()).ok()
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
    failures: Vec<String>,
    skips: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.failures.extend(other.failures);
        for (k, v) in other.skips {
            *self.skips.entry(k).or_default() += v;
        }
    }

    fn skip(&mut self, reason: &str) {
        self.skipped += 1;
        *self.skips.entry(reason.to_string()).or_default() += 1;
    }
}

pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let time = args.iter().any(|a| a == "--time");
    let dir = match args.iter().find(|a| !a.starts_with("--")) {
        Some(d) => PathBuf::from(d),
        None => root.join("../shared"),
    };
    if time {
        return time_models(&dir.join("models/aws"));
    }
    let suites: [(&str, PathBuf, Runner); 4] = [
        (
            "botocore 1.44.5 endpoint-rules",
            dir.join("conformance/botocore-1.44.5/endpoint-rules"),
            botocore_suites,
        ),
        (
            "smithy 1.73.0 rules-engine-tests",
            dir.join("smithy-1.73.0/rules-engine-tests"),
            smithy_suites,
        ),
        (
            "models/aws endpointTests",
            dir.join("models/aws"),
            model_suites,
        ),
        (
            "models/aws, through a client Handle",
            dir.join("models/aws"),
            handle_suites,
        ),
    ];
    let mut total = Tally::default();
    let mut ran = 0;
    let older = older_partitions(&dir);
    for (name, path, runner) in suites {
        if !path.is_dir() {
            println!("{name:<34} skipped: {} is not present", path.display());
            continue;
        }
        ran += 1;
        let tally = runner(&path, older.as_ref())?;
        println!(
            "{name:<34} passed {:>5}  failed {:>3}  skipped {:>3}",
            tally.passed, tally.failed, tally.skipped
        );
        for (reason, n) in &tally.skips {
            println!("    skipped {n}: {reason}");
        }
        total.add(tally);
    }
    for f in &total.failures {
        println!("FAILED {f}");
    }
    println!(
        "total: passed {}, failed {}, skipped {}",
        total.passed, total.failed, total.skipped
    );
    if ran == 0 {
        return Err(format!("no endpoint test suite under {}", dir.display()));
    }
    if total.failed > 0 {
        return Err(format!("{} endpoint test cases failed", total.failed));
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Json, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn sorted_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}

fn botocore_suites(dir: &Path, older: Option<&Partitions>) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for rules_path in sorted_files(&dir.join("valid-rules"), "json")? {
        let name = rules_path.file_name().unwrap_or_default().to_owned();
        let cases_path = dir.join("test-cases").join(&name);
        let rules = read_json(&rules_path)?;
        if !cases_path.is_file() {
            // A rule set without cases must still load.
            if let Err(e) = RuleSet::from_json(&rules.to_string()) {
                tally.failed += 1;
                tally
                    .failures
                    .push(format!("{}: {e}", rules_path.display()));
            }
            continue;
        }
        let cases = read_json(&cases_path)?;
        let label = name.to_string_lossy().into_owned();
        tally.add(run_cases(&label, &rules, &cases, older));
    }
    Ok(tally)
}

fn smithy_suites(dir: &Path, older: Option<&Partitions>) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for path in sorted_files(dir, "smithy")? {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let label = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (Some(rules), Some(tests)) = (
            idl::trait_value(&text, "endpointRuleSet"),
            idl::trait_value(&text, "endpointTests"),
        ) else {
            tally.failed += 1;
            tally.failures.push(format!(
                "{label}: endpointRuleSet or endpointTests not readable"
            ));
            continue;
        };
        tally.add(run_cases(&label, &rules, &tests, older));
    }
    Ok(tally)
}

fn model_suites(dir: &Path, older: Option<&Partitions>) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for path in sorted_files(dir, "json")? {
        let model = read_json(&path)?;
        let label = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(shapes) = model.get("shapes").and_then(Json::as_object) else {
            continue;
        };
        for shape in shapes.values() {
            if shape.get("type").and_then(Json::as_str) != Some("service") {
                continue;
            }
            let traits = &shape["traits"];
            match (
                traits.get("smithy.rules#endpointRuleSet"),
                traits.get("smithy.rules#endpointTests"),
            ) {
                (Some(rules), Some(tests)) => tally.add(run_cases(&label, rules, tests, older)),
                _ => tally.skip("service without a rule set or tests"),
            }
        }
    }
    Ok(tally)
}

/// The models' cases through the runtime's client path (`client::endpoint_cases::run`): the
/// built-ins bound from a `Config`, resolution by `Handle::endpoint_for`, as in each generated
/// crate's `tests/endpoint_tests.rs`, but without the operation calls (`operationInputs` need
/// the generated crate; `cargo xtask corpus` runs them there).
fn handle_suites(dir: &Path, _older: Option<&Partitions>) -> Result<Tally, String> {
    use smelt_runtime::client::{endpoint_cases, Handle, Protocol, ServiceInfo};
    let mut tally = Tally::default();
    for path in sorted_files(dir, "json")? {
        let model = read_json(&path)?;
        let label = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for shape in model
            .get("shapes")
            .and_then(Json::as_object)
            .into_iter()
            .flat_map(|s| s.values())
        {
            let traits = &shape["traits"];
            let (Some(rules), Some(tests)) = (
                traits.get("smithy.rules#endpointRuleSet"),
                traits.get("smithy.rules#endpointTests"),
            ) else {
                continue;
            };
            let mut cases = tests.clone();
            for case in cases["testCases"].as_array_mut().into_iter().flatten() {
                if let Some(case) = case.as_object_mut() {
                    case.remove("operationInputs");
                }
            }
            // One service per model file, for the life of the process.
            let service: &'static ServiceInfo = Box::leak(Box::new(ServiceInfo {
                signing_name: "test",
                endpoint_prefix: "test",
                protocol: Protocol::RestJson1,
                api_version: "",
                sdk_id: "test",
                query_compatible: false,
                endpoint_rules: Some(Box::leak(rules.to_string().into_boxed_str())),
            }));
            let cases = cases.to_string();
            let run = endpoint_cases::run(
                &cases,
                |config| Handle::new(config, service),
                |_, n| Box::pin(async move { Some(format!("no operation input {n}")) }),
            );
            let report = block_on(run)?.map_err(|e| format!("{label}: {e}"))?;
            tally.passed += report.passed;
            for skip in &report.skipped {
                // `#N (documentation): reason`; the documentation may hold `: ` itself.
                let reason = match skip.find("expects an aws-iso*") {
                    Some(at) => &skip[at..],
                    None => skip.split_once(": ").map_or(skip.as_str(), |(_, r)| r),
                };
                tally.skip(
                    reason
                        .split("; with the runtime's table")
                        .next()
                        .unwrap_or(reason),
                );
            }
            tally.failed += report.failed.len();
            tally
                .failures
                .extend(report.failed.iter().map(|f| format!("{label} {f}")));
        }
    }
    Ok(tally)
}

/// Runs a future that never waits (the endpoint cases without operation calls do not).
fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, String> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Ok(v),
        std::task::Poll::Pending => Err("the endpoint cases waited on I/O".into()),
    }
}

/// `--time`: for each model, the time to read its rule set once and the mean time of one
/// resolution over its test cases (each resolved repeatedly). Meaningful in a release build:
/// `cargo run --release -p xtask -- endpoint-tests --time`.
fn time_models(dir: &Path) -> Result<(), String> {
    use std::time::Instant;
    println!(
        "{:<20} {:>9} {:>12} {:>8}",
        "model", "rules KB", "read once", "per call"
    );
    for path in sorted_files(dir, "json")? {
        let model = read_json(&path)?;
        let label = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(shapes) = model.get("shapes").and_then(Json::as_object) else {
            continue;
        };
        for shape in shapes.values() {
            let traits = &shape["traits"];
            let (Some(rules), Some(tests)) = (
                traits.get("smithy.rules#endpointRuleSet"),
                traits.get("smithy.rules#endpointTests"),
            ) else {
                continue;
            };
            let text = rules.to_string();
            let started = Instant::now();
            let rule_set = RuleSet::from_json(&text).map_err(|e| format!("{label}: {e}"))?;
            let read = started.elapsed();
            let cases: Vec<EndpointParams> = tests["testCases"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let mut p = EndpointParams::new();
                    for (k, v) in c["params"].as_object().into_iter().flatten() {
                        if let Some(v) = to_value(v) {
                            p.set(k, v);
                        }
                    }
                    p
                })
                .collect();
            let rounds = 200;
            let started = Instant::now();
            for _ in 0..rounds {
                for p in &cases {
                    std::hint::black_box(rule_set.resolve(p, Partitions::builtin()).ok());
                }
            }
            let per_call = started.elapsed() / (rounds * cases.len().max(1) as u32);
            println!(
                "{label:<20} {:>9.1} {:>10.0}µs {:>6.2}µs",
                text.len() as f64 / 1024.0,
                read.as_secs_f64() * 1e6,
                per_call.as_secs_f64() * 1e6
            );
        }
    }
    Ok(())
}

/// Why a case that passes only with the older table is skipped, precisely: the partition, what
/// the case expects, and what the runtime's table (botocore 1.44.5's `partitions.json`) says
/// of that partition instead.
fn iso_dual_stack_reason(params: &EndpointParams, expect: &Json, table: &Partitions) -> String {
    let region = params.get("Region").and_then(Value::as_str).unwrap_or("?");
    let partition = table.lookup(region);
    let output = |key: &str| {
        partition
            .as_ref()
            .and_then(|p| p.as_object())
            .and_then(|p| p.get(key))
            .map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                other => format!("{other:?}"),
            })
            .unwrap_or_else(|| "?".to_owned())
    };
    let wanted = match expect.get("error").and_then(Json::as_str) {
        Some(error) => format!("the error `{error}`"),
        None => format!("the endpoint {}", expect["endpoint"]["url"]),
    };
    format!(
        "expects {} without dual-stack: wants {wanted}; botocore 1.44.5's \
         partitions.json has supportsDualStack {} there (dualStackDnsSuffix {}); passes with \
         only that flag off",
        output("name"),
        output("supportsDualStack"),
        output("dualStackDnsSuffix"),
    )
}

fn run_cases(label: &str, rules: &Json, cases: &Json, older: Option<&Partitions>) -> Tally {
    let mut tally = Tally::default();
    let list = cases
        .get("testCases")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    let rule_set = match RuleSet::from_json(&rules.to_string()) {
        Ok(r) => r,
        Err(e) => {
            tally.failed += list.len().max(1);
            tally.failures.push(format!("{label}: {e}"));
            return tally;
        }
    };
    let partitions = Partitions::builtin();
    for (i, case) in list.iter().enumerate() {
        let doc = case
            .get("documentation")
            .and_then(Json::as_str)
            .unwrap_or("");
        let name = format!("{label} #{i} ({doc})");
        let mut params = EndpointParams::new();
        let mut unusable = false;
        if let Some(given) = case.get("params").and_then(Json::as_object) {
            for (k, v) in given {
                match to_value(v) {
                    Some(v) => {
                        params.set(k, v);
                    }
                    None => unusable = true,
                }
            }
        }
        if unusable {
            tally.skip("a parameter value of a type the rules language lacks");
            continue;
        }
        let expect = &case["expect"];
        let outcome = check(expect, rule_set.resolve(&params, partitions));
        let outcome = match (outcome, older) {
            (Some(Err(_)), Some(older))
                if matches!(
                    check(expect, rule_set.resolve(&params, older)),
                    Some(Ok(()))
                ) =>
            {
                tally.skip(&iso_dual_stack_reason(&params, expect, partitions));
                continue;
            }
            (outcome, _) => outcome,
        };
        let outcome = match outcome {
            Some(o) => o,
            None => {
                tally.skip("case expects neither an endpoint nor an error");
                continue;
            }
        };
        match outcome {
            Ok(()) => tally.passed += 1,
            Err(why) => {
                tally.failed += 1;
                tally.failures.push(format!("{name}: {why}"));
            }
        }
    }
    tally
}

/// `None` when the case expects nothing checkable.
fn check(
    expect: &Json,
    got: Result<smelt_runtime::endpoint::Endpoint, smelt_runtime::endpoint::EndpointError>,
) -> Option<Result<(), String>> {
    Some(match (expect.get("error"), expect.get("endpoint"), got) {
        (Some(Json::String(want)), _, Err(e)) if e.message() == want => Ok(()),
        (Some(want), _, Err(e)) => Err(format!("expected error {want}, got error {e:?}")),
        (Some(want), _, Ok(ep)) => Err(format!("expected error {want}, got {}", ep.url)),
        (None, Some(want), Ok(ep)) => compare_endpoint(want, &ep),
        (None, Some(_), Err(e)) => {
            Err(format!("expected an endpoint, got error {:?}", e.message()))
        }
        (None, None, _) => return None,
    })
}

fn compare_endpoint(want: &Json, got: &smelt_runtime::endpoint::Endpoint) -> Result<(), String> {
    let url = want.get("url").and_then(Json::as_str).unwrap_or("");
    if url != got.url {
        return Err(format!("url: expected {url}, got {}", got.url));
    }
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(h) = want.get("headers").and_then(Json::as_object) {
        for (k, v) in h {
            let values = v
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            headers.insert(k.clone(), values);
        }
    }
    if headers != got.headers {
        return Err(format!(
            "headers: expected {headers:?}, got {:?}",
            got.headers
        ));
    }
    let mut properties = BTreeMap::new();
    if let Some(p) = want.get("properties").and_then(Json::as_object) {
        for (k, v) in p {
            if let Some(v) = to_value(v) {
                properties.insert(k.clone(), v);
            }
        }
    }
    if properties != got.properties {
        let show = |m: &BTreeMap<String, Value>| Value::Object(m.clone()).to_string();
        return Err(format!(
            "properties: expected {}, got {}",
            show(&properties),
            show(&got.properties)
        ));
    }
    Ok(())
}

/// A JSON value as a rules-language value; `None` for null and non-integer numbers.
fn to_value(v: &Json) -> Option<Value> {
    Some(match v {
        Json::String(s) => Value::String(s.clone()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64()?),
        Json::Array(items) => Value::Array(items.iter().filter_map(to_value).collect()),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), to_value(v)?)))
                .collect(),
        ),
        Json::Null => return None,
    })
}

/// Just enough of the Smithy IDL to read a trait's node value: `@name(` followed by a node
/// value or by `key: value` pairs, up to the closing `)`. Node values are JSON with bare-word
/// keys, optional commas, `//` comments and `"""` text blocks.
mod idl {
    use serde_json::{Map, Value as Json};

    /// The value of the first `@name(...)` application in `text`.
    pub fn trait_value(text: &str, name: &str) -> Option<Json> {
        let needle = format!("@{name}(");
        let at = text.find(&needle)? + needle.len();
        let mut p = Parser {
            s: text.as_bytes(),
            i: at,
        };
        p.ws();
        if p.peek()? == b'{' {
            let v = p.value()?;
            p.ws();
            (p.peek()? == b')').then_some(v)
        } else {
            p.members(b')').map(Json::Object)
        }
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.s.get(self.i).copied()
        }

        fn ws(&mut self) {
            while let Some(c) = self.peek() {
                if c.is_ascii_whitespace() || c == b',' {
                    self.i += 1;
                } else if c == b'/' && self.s.get(self.i + 1) == Some(&b'/') {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                } else {
                    break;
                }
            }
        }

        fn members(&mut self, close: u8) -> Option<Map<String, Json>> {
            let mut map = Map::new();
            loop {
                self.ws();
                if self.peek()? == close {
                    self.i += 1;
                    return Some(map);
                }
                let key = if self.peek()? == b'"' {
                    self.string()?
                } else {
                    self.word()?
                };
                self.ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.i += 1;
                self.ws();
                let v = self.value()?;
                map.insert(key, v);
            }
        }

        fn word(&mut self) -> Option<String> {
            let start = self.i;
            while self.peek().is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'#' | b'$')
            }) {
                self.i += 1;
            }
            (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
        }

        fn value(&mut self) -> Option<Json> {
            self.ws();
            match self.peek()? {
                b'{' => {
                    self.i += 1;
                    self.members(b'}').map(Json::Object)
                }
                b'[' => {
                    self.i += 1;
                    let mut items = Vec::new();
                    loop {
                        self.ws();
                        if self.peek()? == b']' {
                            self.i += 1;
                            return Some(Json::Array(items));
                        }
                        items.push(self.value()?);
                    }
                }
                b'"' => self.string().map(Json::String),
                b'-' | b'0'..=b'9' => {
                    let start = self.i;
                    while self.peek().is_some_and(|c| {
                        c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'e' | b'E' | b'+')
                    }) {
                        self.i += 1;
                    }
                    let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                    serde_json::from_str(text).ok()
                }
                _ => match self.word()?.as_str() {
                    "true" => Some(Json::Bool(true)),
                    "false" => Some(Json::Bool(false)),
                    "null" => Some(Json::Null),
                    other => Some(Json::String(other.to_owned())),
                },
            }
        }

        fn string(&mut self) -> Option<String> {
            if self.s[self.i..].starts_with(b"\"\"\"") {
                // A text block: the lines after the opening quotes, common indentation removed.
                let start = self.i + 3;
                let len = self.s[start..].windows(3).position(|w| w == b"\"\"\"")?;
                let raw = std::str::from_utf8(&self.s[start..start + len]).ok()?;
                self.i = start + len + 3;
                let raw = raw.strip_prefix('\n').unwrap_or(raw);
                let indent = raw
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .min()
                    .unwrap_or(0);
                let lines: Vec<&str> = raw.lines().map(|l| l.get(indent..).unwrap_or("")).collect();
                return Some(lines.join("\n"));
            }
            let start = self.i;
            self.i += 1;
            while let Some(c) = self.peek() {
                self.i += 1;
                match c {
                    b'\\' => self.i += 1,
                    b'"' => {
                        let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                        return serde_json::from_str(text).ok();
                    }
                    _ => {}
                }
            }
            None
        }
    }
}
