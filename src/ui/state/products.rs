//! Products: saving one with what happens to its photo, importing a CSV, each telling the pages
//! showing them ([`AppState::docs_version`]), the other tabs (a `docs` change) and Team sync's
//! replicator (through `broadcast`, which bumps `sync_kick`).

use leptos::prelude::*;

use crate::domain::basics::time::Millis;
use crate::domain::records::products::Product;
use crate::store::{PhotoChange, StoreError};

use super::{AppState, Change};

// Used by the products chunk (`ui/pages/products/`).
#[allow(dead_code)]
impl AppState {
    /// Saves a product (new: `expected_updated_at = None`; else `Conflict` if it changed since
    /// the owner opened it) and its photo change, in one transaction.
    pub async fn save_product(
        &self,
        product: &Product,
        expected_updated_at: Option<Millis>,
        photo: &PhotoChange,
    ) -> Result<(), StoreError> {
        self.store()?
            .save_product(product, expected_updated_at, photo)
            .await?;
        self.products_changed();
        Ok(())
    }

    /// Writes the products of a CSV import, all or nothing.
    pub async fn import_products(&self, list: &[Product]) -> Result<(), StoreError> {
        self.store()?.import_products(list).await?;
        self.products_changed();
        Ok(())
    }

    fn products_changed(&self) {
        self.docs_version.update(|v| *v += 1);
        self.broadcast(Change {
            docs: true,
            ..Change::default()
        });
    }
}
