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

use std::collections::HashMap;

use crate::domain::basics::locale::Country;
use crate::domain::basics::phone;
use crate::domain::basics::search::fold;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::{
    looks_like_email, Birthday, Channel, Customer, CustomerDraft, FieldError, Status, MAX_NAME,
    MAX_NOTES, MAX_TAGS, MAX_TAG_LEN,
};

// ---------------------------------------------------------------------------------------------
// Bytes to text

/// Windows-1252 for the bytes 0x80–0x9F (the rest is Latin-1).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Bytes read as Windows-1252 (what Excel on Windows saves "CSV" in).
pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The text of an imported file: UTF-8 (a byte order mark is dropped), UTF-16 with a byte
/// order mark (Excel's "Unicode text", some Outlook exports), else Windows-1252 (Excel's
/// "CSV" on Windows, so "José" survives).
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => windows_1252(bytes),
    }
}

// ---------------------------------------------------------------------------------------------
// Column mapping

/// A customer field a column can be read into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Name,
    FirstName,
    MiddleName,
    LastName,
    Company,
    Phone,
    Email,
    Tags,
    Notes,
    Address,
    Birthday,
    Instagram,
    Facebook,
    TikTok,
    Status,
    Channel,
    Consent,
}

const TARGETS: usize = 17;

impl Target {
    pub const ALL: [Target; TARGETS] = [
        Target::Name,
        Target::FirstName,
        Target::MiddleName,
        Target::LastName,
        Target::Company,
        Target::Phone,
        Target::Email,
        Target::Tags,
        Target::Notes,
        Target::Address,
        Target::Birthday,
        Target::Instagram,
        Target::Facebook,
        Target::TikTok,
        Target::Status,
        Target::Channel,
        Target::Consent,
    ];

    /// For the column picker.
    pub fn label(self) -> &'static str {
        match self {
            Target::Name => "Name",
            Target::FirstName => "First name",
            Target::MiddleName => "Middle name",
            Target::LastName => "Last name",
            Target::Company => "Company",
            Target::Phone => "Phone",
            Target::Email => "Email",
            Target::Tags => "Tags",
            Target::Notes => "Notes",
            Target::Address => "Address (into notes)",
            Target::Birthday => "Birthday",
            Target::Instagram => "Instagram",
            Target::Facebook => "Facebook",
            Target::TikTok => "TikTok",
            Target::Status => "Status",
            Target::Channel => "Preferred channel",
            Target::Consent => "Marketing consent",
        }
    }

    /// Phone, Email, Tags, Notes and Address may read several columns; the others one.
    pub fn takes_many(self) -> bool {
        matches!(
            self,
            Target::Phone | Target::Email | Target::Tags | Target::Notes | Target::Address
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How to read a date like `03/04/1985`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DateOrder {
    /// 3 April 1985 (most of the world).
    #[default]
    DayFirst,
    /// 4 March 1985 (the United States, Outlook there).
    MonthFirst,
}

/// Which columns (0-based) are read into which customer field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Per target (in the order of [`Target::ALL`]), its columns, best first.
    columns: [Vec<usize>; TARGETS],
    /// `(phone column, label column)`: Google's "Phone 1 - Label" ("Mobile", "Work") says which
    /// number is the mobile.
    pub phone_labels: Vec<(usize, usize)>,
    /// How to read `03/04/1985`; `None`: decided from the birthday column, else day first.
    pub date_order: Option<DateOrder>,
}

impl Mapping {
    /// The (first) column read into `target`.
    pub fn get(&self, target: Target) -> Option<usize> {
        self.columns[target.index()].first().copied()
    }

    /// All the columns read into `target`, best first.
    pub fn columns(&self, target: Target) -> &[usize] {
        &self.columns[target.index()]
    }

    /// Reads `target` from `column` alone (or from no column).
    pub fn set(&mut self, target: Target, column: Option<usize>) {
        if let Some(col) = column {
            self.remove_column(col);
        }
        self.columns[target.index()] = column.into_iter().collect();
    }

    /// The field `column` is read into.
    pub fn target_of(&self, column: usize) -> Option<Target> {
        Target::ALL
            .into_iter()
            .find(|t| self.columns[t.index()].contains(&column))
    }

    /// Reads `column` into `target` (or into nothing): for the picker next to each column. For
    /// a target that takes many columns the column is added last; otherwise it replaces the
    /// target's column.
    pub fn set_column(&mut self, column: usize, target: Option<Target>) {
        self.remove_column(column);
        if let Some(t) = target {
            let cols = &mut self.columns[t.index()];
            if !t.takes_many() {
                cols.clear();
            }
            cols.push(column);
        }
    }

    fn remove_column(&mut self, column: usize) {
        for cols in &mut self.columns {
            cols.retain(|&c| c != column);
        }
    }

    /// Whether some column gives a name, phone or email, without which nothing can be imported.
    pub fn is_usable(&self) -> bool {
        [
            Target::Name,
            Target::FirstName,
            Target::LastName,
            Target::Company,
            Target::Phone,
            Target::Email,
        ]
        .into_iter()
        .any(|t| self.get(t).is_some())
    }
}

/// A header folded for matching: lower case, no accents, runs of anything that is not a letter
/// or digit as one space. "E-mail 1 - Value" → "e mail 1 value", "Teléfono" → "telefono".
fn header_key(h: &str) -> String {
    let folded: String = fold(h)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Class {
    Field(Target, u32),
    /// Google's "Phone N - Label" / "Phone N - Type".
    PhoneLabel(u32),
}

/// "phone 1 value" with `prefix` "phone" → (1, "value").
fn numbered<'a>(key: &'a str, prefix: &str) -> Option<(u32, &'a str)> {
    let rest = key.strip_prefix(prefix)?.strip_prefix(' ')?;
    let (n, what) = rest.split_once(' ')?;
    Some((n.parse().ok()?, what))
}

/// Headers read into a target, with a rank (lower = better when several columns match).
#[rustfmt::skip]
const HEADERS: &[(Target, u32, &[&str])] = &[
    (Target::Name, 0, &[
        "name", "full name", "fullname", "display name", "contact name", "customer",
        "customer name", "client", "client name", "nombre", "nombre completo",
        "nombre y apellido", "nombre y apellidos", "cliente", "nombre del cliente",
        "nombre cliente", "nama", "nama lengkap", "nama pelanggan", "pelanggan", "nama customer",
        "nama konsumen", "konsumen",
    ]),
    (Target::FirstName, 0, &[
        "first name", "firstname", "given name", "first", "nombres", "primer nombre",
        "nama depan",
    ]),
    (Target::MiddleName, 0, &["middle name", "additional name", "segundo nombre", "nama tengah"]),
    (Target::LastName, 0, &[
        "last name", "lastname", "family name", "surname", "last", "apellido", "apellidos",
        "nama belakang",
    ]),
    (Target::Company, 0, &[
        "company", "organization", "organisation", "organization name", "business", "empresa",
        "compania", "negocio", "perusahaan",
    ]),
    (Target::Phone, 0, &[
        "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "celular",
        "movil", "telefono movil", "telefono celular", "numero de celular", "numero celular",
        "whatsapp", "wa", "no wa", "nomor wa", "whatsapp number", "numero de whatsapp", "hp",
        "no hp", "nomor hp", "handphone", "no handphone", "ponsel",
    ]),
    (Target::Phone, 1, &["primary phone"]),
    (Target::Phone, 2, &[
        "phone", "phone number", "telephone", "tel", "telefono", "numero de telefono", "numero",
        "nomor", "nomor telepon", "no telp", "no telepon", "telp", "telepon",
    ]),
    (Target::Phone, 8, &["phone e164"]),
    (Target::Phone, 30, &["home phone"]),
    (Target::Phone, 31, &["business phone"]),
    (Target::Phone, 32, &["other phone"]),
    (Target::Phone, 33, &["home phone 2"]),
    (Target::Phone, 34, &["business phone 2"]),
    (Target::Phone, 35, &["car phone"]),
    (Target::Phone, 36, &["company main phone"]),
    (Target::Email, 0, &[
        "email", "e mail", "email address", "e mail address", "correo", "correo electronico",
        "mail", "surel", "alamat email",
    ]),
    (Target::Tags, 0, &[
        "tags", "tag", "labels", "label", "etiquetas", "etiqueta", "categories", "category",
        "categorias", "categoria", "group membership", "groups", "group", "grupo", "grupos",
        "kategori", "kelompok", "label kontak",
    ]),
    (Target::Notes, 0, &[
        "notes", "note", "notas", "nota", "catatan", "comments", "comment", "comentarios",
        "comentario", "observaciones", "observacion", "keterangan",
    ]),
    (Target::Address, 0, &["address", "direccion", "domicilio", "alamat", "home address"]),
    (Target::Birthday, 0, &[
        "birthday", "birth date", "birthdate", "date of birth", "dob", "cumpleanos",
        "fecha de nacimiento", "fecha nacimiento", "nacimiento", "ulang tahun", "tanggal lahir",
        "tgl lahir", "ultah", "lahir",
    ]),
    (Target::Instagram, 0, &[
        "instagram", "ig", "insta", "usuario de instagram", "akun instagram",
    ]),
    (Target::Facebook, 0, &["facebook", "fb"]),
    (Target::TikTok, 0, &["tiktok", "tik tok"]),
    (Target::Status, 0, &["status", "estado", "estatus"]),
    (Target::Channel, 0, &["preferred channel", "channel", "canal", "canal preferido", "saluran"]),
    (Target::Consent, 0, &[
        "marketing consent", "consent", "consentimiento", "acepta publicidad",
        "acepta promociones", "persetujuan", "setuju promosi",
    ]),
];

/// Words that make a header not a customer field ("Business Fax", "E-mail Display Name").
#[rustfmt::skip]
const IGNORED_WORDS: &[&str] = &[
    "label", "type", "display", "fax", "yomi", "phonetic", "kind", "pager", "assistant", "radio",
    "tty", "tdd", "telex", "isdn", "callback", "box",
];

/// For headers not in [`HEADERS`]: a word that says what the column is, first match wins.
#[rustfmt::skip]
const WORDS: &[(Target, u32, &[&str])] = &[
    (Target::Phone, 5, &[
        "mobile", "cell", "celular", "movil", "whatsapp", "hp", "handphone", "ponsel", "wa",
    ]),
    (Target::Phone, 25, &["phone", "telephone", "telefono", "telepon", "telp", "tel", "fono"]),
    (Target::Email, 20, &["email", "correo", "surel"]),
    (Target::Birthday, 5, &["birthday", "nacimiento", "cumpleanos", "lahir", "ultah", "dob"]),
    (Target::Notes, 5, &[
        "notes", "note", "notas", "nota", "catatan", "comments", "comentarios", "observaciones",
        "keterangan",
    ]),
    (Target::Tags, 5, &["tags", "labels", "etiquetas", "categories", "categorias", "kategori"]),
    (Target::Instagram, 5, &["instagram"]),
    (Target::Facebook, 5, &["facebook"]),
    (Target::TikTok, 5, &["tiktok"]),
    (Target::Address, 5, &["address", "direccion", "alamat", "domicilio"]),
];

/// Outlook's address parts after "Home", "Business" or "Other".
#[rustfmt::skip]
const ADDRESS_PARTS: &[&str] = &[
    "street", "street 2", "street 3", "city", "state", "postal code", "country region", "country",
];

fn classify(key: &str) -> Option<Class> {
    use Target as T;
    if let Some(&(t, rank, _)) = HEADERS.iter().find(|(_, _, keys)| keys.contains(&key)) {
        return Some(Class::Field(t, rank));
    }
    // Google Contacts: "Phone 1 - Value", "Phone 1 - Label" (older: "Phone 1 - Type"),
    // "E-mail 1 - Value", "Address 1 - Formatted", "Organization 1 - Name".
    if let Some((n, what)) = numbered(key, "phone") {
        return match what {
            "value" => Some(Class::Field(T::Phone, 10 + n)),
            "label" | "type" => Some(Class::PhoneLabel(n)),
            _ => None,
        };
    }
    if let Some((n, what)) = numbered(key, "e mail") {
        return match what {
            "value" | "address" => Some(Class::Field(T::Email, 10 + n)),
            _ => None,
        };
    }
    if let Some((n, what)) = numbered(key, "address") {
        return (what == "formatted").then_some(Class::Field(T::Address, 10 + n));
    }
    if let Some((n, what)) = numbered(key, "organization") {
        return (what == "name").then_some(Class::Field(T::Company, 10 + n));
    }
    // Outlook's address parts: "Home Street", "Business City", "Other Postal Code".
    if let Some((place, part)) = key.split_once(' ') {
        let rank = match place {
            "home" => Some(20),
            "business" => Some(21),
            "other" => Some(22),
            _ => None,
        };
        if let (Some(rank), true) = (rank, ADDRESS_PARTS.contains(&part)) {
            return Some(Class::Field(T::Address, rank));
        }
    }
    let words: Vec<&str> = key.split(' ').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(IGNORED_WORDS) {
        return None;
    }
    if key.contains("e mail") {
        return Some(Class::Field(T::Email, 20));
    }
    WORDS
        .iter()
        .find(|(_, _, list)| has(list))
        .map(|&(t, rank, _)| Class::Field(t, rank))
}

/// Guesses which column holds what from the header row: Google Contacts (the current export
/// and the older one), Outlook, Rapport's own export and everyday headers in English, Spanish
/// and Indonesian, ignoring case and accents. Single fields take the best-ranked column;
/// phones, emails, tags, notes and address take every matching column, best first (mobile
/// before "phone" before home, work and other).
pub fn detect(headers: &[String]) -> Mapping {
    let mut found: Vec<(Target, u32, usize)> = Vec::new();
    let mut label_cols: HashMap<u32, usize> = HashMap::new();
    let mut google_phone: HashMap<u32, usize> = HashMap::new();
    for (col, h) in headers.iter().enumerate() {
        let key = header_key(h);
        match classify(&key) {
            Some(Class::Field(t, rank)) => {
                if t == Target::Phone && (10..20).contains(&rank) {
                    google_phone.insert(rank - 10, col);
                }
                found.push((t, rank, col));
            }
            Some(Class::PhoneLabel(n)) => {
                label_cols.insert(n, col);
            }
            None => {}
        }
    }
    crate::domain::basics::sort::by_key(&mut found, |&(t, rank, col)| (t.index(), rank, col));
    let mut m = Mapping::default();
    for (t, _, col) in found {
        let cols = &mut m.columns[t.index()];
        if t.takes_many() || cols.is_empty() {
            cols.push(col);
        }
    }
    let mut labels: Vec<(usize, usize)> = google_phone
        .iter()
        .filter_map(|(n, &value)| label_cols.get(n).map(|&label| (value, label)))
        .collect();
    crate::domain::basics::sort::natural(&mut labels);
    m.phone_labels = labels;
    // "Nombre" next to "Apellido" is the first name.
    if let (Some(name), Some(_), None) = (
        m.get(Target::Name),
        m.get(Target::LastName),
        m.get(Target::FirstName),
    ) {
        if ["name", "nombre", "nama"].contains(&header_key(&headers[name]).as_str()) {
            m.columns[Target::Name.index()].clear();
            m.columns[Target::FirstName.index()].push(name);
        }
    }
    m
}

// ---------------------------------------------------------------------------------------------
// Rows to drafts

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
    pub warnings: Vec<String>,
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
    pub message: String,
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
    pub warnings: Vec<String>,
}

/// Whether two phone numbers are the same, ignoring formatting, a trunk 0 and the calling code.
fn same_number(a: &str, b: &str) -> bool {
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
            self.warnings.push(format!(
                "The phone number \"{}\" was changed by a spreadsheet into a number in scientific \
                 notation and its last digits are lost. Format the column as text in the \
                 spreadsheet and export it again, or fix the number after importing.",
                main_phone.value
            ));
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
                    self.warnings.push(format!(
                        "\"{part}\" doesn't look like an email address, so it was put in the \
                         notes."
                    ));
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
                .push("The name was longer than 200 letters and was shortened.".to_string());
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
            self.warnings.push(format!(
                "The birthday \"{unread}\" couldn't be read as a date, so it was put in the notes."
            ));
        }

        if name.is_empty() && main_phone.value.is_empty() && fallback.is_empty() {
            return Err(RowError {
                row,
                message: "No name, phone number or email here, so there is nobody to add."
                    .to_string(),
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
                .push("A tag longer than 40 letters was shortened.".to_string());
        }
        if tags.len() > MAX_TAGS {
            tags.truncate(MAX_TAGS);
            self.warnings
                .push("Only the first 30 tags were kept.".to_string());
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
                .push("The notes were longer than 20,000 letters and were shortened.".to_string());
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

/// A cell as imported: trimmed, without the `'` a spreadsheet export put before a formula-like
/// value (see [`csv::guard`](crate::domain::formats::csv::guard)), line breaks as `\n`.
fn clean_cell(s: &str) -> String {
    crate::domain::formats::csv::unguard(s.trim())
        .trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Reads a status as written in English, Spanish or Indonesian.
pub fn parse_status(s: &str) -> Option<Status> {
    let k = header_key(s);
    let st = match k.as_str() {
        "lead" | "prospect" | "prospecto" | "prospecta" | "interesado" | "interesada"
        | "potencial" | "potential" | "nuevo" | "new" | "prospek" | "calon" | "calon pelanggan" => {
            Status::Lead
        }
        "customer" | "client" | "cliente" | "pelanggan" | "comprador" | "compradora" | "buyer"
        | "active" | "activo" | "activa" | "aktif" => Status::Customer,
        "inactive" | "inactivo" | "inactiva" | "tidak aktif" | "nonaktif" | "non aktif"
        | "dormant" | "lost" | "perdido" => Status::Inactive,
        _ => return None,
    };
    Some(st)
}

/// Reads a contact channel: Rapport's codes and labels, and everyday words.
pub fn parse_channel(s: &str) -> Option<Channel> {
    let k = header_key(s);
    if let Some(c) = Channel::ALL
        .into_iter()
        .find(|c| k == c.code() || k == header_key(c.label()))
    {
        return Some(c);
    }
    let c = match k.as_str() {
        "wa" | "whats app" | "wasap" | "wsp" => Channel::WhatsApp,
        "phone" | "llamada" | "telefono" | "telepon" | "telp" | "call" | "calls" => Channel::Call,
        "correo" | "e mail" | "surel" | "mail" => Channel::Email,
        "ig" => Channel::Instagram,
        "fb" => Channel::Facebook,
        "tik tok" => Channel::TikTok,
        "visita" | "presencial" | "en persona" | "tienda" | "kunjungan" | "langsung" => {
            Channel::Visit
        }
        "mensaje" | "mensaje de texto" | "text" => Channel::Sms,
        "otro" | "lainnya" => Channel::Other,
        _ => return None,
    };
    Some(c)
}

/// Reads yes or no in English, Spanish or Indonesian ("yes", "sí", "ya", "x", "1", "true"…).
pub fn parse_yes_no(s: &str) -> Option<bool> {
    let t = s.trim();
    if ["✓", "✔", "☑", "✅"].contains(&t) {
        return Some(true);
    }
    match header_key(t).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "si" | "s" | "ya" | "iya" | "y a" | "setuju"
        | "acepta" | "agreed" | "ok" | "opt in" => Some(true),
        "no" | "n" | "false" | "0" | "tidak" | "tdk" | "gak" | "nggak" | "opt out" => Some(false),
        _ => None,
    }
}

/// Birthdays like Outlook's "0/0/00": no date.
fn placeholder_date(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().any(|c| c == '0')
        && t.chars().all(|c| c == '0' || "/-. :".contains(c))
}

/// The month named by `word` (folded) in English, Spanish or Indonesian, or by its first three
/// letters or more ("mar", "sept", "ago", "okt", "des").
fn month_named(word: &str) -> Option<u8> {
    const NAMES: [&[&str]; 12] = [
        &["january", "enero", "januari"],
        &["february", "febrero", "februari", "pebruari"],
        &["march", "marzo", "maret"],
        &["april", "abril"],
        &["may", "mayo", "mei"],
        &["june", "junio", "juni"],
        &["july", "julio", "juli"],
        &["august", "agosto", "agustus"],
        &["september", "septiembre", "setiembre"],
        &["october", "octubre", "oktober"],
        &["november", "noviembre", "nopember"],
        &["december", "diciembre", "desember"],
    ];
    if word.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(word)))
        .map(|i| i as u8 + 1)
}

fn year_of(token: &str) -> Option<i32> {
    let y: i32 = token.parse().ok()?;
    match token.len() {
        // Two-digit years: 30–99 are 1900s, 00–29 are 2000s.
        2 => Some(if y >= 30 { 1900 + y } else { 2000 + y }),
        4 => Some(y),
        _ => None,
    }
}

/// A birthday from day, month and a year: a year outside 1900–2100 (Apple writes 1604 for
/// "no year") is dropped.
fn birthday(day: u32, month: u32, year: Option<i32>) -> Option<Birthday> {
    let (d, m) = (u8::try_from(day).ok()?, u8::try_from(month).ok()?);
    let year = year.filter(|y| (1900..=2100).contains(y));
    Birthday::new(d, m, year)
}

/// Day and month from two numbers in `order`, swapped when only the other order makes sense.
fn day_month(a: u32, b: u32, order: DateOrder) -> (u32, u32) {
    match order {
        DateOrder::DayFirst if a <= 12 && b > 12 => (b, a),
        DateOrder::DayFirst => (a, b),
        DateOrder::MonthFirst if a > 12 && b <= 12 => (a, b),
        DateOrder::MonthFirst => (b, a),
    }
}

/// Reads a birthday written in the usual ways (see the module docs); `None` when it cannot.
pub fn parse_birthday(s: &str, order: DateOrder) -> Option<Birthday> {
    let mut t = s.trim();
    // A time after the date: "1985-03-14T00:00:00Z", "14/03/1985 0:00".
    if let Some((date, _)) = t.split_once('T') {
        if date.len() >= 6 && date.chars().all(|c| c.is_ascii_digit() || c == '-') {
            t = date;
        }
    }
    if let Some((date, time)) = t.split_once(' ') {
        if time.contains(':') && !date.is_empty() {
            t = date;
        }
    }
    // vCard without a year: "--0314", "--03-14".
    if let Some(rest) = t.strip_prefix("--") {
        let d: String = rest.chars().filter(|c| *c != '-').collect();
        if d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()) {
            return birthday(d[2..].parse().ok()?, d[..2].parse().ok()?, None);
        }
        return None;
    }
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..]);
        return birthday(d.parse().ok()?, m.parse().ok()?, y.parse().ok()).or_else(|| {
            birthday(
                t[..2].parse().ok()?,
                t[2..4].parse().ok()?,
                t[4..].parse().ok(),
            )
        });
    }
    let folded = fold(t);
    let tokens: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut numbers: Vec<&str> = Vec::new();
    let mut month: Option<u8> = None;
    for w in &tokens {
        if w.chars().all(|c| c.is_ascii_digit()) {
            numbers.push(w);
        } else if let Some(m) = month_named(w) {
            if month.is_some_and(|x| x != m) {
                return None;
            }
            month = Some(m);
        } else if w.chars().any(|c| c.is_ascii_digit()) {
            // "14th", "1st".
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            let suffix = &w[digits.len()..];
            if digits.is_empty() || !["st", "nd", "rd", "th"].contains(&suffix) {
                return None;
            }
            numbers.push(&w[..digits.len()]);
        }
        // Other words ("de", "of", weekdays) are ignored.
    }
    if let Some(m) = month {
        let mut day = None;
        let mut year = None;
        for n in numbers {
            if n.len() <= 2 && day.is_none() {
                day = n.parse().ok();
            } else if year.is_none() {
                year = Some(year_of(n)?);
            } else {
                return None;
            }
        }
        return birthday(day?, u32::from(m), year);
    }
    if numbers.iter().any(|n| n.len() > 4) {
        return None;
    }
    match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => birthday(d.parse().ok()?, m.parse().ok()?, year_of(y)),
        [a, b, y] if a.len() <= 2 && b.len() <= 2 => {
            let (d, m) = day_month(a.parse().ok()?, b.parse().ok()?, order);
            birthday(d, m, Some(year_of(y)?))
        }
        [a, b] if a.len() <= 2 && b.len() <= 2 => {
            let (d, m) = day_month(a.parse().ok()?, b.parse().ok()?, order);
            birthday(d, m, None)
        }
        _ => None,
    }
}

/// Day or month first, from the dates of a column: a first number above 12 shows day first, a
/// second number above 12 shows month first; the majority wins, else day first.
pub fn guess_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    for v in values {
        let nums: Vec<u32> = v
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .take(2)
            .filter(|w| w.len() <= 2)
            .filter_map(|w| w.parse().ok())
            .collect();
        if let [a, b] = nums[..] {
            if a > 12 && b <= 12 {
                day_first += 1;
            } else if b > 12 && a <= 12 {
                month_first += 1;
            }
        }
    }
    if month_first > day_first {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

/// Reads the data rows of a CSV file (`rows[0]` is the header row) into drafts, with the
/// columns of `mapping`. Blank rows are left out; cells missing from short rows count as empty.
/// A row gets an error only when it has no name, phone or email at all.
pub fn rows_to_drafts(rows: &[Vec<String>], mapping: &Mapping) -> Vec<Result<RowDraft, RowError>> {
    let Some((header, data)) = rows.split_first() else {
        return Vec::new();
    };
    let order = mapping.date_order.unwrap_or_else(|| {
        let col = mapping.get(Target::Birthday);
        guess_date_order(
            data.iter()
                .filter_map(|r| col.and_then(|c| r.get(c)))
                .map(String::as_str),
        )
    });
    let phone_cols = mapping.columns(Target::Phone);
    let mut out = Vec::new();
    for (i, r) in data.iter().enumerate() {
        let row = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |col: usize| r.get(col).map(|s| clean_cell(s)).unwrap_or_default();
        let first = |t: Target| mapping.get(t).map(cell).unwrap_or_default();
        let all = |t: Target| -> Vec<String> {
            mapping
                .columns(t)
                .iter()
                .map(|&c| cell(c))
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut g = Gathered {
            name: first(Target::Name),
            ..Gathered::default()
        };
        if g.name.is_empty() {
            g.name = [Target::FirstName, Target::MiddleName, Target::LastName]
                .into_iter()
                .map(first)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
        g.company = first(Target::Company);
        for &col in phone_cols {
            let label = match mapping.phone_labels.iter().find(|(v, _)| *v == col) {
                Some(&(_, label_col)) => clean_label(&cell(label_col)),
                None if phone_cols.len() > 1 => header.get(col).cloned().unwrap_or_default(),
                None => String::new(),
            };
            let preferred = mapping
                .phone_labels
                .iter()
                .find(|(v, _)| *v == col)
                .is_some_and(|&(_, l)| cell(l).starts_with('*'));
            for v in cell(col).split(":::") {
                g.phones.push(Labelled {
                    value: v.trim().to_string(),
                    label: label.clone(),
                    preferred,
                });
            }
        }
        for v in all(Target::Email) {
            g.emails.push(Labelled {
                value: v,
                ..Labelled::default()
            });
        }
        g.tags = all(Target::Tags);
        g.notes = all(Target::Notes);
        let address = all(Target::Address).join(", ");
        if !address.is_empty() {
            g.addresses.push(address);
        }
        let bday = first(Target::Birthday);
        if !bday.is_empty() && !placeholder_date(&bday) {
            match parse_birthday(&bday, order) {
                Some(b) => g.birthday = Some(b),
                None => g.birthday_unread = bday,
            }
        }
        g.instagram = first(Target::Instagram);
        g.facebook = first(Target::Facebook);
        g.tiktok = first(Target::TikTok);
        let status = first(Target::Status);
        g.status = parse_status(&status);
        if g.status.is_none() && !status.is_empty() {
            g.warnings.push(format!(
                "The status \"{status}\" isn't lead, customer or inactive, so it was left as lead."
            ));
        }
        g.channel = parse_channel(&first(Target::Channel));
        let consent = first(Target::Consent);
        g.consent = parse_yes_no(&consent);
        if g.consent.is_none() && !consent.is_empty() {
            g.warnings.push(format!(
                "\"{consent}\" isn't yes or no, so marketing consent was left unchanged."
            ));
        }
        if r.len() > header.len() && r[header.len()..].iter().any(|c| !c.trim().is_empty()) {
            g.warnings.push(
                "This row has more cells than the header row: check that nothing moved to the \
                 wrong column (an unquoted comma in a cell does that)."
                    .to_string(),
            );
        }
        out.push(g.finish(row));
    }
    out
}

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

impl MatchReason {
    pub fn text(self) -> &'static str {
        match self {
            MatchReason::SamePhone => "same phone",
            MatchReason::SameEmail => "same email",
        }
    }
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
    pub problem: Option<String>,
    /// The row's warnings, and the phone warning of the customer check.
    pub warnings: Vec<String>,
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

fn messages(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{:?}", e.problem))
        .collect::<Vec<_>>()
        .join(" ")
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
                    problem: Some(e.message.clone()),
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
                    problem: Some(messages(&errors)),
                    warnings,
                });
                continue;
            }
        };
        warnings.extend(checked.phone_warning.clone());
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
    /// Rows that could not be imported: (row, message).
    pub errors: Vec<(usize, String)>,
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
                Err(e) => report.errors.push((row, messages(&e))),
            },
            None => match p.input.for_new().build_new(country, new_id(), now) {
                Ok(c) => {
                    report.added += 1;
                    row_customer.insert(row, c.id.clone());
                    index.insert(c.id.clone(), out.len());
                    out.push(c);
                }
                Err(e) => report.errors.push((row, messages(&e))),
            },
        }
    }
    (out, report)
}
