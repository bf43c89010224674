//! IndexedDB tests of the relationship records (interactions, purchases, payments, follow-ups,
//! complaints) and of the customer summary they maintain in the same transaction, run in
//! headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_events`
#![cfg(target_arch = "wasm32")]

use rapport::domain::basics::locale::Country;
use rapport::domain::basics::money::Currency;
use rapport::domain::records::cases::{Case, CaseDraft, CaseStatus};
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::*;
use rapport::domain::records::summary::Summary;
use rapport::store::{Refusal, Store, StoreError, EVENT_STORES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-03-14T00:00:00Z (07:00 in Jakarta).
const NOW: i64 = 1_741_910_400_000;
const H: i64 = 3_600_000;
const DAY: i64 = 24 * H;
const JAKARTA: i32 = -420;
const IDR: Currency = Currency::IDR;

/// A fresh, empty database with a unique name.
async fn fresh(tag: &str) -> Store {
    let name = format!("rapport-test-events-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    Store::open(&name, || {}).await.expect("open")
}

fn customer(id: &str, name: &str, now: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), now)
    .expect("valid draft")
}

/// A fresh database with customers `ids` (created at `NOW - 30 days`).
async fn with_customers(tag: &str, ids: &[&str]) -> Store {
    let store = fresh(tag).await;
    let cs: Vec<Customer> = ids
        .iter()
        .map(|id| customer(id, &format!("Customer {id}"), NOW - 30 * DAY))
        .collect();
    store.add_customers(&cs).await.expect("add customers");
    store
}

fn interaction(id: &str, customer_id: &str, kind: InteractionKind, at: i64) -> Interaction {
    Interaction {
        id: id.into(),
        customer_id: customer_id.into(),
        kind,
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

fn task(id: &str, customer_id: &str, at: i64) -> Task {
    Task {
        id: id.into(),
        customer_id: customer_id.into(),
        title: format!("Follow up ({id})"),
        at,
        done_at: None,
        interaction_id: None,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: None,
    }
}

fn complaint(id: &str, customer_id: &str, at: i64) -> Case {
    Case {
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
    }
}

/// The stored customer's summary, after checking that it equals the summary recomputed from
/// every stored event of that customer.
async fn checked_summary(store: &Store, id: &str) -> Summary {
    let stored = store
        .customer(id)
        .await
        .unwrap()
        .expect("customer stored")
        .summary;
    let events = store.customer_events(id).await.unwrap();
    assert_eq!(
        stored,
        Summary::recompute(&events),
        "stored summary of {id} vs recomputed from its events"
    );
    stored
}

/// Everything in the event stores, store by store, sorted by id (to compare before/after).
async fn snapshot(store: &Store) -> Vec<(String, Vec<Event>)> {
    let mut out = Vec::new();
    for name in EVENT_STORES {
        let mut events = store.all_events(name).await.unwrap();
        events.sort_by(|a, b| a.id().cmp(b.id()));
        out.push((name.to_string(), events));
    }
    out
}

/// Asserts that the event stores and the customers are as they were.
async fn unchanged(store: &Store, before: &[(String, Vec<Event>)], customers: [&Customer; 2]) {
    assert_eq!(snapshot(store).await, before, "event stores unchanged");
    for c in customers {
        assert_eq!(store.customer(&c.id).await.unwrap().as_ref(), Some(c));
        checked_summary(store, &c.id).await;
    }
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id()).collect()
}

// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn purchase_payment_edit_trash_restore_keep_the_summary() {
    let store = with_customers("money", &["c1"]).await;
    assert_eq!(checked_summary(&store, "c1").await, Summary::default());

    // 1. An unpaid purchase of Rp 150,000 on 14 March, 10:00 in Jakarta (03:00 UTC).
    let p = PurchaseDraft {
        date: "2025-03-14".into(),
        time: "10:00".into(),
        total: "150000".into(),
        paid: PaidChoice::Unpaid,
        note: "Kue lapis".into(),
        ..Default::default()
    }
    .build("p1".into(), "c1".into(), NOW + 4 * H, JAKARTA, IDR)
    .expect("valid purchase");
    let bought = NOW + 3 * H;
    assert_eq!((p.at, p.total, p.paid), (bought, 150_000, 0));
    assert_eq!(p.status(), PaymentStatus::Unpaid);

    let returned = store
        .save_event(&Event::Purchase(p.clone()), None)
        .await
        .unwrap();
    let after_purchase = Summary {
        last_contact_at: Some(bought),
        last_purchase_at: Some(bought),
        first_purchase_at: Some(bought),
        total_spent: 150_000,
        purchase_count: 1,
        balance: 150_000,
        oldest_unpaid_at: Some(bought),
        open_tasks: 0,
        next_task_at: None,
        open_cases: 0,
    };
    assert_eq!(returned.summary, after_purchase);
    assert_eq!(checked_summary(&store, "c1").await, after_purchase);
    assert_eq!(
        store.event("purchases", "p1").await.unwrap(),
        Some(Event::Purchase(p.clone()))
    );
    // The customer record is otherwise unchanged (the summary is not an edit of the customer).
    let c = store.customer("c1").await.unwrap().unwrap();
    assert_eq!(c.updated_at, NOW - 30 * DAY);
    assert_eq!(c.name, "Customer c1");

    // 2. A part payment of Rp 50,000 two days later: payments are not contacts.
    let paid_at = NOW + 2 * DAY + 2 * H; // 16 March, 09:00 in Jakarta
    let pay = PaymentDraft {
        date: "2025-03-16".into(),
        time: "09:00".into(),
        amount: "50000".into(),
        note: String::new(),
        purchase_id: Some("p1".into()),
    }
    .build("pay1".into(), "c1".into(), paid_at, JAKARTA, IDR)
    .expect("valid payment");
    assert_eq!((pay.at, pay.amount), (paid_at, 50_000));
    let returned = store
        .save_event(&Event::Payment(pay.clone()), None)
        .await
        .unwrap();
    let after_payment = Summary {
        balance: 100_000,
        ..after_purchase.clone()
    };
    assert_eq!(returned.summary, after_payment);
    assert_eq!(checked_summary(&store, "c1").await, after_payment);

    // 3. The total was really Rp 120,000: edit the purchase with the version the user saw.
    let Some(Event::Purchase(seen)) = store.event("purchases", "p1").await.unwrap() else {
        panic!("purchase stored");
    };
    let mut draft = seen.to_draft(JAKARTA, IDR);
    assert_eq!(draft.paid, PaidChoice::Unpaid);
    draft.total = "120000".into();
    let edit_time = NOW + 3 * DAY;
    let edited = draft
        .apply_to(&seen, edit_time, JAKARTA, IDR)
        .expect("valid edit");
    assert_eq!((edited.total, edited.paid, edited.at), (120_000, 0, bought));
    assert_eq!(
        (edited.created_at, edited.updated_at),
        (seen.created_at, edit_time)
    );
    let returned = store
        .save_event(&Event::Purchase(edited.clone()), Some(seen.updated_at))
        .await
        .unwrap();
    let after_edit = Summary {
        total_spent: 120_000,
        balance: 70_000,
        ..after_payment.clone()
    };
    assert_eq!(returned.summary, after_edit);
    assert_eq!(checked_summary(&store, "c1").await, after_edit);

    // Saving from the same (now stale) copy again is refused and changes nothing.
    let mut stale = seen.clone();
    stale.total = 1;
    stale.updated_at = edit_time + 1;
    assert_eq!(
        store
            .save_event(&Event::Purchase(stale), Some(seen.updated_at))
            .await,
        Err(StoreError::Conflict)
    );
    assert_eq!(
        store.event("purchases", "p1").await.unwrap(),
        Some(Event::Purchase(edited.clone()))
    );
    assert_eq!(checked_summary(&store, "c1").await, after_edit);

    // 4. Move the purchase to the Trash: the payment remains, as credit.
    let trash_time = NOW + 4 * DAY;
    let mut trashed = Event::Purchase(edited.clone());
    trashed.set_deleted(Some(trash_time), trash_time);
    assert_eq!(trashed.updated_at(), trash_time);
    let returned = store
        .save_event(&trashed, Some(edited.updated_at))
        .await
        .unwrap();
    let in_trash = Summary {
        last_contact_at: None,
        last_purchase_at: None,
        first_purchase_at: None,
        total_spent: 0,
        purchase_count: 0,
        balance: -50_000,
        oldest_unpaid_at: None,
        open_tasks: 0,
        next_task_at: None,
        open_cases: 0,
    };
    assert_eq!(returned.summary, in_trash);
    assert_eq!(checked_summary(&store, "c1").await, in_trash);
    // The tombstone is still stored (the Trash shows it).
    let stored = store.event("purchases", "p1").await.unwrap().unwrap();
    assert_eq!(stored.deleted_at(), Some(trash_time));
    assert_eq!(store.customer_events("c1").await.unwrap().len(), 2);

    // 5. Restore it: everything comes back.
    let restore_time = NOW + 5 * DAY;
    let mut restored = stored.clone();
    restored.set_deleted(None, restore_time);
    let returned = store.save_event(&restored, Some(trash_time)).await.unwrap();
    assert_eq!(returned.summary, after_edit);
    assert_eq!(checked_summary(&store, "c1").await, after_edit);
    let stored = store.event("purchases", "p1").await.unwrap().unwrap();
    assert_eq!(stored.deleted_at(), None);
    assert_eq!(stored.updated_at(), restore_time);
    let Event::Purchase(stored) = stored else {
        panic!("a purchase");
    };
    assert_eq!(stored.total, 120_000);
    assert_eq!(stored.status(), PaymentStatus::Unpaid);
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_events_and_summary_unchanged() {
    let store = with_customers("atomic", &["a", "b"]).await;
    let p1 = purchase("p1", "a", NOW, 150_000, 0);
    let t1 = task("t1", "a", NOW + DAY);
    store
        .save_events(&[
            (Event::Purchase(p1.clone()), None),
            (Event::Task(t1.clone()), None),
        ])
        .await
        .unwrap();
    let customer_a = store.customer("a").await.unwrap().unwrap();
    let customer_b = store.customer("b").await.unwrap().unwrap();
    assert_eq!(customer_a.summary.balance, 150_000);
    assert_eq!(customer_a.summary.open_tasks, 1);
    let before = snapshot(&store).await;
    let unchanged = || unchanged(&store, &before, [&customer_a, &customer_b]);

    // A valid new purchase for A, then an event of a customer that does not exist.
    let p2 = purchase("p2", "a", NOW + 2 * DAY, 80_000, 0);
    let ghost = interaction("i9", "nobody", InteractionKind::Call, NOW + 2 * DAY);
    assert_eq!(
        store
            .save_events(&[
                (Event::Purchase(p2.clone()), None),
                (Event::Interaction(ghost.clone()), None),
            ])
            .await,
        Err(StoreError::NotFound)
    );
    unchanged().await;
    assert_eq!(store.event("purchases", "p2").await.unwrap(), None);
    assert_eq!(store.event("interactions", "i9").await.unwrap(), None);

    // A valid new purchase for A, then a stale edit (wrong expected `updated_at`).
    let mut stale = p1.clone();
    stale.total = 999;
    stale.updated_at = NOW + 3 * DAY;
    assert_eq!(
        store
            .save_events(&[
                (Event::Purchase(p2.clone()), None),
                (Event::Purchase(stale.clone()), Some(NOW - 1)),
            ])
            .await,
        Err(StoreError::Conflict)
    );
    unchanged().await;

    // A valid edit of p1 and a payment for B, then a stale edit of the task: nothing written.
    let mut good = p1.clone();
    good.paid = 150_000;
    good.updated_at = NOW + 3 * DAY;
    let mut stale_task = t1.clone();
    stale_task.complete(NOW + 3 * DAY);
    assert_eq!(
        store
            .save_events(&[
                (Event::Purchase(good.clone()), Some(p1.updated_at)),
                (Event::Payment(payment("pay1", "b", NOW, 10_000)), None),
                (Event::Task(stale_task), Some(t1.updated_at + 1)),
            ])
            .await,
        Err(StoreError::Conflict)
    );
    unchanged().await;

    // An edit (with an expected version) of an event that does not exist.
    let missing = purchase("p404", "a", NOW, 10_000, 0);
    assert_eq!(
        store
            .save_event(&Event::Purchase(missing.clone()), Some(NOW))
            .await,
        Err(StoreError::NotFound)
    );
    assert_eq!(
        store
            .save_events(&[
                (Event::Purchase(p2.clone()), None),
                (Event::Purchase(missing), Some(NOW)),
            ])
            .await,
        Err(StoreError::NotFound)
    );
    unchanged().await;

    // "New" (no expected version) with the id of an existing event: refused, not overwritten.
    let mut dup = p1.clone();
    dup.total = 1;
    assert_eq!(
        store.save_event(&Event::Purchase(dup), None).await,
        Err(StoreError::Conflict)
    );
    unchanged().await;

    // An event cannot move to another customer.
    let mut moved = p1.clone();
    moved.customer_id = "b".into();
    moved.updated_at = NOW + 3 * DAY;
    assert!(matches!(
        store
            .save_event(&Event::Purchase(moved), Some(p1.updated_at))
            .await,
        Err(StoreError::Refused(Refusal::EventMovesCustomer))
    ));
    unchanged().await;

    // The database still works: the same valid write now goes through.
    let saved = store
        .save_events(&[
            (Event::Purchase(good.clone()), Some(p1.updated_at)),
            (Event::Payment(payment("pay1", "b", NOW, 10_000)), None),
        ])
        .await
        .unwrap();
    let mut saved_ids: Vec<&str> = saved.iter().map(|c| c.id.as_str()).collect();
    saved_ids.sort();
    assert_eq!(saved_ids, vec!["a", "b"]);
    assert_eq!(checked_summary(&store, "a").await.balance, 0);
    assert_eq!(checked_summary(&store, "b").await.balance, -10_000);
}

#[wasm_bindgen_test]
async fn interaction_and_follow_up_in_one_action() {
    let store = with_customers("followup", &["c1"]).await;
    let talked = NOW + 2 * H;
    let i1 = InteractionDraft {
        kind: InteractionKind::WhatsApp,
        direction: Direction::In,
        date: "2025-03-14".into(),
        time: "09:00".into(),
        summary: "Asked about a birthday cake".into(),
        ..Default::default()
    }
    .build("i1".into(), "c1".into(), NOW + 3 * H, JAKARTA)
    .expect("valid interaction");
    assert_eq!(i1.at, talked);
    let mut draft = TaskDraft::in_days("Send the price list", i1.at, 3, JAKARTA);
    draft.interaction_id = Some("i1".into());
    let t1 = draft
        .build("t1".into(), "c1".into(), NOW + 3 * H, JAKARTA)
        .expect("valid task");
    let due = NOW + 3 * DAY + 2 * H; // 17 March, 09:00 in Jakarta
    assert_eq!(t1.at, due);

    let saved = store
        .save_events(&[
            (Event::Interaction(i1.clone()), None),
            (Event::Task(t1.clone()), None),
        ])
        .await
        .unwrap();
    assert_eq!(saved.len(), 1, "one customer touched");
    let expected = Summary {
        last_contact_at: Some(talked),
        open_tasks: 1,
        next_task_at: Some(due),
        ..Default::default()
    };
    assert_eq!(saved[0].summary, expected);
    assert_eq!(checked_summary(&store, "c1").await, expected);
    assert_eq!(
        store.event("interactions", "i1").await.unwrap(),
        Some(Event::Interaction(i1.clone()))
    );
    assert_eq!(
        store.event("tasks", "t1").await.unwrap(),
        Some(Event::Task(t1.clone()))
    );
    assert_eq!(store.open_tasks().await.unwrap(), vec![t1.clone()]);

    // Done: no open follow-up left.
    let done_at = NOW + 2 * DAY;
    let mut done = t1.clone();
    done.complete(done_at);
    let saved = store
        .save_event(&Event::Task(done.clone()), Some(t1.updated_at))
        .await
        .unwrap();
    let expected = Summary {
        last_contact_at: Some(talked),
        ..Default::default()
    };
    assert_eq!(saved.summary, expected);
    assert_eq!(checked_summary(&store, "c1").await, expected);
    let Some(Event::Task(stored)) = store.event("tasks", "t1").await.unwrap() else {
        panic!("task stored");
    };
    assert_eq!(stored.done_at, Some(done_at));
    assert_eq!(stored.updated_at, done_at);
    assert!(store.open_tasks().await.unwrap().is_empty());

    // Reopened: open again, due as before.
    let mut reopened = stored.clone();
    reopened.reopen(done_at + H);
    store
        .save_event(&Event::Task(reopened), Some(done_at))
        .await
        .unwrap();
    let s = checked_summary(&store, "c1").await;
    assert_eq!((s.open_tasks, s.next_task_at), (1, Some(due)));

    // A note is not a contact: the last contact stays.
    let note = interaction("i2", "c1", InteractionKind::Note, NOW + 5 * H);
    store
        .save_event(&Event::Interaction(note), None)
        .await
        .unwrap();
    assert_eq!(
        checked_summary(&store, "c1").await.last_contact_at,
        Some(talked)
    );
}

#[wasm_bindgen_test]
async fn complaints_open_and_resolve() {
    let store = with_customers("cases", &["c1"]).await;
    let k = CaseDraft {
        channel: InteractionKind::Call,
        date: "2025-03-14".into(),
        time: "08:00".into(),
        summary: "The cake arrived late".into(),
        notes: String::new(),
    }
    .build("k1".into(), "c1".into(), NOW + 2 * H, JAKARTA)
    .expect("valid complaint");
    assert_eq!(k.at, NOW + H);
    let saved = store
        .save_event(&Event::Case(k.clone()), None)
        .await
        .unwrap();
    let open = Summary {
        open_cases: 1,
        ..Default::default()
    };
    assert_eq!(saved.summary, open);
    assert_eq!(checked_summary(&store, "c1").await, open);

    // Answered: still open.
    let mut responded = k.clone();
    responded.respond(NOW + 3 * H);
    store
        .save_event(&Event::Case(responded.clone()), Some(k.updated_at))
        .await
        .unwrap();
    assert_eq!(checked_summary(&store, "c1").await, open);

    // Resolved: nothing open.
    let mut resolved = responded.clone();
    resolved.resolve(NOW + DAY);
    let saved = store
        .save_event(&Event::Case(resolved.clone()), Some(responded.updated_at))
        .await
        .unwrap();
    assert_eq!(saved.summary, Summary::default());
    assert_eq!(checked_summary(&store, "c1").await, Summary::default());

    let all = store.all_events("cases").await.unwrap();
    assert_eq!(all, vec![Event::Case(resolved.clone())]);
    let Event::Case(stored) = &all[0] else {
        panic!("a complaint");
    };
    assert_eq!(stored.status(), CaseStatus::Resolved);
    assert_eq!(stored.first_response_at, Some(NOW + 3 * H));
    assert_eq!(stored.resolved_at, Some(NOW + DAY));
    assert_eq!(stored.response_time(), Some(2 * H));
    assert_eq!(stored.resolution_time(), Some(DAY - H));

    // A second complaint, then trashed: the Trash never counts.
    let k2 = complaint("k2", "c1", NOW + 2 * DAY);
    store
        .save_event(&Event::Case(k2.clone()), None)
        .await
        .unwrap();
    assert_eq!(checked_summary(&store, "c1").await.open_cases, 1);
    let mut k2_trashed = Event::Case(k2.clone());
    k2_trashed.set_deleted(Some(NOW + 3 * DAY), NOW + 3 * DAY);
    store
        .save_event(&k2_trashed, Some(k2.updated_at))
        .await
        .unwrap();
    assert_eq!(checked_summary(&store, "c1").await.open_cases, 0);
    assert_eq!(store.all_events("cases").await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn reads_history_due_tasks_and_open_tasks() {
    let store = with_customers("reads", &["c1", "c2"]).await;
    let mut trashed_interaction = interaction("i3", "c1", InteractionKind::Visit, NOW + 5 * H);
    trashed_interaction.deleted_at = Some(NOW + 6 * H);
    let batch: Vec<(Event, Option<i64>)> = vec![
        Event::Interaction(interaction("i1", "c1", InteractionKind::Call, NOW + H)),
        Event::Purchase(purchase("p1", "c1", NOW + 3 * H, 50_000, 50_000)),
        Event::Payment(payment("pay1", "c1", NOW + 4 * H, 10_000)),
        Event::Task(task("t1", "c1", NOW + 2 * DAY)),
        Event::Case(complaint("k1", "c1", NOW + 2 * H)),
        Event::Interaction(trashed_interaction),
        // Same time as p1: the larger id comes first.
        Event::Interaction(interaction("i2", "c1", InteractionKind::Sms, NOW + 3 * H)),
        // Someone else's.
        Event::Purchase(purchase("p9", "c2", NOW + 10 * H, 1_000, 0)),
        Event::Task(task("t9", "c2", NOW + DAY)),
    ]
    .into_iter()
    .map(|e| (e, None))
    .collect();
    store.save_events(&batch).await.unwrap();

    let history = store.customer_events("c1").await.unwrap();
    assert_eq!(
        ids(&history),
        vec!["t1", "i3", "pay1", "p1", "i2", "k1", "i1"]
    );
    assert_eq!(
        history.iter().map(|e| e.store_name()).collect::<Vec<_>>(),
        vec![
            "tasks",
            "interactions",
            "payments",
            "purchases",
            "interactions",
            "cases",
            "interactions"
        ]
    );
    assert_eq!(
        ids(&store.customer_events("c2").await.unwrap()),
        vec!["t9", "p9"]
    );
    assert!(store.customer_events("nobody").await.unwrap().is_empty());
    let s1 = checked_summary(&store, "c1").await;
    assert_eq!(
        s1,
        Summary {
            last_contact_at: Some(NOW + 3 * H),
            last_purchase_at: Some(NOW + 3 * H),
            first_purchase_at: Some(NOW + 3 * H),
            total_spent: 50_000,
            purchase_count: 1,
            balance: -10_000,
            oldest_unpaid_at: None,
            open_tasks: 1,
            next_task_at: Some(NOW + 2 * DAY),
            open_cases: 1,
        }
    );
    checked_summary(&store, "c2").await;

    // More follow-ups: one done, one in the Trash, one overdue, one far away.
    let mut done = task("t2", "c2", NOW + DAY);
    done.complete(NOW + 2 * H);
    let mut binned = task("t3", "c1", NOW - DAY);
    binned.deleted_at = Some(NOW);
    let overdue = task("t4", "c2", NOW - 2 * DAY);
    let later = task("t5", "c1", NOW + 30 * DAY);
    store
        .save_events(&[
            (Event::Task(done.clone()), None),
            (Event::Task(binned.clone()), None),
            (Event::Task(overdue.clone()), None),
            (Event::Task(later.clone()), None),
        ])
        .await
        .unwrap();
    checked_summary(&store, "c1").await;
    assert_eq!(
        checked_summary(&store, "c2").await.next_task_at,
        Some(NOW - 2 * DAY)
    );

    let task_ids = |ts: Vec<Task>| ts.into_iter().map(|t| t.id).collect::<Vec<_>>();
    // Up to the bound, inclusive, oldest first, whoever's, done or not (the Trash too: it is a
    // stored record; the caller filters).
    assert_eq!(
        task_ids(store.tasks_due_until(NOW + DAY).await.unwrap()),
        vec!["t4", "t3", "t2", "t9"]
    );
    assert_eq!(
        task_ids(store.tasks_due_until(NOW + DAY - 1).await.unwrap()),
        vec!["t4", "t3"]
    );
    assert!(store
        .tasks_due_until(NOW - 2 * DAY - 1)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        task_ids(store.tasks_due_until(NOW + 365 * DAY).await.unwrap()),
        vec!["t4", "t3", "t2", "t9", "t1", "t5"]
    );
    // Open: not done, not in the Trash, soonest first.
    assert_eq!(
        task_ids(store.open_tasks().await.unwrap()),
        vec!["t4", "t9", "t1", "t5"]
    );

    // `event` and `all_events`.
    assert_eq!(
        store.event("tasks", "t2").await.unwrap(),
        Some(Event::Task(done))
    );
    assert_eq!(store.event("tasks", "nope").await.unwrap(), None);
    assert_eq!(store.event("customers", "c1").await.unwrap(), None);
    assert_eq!(store.all_events("tasks").await.unwrap().len(), 6);
    assert_eq!(
        ids(&store.all_events("purchases").await.unwrap()),
        vec!["p1", "p9"]
    );
}

#[wasm_bindgen_test]
async fn summary_dates_that_need_the_other_events() {
    // Edits that move or remove the latest/earliest event make the store read the customer's
    // other events inside the write transaction.
    let store = with_customers("slow", &["c1"]).await;
    let old_sale = purchase("p1", "c1", NOW - 10 * DAY, 100_000, 0);
    let new_sale = purchase("p2", "c1", NOW - 2 * DAY, 40_000, 0);
    let call = interaction("i1", "c1", InteractionKind::Call, NOW - DAY);
    let t_soon = task("t1", "c1", NOW + DAY);
    let t_late = task("t2", "c1", NOW + 5 * DAY);
    for e in [
        Event::Purchase(old_sale.clone()),
        Event::Purchase(new_sale.clone()),
        Event::Interaction(call.clone()),
        Event::Task(t_soon.clone()),
        Event::Task(t_late.clone()),
    ] {
        store.save_event(&e, None).await.unwrap();
        checked_summary(&store, "c1").await;
    }
    assert_eq!(
        checked_summary(&store, "c1").await,
        Summary {
            last_contact_at: Some(NOW - DAY),
            last_purchase_at: Some(NOW - 2 * DAY),
            first_purchase_at: Some(NOW - 10 * DAY),
            total_spent: 140_000,
            purchase_count: 2,
            balance: 140_000,
            oldest_unpaid_at: Some(NOW - 10 * DAY),
            open_tasks: 2,
            next_task_at: Some(NOW + DAY),
            open_cases: 0,
        }
    );

    // Back-date the latest contact: the last contact is now the newer sale.
    let mut earlier_call = call.clone();
    earlier_call.at = NOW - 20 * DAY;
    earlier_call.updated_at = NOW;
    store
        .save_event(&Event::Interaction(earlier_call), Some(call.updated_at))
        .await
        .unwrap();
    assert_eq!(
        checked_summary(&store, "c1").await.last_contact_at,
        Some(NOW - 2 * DAY)
    );

    // A payment that covers the oldest purchase: the oldest unpaid becomes the newer sale.
    let pay = payment("pay1", "c1", NOW, 100_000);
    store
        .save_event(&Event::Payment(pay.clone()), None)
        .await
        .unwrap();
    let s = checked_summary(&store, "c1").await;
    assert_eq!(
        (s.balance, s.oldest_unpaid_at),
        (40_000, Some(NOW - 2 * DAY))
    );

    // Trash the oldest sale: the first purchase moves, the payment is now partly credit.
    let mut binned = Event::Purchase(old_sale.clone());
    binned.set_deleted(Some(NOW + H), NOW + H);
    store
        .save_event(&binned, Some(old_sale.updated_at))
        .await
        .unwrap();
    let s = checked_summary(&store, "c1").await;
    assert_eq!(
        (s.first_purchase_at, s.balance, s.oldest_unpaid_at),
        (Some(NOW - 2 * DAY), -60_000, None)
    );

    // Complete the soonest task: the next one is the later task.
    let mut done = t_soon.clone();
    done.complete(NOW + 2 * H);
    store
        .save_event(&Event::Task(done), Some(t_soon.updated_at))
        .await
        .unwrap();
    let s = checked_summary(&store, "c1").await;
    assert_eq!((s.open_tasks, s.next_task_at), (1, Some(NOW + 5 * DAY)));

    // Move the later task earlier than anything: still the next one.
    let mut moved = t_late.clone();
    moved.at = NOW - DAY;
    moved.updated_at = NOW + 3 * H;
    store
        .save_event(&Event::Task(moved), Some(t_late.updated_at))
        .await
        .unwrap();
    assert_eq!(
        checked_summary(&store, "c1").await.next_task_at,
        Some(NOW - DAY)
    );
}

#[wasm_bindgen_test]
async fn editing_the_customer_keeps_the_summary_the_events_maintain() {
    let store = fresh("custedit").await;
    let c = customer("c1", "Siti", NOW - 30 * DAY);
    store.add_customer(&c).await.unwrap();
    // The edit form opens now, with this copy (empty summary)...
    let form_copy = store.customer("c1").await.unwrap().unwrap();
    assert_eq!(form_copy.summary, Summary::default());

    // ...meanwhile a purchase and a follow-up are saved (another tab, or the same page).
    store
        .save_events(&[
            (
                Event::Purchase(purchase("p1", "c1", NOW, 150_000, 20_000)),
                None,
            ),
            (Event::Task(task("t1", "c1", NOW + DAY)), None),
        ])
        .await
        .unwrap();
    let maintained = checked_summary(&store, "c1").await;
    assert_eq!(
        maintained,
        Summary {
            last_contact_at: Some(NOW),
            last_purchase_at: Some(NOW),
            first_purchase_at: Some(NOW),
            total_spent: 150_000,
            purchase_count: 1,
            balance: 130_000,
            oldest_unpaid_at: Some(NOW),
            open_tasks: 1,
            next_task_at: Some(NOW + DAY),
            open_cases: 0,
        }
    );

    // The form is saved: the customer's fields change, the summary stays the events'.
    let mut draft = form_copy.to_draft();
    draft.name = "Siti Rahmawati".into();
    let edited = draft
        .apply_to(&form_copy, Country::ID, NOW + H)
        .expect("valid edit");
    assert_eq!(edited.summary, Summary::default(), "the form's stale copy");
    let returned = store
        .update_customer(&edited, form_copy.updated_at)
        .await
        .unwrap();
    assert_eq!(returned.name, "Siti Rahmawati");
    assert_eq!(returned.summary, maintained);
    let stored = store.customer("c1").await.unwrap().unwrap();
    assert_eq!(stored, returned);
    assert_eq!(stored.updated_at, NOW + H);
    assert_eq!(checked_summary(&store, "c1").await, maintained);

    // A form copy with a made-up summary cannot overwrite it either.
    let mut bogus = stored.clone();
    bogus.notes = "Likes pandan".into();
    bogus.updated_at = NOW + 2 * H;
    bogus.summary = Summary {
        balance: 1,
        ..Default::default()
    };
    let returned = store.update_customer(&bogus, NOW + H).await.unwrap();
    assert_eq!(returned.summary, maintained);
    assert_eq!(checked_summary(&store, "c1").await, maintained);

    // Events written after the edit keep building on the stored summary.
    store
        .save_event(
            &Event::Payment(payment("pay1", "c1", NOW + DAY, 130_000)),
            None,
        )
        .await
        .unwrap();
    let s = checked_summary(&store, "c1").await;
    assert_eq!((s.balance, s.oldest_unpaid_at), (0, None));
    let stored = store.customer("c1").await.unwrap().unwrap();
    assert_eq!(stored.name, "Siti Rahmawati");
    assert_eq!(stored.notes, "Likes pandan");
}
