//! The only code that touches IndexedDB: schema versions and migrations, typed reads and writes,
//! one transaction per user action.
//!
//! Records are stored as plain JavaScript objects made with `JSON.parse(serde_json::to_string(..))`
//! (several times faster than serde-wasm-bindgen) so that indexes can see their fields.

mod analytics;
mod backup;
mod docs;
mod error;
mod events;
mod import;
mod loyalty;
mod merge;
mod order;
mod orders;
mod paid;
mod products;
mod schema;
mod sync;
mod sync_reads;

pub use backup::{BackupMark, Progress};
pub use error::{Failure, FailureKind, Refusal, StoreError};
pub use events::EVENT_STORES;
pub use order::{last_active_at, name_key, sort as sort_customers, CustomerOrder};
pub use paid::Paid;
pub use products::{jpeg_blob, PhotoChange, PhotoEntry};
pub use schema::{DOC_STORES, LOYALTY_STORES, PAID_STORES, PRODUCT_STORES, SCHEMA_VERSION, STORES};
pub use sync::Applied as SyncApplied;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::domain::records::customer::Customer;
use crate::domain::records::settings::Settings;

use order::customer_to_js;

/// The database the app uses.
pub const DB_NAME: &str = "rapport";

pub type Result<T> = std::result::Result<T, StoreError>;

pub(crate) const CUSTOMERS: &str = "customers";
const META: &str = "meta";
const SETTINGS_KEY: &str = "settings";
const DEVICE_KEY: &str = "device_id";

/// An open Rapport database.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Database,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database at the current schema version.
    /// `on_blocked` runs if an older Rapport tab keeps the database open during an upgrade.
    pub async fn open(name: &str, on_blocked: impl FnOnce() + 'static) -> Result<Store> {
        Self::open_version(name, SCHEMA_VERSION, on_blocked).await
    }

    /// Opens the database at a given schema version (tests use this to create an old database).
    pub async fn open_version(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Store> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed_fut(|event, db| {
                let old = event.old_version() as u32;
                let new = event.new_version().map(|v| v as u32).unwrap_or(old);
                schema::upgrade(db, old, new)
            })
            .await
            .map_err(StoreError::from_open)?;
        Ok(Store { db })
    }

    /// Deletes a whole database (tests; "erase everything").
    pub async fn delete_database(name: &str) -> Result<()> {
        Database::delete_by_name(name)
            .map_err(StoreError::from_open)?
            .await
            .map_err(StoreError::from)
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Names of the object stores (tests check migrations with it).
    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
    }

    /// Names of the indexes of one object store.
    pub async fn index_names(&self, store: &str) -> Result<Vec<String>> {
        let tx = self.db.transaction(store).build()?;
        let s = tx.object_store(store)?;
        Ok(s.index_names().collect())
    }

    /// Closes the connection (another tab wants to upgrade, or tests).
    pub fn close(self) {
        self.db.close();
    }

    /// Resolves when another tab asks to upgrade the database; the caller should close it.
    pub async fn version_change_requested(&self) -> bool {
        let Ok(mut listener) = self.db.version_changes() else {
            return false;
        };
        std::future::poll_fn(|cx| listener.poll_recv(cx))
            .await
            .is_some()
    }

    // ----- customers -------------------------------------------------------------------------

    /// Every customer, including those in the Trash, oldest first (ties by id).
    pub async fn all_customers(&self) -> Result<Vec<Customer>> {
        let mut list: Vec<Customer> = self.get_all(CUSTOMERS).await?;
        oldest_first(&mut list);
        Ok(list)
    }

    pub async fn customer(&self, id: &str) -> Result<Option<Customer>> {
        let tx = self.db.transaction(CUSTOMERS).build()?;
        let store = tx.object_store(CUSTOMERS)?;
        let v: Option<JsValue> = store.get(id).primitive()?.await?;
        v.map(|v| from_js(&v)).transpose()
    }

    /// Saves a new customer. Fails with `Conflict` if the id exists.
    pub async fn add_customer(&self, c: &Customer) -> Result<()> {
        self.add_customers(std::slice::from_ref(c)).await
    }

    /// Saves new customers in one transaction: all of them or none.
    pub async fn add_customers(&self, cs: &[Customer]) -> Result<()> {
        let values = cs.iter().map(customer_to_js).collect::<Result<Vec<_>>>()?;
        let tx = self
            .db
            .transaction(CUSTOMERS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CUSTOMERS)?;
        let mut requests = Vec::with_capacity(values.len());
        for v in values {
            requests.push(store.add(v).primitive()?);
        }
        for r in requests {
            r.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Saves an edit of a customer, but only if nobody changed it since it was read:
    /// `expected_updated_at` is the `updated_at` of the version the user edited.
    /// Returns `Conflict` (and writes nothing) when the stored record is newer.
    /// The maintained summary (last contact, balance…) is kept from the stored record: it belongs
    /// to the events, not to the form.
    /// Returns the record as stored.
    pub async fn update_customer(
        &self,
        c: &Customer,
        expected_updated_at: i64,
    ) -> Result<Customer> {
        let tx = self
            .db
            .transaction(CUSTOMERS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CUSTOMERS)?;
        let current: Option<JsValue> = store.get(c.id.as_str()).primitive()?.await?;
        let Some(current) = current else {
            return Err(StoreError::NotFound);
        };
        let current: Customer = from_js(&current)?;
        if current.updated_at != expected_updated_at {
            return Err(StoreError::Conflict);
        }
        let mut c = c.clone();
        c.summary = current.summary;
        store.put(customer_to_js(&c)?).primitive()?.await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Customers whose normalised phone is `e164` (duplicate checks, imports).
    pub async fn customers_by_phone(&self, e164: &str) -> Result<Vec<Customer>> {
        self.by_index(CUSTOMERS, "phone", e164).await
    }

    pub async fn customers_by_email(&self, email: &str) -> Result<Vec<Customer>> {
        self.by_index(CUSTOMERS, "email", &email.trim().to_lowercase())
            .await
    }

    pub async fn customers_by_tag(&self, tag: &str) -> Result<Vec<Customer>> {
        self.by_index(CUSTOMERS, "tags", tag).await
    }

    /// Customers changed at or after `since` (milliseconds), oldest change first.
    pub async fn customers_changed_since(&self, since: i64) -> Result<Vec<Customer>> {
        let tx = self.db.transaction(CUSTOMERS).build()?;
        let store = tx.object_store(CUSTOMERS)?;
        let index = store.index("updated_at")?;
        let values: Vec<JsValue> = index
            .get_all()
            .with_query::<f64, _>((since as f64)..)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        values.iter().map(from_js).collect()
    }

    // ----- settings and device ---------------------------------------------------------------

    pub async fn settings(&self) -> Result<Option<Settings>> {
        self.meta_get(SETTINGS_KEY).await
    }

    pub async fn save_settings(&self, s: &Settings) -> Result<()> {
        self.meta_put(SETTINGS_KEY, s).await
    }

    /// This device's id (made once, kept forever): breaks ties when backups are merged.
    pub async fn device_id(&self, make: impl FnOnce() -> String) -> Result<String> {
        if let Some(id) = self.meta_get::<String>(DEVICE_KEY).await? {
            return Ok(id);
        }
        let id = make();
        self.meta_put(DEVICE_KEY, &id).await?;
        Ok(id)
    }

    // ----- helpers ---------------------------------------------------------------------------

    pub(crate) async fn get_all<T: DeserializeOwned>(&self, store_name: &str) -> Result<Vec<T>> {
        let tx = self.db.transaction(store_name).build()?;
        from_js_list(values_in(&tx, store_name).await?)
    }

    async fn by_index<T: DeserializeOwned>(
        &self,
        store_name: &str,
        index: &str,
        key: &str,
    ) -> Result<Vec<T>> {
        let tx = self.db.transaction(store_name).build()?;
        let store = tx.object_store(store_name)?;
        let index = store.index(index)?;
        let values: Vec<JsValue> = index
            .get_all()
            .with_query(key)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        values.iter().map(from_js).collect()
    }

    async fn meta_get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(META).build()?;
        let store = tx.object_store(META)?;
        let v: Option<JsValue> = store.get(key).primitive()?.await?;
        v.map(|v| from_js(&v)).transpose()
    }

    async fn meta_put<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let v = to_js(value)?;
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        store.put(v).with_key(key).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Every value of one object store, read in `tx` (plain JS objects; see [`from_js`]).
pub(crate) async fn values_in(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    store_name: &str,
) -> Result<Vec<JsValue>> {
    let store = tx.object_store(store_name)?;
    let values: Vec<JsValue> = store
        .get_all()
        .primitive()?
        .await?
        .collect::<std::result::Result<_, _>>()?;
    Ok(values)
}

/// JSON text as a plain JavaScript object.
pub(crate) fn json_to_js(json: &str) -> Result<JsValue> {
    js_sys::JSON::parse(json).map_err(|_| StoreError::Corrupt("JSON.parse failed".into()))
}

/// A plain JavaScript object as JSON text.
pub(crate) fn js_to_json(value: &JsValue) -> Result<String> {
    Ok(js_sys::JSON::stringify(value)
        .map_err(|_| StoreError::Corrupt("JSON.stringify failed".into()))?
        .into())
}

/// A record as a plain JavaScript object.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    json_to_js(&json)
}

/// Records read back from plain JavaScript objects, with one JSON conversion for the whole list:
/// at 10,000 records several times faster than one per record (fewer crossings into JavaScript).
pub(crate) fn from_js_list<T: DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>> {
    let array: js_sys::Array = values.into_iter().collect();
    serde_json::from_str(&js_to_json(&array)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The customer list's order: oldest first, ties by id.
fn oldest_first(list: &mut [Customer]) {
    crate::domain::basics::sort::by(list, |a, b| {
        a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id))
    });
}

/// A record read back from a plain JavaScript object.
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T> {
    serde_json::from_str(&js_to_json(value)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}
