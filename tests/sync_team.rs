//! Native tests of an encrypted team's pure parts (src/domain/sync/team.rs, docs/sync.md,
//! "Encrypted team databases"): the keyed digest that stands for a body in revision ids
//! (HMAC-SHA256, deterministic, not the plain revision), two phones with the same key resolving a
//! conflict to the same revisions, the team document's reading (missing, wrong, newer) and the
//! decisions "Save" makes from it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use rapport::domain::formats::encrypted::b64_encode;
use rapport::domain::records::customer::Customer;
use rapport::domain::sync::doc::{AnyRecord, Body, Doc};
use rapport::domain::sync::protocol::SyncProblem;
use rapport::domain::sync::replica::{body_text, Entry, Settled};
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::team::*;

fn customer(name: &str, phone: &str, updated_at: i64) -> AnyRecord {
    AnyRecord::Customers(Customer {
        phone: phone.into(),
        ..common::customer("c1", name, updated_at)
    })
}

fn key() -> RevKey {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = i as u8;
    }
    RevKey::new(k)
}

/// The document a phone would push for `rev` of its entry (plain: the bodies' encryption is
/// WebCrypto's and does not change the revisions).
fn doc_of(e: &Entry, rev: &Rev) -> Doc {
    let record = match e.wire_items(std::slice::from_ref(rev)).pop() {
        Some(rapport::domain::sync::replica::WireItem::Live { record, .. }) => record,
        other => panic!("a live revision, not {other:?}"),
    };
    Doc {
        id: record.doc_id(),
        rev: rev.clone(),
        revisions: e.t.revisions(rev),
        body: Body::Plain(record),
    }
}

#[test]
fn the_keyed_digest_is_hmac_sha256_in_lowercase_hex() {
    // Python: hmac.new(bytes(range(32)), b'{"name":"Siti Rahma"}', hashlib.sha256).hexdigest()
    assert_eq!(
        key().digest(r#"{"name":"Siti Rahma"}"#),
        "caec03ed862f14170fec8378602fca87f0fd25b065cb0670f112c53f2a91455f"
    );
    assert_eq!(key().digest("x"), key().digest("x"));
    assert_ne!(key().digest("x"), RevKey::new([7; 32]).digest("x"));
    assert_eq!(rev_text(None, "{}"), "{}");
    assert_eq!(rev_text(Some(&key()), "{}"), key().digest("{}"));
    assert_eq!(
        format!("{:?}", key()),
        "RevKey(…)",
        "the key is never printed"
    );
}

#[test]
fn an_encrypted_teams_revision_is_made_from_the_digest_and_a_plain_teams_as_before() {
    let c = customer("Siti Rahma", "0812 3456 7890", 10);
    let id = c.doc_id();
    let mut plain = Entry::new(&id);
    let mut keyed = Entry::new(&id);
    let mut keyed_again = Entry::new(&id);
    let p = plain.stage_local(&c, None).expect("staged");
    let k = keyed.stage_local(&c, Some(&key())).expect("staged");
    let k2 = keyed_again.stage_local(&c, Some(&key())).expect("staged");
    assert_eq!(
        p,
        Rev::child(None, false, &c.body()),
        "plain: today's revision"
    );
    assert_eq!(k, k2, "deterministic with the same key");
    assert_eq!(
        k,
        Rev::child_of_text(None, false, &key().digest(&body_text(&c)))
    );
    assert_ne!(p, k);
    assert_eq!(k.pos, 1);
    // The revision hides the body: another key gives another revision.
    let mut other = Entry::new(&id);
    assert_ne!(other.stage_local(&c, Some(&RevKey::new([9; 32]))), Some(k));
}

#[test]
fn two_phones_with_the_same_key_resolve_a_conflict_to_the_same_revisions() {
    let k = key();
    let base = customer("Siti Rahma", "0812", 10);
    let id = base.doc_id();
    let mut a = Entry::new(&id);
    let r1 = a.stage_local(&base, Some(&k)).expect("staged");
    let mut b = Entry::new(&id);
    assert_eq!(b.merge_remote(&doc_of(&a, &r1)), Ok(true));
    // Offline, each phone edits another field.
    let ra = a
        .stage_local(&customer("Siti R.", "0812", 20), Some(&k))
        .expect("A's edit");
    let rb = b
        .stage_local(&customer("Siti Rahma", "0899", 30), Some(&k))
        .expect("B's edit");
    let (da, db) = (doc_of(&a, &ra), doc_of(&b, &rb));
    assert_eq!(a.merge_remote(&db), Ok(true));
    assert_eq!(b.merge_remote(&da), Ok(true));
    let (sa, sb) = (a.settle(40, Some(&k)), b.settle(50, Some(&k)));
    let (Settled::Resolved(ma, pa), Settled::Resolved(mb, pb)) = (sa, sb) else {
        panic!("both resolve the conflict");
    };
    assert_eq!(ma, mb, "the same merged record");
    assert_eq!(pa.result, pb.result, "the same merged revision");
    assert_eq!(a.t, b.t, "the same trees");
    let AnyRecord::Customers(m) = &*ma else {
        panic!("a customer")
    };
    assert_eq!((m.name.as_str(), m.phone.as_str()), ("Siti R.", "0899"));
    // The merged revision is the keyed one, a child of CouchDB's winner (the greater revision).
    let merged = Rev::parse(&pa.result).expect("a revision");
    let winner = ra.clone().max(rb.clone());
    assert_eq!(
        merged,
        Rev::child_of_text(Some(&winner), false, &k.digest(&body_text(&ma)))
    );
    assert_ne!(merged, Rev::child(Some(&winner), false, &ma.body()));
}

fn team_doc() -> String {
    let check = Sealed {
        iv: b64_encode(&[1; IV_LEN]),
        data: b64_encode(&[2; 36]),
    };
    team_doc_json(&b64_encode(&[3; SALT_LEN]), ITERATIONS, &check)
}

#[test]
fn the_team_document_reads_back_with_its_key_derivation_and_check() {
    let text = team_doc();
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["_id"], TEAM_DOC_ID);
    assert_eq!(v["rapport_team"], 1);
    assert_eq!(v["encryption"]["kdf"], "PBKDF2-SHA256");
    assert_eq!(v["encryption"]["iterations"], 600_000);
    assert_eq!(
        read_team_doc(&text),
        Ok(Team::Encrypted(TeamKeyParams {
            iterations: ITERATIONS,
            salt: vec![3; SALT_LEN],
            check_iv: vec![1; IV_LEN],
            check_data: vec![2; 36],
        }))
    );
    // As CouchDB gives it back, with its `_rev`.
    let with_rev = text.replacen('{', r#"{"_rev":"1-abc","#, 1);
    assert!(matches!(read_team_doc(&with_rev), Ok(Team::Encrypted(_))));
    assert_eq!(
        read_team_doc(r#"{"_id":"rapport:team","rapport_team":1}"#),
        Ok(Team::Plain)
    );
}

#[test]
fn a_newer_or_damaged_team_document_is_refused() {
    let text = team_doc();
    let newer = text.replace(r#""rapport_team":1"#, r#""rapport_team":2"#);
    assert_eq!(read_team_doc(&newer), Err(TeamDocError::TooNew));
    let newer_enc = text.replace(r#""v":1"#, r#""v":2"#);
    assert_eq!(read_team_doc(&newer_enc), Err(TeamDocError::TooNew));
    let other_kdf = text.replace("PBKDF2-SHA256", "Argon2id");
    assert_eq!(read_team_doc(&other_kdf), Err(TeamDocError::TooNew));
    for damaged in [
        "not json".to_string(),
        "{}".to_string(),
        text.replace(r#""rapport_team":1"#, r#""rapport_team":0"#),
        text.replace("600000", "1000"),
        text.replace("600000", "99999999999"),
        text.replace(&b64_encode(&[3; SALT_LEN]), &b64_encode(&[3; 8])),
        text.replace(&b64_encode(&[1; IV_LEN]), "not base64!"),
        text.replace(&b64_encode(&[2; 36]), &b64_encode(&[2; 4])),
        text.replace(r#""v":1"#, r#""v":"one""#),
    ] {
        assert_eq!(
            read_team_doc(&damaged),
            Err(TeamDocError::Damaged),
            "{damaged}"
        );
    }
}

#[test]
fn save_decides_from_the_team_document_and_the_passphrase() {
    let text = team_doc();
    assert_eq!(team_step(None, false), TeamStep::Plain);
    assert_eq!(team_step(None, true), TeamStep::CreateIfEmpty);
    assert!(
        matches!(team_step(Some(&text), true), TeamStep::Unlock(p) if p.iterations == ITERATIONS)
    );
    assert_eq!(
        team_step(Some(&text), false),
        TeamStep::Refuse(TeamRefusal::NeedsPassphrase)
    );
    let plain = r#"{"_id":"rapport:team","rapport_team":1}"#;
    assert_eq!(team_step(Some(plain), false), TeamStep::Plain);
    assert_eq!(
        team_step(Some(plain), true),
        TeamStep::Refuse(TeamRefusal::HasPlainRecords)
    );
    let newer = text.replace(r#""rapport_team":1"#, r#""rapport_team":2"#);
    assert_eq!(
        team_step(Some(&newer), true),
        TeamStep::Refuse(TeamRefusal::TooNew)
    );
    assert_eq!(
        team_step(Some("[]"), false),
        TeamStep::Refuse(TeamRefusal::Damaged)
    );
}

fn lock(salt: u8, iterations: u32) -> TeamLock {
    TeamLock {
        passphrase: "kopi susu".into(),
        salt: b64_encode(&[salt; SALT_LEN]),
        iterations,
    }
}

#[test]
fn the_replicator_starts_only_when_the_phone_agrees_with_the_team_document() {
    let text = team_doc();
    let plain = plain_team_doc_json();
    let same = lock(3, ITERATIONS);
    // A plain phone claims a database without a team document before its first push.
    assert_eq!(start_step(None, None), StartStep::ClaimPlain);
    assert_eq!(start_step(Some(&plain), None), StartStep::Plain);
    // A plain phone in an encrypted team: nothing is pushed or pulled.
    assert_eq!(
        start_step(Some(&text), None),
        StartStep::Stop(SyncProblem::NeedsPassphrase)
    );
    assert!(
        matches!(start_step(Some(&text), Some(&same)), StartStep::Unlock(p) if p.salt == vec![3; SALT_LEN])
    );
    // The team was set up again (another salt or iterations): this phone's passphrase is old.
    for other in [lock(4, ITERATIONS), lock(3, ITERATIONS + 1)] {
        assert_eq!(
            start_step(Some(&text), Some(&other)),
            StartStep::Stop(SyncProblem::WrongPassphrase)
        );
    }
    // An encrypting phone never pushes into a database that is not (or no longer) encrypted.
    for doc in [None, Some(plain.as_str())] {
        assert_eq!(
            start_step(doc, Some(&same)),
            StartStep::Stop(SyncProblem::TeamChanged)
        );
    }
    let newer = text.replace(r#""rapport_team":1"#, r#""rapport_team":2"#);
    for doc in [newer.as_str(), "[]", "not json"] {
        for l in [None, Some(&same)] {
            assert_eq!(
                start_step(Some(doc), l),
                StartStep::Stop(SyncProblem::TeamUnreadable)
            );
        }
    }
    for p in [
        SyncProblem::NeedsPassphrase,
        SyncProblem::WrongPassphrase,
        SyncProblem::TeamChanged,
        SyncProblem::TeamUnreadable,
    ] {
        assert!(!p.retries(), "{p:?} waits for the owner");
    }
}

#[test]
fn the_first_phone_decides_whether_a_database_is_plain_or_encrypted() {
    // Phone A (plain) starts first: its claim is the plain team document, and phone B's
    // passphrase is then refused, even before A pushed a record.
    let plain = plain_team_doc_json();
    let v: serde_json::Value = serde_json::from_str(&plain).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({"_id": TEAM_DOC_ID, "rapport_team": 1})
    );
    assert_eq!(read_team_doc(&plain), Ok(Team::Plain));
    assert_eq!(
        team_step(Some(&plain), true),
        TeamStep::Refuse(TeamRefusal::HasPlainRecords)
    );
    // Phone B saved with a passphrase first: A's claim meets B's document (a 409, read again)
    // and A stops before its first push.
    assert_eq!(
        start_step(Some(&team_doc()), None),
        StartStep::Stop(SyncProblem::NeedsPassphrase)
    );
}

#[test]
fn only_an_empty_database_becomes_an_encrypted_teams() {
    let empty = r#"{"total_rows":0,"offset":0,"rows":[]}"#;
    assert_eq!(holds_documents(empty), Some(false));
    let design = r#"{"rows":[{"id":"_design/x","key":"_design/x","value":{"rev":"1-a"}},{"id":"rapport:team"}]}"#;
    assert_eq!(holds_documents(design), Some(false));
    let records = r#"{"rows":[{"id":"_design/x"},{"id":"customers:c1"}]}"#;
    assert_eq!(holds_documents(records), Some(true));
    let other = r#"{"rows":[{"id":"someone-elses"}]}"#;
    assert_eq!(holds_documents(other), Some(true));
    assert_eq!(holds_documents("<html>"), None);
    assert_eq!(holds_documents("{}"), None);
}

#[test]
fn the_team_lock_is_kept_as_json_beside_the_settings() {
    let lock = TeamLock {
        passphrase: "kopi susu".into(),
        salt: b64_encode(&[5; SALT_LEN]),
        iterations: ITERATIONS,
    };
    let text = serde_json::to_string(&lock).expect("JSON");
    let back: TeamLock = serde_json::from_str(&text).expect("readable");
    assert_eq!(back, lock);
    assert_eq!(back.salt_bytes(), Some(vec![5; SALT_LEN]));
    let damaged = TeamLock {
        salt: b64_encode(&[5; 4]),
        ..lock
    };
    assert_eq!(damaged.salt_bytes(), None);
}
