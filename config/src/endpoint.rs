//! Where the chain's STS and SSO calls go: `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`
//! (both ignored with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else the service's own
//! endpoint for the region (`https://sts.<region>.amazonaws.com`,
//! `https://portal.sso.<region>.amazonaws.com`, `https://oidc.<region>.amazonaws.com`), which
//! the generated clients compute themselves.

use smelt_runtime::credentials::EnvLookup;

/// The configured endpoint for the service whose variable suffix is `service` (`STS`, `SSO`,
/// `SSO_OIDC`), if any.
pub(crate) fn configured(env: &EnvLookup, service: &str) -> Option<String> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return None;
    }
    var(&format!("AWS_ENDPOINT_URL_{service}"))
        .or_else(|| var("AWS_ENDPOINT_URL"))
        .map(|url| url.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use smelt_runtime::credentials::env_from_map;

    #[test]
    fn service_variable_then_global_then_none() {
        let env = env_from_map([
            ("AWS_ENDPOINT_URL_STS", " http://127.0.0.1:1 "),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
        ]);
        assert_eq!(
            configured(&env, "STS").as_deref(),
            Some("http://127.0.0.1:1")
        );
        assert_eq!(
            configured(&env, "SSO").as_deref(),
            Some("http://127.0.0.1:2")
        );
        let env = env_from_map([
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
        ]);
        assert_eq!(configured(&env, "STS"), None);
        assert_eq!(
            configured(&env_from_map([("AWS_ENDPOINT_URL", "")]), "SSO"),
            None
        );
    }
}
