//! Older backup versions brought up to the current one, step by step.

use serde_json::{Map, Value};

use crate::domain::basics::time::Millis;
use crate::domain::records::customer;

use super::{describe, invalid, len64, BackupError, Counts, Damage, Kind, Part, FORMAT, VERSION};

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
            2 => v2_to_v3(value)?,
            3 => v3_to_v4(value)?,
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
        .ok_or_else(|| invalid(Part::File, Damage::NoDate))?;
    let customers = match old.remove("customers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(invalid(
                Part::File,
                Damage::NotAList {
                    kind: Kind::Customer,
                },
            ))
        }
    };
    let mut out = Vec::with_capacity(customers.len());
    for (i, c) in customers.into_iter().enumerate() {
        let what = describe(Kind::Customer, i, &c);
        let Value::Object(mut c) = c else {
            return Err(invalid(
                what,
                Damage::NotARecord {
                    detail: String::new(),
                },
            ));
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
                Some(v) => v0_time(v).map(Some).ok_or_else(|| {
                    invalid(
                        what.clone(),
                        Damage::NotADate {
                            key: key.to_string(),
                        },
                    )
                }),
            }
        };
        let created =
            time(&c, "created")?.ok_or_else(|| invalid(what.clone(), Damage::NoAddedDate))?;
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

/// v2 (Rapport 0.1 with deals, templates, campaigns and segments): no "Get paid" records. v3 adds
/// `pay_methods`, `reminder_schedules` and `promises` (and their counts); a v2 file becomes a v3
/// file with the three lists empty.
fn v2_to_v3(value: Value) -> Result<Value, BackupError> {
    add_empty_lists(value, &["pay_methods", "reminder_schedules", "promises"], 3)
}

/// v3 (Rapport with "Get paid"): no products, no loyalty rewards. v4 adds `redemptions`,
/// `products` and `product_photos` (and their counts); a v3 file becomes a v4 file with the three
/// lists empty. v4's other additions (the settings' `loyalty`, a purchase's `order`, a line's
/// `product_id`) are optional fields, absent in a v3 file.
fn v3_to_v4(value: Value) -> Result<Value, BackupError> {
    add_empty_lists(value, &["redemptions", "products", "product_photos"], 4)
}

/// Adds the lists `new` (empty, count 0) where missing and sets the version.
fn add_empty_lists(value: Value, new: &[&str], version: u64) -> Result<Value, BackupError> {
    let Value::Object(mut map) = value else {
        return Err(BackupError::WrongFormat);
    };
    for store in new {
        map.entry(*store)
            .or_insert_with(|| Value::Array(Vec::new()));
    }
    if let Some(Value::Object(counts)) = map.get_mut("counts") {
        for store in new {
            counts.entry(*store).or_insert_with(|| Value::from(0u64));
        }
    }
    map.insert("version".into(), Value::from(version));
    Ok(Value::Object(map))
}
