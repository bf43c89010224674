//! Payment reminders (issue 15): Today's "Payment reminders" card, a queue the owner walks one
//! tap each like the campaign assistant (send the personalised reminder on WhatsApp or SMS — where
//! files can be shared, with the statement image through the share sheet —, "Snooze", "Promised
//! to pay on …" with an optional amount and note, "Skip"), and the notification when the app
//! opens with reminders due (in idle time after the first screen, [`notify_due_later`], whichever
//! page opened; and when the queue is drawn), once per page load. The rules are `domain::records::dunning`'s. The card's code is in the
//! `messaging` chunk: Today mounts it with [`card`], through the customer page's entry into that
//! chunk (`customer::messaging_part`), so the first load holds only that call.

use std::cell::Cell;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::messaging::contact::{self, ContactChannel};
use crate::domain::messaging::template::{self, Placeholder, Starter, Template};
use crate::domain::records::customer::Customer;
use crate::domain::records::dunning::{self, Due, Why};
use crate::domain::records::events::Event;
use crate::domain::records::paid::{PaidProblem, PayMethod, Promise, ReminderSchedule};
use crate::platform::{self, notify};
use crate::ui::i18n::{fmt_money, plural};
use crate::ui::pages::lazy;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::figure;

use super::contact::{stored_templates, values_for};

/// Today's "Payment reminders" card, drawn by the messaging chunk through the customer page's
/// entry (`customer::messaging_part`; nothing until it is loaded, and nothing when nobody is due).
pub fn card() -> AnyView {
    use super::customer::{messaging_part, preload_send_message, MessagingPart};
    lazy::show_part(
        preload_send_message,
        || messaging_part(MessagingPart::PayReminders),
        || ().into_any(),
    )
}

/// Once the messaging chunk is in (fetched in idle time after the first screen), the
/// notification that reminders are due, whichever page the app opened on: the chunk's code does
/// it (`customer::MessagingPart::NotifyDue`), so the first load holds only this call.
pub async fn notify_due_later(app: AppState) -> Result<(), lazy::ChunkFailed> {
    use super::customer::{messaging_part, MessagingPart};
    messaging_part(MessagingPart::NotifyDue(app))
        .await
        .map(|_| ())
}

thread_local! {
    /// The notification was shown in this page load.
    static TOLD: Cell<bool> = const { Cell::new(false) };
}

/// Shows "reminders are due" for `n` customers, once per page load.
fn tell_due(n: usize) {
    if n > 0 && !TOLD.with(|t| t.replace(true)) {
        notify::show(
            tr!(owes.pr_title),
            &plural(n, tr!(owes.pr_due_one), tr!(owes.pr_due_n)),
            "rapport-pay-reminders",
        );
    }
}

/// Reads the schedules and promises and tells when reminders are due (see [`notify_due_later`]).
pub(super) fn notify_due(app: AppState) {
    spawn_local(async move {
        let Ok(store) = app.store() else { return };
        let (Ok(s), Ok(p)) = (
            store.all_docs::<ReminderSchedule>().await,
            store.all_docs::<Promise>().await,
        ) else {
            return;
        };
        if s.is_empty() {
            return;
        }
        let n = app.customers.with_untracked(|cs| {
            dunning::queue(cs, &s, &p, platform::now(), platform::tz_offset()).len()
        });
        tell_due(n);
    });
}

/// A list of one kind of "Get paid" record (empty while loading or unreadable).
pub(super) fn records<T: crate::store::Paid + Send + Sync + 'static>(
    app: AppState,
) -> Signal<Vec<T>> {
    let docs = app.docs::<T>();
    Signal::derive(move || docs.get().and_then(Result::ok).unwrap_or_default())
}

/// A day as the app writes dates ("14 Mar 2026" in the app language).
pub(super) fn day_text(d: NaiveDate) -> String {
    let ms = crate::domain::records::entry::local_to_millis(
        d,
        chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
        platform::tz_offset(),
    );
    platform::format_date(ms)
}

fn why_text(why: Why) -> String {
    match why {
        Why::Every { days } => plural(days, tr!(owes.pr_every_one), tr!(owes.pr_every_n)),
        Why::DueDate { date } => tr!(owes.pr_due_date, date = day_text(date)),
        Why::Promise { pay_on } => tr!(owes.pr_promised, date = day_text(pay_on)),
    }
}

/// The reminder for `c`: the schedule's template (else the "Payment reminder" starter, the
/// owner's edited copy when there is one), with `{pay_link}` from the payment methods; added
/// on a line of its own when the template does not use it.
fn reminder_text(
    app: AppState,
    c: &Customer,
    template_id: Option<&str>,
    templates: &[Template],
    methods: &[PayMethod],
) -> String {
    let (lang, currency) = app.settings.with_untracked(|s| (s.language, s.currency));
    let mut values = values_for(app, c);
    let pay = crate::domain::formats::pay::text::pay_text(methods, c.summary.balance, currency);
    if let Some(p) = &pay {
        values.set(Placeholder::PayLink, p.clone());
    }
    let chosen = template_id.and_then(|id| {
        template::effective(templates, lang)
            .into_iter()
            .find(|t| t.id == id && t.deleted_at.is_none())
    });
    let (body, text) = match chosen {
        Some(t) => {
            let text = template::render(&t.body, &values, lang);
            (t.body, text)
        }
        None => (
            String::new(),
            template::starter_message(templates, Starter::PaymentReminder, lang, &values),
        ),
    };
    match pay {
        Some(p) if !body.contains("{pay_link") => format!("{text}\n{p}"),
        _ => text,
    }
}

#[component]
pub(super) fn PayReminders() -> impl IntoView {
    let app = use_app();
    let schedules = records::<ReminderSchedule>(app);
    let promises = records::<Promise>(app);
    let methods = records::<PayMethod>(app);
    let templates = stored_templates(app);
    // A clock that moves on, so a snooze or a promised day ends while Today is open.
    let clock = RwSignal::new(platform::now());
    if let Ok(h) = set_interval_with_handle(
        move || clock.set(platform::now()),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || h.clear());
    }
    let skipped = RwSignal::new(Vec::<String>::new());
    // Sent, snoozed or promised in this visit: off the queue at once, whatever the reload of the
    // records does.
    let done = RwSignal::new(Vec::<String>::new());
    let queue = Memo::new(move |_| {
        let (s, p) = (schedules.get(), promises.get());
        let now = clock.get();
        app.customers
            .with(|cs| dunning::queue(cs, &s, &p, now, platform::tz_offset()))
    });
    // Once per page load, when the schedules are read: a notification if reminders are due.
    Effect::new(move |_| {
        if !app.loaded.get() || schedules.with(Vec::is_empty) {
            return;
        }
        tell_due(queue.with(Vec::len));
    });
    move || {
        let gone = done.get();
        let list: Vec<Due> = queue
            .get()
            .into_iter()
            .filter(|d| !gone.contains(&d.customer_id))
            .collect();
        if list.is_empty() {
            return ().into_any();
        }
        let skip = skipped.get();
        let total = list.len();
        let pending: Vec<Due> = list
            .into_iter()
            .filter(|d| !skip.contains(&d.customer_id))
            .collect();
        let body = match pending.first().and_then(|d| app.find(&d.customer_id).map(|c| (d, c))) {
            None => view! {
                <p class="muted today-empty">{tr!(owes.pr_all_walked)}</p>
                <button type="button" class="btn btn-link" on:click=move |_| skipped.set(Vec::new())>
                    {tr!(owes.pr_start_again)}
                </button>
            }
            .into_any(),
            Some((due, c)) => {
                let own = dunning::own_schedule(&schedules.get_untracked(), &c.id).cloned();
                let text = reminder_text(
                    app,
                    &c,
                    own.as_ref().and_then(|o| o.template_id.as_deref()),
                    // Tracked: the message is written again once they are read.
                    &templates.get(),
                    &methods.get(),
                );
                let position = total - pending.len() + 1;
                view! { <Step due=due.clone() c=c own=own text=text position=position total=total skipped=skipped done=done /> }
                    .into_any()
            }
        };
        view! {
            <section class="card pay-reminders" aria-labelledby="today-pay-reminders">
                <h3 id="today-pay-reminders">{crate::ui::icons::coins()}{tr!(owes.pr_title)}</h3>
                {crate::ui::widgets::owed_hidden()}
                <div class="owed">
                    <p class="today-summary">{plural(total, tr!(owes.pr_due_one), tr!(owes.pr_due_n))}</p>
                    {body}
                </div>
            </section>
        }
        .into_any()
    }
}

/// One customer of the queue: who, how much, why, the message, and the four actions.
#[component]
fn Step(
    due: Due,
    c: Customer,
    own: Option<ReminderSchedule>,
    text: String,
    position: usize,
    total: usize,
    skipped: RwSignal<Vec<String>>,
    done: RwSignal<Vec<String>>,
) -> impl IntoView {
    let app = use_app();
    let currency = app.settings.with_untracked(|s| s.currency);
    let name = c.display_name().to_string();
    let id = c.id.clone();
    let own = StoredValue::new(own);
    let asking = RwSignal::new(false);
    let promised = RwSignal::new(String::new());
    // Optional: how much they promised (empty: what they owe) and a note.
    let promised_amount = RwSignal::new(String::new());
    let promised_note = RwSignal::new(String::new());
    let detail_problem = RwSignal::new(None::<String>);
    let snooze_days = RwSignal::new(3u32);
    let problem = RwSignal::new(None::<String>);
    let link = [ContactChannel::WhatsApp, ContactChannel::Sms]
        .into_iter()
        .find_map(|ch| contact::link(&c, ch, &text, "").map(|href| (ch, href)));
    // Where files can be shared (phones): the statement image goes with the text through the
    // share sheet. Drawn now, so the tap shares at once; until then (or if it cannot be drawn)
    // the link below stands.
    let statement = RwSignal::new(None::<(String, web_sys::Blob)>);
    let share_text = text.clone();
    if link.is_some() && platform::files::can_share("statement.png", "image/png") {
        let c = c.clone();
        spawn_local(async move {
            if let Some(png) = crate::ui::pages::paid::statement::reminder_png(app, &c).await {
                statement.try_set(Some(png));
            }
        });
    }

    let (send_id, send_name) = (id.clone(), name.clone());
    let send = move |channel: ContactChannel| {
        let (id, name) = (send_id.clone(), send_name.clone());
        spawn_local(async move {
            let now = platform::now();
            let i = contact::logged_contact(
                platform::new_id(),
                &id,
                channel,
                tr!(owes.reminder).to_string(),
                None,
                now,
            );
            let schedule = dunning::sent(own.get_value().as_ref(), &id, now);
            match app
                .save_events_and_doc(vec![(Event::Interaction(i), None)], &schedule)
                .await
            {
                Ok(()) => {
                    done.update(|d| d.push(id.clone()));
                    app.notify(tr!(owes.pr_sent, name = name), None)
                }
                Err(e) => app.error(e.message()),
            }
        });
    };
    let (snooze_id, snooze_name) = (id.clone(), name.clone());
    let snooze = move |_| {
        let (id, name) = (snooze_id.clone(), snooze_name.clone());
        spawn_local(async move {
            let now = platform::now();
            let until =
                dunning::snooze_until(now, snooze_days.get_untracked(), platform::tz_offset());
            let s = dunning::snoozed(own.get_value().as_ref(), &id, until, now);
            let expected = own.get_value().map(|o| o.updated_at);
            match app.save_paid(&s, expected).await {
                Ok(()) => {
                    done.update(|d| d.push(id.clone()));
                    app.notify(
                        tr!(
                            owes.pr_snoozed,
                            name = name,
                            date = platform::format_date(until)
                        ),
                        None,
                    )
                }
                Err(e) => app.error(e.message()),
            }
        });
    };
    let (promise_id, promise_name) = (id.clone(), name.clone());
    let save_promise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let today = platform::today();
        let Some(day) = crate::domain::records::entry::parse_date(&promised.get_untracked()) else {
            problem.set(Some(tr!(owes.pr_pick_date).to_string()));
            return;
        };
        if day < today {
            problem.set(Some(tr!(owes.pr_date_past).to_string()));
            return;
        }
        let (id, name) = (promise_id.clone(), promise_name.clone());
        let mut p = Promise::new(&platform::new_id(), &id, day, platform::now());
        let amount = promised_amount.get_untracked();
        if !amount.trim().is_empty() {
            match crate::domain::basics::money::parse_amount(&amount, currency) {
                Ok(a) => p.amount = Some(a),
                Err(e) => {
                    detail_problem.set(Some(crate::ui::messages::money_error(&e).to_string()));
                    return;
                }
            }
        }
        p.note = promised_note.get_untracked().trim().to_string();
        if let Err(e) = p.check() {
            detail_problem.set(Some(match e {
                PaidProblem::TooLong { max, .. } => tr!(owes.pr_note_long, n = max),
                _ => tr!(owes.pr_amount_zero).to_string(),
            }));
            return;
        }
        spawn_local(async move {
            match app.save_paid(&p, None).await {
                Ok(()) => {
                    done.update(|d| d.push(id.clone()));
                    app.notify(
                        tr!(owes.pr_promise_saved, name = name, date = day_text(day)),
                        None,
                    )
                }
                Err(e) => app.error(e.message()),
            }
        });
    };
    let skip_id = id.clone();
    view! {
        <div class="pay-step" role="group" aria-label=tr!(owes.pr_step, n = position, total = total)>
            <p class="muted pay-step-pos">{tr!(owes.pr_step, n = position, total = total)}</p>
            <a class="row" href=Route::Customer(id.clone()).href()>
                <span class="row-main">
                    <span class="row-title">{name.clone()}</span>
                    <span class="row-sub">{why_text(due.why)}</span>
                </span>
                <span class="today-amount">{figure(fmt_money(due.balance, currency))}</span>
            </a>
            <p class="pay-step-text">{text}</p>
            <div class="case-actions">
                {move || match (link.clone(), statement.get()) {
                    (Some((ch, _)), Some((file, blob))) => {
                        let (send, text) = (send.clone(), share_text.clone());
                        let share = move |_| {
                            let (send, text, file, blob) = (send.clone(), text.clone(), file.clone(), blob.clone());
                            spawn_local(async move {
                                // Logged once the share sheet took it (not when cancelled), as
                                // the channel the link would have used.
                                match platform::files::share_blob(&file, &blob, &file, Some(&text)).await {
                                    Ok(true) => send(ch),
                                    Ok(false) => {}
                                    Err(e) => app.error(crate::ui::messages::file_error(&e)),
                                }
                            });
                        };
                        view! {
                            <button type="button" class="btn btn-primary" on:click=share
                                aria-label=tr!(owes.pr_share_label, name = name.clone())>
                                {tr!(owes.pr_send)}
                            </button>
                        }.into_any()
                    }
                    (Some((ch, href)), None) => {
                        let label = if ch == ContactChannel::WhatsApp {
                            tr!(contact.on_whatsapp, verb = tr!(owes.remind), name = name.clone())
                        } else {
                            tr!(contact.by_sms, verb = tr!(owes.remind), name = name.clone())
                        };
                        let external = href.starts_with("https://");
                        let send = send.clone();
                        view! {
                            <a class="btn btn-primary" href=href aria-label=label
                                target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")
                                on:click=move |_| send(ch)>
                                {tr!(owes.pr_send)}
                            </a>
                        }.into_any()
                    }
                    (None, _) => view! { <span class="muted">{tr!(contact.no_phone)}</span> }.into_any(),
                }}
                <button type="button" class="btn btn-secondary" on:click=move |_| skipped.update(|s| s.push(skip_id.clone()))>
                    {tr!(owes.pr_skip)}
                </button>
            </div>
            <div class="case-actions">
                <label class="sr-only" for="pay-snooze-days">{tr!(owes.pr_snooze_for)}</label>
                <select id="pay-snooze-days" on:change=move |ev| snooze_days.set(event_target_value(&ev).parse().unwrap_or(3))>
                    {[1u32, 3, 7, 14].into_iter().map(|d| view! {
                        <option value=d.to_string() selected=d == 3>{plural(d, tr!(owes.pr_days_one), tr!(owes.pr_days_n))}</option>
                    }).collect_view()}
                </select>
                <button type="button" class="btn btn-secondary" on:click=snooze>{tr!(owes.pr_snooze)}</button>
                <button type="button" class="btn btn-link" aria-expanded=move || asking.get().to_string()
                    on:click=move |_| asking.update(|a| *a = !*a)>
                    {tr!(owes.pr_promised_btn)}
                </button>
            </div>
            <Show when=move || asking.get()>
                <form class="form pay-promise" on:submit=save_promise.clone()>
                    <div class="field">
                        <label for="pay-promise-date">{tr!(owes.pr_promise_date)}</label>
                        <input id="pay-promise-date" type="date" min=platform::today().to_string()
                            prop:value=move || promised.get()
                            on:input=move |ev| { problem.set(None); promised.set(event_target_value(&ev)) } />
                        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                    </div>
                    <div class="field">
                        <label for="pay-promise-amount">{tr!(owes.pr_promise_amount)}</label>
                        <input id="pay-promise-amount" type="text" inputmode="decimal" autocomplete="off"
                            prop:value=move || promised_amount.get()
                            on:input=move |ev| { detail_problem.set(None); promised_amount.set(event_target_value(&ev)) } />
                    </div>
                    <div class="field">
                        <label for="pay-promise-note">{tr!(owes.pr_promise_note)}</label>
                        <input id="pay-promise-note" type="text" autocomplete="off"
                            prop:value=move || promised_note.get()
                            on:input=move |ev| { detail_problem.set(None); promised_note.set(event_target_value(&ev)) } />
                        {move || detail_problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                    </div>
                    <button type="submit" class="btn btn-primary">{tr!(owes.pr_promise_save)}</button>
                </form>
            </Show>
        </div>
    }
}
