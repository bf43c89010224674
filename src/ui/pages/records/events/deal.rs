//! The deal form, and what winning a deal also saves.

use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{date_input, time_input, Event, EventField};
use crate::domain::records::pipeline::{Deal, DealDraft, Stage, StageNames};
use crate::platform;
use crate::ui::state::use_app;
use crate::ui::widgets::{draft_get, draft_set, ErrorText, TextField};
use leptos::prelude::*;

use super::*;

/// Whether winning a deal also records its purchase, and how it was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WinPurchase {
    Paid,
    Unpaid,
    No,
}

impl WinPurchase {
    pub const ALL: [WinPurchase; 3] = [WinPurchase::Paid, WinPurchase::Unpaid, WinPurchase::No];

    pub fn code(self) -> &'static str {
        match self {
            WinPurchase::Paid => "paid",
            WinPurchase::Unpaid => "unpaid",
            WinPurchase::No => "no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WinPurchase::Paid => tr!(events.win_paid),
            WinPurchase::Unpaid => tr!(events.win_unpaid),
            WinPurchase::No => tr!(events.no),
        }
    }
}

/// The events saved when `deal` is written: with a purchase of its value when it is won without
/// one yet and `choice` asks for it (one transaction, so both or neither are saved).
pub fn deal_batch(
    mut deal: Deal,
    expected: Option<Millis>,
    choice: WinPurchase,
    now: Millis,
) -> Vec<(Event, Option<Millis>)> {
    let mut purchase = None;
    if deal.stage == Stage::Won && deal.purchase_id.is_none() && choice != WinPurchase::No {
        purchase = deal.purchase(platform::new_id(), choice == WinPurchase::Paid, now);
        deal.purchase_id = purchase.as_ref().map(|p| p.id.clone());
    }
    let mut batch = vec![(Event::Deal(deal), expected)];
    batch.extend(purchase.map(|p| (Event::Purchase(p), None)));
    batch
}

/// A stage's name: the owner's own name for it, else the default in the current language.
pub fn stage_name(names: &StageNames, stage: Stage) -> String {
    let name = names.label(stage);
    if name != stage.default_label() {
        return name;
    }
    match stage {
        Stage::New => tr!(events.stage_new),
        Stage::Contacted => tr!(events.stage_contacted),
        Stage::OfferSent => tr!(events.stage_offer_sent),
        Stage::Won => tr!(events.stage_won),
        Stage::Lost => tr!(events.stage_lost),
    }
    .to_string()
}

#[component]
pub(super) fn DealForm(c: Customer, existing: Option<Deal>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let cur = currency();
    let names = use_app().settings.with_untracked(|s| s.stage_names.clone());
    let has_purchase = existing.as_ref().is_some_and(|d| d.purchase_id.is_some());
    let initial = match &existing {
        Some(d) => d.to_draft(tz, cur),
        None => DealDraft {
            date: date_input(now, tz),
            time: time_input(now, tz),
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let win = RwSignal::new(WinPurchase::Paid);
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz, cur),
        move |d, old, now| d.apply_to(old, now, tz, cur),
        move |deal, expected, now| {
            let batch = deal_batch(deal, expected, win.get_untracked(), now);
            let message = if batch.len() > 1 {
                tr!(events.deal_won_purchase)
            } else {
                tr!(events.deal_saved)
            };
            (batch, message)
        },
    );
    let on_delete = form.on_delete(tr!(events.deal_deleted));
    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.with_name, name = c.display_name())}</p>
            <TextField id="d-title" label=tr!(events.deal_what) kind="text" autocomplete="off"
                hint=tr!(events.deal_hint)
                value=draft_get(draft, |d| d.title.clone())
                on_input=draft_set(draft, |d, v| d.title = v)
                error=error_for(errors, EventField::Title) />
            <TextField id="d-value" label=tr!(events.value_opt) kind="text" autocomplete="off" inputmode="decimal"
                value=draft_get(draft, |d| d.value.clone())
                on_input=draft_set(draft, |d, v| d.value = v)
                error=error_for(errors, EventField::Amount) />
            <div class="field">
                <label for="d-stage">{tr!(events.stage)}</label>
                <select id="d-stage" on:change=move |ev| {
                    if let Some(st) = Stage::from_code(&event_target_value(&ev)) { draft.update(|d| d.stage = st) }
                }>
                    {Stage::ALL.into_iter().map(|st| view! {
                        <option value=st.code() selected=move || draft.with(|d| d.stage == st)>{stage_name(&names, st)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || !has_purchase && draft.with(|d| d.stage == Stage::Won)>
                <fieldset class="field">
                    <legend>{tr!(events.record_purchase_too)}</legend>
                    <div class="segmented">
                        {WinPurchase::ALL.into_iter().map(|w| view! {
                            <label class="seg">
                                <input type="radio" name="win" value=w.code()
                                    prop:checked=move || win.get() == w on:change=move |_| win.set(w) />
                                <span>{w.label()}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </Show>
            <div class="field">
                <label for="d-close">{tr!(events.expected_close)}</label>
                <input id="d-close" type="date"
                    aria-invalid=move || error_for(errors, EventField::CloseDate).get().map(|_| "true")
                    prop:value=move || draft.with(|d| d.expected_close.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.expected_close = v) } />
                <ErrorText id="d-close-error" error=error_for(errors, EventField::CloseDate) />
            </div>
            {text_area("d-notes", tr!(events.notes_opt),
                draft_get(draft, |d| d.notes.clone()),
                draft_set(draft, |d, v| d.notes = v),
                error_for(errors, EventField::Notes),
                "")}
            <WhenFields legend=tr!(events.opened)
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_deal) on_delete=on_delete />
        </form>
    }
}
