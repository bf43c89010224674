//! Segments: saved filters over the customer list ("VIPs who haven't bought in 60 days").
//! [`members`] is the one place that decides who is in a segment; the segment page, the CSV
//! export and campaign audiences all use it.
//!
//! Every condition that is set must hold (AND). An empty filter matches every customer not in
//! the Trash. Conditions on the last purchase only match customers who bought at least once.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::insight::rfm::{self, RfmClass};
use crate::domain::records::customer::{Channel, Customer, Status};
use crate::domain::records::events::local_date;

/// Who may receive marketing messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    #[default]
    Any,
    /// Agreed to receive offers and not marked "do not contact".
    Agreed,
    /// Did not agree, or marked "do not contact".
    NotAgreed,
}

impl Consent {
    pub const ALL: [Consent; 3] = [Consent::Any, Consent::Agreed, Consent::NotAgreed];

    pub fn code(self) -> &'static str {
        match self {
            Consent::Any => "any",
            Consent::Agreed => "agreed",
            Consent::NotAgreed => "not_agreed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Consent::Any => "Anyone",
            Consent::Agreed => "Agreed to offers",
            Consent::NotAgreed => "Not agreed",
        }
    }

    pub fn from_code(code: &str) -> Option<Consent> {
        Consent::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The conditions of a segment. `None` / empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Has at least one of these tags (case-insensitive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Preferred channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// "Found you through" contains this text (case-insensitive).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Last purchase more than this many days ago.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_purchase_older_than_days: Option<u32>,
    /// Last purchase within this many days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_purchase_within_days: Option<u32>,
    /// Total spent at least this much (minor units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_total_spent: Option<Minor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_purchases: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_purchases: Option<u32>,
    /// Owes money now.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub owes: bool,
    /// Birthday in this month (1–12).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday_month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rfm_class: Option<RfmClass>,
    pub consent: Consent,
    /// Has a loyalty reward ready (issue 16): decided by [`members_with_rewards`] from the ids
    /// `domain::records::loyalty::rewards_ready` gives; [`members`] alone cannot tell, and
    /// matches nobody while it is set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reward_ready: bool,
}

impl Filter {
    /// No condition set.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether `c` matches everything but the RFM class (see [`members`] for that).
    pub fn matches(&self, c: &Customer, now: Millis, tz_offset_minutes: i32) -> bool {
        if c.is_deleted() {
            return false;
        }
        let s = &c.summary;
        if !self.tags.is_empty()
            && !self.tags.iter().any(|t| {
                c.tags
                    .iter()
                    .any(|x| x.trim().to_lowercase() == t.trim().to_lowercase())
            })
        {
            return false;
        }
        if self.status.is_some_and(|st| st != c.status) {
            return false;
        }
        if self.channel.is_some() && self.channel != c.preferred_channel {
            return false;
        }
        let source = self.source.trim();
        if !source.is_empty() && !c.source.to_lowercase().contains(&source.to_lowercase()) {
            return false;
        }
        let days_since = s.last_purchase_at.map(|at| {
            local_date(now, tz_offset_minutes)
                .signed_duration_since(local_date(at, tz_offset_minutes))
                .num_days()
        });
        if let Some(n) = self.last_purchase_older_than_days {
            if days_since.is_none_or(|d| d <= i64::from(n)) {
                return false;
            }
        }
        if let Some(n) = self.last_purchase_within_days {
            if days_since.is_none_or(|d| d > i64::from(n)) {
                return false;
            }
        }
        if self.min_total_spent.is_some_and(|m| s.total_spent < m) {
            return false;
        }
        if self.min_purchases.is_some_and(|m| s.purchase_count < m) {
            return false;
        }
        if self.max_purchases.is_some_and(|m| s.purchase_count > m) {
            return false;
        }
        if self.owes && s.balance <= 0 {
            return false;
        }
        if let Some(m) = self.birthday_month {
            if c.birthday.is_none_or(|b| b.month != m) {
                return false;
            }
        }
        let agreed = c.marketing_consent && !c.do_not_contact;
        match self.consent {
            Consent::Any => {}
            Consent::Agreed if !agreed => return false,
            Consent::NotAgreed if agreed => return false,
            _ => {}
        }
        true
    }

    /// The conditions in plain words, for the segment list: "Tag VIP · owes money".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.tags.is_empty() {
            parts.push(format!("tag {}", self.tags.join(" or ")));
        }
        if let Some(s) = self.status {
            parts.push(s.label().to_lowercase());
        }
        if let Some(c) = self.channel {
            parts.push(format!("prefers {}", c.label()));
        }
        if !self.source.trim().is_empty() {
            parts.push(format!("found you through “{}”", self.source.trim()));
        }
        if let Some(n) = self.last_purchase_older_than_days {
            parts.push(format!("no purchase in {n} days"));
        }
        if let Some(n) = self.last_purchase_within_days {
            parts.push(format!("bought in the last {n} days"));
        }
        if self.min_total_spent.is_some() {
            parts.push("spent enough".into());
        }
        match (self.min_purchases, self.max_purchases) {
            (Some(a), Some(b)) => parts.push(format!("{a}–{b} purchases")),
            (Some(a), None) => parts.push(format!("{a}+ purchases")),
            (None, Some(b)) => parts.push(format!("at most {b} purchases")),
            _ => {}
        }
        if self.owes {
            parts.push("owes money".into());
        }
        if self.reward_ready {
            parts.push("has a reward ready".into());
        }
        if let Some(m) = self.birthday_month {
            if let Some(name) =
                crate::domain::basics::time::MONTHS.get(usize::from(m).saturating_sub(1))
            {
                parts.push(format!("birthday in {name}"));
            }
        }
        if let Some(k) = self.rfm_class {
            parts.push(k.label().to_string());
        }
        if self.consent != Consent::Any {
            parts.push(self.consent.label().to_lowercase());
        }
        if parts.is_empty() {
            "Everyone".into()
        } else {
            let s = parts.join(" · ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or(s)
        }
    }
}

/// The customers (not in the Trash) matching `filter`, in the order given. Computes the RFM
/// classes of all customers only when the filter asks for one.
pub fn members<'a>(
    filter: &Filter,
    customers: &'a [Customer],
    now: Millis,
    tz_offset_minutes: i32,
) -> Vec<&'a Customer> {
    let classes = filter
        .rfm_class
        .map(|_| rfm::classes(customers, now, tz_offset_minutes));
    customers
        .iter()
        .filter(|c| !filter.reward_ready && filter.matches(c, now, tz_offset_minutes))
        .filter(|c| match (&classes, filter.rfm_class) {
            (Some(map), Some(k)) => map.get(&c.id) == Some(&k),
            _ => true,
        })
        .collect()
}

/// [`members`], with "has a reward ready" decided by `ready` (the ids of the customers with a
/// loyalty reward ready; empty when loyalty is off).
pub fn members_with_rewards<'a>(
    filter: &Filter,
    customers: &'a [Customer],
    now: Millis,
    tz_offset_minutes: i32,
    ready: &std::collections::HashSet<String>,
) -> Vec<&'a Customer> {
    let without = Filter {
        reward_ready: false,
        ..filter.clone()
    };
    let mut out = members(&without, customers, now, tz_offset_minutes);
    if filter.reward_ready {
        out.retain(|c| ready.contains(&c.id));
    }
    out
}

/// A saved segment (store `segments`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub filter: Filter,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Segment {
    /// Checks the name; the UI words the problem.
    pub fn validate(&self) -> Result<(), SegmentProblem> {
        let n = self.name.trim();
        if n.is_empty() {
            return Err(SegmentProblem::NameMissing);
        }
        if n.chars().count() > MAX_SEGMENT_NAME {
            return Err(SegmentProblem::NameTooLong {
                max: MAX_SEGMENT_NAME,
            });
        }
        Ok(())
    }
}

/// The longest name a segment may have, in letters.
pub const MAX_SEGMENT_NAME: usize = 100;

/// Why a segment's name can't be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentProblem {
    NameMissing,
    /// More than `max` letters.
    NameTooLong {
        max: usize,
    },
}

/// Why a condition of the segment form can't be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterProblem {
    /// Days or purchases that are not a whole number.
    NotACount,
    /// The amount spent typed wrong.
    Money(crate::domain::basics::money::MoneyError),
    /// "At most" purchases is below "at least": nobody can match.
    MaxBelowMin,
}

/// Reads a whole number of days or purchases as typed ("" = not set).
pub fn parse_count(s: &str) -> Result<Option<u32>, FilterProblem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u32>()
        .map(Some)
        .map_err(|_| FilterProblem::NotACount)
}

/// What the segment form holds, as typed; selects hold codes ("" = any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterDraft {
    /// Comma-separated.
    pub tags: String,
    pub status: String,
    pub channel: String,
    pub source: String,
    pub older_than_days: String,
    pub within_days: String,
    pub min_spent: String,
    pub min_purchases: String,
    pub max_purchases: String,
    pub owes: bool,
    pub reward_ready: bool,
    /// "1"–"12".
    pub birthday_month: String,
    pub rfm_class: String,
    pub consent: String,
}

/// Which field of the segment form a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    OlderThan,
    Within,
    MinSpent,
    MinPurchases,
    MaxPurchases,
}

impl FilterDraft {
    /// The filter the form means, built from every field that reads well, and the problems with
    /// the others (so the count can update while the owner is still typing).
    pub fn read(
        &self,
        currency: crate::domain::basics::money::Currency,
    ) -> (Filter, Vec<(FilterField, FilterProblem)>) {
        let mut errors = Vec::new();
        let mut count = |field: FilterField, s: &str| match parse_count(s) {
            Ok(n) => n,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let older = count(FilterField::OlderThan, &self.older_than_days);
        let within = count(FilterField::Within, &self.within_days);
        let min_p = count(FilterField::MinPurchases, &self.min_purchases);
        let max_p = count(FilterField::MaxPurchases, &self.max_purchases);
        let min_spent = if self.min_spent.trim().is_empty() {
            None
        } else {
            match crate::domain::basics::money::parse_amount(&self.min_spent, currency) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.push((FilterField::MinSpent, FilterProblem::Money(e)));
                    None
                }
            }
        };
        if let (Some(a), Some(b)) = (min_p, max_p) {
            if a > b {
                errors.push((FilterField::MaxPurchases, FilterProblem::MaxBelowMin));
            }
        }
        let filter = Filter {
            tags: self
                .tags
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            status: Status::from_code(&self.status),
            channel: Channel::from_code(&self.channel),
            source: self.source.trim().to_string(),
            last_purchase_older_than_days: older,
            last_purchase_within_days: within,
            min_total_spent: min_spent,
            min_purchases: min_p,
            max_purchases: max_p,
            owes: self.owes,
            reward_ready: self.reward_ready,
            birthday_month: self
                .birthday_month
                .parse::<u8>()
                .ok()
                .filter(|m| (1..=12).contains(m)),
            rfm_class: RfmClass::from_code(&self.rfm_class),
            consent: Consent::from_code(&self.consent).unwrap_or_default(),
        };
        (filter, errors)
    }
}

impl Filter {
    /// The form showing this filter.
    pub fn to_draft(&self, currency: crate::domain::basics::money::Currency) -> FilterDraft {
        let n = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
        FilterDraft {
            tags: self.tags.join(", "),
            status: self
                .status
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            channel: self
                .channel
                .map(|c| c.code().to_string())
                .unwrap_or_default(),
            source: self.source.clone(),
            older_than_days: n(self.last_purchase_older_than_days),
            within_days: n(self.last_purchase_within_days),
            min_spent: self
                .min_total_spent
                .map(|m| crate::domain::records::events::amount_input(m, currency))
                .unwrap_or_default(),
            min_purchases: n(self.min_purchases),
            max_purchases: n(self.max_purchases),
            owes: self.owes,
            reward_ready: self.reward_ready,
            birthday_month: self
                .birthday_month
                .map(|m| m.to_string())
                .unwrap_or_default(),
            rfm_class: self
                .rfm_class
                .map(|k| k.code().to_string())
                .unwrap_or_default(),
            consent: if self.consent == Consent::Any {
                String::new()
            } else {
                self.consent.code().to_string()
            },
        }
    }
}
