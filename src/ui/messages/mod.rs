//! The domain's and the store's problems in the owner's language, one file per concern.
//!
//! The words are keys in `locales/*/errors.json` and the pages' namespaces.
//!
//! The domain and the store return typed problems (enums with their data: the field, the limit,
//! the value that failed); each concern's file words every variant with an exhaustive `match`, so
//! a new variant does not compile until it has words in every language.

mod formats;
mod insight;
mod messaging;
mod records;
mod store;
pub mod sync;

pub use formats::*;

pub use insight::{filter_problem, segment_problem};
pub use messaging::{campaign_problem, draft_problem, template_problem};
pub use records::{
    event_error, field_error, loyalty_problem, money_error, settings_problem, stage_name_problem,
};
