//! The sync document: how one record travels to CouchDB and back (a public contract, see
//! docs/sync.md, "Documents and revisions").
//!
//! `{"_id":"customers:0192…","_rev":"2-…","_revisions":{"start":2,"ids":[…]},"rapport":1,
//! "id":"0192…","name":"Siti Rahma",…}`: the record's fields (its canonical JSON, the same keys
//! as in a backup; customers without their derived `summary`, which the phone recomputes) beside
//! CouchDB's `_` fields and the format version [`VERSION_KEY`]. A deletion carries no record:
//! `{"_id","_rev","_revisions","_deleted":true}`. With team encryption the record is replaced by
//! an [`Encrypted`] envelope under `enc` (the cryptography is WebCrypto's, in `platform/`).
//!
//! Reading never panics: anything else is a typed [`DocError`].

use std::fmt;

mod record;

pub use record::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::sync::rev::{Rev, RevError};
use crate::domain::sync::tree::{Revisions, TreeError};

/// The version of the document format this app writes, and the newest it reads.
pub const VERSION: u64 = 1;
/// The body key that holds the format version (no record has a key of that name).
pub const VERSION_KEY: &str = "rapport";
/// The body key of an encrypted document's envelope.
pub const ENCRYPTED_KEY: &str = "enc";
/// The record id of the one settings document (`settings:business`).
pub const SETTINGS_RECORD_ID: &str = "business";
/// The longest record id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 512;

/// The stores whose records sync, each one document per record (settings: one document).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Store {
    Settings,
    Customers,
    Interactions,
    Purchases,
    Payments,
    Tasks,
    Cases,
    Deals,
    Templates,
    Campaigns,
    Segments,
    PayMethods,
    ReminderSchedules,
    Promises,
    /// Loyalty rewards given (issue 16).
    Redemptions,
    Products,
    ProductPhotos,
}

impl Store {
    pub const ALL: [Store; 17] = [
        Store::Settings,
        Store::Customers,
        Store::Interactions,
        Store::Purchases,
        Store::Payments,
        Store::Tasks,
        Store::Cases,
        Store::Deals,
        Store::Templates,
        Store::Campaigns,
        Store::Segments,
        Store::PayMethods,
        Store::ReminderSchedules,
        Store::Promises,
        Store::Redemptions,
        Store::Products,
        Store::ProductPhotos,
    ];

    /// The name before the `:` of a document id (the IndexedDB store's and the backup list's name).
    pub fn name(self) -> &'static str {
        match self {
            Store::Settings => "settings",
            Store::Customers => "customers",
            Store::Interactions => "interactions",
            Store::Purchases => "purchases",
            Store::Payments => "payments",
            Store::Tasks => "tasks",
            Store::Cases => "cases",
            Store::Deals => "deals",
            Store::Templates => "templates",
            Store::Campaigns => "campaigns",
            Store::Segments => "segments",
            Store::PayMethods => "pay_methods",
            Store::ReminderSchedules => "reminder_schedules",
            Store::Promises => "promises",
            Store::Redemptions => "redemptions",
            Store::Products => "products",
            Store::ProductPhotos => "product_photos",
        }
    }

    pub fn from_name(name: &str) -> Option<Store> {
        Store::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The fixed record id of a store that holds one document (settings), else `None`.
    pub fn singleton(self) -> Option<&'static str> {
        match self {
            Store::Settings => Some(SETTINGS_RECORD_ID),
            _ => None,
        }
    }
}

/// A document id: `<store>:<record id>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub store: Store,
    pub id: String,
}

impl DocId {
    /// Checks the record id: not blank, at most [`MAX_ID_BYTES`], no control characters; a
    /// singleton store's fixed id.
    pub fn new(store: Store, id: &str) -> Result<DocId, DocError> {
        let ok = !id.trim().is_empty()
            && id.len() <= MAX_ID_BYTES
            && !id.chars().any(char::is_control)
            && store.singleton().is_none_or(|fixed| fixed == id);
        if !ok {
            return Err(DocError::BadId {
                id: short(&format!("{}:{id}", store.name())),
            });
        }
        Ok(DocId {
            store,
            id: id.to_string(),
        })
    }

    /// The settings document's id, `settings:business`.
    pub fn settings() -> DocId {
        DocId {
            store: Store::Settings,
            id: SETTINGS_RECORD_ID.to_string(),
        }
    }

    /// Reads `<store>:<record id>` (split at the first `:`). Ids that start with `_` (CouchDB's
    /// design and local documents) are [`DocError::Reserved`].
    pub fn parse(text: &str) -> Result<DocId, DocError> {
        if text.starts_with('_') {
            return Err(DocError::Reserved { id: short(text) });
        }
        let Some((store, id)) = text.split_once(':') else {
            return Err(DocError::BadId { id: short(text) });
        };
        let store = Store::from_name(store).ok_or_else(|| DocError::UnknownStore {
            store: short(store),
        })?;
        DocId::new(store, id)
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.store.name(), self.id)
    }
}

/// Why a document from the wire cannot be read (typed; the UI words it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocError {
    /// Not JSON.
    NotJson,
    /// JSON, but not an object.
    NotAnObject,
    /// No `_id` text.
    NoId,
    /// A CouchDB design or local document (`_design/…`, `_local/…`): not a record; skip it.
    Reserved { id: String },
    /// `_id` names a store this app does not know (a newer Rapport's, or another app's).
    UnknownStore { store: String },
    /// `_id` is not `<store>:<record id>` with a valid record id.
    BadId { id: String },
    /// No `_rev` text.
    NoRev,
    /// `_rev` is not a revision id.
    BadRev(RevError),
    /// `_revisions` is not a valid history.
    BadRevisions(TreeError),
    /// `_revisions` does not end in `_rev`.
    RevisionsMismatch,
    /// A live document without the format version.
    NoVersion,
    /// The format version is not a whole number.
    BadVersion,
    /// Written by a newer Rapport in a format this app cannot read.
    TooNew { version: u64 },
    /// A text in the body is longer than [`MAX_TEXT_BYTES`].
    TooLong,
    /// The body does not read as a record of its store (`detail`: the reader's words, technical).
    BadBody { store: Store, detail: String },
    /// The record's own id differs from the document's.
    IdMismatch { doc: DocId, record_id: String },
    /// An `enc` envelope that is not one (`detail`: the reader's words).
    BadEnvelope { detail: String },
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(80).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

// ---------------------------------------------------------------------------------------------
// Documents

/// The envelope of an encrypted body, `"enc":{"v":1,"iv":…,"data":…}`: base64 (standard, padded)
/// 12-byte IV and AES-256-GCM ciphertext (ending with its 16-byte tag) of the plain document's
/// body (the record's fields and the version key) as UTF-8 JSON. The key comes from the team
/// passphrase (PBKDF2-SHA256, as for an encrypted backup). The IV is random, so the revision
/// hash cannot come from the ciphertext: it comes from a keyed digest of the plain body
/// ([`Rev::child_of_text`]), the same on every phone of the team and useless to the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encrypted {
    /// The envelope's version ([`ENCRYPTED_VERSION`]).
    pub v: u64,
    pub iv: String,
    pub data: String,
}

/// The envelope version this app writes and reads.
pub const ENCRYPTED_VERSION: u64 = 1;

/// What a document carries besides its `_` fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// A live record.
    Plain(Box<AnyRecord>),
    /// An encrypted record: decrypt, then [`read_plain_body`].
    Encrypted(Encrypted),
    /// A deletion (`_deleted: true`): no record.
    Deleted,
}

/// A document read from the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub id: DocId,
    pub rev: Rev,
    /// `_revisions` when the server sent it (`?revs=true`); checked to end in `rev`.
    pub revisions: Option<Revisions>,
    pub body: Body,
}

impl Doc {
    /// `_deleted`.
    pub fn is_deleted(&self) -> bool {
        matches!(self.body, Body::Deleted)
    }

    /// The history to merge into the tree: `_revisions`, or `_rev` alone.
    pub fn history(&self) -> Revisions {
        self.revisions.clone().unwrap_or_else(|| Revisions {
            start: self.rev.pos,
            ids: vec![self.rev.hash.clone()],
        })
    }
}

/// Checks the version key of a live body.
fn check_version(m: &Map<String, Value>) -> Result<(), DocError> {
    match m.get(VERSION_KEY) {
        None => Err(DocError::NoVersion),
        Some(v) => match v.as_u64() {
            None => Err(DocError::BadVersion),
            Some(n) if n > VERSION || n == 0 => Err(DocError::TooNew { version: n }),
            Some(_) => Ok(()),
        },
    }
}

/// Reads a decrypted body (UTF-8 JSON text of the plain body) as a record of document `id`.
pub fn read_plain_body(id: &DocId, text: &str) -> Result<AnyRecord, DocError> {
    let v: Value = serde_json::from_str(text).map_err(|_| DocError::NotJson)?;
    let Value::Object(m) = &v else {
        return Err(DocError::NotAnObject);
    };
    check_version(m)?;
    AnyRecord::from_body(id, &v)
}

/// Reads a document from the wire (JSON text).
pub fn parse(text: &str) -> Result<Doc, DocError> {
    let v: Value = serde_json::from_str(text).map_err(|_| DocError::NotJson)?;
    from_value(&v)
}

/// Reads a document from the wire (a JSON value, e.g. one of `_bulk_get`'s).
pub fn from_value(v: &Value) -> Result<Doc, DocError> {
    let Value::Object(m) = v else {
        return Err(DocError::NotAnObject);
    };
    let id = m.get("_id").and_then(Value::as_str).ok_or(DocError::NoId)?;
    let id = DocId::parse(id)?;
    let rev = m
        .get("_rev")
        .and_then(Value::as_str)
        .ok_or(DocError::NoRev)?;
    let rev = Rev::parse(rev).map_err(DocError::BadRev)?;
    let revisions = match m.get("_revisions") {
        None | Some(Value::Null) => None,
        Some(r) => {
            let r =
                Revisions::deserialize(r).map_err(|_| DocError::BadRevisions(TreeError::NoIds))?;
            r.check().map_err(DocError::BadRevisions)?;
            if r.leaf().as_ref() != Some(&rev) {
                return Err(DocError::RevisionsMismatch);
            }
            Some(r)
        }
    };
    let deleted = m.get("_deleted").and_then(Value::as_bool).unwrap_or(false);
    let body = if deleted {
        Body::Deleted
    } else if let Some(enc) = m.get(ENCRYPTED_KEY) {
        let e = Encrypted::deserialize(enc).map_err(|e| DocError::BadEnvelope {
            detail: short(&e.to_string()),
        })?;
        if e.v != ENCRYPTED_VERSION {
            return Err(DocError::TooNew { version: e.v });
        }
        Body::Encrypted(e)
    } else {
        check_version(m)?;
        Body::Plain(Box::new(AnyRecord::from_body(&id, v)?))
    };
    Ok(Doc {
        id,
        rev,
        revisions,
        body,
    })
}

fn head(id: &DocId, rev: &Rev, revisions: Option<&Revisions>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("_id".into(), Value::String(id.to_string()));
    m.insert("_rev".into(), Value::String(rev.to_string()));
    if let Some(r) = revisions {
        m.insert(
            "_revisions".into(),
            serde_json::to_value(r).unwrap_or(Value::Null),
        );
    }
    m
}

/// The document for a live record at revision `rev` (with its history when given).
pub fn to_wire(record: &AnyRecord, rev: &Rev, revisions: Option<&Revisions>) -> Value {
    let mut m = head(&record.doc_id(), rev, revisions);
    if let Value::Object(body) = record.body() {
        m.extend(body);
    }
    m.insert(VERSION_KEY.into(), Value::from(VERSION));
    Value::Object(m)
}

/// The plain body an encrypted document hides: the record's fields and the version key, as
/// canonical JSON (the text to encrypt).
pub fn plain_body_text(record: &AnyRecord) -> String {
    let mut body = record.body();
    if let Value::Object(m) = &mut body {
        m.insert(VERSION_KEY.into(), Value::from(VERSION));
    }
    crate::domain::sync::rev::canonical_json(&body)
}

/// The document for an encrypted record: `_id`, `_rev`, `_revisions` and `enc`.
pub fn encrypted_to_wire(
    id: &DocId,
    rev: &Rev,
    revisions: Option<&Revisions>,
    enc: &Encrypted,
) -> Value {
    let mut m = head(id, rev, revisions);
    m.insert(
        ENCRYPTED_KEY.into(),
        serde_json::to_value(enc).unwrap_or(Value::Null),
    );
    Value::Object(m)
}

/// The document for a deletion: `_id`, `_rev`, `_revisions` and `"_deleted": true`.
pub fn deletion_to_wire(id: &DocId, rev: &Rev, revisions: Option<&Revisions>) -> Value {
    let mut m = head(id, rev, revisions);
    m.insert("_deleted".into(), Value::Bool(true));
    Value::Object(m)
}

/// The body a deletion's revision hash is made from: the empty object.
pub fn deletion_body() -> Value {
    Value::Object(Map::new())
}
