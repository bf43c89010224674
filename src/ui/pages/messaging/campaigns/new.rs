//! The new-campaign form: audience, template, channel and cost, with who is reached and who is
//! left out.

use crate::domain::insight::segment::Segment;
use crate::domain::messaging::campaign::{plan, Audience, CampaignChannel, CampaignDraft};
use crate::domain::messaging::template;
use crate::domain::records::customer::{Customer, Status};
use crate::platform;
use crate::ui::labels;
use crate::ui::pages::messaging::preview_values;
use crate::ui::pages::messaging::templates::{purpose_label, purpose_rule};
use crate::ui::pages::records::contact::stored_templates;
use crate::ui::route::Route;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashSet;

use super::*;

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
    // "Has a reward ready" in a segment needs the loyalty balances (read once, kept current).
    let ready = crate::ui::pages::insight::segments::rewards_ready(app);
    let the_plan = Memo::new(move |_| {
        let aud = audience.get()?;
        let purpose = chosen.with(|t| t.as_ref().map(|t| t.purpose))?;
        let ch = channel.get();
        Some(app.customers.with(|l| {
            let members = match &aud {
                Audience::Segment(id) => {
                    ready.with(|r| segments.with(|s| segment_members(s, id, l, r)))
                }
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
                                let text = template::render(&t.body, &preview_values(app, &c), lang);
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
