//! Merging two customers that are the same person: one transaction moves every event of the
//! merged-away customer to the one that stays, recomputes the survivor's summary and writes both
//! customer records. `save_events` refuses to move events between customers on purpose (an edit
//! never should); this is the one path that does.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

use crate::domain::formats::backup::BackupRecord;
use crate::domain::records::customer::Customer;
use crate::domain::records::dupes::{merge_schedules, move_event, move_promise};
use crate::domain::records::paid::{Promise, ReminderSchedule};
use crate::domain::records::summary::Summary;

use super::events::{customer_events_in, event_to_js};
use super::order::customer_to_js;
use super::{from_js, to_js, Result, Store, StoreError, CUSTOMERS, EVENT_STORES};

impl Store {
    /// Merges `other` into `survivor`, both as made by `domain::dupes::merge_customers` (the
    /// survivor with the chosen values, `other` tombstoned). `expected` holds the `updated_at` of
    /// the stored survivor and other as the owner saw them: if either changed since, nothing is
    /// written and the result is `Conflict`.
    ///
    /// In one readwrite transaction: every event of `other` (the Trash included) moves to the
    /// survivor with `updated_at` bumped to the survivor's new `updated_at`, and so does every
    /// promise of `other`; their reminder schedules are settled by `dupes::merge_schedules` (the
    /// survivor's kept, else `other`'s carried over; `other`'s to the Trash); the survivor is
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
        let mut scope: Vec<&str> = vec![CUSTOMERS, Promise::STORE, ReminderSchedule::STORE];
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

        // Promises and reminder schedules (issue 15) follow the history.
        let promises = tx.object_store(Promise::STORE)?;
        let theirs: Vec<JsValue> = promises
            .index("customer")?
            .get_all()
            .with_query(other.id.as_str())
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        for p in &theirs {
            let p: Promise = from_js(p)?;
            promises
                .put(to_js(&move_promise(&p, &survivor.id, now))?)
                .primitive()?
                .await?;
        }
        let schedules = tx.object_store(ReminderSchedule::STORE)?;
        let mut own = Vec::new();
        for id in [&survivor.id, &other.id] {
            let v: Option<JsValue> = schedules
                .get(ReminderSchedule::id_for(Some(id)))
                .primitive()?
                .await?;
            own.push(v.map(|v| from_js::<ReminderSchedule>(&v)).transpose()?);
        }
        for s in merge_schedules(&survivor.id, own[0].as_ref(), own[1].as_ref(), now) {
            schedules.put(to_js(&s)?).primitive()?.await?;
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
