//! [`ProfileSettings`]: the settings of a profile besides credentials (region, endpoints,
//! retries, FIPS and dual-stack). Must not: load credentials or apply the settings to a client.

use super::*;

/// The settings of a profile besides credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfileSettings {
    /// The profile's name.
    pub profile: String,
    /// `region`.
    pub region: Option<String>,
    /// `endpoint_url`: the endpoint of every service.
    pub endpoint_url: Option<String>,
    /// The `[services NAME]` section the profile's `services` names: service key (as written,
    /// lower case, e.g. `s3`, `dynamodb`) → its settings (`endpoint_url`, ...).
    pub services: BTreeMap<String, BTreeMap<String, String>>,
    /// `retry_mode` (`standard`, `adaptive`, `legacy`).
    pub retry_mode: Option<String>,
    /// `max_attempts`.
    pub max_attempts: Option<u32>,
    /// `use_fips_endpoint`.
    pub use_fips_endpoint: Option<bool>,
    /// `use_dualstack_endpoint`.
    pub use_dualstack_endpoint: Option<bool>,
    /// `ignore_configured_endpoint_urls`.
    pub ignore_configured_endpoint_urls: Option<bool>,
    /// `account_id_endpoint_mode` (`preferred`, `disabled`, `required`).
    pub account_id_endpoint_mode: Option<String>,
    /// `request_checksum_calculation` (`when_supported`, `when_required`).
    pub request_checksum_calculation: Option<String>,
    /// `response_checksum_validation` (`when_supported`, `when_required`).
    pub response_checksum_validation: Option<String>,
}

impl ProfileSettings {
    pub(super) fn from_properties(
        profile: String,
        props: &Properties,
        config: &HashMap<String, Properties>,
    ) -> Result<Self, CredentialsError> {
        let flag = |k: &str| -> Result<Option<bool>, CredentialsError> {
            match get(props, k) {
                None => Ok(None),
                Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
                Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
                Some(v) => Err(CredentialsError::invalid(format!(
                    "profile `{profile}`: {k} must be true or false, not `{v}`"
                ))),
            }
        };
        let max_attempts = match get(props, "max_attempts") {
            None => None,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    return Err(CredentialsError::invalid(format!(
                        "profile `{profile}`: max_attempts must be a positive integer, not `{v}`"
                    )))
                }
            },
        };
        let retry_mode = get(props, "retry_mode");
        if let Some(m) = &retry_mode {
            let known = ["standard", "adaptive", "legacy"];
            if !known.iter().any(|k| m.trim().eq_ignore_ascii_case(k)) {
                return Err(CredentialsError::invalid(format!(
                    "profile `{profile}`: retry_mode must be standard, adaptive or legacy, not `{m}`"
                )));
            }
        }
        let mut services: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        if let Some(name) = get(props, "services") {
            let Some(section) = named_section(config, "services", &name) else {
                return Err(CredentialsError::invalid(format!(
                    "profile `{profile}` names services `{name}`, but the config file has no \
                     [services {name}] section"
                )));
            };
            for (key, value) in section {
                if let Some((service, setting)) = key.split_once('.') {
                    services
                        .entry(service.to_string())
                        .or_default()
                        .insert(setting.to_string(), value.trim().to_string());
                }
            }
        }
        Ok(Self {
            region: get(props, "region"),
            endpoint_url: get(props, "endpoint_url"),
            services,
            retry_mode,
            max_attempts,
            use_fips_endpoint: flag("use_fips_endpoint")?,
            use_dualstack_endpoint: flag("use_dualstack_endpoint")?,
            ignore_configured_endpoint_urls: flag("ignore_configured_endpoint_urls")?,
            account_id_endpoint_mode: get(props, "account_id_endpoint_mode"),
            request_checksum_calculation: get(props, "request_checksum_calculation"),
            response_checksum_validation: get(props, "response_checksum_validation"),
            profile,
        })
    }

    /// The endpoint for a service: its `services` entry's `endpoint_url`, else the profile's
    /// `endpoint_url`. `service_id` is the service's SDK id (`DynamoDB`, `Secrets Manager`),
    /// matched as lower case with spaces as underscores (`secrets_manager`).
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<&str> {
        let key = service_id
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        self.services
            .get(&key)
            .and_then(|s| s.get("endpoint_url"))
            .or(self.endpoint_url.as_ref())
            .map(String::as_str)
    }
}
