//! Reading an event's form into a record: local dates and times and the values of date, time
//! and amount inputs, the problems a field can have ([`EventProblem`]), the [`Form`] that
//! collects them, and what every event record has ([`EventRecord`], [`Stamp`]).
//!
//! ## Local time
//! The domain never reads the clock or the time zone. Functions that need local dates take
//! `tz_offset_minutes` with the meaning of JavaScript's `Date.prototype.getTimezoneOffset()`:
//! the minutes to **add to local time to get UTC** (Jakarta, UTC+7, is `-420`; Lima, UTC−5, is
//! `300`). So `local = utc - offset` and `utc = local + offset`. One offset is used for the
//! whole computation: across a daylight-saving change a time may be off by the DST shift.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::basics::money::{parse_amount, Currency, Minor, MoneyError};
use crate::domain::basics::time::Millis;

// ---------------------------------------------------------------------------------------------
// Local time

const MINUTE: i64 = 60_000;
/// Latest time chrono and the calendar can show (9999-12-31T23:59:59.999Z).
const MAX_MILLIS: Millis = 253_402_300_799_999;
/// Earliest (0001-01-01T00:00:00Z).
const MIN_MILLIS: Millis = -62_135_596_800_000;

/// The UTC date and time of `at` (clamped to the years 1–9999).
pub fn utc_datetime(at: Millis) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(at.clamp(MIN_MILLIS, MAX_MILLIS))
        .unwrap_or_default()
        .naive_utc()
}

/// The local date and time of `at`.
pub fn local_datetime(at: Millis, tz_offset_minutes: i32) -> NaiveDateTime {
    utc_datetime(at.saturating_sub(i64::from(tz_offset_minutes) * MINUTE))
}

/// The local calendar day of `at`.
pub fn local_date(at: Millis, tz_offset_minutes: i32) -> NaiveDate {
    local_datetime(at, tz_offset_minutes).date()
}

/// The instant of a local date and time.
pub fn local_to_millis(date: NaiveDate, time: NaiveTime, tz_offset_minutes: i32) -> Millis {
    let local = date.and_time(time).and_utc().timestamp_millis();
    local.saturating_add(i64::from(tz_offset_minutes) * MINUTE)
}

/// The value of an `<input type="date">` for `at`: "2025-03-14".
pub fn date_input(at: Millis, tz_offset_minutes: i32) -> String {
    // NaiveDate's Display is ISO 8601 ("2025-03-14"), without chrono's strftime machinery.
    local_date(at, tz_offset_minutes).to_string()
}

/// The value of an `<input type="time">` for `at`: "09:05".
pub fn time_input(at: Millis, tz_offset_minutes: i32) -> String {
    let t = local_datetime(at, tz_offset_minutes);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    (1..=9999).contains(&d.year()).then_some(d)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// An amount as typed in an input, without symbol or grouping: "1234.50", "15000", "-5.00".
/// [`parse_amount`] reads it back.
pub fn amount_input(amount: Minor, currency: Currency) -> String {
    let exponent = currency.exponent();
    if exponent == 0 {
        return amount.to_string();
    }
    let scale = 10u64.pow(exponent);
    let abs = amount.unsigned_abs();
    let sign = if amount < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}

pub(crate) fn nine() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("valid time")
}

fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).expect("valid time")
}

// ---------------------------------------------------------------------------------------------
// Records

/// What every event record has; lets the store read and write them generically.
pub trait EventRecord: Clone + Serialize + DeserializeOwned {
    /// The IndexedDB object store: "interactions", "purchases", "payments", "tasks", "cases" or
    /// "deals".
    const STORE: &'static str;
    fn id(&self) -> &str;
    fn customer_id(&self) -> &str;
    /// The date the `customer_at` index sorts on.
    fn at(&self) -> Millis;
    fn created_at(&self) -> Millis;
    fn updated_at(&self) -> Millis;
    fn deleted_at(&self) -> Option<Millis>;
    /// Sets or clears the tombstone; `updated_at` becomes `now` (never going backwards).
    fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis);

    fn is_deleted(&self) -> bool {
        self.deleted_at().is_some()
    }
    /// Moves it to the Trash.
    fn trash(&mut self, now: Millis) {
        self.set_deleted(Some(now), now);
    }
    /// Brings it back from the Trash.
    fn restore(&mut self, now: Millis) {
        self.set_deleted(None, now);
    }
}

macro_rules! event_record {
    ($t:ident, $store:literal) => {
        impl EventRecord for $t {
            const STORE: &'static str = $store;
            fn id(&self) -> &str {
                &self.id
            }
            fn customer_id(&self) -> &str {
                &self.customer_id
            }
            fn at(&self) -> Millis {
                self.at
            }
            fn created_at(&self) -> Millis {
                self.created_at
            }
            fn updated_at(&self) -> Millis {
                self.updated_at
            }
            fn deleted_at(&self) -> Option<Millis> {
                self.deleted_at
            }
            fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis) {
                self.deleted_at = deleted_at;
                self.updated_at = now.max(self.updated_at);
            }
        }
    };
}
pub(crate) use event_record;

// ---------------------------------------------------------------------------------------------
// Drafts and validation

/// Which form field a message belongs to. Line fields carry the line's index in the draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventField {
    Date,
    Time,
    Summary,
    Outcome,
    Notes,
    Title,
    Item(usize),
    Quantity(usize),
    UnitPrice(usize),
    Total,
    Paid,
    Amount,
    /// The expected close date of a deal.
    CloseDate,
    /// The day an order is due.
    DueDate,
    /// The time an order is due.
    DueTime,
}

/// A problem with one field; the UI words it (`ui::messages::event_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    pub field: EventField,
    pub problem: EventProblem,
}

/// What is wrong with a field of an event's form (interaction, purchase, payment, task, case,
/// deal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventProblem {
    /// A follow-up without its day.
    FollowUpDayMissing,
    /// A date that is not a date.
    BadDate,
    /// A time that is not a time.
    BadTime,
    /// More than `max` letters.
    TooLong { max: usize },
    /// A private note left empty.
    NoteMissing,
    /// A purchase with more than `max` items.
    TooManyItems { max: usize },
    /// An item line without the item.
    ItemMissing,
    /// A quantity of 0.
    QuantityZero,
    /// A quantity that is not a whole number.
    QuantityNotWhole,
    /// The items add up to more than an amount can hold.
    TotalTooLarge,
    /// Neither items nor a total.
    TotalMissing,
    /// A negative amount paid.
    PaidNegative,
    /// Paid more than the total.
    PaidMoreThanTotal,
    /// A refund not settled at once.
    RefundNotPaid,
    /// A payment of zero or less.
    AmountNotPositive,
    /// A follow-up without what it is about.
    TaskTitleMissing,
    /// A complaint without what it is about.
    CaseSummaryMissing,
    /// A deal without what it is.
    DealTitleMissing,
    /// A deal with a negative value.
    ValueNegative,
    /// An amount typed wrong.
    Money(MoneyError),
    /// An order without the day it is due.
    OrderDueMissing,
}

pub const MAX_TEXT: usize = 20_000;
pub const MAX_TITLE: usize = 200;
pub const MAX_LINES: usize = 100;

/// How to fill in a missing date or time in a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Defaults {
    /// Something that happened: no date = today; no time = now when the date is today,
    /// otherwise noon.
    Happened,
    /// A follow-up: the date is required; no time = 09:00.
    Due,
}

/// A draft being read into a record: the moment it is read (what a blank date or time stands
/// for), the time zone (see the module docs), and the problems found so far, in order.
pub(crate) struct Form {
    now: Millis,
    tz_offset_minutes: i32,
    errors: Vec<EventError>,
}

impl Form {
    pub(crate) fn new(now: Millis, tz_offset_minutes: i32) -> Form {
        Form {
            now,
            tz_offset_minutes,
            errors: Vec::new(),
        }
    }

    /// Notes a problem with `field`.
    pub(crate) fn error(&mut self, field: EventField, problem: EventProblem) {
        self.errors.push(EventError { field, problem });
    }

    /// The date and time fields every draft has: `date` as an `<input type="date">` gives it
    /// ("2025-03-14") and `time` as an `<input type="time">` ("14:30"); `defaults` says what
    /// a blank one means.
    pub(crate) fn when(&mut self, date: &str, time: &str, defaults: Defaults) -> Millis {
        let (now, tz_offset_minutes) = (self.now, self.tz_offset_minutes);
        let today = local_date(now, tz_offset_minutes);
        let day = if date.trim().is_empty() {
            match defaults {
                Defaults::Happened => Some(today),
                Defaults::Due => {
                    self.error(EventField::Date, EventProblem::FollowUpDayMissing);
                    None
                }
            }
        } else {
            let d = parse_date(date);
            if d.is_none() {
                self.error(EventField::Date, EventProblem::BadDate);
            }
            d
        };
        let time = if time.trim().is_empty() {
            None
        } else {
            let t = parse_time(time);
            if t.is_none() {
                self.error(EventField::Time, EventProblem::BadTime);
            }
            Some(t)
        };
        let Some(day) = day else { return now };
        match (time, defaults) {
            (Some(Some(t)), _) => local_to_millis(day, t, tz_offset_minutes),
            (Some(None), _) => now,
            (None, Defaults::Due) => local_to_millis(day, nine(), tz_offset_minutes),
            (None, Defaults::Happened) if day == today => now,
            (None, Defaults::Happened) => local_to_millis(day, noon(), tz_offset_minutes),
        }
    }

    /// A free-text field, trimmed, after checking the length of `text` as given (so an
    /// optional field is measured as typed, spaces around it included).
    pub(crate) fn text(&mut self, field: EventField, text: &str, max: usize) -> String {
        if text.chars().count() > max {
            self.error(field, EventProblem::TooLong { max });
        }
        text.trim().to_string()
    }

    /// A free-text field that must be filled in, trimmed (and measured trimmed); `missing`
    /// says so when it is blank.
    pub(crate) fn required_text(
        &mut self,
        field: EventField,
        typed: &str,
        max: usize,
        missing: EventProblem,
    ) -> String {
        let text = typed.trim();
        if text.is_empty() {
            self.error(field, missing);
        }
        self.text(field, text, max)
    }

    /// The amount typed in `field`, or `None` after noting what is wrong with it.
    pub(crate) fn amount(
        &mut self,
        field: EventField,
        typed: &str,
        currency: Currency,
    ) -> Option<Minor> {
        match parse_amount(typed, currency) {
            Ok(amount) => Some(amount),
            Err(e) => {
                self.error(field, EventProblem::Money(e));
                None
            }
        }
    }

    /// The record read, or every problem found.
    pub(crate) fn finish<T>(self, record: T) -> Result<T, Vec<EventError>> {
        if self.errors.is_empty() {
            Ok(record)
        } else {
            Err(self.errors)
        }
    }
}

/// What a record built from a draft has besides the form's contents: its id, its customer and
/// its bookkeeping times. Each draft's `build` and `apply_to` differ only in the stamp they
/// read the form with: a new one, or the one kept from the record being edited.
pub(crate) struct Stamp {
    pub(crate) id: String,
    pub(crate) customer_id: String,
    pub(crate) created_at: Millis,
    pub(crate) updated_at: Millis,
    pub(crate) deleted_at: Option<Millis>,
}

impl Stamp {
    /// For a record created `now`.
    pub(crate) fn new(id: String, customer_id: String, now: Millis) -> Stamp {
        Stamp {
            id,
            customer_id,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    /// For `existing` edited `now`: it keeps its id, customer, creation time and tombstone.
    pub(crate) fn kept(existing: &impl EventRecord, now: Millis) -> Stamp {
        Stamp {
            id: existing.id().to_string(),
            customer_id: existing.customer_id().to_string(),
            created_at: existing.created_at(),
            updated_at: now.max(existing.updated_at()),
            deleted_at: existing.deleted_at(),
        }
    }
}

/// `stamped!(stamp, Payment { at, amount, note, purchase_id })`: the record with the fields
/// given, and the id, customer and bookkeeping times of the [`Stamp`] `stamp`.
macro_rules! stamped {
    ($stamp:expr, $record:ident { $($field:ident $(: $value:expr)?),* $(,)? }) => {{
        let $crate::domain::records::entry::Stamp {
            id,
            customer_id,
            created_at,
            updated_at,
            deleted_at,
        } = $stamp;
        $record {
            id,
            customer_id,
            $($field $(: $value)?,)*
            created_at,
            updated_at,
            deleted_at,
        }
    }};
}
pub(crate) use stamped;
