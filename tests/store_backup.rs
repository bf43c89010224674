//! IndexedDB tests of whole-database backups (export, restore, merge, undo), run in headless
//! Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_backup`
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};

use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::backup::{self, recompute_summaries, Data, Meta};
use rapport::domain::formats::merge::merge;
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::*;
use rapport::domain::records::settings::Settings;
use rapport::domain::records::summary::Summary;
use rapport::store::{BackupMark, Store, StoreError, EVENT_STORES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-03-14T00:00:00Z.
const T: i64 = 1_741_910_400_000;
const H: i64 = 3_600_000;
const DAY: i64 = 24 * H;

/// A fresh, empty database with a unique name.
async fn fresh(tag: &str) -> Store {
    let name = format!("rapport-test-backup-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    Store::open(&name, || {}).await.expect("open")
}

/// A progress callback that never cancels.
fn go_on(_: usize, _: usize) -> bool {
    true
}

fn customer(id: &str, name: &str, phone: &str, tags: &str, now: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: format!("{id}@example.com"),
        tags: tags.into(),
        status: Status::Customer,
        notes: format!("Notes about {name}"),
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), now)
    .expect("valid draft")
}

fn settings(name: &str, updated_at: i64) -> Settings {
    Settings {
        business_name: name.into(),
        business_phone: String::new(),
        country: Country::ID,
        currency: Currency::IDR,
        language: Language::Id,
        language_chosen: true,
        backup_reminder_days: 7,
        theme: rapport::domain::records::settings::Theme::Dark,
        updated_at,
        stage_names: Default::default(),
        loyalty: None,
    }
}

fn interaction(id: &str, customer_id: &str, at: i64) -> Interaction {
    Interaction {
        id: id.into(),
        customer_id: customer_id.into(),
        kind: InteractionKind::WhatsApp,
        direction: Direction::Out,
        at,
        summary: format!("talked ({id})"),
        outcome: "will order".into(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn purchase(id: &str, customer_id: &str, at: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: customer_id.into(),
        at,
        lines: vec![
            Line {
                product_id: None,
                item: "Kue lapis".into(),
                quantity: 2,
                unit_price: 50_000,
            },
            Line {
                product_id: None,
                item: "Nastar".into(),
                quantity: 1,
                unit_price: 75_000,
            },
        ],
        total: 175_000,
        paid: 25_000,
        note: "for Lebaran".into(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn payment(id: &str, customer_id: &str, purchase_id: &str, at: i64, amount: i64) -> Payment {
    Payment {
        id: id.into(),
        customer_id: customer_id.into(),
        at,
        amount,
        note: "transfer".into(),
        purchase_id: Some(purchase_id.into()),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn task(id: &str, customer_id: &str, at: i64, done_at: Option<i64>) -> Task {
    Task {
        id: id.into(),
        customer_id: customer_id.into(),
        title: format!("Follow up ({id})"),
        at,
        done_at,
        interaction_id: None,
        created_at: at - DAY,
        updated_at: done_at.unwrap_or(at - DAY),
        deleted_at: None,
    }
}

fn complaint(id: &str, customer_id: &str, at: i64) -> Case {
    Case {
        id: id.into(),
        customer_id: customer_id.into(),
        channel: InteractionKind::Call,
        at,
        summary: format!("complaint ({id})"),
        notes: "cake arrived late".into(),
        first_response_at: Some(at + H),
        resolved_at: Some(at + 2 * H),
        created_at: at,
        updated_at: at + 2 * H,
        deleted_at: None,
    }
}

/// Writes a database the way the app does: customers, then events (summaries maintained by the
/// store), one event and one customer moved to the Trash, settings.
/// Customers `c1`, `c2`, `c3` (in the Trash); every kind of event.
async fn populate(store: &Store) {
    let c1 = customer(
        "c1",
        "Siti Rahma",
        "0812 3456 7890",
        "vip, kue",
        T - 60 * DAY,
    );
    let c2 = customer("c2", "Budi Santoso", "0813 1111 2222", "kue", T - 50 * DAY);
    let c3 = customer("c3", "Joko Widodo", "", "", T - 40 * DAY);
    store.add_customers(&[c1, c2, c3.clone()]).await.unwrap();

    let trashed_contact = interaction("i3", "c2", T - 5 * DAY);
    store
        .save_events(&[
            (
                Event::Interaction(interaction("i1", "c1", T - 10 * DAY)),
                None,
            ),
            (
                Event::Interaction(interaction("i2", "c2", T - 8 * DAY)),
                None,
            ),
            (Event::Interaction(trashed_contact.clone()), None),
            (Event::Purchase(purchase("p1", "c1", T - 9 * DAY)), None),
            (Event::Purchase(purchase("p2", "c3", T - 30 * DAY)), None),
            (
                Event::Payment(payment("pay1", "c1", "p1", T - 7 * DAY, 100_000)),
                None,
            ),
            (Event::Task(task("t1", "c1", T + DAY, None)), None),
            (
                Event::Task(task("t2", "c2", T - DAY, Some(T - 2 * H))),
                None,
            ),
            (Event::Case(complaint("k1", "c2", T - 6 * DAY)), None),
        ])
        .await
        .unwrap();

    // An event in the Trash.
    let mut gone = trashed_contact.clone();
    gone.deleted_at = Some(T - 4 * DAY);
    gone.updated_at = T - 4 * DAY;
    store
        .save_event(&Event::Interaction(gone), Some(trashed_contact.updated_at))
        .await
        .unwrap();

    // A customer in the Trash (with a purchase).
    let stored = store.customer("c3").await.unwrap().unwrap();
    let mut binned = stored.clone();
    binned.trash(T - 3 * DAY);
    store
        .update_customer(&binned, stored.updated_at)
        .await
        .unwrap();

    store
        .save_settings(&settings("Dewi Cakes", T - 90 * DAY))
        .await
        .unwrap();
}

/// A small state: one customer with a purchase and a contact, and settings.
async fn small_state(store: &Store) -> Data {
    store
        .add_customer(&customer(
            "s1",
            "Sari",
            "0811 2222 3333",
            "kue",
            T - 20 * DAY,
        ))
        .await
        .unwrap();
    store
        .save_events(&[
            (Event::Purchase(purchase("sp1", "s1", T - 10 * DAY)), None),
            (
                Event::Interaction(interaction("si1", "s1", T - 9 * DAY)),
                None,
            ),
        ])
        .await
        .unwrap();
    store
        .save_settings(&settings("Toko Sari", T - 30 * DAY))
        .await
        .unwrap();
    let s = store.export_data().await.unwrap();
    assert_eq!(s.counts().total(), 3);
    assert!(s.settings.is_some());
    s
}

/// Other data to import: two customers with events and other settings. Sorted, summaries
/// recomputed (as `backup::parse` gives them).
fn other_data() -> Data {
    let mut d = Data {
        settings: Some(settings("Other Shop", T - DAY)),
        customers: vec![
            customer("o1", "Ani", "0815 5555 6666", "baru", T - 5 * DAY),
            customer("o2", "Rudi", "", "", T - 4 * DAY),
        ],
        interactions: vec![interaction("oi1", "o1", T - 2 * DAY)],
        purchases: vec![purchase("op1", "o2", T - 3 * DAY)],
        payments: vec![payment("opay1", "o2", "op1", T - DAY, 150_000)],
        tasks: vec![task("ot1", "o1", T + 2 * DAY, None)],
        cases: vec![complaint("ok1", "o1", T - DAY)],
        ..Data::default()
    };
    d.sort();
    recompute_summaries(&mut d);
    d
}

/// `n` customers without events.
fn bulk(n: usize) -> Data {
    let mut d = Data {
        settings: Some(settings("Bulk Shop", T)),
        customers: (0..n)
            .map(|i| customer(&format!("bulk-{i:05}"), &format!("Customer {i}"), "", "", T))
            .collect(),
        ..Data::default()
    };
    d.sort();
    d
}

/// Asserts that every stored customer's summary is the one recomputed from its stored events.
async fn summaries_are_consistent(store: &Store) {
    for c in store.all_customers().await.unwrap() {
        let events = store.customer_events(&c.id).await.unwrap();
        assert_eq!(
            c.summary,
            Summary::recompute(&events),
            "stored summary of {} vs recomputed from its events",
            c.id
        );
    }
}

// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn export_wipe_restore_round_trip() {
    let store = fresh("roundtrip").await;
    populate(&store).await;

    let original = store.export_data().await.unwrap();
    assert_eq!(
        original.counts(),
        backup::Counts {
            customers: 3,
            interactions: 3,
            purchases: 2,
            payments: 1,
            tasks: 2,
            cases: 1,
            ..backup::Counts::default()
        }
    );
    assert_eq!(
        original.settings,
        Some(settings("Dewi Cakes", T - 90 * DAY))
    );
    let c3 = original.customers.iter().find(|c| c.id == "c3").unwrap();
    assert_eq!(c3.deleted_at, Some(T - 3 * DAY), "c3 is in the Trash");
    let i3 = original.interactions.iter().find(|i| i.id == "i3").unwrap();
    assert_eq!(i3.deleted_at, Some(T - 4 * DAY), "i3 is in the Trash");
    let summaries_before: Vec<(String, Summary)> = original
        .customers
        .iter()
        .map(|c| (c.id.clone(), c.summary.clone()))
        .collect();
    assert_ne!(summaries_before[0].1, Summary::default());
    summaries_are_consistent(&store).await;

    // Export and read back.
    let meta = Meta::new(T, "dev-a");
    let file = backup::export(&original, &meta);
    let parsed = backup::parse(file.as_bytes()).expect("the export parses");
    assert_eq!(parsed.meta, meta);
    assert_eq!(parsed.orphan_events, 0);
    assert_eq!(
        parsed.data, original,
        "parse gives the exported data, summaries recomputed"
    );

    // Wipe: every record goes; the settings stay (the empty data has none).
    let wiped = store
        .replace_all_with("dev-a", T, |_| Data::default(), &go_on)
        .await
        .unwrap();
    assert_eq!(wiped, Data::default());
    assert_eq!(
        store.export_data().await.unwrap(),
        Data {
            settings: original.settings.clone(),
            ..Data::default()
        }
    );
    assert!(store.all_customers().await.unwrap().is_empty());
    for name in EVENT_STORES {
        assert!(store.all_events(name).await.unwrap().is_empty(), "{name}");
    }

    // Restore.
    let restored = store
        .replace_all_with("dev-a", T, |_| parsed.data.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(restored, parsed.data);
    let after = store.export_data().await.unwrap();
    assert_eq!(after, original);
    assert_eq!(
        backup::export(&after, &meta),
        file,
        "exporting again is byte-identical"
    );

    // Summaries after the import equal those before (recomputed on import).
    let summaries_after: Vec<(String, Summary)> = store
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.summary))
        .collect();
    assert_eq!(summaries_after, summaries_before);
    summaries_are_consistent(&store).await;

    // The restored records are plain objects the indexes see.
    let by_phone = store.customers_by_phone("+6281234567890").await.unwrap();
    assert_eq!(
        by_phone.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["c1"]
    );
    let by_tag = store.customers_by_tag("kue").await.unwrap();
    assert_eq!(by_tag.len(), 2);
    assert_eq!(store.customer_events("c1").await.unwrap().len(), 4);
    let due = store.tasks_due_until(T + DAY).await.unwrap();
    assert_eq!(due.len(), 2);
}

#[wasm_bindgen_test]
async fn an_import_that_fails_halfway_leaves_the_database_exactly_as_before() {
    let started = js_sys::Date::now();
    let store = fresh("cancel").await;
    let s = small_state(&store).await;
    let big = bulk(5_000);

    // Cancelled after the first progress report (progress fires every 2,000 writes).
    let attempt = |at: i64| {
        let calls: RefCell<Vec<(usize, usize)>> = RefCell::new(Vec::new());
        let big = &big;
        let store = &store;
        async move {
            let progress = |done: usize, total: usize| {
                calls.borrow_mut().push((done, total));
                calls.borrow().len() < 2
            };
            let t0 = js_sys::Date::now();
            let result = store
                .replace_all_with("dev-a", at, |_| big.clone(), &progress)
                .await;
            let ms = js_sys::Date::now() - t0;
            (result, calls.into_inner(), ms)
        }
    };

    // With no undo copy before.
    assert_eq!(store.undo_available().await.unwrap(), None);
    let (result, calls, ms) = attempt(T).await;
    console_log!("cancelled 5,000-customer import: {ms} ms");
    assert_eq!(result, Err(StoreError::Cancelled));
    assert_eq!(calls, [(2_000, 5_000), (4_000, 5_000)]);
    assert_eq!(store.export_data().await.unwrap(), s);
    assert_eq!(
        store.undo_available().await.unwrap(),
        None,
        "the undo copy write was rolled back too"
    );
    assert_eq!(store.settings().await.unwrap(), s.settings);

    // With an undo copy from an earlier import (of the same data): it is kept as it was.
    store
        .replace_all_with("dev-a", T + 1, |d| d.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(store.export_data().await.unwrap(), s);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + 1));
    let (result, calls, _) = attempt(T + 2).await;
    assert_eq!(result, Err(StoreError::Cancelled));
    assert_eq!(calls.len(), 2);
    assert_eq!(store.export_data().await.unwrap(), s);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + 1));

    // Cancelled at the very end (every write issued, only the final report refuses).
    let refuse = |_: usize, _: usize| false;
    assert_eq!(
        store
            .replace_all_with("dev-a", T + 3, |_| other_data(), &refuse)
            .await,
        Err(StoreError::Cancelled)
    );
    assert_eq!(store.export_data().await.unwrap(), s);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + 1));
    summaries_are_consistent(&store).await;

    // The database still works: the same import, not cancelled, goes through.
    let reports = Cell::new(0usize);
    let count = |_: usize, _: usize| {
        reports.set(reports.get() + 1);
        true
    };
    let t0 = js_sys::Date::now();
    store
        .replace_all_with("dev-a", T + 4, |_| big.clone(), &count)
        .await
        .unwrap();
    console_log!(
        "complete 5,000-customer import: {} ms",
        js_sys::Date::now() - t0
    );
    assert_eq!(reports.get(), 3, "at 2,000, 4,000 and the end");
    assert_eq!(store.export_data().await.unwrap(), big);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + 4));
    console_log!(
        "whole 5,000-customer test: {} ms",
        js_sys::Date::now() - started
    );
}

#[wasm_bindgen_test]
async fn undo_last_import_puts_back_the_data_before_it() {
    let store = fresh("undo").await;
    let s = small_state(&store).await;
    assert_eq!(store.undo_available().await.unwrap(), None);
    assert_eq!(
        store.undo_last_import(&go_on).await,
        Err(StoreError::NotFound),
        "nothing to undo"
    );

    let d = other_data();
    store
        .replace_all_with("dev-a", T + H, |_| d.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(store.export_data().await.unwrap(), d);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + H));

    let back = store.undo_last_import(&go_on).await.unwrap();
    assert_eq!(back, s);
    assert_eq!(store.export_data().await.unwrap(), s);
    assert_eq!(store.undo_available().await.unwrap(), None);
    summaries_are_consistent(&store).await;
    assert_eq!(
        store.undo_last_import(&go_on).await,
        Err(StoreError::NotFound),
        "an import is undone once"
    );
}

#[wasm_bindgen_test]
async fn merge_through_the_store() {
    let store = fresh("merge").await;
    assert_eq!(store.device_id(|| "dev-a".into()).await.unwrap(), "dev-a");
    // Local data L: shared customers c1 and c2, c3 only here.
    populate(&store).await;
    let local = store.export_data().await.unwrap();

    // Incoming I from dev-b: c1 edited later, c2 in the Trash, a new customer with a purchase,
    // a new contact with c1, newer settings.
    let c1 = local.customers.iter().find(|c| c.id == "c1").unwrap();
    let mut c1_edited = c1.clone();
    c1_edited.name = "Siti Rahmawati".into();
    c1_edited.updated_at = T + H;
    let c2 = local.customers.iter().find(|c| c.id == "c2").unwrap();
    let mut c2_binned = c2.clone();
    c2_binned.trash(T + 2 * H);
    let mut incoming = Data {
        settings: Some(settings("Dewi Cakes & Co", T)),
        customers: vec![
            c1_edited,
            c2_binned,
            customer("d1", "Dewi Lestari", "0819 9999 0000", "baru", T),
        ],
        interactions: vec![interaction("ni1", "c1", T + 30 * 60_000)],
        purchases: vec![purchase("np1", "d1", T + H)],
        ..Data::default()
    };
    incoming.sort();
    recompute_summaries(&mut incoming);
    // Through a file, as the app reads it.
    let file = backup::export(&incoming, &Meta::new(T + 3 * H, "dev-b"));
    let parsed = backup::parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.data, incoming);
    let incoming = parsed.data;
    let incoming_device = parsed.meta.device_id.as_str();
    assert_eq!(incoming_device, "dev-b");

    let (expected, report) = merge(&local, "dev-a", &incoming, incoming_device);
    assert_eq!(report.customers.updated, 2);
    assert_eq!(report.customers.trashed, 1);
    assert_eq!(report.customers.added, 1);
    assert!(report.settings_updated);

    let result = store
        .replace_all_with(
            "dev-a",
            T + 4 * H,
            |l| merge(l, "dev-a", &incoming, incoming_device).0,
            &go_on,
        )
        .await
        .unwrap();
    assert_eq!(result, expected);
    let after = store.export_data().await.unwrap();
    assert_eq!(after, expected);
    summaries_are_consistent(&store).await;

    // What the merge did, read back from the store.
    let c1 = store.customer("c1").await.unwrap().unwrap();
    assert_eq!(c1.name, "Siti Rahmawati");
    assert_eq!(
        c1.summary.last_contact_at,
        Some(T + 30 * 60_000),
        "the new contact counts"
    );
    assert!(store.customer("c2").await.unwrap().unwrap().is_deleted());
    assert!(store.customer("c3").await.unwrap().unwrap().is_deleted());
    assert_eq!(
        store
            .customer("d1")
            .await
            .unwrap()
            .unwrap()
            .summary
            .total_spent,
        175_000
    );
    assert_eq!(store.settings().await.unwrap(), incoming.settings);
    assert_eq!(store.undo_available().await.unwrap(), Some(T + 4 * H));

    // Importing the same backup again changes nothing.
    assert!(merge(&after, "dev-a", &incoming, incoming_device)
        .1
        .is_unchanged());
    store
        .replace_all_with(
            "dev-a",
            T + 5 * H,
            |l| merge(l, "dev-a", &incoming, incoming_device).0,
            &go_on,
        )
        .await
        .unwrap();
    assert_eq!(store.export_data().await.unwrap(), after);

    // And the merge can be undone.
    store.undo_last_import(&go_on).await.unwrap();
    assert_eq!(store.export_data().await.unwrap(), after);
    assert_eq!(store.device_id(|| "new".into()).await.unwrap(), "dev-a");
}

#[wasm_bindgen_test]
async fn settings_are_written_when_present_and_kept_when_absent() {
    let store = fresh("settings").await;
    assert_eq!(store.device_id(|| "dev-a".into()).await.unwrap(), "dev-a");

    // No settings anywhere: an import without settings leaves none.
    let mut records = other_data();
    records.settings = None;
    store
        .replace_all_with("dev-a", T, |_| records.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(store.settings().await.unwrap(), None);
    assert_eq!(store.export_data().await.unwrap(), records);

    // Settings of the phone, then an import that has settings: they are written.
    store
        .save_settings(&settings("Mine", T - DAY))
        .await
        .unwrap();
    let with = Data {
        settings: Some(settings("From the backup", T - 2 * DAY)),
        ..bulk(3)
    };
    store
        .replace_all_with("dev-a", T + 1, |_| with.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(store.settings().await.unwrap(), with.settings);
    assert_eq!(store.export_data().await.unwrap(), with);

    // An import without settings keeps them.
    store
        .replace_all_with("dev-a", T + 2, |_| records.clone(), &go_on)
        .await
        .unwrap();
    assert_eq!(store.settings().await.unwrap(), with.settings);
    assert_eq!(
        store.export_data().await.unwrap(),
        Data {
            settings: with.settings.clone(),
            ..records.clone()
        }
    );

    // The device id is untouched by all of it.
    assert_eq!(
        store
            .device_id(|| panic!("the device id must still be there"))
            .await
            .unwrap(),
        "dev-a"
    );
}

#[wasm_bindgen_test]
async fn last_backup_round_trip() {
    let store = fresh("last").await;
    assert_eq!(store.last_backup().await.unwrap(), None);

    let first = BackupMark { at: T, records: 12 };
    store.set_last_backup(&first).await.unwrap();
    assert_eq!(store.last_backup().await.unwrap(), Some(first));

    let second = BackupMark {
        at: T + DAY,
        records: 5_000,
    };
    store.set_last_backup(&second).await.unwrap();
    assert_eq!(store.last_backup().await.unwrap(), Some(second.clone()));

    // Imports and undo do not touch it.
    store
        .replace_all_with("dev-a", T + 2 * DAY, |_| other_data(), &go_on)
        .await
        .unwrap();
    store.undo_last_import(&go_on).await.unwrap();
    assert_eq!(store.last_backup().await.unwrap(), Some(second));
}
