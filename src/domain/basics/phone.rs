//! Phone numbers: normalisation to E.164 using the business's country.
//!
//! People type numbers every which way: "0812-3456-7890", "+62 (0)812 3456 7890",
//! "62 812 3456 7890", "(415) 555-2671", "0034 612 34 56 78". [`normalise`] turns what was
//! typed into E.164 (`+6281234567890`) when it is certain enough, reading numbers without a
//! `+` as numbers of the business's country. The rules per country are deliberately small:
//! lengths of the national significant number (NSN) and a few cheap prefix checks.

use crate::domain::basics::locale::Country;
use Country as C;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneParse {
    Empty,
    /// E.164, e.g. `+6281234567890`.
    Valid(String),
    Unrecognised,
}

/// `ch` as an ASCII digit: ASCII, Arabic-Indic, Persian, Devanagari and full-width digits.
fn digit(ch: char) -> Option<char> {
    if ch.is_ascii_digit() {
        return Some(ch);
    }
    let u = ch as u32;
    [0x660, 0x6F0, 0x966, 0xFF10]
        .into_iter()
        .find(|&z| (z..z + 10).contains(&u))
        .map(|z| char::from(b'0' + (u - z) as u8))
}

/// Characters people put between digits: spaces, dashes, dots, brackets, slashes, and the
/// invisible direction marks that phones add when a contact is copied.
fn separator(ch: char) -> bool {
    ch.is_whitespace()
        || "-.()/[]\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}\u{FF08}\u{FF09}\u{FF0D}"
            .contains(ch)
        || matches!(ch, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Digits only: "+62 (812) 34-56" -> "628123456".
pub fn digits(s: &str) -> String {
    s.chars().filter_map(digit).collect()
}

/// Whether `n` (ASCII digits) is a plausible national significant number in `c`.
fn valid(c: Country, n: &str) -> bool {
    let b = n.as_bytes();
    let (l, f) = (b.len(), b.first().copied().unwrap_or(b'0'));
    let is = |set: &[u8]| set.contains(&f);
    let from = |lo: u8, hi: u8| (lo..=hi).contains(&f);
    match c {
        // Mobiles 8xx with 9-12 digits; landlines like 21 5555 1234, 271 123456.
        C::ID if f == b'8' => (9..=12).contains(&l),
        C::ID => (8..=11).contains(&l) && f >= b'2',
        // Mobiles 9 digits from 9; Lima 1 + 7 digits; provinces 2-digit area + 6 digits.
        C::PE => (l == 9 && f == b'9') || (l == 8 && from(b'1', b'8')),
        C::ES => l == 9 && is(b"6789"),
        C::IN => l == 10 && f > b'0',
        // NANP: area code and exchange don't start with 0 or 1.
        C::US => l == 10 && f >= b'2' && b[3] >= b'2',
        C::MX => l == 10 && f >= b'2',
        // Mobiles 3xx, landlines 60x since 2021.
        C::CO => l == 10 && (f == b'3' || n.starts_with("60")),
        // Area code + number is 10 digits; mobiles are written 9 + those 10.
        C::AR => {
            let m = if l == 11 && f == b'9' { &b[1..] } else { b };
            m.len() == 10 && (b'1'..=b'3').contains(&m[0])
        }
        C::CL => l == 9 && f >= b'2',
        C::EC => (l == 9 && f == b'9') || (l == 8 && from(b'2', b'7')),
        C::BO => l == 8 && from(b'2', b'7'),
        C::SA => l == 9 && is(b"15"),
        C::AE => (l == 9 && f == b'5') || (l == 8 && is(b"234679")),
        C::MY => (8..=10).contains(&l) && f > b'0' && (f != b'1' || l >= 9),
        C::PH => (l == 10 && f == b'9') || ((8..=9).contains(&l) && from(b'2', b'8')),
        C::SG => l == 8 && is(b"3689"),
        C::GB => (9..=10).contains(&l) && is(b"1235789"),
        C::FR => l == 9 && f > b'0',
        C::DE => (6..=13).contains(&l) && f > b'0',
        // Italian landlines keep their 0 (06 1234 5678); mobiles start with 3.
        C::IT if f == b'0' => (6..=11).contains(&l) && b[1] > b'0',
        C::IT => f == b'3' && (9..=10).contains(&l),
        C::PT => l == 9 && is(b"23789"),
        // 2-digit area code without zeros + 9-digit mobile (9...) or 8-digit landline (2-5...).
        C::BR => {
            (l == 10 || l == 11)
                && b[0] > b'0'
                && b[1] > b'0'
                && if l == 11 {
                    b[2] == b'9'
                } else {
                    (b'2'..=b'5').contains(&b[2])
                }
        }
    }
}

/// `n` cleaned of old habits (Mexico's mobile 1, Argentina's mobile 15) if it is then valid.
fn fit(c: Country, n: &str) -> Option<String> {
    let n = match c {
        C::MX if n.len() == 11 && n.starts_with('1') => n[1..].to_string(),
        C::AR if n.len() == 12 => match (2..5).find(|&p| &n[p..p + 2] == "15") {
            Some(p) => format!("9{}{}", &n[..p], &n[p + 2..]),
            None => n.to_string(),
        },
        _ => n.to_string(),
    };
    valid(c, &n).then_some(n)
}

/// The trunk prefix dialled before national numbers ("" where there is none).
fn trunk(c: Country) -> &'static str {
    match c {
        C::ES | C::IT | C::PT | C::SG | C::MX => "",
        C::US => "1",
        _ => "0",
    }
}

/// `d` without its trunk prefix, if it has one (Mexico's old 01/044/045; Brazil's 0 + carrier).
fn strip_trunk(c: Country, d: &str) -> Option<&str> {
    let r = match c {
        C::MX => ["044", "045", "01"]
            .into_iter()
            .find_map(|t| d.strip_prefix(t)),
        _ => d.strip_prefix(trunk(c)).filter(|_| !trunk(c).is_empty()),
    }?;
    Some(if c == C::BR && r.len() > 11 {
        &r[2..]
    } else {
        r
    })
}

/// The supported country whose calling code starts `d` (calling codes are prefix-free).
fn country_of(d: &str) -> Option<Country> {
    Country::ALL
        .into_iter()
        .find(|c| d.starts_with(c.calling_code()))
}

/// E.164 for `d`, the digits after a `+` or an international prefix.
fn intl(d: &str) -> Option<String> {
    match country_of(d) {
        Some(c) => {
            let r = &d[c.calling_code().len()..];
            fit(c, r)
                .or_else(|| fit(c, strip_trunk(c, r)?))
                .map(|n| format!("+{}{n}", c.calling_code()))
        }
        None => ((8..=15).contains(&d.len()) && !d.starts_with('0')).then(|| format!("+{d}")),
    }
}

/// Reads what was typed as a phone number, using `country` for numbers without `+`.
pub fn normalise(input: &str, country: Country) -> PhoneParse {
    if input.trim().is_empty() {
        return PhoneParse::Empty;
    }
    let (mut plus, mut d) = (false, String::new());
    for ch in input.chars() {
        if let Some(x) = digit(ch) {
            d.push(x);
        } else if ch == '+' || ch == '\u{FF0B}' {
            if plus || !d.is_empty() {
                return PhoneParse::Unrecognised;
            }
            plus = true;
        } else if !separator(ch) {
            return PhoneParse::Unrecognised;
        }
    }
    if d.len() > 18 {
        return PhoneParse::Unrecognised;
    }
    let found = if plus {
        intl(&d)
    } else {
        let prefixes: &[&str] = match country {
            C::US => &["011", "00"],
            C::ID => &["001", "007", "008", "00"],
            _ => &["00"],
        };
        let mut abroad = prefixes.iter().filter_map(|p| d.strip_prefix(p)).peekable();
        if abroad.peek().is_some() {
            abroad.find_map(intl)
        } else {
            let cc = country.calling_code();
            let with_cc = || if d.starts_with(cc) { intl(&d) } else { None };
            let national = || {
                strip_trunk(country, &d)
                    .and_then(|r| fit(country, r))
                    .map(|n| format!("+{cc}{n}"))
            };
            let as_is = || fit(country, &d).map(|n| format!("+{cc}{n}"));
            // "62 812…" is far more often the calling code than a landline without its trunk 0;
            // where there is no trunk prefix, the number as typed comes first.
            if trunk(country).is_empty() {
                national().or_else(as_is).or_else(with_cc)
            } else {
                national().or_else(with_cc).or_else(as_is)
            }
        }
    };
    found.map_or(PhoneParse::Unrecognised, PhoneParse::Valid)
}

/// Length of the calling code at the start of `d`, for countries we have no rules for.
fn cc_len(d: &str) -> usize {
    const TWO: &str = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 \
                       57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98";
    let k = if d.starts_with(['1', '7']) {
        1
    } else if d.get(..2).is_some_and(|p| TWO.contains(p)) {
        2
    } else {
        3
    };
    k.min(d.len())
}

/// An E.164 number split into its country (if supported), calling code and NSN.
fn split(e164: &str) -> Option<(Option<Country>, &str, &str)> {
    let d = e164.trim().strip_prefix('+')?;
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let c = country_of(d);
    let k = c.map_or_else(|| cc_len(d), |c| c.calling_code().len());
    Some((c, &d[..k], &d[k..]))
}

/// Fills `#` in `t` with the digits of `n`; separators only appear between digits, and
/// digits left over join the last group.
fn fill(t: &str, n: &str) -> String {
    let (mut out, mut sep, mut ds) = (String::new(), String::new(), n.chars());
    for tc in t.chars() {
        if tc != '#' {
            sep.push(tc);
            continue;
        }
        let Some(x) = ds.next() else { break };
        out.push_str(&sep);
        sep.clear();
        out.push(x);
    }
    out.extend(ds);
    out
}

/// The NSN of `c` grouped the way people there write it.
fn pretty(c: Country, n: &str) -> String {
    let s = |p: &str| n.starts_with(p);
    let any = |ps: &[&str]| ps.iter().any(|p| n.starts_with(p));
    let l = n.len();
    let t = match c {
        C::ID if s("8") => "###-####-####",
        C::ID if any(&["21", "22", "24", "31", "61"]) => "##-####-####",
        C::ID => "###-#######",
        C::PE if s("9") => "### ### ###",
        C::PE if s("1") => "# #######",
        C::PE => "## ######",
        C::ES => "### ## ## ##",
        C::IN => "##### #####",
        C::US => "###-###-####",
        C::MX if any(&["55", "56", "33", "81"]) => "## #### ####",
        C::MX => "### ### ####",
        C::CO => "### #######",
        C::AR if l == 11 && s("9") => return format!("9 {}", pretty(c, &n[1..])),
        C::AR if s("11") => "## ####-####",
        C::AR => "### ###-####",
        C::CL if any(&["2", "9"]) => "# #### ####",
        C::CL => "## ### ####",
        C::EC if s("9") => "## ### ####",
        C::EC => "# ### ####",
        C::BO if any(&["6", "7"]) => "########",
        C::BO => "# #######",
        C::SA => "## ### ####",
        C::AE if s("5") => "## ### ####",
        C::AE => "# ### ####",
        C::MY if s("1") && l == 10 => "##-#### ####",
        C::MY if s("1") => "##-### ####",
        C::MY if s("3") => "#-#### ####",
        C::MY if s("8") => "##-### ###",
        C::MY => "#-### ####",
        C::PH if s("9") => "### ### ####",
        C::PH if s("2") => "# #### ####",
        C::PH => "## ### ####",
        C::SG => "#### ####",
        C::GB if any(&["20", "23", "24", "28", "29"]) => "## #### ####",
        C::GB if s("1") && (n.get(1..2) == Some("1") || n.get(2..3) == Some("1")) => "### ### ####",
        C::GB => "#### ######",
        C::FR => "# ## ## ## ##",
        C::DE if any(&["30", "40", "69", "89"]) => "## #",
        C::DE => "### #",
        C::IT if s("3") => "### ### ####",
        C::IT if any(&["02", "06"]) => "## #### ####",
        C::IT => "### #",
        C::PT => "### ### ###",
        C::BR if l == 11 => "## #####-####",
        C::BR => "## ####-####",
    };
    fill(t, n)
}

/// Readable international form: "+62 812-3456-7890", "+34 612 34 56 78", "+1 415-555-2671".
/// Anything that is not `+` and digits comes back unchanged.
pub fn format_international(e164: &str) -> String {
    let Some((c, cc, n)) = split(e164) else {
        return e164.to_string();
    };
    let rest = c.map_or_else(|| n.to_string(), |c| pretty(c, n));
    if rest.is_empty() {
        format!("+{cc}")
    } else {
        format!("+{cc} {rest}")
    }
}

/// Digit strings a search query's digits may be a substring of, for a customer whose phone was
/// typed as `raw` and normalised to `e164` (may be None): the E.164 digits ("6281234567890"),
/// the national form with trunk prefix ("081234567890") and without ("81234567890"), and the
/// raw digits. No duplicates.
pub fn search_forms(raw: &str, e164: Option<&str>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !s.is_empty() && !v.contains(&s) {
            v.push(s);
        }
    };
    if let Some((c, cc, n)) = e164.and_then(split) {
        add(format!("{cc}{n}"));
        if let Some(c) = c {
            add(format!("{}{n}", trunk(c)));
            // Argentine mobiles are dialled at home without the 9: 011 1234-5678.
            if c == C::AR && n.len() == 11 {
                add(format!("0{}", &n[1..]));
            }
        }
        add(n.to_string());
    }
    add(digits(raw));
    v
}

/// wa.me needs the E.164 digits without '+': "+6281234567890" -> "6281234567890".
pub fn wa_digits(e164: &str) -> String {
    digits(e164)
}
