//! Writing the backup file: canonical JSON, one record per line.

use crate::domain::basics::time::Millis;

use super::{BackupRecord, Data, Meta, FORMAT, VERSION};

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

/// The backup file (format [`VERSION`]) of `data`: canonical, so the same data always gives the same
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
    write_store(&mut out, &data.segments, false);
    write_store(&mut out, &data.pay_methods, false);
    write_store(&mut out, &data.reminder_schedules, false);
    write_store(&mut out, &data.promises, false);
    write_store(&mut out, &data.redemptions, false);
    write_store(&mut out, &data.products, false);
    write_store(&mut out, &data.product_photos, true);
    out
}
