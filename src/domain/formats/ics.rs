//! Follow-ups as an iCalendar file (RFC 5545), so the owner can put them in the phone's own
//! calendar and get a reminder.
//!
//! Each follow-up is a 15-minute event with a reminder at its start. Lines end in CRLF, text
//! is escaped (`\\`, `\;`, `\,`, `\n`) and lines longer than 75 octets are folded without
//! splitting a UTF-8 character.

use std::fmt::Write;

use crate::domain::basics::time::Millis;
use crate::domain::records::events::{utc_datetime, Task};

pub const PRODID: &str = "-//Rapport//CRM//EN";
/// The part after `@` in event UIDs.
pub const UID_DOMAIN: &str = "rapport.app";
/// The longest a content line may be before folding, in octets (CRLF excluded).
const MAX_OCTETS: usize = 75;

/// A calendar with the one follow-up `task` for the customer called `customer_name`
/// (whether done or not: the owner asked for it). UIDs are `<task id>@<uid_domain>`;
/// `now` is the DTSTAMP.
pub fn task_to_ics(task: &Task, customer_name: &str, now: Millis, uid_domain: &str) -> String {
    let mut out = String::new();
    begin(&mut out);
    vevent(&mut out, task, customer_name, now, uid_domain);
    line(&mut out, "END:VCALENDAR");
    out
}

/// A calendar with one event per open follow-up (not done, not in the Trash), in the given
/// order: `(task, customer name)`. UIDs are `<task id>@rapport.app`.
pub fn tasks_to_ics(tasks: &[(Task, String)], now: Millis) -> String {
    let mut out = String::new();
    begin(&mut out);
    for (task, customer) in tasks.iter().filter(|(t, _)| t.is_open()) {
        vevent(&mut out, task, customer, now, UID_DOMAIN);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The event title: "Follow up: Send the new price list — Siti Rahma".
pub fn summary_text(task: &Task, customer_name: &str) -> String {
    let customer = customer_name.trim();
    let title = task.title.trim();
    // A blank title (only spaces) must not leave "Follow up: " with a trailing space.
    match (title.is_empty(), customer.is_empty()) {
        (true, true) => "Follow up".to_string(),
        (true, false) => format!("Follow up — {customer}"),
        (false, true) => format!("Follow up: {title}"),
        (false, false) => format!("Follow up: {title} — {customer}"),
    }
}

/// A UTC date-time in iCalendar form: "20250314T020000Z".
pub fn ics_datetime(at: Millis) -> String {
    use chrono::{Datelike, Timelike};
    let t = utc_datetime(at);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Escapes a TEXT value: backslash, semicolon and comma get a backslash, line breaks become
/// `\n`, other control characters (except tab) are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (a continuation starts with a space, which
/// counts towards its 75), and CRLF. A fold never splits a UTF-8 character and never leaves
/// a space or tab at the end of a physical line (some readers trim those away).
pub fn fold_into(out: &mut String, content: &str) {
    let mut rest = content;
    let mut limit = MAX_OCTETS;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let kept = rest[..cut].trim_end_matches([' ', '\t']).len();
        if kept > 0 {
            cut = kept;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

fn line(out: &mut String, content: &str) {
    fold_into(out, content);
}

fn begin(out: &mut String) {
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, &format!("PRODID:{PRODID}"));
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
}

fn vevent(out: &mut String, task: &Task, customer_name: &str, now: Millis, uid_domain: &str) {
    let summary = escape_text(&summary_text(task, customer_name));
    let customer = customer_name.trim();
    let mut description = String::new();
    if customer.is_empty() {
        let _ = write!(description, "Follow up: {}", task.title.trim());
    } else {
        let _ = write!(
            description,
            "Follow up with {customer}: {}",
            task.title.trim()
        );
    }
    description.push_str("\nFrom Rapport.");
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}", escape_text(&format!("{}@{uid_domain}", task.id))),
    );
    line(out, &format!("DTSTAMP:{}", ics_datetime(now)));
    line(out, &format!("DTSTART:{}", ics_datetime(task.at)));
    line(out, "DURATION:PT15M");
    line(out, &format!("SUMMARY:{summary}"));
    line(out, &format!("DESCRIPTION:{}", escape_text(&description)));
    line(out, "BEGIN:VALARM");
    line(out, "ACTION:DISPLAY");
    line(out, &format!("DESCRIPTION:{summary}"));
    line(out, "TRIGGER:-PT0M");
    line(out, "END:VALARM");
    line(out, "END:VEVENT");
}
