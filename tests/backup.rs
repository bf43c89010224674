//! Native tests of the backup file format (v1, and migration from v0): fixtures with known
//! values, canonical export (export → parse → export gives the same bytes, property-tested),
//! typed errors for damaged or foreign files, and mutation tests (random byte edits and
//! truncations of a valid backup never panic and give either a backup or a typed error).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::sample::{select, Index};
use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::backup::*;
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::{Birthday, Channel, Customer, Social, Status};
use rapport::domain::records::events::*;
use rapport::domain::records::paid;
use rapport::domain::records::settings::Settings;
use rapport::domain::records::summary::Summary;

const SITI: &str = "019462656600-1a2b3c4d5e6f708192a3";
const BUDI: &str = "0194bb5fb800-9f8e7d6c5b4a39281706";
const JOSE: &str = "01952014f800-00112233445566778899";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn v1() -> String {
    String::from_utf8(fixture("backup-v1.json")).expect("UTF-8 fixture")
}

/// The v2 fixture: the v1 fixture as this app writes it, plus a deal and a message template.
fn v2() -> String {
    String::from_utf8(fixture("backup-v2.json")).expect("UTF-8 fixture")
}

/// The v3 fixture: the v2 fixture as this app writes it, plus payment methods (one of each
/// kind, one in the Trash), reminder schedules (the default, a due date, one turned off) and a
/// promise.
fn v3() -> String {
    String::from_utf8(fixture("backup-v3.json")).expect("UTF-8 fixture")
}

/// The v4 fixture: the v3 fixture as this app writes it, plus two products (one archived, in
/// the Trash), one product photo, and a purchase line naming its product.
fn v4() -> String {
    String::from_utf8(fixture("backup-v4.json")).expect("UTF-8 fixture")
}

fn err(bytes: impl AsRef<[u8]>) -> BackupError {
    match parse(bytes.as_ref()) {
        Ok(b) => panic!("expected an error, got {b:?}"),
        Err(e) => e,
    }
}

/// The v1 fixture with one piece of text replaced (which must be there exactly once).
fn v1_with(from: &str, to: &str) -> String {
    let text = v1();
    assert_eq!(text.matches(from).count(), 1, "{from} must occur once");
    text.replacen(from, to, 1)
}

fn invalid_parts(e: BackupError) -> (Part, Damage) {
    match e {
        BackupError::Invalid { part, damage } => (part, damage),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// The record `number` (from 1) of `kind`, with its name or id.
fn record(kind: Kind, number: usize, name: Option<&str>, id: Option<&str>) -> Part {
    Part::Record {
        kind,
        number,
        name: name.map(str::to_string),
        id: id.map(str::to_string),
    }
}

/// Whether the damage names the field `key` (found, or in the reader's detail).
fn names_field(d: &Damage, key: &str) -> bool {
    match d {
        Damage::WrongValue { key: k, detail } => k.as_deref() == Some(key) || detail.contains(key),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

#[test]
fn v1_fixture_parses_into_known_values() {
    let b = parse(&fixture("backup-v1.json")).expect("the v1 fixture parses");
    assert_eq!(b.version, 1);
    assert_eq!(b.orphan_events, 0);
    assert_eq!(
        b.meta,
        Meta {
            exported_at: 1_741_939_200_000,
            app_version: "0.1.0".into(),
            device_id: "d-3f9a2c71".into(),
        }
    );
    assert_eq!(
        b.data.settings,
        Some(Settings {
            business_name: "Dewi Cakes".into(),
            business_phone: String::new(),
            country: Country::ID,
            currency: Currency::IDR,
            language: Language::Id,
            language_chosen: false,
            backup_reminder_days: 7,
            theme: Default::default(),
            updated_at: 1_736_800_000_000,
            stage_names: Default::default(),
            loyalty: None,
        })
    );
    let d = &b.data;
    assert_eq!(
        d.counts(),
        Counts {
            customers: 3,
            interactions: 2,
            purchases: 2,
            payments: 1,
            tasks: 1,
            cases: 1,
            ..Counts::default()
        }
    );
    let ids: Vec<&str> = d.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [SITI, BUDI, JOSE]);

    let siti = &d.customers[0];
    assert_eq!(
        siti,
        &Customer {
            id: SITI.into(),
            name: "Siti Rahma".into(),
            phone: "0812-3456-7890".into(),
            phone_e164: Some("+6281234567890".into()),
            email: "siti@example.com".into(),
            tags: vec!["vip".into(), "kue".into()],
            status: Status::Customer,
            preferred_channel: Some(Channel::WhatsApp),
            social: Social {
                instagram: "siti.rahma".into(),
                ..Social::default()
            },
            notes: "Likes pandan cake.\nNo nuts!".into(),
            birthday: Birthday::new(14, 3, Some(1985)),
            marketing_consent: true,
            do_not_contact: false,
            source: String::new(),
            created_at: 1_736_817_600_000,
            updated_at: 1_741_000_000_000,
            deleted_at: None,
            // Recomputed from her events: a WhatsApp chat, a 350,000 purchase with 100,000
            // paid, a 50,000 payment, an open follow-up and a resolved complaint.
            summary: Summary {
                last_contact_at: Some(1_741_010_000_000),
                last_purchase_at: Some(1_741_010_000_000),
                first_purchase_at: Some(1_741_010_000_000),
                total_spent: 350_000,
                purchase_count: 1,
                balance: 200_000,
                oldest_unpaid_at: Some(1_741_010_000_000),
                open_tasks: 1,
                next_task_at: Some(1_742_000_000_000),
                open_cases: 0,
            },
        }
    );
    let budi = &d.customers[1];
    assert_eq!(budi.name, "Budi \"Pak\" Santoso");
    assert_eq!(budi.status, Status::Inactive);
    assert_eq!(budi.deleted_at, Some(1_741_500_000_000));
    assert_eq!(budi.summary, Summary::default());
    let jose = &d.customers[2];
    assert_eq!(jose.name, "Café José Núñez");
    assert_eq!(jose.social.tiktok, "cafe.jose");
    assert_eq!(jose.birthday, Birthday::new(29, 2, None));
    // A refund counts as contact and lowers what was spent; the deleted note does not count.
    assert_eq!(jose.summary.last_contact_at, Some(1_741_020_000_000));
    assert_eq!(jose.summary.total_spent, -25_000);
    assert_eq!(jose.summary.purchase_count, 0);

    assert_eq!(d.interactions[0].kind, InteractionKind::WhatsApp);
    assert_eq!(d.interactions[0].direction, Direction::In);
    assert_eq!(d.interactions[1].deleted_at, Some(1_741_200_000_000));
    let p = &d.purchases[0];
    assert_eq!(
        p.lines,
        vec![
            Line {
                product_id: None,
                item: "Pandan cake".into(),
                quantity: 2,
                unit_price: 150_000
            },
            Line {
                product_id: None,
                item: "Candles".into(),
                quantity: 1,
                unit_price: 50_000
            },
        ]
    );
    assert_eq!((p.total, p.paid), (350_000, 100_000));
    assert_eq!(
        d.payments[0].purchase_id.as_deref(),
        Some("01955c485880-cccccccccccccccccccc")
    );
    assert_eq!(d.tasks[0].title, "Send the cake photo");
    assert_eq!(
        d.tasks[0].interaction_id.as_deref(),
        Some("01955bafc200-aaaaaaaaaaaaaaaaaaaa")
    );
    let case: &Case = &d.cases[0];
    assert_eq!(case.channel, InteractionKind::Call);
    assert_eq!(case.resolved_at, Some(1_741_480_000_000));
}

#[test]
fn v1_fixture_migrates_to_v2_with_empty_new_lists() {
    let b = parse(v1().as_bytes()).unwrap();
    assert_eq!(b.version, 1);
    assert!(b.data.deals.is_empty() && b.data.templates.is_empty());
    assert!(b.data.campaigns.is_empty() && b.data.segments.is_empty());
    let mut expected = parse(v2().as_bytes()).unwrap().data;
    expected.deals.clear();
    expected.templates.clear();
    assert_eq!(b.data, expected);
    let written = export(&b.data, &b.meta);
    assert!(written.starts_with("{\"format\":\"rapport-backup\",\"version\":4,"));
    assert!(
        written.contains("\"deals\":[],\n\"templates\":[],\n\"campaigns\":[],\n\"segments\":[],\n\"pay_methods\":[],\n\"reminder_schedules\":[],\n\"promises\":[],\n\"redemptions\":[],\n\"products\":[],\n\"product_photos\":[]\n}")
    );
}

#[test]
fn v2_fixture_migrates_to_v3_with_empty_new_lists() {
    let b = parse(v2().as_bytes()).unwrap();
    assert_eq!(b.version, 2);
    assert_eq!(b.data.deals.len(), 1);
    assert_eq!(b.data.deals[0].value, 1_500_000);
    assert_eq!(b.data.templates[0].name, "Order ready");
    assert_eq!(b.orphan_events, 0);
    assert!(b.data.pay_methods.is_empty());
    assert!(b.data.reminder_schedules.is_empty() && b.data.promises.is_empty());
    let mut expected = parse(v3().as_bytes()).unwrap().data;
    expected.pay_methods.clear();
    expected.reminder_schedules.clear();
    expected.promises.clear();
    assert_eq!(b.data, expected);
    let p = preview(v2().as_bytes()).unwrap();
    assert_eq!((p.counts.pay_methods, p.counts.promises), (0, 0));
}

#[test]
fn v3_fixture_migrates_to_v4_with_no_products_and_no_redemptions() {
    let b = parse(v3().as_bytes()).unwrap();
    assert_eq!(b.version, 3);
    assert!(b.data.products.is_empty() && b.data.product_photos.is_empty());
    assert!(b.data.redemptions.is_empty());
    let mut expected = parse(v4().as_bytes()).unwrap().data;
    expected.products.clear();
    expected.product_photos.clear();
    expected.purchases.iter_mut().for_each(|p| {
        p.lines.iter_mut().for_each(|l| l.product_id = None);
    });
    assert_eq!(b.data, expected);
    assert_eq!(preview(v3().as_bytes()).unwrap().counts.redemptions, 0);
}

#[test]
fn v4_fixture_exports_to_the_same_bytes() {
    let text = v4();
    let b = parse(text.as_bytes()).unwrap();
    assert_eq!(b.version, 4);
    assert_eq!(b.orphan_events, 0);
    assert_eq!(b.data.products.len(), 2);
    assert_eq!(b.data.product_photos.len(), 1);
    assert_eq!(
        b.data.purchases[0].lines[0].product_id.as_deref(),
        Some(b.data.products[0].id.as_str())
    );
    assert_eq!(export(&b.data, &b.meta), text);
    assert!(
        !text.contains("\"summary\":{"),
        "customers are written without a summary"
    );
}

#[test]
fn v3_fixture_holds_the_get_paid_records() {
    use rapport::domain::records::paid::*;
    let d = parse(v3().as_bytes()).unwrap().data;
    assert_eq!(d.pay_methods.len(), 4);
    for m in &d.pay_methods {
        assert_eq!(m.check(), Ok(()), "{}", m.id);
    }
    let live = live_methods(&d.pay_methods);
    let kinds: Vec<&str> = live.iter().map(|m| m.kind.code()).collect();
    assert_eq!(
        kinds,
        ["qris", "text", "image"],
        "by position; the UPI one is in the Trash"
    );
    assert!(matches!(
        &live[0].kind,
        PayKind::Qris {
            dynamic_amount: true,
            ..
        }
    ));
    let default = d
        .reminder_schedules
        .iter()
        .find(|s| s.id == DEFAULT_SCHEDULE_ID)
        .unwrap();
    assert_eq!(default.customer_id, None);
    assert_eq!(default.rule, ReminderRule::EveryDays { days: 7 });
    let siti = d
        .reminder_schedules
        .iter()
        .find(|s| s.customer_id.as_deref() == Some(SITI))
        .unwrap();
    assert_eq!(siti.id, ReminderSchedule::id_for(Some(SITI)));
    assert_eq!(
        siti.rule,
        ReminderRule::DueDate {
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 20).unwrap(),
            every_days: 3
        }
    );
    assert_eq!(siti.last_sent_at, Some(1_741_600_000_000));
    assert!(d
        .reminder_schedules
        .iter()
        .any(|s| s.customer_id.as_deref() == Some(JOSE) && s.off));
    let p = &d.promises[0];
    assert_eq!(p.customer_id, SITI);
    assert_eq!(p.amount, Some(50_000));
    assert_eq!(p.pay_on.to_string(), "2025-03-21");
}

#[test]
fn v1_fixture_preview() {
    let p = preview(&fixture("backup-v1.json")).unwrap();
    assert_eq!(p.version, 1);
    assert_eq!(p.meta.device_id, "d-3f9a2c71");
    assert_eq!(p.meta.exported_at, 1_741_939_200_000);
    assert_eq!(p.meta.app_version, "0.1.0");
    assert_eq!(p.counts.customers, 3);
    assert_eq!(p.counts.total(), 10);
    assert!(p.has_settings);
}

#[test]
fn v0_fixture_imports() {
    let b = parse(&fixture("backup-v0.json")).expect("the v0 fixture imports");
    assert_eq!(b.version, 0);
    assert_eq!(
        b.meta,
        Meta {
            exported_at: 1_738_292_400_000, // 2025-01-31T10:00:00+07:00
            app_version: "0.0.0".into(),
            device_id: String::new(),
        }
    );
    let d = &b.data;
    assert_eq!(d.settings, None);
    assert_eq!(d.counts().total(), 3);
    assert_eq!(d.counts().customers, 3);

    let siti = &d.customers[0];
    assert_eq!(siti.id, SITI);
    assert_eq!(siti.name, "Siti Rahma");
    assert_eq!(siti.phone, "+6281234567890");
    assert_eq!(siti.phone_e164.as_deref(), Some("+6281234567890"));
    assert_eq!(siti.email, "siti@example.com");
    assert_eq!(siti.tags, ["vip", "kue"]);
    assert_eq!(siti.notes, "Likes pandan cake.");
    assert_eq!(siti.status, Status::Customer);
    assert_eq!(siti.created_at, 1_736_817_600_000);
    assert_eq!(siti.updated_at, 1_737_340_200_250);
    assert_eq!(siti.deleted_at, None);

    let budi = &d.customers[1];
    assert_eq!(budi.phone, "021 555 0199");
    assert_eq!(budi.phone_e164, None, "not E.164: kept as typed only");
    assert!(budi.tags.is_empty());
    assert_eq!(budi.status, Status::Lead);
    assert_eq!(budi.created_at, 1_738_310_400_000);
    assert_eq!(budi.deleted_at, Some(1_738_310_700_000));

    let third = &d.customers[2];
    assert_eq!(third.name, "");
    assert_eq!(third.created_at, 1_738_314_000_000);
    assert_eq!(
        third.updated_at, third.created_at,
        "no update time: created"
    );
    assert_eq!(third.deleted_at, None);

    // Saved again, it is a v4 file that reads back the same.
    let again = export(&b.data, &b.meta);
    let b2 = parse(again.as_bytes()).unwrap();
    assert_eq!(b2.version, 4);
    assert_eq!(b2.data, b.data);
    assert_eq!(
        preview(&fixture("backup-v0.json"))
            .unwrap()
            .counts
            .customers,
        3
    );
}

#[test]
fn migrate_steps() {
    let v: serde_json::Value = serde_json::from_slice(&fixture("backup-v4.json")).unwrap();
    assert_eq!(
        migrate(v.clone(), 4).unwrap(),
        v,
        "the current version is left alone"
    );
    assert_eq!(
        migrate(v, 5).unwrap_err(),
        BackupError::TooNew { version: 5 }
    );
    let v3: serde_json::Value = serde_json::from_slice(&fixture("backup-v3.json")).unwrap();
    let up3 = migrate(v3, 3).unwrap();
    assert_eq!(up3["version"], 4);
    assert_eq!(up3["products"], serde_json::json!([]));
    assert_eq!(up3["redemptions"], serde_json::json!([]));
    assert_eq!(up3["counts"]["redemptions"], 0);
    assert_eq!(up3["product_photos"], serde_json::json!([]));
    assert_eq!(up3["counts"]["products"], 0);
    assert_eq!(up3["counts"]["pay_methods"], 4);
    let v2: serde_json::Value = serde_json::from_slice(&fixture("backup-v2.json")).unwrap();
    let up2 = migrate(v2, 2).unwrap();
    assert_eq!(up2["version"], 4);
    assert_eq!(up2["pay_methods"], serde_json::json!([]));
    assert_eq!(up2["reminder_schedules"], serde_json::json!([]));
    assert_eq!(up2["promises"], serde_json::json!([]));
    assert_eq!(up2["counts"]["promises"], 0);
    assert_eq!(up2["counts"]["deals"], 1);
    let v1: serde_json::Value = serde_json::from_slice(&fixture("backup-v1.json")).unwrap();
    let up1 = migrate(v1, 1).unwrap();
    assert_eq!(up1["version"], 4);
    assert_eq!(up1["deals"], serde_json::json!([]));
    assert_eq!(up1["counts"]["segments"], 0);
    assert_eq!(up1["counts"]["customers"], 3);
    let v0: serde_json::Value = serde_json::from_slice(&fixture("backup-v0.json")).unwrap();
    let up = migrate(v0, 0).unwrap();
    assert_eq!(up["version"], 4);
    assert_eq!(up["counts"]["customers"], 3);
    assert_eq!(up["customers"][0]["created_at"], 1_736_817_600_000i64);
    assert!(up["customers"][2].get("legacy_colour").is_none());
}

#[test]
fn v0_with_a_bad_date_names_the_customer() {
    let text = String::from_utf8(fixture("backup-v0.json"))
        .unwrap()
        .replace("2025-01-31T08:00:00Z", "last Tuesday");
    let (what, detail) = invalid_parts(err(text));
    assert!(
        matches!(&what, Part::Record { kind: Kind::Customer, name: Some(n), .. } if n == "Budi Santoso"),
        "{what:?}"
    );
    assert_eq!(
        detail,
        Damage::NotADate {
            key: "created".into()
        }
    );
    let text = r#"{"format":"rapport-backup","version":0,"exported_at":"soon","customers":[]}"#;
    assert!(matches!(err(text), BackupError::Invalid { .. }));
    let text = r#"{"format":"rapport-backup","version":0,"exported_at":"2025-01-31T10:00:00Z"}"#;
    assert_eq!(parse(text.as_bytes()).unwrap().data, Data::default());
}

// ---------------------------------------------------------------------------------------------
// Export

#[test]
fn export_of_nothing() {
    let meta = Meta::new(5, "phone-a");
    let text = export(&Data::default(), &meta);
    let expected = format!(
        "{{\"format\":\"rapport-backup\",\"version\":4,\"exported_at\":5,\"app_version\":\"{APP_VERSION}\",\"device_id\":\"phone-a\",\n\
         \"counts\":{{\"customers\":0,\"interactions\":0,\"purchases\":0,\"payments\":0,\"tasks\":0,\"cases\":0,\"deals\":0,\"templates\":0,\"campaigns\":0,\"segments\":0,\"pay_methods\":0,\"reminder_schedules\":0,\"promises\":0,\"redemptions\":0,\"products\":0,\"product_photos\":0}},\n\
         \"settings\":null,\n\
         \"customers\":[],\n\"interactions\":[],\n\"purchases\":[],\n\"payments\":[],\n\"tasks\":[],\n\"cases\":[],\n\
         \"deals\":[],\n\"templates\":[],\n\"campaigns\":[],\n\"segments\":[],\n\
         \"pay_methods\":[],\n\"reminder_schedules\":[],\n\"promises\":[],\n\"redemptions\":[],\n\"products\":[],\n\"product_photos\":[]\n}}\n"
    );
    assert_eq!(text, expected);
    let b = parse(text.as_bytes()).unwrap();
    assert_eq!(b.data, Data::default());
    assert_eq!(b.meta, meta);
    assert!(b.data.is_empty());
}

#[test]
fn export_sorts_by_id_and_leaves_out_the_summary() {
    let b = parse(v4().as_bytes()).unwrap();
    let mut data = b.data.clone();
    data.products.reverse();
    data.customers.reverse();
    data.purchases.reverse();
    data.pay_methods.reverse();
    data.reminder_schedules.reverse();
    data.customers[0].summary.balance = 99;
    assert_eq!(export(&data, &b.meta), v4());
}

#[test]
fn file_name_uses_the_local_date() {
    // 2025-03-13T20:00:00Z is already 14 March in Jakarta (UTC+7).
    assert_eq!(
        file_name(1_741_896_000_000, -420),
        "rapport-backup-2025-03-14.json"
    );
    assert_eq!(
        file_name(1_741_896_000_000, 0),
        "rapport-backup-2025-03-13.json"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn empty_files() {
    assert_eq!(err(b""), BackupError::Empty);
    assert_eq!(err(b"  \n\t"), BackupError::Empty);
    assert_eq!(err("\u{feff}"), BackupError::Empty);
    assert_eq!(preview(b"").unwrap_err(), BackupError::Empty);
}

#[test]
fn not_json() {
    for text in [
        "hello",
        "<html><body>",
        "PK\u{3}\u{4}",
        "{format: rapport-backup}",
        "{",
        "[1,",
    ] {
        assert_eq!(err(text), BackupError::NotJson, "{text}");
    }
}

#[test]
fn json_that_is_not_a_backup() {
    for text in [
        "[]",
        "[1,2,3]",
        "42",
        "null",
        "\"rapport-backup\"",
        "{}",
        r#"{"format":"other","version":1}"#,
        r#"{"format":"rapport-backup"}"#,
        r#"{"format":"rapport-backup","version":"1"}"#,
        r#"{"format":"rapport-backup","version":-1}"#,
        r#"{"format":"rapport-backup","version":1.5}"#,
        r#"{"format":["rapport-backup"],"version":1}"#,
    ] {
        assert_eq!(err(text), BackupError::WrongFormat, "{text}");
        assert_eq!(
            preview(text.as_bytes()).unwrap_err(),
            BackupError::WrongFormat
        );
    }
}

#[test]
fn too_new() {
    let text = v1().replacen("\"version\":1,", "\"version\":7,", 1);
    let e = err(&text);
    assert_eq!(e, BackupError::TooNew { version: 7 });
    assert_eq!(preview(text.as_bytes()).unwrap_err(), e);
}

#[test]
fn encrypted_backups_are_recognised() {
    let text = r#"{
  "format": "rapport-backup-encrypted",
  "version": 1,
  "kdf": "PBKDF2-SHA256",
  "iterations": 600000,
  "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
  "cipher": "AES-256-GCM",
  "iv": "AAAAAAAAAAAAAAAA",
  "data": "AAAA"
}"#;
    assert_eq!(err(text), BackupError::Encrypted);
    assert_eq!(
        preview(text.as_bytes()).unwrap_err(),
        BackupError::Encrypted
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = v1().into_bytes();
    let at = v1().find("Siti Rahma").unwrap();
    bytes[at] = 0xff;
    assert_eq!(err(&bytes), BackupError::InvalidUtf8);
    assert_eq!(err([0xfe, 0xff, 0, b'{']), BackupError::InvalidUtf8);
    assert_eq!(preview(&bytes).unwrap_err(), BackupError::InvalidUtf8);
}

#[test]
fn a_byte_order_mark_is_fine() {
    let text = format!("\u{feff}{}", v1());
    assert_eq!(parse(text.as_bytes()).unwrap().data.customers.len(), 3);
}

#[test]
fn every_truncation_is_reported() {
    let text = v1();
    let bytes = text.as_bytes();
    let marker = text.find("\"rapport-backup").unwrap() + "\"rapport-backup".len();
    for len in 0..bytes.len() - 1 {
        match parse(&bytes[..len]) {
            Err(BackupError::Truncated) => assert!(len >= marker, "{len}"),
            Err(BackupError::NotJson | BackupError::Empty) => assert!(len < marker, "{len}"),
            Err(BackupError::InvalidUtf8) => {
                assert!(!text.is_char_boundary(len), "{len}")
            }
            other => panic!("cut at {len}: {other:?}"),
        }
    }
    // Only the final new line missing: still the whole backup.
    assert!(parse(&bytes[..bytes.len() - 1]).is_ok());
    let e = err(&bytes[..bytes.len() / 2]);
    assert_eq!(e, BackupError::Truncated);
}

#[test]
fn wrong_types_name_the_record_and_the_field() {
    let (what, detail) = invalid_parts(err(v1_with(
        "\"created_at\":1736817600000",
        "\"created_at\":\"yesterday\"",
    )));
    assert_eq!(what, record(Kind::Customer, 1, Some("Siti Rahma"), None));
    assert!(names_field(&detail, "created_at"), "{detail:?}");

    let (what, detail) = invalid_parts(err(v1_with("\"total\":350000", "\"total\":\"350.000\"")));
    assert_eq!(
        what,
        record(
            Kind::Purchase,
            1,
            None,
            Some("01955c485880-cccccccccccccccccccc")
        )
    );
    assert!(names_field(&detail, "total"), "{detail:?}");

    let (what, detail) = invalid_parts(err(v1_with("\"kind\":\"note\"", "\"kind\":\"pigeon\"")));
    assert!(
        matches!(
            what,
            Part::Record {
                kind: Kind::Contact,
                number: 2,
                ..
            }
        ),
        "{what:?}"
    );
    assert!(names_field(&detail, "kind"), "{detail:?}");

    let (what, detail) = invalid_parts(err(v1_with(
        "{\"item\":\"Candles\",\"quantity\":1,",
        "{\"item\":\"Candles\",\"quantity\":-1,",
    )));
    assert!(
        matches!(
            what,
            Part::Record {
                kind: Kind::Purchase,
                number: 1,
                ..
            }
        ),
        "{what:?}"
    );
    assert!(names_field(&detail, "lines"), "{detail:?}");

    let (what, detail) = invalid_parts(err(v1_with("\"title\":\"Send the cake photo\",", "")));
    assert!(
        matches!(
            what,
            Part::Record {
                kind: Kind::FollowUp,
                number: 1,
                ..
            }
        ),
        "{what:?}"
    );
    assert!(names_field(&detail, "title"), "{detail:?}");

    let (what, _) = invalid_parts(err(v1_with("\"country\":\"ID\"", "\"country\":\"XX\"")));
    assert_eq!(what, Part::Settings);

    let (what, detail) = invalid_parts(err(v1_with("\"amount\":50000", "\"amount\":50000.5")));
    assert!(
        matches!(
            what,
            Part::Record {
                kind: Kind::Payment,
                number: 1,
                ..
            }
        ),
        "{what:?}"
    );
    assert!(names_field(&detail, "amount"), "{detail:?}");

    let text = v1();
    let line = text
        .lines()
        .find(|l| l.starts_with("{\"id\":\"019573874600"))
        .unwrap();
    let text = text.replacen(line, "\"a complaint\"", 1);
    let (what, detail) = invalid_parts(err(text));
    assert_eq!(what, record(Kind::Complaint, 1, None, None));
    assert!(matches!(detail, Damage::NotARecord { .. }), "{detail:?}");

    // What the shop owner is told names the record (the UI words the part).
    let (what, _) = invalid_parts(err(v1_with(
        "\"created_at\":1736817600000",
        "\"created_at\":null",
    )));
    assert_eq!(what, record(Kind::Customer, 1, Some("Siti Rahma"), None));
}

#[test]
fn missing_or_misshapen_lists() {
    let (what, detail) = invalid_parts(err(v1_with(
        "\"payments\":[\n{",
        "\"payments\":{\"x\":[\n{",
    )
    .replacen(
        "\"updated_at\":1741300000000}\n]",
        "\"updated_at\":1741300000000}\n]}",
        1,
    )));
    assert_eq!(what, Part::File);
    assert_eq!(
        detail,
        Damage::NotAList {
            kind: Kind::Payment
        }
    );

    let text = v1().replacen("\"cases\":[", "\"kases\":[", 1);
    let (_, detail) = invalid_parts(err(text));
    assert_eq!(
        detail,
        Damage::NoList {
            kind: Kind::Complaint
        }
    );

    let text = v1().replacen("\"settings\":", "\"preferences\":", 1);
    let (_, detail) = invalid_parts(err(text));
    assert_eq!(detail, Damage::NoSettings);

    for (from, to) in [
        ("\"exported_at\":1741939200000", "\"exported_at\":\"today\""),
        ("\"device_id\":\"d-3f9a2c71\"", "\"device_id\":7"),
        ("\"app_version\":\"0.1.0\",", ""),
        (
            "\"counts\":{\"customers\":3,",
            "\"counts\":{\"customers\":\"3\",",
        ),
    ] {
        assert!(
            matches!(err(v1_with(from, to)), BackupError::Invalid { .. }),
            "{to}"
        );
    }
}

#[test]
fn ids_must_be_present_and_unique() {
    let (what, detail) = invalid_parts(err(v1_with(
        "\"id\":\"019561a5a300-bbbbbbbbbbbbbbbbbbbb\"",
        "\"id\":\"01955bafc200-aaaaaaaaaaaaaaaaaaaa\"",
    )));
    assert!(
        matches!(
            what,
            Part::Record {
                kind: Kind::Contact,
                number: 2,
                ..
            }
        ),
        "{what:?}"
    );
    assert_eq!(detail, Damage::SameId);

    let (what, detail) = invalid_parts(err(v1_with(
        "\"id\":\"01956d916500-eeeeeeeeeeeeeeeeeeee\"",
        "\"id\":\"  \"",
    )));
    assert_eq!(what, record(Kind::Payment, 1, None, None));
    assert_eq!(detail, Damage::NoId);

    // The same id in two different lists is fine (ids are per store).
    let text = v1_with(
        "\"id\":\"01956d916500-eeeeeeeeeeeeeeeeeeee\"",
        "\"id\":\"01955bafc200-aaaaaaaaaaaaaaaaaaaa\"",
    );
    assert!(parse(text.as_bytes()).is_ok());
}

#[test]
fn counts_must_match() {
    let text = v1_with("\"customers\":3,", "\"customers\":4,");
    let (what, detail) = invalid_parts(err(&text));
    assert_eq!(what, Part::File);
    assert_eq!(
        detail,
        Damage::CountMismatch {
            kind: Kind::Customer,
            said: 4,
            found: 3
        }
    );
    assert!(matches!(
        preview(text.as_bytes()),
        Err(BackupError::Invalid { .. })
    ));
}

#[test]
fn orphan_events_are_kept_and_counted() {
    let text = v1_with(
        "\"customer_id\":\"01952014f800-00112233445566778899\",\"kind\":\"note\"",
        "\"customer_id\":\"gone\",\"kind\":\"note\"",
    );
    let b = parse(text.as_bytes()).unwrap();
    assert_eq!(b.orphan_events, 1);
    assert_eq!(b.data.interactions.len(), 2);
    assert_eq!(b.data.orphan_events(), 1);
}

#[test]
fn unknown_keys_and_stored_summaries_are_ignored() {
    let text = v4()
    .replacen(
        "{\"id\":\"0194bb5fb800-9f8e7d6c5b4a39281706\",\"name\"",
        "{\"id\":\"0194bb5fb800-9f8e7d6c5b4a39281706\",\"mood\":\"happy\",\"summary\":{\"balance\":123456},\"name\"",
        1,
    )
    .replacen("\"settings\":", "\"future\":{\"x\":[1,2]},\n\"settings\":", 1);
    let b = parse(text.as_bytes()).unwrap();
    assert_eq!(b.data.customers[1].summary, Summary::default());
    assert_eq!(export(&b.data, &b.meta), v4());
}

#[test]
fn a_50_mb_text_is_refused_without_trouble() {
    let big = "a".repeat(50 * 1024 * 1024);
    let text = v1_with(
        "\"notes\":\"Likes pandan cake.\\nNo nuts!\"",
        &format!("\"notes\":\"{big}\""),
    );
    drop(big);
    let start = std::time::Instant::now();
    let (what, detail) = invalid_parts(err(&text));
    assert_eq!(what, record(Kind::Customer, 1, Some("Siti Rahma"), None));
    assert_eq!(detail, Damage::TooLong { max: 1_000_000 });
    // Preview does not look into records: it reads the counts.
    assert_eq!(preview(text.as_bytes()).unwrap().counts.customers, 3);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());

    // A text just under the limit is accepted.
    let ok = "é".repeat(MAX_TEXT_BYTES / 2);
    let text = v1_with(
        "\"title\":\"Send the cake photo\"",
        &format!("\"title\":\"{ok}\""),
    );
    assert_eq!(parse(text.as_bytes()).unwrap().data.tasks[0].title, ok);

    // A long device id in the header is refused too.
    let text = v1_with(
        "\"device_id\":\"d-3f9a2c71\"",
        &format!("\"device_id\":\"{}\"", "x".repeat(MAX_TEXT_BYTES + 1)),
    );
    assert!(matches!(err(text), BackupError::Invalid { .. }));
}

#[test]
fn nested_garbage() {
    assert_eq!(err("[".repeat(100_000)), BackupError::NotJson);
    assert_eq!(err("{\"a\":".repeat(50_000)), BackupError::NotJson);
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let (what, detail) = invalid_parts(err(v1_with(
        "\"notes\":\"Likes pandan cake.\\nNo nuts!\"",
        &format!("\"notes\":{deep}"),
    )));
    assert_eq!(what, record(Kind::Customer, 1, Some("Siti Rahma"), None));
    assert!(names_field(&detail, "notes"), "{detail:?}");
    // Deeper than the JSON reader allows, inside a backup: damaged.
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let (what, _) = invalid_parts(err(v1_with(
        "\"notes\":\"Likes pandan cake.\\nNo nuts!\"",
        &format!("\"notes\":{deep}"),
    )));
    assert_eq!(what, Part::File);
    // Garbage after the end.
    let (what, detail) = invalid_parts(err(format!("{}{{}}", v1())));
    assert_eq!(what, Part::File);
    assert!(
        matches!(detail, Damage::Syntax { line: 27, .. }),
        "{detail:?}"
    );
}

#[test]
fn every_error_is_a_typed_value() {
    // The words are the UI's (`ui::messages::backup_error`, an exhaustive match); the domain
    // gives the variant and its data.
    for e in [
        BackupError::Empty,
        BackupError::InvalidUtf8,
        BackupError::NotJson,
        BackupError::Truncated,
        BackupError::WrongFormat,
        BackupError::Encrypted,
        BackupError::TooNew { version: 2 },
        BackupError::Invalid {
            part: record(Kind::Customer, 1, None, None),
            damage: Damage::NoId,
        },
    ] {
        assert_eq!(e.clone(), e);
    }
}

// ---------------------------------------------------------------------------------------------
// Generated data: export → parse → export is byte-identical

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => Just(String::new()),
        4 => "[a-zA-Z0-9 .,-]{1,12}",
        2 => "[\"\\\\/\n\r\t\u{0}\u{1}\u{1f}\u{7f}é😀\u{2028}\u{feff}ü]{1,6}",
        1 => any::<String>(),
    ]
    .boxed()
}

fn millis() -> BoxedStrategy<i64> {
    prop_oneof![4 => 0i64..2_000_000_000_000, 1 => any::<i64>()].boxed()
}

fn opt<T: std::fmt::Debug + Clone + 'static>(s: BoxedStrategy<T>) -> BoxedStrategy<Option<T>> {
    prop::option::of(s).boxed()
}

/// Distinct ids in random order.
fn ids(max: usize) -> BoxedStrategy<Vec<String>> {
    prop::collection::btree_set("[0-9a-f]{1,4}(-[0-9a-z]{0,3})?", 0..max)
        .prop_map(|s| s.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
        .boxed()
}

fn customer(id: String) -> BoxedStrategy<Customer> {
    let contact = (
        text(),
        text(),
        opt(text()),
        text(),
        prop::collection::vec(text(), 0..3),
        select(Status::ALL.to_vec()),
        opt(select(Channel::ALL.to_vec()).boxed()),
        (text(), text(), text()),
    );
    let rest = (
        text(),
        opt((any::<u8>(), any::<u8>(), opt(any::<i32>().boxed()))
            .prop_map(|(day, month, year)| Birthday { day, month, year })
            .boxed()),
        any::<bool>(),
        millis(),
        millis(),
        opt(millis()),
    );
    (contact, rest)
        .prop_map(move |(c, r)| Customer {
            id: id.clone(),
            name: c.0,
            phone: c.1,
            phone_e164: c.2,
            email: c.3,
            tags: c.4,
            status: c.5,
            preferred_channel: c.6,
            social: Social {
                instagram: c.7 .0,
                facebook: c.7 .1,
                tiktok: c.7 .2,
            },
            notes: r.0,
            birthday: r.1,
            marketing_consent: r.2,
            do_not_contact: false,
            source: String::new(),
            created_at: r.3,
            updated_at: r.4,
            deleted_at: r.5,
            summary: Summary {
                balance: 42,
                ..Summary::default()
            },
        })
        .boxed()
}

fn customer_ref(customers: &[String]) -> BoxedStrategy<String> {
    if customers.is_empty() {
        "[a-z]{1,3}".boxed()
    } else {
        prop_oneof![5 => select(customers.to_vec()), 1 => "[a-z]{1,3}"].boxed()
    }
}

type Common = (String, i64, i64, i64, Option<i64>);

fn common(cust: &[String]) -> BoxedStrategy<Common> {
    (
        customer_ref(cust),
        millis(),
        millis(),
        millis(),
        opt(millis()),
    )
        .boxed()
}

fn interaction(id: String, cust: &[String]) -> BoxedStrategy<Interaction> {
    (
        common(cust),
        select(InteractionKind::ALL.to_vec()),
        select(Direction::ALL.to_vec()),
        text(),
        text(),
        opt(text()),
    )
        .prop_map(
            move |((c, at, cr, up, del), kind, direction, s, o, camp)| Interaction {
                id: id.clone(),
                customer_id: c,
                kind,
                direction,
                at,
                summary: s,
                outcome: o,
                campaign_id: camp,
                created_at: cr,
                updated_at: up,
                deleted_at: del,
            },
        )
        .boxed()
}

fn purchase(id: String, cust: &[String]) -> BoxedStrategy<Purchase> {
    let line = (text(), any::<u32>(), any::<i64>()).prop_map(|(item, quantity, unit_price)| Line {
        product_id: None,
        item,
        quantity,
        unit_price,
    });
    (
        common(cust),
        prop::collection::vec(line, 0..3),
        any::<i64>(),
        any::<i64>(),
        text(),
    )
        .prop_map(
            move |((c, at, cr, up, del), lines, total, paid, note)| Purchase {
                order: None,
                id: id.clone(),
                customer_id: c,
                at,
                lines,
                total,
                paid,
                note,
                created_at: cr,
                updated_at: up,
                deleted_at: del,
            },
        )
        .boxed()
}

fn payment(id: String, cust: &[String]) -> BoxedStrategy<Payment> {
    (common(cust), any::<i64>(), text(), opt(text()))
        .prop_map(move |((c, at, cr, up, del), amount, note, pid)| Payment {
            id: id.clone(),
            customer_id: c,
            at,
            amount,
            note,
            purchase_id: pid,
            created_at: cr,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn task(id: String, cust: &[String]) -> BoxedStrategy<Task> {
    (common(cust), text(), opt(millis()), opt(text()))
        .prop_map(move |((c, at, cr, up, del), title, done, iid)| Task {
            id: id.clone(),
            customer_id: c,
            title,
            at,
            done_at: done,
            interaction_id: iid,
            created_at: cr,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn case(id: String, cust: &[String]) -> BoxedStrategy<Case> {
    (
        common(cust),
        select(InteractionKind::ALL.to_vec()),
        text(),
        text(),
        opt(millis()),
        opt(millis()),
    )
        .prop_map(move |((c, at, cr, up, del), channel, s, n, fr, res)| Case {
            id: id.clone(),
            customer_id: c,
            channel,
            at,
            summary: s,
            notes: n,
            first_response_at: fr,
            resolved_at: res,
            created_at: cr,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn settings() -> BoxedStrategy<Option<Settings>> {
    opt((
        text(),
        select(Country::ALL.to_vec()),
        select(Currency::ALL.to_vec()),
        select(Language::ALL.to_vec()),
        millis(),
    )
        .prop_map(
            |(business_name, country, currency, language, updated_at)| Settings {
                // A phone on half of them (written only when there is one).
                business_phone: if updated_at % 2 == 0 {
                    String::new()
                } else {
                    format!("0812-{:04} {}", updated_at % 10_000, business_name.len())
                },
                business_name,
                country,
                currency,
                language,
                language_chosen: false,
                backup_reminder_days: 7,
                theme: Default::default(),
                updated_at,
                stage_names: Default::default(),
                loyalty: None,
            },
        )
        .boxed())
}

fn date() -> BoxedStrategy<chrono::NaiveDate> {
    (1i32..9999, 1u32..=365)
        .prop_filter_map("a day of the year", |(y, d)| {
            chrono::NaiveDate::from_yo_opt(y, d)
        })
        .boxed()
}

fn pay_method(id: String, _cust: &[String]) -> BoxedStrategy<paid::PayMethod> {
    use paid::PayKind;
    let kind = prop_oneof![
        (text(), text()).prop_map(|(vpa, name)| PayKind::Upi { vpa, name }),
        (text(), any::<bool>()).prop_map(|(payload, dynamic_amount)| PayKind::Qris {
            payload,
            dynamic_amount
        }),
        (text(), text()).prop_map(|(label, data_url)| PayKind::Image { label, data_url }),
        (text(), text()).prop_map(|(label, details)| PayKind::Text { label, details }),
    ];
    (kind, any::<u32>(), millis(), millis(), opt(millis()))
        .prop_map(
            move |(kind, position, created_at, updated_at, deleted_at)| paid::PayMethod {
                id: id.clone(),
                kind,
                position,
                created_at,
                updated_at,
                deleted_at,
            },
        )
        .boxed()
}

fn schedule(id: String, cust: &[String]) -> BoxedStrategy<paid::ReminderSchedule> {
    use paid::ReminderRule;
    let rule = prop_oneof![
        any::<u32>().prop_map(|days| ReminderRule::EveryDays { days }),
        (date(), any::<u32>())
            .prop_map(|(date, every_days)| ReminderRule::DueDate { date, every_days }),
    ];
    (
        opt(customer_ref(cust)),
        rule,
        opt(text()),
        opt(millis()),
        opt(millis()),
        any::<bool>(),
        (millis(), millis(), opt(millis())),
    )
        .prop_map(
            move |(customer_id, rule, template_id, snoozed_until, last_sent_at, off, t)| {
                paid::ReminderSchedule {
                    id: id.clone(),
                    customer_id,
                    rule,
                    template_id,
                    snoozed_until,
                    last_sent_at,
                    off,
                    created_at: t.0,
                    updated_at: t.1,
                    deleted_at: t.2,
                }
            },
        )
        .boxed()
}

fn promise(id: String, cust: &[String]) -> BoxedStrategy<paid::Promise> {
    (common(cust), date(), opt(any::<i64>().boxed()), text())
        .prop_map(
            move |((customer_id, at, created_at, updated_at, deleted_at), pay_on, amount, note)| {
                paid::Promise {
                    id: id.clone(),
                    customer_id,
                    pay_on,
                    amount,
                    note,
                    at,
                    created_at,
                    updated_at,
                    deleted_at,
                }
            },
        )
        .boxed()
}

fn records<T: std::fmt::Debug + Clone + 'static>(
    ids: Vec<String>,
    cust: &[String],
    make: fn(String, &[String]) -> BoxedStrategy<T>,
) -> BoxedStrategy<Vec<T>> {
    ids.into_iter()
        .map(|id| make(id, cust))
        .collect::<Vec<_>>()
        .boxed()
}

fn data() -> BoxedStrategy<Data> {
    (
        ids(6),
        ids(5),
        ids(4),
        ids(4),
        ids(4),
        ids(3),
        settings(),
        (ids(3), ids(3), ids(3)),
    )
        .prop_flat_map(|(c, i, pu, pa, t, k, settings, paid)| {
            let customers = c.into_iter().map(customer).collect::<Vec<_>>();
            (
                Just(settings),
                customers,
                Just((i, pu, pa, t, k)),
                Just(paid),
            )
        })
        .prop_flat_map(|(settings, customers, (i, pu, pa, t, k), (pm, rs, pr))| {
            // Events mostly point at the generated customers; some point elsewhere (orphans).
            let cust: Vec<String> = customers.iter().map(|c| c.id.clone()).collect();
            (
                Just(settings),
                Just(customers),
                records(i, &cust, interaction),
                records(pu, &cust, purchase),
                records(pa, &cust, payment),
                records(t, &cust, task),
                records(k, &cust, case),
                (
                    records(pm, &cust, pay_method),
                    records(rs, &cust, schedule),
                    records(pr, &cust, promise),
                ),
            )
        })
        .prop_map(
            |(
                settings,
                customers,
                interactions,
                purchases,
                payments,
                tasks,
                cases,
                (pay_methods, reminder_schedules, promises),
            )| Data {
                settings,
                customers,
                interactions,
                purchases,
                payments,
                tasks,
                cases,
                pay_methods,
                reminder_schedules,
                promises,
                ..Data::default()
            },
        )
        .boxed()
}

fn meta() -> BoxedStrategy<Meta> {
    (any::<i64>(), text(), text())
        .prop_map(|(exported_at, app_version, device_id)| Meta {
            exported_at,
            app_version,
            device_id,
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn export_parse_export_is_byte_identical(d in data(), m in meta()) {
        let first = export(&d, &m);
        let b = parse(first.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&b.meta, &m);
        prop_assert_eq!(b.version, 4);
        let mut expected = d.clone();
        expected.sort();
        recompute_summaries(&mut expected);
        prop_assert_eq!(&b.data, &expected);
        prop_assert_eq!(b.orphan_events, d.orphan_events());
        prop_assert_eq!(export(&b.data, &b.meta), first.clone());
        let p = preview(first.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(p.counts, d.counts());
        prop_assert_eq!(p.has_settings, d.settings.is_some());
        // Plain JSON any reader can load, one line per record.
        let v: serde_json::Value = serde_json::from_str(&first).unwrap();
        prop_assert_eq!(v["format"].as_str(), Some(FORMAT));
        prop_assert_eq!(first.lines().count() as u64, 20 + d.counts().total()
            + [d.customers.len(), d.interactions.len(), d.purchases.len(), d.payments.len(),
               d.tasks.len(), d.cases.len(), d.pay_methods.len(), d.reminder_schedules.len(),
               d.promises.len()].iter().filter(|n| **n > 0).count() as u64);
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations: never panics; either a backup (which then exports canonically) or a typed error

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse(bytes) {
        Ok(b) => {
            let again = export(&b.data, &b.meta);
            let b2 = parse(again.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("re-export fails: {e:?}")))?;
            prop_assert_eq!(&b2.data, &b.data);
            prop_assert_eq!(export(&b2.data, &b2.meta), again);
            let p = preview(bytes).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(p.counts, b.data.counts());
        }
        Err(e) => {
            // A typed error (worded by the UI).
            let debug = format!("{e:?}");
            prop_assert!(!debug.is_empty());
            // Preview fails too, or succeeds without checking records.
            let _ = preview(bytes);
        }
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Mutation {
    Set(Index, u8),
    Delete(Index),
    Insert(Index, u8),
    Truncate(Index),
    Splice(Index, &'static str),
}

const SNIPPETS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "-",
    "0",
    "1e999",
    "-1",
    "\"x\"",
    "[]",
    "{}",
    "\\",
    "\\u0000",
    "\\ud800",
    "99999999999999999999",
    "\"id\":\"\",",
    " ",
    "\n",
    "é",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        2 => any::<Index>().prop_map(Mutation::Delete),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        4 => (any::<Index>(), select(SNIPPETS)).prop_map(|(i, s)| Mutation::Splice(i, s)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Set(i, b) => {
                if !bytes.is_empty() {
                    let i = i.index(len);
                    bytes[i] = *b;
                }
            }
            Mutation::Delete(i) => {
                if !bytes.is_empty() {
                    bytes.remove(i.index(len));
                }
            }
            Mutation::Insert(i, b) => bytes.insert(i.index(len + 1).min(bytes.len()), *b),
            Mutation::Truncate(i) => bytes.truncate(i.index(len)),
            Mutation::Splice(i, s) => {
                let at = i.index(len + 1).min(bytes.len());
                bytes.splice(at..at, s.bytes());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_v1_backups_never_panic(ms in prop::collection::vec(mutation(), 1..5)) {
        check(&mutate(fixture("backup-v1.json"), &ms))?;
    }

    #[test]
    fn mutated_v0_backups_never_panic(ms in prop::collection::vec(mutation(), 1..4)) {
        check(&mutate(fixture("backup-v0.json"), &ms))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(&bytes)?;
    }

    #[test]
    fn random_json_never_panics(v in json_value()) {
        let mut obj = serde_json::Map::new();
        obj.insert("format".into(), FORMAT.into());
        obj.insert("version".into(), 1.into());
        let mut text = serde_json::to_string(&obj).unwrap();
        text.pop();
        text.push_str(&format!(",\"customers\":{v},\"settings\":{v},\"counts\":{v}}}"));
        check(text.as_bytes())?;
        check(v.to_string().as_bytes())?;
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z_]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::btree_map(
                select(vec![
                    "id",
                    "name",
                    "customer_id",
                    "created_at",
                    "updated_at",
                    "x"
                ])
                .prop_map(String::from),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The mutation tests are not vacuous: single-byte edits of the v1 fixture reach every kind of
/// outcome (deterministic pseudo-random positions).
#[test]
fn single_byte_edits_reach_every_outcome() {
    let original = fixture("backup-v1.json");
    let mut seen = std::collections::BTreeSet::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut bytes = original.clone();
        let at = (x % bytes.len() as u64) as usize;
        bytes[at] = (x >> 32) as u8;
        if (x >> 40).is_multiple_of(7) {
            bytes.truncate(at);
        }
        check(&bytes).unwrap();
        seen.insert(match parse(&bytes) {
            Ok(_) => "ok",
            Err(BackupError::Invalid { .. }) => "invalid",
            Err(BackupError::InvalidUtf8) => "utf8",
            Err(BackupError::Truncated) => "truncated",
            Err(BackupError::NotJson) => "not json",
            Err(BackupError::WrongFormat) => "wrong format",
            Err(BackupError::TooNew { .. }) => "too new",
            Err(e) => panic!("{e:?}"),
        });
    }
    for kind in [
        "ok",
        "invalid",
        "utf8",
        "truncated",
        "not json",
        "wrong format",
    ] {
        assert!(seen.contains(kind), "{kind} not reached: {seen:?}");
    }
}

#[test]
fn a_document_to_the_trash_and_back_always_moves_updated_at_forward() {
    let mut t = parse(v2().as_bytes()).unwrap().data.templates[0].clone();
    let before = t.updated_at;
    t.set_deleted(Some(5), 5); // a clock behind the record's own time
    assert_eq!(t.deleted_at, Some(5));
    assert_eq!(t.updated_at, before + 1);
    t.set_deleted(None, before + 100);
    assert_eq!(t.deleted_at, None);
    assert_eq!(t.updated_at, before + 100);
}
