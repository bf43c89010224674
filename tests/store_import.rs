//! IndexedDB tests of writing a contacts import (`Store::import_customers`), run in headless
//! Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_import`
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::store::{Store, StoreError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(tag: &str) -> Store {
    let name = format!("rapport-test-import-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    Store::open(&name, || {}).await.expect("open")
}

fn customer(id: &str, name: &str, phone: &str, now: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), now)
    .expect("valid draft")
}

fn go_on(_: usize, _: usize) -> bool {
    true
}

async fn names(store: &Store) -> Vec<String> {
    let mut v: Vec<String> = store
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    v.sort();
    v
}

#[wasm_bindgen_test]
async fn adds_and_updates_in_one_go_keeping_the_summary() {
    let store = fresh("ok").await;
    let mut siti = customer("siti", "Siti", "0812 3456 7890", 1_000);
    siti.summary.total_spent = 75_000;
    store.add_customer(&siti).await.unwrap();

    // The import's version of Siti knows nothing of her purchases.
    let mut merged = customer("siti", "Siti Rahmawati", "0812 3456 7890", 1_000);
    merged.updated_at = 2_000;
    let adds = vec![
        customer("budi", "Budi", "0813 1111 2222", 2_000),
        customer("ana", "Ana", "0813 3333 4444", 2_000),
    ];
    let calls = Cell::new(0);
    let progress = |done: usize, total: usize| {
        calls.set(calls.get() + 1);
        assert!(done <= total && total == 3);
        true
    };
    store
        .import_customers(&adds, &[(merged, 1_000)], &progress)
        .await
        .unwrap();
    assert!(calls.get() >= 1);
    assert_eq!(names(&store).await, ["Ana", "Budi", "Siti Rahmawati"]);
    let stored = store.customer("siti").await.unwrap().unwrap();
    assert_eq!(stored.summary.total_spent, 75_000);
    assert_eq!(stored.updated_at, 2_000);
}

#[wasm_bindgen_test]
async fn a_customer_changed_elsewhere_stops_the_whole_import() {
    let store = fresh("conflict").await;
    let siti = customer("siti", "Siti", "0812 3456 7890", 1_000);
    store.add_customer(&siti).await.unwrap();
    // Another tab saved Siti after the import read her.
    let mut edited = siti.clone();
    edited.name = "Siti (edited)".into();
    edited.updated_at = 1_500;
    store.update_customer(&edited, 1_000).await.unwrap();

    let mut merged = siti.clone();
    merged.name = "Siti Rahmawati".into();
    merged.updated_at = 2_000;
    let adds = vec![customer("budi", "Budi", "0813 1111 2222", 2_000)];
    let err = store
        .import_customers(&adds, &[(merged, 1_000)], &go_on)
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict);
    // All or nothing: Budi was not added either.
    assert_eq!(names(&store).await, ["Siti (edited)"]);
}

#[wasm_bindgen_test]
async fn many_customers_in_chunks_and_stop_rolls_back() {
    let store = fresh("chunks").await;
    let adds: Vec<Customer> = (0..4_500)
        .map(|i| customer(&format!("c{i}"), &format!("Customer {i}"), "", 1_000))
        .collect();
    let seen = Cell::new(Vec::<usize>::new());
    let stop_at_2000 = |done: usize, _: usize| {
        let mut v = seen.take();
        v.push(done);
        seen.set(v);
        done < 2_000
    };
    let err = store
        .import_customers(&adds, &[], &stop_at_2000)
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Cancelled);
    assert_eq!(seen.take(), [2_000]);
    assert!(store.all_customers().await.unwrap().is_empty());

    let seen = Cell::new(Vec::<usize>::new());
    let record = |done: usize, _: usize| {
        let mut v = seen.take();
        v.push(done);
        seen.set(v);
        true
    };
    store.import_customers(&adds, &[], &record).await.unwrap();
    assert_eq!(seen.take(), [2_000, 4_000, 4_500]);
    assert_eq!(store.all_customers().await.unwrap().len(), 4_500);
}
