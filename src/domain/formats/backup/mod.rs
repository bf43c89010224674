//! The backup file ("Own your data"): format v4, a public contract described in
//! `docs/backup-format.md` and `docs/backup.schema.json`.
//!
//! - [`export`] writes every record of every store, tombstones included, as one canonical JSON
//!   document: each list sorted by id, keys in a fixed order, one record per line. Exporting what
//!   [`parse`] read gives the same bytes again.
//! - [`parse`] reads a file (any supported version, migrated step by step with [`migrate`]),
//!   checks it and returns the records with every customer's summary recomputed
//!   ([`recompute_summaries`]); the summary is derived data and is never written to the file.
//! - [`preview`] reads only what the "Restore from backup" screen shows before the owner decides.
//!
//! Errors are typed ([`BackupError`], with the damaged [`Part`] and the [`Damage`]); the UI words them.
//! Nothing here panics on any input.

mod export;
mod migrate;
mod parse;
mod records;

pub use export::*;
pub use migrate::*;
pub use parse::*;
pub use records::*;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::basics::time::Millis;
use crate::domain::insight::segment::Segment;
use crate::domain::messaging::campaign::Campaign;
use crate::domain::messaging::template::Template;
use crate::domain::records::cases::Case;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Event, Interaction, Payment, Purchase, Task};
use crate::domain::records::loyalty::Redemption;
use crate::domain::records::paid::{PayMethod, Promise, ReminderSchedule};
use crate::domain::records::pipeline::Deal;
use crate::domain::records::products::{Product, ProductPhoto};
use crate::domain::records::settings::Settings;
use crate::domain::records::summary::Summary;

/// The `format` of a backup file.
pub const FORMAT: &str = "rapport-backup";
/// The `format` of an encrypted backup (see `encrypted.rs`); it must be unlocked first.
pub const ENCRYPTED_FORMAT: &str = "rapport-backup-encrypted";
/// The version this app writes, and the newest it reads.
pub const VERSION: u64 = 4;
/// This app's version, written into every backup.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The longest text (or key) accepted in a record, in bytes. The app itself never writes more
/// than 20,000 characters (80 kB) into one field; this leaves room and keeps memory sane.
pub const MAX_TEXT_BYTES: usize = 1_000_000;
/// Records with more keys than this are not searched for the field that has the wrong value.
pub(super) const MAX_EXPLAIN_KEYS: usize = 64;

// ---------------------------------------------------------------------------------------------
// Data

/// Everything a backup holds: the settings and every record of every store, tombstones included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Data {
    pub settings: Option<Settings>,
    pub customers: Vec<Customer>,
    pub interactions: Vec<Interaction>,
    pub purchases: Vec<Purchase>,
    pub payments: Vec<Payment>,
    pub tasks: Vec<Task>,
    pub cases: Vec<Case>,
    pub deals: Vec<Deal>,
    pub templates: Vec<Template>,
    pub campaigns: Vec<Campaign>,
    pub segments: Vec<Segment>,
    pub pay_methods: Vec<PayMethod>,
    pub reminder_schedules: Vec<ReminderSchedule>,
    pub promises: Vec<Promise>,
    /// Loyalty rewards given (v4).
    pub redemptions: Vec<Redemption>,
    pub products: Vec<Product>,
    /// Product photos: written only when the owner chooses to include them (else empty).
    pub product_photos: Vec<ProductPhoto>,
}

/// How many records of each store (tombstones included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub customers: u64,
    pub interactions: u64,
    pub purchases: u64,
    pub payments: u64,
    pub tasks: u64,
    pub cases: u64,
    #[serde(default)]
    pub deals: u64,
    #[serde(default)]
    pub templates: u64,
    #[serde(default)]
    pub campaigns: u64,
    #[serde(default)]
    pub segments: u64,
    #[serde(default)]
    pub pay_methods: u64,
    #[serde(default)]
    pub reminder_schedules: u64,
    #[serde(default)]
    pub promises: u64,
    #[serde(default)]
    pub redemptions: u64,
    #[serde(default)]
    pub products: u64,
    #[serde(default)]
    pub product_photos: u64,
}

impl Counts {
    /// All records together.
    pub fn total(&self) -> u64 {
        [
            self.customers,
            self.interactions,
            self.purchases,
            self.payments,
            self.tasks,
            self.cases,
            self.deals,
            self.templates,
            self.campaigns,
            self.segments,
            self.pay_methods,
            self.reminder_schedules,
            self.promises,
            self.redemptions,
            self.products,
            self.product_photos,
        ]
        .iter()
        .fold(0u64, |a, b| a.saturating_add(*b))
    }
}

pub(super) fn len64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl Data {
    pub fn counts(&self) -> Counts {
        Counts {
            customers: len64(self.customers.len()),
            interactions: len64(self.interactions.len()),
            purchases: len64(self.purchases.len()),
            payments: len64(self.payments.len()),
            tasks: len64(self.tasks.len()),
            cases: len64(self.cases.len()),
            deals: len64(self.deals.len()),
            templates: len64(self.templates.len()),
            campaigns: len64(self.campaigns.len()),
            segments: len64(self.segments.len()),
            pay_methods: len64(self.pay_methods.len()),
            reminder_schedules: len64(self.reminder_schedules.len()),
            promises: len64(self.promises.len()),
            redemptions: len64(self.redemptions.len()),
            products: len64(self.products.len()),
            product_photos: len64(self.product_photos.len()),
        }
    }

    /// No settings and no records.
    pub fn is_empty(&self) -> bool {
        self.settings.is_none() && self.counts().total() == 0
    }

    /// Sorts every list by id (the canonical order of the file and of [`merge`](crate::domain::formats::merge)).
    pub fn sort(&mut self) {
        fn by_id<T: BackupRecord>(v: &mut [T]) {
            crate::domain::basics::sort::by(v, |a, b| a.id().cmp(b.id()));
        }
        by_id(&mut self.customers);
        by_id(&mut self.interactions);
        by_id(&mut self.purchases);
        by_id(&mut self.payments);
        by_id(&mut self.tasks);
        by_id(&mut self.cases);
        by_id(&mut self.deals);
        by_id(&mut self.templates);
        by_id(&mut self.campaigns);
        by_id(&mut self.segments);
        by_id(&mut self.pay_methods);
        by_id(&mut self.reminder_schedules);
        by_id(&mut self.promises);
        by_id(&mut self.redemptions);
        by_id(&mut self.products);
        by_id(&mut self.product_photos);
    }

    /// Every event, as [`Event`]s.
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        let i = self.interactions.iter().cloned().map(Event::from);
        let pu = self.purchases.iter().cloned().map(Event::from);
        let pa = self.payments.iter().cloned().map(Event::from);
        let t = self.tasks.iter().cloned().map(Event::from);
        let c = self.cases.iter().cloned().map(Event::from);
        let d = self.deals.iter().cloned().map(Event::from);
        i.chain(pu).chain(pa).chain(t).chain(c).chain(d)
    }

    /// Events whose customer is not among the customers (Trash included).
    pub fn orphan_events(&self) -> usize {
        let ids: HashSet<&str> = self.customers.iter().map(|c| c.id.as_str()).collect();
        fn orphans<T: BackupRecord>(v: &[T], ids: &HashSet<&str>) -> usize {
            v.iter()
                .filter(|r| r.customer_id().is_some_and(|c| !ids.contains(c)))
                .count()
        }
        orphans(&self.interactions, &ids)
            + orphans(&self.purchases, &ids)
            + orphans(&self.payments, &ids)
            + orphans(&self.tasks, &ids)
            + orphans(&self.cases, &ids)
            + orphans(&self.deals, &ids)
            + orphans(&self.redemptions, &ids)
    }
}

/// Sets every customer's summary from their events with [`Summary::recompute`] (events in the
/// Trash do not count; a customer without events gets an empty summary).
pub fn recompute_summaries(data: &mut Data) {
    let mut by_customer: HashMap<String, Vec<Event>> = HashMap::new();
    for e in data.events() {
        match by_customer.get_mut(e.customer_id()) {
            Some(events) => events.push(e),
            None => {
                by_customer.insert(e.customer_id().to_string(), vec![e]);
            }
        }
    }
    for c in &mut data.customers {
        c.summary = by_customer
            .get(c.id.as_str())
            .map(|events| Summary::recompute(events))
            .unwrap_or_default();
    }
}

// ---------------------------------------------------------------------------------------------
// Envelope

/// Who wrote a backup and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub exported_at: Millis,
    pub app_version: String,
    /// The id of the phone (browser) that wrote it; breaks ties when merging.
    pub device_id: String,
}

impl Meta {
    /// This app's version, exported now from this device.
    pub fn new(exported_at: Millis, device_id: &str) -> Meta {
        Meta {
            exported_at,
            app_version: APP_VERSION.to_string(),
            device_id: device_id.to_string(),
        }
    }
}

/// A backup file read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub meta: Meta,
    /// Sorted by id, summaries recomputed.
    pub data: Data,
    /// The version the file was written in (older versions were migrated).
    pub version: u64,
    /// Events whose customer is not in the file. They are kept (a later import may bring the
    /// customer); the UI may mention them.
    pub orphan_events: usize,
}

/// What the restore screen shows before the owner decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub version: u64,
    pub meta: Meta,
    pub counts: Counts,
    pub has_settings: bool,
}

/// Why a file cannot be read (typed; the UI words it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// The file has nothing in it.
    Empty,
    /// Not text (UTF-8).
    InvalidUtf8,
    /// Not JSON at all.
    NotJson,
    /// A Rapport backup cut off before its end.
    Truncated,
    /// JSON, but not a Rapport backup (another app's file, an array, no version…).
    WrongFormat,
    /// An encrypted backup: ask for the passphrase, decrypt, then parse the plain text.
    Encrypted,
    /// Written by a newer Rapport in a version this app cannot read.
    TooNew { version: u64 },
    /// A Rapport backup with a damaged part: `part` names it (a record, the settings, the
    /// file), `damage` says what is wrong.
    Invalid { part: Part, damage: Damage },
}

/// What one record of a backup is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Customer,
    /// An interaction (a call, a visit, a note).
    Contact,
    Purchase,
    Payment,
    /// A task.
    FollowUp,
    /// A case.
    Complaint,
    Deal,
    /// A message template.
    Template,
    Campaign,
    Segment,
    /// A way customers pay (UPI, QRIS, an image of a QR, bank details).
    PayMethod,
    /// A payment reminder schedule.
    ReminderSchedule,
    /// A promise to pay on a date.
    Promise,
    /// A loyalty reward given.
    Redemption,
    /// A product the business sells.
    Product,
    /// A product's photo.
    ProductPhoto,
}

/// The part of a backup that is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The file as a whole: its header, its counts or its lists.
    File,
    /// The settings.
    Settings,
    /// One record: what it is, its position in its list (from 1), and its name or else its id
    /// when it has one (at most 40 characters, then "…").
    Record {
        kind: Kind,
        number: usize,
        name: Option<String>,
        id: Option<String>,
    },
}

/// What is wrong with a damaged part of a backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// The JSON is broken near this line and character.
    Syntax { line: usize, column: usize },
    /// The date the backup was made is missing or not a date.
    NoDate,
    /// The version of the app that made it is missing or not text.
    NoAppVersion,
    /// The device that made it is missing or not text.
    NoDevice,
    /// The record counts are missing.
    NoCounts,
    /// The record counts cannot be read (`detail`: the reader's words, technical).
    BadCounts { detail: String },
    /// The file says it holds `said` records of a kind but holds `found`.
    CountMismatch { kind: Kind, said: u64, found: usize },
    /// The list of records of a kind is missing.
    NoList { kind: Kind },
    /// The list of records of a kind is not a list.
    NotAList { kind: Kind },
    /// The settings are missing.
    NoSettings,
    /// Not a record at all (`detail`: the reader's words, technical; empty when there are none).
    NotARecord { detail: String },
    /// A text (or key) in it is longer than `max` characters.
    TooLong { max: usize },
    /// A field has a wrong value: `key` when it could be found (at most 40 characters),
    /// `detail` the reader's words (technical).
    WrongValue { key: Option<String>, detail: String },
    /// A time field (`key`) of an old backup is not a date.
    NotADate { key: String },
    /// The date the record was added is missing.
    NoAddedDate,
    /// The record has no id.
    NoId,
    /// Another record in the file has the same id.
    SameId,
}

pub(super) fn invalid(part: Part, damage: Damage) -> BackupError {
    BackupError::Invalid { part, damage }
}
