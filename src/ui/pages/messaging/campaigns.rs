//! Campaigns: pick an audience, a template and a channel; see who is reached and who is left out
//! (and why); then step through the recipients one at a time. "Send" opens the personalised
//! link; coming back to Rapport marks it sent (logging the contact, tagged with the campaign)
//! and moves to the next. Progress is saved after every step, so a campaign can be resumed.

use crate::ui::i18n::fmt_money;
use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::money::parse_amount;
use crate::domain::insight::segment::{self, Segment};
use crate::domain::messaging::campaign::{
    self, exclusion, plan, Audience, Campaign, CampaignChannel, CampaignDraft, Exclusion,
    SendState, RESULT_DAYS,
};
use crate::domain::messaging::template;
use crate::domain::records::customer::{Customer, Status};
use crate::domain::records::events::{amount_input, Event, Purchase};
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

use crate::ui::labels;
use crate::ui::messages::money_error;
use crate::ui::pages::messaging::templates::{purpose_label, purpose_rule};
use crate::ui::pages::records::contact::{stored_templates, values_for};

/// The ids of the customers in saved segment `segment_id` (none when it no longer exists), found
/// once with [`segment::members`] so that planning a campaign stays one pass over the customers.
fn segment_members(
    segments: &[Segment],
    segment_id: &str,
    customers: &[Customer],
) -> HashSet<String> {
    segments
        .iter()
        .find(|s| s.id == segment_id && s.deleted_at.is_none())
        .map(|s| {
            segment::members(&s.filter, customers, platform::now(), platform::tz_offset())
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
                                    tr!(campaigns.finished, sent = p.sent, skipped = p.skipped)
                                } else {
                                    tr!(campaigns.in_progress, done = p.sent + p.skipped, total = p.total(), pending = p.pending)
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

// ---------------------------------------------------------------------------------------------
// New campaign

#[component]
pub fn NewCampaign() -> impl IntoView {
    let app = use_app();
    let stored = stored_templates(app);
    let lang = app.settings.with_untracked(|s| s.language);
    let templates = Memo::new(move |_| template::effective(&stored.get(), lang));
    let template_id = RwSignal::new(String::new());
    let kind = RwSignal::new("all".to_string());
    let tag = RwSignal::new(String::new());
    let status = RwSignal::new(Status::Customer);
    let segment_id = RwSignal::new(String::new());
    let segments_res = app.docs::<Segment>();
    let segments = Signal::derive(move || {
        segments_res
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.deleted_at.is_none())
            .collect::<Vec<_>>()
    });
    let channel = RwSignal::new(CampaignChannel::WhatsApp);
    let name = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let saving = RwSignal::new(false);

    let tags = Memo::new(move |_| {
        let mut out: Vec<String> = Vec::new();
        app.customers.with(|l| {
            for t in l
                .iter()
                .filter(|c| !c.is_deleted())
                .flat_map(|c| c.tags.iter())
            {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
                    out.push(t.clone());
                }
            }
        });
        crate::domain::basics::sort::by_key(&mut out, |t| t.to_lowercase());
        out
    });
    let audience = Memo::new(move |_| match kind.get().as_str() {
        "tag" => {
            let t = tag.get();
            (!t.is_empty()).then_some(Audience::Tag(t))
        }
        "status" => Some(Audience::Status(status.get())),
        "segment" => {
            let id = segment_id.get();
            (!id.is_empty()).then_some(Audience::Segment(id))
        }
        _ => Some(Audience::All),
    });
    let chosen = Memo::new(move |_| {
        let id = template_id.get();
        templates.with(|l| l.iter().find(|t| t.id == id).cloned())
    });
    let the_plan = Memo::new(move |_| {
        let aud = audience.get()?;
        let purpose = chosen.with(|t| t.as_ref().map(|t| t.purpose))?;
        let ch = channel.get();
        Some(app.customers.with(|l| {
            let members = match &aud {
                Audience::Segment(id) => segments.with(|s| segment_members(s, id, l)),
                _ => HashSet::new(),
            };
            plan(l, &aud, purpose, ch, &|_, c: &Customer| {
                members.contains(&c.id)
            })
        }))
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let draft = CampaignDraft {
            name: name.get_untracked(),
            audience: audience.get_untracked(),
            template_id: template_id.get_untracked(),
            channel: channel.get_untracked(),
            cost: cost.get_untracked(),
        };
        let t = chosen.get_untracked();
        let p = the_plan.get_untracked().unwrap_or_default();
        let currency = app.settings.with_untracked(|s| s.currency);
        match draft.build(
            t.as_ref(),
            &p,
            currency,
            platform::new_id(),
            platform::now(),
        ) {
            Err(e) => {
                errors.set(
                    e.iter()
                        .map(crate::ui::messages::campaign_problem)
                        .collect(),
                );
                platform::focus("camp-errors");
            }
            Ok(c) => {
                errors.set(Vec::new());
                saving.set(true);
                spawn_local(async move {
                    match app.save_doc(&c).await {
                        Ok(()) => app.go(Route::Campaign(c.id.clone())),
                        Err(e) => {
                            saving.set(false);
                            app.error(e.message());
                        }
                    }
                });
            }
        }
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <div class="notice notice-error" id="camp-errors" tabindex="-1" role="alert" hidden=move || errors.with(Vec::is_empty)>
                <ul class="plain">{move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
            <div class="field">
                <label for="camp-template">{tr!(campaigns.template)}</label>
                <select id="camp-template" on:change=move |ev| template_id.set(event_target_value(&ev))>
                    <option value="">{tr!(campaigns.choose_template)}</option>
                    {move || templates.get().into_iter().map(|t| {
                        let id = t.id.clone();
                        view! { <option value=t.id.clone() selected=move || template_id.get() == id>{format!("{} ({})", t.name, purpose_label(t.purpose).to_lowercase())}</option> }
                    }).collect_view()}
                </select>
                <a class="btn btn-link btn-small" href=Route::Templates.href()>{tr!(campaigns.edit_templates)}</a>
            </div>
            <div class="field">
                <label for="camp-audience">{tr!(campaigns.who)}</label>
                <select id="camp-audience" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="all" selected=move || kind.get() == "all">{tr!(campaigns.a_all)}</option>
                    <option value="tag" selected=move || kind.get() == "tag">{tr!(campaigns.a_tag)}</option>
                    <option value="status" selected=move || kind.get() == "status">{tr!(campaigns.a_status)}</option>
                    <option value="segment" selected=move || kind.get() == "segment">{tr!(campaigns.a_segment)}</option>
                </select>
            </div>
            <Show when=move || kind.get() == "tag">
                <div class="field">
                    <label for="camp-tag">{tr!(campaigns.tag)}</label>
                    {move || {
                        let list = tags.get();
                        if list.is_empty() {
                            return view! { <p class="field-hint">{tr!(campaigns.no_tags)}</p> }.into_any();
                        }
                        view! {
                            <select id="camp-tag" on:change=move |ev| tag.set(event_target_value(&ev))>
                                <option value="">{tr!(campaigns.choose_tag_opt)}</option>
                                {list.into_iter().map(|t| {
                                    let v = t.clone();
                                    view! { <option value=t.clone() selected=move || tag.get() == v>{t.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any()
                    }}
                </div>
            </Show>
            <Show when=move || kind.get() == "segment">
                <div class="field">
                    <label for="camp-segment">{tr!(campaigns.segment)}</label>
                    {move || {
                        let list = segments.get();
                        if list.is_empty() {
                            return view! { <p class="field-hint">{tr!(campaigns.no_segments)}</p> }.into_any();
                        }
                        view! {
                            <select id="camp-segment" on:change=move |ev| segment_id.set(event_target_value(&ev))>
                                <option value="">{tr!(campaigns.choose_segment_opt)}</option>
                                {list.into_iter().map(|sg| {
                                    let v = sg.id.clone();
                                    view! { <option value=sg.id.clone() selected=move || segment_id.get() == v>{sg.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any()
                    }}
                </div>
            </Show>
            <Show when=move || kind.get() == "status">
                <div class="field">
                    <label for="camp-status">{tr!(campaigns.status)}</label>
                    <select id="camp-status" on:change=move |ev| {
                        if let Some(s) = Status::from_code(&event_target_value(&ev)) { status.set(s) }
                    }>
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=move || status.get() == s>{labels::status(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <fieldset class="field">
                <legend>{tr!(campaigns.send_by)}</legend>
                <div class="segmented">
                    {CampaignChannel::ALL.into_iter().map(|ch| view! {
                        <label class="seg">
                            <input type="radio" name="channel" value=ch.code()
                                prop:checked=move || channel.get() == ch
                                on:change=move |_| channel.set(ch) />
                            <span>{ch.label()}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>

            <section class="card camp-plan" aria-labelledby="camp-plan-title" aria-live="polite">
                <h2 id="camp-plan-title">{tr!(campaigns.who_gets_it)}</h2>
                {move || match (chosen.get(), the_plan.get()) {
                    (None, _) => view! { <p class="muted">{tr!(campaigns.choose_template_first)}</p> }.into_any(),
                    (Some(_), None) => view! { <p class="muted">{move || if kind.get() == "segment" { tr!(campaigns.choose_segment) } else { tr!(campaigns.choose_tag) }}</p> }.into_any(),
                    (Some(t), Some(p)) => {
                        let reach = p.recipients.len();
                        let first = p.recipients.first().and_then(|id| app.find(id));
                        view! {
                            <p class="camp-reach"><strong>{tr!(campaigns.will_reach, who = customers(reach))}</strong></p>
                            <p class="field-hint">{tr!(campaigns.is_a, name = t.name, purpose = purpose_label(t.purpose).to_lowercase(), rule = purpose_rule(t.purpose))}</p>
                            {first.map(|c| {
                                let text = template::render(&t.body, &values_for(app, &c), lang);
                                view! {
                                    <p class="field-hint">{tr!(campaigns.what_gets, name = c.display_name())}</p>
                                    <p class="bubble" role="note" aria-label=tr!(campaigns.msg_preview)>{text}</p>
                                }
                            })}
                            <Excluded list=p.excluded.clone() />
                        }.into_any()
                    }
                }}
            </section>

            <details class="more-fields">
                <summary>{tr!(campaigns.name_cost)}</summary>
                <div class="field">
                    <label for="camp-name">{tr!(campaigns.camp_name)}</label>
                    <input id="camp-name" type="text" autocomplete="off" maxlength="80"
                        placeholder=move || chosen.with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default())
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="camp-cost">{tr!(campaigns.what_cost)}</label>
                    <input id="camp-cost" type="text" inputmode="decimal" autocomplete="off" aria-describedby="camp-cost-hint"
                        prop:value=move || cost.get() on:input=move |ev| cost.set(event_target_value(&ev)) />
                    <p class="field-hint" id="camp-cost-hint">{tr!(campaigns.cost_hint)}</p>
                </div>
            </details>

            <div class="form-actions">
                <a class="btn btn-secondary" href=Route::Campaigns.href()>{tr!(campaigns.cancel)}</a>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { tr!(campaigns.starting) } else { tr!(campaigns.start) }}
                </button>
            </div>
        </form>
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

// ---------------------------------------------------------------------------------------------
// One campaign: the assistant and the results

/// Records a send (with its interaction, in one transaction) or a skip, and moves on.
async fn record(app: AppState, mut c: Campaign, customer_id: String, state: SendState) {
    let now = platform::now();
    let result = match state {
        SendState::Sent => {
            let i = c.interaction(platform::new_id(), &customer_id, now);
            c.mark(&customer_id, SendState::Sent, Some(i.id.clone()), now);
            app.save_events_and_doc(vec![(Event::Interaction(i), None)], &c)
                .await
        }
        _ => {
            c.mark(&customer_id, state, None, now);
            app.save_doc(&c).await
        }
    };
    match result {
        Ok(()) if state == SendState::Sent => app.notify(
            tr!(campaigns.sent_to, name = name_of(app, &customer_id)),
            None,
        ),
        Ok(()) => {}
        Err(e) => app.error(e.message()),
    }
}

#[component]
pub fn CampaignPage(id: String) -> impl IntoView {
    let app = use_app();
    let docs = app.docs::<Campaign>();
    let purchases = LocalResource::new(move || {
        let _ = app.events_version.get();
        async move {
            let store = app.store().map_err(|e| e.message())?;
            let events = store
                .all_events("purchases")
                .await
                .map_err(|e| e.message())?;
            Ok::<Vec<Purchase>, String>(
                events
                    .into_iter()
                    .filter_map(|e| match e {
                        Event::Purchase(p) => Some(p),
                        _ => None,
                    })
                    .collect(),
            )
        }
    });
    let campaign = Memo::new(move |_| {
        docs.get()
            .map(|r| r.map(|l| l.into_iter().find(|c| c.id == id && !c.is_deleted())))
    });
    // The recipient whose message was opened, and whether the owner left Rapport since.
    let awaiting = RwSignal::new(None::<String>);
    let left = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let step = move |customer_id: String, state: SendState| {
        let Some(Ok(Some(c))) = campaign.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        awaiting.set(None);
        left.set(false);
        spawn_local(async move {
            record(app, c, customer_id, state).await;
            busy.set(false);
        });
    };
    // Coming back from WhatsApp (the page shows again, or the window gets focus back) marks
    // the opened message as sent.
    let came_back = move || {
        if left.get_untracked() {
            if let Some(cid) = awaiting.get_untracked() {
                step(cid, SendState::Sent);
            }
        }
    };
    let went_away = move || {
        if awaiting.with_untracked(Option::is_some) {
            left.set(true);
        }
    };
    let h1 = window_event_listener(leptos::ev::blur, move |_| went_away());
    let h2 = window_event_listener(leptos::ev::focus, move |_| came_back());
    let h3 = window_event_listener_untyped("visibilitychange", move |_| {
        let hidden = platform::window()
            .document()
            .map(|d| d.hidden())
            .unwrap_or(false);
        if hidden {
            went_away()
        } else {
            came_back()
        }
    });
    on_cleanup(move || {
        h1.remove();
        h2.remove();
        h3.remove();
    });

    move || {
        match campaign.get() {
        None => view! { <p class="loading">{tr!(campaigns.loading)}</p> }.into_any(),
        Some(Err(msg)) => {
            view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any()
        }
        Some(Ok(None)) => view! {
            <section class="empty">
                <h2>{tr!(campaigns.not_found)}</h2>
                <p>{tr!(campaigns.maybe_deleted)}</p>
                <a class="btn btn-primary" href=Route::Campaigns.href()>{tr!(campaigns.back_to_list)}</a>
            </section>
        }
        .into_any(),
        Some(Ok(Some(c))) => {
            let p = c.progress();
            let done = p.sent + p.skipped;
            let head = format!(
                "{} · {} · {}",
                audience_text(&c.audience),
                c.channel.label(),
                c.template_name
            );
            view! {
                <div class="campaign">
                    <section class="pad">
                        <h2 class="detail-name">{c.name.clone()}</h2>
                        <p class="muted">{head}" "<span class=format!("badge badge-{}", c.purpose.code())>{purpose_label(c.purpose)}</span></p>
                        <div class="progress" role="progressbar" aria-label=tr!(campaigns.progress)
                            aria-valuemin="0" aria-valuemax=p.total() aria-valuenow=done>
                            <span style:width=format!("{}%", if p.total() == 0 { 100 } else { done * 100 / p.total() })></span>
                        </div>
                        <p class="camp-count">{tr!(campaigns.count, done = done, total = p.total(), sent = p.sent, skipped = p.skipped)}</p>
                    </section>
                    <Assistant c=c.clone() awaiting=awaiting left=left busy=busy step=Callback::new(move |(cid, s)| step(cid, s)) />
                    <ResultsCard c=c.clone() purchases=purchases />
                    <details class="details-card">
                        <summary>{tr!(campaigns.recipients_n, n = c.recipients.len())}</summary>
                        <ul class="plain camp-recipients" aria-label=tr!(campaigns.recipients)>
                            {c.recipients.iter().map(|r| {
                                let state = match (r.state, r.at) {
                                    (SendState::Sent, Some(at)) => tr!(campaigns.sent_at, when = platform::format_datetime(at)),
                                    (SendState::Skipped, _) => tr!(campaigns.skipped).to_string(),
                                    (SendState::Sent, None) => tr!(campaigns.sent).to_string(),
                                    (SendState::Pending, _) => tr!(campaigns.waiting).to_string(),
                                };
                                view! { <li class="camp-excl"><span class="camp-excl-name">{name_of(app, &r.customer_id)}</span>" — "<span class="muted">{state}</span></li> }
                            }).collect_view()}
                        </ul>
                    </details>
                    <div class="pad"><Excluded list=c.excluded.clone() /></div>
                    <DeleteCampaign c=c />
                </div>
            }
            .into_any()
        }
    }
    }
}

/// The next recipient: their message, "Send", and "Skip".
#[component]
fn Assistant(
    c: Campaign,
    awaiting: RwSignal<Option<String>>,
    left: RwSignal<bool>,
    busy: RwSignal<bool>,
    step: Callback<(String, SendState)>,
) -> impl IntoView {
    let app = use_app();
    let lang = app.settings.with_untracked(|s| s.language);
    let Some(next) = c.next_pending().cloned() else {
        return view! {
            <section class="card card-accent" aria-labelledby="camp-next">
                <h3 id="camp-next">{icons::check()}{tr!(campaigns.all_done)}</h3>
                <p>{tr!(campaigns.all_done_text)}</p>
            </section>
        }
        .into_any();
    };
    let p = c.progress();
    let position = p.sent + p.skipped + 1;
    let cid = next.customer_id.clone();
    let skip_id = cid.clone();
    let customer = app.find(&cid).filter(|x| !x.is_deleted());
    let problem = match &customer {
        None => Some(tr!(campaigns.customer_deleted).to_string()),
        Some(x) => exclusion(x, c.purpose, c.channel).map(|e| {
            tr!(
                campaigns.cant_send,
                reason = exclusion_reason(e).to_lowercase()
            )
        }),
    };
    let name = name_of(app, &cid);
    let send = customer.filter(|_| problem.is_none()).and_then(|x| {
        let text = c.message(&values_for(app, &x), lang);
        c.link(&x, &text).map(|href| (text, href))
    });
    let label = send_label(c.channel);
    let external = c.channel == CampaignChannel::WhatsApp;
    let sent_id = cid.clone();
    view! {
        <section class="card camp-next" aria-labelledby="camp-next">
            <p class="muted camp-pos">{tr!(campaigns.position, n = position, total = p.total())}</p>
            <h3 id="camp-next">{tr!(campaigns.next, name = name)}</h3>
            {match (send, problem) {
                (Some((text, href)), _) => {
                    let open_id = cid.clone();
                    view! {
                        <p class="bubble" role="note" aria-label=tr!(campaigns.msg_preview)>{text}</p>
                        <a class="btn btn-primary btn-block" href=href
                            target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")
                            aria-label=tr!(campaigns.send_to, label = label, name = name)
                            on:click=move |_| { awaiting.set(Some(open_id.clone())); left.set(false); }>
                            {icons::chat()}{label}
                        </a>
                        <Show when=move || awaiting.get().is_some()>
                            <p class="field-hint">{tr!(campaigns.come_back)}</p>
                            <button type="button" class="btn btn-secondary btn-block" disabled=move || busy.get()
                                on:click={let id = sent_id.clone(); move |_| step.run((id.clone(), SendState::Sent))}>
                                {icons::check()}{tr!(campaigns.sent_next)}
                            </button>
                        </Show>
                    }.into_any()
                }
                (None, Some(problem)) => view! { <p class="field-hint warn">{problem}</p> }.into_any(),
                (None, None) => view! { <p class="field-hint warn">{tr!(campaigns.no_address)}</p> }.into_any(),
            }}
            <button type="button" class="btn btn-secondary btn-block" disabled=move || busy.get()
                aria-label=tr!(campaigns.skip_x, name = name_of(app, &skip_id))
                on:click={let id = skip_id.clone(); move |_| step.run((id.clone(), SendState::Skipped))}>
                {tr!(campaigns.skip)}
            </button>
        </section>
    }
    .into_any()
}

/// Sent, skipped, who bought within 14 days after, and the revenue per unit of cost.
#[component]
fn ResultsCard(
    c: Campaign,
    purchases: LocalResource<Result<Vec<Purchase>, String>>,
) -> impl IntoView {
    let app = use_app();
    let currency = app.settings.with_untracked(|s| s.currency);
    let cost_text = RwSignal::new(
        c.cost
            .map(|v| amount_input(v, currency))
            .unwrap_or_default(),
    );
    let cost_error = RwSignal::new(None::<String>);
    let campaign = StoredValue::new(c);
    let save_cost = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = cost_text.get_untracked();
        let cost = match text.trim() {
            "" => None,
            s => match parse_amount(s, currency) {
                Ok(v) if v >= 0 => Some(v),
                Ok(_) => {
                    cost_error.set(Some(tr!(campaigns.cost_negative).into()));
                    return;
                }
                Err(e) => {
                    cost_error.set(Some(money_error(&e).into()));
                    return;
                }
            },
        };
        cost_error.set(None);
        let mut c = campaign.get_value();
        c.cost = cost;
        let now = platform::now();
        c.updated_at = now.max(c.updated_at + 1);
        spawn_local(async move {
            match app.save_doc(&c).await {
                Ok(()) => app.notify(tr!(campaigns.cost_saved), None),
                Err(e) => app.error(e.message()),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="camp-results">
            <h3 id="camp-results">{icons::chart()}{tr!(campaigns.results)}</h3>
            {move || match purchases.get() {
                None => view! { <p class="muted">{tr!(campaigns.counting)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p role="alert">{tr!(campaigns.cant_read, msg = msg)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let r = campaign.with_value(|c| campaign::results(c, &list, RESULT_DAYS));
                    let ratio = campaign::revenue_per_cost_text(r.revenue, r.cost).map(ratio_text).unwrap_or_else(|| "—".into());
                    let rows = [
                        (tr!(campaigns.r_sent), r.progress.sent.to_string()),
                        (tr!(campaigns.r_skipped), r.progress.skipped.to_string()),
                        (tr!(campaigns.r_bought), r.buyers.to_string()),
                        (tr!(campaigns.r_purchases), fmt_money(r.revenue, currency)),
                        (tr!(campaigns.r_cost), r.cost.map(|v| fmt_money(v, currency)).unwrap_or_else(|| tr!(campaigns.r_not_recorded).into())),
                        (tr!(campaigns.r_per_cost), ratio),
                    ];
                    view! {
                        <dl class="facts camp-facts">
                            {rows.into_iter().map(|(k, v)| view! { <div class="fact"><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                        </dl>
                        <p class="field-hint">{tr!(campaigns.r_hint)}</p>
                    }.into_any()
                }
            }}
            <form class="inline-form" on:submit=save_cost novalidate>
                <label for="camp-cost-edit">{tr!(campaigns.what_cost)}</label>
                <input id="camp-cost-edit" type="text" inputmode="decimal" autocomplete="off"
                    aria-invalid=move || cost_error.with(Option::is_some).then_some("true")
                    prop:value=move || cost_text.get() on:input=move |ev| cost_text.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn-secondary btn-small">{tr!(campaigns.save_cost)}</button>
                <p class="field-error" role="alert">{move || cost_error.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn DeleteCampaign(c: Campaign) -> impl IntoView {
    let app = use_app();
    let c = StoredValue::new(c);
    let delete = move |_| {
        let c = c.get_value();
        let message = tr!(campaigns.deleted, name = c.name);
        app.trash_doc(c, message, Route::Campaigns);
    };
    view! {
        <div class="pad">
            <p class="field-hint">{tr!(campaigns.consent_rule)}</p>
            <button type="button" class="btn btn-danger" on:click=delete>{tr!(campaigns.delete)}</button>
        </div>
    }
}
