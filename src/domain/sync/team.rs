//! An encrypted team database (docs/sync.md, "Encrypted team databases"): the team document
//! `rapport:team` that says so and lets a phone check its passphrase, the decisions "Save" makes
//! from it, and the keyed digest that stands for a body in revision ids ([`RevKey`]).
//!
//! The team document is a plain CouchDB document the replicator never reads as a record (its id
//! names no store):
//!
//! `{"_id":"rapport:team","rapport_team":1,"encryption":{"v":1,"kdf":"PBKDF2-SHA256",
//! "iterations":600000,"salt":"<base64, 16 bytes>","check":{"iv":…,"data":…}}}`
//!
//! `check` is AES-256-GCM of [`CHECK_TEXT`] under the team key: a phone whose passphrase gives
//! another key cannot decrypt it, so a wrong passphrase is refused before anything is written.
//! The cryptography itself (PBKDF2, AES-GCM) is WebCrypto's, in `platform/crypto.rs`; the digest
//! (HMAC-SHA256) is pure, because revisions are made inside IndexedDB transactions.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::domain::formats::encrypted::b64_decode;
use crate::domain::sync::protocol::SyncProblem;
use crate::domain::sync::rev::hex;

/// The team document's id (no store has this name, so it never reads as a record).
pub const TEAM_DOC_ID: &str = "rapport:team";
/// The team document's format version this app writes and reads.
pub const TEAM_VERSION: u64 = 1;
/// The encryption settings' version.
pub const ENCRYPTION_VERSION: u64 = 1;
pub const KDF: &str = "PBKDF2-SHA256";
/// PBKDF2 iterations for a new team (as for an encrypted backup).
pub const ITERATIONS: u32 = 600_000;
/// The fewest and most iterations a team document may ask for (a damaged or hostile document
/// must not make a phone derive a weak key or work for hours).
pub const MIN_ITERATIONS: u32 = 100_000;
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
pub const IV_LEN: usize = 12;
/// Bits PBKDF2 derives: the first 256 the AES-256-GCM key, the last 256 the revision key.
pub const DERIVED_BITS: u32 = 512;
/// The text `check` encrypts.
pub const CHECK_TEXT: &str = "rapport-team-check-1";

/// An AES-GCM ciphertext with its IV, both base64 (standard, padded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub iv: String,
    pub data: String,
}

/// The key derivation and the passphrase check of an encrypted team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamKeyParams {
    pub iterations: u32,
    /// The salt's bytes.
    pub salt: Vec<u8>,
    /// `check`: its IV and ciphertext bytes.
    pub check_iv: Vec<u8>,
    pub check_data: Vec<u8>,
}

/// What the team document says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Team {
    /// No team document, or one without `encryption`: records travel as plain documents.
    Plain,
    /// An encrypted team.
    Encrypted(TeamKeyParams),
}

/// Why a team document cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamDocError {
    /// Written by a newer Rapport (its version or key derivation is unknown here).
    TooNew,
    /// Not a team document this app can read (damaged).
    Damaged,
}

/// Reads the team document (the text of `GET /{db}/rapport:team`).
pub fn read_team_doc(text: &str) -> Result<Team, TeamDocError> {
    let v: Value = serde_json::from_str(text).map_err(|_| TeamDocError::Damaged)?;
    let version = v
        .get("rapport_team")
        .and_then(Value::as_u64)
        .ok_or(TeamDocError::Damaged)?;
    if version == 0 {
        return Err(TeamDocError::Damaged);
    }
    if version > TEAM_VERSION {
        return Err(TeamDocError::TooNew);
    }
    let enc = match v.get("encryption") {
        None | Some(Value::Null) => return Ok(Team::Plain),
        Some(e) => e,
    };
    match enc.get("v").and_then(Value::as_u64) {
        Some(ENCRYPTION_VERSION) => {}
        Some(n) if n > ENCRYPTION_VERSION => return Err(TeamDocError::TooNew),
        _ => return Err(TeamDocError::Damaged),
    }
    if enc.get("kdf").and_then(Value::as_str) != Some(KDF) {
        return Err(TeamDocError::TooNew);
    }
    let iterations = enc
        .get("iterations")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| (MIN_ITERATIONS..=MAX_ITERATIONS).contains(n))
        .ok_or(TeamDocError::Damaged)?;
    let bytes = |v: Option<&Value>, len: Option<usize>| -> Result<Vec<u8>, TeamDocError> {
        let b = v
            .and_then(Value::as_str)
            .and_then(b64_decode)
            .ok_or(TeamDocError::Damaged)?;
        match len {
            Some(n) if b.len() != n => Err(TeamDocError::Damaged),
            // GCM's tag alone is 16 bytes.
            None if b.len() < 16 => Err(TeamDocError::Damaged),
            _ => Ok(b),
        }
    };
    let check = enc.get("check");
    Ok(Team::Encrypted(TeamKeyParams {
        iterations,
        salt: bytes(enc.get("salt"), Some(SALT_LEN))?,
        check_iv: bytes(check.and_then(|c| c.get("iv")), Some(IV_LEN))?,
        check_data: bytes(check.and_then(|c| c.get("data")), None)?,
    }))
}

/// The team document of a new encrypted team (without `_rev`: it is created).
pub fn team_doc_json(salt_b64: &str, iterations: u32, check: &Sealed) -> String {
    json!({
        "_id": TEAM_DOC_ID,
        "rapport_team": TEAM_VERSION,
        "encryption": {
            "v": ENCRYPTION_VERSION,
            "kdf": KDF,
            "iterations": iterations,
            "salt": salt_b64,
            "check": check,
        },
    })
    .to_string()
}

/// The team document a plain team's phone writes before its first push when the database has
/// none: it claims the database for a plain team, so no phone can turn on encryption for it
/// once plain records may be there (docs/sync.md, "Plain or encrypted: the first phone decides").
pub fn plain_team_doc_json() -> String {
    json!({ "_id": TEAM_DOC_ID, "rapport_team": TEAM_VERSION }).to_string()
}

/// Whether `_all_docs`' answer (`{"rows":[{"id":…},…]}`) lists a document other than design
/// documents and the team document, i.e. records a plain team wrote. A page full of other
/// documents counts as holding records too (the database is not empty). `None`: not an answer.
pub fn holds_documents(all_docs: &str) -> Option<bool> {
    let v: Value = serde_json::from_str(all_docs).ok()?;
    let rows = v.get("rows")?.as_array()?;
    Some(rows.iter().any(|r| {
        let id = r.get("id").and_then(Value::as_str).unwrap_or("");
        !id.starts_with("_design/") && id != TEAM_DOC_ID
    }))
}

/// What "Save" does about encryption, from what the server holds and whether a passphrase was
/// typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamStep {
    /// A plain team, no passphrase: save as before.
    Plain,
    /// A passphrase for a database without a team document: when it holds no records, create
    /// the team document (a new salt), else refuse ([`TeamRefusal::HasPlainRecords`]).
    CreateIfEmpty,
    /// An encrypted team: derive the key and check the passphrase with `check`.
    Unlock(TeamKeyParams),
    /// Refused, in words.
    Refuse(TeamRefusal),
}

/// Why "Save" refuses (the UI words each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamRefusal {
    /// The passphrase does not open the team's `check`.
    WrongPassphrase,
    /// The team's records are encrypted and no passphrase was typed.
    NeedsPassphrase,
    /// A passphrase was typed for a database that already holds plain records.
    HasPlainRecords,
    /// The team document is a newer Rapport's.
    TooNew,
    /// The team document is damaged.
    Damaged,
}

/// The step for a team document (`None`: the server has none, a 404) and a passphrase.
pub fn team_step(team_doc: Option<&str>, has_passphrase: bool) -> TeamStep {
    let team = match team_doc.map(read_team_doc) {
        None => Team::Plain,
        Some(Ok(t)) => t,
        Some(Err(TeamDocError::TooNew)) => return TeamStep::Refuse(TeamRefusal::TooNew),
        Some(Err(TeamDocError::Damaged)) => return TeamStep::Refuse(TeamRefusal::Damaged),
    };
    match (team, has_passphrase, team_doc.is_some()) {
        (Team::Plain, false, _) => TeamStep::Plain,
        (Team::Plain, true, false) => TeamStep::CreateIfEmpty,
        // A team document that says "plain": its records are not encrypted.
        (Team::Plain, true, true) => TeamStep::Refuse(TeamRefusal::HasPlainRecords),
        (Team::Encrypted(_), false, _) => TeamStep::Refuse(TeamRefusal::NeedsPassphrase),
        (Team::Encrypted(p), true, _) => TeamStep::Unlock(p),
    }
}

/// What the replicator does each time it starts, before it pushes or pulls anything, from the
/// team document and this phone's team settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartStep {
    /// No team document and no passphrase: create the plain team document
    /// ([`plain_team_doc_json`]) before anything is pushed, then read it again (another phone
    /// may have made the database an encrypted team's meanwhile: its document is then there).
    ClaimPlain,
    /// A plain team, and a phone without a passphrase: sync plain documents.
    Plain,
    /// An encrypted team, and a phone with the same salt and iterations: derive the keys from the
    /// phone's passphrase and check them with `check` before syncing.
    Unlock(TeamKeyParams),
    /// Sync must not start: the status says why (nothing is pushed or pulled).
    Stop(SyncProblem),
}

/// The start step for a team document (`None`: the server has none, or it was deleted) and this
/// phone's team settings (`None`: no passphrase).
pub fn start_step(team_doc: Option<&str>, lock: Option<&TeamLock>) -> StartStep {
    let team = match team_doc.map(read_team_doc) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => return StartStep::Stop(SyncProblem::TeamUnreadable),
    };
    match (team, lock) {
        (None, None) => StartStep::ClaimPlain,
        (Some(Team::Plain), None) => StartStep::Plain,
        (Some(Team::Encrypted(_)), None) => StartStep::Stop(SyncProblem::NeedsPassphrase),
        // This phone encrypts, but the database is not (or no longer) an encrypted team's: its
        // team document was removed, or the database was made anew.
        (None | Some(Team::Plain), Some(_)) => StartStep::Stop(SyncProblem::TeamChanged),
        (Some(Team::Encrypted(p)), Some(l)) => {
            if l.salt_bytes().as_deref() == Some(p.salt.as_slice()) && l.iterations == p.iterations
            {
                StartStep::Unlock(p)
            } else {
                // The team was set up again with a new passphrase (a new salt).
                StartStep::Stop(SyncProblem::WrongPassphrase)
            }
        }
    }
}

/// An encrypted team's settings kept on the phone beside the connection (localStorage): the
/// passphrase as typed and the team's salt and iterations, so the replicator derives the keys
/// without asking the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamLock {
    pub passphrase: String,
    /// base64 (standard, padded) of the team's salt.
    pub salt: String,
    pub iterations: u32,
}

impl TeamLock {
    /// The salt's bytes (`None` when damaged).
    pub fn salt_bytes(&self) -> Option<Vec<u8>> {
        b64_decode(&self.salt).filter(|s| s.len() == SALT_LEN)
    }
}

/// The revision key of an encrypted team (the last 256 bits PBKDF2 derives).
#[derive(Clone, PartialEq, Eq)]
pub struct RevKey([u8; 32]);

impl std::fmt::Debug for RevKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RevKey(…)")
    }
}

impl RevKey {
    pub fn new(bytes: [u8; 32]) -> RevKey {
        RevKey(bytes)
    }

    /// The text that stands for a body in the revision hash: lowercase hex of
    /// HMAC-SHA256(revision key, canonical body text).
    pub fn digest(&self, body_text: &str) -> String {
        // HMAC takes a key of any length: this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(body_text.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// The text a revision hash is made from: the canonical body itself in a plain team, its keyed
/// digest in an encrypted one.
pub fn rev_text(key: Option<&RevKey>, body_text: &str) -> String {
    match key {
        Some(k) => k.digest(body_text),
        None => body_text.to_string(),
    }
}
