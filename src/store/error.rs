//! Store errors, each with a message in plain words for the owner.

use indexed_db_futures::error::{DomException, Error, OpenDbError};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser has no IndexedDB (private mode in some browsers, very old browsers).
    Unsupported,
    /// The phone's storage for this site is full.
    QuotaExceeded,
    /// An older Rapport tab keeps the database open, so it cannot be upgraded.
    Blocked,
    /// The data was written by a newer version of Rapport than this page.
    VersionTooNew,
    /// The record changed since it was read (another tab or device saved it first).
    Conflict,
    /// The record is not there (any more).
    NotFound,
    /// A stored record could not be read.
    Corrupt(String),
    /// The owner (or a test) stopped a long write; it was rolled back.
    Cancelled,
    /// Anything else, with the browser's words.
    Other(String),
}

impl StoreError {
    /// What to tell the owner, and what to do next.
    pub fn message(&self) -> String {
        match self {
            StoreError::Unsupported => "This browser can't keep data on the phone. Open Rapport in Chrome, or leave private browsing.".into(),
            StoreError::QuotaExceeded => "Your phone's storage is full, so this was not saved. Free some space (photos, videos, other apps) and try again. Nothing you saved before was lost.".into(),
            StoreError::Blocked => "Rapport is open in another tab with an older version. Close the other tab to finish updating.".into(),
            StoreError::VersionTooNew => "Your data was saved by a newer Rapport. Reload the page to get the newest version.".into(),
            StoreError::Conflict => "This customer was changed somewhere else (another tab) while you were editing. Your changes were not saved; open the customer again to see the latest version.".into(),
            StoreError::NotFound => "This record no longer exists. It may have been deleted in another tab.".into(),
            StoreError::Cancelled => "Stopped. Nothing was changed.".into(),
            StoreError::Corrupt(e) => format!("A saved record could not be read ({e}). Nothing was changed."),
            StoreError::Other(e) => format!("Something went wrong while saving ({e}). Nothing was changed; try again."),
        }
    }

    pub(super) fn from_open(e: OpenDbError) -> StoreError {
        match e {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                StoreError::Unsupported
            }
            OpenDbError::Base(e) => e.into(),
            other => StoreError::Other(other.to_string()),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for StoreError {}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::DomException(d) => from_dom(&d),
            other => StoreError::Other(other.to_string()),
        }
    }
}

fn from_dom(d: &DomException) -> StoreError {
    let sys: web_sys::DomException = d.clone().into();
    let name = sys.name();
    match name.as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        "ConstraintError" => StoreError::Conflict,
        "VersionError" => StoreError::VersionTooNew,
        "NotFoundError" => StoreError::NotFound,
        "InvalidStateError" if sys.message().contains("closing") => StoreError::Blocked,
        _ => StoreError::Other(format!("{name}: {}", sys.message())),
    }
}
