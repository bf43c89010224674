//! Native tests of orders: the status moves, the due-date form, what to deliver today and
//! tomorrow in a time zone, and a property test that a cancelled order changes no balance,
//! summary or statement.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::records::entry::{EventField, EventProblem};
use rapport::domain::records::events::*;
use rapport::domain::records::ledger::{balance, oldest_unpaid};
use rapport::domain::records::orders::*;
use rapport::domain::records::purchases::{Order, OrderStatus};
use rapport::domain::records::statement::statement;
use rapport::domain::records::summary::Summary;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
/// 2026-03-14 00:00 UTC.
const T0: i64 = 1_773_446_400_000;

fn purchase(id: &str, at: i64, total: i64, paid: i64, order: Option<Order>) -> Purchase {
    Purchase {
        order,
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

fn order(status: OrderStatus, due_at: i64) -> Option<Order> {
    Some(Order { status, due_at })
}

#[test]
fn status_moves_one_step_forward_or_cancels_before_delivery() {
    use OrderStatus::*;
    assert_eq!(New.next(), Some(Confirmed));
    assert_eq!(Confirmed.next(), Some(Ready));
    assert_eq!(Ready.next(), Some(Delivered));
    assert_eq!(Delivered.next(), None);
    assert_eq!(Cancelled.next(), None);
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            let allowed = from.next() == Some(to) || (to == Cancelled && from.is_open());
            assert_eq!(from.can_move_to(to), allowed, "{from:?} → {to:?}");
        }
    }
    assert!(!New.can_move_to(Ready));
    assert!(!Delivered.can_move_to(Cancelled));
    assert!(!Ready.can_move_to(Confirmed));
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::from_code(s.code()), Some(s));
    }
}

#[test]
fn moving_an_order_keeps_everything_but_the_status_and_the_edit_time() {
    let p = purchase("p", T0, 500, 0, order(OrderStatus::New, T0 + DAY));
    let moved = move_order(&p, OrderStatus::Confirmed, T0 + HOUR).unwrap();
    assert_eq!(moved.order, order(OrderStatus::Confirmed, T0 + DAY));
    assert_eq!(moved.updated_at, T0 + HOUR);
    assert_eq!(moved.total, p.total);
    assert_eq!(
        move_order(&p, OrderStatus::Delivered, T0),
        Err(OrderMoveError::NotAllowed {
            from: OrderStatus::New,
            to: OrderStatus::Delivered
        })
    );
    let plain = purchase("q", T0, 500, 0, None);
    assert_eq!(
        move_order(&plain, OrderStatus::Confirmed, T0),
        Err(OrderMoveError::NotAnOrder)
    );
}

#[test]
fn the_due_date_is_required_and_a_blank_time_is_nine() {
    let now = T0 + 10 * HOUR;
    let blank = OrderDraft::default().build(OrderStatus::New, now, 0);
    let errors = blank.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, EventField::DueDate);
    assert_eq!(errors[0].problem, EventProblem::OrderDueMissing);

    let bad = OrderDraft {
        date: "2026-03-15".into(),
        time: "25:99".into(),
    }
    .build(OrderStatus::New, now, 0)
    .unwrap_err();
    assert_eq!(bad[0].field, EventField::DueTime);
    assert_eq!(bad[0].problem, EventProblem::BadTime);

    // Jakarta (UTC+7): the offset is UTC − local, in minutes.
    let d = OrderDraft {
        date: "2026-03-15".into(),
        time: String::new(),
    };
    let o = d.build(OrderStatus::New, now, -420).unwrap();
    assert_eq!(o.due_at, T0 + DAY + 9 * HOUR - 7 * HOUR);
    assert_eq!(o.to_draft(-420).date, "2026-03-15");
    assert_eq!(o.to_draft(-420).time, "09:00");
}

#[test]
fn deliveries_today_and_tomorrow_follow_the_phones_clock() {
    let jakarta = -420;
    // 2026-03-14 20:00 in Jakarta = 13:00 UTC.
    let now = T0 + 13 * HOUR;
    let list = vec![
        // Due 2026-03-14 23:30 Jakarta = 16:30 UTC: today there.
        purchase(
            "today",
            T0,
            100,
            0,
            order(OrderStatus::Ready, T0 + 16 * HOUR + 30 * 60_000),
        ),
        // Due 2026-03-15 01:00 Jakarta = 2026-03-14 18:00 UTC: tomorrow there, today in UTC.
        purchase(
            "tomorrow",
            T0,
            100,
            0,
            order(OrderStatus::New, T0 + 18 * HOUR),
        ),
        // Late, still open: stays on today.
        purchase(
            "late",
            T0 - 3 * DAY,
            100,
            0,
            order(OrderStatus::Confirmed, T0 - 2 * DAY),
        ),
        // Delivered, cancelled, in the Trash, not an order, or later: not listed.
        purchase(
            "done",
            T0,
            100,
            0,
            order(OrderStatus::Delivered, T0 + 14 * HOUR),
        ),
        purchase(
            "off",
            T0,
            100,
            0,
            order(OrderStatus::Cancelled, T0 + 14 * HOUR),
        ),
        Purchase {
            deleted_at: Some(T0),
            ..purchase("trash", T0, 100, 0, order(OrderStatus::New, T0 + 14 * HOUR))
        },
        purchase("plain", T0 + 14 * HOUR, 100, 0, None),
        purchase("later", T0, 100, 0, order(OrderStatus::New, T0 + 3 * DAY)),
    ];
    let d = deliveries(&list, now, jakarta);
    let ids = |v: &[&Purchase]| v.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&d.today), ["late", "today"]);
    assert_eq!(ids(&d.tomorrow), ["tomorrow"]);
    let utc = deliveries(&list, now, 0);
    assert_eq!(ids(&utc.today), ["late", "today", "tomorrow"]);
    assert!(utc.tomorrow.is_empty());
}

#[test]
fn orders_filter_by_status_open_first() {
    let list = vec![
        purchase("a", T0, 100, 0, order(OrderStatus::Delivered, T0)),
        purchase("b", T0, 100, 0, order(OrderStatus::New, T0 + 2 * DAY)),
        purchase("c", T0, 100, 0, order(OrderStatus::Ready, T0 + DAY)),
        purchase("d", T0, 100, 0, order(OrderStatus::Delivered, T0 + DAY)),
        purchase("e", T0, 100, 0, None),
    ];
    let ids = |v: Vec<&Purchase>| v.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(orders_with(&list, None)), ["c", "b", "d", "a"]);
    assert_eq!(
        ids(orders_with(&list, Some(OrderStatus::Delivered))),
        ["d", "a"]
    );
    assert!(orders_with(&list, Some(OrderStatus::Cancelled)).is_empty());
}

fn events(ps: &[Purchase], pays: &[Payment]) -> Vec<Event> {
    ps.iter()
        .cloned()
        .map(Event::Purchase)
        .chain(pays.iter().cloned().map(Event::Payment))
        .collect()
}

fn arb_purchase() -> impl Strategy<Value = Purchase> {
    (
        0i64..30,
        -5_000i64..50_000,
        0u8..3,
        prop::option::of(0usize..5),
    )
        .prop_map(|(day, total, paid, status)| {
            let paid = match (total < 0, paid) {
                (true, _) => total,
                (false, 0) => 0,
                (false, 1) => total,
                (false, _) => total / 2,
            };
            let order = status.map(|s| Order {
                status: OrderStatus::ALL[s],
                due_at: T0 + (day + 2) * DAY,
            });
            purchase(
                &format!("p{day}{total}"),
                T0 + day * DAY,
                total,
                paid,
                order,
            )
        })
}

proptest! {
    /// Adding a cancelled order (any total, any payment) changes no balance, no oldest debt,
    /// no summary and no statement.
    #[test]
    fn a_cancelled_order_changes_nothing(
        mut ps in prop::collection::vec(arb_purchase(), 0..12),
        pay in prop::collection::vec(1i64..20_000, 0..4),
        extra in arb_purchase(),
    ) {
        for (i, p) in ps.iter_mut().enumerate() {
            p.id = format!("p{i}");
        }
        let pays: Vec<Payment> = pay.iter().enumerate().map(|(i, &a)| Payment {
            id: format!("pay{i}"),
            customer_id: "c".into(),
            at: T0 + i as i64 * DAY,
            amount: a,
            note: String::new(),
            purchase_id: None,
            created_at: T0,
            updated_at: T0,
            deleted_at: None,
        }).collect();
        let mut cancelled = extra;
        cancelled.id = "cancelled".into();
        cancelled.order = Some(Order {
            status: OrderStatus::Cancelled,
            due_at: cancelled.at + DAY,
        });
        let mut with = ps.clone();
        with.push(cancelled.clone());
        prop_assert!(!cancelled.counts());
        prop_assert_eq!(
            statement("c", &ps, &pays, None, T0 + 100 * DAY),
            statement("c", &with, &pays, None, T0 + 100 * DAY)
        );
        prop_assert_eq!(balance(&ps, &pays), balance(&with, &pays));
        prop_assert_eq!(oldest_unpaid(&ps, &pays), oldest_unpaid(&with, &pays));
        prop_assert_eq!(
            Summary::recompute(&events(&ps, &pays)),
            Summary::recompute(&events(&with, &pays))
        );
        // Kept up to date event by event: cancelling an order takes it out.
        let mut s = Summary::recompute(&events(&ps, &pays));
        let open = Purchase { order: Some(Order { status: OrderStatus::New, due_at: T0 }), ..cancelled.clone() };
        let mut all = events(&ps, &pays);
        all.push(Event::Purchase(open.clone()));
        s.apply(None, Some(&Event::Purchase(open.clone())), || all);
        let mut all2 = events(&ps, &pays);
        all2.push(Event::Purchase(cancelled.clone()));
        s.apply(Some(&Event::Purchase(open)), Some(&Event::Purchase(cancelled.clone())), || all2);
        prop_assert_eq!(s, Summary::recompute(&events(&ps, &pays)));
    }
}
