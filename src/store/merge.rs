//! Merging two customers that are the same person: one transaction moves every event of the
//! merged-away customer to the one that stays, recomputes the survivor's summary and writes both
//! customer records. `save_events` refuses to move events between customers on purpose (an edit
//! never should); this is the one path that does.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

use crate::domain::records::customer::Customer;
use crate::domain::records::dupes::move_event;
use crate::domain::records::summary::Summary;

use super::events::{customer_events_in, event_to_js};
use super::order::customer_to_js;
use super::{from_js, Result, Store, StoreError, CUSTOMERS, EVENT_STORES};

impl Store {
    /// Merges `other` into `survivor`, both as made by `domain::dupes::merge_customers` (the
    /// survivor with the chosen values, `other` tombstoned). `expected` holds the `updated_at` of
    /// the stored survivor and other as the owner saw them: if either changed since, nothing is
    /// written and the result is `Conflict`.
    ///
    /// In one readwrite transaction: every event of `other` (the Trash included) moves to the
    /// survivor with `updated_at` bumped to the survivor's new `updated_at`; the survivor is
    /// stored with the summary recomputed from all its events after the move; `other` is stored
    /// in the Trash with an empty summary. Returns the survivor as stored.
    pub async fn merge_customers(
        &self,
        survivor: &Customer,
        other: &Customer,
        expected: (i64, i64),
    ) -> Result<Customer> {
        if survivor.id == other.id {
            return Err(StoreError::Refused(super::Refusal::MergeIntoItself));
        }
        let now = survivor.updated_at;
        let mut scope: Vec<&str> = vec![CUSTOMERS];
        scope.extend(EVENT_STORES);
        let tx = self
            .db
            .transaction(scope)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(CUSTOMERS)?;
        for (id, expected) in [
            (survivor.id.as_str(), expected.0),
            (other.id.as_str(), expected.1),
        ] {
            let stored: Option<JsValue> = customers.get(id).primitive()?.await?;
            let Some(stored) = stored else {
                return Err(StoreError::NotFound);
            };
            let stored: Customer = from_js(&stored)?;
            if stored.updated_at != expected {
                return Err(StoreError::Conflict);
            }
        }

        let mut events = customer_events_in(&tx, &survivor.id).await?;
        for e in customer_events_in(&tx, &other.id).await? {
            let moved = move_event(&e, &survivor.id, now);
            let store = tx.object_store(moved.store_name())?;
            store.put(event_to_js(&moved)?).primitive()?.await?;
            events.push(moved);
        }

        let mut kept = survivor.clone();
        kept.summary = Summary::recompute(&events);
        kept.deleted_at = None;
        let mut gone = other.clone();
        gone.summary = Summary::default();
        if gone.deleted_at.is_none() {
            gone.deleted_at = Some(now);
        }
        customers.put(customer_to_js(&kept)?).primitive()?.await?;
        customers.put(customer_to_js(&gone)?).primitive()?.await?;
        tx.commit().await?;
        Ok(kept)
    }
}
