//! The HTTP abstraction used by generated clients.
//!
//! Requests and responses are fully buffered ([`bytes::Bytes`] bodies): the services this runtime
//! targets exchange small JSON documents, and buffering keeps the client code non-generic.
//!
//! * [`HttpClient`]: the transport trait. Implement it to plug in another HTTP stack.
//! * [`HyperClient`] (feature `hyper-client`, on by default): hyper 1 + rustls (ring, webpki roots).
//! * [`TestClient`]: an in-memory client replaying canned responses, for tests.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

#[cfg(feature = "hyper-client")]
mod hyper_client;
mod test_client;

#[cfg(feature = "hyper-client")]
pub use hyper_client::{HyperClient, HyperClientBuilder};
pub use test_client::TestClient;

/// A fully buffered HTTP request.
pub type HttpRequest = http::Request<bytes::Bytes>;

/// A fully buffered HTTP response.
pub type HttpResponse = http::Response<bytes::Bytes>;

/// A boxed, `Send` future, as returned by the object-safe traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Sends HTTP requests. Implementations must be cheap to share (`&self`), e.g. a connection pool.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` (whose URI is absolute) and returns the complete response.
    ///
    /// Error statuses (4xx/5xx) are *responses*, not errors: return `Err` only when no response
    /// could be obtained.
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>>;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        (**self).call(request)
    }
}

impl<T: HttpClient + ?Sized> HttpClient for Box<T> {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
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

/// Copies a buffered request (`http::Request` itself is not `Clone`; extensions are dropped).
pub fn clone_request(request: &HttpRequest) -> HttpRequest {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    out
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
            .body(bytes::Bytes::from_static(b"body"))
            .unwrap();
        let c = clone_request(&req);
        assert_eq!(c.method(), "POST");
        assert_eq!(c.uri(), "https://example.com/a?b=c");
        assert_eq!(c.headers()["x-a"], "1");
        assert_eq!(c.body().as_ref(), b"body");
    }
}
