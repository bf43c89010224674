//! Writing the customers of a contacts import (CSV, vCard or the phone's contact picker) in ONE
//! transaction: every new and updated customer, or none of them.

use std::collections::{HashMap, HashSet};

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use crate::domain::records::customer::Customer;

use super::backup::Progress;
use super::order::customer_to_js;
use super::{from_js, values_in, Result, Store, StoreError, CUSTOMERS};

/// How many writes are issued before waiting for them and reporting progress.
const CHUNK: usize = 2_000;

impl Store {
    /// Saves an import: `adds` are new customers (fails with `Conflict` if an id exists);
    /// `updates` are `(customer, expected_updated_at)` — each is refused with `Conflict` when the
    /// stored customer changed since the import read it (another tab), and keeps the stored
    /// summary (it belongs to the events), as [`update_customer`](Store::update_customer) does.
    ///
    /// Everything happens in one readwrite transaction: all or nothing. `progress(done, total)`
    /// is called every 2,000 writes and at the end; returning `false` stops and rolls back
    /// (`Cancelled`).
    pub async fn import_customers(
        &self,
        adds: &[Customer],
        updates: &[(Customer, i64)],
        progress: Progress<'_>,
    ) -> Result<()> {
        let total = adds.len() + updates.len();
        let tx = self
            .db
            .transaction(CUSTOMERS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CUSTOMERS)?;

        // The stored versions of the customers to update, read once.
        let mut stored: HashMap<String, Customer> = HashMap::new();
        if !updates.is_empty() {
            let values = values_in(&tx, CUSTOMERS).await?;
            let wanted: HashSet<&str> = updates.iter().map(|(c, _)| c.id.as_str()).collect();
            for v in &values {
                let c: Customer = from_js(v)?;
                if wanted.contains(c.id.as_str()) {
                    stored.insert(c.id.clone(), c);
                }
            }
        }

        let mut done = 0usize;
        let mut last = None;
        for (c, expected) in updates {
            let Some(current) = stored.remove(&c.id) else {
                return Err(StoreError::NotFound);
            };
            if current.updated_at != *expected {
                return Err(StoreError::Conflict);
            }
            let mut c = c.clone();
            c.summary = current.summary;
            last = Some(store.put(customer_to_js(&c)?).primitive()?);
            done += 1;
            if done.is_multiple_of(CHUNK) {
                if let Some(req) = last.take() {
                    req.await?;
                }
                if !progress(done, total) {
                    return Err(StoreError::Cancelled);
                }
            }
        }
        if let Some(req) = last.take() {
            req.await?;
        }
        let mut last = None;
        for c in adds {
            last = Some(store.add(customer_to_js(c)?).primitive()?);
            done += 1;
            if done.is_multiple_of(CHUNK) {
                if let Some(req) = last.take() {
                    req.await?;
                }
                if !progress(done, total) {
                    return Err(StoreError::Cancelled);
                }
            }
        }
        if let Some(req) = last {
            req.await?;
        }
        if !progress(total, total) {
            return Err(StoreError::Cancelled);
        }
        tx.commit().await?;
        Ok(())
    }
}
