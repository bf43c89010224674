//! Loyalty rewards given (schema v7, store `redemptions`): written like the "Get paid" records
//! ([`Store::save_paid`], checked against the version the owner saw), read per customer through
//! the `customer` index or all at once ([`Store::all_docs`]).

use crate::domain::formats::backup::BackupRecord;
use crate::domain::records::loyalty::Redemption;

use super::{Paid, Result, Store};

impl Paid for Redemption {}

impl Store {
    /// A customer's redemptions (Trash included), newest first.
    pub async fn redemptions_of(&self, customer_id: &str) -> Result<Vec<Redemption>> {
        let mut list: Vec<Redemption> = self
            .by_index(Redemption::STORE, "customer", customer_id)
            .await?;
        crate::domain::basics::sort::by(&mut list, |a, b| {
            b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id))
        });
        Ok(list)
    }
}
