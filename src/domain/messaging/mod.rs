//! Talking to customers without an API account: message templates, campaigns that respect consent,
//! and one-tap contact links (WhatsApp, call, SMS, email). Imports `basics` and `records`.

pub mod campaign;
pub mod contact;
pub mod template;
