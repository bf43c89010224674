//! Reading contacts from vCard files (.vcf) as phones export them: vCard 2.1 (older Android),
//! 3.0 (iPhone, Google) and 4.0. The contacts become [`RowDraft`]s for the same
//! [`plan`](crate::domain::formats::import::plan) / [`apply`](crate::domain::formats::import::apply) flow as a CSV import.
//!
//! What is understood:
//! - `BEGIN:VCARD` … `END:VCARD` blocks (case-insensitive, anything between blocks ignored, a
//!   nested card skipped); CRLF, LF or CR line ends; a byte order mark.
//! - Folded lines (a line break followed by a space or tab) and vCard 2.1 quoted-printable
//!   values with soft line breaks (`=` at the end of a line) and `CHARSET=UTF-8` (a character
//!   split over several `=XX` escapes is put back together); `ISO-8859-1`/`WINDOWS-1252`
//!   charsets; base64-encoded text values.
//! - Grouped properties: `item1.TEL` with `item1.X-ABLabel:WhatsApp` (or `_$!<Mobile>!$_`).
//! - Escapes `\,` `\;` `\:` `\\` `\n` `\N`; structured `N` (Family;Given;Middle;Prefix;Suffix),
//!   `ORG`, `ADR`, comma-separated `CATEGORIES` and `NICKNAME`.
//! - `PHOTO`, `LOGO`, `SOUND`, `KEY` and unknown properties are ignored.
//!
//! Decisions:
//! - **Name**: `FN`; else given, middle and family names from `N`; a contact with neither is
//!   named by its company (`ORG`), else its nickname, else its email.
//! - **Phone**: several `TEL`s are common. The customer's phone is the first one typed or
//!   labelled mobile (`CELL`, "mobile", "iPhone", "WhatsApp", "celular", "HP"…), preferring one
//!   marked `PREF`; else the first `PREF` one; else the first; a fax only when there is nothing
//!   else. The other numbers are kept in the notes as "Other phones: … (label)", so no number
//!   is lost. Emails likewise: the `PREF` one, else the first; others as "Other emails: …".
//! - **Birthday**: `1985-03-14`, `19850314`, `--0314`, `--03-14`, with or without a time; a
//!   year outside 1900–2100 (Apple's 1604 for "no year") is dropped. Unreadable: into the notes.
//! - `NOTE` → notes; `CATEGORIES` → tags; `ORG` → "Company: …" in the notes (when there is a
//!   name); `ADR` → "Address: …" in the notes; Instagram, Facebook and TikTok from `URL`,
//!   `X-SOCIALPROFILE` or `IMPP` values that point at them.
//! - A card cut off by the end of the file is still read (with a warning); a card with no
//!   name, phone, email, company or nickname is an error.
//!
//! Nothing here panics, whatever the input (property tests mutate the fixtures).

mod lines;

use std::collections::HashMap;

use crate::domain::formats::import::{
    clean_label, parse_birthday, DateOrder, Gathered, Labelled, RowDraft, RowError, RowProblem,
    RowWarning,
};
use crate::domain::records::customer::Birthday;

use lines::{logical_lines, parse_prop, Prop};

/// A contact that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VCardError {
    /// The card has no name, phone number, email, company or nickname.
    Empty { contact: usize },
    /// The file ends in the middle of the card, before anything usable.
    CutOff { contact: usize },
}

impl VCardError {
    /// The contact's position in the file (1 = first).
    pub fn contact(&self) -> usize {
        match self {
            VCardError::Empty { contact } | VCardError::CutOff { contact } => *contact,
        }
    }

    /// The same, as a row problem of the import preview.
    pub fn problem(&self) -> RowProblem {
        match self {
            VCardError::Empty { .. } => RowProblem::Nobody,
            VCardError::CutOff { .. } => RowProblem::CutOff,
        }
    }
}

/// One contact as read from a vCard file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VCardContact {
    /// The position in the file (1 = first).
    pub contact: usize,
    /// `VERSION` as written ("2.1", "3.0", "4.0"); empty when missing.
    pub version: String,
    /// `FN`.
    pub formatted_name: String,
    /// From `N`.
    pub family_name: String,
    pub given_name: String,
    pub middle_name: String,
    pub nickname: String,
    /// The first part of `ORG`.
    pub organization: String,
    /// `TEL`s in file order, with their labels ("mobile", "home fax", "WhatsApp").
    pub phones: Vec<Labelled>,
    pub emails: Vec<Labelled>,
    pub birthday: Option<Birthday>,
    /// `BDAY` as written when it could not be read.
    pub birthday_text: String,
    /// `NOTE`s, joined by line breaks.
    pub note: String,
    pub categories: Vec<String>,
    /// `ADR`s, parts joined by ", ".
    pub addresses: Vec<String>,
    pub instagram: String,
    pub facebook: String,
    pub tiktok: String,
    /// The file ended before `END:VCARD`.
    pub cut_off: bool,
}

impl VCardContact {
    /// `FN`, else the given, middle and family names.
    pub fn name(&self) -> String {
        let fname = self.formatted_name.split_whitespace().collect::<Vec<_>>();
        if !fname.is_empty() {
            return fname.join(" ");
        }
        [&self.given_name, &self.middle_name, &self.family_name]
            .into_iter()
            .flat_map(|s| s.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// No name, phone, email, company or nickname.
    pub fn is_empty(&self) -> bool {
        self.name().is_empty()
            && self.phones.iter().all(|p| p.value.trim().is_empty())
            && self.emails.iter().all(|e| e.value.trim().is_empty())
            && self.organization.trim().is_empty()
            && self.nickname.trim().is_empty()
    }

    /// The contact as a draft for [`plan`](crate::domain::formats::import::plan) (see the module docs).
    pub fn to_draft(&self) -> Result<RowDraft, RowError> {
        let mut warnings = Vec::new();
        if self.cut_off {
            warnings.push(RowWarning::CutOff);
        }
        Gathered {
            name: self.name(),
            company: self.organization.clone(),
            nickname: self.nickname.clone(),
            phones: self.phones.clone(),
            emails: self.emails.clone(),
            tags: self.categories.clone(),
            notes: vec![self.note.clone()],
            addresses: self.addresses.clone(),
            birthday: self.birthday,
            birthday_unread: self.birthday_text.clone(),
            instagram: self.instagram.clone(),
            facebook: self.facebook.clone(),
            tiktok: self.tiktok.clone(),
            warnings,
            ..Gathered::default()
        }
        .finish(self.contact)
    }
}

/// A label from TYPE values: "cell" → "mobile"; "voice", "pref", "internet" and the like left
/// out. ["home", "fax"] → "home fax".
fn label_from_types(types: &[String]) -> String {
    types
        .iter()
        .filter(|t| !["voice", "pref", "internet", "x400", "text", "msg"].contains(&t.as_str()))
        .map(|t| {
            let t = t.strip_prefix("x-").unwrap_or(t);
            if t == "cell" {
                "mobile"
            } else {
                t
            }
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which social network a profile URL or `X-SOCIALPROFILE` is on, and the handle.
fn social(p: &Prop) -> Option<(&'static str, String)> {
    let value = p.text();
    let lower = value.to_lowercase();
    let types = p.types();
    let service = ["instagram", "facebook", "tiktok"]
        .into_iter()
        .find(|s| types.iter().any(|t| t == s))
        .or_else(|| {
            if lower.contains("instagram.com/") {
                Some("instagram")
            } else if lower.contains("facebook.com/") || lower.contains("fb.com/") {
                Some("facebook")
            } else if lower.contains("tiktok.com/") {
                Some("tiktok")
            } else {
                None
            }
        })?;
    let handle = match p.param("X-USER") {
        Some(u) if !u.trim().is_empty() => u.trim().to_string(),
        _ => {
            let v = value.trim();
            v.strip_prefix("x-apple:").unwrap_or(v).to_string()
        }
    };
    Some((service, handle))
}

fn contact_from(props: &[Prop], contact: usize, cut_off: bool) -> VCardContact {
    let labels: HashMap<&str, String> = props
        .iter()
        .filter(|p| p.name == "X-ABLABEL" && !p.group.is_empty())
        .map(|p| (p.group.as_str(), clean_label(&p.text())))
        .collect();
    let label_of = |p: &Prop| match labels.get(p.group.as_str()) {
        Some(l) if !p.group.is_empty() && !l.is_empty() => l.clone(),
        _ => label_from_types(&p.types()),
    };
    let mut c = VCardContact {
        contact,
        cut_off,
        ..VCardContact::default()
    };
    let mut notes: Vec<String> = Vec::new();
    for p in props {
        match p.name.as_str() {
            "VERSION" => c.version = p.value.trim().to_string(),
            "FN" => c.formatted_name = p.text().trim().to_string(),
            "N" => {
                let parts = p.parts(';');
                let part = |i: usize| parts.get(i).map(|s| s.trim().to_string());
                c.family_name = part(0).unwrap_or_default();
                c.given_name = part(1).unwrap_or_default();
                c.middle_name = part(2).unwrap_or_default();
            }
            "NICKNAME" if c.nickname.is_empty() => {
                c.nickname = p.parts(',').first().map_or("", |s| s.trim()).to_string();
            }
            "ORG" if c.organization.is_empty() => {
                c.organization = p
                    .parts(';')
                    .iter()
                    .map(|s| s.trim())
                    .find(|s| !s.is_empty())
                    .unwrap_or("")
                    .to_string();
            }
            "TEL" => {
                let v = p.text();
                let v = v.trim();
                let v = v.strip_prefix("tel:").unwrap_or(v);
                c.phones.push(Labelled {
                    value: v.trim().to_string(),
                    label: label_of(p),
                    preferred: p.preferred(),
                });
            }
            "EMAIL" => {
                let v = p.text();
                let v = v.trim();
                let v = v.strip_prefix("mailto:").unwrap_or(v);
                c.emails.push(Labelled {
                    value: v.trim().to_string(),
                    label: label_of(p),
                    preferred: p.preferred(),
                });
            }
            "BDAY" => {
                let text = p.text().trim().to_string();
                match parse_birthday(&text, DateOrder::DayFirst) {
                    Some(mut b) => {
                        if p.param("X-APPLE-OMIT-YEAR").is_some() {
                            b.year = None;
                        }
                        c.birthday = Some(b);
                        c.birthday_text.clear();
                    }
                    None if c.birthday.is_none() => c.birthday_text = text,
                    None => {}
                }
            }
            "NOTE" => {
                let n = p.text();
                if !n.trim().is_empty() {
                    notes.push(n.trim().to_string());
                }
            }
            "CATEGORIES" => c.categories.extend(
                p.parts(',')
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            ),
            "ADR" => {
                let a = p
                    .parts(';')
                    .iter()
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                if !a.is_empty() {
                    c.addresses.push(a);
                }
            }
            "URL" | "X-SOCIALPROFILE" | "IMPP" => {
                if let Some((service, handle)) = social(p) {
                    let slot = match service {
                        "instagram" => &mut c.instagram,
                        "facebook" => &mut c.facebook,
                        _ => &mut c.tiktok,
                    };
                    if slot.is_empty() {
                        *slot = handle;
                    }
                }
            }
            _ => {}
        }
    }
    c.note = notes.join("\n");
    c
}

/// Reads every contact of a vCard file, in file order. A file without `BEGIN:VCARD` gives none.
pub fn parse(text: &str) -> Vec<Result<VCardContact, VCardError>> {
    let mut cards: Vec<(Vec<Prop>, bool)> = Vec::new();
    let mut current: Option<Vec<Prop>> = None;
    let mut depth = 0usize;
    for line in logical_lines(text) {
        let t = line.trim();
        if t.eq_ignore_ascii_case("BEGIN:VCARD") {
            depth += 1;
            if current.is_none() {
                current = Some(Vec::new());
                depth = 1;
            }
            continue;
        }
        if t.eq_ignore_ascii_case("END:VCARD") {
            if current.is_some() {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    cards.extend(current.take().map(|props| (props, false)));
                }
            }
            continue;
        }
        if let (Some(props), 1) = (current.as_mut(), depth) {
            props.extend(parse_prop(&line));
        }
    }
    cards.extend(current.map(|props| (props, true)));
    cards
        .iter()
        .enumerate()
        .map(|(i, (props, cut_off))| {
            let contact = contact_from(props, i + 1, *cut_off);
            match (contact.is_empty(), cut_off) {
                (false, _) => Ok(contact),
                (true, false) => Err(VCardError::Empty { contact: i + 1 }),
                (true, true) => Err(VCardError::CutOff { contact: i + 1 }),
            }
        })
        .collect()
}

/// The contacts of a vCard file as drafts for [`plan`](crate::domain::formats::import::plan); `row` is the
/// contact's position in the file.
pub fn drafts(text: &str) -> Vec<Result<RowDraft, RowError>> {
    parse(text)
        .into_iter()
        .map(|r| match r {
            Ok(c) => c.to_draft(),
            Err(e) => Err(RowError {
                row: e.contact(),
                problem: e.problem(),
            }),
        })
        .collect()
}
