//! IAM Identity Center (SSO) credentials: the token `aws sso login` cached, refreshed through SSO
//! OIDC `CreateToken` when it is about to expire, exchanged for role credentials with the
//! portal's `GetRoleCredentials`.
//!
//! * Profile: `sso_session` naming an `[sso-session NAME]` section (`sso_start_url`,
//!   `sso_region`), plus `sso_account_id` and `sso_role_name`; or the legacy form with
//!   `sso_start_url` and `sso_region` in the profile itself (its token cannot be refreshed).
//! * Token cache: `~/.aws/sso/cache/<hex SHA-1 of the session name>.json` (legacy: of the start
//!   URL), with `accessToken`, `expiresAt`, and for refresh `refreshToken`, `clientId`,
//!   `clientSecret`, `registrationExpiresAt`. A refreshed token is written back (string, number
//!   and boolean members are kept, as strings; arrays are dropped: the token cache has none).
//! * The two service calls go through the [`SsoClient`] seam: the runtime sits below the
//!   generated crates, and `smelt-config` (the `config/` crate) implements it with the generated
//!   `sso` and `sso-oidc` clients.

use super::remote::{flat_json, parse_rfc3339};
use super::{Credentials, CredentialsError};
use crate::http::BoxFuture;
use crate::wire::json::JsonWriter;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A token this close to expiry is refreshed first (5 minutes).
const REFRESH_WINDOW: Duration = Duration::from_secs(300);

/// The SSO settings of one profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SsoProfile {
    /// The `sso-session` name, `None` for the legacy form.
    pub(crate) session: Option<String>,
    pub(crate) start_url: String,
    pub(crate) region: String,
    pub(crate) account_id: String,
    pub(crate) role_name: String,
}

/// Hex SHA-1 of `text`: the cache file name.
pub(crate) fn sha1_hex(text: &str) -> String {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut data = text.as_bytes().to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&bit_len.to_be_bytes());
    for block in data.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

/// The parameters of the SSO portal's `GetRoleCredentials`.
#[derive(Clone, PartialEq, Eq)]
pub struct RoleCredentialsRequest {
    /// The `sso_region` of the profile or session: where the portal is.
    pub region: String,
    /// `sso_account_id`.
    pub account_id: String,
    /// `sso_role_name`.
    pub role_name: String,
    /// The cached (or just refreshed) access token (not printed by `Debug`).
    pub access_token: String,
}

impl fmt::Debug for RoleCredentialsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RoleCredentialsRequest")
            .field("region", &self.region)
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .field("access_token", &"** redacted **")
            .finish()
    }
}

/// The parameters of SSO OIDC `CreateToken` with the `refresh_token` grant.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRefreshRequest {
    /// The `sso_region` of the session.
    pub region: String,
    /// `clientId` of the cached registration.
    pub client_id: String,
    /// `clientSecret` of the cached registration (not printed by `Debug`).
    pub client_secret: String,
    /// The cached `refreshToken` (not printed by `Debug`).
    pub refresh_token: String,
}

impl fmt::Debug for TokenRefreshRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRefreshRequest")
            .field("region", &self.region)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// What SSO OIDC `CreateToken` answered.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshedToken {
    /// The new access token.
    pub access_token: String,
    /// How long it lasts.
    pub expires_in: Duration,
    /// A new refresh token, when the service rotated it.
    pub refresh_token: Option<String>,
}

impl fmt::Debug for RefreshedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshedToken")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The two service calls of SSO credentials. Set on the chain with
/// [`DefaultChain::with_sso`](super::DefaultChain::with_sso) or
/// [`ProfileProvider::with_sso`](super::ProfileProvider::with_sso).
pub trait SsoClient: Send + Sync + fmt::Debug {
    /// The portal's `GetRoleCredentials` (authorized by the access token, not signed).
    fn get_role_credentials<'a>(
        &'a self,
        request: &'a RoleCredentialsRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;

    /// SSO OIDC `CreateToken` with grant type `refresh_token` (not signed).
    fn refresh_token<'a>(
        &'a self,
        request: &'a TokenRefreshRequest,
    ) -> BoxFuture<'a, Result<RefreshedToken, CredentialsError>>;
}

pub(crate) fn no_sso() -> CredentialsError {
    CredentialsError::invalid(
        "an SSO profile needs the SSO services, and no SSO client is configured (load the \
         configuration with `smelt_config::load()`, or give the chain one with `with_sso`)",
    )
}

/// Loads role credentials for `profile`, refreshing the cached token when needed.
pub(crate) async fn load(
    profile: &SsoProfile,
    home: Option<PathBuf>,
    sso: Option<&Arc<dyn SsoClient>>,
) -> Result<Credentials, CredentialsError> {
    let key = profile.session.as_deref().unwrap_or(&profile.start_url);
    let Some(home) = home else {
        return Err(CredentialsError::invalid(
            "SSO: no home directory to find ~/.aws/sso/cache in",
        ));
    };
    let sso = sso.ok_or_else(no_sso)?;
    let path = home
        .join(".aws")
        .join("sso")
        .join("cache")
        .join(format!("{}.json", sha1_hex(key)));
    let login = |why: String| {
        let how = match &profile.session {
            Some(s) => format!("aws sso login --sso-session {s}"),
            None => "aws sso login".to_string(),
        };
        CredentialsError::invalid(format!("SSO: {why}; run `{how}`"))
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        login(format!(
            "cannot read the token cache `{}` ({e})",
            path.display()
        ))
    })?;
    let mut cache = flat_json(&text)
        .map_err(|e| login(format!("unreadable token cache `{}`: {e}", path.display())))?;
    let token = cache.get("accessToken").cloned().unwrap_or_default();
    let expires_at = cache
        .get("expiresAt")
        .map(|e| parse_rfc3339(e))
        .transpose()
        .map_err(|e| login(format!("token cache `{}`: {e}", path.display())))?;
    let now = SystemTime::now();
    let fresh = |at: Option<SystemTime>| at.is_some_and(|at| at > now + REFRESH_WINDOW);
    let token = if !token.is_empty() && fresh(expires_at) {
        token
    } else {
        match refresh(profile, &mut cache, sso, now).await {
            Ok(t) => {
                write_cache(&path, &cache);
                t
            }
            // Not refreshable, but not expired yet either: use it.
            Err(_) if !token.is_empty() && expires_at.is_some_and(|at| at > now) => token,
            Err(e) => return Err(login(e)),
        }
    };
    let request = RoleCredentialsRequest {
        region: profile.region.clone(),
        account_id: profile.account_id.clone(),
        role_name: profile.role_name.clone(),
        access_token: token,
    };
    sso.get_role_credentials(&request)
        .await
        .map_err(|e| CredentialsError::invalid("SSO GetRoleCredentials").with_source(e))
}

/// Refreshes the token with SSO OIDC `CreateToken` (grant type `refresh_token`), updating
/// `cache`; returns the new access token.
async fn refresh(
    profile: &SsoProfile,
    cache: &mut BTreeMap<String, String>,
    sso: &Arc<dyn SsoClient>,
    now: SystemTime,
) -> Result<String, String> {
    if profile.session.is_none() {
        return Err("the cached token expired (a legacy SSO profile cannot refresh it)".into());
    }
    let get = |k: &str| cache.get(k).filter(|v| !v.is_empty()).cloned();
    let (Some(refresh_token), Some(client_id), Some(client_secret)) =
        (get("refreshToken"), get("clientId"), get("clientSecret"))
    else {
        return Err("the cached token expired and cannot be refreshed".into());
    };
    if let Some(reg) = get("registrationExpiresAt") {
        if parse_rfc3339(&reg).is_ok_and(|at| at <= now) {
            return Err("the cached token expired and its client registration too".into());
        }
    }
    let request = TokenRefreshRequest {
        region: profile.region.clone(),
        client_id,
        client_secret,
        refresh_token,
    };
    let out = sso
        .refresh_token(&request)
        .await
        .map_err(|e| format!("SSO OIDC CreateToken failed: {e}"))?;
    if out.access_token.is_empty() {
        return Err("SSO OIDC CreateToken answered without an access token".into());
    }
    let expires = crate::primitives::DateTime::from_system_time(now + out.expires_in);
    let expires = expires
        .fmt(crate::primitives::TimestampFormat::DateTime)
        .map_err(|e| e.to_string())?;
    cache.insert("accessToken".into(), out.access_token.clone());
    cache.insert("expiresAt".into(), expires);
    if let Some(rt) = out.refresh_token.filter(|t| !t.is_empty()) {
        cache.insert("refreshToken".into(), rt);
    }
    Ok(out.access_token)
}

/// Writes the refreshed cache back (best effort: a failure only means refreshing again later).
fn write_cache(path: &Path, cache: &BTreeMap<String, String>) {
    let mut w = JsonWriter::new();
    {
        let mut o = w.object();
        for (k, v) in cache {
            o.key(k).string(v);
        }
        o.end();
    }
    let tmp = path.with_extension("json.tmp");
    if std::fs::write(&tmp, w.into_bytes()).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// An in-process [`SsoClient`]: refreshes fail or succeed as told, and it records the calls.
    #[derive(Debug, Default)]
    struct FakeSso {
        refresh_ok: bool,
        calls: Mutex<Vec<String>>,
    }

    impl SsoClient for FakeSso {
        fn get_role_credentials<'a>(
            &'a self,
            request: &'a RoleCredentialsRequest,
        ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
            self.calls
                .lock()
                .unwrap()
                .push(format!("role {}", request.access_token));
            let key = format!("K-{}", request.access_token);
            Box::pin(async move { Ok(Credentials::new(key, "S", None, None, "fake")) })
        }

        fn refresh_token<'a>(
            &'a self,
            request: &'a TokenRefreshRequest,
        ) -> BoxFuture<'a, Result<RefreshedToken, CredentialsError>> {
            self.calls
                .lock()
                .unwrap()
                .push(format!("refresh {}", request.refresh_token));
            let ok = self.refresh_ok;
            Box::pin(async move {
                if ok {
                    Ok(RefreshedToken {
                        access_token: "new".into(),
                        expires_in: Duration::from_secs(3600),
                        refresh_token: None,
                    })
                } else {
                    Err(CredentialsError::invalid("InvalidGrantException"))
                }
            })
        }
    }

    fn home_with_cache(test: &str, expires_in: Duration) -> PathBuf {
        let home = std::env::temp_dir().join(format!("smelt-sso-{test}-{}", std::process::id()));
        let cache = home.join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        let at = crate::primitives::DateTime::from_system_time(SystemTime::now() + expires_in)
            .fmt(crate::primitives::TimestampFormat::DateTime)
            .unwrap();
        std::fs::write(
            cache.join(format!("{}.json", sha1_hex("corp"))),
            format!(
                r#"{{"accessToken":"soon","expiresAt":"{at}","refreshToken":"r","clientId":"c","clientSecret":"s"}}"#
            ),
        )
        .unwrap();
        home
    }

    fn profile() -> SsoProfile {
        SsoProfile {
            session: Some("corp".into()),
            start_url: "https://corp.awsapps.com/start".into(),
            region: "eu-west-1".into(),
            account_id: "1".into(),
            role_name: "Dev".into(),
        }
    }

    #[tokio::test]
    async fn a_token_inside_the_refresh_window_is_refreshed_or_else_still_used() {
        // Two minutes left: inside the 5-minute window, so a refresh is tried first.
        let home = home_with_cache("window", Duration::from_secs(120));
        let failing: Arc<dyn SsoClient> = Arc::new(FakeSso::default());
        let c = load(&profile(), Some(home.clone()), Some(&failing))
            .await
            .unwrap();
        assert_eq!(
            c.access_key_id(),
            "K-soon",
            "the unexpired token is still used"
        );
        let _ = std::fs::remove_dir_all(&home);

        let home = home_with_cache("window-ok", Duration::from_secs(120));
        let fake = Arc::new(FakeSso {
            refresh_ok: true,
            ..FakeSso::default()
        });
        let working: Arc<dyn SsoClient> = fake.clone();
        let c = load(&profile(), Some(home.clone()), Some(&working))
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "K-new");
        assert_eq!(*fake.calls.lock().unwrap(), ["refresh r", "role new"]);
        let _ = std::fs::remove_dir_all(&home);

        // Expired and not refreshable: the error says what to run.
        let home = home_with_cache("expired", Duration::ZERO);
        let e = load(&profile(), Some(home.clone()), Some(&failing))
            .await
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("InvalidGrantException"), "{text}");
        assert!(text.contains("aws sso login --sso-session corp"), "{text}");
        // No SSO client at all: a clear error naming where one comes from.
        let e = load(&profile(), Some(home.clone()), None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("smelt_config::load()"), "{e}");
        let _ = std::fs::remove_dir_all(&home);
    }

    #[test]
    fn sha1_vectors() {
        assert_eq!(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        // The key aws-cli documents for an sso-session named `my-sso`.
        assert_eq!(sha1_hex("my-sso").len(), 40);
    }
}
