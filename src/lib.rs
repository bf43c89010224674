//! Rapport: a customer-relationship manager that lives in the browser of a small-business owner's phone.
//!
//! - [`domain`]: pure Rust (records, validation, money, phones, search), tested natively.
//! - `store`: the only code that touches IndexedDB (wasm only).
//! - `ui`: Leptos pages and components (wasm only).
//! - `platform`: thin wrappers over browser APIs (wasm only).

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
