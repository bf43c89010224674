//! Today: the home page. Who to contact first: follow-ups due (and overdue), birthdays this
//! week, who owes you and open complaints. Also starts the follow-up reminders.

use crate::ui::i18n::{fmt_money, number, plural};
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::time::Millis;
use crate::domain::formats::ics;
use crate::domain::messaging::template::Starter;
use crate::domain::records::cases::{Case, CaseStatus};
use crate::domain::records::customer::{upcoming_birthdays, Customer, Status};
use crate::domain::records::events::{local_date, time_input, Event, Task};
use crate::domain::records::ledger::Owing;
use crate::platform::{self, files, notify};
use crate::store::{Store, StoreError};
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::figure;

use super::records::contact::{starter_text, stored_templates, MessageLink};
use super::records::owes::{owing_age, owing_customers, total_owed};
use super::Avatar;

/// How many follow-ups are listed before "Show all".
const FOLLOW_UPS_SHOWN: usize = 8;
/// How many of the people who owe money Today lists.
const OWES_SHOWN: usize = 3;
/// How often the reminders look for follow-ups that just fell due.
const REMINDER_EVERY: Duration = Duration::from_secs(30);

/// A follow-up to show on Today.
#[derive(Clone, Debug, PartialEq)]
struct Due {
    task: Task,
    customer: String,
    overdue: bool,
}

/// The follow-ups Today needs, from the open tasks of active customers.
#[derive(Clone, Debug, PartialEq, Default)]
struct FollowUps {
    /// Overdue, then due later today, soonest first.
    due: Vec<Due>,
    /// Due after today.
    later: usize,
    /// Every open follow-up with its customer's name, for the calendar file.
    all: Vec<(Task, String)>,
}

/// The name of customer `id`, unless they are gone or in the Trash.
fn active_name(customers: &[Customer], id: &str) -> Option<String> {
    customers
        .iter()
        .find(|c| c.id == id && !c.is_deleted())
        .map(|c| c.display_name().to_string())
}

fn follow_ups(tasks: &[Task], customers: &[Customer], now: Millis, tz: i32) -> FollowUps {
    let today = local_date(now, tz);
    let mut out = FollowUps::default();
    for t in tasks.iter().filter(|t| t.is_open()) {
        let Some(name) = active_name(customers, &t.customer_id) else {
            continue;
        };
        let overdue = t.is_overdue(now);
        if overdue || t.is_due_on(today, tz) {
            out.due.push(Due {
                task: t.clone(),
                customer: name.clone(),
                overdue,
            });
        } else {
            out.later += 1;
        }
        out.all.push((t.clone(), name));
    }
    crate::domain::basics::sort::by_key(&mut out.due, |d| d.task.at);
    out
}

/// "Today, 14:00", "Yesterday, 09:00" or "3 Mar, 09:00".
fn due_label(at: Millis, now: Millis, tz: i32) -> String {
    let days = (local_date(now, tz) - local_date(at, tz)).num_days();
    match days {
        0 => tr!(today.today_at, time = time_input(at, tz)),
        1 => tr!(today.yesterday_at, time = time_input(at, tz)),
        _ => platform::format_datetime(at),
    }
}

/// Reads what a card shows from the store, and again whenever events are saved; errors come out
/// in plain words.
fn events_resource<T, F>(
    app: AppState,
    load: impl Fn(Store) -> F + Copy + 'static,
) -> LocalResource<Result<T, String>>
where
    T: 'static,
    F: Future<Output = Result<T, StoreError>> + 'static,
{
    LocalResource::new(move || {
        let _version = app.events_version.get();
        async move {
            let store = app.store().map_err(|e| e.message())?;
            load(store).await.map_err(|e| e.message())
        }
    })
}

/// A customer's row, linking to their page: avatar and name, `sub` under the name and `end`
/// on the right.
fn customer_row(c: &Customer, sub: Option<String>, end: impl IntoView) -> impl IntoView {
    view! {
        <li>
            <a class="row" href=Route::Customer(c.id.clone()).href()>
                <Avatar initials=c.initials() />
                <span class="row-main">
                    <span class="row-title">{c.display_name().to_string()}</span>
                    {sub.map(|s| view! { <span class="row-sub">{s}</span> })}
                </span>
                {end}
            </a>
        </li>
    }
}

/// A birthday today: the customer's row and the "Happy birthday" template, one tap to send.
fn birthday_today_row(c: Customer, sub: String, text: String) -> impl IntoView {
    view! {
        <li class="owe today-birthday">
            <a class="row owe-main" href=Route::Customer(c.id.clone()).href()>
                <Avatar initials=c.initials() />
                <span class="row-main">
                    <span class="row-title">{c.display_name().to_string()}</span>
                    <span class="row-sub">{sub}</span>
                </span>
            </a>
            <div class="owe-actions">
                <MessageLink c=c.clone() text=text label=tr!(today.send_wishes) verb=tr!(today.send_wishes_to) summary=tr!(today.birthday_wishes) />
            </div>
        </li>
    }
}

#[component]
pub fn Today() -> impl IntoView {
    let app = use_app();
    start_reminders(app);

    // A clock that moves on, so "overdue" and "open for" stay right while the page is open.
    let clock = RwSignal::new(platform::now());
    if let Ok(handle) =
        set_interval_with_handle(move || clock.set(platform::now()), Duration::from_secs(60))
    {
        on_cleanup(move || handle.clear());
    }

    let today = platform::today();
    let templates = stored_templates(app);
    let birthdays = Memo::new(move |_| {
        let list = app.active();
        upcoming_birthdays(&list, today, 7)
            .into_iter()
            .filter_map(|(i, days)| list.get(i).map(|c| (c.clone(), days)))
            .collect::<Vec<_>>()
    });
    let counts = Memo::new(move |_| {
        app.customers.with(|l| {
            let active: Vec<_> = l.iter().filter(|c| !c.is_deleted()).collect();
            (
                active.len(),
                active.iter().filter(|c| c.status == Status::Lead).count(),
            )
        })
    });
    let greeting = move || {
        let name = app.settings.with(|s| s.business_name.clone());
        if name.trim().is_empty() {
            tr!(today.hello).to_string()
        } else {
            name
        }
    };
    let has_customers = move || counts.get().0 > 0;

    view! {
        <div class="today">
            <p class="today-date">{platform::format_date(platform::now())}</p>
            <h2 class="today-hello">{greeting}</h2>
            {move || (!has_customers()).then(|| view! {
                <section class="card card-accent">
                    <h3>{tr!(today.welcome_title)}</h3>
                    <p>{tr!(today.welcome_text)}</p>
                    <a class="btn btn-primary" href=Route::NewCustomer { name: String::new() }.href()>{tr!(today.add_first)}</a>
                    <a class="btn btn-link" href=Route::Settings.href()>{tr!(today.set_business)}</a>
                </section>
            })}
            <Show when=has_customers>
                <FollowUpsCard clock=clock />
                {super::orders::today_card()}
                <super::records::reminder::BackupReminder />
                <section class="card" aria-labelledby="today-birthdays">
                    <h3 id="today-birthdays">{icons::cake()}{tr!(today.birthdays_week)}</h3>
                    {move || {
                        let list = birthdays.get();
                        if list.is_empty() {
                            view! { <p class="muted today-empty">{tr!(today.no_birthdays)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="rows">
                                    {list.into_iter().map(|(c, days)| {
                                        let when = match days { 0 => tr!(today.bd_today).to_string(), 1 => tr!(today.bd_tomorrow).to_string(), d => tr!(today.bd_in_days, n = d) };
                                        let turning = c.birthday.and_then(|b| b.turning(today)).map(|a| tr!(today.turns, n = a)).unwrap_or_default();
                                        if days == 0 {
                                            let text = starter_text(app, &templates.get(), Starter::Birthday, &c);
                                            birthday_today_row(c, format!("{when}{turning}"), text).into_any()
                                        } else {
                                            customer_row(&c, Some(format!("{when}{turning}")), icons::chevron()).into_any()
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }}
                </section>
                <OwesCard clock=clock />
                {super::records::dunning::card()}
                {super::products::low_stock_card()}
                <ComplaintsCard clock=clock />
                <div class="stats">
                    <a class="stat" href=Route::Customers.href()>
                        <span class="stat-num">{move || figure(number(counts.get().0))}</span>
                        <span class="stat-label">{move || plural(counts.get().0, tr!(today.stat_customer), tr!(today.stat_customers))}</span>
                    </a>
                    <a class="stat" href=Route::Customers.href()>
                        <span class="stat-num">{move || figure(number(counts.get().1))}</span>
                        <span class="stat-label">{move || plural(counts.get().1, tr!(today.stat_lead), tr!(today.stat_leads))}</span>
                    </a>
                </div>
            </Show>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Follow-ups

#[component]
fn FollowUpsCard(clock: RwSignal<Millis>) -> impl IntoView {
    let app = use_app();
    let tasks = events_resource(app, |store| async move { store.open_tasks().await });
    let data = Memo::new(move |_| {
        let now = clock.get();
        let tz = platform::tz_offset();
        tasks
            .get()
            .map(|r| r.map(|list| app.customers.with(|cs| follow_ups(&list, cs, now, tz))))
    });
    let show_all = RwSignal::new(false);

    let export = move |_| {
        let all = data.with_untracked(|d| match d {
            Some(Ok(f)) => f.all.clone(),
            _ => Vec::new(),
        });
        if all.is_empty() {
            return;
        }
        let text = ics::tasks_to_ics(&all, platform::now());
        let name = format!("rapport-follow-ups-{}.ics", platform::today());
        match files::download(&name, "text/calendar;charset=utf-8", &text) {
            Ok(()) => app.notify(
                tr!(
                    today.ics_saved,
                    what = plural(all.len(), tr!(today.fu_one), tr!(today.fu_n))
                ),
                None,
            ),
            Err(e) => app.error(e),
        }
    };

    view! {
        <section class="card today-follow" aria-labelledby="today-follow">
            <h3 id="today-follow">{icons::today()}{tr!(today.follow_ups)}</h3>
            {move || match data.get() {
                None => view! { <p class="muted today-empty">{tr!(today.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="today-error" role="alert">{tr!(today.fu_load_error, msg = msg)}</p> }.into_any(),
                Some(Ok(f)) if f.all.is_empty() => view! {
                    <p class="muted today-empty">{tr!(today.fu_none)}</p>
                }.into_any(),
                Some(Ok(f)) => {
                    let now = clock.get_untracked();
                    let tz = platform::tz_offset();
                    let overdue = f.due.iter().filter(|d| d.overdue).count();
                    let due_total = f.due.len();
                    let shown = if show_all.get() { due_total } else { due_total.min(FOLLOW_UPS_SHOWN) };
                    let summary = if due_total == 0 {
                        tr!(today.nothing_due).to_string()
                    } else if overdue == due_total {
                        tr!(today.overdue_sum, what = plural(overdue, tr!(today.fu_one), tr!(today.fu_n)))
                    } else if overdue > 0 {
                        tr!(today.overdue_later, what = plural(overdue, tr!(today.fu_one), tr!(today.fu_n)), n = number(due_total - overdue))
                    } else {
                        tr!(today.due_today, what = plural(due_total, tr!(today.fu_one), tr!(today.fu_n)))
                    };
                    let later = f.later;
                    let late = overdue > 0;
                    view! {
                        <p class="today-summary" class:today-summary-late=late>{summary}</p>
                        {(due_total > 0).then(|| view! {
                            <ul class="rows today-tasks" aria-label=tr!(today.fu_due_list)>
                                {f.due.into_iter().take(shown).map(|d| view! { <FollowUpRow due=d now=now tz=tz /> }).collect_view()}
                            </ul>
                        })}
                        {(due_total > shown).then(|| view! {
                            <button class="btn btn-link today-more" on:click=move |_| show_all.set(true)>
                                {tr!(today.show_all, n = number(due_total))}
                            </button>
                        })}
                        <div class="today-follow-foot">
                            <p class="muted">
                                {match later {
                                    0 => tr!(today.later_none).to_string(),
                                    n => plural(n, tr!(today.later_one), tr!(today.later_n)),
                                }}
                            </p>
                            <button class="btn btn-secondary btn-small" on:click=export>
                                {icons::calendar_plus()}{tr!(today.add_calendar)}
                            </button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
        <ReminderPrompt has_tasks=Signal::derive(move || data.with(|d| matches!(d, Some(Ok(f)) if !f.all.is_empty()))) />
    }
}

#[component]
fn FollowUpRow(due: Due, now: Millis, tz: i32) -> impl IntoView {
    let app = use_app();
    let Due {
        task,
        customer,
        overdue,
    } = due;
    let busy = RwSignal::new(false);
    let title = task.title.clone();
    let when = due_label(task.at, now, tz);
    let href = Route::Customer(task.customer_id.clone()).href();
    let done = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let old = task.clone();
        spawn_local(async move {
            let expected = old.updated_at;
            let mut t = old;
            t.complete(platform::now());
            let title = t.title.clone();
            match app
                .save_events(vec![(Event::Task(t), Some(expected))])
                .await
            {
                Ok(()) => app.notify(tr!(today.done_toast, title = title), None),
                Err(e) => {
                    busy.set(false);
                    app.error(e.message());
                }
            }
        });
    };
    view! {
        <li class="row today-task" class:today-task-late=overdue>
            <a class="row-main today-task-main" href=href>
                <span class="row-title">{title.clone()}</span>
                <span class="today-task-customer">{customer}</span>
                <span class="row-sub">
                    {overdue.then(|| view! { <span class="badge today-overdue">{tr!(today.overdue)}</span> })}
                    <span class="today-task-when">{when}</span>
                </span>
            </a>
            <button
                class="btn btn-secondary btn-small today-done"
                aria-label=tr!(today.mark_done, title = title)
                disabled=move || busy.get()
                on:click=done
            >
                {icons::check()}<span class="today-done-text">{tr!(today.done)}</span>
            </button>
        </li>
    }
}

/// A polite offer to turn on system notifications, while the browser has not been asked yet.
#[component]
fn ReminderPrompt(has_tasks: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let permission = RwSignal::new(notify::permission());
    let dismissed = RwSignal::new(notify::prompt_dismissed());
    let asking = RwSignal::new(false);
    let visible = move || has_tasks.get() && permission.get() == "default" && !dismissed.get();
    let turn_on = move |_| {
        asking.set(true);
        spawn_local(async move {
            let p = notify::request().await;
            permission.set(p.clone());
            asking.set(false);
            match p.as_str() {
                "granted" => app.notify(tr!(today.reminders_on), None),
                "denied" => app.notify(tr!(today.reminders_off), None),
                _ => {}
            }
        });
    };
    let not_now = move |_| {
        notify::dismiss_prompt();
        dismissed.set(true);
    };
    view! {
        <Show when=visible>
            <section class="card card-muted today-remind" aria-labelledby="today-remind">
                <h3 id="today-remind">{icons::bell()}{tr!(today.remind_title)}</h3>
                <p>{tr!(today.remind_text)}</p>
                <div class="today-remind-actions">
                    <button class="btn btn-primary btn-small" disabled=move || asking.get() on:click=turn_on>
                        {tr!(today.turn_on)}
                    </button>
                    <button class="btn btn-link btn-small" on:click=not_now>{tr!(today.not_now)}</button>
                </div>
            </section>
        </Show>
    }
}

// ---------------------------------------------------------------------------------------------
// Who owes you

#[component]
fn OwesCard(clock: RwSignal<Millis>) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| owing_customers(app));
    view! {
        <section class="card" aria-labelledby="today-owes">
            <h3 id="today-owes">{icons::coins()}{tr!(today.who_owes)}</h3>
            {crate::ui::widgets::owed_hidden()}
            <div class="owed">{move || {
                let list: Vec<(Customer, Owing)> = rows.get();
                if list.is_empty() {
                    return view! {
                        <p class="muted today-empty">{tr!(today.nobody_owes)}</p>
                    }.into_any();
                }
                let currency = app.settings.with(|s| s.currency);
                let (now, tz) = (clock.get(), platform::tz_offset());
                let total = total_owed(&list);
                let n = list.len();
                view! {
                    <p class="today-summary">
                        <strong class="money">{fmt_money(total, currency)}</strong>
                        {plural(n, tr!(today.owed_by_one), tr!(today.owed_by))}
                    </p>
                    <ul class="rows" aria-label=tr!(today.owe_most)>
                        {list.into_iter().take(OWES_SHOWN).map(|(c, o)| {
                            let age = owing_age(o.oldest_unpaid_at, now, tz);
                            customer_row(&c, age, view! { <span class="today-amount">{figure(fmt_money(o.balance, currency))}</span> })
                        }).collect_view()}
                    </ul>
                    <a class="btn btn-link today-see-all" href=Route::Owes.href()
                        aria-label=plural(n, tr!(today.see_all_one), tr!(today.see_all_n))>
                        {tr!(today.see_all)}{icons::chevron()}
                    </a>
                }.into_any()
            }}</div>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Open complaints

#[component]
fn ComplaintsCard(clock: RwSignal<Millis>) -> impl IntoView {
    let app = use_app();
    let cases = events_resource(app, |store| async move {
        let events = store.all_events("cases").await?;
        let mut open: Vec<Case> = events
            .into_iter()
            .filter_map(|e| match e {
                Event::Case(c) if c.is_open() => Some(c),
                _ => None,
            })
            .collect();
        crate::domain::basics::sort::by_key(&mut open, |c| c.at);
        Ok(open)
    });
    let open = Memo::new(move |_| {
        let list = cases.get()?.ok()?;
        let rows: Vec<(Case, String)> = app.customers.with(|cs| {
            list.into_iter()
                .filter_map(|case| active_name(cs, &case.customer_id).map(|name| (case, name)))
                .collect()
        });
        (!rows.is_empty()).then_some(rows)
    });
    move || {
        open.get().map(|rows| {
            let now = clock.get();
            view! {
                <section class="card" aria-labelledby="today-cases">
                    <h3 id="today-cases">{icons::alert()}{tr!(today.open_complaints)}</h3>
                    <p class="today-summary">
                        {tr!(today.waiting, what = plural(rows.len(), tr!(today.complaint_one), tr!(today.complaint_n)))}
                    </p>
                    <ul class="rows" aria-label=tr!(today.open_complaints)>
                        {rows.into_iter().map(|(case, name)| {
                            let href = Route::EditEvent {
                                customer: case.customer_id.clone(),
                                store: "cases".into(),
                                id: case.id.clone(),
                            }.href();
                            let open_for = tr!(today.open_for, d = crate::ui::i18n::duration(now.saturating_sub(case.at)));
                            let responded = case.status() == CaseStatus::Responded;
                            let about = case.summary.trim().to_string();
                            view! {
                                <li>
                                    <a class="row" href=href>
                                        <span class="row-main">
                                            <span class="row-title">{name}</span>
                                            {(!about.is_empty()).then(|| view! { <span class="today-case-about">{about}</span> })}
                                            <span class="row-sub">
                                                <span>{case.channel.label()}</span>
                                                <span aria-hidden="true">"·"</span>
                                                <span>{open_for}</span>
                                                {if responded {
                                                    view! { <span class="badge today-responded">{tr!(today.answered)}</span> }.into_any()
                                                } else {
                                                    view! { <span class="badge today-waiting">{tr!(today.not_answered)}</span> }.into_any()
                                                }}
                                            </span>
                                        </span>
                                        {icons::chevron()}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Reminders

/// Every 30 s, announces the follow-ups that fell due since the previous look: a toast, and a
/// system notification when the owner allowed them. Follow-ups already overdue when Rapport
/// opens are not announced (Today lists them). Starts once per page load.
fn start_reminders(app: AppState) {
    thread_local! {
        static STARTED: Cell<bool> = const { Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let last = Rc::new(Cell::new(platform::now()));
    let busy = Rc::new(Cell::new(false));
    set_interval(
        move || {
            if busy.get() {
                return;
            }
            busy.set(true);
            let (last, busy) = (last.clone(), busy.clone());
            spawn_local(async move {
                check_due(app, &last).await;
                busy.set(false);
            });
        },
        REMINDER_EVERY,
    );
}

async fn check_due(app: AppState, last: &Cell<Millis>) {
    let since = last.get();
    let now = platform::now();
    let Ok(store) = app.store() else { return };
    let Ok(tasks) = store.open_tasks().await else {
        return;
    };
    last.set(now);
    let due: Vec<(Task, String)> = app.customers.with_untracked(|cs| {
        tasks
            .into_iter()
            .filter(|t| t.at > since && t.at <= now)
            .filter_map(|t| active_name(cs, &t.customer_id).map(|name| (t, name)))
            .collect()
    });
    match due.as_slice() {
        [] => {}
        [(t, name)] => {
            app.notify(
                tr!(today.fu_due_toast, title = t.title.trim(), name = name),
                None,
            );
            notify::show(
                tr!(today.fu_due_title),
                &format!("{} — {name}", t.title.trim()),
                &t.id,
            );
        }
        many => {
            let titles: Vec<String> = many
                .iter()
                .take(3)
                .map(|(t, name)| format!("{} ({name})", t.title.trim()))
                .collect();
            let more = if many.len() > 3 { ", …" } else { "" };
            let body = format!("{}{more}", titles.join(", "));
            app.notify(
                tr!(today.fus_due_toast, n = number(many.len()), body = body),
                None,
            );
            notify::show(
                &tr!(today.fus_due, n = number(many.len())),
                &body,
                "rapport-follow-ups",
            );
        }
    }
}
