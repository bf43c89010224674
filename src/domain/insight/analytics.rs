//! The dashboard's numbers, computed exactly as the product notes define them, for a period P
//! and the previous period P′ of the same length.
//!
//! Inputs are what the app keeps anyway: customers with their maintained summaries, the
//! purchases (read through the `at` index), the interactions and complaints of the window shown,
//! and — when campaigns exist — their sends and costs as plain lists. Customers in the Trash and
//! their events, and events in the Trash, never count.
//!
//! Definitions ("purchase" means a sale, total above zero, as in `summary.rs`; refunds only
//! lower revenue):
//! - **Active customers**: at least one purchase in P.
//! - **New customers**: record created in P; **first-time buyers**: first purchase in P.
//! - **Retention rate**: of the customers who bought in P′, the share who bought again in P;
//!   undefined ("—") when nobody bought in P′.
//! - **Repeat-purchase rate**: of the customers with at least one purchase ever, the share with
//!   two or more.
//! - **Revenue**: Σ purchase totals dated in P (refunds negative). **Orders**: purchases in P.
//!   **Average order value**: revenue ÷ orders.
//! - **Customer lifetime value**: total revenue of all time ÷ customers who ever bought.
//! - **At risk**: customers with ≥ 2 purchases whose time since the last purchase exceeds twice
//!   their median gap between purchases, and is at least 30 days.
//! - **Owed**: Σ positive balances.
//! - **First-response time**: first response − opened, median over complaints opened in P.
//! - **Marketing cost**: Σ campaign costs in P; **revenue per unit of cost**: revenue from
//!   customers reached by a campaign sent in P, within 14 days after the send, ÷ that cost.
//!
//! Divisions of money are rounded to the nearest minor unit (halves away from zero).
//! Periods are half-open, `[start, end)`, in local time (`tz_offset_minutes` as in `events.rs`).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::{Millis, DAY};
use crate::domain::records::cases::{median, Case};
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{
    local_date, local_to_millis, Interaction, InteractionKind, Purchase,
};

// ---------------------------------------------------------------------------------------------
// Periods

/// A span of time, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: Millis,
    pub end: Millis,
}

impl Period {
    pub fn contains(&self, at: Millis) -> bool {
        self.start <= at && at < self.end
    }

    pub fn len(&self) -> Millis {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        Period {
            start: self.start - self.len(),
            end: self.start,
        }
    }
}

/// Why custom dates make no period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodProblem {
    /// A date missing or not a date.
    DatesMissing,
    /// The end before the start.
    EndBeforeStart,
}

/// What the period picker offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodChoice {
    /// From the 1st of this month to now.
    ThisMonth,
    /// The last 30 days, ending now.
    Last30,
    /// The last 90 days, ending now.
    Last90,
    /// From 1 January to now.
    ThisYear,
    /// Whole local days, `from` to `to` inclusive (as `<input type="date">` gives them).
    Custom { from: String, to: String },
}

impl PeriodChoice {
    /// The period meant at `now`, or why the custom dates don't work.
    pub fn period(&self, now: Millis, tz_offset_minutes: i32) -> Result<Period, PeriodProblem> {
        let midnight = |d: NaiveDate| local_to_millis(d, NaiveTime::MIN, tz_offset_minutes);
        let today = local_date(now, tz_offset_minutes);
        let end = now + 1;
        Ok(match self {
            PeriodChoice::ThisMonth => Period {
                start: midnight(today.with_day(1).unwrap_or(today)),
                end,
            },
            PeriodChoice::Last30 => Period {
                start: end - 30 * DAY,
                end,
            },
            PeriodChoice::Last90 => Period {
                start: end - 90 * DAY,
                end,
            },
            PeriodChoice::ThisYear => Period {
                start: midnight(today.with_ordinal(1).unwrap_or(today)),
                end,
            },
            PeriodChoice::Custom { from, to } => {
                let parse = |s: &str| crate::domain::records::events::parse_date(s);
                let (Some(f), Some(t)) = (parse(from), parse(to)) else {
                    return Err(PeriodProblem::DatesMissing);
                };
                if t < f {
                    return Err(PeriodProblem::EndBeforeStart);
                }
                Period {
                    start: midnight(f),
                    end: midnight(t.succ_opt().unwrap_or(t)),
                }
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// Campaign figures as plain lists (from the campaigns store, once campaigns exist).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marketing {
    /// (sent at, customer id) for each message sent by a campaign.
    pub sends: Vec<(Millis, String)>,
    /// (when, cost) of each campaign.
    pub costs: Vec<(Millis, Minor)>,
}

impl Marketing {
    pub fn is_empty(&self) -> bool {
        self.sends.is_empty() && self.costs.is_empty()
    }

    /// The sends and costs of `campaigns` (those in the Trash left out): every recipient marked
    /// sent, at the time it was sent; each cost dated when the campaign was created.
    pub fn from_campaigns(campaigns: &[crate::domain::messaging::campaign::Campaign]) -> Marketing {
        let mut m = Marketing::default();
        for c in campaigns.iter().filter(|c| c.deleted_at.is_none()) {
            if let Some(cost) = c.cost {
                m.costs.push((c.created_at, cost));
            }
            for r in &c.recipients {
                if let (crate::domain::messaging::campaign::SendState::Sent, Some(at)) =
                    (r.state, r.at)
                {
                    m.sends.push((at, r.customer_id.clone()));
                }
            }
        }
        m
    }
}

/// How long after a campaign send a purchase counts as its result.
pub const ATTRIBUTION_WINDOW: Millis = 14 * DAY;

/// A share: `num` of `den`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub num: u32,
    pub den: u32,
}

impl Share {
    /// `None` when `den` is 0 (undefined, shown as "—").
    pub fn new(num: u32, den: u32) -> Option<Share> {
        (den > 0).then_some(Share { num, den })
    }

    /// Whole percent, rounded half up: 2 of 3 → 67.
    pub fn percent(&self) -> u32 {
        ((u64::from(self.num) * 200 + u64::from(self.den)) / (2 * u64::from(self.den))) as u32
    }
}

/// `a ÷ b` rounded to the nearest integer (halves away from zero); `None` when `b` is 0.
pub fn div_round(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    let (a, b) = (i128::from(a), i128::from(b));
    let q = (2 * a.abs() + b.abs()) / (2 * b.abs());
    i64::try_from(q * a.signum() * b.signum()).ok()
}

// ---------------------------------------------------------------------------------------------
// KPIs

/// The numbers for one period.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PeriodKpis {
    pub new_customers: u32,
    pub first_time_buyers: u32,
    pub active_customers: u32,
    /// `None` when nobody bought in the period before.
    pub retention: Option<Share>,
    pub revenue: Minor,
    pub orders: u32,
    /// `None` without orders.
    pub average_order: Option<Minor>,
    /// Interactions (notes left out) per kind, most first; kinds with none left out.
    pub by_channel: Vec<(InteractionKind, u32)>,
    /// Milliseconds; `None` when no complaint opened in the period has been answered.
    pub median_first_response: Option<i64>,
    /// Complaints opened in the period not answered yet.
    pub unanswered_complaints: u32,
    pub marketing_cost: Minor,
    /// Revenue within 14 days of a send in the period, from the customers reached.
    pub campaign_revenue: Minor,
}

impl PeriodKpis {
    /// Revenue per unit of cost, in hundredths (2.35 → 235); `None` without cost.
    pub fn revenue_per_cost_hundredths(&self) -> Option<i64> {
        (self.marketing_cost > 0)
            .then(|| {
                div_round(
                    self.campaign_revenue.saturating_mul(100),
                    self.marketing_cost,
                )
            })
            .flatten()
    }
}

/// The numbers that are not tied to a period: all time, or as of now.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StandingKpis {
    /// Customers with ≥ 2 purchases among those with ≥ 1.
    pub repeat_rate: Option<Share>,
    /// Σ total spent ÷ customers who ever bought.
    pub lifetime_value: Option<Minor>,
    /// Customers who ever bought.
    pub buyers: u32,
    pub at_risk: u32,
    /// Σ positive balances.
    pub owed: Minor,
    pub owing_customers: u32,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Dashboard {
    pub current: PeriodKpis,
    pub previous: PeriodKpis,
    pub standing: StandingKpis,
    /// Revenue per local calendar month, oldest first: (year, month, revenue).
    pub revenue_by_month: Vec<(i32, u32, Minor)>,
}

/// What [`dashboard`] reads.
pub struct Inputs<'a> {
    /// Every customer (the Trash is skipped).
    pub customers: &'a [Customer],
    /// Every purchase (needed for retention and at-risk gaps); any order.
    pub purchases: &'a [Purchase],
    /// Interactions at least covering both periods; others are ignored.
    pub interactions: &'a [Interaction],
    /// Complaints at least covering both periods.
    pub cases: &'a [Case],
    pub marketing: &'a Marketing,
}

/// The dashboard for `period` against the previous one of the same length, at `now`, with
/// `months` months of revenue history (ending with the month of `now`).
pub fn dashboard(
    inputs: &Inputs,
    period: Period,
    now: Millis,
    tz_offset_minutes: i32,
    months: u32,
) -> Dashboard {
    let live: HashSet<&str> = inputs
        .customers
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| c.id.as_str())
        .collect();
    let purchases: Vec<&Purchase> = inputs
        .purchases
        .iter()
        .filter(|p| p.counts() && live.contains(p.customer_id.as_str()))
        .collect();
    let ctx = Ctx {
        inputs,
        live: &live,
        purchases: &purchases,
    };
    Dashboard {
        current: ctx.period_kpis(period),
        previous: ctx.period_kpis(period.previous()),
        standing: standing(inputs.customers, &purchases, now),
        revenue_by_month: revenue_by_month(&purchases, now, tz_offset_minutes, months),
    }
}

/// What the key numbers for a period read: purchases dated in `purchases` (the period, the
/// one before and the one before that, for the previous period's retention; and the days after
/// the period in which a campaign send may still count), interactions and complaints dated in
/// `contacts` (the period and the one before). Both are half-open, like [`Period`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reads {
    pub purchases: Period,
    pub contacts: Period,
}

impl Reads {
    pub fn for_period(period: Period) -> Reads {
        Reads {
            purchases: Period {
                start: period.previous().previous().start,
                end: period.end.saturating_add(ATTRIBUTION_WINDOW),
            },
            contacts: Period {
                start: period.previous().start,
                end: period.end,
            },
        }
    }
}

/// The dashboard's key numbers, from `inputs` whose purchases, interactions and complaints
/// cover at least [`Reads::for_period`] (others are ignored): everything [`dashboard`] gives
/// except the figures needing every purchase — `standing.at_risk` is 0 and
/// `revenue_by_month` empty; [`history`] gives those. The all-time figures come from the
/// customers' summaries. No card needs the interactions: given none, `by_channel` is empty and
/// [`contacts_by_channel`] gives it from its own read.
pub fn key_numbers(inputs: &Inputs, period: Period) -> Dashboard {
    let reads = Reads::for_period(period);
    let live: HashSet<&str> = inputs
        .customers
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| c.id.as_str())
        .collect();
    let purchases: Vec<&Purchase> = inputs
        .purchases
        .iter()
        .filter(|p| {
            p.counts() && reads.purchases.contains(p.at) && live.contains(p.customer_id.as_str())
        })
        .collect();
    let ctx = Ctx {
        inputs,
        live: &live,
        purchases: &purchases,
    };
    Dashboard {
        current: ctx.period_kpis(period),
        previous: ctx.period_kpis(period.previous()),
        standing: standing_from_summaries(inputs.customers),
        revenue_by_month: Vec::new(),
    }
}

/// The figures that need every purchase: customers at risk, and revenue per month.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct History {
    pub at_risk: u32,
    pub revenue_by_month: Vec<(i32, u32, Minor)>,
}

/// [`History`] from every purchase (any order; the Trash and customers in the Trash skipped),
/// with `months` months of revenue ending with the month of `now`.
pub fn history(
    customers: &[Customer],
    purchases: &[Purchase],
    now: Millis,
    tz_offset_minutes: i32,
    months: u32,
) -> History {
    let live: HashSet<&str> = customers
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| c.id.as_str())
        .collect();
    let purchases: Vec<&Purchase> = purchases
        .iter()
        .filter(|p| p.counts() && live.contains(p.customer_id.as_str()))
        .collect();
    History {
        at_risk: at_risk(&purchases, now).len() as u32,
        revenue_by_month: revenue_by_month(&purchases, now, tz_offset_minutes, months),
    }
}

/// [`PeriodKpis::by_channel`] for `period` and for the one before, from interactions covering
/// at least [`Reads::contacts`] (the contacts-by-channel chart, read after the key numbers).
pub fn contacts_by_channel(
    customers: &[Customer],
    interactions: &[Interaction],
    period: Period,
) -> [Vec<(InteractionKind, u32)>; 2] {
    let live: HashSet<&str> = customers
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| c.id.as_str())
        .collect();
    [period, period.previous()].map(|p| channels(interactions, &live, p))
}

/// Contacts (notes left out) per kind in `p`, most first; kinds with none left out.
fn channels(
    interactions: &[Interaction],
    live: &HashSet<&str>,
    p: Period,
) -> Vec<(InteractionKind, u32)> {
    let mut counts: HashMap<InteractionKind, u32> = HashMap::new();
    for i in interactions.iter().filter(|i| {
        i.deleted_at.is_none()
            && i.kind.is_contact()
            && p.contains(i.at)
            && live.contains(i.customer_id.as_str())
    }) {
        *counts.entry(i.kind).or_default() += 1;
    }
    let mut out: Vec<(InteractionKind, u32)> = InteractionKind::ALL
        .into_iter()
        .filter_map(|kind| counts.get(&kind).map(|n| (kind, *n)))
        .collect();
    crate::domain::basics::sort::by_key(&mut out, |x| std::cmp::Reverse(x.1));
    out
}

struct Ctx<'a> {
    inputs: &'a Inputs<'a>,
    live: &'a HashSet<&'a str>,
    purchases: &'a [&'a Purchase],
}

impl Ctx<'_> {
    fn buyers_in(&self, p: Period) -> HashSet<&str> {
        self.purchases
            .iter()
            .filter(|x| x.is_sale() && p.contains(x.at))
            .map(|x| x.customer_id.as_str())
            .collect()
    }

    fn period_kpis(&self, p: Period) -> PeriodKpis {
        let mut k = PeriodKpis::default();
        let customers = self.inputs.customers.iter().filter(|c| !c.is_deleted());
        for c in customers {
            if p.contains(c.created_at) {
                k.new_customers += 1;
            }
            if c.summary.first_purchase_at.is_some_and(|t| p.contains(t)) {
                k.first_time_buyers += 1;
            }
        }
        let now_buyers = self.buyers_in(p);
        let before = self.buyers_in(p.previous());
        k.active_customers = now_buyers.len() as u32;
        k.retention = Share::new(
            before.iter().filter(|id| now_buyers.contains(*id)).count() as u32,
            before.len() as u32,
        );
        for x in self.purchases.iter().filter(|x| p.contains(x.at)) {
            k.revenue = k.revenue.saturating_add(x.total);
            if x.is_sale() {
                k.orders += 1;
            }
        }
        k.average_order = div_round(k.revenue, i64::from(k.orders));

        k.by_channel = channels(self.inputs.interactions, self.live, p);

        let mut times = Vec::new();
        for c in self.inputs.cases.iter().filter(|c| {
            c.deleted_at.is_none() && p.contains(c.at) && self.live.contains(c.customer_id.as_str())
        }) {
            match c.response_time() {
                Some(t) => times.push(t),
                None => k.unanswered_complaints += 1,
            }
        }
        k.median_first_response = median(&mut times);

        let m = self.inputs.marketing;
        k.marketing_cost = m
            .costs
            .iter()
            .filter(|(at, _)| p.contains(*at))
            .fold(0, |s: Minor, (_, c)| s.saturating_add(*c));
        // Each purchase counts once, however many sends reached its customer before it.
        let mut sends: HashMap<&str, Vec<Millis>> = HashMap::new();
        for (at, id) in m.sends.iter().filter(|(at, _)| p.contains(*at)) {
            sends.entry(id.as_str()).or_default().push(*at);
        }
        if !sends.is_empty() {
            for x in self.purchases.iter() {
                if let Some(ats) = sends.get(x.customer_id.as_str()) {
                    if ats
                        .iter()
                        .any(|s| *s <= x.at && x.at <= s + ATTRIBUTION_WINDOW)
                    {
                        k.campaign_revenue = k.campaign_revenue.saturating_add(x.total);
                    }
                }
            }
        }
        k
    }
}

/// Repeat rate, lifetime value, at risk and owed.
fn standing(customers: &[Customer], purchases: &[&Purchase], now: Millis) -> StandingKpis {
    let mut k = standing_from_summaries(customers);
    k.at_risk = at_risk(purchases, now).len() as u32;
    k
}

/// Repeat rate, lifetime value and owed, from the summaries (at risk left 0).
fn standing_from_summaries(customers: &[Customer]) -> StandingKpis {
    let mut k = StandingKpis::default();
    let mut repeat = 0u32;
    let mut revenue: Minor = 0;
    for c in customers.iter().filter(|c| !c.is_deleted()) {
        let s = &c.summary;
        if s.purchase_count >= 1 {
            k.buyers += 1;
            revenue = revenue.saturating_add(s.total_spent);
        }
        if s.purchase_count >= 2 {
            repeat += 1;
        }
        if s.balance > 0 {
            k.owed = k.owed.saturating_add(s.balance);
            k.owing_customers += 1;
        }
    }
    k.repeat_rate = Share::new(repeat, k.buyers);
    k.lifetime_value = div_round(revenue, i64::from(k.buyers));
    k
}

/// The ids of the customers at risk: ≥ 2 purchases, and the time since the last one is more
/// than twice their median gap between purchases and at least 30 days.
pub fn at_risk<'a>(purchases: &[&'a Purchase], now: Millis) -> Vec<&'a str> {
    let mut dates: HashMap<&str, Vec<Millis>> = HashMap::new();
    for p in purchases.iter().filter(|p| p.is_sale() && p.counts()) {
        dates.entry(p.customer_id.as_str()).or_default().push(p.at);
    }
    let mut out: Vec<&str> = dates
        .into_iter()
        .filter_map(|(id, mut ats)| {
            if ats.len() < 2 {
                return None;
            }
            crate::domain::basics::sort::natural(&mut ats);
            let mut gaps: Vec<i64> = ats.windows(2).map(|w| w[1] - w[0]).collect();
            let gap = median(&mut gaps)?;
            let since = now - *ats.last()?;
            (since >= 30 * DAY && since > gap.saturating_mul(2)).then_some(id)
        })
        .collect();
    crate::domain::basics::sort::natural(&mut out);
    out
}

/// Revenue per local calendar month for the `months` months ending with the month of `now`.
pub fn revenue_by_month(
    purchases: &[&Purchase],
    now: Millis,
    tz_offset_minutes: i32,
    months: u32,
) -> Vec<(i32, u32, Minor)> {
    let today = local_date(now, tz_offset_minutes);
    let key = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m) - 1;
    let last = key(today.year(), today.month());
    let first = last - i64::from(months.max(1)) + 1;
    let mut out: Vec<(i32, u32, Minor)> = (first..=last)
        .map(|k| (k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u32, 0))
        .collect();
    for p in purchases.iter().filter(|p| p.counts()) {
        let d = local_date(p.at, tz_offset_minutes);
        let k = key(d.year(), d.month());
        if (first..=last).contains(&k) {
            let slot = &mut out[(k - first) as usize].2;
            *slot = slot.saturating_add(p.total);
        }
    }
    out
}

/// Change from `before` to `now` in whole percent (rounded); `None` when `before` is 0.
pub fn change_percent(now: i64, before: i64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    div_round((now - before).saturating_mul(100), before.abs())
}
