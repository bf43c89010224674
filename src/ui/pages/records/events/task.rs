//! The follow-up form.

use crate::domain::formats::ics;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{date_input, EventField, Task, TaskDraft};
use crate::platform;
use crate::ui::widgets::{draft_get, draft_set, TextField};
use leptos::prelude::*;

use super::*;

#[component]
pub(super) fn TaskForm(c: Customer, existing: Option<Task>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let is_edit = existing.is_some();
    let done = existing.as_ref().is_some_and(|t| t.done_at.is_some());
    let initial = match &existing {
        Some(t) => t.to_draft(tz),
        None => TaskDraft::in_days("", now, 1, tz),
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let (app, existing) = (form.app, form.existing); // for "Add to my calendar"
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz),
        move |d, old, now| d.apply_to(old, now, tz),
        record_only(tr!(events.follow_up_saved)),
    );
    let toggle_done = form.on_change(|t, now| {
        if t.done_at.is_some() {
            t.reopen(now);
            tr!(events.opened_again)
        } else {
            t.complete(now);
            tr!(events.marked_done)
        }
    });
    let on_delete = form.on_delete(tr!(events.follow_up_deleted));
    let cal_name = c.display_name().to_string();
    let quick = move |days: u32| {
        let d = TaskDraft::in_days("", platform::now(), days, tz);
        draft.update(|x| {
            x.date = d.date;
            x.time = d.time;
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.with_name, name = c.display_name())}</p>
            <TextField id="t-title" label=tr!(events.what_to_do) kind="text" autocomplete="off"
                hint=tr!(events.what_to_do_hint)
                value=draft_get(draft, |d| d.title.clone())
                on_input=draft_set(draft, |d, v| d.title = v)
                error=error_for(errors, EventField::Title) />
            <div class="chips wrap" role="group" aria-label=tr!(events.quick_dates)>
                <button type="button" class="chip" on:click=move |_| quick(0)>{tr!(events.today)}</button>
                <button type="button" class="chip" on:click=move |_| quick(1)>{tr!(events.tomorrow)}</button>
                <button type="button" class="chip" on:click=move |_| quick(3)>{tr!(events.in_3_days)}</button>
                <button type="button" class="chip" on:click=move |_| quick(7)>{tr!(events.in_a_week)}</button>
            </div>
            <WhenFields legend=tr!(events.due)
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            {is_edit.then(|| view! {
                <div class="case-actions">
                    <button type="button" class="btn btn-secondary" on:click=toggle_done>
                        {if done { tr!(events.open_again) } else { tr!(events.mark_done) }}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=move |_| {
                        if let Some(t) = existing.get_value() {
                            let text = ics::task_to_ics(&t, &cal_name, platform::now(), ics::UID_DOMAIN);
                            let name = format!("rapport-follow-up-{}.ics", date_input(t.at, tz));
                            if platform::files::download(&name, "text/calendar", &text).is_err() {
                                app.error(tr!(events.calendar_failed));
                            }
                        }
                    }>{tr!(events.add_calendar)}</button>
                </div>
            })}
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_follow_up) on_delete=on_delete />
        </form>
    }
}
