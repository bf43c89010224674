//! IndexedDB tests of the dashboard's reads (`records_since`, `records_between` through the `at`
//! index, one JSON conversion per list), run in headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_reports`
#![cfg(target_arch = "wasm32")]

use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::{Event, Line, Purchase};
use rapport::store::Store;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = 1_741_910_400_000;
const DAY: i64 = 86_400_000;

async fn fresh(tag: &str) -> (Store, String) {
    let name = format!("rapport-test-reports-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    let store = Store::open(&name, || {}).await.expect("open");
    (store, name)
}

fn customer(id: &str) -> Customer {
    CustomerDraft {
        name: format!("Customer {id}"),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), NOW - 400 * DAY)
    .expect("valid draft")
}

/// Purchase `i` of customer `c`, `i` days before `NOW`, with a line whose text needs escaping.
fn purchase(i: i64, c: &str) -> Purchase {
    let at = NOW - i * DAY;
    Purchase {
        order: None,
        id: format!("{:012x}-p{i:03}", at),
        customer_id: c.into(),
        at,
        lines: vec![Line {
            product_id: None,
            item: format!("Kopi \"susu\" · ñ {i}\n"),
            quantity: 1,
            unit_price: 1_000 + i,
        }],
        total: 1_000 + i,
        paid: 0,
        note: String::new(),
        created_at: at,
        updated_at: at,
        deleted_at: (i % 10 == 3).then_some(NOW),
    }
}

#[wasm_bindgen_test]
async fn reads_by_date_range_in_one_go() {
    let (store, name) = fresh("range").await;
    for c in ["c1", "c2"] {
        store.add_customer(&customer(c)).await.expect("customer");
    }
    let all: Vec<Purchase> = (0..60)
        .map(|i| purchase(i, if i % 2 == 0 { "c1" } else { "c2" }))
        .collect();
    for p in &all {
        store
            .save_event(&Event::Purchase(p.clone()), None)
            .await
            .expect("save");
    }
    let mut oldest_first = all.clone();
    oldest_first.sort_by_key(|p| p.at);

    // Everything, oldest first, the Trash included, equal to what was written.
    let read = store.records_since::<Purchase>(None).await.expect("all");
    assert_eq!(read, oldest_first);

    // From a point on: the start included.
    let from = NOW - 20 * DAY;
    let read = store
        .records_since::<Purchase>(Some(from))
        .await
        .expect("since");
    let want: Vec<Purchase> = oldest_first
        .iter()
        .filter(|p| p.at >= from)
        .cloned()
        .collect();
    assert_eq!(read.len(), 21);
    assert_eq!(read, want);

    // A half-open range: the start in, the end out.
    let (from, to) = (NOW - 30 * DAY, NOW - 10 * DAY);
    let read = store
        .records_between::<Purchase>(from, Some(to))
        .await
        .expect("between");
    let want: Vec<Purchase> = oldest_first
        .iter()
        .filter(|p| from <= p.at && p.at < to)
        .cloned()
        .collect();
    assert_eq!(read.len(), 20);
    assert_eq!(read, want);

    // An empty or reversed range reads nothing.
    for (from, to) in [(NOW - 5 * DAY, NOW - 5 * DAY), (NOW, NOW - 10 * DAY)] {
        let read = store
            .records_between::<Purchase>(from, Some(to))
            .await
            .expect("empty");
        assert!(read.is_empty());
    }
    // Before anything was recorded.
    let read = store
        .records_between::<Purchase>(NOW - 900 * DAY, Some(NOW - 800 * DAY))
        .await
        .expect("none");
    assert!(read.is_empty());

    store.close();
    Store::delete_database(&name).await.expect("delete");
}
