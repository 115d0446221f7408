//! Where this counter sends its events (địa chỉ máy chủ đồng bộ của tỉnh):
//! stored as one JSON setting, key `sync`. The environment variable
//! [`HUB_URL_ENV`] overrides the address, for a technician testing a new hub.

use serde::{Deserialize, Serialize};

use super::Localized;

/// Overrides [`HubSettings::hub_url`] when set and not empty.
pub const HUB_URL_ENV: &str = "QUAY_HUB_URL";

/// `{hub_url, enrol_token?}`; `#[serde(default)]` so older rows still load.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HubSettings {
    /// `http://host:port` of the hub; empty until configured.
    pub hub_url: String,
    /// The enrolment token the province gave the center, kept so the station
    /// can enrol again (e.g. after the hub was reinstalled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrol_token: Option<String>,
}

impl HubSettings {
    /// The address to use: the environment's override, else the stored one.
    pub fn effective_url(&self) -> Option<String> {
        effective_url(std::env::var(HUB_URL_ENV).ok().as_deref(), &self.hub_url)
    }
}

/// [`HubSettings::effective_url`] with the environment passed in.
pub fn effective_url(env: Option<&str>, stored: &str) -> Option<String> {
    [env.unwrap_or(""), stored]
        .into_iter()
        .map(str::trim)
        .find(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubUrlError {
    #[error("the hub address must start with http:// or https:// (got {0:?})")]
    Scheme(String),
    #[error("the hub address has no host (got {0:?})")]
    NoHost(String),
    #[error("the hub address must not contain spaces (got {0:?})")]
    Spaces(String),
}

impl Localized for HubUrlError {
    fn vi(&self) -> String {
        match self {
            HubUrlError::Scheme(u) => {
                format!(
                    "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https:// (đã nhập \"{u}\")."
                )
            }
            HubUrlError::NoHost(u) => format!("Địa chỉ máy chủ thiếu tên máy (đã nhập \"{u}\")."),
            HubUrlError::Spaces(u) => {
                format!("Địa chỉ máy chủ không được chứa dấu cách (đã nhập \"{u}\").")
            }
        }
    }
}

/// A hub address as typed, checked and without a trailing slash. An empty
/// address is allowed: it turns network sync off.
pub fn check_hub_url(text: &str) -> Result<String, HubUrlError> {
    let url = text.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(String::new());
    }
    if url.chars().any(char::is_whitespace) {
        return Err(HubUrlError::Spaces(url.to_string()));
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or_else(|| HubUrlError::Scheme(url.to_string()))?;
    if rest.split('/').next().is_none_or(str::is_empty) {
        return Err(HubUrlError::NoHost(url.to_string()));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests;
