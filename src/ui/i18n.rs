//! The UI's words in the owner's language (English, Español, Bahasa Indonesia).
//!
//! The locale files live in `src/ui/locales/<lang>/<namespace>.json`; `leptos_i18n` compiles them
//! into plain functions, one per key, that return a `&'static str` for a locale. [`tr!`] looks a
//! key up in the current language: `tr!(common.nav_today)`, or with values
//! `tr!(common.days_ago, n = 3)` (then a `String`). The current language is a plain cell, not a
//! signal: the app root renders again when the language changes (a rare action), so no call site
//! needs a reactive closure. See docs/i18n.md.

use std::cell::Cell;

use crate::domain::basics::locale::{Language, PluralForm};
use crate::domain::basics::money::{self, Currency, Minor};
use crate::domain::basics::time::{Ago, Millis};

// Reads [package.metadata.leptos-i18n] in Cargo.toml. Deprecated in 0.6 in favour of a build.rs
// generator, which would add ICU's data tools (with networking) to every build; see docs/i18n.md.
#[allow(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}

pub use generated::i18n;

pub use i18n::Locale;

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::En) };
}

/// The language the UI is shown in now.
pub fn lang() -> Language {
    CURRENT.with(Cell::get)
}

/// Switches the UI language (the caller renders the app again) and the page's `<html lang>`.
pub fn set_lang(l: Language) {
    CURRENT.with(|c| c.set(l));
    crate::platform::set_locale(l);
}

/// The `leptos_i18n` locale for the current language.
pub fn locale() -> Locale {
    match lang() {
        Language::En => Locale::en,
        Language::Es => Locale::es,
        Language::Id => Locale::id,
    }
}

/// Looks a key up in the current language: `tr!(ns.key)` → `&'static str`;
/// `tr!(ns.key, name = value, …)` → `String` with each `{name}` replaced by `value` (any
/// `Display`). Values use single braces: `leptos_i18n`'s own `{{ name }}` interpolation would
/// generate a builder per key (bigger) and needs the build.rs code generator.
macro_rules! tr {
    ($($key:ident).+) => {
        leptos_i18n::td_string!($crate::ui::i18n::locale(), $($key).+)
    };
    ($($key:ident).+, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::ui::i18n::fill(
            leptos_i18n::td_string!($crate::ui::i18n::locale(), $($key).+),
            &[$((stringify!($name), &$value as &dyn std::fmt::Display)),+],
        )
    };
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// An amount of money as people write it in the current language (see docs/i18n.md).
pub fn fmt_money(amount: Minor, currency: Currency) -> String {
    money::format_money(amount, currency, lang())
}

/// A whole number with the current language's grouping: "1,234" / "1.234". Takes any integer
/// (`usize` counts too; one beyond `i64` shows as `i64::MAX`, far past any real count).
pub fn number(n: impl TryInto<i64>) -> String {
    money::format_number(n.try_into().unwrap_or(i64::MAX), lang())
}

/// How long ago (or how soon) `at` is, in words: "3 days ago", "hace 3 días", "3 hari lalu".
pub fn ago(now: Millis, at: Millis) -> String {
    match crate::domain::basics::time::ago_parts(now, at) {
        Ago::JustNow => tr!(time.just_now).into(),
        Ago::MinutesAgo(n) => tr!(time.min_ago, n = n),
        Ago::HoursAgo(n) => tr!(time.h_ago, n = n),
        Ago::Yesterday => tr!(time.yesterday).into(),
        Ago::DaysAgo(n) => tr!(time.days_ago, n = n),
        Ago::MonthsAgo(n) => tr!(time.months_ago, n = n),
        Ago::YearsAgo(n) => tr!(time.years_ago, n = n),
        Ago::InMinutes(n) => tr!(time.in_min, n = n),
        Ago::InHours(n) => tr!(time.in_h, n = n),
        Ago::Tomorrow => tr!(time.tomorrow).into(),
        Ago::InDays(n) => tr!(time.in_days, n = n),
    }
}

/// A duration for complaints: "2 days 3 h", "3 h 20 min", "5 min" ("h" and "min" are the same in
/// the three languages).
pub fn duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        let d = plural(days, tr!(time.day_one), tr!(time.day_n));
        if hours > 0 {
            format!("{d} {hours} h")
        } else {
            d
        }
    } else if hours > 0 && mins > 0 {
        format!("{hours} h {mins} min")
    } else if hours > 0 {
        format!("{hours} h")
    } else if mins > 0 {
        format!("{mins} min")
    } else {
        "< 1 min".to_string()
    }
}

/// A count in words with the current language's plural rule: `one` ("1 day") or `other`
/// ("{n} days"), with `{n}` written the local way ("10,000" / "10.000"). Takes any integer
/// (`usize` counts too).
pub fn plural(n: impl TryInto<i64>, one: &str, other: &str) -> String {
    plural_with(n, one, other, &[])
}

/// [`plural`] for a sentence with more values than the count: `plural_with(changes,
/// tr!(common.backup_last_one), tr!(common.backup_last), &[("ago", &when)])`.
pub fn plural_with(
    n: impl TryInto<i64>,
    one: &str,
    other: &str,
    values: &[(&str, &dyn std::fmt::Display)],
) -> String {
    let n = n.try_into().unwrap_or(i64::MAX);
    let text = match lang().plural_form(n) {
        PluralForm::One => one,
        PluralForm::Other => other,
    };
    let count = number(n);
    let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("n", &count)];
    all.extend_from_slice(values);
    fill(text, &all)
}

/// A birthday as people write it: "14 March 1985", "14 de marzo de 1985", "14 Maret 1985".
pub fn birthday(b: crate::domain::records::customer::Birthday) -> String {
    let month = crate::domain::basics::time::month_name(u32::from(b.month), lang());
    let sep = if lang() == Language::Es { " de " } else { " " };
    match b.year {
        Some(y) => format!("{}{sep}{month}{sep}{y}", b.day),
        None => format!("{}{sep}{month}", b.day),
    }
}
