//! Birthdays as people write them, and whether a column's dates are day or month first.

use crate::domain::records::customer::Birthday;
use crate::domain::records::search::fold;

use super::DateOrder;

/// Birthdays like Outlook's "0/0/00": no date.
pub(super) fn placeholder_date(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().any(|c| c == '0')
        && t.chars().all(|c| c == '0' || "/-. :".contains(c))
}

/// The month named by `word` (folded) in English, Spanish or Indonesian, or by its first three
/// letters or more ("mar", "sept", "ago", "okt", "des").
fn month_named(word: &str) -> Option<u8> {
    const NAMES: [&[&str]; 12] = [
        &["january", "enero", "januari"],
        &["february", "febrero", "februari", "pebruari"],
        &["march", "marzo", "maret"],
        &["april", "abril"],
        &["may", "mayo", "mei"],
        &["june", "junio", "juni"],
        &["july", "julio", "juli"],
        &["august", "agosto", "agustus"],
        &["september", "septiembre", "setiembre"],
        &["october", "octubre", "oktober"],
        &["november", "noviembre", "nopember"],
        &["december", "diciembre", "desember"],
    ];
    if word.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(word)))
        .map(|i| i as u8 + 1)
}

fn year_of(token: &str) -> Option<i32> {
    let y: i32 = token.parse().ok()?;
    match token.len() {
        // Two-digit years: 30–99 are 1900s, 00–29 are 2000s.
        2 => Some(if y >= 30 { 1900 + y } else { 2000 + y }),
        4 => Some(y),
        _ => None,
    }
}

/// A birthday from day, month and a year: a year outside 1900–2100 (Apple writes 1604 for
/// "no year") is dropped.
fn birthday(day: u32, month: u32, year: Option<i32>) -> Option<Birthday> {
    let (d, m) = (u8::try_from(day).ok()?, u8::try_from(month).ok()?);
    let year = year.filter(|y| (1900..=2100).contains(y));
    Birthday::new(d, m, year)
}

/// Day and month from two numbers in `order`, swapped when only the other order makes sense.
fn day_month(a: u32, b: u32, order: DateOrder) -> (u32, u32) {
    match order {
        DateOrder::DayFirst if a <= 12 && b > 12 => (b, a),
        DateOrder::DayFirst => (a, b),
        DateOrder::MonthFirst if a > 12 && b <= 12 => (a, b),
        DateOrder::MonthFirst => (b, a),
    }
}

/// Reads a birthday written in the usual ways (see the module docs); `None` when it cannot.
pub fn parse_birthday(s: &str, order: DateOrder) -> Option<Birthday> {
    let mut t = s.trim();
    // A time after the date: "1985-03-14T00:00:00Z", "14/03/1985 0:00".
    if let Some((date, _)) = t.split_once('T') {
        if date.len() >= 6 && date.chars().all(|c| c.is_ascii_digit() || c == '-') {
            t = date;
        }
    }
    if let Some((date, time)) = t.split_once(' ') {
        if time.contains(':') && !date.is_empty() {
            t = date;
        }
    }
    // vCard without a year: "--0314", "--03-14".
    if let Some(rest) = t.strip_prefix("--") {
        let d: String = rest.chars().filter(|c| *c != '-').collect();
        if d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()) {
            return birthday(d[2..].parse().ok()?, d[..2].parse().ok()?, None);
        }
        return None;
    }
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..]);
        return birthday(d.parse().ok()?, m.parse().ok()?, y.parse().ok()).or_else(|| {
            birthday(
                t[..2].parse().ok()?,
                t[2..4].parse().ok()?,
                t[4..].parse().ok(),
            )
        });
    }
    let folded = fold(t);
    let tokens: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut numbers: Vec<&str> = Vec::new();
    let mut month: Option<u8> = None;
    for w in &tokens {
        if w.chars().all(|c| c.is_ascii_digit()) {
            numbers.push(w);
        } else if let Some(m) = month_named(w) {
            if month.is_some_and(|x| x != m) {
                return None;
            }
            month = Some(m);
        } else if w.chars().any(|c| c.is_ascii_digit()) {
            // "14th", "1st".
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            let suffix = &w[digits.len()..];
            if digits.is_empty() || !["st", "nd", "rd", "th"].contains(&suffix) {
                return None;
            }
            numbers.push(&w[..digits.len()]);
        }
        // Other words ("de", "of", weekdays) are ignored.
    }
    if let Some(m) = month {
        let mut day = None;
        let mut year = None;
        for n in numbers {
            if n.len() <= 2 && day.is_none() {
                day = n.parse().ok();
            } else if year.is_none() {
                year = Some(year_of(n)?);
            } else {
                return None;
            }
        }
        return birthday(day?, u32::from(m), year);
    }
    if numbers.iter().any(|n| n.len() > 4) {
        return None;
    }
    match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => birthday(d.parse().ok()?, m.parse().ok()?, year_of(y)),
        [a, b, y] if a.len() <= 2 && b.len() <= 2 => {
            let (d, m) = day_month(a.parse().ok()?, b.parse().ok()?, order);
            birthday(d, m, Some(year_of(y)?))
        }
        [a, b] if a.len() <= 2 && b.len() <= 2 => {
            let (d, m) = day_month(a.parse().ok()?, b.parse().ok()?, order);
            birthday(d, m, None)
        }
        _ => None,
    }
}

/// Day or month first, from the dates of a column: a first number above 12 shows day first, a
/// second number above 12 shows month first; the majority wins, else day first.
pub fn guess_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    for v in values {
        let nums: Vec<u32> = v
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .take(2)
            .filter(|w| w.len() <= 2)
            .filter_map(|w| w.parse().ok())
            .collect();
        if let [a, b] = nums[..] {
            if a > 12 && b <= 12 {
                day_first += 1;
            } else if b > 12 && a <= 12 {
                month_first += 1;
            }
        }
    }
    if month_first > day_first {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}
