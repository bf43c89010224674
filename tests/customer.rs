//! Native tests of the customer record: validation, drafts, tombstones, birthdays.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::*;

fn draft(name: &str, phone: &str) -> CustomerDraft {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        ..Default::default()
    }
}

fn errors_for(d: &CustomerDraft) -> Vec<(Field, CustomerProblem)> {
    match d.check(Country::ID) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
    }
}

#[test]
fn a_customer_needs_a_name_or_a_phone() {
    let e = errors_for(&draft("  ", " "));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, Field::Name);
    assert_eq!(e[0].1, CustomerProblem::NameOrPhoneMissing);
    assert!(errors_for(&draft("Siti", "")).is_empty());
    assert!(errors_for(&draft("", "0812 3456 7890")).is_empty());
}

#[test]
fn email_must_look_like_one() {
    for bad in [
        "siti",
        "siti@",
        "@x.com",
        "siti@example",
        "siti@@example.com",
        "si ti@example.com",
        "siti@.com",
        "siti@example..com",
    ] {
        let mut d = draft("Siti", "");
        d.email = bad.into();
        let e = errors_for(&d);
        assert_eq!(e.len(), 1, "{bad} should be refused");
        assert_eq!(e[0].0, Field::Email);
        assert_eq!(e[0].1, CustomerProblem::EmailInvalid);
    }
    for good in ["siti@example.com", " Siti.Rahma+kue@Mail.co.id ", "a@b.es"] {
        let mut d = draft("Siti", "");
        d.email = good.into();
        assert!(errors_for(&d).is_empty(), "{good} should be accepted");
    }
}

#[test]
fn email_is_stored_trimmed_and_lower_case() {
    let mut d = draft("Siti", "");
    d.email = "  Siti@Example.COM ".into();
    let c = d.build_new(Country::ID, "x".into(), 1).unwrap();
    assert_eq!(c.email, "siti@example.com");
}

#[test]
fn unrecognised_phone_is_kept_as_typed_with_a_warning() {
    let d = draft("Siti", "12-34");
    let checked = d.check(Country::ID).expect("not an error");
    assert_eq!(checked.phone_e164, None);
    assert_eq!(checked.phone_unrecognised, Some(Country::ID));
    let c = d.build_new(Country::ID, "x".into(), 1).unwrap();
    assert_eq!(c.phone, "12-34");
    assert_eq!(c.phone_e164, None);
    assert_eq!(c.display_phone(), "12-34");
}

#[test]
fn phone_without_digits_is_an_error() {
    let e = errors_for(&draft("Siti", "call me"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, Field::Phone);
}

#[test]
fn recognised_phone_is_normalised() {
    let c = draft("Siti", "0812-3456-7890")
        .build_new(Country::ID, "x".into(), 1)
        .unwrap();
    assert_eq!(c.phone_e164.as_deref(), Some("+6281234567890"));
    assert_eq!(c.phone, "0812-3456-7890");
}

#[test]
fn tags_are_trimmed_and_deduplicated() {
    assert_eq!(
        parse_tags("vip, Kue , VIP,  ,#reseller;kue"),
        vec!["vip", "Kue", "reseller"]
    );
    assert!(parse_tags(" , ,").is_empty());
    let mut d = draft("Siti", "");
    d.tags = (0..31)
        .map(|i| format!("t{i}"))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(errors_for(&d)[0].0, Field::Tags);
    d.tags = "x".repeat(41);
    assert_eq!(errors_for(&d)[0].0, Field::Tags);
}

#[test]
fn social_handles_are_cleaned() {
    assert_eq!(clean_handle(" @dewi.cakes "), "dewi.cakes");
    assert_eq!(
        clean_handle("https://www.instagram.com/dewi.cakes/"),
        "dewi.cakes"
    );
    assert_eq!(clean_handle("https://tiktok.com/@majo.moda"), "majo.moda");
    assert_eq!(clean_handle(""), "");
}

#[test]
fn birthday_validation() {
    let b = |d: &str, m: &str, y: &str| {
        let mut x = draft("Siti", "");
        x.birthday_day = d.into();
        x.birthday_month = m.into();
        x.birthday_year = y.into();
        x.check(Country::ID)
            .map(|c| c.birthday)
            .map_err(|e| e[0].problem.clone())
    };
    assert_eq!(b("", "", ""), Ok(None));
    assert_eq!(
        b("14", "3", ""),
        Ok(Some(Birthday {
            day: 14,
            month: 3,
            year: None
        }))
    );
    assert_eq!(
        b("14", "3", "1985"),
        Ok(Some(Birthday {
            day: 14,
            month: 3,
            year: Some(1985)
        }))
    );
    assert_eq!(
        b("29", "2", ""),
        Ok(Some(Birthday {
            day: 29,
            month: 2,
            year: None
        }))
    );
    assert_eq!(
        b("29", "2", "2000"),
        Ok(Some(Birthday {
            day: 29,
            month: 2,
            year: Some(2000)
        }))
    );
    let no_such_date = Err(CustomerProblem::Birthday(BirthdayProblem::NoSuchDate));
    assert_eq!(b("29", "2", "1999"), no_such_date);
    assert_eq!(b("31", "4", ""), no_such_date);
    assert!(b("0", "1", "").is_err());
    assert_eq!(
        b("14", "", ""),
        Err(CustomerProblem::Birthday(BirthdayProblem::DayAndMonth))
    );
    assert_eq!(
        b("14", "3", "85x"),
        Err(CustomerProblem::Birthday(BirthdayProblem::YearNotANumber))
    );
    assert_eq!(
        b("14", "3", "1850"),
        Err(CustomerProblem::Birthday(BirthdayProblem::YearOutOfRange {
            min: 1900,
            max: 2100
        }))
    );
    assert_eq!(Birthday::new(14, 3, None).unwrap().display(), "14 March");
}

#[test]
fn too_long_values_are_refused_with_a_reason() {
    assert_eq!(errors_for(&draft(&"a".repeat(201), ""))[0].0, Field::Name);
    let mut d = draft("Siti", "");
    d.notes = "n".repeat(20_001);
    assert_eq!(errors_for(&d)[0].0, Field::Notes);
}

#[test]
fn several_problems_are_reported_together() {
    let mut d = draft("", "");
    d.email = "nope".into();
    d.birthday_day = "31".into();
    d.birthday_month = "2".into();
    let fields: Vec<Field> = errors_for(&d).into_iter().map(|e| e.0).collect();
    assert_eq!(fields, vec![Field::Name, Field::Email, Field::Birthday]);
}

#[test]
fn edit_keeps_identity_and_creation_time() {
    let c = draft("Siti", "")
        .build_new(Country::ID, "id-1".into(), 100)
        .unwrap();
    assert_eq!((c.created_at, c.updated_at), (100, 100));
    let mut d = c.to_draft();
    d.name = "Siti Rahma".into();
    let e = d.apply_to(&c, Country::ID, 200).unwrap();
    assert_eq!(e.id, "id-1");
    assert_eq!(e.created_at, 100);
    assert_eq!(e.updated_at, 200);
    assert_eq!(e.name, "Siti Rahma");
    // A clock that went backwards never makes updated_at go down.
    let e2 = e.to_draft().apply_to(&e, Country::ID, 150).unwrap();
    assert_eq!(e2.updated_at, 200);
}

#[test]
fn draft_round_trip_preserves_every_field() {
    let mut d = draft("Begoña Martínez", "612 34 56 78");
    d.email = "bego@example.es".into();
    d.tags = "pan, cumpleaños".into();
    d.status = Status::Customer;
    d.preferred_channel = Some(Channel::WhatsApp);
    d.instagram = "bego".into();
    d.facebook = "bego.fb".into();
    d.tiktok = "bego.tt".into();
    d.notes = "Sin gluten".into();
    d.birthday_day = "2".into();
    d.birthday_month = "11".into();
    d.birthday_year = "1970".into();
    d.marketing_consent = true;
    let c = d.build_new(Country::ES, "b".into(), 5).unwrap();
    assert_eq!(c.to_draft(), d);
    let json = serde_json::to_string(&c).unwrap();
    let back: Customer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn minimal_json_reads_with_defaults() {
    let c: Customer = serde_json::from_str(r#"{"id":"x","created_at":1,"updated_at":2}"#).unwrap();
    assert_eq!(c.status, Status::Lead);
    assert!(c.tags.is_empty());
    assert!(!c.marketing_consent);
    assert_eq!(c.display_name(), "(no name)");
    assert_eq!(c.initials(), "#");
}

#[test]
fn trash_and_restore() {
    let mut c = draft("Siti", "")
        .build_new(Country::ID, "x".into(), 10)
        .unwrap();
    c.trash(20);
    assert!(c.is_deleted());
    assert_eq!(c.deleted_at, Some(20));
    assert_eq!(c.updated_at, 20);
    c.restore(30);
    assert!(!c.is_deleted());
    assert_eq!(c.updated_at, 30);
}

#[test]
fn display_helpers() {
    let c = draft("siti rahma wati", "")
        .build_new(Country::ID, "x".into(), 1)
        .unwrap();
    assert_eq!(c.initials(), "SR");
    let c = draft("", "0812 3456 7890")
        .build_new(Country::ID, "x".into(), 1)
        .unwrap();
    assert_eq!(c.display_name(), "0812 3456 7890");
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn birthday_countdown() {
    let b = Birthday::new(25, 11, Some(1985)).unwrap();
    assert_eq!(b.days_until(date(2026, 11, 25)), 0);
    assert_eq!(b.days_until(date(2026, 11, 22)), 3);
    assert_eq!(b.days_until(date(2026, 11, 26)), 364);
    assert_eq!(b.turning(date(2026, 11, 22)), Some(41));
    assert_eq!(b.turning(date(2026, 11, 25)), Some(41));
    assert_eq!(b.turning(date(2026, 11, 26)), Some(42));
    // Across the new year.
    let jan = Birthday::new(2, 1, None).unwrap();
    assert_eq!(jan.days_until(date(2026, 12, 30)), 3);
    assert_eq!(jan.turning(date(2026, 12, 30)), None);
    // 29 February: on the 29th in leap years, on the 28th otherwise.
    let leap = Birthday::new(29, 2, None).unwrap();
    assert_eq!(leap.days_until(date(2027, 2, 27)), 1);
    assert_eq!(leap.days_until(date(2028, 2, 27)), 2);
}

#[test]
fn upcoming_birthdays_are_soonest_first_and_skip_the_trash() {
    let mk = |id: &str, d: u8, m: u8| {
        let mut c = draft(id, "").build_new(Country::ID, id.into(), 1).unwrap();
        c.birthday = Birthday::new(d, m, None);
        c
    };
    let mut trashed = mk("t", 22, 11);
    trashed.trash(2);
    let list = vec![
        mk("a", 28, 11),
        mk("b", 22, 11),
        mk("c", 1, 12),
        trashed,
        draft("none", "")
            .build_new(Country::ID, "n".into(), 1)
            .unwrap(),
        mk("d", 23, 11),
    ];
    let got = upcoming_birthdays(&list, date(2026, 11, 22), 7);
    assert_eq!(got, vec![(1, 0), (5, 1), (0, 6)]);
    assert_eq!(
        upcoming_birthdays(&list, date(2026, 11, 22), 0),
        vec![(1, 0)]
    );
}

#[test]
fn ago_reads_like_people_talk() {
    use rapport::domain::basics::time::{ago, DAY, HOUR, MINUTE};
    let now = 1_000 * DAY;
    assert_eq!(ago(now, now), "just now");
    assert_eq!(ago(now, now - 5 * MINUTE), "5 min ago");
    assert_eq!(ago(now, now - 3 * HOUR), "3 h ago");
    assert_eq!(ago(now, now - DAY - HOUR), "yesterday");
    assert_eq!(ago(now, now - 12 * DAY), "12 days ago");
    assert_eq!(ago(now, now - 90 * DAY), "3 months ago");
    assert_eq!(ago(now, now - 800 * DAY), "2 years ago");
    assert_eq!(ago(now, now + 3 * DAY), "in 3 days");
    assert_eq!(ago(now, now + 30 * MINUTE), "in 30 min");
    assert!(!ago(i64::MAX, i64::MIN).is_empty());
}

#[test]
fn backup_reminder_rules() {
    use rapport::domain::basics::time::DAY;
    use rapport::domain::records::settings::{backup_due, Settings};
    let now = 100 * DAY;
    assert!(!backup_due(7, None, 0, 0, now), "nothing to back up yet");
    assert!(backup_due(7, None, 0, 3, now), "never backed up");
    assert!(!backup_due(7, Some(now - 6 * DAY), 49, 10, now));
    assert!(backup_due(7, Some(now - 7 * DAY), 0, 10, now), "7 days");
    assert!(backup_due(7, Some(now - DAY), 50, 10, now), "50 changes");
    assert!(!backup_due(0, None, 500, 500, now), "reminders off");
    // Settings files from before the field existed read with the default of 7 days.
    let s: Settings = serde_json::from_str(r#"{"country":"ID","currency":"IDR"}"#).unwrap();
    assert_eq!(s.backup_reminder_days, 7);
}

#[test]
fn theme_setting_defaults_to_the_phone_and_round_trips() {
    use rapport::domain::records::settings::{Settings, Theme};
    // Settings saved before the theme existed load as "follow the phone".
    let old: Settings =
        serde_json::from_str(r#"{"country":"ES","currency":"EUR","language":"es"}"#).unwrap();
    assert_eq!(old.theme, Theme::System);
    let mut s = Settings::guess(["es-ES"]);
    s.theme = Theme::Dark;
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains(r#""theme":"dark""#), "{json}");
    assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), s);
    // "Like the phone" is not written: settings without a colour choice keep their old bytes.
    assert!(!serde_json::to_string(&old).unwrap().contains("theme"));
    for t in Theme::ALL {
        assert_eq!(Theme::from_code(t.code()), Some(t));
    }
    assert_eq!(Theme::from_code("purple"), None);
    assert!(serde_json::from_str::<Settings>(
        r#"{"country":"ES","currency":"EUR","theme":"purple"}"#
    )
    .is_err());
}
