//! Settings → "App lock (PIN)": set a PIN (typed twice), then staff view, the idle time, change
//! the PIN or remove it (both ask the current one). Honest about what a PIN is: a privacy screen,
//! not encryption.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::pin::{self, LockMode, LockRecord, IDLE_CHOICES};
use crate::platform;
use crate::ui::state::{use_app, AppState};

use super::{check, crypto_problem, new_record, problem, verdict, Checked, PinInput};

/// Which form is open below the settings of a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Change,
    Remove,
}

#[component]
pub fn AppLockSection() -> impl IntoView {
    let app = use_app();
    let has_pin = Memo::new(move |_| app.lock.with(Option::is_some));
    // Staff view without the PIN entered: the settings stay closed.
    let closed = Memo::new(move |_| has_pin.get() && !app.unlocked.get());
    view! {
        <section class="form lock-settings" aria-labelledby="lock-h">
            <h2 id="lock-h" class="lock-h">{tr!(lock.title)}</h2>
            <p class="field-hint">{tr!(lock.intro)}</p>
            <p class="field-hint">{tr!(lock.not_encryption)}</p>
            {move || match (has_pin.get(), closed.get()) {
                (false, _) => view! { <SetPin /> }.into_any(),
                (true, true) => view! {
                    <p>{tr!(lock.staff_on)}</p>
                    <button type="button" class="btn btn-secondary"
                        on:click=move |_| app.pin_asked.set(true)>{tr!(lock.enter_to_change)}</button>
                }
                .into_any(),
                (true, false) => view! { <PinSettings /> }.into_any(),
            }}
        </section>
    }
}

/// Saves `r` on this phone and in the app state; the words of a refusal.
fn keep(app: AppState, r: LockRecord) -> Result<(), String> {
    if !platform::storage::set_lock_record(&r) {
        return Err(tr!(lock.not_kept).to_string());
    }
    app.lock.set(Some(r.mode()));
    Ok(())
}

/// The new PIN, typed twice, when it can be used; else shows why and gives `None`.
fn checked_new_pin(
    pin: RwSignal<String>,
    again: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> Option<String> {
    let (p, a) = (pin.get_untracked(), again.get_untracked());
    if let Err(e) = pin::check_new_pin(&p, &a) {
        error.set(Some(problem(e).to_string()));
        return None;
    }
    error.set(None);
    Some(p)
}

/// Makes and keeps the record of the new PIN `p` (keeping `before`'s staff view and idle time).
async fn keep_new_pin(app: AppState, p: &str, before: Option<LockMode>) -> Result<(), String> {
    match new_record(p, before).await {
        Ok(r) => keep(app, r),
        Err(e) => Err(crypto_problem(&e)),
    }
}

/// The new PIN typed twice, its hint and the form's error.
fn new_pin_fields(
    pin: RwSignal<String>,
    again: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <PinInput id="pin-new" label=tr!(lock.new_pin) value=pin />
        <PinInput id="pin-again" label=tr!(lock.new_pin_again) value=again />
        <p class="field-hint">{tr!(lock.pin_hint)}</p>
        <p class="field-error" role="alert">{move || error.get()}</p>
    }
}

#[component]
fn SetPin() -> impl IntoView {
    let app = use_app();
    let (pin, again) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = checked_new_pin(pin, again, error) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = keep_new_pin(app, &p, None).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    app.unlocked.set(true);
                    crate::ui::pages::start_lock(app);
                    app.notify(tr!(lock.set_done), None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form-part" on:submit=submit novalidate>
            {new_pin_fields(pin, again, error)}
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr!(lock.set_pin)}</button>
        </form>
    }
}

#[component]
fn PinSettings() -> impl IntoView {
    let app = use_app();
    let panel = RwSignal::new(Panel::None);
    let error = RwSignal::new(None::<String>);
    let staff = move || app.lock.with(|l| l.as_ref().is_some_and(|l| l.staff));
    let idle = move || {
        app.lock
            .with(|l| l.as_ref().map_or(pin::DEFAULT_IDLE, |l| l.idle_minutes))
    };
    let update = move |f: &dyn Fn(&mut LockRecord)| {
        let Some(mut r) = platform::storage::lock_record() else {
            app.lock.set(None);
            return false;
        };
        f(&mut r);
        match keep(app, r) {
            Ok(()) => true,
            Err(e) => {
                error.set(Some(e));
                false
            }
        }
    };
    let on_staff = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        if update(&|r| r.staff = on) && on {
            // At once: the amounts hide, and these settings close until the PIN.
            app.unlocked.set(false);
            app.notify(tr!(lock.staff_done), None);
        }
    };
    let toggle = move |p: Panel| panel.update(|x| *x = if *x == p { Panel::None } else { p });
    view! {
        <p class="lock-state">{tr!(lock.is_set)}</p>
        <label class="check">
            <input type="checkbox" prop:checked=staff on:change=on_staff aria-describedby="lock-staff-hint" />
            <span>{tr!(lock.staff)}</span>
        </label>
        <p class="field-hint" id="lock-staff-hint">{tr!(lock.staff_hint)}</p>
        <fieldset class="field">
            <legend>{move || if staff() { tr!(lock.idle_staff) } else { tr!(lock.idle) }}</legend>
            <div class="segmented">
                {IDLE_CHOICES.into_iter().map(|m| view! {
                    <label class="seg">
                        <input type="radio" name="lock-idle" value=m.to_string()
                            prop:checked=move || idle() == m
                            on:change=move |_| { update(&|r| r.idle_minutes = m); } />
                        <span>{if m == 1 { tr!(lock.one_minute).to_string() } else { tr!(lock.minutes, n = m) }}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
        <p class="field-error" role="alert">{move || error.get()}</p>
        <div class="lock-actions">
            <button type="button" class="btn btn-secondary" aria-expanded=move || (panel.get() == Panel::Change).to_string()
                on:click=move |_| toggle(Panel::Change)>{tr!(lock.change)}</button>
            <button type="button" class="btn btn-secondary" aria-expanded=move || (panel.get() == Panel::Remove).to_string()
                on:click=move |_| toggle(Panel::Remove)>{tr!(lock.remove)}</button>
        </div>
        {move || match panel.get() {
            Panel::None => ().into_any(),
            Panel::Change => view! { <ChangePin panel=panel /> }.into_any(),
            Panel::Remove => view! { <RemovePin panel=panel /> }.into_any(),
        }}
    }
}

/// The end of a form that asked for the current PIN: on success closes the form and runs `done`;
/// else empties the current PIN and shows why.
fn settle(
    result: Result<(), String>,
    panel: RwSignal<Panel>,
    current: RwSignal<String>,
    error: RwSignal<Option<String>>,
    done: impl FnOnce(),
) {
    match result {
        Ok(()) => {
            panel.set(Panel::None);
            done();
        }
        Err(e) => {
            current.set(String::new());
            error.set(Some(e));
        }
    }
}

/// Checks the current PIN; the words of why not.
async fn current_ok(app: AppState, typed: &str) -> Result<(), String> {
    match check(app, typed).await {
        Ok(Checked::Right) => Ok(()),
        Ok(c) => Err(verdict(c).unwrap_or_default()),
        Err(e) => Err(crypto_problem(&e)),
    }
}

#[component]
fn ChangePin(panel: RwSignal<Panel>) -> impl IntoView {
    let app = use_app();
    let current = RwSignal::new(String::new());
    let (pin, again) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = checked_new_pin(pin, again, error) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = match current_ok(app, &current.get_untracked()).await {
                Ok(()) => keep_new_pin(app, &p, app.lock.get_untracked()).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            settle(result, panel, current, error, || {
                app.notify(tr!(lock.changed), None)
            });
        });
    };
    view! {
        <form class="form-part" on:submit=submit novalidate aria-label=tr!(lock.change)>
            <PinInput id="pin-current" label=tr!(lock.current_pin) value=current />
            {new_pin_fields(pin, again, error)}
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr!(lock.save_pin)}</button>
        </form>
    }
}

#[component]
fn RemovePin(panel: RwSignal<Panel>) -> impl IntoView {
    let app = use_app();
    let current = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = current_ok(app, &current.get_untracked()).await;
            busy.set(false);
            settle(result, panel, current, error, || {
                platform::storage::forget_lock_record();
                app.lock.set(None);
                app.notify(tr!(lock.removed), None);
            });
        });
    };
    view! {
        <form class="form-part" on:submit=submit novalidate aria-label=tr!(lock.remove)>
            <PinInput id="pin-current" label=tr!(lock.current_pin) value=current />
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="btn btn-danger" disabled=move || busy.get()>{tr!(lock.remove)}</button>
        </form>
    }
}
