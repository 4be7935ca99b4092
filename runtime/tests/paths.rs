//! Every public path of the runtime that existed before the layered layout (issue 13) still
//! resolves: generated crates and their tests name these paths, so they are the stable facade.
//! A path removed from the facade fails this test before it fails a generated crate.

#![allow(unused_imports)]

mod body {
    use smelt_runtime::body::{ByteStream, ByteStreamError};
}
mod client {
    use smelt_runtime::client::{
        error_metadata, idempotency_token, query_compatible_code, sanitize_error_code, user_agent,
        ChecksumRequired, Handle, HostPrefix, OperationInfo, Protocol, RequestCompression,
        ServiceInfo,
    };
}
mod config {
    use smelt_runtime::config::{
        Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE,
        DEFAULT_MIN_COMPRESSION_SIZE, DEFAULT_READ_TIMEOUT, ENV_VARS, MAX_MIN_COMPRESSION_SIZE,
    };
}
mod credentials {
    use smelt_runtime::credentials::{
        env_from_map, process_env, Credentials, CredentialsError, DefaultChain, EnvLookup,
        EnvironmentProvider, ProfileProvider, ProvideCredentials,
    };
}
mod error {
    use smelt_runtime::error::{
        BoxError, BuildError, ConstructionFailure, DispatchFailure, ErrorMetadata,
        ProvideErrorMetadata, ResponseError, SdkError, ServiceError, TimeoutError, Unhandled,
    };
}
#[cfg(feature = "event-stream")]
mod eventstream {
    #[cfg(all(feature = "event-stream", feature = "xml"))]
    use smelt_runtime::eventstream::xml_payload;
    use smelt_runtime::eventstream::{
        encode_headers, event_message, header, json_payload, payload_blob, payload_string,
        unknown_event, DecodeError, EventReceiver, EventSink, EventSinkClosed, EventStreamError,
        EventStreamSender, EventUnion, FromHeaderValue, HeaderValue, IntoEventMessage, Message,
        MessageDecoder, ToHeaderValue, MAX_HEADERS_SIZE, MAX_MESSAGE_SIZE,
    };
}
mod http {
    #[cfg(feature = "hyper-client")]
    use smelt_runtime::http::HyperClient;
    #[cfg(feature = "hyper-client")]
    use smelt_runtime::http::HyperClientBuilder;
    use smelt_runtime::http::{
        clone_response, try_clone_request, BoxFuture, BufferedRequest, ByteStream, ConnectorError,
        ConnectorErrorKind, HttpClient, HttpRequest, HttpResponse, StreamingResponse, TestClient,
    };
}
mod json {
    #[cfg(feature = "cbor")]
    use smelt_runtime::json::{from_cbor_slice, to_cbor_vec};
    use smelt_runtime::json::{
        from_slice, to_vec, to_vec_string_big_numbers, ArrayWriter, DeserializeError,
        JsonDeserialize, JsonReader, JsonSerialize, JsonWriter, ObjectWriter, Result, MAX_DEPTH,
    };
}
mod paginate {
    use smelt_runtime::paginate::{Items, Paginator};
}
mod protocol {
    #[cfg(feature = "cbor")]
    use smelt_runtime::protocol::cbor_body;
    #[cfg(feature = "xml")]
    use smelt_runtime::protocol::payload_xml;
    #[cfg(feature = "xml")]
    use smelt_runtime::protocol::xml_error;
    use smelt_runtime::protocol::{
        check_required, format_timestamp, from_response, header, json_body, label, label_or, parse,
        parse_base64, parse_base64_string, parse_list, parse_timestamp, payload_blob, payload_json,
        payload_stream, payload_string, prefix_headers, with_query_error_code, FromErrorResponse,
        FromResponse, RequestBuilder,
    };
}
mod query {
    use smelt_runtime::query::{key, Dialect, QueryScalar, QuerySerialize, QueryWriter};
}
mod rest {
    use smelt_runtime::rest::{
        base64_decode, base64_encode, encode_greedy_label, encode_label, encode_query, format_f32,
        format_f64, header_list, parse_f64, parse_header, split_header_list, split_http_date_list,
        ParseError, QueryWriter,
    };
}
mod retry {
    use smelt_runtime::retry::{
        backoff, backoff_ceiling, classify, RetryConfig, RetryKind, DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF,
    };
}
mod sign {
    use smelt_runtime::sign::{sign_request, SigningError};
}
mod types {
    use smelt_runtime::types::{
        BigDecimal, BigInteger, BigNumberParseError, Blob, ByteStream, ByteStreamError, DateTime,
        DateTimeFormatError, DateTimeParseError, Document, Number, SystemTimeRangeError,
        TimestampFormat,
    };
}
mod validate {
    use smelt_runtime::validate::{length, pattern, range, Length};
}
#[cfg(feature = "xml")]
mod xml {
    use smelt_runtime::xml::{
        attr_scalar, document, ec2_result, entry, error_element, error_fields, list, map,
        query_result, read, scalar, timestamp, XmlDeserialize, XmlDocument, XmlNode, XmlScalar,
        XmlSerialize, XmlText, XmlWriter,
    };
}

/// The imports above are the test: it passes when this file compiles.
#[test]
fn old_paths_resolve() {}
