//! The business's own documents (message templates, campaigns, saved segments): small stores
//! keyed by `id`, read whole and written one record per user action.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::BackupRecord;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::Event;

use super::{from_js, to_js, values_in, Result, Store};

impl Store {
    /// Every record of `T`'s store (tombstones included), in key order.
    pub async fn all_docs<T: BackupRecord>(&self) -> Result<Vec<T>> {
        let tx = self.db.transaction(T::STORE).build()?;
        values_in(&tx, T::STORE)
            .await?
            .iter()
            .map(from_js)
            .collect()
    }

    /// One record by id.
    pub async fn doc<T: BackupRecord>(&self, id: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(T::STORE).build()?;
        let v: Option<JsValue> = tx.object_store(T::STORE)?.get(id).primitive()?.await?;
        v.map(|v| from_js(&v)).transpose()
    }

    /// Writes (adds or replaces) records of one store in one transaction.
    pub async fn put_docs<T: BackupRecord>(&self, records: &[T]) -> Result<()> {
        let tx = self
            .db
            .transaction(T::STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(T::STORE)?;
        for r in records {
            store.put(to_js(r)?).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes one record.
    pub async fn put_doc<T: BackupRecord>(&self, record: &T) -> Result<()> {
        self.put_docs(std::slice::from_ref(record)).await
    }

    /// Saves events (as [`Store::save_events`]) and one document in one transaction: a
    /// campaign's progress and the interaction logged for the send, all or nothing.
    pub async fn save_events_and_doc<T: BackupRecord>(
        &self,
        batch: &[(Event, Option<Millis>)],
        record: &T,
    ) -> Result<Vec<Customer>> {
        self.save_events_with(batch, Some((T::STORE, to_js(record)?)))
            .await
    }
}
