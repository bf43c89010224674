//! The service worker (`sw.js`, written after each build by `pwa/post_build.mjs`), the browser's
//! "install app" offer, and the colour theme on `<html>`.
//!
//! A new version of Rapport installs in the background and then *waits*; [`register`] calls back
//! when one is waiting, and [`apply_update`] tells it to take over and reloads the page.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use super::window;

fn has(target: &JsValue, key: &str) -> bool {
    js_sys::Reflect::has(target, &JsValue::from_str(key)).unwrap_or(false)
}

fn container() -> Option<ServiceWorkerContainer> {
    let w = window();
    (w.is_secure_context() && has(&w.navigator(), "serviceWorker"))
        .then(|| w.navigator().service_worker())
}

/// Registers `sw.js`; `on_update` runs when a new version has installed and waits for a reload.
/// Does nothing where service workers are unavailable (plain http, very old browsers).
pub fn register(on_update: impl Fn() + 'static) {
    let Some(sw) = container() else {
        return;
    };
    let on_update: Rc<dyn Fn()> = Rc::new(on_update);
    // After the page has loaded, so the worker's downloads never compete with the app's own.
    let w = window();
    let complete = w.document().is_some_and(|d| d.ready_state() == "complete");
    if !complete {
        let once = Rc::new(Cell::new(Some(on_update)));
        let on_load = Closure::<dyn Fn()>::new(move || {
            if let Some(f) = once.take() {
                register_now(sw.clone(), f);
            }
        });
        let _ = w.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
        on_load.forget();
        return;
    }
    register_now(sw, on_update);
}

fn register_now(sw: ServiceWorkerContainer, on_update: Rc<dyn Fn()>) {
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = JsFuture::from(sw.register("./sw.js")).await else {
            return;
        };
        let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        // A version that installed earlier and is still waiting (the page was not reloaded).
        if reg.waiting().is_some() && sw.controller().is_some() {
            on_update();
        }
        let watched = reg.clone();
        let found = Closure::<dyn Fn()>::new(move || {
            let Some(worker) = watched.installing() else {
                return;
            };
            let (w, on_update) = (worker.clone(), on_update.clone());
            let changed = Closure::<dyn Fn()>::new(move || {
                // With no controller this is the very first install, not an update.
                if w.state() == ServiceWorkerState::Installed
                    && container().and_then(|c| c.controller()).is_some()
                {
                    on_update();
                }
            });
            worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
            changed.forget();
        });
        reg.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
        // An installed app can stay open for days: look for a new version when it comes back.
        let doc = window().document();
        let check = Closure::<dyn Fn()>::new(move || {
            let visible = window()
                .document()
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                let _ = reg.update();
            }
        });
        if let Some(doc) = doc {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                check.as_ref().unchecked_ref(),
            );
        }
        check.forget();
    });
}

/// Lets the waiting version take over, then reloads the page into it.
pub fn apply_update() {
    let reload = || {
        let _ = window().location().reload();
    };
    let Some(sw) = container() else {
        reload();
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let waiting = JsFuture::from(sw.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        let Some(waiting) = waiting else {
            reload();
            return;
        };
        let done = Rc::new(Cell::new(false));
        let on_change = Closure::<dyn Fn()>::new(move || {
            if !done.replace(true) {
                let _ = window().location().reload();
            }
        });
        let _ = sw.add_event_listener_with_callback(
            "controllerchange",
            on_change.as_ref().unchecked_ref(),
        );
        on_change.forget();
        if waiting
            .post_message(&JsValue::from_str("skipWaiting"))
            .is_err()
        {
            reload();
        }
    });
}

/// The browser's install offer, kept by the boot script (`beforeinstallprompt` can fire before
/// the app has started).
fn install_prompt() -> Option<JsValue> {
    js_sys::Reflect::get(&window(), &JsValue::from_str("rapportInstallPrompt"))
        .ok()
        .filter(|v| v.is_object())
}

fn forget_install_prompt() {
    let w = window();
    let _ = js_sys::Reflect::delete_property::<JsValue>(
        w.unchecked_ref(),
        &JsValue::from_str("rapportInstallPrompt"),
    );
}

/// Whether the browser offers to install Rapport right now.
pub fn can_install() -> bool {
    install_prompt().is_some()
}

/// Calls `f` when the browser starts or stops offering the install (`true` = offered).
pub fn on_install_change(f: impl Fn(bool) + 'static) {
    let f = Rc::new(f);
    let w = window();
    let offered = {
        let f = f.clone();
        Closure::<dyn Fn()>::new(move || f(true))
    };
    let installed = Closure::<dyn Fn()>::new(move || {
        forget_install_prompt();
        f(false)
    });
    let _ =
        w.add_event_listener_with_callback("rapport-installable", offered.as_ref().unchecked_ref());
    let _ = w.add_event_listener_with_callback("appinstalled", installed.as_ref().unchecked_ref());
    offered.forget();
    installed.forget();
}

/// Shows the browser's install dialog (call from a tap). `true` when the owner accepted.
pub async fn install() -> bool {
    let Some(prompt) = install_prompt() else {
        return false;
    };
    // The offer can be used once.
    forget_install_prompt();
    let call = |name: &str| {
        js_sys::Reflect::get(&prompt, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let Some(show) = call("prompt") else {
        return false;
    };
    if let Ok(p) = show.call0(&prompt) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            let _ = JsFuture::from(p).await;
        }
    }
    let Ok(choice) = js_sys::Reflect::get(&prompt, &JsValue::from_str("userChoice")) else {
        return false;
    };
    let Ok(choice) = choice.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    JsFuture::from(choice)
        .await
        .ok()
        .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("outcome")).ok())
        .and_then(|o| o.as_string())
        .is_some_and(|o| o == "accepted")
}

/// Running as an installed app (home-screen icon), not in a browser tab.
pub fn is_installed() -> bool {
    let w = window();
    let standalone = w
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    // iOS Safari's own flag.
    let ios = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("standalone"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    standalone || ios
}

/// Safari on iPhone or iPad, which has no install offer: the owner uses Share → Add to Home Screen.
pub fn is_ios_safari() -> bool {
    let nav = window().navigator();
    let ua = nav.user_agent().unwrap_or_default();
    let ipad_as_mac = ua.contains("Macintosh") && nav.max_touch_points() > 1;
    let ios = ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") || ipad_as_mac;
    // Other browsers on iOS name themselves (Chrome CriOS, Firefox FxiOS, Edge EdgiOS).
    ios && ua.contains("Safari")
        && !["CriOS", "FxiOS", "EdgiOS", "OPiOS"]
            .iter()
            .any(|b| ua.contains(b))
}

/// Shows the page in `light`, `dark`, or the phone's colours (`system`), now and on the next start
/// (the boot script reads the same localStorage key before the app loads).
pub fn set_theme(code: &str) {
    let w = window();
    if let Some(root) = w.document().and_then(|d| d.document_element()) {
        let _ = match code {
            "light" | "dark" => root.set_attribute("data-theme", code),
            _ => root.remove_attribute("data-theme"),
        };
    }
    // The browser's bar colour (the two theme-color metas of index.html) follows the choice too.
    if let Some(metas) = w
        .document()
        .and_then(|d| d.query_selector_all("meta[name=theme-color]").ok())
    {
        for i in 0..metas.length() {
            let Some(meta) = metas
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let dark = match code {
                "light" => false,
                "dark" => true,
                _ => meta
                    .get_attribute("media")
                    .is_some_and(|m| m.contains("dark")),
            };
            let _ = meta.set_attribute("content", if dark { "#10201e" } else { "#0f766e" });
        }
    }
    if let Some(s) = w.local_storage().ok().flatten() {
        let _ = s.set_item("rapport.theme", code);
    }
}
