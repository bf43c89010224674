//! The business's own documents (message templates, campaigns, saved segments): saving,
//! listing, and the Trash with Undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::formats::backup::{BackupRecord, Document};
use crate::domain::records::events::Event;
use crate::platform;
use crate::store::StoreError;
use crate::ui::route::Route;

use super::{AppState, Change, Undo};

/// How to bring back a document of one kind from the Trash: made by [`AppState::trash_doc`] for
/// the kind it trashed. The function is instantiated in the lazy page that trashed the document
/// (the Undo can only follow a trash there), so the first load, which holds the toast and its
/// Undo, holds no code that reads or writes templates, campaigns or segments.
#[derive(Clone, Copy)]
pub struct DocUndo {
    /// The kind's store ("templates", …): one function per kind, so it stands for the function.
    store: &'static str,
    restore: fn(AppState, String),
}

impl DocUndo {
    fn of<T: Document + 'static>() -> DocUndo {
        DocUndo {
            store: T::STORE,
            restore: |app, id| app.restore_doc::<T>(id),
        }
    }

    /// Brings back the document `id` (reports a failure in the toast).
    pub(super) fn run(self, app: AppState, id: String) {
        (self.restore)(app, id)
    }
}

impl PartialEq for DocUndo {
    fn eq(&self, other: &Self) -> bool {
        self.store == other.store
    }
}

impl std::fmt::Debug for DocUndo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DocUndo").field(&self.store).finish()
    }
}

impl AppState {
    /// Brings a document back from the Trash (for Undo; see [`DocUndo`]).
    fn restore_doc<T: Document + 'static>(self, id: String) {
        spawn_local(async move {
            let restored = async {
                if let Some(mut doc) = self.store()?.doc::<T>(&id).await? {
                    doc.set_deleted(None, platform::now());
                    self.save_doc(&doc).await?;
                }
                Ok::<(), StoreError>(())
            };
            if let Err(err) = restored.await {
                self.error(err.message());
            }
        });
    }

    /// Moves a template, campaign or segment to the Trash, says `message` with an Undo, and
    /// goes to `then`.
    pub fn trash_doc<T: Document + 'static>(&self, mut doc: T, message: String, then: Route) {
        let this = *self;
        doc.set_deleted(Some(platform::now()), platform::now());
        spawn_local(async move {
            match this.save_doc(&doc).await {
                Ok(()) => {
                    this.notify(
                        message,
                        Some(Undo::RestoreDoc(DocUndo::of::<T>(), doc.id().to_string())),
                    );
                    this.go(then);
                }
                Err(e) => this.error(e.message()),
            }
        });
    }

    /// Saves a template or campaign and tells the pages showing them.
    pub async fn save_doc<T: BackupRecord>(&self, doc: &T) -> Result<(), StoreError> {
        self.store()?.put_doc(doc).await?;
        self.docs_version.update(|v| *v += 1);
        self.broadcast(Change {
            docs: true,
            ..Change::default()
        });
        Ok(())
    }

    /// Every template or campaign (Trash included), reloaded after each write.
    pub fn docs<T: BackupRecord + 'static>(&self) -> LocalResource<Result<Vec<T>, String>> {
        let this = *self;
        LocalResource::new(move || {
            let _ = this.docs_version.get();
            async move {
                let store = this.store().map_err(|e| e.message())?;
                store.all_docs::<T>().await.map_err(|e| e.message())
            }
        })
    }

    /// Saves events and one document (a campaign's progress) in one transaction.
    pub async fn save_events_and_doc<T: BackupRecord>(
        &self,
        batch: Vec<(Event, Option<i64>)>,
        doc: &T,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        let customers = store.save_events_and_doc(&batch, doc).await?;
        let ids = customers.iter().map(|c| c.id.clone()).collect();
        for c in customers {
            self.replace_local(c);
        }
        self.events_version.update(|v| *v += 1);
        self.docs_version.update(|v| *v += 1);
        self.broadcast(Change {
            customers: ids,
            events: true,
            docs: true,
            ..Change::default()
        });
        Ok(())
    }
}
