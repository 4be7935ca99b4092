//! `credential_process`: runs a command of the profile and reads credentials from its standard
//! output, JSON of this form (`Version` must be 1; `SessionToken` and `Expiration` optional):
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2026-01-01T00:00:00Z"}
//! ```
//!
//! The command line goes to `sh -c` (`cmd /C` on Windows), so quoting works as in a shell.

use super::remote::{credentials_from_json, flat_json, snippet};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::http::BoxFuture;
use std::process::{Command, Stdio};

/// Credentials from an external command.
#[derive(Clone)]
pub struct ProcessProvider {
    command: String,
}

impl std::fmt::Debug for ProcessProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The command line may carry secrets as arguments: print only the program.
        let program = self.command.split_whitespace().next().unwrap_or_default();
        f.debug_struct("ProcessProvider")
            .field("program", &program)
            .finish_non_exhaustive()
    }
}

impl ProcessProvider {
    /// A provider running `command` through the shell.
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
        }
    }

    /// Runs the command (on a blocking thread) and parses its output.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let command = self.command.clone();
        let output = tokio::task::spawn_blocking(move || {
            let mut c = if cfg!(windows) {
                let mut c = Command::new("cmd");
                c.arg("/C").arg(&command);
                c
            } else {
                let mut c = Command::new("sh");
                c.arg("-c").arg(&command);
                c
            };
            c.stdin(Stdio::null()).output()
        })
        .await
        .map_err(|e| CredentialsError::invalid("credential_process did not finish").with_source(e))?
        .map_err(|e| CredentialsError::invalid("cannot run credential_process").with_source(e))?;
        if !output.status.success() {
            return Err(CredentialsError::invalid(format!(
                "credential_process exited with {}: {}",
                output.status,
                snippet(&String::from_utf8_lossy(&output.stderr))
            )));
        }
        parse_output(&String::from_utf8_lossy(&output.stdout))
    }
}

/// Parses the JSON a credential process prints.
fn parse_output(stdout: &str) -> Result<Credentials, CredentialsError> {
    let fields = flat_json(stdout).map_err(|e| {
        CredentialsError::invalid(format!("credential_process printed no credentials: {e}"))
    })?;
    match fields.get("Version").map(String::as_str) {
        Some("1") => {}
        Some(v) => {
            return Err(CredentialsError::invalid(format!(
                "credential_process output has Version {v}; only 1 is supported"
            )))
        }
        None => {
            return Err(CredentialsError::invalid(
                "credential_process output has no Version",
            ))
        }
    }
    credentials_from_json(stdout, "CredentialProcess")
        .map_err(|e| CredentialsError::invalid(format!("credential_process output: {e}")))
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_versions() {
        let c = parse_output(
            r#"{"Version":1,"AccessKeyId":"K","SecretAccessKey":"S","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("K", Some("T")));
        assert!(c.expiry().is_some());
        let e =
            parse_output(r#"{"Version":2,"AccessKeyId":"K","SecretAccessKey":"S"}"#).unwrap_err();
        assert!(e.to_string().contains("Version 2"), "{e}");
        assert!(parse_output("not json").is_err());
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn runs_the_command() {
        let p = ProcessProvider::new(
            r#"printf '%s' '{"Version": 1, "AccessKeyId": "PK", "SecretAccessKey": "PS"}'"#,
        );
        let c = p.load().await.unwrap();
        assert_eq!((c.access_key_id(), c.expiry()), ("PK", None));
        let e = ProcessProvider::new("echo broken >&2; exit 3")
            .load()
            .await
            .unwrap_err();
        assert!(e.to_string().contains("broken"), "{e}");
        assert!(!format!("{p:?}").contains("PK"));
    }
}
