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
