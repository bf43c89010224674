//! A CouchDB revision id, `N-hash`, and how Rapport makes one deterministically.
//!
//! `N` is the revision's position in its document's history (1 for the first version, the
//! parent's plus one after that); `hash` is 32 lowercase hex digits, as CouchDB writes them.
//! Revisions compare as CouchDB compares them: by `N` as a number, then by `hash` as a string
//! (so `10-…` is after `9-…`).
//!
//! Rapport's hash is the MD5 of (see [`rev_hash`]) a fixed tag, the parent revision, the deleted
//! flag and the canonical body ([`canonical_json`]: keys sorted, no white space). It depends on
//! nothing else (no clock, no device, no randomness), so the same edit of the same version made on
//! two phones gives the same revision, and CouchDB stores it once instead of making a conflict.
//! MD5 is what CouchDB itself uses for revision ids; it names versions, it protects nothing.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use md5::{Digest, Md5};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Hex digits in a revision hash Rapport makes (CouchDB's length).
pub const HASH_LEN: usize = 32;
/// The longest revision hash read from the wire (other CouchDB clients may make other kinds).
pub const MAX_HASH_LEN: usize = 128;
/// The tag that opens the hashed text; a new rule would get a new tag.
pub const HASH_TAG: &str = "rapport-rev-1";

/// A revision id: position `pos` (from 1) and `hash`.
///
/// The derived order is CouchDB's: `pos` first, then `hash` as a string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rev {
    pub pos: u64,
    pub hash: String,
}

/// Why a text is not a revision id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevError {
    /// No `-` between the position and the hash.
    NoDash,
    /// The position is not a whole number of decimal digits.
    BadPosition,
    /// The position is 0 (positions start at 1).
    ZeroPosition,
    /// The hash is empty, longer than [`MAX_HASH_LEN`], or holds other than ASCII letters and digits.
    BadHash,
}

impl fmt::Display for RevError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            RevError::NoDash => "no dash between position and hash",
            RevError::BadPosition => "the position is not a number",
            RevError::ZeroPosition => "the position is 0",
            RevError::BadHash => "the hash is empty, too long or not letters and digits",
        };
        f.write_str(what)
    }
}

impl std::error::Error for RevError {}

/// Whether `hash` may be a revision hash: 1 to [`MAX_HASH_LEN`] ASCII letters and digits.
pub fn valid_hash(hash: &str) -> bool {
    !hash.is_empty()
        && hash.len() <= MAX_HASH_LEN
        && hash.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Rev {
    /// A revision from its parts, checked like [`Rev::parse`].
    pub fn new(pos: u64, hash: &str) -> Result<Rev, RevError> {
        if pos == 0 {
            return Err(RevError::ZeroPosition);
        }
        if !valid_hash(hash) {
            return Err(RevError::BadHash);
        }
        Ok(Rev {
            pos,
            hash: hash.to_string(),
        })
    }

    /// Reads `N-hash`: `N` decimal digits (no sign, at most `u64::MAX`), not 0; `hash` see [`valid_hash`].
    pub fn parse(text: &str) -> Result<Rev, RevError> {
        let (pos, hash) = text.split_once('-').ok_or(RevError::NoDash)?;
        if pos.is_empty() || pos.len() > 20 || !pos.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RevError::BadPosition);
        }
        let pos: u64 = pos.parse().map_err(|_| RevError::BadPosition)?;
        Rev::new(pos, hash)
    }

    /// The deterministic revision that follows `parent` (`None`: a document's first version)
    /// with this `deleted` flag and `body`: position parent + 1, hash [`rev_hash`].
    pub fn child(parent: Option<&Rev>, deleted: bool, body: &Value) -> Rev {
        Rev::child_of_text(parent, deleted, &canonical_json(body))
    }

    /// Like [`Rev::child`] with the body's text given: [`canonical_json`] of the body, or in a
    /// team-encrypted database the keyed digest that stands for it (see [`rev_hash_of_text`]).
    pub fn child_of_text(parent: Option<&Rev>, deleted: bool, body_text: &str) -> Rev {
        Rev {
            pos: parent.map_or(1, |p| p.pos.saturating_add(1)),
            hash: rev_hash_of_text(parent, deleted, body_text),
        }
    }

    /// CouchDB's order of two leaves when choosing the winner: a live one beats a deleted one,
    /// then the greater revision wins. `Greater` = `a` wins.
    pub fn winner_order(a: (&Rev, bool), b: (&Rev, bool)) -> Ordering {
        (!a.1, a.0).cmp(&(!b.1, b.0))
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

impl FromStr for Rev {
    type Err = RevError;
    fn from_str(s: &str) -> Result<Rev, RevError> {
        Rev::parse(s)
    }
}

impl Serialize for Rev {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rev, D::Error> {
        let text = String::deserialize(d)?;
        Rev::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The hash of a revision: the MD5, as 32 lowercase hex digits, of the UTF-8 text
/// `HASH_TAG \n parent \n deleted \n body`, where `parent` is the parent's `N-hash` (empty for a
/// first version), `deleted` is `1` or `0`, and `body` is [`canonical_json`] of the document's
/// body (the record, without any `_` field and without the version field).
pub fn rev_hash(parent: Option<&Rev>, deleted: bool, body: &Value) -> String {
    rev_hash_of_text(parent, deleted, &canonical_json(body))
}

/// [`rev_hash`] with the body's text given. A team-encrypted database must not let the server
/// test guesses of a body against its revision hash, so there `body_text` is not the canonical
/// JSON but a keyed digest of it that every phone of the team computes alike (WebCrypto, in
/// `platform/`; see docs/sync.md).
pub fn rev_hash_of_text(parent: Option<&Rev>, deleted: bool, body_text: &str) -> String {
    let mut md5 = Md5::new();
    md5.update(HASH_TAG.as_bytes());
    md5.update(b"\n");
    if let Some(p) = parent {
        md5.update(p.to_string().as_bytes());
    }
    md5.update(if deleted { b"\n1\n" } else { b"\n0\n" });
    md5.update(body_text.as_bytes());
    hex(&md5.finalize())
}

/// Bytes as lowercase hex digits (an MD5 digest as CouchDB writes it).
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// JSON with every object's keys sorted (by their UTF-8 bytes) and no white space; strings
/// escaped as `serde_json` escapes them (`"`, `\` and control characters; everything else as
/// UTF-8); numbers as `serde_json` writes them. The same value always gives the same text,
/// whatever order its keys were in.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                if let Some(x) = m.get(k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}
