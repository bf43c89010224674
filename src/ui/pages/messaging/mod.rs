//! Pages for talking to customers: templates and campaigns.

pub(crate) mod campaigns;
pub(crate) mod templates;
