//! CSV files (RFC 4180) as spreadsheets write and read them, and the customer and purchase
//! exports ("Own your data"). No crate: the reader and writer are small and the wasm bundle is
//! over its size budget.
//!
//! ## Reading ([`parse`])
//! - Quoted fields may hold the delimiter, doubled quotes (`""` → `"`) and line breaks.
//! - Records end in CRLF, LF or CR; a final line break does not make an empty record.
//! - A UTF-8 byte order mark is stripped. Excel's `sep=;` first line is obeyed and dropped.
//! - The delimiter is detected from the header record: whichever of `,` `;` and tab occurs most
//!   often outside quotes (ties and none → `,`). Spanish and Indonesian Excel write `;`.
//! - Rows may have different numbers of fields ("ragged"); they are returned as they are
//!   ([`ragged_rows`] lists them, [`pad`] evens them out).
//! - Lenient where spreadsheets are: text after a closing quote is kept (`"a"b` → `ab`), a
//!   quote inside an unquoted field is an ordinary character, and spaces before an opening
//!   quote are dropped (`a, "b,c"` → `a`, `b,c`).
//! - The only errors: a quote that never closes ([`CsvError::UnterminatedQuote`], with the line
//!   where it opened) and a file that is not text at all ([`CsvError::NotText`]).
//!
//! ## Writing ([`write`])
//! Excel-friendly: UTF-8 with a byte order mark (so Excel reads accents), CRLF line ends, and
//! a field is quoted when it holds `,` `;` tab `"` CR or LF, starts or ends with a space, or
//! starts with `sep=`.
//! Formula injection is guarded against (see [`guard`]).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::domain::basics::money::Currency;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{amount_input, local_date, Purchase};

/// The character between fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Delimiter {
    #[default]
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

    pub fn char(self) -> char {
        match self {
            Delimiter::Comma => ',',
            Delimiter::Semicolon => ';',
            Delimiter::Tab => '\t',
        }
    }

    pub fn from_char(c: char) -> Option<Delimiter> {
        Delimiter::ALL.into_iter().find(|d| d.char() == c)
    }
}

/// Why a CSV file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// A field opened with `"` on `line` (1-based, counting every line break in the file) and
    /// the file ended before the closing `"`.
    UnterminatedQuote { line: usize },
    /// The file holds NUL characters: a spreadsheet (.xlsx, .numbers) or another binary file.
    NotText,
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Excel's delimiter hint: a first line `sep=;`. Returns the rest of the text and the delimiter.
fn sep_hint(text: &str) -> Option<(&str, Delimiter)> {
    let end = text.find(['\r', '\n']).unwrap_or(text.len());
    let first = &text[..end];
    let value = first
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .map(|_| &first[4..])?;
    let mut chars = value.chars();
    let d = Delimiter::from_char(chars.next()?)?;
    if chars.next().is_some() {
        return None;
    }
    let rest = &text[end..];
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\r', '\n']))
        .unwrap_or(rest);
    Some((rest, d))
}

/// The delimiter of `text`: the one of `,` `;` tab found most often outside quotes in the first
/// record; `,` when tied or none.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let text = strip_bom(text);
    if let Some((_, d)) = sep_hint(text) {
        return d;
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\r' | '\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = Delimiter::ALL.iter().position(|d| d.char() == c) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = Delimiter::Comma;
    let mut best_count = counts[0];
    for (i, d) in Delimiter::ALL.into_iter().enumerate().skip(1) {
        if counts[i] > best_count {
            best = d;
            best_count = counts[i];
        }
    }
    best
}

/// Reads a CSV file, detecting the delimiter (see the module docs).
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let text = strip_bom(text);
    match sep_hint(text) {
        Some((rest, d)) => read(rest, d),
        None => read(text, detect_delimiter(text)),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    Unquoted,
    Quoted,
    /// After the closing quote of a quoted field.
    AfterQuote,
}

/// Reads a CSV file with a known delimiter. A leading byte order mark is stripped.
pub fn parse_with(text: &str, delimiter: Delimiter) -> Result<Vec<Vec<String>>, CsvError> {
    read(strip_bom(text), delimiter)
}

fn read(text: &str, delimiter: Delimiter) -> Result<Vec<Vec<String>>, CsvError> {
    if text.contains('\0') {
        return Err(CsvError::NotText);
    }
    let d = delimiter.char();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut state = State::Start;
    let (mut line, mut quote_line) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if state == State::Quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => state = State::AfterQuote,
                _ => {
                    if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        if c == d {
            row.push(std::mem::take(&mut field));
            state = State::Start;
        } else if c == '\r' || c == '\n' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            line += 1;
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
            state = State::Start;
        } else if c == '"' && (state == State::Start || field.chars().all(|c| c == ' ')) {
            // Spaces before an opening quote (`a, "b,c"`) are dropped.
            if state == State::AfterQuote {
                field.push(c);
                continue;
            }
            field.clear();
            state = State::Quoted;
            quote_line = line;
        } else {
            field.push(c);
            if state == State::Start {
                state = State::Unquoted;
            }
        }
    }
    if state == State::Quoted {
        return Err(CsvError::UnterminatedQuote { line: quote_line });
    }
    if state != State::Start || !row.is_empty() || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// The 1-based numbers of the rows whose number of fields differs from the first row's.
pub fn ragged_rows(rows: &[Vec<String>]) -> Vec<usize> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Vec::new();
    };
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.len() != width)
        .map(|(i, _)| i + 1)
        .collect()
}

/// Pads every row with empty fields to the width of the widest.
pub fn pad(rows: &mut [Vec<String>]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in rows {
        r.resize(width, String::new());
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Characters that make a spreadsheet read a cell as a formula.
fn trigger(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
    )
}

/// Whether `field` could run as a formula when a spreadsheet opens it: it starts with tab or CR,
/// or its first character after spaces is `=` or `@`, or `+` or `-` (also their full-width
/// forms) unless the whole field is made of digits, spaces and `+ - . , ( ) /` only: a number,
/// an amount or a phone number, which cannot call a function.
fn dangerous(field: &str) -> bool {
    if field.starts_with(['\t', '\r']) {
        return true;
    }
    let t = field.trim_start_matches(' ');
    match t.chars().next() {
        Some('=' | '@' | '\u{FF1D}' | '\u{FF20}') => true,
        Some(c) if trigger(c) => !t
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.,()/".contains(c)),
        _ => false,
    }
}

/// `dangerous`, or `'` followed by a guarded field (so that [`unguard`] reverses [`guard`]).
fn guarded(field: &str) -> bool {
    let mut f = field;
    loop {
        if dangerous(f) {
            return true;
        }
        match f.strip_prefix('\'') {
            Some(rest) => f = rest,
            None => return false,
        }
    }
}

/// Guards a field against CSV formula injection: a field a spreadsheet could run as a formula
/// (first character after spaces `=` or `@`; or `+` or `-` when the field is not just a number
/// or phone number made of digits, spaces and `+ - . , ( ) /`; or a leading tab or CR) gets a
/// `'` in front, which spreadsheets read as "this is text". So "=HYPERLINK(…)" is written as
/// "'=HYPERLINK(…)", while "+62 812-3456-7890" and "-1250.00" stay as they are. A field that is
/// `'` followed by a guarded field gets one more `'`, so that [`unguard`] gives back exactly the
/// original.
pub fn guard(field: &str) -> Cow<'_, str> {
    if guarded(field) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// Undoes [`guard`]: drops the `'` that was put in front of a guarded field.
pub fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if guarded(rest) => rest,
        _ => field,
    }
}

fn needs_quotes(field: &str, d: char) -> bool {
    field.contains([',', ';', '\t', '"', '\r', '\n', d])
        || field.starts_with(' ')
        || field.ends_with(' ')
        // Not to be mistaken for Excel's delimiter hint.
        || field.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sep="))
}

fn push_row(out: &mut String, row: &[String], d: char) {
    if row.len() == 1 && row[0].is_empty() {
        // A lone empty field is written "" so that the line is not read as nothing.
        out.push_str("\"\"");
    }
    for (i, field) in row.iter().enumerate() {
        if i > 0 {
            out.push(d);
        }
        let field = guard(field);
        if needs_quotes(&field, d) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// Writes rows as an Excel-friendly CSV file with `,` between fields: a byte order mark,
/// CRLF line ends, quoting where needed and formula injection guarded (see [`guard`]).
pub fn write(rows: &[Vec<String>]) -> String {
    write_with(rows, Delimiter::Comma)
}

/// [`write`] with another delimiter (`;` opens straight into columns in Excel set to Spanish
/// or Indonesian).
pub fn write_with(rows: &[Vec<String>], delimiter: Delimiter) -> String {
    let mut out = String::from("\u{FEFF}");
    for row in rows {
        push_row(&mut out, row, delimiter.char());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Exports

/// The version of the export columns below (see docs/csv-format.md). Columns are only ever
/// added at the end; a renamed or removed column bumps the version.
pub const FORMAT_VERSION: u32 = 1;

/// The header of the customers export.
pub const CUSTOMER_COLUMNS: [&str; 20] = [
    "id",
    "name",
    "phone",
    "phone_e164",
    "email",
    "tags",
    "status",
    "preferred_channel",
    "instagram",
    "facebook",
    "tiktok",
    "birthday",
    "marketing_consent",
    "notes",
    "created_at",
    "total_spent",
    "purchase_count",
    "balance",
    "last_purchase",
    "last_contact",
];

/// The header of the purchases export.
pub const PURCHASE_COLUMNS: [&str; 10] = [
    "id",
    "date",
    "customer_id",
    "customer_name",
    "items",
    "total",
    "paid",
    "unpaid",
    "status",
    "note",
];

fn iso_date(at: Millis, tz_offset_minutes: i32) -> String {
    local_date(at, tz_offset_minutes).to_string()
}

fn opt_date(at: Option<Millis>, tz_offset_minutes: i32) -> String {
    at.map(|a| iso_date(a, tz_offset_minutes))
        .unwrap_or_default()
}

/// The birthday as exported: "1985-03-14" with the year, "14-03" (day-month) without.
pub fn birthday_text(b: &crate::domain::records::customer::Birthday) -> String {
    match b.year {
        Some(y) => format!("{y:04}-{:02}-{:02}", b.month, b.day),
        None => format!("{:02}-{:02}", b.day, b.month),
    }
}

/// The customers export as rows, header first, customers in the Trash left out, in the order
/// given. Amounts are plain decimals in `currency` ("1234.50"; "150000" for rupiah); dates are
/// local calendar days (`tz_offset_minutes` as in `events.rs`).
pub fn customer_rows(
    customers: &[Customer],
    currency: Currency,
    tz_offset_minutes: i32,
) -> Vec<Vec<String>> {
    let mut rows = vec![CUSTOMER_COLUMNS.iter().map(|s| s.to_string()).collect()];
    for c in customers.iter().filter(|c| !c.is_deleted()) {
        let s = &c.summary;
        rows.push(vec![
            c.id.clone(),
            c.name.clone(),
            c.phone.clone(),
            c.phone_e164.clone().unwrap_or_default(),
            c.email.clone(),
            c.tags.join("; "),
            c.status.code().to_string(),
            c.preferred_channel
                .map(|ch| ch.code().to_string())
                .unwrap_or_default(),
            c.social.instagram.clone(),
            c.social.facebook.clone(),
            c.social.tiktok.clone(),
            c.birthday.as_ref().map(birthday_text).unwrap_or_default(),
            if c.marketing_consent { "yes" } else { "no" }.to_string(),
            c.notes.clone(),
            iso_date(c.created_at, tz_offset_minutes),
            amount_input(s.total_spent, currency),
            s.purchase_count.to_string(),
            amount_input(s.balance, currency),
            opt_date(s.last_purchase_at, tz_offset_minutes),
            opt_date(s.last_contact_at, tz_offset_minutes),
        ]);
    }
    rows
}

/// The customers export as a CSV file (see [`customer_rows`] and [`write`]).
pub fn customers_csv(customers: &[Customer], currency: Currency, tz_offset_minutes: i32) -> String {
    write(&customer_rows(customers, currency, tz_offset_minutes))
}

/// "2× Cake; 1× Candle".
pub fn items_text(p: &Purchase) -> String {
    p.lines
        .iter()
        .map(|l| format!("{}× {}", l.quantity, l.item.trim()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The purchases export as rows, header first, in the order given. Purchases in the Trash and
/// purchases of customers in the Trash (or unknown) are left out, like the customers export.
pub fn purchase_rows(
    purchases: &[Purchase],
    customers: &[Customer],
    currency: Currency,
    tz_offset_minutes: i32,
) -> Vec<Vec<String>> {
    let names: HashMap<&str, &Customer> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut rows = vec![PURCHASE_COLUMNS.iter().map(|s| s.to_string()).collect()];
    for p in purchases.iter().filter(|p| p.deleted_at.is_none()) {
        let Some(c) = names
            .get(p.customer_id.as_str())
            .filter(|c| !c.is_deleted())
        else {
            continue;
        };
        rows.push(vec![
            p.id.clone(),
            iso_date(p.at, tz_offset_minutes),
            p.customer_id.clone(),
            c.display_name().to_string(),
            items_text(p),
            amount_input(p.total, currency),
            amount_input(p.paid, currency),
            amount_input(p.unpaid(), currency),
            p.status().code().to_string(),
            p.note.clone(),
        ]);
    }
    rows
}

/// The purchases export as a CSV file (see [`purchase_rows`] and [`write`]).
pub fn purchases_csv(
    purchases: &[Purchase],
    customers: &[Customer],
    currency: Currency,
    tz_offset_minutes: i32,
) -> String {
    write(&purchase_rows(
        purchases,
        customers,
        currency,
        tz_offset_minutes,
    ))
}
