//! The requests that move revisions, their bodies and how their answers read:
//!
//! - `POST /{db}/_revs_diff` `{"<id>":["<rev>",…]}` → `{"<id>":{"missing":[…]}}`: which of a
//!   replica's revisions the other side lacks;
//! - `POST /{db}/_bulk_get?revs=true` `{"docs":[{"id","rev"},…]}` → the revisions with their
//!   `_revisions`; a server without `_bulk_get` (CouchDB 1.x and some others) is asked
//!   `GET /{db}/{id}?revs=true&latest=true&open_revs=[…]` per document instead;
//! - `POST /{db}/_bulk_docs` `{"docs":[…],"new_edits":false}`: writes revisions as they are
//!   (every branch kept); the answer lists the documents the server refused.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{json, percent_encode, unexpected, ProtocolError};
use crate::domain::sync::rev::Rev;

/// The body of `POST /{db}/_revs_diff`: `{"<doc id>": ["rev", …], …}` (an id given twice gets
/// one list; a revision given twice is sent once).
pub fn revs_diff_body(items: &[(String, Vec<Rev>)]) -> String {
    let mut map: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (id, revs) in items {
        let list = map.entry(id.as_str()).or_default();
        for r in revs {
            let r = r.to_string();
            if !list.contains(&r) {
                list.push(r);
            }
        }
    }
    let object: Map<String, Value> = map
        .into_iter()
        .map(|(id, revs)| (id.to_string(), Value::from(revs)))
        .collect();
    Value::Object(object).to_string()
}

/// Reads `_revs_diff`'s answer, `{"<id>": {"missing": [...], "possible_ancestors": [...]}}`:
/// each id with the revisions the server lacks (ids with none missing are absent; revisions that
/// do not parse are left out).
pub fn parse_revs_diff(text: &str) -> Result<BTreeMap<String, Vec<Rev>>, ProtocolError> {
    let v = json(text)?;
    let answer = v
        .as_object()
        .ok_or_else(|| unexpected("_revs_diff: not an object"))?;
    let mut out = BTreeMap::new();
    for (id, entry) in answer {
        let missing: Vec<Rev> = entry
            .get("missing")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| Rev::parse(r.as_str()?).ok())
            .collect();
        if !missing.is_empty() {
            out.insert(id.clone(), missing);
        }
    }
    Ok(out)
}

/// The body of `POST /{db}/_bulk_get?revs=true`: `{"docs":[{"id":..,"rev":..},…]}`, one entry
/// per revision.
pub fn bulk_get_body(items: &[(String, Vec<Rev>)]) -> String {
    let docs: Vec<Value> = items
        .iter()
        .flat_map(|(id, revs)| {
            revs.iter()
                .map(move |r| json!({"id": id, "rev": r.to_string()}))
        })
        .collect();
    json!({ "docs": docs }).to_string()
}

/// One fetched revision: the document (a JSON object with its `_id`, `_rev` and `_revisions`), or
/// the server's reason for not sending it. `rev` is the revision the server named (with
/// `latest=true`, possibly a newer leaf than the one asked for); `None` when it named none that
/// parses.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub id: String,
    pub rev: Option<Rev>,
    pub doc: Result<Value, FetchError>,
}

/// A revision the server did not send: CouchDB's `error` and `reason` (`not_found`/`missing`
/// for a revision it does not have; `bad_answer` for an entry that is not a document).
#[derive(Clone, Debug, PartialEq)]
pub struct FetchError {
    pub error: String,
    pub reason: String,
}

impl FetchError {
    fn new(error: &str, reason: &str) -> FetchError {
        FetchError {
            error: error.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// Reads `_bulk_get`'s answer, `{"results":[{"id":..,"docs":[{"ok":{…}} | {"error":{"id","rev",
/// "error","reason"}} | {"missing":"<rev>"}]}]}` (the last is pouchdb-server's way of saying
/// `not_found`), one [`Fetched`] per entry, in the answer's order (pouchdb-server groups them
/// by id). Entries without an id anywhere are left out.
pub fn parse_bulk_get(text: &str) -> Result<Vec<Fetched>, ProtocolError> {
    let mut v = json(text)?;
    let results = match v.get_mut("results").map(Value::take) {
        Some(Value::Array(results)) => results,
        _ => return Err(unexpected("_bulk_get: no results")),
    };
    let mut out = Vec::new();
    for mut result in results {
        let row_id = result.get("id").and_then(Value::as_str).map(str::to_string);
        if let Some(Value::Array(docs)) = result.get_mut("docs").map(Value::take) {
            out.extend(docs.into_iter().filter_map(|e| entry(row_id.as_deref(), e)));
        }
    }
    Ok(out)
}

/// One entry of `_bulk_get` or `open_revs`: `{"ok":{…}}`, `{"error":{…}}` or `{"missing":"rev"}`.
fn entry(row_id: Option<&str>, mut e: Value) -> Option<Fetched> {
    let rev_of = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|r| Rev::parse(r).ok());
    let string_of = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(doc) = e.get_mut("ok").map(Value::take) {
        let id = row_id.or_else(|| doc.get("_id").and_then(Value::as_str))?;
        let id = id.to_string();
        let rev = rev_of(doc.get("_rev"));
        let doc = if doc.is_object() {
            Ok(doc)
        } else {
            Err(FetchError::new("bad_answer", "not a document"))
        };
        return Some(Fetched { id, rev, doc });
    }
    if let Some(err) = e.get("error").filter(|x| x.is_object()) {
        let id = row_id.or_else(|| err.get("id").and_then(Value::as_str))?;
        return Some(Fetched {
            id: id.to_string(),
            rev: rev_of(err.get("rev")),
            doc: Err(FetchError {
                error: string_of(err.get("error")),
                reason: string_of(err.get("reason")),
            }),
        });
    }
    if let Some(missing) = e.get("missing") {
        return Some(Fetched {
            id: row_id?.to_string(),
            rev: rev_of(Some(missing)),
            doc: Err(FetchError::new("not_found", "missing")),
        });
    }
    None
}

/// Whether a `_bulk_get` reply means the server has no such endpoint, so the revisions are
/// fetched one document at a time with `open_revs`: 405 or 415 or 501; 400 (CouchDB 1.x reads
/// `_bulk_get` as a document id); 404 unless it says the database itself is missing (that is
/// `DatabaseGone`, see [`super::classify`]).
pub fn bulk_get_unsupported(status: u16, body: &str) -> bool {
    match status {
        400 | 405 | 415 | 501 => true,
        404 => !super::status::database_missing(body),
        _ => false,
    }
}

/// The path and query (after `/{db}/`) of the fallback for one document:
/// `{id}?revs=true&latest=true&open_revs=["1-a",…]`, the id and the list percent-encoded (`:`
/// stays, as in Rapport's ids). `latest=true` asks for the newest leaf when a revision was
/// edited since `_changes` named it, as CouchDB's replicator does. (pouchdb-server 4.2.0 crashes
/// on `latest=true` with a revision of an existing document it lacks, "Unable to resolve latest
/// revision"; it has `_bulk_get`, so it never gets this request.)
pub fn open_revs_path(id: &str, revs: &[Rev]) -> String {
    let list: Vec<String> = revs.iter().map(ToString::to_string).collect();
    format!(
        "{}?revs=true&latest=true&open_revs={}",
        percent_encode(id, ":"),
        percent_encode(&Value::from(list).to_string(), "")
    )
}

/// Reads the fallback's answer (asked with `Accept: application/json`):
/// `[{"ok":{…}} | {"missing":"<rev>"}, …]`, one [`Fetched`] per entry.
pub fn parse_open_revs(id: &str, text: &str) -> Result<Vec<Fetched>, ProtocolError> {
    match json(text)? {
        Value::Array(entries) => Ok(entries
            .into_iter()
            .filter_map(|e| entry(Some(id), e))
            .collect()),
        _ => Err(unexpected("open_revs: not an array")),
    }
}

/// The body of `POST /{db}/_bulk_docs`: `{"docs":[…],"new_edits":false}` (each document with its
/// `_rev` and `_revisions`: the server stores the revisions as they are, every branch kept).
pub fn bulk_docs_body(docs: &[Value]) -> String {
    let mut out = String::from("{\"docs\":[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&d.to_string());
    }
    out.push_str("],\"new_edits\":false}");
    out
}

/// A document the server refused to store: its id, CouchDB's `error` (`forbidden`,
/// `unauthorized`, `conflict`, …) and `reason`.
#[derive(Clone, Debug, PartialEq)]
pub struct DocFailure {
    pub id: String,
    pub error: String,
    pub reason: String,
}

/// Reads `_bulk_docs`' answer, an array with one row per document (with `new_edits:false` the
/// rows of stored documents may be left out, or be `{"ok":true,"id","rev"}`), and returns the
/// refused ones, `{"id","error","reason"}`. A whole request refused (pouchdb-server answers a
/// document without `_rev` with `400 {"error":"bad_request","reason":"Invalid rev format"}` for
/// the whole batch) is `Unexpected` with that error and reason.
pub fn parse_bulk_docs(text: &str) -> Result<Vec<DocFailure>, ProtocolError> {
    let v = json(text)?;
    let string_of = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let Some(rows) = v.as_array() else {
        return Err(match v.get("error") {
            Some(_) => ProtocolError::Unexpected(format!(
                "_bulk_docs: {}: {}",
                string_of(&v, "error"),
                string_of(&v, "reason")
            )),
            None => unexpected("_bulk_docs: not an array"),
        });
    };
    Ok(rows
        .iter()
        .filter(|r| r.get("error").is_some_and(|e| !e.is_null()))
        .map(|r| DocFailure {
            id: string_of(r, "id"),
            error: match r.get("error") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            },
            reason: string_of(r, "reason"),
        })
        .collect())
}
