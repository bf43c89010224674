//! Pages that move data in and out: backup and restore, import, duplicates.

pub(crate) mod backup;
pub(crate) mod dupes;
pub(crate) mod import;
