//! An in-memory [`HttpClient`] for tests.
//!
//! HTTP layer: replays canned responses and records requests; it must not know operations or
//! protocols.

use super::{clone_response, BoxFuture, ConnectorError, HttpClient};
use super::{BufferedRequest, ByteStream, HttpRequest, HttpResponse, StreamingResponse};
use bytes::Bytes;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

/// An in-memory HTTP client that replays canned responses and records every request.
///
/// Clones share state: keep a clone to inspect the recorded requests after handing the client to
/// a `Config`. Once the canned responses run out, calls fail with a [`ConnectorError`] (unless
/// the client was made with [`TestClient::always`], which replays one response forever).
///
/// ```
/// use smelt_runtime::http::{ByteStream, HttpClient, TestClient};
///
/// let client = TestClient::new()
///     .with_response(200, &[("content-type", "application/json")], r#"{"ok":true}"#)
///     .with_response(503, &[], "");
///
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let request = http::Request::builder()
///         .uri("https://example.com/things")
///         .body(ByteStream::from("hello"))
///         .unwrap();
///     let response = client.call(request).await.unwrap();
///     assert_eq!(response.status(), 200);
///     assert_eq!(response.into_body().collect().await.unwrap(), r#"{"ok":true}"#);
///
///     let request = http::Request::new(ByteStream::new());
///     assert_eq!(client.call(request).await.unwrap().status(), 503);
///
///     // Out of canned responses: a connector error.
///     assert!(client.call(http::Request::new(ByteStream::new())).await.is_err());
/// });
/// assert_eq!(client.requests().len(), 3);
/// assert_eq!(client.requests()[0].body(), "hello");
/// assert_eq!(client.requests()[0].uri(), "https://example.com/things");
/// ```
#[derive(Debug, Clone, Default)]
pub struct TestClient {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Canned>,
    always: Option<HttpResponse>,
    requests: Vec<BufferedRequest>,
}

#[derive(Debug)]
enum Canned {
    Response(HttpResponse),
    Error(ConnectorError),
}

impl TestClient {
    /// A client with no canned responses (every call fails until responses are added).
    pub fn new() -> Self {
        Self::default()
    }

    /// A client that answers every request with the same response, forever.
    pub fn always(status: u16, body: impl Into<Bytes>) -> Self {
        let client = Self::new();
        client.lock().always = Some(make_response(status, &[], body.into()));
        client
    }

    /// Queues a response (builder style).
    ///
    /// # Panics
    /// If `status` is not a valid HTTP status or a header name/value is invalid: these are
    /// programmer-supplied test fixtures.
    pub fn with_response(
        self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Self {
        self.push_response(make_response(status, headers, body.into()));
        self
    }

    /// Queues a ready-made response (builder style).
    pub fn with_http_response(self, response: HttpResponse) -> Self {
        self.push_response(response);
        self
    }

    /// Queues a connector error, returned instead of a response (builder style).
    pub fn with_error(self, error: ConnectorError) -> Self {
        self.lock().queue.push_back(Canned::Error(error));
        self
    }

    /// Queues a response on a shared client.
    pub fn push_response(&self, response: HttpResponse) {
        self.lock().queue.push_back(Canned::Response(response));
    }

    /// Copies of every request received so far, in order, their bodies read into memory.
    pub fn requests(&self) -> Vec<BufferedRequest> {
        self.lock().requests.iter().map(clone_buffered).collect()
    }

    /// Number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.lock().requests.len()
    }

    /// Number of canned responses not yet consumed.
    pub fn remaining(&self) -> usize {
        self.lock().queue.len()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state inconsistent: recover.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn make_response(status: u16, headers: &[(&str, &str)], body: Bytes) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body)
        .expect("TestClient: invalid canned response (status or header)")
}

fn clone_buffered(request: &BufferedRequest) -> BufferedRequest {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    out
}

impl HttpClient for TestClient {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        Box::pin(async move {
            // The body is read like a real client would send it (a stream is drained).
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(ConnectorError::io)?;
            let mut state = self.lock();
            state.requests.push(http::Request::from_parts(parts, body));
            let response = match state.queue.pop_front() {
                Some(Canned::Response(r)) => r,
                Some(Canned::Error(e)) => return Err(e),
                None => match &state.always {
                    Some(r) => clone_response(r),
                    None => {
                        return Err(ConnectorError::other(format!(
                            "TestClient: no canned response left for request #{}",
                            state.requests.len()
                        )))
                    }
                },
            };
            Ok(response.map(ByteStream::from))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str) -> HttpRequest {
        http::Request::builder()
            .uri(format!("http://localhost{path}"))
            .body(ByteStream::new())
            .unwrap()
    }

    #[tokio::test]
    async fn replays_in_order_then_fails() {
        let c = TestClient::new()
            .with_response(201, &[("x-a", "b")], "one")
            .with_error(ConnectorError::io("reset"))
            .with_response(500, &[], "three");
        let shared = c.clone();
        let r = c.call(req("/1")).await.unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["x-a"], "b");
        assert_eq!(r.body().bytes(), Some(&b"one"[..]));
        assert!(c.call(req("/2")).await.unwrap_err().is_io());
        assert_eq!(c.call(req("/3")).await.unwrap().status(), 500);
        let err = c.call(req("/4")).await.unwrap_err();
        assert!(err
            .to_string()
            .contains("no canned response left for request #4"));
        let paths: Vec<String> = shared
            .requests()
            .iter()
            .map(|r| r.uri().path().to_string())
            .collect();
        assert_eq!(paths, ["/1", "/2", "/3", "/4"]);
        assert_eq!(shared.remaining(), 0);
    }

    #[tokio::test]
    async fn always_replays_forever() {
        let c = TestClient::always(204, "");
        for _ in 0..5 {
            assert_eq!(c.call(req("/")).await.unwrap().status(), 204);
        }
        assert_eq!(c.request_count(), 5);
    }
}
