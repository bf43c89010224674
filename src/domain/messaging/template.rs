//! Message templates: text with placeholders (`{first_name}`, `{balance}`…) personalised for one
//! customer, the starter templates in each app language, and the checks the editor shows.
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
//! Five starters ([`Starter`]) exist in English, Spanish and Indonesian without being stored:
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
}

impl Placeholder {
    pub const ALL: [Placeholder; 7] = [
        Placeholder::FirstName,
        Placeholder::Name,
        Placeholder::Business,
        Placeholder::LastPurchaseDate,
        Placeholder::DaysSinceLastPurchase,
        Placeholder::Balance,
        Placeholder::AmountOwed,
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
    values: [Option<String>; 7],
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
// Parsing, checking and rendering

/// One piece of a template body.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Placeholder, Option<String>),
    /// `{something}` that is not a placeholder (the text between the braces).
    Unknown(String),
}

/// Something the editor should point out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `{frist_name}`: not a placeholder; with the closest known one when there is one.
    Unknown {
        written: String,
        suggestion: Option<Placeholder>,
    },
    /// A `{` without its `}`.
    Unclosed,
}

/// Why a template can't be saved yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    NoName,
    /// Longer than this many letters.
    NameTooLong(usize),
    NoBody,
    /// Longer than this many letters.
    BodyTooLong(usize),
    /// A problem in the message's placeholders.
    Body(Problem),
}

/// The longest text between braces taken as a placeholder (longer is plain text).
const MAX_PLACEHOLDER: usize = 60;

fn parse(body: &str) -> (Vec<Piece>, bool) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut unclosed = false;
    let mut rest = body;
    while let Some(ch) = rest.chars().next() {
        if rest.starts_with("{{") || rest.starts_with("}}") {
            text.push(ch);
            rest = &rest[2..];
            continue;
        }
        if ch == '{' {
            let inner_end = rest[1..]
                .find(['}', '{', '\n'])
                .filter(|&i| rest.as_bytes()[1 + i] == b'}' && i <= MAX_PLACEHOLDER);
            if let Some(i) = inner_end {
                let inner = &rest[1..1 + i];
                let (key, fallback) = match inner.split_once('|') {
                    Some((k, f)) => (k, Some(f.trim().to_string())),
                    None => (inner, None),
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(match Placeholder::from_key(key) {
                    Some(p) => Piece::Field(p, fallback),
                    None => Piece::Unknown(inner.trim().to_string()),
                });
                rest = &rest[i + 2..];
                continue;
            }
            unclosed = true;
        }
        text.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    (pieces, unclosed)
}

/// What is wrong with a template body, for the editor: unknown placeholders (once each, in
/// order) and an unclosed brace.
pub fn check(body: &str) -> Vec<Problem> {
    let (pieces, unclosed) = parse(body);
    let mut out: Vec<Problem> = Vec::new();
    for p in pieces {
        if let Piece::Unknown(written) = p {
            if !out
                .iter()
                .any(|q| matches!(q, Problem::Unknown { written: w, .. } if *w == written))
            {
                let suggestion = closest(&written);
                out.push(Problem::Unknown {
                    written,
                    suggestion,
                });
            }
        }
    }
    if unclosed {
        out.push(Problem::Unclosed);
    }
    out
}

/// The placeholders a body uses, once each, in order.
pub fn used(body: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for piece in parse(body).0 {
        if let Piece::Field(p, _) = piece {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The known placeholder closest to a mistyped one (at most 3 edits away).
fn closest(written: &str) -> Option<Placeholder> {
    let key = written
        .split('|')
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_");
    Placeholder::ALL
        .into_iter()
        .map(|p| (edit_distance(&key, p.key()), p))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Marks where a placeholder left nothing, while rendering.
const GAP: char = '\u{0}';

/// The message for one customer: placeholders replaced by their values, or by the fallback
/// (the one written after `|`, else the placeholder's own); where nothing is left the spaces
/// and punctuation around it are tidied. Unknown placeholders leave nothing.
pub fn render(body: &str, values: &Values, lang: Language) -> String {
    let mut out = String::with_capacity(body.len() + 32);
    for piece in parse(body).0 {
        match piece {
            Piece::Text(t) => out.extend(t.chars().filter(|&c| c != GAP)),
            Piece::Field(p, custom) => {
                let value = values
                    .get(p)
                    .map(str::to_string)
                    .or(custom.filter(|f| !f.is_empty()))
                    .unwrap_or_else(|| p.fallback(lang).to_string());
                if value.trim().is_empty() {
                    out.push(GAP);
                } else {
                    out.extend(value.chars().filter(|&c| c != GAP));
                }
            }
            Piece::Unknown(_) => out.push(GAP),
        }
    }
    close_gaps(&out)
}

/// The placeholders a body uses that have no value for this customer (the editor's preview
/// says which fallback was used).
pub fn missing(body: &str, values: &Values) -> Vec<Placeholder> {
    used(body)
        .into_iter()
        .filter(|p| values.get(*p).is_none())
        .collect()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Removes the gap marks, tidying the spaces and punctuation around each.
fn close_gaps(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut capitalise = false;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch != GAP {
            if capitalise && !is_space(ch) {
                capitalise = false;
                if ch.is_lowercase() {
                    out.extend(ch.to_uppercase());
                    i += 1;
                    continue;
                }
            }
            out.push(ch);
            i += 1;
            continue;
        }
        let space_before = out.ends_with(is_space);
        while out.ends_with(is_space) {
            out.pop();
        }
        let mut space_after = false;
        while i < chars.len() && (chars[i] == GAP || is_space(chars[i])) {
            space_after |= chars[i] != GAP;
            i += 1;
        }
        let line_start = out.is_empty() || out.ends_with('\n');
        match chars.get(i).copied() {
            next @ (None | Some('\n' | '\r' | '.' | '!' | '?' | ',' | ';' | ':' | ')' | ']')) => {
                // "Happy birthday, !" → "Happy birthday!"; "Hello ," → "Hello,".
                while out.ends_with([',', ';', ':']) || out.ends_with(is_space) {
                    out.pop();
                }
                if line_start && matches!(next, Some(',' | ';' | ':')) {
                    // "{first_name}, your order is ready" → "Your order is ready".
                    i += 1;
                    while i < chars.len() && is_space(chars[i]) {
                        i += 1;
                    }
                    capitalise = true;
                }
            }
            Some(_) => {
                let after_open = out.ends_with(['(', '[', '¡', '¿']);
                if !line_start && !after_open && (space_before || space_after) {
                    out.push(' ');
                }
            }
        }
    }
    out
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

// ---------------------------------------------------------------------------------------------
// Starter templates

/// The templates every business starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Starter {
    ThankYou,
    MissYou,
    PaymentReminder,
    Birthday,
    NewStock,
}

impl Starter {
    pub const ALL: [Starter; 5] = [
        Starter::ThankYou,
        Starter::MissYou,
        Starter::PaymentReminder,
        Starter::Birthday,
        Starter::NewStock,
    ];

    /// The fixed id the starter (and an edited copy of it) has.
    pub fn id(self) -> &'static str {
        match self {
            Starter::ThankYou => "starter-thank-you",
            Starter::MissYou => "starter-miss-you",
            Starter::PaymentReminder => "starter-payment-reminder",
            Starter::Birthday => "starter-birthday",
            Starter::NewStock => "starter-new-stock",
        }
    }

    pub fn from_id(id: &str) -> Option<Starter> {
        Starter::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn purpose(self) -> Purpose {
        match self {
            Starter::ThankYou | Starter::PaymentReminder => Purpose::Service,
            Starter::MissYou | Starter::Birthday | Starter::NewStock => Purpose::Marketing,
        }
    }

    /// (name, body) in `lang`.
    pub fn text(self, lang: Language) -> (&'static str, &'static str) {
        use Language::*;
        match (self, lang) {
            (Starter::ThankYou, En) => ("Thank you for your purchase", "Hi {first_name}! Thank you for your purchase at {business}. We hope you love it. If you need anything, just reply here. 😊"),
            (Starter::ThankYou, Es) => ("Gracias por tu compra", "¡Hola {first_name}! Gracias por tu compra en {business}. Esperamos que te encante. Si necesitas algo, responde a este mensaje. 😊"),
            (Starter::ThankYou, Id) => ("Terima kasih sudah berbelanja", "Halo Kak {first_name}! Terima kasih sudah berbelanja di {business}. Semoga suka ya. Kalau ada yang dibutuhkan, balas saja pesan ini. 😊"),
            (Starter::MissYou, En) => ("We miss you", "Hi {first_name}! It's been a while since we last saw you at {business}. We have new things you might like. Come and take a look! 💛"),
            (Starter::MissYou, Es) => ("Te extrañamos", "¡Hola {first_name}! Hace tiempo que no te vemos por {business}. Tenemos novedades que te pueden gustar. ¡Ven a verlas! 💛"),
            (Starter::MissYou, Id) => ("Kami kangen", "Halo Kak {first_name}! Sudah lama tidak mampir ke {business}. Ada barang baru yang mungkin Kakak suka, yuk lihat-lihat! 💛"),
            (Starter::PaymentReminder, En) => ("Payment reminder", "Hello {first_name}! A friendly reminder from {business}: {amount_owed} is still open. Thank you!"),
            (Starter::PaymentReminder, Es) => ("Recordatorio de pago", "¡Hola {first_name}! Un recordatorio amable de {business}: queda pendiente {amount_owed}. ¡Gracias!"),
            (Starter::PaymentReminder, Id) => ("Pengingat pembayaran", "Halo Kak {first_name}, ini dari {business}. Sekadar mengingatkan, masih ada tagihan {amount_owed} yang belum dibayar. Terima kasih!"),
            (Starter::Birthday, En) => ("Happy birthday", "Happy birthday, {first_name}! 🎂 Everyone at {business} wishes you a wonderful day."),
            (Starter::Birthday, Es) => ("Feliz cumpleaños", "¡Feliz cumpleaños, {first_name}! 🎂 Todo el equipo de {business} te desea un día maravilloso."),
            (Starter::Birthday, Id) => ("Selamat ulang tahun", "Selamat ulang tahun, Kak {first_name}! 🎂 Semua dari {business} mendoakan hari yang menyenangkan untukmu."),
            (Starter::NewStock, En) => ("New stock arrived", "Hi {first_name}! New stock just arrived at {business}. Reply to this message to reserve yours before it's gone. ✨"),
            (Starter::NewStock, Es) => ("Llegaron productos nuevos", "¡Hola {first_name}! Acaban de llegar productos nuevos a {business}. Responde a este mensaje para separar el tuyo antes de que se agote. ✨"),
            (Starter::NewStock, Id) => ("Stok baru sudah datang", "Halo Kak {first_name}! Stok baru sudah datang di {business}. Balas pesan ini untuk pesan duluan sebelum kehabisan ya. ✨"),
        }
    }

    /// The starter as shipped, in `lang` (times 0: not stored).
    pub fn template(self, lang: Language) -> Template {
        let (name, body) = self.text(lang);
        Template {
            id: self.id().to_string(),
            name: name.to_string(),
            body: body.to_string(),
            purpose: self.purpose(),
            created_at: 0,
            updated_at: 0,
            deleted_at: None,
        }
    }
}

/// The template for a starter: the owner's edited copy when there is one (not in the Trash),
/// else the starter in `lang`.
pub fn starter_template(stored: &[Template], starter: Starter, lang: Language) -> Template {
    stored
        .iter()
        .find(|t| t.id == starter.id() && !t.is_deleted())
        .cloned()
        .unwrap_or_else(|| starter.template(lang))
}

/// The templates to list: the five starters (edited copies in their place), then the owner's
/// own templates by name. Templates in the Trash are left out.
pub fn effective(stored: &[Template], lang: Language) -> Vec<Template> {
    let mut out: Vec<Template> = Starter::ALL
        .into_iter()
        .map(|s| starter_template(stored, s, lang))
        .collect();
    let mut own: Vec<Template> = stored
        .iter()
        .filter(|t| t.starter().is_none() && !t.is_deleted())
        .cloned()
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut own, |t| (t.name.to_lowercase(), t.id.clone()));
    out.extend(own);
    out
}

/// The message for one customer from a starter (used by "remind" and the birthday greeting).
pub fn starter_message(
    stored: &[Template],
    starter: Starter,
    lang: Language,
    values: &Values,
) -> String {
    render(&starter_template(stored, starter, lang).body, values, lang)
}
