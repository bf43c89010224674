//! Lead score and grade: a transparent, rule-based number an owner can check by hand.
//!
//! Points (published in the app's help text, [`RULES`]):
//! - last contact today or yesterday **+25**, within 7 days **+20**, within 30 days **+10**;
//! - **+5** per contact (calls, messages, visits; notes left out) in the last 30 days, at most +20;
//! - **+10** per purchase in the last 60 days, at most +30;
//! - an open deal **+10**, or **+20** when the open deals are worth at least twice the business's
//!   average order;
//! - came by referral (the "found you through" text mentions a referral, friend or recommendation)
//!   **+10**; any other known source **+5**;
//! - a complaint still open **−20**.
//!
//! The total is kept between 0 and 100. Grade **A** ≥ 60, **B** ≥ 40, **C** ≥ 20, **D** below.
//! Days are counted in local calendar days (`tz_offset_minutes` as in `events.rs`).

use super::events::{local_date, Event};
use super::money::{format_amount, Currency, Minor};
use super::pipeline;
use super::time::{Millis, DAY};

/// The rules, as the help text shows them.
pub const RULES: &str = "Last contact today or yesterday +25, within 7 days +20, within 30 days +10. \
+5 per contact in the last 30 days (up to +20). +10 per purchase in the last 60 days (up to +30). \
An open deal +10, or +20 if worth at least twice your average order. Came by referral +10, other known source +5. \
A complaint still open −20. Grade A: 60 or more, B: 40–59, C: 20–39, D: under 20.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub fn of(points: i32) -> Grade {
        match points {
            p if p >= 60 => Grade::A,
            p if p >= 40 => Grade::B,
            p if p >= 20 => Grade::C,
            _ => Grade::D,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

/// What the score is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoreInput {
    pub last_contact_at: Option<Millis>,
    /// Contacts (not notes) in the 30 days up to now.
    pub contacts_30d: u32,
    /// Purchases (sales) in the 60 days up to now.
    pub purchases_60d: u32,
    /// Σ value of open deals.
    pub open_deal_value: Minor,
    /// Whether there is at least one open deal (its value may be unknown).
    pub has_open_deal: bool,
    /// The business's average order value, if known.
    pub average_order: Option<Minor>,
    /// "Found you through", as typed.
    pub source: String,
    pub open_complaints: u32,
}

impl ScoreInput {
    /// From one customer's events (the Trash is skipped) and "found you through" text.
    pub fn from_events(
        events: &[Event],
        source: &str,
        average_order: Option<Minor>,
        now: Millis,
    ) -> ScoreInput {
        let mut s = ScoreInput {
            source: source.to_string(),
            average_order,
            ..Default::default()
        };
        let live = || events.iter().filter(|e| !e.is_deleted());
        for e in live() {
            match e {
                Event::Interaction(i) if i.kind.is_contact() => {
                    s.last_contact_at = s.last_contact_at.max(Some(i.at));
                    if i.at <= now && now - i.at <= 30 * DAY {
                        s.contacts_30d += 1;
                    }
                }
                Event::Purchase(p) => {
                    s.last_contact_at = s.last_contact_at.max(Some(p.at));
                    if p.is_sale() && p.at <= now && now - p.at <= 60 * DAY {
                        s.purchases_60d += 1;
                    }
                }
                Event::Case(c) if c.is_open() => s.open_complaints += 1,
                Event::Deal(d) if d.is_open() => s.has_open_deal = true,
                _ => {}
            }
        }
        s.open_deal_value = pipeline::open_value(live().filter_map(|e| match e {
            Event::Deal(d) => Some(d),
            _ => None,
        }));
        s
    }
}

/// One reason, with the points it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub points: i32,
    pub text: String,
}

/// The score, grade and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadScore {
    pub points: i32,
    pub grade: Grade,
    /// Biggest effect first; reasons worth 0 points are left out.
    pub reasons: Vec<Reason>,
}

impl LeadScore {
    /// "A: bought 3 times in 60 days, in touch yesterday".
    pub fn explain(&self) -> String {
        if self.reasons.is_empty() {
            return format!(
                "{}: no recent contact, purchases or open deals",
                self.grade.letter()
            );
        }
        let parts: Vec<&str> = self.reasons.iter().map(|r| r.text.as_str()).collect();
        format!("{}: {}", self.grade.letter(), parts.join(", "))
    }
}

/// Words in "found you through" that mean someone recommended the business.
const REFERRAL_WORDS: [&str; 9] = [
    "referr",
    "referral",
    "friend",
    "recommend",
    "word of mouth",
    "referido",
    "recomend",
    "teman",
    "rekomend",
];

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Scores `input` at `now` (see the module docs for the rules).
pub fn score(
    input: &ScoreInput,
    now: Millis,
    tz_offset_minutes: i32,
    currency: Currency,
) -> LeadScore {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut add = |points: i32, text: String| {
        if points != 0 {
            reasons.push(Reason { points, text });
        }
    };
    if let Some(at) = input.last_contact_at.filter(|at| *at <= now) {
        let days = local_date(now, tz_offset_minutes)
            .signed_duration_since(local_date(at, tz_offset_minutes))
            .num_days();
        match days {
            0 => add(25, "in touch today".into()),
            1 => add(25, "in touch yesterday".into()),
            2..=7 => add(20, format!("in touch {days} days ago")),
            8..=30 => add(10, format!("in touch {days} days ago")),
            _ => {}
        }
    }
    if input.purchases_60d > 0 {
        let text = if input.purchases_60d == 1 {
            "bought once in 60 days".to_string()
        } else {
            format!("bought {} times in 60 days", input.purchases_60d)
        };
        add((10 * input.purchases_60d as i32).min(30), text);
    }
    if input.contacts_30d > 0 {
        add(
            (5 * input.contacts_30d as i32).min(20),
            format!(
                "{} in 30 days",
                plural(input.contacts_30d, "contact", "contacts")
            ),
        );
    }
    if input.has_open_deal || input.open_deal_value > 0 {
        let big = input
            .average_order
            .is_some_and(|a| a > 0 && input.open_deal_value >= a.saturating_mul(2));
        let text = if input.open_deal_value > 0 {
            format!(
                "open deal worth {}",
                format_amount(input.open_deal_value, currency)
            )
        } else {
            "has an open deal".to_string()
        };
        add(if big { 20 } else { 10 }, text);
    }
    let source = input.source.trim().to_lowercase();
    if !source.is_empty() {
        if REFERRAL_WORDS.iter().any(|w| source.contains(w)) {
            add(10, "came by referral".into());
        } else {
            add(5, format!("found you through {}", input.source.trim()));
        }
    }
    if input.open_complaints > 0 {
        add(-20, "a complaint is still open".into());
    }
    let points = reasons.iter().map(|r| r.points).sum::<i32>().clamp(0, 100);
    crate::domain::sort::by_key(&mut reasons, |r| std::cmp::Reverse(r.points.abs()));
    LeadScore {
        points,
        grade: Grade::of(points),
        reasons,
    }
}
