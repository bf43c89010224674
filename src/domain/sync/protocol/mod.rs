//! CouchDB's replication protocol as Rapport speaks it, without any I/O: the replication id and
//! its checkpoints ([`checkpoint`]), reading `_changes` ([`changes`]), the bodies and answers of
//! `_revs_diff`, `_bulk_get` (and its `open_revs` fallback) and `_bulk_docs` ([`fetch`]), and what
//! a failed request means, how long to wait before the next try and the status the app shows
//! ([`status`]). The replicator in `store/` sends the requests; everything here is tested natively
//! against answers captured from pouchdb-server 4.2.0 and the shapes CouchDB's documentation gives
//! (tests/sync_protocol.rs).
//!
//! Readers never panic: an answer that is not JSON is [`ProtocolError::NotJson`], JSON of the
//! wrong shape [`ProtocolError::Unexpected`]; inside a well-formed answer, a row that cannot be
//! used (a revision that does not parse, a row without an id) is skipped, as CouchDB's own
//! replicator skips it.

pub mod changes;
pub mod checkpoint;
pub mod fetch;
pub mod status;

pub use changes::{changes_query, parse_changes, Change, Changes};
pub use checkpoint::{Checkpoint, HISTORY_LEN};
pub use fetch::{
    bulk_docs_body, bulk_get_body, bulk_get_unsupported, open_revs_path, parse_bulk_docs,
    parse_bulk_get, parse_open_revs, parse_revs_diff, revs_diff_body, DocFailure, FetchError,
    Fetched,
};
pub use status::{backoff_ms, classify, doc_missing, SyncProblem, SyncStatus};

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::sync::rev::hex;

/// The tag that opens the text hashed into a replication id; a new rule would get a new tag.
pub const REPLICATION_TAG: &str = "rapport-replication-1";

/// A stable replication id for (this phone, server, database): lowercase hex MD5 of
/// `"rapport-replication-1\n{device_id}\n{server_base}\n{db}"`. Used as `_local/{id}`.
pub fn replication_id(device_id: &str, server_base: &str, db: &str) -> String {
    let text = format!("{REPLICATION_TAG}\n{device_id}\n{server_base}\n{db}");
    hex(&Md5::digest(text.as_bytes()))
}

/// Why an answer could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    /// The text is not JSON (cut off, an HTML error page, nothing at all).
    NotJson,
    /// JSON, but not the shape this answer has (short and technical, for the log).
    Unexpected(String),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::NotJson => f.write_str("the answer is not JSON"),
            ProtocolError::Unexpected(what) => write!(f, "unexpected answer: {what}"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A CouchDB update sequence: opaque JSON (a number for pouchdb-server, a string for CouchDB 2+).
/// Only ever sent back as it came ([`Seq::to_query`]) and compared for equality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub Value);

impl Seq {
    /// The start of a database's history: `0`.
    pub fn zero() -> Seq {
        Seq(Value::from(0))
    }

    /// The value of `since=`: a string as it is, a number as its digits, anything else as its
    /// JSON; percent-encoded for a URL query (everything but ASCII letters, digits and `-_.~`).
    pub fn to_query(&self) -> String {
        let text = match &self.0 {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        percent_encode(&text, "")
    }
}

/// `text` with every byte percent-encoded except ASCII letters, digits, `-_.~` and the
/// characters in `keep`.
pub(crate) fn percent_encode(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let c = char::from(b);
        if b.is_ascii_alphanumeric() || "-_.~".contains(c) || (b.is_ascii() && keep.contains(c)) {
            out.push(c);
        } else {
            out.push('%');
            out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(b & 0xf)]));
        }
    }
    out
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Parses an answer's text as JSON (surrounding white space, such as a heartbeat's newlines, is
/// fine).
pub(crate) fn json(text: &str) -> Result<Value, ProtocolError> {
    serde_json::from_str(text.trim()).map_err(|_| ProtocolError::NotJson)
}

/// A `ProtocolError::Unexpected` naming what was wrong.
pub(crate) fn unexpected(what: &str) -> ProtocolError {
    ProtocolError::Unexpected(what.to_string())
}
