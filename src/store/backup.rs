//! Whole-database reads and writes for backups: export everything, and replace everything
//! (a restore, or the result of a merge) in ONE transaction — all or nothing — keeping the data as
//! it was before in `meta/undo_import`, so "Undo last import" can bring it back.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use wasm_bindgen::JsValue;

use crate::domain::formats::backup::{self, Data, Meta};
use crate::domain::records::settings::Settings;

use super::events::EVENT_STORES;
use super::order::Listed;
use super::schema::{DOC_STORES, LOYALTY_STORES, PAID_STORES, PRODUCT_STORES};
use super::{
    from_js, from_js_list, json_to_js, to_js, values_in, Result, Store, StoreError, CUSTOMERS,
};

const META: &str = "meta";
const UNDO_KEY: &str = "undo_import";
const LAST_BACKUP_KEY: &str = "last_backup";
/// How many writes are issued before yielding to the page (to draw the progress bar).
const CHUNK: usize = 2_000;

fn all_stores() -> Vec<&'static str> {
    let mut v = vec![CUSTOMERS, META];
    v.extend(EVENT_STORES);
    v.extend(DOC_STORES);
    v.extend(PAID_STORES);
    v.extend(LOYALTY_STORES);
    v.extend(PRODUCT_STORES);
    v
}

async fn read_all<T: serde::de::DeserializeOwned>(
    tx: &Transaction<'_>,
    name: &str,
) -> Result<Vec<T>> {
    from_js_list(values_in(tx, name).await?)
}

async fn read_data(tx: &Transaction<'_>) -> Result<Data> {
    let meta = tx.object_store(META)?;
    let settings: Option<JsValue> = meta.get("settings").primitive()?.await?;
    let settings: Option<Settings> = settings.map(|v| from_js(&v)).transpose()?;
    let mut data = Data {
        settings,
        customers: read_all(tx, CUSTOMERS).await?,
        interactions: read_all(tx, "interactions").await?,
        purchases: read_all(tx, "purchases").await?,
        payments: read_all(tx, "payments").await?,
        tasks: read_all(tx, "tasks").await?,
        cases: read_all(tx, "cases").await?,
        deals: read_all(tx, "deals").await?,
        templates: read_all(tx, "templates").await?,
        campaigns: read_all(tx, "campaigns").await?,
        segments: read_all(tx, "segments").await?,
        pay_methods: read_all(tx, "pay_methods").await?,
        reminder_schedules: read_all(tx, "reminder_schedules").await?,
        promises: read_all(tx, "promises").await?,
        redemptions: read_all(tx, "redemptions").await?,
        products: read_all(tx, "products").await?,
        // Photos are Blobs, read apart when the owner includes them (`Store::product_photos`).
        product_photos: Vec::new(),
    };
    data.sort();
    Ok(data)
}

/// The progress of a long write: (records written, records in all). Returning `false` cancels:
/// the transaction is rolled back and nothing changes.
pub type Progress<'a> = &'a dyn Fn(usize, usize) -> bool;

impl Store {
    /// Everything on this phone, as a backup holds it.
    pub async fn export_data(&self) -> Result<Data> {
        let tx = self.db.transaction(all_stores()).build()?;
        read_data(&tx).await
    }

    /// Replaces all data with what `make` returns from the current data — in one transaction:
    /// a restore (`make` ignores the current data) or a merge. The current data is kept as the
    /// undo copy first. `make` runs synchronously inside the transaction (no awaiting).
    pub async fn replace_all_with(
        &self,
        device_id: &str,
        now: i64,
        make: impl FnOnce(&Data) -> Data,
        progress: Progress<'_>,
    ) -> Result<Data> {
        let tx = self
            .db
            .transaction(all_stores())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let before = read_data(&tx).await?;
        let after = make(&before);
        put_undo_copy(&tx, &before, device_id, now).await?;
        write_all(&tx, &after, progress).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Keeps the data as it is now as the undo copy ("Undo last import" puts it back): taken
    /// before this phone first joins a team, whose records then merge with its own. Returns how
    /// many records it holds (0: an empty phone; no copy is kept).
    pub async fn keep_undo_copy(&self, device_id: &str, now: i64) -> Result<u64> {
        let tx = self
            .db
            .transaction(all_stores())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let before = read_data(&tx).await?;
        let records = before.counts().total();
        if records == 0 {
            return Ok(0);
        }
        put_undo_copy(&tx, &before, device_id, now).await?;
        tx.commit().await?;
        Ok(records)
    }

    /// Whether an import can be undone (and when it happened).
    pub async fn undo_available(&self) -> Result<Option<i64>> {
        let tx = self.db.transaction(META).build()?;
        let v: Option<JsValue> = tx.object_store(META)?.get(UNDO_KEY).primitive()?.await?;
        Ok(v.and_then(|v| v.as_string()).and_then(|s| {
            backup::preview(s.as_bytes())
                .ok()
                .map(|p| p.meta.exported_at)
        }))
    }

    /// Puts back the data as it was before the last import, in one transaction.
    pub async fn undo_last_import(&self, progress: Progress<'_>) -> Result<Data> {
        let tx = self
            .db
            .transaction(all_stores())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(META)?;
        let v: Option<JsValue> = meta.get(UNDO_KEY).primitive()?.await?;
        let text = v.and_then(|v| v.as_string()).ok_or(StoreError::NotFound)?;
        let before = backup::parse(text.as_bytes())
            .map_err(|e| StoreError::Corrupt(format!("{e:?}")))?
            .data;
        write_all(&tx, &before, progress).await?;
        if before.settings.is_none() {
            // The phone had no settings before the import: don't keep the imported ones.
            meta.delete("settings").primitive()?.await?;
        }
        meta.delete(UNDO_KEY).primitive()?.await?;
        tx.commit().await?;
        Ok(before)
    }

    /// When the last backup was made on this phone.
    pub async fn last_backup(&self) -> Result<Option<BackupMark>> {
        let tx = self.db.transaction(META).build()?;
        let v: Option<JsValue> = tx
            .object_store(META)?
            .get(LAST_BACKUP_KEY)
            .primitive()?
            .await?;
        v.map(|v| from_js(&v)).transpose()
    }

    pub async fn set_last_backup(&self, mark: &BackupMark) -> Result<()> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(META)?
            .put(to_js(mark)?)
            .with_key(LAST_BACKUP_KEY)
            .primitive()?
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// When the last backup was made, and how many records existed then.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BackupMark {
    pub at: i64,
    pub records: u64,
}

/// Keeps `before` (the data as it was) as the undo copy that "Undo last import" puts back.
async fn put_undo_copy(
    tx: &Transaction<'_>,
    before: &Data,
    device_id: &str,
    now: i64,
) -> Result<()> {
    let undo = backup::export(before, &Meta::new(now, device_id));
    tx.object_store(META)?
        .put(JsValue::from_str(&undo))
        .with_key(UNDO_KEY)
        .primitive()?
        .await?;
    Ok(())
}

/// Clears the record stores and writes `data` (settings too, when it has them).
async fn write_all(tx: &Transaction<'_>, data: &Data, progress: Progress<'_>) -> Result<()> {
    let total = data.counts().total() as usize;
    for name in std::iter::once(CUSTOMERS)
        .chain(EVENT_STORES)
        .chain(DOC_STORES)
        .chain(PAID_STORES)
        .chain(LOYALTY_STORES)
        .chain(["products"])
    {
        tx.object_store(name)?.clear()?.await?;
    }
    if let Some(s) = &data.settings {
        tx.object_store(META)?
            .put(to_js(s)?)
            .with_key("settings")
            .primitive()?
            .await?;
    }
    let mut done = 0usize;
    // Each chunk of records becomes JavaScript objects through one JSON text (one JSON.parse
    // per 2,000 records, not per record), then is written; between chunks the page can draw
    // the progress bar.
    macro_rules! put_all {
        ($name:expr, $list:expr) => {{
            let store = tx.object_store($name)?;
            for chunk in $list.chunks(CHUNK) {
                let json =
                    serde_json::to_string(chunk).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let values: js_sys::Array = json_to_js(&json)?.into();
                let mut last = None;
                for v in values.iter() {
                    last = Some(store.put(v).primitive()?);
                }
                if let Some(req) = last {
                    req.await?;
                }
                let before = done / CHUNK;
                done += chunk.len();
                // A report each time another 2,000 records are written in all.
                if done / CHUNK > before && !progress(done, total) {
                    return Err(StoreError::Cancelled);
                }
            }
        }};
    }
    let listed: Vec<Listed> = data.customers.iter().map(Listed::of).collect();
    put_all!(CUSTOMERS, listed);
    put_all!("interactions", data.interactions);
    put_all!("purchases", data.purchases);
    put_all!("payments", data.payments);
    put_all!("tasks", data.tasks);
    put_all!("cases", data.cases);
    put_all!("deals", data.deals);
    put_all!("templates", data.templates);
    put_all!("campaigns", data.campaigns);
    put_all!("segments", data.segments);
    put_all!("pay_methods", data.pay_methods);
    put_all!("reminder_schedules", data.reminder_schedules);
    put_all!("promises", data.promises);
    put_all!("redemptions", data.redemptions);
    put_all!("products", data.products);
    // Photos are not cleared (a backup without them keeps the phone's); those it has replace
    // older ones.
    super::products::put_photos(tx, &data.product_photos).await?;
    if !progress(total, total) {
        return Err(StoreError::Cancelled);
    }
    Ok(())
}

impl Store {
    /// How many records (customers and events, tombstones included) changed at or after `since`:
    /// the "changes since your last backup" count. Uses the `updated_at` indexes; reads no records.
    pub async fn changes_since(&self, since: i64) -> Result<u64> {
        let mut names = vec![CUSTOMERS];
        names.extend(EVENT_STORES);
        names.extend(DOC_STORES);
        names.extend(PAID_STORES);
        names.extend(LOYALTY_STORES);
        names.extend(PRODUCT_STORES);
        let tx = self.db.transaction(names.clone()).build()?;
        let mut total = 0u64;
        for name in names {
            let store = tx.object_store(name)?;
            let index = store.index("updated_at")?;
            let n: u32 = index
                .count()
                .with_query::<f64, _>((since as f64)..)
                .primitive()?
                .await?;
            total += u64::from(n);
        }
        Ok(total)
    }
}
