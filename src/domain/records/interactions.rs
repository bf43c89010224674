//! Interactions: a call, visit, message or private note, and the form that logs one.

use serde::{Deserialize, Serialize};

use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    date_input, event_record, stamped, time_input, Defaults, EventError, EventField, EventProblem,
    EventRecord, Form, Stamp, MAX_TEXT,
};

/// How the business and the customer were in touch (or a private note).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InteractionKind {
    #[serde(rename = "call")]
    Call,
    #[serde(rename = "visit")]
    Visit,
    #[serde(rename = "whatsapp")]
    WhatsApp,
    #[serde(rename = "sms")]
    Sms,
    #[serde(rename = "email")]
    Email,
    #[serde(rename = "instagram")]
    Instagram,
    #[serde(rename = "facebook")]
    Facebook,
    #[serde(rename = "tiktok")]
    TikTok,
    #[serde(rename = "other_social")]
    OtherSocial,
    #[serde(rename = "note")]
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 10] = [
        InteractionKind::Call,
        InteractionKind::Visit,
        InteractionKind::WhatsApp,
        InteractionKind::Sms,
        InteractionKind::Email,
        InteractionKind::Instagram,
        InteractionKind::Facebook,
        InteractionKind::TikTok,
        InteractionKind::OtherSocial,
        InteractionKind::Note,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Visit => "visit",
            InteractionKind::WhatsApp => "whatsapp",
            InteractionKind::Sms => "sms",
            InteractionKind::Email => "email",
            InteractionKind::Instagram => "instagram",
            InteractionKind::Facebook => "facebook",
            InteractionKind::TikTok => "tiktok",
            InteractionKind::OtherSocial => "other_social",
            InteractionKind::Note => "note",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InteractionKind::Call => "Phone call",
            InteractionKind::Visit => "Visit",
            InteractionKind::WhatsApp => "WhatsApp",
            InteractionKind::Sms => "SMS",
            InteractionKind::Email => "Email",
            InteractionKind::Instagram => "Instagram",
            InteractionKind::Facebook => "Facebook",
            InteractionKind::TikTok => "TikTok",
            InteractionKind::OtherSocial => "Other social media",
            InteractionKind::Note => "Note",
        }
    }

    pub fn from_code(code: &str) -> Option<InteractionKind> {
        InteractionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// False for a [`InteractionKind::Note`]: writing a note is not being in touch, so it does
    /// not change the customer's last contact.
    pub fn is_contact(self) -> bool {
        self != InteractionKind::Note
    }
}

/// Who reached out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    #[default]
    Out,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::In, Direction::Out];

    pub fn code(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::In => "They contacted me",
            Direction::Out => "I contacted them",
        }
    }

    pub fn from_code(code: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// A call, visit, message or private note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: String,
    pub customer_id: String,
    pub kind: InteractionKind,
    #[serde(default)]
    pub direction: Direction,
    /// When it happened.
    pub at: Millis,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

event_record!(Interaction, "interactions");

/// What the "log an interaction" form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionDraft {
    pub kind: InteractionKind,
    pub direction: Direction,
    pub date: String,
    pub time: String,
    pub summary: String,
    pub outcome: String,
    pub campaign_id: Option<String>,
}

impl Default for InteractionDraft {
    fn default() -> Self {
        InteractionDraft {
            kind: InteractionKind::WhatsApp,
            direction: Direction::Out,
            date: String::new(),
            time: String::new(),
            summary: String::new(),
            outcome: String::new(),
            campaign_id: None,
        }
    }
}

impl InteractionDraft {
    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Interaction, Vec<EventError>> {
        self.read(Stamp::new(id, customer_id, now), now, tz_offset_minutes)
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Interaction,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Interaction, Vec<EventError>> {
        self.read(Stamp::kept(existing, now), now, tz_offset_minutes)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Interaction, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let summary = if self.kind == InteractionKind::Note {
            form.required_text(
                EventField::Summary,
                &self.summary,
                MAX_TEXT,
                EventProblem::NoteMissing,
            )
        } else {
            form.text(EventField::Summary, self.summary.trim(), MAX_TEXT)
        };
        let outcome = form.text(EventField::Outcome, &self.outcome, MAX_TEXT);
        let campaign_id = self.campaign_id.clone().filter(|c| !c.is_empty());
        form.finish(stamped!(
            stamp,
            Interaction {
                kind: self.kind,
                direction: self.direction,
                at,
                summary,
                outcome,
                campaign_id,
            }
        ))
    }
}

impl Interaction {
    pub fn to_draft(&self, tz_offset_minutes: i32) -> InteractionDraft {
        InteractionDraft {
            kind: self.kind,
            direction: self.direction,
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            summary: self.summary.clone(),
            outcome: self.outcome.clone(),
            campaign_id: self.campaign_id.clone(),
        }
    }
}
