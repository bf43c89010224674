//! The building blocks every other folder uses: money in integer minor units, phone numbers, the
//! business's country and language, time, ids, the shared sort and the app PIN's rules. Imports nothing else of the domain.

pub mod id;
pub mod locale;
pub mod money;
pub mod phone;
pub mod pin;
pub mod sort;
pub mod time;
