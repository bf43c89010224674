//! A row or contact read into a customer draft: what goes where, and what is shortened.

use crate::domain::basics::phone;
use crate::domain::records::customer::{
    looks_like_email, Birthday, Channel, CustomerDraft, Status, MAX_NAME, MAX_NOTES, MAX_TAGS,
    MAX_TAG_LEN,
};

use super::{header_key, RowProblem, RowWarning};

/// A row (or vCard contact) read into a customer draft, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowDraft {
    /// The spreadsheet row (header = 1) or the contact's position in a vCard file (from 1).
    pub row: usize,
    /// The fields read. `name` is empty when the row had no name.
    pub draft: CustomerDraft,
    /// What to call a new customer when the row has no name: the company, else the email.
    pub fallback_name: String,
    /// Whether the row said the status (else `draft.status` is only the default).
    pub sets_status: bool,
    /// Whether the row said yes or no to marketing (else `draft.marketing_consent` is only
    /// the default).
    pub sets_consent: bool,
    /// Things the owner should know (a birthday moved to the notes, a shortened name…).
    pub warnings: Vec<RowWarning>,
}

impl RowDraft {
    /// The draft for a new customer: the fallback name when there is no name.
    pub fn for_new(&self) -> CustomerDraft {
        let mut d = self.draft.clone();
        if d.name.trim().is_empty() {
            d.name = self.fallback_name.clone();
        }
        d
    }

    /// The name to show in the preview.
    pub fn display_name(&self) -> &str {
        if !self.draft.name.trim().is_empty() {
            &self.draft.name
        } else if !self.fallback_name.is_empty() {
            &self.fallback_name
        } else {
            &self.draft.phone
        }
    }
}

/// A row that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub problem: RowProblem,
}

/// A phone number or email with its label ("mobile", "Work", "WhatsApp").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labelled {
    pub value: String,
    pub label: String,
    /// Marked as the preferred one (vCard `PREF`).
    pub preferred: bool,
}

fn words_of(s: &str) -> Vec<String> {
    header_key(s).split(' ').map(str::to_string).collect()
}

impl Labelled {
    /// Labelled as a mobile: mobile, cell, iPhone, WhatsApp, celular, móvil, HP, ponsel.
    pub fn is_mobile(&self) -> bool {
        words_of(&self.label).iter().any(|w| {
            [
                "mobile",
                "cell",
                "iphone",
                "whatsapp",
                "wa",
                "celular",
                "movil",
                "hp",
                "handphone",
                "ponsel",
            ]
            .contains(&w.as_str())
        })
    }

    pub fn is_fax(&self) -> bool {
        words_of(&self.label).iter().any(|w| w == "fax")
    }
}

/// What was found for one customer in a row or contact, before it becomes a [`RowDraft`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Gathered {
    pub name: String,
    pub company: String,
    pub nickname: String,
    pub phones: Vec<Labelled>,
    pub emails: Vec<Labelled>,
    pub tags: Vec<String>,
    pub notes: Vec<String>,
    pub addresses: Vec<String>,
    pub birthday: Option<Birthday>,
    /// A birthday as written, when it could not be read.
    pub birthday_unread: String,
    pub instagram: String,
    pub facebook: String,
    pub tiktok: String,
    pub status: Option<Status>,
    pub channel: Option<Channel>,
    pub consent: Option<bool>,
    pub warnings: Vec<RowWarning>,
}

/// Whether two phone numbers are the same, ignoring formatting, a trunk 0 and the calling code.
pub(super) fn same_number(a: &str, b: &str) -> bool {
    let (da, db) = (phone::digits(a), phone::digits(b));
    let (da, db) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
    let (short, long) = if da.len() <= db.len() {
        (da, db)
    } else {
        (db, da)
    };
    if short.len() < 7 {
        short == long
    } else {
        long.ends_with(short)
    }
}

/// "n/a", "none", "sin", "tidak ada": nothing written.
fn placeholder(s: &str) -> bool {
    [
        "n a",
        "na",
        "none",
        "no",
        "nil",
        "null",
        "sin",
        "ninguno",
        "tidak ada",
        "tidak",
        "x",
    ]
    .contains(&header_key(s).as_str())
}

/// The label as people read it: Apple's "_$!<Mobile>!$_" → "Mobile", Google's "* Work" → "Work".
pub(crate) fn clean_label(label: &str) -> String {
    let l = label.trim();
    let l = l
        .strip_prefix("_$!<")
        .and_then(|r| r.strip_suffix(">!$_"))
        .unwrap_or(l);
    l.trim_start_matches('*').trim().to_string()
}

fn with_label(l: &Labelled) -> String {
    if l.label.is_empty() {
        l.value.clone()
    } else {
        format!("{} ({})", l.value, l.label)
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// A phone Excel turned into a number in scientific notation: "6.28123E+12".
fn excel_mangled(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    let Some((mantissa, exp)) = t.split_once("E+") else {
        return false;
    };
    !mantissa.is_empty()
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

impl Gathered {
    pub(crate) fn finish(mut self, row: usize) -> Result<RowDraft, RowError> {
        let mut extra: Vec<String> = Vec::new();

        // Phones: the mobile (preferred first), else the preferred, else the first; not a fax.
        let mut phones: Vec<Labelled> = Vec::new();
        for p in std::mem::take(&mut self.phones) {
            let value = p.value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            if phone::digits(&value).is_empty() {
                if value.chars().any(char::is_alphabetic) && !placeholder(&value) {
                    extra.push(format!("Phone: {value}"));
                }
                continue;
            }
            phones.push(Labelled { value, ..p });
        }
        let score = |p: &Labelled| {
            u8::from(!p.is_fax()) * 4 + u8::from(p.is_mobile()) * 2 + u8::from(p.preferred)
        };
        let best = (0..phones.len()).fold(None::<usize>, |best, i| match best {
            Some(b) if score(&phones[b]) >= score(&phones[i]) => Some(b),
            _ => Some(i),
        });
        let main_phone = best.map(|i| phones.remove(i)).unwrap_or_default();
        let mut others: Vec<&Labelled> = Vec::new();
        for p in &phones {
            if !same_number(&p.value, &main_phone.value)
                && !others.iter().any(|o| same_number(&o.value, &p.value))
            {
                others.push(p);
            }
        }
        if !others.is_empty() {
            let list: Vec<String> = others.iter().map(|p| with_label(p)).collect();
            extra.push(format!("Other phones: {}", list.join(", ")));
        }
        if excel_mangled(&main_phone.value) {
            self.warnings.push(RowWarning::PhoneMangled {
                value: main_phone.value.clone(),
            });
        }

        // Emails: split Google's ":::" and lists; the preferred valid one, else the first.
        let mut valid: Vec<Labelled> = Vec::new();
        for e in std::mem::take(&mut self.emails) {
            for part in e
                .value
                .split(":::")
                .flat_map(|p| p.split([',', ';', ' ', '\n', '\t']))
            {
                let part = part.trim().trim_start_matches("mailto:").trim();
                if part.is_empty() {
                    continue;
                }
                let lower = part.to_lowercase();
                if looks_like_email(&lower) {
                    if !valid.iter().any(|v| v.value == lower) {
                        valid.push(Labelled {
                            value: lower,
                            ..e.clone()
                        });
                    }
                } else {
                    extra.push(format!("Email: {part}"));
                    self.warnings.push(RowWarning::NotAnEmail {
                        value: part.to_string(),
                    });
                }
            }
        }
        let main_email = valid
            .iter()
            .position(|e| e.preferred)
            .or((!valid.is_empty()).then_some(0))
            .map(|i| valid.remove(i))
            .unwrap_or_default();
        if !valid.is_empty() {
            let list: Vec<String> = valid.iter().map(with_label).collect();
            extra.push(format!("Other emails: {}", list.join(", ")));
        }

        // Name, and what to call a customer without one.
        let mut name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > MAX_NAME {
            name = truncate_chars(&name, MAX_NAME);
            self.warnings
                .push(RowWarning::NameShortened { max: MAX_NAME });
        }
        let company = self.company.trim();
        let nickname = self.nickname.trim();
        let fallback = [company, nickname, main_email.value.as_str()]
            .into_iter()
            .find(|s| !s.is_empty())
            .map(|s| truncate_chars(s, MAX_NAME))
            .unwrap_or_default();
        if !company.is_empty() && !name.is_empty() && company != name {
            extra.push(format!("Company: {company}"));
        }
        for a in &self.addresses {
            let a = a.trim();
            if !a.is_empty() {
                extra.push(format!("Address: {}", a.replace('\n', ", ")));
            }
        }
        let unread = self.birthday_unread.trim();
        if !unread.is_empty() {
            extra.push(format!("Birthday: {unread}"));
            self.warnings.push(RowWarning::BirthdayUnread {
                value: unread.to_string(),
            });
        }

        if name.is_empty() && main_phone.value.is_empty() && fallback.is_empty() {
            return Err(RowError {
                row,
                problem: RowProblem::Nobody,
            });
        }

        // Tags: Google's system labels ("* myContacts", "* starred") are left out.
        let mut tags: Vec<String> = Vec::new();
        let mut shortened = false;
        for t in &self.tags {
            for t in t.split(":::").flat_map(|t| t.split([',', ';', '\n'])) {
                let t = t.trim().trim_start_matches('#').trim();
                if t.is_empty() || t.starts_with('*') {
                    continue;
                }
                let t = if t.chars().count() > MAX_TAG_LEN {
                    shortened = true;
                    truncate_chars(t, MAX_TAG_LEN).trim().to_string()
                } else {
                    t.to_string()
                };
                if !tags.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
                    tags.push(t);
                }
            }
        }
        if shortened {
            self.warnings
                .push(RowWarning::TagShortened { max: MAX_TAG_LEN });
        }
        if tags.len() > MAX_TAGS {
            tags.truncate(MAX_TAGS);
            self.warnings
                .push(RowWarning::TooManyTags { max: MAX_TAGS });
        }

        // Notes, then what did not fit elsewhere.
        let mut notes = self
            .notes
            .iter()
            .map(|n| {
                n.replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .trim()
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        if !extra.is_empty() {
            if !notes.is_empty() {
                notes.push_str("\n\n");
            }
            notes.push_str(&extra.join("\n"));
        }
        if notes.chars().count() > MAX_NOTES {
            notes = truncate_chars(&notes, MAX_NOTES);
            self.warnings
                .push(RowWarning::NotesShortened { max: MAX_NOTES });
        }

        let b = self.birthday;
        let draft = CustomerDraft {
            name,
            phone: main_phone.value,
            email: main_email.value,
            tags: tags.join(", "),
            status: self.status.unwrap_or_default(),
            preferred_channel: self.channel,
            instagram: self.instagram.trim().to_string(),
            facebook: self.facebook.trim().to_string(),
            tiktok: self.tiktok.trim().to_string(),
            notes,
            birthday_day: b.map(|b| b.day.to_string()).unwrap_or_default(),
            birthday_month: b.map(|b| b.month.to_string()).unwrap_or_default(),
            birthday_year: b
                .and_then(|b| b.year)
                .map(|y| y.to_string())
                .unwrap_or_default(),
            marketing_consent: self.consent.unwrap_or(false),
            do_not_contact: false,
            source: String::new(),
        };
        Ok(RowDraft {
            row,
            draft,
            fallback_name: fallback,
            sets_status: self.status.is_some(),
            sets_consent: self.consent.is_some(),
            warnings: self.warnings,
        })
    }
}
