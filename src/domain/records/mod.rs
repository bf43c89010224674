//! The records an owner keeps: customers, the relationship events (contacts, purchases, payments,
//! follow-ups, complaints, deals), the credit ledger, the maintained summaries, settings, and the
//! rules that merge two copies of a record or two duplicate customers.

pub mod cases;
pub mod customer;
pub mod dupes;
pub mod entry;
pub mod events;
pub mod interactions;
pub mod ledger;
pub mod merge;
pub mod pipeline;
pub mod purchases;
pub mod settings;
pub mod summary;
pub mod tasks;
