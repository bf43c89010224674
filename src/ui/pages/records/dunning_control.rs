//! The customer page's "Payment reminders" control: this customer's schedule (like everyone,
//! never, every N days, an agreed date), when the next reminder is, their promises, and the
//! default schedule for everyone who owes. In the `messaging` chunk, drawn after "Send a message"
//! (`customer.rs`'s `messaging_part`): one lazy part for both.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::records::customer::Customer;
use crate::domain::records::dunning::{self, Choice, Inputs, Status, FALLBACK_DAYS};
use crate::domain::records::entry::parse_date;
use crate::domain::records::paid::{Promise, ReminderRule, ReminderSchedule, MAX_EVERY_DAYS};
use crate::platform;
use crate::ui::state::use_app;

use super::dunning::{day_text, records};

/// The interval of the default schedule, when it is on.
fn default_days(s: &[ReminderSchedule]) -> Option<u32> {
    dunning::default_schedule(s)
        .filter(|d| !d.is_deleted() && !d.off)
        .map(|d| match d.rule {
            ReminderRule::EveryDays { days } => days,
            _ => FALLBACK_DAYS,
        })
}

/// Drawn with the customer page's "Send a message" part (same chunk, no second loader).
#[component]
pub(crate) fn CustomerReminders(c: Customer) -> impl IntoView {
    let app = use_app();
    let schedules = records::<ReminderSchedule>(app);
    let promises = records::<Promise>(app);
    let id = StoredValue::new(c.id.clone());
    let name = c.display_name().to_string();
    let own =
        Memo::new(move |_| schedules.with(|s| dunning::own_schedule(s, &id.get_value()).cloned()));
    // The form: "default", "off", "every", "due"; days; date.
    let kind = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        let (k, d, t) = match Choice::of(own.get().as_ref()) {
            Choice::Default => ("default", String::new(), String::new()),
            Choice::Off => ("off", String::new(), String::new()),
            Choice::EveryDays(n) => ("every", n.to_string(), String::new()),
            Choice::DueDate { date, .. } => ("due", String::new(), date.to_string()),
        };
        kind.set(k.into());
        days.set(if d.is_empty() { "7".into() } else { d });
        date.set(t);
    });
    let status = move || {
        let balance = app
            .find(&id.get_value())
            .map(|c| (c.summary.balance, c.summary.oldest_unpaid_at));
        let (balance, oldest) = balance?;
        if balance <= 0 {
            return None;
        }
        let s = schedules.get();
        let mine: Vec<Promise> = promises.with(|p| {
            p.iter()
                .filter(|p| p.customer_id == id.get_value())
                .cloned()
                .collect()
        });
        let own = dunning::own_schedule(&s, &id.get_value());
        let inputs = Inputs {
            balance,
            oldest_unpaid_at: oldest,
            own,
            default: dunning::default_schedule(&s),
            promises: &mine,
        };
        Some(
            match dunning::status(&inputs, platform::now(), platform::tz_offset()) {
                Status::Due { .. } => tr!(owes.rc_due_now).to_string(),
                Status::Later { day, .. } => tr!(owes.rc_next, date = day_text(day)),
                Status::Never => tr!(owes.rc_none).to_string(),
            },
        )
    };
    let save_name = name.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choice = match kind.get_untracked().as_str() {
            "off" => Choice::Off,
            "every" => match days.get_untracked().trim().parse::<u32>() {
                Ok(n) if (1..=MAX_EVERY_DAYS).contains(&n) => Choice::EveryDays(n),
                _ => return problem.set(Some(tr!(owes.rc_bad_days))),
            },
            "due" => match parse_date(&date.get_untracked()) {
                Some(d) => Choice::DueDate {
                    date: d,
                    every_days: 7,
                },
                None => return problem.set(Some(tr!(owes.pr_pick_date))),
            },
            _ => Choice::Default,
        };
        problem.set(None);
        let stored = own.get_untracked();
        let s = dunning::chosen(stored.as_ref(), &id.get_value(), &choice, platform::now());
        let expected = stored.map(|o| o.updated_at);
        let name = save_name.clone();
        spawn_local(async move {
            match app.save_paid(&s, expected).await {
                Ok(()) => app.notify(tr!(owes.rc_saved, name = name), None),
                Err(e) => app.error(e.message()),
            }
        });
    };
    // The default for everyone who owes: its interval as typed (the stored one, else 7).
    let everyone_days = RwSignal::new(String::new());
    Effect::new(move |_| {
        let n = default_days(&schedules.get()).unwrap_or(FALLBACK_DAYS);
        everyone_days.set(n.to_string());
    });
    let everyone_problem = RwSignal::new(None::<&'static str>);
    let set_default = move |on: bool| {
        let days = if on {
            match everyone_days.get_untracked().trim().parse::<u32>() {
                Ok(n) if (1..=MAX_EVERY_DAYS).contains(&n) => Some(n),
                _ => return everyone_problem.set(Some(tr!(owes.rc_bad_days))),
            }
        } else {
            None
        };
        everyone_problem.set(None);
        let stored = schedules.with_untracked(|s| dunning::default_schedule(s).cloned());
        let now = platform::now();
        let expected = stored.as_ref().map(|d| d.updated_at);
        let mut d = stored.unwrap_or_else(|| {
            ReminderSchedule::new(
                None,
                ReminderRule::EveryDays {
                    days: FALLBACK_DAYS,
                },
                now,
            )
        });
        if let Some(days) = days {
            d.rule = ReminderRule::EveryDays { days };
        }
        d.off = !on;
        d.deleted_at = None;
        d.updated_at = now.max(d.updated_at + 1);
        spawn_local(async move {
            match app.save_paid(&d, expected).await {
                Ok(()) if on => app.notify(tr!(owes.rc_default_saved), None),
                Ok(()) => {}
                Err(e) => app.error(e.message()),
            }
        });
    };
    let history = move || {
        let mut mine: Vec<Promise> = promises.with(|p| {
            p.iter()
                .filter(|p| p.customer_id == id.get_value() && !p.is_deleted())
                .cloned()
                .collect()
        });
        crate::domain::basics::sort::by_key(&mut mine, |p| std::cmp::Reverse(p.at));
        (!mine.is_empty()).then(|| {
            view! {
                <p class="field-hint">{tr!(owes.rc_promises)}": "
                    {mine.iter().take(3).map(|p| tr!(owes.pr_promised, date = day_text(p.pay_on))).collect::<Vec<_>>().join(" · ")}
                </p>
            }
        })
    };
    view! {
        <details class="details-card pay-reminder-control">
            <summary>{tr!(owes.rc_title)}</summary>
            <form class="form" on:submit=save>
                {move || status().map(|s| view! { <p class="field-hint" role="status">{s}</p> })}
                <div class="field">
                    <label for="rc-kind">{tr!(owes.rc_label)}</label>
                    <select id="rc-kind" prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="default">{tr!(owes.rc_default)}</option>
                        <option value="off">{tr!(owes.rc_off)}</option>
                        <option value="every">{tr!(owes.rc_every)}</option>
                        <option value="due">{tr!(owes.rc_due)}</option>
                    </select>
                </div>
                <Show when=move || kind.get() == "every">
                    <div class="field">
                        <label for="rc-days">{tr!(owes.rc_days)}</label>
                        <input id="rc-days" type="text" inputmode="numeric"
                            prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <Show when=move || kind.get() == "due">
                    <div class="field">
                        <label for="rc-date">{tr!(owes.rc_date)}</label>
                        <input id="rc-date" type="date" prop:value=move || date.get()
                            on:input=move |ev| date.set(event_target_value(&ev)) />
                    </div>
                </Show>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                <button type="submit" class="btn btn-primary">{tr!(owes.rc_save)}</button>
                {history}
                <div class="field">
                    <label for="rc-everyone">{tr!(owes.rc_everyone_days)}</label>
                    <input id="rc-everyone" type="text" inputmode="numeric"
                        prop:value=move || everyone_days.get()
                        on:input=move |ev| everyone_days.set(event_target_value(&ev)) />
                </div>
                {move || everyone_problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                {move || match default_days(&schedules.get()) {
                    Some(n) => view! {
                        <p class="field-hint">{tr!(owes.rc_default_is, n = n)}</p>
                        <p>
                            <button type="button" class="btn btn-secondary btn-small" on:click=move |_| set_default(true)>
                                {tr!(owes.rc_default_save)}
                            </button>" "
                            <button type="button" class="btn btn-link btn-small" on:click=move |_| set_default(false)>
                                {tr!(owes.rc_default_off)}
                            </button>
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="field-hint">{tr!(owes.rc_default_none)}</p>
                        <p>
                            <button type="button" class="btn btn-secondary btn-small" on:click=move |_| set_default(true)>
                                {tr!(owes.rc_default_on)}
                            </button>
                        </p>
                    }.into_any(),
                }}
            </form>
        </details>
    }
}
