//! The customer list with instant search, status filters and its order (most recently active
//! first, A–Z, owes most; remembered on this phone). The list is virtualised: only the rows on
//! screen (plus a few above and below) exist in the page, so 10,000 customers scroll and filter
//! as fast as 20.

use leptos::prelude::*;

use crate::domain::records::customer::{Customer, Status};
use crate::domain::records::search::{keys_reusing, Query, SearchIndex, SearchKey};
use crate::store::{sort_customers, CustomerOrder};
use crate::ui::i18n::{number, plural};
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use crate::ui::pages::Avatar;

/// The height of one row in CSS pixels (`.rows-virtual` in main.css uses the same).
const ROW_H: f64 = 72.0;
/// Rows drawn above and below the screen, so fast scrolling shows no gaps.
const OVERSCAN: usize = 3;

#[component]
pub fn CustomerList() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Status>);
    // Where the list is on screen (its top, the screen's height), measured when the page
    // scrolls or resizes and when the list appears — never while typing, so a keystroke costs
    // one layout, not two. The visible rows are derived from it.
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    let view_box = RwSignal::new((0.0f64, 900.0f64));
    let measure = move || {
        if let Some(el) = list_ref.get_untracked() {
            let h = crate::platform::window()
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(900.0);
            let top = el.get_bounding_client_rect().top();
            if view_box.get_untracked() != (top, h) {
                view_box.set((top, h));
            }
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    Effect::new(move |_| {
        if list_ref.get().is_some() {
            measure();
        }
    });

    // Search keys are rebuilt only when the customers change, not on every keystroke, and only
    // for the customers that changed.
    // The third field counts the rebuilds, so the search below knows when the keys changed.
    // The list is in the chosen order (`store::sort_customers`, the order the first screen was
    // read in through the store's index), so a saved customer or event moves its customer.
    let indexed = Memo::new(move |prev: Option<&(Vec<Customer>, Vec<SearchKey>, u64)>| {
        let mut list = app.active();
        sort_customers(&mut list, app.order.get());
        let keys = keys_reusing(&list, prev.map(|(l, k, _)| (l.as_slice(), k.as_slice())));
        (list, keys, prev.map_or(0, |p| p.2 + 1))
    });
    // The last query's hits, so that one more letter only re-checks those (see `SearchIndex`),
    // and the rebuild of the keys they belong to.
    let index = StoredValue::new((u64::MAX, SearchIndex::default()));
    // Positions in `indexed`, best match first (no customer is copied per keystroke).
    let results = Memo::new(move |_| {
        let q = Query::parse(&query.get());
        let st = status.get();
        indexed.with(|(list, keys, built)| {
            let hits = index
                .try_update_value(|(for_build, ix)| {
                    if *for_build != *built {
                        ix.reset();
                        *for_build = *built;
                    }
                    ix.search(keys, &q)
                })
                .unwrap_or_default();
            hits.into_iter()
                .filter(|&i| st.is_none_or(|s| list[i].status == s))
                .collect::<Vec<usize>>()
        })
    });
    // The rows to draw: (position in the results, customer).
    let window = Memo::new(move |_| {
        let n = results.with(Vec::len);
        let (top, height) = view_box.get();
        let first = ((-top / ROW_H).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
        let count = (height / ROW_H).ceil() as usize + 2 * OVERSCAN;
        let end = (first + count).min(n);
        let first = first.min(end);
        results.with(|r| {
            indexed.with(|(list, _, _)| {
                r[first..end]
                    .iter()
                    .enumerate()
                    .map(|(k, &i)| (first + k, list[i].clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || indexed.with(|(l, _, _)| l.len());
    // What the page shows: changes rarely, so typing does not rebuild the list.
    let shown = Memo::new(move |_| {
        if total() == 0 {
            if app.loaded.get() {
                Shown::NoCustomers
            } else {
                Shown::Loading
            }
        } else if results.with(Vec::is_empty) {
            Shown::NoMatch
        } else {
            Shown::List
        }
    });

    view! {
        <div class="list-page" data-loaded=move || app.loaded.get().to_string()>
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
                <div class="chips" role="group" aria-label=tr!(customers.sort_by)>
                    {CustomerOrder::ALL.into_iter().map(|o| view! { <OrderChip order=o /> }).collect_view()}
                </div>
                <div class="chips" role="group" aria-label=tr!(customers.filter)>
                    <FilterChip label=tr!(customers.all) value=None status=status />
                    <FilterChip label=tr!(customers.leads) value=Some(Status::Lead) status=status />
                    <FilterChip label=tr!(customers.customers) value=Some(Status::Customer) status=status />
                    <FilterChip label=tr!(customers.inactive) value=Some(Status::Inactive) status=status />
                </div>
            </div>
            {move || match shown.get() {
                Shown::Loading => view! { <p class="loading" role="status">{tr!(customers.loading_first)}</p> }.into_any(),
                Shown::NoCustomers => view! {
                    <section class="empty">
                        <div class="empty-art" aria-hidden="true">{icons::people()}</div>
                        <h2>{tr!(customers.none_title)}</h2>
                        <p>{tr!(customers.none_text)}</p>
                        <a class="btn btn-primary" href=Route::NewCustomer { name: String::new() }.href()>{tr!(customers.add_first)}</a>
                    </section>
                }.into_any(),
                Shown::NoMatch => {
                    let typed = move || query.with(|q| q.trim().to_string());
                    let add = move || {
                        let q = typed();
                        Route::NewCustomer { name: if q.chars().any(|c| c.is_ascii_digit()) { String::new() } else { q } }.href()
                    };
                    view! {
                        <section class="empty">
                            <h2>{tr!(customers.no_match)}</h2>
                            <p>{move || { let q = typed(); if q.is_empty() { tr!(customers.no_status).to_string() } else { tr!(customers.nobody_matches, q = q) } }}</p>
                            <a class="btn btn-secondary" href=add>{move || { let q = typed(); if q.is_empty() { tr!(customers.add_a).to_string() } else { tr!(customers.add_q, q = q) } }}</a>
                        </section>
                    }.into_any()
                }
                Shown::List => view! {
                    <p class="count" aria-live="polite">
                        {move || {
                            let n = results.with(Vec::len);
                            if !app.loaded.get() { tr!(customers.loading_all).to_string() }
                            else if n == total() { plural(n as i64, tr!(customers.count_one), tr!(customers.count_n)) }
                            else { tr!(customers.count_of, n = number(n as i64), total = number(total() as i64)) }
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

#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// The first screen showed before every customer was read, and none of them was active.
    Loading,
    NoCustomers,
    NoMatch,
    List,
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

/// One choice of the list's order (a segmented control: the chosen one is pressed).
#[component]
fn OrderChip(order: CustomerOrder) -> impl IntoView {
    let app = use_app();
    let label = match order {
        CustomerOrder::Recent => tr!(customers.order_recent),
        CustomerOrder::Name => tr!(customers.order_name),
        CustomerOrder::Owes => tr!(customers.order_owes),
    };
    view! {
        <button
            // Staff view hides ordering by what is owed (`.owed` in the style sheet).
            class=if order == CustomerOrder::Owes { "chip owed" } else { "chip" }
            class:chip-on=move || app.order.get() == order
            aria-pressed=move || if app.order.get() == order { "true" } else { "false" }
            on:click=move |_| app.set_order(order)
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
