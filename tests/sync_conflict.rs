//! Native tests of conflict resolution (src/domain/sync/conflict.rs): field by field against the
//! common ancestor, whole records without one, "an edit beats a deletion", the report, the
//! deterministic revisions (two phones resolving the same conflict in either order write the
//! same ones and converge), and the fixed point (resolving the result again does nothing).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::settings::Settings;
use rapport::domain::sync::conflict::*;
use rapport::domain::sync::doc::{deletion_body, SyncRecord};
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::tree::RevTree;

fn customer(name: &str, updated_at: i64) -> Customer {
    common::customer("c1", name, updated_at)
}

fn rev(s: &str) -> Rev {
    Rev::parse(s).expect("a revision")
}

fn v<T>(r: &str, record: T) -> Version<T> {
    Version {
        rev: rev(r),
        record,
    }
}

fn keys(report: &ConflictReport) -> Vec<(&str, String, bool)> {
    report
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.from.to_string(), f.contested))
        .collect()
}

#[test]
fn nothing_to_resolve_without_losers() {
    let w = v("2-b", customer("Siti", 2));
    assert_eq!(resolve(&w, &[], None), None);
    assert_eq!(
        resolve(&w, std::slice::from_ref(&w), None),
        None,
        "the winner is no loser"
    );
}

#[test]
fn fields_changed_on_different_phones_are_both_kept() {
    let base = customer("Siti", 1);
    let mut a = base.clone();
    a.name = "Siti Rahma".into();
    a.updated_at = 5;
    let mut b = base.clone();
    b.phone = "0812".into();
    b.notes = "Likes pandan".into();
    b.updated_at = 9;
    let r = resolve(&v("2-a", a), &[v("2-b", b)], Some(&base)).expect("a conflict");
    assert_eq!(r.merged.name, "Siti Rahma");
    assert_eq!(r.merged.phone, "0812");
    assert_eq!(r.merged.notes, "Likes pandan");
    assert_eq!(r.merged.updated_at, 9, "the latest edit's time");
    assert_eq!(r.report.rule, Rule::FieldByField);
    assert!(!r.report.edit_beat_deletion);
    assert_eq!(
        keys(&r.report),
        [
            ("name", "2-a".to_string(), false),
            ("notes", "2-b".to_string(), false),
            ("phone", "2-b".to_string(), false)
        ]
    );
    assert_eq!(r.report.doc.to_string(), "customers:c1");
    assert_eq!(
        (r.report.winner.clone(), r.report.losers.clone()),
        (rev("2-a"), vec![rev("2-b")])
    );
    // The writes: the merge as a child of the winner, a deletion as a child of the loser.
    let body = r.merged.body();
    assert_eq!(
        r.writes,
        [
            Write {
                rev: Rev::child(Some(&rev("2-a")), false, &body),
                parent: rev("2-a"),
                deleted: false
            },
            Write {
                rev: Rev::child(Some(&rev("2-b")), true, &deletion_body()),
                parent: rev("2-b"),
                deleted: true
            },
        ]
    );
    assert_eq!(r.report.result, r.writes[0].rev);
}

#[test]
fn a_field_changed_on_both_phones_takes_the_later_edit() {
    let base = customer("Siti", 1);
    let (mut a, mut b) = (base.clone(), base.clone());
    a.name = "Siti A".into();
    a.updated_at = 7;
    b.name = "Siti B".into();
    b.updated_at = 6;
    let r = resolve(&v("2-b", b.clone()), &[v("2-a", a.clone())], Some(&base)).expect("conflict");
    assert_eq!(r.merged.name, "Siti A");
    assert_eq!(keys(&r.report), [("name", "2-a".to_string(), true)]);
    // Same time: the greater canonical JSON wins, the same on every phone.
    b.updated_at = 7;
    let r1 = resolve(&v("2-b", b.clone()), &[v("2-a", a.clone())], Some(&base)).expect("conflict");
    let r2 = resolve(&v("2-a", a), &[v("2-b", b)], Some(&base)).expect("conflict");
    assert_eq!(r1.merged, r2.merged);
    assert_eq!(
        r1.merged.name, "Siti B",
        "\"Siti B\" sorts after \"Siti A\""
    );
}

#[test]
fn an_edit_beats_a_deletion_and_says_so() {
    let base = customer("Siti", 1);
    let mut trashed = base.clone();
    trashed.deleted_at = Some(10);
    trashed.updated_at = 10;
    let mut edited = base.clone();
    edited.notes = "Ordered again".into();
    edited.updated_at = 4;
    for ancestor in [Some(&base), None] {
        let r = resolve(
            &v("2-t", trashed.clone()),
            &[v("2-e", edited.clone())],
            ancestor,
        )
        .expect("conflict");
        assert_eq!(
            r.merged.deleted_at, None,
            "stays out of the Trash ({ancestor:?})"
        );
        assert_eq!(r.merged.notes, "Ordered again");
        assert!(r.report.edit_beat_deletion);
        assert!(keys(&r.report).contains(&("deleted_at", "2-e".to_string(), true)));
        assert_eq!(r.merged.updated_at, 10);
    }
    // A deletion against a side that changed nothing is taken.
    let mut untouched = base.clone();
    untouched.updated_at = 3;
    let r = resolve(
        &v("2-t", trashed.clone()),
        &[v("2-u", untouched)],
        Some(&base),
    )
    .expect("c");
    assert_eq!(r.merged.deleted_at, Some(10));
    assert!(!r.report.edit_beat_deletion);
    // Restored on one phone while edited in the Trash on the other: restored, with the edit.
    let mut in_trash = base.clone();
    in_trash.deleted_at = Some(5);
    let mut restored = in_trash.clone();
    restored.deleted_at = None;
    restored.updated_at = 6;
    let mut noted = in_trash.clone();
    noted.notes = "x".into();
    noted.updated_at = 7;
    let r = resolve(&v("2-r", restored), &[v("2-n", noted)], Some(&in_trash)).expect("c");
    assert_eq!((r.merged.deleted_at, r.merged.notes.as_str()), (None, "x"));
    assert!(!r.report.edit_beat_deletion, "nobody deleted it here");
}

#[test]
fn without_an_ancestor_whole_records_follow_the_backup_order() {
    let mut a = customer("Siti A", 5);
    a.phone = "0812".into();
    let mut b = customer("Siti B", 8);
    b.email = "b@example.com".into();
    let r = resolve(&v("3-a", a.clone()), &[v("2-b", b.clone())], None).expect("conflict");
    assert_eq!(r.report.rule, Rule::WholeRecord);
    let mut expected = b.clone();
    expected.updated_at = 8;
    assert_eq!(r.merged, expected);
    assert_eq!(
        keys(&r.report),
        [
            ("email", "2-b".to_string(), true),
            ("name", "2-b".to_string(), true),
            ("phone", "2-b".to_string(), true)
        ]
    );
    // Later than the deletion or not, a live version is an edit that beats it, and it is said.
    let mut old_trash = customer("Siti", 2);
    old_trash.deleted_at = Some(2);
    let r = resolve(&v("2-t", old_trash), &[v("2-b", b.clone())], None).expect("conflict");
    assert_eq!(
        (r.merged.deleted_at, r.report.edit_beat_deletion),
        (None, true)
    );
    // Every version in the Trash: the later one.
    let (mut t1, mut t2) = (customer("Siti 1", 3), customer("Siti 2", 4));
    t1.deleted_at = Some(3);
    t2.deleted_at = Some(4);
    let r = resolve(&v("2-x", t1), &[v("2-y", t2.clone())], None).expect("conflict");
    assert_eq!((r.merged, r.report.edit_beat_deletion), (t2, false));
    // A tie on updated_at: the one in the Trash would win the backup merge, but an edit beats it.
    let mut t = customer("Siti", 8);
    t.deleted_at = Some(8);
    let r = resolve(&v("2-t", t), &[v("2-b", b.clone())], None).expect("conflict");
    assert_eq!(r.merged.deleted_at, None);
    assert!(r.report.edit_beat_deletion);
}

#[test]
fn when_the_winner_already_is_the_merge_only_the_losers_are_deleted() {
    let base = customer("Siti", 1);
    let mut a = base.clone();
    a.name = "Siti Rahma".into();
    a.updated_at = 9;
    let mut b = base.clone();
    b.updated_at = 2;
    let r = resolve(&v("2-a", a.clone()), &[v("2-b", b)], Some(&base)).expect("conflict");
    assert_eq!(r.merged, a);
    assert_eq!(r.report.result, rev("2-a"));
    assert_eq!(r.writes.len(), 1);
    assert!(r.writes[0].deleted);
}

#[test]
fn three_way_conflicts_and_settings_resolve_too() {
    let base = customer("Siti", 1);
    let (mut a, mut b, mut c) = (base.clone(), base.clone(), base.clone());
    a.name = "A".into();
    a.updated_at = 2;
    b.phone = "0812".into();
    b.updated_at = 3;
    c.name = "C".into();
    c.tags = vec!["vip".into()];
    c.updated_at = 4;
    let r = resolve(&v("2-a", a), &[v("2-c", c), v("2-b", b)], Some(&base)).expect("conflict");
    assert_eq!(
        (r.merged.name.as_str(), r.merged.phone.as_str()),
        ("C", "0812")
    );
    assert_eq!(r.merged.tags, ["vip"]);
    assert_eq!(r.report.losers, [rev("2-b"), rev("2-c")]);
    assert_eq!(r.writes.iter().filter(|w| w.deleted).count(), 2);

    let s0 = Settings::for_country(rapport::domain::basics::locale::Country::ID);
    let (mut s1, mut s2) = (s0.clone(), s0.clone());
    s1.business_name = "Dewi Cakes".into();
    s1.updated_at = 5;
    s2.backup_reminder_days = 30;
    s2.updated_at = 6;
    let r = resolve(&v("2-x", s1), &[v("2-y", s2)], Some(&s0)).expect("conflict");
    assert_eq!(
        (
            r.merged.business_name.as_str(),
            r.merged.backup_reminder_days
        ),
        ("Dewi Cakes", 30)
    );
    assert_eq!(r.report.doc.to_string(), "settings:business");
}

/// A phone: its revision tree and the bodies of the revisions it holds.
#[derive(Clone)]
struct Phone {
    tree: RevTree,
    bodies: BTreeMap<Rev, Customer>,
}

impl Phone {
    fn edit(&mut self, c: Customer) -> Rev {
        let r = self.tree.edit(false, &c.body());
        self.bodies.insert(r.clone(), c);
        r
    }

    /// Pulls every leaf the other phone has (with its history and body).
    fn pull(&mut self, other: &Phone) {
        for leaf in other.tree.leaves() {
            let h = other.tree.revisions(&leaf.rev).expect("history");
            self.tree.merge_path(&h, leaf.deleted).expect("ok");
            if let Some(b) = other.bodies.get(&leaf.rev) {
                self.bodies.insert(leaf.rev.clone(), b.clone());
            }
        }
    }

    /// Resolves the conflict as the app will: winner, losers, ancestor body when held.
    fn resolve(&mut self) -> Option<Resolution<Customer>> {
        let w = self.tree.winner()?.rev;
        let version = |r: &Rev| Version {
            rev: r.clone(),
            record: self.bodies[r].clone(),
        };
        let losers: Vec<Version<Customer>> = self.tree.conflicts().iter().map(version).collect();
        let mut all = vec![w.clone()];
        all.extend(self.tree.conflicts());
        let ancestor = self
            .tree
            .common_ancestor(&all)
            .and_then(|a| self.bodies.get(&a).cloned());
        let res = resolve(&version(&w), &losers, ancestor.as_ref())?;
        res.apply(&mut self.tree).expect("ok");
        self.bodies
            .insert(res.report.result.clone(), res.merged.clone());
        Some(res)
    }
}

#[test]
fn two_phones_resolving_the_same_conflict_in_either_order_converge() {
    let mut start = Phone {
        tree: RevTree::new(),
        bodies: BTreeMap::new(),
    };
    let base = customer("Siti", 1);
    start.edit(base.clone());
    let (mut p1, mut p2) = (start.clone(), start.clone());
    let mut a = base.clone();
    a.name = "Siti Rahma".into();
    a.updated_at = 5;
    p1.edit(a);
    let mut b = base.clone();
    b.phone = "0812-3456-7890".into();
    b.updated_at = 6;
    p2.edit(b);
    let (p1_edit, p2_edit) = (p1.clone(), p2.clone());
    // Phone 1 pulls phone 2's edit and resolves; phone 2, not yet seeing that, pulls phone 1's
    // edit and resolves on its own: the other order.
    p1.pull(&p2_edit);
    let r1 = p1.resolve().expect("a conflict on phone 1");
    p2.pull(&p1_edit);
    let r2 = p2.resolve().expect("a conflict on phone 2");
    assert_eq!(r2, r1, "the same merge and the same revisions");
    // They exchange their resolutions: nothing new, no conflict, the same tree and record; a
    // third phone that pulls from both (in either order) ends the same.
    p2.pull(&p1);
    p1.pull(&p2);
    let (mut p3, mut p4) = (start.clone(), start.clone());
    p3.pull(&p2);
    p3.pull(&p1);
    p4.pull(&p1_edit);
    p4.pull(&p2_edit);
    p4.pull(&p1);
    for p in [&p1, &p2, &p3, &p4] {
        assert!(p.tree.conflicts().is_empty());
        assert_eq!(p.tree, p1.tree);
        assert_eq!(
            p.tree.winner().map(|w| w.rev),
            Some(r1.report.result.clone())
        );
    }
    let merged = &p1.bodies[&r1.report.result];
    assert_eq!(
        (merged.name.as_str(), merged.phone.as_str()),
        ("Siti Rahma", "0812-3456-7890")
    );
    // The fixed point: nothing left to resolve.
    assert_eq!(p1.clone().resolve(), None);
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// One phone's edit of the base: each field maybe changed, maybe moved to the Trash.
#[derive(Clone, Debug)]
struct Edit {
    name: Option<String>,
    phone: Option<String>,
    notes: Option<String>,
    tags: Option<Vec<String>>,
    trash: bool,
    updated_at: i64,
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    (
        prop::option::of("[A-C]{1,2}"),
        prop::option::of("[0-2]{1,2}"),
        prop::option::of("[x-z]{0,2}"),
        prop::option::of(prop::collection::vec("[a-b]", 0..2)),
        prop::bool::weighted(0.3),
        2i64..6,
    )
        .prop_map(|(name, phone, notes, tags, trash, updated_at)| Edit {
            name,
            phone,
            notes,
            tags,
            trash,
            updated_at,
        })
}

fn apply(base: &Customer, e: &Edit) -> Customer {
    let mut c = base.clone();
    if let Some(n) = &e.name {
        c.name = n.clone();
    }
    if let Some(p) = &e.phone {
        c.phone = p.clone();
    }
    if let Some(n) = &e.notes {
        c.notes = n.clone();
    }
    if let Some(t) = &e.tags {
        c.tags = t.clone();
    }
    if e.trash {
        c.deleted_at = Some(e.updated_at);
    }
    c.updated_at = e.updated_at;
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_merge_does_not_depend_on_which_leaf_won(ea in arb_edit(), eb in arb_edit(), known in any::<bool>()) {
        let base = customer("Siti", 1);
        let (a, b) = (apply(&base, &ea), apply(&base, &eb));
        let anc = known.then_some(&base);
        let x = resolve(&v("2-a", a.clone()), &[v("2-b", b.clone())], anc).expect("conflict");
        let y = resolve(&v("2-b", b), &[v("2-a", a)], anc).expect("conflict");
        prop_assert_eq!(&x.merged, &y.merged);
        prop_assert_eq!(x.report.edit_beat_deletion, y.report.edit_beat_deletion);
        prop_assert_eq!(x.report.rule, y.report.rule);
    }

    #[test]
    fn no_edit_is_lost(ea in arb_edit(), eb in arb_edit()) {
        let base = customer("Siti", 1);
        let (a, b) = (apply(&base, &ea), apply(&base, &eb));
        let r = resolve(&v("2-a", a.clone()), &[v("2-b", b.clone())], Some(&base)).expect("conflict");
        let m = &r.merged;
        // A field changed on one side only is that side's.
        for (mine, theirs, side) in [(&ea, &eb, &a), (&eb, &ea, &b)] {
            if mine.name.is_some() && side.name != base.name && (theirs.name.is_none() || apply(&base, theirs).name == base.name) {
                prop_assert_eq!(&m.name, &side.name);
            }
            if mine.notes.is_some() && side.notes != base.notes && (theirs.notes.is_none() || apply(&base, theirs).notes == base.notes) {
                prop_assert_eq!(&m.notes, &side.notes);
            }
        }
        // Every value in the merge comes from one of the versions.
        prop_assert!(m.name == a.name || m.name == b.name);
        prop_assert!(m.phone == a.phone || m.phone == b.phone);
        prop_assert_eq!(m.updated_at, a.updated_at.max(b.updated_at));
        // A live side that changed anything keeps the record out of the Trash.
        let changed = |c: &Customer| { let mut x = c.clone(); x.updated_at = 1; x != base };
        let live_edit = (a.deleted_at.is_none() && changed(&a)) || (b.deleted_at.is_none() && changed(&b));
        if live_edit {
            prop_assert_eq!(m.deleted_at, None);
        }
        prop_assert_eq!(r.report.edit_beat_deletion, live_edit && (a.deleted_at.is_some() || b.deleted_at.is_some()));
        // Without the ancestor, any live version keeps the record out of the Trash.
        let w = resolve(&v("2-a", a.clone()), &[v("2-b", b.clone())], None).expect("conflict");
        let any_live = a.deleted_at.is_none() || b.deleted_at.is_none();
        prop_assert_eq!(w.merged.deleted_at.is_none(), any_live);
        prop_assert_eq!(w.report.edit_beat_deletion, any_live && (a.deleted_at.is_some() || b.deleted_at.is_some()));
    }

    #[test]
    fn resolving_converges_and_is_a_fixed_point(ea in arb_edit(), eb in arb_edit(), known in any::<bool>()) {
        let base = customer("Siti", 1);
        let mut tree = RevTree::new();
        let r1 = tree.edit(false, &base.body());
        let (a, b) = (apply(&base, &ea), apply(&base, &eb));
        let ra = Rev::child(Some(&r1), false, &a.body());
        let rb = Rev::child(Some(&r1), false, &b.body());
        prop_assume!(ra != rb);
        tree.add(&ra, Some(&r1), false).expect("ok");
        tree.add(&rb, Some(&r1), false).expect("ok");
        let bodies: BTreeMap<Rev, Customer> = [(ra.clone(), a), (rb.clone(), b)].into_iter().collect();
        let w = tree.winner().expect("winner").rev;
        let l = tree.conflicts()[0].clone();
        let anc = known.then_some(&base);
        let res = resolve(&v(&w.to_string(), bodies[&w].clone()), &[v(&l.to_string(), bodies[&l].clone())], anc)
            .expect("conflict");
        res.apply(&mut tree).expect("ok");
        prop_assert!(tree.conflicts().is_empty());
        prop_assert_eq!(tree.winner().map(|x| x.rev), Some(res.report.result.clone()));
        // Resolving the merge with a copy of itself changes nothing and writes only deletions.
        let again = resolve(&v("9-m", res.merged.clone()), &[v("9-n", res.merged.clone())], Some(&res.merged))
            .expect("a copy");
        prop_assert_eq!(&again.merged, &res.merged);
        prop_assert!(again.writes.iter().all(|w| w.deleted));
        let again = resolve(&v("9-m", res.merged.clone()), &[v("9-n", res.merged.clone())], None).expect("a copy");
        prop_assert_eq!(&again.merged, &res.merged);
    }
}

#[test]
fn an_encrypted_database_names_the_merge_by_its_keyed_digest() {
    let base = customer("Siti", 1);
    let mut a = base.clone();
    a.name = "A".into();
    a.updated_at = 2;
    let mut b = base.clone();
    b.phone = "1".into();
    b.updated_at = 3;
    let r = resolve(&v("2-a", a.clone()), &[v("2-b", b.clone())], Some(&base)).expect("conflict");
    let deletions: Vec<Write> = r.writes.iter().filter(|w| w.deleted).cloned().collect();
    let keyed = r.clone().with_body_text("9f86d081884c7d65");
    assert_eq!(
        keyed.writes[0].rev,
        Rev::child_of_text(Some(&rev("2-a")), false, "9f86d081884c7d65")
    );
    assert_eq!(keyed.report.result, keyed.writes[0].rev);
    assert_ne!(keyed.writes[0].rev, r.writes[0].rev);
    assert_eq!(keyed.writes[1..], deletions[..]);
    assert_eq!(keyed.merged, r.merged);
    // When the winner already is the merge there is nothing to rename.
    let mut same = base.clone();
    same.updated_at = 1;
    let r = resolve(&v("2-a", a.clone()), &[v("2-b", same)], Some(&base)).expect("conflict");
    assert_eq!(r.clone().with_body_text("x"), r);
    let mut t = RevTree::new();
    let r1 = t.edit_text(false, "d1");
    assert_eq!(r1, Rev::child_of_text(None, false, "d1"));
}
