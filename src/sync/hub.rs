//! Reaching the hub this station is configured for, and enrolling with it.

use super::client::{HttpHub, Receiver};
use super::wire::{EnrolReply, Enrolment, PROTOCOL_VERSION};
use super::worker::SyncError;
use crate::store::{Store, StoreError};

/// The hub address in use: `QUAY_HUB_URL` if set, else the stored setting.
pub fn hub_url(store: &Store) -> Result<Option<String>, StoreError> {
    Ok(store.hub_settings()?.effective_url())
}

/// A client for the configured hub, signing as this station.
pub fn connect(store: &mut Store) -> Result<HttpHub, SyncError> {
    let url = hub_url(store)?.ok_or(SyncError::NoHub)?;
    connect_to(store, &url)
}

/// A client for the hub at `url`, signing as this station.
pub fn connect_to(store: &mut Store, url: &str) -> Result<HttpHub, SyncError> {
    let identity = store.station_identity()?;
    Ok(HttpHub::new(
        url,
        &identity.station_id,
        identity.signing_key,
    )?)
}

/// Introduces this station's public key to the hub with the province's
/// enrolment token, and keeps the hub's public key (it signs acknowledgement
/// files). Enrolling again with the same key is harmless.
pub fn enrol(
    store: &mut Store,
    receiver: &dyn Receiver,
    token: &str,
) -> Result<EnrolReply, SyncError> {
    let identity = store.station_identity()?;
    let settings = store.settings()?;
    let enrolment = Enrolment {
        protocol: PROTOCOL_VERSION,
        station_id: identity.station_id.clone(),
        public_key: identity.public_key_hex(),
        agency_id: settings.agency_id.clone(),
        counter_no: settings.counter_no,
        name: settings.center_name.clone(),
        token: token.trim().to_string(),
    };
    let reply = receiver.enrol(&enrolment)?;
    store.set_hub_public_key(&reply.hub_public_key)?;
    Ok(reply)
}
