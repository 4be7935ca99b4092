//! The one error type of the generator: every problem names the file, and where it can, the shape
//! and the member it is about.
//!
//! Must not: depend on any stage; every stage depends on it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A located problem with a model (or with writing the output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The model file (or output path) the problem is in.
    pub file: PathBuf,
    /// The absolute shape ID, when the problem belongs to a shape.
    pub shape: Option<String>,
    /// The member name, when the problem belongs to a member.
    pub member: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Line and column in the file, when the frontend knows them (the IDL does).
    pub location: Option<Box<Location>>,
    /// Further problems found in the same run (a frontend that recovers reports them all).
    pub others: Box<[Error]>,
}

/// Where in a text file a problem is: 1-based line and column (in characters), the line's text,
/// and how many columns the caret covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub source_line: String,
    pub width: u32,
}

impl Error {
    /// A problem with the file as a whole.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            shape: None,
            member: None,
            message: message.into(),
            location: None,
            others: Box::default(),
        }
    }

    /// A problem with one shape.
    pub fn shape(file: &Path, shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            shape: Some(shape.to_string()),
            member: None,
            message: message.into(),
            location: None,
            others: Box::default(),
        }
    }

    /// A problem with one member of a shape.
    pub fn member(
        file: &Path,
        shape: impl fmt::Display,
        member: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.to_path_buf(),
            shape: Some(shape.to_string()),
            member: Some(member.into()),
            message: message.into(),
            location: None,
            others: Box::default(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_one(f)?;
        for other in &self.others {
            write!(f, "\n\n")?;
            other.fmt_one(f)?;
        }
        Ok(())
    }
}

impl Error {
    /// All problems: this one and the others found in the same run.
    pub fn all(&self) -> impl Iterator<Item = &Error> {
        std::iter::once(self).chain(self.others.iter())
    }

    fn fmt_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            // rustc style: the place, the message, the source line and a caret under the spot.
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let before: String = loc
                .source_line
                .chars()
                .take(loc.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                loc.line,
                loc.column,
                self.message
            )?;
            write!(f, "\n{pad} |\n{number} | {}", loc.source_line)?;
            let carets = "^".repeat(loc.width.clamp(1, 200) as usize);
            return write!(f, "\n{pad} | {before}{carets}");
        }
        write!(f, "{}", self.file.display())?;
        match (&self.shape, &self.member) {
            (Some(shape), Some(member)) => write!(f, ": shape `{shape}`, member `{member}`")?,
            (Some(shape), None) => write!(f, ": shape `{shape}`")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Result alias used across the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
