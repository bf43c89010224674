//! Team sync's reads of a whole pulled batch at once: every request is made before the first is
//! awaited (IndexedDB answers one transaction's requests in the order they were made), so a batch
//! waits on IndexedDB about once instead of once or twice per record; and writes that nothing
//! waits for are queued without awaiting each (a failed one aborts the transaction, which its
//! commit reports).

use std::collections::HashMap;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::JsValue;

use crate::domain::records::customer::Customer;
use crate::domain::records::events::Event;
use crate::domain::records::summary::Summary;
use crate::domain::sync::doc::{AnyRecord, Doc, Store as DocStore};
use crate::domain::sync::replica::Entry;

use super::events::{event_from_js, EVENT_STORES};
use super::order::customer_to_js;
use super::sync::{records_of, store_name, Applied, SETTINGS_KEY, SYNC_DOCS};
use super::{from_js, to_js, Result, CUSTOMERS};

/// A record as stored, with its stored value.
pub(super) type Current = Option<(AnyRecord, JsValue)>;

/// The entries of `keys` (`None` for documents never synced).
pub(super) async fn entries(tx: &Transaction<'_>, keys: &[&str]) -> Result<Vec<Option<Entry>>> {
    let store = tx.object_store(SYNC_DOCS)?;
    let mut asked = Vec::with_capacity(keys.len());
    for k in keys {
        asked.push(store.get(*k).primitive()?);
    }
    let mut out = Vec::with_capacity(keys.len());
    for r in asked {
        let v: Option<JsValue> = r.await?;
        out.push(v.map(|v| from_js(&v)).transpose()?);
    }
    Ok(out)
}

/// Each document's entry and stored record, by document id. A document whose id came earlier in
/// `docs` is left out: it must be read after the earlier one's writes (the caller reads it then).
pub(super) async fn entries_and_records(
    tx: &Transaction<'_>,
    docs: &[Doc],
) -> Result<HashMap<String, (Option<Entry>, Current)>> {
    let entries = tx.object_store(SYNC_DOCS)?;
    let mut asked = Vec::with_capacity(docs.len());
    let mut seen = std::collections::HashSet::with_capacity(docs.len());
    for d in docs {
        let key = d.id.to_string();
        if !seen.insert(key.clone()) {
            continue;
        }
        let entry = entries.get(key.as_str()).primitive()?;
        let store = tx.object_store(store_name(d.id.store))?;
        let record_key = match d.id.store {
            DocStore::Settings => SETTINGS_KEY,
            _ => d.id.id.as_str(),
        };
        let record = store.get(record_key).primitive()?;
        asked.push((key, d.id.store, entry, record));
    }
    let mut out = HashMap::with_capacity(asked.len());
    for (key, doc_store, entry, record) in asked {
        let e: Option<JsValue> = entry.await?;
        let e: Option<Entry> = e.map(|v| from_js(&v)).transpose()?;
        let r: Option<JsValue> = record.await?;
        let current = match r {
            Some(v) => records_of(doc_store, vec![v.clone()])?
                .pop()
                .map(|rec| (rec, v)),
            None => None,
        };
        out.insert(key, (e, current));
    }
    Ok(out)
}

/// One event's change: the version stored before (if any) and the one written (`None`: it
/// moved to another customer).
type Step = (Option<Event>, Option<Event>);

/// The customer summaries a pulled batch changes. Most pulled events update their customer's
/// summary by themselves ([`Summary::try_apply`], the rule of a local save): the customer is read
/// once and none of its other events. Only a customer new to this phone, or one whose change
/// needs the other events (an older sale, a payment that leaves something owed, …), has its
/// summary recomputed from every event it has. Before this, every touched customer's whole
/// history was read again each batch: ≈ 10× the events pulled during a join.
#[derive(Default)]
pub(super) struct Touched {
    /// Customers in the order first touched.
    order: Vec<String>,
    /// Per customer: the event changes in the order written, or `None` to recompute.
    steps: HashMap<String, Option<Vec<Step>>>,
}

impl Touched {
    fn entry(&mut self, id: &str) -> &mut Option<Vec<Step>> {
        if !self.steps.contains_key(id) {
            self.order.push(id.to_string());
        }
        self.steps
            .entry(id.to_string())
            .or_insert_with(|| Some(Vec::new()))
    }

    /// The customer's summary must be computed from all its events.
    pub fn recompute(&mut self, id: &str) {
        *self.entry(id) = None;
    }

    /// An event was written over `old` (the version stored before, if any).
    pub fn event(&mut self, old: Option<Event>, new: Event) {
        match old {
            Some(o) if o.customer_id() != new.customer_id() => {
                // Moved to another customer (a duplicate merge on another phone).
                let from = o.customer_id().to_string();
                if let Some(steps) = self.entry(&from) {
                    steps.push((Some(o), None));
                }
                if let Some(steps) = self.entry(new.customer_id()) {
                    steps.push((None, Some(new)));
                }
            }
            old => {
                let id = new.customer_id().to_string();
                if let Some(steps) = self.entry(&id) {
                    steps.push((old, Some(new)));
                }
            }
        }
    }

    /// Writes the summaries (in `tx`, after the batch's records): each customer read once and
    /// updated by its steps; where a step needs the other events, recomputed from all of them.
    pub async fn write(self, tx: &Transaction<'_>, applied: &mut Applied) -> Result<()> {
        let customers = tx.object_store(CUSTOMERS)?;
        let mut asked = Vec::new();
        let mut full = Vec::new();
        let mut steps = self.steps;
        for id in self.order {
            match steps.remove(&id) {
                Some(Some(list)) => {
                    let r = customers.get(id.as_str()).primitive()?;
                    asked.push((id, list, r));
                }
                _ => full.push(id),
            }
        }
        for (id, list, r) in asked {
            let v: Option<JsValue> = r.await?;
            // An event whose customer this phone does not hold yet: its summary is computed when
            // the customer arrives.
            let Some(v) = v else { continue };
            let mut c: Customer = from_js(&v)?;
            let by_itself = list
                .iter()
                .all(|(old, new)| c.summary.try_apply(old.as_ref(), new.as_ref()));
            if !by_itself {
                full.push(id);
                continue;
            }
            queue_put(&customers, customer_to_js(&c)?)?;
            if !applied.customers.contains(&id) {
                applied.customers.push(id);
            }
        }
        recompute_summaries(tx, &full, applied).await
    }
}

/// Recomputes the summaries of `ids` from the events stored (in `tx`): every customer and its
/// events asked for at once, then each customer written back.
pub(super) async fn recompute_summaries(
    tx: &Transaction<'_>,
    ids: &[String],
    applied: &mut Applied,
) -> Result<()> {
    let customers = tx.object_store(CUSTOMERS)?;
    let mut event_stores = Vec::with_capacity(EVENT_STORES.len());
    for name in EVENT_STORES {
        event_stores.push((name, tx.object_store(name)?));
    }
    let mut indexes = Vec::with_capacity(event_stores.len());
    for (name, store) in &event_stores {
        indexes.push((*name, store.index("customer")?));
    }
    let mut asked = Vec::with_capacity(ids.len());
    for id in ids {
        let customer = customers.get(id.as_str()).primitive()?;
        let mut events = Vec::with_capacity(indexes.len());
        for (name, index) in &indexes {
            events.push((*name, index.get_all().with_query(id.as_str()).primitive()?));
        }
        asked.push((id, customer, events));
    }
    for (id, customer, events) in asked {
        let v: Option<JsValue> = customer.await?;
        let mut list = Vec::new();
        for (name, r) in events {
            let values: Vec<JsValue> = r.await?.collect::<std::result::Result<_, _>>()?;
            for v in &values {
                list.push(event_from_js(name, v)?);
            }
        }
        let Some(v) = v else { continue };
        let mut c: Customer = from_js(&v)?;
        c.summary = Summary::recompute(&list);
        queue_put(&customers, customer_to_js(&c)?)?;
        if !applied.customers.contains(id) {
            applied.customers.push(id.clone());
        }
    }
    Ok(())
}

/// Puts `value` (keyed by its key path) without waiting for it.
pub(super) fn queue_put(store: &ObjectStore<'_>, value: JsValue) -> Result<()> {
    let _request = store.put(value).primitive()?;
    Ok(())
}

/// Writes an entry without waiting for it.
pub(super) fn queue_put_entry(tx: &Transaction<'_>, e: &Entry) -> Result<()> {
    queue_put(&tx.object_store(SYNC_DOCS)?, to_js(e)?)
}
