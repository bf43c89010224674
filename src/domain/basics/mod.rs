//! The building blocks every other folder uses: money in integer minor units, phone numbers, the
//! business's country and language, time, ids, the shared sort and customer search.

pub mod id;
pub mod locale;
pub mod money;
pub mod phone;
pub mod search;
pub mod sort;
pub mod time;
