//! The form that logs a contact (a call, visit, message) or a private note.

use crate::domain::records::customer::Customer;
use crate::domain::records::events::{
    date_input, time_input, Direction, Event, EventField, Interaction, InteractionDraft,
    InteractionKind, TaskDraft,
};
use crate::platform;
use crate::ui::widgets::{draft_get, draft_set, RadioGroup, TextField};
use leptos::prelude::*;

use super::*;

#[component]
pub(super) fn InteractionForm(
    c: Customer,
    existing: Option<Interaction>,
    preset: String,
) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let is_edit = existing.is_some();
    let initial = match &existing {
        Some(i) => i.to_draft(tz),
        None => InteractionDraft {
            kind: default_kind(&c, &preset),
            date: date_input(now, tz),
            time: time_input(now, tz),
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let follow_up = RwSignal::new(0u32);

    // Saves the contact, with the follow-up it asks for in the same transaction.
    let with_follow_up = {
        let cid = c.id.clone();
        let name = c.display_name().to_string();
        move |interaction: Interaction, expected, now| {
            let interaction_id = interaction.id.clone();
            let mut batch = vec![(Event::Interaction(interaction), expected)];
            let days = follow_up.get_untracked();
            if days > 0 {
                let mut t =
                    TaskDraft::in_days(&tr!(events.follow_up_with, name = name), now, days, tz);
                t.interaction_id = Some(interaction_id);
                if let Ok(task) = t.build(platform::new_id(), cid.clone(), now, tz) {
                    batch.push((Event::Task(task), None));
                }
            }
            let message = if days > 0 {
                tr!(events.saved_with_follow_up)
            } else {
                tr!(events.saved)
            };
            (batch, message)
        }
    };
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz),
        move |d, old, now| d.apply_to(old, now, tz),
        with_follow_up,
    );
    let on_delete = form.on_delete(tr!(events.contact_deleted));

    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.with_name, name = c.display_name())}</p>
            <RadioGroup legend=tr!(events.how) name="kind" class="choice-grid" option_class="choice"
                options=&InteractionKind::ALL code=InteractionKind::code label=crate::ui::labels::interaction_kind
                draft=draft get=|d| d.kind set=|d, k| d.kind = k />
            <RadioGroup legend=tr!(events.who_started) name="direction" class="segmented seg-2" option_class="seg"
                options=&[Direction::Out, Direction::In] code=Direction::code label=crate::ui::labels::direction
                draft=draft get=|d| d.direction set=|d, dir| d.direction = dir />
            {text_area("i-summary", tr!(events.about),
                draft_get(draft, |d| d.summary.clone()),
                draft_set(draft, |d, v| d.summary = v),
                error_for(errors, EventField::Summary),
                tr!(events.about_ph))}
            <TextField id="i-outcome" label=tr!(events.result) kind="text" autocomplete="off"
                value=draft_get(draft, |d| d.outcome.clone())
                on_input=draft_set(draft, |d, v| d.outcome = v)
                error=error_for(errors, EventField::Outcome) />
            <WhenFields
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            {(!is_edit).then(|| view! {
                <fieldset class="field">
                    <legend>{tr!(events.follow_up_q)}</legend>
                    <div class="chips wrap">
                        {[(0u32, tr!(events.no)), (1, tr!(events.tomorrow)), (3, tr!(events.in_3_days)), (7, tr!(events.in_a_week))].into_iter().map(|(d, label)| view! {
                            <button type="button" class="chip" class:chip-on=move || follow_up.get() == d
                                aria-pressed=move || if follow_up.get() == d { "true" } else { "false" }
                                on:click=move |_| follow_up.set(d)>{label}</button>
                        }).collect_view()}
                    </div>
                </fieldset>
            })}
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(common.save) on_delete=on_delete />
        </form>
    }
}
