//! Deals: a possible sale to one customer, moving through stages New → Contacted → Offer sent →
//! Won / Lost. A deal is an event of its customer (store `deals`), so it shows in their history
//! and is written with the same one-transaction path as purchases.
//!
//! Stage names can be changed by the owner ([`StageNames`], kept in the settings); the stored
//! code (`"new"`, `"contacted"`, `"offer_sent"`, `"won"`, `"lost"`) never changes.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    date_input, event_record, parse_date, stamped, time_input, Defaults, EventError, EventField,
    EventProblem, EventRecord, Form, Stamp, MAX_TEXT, MAX_TITLE,
};
use crate::domain::records::purchases::Purchase;

/// Where a deal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Stage {
    #[default]
    #[serde(rename = "new")]
    New,
    #[serde(rename = "contacted")]
    Contacted,
    #[serde(rename = "offer_sent")]
    OfferSent,
    #[serde(rename = "won")]
    Won,
    #[serde(rename = "lost")]
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::New,
        Stage::Contacted,
        Stage::OfferSent,
        Stage::Won,
        Stage::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Contacted => "contacted",
            Stage::OfferSent => "offer_sent",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    /// The default name (see [`StageNames`] for the owner's own).
    pub fn default_label(self) -> &'static str {
        match self {
            Stage::New => "New",
            Stage::Contacted => "Contacted",
            Stage::OfferSent => "Offer sent",
            Stage::Won => "Won",
            Stage::Lost => "Lost",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still being worked on (not won or lost).
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Won | Stage::Lost)
    }

    fn index(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// The owner's names for the stages, in [`Stage::ALL`] order; an empty or missing name means the
/// default one. Stored in the settings (old settings without it load with the defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StageNames(pub Vec<String>);

impl StageNames {
    pub fn label(&self, stage: Stage) -> String {
        match self.0.get(stage.index()).map(|s| s.trim()) {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => stage.default_label().to_string(),
        }
    }

    /// Renames one stage; an empty name brings the default back.
    pub fn rename(&mut self, stage: Stage, name: &str) {
        let i = stage.index();
        if self.0.len() <= i {
            self.0.resize(i + 1, String::new());
        }
        let name = name.trim();
        self.0[i] = if name == stage.default_label() {
            String::new()
        } else {
            name.to_string()
        };
        while self.0.last().is_some_and(String::is_empty) {
            self.0.pop();
        }
    }

    /// The owner's own name for `stage`, if any (else the UI shows the default in its language).
    pub fn custom(&self, stage: Stage) -> Option<&str> {
        match self.0.get(stage.index()).map(|s| s.trim()) {
            Some(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// What is wrong with the names, if anything; `default` gives the name shown for a stage
    /// without its own name (in the UI's language).
    pub fn problem(&self, default: impl Fn(Stage) -> String) -> Option<StageNameProblem> {
        if self.0.iter().any(|n| n.chars().count() > 40) {
            return Some(StageNameProblem::TooLong);
        }
        let labels: Vec<String> = Stage::ALL
            .iter()
            .map(|s| {
                self.custom(*s)
                    .map_or_else(|| default(*s), str::to_string)
                    .to_lowercase()
            })
            .collect();
        for (i, l) in labels.iter().enumerate() {
            if labels[..i].contains(l) {
                return Some(StageNameProblem::SameName(l.clone()));
            }
        }
        None
    }

    /// [`Self::problem`] with each stage's built-in (English) name as its default.
    pub fn validate(&self) -> Result<(), StageNameProblem> {
        match self.problem(|s| s.default_label().to_string()) {
            None => Ok(()),
            Some(p) => Err(p),
        }
    }
}

/// Why the owner's stage names can't be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageNameProblem {
    /// A name has more than 40 letters.
    TooLong,
    /// Two stages share this (lower-cased) name.
    SameName(String),
}

/// A possible sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: String,
    pub customer_id: String,
    pub title: String,
    /// What it is worth, in minor units (0 when not known yet).
    #[serde(default)]
    pub value: Minor,
    #[serde(default)]
    pub stage: Stage,
    /// When the deal was opened.
    pub at: Millis,
    /// When the owner expects to close it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_at: Option<Millis>,
    /// When it was won or lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Millis>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The purchase recorded when it was won.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

event_record!(Deal, "deals");

impl Deal {
    /// Open (not won or lost) and not in the Trash.
    pub fn is_open(&self) -> bool {
        self.stage.is_open() && self.deleted_at.is_none()
    }

    /// Moves it to `stage`. Winning or losing sets `closed_at` (kept if it was already closed);
    /// going back to an open stage clears it.
    pub fn move_to(&mut self, stage: Stage, now: Millis) {
        if stage.is_open() {
            self.closed_at = None;
        } else if self.stage.is_open() || self.closed_at.is_none() {
            self.closed_at = Some(now);
        }
        self.stage = stage;
        self.updated_at = now.max(self.updated_at);
    }

    /// Marks it won and, when `purchase_id` is given, links the purchase recorded with it
    /// (see [`Deal::purchase`]).
    pub fn win(&mut self, purchase_id: Option<String>, now: Millis) {
        self.move_to(Stage::Won, now);
        if purchase_id.is_some() {
            self.purchase_id = purchase_id;
        }
    }

    /// The purchase that winning it records in the same step: the deal's value, dated `now`,
    /// paid in full or not yet (it then shows in "who owes me"), noted with the deal's title.
    /// `None` when the deal has no value.
    pub fn purchase(&self, id: String, paid: bool, now: Millis) -> Option<Purchase> {
        (self.value > 0).then(|| Purchase {
            order: None,
            id,
            customer_id: self.customer_id.clone(),
            at: now,
            lines: Vec::new(),
            total: self.value,
            paid: if paid { self.value } else { 0 },
            note: self.title.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
        })
    }

    pub fn to_draft(&self, tz_offset_minutes: i32, currency: Currency) -> DealDraft {
        DealDraft {
            title: self.title.clone(),
            value: if self.value == 0 {
                String::new()
            } else {
                crate::domain::records::entry::amount_input(self.value, currency)
            },
            stage: self.stage,
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            expected_close: self
                .expected_close_at
                .map(|t| date_input(t, tz_offset_minutes))
                .unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }
}

/// What the deal form holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DealDraft {
    pub title: String,
    /// Optional; empty means 0 (not known yet).
    pub value: String,
    pub stage: Stage,
    pub date: String,
    pub time: String,
    /// Optional `<input type="date">` value.
    pub expected_close: String,
    pub notes: String,
}

impl DealDraft {
    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Deal, Vec<EventError>> {
        let deal = self.read(
            Stamp::new(id, customer_id, now),
            now,
            tz_offset_minutes,
            currency,
        )?;
        Ok(Deal {
            closed_at: (!deal.stage.is_open()).then_some(now),
            ..deal
        })
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time, tombstone and
    /// linked purchase; a stage change moves it (see [`Deal::move_to`]).
    pub fn apply_to(
        &self,
        existing: &Deal,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Deal, Vec<EventError>> {
        let read = self.read(Stamp::kept(existing, now), now, tz_offset_minutes, currency)?;
        let mut deal = Deal {
            stage: existing.stage,
            closed_at: existing.closed_at,
            purchase_id: existing.purchase_id.clone(),
            ..read
        };
        if self.stage != existing.stage {
            deal.move_to(self.stage, now);
        }
        Ok(deal)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Deal, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let title = form.required_text(
            EventField::Title,
            &self.title,
            MAX_TITLE,
            EventProblem::DealTitleMissing,
        );
        let value = if self.value.trim().is_empty() {
            0
        } else {
            match form.amount(EventField::Amount, &self.value, currency) {
                Some(v) if v < 0 => {
                    form.error(EventField::Amount, EventProblem::ValueNegative);
                    0
                }
                Some(v) => v,
                None => 0,
            }
        };
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let expected_close_at = if self.expected_close.trim().is_empty() {
            None
        } else {
            match parse_date(&self.expected_close) {
                Some(d) => Some(crate::domain::records::entry::local_to_millis(
                    d,
                    chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
                    tz_offset_minutes,
                )),
                None => {
                    form.error(EventField::CloseDate, EventProblem::BadDate);
                    None
                }
            }
        };
        let notes = form.text(EventField::Notes, &self.notes, MAX_TEXT);
        form.finish(stamped!(
            stamp,
            Deal {
                title,
                value,
                stage: self.stage,
                at,
                expected_close_at,
                closed_at: None,
                notes,
                purchase_id: None,
            }
        ))
    }
}

/// Value and count of the deals in one stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageTotal {
    pub stage: Stage,
    pub deals: u32,
    pub value: Minor,
}

/// Deals (not in the Trash) per stage, in [`Stage::ALL`] order.
pub fn by_stage<'a>(deals: impl IntoIterator<Item = &'a Deal>) -> Vec<StageTotal> {
    let mut out: Vec<StageTotal> = Stage::ALL
        .into_iter()
        .map(|stage| StageTotal {
            stage,
            ..Default::default()
        })
        .collect();
    for d in deals.into_iter().filter(|d| d.deleted_at.is_none()) {
        let t = &mut out[d.stage.index()];
        t.deals += 1;
        t.value = t.value.saturating_add(d.value);
    }
    out
}

/// Σ value of a customer's open deals (for the lead score).
pub fn open_value<'a>(deals: impl IntoIterator<Item = &'a Deal>) -> Minor {
    deals
        .into_iter()
        .filter(|d| d.is_open())
        .fold(0, |s: Minor, d| s.saturating_add(d.value))
}
