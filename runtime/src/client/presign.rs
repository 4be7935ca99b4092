//! Presigning any operation: [`presign`] runs an operation's `send()` future in presigning
//! mode, in which the orchestrator prepares the request exactly as for a call (endpoint rules,
//! host prefix, the operation's headers and query) and then, instead of signing its headers and
//! sending it, presigns it with [`presign_request`] and hands it back here. Nothing is sent.
//!
//! Generic over every operation of every generated crate at no generated-code cost: the mode
//! is a task-local value the orchestrator reads, so the fluent builders need no method of their
//! own.
//!
//! Inside the client layer this sits below the orchestrator (which reads the mode); it uses the
//! error types and, from below, the auth layer's presigner.

use crate::auth::credentials::Credentials;
pub use crate::auth::presign::{
    presign_request, presign_request_with_options, PresignedRequest, PresigningConfig,
    PresigningConfigError, MAX_EXPIRES_IN,
};
use crate::auth::sign::SignOptions;
use crate::client::error::SdkError;
use crate::http::HttpRequest;
use std::future::Future;
use std::sync::{Arc, Mutex};

tokio::task_local! {
    /// Set while [`presign`] polls an operation's future.
    static PRESIGNING: Option<Arc<Presigning>>;
}

/// The presigning mode of one [`presign`] call: its configuration and where the orchestrator
/// leaves the presigned request.
#[derive(Debug)]
pub(crate) struct Presigning {
    config: PresigningConfig,
    result: Mutex<Option<PresignedRequest>>,
}

impl Presigning {
    /// Presigns the prepared `request` as the endpoint's auth scheme says (`options`) and
    /// keeps it for [`presign`].
    pub(crate) fn presign(
        &self,
        request: HttpRequest,
        credentials: &Credentials,
        region: &str,
        signing_name: &str,
        options: &SignOptions<'_>,
    ) -> Result<(), crate::auth::sign::SigningError> {
        let presigned = presign_request_with_options(
            request,
            credentials,
            region,
            signing_name,
            options,
            &self.config,
        )?;
        *self.result.lock().unwrap_or_else(|e| e.into_inner()) = Some(presigned);
        Ok(())
    }
}

/// The presigning mode of the running task, if [`presign`] set one.
pub(crate) fn current() -> Option<Arc<Presigning>> {
    PRESIGNING.try_with(Clone::clone).ok().flatten()
}

/// Runs `future` outside presigning mode (the calls a credentials provider makes are sent).
pub(crate) async fn outside<F: Future>(future: F) -> F::Output {
    PRESIGNING.scope(None, future).await
}

/// What the orchestrator returns to the operation once it has presigned its request; [`presign`]
/// returns the request instead.
#[derive(Debug)]
pub(crate) struct Presigned;

impl std::fmt::Display for Presigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request was presigned, not sent")
    }
}

impl std::error::Error for Presigned {}

/// Presigns the request an operation's `send()` would make, valid for `config`'s expiry:
/// the method, URL and headers to make the call without the credentials (as aws-sdk-rust's
/// `presigned` and boto3's `generate_presigned_url`).
///
/// `call` is the future of an operation's `send()` (a fluent builder with its input set). The
/// orchestrator resolves credentials, region and endpoint as for a call, then presigns instead
/// of sending: nothing goes on the wire (a credentials provider may still make its own calls).
/// Errors are the call's own: a missing required member, no region or credentials, an endpoint
/// the rules refuse, an `@auth([])` operation (never signed), or a future that completed
/// without a request.
///
/// ```text
/// let s3 = s3::Client::from_conf(config);
/// let presigned = presign(
///     PresigningConfig::expires_in(Duration::from_secs(900))?,
///     s3.get_object().bucket("my-bucket").key("photos/cat.jpg").send(),
/// )
/// .await?;
/// // GET https://my-bucket.s3.us-west-2.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm=…
/// println!("{} {}", presigned.method(), presigned.uri());
/// ```
pub async fn presign<O, E, F>(
    config: PresigningConfig,
    call: F,
) -> Result<PresignedRequest, SdkError<E>>
where
    F: Future<Output = Result<O, SdkError<E>>>,
{
    let mode = Arc::new(Presigning {
        config,
        result: Mutex::new(None),
    });
    let outcome = PRESIGNING.scope(Some(mode.clone()), call).await;
    let presigned = mode.result.lock().unwrap_or_else(|e| e.into_inner()).take();
    match (presigned, outcome) {
        (Some(presigned), _) => Ok(presigned),
        (None, Err(e)) => Err(e),
        (None, Ok(_)) => Err(SdkError::construction_failure(
            "the future completed without making a request: nothing to presign \
             (pass an operation's `send()`)",
        )),
    }
}
