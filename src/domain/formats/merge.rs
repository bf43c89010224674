//! Merging a backup into the phone's data, record by record ("Own your data").
//!
//! For every store and every id:
//! - a record on one side only is kept;
//! - on both sides, the version with the greater `updated_at` wins;
//! - on equal `updated_at`, a version in the Trash (tombstone) beats a live one;
//! - then the version from the device with the greater id (string comparison) wins;
//! - then, with equal device ids, the version whose canonical JSON (the backup line, see
//!   `backup.rs`; customers without their summary) is greater.
//!
//! This is a total order on the versions, so the result never depends on which side is "local":
//! `merge(a, da, b, db)` and `merge(b, db, a, da)` give the same data. Settings follow the same
//! rules without the tombstone step. The result is sorted by id and every customer's summary
//! is recomputed from the merged events.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::{recompute_summaries, BackupRecord, Data};
use crate::domain::records::settings::Settings;

/// What a merge does to one store, seen from the phone (the `local` side).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreReport {
    /// Records only in the backup, now added.
    pub added: usize,
    /// Records on both sides where the backup's version won and differs.
    pub updated: usize,
    /// Local records left as they are (only on the phone, or the phone's version won or is
    /// the same).
    pub kept: usize,
    /// Of `updated`: live on the phone, in the Trash after the merge.
    pub trashed: usize,
    /// Of `updated`: in the Trash on the phone, live after the merge.
    pub restored: usize,
}

impl StoreReport {
    /// Records the merge adds or changes.
    pub fn changed(&self) -> usize {
        self.added + self.updated
    }
}

/// What a merge changes on the phone, per store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub customers: StoreReport,
    pub interactions: StoreReport,
    pub purchases: StoreReport,
    pub payments: StoreReport,
    pub tasks: StoreReport,
    pub cases: StoreReport,
    pub deals: StoreReport,
    pub templates: StoreReport,
    pub campaigns: StoreReport,
    pub segments: StoreReport,
    pub pay_methods: StoreReport,
    pub reminder_schedules: StoreReport,
    pub promises: StoreReport,
    pub redemptions: StoreReport,
    pub products: StoreReport,
    pub product_photos: StoreReport,
    /// The backup's settings replace the phone's.
    pub settings_updated: bool,
}

impl MergeReport {
    /// Each store's name ("customers", "interactions", …) with its report.
    pub fn stores(&self) -> [(&'static str, StoreReport); 16] {
        [
            ("customers", self.customers),
            ("interactions", self.interactions),
            ("purchases", self.purchases),
            ("payments", self.payments),
            ("tasks", self.tasks),
            ("cases", self.cases),
            ("deals", self.deals),
            ("templates", self.templates),
            ("campaigns", self.campaigns),
            ("segments", self.segments),
            ("pay_methods", self.pay_methods),
            ("reminder_schedules", self.reminder_schedules),
            ("promises", self.promises),
            ("redemptions", self.redemptions),
            ("products", self.products),
            ("product_photos", self.product_photos),
        ]
    }

    /// Records added or changed, plus one when the settings change.
    pub fn changes(&self) -> usize {
        self.stores()
            .iter()
            .map(|(_, s)| s.changed())
            .sum::<usize>()
            + usize::from(self.settings_updated)
    }

    /// The merge changes nothing on the phone.
    pub fn is_unchanged(&self) -> bool {
        self.changes() == 0
    }
}

/// How two versions of one record (or of the settings) compare; `Greater` = `a` wins.
/// Each side is `(updated_at, in the Trash, device id)`; `json` gives both canonical JSON texts
/// and is only called on a full tie.
fn compare(
    a: (Millis, bool, &str),
    b: (Millis, bool, &str),
    json: impl FnOnce() -> (String, String),
) -> Ordering {
    a.cmp(&b).then_with(|| {
        let (ja, jb) = json();
        ja.cmp(&jb)
    })
}

fn compare_records<T: BackupRecord>(a: &T, device_a: &str, b: &T, device_b: &str) -> Ordering {
    compare(
        (a.updated_at(), a.deleted_at().is_some(), device_a),
        (b.updated_at(), b.deleted_at().is_some(), device_b),
        || (a.to_backup_json(), b.to_backup_json()),
    )
}

/// The winning version of each id on one side (a side should not hold an id twice; if it does,
/// the greater version counts).
fn by_id<'a, T: BackupRecord>(records: &'a [T], device: &str) -> BTreeMap<&'a str, &'a T> {
    let mut map: BTreeMap<&str, &T> = BTreeMap::new();
    for r in records {
        map.entry(r.id())
            .and_modify(|old| {
                if compare_records(r, device, *old, device) == Ordering::Greater {
                    *old = r;
                }
            })
            .or_insert(r);
    }
    map
}

fn merge_store<T: BackupRecord>(
    local: &[T],
    local_device: &str,
    incoming: &[T],
    incoming_device: &str,
) -> (Vec<T>, StoreReport) {
    let mut report = StoreReport::default();
    let mut theirs = by_id(incoming, incoming_device);
    let mut out: Vec<T> = Vec::with_capacity(local.len().max(incoming.len()));
    for (id, mine) in by_id(local, local_device) {
        let chosen = match theirs.remove(id) {
            None => mine,
            Some(other) => {
                if compare_records(other, incoming_device, mine, local_device) == Ordering::Greater
                    && other.to_backup_json() != mine.to_backup_json()
                {
                    report.updated += 1;
                    match (mine.deleted_at().is_some(), other.deleted_at().is_some()) {
                        (false, true) => report.trashed += 1,
                        (true, false) => report.restored += 1,
                        _ => {}
                    }
                    out.push(other.clone());
                    continue;
                }
                mine
            }
        };
        report.kept += 1;
        out.push(chosen.clone());
    }
    report.added = theirs.len();
    out.extend(theirs.into_values().cloned());
    crate::domain::basics::sort::by(&mut out, |a, b| a.id().cmp(b.id()));
    (out, report)
}

fn settings_json(s: &Settings) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn merge_settings(
    local: Option<&Settings>,
    local_device: &str,
    incoming: Option<&Settings>,
    incoming_device: &str,
) -> (Option<Settings>, bool) {
    match (local, incoming) {
        (None, None) => (None, false),
        (Some(l), None) => (Some(l.clone()), false),
        (None, Some(i)) => (Some(i.clone()), true),
        (Some(l), Some(i)) => {
            let theirs_win = compare(
                (i.updated_at, false, incoming_device),
                (l.updated_at, false, local_device),
                || (settings_json(i), settings_json(l)),
            ) == Ordering::Greater;
            if theirs_win && i != l {
                (Some(i.clone()), true)
            } else {
                (Some(l.clone()), false)
            }
        }
    }
}

/// Merges `incoming` (a backup made on `incoming_device`) into `local` (this phone's data,
/// `local_device`). See the module docs for the rules. The report counts what the merge
/// changes on the phone.
pub fn merge(
    local: &Data,
    local_device: &str,
    incoming: &Data,
    incoming_device: &str,
) -> (Data, MergeReport) {
    let (ld, id) = (local_device, incoming_device);
    let (settings, settings_updated) =
        merge_settings(local.settings.as_ref(), ld, incoming.settings.as_ref(), id);
    let (customers, r_customers) = merge_store(&local.customers, ld, &incoming.customers, id);
    let (interactions, r_interactions) =
        merge_store(&local.interactions, ld, &incoming.interactions, id);
    let (purchases, r_purchases) = merge_store(&local.purchases, ld, &incoming.purchases, id);
    let (payments, r_payments) = merge_store(&local.payments, ld, &incoming.payments, id);
    let (tasks, r_tasks) = merge_store(&local.tasks, ld, &incoming.tasks, id);
    let (cases, r_cases) = merge_store(&local.cases, ld, &incoming.cases, id);
    let (deals, r_deals) = merge_store(&local.deals, ld, &incoming.deals, id);
    let (templates, r_templates) = merge_store(&local.templates, ld, &incoming.templates, id);
    let (campaigns, r_campaigns) = merge_store(&local.campaigns, ld, &incoming.campaigns, id);
    let (segments, r_segments) = merge_store(&local.segments, ld, &incoming.segments, id);
    let (pay_methods, r_pay_methods) =
        merge_store(&local.pay_methods, ld, &incoming.pay_methods, id);
    let (reminder_schedules, r_reminder_schedules) = merge_store(
        &local.reminder_schedules,
        ld,
        &incoming.reminder_schedules,
        id,
    );
    let (promises, r_promises) = merge_store(&local.promises, ld, &incoming.promises, id);
    let (redemptions, r_redemptions) =
        merge_store(&local.redemptions, ld, &incoming.redemptions, id);
    let (products, r_products) = merge_store(&local.products, ld, &incoming.products, id);
    let (product_photos, r_product_photos) =
        merge_store(&local.product_photos, ld, &incoming.product_photos, id);
    let mut data = Data {
        settings,
        customers,
        interactions,
        purchases,
        payments,
        tasks,
        cases,
        deals,
        templates,
        campaigns,
        segments,
        pay_methods,
        reminder_schedules,
        promises,
        redemptions,
        products,
        product_photos,
    };
    recompute_summaries(&mut data);
    let report = MergeReport {
        customers: r_customers,
        interactions: r_interactions,
        purchases: r_purchases,
        payments: r_payments,
        tasks: r_tasks,
        cases: r_cases,
        deals: r_deals,
        templates: r_templates,
        campaigns: r_campaigns,
        segments: r_segments,
        pay_methods: r_pay_methods,
        reminder_schedules: r_reminder_schedules,
        promises: r_promises,
        redemptions: r_redemptions,
        products: r_products,
        product_photos: r_product_photos,
        settings_updated,
    };
    (data, report)
}
