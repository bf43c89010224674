//! Pure Rust: records, validation, money, phone numbers, search. No browser APIs here;
//! everything is tested natively with `cargo test`.

pub mod backup;
pub mod campaign;
pub mod cases;
pub mod contact;
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
pub mod search;
pub mod settings;
pub mod summary;
pub mod template;
pub mod time;
pub mod vcard;
