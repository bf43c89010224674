//! Complaints ("cases"): when a customer was unhappy, how fast the business answered and
//! when it was sorted out.

use serde::{Deserialize, Serialize};

use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    date_input, event_record, stamped, time_input, Defaults, EventError, EventField, EventProblem,
    EventRecord, Form, Stamp, MAX_TEXT,
};
use crate::domain::records::interactions::InteractionKind;

/// A complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub customer_id: String,
    /// Where the complaint came in.
    pub channel: InteractionKind,
    /// When it was opened.
    pub at: Millis,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

event_record!(Case, "cases");

/// Where a complaint stands (derived, not stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    /// Nobody has answered yet.
    Open,
    /// Answered, not sorted out yet.
    Responded,
    Resolved,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 3] = [
        CaseStatus::Open,
        CaseStatus::Responded,
        CaseStatus::Resolved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Responded => "responded",
            CaseStatus::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "Open",
            CaseStatus::Responded => "Responded",
            CaseStatus::Resolved => "Resolved",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl Case {
    pub fn status(&self) -> CaseStatus {
        if self.resolved_at.is_some() {
            CaseStatus::Resolved
        } else if self.first_response_at.is_some() {
            CaseStatus::Responded
        } else {
            CaseStatus::Open
        }
    }

    /// Not resolved and not in the Trash (open or responded).
    pub fn is_open(&self) -> bool {
        self.resolved_at.is_none() && self.deleted_at.is_none()
    }

    /// Milliseconds from opening to the first response (0 if the response was dated earlier).
    pub fn response_time(&self) -> Option<i64> {
        self.first_response_at
            .map(|r| r.saturating_sub(self.at).max(0))
    }

    /// Milliseconds from opening to resolution (0 if the resolution was dated earlier).
    pub fn resolution_time(&self) -> Option<i64> {
        self.resolved_at.map(|r| r.saturating_sub(self.at).max(0))
    }

    /// Records the first response (a later call keeps the first one).
    pub fn respond(&mut self, now: Millis) {
        self.first_response_at.get_or_insert(now);
        self.updated_at = now.max(self.updated_at);
    }

    /// Marks it resolved. Resolving is also a response, so the first response time is set
    /// to `now` if there was none.
    pub fn resolve(&mut self, now: Millis) {
        self.first_response_at.get_or_insert(now);
        self.resolved_at = Some(now);
        self.updated_at = now.max(self.updated_at);
    }

    /// Opens it again (keeps the first response).
    pub fn reopen(&mut self, now: Millis) {
        self.resolved_at = None;
        self.updated_at = now.max(self.updated_at);
    }

    pub fn to_draft(&self, tz_offset_minutes: i32) -> CaseDraft {
        CaseDraft {
            channel: self.channel,
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            summary: self.summary.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// The median of `values` (sorted in place). With an even count it is the mean of the two
/// middle values, rounded toward zero. `None` when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    crate::domain::basics::sort::natural(values);
    let n = values.len();
    if n % 2 == 1 {
        Some(values[n / 2])
    } else {
        let sum = i128::from(values[n / 2 - 1]) + i128::from(values[n / 2]);
        i64::try_from(sum / 2).ok()
    }
}

/// A duration in plain words, rounded down: "less than 1 min", "45 min", "3 h", "3 h 20 min",
/// "1 day", "2 days 4 h". Negative durations read as "less than 1 min".
pub fn format_duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        let d = if days == 1 {
            "1 day".to_string()
        } else {
            format!("{days} days")
        };
        if hours > 0 {
            format!("{d} {hours} h")
        } else {
            d
        }
    } else if hours > 0 {
        if mins > 0 {
            format!("{hours} h {mins} min")
        } else {
            format!("{hours} h")
        }
    } else if mins > 0 {
        format!("{mins} min")
    } else {
        "less than 1 min".to_string()
    }
}

/// What the "new complaint" form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDraft {
    pub channel: InteractionKind,
    pub date: String,
    pub time: String,
    pub summary: String,
    pub notes: String,
}

impl Default for CaseDraft {
    fn default() -> Self {
        CaseDraft {
            channel: InteractionKind::WhatsApp,
            date: String::new(),
            time: String::new(),
            summary: String::new(),
            notes: String::new(),
        }
    }
}

impl CaseDraft {
    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Case, Vec<EventError>> {
        self.read(Stamp::new(id, customer_id, now), now, tz_offset_minutes)
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time, tombstone,
    /// response and resolution.
    pub fn apply_to(
        &self,
        existing: &Case,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Case, Vec<EventError>> {
        let case = self.read(Stamp::kept(existing, now), now, tz_offset_minutes)?;
        Ok(Case {
            first_response_at: existing.first_response_at,
            resolved_at: existing.resolved_at,
            ..case
        })
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Case, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let summary = form.required_text(
            EventField::Summary,
            &self.summary,
            MAX_TEXT,
            EventProblem::CaseSummaryMissing,
        );
        let notes = form.text(EventField::Notes, &self.notes, MAX_TEXT);
        form.finish(stamped!(
            stamp,
            Case {
                channel: self.channel,
                at,
                summary,
                notes,
                first_response_at: None,
                resolved_at: None,
            }
        ))
    }
}
