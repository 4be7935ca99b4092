//! Transport: how a request reaches a server. [`HttpClient`] is the trait, with the request and
//! response types it speaks, [`ConnectorError`] its failure; two implementations.
//!
//! Bodies on the wire are [`ByteStream`]s: requests may stream (`@streaming` blob inputs, file
//! uploads) and responses always arrive as streams. The orchestrator reads a response into memory
//! ([`HttpResponse`], a [`bytes::Bytes`] body) before parsing it, except the successful response of
//! an operation whose output streams, whose body is handed to the caller as it arrives.
//!
//! * [`HttpClient`]: the transport trait. Implement it to plug in another HTTP stack.
//! * [`HyperClient`] (feature `hyper-client`, on by default): hyper 1 + rustls (ring, webpki roots).
//! * [`TestClient`]: an in-memory client replaying canned responses, for tests.
//!
//! HTTP layer: knows bodies ([`ByteStream`]) and nothing of signing, retries, the orchestrator
//! or generated code.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

#[cfg(feature = "hyper-client")]
mod hyper_client;
mod test_client;

#[cfg(feature = "hyper-client")]
pub use hyper_client::{HyperClient, HyperClientBuilder, POOL_MAX_IDLE_PER_HOST};
pub use test_client::TestClient;

use crate::http::body::ByteStream;

/// An HTTP request, as given to an [`HttpClient`].
pub type HttpRequest = http::Request<ByteStream>;

/// An HTTP response as an [`HttpClient`] returns it: the body is read as it arrives.
pub type StreamingResponse = http::Response<ByteStream>;

/// An HTTP response whose body is in memory: what parsers and errors see.
pub type HttpResponse = http::Response<bytes::Bytes>;

/// An HTTP request whose body is in memory (what [`TestClient`] records).
pub type BufferedRequest = http::Request<bytes::Bytes>;

/// A boxed, `Send` future, as returned by the object-safe traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Sends HTTP requests. Implementations must be cheap to share (`&self`), e.g. a connection pool.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` (whose URI is absolute) and returns the response once its head has
    /// arrived; the body is read from the returned [`ByteStream`].
    ///
    /// Error statuses (4xx/5xx) are *responses*, not errors: return `Err` only when no response
    /// could be obtained.
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>>;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        (**self).call(request)
    }
}

impl<T: HttpClient + ?Sized> HttpClient for Box<T> {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        (**self).call(request)
    }
}

/// The kind of a [`ConnectorError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// A connector-level timeout (e.g. the connect timeout).
    Timeout,
    /// An I/O error: connection refused or reset, TLS failure, broken pipe...
    Io,
    /// Anything else (invalid request, response too large...).
    Other,
}

/// An HTTP client failed to obtain a response.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: BoxError,
}

impl ConnectorError {
    /// A connector error of the given kind.
    pub fn new(kind: ConnectorErrorKind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// An I/O error.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self::new(ConnectorErrorKind::Io, source)
    }

    /// A connector-level timeout.
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self::new(ConnectorErrorKind::Timeout, source)
    }

    /// Any other failure.
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self::new(ConnectorErrorKind::Other, source)
    }

    /// The kind of failure.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == ConnectorErrorKind::Timeout
    }

    /// Whether this is an I/O error.
    pub fn is_io(&self) -> bool {
        self.kind == ConnectorErrorKind::Io
    }

    /// Whether this is neither a timeout nor an I/O error.
    pub fn is_other(&self) -> bool {
        self.kind == ConnectorErrorKind::Other
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ConnectorErrorKind::Timeout => "timeout",
            ConnectorErrorKind::Io => "io error",
            ConnectorErrorKind::Other => "connector error",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl StdError for ConnectorError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Copies a request whose body can be replayed (in memory, a file); `None` for a one-shot
/// stream. Extensions are dropped (`http::Request` itself is not `Clone`).
pub fn try_clone_request(request: &HttpRequest) -> Option<HttpRequest> {
    let mut out = http::Request::new(request.body().try_clone()?);
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    Some(out)
}

/// Copies a buffered response (`http::Response` itself is not `Clone`; extensions are dropped).
pub fn clone_response(response: &HttpResponse) -> HttpResponse {
    let mut out = http::Response::new(response.body().clone());
    *out.status_mut() = response.status();
    *out.version_mut() = response.version();
    *out.headers_mut() = response.headers().clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connector_error_kinds() {
        let e = ConnectorError::timeout("connect timed out");
        assert!(e.is_timeout() && !e.is_io() && !e.is_other());
        assert_eq!(e.to_string(), "timeout: connect timed out");
        let e = ConnectorError::io(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "refused",
        ));
        assert_eq!(e.kind(), ConnectorErrorKind::Io);
        assert_eq!(e.to_string(), "io error: refused");
        assert!(e
            .source()
            .unwrap()
            .downcast_ref::<std::io::Error>()
            .is_some());
        assert!(ConnectorError::other("x").is_other());
    }

    #[test]
    fn clone_request_copies_everything() {
        let req = http::Request::builder()
            .method("POST")
            .uri("https://example.com/a?b=c")
            .header("x-a", "1")
            .body(ByteStream::from("body"))
            .unwrap();
        let c = try_clone_request(&req).expect("in-memory bodies replay");
        assert_eq!(c.method(), "POST");
        assert_eq!(c.uri(), "https://example.com/a?b=c");
        assert_eq!(c.headers()["x-a"], "1");
        assert_eq!(c.body().bytes(), Some(&b"body"[..]));
    }

    #[test]
    fn one_shot_bodies_do_not_clone() {
        let chunks = std::iter::once(Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"x")));
        let stream = ByteStream::from_stream(crate::http::body::tests::IterStream(chunks));
        let req = http::Request::new(stream);
        assert!(try_clone_request(&req).is_none());
    }
}
