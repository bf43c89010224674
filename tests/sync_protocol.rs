//! Native tests of the replication protocol's pure pieces (src/domain/sync/protocol/): the
//! replication id and checkpoints, `_changes`, `_revs_diff`, `_bulk_get` and its `open_revs`
//! fallback, `_bulk_docs`, what a failed request means and the retry delays.
//!
//! The answers marked "pouchdb-server" were captured with curl from pouchdb-server 4.2.0
//! (`--in-memory`, the test server of docs/sync.md) on 2026-12-07; the ones marked "CouchDB" follow
//! the shapes of CouchDB's documentation (string sequences, `pending`, `_bulk_get`'s error rows).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::sync::protocol::*;
use rapport::domain::sync::rev::Rev;
use rapport::domain::sync::setup::Reply;
use serde_json::{json, Value};

fn rev(s: &str) -> Rev {
    Rev::parse(s).expect("a revision")
}

fn seq(v: Value) -> Seq {
    Seq(v)
}

const A1: &str = "1-aaaa0000aaaa0000aaaa0000aaaa0000";
const B2: &str = "2-bbbb0000bbbb0000bbbb0000bbbb0000";
const C2: &str = "2-cccc0000cccc0000cccc0000cccc0000";
const E2: &str = "2-eeee0000eeee0000eeee0000eeee0000";
const X3: &str = "3-9999000099990000999900009999aaaa";

// ---------------------------------------------------------------- replication id and sequences

#[test]
fn replication_id_is_the_md5_of_the_documented_text() {
    // Python: hashlib.md5(b'rapport-replication-1\ndevice-1\nhttps://couch.example.com\nshop')
    assert_eq!(
        replication_id("device-1", "https://couch.example.com", "shop"),
        "1a7e8cd7fd01d6d61c58072329d898db"
    );
    // UTF-8 text: 'rapport-replication-1\ndévice\nhttp://127.0.0.1:5984\nshop/branch'.encode()
    assert_eq!(
        replication_id("dévice", "http://127.0.0.1:5984", "shop/branch"),
        "1451dd5175ad6ff169a7366578e94b82"
    );
}

#[test]
fn replication_id_differs_by_phone_server_and_database() {
    let base = replication_id("d", "https://a.example", "shop");
    assert_eq!(base, replication_id("d", "https://a.example", "shop"));
    assert_ne!(base, replication_id("e", "https://a.example", "shop"));
    assert_ne!(base, replication_id("d", "https://b.example", "shop"));
    assert_ne!(base, replication_id("d", "https://a.example", "shop2"));
    // (No part holds a newline: a device id, an address that passed `ServerAddress::parse`
    // and a `DbName`; so the newlines keep the parts apart.)
}

#[test]
fn sequences_go_back_to_the_server_as_they_came() {
    assert_eq!(Seq::zero(), seq(json!(0)));
    assert_eq!(Seq::zero().to_query(), "0");
    assert_eq!(seq(json!(1234)).to_query(), "1234");
    // CouchDB 2+: an opaque string, percent-encoded.
    assert_eq!(
        seq(json!("12-g1AAAAFReJzLYWBg4MhgTm_Hg+z/8=")).to_query(),
        "12-g1AAAAFReJzLYWBg4MhgTm_Hg%2Bz%2F8%3D"
    );
    assert_eq!(seq(json!("now")).to_query(), "now");
    assert_eq!(seq(json!("a b&c")).to_query(), "a%20b%26c");
    assert_eq!(seq(json!("é")).to_query(), "%C3%A9");
    // Anything else: its JSON.
    assert_eq!(seq(json!([1, "x"])).to_query(), "%5B1%2C%22x%22%5D");
    // Serde: transparent.
    let s: Seq = serde_json::from_str(r#""7-abc""#).expect("a seq");
    assert_eq!(s, seq(json!("7-abc")));
    assert_eq!(serde_json::to_string(&seq(json!(5))).ok(), Some("5".into()));
}

#[test]
fn changes_query_for_a_batch_and_a_long_poll() {
    assert_eq!(
        changes_query(&Seq::zero(), 100, None),
        "style=all_docs&since=0&limit=100"
    );
    assert_eq!(
        changes_query(&seq(json!("3-g1A+/")), 50, Some(25_000)),
        "style=all_docs&since=3-g1A%2B%2F&limit=50&feed=longpoll&heartbeat=10000&timeout=25000"
    );
}

// ---------------------------------------------------------------- _changes

/// pouchdb-server: `GET /shop/_changes?style=all_docs` after a design document, a conflicted
/// customer, a deleted task and a task written normally.
const CHANGES_POUCH: &str = r#"{"results":[{"id":"_design/x","changes":[{"rev":"1-3481ec21712d42db5c8a915f738aec3e"}],"seq":1},{"id":"customers:a","changes":[{"rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000"},{"rev":"2-cccc0000cccc0000cccc0000cccc0000"}],"seq":4},{"id":"tasks:c","changes":[{"rev":"2-eeee0000eeee0000eeee0000eeee0000"}],"deleted":true,"seq":6},{"id":"tasks:y","changes":[{"rev":"1-6c81ab024d8c90c93bb44a76973f114a"}],"seq":7}],"last_seq":7}
"#;

#[test]
fn reads_pouchdb_servers_changes() {
    let c = parse_changes(CHANGES_POUCH).expect("changes");
    assert_eq!(c.last_seq, seq(json!(7)));
    assert_eq!(c.pending, None);
    assert_eq!(c.results.len(), 4);
    // `_design/…` is kept: the caller skips it with DocId::parse.
    assert_eq!(c.results[0].id, "_design/x");
    assert_eq!(
        c.results[1],
        Change {
            id: "customers:a".into(),
            seq: seq(json!(4)),
            revs: vec![rev(B2), rev(C2)],
            deleted: false,
        }
    );
    assert_eq!(
        c.results[2],
        Change {
            id: "tasks:c".into(),
            seq: seq(json!(6)),
            revs: vec![rev(E2)],
            deleted: true,
        }
    );
    assert_eq!(c.results[3].seq, seq(json!(7)));
}

#[test]
fn reads_an_empty_batch_and_a_limited_one() {
    // pouchdb-server: `?since=now` and `?since=0&limit=1`.
    let empty = parse_changes(r#"{"results":[],"last_seq":5}"#).expect("changes");
    assert!(empty.results.is_empty());
    assert_eq!(empty.last_seq, seq(json!(5)));
    let one = parse_changes(r#"{"results":[{"id":"customers:a","changes":[{"rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000"},{"rev":"2-cccc0000cccc0000cccc0000cccc0000"}],"seq":3}],"last_seq":3}"#).expect("changes");
    assert_eq!(one.results.len(), 1);
    assert_eq!(one.last_seq, seq(json!(3)));
}

#[test]
fn reads_a_long_poll_with_heartbeats() {
    // pouchdb-server: `feed=longpoll&heartbeat=1000`; a document written 2.5 s later (bytes as
    // captured: three heartbeat newlines inside the array).
    let text = "{\"results\":[\n\n\n{\"id\":\"tasks:late\",\"changes\":[{\"rev\":\"1-2670f16489c94046d94fe44da407215f\"}],\"seq\":6}\n],\n\"last_seq\":6}\n";
    let c = parse_changes(text).expect("changes");
    assert_eq!(c.results.len(), 1);
    assert_eq!(c.results[0].id, "tasks:late");
    assert_eq!(c.last_seq, seq(json!(6)));
    // Heartbeats before and after.
    let padded = format!("\n\n\r\n {CHANGES_POUCH}\n\n\n");
    assert_eq!(parse_changes(&padded), parse_changes(CHANGES_POUCH));
    // A long poll aborted before its end (only the opening and heartbeats came): not JSON.
    assert_eq!(
        parse_changes("{\"results\":[\n\n\n"),
        Err(ProtocolError::NotJson)
    );
    assert_eq!(parse_changes("\n\n"), Err(ProtocolError::NotJson));
}

#[test]
fn reads_couchdbs_string_sequences_and_pending() {
    // CouchDB 3 (the documentation's shape).
    let text = r#"{"results":[
      {"seq":"1-g1AAAAF9eJzLYWBg4MhgTmHgz8tPSTV0MDQy1zMAQsMckEQiQ1L9____szKYE1lzgQLsZsZGZikpSdjUo5uHx_Q8FiDJ0ACk_oNMSWTIAgD_GGlS","id":"customers:b","changes":[{"rev":"1-967a00dff5e02add41819138abb3284d"}]},
      {"seq":"2-g1AAAAF9eJzLYWBg4MhgTmHgz8tPSTV0MDQy1zMAQsMckEQiQ1L9____szKYE1lzgQLsZsZGZikpSdjUo5uHx_Q8FiDJ0ACk_oNMSWTIAgD_GGlT","id":"tasks:d","changes":[{"rev":"3-825cb35de44c433bfb2df415563a19de"}],"deleted":true}
    ],"last_seq":"2-g1AAAAF9eJzLYWBg4MhgTmHgz8tPSTV0MDQy1zMAQsMckEQiQ1L9____szKYE1lzgQLsZsZGZikpSdjUo5uHx_Q8FiDJ0ACk_oNMSWTIAgD_GGlT","pending":17}"#;
    let c = parse_changes(text).expect("changes");
    assert_eq!(c.pending, Some(17));
    assert_eq!(c.results.len(), 2);
    assert!(matches!(&c.results[0].seq.0, Value::String(s) if s.starts_with("1-g1AAAA")));
    assert!(c.results[1].deleted);
    assert_eq!(c.last_seq, c.results[1].seq);
}

#[test]
fn skips_bad_revisions_and_rows_left_without_any() {
    let text = r#"{"results":[
      {"id":"customers:a","changes":[{"rev":"nonsense"},{"rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000"},{"rev":7},{}],"seq":1},
      {"id":"customers:b","changes":[{"rev":"0-abc"}],"seq":2},
      {"id":"customers:c","changes":[],"seq":3},
      {"id":"customers:d","seq":4},
      {"changes":[{"rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000"}],"seq":5},
      {"id":"customers:e","changes":[{"rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000"}]},
      {"id":"customers:f","changes":[{"rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000"}],"seq":null},
      "a string",
      {"id":"customers:g","changes":[{"rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000"}],"seq":8,"deleted":"yes"}
    ],"last_seq":8}"#;
    let c = parse_changes(text).expect("changes");
    let ids: Vec<&str> = c.results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["customers:a", "customers:g"]);
    assert_eq!(c.results[0].revs, vec![rev(B2)]);
    assert!(!c.results[1].deleted, "only `true` is a deletion");
}

#[test]
fn changes_errors_are_typed() {
    let unexpected = |t: &str| matches!(parse_changes(t), Err(ProtocolError::Unexpected(_)));
    assert_eq!(parse_changes(""), Err(ProtocolError::NotJson));
    assert_eq!(
        parse_changes("<html>Sign in to Wi-Fi</html>"),
        Err(ProtocolError::NotJson)
    );
    assert!(unexpected("[]"));
    assert!(unexpected("7"));
    assert!(unexpected(r#"{"last_seq":3}"#));
    assert!(unexpected(r#"{"results":{},"last_seq":3}"#));
    assert!(unexpected(r#"{"results":[]}"#));
    assert!(unexpected(r#"{"results":[],"last_seq":null}"#));
    assert!(unexpected(r#"{"error":"not_found","reason":"no_db_file"}"#));
}

// ---------------------------------------------------------------- _revs_diff

#[test]
fn revs_diff_body_groups_revisions_by_document() {
    let body = revs_diff_body(&[
        ("customers:a".into(), vec![rev(B2), rev(X3)]),
        ("tasks:c".into(), vec![rev(E2)]),
        ("customers:a".into(), vec![rev(X3), rev(A1)]),
    ]);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        v,
        json!({"customers:a": [B2, X3, A1], "tasks:c": [E2]}),
        "{body}"
    );
    assert_eq!(revs_diff_body(&[]), "{}");
}

#[test]
fn reads_pouchdb_servers_revs_diff() {
    // pouchdb-server, asked {"customers:a":[B2,X3],"tasks:c":[E2],"tasks:new":[1-…,2-…]}.
    let text = r#"{"customers:a":{"missing":["3-9999000099990000999900009999aaaa"]},"tasks:new":{"missing":["1-1234123412341234123412341234abcd","2-1234123412341234123412341234abcd"]}}"#;
    let d = parse_revs_diff(text).expect("revs diff");
    assert_eq!(d.len(), 2);
    assert_eq!(d["customers:a"], vec![rev(X3)]);
    assert_eq!(d["tasks:new"].len(), 2);
    assert!(!d.contains_key("tasks:c"));
    // Nothing missing (pouchdb-server's answer to `{}` too).
    assert!(parse_revs_diff("{}").expect("revs diff").is_empty());
}

#[test]
fn reads_couchdbs_revs_diff_with_possible_ancestors() {
    let text = r#"{"190f721ca3411be7aa9477db5f948bbb":{"missing":["3-bb72a7682290f94a985f7afac8b27137","5-067a00dff5e02add41819138abb3284d"],"possible_ancestors":["4-10265e5a26d807a3cfa459cf1a82ef2e"]},
      "x":{"missing":[]},"y":{"missing":["bad"]},"z":"what","w":{}}"#;
    let d = parse_revs_diff(text).expect("revs diff");
    assert_eq!(d.len(), 1);
    assert_eq!(
        d["190f721ca3411be7aa9477db5f948bbb"],
        vec![
            rev("3-bb72a7682290f94a985f7afac8b27137"),
            rev("5-067a00dff5e02add41819138abb3284d")
        ]
    );
    assert_eq!(parse_revs_diff("nope"), Err(ProtocolError::NotJson));
    assert!(matches!(
        parse_revs_diff("[]"),
        Err(ProtocolError::Unexpected(_))
    ));
}

// ---------------------------------------------------------------- _bulk_get

#[test]
fn bulk_get_body_has_one_entry_per_revision() {
    let body = bulk_get_body(&[
        ("customers:a".into(), vec![rev(B2), rev(C2)]),
        ("tasks:c".into(), vec![rev(E2)]),
    ]);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        v,
        json!({"docs": [
            {"id": "customers:a", "rev": B2},
            {"id": "customers:a", "rev": C2},
            {"id": "tasks:c", "rev": E2},
        ]})
    );
}

/// pouchdb-server: `POST /shop/_bulk_get?revs=true` for B2, C2 and X3 (missing) of customers:a,
/// E2 (a deletion) of tasks:c and a revision of a document it never had. It groups the rows by id
/// and says `{"missing": rev}` where CouchDB says `{"error": {…}}`.
const BULK_GET_POUCH: &str = r#"{"results":[{"id":"customers:a","docs":[{"ok":{"name":"Siti R","rapport":1,"_id":"customers:a","_rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000","_revisions":{"start":2,"ids":["bbbb0000bbbb0000bbbb0000bbbb0000","aaaa0000aaaa0000aaaa0000aaaa0000"]}}}]},{"id":"customers:a","docs":[{"ok":{"name":"Siti Rahma","rapport":1,"_id":"customers:a","_rev":"2-cccc0000cccc0000cccc0000cccc0000","_revisions":{"start":2,"ids":["cccc0000cccc0000cccc0000cccc0000","aaaa0000aaaa0000aaaa0000aaaa0000"]}}}]},{"id":"customers:a","docs":[{"missing":"3-9999000099990000999900009999aaaa"}]},{"id":"tasks:c","docs":[{"ok":{"_id":"tasks:c","_rev":"2-eeee0000eeee0000eeee0000eeee0000","_deleted":true,"_revisions":{"start":2,"ids":["eeee0000eeee0000eeee0000eeee0000","dddd0000dddd0000dddd0000dddd0000"]}}}]},{"id":"tasks:nope","docs":[{"missing":"1-1234123412341234123412341234abcd"}]}]}"#;

#[test]
fn reads_pouchdb_servers_bulk_get() {
    let rows = parse_bulk_get(BULK_GET_POUCH).expect("bulk get");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].id, "customers:a");
    assert_eq!(rows[0].rev, Some(rev(B2)));
    let doc = rows[0].doc.as_ref().expect("a document");
    assert_eq!(doc["name"], "Siti R");
    assert_eq!(doc["_revisions"]["start"], 2);
    assert_eq!(rows[1].rev, Some(rev(C2)));
    let not_found = Err(FetchError {
        error: "not_found".into(),
        reason: "missing".into(),
    });
    assert_eq!(
        rows[2],
        Fetched {
            id: "customers:a".into(),
            rev: Some(rev(X3)),
            doc: not_found.clone(),
        }
    );
    assert_eq!(rows[3].rev, Some(rev(E2)));
    assert_eq!(
        rows[3].doc.as_ref().map(|d| d["_deleted"].clone()),
        Ok(json!(true))
    );
    assert_eq!(rows[4].id, "tasks:nope");
    assert_eq!(rows[4].doc, not_found);
}

#[test]
fn reads_couchdbs_bulk_get_with_error_rows() {
    // CouchDB's documented shape: the id and rev of an error inside it ("undefined" when the
    // request named no rev).
    let text = r#"{"results":[
      {"id":"foo","docs":[{"ok":{"_id":"foo","_rev":"4-753875d51501a6b1883a9d62b4d33f91","value":"this is foo","_revisions":{"start":4,"ids":["753875d51501a6b1883a9d62b4d33f91","efc54218773c6acd910e2e97fea2a608","2ee767305024673cfb3f5af037cd2729","4a7e4ae49c4366eaed8edeaea8f784ad"]}}}]},
      {"id":"baz","docs":[{"error":{"id":"baz","rev":"undefined","error":"not_found","reason":"missing"}}]},
      {"id":"foo","docs":[{"error":{"id":"foo","rev":"9-753875d51501a6b1883a9d62b4d33f91","error":"forbidden","reason":"no"}}]},
      {"docs":[{"error":{"rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000","error":"x","reason":"no id anywhere"}}]},
      {"id":"bar","docs":[{"ok":"not an object"},{"something":"else"}]},
      {"id":"qux"}
    ]}"#;
    let rows = parse_bulk_get(text).expect("bulk get");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[0].rev, Some(rev("4-753875d51501a6b1883a9d62b4d33f91")));
    assert!(rows[0].doc.is_ok());
    assert_eq!(
        rows[1],
        Fetched {
            id: "baz".into(),
            rev: None,
            doc: Err(FetchError {
                error: "not_found".into(),
                reason: "missing".into()
            }),
        }
    );
    assert_eq!(rows[2].rev, Some(rev("9-753875d51501a6b1883a9d62b4d33f91")));
    assert_eq!(
        rows[2].doc.as_ref().map_err(|e| e.error.as_str()),
        Err("forbidden")
    );
    assert_eq!(rows[3].id, "bar");
    assert_eq!(
        rows[3].doc.as_ref().map_err(|e| e.error.as_str()),
        Err("bad_answer")
    );
}

#[test]
fn bulk_get_errors_are_typed() {
    assert_eq!(parse_bulk_get(""), Err(ProtocolError::NotJson));
    assert!(matches!(
        parse_bulk_get(r#"{"error":"bad_request","reason":"invalid_json"}"#),
        Err(ProtocolError::Unexpected(_))
    ));
    assert!(matches!(
        parse_bulk_get("[]"),
        Err(ProtocolError::Unexpected(_))
    ));
    assert_eq!(parse_bulk_get(r#"{"results":[]}"#), Ok(vec![]));
}

#[test]
fn tells_a_server_without_bulk_get() {
    assert!(bulk_get_unsupported(405, ""));
    assert!(bulk_get_unsupported(
        405,
        r#"{"error":"method_not_allowed","reason":"Only GET,HEAD,PUT,DELETE allowed"}"#
    ));
    assert!(bulk_get_unsupported(415, "<html>"));
    assert!(bulk_get_unsupported(501, ""));
    assert!(bulk_get_unsupported(
        400,
        r#"{"error":"bad_request","reason":"Only reserved document ids may start with underscore."}"#
    ));
    assert!(bulk_get_unsupported(
        404,
        r#"{"error":"not_found","reason":"missing"}"#
    ));
    // The database itself is gone: not a missing endpoint.
    assert!(!bulk_get_unsupported(
        404,
        r#"{"error":"not_found","reason":"no_db_file"}"#
    ));
    assert!(!bulk_get_unsupported(
        404,
        r#"{"error":"not_found","reason":"Database does not exist."}"#
    ));
    for status in [200, 401, 403, 500, 503] {
        assert!(!bulk_get_unsupported(status, "{}"), "{status}");
    }
}

// ---------------------------------------------------------------- open_revs

#[test]
fn open_revs_path_encodes_the_id_and_the_list() {
    assert_eq!(
        open_revs_path("customers:a", &[rev(B2), rev(X3)]),
        "customers:a?revs=true&latest=true&open_revs=%5B%222-bbbb0000bbbb0000bbbb0000bbbb0000%22%2C%223-9999000099990000999900009999aaaa%22%5D"
    );
    assert_eq!(
        open_revs_path("customers:a/b?c#d%e&f+g h:é", &[]),
        "customers:a%2Fb%3Fc%23d%25e%26f%2Bg%20h:%C3%A9?revs=true&latest=true&open_revs=%5B%5D"
    );
}

#[test]
fn reads_pouchdb_servers_open_revs() {
    // pouchdb-server, `Accept: application/json`, `open_revs=[B2, X3]`, asked without `latest`:
    // with it, pouchdb-server 4.2.0 crashes on X3, a revision it lacks of a document it has.
    let text = r#"[{"ok":{"name":"Siti R","rapport":1,"_id":"customers:a","_rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000","_revisions":{"start":2,"ids":["bbbb0000bbbb0000bbbb0000bbbb0000","aaaa0000aaaa0000aaaa0000aaaa0000"]}}},{"missing":"3-9999000099990000999900009999aaaa"}]"#;
    let rows = parse_open_revs("customers:a", text).expect("open revs");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].id, "customers:a");
    assert_eq!(rows[0].rev, Some(rev(B2)));
    assert!(rows[0].doc.is_ok());
    assert_eq!(rows[1].rev, Some(rev(X3)));
    assert!(rows[1].doc.is_err());
    // `latest=true&open_revs=[B2, A1]`: A1 is no leaf, so its leaves come instead (rev C2, not A1).
    let latest = r#"[{"ok":{"name":"Siti R","rapport":1,"_id":"customers:a","_rev":"2-bbbb0000bbbb0000bbbb0000bbbb0000","_revisions":{"start":2,"ids":["bbbb0000bbbb0000bbbb0000bbbb0000","aaaa0000aaaa0000aaaa0000aaaa0000"]}}},{"ok":{"name":"Siti Rahma","rapport":1,"_id":"customers:a","_rev":"2-cccc0000cccc0000cccc0000cccc0000","_revisions":{"start":2,"ids":["cccc0000cccc0000cccc0000cccc0000","aaaa0000aaaa0000aaaa0000aaaa0000"]}}}]"#;
    let rows = parse_open_revs("customers:a", latest).expect("open revs");
    let revs: Vec<Option<Rev>> = rows.iter().map(|r| r.rev.clone()).collect();
    assert_eq!(revs, [Some(rev(B2)), Some(rev(C2))]);
    // A deletion, and a document the server never had.
    let deleted = r#"[{"ok":{"_id":"tasks:c","_rev":"2-eeee0000eeee0000eeee0000eeee0000","_deleted":true,"_revisions":{"start":2,"ids":["eeee0000eeee0000eeee0000eeee0000","dddd0000dddd0000dddd0000dddd0000"]}}}]"#;
    assert_eq!(
        parse_open_revs("tasks:c", deleted).expect("open revs")[0].rev,
        Some(rev(E2))
    );
    let none = r#"[{"missing":"1-1234123412341234123412341234abcd"}]"#;
    let rows = parse_open_revs("tasks:nope", none).expect("open revs");
    assert_eq!(rows[0].id, "tasks:nope");
    assert!(rows[0].doc.is_err());
    // An error object instead of the list.
    assert!(matches!(
        parse_open_revs("x", r#"{"error":"not_found","reason":"missing"}"#),
        Err(ProtocolError::Unexpected(_))
    ));
}

// ---------------------------------------------------------------- _bulk_docs

#[test]
fn bulk_docs_body_keeps_revisions_as_they_are() {
    let doc = json!({"_id": "tasks:c", "_rev": E2, "_deleted": true,
        "_revisions": {"start": 2, "ids": ["eeee0000eeee0000eeee0000eeee0000", "dddd0000dddd0000dddd0000dddd0000"]}});
    let body = bulk_docs_body(&[doc.clone(), json!({"_id": "x"})]);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v, json!({"docs": [doc, {"_id": "x"}], "new_edits": false}));
    assert_eq!(bulk_docs_body(&[]), r#"{"docs":[],"new_edits":false}"#);
}

#[test]
fn reads_pouchdb_servers_bulk_docs() {
    // new_edits:false, every revision stored: an empty array.
    assert_eq!(parse_bulk_docs("[]\n"), Ok(vec![]));
    // new_edits true, a conflict beside a success.
    let text = r#"[{"id":"tasks:z","error":"conflict","reason":"Document update conflict"},{"ok":true,"id":"tasks:y","rev":"1-6c81ab024d8c90c93bb44a76973f114a"}]"#;
    assert_eq!(
        parse_bulk_docs(text),
        Ok(vec![DocFailure {
            id: "tasks:z".into(),
            error: "conflict".into(),
            reason: "Document update conflict".into(),
        }])
    );
    // new_edits:false with a document without `_rev`: 400 for the whole batch.
    assert_eq!(
        parse_bulk_docs(r#"{"error":"bad_request","reason":"Invalid rev format"}"#),
        Err(ProtocolError::Unexpected(
            "_bulk_docs: bad_request: Invalid rev format".into()
        ))
    );
}

#[test]
fn reads_couchdbs_refusals() {
    // CouchDB: a validate_doc_update refusal and an unauthorized write, beside a success.
    let text = r#"[{"ok":true,"id":"a","rev":"1-aaaa0000aaaa0000aaaa0000aaaa0000"},
      {"id":"b","error":"forbidden","reason":"Only staff may write customers"},
      {"id":"c","error":"unauthorized","reason":"You are not a db or server admin."},
      {"error":"forbidden"}, {"id":"d","error":null}, "junk"]"#;
    let failures = parse_bulk_docs(text).expect("bulk docs");
    assert_eq!(failures.len(), 3);
    assert_eq!(failures[0].error, "forbidden");
    assert_eq!(failures[0].reason, "Only staff may write customers");
    assert_eq!(failures[1].id, "c");
    assert_eq!(failures[2].id, "");
    assert_eq!(failures[2].reason, "");
    assert_eq!(parse_bulk_docs("<html>"), Err(ProtocolError::NotJson));
    assert!(matches!(
        parse_bulk_docs(r#"{"ok":true}"#),
        Err(ProtocolError::Unexpected(_))
    ));
}

// ---------------------------------------------------------------- checkpoints

fn cp(session: &str, last: Value, history: &[(&str, Value)]) -> Checkpoint {
    Checkpoint {
        session_id: session.into(),
        last_seq: seq(last),
        history: history
            .iter()
            .map(|(s, v)| (s.to_string(), seq(v.clone())))
            .collect(),
    }
}

#[test]
fn a_checkpoint_is_written_as_documented() {
    let c = cp(
        "s2",
        json!("7-g1AA"),
        &[("s2", json!("7-g1AA")), ("s1", json!(3))],
    );
    let text = c.to_json(None, "1a7e8cd7fd01d6d61c58072329d898db");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        v,
        json!({"_id": "_local/1a7e8cd7fd01d6d61c58072329d898db", "session_id": "s2",
            "source_last_seq": "7-g1AA", "rapport": 1,
            "history": [{"session_id": "s2", "recorded_seq": "7-g1AA"},
                        {"session_id": "s1", "recorded_seq": 3}]})
    );
    // With the server's `_rev` to overwrite it.
    let v: Value = serde_json::from_str(&c.to_json(Some("0-1"), "x")).expect("JSON");
    assert_eq!(v["_rev"], "0-1");
    assert_eq!(v["_id"], "_local/x");
    // Read back.
    assert_eq!(
        Checkpoint::from_json(&c.to_json(Some("0-1"), "x")),
        Some((c.clone(), Some("0-1".into())))
    );
    assert_eq!(Checkpoint::from_json(&text), Some((c, None)));
}

#[test]
fn reads_a_checkpoint_as_pouchdb_server_keeps_it() {
    // pouchdb-server: `PUT` of the text above, then `GET /shop/_local/…` (it adds `_rev` last).
    let text = r#"{"_id":"_local/1a7e8cd7fd01d6d61c58072329d898db","history":[{"recorded_seq":"7-g1AA","session_id":"s2"},{"recorded_seq":3,"session_id":"s1"}],"rapport":1,"session_id":"s2","source_last_seq":"7-g1AA","_rev":"0-1"}"#;
    let (c, rev) = Checkpoint::from_json(text).expect("a checkpoint");
    assert_eq!(rev.as_deref(), Some("0-1"));
    assert_eq!(c.session_id, "s2");
    assert_eq!(c.last_seq, seq(json!("7-g1AA")));
    assert_eq!(c.history.len(), 2);
    assert_eq!(c.history[1], ("s1".to_string(), seq(json!(3))));
}

#[test]
fn only_our_checkpoints_are_read() {
    let ok = r#"{"_id":"_local/x","session_id":"s","source_last_seq":1,"rapport":1}"#;
    assert!(Checkpoint::from_json(ok).is_some_and(|(c, _)| c.history.is_empty()));
    for text in [
        "",
        "null",
        "[]",
        "{}",
        // pouchdb-server's 404 before the first checkpoint
        r#"{"error":"not_found","reason":"missing"}"#,
        // CouchDB's own replicator's checkpoint (no `rapport`)
        r#"{"_id":"_local/x","_rev":"0-3","session_id":"s","source_last_seq":1,"history":[]}"#,
        r#"{"_id":"customers:a","session_id":"s","source_last_seq":1,"rapport":1}"#,
        r#"{"_id":"_local/x","session_id":"s","source_last_seq":1,"rapport":2}"#,
        r#"{"_id":"_local/x","session_id":"s","source_last_seq":1,"rapport":"1"}"#,
        r#"{"_id":"_local/x","session_id":7,"source_last_seq":1,"rapport":1}"#,
        r#"{"_id":"_local/x","session_id":"s","rapport":1}"#,
        r#"{"_id":"_local/x","session_id":"s","source_last_seq":null,"rapport":1}"#,
    ] {
        assert_eq!(Checkpoint::from_json(text), None, "{text}");
    }
    // History entries that do not read are left out; at most five are kept.
    let text = r#"{"_id":"_local/x","session_id":"s","source_last_seq":1,"rapport":1,
      "history":[{"session_id":"s","recorded_seq":1},{"session_id":"t"},{"recorded_seq":3},"x",
        {"session_id":"a","recorded_seq":1},{"session_id":"b","recorded_seq":1},
        {"session_id":"c","recorded_seq":1},{"session_id":"d","recorded_seq":1},
        {"session_id":"e","recorded_seq":1}]}"#;
    let (c, _) = Checkpoint::from_json(text).expect("a checkpoint");
    let sessions: Vec<&str> = c.history.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sessions, ["s", "a", "b", "c", "d"]);
}

#[test]
fn starts_from_zero_without_both_checkpoints() {
    let c = cp("s", json!(9), &[("s", json!(9))]);
    assert_eq!(Checkpoint::start_from(None, None), Seq::zero());
    assert_eq!(Checkpoint::start_from(Some(&c), None), Seq::zero());
    assert_eq!(Checkpoint::start_from(None, Some(&c)), Seq::zero());
}

#[test]
fn starts_from_the_phones_seq_when_both_sessions_agree() {
    let server = cp("s3", json!(10), &[("s3", json!(10)), ("s2", json!(5))]);
    let phone = cp("s3", json!(12), &[("s3", json!(12)), ("s2", json!(5))]);
    assert_eq!(
        Checkpoint::start_from(Some(&server), Some(&phone)),
        seq(json!(12))
    );
}

#[test]
fn starts_from_the_newest_session_both_histories_share() {
    // The phone's write of session s3 failed: both still hold s2.
    let server = cp(
        "s3",
        json!(30),
        &[("s3", json!(30)), ("s2", json!(20)), ("s1", json!(10))],
    );
    let phone = cp("s2", json!(20), &[("s2", json!(20)), ("s1", json!(10))]);
    assert_eq!(
        Checkpoint::start_from(Some(&server), Some(&phone)),
        seq(json!(20))
    );
    assert_eq!(
        Checkpoint::start_from(Some(&phone), Some(&server)),
        seq(json!(20))
    );
    // Each side moved on by a session of its own; s1 is the newest they share.
    let server = cp(
        "s3",
        json!("3-x"),
        &[("s3", json!("3-x")), ("s1", json!("1-x"))],
    );
    let phone = cp(
        "s4",
        json!("4-x"),
        &[("s4", json!("4-x")), ("s1", json!("1-x"))],
    );
    assert_eq!(
        Checkpoint::start_from(Some(&server), Some(&phone)),
        seq(json!("1-x"))
    );
    // Nothing shared: from the start.
    let other = cp("z", json!(99), &[("z", json!(99)), ("y", json!(50))]);
    assert_eq!(
        Checkpoint::start_from(Some(&server), Some(&other)),
        Seq::zero()
    );
    // A history written without its own session (another client's) still counts it.
    let bare = cp("s1", json!("1-x"), &[]);
    assert_eq!(
        Checkpoint::start_from(Some(&server), Some(&bare)),
        seq(json!("1-x"))
    );
}

#[test]
fn advancing_keeps_five_sessions_newest_first() {
    let first = Checkpoint::advance(None, "s1", seq(json!(3)));
    assert_eq!(first, cp("s1", json!(3), &[("s1", json!(3))]));
    // The same session again replaces its entry.
    let again = Checkpoint::advance(Some(&first), "s1", seq(json!(8)));
    assert_eq!(again, cp("s1", json!(8), &[("s1", json!(8))]));
    let mut c = again;
    for (i, s) in ["s2", "s3", "s4", "s5", "s6", "s7"].iter().enumerate() {
        c = Checkpoint::advance(Some(&c), s, seq(json!(10 + i)));
    }
    let sessions: Vec<&str> = c.history.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sessions, ["s7", "s6", "s5", "s4", "s3"]);
    assert_eq!(c.history.len(), HISTORY_LEN);
    assert_eq!(c.last_seq, seq(json!(15)));
    // A previous checkpoint whose history lacks its own session keeps it.
    let bare = cp("old", json!(1), &[]);
    let next = Checkpoint::advance(Some(&bare), "new", seq(json!(2)));
    assert_eq!(
        next.history,
        cp("x", json!(0), &[("new", json!(2)), ("old", json!(1))]).history
    );
}

// ---------------------------------------------------------------- failures and retries

fn answer(status: u16, body: &str) -> Reply {
    Reply::Answer {
        status,
        body: body.into(),
    }
}

#[test]
fn classifies_what_a_failed_request_means() {
    use SyncProblem::*;
    let cases: &[(Reply, Option<SyncProblem>)] = &[
        (answer(200, r#"{"results":[],"last_seq":0}"#), None),
        (answer(201, "[]"), None),
        (answer(202, "\n[]\n"), None),
        (
            answer(200, "<html>Sign in to the Wi-Fi</html>"),
            Some(NotCouchDb),
        ),
        (answer(200, ""), Some(NotCouchDb)),
        (Reply::Failed, Some(Offline)),
        (Reply::TimedOut, Some(Offline)),
        (
            answer(
                401,
                r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#,
            ),
            Some(PasswordChanged),
        ),
        (answer(401, ""), Some(PasswordChanged)),
        // pouchdb-server's answer to a signed-in user who is not a member
        (
            answer(
                401,
                r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#,
            ),
            Some(NoPermission),
        ),
        (
            answer(
                403,
                r#"{"error":"forbidden","reason":"You are not allowed to access this db."}"#,
            ),
            Some(NoPermission),
        ),
        (
            answer(404, r#"{"error":"not_found","reason":"no_db_file"}"#),
            Some(DatabaseGone),
        ),
        (
            answer(
                404,
                r#"{"error":"not_found","reason":"Database does not exist."}"#,
            ),
            Some(DatabaseGone),
        ),
        (answer(404, "<html>Not Found</html>"), Some(DatabaseGone)),
        // a document, not the database
        (
            answer(404, r#"{"error":"not_found","reason":"missing"}"#),
            Some(Server(404)),
        ),
        (
            answer(404, r#"{"error":"not_found","reason":"deleted"}"#),
            Some(Server(404)),
        ),
        (answer(507, ""), Some(ServerFull)),
        (
            answer(
                413,
                r#"{"error":"too_large","reason":"the request entity is too large"}"#,
            ),
            Some(ServerFull),
        ),
        (
            answer(
                409,
                r#"{"error":"conflict","reason":"Document update conflict"}"#,
            ),
            Some(Server(409)),
        ),
        (answer(500, ""), Some(Server(500))),
        (answer(503, ""), Some(Server(503))),
        (answer(302, ""), Some(Server(302))),
    ];
    for (reply, want) in cases {
        assert_eq!(classify(reply), *want, "{reply:?}");
    }
}

#[test]
fn a_missing_document_is_told_from_a_missing_database() {
    // pouchdb-server: `GET /shop/_local/…` before the first checkpoint, and `GET /nodb/_changes`.
    assert!(doc_missing(&answer(
        404,
        r#"{"error":"not_found","reason":"missing"}"#
    )));
    assert!(doc_missing(&answer(
        404,
        r#"{"error":"not_found","reason":"deleted"}"#
    )));
    assert!(!doc_missing(&answer(
        404,
        r#"{"error":"not_found","reason":"no_db_file"}"#
    )));
    assert!(!doc_missing(&answer(
        200,
        r#"{"error":"not_found","reason":"missing"}"#
    )));
    assert!(!doc_missing(&Reply::Failed));
}

#[test]
fn which_problems_are_retried() {
    use SyncProblem::*;
    for p in [
        Offline,
        ServerFull,
        NotCouchDb,
        Server(500),
        Server(503),
        Server(408),
        Server(429),
    ] {
        assert!(p.retries(), "{p:?}");
    }
    for p in [
        PasswordChanged,
        NoPermission,
        DatabaseGone,
        Server(400),
        Server(409),
        Server(302),
    ] {
        assert!(!p.retries(), "{p:?}");
    }
}

#[test]
fn backoff_doubles_from_two_seconds_up_to_five_minutes() {
    let delays: Vec<u32> = (1..=10).map(|a| backoff_ms(a, 0.0)).collect();
    assert_eq!(
        delays,
        [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]
    );
    assert_eq!(backoff_ms(0, 0.0), 2_000);
    assert_eq!(backoff_ms(u32::MAX, 0.0), 300_000);
    // Jitter adds up to 25 %.
    assert_eq!(backoff_ms(1, 0.5), 2_250);
    assert_eq!(backoff_ms(1, 0.999_999), 2_499);
    assert_eq!(backoff_ms(20, 0.999_999), 374_999);
    // Out-of-range jitter is clamped; NaN counts as none.
    assert_eq!(backoff_ms(1, -3.0), 2_000);
    assert_eq!(backoff_ms(1, 7.0), 2_500);
    assert_eq!(backoff_ms(1, f64::NAN), 2_000);
    assert_eq!(backoff_ms(1, f64::INFINITY), 2_500);
}

#[test]
fn the_status_is_plain_data() {
    let s = SyncStatus::Failing {
        problem: SyncProblem::PasswordChanged,
        pending: 3,
        last: Some(1_741_000_000_000),
    };
    assert_eq!(s.clone(), s);
    assert_ne!(SyncStatus::Off, SyncStatus::Starting);
    assert_ne!(
        SyncStatus::Syncing {
            done: 1,
            total: None
        },
        SyncStatus::Syncing {
            done: 1,
            total: Some(2)
        }
    );
}

// ---------------------------------------------------------------- garbage never panics

/// Every reader on one text (their results do not matter here, only that they return).
fn read_everything(text: &str) {
    let _ = parse_changes(text);
    let _ = parse_revs_diff(text);
    let _ = parse_bulk_get(text);
    let _ = parse_open_revs("customers:a", text);
    let _ = parse_bulk_docs(text);
    let _ = Checkpoint::from_json(text);
    let _ = bulk_get_unsupported(404, text);
    let _ = classify(&answer(200, text));
    let _ = classify(&answer(401, text));
    let _ = classify(&answer(404, text));
}

#[test]
fn every_cut_of_a_real_answer_is_read_without_panicking() {
    for text in [CHANGES_POUCH, BULK_GET_POUCH] {
        for end in 0..=text.len() {
            read_everything(&text[..end]);
        }
    }
}

/// JSON-ish text made of the pieces real answers are made of.
fn jsonish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\n".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1e400".to_string()),
        Just(r#""results""#.to_string()),
        Just(r#""last_seq""#.to_string()),
        Just(r#""pending""#.to_string()),
        Just(r#""id""#.to_string()),
        Just(r#""seq""#.to_string()),
        Just(r#""changes""#.to_string()),
        Just(r#""rev""#.to_string()),
        Just(r#""docs""#.to_string()),
        Just(r#""ok""#.to_string()),
        Just(r#""error""#.to_string()),
        Just(r#""missing""#.to_string()),
        Just(r#""_id""#.to_string()),
        Just(r#""_local/x""#.to_string()),
        Just(r#""rapport""#.to_string()),
        Just(r#""session_id""#.to_string()),
        Just(r#""source_last_seq""#.to_string()),
        Just(r#""history""#.to_string()),
        Just(r#""1-aaaa0000aaaa0000aaaa0000aaaa0000""#.to_string()),
        "\"[^\"\\\\]{0,8}\"",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        read_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_json_never_panics(text in jsonish()) {
        read_everything(&text);
    }

    #[test]
    fn backoff_stays_in_bounds(attempt in any::<u32>(), jitter in any::<f64>()) {
        let d = backoff_ms(attempt, jitter);
        prop_assert!((2_000..=375_000).contains(&d));
        prop_assert_eq!(d, backoff_ms(attempt, jitter));
        if (0.0..1.0).contains(&jitter) {
            let base = backoff_ms(attempt, 0.0);
            prop_assert!(d >= base && d < base + base / 4 + 1);
        }
    }

    #[test]
    fn checkpoints_read_back(
        session in "[a-z0-9-]{1,12}",
        n in any::<u64>(),
        s in "[ -~]{0,20}",
        rev in proptest::option::of("0-[0-9]{1,3}"),
    ) {
        let c = Checkpoint::advance(None, &session, Seq(json!(n)));
        let c = Checkpoint::advance(Some(&c), "later", Seq(json!(s)));
        let text = c.to_json(rev.as_deref(), "id");
        prop_assert_eq!(Checkpoint::from_json(&text), Some((c, rev)));
    }
}
