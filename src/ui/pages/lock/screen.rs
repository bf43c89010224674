//! The lock screen (a phone with a PIN and no staff view: on open and after the idle time), the
//! PIN screen staff view shows for a hidden amount or Reports, and the idle timer.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::pin::DEFAULT_IDLE;
use crate::platform;
use crate::store::CustomerOrder;
use crate::ui::state::{use_app, AppState};
use wasm_bindgen::JsCast;

use super::{check, crypto_problem, verdict, Checked, PinInput};

/// What the lock chunk draws over the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nothing: unlocked, or staff view without a question.
    None,
    /// The app is locked: the lock screen alone.
    Locked,
    /// Staff view asked for the PIN: over the app, with Cancel.
    Asked,
}

thread_local! {
    static MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Draws [`LockRoot`] beside the app, once and for good (it draws nothing without a PIN).
pub fn mount(app: AppState) -> AnyView {
    if !MOUNTED.with(|m| m.replace(true)) {
        leptos::mount::mount_to_body(move || {
            provide_context(app);
            view! { <LockRoot /> }
        });
    }
    ().into_any()
}

/// The root of the lock chunk, drawn beside the app on a phone with a PIN: watches for idle
/// time, and shows the lock screen or the PIN question when needed.
#[component]
pub fn LockRoot() -> impl IntoView {
    let app = use_app();
    watch_idle(app);
    // Nothing of the app shows, or is reachable by keyboard or screen reader, while it is locked
    // or staff view asks for the PIN (`:root[data-locked]` in the style sheet).
    Effect::new(move |_| {
        platform::set_root_flag("data-locked", app.locked() || app.pin_asked.get())
    });
    // Staff view: the amounts owed give way to their stand-ins (`.owed`, `.owed-hidden`), and
    // the customer list is not ordered by what is owed.
    Effect::new(move |_| {
        let hidden = !app.amounts_visible.get();
        platform::set_root_flag("data-owed-hidden", hidden);
        if hidden && app.order.get() == CustomerOrder::Owes {
            app.set_order(CustomerOrder::Recent);
        }
    });
    // Any "Show with PIN" (`data-ask-pin`) asks for the PIN.
    let ask = window_event_listener(leptos::ev::click, move |ev| {
        let asked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-ask-pin]").ok().flatten())
            .is_some();
        if asked {
            app.pin_asked.set(true);
        }
    });
    on_cleanup(move || ask.remove());
    let mode = Memo::new(move |_| {
        if app.locked() {
            Mode::Locked
        } else if app.pin_asked.get() {
            Mode::Asked
        } else {
            Mode::None
        }
    });
    move || {
        match mode.get() {
        Mode::None => ().into_any(),
        Mode::Locked => view! {
            <div class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
                <PinForm title=tr!(lock.locked_title) text=tr!(lock.locked_text) cancel=false />
                <Forgot />
            </div>
        }
        .into_any(),
        Mode::Asked => view! {
            <div class="lock-screen lock-ask" role="dialog" aria-modal="true" aria-labelledby="lock-title">
                <PinForm title=tr!(lock.ask_title) text=tr!(lock.ask_text) cancel=true />
            </div>
        }
        .into_any(),
    }
    }
}

/// The PIN, "Unlock", and a wrong PIN or a wait said in words.
#[component]
fn PinForm(title: &'static str, text: &'static str, cancel: bool) -> impl IntoView {
    let app = use_app();
    let typed = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    // The keypad opens at once on a phone.
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        // Said anew after each try (a screen reader announces it again).
        message.set(None);
        spawn_local(async move {
            let pin = typed.get_untracked();
            let result = check(app, &pin).await;
            busy.set(false);
            match result {
                Ok(Checked::Right) => {}
                Ok(c) => {
                    typed.set(String::new());
                    message.set(verdict(c));
                    if let Some(el) = input.get_untracked() {
                        let _ = el.focus();
                    }
                }
                Err(e) => message.set(Some(crypto_problem(&e))),
            }
        });
    };
    view! {
        <form class="form lock-form" on:submit=submit novalidate>
            <h2 id="lock-title">{title}</h2>
            <p>{text}</p>
            <PinInput id="lock-pin" label=tr!(lock.pin) value=typed node=input />
            <p class="field-error" role="alert">{move || message.get()}</p>
            <div class="lock-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { tr!(lock.checking) } else { tr!(lock.unlock) }}
                </button>
                {cancel.then(|| view! {
                    <button type="button" class="btn btn-secondary"
                        on:click=move |_| app.pin_asked.set(false)>{tr!(lock.cancel)}</button>
                })}
            </div>
        </form>
    }
}

/// "Forgot the PIN?": what it takes, said honestly.
#[component]
fn Forgot() -> impl IntoView {
    view! {
        <details class="lock-forgot">
            <summary>{tr!(lock.forgot)}</summary>
            <p>{tr!(lock.forgot_text)}</p>
            <p>{tr!(lock.forgot_data)}</p>
        </details>
    }
}

/// Locks again (or hides the amounts again, in staff view) after the chosen idle time without a
/// touch, click or key, checked every few seconds, on every touch, click or key, and when the
/// page shows again after being hidden.
fn watch_idle(app: AppState) {
    let last = StoredValue::new(platform::now());
    let idle_ms = move || {
        let minutes = app
            .lock
            .get_untracked()
            .map_or(DEFAULT_IDLE, |l| l.idle_minutes);
        i64::from(minutes) * 60_000
    };
    // Checks the time since the last use; `used`: this is a use (a touch, a click, a key).
    let check = move |used: bool| {
        let now = platform::now();
        if app.unlocked.get_untracked() && now - last.get_value() >= idle_ms() {
            app.unlocked.set(false);
            app.pin_asked.set(false);
        }
        if used {
            last.set_value(now);
        }
    };
    // Unlocking starts a new idle time.
    Effect::new(move |_| {
        if app.unlocked.get() {
            last.set_value(platform::now());
        }
    });
    let handles = [
        window_event_listener(leptos::ev::pointerdown, move |_| check(true)),
        window_event_listener(leptos::ev::keydown, move |_| check(true)),
        window_event_listener(leptos::ev::touchstart, move |_| check(true)),
        window_event_listener_untyped("visibilitychange", move |_| check(false)),
    ];
    let timer = set_interval_with_handle(move || check(false), Duration::from_secs(5)).ok();
    on_cleanup(move || {
        for h in handles {
            h.remove();
        }
        if let Some(t) = timer {
            t.clear();
        }
    });
}
