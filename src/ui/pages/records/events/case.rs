//! The complaint form.

use crate::domain::records::cases::{Case, CaseDraft, CaseStatus};
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{date_input, time_input, EventField, InteractionKind};
use crate::platform;
use crate::ui::widgets::{draft_get, draft_set};
use leptos::prelude::*;

use super::*;

#[component]
pub(super) fn CaseForm(c: Customer, existing: Option<Case>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let initial = match &existing {
        Some(k) => k.to_draft(tz),
        None => CaseDraft {
            channel: default_kind(&c, ""),
            date: date_input(now, tz),
            time: time_input(now, tz),
            ..Default::default()
        },
    };
    let status_line = existing.as_ref().map(|k| {
        let mut parts = vec![tr!(
            events.case_status,
            status = crate::ui::labels::case_status(k.status())
        )];
        if let Some(r) = k.response_time() {
            parts.push(tr!(
                events.first_reply_after,
                d = crate::ui::i18n::duration(r)
            ));
        }
        if let Some(r) = k.resolution_time() {
            parts.push(tr!(events.solved_after, d = crate::ui::i18n::duration(r)));
        } else if k.status() != CaseStatus::Resolved {
            parts.push(tr!(
                events.open_for,
                d = crate::ui::i18n::duration(platform::now() - k.at)
            ));
        }
        parts.join(" · ")
    });
    let status = existing.as_ref().map(Case::status);
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz),
        move |d, old, now| d.apply_to(old, now, tz),
        record_only(tr!(events.complaint_saved)),
    );
    let transition = |to: CaseStatus| {
        form.on_change(move |k, now| match to {
            CaseStatus::Responded => {
                k.respond(now);
                tr!(events.marked_answered)
            }
            CaseStatus::Resolved => {
                k.resolve(now);
                tr!(events.marked_solved)
            }
            CaseStatus::Open => {
                k.reopen(now);
                tr!(events.opened_again)
            }
        })
    };
    let on_delete = form.on_delete(tr!(events.complaint_deleted));
    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.from_name, name = c.display_name())}</p>
            {status_line.map(|s| view! { <p class="case-status" role="status">{s}</p> })}
            {status.map(|st| view! {
                <div class="case-actions">
                    {(st == CaseStatus::Open).then(|| view! { <button type="button" class="btn btn-secondary" on:click=transition(CaseStatus::Responded)>{tr!(events.i_answered)}</button> })}
                    {(st != CaseStatus::Resolved).then(|| view! { <button type="button" class="btn btn-primary" on:click=transition(CaseStatus::Resolved)>{tr!(events.mark_solved)}</button> })}
                    {(st == CaseStatus::Resolved).then(|| view! { <button type="button" class="btn btn-secondary" on:click=transition(CaseStatus::Open)>{tr!(events.open_again)}</button> })}
                </div>
            })}
            <div class="field">
                <label for="k-channel">{tr!(events.where_complain)}</label>
                <select id="k-channel" on:change=move |ev| {
                    if let Some(k) = InteractionKind::from_code(&event_target_value(&ev)) { draft.update(|d| d.channel = k) }
                }>
                    {InteractionKind::ALL.into_iter().filter(|k| *k != InteractionKind::Note).map(|k| view! {
                        <option value=k.code() selected=move || draft.with(|d| d.channel == k)>{crate::ui::labels::interaction_kind(k)}</option>
                    }).collect_view()}
                </select>
            </div>
            {text_area("k-summary", tr!(events.problem),
                draft_get(draft, |d| d.summary.clone()),
                draft_set(draft, |d, v| d.summary = v),
                error_for(errors, EventField::Summary),
                tr!(events.problem_ph))}
            {text_area("k-notes", tr!(events.notes_opt),
                draft_get(draft, |d| d.notes.clone()),
                draft_set(draft, |d, v| d.notes = v),
                error_for(errors, EventField::Notes),
                "")}
            <WhenFields legend=tr!(events.opened)
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_complaint) on_delete=on_delete />
        </form>
    }
}
