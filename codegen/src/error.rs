//! The one error type of the generator: every problem names the file, and where it can, the shape
//! and the member it is about.

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
}

impl Error {
    /// A problem with the file as a whole.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            shape: None,
            member: None,
            message: message.into(),
        }
    }

    /// A problem with one shape.
    pub fn shape(file: &Path, shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            shape: Some(shape.to_string()),
            member: None,
            message: message.into(),
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
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
