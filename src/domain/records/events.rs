//! What happens with a customer over time: the [`Event`] sum type over interactions, purchases,
//! payments, follow-up tasks, complaints ([`Case`]) and deals ([`Deal`]). The records live in
//! their own modules (`interactions`, `purchases`, `tasks`, `cases`, `pipeline`), the form
//! reading and local-time helpers in `entry`; they are re-exported here.
//!
//! Every record has `id`, `customer_id`, `created_at`, `updated_at`, an optional `deleted_at`
//! tombstone, and a date `at` (stored under the JSON key `"at"`) that the IndexedDB index
//! `customer_at` sorts on.

use crate::domain::basics::time::Millis;
use crate::domain::records::cases::Case;
use crate::domain::records::pipeline::Deal;

pub(crate) use crate::domain::records::entry::parse_date;
pub use crate::domain::records::entry::{
    amount_input, date_input, local_date, local_datetime, local_to_millis, time_input,
    utc_datetime, EventError, EventField, EventProblem, EventRecord, MAX_LINES, MAX_TEXT,
    MAX_TITLE,
};
pub use crate::domain::records::interactions::{
    Direction, Interaction, InteractionDraft, InteractionKind,
};
pub use crate::domain::records::purchases::{
    lines_total, Line, LineDraft, PaidChoice, Payment, PaymentDraft, PaymentStatus, Purchase,
    PurchaseDraft,
};
pub use crate::domain::records::tasks::{follow_up_in_days, Task, TaskDraft};

// ---------------------------------------------------------------------------------------------
// The sum type

/// Any of the things that happen with a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Interaction(Interaction),
    Purchase(Purchase),
    Payment(Payment),
    Task(Task),
    Case(Case),
    Deal(Deal),
}

/// `From<R> for Event` for each kind of record `R` (each is the variant of its own name).
macro_rules! into_event {
    ($($t:ident),+) => {
        $(impl From<$t> for Event {
            fn from(r: $t) -> Event {
                Event::$t(r)
            }
        })+
    };
}

into_event!(Interaction, Purchase, Payment, Task, Case, Deal);

macro_rules! each {
    ($e:expr, $r:ident => $body:expr) => {
        match $e {
            Event::Interaction($r) => $body,
            Event::Purchase($r) => $body,
            Event::Payment($r) => $body,
            Event::Task($r) => $body,
            Event::Case($r) => $body,
            Event::Deal($r) => $body,
        }
    };
}

impl Event {
    /// Every object store an event can live in.
    pub const STORES: [&'static str; 6] = [
        Interaction::STORE,
        Purchase::STORE,
        Payment::STORE,
        Task::STORE,
        Case::STORE,
        Deal::STORE,
    ];

    pub fn id(&self) -> &str {
        each!(self, r => &r.id)
    }
    pub fn customer_id(&self) -> &str {
        each!(self, r => &r.customer_id)
    }
    pub fn at(&self) -> Millis {
        each!(self, r => r.at)
    }
    pub fn created_at(&self) -> Millis {
        each!(self, r => r.created_at)
    }
    pub fn updated_at(&self) -> Millis {
        each!(self, r => r.updated_at)
    }
    pub fn deleted_at(&self) -> Option<Millis> {
        each!(self, r => r.deleted_at)
    }
    pub fn is_deleted(&self) -> bool {
        self.deleted_at().is_some()
    }
    /// "interactions", "purchases", "payments", "tasks", "cases" or "deals".
    pub fn store_name(&self) -> &'static str {
        match self {
            Event::Interaction(_) => Interaction::STORE,
            Event::Purchase(_) => Purchase::STORE,
            Event::Payment(_) => Payment::STORE,
            Event::Task(_) => Task::STORE,
            Event::Case(_) => Case::STORE,
            Event::Deal(_) => Deal::STORE,
        }
    }
    /// Sets or clears the tombstone; `updated_at` becomes `now` (never going backwards).
    pub fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis) {
        each!(self, r => r.set_deleted(deleted_at, now))
    }
    /// The record as JSON, as it is stored.
    pub fn to_json(&self) -> String {
        each!(self, r => serde_json::to_string(r).unwrap_or_default())
    }
    /// Reads a stored record of the object store `store`.
    pub fn from_json(store: &str, json: &str) -> Result<Event, serde_json::Error> {
        fn read<T: EventRecord + Into<Event>>(json: &str) -> Result<Event, serde_json::Error> {
            serde_json::from_str::<T>(json).map(Into::into)
        }
        match store {
            Interaction::STORE => read::<Interaction>(json),
            Purchase::STORE => read::<Purchase>(json),
            Payment::STORE => read::<Payment>(json),
            Task::STORE => read::<Task>(json),
            Case::STORE => read::<Case>(json),
            Deal::STORE => read::<Deal>(json),
            _ => Err(serde::de::Error::custom(format!(
                "unknown event store {store}"
            ))),
        }
    }
}
