//! Error types shared by every generated client.
//!
//! * [`BuildError`]: an operation input could not be turned into a request (missing required
//!   member, invalid value). Surfaces as [`SdkError::Construction`].
//! * [`ErrorMetadata`] / [`ProvideErrorMetadata`]: the code, message and request id of an error
//!   returned by a service.
//! * [`Unhandled`]: the catch-all variant of every generated operation error enum, used for error
//!   codes that are not modeled.
//! * [`SdkError`]: the error type returned by every operation call.
//!
//! Client layer: error values only (over the HTTP response and connector error types); it must
//! not parse bodies (see `response_error`) or decide retries.

use crate::http::{ConnectorError, HttpResponse};
use crate::wire::DeserializeError;
use std::error::Error as StdError;
use std::fmt;

/// A boxed, thread-safe error used as the source of the wrapper types in this module.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

// ---------------------------------------------------------------------------------------------
// BuildError
// ---------------------------------------------------------------------------------------------

/// An operation input could not be built or serialized into an HTTP request.
///
/// ```
/// use smelt_runtime::error::BuildError;
/// let err = BuildError::missing("snapshot_arn");
/// assert_eq!(err.to_string(), "missing required member `snapshot_arn`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum BuildErrorKind {
    Missing(Vec<&'static str>),
    Invalid {
        member: &'static str,
        message: String,
    },
    Other(String),
}

impl BuildError {
    /// A required member was not set.
    pub fn missing(member: &'static str) -> Self {
        Self {
            kind: BuildErrorKind::Missing(vec![member]),
        }
    }

    /// Several required members were not set; one error names all of them.
    pub fn missing_members(members: Vec<&'static str>) -> Self {
        Self {
            kind: BuildErrorKind::Missing(members),
        }
    }

    /// A member has a value that cannot be serialized (e.g. an empty label).
    pub fn invalid(member: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind: BuildErrorKind::Invalid {
                member,
                message: message.into(),
            },
        }
    }

    /// Any other reason the request could not be built.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            kind: BuildErrorKind::Other(message.into()),
        }
    }

    /// The members reported missing (empty for other kinds of build errors).
    pub fn missing_member_names(&self) -> &[&'static str] {
        match &self.kind {
            BuildErrorKind::Missing(members) => members,
            _ => &[],
        }
    }

    /// The member an `invalid` error refers to.
    pub fn invalid_member(&self) -> Option<&'static str> {
        match &self.kind {
            BuildErrorKind::Invalid { member, .. } => Some(member),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::Missing(members) => match members.as_slice() {
                [] => f.write_str("missing required member"),
                [one] => write!(f, "missing required member `{one}`"),
                many => {
                    f.write_str("missing required members ")?;
                    for (i, m) in many.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "`{m}`")?;
                    }
                    Ok(())
                }
            },
            BuildErrorKind::Invalid { member, message } => {
                write!(f, "invalid value for member `{member}`: {message}")
            }
            BuildErrorKind::Other(message) => f.write_str(message),
        }
    }
}

impl StdError for BuildError {}

// ---------------------------------------------------------------------------------------------
// ErrorMetadata
// ---------------------------------------------------------------------------------------------

/// Code, message, request id and HTTP status of an error response.
///
/// ```
/// use smelt_runtime::error::ErrorMetadata;
/// let meta = ErrorMetadata::new(400)
///     .with_code("ValidationException")
///     .with_message("bad name");
/// assert_eq!(meta.to_string(), "ValidationException: bad name");
/// assert_eq!(ErrorMetadata::new(500).to_string(), "unhandled error (HTTP 500)");
/// ```
#[derive(Clone, Default)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
    /// Set while the orchestrator tries the candidate codes of a response one by one: an
    /// unmatched code is then reported (see [`ErrorMetadata::unmatched`]), not made `Unhandled`.
    /// Not part of the value: ignored by `==` and `Debug`.
    probing: bool,
}

impl PartialEq for ErrorMetadata {
    fn eq(&self, other: &Self) -> bool {
        (&self.code, &self.message, &self.request_id, self.status)
            == (&other.code, &other.message, &other.request_id, other.status)
    }
}

impl Eq for ErrorMetadata {}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .finish()
    }
}

impl ErrorMetadata {
    /// For the catch-all arm of a generated error parser, reached when the code names none of
    /// the operation's errors: the metadata to keep in an `Unhandled` error. While the
    /// orchestrator is trying a response's candidate codes one by one (the JSON protocols'
    /// header, `__type` and `code`; see `error_code_candidates`), it is instead an error that
    /// makes the orchestrator try the next candidate.
    pub fn unmatched(self) -> Result<ErrorMetadata, DeserializeError> {
        if self.probing {
            Err(DeserializeError::unmatched_code())
        } else {
            Ok(self)
        }
    }

    /// This metadata with `code`, marked as one candidate of several (see
    /// [`ErrorMetadata::unmatched`]).
    pub(crate) fn probing(mut self, code: &str) -> Self {
        self.code = Some(code.to_string());
        self.probing = true;
        self
    }

    /// The same metadata, no longer a candidate.
    pub(crate) fn settled(mut self) -> Self {
        self.probing = false;
        self
    }

    /// Metadata for an error response with the given HTTP status and nothing else known yet.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            ..Self::default()
        }
    }

    /// Sets the error code (builder style).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the error message (builder style).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the request id (builder style).
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets or clears the error code.
    pub fn set_code(&mut self, code: Option<String>) {
        self.code = code;
    }

    /// Sets or clears the error message.
    pub fn set_message(&mut self, message: Option<String>) {
        self.message = message;
    }

    /// Sets or clears the request id.
    pub fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }

    /// Sets the HTTP status.
    pub fn set_status(&mut self, status: u16) {
        self.status = status;
    }

    /// The error code (e.g. `ValidationException`), without namespace.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable error message sent by the service.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id sent by the service, useful when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response (0 when unknown).
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => f.write_str(code),
            (None, Some(message)) => {
                write!(f, "unhandled error (HTTP {}): {message}", self.status)
            }
            (None, None) => write!(f, "unhandled error (HTTP {})", self.status),
        }
    }
}

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The full metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, if the service sent one.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The error message, if the service sent one.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The request id, if the service sent one.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Unhandled
// ---------------------------------------------------------------------------------------------

/// An error returned by the service whose code is not modeled for the operation.
///
/// Every generated operation error enum has an `Unhandled` variant holding one of these.
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<BoxError>,
}

impl Unhandled {
    /// An unhandled error described by its metadata.
    pub fn new(meta: ErrorMetadata) -> Self {
        Self { meta, source: None }
    }

    /// Attaches an underlying cause (builder style).
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The error metadata.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The error code, if any.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The error message, if any.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The request id, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.meta.status()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)
    }
}

impl StdError for Unhandled {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|e| e.as_ref() as &(dyn StdError + 'static))
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

// ---------------------------------------------------------------------------------------------
// SdkError and its parts
// ---------------------------------------------------------------------------------------------

/// The request could not be constructed (before any I/O): invalid input, no region, no
/// credentials, no HTTP client.
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

impl ConstructionFailure {
    /// Wraps the cause.
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: source.into(),
        }
    }

    /// The underlying cause (often a [`BuildError`]).
    pub fn source_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl fmt::Display for ConstructionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to construct request: {}", self.source)
    }
}

/// The call did not complete in time (per-attempt read timeout or whole-operation timeout).
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
}

impl TimeoutError {
    /// Wraps the cause (usually a message saying which timeout elapsed).
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: source.into(),
        }
    }

    /// The underlying cause.
    pub fn source_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "request timed out: {}", self.source)
    }
}

/// The request could not be sent or its response could not be received (connect/IO failure).
#[derive(Debug)]
pub struct DispatchFailure {
    source: ConnectorError,
}

impl DispatchFailure {
    /// Wraps the connector error.
    pub fn new(source: ConnectorError) -> Self {
        Self { source }
    }

    /// The connector error.
    pub fn connector_error(&self) -> &ConnectorError {
        &self.source
    }

    /// Whether the failure was a connector-level timeout (e.g. connect timeout).
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the failure was an I/O error.
    pub fn is_io(&self) -> bool {
        self.source.is_io()
    }
}

impl fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dispatch failure: {}", self.source)
    }
}

/// A response was received but could not be parsed.
#[derive(Debug)]
pub struct ResponseError {
    source: BoxError,
    raw: HttpResponse,
}

impl ResponseError {
    /// Wraps the parse error together with the raw response.
    pub fn new(source: impl Into<BoxError>, raw: HttpResponse) -> Self {
        Self {
            source: source.into(),
            raw,
        }
    }

    /// The raw response (status, headers and body are kept).
    pub fn raw(&self) -> &HttpResponse {
        &self.raw
    }

    /// The parse error.
    pub fn source_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to parse response (HTTP {}): {}",
            self.raw.status().as_u16(),
            self.source
        )
    }
}

/// The service returned an error response, parsed into the operation's error type `E`.
#[derive(Debug)]
pub struct ServiceError<E> {
    source: E,
    raw: HttpResponse,
    meta: ErrorMetadata,
}

impl<E> ServiceError<E> {
    /// Wraps the parsed error together with the raw response (metadata: just the status).
    pub fn new(source: E, raw: HttpResponse) -> Self {
        let meta = ErrorMetadata::new(raw.status().as_u16());
        Self { source, raw, meta }
    }

    /// Attaches the error metadata read from the response (code, message, request ID).
    pub fn with_meta(mut self, meta: ErrorMetadata) -> Self {
        self.meta = meta;
        self
    }

    /// The error's code, message, request ID and status, whatever the variant of the parsed
    /// error (modeled errors included).
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The parsed service error.
    pub fn err(&self) -> &E {
        &self.source
    }

    /// Consumes this, returning the parsed service error.
    pub fn into_err(self) -> E {
        self.source
    }

    /// The raw HTTP response.
    pub fn raw(&self) -> &HttpResponse {
        &self.raw
    }

    /// Consumes this, returning the parsed error and the raw response.
    pub fn into_parts(self) -> (E, HttpResponse) {
        (self.source, self.raw)
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

/// The error returned by every operation of a generated client.
#[derive(Debug)]
pub enum SdkError<E> {
    /// The request could not be built (missing required member, invalid input, no region, no
    /// credentials). Nothing was sent.
    Construction(ConstructionFailure),
    /// The call timed out.
    Timeout(TimeoutError),
    /// The request could not be sent, or the connection failed while waiting for the response.
    Dispatch(DispatchFailure),
    /// A response arrived but could not be parsed.
    Response(ResponseError),
    /// The service returned an error.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// A [`SdkError::Construction`] wrapping `source`.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::Construction(ConstructionFailure::new(source))
    }

    /// A [`SdkError::Timeout`] wrapping `source`.
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        Self::Timeout(TimeoutError::new(source))
    }

    /// A [`SdkError::Dispatch`] wrapping a connector error.
    pub fn dispatch_failure(source: ConnectorError) -> Self {
        Self::Dispatch(DispatchFailure::new(source))
    }

    /// A [`SdkError::Response`] for a response that could not be parsed.
    pub fn response_error(source: impl Into<BoxError>, raw: HttpResponse) -> Self {
        Self::Response(ResponseError::new(source, raw))
    }

    /// A [`SdkError::Service`] for a parsed service error.
    pub fn service_error(source: E, raw: HttpResponse) -> Self {
        Self::Service(ServiceError::new(source, raw))
    }

    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(e.err()),
            _ => None,
        }
    }

    /// Consumes this, returning the service error if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(e) => Some(e.into_err()),
            _ => None,
        }
    }

    /// Converts the service error type, keeping every other variant unchanged.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            Self::Construction(e) => SdkError::Construction(e),
            Self::Timeout(e) => SdkError::Timeout(e),
            Self::Dispatch(e) => SdkError::Dispatch(e),
            Self::Response(e) => SdkError::Response(e),
            Self::Service(ServiceError { source, raw, meta }) => SdkError::Service(ServiceError {
                source: f(source),
                raw,
                meta,
            }),
        }
    }

    /// For a service error, its code, message, request ID and status (see [`ServiceError::meta`]).
    pub fn service_meta(&self) -> Option<&ErrorMetadata> {
        match self {
            Self::Service(e) => Some(e.meta()),
            _ => None,
        }
    }

    /// The raw HTTP response, for [`SdkError::Response`] and [`SdkError::Service`].
    pub fn raw_response(&self) -> Option<&HttpResponse> {
        match self {
            Self::Response(e) => Some(e.raw()),
            Self::Service(e) => Some(e.raw()),
            _ => None,
        }
    }

    /// Whether this is a timeout, either [`SdkError::Timeout`] or a connector-level timeout.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Timeout(_) => true,
            Self::Dispatch(d) => d.is_timeout(),
            _ => false,
        }
    }
}

impl SdkError<std::convert::Infallible> {
    /// Converts an error that cannot hold a service error into one for any service error type.
    pub fn into_any<E>(self) -> SdkError<E> {
        self.map_service_error(|never| match never {})
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(e) => fmt::Display::fmt(e, f),
            Self::Timeout(e) => fmt::Display::fmt(e, f),
            Self::Dispatch(e) => fmt::Display::fmt(e, f),
            Self::Response(e) => fmt::Display::fmt(e, f),
            Self::Service(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E> StdError for SdkError<E>
where
    E: StdError + 'static,
{
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Construction(e) => Some(e.source.as_ref()),
            Self::Timeout(e) => Some(e.source.as_ref()),
            Self::Dispatch(e) => Some(&e.source),
            Self::Response(e) => Some(e.source.as_ref()),
            Self::Service(e) => Some(&e.source),
        }
    }
}

/// Metadata-less placeholder used when an [`SdkError`] is not a service error.
static NO_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
    status: 0,
    probing: false,
};

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    /// The service error's metadata; empty metadata (no code, status 0) for other variants.
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::Service(e) => e.err().meta(),
            _ => &NO_METADATA,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Validation(ErrorMetadata);
    impl fmt::Display for Validation {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Display::fmt(&self.0, f)
        }
    }
    impl StdError for Validation {}
    impl ProvideErrorMetadata for Validation {
        fn meta(&self) -> &ErrorMetadata {
            &self.0
        }
    }

    fn raw(status: u16) -> HttpResponse {
        let mut r = HttpResponse::new(bytes::Bytes::from_static(b"{}"));
        *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
        r
    }

    #[test]
    fn build_error_display() {
        assert_eq!(
            BuildError::missing("snapshot_arn").to_string(),
            "missing required member `snapshot_arn`"
        );
        assert_eq!(
            BuildError::missing_members(vec!["a", "b"]).to_string(),
            "missing required members `a`, `b`"
        );
        assert_eq!(
            BuildError::invalid("name", "must not be empty").to_string(),
            "invalid value for member `name`: must not be empty"
        );
        assert_eq!(BuildError::other("boom").to_string(), "boom");
        assert_eq!(
            BuildError::missing_members(vec!["a", "b"]).missing_member_names(),
            &["a", "b"]
        );
        assert_eq!(BuildError::invalid("x", "y").invalid_member(), Some("x"));
    }

    #[test]
    fn metadata_display_and_getters() {
        let m = ErrorMetadata::new(400)
            .with_code("ValidationException")
            .with_message("bad name")
            .with_request_id("req-1");
        assert_eq!(m.to_string(), "ValidationException: bad name");
        assert_eq!(m.code(), Some("ValidationException"));
        assert_eq!(m.message(), Some("bad name"));
        assert_eq!(m.request_id(), Some("req-1"));
        assert_eq!(m.status(), 400);
        assert_eq!(ErrorMetadata::new(404).with_code("X").to_string(), "X");
        assert_eq!(
            ErrorMetadata::new(500).to_string(),
            "unhandled error (HTTP 500)"
        );
        assert_eq!(
            ErrorMetadata::new(502).with_message("m").to_string(),
            "unhandled error (HTTP 502): m"
        );
    }

    #[test]
    fn unhandled_accessors_and_source() {
        let u = Unhandled::new(ErrorMetadata::new(418).with_code("Teapot"))
            .with_source(BuildError::other("inner"));
        assert_eq!(u.code(), Some("Teapot"));
        assert_eq!(u.status(), 418);
        assert_eq!(u.message(), None);
        assert_eq!(u.to_string(), "Teapot");
        assert_eq!(u.source().unwrap().to_string(), "inner");
        assert_eq!(ProvideErrorMetadata::code(&u), Some("Teapot"));
    }

    #[test]
    fn sdk_error_service_display_and_helpers() {
        let e: SdkError<Validation> = SdkError::service_error(
            Validation(
                ErrorMetadata::new(400)
                    .with_code("ValidationException")
                    .with_message("bad name"),
            ),
            raw(400),
        );
        assert_eq!(e.to_string(), "ValidationException: bad name");
        assert_eq!(e.code(), Some("ValidationException"));
        assert_eq!(e.raw_response().unwrap().status(), 400);
        assert!(e.as_service_error().is_some());
        assert!(e.source().is_some());
        let mapped = e.map_service_error(|v| v.0.code().unwrap().len());
        assert_eq!(mapped.as_service_error(), Some(&19));
        assert_eq!(mapped.into_service_error(), Some(19));
    }

    #[test]
    fn sdk_error_other_variants() {
        let e: SdkError<Validation> = SdkError::construction_failure(BuildError::missing("id"));
        assert_eq!(
            e.to_string(),
            "failed to construct request: missing required member `id`"
        );
        assert!(e.as_service_error().is_none());
        assert!(e.raw_response().is_none());
        assert_eq!(e.code(), None);
        assert!(e.source().unwrap().downcast_ref::<BuildError>().is_some());

        let e: SdkError<Validation> =
            SdkError::dispatch_failure(ConnectorError::io("connection reset"));
        assert!(e.to_string().contains("connection reset"), "{e}");
        assert!(!e.is_timeout());

        let e: SdkError<Validation> = SdkError::timeout_error("read timeout of 50ms elapsed");
        assert!(e.is_timeout());
        assert_eq!(
            e.to_string(),
            "request timed out: read timeout of 50ms elapsed"
        );

        let e: SdkError<Validation> = SdkError::response_error("unexpected token", raw(200));
        assert_eq!(
            e.to_string(),
            "failed to parse response (HTTP 200): unexpected token"
        );
        assert_eq!(e.raw_response().unwrap().body().as_ref(), b"{}");

        let inf: SdkError<std::convert::Infallible> = SdkError::timeout_error("x");
        let any: SdkError<Validation> = inf.into_any();
        assert!(any.is_timeout());
    }
}
