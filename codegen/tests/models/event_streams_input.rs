//! Behaviour of a generated restJson1 client whose input is an event stream (run by
//! `tests/compile.rs` inside the crate generated from `event_streams_input.json`).
//!
//! The loopback tests run a small HTTP/1.1 server on 127.0.0.1 that answers as soon as it has
//! the request head, then reads the chunked request body message by message, checks every
//! message's chained signature with its own SigV4 code (HMAC-SHA256 from the `hmac` and `sha2`
//! crates, not the runtime's signer), and answers each event with a transcript event while
//! the request is still open.

use dictationservice::primitives::{Blob, DateTime};
use dictationservice::types::{
    AudioChunk, AudioEvents, ConfigEvent, LanguageCode, Marker, Note, Settings, SettingsEvent,
    TranscriptEvents,
};
use dictationservice::{Client, Config};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::eventstream::{EventStreamSender, HeaderValue, Message, MessageDecoder};
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use smelt_runtime::types::TimestampFormat;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn config(http: Option<&TestClient>, endpoint: &str) -> Config {
    let mut builder = Config::builder()
        .region("us-west-2")
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", SECRET, None, None, "test"))
        .retry_config(RetryConfig::disabled());
    if let Some(http) = http {
        builder = builder.http_client(http.clone());
    }
    builder.build_with_env(&|_| None)
}

fn decode_all(bytes: &[u8]) -> Vec<Message> {
    let mut decoder = MessageDecoder::new();
    decoder.push(bytes);
    let mut out = Vec::new();
    while let Some(m) = decoder.next_message().expect("valid framing") {
        out.push(m);
    }
    assert!(!decoder.has_partial_message(), "a truncated message");
    out
}

/// The inner event of a signed outer message.
fn inner(outer: &Message) -> Message {
    let mut messages = decode_all(outer.payload());
    assert_eq!(messages.len(), 1, "one event per signed message");
    messages.remove(0)
}

#[tokio::test]
async fn every_member_kind_is_framed_as_the_event_stream_spec_says() {
    let http = TestClient::new().with_response(200, &[], Vec::new());
    let at = DateTime::from_secs(1_700_000_000);
    let events = vec![
        AudioEvents::Config(
            ConfigEvent::builder()
                .channel(2)
                .language(LanguageCode::Fr)
                .sample_rate(16_000)
                .vocabulary("smelt")
                .build()
                .unwrap(),
        ),
        AudioEvents::Audio(AudioChunk::builder().chunk(vec![0u8, 1, 255]).build().unwrap()),
        AudioEvents::Marker(
            Marker::builder()
                .at(at)
                .r#final(true)
                .label(Blob::new(b"m1".to_vec()))
                .count(7)
                .build()
                .unwrap(),
        ),
        AudioEvents::Note(Note::builder().text("héllo").build().unwrap()),
        AudioEvents::Settings(
            SettingsEvent::builder()
                .settings(Settings::builder().punctuate(true).speakers(3).build().unwrap())
                .build()
                .unwrap(),
        ),
    ];
    let client = Client::from_conf(config(Some(&http), "https://dictation.example.com"));
    client
        .start_dictation()
        .session_id("s-1")
        .language_code(LanguageCode::En)
        .audio(EventStreamSender::from(events))
        .send()
        .await
        .expect("the call succeeds");

    let request = &http.requests()[0];
    assert_eq!(request.uri().path(), "/dictations/s-1");
    let header = |name: &str| request.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/vnd.amazon.eventstream");
    assert_eq!(header("x-dictation-language"), "en-US");
    assert_eq!(
        header("x-amz-content-sha256"),
        "STREAMING-AWS4-HMAC-SHA256-EVENTS"
    );
    let outer = decode_all(request.body());
    assert_eq!(outer.len(), 6, "five events and the empty end message");
    assert!(outer[5].payload().is_empty());
    let events: Vec<Message> = outer[..5].iter().map(inner).collect();
    let s = |m: &Message, h: &str| m.string_header(h).map(str::to_string);
    for (m, kind) in events
        .iter()
        .zip(["config", "audio", "marker", "note", "settings"])
    {
        assert_eq!(s(m, ":message-type").as_deref(), Some("event"));
        assert_eq!(s(m, ":event-type").as_deref(), Some(kind));
    }

    // Header members as typed headers, the rest of the structure as the JSON payload.
    let config = &events[0];
    assert_eq!(config.header("channel"), Some(&HeaderValue::Int32(2)));
    assert_eq!(s(config, "language").as_deref(), Some("fr-FR"));
    assert_eq!(s(config, ":content-type").as_deref(), Some("application/json"));
    assert_eq!(
        config.payload().as_ref(),
        br#"{"sampleRate":16000,"vocabulary":["smelt"]}"#
    );
    // A blob payload member: the bytes as they are.
    let audio = &events[1];
    assert_eq!(
        s(audio, ":content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(audio.payload().as_ref(), &[0u8, 1, 255]);
    // Only headers: no payload, no content type.
    let marker = &events[2];
    assert_eq!(marker.header("at"), Some(&HeaderValue::Timestamp(at)));
    assert_eq!(marker.header("final"), Some(&HeaderValue::Bool(true)));
    assert_eq!(
        marker.header("label"),
        Some(&HeaderValue::ByteArray(b"m1".to_vec().into()))
    );
    assert_eq!(marker.header("count"), Some(&HeaderValue::Int64(7)));
    assert_eq!(marker.header(":content-type"), None);
    assert!(marker.payload().is_empty());
    // A string payload member: text.
    assert_eq!(s(&events[3], ":content-type").as_deref(), Some("text/plain"));
    assert_eq!(events[3].payload().as_ref(), "héllo".as_bytes());
    // A structure payload member: its JSON document.
    assert_eq!(
        events[4].payload().as_ref(),
        br#"{"punctuate":true,"speakers":3}"#
    );
}

#[tokio::test]
async fn the_unknown_value_is_not_sent() {
    let http = TestClient::new().with_response(200, &[], Vec::new());
    let client = Client::from_conf(config(Some(&http), "https://dictation.example.com"));
    let result = client
        .start_dictation()
        .session_id("s-1")
        .audio(EventStreamSender::from(vec![AudioEvents::Unknown]))
        .send()
        .await;
    let err = result.expect_err("an Unknown event cannot be framed");
    let text = format!("{err:?}");
    assert!(text.contains("Unknown"), "{text}");
}

// ---- The loopback server -------------------------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// The signature a message must carry, from the spec: the SigV4 key of the message's date,
/// over the six-line `AWS4-HMAC-SHA256-PAYLOAD` string.
fn expected_signature(secret: &str, outer: &Message, previous: &str) -> Result<String, String> {
    let Some(HeaderValue::Timestamp(date)) = outer.header(":date") else {
        return Err(format!("no `:date` header: {outer:?}"));
    };
    let millis = date.to_millis().ok_or("date out of range")?;
    let text = date
        .fmt(TimestampFormat::DateTime)
        .map_err(|e| e.to_string())?;
    let stamp: String = text.chars().filter(|c| *c != '-' && *c != ':').collect();
    let day = &stamp[..8];
    let mut date_header = vec![5u8];
    date_header.extend_from_slice(b":date");
    date_header.push(8);
    date_header.extend_from_slice(&millis.to_be_bytes());
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{day}/us-west-2/dictation/aws4_request\n{previous}\n{}\n{}",
        hex(&Sha256::digest(&date_header)),
        hex(&Sha256::digest(outer.payload())),
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
    let k_region = hmac(&k_date, b"us-west-2");
    let k_service = hmac(&k_region, b"dictation");
    let k_signing = hmac(&k_service, b"aws4_request");
    Ok(hex(&hmac(&k_signing, string_to_sign.as_bytes())))
}

/// What the server saw.
#[derive(Debug, Default)]
struct Seen {
    /// The event types received, in order.
    events: Vec<String>,
    /// Whether the empty end message came last.
    ended: bool,
    /// Signed messages whose signature matched.
    verified: usize,
}

async fn read_more(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), String> {
    let mut chunk = [0u8; 4096];
    let n = sock.read(&mut chunk).await.map_err(|e| e.to_string())?;
    if n == 0 {
        return Err("the client closed the connection early".into());
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// Serves one duplex call: answers at once, then checks each signed message of the chunked
/// request body against `secret` and answers each event with a transcript event.
async fn serve(listener: TcpListener, secret: &'static str) -> Result<Seen, String> {
    let (mut sock, _) = listener.accept().await.map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(&mut sock, &mut buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let mut rest = buf.split_off(head_end);
    if !head.starts_with("post /dictations/s-2 http/1.1") {
        return Err(format!("unexpected request: {head}"));
    }
    for needed in [
        "transfer-encoding: chunked",
        "content-type: application/vnd.amazon.eventstream",
        "x-amz-content-sha256: streaming-aws4-hmac-sha256-events",
    ] {
        if !head.contains(needed) {
            return Err(format!("no `{needed}` in {head}"));
        }
    }
    // The seed: the request's own signature.
    let mut previous = head
        .split("signature=")
        .nth(1)
        .and_then(|s| s.get(..64))
        .ok_or("no signature in the authorization header")?
        .to_string();

    // Answer before the request body is read: the response streams while the request does.
    sock.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\n\
          x-dictation-session: s-2\r\ntransfer-encoding: chunked\r\n\r\n",
    )
    .await
    .map_err(|e| e.to_string())?;

    let mut seen = Seen::default();
    let mut decoder = MessageDecoder::new();
    loop {
        // One chunk of the chunked request body.
        let line_end = loop {
            if let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
                break i;
            }
            read_more(&mut sock, &mut rest).await?;
        };
        let size_text = String::from_utf8_lossy(&rest[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.trim(), 16)
            .map_err(|_| format!("bad chunk size `{size_text}`"))?;
        while rest.len() < line_end + 2 + size + 2 {
            read_more(&mut sock, &mut rest).await?;
        }
        let data: Vec<u8> = rest[line_end + 2..line_end + 2 + size].to_vec();
        rest.drain(..line_end + 2 + size + 2);
        if size == 0 {
            break;
        }
        decoder.push(&data);
        while let Some(outer) = decoder.next_message().map_err(|e| e.to_string())? {
            if seen.ended {
                return Err("a message after the end of the stream".into());
            }
            let Some(HeaderValue::ByteArray(sig)) = outer.header(":chunk-signature") else {
                return Err(format!("an unsigned message: {outer:?}"));
            };
            let expected = expected_signature(secret, &outer, &previous)?;
            if hex(sig) != expected {
                return Err(format!(
                    "signature mismatch on message {}: sent {}, expected {expected}",
                    seen.verified + 1,
                    hex(sig)
                ));
            }
            seen.verified += 1;
            previous = expected;
            if outer.payload().is_empty() {
                seen.ended = true;
                continue;
            }
            let mut events = MessageDecoder::new();
            events.push(outer.payload());
            let event = events
                .next_message()
                .map_err(|e| e.to_string())?
                .ok_or("an empty inner message")?;
            let kind = event.string_header(":event-type").unwrap_or("?").to_string();
            seen.events.push(kind.clone());
            // The answer, while the request stream is still open.
            let answer = Message::new(
                format!(r#"{{"text":"heard {kind}","sequence":{}}}"#, seen.events.len())
                    .into_bytes(),
            )
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("transcript".into()))
            .encode()
            .map_err(|e| e.to_string())?;
            let mut chunk = format!("{:x}\r\n", answer.len()).into_bytes();
            chunk.extend_from_slice(&answer);
            chunk.extend_from_slice(b"\r\n");
            sock.write_all(&chunk).await.map_err(|e| e.to_string())?;
        }
    }
    sock.write_all(b"0\r\n\r\n")
        .await
        .map_err(|e| e.to_string())?;
    Ok(seen)
}

async fn start(secret: &'static str) -> (String, tokio::task::JoinHandle<Result<Seen, String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (url, tokio::spawn(serve(listener, secret)))
}

fn text(event: Option<TranscriptEvents>) -> String {
    match event {
        Some(TranscriptEvents::Transcript(t)) => t.text.unwrap_or_default(),
        other => panic!("expected a transcript, got {other:?}"),
    }
}

#[tokio::test]
async fn events_go_up_signed_and_chained_while_transcripts_come_down() {
    let (url, server) = start(SECRET).await;
    let client = Client::from_conf(config(None, &url));
    let (sink, audio) = EventStreamSender::channel(1);
    let mut out = client
        .start_dictation()
        .session_id("s-2")
        .audio(audio)
        .send()
        .await
        .expect("the response starts before any event is sent");
    assert_eq!(out.session_id.as_deref(), Some("s-2"));

    // Each answer arrives before the next event is sent: the call is duplex.
    let config = ConfigEvent::builder().sample_rate(8_000).build().unwrap();
    sink.send(AudioEvents::Config(config)).await.unwrap();
    assert_eq!(text(out.transcripts.recv().await.unwrap()), "heard config");
    for i in 0..3u8 {
        let chunk = AudioChunk::builder().chunk(vec![i; 1000]).build().unwrap();
        sink.send(AudioEvents::Audio(chunk)).await.unwrap();
        assert_eq!(text(out.transcripts.recv().await.unwrap()), "heard audio");
    }
    drop(sink);
    assert!(out.transcripts.recv().await.unwrap().is_none(), "the end");

    let seen = server.await.unwrap().expect("every signature matched");
    assert_eq!(seen.events, ["config", "audio", "audio", "audio"]);
    assert!(seen.ended, "the stream ended with the empty signed message");
    assert_eq!(seen.verified, 5);
}

#[tokio::test]
async fn the_server_check_fails_on_a_wrong_key() {
    // The server knows another secret: the first message's signature cannot match.
    let (url, server) = start("not-the-secret").await;
    let client = Client::from_conf(config(None, &url));
    let config = ConfigEvent::builder().sample_rate(8_000).build().unwrap();
    let call = client
        .start_dictation()
        .session_id("s-2")
        .audio(EventStreamSender::from(vec![AudioEvents::Config(config)]))
        .send()
        .await;
    let err = server.await.unwrap().expect_err("a mismatch");
    assert!(err.contains("signature mismatch on message 1"), "{err}");
    // The server hung up: the call or its stream ends, with no transcript.
    if let Ok(mut out) = call {
        assert!(!matches!(
            out.transcripts.recv().await,
            Ok(Some(TranscriptEvents::Transcript(_)))
        ));
    }
}
