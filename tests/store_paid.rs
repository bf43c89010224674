//! IndexedDB tests of the "Get paid" stores (schema v6), run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test store_paid`
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use rapport::domain::basics::locale::Country;
use rapport::domain::formats::backup::Document;
use rapport::domain::messaging::template::Template;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::paid::*;
use rapport::store::{Store, StoreError, SCHEMA_VERSION};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(tag: &str) -> (Store, String) {
    let name = format!("rapport-test-paid-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    let store = Store::open(&name, || {}).await.expect("open");
    (store, name)
}

fn customer(id: &str, name: &str) -> Customer {
    CustomerDraft {
        name: name.into(),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), 5)
    .expect("valid draft")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn bank(id: &str, position: u32, now: i64) -> PayMethod {
    PayMethod::new(
        id,
        PayKind::Text {
            label: "BCA".into(),
            details: "123".into(),
        },
        position,
        now,
    )
}

#[wasm_bindgen_test]
async fn migration_from_v5_keeps_data_and_adds_the_get_paid_stores() {
    let name = format!("rapport-test-paid-migrate-{}", js_sys::Math::random());
    Store::delete_database(&name).await.unwrap();
    let v5 = Store::open_version(&name, 5, || {}).await.unwrap();
    let a = customer("a", "Siti");
    v5.add_customer(&a).await.unwrap();
    let t: Template = serde_json::from_value(serde_json::json!({"id":"t1","name":"Ready",
        "body":"Hi","purpose":"service","created_at":1,"updated_at":1}))
    .unwrap();
    v5.put_doc(&t).await.unwrap();
    assert!(!v5.store_names().contains(&"promises".to_string()));
    v5.close();

    let now = Store::open(&name, || {}).await.unwrap();
    assert_eq!(now.version(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 7);
    let names = now.store_names();
    for s in ["pay_methods", "reminder_schedules", "promises"] {
        assert!(names.contains(&s.to_string()), "{s}");
    }
    let mut idx = now.index_names("promises").await.unwrap();
    idx.sort();
    assert_eq!(idx, vec!["customer", "pay_on", "updated_at"]);
    let mut idx = now.index_names("reminder_schedules").await.unwrap();
    idx.sort();
    assert_eq!(idx, vec!["customer", "updated_at"]);
    assert_eq!(
        now.index_names("pay_methods").await.unwrap(),
        vec!["updated_at"]
    );
    assert_eq!(now.customer("a").await.unwrap(), Some(a));
    assert_eq!(now.all_docs::<Template>().await.unwrap(), vec![t]);
    assert!(now.pay_methods().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn save_checks_the_version_the_owner_saw() {
    let (store, _) = fresh("save").await;
    let m = bank("m1", 0, 10);
    store.save_paid(&m, None).await.unwrap();
    // A second "new" record with the same id is a conflict.
    assert_eq!(
        store.save_paid(&m, None).await.unwrap_err(),
        StoreError::Conflict
    );
    let mut edited = m.clone();
    edited.position = 3;
    edited.updated_at = 20;
    store.save_paid(&edited, Some(10)).await.unwrap();
    // An edit of a version that is no longer the stored one.
    let mut stale = m.clone();
    stale.updated_at = 30;
    assert_eq!(
        store.save_paid(&stale, Some(10)).await.unwrap_err(),
        StoreError::Conflict
    );
    assert_eq!(
        store
            .save_paid(&bank("gone", 0, 1), Some(1))
            .await
            .unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(store.pay_methods().await.unwrap(), vec![edited.clone()]);

    // Reordering: all or nothing.
    let second = bank("m2", 5, 40);
    store.save_paid(&second, None).await.unwrap();
    let mut a = edited.clone();
    a.position = 1;
    a.updated_at = 50;
    let mut b = second.clone();
    b.position = 0;
    b.updated_at = 50;
    let mut bad = b.clone();
    bad.id = "m3".into();
    assert_eq!(
        store
            .save_paid_many(&[(a.clone(), Some(20)), (bad, Some(40))])
            .await
            .unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(store.pay_methods().await.unwrap()[0].id, "m1");
    store
        .save_paid_many(&[(a, Some(20)), (b, Some(40))])
        .await
        .unwrap();
    let ids: Vec<String> = store
        .pay_methods()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["m2", "m1"]);

    // The Trash and back.
    let trashed: PayMethod = store.trash_paid("m2", 50, true, 60).await.unwrap();
    assert_eq!(trashed.deleted_at, Some(60));
    assert_eq!(store.pay_methods().await.unwrap().len(), 1);
    assert_eq!(store.all_docs::<PayMethod>().await.unwrap().len(), 2);
    assert_eq!(
        store
            .trash_paid::<PayMethod>("m2", 50, false, 70)
            .await
            .unwrap_err(),
        StoreError::Conflict
    );
    let back: PayMethod = store.trash_paid("m2", 60, false, 70).await.unwrap();
    assert_eq!(back.deleted_at, None);
    assert_eq!(store.pay_methods().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn schedules_and_promises_by_customer() {
    let (store, _) = fresh("customer").await;
    let default = ReminderSchedule::new(None, ReminderRule::EveryDays { days: 7 }, 1);
    let siti = ReminderSchedule::new(
        Some("siti"),
        ReminderRule::DueDate {
            date: day("2026-03-14"),
            every_days: 3,
        },
        2,
    );
    store.save_paid(&default, None).await.unwrap();
    store.save_paid(&siti, None).await.unwrap();
    assert_eq!(store.schedules_of("siti").await.unwrap(), vec![siti]);
    assert!(store.schedules_of("budi").await.unwrap().is_empty());

    let mut p1 = Promise::new("p1", "siti", day("2026-03-20"), 100);
    p1.amount = Some(50_000);
    let p2 = Promise::new("p2", "siti", day("2026-04-01"), 200);
    let p3 = Promise::new("p3", "budi", day("2026-04-01"), 300);
    for p in [&p1, &p2, &p3] {
        store.save_paid(p, None).await.unwrap();
    }
    assert_eq!(store.promises_of("siti").await.unwrap(), vec![p2, p1]);

    // In the backup's data, and back after a restore.
    let data = store.export_data().await.unwrap();
    assert_eq!(data.reminder_schedules.len(), 2);
    assert_eq!(data.promises.len(), 3);
    let mut restored = data.clone();
    restored.promises[0].set_deleted(Some(400), 400);
    store
        .replace_all_with("dev", 500, |_| restored.clone(), &|_, _| true)
        .await
        .unwrap();
    let after = store.export_data().await.unwrap();
    assert_eq!(after.promises, restored.promises);
    assert_eq!(after.reminder_schedules, data.reminder_schedules);
    assert_eq!(store.changes_since(400).await.unwrap(), 1);
}
