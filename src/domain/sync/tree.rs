//! A record's revision tree, as CouchDB keeps it (docs.couchdb.org → Replication → Conflicts).
//!
//! Every version of a document is a revision; each has a parent (the version it was edited
//! from) unless it is a root. Edits made apart (on two phones, offline) give the same parent two
//! children: the tree branches, and each branch ends in a *leaf*. A leaf may be *deleted*
//! (`_deleted: true`).
//!
//! - The **winner** (the document's `_rev`) is the same on every replica: among the live leaves
//!   the one with the greatest position wins, ties broken by the greater hash (string order); if
//!   every leaf is deleted, the same rule among the deleted leaves (then the document is deleted).
//! - The other live leaves are the **conflicts** (`_conflicts`); the other deleted leaves the
//!   `_deleted_conflicts`.
//! - A local edit is a child of the winner ([`RevTree::edit`]); a document from another replica
//!   comes with its history (`_revisions {start, ids}`, newest first) and is merged path by path
//!   ([`RevTree::merge_path`]): merging is idempotent and the order of merges does not matter.
//! - History is **trimmed** to [`REVS_LIMIT`] revisions per branch ([`RevTree::stem`]); a trimmed
//!   root still remembers its parent's hash, so a replica that sends the trimmed revisions again
//!   does not make them look like a new branch.
//!
//! Stored compactly beside each record (see [`RevTree`]'s serde form).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::rev::{canonical_json, valid_hash, Rev};

/// Revisions kept per branch: the leaf and its 99 nearest ancestors. CouchDB's `_revs_limit`
/// defaults to 1,000; 100 keeps the tree beside each of 100,000 records small, and a phone
/// would have to miss 100 edits of one record before trimming could make its next push look
/// like a conflict — which the conflict rules then merge like any other.
pub const REVS_LIMIT: usize = 100;

/// A document's history as the wire carries it (`_revisions`): `ids[0]` is the revision at
/// position `start`, `ids[1]` its parent at `start - 1`, and so on (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub start: u64,
    pub ids: Vec<String>,
}

/// Why a history (`_revisions`, a revision to add, or a stored tree) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeError {
    /// No revision ids.
    NoIds,
    /// A hash that is not a revision hash (see [`valid_hash`]).
    BadHash,
    /// `start` is smaller than the number of ids (positions would go below 1).
    StartTooSmall,
    /// A parent whose position is not the child's minus one.
    BadParent,
}

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TreeError::NoIds => "no revision ids",
            TreeError::BadHash => "a revision hash is not letters and digits",
            TreeError::StartTooSmall => "start is smaller than the number of ids",
            TreeError::BadParent => "the parent's position is not the child's minus one",
        })
    }
}

impl Revisions {
    /// Checks the history: at least one id, every id a hash, positions from `start` down stay ≥ 1.
    pub fn check(&self) -> Result<(), TreeError> {
        if self.ids.is_empty() {
            return Err(TreeError::NoIds);
        }
        if !self.ids.iter().all(|h| valid_hash(h)) {
            return Err(TreeError::BadHash);
        }
        if self.start < self.ids.len() as u64 {
            return Err(TreeError::StartTooSmall);
        }
        Ok(())
    }

    /// The newest revision (`start-ids[0]`), when the history is valid.
    pub fn leaf(&self) -> Option<Rev> {
        self.check().ok()?;
        Rev::new(self.start, &self.ids[0]).ok()
    }

    /// Every revision, newest first, when the history is valid.
    pub fn revs(&self) -> Result<Vec<Rev>, TreeError> {
        self.check()?;
        Ok(self
            .ids
            .iter()
            .enumerate()
            .map(|(i, h)| Rev {
                pos: self.start - i as u64,
                hash: h.clone(),
            })
            .collect())
    }
}

/// A leaf of the tree: the end of a branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    pub rev: Rev,
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    /// The parent's hash (at position − 1); kept after the parent itself was trimmed.
    parent: Option<String>,
    /// Only meaningful on a leaf (always false on a revision that has a child).
    deleted: bool,
}

/// One record's revision tree. Two trees are equal when they hold the same revisions with the
/// same parents and the same deleted leaves, whatever order they were built in.
///
/// Serde form (compact, for IndexedDB): a list of chains `[pos, flags, [hash, parent hash, …]]`,
/// one per leaf in revision order, each running from its leaf (at `pos`) up to its root, or up to
/// a revision an earlier chain already holds (then that revision's hash ends the chain). `flags`
/// bit 0: the leaf is deleted; bit 1: the last hash is a trimmed parent, not a kept revision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevTree {
    nodes: BTreeMap<Rev, Node>,
}

impl RevTree {
    pub fn new() -> RevTree {
        RevTree::default()
    }

    /// No revisions at all (a record this replica never synced).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// How many revisions the tree keeps.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree keeps this revision.
    pub fn contains(&self, rev: &Rev) -> bool {
        self.nodes.contains_key(rev)
    }

    /// Every kept revision, in revision order.
    pub fn revs(&self) -> impl Iterator<Item = &Rev> {
        self.nodes.keys()
    }

    /// The revisions that some revision names as its parent (kept or trimmed).
    fn parents(&self) -> BTreeSet<Rev> {
        self.nodes
            .iter()
            .filter_map(|(rev, n)| {
                let hash = n.parent.as_ref()?;
                Some(Rev {
                    pos: rev.pos.checked_sub(1)?,
                    hash: hash.clone(),
                })
            })
            .collect()
    }

    /// Adds one revision, or completes what the tree knows of it: a known parent beats an
    /// unknown one (two different parents cannot both be right; the greater hash is kept so the
    /// result does not depend on order); a leaf is deleted if either says so.
    fn insert(&mut self, rev: Rev, parent: Option<String>, deleted: bool) {
        match self.nodes.get_mut(&rev) {
            Some(n) => {
                n.parent = match (n.parent.take(), parent) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                n.deleted |= deleted;
            }
            None => {
                self.nodes.insert(rev, Node { parent, deleted });
            }
        }
    }

    /// Clears the deleted flag of every revision that has a child.
    fn normalise(&mut self) {
        for p in self.parents() {
            if let Some(n) = self.nodes.get_mut(&p) {
                n.deleted = false;
            }
        }
    }

    /// Every leaf, the winner first, then in CouchDB's winner order.
    pub fn leaves(&self) -> Vec<Leaf> {
        let parents = self.parents();
        let mut leaves: Vec<Leaf> = self
            .nodes
            .iter()
            .filter(|(rev, _)| !parents.contains(*rev))
            .map(|(rev, n)| Leaf {
                rev: rev.clone(),
                deleted: n.deleted,
            })
            .collect();
        leaves.sort_by(|a, b| Rev::winner_order((&b.rev, b.deleted), (&a.rev, a.deleted)));
        leaves
    }

    /// The winning leaf (the document's `_rev`), `None` for an empty tree.
    pub fn winner(&self) -> Option<Leaf> {
        self.leaves().into_iter().next()
    }

    /// The document is deleted: every leaf is deleted (and there is at least one).
    pub fn is_deleted(&self) -> bool {
        self.winner().is_some_and(|w| w.deleted)
    }

    /// `_conflicts`: the live leaves that are not the winner, in winner order.
    pub fn conflicts(&self) -> Vec<Rev> {
        self.leaves()
            .into_iter()
            .skip(1)
            .filter(|l| !l.deleted)
            .map(|l| l.rev)
            .collect()
    }

    /// `_deleted_conflicts`: the deleted leaves that are not the winner, in winner order.
    pub fn deleted_conflicts(&self) -> Vec<Rev> {
        self.leaves()
            .into_iter()
            .skip(1)
            .filter(|l| l.deleted)
            .map(|l| l.rev)
            .collect()
    }

    /// A local edit: the deterministic revision ([`Rev::child`]) of `body` as a child of the
    /// winner (a first revision when the tree is empty), added and returned. The same edit of the
    /// same winner gives the same revision, so making it twice changes nothing.
    pub fn edit(&mut self, deleted: bool, body: &Value) -> Rev {
        self.edit_text(deleted, &canonical_json(body))
    }

    /// [`RevTree::edit`] with the body's text given ([`Rev::child_of_text`]; in a team-encrypted
    /// database the keyed digest that stands for the body).
    pub fn edit_text(&mut self, deleted: bool, body_text: &str) -> Rev {
        let parent = self.winner().map(|w| w.rev);
        let rev = Rev::child_of_text(parent.as_ref(), deleted, body_text);
        self.insert(rev.clone(), parent.map(|p| p.hash), deleted);
        self.normalise();
        self.stem(REVS_LIMIT);
        rev
    }

    /// Adds `rev` as a child of `parent` (a root when `None`), e.g. a conflict's resolution.
    /// Returns whether the tree did not hold it yet.
    pub fn add(
        &mut self,
        rev: &Rev,
        parent: Option<&Rev>,
        deleted: bool,
    ) -> Result<bool, TreeError> {
        if let Some(p) = parent {
            if p.pos.checked_add(1) != Some(rev.pos) {
                return Err(TreeError::BadParent);
            }
        }
        let mut ids = vec![rev.hash.clone()];
        ids.extend(parent.map(|p| p.hash.clone()));
        self.merge_path(
            &Revisions {
                start: rev.pos,
                ids,
            },
            deleted,
        )
    }

    /// Merges a document from another replica: its history `revisions` (`_revisions`) and
    /// whether its newest revision is `deleted`. Revisions already held are completed, new ones
    /// added; then the tree is trimmed to [`REVS_LIMIT`]. Returns whether the newest revision was
    /// new to this tree. Merging the same history again changes nothing, and merging several
    /// histories gives the same tree in any order.
    pub fn merge_path(&mut self, revisions: &Revisions, deleted: bool) -> Result<bool, TreeError> {
        let revs = revisions.revs()?;
        let is_new = !self.knows(&revs[0]);
        for (i, rev) in revs.iter().enumerate() {
            let parent = revisions.ids.get(i + 1).cloned();
            self.insert(rev.clone(), parent, i == 0 && deleted);
        }
        self.normalise();
        self.stem(REVS_LIMIT);
        Ok(is_new)
    }

    /// The tree holds `rev`, or once held it and trimmed it (it is a kept revision's parent).
    pub fn knows(&self, rev: &Rev) -> bool {
        self.nodes.contains_key(rev) || self.parents().contains(rev)
    }

    /// `_revs_diff`: those of `revs` this tree does not know (see [`RevTree::knows`]), sorted and
    /// without repeats.
    pub fn revs_diff(&self, revs: &[Rev]) -> Vec<Rev> {
        let parents = self.parents();
        let missing: BTreeSet<&Rev> = revs
            .iter()
            .filter(|r| !self.nodes.contains_key(*r) && !parents.contains(*r))
            .collect();
        missing.into_iter().cloned().collect()
    }

    /// `rev` and its kept ancestors, newest first.
    pub fn ancestry(&self, rev: &Rev) -> Vec<Rev> {
        let mut out = Vec::new();
        let mut cur = rev.clone();
        while let Some(n) = self.nodes.get(&cur) {
            out.push(cur.clone());
            match (&n.parent, cur.pos.checked_sub(1)) {
                (Some(h), Some(pos)) if pos > 0 => {
                    cur = Rev {
                        pos,
                        hash: h.clone(),
                    }
                }
                _ => break,
            }
        }
        out
    }

    /// The `_revisions` to push with `rev`: it and its ancestors, newest first, at most
    /// [`REVS_LIMIT`] (a trimmed parent's hash is included when there is room). `None` when
    /// the tree does not keep `rev`.
    pub fn revisions(&self, rev: &Rev) -> Option<Revisions> {
        let path = self.ancestry(rev);
        let oldest = path.last()?;
        let mut ids: Vec<String> = path
            .iter()
            .take(REVS_LIMIT)
            .map(|r| r.hash.clone())
            .collect();
        if ids.len() < REVS_LIMIT && oldest.pos > 1 {
            if let Some(p) = self.nodes.get(oldest).and_then(|n| n.parent.clone()) {
                ids.push(p);
            }
        }
        Some(Revisions {
            start: rev.pos,
            ids,
        })
    }

    /// The newest revision that is an ancestor of (or equal to) every one of `revs`, among the
    /// kept revisions; `None` when they share none the tree keeps (or `revs` is empty).
    pub fn common_ancestor(&self, revs: &[Rev]) -> Option<Rev> {
        let mut sets = revs
            .iter()
            .map(|r| self.ancestry(r).into_iter().collect::<BTreeSet<Rev>>());
        let first = sets.next()?;
        let common = sets.fold(first, |acc, s| acc.intersection(&s).cloned().collect());
        common.into_iter().next_back()
    }

    /// Trims history: keeps, for every leaf, the leaf and its `limit − 1` nearest ancestors
    /// (at least the leaf). A kept revision whose parent goes still names the parent's hash.
    pub fn stem(&mut self, limit: usize) {
        let limit = limit.max(1);
        let mut keep: BTreeSet<Rev> = BTreeSet::new();
        for leaf in self.leaves() {
            keep.extend(self.ancestry(&leaf.rev).into_iter().take(limit));
        }
        self.nodes.retain(|rev, _| keep.contains(rev));
    }
}

/// One chain of the serde form: `[pos, flags, hashes]`.
type Chain = (u64, u8, Vec<String>);

impl Serialize for RevTree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut leaves: Vec<Leaf> = self.leaves();
        leaves.sort_by(|a, b| a.rev.cmp(&b.rev));
        let mut done: BTreeSet<&Rev> = BTreeSet::new();
        let mut chains: Vec<Chain> = Vec::with_capacity(leaves.len());
        for leaf in &leaves {
            let mut flags = u8::from(leaf.deleted);
            let mut hashes = Vec::new();
            let Some((mut cur, mut node)) = self.nodes.get_key_value(&leaf.rev) else {
                continue;
            };
            loop {
                hashes.push(cur.hash.clone());
                done.insert(cur);
                let Some(ph) = &node.parent else { break };
                let parent = Rev {
                    pos: cur.pos.saturating_sub(1),
                    hash: ph.clone(),
                };
                match self.nodes.get_key_value(&parent) {
                    Some((p, pn)) if !done.contains(p) => {
                        cur = p;
                        node = pn;
                    }
                    Some(_) => {
                        hashes.push(ph.clone());
                        break;
                    }
                    None => {
                        hashes.push(ph.clone());
                        flags |= 2;
                        break;
                    }
                }
            }
            chains.push((leaf.rev.pos, flags, hashes));
        }
        chains.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RevTree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RevTree, D::Error> {
        use serde::de::Error;
        let chains: Vec<Chain> = Vec::deserialize(d)?;
        let mut tree = RevTree::new();
        for (pos, flags, hashes) in chains {
            let trimmed_tail = flags & 2 != 0;
            let kept = hashes.len() - usize::from(trimmed_tail && !hashes.is_empty());
            if flags > 3 || kept == 0 {
                return Err(D::Error::custom("a revision chain without revisions"));
            }
            Revisions {
                start: pos,
                ids: hashes.clone(),
            }
            .check()
            .map_err(D::Error::custom)?;
            for (i, hash) in hashes.iter().take(kept).enumerate() {
                let rev = Rev {
                    pos: pos - i as u64,
                    hash: hash.clone(),
                };
                tree.insert(rev, hashes.get(i + 1).cloned(), i == 0 && flags & 1 != 0);
            }
        }
        tree.normalise();
        Ok(tree)
    }
}
