//! Pure Rust: records, validation, money, phone numbers, search. No browser APIs here;
//! everything is tested natively with `cargo test`.

pub mod analytics;
pub mod backup;
pub mod cases;
pub mod csv;
pub mod customer;
pub mod dupes;
pub mod encrypted;
pub mod events;
pub mod ics;
pub mod id;
pub mod import;
pub mod ledger;
pub mod locale;
pub mod merge;
pub mod money;
pub mod phone;
pub mod pipeline;
pub mod rfm;
pub mod score;
pub mod search;
pub mod segment;
pub mod settings;
pub mod summary;
pub mod time;
pub mod vcard;
