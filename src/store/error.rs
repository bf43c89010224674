//! Store errors, as values. What each one tells the owner, in their language, is
//! `StoreError::message` (in `ui::messages`, next to the other texts); the browser's own words
//! are kept only as a technical detail ([`StoreError::detail`]), never shown as the message.

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
    /// A stored record could not be read; the technical detail (e.g. the JSON error).
    Corrupt(String),
    /// The owner (or a test) stopped a long write; it was rolled back.
    Cancelled,
    /// The database is not open (it failed to open, or the page is still starting).
    NotOpen,
    /// A write the app never asks for; refused before anything changed.
    Refused(Refusal),
    /// Anything else the browser reported: what kind of failure, and its own words.
    Other(Failure),
}

/// A write the store refuses whatever the data (a bug in the caller, not the owner's doing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// An edited event names another customer than the stored one.
    EventMovesCustomer,
    /// A customer merged into itself.
    MergeIntoItself,
}

/// A failure the browser reported, by kind, with its technical detail (the `DOMException`'s
/// name and message, or the library's words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub detail: String,
}

/// What kind of failure the browser reported (from the `DOMException` name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// `DataError`, `DataCloneError`: a value the database can't hold.
    Data,
    /// `AbortError`, `TransactionInactiveError`: the write was interrupted.
    Interrupted,
    /// `ReadOnlyError`, `InvalidStateError`, `InvalidAccessError`: the database refused the
    /// operation in its current state.
    State,
    /// `TimeoutError`.
    Timeout,
    /// `UnknownError` and anything without a better kind (often a disk problem).
    Unknown,
}

impl StoreError {
    pub(super) fn from_open(e: OpenDbError) -> StoreError {
        match e {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                StoreError::Unsupported
            }
            OpenDbError::Base(e) => e.into(),
            other => StoreError::Other(Failure {
                kind: FailureKind::Unknown,
                detail: other.to_string(),
            }),
        }
    }

    /// The technical detail behind the error, if any (for a "Details" disclosure or a log; it
    /// is in the browser's or a library's words, usually English).
    pub fn detail(&self) -> Option<&str> {
        match self {
            StoreError::Corrupt(d) => Some(d),
            StoreError::Other(f) => Some(&f.detail),
            _ => None,
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
            other => StoreError::Other(Failure {
                kind: FailureKind::Unknown,
                detail: other.to_string(),
            }),
        }
    }
}

fn from_dom(d: &DomException) -> StoreError {
    let sys: web_sys::DomException = d.clone().into();
    let name = sys.name();
    let kind = match name.as_str() {
        "QuotaExceededError" => return StoreError::QuotaExceeded,
        "ConstraintError" => return StoreError::Conflict,
        "VersionError" => return StoreError::VersionTooNew,
        "NotFoundError" => return StoreError::NotFound,
        "InvalidStateError" if sys.message().contains("closing") => return StoreError::Blocked,
        "DataError" | "DataCloneError" => FailureKind::Data,
        "AbortError" | "TransactionInactiveError" => FailureKind::Interrupted,
        "ReadOnlyError" | "InvalidStateError" | "InvalidAccessError" => FailureKind::State,
        "TimeoutError" => FailureKind::Timeout,
        _ => FailureKind::Unknown,
    };
    StoreError::Other(Failure {
        kind,
        detail: format!("{name}: {}", sys.message()),
    })
}
