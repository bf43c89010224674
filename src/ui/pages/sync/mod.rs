//! Settings → Team sync: the server address, database, user name and password, "Test connection"
//! (each outcome in plain words with its fix), "Save" (only after a test that worked) and "Stop
//! syncing on this phone". The settings stay on this phone (`platform::storage::sync_settings`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::sync::setup::{
    check_form, classify_create, classify_test, cors_settings, ini_text, needs_probe,
    outcome_before_request, Connection, FormProblems, SyncSettings, TestOutcome,
};
use crate::platform::{self, http, storage};

mod batch;
mod engine;
mod push;
mod seal;
mod status;
mod team;

use crate::ui::messages::sync as words;
use crate::ui::state::use_app;
pub use status::SyncEngine;

/// How long a test waits for the server (the whole answer).
const TIMEOUT_MS: i32 = 15_000;
/// How long the `no-cors` probe waits.
const PROBE_TIMEOUT_MS: i32 = 8_000;

/// What the page is doing now (its buttons wait meanwhile).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Busy {
    Testing,
    Saving,
    Creating,
}

/// A test's outcome with the names it speaks of.
#[derive(Clone, PartialEq)]
struct Tested {
    outcome: TestOutcome,
    db: String,
    host: String,
    /// The settings were saved after this test (the hint to tap Save no longer applies).
    saved: bool,
}

/// `GET /{db}`, and when that fails without a status, the `no-cors` probe of the server's root.
async fn test_connection(c: &Connection) -> TestOutcome {
    let reply =
        http::reply(http::get_json(&c.address.db_url(&c.db), c.auth.as_deref(), TIMEOUT_MS).await);
    let probe = if needs_probe(&reply) {
        Some(http::probe(&c.address.root_url(), PROBE_TIMEOUT_MS).await)
    } else {
        None
    };
    classify_test(&reply, probe, c.auth.is_some())
}

/// This app's origin, as the CORS settings name it.
fn origin() -> String {
    // `location.origin` through Reflect: no new import in the first load's JS glue.
    js_sys::Reflect::get(&platform::window().location(), &"origin".into())
        .ok()
        .and_then(|o| o.as_string())
        .unwrap_or_default()
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let app = use_app();
    let stored = RwSignal::new(storage::sync_settings());
    let from_stored = |f: fn(&SyncSettings) -> String| {
        RwSignal::new(stored.with_untracked(|s| s.as_ref().map(f).unwrap_or_default()))
    };
    let address = from_stored(|s| s.address.clone());
    let db = from_stored(|s| s.db.clone());
    let user = from_stored(|s| s.user.clone());
    let password = from_stored(|s| s.password.clone());
    let passphrase = RwSignal::new(
        storage::team_lock()
            .map(|t| t.passphrase)
            .unwrap_or_default(),
    );
    let team_failed = RwSignal::new(None::<team::TeamFailure>);
    let problems = RwSignal::new(FormProblems::default());
    let tested = RwSignal::new(None::<Tested>);
    let created = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<Busy>);
    let not_kept = RwSignal::new(false);
    let confirm_stop = RwSignal::new(false);

    // Checks the form; on a problem shows it (and "not HTTPS" as a test outcome) and gives None.
    let checked = move || -> Option<Connection> {
        created.set(None);
        not_kept.set(false);
        team_failed.set(None);
        match check_form(
            &address.get_untracked(),
            &db.get_untracked(),
            &user.get_untracked(),
            &password.get_untracked(),
        ) {
            Ok(c) => {
                problems.set(FormProblems::default());
                Some(c)
            }
            Err(p) => {
                problems.set(p);
                tested.set(outcome_before_request(&p).map(|outcome| Tested {
                    outcome,
                    db: db.get_untracked().trim().to_string(),
                    host: String::new(),
                    saved: false,
                }));
                None
            }
        }
    };
    // Tests, shows the outcome; with `save`, keeps the settings (sync on) when it worked.
    let run = move |save: bool| {
        let Some(c) = checked() else { return };
        busy.set(Some(if save { Busy::Saving } else { Busy::Testing }));
        tested.set(None);
        // Read before the request: the owner may leave the page meanwhile (its signals are then
        // gone, so only `try_set` touches them after the await).
        let (user_name, pass, phrase) = (
            user.get_untracked().trim().to_string(),
            password.get_untracked(),
            passphrase.get_untracked(),
        );
        let had_settings = stored.with_untracked(Option::is_some);
        spawn_local(async move {
            let mut outcome = test_connection(&c).await;
            // An encrypted team's passphrase is checked (or its team document made) before
            // anything is kept: a refusal shows instead of the test's outcome.
            let team = if save && outcome.is_ok() {
                match team::prepare(&c, &phrase).await {
                    Ok(t) => Some(t),
                    Err(team::TeamFailure::Connection(o)) => {
                        outcome = o;
                        None
                    }
                    Err(f) => {
                        let _ = team_failed.try_set(Some(f));
                        let _ = busy.try_set(None);
                        return;
                    }
                }
            } else {
                None
            };
            let mut saved = false;
            if let Some(team) = team {
                let s = SyncSettings {
                    v: 0,
                    address: c.address.base(),
                    db: c.db.as_str().to_string(),
                    user: user_name,
                    password: pass,
                    enabled: true,
                };
                let salt =
                    |t: Option<&crate::domain::sync::team::TeamLock>| t.map(|t| t.salt.clone());
                let before = had_settings.then(storage::team_lock).flatten();
                let key_changed = salt(before.as_ref()) != salt(team.as_ref());
                // The team's lock first: settings without it would sync as a plain team.
                if storage::set_team_lock(team.as_ref()) && storage::set_sync_settings(&s) {
                    if key_changed {
                        // Revisions made under another key (or none) must not reach this team.
                        if let Ok(store) = app.store() {
                            let _ = store.sync_forget().await;
                        }
                    }
                    let _ = address.try_set(s.address.clone());
                    let _ = stored.try_set(Some(s));
                    // (Re)start the replicator with these settings.
                    app.sync_restart.update(|r| *r += 1);
                    app.sync_on.set(true);
                    saved = true;
                } else {
                    let _ = not_kept.try_set(true);
                }
            }
            let _ = tested.try_set(Some(Tested {
                outcome,
                db: c.db.as_str().to_string(),
                host: c.address.host(),
                saved,
            }));
            let _ = busy.try_set(None);
        });
    };
    let create = move |_| {
        let Some(c) = checked() else { return };
        let _ = busy.try_set(Some(Busy::Creating));
        spawn_local(async move {
            let result = http::put(
                &c.address.db_url(&c.db),
                c.auth.as_deref(),
                None,
                TIMEOUT_MS,
            )
            .await;
            let made = classify_create(&http::reply(result));
            let _ = created.try_set(Some(words::create_outcome(made, c.db.as_str())));
            if matches!(
                made,
                crate::domain::sync::setup::CreateOutcome::Created
                    | crate::domain::sync::setup::CreateOutcome::AlreadyThere
            ) {
                let outcome = test_connection(&c).await;
                let _ = tested.try_set(Some(Tested {
                    outcome,
                    db: c.db.as_str().to_string(),
                    host: c.address.host(),
                    saved: false,
                }));
            }
            let _ = busy.try_set(None);
        });
    };
    let stop = move |_| {
        storage::forget_sync_settings();
        storage::set_team_lock(None);
        app.sync_on.set(false);
        // The revision trees and checkpoints go too: syncing again later starts afresh (the
        // records themselves stay).
        spawn_local(async move {
            if let Ok(store) = app.store() {
                let _ = store.sync_forget().await;
            }
        });
        stored.set(None);
        team_failed.set(None);
        for f in [address, db, user, password, passphrase] {
            f.set(String::new());
        }
        tested.set(None);
        created.set(None);
        problems.set(FormProblems::default());
        confirm_stop.set(false);
        app.notify(tr!(sync.stopped), None);
    };

    let connected = move || {
        stored.with(|s| {
            s.as_ref().filter(|s| s.enabled).map(|s| {
                let host = s
                    .connection()
                    .map(|c| c.address.host())
                    .unwrap_or_else(|| s.address.clone());
                tr!(sync.connected, db = s.db, host = host)
            })
        })
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      kind: &'static str,
                      hint: Option<&'static str>,
                      error: Signal<Option<String>>| {
        let err_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = match hint {
            Some(_) => format!("{hint_id} {err_id}"),
            None => err_id.clone(),
        };
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind inputmode=(id == "sync-address").then_some("url") autocomplete="off" autocapitalize="none" spellcheck="false"
                    aria-describedby=described aria-invalid=move || error.with(|e| e.is_some().to_string())
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
                <p class="field-error" id=err_id>{move || error.get()}</p>
            </div>
        }
    };
    let address_error = Signal::derive(move || {
        problems.with(|p| p.address.map(|a| words::address_problem(a).to_string()))
    });
    let db_error = Signal::derive(move || problems.with(|p| p.db.map(words::db_name_problem)));
    let user_error = Signal::derive(move || {
        problems.with(|p| {
            p.credentials
                .map(|c| words::credentials_problem(c).to_string())
        })
    });
    let no_error = Signal::derive(|| None::<String>);
    let is_busy = move || busy.get().is_some();

    view! {
        <div class="form sync-setup">
            {move || connected().is_none().then(|| view! { <p>{tr!(sync.intro)}</p> })}
            <p class="field-hint">{tr!(sync.private)}</p>
            {move || connected().map(|c| view! {
                <p><strong>{c}</strong></p>
                <p class="muted">{tr!(sync.on_now)}</p>
                <status::StatusView />
            })}
        </div>
        <form class="form" aria-label=tr!(sync.form_label) novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            run(false);
        }>
            {field("sync-address", tr!(sync.address), address, "text", Some(tr!(sync.address_hint)), address_error)}
            {field("sync-db", tr!(sync.db), db, "text", Some(tr!(sync.db_hint)), db_error)}
            {field("sync-user", tr!(sync.user), user, "text", None, user_error)}
            {field("sync-password", tr!(sync.password), password, "password", None, no_error)}
            {field("sync-passphrase", tr!(sync.passphrase), passphrase, "password", Some(tr!(sync.passphrase_hint)), no_error)}
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" disabled=is_busy>
                    {move || if busy.get() == Some(Busy::Testing) { tr!(sync.testing) } else { tr!(sync.test) }}
                </button>
                <button type="button" class="btn btn-primary" disabled=is_busy on:click=move |_| run(true)>
                    {tr!(sync.save)}
                </button>
            </div>
        </form>
        <section class="form" aria-label=tr!(sync.outcome_label) aria-live="polite">
            {move || tested.get().map(|t| outcome_view(t, busy, create))}
            {move || created.get().map(|m| view! { <p class="notice notice-warn" role="status">{m}</p> })}
            {move || team_failed.get().map(|f| {
                let (what, fix) = match f {
                    team::TeamFailure::Refused(r) => words::team_refusal(r),
                    team::TeamFailure::NoCrypto | team::TeamFailure::Connection(_) => words::no_crypto(),
                };
                view! {
                    <div class="notice notice-error" role="alert">
                        <p><strong>{what}</strong></p>
                        <p>{fix}</p>
                    </div>
                }
            })}
            {move || not_kept.get().then(|| view! { <p class="notice notice-error" role="alert">{tr!(sync.not_kept)}</p> })}
        </section>
        {move || connected().is_some().then(|| view! {
            <status::JoinUndo on_stopped=Callback::new(move |_| {
                stored.set(None);
                for f in [address, db, user, password] {
                    f.set(String::new());
                }
                tested.set(None);
            }) />
            <status::ResolvedList />
        })}
        {move || stored.with(Option::is_some).then(|| view! {
            <div class="form">
                <button type="button" class="btn btn-danger" on:click=move |_| confirm_stop.set(true)>{tr!(sync.stop)}</button>
                <Show when=move || confirm_stop.get()>
                    <div class="notice notice-warn" role="alert">
                        <p>{tr!(sync.stop_ask)}</p>
                        <div class="case-actions">
                            <button type="button" class="btn btn-danger" on:click=stop>{tr!(sync.stop_yes)}</button>
                            <button type="button" class="btn btn-secondary" on:click=move |_| confirm_stop.set(false)>{tr!(sync.cancel)}</button>
                        </div>
                    </div>
                </Show>
            </div>
        })}
    }
}

/// A test's outcome: what happened and its fix; the CORS settings to paste; "Create the
/// database" when it is missing.
fn outcome_view(
    t: Tested,
    busy: RwSignal<Option<Busy>>,
    create: impl Fn(leptos::ev::MouseEvent) + Copy + 'static,
) -> AnyView {
    let (what, fix) = words::test_outcome(t.outcome, &t.db, &t.host, t.saved);
    let class = if t.outcome.is_ok() {
        "notice notice-ok"
    } else {
        "notice notice-error"
    };
    let cors = (t.outcome == TestOutcome::CorsBlocked).then(|| {
        let text = ini_text(&cors_settings(&origin()));
        view! {
            // Styled here, not in a stylesheet (all of which are in the first load); wraps on a
            // phone and selects whole in one tap.
            <pre tabindex="0" aria-label=tr!(sync.cors_settings) style:white-space="pre-wrap"
                style:overflow-wrap="anywhere" style:user-select="all" style:font-size=".85rem"
                style:padding=".75rem" style:border="1px solid var(--border)"
                style:border-radius="8px" style:background="var(--surface)">{text}</pre>
        }
    });
    let create_button = (t.outcome == TestOutcome::NoDatabase).then(|| view! {
        <button type="button" class="btn btn-primary" disabled=move || busy.get().is_some() on:click=create>
            {move || if busy.get() == Some(Busy::Creating) { tr!(sync.creating) } else { tr!(sync.create) }}
        </button>
    });
    view! {
        <div class=class role="status">
            <p><strong>{what}</strong></p>
            {(!fix.is_empty()).then(|| view! { <p>{fix}</p> })}
            {cors}
            {create_button}
        </div>
    }
    .into_any()
}
