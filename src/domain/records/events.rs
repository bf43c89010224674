//! What happens with a customer over time: interactions, purchases, payments, follow-up tasks
//! and complaints ([`Case`], in `cases.rs`), the [`Event`] sum type over them, the form drafts
//! they are built from, and the local-time helpers the forms need.
//!
//! Every record has `id`, `customer_id`, `created_at`, `updated_at`, an optional `deleted_at`
//! tombstone, and a date `at` (stored under the JSON key `"at"`) that the IndexedDB index
//! `customer_at` sorts on.
//!
//! ## Local time
//! The domain never reads the clock or the time zone. Functions that need local dates take
//! `tz_offset_minutes` with the meaning of JavaScript's `Date.prototype.getTimezoneOffset()`:
//! the minutes to **add to local time to get UTC** (Jakarta, UTC+7, is `-420`; Lima, UTC−5, is
//! `300`). So `local = utc - offset` and `utc = local + offset`. One offset is used for the
//! whole computation: across a daylight-saving change a time may be off by the DST shift.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::basics::money::{parse_amount, Currency, Minor, MoneyError};
use crate::domain::basics::time::Millis;
use crate::domain::records::cases::Case;
use crate::domain::records::pipeline::Deal;

// ---------------------------------------------------------------------------------------------
// Kinds

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

/// Whether a purchase has been paid for at the time of the purchase (derived, not stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    Paid,
    Unpaid,
    PartPaid,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 3] = [
        PaymentStatus::Paid,
        PaymentStatus::Unpaid,
        PaymentStatus::PartPaid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "paid",
            PaymentStatus::Unpaid => "unpaid",
            PaymentStatus::PartPaid => "part_paid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "Paid",
            PaymentStatus::Unpaid => "Not paid",
            PaymentStatus::PartPaid => "Part paid",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

// ---------------------------------------------------------------------------------------------
// Records

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

/// One line of a purchase: `quantity` (at least 1) × `unit_price`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub item: String,
    pub quantity: u32,
    pub unit_price: Minor,
}

impl Line {
    /// `quantity × unit_price`, `None` on overflow.
    pub fn amount(&self) -> Option<Minor> {
        Minor::from(self.quantity).checked_mul(self.unit_price)
    }
}

/// Σ quantity × unit price, `None` on overflow.
pub fn lines_total(lines: &[Line]) -> Option<Minor> {
    lines
        .iter()
        .try_fold(0 as Minor, |sum, l| sum.checked_add(l.amount()?))
}

/// Something the customer bought (or, with a negative total, a refund).
///
/// Rules (enforced by [`PurchaseDraft`]): with lines, `total` is their sum; `0 <= paid <= total`
/// for a sale; a refund (`total < 0`) is always settled, `paid == total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub id: String,
    pub customer_id: String,
    /// When it was bought.
    pub at: Millis,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    pub total: Minor,
    /// Paid at the time of the purchase.
    #[serde(default)]
    pub paid: Minor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Purchase {
    /// What is still owed on this purchase alone: `total - paid`. A refund (`total < 0`) is
    /// settled by definition and gives 0. Negative only for inconsistent data where more was
    /// paid than the total (it then counts as credit).
    pub fn unpaid(&self) -> Minor {
        if self.total < 0 {
            0
        } else {
            self.total.wrapping_sub(self.paid)
        }
    }

    pub fn status(&self) -> PaymentStatus {
        if self.unpaid() <= 0 {
            PaymentStatus::Paid
        } else if self.paid <= 0 {
            PaymentStatus::Unpaid
        } else {
            PaymentStatus::PartPaid
        }
    }

    /// A refund: money given back to the customer.
    pub fn is_refund(&self) -> bool {
        self.total < 0
    }

    /// A sale: a purchase with a positive total (counts in the number of purchases).
    pub fn is_sale(&self) -> bool {
        self.total > 0
    }
}

/// Money the customer paid later against what they owe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: String,
    pub customer_id: String,
    /// When it was paid.
    pub at: Millis,
    /// More than zero.
    pub amount: Minor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The purchase it was meant for, if the owner said so. What is owed is settled oldest
    /// purchase first whatever this says (see `ledger.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

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

fn nine() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("valid time")
}

fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).expect("valid time")
}

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

event_record!(Interaction, "interactions");
event_record!(Purchase, "purchases");
event_record!(Payment, "payments");
event_record!(Task, "tasks");
event_record!(Case, "cases");
event_record!(Deal, "deals");

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
        let $crate::domain::records::events::Stamp {
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

/// One line of the purchase form, as typed. A line with all three fields empty is ignored;
/// an empty quantity means 1.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LineDraft {
    pub item: String,
    pub quantity: String,
    pub unit_price: String,
}

impl LineDraft {
    fn is_blank(&self) -> bool {
        self.item.trim().is_empty()
            && self.quantity.trim().is_empty()
            && self.unit_price.trim().is_empty()
    }
}

/// How much was paid when they bought.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PaidChoice {
    /// Everything.
    #[default]
    Paid,
    /// Nothing yet: it goes on their tab.
    Unpaid,
    /// Part of it: the amount as typed.
    Part(String),
}

/// What the "add a purchase" form holds. With lines, the total is their sum and `total` is
/// ignored; without lines, `total` is required. A negative total is a refund and must be
/// [`PaidChoice::Paid`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PurchaseDraft {
    pub date: String,
    pub time: String,
    pub lines: Vec<LineDraft>,
    pub total: String,
    pub paid: PaidChoice,
    pub note: String,
}

impl PurchaseDraft {
    /// The sum of the lines that can be read so far (for showing the total while typing);
    /// `None` when there are no such lines or the sum overflows.
    pub fn lines_total(&self, currency: Currency) -> Option<Minor> {
        let mut any = false;
        let mut sum: Minor = 0;
        for l in self.lines.iter().filter(|l| !l.is_blank()) {
            let q = if l.quantity.trim().is_empty() {
                1
            } else {
                l.quantity.trim().parse::<u32>().ok()?
            };
            let p = parse_amount(&l.unit_price, currency).ok()?;
            sum = sum.checked_add(Minor::from(q).checked_mul(p)?)?;
            any = true;
        }
        any.then_some(sum)
    }

    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        self.read(
            Stamp::new(id, customer_id, now),
            now,
            tz_offset_minutes,
            currency,
        )
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Purchase,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        self.read(Stamp::kept(existing, now), now, tz_offset_minutes, currency)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let mut lines = Vec::new();
        let drafts: Vec<(usize, &LineDraft)> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_blank())
            .collect();
        if drafts.len() > MAX_LINES {
            form.error(
                EventField::Total,
                EventProblem::TooManyItems { max: MAX_LINES },
            );
        }
        for &(i, l) in &drafts {
            let item = form.required_text(
                EventField::Item(i),
                &l.item,
                MAX_TITLE,
                EventProblem::ItemMissing,
            );
            let q = l.quantity.trim();
            let quantity = if q.is_empty() {
                Some(1)
            } else {
                match q.parse::<u32>() {
                    Ok(0) => {
                        form.error(EventField::Quantity(i), EventProblem::QuantityZero);
                        None
                    }
                    Ok(n) => Some(n),
                    Err(_) => {
                        form.error(EventField::Quantity(i), EventProblem::QuantityNotWhole);
                        None
                    }
                }
            };
            let unit_price = form.amount(EventField::UnitPrice(i), &l.unit_price, currency);
            if let (Some(quantity), Some(unit_price)) = (quantity, unit_price) {
                lines.push(Line {
                    item,
                    quantity,
                    unit_price,
                });
            }
        }
        let total = if !drafts.is_empty() {
            let total = lines_total(&lines);
            if total.is_none() {
                form.error(EventField::Total, EventProblem::TotalTooLarge);
            }
            total
        } else if self.total.trim().is_empty() {
            form.error(EventField::Total, EventProblem::TotalMissing);
            None
        } else {
            form.amount(EventField::Total, &self.total, currency)
        };
        let total = total.unwrap_or(0);
        let paid = match &self.paid {
            PaidChoice::Paid => total,
            PaidChoice::Unpaid => 0,
            PaidChoice::Part(typed) => form.amount(EventField::Paid, typed, currency).unwrap_or(0),
        };
        if total < 0 {
            if paid != total {
                form.error(EventField::Paid, EventProblem::RefundNotPaid);
            }
        } else if paid < 0 {
            form.error(EventField::Paid, EventProblem::PaidNegative);
        } else if paid > total {
            form.error(EventField::Paid, EventProblem::PaidMoreThanTotal);
        }
        let note = form.text(EventField::Notes, &self.note, MAX_TEXT);
        form.finish(stamped!(
            stamp,
            Purchase {
                at,
                lines,
                total,
                paid,
                note,
            }
        ))
    }
}

impl Purchase {
    pub fn to_draft(&self, tz_offset_minutes: i32, currency: Currency) -> PurchaseDraft {
        let paid = if self.paid == self.total {
            PaidChoice::Paid
        } else if self.paid == 0 {
            PaidChoice::Unpaid
        } else {
            PaidChoice::Part(amount_input(self.paid, currency))
        };
        PurchaseDraft {
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            lines: self
                .lines
                .iter()
                .map(|l| LineDraft {
                    item: l.item.clone(),
                    quantity: l.quantity.to_string(),
                    unit_price: amount_input(l.unit_price, currency),
                })
                .collect(),
            total: amount_input(self.total, currency),
            paid,
            note: self.note.clone(),
        }
    }
}

/// What the "record a payment" form holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PaymentDraft {
    pub date: String,
    pub time: String,
    pub amount: String,
    pub note: String,
    pub purchase_id: Option<String>,
}

impl PaymentDraft {
    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        self.read(
            Stamp::new(id, customer_id, now),
            now,
            tz_offset_minutes,
            currency,
        )
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Payment,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        self.read(Stamp::kept(existing, now), now, tz_offset_minutes, currency)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let amount = match form.amount(EventField::Amount, &self.amount, currency) {
            Some(a) if a <= 0 => {
                form.error(EventField::Amount, EventProblem::AmountNotPositive);
                0
            }
            Some(a) => a,
            None => 0,
        };
        let note = form.text(EventField::Notes, &self.note, MAX_TEXT);
        let purchase_id = self.purchase_id.clone().filter(|p| !p.is_empty());
        form.finish(stamped!(
            stamp,
            Payment {
                at,
                amount,
                note,
                purchase_id,
            }
        ))
    }
}

impl Payment {
    pub fn to_draft(&self, tz_offset_minutes: i32, currency: Currency) -> PaymentDraft {
        PaymentDraft {
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            amount: amount_input(self.amount, currency),
            note: self.note.clone(),
            purchase_id: self.purchase_id.clone(),
        }
    }
}

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
