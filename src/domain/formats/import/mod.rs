//! Importing customers from a CSV file (Google Contacts, Outlook, Rapport's own export or any
//! sheet with English, Spanish or Indonesian headers) or a vCard file (see `vcard.rs`).
//!
//! The flow, the same for both kinds of file:
//! 1. [`decode`] the file's bytes (UTF-8, UTF-16 or Windows-1252) and read it
//!    ([`csv::parse`](crate::domain::formats::csv::parse) or [`vcard::drafts`](crate::domain::formats::vcard::drafts)).
//! 2. CSV only: [`detect`] which column holds what from the header row (a [`Mapping`] the owner
//!    can change), then [`rows_to_drafts`].
//! 3. [`plan`]: each row is checked and matched against the existing customers and the earlier
//!    rows of the file, by phone (E.164) or email; the owner sees a default [`Action`] per row
//!    and may change it.
//! 4. [`apply`]: the customers to write and a [`Report`].
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1, the first customer is
//! row 2. For vCard files the number is the contact's position in the file (1 = first).
//!
//! ## What goes where
//! - **Name**: the name column; else first + middle + last name. When a row has no name, a new
//!   customer is called by the company, else the email (but an update never renames).
//! - **Phone**: the first phone labelled mobile/cell/WhatsApp (or from a column so named), else
//!   the first phone. Other numbers go into the notes as "Other phones: …" with their labels;
//!   so do other emails ("Other emails: …"), the company ("Company: …") and the address
//!   ("Address: …"). Google's `:::` separated values are split.
//! - **Tags**: Google's labels without its system labels (`* myContacts`, `* starred`), split on
//!   `:::`, `,` and `;`.
//! - **Birthday**: `1985-03-14`, `19850314`, `--03-14`, `--0314`, `14/03/1985`, `14-03-1985`,
//!   `14.03.1985`, `14/03`, `14-03`, `March 14, 1985`, `14 de marzo`, `14 Maret 1985`. Whether
//!   `03/04/1985` is day or month first is [`Mapping::date_order`]; by default it is decided
//!   from the column (a first number above 12 means day first, a second above 12 means month
//!   first), else day first. Outlook's empty `0/0/00` is empty. A birthday that cannot be read
//!   goes into the notes, with a warning.
//! - Whatever does not fit the customer's limits is shortened, with a warning, rather than
//!   losing the row: names over 200 letters, tags over 40, more than 30 tags, notes over 20,000.

mod dates;
mod decode;
mod detect;
mod problems;
mod rows;
mod table;

pub use dates::*;
pub use decode::*;
pub use detect::*;
pub use problems::*;
pub use rows::*;
pub use table::*;

use std::collections::HashMap;

use crate::domain::basics::locale::Country;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::{Customer, FieldError};

// ---------------------------------------------------------------------------------------------
// Plan

/// What to do with one imported row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Add a new customer.
    Add,
    /// Merge into the matched customer (or the customer an earlier row became).
    Update,
    /// Leave it out.
    Skip,
}

/// Why a row was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchReason {
    SamePhone,
    SameEmail,
}

/// Who a row was matched with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MatchTarget {
    /// An existing customer (by id).
    Customer(String),
    /// An earlier row of the same file (by row number) that will become a new customer.
    Row(usize),
}

/// One row of the import preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub input: RowDraft,
    pub matched: Option<MatchTarget>,
    pub reason: Option<MatchReason>,
    /// The default: Update when matched, Add when not, Skip when the row has a problem.
    pub action: Action,
    /// Why the row cannot be imported as it is (it is then counted as an error).
    pub problem: Option<RowProblem>,
    /// The row's warnings, and the phone warning of the customer check.
    pub warnings: Vec<RowWarning>,
}

impl PlanRow {
    pub fn row(&self) -> usize {
        self.input.row
    }

    /// The id of the existing customer this row matched.
    pub fn matched_customer(&self) -> Option<&str> {
        match &self.matched {
            Some(MatchTarget::Customer(id)) => Some(id),
            _ => None,
        }
    }
}

/// Checks each row and matches it by phone (E.164, normalised for `country`) or email (lower
/// case) against the customers not in the Trash, then against the earlier rows of the file. A
/// row matched to an earlier row that itself matched a customer is matched to that customer.
pub fn plan(
    drafts: &[Result<RowDraft, RowError>],
    existing: &[Customer],
    country: Country,
) -> Vec<PlanRow> {
    let mut by_phone: HashMap<&str, &str> = HashMap::new();
    let mut by_email: HashMap<&str, &str> = HashMap::new();
    for c in existing.iter().filter(|c| !c.is_deleted()) {
        if let Some(p) = c.phone_e164.as_deref() {
            by_phone.entry(p).or_insert(&c.id);
        }
        if !c.email.is_empty() {
            by_email.entry(c.email.as_str()).or_insert(&c.id);
        }
    }
    let mut file_phone: HashMap<String, MatchTarget> = HashMap::new();
    let mut file_email: HashMap<String, MatchTarget> = HashMap::new();
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let input = match d {
            Err(e) => {
                out.push(PlanRow {
                    input: RowDraft {
                        row: e.row,
                        ..RowDraft::default()
                    },
                    matched: None,
                    reason: None,
                    action: Action::Skip,
                    problem: Some(e.problem.clone()),
                    warnings: Vec::new(),
                });
                continue;
            }
            Ok(input) => input.clone(),
        };
        let mut warnings = input.warnings.clone();
        let checked = match input.for_new().check(country) {
            Ok(c) => c,
            Err(errors) => {
                out.push(PlanRow {
                    input,
                    matched: None,
                    reason: None,
                    action: Action::Skip,
                    problem: Some(RowProblem::Invalid(errors)),
                    warnings,
                });
                continue;
            }
        };
        if let Some(country) = checked.phone_unrecognised {
            warnings.push(RowWarning::PhoneUnrecognised { country });
        }
        let phone = checked.phone_e164.clone();
        let email = (!checked.email.is_empty()).then(|| checked.email.clone());
        let found = phone
            .as_deref()
            .and_then(|p| by_phone.get(p))
            .map(|id| {
                (
                    MatchTarget::Customer(id.to_string()),
                    MatchReason::SamePhone,
                )
            })
            .or_else(|| {
                let id = by_email.get(email.as_deref()?)?;
                Some((
                    MatchTarget::Customer(id.to_string()),
                    MatchReason::SameEmail,
                ))
            })
            .or_else(|| {
                let t = file_phone.get(phone.as_deref()?)?;
                Some((t.clone(), MatchReason::SamePhone))
            })
            .or_else(|| {
                let t = file_email.get(email.as_deref()?)?;
                Some((t.clone(), MatchReason::SameEmail))
            });
        let target = found
            .as_ref()
            .map(|(t, _)| t.clone())
            .unwrap_or(MatchTarget::Row(input.row));
        if let Some(p) = phone {
            file_phone.entry(p).or_insert_with(|| target.clone());
        }
        if let Some(e) = email {
            file_email.entry(e).or_insert(target);
        }
        let (matched, reason) = match found {
            Some((t, r)) => (Some(t), Some(r)),
            None => (None, None),
        };
        out.push(PlanRow {
            action: if matched.is_some() {
                Action::Update
            } else {
                Action::Add
            },
            input,
            matched,
            reason,
            problem: None,
            warnings,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Apply

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// New customers.
    pub added: usize,
    /// Rows merged into a customer (existing, or new from an earlier row) that changed it.
    pub updated: usize,
    /// Rows to update that held nothing new.
    pub unchanged: usize,
    /// Rows the owner chose to skip.
    pub skipped: usize,
    /// Rows that could not be imported: (row, why).
    pub errors: Vec<(usize, RowProblem)>,
}

/// `a` and `b` as one line: `b` added when it is not already in `a`.
fn append_text(a: &str, b: &str, sep: &str) -> String {
    let (a, b) = (a.trim(), b.trim());
    if b.is_empty() || a.contains(b) {
        a.to_string()
    } else if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}{sep}{b}")
    }
}

/// `base` with the non-empty fields of `input` merged in: imported values replace existing
/// ones, tags are united, notes appended (unless already there), a replaced phone or email is
/// kept in the notes, the birthday year kept when the import has the same day without a year.
/// `updated_at` becomes `now` (never earlier than before).
fn merge(
    base: &Customer,
    input: &RowDraft,
    country: Country,
    now: Millis,
) -> Result<Customer, Vec<FieldError>> {
    let d = &input.draft;
    let mut m = base.to_draft();
    let mut extra: Vec<String> = Vec::new();
    if !d.name.trim().is_empty() {
        m.name = d.name.clone();
    }
    if !d.phone.trim().is_empty() {
        if !m.phone.trim().is_empty() && !same_number(&m.phone, &d.phone) {
            extra.push(format!("Other phones: {}", m.phone.trim()));
        }
        m.phone = d.phone.clone();
    }
    if !d.email.trim().is_empty() {
        if !m.email.is_empty() && m.email != d.email.trim().to_lowercase() {
            extra.push(format!("Other emails: {}", m.email));
        }
        m.email = d.email.clone();
    }
    if !d.tags.trim().is_empty() {
        m.tags = format!("{}, {}", m.tags, d.tags);
    }
    if input.sets_status {
        m.status = d.status;
    }
    if d.preferred_channel.is_some() {
        m.preferred_channel = d.preferred_channel;
    }
    for (to, from) in [
        (&mut m.instagram, &d.instagram),
        (&mut m.facebook, &d.facebook),
        (&mut m.tiktok, &d.tiktok),
    ] {
        if !from.trim().is_empty() {
            *to = from.clone();
        }
    }
    m.notes = append_text(&m.notes, &d.notes, "\n\n");
    for e in extra {
        m.notes = append_text(&m.notes, &e, "\n");
    }
    if !d.birthday_day.trim().is_empty() {
        let same_day = m.birthday_day == d.birthday_day && m.birthday_month == d.birthday_month;
        if !(same_day && d.birthday_year.trim().is_empty()) {
            m.birthday_year = d.birthday_year.clone();
        }
        m.birthday_day = d.birthday_day.clone();
        m.birthday_month = d.birthday_month.clone();
    }
    if input.sets_consent {
        m.marketing_consent = d.marketing_consent;
    }
    m.apply_to(base, country, now)
}

/// Carries out the plan with the owner's `choices` (one per plan row; missing ones take the
/// row's default). Returns the customers to write (each once, new ones with ids from `new_id`)
/// and the report.
///
/// Update merges into the matched customer (see the module docs); several rows may merge into
/// the same customer. When the row a row was matched to was skipped or failed, the matched
/// customer is not among `existing` (any more), or an unmatched row is set to Update, it is
/// added instead. Rows with a problem are counted as errors whatever their choice.
pub fn apply(
    plan: &[PlanRow],
    choices: &[Action],
    existing: &[Customer],
    country: Country,
    now: Millis,
    mut new_id: impl FnMut() -> String,
) -> (Vec<Customer>, Report) {
    let mut out: Vec<Customer> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut row_customer: HashMap<usize, String> = HashMap::new();
    let mut report = Report::default();
    let live: HashMap<&str, &Customer> = existing
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| (c.id.as_str(), c))
        .collect();
    for (i, p) in plan.iter().enumerate() {
        let row = p.row();
        if let Some(problem) = &p.problem {
            report.errors.push((row, problem.clone()));
            continue;
        }
        let action = choices.get(i).copied().unwrap_or(p.action);
        let target_id = match (&p.matched, action) {
            (_, Action::Skip) => {
                report.skipped += 1;
                continue;
            }
            (Some(MatchTarget::Customer(id)), Action::Update) => Some(id.clone()),
            (Some(MatchTarget::Row(r)), Action::Update) => row_customer.get(r).cloned(),
            _ => None,
        };
        let base = target_id.as_ref().and_then(|id| match index.get(id) {
            Some(&k) => Some(out[k].clone()),
            None => live.get(id.as_str()).map(|c| (*c).clone()),
        });
        match base {
            Some(base) => match merge(&base, &p.input, country, now) {
                Ok(merged) => {
                    let mut same = merged.clone();
                    same.updated_at = base.updated_at;
                    row_customer.insert(row, base.id.clone());
                    if same == base {
                        report.unchanged += 1;
                    } else {
                        report.updated += 1;
                        match index.get(&base.id) {
                            Some(&k) => out[k] = merged,
                            None => {
                                index.insert(base.id.clone(), out.len());
                                out.push(merged);
                            }
                        }
                    }
                }
                Err(e) => report.errors.push((row, RowProblem::Invalid(e))),
            },
            None => match p.input.for_new().build_new(country, new_id(), now) {
                Ok(c) => {
                    report.added += 1;
                    row_customer.insert(row, c.id.clone());
                    index.insert(c.id.clone(), out.len());
                    out.push(c);
                }
                Err(e) => report.errors.push((row, RowProblem::Invalid(e))),
            },
        }
    }
    (out, report)
}
