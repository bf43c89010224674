//! Native tests of the statement of account and the receipt figures, with a property test
//! against the ledger's balance.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::records::events::*;
use rapport::domain::records::ledger::balance;
use rapport::domain::records::statement::*;

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

fn payment(id: &str, at: i64, amount: i64, for_purchase: Option<&str>) -> Payment {
    Payment {
        id: id.into(),
        customer_id: "c".into(),
        at,
        amount,
        note: String::new(),
        purchase_id: for_purchase.map(Into::into),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

#[test]
fn opening_rows_and_closing() {
    let mut trashed = purchase("t", 15, 999, 0);
    trashed.deleted_at = Some(16);
    let mut other = purchase("o", 25, 500, 0);
    other.customer_id = "someone else".into();
    let purchases = vec![
        purchase("p1", 10, 100_000, 0),      // before the period: owes 100 000
        purchase("p2", 20, 175_000, 50_000), // owes 125 000 more
        purchase("r1", 30, -20_000, -20_000), // a refund: settled
        trashed,
        other,
        purchase("p3", 50, 10_000, 0), // after the period
    ];
    let payments = vec![
        payment("q1", 12, 30_000, None),       // before
        payment("q2", 20, 25_000, Some("p2")), // same moment as p2: after it
        payment("q3", 40, 70_000, None),
    ];
    let s = statement("c", &purchases, &payments, Some(20), 50);
    assert_eq!(s.opening, 70_000);
    let ids: Vec<&str> = s.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["p2", "q2", "r1", "q3"]);
    let balances: Vec<i64> = s.rows.iter().map(|r| r.balance).collect();
    assert_eq!(balances, [195_000, 170_000, 170_000, 100_000]);
    assert_eq!(s.closing, 100_000);
    assert_eq!(s.bought, 175_000);
    assert_eq!(s.received, 50_000 + 25_000 + 70_000);
    assert_eq!(s.rows[2].kind, RowKind::Refund { amount: 20_000 });
    assert_eq!(
        s.rows[1].kind,
        RowKind::Payment {
            amount: 25_000,
            purchase_id: Some("p2".into())
        }
    );
    // Since the beginning.
    let all = statement("c", &purchases, &payments, None, i64::MAX);
    assert_eq!(all.opening, 0);
    assert_eq!(all.rows.len(), 7);
    assert_eq!(all.closing, 110_000);
}

#[test]
fn receipt_figures() {
    let mut p2 = purchase("p2", 20, 175_000, 50_000);
    p2.lines = vec![Line {
        product_id: None,
        item: "Rice 5 kg".into(),
        quantity: 2,
        unit_price: 87_500,
    }];
    let purchases = vec![
        purchase("p1", 10, 100_000, 0),
        p2,
        purchase("p3", 30, 5_000, 0),
    ];
    let payments = vec![
        payment("q1", 12, 30_000, None),
        payment("q2", 25, 25_000, Some("p2")),
    ];
    let r = receipt("c", "p2", &purchases, &payments).unwrap();
    assert_eq!(r.total, 175_000);
    assert_eq!(r.paid, 50_000);
    assert_eq!(r.owed, 125_000);
    assert_eq!(r.paid_later, 25_000);
    assert_eq!(r.balance_after, 70_000 + 125_000);
    assert_eq!(r.balance_now, 195_000 - 25_000 + 5_000);
    assert_eq!(r.lines.len(), 1);
    assert!(receipt("c", "nope", &purchases, &payments).is_none());
    assert!(receipt("someone else", "p2", &purchases, &payments).is_none());
}

fn events() -> impl Strategy<Value = (Vec<Purchase>, Vec<Payment>)> {
    let sale = (0i64..100, -50_000i64..200_000, 0i64..250_000, any::<bool>());
    let paid = (0i64..100, 1i64..100_000, any::<bool>(), any::<bool>());
    (
        proptest::collection::vec(sale, 0..15),
        proptest::collection::vec(paid, 0..15),
    )
        .prop_map(|(ps, qs)| {
            let purchases: Vec<Purchase> = ps
                .into_iter()
                .enumerate()
                .map(|(i, (at, total, paid, trashed))| {
                    let paid = if total < 0 { total } else { paid.min(total) };
                    let mut p = purchase(&format!("p{i}"), at, total, paid);
                    p.deleted_at = trashed.then_some(1);
                    p
                })
                .collect();
            let payments = qs
                .into_iter()
                .enumerate()
                .map(|(i, (at, amount, tied, trashed))| {
                    let tie = (tied && !purchases.is_empty())
                        .then(|| format!("p{}", i % purchases.len()));
                    let mut q = payment(&format!("q{i}"), at, amount, tie.as_deref());
                    q.deleted_at = trashed.then_some(1);
                    q
                })
                .collect();
            (purchases, payments)
        })
}

proptest! {
    #[test]
    fn statement_agrees_with_the_ledger(
        (purchases, payments) in events(),
        from in 0i64..110,
        len in 0i64..110,
    ) {
        let to = from + len;
        let s = statement("c", &purchases, &payments, Some(from), to);
        let before = |at: i64| {
            let p: Vec<Purchase> = purchases.iter().filter(|p| p.at < at).cloned().collect();
            let q: Vec<Payment> = payments.iter().filter(|q| q.at < at).cloned().collect();
            balance(&p, &q)
        };
        prop_assert_eq!(s.opening, before(from));
        prop_assert_eq!(s.closing, before(to));
        let sum: i64 = s.rows.iter().map(|r| r.change).sum();
        prop_assert_eq!(s.opening + sum, s.closing);
        let mut running = s.opening;
        for r in &s.rows {
            running += r.change;
            prop_assert_eq!(r.balance, running);
            prop_assert!(r.at >= from && r.at < to);
        }
        for p in purchases.iter().filter(|p| p.deleted_at.is_none()) {
            let r = receipt("c", &p.id, &purchases, &payments).unwrap();
            prop_assert_eq!(r.balance_now, balance(&purchases, &payments));
            prop_assert!(r.owed >= 0);
        }
    }
}

#[test]
fn periods() {
    // 2026-03-15 12:00 in Jakarta (UTC+7: offset −420).
    let tz = -420;
    let ms = |y, m, d| {
        use chrono::{NaiveDate, NaiveTime};
        rapport::domain::records::events::local_to_millis(
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            NaiveTime::MIN,
            tz,
        )
    };
    let now = ms(2026, 3, 15) + 12 * 3_600_000;
    assert_eq!(
        StatementPeriod::ThisMonth.range(now, tz),
        Ok((Some(ms(2026, 3, 1)), now + 1))
    );
    assert_eq!(
        StatementPeriod::LastMonth.range(now, tz),
        Ok((Some(ms(2026, 2, 1)), ms(2026, 3, 1)))
    );
    assert_eq!(
        StatementPeriod::ThreeMonths.range(now, tz),
        Ok((Some(ms(2026, 1, 1)), now + 1))
    );
    assert_eq!(StatementPeriod::All.range(now, tz), Ok((None, now + 1)));
    let custom = |f: &str, t: &str| StatementPeriod::Custom {
        from: f.into(),
        to: t.into(),
    };
    assert_eq!(
        custom("2025-12-30", "2026-01-02").range(now, tz),
        Ok((Some(ms(2025, 12, 30)), ms(2026, 1, 3)))
    );
    assert_eq!(
        custom("2026-01-02", "2025-12-30").range(now, tz),
        Err(PeriodError::EndBeforeStart)
    );
    assert_eq!(
        custom("", "x").range(now, tz),
        Err(PeriodError::DatesMissing)
    );
    // January: last month is December of the year before.
    let jan = ms(2026, 1, 10);
    assert_eq!(
        StatementPeriod::LastMonth.range(jan, tz),
        Ok((Some(ms(2025, 12, 1)), ms(2026, 1, 1)))
    );
}

#[test]
fn reminder_statement_period() {
    // Jakarta (UTC+7); now is 12 March 2026, 10:00 local.
    let tz = 7 * 60;
    let local = |d: u32, h: u32| {
        rapport::domain::records::entry::local_to_millis(
            chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap(),
            chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
            tz,
        )
    };
    let now = local(12, 10);
    // From the start of the day of the oldest unpaid purchase (2 March, 15:00) to now.
    assert_eq!(
        reminder_range(Some(local(2, 15)), now, tz),
        (Some(local(2, 0)), now + 1)
    );
    // None known: the last 90 days, from the start of that day.
    let (from, to) = reminder_range(None, now, tz);
    assert_eq!(to, now + 1);
    let ninety = chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap() - chrono::Days::new(90);
    assert_eq!(
        from,
        Some(rapport::domain::records::entry::local_to_millis(
            ninety,
            chrono::NaiveTime::MIN,
            tz
        ))
    );
    // A purchase dated in the future (a wrong clock) starts today.
    assert_eq!(
        reminder_range(Some(local(20, 9)), now, tz),
        (Some(local(12, 0)), now + 1)
    );
}
