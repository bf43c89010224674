//! Native tests of what a customer owes (ledger) and of the customer summary, including a
//! property test that the summary kept up to date event by event always equals the summary
//! recomputed from scratch.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::events::*;
use rapport::domain::records::ledger::*;
use rapport::domain::records::summary::Summary;

const DAY: i64 = 86_400_000;

fn purchase(id: &str, at: i64, total: i64, paid: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: "c".into(),
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

fn payment(id: &str, at: i64, amount: i64) -> Payment {
    Payment {
        id: id.into(),
        customer_id: "c".into(),
        at,
        amount,
        note: String::new(),
        purchase_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn interaction(id: &str, at: i64, kind: InteractionKind) -> Interaction {
    Interaction {
        id: id.into(),
        customer_id: "c".into(),
        kind,
        direction: Direction::In,
        at,
        summary: String::new(),
        outcome: String::new(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn task(id: &str, at: i64, done_at: Option<i64>) -> Task {
    Task {
        id: id.into(),
        customer_id: "c".into(),
        title: "Call back".into(),
        at,
        done_at,
        interaction_id: None,
        created_at: 0,
        updated_at: 0,
        deleted_at: None,
    }
}

fn case(id: &str, at: i64, first_response_at: Option<i64>, resolved_at: Option<i64>) -> Case {
    Case {
        id: id.into(),
        customer_id: "c".into(),
        channel: InteractionKind::WhatsApp,
        at,
        summary: "Late delivery".into(),
        notes: String::new(),
        first_response_at,
        resolved_at,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn trashed<T: EventRecord>(mut r: T) -> T {
    r.trash(1);
    r
}

fn no_others() -> Vec<Event> {
    panic!("the other events were read although they were not needed")
}

// ----- ledger --------------------------------------------------------------------------------

#[test]
fn part_payments_bring_the_balance_down() {
    let purchases = [purchase("p1", DAY, 100_000, 20_000)];
    let mut payments = vec![payment("a", 2 * DAY, 30_000)];
    assert_eq!(balance(&purchases, &payments), 50_000);
    assert_eq!(oldest_unpaid(&purchases, &payments), Some(DAY));
    payments.push(payment("b", 3 * DAY, 50_000));
    assert_eq!(balance(&purchases, &payments), 0);
    assert_eq!(oldest_unpaid(&purchases, &payments), None);
}

#[test]
fn overpaying_leaves_credit() {
    let mut purchases = vec![purchase("p1", DAY, 100, 0)];
    let payments = [payment("a", 2 * DAY, 150)];
    assert_eq!(balance(&purchases, &payments), -50);
    assert_eq!(oldest_unpaid(&purchases, &payments), None);
    // The credit pays for the next purchase.
    purchases.push(purchase("p2", 3 * DAY, 30, 0));
    assert_eq!(balance(&purchases, &payments), -20);
    assert_eq!(oldest_unpaid(&purchases, &payments), None);
    purchases.push(purchase("p3", 4 * DAY, 40, 0));
    assert_eq!(balance(&purchases, &payments), 20);
    assert_eq!(oldest_unpaid(&purchases, &payments), Some(4 * DAY));
}

#[test]
fn deleted_purchases_and_payments_do_not_count() {
    let purchases = [
        purchase("p1", DAY, 100, 0),
        trashed(purchase("p2", 0, 500, 0)),
    ];
    let payments = [
        payment("a", 2 * DAY, 40),
        trashed(payment("b", 2 * DAY, 60)),
    ];
    assert_eq!(balance(&purchases, &payments), 60);
    assert_eq!(oldest_unpaid(&purchases, &payments), Some(DAY));
    assert_eq!(balance(&[], &[]), 0);
    assert_eq!(oldest_unpaid(&[], &[]), None);
}

#[test]
fn refunds_change_spending_not_debt() {
    let events: Vec<Event> = vec![
        purchase("p1", DAY, 100, 100).into(),
        purchase("r1", 2 * DAY, -30, -30).into(),
    ];
    let s = Summary::recompute(&events);
    assert_eq!(s.total_spent, 70);
    assert_eq!(s.purchase_count, 1);
    assert_eq!(s.balance, 0);
    assert_eq!(s.last_purchase_at, Some(DAY), "a refund is not a purchase");
    assert_eq!(s.last_contact_at, Some(2 * DAY), "but it is a contact");
    // Even stored inconsistently, a refund never creates a debt.
    assert_eq!(purchase("r2", DAY, -30, 0).unpaid(), 0);
}

#[test]
fn oldest_unpaid_is_first_in_first_out() {
    let purchases = [
        purchase("p3", 3 * DAY, 80, 30), // 50 unpaid
        purchase("p1", DAY, 100, 0),
        purchase("p2", 2 * DAY, 50, 0),
        purchase("paid", DAY / 2, 70, 70),
    ];
    // The payment names the newest purchase, but pays the oldest first.
    let mut pay = payment("a", 4 * DAY, 120);
    pay.purchase_id = Some("p3".into());
    let mut payments = vec![pay];
    assert_eq!(balance(&purchases, &payments), 80);
    assert_eq!(oldest_unpaid(&purchases, &payments), Some(2 * DAY));
    payments.push(payment("b", 5 * DAY, 30));
    assert_eq!(oldest_unpaid(&purchases, &payments), Some(3 * DAY));
    payments.push(payment("c", 5 * DAY, 50));
    assert_eq!(oldest_unpaid(&purchases, &payments), None);
}

#[test]
fn who_owes_sorts_by_amount_then_age() {
    let row = |id: &str, balance: i64, at: Option<i64>| Owing {
        customer_id: id.into(),
        balance,
        oldest_unpaid_at: at,
    };
    let sorted = who_owes(vec![
        row("small", 10, Some(DAY)),
        row("credit", -5, None),
        row("newer", 50, Some(3 * DAY)),
        row("zero", 0, None),
        row("older", 50, Some(2 * DAY)),
        row("big", 90, Some(5 * DAY)),
    ]);
    let ids: Vec<&str> = sorted.iter().map(|o| o.customer_id.as_str()).collect();
    assert_eq!(ids, ["big", "older", "newer", "small"]);
}

// ----- summary -------------------------------------------------------------------------------

#[test]
fn recompute_follows_the_definitions() {
    let events: Vec<Event> = vec![
        interaction("i1", 5 * DAY, InteractionKind::Call).into(),
        interaction("n1", 9 * DAY, InteractionKind::Note).into(),
        trashed(interaction("i2", 8 * DAY, InteractionKind::Visit)).into(),
        purchase("p1", 2 * DAY, 100, 0).into(),
        purchase("p2", 4 * DAY, 50, 50).into(),
        purchase("free", 3 * DAY, 0, 0).into(),
        payment("pay", 7 * DAY, 30).into(),
        task("t1", 10 * DAY, None).into(),
        task("t2", 6 * DAY, None).into(),
        task("t3", DAY, Some(2 * DAY)).into(),
        trashed(task("t4", DAY, None)).into(),
        case("k1", DAY, None, None).into(),
        case("k2", DAY, Some(2 * DAY), None).into(),
        case("k3", DAY, Some(2 * DAY), Some(3 * DAY)).into(),
    ];
    let s = Summary::recompute(&events);
    assert_eq!(
        s,
        Summary {
            last_contact_at: Some(5 * DAY),
            last_purchase_at: Some(4 * DAY),
            first_purchase_at: Some(2 * DAY),
            total_spent: 150,
            purchase_count: 2,
            balance: 70,
            oldest_unpaid_at: Some(2 * DAY),
            open_tasks: 2,
            next_task_at: Some(6 * DAY),
            open_cases: 2,
        }
    );
    assert!(s.owes());
    assert!(s.has_overdue_task(6 * DAY + 1));
    assert!(!s.has_overdue_task(6 * DAY));
    assert_eq!(s.owing("c").balance, 70);
    assert_eq!(Summary::recompute(&[]), Summary::default());
}

#[test]
fn plain_adds_never_read_the_other_events() {
    let mut s = Summary::default();
    let adds: Vec<Event> = vec![
        interaction("i1", 5 * DAY, InteractionKind::WhatsApp).into(),
        interaction("n1", 6 * DAY, InteractionKind::Note).into(),
        interaction("i0", DAY, InteractionKind::Call).into(),
        task("t1", 10 * DAY, None).into(),
        task("t2", 8 * DAY, None).into(),
        task("t3", 9 * DAY, Some(1)).into(),
        case("k1", DAY, None, None).into(),
        case("k2", DAY, Some(DAY), Some(DAY)).into(),
        purchase("p1", 2 * DAY, 100, 100).into(),
        purchase("p2", 3 * DAY, 100, 0).into(),  // on the tab
        purchase("p3", 4 * DAY, 50, 20).into(),  // newest, part paid
        purchase("old", DAY / 2, 10, 10).into(), // paid: no debt moves
        purchase("refund", 5 * DAY, -5, -5).into(),
        payment("pay", 6 * DAY, 160).into(), // clears the debt, 30 credit
        purchase("p4", 7 * DAY, 30, 0).into(), // covered by credit
        purchase("p5", 8 * DAY, 40, 0).into(), // newest: it is the one unpaid
    ];
    let mut all = Vec::new();
    for e in adds {
        s.apply(None, Some(&e), no_others);
        all.push(e);
        assert_eq!(s, Summary::recompute(&all), "after {}", all.len());
    }
    assert_eq!(s.balance, 40);
    assert_eq!(s.oldest_unpaid_at, Some(8 * DAY));
    // Editing the note of a purchase or the text of a task does not either.
    let mut p = purchase("p2", 3 * DAY, 100, 0);
    let old: Event = p.clone().into();
    p.note = "Pays on Friday".into();
    assert!(s.try_apply(Some(&old), Some(&p.clone().into())));
    let mut t = task("t1", 10 * DAY, None);
    let old: Event = t.clone().into();
    t.title = "Call back after lunch".into();
    s.apply(Some(&old), Some(&t.into()), no_others);
    // Completing a follow-up that is not the next one, resolving a complaint.
    let old: Event = task("t1", 10 * DAY, None).into();
    s.apply(
        Some(&old),
        Some(&task("t1", 10 * DAY, Some(1)).into()),
        no_others,
    );
    let old: Event = case("k1", DAY, None, None).into();
    s.apply(
        Some(&old),
        Some(&case("k1", DAY, None, Some(2)).into()),
        no_others,
    );
    assert_eq!(
        (s.open_tasks, s.open_cases, s.next_task_at),
        (1, 0, Some(8 * DAY))
    );
}

#[test]
fn the_others_are_read_only_when_the_latest_goes() {
    let all: Vec<Event> = vec![
        interaction("i1", DAY, InteractionKind::Call).into(),
        interaction("i2", 3 * DAY, InteractionKind::Call).into(),
        purchase("p1", 2 * DAY, 100, 0).into(),
    ];
    let mut s = Summary::recompute(&all);
    assert_eq!(s.last_contact_at, Some(3 * DAY));
    // Deleting the latest contact: the summary cannot know the one before without looking.
    let old = all[1].clone();
    let mut new = old.clone();
    new.set_deleted(Some(9), 9);
    let mut t = s.clone();
    assert!(!t.try_apply(Some(&old), Some(&new)));
    assert_eq!(t, s, "left unchanged");
    let stored_after = vec![all[0].clone(), new.clone(), all[2].clone()];
    s.apply(Some(&old), Some(&new), || stored_after.clone());
    assert_eq!(s.last_contact_at, Some(2 * DAY));
    assert_eq!(s, Summary::recompute(&stored_after));
    // Undo: the tombstone cleared brings it back without looking.
    s.apply(Some(&new), Some(&old), no_others);
    assert_eq!(s, Summary::recompute(&all));
    // A part payment while still owing needs the purchases (first in, first out).
    let pay: Event = payment("a", 4 * DAY, 10).into();
    assert!(!s.clone().try_apply(None, Some(&pay)));
    s.apply(None, Some(&pay), || all.clone());
    assert_eq!((s.balance, s.oldest_unpaid_at), (90, Some(2 * DAY)));
}

#[test]
fn customers_without_a_summary_still_load() {
    let c: Customer =
        serde_json::from_str(r#"{"id":"x","name":"Siti","created_at":1,"updated_at":2}"#).unwrap();
    assert_eq!(c.summary, Summary::default());
    let mut c2 = c.clone();
    c2.summary.balance = 5;
    c2.summary.oldest_unpaid_at = Some(3);
    let json = serde_json::to_value(&c2).unwrap();
    assert_eq!(json["summary"]["balance"], 5);
    assert!(json["summary"].get("next_task_at").is_none());
    let back: Customer = serde_json::from_value(json).unwrap();
    assert_eq!(back, c2);
    // Editing a customer keeps its summary.
    let edited = c2
        .to_draft()
        .apply_to(&c2, rapport::domain::basics::locale::Country::ID, 10)
        .unwrap();
    assert_eq!(edited.summary, c2.summary);
}

// ----- the property test ---------------------------------------------------------------------

/// Random contents for an event of any kind (the kind is chosen separately).
#[derive(Clone, Debug)]
struct Fields {
    at: i64,
    amount: i64,
    paid_mode: u8,
    part: i64,
    kind: usize,
    done: Option<i64>,
    responded: Option<i64>,
    resolved: Option<i64>,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        0i64..12,
        -300i64..1_000,
        0u8..3,
        0i64..1_000,
        0usize..InteractionKind::ALL.len(),
        prop::option::of(0i64..12),
        prop::option::of(0i64..12),
        prop::option::of(0i64..12),
    )
        .prop_map(
            |(at, amount, paid_mode, part, kind, done, responded, resolved)| Fields {
                at: at * 1_000,
                amount,
                paid_mode,
                part,
                kind,
                done,
                responded,
                resolved,
            },
        )
}

/// Builds an event of kind `tag` (0–4) from `f`: refunds, part payments, unpaid purchases,
/// payments bigger than the debt, notes, done tasks and resolved cases all come up.
fn make(tag: u8, id: &str, f: &Fields) -> Event {
    match tag {
        0 => interaction(id, f.at, InteractionKind::ALL[f.kind]).into(),
        1 => {
            let total = f.amount;
            let paid = if total < 0 {
                total
            } else {
                match f.paid_mode {
                    0 => total,
                    1 => 0,
                    _ => f.part % (total + 1),
                }
            };
            purchase(id, f.at, total, paid).into()
        }
        2 => payment(id, f.at, f.amount.abs().max(1)).into(),
        3 => task(id, f.at, f.done).into(),
        _ => case(id, f.at, f.responded, f.resolved).into(),
    }
}

fn tag(e: &Event) -> u8 {
    match e {
        Event::Interaction(_) => 0,
        Event::Purchase(_) => 1,
        Event::Payment(_) => 2,
        Event::Task(_) => 3,
        Event::Case(_) => 4,
        Event::Deal(_) => 5,
    }
}

#[derive(Clone, Debug)]
enum Op {
    Add(u8, Fields),
    Edit(prop::sample::Index, Fields),
    Delete(prop::sample::Index),
    Undelete(prop::sample::Index),
    Remove(prop::sample::Index),
    /// Task done/undone, case resolved/reopened, purchase paid/unpaid, payment doubled.
    Toggle(prop::sample::Index),
}

fn op() -> impl Strategy<Value = Op> {
    let index = any::<prop::sample::Index>;
    prop_oneof![
        4 => (0u8..5, fields()).prop_map(|(t, f)| Op::Add(t, f)),
        2 => (index(), fields()).prop_map(|(i, f)| Op::Edit(i, f)),
        1 => index().prop_map(Op::Delete),
        1 => index().prop_map(Op::Undelete),
        1 => index().prop_map(Op::Remove),
        2 => index().prop_map(Op::Toggle),
    ]
}

fn toggled(e: &Event) -> Event {
    let mut e = e.clone();
    match &mut e {
        Event::Interaction(i) => i.at += 1_000,
        Event::Purchase(p) if p.total >= 0 => p.paid = if p.paid == 0 { p.total } else { 0 },
        Event::Purchase(p) => p.at += 1_000,
        Event::Payment(p) => p.amount *= 2,
        Event::Task(t) => t.done_at = if t.done_at.is_some() { None } else { Some(5) },
        Event::Case(c) => {
            c.resolved_at = if c.resolved_at.is_some() {
                None
            } else {
                Some(5)
            }
        }
        Event::Deal(d) => d.value += 1,
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn incremental_summary_equals_recompute(ops in prop::collection::vec(op(), 1..=40)) {
        let mut events: Vec<Event> = Vec::new();
        let mut summary = Summary::default();
        let mut next_id = 0;
        for op in ops {
            // (old, new) as the store sees the write; `cheap` when it must not read others.
            let (old, new, cheap) = match op {
                Op::Add(t, f) => {
                    next_id += 1;
                    let e = make(t, &format!("e{next_id}"), &f);
                    events.push(e.clone());
                    (None, Some(e), matches!(t, 0 | 3 | 4))
                }
                _ if events.is_empty() => continue,
                Op::Edit(i, f) => {
                    let i = i.index(events.len());
                    let old = events[i].clone();
                    let mut e = make(tag(&old), old.id(), &f);
                    e.set_deleted(old.deleted_at(), 0);
                    events[i] = e.clone();
                    (Some(old), Some(e), false)
                }
                Op::Delete(i) | Op::Undelete(i) => {
                    let i = i.index(events.len());
                    let old = events[i].clone();
                    let deleted = matches!(op, Op::Delete(_)).then_some(7);
                    events[i].set_deleted(deleted, 7);
                    (Some(old), Some(events[i].clone()), false)
                }
                Op::Remove(i) => {
                    let old = events.remove(i.index(events.len()));
                    (Some(old), None, false)
                }
                Op::Toggle(i) => {
                    let i = i.index(events.len());
                    let old = events[i].clone();
                    events[i] = toggled(&old);
                    (Some(old), Some(events[i].clone()), false)
                }
            };
            let expected = Summary::recompute(&events);
            // try_apply either gets it right alone or leaves the summary as it was.
            let mut tried = summary.clone();
            if tried.try_apply(old.as_ref(), new.as_ref()) {
                prop_assert_eq!(&tried, &expected);
            } else {
                prop_assert!(!cheap, "an add of {:?} needed the other events", new);
                prop_assert_eq!(&tried, &summary);
            }
            if cheap {
                summary.apply(old.as_ref(), new.as_ref(), no_others);
            } else {
                // The store may pass the events as stored after the write.
                let stored = events.clone();
                summary.apply(old.as_ref(), new.as_ref(), move || stored);
            }
            prop_assert_eq!(&summary, &expected);
        }
    }
}
