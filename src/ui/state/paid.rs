//! "Get paid" records (payment methods, reminder schedules, promises): saving and trashing, each
//! telling the pages showing them ([`AppState::docs_version`]), the other tabs (a `docs`
//! change) and Team sync's replicator (through `broadcast`, which bumps `sync_kick`). Read them
//! with [`AppState::docs`].

use leptos::prelude::*;

use crate::domain::basics::time::Millis;
use crate::platform;
use crate::store::{Paid, StoreError};

use super::{AppState, Change};

// Used by the "Get paid" pages (Settings, the reminder queue, the customer page).
#[allow(dead_code)]
impl AppState {
    /// Saves one record: new (`expected_updated_at = None`) or an edit of the version the owner
    /// saw (`Conflict` if it changed since).
    pub async fn save_paid<T: Paid>(
        &self,
        record: &T,
        expected_updated_at: Option<Millis>,
    ) -> Result<(), StoreError> {
        self.store()?.save_paid(record, expected_updated_at).await?;
        self.paid_changed();
        Ok(())
    }

    /// Saves several records of one kind in one transaction (reordering payment methods).
    pub async fn save_paid_many<T: Paid>(
        &self,
        batch: &[(T, Option<Millis>)],
    ) -> Result<(), StoreError> {
        self.store()?.save_paid_many(batch).await?;
        self.paid_changed();
        Ok(())
    }

    /// Moves a record to the Trash (`trash = true`) or back; returns it as stored.
    pub async fn trash_paid<T: Paid>(
        &self,
        id: &str,
        expected_updated_at: Millis,
        trash: bool,
    ) -> Result<T, StoreError> {
        let r = self
            .store()?
            .trash_paid::<T>(id, expected_updated_at, trash, platform::now())
            .await?;
        self.paid_changed();
        Ok(r)
    }

    fn paid_changed(&self) {
        self.docs_version.update(|v| *v += 1);
        self.broadcast(Change {
            docs: true,
            ..Change::default()
        });
    }
}
