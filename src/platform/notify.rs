//! System notifications (the Notification API), for follow-up reminders while Rapport is open.
//!
//! Phones only show notifications through a service worker (`new Notification()` throws on
//! Android Chrome, and iOS has no `Notification` in a browser tab). Rapport's worker (`sw.js`,
//! see [`super::sw`]) controls the page from the first visit on; until it does (the very first
//! load, plain http), phones report `"unsupported"`, so the owner is never asked for a
//! permission that would do nothing. A tap on a notification is handled in `sw.js`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use super::window;

fn has(target: &JsValue, key: &str) -> bool {
    js_sys::Reflect::has(target, &JsValue::from_str(key)).unwrap_or(false)
}

/// A phone or tablet browser (where only service-worker notifications work).
fn is_mobile() -> bool {
    let ua = window().navigator().user_agent().unwrap_or_default();
    ["Android", "iPhone", "iPad", "iPod"]
        .iter()
        .any(|m| ua.contains(m))
}

/// The service-worker container when the page is controlled by a service worker.
fn controlled_by_worker() -> Option<web_sys::ServiceWorkerContainer> {
    let w = window();
    if !w.is_secure_context() || !has(&w.navigator(), "serviceWorker") {
        return None;
    }
    let container = w.navigator().service_worker();
    container.controller().map(|_| container)
}

/// Whether this browser can show a system notification from this page.
fn supported() -> bool {
    let w = window();
    w.is_secure_context()
        && has(&w, "Notification")
        && (!is_mobile() || controlled_by_worker().is_some())
}

/// `"granted"`, `"denied"`, `"default"` (not asked yet) or `"unsupported"`.
pub fn permission() -> String {
    if !supported() {
        return "unsupported".into();
    }
    match Notification::permission() {
        NotificationPermission::Granted => "granted",
        NotificationPermission::Denied => "denied",
        NotificationPermission::Default => "default",
        _ => "unsupported",
    }
    .into()
}

/// Asks the owner for permission (call it from a tap). Resolves to the new [`permission`].
pub async fn request() -> String {
    if !supported() {
        return "unsupported".into();
    }
    if let Ok(promise) = Notification::request_permission() {
        // Old Safari answers through a callback only; the promise then is undefined.
        if promise.is_instance_of::<js_sys::Promise>() {
            let _ = JsFuture::from(promise).await;
        }
    }
    permission()
}

/// Shows a system notification when the owner allowed them; does nothing otherwise.
/// `tag` replaces an earlier notification with the same tag instead of stacking a new one.
pub fn show(title: &str, body: &str, tag: &str) {
    if permission() != "granted" {
        return;
    }
    let opts = NotificationOptions::new();
    opts.set_body(body);
    opts.set_icon("icon-192.png");
    if !tag.is_empty() {
        opts.set_tag(tag);
    }
    if let Some(container) = controlled_by_worker() {
        let title = title.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(reg) = JsFuture::from(container.get_registration()).await else {
                return;
            };
            if let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() {
                let _ = reg.show_notification_with_options(&title, &opts);
            }
        });
        return;
    }
    if let Ok(n) = Notification::new_with_options(title, &opts) {
        // A tap on the notification brings Rapport to the front.
        let target = n.clone();
        let on_click = Closure::<dyn FnMut()>::new(move || {
            let _ = window().focus();
            target.close();
        });
        n.set_onclick(Some(on_click.as_ref().unchecked_ref()));
        // Owned by JS from here on; freed when the notification is.
        let _ = on_click.into_js_value();
    }
}

const PROMPT_KEY: &str = "rapport.reminders.prompt";

/// The owner said "Not now" to turning on reminders (remembered on this phone).
pub fn prompt_dismissed() -> bool {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(PROMPT_KEY).ok().flatten())
        .is_some_and(|v| v == "dismissed")
}

/// Remembers "Not now", so the offer is not shown again.
pub fn dismiss_prompt() {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(PROMPT_KEY, "dismissed");
    }
}
