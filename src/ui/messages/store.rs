//! The store's errors in the owner's language. The browser's technical detail
//! ([`StoreError::detail`]) is never part of the message.

use crate::store::{FailureKind, StoreError};

impl StoreError {
    /// What to tell the owner, and what to do next, in the current language.
    pub fn message(&self) -> String {
        match self {
            StoreError::Unsupported => tr!(errors.store_unsupported),
            StoreError::QuotaExceeded => tr!(errors.store_full),
            StoreError::Blocked => tr!(errors.store_blocked),
            StoreError::VersionTooNew => tr!(errors.store_too_new),
            StoreError::Conflict => tr!(errors.store_conflict),
            StoreError::NotFound => tr!(errors.store_not_found),
            StoreError::Cancelled => tr!(errors.store_cancelled),
            StoreError::Corrupt(_) => tr!(errors.store_corrupt),
            StoreError::NotOpen => tr!(errors.store_not_open),
            StoreError::Refused(_) => tr!(errors.store_refused),
            StoreError::Other(f) => match f.kind {
                FailureKind::Data => tr!(errors.store_data),
                FailureKind::Interrupted => tr!(errors.store_interrupted),
                FailureKind::State => tr!(errors.store_state),
                FailureKind::Timeout => tr!(errors.store_timeout),
                FailureKind::Unknown => tr!(errors.store_other),
            },
        }
        .to_string()
    }
}
