//! The customer record and the form draft it is built from.

use serde::{Deserialize, Serialize};

use crate::domain::basics::locale::Country;
use crate::domain::basics::phone::{self, PhoneParse};
use crate::domain::basics::time::Millis;

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

/// Which form field a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Phone,
    Email,
    Birthday,
    Tags,
    Notes,
}

/// A problem with one field; the UI words it (`ui::messages::field_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: CustomerProblem,
}

/// What is wrong with a customer form's field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerProblem {
    /// Neither a name nor a phone number.
    NameOrPhoneMissing,
    /// The name has more than `max` letters.
    NameTooLong { max: usize },
    /// The phone has no digits at all.
    PhoneWithoutDigits,
    /// The email doesn't look like `name@example.com`.
    EmailInvalid,
    /// More than `max` tags.
    TooManyTags { max: usize },
    /// A tag has more than `max` letters.
    TagTooLong { max: usize },
    /// The notes have more than `max` letters.
    NotesTooLong { max: usize },
    /// The birthday fields don't make a date.
    Birthday(BirthdayProblem),
}

/// Why the birthday fields don't make a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BirthdayProblem {
    /// Only one of the day and the month.
    DayAndMonth,
    /// The day is not a number.
    DayNotANumber,
    /// The month is not one of 1–12.
    MonthMissing,
    /// The year is not a number.
    YearNotANumber,
    /// The year is outside `min..=max`.
    YearOutOfRange { min: i32, max: i32 },
    /// No such day (31 April, 29 February of a common year).
    NoSuchDate,
}

/// What the add/edit form holds, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CustomerDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
    /// Comma-separated.
    pub tags: String,
    pub status: Status,
    pub preferred_channel: Option<Channel>,
    pub instagram: String,
    pub facebook: String,
    pub tiktok: String,
    pub notes: String,
    pub birthday_day: String,
    pub birthday_month: String,
    pub birthday_year: String,
    pub marketing_consent: bool,
    pub do_not_contact: bool,
    pub source: String,
}

/// What checking a draft found: either errors, or the values to save plus warnings
/// that do not stop saving (a phone number kept as typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub phone_e164: Option<String>,
    pub phone_warning: Option<String>,
    pub email: String,
    pub tags: Vec<String>,
    pub birthday: Option<Birthday>,
}

pub const MAX_NAME: usize = 200;
pub const MAX_NOTES: usize = 20_000;
pub const MAX_TAGS: usize = 30;
pub const MAX_TAG_LEN: usize = 40;
/// The birth years a birthday may have.
pub const BIRTH_YEARS_FROM: i32 = 1900;
pub const BIRTH_YEARS_TO: i32 = 2100;

impl CustomerDraft {
    /// Checks the draft; the phone is normalised for `country`.
    pub fn check(&self, country: Country) -> Result<Checked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field, problem| errors.push(FieldError { field, problem });
        let name = self.name.trim();
        let phone_in = self.phone.trim();
        if name.is_empty() && phone_in.is_empty() {
            err(Field::Name, CustomerProblem::NameOrPhoneMissing);
        }
        if name.chars().count() > MAX_NAME {
            err(Field::Name, CustomerProblem::NameTooLong { max: MAX_NAME });
        }
        let (phone_e164, phone_warning) = match phone::normalise(phone_in, country) {
            PhoneParse::Empty => (None, None),
            PhoneParse::Valid(e) => (Some(e), None),
            PhoneParse::Unrecognised => {
                if phone::digits(phone_in).is_empty() {
                    err(Field::Phone, CustomerProblem::PhoneWithoutDigits);
                }
                (
                    None,
                    Some(format!(
                        "This doesn't look like a phone number from {}. It will be kept exactly as you typed it. Add + and the country code if it is from another country.",
                        country.name()
                    )),
                )
            }
        };
        let email = self.email.trim().to_lowercase();
        if !email.is_empty() && !looks_like_email(&email) {
            err(Field::Email, CustomerProblem::EmailInvalid);
        }
        let tags = parse_tags(&self.tags);
        if tags.len() > MAX_TAGS {
            err(Field::Tags, CustomerProblem::TooManyTags { max: MAX_TAGS });
        }
        if tags.iter().any(|t| t.chars().count() > MAX_TAG_LEN) {
            err(
                Field::Tags,
                CustomerProblem::TagTooLong { max: MAX_TAG_LEN },
            );
        }
        if self.notes.chars().count() > MAX_NOTES {
            err(
                Field::Notes,
                CustomerProblem::NotesTooLong { max: MAX_NOTES },
            );
        }
        let birthday = match check_birthday(
            &self.birthday_day,
            &self.birthday_month,
            &self.birthday_year,
        ) {
            Ok(b) => b,
            Err(p) => {
                err(Field::Birthday, CustomerProblem::Birthday(p));
                None
            }
        };
        if errors.is_empty() {
            Ok(Checked {
                phone_e164,
                phone_warning,
                email,
                tags,
                birthday,
            })
        } else {
            Err(errors)
        }
    }

    /// Builds a new customer from the draft.
    pub fn build_new(
        &self,
        country: Country,
        id: String,
        now: Millis,
    ) -> Result<Customer, Vec<FieldError>> {
        let checked = self.check(country)?;
        Ok(self.assemble(checked, id, now, now))
    }

    /// Applies the draft to an existing customer, keeping its id, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Customer,
        country: Country,
        now: Millis,
    ) -> Result<Customer, Vec<FieldError>> {
        let checked = self.check(country)?;
        let mut c = self.assemble(
            checked,
            existing.id.clone(),
            existing.created_at,
            now.max(existing.updated_at),
        );
        c.deleted_at = existing.deleted_at;
        c.summary = existing.summary.clone();
        Ok(c)
    }

    fn assemble(&self, checked: Checked, id: String, created: Millis, updated: Millis) -> Customer {
        Customer {
            id,
            name: self.name.trim().to_string(),
            phone: self.phone.trim().to_string(),
            phone_e164: checked.phone_e164,
            email: checked.email,
            tags: checked.tags,
            status: self.status,
            preferred_channel: self.preferred_channel,
            social: Social {
                instagram: clean_handle(&self.instagram),
                facebook: clean_handle(&self.facebook),
                tiktok: clean_handle(&self.tiktok),
            },
            notes: self.notes.trim().to_string(),
            birthday: checked.birthday,
            marketing_consent: self.marketing_consent,
            do_not_contact: self.do_not_contact,
            source: self.source.trim().to_string(),
            created_at: created,
            updated_at: updated,
            deleted_at: None,
            summary: Default::default(),
        }
    }
}

/// A loose but useful email check: one `@`, something before it, a dot in the domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// "vip, Kue , vip,  ,reseller" → ["vip", "Kue", "reseller"] (trimmed, de-duplicated ignoring case).
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split([',', ';', '\n']) {
        let t = t.trim().trim_start_matches('#').trim();
        if t.is_empty() {
            continue;
        }
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_string());
        }
    }
    out
}

/// "@dewi.cakes " or "https://instagram.com/dewi.cakes/" → "dewi.cakes".
pub fn clean_handle(s: &str) -> String {
    let s = s.trim();
    let s = s
        .split_once("://")
        .map(|(_, rest)| rest.split_once('/').map(|(_, p)| p).unwrap_or(""))
        .unwrap_or(s);
    let s = s.trim_start_matches("www.");
    s.trim_matches('/')
        .trim_start_matches('@')
        .trim()
        .to_string()
}

fn check_birthday(day: &str, month: &str, year: &str) -> Result<Option<Birthday>, BirthdayProblem> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    if day.is_empty() || month.is_empty() {
        return Err(BirthdayProblem::DayAndMonth);
    }
    let d: u8 = day.parse().map_err(|_| BirthdayProblem::DayNotANumber)?;
    let m: u8 = month.parse().map_err(|_| BirthdayProblem::MonthMissing)?;
    let y = if year.is_empty() {
        None
    } else {
        let y: i32 = year.parse().map_err(|_| BirthdayProblem::YearNotANumber)?;
        if !(BIRTH_YEARS_FROM..=BIRTH_YEARS_TO).contains(&y) {
            return Err(BirthdayProblem::YearOutOfRange {
                min: BIRTH_YEARS_FROM,
                max: BIRTH_YEARS_TO,
            });
        }
        Some(y)
    };
    Birthday::new(d, m, y)
        .map(Some)
        .ok_or(BirthdayProblem::NoSuchDate)
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
