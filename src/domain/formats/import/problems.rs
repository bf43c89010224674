//! What the import preview says about a row: why it cannot be imported ([`RowProblem`]) and
//! what the owner should check ([`RowWarning`]). Typed values with their data; the UI words them.

use crate::domain::basics::locale::Country;
use crate::domain::records::customer::FieldError;

/// Why a row (or contact) cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// No name, phone number, email or company: nobody to add.
    Nobody,
    /// The vCard file ends in the middle of this contact, before its name or phone number.
    CutOff,
    /// The customer check refused the row: each field and what is wrong with it.
    Invalid(Vec<FieldError>),
}

/// Something the owner should check about a row that is still imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowWarning {
    /// The status cell is not lead, customer or inactive, so the status was left as lead.
    UnknownStatus { value: String },
    /// The consent cell is not yes or no, so marketing consent was left unchanged.
    UnknownConsent { value: String },
    /// The row has more cells than the header row (an unquoted comma moves cells).
    ExtraCells,
    /// A spreadsheet turned the phone number into scientific notation ("6.28123E+12").
    PhoneMangled { value: String },
    /// Not an email address, so it was put in the notes.
    NotAnEmail { value: String },
    /// The name was longer than `max` letters and was shortened.
    NameShortened { max: usize },
    /// The birthday could not be read as a date, so it was put in the notes.
    BirthdayUnread { value: String },
    /// A tag longer than `max` letters was shortened.
    TagShortened { max: usize },
    /// Only the first `max` tags were kept.
    TooManyTags { max: usize },
    /// The notes were longer than `max` letters and were shortened.
    NotesShortened { max: usize },
    /// The vCard file ends in the middle of this contact (no `END:VCARD`).
    CutOff,
    /// The phone number is not one from `country` that is recognised; it is kept as typed.
    PhoneUnrecognised { country: Country },
}
