//! "Save" with a team passphrase (docs/sync.md, "Encrypted team databases"): reads the team
//! document `rapport:team`, then checks the passphrase against it, or creates it for a new
//! encrypted team in an empty database. A wrong passphrase, or none for an encrypted team, is
//! refused here, before anything is saved on the phone or written on the server. The decisions
//! are `domain::sync::team`'s; the cryptography WebCrypto's (`platform::crypto`).

use crate::domain::formats::encrypted::b64_encode;
use crate::domain::sync::protocol::{classify, doc_missing, SyncProblem};
use crate::domain::sync::setup::{Connection, Reply, TestOutcome};
use crate::domain::sync::team::{
    holds_documents, plain_team_doc_json, start_step, team_doc_json, team_step, Sealed, StartStep,
    TeamLock, TeamRefusal, TeamStep, CHECK_TEXT, ITERATIONS, SALT_LEN, TEAM_DOC_ID,
};
use crate::platform::crypto::{self, CryptoError, TeamKeys};
use crate::platform::{self, http};

const TIMEOUT_MS: i32 = 15_000;

/// Why the team step did not work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamFailure {
    Refused(TeamRefusal),
    /// The server did not answer, or answered with this (a test outcome's words fit).
    Connection(TestOutcome),
    /// No WebCrypto.
    NoCrypto,
}

fn connection_failure(reply: &Reply) -> TeamFailure {
    TeamFailure::Connection(match reply {
        Reply::Answer { status, .. } => TestOutcome::ServerError(*status),
        _ => TestOutcome::Unreachable,
    })
}

fn crypto_failure(e: CryptoError) -> TeamFailure {
    match e {
        CryptoError::WrongPassphrase => TeamFailure::Refused(TeamRefusal::WrongPassphrase),
        _ => TeamFailure::NoCrypto,
    }
}

fn team_url(c: &Connection) -> String {
    format!(
        "{}/{}",
        c.address.db_url(&c.db),
        TEAM_DOC_ID.replace(':', "%3A")
    )
}

/// Each time the replicator starts, before it pushes or pulls anything: reads the team document
/// and checks that this phone agrees with it (`domain::sync::team::start_step`). A database
/// without one is claimed for a plain team first, so no phone can later make it an encrypted
/// team's while plain records may reach it. Gives the team's keys (`None`: a plain team), or the
/// problem that keeps sync from starting.
pub async fn check_at_start(
    c: &Connection,
    lock: Option<&TeamLock>,
) -> Result<Option<TeamKeys>, SyncProblem> {
    let url = team_url(c);
    // Twice at most: a claim that finds the document made meanwhile by another phone reads it.
    for _ in 0..2 {
        let reply = http::reply(http::get_json(&url, c.auth.as_deref(), TIMEOUT_MS).await);
        let doc = match (classify(&reply), reply) {
            (None, Reply::Answer { body, .. }) => Some(body),
            (Some(_), ref r) if doc_missing(r) => None,
            (Some(p), _) => return Err(p),
            (None, _) => return Err(SyncProblem::Offline),
        };
        match start_step(doc.as_deref(), lock) {
            StartStep::Plain => return Ok(None),
            StartStep::Stop(p) => return Err(p),
            StartStep::ClaimPlain => {
                let body = plain_team_doc_json();
                let reply =
                    http::reply(http::put(&url, c.auth.as_deref(), Some(&body), TIMEOUT_MS).await);
                match (&reply, classify(&reply)) {
                    (_, None) => return Ok(None),
                    // Another phone made it just now: read it.
                    (Reply::Answer { status: 409, .. }, _) => continue,
                    (_, Some(p)) => return Err(p),
                }
            }
            StartStep::Unlock(p) => {
                let Some(lock) = lock else {
                    return Err(SyncProblem::NeedsPassphrase);
                };
                // Any failure to derive or open (another passphrase, no WebCrypto) keeps this
                // phone from syncing rather than letting it write what the team cannot read.
                let keys = crypto::team_keys(&lock.passphrase, &p.salt, p.iterations)
                    .await
                    .map_err(|_| SyncProblem::WrongPassphrase)?;
                let text = crypto::team_open(&keys.aes, &p.check_iv, &p.check_data)
                    .await
                    .map_err(|_| SyncProblem::WrongPassphrase)?;
                if text != CHECK_TEXT.as_bytes() {
                    return Err(SyncProblem::WrongPassphrase);
                }
                return Ok(Some(keys));
            }
        }
    }
    Err(SyncProblem::Server(409))
}

/// The team settings to keep for `passphrase` (`None`: a plain team), after checking it against
/// the server's team document (creating the document for a new encrypted team).
pub async fn prepare(c: &Connection, passphrase: &str) -> Result<Option<TeamLock>, TeamFailure> {
    let url = team_url(c);
    // Twice at most: a phone that finds the document made meanwhile by another reads it again.
    for _ in 0..2 {
        let reply = http::reply(http::get_json(&url, c.auth.as_deref(), TIMEOUT_MS).await);
        let doc = match &reply {
            Reply::Answer { status: 200, body } => Some(body.clone()),
            Reply::Answer { status: 404, .. } => None,
            other => return Err(connection_failure(other)),
        };
        match team_step(doc.as_deref(), !passphrase.is_empty()) {
            TeamStep::Plain => return Ok(None),
            TeamStep::Refuse(r) => return Err(TeamFailure::Refused(r)),
            TeamStep::Unlock(p) => {
                let keys = crypto::team_keys(passphrase, &p.salt, p.iterations)
                    .await
                    .map_err(crypto_failure)?;
                let text = crypto::team_open(&keys.aes, &p.check_iv, &p.check_data)
                    .await
                    .map_err(crypto_failure)?;
                if text != CHECK_TEXT.as_bytes() {
                    return Err(TeamFailure::Refused(TeamRefusal::WrongPassphrase));
                }
                return Ok(Some(TeamLock {
                    passphrase: passphrase.to_string(),
                    salt: b64_encode(&p.salt),
                    iterations: p.iterations,
                }));
            }
            TeamStep::CreateIfEmpty => {
                let list = format!("{}/_all_docs?limit=100", c.address.db_url(&c.db));
                let reply = http::reply(http::get_json(&list, c.auth.as_deref(), TIMEOUT_MS).await);
                let holds = match &reply {
                    Reply::Answer { status: 200, body } => holds_documents(body),
                    _ => None,
                };
                match holds {
                    Some(false) => {}
                    Some(true) => return Err(TeamFailure::Refused(TeamRefusal::HasPlainRecords)),
                    None => return Err(connection_failure(&reply)),
                }
                let salt: [u8; SALT_LEN] = platform::random_bytes();
                let keys = crypto::team_keys(passphrase, &salt, ITERATIONS)
                    .await
                    .map_err(crypto_failure)?;
                let (iv, data) = crypto::team_seal(&keys.aes, CHECK_TEXT.as_bytes())
                    .await
                    .map_err(crypto_failure)?;
                let check = Sealed {
                    iv: b64_encode(&iv),
                    data: b64_encode(&data),
                };
                let salt_b64 = b64_encode(&salt);
                let body = team_doc_json(&salt_b64, ITERATIONS, &check);
                let reply =
                    http::reply(http::put(&url, c.auth.as_deref(), Some(&body), TIMEOUT_MS).await);
                match &reply {
                    Reply::Answer {
                        status: 201 | 202, ..
                    } => {
                        return Ok(Some(TeamLock {
                            passphrase: passphrase.to_string(),
                            salt: salt_b64,
                            iterations: ITERATIONS,
                        }))
                    }
                    // Another phone made it just now: read it.
                    Reply::Answer { status: 409, .. } => continue,
                    other => return Err(connection_failure(other)),
                }
            }
        }
    }
    Err(TeamFailure::Connection(TestOutcome::ServerError(409)))
}
