//! Building a request in generated serializers: [`RequestBuilder`] (method, URI, headers, body,
//! and the request features the orchestrator applies), URI [`label`]s, and [`check_required`].
//!
//! Glue layer: may use every layer below; it must hold no model-specific logic (generated code
//! passes names and values) and must not send anything (the orchestrator does).

use crate::client::error::BuildError;
use crate::http::body::ByteStream;
use crate::http::HttpRequest;

/// Fails with one error naming every member whose flag is `false` (not set).
pub fn check_required(members: &[(&'static str, bool)]) -> Result<(), BuildError> {
    let missing: Vec<&'static str> = members
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(BuildError::missing_members(missing))
    }
}

/// A percent-encoded URI label; a missing or empty label is an error naming the member.
pub fn label(
    member: &'static str,
    value: Option<String>,
    greedy: bool,
) -> Result<String, BuildError> {
    match value {
        None => Err(BuildError::missing(member)),
        Some(v) if v.is_empty() => Err(BuildError::invalid(member, "a URI label cannot be empty")),
        Some(v) if greedy => Ok(crate::http::binding::encode_greedy_label(&v)),
        Some(v) => Ok(crate::http::binding::encode_label(&v)),
    }
}

/// A label value that falls back to `default` when the caller left it unset or empty (Glacier's
/// `accountId`, where `-` names the caller's account).
pub fn label_or(value: Option<&str>, default: &str) -> Option<String> {
    match value {
        Some(v) if !v.is_empty() => Some(v.to_string()),
        _ => Some(default.to_string()),
    }
}

/// Collects a request's parts; errors (an invalid header value, say) surface in [`build`](Self::build).
#[derive(Debug)]
pub struct RequestBuilder {
    builder: http::request::Builder,
    body: ByteStream,
    error: Option<BuildError>,
}

impl RequestBuilder {
    /// A request with a method and a path-and-query URI.
    pub fn new(method: &str, uri: String) -> Self {
        RequestBuilder {
            builder: http::Request::builder().method(method).uri(uri),
            body: ByteStream::new(),
            error: None,
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &str, value: &str) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.header(name, value);
    }

    /// Adds a header unless the request already has one of that name (a service customization's
    /// header, which a member bound to it overrides).
    pub fn default_header(&mut self, name: &str, value: &str) {
        let set = self
            .builder
            .headers_ref()
            .is_some_and(|h| h.contains_key(name));
        if !set {
            self.header(name, value);
        }
    }

    /// Glacier's payload checksums: `X-Amz-Content-Sha256` (the body's SHA-256) and
    /// `X-Amz-Sha256-Tree-Hash` (its tree hash), each unless already set. Computed for bodies in
    /// memory; a streamed body needs the caller to set the tree hash (the `checksum` member).
    pub fn tree_hash_checksums(&mut self) {
        use crate::client::request_features::{hex, sha256, tree_hash};
        let Some(bytes) = self.body.bytes() else {
            return;
        };
        let (content, tree) = (hex(&sha256(bytes)), hex(&tree_hash(bytes)));
        self.default_header("x-amz-content-sha256", &content);
        self.default_header("x-amz-sha256-tree-hash", &tree);
    }

    /// Sends the request to `url` instead of the resolved endpoint (Machine Learning's
    /// `Predict`, which goes to the `PredictEndpoint` it is given): its scheme and host, with
    /// its path before the request's.
    pub fn endpoint_url(&mut self, url: &str) {
        let target = match url.parse::<http::Uri>() {
            Ok(u) => u,
            Err(e) => {
                self.fail(BuildError::other(format!("endpoint URL `{url}`: {e}")));
                return;
            }
        };
        let (Some(scheme), Some(authority)) = (target.scheme_str(), target.authority()) else {
            self.fail(BuildError::other(format!(
                "endpoint URL `{url}` needs a scheme and a host"
            )));
            return;
        };
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            self.fail(BuildError::other(format!(
                "endpoint URL `{url}` must start with http:// or https://"
            )));
            return;
        }
        let path = self
            .builder
            .uri_ref()
            .and_then(|u| u.path_and_query())
            .map_or("/", |pq| pq.as_str())
            .to_string();
        let base = target.path().trim_end_matches('/');
        let absolute = format!("{scheme}://{authority}{base}{path}");
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.uri(absolute);
    }

    fn fail(&mut self, e: BuildError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Sets the body and its `Content-Type` (unless a header member already set one).
    pub fn body(&mut self, content_type: &str, body: Vec<u8>) {
        self.default_content_type(content_type);
        self.body = ByteStream::from(body);
    }

    fn default_content_type(&mut self, content_type: &str) {
        let set = self
            .builder
            .headers_ref()
            .is_some_and(|h| h.contains_key(http::header::CONTENT_TYPE));
        if !set {
            self.header("content-type", content_type);
        }
    }

    /// Sets a streaming body (a `@streaming` blob payload) and its `Content-Type`. With
    /// `requires_length` (`@requiresLength`), a stream of unknown length is an error naming
    /// `member`.
    pub fn stream_body(
        &mut self,
        member: &'static str,
        content_type: &str,
        body: ByteStream,
        requires_length: bool,
    ) {
        if requires_length && body.content_length().is_none() && self.error.is_none() {
            self.error = Some(BuildError::invalid(
                member,
                "the service needs the length of this stream: use bytes in memory or a file",
            ));
        }
        self.default_content_type(content_type);
        self.body = body;
    }

    /// Sets an event-stream body (a `@streaming` union payload): the events, framed and, once
    /// the request is signed, each signed, chained from the request's signature.
    #[cfg(feature = "event-stream")]
    pub fn event_stream_body<T>(
        &mut self,
        events: crate::client::event_sender::EventStreamSender<T>,
    ) where
        T: crate::client::event_sender::IntoEventMessage + 'static,
    {
        let signing = crate::auth::event_stream_sign::EventStreamSigning::new();
        self.default_content_type("application/vnd.amazon.eventstream");
        self.body = events.into_body(signing.clone());
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(signing);
    }

    /// Puts `prefix` before the endpoint's host (Smithy's `@endpoint(hostPrefix)`), after
    /// checking that the labels it was built from are valid host labels.
    pub fn host_prefix(&mut self, prefix: String, labels: &[(&'static str, &str)]) {
        for (member, value) in labels {
            let valid = !value.is_empty()
                && value.len() <= 63
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !value.starts_with('-');
            if !valid && self.error.is_none() {
                self.error = Some(BuildError::invalid(
                    member,
                    format!("`{value}` is not a valid host label"),
                ));
            }
        }
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::request_features::HostPrefix(prefix));
    }

    /// Sets an endpoint rule-set parameter for this call (`@staticContextParams`, or a
    /// `@contextParam` input member); it wins over the client's values.
    pub fn endpoint_param(&mut self, name: &str, value: impl Into<crate::endpoint::Value>) {
        let builder = std::mem::take(&mut self.builder);
        let mut params = builder
            .extensions_ref()
            .and_then(|e| e.get::<crate::endpoint::EndpointParams>())
            .cloned()
            .unwrap_or_default();
        params.set(name, value);
        self.builder = builder.extension(params);
    }

    /// Asks for gzip compression of the body (`@requestCompression`), which the orchestrator
    /// applies when the configuration allows it and the body is large enough.
    pub fn request_compression(&mut self) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::request_features::RequestCompression);
    }

    /// Asks for a `Content-MD5` header (`@httpChecksumRequired`), which the orchestrator adds
    /// for bodies in memory.
    pub fn checksum_required(&mut self) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::request_features::ChecksumRequired);
    }

    /// Asks for flexible checksums (`aws.protocols#httpChecksum`): `checksum` describes the
    /// trait, `algorithm` and `validation_mode` are the caller's values of the members it
    /// names. The orchestrator applies them as the configuration says.
    #[cfg(feature = "checksums")]
    pub fn http_checksum(
        &mut self,
        checksum: &'static crate::client::checksums::HttpChecksum,
        algorithm: Option<&str>,
        validation_mode: Option<&str>,
    ) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::checksums::RequestChecksum {
            trait_: checksum,
            algorithm: algorithm.map(str::to_owned),
            validation_mode: validation_mode.map(str::to_owned),
        });
    }

    /// The finished request.
    pub fn build(self) -> Result<HttpRequest, BuildError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.builder
            .body(self.body)
            .map_err(|e| BuildError::other(format!("the request could not be built: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_members_are_all_named() {
        assert!(check_required(&[("a", true)]).is_ok());
        let err = check_required(&[("a", false), ("b", true), ("c", false)]).unwrap_err();
        assert_eq!(err.missing_member_names(), &["a", "c"]);
    }

    #[test]
    fn labels() {
        assert_eq!(
            label("x", Some("a/b:c".into()), false).unwrap(),
            "a%2Fb%3Ac"
        );
        assert_eq!(label("x", Some("a/b".into()), true).unwrap(), "a/b");
        assert!(label("x", None, false).is_err());
        assert!(label("x", Some(String::new()), false).is_err());
    }

    #[test]
    fn a_content_type_member_wins_over_the_default() {
        let mut b = RequestBuilder::new("PUT", "/x".into());
        b.header("Content-Type", "text/plain");
        b.stream_body(
            "body",
            "application/octet-stream",
            ByteStream::from("hi"),
            false,
        );
        let r = b.build().unwrap();
        let values: Vec<_> = r.headers().get_all("content-type").iter().collect();
        assert_eq!(values, ["text/plain"]);
        let mut b = RequestBuilder::new("PUT", "/x".into());
        b.body("application/json", b"{}".to_vec());
        assert_eq!(
            b.build().unwrap().headers()["content-type"],
            "application/json"
        );
    }

    #[test]
    fn customization_headers_and_endpoint_url() {
        let mut b = RequestBuilder::new("POST", "/v/archives".into());
        b.header("X-Amz-Sha256-Tree-Hash", "given");
        b.body("application/octet-stream", b"hello world".to_vec());
        b.default_header("Accept", "application/json");
        b.default_header("accept", "text/plain");
        b.tree_hash_checksums();
        b.endpoint_url("https://custom.example.com/base/");
        let r = b.build().unwrap();
        assert_eq!(r.headers()["accept"], "application/json");
        assert_eq!(r.headers()["x-amz-sha256-tree-hash"], "given");
        assert_eq!(
            r.headers()["x-amz-content-sha256"],
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(r.uri(), "https://custom.example.com/base/v/archives");
        for bad in ["custom.example.com", "ftp://x.example.com/", "https://"] {
            let mut b = RequestBuilder::new("POST", "/".into());
            b.endpoint_url(bad);
            assert!(b.build().is_err(), "{bad}");
        }
        assert_eq!(label_or(Some(""), "-").as_deref(), Some("-"));
        assert_eq!(label_or(None, "-").as_deref(), Some("-"));
        assert_eq!(label_or(Some("123"), "-").as_deref(), Some("123"));
    }

    #[test]
    fn request_builder_reports_bad_header_values() {
        let mut b = RequestBuilder::new("GET", "/x".into());
        b.header("x-ok", "fine");
        assert!(b.build().is_ok());
        let mut b = RequestBuilder::new("GET", "/x".into());
        b.header("x-bad", "line\nbreak");
        assert!(b.build().is_err());
    }
}
