//! Sync with the provincial system: the protocol's messages and keys, shared by
//! the counter and the reference receiver `quay-hub`. Never imports the GUI.

pub mod signing;
pub mod wire;
