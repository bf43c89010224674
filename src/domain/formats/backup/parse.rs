//! Reading a backup file: UTF-8, JSON, format, version, every record and the counts checked.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::domain::records::settings::Settings;

use super::{
    invalid, len64, migrate, recompute_summaries, Backup, BackupError, BackupRecord, Counts,
    Damage, Data, Kind, Meta, Part, Preview, ENCRYPTED_FORMAT, FORMAT, MAX_EXPLAIN_KEYS,
    MAX_TEXT_BYTES,
};

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
                Part::File,
                Damage::Syntax {
                    line: e.line(),
                    column: e.column(),
                },
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

/// The part a record is: `customer 3` with its name ("Siti Rahma"), else its id (1-based).
pub(super) fn describe(kind: Kind, index: usize, v: &Value) -> Part {
    let short = |s: &str| -> String {
        let mut t: String = s.chars().take(40).collect();
        if t.len() < s.len() {
            t.push('…');
        }
        t
    };
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    Part::Record {
        kind,
        number: index + 1,
        name: name.map(short),
        id: match name {
            Some(_) => None,
            None => id.map(short),
        },
    }
}

/// A text or key longer than [`MAX_TEXT_BYTES`] anywhere in `v` (also used for sync documents).
pub fn has_long_text(v: &Value) -> bool {
    match v {
        Value::String(s) => s.len() > MAX_TEXT_BYTES,
        Value::Array(a) => a.iter().any(has_long_text),
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.len() > MAX_TEXT_BYTES || has_long_text(v)),
        _ => false,
    }
}

fn too_long() -> Damage {
    Damage::TooLong {
        max: MAX_TEXT_BYTES / 1000 * 1000,
    }
}

/// Why `v` is not a `T`, naming the field when it can be found: the first key without which
/// the record reads (or misses just that key).
fn explain<T: DeserializeOwned>(v: &Value, e: &serde_json::Error) -> Damage {
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
                    return Damage::WrongValue {
                        key: Some(key),
                        detail: msg,
                    };
                }
            }
        }
    } else {
        return Damage::NotARecord { detail: msg };
    }
    Damage::WrongValue {
        key: None,
        detail: msg,
    }
}

fn take_list(
    obj: &mut Map<String, Value>,
    store: &str,
    kind: Kind,
) -> Result<Vec<Value>, BackupError> {
    match obj.remove(store) {
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(invalid(Part::File, Damage::NotAList { kind })),
        None => Err(invalid(Part::File, Damage::NoList { kind })),
    }
}

fn read_store<T: BackupRecord>(obj: &mut Map<String, Value>) -> Result<Vec<T>, BackupError> {
    let items = take_list(obj, T::STORE, T::KIND)?;
    let mut out = Vec::with_capacity(items.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        if has_long_text(&item) {
            return Err(invalid(describe(T::KIND, i, &item), too_long()));
        }
        let r = T::deserialize(&item)
            .map_err(|e| invalid(describe(T::KIND, i, &item), explain::<T>(&item, &e)))?;
        if r.id().trim().is_empty() {
            return Err(invalid(describe(T::KIND, i, &item), Damage::NoId));
        }
        if !ids.insert(r.id().to_string()) {
            return Err(invalid(describe(T::KIND, i, &item), Damage::SameId));
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
        .ok_or_else(|| invalid(Part::File, Damage::NoDate))?;
    let text = |key: &str, damage: Damage| -> Result<String, BackupError> {
        match obj.get(key) {
            Some(Value::String(s)) if s.len() <= MAX_TEXT_BYTES => Ok(s.clone()),
            _ => Err(invalid(Part::File, damage)),
        }
    };
    Ok(Meta {
        exported_at,
        app_version: text("app_version", Damage::NoAppVersion)?,
        device_id: text("device_id", Damage::NoDevice)?,
    })
}

fn read_counts(obj: &Map<String, Value>) -> Result<Counts, BackupError> {
    let v = obj
        .get("counts")
        .ok_or_else(|| invalid(Part::File, Damage::NoCounts))?;
    Counts::deserialize(v).map_err(|e| {
        invalid(
            Part::File,
            Damage::BadCounts {
                detail: e.to_string(),
            },
        )
    })
}

fn check_count(kind: Kind, said: u64, found: usize) -> Result<(), BackupError> {
    if said == len64(found) {
        Ok(())
    } else {
        Err(invalid(
            Part::File,
            Damage::CountMismatch { kind, said, found },
        ))
    }
}

fn list_len(obj: &Map<String, Value>, store: &str, kind: Kind) -> Result<usize, BackupError> {
    match obj.get(store) {
        Some(Value::Array(a)) => Ok(a.len()),
        Some(_) => Err(invalid(Part::File, Damage::NotAList { kind })),
        None => Err(invalid(Part::File, Damage::NoList { kind })),
    }
}

fn check_counts(obj: &Map<String, Value>, c: &Counts) -> Result<(), BackupError> {
    for (store, kind, said) in [
        ("customers", Kind::Customer, c.customers),
        ("interactions", Kind::Contact, c.interactions),
        ("purchases", Kind::Purchase, c.purchases),
        ("payments", Kind::Payment, c.payments),
        ("tasks", Kind::FollowUp, c.tasks),
        ("cases", Kind::Complaint, c.cases),
        ("deals", Kind::Deal, c.deals),
        ("templates", Kind::Template, c.templates),
        ("campaigns", Kind::Campaign, c.campaigns),
        ("segments", Kind::Segment, c.segments),
        ("pay_methods", Kind::PayMethod, c.pay_methods),
        (
            "reminder_schedules",
            Kind::ReminderSchedule,
            c.reminder_schedules,
        ),
        ("promises", Kind::Promise, c.promises),
        ("redemptions", Kind::Redemption, c.redemptions),
        ("products", Kind::Product, c.products),
        ("product_photos", Kind::ProductPhoto, c.product_photos),
    ] {
        check_count(kind, said, list_len(obj, store, kind)?)?;
    }
    Ok(())
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
        None => return Err(invalid(Part::File, Damage::NoSettings)),
        Some(Value::Null) => None,
        Some(v) => {
            if has_long_text(&v) {
                return Err(invalid(Part::Settings, too_long()));
            }
            Some(
                Settings::deserialize(&v)
                    .map_err(|e| invalid(Part::Settings, explain::<Settings>(&v, &e)))?,
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
        pay_methods: read_store(&mut obj)?,
        reminder_schedules: read_store(&mut obj)?,
        promises: read_store(&mut obj)?,
        redemptions: read_store(&mut obj)?,
        products: read_store(&mut obj)?,
        product_photos: read_store(&mut obj)?,
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
        None => return Err(invalid(Part::File, Damage::NoSettings)),
        Some(v) => !v.is_null(),
    };
    Ok(Preview {
        version,
        meta,
        counts,
        has_settings,
    })
}
