//! The "back up your data" reminder on Today, and asking the browser to protect the data.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::records::settings::backup_due;
use crate::platform::{self, storage};
use crate::ui::i18n::ago;
use crate::ui::route::Route;
use crate::ui::state::use_app;

/// Shown on Today when a backup is due (see `settings::backup_due`).
#[component]
pub fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let state = LocalResource::new(move || {
        let _ = app.events_version.get();
        let records = app.customers.with(|l| l.len() as u64);
        let days = app.settings.with(|s| s.backup_reminder_days);
        async move {
            let store = app.store().ok()?;
            let last = store.last_backup().await.ok().flatten();
            let changes = match &last {
                Some(m) => store.changes_since(m.at).await.unwrap_or(0),
                None => records,
            };
            let now = platform::now();
            backup_due(days, last.as_ref().map(|m| m.at), changes, records, now)
                .then(|| (last.map(|m| m.at), changes))
        }
    });
    // Ask the browser to keep the data once the owner has a few customers (Chrome decides
    // silently; nothing is shown if it refuses).
    Effect::new(move |_| {
        if app.customers.with(|l| l.len()) >= 5 {
            spawn_local(async move {
                if storage::persisted().await == Some(false) {
                    let _ = storage::persist().await;
                }
            });
        }
    });
    move || {
        state.get().flatten().map(|(last, changes)| {
            let text = match last {
                None => tr!(common.backup_never).to_string(),
                Some(at) => crate::ui::i18n::plural_with(
                    changes,
                    tr!(common.backup_last_one),
                    tr!(common.backup_last),
                    &[("ago", &ago(platform::now(), at))],
                ),
            };
            view! {
                <section class="card card-accent" aria-labelledby="backup-reminder">
                    <h3 id="backup-reminder">{tr!(common.backup_title)}</h3>
                    <p>{text}</p>
                    <a class="btn btn-primary" href=Route::Backup.href()>{tr!(settings.back_up_now)}</a>
                </section>
            }
        })
    }
}

/// Storage protection status and usage, with a button to ask for protection.
#[component]
pub fn StorageCard() -> impl IntoView {
    let protected = RwSignal::new(None::<bool>);
    let usage = RwSignal::new(None::<(f64, f64)>);
    spawn_local(async move {
        protected.set(storage::persisted().await);
    });
    crate::ui::state::use_app().watch_storage(usage);
    let ask = move |_| {
        spawn_local(async move {
            protected.set(storage::persist().await);
        });
    };
    view! {
        <section class="card" aria-labelledby="bk-storage">
            <h3 id="bk-storage">{tr!(common.storage_title)}</h3>
            <p>{move || match protected.get() {
                Some(true) => tr!(common.storage_yes),
                Some(false) => tr!(common.storage_no),
                None => tr!(common.storage_unknown),
            }}</p>
            <Show when=move || protected.get() == Some(false)>
                <button class="btn btn-secondary" on:click=ask>{tr!(common.protect)}</button>
            </Show>
            <p class="muted">{move || usage.get().map(|(u, q)| tr!(common.usage, used = storage::human_bytes(u), total = storage::human_bytes(q)))}</p>
        </section>
    }
}
