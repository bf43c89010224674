//! The customer list with instant search and status filters. The list is virtualised: only the
//! rows on screen (plus a few above and below) exist in the page, so 10,000 customers scroll
//! and filter as fast as 20.

use leptos::prelude::*;

use crate::domain::customer::{Customer, Status};
use crate::domain::search::{search, Query, SearchKey};
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

use super::Avatar;

/// The height of one row in CSS pixels (`.rows-virtual` in main.css uses the same).
const ROW_H: f64 = 72.0;
/// Rows drawn above and below the screen, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

#[component]
pub fn CustomerList() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Status>);
    // The window's scroll position and height: the visible rows are derived from them.
    let scroll = RwSignal::new(0u32);
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| scroll.update(|n| *n += 1));
    let on_resize = window_event_listener(leptos::ev::resize, move |_| scroll.update(|n| *n += 1));
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    let list_ref = NodeRef::<leptos::html::Ul>::new();

    // Search keys are rebuilt only when the customers change, not on every keystroke.
    let indexed = Memo::new(move |_| {
        let list = app.active();
        let keys: Vec<SearchKey> = AppState::keys(&list);
        (list, keys)
    });
    // Positions in `indexed`, best match first (no customer is copied per keystroke).
    let results = Memo::new(move |_| {
        let q = Query::parse(&query.get());
        let st = status.get();
        indexed.with(|(list, keys)| {
            search(list, keys, &q)
                .into_iter()
                .filter(|&i| st.is_none_or(|s| list[i].status == s))
                .collect::<Vec<usize>>()
        })
    });
    // The rows to draw: (position in the results, customer).
    let window = Memo::new(move |_| {
        scroll.track();
        let n = results.with(Vec::len);
        let (top, height) = list_ref
            .get()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                let h = crate::platform::window()
                    .inner_height()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(900.0);
                (r.top(), h)
            })
            .unwrap_or((0.0, 900.0));
        let first = ((-top / ROW_H).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
        let count = (height / ROW_H).ceil() as usize + 2 * OVERSCAN;
        let end = (first + count).min(n);
        let first = first.min(end);
        results.with(|r| {
            indexed.with(|(list, _)| {
                r[first..end]
                    .iter()
                    .enumerate()
                    .map(|(k, &i)| (first + k, list[i].clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || indexed.with(|(l, _)| l.len());

    view! {
        <div class="list-page">
            <div class="searchbar">
                <label class="search-field">
                    {icons::search()}
                    <input
                        type="search"
                        aria-label=tr!(customers.search)
                        placeholder=tr!(customers.search_ph)
                        autocomplete="off"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <div class="chips" role="group" aria-label=tr!(customers.filter)>
                    <FilterChip label=tr!(customers.all) value=None status=status />
                    <FilterChip label=tr!(customers.leads) value=Some(Status::Lead) status=status />
                    <FilterChip label=tr!(customers.customers) value=Some(Status::Customer) status=status />
                    <FilterChip label=tr!(customers.inactive) value=Some(Status::Inactive) status=status />
                </div>
            </div>
            {move || {
                if total() == 0 {
                    return view! {
                        <section class="empty">
                            <div class="empty-art" aria-hidden="true">{icons::people()}</div>
                            <h2>{tr!(customers.none_title)}</h2>
                            <p>{tr!(customers.none_text)}</p>
                            <a class="btn btn-primary" href=Route::NewCustomer { name: String::new() }.href()>{tr!(customers.add_first)}</a>
                        </section>
                    }.into_any();
                }
                let found = results.with(Vec::len);
                if found == 0 {
                    let q = query.get();
                    let add = Route::NewCustomer { name: if q.chars().any(|c| c.is_ascii_digit()) { String::new() } else { q.trim().to_string() } };
                    return view! {
                        <section class="empty">
                            <h2>{tr!(customers.no_match)}</h2>
                            <p>{if q.trim().is_empty() { tr!(customers.no_status).to_string() } else { tr!(customers.nobody_matches, q = q.trim()) }}</p>
                            <a class="btn btn-secondary" href=add.href()>{if q.trim().is_empty() { tr!(customers.add_a).to_string() } else { tr!(customers.add_q, q = q.trim()) }}</a>
                        </section>
                    }.into_any();
                }
                view! {
                    <p class="count" aria-live="polite">
                        {move || {
                            let n = results.with(Vec::len);
                            if n == total() { tr!(customers.count_n, n = n) } else { tr!(customers.count_of, n = n, total = total()) }
                        }}
                    </p>
                    <ul
                        class="rows rows-virtual"
                        aria-label=tr!(customers.customers)
                        node_ref=list_ref
                        style:height=move || format!("{}px", results.with(Vec::len) as f64 * ROW_H)
                    >
                        <For
                            each=move || window.get()
                            key=|(pos, c)| (*pos, c.id.clone(), c.updated_at)
                            let:item
                        >
                            <li
                                style:top=format!("{}px", item.0 as f64 * ROW_H)
                                aria-posinset=(item.0 + 1).to_string()
                                aria-setsize=move || results.with(Vec::len).to_string()
                            >
                                <CustomerRow c=item.1 />
                            </li>
                        </For>
                    </ul>
                }.into_any()
            }}
            <a class="fab" href=Route::NewCustomer { name: String::new() }.href() aria-label=tr!(customers.add)>
                {icons::plus()}
            </a>
        </div>
    }
}

#[component]
fn FilterChip(
    label: &'static str,
    value: Option<Status>,
    status: RwSignal<Option<Status>>,
) -> impl IntoView {
    view! {
        <button
            class="chip"
            class:chip-on=move || status.get() == value
            aria-pressed=move || if status.get() == value { "true" } else { "false" }
            on:click=move |_| status.set(value)
        >
            {label}
        </button>
    }
}

#[component]
pub fn CustomerRow(c: Customer) -> impl IntoView {
    let href = Route::Customer(c.id.clone()).href();
    let phone = c.display_phone();
    let tags = c.tags.clone();
    let status = c.status;
    view! {
            <a class="row" href=href>
                <Avatar initials=c.initials() />
                <span class="row-main">
                    <span class="row-title">{c.display_name().to_string()}</span>
                    <span class="row-sub">
                        {(!phone.is_empty()).then(|| view! { <span>{phone}</span> })}
                        {tags.into_iter().take(3).map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                    </span>
                </span>
                <span class=format!("badge badge-{}", status.code())>{crate::ui::labels::status(status)}</span>
            </a>
    }
}
