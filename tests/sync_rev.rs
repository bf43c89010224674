//! Native tests of sync revision ids (src/domain/sync/rev.rs): CouchDB's `N-hash` form and order,
//! and Rapport's deterministic hash, checked against MD5 computed independently (Python's
//! hashlib) for the documented text.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::sync::rev::*;
use serde_json::json;

fn rev(s: &str) -> Rev {
    Rev::parse(s).expect("a revision")
}

#[test]
fn parses_and_prints_couchdb_revisions() {
    let r = rev("2-de0ea16f8621cbac506d23a0fbbde08a");
    assert_eq!(r.pos, 2);
    assert_eq!(r.hash, "de0ea16f8621cbac506d23a0fbbde08a");
    assert_eq!(r.to_string(), "2-de0ea16f8621cbac506d23a0fbbde08a");
    assert_eq!("2-de0ea16f8621cbac506d23a0fbbde08a".parse::<Rev>(), Ok(r));
    // Other clients' hashes (e.g. PouchDB's older random ids) are kept as they are.
    assert_eq!(rev("1-A1b2").hash, "A1b2");
}

#[test]
fn refuses_what_is_not_a_revision() {
    use RevError::*;
    let cases: &[(&str, RevError)] = &[
        ("", NoDash),
        ("abc", NoDash),
        ("-abc", BadPosition),
        ("+1-abc", BadPosition),
        ("x-abc", BadPosition),
        ("1 -abc", BadPosition),
        ("99999999999999999999-abc", BadPosition),
        ("0-abc", ZeroPosition),
        ("1-", BadHash),
        ("1-ab c", BadHash),
        ("1-ab-c", BadHash),
        ("1-é", BadHash),
    ];
    for (text, err) in cases {
        assert_eq!(Rev::parse(text), Err(err.clone()), "{text:?}");
    }
    assert_eq!(
        Rev::parse(&format!("1-{}", "a".repeat(MAX_HASH_LEN + 1))),
        Err(BadHash)
    );
    assert!(Rev::parse(&format!("1-{}", "a".repeat(MAX_HASH_LEN))).is_ok());
    assert_eq!(Rev::new(0, "abc"), Err(ZeroPosition));
    assert_eq!(Rev::new(1, ""), Err(BadHash));
}

#[test]
fn orders_as_couchdb_does_position_as_a_number_then_hash() {
    assert!(rev("10-a") > rev("9-z"), "10 after 9, not as text");
    assert!(rev("2-de0ea16f8621cbac506d23a0fbbde08a") > rev("2-7c971bb974251ae8541b8fe045964219"));
    let mut v = [rev("2-b"), rev("11-a"), rev("1-z"), rev("2-a")];
    v.sort();
    let texts: Vec<String> = v.iter().map(|r| r.to_string()).collect();
    assert_eq!(texts, ["1-z", "2-a", "2-b", "11-a"]);
    // A live leaf beats a deleted one whatever their positions.
    use std::cmp::Ordering::*;
    assert_eq!(
        Rev::winner_order((&rev("1-a"), false), (&rev("5-z"), true)),
        Greater
    );
    assert_eq!(
        Rev::winner_order((&rev("5-z"), true), (&rev("1-a"), false)),
        Less
    );
    assert_eq!(
        Rev::winner_order((&rev("3-a"), true), (&rev("2-z"), true)),
        Greater
    );
}

#[test]
fn serialises_as_its_text() {
    let r = rev("3-0123456789abcdef0123456789abcdef");
    let j = serde_json::to_string(&r).expect("json");
    assert_eq!(j, "\"3-0123456789abcdef0123456789abcdef\"");
    assert_eq!(serde_json::from_str::<Rev>(&j).expect("rev"), r);
    assert!(serde_json::from_str::<Rev>("\"3\"").is_err());
    assert!(serde_json::from_str::<Rev>("3").is_err());
}

#[test]
fn canonical_json_sorts_keys_and_has_no_white_space() {
    let v: serde_json::Value =
        serde_json::from_str(r#"{ "c": {"e": 2, "d": "é"}, "a": 1, "b": [true, null, "x"] }"#)
            .expect("json");
    assert_eq!(
        canonical_json(&v),
        r#"{"a":1,"b":[true,null,"x"],"c":{"d":"é","e":2}}"#
    );
    assert_eq!(canonical_json(&json!("a\"b\\c\n")), r#""a\"b\\c\n""#);
}

#[test]
fn the_hash_is_md5_of_the_documented_text() {
    // Python: hashlib.md5('rapport-rev-1\n\n0\n{"a":1,"b":[true,null,"x"],"c":{"d":"é","e":2}}'.encode())
    let v = json!({"c": {"e": 2, "d": "é"}, "a": 1, "b": [true, null, "x"]});
    let r = Rev::child(None, false, &v);
    assert_eq!(r.to_string(), "1-31bfc372028bf0d56383940db2d673d2");
    // A deletion (empty body) of 1-0123…: 'rapport-rev-1\n1-0123456789abcdef0123456789abcdef\n1\n{}'
    let parent = rev("1-0123456789abcdef0123456789abcdef");
    let d = Rev::child(Some(&parent), true, &json!({}));
    assert_eq!(d.to_string(), "2-e97005e3f4b41777c0f8e42f32a095ce");
    assert_eq!(d.hash.len(), HASH_LEN);
}

#[test]
fn the_same_edit_gives_the_same_revision_and_any_difference_another() {
    let parent = rev("4-0123456789abcdef0123456789abcdef");
    let body = json!({"id": "c1", "name": "Siti", "updated_at": 5});
    let a = Rev::child(Some(&parent), false, &body);
    let b = Rev::child(
        Some(&parent),
        false,
        &serde_json::from_str(r#"{"updated_at":5,"name":"Siti","id":"c1"}"#).expect("json"),
    );
    assert_eq!(a, b, "key order does not matter");
    assert_eq!(a.pos, 5);
    let others = [
        Rev::child(None, false, &body),
        Rev::child(
            Some(&rev("4-1123456789abcdef0123456789abcdef")),
            false,
            &body,
        ),
        Rev::child(Some(&parent), true, &body),
        Rev::child(
            Some(&parent),
            false,
            &json!({"id": "c1", "name": "Siti ", "updated_at": 5}),
        ),
    ];
    for o in &others {
        assert_ne!(o.hash, a.hash);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "\\PC{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON text without its strings' contents (a key or value may itself hold `": "`).
fn outside_strings(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

proptest! {
    #[test]
    fn parse_inverts_display(pos in 1u64..u64::MAX, hash in "[0-9a-zA-Z]{1,128}") {
        let r = Rev::new(pos, &hash).expect("valid");
        prop_assert_eq!(Rev::parse(&r.to_string()), Ok(r));
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,40}") {
        let _ = Rev::parse(&text);
    }

    #[test]
    fn order_is_position_then_hash(a in 1u64..1000, b in 1u64..1000, ha in "[0-9a-f]{32}", hb in "[0-9a-f]{32}") {
        let (x, y) = (Rev::new(a, &ha).expect("x"), Rev::new(b, &hb).expect("y"));
        prop_assert_eq!(x.cmp(&y), a.cmp(&b).then(ha.cmp(&hb)));
    }

    #[test]
    fn canonical_json_is_json_and_stable(v in arb_json()) {
        let text = canonical_json(&v);
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(canonical_json(&back), text.clone());
        prop_assert!(!outside_strings(&text).contains(char::is_whitespace), "{}", text);
    }

    #[test]
    fn hashes_are_32_lowercase_hex_digits(v in arb_json(), deleted in any::<bool>()) {
        let r = Rev::child(None, deleted, &v);
        prop_assert_eq!(r.pos, 1);
        prop_assert_eq!(r.hash.len(), HASH_LEN);
        prop_assert!(r.hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        prop_assert_eq!(Rev::child(None, deleted, &v), r);
    }
}

#[test]
fn a_digest_can_stand_for_the_body() {
    let v = json!({"b": 1, "a": 2});
    let parent = rev("1-0123456789abcdef0123456789abcdef");
    assert_eq!(
        Rev::child_of_text(Some(&parent), false, &canonical_json(&v)),
        Rev::child(Some(&parent), false, &v)
    );
    assert_eq!(
        rev_hash_of_text(None, false, "{}"),
        rev_hash(None, false, &json!({}))
    );
    assert_ne!(
        Rev::child_of_text(Some(&parent), false, "3f9a"),
        Rev::child(Some(&parent), false, &v)
    );
}
