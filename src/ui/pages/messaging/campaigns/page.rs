//! One campaign: the sending assistant, the results and deleting it.

use crate::domain::basics::money::parse_amount;
use crate::domain::messaging::campaign::{
    self, exclusion, Campaign, CampaignChannel, SendState, RESULT_DAYS,
};
use crate::domain::records::events::{amount_input, Event, Purchase};
use crate::platform;
use crate::ui::i18n::{fmt_money, number};
use crate::ui::icons;
use crate::ui::messages::money_error;
use crate::ui::pages::messaging::preview_values;
use crate::ui::pages::messaging::templates::purpose_label;
use crate::ui::pages::records::contact::values_for;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::*;

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
                        <p class="camp-count">{tr!(campaigns.count, done = number(done as i64), total = number(p.total() as i64), sent = number(p.sent as i64), skipped = number(p.skipped as i64))}</p>
                    </section>
                    <Assistant c=c.clone() awaiting=awaiting left=left busy=busy step=Callback::new(move |(cid, s)| step(cid, s)) />
                    <ResultsCard c=c.clone() purchases=purchases />
                    <details class="details-card">
                        <summary>{tr!(campaigns.recipients_n, n = number(c.recipients.len() as i64))}</summary>
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
    // The link carries the message with its amounts (it goes to that customer); staff view's
    // preview shows "Hidden" for them.
    let send = customer.filter(|_| problem.is_none()).and_then(|x| {
        let text = c.message(&values_for(app, &x), lang);
        let preview = c.message(&preview_values(app, &x), lang);
        c.link(&x, &text).map(|href| (preview, href))
    });
    let label = send_label(c.channel);
    let external = c.channel == CampaignChannel::WhatsApp;
    let sent_id = cid.clone();
    view! {
        <section class="card camp-next" aria-labelledby="camp-next">
            <p class="muted camp-pos">{tr!(campaigns.position, n = number(position as i64), total = number(p.total() as i64))}</p>
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
