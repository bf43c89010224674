//! "Get paid" records (schema v6): payment methods, reminder schedules and promises. Each user
//! action is one transaction; edits are checked against the version the owner saw (optimistic
//! concurrency, as for events): a record changed since gives `Conflict` and nothing is written.
//!
//! Reading whole stores is [`Store::all_docs`] (Trash included); these add the per-customer
//! reads (the `customer` index) and the checked writes.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::{BackupRecord, Document};
use crate::domain::records::paid::{live_methods, PayMethod, Promise, ReminderSchedule};

use super::{from_js, to_js, Result, Store, StoreError};

/// A "Get paid" record kind (the three stores of v6).
pub trait Paid: Document {}
impl Paid for PayMethod {}
impl Paid for ReminderSchedule {}
impl Paid for Promise {}

impl Store {
    /// The live payment methods, in the order they are shown.
    pub async fn pay_methods(&self) -> Result<Vec<PayMethod>> {
        Ok(live_methods(&self.all_docs::<PayMethod>().await?))
    }

    /// A customer's own reminder schedules (Trash included; normally one, id
    /// [`ReminderSchedule::id_for`]).
    pub async fn schedules_of(&self, customer_id: &str) -> Result<Vec<ReminderSchedule>> {
        self.by_index(ReminderSchedule::STORE, "customer", customer_id)
            .await
    }

    /// A customer's promises (Trash included), newest first.
    pub async fn promises_of(&self, customer_id: &str) -> Result<Vec<Promise>> {
        let mut list: Vec<Promise> = self
            .by_index(Promise::STORE, "customer", customer_id)
            .await?;
        crate::domain::basics::sort::by(&mut list, |a, b| {
            b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id))
        });
        Ok(list)
    }

    /// Saves one record, new (`expected_updated_at = None`: fails with `Conflict` if the id
    /// exists) or an edit of the version the owner saw (`Some(updated_at)`: `NotFound` if it is
    /// gone, `Conflict` if it changed since). One transaction.
    pub async fn save_paid<T: Paid>(
        &self,
        record: &T,
        expected_updated_at: Option<Millis>,
    ) -> Result<()> {
        self.save_paid_many(&[(record.clone(), expected_updated_at)])
            .await
    }

    /// Saves several records of one kind in one transaction (reordering the payment methods),
    /// each checked as in [`Store::save_paid`]: all or nothing.
    pub async fn save_paid_many<T: Paid>(&self, batch: &[(T, Option<Millis>)]) -> Result<()> {
        let values = batch
            .iter()
            .map(|(r, _)| to_js(r))
            .collect::<Result<Vec<_>>>()?;
        let tx = self
            .db
            .transaction(T::STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(T::STORE)?;
        for ((record, expected), value) in batch.iter().zip(values) {
            let old: Option<JsValue> = store.get(record.id()).primitive()?.await?;
            let old: Option<T> = old.map(|v| from_js(&v)).transpose()?;
            match (&old, expected) {
                (None, None) => {}
                (Some(o), Some(e)) if o.updated_at() == *e => {}
                (None, Some(_)) => return Err(StoreError::NotFound),
                _ => return Err(StoreError::Conflict),
            }
            store.put(value).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Moves a record to the Trash (`trash = true`) or back, if it is still the version the
    /// owner saw. Returns the record as stored.
    pub async fn trash_paid<T: Paid>(
        &self,
        id: &str,
        expected_updated_at: Millis,
        trash: bool,
        now: Millis,
    ) -> Result<T> {
        let tx = self
            .db
            .transaction(T::STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(T::STORE)?;
        let old: Option<JsValue> = store.get(id).primitive()?.await?;
        let Some(old) = old else {
            return Err(StoreError::NotFound);
        };
        let mut r: T = from_js(&old)?;
        if r.updated_at() != expected_updated_at {
            return Err(StoreError::Conflict);
        }
        r.set_deleted(trash.then_some(now), now);
        store.put(to_js(&r)?).primitive()?.await?;
        tx.commit().await?;
        Ok(r)
    }
}
