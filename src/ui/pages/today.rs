//! Today: the home page. For now: birthdays this week and a quick start; follow-ups,
//! who owes you and open complaints arrive with the Customer 360 work.

use leptos::prelude::*;

use crate::domain::customer::{upcoming_birthdays, Status};
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use super::Avatar;

#[component]
pub fn Today() -> impl IntoView {
    let app = use_app();
    let today = platform::today();
    let birthdays = Memo::new(move |_| {
        let list = app.active();
        upcoming_birthdays(&list, today, 7)
            .into_iter()
            .filter_map(|(i, days)| list.get(i).map(|c| (c.clone(), days)))
            .collect::<Vec<_>>()
    });
    let counts = Memo::new(move |_| {
        app.customers.with(|l| {
            let active: Vec<_> = l.iter().filter(|c| !c.is_deleted()).collect();
            (
                active.len(),
                active.iter().filter(|c| c.status == Status::Lead).count(),
            )
        })
    });
    let greeting = move || {
        let name = app.settings.with(|s| s.business_name.clone());
        if name.trim().is_empty() {
            "Good to see you".to_string()
        } else {
            name
        }
    };

    view! {
        <div class="today">
            <p class="today-date">{platform::format_date(platform::now())}</p>
            <h2 class="today-hello">{greeting}</h2>
            {move || (counts.get().0 == 0).then(|| view! {
                <section class="card card-accent">
                    <h3>"Welcome to Rapport"</h3>
                    <p>"Keep your customers, their birthdays and notes on this phone. It works without internet and nobody else sees your data."</p>
                    <a class="btn btn-primary" href=Route::NewCustomer { name: String::new() }.href()>"Add your first customer"</a>
                    <a class="btn btn-link" href=Route::Settings.href()>"Set your business name and country"</a>
                </section>
            })}
            <div class="stats">
                <a class="stat" href=Route::Customers.href()>
                    <span class="stat-num">{move || counts.get().0}</span>
                    <span class="stat-label">"Customers"</span>
                </a>
                <a class="stat" href=Route::Customers.href()>
                    <span class="stat-num">{move || counts.get().1}</span>
                    <span class="stat-label">"Leads"</span>
                </a>
            </div>
            <section class="card">
                <h3>{icons::cake()}"Birthdays this week"</h3>
                {move || {
                    let list = birthdays.get();
                    if list.is_empty() {
                        view! { <p class="muted">"No birthdays in the next 7 days. Add birthdays to your customers and they will show here."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="rows">
                                {list.into_iter().map(|(c, days)| {
                                    let when = match days { 0 => "Today".to_string(), 1 => "Tomorrow".to_string(), d => format!("In {d} days") };
                                    let turning = c.birthday.and_then(|b| b.turning(today)).map(|a| format!(" · turns {a}")).unwrap_or_default();
                                    view! {
                                        <li>
                                            <a class="row" href=Route::Customer(c.id.clone()).href()>
                                                <Avatar initials=c.initials() />
                                                <span class="row-main">
                                                    <span class="row-title">{c.display_name().to_string()}</span>
                                                    <span class="row-sub">{format!("{when}{turning}")}</span>
                                                </span>
                                                {icons::chevron()}
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
            <section class="card card-muted">
                <h3>"Coming soon"</h3>
                <p>"Follow-ups due today, customers who owe you money and open complaints will appear here, so your day starts with who to contact."</p>
            </section>
        </div>
    }
}
