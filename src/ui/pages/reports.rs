//! Reports: simple counts for now; revenue, retention and RFM charts come with the analytics work.

use leptos::prelude::*;

use crate::domain::customer::Status;
use crate::ui::state::use_app;

#[component]
pub fn Reports() -> impl IntoView {
    let app = use_app();
    let stats = Memo::new(move |_| {
        app.customers.with(|l| {
            let active: Vec<_> = l.iter().filter(|c| !c.is_deleted()).collect();
            let by_status: Vec<(Status, usize)> = Status::ALL
                .into_iter()
                .map(|s| (s, active.iter().filter(|c| c.status == s).count()))
                .collect();
            let mut tags: Vec<(String, usize)> = Vec::new();
            for c in &active {
                for t in &c.tags {
                    match tags
                        .iter_mut()
                        .find(|(x, _)| x.to_lowercase() == t.to_lowercase())
                    {
                        Some((_, n)) => *n += 1,
                        None => tags.push((t.clone(), 1)),
                    }
                }
            }
            tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            tags.truncate(10);
            let consent = active.iter().filter(|c| c.marketing_consent).count();
            (active.len(), by_status, tags, consent)
        })
    });

    view! {
        <div class="reports">
            <section class="card">
                <h2>"Customers by status"</h2>
                <table class="table">
                    <caption class="sr-only">"Number of customers in each status"</caption>
                    <thead><tr><th scope="col">"Status"</th><th scope="col" class="num">"Customers"</th></tr></thead>
                    <tbody>
                        {move || stats.get().1.into_iter().map(|(s, n)| view! {
                            <tr><th scope="row">{s.label()}</th><td class="num">{n}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th scope="row">"Total"</th><td class="num">{move || stats.get().0}</td></tr></tfoot>
                </table>
            </section>
            <section class="card">
                <h2>"Most used tags"</h2>
                {move || {
                    let tags = stats.get().2;
                    if tags.is_empty() {
                        view! { <p class="muted">"No tags yet. Tags like “VIP” or “wholesale” help you group customers."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="sr-only">"Customers per tag"</caption>
                                <thead><tr><th scope="col">"Tag"</th><th scope="col" class="num">"Customers"</th></tr></thead>
                                <tbody>
                                    {tags.into_iter().map(|(t, n)| view! { <tr><th scope="row">{t}</th><td class="num">{n}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }}
            </section>
            <section class="card">
                <h2>"Marketing consent"</h2>
                <p>{move || { let (total, _, _, c) = stats.get(); format!("{c} of {total} customers agreed to receive offers.") }}</p>
            </section>
            <section class="card card-muted">
                <h2>"Coming soon"</h2>
                <p>"Revenue by month, retention, repeat customers, average order and the customers you are about to lose, as charts you can read at a glance."</p>
            </section>
        </div>
    }
}
