//! Leptos pages and components. State lives in [`state::AppState`]; no business rules here.

#[macro_use]
pub(crate) mod i18n;
mod icons;
pub(crate) mod labels;
pub(crate) mod messages;
mod pages;
mod pwa;
mod route;
mod shell;
mod state;
mod widgets;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use route::Route;
use state::{AppState, DbStatus};

/// Starts the app in `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    let splash = crate::platform::window()
        .document()
        .and_then(|d| d.get_element_by_id("splash"));
    let Some(splash) = splash else {
        leptos::mount::mount_to_body(App);
        return;
    };
    // (Not Leptos's spawn_local: its executor starts with the mount.)
    wasm_bindgen_futures::spawn_local(async move {
        // The splash (index.html) is drawn at least once, even where the wasm arrives before its
        // image is decoded (a fast connection): at most one frame's wait.
        // Waits until the browser reports the splash as painted (up to a second): a frame is
        // drawn only once the style sheets have arrived. A background tab does not wait.
        if let Some(img) = splash
            .query_selector("img")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlImageElement>().ok())
        {
            if crate::platform::page_visible() {
                let _ = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
                crate::platform::until_largest_paint(&img, 1000).await;
            }
        }
        leptos::mount::mount_to_body(App);
        // The app has drawn its shell: the splash goes.
        splash.remove();
    });
}

#[component]
fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    app.start();
    pwa::start();
    // After the first screen, the rarely used pages' code arrives in idle time.
    pages::preload_when_idle();
    // The app PIN's lock screen and idle timer, on a phone with a PIN.
    pages::start_lock(app);
    // Light, dark, or the phone's colours, as chosen in Settings.
    Effect::new(move |_| crate::platform::sw::set_theme(app.settings.with(|s| s.theme.code())));

    // Follow the address bar: back/forward buttons and links change the hash.
    let on_hash = Closure::<dyn Fn()>::new(move || {
        app.route.set(Route::parse(&crate::platform::hash()));
        crate::platform::scroll_to_top();
    });
    crate::platform::window().set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
    on_hash.forget();

    // The UI language: set before anything renders, and again (rendering the app anew) when the
    // owner picks another one in Settings.
    // "Automatic" follows the phone whatever settings say (e.g. after restoring another phone's backup).
    let language = Memo::new(move |_| {
        app.settings.with(|s| {
            if s.language_chosen {
                s.language
            } else {
                crate::domain::basics::locale::Language::from_tags(
                    crate::platform::languages().iter().map(String::as_str),
                )
            }
        })
    });
    i18n::set_lang(language.get_untracked());

    Effect::new(move |_| {
        language.track();
        let title = app.route.with(|r| r.title());
        if let Some(doc) = crate::platform::window().document() {
            doc.set_title(&format!("{title} · Rapport"));
        }
    });

    move || {
        i18n::set_lang(language.get());
        view! {
        <shell::Shell>
            {move || match app.status.get() {
                DbStatus::Opening => view! { <p class="loading" role="status">{tr!(common.opening)}</p> }.into_any(),
                DbStatus::Blocked => view! {
                    <div class="notice notice-warn" role="alert">
                        <h2>{tr!(common.blocked_title)}</h2>
                        <p>{tr!(common.blocked_text)}</p>
                    </div>
                }.into_any(),
                DbStatus::Outdated => view! {
                    <div class="notice notice-warn" role="alert">
                        <h2>{tr!(common.outdated_title)}</h2>
                        <p>{tr!(common.outdated_text)}</p>
                        <button class="btn btn-primary" on:click=|_| { let _ = crate::platform::window().location().reload(); }>{tr!(common.reload)}</button>
                    </div>
                }.into_any(),
                DbStatus::Failed(msg) => view! {
                    <div class="notice notice-error" role="alert">
                        <h2>{tr!(common.failed_title)}</h2>
                        <p>{msg}</p>
                    </div>
                }.into_any(),
                DbStatus::Ready => view! { <pages::Page /> <pages::SyncRunner /> }.into_any(),
            }}
        </shell::Shell>
        }
    }
}
