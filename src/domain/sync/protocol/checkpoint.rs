//! The replication checkpoint: the `_local/{replication id}` document that records how far a
//! replication got, kept alike on the server and on the phone, and CouchDB's rule for where the
//! next replication starts.
//!
//! ```json
//! {"_id":"_local/<id>","_rev":"0-1","session_id":"…","source_last_seq":7,"rapport":1,
//!  "history":[{"session_id":"…","recorded_seq":7},…]}
//! ```
//!
//! `_rev` is the server's (`0-N` for `_local` documents; not a revision id) and only needed to
//! overwrite it there. `history` holds the last [`HISTORY_LEN`] sessions, newest first, the
//! current one included: when one side lost its latest checkpoint (a write that failed, a restored
//! server), the newest session both histories share still saves starting over from 0.

use serde_json::{json, Map, Value};

use super::Seq;

/// The format version written in a checkpoint's `rapport` field.
pub const CHECKPOINT_VERSION: u64 = 1;
/// How many sessions a checkpoint's history keeps (CouchDB keeps 50; 5 is plenty for one phone).
pub const HISTORY_LEN: usize = 5;
/// The prefix of a `_local` document's id.
pub const LOCAL_PREFIX: &str = "_local/";

/// A checkpoint: the session that wrote it, the source's sequence it reached, and the recent
/// sessions' sequences, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    pub session_id: String,
    pub last_seq: Seq,
    pub history: Vec<(String, Seq)>,
}

impl Checkpoint {
    /// The document as stored at `_local/{replication_id}` (with the server's `_rev` when it
    /// overwrites one).
    pub fn to_json(&self, doc_rev: Option<&str>, replication_id: &str) -> String {
        let history: Vec<Value> = self
            .history
            .iter()
            .map(|(session_id, seq)| json!({"session_id": session_id, "recorded_seq": seq.0}))
            .collect();
        let mut doc = Map::new();
        doc.insert(
            "_id".into(),
            Value::from(format!("{LOCAL_PREFIX}{replication_id}")),
        );
        if let Some(rev) = doc_rev {
            doc.insert("_rev".into(), Value::from(rev));
        }
        doc.insert("session_id".into(), Value::from(self.session_id.as_str()));
        doc.insert("source_last_seq".into(), self.last_seq.0.clone());
        doc.insert("rapport".into(), Value::from(CHECKPOINT_VERSION));
        doc.insert("history".into(), Value::Array(history));
        Value::Object(doc).to_string()
    }

    /// Reads a `_local` document: the checkpoint and the document's `_rev`. `None` for anything
    /// that is not one of ours (not JSON, not a `_local` id, no or another `rapport` version, no
    /// session or sequence); history entries that do not read are left out. Never panics.
    pub fn from_json(text: &str) -> Option<(Checkpoint, Option<String>)> {
        let v: Value = serde_json::from_str(text.trim()).ok()?;
        let doc = v.as_object()?;
        let id = doc.get("_id")?.as_str()?;
        if !id.starts_with(LOCAL_PREFIX) {
            return None;
        }
        if doc.get("rapport")?.as_u64()? != CHECKPOINT_VERSION {
            return None;
        }
        let session_id = doc.get("session_id")?.as_str()?.to_string();
        let last_seq = seq_of(doc.get("source_last_seq"))?;
        let history = doc
            .get("history")
            .and_then(Value::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let e = e.as_object()?;
                        let session = e.get("session_id")?.as_str()?;
                        Some((session.to_string(), seq_of(e.get("recorded_seq"))?))
                    })
                    .take(HISTORY_LEN)
                    .collect()
            })
            .unwrap_or_default();
        let rev = doc
            .get("_rev")
            .and_then(Value::as_str)
            .map(ToString::to_string);
        Some((
            Checkpoint {
                session_id,
                last_seq,
                history,
            },
            rev,
        ))
    }

    /// Where a replication starts, given the server's and the phone's checkpoints (CouchDB's
    /// rule): the phone's sequence if both were written by the same session; else the sequence of
    /// the newest session both histories share; else [`Seq::zero`] (also when either is missing).
    pub fn start_from(server: Option<&Checkpoint>, phone: Option<&Checkpoint>) -> Seq {
        let (Some(server), Some(phone)) = (server, phone) else {
            return Seq::zero();
        };
        if server.session_id == phone.session_id {
            return phone.last_seq.clone();
        }
        shared_seq(&server.full_history(), &phone.full_history())
    }

    /// The checkpoint after a batch of session `session_id` reached `seq`: that session first in
    /// the history (replacing its earlier entry), then the previous sessions, at most
    /// [`HISTORY_LEN`] in all.
    pub fn advance(prev: Option<&Checkpoint>, session_id: &str, seq: Seq) -> Checkpoint {
        let mut history = vec![(session_id.to_string(), seq.clone())];
        if let Some(prev) = prev {
            history.extend(
                prev.full_history()
                    .into_iter()
                    .filter(|(s, _)| s != session_id)
                    .take(HISTORY_LEN - 1),
            );
        }
        Checkpoint {
            session_id: session_id.to_string(),
            last_seq: seq,
            history,
        }
    }

    /// The history with the checkpoint's own session first (a document written by another
    /// client may leave it out).
    fn full_history(&self) -> Vec<(String, Seq)> {
        let mut out = Vec::with_capacity(self.history.len() + 1);
        if self.history.first().map(|(s, _)| s) != Some(&self.session_id) {
            out.push((self.session_id.clone(), self.last_seq.clone()));
        }
        out.extend(self.history.iter().cloned());
        out
    }
}

/// A sequence as read from a checkpoint: any JSON but `null`.
fn seq_of(v: Option<&Value>) -> Option<Seq> {
    v.filter(|v| !v.is_null()).map(|v| Seq(v.clone()))
}

/// CouchDB's `compare_rep_history`: walking both histories from the newest, the first session of
/// one that the other also holds gives its recorded sequence.
fn shared_seq(a: &[(String, Seq)], b: &[(String, Seq)]) -> Seq {
    let (mut a, mut b) = (a, b);
    while let (Some((a_id, a_seq)), Some((b_id, b_seq))) = (a.first(), b.first()) {
        if b.iter().any(|(id, _)| id == a_id) {
            return a_seq.clone();
        }
        if a[1..].iter().any(|(id, _)| id == b_id) {
            return b_seq.clone();
        }
        a = &a[1..];
        b = &b[1..];
    }
    Seq::zero()
}
