//! Reports' "Best sellers" section: best sellers by revenue and by quantity, revenue by category
//! and slow movers, each against the period before (`domain::insight::sellers`). It uses the
//! purchases the key numbers already read (they cover the period and the one before) and reads
//! the product list itself.

use leptos::prelude::*;

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::insight::analytics::{change_percent, Period};
use crate::domain::insight::sellers::{sellers, CategoryKey, CategoryRow, SellerRow, Sellers};
use crate::domain::records::events::Purchase;
use crate::ui::i18n::{fmt_money, number};
use crate::ui::state::use_app;

/// Rows per ranked table.
const TOP: usize = 10;

/// The section, for `period`, from `purchases` covering it and the period before.
#[component]
pub fn BestSellers(purchases: Vec<Purchase>, period: Period) -> impl IntoView {
    let app = use_app();
    let products = LocalResource::new(move || {
        let _ = app.docs_version.get();
        async move {
            let s = app.store().map_err(|e| e.message())?;
            s.products().await.map_err(|e| e.message())
        }
    });
    let cur = app.settings.with_untracked(|s| s.currency);
    view! {
        <section class="card chart-card" aria-labelledby="best-sellers">
            <h2 id="best-sellers">{tr!(selling.best_sellers)}</h2>
            {move || match products.get() {
                None => view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(products)) => {
                    let s = app.customers.with_untracked(|customers| {
                        sellers(&products, customers, &purchases, period, TOP)
                    });
                    tables(s, cur).into_any()
                }
            }}
        </section>
    }
}

/// "+12%", "-5%" or "0%", with its class; nothing when there was nothing before.
fn change(now: i64, before: i64) -> impl IntoView {
    change_percent(now, before).map(|c| {
        let cls = if c > 0 {
            "up"
        } else if c < 0 {
            "down"
        } else {
            "flat"
        };
        view! { " " <span class=format!("kpi-change kpi-{cls}")>{format!("{}{c}%", if c > 0 { "+" } else { "" })}</span> }
    })
}

/// One figure with the period before's under it.
fn cell(now: String, before: String, now_n: i64, before_n: i64) -> impl IntoView {
    view! {
        <td class="num">
            <span class="money">{now}</span>
            <span class="kpi-before" style:display="block">{tr!(selling.before, b = before)}{change(now_n, before_n)}</span>
        </td>
    }
}

fn money_cell(now: Minor, before: Minor, cur: Currency) -> impl IntoView {
    cell(fmt_money(now, cur), fmt_money(before, cur), now, before)
}

fn qty_cell(now: i64, before: i64) -> impl IntoView {
    cell(number(now), number(before), now, before)
}

fn name_of(r: &SellerRow) -> String {
    if r.name.trim().is_empty() {
        tr!(selling.unnamed).to_string()
    } else {
        r.name.clone()
    }
}

fn category_name(k: &CategoryKey) -> String {
    match k {
        CategoryKey::Named(c) => c.clone(),
        CategoryKey::None => tr!(selling.no_category).to_string(),
        CategoryKey::Other => tr!(selling.other).to_string(),
    }
}

fn table(caption: &'static str, head: &'static str, rows: impl IntoView) -> impl IntoView {
    view! {
        <table class="table sellers-table" style:margin-bottom="1rem">
            <caption style:text-align="left" style:font-weight="700" style:padding=".25rem 0">{caption}</caption>
            <thead><tr><th scope="col">{tr!(selling.product)}</th><th scope="col" class="num">{head}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn tables(s: Sellers, cur: Currency) -> impl IntoView {
    if s.by_revenue.is_empty() && s.other[0].is_zero() && s.slow.is_empty() {
        return view! { <p class="muted">{tr!(selling.none_sold)}</p> }.into_any();
    }
    let other = s.other;
    let by_revenue = s
        .by_revenue
        .iter()
        .map(|r| view! { <tr><th scope="row">{name_of(r)}</th>{money_cell(r.now.revenue, r.before.revenue, cur)}</tr> })
        .collect_view();
    let other_row = (!other[0].is_zero() || !other[1].is_zero()).then(|| {
        view! { <tr class="other"><th scope="row">{tr!(selling.other)}</th>{money_cell(other[0].revenue, other[1].revenue, cur)}</tr> }
    });
    let by_quantity = s
        .by_quantity
        .iter()
        .map(|r| view! { <tr><th scope="row">{name_of(r)}</th>{qty_cell(r.now.quantity, r.before.quantity)}</tr> })
        .collect_view();
    let by_category = s
        .by_category
        .iter()
        .map(|r: &CategoryRow| view! { <tr><th scope="row">{category_name(&r.category)}</th>{money_cell(r.now, r.before, cur)}</tr> })
        .collect_view();
    let slow = s
        .slow
        .iter()
        .map(|r| view! { <tr><th scope="row">{name_of(r)}</th>{qty_cell(r.now.quantity, r.before.quantity)}</tr> })
        .collect_view();
    let no_slow = s.slow.is_empty();
    view! {
        {table(tr!(selling.by_revenue), tr!(reports.k_revenue), view! { {by_revenue}{other_row} })}
        {table(tr!(selling.by_quantity), tr!(selling.sold), by_quantity)}
        <table class="table sellers-table" style:margin-bottom="1rem">
            <caption style:text-align="left" style:font-weight="700" style:padding=".25rem 0">{tr!(selling.by_category)}</caption>
            <thead><tr><th scope="col">{tr!(selling.category)}</th><th scope="col" class="num">{tr!(reports.k_revenue)}</th></tr></thead>
            <tbody>{by_category}</tbody>
        </table>
        {if no_slow {
            view! { <h3>{tr!(selling.slow)}</h3><p class="muted">{tr!(selling.no_slow)}</p> }.into_any()
        } else {
            table(tr!(selling.slow), tr!(selling.sold), slow).into_any()
        }}
        <details class="help"><summary>{tr!(reports.how)}</summary><p>{tr!(selling.how)}</p></details>
    }
    .into_any()
}
