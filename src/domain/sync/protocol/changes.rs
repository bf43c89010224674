//! `GET /{db}/_changes?style=all_docs`: what changed since a sequence, one row per document with
//! every leaf revision it has now.
//!
//! ```json
//! {"results":[{"id":"customers:a","changes":[{"rev":"2-bb…"},{"rev":"2-cc…"}],"seq":4},
//!             {"id":"tasks:c","changes":[{"rev":"2-ee…"}],"deleted":true,"seq":6}],
//!  "last_seq":6}
//! ```
//!
//! pouchdb-server numbers sequences (`4`); CouchDB 2+ writes opaque strings
//! (`"4-g1AAAA…"`) and adds `pending` (how many changes are left after this answer). A long poll's
//! answer may carry a heartbeat's newlines before and inside it.

use serde_json::Value;

use super::{json, unexpected, ProtocolError, Seq};
use crate::domain::sync::rev::Rev;

/// One row of `_changes?style=all_docs`: a document, the sequence of its latest change, its leaf
/// revisions and whether the winning one is a deletion.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub id: String,
    pub seq: Seq,
    pub revs: Vec<Rev>,
    pub deleted: bool,
}

/// A `_changes` answer: its rows, the sequence to ask from next, and (CouchDB 2+) how many
/// changes are left.
#[derive(Clone, Debug, PartialEq)]
pub struct Changes {
    pub results: Vec<Change>,
    pub last_seq: Seq,
    pub pending: Option<u64>,
}

/// Parses a `_changes` answer (normal or longpoll). Surrounding white space (heartbeats) is fine;
/// revisions that do not parse are left out and a row left with none (or without an id or a
/// sequence) is skipped; ids starting with `_` are kept (the caller skips them, see
/// `DocId::parse`).
pub fn parse_changes(text: &str) -> Result<Changes, ProtocolError> {
    let v = json(text)?;
    let answer = v
        .as_object()
        .ok_or_else(|| unexpected("_changes: not an object"))?;
    let rows = answer
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| unexpected("_changes: no results"))?;
    let last_seq = answer
        .get("last_seq")
        .filter(|s| !s.is_null())
        .ok_or_else(|| unexpected("_changes: no last_seq"))?;
    Ok(Changes {
        results: rows.iter().filter_map(change).collect(),
        last_seq: Seq(last_seq.clone()),
        pending: answer.get("pending").and_then(Value::as_u64),
    })
}

/// One row, if it can be used.
fn change(row: &Value) -> Option<Change> {
    let row = row.as_object()?;
    let id = row.get("id")?.as_str()?;
    let seq = row.get("seq").filter(|s| !s.is_null())?;
    let revs: Vec<Rev> = row
        .get("changes")?
        .as_array()?
        .iter()
        .filter_map(|c| Rev::parse(c.get("rev")?.as_str()?).ok())
        .collect();
    if revs.is_empty() {
        return None;
    }
    Some(Change {
        id: id.to_string(),
        seq: Seq(seq.clone()),
        revs,
        deleted: row.get("deleted").and_then(Value::as_bool) == Some(true),
    })
}

/// The heartbeat a long poll asks for, in milliseconds (pouchdb-server's own is 6 s; a newline
/// now and then keeps proxies from closing a quiet connection).
pub const HEARTBEAT_MS: u32 = 10_000;

/// The query string of `_changes` (without `?`): `style=all_docs&since=…&limit=N`, and for a
/// long poll `&feed=longpoll&heartbeat=10000&timeout=T`. (pouchdb-server ignores `timeout`: the
/// caller must end a long poll itself; see docs/sync.md.)
pub fn changes_query(since: &Seq, limit: u32, longpoll_timeout_ms: Option<u32>) -> String {
    let mut q = format!("style=all_docs&since={}&limit={limit}", since.to_query());
    if let Some(t) = longpoll_timeout_ms {
        q.push_str(&format!(
            "&feed=longpoll&heartbeat={HEARTBEAT_MS}&timeout={t}"
        ));
    }
    q
}
