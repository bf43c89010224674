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

use std::collections::HashMap;
use std::fmt;

use crate::domain::formats::import::{
    clean_label, parse_birthday, windows_1252, DateOrder, Gathered, Labelled, RowDraft, RowError,
};
use crate::domain::records::customer::Birthday;

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

    pub fn message(&self) -> String {
        match self {
            VCardError::Empty { .. } => {
                "This contact has no name, phone number or email, so there is nobody to add."
                    .to_string()
            }
            VCardError::CutOff { .. } => {
                "The file ends in the middle of this contact, before its name or phone number. \
                 Export the contacts again."
                    .to_string()
            }
        }
    }
}

impl fmt::Display for VCardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for VCardError {}

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
            warnings.push(
                "The file ends in the middle of this contact (no END:VCARD), so some of its \
                 details may be missing."
                    .to_string(),
            );
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

// ---------------------------------------------------------------------------------------------
// Lines

/// Physical lines, split on CRLF, LF or CR.
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        let after = &rest[end..];
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix(['\r', '\n']))
            .unwrap_or(after);
        Some(line)
    })
}

/// The part of a content line before its value (up to the first `:`), or `None`.
fn head_of(line: &str) -> Option<&str> {
    line.find(':').map(|i| &line[..i])
}

fn is_quoted_printable(line: &str) -> bool {
    head_of(line).is_some_and(|h| h.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

fn is_boundary(line: &str) -> bool {
    let t = line.trim();
    t.eq_ignore_ascii_case("BEGIN:VCARD") || t.eq_ignore_ascii_case("END:VCARD")
}

/// Content lines: folded lines joined (a line starting with a space or tab continues the one
/// before, without that character), quoted-printable soft line breaks joined (`=` at the end),
/// blank lines dropped.
fn logical_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out: Vec<String> = Vec::new();
    let mut soft_break = false;
    for raw in physical_lines(text) {
        if soft_break && !is_boundary(raw) {
            if let Some(last) = out.last_mut() {
                last.pop();
                last.push_str(raw);
                soft_break = last.ends_with('=');
                continue;
            }
        }
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.trim().is_empty() => {
                soft_break = false;
                continue;
            }
            _ => out.push(raw.to_string()),
        }
        soft_break = out
            .last()
            .is_some_and(|l| l.ends_with('=') && is_quoted_printable(l));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Properties

/// One content line: `[group.]NAME[;param…]:value`.
#[derive(Clone, Debug, Default)]
struct Prop {
    /// Upper case, e.g. "ITEM1"; empty without a group.
    group: String,
    /// Upper case, e.g. "TEL".
    name: String,
    /// (upper-case name, value); 2.1's bare `CELL` is ("TYPE", "CELL"), bare
    /// `QUOTED-PRINTABLE` is ("ENCODING", "QUOTED-PRINTABLE"); `TYPE=a,b` and `TYPE="a,b"`
    /// are two entries.
    params: Vec<(String, String)>,
    /// The raw value, still encoded and escaped.
    value: String,
}

/// `s` split on `sep` outside double quotes.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

fn parse_prop(line: &str) -> Option<Prop> {
    let mut quoted = false;
    let mut colon = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let full_name = parts.next()?.trim();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (g, n),
        None => ("", full_name),
    };
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim()),
            None => {
                let upper = p.to_ascii_uppercase();
                let k = match upper.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                    _ => "TYPE",
                };
                (k.to_string(), p)
            }
        };
        let v = v.trim().trim_matches('"');
        if k == "TYPE" {
            for t in v.split(',') {
                params.push((k.clone(), t.trim().to_string()));
            }
        } else {
            params.push((k, v.to_string()));
        }
    }
    Some(Prop {
        group: group.to_ascii_uppercase(),
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Quoted-printable to bytes: `=XX` is a byte, `=` before a line break is nothing, any other
/// `=` is kept.
fn qp_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            match b.get(i + 1) {
                Some(b'\r') if b.get(i + 2) == Some(&b'\n') => {
                    i += 3;
                    continue;
                }
                Some(b'\r' | b'\n') => {
                    i += 2;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Base64 to bytes, skipping anything that is not base64 and stopping at `=`.
fn b64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Undoes vCard escapes: `\n` `\N` → line break, `\,` `\;` `\:` `\\` → the character; other
/// backslashes are kept (2.1 files write them unescaped).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n' | 'N') => {
                chars.next();
                out.push('\n');
            }
            Some(x @ (',' | ';' | ':' | '\\')) => {
                chars.next();
                out.push(x);
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// `s` split on `sep` where it is not escaped by a backslash (escapes are kept).
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

impl Prop {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// TYPE values, lower case.
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .map(|(_, v)| v.to_lowercase())
            .collect()
    }

    fn preferred(&self) -> bool {
        self.types().iter().any(|t| t == "pref") || self.param("PREF").is_some()
    }

    /// One component of the value, decoded (quoted-printable or base64, then the charset)
    /// and unescaped.
    fn decode(&self, raw: &str) -> String {
        let encoding = self.param("ENCODING").unwrap_or("").to_ascii_uppercase();
        let bytes = match encoding.as_str() {
            "QUOTED-PRINTABLE" => qp_decode(raw),
            "B" | "BASE64" => b64_decode(raw),
            _ => raw.as_bytes().to_vec(),
        };
        let charset = self.param("CHARSET").unwrap_or("").to_ascii_uppercase();
        let text = match charset.as_str() {
            "ISO-8859-1" | "ISO-8859-15" | "WINDOWS-1252" | "CP1252" | "LATIN1" => {
                windows_1252(&bytes)
            }
            _ => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => windows_1252(e.as_bytes()),
            },
        };
        unescape(&text)
    }

    fn text(&self) -> String {
        self.decode(&self.value)
    }

    /// The value split on unescaped `sep`, each part decoded.
    fn parts(&self, sep: char) -> Vec<String> {
        split_unescaped(&self.value, sep)
            .into_iter()
            .map(|p| self.decode(p))
            .collect()
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
                message: e.message(),
            }),
        })
        .collect()
}
