//! The pull loop's batches: fetching the revisions a batch lacks (`_bulk_get`, or `open_revs`
//! where the server has no `_bulk_get`), one batch fetched in the background while the one before
//! is written ([`Prefetch`]), and what written batches changed until the screens read it
//! ([`Unshown`]).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;

use crate::domain::sync::doc::{self, Doc, DocError};
use crate::domain::sync::protocol::{
    bulk_get_body, bulk_get_unsupported, classify, open_revs_path, parse_bulk_get, parse_open_revs,
    Changes, Fetched, Seq, SyncProblem,
};
use crate::domain::sync::rev::Rev;
use crate::domain::sync::setup::Reply;
use crate::platform::http;
use crate::ui::state::AppState;

use super::engine::{Shared, TIMEOUT_MS};

/// More changed customers than this are read again all at once (one read of the whole list
/// instead of one per customer).
const REFRESH_ALL_OVER: usize = 100;

/// A `_changes` batch and the documents fetched for it.
pub(super) struct Batch {
    pub changes: Changes,
    pub docs: Vec<Doc>,
}

/// A batch being fetched in the background (while the one before is written).
pub(super) struct Prefetch {
    slot: Rc<RefCell<Option<Result<Batch, SyncProblem>>>>,
    done: js_sys::Promise,
}

impl Prefetch {
    pub fn start(shared: &Rc<Shared>, since: Seq) -> Prefetch {
        let slot = Rc::new(RefCell::new(None));
        let out = slot.clone();
        let s = shared.clone();
        let done = wasm_bindgen_futures::future_to_promise(async move {
            let batch = s.fetch_batch(&since).await;
            *out.borrow_mut() = Some(batch);
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        });
        Prefetch { slot, done }
    }

    pub async fn take(self) -> Result<Batch, SyncProblem> {
        let _ = wasm_bindgen_futures::JsFuture::from(self.done).await;
        let batch = self.slot.borrow_mut().take();
        batch.unwrap_or(Err(SyncProblem::Offline))
    }
}

/// What pulled batches changed that the screens have not read yet.
#[derive(Default)]
pub(super) struct Unshown {
    customers: Vec<String>,
    seen: std::collections::HashSet<String>,
    events: bool,
    docs: bool,
    settings: bool,
}

impl Unshown {
    pub fn add(&mut self, customers: Vec<String>, events: bool, docs: bool, settings: bool) {
        for c in customers {
            if self.seen.insert(c.clone()) {
                self.customers.push(c);
            }
        }
        self.events |= events;
        self.docs |= docs;
        self.settings |= settings;
    }

    /// Tells the screens (and the other tabs), and starts afresh.
    pub async fn show(&mut self, app: &AppState) {
        let s = std::mem::take(self);
        // Many customers: the list is read again whole, at once.
        let all = s.settings || s.customers.len() > REFRESH_ALL_OVER;
        let customers = if all { Vec::new() } else { s.customers };
        app.pulled(customers, s.events, s.docs, all).await;
    }
}

impl Shared {
    /// `_bulk_get?revs=true`, or one `open_revs` request per document where the server lacks it.
    pub(super) async fn fetch(
        &self,
        wanted: &[(String, Vec<Rev>)],
    ) -> Result<Vec<Doc>, SyncProblem> {
        let body = bulk_get_body(wanted);
        let url = self.url("_bulk_get?revs=true");
        let reply = http::reply(
            http::send(
                http::Method::Post,
                &url,
                self.conn.auth.as_deref(),
                Some(&body),
                TIMEOUT_MS,
            )
            .await,
        );
        let fetched: Vec<Fetched> = match &reply {
            Reply::Answer { status, body } if bulk_get_unsupported(*status, body) => {
                let mut all = Vec::new();
                for (id, revs) in wanted {
                    let text = self
                        .request(
                            http::Method::Get,
                            &open_revs_path(id, revs),
                            None,
                            TIMEOUT_MS,
                        )
                        .await?;
                    all.extend(parse_open_revs(id, &text).map_err(|_| SyncProblem::NotCouchDb)?);
                }
                all
            }
            _ => match classify(&reply) {
                Some(p) => return Err(p),
                None => match &reply {
                    Reply::Answer { body, .. } => {
                        parse_bulk_get(body).map_err(|_| SyncProblem::NotCouchDb)?
                    }
                    _ => return Err(SyncProblem::Offline),
                },
            },
        };
        let keys = self.keys();
        let mut docs = Vec::with_capacity(fetched.len());
        for d in fetched
            .into_iter()
            .filter_map(|f| f.doc.ok())
            .filter_map(|v| readable(&v))
        {
            match super::seal::open(d, keys.as_ref()).await {
                Some(d) => docs.push(d),
                None => self.unopened.set(self.unopened.get() + 1),
            }
        }
        Ok(docs)
    }
}

/// A fetched document of a store this phone knows (an encrypted one still to open).
fn readable(v: &Value) -> Option<Doc> {
    match doc::from_value(v) {
        Ok(d) => Some(d),
        Err(DocError::Reserved { .. } | DocError::UnknownStore { .. }) => None,
        Err(_) => None,
    }
}
