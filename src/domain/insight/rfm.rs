//! RFM: recency, frequency and monetary scores and the named classes, exactly as the product
//! notes define them.
//!
//! Among the n customers with purchases (at least one sale), recency (days since the last
//! purchase; fewer is better), frequency (number of purchases) and monetary (total spent) each
//! get a score 1–5: `score = 1 + ⌊4 × w ÷ (n − 1)⌋`, where `w` is the number of customers with a
//! strictly *worse* value (ties share a score; with n = 1 every score is 3).
//! `FM = ⌈(F + M) ÷ 2⌉`. Class, first match wins:
//! Champions (R ≥ 4 and FM = 5, or R = 5 and FM = 4) · Can't lose them (R ≤ 2 and FM = 5) ·
//! Loyal (R ≥ 3 and FM ≥ 4) · At risk (R ≤ 2 and FM ≥ 3) · New (R = 5 and F = 1) ·
//! Potential loyal (R ≥ 3) · Lost (R = 1) · Hibernating (the rest).
//!
//! Recency is counted in local calendar days (`tz_offset_minutes` as in `events.rs`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::local_date;

/// The named RFM classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RfmClass {
    Champions,
    CantLoseThem,
    Loyal,
    AtRisk,
    New,
    PotentialLoyal,
    Lost,
    Hibernating,
}

impl RfmClass {
    /// In the order the rules are tried.
    pub const ALL: [RfmClass; 8] = [
        RfmClass::Champions,
        RfmClass::CantLoseThem,
        RfmClass::Loyal,
        RfmClass::AtRisk,
        RfmClass::New,
        RfmClass::PotentialLoyal,
        RfmClass::Lost,
        RfmClass::Hibernating,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RfmClass::Champions => "champions",
            RfmClass::CantLoseThem => "cant_lose_them",
            RfmClass::Loyal => "loyal",
            RfmClass::AtRisk => "at_risk",
            RfmClass::New => "new",
            RfmClass::PotentialLoyal => "potential_loyal",
            RfmClass::Lost => "lost",
            RfmClass::Hibernating => "hibernating",
        }
    }

    pub fn from_code(code: &str) -> Option<RfmClass> {
        RfmClass::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RfmClass::Champions => "Champions",
            RfmClass::CantLoseThem => "Can't lose them",
            RfmClass::Loyal => "Loyal",
            RfmClass::AtRisk => "At risk",
            RfmClass::New => "New",
            RfmClass::PotentialLoyal => "Potential loyal",
            RfmClass::Lost => "Lost",
            RfmClass::Hibernating => "Hibernating",
        }
    }

    /// One line: who they are.
    pub fn explanation(self) -> &'static str {
        match self {
            RfmClass::Champions => "Bought recently, buy often and spend the most.",
            RfmClass::CantLoseThem => {
                "Among your best buyers, but they have not come back for a long time."
            }
            RfmClass::Loyal => "Buy often and spend well, and bought not long ago.",
            RfmClass::AtRisk => "Bought often or spent well before, but not recently.",
            RfmClass::New => "Bought for the first time, very recently.",
            RfmClass::PotentialLoyal => "Bought recently but not much yet.",
            RfmClass::Lost => "Their last purchase was long ago, and they bought little.",
            RfmClass::Hibernating => "Bought a while ago and not much.",
        }
    }

    /// What to do about them.
    pub fn action(self) -> &'static str {
        match self {
            RfmClass::Champions => {
                "Thank them, ask for a review or a referral, show them new items first."
            }
            RfmClass::CantLoseThem => "Call or message them personally today; ask what changed.",
            RfmClass::Loyal => "Offer a loyalty reward or a small extra with the next order.",
            RfmClass::AtRisk => "Send a personal message with a reason to come back.",
            RfmClass::New => "Welcome them and ask how they liked it.",
            RfmClass::PotentialLoyal => "Suggest a second item they may like.",
            RfmClass::Lost => "Try one friendly offer; if nothing, let them go.",
            RfmClass::Hibernating => "Remind them you exist with a seasonal offer.",
        }
    }

    /// The class of R, F and M scores (first match wins; see the module docs).
    pub fn of(r: u8, f: u8, m: u8) -> RfmClass {
        let fm = fm(f, m);
        if (r >= 4 && fm == 5) || (r == 5 && fm == 4) {
            RfmClass::Champions
        } else if r <= 2 && fm == 5 {
            RfmClass::CantLoseThem
        } else if r >= 3 && fm >= 4 {
            RfmClass::Loyal
        } else if r <= 2 && fm >= 3 {
            RfmClass::AtRisk
        } else if r == 5 && f == 1 {
            RfmClass::New
        } else if r >= 3 {
            RfmClass::PotentialLoyal
        } else if r == 1 {
            RfmClass::Lost
        } else {
            RfmClass::Hibernating
        }
    }
}

/// `⌈(F + M) ÷ 2⌉`.
pub fn fm(f: u8, m: u8) -> u8 {
    (f + m).div_ceil(2)
}

/// One customer's RFM figures and scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rfm {
    pub customer_id: String,
    /// Local calendar days since the last purchase.
    pub recency_days: i64,
    pub frequency: u32,
    pub monetary: Minor,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub class: RfmClass,
}

impl Rfm {
    pub fn fm(&self) -> u8 {
        fm(self.f, self.m)
    }
}

/// Scores of `values` where a *higher* value is better: `1 + ⌊4w ÷ (n − 1)⌋` with `w` the number
/// of strictly lower values; all 3 when n = 1.
pub fn scores_higher_better<T: Ord + Copy>(values: &[T]) -> Vec<u8> {
    scores(values, |sorted, v| sorted.partition_point(|x| x < v))
}

/// Scores of `values` where a *lower* value is better (recency): `w` counts strictly higher ones.
pub fn scores_lower_better<T: Ord + Copy>(values: &[T]) -> Vec<u8> {
    scores(values, |sorted, v| {
        sorted.len() - sorted.partition_point(|x| x <= v)
    })
}

/// `score(w, n)` for each value, `w` counted by `worse_than` in the sorted values; all 3 when n = 1.
fn scores<T: Ord + Copy>(values: &[T], worse_than: impl Fn(&[T], &T) -> usize) -> Vec<u8> {
    let n = values.len();
    if n == 1 {
        return vec![3];
    }
    let mut sorted = values.to_vec();
    crate::domain::basics::sort::natural(&mut sorted);
    values
        .iter()
        .map(|v| score(worse_than(&sorted, v), n))
        .collect()
}

fn score(w: usize, n: usize) -> u8 {
    // w ≤ n − 1, so the score is at most 5.
    (1 + (4 * w) / (n - 1)) as u8
}

/// The RFM of every customer with purchases (not in the Trash), in the order given.
pub fn compute(customers: &[Customer], now: Millis, tz_offset_minutes: i32) -> Vec<Rfm> {
    let today = local_date(now, tz_offset_minutes);
    let buyers: Vec<(&Customer, Millis)> = customers
        .iter()
        .filter(|c| !c.is_deleted() && c.summary.purchase_count > 0)
        .filter_map(|c| c.summary.last_purchase_at.map(|at| (c, at)))
        .collect();
    let recency: Vec<i64> = buyers
        .iter()
        .map(|(_, at)| {
            today
                .signed_duration_since(local_date(*at, tz_offset_minutes))
                .num_days()
                .max(0)
        })
        .collect();
    let frequency: Vec<u32> = buyers
        .iter()
        .map(|(c, _)| c.summary.purchase_count)
        .collect();
    let monetary: Vec<Minor> = buyers.iter().map(|(c, _)| c.summary.total_spent).collect();
    let (rs, fs, ms) = (
        scores_lower_better(&recency),
        scores_higher_better(&frequency),
        scores_higher_better(&monetary),
    );
    buyers
        .iter()
        .enumerate()
        .map(|(i, (c, _))| Rfm {
            customer_id: c.id.clone(),
            recency_days: recency[i],
            frequency: frequency[i],
            monetary: monetary[i],
            r: rs[i],
            f: fs[i],
            m: ms[i],
            class: RfmClass::of(rs[i], fs[i], ms[i]),
        })
        .collect()
}

/// Each customer's class by id.
pub fn classes(
    customers: &[Customer],
    now: Millis,
    tz_offset_minutes: i32,
) -> HashMap<String, RfmClass> {
    compute(customers, now, tz_offset_minutes)
        .into_iter()
        .map(|r| (r.customer_id, r.class))
        .collect()
}

/// How many customers are in each class, in [`RfmClass::ALL`] order.
pub fn class_counts(rfm: &[Rfm]) -> Vec<(RfmClass, u32)> {
    RfmClass::ALL
        .into_iter()
        .map(|k| (k, rfm.iter().filter(|r| r.class == k).count() as u32))
        .collect()
}

/// The R × FM grid: `grid[fm - 1][r - 1]` customers.
pub fn grid(rfm: &[Rfm]) -> [[u32; 5]; 5] {
    let mut g = [[0u32; 5]; 5];
    for x in rfm {
        let (r, fm) = (
            usize::from(x.r.clamp(1, 5)),
            usize::from(x.fm().clamp(1, 5)),
        );
        g[fm - 1][r - 1] += 1;
    }
    g
}
