//! One module per screen: its state, its `Message`, `update` returning an
//! `Action` for the root, and `view`.

pub mod intake;
pub mod setup;
