//! The customer form as typed, the problems it can have ([`CustomerProblem`]), and the checks
//! that turn it into a record.

use crate::domain::basics::locale::Country;
use crate::domain::basics::phone::{self, PhoneParse};
use crate::domain::basics::time::Millis;

use super::*;

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
    /// The phone is not a number of this country: kept as typed. Typed, for the UI to word.
    pub phone_unrecognised: Option<Country>,
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
        let (phone_e164, phone_unrecognised) = match phone::normalise(phone_in, country) {
            PhoneParse::Empty => (None, None),
            PhoneParse::Valid(e) => (Some(e), None),
            PhoneParse::Unrecognised => {
                if phone::digits(phone_in).is_empty() {
                    err(Field::Phone, CustomerProblem::PhoneWithoutDigits);
                }
                (None, Some(country))
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
                phone_unrecognised,
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
