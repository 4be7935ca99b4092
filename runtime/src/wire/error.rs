//! [`DeserializeError`], the error of every wire decoder (JSON, XML, event-stream payloads) and of
//! the response glue built on them. Knows nothing of HTTP or clients.

use std::fmt;

/// Error produced while reading a body or payload (JSON, XML, headers of a response).
///
/// One pointer wide (the details are boxed), so that the readers' `Result<(), _>` and
/// `Result<bool, _>` travel in registers on the hot path, where errors are rare.
#[derive(Clone, PartialEq, Eq)]
pub struct DeserializeError(Box<Details>);

#[derive(Clone, PartialEq, Eq)]
struct Details {
    message: String,
    offset: Option<usize>,
    found: Option<&'static str>,
    /// See [`DeserializeError::unmatched_code`].
    unmatched_code: bool,
}

impl DeserializeError {
    /// Creates an error with a free-form message and no position.
    pub fn custom(msg: impl Into<String>) -> Self {
        DeserializeError(Box::new(Details {
            message: msg.into(),
            offset: None,
            found: None,
            unmatched_code: false,
        }))
    }

    /// Creates an error with a message at a byte offset of the input.
    pub fn at(msg: impl Into<String>, offset: usize) -> Self {
        DeserializeError(Box::new(Details {
            message: msg.into(),
            offset: Some(offset),
            found: None,
            unmatched_code: false,
        }))
    }

    /// An error at a byte offset that also names what was found there (`found string`).
    pub(crate) fn found(msg: impl Into<String>, offset: usize, found: &'static str) -> Self {
        DeserializeError(Box::new(Details {
            message: msg.into(),
            offset: Some(offset),
            found: Some(found),
            unmatched_code: false,
        }))
    }

    /// Not a failure to read: the error code being tried names none of the operation's errors
    /// (see `ErrorMetadata::unmatched`); the orchestrator then tries the response's next
    /// candidate code.
    pub(crate) fn unmatched_code() -> Self {
        let mut e = Self::custom("the error code names none of the operation's errors");
        e.0.unmatched_code = true;
        e
    }

    /// Whether this is [`DeserializeError::unmatched_code`].
    pub(crate) fn is_unmatched_code(&self) -> bool {
        self.0.unmatched_code
    }

    /// The message, without position information.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The byte offset in the input where the error was detected, if known.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        if let Some(offset) = self.0.offset {
            write!(f, " at byte {offset}")?;
        }
        if let Some(found) = self.0.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

/// As a plain struct of its details (the box is an implementation detail).
impl fmt::Debug for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeserializeError")
            .field("message", &self.0.message)
            .field("offset", &self.0.offset)
            .field("found", &self.0.found)
            .field("unmatched_code", &self.0.unmatched_code)
            .finish()
    }
}

impl std::error::Error for DeserializeError {}

/// The result of reading a wire format.
pub type Result<T, E = DeserializeError> = std::result::Result<T, E>;
