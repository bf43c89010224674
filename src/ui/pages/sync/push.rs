//! The replicator's push loop: after each write of this phone (and after pulls that resolved
//! conflicts), stage the local edits as revisions and offer the outbox to the server in batches
//! (`_revs_diff`, then `_bulk_docs` with `new_edits: false`).

use std::rc::Rc;

use leptos::prelude::*;
use serde_json::Value;

use crate::domain::basics::time::Millis;
use crate::domain::sync::protocol::{
    backoff_ms, bulk_docs_body, parse_bulk_docs, parse_revs_diff, revs_diff_body, SyncProblem,
};
use crate::domain::sync::rev::Rev;
use crate::platform::{self, http};

use super::engine::{random, sleep, Shared, TIMEOUT_MS};

/// Records per push (`_revs_diff` + `_bulk_docs`).
const PUSH_BATCH: u32 = 100;
/// Local edits are looked for this often (and at once after a write on this phone).
const PUSH_TICK_MS: i32 = 500;
/// A local scan looks back this far before the previous scan's start (writes in flight).
const MARK_SLACK_MS: Millis = 5_000;

impl Shared {
    pub(super) async fn push_loop(self: Rc<Self>) {
        let mut seen_kick = u64::MAX;
        let mut attempt = 0u32;
        let mut first = true;
        while self.alive.get() {
            let kick = self.app.sync_kick.get_untracked();
            if first || kick != seen_kick || self.push_soon.replace(false) {
                seen_kick = kick;
                match self.push_once(first).await {
                    Ok(()) => {
                        first = false;
                        attempt = 0;
                        self.push_problem.set(None);
                        self.succeeded();
                    }
                    Err(p) => {
                        self.push_problem.set(Some(p));
                        self.report().await;
                        attempt += 1;
                        self.pause(backoff_ms(attempt, random())).await;
                        // Try again even without a new edit.
                        seen_kick = u64::MAX;
                        continue;
                    }
                }
                self.report().await;
            }
            sleep(PUSH_TICK_MS).await;
        }
    }

    /// Stages this phone's edits, then pushes the outbox in batches.
    async fn push_once(&self, full: bool) -> Result<(), SyncProblem> {
        let started = platform::now();
        let since = if full {
            None
        } else {
            self.store.sync_mark().await.ok().flatten()
        };
        let key = self.rev_key();
        let stage = match since {
            Some(mark) => {
                self.store
                    .sync_stage_local(Some(mark - MARK_SLACK_MS), key.as_ref())
                    .await
            }
            None => self.store.sync_stage_local(None, key.as_ref()).await,
        };
        stage.map_err(|_| SyncProblem::Server(0))?;
        let _ = self.store.set_sync_mark(Some(started)).await;
        loop {
            if !self.alive.get() {
                return Ok(());
            }
            let entries = self
                .store
                .sync_outbox(PUSH_BATCH)
                .await
                .map_err(|_| SyncProblem::Server(0))?;
            if entries.is_empty() {
                return Ok(());
            }
            let items: Vec<(String, Vec<Rev>)> =
                entries.iter().map(|e| (e.d.clone(), e.offer())).collect();
            let body = revs_diff_body(&items);
            let answer = self
                .request(http::Method::Post, "_revs_diff", Some(&body), TIMEOUT_MS)
                .await?;
            let missing = parse_revs_diff(&answer).map_err(|_| SyncProblem::NotCouchDb)?;
            let items = entries
                .iter()
                .filter_map(|e| missing.get(&e.d).map(|revs| e.wire_items(revs)))
                .flatten()
                .collect();
            let docs: Vec<Value> = super::seal::wire_docs(items, self.keys().as_ref())
                .await
                .map_err(|_| SyncProblem::WrongPassphrase)?;
            if !docs.is_empty() {
                let answer = self
                    .request(
                        http::Method::Post,
                        "_bulk_docs",
                        Some(&bulk_docs_body(&docs)),
                        TIMEOUT_MS,
                    )
                    .await?;
                let failures = parse_bulk_docs(&answer).map_err(|_| SyncProblem::NotCouchDb)?;
                if let Some(f) = failures
                    .iter()
                    .find(|f| f.error == "unauthorized" || f.error == "forbidden")
                {
                    let _ = f;
                    return Err(SyncProblem::NoPermission);
                }
            }
            let pushed: Vec<(String, u64)> = entries.iter().map(|e| (e.d.clone(), e.n)).collect();
            self.store
                .sync_clear_out(&pushed)
                .await
                .map_err(|_| SyncProblem::Server(0))?;
        }
    }
}
