//! Pages that read the records: reports and segments.

pub(crate) mod reports;
pub(crate) mod segments;
