//! Native tests of the sync document format (src/domain/sync/doc/): ids, every record kind to the
//! wire and back with the same canonical body (so revision hashes agree on every phone),
//! customers without their summary, deletions, the encrypted envelope, and every typed error —
//! reading never panics on any input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::formats::backup;
use rapport::domain::insight::segment::Segment;
use rapport::domain::messaging::campaign::Campaign;
use rapport::domain::sync::doc::*;
use rapport::domain::sync::rev::{canonical_json, Rev};
use rapport::domain::sync::tree::{Revisions, TreeError};
use serde_json::{json, Value};

fn fixture() -> backup::Data {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/backup-v3.json"
    ))
    .expect("the fixture");
    backup::parse(&bytes).expect("a backup").data
}

fn campaign() -> Campaign {
    serde_json::from_value(json!({"id":"c1","name":"Promo","audience":{"kind":"all"},
        "template_id":"t1","template_name":"Order ready","body":"Hi {first_name}","purpose":"marketing",
        "channel":"whatsapp","recipients":[{"customer_id":"x","state":"sent","at":5}],"excluded":[],
        "created_at":1,"updated_at":2}))
    .expect("a campaign")
}

fn segment() -> Segment {
    serde_json::from_value(
        json!({"id":"s1","name":"VIP","filter":{"tags":["vip"],"consent":"any"},
        "created_at":1,"updated_at":2}),
    )
    .expect("a segment")
}

/// One record (at least) of every store.
fn every_kind() -> Vec<AnyRecord> {
    let d = fixture();
    let mut out = vec![d.settings.clone().expect("settings").into_any()];
    // Customers as they come off the wire: the summary is recomputed by the phone.
    out.extend(d.customers.iter().cloned().map(|mut c| {
        c.summary = Default::default();
        c.into_any()
    }));
    out.extend(d.interactions.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.purchases.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.payments.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.tasks.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.cases.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.deals.iter().cloned().map(SyncRecord::into_any));
    out.extend(d.templates.iter().cloned().map(SyncRecord::into_any));
    out.push(campaign().into_any());
    out.push(segment().into_any());
    out.extend(d.pay_methods.iter().cloned().map(SyncRecord::into_any));
    out.extend(
        d.reminder_schedules
            .iter()
            .cloned()
            .map(SyncRecord::into_any),
    );
    out.extend(d.promises.iter().cloned().map(SyncRecord::into_any));
    out.push(redemption().into_any());
    let v4 = backup::parse(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/backup-v4.json"
        ))
        .expect("the v4 fixture"),
    )
    .expect("a backup")
    .data;
    out.extend(v4.products.iter().cloned().map(SyncRecord::into_any));
    out.extend(v4.product_photos.iter().cloned().map(SyncRecord::into_any));
    out
}

fn redemption() -> rapport::domain::records::loyalty::Redemption {
    serde_json::from_value(
        json!({"id":"r1","customer_id":"x","at":5,"unit":"stamps","amount":10,
        "note":"A free coffee","created_at":5,"updated_at":6}),
    )
    .expect("a redemption")
}

fn rev(s: &str) -> Rev {
    Rev::parse(s).expect("a revision")
}

#[test]
fn document_ids_are_store_and_record_id() {
    for s in Store::ALL {
        assert_eq!(Store::from_name(s.name()), Some(s));
    }
    let id = DocId::parse("customers:0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2").expect("an id");
    assert_eq!(
        (id.store, id.id.as_str()),
        (Store::Customers, "0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2")
    );
    assert_eq!(
        id.to_string(),
        "customers:0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2"
    );
    assert_eq!(DocId::settings().to_string(), "settings:business");
    assert_eq!(DocId::parse("settings:business"), Ok(DocId::settings()));
    assert_eq!(
        DocId::parse("templates:a:b").map(|d| d.id),
        Ok("a:b".to_string())
    );
    assert_eq!(
        DocId::parse("widgets:1"),
        Err(DocError::UnknownStore {
            store: "widgets".into()
        })
    );
    for reserved in ["_design/rapport", "_local/abc"] {
        assert!(
            matches!(DocId::parse(reserved), Err(DocError::Reserved { .. })),
            "{reserved}"
        );
    }
    for bad in [
        "customers",
        "customers:",
        "customers:  ",
        "settings:other",
        "tasks:a\nb",
        "",
        ":x",
    ] {
        assert!(
            matches!(
                DocId::parse(bad),
                Err(DocError::BadId { .. } | DocError::UnknownStore { .. })
            ),
            "{bad:?}"
        );
    }
    let long = format!("customers:{}", "a".repeat(MAX_ID_BYTES + 1));
    assert!(matches!(DocId::parse(&long), Err(DocError::BadId { .. })));
}

#[test]
fn every_kind_of_record_goes_to_the_wire_and_back_unchanged() {
    let kinds = every_kind();
    let stores: std::collections::BTreeSet<Store> =
        kinds.iter().map(|r| r.doc_id().store).collect();
    assert_eq!(stores.len(), Store::ALL.len(), "every store is covered");
    for r in kinds {
        let first = Rev::child(None, false, &r.body());
        let wire = to_wire(&r, &first, None);
        assert_eq!(wire["_id"], Value::from(r.doc_id().to_string()));
        assert_eq!(wire[VERSION_KEY], Value::from(VERSION));
        let text = serde_json::to_string(&wire).expect("json");
        let doc = parse(&text).expect("reads back");
        assert_eq!(doc.id, r.doc_id());
        assert_eq!(doc.rev, first);
        let Body::Plain(back) = &doc.body else {
            panic!("a live record")
        };
        if matches!(r, AnyRecord::Settings(_)) {
            // Each phone keeps its own language and theme: they are not on the wire.
            for key in ["language", "language_chosen", "theme"] {
                assert!(wire.get(key).is_none(), "{key} stays on the phone");
            }
        } else {
            assert_eq!(**back, r);
        }
        // The same canonical body, so the same revision on every phone.
        assert_eq!(canonical_json(&back.body()), canonical_json(&r.body()));
        assert_eq!(Rev::child(None, false, &back.body()), first);
    }
}

#[test]
fn a_customer_travels_without_its_summary() {
    let d = fixture();
    let c = d.customers[0].clone();
    assert_ne!(
        c.summary,
        Default::default(),
        "the fixture's summary was recomputed"
    );
    let wire = to_wire(&c.clone().into_any(), &rev("1-a"), None);
    assert!(wire.get("summary").is_none());
    // A summary on the wire is never trusted.
    let mut forged = wire.clone();
    forged["summary"] = json!({"balance": 999999, "purchases": 42});
    let doc = from_value(&forged).expect("reads");
    let Body::Plain(back) = doc.body else {
        panic!("live")
    };
    let AnyRecord::Customers(back) = *back else {
        panic!("a customer")
    };
    assert_eq!(back.summary, Default::default());
    assert_eq!(back.name, c.name);
}

#[test]
fn histories_deletions_and_encrypted_bodies() {
    let c = every_kind()[1].clone();
    let r2 = rev("2-bb");
    let history = Revisions {
        start: 2,
        ids: vec!["bb".into(), "aa".into()],
    };
    let doc = from_value(&to_wire(&c, &r2, Some(&history))).expect("reads");
    assert_eq!(doc.revisions.as_ref(), Some(&history));
    assert_eq!(doc.history(), history);
    // Without `_revisions`, the history is `_rev` alone.
    let doc = from_value(&to_wire(&c, &r2, None)).expect("reads");
    assert_eq!(
        doc.history(),
        Revisions {
            start: 2,
            ids: vec!["bb".into()]
        }
    );

    let del = deletion_to_wire(&c.doc_id(), &rev("3-cc"), None);
    assert_eq!(
        canonical_json(&del),
        r#"{"_deleted":true,"_id":"customers:019462656600-1a2b3c4d5e6f708192a3","_rev":"3-cc"}"#
    );
    let doc = from_value(&del).expect("reads");
    assert!(doc.is_deleted());
    // A deletion as CouchDB writes it (no version, maybe a leftover body) reads too.
    let doc = parse(r#"{"_id":"deals:x","_rev":"2-a","_deleted":true,"title":5}"#).expect("reads");
    assert_eq!(doc.body, Body::Deleted);

    let enc = Encrypted {
        v: ENCRYPTED_VERSION,
        iv: "AAAAAAAAAAAAAAAA".into(),
        data: "c2VjcmV0".into(),
    };
    let wire = encrypted_to_wire(&c.doc_id(), &r2, Some(&history), &enc);
    let keys: Vec<&String> = wire.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        ["_id", "_rev", "_revisions", "enc"],
        "nothing of the record shows"
    );
    let doc = from_value(&wire).expect("reads");
    assert_eq!(doc.body, Body::Encrypted(enc.clone()));
    // What the envelope hides reads back as the record.
    let plain = plain_body_text(&c);
    assert!(plain.contains("\"rapport\":1"));
    assert_eq!(read_plain_body(&c.doc_id(), &plain), Ok(c.clone()));
    assert_eq!(read_plain_body(&c.doc_id(), "{"), Err(DocError::NotJson));
    assert_eq!(
        read_plain_body(&c.doc_id(), "{\"name\":\"x\"}"),
        Err(DocError::NoVersion)
    );
    let mut newer = wire.clone();
    newer["enc"]["v"] = json!(2);
    assert_eq!(from_value(&newer), Err(DocError::TooNew { version: 2 }));
    newer["enc"] = json!("nope");
    assert!(matches!(
        from_value(&newer),
        Err(DocError::BadEnvelope { .. })
    ));
}

#[test]
fn every_problem_is_a_typed_error() {
    let ok = r#""_id":"segments:s1","_rev":"1-a","rapport":1,"id":"s1","name":"VIP","created_at":1,"updated_at":2"#;
    assert!(parse(&format!("{{{ok}}}")).is_ok());
    let cases: Vec<(String, DocError)> = vec![
        ("".into(), DocError::NotJson),
        ("{".into(), DocError::NotJson),
        ("[1]".into(), DocError::NotAnObject),
        ("{}".into(), DocError::NoId),
        (r#"{"_id":5}"#.into(), DocError::NoId),
        (r#"{"_id":"_design/x","_rev":"1-a"}"#.into(), DocError::Reserved { id: "_design/x".into() }),
        (r#"{"_id":"widgets:1"}"#.into(), DocError::UnknownStore { store: "widgets".into() }),
        (r#"{"_id":"segments:s1"}"#.into(), DocError::NoRev),
        (r#"{"_id":"segments:s1","_rev":"one"}"#.into(), DocError::BadRev(rapport::domain::sync::rev::RevError::NoDash)),
        (
            r#"{"_id":"segments:s1","_rev":"2-a","_revisions":{"start":1,"ids":["a","b"]}}"#.into(),
            DocError::BadRevisions(TreeError::StartTooSmall),
        ),
        (r#"{"_id":"segments:s1","_rev":"2-a","_revisions":[1]}"#.into(), DocError::BadRevisions(TreeError::NoIds)),
        (r#"{"_id":"segments:s1","_rev":"2-a","_revisions":{"start":2,"ids":["b","a"]}}"#.into(), DocError::RevisionsMismatch),
        (r#"{"_id":"segments:s1","_rev":"1-a","id":"s1"}"#.into(), DocError::NoVersion),
        (r#"{"_id":"segments:s1","_rev":"1-a","rapport":"1"}"#.into(), DocError::BadVersion),
        (r#"{"_id":"segments:s1","_rev":"1-a","rapport":0}"#.into(), DocError::TooNew { version: 0 }),
        (r#"{"_id":"segments:s1","_rev":"1-a","rapport":2,"id":"s1"}"#.into(), DocError::TooNew { version: 2 }),
        (
            format!(r#"{{"_id":"segments:s1","_rev":"1-a","rapport":1,"id":"s1","name":"{}","created_at":1,"updated_at":2}}"#, "x".repeat(backup::MAX_TEXT_BYTES + 1)),
            DocError::TooLong,
        ),
        (
            r#"{"_id":"segments:s2","_rev":"1-a","rapport":1,"id":"s1","name":"VIP","created_at":1,"updated_at":2}"#.into(),
            DocError::IdMismatch { doc: DocId::parse("segments:s2").expect("id"), record_id: "s1".into() },
        ),
    ];
    for (text, err) in cases {
        assert_eq!(parse(&text), Err(err), "{text:.120}");
    }
    let bad_body = parse(
        r#"{"_id":"segments:s1","_rev":"1-a","rapport":1,"id":"s1","name":5,"created_at":1,"updated_at":2}"#,
    );
    assert!(
        matches!(
            bad_body,
            Err(DocError::BadBody {
                store: Store::Segments,
                ..
            })
        ),
        "{bad_body:?}"
    );
    let settings = parse(r#"{"_id":"settings:business","_rev":"1-a","rapport":1,"country":"XX"}"#);
    assert!(
        matches!(
            settings,
            Err(DocError::BadBody {
                store: Store::Settings,
                ..
            })
        ),
        "{settings:?}"
    );
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 20, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn reading_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn reading_a_damaged_document_never_panics(
        pick in any::<prop::sample::Index>(),
        key_pick in any::<prop::sample::Index>(),
        value in arb_json(),
        remove in any::<bool>(),
    ) {
        let kinds = every_kind();
        let r = &kinds[pick.index(kinds.len())];
        let mut wire = to_wire(r, &rev("1-a"), None);
        let keys: Vec<String> = wire.as_object().expect("object").keys().cloned().collect();
        let key = &keys[key_pick.index(keys.len())];
        if remove {
            wire.as_object_mut().expect("object").remove(key);
        } else {
            wire[key.as_str()] = value;
        }
        if let Ok(doc) = from_value(&wire) {
            prop_assert_eq!(doc.id, r.doc_id());
        }
    }
}

#[test]
fn the_example_in_docs_sync_md_is_what_the_code_writes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sync.md"))
        .expect("docs/sync.md");
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a JSON example");
    let c: rapport::domain::records::customer::Customer = serde_json::from_value(json!({
        "id": "019462656600-1a2b3c4d5e6f708192a3", "name": "Siti Rahma", "phone": "0812-3456-7890",
        "phone_e164": "+6281234567890", "status": "customer", "marketing_consent": true,
        "created_at": 1736817600000i64, "updated_at": 1741000000000i64
    }))
    .expect("a customer");
    let r1 = Rev::child(None, false, &c.body());
    assert_eq!(r1.to_string(), "1-eba8c51596264d3839335532d696b201");
    let history = Revisions {
        start: 1,
        ids: vec![r1.hash.clone()],
    };
    assert_eq!(
        canonical_json(&to_wire(&c.clone().into_any(), &r1, Some(&history))),
        example
    );
    let parsed = parse(example).expect("the example reads");
    assert_eq!(parsed.body, Body::Plain(Box::new(c.into_any())));
    let deletion = Rev::child(Some(&r1), true, &deletion_body());
    assert_eq!(deletion.to_string(), "2-12c0996436a44722ab85646f10f48e54");
    assert!(doc.contains(&deletion.to_string()));
}
