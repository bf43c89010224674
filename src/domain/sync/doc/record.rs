//! What sync needs of each kind of record ([`SyncRecord`]) and a record of any store
//! ([`AnyRecord`]), read from a document body.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::has_long_text;
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
use crate::domain::records::settings::Settings;

use super::{short, DocError, DocId, Store, ENCRYPTED_KEY, SETTINGS_RECORD_ID, VERSION_KEY};

/// What sync needs of a record of any store.
pub trait SyncRecord: Clone + Serialize + DeserializeOwned {
    const STORE: Store;
    /// The record id (the settings' fixed [`SETTINGS_RECORD_ID`]).
    fn record_id(&self) -> &str;
    fn updated_at(&self) -> Millis;
    /// When it went to the Trash (`None`: live; always `None` for settings).
    fn deleted_at(&self) -> Option<Millis>;
    /// The record as a typed value of any store.
    fn into_any(self) -> AnyRecord;

    /// The document id.
    fn doc_id(&self) -> DocId {
        DocId {
            store: Self::STORE,
            id: self.record_id().to_string(),
        }
    }

    /// The document body: the record's JSON (the keys of the backup; a customer without its
    /// `summary`). Hash it with [`canonical_json`](crate::domain::sync::rev::canonical_json).
    fn body(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads a body back (keys it does not know are ignored).
    fn from_body(body: &Value) -> Result<Self, serde_json::Error> {
        Self::deserialize(body)
    }
}

impl SyncRecord for Settings {
    const STORE: Store = Store::Settings;
    fn record_id(&self) -> &str {
        SETTINGS_RECORD_ID
    }
    fn updated_at(&self) -> Millis {
        self.updated_at
    }
    fn deleted_at(&self) -> Option<Millis> {
        None
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Settings(self)
    }
    /// Without this phone's own choices (`language`, `language_chosen`, `theme`): each phone of
    /// a team keeps its own; the business's settings (name, country, currency, reminders, stage
    /// names) are shared.
    fn body(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            for key in PHONE_SETTINGS {
                m.remove(*key);
            }
        }
        v
    }
}

/// The settings each phone keeps for itself (never in the settings document).
pub const PHONE_SETTINGS: &[&str] = &["language", "language_chosen", "theme"];

impl SyncRecord for Customer {
    const STORE: Store = Store::Customers;
    fn record_id(&self) -> &str {
        &self.id
    }
    fn updated_at(&self) -> Millis {
        self.updated_at
    }
    fn deleted_at(&self) -> Option<Millis> {
        self.deleted_at
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Customers(self)
    }
    /// Without `summary`: derived data, recomputed on the phone, never trusted from the wire.
    fn body(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.remove("summary");
        }
        v
    }
    /// Any `summary` on the wire is dropped (the summary comes back empty; recompute it).
    fn from_body(body: &Value) -> Result<Self, serde_json::Error> {
        let mut c = Customer::deserialize(body)?;
        c.summary = Default::default();
        Ok(c)
    }
}

/// `SyncRecord` for a record with `id`, `updated_at` and `deleted_at` fields.
macro_rules! sync_record {
    ($t:ty, $store:ident) => {
        impl SyncRecord for $t {
            const STORE: Store = Store::$store;
            fn record_id(&self) -> &str {
                &self.id
            }
            fn updated_at(&self) -> Millis {
                self.updated_at
            }
            fn deleted_at(&self) -> Option<Millis> {
                self.deleted_at
            }
            fn into_any(self) -> AnyRecord {
                AnyRecord::$store(self)
            }
        }
    };
}

sync_record!(Interaction, Interactions);
sync_record!(Purchase, Purchases);
sync_record!(Payment, Payments);
sync_record!(Task, Tasks);
sync_record!(Case, Cases);
sync_record!(Deal, Deals);
sync_record!(Template, Templates);
sync_record!(Campaign, Campaigns);
sync_record!(Segment, Segments);
sync_record!(PayMethod, PayMethods);
sync_record!(ReminderSchedule, ReminderSchedules);
sync_record!(Promise, Promises);
sync_record!(Redemption, Redemptions);
sync_record!(Product, Products);
sync_record!(ProductPhoto, ProductPhotos);

/// A record of any store, as read from a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyRecord {
    Settings(Settings),
    Customers(Customer),
    Interactions(Interaction),
    Purchases(Purchase),
    Payments(Payment),
    Tasks(Task),
    Cases(Case),
    Deals(Deal),
    Templates(Template),
    Campaigns(Campaign),
    Segments(Segment),
    PayMethods(PayMethod),
    ReminderSchedules(ReminderSchedule),
    Promises(Promise),
    Redemptions(Redemption),
    Products(Product),
    ProductPhotos(ProductPhoto),
}

impl AnyRecord {
    /// Reads `body` as a record of `store` (keys starting with `_` and the version key are
    /// ignored), checking text lengths and that the record's id is the document's.
    pub fn from_body(id: &DocId, body: &Value) -> Result<AnyRecord, DocError> {
        fn read<T: SyncRecord>(id: &DocId, body: &Value) -> Result<AnyRecord, DocError> {
            let r = T::from_body(body).map_err(|e| DocError::BadBody {
                store: T::STORE,
                detail: short(&e.to_string()),
            })?;
            if r.record_id() != id.id {
                return Err(DocError::IdMismatch {
                    doc: id.clone(),
                    record_id: short(r.record_id()),
                });
            }
            Ok(r.into_any())
        }
        if has_long_text(body) {
            return Err(DocError::TooLong);
        }
        let Value::Object(m) = body else {
            return Err(DocError::NotAnObject);
        };
        let plain: Map<String, Value> = m
            .iter()
            .filter(|(k, _)| !k.starts_with('_') && *k != VERSION_KEY && *k != ENCRYPTED_KEY)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = Value::Object(plain);
        match id.store {
            Store::Settings => read::<Settings>(id, &body),
            Store::Customers => read::<Customer>(id, &body),
            Store::Interactions => read::<Interaction>(id, &body),
            Store::Purchases => read::<Purchase>(id, &body),
            Store::Payments => read::<Payment>(id, &body),
            Store::Tasks => read::<Task>(id, &body),
            Store::Cases => read::<Case>(id, &body),
            Store::Deals => read::<Deal>(id, &body),
            Store::Templates => read::<Template>(id, &body),
            Store::Campaigns => read::<Campaign>(id, &body),
            Store::Segments => read::<Segment>(id, &body),
            Store::PayMethods => read::<PayMethod>(id, &body),
            Store::ReminderSchedules => read::<ReminderSchedule>(id, &body),
            Store::Promises => read::<Promise>(id, &body),
            Store::Redemptions => read::<Redemption>(id, &body),
            Store::Products => read::<Product>(id, &body),
            Store::ProductPhotos => read::<ProductPhoto>(id, &body),
        }
    }
}

/// Runs `$f` on the record inside an [`AnyRecord`], whatever its store.
macro_rules! each {
    ($r:expr, $x:ident => $f:expr) => {
        match $r {
            AnyRecord::Settings($x) => $f,
            AnyRecord::Customers($x) => $f,
            AnyRecord::Interactions($x) => $f,
            AnyRecord::Purchases($x) => $f,
            AnyRecord::Payments($x) => $f,
            AnyRecord::Tasks($x) => $f,
            AnyRecord::Cases($x) => $f,
            AnyRecord::Deals($x) => $f,
            AnyRecord::Templates($x) => $f,
            AnyRecord::Campaigns($x) => $f,
            AnyRecord::Segments($x) => $f,
            AnyRecord::PayMethods($x) => $f,
            AnyRecord::ReminderSchedules($x) => $f,
            AnyRecord::Promises($x) => $f,
            AnyRecord::Redemptions($x) => $f,
            AnyRecord::Products($x) => $f,
            AnyRecord::ProductPhotos($x) => $f,
        }
    };
}

impl AnyRecord {
    pub fn doc_id(&self) -> DocId {
        each!(self, r => r.doc_id())
    }
    pub fn body(&self) -> Value {
        each!(self, r => r.body())
    }
    pub fn updated_at(&self) -> Millis {
        each!(self, r => r.updated_at())
    }
    pub fn deleted_at(&self) -> Option<Millis> {
        each!(self, r => r.deleted_at())
    }
}
