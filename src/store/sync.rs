//! Team sync's IndexedDB side: each record's [`Entry`] (revision tree, kept bodies, outbox) in
//! `sync_docs`, written in the same transaction as the records a pull changes; the local edits
//! staged as revisions; the replication's own small values in `meta`.
//!
//! The rules are `domain::sync::replica`'s; the loop that talks to the server is the Team sync
//! page's (`ui/pages/sync/engine.rs`).

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::Document;
use crate::domain::insight::segment::Segment;
use crate::domain::messaging::campaign::Campaign;
use crate::domain::messaging::template::Template;
use crate::domain::records::cases::Case;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Event, Interaction, Payment, Purchase, Task};
use crate::domain::records::loyalty::Redemption;
use crate::domain::records::paid::{PayMethod, Promise, ReminderSchedule};
use crate::domain::records::pipeline::Deal;
use crate::domain::records::products::Product;
use crate::domain::records::settings::Settings;
use crate::domain::records::summary::Summary;
use crate::domain::sync::doc::{AnyRecord, Doc, DocError, DocId, Store as DocStore};
use crate::domain::sync::replica::{body_text, Entry, Resolved, Settled};
use crate::domain::sync::rev::Rev;
use crate::domain::sync::team::RevKey;

use super::order::customer_to_js;
use super::sync_reads::{self, Touched};
use super::{from_js, from_js_list, to_js, Result, Store, CUSTOMERS, META};

/// The object store of the entries (schema v5).
pub const SYNC_DOCS: &str = "sync_docs";
/// Its index of the entries in the outbox.
const OUT_INDEX: &str = "out";
/// How many records one staging transaction handles.
const STAGE_BATCH: usize = 500;

pub(super) const SETTINGS_KEY: &str = "settings";
/// `meta` keys of the replication.
const MARK_KEY: &str = "sync_mark";
const RESOLVED_KEY: &str = "sync_resolved";
const CHECKPOINT_KEY: &str = "sync_checkpoint";
const JOINED_KEY: &str = "sync_joined";
/// How many automatic resolutions the list keeps.
const RESOLVED_KEPT: usize = 50;

/// What one pulled batch changed, for the screens (and the other tabs) to reload.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub customers: Vec<String>,
    pub events: bool,
    pub docs: bool,
    pub settings: bool,
    /// Conflicts resolved in this batch.
    pub resolved: Vec<Resolved>,
    /// Live leaves whose bodies the phone lacks: fetch them and apply again.
    pub missing: Vec<(String, Vec<Rev>)>,
    /// Documents that could not be used (kept on the server, untouched here).
    pub skipped: Vec<(String, DocError)>,
}

/// The IndexedDB store name of a document store.
pub(super) fn store_name(s: DocStore) -> &'static str {
    match s {
        DocStore::Settings => META,
        other => other.name(),
    }
}

/// Stored values of one store as records of any store.
pub(super) fn records_of(s: DocStore, values: Vec<JsValue>) -> Result<Vec<AnyRecord>> {
    fn list<T: DeserializeOwned>(
        values: Vec<JsValue>,
        into: fn(T) -> AnyRecord,
    ) -> Result<Vec<AnyRecord>> {
        Ok(from_js_list::<T>(values)?.into_iter().map(into).collect())
    }
    match s {
        DocStore::Settings => list::<Settings>(values, AnyRecord::Settings),
        DocStore::Customers => list::<Customer>(values, |mut c| {
            c.summary = Summary::default();
            AnyRecord::Customers(c)
        }),
        DocStore::Interactions => list::<Interaction>(values, AnyRecord::Interactions),
        DocStore::Purchases => list::<Purchase>(values, AnyRecord::Purchases),
        DocStore::Payments => list::<Payment>(values, AnyRecord::Payments),
        DocStore::Tasks => list::<Task>(values, AnyRecord::Tasks),
        DocStore::Cases => list::<Case>(values, AnyRecord::Cases),
        DocStore::Deals => list::<Deal>(values, AnyRecord::Deals),
        DocStore::Templates => list::<Template>(values, AnyRecord::Templates),
        DocStore::Campaigns => list::<Campaign>(values, AnyRecord::Campaigns),
        DocStore::Segments => list::<Segment>(values, AnyRecord::Segments),
        DocStore::PayMethods => list::<PayMethod>(values, AnyRecord::PayMethods),
        DocStore::ReminderSchedules => {
            list::<ReminderSchedule>(values, AnyRecord::ReminderSchedules)
        }
        DocStore::Promises => list::<Promise>(values, AnyRecord::Promises),
        DocStore::Redemptions => list::<Redemption>(values, AnyRecord::Redemptions),
        DocStore::Products => list::<Product>(values, AnyRecord::Products),
        // Photos are Blobs on the phone, read only outside a transaction (see
        // `Store::changed_records`); inside one, the phone's photo counts as absent, so a pulled
        // photo is simply written.
        DocStore::ProductPhotos => Ok(Vec::new()),
    }
}

/// An event record as an [`Event`] (for summaries).
fn as_event(r: &AnyRecord) -> Option<Event> {
    Some(match r {
        AnyRecord::Interactions(x) => Event::Interaction(x.clone()),
        AnyRecord::Purchases(x) => Event::Purchase(x.clone()),
        AnyRecord::Payments(x) => Event::Payment(x.clone()),
        AnyRecord::Tasks(x) => Event::Task(x.clone()),
        AnyRecord::Cases(x) => Event::Case(x.clone()),
        AnyRecord::Deals(x) => Event::Deal(x.clone()),
        _ => return None,
    })
}

async fn get_entry(tx: &Transaction<'_>, id: &str) -> Result<Option<Entry>> {
    let v: Option<JsValue> = tx.object_store(SYNC_DOCS)?.get(id).primitive()?.await?;
    v.map(|v| from_js(&v)).transpose()
}

async fn put_entry(tx: &Transaction<'_>, e: &Entry) -> Result<()> {
    tx.object_store(SYNC_DOCS)?
        .put(to_js(e)?)
        .primitive()?
        .await?;
    Ok(())
}

/// The record stored for `id` in `tx`.
async fn get_record(tx: &Transaction<'_>, id: &DocId) -> Result<Option<(AnyRecord, JsValue)>> {
    let store = tx.object_store(store_name(id.store))?;
    let key = match id.store {
        DocStore::Settings => SETTINGS_KEY,
        _ => id.id.as_str(),
    };
    let v: Option<JsValue> = store.get(key).primitive()?.await?;
    let Some(v) = v else { return Ok(None) };
    let mut list = records_of(id.store, vec![v.clone()])?;
    Ok(list.pop().map(|r| (r, v)))
}

/// Every record store, with `meta` and `sync_docs`: the scope of a pull's transaction.
fn all_scope() -> Vec<&'static str> {
    let mut scope = vec![SYNC_DOCS, META];
    scope.extend(DocStore::ALL.iter().filter_map(|s| match s {
        DocStore::Settings => None,
        other => Some(other.name()),
    }));
    scope
}

impl Store {
    /// Stages this phone's edits as revisions: every record changed at or after `since` (every
    /// record when `None`, e.g. when sync starts or after a restore) whose body differs from its
    /// synced winner gets a new revision and goes to the outbox. Returns how many were staged.
    /// `key`: an encrypted team's revision key (`None`: a plain team).
    pub async fn sync_stage_local(
        &self,
        since: Option<Millis>,
        key: Option<&RevKey>,
    ) -> Result<usize> {
        let mut staged = 0;
        for s in DocStore::ALL {
            let records = match s {
                // Settings never edited on this phone (`updated_at` 0: the first run's guess)
                // stay out, so a phone joining a team takes the team's.
                DocStore::Settings => self
                    .settings()
                    .await?
                    .filter(|s| s.updated_at > 0)
                    .map(AnyRecord::Settings)
                    .into_iter()
                    .collect(),
                _ => self.changed_records(s, since).await?,
            };
            for chunk in records.chunks(STAGE_BATCH) {
                staged += self.stage_chunk(chunk, key).await?;
            }
        }
        Ok(staged)
    }

    /// Records of store `s` changed at or after `since` (all when `None`).
    async fn changed_records(&self, s: DocStore, since: Option<Millis>) -> Result<Vec<AnyRecord>> {
        if s == DocStore::ProductPhotos {
            let mut out = Vec::new();
            for e in self.photo_entries(since).await? {
                out.push(AnyRecord::ProductPhotos(e.to_photo().await?));
            }
            return Ok(out);
        }
        let values = self.values_since(s.name(), since).await?;
        records_of(s, values)
    }

    /// Every value of store `name` (which has an `updated_at` index), or those changed at or after
    /// `since`, in one read-only transaction.
    pub(super) async fn values_since(
        &self,
        name: &str,
        since: Option<Millis>,
    ) -> Result<Vec<JsValue>> {
        let tx = self.db.transaction(name).build()?;
        let store = tx.object_store(name)?;
        let values: Vec<JsValue> = match since {
            Some(since) => store
                .index("updated_at")?
                .get_all()
                .with_query::<f64, _>((since as f64)..)
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?,
            None => store
                .get_all()
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?,
        };
        drop(tx);
        Ok(values)
    }

    async fn stage_chunk(&self, records: &[AnyRecord], key: Option<&RevKey>) -> Result<usize> {
        let tx = self
            .db
            .transaction(SYNC_DOCS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut staged = 0;
        for r in records {
            let id = r.doc_id().to_string();
            let mut entry = get_entry(&tx, &id)
                .await?
                .unwrap_or_else(|| Entry::new(&r.doc_id()));
            if entry.stage_local(r, key).is_some() {
                put_entry(&tx, &entry).await?;
                staged += 1;
            }
        }
        tx.commit().await?;
        Ok(staged)
    }

    /// Up to `limit` entries of the outbox.
    pub async fn sync_outbox(&self, limit: u32) -> Result<Vec<Entry>> {
        let tx = self.db.transaction(SYNC_DOCS).build()?;
        let values: Vec<JsValue> = tx
            .object_store(SYNC_DOCS)?
            .index(OUT_INDEX)?
            .get_all()
            .with_limit(limit)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        from_js_list(values)
    }

    /// How many entries wait in the outbox.
    pub async fn sync_pending(&self) -> Result<u64> {
        let tx = self.db.transaction(SYNC_DOCS).build()?;
        let n: u32 = tx
            .object_store(SYNC_DOCS)?
            .index(OUT_INDEX)?
            .count()
            .primitive()?
            .await?;
        Ok(u64::from(n))
    }

    /// Takes the entries out of the outbox whose change counter is still `n` (pushed as read).
    pub async fn sync_clear_out(&self, pushed: &[(String, u64)]) -> Result<()> {
        let tx = self
            .db
            .transaction(SYNC_DOCS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        for (id, n) in pushed {
            if let Some(mut e) = get_entry(&tx, id).await? {
                if e.n == *n && e.o.is_some() {
                    e.o = None;
                    put_entry(&tx, &e).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The entries of `ids` (`None` for records never synced).
    pub async fn sync_entries(&self, ids: &[String]) -> Result<Vec<Option<Entry>>> {
        let tx = self.db.transaction(SYNC_DOCS).build()?;
        let keys: Vec<&str> = ids.iter().map(String::as_str).collect();
        sync_reads::entries(&tx, &keys).await
    }

    /// Applies documents pulled from the server, all in one transaction with their records:
    /// merges each into its entry (first staging an edit of this phone not yet staged), resolves
    /// conflicts, writes the record the phone should now show, and recomputes the summaries of
    /// the customers whose events changed. `key`: as for [`Store::sync_stage_local`].
    pub async fn sync_apply(
        &self,
        docs: &[Doc],
        now: Millis,
        rev_key: Option<&RevKey>,
    ) -> Result<Applied> {
        let tx = self
            .db
            .transaction(all_scope())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut applied = Applied::default();
        let mut summaries = Touched::default();
        let mut read = sync_reads::entries_and_records(&tx, docs).await?;
        // Where each document's last revision in the batch is.
        let last: std::collections::HashMap<&DocId, usize> =
            docs.iter().enumerate().map(|(i, d)| (&d.id, i)).collect();
        for (i, d) in docs.iter().enumerate() {
            let key = d.id.to_string();
            // More of this document's revisions follow in the batch: every leaf deleted is then
            // only a step (a resolution's deletion before its merged revision), not the end.
            let more_follow = last.get(&d.id).is_some_and(|&l| l > i);
            let (entry, current) = match read.remove(&key) {
                Some(first) => first,
                None => (get_entry(&tx, &key).await?, get_record(&tx, &d.id).await?),
            };
            let mut entry = entry.unwrap_or_else(|| Entry::new(&d.id));
            if let Some((r, _)) = &current {
                entry.stage_local(r, rev_key);
            }
            let before = entry.live_leaves();
            if let Err(e) = entry.merge_remote(d) {
                applied
                    .skipped
                    .push((key, DocError::BadRevisions(e.clone())));
                continue;
            }
            let settled = entry.settle(now, rev_key);
            let deleted = matches!(settled, Settled::Deleted);
            let show = match settled {
                Settled::Nothing => None,
                Settled::Show(r) => {
                    if let Some(report) = entry.resolved_elsewhere(&before, now) {
                        applied.resolved.push(report);
                    }
                    Some(*r)
                }
                Settled::Resolved(r, report) => {
                    applied.resolved.push(*report);
                    Some(*r)
                }
                Settled::Deleted if more_follow => None,
                Settled::Deleted => current.as_ref().and_then(|(r, _)| trashed(r, now)),
                Settled::Missing(revs) => {
                    applied.missing.push((key.clone(), revs));
                    None
                }
                Settled::Unreadable(e) => {
                    applied.skipped.push((key.clone(), e));
                    None
                }
            };
            if let Some(r) = show {
                let same = current
                    .as_ref()
                    .is_some_and(|(c, _)| body_text(c) == body_text(&r));
                if !same {
                    self.write_record(&tx, &r, current.as_ref(), &mut applied, &mut summaries)
                        .await?;
                }
                if deleted {
                    // The record stays, in the Trash: a live revision again, to push.
                    entry.stage_local(&r, rev_key);
                }
            }
            sync_reads::queue_put_entry(&tx, &entry)?;
        }
        summaries.write(&tx, &mut applied).await?;
        if !applied.resolved.is_empty() {
            let mut list: Vec<Resolved> = meta_value(&tx, RESOLVED_KEY).await?.unwrap_or_default();
            list.splice(0..0, applied.resolved.iter().cloned());
            list.truncate(RESOLVED_KEPT);
            put_meta(&tx, RESOLVED_KEY, &list).await?;
        }
        tx.commit().await?;
        Ok(applied)
    }

    /// Writes the record a pull settled on.
    async fn write_record(
        &self,
        tx: &Transaction<'_>,
        r: &AnyRecord,
        current: Option<&(AnyRecord, JsValue)>,
        applied: &mut Applied,
        summaries: &mut Touched,
    ) -> Result<()> {
        match r {
            AnyRecord::Settings(s) => {
                let mut s = s.clone();
                // This phone's own choices stay (PHONE_SETTINGS).
                if let Some((AnyRecord::Settings(mine), _)) = current {
                    s.language = mine.language;
                    s.language_chosen = mine.language_chosen;
                    s.theme = mine.theme;
                }
                tx.object_store(META)?
                    .put(to_js(&s)?)
                    .with_key(SETTINGS_KEY)
                    .primitive()?
                    .await?;
                applied.settings = true;
            }
            AnyRecord::Customers(c) => {
                // The summary is derived from the events this phone holds, never taken from the
                // wire: the stored one stays (the events did not change), and a customer new to
                // this phone has it computed from whatever events it already holds.
                let mut c = c.clone();
                match current {
                    Some((_, stored)) => c.summary = from_js::<Customer>(stored)?.summary,
                    None => summaries.recompute(&c.id),
                }
                sync_reads::queue_put(&tx.object_store(CUSTOMERS)?, customer_to_js(&c)?)?;
                if !applied.customers.contains(&c.id) {
                    applied.customers.push(c.id);
                }
            }
            other => {
                let (name, value) = match other {
                    AnyRecord::Templates(x) => ("templates", to_js(x)?),
                    AnyRecord::Campaigns(x) => ("campaigns", to_js(x)?),
                    AnyRecord::Segments(x) => ("segments", to_js(x)?),
                    AnyRecord::PayMethods(x) => ("pay_methods", to_js(x)?),
                    AnyRecord::ReminderSchedules(x) => ("reminder_schedules", to_js(x)?),
                    AnyRecord::Promises(x) => ("promises", to_js(x)?),
                    AnyRecord::Redemptions(x) => ("redemptions", to_js(x)?),
                    AnyRecord::Products(x) => ("products", to_js(x)?),
                    AnyRecord::ProductPhotos(x) => {
                        applied.docs = true;
                        return super::products::put_photos(tx, std::slice::from_ref(x)).await;
                    }
                    _ => {
                        let Some(e) = as_event(other) else {
                            return Ok(());
                        };
                        applied.events = true;
                        let value = (e.store_name(), super::json_to_js(&e.to_json())?);
                        summaries.event(current.and_then(|(r, _)| as_event(r)), e);
                        value
                    }
                };
                if matches!(
                    name,
                    "templates"
                        | "campaigns"
                        | "segments"
                        | "pay_methods"
                        | "reminder_schedules"
                        | "promises"
                        | "redemptions"
                        | "products"
                ) {
                    applied.docs = true;
                }
                sync_reads::queue_put(&tx.object_store(name)?, value)?;
            }
        }
        Ok(())
    }

    /// "Use this version" of a resolved conflict: writes `record` (its `updated_at` made the
    /// newest) as this phone's edit, with its customer's summary; the replicator then pushes it.
    pub async fn sync_use_version(&self, record: &AnyRecord) -> Result<Applied> {
        let tx = self
            .db
            .transaction(all_scope())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut applied = Applied::default();
        let mut summaries = Touched::default();
        let current = get_record(&tx, &record.doc_id()).await?;
        self.write_record(&tx, record, current.as_ref(), &mut applied, &mut summaries)
            .await?;
        summaries.write(&tx, &mut applied).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// The automatic resolutions, newest first.
    pub async fn sync_resolved(&self) -> Result<Vec<Resolved>> {
        Ok(self.meta_get(RESOLVED_KEY).await?.unwrap_or_default())
    }

    /// Removes one resolution from the list (after "Use this version", or when read).
    pub async fn sync_forget_resolved(&self, doc: &str, result: &str) -> Result<()> {
        let mut list = self.sync_resolved().await?;
        list.retain(|r| !(r.doc == doc && r.result == result));
        self.meta_put(RESOLVED_KEY, &list).await
    }

    /// Where the last local scan started (the next scans look at records changed since).
    pub async fn sync_mark(&self) -> Result<Option<Millis>> {
        self.meta_get(MARK_KEY).await
    }

    pub async fn set_sync_mark(&self, mark: Option<Millis>) -> Result<()> {
        self.meta_put(MARK_KEY, &mark).await
    }

    /// The checkpoint kept on the phone (JSON text of `_local/{replication id}`).
    pub async fn sync_checkpoint(&self) -> Result<Option<String>> {
        self.meta_get(CHECKPOINT_KEY).await
    }

    pub async fn set_sync_checkpoint(&self, text: Option<String>) -> Result<()> {
        self.meta_put(CHECKPOINT_KEY, &text).await
    }

    /// When this phone, holding records of its own, joined the team (its undo copy was kept
    /// then; see [`Store::keep_undo_copy`]).
    pub async fn sync_joined(&self) -> Result<Option<Millis>> {
        Ok(self.meta_get::<Option<Millis>>(JOINED_KEY).await?.flatten())
    }

    pub async fn set_sync_joined(&self, at: Option<Millis>) -> Result<()> {
        self.meta_put(JOINED_KEY, &at).await
    }

    /// Whether this phone never synced with this team yet (no checkpoint, no local scan).
    pub async fn sync_first_time(&self) -> Result<bool> {
        Ok(self.sync_checkpoint().await?.is_none() && self.sync_mark().await?.is_none())
    }

    /// "Stop syncing on this phone": forgets every revision tree, the outbox, the checkpoint and
    /// the resolutions (the records stay). Syncing again later starts like a first time.
    pub async fn sync_forget(&self) -> Result<()> {
        let tx = self
            .db
            .transaction([SYNC_DOCS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(SYNC_DOCS)?.clear()?.await?;
        let meta = tx.object_store(META)?;
        for key in [MARK_KEY, RESOLVED_KEY, CHECKPOINT_KEY, JOINED_KEY] {
            meta.delete(key).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A record moved to the Trash because every revision on the server is deleted (another client
/// deleted it): it never just disappears. `None` when it already is in the Trash (or is the
/// settings).
fn trashed(r: &AnyRecord, now: Millis) -> Option<AnyRecord> {
    if r.deleted_at().is_some() {
        return None;
    }
    let mut r = r.clone();
    match &mut r {
        AnyRecord::Settings(_) => return None,
        AnyRecord::Customers(c) => {
            c.deleted_at = Some(now);
            c.updated_at = c.updated_at.max(now);
        }
        AnyRecord::PayMethods(x) => x.set_deleted(Some(now), now),
        AnyRecord::ReminderSchedules(x) => x.set_deleted(Some(now), now),
        AnyRecord::Promises(x) => x.set_deleted(Some(now), now),
        AnyRecord::Redemptions(x) => x.set_deleted(Some(now), now),
        AnyRecord::Products(x) => x.set_deleted(Some(now), now),
        AnyRecord::ProductPhotos(_) => return None,
        other => {
            let mut e = as_event(other)?;
            e.set_deleted(Some(now), now);
            return Some(match e {
                Event::Interaction(x) => AnyRecord::Interactions(x),
                Event::Purchase(x) => AnyRecord::Purchases(x),
                Event::Payment(x) => AnyRecord::Payments(x),
                Event::Task(x) => AnyRecord::Tasks(x),
                Event::Case(x) => AnyRecord::Cases(x),
                Event::Deal(x) => AnyRecord::Deals(x),
            });
        }
    }
    Some(r)
}

async fn meta_value<T: DeserializeOwned>(tx: &Transaction<'_>, key: &str) -> Result<Option<T>> {
    let v: Option<JsValue> = tx.object_store(META)?.get(key).primitive()?.await?;
    v.map(|v| from_js(&v)).transpose()
}

async fn put_meta<T: Serialize>(tx: &Transaction<'_>, key: &str, value: &T) -> Result<()> {
    tx.object_store(META)?
        .put(to_js(value)?)
        .with_key(key)
        .primitive()?
        .await?;
    Ok(())
}
