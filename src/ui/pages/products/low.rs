//! Today's "Low stock" card: the live products whose stock now is at or below their low-stock
//! level, lowest first (nothing when none is).

use leptos::prelude::*;

use crate::domain::records::events::Purchase;
use crate::domain::records::products::low_stock;
use crate::ui::route::Route;
use crate::ui::state::use_app;

#[component]
pub fn LowStock() -> impl IntoView {
    super::style();
    let app = use_app();
    let data = super::catalog(app);
    move || {
        let Some(Ok(c)) = data.get() else {
            return ().into_any();
        };
        // The levels are already computed: the rule only needs no more purchases.
        let no_purchases: [Purchase; 0] = [];
        let mut products = c.products.clone();
        for p in &mut products {
            if let (Some(s), Some(n)) = (p.stock.as_mut(), c.stock.get(&p.id)) {
                s.count = *n;
            }
        }
        let low = low_stock(&products, &no_purchases);
        if low.is_empty() {
            return ().into_any();
        }
        view! {
            <section class="card today-low" aria-labelledby="today-low">
                <h3 id="today-low">{crate::ui::icons::bag()}{tr!(products.low_title)}</h3>
                <ul class="rows" aria-labelledby="today-low">
                    {low.into_iter().map(|l| view! {
                        <li>
                            <a class="row" href=Route::Product(l.product.id.clone()).href()>
                                <span class="row-main">
                                    <span class="row-title">{l.product.name.clone()}</span>
                                </span>
                                <span class="badge badge-low">{tr!(products.low_left, n = l.stock)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}
