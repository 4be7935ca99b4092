//! A fault-injecting HTTP/1.1 server on loopback TCP, for tests (and the soak) that call
//! generated clients over a real socket.
//!
//! The server answers each request with the next [`Fault`] of its script (the fallback once
//! the script is used up): a well-formed response, or a connection reset in the head or the
//! body, a body shorter than its `Content-Length`, a slow drip, a stall, raw bytes. It records
//! every request it read and counts connections (accepted and still open), so a test can check
//! how many attempts a call made and that the client left no socket behind.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// A complete response with `Content-Length`; the connection stays open for more requests.
    /// Header values are raw bytes (so they may be invalid UTF-8) and may repeat.
    Respond {
        status: u16,
        headers: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    },
    /// These bytes as the whole response, then the connection is closed (malformed heads).
    Raw(Vec<u8>),
    /// Part of a response head, then a TCP reset.
    ResetInHead,
    /// The head (`Content-Length: 1000`) and 100 bytes of body, then a TCP reset.
    ResetInBody,
    /// The head (`Content-Length: 1000`) and 100 bytes of body, then a clean close.
    ShortBody,
    /// The head (`Content-Length: 64`), then one byte of body per `interval`.
    Drip { interval: Duration },
    /// The head (`Content-Length: 64`), then nothing until the client closes.
    StallAfterHead,
    /// No answer at all until the client closes.
    Silence,
    /// As a fallback: the faults in turn, request after request (request `n` gets fault
    /// `n % len`), so a long run mixes them in fixed proportions.
    Cycle(Vec<Fault>),
}

impl Fault {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Fault {
        Fault::Respond {
            status,
            headers: vec![("content-type".into(), b"application/json".to_vec())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A JSON error response naming `code` in `X-Amzn-Errortype`.
    pub fn error(status: u16, code: &str) -> Fault {
        Fault::Respond {
            status,
            headers: vec![
                ("content-type".into(), b"application/json".to_vec()),
                ("x-amzn-errortype".into(), code.as_bytes().to_vec()),
            ],
            body: format!(r#"{{"message":"injected {code}"}}"#).into_bytes(),
        }
    }

    /// The same fault with one more header.
    pub fn with_header(self, name: &str, value: &[u8]) -> Fault {
        match self {
            Fault::Respond {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.to_vec()));
                Fault::Respond {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

/// One request the server read.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which connection (in accept order, from 0) carried it.
    pub connection: usize,
}

impl Seen {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
struct State {
    /// Whether requests are kept (a soak only counts them).
    record: bool,
    requests: AtomicUsize,
    script: Mutex<VecDeque<Fault>>,
    fallback: Mutex<Option<Fault>>,
    seen: Mutex<Vec<Seen>>,
    accepted: AtomicUsize,
    served: AtomicUsize,
    open: AtomicUsize,
    peak_open: AtomicUsize,
}

impl State {
    fn next_fault(&self) -> Fault {
        let scripted = self.script.lock().ok().and_then(|mut s| s.pop_front());
        if let Some(fault) = scripted {
            return fault;
        }
        let n = self.served.fetch_add(1, Ordering::SeqCst);
        match self.fallback.lock().ok().and_then(|f| f.clone()) {
            Some(Fault::Cycle(faults)) if !faults.is_empty() => faults[n % faults.len()].clone(),
            Some(Fault::Cycle(_)) | None => Fault::Silence,
            Some(fault) => fault,
        }
    }
}

/// Counts a connection as open while it lives.
struct OpenGuard(Arc<State>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The server. Dropping it stops accepting; [`FaultServer::shutdown`] also waits for the
/// accept task to end.
#[derive(Debug)]
pub struct FaultServer {
    addr: SocketAddr,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

impl FaultServer {
    /// Starts a server on `127.0.0.1` answering with `script`, then with `fallback` for ever.
    pub async fn start(script: Vec<Fault>, fallback: Fault) -> std::io::Result<FaultServer> {
        Self::start_with(script, fallback, true).await
    }

    /// Like [`FaultServer::start`], but only counts requests (for long runs).
    pub async fn start_counting(fallback: Fault) -> std::io::Result<FaultServer> {
        Self::start_with(Vec::new(), fallback, false).await
    }

    async fn start_with(
        script: Vec<Fault>,
        fallback: Fault,
        record: bool,
    ) -> std::io::Result<FaultServer> {
        // A deep accept queue: with the default (1,024) a thousand concurrent connects overflow
        // it, and the kernel then drops handshake ACKs, which can leave the server holding a
        // half-open connection whose client is long gone (counted as a leak that is not one).
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let listener = socket.listen(4096)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            record,
            script: Mutex::new(script.into()),
            fallback: Mutex::new(Some(fallback)),
            ..State::default()
        });
        let accept_state = Arc::clone(&state);
        let accept = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let index = accept_state.accepted.fetch_add(1, Ordering::SeqCst);
                let open = accept_state.open.fetch_add(1, Ordering::SeqCst) + 1;
                accept_state.peak_open.fetch_max(open, Ordering::SeqCst);
                let guard = OpenGuard(Arc::clone(&accept_state));
                tokio::spawn(serve(sock, index, guard));
            }
        });
        Ok(FaultServer {
            addr,
            state,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.state
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// How many requests were read.
    pub fn request_count(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    /// Connections still open.
    pub fn open_connections(&self) -> usize {
        self.state.open.load(Ordering::SeqCst)
    }

    /// The most connections open at once.
    pub fn peak_connections(&self) -> usize {
        self.state.peak_open.load(Ordering::SeqCst)
    }

    /// Replaces the fallback fault.
    pub fn set_fallback(&self, fault: Fault) {
        if let Ok(mut f) = self.state.fallback.lock() {
            *f = Some(fault);
        }
    }

    /// Waits until no connection is open, up to `limit`; the number still open.
    pub async fn wait_all_closed(&self, limit: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + limit;
        while self.open_connections() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.open_connections()
    }

    /// Stops accepting and waits for the accept task to end.
    pub async fn shutdown(mut self) {
        self.accept.abort();
        let _ = (&mut self.accept).await;
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Reads one request (head, then a `Content-Length` body); `None` at EOF or on garbage.
async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(Seen, usize)> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).ok()?.to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let start = head_end + 4;
    while buf.len() < start + length {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[start..start + length].to_vec();
    let consumed = start + length;
    Some((
        Seen {
            method,
            target,
            headers,
            body,
            connection: 0,
        },
        consumed,
    ))
}

/// Waits until the client closes (or 60 s, so that a leaked client cannot hold a test for ever).
async fn until_closed(sock: &mut TcpStream) {
    let mut sink = [0u8; 1024];
    let wait = async {
        loop {
            match sock.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(60), wait).await;
}

fn reset(sock: TcpStream) {
    // SO_LINGER 0: closing sends RST instead of FIN.
    let _ = sock.set_zero_linger();
    drop(sock);
}

const PARTIAL_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: appl";
const LONG_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
const SHORT_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 64\r\n\r\n";

async fn serve(mut sock: TcpStream, connection: usize, guard: OpenGuard) {
    let state = Arc::clone(&guard.0);
    let mut buf = Vec::new();
    loop {
        let Some((mut seen, consumed)) = read_request(&mut sock, &mut buf).await else {
            return;
        };
        buf.drain(..consumed);
        seen.connection = connection;
        if let Ok(mut all) = state.seen.lock() {
            if state.record {
                all.push(seen);
            } else {
                all.clear();
            }
        }
        state.requests.fetch_add(1, Ordering::SeqCst);
        match state.next_fault() {
            Fault::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = format!("HTTP/1.1 {status} Injected\r\n").into_bytes();
                for (name, value) in headers {
                    out.extend_from_slice(name.as_bytes());
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(&value);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
                out.extend_from_slice(&body);
                if sock.write_all(&out).await.is_err() {
                    return;
                }
            }
            Fault::Raw(bytes) => {
                let _ = sock.write_all(&bytes).await;
                let _ = sock.shutdown().await;
                until_closed(&mut sock).await;
                return;
            }
            Fault::ResetInHead => {
                let _ = sock.write_all(PARTIAL_HEAD).await;
                let _ = sock.flush().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                return reset(sock);
            }
            Fault::ResetInBody => {
                let _ = sock.write_all(LONG_HEAD).await;
                let _ = sock.write_all(&[b' '; 100]).await;
                let _ = sock.flush().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                return reset(sock);
            }
            Fault::ShortBody => {
                let _ = sock.write_all(LONG_HEAD).await;
                let _ = sock.write_all(&[b' '; 100]).await;
                let _ = sock.shutdown().await;
                until_closed(&mut sock).await;
                return;
            }
            Fault::Drip { interval } => {
                if sock.write_all(SHORT_HEAD).await.is_err() {
                    return;
                }
                for _ in 0..64 {
                    tokio::time::sleep(interval).await;
                    if sock.write_all(b" ").await.is_err() {
                        return;
                    }
                }
            }
            Fault::StallAfterHead => {
                let _ = sock.write_all(SHORT_HEAD).await;
                until_closed(&mut sock).await;
                return;
            }
            Fault::Silence | Fault::Cycle(_) => {
                until_closed(&mut sock).await;
                return;
            }
        }
    }
}
