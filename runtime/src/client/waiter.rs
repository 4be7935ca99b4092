//! Waiters (`smithy.waiters#waitable`): call an operation until its acceptors say the resource
//! reached the wanted state, failed, or the time ran out.
//!
//! Generated code describes each waiter as a static [`WaiterSpec`] (its acceptors, `minDelay`,
//! `maxDelay`) and calls [`Waiting::wait`] with the operation's send function. The loop follows
//! the Smithy waiter specification: acceptors are tried in order after each attempt and the first
//! that matches decides; an error no acceptor matches ends the wait; otherwise the next attempt
//! comes after an exponential backoff with full jitter between `minDelay` and `maxDelay`, never
//! past the caller's `max_wait`.
//!
//! Client layer, above the orchestrator: it only calls an operation's send function; JMESPath
//! paths are evaluated by [`crate::wire::jmespath`] over the [`ToDocument`] view of the input and
//! output.

use std::fmt;
use std::time::Duration;

use crate::client::error::{BuildError, SdkError};
use crate::client::orchestrator::Handle;
use crate::http::BoxFuture;
use crate::primitives::{Document, ToDocument};
use crate::wire::jmespath::{Expression, JmesPathError};

type SendFn<I, O, E> = fn(Handle, I) -> BoxFuture<'static, Result<O, SdkError<E>>>;

/// The state an acceptor moves the waiter to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop waiting: the resource is in the wanted state.
    Success,
    /// Stop waiting: the resource will not reach the wanted state.
    Failure,
    /// Try again.
    Retry,
}

/// How a path's result is compared with the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathComparator {
    /// The result is a string equal to the expected one.
    StringEquals,
    /// The result is a boolean equal to the expected one (`"true"` or `"false"`).
    BooleanEquals,
    /// The result is a non-empty list whose every item is a string equal to the expected one.
    AllStringEquals,
    /// The result is a list with at least one string equal to the expected one.
    AnyStringEquals,
}

/// What an acceptor looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// A JMESPath over the output of a successful call.
    Output {
        /// The JMESPath expression.
        path: &'static str,
        /// The value compared with.
        expected: &'static str,
        /// The comparison.
        comparator: PathComparator,
    },
    /// A JMESPath over `{"input": …, "output": …}` of a successful call.
    InputOutput {
        /// The JMESPath expression.
        path: &'static str,
        /// The value compared with.
        expected: &'static str,
        /// The comparison.
        comparator: PathComparator,
    },
    /// `true`: the call succeeded; `false`: it failed with any error.
    Success(bool),
    /// The call failed with this error (a shape name, or an absolute shape ID).
    ErrorType(&'static str),
}

/// One acceptor: a matcher and the state it leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// The state when the matcher matches.
    pub state: AcceptorState,
    /// What is matched.
    pub matcher: Matcher,
}

/// A waiter as the model describes it.
#[derive(Debug)]
pub struct WaiterSpec {
    /// The waiter's name in the model (`TableExists`).
    pub name: &'static str,
    /// `minDelay`, seconds.
    pub min_delay: u64,
    /// `maxDelay`, seconds.
    pub max_delay: u64,
    /// The acceptors, in order.
    pub acceptors: &'static [Acceptor],
}

/// The response of an attempt: the output, or the error.
// The output is a generic parameter, as large as the error for most operations; the value is
// made once per wait and moved, never copied in a loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum LastResponse<O, E> {
    /// The call succeeded.
    Output(O),
    /// The call failed.
    Error(SdkError<E>),
}

/// A finished wait: the response that matched a success acceptor, and what it took.
#[derive(Debug)]
pub struct WaiterOutput<O, E> {
    /// The response a success acceptor matched (an error, for waiters such as `TableNotExists`).
    pub last: LastResponse<O, E>,
    /// Calls made.
    pub attempts: u32,
    /// Time from the first call to the last response.
    pub elapsed: Duration,
}

impl<O, E> WaiterOutput<O, E> {
    /// The output, if the matching response was one.
    pub fn output(&self) -> Option<&O> {
        match &self.last {
            LastResponse::Output(o) => Some(o),
            LastResponse::Error(_) => None,
        }
    }
}

/// Why a wait ended without success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiterErrorKind {
    /// `max_wait` ran out before a success or failure acceptor matched.
    Timeout,
    /// A failure acceptor matched (its index in the model's list).
    FailureState {
        /// Index of the acceptor.
        acceptor: usize,
    },
    /// The call failed with an error that no acceptor matches.
    UnexpectedError,
    /// The input could not be built; nothing was sent.
    Construction,
    /// A waiter path is not valid JMESPath or failed to evaluate (a model defect).
    InvalidPath(JmesPathError),
    /// The delays are unusable (a zero `min_delay`, or `min_delay` above `max_delay`).
    InvalidDelays,
}

/// A wait that ended without success, with the last response when there was one.
#[derive(Debug)]
pub struct WaiterError<O, E> {
    waiter: &'static str,
    kind: WaiterErrorKind,
    attempts: u32,
    elapsed: Duration,
    last: Option<LastResponse<O, E>>,
    build_error: Option<BuildError>,
}

impl<O, E> WaiterError<O, E> {
    /// Why the wait ended.
    pub fn kind(&self) -> &WaiterErrorKind {
        &self.kind
    }

    /// The waiter's name in the model.
    pub fn waiter(&self) -> &'static str {
        self.waiter
    }

    /// Calls made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Time from the first call until the wait ended.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The last response (none when nothing was sent).
    pub fn last_response(&self) -> Option<&LastResponse<O, E>> {
        self.last.as_ref()
    }

    /// The last response, taken.
    pub fn into_last_response(self) -> Option<LastResponse<O, E>> {
        self.last
    }
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.waiter;
        let n = self.attempts;
        let secs = self.elapsed.as_secs_f64();
        match &self.kind {
            WaiterErrorKind::Timeout => write!(
                f,
                "waiter {w} timed out after {n} attempt(s) in {secs:.1}s"
            )?,
            WaiterErrorKind::FailureState { acceptor } => write!(
                f,
                "waiter {w} reached a failure state on attempt {n} (acceptor {acceptor} matched)"
            )?,
            WaiterErrorKind::UnexpectedError => write!(
                f,
                "waiter {w} stopped on attempt {n}: the call failed with an error no acceptor matches"
            )?,
            WaiterErrorKind::Construction => {
                write!(f, "waiter {w}: the input could not be built")?;
                if let Some(e) = &self.build_error {
                    write!(f, ": {e}")?;
                }
            }
            WaiterErrorKind::InvalidPath(e) => write!(f, "waiter {w}: {e}")?,
            WaiterErrorKind::InvalidDelays => write!(
                f,
                "waiter {w}: the delays must satisfy 0 < min_delay <= max_delay"
            )?,
        }
        match &self.last {
            Some(LastResponse::Output(_)) => write!(f, "; the last response was a success"),
            Some(LastResponse::Error(e)) => write!(f, "; the last response was an error: {e}"),
            None => Ok(()),
        }
    }
}

impl<O: fmt::Debug, E: fmt::Debug + fmt::Display + std::error::Error + 'static> std::error::Error
    for WaiterError<O, E>
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.last {
            Some(LastResponse::Error(e)) => Some(e),
            _ => match &self.build_error {
                Some(e) => Some(e),
                None => None,
            },
        }
    }
}

/// The delay before attempt `attempt + 1` (attempts count from 1), as the Smithy waiter
/// specification computes it: `min_delay · 2^(attempt−1)` capped at `max_delay` (once the
/// attempt passes `log2(max/min) + 1`), then a uniform random point between `min_delay` and
/// that (`random` maps `[0, 1)` onto it), and shortened so that one last attempt still starts
/// `min_delay` before `remaining` runs out. `None` when not even that fits: the wait times out.
pub fn backoff_delay(
    min_delay: Duration,
    max_delay: Duration,
    attempt: u32,
    remaining: Duration,
    random: f64,
) -> Option<Duration> {
    let min = min_delay.as_secs_f64();
    let max = max_delay.as_secs_f64();
    let ceiling = (max / min).log2() + 1.0;
    let upper = if f64::from(attempt) > ceiling {
        max
    } else {
        (min * 2f64.powi(attempt.saturating_sub(1).min(62) as i32)).min(max)
    };
    let mut delay = min + (upper - min) * random.clamp(0.0, 1.0);
    let remaining = remaining.as_secs_f64();
    if remaining - delay <= min {
        delay = remaining - min;
    }
    if delay > 0.0 {
        Some(Duration::try_from_secs_f64(delay).unwrap_or(max_delay))
    } else {
        None
    }
}

/// A waiter about to run: the client's handle, the model's waiter, and the delays (the model's
/// unless overridden). Generated code keeps it in the fluent builder that
/// `Client::wait_until_…` returns.
#[derive(Clone, Debug)]
pub struct Waiting {
    handle: Handle,
    spec: &'static WaiterSpec,
    min_delay: Duration,
    max_delay: Duration,
}

impl Waiting {
    /// A waiter with the model's delays.
    pub fn new(handle: Handle, spec: &'static WaiterSpec) -> Self {
        Waiting {
            handle,
            spec,
            min_delay: Duration::from_secs(spec.min_delay),
            max_delay: Duration::from_secs(spec.max_delay),
        }
    }

    /// Replaces the model's `minDelay` and `maxDelay`.
    pub fn set_delays(&mut self, min_delay: Duration, max_delay: Duration) {
        self.min_delay = min_delay;
        self.max_delay = max_delay;
    }

    fn error<O, E>(
        &self,
        kind: WaiterErrorKind,
        attempts: u32,
        started: tokio::time::Instant,
        last: Option<LastResponse<O, E>>,
    ) -> WaiterError<O, E> {
        WaiterError {
            waiter: self.spec.name,
            kind,
            attempts,
            elapsed: started.elapsed(),
            last,
            build_error: None,
        }
    }

    /// Calls the operation until an acceptor decides or `max_wait` runs out. `input_document`
    /// is the input's document view, for `inputOutput` acceptors (`None` when none reads it).
    pub async fn wait<I, O, E>(
        self,
        input: Result<I, BuildError>,
        max_wait: Duration,
        send: SendFn<I, O, E>,
        input_document: Option<fn(&I) -> Document>,
    ) -> Result<WaiterOutput<O, E>, WaiterError<O, E>>
    where
        I: Clone,
        O: ToDocument,
    {
        let started = tokio::time::Instant::now();
        let input = match input {
            Ok(input) => input,
            Err(e) => {
                let mut err = self.error(WaiterErrorKind::Construction, 0, started, None);
                err.build_error = Some(e);
                return Err(err);
            }
        };
        if self.min_delay.is_zero() || self.min_delay > self.max_delay {
            return Err(self.error(WaiterErrorKind::InvalidDelays, 0, started, None));
        }
        let acceptors = match compile(self.spec.acceptors) {
            Ok(a) => a,
            Err(e) => return Err(self.error(WaiterErrorKind::InvalidPath(e), 0, started, None)),
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let result = send(self.handle.clone(), input.clone()).await;
            let decision = decide(&acceptors, &input, input_document, &result);
            let last = match result {
                Ok(o) => LastResponse::Output(o),
                Err(e) => LastResponse::Error(e),
            };
            match decision {
                Err(e) => {
                    let kind = WaiterErrorKind::InvalidPath(e);
                    return Err(self.error(kind, attempt, started, Some(last)));
                }
                Ok(Some((_, AcceptorState::Success))) => {
                    return Ok(WaiterOutput {
                        last,
                        attempts: attempt,
                        elapsed: started.elapsed(),
                    })
                }
                Ok(Some((acceptor, AcceptorState::Failure))) => {
                    let kind = WaiterErrorKind::FailureState { acceptor };
                    return Err(self.error(kind, attempt, started, Some(last)));
                }
                Ok(Some((_, AcceptorState::Retry))) => {}
                Ok(None) => {
                    if let LastResponse::Error(_) = last {
                        let kind = WaiterErrorKind::UnexpectedError;
                        return Err(self.error(kind, attempt, started, Some(last)));
                    }
                }
            }
            let remaining = max_wait.saturating_sub(started.elapsed());
            let delay = backoff_delay(
                self.min_delay,
                self.max_delay,
                attempt,
                remaining,
                fastrand::f64(),
            );
            match delay {
                Some(delay) => tokio::time::sleep(delay).await,
                None => {
                    return Err(self.error(WaiterErrorKind::Timeout, attempt, started, Some(last)))
                }
            }
        }
    }
}

enum Compiled {
    Path {
        expression: Expression,
        input: bool,
        expected: &'static str,
        comparator: PathComparator,
    },
    Success(bool),
    ErrorType(&'static str),
}

fn compile(acceptors: &[Acceptor]) -> Result<Vec<(AcceptorState, Compiled)>, JmesPathError> {
    acceptors
        .iter()
        .map(|a| {
            let compiled = match a.matcher {
                Matcher::Output {
                    path,
                    expected,
                    comparator,
                }
                | Matcher::InputOutput {
                    path,
                    expected,
                    comparator,
                } => Compiled::Path {
                    expression: Expression::compile(path)?,
                    input: matches!(a.matcher, Matcher::InputOutput { .. }),
                    expected,
                    comparator,
                },
                Matcher::Success(s) => Compiled::Success(s),
                Matcher::ErrorType(t) => Compiled::ErrorType(t),
            };
            Ok((a.state, compiled))
        })
        .collect()
}

/// Whether a path's result compares as expected.
pub fn compare(result: &Document, expected: &str, comparator: PathComparator) -> bool {
    let is_expected = |d: &Document| matches!(d, Document::String(s) if s == expected);
    match comparator {
        PathComparator::StringEquals => is_expected(result),
        PathComparator::BooleanEquals => match (result, expected) {
            (Document::Bool(b), "true") => *b,
            (Document::Bool(b), "false") => !*b,
            _ => false,
        },
        PathComparator::AllStringEquals => {
            matches!(result, Document::Array(items) if !items.is_empty() && items.iter().all(is_expected))
        }
        PathComparator::AnyStringEquals => {
            matches!(result, Document::Array(items) if items.iter().any(is_expected))
        }
    }
}

/// Whether an error names the expected error: its code is the expected name (or the name of an
/// absolute shape ID). An error response with no code at all (S3 answers a `HEAD` with a bare
/// status) is named after its status: 404 is `NotFound`, 403 `Forbidden`.
fn error_type_matches(code: Option<&str>, status: u16, expected: &str) -> bool {
    let name = expected.rsplit('#').next().unwrap_or(expected);
    match code {
        Some(code) => code == expected || code == name,
        None => http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .is_some_and(|reason| reason.replace(' ', "") == name),
    }
}

/// The first acceptor that matches (its index and state).
fn decide<I, O: ToDocument, E>(
    acceptors: &[(AcceptorState, Compiled)],
    input: &I,
    input_document: Option<fn(&I) -> Document>,
    result: &Result<O, SdkError<E>>,
) -> Result<Option<(usize, AcceptorState)>, JmesPathError> {
    let mut output_doc = None;
    let mut input_output_doc = None;
    for (i, (state, matcher)) in acceptors.iter().enumerate() {
        let matched = match (matcher, result) {
            (Compiled::Success(want), r) => *want == r.is_ok(),
            (Compiled::ErrorType(t), Err(SdkError::Service(e))) => {
                error_type_matches(e.meta().code(), e.meta().status(), t)
            }
            (Compiled::ErrorType(_), Err(_)) => false,
            (Compiled::ErrorType(_), Ok(_)) => false,
            (Compiled::Path { .. }, Err(_)) => false,
            (
                Compiled::Path {
                    expression,
                    input: with_input,
                    expected,
                    comparator,
                },
                Ok(output),
            ) => {
                let data: &Document = if *with_input {
                    input_output_doc.get_or_insert_with(|| {
                        crate::primitives::document_object([
                            ("input", input_document.map_or(Document::Null, |f| f(input))),
                            ("output", output.to_document()),
                        ])
                    })
                } else {
                    output_doc.get_or_insert_with(|| output.to_document())
                };
                compare(&expression.search(data)?, expected, *comparator)
            }
        };
        if matched {
            return Ok(Some((i, *state)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn backoff_grows_from_min_to_max() {
        // At the top of the jitter range: 2, 4, 8, … capped at 120.
        let upper: Vec<_> = (1..=8)
            .map(|a| backoff_delay(S(2), S(120), a, S(10_000), 0.999_999_999).unwrap())
            .map(|d| d.as_secs_f64().round() as u64)
            .collect();
        assert_eq!(upper, [2, 4, 8, 16, 32, 64, 120, 120]);
        // At the bottom: always min_delay.
        for a in 1..10 {
            assert_eq!(backoff_delay(S(2), S(120), a, S(10_000), 0.0), Some(S(2)));
        }
        // Halfway on the fourth attempt: between 2 and 16.
        let d = backoff_delay(S(2), S(120), 4, S(10_000), 0.5).unwrap();
        assert_eq!(d, Duration::from_secs(9));
    }

    #[test]
    fn backoff_keeps_one_last_attempt_inside_max_wait() {
        // 30 s left, a 32 s delay drawn: shortened to 30 - 2 = 28 s.
        let d = backoff_delay(S(2), S(120), 6, S(30), 0.999_999_999).unwrap();
        assert_eq!(d, S(28));
        // 2 s left with a 2 s minimum: no room, the wait times out.
        assert_eq!(backoff_delay(S(2), S(120), 1, S(2), 0.0), None);
        assert_eq!(backoff_delay(S(2), S(120), 1, S(0), 0.0), None);
        // Extreme delays do not panic.
        let huge = Duration::MAX;
        assert!(backoff_delay(Duration::from_nanos(1), huge, 200, huge, 0.5).is_some());
    }

    #[test]
    fn comparators() {
        let s = |v: &str| Document::String(v.to_owned());
        let list = |v: &[&str]| Document::Array(v.iter().map(|x| s(x)).collect());
        use PathComparator::*;
        assert!(compare(&s("ACTIVE"), "ACTIVE", StringEquals));
        assert!(!compare(&s("CREATING"), "ACTIVE", StringEquals));
        assert!(!compare(&Document::Null, "ACTIVE", StringEquals));
        assert!(compare(&Document::Bool(true), "true", BooleanEquals));
        assert!(compare(&Document::Bool(false), "false", BooleanEquals));
        assert!(!compare(&s("true"), "true", BooleanEquals));
        assert!(compare(&list(&["a", "a"]), "a", AllStringEquals));
        assert!(!compare(&list(&["a", "b"]), "a", AllStringEquals));
        assert!(!compare(&list(&[]), "a", AllStringEquals));
        assert!(compare(&list(&["b", "a"]), "a", AnyStringEquals));
        assert!(!compare(&list(&[]), "a", AnyStringEquals));
        assert!(!compare(&s("a"), "a", AnyStringEquals));
    }

    #[test]
    fn error_types_match_names_and_shape_ids() {
        assert!(error_type_matches(Some("NotFound"), 400, "NotFound"));
        assert!(error_type_matches(
            Some("NotFound"),
            400,
            "com.example#NotFound"
        ));
        assert!(!error_type_matches(Some("NotFound"), 400, "Other"));
        // No code: the status's name.
        assert!(error_type_matches(None, 404, "NotFound"));
        assert!(error_type_matches(None, 403, "Forbidden"));
        assert!(!error_type_matches(None, 500, "NotFound"));
        // A code that is not the status's name is not overridden by it.
        assert!(!error_type_matches(Some("NoSuchKey"), 404, "NotFound"));
    }
}
