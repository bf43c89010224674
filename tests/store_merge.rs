//! IndexedDB tests of merging two customers (`Store::merge_customers`): the history moves to the
//! survivor, summaries are right, and a conflict writes nothing. Run in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_merge`
#![cfg(target_arch = "wasm32")]

use rapport::domain::basics::locale::Country;
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::dupes::{merge_customers, FieldChoices, Keep};
use rapport::domain::records::events::*;
use rapport::domain::records::summary::Summary;
use rapport::store::{Store, StoreError, EVENT_STORES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-03-14T00:00:00Z.
const NOW: i64 = 1_741_910_400_000;
const H: i64 = 3_600_000;
const DAY: i64 = 24 * H;

async fn fresh(tag: &str) -> Store {
    let name = format!("rapport-test-merge-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    Store::open(&name, || {}).await.expect("open")
}

fn customer(id: &str, name: &str, phone: &str, tags: &[&str], created: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        tags: tags.join(", "),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), created)
    .expect("valid draft")
}

fn interaction(id: &str, customer_id: &str, at: i64) -> Event {
    Event::Interaction(Interaction {
        id: id.into(),
        customer_id: customer_id.into(),
        kind: InteractionKind::WhatsApp,
        direction: Direction::In,
        at,
        summary: format!("chat ({id})"),
        outcome: String::new(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    })
}

fn purchase(id: &str, customer_id: &str, at: i64, total: i64, paid: i64) -> Event {
    Event::Purchase(Purchase {
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
    })
}

fn payment(id: &str, customer_id: &str, at: i64, amount: i64, purchase: &str) -> Event {
    Event::Payment(Payment {
        id: id.into(),
        customer_id: customer_id.into(),
        at,
        amount,
        note: String::new(),
        purchase_id: Some(purchase.into()),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    })
}

fn task(id: &str, customer_id: &str, at: i64) -> Event {
    Event::Task(Task {
        id: id.into(),
        customer_id: customer_id.into(),
        title: format!("Follow up ({id})"),
        at,
        done_at: None,
        interaction_id: None,
        created_at: NOW - DAY,
        updated_at: NOW - DAY,
        deleted_at: None,
    })
}

fn complaint(id: &str, customer_id: &str, at: i64) -> Event {
    Event::Case(Case {
        id: id.into(),
        customer_id: customer_id.into(),
        channel: InteractionKind::WhatsApp,
        at,
        summary: format!("complaint ({id})"),
        notes: String::new(),
        first_response_at: None,
        resolved_at: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    })
}

/// Everything in the event stores, store by store, sorted by id.
async fn snapshot(store: &Store) -> Vec<(String, Vec<Event>)> {
    let mut out = Vec::new();
    for name in EVENT_STORES {
        let mut events = store.all_events(name).await.unwrap();
        events.sort_by(|a, b| a.id().cmp(b.id()));
        out.push((name.to_string(), events));
    }
    out
}

fn ids(events: &[Event]) -> Vec<&str> {
    let mut v: Vec<&str> = events.iter().map(|e| e.id()).collect();
    v.sort_unstable();
    v
}

/// Two customers, Siti (s, the older) and siti (o), each with a history; `o` also has an event in
/// the Trash. Returns the store and both customers as stored after the events.
async fn two_sitis(tag: &str) -> (Store, Customer, Customer) {
    let store = fresh(tag).await;
    let s = customer(
        "s",
        "Siti Rahma",
        "0812-3456-7890",
        &["vip"],
        NOW - 30 * DAY,
    );
    let o = customer(
        "o",
        "siti rahma",
        "+62 812 3456 7890",
        &["VIP", "reseller"],
        NOW - 20 * DAY,
    );
    store.add_customers(&[s, o]).await.unwrap();
    // Siti: a purchase of 150,000, 100,000 paid at once; an open follow-up.
    store
        .save_events(&[
            (purchase("p1", "s", NOW - 10 * DAY, 150_000, 100_000), None),
            (task("t1", "s", NOW + 2 * DAY), None),
        ])
        .await
        .unwrap();
    // siti: a later WhatsApp, an unpaid purchase of 80,000 with 30,000 paid later, an earlier
    // follow-up, an open complaint, and a chat in the Trash.
    let mut trashed = interaction("i-trash", "o", NOW - 2 * DAY);
    trashed.set_deleted(Some(NOW - DAY), NOW - DAY);
    store
        .save_events(&[
            (interaction("i1", "o", NOW - DAY), None),
            (purchase("p2", "o", NOW - 15 * DAY, 80_000, 0), None),
            (payment("pay1", "o", NOW - 5 * DAY, 30_000, "p2"), None),
            (task("t2", "o", NOW + DAY), None),
            (complaint("k1", "o", NOW - 3 * DAY), None),
            (trashed, None),
        ])
        .await
        .unwrap();
    let s = store.customer("s").await.unwrap().unwrap();
    let o = store.customer("o").await.unwrap().unwrap();
    (store, s, o)
}

#[wasm_bindgen_test]
async fn merging_moves_the_history_and_recomputes_the_summary() {
    let (store, s, o) = two_sitis("moves").await;
    assert_eq!(s.summary.balance, 50_000);
    assert_eq!(o.summary.balance, 50_000);
    let now = NOW + H;
    let (kept, gone) = merge_customers(&s, &o, &FieldChoices::default(), now);
    let stored = store
        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
        .await
        .expect("merged");

    // Every event of `o`, the Trash included, now belongs to `s`, bumped to `now`.
    let events = store.customer_events("s").await.unwrap();
    assert_eq!(
        ids(&events),
        vec!["i-trash", "i1", "k1", "p1", "p2", "pay1", "t1", "t2"]
    );
    assert!(store.customer_events("o").await.unwrap().is_empty());
    for e in &events {
        assert_eq!(e.customer_id(), "s");
        let expected = if ["p1", "t1"].contains(&e.id()) {
            e.created_at()
        } else {
            now
        };
        assert_eq!(e.updated_at(), expected, "{}", e.id());
    }
    let Some(Event::Interaction(tr)) = store.event("interactions", "i-trash").await.unwrap() else {
        panic!("still stored");
    };
    assert_eq!(tr.deleted_at, Some(NOW - DAY));
    let Some(Event::Payment(pay)) = store.event("payments", "pay1").await.unwrap() else {
        panic!("still stored");
    };
    assert_eq!(pay.purchase_id.as_deref(), Some("p2"));

    // The survivor's summary covers both histories.
    let expected = Summary {
        last_contact_at: Some(NOW - DAY),
        last_purchase_at: Some(NOW - 10 * DAY),
        first_purchase_at: Some(NOW - 15 * DAY),
        total_spent: 230_000,
        purchase_count: 2,
        balance: 100_000,
        oldest_unpaid_at: Some(NOW - 15 * DAY),
        open_tasks: 2,
        next_task_at: Some(NOW + DAY),
        open_cases: 1,
    };
    assert_eq!(Summary::recompute(&events), expected);
    assert_eq!(stored.summary, expected);
    let s_now = store.customer("s").await.unwrap().unwrap();
    assert_eq!(s_now, stored);
    assert_eq!(s_now.name, "Siti Rahma");
    assert_eq!(s_now.tags, vec!["vip", "reseller"]);
    assert_eq!(s_now.updated_at, now);
    assert_eq!(s_now.deleted_at, None);

    // The other is in the Trash, with nothing left to sum.
    let o_now = store.customer("o").await.unwrap().unwrap();
    assert_eq!(o_now.deleted_at, Some(now));
    assert_eq!(o_now.updated_at, now);
    assert_eq!(o_now.summary, Summary::default());
    assert_eq!(o_now.name, "siti rahma");

    // Later writes keep the moved history consistent: paying off p2 through the survivor.
    store
        .save_event(&payment("pay2", "s", NOW + 2 * H, 50_000, "p2"), None)
        .await
        .unwrap();
    let after = store.customer("s").await.unwrap().unwrap().summary;
    assert_eq!(after.balance, 50_000);
    assert_eq!(
        after,
        Summary::recompute(&store.customer_events("s").await.unwrap())
    );
}

#[wasm_bindgen_test]
async fn chosen_fields_are_stored() {
    let (store, s, o) = two_sitis("fields").await;
    let choices = FieldChoices {
        name: Keep::Other,
        ..Default::default()
    };
    let (kept, gone) = merge_customers(&s, &o, &choices, NOW);
    let stored = store
        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
        .await
        .unwrap();
    assert_eq!(stored.name, "siti rahma");
    assert_eq!(stored.id, "s");
    assert_eq!(
        store.customer("s").await.unwrap().unwrap().name,
        "siti rahma"
    );
}

#[wasm_bindgen_test]
async fn a_conflict_leaves_everything_unchanged() {
    let (store, s, o) = two_sitis("conflict").await;
    let before = snapshot(&store).await;
    let (kept, gone) = merge_customers(&s, &o, &FieldChoices::default(), NOW + H);

    // Someone edited `o` after the owner opened the comparison.
    let mut edited = o.clone();
    edited.notes = "Edited in another tab".into();
    edited.updated_at = NOW + 30 * 60_000;
    let o2 = store.update_customer(&edited, o.updated_at).await.unwrap();
    let err = store
        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict);
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.customer("s").await.unwrap(), Some(s.clone()));
    assert_eq!(store.customer("o").await.unwrap(), Some(o2.clone()));

    // The same for the survivor's side.
    let err = store
        .merge_customers(&kept, &gone, (s.updated_at - 1, o2.updated_at))
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict);
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.customer("s").await.unwrap(), Some(s.clone()));

    // A missing customer, or merging a customer into itself, writes nothing either.
    let mut ghost = gone.clone();
    ghost.id = "ghost".into();
    assert_eq!(
        store
            .merge_customers(&kept, &ghost, (s.updated_at, o2.updated_at))
            .await
            .unwrap_err(),
        StoreError::NotFound
    );
    assert!(store
        .merge_customers(&kept, &kept, (s.updated_at, s.updated_at))
        .await
        .is_err());
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.customer("s").await.unwrap(), Some(s.clone()));
    assert_eq!(store.customer("o").await.unwrap(), Some(o2.clone()));

    // With the versions seen now, it works.
    let (kept, gone) = merge_customers(&s, &o2, &FieldChoices::default(), NOW + 2 * H);
    let stored = store
        .merge_customers(&kept, &gone, (s.updated_at, o2.updated_at))
        .await
        .unwrap();
    assert_eq!(stored.notes, "Edited in another tab");
    assert_eq!(stored.summary.total_spent, 230_000);
}

#[wasm_bindgen_test]
async fn promises_and_reminder_schedules_follow_the_merge() {
    use rapport::domain::records::paid::{Promise, ReminderRule, ReminderSchedule};
    let (store, s, o) = two_sitis("paid").await;
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 20).unwrap();
    store
        .save_paid(&Promise::new("pr-o", "o", day, NOW - DAY), None)
        .await
        .unwrap();
    store
        .save_paid(&Promise::new("pr-s", "s", day, NOW - DAY), None)
        .await
        .unwrap();
    // Both have their own schedule: s every 7 days (sent 5 days ago), o every 3 (sent yesterday).
    let mut sched_s = ReminderSchedule::new(
        Some("s"),
        ReminderRule::EveryDays { days: 7 },
        NOW - 9 * DAY,
    );
    sched_s.last_sent_at = Some(NOW - 5 * DAY);
    let mut sched_o = ReminderSchedule::new(
        Some("o"),
        ReminderRule::EveryDays { days: 3 },
        NOW - 9 * DAY,
    );
    sched_o.last_sent_at = Some(NOW - DAY);
    store.save_paid(&sched_s, None).await.unwrap();
    store.save_paid(&sched_o, None).await.unwrap();

    let now = NOW + H;
    let (kept, gone) = merge_customers(&s, &o, &FieldChoices::default(), now);
    store
        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
        .await
        .expect("merged");

    // o's promise now belongs to s, bumped to `now`; none is left with o.
    let promises = store.promises_of("s").await.unwrap();
    let mut ids: Vec<&str> = promises.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["pr-o", "pr-s"]);
    let moved = promises.iter().find(|p| p.id == "pr-o").unwrap();
    assert_eq!(moved.updated_at, now);
    assert!(store.promises_of("o").await.unwrap().is_empty());

    // s keeps its own schedule (every 7 days) with the latest send of both; o's is in the Trash.
    let kept = store.schedules_of("s").await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].rule, ReminderRule::EveryDays { days: 7 });
    assert_eq!(kept[0].last_sent_at, Some(NOW - DAY));
    assert_eq!(kept[0].deleted_at, None);
    let theirs = store.schedules_of("o").await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].deleted_at, Some(now));
}

#[wasm_bindgen_test]
async fn the_other_customers_schedule_is_carried_over() {
    use rapport::domain::records::paid::{ReminderRule, ReminderSchedule};
    let (store, s, o) = two_sitis("carry").await;
    let sched_o = ReminderSchedule::new(
        Some("o"),
        ReminderRule::EveryDays { days: 3 },
        NOW - 9 * DAY,
    );
    store.save_paid(&sched_o, None).await.unwrap();
    let now = NOW + H;
    let (kept, gone) = merge_customers(&s, &o, &FieldChoices::default(), now);
    store
        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
        .await
        .expect("merged");
    let kept = store.schedules_of("s").await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].id, ReminderSchedule::id_for(Some("s")));
    assert_eq!(kept[0].rule, ReminderRule::EveryDays { days: 3 });
    assert_eq!(kept[0].updated_at, now);
}
