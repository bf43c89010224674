//! Payment reminders: whether a customer who owes is due a reminder today, and when next. Pure
//! rules over the customer's balance, their reminder schedule (their own or the default), their
//! promises, the snooze and the last send; days are the business's local calendar days
//! (`tz_offset_minutes`, as in `entry.rs`).
//!
//! The rules:
//! - Nobody who does not owe (`balance <= 0`) is ever due.
//! - **Which schedule**: the customer's own (live) record if they have one, else the default
//!   (id [`DEFAULT_SCHEDULE_ID`]). `off` on the one that applies: no reminders. An own record
//!   with [`ReminderRule::Default`] follows the default's rule (none when the default is off or
//!   missing) and holds the customer's snooze and last send; a send to someone on the default
//!   writes such a record ([`sent`]).
//! - **Every N days** while a balance is open: first N days after the oldest unpaid purchase
//!   (`oldest_unpaid_at`; today when that is not known), then N days after the last send.
//! - **Due date**: on that day; after a send on or after it, every `every_days` days after the
//!   last send (0: only once). Sends before the date do not count.
//! - A reminder not sent on its day stays due (the queue shows it until it is sent or snoozed).
//! - **Promise** (the latest live one, by when it was made): until its `pay_on` day nothing is
//!   due (the next day is `pay_on`); from that day, if still owed and no reminder was sent since,
//!   the customer is due with [`Why::Promise`], even if their reminders are off (the owner
//!   recorded the promise, so the owner wants to know). After a send on or after `pay_on`, the
//!   schedule applies again.
//! - **Snooze** (`snoozed_until`): nothing is due before it; snoozing N days sets it to the start
//!   of the local day N days from today ([`snooze_until`]).

use chrono::{Days, NaiveDate, NaiveTime};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::entry::{local_date, local_to_millis};
use crate::domain::records::paid::{Promise, ReminderRule, ReminderSchedule, DEFAULT_SCHEDULE_ID};

/// The interval the default schedule uses when its rule is [`ReminderRule::Default`].
pub const FALLBACK_DAYS: u32 = 7;

/// Why a reminder is due (or will be).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The every-N-days schedule.
    Every { days: u32 },
    /// The agreed due date (or the repeats after it).
    DueDate { date: NaiveDate },
    /// The customer promised to pay on this day.
    Promise { pay_on: NaiveDate },
}

/// A customer's reminder status on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Due today: since `since` (today, or an earlier day it was not sent).
    Due { since: NaiveDate, why: Why },
    /// Not due today; next on `day` (if still owed then).
    Later { day: NaiveDate, why: Why },
    /// No reminder planned (does not owe, reminders off, no schedule, a due date already done).
    Never,
}

impl Status {
    pub fn is_due(&self) -> bool {
        matches!(self, Status::Due { .. })
    }
}

/// What the rules need of one customer.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub balance: Minor,
    /// When their oldest unpaid purchase was made (`Summary::oldest_unpaid_at`).
    pub oldest_unpaid_at: Option<Millis>,
    /// Their own schedule record, if any (live or in the Trash: the Trash counts as none).
    pub own: Option<&'a ReminderSchedule>,
    /// The default schedule, if any.
    pub default: Option<&'a ReminderSchedule>,
    /// Their promises (any order; the Trash is ignored).
    pub promises: &'a [Promise],
}

fn live(s: Option<&ReminderSchedule>) -> Option<&ReminderSchedule> {
    s.filter(|s| !s.is_deleted())
}

/// The rule that applies (after `off` and following the default), `None` for no reminders.
fn rule_of(
    own: Option<&ReminderSchedule>,
    default: Option<&ReminderSchedule>,
) -> Option<ReminderRule> {
    let default_rule = || {
        live(default).filter(|d| !d.off).map(|d| match &d.rule {
            ReminderRule::Default => ReminderRule::EveryDays {
                days: FALLBACK_DAYS,
            },
            r => r.clone(),
        })
    };
    match live(own) {
        Some(o) if o.off => None,
        Some(o) => match &o.rule {
            ReminderRule::Default => default_rule(),
            r => Some(r.clone()),
        },
        None => default_rule(),
    }
}

fn plus(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The latest live promise (by when it was made, then id).
pub fn latest_promise(promises: &[Promise]) -> Option<&Promise> {
    promises
        .iter()
        .filter(|p| !p.is_deleted())
        .max_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)))
}

/// The customer's reminder status at `now`.
pub fn status(i: &Inputs<'_>, now: Millis, tz_offset_minutes: i32) -> Status {
    if i.balance <= 0 {
        return Status::Never;
    }
    let day = |ms: Millis| local_date(ms, tz_offset_minutes);
    let today = day(now);
    let own = live(i.own);
    let last_sent = own.and_then(|o| o.last_sent_at).map(day);
    let snoozed = own
        .and_then(|o| o.snoozed_until)
        .filter(|until| *until > now)
        .map(day);
    // The day it is (or was) due, and why.
    let planned: Option<(NaiveDate, Why)> = match latest_promise(i.promises) {
        Some(p) if p.pay_on > today => Some((p.pay_on, Why::Promise { pay_on: p.pay_on })),
        Some(p) if last_sent.is_none_or(|s| s < p.pay_on) => {
            Some((p.pay_on, Why::Promise { pay_on: p.pay_on }))
        }
        _ => match rule_of(i.own, i.default) {
            None => None,
            Some(ReminderRule::EveryDays { days }) => {
                let next = match (last_sent, i.oldest_unpaid_at.map(day)) {
                    (Some(s), _) => plus(s, days),
                    (None, Some(owed)) => plus(owed, days),
                    (None, None) => today,
                };
                Some((next, Why::Every { days }))
            }
            Some(ReminderRule::DueDate { date, every_days }) => match last_sent {
                Some(s) if s >= date => {
                    (every_days > 0).then(|| (plus(s, every_days), Why::DueDate { date }))
                }
                _ => Some((date, Why::DueDate { date })),
            },
            // `rule_of` resolves "follow the default" to the default's rule.
            Some(ReminderRule::Default) => None,
        },
    };
    let Some((mut next, why)) = planned else {
        return Status::Never;
    };
    if let Some(s) = snoozed {
        if s > today {
            next = next.max(s);
        } else if next <= today {
            // Snoozed until later today.
            return Status::Later { day: today, why };
        }
    }
    if next <= today {
        Status::Due { since: next, why }
    } else {
        Status::Later { day: next, why }
    }
}

/// The start of the local day `days` days after today: the end of a snooze.
pub fn snooze_until(now: Millis, days: u32, tz_offset_minutes: i32) -> Millis {
    let day = plus(local_date(now, tz_offset_minutes), days);
    local_to_millis(day, NaiveTime::MIN, tz_offset_minutes)
}

/// The customer's own record to write after a change: the stored one edited, or a new one that
/// follows the default.
fn own_or_new(own: Option<&ReminderSchedule>, customer_id: &str, now: Millis) -> ReminderSchedule {
    match own {
        Some(o) => {
            let mut o = o.clone();
            if o.is_deleted() {
                // A record in the Trash comes back as "follow the default", without old state.
                o.deleted_at = None;
                o.rule = ReminderRule::Default;
                o.off = false;
                o.snoozed_until = None;
                o.last_sent_at = None;
            }
            o.updated_at = now.max(o.updated_at + 1);
            o
        }
        None => ReminderSchedule::new(Some(customer_id), ReminderRule::Default, now),
    }
}

/// The customer's record after a reminder was sent at `now` (the snooze ends).
pub fn sent(own: Option<&ReminderSchedule>, customer_id: &str, now: Millis) -> ReminderSchedule {
    let mut o = own_or_new(own, customer_id, now);
    o.last_sent_at = Some(now);
    o.snoozed_until = None;
    o
}

/// The customer's record after "Snooze" until `until`.
pub fn snoozed(
    own: Option<&ReminderSchedule>,
    customer_id: &str,
    until: Millis,
    now: Millis,
) -> ReminderSchedule {
    let mut o = own_or_new(own, customer_id, now);
    o.snoozed_until = Some(until);
    o
}

/// What the owner picks for one customer on their page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// No reminders for this customer.
    Off,
    /// The default schedule.
    Default,
    EveryDays(u32),
    DueDate {
        date: NaiveDate,
        every_days: u32,
    },
}

impl Choice {
    /// What `own` (the customer's record, if any) says.
    pub fn of(own: Option<&ReminderSchedule>) -> Choice {
        match live(own) {
            None => Choice::Default,
            Some(o) if o.off => Choice::Off,
            Some(o) => match &o.rule {
                ReminderRule::Default => Choice::Default,
                ReminderRule::EveryDays { days } => Choice::EveryDays(*days),
                ReminderRule::DueDate { date, every_days } => Choice::DueDate {
                    date: *date,
                    every_days: *every_days,
                },
            },
        }
    }
}

/// The customer's record after the owner chose `choice` (keeps the last send and snooze).
pub fn chosen(
    own: Option<&ReminderSchedule>,
    customer_id: &str,
    choice: &Choice,
    now: Millis,
) -> ReminderSchedule {
    let mut o = own_or_new(own, customer_id, now);
    o.off = *choice == Choice::Off;
    match choice {
        Choice::Off | Choice::Default => o.rule = ReminderRule::Default,
        Choice::EveryDays(days) => o.rule = ReminderRule::EveryDays { days: *days },
        Choice::DueDate { date, every_days } => {
            o.rule = ReminderRule::DueDate {
                date: *date,
                every_days: *every_days,
            }
        }
    }
    o
}

/// One customer in the reminder queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub customer_id: String,
    pub since: NaiveDate,
    pub why: Why,
    pub balance: Minor,
}

/// The default schedule among `schedules` (live or not).
pub fn default_schedule(schedules: &[ReminderSchedule]) -> Option<&ReminderSchedule> {
    schedules
        .iter()
        .filter(|s| s.customer_id.is_none())
        .max_by_key(|s| {
            (
                s.id == DEFAULT_SCHEDULE_ID,
                s.deleted_at.is_none(),
                s.updated_at,
            )
        })
}

/// A customer's own schedule among `schedules`: the live one (the latest edited if several),
/// else one in the Trash.
pub fn own_schedule<'a>(
    schedules: &'a [ReminderSchedule],
    customer_id: &str,
) -> Option<&'a ReminderSchedule> {
    schedules
        .iter()
        .filter(|s| s.customer_id.as_deref() == Some(customer_id))
        .max_by_key(|s| (s.deleted_at.is_none(), s.updated_at))
}

/// Everyone due a reminder at `now` (customers in the Trash left out), the longest waiting first,
/// then the largest balance.
pub fn queue(
    customers: &[Customer],
    schedules: &[ReminderSchedule],
    promises: &[Promise],
    now: Millis,
    tz_offset_minutes: i32,
) -> Vec<Due> {
    let default = default_schedule(schedules);
    let mut out: Vec<Due> = customers
        .iter()
        .filter(|c| !c.is_deleted() && c.summary.balance > 0)
        .filter_map(|c| {
            let mine: Vec<Promise> = promises
                .iter()
                .filter(|p| p.customer_id == c.id)
                .cloned()
                .collect();
            let inputs = Inputs {
                balance: c.summary.balance,
                oldest_unpaid_at: c.summary.oldest_unpaid_at,
                own: own_schedule(schedules, &c.id),
                default,
                promises: &mine,
            };
            match status(&inputs, now, tz_offset_minutes) {
                Status::Due { since, why } => Some(Due {
                    customer_id: c.id.clone(),
                    since,
                    why,
                    balance: c.summary.balance,
                }),
                _ => None,
            }
        })
        .collect();
    crate::domain::basics::sort::by(&mut out, |a, b| {
        a.since
            .cmp(&b.since)
            .then(b.balance.cmp(&a.balance))
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    out
}
