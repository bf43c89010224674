//! The records an owner keeps: customers, the relationship events (contacts, purchases, payments,
//! follow-ups, complaints, deals), the credit ledger, the maintained summaries, settings, customer
//! search, product search and duplicate detection. Imports only `basics`.

pub mod cases;
pub mod customer;
pub mod dunning;
pub mod dupes;
pub mod entry;
pub mod events;
pub mod interactions;
pub mod ledger;
pub mod loyalty;
pub mod orders;
pub mod paid;
pub mod pipeline;
pub mod product_search;
pub mod products;
pub mod purchases;
pub mod search;
pub mod settings;
pub mod statement;
pub mod summary;
pub mod tasks;
