//! S3 Express One Zone session auth (the `sigv4-s3express` auth scheme of an endpoint).
//!
//! A directory bucket's zonal endpoints are signed with session credentials that S3's own
//! `CreateSession` operation gives for that bucket: SigV4 with the signing name `s3express`
//! and the session token in `x-amz-s3session-token` instead of `x-amz-security-token`.
//!
//! The runtime knows no S3 operation, so the call is a seam: [`CreateSession`], which the
//! generated S3 client implements with its `CreateSession` and installs on its handle. The
//! orchestrator asks it for a bucket's session the first time the bucket's endpoint asks for
//! the scheme, keeps the session in a [`SessionCache`] (per bucket and base access key) and asks
//! again when less than [`REFRESH_BEFORE_EXPIRY`] of it is left.
//!
//! Client layer, below the orchestrator: uses credentials, the HTTP layer's future type and the
//! primitives. The seam is generic over the handle type, so this module does not name the
//! orchestrator that uses it.

use crate::auth::credentials::Credentials;
use crate::http::BoxFuture;
use crate::primitives::DateTime;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A cached session is replaced when less than this is left before it expires (sessions last
/// five minutes).
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(60);

/// The name the session credentials carry as their provider.
const PROVIDER: &str = "s3express-create-session";

/// The `CreateSession` call: session credentials for `bucket`, made through `handle` (the
/// client's own handle, signed with its configured credentials).
pub trait CreateSession<H>: Send + Sync + fmt::Debug {
    /// Calls `CreateSession` for `bucket`; an error is the call's error as text.
    fn create_session<'a>(
        &'a self,
        handle: &'a H,
        bucket: &'a str,
    ) -> BoxFuture<'a, Result<Credentials, String>>;
}

/// Credentials from the members of a `CreateSession` output; an error names a missing member
/// or an expiration outside the range of the system clock.
pub fn session_credentials(
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    expiration: Option<DateTime>,
) -> Result<Credentials, String> {
    let missing = |what: &str| format!("CreateSession returned no {what}");
    let access_key_id = access_key_id.ok_or_else(|| missing("AccessKeyId"))?;
    let secret_access_key = secret_access_key.ok_or_else(|| missing("SecretAccessKey"))?;
    let session_token = session_token.ok_or_else(|| missing("SessionToken"))?;
    let expiration = expiration.ok_or_else(|| missing("Expiration"))?;
    let expiry = SystemTime::try_from(expiration)
        .map_err(|e| format!("CreateSession returned an unusable Expiration: {e}"))?;
    Ok(Credentials::new(
        access_key_id,
        secret_access_key,
        Some(session_token),
        Some(expiry),
        PROVIDER,
    ))
}

/// Session credentials by bucket and by the access key that created them (other base
/// credentials get their own session). Expired sessions are dropped when one is stored.
#[derive(Debug, Default)]
pub struct SessionCache {
    sessions: Mutex<HashMap<(String, String), Credentials>>,
}

impl SessionCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The session for `bucket` created with `base_key`, if it has more than
    /// [`REFRESH_BEFORE_EXPIRY`] left at `now`.
    pub fn get(&self, bucket: &str, base_key: &str, now: SystemTime) -> Option<Credentials> {
        let sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions
            .get(&(bucket.to_owned(), base_key.to_owned()))
            .filter(|c| fresh(c, now))
            .cloned()
    }

    /// Stores the session for `bucket` created with `base_key`.
    pub fn put(&self, bucket: &str, base_key: &str, session: Credentials, now: SystemTime) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.retain(|_, c| c.expiry().is_none_or(|e| e > now));
        sessions.insert((bucket.to_owned(), base_key.to_owned()), session);
    }

    /// Number of sessions held.
    pub fn len(&self) -> usize {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn fresh(session: &Credentials, now: SystemTime) -> bool {
    match session.expiry() {
        None => true,
        Some(expiry) => expiry
            .duration_since(now)
            .is_ok_and(|left| left > REFRESH_BEFORE_EXPIRY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn session(key: &str, expiry: SystemTime) -> Credentials {
        Credentials::new(key, "secret", Some("token".into()), Some(expiry), "test")
    }

    #[test]
    fn sessions_are_kept_per_bucket_and_base_key_until_near_expiry() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let cache = SessionCache::new();
        cache.put(
            "b1--x-s3",
            "AKID",
            session("S1", now + Duration::from_secs(300)),
            now,
        );
        let got = cache.get("b1--x-s3", "AKID", now).unwrap();
        assert_eq!(got.access_key_id(), "S1");
        assert!(cache.get("b2--x-s3", "AKID", now).is_none(), "other bucket");
        assert!(
            cache.get("b1--x-s3", "OTHER", now).is_none(),
            "other base key"
        );
        // 61 s left: still used; 60 s left: refreshed.
        assert!(cache
            .get("b1--x-s3", "AKID", now + Duration::from_secs(239))
            .is_some());
        assert!(cache
            .get("b1--x-s3", "AKID", now + Duration::from_secs(240))
            .is_none());
        // Storing drops expired sessions.
        let later = now + Duration::from_secs(301);
        cache.put(
            "b2--x-s3",
            "AKID",
            session("S2", later + Duration::from_secs(300)),
            later,
        );
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn output_members_become_credentials() {
        let expiration = DateTime::from_secs(1_700_000_300);
        let c = session_credentials(
            Some("ASIA".into()),
            Some("secret".into()),
            Some("token".into()),
            Some(expiration),
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "ASIA");
        assert_eq!(c.session_token(), Some("token"));
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_700_000_300))
        );
        let err =
            session_credentials(Some("ASIA".into()), None, None, Some(expiration)).unwrap_err();
        assert!(err.contains("SecretAccessKey"), "{err}");
    }
}
