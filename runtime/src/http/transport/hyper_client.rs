//! The default [`HttpClient`]: hyper 1 with rustls (the process's default crypto provider, else
//! aws-lc-rs; Mozilla webpki roots).
//!
//! HTTP layer: moves requests and responses; it must not sign, retry or know an operation.

use super::{BoxFuture, ByteStream, ConnectorError, HttpClient, HttpRequest, StreamingResponse};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

/// Default TCP connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The most idle connections kept per host: the pool stays bounded whatever the concurrency
/// was (`cargo xtask soak` measures it).
pub const POOL_MAX_IDLE_PER_HOST: usize = 128;

type Inner = Client<HttpsConnector<HttpConnector>, ByteStream>;

/// An HTTP/1.1 client (and HTTP/2 with the `http2` feature) over TLS (rustls with the Mozilla
/// roots from `webpki-roots`) or plain HTTP (for local endpoints such as `http://127.0.0.1:8000`).
///
/// Cloning is cheap and clones share one connection pool. Requests must be made from within a
/// Tokio runtime (with the time and IO drivers enabled).
#[derive(Clone)]
pub struct HyperClient {
    inner: Result<Inner, Arc<str>>,
    connect_timeout: Duration,
}

impl std::fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperClient")
            .field("connect_timeout", &self.connect_timeout)
            .field("tls_error", &self.inner.as_ref().err())
            .finish()
    }
}

impl Default for HyperClient {
    fn default() -> Self {
        Self::new()
    }
}

impl HyperClient {
    /// A client with the default settings (3.1 s connect timeout).
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to customize the client.
    pub fn builder() -> HyperClientBuilder {
        HyperClientBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            #[cfg(feature = "http2")]
            http2_only: false,
        }
    }

    /// The configured connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
}

/// Builder for [`HyperClient`].
#[derive(Debug, Clone)]
pub struct HyperClientBuilder {
    connect_timeout: Duration,
    #[cfg(feature = "http2")]
    http2_only: bool,
}

impl HyperClientBuilder {
    /// Maximum time to establish a TCP connection (default 3.1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Speaks only HTTP/2: over TLS it must be negotiated, and on `http://` endpoints the
    /// client starts HTTP/2 directly (cleartext, "prior knowledge"), as a local server of a
    /// bidirectional event stream may need. Off by default (HTTP/1.1 or HTTP/2 by ALPN).
    /// Needs the `http2` feature.
    #[cfg(feature = "http2")]
    pub fn http2_only(mut self, yes: bool) -> Self {
        self.http2_only = yes;
        self
    }

    /// Builds the client. Does not connect; needs no runtime.
    pub fn build(self) -> HyperClient {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(self.connect_timeout));

        // As rustls asks of libraries: the provider the application installed for the process,
        // if any; otherwise rustls's own default, aws-lc-rs, passed explicitly, so nothing here
        // depends on (or panics over) which provider features other crates turn on. Not ring:
        // rustls 0.23.48 deprecates its ring provider (no post-quantum key exchange).
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        let inner = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map(|b| {
                let https = b.https_or_http().enable_http1();
                // With `http2`, ALPN offers h2 as well as HTTP/1.1.
                #[cfg(feature = "http2")]
                let https = https.enable_http2();
                let https = https.wrap_connector(http);
                let mut builder = Client::builder(TokioExecutor::new());
                #[cfg(feature = "http2")]
                builder.http2_only(self.http2_only);
                builder
                    .pool_idle_timeout(POOL_IDLE_TIMEOUT)
                    .pool_max_idle_per_host(POOL_MAX_IDLE_PER_HOST)
                    .pool_timer(TokioTimer::new())
                    .timer(TokioTimer::new())
                    .build(https)
            })
            .map_err(|e| Arc::<str>::from(format!("TLS configuration failed: {e}")));
        HyperClient {
            inner,
            connect_timeout: self.connect_timeout,
        }
    }
}

impl HttpClient for HyperClient {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        Box::pin(async move {
            let client = match &self.inner {
                Ok(c) => c,
                Err(msg) => return Err(ConnectorError::other(msg.to_string())),
            };
            let response = client.request(request).await.map_err(classify_error)?;
            Ok(response.map(ByteStream::from_body))
        })
    }
}

/// Maps a hyper-util client error to a connector error, looking through its causes for a
/// timeout or an I/O error.
fn classify_error(err: hyper_util::client::legacy::Error) -> ConnectorError {
    let kind = kind_of(&err, err.is_connect());
    ConnectorError::new(kind, err)
}

/// The kind of connector error `err` (or one of its causes) is: a timeout, an I/O error, or
/// something else.
fn kind_of(err: &(dyn StdError + 'static), is_connect: bool) -> super::ConnectorErrorKind {
    use super::ConnectorErrorKind as K;
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    let mut io = is_connect;
    while let Some(e) = cur {
        if let Some(ioe) = e.downcast_ref::<std::io::Error>() {
            if ioe.kind() == std::io::ErrorKind::TimedOut {
                return K::Timeout;
            }
            io = true;
        }
        if let Some(he) = e.downcast_ref::<hyper::Error>() {
            if he.is_timeout() {
                return K::Timeout;
            }
            if he.is_incomplete_message() || he.is_closed() || he.is_canceled() {
                io = true;
            }
        }
        cur = e.source();
    }
    if io {
        K::Io
    } else {
        K::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn serve_once(response: Vec<u8>) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let mut seen = Vec::new();
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = sock.read(&mut buf).await.unwrap();
                if n == 0 {
                    return;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            sock.write_all(&response).await.unwrap();
            sock.shutdown().await.ok();
        });
        addr
    }

    fn get(addr: std::net::SocketAddr) -> HttpRequest {
        http::Request::builder()
            .uri(format!("http://{addr}/x"))
            .body(ByteStream::new())
            .unwrap()
    }

    #[tokio::test]
    async fn body_over_limit_is_an_error() {
        let body = "a".repeat(100);
        let resp = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let addr = serve_once(resp.into_bytes()).await;
        let response = HyperClient::new().call(get(addr)).await.unwrap();
        let err = response.into_body().collect_limited(10).await.unwrap_err();
        assert!(err.is_too_large(), "{err:?}");
        assert!(
            err.to_string().contains("maximum size of 10 bytes"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn truncated_body_is_an_io_error() {
        let resp = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort".to_vec();
        let addr = serve_once(resp).await;
        let response = HyperClient::new().call(get(addr)).await.unwrap();
        let err = response.into_body().collect().await.unwrap_err();
        assert!(!err.is_too_large());
        let source = std::error::Error::source(&err).expect("the hyper error");
        assert_eq!(
            kind_of(source, false),
            crate::http::transport::ConnectorErrorKind::Io,
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn garbage_response_is_an_error_not_a_panic() {
        let addr = serve_once(b"\x00\x01garbage\r\n\r\n".to_vec()).await;
        assert!(HyperClient::new().call(get(addr)).await.is_err());
    }

    #[tokio::test]
    async fn connection_refused_is_io() {
        // Bind then drop to get a port that is (very likely) closed.
        let addr = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let err = HyperClient::new().call(get(addr)).await.unwrap_err();
        assert!(err.is_io(), "{err:?}");
    }

    /// Reads the first TLS record the client sends to a loopback listener (its ClientHello),
    /// then closes the connection.
    async fn client_hello() -> Vec<u8> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut head = [0u8; 5];
            sock.read_exact(&mut head).await.unwrap();
            let len = u16::from_be_bytes([head[3], head[4]]) as usize;
            let mut body = vec![0u8; len];
            sock.read_exact(&mut body).await.unwrap();
            [&head[..], &body].concat()
        });
        let request = http::Request::builder()
            .uri(format!("https://localhost:{}/x", addr.port()))
            .body(ByteStream::new())
            .unwrap();
        // The server hangs up after the ClientHello: the call fails, as a connector error.
        let err = HyperClient::new().call(request).await.unwrap_err();
        assert!(err.is_io(), "{err:?}");
        server.await.unwrap()
    }

    #[tokio::test]
    async fn https_sends_a_tls_client_hello() {
        let hello = client_hello().await;
        // A handshake record (22) holding a ClientHello (1), with SNI.
        assert_eq!(hello[0], 22, "{hello:?}");
        assert_eq!(hello[5], 1, "{hello:?}");
        let has = |needle: &[u8]| hello.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"localhost"), "no SNI");
        // With `http2`, ALPN offers h2 and http/1.1; without it, no ALPN (HTTP/1.1).
        assert_eq!(has(b"\x02h2"), cfg!(feature = "http2"));
        assert_eq!(has(b"\x08http/1.1"), cfg!(feature = "http2"));
    }

    #[test]
    fn builder_settings() {
        let c = HyperClient::builder()
            .connect_timeout(Duration::from_secs(1))
            .build();
        assert_eq!(c.connect_timeout(), Duration::from_secs(1));
        assert!(c.inner.is_ok());
        assert_eq!(
            HyperClient::new().connect_timeout(),
            Duration::from_millis(3100)
        );
    }
}
