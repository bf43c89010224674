//! "Get paid" records: how customers pay the business ([`PayMethod`]), when to remind those who
//! owe ([`ReminderSchedule`]) and what a customer promised ([`Promise`]).
//!
//! Each has a stable `id`, `created_at`, `updated_at` and a tombstone `deleted_at`, syncs as its
//! own document kind and travels in the backup (format v3). `check()` validates a record before
//! it is saved; problems are typed ([`PaidProblem`]); the UI words them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;

/// The longest label, name or VPA, in characters.
pub const MAX_LABEL: usize = 100;
/// The longest free text (bank details, a promise's note), in characters.
pub const MAX_DETAILS: usize = 1_000;
/// The longest QRIS payload, in characters (EMVCo payloads are at most 512).
pub const MAX_QRIS: usize = 512;
/// The largest image of a QR, in bytes (after base64 decoding).
pub const MAX_IMAGE_BYTES: usize = 60 * 1024;
/// The longest interval of a schedule, in days.
pub const MAX_EVERY_DAYS: u32 = 365;
/// The id of the default reminder schedule (everyone who owes, unless their own says otherwise).
/// Fixed, so the default made on two phones of a team is one record.
pub const DEFAULT_SCHEDULE_ID: &str = "default";

/// What is wrong with a record the owner is about to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaidProblem {
    /// The UPI id (VPA) is not `name@bank`.
    BadVpa,
    /// The payee name, label or details are empty.
    Missing(PaidField),
    /// A text is longer than `max` characters.
    TooLong { field: PaidField, max: usize },
    /// The QRIS text is not an EMVCo payload (`000201…`, printable ASCII).
    BadQris,
    /// The image is not a base64 `data:` URL of a JPEG or WebP image.
    BadImage,
    /// The image is larger than `max` bytes.
    ImageTooLarge { bytes: usize, max: usize },
    /// The interval is not 1 to [`MAX_EVERY_DAYS`] days (0 is allowed after a due date: once).
    BadInterval,
    /// A promised amount that is zero or negative.
    BadAmount,
}

/// The field a [`PaidProblem`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidField {
    Vpa,
    Name,
    Label,
    Details,
    Qris,
    Note,
}

fn check_text(s: &str, field: PaidField, max: usize, required: bool) -> Result<(), PaidProblem> {
    if required && s.trim().is_empty() {
        return Err(PaidProblem::Missing(field));
    }
    if s.chars().count() > max {
        return Err(PaidProblem::TooLong { field, max });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Payment methods

/// One way a customer can pay the business. Business-wide, shown in `position` order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayMethod {
    pub id: String,
    pub kind: PayKind,
    /// Order among the methods (smallest first; ties by id).
    #[serde(default)]
    pub position: u32,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

/// What a payment method is. JSON: `{"type":"upi","vpa":…,"name":…}` and so on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PayKind {
    /// UPI (India): the payee's VPA (`name@bank`) and name, for `upi://pay?pa=…&pn=…`.
    Upi { vpa: String, name: String },
    /// QRIS (Indonesia): the owner's static QRIS payload as text. `dynamic_amount`: add the
    /// amount (tag 54, point of initiation 12) when showing it; the owner turns it on after
    /// checking it with their own wallet app.
    Qris {
        payload: String,
        #[serde(default)]
        dynamic_amount: bool,
    },
    /// An image of the owner's own QR (Yape, Plin, any wallet): a `data:image/jpeg;base64,…` or
    /// `data:image/webp;base64,…` URL of at most [`MAX_IMAGE_BYTES`].
    Image { label: String, data_url: String },
    /// Bank-transfer or Bizum details as text.
    Text { label: String, details: String },
}

impl PayKind {
    /// The kind's code: `upi`, `qris`, `image`, `text`.
    pub fn code(&self) -> &'static str {
        match self {
            PayKind::Upi { .. } => "upi",
            PayKind::Qris { .. } => "qris",
            PayKind::Image { .. } => "image",
            PayKind::Text { .. } => "text",
        }
    }
}

impl PayMethod {
    pub fn new(id: &str, kind: PayKind, position: u32, now: Millis) -> PayMethod {
        PayMethod {
            id: id.to_string(),
            kind,
            position,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Checks what the owner entered.
    pub fn check(&self) -> Result<(), PaidProblem> {
        match &self.kind {
            PayKind::Upi { vpa, name } => {
                if !is_vpa(vpa) {
                    return Err(PaidProblem::BadVpa);
                }
                check_text(name, PaidField::Name, MAX_LABEL, true)
            }
            PayKind::Qris { payload, .. } => {
                let p = payload.trim();
                if p.is_empty() {
                    return Err(PaidProblem::Missing(PaidField::Qris));
                }
                if p.len() > MAX_QRIS {
                    return Err(PaidProblem::TooLong {
                        field: PaidField::Qris,
                        max: MAX_QRIS,
                    });
                }
                if !p.starts_with("000201") || !p.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                    return Err(PaidProblem::BadQris);
                }
                Ok(())
            }
            PayKind::Image { label, data_url } => {
                check_text(label, PaidField::Label, MAX_LABEL, true)?;
                let bytes = image_bytes(data_url).ok_or(PaidProblem::BadImage)?;
                if bytes > MAX_IMAGE_BYTES {
                    return Err(PaidProblem::ImageTooLarge {
                        bytes,
                        max: MAX_IMAGE_BYTES,
                    });
                }
                Ok(())
            }
            PayKind::Text { label, details } => {
                check_text(label, PaidField::Label, MAX_LABEL, true)?;
                check_text(details, PaidField::Details, MAX_DETAILS, true)
            }
        }
    }
}

/// The live methods in the order they are shown.
pub fn live_methods(all: &[PayMethod]) -> Vec<PayMethod> {
    let mut v: Vec<PayMethod> = all.iter().filter(|m| !m.is_deleted()).cloned().collect();
    crate::domain::basics::sort::by(&mut v, |a, b| {
        a.position.cmp(&b.position).then_with(|| a.id.cmp(&b.id))
    });
    v
}

/// A UPI virtual payment address: `handle@psp`, 3 to [`MAX_LABEL`] characters, letters, digits,
/// `.`, `-`, `_` before the `@`, letters and digits (and `.`) after it.
pub fn is_vpa(s: &str) -> bool {
    let s = s.trim();
    let Some((user, psp)) = s.split_once('@') else {
        return false;
    };
    s.len() <= MAX_LABEL
        && !user.is_empty()
        && !psp.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && psp.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

fn b64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The size in bytes of the image in a `data:image/jpeg;base64,…` or `data:image/webp;base64,…`
/// URL, when it is one: valid base64 whose first bytes are a JPEG's (`FF D8 FF`) or a WebP's
/// (`RIFF….WEBP`). `None` otherwise.
pub fn image_bytes(data_url: &str) -> Option<usize> {
    let (head, data) = data_url.split_once(',')?;
    let webp = match head {
        "data:image/jpeg;base64" => false,
        "data:image/webp;base64" => true,
        _ => return None,
    };
    let body = data.trim_end_matches('=');
    let padding = data.len() - body.len();
    if data.len() % 4 != 0 || padding > 2 || body.is_empty() {
        return None;
    }
    if !body.bytes().all(|b| b64_value(b).is_some()) {
        return None;
    }
    // The first 12 bytes (16 characters) tell the format.
    let mut first = Vec::with_capacity(12);
    for chunk in body.as_bytes().chunks(4).take(4) {
        let mut n: u32 = 0;
        for (i, b) in chunk.iter().enumerate() {
            n |= u32::from(b64_value(*b)?) << (18 - 6 * i);
        }
        let [_, a, b, c] = n.to_be_bytes();
        first.extend_from_slice(&[a, b, c][..chunk.len().saturating_sub(1)]);
    }
    let ok = if webp {
        first.len() >= 12 && &first[0..4] == b"RIFF" && &first[8..12] == b"WEBP"
    } else {
        first.len() >= 3 && first[0..3] == [0xFF, 0xD8, 0xFF]
    };
    ok.then_some(body.len() * 3 / 4)
}

// ---------------------------------------------------------------------------------------------
// Reminder schedules

/// When to remind a customer who owes. The default schedule (`customer_id: None`, id
/// [`DEFAULT_SCHEDULE_ID`]) applies to everyone who owes and has none of their own; a customer's
/// own schedule (id [`ReminderSchedule::id_for`]) replaces it, or with `off` excludes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSchedule {
    pub id: String,
    /// `None`: the default for everyone who owes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    pub rule: ReminderRule,
    /// The message template to send (`None`: the built-in reminder wording).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// No reminder before this time ("snooze").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<Millis>,
    /// When the last reminder of this schedule was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sent_at: Option<Millis>,
    /// No reminders (a customer excluded from the default; the default turned off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

/// How often to remind. JSON: `{"type":"every_days","days":7}`,
/// `{"type":"due_date","date":"2026-03-14","every_days":7}` or `{"type":"default"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReminderRule {
    /// A customer's own record that follows the default schedule's rule: it holds that
    /// customer's snooze and last send (the default schedule is shared by everyone). On the
    /// default schedule itself it means every 7 days.
    Default,
    /// Every `days` days while a balance is open.
    EveryDays { days: u32 },
    /// On the agreed date, then every `every_days` days while still owed (0: only on the date).
    DueDate {
        date: NaiveDate,
        #[serde(default = "seven")]
        every_days: u32,
    },
}

fn seven() -> u32 {
    7
}

impl ReminderSchedule {
    /// The id of a customer's own schedule (one per customer, the same on every phone).
    pub fn id_for(customer_id: Option<&str>) -> String {
        match customer_id {
            None => DEFAULT_SCHEDULE_ID.to_string(),
            Some(c) => format!("customer:{c}"),
        }
    }

    /// A new schedule for `customer_id` (`None`: the default).
    pub fn new(customer_id: Option<&str>, rule: ReminderRule, now: Millis) -> ReminderSchedule {
        ReminderSchedule {
            id: ReminderSchedule::id_for(customer_id),
            customer_id: customer_id.map(str::to_string),
            rule,
            template_id: None,
            snoozed_until: None,
            last_sent_at: None,
            off: false,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Checks the interval.
    pub fn check(&self) -> Result<(), PaidProblem> {
        let ok = match self.rule {
            ReminderRule::EveryDays { days } => (1..=MAX_EVERY_DAYS).contains(&days),
            ReminderRule::DueDate { every_days, .. } => every_days <= MAX_EVERY_DAYS,
            ReminderRule::Default => true,
        };
        if ok {
            Ok(())
        } else {
            Err(PaidProblem::BadInterval)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Promises

/// "Promised to pay on …": kept as history. A promise pauses the customer's reminders until
/// `pay_on` and brings them back to Today on that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub id: String,
    pub customer_id: String,
    /// The day the customer said they would pay.
    pub pay_on: NaiveDate,
    /// How much they promised (`None`: what they owe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Minor>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When the customer promised.
    pub at: Millis,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Promise {
    pub fn new(id: &str, customer_id: &str, pay_on: NaiveDate, now: Millis) -> Promise {
        Promise {
            id: id.to_string(),
            customer_id: customer_id.to_string(),
            pay_on,
            amount: None,
            note: String::new(),
            at: now,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub fn check(&self) -> Result<(), PaidProblem> {
        if self.amount.is_some_and(|a| a <= 0) {
            return Err(PaidProblem::BadAmount);
        }
        check_text(&self.note, PaidField::Note, MAX_DETAILS, false)
    }
}
