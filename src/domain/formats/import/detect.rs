//! Column mapping: which column of a CSV file holds which customer field, guessed from the
//! header row.

use std::collections::HashMap;

use crate::domain::records::search::fold;

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
pub(crate) fn header_key(h: &str) -> String {
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
