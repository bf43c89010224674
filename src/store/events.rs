//! Relationship records (interactions, purchases, payments, follow-ups, complaints, deals) and the
//! customer summary they maintain: every write changes the event and the customer's summary in the
//! same transaction, so lists and Today never scan histories.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Event, Task};

use super::order::customer_to_js;
use super::{from_js, js_to_json, json_to_js, values_in, Result, Store, StoreError, CUSTOMERS};

/// The event stores, in the order `Event::store_name` uses.
pub const EVENT_STORES: [&str; 6] = [
    "interactions",
    "purchases",
    "payments",
    "tasks",
    "cases",
    "deals",
];

pub(super) fn event_to_js(e: &Event) -> Result<JsValue> {
    json_to_js(&e.to_json())
}

pub(super) fn event_from_js(store: &str, v: &JsValue) -> Result<Event> {
    Event::from_json(store, &js_to_json(v)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// Saves one event — new (`expected_updated_at = None`) or an edit of the version the user saw
    /// (including moving it to the Trash or back) — and updates its customer's summary, all in one
    /// transaction. Returns the customer as stored. Nothing is written on any error.
    pub async fn save_event(
        &self,
        event: &Event,
        expected_updated_at: Option<Millis>,
    ) -> Result<Customer> {
        let mut saved = self
            .save_events(&[(event.clone(), expected_updated_at)])
            .await?;
        saved.pop().ok_or(StoreError::NotFound)
    }

    /// Saves several events of one user action (an interaction and the follow-up it asks for) in one
    /// transaction: all or nothing. Returns the customers as stored, one per distinct customer.
    pub async fn save_events(&self, batch: &[(Event, Option<Millis>)]) -> Result<Vec<Customer>> {
        self.save_events_with(batch, None).await
    }

    /// [`Store::save_events`], also writing one document (`(store name, value)`, e.g. the
    /// campaign whose send the events record) in the same transaction.
    pub(super) async fn save_events_with(
        &self,
        batch: &[(Event, Option<Millis>)],
        doc: Option<(&'static str, JsValue)>,
    ) -> Result<Vec<Customer>> {
        let values = batch
            .iter()
            .map(|(e, _)| event_to_js(e))
            .collect::<Result<Vec<_>>>()?;
        let mut scope: Vec<&str> = vec![CUSTOMERS];
        scope.extend(EVENT_STORES);
        if let Some((name, _)) = &doc {
            scope.push(name);
        }
        let tx = self
            .db
            .transaction(scope)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(CUSTOMERS)?;
        let mut touched: Vec<Customer> = Vec::new();
        for ((event, expected), value) in batch.iter().zip(values) {
            let store = tx.object_store(event.store_name())?;
            let old: Option<JsValue> = store.get(event.id()).primitive()?.await?;
            let old = old
                .map(|v| event_from_js(event.store_name(), &v))
                .transpose()?;
            match (&old, expected) {
                (None, None) => {}
                (Some(o), Some(expected)) if o.updated_at() == *expected => {}
                (None, Some(_)) => return Err(StoreError::NotFound),
                _ => return Err(StoreError::Conflict),
            }
            if old
                .as_ref()
                .is_some_and(|o| o.customer_id() != event.customer_id())
            {
                return Err(StoreError::Refused(super::Refusal::EventMovesCustomer));
            }
            let pos = match touched.iter().position(|c| c.id == event.customer_id()) {
                Some(p) => p,
                None => {
                    let c: Option<JsValue> =
                        customers.get(event.customer_id()).primitive()?.await?;
                    match c {
                        Some(c) => touched.push(from_js(&c)?),
                        None => return Err(StoreError::NotFound),
                    }
                    touched.len() - 1
                }
            };
            store.put(value).primitive()?.await?;
            let customer = &mut touched[pos];
            if !customer.summary.try_apply(old.as_ref(), Some(event)) {
                // A latest/earliest date changed: read this customer's events, in this transaction.
                let others = customer_events_in(&tx, event.customer_id()).await?;
                customer
                    .summary
                    .apply(old.as_ref(), Some(event), move || others);
            }
        }
        for c in &touched {
            customers.put(customer_to_js(c)?).primitive()?.await?;
        }
        if let Some((name, value)) = doc {
            tx.object_store(name)?.put(value).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(touched)
    }

    /// Every event of one customer (including the Trash), newest first.
    pub async fn customer_events(&self, customer_id: &str) -> Result<Vec<Event>> {
        let tx = self.db.transaction(EVENT_STORES).build()?;
        let mut events = customer_events_in(&tx, customer_id).await?;
        crate::domain::basics::sort::by(&mut events, |a, b| {
            b.at().cmp(&a.at()).then_with(|| b.id().cmp(a.id()))
        });
        Ok(events)
    }

    pub async fn event(&self, store_name: &str, id: &str) -> Result<Option<Event>> {
        if !EVENT_STORES.contains(&store_name) {
            return Ok(None);
        }
        let tx = self.db.transaction(store_name).build()?;
        let store = tx.object_store(store_name)?;
        let v: Option<JsValue> = store.get(id).primitive()?.await?;
        v.map(|v| event_from_js(store_name, &v)).transpose()
    }

    /// Follow-ups due up to `until` (inclusive), any customer, open or done, oldest first.
    pub async fn tasks_due_until(&self, until: Millis) -> Result<Vec<Task>> {
        let tx = self.db.transaction("tasks").build()?;
        let store = tx.object_store("tasks")?;
        let index = store.index("at")?;
        let values: Vec<JsValue> = index
            .get_all()
            // Not `..=until`: indexed_db_futures 0.6.4 turns that into an open (exclusive) bound.
            .with_query::<f64, _>(indexed_db_futures::KeyRange::UpperBound(
                until as f64,
                false,
            ))
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        values.iter().map(from_js).collect()
    }

    /// Every open follow-up (not done, not in the Trash), soonest first.
    pub async fn open_tasks(&self) -> Result<Vec<Task>> {
        let mut tasks: Vec<Task> = self.get_all("tasks").await?;
        tasks.retain(Task::is_open);
        crate::domain::basics::sort::by_key(&mut tasks, |t| t.at);
        Ok(tasks)
    }

    /// Every event of one store (any customer).
    pub async fn all_events(&self, store_name: &str) -> Result<Vec<Event>> {
        let tx = self.db.transaction(store_name).build()?;
        values_in(&tx, store_name)
            .await?
            .iter()
            .map(|v| event_from_js(store_name, v))
            .collect()
    }
}

pub(super) async fn customer_events_in(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    customer_id: &str,
) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for name in EVENT_STORES {
        let store = tx.object_store(name)?;
        let index = store.index("customer")?;
        let values: Vec<JsValue> = index
            .get_all()
            .with_query(customer_id)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        for v in &values {
            out.push(event_from_js(name, v)?);
        }
    }
    Ok(out)
}
