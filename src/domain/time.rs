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
