//! Pages loaded on first use: [`lazy_page!`] declares one, [`show`] draws it, [`preload_later`]
//! fetches every chunk in idle time.
//!
//! With the cargo feature `split` (release builds: `trunk build --release --features split`), a
//! lazy page's code goes into the wasm chunk its `lazy_page!` names (`.ci/split/post_build_split.mjs`
//! cuts the wasm), fetched the first time one of the chunk's pages opens. Without it (`trunk serve`,
//! the wasm tests) the same functions are plain `async fn`s, ready at once, all in the one wasm.
//!
//! A chunk that cannot load (offline before the service worker cached it, a deploy in between)
//! must never end the app (`panic = "abort"`): Leptos's `#[lazy]` panics on a failed load
//! (`.expect("load callback should succeed")` in its generated wrapper), so the pages use the
//! splitter's own attribute with its `fallible` option instead, which returns the failure as an
//! error. The page then shows a plain message with "Try again"; a failed load is not remembered
//! (neither by the Rust loader nor by `__wasm_split.js`), so the next try fetches again.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

/// A chunk could not be fetched or instantiated (the browser console has the details).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkFailed;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkFailed
    }
}

/// What a lazy page function returns: the page, or the failure to load its code.
pub type Loaded = Result<AnyView, ChunkFailed>;

/// Declares a page that loads on first use:
/// `lazy_page!(chunk, preload_fn, page_fn(arg: Type, …) => view! { … })`.
/// Pages naming the same `chunk` share one wasm chunk. `page_fn(…)` is async and returns
/// [`Loaded`]; `preload_fn()` fetches the chunk without drawing anything. A visibility may come
/// first (`lazy_page!(pub(crate) chunk, …)`) for a part declared beside its page whose preload
/// the idle list calls.
macro_rules! lazy_page {
    ($vis:vis $chunk:ident, $preload:ident, $name:ident($($arg:ident: $ty:ty),*) => $body:expr) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        $vis fn $name($($arg: $ty),*) -> $crate::ui::pages::lazy::Loaded {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> $crate::ui::pages::lazy::Loaded {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }
        #[cfg(not(feature = "split"))]
        $vis async fn $preload() -> Result<(), $crate::ui::pages::lazy::ChunkFailed> {
            Ok(())
        }
    };
}
pub(crate) use lazy_page;

/// Polls a future once, without waiting: a loaded chunk's page is ready at once.
fn poll_now<F: Future + ?Sized>(fut: Pin<&mut F>) -> Poll<F::Output> {
    fut.poll(&mut Context::from_waker(Waker::noop()))
}

/// A boxed future: one copy of the drawing code serves every lazy page.
type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

/// Draws a lazy page: at once when its chunk is loaded; else "Opening…" while it loads, then the
/// page; or, when the chunk cannot load, a message with "Try again".
pub fn show<P, PF, E, G, GF>(preload: P, page: G) -> AnyView
where
    P: Fn() -> PF + Send + 'static,
    PF: Future<Output = Result<(), E>> + 'static,
    G: Fn() -> GF + Send + 'static,
    GF: Future<Output = Loaded> + 'static,
{
    show_in(preload, page, None)
}

/// Draws a lazy part of a page (declared with [`lazy_page!`] like a page) in place: at once when
/// its chunk is loaded; else `placeholder` (the same size as the part, so nothing moves when it
/// arrives) while it loads; or, when the chunk cannot load, a one-line "could not open" with
/// "Try again" in its place, the rest of the page untouched.
pub fn show_part<P, PF, E, G, GF>(preload: P, part: G, placeholder: fn() -> AnyView) -> AnyView
where
    P: Fn() -> PF + Send + 'static,
    PF: Future<Output = Result<(), E>> + 'static,
    G: Fn() -> GF + Send + 'static,
    GF: Future<Output = Loaded> + 'static,
{
    show_in(preload, part, Some(placeholder))
}

/// Boxes the preload and the page for [`show_boxed`].
fn show_in<P, PF, E, G, GF>(preload: P, page: G, inline: Option<fn() -> AnyView>) -> AnyView
where
    P: Fn() -> PF + Send + 'static,
    PF: Future<Output = Result<(), E>> + 'static,
    G: Fn() -> GF + Send + 'static,
    GF: Future<Output = Loaded> + 'static,
{
    show_boxed(
        Box::new(move || {
            let load = preload();
            Box::pin(async move { load.await.is_ok() })
        }),
        Box::new(move || Box::pin(page())),
        inline,
    )
}

/// `inline`: the placeholder of a part ([`show_part`]); `None` for a whole page.
fn show_boxed(
    preload: Box<dyn Fn() -> Boxed<bool> + Send>,
    page: Box<dyn Fn() -> Boxed<Loaded> + Send>,
    inline: Option<fn() -> AnyView>,
) -> AnyView {
    let failed_view = move |retry| match inline {
        Some(_) => part_failed_view(retry),
        None => failed_view(retry),
    };
    // Bumped when a load has ended (so the page is drawn again) and by "Try again".
    let attempt = RwSignal::new(0u32);
    // The last load failed: shown until "Try again".
    let failed = RwSignal::new(false);
    let retry = move || {
        failed.set(false);
        attempt.update(|n| *n += 1);
    };
    let wait = move |load: Boxed<bool>| {
        leptos::task::spawn_local(async move {
            let ok = load.await;
            failed.set(!ok);
            attempt.update(|n| *n += 1);
        });
        inline.map_or_else(opening_view, |placeholder| placeholder())
    };
    (move || {
        attempt.track();
        if failed.get() {
            return failed_view(retry);
        }
        let mut load = preload();
        match poll_now(load.as_mut()) {
            Poll::Ready(true) => {}
            Poll::Ready(false) => return failed_view(retry),
            Poll::Pending => return wait(load),
        }
        // The chunk is in: the page function runs at once.
        let mut view = untrack(&page);
        match poll_now(view.as_mut()) {
            Poll::Ready(Ok(view)) => view,
            Poll::Ready(Err(ChunkFailed)) => failed_view(retry),
            Poll::Pending => wait(Box::pin(async move { view.await.is_ok() })),
        }
    })
    .into_any()
}

fn opening_view() -> AnyView {
    view! { <p class="loading" role="status">{tr!(common.page_opening)}</p> }.into_any()
}

/// A part that could not load: one line in its place, with "Try again".
fn part_failed_view(retry: impl Fn() + Send + 'static) -> AnyView {
    view! {
        <p class="field-hint warn pad lazy-part-failed" role="alert">
            {tr!(common.part_failed)}" "
            <button type="button" class="btn btn-link btn-small" on:click=move |_| retry()>
                {tr!(common.try_again)}
            </button>
        </p>
    }
    .into_any()
}

fn failed_view(retry: impl Fn() + 'static) -> AnyView {
    // Online and still failing: most likely a new version went online meanwhile and its chunks
    // have new names; reloading gets it. (Offline, a reload could not even show the app without
    // the service worker, so only Try again is offered.)
    let online = crate::platform::window().navigator().on_line();
    view! {
        <section class="notice notice-error lazy-failed" role="alert">
            <h2>{tr!(common.page_failed_title)}</h2>
            <p>{tr!(common.page_failed_text)}</p>
            <div class="case-actions">
                <button type="button" class="btn btn-primary" on:click=move |_| retry()>
                    {tr!(common.try_again)}
                </button>
                {online.then(|| view! {
                    <button type="button" class="btn btn-secondary" on:click=|_| {
                        let _ = crate::platform::window().location().reload();
                    }>{tr!(common.reload)}</button>
                })}
            </div>
        </section>
    }
    .into_any()
}

/// A chunk to fetch ahead: resolves to whether it loaded.
pub type Preload = Boxed<bool>;

/// Fetches the given chunks, one after another, once the browser is idle after the first screen,
/// so that the first tap on a lazy page needs no download. A chunk that fails is left for its
/// page to try again.
pub fn preload_later(chunks: Vec<Preload>) {
    if chunks.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        worker_ready().await;
        for chunk in chunks {
            idle().await;
            if !chunk.await {
                // Offline, or a deploy in between: each page tries again when opened.
                break;
            }
        }
    });
}

/// Waits (up to 10 s) for the service worker to be active: on a first visit it downloads every
/// chunk to precache it; fetching them after it means once, from its cache, instead of twice.
async fn worker_ready() {
    use wasm_bindgen::JsCast;
    let w = crate::platform::window();
    let has_worker = w.is_secure_context()
        && js_sys::Reflect::has(&w.navigator(), &"serviceWorker".into()).unwrap_or(false);
    let Some(ready) = has_worker
        .then(|| w.navigator().service_worker().ready().ok())
        .flatten()
    else {
        return;
    };
    let timeout = js_sys::Promise::new(&mut |resolve, _| {
        let _ = crate::platform::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10_000);
    });
    let both = js_sys::Array::of2(ready.unchecked_ref(), timeout.unchecked_ref());
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::race(&both)).await;
}

/// Resolves when the browser is idle (`requestIdleCallback`), or after 200 ms where it has no such
/// call (Safari).
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = crate::platform::window();
        let has_idle = js_sys::Reflect::has(&w, &"requestIdleCallback".into()).unwrap_or(false);
        if !has_idle || w.request_idle_callback(&resolve).is_err() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
