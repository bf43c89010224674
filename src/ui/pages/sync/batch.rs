//! The pull loop's batches: one fetched in the background while the one before is written
//! ([`Prefetch`]), and what written batches changed until the screens read it ([`Unshown`]).

use std::cell::RefCell;
use std::rc::Rc;

use crate::domain::sync::doc::Doc;
use crate::domain::sync::protocol::{Changes, Seq, SyncProblem};
use crate::ui::state::AppState;

use super::engine::Shared;

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
