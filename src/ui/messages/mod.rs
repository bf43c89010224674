//! The domain's and the store's messages in the owner's language (keys in `locales/*/errors.json`).
//!
//! Validation messages (`FieldError`, `EventError`) come from the domain in English; the keys
//! `errors.v_*` hold those exact English sentences (a native test checks each one still occurs
//! in `src/domain`), so [`problem`] finds the key and shows the current language. A message
//! without a key is shown as it is.

mod formats;

pub use formats::*;

use crate::domain::basics::money::MoneyError;
use crate::store::StoreError;

use super::i18n::Locale;

/// Returns the translation of the `errors.v_*` key whose English value is `$msg`.
macro_rules! translate_known {
    ($msg:expr; $($key:ident),+ $(,)?) => {{
        let m: &str = $msg;
        $(
            if m == leptos_i18n::td_string!(Locale::en, errors.$key) {
                return tr!(errors.$key).to_string();
            }
        )+
    }};
}

/// A validation message from the domain (a `FieldError`, an `EventError`, a `MoneyError`'s
/// `message()`), in the current language.
pub fn problem(message: &str) -> String {
    translate_known!(message;
        v_name_or_phone, v_name_long, v_email, v_tags_many, v_tag_long, v_notes_long,
        v_bday_both, v_bday_day, v_bday_month, v_bday_year, v_bday_range, v_bday_exists,
        v_follow_day, v_date, v_time, v_long_200, v_long_20000, v_note, v_items_many, v_item,
        v_qty_min, v_qty_whole, v_total_large, v_total_missing, v_paid_negative, v_paid_more,
        v_refund_paid, v_amount_zero, v_task_title, v_case_summary, v_deal_title,
        v_value_negative, v_money_empty, v_money_nan, v_money_decimals, v_money_large,
    );
    message.to_string()
}

/// A money amount typed wrong, in plain words (the same words as the forms' `v_money_*`).
pub fn money_error(e: &MoneyError) -> &'static str {
    match e {
        MoneyError::Empty => tr!(errors.v_money_empty),
        MoneyError::NotANumber => tr!(errors.v_money_nan),
        MoneyError::TooManyDecimals => tr!(errors.v_money_decimals),
        MoneyError::TooLarge => tr!(errors.v_money_large),
    }
}

impl StoreError {
    /// What to tell the owner, and what to do next, in the current language.
    pub fn message(&self) -> String {
        match self {
            StoreError::Unsupported => tr!(errors.store_unsupported).into(),
            StoreError::QuotaExceeded => tr!(errors.store_full).into(),
            StoreError::Blocked => tr!(errors.store_blocked).into(),
            StoreError::VersionTooNew => tr!(errors.store_too_new).into(),
            StoreError::Conflict => tr!(errors.store_conflict).into(),
            StoreError::NotFound => tr!(errors.store_not_found).into(),
            StoreError::Cancelled => tr!(errors.store_cancelled).into(),
            StoreError::Corrupt(e) => tr!(errors.store_corrupt, e = e),
            StoreError::Other(e) => tr!(errors.store_other, e = e),
        }
    }
}
