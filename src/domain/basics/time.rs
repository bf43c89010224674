//! Time as integer milliseconds since the Unix epoch (UTC). The domain never reads the clock:
//! callers pass `now`.

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The name of month `month` (1–12) in `lang`, as in a date: "March", "marzo", "Maret".
pub fn month_name(month: u32, lang: crate::domain::basics::locale::Language) -> &'static str {
    use crate::domain::basics::locale::Language;
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Language::En => MONTHS[i],
        Language::Es => MONTHS_ES[i],
        Language::Id => MONTHS_ID[i],
    }
}

pub const MINUTE: Millis = 60_000;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// How long ago, in plain words: "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago",
/// "3 months ago", "2 years ago". Future times read "in 3 days".
pub fn ago(now: Millis, at: Millis) -> String {
    match ago_parts(now, at) {
        Ago::JustNow => "just now".into(),
        Ago::MinutesAgo(n) => format!("{n} min ago"),
        Ago::HoursAgo(n) => format!("{n} h ago"),
        Ago::Yesterday => "yesterday".into(),
        Ago::DaysAgo(n) => format!("{n} days ago"),
        Ago::MonthsAgo(n) => format!("{n} months ago"),
        Ago::YearsAgo(n) => format!("{n} years ago"),
        Ago::InMinutes(n) => format!("in {n} min"),
        Ago::InHours(n) => format!("in {n} h"),
        Ago::Tomorrow => "tomorrow".into(),
        Ago::InDays(n) => format!("in {n} days"),
    }
}

/// How far `at` is from `now`, in the unit people would say (the UI puts it in words in the
/// owner's language; [`ago`] is the English wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    MinutesAgo(i64),
    HoursAgo(i64),
    Yesterday,
    DaysAgo(i64),
    MonthsAgo(i64),
    YearsAgo(i64),
    InMinutes(i64),
    InHours(i64),
    Tomorrow,
    InDays(i64),
}

/// The parts of [`ago`]: past times count minutes, hours, yesterday, days (< 60), months (< 2
/// years), years; future times minutes, hours, tomorrow, days.
pub fn ago_parts(now: Millis, at: Millis) -> Ago {
    let d = now.saturating_sub(at);
    if d < 0 {
        let f = -d;
        return if f < HOUR {
            Ago::InMinutes((f / MINUTE).max(1))
        } else if f < DAY {
            Ago::InHours(f / HOUR)
        } else if f < 2 * DAY {
            Ago::Tomorrow
        } else {
            Ago::InDays(f / DAY)
        };
    }
    if d < MINUTE {
        Ago::JustNow
    } else if d < HOUR {
        Ago::MinutesAgo(d / MINUTE)
    } else if d < DAY {
        Ago::HoursAgo(d / HOUR)
    } else if d < 2 * DAY {
        Ago::Yesterday
    } else if d < 60 * DAY {
        Ago::DaysAgo(d / DAY)
    } else if d < 730 * DAY {
        Ago::MonthsAgo(d / (30 * DAY))
    } else {
        Ago::YearsAgo(d / (365 * DAY))
    }
}
