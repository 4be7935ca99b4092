//! An input event stream over HTTP/2 cleartext (prior knowledge) through [`HyperClient`]: a
//! loopback `h2` server answers each event while the request body is still open, and the
//! client sends the next event only after it has read that answer, so the call is duplex.
#![cfg(all(feature = "hyper-client", feature = "http2", feature = "event-stream"))]

use bytes::Bytes;
use smelt_runtime::auth::event_stream_sign::EventStreamSigning;
use smelt_runtime::eventstream::{
    event_message, DecodeError, EventStreamSender, IntoEventMessage, Message, MessageDecoder,
};
use smelt_runtime::http::{HttpClient, HyperClient};

struct Line(String);

impl IntoEventMessage for Line {
    fn into_event_message(self) -> Result<Message, DecodeError> {
        Ok(event_message(
            "line",
            Some("text/plain"),
            self.0.into_bytes(),
        ))
    }
}

/// Serves one request: sends the response head at once, then one answer per received event,
/// and ends the response when the request body ends. Returns the lines received.
async fn serve(listener: tokio::net::TcpListener) -> Result<Vec<String>, String> {
    let (sock, _) = listener.accept().await.map_err(|e| e.to_string())?;
    let mut conn = h2::server::handshake(sock)
        .await
        .map_err(|e| e.to_string())?;
    let (request, mut respond) = conn
        .accept()
        .await
        .ok_or("no request")?
        .map_err(|e| e.to_string())?;
    // Keep the connection driven while the stream is handled.
    tokio::spawn(async move { while conn.accept().await.is_some() {} });
    if request.headers()["content-type"] != "application/vnd.amazon.eventstream" {
        return Err(format!("content type: {:?}", request.headers()));
    }
    let response = http::Response::builder().status(200).body(()).unwrap();
    let mut send = respond
        .send_response(response, false)
        .map_err(|e| e.to_string())?;
    let mut body = request.into_body();
    let mut decoder = MessageDecoder::new();
    let mut lines = Vec::new();
    while let Some(data) = body.data().await {
        let data = data.map_err(|e| e.to_string())?;
        let _ = body.flow_control().release_capacity(data.len());
        decoder.push(&data);
        while let Some(m) = decoder.next_message().map_err(|e| e.to_string())? {
            let line = String::from_utf8_lossy(m.payload()).to_string();
            let answer = event_message("echo", None, line.to_uppercase().into_bytes())
                .encode()
                .map_err(|e| e.to_string())?;
            lines.push(line);
            send.send_data(Bytes::from(answer), false)
                .map_err(|e| e.to_string())?;
        }
    }
    send.send_data(Bytes::new(), true)
        .map_err(|e| e.to_string())?;
    Ok(lines)
}

#[tokio::test]
async fn events_and_answers_interleave_on_one_http2_stream() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/stream", listener.local_addr().unwrap());
    let server = tokio::spawn(serve(listener));

    let (sink, events) = EventStreamSender::channel(1);
    let request = http::Request::builder()
        .method("POST")
        .uri(url)
        .header("content-type", "application/vnd.amazon.eventstream")
        .body(events.into_body(EventStreamSigning::new()))
        .unwrap();
    let client = HyperClient::builder().http2_only(true).build();
    let response = client.call(request).await.expect("the response head");
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), http::Version::HTTP_2);
    let mut body = response.into_body();
    let mut decoder = MessageDecoder::new();

    for word in ["one", "two", "three"] {
        sink.send(Line(word.to_string())).await.unwrap();
        // The answer to this event, before the next one is sent.
        let answer = loop {
            if let Some(m) = decoder.next_message().unwrap() {
                break m;
            }
            let chunk = body.next().await.expect("more body").expect("no error");
            decoder.push(&chunk);
        };
        assert_eq!(answer.payload().as_ref(), word.to_uppercase().as_bytes());
    }
    drop(sink);
    while let Some(chunk) = body.next().await {
        decoder.push(&chunk.unwrap());
    }
    assert!(decoder.next_message().unwrap().is_none(), "no extra answer");
    let lines = server
        .await
        .unwrap()
        .expect("the server saw a clean stream");
    assert_eq!(lines, ["one", "two", "three"]);
}
