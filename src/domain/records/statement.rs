//! A customer's statement of account over a period, and the figures on a purchase's receipt.
//!
//! Every purchase, refund and payment moves the balance by what it leaves owed: a purchase by its
//! unpaid part (`total − paid at the time`), a refund by nothing (it is settled when made), a
//! payment by minus its amount — exactly the terms of [`ledger::balance`]. Events are taken in
//! time order (at the same moment: purchases and refunds before payments, then by id), so the
//! running balance after each row is the balance of every event up to and including it.
//! Events in the Trash are left out.
//!
//! [`ledger::balance`]: crate::domain::records::ledger::balance

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::purchases::{Line, Payment, Purchase};

/// What a row of the statement is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A sale: its total and what was paid at the time.
    Purchase { total: Minor, paid: Minor },
    /// Money given back (its amount, above zero).
    Refund { amount: Minor },
    /// A payment made later, and the purchase it was meant for when the owner said so.
    Payment {
        amount: Minor,
        purchase_id: Option<String>,
    },
}

/// One row: the event, how it moved the balance and the balance after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub at: Millis,
    pub kind: RowKind,
    pub note: String,
    /// + owes more, − owes less.
    pub change: Minor,
    /// The balance after this row.
    pub balance: Minor,
}

/// The statement for the period `[from, to)`; `from == None` means since the beginning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub from: Option<Millis>,
    pub to: Millis,
    /// The balance of everything before `from`.
    pub opening: Minor,
    pub rows: Vec<Row>,
    /// The balance of everything before `to`.
    pub closing: Minor,
    /// Σ purchase totals in the period (refunds not included).
    pub bought: Minor,
    /// Σ money received in the period: paid at purchase plus payments.
    pub received: Minor,
}

/// An event in the ledger's order.
struct Entry<'a> {
    at: Millis,
    /// 0 purchase or refund, 1 payment.
    rank: u8,
    id: &'a str,
    kind: RowKind,
    note: &'a str,
    change: Minor,
}

/// The customer's live events in time order.
fn entries<'a>(
    customer_id: &str,
    purchases: &'a [Purchase],
    payments: &'a [Payment],
) -> Vec<Entry<'a>> {
    let mut out: Vec<Entry<'a>> = purchases
        .iter()
        .filter(|p| p.counts() && p.customer_id == customer_id)
        .map(|p| Entry {
            at: p.at,
            rank: 0,
            id: &p.id,
            kind: if p.is_refund() {
                RowKind::Refund {
                    amount: p.total.wrapping_neg(),
                }
            } else {
                RowKind::Purchase {
                    total: p.total,
                    paid: p.paid,
                }
            },
            note: &p.note,
            change: p.unpaid(),
        })
        .chain(
            payments
                .iter()
                .filter(|p| p.deleted_at.is_none() && p.customer_id == customer_id)
                .map(|p| Entry {
                    at: p.at,
                    rank: 1,
                    id: &p.id,
                    kind: RowKind::Payment {
                        amount: p.amount,
                        purchase_id: p.purchase_id.clone(),
                    },
                    note: &p.note,
                    change: p.amount.wrapping_neg(),
                }),
        )
        .collect();
    crate::domain::basics::sort::by(&mut out, |a, b| {
        (a.at, a.rank, a.id).cmp(&(b.at, b.rank, b.id))
    });
    out
}

/// The statement of `customer_id` for `[from, to)` (`from == None`: since the beginning).
pub fn statement(
    customer_id: &str,
    purchases: &[Purchase],
    payments: &[Payment],
    from: Option<Millis>,
    to: Millis,
) -> Statement {
    let mut opening: Minor = 0;
    let mut balance: Minor = 0;
    let mut rows = Vec::new();
    let (mut bought, mut received): (Minor, Minor) = (0, 0);
    for e in entries(customer_id, purchases, payments) {
        if e.at >= to {
            break;
        }
        balance = balance.wrapping_add(e.change);
        if from.is_some_and(|from| e.at < from) {
            opening = balance;
            continue;
        }
        match &e.kind {
            RowKind::Purchase { total, paid } => {
                bought = bought.wrapping_add(*total);
                received = received.wrapping_add(*paid);
            }
            RowKind::Refund { .. } => {}
            RowKind::Payment { amount, .. } => received = received.wrapping_add(*amount),
        }
        rows.push(Row {
            id: e.id.to_string(),
            at: e.at,
            kind: e.kind,
            note: e.note.to_string(),
            change: e.change,
            balance,
        });
    }
    Statement {
        from,
        to,
        opening,
        rows,
        closing: balance,
        bought,
        received,
    }
}

/// The figures on one purchase's receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub purchase_id: String,
    pub at: Millis,
    pub lines: Vec<Line>,
    pub note: String,
    pub total: Minor,
    /// Paid at the time of the purchase.
    pub paid: Minor,
    /// Still owed on this purchase alone (never below zero).
    pub owed: Minor,
    /// Payments made later that name this purchase (in the Trash not counted).
    pub paid_later: Minor,
    /// The customer's balance after this purchase: every event up to and including it.
    pub balance_after: Minor,
    /// The customer's balance now (every event).
    pub balance_now: Minor,
}

/// The receipt of purchase `purchase_id`, or `None` when it is not among the customer's live
/// purchases.
pub fn receipt(
    customer_id: &str,
    purchase_id: &str,
    purchases: &[Purchase],
    payments: &[Payment],
) -> Option<Receipt> {
    let p = purchases
        .iter()
        .find(|p| p.id == purchase_id && p.customer_id == customer_id && p.deleted_at.is_none())?;
    let mut balance: Minor = 0;
    let mut balance_after = None;
    for e in entries(customer_id, purchases, payments) {
        balance = balance.wrapping_add(e.change);
        if e.rank == 0 && e.id == purchase_id {
            balance_after = Some(balance);
        }
    }
    let paid_later = payments
        .iter()
        .filter(|q| q.deleted_at.is_none() && q.purchase_id.as_deref() == Some(purchase_id))
        .fold(0 as Minor, |sum, q| sum.wrapping_add(q.amount));
    Some(Receipt {
        purchase_id: p.id.clone(),
        at: p.at,
        lines: p.lines.clone(),
        note: p.note.clone(),
        total: p.total,
        paid: p.paid,
        owed: p.unpaid().max(0),
        paid_later,
        balance_after: balance_after?,
        balance_now: balance,
    })
}

/// How far back the statement sent with a payment reminder goes when the ledger names no unpaid
/// purchase (a balance from before Rapport, say).
pub const REMINDER_FALLBACK_DAYS: i64 = 90;

/// The period of the statement attached to a payment reminder, `(from, to)` for [`statement`]:
/// from the start of the local day of the oldest purchase still unpaid (so every purchase still
/// owed is on it, and the opening balance is what was owed before them), else the last
/// [`REMINDER_FALLBACK_DAYS`] days, up to now.
pub fn reminder_range(
    oldest_unpaid_at: Option<Millis>,
    now: Millis,
    tz_offset_minutes: i32,
) -> (Option<Millis>, Millis) {
    use crate::domain::records::events::{local_date, local_to_millis};
    const DAY: Millis = 24 * 60 * 60 * 1000;
    let start = oldest_unpaid_at
        .unwrap_or(now - REMINDER_FALLBACK_DAYS * DAY)
        .min(now);
    let day = local_date(start, tz_offset_minutes);
    (
        Some(local_to_millis(
            day,
            chrono::NaiveTime::MIN,
            tz_offset_minutes,
        )),
        now + 1,
    )
}

/// The periods the statement's chooser offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementPeriod {
    /// From the 1st of this month to now.
    ThisMonth,
    /// The whole of last month.
    LastMonth,
    /// From the 1st of the month two months ago to now (this month and the two before).
    ThreeMonths,
    /// Everything up to now.
    All,
    /// Whole local days, `from` to `to` inclusive (as `<input type="date">` gives them).
    Custom { from: String, to: String },
}

/// Why custom dates make no period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodError {
    /// A date missing or not a date.
    DatesMissing,
    /// The end before the start.
    EndBeforeStart,
}

impl StatementPeriod {
    /// `(from, to)` for [`statement`] at `now` in the phone's time zone.
    pub fn range(
        &self,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<(Option<Millis>, Millis), PeriodError> {
        use crate::domain::records::events::{local_date, local_to_millis, parse_date};
        use chrono::{Datelike, Months, NaiveDate, NaiveTime};
        let midnight = |d: NaiveDate| local_to_millis(d, NaiveTime::MIN, tz_offset_minutes);
        let today = local_date(now, tz_offset_minutes);
        let first = today.with_day(1).unwrap_or(today);
        let months_back = |n: u32| first.checked_sub_months(Months::new(n)).unwrap_or(first);
        let end = now + 1;
        Ok(match self {
            StatementPeriod::ThisMonth => (Some(midnight(first)), end),
            StatementPeriod::LastMonth => (Some(midnight(months_back(1))), midnight(first)),
            StatementPeriod::ThreeMonths => (Some(midnight(months_back(2))), end),
            StatementPeriod::All => (None, end),
            StatementPeriod::Custom { from, to } => {
                let (Some(f), Some(t)) = (parse_date(from), parse_date(to)) else {
                    return Err(PeriodError::DatesMissing);
                };
                if t < f {
                    return Err(PeriodError::EndBeforeStart);
                }
                (Some(midnight(f)), midnight(t.succ_opt().unwrap_or(t)))
            }
        })
    }
}
