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

pub const MINUTE: Millis = 60_000;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// How long ago, in plain words: "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago",
/// "3 months ago", "2 years ago". Future times read "in 3 days".
pub fn ago(now: Millis, at: Millis) -> String {
    let d = now.saturating_sub(at);
    if d < 0 {
        let f = -d;
        return if f < HOUR {
            format!("in {} min", (f / MINUTE).max(1))
        } else if f < DAY {
            format!("in {} h", f / HOUR)
        } else if f < 2 * DAY {
            "tomorrow".into()
        } else {
            format!("in {} days", f / DAY)
        };
    }
    if d < MINUTE {
        "just now".into()
    } else if d < HOUR {
        format!("{} min ago", d / MINUTE)
    } else if d < DAY {
        format!("{} h ago", d / HOUR)
    } else if d < 2 * DAY {
        "yesterday".into()
    } else if d < 60 * DAY {
        format!("{} days ago", d / DAY)
    } else if d < 730 * DAY {
        format!("{} months ago", d / (30 * DAY))
    } else {
        format!("{} years ago", d / (365 * DAY))
    }
}
