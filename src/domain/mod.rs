//! Pure Rust: the rules of Rapport, with no browser APIs; everything is tested natively with
//! `cargo test`. It returns typed values and never builds sentences for the screen.
//!
//! The folders form layers; each imports only those above it in this list:
//! - [`basics`]: money, phone numbers, locale, time, ids, the shared sort;
//! - [`records`]: customers, their events, deals, the ledger, summaries, settings, search, duplicates;
//! - [`messaging`]: templates, campaigns, contact links;
//! - [`insight`]: analytics, RFM, lead score, segments;
//! - [`formats`]: backup (and its merge), encryption envelope, CSV, vCard, iCalendar, import;
//! - [`sync`]: Team sync through CouchDB replication: the connection's setup and test, the
//!   documents, revisions, revision trees and conflict resolution.

pub mod basics;
pub mod formats;
pub mod insight;
pub mod messaging;
pub mod records;
pub mod sync;
