//! IndexedDB tests of the customer list's orders (most recently active, A–Z, owes most) and the
//! schema v4 indexes that read them, run in headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_order`
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use rapport::domain::basics::locale::Country;
use rapport::domain::formats::backup::Data;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::{Direction, Event, Interaction, InteractionKind, Payment};
use rapport::store::{
    last_active_at, name_key, sort_customers, CustomerOrder, Store, StoreError, SCHEMA_VERSION,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = 1_741_910_400_000;
const DAY: i64 = 86_400_000;

async fn fresh(tag: &str) -> (Store, String) {
    let name = format!("rapport-test-order-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    let store = Store::open(&name, || {}).await.expect("open");
    (store, name)
}

fn customer(id: &str, name: &str, created: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), created)
    .expect("valid draft")
}

fn contact(id: &str, customer_id: &str, at: i64) -> Interaction {
    Interaction {
        id: id.into(),
        customer_id: customer_id.into(),
        kind: InteractionKind::WhatsApp,
        direction: Direction::Out,
        at,
        summary: String::new(),
        outcome: String::new(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

/// 60 customers with names in mixed case and accents, equal names, no names, balances owed
/// and credit, contacts at different times, and a few in the Trash.
fn varied() -> Vec<Customer> {
    let names = [
        "Ángel", "ana", "Zoë", "budi", "Budi", "Ñandú", "eva", "Émile", "", "citra", "Dewi",
        "dewi", "Óscar", "oscar",
    ];
    (0..60)
        .map(|i| {
            let id = format!(
                "{:012x}-c{i:02}",
                1_700_000_000_000i64 + i as i64 * 7_919 % 61
            );
            let name = names[i % names.len()];
            let mut c = if name.is_empty() {
                CustomerDraft {
                    phone: format!("0812 3456 {:04}", i),
                    ..Default::default()
                }
                .build_new(Country::ID, id, NOW - 90 * DAY)
                .expect("valid")
            } else {
                customer(&id, name, NOW - 90 * DAY)
            };
            c.updated_at = NOW - ((i * 37) % 50) as i64 * DAY;
            if i % 3 == 0 {
                c.summary.last_contact_at = Some(NOW - ((i * 11) % 40) as i64 * DAY);
            }
            c.summary.balance = match i % 5 {
                0 => 0,
                1 => 10_000 * (i as i64 % 7),
                2 => -5_000,
                _ => 1_000 * (i as i64 % 4),
            };
            if i % 13 == 0 {
                c.deleted_at = Some(NOW);
            }
            c
        })
        .collect()
}

/// Every customer not in the Trash, sorted in `order` (what the list shows after reading all).
async fn sorted_all(store: &Store, order: CustomerOrder) -> Vec<Customer> {
    let mut all: Vec<Customer> = store
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| !c.is_deleted())
        .collect();
    sort_customers(&mut all, order);
    all
}

async fn assert_index_equals_sort(store: &Store, what: &str) {
    for order in CustomerOrder::ALL {
        let all = sorted_all(store, order).await;
        for n in [0u32, 1, 5, 40, all.len() as u32, all.len() as u32 + 10] {
            let first = store.first_customers(n, order).await.unwrap();
            let want: Vec<&str> = all.iter().take(n as usize).map(|c| c.id.as_str()).collect();
            let got: Vec<&str> = first.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(got, want, "{what}: first {n} in {order:?}");
        }
    }
}

fn ids(list: &[Customer]) -> Vec<&str> {
    list.iter().map(|c| c.id.as_str()).collect()
}

#[wasm_bindgen_test]
async fn reading_the_first_n_through_each_index_equals_sorting_everyone() {
    let (store, _) = fresh("first-n").await;
    assert_eq!(store.version(), SCHEMA_VERSION);
    let mut idx = store.index_names("customers").await.unwrap();
    idx.sort();
    assert_eq!(
        idx,
        vec![
            "email",
            "list_name",
            "list_owes",
            "list_recent",
            "phone",
            "tags",
            "updated_at"
        ]
    );
    store.add_customers(&varied()).await.unwrap();
    assert_index_equals_sort(&store, "added").await;

    // The orders mean what they say.
    let by_name = sorted_all(&store, CustomerOrder::Name).await;
    assert!(by_name
        .windows(2)
        .all(|w| name_key(&w[0]) <= name_key(&w[1])));
    let names: Vec<&str> = by_name.iter().map(|c| c.display_name()).collect();
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    // Case and accents are ignored: ana < Ángel < Budi = budi < … < Óscar = oscar < Zoë.
    assert!(pos("ana") < pos("Ángel") && pos("Ángel") < pos("budi"));
    assert!(pos("Ñandú") < pos("Óscar") && pos("oscar") < pos("Zoë"));
    assert!(by_name.iter().all(|c| !c.is_deleted()));
    let owes = sorted_all(&store, CustomerOrder::Owes).await;
    assert!(owes
        .windows(2)
        .all(|w| w[0].summary.balance >= w[1].summary.balance));
    let recent = sorted_all(&store, CustomerOrder::Recent).await;
    assert!(recent
        .windows(2)
        .all(|w| last_active_at(&w[0]) >= last_active_at(&w[1])));
    // The Trash is in no index.
    assert_eq!(
        store
            .first_customers(1000, CustomerOrder::Recent)
            .await
            .unwrap()
            .len(),
        varied().iter().filter(|c| !c.is_deleted()).count()
    );
}

#[wasm_bindgen_test]
async fn an_event_write_moves_its_customer_first_in_the_same_transaction() {
    let (store, _) = fresh("event").await;
    let (a, b, c) = (
        customer("a", "Ana", NOW - 3 * DAY),
        customer("b", "Budi", NOW - 2 * DAY),
        customer("c", "Citra", NOW - DAY),
    );
    store
        .add_customers(&[a.clone(), b.clone(), c.clone()])
        .await
        .unwrap();
    let first = store
        .first_customers(3, CustomerOrder::Recent)
        .await
        .unwrap();
    assert_eq!(ids(&first), ["c", "b", "a"]);

    // A contact logged for Ana: her summary and her place in the index change together.
    let saved = store
        .save_event(&Event::Interaction(contact("i1", "a", NOW)), None)
        .await
        .unwrap();
    assert_eq!(last_active_at(&saved), NOW);
    let first = store
        .first_customers(3, CustomerOrder::Recent)
        .await
        .unwrap();
    assert_eq!(ids(&first), ["a", "c", "b"]);
    assert_eq!(first[0], saved);

    // A batch that fails (its second event names an unknown customer) writes nothing: Budi's
    // contact does not move him either.
    let err = store
        .save_events(&[
            (Event::Interaction(contact("i2", "b", NOW + DAY)), None),
            (Event::Interaction(contact("i3", "nobody", NOW + DAY)), None),
        ])
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::NotFound);
    let first = store
        .first_customers(3, CustomerOrder::Recent)
        .await
        .unwrap();
    assert_eq!(ids(&first), ["a", "c", "b"]);

    // A payment changes what is owed: "owes most" follows in the same write.
    let pay = Payment {
        id: "p1".into(),
        customer_id: "b".into(),
        at: NOW,
        amount: 5_000,
        note: String::new(),
        purchase_id: None,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: None,
    };
    store.save_event(&Event::Payment(pay), None).await.unwrap();
    let owes = store.first_customers(3, CustomerOrder::Owes).await.unwrap();
    assert_eq!(ids(&owes), ["c", "a", "b"]);

    // An edit moves the customer first; the Trash takes them out of every index.
    let mut budi = store.customer("b").await.unwrap().unwrap();
    let seen = budi.updated_at;
    budi.notes = "called back".into();
    budi.updated_at = NOW + 2 * DAY;
    store.update_customer(&budi, seen).await.unwrap();
    let first = store
        .first_customers(3, CustomerOrder::Recent)
        .await
        .unwrap();
    assert_eq!(ids(&first), ["b", "a", "c"]);
    let mut gone = store.customer("a").await.unwrap().unwrap();
    let seen = gone.updated_at;
    gone.trash(NOW + 3 * DAY);
    store.update_customer(&gone, seen).await.unwrap();
    for order in CustomerOrder::ALL {
        let list = store.first_customers(10, order).await.unwrap();
        assert!(!ids(&list).contains(&"a"), "{order:?}");
        assert_eq!(list.len(), 2);
    }
    assert_index_equals_sort(&store, "after writes").await;
}

#[wasm_bindgen_test]
async fn a_restore_an_import_and_an_undo_keep_the_indexes_right() {
    let (store, _) = fresh("restore").await;
    let go_on = |_: usize, _: usize| true;
    let data = Data {
        customers: varied(),
        ..Data::default()
    };
    store
        .replace_all_with("dev", NOW, |_| data.clone(), &go_on)
        .await
        .unwrap();
    assert_index_equals_sort(&store, "restored").await;

    let adds = vec![customer("zz-new", "Aaron", NOW + DAY)];
    store.import_customers(&adds, &[], &go_on).await.unwrap();
    let first = store
        .first_customers(1, CustomerOrder::Recent)
        .await
        .unwrap();
    assert_eq!(ids(&first), ["zz-new"]);
    // Customers without a name show (and sort) by their phone, before the letters.
    let by_name = store
        .first_customers(100, CustomerOrder::Name)
        .await
        .unwrap();
    let first_letter = by_name
        .iter()
        .find(|c| c.display_name().starts_with(char::is_alphabetic))
        .unwrap();
    assert_eq!(first_letter.id, "zz-new");
    assert_index_equals_sort(&store, "imported").await;

    store.undo_last_import(&go_on).await.unwrap();
    assert_index_equals_sort(&store, "undone").await;
}

#[wasm_bindgen_test]
async fn the_v4_upgrade_fills_the_order_for_customers_already_stored() {
    let name = format!("rapport-test-order-migrate-{}", js_sys::Math::random());
    Store::delete_database(&name).await.unwrap();
    // A v3 database, with customers written as a v3 app wrote them (no list properties).
    let v3 = Store::open_version(&name, 3, || {}).await.unwrap();
    assert!(!v3
        .index_names("customers")
        .await
        .unwrap()
        .contains(&"list_recent".to_string()));
    v3.close();
    let old = varied();
    {
        let db = Database::open(name.as_str()).await.unwrap();
        let tx = db
            .transaction("customers")
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        let s = tx.object_store("customers").unwrap();
        for c in &old {
            let json = serde_json::to_string(c).unwrap();
            let v = js_sys::JSON::parse(&json).unwrap();
            s.put(v).primitive().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        db.close();
    }

    let now = Store::open(&name, || {}).await.unwrap();
    assert_eq!(now.version(), SCHEMA_VERSION);
    assert!(!now.store_names().contains(&"_upgrade".to_string()));
    // Every record is as it was (the list properties never reach `Customer`).
    let mut stored = now.all_customers().await.unwrap();
    let mut want = old.clone();
    rapport::domain::basics::sort::by(&mut stored, |a, b| a.id.cmp(&b.id));
    rapport::domain::basics::sort::by(&mut want, |a, b| a.id.cmp(&b.id));
    assert_eq!(stored, want);
    assert_index_equals_sort(&now, "migrated").await;
    let active = old.iter().filter(|c| !c.is_deleted()).count();
    for order in CustomerOrder::ALL {
        assert_eq!(
            now.first_customers(1000, order).await.unwrap().len(),
            active
        );
    }
}
