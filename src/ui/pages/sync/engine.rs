//! The replicator: while the app is open and sync is set up, it pulls the team database's
//! changes continuously (`_changes` long poll) and pushes this phone's edits within a second or
//! two, following CouchDB's replication protocol (docs/sync.md): `_revs_diff`, `_bulk_get` (or
//! `open_revs` where a server lacks it), `_bulk_docs` with `new_edits: false`, and checkpoints in
//! `_local/{replication id}` on the server and on the phone. It works in batches, each pulled
//! batch written in one transaction with its revision trees, and backs off after failures.
//!
//! Two tasks share one [`Shared`]: the pull loop and the push loop. Both stop when the Team sync
//! engine is unmounted (sync stopped, or settings changed), checked between requests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::domain::basics::time::Millis;
use crate::domain::sync::doc::{Doc, DocId};
use crate::domain::sync::protocol::{
    backoff_ms, changes_query, classify, doc_missing, parse_changes, replication_id, Checkpoint,
    Seq, SyncProblem, SyncStatus,
};
use crate::domain::sync::rev::Rev;
use crate::domain::sync::setup::{Connection, Reply};
use crate::domain::sync::team::{RevKey, TeamLock};
use crate::platform::crypto::TeamKeys;
use crate::platform::{self, http};
use crate::store::Store;
use crate::ui::state::AppState;

use super::batch::{Batch, Prefetch, Unshown};

/// Documents per `_changes` batch (each batch is one transaction on the phone).
const PULL_BATCH: u32 = 200;
/// Documents per batch while catching up (a first join): fewer requests, checkpoints and
/// transactions for the same documents.
const CATCH_UP_BATCH: u32 = 500;
/// While catching up, the screens read what was pulled at most this often (and once at the end).
const REFRESH_MS: Millis = 2_000;
/// While catching up, the server's checkpoint is written at most this often.
const SERVER_CHECKPOINT_MS: Millis = 10_000;
/// How long a normal request may take.
pub(super) const TIMEOUT_MS: i32 = 30_000;
/// The long poll: the server's `timeout`, and the phone's own limit a little beyond it (a server
/// that keeps a quiet long poll open, like pouchdb-server, is cut by the phone).
const LONGPOLL_MS: u32 = 25_000;
const LONGPOLL_LIMIT_MS: i32 = 30_000;

/// What both loops share.
pub struct Shared {
    pub(super) app: AppState,
    pub(super) store: Store,
    pub(super) conn: Connection,
    /// False once the engine is stopped.
    pub(super) alive: Cell<bool>,
    /// The last problem each loop met (cleared by its next success).
    pub(super) pull_problem: Cell<Option<SyncProblem>>,
    pub(super) push_problem: Cell<Option<SyncProblem>>,
    pub(super) last_ok: Cell<Option<Millis>>,
    /// The pull loop's progress during a long first pull: (done, total).
    pub(super) progress: Cell<Option<(u64, Option<u64>)>>,
    /// Set by the pull loop when it wrote resolutions to push.
    pub(super) push_soon: Cell<bool>,
    /// The session id of this run's checkpoints.
    pub(super) session: String,
    pub(super) replication: RefCell<String>,
    /// An encrypted team's keys (`None`: a plain team), derived before the loops start.
    pub(super) keys: RefCell<Option<TeamKeys>>,
    /// Pulled documents of the current batch that did not open (another key, or none).
    pub(super) unopened: Cell<usize>,
}

/// Starts both loops; the returned handle stops them.
pub fn start(app: AppState, store: Store, conn: Connection, team: Option<TeamLock>) -> Rc<Shared> {
    let shared = Rc::new(Shared {
        app,
        store,
        conn,
        alive: Cell::new(true),
        pull_problem: Cell::new(None),
        push_problem: Cell::new(None),
        last_ok: Cell::new(None),
        progress: Cell::new(None),
        push_soon: Cell::new(false),
        session: platform::new_id(),
        replication: RefCell::new(String::new()),
        keys: RefCell::new(None),
        unopened: Cell::new(0),
    });
    shared.app.sync_status.set(SyncStatus::Starting);
    let s = shared.clone();
    spawn_local(async move {
        // Before anything is pushed or pulled: the team document says whether the database is
        // an encrypted team's, and this phone must agree (docs/sync.md, "Plain or encrypted").
        let mut attempt = 0u32;
        let keys = loop {
            match super::team::check_at_start(&s.conn, team.as_ref()).await {
                Ok(keys) => break keys,
                Err(p) => {
                    s.pull_problem.set(Some(p));
                    s.report().await;
                    let wait = match p {
                        // Only "Save" (which starts the replicator again) can fix these.
                        SyncProblem::NeedsPassphrase
                        | SyncProblem::WrongPassphrase
                        | SyncProblem::TeamChanged
                        | SyncProblem::TeamUnreadable => return,
                        p if p.retries() => backoff_ms(attempt + 1, random()),
                        _ => 60_000,
                    };
                    attempt += 1;
                    s.wait_online(wait).await;
                    if !s.alive.get() {
                        return;
                    }
                }
            }
        };
        s.pull_problem.set(None);
        *s.keys.borrow_mut() = keys;
        let device = s
            .store
            .device_id(platform::new_id)
            .await
            .unwrap_or_default();
        // Joining a team with records of its own: keep them as they are now, so the whole
        // join can be undone (the Team sync page offers it).
        if s.store.sync_first_time().await.unwrap_or(false) {
            let now = platform::now();
            if let Ok(n) = s.store.keep_undo_copy(&device, now).await {
                if n > 0 && s.store.set_sync_joined(Some(now)).await.is_ok() {
                    s.app.sync_resolved_version.update(|v| *v += 1);
                }
            }
        }
        *s.replication.borrow_mut() =
            replication_id(&device, &s.conn.address.base(), s.conn.db.as_str());
        let p = s.clone();
        spawn_local(async move { p.push_loop().await });
        s.pull_loop().await;
    });
    shared
}

impl Shared {
    pub fn stop(&self) {
        self.alive.set(false);
    }

    /// The revision key of an encrypted team.
    pub(super) fn rev_key(&self) -> Option<RevKey> {
        self.keys.borrow().as_ref().map(|k| RevKey::new(k.rev))
    }

    pub(super) fn keys(&self) -> Option<TeamKeys> {
        self.keys.borrow().clone()
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}/{}", self.conn.address.db_url(&self.conn.db), path)
    }

    pub(super) async fn request(
        &self,
        method: http::Method,
        path: &str,
        body: Option<&str>,
        timeout: i32,
    ) -> Result<String, SyncProblem> {
        let url = if path.is_empty() {
            self.conn.address.db_url(&self.conn.db)
        } else {
            self.url(path)
        };
        let reply =
            http::reply(http::send(method, &url, self.conn.auth.as_deref(), body, timeout).await);
        match classify(&reply) {
            Some(p) => Err(p),
            None => match reply {
                Reply::Answer { body, .. } => Ok(body),
                _ => Err(SyncProblem::Offline),
            },
        }
    }

    /// Shows the status the loops' state adds up to.
    pub(super) async fn report(&self) {
        if !self.alive.get() {
            return;
        }
        let pending = self.store.sync_pending().await.unwrap_or(0);
        let last = self.last_ok.get();
        let problem = self.pull_problem.get().or(self.push_problem.get());
        let status = match problem {
            Some(SyncProblem::Offline) => SyncStatus::Offline { pending, last },
            Some(problem) => SyncStatus::Failing {
                problem,
                pending,
                last,
            },
            None => match self.progress.get() {
                Some((done, total)) => SyncStatus::Syncing { done, total },
                None if pending > 0 => SyncStatus::Syncing {
                    done: 0,
                    total: Some(pending),
                },
                None => match last {
                    Some(at) => SyncStatus::Synced { at },
                    None => SyncStatus::Starting,
                },
            },
        };
        self.app.sync_status.set(status);
    }

    pub(super) fn succeeded(&self) {
        self.last_ok.set(Some(platform::now()));
    }

    /// Waits `ms`, or less when the engine stops.
    pub(super) async fn pause(&self, ms: u32) {
        let mut left = ms as i32;
        while left > 0 && self.alive.get() {
            let step = left.min(500);
            sleep(step).await;
            left -= step;
        }
    }

    // ----- pull ------------------------------------------------------------------------------

    pub(super) async fn pull_loop(self: Rc<Self>) {
        let mut attempt = 0u32;
        let mut caught_up = false;
        while self.alive.get() {
            match self.pull_once(caught_up).await {
                Ok(()) => {
                    attempt = 0;
                    caught_up = true;
                    self.pull_problem.set(None);
                    self.progress.set(None);
                    self.succeeded();
                    self.report().await;
                }
                Err(p) => {
                    self.pull_problem.set(Some(p));
                    self.progress.set(None);
                    self.report().await;
                    attempt += 1;
                    let wait = if p.retries() {
                        backoff_ms(attempt, random())
                    } else {
                        // The owner must fix something (a password): look again now and then.
                        60_000
                    };
                    self.wait_online(wait).await;
                    caught_up = false;
                }
            }
        }
    }

    /// Waits `ms`, or until the phone comes back online.
    pub(super) async fn wait_online(&self, ms: u32) {
        let was_online = platform::window().navigator().on_line();
        let mut left = ms as i32;
        while left > 0 && self.alive.get() {
            sleep(500).await;
            left -= 500;
            if !was_online && platform::window().navigator().on_line() {
                return;
            }
        }
    }

    /// Reads the checkpoints and pulls every change since, in batches; when `live`, first waits
    /// for the next change with a long poll.
    pub(super) async fn pull_once(self: &Rc<Self>, live: bool) -> Result<(), SyncProblem> {
        let local_id = format!("_local/{}", self.replication.borrow());
        // The database must be there (and readable) before anything else.
        self.request(http::Method::Get, "", None, TIMEOUT_MS)
            .await?;
        let reply = http::reply(
            http::send(
                http::Method::Get,
                &self.url(&local_id),
                self.conn.auth.as_deref(),
                None,
                TIMEOUT_MS,
            )
            .await,
        );
        let server_text = match (&reply, classify(&reply)) {
            (Reply::Answer { body, .. }, None) => Some(body.clone()),
            // No checkpoint on the server yet.
            (_, Some(_)) if doc_missing(&reply) => None,
            (_, Some(p)) => return Err(p),
            (_, None) => None,
        };
        let server = server_text.as_deref().and_then(Checkpoint::from_json);
        let phone_text = self.store.sync_checkpoint().await.ok().flatten();
        let phone = phone_text.as_deref().and_then(Checkpoint::from_json);
        let mut since = Checkpoint::start_from(
            server.as_ref().map(|(c, _)| c),
            phone.as_ref().map(|(c, _)| c),
        );
        let mut server_rev = server.as_ref().and_then(|(_, r)| r.clone());
        let mut prev = phone.map(|(c, _)| c);
        if live {
            let query = changes_query(&since, PULL_BATCH, Some(LONGPOLL_MS));
            match self
                .request(
                    http::Method::Get,
                    &format!("_changes?{query}"),
                    None,
                    LONGPOLL_LIMIT_MS,
                )
                .await
            {
                // A quiet long poll that the phone cut: nothing changed.
                Err(SyncProblem::Offline) if platform::window().navigator().on_line() => {
                    return Ok(())
                }
                Err(p) => return Err(p),
                Ok(_) => {}
            }
        }
        let mut done = 0u64;
        let mut unshown = Unshown::default();
        let result = self
            .catch_up(
                &local_id,
                &mut since,
                &mut server_rev,
                &mut prev,
                &mut done,
                &mut unshown,
            )
            .await;
        // What was written shows, also after a failure half-way.
        unshown.show(&self.app).await;
        result
    }

    /// Pulls every change since `since` in batches, each written with its checkpoint; what the
    /// batches changed is gathered in `unshown` and shown every [`REFRESH_MS`].
    pub(super) async fn catch_up(
        self: &Rc<Self>,
        local_id: &str,
        since: &mut Seq,
        server_rev: &mut Option<String>,
        prev: &mut Option<Checkpoint>,
        done: &mut u64,
        unshown: &mut Unshown,
    ) -> Result<(), SyncProblem> {
        let mut shown_at = platform::now();
        let mut refresh_every = REFRESH_MS;
        let mut server_checkpoint_at = platform::now();
        let mut server_behind = false;
        let mut next: Option<Prefetch> = None;
        loop {
            if !self.alive.get() {
                return Ok(());
            }
            let Batch { changes, docs } = match next.take() {
                Some(p) => p.take().await?,
                None => self.fetch_batch(since).await?,
            };
            if changes.results.is_empty() {
                // A full last batch looked like more to come: its checkpoint now.
                if let Some(cp) = prev.as_ref().filter(|_| server_behind) {
                    self.put_server_checkpoint(local_id, cp, server_rev).await;
                }
                return Ok(());
            }
            let rows = changes.results.len() as u64;
            // More to come: the server says so, or (a server that does not say) the batch was full.
            let more = match changes.pending {
                Some(p) => p > 0,
                None => rows >= u64::from(CATCH_UP_BATCH),
            };
            // The next batch is fetched while this one is written (its checkpoint still only
            // after it is written).
            if more {
                next = Some(Prefetch::start(self, changes.last_seq.clone()));
            }
            self.apply_batch(docs, unshown).await?;
            *done += rows;
            if *done > rows || more {
                self.progress
                    .set(Some((*done, changes.pending.map(|p| p + *done))));
                self.report().await;
            }
            if platform::now() - shown_at >= refresh_every {
                let started = platform::now();
                unshown.show(&self.app).await;
                shown_at = platform::now();
                // Reading the list again costs more as it grows (a join of 10,000 customers):
                // it never takes more than a tenth of the pull.
                refresh_every = REFRESH_MS.max(9 * (shown_at - started));
            }
            // The checkpoint: on the phone after every batch; on the server after the last batch
            // and, while catching up, every SERVER_CHECKPOINT_MS (CouchDB's own replicator
            // checkpoints every 30 s). A restart in between resumes from the phone's (the same
            // session wrote both), or redoes a few batches, which changes nothing.
            let cp = Checkpoint::advance(prev.as_ref(), &self.session, changes.last_seq.clone());
            server_behind = true;
            if !more || platform::now() - server_checkpoint_at >= SERVER_CHECKPOINT_MS {
                self.put_server_checkpoint(local_id, &cp, server_rev).await;
                server_checkpoint_at = platform::now();
                server_behind = false;
            }
            let phone_copy = cp.to_json(None, &self.replication.borrow());
            let _ = self.store.set_sync_checkpoint(Some(phone_copy)).await;
            *since = changes.last_seq;
            *prev = Some(cp);
        }
    }

    /// Writes `cp` to the server's `_local` checkpoint (a failure is left for the next one).
    async fn put_server_checkpoint(
        &self,
        local_id: &str,
        cp: &Checkpoint,
        server_rev: &mut Option<String>,
    ) {
        let text = cp.to_json(server_rev.as_deref(), &self.replication.borrow());
        if let Ok(answer) = self
            .request(http::Method::Put, local_id, Some(&text), TIMEOUT_MS)
            .await
        {
            *server_rev = serde_json::from_str::<Value>(&answer)
                .ok()
                .and_then(|v| v.get("rev").and_then(Value::as_str).map(String::from));
        }
    }

    /// One `_changes` batch since `since`, with the revisions of it this phone lacks.
    pub(super) async fn fetch_batch(&self, since: &Seq) -> Result<Batch, SyncProblem> {
        let query = changes_query(since, CATCH_UP_BATCH, None);
        let text = self
            .request(
                http::Method::Get,
                &format!("_changes?{query}"),
                None,
                TIMEOUT_MS,
            )
            .await?;
        let changes = parse_changes(&text).map_err(|_| SyncProblem::NotCouchDb)?;
        let docs = self.fetch_missing(&changes.results).await?;
        Ok(Batch { changes, docs })
    }

    /// Fetches the revisions of one `_changes` batch this phone lacks.
    pub(super) async fn fetch_missing(
        &self,
        rows: &[crate::domain::sync::protocol::Change],
    ) -> Result<Vec<Doc>, SyncProblem> {
        let unopened_before = self.unopened.get();
        let rows: Vec<_> = rows
            .iter()
            .filter(|r| DocId::parse(&r.id).is_ok())
            .collect();
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let entries = self
            .store
            .sync_entries(&ids)
            .await
            .map_err(|_| SyncProblem::Server(0))?;
        let wanted: Vec<(String, Vec<Rev>)> = rows
            .iter()
            .zip(entries)
            .filter_map(|(row, entry)| {
                let missing = match entry {
                    Some(e) => e.t.revs_diff(&row.revs),
                    None => row.revs.clone(),
                };
                (!missing.is_empty()).then(|| (row.id.clone(), missing))
            })
            .collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let fetched = self.fetch(&wanted).await?;
        // A deletion closing a branch this phone never saw is another phone's conflict
        // resolution: fetch the closed version too (applied first), so this phone resolves the
        // same conflict itself — the same revisions, deterministically — and lists it as well.
        // (The parents of every revision fetched for such a document: the losing branch the
        // deletion closes, and the winner's branch under the merged revision.)
        let mut closed: Vec<(String, Vec<Rev>)> = Vec::new();
        for d in fetched.iter().filter(|d| d.is_deleted()) {
            for x in fetched.iter().filter(|x| x.id == d.id) {
                let Some(parent) = x.history().revs().ok().and_then(|r| r.get(1).cloned()) else {
                    continue;
                };
                let have = fetched.iter().any(|y| y.id == x.id && y.rev == parent);
                let id = x.id.to_string();
                match closed.iter_mut().find(|(i, _)| *i == id) {
                    _ if have => {}
                    Some((_, revs)) if !revs.contains(&parent) => revs.push(parent),
                    Some(_) => {}
                    None => closed.push((id, vec![parent])),
                }
            }
        }
        let mut docs = if closed.is_empty() {
            Vec::new()
        } else {
            self.fetch(&closed).await.unwrap_or_default()
        };
        docs.extend(fetched);
        // Per document, live revisions before deletions (a stable sort): a resolution's deletion
        // never comes before the merged revision it goes with.
        docs.sort_by_key(|d| d.is_deleted());
        // Documents that did not open stay on the server; the batch waits (its checkpoint before
        // them) until the passphrase is fixed.
        if self.unopened.get() > unopened_before {
            return Err(if self.keys.borrow().is_some() {
                SyncProblem::WrongPassphrase
            } else {
                SyncProblem::NeedsPassphrase
            });
        }
        Ok(docs)
    }

    /// Applies one batch's fetched documents (and the conflicting versions they turn out to need).
    pub(super) async fn apply_batch(
        &self,
        docs: Vec<Doc>,
        unshown: &mut Unshown,
    ) -> Result<(), SyncProblem> {
        if docs.is_empty() {
            return Ok(());
        }
        let key = self.rev_key();
        let applied = self
            .store
            .sync_apply(&docs, platform::now(), key.as_ref())
            .await
            .map_err(|_| SyncProblem::Server(0))?;
        let mut resolved = !applied.resolved.is_empty();
        let mut customers = applied.customers;
        let (mut events, mut docs_changed, mut settings) =
            (applied.events, applied.docs, applied.settings);
        // Conflicting versions whose bodies the phone lacked: fetch them, apply once more.
        if !applied.missing.is_empty() {
            let more = self.fetch(&applied.missing).await?;
            let again = self
                .store
                .sync_apply(&more, platform::now(), key.as_ref())
                .await
                .map_err(|_| SyncProblem::Server(0))?;
            resolved |= !again.resolved.is_empty();
            customers.extend(again.customers);
            events |= again.events;
            docs_changed |= again.docs;
            settings |= again.settings;
        }
        if resolved {
            self.push_soon.set(true);
            self.app.sync_resolved_version.update(|v| *v += 1);
        }
        unshown.add(customers, events, docs_changed, settings);
        Ok(())
    }
}

/// A random number in [0, 1) (the backoff's jitter).
pub(super) fn random() -> f64 {
    let [b] = platform::random_bytes::<1>();
    f64::from(b) / 256.0
}

/// Waits `ms` milliseconds.
pub(super) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = platform::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.max(0));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
