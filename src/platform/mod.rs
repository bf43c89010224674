//! Thin wrappers over browser APIs: clock, randomness, language, location hash.

pub mod channel;
pub mod crypto;
pub mod files;
pub mod http;
pub mod notify;
pub mod storage;
pub mod sw;

use chrono::NaiveDate;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::basics::{id, time::Millis};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("Rapport runs in a browser window")
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// Today's date in the phone's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// Cryptographically random bytes (the browser's `crypto.getRandomValues`).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    let ok = window()
        .crypto()
        .ok()
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf).ok())
        .is_some();
    if !ok {
        // Very old browsers: fall back on Math.random (ids only need to be unique, not secret).
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// A new stable record id.
pub fn new_id() -> String {
    id::make(now(), random_bytes())
}

/// The browser's preferred languages, e.g. `["id-ID", "en-US"]`.
pub fn languages() -> Vec<String> {
    let nav = window().navigator();
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// The part of the address after `#`.
pub fn hash() -> String {
    window().location().hash().unwrap_or_default()
}

pub fn set_hash(h: &str) {
    let _ = window().location().set_hash(h);
}

/// Moves keyboard focus to the element with this id (after a page change, for screen readers).
pub fn focus(id: &str) {
    if let Some(el) = window()
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Resolves after the browser has drawn the next frame (or after 50 ms where frames are not
/// drawn, as in a hidden tab): lets what was just put on screen show before long work.
pub async fn next_task() {
    after_paint(50).await;
}

/// Resolves after the next frame was drawn, or after `max_ms` if none is drawn by then.
pub async fn after_paint(max_ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        let after_frame = wasm_bindgen::closure::Closure::once_into_js({
            let resolve = resolve.clone();
            move || {
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    0,
                );
            }
        });
        let _ = w.request_animation_frame(after_frame.unchecked_ref());
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, max_ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the browser reports `el` as the largest thing painted so far (a
/// `largest-contentful-paint` entry for it), or after `max_ms`; at once where the browser has no
/// such reports.
pub async fn until_largest_paint(el: &web_sys::Element, max_ms: i32) {
    use js_sys::{Array, Function, Object, Reflect};
    let target: JsValue = el.clone().into();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, max_ms);
        let Ok(ctor) = Reflect::get(&w, &"PerformanceObserver".into()) else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let Ok(ctor) = ctor.dyn_into::<Function>() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let (done, target) = (resolve.clone(), target.clone());
        let on_entries = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue, JsValue)>::new(
            move |list: JsValue, observer: JsValue| {
                let entries = Reflect::get(&list, &"getEntries".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<Function>().ok())
                    .and_then(|f| f.call0(&list).ok())
                    .map(|v| Array::from(&v))
                    .unwrap_or_default();
                let found = entries.iter().any(|e| {
                    Reflect::get(&e, &"element".into()).is_ok_and(|x| Object::is(&x, &target))
                });
                if found {
                    let _ = done.call0(&JsValue::UNDEFINED);
                    if let Ok(f) = Reflect::get(&observer, &"disconnect".into())
                        .and_then(|f| f.dyn_into::<Function>())
                    {
                        let _ = f.call0(&observer);
                    }
                }
            },
        );
        let observer = Reflect::construct(&ctor, &Array::of1(on_entries.as_ref()));
        on_entries.forget();
        let Ok(observer) = observer else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let init = Object::new();
        let _ = Reflect::set(&init, &"type".into(), &"largest-contentful-paint".into());
        let _ = Reflect::set(&init, &"buffered".into(), &JsValue::TRUE);
        let observed = Reflect::get(&observer, &"observe".into())
            .and_then(|f| f.dyn_into::<Function>())
            .and_then(|f| f.call1(&observer, &init));
        if observed.is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether the page is on screen (not a background tab).
pub fn page_visible() -> bool {
    window()
        .document()
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

pub fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

thread_local! {
    /// The BCP 47 tag dates are written in (see [`set_locale`]).
    static DATE_LOCALE: std::cell::Cell<&'static str> = const { std::cell::Cell::new("en-GB") };
}

/// Sets or removes an attribute of `<html>` (for the style sheet).
pub fn set_root_flag(name: &str, on: bool) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = if on {
            root.set_attribute(name, "")
        } else {
            root.remove_attribute(name)
        };
    }
}

/// Writes dates in `lang` from now on (English as in Britain, Spanish as in Spain, Indonesian)
/// and sets `<html lang>` so screen readers use the right voice.
pub fn set_locale(lang: crate::domain::basics::locale::Language) {
    use crate::domain::basics::locale::Language;
    let tag = match lang {
        Language::En => "en-GB",
        Language::Es => "es-ES",
        Language::Id => "id-ID",
    };
    DATE_LOCALE.with(|c| c.set(tag));
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

fn date_locale() -> &'static str {
    DATE_LOCALE.with(std::cell::Cell::get)
}

/// A date as people read it, in the phone's time zone and the app language: "22 Nov 2026",
/// "22 nov 2026", "22 Nov 2026".
pub fn format_date(ms: Millis) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let opts = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
    };
    set("day", "numeric");
    set("month", "short");
    set("year", "numeric");
    d.to_locale_date_string(date_locale(), &opts).into()
}

/// The phone's time-zone offset in minutes, as JavaScript's `getTimezoneOffset()`
/// (local = UTC − offset; Jakarta is −420).
pub fn tz_offset() -> i32 {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now() as f64)).get_timezone_offset() as i32
}

/// Date and time as people read it, in the phone's time zone and the app language:
/// "22 Nov, 14:05", "22 nov, 14:05", "22 Nov, 14.05".
pub fn format_datetime(ms: Millis) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let opts = js_sys::Object::new();
    for (k, v) in [
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
    }
    if d.get_full_year() != js_sys::Date::new_0().get_full_year() {
        let _ = js_sys::Reflect::set(&opts, &"year".into(), &"numeric".into());
    }
    d.to_locale_string(date_locale(), &opts).into()
}

/// Calls `f` each time `el` scrolls into view (IntersectionObserver); does nothing where the
/// browser lacks it (the page keeps a button for the same action).
pub fn on_visible(el: &web_sys::Element, f: impl Fn() + 'static) {
    let cb = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .map(|e| e.is_intersecting())
                    .unwrap_or(false)
            });
            if visible {
                f();
            }
        },
    );
    if let Ok(obs) = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(el);
    }
    cb.forget();
}
