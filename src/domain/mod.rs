//! Pure Rust: the rules of Rapport, with no browser APIs; everything is tested natively with
//! `cargo test`. It returns typed values and never builds sentences for the screen.
//!
//! - [`basics`]: money, phone numbers, locale, time, ids, sort, search (imports nothing else here);
//! - [`records`]: customers, their events, deals, the ledger, summaries, settings, merge rules;
//! - [`insight`]: analytics, RFM, lead score, segments;
//! - [`messaging`]: templates, campaigns, contact links;
//! - [`formats`]: backup, encryption envelope, CSV, vCard, iCalendar, import.

pub mod basics;
pub mod formats;
pub mod insight;
pub mod messaging;
pub mod records;
