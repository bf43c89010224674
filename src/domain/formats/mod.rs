//! Files an owner holds: the backup (its merge rules and its encrypted envelope), CSV, vCard and
//! iCalendar, the import plan that turns a file into customers, payment payloads (QRIS, UPI) and
//! the product catalogue to share (one HTML file).
//! Each format is a versioned public contract (docs/). May import every other folder of the domain.

pub mod backup;
pub mod catalogue;
pub mod csv;
pub mod encrypted;
pub mod ics;
pub mod import;
pub mod ledger_csv;
pub mod merge;
pub mod pay;
pub mod products_csv;
pub mod vcard;
