//! Loyalty (issue 16): the owner's rule ([`Loyalty`], kept in the settings, absent when loyalty
//! is off) and the rewards given ([`Redemption`], an event record of its own store).
//!
//! Rules:
//! - a balance is computed, never stored: from the customer's purchases dated at or after
//!   [`Loyalty::since`] that count ([`Purchase::counts`]: not in the Trash, not a cancelled
//!   order), less the redemptions (not in the Trash) of the same unit;
//! - points: each sale earns `⌊total / per⌋ × points`; a refund takes back `⌊|total| / per⌋ ×
//!   points` (so selling and refunding the same amount gives back the same balance);
//! - stamps: each sale earns one stamp and each refund takes one back;
//! - a reward is ready when the balance reaches `reward_at`; redeeming takes `reward_at` off.
//!
//! A balance can go below zero (a refund after a reward); it is shown as it is.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::purchases::Purchase;

/// The longest reward description and redemption note, in characters.
pub const MAX_REWARD: usize = 200;

/// How customers earn. Written `{"type":"points","per":…,"points":…,"reward_at":…}` or
/// `{"type":"stamps","reward_at":…}`, through a plain struct ([`RuleJson`]): an internally
/// tagged enum would cost the first load ≈ 3 KB of deserializer (the settings are read at start).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RuleJson", into = "RuleJson")]
pub enum Rule {
    /// `points` points for every `per` (minor units) spent; a reward at `reward_at` points.
    Points {
        per: Minor,
        points: u32,
        reward_at: u32,
    },
    /// One stamp per purchase; a reward at `reward_at` stamps.
    Stamps { reward_at: u32 },
}

/// [`Rule`] as written: the unit, and `per`/`points` for points (absent for stamps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct RuleJson {
    #[serde(rename = "type")]
    unit: Unit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    per: Option<Minor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    points: Option<u32>,
    reward_at: u32,
}

impl From<RuleJson> for Rule {
    fn from(j: RuleJson) -> Rule {
        match j.unit {
            Unit::Points => Rule::Points {
                per: j.per.unwrap_or(0),
                points: j.points.unwrap_or(0),
                reward_at: j.reward_at,
            },
            Unit::Stamps => Rule::Stamps {
                reward_at: j.reward_at,
            },
        }
    }
}

impl From<Rule> for RuleJson {
    fn from(r: Rule) -> RuleJson {
        match r {
            Rule::Points {
                per,
                points,
                reward_at,
            } => RuleJson {
                unit: Unit::Points,
                per: Some(per),
                points: Some(points),
                reward_at,
            },
            Rule::Stamps { reward_at } => RuleJson {
                unit: Unit::Stamps,
                per: None,
                points: None,
                reward_at,
            },
        }
    }
}

/// What a balance counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Points,
    Stamps,
}

/// The owner's loyalty programme (in the settings; `None` there = off).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loyalty {
    pub rule: Rule,
    /// What the reward is ("a free coffee").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reward: String,
    /// Purchases from this moment on count.
    pub since: Millis,
}

/// What is wrong with the loyalty settings or a redemption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoyaltyProblem {
    /// `per` is zero or negative.
    PerNotPositive,
    /// Points per step or the reward level is zero.
    Zero,
    /// The reward description or note is too long.
    TooLong { max: usize },
    /// Not enough for a reward.
    NotEnough { balance: i64, needed: u32 },
}

impl Rule {
    pub fn unit(self) -> Unit {
        match self {
            Rule::Points { .. } => Unit::Points,
            Rule::Stamps { .. } => Unit::Stamps,
        }
    }

    pub fn reward_at(self) -> u32 {
        match self {
            Rule::Points { reward_at, .. } | Rule::Stamps { reward_at } => reward_at,
        }
    }

    /// What one purchase earns (negative for a refund).
    pub fn earned(self, p: &Purchase) -> i64 {
        let sign = p.total.signum();
        match self {
            Rule::Stamps { .. } => sign,
            Rule::Points { per, points, .. } => {
                if per <= 0 {
                    return 0;
                }
                let steps = p.total.unsigned_abs() / per.unsigned_abs();
                sign.saturating_mul(i64::try_from(steps).unwrap_or(i64::MAX))
                    .saturating_mul(i64::from(points))
            }
        }
    }
}

impl Loyalty {
    pub fn check(&self) -> Result<(), LoyaltyProblem> {
        match self.rule {
            Rule::Points { per, .. } if per <= 0 => return Err(LoyaltyProblem::PerNotPositive),
            Rule::Points { points: 0, .. } => return Err(LoyaltyProblem::Zero),
            _ => {}
        }
        if self.rule.reward_at() == 0 {
            return Err(LoyaltyProblem::Zero);
        }
        if self.reward.chars().count() > MAX_REWARD {
            return Err(LoyaltyProblem::TooLong { max: MAX_REWARD });
        }
        Ok(())
    }

    /// The balance of `customer_id` (see the module docs).
    pub fn balance(
        &self,
        customer_id: &str,
        purchases: &[Purchase],
        redemptions: &[Redemption],
    ) -> Balance {
        let earned = purchases
            .iter()
            .filter(|p| p.customer_id == customer_id && p.counts() && p.at >= self.since)
            .fold(0i64, |sum, p| sum.saturating_add(self.rule.earned(p)));
        let unit = self.rule.unit();
        let redeemed = redemptions
            .iter()
            .filter(|r| r.customer_id == customer_id && !r.is_deleted() && r.unit == unit)
            .fold(0i64, |sum, r| sum.saturating_add(i64::from(r.amount)));
        Balance {
            unit,
            earned,
            redeemed,
            reward_at: self.rule.reward_at(),
        }
    }

    /// A redemption of one reward by `customer_id`, when their balance allows it.
    pub fn redeem(
        &self,
        balance: &Balance,
        id: String,
        customer_id: String,
        note: &str,
        now: Millis,
    ) -> Result<Redemption, LoyaltyProblem> {
        if !balance.reward_ready() {
            return Err(LoyaltyProblem::NotEnough {
                balance: balance.now(),
                needed: balance.reward_at,
            });
        }
        if note.chars().count() > MAX_REWARD {
            return Err(LoyaltyProblem::TooLong { max: MAX_REWARD });
        }
        Ok(Redemption {
            id,
            customer_id,
            at: now,
            unit: balance.unit,
            amount: balance.reward_at,
            note: note.trim().to_string(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
        })
    }
}

/// The customers (ids) with a reward ready, from everyone's purchases and redemptions (one pass
/// each; the same rules as [`Loyalty::balance`]).
pub fn rewards_ready(
    loyalty: &Loyalty,
    purchases: &[Purchase],
    redemptions: &[Redemption],
) -> std::collections::HashSet<String> {
    use std::collections::HashMap;
    let mut now: HashMap<&str, i64> = HashMap::new();
    for p in purchases
        .iter()
        .filter(|p| p.counts() && p.at >= loyalty.since)
    {
        let v = now.entry(p.customer_id.as_str()).or_default();
        *v = v.saturating_add(loyalty.rule.earned(p));
    }
    let unit = loyalty.rule.unit();
    for r in redemptions
        .iter()
        .filter(|r| !r.is_deleted() && r.unit == unit)
    {
        let v = now.entry(r.customer_id.as_str()).or_default();
        *v = v.saturating_sub(i64::from(r.amount));
    }
    let at = i64::from(loyalty.rule.reward_at());
    now.into_iter()
        .filter(|&(_, n)| at > 0 && n >= at)
        .map(|(id, _)| id.to_string())
        .collect()
}

/// A customer's loyalty balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balance {
    pub unit: Unit,
    /// Earned by purchases (refunds taken off).
    pub earned: i64,
    /// Taken by redemptions.
    pub redeemed: i64,
    pub reward_at: u32,
}

impl Balance {
    /// What they have now.
    pub fn now(&self) -> i64 {
        self.earned.saturating_sub(self.redeemed)
    }

    pub fn reward_ready(&self) -> bool {
        self.reward_at > 0 && self.now() >= i64::from(self.reward_at)
    }

    /// How many more until the next reward (0 when one is ready).
    pub fn left(&self) -> i64 {
        (i64::from(self.reward_at) - self.now()).max(0)
    }
}

/// A reward given: `amount` points or stamps taken off the customer's balance at `at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: String,
    pub customer_id: String,
    pub at: Millis,
    pub unit: Unit,
    pub amount: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Redemption {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub fn check(&self) -> Result<(), LoyaltyProblem> {
        if self.amount == 0 {
            return Err(LoyaltyProblem::Zero);
        }
        if self.note.chars().count() > MAX_REWARD {
            return Err(LoyaltyProblem::TooLong { max: MAX_REWARD });
        }
        Ok(())
    }
}
