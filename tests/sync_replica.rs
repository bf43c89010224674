//! Native tests of what a phone keeps per synced record (src/domain/sync/replica.rs), with two
//! phones and a server simulated in memory as CouchDB behaves (`new_edits: false` keeps every
//! branch; `_revs_diff` answers what it lacks): local edits become deterministic revisions, pulls
//! merge and resolve conflicts, and whatever order the phones sync in, they converge on the same
//! record with no edit lost.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use rapport::domain::records::customer::Customer;
use rapport::domain::sync::doc::{self, AnyRecord, Body, DocId, Store};
use rapport::domain::sync::replica::{Entry, Settled};
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::tree::RevTree;
use serde_json::Value;

fn customer(name: &str, phone: &str, notes: &str, updated_at: i64) -> Customer {
    Customer {
        phone: phone.into(),
        notes: notes.into(),
        created_at: 1,
        ..common::customer("c1", name, updated_at)
    }
}

fn id() -> DocId {
    DocId::new(Store::Customers, "c1").expect("an id")
}

/// The server: one document's revision tree and every revision's wire document.
#[derive(Default)]
struct Server {
    tree: RevTree,
    docs: BTreeMap<Rev, Value>,
}

impl Server {
    /// `_revs_diff` + `_bulk_docs` with `new_edits: false`.
    fn push(&mut self, phone: &Phone) {
        let missing: Vec<Rev> = phone
            .entry
            .offer()
            .into_iter()
            .filter(|r| !self.tree.knows(r))
            .collect();
        for wire in phone.entry.wire_docs(&missing) {
            let d = doc::from_value(&wire).expect("a document Rapport wrote reads back");
            self.tree
                .merge_path(&d.history(), d.is_deleted())
                .expect("a valid history");
            self.docs.insert(d.rev.clone(), wire);
        }
    }

    /// The leaves a phone lacks, as `_bulk_get?revs=true` returns them.
    fn changes_for(&self, phone: &Phone) -> Vec<doc::Doc> {
        self.tree
            .leaves()
            .into_iter()
            .filter(|l| !phone.entry.t.knows(&l.rev))
            .filter_map(|l| {
                let mut wire = self.docs.get(&l.rev)?.clone();
                let history = self.tree.revisions(&l.rev)?;
                wire["_revisions"] = serde_json::to_value(history).ok()?;
                doc::from_value(&wire).ok()
            })
            .collect()
    }

    fn live_leaves(&self) -> usize {
        self.tree.leaves().iter().filter(|l| !l.deleted).count()
    }
}

/// A phone: the record it shows and its entry.
struct Phone {
    record: Option<AnyRecord>,
    entry: Entry,
    resolutions: usize,
}

impl Phone {
    fn new() -> Phone {
        Phone {
            record: None,
            entry: Entry::new(&id()),
            resolutions: 0,
        }
    }

    fn edit(&mut self, c: Customer) {
        self.record = Some(AnyRecord::Customers(c));
    }

    fn customer(&self) -> Customer {
        match &self.record {
            Some(AnyRecord::Customers(c)) => c.clone(),
            other => panic!("no customer: {other:?}"),
        }
    }

    /// The push loop: stage the local edit, offer the leaves.
    fn push(&mut self, server: &mut Server) {
        if let Some(r) = &self.record {
            self.entry.stage_local(r, None);
        }
        server.push(self);
    }

    /// The pull: as `Store::sync_apply` does, per document.
    fn pull(&mut self, server: &Server) {
        for d in server.changes_for(self) {
            if let Some(r) = &self.record {
                self.entry.stage_local(r, None);
            }
            let before = self.entry.live_leaves();
            self.entry.merge_remote(&d).expect("merges");
            match self.entry.settle(100, None) {
                Settled::Show(r) => {
                    if self.entry.resolved_elsewhere(&before, 100).is_some() {
                        self.resolutions += 1;
                    }
                    self.record = Some(*r);
                }
                Settled::Resolved(r, _) => {
                    self.resolutions += 1;
                    self.record = Some(*r);
                }
                Settled::Missing(revs) => panic!("bodies missing for {revs:?}"),
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

/// Syncs both phones until nothing changes (push, pull, push, pull…).
fn sync_all(a: &mut Phone, b: &mut Phone, server: &mut Server, a_first: bool) {
    for _ in 0..6 {
        if a_first {
            a.push(server);
            b.push(server);
        } else {
            b.push(server);
            a.push(server);
        }
        a.pull(server);
        b.pull(server);
    }
}

/// Both phones synced once with the first version.
fn start() -> (Phone, Phone, Server) {
    let mut server = Server::default();
    let mut a = Phone::new();
    let mut b = Phone::new();
    a.edit(customer("Siti Rahma", "0812", "", 10));
    a.push(&mut server);
    b.pull(&server);
    assert_eq!(b.customer().name, "Siti Rahma");
    (a, b, server)
}

#[test]
fn a_record_travels_and_an_edit_comes_back() {
    let (mut a, mut b, mut server) = start();
    b.edit(customer("Siti Rahma", "0813", "", 20));
    b.push(&mut server);
    a.pull(&server);
    assert_eq!(a.customer().phone, "0813");
    assert_eq!(a.entry.winner(), b.entry.winner());
    assert_eq!(server.live_leaves(), 1);
    // Nothing new: nothing staged, nothing pushed.
    assert!(a
        .entry
        .stage_local(a.record.as_ref().expect("a record"), None)
        .is_none());
}

#[test]
fn different_fields_edited_apart_are_both_kept_and_both_phones_converge() {
    for a_first in [true, false] {
        let (mut a, mut b, mut server) = start();
        a.edit(customer("Siti Rahmawati", "0812", "", 20));
        b.edit(customer("Siti Rahma", "0813", "", 30));
        sync_all(&mut a, &mut b, &mut server, a_first);
        let (ca, cb) = (a.customer(), b.customer());
        assert_eq!(ca, cb);
        assert_eq!(ca.name, "Siti Rahmawati", "A's edit kept");
        assert_eq!(ca.phone, "0813", "B's edit kept");
        assert_eq!(ca.updated_at, 30);
        assert_eq!(a.entry.winner(), b.entry.winner());
        assert_eq!(
            server.live_leaves(),
            1,
            "the conflict is closed on the server"
        );
        assert!(a.resolutions + b.resolutions >= 1);
    }
}

#[test]
fn the_same_field_edited_apart_takes_the_later_edit_everywhere() {
    let (mut a, mut b, mut server) = start();
    a.edit(customer("Siti A", "0812", "", 20));
    b.edit(customer("Siti B", "0812", "", 30));
    sync_all(&mut a, &mut b, &mut server, true);
    assert_eq!(a.customer().name, "Siti B");
    assert_eq!(b.customer(), a.customer());
    assert_eq!(server.live_leaves(), 1);
}

#[test]
fn an_edit_beats_a_move_to_the_trash() {
    let (mut a, mut b, mut server) = start();
    let mut trashed = customer("Siti Rahma", "0812", "", 40);
    trashed.deleted_at = Some(40);
    a.edit(trashed);
    b.edit(customer("Siti Rahma", "0812", "likes kue", 20));
    sync_all(&mut a, &mut b, &mut server, false);
    let c = a.customer();
    assert_eq!(c, b.customer());
    assert_eq!(c.deleted_at, None, "out of the Trash");
    assert_eq!(c.notes, "likes kue", "with the edit");
}

#[test]
fn a_phone_that_sees_only_the_resolution_gets_the_same_record() {
    let (mut a, mut b, mut server) = start();
    a.edit(customer("Siti Rahmawati", "0812", "", 20));
    b.edit(customer("Siti Rahma", "0813", "", 30));
    // Both push; A resolves; B then pulls everything at once.
    a.push(&mut server);
    b.push(&mut server);
    a.pull(&server);
    a.push(&mut server);
    b.pull(&server);
    assert_eq!(a.customer(), b.customer());
    assert_eq!(a.customer().phone, "0813");
    assert_eq!(a.customer().name, "Siti Rahmawati");
    // Both list it: A resolved it, B saw its own version closed by A's resolution.
    assert_eq!((a.resolutions, b.resolutions), (1, 1));
}

#[test]
fn a_side_resolved_before_it_was_pushed_still_reaches_the_server_with_its_body() {
    let (mut a, mut b, mut server) = start();
    a.edit(customer("Siti Rahmawati", "0812", "", 20));
    b.edit(customer("Siti Rahma", "0813", "", 30));
    a.push(&mut server);
    // B pulls A's edit before it pushed its own: it stages it, resolves, then pushes.
    b.pull(&server);
    b.push(&mut server);
    assert_eq!(b.resolutions, 1);
    // The server holds B's own version with its body, not only its name in the history.
    let bs_side = b.entry.t.revs().find(|r| {
        r.pos == 2
            && server
                .docs
                .get(*r)
                .is_some_and(|d| d["phone"] == "0813" && d["name"] == "Siti Rahma")
    });
    assert!(bs_side.is_some(), "B's side is on the server with its body");
    a.pull(&server);
    assert_eq!(a.customer(), b.customer());
}

#[test]
fn kept_bodies_stay_few() {
    let (mut a, _b, mut server) = start();
    for i in 0..50 {
        a.edit(customer(&format!("Siti {i}"), "0812", "", 100 + i));
        a.push(&mut server);
    }
    assert!(a.entry.k.len() <= 6, "{} bodies kept", a.entry.k.len());
    let json = serde_json::to_string(&a.entry).expect("serialises");
    let back: Entry = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, a.entry);
}

#[test]
fn pushed_documents_read_back_as_the_record_with_its_history() {
    let (a, _b, server) = start();
    let w = a.entry.winner().expect("a winner");
    let wire = server.docs.get(&w.rev).expect("on the server");
    let d = doc::from_value(wire).expect("reads");
    let Body::Plain(r) = d.body else {
        panic!("a live record")
    };
    assert_eq!(Some(*r), a.record);
    assert!(d.revisions.is_some(), "sent with _revisions");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any edits of the three fields on both phones, synced in either order: the phones end
    /// equal, with one live leaf, and every field changed on one side only keeps that change.
    #[test]
    fn two_phones_always_converge_without_losing_one_sided_edits(
        a_name in proptest::option::of("[a-z]{1,6}"),
        a_phone in proptest::option::of("[0-9]{1,4}"),
        b_phone in proptest::option::of("[0-9]{1,4}"),
        b_notes in proptest::option::of("[a-z ]{1,8}"),
        a_first in any::<bool>(),
        ta in 11i64..50,
        tb in 11i64..50,
    ) {
        let (mut a, mut b, mut server) = start();
        let base = a.customer();
        let mut ca = base.clone();
        if let Some(n) = &a_name { ca.name = n.clone(); }
        if let Some(p) = &a_phone { ca.phone = p.clone(); }
        ca.updated_at = ta;
        let mut cb = base.clone();
        if let Some(p) = &b_phone { cb.phone = p.clone(); }
        if let Some(n) = &b_notes { cb.notes = n.clone(); }
        cb.updated_at = tb;
        a.edit(ca.clone());
        b.edit(cb.clone());
        sync_all(&mut a, &mut b, &mut server, a_first);
        let end = a.customer();
        prop_assert_eq!(&end, &b.customer());
        prop_assert_eq!(server.live_leaves(), 1);
        // One-sided changes survive.
        if a_name.is_some() { prop_assert_eq!(&end.name, &ca.name); }
        if b_notes.is_some() { prop_assert_eq!(&end.notes, &cb.notes); }
        if a_phone.is_some() && b_phone.is_none() { prop_assert_eq!(&end.phone, &ca.phone); }
        if b_phone.is_some() && a_phone.is_none() { prop_assert_eq!(&end.phone, &cb.phone); }
        // The phone both changed: one of the two values, never the old one unless both kept it.
        let phones = [ca.phone.clone(), cb.phone.clone()];
        prop_assert!(phones.contains(&end.phone));
    }
}
