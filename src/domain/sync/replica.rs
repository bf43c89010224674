//! What this phone keeps beside each synced record ([`Entry`]): its revision tree, the bodies of
//! the revisions it may still need (the live leaves and the winner's nearest ancestors: the
//! common ancestor of a future conflict), and whether the server may lack some of its
//! revisions (the outbox). The rules for a local edit ([`Entry::stage_local`]), a document from
//! the server ([`Entry::merge_remote`]) and what the phone then shows ([`Entry::settle`], which
//! resolves conflicts with [`conflict::resolve`](super::conflict::resolve)).
//!
//! Bodies are kept as the canonical JSON of the record's fields (docs/sync.md), the text the
//! revision hash is made from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::basics::time::Millis;
use crate::domain::sync::conflict::{resolve, ConflictReport, Version};
use crate::domain::sync::doc::{self, AnyRecord, Doc, DocError, DocId, SyncRecord};
use crate::domain::sync::rev::{canonical_json, Rev};
use crate::domain::sync::team::{rev_text, RevKey};
use crate::domain::sync::tree::{Leaf, RevTree, Revisions, TreeError, REVS_LIMIT};

/// How many of the winner's ancestors keep their bodies (besides every live leaf).
const ANCESTOR_BODIES: usize = 4;

/// One record's sync state, stored in IndexedDB (`sync_docs`, keyed by `d`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The document id (`customers:…`).
    pub d: String,
    /// The revision tree.
    pub t: RevTree,
    /// Bodies (canonical JSON of the record's fields) by revision text.
    #[serde(default)]
    pub k: Vec<(String, String)>,
    /// `Some(1)` while the server may lack one of the tree's revisions (an index on `o` lists
    /// the outbox; IndexedDB leaves entries without it out of the index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub o: Option<u8>,
    /// Counts the entry's changes: the outbox is cleared only if nothing changed since the push
    /// read it.
    #[serde(default)]
    pub n: u64,
}

/// What the phone should hold for a record after [`Entry::settle`].
#[derive(Clone, Debug, PartialEq)]
pub enum Settled {
    /// Nothing to show (no revision yet).
    Nothing,
    /// The winner's record.
    Show(Box<AnyRecord>),
    /// A conflict was resolved: the merged record, and what was done.
    Resolved(Box<AnyRecord>, Box<Resolved>),
    /// Every leaf is deleted (another client deleted the document).
    Deleted,
    /// These live leaves' bodies are not on the phone: fetch them (`open_revs`), then settle again.
    Missing(Vec<Rev>),
    /// A kept body does not read as a record (a newer format, damage): the record is left as it is.
    Unreadable(DocError),
}

/// An automatic resolution, kept for the list "Edited on two phones".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// The document id.
    pub doc: String,
    /// When this phone resolved it.
    pub at: Millis,
    /// The merged revision.
    pub result: String,
    /// Each conflicting version, the winner first: its revision and body (canonical JSON).
    pub versions: Vec<(String, String)>,
    /// The merged record's body (canonical JSON): what every phone now shows.
    #[serde(default)]
    pub merged: String,
    /// The fields the versions disagree on.
    pub fields: Vec<String>,
    /// Fields changed differently on several sides (the later edit won).
    pub contested: Vec<String>,
    /// A version in the Trash lost to a live edit.
    pub edit_beat_deletion: bool,
}

impl Resolved {
    fn from_report(
        report: &ConflictReport,
        versions: Vec<(String, String)>,
        merged: String,
        at: Millis,
    ) -> Self {
        Resolved {
            doc: report.doc.to_string(),
            at,
            result: report.result.to_string(),
            versions,
            merged,
            fields: report.fields.iter().map(|f| f.key.clone()).collect(),
            contested: report
                .fields
                .iter()
                .filter(|f| f.contested)
                .map(|f| f.key.clone())
                .collect(),
            edit_beat_deletion: report.edit_beat_deletion,
        }
    }
}

/// A record's body as the revision hash sees it: canonical JSON of its fields.
pub fn body_text(record: &AnyRecord) -> String {
    canonical_json(&record.body())
}

impl Entry {
    pub fn new(id: &DocId) -> Entry {
        Entry {
            d: id.to_string(),
            ..Entry::default()
        }
    }

    pub fn doc_id(&self) -> Result<DocId, DocError> {
        DocId::parse(&self.d)
    }

    /// The kept body of `rev`.
    pub fn body_of(&self, rev: &Rev) -> Option<&str> {
        let key = rev.to_string();
        self.k
            .iter()
            .find(|(r, _)| *r == key)
            .map(|(_, b)| b.as_str())
    }

    /// The winning leaf.
    pub fn winner(&self) -> Option<Leaf> {
        self.t.winner()
    }

    /// Whether `body` (canonical JSON) differs from the winner's: a local edit not yet staged.
    pub fn differs(&self, body: &str) -> bool {
        match self.t.winner() {
            Some(w) if !w.deleted => self.body_of(&w.rev) != Some(body),
            _ => true,
        }
    }

    /// A local version of the record: when it differs from the winner, a new revision (a child
    /// of the winner, deterministic), kept with its body and put in the outbox. Returns it.
    /// `key`: an encrypted team's revision key (the hash is made from the body's keyed digest);
    /// `None` in a plain team.
    pub fn stage_local(&mut self, record: &AnyRecord, key: Option<&RevKey>) -> Option<Rev> {
        let text = body_text(record);
        if !self.differs(&text) {
            return None;
        }
        let rev = self.t.edit_text(false, &rev_text(key, &text));
        self.t.stem(REVS_LIMIT);
        self.keep(&rev, text);
        self.touch(true);
        Some(rev)
    }

    /// Merges a document from the server (its history and, when live, its body). Returns whether
    /// its revision was new here. A document whose body is still encrypted is refused.
    pub fn merge_remote(&mut self, doc: &Doc) -> Result<bool, TreeError> {
        let new = self.t.merge_path(&doc.history(), doc.is_deleted())?;
        if let doc::Body::Plain(record) = &doc.body {
            self.keep(&doc.rev, body_text(record));
        }
        if new {
            self.touch(false);
        }
        Ok(new)
    }

    /// The live leaves with their kept bodies (call before [`Entry::merge_remote`], then give
    /// them to [`Entry::resolved_elsewhere`]).
    pub fn live_leaves(&self) -> Vec<(Rev, String)> {
        self.t
            .leaves()
            .into_iter()
            .filter(|l| !l.deleted)
            .filter_map(|l| Some((l.rev.clone(), self.body_of(&l.rev)?.to_string())))
            .collect()
    }

    /// Another phone resolved a conflict this phone held a side of (and this phone could not
    /// resolve it itself, for want of the other side's body): one of `before` (this phone's live
    /// leaves before a merge) is no longer a live leaf and differs from the winner now, and the
    /// tree holds a resolution's deletion. Reported like a resolution made here (the versions:
    /// the winner now, and this phone's version), so every phone lists it.
    pub fn resolved_elsewhere(&self, before: &[(Rev, String)], now: Millis) -> Option<Resolved> {
        let leaves = self.t.leaves();
        let winner = leaves.first().filter(|w| !w.deleted)?;
        let winner_body = self.body_of(&winner.rev)?;
        // A resolution's mark: a deletion closing a branch, with the deterministic id of an
        // empty deletion of its parent.
        let resolved_here = leaves.iter().any(|l| {
            l.deleted
                && self
                    .t
                    .ancestry(&l.rev)
                    .get(1)
                    .is_some_and(|p| Rev::child(Some(p), true, &doc::deletion_body()) == l.rev)
        });
        if !resolved_here {
            return None;
        }
        // This phone's versions that are no longer live leaves and differ from what it shows now.
        let closed: Vec<&(Rev, String)> = before
            .iter()
            .filter(|(rev, body)| {
                *body != winner_body && !leaves.iter().any(|l| l.rev == *rev && !l.deleted)
            })
            .collect();
        if closed.is_empty() {
            return None;
        }
        let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
        let w = parse(winner_body);
        let mut fields: Vec<String> = Vec::new();
        for (_, body) in &closed {
            let b = parse(body);
            let keys = |v: &Value| -> Vec<String> {
                v.as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            };
            for k in keys(&w).into_iter().chain(keys(&b)) {
                if k != "updated_at" && w.get(&k) != b.get(&k) && !fields.contains(&k) {
                    fields.push(k);
                }
            }
        }
        fields.sort();
        let mut versions = vec![(winner.rev.to_string(), winner_body.to_string())];
        versions.extend(closed.iter().map(|(r, b)| (r.to_string(), b.clone())));
        Some(Resolved {
            doc: self.d.clone(),
            at: now,
            result: winner.rev.to_string(),
            versions,
            merged: winner_body.to_string(),
            fields,
            contested: Vec::new(),
            edit_beat_deletion: false,
        })
    }

    /// Keeps `rev`'s body, then drops the bodies no longer needed.
    fn keep(&mut self, rev: &Rev, text: String) {
        let key = rev.to_string();
        if !self.k.iter().any(|(r, _)| *r == key) {
            self.k.push((key, text));
        }
        self.trim_bodies();
    }

    /// Keeps the bodies of the live leaves, of the versions a deletion closed, and of the
    /// winner's [`ANCESTOR_BODIES`] nearest ancestors.
    fn trim_bodies(&mut self) {
        let leaves = self.t.leaves();
        let mut wanted: Vec<String> = leaves
            .iter()
            .filter(|l| !l.deleted)
            .map(|l| l.rev.to_string())
            .collect();
        // The versions a deletion closed (a resolution's losers): still to be sent to the server
        // if this phone resolved before pushing them.
        for l in leaves.iter().filter(|l| l.deleted) {
            if let Some(parent) = self.t.ancestry(&l.rev).get(1) {
                wanted.push(parent.to_string());
            }
        }
        if let Some(w) = leaves.first() {
            wanted.extend(
                self.t
                    .ancestry(&w.rev)
                    .iter()
                    .take(ANCESTOR_BODIES + 1)
                    .map(Rev::to_string),
            );
        }
        self.k.retain(|(r, _)| wanted.contains(r));
    }

    fn touch(&mut self, out: bool) {
        self.n += 1;
        if out {
            self.o = Some(1);
        }
    }

    /// Puts the entry in the outbox (its revisions are to be offered to the server).
    pub fn mark_out(&mut self) {
        self.touch(true);
    }

    /// The record to read from a kept body.
    fn record_of(&self, id: &DocId, rev: &Rev) -> Option<Result<AnyRecord, DocError>> {
        let text = self.body_of(rev)?;
        Some(
            serde_json::from_str::<Value>(text)
                .map_err(|_| DocError::NotJson)
                .and_then(|v| AnyRecord::from_body(id, &v)),
        )
    }

    /// What the phone should now hold for this record; a conflict (several live leaves) is
    /// resolved here (its revisions added to the tree, the entry put in the outbox). `key`: as
    /// for [`Entry::stage_local`], for the merged revision.
    pub fn settle(&mut self, now: Millis, key: Option<&RevKey>) -> Settled {
        let Ok(id) = self.doc_id() else {
            return Settled::Nothing;
        };
        let leaves = self.t.leaves();
        let Some(winner) = leaves.first().cloned() else {
            return Settled::Nothing;
        };
        if winner.deleted {
            return Settled::Deleted;
        }
        let live: Vec<Rev> = leaves
            .iter()
            .filter(|l| !l.deleted)
            .map(|l| l.rev.clone())
            .collect();
        let missing: Vec<Rev> = live
            .iter()
            .filter(|r| self.body_of(r).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Settled::Missing(missing);
        }
        let mut versions = Vec::with_capacity(live.len());
        for rev in &live {
            match self.record_of(&id, rev) {
                Some(Ok(r)) => versions.push((rev.clone(), r)),
                Some(Err(e)) => return Settled::Unreadable(e),
                None => return Settled::Missing(vec![rev.clone()]),
            }
        }
        if versions.len() == 1 {
            let (_, record) = versions.remove(0);
            return Settled::Show(Box::new(record));
        }
        let ancestor = self
            .t
            .common_ancestor(&live)
            .and_then(|a| self.record_of(&id, &a))
            .and_then(Result::ok);
        let texts: Vec<(String, String)> = live
            .iter()
            .map(|r| {
                (
                    r.to_string(),
                    self.body_of(r).unwrap_or_default().to_string(),
                )
            })
            .collect();
        let Some((merged, report, writes)) = resolve_any(&versions, ancestor.as_ref(), key) else {
            let (_, record) = versions.remove(0);
            return Settled::Show(Box::new(record));
        };
        for (rev, parent, deleted) in &writes {
            // A resolution's revisions always fit the tree they were made from.
            let _ = self.t.add(rev, Some(parent), *deleted);
        }
        let merged_text = body_text(&merged);
        self.keep(&report.result, merged_text.clone());
        self.touch(true);
        let resolved = Resolved::from_report(&report, texts, merged_text, now);
        Settled::Resolved(Box::new(merged), Box::new(resolved))
    }

    /// The documents to offer the server for `revs` (each with its `_revisions`): a live
    /// revision with its kept body, a deleted leaf as a deletion. Revisions whose body is no
    /// longer kept are left out.
    pub fn wire_docs(&self, revs: &[Rev]) -> Vec<Value> {
        self.wire_items(revs)
            .into_iter()
            .map(|w| match w {
                WireItem::Deletion(v) => v,
                WireItem::Live {
                    rev,
                    revisions,
                    record,
                    ..
                } => doc::to_wire(&record, &rev, revisions.as_ref()),
            })
            .collect()
    }

    /// [`Entry::wire_docs`] with the live revisions' records apart, for an encrypted team to
    /// encrypt them ([`doc::encrypted_to_wire`]).
    pub fn wire_items(&self, revs: &[Rev]) -> Vec<WireItem> {
        let Ok(id) = self.doc_id() else {
            return Vec::new();
        };
        let leaves = self.t.leaves();
        // Parents before children: a server stores each with its body.
        let mut revs: Vec<&Rev> = revs.iter().collect();
        revs.sort();
        revs.into_iter()
            .filter_map(|rev| {
                let history = self.t.revisions(rev);
                let deleted = leaves.iter().any(|l| l.rev == *rev && l.deleted);
                if deleted {
                    return Some(WireItem::Deletion(doc::deletion_to_wire(
                        &id,
                        rev,
                        history.as_ref(),
                    )));
                }
                let record = self.record_of(&id, rev)?.ok()?;
                Some(WireItem::Live {
                    id: id.clone(),
                    rev: rev.clone(),
                    revisions: history,
                    record: Box::new(record),
                })
            })
            .collect()
    }

    /// The leaves to offer the server (`_revs_diff`).
    pub fn leaves(&self) -> Vec<Rev> {
        self.t.leaves().into_iter().map(|l| l.rev).collect()
    }

    /// The revisions to offer the server: the leaves and every revision whose body is kept. A
    /// conflict resolved here before this phone's own side reached the server must send that
    /// side's body too, or the server holds it only as a name in the resolution's history, and
    /// another phone could not resolve the same conflict itself.
    pub fn offer(&self) -> Vec<Rev> {
        let mut revs = self.leaves();
        for (r, _) in &self.k {
            if let Ok(rev) = Rev::parse(r) {
                if !revs.contains(&rev) {
                    revs.push(rev);
                }
            }
        }
        revs
    }
}

/// One document to offer the server ([`Entry::wire_items`]).
#[derive(Clone, Debug, PartialEq)]
pub enum WireItem {
    /// A deletion, ready for the wire.
    Deletion(Value),
    /// A live revision: its record, to put on the wire plain or encrypted.
    Live {
        id: DocId,
        rev: Rev,
        revisions: Option<Revisions>,
        record: Box<AnyRecord>,
    },
}

type Writes = Vec<(Rev, Rev, bool)>;

/// [`resolve`] for records of any store (all of `versions` are of the first one's store).
fn resolve_any(
    versions: &[(Rev, AnyRecord)],
    ancestor: Option<&AnyRecord>,
    key: Option<&RevKey>,
) -> Option<(AnyRecord, ConflictReport, Writes)> {
    fn typed<T: SyncRecord>(
        versions: &[(Rev, AnyRecord)],
        ancestor: Option<&AnyRecord>,
        key: Option<&RevKey>,
        pick: fn(&AnyRecord) -> Option<&T>,
    ) -> Option<(AnyRecord, ConflictReport, Writes)> {
        let mut typed = versions.iter().filter_map(|(rev, r)| {
            pick(r).map(|record| Version {
                rev: rev.clone(),
                record: record.clone(),
            })
        });
        let winner = typed.next()?;
        let losers: Vec<Version<T>> = typed.collect();
        let ancestor = ancestor.and_then(pick);
        let mut r = resolve(&winner, &losers, ancestor)?;
        if let Some(k) = key {
            let text = canonical_json(&r.merged.body());
            r = r.with_body_text(&k.digest(&text));
        }
        let writes = r
            .writes
            .iter()
            .map(|w| (w.rev.clone(), w.parent.clone(), w.deleted))
            .collect();
        Some((r.merged.into_any(), r.report, writes))
    }
    macro_rules! by_store {
        ($($variant:ident),*) => {
            match versions.first().map(|(_, r)| r) {
                $(Some(AnyRecord::$variant(_)) => typed(versions, ancestor, key, |r| match r {
                    AnyRecord::$variant(x) => Some(x),
                    _ => None,
                }),)*
                None => None,
            }
        };
    }
    by_store!(
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
        Redemptions,
        Products,
        ProductPhotos
    )
}
