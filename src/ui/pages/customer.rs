//! One customer: key facts, contact links, and (in later versions) the whole relationship timeline.

use leptos::prelude::*;

use crate::domain::customer::Customer;
use crate::domain::phone;
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use super::Avatar;

#[component]
pub fn CustomerDetail(id: String) -> impl IntoView {
    let app = use_app();
    let lookup = id.clone();
    let customer = Memo::new(move |_| {
        app.customers
            .with(|l| l.iter().find(|c| c.id == lookup).cloned())
    });
    move || match customer.get() {
        None => view! {
            <section class="empty">
                <h2>"Customer not found"</h2>
                <p>"They may have been deleted for good, or the link is wrong."</p>
                <a class="btn btn-primary" href=Route::Customers.href()>"Back to customers"</a>
            </section>
        }
        .into_any(),
        Some(c) => view! { <Detail c=c /> }.into_any(),
    }
}

#[component]
fn Detail(c: Customer) -> impl IntoView {
    let app = use_app();
    let country = app.settings.with_untracked(|s| s.country);
    let id = c.id.clone();
    let trashed = c.is_deleted();
    let name = c.display_name().to_string();
    let wa = c
        .phone_e164
        .as_deref()
        .map(|e| format!("https://wa.me/{}", phone::wa_digits(e)));
    let tel = c
        .phone_e164
        .clone()
        .or_else(|| (!c.phone.is_empty()).then(|| c.phone.clone()))
        .map(|p| format!("tel:{}", p.replace(' ', "")));
    let mail = (!c.email.is_empty()).then(|| format!("mailto:{}", c.email));
    let phone_note = (c.phone_e164.is_none() && !c.phone.is_empty()).then(|| {
        format!(
            "Kept as typed: this isn't recognised as a phone number from {}. Edit it and add + and the country code to enable WhatsApp.",
            country.name()
        )
    });

    let edit_href = Route::EditCustomer(id.clone()).href();
    let (trash_id, restore_id) = (id.clone(), id.clone());

    view! {
        <article class="detail">
            <div class="detail-head">
                <Avatar initials=c.initials() />
                <div>
                    <h2 class="detail-name">{name.clone()}</h2>
                    <span class=format!("badge badge-{}", c.status.code())>{c.status.label()}</span>
                </div>
            </div>
            {trashed.then(|| view! {
                <div class="notice notice-warn" role="status">
                    <p>"This customer is in the Trash."</p>
                    <button class="btn btn-primary" on:click=move |_| app.restore_customer(restore_id.clone(), true)>
                        {icons::restore()}"Restore"
                    </button>
                </div>
            })}
            <div class="actions" role="group" aria-label="Contact">
                {wa.map(|href| view! {
                    <a class="action" href=href target="_blank" rel="noopener" aria-label=format!("WhatsApp {name}")>
                        {icons::chat()}<span>"WhatsApp"</span>
                    </a>
                })}
                {tel.map(|href| view! {
                    <a class="action" href=href aria-label=format!("Call {}", c.display_name())>{icons::phone()}<span>"Call"</span></a>
                })}
                {mail.map(|href| view! {
                    <a class="action" href=href aria-label=format!("Email {}", c.display_name())>{icons::mail()}<span>"Email"</span></a>
                })}
            </div>
            <dl class="facts">
                <Fact label="Phone" value=c.display_phone() />
                {phone_note.map(|n| view! { <p class="field-hint warn">{n}</p> })}
                <Fact label="Email" value=c.email.clone() />
                <Fact label="Preferred channel" value=c.preferred_channel.map(|ch| ch.label().to_string()).unwrap_or_default() />
                <Fact label="Instagram" value=handle(&c.social.instagram) />
                <Fact label="Facebook" value=c.social.facebook.clone() />
                <Fact label="TikTok" value=handle(&c.social.tiktok) />
                <Fact label="Birthday" value=c.birthday.map(|b| b.display()).unwrap_or_default() />
                <Fact label="Marketing messages" value=(if c.marketing_consent { "Agreed to receive them" } else { "Not agreed" }).to_string() />
                <Fact label="Customer since" value=platform::format_date(c.created_at) />
            </dl>
            {(!c.tags.is_empty()).then(|| view! {
                <ul class="tags" aria-label="Tags">
                    {c.tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view()}
                </ul>
            })}
            {(!c.notes.is_empty()).then(|| view! {
                <section class="card">
                    <h3>"Notes"</h3>
                    <p class="notes">{c.notes.clone()}</p>
                </section>
            })}
            <section class="card card-muted">
                <h3>"History"</h3>
                <p>"Coming soon: calls, WhatsApp messages, purchases, what they owe and follow-ups will appear here as one timeline."</p>
            </section>
            {(!trashed).then(|| view! {
                <div class="bottom-actions">
                    <a class="btn btn-primary" href=edit_href>{icons::edit()}"Edit"</a>
                    <button class="btn btn-danger" on:click=move |_| {
                        app.trash_customer(trash_id.clone());
                        app.go(Route::Customers);
                    }>{icons::trash()}"Delete"</button>
                </div>
            })}
        </article>
    }
}

fn handle(h: &str) -> String {
    if h.is_empty() {
        String::new()
    } else {
        format!("@{h}")
    }
}

/// One labelled fact; nothing is shown when the value is empty.
#[component]
fn Fact(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| {
        view! {
            <div class="fact">
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}
