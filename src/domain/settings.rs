//! The business's own settings.

use serde::{Deserialize, Serialize};

use super::locale::{Country, Language};
use super::money::Currency;
use super::time::Millis;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub business_name: String,
    pub country: Country,
    pub currency: Currency,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub updated_at: Millis,
}

impl Settings {
    /// Sensible first-run settings for a country.
    pub fn for_country(country: Country) -> Settings {
        Settings {
            business_name: String::new(),
            country,
            currency: country.default_currency(),
            language: country.default_language(),
            updated_at: 0,
        }
    }

    /// First-run settings guessed from the browser's language tags (`navigator.languages`).
    pub fn guess<'a>(language_tags: impl IntoIterator<Item = &'a str>) -> Settings {
        let tags: Vec<&str> = language_tags.into_iter().collect();
        let country = tags
            .iter()
            .find_map(|t| Country::from_language_tag(t))
            .unwrap_or(Country::US);
        let mut s = Settings::for_country(country);
        if let Some(lang) = tags
            .first()
            .and_then(|t| Language::from_code(t.split(['-', '_']).next().unwrap_or_default()))
        {
            s.language = lang;
        }
        s
    }

    /// Checks what the settings form holds.
    pub fn validate(&self) -> Result<(), String> {
        if self.business_name.chars().count() > 100 {
            return Err("The business name is too long. Keep it under 100 letters.".into());
        }
        Ok(())
    }
}
