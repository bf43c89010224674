//! Today's "Orders to deliver": the open orders due today (or late) and tomorrow, on the
//! phone's clock, each with its status buttons. Nothing shows when there are none.

use leptos::prelude::*;

use crate::domain::records::events::Purchase;
use crate::domain::records::orders::deliveries;
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use super::{all_orders, OrderRow};

#[component]
pub(super) fn Deliveries() -> impl IntoView {
    let app = use_app();
    let data = all_orders(app);
    // A clock that moves on, so "today" turns over while Today is open.
    let clock = RwSignal::new(platform::now());
    if let Ok(h) = set_interval_with_handle(
        move || clock.set(platform::now()),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || h.clear());
    }
    let moved = RwSignal::new(Vec::<String>::new());
    let lists = Memo::new(move |_| {
        let now = clock.get();
        data.get().and_then(Result::ok).map(|list| {
            let d = deliveries(&list, now, platform::tz_offset());
            let own = |v: Vec<&Purchase>| v.into_iter().cloned().collect::<Vec<_>>();
            (own(d.today), own(d.tomorrow))
        })
    });
    let group = move |title: &'static str, list: Vec<Purchase>| {
        (!list.is_empty()).then(|| {
            view! {
                <h4 class="today-sub">{title}</h4>
                <ul class="rows">
                    {list.into_iter().map(|p| view! { <OrderRow p=p moved=moved /> }).collect_view()}
                </ul>
            }
        })
    };
    move || {
        moved.track();
        let (today, tomorrow) = lists.get().unwrap_or_default();
        if today.is_empty() && tomorrow.is_empty() {
            return ().into_any();
        }
        view! {
            <section class="card today-orders" aria-labelledby="today-orders">
                <h3 id="today-orders">{icons::bag()}{tr!(orders.deliver)}</h3>
                {group(tr!(orders.today), today)}
                {group(tr!(orders.tomorrow), tomorrow)}
                <a class="btn btn-link today-see-all" href=Route::Orders.href()>{tr!(orders.see_all)}</a>
            </section>
        }
        .into_any()
    }
}
