//! Native tests of the iCalendar export, read back with the `ical` parser.
#![cfg(not(target_arch = "wasm32"))]

use std::io::BufReader;

use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use proptest::prelude::*;
use rapport::domain::formats::ics::*;
use rapport::domain::records::events::Task;

const NOW: i64 = 1_741_910_400_000; // 2025-03-14T00:00:00Z

fn task(id: &str, title: &str, at: i64) -> Task {
    Task {
        id: id.into(),
        customer_id: "c1".into(),
        title: title.into(),
        at,
        done_at: None,
        interaction_id: None,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: None,
    }
}

fn parse(ics: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("a calendar").expect("parses");
    assert!(parser.next().is_none(), "only one calendar");
    cal
}

/// Reverses RFC 5545 TEXT escaping (the parser leaves values as written).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a str {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn summary(e: &IcalEvent) -> String {
    unescape(prop(&e.properties, "SUMMARY"))
}

/// Every line ends in CRLF, has no bare CR or LF, and is at most 75 octets.
fn assert_well_formed(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.ends_with(' '), "trailing space: {line:?}");
    }
}

#[test]
fn one_task_makes_a_calendar_with_one_event_and_a_reminder() {
    let t = task(
        "0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2",
        "Send the new price list",
        NOW + 3_600_000 * 26 + 60_000 * 30,
    );
    let ics = task_to_ics(&t, "Siti Rahma", NOW, "rapport.app");
    assert_well_formed(&ics);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//CRM//EN\r\n"));
    let cal = parse(&ics);
    assert_eq!(prop(&cal.properties, "VERSION"), "2.0");
    assert_eq!(prop(&cal.properties, "PRODID"), "-//Rapport//CRM//EN");
    assert_eq!(cal.events.len(), 1);
    let e = &cal.events[0];
    assert_eq!(
        prop(&e.properties, "UID"),
        "0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2@rapport.app"
    );
    assert_eq!(prop(&e.properties, "DTSTAMP"), "20250314T000000Z");
    assert_eq!(prop(&e.properties, "DTSTART"), "20250315T023000Z");
    assert_eq!(prop(&e.properties, "DURATION"), "PT15M");
    assert_eq!(
        summary(e),
        "Follow up: Send the new price list — Siti Rahma"
    );
    assert_eq!(
        unescape(prop(&e.properties, "DESCRIPTION")),
        "Follow up with Siti Rahma: Send the new price list\nFrom Rapport."
    );
    assert_eq!(e.alarms.len(), 1);
    let a = &e.alarms[0].properties;
    assert_eq!(prop(a, "TRIGGER"), "-PT0M");
    assert_eq!(prop(a, "ACTION"), "DISPLAY");
    assert!(!prop(a, "DESCRIPTION").is_empty());
}

#[test]
fn the_uid_domain_can_be_chosen() {
    let ics = task_to_ics(&task("t1", "x", NOW), "", NOW, "example.org");
    let cal = parse(&ics);
    assert_eq!(prop(&cal.events[0].properties, "UID"), "t1@example.org");
    assert_eq!(summary(&cal.events[0]), "Follow up: x");
}

#[test]
fn only_open_tasks_are_exported() {
    let mut done = task("done", "Done already", NOW);
    done.done_at = Some(NOW);
    let mut trashed = task("trashed", "In the Trash", NOW);
    trashed.deleted_at = Some(NOW);
    let tasks = vec![
        (task("a", "Call back", NOW + 1), "Ana".to_string()),
        (done, "Budi".to_string()),
        (trashed, "Citra".to_string()),
        (task("b", "Deliver cake", NOW + 2), "Dewi".to_string()),
    ];
    let ics = tasks_to_ics(&tasks, NOW);
    assert_well_formed(&ics);
    let cal = parse(&ics);
    let uids: Vec<&str> = cal
        .events
        .iter()
        .map(|e| prop(&e.properties, "UID"))
        .collect();
    assert_eq!(uids, ["a@rapport.app", "b@rapport.app"]);
    assert_eq!(summary(&cal.events[1]), "Follow up: Deliver cake — Dewi");

    let empty = tasks_to_ics(&[], NOW);
    assert_well_formed(&empty);
    assert!(parse(&empty).events.is_empty());
}

#[test]
fn text_is_escaped() {
    assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
    assert_eq!(
        escape_text("one\ntwo\r\nthree\rfour"),
        r"one\ntwo\nthree\nfour"
    );
    assert_eq!(escape_text("bell\u{7}tab\t"), "belltab\t");
}

#[test]
fn summaries_round_trip_with_emoji_accents_and_punctuation() {
    let long: String = "Ñandú 🎂, café; ".chars().cycle().take(200).collect();
    let titles = [
        "Kue ulang tahun 🎂🎉 for José, María; and Zoë",
        "Précisément: \"quoted\" \\ backslash, ; semicolon",
        "Line one\nLine two",
        "👩‍👩‍👧‍👦 family order",
        "日本語のタイトルと絵文字😀を含む長い長い長い長い長い長い長い長い長い長い件名",
        long.trim(),
    ];
    for title in titles {
        for customer in ["Núñez, Begoña", "", "Dewi 🌸"] {
            let t = task("x", title, NOW);
            let ics = task_to_ics(&t, customer, NOW, "rapport.app");
            assert_well_formed(&ics);
            let cal = parse(&ics);
            assert_eq!(summary(&cal.events[0]), summary_text(&t, customer));
            let expected = if customer.is_empty() {
                format!("Follow up: {title}")
            } else {
                format!("Follow up: {title} — {customer}")
            };
            assert_eq!(summary(&cal.events[0]), expected);
        }
    }
    // The 200-character title really was folded.
    let ics = task_to_ics(&task("x", long.trim(), NOW), "Ana", NOW, "rapport.app");
    assert!(ics.contains("\r\n "));
}

#[test]
fn folding_keeps_multibyte_characters_whole() {
    for prefix in 0..8 {
        let content = format!("SUMMARY:{}{}", "a".repeat(prefix), "é😀ñ".repeat(40));
        let mut out = String::new();
        fold_into(&mut out, &content);
        assert_well_formed(&out);
        // Unfolding gives the content back.
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), content);
        assert!(out.split("\r\n").next().map_or(0, str::len) > 70);
    }
}

#[test]
fn dates_are_utc() {
    assert_eq!(ics_datetime(0), "19700101T000000Z");
    assert_eq!(ics_datetime(NOW + 1_999), "20250314T000001Z");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_title_round_trips(
        title in "[a-zA-Z0-9 ,;:\\\\\"éñÜß日本😀🎂\n\t]{1,250}",
        customer in "[a-zA-Z ,;éñ🌸]{0,40}",
    ) {
        let t = task("p", &title, NOW);
        let ics = task_to_ics(&t, &customer, NOW, "rapport.app");
        assert_well_formed(&ics);
        let cal = parse(&ics);
        prop_assert_eq!(cal.events.len(), 1);
        let expected = summary_text(&t, &customer);
        // The parser trims the end of each line, so a value ending in blanks loses them.
        prop_assert_eq!(summary(&cal.events[0]), expected.trim_end());
    }
}
