//! What the backup needs of each kind of record: its store, id, times and JSON.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::domain::basics::time::Millis;
use crate::domain::insight::segment::Segment;
use crate::domain::messaging::campaign::Campaign;
use crate::domain::messaging::template::Template;
use crate::domain::records::cases::Case;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Interaction, Payment, Purchase, Task};
use crate::domain::records::loyalty::Redemption;
use crate::domain::records::paid::{PayMethod, Promise, ReminderSchedule};
use crate::domain::records::pipeline::Deal;
use crate::domain::records::products::{Product, ProductPhoto};
use crate::domain::records::summary::Summary;

use super::Kind;

/// What the backup needs of a record of any store.
pub trait BackupRecord: Clone + Serialize + DeserializeOwned {
    /// The list in the file (and the IndexedDB store): "customers", "interactions", …
    const STORE: &'static str;
    /// What one record is (the UI words it: "customer", "purchase", …).
    const KIND: Kind;
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
    const KIND: Kind = Kind::Customer;
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
    ($t:ty, $store:literal, $kind:ident $(, $customer:ident)?) => {
        impl BackupRecord for $t {
            const STORE: &'static str = $store;
            const KIND: Kind = Kind::$kind;
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

backup_record!(Interaction, "interactions", Contact, customer_id);
backup_record!(Purchase, "purchases", Purchase, customer_id);
backup_record!(Payment, "payments", Payment, customer_id);
backup_record!(Task, "tasks", FollowUp, customer_id);
backup_record!(Case, "cases", Complaint, customer_id);
backup_record!(Deal, "deals", Deal, customer_id);

/// A business document (message template, campaign, saved segment) that goes to the Trash and
/// back as a whole.
pub trait Document: BackupRecord {
    /// Sets or clears the tombstone; `updated_at` moves past both `now` and its old value, so the
    /// change wins when copies from two phones are merged.
    fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis);
}

/// The business's own documents: message templates, campaigns, saved segments, and the "Get
/// paid" records (payment methods, reminder schedules, promises).
macro_rules! doc_backup_record {
    ($t:ty, $store:literal, $kind:ident $(, $customer:ident)?) => {
        backup_record!($t, $store, $kind $(, $customer)?);

        impl Document for $t {
            fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis) {
                self.deleted_at = deleted_at;
                self.updated_at = now.max(self.updated_at + 1);
            }
        }
    };
}

doc_backup_record!(Template, "templates", Template);
doc_backup_record!(Campaign, "campaigns", Campaign);
doc_backup_record!(Segment, "segments", Segment);
doc_backup_record!(PayMethod, "pay_methods", PayMethod);
doc_backup_record!(Promise, "promises", Promise, customer_id);
doc_backup_record!(Redemption, "redemptions", Redemption, customer_id);
doc_backup_record!(Product, "products", Product);
doc_backup_record!(ProductPhoto, "product_photos", ProductPhoto);

impl BackupRecord for ReminderSchedule {
    const STORE: &'static str = "reminder_schedules";
    const KIND: Kind = Kind::ReminderSchedule;
    fn id(&self) -> &str {
        &self.id
    }
    fn updated_at(&self) -> Millis {
        self.updated_at
    }
    fn deleted_at(&self) -> Option<Millis> {
        self.deleted_at
    }
    /// `None` for the default schedule.
    fn customer_id(&self) -> Option<&str> {
        self.customer_id.as_deref()
    }
}

impl Document for ReminderSchedule {
    fn set_deleted(&mut self, deleted_at: Option<Millis>, now: Millis) {
        self.deleted_at = deleted_at;
        self.updated_at = now.max(self.updated_at + 1);
    }
}

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
