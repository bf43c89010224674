//! Store errors. What each one tells the owner, in their language, is `StoreError::message`
//! (in `ui::messages`, next to the other texts).

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
