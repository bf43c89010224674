//! Resolving a conflict deterministically, with no edit lost (docs/sync.md).
//!
//! CouchDB keeps conflicting versions as leaves and picks the same winner everywhere; Rapport
//! then merges them ([`resolve`]):
//! - **field by field** when the body of their newest common ancestor is known: a field changed
//!   on one side only is taken from that side; a field changed differently on several sides is
//!   taken from the version with the later `updated_at` (ties: a version in the Trash, then the
//!   greater canonical JSON — the backup merge's rules without its device id, which a sync
//!   document does not carry);
//! - else **whole records**, by the same order;
//! - either way **an edit beats a deletion**: when one side moved the record to the Trash and
//!   another side edited it (conflicting versions are concurrent: neither saw the other), the
//!   record stays out of the Trash with the edit, and the report says so;
//! - `updated_at` is the greatest of the versions'.
//!
//! The result is written as the merged body, a child of the winning leaf (unless the winner
//! already is the merge), and a deletion as a child of each losing leaf, all with deterministic
//! revision ids: two phones that resolve the same conflict write the same revisions. After that
//! the tree has one live leaf, so resolving again does nothing.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::domain::basics::time::Millis;
use crate::domain::sync::doc::{deletion_body, DocId, SyncRecord};
use crate::domain::sync::rev::{canonical_json, Rev};
use crate::domain::sync::tree::{RevTree, TreeError};

/// One conflicting version: a leaf and its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version<T> {
    pub rev: Rev,
    pub record: T,
}

/// How the versions were merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Field by field against the common ancestor.
    FieldByField,
    /// Whole records (no common ancestor known, or the field mix did not read as a record).
    WholeRecord,
}

/// Where the merged record got one field that the versions disagree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChoice {
    /// The field's key (`name`, `phone`, `deleted_at`, …).
    pub key: String,
    /// The leaf whose value was taken (the first in winner order when several hold it).
    pub from: Rev,
    /// Several sides hold different values of their own (changed on both sides, or no ancestor
    /// to tell), so the later edit won.
    pub contested: bool,
}

/// What a resolution did, for the list of automatic resolutions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictReport {
    pub doc: DocId,
    /// The leaf CouchDB chose.
    pub winner: Rev,
    /// The other live leaves, now deleted.
    pub losers: Vec<Rev>,
    pub rule: Rule,
    /// Every field (but `updated_at`) the versions disagree on, in key order.
    pub fields: Vec<FieldChoice>,
    /// A version in the Trash lost to a live edit.
    pub edit_beat_deletion: bool,
    /// The revision that holds the merged record: a new child of the winner, or the winner
    /// itself when it already was the merge.
    pub result: Rev,
}

/// A revision to write (to the tree, the store and the server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    pub rev: Rev,
    pub parent: Rev,
    /// A deletion of a losing leaf (body: the empty object); else the merged record.
    pub deleted: bool,
}

/// The outcome of [`resolve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution<T> {
    /// The merged record (a customer's summary comes back empty: recompute it).
    pub merged: T,
    /// The merged revision first (when there is one), then the losers' deletions in revision order.
    pub writes: Vec<Write>,
    pub report: ConflictReport,
}

impl<T> Resolution<T> {
    /// In a team-encrypted database: makes the merged revision's id from `body_text`, the keyed
    /// digest standing for the merged body ([`Rev::child_of_text`]), instead of the plain body.
    /// The losers' deletions (empty bodies) keep theirs.
    pub fn with_body_text(mut self, body_text: &str) -> Resolution<T> {
        if let Some(w) = self.writes.first_mut().filter(|w| !w.deleted) {
            w.rev = Rev::child_of_text(Some(&w.parent), false, body_text);
            self.report.result = w.rev.clone();
        }
        self
    }

    /// Adds the writes to `tree`.
    pub fn apply(&self, tree: &mut RevTree) -> Result<(), TreeError> {
        for w in &self.writes {
            tree.add(&w.rev, Some(&w.parent), w.deleted)?;
        }
        Ok(())
    }
}

/// The order of two versions (`Greater` = `a` wins): later `updated_at`, then in the Trash, then
/// the greater canonical JSON.
fn order<T: SyncRecord>(a: &(Version<T>, String), b: &(Version<T>, String)) -> Ordering {
    let key =
        |v: &(Version<T>, String)| (v.0.record.updated_at(), v.0.record.deleted_at().is_some());
    key(a).cmp(&key(b)).then_with(|| a.1.cmp(&b.1))
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

const UPDATED_AT: &str = "updated_at";
const DELETED_AT: &str = "deleted_at";

/// Merges the conflicting versions of one record: `winner` (the tree's winning leaf), `losers`
/// (its other live leaves, any order) and, when known, the body of their newest common ancestor.
/// `None` when there are no losers (nothing to resolve). See the module docs for the rules.
pub fn resolve<T: SyncRecord>(
    winner: &Version<T>,
    losers: &[Version<T>],
    ancestor: Option<&T>,
) -> Option<Resolution<T>> {
    let mut losers: Vec<&Version<T>> = losers.iter().filter(|l| l.rev != winner.rev).collect();
    if losers.is_empty() {
        return None;
    }
    losers.sort_by(|a, b| a.rev.cmp(&b.rev));
    losers.dedup_by(|a, b| a.rev == b.rev);
    // The versions, winner first, each with its canonical JSON.
    let versions: Vec<(Version<T>, String)> = std::iter::once(winner)
        .chain(losers.iter().copied())
        .map(|v| (v.clone(), canonical_json(&v.record.body())))
        .collect();
    let merged = ancestor
        .and_then(|a| field_by_field(&versions, a))
        .unwrap_or_else(|| whole_record(&versions));
    let (record, rule, fields, edit_beat_deletion) = merged;
    let body = record.body();
    let result = if canonical_json(&body) == versions[0].1 {
        winner.rev.clone()
    } else {
        Rev::child(Some(&winner.rev), false, &body)
    };
    let mut writes = Vec::with_capacity(losers.len() + 1);
    if result != winner.rev {
        writes.push(Write {
            rev: result.clone(),
            parent: winner.rev.clone(),
            deleted: false,
        });
    }
    for l in &losers {
        writes.push(Write {
            rev: Rev::child(Some(&l.rev), true, &deletion_body()),
            parent: l.rev.clone(),
            deleted: true,
        });
    }
    Some(Resolution {
        merged: record,
        writes,
        report: ConflictReport {
            doc: winner.record.doc_id(),
            winner: winner.rev.clone(),
            losers: losers.iter().map(|l| l.rev.clone()).collect(),
            rule,
            fields,
            edit_beat_deletion,
            result,
        },
    })
}

type Merged<T> = (T, Rule, Vec<FieldChoice>, bool);

/// The keys the versions disagree on (but `updated_at`), each with the version taken.
fn disagreements(
    maps: &[Map<String, Value>],
    revs: &[&Rev],
    chosen: impl Fn(&str) -> Option<(usize, bool)>,
) -> Vec<FieldChoice> {
    let keys: BTreeSet<&String> = maps.iter().flat_map(|m| m.keys()).collect();
    keys.into_iter()
        .filter(|k| k.as_str() != UPDATED_AT)
        .filter(|k| maps.iter().any(|m| m.get(*k) != maps[0].get(*k)))
        .filter_map(|k| {
            let (i, contested) = chosen(k)?;
            Some(FieldChoice {
                key: k.to_string(),
                from: revs[i].clone(),
                contested,
            })
        })
        .collect()
}

fn greatest<T: SyncRecord>(versions: &[(Version<T>, String)], among: &[usize]) -> Option<usize> {
    among
        .iter()
        .copied()
        .reduce(|a, b| match order(&versions[b], &versions[a]) {
            Ordering::Greater => b,
            _ => a,
        })
}

fn max_updated<T: SyncRecord>(versions: &[(Version<T>, String)]) -> Millis {
    versions
        .iter()
        .map(|v| v.0.record.updated_at())
        .max()
        .unwrap_or_default()
}

/// The whole-record rule: the greatest version by [`order`], except that a live version beats
/// one in the Trash (without an ancestor every live version counts as an edit); an edit beat a
/// deletion when some version was in the Trash and the result is live.
fn whole_record<T: SyncRecord>(versions: &[(Version<T>, String)]) -> Merged<T> {
    let all: Vec<usize> = (0..versions.len()).collect();
    let live: Vec<usize> = all
        .iter()
        .copied()
        .filter(|i| versions[*i].0.record.deleted_at().is_none())
        .collect();
    let beat = !live.is_empty() && live.len() < all.len();
    let chosen = greatest(versions, if live.is_empty() { &all } else { &live }).unwrap_or(0);
    let mut body = object(versions[chosen].0.record.body());
    body.insert(UPDATED_AT.into(), Value::from(max_updated(versions)));
    let record =
        T::from_body(&Value::Object(body)).unwrap_or_else(|_| versions[chosen].0.record.clone());
    let maps: Vec<Map<String, Value>> =
        versions.iter().map(|v| object(v.0.record.body())).collect();
    let revs: Vec<&Rev> = versions.iter().map(|v| &v.0.rev).collect();
    let fields = disagreements(&maps, &revs, |_| Some((chosen, true)));
    (record, Rule::WholeRecord, fields, beat)
}

/// The field-by-field rule against `ancestor`; `None` when the mix does not read as a record.
fn field_by_field<T: SyncRecord>(
    versions: &[(Version<T>, String)],
    ancestor: &T,
) -> Option<Merged<T>> {
    let anc = object(ancestor.body());
    let maps: Vec<Map<String, Value>> =
        versions.iter().map(|v| object(v.0.record.body())).collect();
    let revs: Vec<&Rev> = versions.iter().map(|v| &v.0.rev).collect();
    let content_changed = |m: &Map<String, Value>| {
        let keys: BTreeSet<&String> = m.keys().chain(anc.keys()).collect();
        keys.into_iter()
            .filter(|k| k.as_str() != UPDATED_AT)
            .any(|k| m.get(k) != anc.get(k))
    };
    let deleting: Vec<usize> = (0..maps.len())
        .filter(|i| {
            maps[*i].get(DELETED_AT).is_some() && maps[*i].get(DELETED_AT) != anc.get(DELETED_AT)
        })
        .collect();
    let live_edits: Vec<usize> = (0..maps.len())
        .filter(|i| maps[*i].get(DELETED_AT).is_none() && content_changed(&maps[*i]))
        .collect();
    let beat = !deleting.is_empty() && !live_edits.is_empty();
    // For each key: the version taken and whether it was contested (None: the ancestor's value).
    let choose = |k: &str| -> Option<(usize, bool)> {
        if beat && k == DELETED_AT {
            return Some((greatest(versions, &live_edits)?, true));
        }
        let changed: Vec<usize> = (0..maps.len())
            .filter(|i| maps[*i].get(k) != anc.get(k))
            .collect();
        let first = *changed.first()?;
        let same = changed
            .iter()
            .all(|i| maps[*i].get(k) == maps[first].get(k));
        if same {
            Some((first, false))
        } else {
            Some((greatest(versions, &changed)?, true))
        }
    };
    let keys: BTreeSet<&String> = maps
        .iter()
        .flat_map(|m| m.keys())
        .chain(anc.keys())
        .collect();
    let mut out = Map::new();
    for k in keys {
        if k == UPDATED_AT {
            continue;
        }
        let value = match choose(k) {
            Some((i, _)) => maps[i].get(k),
            None => anc.get(k),
        };
        if let Some(v) = value {
            out.insert(k.clone(), v.clone());
        }
    }
    out.insert(UPDATED_AT.into(), Value::from(max_updated(versions)));
    let record = T::from_body(&Value::Object(out)).ok()?;
    let fields = disagreements(&maps, &revs, choose);
    Some((record, Rule::FieldByField, fields, beat))
}
