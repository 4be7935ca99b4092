//! Diagnostics of the IDL frontend: a located message (file, byte span) collected while lexing,
//! parsing and resolving, rendered rustc style (`file:line:col`, the source line, a caret).
//!
//! Owns: spans, the error list, turning byte offsets into lines and columns, and the conversion
//! into [`crate::error::Error`]. Must not: decide what is an error (the stages do), or stop at
//! the first problem; nothing here reads files.

use crate::error::{Error, Location};
use std::path::{Path, PathBuf};

/// A byte range in one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// A place in one of the files being assembled: the file's index and a span in it. JSON AST
/// files have no spans; their places are the whole file (`span: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub span: Option<Span>,
}

/// One problem found in a source file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub place: Place,
    pub message: String,
}

/// The sources being read (for rendering) and the problems found in them.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub files: Vec<(PathBuf, String)>,
    pub items: Vec<Diagnostic>,
}

/// Stop collecting after this many problems: enough to fix a file, and a bound on the work a
/// hostile input can cause.
pub const MAX_DIAGNOSTICS: usize = 200;

impl Diagnostics {
    pub fn push(&mut self, place: Place, message: impl Into<String>) {
        if self.items.len() < MAX_DIAGNOSTICS {
            self.items.push(Diagnostic {
                place,
                message: message.into(),
            });
        }
    }

    /// `file:line:col` of a place, for messages that name a second place.
    pub fn describe(&self, place: Place) -> String {
        let Some((path, text)) = self.files.get(place.file) else {
            return "<unknown>".into();
        };
        match place.span {
            Some(span) => {
                let (line, col, _) = line_col(text, span.start);
                format!("{}:{line}:{col}", path.display())
            }
            None => path.display().to_string(),
        }
    }

    /// The errors, in file order then position order, as one [`Error`] (the first) carrying
    /// the others. `None` when there is nothing to report.
    pub fn into_error(mut self) -> Option<Error> {
        if self.items.is_empty() {
            return None;
        }
        self.items
            .sort_by_key(|d| (d.place.file, d.place.span.map_or(0, |s| s.start)));
        let errors: Vec<Error> = self.items.iter().map(|d| self.render(d)).collect();
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.others = errors.collect();
        Some(first)
    }

    fn render(&self, d: &Diagnostic) -> Error {
        let Some((path, text)) = self.files.get(d.place.file) else {
            return Error::file(Path::new("<unknown>"), d.message.clone());
        };
        let mut error = Error::file(path, d.message.clone());
        if let Some(span) = d.place.span {
            let (line, column, source_line) = line_col(text, span.start.min(text.len()));
            let end = span.end.clamp(span.start, text.len());
            // The caret covers the span on its first line (at least one column).
            let on_line = text[span.start.min(text.len())..end]
                .split('\n')
                .next()
                .map_or(0, |s| s.chars().count());
            error.location = Some(Box::new(Location {
                line,
                column,
                source_line,
                width: on_line.max(1) as u32,
            }));
        }
        error
    }
}

/// 1-based line and column (in characters) of a byte offset, and that line's text.
pub fn line_col(text: &str, offset: usize) -> (u32, u32, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let source = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    (line as u32, column as u32, source)
}
