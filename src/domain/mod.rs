//! Pure Rust: records, validation, money, phone numbers, search. No browser APIs here;
//! everything is tested natively with `cargo test`.

pub mod customer;
pub mod id;
pub mod locale;
pub mod money;
pub mod phone;
pub mod search;
pub mod settings;
pub mod time;
