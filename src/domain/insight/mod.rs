//! What the records say: the dashboard's KPIs, RFM classes, the lead score and saved segments.

pub mod analytics;
pub mod rfm;
pub mod score;
pub mod segment;
