//! The backup file ("Own your data"): format v2, a public contract described in
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
//! Errors are typed ([`BackupError`]) and have a plain-language [`BackupError::message`].
//! Nothing here panics on any input.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::basics::time::Millis;
use crate::domain::insight::segment::Segment;
use crate::domain::messaging::campaign::Campaign;
use crate::domain::messaging::template::Template;
use crate::domain::records::cases::Case;
use crate::domain::records::customer::{self, Customer};
use crate::domain::records::events::{Event, Interaction, Payment, Purchase, Task};
use crate::domain::records::pipeline::Deal;
use crate::domain::records::settings::Settings;
use crate::domain::records::summary::Summary;

/// The `format` of a backup file.
pub const FORMAT: &str = "rapport-backup";
/// The `format` of an encrypted backup (see `encrypted.rs`); it must be unlocked first.
pub const ENCRYPTED_FORMAT: &str = "rapport-backup-encrypted";
/// The version this app writes, and the newest it reads.
pub const VERSION: u64 = 2;
/// This app's version, written into every backup.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The longest text (or key) accepted in a record, in bytes. The app itself never writes more
/// than 20,000 characters (80 kB) into one field; this leaves room and keeps memory sane.
pub const MAX_TEXT_BYTES: usize = 1_000_000;
/// Records with more keys than this are not searched for the field that has the wrong value.
const MAX_EXPLAIN_KEYS: usize = 64;

// ---------------------------------------------------------------------------------------------
// Records

/// What the backup needs of a record of any store.
pub trait BackupRecord: Clone + Serialize + DeserializeOwned {
    /// The list in the file (and the IndexedDB store): "customers", "interactions", …
    const STORE: &'static str;
    /// One record, in plain words: "customer", "purchase", …
    const NOUN: &'static str;
    fn id(&self) -> &str;
    fn updated_at(&self) -> Millis;
    fn deleted_at(&self) -> Option<Millis>;
    /// The customer an event belongs to (`None` for a customer).
    fn customer_id(&self) -> Option<&str> {
        None
    }
    /// The record as it is written in the file: compact JSON, keys in declaration order.
    fn to_backup_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl BackupRecord for Customer {
    const STORE: &'static str = "customers";
    const NOUN: &'static str = "customer";
    fn id(&self) -> &str {
        &self.id
    }
    fn updated_at(&self) -> Millis {
        self.updated_at
    }
    fn deleted_at(&self) -> Option<Millis> {
        self.deleted_at
    }
    /// Without the derived `summary` (recomputed on import).
    fn to_backup_json(&self) -> String {
        customer_json(self)
    }
}

/// `BackupRecord` for a record with `id`, `updated_at` and `deleted_at` fields; events add the
/// customer they belong to (`customer_id`).
macro_rules! backup_record {
    ($t:ty, $store:literal, $noun:literal $(, $customer:ident)?) => {
        impl BackupRecord for $t {
            const STORE: &'static str = $store;
            const NOUN: &'static str = $noun;
            fn id(&self) -> &str {
                &self.id
            }
            fn updated_at(&self) -> Millis {
                self.updated_at
            }
            fn deleted_at(&self) -> Option<Millis> {
                self.deleted_at
            }
            $(fn customer_id(&self) -> Option<&str> {
                Some(&self.$customer)
            })?
        }
    };
}

backup_record!(Interaction, "interactions", "contact", customer_id);
backup_record!(Purchase, "purchases", "purchase", customer_id);
backup_record!(Payment, "payments", "payment", customer_id);
backup_record!(Task, "tasks", "follow-up", customer_id);
backup_record!(Case, "cases", "complaint", customer_id);
backup_record!(Deal, "deals", "deal", customer_id);

/// A business document (message template, campaign, saved segment) that goes to the Trash and
/// back as a whole.
pub trait Document: BackupRecord {
    /// Sets or clears the tombstone; `updated_at` moves past both `now` and its old value, so the
    /// change wins when copies from two phones are merged.
    fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis);
}

/// The business's own documents (no customer): message templates, campaigns, saved segments.
macro_rules! doc_backup_record {
    ($t:ty, $store:literal, $noun:literal) => {
        backup_record!($t, $store, $noun);

        impl Document for $t {
            fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis) {
                self.deleted_at = deleted_at;
                self.updated_at = now.max(self.updated_at + 1);
            }
        }
    };
}

doc_backup_record!(Template, "templates", "template");
doc_backup_record!(Campaign, "campaigns", "campaign");
doc_backup_record!(Segment, "segments", "segment");

/// A customer as JSON without its `summary`. `summary` is the last field of [`Customer`] and
/// always written, so it is cut off the end; should the struct ever change shape, the key is
/// removed from a JSON value instead (then keys come out sorted, still deterministic).
fn customer_json(c: &Customer) -> String {
    let mut plain = c.clone();
    plain.summary = Summary::default();
    let full = serde_json::to_string(&plain).unwrap_or_default();
    let tail = format!(
        ",\"summary\":{}}}",
        serde_json::to_string(&Summary::default()).unwrap_or_default()
    );
    match full.strip_suffix(tail.as_str()) {
        Some(head) => format!("{head}}}"),
        None => match serde_json::to_value(&plain) {
            Ok(Value::Object(mut m)) => {
                m.remove("summary");
                serde_json::to_string(&m).unwrap_or_default()
            }
            _ => full,
        },
    }
}

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
        ]
        .iter()
        .fold(0u64, |a, b| a.saturating_add(*b))
    }
}

fn len64(n: usize) -> u64 {
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

/// Why a file cannot be read. [`BackupError::message`] says it in plain words.
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
    /// A Rapport backup with a damaged part: `what` names it (a record, the settings, the
    /// file), `detail` says what is wrong.
    Invalid { what: String, detail: String },
}

impl BackupError {
    /// What to tell the owner.
    pub fn message(&self) -> String {
        match self {
            BackupError::Empty => {
                "This file is empty. Choose the backup file again, or make a new backup.".into()
            }
            BackupError::InvalidUtf8 => "This file is not a Rapport backup, or it is damaged. \
                 Choose the file that ends in .json."
                .into(),
            BackupError::NotJson => {
                "This file is not a Rapport backup. Choose a file that ends in .json.".into()
            }
            BackupError::Truncated => "This backup is incomplete: the file ends too early. \
                 It may not have finished downloading or copying. Try the file again."
                .into(),
            BackupError::WrongFormat => "This file is not a Rapport backup. \
                 Choose the file Rapport made, named like rapport-backup-2025-03-14.json."
                .into(),
            BackupError::Encrypted => {
                "This backup is locked with a passphrase. Type the passphrase to open it.".into()
            }
            BackupError::TooNew { .. } => {
                "This backup was made by a newer Rapport. Update the app first.".into()
            }
            BackupError::Invalid { what, detail } => format!(
                "This backup is damaged, so nothing was restored. Problem with {what}: {detail}."
            ),
        }
    }
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for BackupError {}

fn invalid(what: impl Into<String>, detail: impl Into<String>) -> BackupError {
    BackupError::Invalid {
        what: what.into(),
        detail: detail.into(),
    }
}

const FILE: &str = "the file";

// ---------------------------------------------------------------------------------------------
// Export

/// The backup file name for a date: `rapport-backup-2025-03-14.json` (local date; see
/// `events.rs` for `tz_offset_minutes`).
pub fn file_name(exported_at: Millis, tz_offset_minutes: i32) -> String {
    format!(
        "rapport-backup-{}.json",
        crate::domain::records::events::date_input(exported_at, tz_offset_minutes)
    )
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn write_store<T: BackupRecord>(out: &mut String, records: &[T], last: bool) {
    let mut sorted: Vec<&T> = records.iter().collect();
    crate::domain::basics::sort::by(&mut sorted, |a, b| a.id().cmp(b.id()));
    out.push('"');
    out.push_str(T::STORE);
    out.push_str("\":[");
    for (i, r) in sorted.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&r.to_backup_json());
    }
    if !sorted.is_empty() {
        out.push('\n');
    }
    out.push(']');
    out.push_str(if last { "\n}\n" } else { ",\n" });
}

/// The backup file (format v1) of `data`: canonical, so the same data always gives the same
/// bytes. Customers are written without their summary.
pub fn export(data: &Data, meta: &Meta) -> String {
    let records = data.counts().total() as usize;
    let mut out = String::with_capacity(256 + 300 * records.min(1 << 20));
    out.push_str("{\"format\":");
    out.push_str(&json_str(FORMAT));
    out.push_str(&format!(",\"version\":{VERSION},\"exported_at\":"));
    out.push_str(&meta.exported_at.to_string());
    out.push_str(",\"app_version\":");
    out.push_str(&json_str(&meta.app_version));
    out.push_str(",\"device_id\":");
    out.push_str(&json_str(&meta.device_id));
    out.push_str(",\n\"counts\":");
    out.push_str(&serde_json::to_string(&data.counts()).unwrap_or_default());
    out.push_str(",\n\"settings\":");
    match &data.settings {
        Some(s) => out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "null".into())),
        None => out.push_str("null"),
    }
    out.push_str(",\n");
    write_store(&mut out, &data.customers, false);
    write_store(&mut out, &data.interactions, false);
    write_store(&mut out, &data.purchases, false);
    write_store(&mut out, &data.payments, false);
    write_store(&mut out, &data.tasks, false);
    write_store(&mut out, &data.cases, false);
    write_store(&mut out, &data.deals, false);
    write_store(&mut out, &data.templates, false);
    write_store(&mut out, &data.campaigns, false);
    write_store(&mut out, &data.segments, true);
    out
}

// ---------------------------------------------------------------------------------------------
// Parse

/// True when the start of the text names a Rapport backup (so a syntax error means a damaged
/// backup rather than some other file).
fn looks_like_backup(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(512)];
    let needle = b"\"rapport-backup";
    head.windows(needle.len()).any(|w| w == needle)
}

/// UTF-8, JSON, format and version checks, then migration to the current version.
/// Returns the top-level object and the version the file was written in.
fn open(bytes: &[u8]) -> Result<(Map<String, Value>, u64), BackupError> {
    let text = std::str::from_utf8(bytes).map_err(|_| BackupError::InvalidUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if !looks_like_backup(text) {
            BackupError::NotJson
        } else if e.classify() == serde_json::error::Category::Eof {
            BackupError::Truncated
        } else {
            invalid(
                FILE,
                format!(
                    "it is damaged near line {}, character {}",
                    e.line(),
                    e.column()
                ),
            )
        }
    })?;
    let Value::Object(map) = value else {
        return Err(BackupError::WrongFormat);
    };
    match map.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(ENCRYPTED_FORMAT) => return Err(BackupError::Encrypted),
        _ => return Err(BackupError::WrongFormat),
    }
    let version = map
        .get("version")
        .and_then(Value::as_u64)
        .ok_or(BackupError::WrongFormat)?;
    match migrate(Value::Object(map), version)? {
        Value::Object(map) => Ok((map, version)),
        _ => Err(BackupError::WrongFormat),
    }
}

/// Brings a backup of version `from_version` up to [`VERSION`], one step at a time
/// (v0 → v1 → …). Works on the JSON before it is read into records.
pub fn migrate(mut value: Value, from_version: u64) -> Result<Value, BackupError> {
    if from_version > VERSION {
        return Err(BackupError::TooNew {
            version: from_version,
        });
    }
    let mut version = from_version;
    while version < VERSION {
        value = match version {
            0 => v0_to_v1(value)?,
            1 => v1_to_v2(value)?,
            _ => return Err(BackupError::WrongFormat),
        };
        version += 1;
    }
    Ok(value)
}

/// A v0 time (RFC 3339 text) as milliseconds; an integer is taken as it is.
fn v0_time(v: &Value) -> Option<Millis> {
    match v {
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|d| d.timestamp_millis()),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

/// `+` and 7 to 15 digits, the first not 0.
fn looks_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
    })
}

/// v0 (pre-release, early 2025): `{"format":"rapport-backup","version":0,
/// "exported_at":"<RFC 3339>","customers":[…]}`, customers only, each
/// `{id, name, phone, email, tags: "a, b", notes, status, created, updated, deleted}` with
/// times as RFC 3339 text and one `phone` (E.164 when the app recognised it).
fn v0_to_v1(value: Value) -> Result<Value, BackupError> {
    let Value::Object(mut old) = value else {
        return Err(BackupError::WrongFormat);
    };
    let exported_at = old
        .get("exported_at")
        .and_then(v0_time)
        .ok_or_else(|| invalid(FILE, "the date it was made is missing or not a date"))?;
    let customers = match old.remove("customers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(invalid(FILE, "the list of customers is not a list")),
    };
    let mut out = Vec::with_capacity(customers.len());
    for (i, c) in customers.into_iter().enumerate() {
        let what = describe("customer", i, &c);
        let Value::Object(mut c) = c else {
            return Err(invalid(what, "it is not a customer record"));
        };
        let mut n = Map::new();
        for key in ["id", "name", "phone", "email", "notes", "status"] {
            if let Some(v) = c.remove(key) {
                if !v.is_null() {
                    n.insert(key.into(), v);
                }
            }
        }
        if let Some(p) = n.get("phone").and_then(Value::as_str) {
            if looks_e164(p) {
                n.insert("phone_e164".into(), Value::String(p.to_string()));
            }
        }
        match c.remove("tags") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                let tags = customer::parse_tags(&s);
                n.insert("tags".into(), Value::from(tags));
            }
            Some(other) => {
                n.insert("tags".into(), other);
            }
        }
        let time = |c: &Map<String, Value>, key: &str| -> Result<Option<Millis>, BackupError> {
            match c.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v0_time(v)
                    .map(Some)
                    .ok_or_else(|| invalid(what.clone(), format!("\"{key}\" is not a date"))),
            }
        };
        let created = time(&c, "created")?
            .ok_or_else(|| invalid(what.clone(), "the date it was added is missing"))?;
        let updated = time(&c, "updated")?.unwrap_or(created);
        n.insert("created_at".into(), Value::from(created));
        n.insert("updated_at".into(), Value::from(updated));
        if let Some(deleted) = time(&c, "deleted")? {
            n.insert("deleted_at".into(), Value::from(deleted));
        }
        out.push(Value::Object(n));
    }
    let counts = Counts {
        customers: len64(out.len()),
        ..Counts::default()
    };
    let mut new = Map::new();
    new.insert("format".into(), Value::from(FORMAT));
    new.insert("version".into(), Value::from(1u64));
    new.insert("exported_at".into(), Value::from(exported_at));
    new.insert("app_version".into(), Value::from("0.0.0"));
    new.insert("device_id".into(), Value::from(""));
    new.insert(
        "counts".into(),
        serde_json::to_value(counts).unwrap_or(Value::Null),
    );
    new.insert("settings".into(), Value::Null);
    new.insert("customers".into(), Value::Array(out));
    for store in ["interactions", "purchases", "payments", "tasks", "cases"] {
        new.insert(store.into(), Value::Array(Vec::new()));
    }
    Ok(Value::Object(new))
}

/// v1 (Rapport 0.1, 2026): no deals, message templates, campaigns or saved segments. v2 adds
/// those four lists (and their counts); a v1 file becomes a v2 file with the four lists empty.
fn v1_to_v2(value: Value) -> Result<Value, BackupError> {
    let Value::Object(mut map) = value else {
        return Err(BackupError::WrongFormat);
    };
    const NEW: [&str; 4] = ["deals", "templates", "campaigns", "segments"];
    for store in NEW {
        map.entry(store).or_insert_with(|| Value::Array(Vec::new()));
    }
    if let Some(Value::Object(counts)) = map.get_mut("counts") {
        for store in NEW {
            counts.entry(store).or_insert_with(|| Value::from(0u64));
        }
    }
    map.insert("version".into(), Value::from(2u64));
    Ok(Value::Object(map))
}

/// `customer 3 ("Siti Rahma")`, `purchase 5 (id "0194…")`, `payment 2` (1-based).
fn describe(noun: &str, index: usize, v: &Value) -> String {
    let short = |s: &str| -> String {
        let mut t: String = s.chars().take(40).collect();
        if t.len() < s.len() {
            t.push('…');
        }
        t
    };
    let n = index + 1;
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    match (name, v.get("id").and_then(Value::as_str)) {
        (Some(name), _) => format!("{noun} {n} (\"{}\")", short(name)),
        (None, Some(id)) if !id.trim().is_empty() => format!("{noun} {n} (id \"{}\")", short(id)),
        _ => format!("{noun} {n}"),
    }
}

/// A text or key longer than [`MAX_TEXT_BYTES`] anywhere in `v`.
fn has_long_text(v: &Value) -> bool {
    match v {
        Value::String(s) => s.len() > MAX_TEXT_BYTES,
        Value::Array(a) => a.iter().any(has_long_text),
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.len() > MAX_TEXT_BYTES || has_long_text(v)),
        _ => false,
    }
}

fn too_long_detail() -> String {
    format!(
        "a text in it is longer than {} characters",
        MAX_TEXT_BYTES / 1000 * 1000
    )
}

/// Why `v` is not a `T`, naming the field when it can be found: the first key without which
/// the record reads (or misses just that key).
fn explain<T: DeserializeOwned>(v: &Value, e: &serde_json::Error) -> String {
    let msg = e.to_string();
    if let Value::Object(m) = v {
        if m.len() <= MAX_EXPLAIN_KEYS {
            for key in m.keys() {
                let mut without = m.clone();
                without.remove(key);
                let culprit = match T::deserialize(&Value::Object(without)) {
                    Ok(_) => true,
                    Err(e2) => e2.to_string() == format!("missing field `{key}`"),
                };
                if culprit {
                    let key: String = key.chars().take(40).collect();
                    return format!("\"{key}\" has a wrong value ({msg})");
                }
            }
        }
    } else {
        return format!("it is not a record ({msg})");
    }
    msg
}

fn take_list(obj: &mut Map<String, Value>, store: &str) -> Result<Vec<Value>, BackupError> {
    match obj.remove(store) {
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(invalid(FILE, format!("the list of {store} is not a list"))),
        None => Err(invalid(FILE, format!("the list of {store} is missing"))),
    }
}

fn read_store<T: BackupRecord>(obj: &mut Map<String, Value>) -> Result<Vec<T>, BackupError> {
    let items = take_list(obj, T::STORE)?;
    let mut out = Vec::with_capacity(items.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        if has_long_text(&item) {
            return Err(invalid(describe(T::NOUN, i, &item), too_long_detail()));
        }
        let r = T::deserialize(&item)
            .map_err(|e| invalid(describe(T::NOUN, i, &item), explain::<T>(&item, &e)))?;
        if r.id().trim().is_empty() {
            return Err(invalid(describe(T::NOUN, i, &item), "it has no id"));
        }
        if !ids.insert(r.id().to_string()) {
            return Err(invalid(
                describe(T::NOUN, i, &item),
                "another record in the file has the same id",
            ));
        }
        out.push(r);
    }
    Ok(out)
}

/// `exported_at`, `app_version`, `device_id`.
fn read_meta(obj: &Map<String, Value>) -> Result<Meta, BackupError> {
    let exported_at = obj
        .get("exported_at")
        .and_then(Value::as_i64)
        .ok_or_else(|| invalid(FILE, "the date it was made is missing or not a number"))?;
    let text = |key: &str, what: &str| -> Result<String, BackupError> {
        match obj.get(key) {
            Some(Value::String(s)) if s.len() <= MAX_TEXT_BYTES => Ok(s.clone()),
            _ => Err(invalid(FILE, format!("{what} is missing or not text"))),
        }
    };
    Ok(Meta {
        exported_at,
        app_version: text("app_version", "the app version")?,
        device_id: text("device_id", "the device")?,
    })
}

fn read_counts(obj: &Map<String, Value>) -> Result<Counts, BackupError> {
    let v = obj
        .get("counts")
        .ok_or_else(|| invalid(FILE, "the record counts are missing"))?;
    Counts::deserialize(v).map_err(|e| invalid(FILE, format!("the record counts are wrong ({e})")))
}

fn check_count(store: &str, said: u64, found: usize) -> Result<(), BackupError> {
    if said == len64(found) {
        Ok(())
    } else {
        Err(invalid(
            FILE,
            format!("it says it holds {said} {store} but holds {found}; part of it may be missing"),
        ))
    }
}

fn list_len(obj: &Map<String, Value>, store: &str) -> Result<usize, BackupError> {
    match obj.get(store) {
        Some(Value::Array(a)) => Ok(a.len()),
        Some(_) => Err(invalid(FILE, format!("the list of {store} is not a list"))),
        None => Err(invalid(FILE, format!("the list of {store} is missing"))),
    }
}

fn check_counts(obj: &Map<String, Value>, c: &Counts) -> Result<(), BackupError> {
    check_count("customers", c.customers, list_len(obj, "customers")?)?;
    check_count("contacts", c.interactions, list_len(obj, "interactions")?)?;
    check_count("purchases", c.purchases, list_len(obj, "purchases")?)?;
    check_count("payments", c.payments, list_len(obj, "payments")?)?;
    check_count("follow-ups", c.tasks, list_len(obj, "tasks")?)?;
    check_count("complaints", c.cases, list_len(obj, "cases")?)?;
    check_count("deals", c.deals, list_len(obj, "deals")?)?;
    check_count(
        "message templates",
        c.templates,
        list_len(obj, "templates")?,
    )?;
    check_count("campaigns", c.campaigns, list_len(obj, "campaigns")?)?;
    check_count("segments", c.segments, list_len(obj, "segments")?)
}

/// Reads and checks a backup file (the plain JSON; an encrypted file gives
/// [`BackupError::Encrypted`]). Older versions are migrated. Checks: every record has the
/// right fields and types, ids are non-empty and unique within each list, no text is longer
/// than [`MAX_TEXT_BYTES`], and the `counts` match the lists. Events whose customer is not in
/// the file are kept and counted in [`Backup::orphan_events`]. The lists come back sorted by id
/// with every customer's summary recomputed.
pub fn parse(bytes: &[u8]) -> Result<Backup, BackupError> {
    let (mut obj, version) = open(bytes)?;
    let meta = read_meta(&obj)?;
    let counts = read_counts(&obj)?;
    check_counts(&obj, &counts)?;
    let settings = match obj.remove("settings") {
        None => return Err(invalid(FILE, "the settings are missing")),
        Some(Value::Null) => None,
        Some(v) => {
            if has_long_text(&v) {
                return Err(invalid("the settings", too_long_detail()));
            }
            Some(
                Settings::deserialize(&v)
                    .map_err(|e| invalid("the settings", explain::<Settings>(&v, &e)))?,
            )
        }
    };
    let mut data = Data {
        settings,
        customers: read_store(&mut obj)?,
        interactions: read_store(&mut obj)?,
        purchases: read_store(&mut obj)?,
        payments: read_store(&mut obj)?,
        tasks: read_store(&mut obj)?,
        cases: read_store(&mut obj)?,
        deals: read_store(&mut obj)?,
        templates: read_store(&mut obj)?,
        campaigns: read_store(&mut obj)?,
        segments: read_store(&mut obj)?,
    };
    data.sort();
    recompute_summaries(&mut data);
    let orphan_events = data.orphan_events();
    Ok(Backup {
        meta,
        data,
        version,
        orphan_events,
    })
}

/// What the restore screen shows: who wrote the file, when, and how many records it holds
/// (the `counts`, checked against the lists). The records themselves are not checked; [`parse`]
/// does that.
pub fn preview(bytes: &[u8]) -> Result<Preview, BackupError> {
    let (obj, version) = open(bytes)?;
    let meta = read_meta(&obj)?;
    let counts = read_counts(&obj)?;
    check_counts(&obj, &counts)?;
    let has_settings = match obj.get("settings") {
        None => return Err(invalid(FILE, "the settings are missing")),
        Some(v) => !v.is_null(),
    };
    Ok(Preview {
        version,
        meta,
        counts,
        has_settings,
    })
}
