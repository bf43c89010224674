//! The customer list with instant search and status filters.

use leptos::prelude::*;

use crate::domain::customer::{Customer, Status};
use crate::domain::search::{search, Query, SearchKey};
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

use super::Avatar;

/// How many rows are drawn at first; "Show more" adds this many again.
const PAGE: usize = 100;

#[component]
pub fn CustomerList() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Status>);
    let shown = RwSignal::new(PAGE);

    // Search keys are rebuilt only when the customers change, not on every keystroke.
    let indexed = Memo::new(move |_| {
        let list = app.active();
        let keys: Vec<SearchKey> = AppState::keys(&list);
        (list, keys)
    });
    let results = Memo::new(move |_| {
        let q = Query::parse(&query.get());
        let st = status.get();
        indexed.with(|(list, keys)| {
            search(list, keys, &q)
                .into_iter()
                .filter(|&i| st.is_none_or(|s| list[i].status == s))
                .map(|i| list[i].clone())
                .collect::<Vec<Customer>>()
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
                        aria-label="Search customers"
                        placeholder="Search name, phone, tag…"
                        autocomplete="off"
                        prop:value=move || query.get()
                        on:input=move |ev| { query.set(event_target_value(&ev)); shown.set(PAGE); }
                    />
                </label>
                <div class="chips" role="group" aria-label="Filter by status">
                    <FilterChip label="All" value=None status=status />
                    <FilterChip label="Leads" value=Some(Status::Lead) status=status />
                    <FilterChip label="Customers" value=Some(Status::Customer) status=status />
                    <FilterChip label="Inactive" value=Some(Status::Inactive) status=status />
                </div>
            </div>
            {move || {
                if total() == 0 {
                    return view! {
                        <section class="empty">
                            <div class="empty-art" aria-hidden="true">{icons::people()}</div>
                            <h2>"No customers yet"</h2>
                            <p>"Add your first one: a name or a phone number is enough. Everything stays on this phone."</p>
                            <a class="btn btn-primary" href=Route::NewCustomer { name: String::new() }.href()>"Add your first customer"</a>
                        </section>
                    }.into_any();
                }
                let found = results.with(Vec::len);
                if found == 0 {
                    let q = query.get();
                    let add = Route::NewCustomer { name: if q.chars().any(|c| c.is_ascii_digit()) { String::new() } else { q.trim().to_string() } };
                    return view! {
                        <section class="empty">
                            <h2>"No one matches"</h2>
                            <p>{if q.trim().is_empty() { "No customers with this status.".to_string() } else { format!("Nobody matches “{}”.", q.trim()) }}</p>
                            <a class="btn btn-secondary" href=add.href()>{if q.trim().is_empty() { "Add a customer".to_string() } else { format!("Add “{}”", q.trim()) }}</a>
                        </section>
                    }.into_any();
                }
                view! {
                    <p class="count" aria-live="polite">
                        {move || {
                            let n = results.with(Vec::len);
                            if n == total() { format!("{n} customers") } else { format!("{n} of {} customers", total()) }
                        }}
                    </p>
                    <ul class="rows" aria-label="Customers">
                        <For
                            each=move || results.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                            key=|c| (c.id.clone(), c.updated_at)
                            let:c
                        >
                            <CustomerRow c=c />
                        </For>
                    </ul>
                    <Show when=move || { results.with(Vec::len) > shown.get() }>
                        <button class="btn btn-secondary btn-block" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {move || format!("Show more ({} left)", results.with(Vec::len).saturating_sub(shown.get()))}
                        </button>
                    </Show>
                }.into_any()
            }}
            <a class="fab" href=Route::NewCustomer { name: String::new() }.href() aria-label="Add customer">
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
        <li>
            <a class="row" href=href>
                <Avatar initials=c.initials() />
                <span class="row-main">
                    <span class="row-title">{c.display_name().to_string()}</span>
                    <span class="row-sub">
                        {(!phone.is_empty()).then(|| view! { <span>{phone}</span> })}
                        {tags.into_iter().take(3).map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                    </span>
                </span>
                <span class=format!("badge badge-{}", status.code())>{status.label()}</span>
            </a>
        </li>
    }
}
