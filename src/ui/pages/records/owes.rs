//! Who owes me: every customer with money still open, largest amount first, with a reminder
//! (the "Payment reminder" template, on WhatsApp or else SMS, logged as a contact) and a
//! shortcut to record the payment.

use crate::ui::i18n::fmt_money;
use leptos::prelude::*;

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::basics::time::Millis;
use crate::domain::messaging::template::Starter;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::local_date;
use crate::domain::records::ledger::{who_owes, Owing};
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::figure;

use crate::ui::pages::records::contact::{starter_text, stored_templates, MessageLink};
use crate::ui::pages::Avatar;

/// Active customers who owe money, sorted by [`who_owes`] (largest amount, then oldest debt).
pub fn owing_customers(app: AppState) -> Vec<(Customer, Owing)> {
    app.customers.with(|list| {
        let rows = who_owes(
            list.iter()
                .filter(|c| !c.is_deleted())
                .map(|c| c.summary.owing(&c.id)),
        );
        rows.into_iter()
            .filter_map(|o| {
                list.iter()
                    .find(|c| c.id == o.customer_id)
                    .map(|c| (c.clone(), o))
            })
            .collect()
    })
}

/// The sum of what is owed (saturating: real amounts are far from the limits).
pub fn total_owed(rows: &[(Customer, Owing)]) -> Minor {
    rows.iter()
        .fold(0 as Minor, |sum, (_, o)| sum.saturating_add(o.balance))
}

/// "owing for 23 days", from the local date of the oldest unpaid purchase.
pub fn owing_age(oldest_unpaid_at: Option<Millis>, now: Millis, tz_offset: i32) -> Option<String> {
    let since = oldest_unpaid_at?;
    let days = (local_date(now, tz_offset) - local_date(since, tz_offset))
        .num_days()
        .max(0);
    Some(match days {
        0 => tr!(owes.since_today).to_string(),
        d => crate::ui::i18n::plural(d, tr!(owes.for_one_day), tr!(owes.for_n_days)),
    })
}

fn by_customers(n: usize) -> String {
    crate::ui::i18n::plural(n, tr!(owes.by_one), tr!(owes.by_n))
}

#[component]
pub fn Owes() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| owing_customers(app));
    let currency = move || app.settings.with(|s| s.currency);
    let stored = stored_templates(app);

    move || {
        let list = rows.get();
        if list.is_empty() {
            return view! {
                <section class="empty">
                    <h2>{tr!(owes.nobody)}</h2>
                    <p>{tr!(owes.nobody_text)}</p>
                    <a class="btn btn-secondary" href=Route::Today.href()>{tr!(owes.back_today)}</a>
                </section>
            }
            .into_any();
        }
        let cur = currency();
        let total = total_owed(&list);
        let templates = stored.get();
        let (now, tz) = (platform::now(), platform::tz_offset());
        view! {
            <div class="owes">
                <section class="owes-total" aria-labelledby="owes-total-label">
                    <p id="owes-total-label" class="owes-total-label">{tr!(owes.owed_to_you)}</p>
                    <p class="owes-total-amount">{figure(fmt_money(total, cur))}</p>
                    <p class="muted owes-total-sub">{by_customers(list.len())}</p>
                </section>
                <ul class="rows owes-list" aria-label=tr!(owes.list)>
                    {list
                        .into_iter()
                        .map(|(c, o)| {
                            let text = starter_text(app, &templates, Starter::PaymentReminder, &c);
                            view! { <OweRow c=c owing=o currency=cur text=text now=now tz=tz /> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}

#[component]
fn OweRow(
    c: Customer,
    owing: Owing,
    currency: Currency,
    /// The payment reminder, filled in for this customer.
    text: String,
    now: Millis,
    tz: i32,
) -> impl IntoView {
    let name = c.display_name().to_string();
    let amount = fmt_money(owing.balance, currency);
    let age = owing_age(owing.oldest_unpaid_at, now, tz);
    let pay = Route::NewEvent {
        customer: c.id.clone(),
        what: "payments".into(),
        preset: String::new(),
    }
    .href();
    view! {
        <li class="owe">
            <a class="row owe-main" href=Route::Customer(c.id.clone()).href()>
                <Avatar initials=c.initials() />
                <span class="row-main">
                    <span class="row-title">{name.clone()}</span>
                    {age.map(|a| view! { <span class="row-sub">{a}</span> })}
                </span>
                <span class="owe-amount">{figure(amount)}</span>
            </a>
            <div class="owe-actions">
                <MessageLink c=c.clone() text=text label=tr!(owes.remind) verb=tr!(owes.remind) summary=tr!(owes.reminder) />
                <a class="btn btn-secondary btn-small" href=pay aria-label=tr!(owes.record_payment_from, name = name)>
                    {tr!(owes.record_payment)}
                </a>
            </div>
        </li>
    }
}
