//! The figures shown for a customer at a glance (last contact, money, open follow-ups and
//! complaints), kept on the customer record and updated as each event is written, instead of
//! being recomputed from every event on each screen.
//!
//! Definitions (events in the Trash never count):
//! - **last contact**: the latest interaction that is not a note (either direction), or
//!   purchase (a refund too: the customer came back). Payments do not count: money arriving
//!   by transfer is not a conversation.
//! - **purchases** (`purchase_count`, `first_purchase_at`, `last_purchase_at`): sales, i.e.
//!   purchases with a total above zero; refunds and free items are left out.
//! - `total_spent`: Σ purchase totals, refunds subtracting.
//! - `balance` and `oldest_unpaid_at`: see `ledger.rs` (positive balance = they owe).
//! - `open_tasks`, `next_task_at`: follow-ups not done; the earliest due (may be overdue).
//! - `open_cases`: complaints not resolved.
//!
//! ## Keeping it up to date
//! For every write of an event, call [`Summary::try_apply`] with the stored version before
//! the write (`old`) and the version written (`new`); if it returns `false`, read the
//! customer's events in the same transaction and call [`Summary::apply`]. Or call `apply`
//! directly when the events are at hand. Sums are updated by difference; the dates only need
//! the other events when the changed event was the latest/earliest one (or, for what is
//! owed, when a payment or back-dated purchase moves which purchase is the oldest unpaid).

use std::num::Wrapping;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::events::Event;
use crate::domain::records::ledger;

/// A customer's figures at a glance. Stored inside the customer record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_contact_at: Option<Millis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_purchase_at: Option<Millis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_purchase_at: Option<Millis>,
    /// Σ purchase totals (refunds subtract).
    pub total_spent: Minor,
    /// Sales (purchases with a total above zero).
    pub purchase_count: u32,
    /// What they owe (negative: credit).
    pub balance: Minor,
    /// When the oldest purchase still unpaid was made (first in, first out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest_unpaid_at: Option<Millis>,
    pub open_tasks: u32,
    /// When the earliest open follow-up is due (in the past when overdue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_task_at: Option<Millis>,
    pub open_cases: u32,
}

/// How one ledger event affects what is owed (`None` when it does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ledger {
    /// A purchase with `unpaid > 0`.
    Owed { at: Millis, unpaid: Minor },
    /// A payment, or a purchase paid beyond its total.
    Credit(Minor),
}

/// What one event adds to a summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Part {
    total_spent: Minor,
    purchases: u32,
    balance: Minor,
    open_tasks: u32,
    open_cases: u32,
    contact: Option<Millis>,
    sale: Option<Millis>,
    task_due: Option<Millis>,
    ledger: Option<Ledger>,
}

fn part(e: Option<&Event>) -> Part {
    let Some(e) = e.filter(|e| !e.is_deleted()) else {
        return Part::default();
    };
    let mut p = Part::default();
    match e {
        Event::Interaction(i) => {
            p.contact = i.kind.is_contact().then_some(i.at);
        }
        // A cancelled order counts as nothing.
        Event::Purchase(pu) if pu.is_cancelled() => {}
        Event::Purchase(pu) => {
            p.contact = Some(pu.at);
            p.total_spent = pu.total;
            p.balance = pu.unpaid();
            if pu.is_sale() {
                p.purchases = 1;
                p.sale = Some(pu.at);
            }
            let unpaid = pu.unpaid();
            p.ledger = match unpaid.cmp(&0) {
                std::cmp::Ordering::Greater => Some(Ledger::Owed { at: pu.at, unpaid }),
                std::cmp::Ordering::Less => Some(Ledger::Credit(unpaid.wrapping_neg())),
                std::cmp::Ordering::Equal => None,
            };
        }
        Event::Payment(pa) => {
            p.balance = pa.amount.wrapping_neg();
            p.ledger = Some(Ledger::Credit(pa.amount));
        }
        Event::Task(t) => {
            if t.done_at.is_none() {
                p.open_tasks = 1;
                p.task_due = Some(t.at);
            }
        }
        Event::Case(c) => {
            if c.resolved_at.is_none() {
                p.open_cases = 1;
            }
        }
        // A deal is a hope, not money or a conversation: the summary leaves it out.
        Event::Deal(_) => {}
    }
    p
}

/// The new value of a max (`latest`) or min field when an event's candidate changes from
/// `old` to `new`; `None` when the other events are needed.
fn extremum(
    current: Option<Millis>,
    old: Option<Millis>,
    new: Option<Millis>,
    latest: bool,
) -> Option<Option<Millis>> {
    // `a` is at least as extreme as `b`.
    let beats = |a: Millis, b: Millis| if latest { a >= b } else { a <= b };
    let pick = |a: Option<Millis>, b: Option<Millis>| match (a, b) {
        (Some(x), Some(y)) => Some(if beats(x, y) { x } else { y }),
        (x, None) => x,
        (None, y) => y,
    };
    if old == new {
        return Some(current);
    }
    match (old, current) {
        (None, _) => Some(pick(current, new)),
        // The old value was not the extreme one: it can go without looking at the others.
        (Some(v), Some(c)) if v != c && beats(c, v) => Some(pick(current, new)),
        // It was, and the new value is at least as extreme.
        (Some(v), Some(c)) if v == c => match new {
            Some(w) if beats(w, v) => Some(Some(w)),
            _ => None,
        },
        _ => None,
    }
}

/// The new oldest unpaid date (first in, first out) when one ledger entry changes from
/// `removed` to `added`; `None` when the other events are needed.
fn oldest_unpaid(
    before: &Summary,
    balance_after: Minor,
    removed: Option<Ledger>,
    added: Option<Ledger>,
) -> Option<Option<Millis>> {
    if balance_after <= 0 {
        return Some(None);
    }
    if removed == added {
        return Some(before.oldest_unpaid_at);
    }
    // Take the old entry out.
    let mid = match (removed, before.oldest_unpaid_at) {
        (None, o) => o,
        // Everything was covered; with less owed it still is.
        (Some(Ledger::Owed { .. }), None) => None,
        // A debt after the oldest unpaid one: the money paying off the older ones is unchanged.
        (Some(Ledger::Owed { at, .. }), Some(o)) if at > o => Some(o),
        _ => return None,
    };
    // Put the new one in.
    match (added, mid) {
        (None, o) => Some(o),
        (Some(Ledger::Owed { at, .. }), Some(o)) if at >= o => Some(Some(o)),
        // Everything else was covered and this debt is the newest: it is the one left unpaid.
        // Every other unpaid purchase is a sale, so no later than `last_purchase_at`.
        (Some(Ledger::Owed { at, .. }), None)
            if before.last_purchase_at.is_none_or(|last| at >= last) =>
        {
            Some(Some(at))
        }
        _ => None,
    }
}

/// Which fields could not be updated without the customer's other events.
#[derive(Clone, Copy, Debug, Default)]
struct Stale {
    last_contact_at: bool,
    last_purchase_at: bool,
    first_purchase_at: bool,
    oldest_unpaid_at: bool,
    next_task_at: bool,
}

impl Stale {
    fn any(&self) -> bool {
        self.last_contact_at
            || self.last_purchase_at
            || self.first_purchase_at
            || self.oldest_unpaid_at
            || self.next_task_at
    }
}

impl Summary {
    /// The summary of `events` from scratch (events in the Trash are ignored).
    pub fn recompute(events: &[Event]) -> Summary {
        let mut s = Summary::default();
        for e in events {
            let p = part(Some(e));
            s.replace_sums(&Part::default(), &p);
            s.last_contact_at = s.last_contact_at.max(p.contact);
            s.last_purchase_at = s.last_purchase_at.max(p.sale);
            s.first_purchase_at = min_some(s.first_purchase_at, p.sale);
            s.next_task_at = min_some(s.next_task_at, p.task_due);
        }
        let purchases = events.iter().filter_map(|e| match e {
            Event::Purchase(p) => Some(p),
            _ => None,
        });
        let payments = events.iter().filter_map(|e| match e {
            Event::Payment(p) => Some(p),
            _ => None,
        });
        s.oldest_unpaid_at = ledger::oldest_unpaid_of(purchases, payments);
        s
    }

    /// Takes what the event part `old` added to the sums out and puts what `new` adds in.
    fn replace_sums(&mut self, old: &Part, new: &Part) {
        self.total_spent = replaced(self.total_spent, old.total_spent, new.total_spent);
        self.purchase_count = replaced(self.purchase_count, old.purchases, new.purchases);
        self.balance = replaced(self.balance, old.balance, new.balance);
        self.open_tasks = replaced(self.open_tasks, old.open_tasks, new.open_tasks);
        self.open_cases = replaced(self.open_cases, old.open_cases, new.open_cases);
    }

    /// The summary after one event changed, and which fields still need the other events.
    fn step(&self, old: Option<&Event>, new: Option<&Event>) -> (Summary, Stale) {
        let (o, n) = (part(old), part(new));
        let mut s = self.clone();
        let mut stale = Stale::default();
        s.replace_sums(&o, &n);
        let set = |field: &mut Option<Millis>, flag: &mut bool, v: Option<Option<Millis>>| match v {
            Some(v) => *field = v,
            None => *flag = true,
        };
        let v = extremum(self.last_contact_at, o.contact, n.contact, true);
        set(&mut s.last_contact_at, &mut stale.last_contact_at, v);
        let v = extremum(self.last_purchase_at, o.sale, n.sale, true);
        set(&mut s.last_purchase_at, &mut stale.last_purchase_at, v);
        let v = extremum(self.first_purchase_at, o.sale, n.sale, false);
        set(&mut s.first_purchase_at, &mut stale.first_purchase_at, v);
        let v = extremum(self.next_task_at, o.task_due, n.task_due, false);
        set(&mut s.next_task_at, &mut stale.next_task_at, v);
        let v = oldest_unpaid(self, s.balance, o.ledger, n.ledger);
        set(&mut s.oldest_unpaid_at, &mut stale.oldest_unpaid_at, v);
        (s, stale)
    }

    /// Updates the summary for one event written without reading any other event, and
    /// returns `true`; or returns `false`, leaving the summary unchanged, when the customer's
    /// other events are needed (then call [`Summary::apply`]).
    ///
    /// `old` is the stored version before the write, `new` the version written:
    /// `(None, Some)` = added, `(Some, Some)` = edited (including moving it to the Trash or
    /// back), `(Some, None)` = removed for good. Both must belong to this customer.
    ///
    /// Never needs the others when an interaction, task or complaint is added, nor a sale
    /// dated no earlier than the latest one, nor a payment that leaves nothing owed.
    pub fn try_apply(&mut self, old: Option<&Event>, new: Option<&Event>) -> bool {
        let (s, stale) = self.step(old, new);
        if stale.any() {
            return false;
        }
        *self = s;
        true
    }

    /// Updates the summary for one event written (see [`Summary::try_apply`] for `old` and
    /// `new`). `others` is called at most once, and only when needed; it returns the customer's
    /// events (in the Trash or not). The changed event is skipped in what it returns, so
    /// passing every stored event of the customer, before or after the write, is fine.
    pub fn apply(
        &mut self,
        old: Option<&Event>,
        new: Option<&Event>,
        others: impl FnOnce() -> Vec<Event>,
    ) {
        let (mut s, stale) = self.step(old, new);
        if stale.any() {
            let changed = old.or(new).map(|e| (e.store_name(), e.id().to_string()));
            let mut events: Vec<Event> = others()
                .into_iter()
                .filter(|e| {
                    changed
                        .as_ref()
                        .is_none_or(|(store, id)| e.store_name() != *store || e.id() != id)
                })
                .collect();
            events.extend(new.cloned());
            let full = Summary::recompute(&events);
            if stale.last_contact_at {
                s.last_contact_at = full.last_contact_at;
            }
            if stale.last_purchase_at {
                s.last_purchase_at = full.last_purchase_at;
            }
            if stale.first_purchase_at {
                s.first_purchase_at = full.first_purchase_at;
            }
            if stale.oldest_unpaid_at {
                s.oldest_unpaid_at = full.oldest_unpaid_at;
            }
            if stale.next_task_at {
                s.next_task_at = full.next_task_at;
            }
        }
        *self = s;
    }

    /// Owes money now.
    pub fn owes(&self) -> bool {
        self.balance > 0
    }

    /// Has an open follow-up due before `now`.
    pub fn has_overdue_task(&self, now: Millis) -> bool {
        self.next_task_at.is_some_and(|t| t < now)
    }

    /// The "who owes me" row for this customer.
    pub fn owing(&self, customer_id: &str) -> ledger::Owing {
        ledger::Owing {
            customer_id: customer_id.to_string(),
            balance: self.balance,
            oldest_unpaid_at: self.oldest_unpaid_at,
        }
    }
}

/// `sum` with `old` taken out and `new` put in. Wrapping, so that taking out exactly what was
/// put in always gives back the same sum.
fn replaced<T>(sum: T, old: T, new: T) -> T
where
    Wrapping<T>: Add<Output = Wrapping<T>> + Sub<Output = Wrapping<T>>,
{
    (Wrapping(sum) - Wrapping(old) + Wrapping(new)).0
}

fn min_some(a: Option<Millis>, b: Option<Millis>) -> Option<Millis> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
