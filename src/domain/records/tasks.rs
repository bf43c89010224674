//! Follow-up tasks: something to do for a customer by a certain time, and the form that sets one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    date_input, event_record, local_date, local_to_millis, nine, stamped, time_input, Defaults,
    EventError, EventField, EventProblem, EventRecord, Form, Stamp, MAX_TITLE,
};

/// A follow-up: something to do for this customer by a certain time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub customer_id: String,
    pub title: String,
    /// When it is due.
    pub at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Millis>,
    /// The interaction it follows up on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Task {
    /// Not done and not in the Trash.
    pub fn is_open(&self) -> bool {
        self.done_at.is_none() && self.deleted_at.is_none()
    }

    /// Open and due before `now`.
    pub fn is_overdue(&self, now: Millis) -> bool {
        self.is_open() && self.at < now
    }

    /// Due on the local calendar day `day` (whether done or not; combine with
    /// [`Task::is_open`]). See the module docs for `tz_offset_minutes`.
    pub fn is_due_on(&self, day: NaiveDate, tz_offset_minutes: i32) -> bool {
        local_date(self.at, tz_offset_minutes) == day
    }

    /// Marks it done (keeps the first completion time if already done).
    pub fn complete(&mut self, now: Millis) {
        self.done_at.get_or_insert(now);
        self.updated_at = now.max(self.updated_at);
    }

    /// Marks it not done.
    pub fn reopen(&mut self, now: Millis) {
        self.done_at = None;
        self.updated_at = now.max(self.updated_at);
    }
}

/// 09:00 local time, `days` calendar days after the local date of `from`
/// ("remind me in 3 days"). See the module docs for `tz_offset_minutes`.
pub fn follow_up_in_days(from: Millis, days: u32, tz_offset_minutes: i32) -> Millis {
    let day = local_date(from, tz_offset_minutes);
    let day = day
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(day);
    local_to_millis(day, nine(), tz_offset_minutes)
}

event_record!(Task, "tasks");

/// What the "follow up" form holds. The date is required; an empty time means 09:00.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TaskDraft {
    pub title: String,
    pub date: String,
    pub time: String,
    pub interaction_id: Option<String>,
}

impl TaskDraft {
    /// A draft due 09:00 local time `days` days after `now`, for the quick "in 3 days" buttons.
    pub fn in_days(title: &str, now: Millis, days: u32, tz_offset_minutes: i32) -> TaskDraft {
        let at = follow_up_in_days(now, days, tz_offset_minutes);
        TaskDraft {
            title: title.to_string(),
            date: date_input(at, tz_offset_minutes),
            time: time_input(at, tz_offset_minutes),
            interaction_id: None,
        }
    }

    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Task, Vec<EventError>> {
        self.read(Stamp::new(id, customer_id, now), now, tz_offset_minutes)
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time, tombstone
    /// and whether it is done.
    pub fn apply_to(
        &self,
        existing: &Task,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Task, Vec<EventError>> {
        let task = self.read(Stamp::kept(existing, now), now, tz_offset_minutes)?;
        Ok(Task {
            done_at: existing.done_at,
            ..task
        })
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Task, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let title = form.required_text(
            EventField::Title,
            &self.title,
            MAX_TITLE,
            EventProblem::TaskTitleMissing,
        );
        let at = form.when(&self.date, &self.time, Defaults::Due);
        let interaction_id = self.interaction_id.clone().filter(|i| !i.is_empty());
        form.finish(stamped!(
            stamp,
            Task {
                title,
                at,
                done_at: None,
                interaction_id,
            }
        ))
    }
}

impl Task {
    pub fn to_draft(&self, tz_offset_minutes: i32) -> TaskDraft {
        TaskDraft {
            title: self.title.clone(),
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            interaction_id: self.interaction_id.clone(),
        }
    }
}
