//! The customer record; the form draft it is built from and its checks are in `draft`.

use serde::{Deserialize, Serialize};

use crate::domain::basics::phone;
use crate::domain::basics::time::Millis;

mod draft;

pub use draft::*;

/// Where a customer is in their relationship with the business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Lead,
    Customer,
    Inactive,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Lead, Status::Customer, Status::Inactive];

    pub fn code(self) -> &'static str {
        match self {
            Status::Lead => "lead",
            Status::Customer => "customer",
            Status::Inactive => "inactive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Lead => "Lead",
            Status::Customer => "Customer",
            Status::Inactive => "Inactive",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The ways a business reaches its customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    WhatsApp,
    Call,
    Sms,
    Email,
    Instagram,
    Facebook,
    TikTok,
    Visit,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Channel::WhatsApp,
        Channel::Call,
        Channel::Sms,
        Channel::Email,
        Channel::Instagram,
        Channel::Facebook,
        Channel::TikTok,
        Channel::Visit,
        Channel::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::WhatsApp => "whatsapp",
            Channel::Call => "call",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Instagram => "instagram",
            Channel::Facebook => "facebook",
            Channel::TikTok => "tiktok",
            Channel::Visit => "visit",
            Channel::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::WhatsApp => "WhatsApp",
            Channel::Call => "Phone call",
            Channel::Sms => "SMS",
            Channel::Email => "Email",
            Channel::Instagram => "Instagram",
            Channel::Facebook => "Facebook",
            Channel::TikTok => "TikTok",
            Channel::Visit => "In person",
            Channel::Other => "Other",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Social media handles, stored without the leading `@`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Social {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub instagram: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub facebook: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tiktok: String,
}

impl Social {
    pub fn is_empty(&self) -> bool {
        self.instagram.is_empty() && self.facebook.is_empty() && self.tiktok.is_empty()
    }
}

/// A birthday: day and month, the year only when the customer told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Birthday {
    pub day: u8,
    pub month: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl Birthday {
    /// `Some` when the date exists (29 February is allowed without a year or in a leap year).
    pub fn new(day: u8, month: u8, year: Option<i32>) -> Option<Birthday> {
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => match year {
                Some(y) if !is_leap(y) => 28,
                _ => 29,
            },
            _ => return None,
        };
        if day == 0 || day > max {
            return None;
        }
        Some(Birthday { day, month, year })
    }

    /// "14 March" or "14 March 1985".
    pub fn display(&self) -> String {
        let month = crate::domain::basics::time::MONTHS
            .get(usize::from(self.month).saturating_sub(1))
            .copied()
            .unwrap_or("?");
        match self.year {
            Some(y) => format!("{} {} {}", self.day, month, y),
            None => format!("{} {}", self.day, month),
        }
    }
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// A customer. Every record carries a stable id, creation and update times
/// and a deletion tombstone, so that copies from two phones can be merged record by record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The phone number as the user typed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// The phone in E.164 (`+6281234567890`); absent when empty or not recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_e164: Option<String>,
    /// Lower-cased, trimmed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Social::is_empty")]
    pub social: Social,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Birthday>,
    #[serde(default)]
    pub marketing_consent: bool,
    /// The owner marked them "do not contact": no campaign reaches them, whatever the message.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub do_not_contact: bool,
    /// Where the customer came from ("Instagram", "Referral", "Market stall"…), as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Set when the customer was moved to the Trash (a tombstone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
    /// Figures kept up to date as events are written (see `summary.rs`).
    #[serde(default)]
    pub summary: crate::domain::records::summary::Summary,
}

impl Customer {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// The name to show: the name, else the phone, else a placeholder.
    pub fn display_name(&self) -> &str {
        if !self.name.trim().is_empty() {
            &self.name
        } else if !self.phone.trim().is_empty() {
            &self.phone
        } else {
            "(no name)"
        }
    }

    /// The phone as people read it: the international form when known, else as typed.
    pub fn display_phone(&self) -> String {
        match &self.phone_e164 {
            Some(e) => phone::format_international(e),
            None => self.phone.clone(),
        }
    }

    /// Initials for the avatar: "Siti Rahma" → "SR".
    pub fn initials(&self) -> String {
        let mut out = String::new();
        for word in self.name.split_whitespace().take(2) {
            if let Some(c) = word.chars().find(|c| c.is_alphanumeric()) {
                out.extend(c.to_uppercase());
            }
        }
        if out.is_empty() {
            out.push('#');
        }
        out
    }

    /// Moves the customer to the Trash.
    pub fn trash(&mut self, now: Millis) {
        self.deleted_at = Some(now);
        self.updated_at = now.max(self.updated_at);
    }

    /// Brings the customer back from the Trash.
    pub fn restore(&mut self, now: Millis) {
        self.deleted_at = None;
        self.updated_at = now.max(self.updated_at);
    }

    /// The form draft that edits this customer.
    pub fn to_draft(&self) -> CustomerDraft {
        CustomerDraft {
            name: self.name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            tags: self.tags.join(", "),
            status: self.status,
            preferred_channel: self.preferred_channel,
            instagram: self.social.instagram.clone(),
            facebook: self.social.facebook.clone(),
            tiktok: self.social.tiktok.clone(),
            notes: self.notes.clone(),
            birthday_day: self.birthday.map(|b| b.day.to_string()).unwrap_or_default(),
            birthday_month: self
                .birthday
                .map(|b| b.month.to_string())
                .unwrap_or_default(),
            birthday_year: self
                .birthday
                .and_then(|b| b.year)
                .map(|y| y.to_string())
                .unwrap_or_default(),
            marketing_consent: self.marketing_consent,
            do_not_contact: self.do_not_contact,
            source: self.source.clone(),
        }
    }
}

impl Birthday {
    /// Days from `today` until the next time this birthday comes round (0 = today).
    /// A 29 February birthday is celebrated on 28 February in other years.
    pub fn days_until(&self, today: chrono::NaiveDate) -> u32 {
        use chrono::Datelike;
        let on = |year: i32| {
            chrono::NaiveDate::from_ymd_opt(year, u32::from(self.month), u32::from(self.day))
                .or_else(|| chrono::NaiveDate::from_ymd_opt(year, 2, 28))
        };
        let this_year = on(today.year());
        let next = match this_year {
            Some(d) if d >= today => d,
            _ => match on(today.year() + 1) {
                Some(d) => d,
                None => return u32::MAX,
            },
        };
        u32::try_from((next - today).num_days()).unwrap_or(u32::MAX)
    }

    /// The age the customer turns on their next birthday, when the year is known.
    pub fn turning(&self, today: chrono::NaiveDate) -> Option<i32> {
        use chrono::Datelike;
        let year = self.year?;
        let next_year = if self.days_until(today) == 0
            || (u32::from(self.month), u32::from(self.day)) > (today.month(), today.day())
        {
            today.year()
        } else {
            today.year() + 1
        };
        Some(next_year - year)
    }
}

/// Customers (not in the Trash) whose birthday falls within `within_days` days of `today`
/// (0 = today only), soonest first: `(index into customers, days until)`.
pub fn upcoming_birthdays(
    customers: &[Customer],
    today: chrono::NaiveDate,
    within_days: u32,
) -> Vec<(usize, u32)> {
    let mut out: Vec<(usize, u32)> = customers
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_deleted())
        .filter_map(|(i, c)| c.birthday.map(|b| (i, b.days_until(today))))
        .filter(|(_, d)| *d <= within_days)
        .collect();
    crate::domain::basics::sort::by_key(&mut out, |&(i, d)| (d, i));
    out
}
