//! Money as integer minor units (cents, céntimos, sen); never floating point.

use serde::{Deserialize, Serialize};

use crate::domain::basics::locale::{Country, Language};

/// An amount in the minor unit of its currency (e.g. cents). IDR, COP and CLP are kept in whole units.
pub type Minor = i64;

/// ISO 4217 currencies the app supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    IDR,
    PEN,
    EUR,
    USD,
    INR,
    MXN,
    COP,
    ARS,
    CLP,
    BOB,
    SAR,
    AED,
    MYR,
    PHP,
    SGD,
    GBP,
    BRL,
}

impl Currency {
    pub const ALL: [Currency; 17] = [
        Currency::IDR,
        Currency::PEN,
        Currency::EUR,
        Currency::USD,
        Currency::INR,
        Currency::MXN,
        Currency::COP,
        Currency::ARS,
        Currency::CLP,
        Currency::BOB,
        Currency::SAR,
        Currency::AED,
        Currency::MYR,
        Currency::PHP,
        Currency::SGD,
        Currency::GBP,
        Currency::BRL,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::IDR => "IDR",
            Currency::PEN => "PEN",
            Currency::EUR => "EUR",
            Currency::USD => "USD",
            Currency::INR => "INR",
            Currency::MXN => "MXN",
            Currency::COP => "COP",
            Currency::ARS => "ARS",
            Currency::CLP => "CLP",
            Currency::BOB => "BOB",
            Currency::SAR => "SAR",
            Currency::AED => "AED",
            Currency::MYR => "MYR",
            Currency::PHP => "PHP",
            Currency::SGD => "SGD",
            Currency::GBP => "GBP",
            Currency::BRL => "BRL",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Digits after the decimal point as people use them day to day
    /// (0 for IDR, COP and CLP: nobody writes Rp 15.000,00).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::IDR | Currency::COP | Currency::CLP => 0,
            _ => 2,
        }
    }

    /// The symbol people write before the amount.
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::IDR => "Rp",
            Currency::PEN => "S/",
            Currency::EUR => "€",
            Currency::USD => "$",
            Currency::INR => "₹",
            Currency::MXN => "$",
            Currency::COP => "$",
            Currency::ARS => "$",
            Currency::CLP => "$",
            Currency::BOB => "Bs",
            Currency::SAR => "SAR",
            Currency::AED => "AED",
            Currency::MYR => "RM",
            Currency::PHP => "₱",
            Currency::SGD => "S$",
            Currency::GBP => "£",
            Currency::BRL => "R$",
        }
    }
}

/// The currency a business in each country uses (here, not in `locale`, so that `money` imports
/// `locale` and not the other way round).
impl Country {
    pub fn default_currency(self) -> Currency {
        match self {
            Country::ID => Currency::IDR,
            Country::PE => Currency::PEN,
            Country::ES | Country::FR | Country::DE | Country::IT | Country::PT => Currency::EUR,
            Country::IN => Currency::INR,
            Country::US | Country::EC => Currency::USD,
            Country::MX => Currency::MXN,
            Country::CO => Currency::COP,
            Country::AR => Currency::ARS,
            Country::CL => Currency::CLP,
            Country::BO => Currency::BOB,
            Country::SA => Currency::SAR,
            Country::AE => Currency::AED,
            Country::MY => Currency::MYR,
            Country::PH => Currency::PHP,
            Country::SG => Currency::SGD,
            Country::GB => Currency::GBP,
            Country::BR => Currency::BRL,
        }
    }
}

/// Why a typed amount could not be read; the UI words it (`ui::messages::money_error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotANumber,
    TooManyDecimals,
    TooLarge,
}

/// What people write before or after an amount in `c`, longest first; the code comes last.
fn marks(c: Currency) -> impl Iterator<Item = &'static str> {
    let aliases: &'static [&'static str] = match c {
        Currency::IDR => &["Rp.", "Rp"],
        Currency::PEN => &["S/.", "S/"],
        Currency::EUR => &["€"],
        Currency::USD => &["US$", "$"],
        Currency::INR => &["Rs.", "Rs", "₹"],
        Currency::MXN => &["MX$", "$"],
        Currency::COP => &["COL$", "$"],
        Currency::ARS => &["AR$", "$"],
        Currency::CLP => &["CLP$", "$"],
        Currency::BOB => &["Bs.", "Bs"],
        Currency::SAR => &["ر.س", "﷼"],
        Currency::AED => &["د.إ", "Dhs", "Dh"],
        Currency::MYR => &["RM"],
        Currency::PHP => &["₱"],
        Currency::SGD => &["S$", "$"],
        Currency::GBP => &["£"],
        Currency::BRL => &["R$"],
    };
    aliases.iter().copied().chain([c.code()])
}

/// `s` without a leading (or trailing) currency mark, ignoring case.
fn strip_mark(s: &str, c: Currency, leading: bool) -> Option<&str> {
    marks(c).find_map(|m| {
        let at = if leading {
            m.len()
        } else {
            s.len().checked_sub(m.len())?
        };
        let (head, tail) = (s.get(..at)?, s.get(at..)?);
        let (mark, rest) = if leading { (head, tail) } else { (tail, head) };
        mark.eq_ignore_ascii_case(m).then_some(rest)
    })
}

/// The value of a digit in Latin, Arabic-Indic, Persian or Devanagari numerals.
fn digit_value(c: char) -> Option<u8> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{660}'..='\u{669}' => '\u{660}',
        '\u{6f0}'..='\u{6f9}' => '\u{6f0}',
        '\u{966}'..='\u{96f}' => '\u{966}',
        _ => return None,
    };
    u8::try_from(u32::from(c) - u32::from(zero)).ok()
}

/// A separator normalised to '.' or ',' (either may be the decimal point) or ' ' (grouping only).
fn separator(c: char) -> Option<char> {
    match c {
        '.' | '\u{66b}' => Some('.'),
        ',' | '\u{66c}' | '\u{60c}' => Some(','),
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}' => Some(' '),
        _ => None,
    }
}

/// Reads an amount as people type it: "15000", "15.000" and "15,000" (rupiah), "12.50",
/// "12,50", "1,234.56", "1.234,56", "S/ 25", "€3", "Rp 150.000", "-5" (a refund).
///
/// With two decimals, the last `.` or `,` is the decimal point when 1 or 2 digits follow it
/// (or when the other separator comes before it); followed by exactly 3 digits it groups
/// thousands. Currencies without cents (IDR, COP, CLP) only take thousands separators.
pub fn parse_amount(input: &str, currency: Currency) -> Result<Minor, MoneyError> {
    let mut s = input.trim();
    let (mut negative, mut signed, mut marked) = (false, false, false);
    loop {
        if !signed {
            if let Some(rest) = s.strip_prefix(['-', '\u{2212}', '+']) {
                negative = s.starts_with(['-', '\u{2212}']);
                signed = true;
                s = rest.trim_start();
                continue;
            }
        }
        if !marked {
            if let Some(rest) = strip_mark(s, currency, true) {
                marked = true;
                s = rest.trim_start();
                continue;
            }
        }
        break;
    }
    if !marked {
        if let Some(rest) = strip_mark(s, currency, false) {
            s = rest.trim_end();
        }
    }
    if s.is_empty() {
        return Err(if signed {
            MoneyError::NotANumber
        } else {
            MoneyError::Empty
        });
    }

    // Digit groups (as ASCII digits) and the separators between them.
    let mut groups: Vec<String> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut current = String::new();
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            current.push(char::from(b'0' + d));
        } else if let Some(sep) = separator(c) {
            // Only the first group may be empty, as in ".50".
            if current.is_empty() && !(groups.is_empty() && sep != ' ') {
                return Err(MoneyError::NotANumber);
            }
            groups.push(std::mem::take(&mut current));
            seps.push(sep);
        } else {
            return Err(MoneyError::NotANumber);
        }
    }
    if current.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    groups.push(current);

    let n = seps.len();
    let point = n > 0 && {
        let (last, earlier) = (seps[n - 1], &seps[..n - 1]);
        last != ' '
            && !earlier.contains(&last)
            && (groups[n].len() != 3
                || earlier.iter().any(|&c| c != last)
                || groups[0].is_empty()
                || groups[0].starts_with('0'))
    };
    let (int_groups, int_seps, frac) = if point {
        (&groups[..n], &seps[..n - 1], groups[n].as_str())
    } else {
        (&groups[..], &seps[..], "")
    };
    let exponent = currency.exponent() as usize;
    if frac.len() > exponent {
        return Err(MoneyError::TooManyDecimals);
    }
    if let Some(&sep) = int_seps.first() {
        let last = int_groups.len() - 1;
        let grouped = int_seps.iter().all(|&c| c == sep)
            && (1..=3).contains(&int_groups[0].len())
            && int_groups.iter().enumerate().skip(1).all(|(i, g)| {
                // Indian grouping: 1,23,45,678.
                g.len() == 3 || (currency == Currency::INR && i < last && g.len() == 2)
            });
        if !grouped {
            return Err(MoneyError::NotANumber);
        }
    }

    let padding = std::iter::repeat_n(b'0', exponent - frac.len());
    let mut value: i128 = 0;
    for d in int_groups
        .iter()
        .flat_map(|g| g.bytes())
        .chain(frac.bytes())
        .chain(padding)
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d - b'0')))
            .ok_or(MoneyError::TooLarge)?;
    }
    if negative {
        value = -value;
    }
    Minor::try_from(value).map_err(|_| MoneyError::TooLarge)
}

/// The amount for display in English: see [`format_money`].
pub fn format_amount(amount: Minor, currency: Currency) -> String {
    format_money(amount, currency, Language::En)
}

/// The separators (thousands, decimal) and grouping money in `c` is written with in `lang`.
///
/// Currencies whose home countries write a decimal point keep it in every language (PEN, USD,
/// MXN, INR — with Indian grouping —, GBP, SGD, MYR, PHP, SAR, AED); rupiah always groups with
/// dots (and has no cents); the others (EUR, COP, ARS, CLP, BOB, BRL) follow the language:
/// "1,234.50" in English, "1.234,50" in Spanish and Indonesian.
fn money_style(c: Currency, lang: Language) -> (char, char) {
    use Currency::*;
    match c {
        IDR => ('.', ','),
        PEN | USD | MXN | INR | GBP | SGD | MYR | PHP | SAR | AED => (',', '.'),
        EUR | COP | ARS | CLP | BOB | BRL => number_separators(lang),
    }
}

/// The thousands separator and decimal mark of `lang`: English "1,234.5", Spanish and Indonesian
/// "1.234,5".
pub fn number_separators(lang: Language) -> (char, char) {
    match lang {
        Language::En => (',', '.'),
        Language::Es | Language::Id => ('.', ','),
    }
}

/// `digits` (ASCII) with a separator every three digits from the right, or Indian style
/// (1,23,45,678) when `indian`.
fn group_digits(digits: &str, sep: char, indian: bool, out: &mut String) {
    let n = digits.len();
    for (i, d) in digits.chars().enumerate() {
        let left = n - i;
        if i > 0
            && ((left.is_multiple_of(3) && (!indian || left == 3))
                || (indian && left > 3 && left % 2 == 1))
        {
            out.push(sep);
        }
        out.push(d);
    }
}

/// A whole number with `lang`'s thousands separator: "1,234,567" / "1.234.567".
pub fn format_number(n: i64, lang: Language) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    group_digits(
        &n.unsigned_abs().to_string(),
        number_separators(lang).0,
        false,
        &mut out,
    );
    out
}

/// A number with one decimal in `lang`: "4.5" / "4,5" (tenths given as an integer: 45 → "4.5").
pub fn format_tenths(tenths: i64, lang: Language) -> String {
    let (_, point) = number_separators(lang);
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    format!(
        "{sign}{}{point}{}",
        format_number((a / 10) as i64, lang),
        a % 10
    )
}

/// The amount for display in `lang`: the symbol, then the number grouped the way the currency
/// is written ([`money_style`]): "Rp 150.000", "S/ 12.50", "$1,234.50", "₹1,23,456.00",
/// "€12.50" (English), "€12,50" (Indonesian), and in Spanish the euro after the number:
/// "12,50 €". Alphabetic symbols are followed by a non-breaking space. `parse_amount` reads
/// every one of these back.
pub fn format_money(amount: Minor, currency: Currency, lang: Language) -> String {
    let exponent = currency.exponent();
    let scale = 10u64.pow(exponent);
    let abs = amount.unsigned_abs();
    let (group, point) = money_style(currency, lang);
    let symbol = currency.symbol();
    let after = currency == Currency::EUR && lang == Language::Es;
    let mut out = String::with_capacity(24);
    if amount < 0 {
        out.push('-');
    }
    if !after {
        out.push_str(symbol);
        if symbol.chars().any(char::is_alphabetic) {
            out.push('\u{a0}');
        }
    }
    group_digits(
        &(abs / scale).to_string(),
        group,
        currency == Currency::INR,
        &mut out,
    );
    if exponent > 0 {
        let frac = (abs % scale).to_string();
        out.push(point);
        out.extend(std::iter::repeat_n('0', exponent as usize - frac.len()));
        out.push_str(&frac);
    }
    if after {
        out.push('\u{a0}');
        out.push_str(symbol);
    }
    out
}
