//! Countries, currencies and languages the business can choose.
//!
//! The country gives the default dialling code for phone numbers and (in `money`) the default currency.

use serde::{Deserialize, Serialize};

/// A country a business can be in (ISO 3166-1 alpha-2 in files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    ID,
    PE,
    ES,
    IN,
    US,
    MX,
    CO,
    AR,
    CL,
    EC,
    BO,
    SA,
    AE,
    MY,
    PH,
    SG,
    GB,
    FR,
    DE,
    IT,
    PT,
    BR,
}

impl Country {
    pub const ALL: [Country; 22] = [
        Country::ID,
        Country::PE,
        Country::ES,
        Country::IN,
        Country::US,
        Country::MX,
        Country::CO,
        Country::AR,
        Country::CL,
        Country::EC,
        Country::BO,
        Country::SA,
        Country::AE,
        Country::MY,
        Country::PH,
        Country::SG,
        Country::GB,
        Country::FR,
        Country::DE,
        Country::IT,
        Country::PT,
        Country::BR,
    ];

    /// ISO 3166-1 alpha-2 code, e.g. `"ID"`.
    pub fn code(self) -> &'static str {
        match self {
            Country::ID => "ID",
            Country::PE => "PE",
            Country::ES => "ES",
            Country::IN => "IN",
            Country::US => "US",
            Country::MX => "MX",
            Country::CO => "CO",
            Country::AR => "AR",
            Country::CL => "CL",
            Country::EC => "EC",
            Country::BO => "BO",
            Country::SA => "SA",
            Country::AE => "AE",
            Country::MY => "MY",
            Country::PH => "PH",
            Country::SG => "SG",
            Country::GB => "GB",
            Country::FR => "FR",
            Country::DE => "DE",
            Country::IT => "IT",
            Country::PT => "PT",
            Country::BR => "BR",
        }
    }

    pub fn from_code(code: &str) -> Option<Country> {
        let code = code.trim();
        Country::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// The country's name in English.
    pub fn name(self) -> &'static str {
        match self {
            Country::ID => "Indonesia",
            Country::PE => "Peru",
            Country::ES => "Spain",
            Country::IN => "India",
            Country::US => "United States",
            Country::MX => "Mexico",
            Country::CO => "Colombia",
            Country::AR => "Argentina",
            Country::CL => "Chile",
            Country::EC => "Ecuador",
            Country::BO => "Bolivia",
            Country::SA => "Saudi Arabia",
            Country::AE => "United Arab Emirates",
            Country::MY => "Malaysia",
            Country::PH => "Philippines",
            Country::SG => "Singapore",
            Country::GB => "United Kingdom",
            Country::FR => "France",
            Country::DE => "Germany",
            Country::IT => "Italy",
            Country::PT => "Portugal",
            Country::BR => "Brazil",
        }
    }

    /// International dialling code without the `+`, e.g. `"62"` for Indonesia.
    pub fn calling_code(self) -> &'static str {
        match self {
            Country::ID => "62",
            Country::PE => "51",
            Country::ES => "34",
            Country::IN => "91",
            Country::US => "1",
            Country::MX => "52",
            Country::CO => "57",
            Country::AR => "54",
            Country::CL => "56",
            Country::EC => "593",
            Country::BO => "591",
            Country::SA => "966",
            Country::AE => "971",
            Country::MY => "60",
            Country::PH => "63",
            Country::SG => "65",
            Country::GB => "44",
            Country::FR => "33",
            Country::DE => "49",
            Country::IT => "39",
            Country::PT => "351",
            Country::BR => "55",
        }
    }

    pub fn default_language(self) -> Language {
        match self {
            Country::ID => Language::Id,
            Country::PE
            | Country::ES
            | Country::MX
            | Country::CO
            | Country::AR
            | Country::CL
            | Country::EC
            | Country::BO => Language::Es,
            _ => Language::En,
        }
    }

    /// Guesses the country from a browser language tag such as `"id-ID"` or `"es-PE"`.
    /// Falls back on the language alone (`"id"` → Indonesia, `"es"` → Spain).
    pub fn from_language_tag(tag: &str) -> Option<Country> {
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
        if let Some(c) = parts.find(|p| p.len() == 2).and_then(Country::from_code) {
            return Some(c);
        }
        match lang.as_str() {
            "id" | "in" => Some(Country::ID),
            "es" => Some(Country::ES),
            "hi" => Some(Country::IN),
            "ms" => Some(Country::MY),
            "pt" => Some(Country::PT),
            "fr" => Some(Country::FR),
            "de" => Some(Country::DE),
            "it" => Some(Country::IT),
            "ar" => Some(Country::SA),
            _ => None,
        }
    }
}

/// Languages the app is (or will be) shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
    Id,
}

/// The plural form a count takes in a language (see [`Language::plural_form`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralForm {
    /// "1 customer".
    One,
    /// "0 customers", "2 customers"; every count in Indonesian.
    Other,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Es, Language::Id];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Id => "id",
        }
    }

    /// Which plural form a count of `n` takes (CLDR cardinal rules for whole numbers): English and
    /// Spanish say "1 customer" / "2 customers"; Indonesian has one form for every count.
    pub fn plural_form(self, n: i64) -> PluralForm {
        match self {
            Language::En | Language::Es if n == 1 => PluralForm::One,
            Language::En | Language::Es | Language::Id => PluralForm::Other,
        }
    }

    /// The language's own name for itself.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Es => "Español",
            Language::Id => "Bahasa Indonesia",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The first of the phone's languages (`navigator.languages`, e.g. `["id-ID", "en-US"]`) that
    /// the app speaks; English when none is.
    pub fn from_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Language {
        tags.into_iter()
            .find_map(|t| {
                let primary = t.split(['-', '_']).next().unwrap_or_default();
                // "in" is the old code for Indonesian, still sent by some Android phones.
                Language::from_code(if primary.eq_ignore_ascii_case("in") {
                    "id"
                } else {
                    primary
                })
            })
            .unwrap_or_default()
    }
}
