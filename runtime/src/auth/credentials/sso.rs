//! IAM Identity Center (SSO) credentials: the token `aws sso login` cached, refreshed through the
//! SSO OIDC `CreateToken` endpoint when it is about to expire, exchanged for role credentials
//! with the portal's `GetRoleCredentials`.
//!
//! * Profile: `sso_session` naming an `[sso-session NAME]` section (`sso_start_url`,
//!   `sso_region`), plus `sso_account_id` and `sso_role_name`; or the legacy form with
//!   `sso_start_url` and `sso_region` in the profile itself (its token cannot be refreshed).
//! * Token cache: `~/.aws/sso/cache/<hex SHA-1 of the session name>.json` (legacy: of the start
//!   URL), with `accessToken`, `expiresAt`, and for refresh `refreshToken`, `clientId`,
//!   `clientSecret`, `registrationExpiresAt`. A refreshed token is written back (string, number
//!   and boolean members are kept, as strings; arrays are dropped: the token cache has none).
//! * Endpoints: `https://oidc.<region>.amazonaws.com/token` and
//!   `https://portal.sso.<region>.amazonaws.com/federation/credentials`, or
//!   `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`.

use super::remote::{flat_json, parse_rfc3339, send, snippet};
use super::{non_empty, Credentials, CredentialsError, EnvLookup};
use crate::http::{ByteStream, HttpClient};
use crate::wire::json::JsonWriter;
use std::collections::BTreeMap;
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

fn endpoint(env: &EnvLookup, var: &str, default: String) -> String {
    non_empty(env, var)
        .map(|e| e.trim().trim_end_matches('/').to_string())
        .unwrap_or(default)
}

/// Loads role credentials for `profile`, refreshing the cached token when needed.
pub(crate) async fn load(
    profile: &SsoProfile,
    home: Option<PathBuf>,
    env: &EnvLookup,
    http: &Arc<dyn HttpClient>,
) -> Result<Credentials, CredentialsError> {
    let key = profile.session.as_deref().unwrap_or(&profile.start_url);
    let Some(home) = home else {
        return Err(CredentialsError::invalid(
            "SSO: no home directory to find ~/.aws/sso/cache in",
        ));
    };
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
        match refresh(profile, &mut cache, env, http, now).await {
            Ok(t) => {
                write_cache(&path, &cache);
                t
            }
            // Not refreshable, but not expired yet either: use it.
            Err(_) if !token.is_empty() && expires_at.is_some_and(|at| at > now) => token,
            Err(e) => return Err(login(e)),
        }
    };
    get_role_credentials(profile, &token, env, http).await
}

/// Refreshes the token with SSO OIDC `CreateToken` (grant type `refresh_token`), updating
/// `cache`; returns the new access token.
async fn refresh(
    profile: &SsoProfile,
    cache: &mut BTreeMap<String, String>,
    env: &EnvLookup,
    http: &Arc<dyn HttpClient>,
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
    let mut w = JsonWriter::new();
    {
        let mut o = w.object();
        o.key("clientId").string(&client_id);
        o.key("clientSecret").string(&client_secret);
        o.key("grantType").string("refresh_token");
        o.key("refreshToken").string(&refresh_token);
        o.end();
    }
    let base = endpoint(
        env,
        "AWS_ENDPOINT_URL_SSO_OIDC",
        format!("https://oidc.{}.amazonaws.com", profile.region),
    );
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("{base}/token"))
        .header("content-type", "application/json")
        .body(ByteStream::from(w.into_bytes()))
        .map_err(|e| format!("cannot build the CreateToken request: {e}"))?;
    let r = send(&**http, request, Duration::from_secs(10))
        .await
        .map_err(|e| format!("SSO OIDC CreateToken failed: {e}"))?;
    if r.status != 200 {
        return Err(format!(
            "SSO OIDC CreateToken answered {}: {}",
            r.status,
            snippet(&r.body)
        ));
    }
    let out = flat_json(&r.body).map_err(|e| format!("SSO OIDC CreateToken: {e}"))?;
    let (Some(token), Some(expires_in)) = (
        out.get("accessToken").filter(|t| !t.is_empty()),
        out.get("expiresIn").and_then(|s| s.parse::<u64>().ok()),
    ) else {
        return Err("SSO OIDC CreateToken answered without accessToken or expiresIn".into());
    };
    let expires =
        crate::primitives::DateTime::from_system_time(now + Duration::from_secs(expires_in));
    let expires = expires
        .fmt(crate::primitives::TimestampFormat::DateTime)
        .map_err(|e| e.to_string())?;
    cache.insert("accessToken".into(), token.clone());
    cache.insert("expiresAt".into(), expires);
    if let Some(rt) = out.get("refreshToken").filter(|t| !t.is_empty()) {
        cache.insert("refreshToken".into(), rt.clone());
    }
    Ok(token.clone())
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

/// The portal's `GetRoleCredentials`.
async fn get_role_credentials(
    profile: &SsoProfile,
    token: &str,
    env: &EnvLookup,
    http: &Arc<dyn HttpClient>,
) -> Result<Credentials, CredentialsError> {
    let fail = |m: String| CredentialsError::invalid(format!("SSO GetRoleCredentials: {m}"));
    let base = endpoint(
        env,
        "AWS_ENDPOINT_URL_SSO",
        format!("https://portal.sso.{}.amazonaws.com", profile.region),
    );
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let uri = format!(
        "{base}/federation/credentials?account_id={}&role_name={}",
        enc(&profile.account_id),
        enc(&profile.role_name)
    );
    let request = http::Request::builder()
        .method("GET")
        .uri(&uri)
        .header("x-amz-sso_bearer_token", token)
        .body(ByteStream::new())
        .map_err(|e| fail(format!("cannot build the request: {e}")))?;
    let r = send(&**http, request, Duration::from_secs(10))
        .await
        .map_err(fail)?;
    if r.status != 200 {
        return Err(fail(format!("HTTP {}: {}", r.status, snippet(&r.body))));
    }
    let out = flat_json(&r.body).map_err(fail)?;
    let get = |k: &str| {
        out.get(&format!("roleCredentials.{k}"))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let (Some(key), Some(secret)) = (get("accessKeyId"), get("secretAccessKey")) else {
        return Err(fail("the answer has no credentials".into()));
    };
    let expiry = get("expiration")
        .and_then(|ms| ms.parse::<u64>().ok())
        .map(|ms| SystemTime::UNIX_EPOCH + Duration::from_millis(ms));
    Ok(Credentials::new(
        key,
        secret,
        get("sessionToken"),
        expiry,
        "Sso",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
