//! "Pick a product" in the purchase form: search the products on offer as you type (name or
//! category, accents and case ignored, best match first) and tap one to add it as a line with
//! quantity 1 and its price, both editable in the line. Free-text lines stay as they are.

use leptos::prelude::*;

use crate::domain::records::events::{amount_input, LineDraft, PurchaseDraft};
use crate::domain::records::product_search::Picker;
use crate::domain::records::products::Product;
use crate::domain::records::search::Query;
use crate::ui::i18n::fmt_money;
use crate::ui::state::use_app;

/// Results shown at once (the list is for picking, not browsing: type more to narrow it).
const SHOWN: usize = 30;

/// Adds `p` to the draft as a line: into the last line when that one is still blank, else as a
/// new line.
pub fn add_line(d: &mut PurchaseDraft, p: &Product, price: String) {
    let line = LineDraft {
        item: p.name.clone(),
        quantity: "1".into(),
        unit_price: price,
        product_id: Some(p.id.clone()),
    };
    match d.lines.last_mut() {
        Some(last)
            if last.item.trim().is_empty()
                && last.unit_price.trim().is_empty()
                && last.product_id.is_none() =>
        {
            *last = line
        }
        _ => d.lines.push(line),
    }
}

#[component]
pub fn ProductPicker(draft: RwSignal<PurchaseDraft>, open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let products = LocalResource::new(move || super::read_products(app));
    let query = RwSignal::new(String::new());
    view! {
        <div class="picker" role="group" aria-label=tr!(selling.pick_title)>
            // Styled here (the picker is lazy: its looks add nothing to the first load's style sheet).
            <div class="picker-head" style:display="flex" style:gap=".5rem" style:align-items="center" style:margin=".75rem 0 .25rem">
                <label class="search-field" style:flex="1" style:min-width="0">
                    {crate::ui::icons::search()}
                    <input type="search" class="picker-search" autocomplete="off" autofocus=true
                        aria-label=tr!(selling.search_products) placeholder=tr!(selling.search_products)
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>{tr!(selling.done)}</button>
            </div>
            {move || match products.get() {
                None => view! { <p class="loading">{tr!(common.opening)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="field-error" role="alert">{msg}</p> }.into_any(),
                Some(Ok(list)) => {
                    let picker = StoredValue::new_local(Picker::new(&list));
                    if picker.with_value(|p| p.is_empty()) {
                        return view! {
                            <p class="muted">{tr!(selling.no_products)}" "<a href="#/products">{tr!(selling.add_products)}</a></p>
                        }.into_any();
                    }
                    let list = StoredValue::new_local(list);
                    let hits = Memo::new(move |_| {
                        let q = Query::parse(&query.get());
                        picker.try_update_value(|p| p.search(&q)).unwrap_or_default()
                    });
                    view! {
                        <ul class="rows picker-list" aria-label=tr!(selling.products)>
                            {move || hits.with(|hits| hits.iter().take(SHOWN).map(|&i| {
                                let p = list.with_value(|l| l[i].clone());
                                let price = fmt_money(p.price, cur);
                                let label = format!("{} · {price}", p.name);
                                view! {
                                    <li><button type="button" class="row row-button picker-row" style:padding-left=".25rem" style:padding-right=".25rem" aria-label=tr!(selling.add_product, item = label.clone())
                                        on:click=move |_| {
                                            draft.update(|d| add_line(d, &p, amount_input(p.price, cur)));
                                            open.set(false);
                                        }>
                                        <span class="row-main">
                                            <span class="row-title">{p.name.clone()}</span>
                                            {(!p.category.is_empty()).then(|| view! { <span class="row-sub">{p.category.clone()}</span> })}
                                        </span>
                                        <span class="money">{price}</span>
                                    </button></li>
                                }
                            }).collect_view())}
                        </ul>
                        <p class="muted" role="status">{move || {
                            let n = hits.with(Vec::len);
                            if n == 0 { tr!(selling.no_match).to_string() } else if n > SHOWN { tr!(selling.more_shown, n = crate::ui::i18n::number(n), shown = SHOWN) } else { String::new() }
                        }}</p>
                    }.into_any()
                }
            }}
        </div>
    }
}
