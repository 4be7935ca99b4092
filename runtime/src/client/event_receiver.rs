//! [`EventReceiver`]: the events of an operation's streaming output (a `@streaming` union),
//! decoded from the response body one message at a time. Modeled exceptions end the stream as
//! [`EventStreamError::Modeled`], unmodeled ones and `error` messages as
//! [`EventStreamError::Unhandled`].
//!
//! Built on the wire layer's framing ([`crate::wire::event_stream`]) and the body type
//! ([`ByteStream`]); it must not know any service or protocol detail beyond the framing's
//! `:message-type` headers.

use crate::client::error::{ErrorMetadata, Unhandled};
use crate::http::body::ByteStream;
use crate::wire::error::DeserializeError;
use crate::wire::event_stream::{payload_message, Message, MessageDecoder};
use std::fmt;
use std::marker::PhantomData;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An event-stream union (generated for each `@streaming` union): builds the member named by
/// an event's or exception's type from the message.
pub trait EventUnion: Sized {
    /// The member `kind` read from `message`; `None` when the union has no such member.
    fn from_message(kind: &str, message: &Message) -> Result<Option<Self>, DeserializeError>;

    /// The value for an event this version of the model does not know.
    fn unknown() -> Self;
}

/// What can go wrong while receiving events.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventStreamError<T> {
    /// The service sent an exception the model describes; the value is the union member (one
    /// of the union's error structures). The stream ends with it.
    Modeled(T),
    /// The service sent an error or an exception the model does not describe (code and
    /// message kept). The stream ends with it.
    Unhandled(Unhandled),
    /// The stream broke off, or a message was malformed or did not parse.
    Stream(BoxError),
}

impl<T: fmt::Debug> fmt::Display for EventStreamError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Modeled(v) => write!(f, "the event stream reported an error: {v:?}"),
            EventStreamError::Unhandled(u) => write!(f, "the event stream reported an error: {u}"),
            EventStreamError::Stream(e) => write!(f, "event stream failure: {e}"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for EventStreamError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventStreamError::Stream(e) => Some(e.as_ref()),
            EventStreamError::Unhandled(u) => Some(u),
            EventStreamError::Modeled(_) => None,
        }
    }
}

/// The events of a streaming output, received one at a time with [`recv`](Self::recv).
///
/// `Default` is a stream with no events.
pub struct EventReceiver<T> {
    body: ByteStream,
    decoder: MessageDecoder,
    done: bool,
    _events: PhantomData<fn() -> T>,
}

impl<T> Default for EventReceiver<T> {
    fn default() -> Self {
        Self::new(ByteStream::new())
    }
}

impl<T> fmt::Debug for EventReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver")
            .field("body", &self.body)
            .field("done", &self.done)
            .finish()
    }
}

impl<T> EventReceiver<T> {
    /// Events read from `body`.
    pub fn new(body: ByteStream) -> Self {
        EventReceiver {
            body,
            decoder: MessageDecoder::new(),
            done: false,
            _events: PhantomData,
        }
    }
}

impl<T: EventUnion> EventReceiver<T> {
    /// The next event; `Ok(None)` once the stream has ended. An event type the model does not
    /// know gives the union's `Unknown` value. After an error, the stream is over.
    pub async fn recv(&mut self) -> Result<Option<T>, EventStreamError<T>> {
        if self.done {
            return Ok(None);
        }
        let result = self.next_event().await;
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    async fn next_event(&mut self) -> Result<Option<T>, EventStreamError<T>> {
        loop {
            let message = match self.decoder.next_message() {
                Ok(Some(message)) => message,
                Ok(None) => match self.body.next().await {
                    Some(Ok(chunk)) => {
                        self.decoder.push(&chunk);
                        continue;
                    }
                    Some(Err(e)) => return Err(EventStreamError::Stream(e.into())),
                    None if self.decoder.has_partial_message() => {
                        return Err(EventStreamError::Stream(
                            "the event stream ended in the middle of a message".into(),
                        ))
                    }
                    None => return Ok(None),
                },
                Err(e) => return Err(EventStreamError::Stream(e.into())),
            };
            let parsed = |kind: &str| {
                T::from_message(kind, &message).map_err(|e| EventStreamError::Stream(e.into()))
            };
            match message.string_header(":message-type") {
                Some("event") | None => {
                    let kind = message.string_header(":event-type").unwrap_or_default();
                    // The RPC protocols open with the output's other members; this runtime
                    // generates no operation that has any.
                    if kind == "initial-response" {
                        continue;
                    }
                    return Ok(Some(parsed(kind)?.unwrap_or_else(T::unknown)));
                }
                Some("exception") => {
                    let kind = message.string_header(":exception-type").unwrap_or_default();
                    return match parsed(kind)? {
                        Some(value) => Err(EventStreamError::Modeled(value)),
                        None => {
                            let mut meta = ErrorMetadata::new(200);
                            meta.set_code(Some(kind.to_string()));
                            meta.set_message(payload_message(message.payload()));
                            Err(EventStreamError::Unhandled(Unhandled::new(meta)))
                        }
                    };
                }
                Some(other) => {
                    let mut meta = ErrorMetadata::new(200);
                    let code = message.string_header(":error-code").unwrap_or(other);
                    meta.set_code(Some(code.to_string()));
                    meta.set_message(message.string_header(":error-message").map(String::from));
                    return Err(EventStreamError::Unhandled(Unhandled::new(meta)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::body::tests::IterStream;
    use crate::wire::event_stream::{payload_string, HeaderValue};
    use bytes::Bytes;

    #[derive(Debug, PartialEq)]
    enum Ev {
        Chunk(String),
        Boom(String),
        Unknown,
    }

    impl EventUnion for Ev {
        fn from_message(kind: &str, m: &Message) -> Result<Option<Self>, DeserializeError> {
            Ok(match kind {
                "Chunk" => Some(Ev::Chunk(payload_string(m)?)),
                "Boom" => Some(Ev::Boom(payload_string(m)?)),
                _ => None,
            })
        }
        fn unknown() -> Self {
            Ev::Unknown
        }
    }

    fn event(kind: &str, payload: &'static str) -> Vec<u8> {
        Message::new(payload.as_bytes())
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String(kind.into()))
            .encode()
            .unwrap()
    }

    fn receiver(frames: Vec<Vec<u8>>) -> EventReceiver<Ev> {
        // One byte per chunk: the receiver must reassemble.
        let chunks: Vec<Result<Bytes, std::io::Error>> = frames
            .concat()
            .into_iter()
            .map(|b| Ok(Bytes::from(vec![b])))
            .collect();
        EventReceiver::new(ByteStream::from_stream(IterStream(chunks.into_iter())))
    }

    #[tokio::test]
    async fn events_in_order_skipping_the_initial_response() {
        let mut rx = receiver(vec![
            event("initial-response", "{}"),
            event("Chunk", "one"),
            event("SomethingNew", "?"),
            event("Chunk", "two"),
        ]);
        assert_eq!(rx.recv().await.unwrap(), Some(Ev::Chunk("one".into())));
        assert_eq!(rx.recv().await.unwrap(), Some(Ev::Unknown));
        assert_eq!(rx.recv().await.unwrap(), Some(Ev::Chunk("two".into())));
        assert_eq!(rx.recv().await.unwrap(), None);
        assert_eq!(rx.recv().await.unwrap(), None);
    }

    #[tokio::test]
    async fn exceptions_and_errors_end_the_stream() {
        let exception = |kind: &str, payload: &'static str| {
            Message::new(payload.as_bytes())
                .with_header(":message-type", HeaderValue::String("exception".into()))
                .with_header(":exception-type", HeaderValue::String(kind.into()))
                .encode()
                .unwrap()
        };
        let mut rx = receiver(vec![
            event("Chunk", "a"),
            exception("Boom", "bad"),
            event("Chunk", "b"),
        ]);
        assert_eq!(rx.recv().await.unwrap(), Some(Ev::Chunk("a".into())));
        match rx.recv().await {
            Err(EventStreamError::Modeled(Ev::Boom(m))) => assert_eq!(m, "bad"),
            other => panic!("{other:?}"),
        }
        assert_eq!(rx.recv().await.unwrap(), None, "nothing after an error");

        let mut rx = receiver(vec![exception("Unmodeled", r#"{"message":"why"}"#)]);
        match rx.recv().await {
            Err(EventStreamError::Unhandled(u)) => {
                assert_eq!(u.code(), Some("Unmodeled"));
                assert_eq!(u.message(), Some("why"));
            }
            other => panic!("{other:?}"),
        }

        let error = Message::new(Bytes::new())
            .with_header(":message-type", HeaderValue::String("error".into()))
            .with_header(":error-code", HeaderValue::String("InternalFailure".into()))
            .with_header(":error-message", HeaderValue::String("try later".into()))
            .encode()
            .unwrap();
        let mut rx = receiver(vec![error]);
        match rx.recv().await {
            Err(EventStreamError::Unhandled(u)) => {
                assert_eq!(u.code(), Some("InternalFailure"));
                assert_eq!(u.message(), Some("try later"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_stream_cut_mid_message_is_an_error() {
        let mut frame = event("Chunk", "whole");
        frame.truncate(frame.len() - 3);
        let mut rx = receiver(vec![frame]);
        let err = rx.recv().await.unwrap_err();
        assert!(err.to_string().contains("middle of a message"), "{err}");
        assert_eq!(rx.recv().await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_payload_that_does_not_parse_is_a_stream_error() {
        let bad_utf8 = Message::new(&[0xffu8, 0xfe][..])
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("Chunk".into()))
            .encode()
            .unwrap();
        let mut rx = receiver(vec![bad_utf8]);
        assert!(matches!(rx.recv().await, Err(EventStreamError::Stream(_))));
    }
}
