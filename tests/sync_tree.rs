//! Native tests of a record's revision tree (src/domain/sync/tree.rs) against CouchDB's
//! documented rules (docs.couchdb.org → Replication → Conflicts; the `_revisions` format): the
//! winner (longest path, then the greater hash; live before deleted), `_conflicts`, local edits,
//! merging remote histories (idempotent, order-independent), `_revs_diff`, the history to push,
//! trimming to the revision limit and the compact stored form.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::tree::*;
use serde_json::json;

fn rev(s: &str) -> Rev {
    Rev::parse(s).expect("a revision")
}

fn revs(list: &[&str]) -> Vec<Rev> {
    list.iter().map(|s| rev(s)).collect()
}

/// `_revisions` from a newest-first list of `N-hash` texts.
fn path(list: &[&str]) -> Revisions {
    let r = revs(list);
    Revisions {
        start: r[0].pos,
        ids: r.iter().map(|r| r.hash.clone()).collect(),
    }
}

fn merged(paths: &[(&[&str], bool)]) -> RevTree {
    let mut t = RevTree::new();
    for (p, deleted) in paths {
        t.merge_path(&path(p), *deleted).expect("a valid path");
    }
    t
}

#[test]
fn an_empty_tree_has_no_winner() {
    let t = RevTree::new();
    assert!(t.is_empty());
    assert_eq!(t.winner(), None);
    assert!(t.conflicts().is_empty());
    assert!(!t.is_deleted());
    assert_eq!(t.revs_diff(&revs(&["1-a"])), revs(&["1-a"]));
}

#[test]
fn local_edits_make_a_line_of_children_of_the_winner() {
    let mut t = RevTree::new();
    let r1 = t.edit(false, &json!({"name": "Siti"}));
    let r2 = t.edit(false, &json!({"name": "Siti Rahma"}));
    let r3 = t.edit(false, &json!({"name": "Siti R."}));
    assert_eq!((r1.pos, r2.pos, r3.pos), (1, 2, 3));
    assert_eq!(t.winner().map(|w| w.rev), Some(r3.clone()));
    assert!(t.conflicts().is_empty());
    assert_eq!(
        t.revisions(&r3),
        Some(Revisions {
            start: 3,
            ids: vec![r3.hash.clone(), r2.hash.clone(), r1.hash.clone()]
        })
    );
    assert_eq!(t.ancestry(&r3), vec![r3.clone(), r2, r1]);
    // The same edit again is the same revision: nothing changes.
    let mut again = t.clone();
    let mut t2 = RevTree::new();
    t2.merge_path(&t.revisions(&r3).expect("history"), false)
        .expect("ok");
    assert_eq!(t2, t);
    let before = again.clone();
    assert_ne!(
        again.edit(false, &json!({"name": "Siti R."})),
        r3,
        "a child of r3"
    );
    assert_eq!(before.len() + 1, again.len());
}

#[test]
fn the_longest_path_wins_then_the_greater_hash() {
    // Same length: the greater hash (ASCII order) wins; the example of CouchDB's guide.
    let t = merged(&[
        (&["2-7c971bb974251ae8541b8fe045964219", "1-a"], false),
        (&["2-de0ea16f8621cbac506d23a0fbbde08a", "1-a"], false),
    ]);
    assert_eq!(
        t.winner().map(|w| w.rev),
        Some(rev("2-de0ea16f8621cbac506d23a0fbbde08a"))
    );
    assert_eq!(t.conflicts(), revs(&["2-7c971bb974251ae8541b8fe045964219"]));
    // A longer path beats a greater hash.
    let t = merged(&[(&["3-a", "2-a", "1-a"], false), (&["2-z", "1-a"], false)]);
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("3-a")));
    assert_eq!(t.conflicts(), revs(&["2-z"]));
    // Position 10 is longer than 9 (numbers, not text).
    let long: Vec<String> = (1..=10).rev().map(|i| format!("{i}-a")).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    let mut t = merged(&[(&long, false)]);
    t.merge_path(&path(&["9-z", "8-a"]), false).expect("ok");
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("10-a")));
}

#[test]
fn a_live_leaf_beats_any_deleted_leaf() {
    let t = merged(&[
        (&["4-d", "3-c", "2-b", "1-a"], true),
        (&["2-x", "1-a"], false),
    ]);
    let w = t.winner().expect("a winner");
    assert_eq!((w.rev, w.deleted), (rev("2-x"), false));
    assert!(
        t.conflicts().is_empty(),
        "deleted leaves are not _conflicts"
    );
    assert_eq!(t.deleted_conflicts(), revs(&["4-d"]));
    assert!(!t.is_deleted());
}

#[test]
fn when_every_leaf_is_deleted_the_same_rule_picks_among_them() {
    let t = merged(&[(&["3-c", "2-b", "1-a"], true), (&["2-z", "1-a"], true)]);
    let w = t.winner().expect("a winner");
    assert_eq!((w.rev, w.deleted), (rev("3-c"), true));
    assert!(t.is_deleted());
    assert!(t.conflicts().is_empty());
    assert_eq!(t.deleted_conflicts(), revs(&["2-z"]));
    // Editing a deleted document continues its winning branch.
    let mut t = t;
    let r = t.edit(false, &json!({"back": true}));
    assert_eq!(r.pos, 4);
    assert_eq!(t.ancestry(&r)[1], rev("3-c"));
    assert!(!t.is_deleted());
}

#[test]
fn the_couchdb_wiki_example_resolves_to_one_live_leaf() {
    // r1 → r2a → r3a → r4a, r1 → r2b → r3b, r1 → r2c → r3c; then r5a, r4b deleted, r4c deleted.
    let mut t = merged(&[
        (&["4-a4", "3-a3", "2-a2", "1-r1"], false),
        (&["3-b3", "2-b2", "1-r1"], false),
        (&["3-c3", "2-c2", "1-r1"], false),
    ]);
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("4-a4")));
    assert_eq!(t.conflicts(), revs(&["3-c3", "3-b3"]));
    assert_eq!(
        t.common_ancestor(&revs(&["4-a4", "3-b3", "3-c3"])),
        Some(rev("1-r1"))
    );
    assert_eq!(
        t.common_ancestor(&revs(&["4-a4", "3-a3"])),
        Some(rev("3-a3"))
    );
    t.add(&rev("5-a5"), Some(&rev("4-a4")), false).expect("ok");
    t.add(&rev("4-b4"), Some(&rev("3-b3")), true).expect("ok");
    t.add(&rev("4-c4"), Some(&rev("3-c3")), true).expect("ok");
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("5-a5")));
    assert!(t.conflicts().is_empty());
    assert_eq!(t.deleted_conflicts(), revs(&["4-c4", "4-b4"]));
    assert_eq!(
        t.add(&rev("6-x"), Some(&rev("4-a4")), false),
        Err(TreeError::BadParent)
    );
}

#[test]
fn merging_says_whether_the_revision_was_new_and_is_idempotent() {
    let mut t = RevTree::new();
    assert_eq!(t.merge_path(&path(&["2-b", "1-a"]), false), Ok(true));
    let once = t.clone();
    assert_eq!(t.merge_path(&path(&["2-b", "1-a"]), false), Ok(false));
    assert_eq!(t.merge_path(&path(&["1-a"]), false), Ok(false));
    assert_eq!(t, once);
    assert_eq!(t.merge_path(&path(&["3-c", "2-b"]), false), Ok(true));
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("3-c")));
    assert!(
        t.conflicts().is_empty(),
        "a partial history joins where it overlaps"
    );
}

#[test]
fn bad_histories_are_refused() {
    let mut t = RevTree::new();
    let bad = [
        (
            Revisions {
                start: 1,
                ids: vec![],
            },
            TreeError::NoIds,
        ),
        (
            Revisions {
                start: 1,
                ids: vec!["a".into(), "b".into()],
            },
            TreeError::StartTooSmall,
        ),
        (
            Revisions {
                start: 2,
                ids: vec!["a b".into()],
            },
            TreeError::BadHash,
        ),
        (
            Revisions {
                start: 2,
                ids: vec!["".into()],
            },
            TreeError::BadHash,
        ),
    ];
    for (r, e) in bad {
        assert_eq!(t.merge_path(&r, false), Err(e.clone()));
        assert_eq!(r.check(), Err(e));
        assert_eq!(r.leaf(), None);
    }
    assert!(t.is_empty());
}

#[test]
fn revs_diff_answers_the_missing_revisions() {
    let t = merged(&[(&["3-c", "2-b", "1-a"], false), (&["2-x", "1-a"], true)]);
    assert_eq!(
        t.revs_diff(&revs(&["3-c", "4-d", "2-x", "2-y", "4-d", "1-a"])),
        revs(&["2-y", "4-d"])
    );
    assert!(t.revs_diff(&[]).is_empty());
}

#[test]
fn trimming_keeps_the_limit_per_branch_and_remembers_the_trimmed_parent() {
    let mut t = RevTree::new();
    let mut last = None;
    for i in 0..(REVS_LIMIT + 50) {
        last = Some(t.edit(false, &json!({"n": i})));
    }
    let last = last.expect("edits");
    assert_eq!(last.pos as usize, REVS_LIMIT + 50);
    assert_eq!(t.len(), REVS_LIMIT, "stemmed to the revision limit");
    let history = t.revisions(&last).expect("history");
    assert_eq!(history.ids.len(), REVS_LIMIT);
    // Small limits: a line of 6 and a branch from 3-c, stemmed to 2.
    let mut t = merged(&[(&["6-f", "5-e", "4-d", "3-c", "2-b", "1-a"], false)]);
    t.merge_path(&path(&["4-x", "3-c"]), false).expect("ok");
    t.stem(2);
    let kept: Vec<String> = t.revs().map(|r| r.to_string()).collect();
    assert_eq!(kept, ["3-c", "4-x", "5-e", "6-f"]);
    assert_eq!(t.winner().map(|w| w.rev), Some(rev("6-f")));
    assert_eq!(t.conflicts(), revs(&["4-x"]));
    // The trimmed parents are still known: not missing, and pushed with the history.
    assert_eq!(t.revs_diff(&revs(&["4-d", "2-b", "1-a"])), revs(&["1-a"]));
    assert_eq!(t.revisions(&rev("4-x")), Some(path(&["4-x", "3-c", "2-b"])));
    assert_eq!(t.revisions(&rev("6-f")), Some(path(&["6-f", "5-e", "4-d"])));
    // A replica that sends the trimmed history again does not make a new branch.
    let before = t.clone();
    t.merge_path(&path(&["4-d", "3-c", "2-b", "1-a"]), false)
        .expect("ok");
    t.stem(2);
    assert_eq!(t, before);
    assert_eq!(t.leaves().len(), 2);
    t.stem(0);
    assert_eq!(t.len(), 2, "at least the leaves stay");
}

#[test]
fn the_stored_form_is_compact_and_reads_back() {
    let mut t = merged(&[
        (&["3-c", "2-b", "1-a"], false),
        (&["2-x", "1-a"], true),
        (&["5-q", "4-p"], false),
    ]);
    let text = serde_json::to_string(&t).expect("json");
    assert_eq!(
        text,
        r#"[[2,1,["x","a"]],[3,0,["c","b","a"]],[5,0,["q","p"]]]"#
    );
    assert_eq!(serde_json::from_str::<RevTree>(&text).expect("tree"), t);
    t.stem(1);
    let text = serde_json::to_string(&t).expect("json");
    assert_eq!(text, r#"[[2,3,["x","a"]],[3,2,["c","b"]],[5,2,["q","p"]]]"#);
    assert_eq!(serde_json::from_str::<RevTree>(&text).expect("tree"), t);
    assert_eq!(serde_json::to_string(&RevTree::new()).expect("json"), "[]");
    for bad in [
        "{}",
        "[[0,0,[\"a\"]]]",
        "[[1,0,[]]]",
        "[[1,2,[\"a\"]]]",
        "[[1,4,[\"a\"]]]",
        "[[1,0,[\"a\",\"b\"]]]",
        "[[2,0,[\"a b\"]]]",
        "[[-1,0,[\"a\"]]]",
    ] {
        assert!(serde_json::from_str::<RevTree>(bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests on random trees

/// A random tree: each node's parent is an earlier node or none (a root at a random position,
/// as after trimming); hashes are unique; any node may be marked deleted.
#[derive(Clone, Debug)]
struct Model {
    nodes: Vec<(Rev, Option<usize>, bool)>,
}

impl Model {
    fn leaves(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|i| !self.nodes.iter().any(|n| n.1 == Some(*i)))
            .collect()
    }

    /// The history of node `i`, newest first, cut to `len` ids.
    fn path(&self, i: usize, len: usize) -> Revisions {
        let mut ids = vec![];
        let mut cur = Some(i);
        while let Some(c) = cur {
            if ids.len() == len {
                break;
            }
            ids.push(self.nodes[c].0.hash.clone());
            cur = self.nodes[c].1;
        }
        Revisions {
            start: self.nodes[i].0.pos,
            ids,
        }
    }
}

fn arb_model() -> impl Strategy<Value = Model> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            0u8..10,
            1u64..4,
            any::<bool>(),
        ),
        1..14,
    )
    .prop_map(|specs| {
        let mut nodes: Vec<(Rev, Option<usize>, bool)> = vec![];
        for (k, (pick, root_chance, root_pos, deleted)) in specs.into_iter().enumerate() {
            let parent = if nodes.is_empty() || root_chance == 0 {
                None
            } else {
                Some(pick.index(nodes.len()))
            };
            let pos = parent.map_or(root_pos, |p| nodes[p].0.pos + 1);
            // Hash: a letter that varies the order, plus the index for uniqueness.
            let hash = format!("{}{k}", (b'a' + (k as u8 * 7) % 26) as char);
            nodes.push((Rev { pos, hash }, parent, deleted));
        }
        Model { nodes }
    })
}

/// The histories a replica could send: every leaf's full history, plus older and partial ones.
fn histories(m: &Model, extra: &[(prop::sample::Index, usize)]) -> Vec<(Revisions, bool)> {
    let mut out: Vec<(Revisions, bool)> = m
        .leaves()
        .into_iter()
        .map(|i| (m.path(i, usize::MAX), m.nodes[i].2))
        .collect();
    for (pick, len) in extra {
        let i = pick.index(m.nodes.len());
        let deleted = m.nodes[i].2 && m.leaves().contains(&i);
        out.push((m.path(i, (*len).max(1)), deleted));
    }
    out
}

fn build(paths: &[(Revisions, bool)]) -> RevTree {
    let mut t = RevTree::new();
    for (p, d) in paths {
        t.merge_path(p, *d).expect("a valid path");
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn merging_is_order_independent_and_idempotent(
        m in arb_model(),
        extra in prop::collection::vec((any::<prop::sample::Index>(), 1usize..5), 0..6),
        seed in any::<u64>(),
    ) {
        let paths = histories(&m, &extra);
        let t = build(&paths);
        // Another order (a deterministic shuffle from the seed).
        let mut shuffled = paths.clone();
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(&build(&shuffled), &t);
        // Everything again: nothing changes.
        let mut twice = t.clone();
        for (p, d) in &paths {
            prop_assert_eq!(twice.merge_path(p, *d), Ok(false));
        }
        prop_assert_eq!(&twice, &t);
    }

    #[test]
    fn the_winner_is_couchdbs(m in arb_model()) {
        let t = build(&histories(&m, &[]));
        let leaves = m.leaves();
        prop_assert_eq!(t.leaves().len(), leaves.len());
        let expected = leaves
            .iter()
            .map(|i| (!m.nodes[*i].2, m.nodes[*i].0.clone()))
            .max()
            .map(|(live, rev)| (rev, !live));
        prop_assert_eq!(t.winner().map(|w| (w.rev, w.deleted)), expected.clone());
        let (wrev, wdel) = expected.expect("a leaf");
        let mut conflicts: Vec<Rev> = if wdel {
            vec![]
        } else {
            leaves
                .iter()
                .filter(|i| !m.nodes[**i].2 && m.nodes[**i].0 != wrev)
                .map(|i| m.nodes[*i].0.clone())
                .collect()
        };
        conflicts.sort();
        conflicts.reverse();
        prop_assert_eq!(t.conflicts(), conflicts);
        prop_assert_eq!(t.is_deleted(), wdel);
        // Every kept revision has a history that ends in it and merges back into the same tree.
        for r in t.revs() {
            let h = t.revisions(r).expect("kept");
            prop_assert_eq!(h.leaf(), Some(r.clone()));
        }
        prop_assert!(t.revs_diff(&m.nodes.iter().map(|n| n.0.clone()).collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn a_local_edit_is_a_child_of_the_winner(m in arb_model(), n in any::<u32>()) {
        let mut t = build(&histories(&m, &[]));
        let winner = t.winner().expect("a winner").rev;
        let r = t.edit(false, &json!({"n": n}));
        prop_assert_eq!(r.pos, winner.pos + 1);
        prop_assert_eq!(t.winner().map(|w| w.rev), Some(r.clone()));
        prop_assert_eq!(t.ancestry(&r).get(1).cloned(), Some(winner));
    }

    #[test]
    fn the_stored_form_round_trips(m in arb_model(), limit in 1usize..5) {
        let mut t = build(&histories(&m, &[]));
        for tree in [t.clone(), { t.stem(limit); t }] {
            let text = serde_json::to_string(&tree).expect("json");
            prop_assert_eq!(serde_json::from_str::<RevTree>(&text).expect("tree"), tree);
        }
    }

    #[test]
    fn trimming_keeps_leaves_winner_and_conflicts(m in arb_model(), limit in 1usize..5) {
        let t = build(&histories(&m, &[]));
        let mut s = t.clone();
        s.stem(limit);
        prop_assert_eq!(s.leaves(), t.leaves());
        prop_assert_eq!(s.conflicts(), t.conflicts());
        // Every kept revision is one of a leaf's `limit` newest (a branch may still run on
        // through a revision another branch keeps).
        for r in s.revs() {
            prop_assert!(s.leaves().iter().any(|l| s.ancestry(&l.rev).iter().take(limit).any(|a| a == r)));
        }
        // Stemming twice is stemming once; the full histories merged again trim to the same tree.
        let mut again = s.clone();
        again.stem(limit);
        prop_assert_eq!(&again, &s);
        for (p, d) in histories(&m, &[]) {
            again.merge_path(&p, d).expect("ok");
        }
        again.stem(limit);
        prop_assert_eq!(&again, &s);
    }

    #[test]
    fn any_history_merges_without_panicking(
        paths in prop::collection::vec(
            (prop_oneof![Just(u64::MAX), 1u64..6, any::<u64>()], prop::collection::vec("[a-c]{0,2}|-", 0..5), any::<bool>()),
            0..8,
        ),
        edit in any::<bool>(),
    ) {
        let mut t = RevTree::new();
        for (start, ids, deleted) in paths {
            let r = Revisions { start, ids };
            let before = t.clone();
            match t.merge_path(&r, deleted) {
                Ok(_) => prop_assert!(r.check().is_ok()),
                Err(e) => {
                    prop_assert_eq!(r.check(), Err(e));
                    prop_assert_eq!(&t, &before, "a refused history changes nothing");
                }
            }
        }
        if edit {
            t.edit(true, &json!({}));
        }
        let _ = (t.winner(), t.conflicts(), t.deleted_conflicts());
        let text = serde_json::to_string(&t).expect("json");
        prop_assert_eq!(serde_json::from_str::<RevTree>(&text).expect("tree"), t);
    }

    #[test]
    fn reading_any_stored_text_never_panics(text in "\\PC{0,60}") {
        let _ = serde_json::from_str::<RevTree>(&text);
    }
}
