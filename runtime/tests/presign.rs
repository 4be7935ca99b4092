//! `client::presign::presign` through a `Handle`, as generated code calls it: the orchestrator
//! prepares the request (endpoint, host, headers) and presigns it instead of sending; nothing
//! reaches the transport, and the same handle sends normally outside `presign`.

use smelt_runtime::client::operation::{OperationAuth, OperationInfo, Protocol, ServiceInfo};
use smelt_runtime::client::presign::{presign, PresigningConfig};
use smelt_runtime::client::Handle;
use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::error::SdkError;
use smelt_runtime::http::{ByteStream, HttpRequest, TestClient};
use std::convert::Infallible;
use std::time::{Duration, UNIX_EPOCH};

static QUERY_SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "widgets",
    endpoint_prefix: "widgets",
    protocol: Protocol::AwsQuery,
    api_version: "2020-01-01",
    sdk_id: "Widgets",
    query_compatible: false,
    endpoint_rules: None,
};

static LIST: OperationInfo = OperationInfo {
    name: "ListWidgets",
    retryable_errors: &[],
};

fn form_request() -> HttpRequest {
    http::Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(ByteStream::from("Action=ListWidgets&Version=2020-01-01"))
        .unwrap()
}

fn handle(client: &TestClient) -> Handle {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(client.clone())
        .build_with_env(&|_| None);
    Handle::new(config, &QUERY_SERVICE)
}

fn fixed() -> PresigningConfig {
    PresigningConfig::expires_in(Duration::from_secs(60))
        .unwrap()
        .start_time(UNIX_EPOCH + Duration::from_secs(1_704_164_645))
}

#[tokio::test]
async fn presigns_instead_of_sending() {
    let client = TestClient::always(200, "<ok/>");
    let handle = handle(&client);
    let presigned = presign(fixed(), handle.send(&LIST, form_request()))
        .await
        .unwrap();
    assert_eq!(client.request_count(), 0, "nothing is sent");
    assert_eq!(presigned.method(), "GET");
    let uri = presigned.uri();
    assert!(
        uri.starts_with(
            "https://widgets.eu-west-1.amazonaws.com/?Action=ListWidgets&Version=2020-01-01\
             &X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240102%2Feu-west-1\
             %2Fwidgets%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60\
             &X-Amz-SignedHeaders=host&X-Amz-Signature="
        ),
        "{uri}"
    );
    // Deterministic with a fixed clock.
    let again = presign(fixed(), handle.send(&LIST, form_request()))
        .await
        .unwrap();
    assert_eq!(again.uri(), uri);

    // Outside `presign`, the same handle sends and signs its headers.
    let response = handle.send(&LIST, form_request()).await.unwrap();
    assert_eq!(response.status(), 200);
    let sent = client.requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].headers().contains_key("authorization"));
    assert!(!sent[0].uri().to_string().contains("X-Amz-Signature"));
}

#[tokio::test]
async fn what_cannot_be_presigned_is_an_error() {
    let client = TestClient::always(200, "<ok/>");
    // An `@auth([])` operation is never signed.
    let unsigned = handle(&client).with_auth(OperationAuth::None);
    let err = presign(fixed(), unsigned.send(&LIST, form_request()))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot presign") || format!("{err:?}").contains("cannot presign"),
        "{err:?}"
    );
    // A future that makes no request.
    let err = presign(fixed(), async { Ok::<(), SdkError<Infallible>>(()) })
        .await
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("without making a request"),
        "{err:?}"
    );
    // No region: the call's own construction error.
    let config = Config::builder()
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(client.clone())
        .build_with_env(&|_| None);
    let no_region = Handle::new(config, &QUERY_SERVICE);
    let err = presign(fixed(), no_region.send(&LIST, form_request()))
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("no region"), "{err:?}");
    assert_eq!(client.request_count(), 0);
}

/// A provider whose credentials come from a call of its own through another client (as STS
/// `AssumeRole` or SSO `GetRoleCredentials` are): that call must be sent while the call it
/// provides for is presigned.
#[derive(Debug)]
struct FetchingProvider {
    handle: Handle,
}

impl smelt_runtime::credentials::ProvideCredentials for FetchingProvider {
    fn provide_credentials(
        &self,
    ) -> smelt_runtime::http::BoxFuture<
        '_,
        Result<Credentials, smelt_runtime::credentials::CredentialsError>,
    > {
        Box::pin(async move {
            let response = self.handle.send(&LIST, form_request()).await.map_err(|e| {
                smelt_runtime::credentials::CredentialsError::invalid(format!("{e:?}"))
            })?;
            let key = String::from_utf8_lossy(response.body()).trim().to_owned();
            Ok(Credentials::new(
                key,
                "FETCHED-SECRET",
                None,
                None,
                "fetching",
            ))
        })
    }
}

#[tokio::test]
async fn a_providers_own_call_is_sent_while_presigning() {
    let source = TestClient::always(200, "AKIDFETCHED");
    let provider = FetchingProvider {
        handle: handle(&source),
    };
    let client = TestClient::always(200, "<ok/>");
    let config = Config::builder()
        .region("eu-west-1")
        .credentials_provider(provider)
        .http_client(client.clone())
        .build_with_env(&|_| None);
    let outer = Handle::new(config, &QUERY_SERVICE);
    let presigned = presign(fixed(), outer.send(&LIST, form_request()))
        .await
        .unwrap();
    assert_eq!(source.request_count(), 1, "the provider's call was sent");
    assert!(
        source.requests()[0].headers().contains_key("authorization"),
        "and signed in its headers, not presigned"
    );
    assert_eq!(client.request_count(), 0, "the presigned call was not");
    assert!(
        presigned
            .uri()
            .contains("X-Amz-Credential=AKIDFETCHED%2F20240102%2Feu-west-1"),
        "{}",
        presigned.uri()
    );
}
