//! What the records say: the dashboard's KPIs, RFM classes, the lead score, saved segments and
//! best sellers.
//! Imports `basics`, `records` and `messaging` (campaign costs and sends).

pub mod analytics;
pub mod rfm;
pub mod score;
pub mod segment;
pub mod sellers;
