//! IndexedDB tests of a pulled batch (`Store::sync_apply`): whatever order another phone's
//! customers and events arrive in, and however they are edited, trashed or moved to another
//! customer, every stored customer's summary equals the summary recomputed from its stored
//! events after each batch. Run in headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_sync`
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::*;
use rapport::domain::records::summary::Summary;
use rapport::domain::sync::doc::{self, AnyRecord, Doc};
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::tree::Revisions;
use rapport::store::Store;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-03-14T00:00:00Z.
const NOW: i64 = 1_741_910_400_000;
const DAY: i64 = 24 * 3_600_000;

async fn fresh(tag: &str) -> Store {
    let name = format!("rapport-test-sync-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    Store::open(&name, || {}).await.expect("open")
}

fn customer(id: &str, n: u32) -> Customer {
    CustomerDraft {
        name: format!("Customer {id} v{n}"),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), NOW - 90 * DAY)
    .expect("valid draft")
}

fn purchase(id: &str, customer_id: &str, at: i64, total: i64, paid: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: customer_id.into(),
        at,
        lines: vec![],
        total,
        paid,
        note: String::new(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn payment(id: &str, customer_id: &str, at: i64, amount: i64) -> Payment {
    Payment {
        id: id.into(),
        customer_id: customer_id.into(),
        at,
        amount,
        note: String::new(),
        purchase_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
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
        outcome: String::new(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn task(id: &str, customer_id: &str, at: i64) -> Task {
    Task {
        id: id.into(),
        customer_id: customer_id.into(),
        title: format!("Follow up ({id})"),
        at,
        done_at: None,
        interaction_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

/// Another phone: each document's history, and the documents it has sent since the last pull.
#[derive(Default)]
struct Remote {
    history: HashMap<String, Vec<Rev>>,
    out: Vec<Doc>,
}

impl Remote {
    /// A new revision of `record` (a child of the last one this phone wrote).
    fn write(&mut self, record: AnyRecord) {
        let key = record.doc_id().to_string();
        let revs = self.history.entry(key).or_default();
        let rev = Rev::child(revs.last(), false, &record.body());
        revs.push(rev.clone());
        let history = Revisions {
            start: rev.pos,
            ids: revs.iter().rev().map(|r| r.hash.clone()).collect(),
        };
        let wire = doc::to_wire(&record, &rev, Some(&history));
        self.out
            .push(doc::from_value(&wire).expect("a valid document"));
    }

    fn take(&mut self) -> Vec<Doc> {
        std::mem::take(&mut self.out)
    }
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Every stored customer's summary equals the one recomputed from its stored events.
async fn check_all(store: &Store, ids: &[String], step: &str) {
    for id in ids {
        let Some(c) = store.customer(id).await.expect("read customer") else {
            continue;
        };
        let events = store.customer_events(id).await.expect("read events");
        assert_eq!(
            c.summary,
            Summary::recompute(&events),
            "{step}: stored summary of {id} vs recomputed from its events"
        );
    }
}

/// Events arrive before, with and after their customers; sales older and newer than the last;
/// payments that leave something owed or not; edits, the Trash and moves between customers.
#[wasm_bindgen_test]
async fn pulled_batches_keep_every_summary_equal_to_its_events() {
    let store = fresh("summaries").await;
    let customers: Vec<String> = (0..5).map(|i| format!("c{i}")).collect();
    let mut remote = Remote::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // The events as the other phone last wrote them.
    let mut events: Vec<AnyRecord> = Vec::new();
    let mut customer_sent = [false; 5];
    for batch in 0..12 {
        for k in 0..8 {
            let n = batch * 8 + k;
            let c = &customers[rng.next(5) as usize];
            let at = NOW - rng.next(60) as i64 * DAY;
            match rng.next(9) {
                0 | 1 => {
                    let total = 1_000 * (1 + rng.next(50) as i64);
                    let paid = [0, total / 2, total][rng.next(3) as usize];
                    events.push(AnyRecord::Purchases(purchase(
                        &format!("p{n}"),
                        c,
                        at,
                        total,
                        paid,
                    )));
                    remote.write(events[events.len() - 1].clone());
                }
                2 => {
                    let amount = 500 * (1 + rng.next(40) as i64);
                    events.push(AnyRecord::Payments(payment(
                        &format!("y{n}"),
                        c,
                        at,
                        amount,
                    )));
                    remote.write(events[events.len() - 1].clone());
                }
                3 => {
                    events.push(AnyRecord::Interactions(interaction(
                        &format!("i{n}"),
                        c,
                        at,
                    )));
                    remote.write(events[events.len() - 1].clone());
                }
                4 => {
                    events.push(AnyRecord::Tasks(task(&format!("t{n}"), c, at + 30 * DAY)));
                    remote.write(events[events.len() - 1].clone());
                }
                5 | 6 if !events.is_empty() => {
                    // An edit of an earlier event: another date, another amount, the Trash, or
                    // another customer.
                    let i = rng.next(events.len() as u64) as usize;
                    let to = customers[rng.next(5) as usize].clone();
                    let how = rng.next(4);
                    let edited = match events[i].clone() {
                        AnyRecord::Purchases(mut p) => {
                            match how {
                                0 => p.at = at,
                                1 => p.paid = p.total - p.paid,
                                2 => p.deleted_at = p.deleted_at.xor(Some(NOW)),
                                _ => p.customer_id = to,
                            }
                            p.updated_at += 1;
                            AnyRecord::Purchases(p)
                        }
                        AnyRecord::Payments(mut p) => {
                            match how {
                                0 => p.at = at,
                                1 => p.amount += 700,
                                2 => p.deleted_at = p.deleted_at.xor(Some(NOW)),
                                _ => p.customer_id = to,
                            }
                            p.updated_at += 1;
                            AnyRecord::Payments(p)
                        }
                        AnyRecord::Interactions(mut x) => {
                            match how {
                                0 => x.at = at,
                                2 => x.deleted_at = x.deleted_at.xor(Some(NOW)),
                                _ => x.customer_id = to,
                            }
                            x.updated_at += 1;
                            AnyRecord::Interactions(x)
                        }
                        AnyRecord::Tasks(mut t) => {
                            match how {
                                0 => t.done_at = t.done_at.xor(Some(NOW)),
                                2 => t.deleted_at = t.deleted_at.xor(Some(NOW)),
                                _ => t.customer_id = to,
                            }
                            t.updated_at += 1;
                            AnyRecord::Tasks(t)
                        }
                        other => other,
                    };
                    events[i] = edited.clone();
                    remote.write(edited);
                }
                _ => {
                    // A customer (new, or edited again), sometimes after its events.
                    let i = rng.next(5) as usize;
                    let mut record = customer(&customers[i], n as u32);
                    record.updated_at += i64::from(n as u32);
                    customer_sent[i] = true;
                    remote.write(AnyRecord::Customers(record));
                }
            }
        }
        if batch == 11 {
            // Every customer arrives in the end.
            for (i, id) in customers.iter().enumerate() {
                if !customer_sent[i] {
                    remote.write(AnyRecord::Customers(customer(id, 999)));
                }
            }
        }
        let docs = remote.take();
        let mut before = Vec::new();
        for id in &customers {
            before.push(store.customer(id).await.expect("read"));
        }
        let applied = store
            .sync_apply(&docs, NOW, None)
            .await
            .expect("the batch applies");
        check_all(&store, &customers, &format!("after batch {batch}")).await;
        // The screens read again exactly what changed: every customer whose record or summary
        // changed is named.
        for (id, was) in customers.iter().zip(before) {
            let now = store.customer(id).await.expect("read");
            if now != was {
                assert!(
                    applied.customers.contains(id),
                    "batch {batch}: {id} changed but is not named for the screens"
                );
            }
        }
    }
    for id in &customers {
        assert!(
            store.customer(id).await.expect("read").is_some(),
            "{id} arrived"
        );
    }
}
