//! Message templates: text with placeholders, personalised for one customer.
//!
//! A template's text has placeholders (`{first_name}`, `{balance}`…); `body` parses, checks and
//! renders it, `starters` holds the starter templates in each app language.
//!
//! ## Placeholders
//! `{name}` is replaced by the customer's value. `{name|words}` uses `words` when the customer
//! has no value; without `|words` each placeholder has its own fallback (the business falls back
//! to "our shop"; a missing name leaves nothing). Where nothing is left, the words around it are
//! tidied: "Hello {first_name}, thanks" becomes "Hello, thanks", never "Hello , thanks", and
//! "Happy birthday, {first_name}!" becomes "Happy birthday!". A placeholder Rapport does not
//! know is reported by [`check`] while editing and never sent as typed. `{{` and `}}` write a
//! literal brace.
//!
//! ## Starter templates
//! Nine starters ([`Starter`]: five, and one per order status an order moves to) exist in English, Spanish and Indonesian without being stored:
//! they show in the app language. Editing one stores it under the starter's fixed id
//! (`starter-…`), so two phones that edit the same starter merge into one record; moving that
//! record to the Trash puts the original back.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::basics::locale::Language;
use crate::domain::basics::money::{format_money, Currency};
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::local_date;

mod body;
mod starters;

pub use body::*;
pub use starters::*;

/// Who may receive a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Offers, news, greetings: only customers who agreed to receive them.
    #[default]
    Marketing,
    /// About the customer's own business with you (an order, a payment): any customer.
    Service,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Service, Purpose::Marketing];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Marketing => "marketing",
            Purpose::Service => "service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Purpose::Marketing => "Marketing",
            Purpose::Service => "Service",
        }
    }

    /// The consent rule, in plain words (shown next to the choice).
    pub fn rule(self) -> &'static str {
        match self {
            Purpose::Marketing => "Offers, news and greetings. Campaigns send them only to customers who agreed to receive marketing messages.",
            Purpose::Service => "About an order or a payment. Campaigns may send them to every customer, except those marked “do not contact”.",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A message template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub body: String,
    #[serde(default)]
    pub purpose: Purpose,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

impl Template {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// The starter this template is (or edits), if any.
    pub fn starter(&self) -> Option<Starter> {
        Starter::from_id(&self.id)
    }

    /// Whether this is a starter as shipped (not stored yet).
    pub fn is_builtin(&self) -> bool {
        self.starter().is_some() && self.created_at == 0
    }
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/// A value a template can insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    FirstName,
    Name,
    Business,
    LastPurchaseDate,
    DaysSinceLastPurchase,
    Balance,
    AmountOwed,
    /// How to pay the business (its first payment method: a UPI link, bank details…); set by
    /// the payment reminders, empty elsewhere.
    PayLink,
    /// When an order is due (a date); set by an order's status message, empty elsewhere.
    OrderDue,
    /// The customer's loyalty balance ("12 points", "3 of 10 stamps"); set where the balance
    /// is known (the customer page), empty elsewhere.
    Points,
    /// How many more stamps (or points) until their next reward; set like [`Placeholder::Points`].
    StampsLeft,
}

impl Placeholder {
    pub const ALL: [Placeholder; 11] = [
        Placeholder::FirstName,
        Placeholder::Name,
        Placeholder::Business,
        Placeholder::LastPurchaseDate,
        Placeholder::DaysSinceLastPurchase,
        Placeholder::Balance,
        Placeholder::AmountOwed,
        Placeholder::PayLink,
        Placeholder::OrderDue,
        Placeholder::Points,
        Placeholder::StampsLeft,
    ];

    /// The name written between braces.
    pub fn key(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Name => "name",
            Placeholder::Business => "business",
            Placeholder::LastPurchaseDate => "last_purchase_date",
            Placeholder::DaysSinceLastPurchase => "days_since_last_purchase",
            Placeholder::Balance => "balance",
            Placeholder::AmountOwed => "amount_owed",
            Placeholder::PayLink => "pay_link",
            Placeholder::OrderDue => "order_due",
            Placeholder::Points => "points",
            Placeholder::StampsLeft => "stamps_left",
        }
    }

    /// What it inserts, in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            Placeholder::FirstName => "The customer's first name",
            Placeholder::Name => "The customer's full name",
            Placeholder::Business => "Your business name (Settings)",
            Placeholder::LastPurchaseDate => "The date of their last purchase",
            Placeholder::DaysSinceLastPurchase => "Days since their last purchase",
            Placeholder::Balance => "What they owe (negative: credit)",
            Placeholder::AmountOwed => "What they owe (zero when nothing)",
            Placeholder::PayLink => "How to pay you (Settings, How customers pay you)",
            Placeholder::OrderDue => "When their order is due (order messages)",
            Placeholder::Points => "Their loyalty points (or stamps)",
            Placeholder::StampsLeft => "How many more until a loyalty reward",
        }
    }

    pub fn from_key(key: &str) -> Option<Placeholder> {
        let key = key.trim();
        Placeholder::ALL
            .into_iter()
            .find(|p| p.key().eq_ignore_ascii_case(key))
    }

    /// The words used when the customer has no value ("" leaves nothing and tidies around it).
    pub fn fallback(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Placeholder::Business, Language::En) => "our shop",
            (Placeholder::Business, Language::Es) => "nuestra tienda",
            (Placeholder::Business, Language::Id) => "toko kami",
            _ => "",
        }
    }
}

/// The values of every placeholder for one customer (`None`: they have none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    values: [Option<String>; Placeholder::ALL.len()],
}

impl Values {
    pub fn get(&self, p: Placeholder) -> Option<&str> {
        self.values[p as usize]
            .as_deref()
            .filter(|v| !v.trim().is_empty())
    }

    pub fn set(&mut self, p: Placeholder, value: impl Into<String>) {
        let v: String = value.into();
        self.values[p as usize] = (!v.trim().is_empty()).then_some(v);
    }

    /// These values with the amounts a customer owes (`{balance}`, `{amount_owed}`) replaced by
    /// `stand_in`, for a preview on a phone in staff view (the message sent keeps the amounts).
    pub fn amounts_hidden(mut self, stand_in: &str) -> Values {
        for p in [Placeholder::Balance, Placeholder::AmountOwed] {
            if self.get(p).is_some() {
                self.set(p, stand_in);
            }
        }
        self
    }

    /// The values for customer `c` of `business`, at `now` in the phone's time zone; dates
    /// are written in `lang`.
    pub fn for_customer(
        c: &Customer,
        business: &str,
        currency: Currency,
        lang: Language,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Values {
        let mut v = Values::default();
        let name = c.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(first) = name.split(' ').next() {
            v.set(Placeholder::FirstName, first);
        }
        v.set(Placeholder::Name, name.clone());
        v.set(Placeholder::Business, business.trim());
        if let Some(last) = c.summary.last_purchase_at {
            let day = local_date(last, tz_offset_minutes);
            v.set(Placeholder::LastPurchaseDate, format_date(day, lang));
            let days = (local_date(now, tz_offset_minutes) - day).num_days().max(0);
            v.set(Placeholder::DaysSinceLastPurchase, days.to_string());
        }
        let balance = c.summary.balance;
        v.set(Placeholder::Balance, format_money(balance, currency, lang));
        v.set(
            Placeholder::AmountOwed,
            format_money(balance.max(0), currency, lang),
        );
        v
    }
}

/// A date as written in a message: "14 March 2026", "14 de marzo de 2026", "14 Maret 2026".
pub fn format_date(day: NaiveDate, lang: Language) -> String {
    use chrono::Datelike;
    let m = day.month0() as usize;
    match lang {
        Language::En => format!(
            "{} {} {}",
            day.day(),
            crate::domain::basics::time::MONTHS[m],
            day.year()
        ),
        Language::Es => format!(
            "{} de {} de {}",
            day.day(),
            crate::domain::basics::time::MONTHS_ES[m],
            day.year()
        ),
        Language::Id => format!(
            "{} {} {}",
            day.day(),
            crate::domain::basics::time::MONTHS_ID[m],
            day.year()
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Editing

/// What the template form holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TemplateDraft {
    pub name: String,
    pub body: String,
    pub purpose: Purpose,
}

/// The longest name and message accepted.
pub const MAX_NAME: usize = 80;
pub const MAX_BODY: usize = 2000;

impl TemplateDraft {
    pub fn of(t: &Template) -> TemplateDraft {
        TemplateDraft {
            name: t.name.clone(),
            body: t.body.clone(),
            purpose: t.purpose,
        }
    }

    /// The problems that stop saving (empty: it can be saved); the UI words them.
    pub fn problems(&self) -> Vec<DraftProblem> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            out.push(DraftProblem::NoName);
        } else if name.chars().count() > MAX_NAME {
            out.push(DraftProblem::NameTooLong(MAX_NAME));
        }
        if self.body.trim().is_empty() {
            out.push(DraftProblem::NoBody);
        } else if self.body.chars().count() > MAX_BODY {
            out.push(DraftProblem::BodyTooLong(MAX_BODY));
        }
        out.extend(check(&self.body).into_iter().map(DraftProblem::Body));
        out
    }

    /// A new template, or an edit of `existing` (keeping its id and creation time; a starter
    /// as shipped gets created now under its own id).
    pub fn build(
        &self,
        existing: Option<&Template>,
        new_id: impl FnOnce() -> String,
        now: Millis,
    ) -> Result<Template, Vec<DraftProblem>> {
        let errors = self.problems();
        if !errors.is_empty() {
            return Err(errors);
        }
        let (id, created_at) = match existing {
            Some(t) if t.created_at > 0 => (t.id.clone(), t.created_at),
            Some(t) => (t.id.clone(), now),
            None => (new_id(), now),
        };
        Ok(Template {
            id,
            name: self.name.trim().to_string(),
            body: self.body.trim().replace("\r\n", "\n"),
            purpose: self.purpose,
            created_at,
            updated_at: now.max(existing.map(|t| t.updated_at + 1).unwrap_or(now)),
            deleted_at: None,
        })
    }
}
