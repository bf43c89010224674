//! The words for what files say back: import row problems and warnings, CSV, backup, encryption
//! and file errors (keys in `locales/*/import.json` and `backup.json`).
//!
//! Every `match` here is exhaustive (no `_` arm), so a new variant in the domain or the platform
//! does not compile until it has words in every language.

use crate::domain::formats::backup::{BackupError, Damage, Kind, Part};
use crate::domain::formats::csv::CsvError;
use crate::domain::formats::encrypted::EnvelopeError;
use crate::domain::formats::import::{RowProblem, RowWarning};
use crate::platform::crypto::CryptoError;
use crate::platform::files::{FileError, SaveStep};
use crate::ui::i18n::{number, plural};

/// Why an import row can't be imported.
pub fn row_problem(p: &RowProblem) -> String {
    match p {
        RowProblem::Nobody => tr!(import.p_nobody).into(),
        RowProblem::CutOff => tr!(import.p_cut_off).into(),
        RowProblem::Invalid(errors) => errors
            .iter()
            .map(super::field_error)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// What to check about an imported row.
pub fn row_warning(w: &RowWarning) -> String {
    match w {
        RowWarning::UnknownStatus { value } => tr!(import.w_status, value = value),
        RowWarning::UnknownConsent { value } => tr!(import.w_consent, value = value),
        RowWarning::ExtraCells => tr!(import.w_extra_cells).into(),
        RowWarning::PhoneMangled { value } => tr!(import.w_phone_mangled, value = value),
        RowWarning::NotAnEmail { value } => tr!(import.w_not_email, value = value),
        RowWarning::NameShortened { max } => tr!(import.w_name_long, max = number(*max as i64)),
        RowWarning::BirthdayUnread { value } => tr!(import.w_birthday, value = value),
        RowWarning::TagShortened { max } => tr!(import.w_tag_long, max = number(*max as i64)),
        RowWarning::TooManyTags { max } => tr!(import.w_tags_many, max = number(*max as i64)),
        RowWarning::NotesShortened { max } => {
            tr!(import.w_notes_long, max = number(*max as i64))
        }
        RowWarning::CutOff => tr!(import.w_cut_off).into(),
        RowWarning::PhoneUnrecognised { country } => tr!(
            form.phone_unrecognised,
            country = crate::ui::labels::country(*country)
        ),
    }
}

/// A row's warnings as one text.
pub fn row_warnings(ws: &[RowWarning]) -> String {
    ws.iter().map(row_warning).collect::<Vec<_>>().join(" ")
}

/// Why a CSV file can't be read.
pub fn csv_error(e: &CsvError) -> String {
    match e {
        CsvError::UnterminatedQuote { line } => tr!(import.csv_quote, line = number(*line as i64)),
        CsvError::NotText => tr!(import.csv_not_text).into(),
    }
}

/// Why a backup file can't be read.
pub fn backup_error(e: &BackupError) -> String {
    match e {
        BackupError::Empty => tr!(backup.e_empty).into(),
        BackupError::InvalidUtf8 => tr!(backup.e_utf8).into(),
        BackupError::NotJson => tr!(backup.e_not_json).into(),
        BackupError::Truncated => tr!(backup.e_truncated).into(),
        BackupError::WrongFormat => tr!(backup.e_wrong).into(),
        BackupError::Encrypted => tr!(backup.e_encrypted).into(),
        BackupError::TooNew { .. } => tr!(backup.e_too_new).into(),
        BackupError::Invalid { part, damage } => tr!(
            backup.e_invalid,
            what = backup_part(part),
            detail = backup_damage(damage)
        ),
    }
}

/// A list of records, in words: "customers", "clientes".
fn kinds(k: Kind) -> &'static str {
    match k {
        Kind::Customer => tr!(backup.l_customers),
        Kind::Contact => tr!(backup.l_contacts),
        Kind::Purchase => tr!(backup.l_purchases),
        Kind::Payment => tr!(backup.l_payments),
        Kind::FollowUp => tr!(backup.l_tasks),
        Kind::Complaint => tr!(backup.l_cases),
        Kind::Deal => tr!(backup.l_deals),
        Kind::Template => tr!(backup.l_templates),
        Kind::Campaign => tr!(backup.l_campaigns),
        Kind::Segment => tr!(backup.l_segments),
        Kind::PayMethod => tr!(backup.l_pay_methods),
        Kind::ReminderSchedule => tr!(backup.l_reminder_schedules),
        Kind::Promise => tr!(backup.l_promises),
        Kind::Redemption => tr!(loyalty.l_redemptions),
        Kind::Product => tr!(products.l_products),
        Kind::ProductPhoto => tr!(products.l_photos),
    }
}

/// `n` records of a kind: "1 customer", "3 clientes".
fn count(k: Kind, n: u64) -> String {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    let (one, other) = match k {
        Kind::Customer => (tr!(backup.one_customer), tr!(backup.n_customers)),
        Kind::Contact => (tr!(backup.one_contact), tr!(backup.n_contacts)),
        Kind::Purchase => (tr!(backup.one_purchase), tr!(backup.n_purchases)),
        Kind::Payment => (tr!(backup.one_payment), tr!(backup.n_payments)),
        Kind::FollowUp => (tr!(backup.one_task), tr!(backup.n_tasks)),
        Kind::Complaint => (tr!(backup.one_case), tr!(backup.n_cases)),
        Kind::Deal => (tr!(backup.one_deal), tr!(backup.n_deals)),
        Kind::Template => (tr!(backup.one_template), tr!(backup.n_templates)),
        Kind::Campaign => (tr!(backup.one_campaign), tr!(backup.n_campaigns)),
        Kind::Segment => (tr!(backup.one_segment), tr!(backup.n_segments)),
        Kind::PayMethod => (tr!(backup.one_pay_method), tr!(backup.n_pay_methods)),
        Kind::ReminderSchedule => (
            tr!(backup.one_reminder_schedule),
            tr!(backup.n_reminder_schedules),
        ),
        Kind::Promise => (tr!(backup.one_promise), tr!(backup.n_promises)),
        Kind::Redemption => (tr!(loyalty.one_redemption), tr!(loyalty.n_redemptions)),
        Kind::Product => (tr!(products.one_product), tr!(products.n_products)),
        Kind::ProductPhoto => (tr!(products.one_photo), tr!(products.n_photos)),
    };
    plural(n, one, other)
}

/// The damaged part of a backup: "the file", "record 3 of the customers ("Siti Rahma")".
fn backup_part(p: &Part) -> String {
    match p {
        Part::File => tr!(backup.part_file).into(),
        Part::Settings => tr!(backup.part_settings).into(),
        Part::Record {
            kind: k,
            number: n,
            name,
            id,
        } => {
            let (n, what) = (number(*n as i64), kinds(*k));
            match (name, id) {
                (Some(name), _) => tr!(backup.part_named, what = what, n = n, name = name),
                (None, Some(id)) => tr!(backup.part_id, what = what, n = n, id = id),
                (None, None) => tr!(backup.part_record, what = what, n = n),
            }
        }
    }
}

/// What is wrong with a damaged part of a backup.
fn backup_damage(d: &Damage) -> String {
    match d {
        Damage::Syntax { line, column } => tr!(
            backup.d_syntax,
            line = number(*line as i64),
            column = number(*column as i64)
        ),
        Damage::NoDate => tr!(backup.d_no_date).into(),
        Damage::NoAppVersion => tr!(backup.d_no_app).into(),
        Damage::NoDevice => tr!(backup.d_no_device).into(),
        Damage::NoCounts => tr!(backup.d_no_counts).into(),
        Damage::BadCounts { detail } => tr!(backup.d_bad_counts, detail = detail),
        Damage::CountMismatch {
            kind: k,
            said,
            found,
        } => tr!(
            backup.d_count,
            said = count(*k, *said),
            found = number(*found as i64)
        ),
        Damage::NoList { kind: k } => tr!(backup.d_no_list, what = kinds(*k)),
        Damage::NotAList { kind: k } => tr!(backup.d_not_list, what = kinds(*k)),
        Damage::NoSettings => tr!(backup.d_no_settings).into(),
        Damage::NotARecord { detail } if detail.is_empty() => tr!(backup.d_not_record).into(),
        Damage::NotARecord { detail } => tr!(backup.d_not_record_why, detail = detail),
        Damage::TooLong { max } => tr!(backup.d_too_long, max = number(*max as i64)),
        Damage::WrongValue {
            key: Some(key),
            detail,
        } => tr!(backup.d_wrong_key, key = key, detail = detail),
        Damage::WrongValue { key: None, detail } => tr!(backup.d_wrong, detail = detail),
        Damage::NotADate { key } => tr!(backup.d_not_date, key = key),
        Damage::NoAddedDate => tr!(backup.d_no_added).into(),
        Damage::NoId => tr!(backup.d_no_id).into(),
        Damage::SameId => tr!(backup.d_same_id).into(),
    }
}

/// Why an encrypted backup can't be opened.
pub fn envelope_error(e: &EnvelopeError) -> &'static str {
    match e {
        EnvelopeError::NotEncrypted => tr!(backup.c_not_enc),
        EnvelopeError::Unsupported => tr!(backup.c_unsupported),
        EnvelopeError::Damaged => tr!(backup.c_damaged),
    }
}

/// Why locking or unlocking a backup didn't work.
pub fn crypto_error(e: &CryptoError) -> String {
    match e {
        CryptoError::Unavailable => tr!(backup.c_unavailable).into(),
        CryptoError::WrongPassphrase => tr!(backup.c_wrong_pass).into(),
        CryptoError::Envelope(e) => envelope_error(e).into(),
        CryptoError::Other(e) => tr!(backup.c_other, e = e),
    }
}

/// Why a file couldn't be saved, read or shared.
pub fn file_error(e: &FileError) -> String {
    match e {
        FileError::Save(step) => tr!(
            backup.f_save,
            step = match step {
                SaveStep::Blob => "blob",
                SaveStep::Address => "url",
                SaveStep::Page => "page",
                SaveStep::Link => "link",
            }
        ),
        FileError::Read => tr!(backup.f_read).into(),
        FileError::Prepare => tr!(backup.f_prepare).into(),
        FileError::CannotShare => tr!(backup.f_cannot_share).into(),
        FileError::ShareNotStarted => tr!(backup.f_share_start).into(),
        FileError::ShareFailed => tr!(backup.f_share_failed).into(),
    }
}

/// So a page can hand a file error straight to `app.error(…)`: in words, in the owner's language.
impl From<FileError> for String {
    fn from(e: FileError) -> String {
        file_error(&e)
    }
}
