//! The building blocks every other folder uses: money in integer minor units, phone numbers, the
//! business's country and language, time, ids and the shared sort. Imports nothing else of the domain.

pub mod id;
pub mod locale;
pub mod money;
pub mod phone;
pub mod sort;
pub mod time;
