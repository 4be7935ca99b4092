//! What `smelt` prints on stderr: cargo-style status lines, a progress line, and errors in
//! rustc's located style. Colour only when stderr is a terminal and `NO_COLOR` is unset.

use crate::args::Usage;
use smelt_codegen::diff::{Bump, Report, Severity};
use std::io::{IsTerminal, Write};

pub struct Reporter {
    colour: bool,
    terminal: bool,
}

const GREEN: &str = "\x1b[1;32m";
const YELLOW: &str = "\x1b[1;33m";
const RED: &str = "\x1b[1;31m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Reporter {
    pub fn for_stderr() -> Self {
        let terminal = std::io::stderr().is_terminal();
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Reporter {
            colour: terminal && !no_colour,
            terminal,
        }
    }

    /// For what goes to stdout (`diff`'s report): colour when stdout is a terminal.
    pub fn for_stdout() -> Self {
        let terminal = std::io::stdout().is_terminal();
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Reporter {
            colour: terminal && !no_colour,
            terminal,
        }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn line(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    /// `   Generated shop (restJson1) …`: the verb right-aligned in 12 columns, as cargo does.
    pub fn status(&self, verb: &str, text: &str) {
        self.line(&format!(
            "{} {text}",
            self.paint(GREEN, &format!("{verb:>12}"))
        ));
    }

    pub fn warn_status(&self, verb: &str, text: &str) {
        self.line(&format!(
            "{} {text}",
            self.paint(YELLOW, &format!("{verb:>12}"))
        ));
    }

    pub fn detail(&self, text: &str) {
        self.line(&format!("{:>12} {text}", ""));
    }

    /// `  Generating [3/22] s3`: on a terminal one line rewritten in place, else one line each.
    pub fn progress(&self, index: usize, total: usize, name: &str) {
        let text = format!(
            "{} [{index}/{total}] {name}",
            self.paint(BLUE, &format!("{:>12}", "Generating"))
        );
        if self.terminal {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K{text}");
        } else {
            self.line(&text);
        }
    }

    pub fn clear_progress(&self) {
        if self.terminal {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }

    pub fn error(&self, message: &str) {
        self.line(&format!("{}: {message}", self.paint(RED, "error")));
    }

    /// As clap words it: the problem, the usage line, where to find help.
    pub fn usage_error(&self, usage: &Usage) {
        self.error(&usage.message);
        self.line(&format!(
            "\n{} {}\n\nFor more information, try '--help'.",
            self.paint(BOLD, "Usage:"),
            usage.usage
        ));
    }

    /// rustc's layout: `error: message`, then `--> file:line:col` and the source line with a
    /// caret under the spot when the frontend knows it, else `--> file` and the shape/member.
    pub fn model_error(&self, error: &smelt_codegen::Error) {
        let count = error.all().count();
        for e in error.all() {
            self.error(&e.message);
            let file = e.file.display();
            match &e.location {
                Some(loc) => {
                    let number = loc.line.to_string();
                    let pad = " ".repeat(number.len());
                    let before: String = loc
                        .source_line
                        .chars()
                        .take(loc.column.saturating_sub(1) as usize)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let carets = "^".repeat(loc.width.clamp(1, 200) as usize);
                    let bar = self.paint(BLUE, "|");
                    self.line(&format!(
                        "{pad}{} {file}:{}:{}",
                        self.paint(BLUE, "-->"),
                        loc.line,
                        loc.column
                    ));
                    self.line(&format!("{pad} {bar}"));
                    self.line(&format!(
                        "{} {bar} {}",
                        self.paint(BLUE, &number),
                        loc.source_line
                    ));
                    self.line(&format!("{pad} {bar} {before}{}", self.paint(RED, &carets)));
                }
                None => {
                    let place = match (&e.shape, &e.member) {
                        (Some(shape), Some(member)) => {
                            format!(" (shape `{shape}`, member `{member}`)")
                        }
                        (Some(shape), None) => format!(" (shape `{shape}`)"),
                        _ => String::new(),
                    };
                    self.line(&format!(" {} {file}{place}", self.paint(BLUE, "-->")));
                }
            }
            self.line("");
        }
        self.error(&format!(
            "the model is invalid ({count} error{})",
            if count == 1 { "" } else { "s" }
        ));
    }

    /// `diff`'s report for people: the events grouped by severity, most serious first, one
    /// line each (`[bump] EventId location: message`), then the bump the crate needs.
    pub fn diff_text(&self, report: &Report, version: Option<(&str, &str)>) -> String {
        let mut out = String::new();
        for (severity, style) in [
            (Severity::Error, RED),
            (Severity::Danger, RED),
            (Severity::Warning, YELLOW),
            (Severity::Note, BLUE),
        ] {
            let events: Vec<_> = report.with_severity(severity).collect();
            if events.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "{} ({})\n",
                self.paint(style, severity.as_str()),
                events.len()
            ));
            for e in events {
                out.push_str(&format!(
                    "  {:<7} {} {}: {}\n",
                    format!("[{}]", e.bump),
                    self.paint(BOLD, &e.id),
                    e.location(),
                    e.message
                ));
            }
            out.push('\n');
        }
        let bump = report.bump();
        let summary = match bump {
            Bump::None if report.is_empty() => "no changes".to_string(),
            Bump::None => "the generated crate does not change".to_string(),
            _ => format!("the generated crate needs a {bump} version bump"),
        };
        let summary = match version {
            Some((from, to)) if bump != Bump::None => format!("{summary}: {from} -> {to}"),
            _ => summary,
        };
        let breaking = if report.is_breaking() {
            self.paint(RED, "breaking")
        } else {
            self.paint(GREEN, "not breaking")
        };
        out.push_str(&format!("{breaking}; {summary}\n"));
        out
    }
}
