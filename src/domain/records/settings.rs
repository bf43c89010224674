//! The business's own settings.

use serde::{Deserialize, Serialize};

use crate::domain::basics::locale::{Country, Language};
use crate::domain::basics::money::Currency;
use crate::domain::basics::time::Millis;
use crate::domain::records::pipeline::StageNames;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub business_name: String,
    /// The business's phone as the owner writes it, shown on receipts and statements. Not
    /// written when empty (added in backup version 3; older files stay byte-identical).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub business_phone: String,
    pub country: Country,
    pub currency: Currency,
    #[serde(default)]
    pub language: Language,
    /// The owner picked `language` in Settings; otherwise ("Automatic") it follows the phone's
    /// languages each time the app opens (see [`Settings::follow_phone`]). Not written when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub language_chosen: bool,
    /// Remind to back up after this many days (0 = never); also after [`BACKUP_REMINDER_CHANGES`]
    /// changes.
    #[serde(default = "default_reminder_days")]
    pub backup_reminder_days: u32,
    /// Light or dark colours, or follow the phone. Older settings have none (= System), and System
    /// is not written, so backups without a colour choice stay byte-identical.
    #[serde(default, skip_serializing_if = "Theme::is_system")]
    pub theme: Theme,
    #[serde(default)]
    pub updated_at: Millis,
    /// The owner's names for the deal stages (empty: the default names).
    #[serde(default, skip_serializing_if = "stage_names_default")]
    pub stage_names: StageNames,
    /// The loyalty programme; `None` = off, and then not written (added in backup version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<crate::domain::records::loyalty::Loyalty>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn stage_names_default(n: &StageNames) -> bool {
    n.0.is_empty()
}

/// The colour theme: follow the phone's setting, or always light, or always dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn is_system(&self) -> bool {
        *self == Theme::System
    }

    /// The stored code, also the value of `data-theme` on the page ("" for System).
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Like the phone",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

/// After this many changed records since the last backup, Today suggests a new one.
pub const BACKUP_REMINDER_CHANGES: u64 = 50;

fn default_reminder_days() -> u32 {
    7
}

/// Whether Today should suggest a backup: never backed up and there is data, or the last backup is
/// older than the chosen number of days, or many records changed since.
pub fn backup_due(
    reminder_days: u32,
    last_backup_at: Option<Millis>,
    changes_since: u64,
    records: u64,
    now: Millis,
) -> bool {
    if reminder_days == 0 || records == 0 {
        return false;
    }
    match last_backup_at {
        None => true,
        Some(at) => {
            now - at >= i64::from(reminder_days) * crate::domain::basics::time::DAY
                || changes_since >= BACKUP_REMINDER_CHANGES
        }
    }
}

impl Settings {
    /// Sensible first-run settings for a country.
    pub fn for_country(country: Country) -> Settings {
        Settings {
            business_name: String::new(),
            business_phone: String::new(),
            country,
            currency: country.default_currency(),
            language: country.default_language(),
            language_chosen: false,
            backup_reminder_days: default_reminder_days(),
            theme: Theme::System,
            updated_at: 0,
            stage_names: StageNames::default(),
            loyalty: None,
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
        s.follow_phone(tags);
        s
    }

    /// With "Automatic" (no language chosen), takes the language from the phone's language tags.
    pub fn follow_phone<'a>(&mut self, language_tags: impl IntoIterator<Item = &'a str>) {
        if !self.language_chosen {
            self.language = Language::from_tags(language_tags);
        }
    }

    /// Checks what the settings form holds; the UI words the problem.
    pub fn validate(&self) -> Result<(), SettingsProblem> {
        if self.business_name.chars().count() > MAX_BUSINESS_NAME {
            return Err(SettingsProblem::BusinessNameTooLong {
                max: MAX_BUSINESS_NAME,
            });
        }
        if self.business_phone.chars().count() > MAX_BUSINESS_PHONE {
            return Err(SettingsProblem::BusinessPhoneTooLong {
                max: MAX_BUSINESS_PHONE,
            });
        }
        if let Some(l) = &self.loyalty {
            l.check().map_err(SettingsProblem::Loyalty)?;
        }
        self.stage_names
            .validate()
            .map_err(SettingsProblem::StageNames)
    }
}

/// The longest business name, in letters.
pub const MAX_BUSINESS_NAME: usize = 100;
/// The longest business phone, in characters.
pub const MAX_BUSINESS_PHONE: usize = 40;

/// Why the settings can't be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsProblem {
    /// More than `max` letters.
    BusinessNameTooLong { max: usize },
    /// The business phone has more than `max` characters.
    BusinessPhoneTooLong { max: usize },
    /// The deal stages' names.
    StageNames(crate::domain::records::pipeline::StageNameProblem),
    /// The loyalty programme's settings.
    Loyalty(crate::domain::records::loyalty::LoyaltyProblem),
}
