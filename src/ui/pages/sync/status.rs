//! The Team sync page's live parts: the status ("Synced just now", "Offline — 3 changes will
//! sync", "Can't sync: the password changed") with "Sync now", and the list of automatic
//! conflict resolutions ("Edited on two phones") with both versions and "Use this version".

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::domain::sync::doc::{AnyRecord, DocId};
use crate::domain::sync::replica::Resolved;
use crate::platform;
use crate::ui::messages::sync as words;
use crate::ui::state::use_app;

/// The replicator itself (mounted by the app's root while sync is on; see `pages::SyncRunner`):
/// starts on mount, stops when unmounted.
#[component]
pub fn SyncEngine() -> impl IntoView {
    let app = use_app();
    let handle = StoredValue::new_local(None::<std::rc::Rc<super::engine::Shared>>);
    let conn = platform::storage::sync_settings()
        .filter(|s| s.enabled)
        .and_then(|s| s.connection());
    let team = platform::storage::team_lock();
    if let (Some(conn), Ok(store)) = (conn, app.store()) {
        handle.set_value(Some(super::engine::start(app, store, conn, team)));
    }
    on_cleanup(move || {
        handle.with_value(|h| {
            if let Some(h) = h {
                h.stop();
            }
        });
        app.sync_status
            .set(crate::domain::sync::protocol::SyncStatus::Off);
    });
}

/// The status's colours: red when sync cannot go on until the owner acts, amber offline.
fn notice_class(s: &crate::domain::sync::protocol::SyncStatus) -> &'static str {
    use crate::domain::sync::protocol::SyncStatus;
    match s {
        SyncStatus::Failing { .. } => "notice notice-error sync-status",
        SyncStatus::Offline { .. } => "notice notice-warn sync-status",
        _ => "notice notice-ok sync-status",
    }
}

/// The status line and "Sync now".
#[component]
pub fn StatusView() -> impl IntoView {
    let app = use_app();
    // Redrawn every 30 s, so "just now" ages.
    let tick = RwSignal::new(0u32);
    let interval = leptos::prelude::set_interval_with_handle(
        move || tick.update(|t| *t += 1),
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = interval {
            h.clear();
        }
    });
    let text = move || {
        tick.track();
        words::status(&app.sync_status.get(), platform::now())
    };
    view! {
        // (`margin: 0` as `.notice-ok` has it, for the red and amber ones too.)
        <div class=move || notice_class(&app.sync_status.get()) style:margin="0" role="status" aria-label=tr!(sync.status_label) aria-live="polite">
            {move || {
                let (what, fix) = text();
                let bar = match app.sync_status.get() {
                    crate::domain::sync::protocol::SyncStatus::Syncing { done, total: Some(total) } if total > 0 => {
                        Some(view! { <progress max=total.to_string() value=done.min(total).to_string() aria-hidden="true"></progress> })
                    }
                    _ => None,
                };
                view! {
                    <p><strong>{what}</strong></p>
                    {bar}
                    {(!fix.is_empty()).then(|| view! { <p>{fix}</p> })}
                }
            }}
        </div>
        <button type="button" class="btn btn-secondary" on:click=move |_| app.sync_kick.update(|k| *k += 1)>
            {tr!(sync.sync_now)}
        </button>
    }
}

/// What a resolution is about, in words: the customer's name, a document's name, or the
/// customer an event belongs to.
fn record_name(doc: &str, body: &str) -> String {
    let app = use_app();
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let customer = text("customer_id")
        .and_then(|id| app.find(&id))
        .map(|c| c.name);
    text("name")
        .or(customer)
        .or_else(|| text("title"))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            DocId::parse(doc)
                .map(|d| words::store_name(d.store).to_string())
                .unwrap_or_default()
        })
}

/// A field's value as the list shows it.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// A field's value, dates (`…_at`, milliseconds) as the phone writes dates.
fn shown_field(key: &str, v: Option<&Value>) -> String {
    match v.and_then(Value::as_i64) {
        Some(ms) if key.ends_with("_at") => platform::format_datetime(ms),
        _ => shown(v),
    }
}

/// "Edited on two phones": every automatic resolution, newest first.
#[component]
pub fn ResolvedList() -> impl IntoView {
    let app = use_app();
    let list = RwSignal::new(Vec::<Resolved>::new());
    Effect::new(move |_| {
        app.sync_resolved_version.track();
        spawn_local(async move {
            if let Ok(store) = app.store() {
                if let Ok(l) = store.sync_resolved().await {
                    let _ = list.try_set(l);
                }
            }
        });
    });
    view! {
        <section class="form" aria-label=tr!(sync.resolved_title)>
            <h2>{tr!(sync.resolved_title)}</h2>
            <p class="field-hint">{tr!(sync.resolved_intro)}</p>
            {move || list.with(Vec::is_empty).then(|| view! { <p class="muted">{tr!(sync.resolved_none)}</p> })}
            // Styled here, not in a stylesheet (all of which are in the first load).
            <ul style:list-style="none" style:padding="0" style:margin="0">
                <For each=move || list.get() key=|r| (r.doc.clone(), r.result.clone()) let:r>
                    <ResolvedItem r=r />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn ResolvedItem(r: Resolved) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let name = match r.merged.as_str() {
        "" => r.versions.first().map(|(_, b)| b.as_str()).unwrap_or(""),
        merged => merged,
    };
    let name = record_name(&r.doc, name);
    let title = if r.edit_beat_deletion {
        words::resolved_deleted(&name)
    } else {
        words::resolved_edited(&name)
    };
    let when = crate::ui::i18n::ago(platform::now(), r.at);
    let fields = r.fields.clone();
    let versions: Vec<(String, Value)> = r
        .versions
        .iter()
        .map(|(rev, b)| (rev.clone(), serde_json::from_str(b).unwrap_or(Value::Null)))
        .collect();
    let doc = r.doc.clone();
    let result = r.result.clone();
    let use_version = move |body: Value| {
        let doc = doc.clone();
        let result = result.clone();
        spawn_local(async move {
            let Ok(id) = DocId::parse(&doc) else { return };
            let Ok(mut record) = AnyRecord::from_body(&id, &body) else {
                app.error(tr!(sync.use_failed));
                return;
            };
            bump_updated_at(&mut record, platform::now());
            let Ok(store) = app.store() else { return };
            match store.sync_use_version(&record).await {
                Ok(applied) => {
                    let _ = store.sync_forget_resolved(&doc, &result).await;
                    app.sync_resolved_version.update(|v| *v += 1);
                    app.sync_kick.update(|k| *k += 1);
                    app.pulled(
                        applied.customers,
                        applied.events,
                        applied.docs,
                        applied.settings,
                    )
                    .await;
                    app.notify(tr!(sync.used), None);
                }
                Err(e) => app.error(e.message()),
            }
        });
    };
    let versions_view = versions
        .into_iter()
        .enumerate()
        .map(|(i, (_, body))| {
            let rows = fields
                .iter()
                .map(|k| {
                    view! {
                        <tr><th scope="row">{words::field_name(k)}</th><td>{shown_field(k, body.get(k))}</td></tr>
                    }
                })
                .collect_view();
            let updated = body
                .get("updated_at")
                .and_then(Value::as_i64)
                .map(platform::format_datetime)
                .unwrap_or_default();
            let use_version = use_version.clone();
            view! {
                <div class="sync-version">
                    <h3>{words::version_title(i + 1, &updated)}</h3>
                    <table class="sync-fields"><tbody>{rows}</tbody></table>
                    <button type="button" class="btn btn-secondary btn-small"
                        on:click=move |_| use_version(body.clone())>{tr!(sync.use_version)}</button>
                </div>
            }
        })
        .collect_view();
    view! {
        <li class="sync-resolved" style:padding=".75rem 0" style:border-top="1px solid var(--border)">
            <p><strong>{title}</strong>" "<span class="muted">{when}</span></p>
            <button type="button" class="btn btn-link" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { tr!(sync.hide_versions) } else { tr!(sync.show_versions) }}
            </button>
            <div hidden=move || !open.get()>{versions_view}</div>
        </li>
    }
}

/// The version chosen becomes this phone's newest edit (so it wins on every phone).
fn bump_updated_at(r: &mut AnyRecord, now: i64) {
    match r {
        AnyRecord::Settings(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Customers(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Interactions(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Purchases(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Payments(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Tasks(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Cases(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Deals(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Templates(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Campaigns(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Segments(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::PayMethods(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::ReminderSchedules(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Promises(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Redemptions(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::Products(x) => x.updated_at = x.updated_at.max(now),
        AnyRecord::ProductPhotos(x) => x.updated_at = x.updated_at.max(now),
    }
}

/// "Undo joining": while the copy of this phone's records from before it joined the team is
/// kept, puts them back and stops syncing on this phone (what it already sent stays on the
/// server).
#[component]
pub fn JoinUndo(on_stopped: Callback<()>) -> impl IntoView {
    let app = use_app();
    let joined = RwSignal::new(None::<i64>);
    let asking = RwSignal::new(false);
    let working = RwSignal::new(None::<(usize, usize)>);
    Effect::new(move |_| {
        app.sync_resolved_version.track();
        spawn_local(async move {
            let Ok(store) = app.store() else { return };
            let at = store.sync_joined().await.ok().flatten();
            let undo = store.undo_available().await.ok().flatten();
            let _ = joined.try_set(at.filter(|_| undo.is_some()));
        });
    });
    let undo = move |_| {
        asking.set(false);
        let _ = working.try_set(Some((0, 0)));
        spawn_local(async move {
            let Ok(store) = app.store() else { return };
            // Stop first, so nothing is pulled into the records being put back.
            platform::storage::forget_sync_settings();
            platform::storage::set_team_lock(None);
            app.sync_on.set(false);
            let _ = store.sync_forget().await;
            let result = store
                .undo_last_import(&|done, total| {
                    let _ = working.try_set(Some((done, total)));
                    true
                })
                .await;
            let _ = working.try_set(None);
            let _ = joined.try_set(None);
            match result {
                Ok(_) => {
                    let _ = app.reload().await;
                    on_stopped.run(());
                    app.notify(tr!(sync.undo_join_done), None);
                }
                Err(e) => app.error(e.message()),
            }
        });
    };
    move || {
        joined.get().map(|at| {
            view! {
                <section class="form" aria-label=tr!(sync.undo_join)>
                    <p>{tr!(sync.joined, ago = crate::ui::i18n::ago(platform::now(), at))}</p>
                    {move || match working.get() {
                        Some((done, total)) => view! {
                            <p role="status">{tr!(sync.undo_join_working, done = done, total = total)}</p>
                        }.into_any(),
                        None => view! {
                            <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(true)>
                                {tr!(sync.undo_join)}
                            </button>
                        }.into_any(),
                    }}
                    <Show when=move || asking.get()>
                        <div class="notice notice-warn" role="alert">
                            <p>{tr!(sync.undo_join_ask)}</p>
                            <div class="case-actions">
                                <button type="button" class="btn btn-danger" on:click=undo>{tr!(sync.undo_join_yes)}</button>
                                <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(false)>{tr!(sync.cancel)}</button>
                            </div>
                        </div>
                    </Show>
                </section>
            }
        })
    }
}
