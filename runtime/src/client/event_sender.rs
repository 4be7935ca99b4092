//! [`EventStreamSender`]: the events of an operation's streaming input (a `@streaming` union),
//! fed by the caller as a [`Stream`] or through a channel ([`EventStreamSender::channel`]), and
//! sent as the request body one message at a time while the response is read.
//!
//! Each event is framed ([`crate::wire::event_stream`]); when the request was signed, it goes
//! inside an outer message signed by [`MessageSigner`], chained from the request's signature,
//! and a final empty signed message ends the stream. An unsigned request sends the events as
//! they are.
//!
//! Client layer: built on bodies, the framing and the event signer; knows no service.

use crate::auth::event_stream_sign::{EventStreamSigning, MessageSigner};
use crate::http::body::ByteStream;
use crate::wire::event_stream::{DecodeError, Message};
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::SystemTime;

/// An input event-stream union (generated for each `@streaming` union sent by an operation):
/// the message of one event, before signing.
pub trait IntoEventMessage {
    /// The event as a message: `:message-type`, `:event-type`, `:content-type`, its
    /// `@eventHeader` members as headers, and its payload. Fails for the union's `Unknown`
    /// value, which names no event.
    fn into_event_message(self) -> Result<Message, DecodeError>;
}

type Events<T> = Pin<Box<dyn Stream<Item = T> + Send + Sync>>;

/// The events of a streaming input: a one-shot stream of the union's values, sent in order.
/// The stream's end ends the request body.
///
/// Make one from any [`Stream`] with [`from_stream`](Self::from_stream), from a list with
/// `From<Vec<T>>`, or as a channel with [`channel`](Self::channel), whose [`EventSink`] sends
/// events while the response's events are read. `Default` is a stream with no events.
pub struct EventStreamSender<T> {
    events: Events<T>,
}

impl<T> fmt::Debug for EventStreamSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStreamSender").finish_non_exhaustive()
    }
}

impl<T: Send + Sync + 'static> Default for EventStreamSender<T> {
    fn default() -> Self {
        Self::from(Vec::new())
    }
}

impl<T: Send + Sync + 'static> From<Vec<T>> for EventStreamSender<T> {
    fn from(events: Vec<T>) -> Self {
        Self::from_stream(Iter(events.into_iter()))
    }
}

impl<T> EventStreamSender<T> {
    /// The events of `stream`, sent as they come; the stream's end ends the request.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: Stream<Item = T> + Send + Sync + 'static,
    {
        EventStreamSender {
            events: Box::pin(stream),
        }
    }

    /// A channel: events given to the [`EventSink`] (or its clones) are sent in order; the
    /// stream ends when every sink is dropped. `capacity` (at least 1) events wait at most.
    pub fn channel(capacity: usize) -> (EventSink<T>, Self)
    where
        T: Send + 'static,
    {
        let (tx, rx) = tokio::sync::mpsc::channel(capacity.max(1));
        (EventSink { tx }, Self::from_stream(Receiver { rx }))
    }

    /// The request body: the events framed and, once the request is signed (`signing` is
    /// seeded), each signed.
    pub fn into_body(self, signing: EventStreamSigning) -> ByteStream
    where
        T: IntoEventMessage + 'static,
    {
        ByteStream::from_stream(EventBody {
            events: self.events,
            signing,
            signer: None,
            started: false,
            done: false,
        })
    }
}

/// Sends events into an [`EventStreamSender::channel`]. Cloning gives another sender into
/// the same stream; the stream ends when all are dropped (or on [`close`](Self::close)).
pub struct EventSink<T> {
    tx: tokio::sync::mpsc::Sender<T>,
}

impl<T> Clone for EventSink<T> {
    fn clone(&self) -> Self {
        EventSink {
            tx: self.tx.clone(),
        }
    }
}

impl<T> fmt::Debug for EventSink<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSink")
            .field("closed", &self.tx.is_closed())
            .finish()
    }
}

impl<T> EventSink<T> {
    /// Queues `event`, waiting while the channel is full. Fails, giving the event back, when
    /// the request is over (its body was dropped: the call ended or failed).
    pub async fn send(&self, event: T) -> Result<(), EventSinkClosed<T>> {
        self.tx.send(event).await.map_err(|e| EventSinkClosed(e.0))
    }

    /// Ends this sender's part of the stream (the same as dropping it).
    pub fn close(self) {}
}

/// The request of an [`EventSink`] is over; the event that was not sent.
pub struct EventSinkClosed<T>(pub T);

impl<T> fmt::Debug for EventSinkClosed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSinkClosed(..)")
    }
}

impl<T> fmt::Display for EventSinkClosed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the event stream's request is over; the event was not sent")
    }
}

impl<T> std::error::Error for EventSinkClosed<T> {}

struct Iter<I>(I);

// The iterator is never pinned in place.
impl<I> Unpin for Iter<I> {}

impl<I: Iterator> Stream for Iter<I> {
    type Item = I::Item;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.0.next())
    }
}

struct Receiver<T> {
    rx: tokio::sync::mpsc::Receiver<T>,
}

impl<T> Stream for Receiver<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.rx.poll_recv(cx)
    }
}

/// The body: framed (and signed) events, then the signed end of the stream.
struct EventBody<T> {
    events: Events<T>,
    signing: EventStreamSigning,
    signer: Option<MessageSigner>,
    /// Whether the signer was taken (at the first poll, after the request was signed).
    started: bool,
    done: bool,
}

impl<T: IntoEventMessage> Stream for EventBody<T> {
    type Item = Result<Bytes, DecodeError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        if !this.started {
            this.started = true;
            this.signer = this.signing.signer();
        }
        match this.events.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(event)) => {
                let framed = event
                    .into_event_message()
                    .and_then(|m| m.encode())
                    .and_then(|inner| match &mut this.signer {
                        Some(signer) => signer.sign(&inner, SystemTime::now()).encode(),
                        None => Ok(inner),
                    });
                if framed.is_err() {
                    this.done = true;
                }
                Poll::Ready(Some(framed.map(Bytes::from)))
            }
            Poll::Ready(None) => {
                this.done = true;
                match &mut this.signer {
                    Some(signer) => Poll::Ready(Some(
                        signer
                            .sign(&[], SystemTime::now())
                            .encode()
                            .map(Bytes::from),
                    )),
                    None => Poll::Ready(None),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::credentials::Credentials;
    use crate::wire::event_stream::{event_message, HeaderValue, MessageDecoder};

    #[derive(Debug, PartialEq)]
    struct Text(&'static str);

    impl IntoEventMessage for Text {
        fn into_event_message(self) -> Result<Message, DecodeError> {
            match self.0 {
                "" => Err(crate::wire::event_stream::unknown_event()),
                text => Ok(event_message(
                    "text",
                    Some("text/plain"),
                    text.as_bytes().to_vec(),
                )),
            }
        }
    }

    async fn messages(body: ByteStream) -> Vec<Message> {
        let bytes = body.collect().await.expect("body");
        let mut decoder = MessageDecoder::new();
        decoder.push(&bytes);
        let mut out = Vec::new();
        while let Some(m) = decoder.next_message().expect("valid framing") {
            out.push(m);
        }
        assert!(!decoder.has_partial_message());
        out
    }

    #[tokio::test]
    async fn unsigned_events_are_sent_as_they_are() {
        let sender = EventStreamSender::from(vec![Text("a"), Text("b")]);
        let out = messages(sender.into_body(EventStreamSigning::new())).await;
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].string_header(":event-type"), Some("text"));
        assert_eq!(out[0].string_header(":message-type"), Some("event"));
        assert_eq!(out[0].string_header(":content-type"), Some("text/plain"));
        assert_eq!(out[1].payload().as_ref(), b"b");
    }

    #[tokio::test]
    async fn signed_events_are_wrapped_chained_and_ended() {
        let signing = EventStreamSigning::new();
        let creds = Credentials::new("AKID", "SECRET", None, None, "test");
        signing.seed(MessageSigner::new(creds, "us-east-1", "svc", "seed"));
        let (sink, sender) = EventStreamSender::channel(4);
        let body = sender.into_body(signing);
        let feed = tokio::spawn(async move {
            sink.send(Text("one")).await.unwrap();
            sink.send(Text("two")).await.unwrap();
        });
        let out = messages(body).await;
        feed.await.unwrap();
        assert_eq!(out.len(), 3, "two events and the end");
        let mut decoder = MessageDecoder::new();
        decoder.push(out[0].payload());
        let inner = decoder.next_message().unwrap().expect("an inner message");
        assert_eq!(inner.payload().as_ref(), b"one");
        assert!(out[2].payload().is_empty());
        let sigs: Vec<_> = out
            .iter()
            .map(|m| match m.header(":chunk-signature") {
                Some(HeaderValue::ByteArray(b)) => b.clone(),
                other => panic!("no signature: {other:?}"),
            })
            .collect();
        assert_ne!(sigs[0], sigs[1]);
        assert_ne!(sigs[1], sigs[2]);
    }

    #[tokio::test]
    async fn an_event_that_cannot_be_framed_ends_the_body_with_an_error() {
        let sender = EventStreamSender::from(vec![Text("a"), Text(""), Text("b")]);
        let err = sender
            .into_body(EventStreamSigning::new())
            .collect()
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("Unknown"), "{err:?}");
    }

    #[tokio::test]
    async fn a_closed_channel_gives_the_event_back() {
        let (sink, sender) = EventStreamSender::<Text>::channel(1);
        drop(sender);
        let err = sink.send(Text("lost")).await.unwrap_err();
        assert_eq!(err.0, Text("lost"));
    }
}
