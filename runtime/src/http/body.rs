//! [`ByteStream`]: the body of HTTP requests and responses, and the type of `@streaming` blob
//! members. Knows [`Blob`](crate::primitives::Blob) and nothing of transports, clients or
//! generated code.
//!
//! A byte stream is one of three things:
//!
//! * bytes in memory ([`From<Bytes>`](ByteStream#impl-From<Bytes>-for-ByteStream), `Vec<u8>`,
//!   `String`, ...): length known, can be signed and re-sent on retry;
//! * a file ([`ByteStream::from_path`]): length known, read in chunks, re-opened for a retry;
//! * any [`http_body::Body`] or [`Stream`] of byte chunks ([`ByteStream::from_body`],
//!   [`ByteStream::from_stream`]): read once, so a request with such a body is sent once, never
//!   retried. Responses of operations with a streaming output are of this kind.
//!
//! Request bodies that are not in memory are signed with `UNSIGNED-PAYLOAD` (the SigV4 option
//! for payloads that cannot be hashed before they are sent).

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use http_body::{Body, Frame, SizeHint};
use http_body_util::combinators::BoxBody;
use http_body_util::BodyExt;
use std::fmt;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Size of the chunks a file is read in.
const FILE_CHUNK: usize = 64 * 1024;

/// A body of bytes: in memory, a file, or a one-shot stream. See the [module docs](self).
///
/// `Default` is the empty body.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// In memory; `None` once read.
    Bytes(Option<Bytes>),
    /// A file region, opened when first polled.
    File(FileBody),
    /// Anything else; read once.
    Dyn(BoxBody<Bytes, BoxError>),
}

struct FileBody {
    path: Arc<Path>,
    len: u64,
    /// Bytes left to read; the file is read up to the length it had when the stream was made.
    remaining: u64,
    file: Option<tokio::fs::File>,
    buf: BytesMut,
}

impl ByteStream {
    /// An empty body.
    pub fn new() -> Self {
        Self::from(Bytes::new())
    }

    /// A body that reads the file at `path`, in chunks, up to the length the file has now.
    ///
    /// The file is re-opened for each attempt, so requests with a file body are retried like
    /// in-memory ones.
    pub async fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path: Arc<Path> = Arc::from(path.as_ref());
        let meta = tokio::fs::metadata(&path).await?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not a regular file", path.display()),
            ));
        }
        Ok(Self::file(path, meta.len()))
    }

    fn file(path: Arc<Path>, len: u64) -> Self {
        ByteStream {
            inner: Inner::File(FileBody {
                path,
                len,
                remaining: len,
                file: None,
                buf: BytesMut::new(),
            }),
        }
    }

    /// A body read from any [`http_body::Body`] (a hyper response body, say). It can be read once.
    pub fn from_body<B>(body: B) -> Self
    where
        B: Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        ByteStream {
            inner: Inner::Dyn(body.map_err(Into::into).boxed()),
        }
    }

    /// A body read from a [`Stream`] of byte chunks. It can be read once, and its length is
    /// unknown (an HTTP/1.1 request with it is sent with chunked transfer encoding).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + Sync + 'static,
        E: Into<BoxError> + 'static,
    {
        Self::from_body(StreamBody { stream })
    }

    /// The exact length, when it is known (in memory, a file, or a body that says so).
    pub fn content_length(&self) -> Option<u64> {
        Body::size_hint(self).exact()
    }

    /// The bytes, when the body is in memory and not yet read.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(Some(b)) => Some(b),
            Inner::Bytes(None) => Some(&[]),
            _ => None,
        }
    }

    /// A copy that reads the same bytes from the start, when the body can be replayed (bytes
    /// in memory, a file); `None` for one-shot streams.
    pub fn try_clone(&self) -> Option<ByteStream> {
        match &self.inner {
            Inner::Bytes(b) => Some(ByteStream {
                inner: Inner::Bytes(b.clone()),
            }),
            Inner::File(f) => Some(Self::file(f.path.clone(), f.len)),
            Inner::Dyn(_) => None,
        }
    }

    /// The next chunk of data; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_data(cx)).await
    }

    /// Reads the whole body into memory.
    pub async fn collect(self) -> Result<Bytes, ByteStreamError> {
        self.collect_limited(usize::MAX).await
    }

    /// Reads the whole body into memory, failing once it grows beyond `limit` bytes.
    pub async fn collect_limited(mut self, limit: usize) -> Result<Bytes, ByteStreamError> {
        if let Inner::Bytes(b) = &mut self.inner {
            let b = b.take().unwrap_or_default();
            return if b.len() > limit {
                Err(ByteStreamError::too_large(limit))
            } else {
                Ok(b)
            };
        }
        let mut first: Option<Bytes> = None;
        let mut rest = BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            let have = first.as_ref().map_or(0, Bytes::len) + rest.len();
            if have.saturating_add(chunk.len()) > limit {
                return Err(ByteStreamError::too_large(limit));
            }
            match &first {
                None => first = Some(chunk),
                Some(_) => rest.extend_from_slice(&chunk),
            }
        }
        // One chunk (the usual case for small bodies) is returned without copying.
        Ok(match first {
            None => Bytes::new(),
            Some(first) if rest.is_empty() => first,
            Some(first) => {
                let mut all = BytesMut::with_capacity(first.len() + rest.len());
                all.extend_from_slice(&first);
                all.extend_from_slice(&rest);
                all.freeze()
            }
        })
    }

    fn poll_next_data(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, ByteStreamError>>> {
        let this = self.get_mut();
        loop {
            return match ready!(Pin::new(&mut *this).poll_frame(cx)) {
                None => Poll::Ready(None),
                Some(Err(e)) => Poll::Ready(Some(Err(ByteStreamError::read(e)))),
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    // Trailers carry no data.
                    Err(_) => continue,
                },
            };
        }
    }
}

impl FileBody {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BoxError>>> {
        use tokio::io::AsyncRead;
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        if self.file.is_none() {
            // Opening a regular file does not block for long; doing it here keeps the body
            // free of a boxed future.
            match std::fs::File::open(&self.path) {
                Ok(f) => self.file = Some(tokio::fs::File::from_std(f)),
                Err(e) => return Poll::Ready(Some(Err(self.io_error(e).into()))),
            }
        }
        let Some(file) = self.file.as_mut() else {
            return Poll::Ready(None);
        };
        let want = usize::try_from(self.remaining)
            .unwrap_or(usize::MAX)
            .min(FILE_CHUNK);
        self.buf.resize(want, 0);
        let mut read_buf = tokio::io::ReadBuf::new(&mut self.buf[..want]);
        match Pin::new(file).poll_read(cx, &mut read_buf) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(self.io_error(e).into()))),
            Poll::Ready(Ok(())) => {
                let n = read_buf.filled().len();
                if n == 0 {
                    let e = io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "the file is {} bytes shorter than when the stream was made",
                            self.remaining
                        ),
                    );
                    return Poll::Ready(Some(Err(self.io_error(e).into())));
                }
                self.remaining -= n as u64;
                let chunk = self.buf.split_to(n).freeze();
                Poll::Ready(Some(Ok(chunk)))
            }
        }
    }

    fn io_error(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("reading `{}`: {e}", self.path.display()))
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(b) => write!(
                f,
                "ByteStream({} bytes in memory)",
                b.as_ref().map_or(0, Bytes::len)
            ),
            Inner::File(file) => write!(
                f,
                "ByteStream(file `{}`, {} bytes)",
                file.path.display(),
                file.len
            ),
            Inner::Dyn(_) => f.write_str("ByteStream(stream)"),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream {
            inner: Inner::Bytes(Some(bytes)),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<crate::primitives::Blob> for ByteStream {
    fn from(blob: crate::primitives::Blob) -> Self {
        Self::from(blob.into_inner())
    }
}

impl Body for ByteStream {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.get_mut().inner {
            Inner::Bytes(b) => Poll::Ready(
                b.take()
                    .filter(|b| !b.is_empty())
                    .map(|b| Ok(Frame::data(b))),
            ),
            Inner::File(f) => f.poll_chunk(cx).map(|c| c.map(|c| c.map(Frame::data))),
            Inner::Dyn(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Bytes(b) => b.as_ref().is_none_or(Bytes::is_empty),
            Inner::File(f) => f.remaining == 0,
            Inner::Dyn(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Bytes(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Inner::File(f) => SizeHint::with_exact(f.remaining),
            Inner::Dyn(body) => body.size_hint(),
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_next_data(cx)
    }
}

pin_project_lite::pin_project! {
    /// Adapts a [`Stream`] of chunks to [`Body`].
    struct StreamBody<S> {
        #[pin]
        stream: S,
    }
}

impl<S, E> Body for StreamBody<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.project()
            .stream
            .poll_next(cx)
            .map(|c| c.map(|c| c.map(Frame::data).map_err(Into::into)))
    }
}

/// A byte stream could not be read (an I/O error, a broken connection, a body over a limit).
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ByteStreamErrorKind,
}

#[derive(Debug)]
enum ByteStreamErrorKind {
    Read(BoxError),
    TooLarge(usize),
}

impl ByteStreamError {
    fn read(source: BoxError) -> Self {
        ByteStreamError {
            kind: ByteStreamErrorKind::Read(source),
        }
    }

    fn too_large(limit: usize) -> Self {
        ByteStreamError {
            kind: ByteStreamErrorKind::TooLarge(limit),
        }
    }

    /// Whether the body was larger than the limit it was collected with.
    pub fn is_too_large(&self) -> bool {
        matches!(self.kind, ByteStreamErrorKind::TooLarge(_))
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ByteStreamErrorKind::Read(e) => write!(f, "failed to read the body: {e}"),
            ByteStreamErrorKind::TooLarge(limit) => {
                write!(f, "the body exceeds the maximum size of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ByteStreamErrorKind::Read(e) => Some(e.as_ref()),
            ByteStreamErrorKind::TooLarge(_) => None,
        }
    }
}

impl From<ByteStreamError> for io::Error {
    fn from(e: ByteStreamError) -> Self {
        io::Error::other(e)
    }
}

// Output structures holding a byte stream stay `Send + Sync`.
const _: fn() = || {
    fn check<T: Send + Sync>() {}
    check::<ByteStream>();
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `Stream` over an iterator, for tests.
    pub(crate) struct IterStream<I>(pub I);

    impl<I: Iterator + Unpin> futures_core::Stream for IterStream<I> {
        type Item = I::Item;
        fn poll_next(
            mut self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<I::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }

    fn chunks(parts: &[&'static str]) -> ByteStream {
        let items: Vec<Result<Bytes, io::Error>> = parts
            .iter()
            .map(|p| Ok(Bytes::from_static(p.as_bytes())))
            .collect();
        ByteStream::from_stream(IterStream(items.into_iter()))
    }

    #[tokio::test]
    async fn in_memory_bodies_replay_and_know_their_length() {
        let body = ByteStream::from("hello");
        assert_eq!(body.content_length(), Some(5));
        assert_eq!(body.bytes(), Some(&b"hello"[..]));
        let copy = body.try_clone().expect("replayable");
        assert_eq!(body.collect().await.unwrap(), "hello");
        assert_eq!(copy.collect().await.unwrap(), "hello");
        assert_eq!(
            format!("{:?}", ByteStream::from("abc")),
            "ByteStream(3 bytes in memory)"
        );
        assert_eq!(ByteStream::default().content_length(), Some(0));
        assert!(ByteStream::default().is_end_stream());
    }

    #[tokio::test]
    async fn streams_are_read_once_in_order() {
        let mut body = chunks(&["ab", "", "cd"]);
        assert!(body.try_clone().is_none());
        assert_eq!(body.content_length(), None);
        assert_eq!(body.bytes(), None);
        // Empty chunks are skipped.
        assert_eq!(body.next().await.unwrap().unwrap(), "ab");
        assert_eq!(body.next().await.unwrap().unwrap(), "cd");
        assert!(body.next().await.is_none());
        assert_eq!(
            chunks(&["ab", "cd", "ef"]).collect().await.unwrap(),
            "abcdef"
        );
    }

    #[tokio::test]
    async fn read_errors_surface_with_their_source() {
        let items = vec![
            Ok(Bytes::from_static(b"ok")),
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "reset by peer",
            )),
        ];
        let err = ByteStream::from_stream(IterStream(items.into_iter()))
            .collect()
            .await
            .unwrap_err();
        assert!(!err.is_too_large());
        assert!(err.to_string().contains("reset by peer"), "{err}");
        let source = std::error::Error::source(&err).expect("source");
        assert!(source.downcast_ref::<io::Error>().is_some());
    }

    #[tokio::test]
    async fn limits_apply_to_every_kind() {
        let err = ByteStream::from("12345")
            .collect_limited(4)
            .await
            .unwrap_err();
        assert!(err.is_too_large(), "{err}");
        assert_eq!(
            ByteStream::from("1234").collect_limited(4).await.unwrap(),
            "1234"
        );
        let err = chunks(&["12", "34", "5"])
            .collect_limited(4)
            .await
            .unwrap_err();
        assert!(err.is_too_large());
        assert_eq!(
            chunks(&["12", "34"]).collect_limited(4).await.unwrap(),
            "1234"
        );
    }

    fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("smelt-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[tokio::test]
    async fn files_stream_in_chunks_and_replay() {
        // Three and a bit chunks, with a pattern so misordered chunks would show.
        let contents: Vec<u8> = (0..FILE_CHUNK * 3 + 17).map(|i| (i % 251) as u8).collect();
        let path = temp_file("replay.bin", &contents);
        let mut body = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(body.content_length(), Some(contents.len() as u64));
        assert_eq!(body.bytes(), None, "a file is not in memory");
        let copy = body.try_clone().expect("files replay");
        let first = body.next().await.unwrap().unwrap();
        assert_eq!(first.len(), FILE_CHUNK);
        let mut all = first.to_vec();
        while let Some(chunk) = body.next().await {
            all.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(all, contents);
        assert_eq!(copy.collect().await.unwrap(), contents);
        assert!(format!(
            "{copy_debug:?}",
            copy_debug = ByteStream::from_path(&path).await.unwrap()
        )
        .contains("replay.bin"));
    }

    #[tokio::test]
    async fn a_file_that_shrinks_is_an_error_not_a_short_body() {
        let path = temp_file("shrinks.bin", &[7u8; 100]);
        let body = ByteStream::from_path(&path).await.unwrap();
        std::fs::write(&path, [7u8; 10]).unwrap();
        let err = body.collect().await.unwrap_err();
        assert!(err.to_string().contains("shorter"), "{err}");
        assert!(err.to_string().contains("shrinks.bin"), "{err}");
    }

    #[tokio::test]
    async fn a_file_that_grows_is_read_to_its_first_length() {
        let path = temp_file("grows.bin", b"12345");
        let body = ByteStream::from_path(&path).await.unwrap();
        std::fs::write(&path, b"1234567890").unwrap();
        assert_eq!(body.collect().await.unwrap(), "12345");
    }

    #[tokio::test]
    async fn missing_files_and_directories_are_errors() {
        let dir = std::env::temp_dir();
        let err = ByteStream::from_path(&dir).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        let err = ByteStream::from_path(dir.join("smelt-no-such-file"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
