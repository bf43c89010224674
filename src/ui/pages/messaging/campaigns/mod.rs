//! Campaigns: the list here, the new-campaign form in `new`, one campaign in `page`.
//!
//! Pick an audience, a template and a channel; see who is reached and who is left out
//! (and why); then step through the recipients one at a time. "Send" opens the personalised
//! link; coming back to Rapport marks it sent (logging the contact, tagged with the campaign)
//! and moves to the next. Progress is saved after every step, so a campaign can be resumed.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::domain::insight::segment::{self, Segment};
use crate::domain::messaging::campaign::{self, Audience, Campaign, CampaignChannel, Exclusion};
use crate::domain::records::customer::Customer;
use crate::platform;
use crate::ui::i18n::number;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

use crate::ui::labels;

mod new;
mod page;

pub use new::*;
pub use page::*;

/// The ids of the customers in saved segment `segment_id` (none when it no longer exists), found
/// once with [`segment::members_with_rewards`] so that planning a campaign stays one pass over the
/// customers; `ready` holds the customers with a loyalty reward ready.
fn segment_members(
    segments: &[Segment],
    segment_id: &str,
    customers: &[Customer],
    ready: &HashSet<String>,
) -> HashSet<String> {
    segments
        .iter()
        .find(|s| s.id == segment_id && s.deleted_at.is_none())
        .map(|s| {
            segment::members_with_rewards(
                &s.filter,
                customers,
                platform::now(),
                platform::tz_offset(),
                ready,
            )
            .into_iter()
            .map(|c| c.id.clone())
            .collect()
        })
        .unwrap_or_default()
}

/// "1 customer", "3 customers".
fn customers(n: usize) -> String {
    crate::ui::i18n::plural(
        n as i64,
        tr!(campaigns.one_customer),
        tr!(campaigns.n_customers),
    )
}

/// Why a customer is left out, in words.
fn exclusion_reason(e: Exclusion) -> &'static str {
    match e {
        Exclusion::DoNotContact => tr!(campaigns.x_dnc),
        Exclusion::NoMarketingConsent => tr!(campaigns.x_consent),
        Exclusion::NoPhone => tr!(campaigns.x_phone),
        Exclusion::NoEmail => tr!(campaigns.x_email),
    }
}

/// Who a campaign is for, in words.
fn audience_text(a: &Audience) -> String {
    match a {
        Audience::All => tr!(campaigns.aud_all).into(),
        Audience::Tag(t) => tr!(campaigns.aud_tag, tag = t),
        Audience::Status(s) => tr!(campaigns.aud_status, status = labels::status(*s)),
        Audience::Segment(_) => tr!(campaigns.a_segment).into(),
    }
}

/// "2.60" with the current language's decimal comma.
fn ratio_text(s: String) -> String {
    if crate::ui::i18n::lang() == crate::domain::basics::locale::Language::En {
        s
    } else {
        s.replace('.', ",")
    }
}

fn name_of(app: AppState, id: &str) -> String {
    app.find(id)
        .map(|c| c.display_name().to_string())
        .unwrap_or_else(|| tr!(campaigns.deleted_customer).into())
}

/// "Send on WhatsApp", "Send by SMS", "Send by email".
fn send_label(ch: CampaignChannel) -> &'static str {
    match ch {
        CampaignChannel::WhatsApp => tr!(campaigns.send_whatsapp),
        CampaignChannel::Sms => tr!(campaigns.send_sms),
        CampaignChannel::Email => tr!(campaigns.send_email),
    }
}

#[component]
pub fn CampaignList() -> impl IntoView {
    let app = use_app();
    let docs = app.docs::<Campaign>();
    view! {
        <div class="campaigns">
            <section class="card card-accent">
                <h2>{icons::megaphone()}{tr!(campaigns.hero_title)}</h2>
                <p>{tr!(campaigns.hero_text)}</p>
                <p class="field-hint">{tr!(campaigns.consent_rule)}</p>
                <a class="btn btn-primary" href=Route::Campaign("new".into()).href()>{icons::plus()}{tr!(campaigns.new)}</a>
            </section>
            {move || match docs.get() {
                None => view! { <p class="loading">{tr!(campaigns.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(list)) => {
                    let mut list: Vec<Campaign> = list.into_iter().filter(|c| !c.is_deleted()).collect();
                    crate::domain::basics::sort::by_key(&mut list, |c| std::cmp::Reverse(c.created_at));
                    if list.is_empty() {
                        return view! { <p class="muted pad">{tr!(campaigns.none_yet)}</p> }.into_any();
                    }
                    view! {
                        <ul class="rows" aria-label=tr!(campaigns.list)>
                            {list.into_iter().map(|c| {
                                let p = c.progress();
                                let state = if c.is_finished() {
                                    tr!(campaigns.finished, sent = number(p.sent as i64), skipped = number(p.skipped as i64))
                                } else {
                                    tr!(campaigns.in_progress, done = number((p.sent + p.skipped) as i64), total = number(p.total() as i64), pending = number(p.pending as i64))
                                };
                                view! {
                                    <li>
                                        <a class="row" href=Route::Campaign(c.id.clone()).href()>
                                            <span class="row-icon">{icons::megaphone()}</span>
                                            <span class="row-main">
                                                <span class="row-title">{c.name.clone()}</span>
                                                <span class="row-sub">{format!("{} · {}", c.channel.label(), platform::format_date(c.created_at))}</span>
                                                <span class="row-sub">{state}</span>
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
            <p class="pad"><a class="btn btn-link" href=Route::Templates.href()>{tr!(campaigns.edit_templates_long)}</a></p>
        </div>
    }
}

/// Who is left out, and why.
#[component]
fn Excluded(list: Vec<campaign::Excluded>) -> impl IntoView {
    let app = use_app();
    if list.is_empty() {
        return view! { <p class="muted">{tr!(campaigns.nobody_left_out)}</p> }.into_any();
    }
    let n = list.len();
    view! {
        <details class="camp-excluded" open=n <= 5>
            <summary>{tr!(campaigns.left_out_n, who = customers(n))}</summary>
            <ul class="plain" aria-label=tr!(campaigns.left_out)>
                {list.into_iter().map(|e| view! {
                    <li class="camp-excl"><span class="camp-excl-name">{name_of(app, &e.customer_id)}</span>" — "<span class="muted">{exclusion_reason(e.reason)}</span></li>
                }).collect_view()}
            </ul>
        </details>
    }
    .into_any()
}
