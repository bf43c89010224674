//! What a failed sync request means to the owner, when to try again, and the status the app
//! shows (the UI words them).

use serde::de::IgnoredAny;
use serde_json::Value;

use super::json;
use crate::domain::basics::time::Millis;
use crate::domain::sync::setup::{not_a_member, Reply};

/// The first retry's delay after a failure.
pub const BACKOFF_FIRST_MS: u32 = 2_000;
/// The longest delay before jitter.
pub const BACKOFF_MAX_MS: u32 = 300_000;

/// The delay before retry number `attempt` (1 for the first retry; 0 counts as 1): 2 s, doubling,
/// at most 5 min, plus up to 25 % more by `jitter`, a random number in [0, 1) the caller draws
/// (outside that range it is clamped; not a number counts as 0). The same inputs give the same
/// delay. At most 375,000 ms.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let doublings = attempt.max(1) - 1;
    let base = if doublings >= 8 {
        BACKOFF_MAX_MS
    } else {
        (BACKOFF_FIRST_MS << doublings).min(BACKOFF_MAX_MS)
    };
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    // f64 is fine here: a delay, not money; the product is at most 75,000.
    let extra = (f64::from(base) * 0.25 * jitter).floor() as u32;
    base + extra
}

/// What a failed sync request means to the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncProblem {
    /// No answer ([`Reply::Failed`] or [`Reply::TimedOut`]): no network, or the server is down.
    Offline,
    /// 401: the user name or password is no longer accepted.
    PasswordChanged,
    /// 403, or 401 saying the user is not a member of the database (pouchdb-server's way).
    NoPermission,
    /// 404 on the database: it was deleted or renamed.
    DatabaseGone,
    /// 507 (no space left) or 413 (a request too large for the server).
    ServerFull,
    /// Any other status that is not 2xx.
    Server(u16),
    /// 2xx, but the body is not JSON: not a CouchDB server (or a Wi-Fi sign-in page in between).
    NotCouchDb,
    /// The team's records are encrypted and this phone has no team passphrase.
    NeedsPassphrase,
    /// Records that this phone's team passphrase does not open: the team passphrase changed.
    WrongPassphrase,
    /// This phone has a team passphrase, but the database is not (or no longer) an encrypted
    /// team's: its team document is gone or says "plain".
    TeamChanged,
    /// The team document (`rapport:team`) is a newer Rapport's, or damaged.
    TeamUnreadable,
}

impl SyncProblem {
    /// Whether the replicator tries again by itself (with [`backoff_ms`]): when offline, when the
    /// server is full or fails (5xx, and 408 and 429, which ask to try later), and on an answer
    /// that is not CouchDB's (usually a Wi-Fi sign-in page). A changed password, a missing
    /// permission, a deleted database and other 4xx wait for the owner.
    pub fn retries(self) -> bool {
        match self {
            SyncProblem::Offline | SyncProblem::ServerFull | SyncProblem::NotCouchDb => true,
            SyncProblem::Server(s) => s >= 500 || s == 408 || s == 429,
            SyncProblem::PasswordChanged
            | SyncProblem::NoPermission
            | SyncProblem::DatabaseGone
            | SyncProblem::NeedsPassphrase
            | SyncProblem::WrongPassphrase
            | SyncProblem::TeamChanged
            | SyncProblem::TeamUnreadable => false,
        }
    }
}

/// What a reply to any sync request means: `None` for a 2xx with a JSON body. A 404 for a
/// document (reason `missing` or `deleted`: e.g. no checkpoint yet, see [`doc_missing`]) is
/// `Server(404)`, not `DatabaseGone`.
pub fn classify(reply: &Reply) -> Option<SyncProblem> {
    let (status, body) = match reply {
        Reply::Failed | Reply::TimedOut => return Some(SyncProblem::Offline),
        Reply::Answer { status, body } => (*status, body),
    };
    Some(match status {
        200..=299 => return (!is_json(body)).then_some(SyncProblem::NotCouchDb),
        401 if not_a_member(body) => SyncProblem::NoPermission,
        401 => SyncProblem::PasswordChanged,
        403 => SyncProblem::NoPermission,
        404 if database_missing(body) => SyncProblem::DatabaseGone,
        413 | 507 => SyncProblem::ServerFull,
        s => SyncProblem::Server(s),
    })
}

/// Whether `text` is JSON, checked without building it (a `_bulk_get` answer may be megabytes).
fn is_json(text: &str) -> bool {
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

/// Whether a reply is a 404 for a document that is not there (`{"error":"not_found","reason":
/// "missing"}` or `"deleted"`), the database itself being there: what `GET /{db}/_local/{id}`
/// answers before the first checkpoint.
pub fn doc_missing(reply: &Reply) -> bool {
    matches!(reply, Reply::Answer { status: 404, body } if !database_missing(body))
}

/// Whether a 404's body is about the database rather than one document: anything but CouchDB's
/// `not_found` with reason `missing` or `deleted` (pouchdb-server says `no_db_file`, CouchDB 3
/// "Database does not exist."; a body that is not CouchDB's counts as the database missing).
pub(crate) fn database_missing(body: &str) -> bool {
    let Ok(v) = json(body) else {
        return true;
    };
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    !(field("error").as_deref() == Some("not_found")
        && matches!(field("reason").as_deref(), Some("missing" | "deleted")))
}

/// The status the app shows for Team sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncStatus {
    /// Team sync is not set up or is switched off.
    Off,
    /// Reading checkpoints, before the first batch.
    Starting,
    /// Copying: `done` changes so far, of `total` when the server said.
    Syncing { done: u64, total: Option<u64> },
    /// Everything copied both ways, at `at`.
    Synced { at: Millis },
    /// No connection: `pending` local changes wait to be sent; the last full sync was at `last`.
    Offline { pending: u64, last: Option<Millis> },
    /// Requests fail for `problem`; `pending` local changes wait; the last full sync was at `last`.
    Failing {
        problem: SyncProblem,
        pending: u64,
        last: Option<Millis>,
    },
}
