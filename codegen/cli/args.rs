//! The command line of `smelt`, parsed by hand, and its help texts in cargo's layout.
//!
//! Options take their value as the next argument or after `=` (`--out DIR`, `--out=DIR`);
//! `--` ends the options.

use std::path::PathBuf;

pub const MAIN_HELP: &str = "\
Generate Rust clients from Smithy models

Usage: smelt <COMMAND> [OPTIONS]

Commands:
  generate  Generate a client crate from a model
  check     Check that a generated crate is up to date (exit 3 if not)
  ast       Print the model as canonical Smithy JSON AST
  idl       Print (or write) the model as Smithy IDL 2.0
  diff      What changed between two versions of a model, and the semver bump it needs

Options:
  -h, --help     Print help
  -V, --version  Print version

Exit status: 0 success, 1 invalid model, 2 usage error, 3 stale output, 4 I/O error,
5 breaking change (diff).

See 'smelt <command> --help' for more information on a specific command.
";

const GENERATE_OPTIONS: &str = "\
Arguments:
  <MODEL>...  Model files (.smithy IDL, .json JSON AST or botocore) or directories of them,
              merged into one model

Options:
  -o, --out <DIR>                 Directory of the crate (with --each: of one crate per model)
      --each                      Each model file of the given directories is a model of its own,
                                  generated into <DIR>/<file stem>
  -j, --jobs <N>                  With --each: models generated at once [default: one per core]
      --operations <A,B,...>      Only these operations and the shapes they reach
      --package-name <NAME>       Package name [default: the service's SDK ID]
      --package-version <VERSION> Package version [default: 0.1.0]
      --runtime-version <REQ>     Depend on smelt-rt from the registry [default: ^RUNTIME]
      --runtime-path <PATH>       Depend on smelt-rt by path
      --runtime-git <URL>         Depend on smelt-rt from git (with --rev, --tag or --branch)
      --rev <REV>, --tag <TAG>, --branch <BRANCH>
                                  The commit of --runtime-git
      --workspace-member          No [workspace] table: the crate joins an enclosing workspace
      --settings <FILE>           Read options from a settings file (`key = value` lines:
                                  operations, package-name, package-version)
  -h, --help                      Print help
";

pub fn generate_help(check: bool) -> String {
    let (about, usage) = if check {
        (
            "Check that a generated crate is up to date: generate in memory, compare, write nothing.\nExits with 3 and lists the stale files when it is not.",
            "check",
        )
    } else {
        (
            "Generate a client crate from a model: rewrite changed files, remove files no longer\ngenerated.",
            "generate",
        )
    };
    format!(
        "{about}\n\nUsage: smelt {usage} [OPTIONS] --out <DIR> <MODEL>...\n\n{}",
        GENERATE_OPTIONS.replace("^RUNTIME", &format!("^{}", smelt_codegen::RUNTIME_VERSION))
    )
}

pub const AST_HELP: &str = "\
Print the model as canonical Smithy 2.0 JSON AST (prelude left out, mixins applied, sorted)

Usage: smelt ast <MODEL>...

Arguments:
  <MODEL>...  Model files or directories, merged into one model

Options:
  -h, --help  Print help
";

pub const IDL_HELP: &str = "\
Print the model as Smithy IDL 2.0, one file per namespace (or write them to a directory)

Usage: smelt idl [OPTIONS] <MODEL>...

Arguments:
  <MODEL>...  Model files or directories, merged into one model

Options:
  -o, --out <DIR>  Write <DIR>/<namespace>.smithy instead of printing
  -h, --help       Print help
";

pub const DIFF_HELP: &str = "\
Compare two versions of a model: added and removed operations, shapes and members, changed
targets, nullability, defaults, enum values, errors and wire traits. Each change has Smithy's
smithy-diff event ID and severity (ERROR, DANGER, WARNING, NOTE) and the semver bump the
generated crate needs. Exits with 5 when a change is an ERROR (breaking).

Usage: smelt diff [OPTIONS] <OLD> <NEW>

Arguments:
  <OLD>  The model before: a file (.smithy IDL, .json JSON AST or botocore) or a directory
  <NEW>  The model after, the same way

Options:
      --format <FORMAT>          text (for people, the default) or json (for CI)
      --crate-version <VERSION>  The generated crate's current version: print the next one
  -h, --help                     Print help
";

/// The output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// What to run.
#[derive(Debug, PartialEq)]
pub enum Command {
    Help(String),
    Version,
    Generate(Box<Generate>),
    Ast {
        models: Vec<PathBuf>,
    },
    Idl {
        models: Vec<PathBuf>,
        out: Option<PathBuf>,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
        format: Format,
        crate_version: Option<String>,
    },
}

/// The options of `generate` and `check`.
#[derive(Debug, Default, PartialEq)]
pub struct Generate {
    pub check: bool,
    pub models: Vec<PathBuf>,
    pub out: PathBuf,
    pub each: bool,
    /// `--jobs`: worker threads for `--each` (0: one per core).
    pub jobs: usize,
    pub operations: Option<Vec<String>>,
    pub package_name: Option<String>,
    pub package_version: Option<String>,
    pub runtime_version: Option<String>,
    pub runtime_path: Option<PathBuf>,
    pub runtime_git: Option<String>,
    pub runtime_rev: Option<String>,
    pub runtime_tag: Option<String>,
    pub runtime_branch: Option<String>,
    pub workspace_member: bool,
    pub settings: Option<PathBuf>,
}

/// A usage error: what is wrong, and the usage line of the command.
#[derive(Debug, PartialEq)]
pub struct Usage {
    pub message: String,
    pub usage: &'static str,
}

const MAIN_USAGE: &str = "smelt <COMMAND> [OPTIONS]";
const GENERATE_USAGE: &str = "smelt generate [OPTIONS] --out <DIR> <MODEL>...";
const CHECK_USAGE: &str = "smelt check [OPTIONS] --out <DIR> <MODEL>...";
const AST_USAGE: &str = "smelt ast <MODEL>...";
const IDL_USAGE: &str = "smelt idl [OPTIONS] <MODEL>...";
const DIFF_USAGE: &str = "smelt diff [OPTIONS] <OLD> <NEW>";

/// One argument: a flag or option (`--name`, with its `=value` if any), or a positional value.
enum Arg<'a> {
    Flag(&'a str, Option<&'a str>),
    Value(&'a str),
}

struct Args<'a> {
    rest: std::slice::Iter<'a, String>,
    only_values: bool,
    usage: &'static str,
}

impl<'a> Args<'a> {
    fn next(&mut self) -> Option<Arg<'a>> {
        let arg = self.rest.next()?;
        if self.only_values || arg == "-" || !arg.starts_with('-') {
            return Some(Arg::Value(arg));
        }
        if arg == "--" {
            self.only_values = true;
            return self.next();
        }
        Some(match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => Arg::Flag(name, Some(value)),
            _ => Arg::Flag(arg, None),
        })
    }

    /// The value of option `name`: after `=`, else the next argument.
    fn value(&mut self, name: &str, inline: Option<&'a str>) -> Result<&'a str, Usage> {
        if let Some(value) = inline {
            return Ok(value);
        }
        match self.rest.next() {
            Some(value) if !value.starts_with('-') || value == "-" => Ok(value),
            _ => Err(self.error(format!(
                "a value is required for '{name}' but none was supplied"
            ))),
        }
    }

    fn error(&self, message: String) -> Usage {
        Usage {
            message,
            usage: self.usage,
        }
    }

    fn no_value(&self, name: &str, inline: Option<&str>) -> Result<(), Usage> {
        match inline {
            Some(_) => Err(self.error(format!("'{name}' takes no value"))),
            None => Ok(()),
        }
    }

    fn unexpected(&self, name: &str) -> Usage {
        self.error(format!("unexpected argument '{name}' found"))
    }
}

pub fn parse(args: &[String]) -> Result<Command, Usage> {
    let mut args_iter = args.iter();
    let Some(first) = args_iter.next() else {
        return Ok(Command::Help(MAIN_HELP.to_string()));
    };
    let mut args = Args {
        rest: args_iter,
        only_values: false,
        usage: MAIN_USAGE,
    };
    match first.as_str() {
        "-h" | "--help" | "help" => Ok(match args.rest.next().map(String::as_str) {
            Some("generate") => Command::Help(generate_help(false)),
            Some("check") => Command::Help(generate_help(true)),
            Some("ast") => Command::Help(AST_HELP.to_string()),
            Some("idl") => Command::Help(IDL_HELP.to_string()),
            Some("diff") => Command::Help(DIFF_HELP.to_string()),
            _ => Command::Help(MAIN_HELP.to_string()),
        }),
        "-V" | "--version" => Ok(Command::Version),
        "generate" | "check" => {
            let check = first == "check";
            args.usage = if check { CHECK_USAGE } else { GENERATE_USAGE };
            parse_generate(args, check)
        }
        "ast" | "idl" => {
            let idl = first == "idl";
            args.usage = if idl { IDL_USAGE } else { AST_USAGE };
            let mut models = Vec::new();
            let mut out = None;
            while let Some(arg) = args.next() {
                match arg {
                    Arg::Value(v) => models.push(PathBuf::from(v)),
                    Arg::Flag("-h" | "--help", _) => {
                        return Ok(Command::Help(
                            if idl { IDL_HELP } else { AST_HELP }.to_string(),
                        ))
                    }
                    Arg::Flag(name @ ("-o" | "--out"), inline) if idl => {
                        out = Some(PathBuf::from(args.value(name, inline)?));
                    }
                    Arg::Flag(name, _) => return Err(args.unexpected(name)),
                }
            }
            if models.is_empty() {
                return Err(args.error(
                    "the following required arguments were not provided: <MODEL>...".into(),
                ));
            }
            Ok(if idl {
                Command::Idl { models, out }
            } else {
                Command::Ast { models }
            })
        }
        "diff" => {
            args.usage = DIFF_USAGE;
            parse_diff(args)
        }
        other if other.starts_with('-') => Err(args.unexpected(other)),
        other => Err(args.error(format!("unrecognized subcommand '{other}'"))),
    }
}

fn parse_diff(mut args: Args<'_>) -> Result<Command, Usage> {
    let mut paths = Vec::new();
    let mut format = Format::Text;
    let mut crate_version = None;
    while let Some(arg) = args.next() {
        match arg {
            Arg::Value(v) => paths.push(PathBuf::from(v)),
            Arg::Flag("-h" | "--help", _) => return Ok(Command::Help(DIFF_HELP.to_string())),
            Arg::Flag(name @ "--format", inline) => {
                format = match args.value(name, inline)? {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(args.error(format!(
                            "invalid value '{other}' for '--format' (expected text or json)"
                        )))
                    }
                }
            }
            Arg::Flag(name @ "--crate-version", inline) => {
                let version = args.value(name, inline)?;
                if let Err(message) = smelt_codegen::diff::Bump::None.next_version(version) {
                    return Err(args.error(format!("invalid value for '{name}': {message}")));
                }
                crate_version = Some(version.to_string());
            }
            Arg::Flag(name, _) => return Err(args.unexpected(name)),
        }
    }
    let mut paths = paths.into_iter();
    match (paths.next(), paths.next(), paths.next()) {
        (Some(old), Some(new), None) => Ok(Command::Diff {
            old,
            new,
            format,
            crate_version,
        }),
        (_, _, Some(extra)) => Err(args.unexpected(&extra.display().to_string())),
        _ => {
            Err(args
                .error("the following required arguments were not provided: <OLD> <NEW>".into()))
        }
    }
}

fn parse_generate(mut args: Args<'_>, check: bool) -> Result<Command, Usage> {
    let mut options = Generate {
        check,
        ..Generate::default()
    };
    let mut out = None;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg {
            Arg::Value(v) => {
                options.models.push(PathBuf::from(v));
                continue;
            }
            Arg::Flag(name, inline) => (name, inline),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help(generate_help(check))),
            "-o" | "--out" => out = Some(PathBuf::from(args.value(name, inline)?)),
            "--each" => {
                args.no_value(name, inline)?;
                options.each = true;
            }
            "-j" | "--jobs" => {
                let value = args.value(name, inline)?;
                options.jobs = match value.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        return Err(args.error(format!("'{name} {value}' is not a positive number")))
                    }
                };
            }
            "--workspace-member" => {
                args.no_value(name, inline)?;
                options.workspace_member = true;
            }
            "--operations" => {
                let list = args.value(name, inline)?;
                let names: Vec<String> = list.split(',').map(|s| s.trim().to_string()).collect();
                if names.iter().any(String::is_empty) {
                    return Err(args.error(format!("'--operations {list}' has an empty name")));
                }
                options
                    .operations
                    .get_or_insert_with(Vec::new)
                    .extend(names);
            }
            "--package-name" => options.package_name = Some(args.value(name, inline)?.into()),
            "--package-version" => options.package_version = Some(args.value(name, inline)?.into()),
            "--runtime-version" => options.runtime_version = Some(args.value(name, inline)?.into()),
            "--runtime-path" => options.runtime_path = Some(args.value(name, inline)?.into()),
            "--runtime-git" => options.runtime_git = Some(args.value(name, inline)?.into()),
            "--rev" => options.runtime_rev = Some(args.value(name, inline)?.into()),
            "--tag" => options.runtime_tag = Some(args.value(name, inline)?.into()),
            "--branch" => options.runtime_branch = Some(args.value(name, inline)?.into()),
            "--settings" => options.settings = Some(args.value(name, inline)?.into()),
            other => return Err(args.unexpected(other)),
        }
    }
    let runtimes = [
        options.runtime_version.is_some(),
        options.runtime_path.is_some(),
        options.runtime_git.is_some(),
    ];
    if runtimes.iter().filter(|set| **set).count() > 1 {
        return Err(args.error(
            "'--runtime-version', '--runtime-path' and '--runtime-git' cannot be used together"
                .into(),
        ));
    }
    let references = [
        &options.runtime_rev,
        &options.runtime_tag,
        &options.runtime_branch,
    ];
    let reference_count = references.iter().filter(|r| r.is_some()).count();
    if reference_count > 0 && options.runtime_git.is_none() {
        return Err(args.error("'--rev', '--tag' and '--branch' go with '--runtime-git'".into()));
    }
    if reference_count > 1 {
        return Err(args.error("only one of '--rev', '--tag' and '--branch' can be given".into()));
    }
    if options.models.is_empty() {
        return Err(
            args.error("the following required arguments were not provided: <MODEL>...".into())
        );
    }
    match out {
        Some(out) => options.out = out,
        None => {
            return Err(args
                .error("the following required arguments were not provided: --out <DIR>".into()))
        }
    }
    Ok(Command::Generate(Box::new(options)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, Usage> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    #[test]
    fn generate_with_every_option() {
        let Ok(Command::Generate(g)) = parse_str(
            "generate m1.smithy --out=out --operations A,B --operations C --package-name p \
             --package-version 1.0.0 --runtime-git https://example.com/r.git --tag v1 \
             --workspace-member --settings s.settings --jobs=3 -- --odd-model-name",
        ) else {
            panic!("parses")
        };
        assert_eq!(
            g.models,
            [
                PathBuf::from("m1.smithy"),
                PathBuf::from("--odd-model-name")
            ]
        );
        assert_eq!(g.out, PathBuf::from("out"));
        assert_eq!(
            g.operations.as_deref(),
            Some(&["A".to_string(), "B".into(), "C".into()][..])
        );
        assert_eq!(g.package_name.as_deref(), Some("p"));
        assert_eq!(g.package_version.as_deref(), Some("1.0.0"));
        assert_eq!(g.runtime_tag.as_deref(), Some("v1"));
        assert!(g.workspace_member && !g.check && !g.each);
        assert_eq!(g.jobs, 3);
        assert_eq!(g.settings, Some(PathBuf::from("s.settings")));
    }

    #[test]
    fn usage_errors_name_the_problem_and_the_usage() {
        for (line, message, usage) in [
            ("generate m.smithy", "--out <DIR>", GENERATE_USAGE),
            ("check --out o", "<MODEL>...", CHECK_USAGE),
            (
                "generate m --out",
                "a value is required for '--out'",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --bogus",
                "unexpected argument '--bogus'",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --each=yes",
                "'--each' takes no value",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --each --jobs 0",
                "'--jobs 0' is not a positive number",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --each -j two",
                "'-j two' is not a positive number",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --tag v1",
                "go with '--runtime-git'",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --runtime-path p --runtime-version 1",
                "cannot be used together",
                GENERATE_USAGE,
            ),
            (
                "generate m --out o --operations A,,B",
                "empty name",
                GENERATE_USAGE,
            ),
            ("ast --out o m", "unexpected argument '--out'", AST_USAGE),
            ("diff a", "<OLD> <NEW>", DIFF_USAGE),
            ("diff a b c", "unexpected argument 'c'", DIFF_USAGE),
            ("diff a b --format yaml", "invalid value 'yaml'", DIFF_USAGE),
            (
                "diff a b --crate-version",
                "a value is required",
                DIFF_USAGE,
            ),
            (
                "diff a b --crate-version 1.2",
                "MAJOR.MINOR.PATCH",
                DIFF_USAGE,
            ),
            (
                "frobnicate",
                "unrecognized subcommand 'frobnicate'",
                MAIN_USAGE,
            ),
            ("--bogus", "unexpected argument '--bogus'", MAIN_USAGE),
        ] {
            let err = parse_str(line).expect_err(line);
            assert!(err.message.contains(message), "{line}: {}", err.message);
            assert_eq!(err.usage, usage, "{line}");
        }
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse_str(""), Ok(Command::Help(MAIN_HELP.into())));
        assert_eq!(parse_str("--help"), Ok(Command::Help(MAIN_HELP.into())));
        assert_eq!(
            parse_str("help check"),
            Ok(Command::Help(generate_help(true)))
        );
        assert_eq!(
            parse_str("generate --help"),
            Ok(Command::Help(generate_help(false)))
        );
        assert_eq!(parse_str("idl -h"), Ok(Command::Help(IDL_HELP.into())));
        assert_eq!(parse_str("-V"), Ok(Command::Version));
        assert_eq!(parse_str("help diff"), Ok(Command::Help(DIFF_HELP.into())));
        assert_eq!(
            parse_str("diff old.json new --format=json --crate-version 0.3.0"),
            Ok(Command::Diff {
                old: "old.json".into(),
                new: "new".into(),
                format: Format::Json,
                crate_version: Some("0.3.0".into()),
            })
        );
        assert!(generate_help(false)
            .contains(&format!("[default: ^{}]", smelt_codegen::RUNTIME_VERSION)));
    }
}
