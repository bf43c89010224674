//! Deals board: one stage at a time (tabs, so it works on a phone), a deal moves with its menu,
//! and winning one can record its purchase in the same step.

use crate::ui::i18n::fmt_money;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::records::events::Event;
use crate::domain::records::pipeline::{by_stage, Deal, Stage, StageNames};
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

use crate::ui::pages::records::events::{deal_batch, WinPurchase};

/// A stage's default name in the current language.
pub fn default_stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::New => tr!(pipeline.st_new),
        Stage::Contacted => tr!(pipeline.st_contacted),
        Stage::OfferSent => tr!(pipeline.st_offer_sent),
        Stage::Won => tr!(pipeline.st_won),
        Stage::Lost => tr!(pipeline.st_lost),
    }
}

/// The owner's name for a stage, or its default name in the current language.
pub fn stage_name(names: &StageNames, stage: Stage) -> String {
    names
        .custom(stage)
        .map_or_else(|| default_stage_name(stage).to_string(), str::to_string)
}

/// Saves a deal moved to `stage` (with the purchase `win` asks for when it is won).
fn move_deal(app: AppState, deal: Deal, stage: Stage, win: WinPurchase) {
    spawn_local(async move {
        let now = platform::now();
        let expected = deal.updated_at;
        let mut d = deal;
        d.move_to(stage, now);
        let batch = deal_batch(d, Some(expected), win, now);
        let recorded = batch.len() > 1;
        let label = app
            .settings
            .with_untracked(|s| stage_name(&s.stage_names, stage));
        match app.save_events(batch).await {
            Ok(()) if recorded => app.notify(tr!(pipeline.moved_saved, stage = label), None),
            Ok(()) => app.notify(tr!(pipeline.moved, stage = label), None),
            Err(e) => app.error(e.message()),
        }
    });
}

#[component]
pub fn Pipeline() -> impl IntoView {
    let app = use_app();
    let deals = LocalResource::new(move || {
        let _ = app.events_version.get();
        async move {
            let store = app.store().map_err(|e| e.message())?;
            let list = store.all_events("deals").await.map_err(|e| e.message())?;
            Ok::<Vec<Deal>, String>(
                list.into_iter()
                    .filter_map(|e| match e {
                        Event::Deal(d) if d.deleted_at.is_none() => Some(d),
                        _ => None,
                    })
                    .collect(),
            )
        }
    });
    let stage = RwSignal::new(Stage::New);
    // A deal being won: asks whether to record the purchase.
    let winning = RwSignal::new(None::<Deal>);
    let cur = move || app.settings.with(|s| s.currency);
    let names = move || app.settings.with(|s| s.stage_names.clone());

    view! {
        <div class="pipeline">
            {move || match deals.get() {
                None => view! { <p class="loading">{tr!(pipeline.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(list)) => {
                    let totals = by_stage(&list);
                    let names = names();
                    let open_value: i64 = totals.iter().filter(|t| t.stage.is_open()).map(|t| t.value).sum();
                    // Staff view: the deals' worth stays hidden until the PIN is entered.
                    let worth = if app.amounts_visible.get() {
                        view! { <p class="muted">{tr!(pipeline.open_worth, amount = fmt_money(open_value, cur()))}</p> }.into_any()
                    } else {
                        // (Its margin as `.pipeline > .muted`'s, here: the style sheets are all in the first load.)
                        view! { <div style:margin=".5rem 1rem">{crate::ui::widgets::amounts_hidden(tr!(lock.amounts_hidden))}</div> }.into_any()
                    };
                    view! {
                        {worth}
                        <div class="stage-tabs" role="tablist" aria-label=tr!(pipeline.stages)>
                            {totals.iter().map(|t| {
                                let st = t.stage;
                                let label = format!("{} ({})", stage_name(&names, st), t.deals);
                                view! {
                                    <button role="tab" type="button" class="stage-tab"
                                        id=format!("tab-{}", st.code())
                                        aria-selected=move || if stage.get() == st { "true" } else { "false" }
                                        aria-controls="stage-panel"
                                        on:click=move |_| { stage.set(st); winning.set(None); }>{label}</button>
                                }
                            }).collect_view()}
                        </div>
                        <StagePanel list=list totals_value=totals.iter().map(|t| (t.stage, t.deals, t.value)).collect() stage=stage winning=winning />
                    }.into_any()
                }
            }}
            <p class="muted">{tr!(pipeline.how_to_add)}</p>
            <a class="btn btn-secondary btn-block" href=Route::Customers.href()>{tr!(pipeline.choose_customer)}</a>
            <RenameStages />
        </div>
    }
}

#[component]
fn StagePanel(
    list: Vec<Deal>,
    totals_value: Vec<(Stage, u32, i64)>,
    stage: RwSignal<Stage>,
    winning: RwSignal<Option<Deal>>,
) -> impl IntoView {
    let app = use_app();
    let list = StoredValue::new(list);
    move || {
        let st = stage.get();
        let cur = app.settings.with(|s| s.currency);
        // Staff view: "Hidden" stands for every amount until the PIN is entered.
        let shown = app.amounts_visible.get();
        let money = move |v: i64| {
            if shown {
                fmt_money(v, cur)
            } else {
                tr!(lock.hidden).to_string()
            }
        };
        let names = app.settings.with(|s| s.stage_names.clone());
        let (count, value) = totals_value
            .iter()
            .find(|t| t.0 == st)
            .map(|t| (t.1, t.2))
            .unwrap_or_default();
        let mut deals: Vec<Deal> =
            list.with_value(|l| l.iter().filter(|d| d.stage == st).cloned().collect());
        crate::domain::basics::sort::by_key(&mut deals, |d| {
            (d.expected_close_at.unwrap_or(i64::MAX), d.at)
        });
        let customers = app.customers;
        view! {
            <section id="stage-panel" role="tabpanel" aria-labelledby=format!("tab-{}", st.code())>
                <p class="stage-total">{match count { 0 => tr!(pipeline.no_deals).to_string(), 1 => tr!(pipeline.one_deal, amount = money(value)), n => tr!(pipeline.n_deals, n = crate::ui::i18n::number(n as i64), amount = money(value)) }}</p>
                {move || winning.get().map(|d| {
                    let (d1, d2, d3) = (d.clone(), d.clone(), d.clone());
                    view! {
                        <div class="notice notice-ok win-panel" role="group" aria-label=tr!(pipeline.record_purchase)>
                            <p>{tr!(pipeline.won_ask, title = d.title, amount = money(d.value))}</p>
                            <div class="win-actions">
                                <button type="button" class="btn btn-primary" on:click=move |_| { winning.set(None); move_deal(app, d1.clone(), Stage::Won, WinPurchase::Paid); }>{tr!(pipeline.yes_paid)}</button>
                                <button type="button" class="btn btn-secondary" on:click=move |_| { winning.set(None); move_deal(app, d2.clone(), Stage::Won, WinPurchase::Unpaid); }>{tr!(pipeline.yes_unpaid)}</button>
                                <button type="button" class="btn btn-secondary" on:click=move |_| { winning.set(None); move_deal(app, d3.clone(), Stage::Won, WinPurchase::No); }>{tr!(pipeline.just_won)}</button>
                                <button type="button" class="btn btn-link" on:click=move |_| winning.set(None)>{tr!(pipeline.cancel)}</button>
                            </div>
                        </div>
                    }
                })}
                <ul class="rows deals" aria-label=stage_name(&names, st)>
                    {deals.into_iter().map(|d| {
                        let who = customers.with_untracked(|l| l.iter().find(|c| c.id == d.customer_id).map(|c| c.display_name().to_string())).unwrap_or_else(|| tr!(pipeline.customer_deleted).into());
                        let href = Route::EditEvent { customer: d.customer_id.clone(), store: "deals".into(), id: d.id.clone() }.href();
                        let sub = match d.expected_close_at {
                            Some(t) => tr!(pipeline.close_by, who = who, date = platform::format_date(t)),
                            None => who,
                        };
                        let title = d.title.clone();
                        let names = names.clone();
                        let deal = d.clone();
                        view! {
                            <li class="deal">
                                <a class="row deal-main" href=href>
                                    <span class="row-main">
                                        <span class="row-title">{d.title.clone()}</span>
                                        <span class="row-sub">{sub}</span>
                                    </span>
                                    <span class="deal-value">{if d.value > 0 { money(d.value) } else { "—".into() }}</span>
                                </a>
                                <select class="deal-move" aria-label=tr!(pipeline.move_x_to, title = title) on:change=move |ev| {
                                    let Some(to) = Stage::from_code(&event_target_value(&ev)) else { return };
                                    if to == Stage::Won && deal.purchase_id.is_none() && deal.value > 0 {
                                        winning.set(Some(deal.clone()));
                                    } else {
                                        move_deal(app, deal.clone(), to, WinPurchase::No);
                                    }
                                }>
                                    <option value="" selected=true>{tr!(pipeline.move_to)}</option>
                                    {Stage::ALL.into_iter().filter(|s| *s != st).map(|s| view! { <option value=s.code()>{stage_name(&names, s)}</option> }).collect_view()}
                                </select>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    }
}

/// The owner's own stage names.
#[component]
fn RenameStages() -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(
        app.settings
            .with_untracked(|s| Stage::ALL.map(|st| stage_name(&s.stage_names, st))),
    );
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let mut names = StageNames::default();
        draft.with_untracked(|d| {
            for (st, n) in Stage::ALL.into_iter().zip(d.iter()) {
                // The default shown in this language is no name of the owner's own.
                let n = if n.trim() == default_stage_name(st) {
                    ""
                } else {
                    n
                };
                names.rename(st, n);
            }
        });
        if let Some(p) = names.problem(|st| default_stage_name(st).to_string()) {
            return error.set(Some(crate::ui::messages::stage_name_problem(&p)));
        }
        let mut s = app.settings.get_untracked();
        s.stage_names = names;
        spawn_local(async move {
            match app.save_settings(s).await {
                Ok(()) => {
                    error.set(None);
                    app.notify(tr!(pipeline.names_saved), None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <details class="details-card">
            <summary>{tr!(pipeline.rename)}</summary>
            <div class="form">
                {Stage::ALL.into_iter().enumerate().map(|(i, st)| view! {
                    <div class="field">
                        <label for=format!("stage-{}", st.code())>{tr!(pipeline.stage_label, n = i + 1, name = default_stage_name(st))}</label>
                        <input type="text" id=format!("stage-{}", st.code()) maxlength="40"
                            prop:value=move || draft.with(|d| d[i].clone())
                            on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d[i] = v) } />
                    </div>
                }).collect_view()}
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="button" class="btn btn-primary" on:click=save>{tr!(pipeline.save_names)}</button>
            </div>
        </details>
    }
}
