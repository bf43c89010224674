//! Files an owner holds: the backup (and its encrypted envelope), CSV, vCard and iCalendar, and the
//! import plan that turns a file into customers. Each format is a versioned public contract (docs/).

pub mod backup;
pub mod csv;
pub mod encrypted;
pub mod ics;
pub mod import;
pub mod vcard;
