//! The fuzz targets: one row per decoder of untrusted bytes. A row names the decoder, runs it on
//! one input, and says where its seeds come from (files under `../shared`, read in place, plus
//! a few inputs built here) and which fragments the mutation engine inserts.
//!
//! A target must not panic, hang or allocate without bound on any input; it may check
//! properties of what it decoded (a panic is a finding). Adding a decoder is one row of
//! [`TARGETS`].
//!
//! This file depends only on `smelt_runtime`, `smelt_codegen`, `http`, `bytes` and std, so that
//! both engines can include it (`xtask` does with `#[path]`).

use bytes::Bytes;
use smelt_runtime::client::operation::Protocol;
use smelt_runtime::client::response_error::{
    error_code_candidates, error_metadata, query_compatible_code,
};
use smelt_runtime::http::binding::{split_header_list, split_http_date_list};
use smelt_runtime::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, TimestampFormat,
};
use smelt_runtime::wire::cbor;
use smelt_runtime::wire::event_stream::{self, HeaderValue, Message, MessageDecoder};
use smelt_runtime::wire::json::{self, JsonReader};
use smelt_runtime::wire::xml::{self, XmlDocument, XmlNode};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Where a target's seeds come from, relative to the shared data folder (`../shared`).
#[derive(Debug, Clone, Copy)]
pub enum Seeds {
    /// Every file with this extension under the folder, whole.
    Files {
        dir: &'static str,
        ext: &'static str,
    },
    /// Every shape of every JSON AST model in the folder, each as a one-shape document.
    AstShapes { dir: &'static str },
    /// Every suite of the botocore test files in the folder, each as a `service-2.json`
    /// document (`metadata`, `operations` from the cases, `shapes`).
    BotocoreSuites { dir: &'static str },
    /// The `response.body` of every case of the botocore response suites whose file name
    /// starts with one of the prefixes.
    ResponseBodies {
        dir: &'static str,
        files: &'static [&'static str],
    },
    /// The same, for binary protocols whose suites hold bodies as base64: the decoded bytes.
    Base64ResponseBodies {
        dir: &'static str,
        files: &'static [&'static str],
    },
}

/// One fuzz target.
#[derive(Debug)]
pub struct Target {
    /// The name `cargo xtask fuzz NAME` takes.
    pub name: &'static str,
    /// What it decodes, for `cargo xtask fuzz --list` and the README.
    pub what: &'static str,
    /// Decodes one input.
    pub run: fn(&[u8]),
    /// Seeds read from the shared data.
    pub seeds: &'static [Seeds],
    /// Seeds built here (small, valid inputs that reach every branch).
    pub builtin: fn() -> Vec<Vec<u8>>,
    /// Fragments the mutation engine inserts (the format's delimiters and awkward cases).
    pub tokens: &'static [&'static str],
}

/// Every target. A new decoder (CBOR, say) is one more row.
pub const TARGETS: &[Target] = &[
    Target {
        name: "json",
        what: "the JSON reader: documents, typed values (maps, lists, timestamps, blobs, big numbers), skipping",
        run: json_reader,
        seeds: &[
            Seeds::ResponseBodies { dir: "conformance/botocore-1.44.5/output", files: &["json", "rest-json"] },
        ],
        builtin: json_builtin,
        tokens: JSON_TOKENS,
    },
    Target {
        name: "cbor",
        what: "the CBOR reader (rpcv2Cbor): tokens, documents and typed values in the JSON codec's CBOR mode, skipping",
        run: cbor_reader,
        seeds: &[Seeds::Base64ResponseBodies {
            dir: "conformance/botocore-1.44.5/output",
            files: &["smithy-rpc-v2-cbor"],
        }],
        builtin: cbor_builtin,
        tokens: CBOR_TOKENS,
    },
    Target {
        name: "xml",
        what: "XML responses (restXml, awsQuery, ec2Query): the element tree, scalars, attributes, lists, maps, result wrappers",
        run: xml_response,
        seeds: &[Seeds::ResponseBodies {
            dir: "conformance/botocore-1.44.5/output",
            files: &["query", "ec2", "rest-xml"],
        }],
        builtin: xml_builtin,
        tokens: XML_TOKENS,
    },
    Target {
        name: "error-response",
        what: "error responses of every protocol: code, message, request id, code candidates, the query-compatible header",
        run: error_response,
        seeds: &[Seeds::ResponseBodies {
            dir: "conformance/botocore-1.44.5/output",
            files: &["query", "ec2", "rest-xml", "json", "rest-json"],
        }],
        builtin: error_builtin,
        tokens: XML_TOKENS,
    },
    Target {
        name: "event-stream",
        what: "event-stream framing (prelude, headers, checksums) fed in chunks, and the payload readers",
        run: event_stream_frames,
        seeds: &[],
        builtin: event_stream_builtin,
        tokens: &["\0\0\0", "\u{7}", "\u{6}", "\u{8}", ":message-type", ":event-type", "event", "exception"],
    },
    Target {
        name: "timestamp",
        what: "timestamp parsing (date-time, http-date, epoch-seconds) and HTTP header lists",
        run: timestamps,
        seeds: &[],
        builtin: timestamp_builtin,
        tokens: &[
            "T", "Z", "+", "-", ":", ".", ",", " ", "GMT", "Mon, ", "Feb", "29", "60", "9999", "1e", "e-",
            "\"", "\\", "NaN", "-0", "000000000000",
        ],
    },
    Target {
        name: "json-ast",
        what: "the Smithy JSON AST loader",
        run: load_model,
        seeds: &[Seeds::AstShapes { dir: "models/aws" }],
        builtin: json_ast_builtin,
        tokens: JSON_TOKENS,
    },
    Target {
        name: "botocore",
        what: "the botocore `service-2.json` loader",
        run: load_model,
        seeds: &[Seeds::BotocoreSuites { dir: "conformance/botocore-1.44.5/output" }],
        builtin: botocore_builtin,
        tokens: JSON_TOKENS,
    },
    Target {
        name: "idl",
        what: "the Smithy IDL frontend (lexer, parser, resolution, merge, IDL 1.0 upgrade)",
        run: idl,
        seeds: &[
            Seeds::Files { dir: "smithy-1.73.0/protocol-tests", ext: "smithy" },
            Seeds::Files { dir: "smithy-1.73.0/traits", ext: "smithy" },
        ],
        builtin: idl_builtin,
        tokens: IDL_TOKENS,
    },
];

/// The target named `name`.
pub fn find(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Every target's name, in table order.
pub fn names() -> Vec<&'static str> {
    TARGETS.iter().map(|t| t.name).collect()
}

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u",
    "\\uD800",
    "\\uDC00",
    "true",
    "false",
    "null",
    "-",
    "0",
    "1e308",
    "1e-400",
    "-0.0",
    "9223372036854775808",
    "\"NaN\"",
    "\"Infinity\"",
    "{\"a\":",
    "[[[[[[[[",
    "\"__type\":",
    "\"smithy\":\"2.0\"",
    "\"shapes\":",
    "\"members\":",
    "\"target\":",
    "\"type\":",
    "\"traits\":",
    "\"mixins\":",
    "\"shape\":",
    "\u{e9}",
    "\u{1F600}",
];

/// CBOR heads as text: the mutation engine inserts strings, so these are the heads whose
/// bytes are ASCII (small ints, length prefixes of 24..=27 bytes, short text) and a few whose
/// UTF-8 form carries a high head byte (`\u{bf}` is C2 BF: a tag then an indefinite map).
const CBOR_TOKENS: &[&str] = &[
    "\u{0}", "\u{17}", "\u{18}", "\u{19}", "\u{1a}", "\u{1b}", "\u{1f}", "\u{38}", "\u{3b}",
    "\u{58}", "\u{5f}", "\u{7f}", "a", "__type", "\u{9f}", "\u{bf}", "\u{ff}", "\u{c1}", "\u{f9}",
    "\u{fb}",
];

const XML_TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<a>",
    "</a>",
    "<member>",
    "</member>",
    "<entry>",
    "<key>",
    "<value>",
    "<Error>",
    "<Code>",
    "<Message>",
    "<RequestId>",
    "<Errors>",
    "=\"",
    "\"",
    "'",
    "&amp;",
    "&#x10FFFF;",
    "&#0;",
    "&lt;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE a [<!ENTITY e \"x\">]>",
    "&e;",
    "xmlns:p=\"u\"",
    "p:",
    " ",
    "\u{e9}",
];

const IDL_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ":=",
    "=",
    ",",
    "@",
    "$",
    "#",
    "\"",
    "\"\"\"",
    "\\",
    "\\u",
    "\\uD800",
    "///",
    "//",
    "\n",
    " ",
    "-",
    "0",
    "1e",
    "with [",
    "for ",
    "apply ",
    "structure ",
    "operation ",
    "$version: \"1.0\"\n",
    "$version: \"2.0\"\n",
    "namespace a\n",
    "@trait",
    "null",
    "\u{e9}",
    "\r\n",
];

// --- targets ---------------------------------------------------------------------------------

fn json_reader(data: &[u8]) {
    let mut reader = JsonReader::new(data);
    if reader.read_document().is_ok() {
        let _ = reader.finish();
    }
    let mut reader = JsonReader::new(data);
    if reader.skip_value().is_ok() {
        let _ = reader.finish();
    }
    let _ = json::from_slice::<HashMap<String, Option<Vec<String>>>>(data);
    let _ = json::from_slice::<BTreeMap<String, DateTime>>(data);
    let _ = json::from_slice::<Vec<Option<Blob>>>(data);
    let _ = json::from_slice::<Vec<BigDecimal>>(data);
    let _ = json::from_slice::<Vec<BigInteger>>(data);
    let _ = json::from_slice::<Vec<i8>>(data);
    let _ = json::from_slice::<Vec<f32>>(data);
    let _ = json::from_slice::<Vec<u64>>(data);
    let _ = json::from_slice::<Box<Document>>(data);
    let mut reader = JsonReader::new(data);
    let _ = reader.read_object(|r, key| match key.len() % 4 {
        0 => r.read_timestamp(TimestampFormat::DateTime).map(drop),
        1 => r.read_timestamp(TimestampFormat::HttpDate).map(drop),
        2 => r.read_timestamp(TimestampFormat::EpochSeconds).map(drop),
        _ => r.read_str().map(drop),
    });
}

/// Reads every element of the tree every way generated code does.
fn xml_walk(node: XmlNode<'_, '_>) {
    let _ = xml::scalar::<i32>(node);
    let _ = xml::scalar::<i64>(node);
    let _ = xml::scalar::<f64>(node);
    let _ = xml::scalar::<bool>(node);
    let _ = xml::scalar::<Blob>(node);
    let _ = xml::scalar::<BigDecimal>(node);
    let _ = xml::timestamp(node, TimestampFormat::DateTime);
    let _ = xml::timestamp(node, TimestampFormat::HttpDate);
    let _ = xml::timestamp(node, TimestampFormat::EpochSeconds);
    let _ = xml::attr_scalar::<i16>(node, "a");
    let _ = xml::attr_scalar::<String>(node, "p:a");
    let _ = xml::list(node, "member", xml::scalar::<String>);
    let _ = xml::map(node, "key", "value", xml::scalar::<String>);
    for child in node.children() {
        xml_walk(child);
    }
}

fn xml_response(data: &[u8]) {
    if let Ok(doc) = XmlDocument::parse(data) {
        xml_walk(doc.root());
    }
    let read = |node: XmlNode<'_, '_>| -> smelt_runtime::wire::error::Result<Vec<String>> {
        node.children().map(xml::scalar::<String>).collect()
    };
    let _ = xml::query_result(data, "OpResult", read);
    let _ = xml::ec2_result(data, read);
    let _ = xml::document(data, read);
    let _ = xml::error_element(data, read);
    let _ = xml::error_fields(data);
}

fn error_response(data: &[u8]) {
    // The first line, when it is a valid header value, is sent as the headers that carry an
    // error code; the whole input is the body.
    let line = data.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut builder =
        http::Response::builder().status(400 + u16::from(data.first().copied().unwrap_or(0) % 200));
    if let Ok(value) = http::HeaderValue::from_bytes(line) {
        builder = builder
            .header("x-amzn-errortype", value.clone())
            .header("x-amzn-query-error", value.clone())
            .header("x-amzn-requestid", value);
    }
    let Ok(response) = builder.body(Bytes::copy_from_slice(data)) else {
        return;
    };
    for protocol in [
        Protocol::RestJson1,
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
        Protocol::RestXml,
    ] {
        let meta = error_metadata(protocol, &response);
        let candidates = error_code_candidates(protocol, &response);
        assert_eq!(
            meta.code(),
            candidates.first().map(String::as_str),
            "the metadata's code is the first candidate"
        );
        let _ = meta.to_string();
    }
    let _ = query_compatible_code(&response);
}

fn event_stream_frames(data: &[u8]) {
    // The first byte picks the chunk size the bytes arrive in.
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first % 64) + 1;
    let mut decoder = MessageDecoder::new();
    let mut decoded = Vec::new();
    for piece in rest.chunks(chunk) {
        decoder.push(piece);
        loop {
            match decoder.next_message() {
                Ok(Some(message)) => decoded.push(message),
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
    for message in decoded {
        let _ = message.string_header(":event-type");
        let _ = event_stream::header::<i64>(&message, "n");
        let _ = event_stream::header::<DateTime>(&message, "at");
        let _ = event_stream::json_payload::<Document>(&message);
        let _ = event_stream::payload_string(&message);
        // A decoded message encodes to a frame that decodes to the same message.
        if let Ok(bytes) = message.encode() {
            let mut again = MessageDecoder::new();
            again.push(&bytes);
            let back = again
                .next_message()
                .expect("a re-encoded message decodes")
                .expect("a re-encoded message is complete");
            assert_eq!(back, message, "event-stream round trip");
        }
    }
}

fn timestamps(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for format in [
        TimestampFormat::DateTime,
        TimestampFormat::HttpDate,
        TimestampFormat::EpochSeconds,
    ] {
        if let Ok(t) = DateTime::parse(&text, format) {
            // Whatever parses can be written in every format.
            for out in [
                TimestampFormat::DateTime,
                TimestampFormat::HttpDate,
                TimestampFormat::EpochSeconds,
            ] {
                let _ = t.fmt(out);
            }
            let _ = t.to_millis();
        }
    }
    let _ = split_header_list(&text);
    let _ = split_http_date_list(&text);
}

fn load_model(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = smelt_codegen::load::load_str(Path::new("fuzz.json"), &text);
}

fn idl(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = smelt_codegen::load::idl::assemble(&[(PathBuf::from("fuzz.smithy"), text)]);
}

// --- built-in seeds --------------------------------------------------------------------------

fn bytes_of(items: &[&str]) -> Vec<Vec<u8>> {
    items.iter().map(|s| s.as_bytes().to_vec()).collect()
}

fn json_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        r#"{"a":[1,-2.5e3,true,null,"x\u00e9\n"],"b":{"c":"2024-01-01T00:00:00Z","d":1700000000.5}}"#,
        r#"{"items":["aGVsbG8=",null],"n":9007199254740993,"f":"NaN","g":"-Infinity"}"#,
        r#"[1.5e308, -0, 123456789012345678901234567890, 0.000000000000000000001]"#,
        r#"{"Thu, 01 Jan 1970 00:00:00 GMT":"Thu, 01 Jan 1970 00:00:00 GMT","k":1}"#,
    ])
}

fn cbor_reader(data: &[u8]) {
    // The token reader alone, from the start to the end or the first error.
    let mut pos = 0;
    while let Ok((_, next)) = cbor::next(data, pos) {
        if next <= pos {
            panic!("the CBOR token reader did not advance at byte {pos}");
        }
        pos = next;
    }
    let mut reader = JsonReader::cbor(data);
    if reader.skip_value().is_ok() {
        let _ = reader.finish();
    }
    // A document that decodes writes back to CBOR that decodes again.
    if let Ok(doc) = json::from_cbor_slice::<Document>(data) {
        let again = json::to_cbor_vec(&doc);
        if let Err(e) = json::from_cbor_slice::<Document>(&again) {
            panic!("a decoded document did not survive re-encoding: {e}");
        }
    }
    let _ = json::from_cbor_slice::<HashMap<String, Option<Vec<String>>>>(data);
    let _ = json::from_cbor_slice::<BTreeMap<String, DateTime>>(data);
    let _ = json::from_cbor_slice::<Vec<Option<Blob>>>(data);
    let _ = json::from_cbor_slice::<Vec<BigDecimal>>(data);
    let _ = json::from_cbor_slice::<Vec<BigInteger>>(data);
    let _ = json::from_cbor_slice::<Vec<i8>>(data);
    let _ = json::from_cbor_slice::<Vec<f32>>(data);
    let _ = json::from_cbor_slice::<Vec<u64>>(data);
}

fn cbor_builtin() -> Vec<Vec<u8>> {
    // The JSON seeds written as CBOR, then heads JSON has no form for.
    let mut out: Vec<Vec<u8>> = json_builtin()
        .iter()
        .filter_map(|j| json::from_slice::<Document>(j).ok())
        .map(|doc| json::to_cbor_vec(&doc))
        .collect();
    out.extend([
        // {_ "a": [_ 1, -1], "t": 1(1700000000.5)}, indefinite lengths.
        vec![
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x20, 0xff, 0x61, b't', 0xc1, 0xfb, 0x41, 0xd9, 0x54,
            0xfc, 0x40, 0x20, 0, 0, 0xff,
        ],
        // Chunked text and bytes, a half-float NaN, undefined, a simple value.
        vec![
            0x85, 0x7f, 0x61, b'a', 0x61, b'b', 0xff, 0x5f, 0x41, 0x00, 0xff, 0xf9, 0x7e, 0x00,
            0xf7, 0xf0,
        ],
        // A bignum (tag 2), a negative bignum (tag 3) and a decimal fraction (tag 4).
        vec![
            0x83, 0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0x41, 0x01, 0xc4, 0x82, 0x21, 0x19,
            0x6a, 0xb3,
        ],
        // An error body: {"__type": "ns#Oops", "message": "m"}.
        vec![
            0xa2, 0x66, b'_', b'_', b't', b'y', b'p', b'e', 0x67, b'n', b's', b'#', b'O', b'o',
            b'p', b's', 0x67, b'm', b'e', b's', b's', b'a', b'g', b'e', 0x61, b'm',
        ],
        // Lengths far beyond the input.
        vec![0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        vec![0x7b, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, b'x'],
    ]);
    out
}

fn xml_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        r#"<OpResponse xmlns="https://example.com/"><OpResult><a>1</a><b p:a="2" xmlns:p="u">2.5</b><l><member>x</member><member>y</member></l><m><entry><key>k</key><value>v</value></entry></m><t>2024-01-01T00:00:00Z</t></OpResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>"#,
        r#"<?xml version="1.0" encoding="UTF-8"?><R a="-3"><x>true</x><y>aGk=</y><z>Tue, 29 Apr 2014 18:30:38 GMT</z><w>1515531081.123</w></R>"#,
        "<a><![CDATA[x<y]]><!-- c --><b>&amp;&lt;&#x41;</b></a>",
    ])
}

fn error_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
        "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad</Message></Error></Errors><RequestID>r2</RequestID></Response>",
        "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r3</RequestId></Error>",
        "aws.protocoltests#Oops:http://internal.amazon.com/coral/x/\n{\"__type\":\"ns#Oops\",\"code\":\"Other\",\"message\":\"m\"}",
        "AWS.SimpleQueueService.NonExistentQueue;Sender\n{\"Message\":\"m\"}",
    ])
}

fn event_stream_builtin() -> Vec<Vec<u8>> {
    let messages = [
        Message::new(&b"{\"a\":1}"[..])
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("Chunk".into()))
            .with_header("n", HeaderValue::Int32(7))
            .with_header("flag", HeaderValue::Bool(true))
            .with_header(
                "at",
                HeaderValue::Timestamp(DateTime::from_secs_f64(1_700_000_000.125)),
            )
            .with_header("b", HeaderValue::Byte(-1))
            .with_header("s", HeaderValue::Int16(300))
            .with_header("l", HeaderValue::Int64(1 << 40))
            .with_header("raw", HeaderValue::ByteArray(Bytes::from_static(b"\0\x01")))
            .with_header("id", HeaderValue::Uuid([7; 16])),
        Message::new(&b""[..]),
        Message::new(&b"<x>1</x>"[..])
            .with_header(":message-type", HeaderValue::String("exception".into())),
    ];
    let mut out = Vec::new();
    for chunk_size in [1u8, 5, 63] {
        let mut frames = vec![chunk_size];
        for message in &messages {
            frames.extend(message.encode().unwrap_or_default());
        }
        out.push(frames);
    }
    out
}

fn timestamp_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        "1985-04-12T23:20:50.52Z",
        "1996-12-19T16:39:57-08:00",
        "1990-12-31T23:59:60Z",
        "0001-01-01T00:00:00.000000001+23:59",
        "Tue, 29 Apr 2014 18:30:38 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "1515531081.123",
        "-62135596800",
        "1e10",
        "a, \"b,c\", d",
        "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT",
    ])
}

fn json_ast_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        r#"{"smithy":"2.0","metadata":{"m":[1]},"shapes":{"a.b#S":{"type":"structure","members":{"x":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}},"mixins":[{"target":"a.b#M"}]},"a.b#M":{"type":"structure","members":{},"traits":{"smithy.api#mixin":{}}},"a.b#E":{"type":"enum","members":{"A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}}}},"a.b#L":{"type":"list","member":{"target":"a.b#S"}},"a.b#Svc":{"type":"service","version":"1","operations":[{"target":"a.b#Op"}]},"a.b#Op":{"type":"operation","input":{"target":"a.b#S"}},"a.b#S$x":{"type":"apply","traits":{"smithy.api#documentation":"d"}}}}"#,
        r#"{"smithy":"1.0","shapes":{"a#B":{"type":"integer","traits":{"smithy.api#box":{}}},"a#Set":{"type":"set","member":{"target":"a#B"}}}}"#,
    ])
}

fn botocore_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        r#"{"metadata":{"protocol":"rest-json","apiVersion":"2020-01-01","serviceId":"X","endpointPrefix":"x","signatureVersion":"v4","jsonVersion":"1.1","targetPrefix":"X"},"operations":{"Op":{"name":"Op","http":{"method":"POST","requestUri":"/{id}?q"},"input":{"shape":"In"},"output":{"shape":"Out"},"errors":[{"shape":"Oops"}]}},"shapes":{"In":{"type":"structure","required":["id"],"members":{"id":{"shape":"S","location":"uri","locationName":"id"},"h":{"shape":"T","location":"header","locationName":"x-h"}}},"Out":{"type":"structure","payload":"b","members":{"b":{"shape":"B"},"l":{"shape":"L","flattened":true}}},"Oops":{"type":"structure","members":{},"exception":true,"error":{"code":"Oops","httpStatusCode":400}},"S":{"type":"string","enum":["a","b"]},"T":{"type":"timestamp","timestampFormat":"iso8601"},"B":{"type":"blob","streaming":true},"L":{"type":"list","member":{"shape":"S","locationName":"item"}}}}"#,
    ])
}

fn idl_builtin() -> Vec<Vec<u8>> {
    bytes_of(&[
        "$version: \"2.0\"\nnamespace a.b\nuse smithy.api#String\n@http(method: \"GET\", uri: \"/{id}\")\n@readonly\noperation Op {\n    input := { @required @httpLabel id: String }\n    output := with [M] { n: Integer = 0 }\n}\n@mixin\nstructure M { m: String }\nenum E { A = \"a\", B }\nintEnum I { X = 1 }\nmap Mp { key: String, value: E }\nunion U { a: String, b: Mp }\napply Op @documentation(\"\"\"\n    text\n    \"\"\")\n",
        "$version: \"1.0\"\nnamespace old\nstructure S { a: PrimitiveInteger, @box b: PrimitiveLong }\nset Un { member: String }\n",
    ])
}
