//! One customer: key facts (from the maintained summary), lead score and RFM class, contact
//! links, one-tap "Add to history" buttons, and the whole relationship timeline, newest first.

use crate::ui::i18n::fmt_money;
use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::domain::basics::money::Minor;
use crate::domain::insight::{rfm, score};
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Direction, Event, InteractionKind, PaymentStatus};
use crate::platform;
use crate::ui::i18n::ago;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use crate::domain::messaging::contact::{self, ContactChannel};
use crate::ui::pages::lazy::{self, lazy_page};
use crate::ui::pages::records::contact::{ContactActions, SendMessage};
use crate::ui::pages::Avatar;

// The page's secondary parts load lazily, drawn in place when their code arrives
// (`pages::preload_when_idle` fetches it after the first screen). Each goes into the chunk of the
// pages it shares most code with (lead grade: Reports' RFM; send a message: the templates), not a
// chunk of its own: own chunks cost 10 KB more in all, in small shared chunks of that code.
lazy_page!(pub(crate) insight, preload_lead_grade, lead_grade_part(c: Customer) => view! { <LeadGrade c=c /> });
lazy_page!(pub(crate) messaging, preload_send_message, messaging_part(part: MessagingPart) => part.view());

/// A part of a first-load page drawn by the `messaging` chunk: all go through one entry
/// ([`messaging_part`]), since each entry costs the first load its loader.
// Made once per draw and moved into the chunk's entry: a `Box` would only add code.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum MessagingPart {
    /// The customer page's "Send a message" and its payment reminder control.
    SendMessage(Customer),
    /// Today's "Payment reminders" queue (`dunning::card`).
    PayReminders,
    /// Nothing drawn: the notification that reminders are due, at start
    /// (`dunning::notify_due_later`).
    NotifyDue(crate::ui::state::AppState),
}

impl MessagingPart {
    /// Only [`messaging_part`] calls this, so its code is in the `messaging` chunk.
    fn view(self) -> AnyView {
        match self {
            MessagingPart::SendMessage(c) => {
                view! { <SendMessage c=c.clone() /> <super::dunning_control::CustomerReminders c=c /> }
                    .into_any()
            }
            MessagingPart::PayReminders => view! { <super::dunning::PayReminders /> }.into_any(),
            MessagingPart::NotifyDue(app) => {
                super::dunning::notify_due(app);
                ().into_any()
            }
        }
    }
}

/// The lead grade card while its code loads: an empty card of about its height.
fn grade_placeholder() -> AnyView {
    view! { <section class="card grade-card" aria-hidden="true" style:min-height="9.75rem"></section> }
        .into_any()
}

/// "Send a message" while its code loads: the same closed panel, inert.
fn send_placeholder() -> AnyView {
    view! {
        <details class="details-card send-message" inert aria-hidden="true">
            <summary>{tr!(contact.send_message)}</summary>
        </details>
    }
    .into_any()
}

/// Whether "Send a message" has a channel for `c` (it shows nothing otherwise).
fn can_send(c: &Customer) -> bool {
    [
        ContactChannel::WhatsApp,
        ContactChannel::Sms,
        ContactChannel::Email,
    ]
    .into_iter()
    .any(|ch| contact::link(c, ch, "", "").is_some())
}

#[component]
pub fn CustomerDetail(id: String) -> impl IntoView {
    let app = use_app();
    let lookup = id.clone();
    let customer = Memo::new(move |_| {
        app.customers
            .with(|l| l.iter().find(|c| c.id == lookup).cloned())
    });
    move || {
        match customer.get() {
        None => view! {
            <section class="empty">
                <h2>{tr!(customer.not_found)}</h2>
                <p>{tr!(customer.not_found_text)}</p>
                <a class="btn btn-primary" href=Route::Customers.href()>{tr!(customer.back_to_list)}</a>
            </section>
        }
        .into_any(),
        Some(c) => view! { <Detail c=c /> }.into_any(),
    }
    }
}

#[component]
fn Detail(c: Customer) -> impl IntoView {
    let app = use_app();
    let country = app.settings.with_untracked(|s| s.country);
    let id = c.id.clone();
    let trashed = c.is_deleted();
    let name = c.display_name().to_string();
    let phone_note = (c.phone_e164.is_none() && !c.phone.is_empty()).then(|| {
        tr!(
            customer.phone_note,
            country = crate::ui::labels::country(country)
        )
    });

    let edit_href = Route::EditCustomer(id.clone()).href();
    let restore_id = id.clone();
    let (timeline_id, log_id) = (id.clone(), id.clone());

    view! {
        <article class="detail">
            <div class="detail-head">
                <Avatar initials=c.initials() />
                <div>
                    <h2 class="detail-name">{name.clone()}</h2>
                    <span class=format!("badge badge-{}", c.status.code())>{crate::ui::labels::status(c.status)}</span>
                    {(!c.phone.is_empty()).then(|| view! { <span class="head-phone">{c.display_phone()}</span> })}
                </div>
                {(!trashed).then(|| view! {
                    <a class="btn btn-secondary btn-small head-edit" href=edit_href>{icons::edit()}{tr!(common.edit)}</a>
                })}
            </div>
            {trashed.then(|| view! {
                <div class="notice notice-warn" role="status">
                    <p>{tr!(customer.in_trash)}</p>
                    <button class="btn btn-primary" on:click=move |_| app.restore_customer(restore_id.clone(), true)>
                        {icons::restore()}{tr!(settings.restore)}
                    </button>
                </div>
            })}
            {(!trashed).then(|| view! { <ContactActions c=c.clone() /> })}
            <KeyFacts c=c.clone() />
            {(!trashed).then(|| {
                let c = c.clone();
                lazy::show_part(preload_lead_grade, move || lead_grade_part(c.clone()), grade_placeholder)
            })}
            <details class="details-card">
                <summary>{tr!(customer.contact_details)}{(!c.tags.is_empty()).then(|| format!(" · {}", c.tags.join(", ")))}</summary>
                <dl class="facts">
                    <Fact label=tr!(customer.phone) value=c.display_phone() />
                    {phone_note.map(|n| view! { <p class="field-hint warn">{n}</p> })}
                    <Fact label="Email" value=c.email.clone() />
                    <Fact label=tr!(customer.preferred_channel) value=c.preferred_channel.map(|ch| crate::ui::labels::channel(ch).to_string()).unwrap_or_default() />
                    <Fact label="Instagram" value=handle(&c.social.instagram) />
                    <Fact label="Facebook" value=c.social.facebook.clone() />
                    <Fact label="TikTok" value=handle(&c.social.tiktok) />
                    <Fact label=tr!(customer.birthday) value=c.birthday.map(crate::ui::i18n::birthday).unwrap_or_default() />
                    <Fact label=tr!(customer.marketing) value=(if c.do_not_contact { tr!(customer.dnc) } else if c.marketing_consent { tr!(customer.agreed) } else { tr!(customer.not_agreed) }).to_string() />
                    <Fact label=tr!(customer.found_through) value=c.source.clone() />
                    <Fact label=tr!(customer.since) value=platform::format_date(c.created_at) />
                </dl>
                {(!c.tags.is_empty()).then(|| view! {
                    <ul class="tags" aria-label=tr!(customer.tags)>
                        {c.tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view()}
                    </ul>
                })}
                {(!c.notes.is_empty()).then(|| view! {
                    <section class="card">
                        <h3>{tr!(customer.notes)}</h3>
                        <p class="notes">{c.notes.clone()}</p>
                    </section>
                })}
            </details>
            {(!trashed && can_send(&c)).then(|| {
                let c = c.clone();
                lazy::show_part(preload_send_message, move || messaging_part(MessagingPart::SendMessage(c.clone())), send_placeholder)
            })}
            {(!trashed).then(|| view! { <LogBar customer=log_id.clone() balance=c.summary.balance /> })}
            {(!trashed).then(|| crate::ui::pages::orders::customer_orders(c.id.clone()))}
            {(!trashed).then(|| crate::ui::pages::loyalty::customer_balance(c.clone()))}
            {(!trashed).then(|| view! { <Timeline customer=timeline_id.clone() /> })}
        </article>
    }
}

fn handle(h: &str) -> String {
    if h.is_empty() {
        String::new()
    } else {
        format!("@{h}")
    }
}

/// One labelled fact; nothing is shown when the value is empty.
#[component]
fn Fact(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| {
        view! {
            <div class="fact">
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}

/// The numbers an owner wants first: what they owe, what they spent, when we last spoke.
#[component]
fn KeyFacts(c: Customer) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let now = platform::now();
    let s = c.summary.clone();
    let balance = match s.balance {
        b if b > 0 => (tr!(customer.owes, amount = fmt_money(b, cur)), "fact-owes"),
        b if b < 0 => (
            tr!(customer.credit, amount = fmt_money(-b, cur)),
            "fact-credit",
        ),
        _ => (tr!(customer.owes_nothing).to_string(), ""),
    };
    let items = [
        (tr!(customer.total_spent), fmt_money(s.total_spent, cur)),
        (
            tr!(customer.purchases),
            crate::ui::i18n::number(s.purchase_count as i64),
        ),
        (
            tr!(customer.last_purchase),
            s.last_purchase_at
                .map(|t| ago(now, t))
                .unwrap_or_else(|| tr!(customer.never).into()),
        ),
        (
            tr!(customer.last_contact),
            s.last_contact_at
                .map(|t| ago(now, t))
                .unwrap_or_else(|| tr!(customer.never).into()),
        ),
    ];
    let pay_href = if s.balance > 0 {
        Route::NewEvent {
            customer: c.id.clone(),
            what: "payments".into(),
            preset: String::new(),
        }
        .href()
    } else {
        Route::Customer(c.id.clone()).href()
    };
    view! {
        <div class="keyfacts">
            // Staff view shows the stand-in instead (`.owed` in the style sheet).
            <button type="button" class="keyfact keyfact-wide owed-hidden" data-ask-pin="">
                <span class="keyfact-value">{tr!(lock.hidden)}</span>
                <span class="keyfact-label">{tr!(lock.show)}</span>
            </button>
            <a class=format!("keyfact keyfact-wide owed {}", balance.1)
               href=pay_href>
                <span class="keyfact-value">{crate::ui::widgets::figure(balance.0.clone())}</span>
                {(s.balance > 0).then(|| view! { <span class="keyfact-label">{tr!(customer.record_payment)}</span> })}
            </a>
            {items.into_iter().map(|(label, value)| view! {
                <div class="keyfact">
                    <span class="keyfact-label">{label}</span>
                    <span class="keyfact-value">{crate::ui::widgets::figure(value)}</span>
                </div>
            }).collect_view()}
        </div>
    }
}

/// One tap to start logging: the common contact kinds, then purchase, payment, follow-up, complaint.
#[component]
fn LogBar(customer: String, balance: Minor) -> impl IntoView {
    let link = |what: &str, preset: &str| {
        Route::NewEvent {
            customer: customer.clone(),
            what: what.into(),
            preset: preset.into(),
        }
        .href()
    };
    view! {
        <section class="logbar" aria-label=tr!(customer.add_history)>
            <h3 class="section-title-inline">{tr!(customer.add_history)}</h3>
            <div class="log-row">
                <a class="log-btn" href=link("interactions", "whatsapp") aria-label=tr!(customer.log_whatsapp)>{icons::chat()}<span>"WhatsApp"</span></a>
                <a class="log-btn" href=link("interactions", "call") aria-label=tr!(customer.log_call)>{icons::phone()}<span>{tr!(customer.call)}</span></a>
                <a class="log-btn" href=link("interactions", "visit") aria-label=tr!(customer.log_visit)>{icons::people()}<span>{tr!(customer.visit)}</span></a>
                <a class="log-btn" href=link("interactions", "note") aria-label=tr!(customer.add_note)>{icons::edit()}<span>{tr!(customer.note)}</span></a>
            </div>
            <div class="log-row">
                <a class="log-btn" href=link("purchases", "")>{icons::bag()}<span>{tr!(customer.purchase)}</span></a>
                {(balance > 0).then(|| view! { <a class="log-btn" href=link("payments", "")>{icons::cash()}<span>{tr!(customer.payment)}</span></a> })}
                <a class="log-btn" href=link("tasks", "")>{icons::today()}<span>{tr!(customer.follow_up)}</span></a>
                <a class="log-btn" href=link("cases", "")>{icons::alert()}<span>{tr!(customer.complaint)}</span></a>
                <a class="log-btn" href=link("deals", "")>{icons::coins()}<span>{tr!(customer.deal)}</span></a>
            </div>
        </section>
    }
}

/// How many timeline rows are drawn at first, and added each time the end comes into view.
const TIMELINE_PAGE: usize = 30;

/// Everything that happened with the customer, newest first, drawn a page at a time.
#[component]
fn Timeline(customer: String) -> impl IntoView {
    let app = use_app();
    let cid = customer.clone();
    let events = LocalResource::new(move || {
        let _ = app.events_version.get();
        let cid = cid.clone();
        async move {
            match app.store() {
                Ok(s) => s.customer_events(&cid).await.map_err(|e| e.message()),
                Err(e) => Err(e.message()),
            }
        }
    });
    let shown = RwSignal::new(TIMELINE_PAGE);
    let sentinel = NodeRef::<leptos::html::Div>::new();
    // Draw more when the end of the list scrolls into view.
    Effect::new(move |_| {
        if let Some(el) = sentinel.get() {
            platform::on_visible(&el, move || shown.update(|n| *n += TIMELINE_PAGE));
        }
    });
    move || {
        // Staff view: the rows show what is still open only with the PIN entered.
        app.amounts_visible.track();
        let events = events.get();
        match events {
            None => view! { <p class="loading">{tr!(customer.loading_history)}</p> }.into_any(),
            Some(Err(msg)) => {
                view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }
                    .into_any()
            }
            Some(Ok(list)) => {
                let list: Vec<Event> = list.into_iter().filter(|e| !e.is_deleted()).collect();
                if list.is_empty() {
                    return view! {
                        <section class="card card-muted">
                            <h3>{tr!(customer.history)}</h3>
                            <p>{tr!(customer.history_empty)}</p>
                        </section>
                    }
                    .into_any();
                }
                let total = list.len();
                let list = StoredValue::new(list);
                view! {
                <section class="timeline-wrap">
                    <div class="timeline-head">
                        <h3 class="section-title">{tr!(customer.history)}</h3>
                        <a class="btn btn-secondary btn-small" href=Route::Statement(customer.clone()).href()>{tr!(paid.statement_action)}</a>
                    </div>
                    <ol class="timeline" aria-label=tr!(customer.history)>
                        {move || list.with_value(|l| l.iter().take(shown.get()).cloned().map(|e| view! { <TimelineRow e=e /> }).collect_view())}
                    </ol>
                    <Show when=move || { shown.get() < total }>
                        <div node_ref=sentinel>
                            <button class="btn btn-secondary btn-block" on:click=move |_| shown.update(|n| *n += TIMELINE_PAGE)>
                                {move || tr!(customer.show_older, n = crate::ui::i18n::number(total.saturating_sub(shown.get()) as i64))}
                            </button>
                        </div>
                    </Show>
                </section>
            }
            .into_any()
            }
        }
    }
}

#[component]
fn TimelineRow(e: Event) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let now = platform::now();
    let href = Route::EditEvent {
        customer: e.customer_id().to_string(),
        store: e.store_name().to_string(),
        id: e.id().to_string(),
    }
    .href();
    let when = platform::format_datetime(e.at());
    let (icon, title, detail, class): (AnyView, String, String, &str) = match &e {
        Event::Interaction(i) => (
            kind_icon(i.kind),
            format!(
                "{} · {}",
                crate::ui::labels::interaction_kind(i.kind),
                if i.kind == InteractionKind::Note {
                    tr!(customer.tl_note)
                } else if i.direction == Direction::In {
                    tr!(customer.tl_in)
                } else {
                    tr!(customer.tl_out)
                }
            ),
            [i.summary.as_str(), i.outcome.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" — "),
            "tl-contact",
        ),
        Event::Purchase(p) => (
            icons::bag().into_any(),
            if p.is_refund() {
                tr!(customer.refund, amount = fmt_money(-p.total, cur))
            } else {
                tr!(customer.purchase_amount, amount = fmt_money(p.total, cur))
            },
            {
                let mut parts: Vec<String> = p
                    .lines
                    .iter()
                    .map(|l| {
                        if l.quantity > 1 {
                            format!("{}× {}", l.quantity, l.item)
                        } else {
                            l.item.clone()
                        }
                    })
                    .collect();
                parts.push(match p.status() {
                    PaymentStatus::Paid => tr!(customer.paid).into(),
                    PaymentStatus::Unpaid => tr!(customer.not_paid_yet).into(),
                    PaymentStatus::PartPaid if !app.amounts_visible.get_untracked() => {
                        tr!(lock.part_paid).into()
                    }
                    PaymentStatus::PartPaid => {
                        tr!(customer.still_open, amount = fmt_money(p.unpaid(), cur))
                    }
                });
                if !p.note.is_empty() {
                    parts.push(p.note.clone());
                }
                parts.join(" · ")
            },
            if p.unpaid() > 0 { "tl-owes" } else { "tl-sale" },
        ),
        Event::Payment(p) => (
            icons::cash().into_any(),
            tr!(customer.payment_amount, amount = fmt_money(p.amount, cur)),
            p.note.clone(),
            "tl-payment",
        ),
        Event::Task(t) => (
            icons::today().into_any(),
            tr!(customer.follow_up_title, title = t.title),
            if t.done_at.is_some() {
                tr!(customer.done).to_string()
            } else if t.is_overdue(now) {
                tr!(customer.overdue_was_due, ago = ago(now, t.at))
            } else {
                tr!(customer.due, ago = ago(now, t.at))
            },
            if t.done_at.is_some() {
                "tl-done"
            } else if t.is_overdue(now) {
                "tl-overdue"
            } else {
                "tl-task"
            },
        ),
        Event::Case(k) => (
            icons::alert().into_any(),
            tr!(
                customer.complaint_status,
                status = crate::ui::labels::case_status(k.status())
            ),
            {
                let mut parts = vec![k.summary.clone()];
                if let Some(r) = k.response_time() {
                    parts.push(tr!(
                        customer.answered_after,
                        d = crate::ui::i18n::duration(r)
                    ));
                }
                parts.join(" · ")
            },
            if k.is_open() { "tl-overdue" } else { "tl-case" },
        ),
        Event::Deal(d) => (
            icons::coins().into_any(),
            tr!(
                customer.deal_stage,
                stage = app
                    .settings
                    .with_untracked(|s| s.stage_names.label(d.stage))
            ),
            if d.value > 0 {
                format!("{} · {}", d.title, fmt_money(d.value, cur))
            } else {
                d.title.clone()
            },
            if d.is_open() { "tl-task" } else { "tl-deal" },
        ),
    };
    let done_toggle = match &e {
        Event::Task(t) => {
            let t = t.clone();
            let label = if t.done_at.is_some() {
                tr!(customer.open_again, title = t.title)
            } else {
                tr!(customer.mark_done, title = t.title)
            };
            let is_done = t.done_at.is_some();
            Some(view! {
                <button class="tl-check" class:tl-check-on=is_done aria-label=label aria-pressed=if is_done { "true" } else { "false" }
                    on:click=move |_| {
                        let mut t = t.clone();
                        let expected = t.updated_at;
                        if t.done_at.is_some() { t.reopen(platform::now()) } else { t.complete(platform::now()) }
                        spawn_local(async move {
                            if let Err(err) = app.save_events(vec![(Event::Task(t), Some(expected))]).await { app.error(err.message()); }
                        });
                    }>
                    {icons::check()}
                </button>
            }.into_any())
        }
        // Two taps to a receipt: this link, then Share on the receipt.
        Event::Purchase(p) if !p.is_refund() => Some(view! {
            <a class="btn btn-secondary btn-small tl-receipt" aria-label=tr!(paid.receipt_for)
                href=Route::Receipt { customer: p.customer_id.clone(), purchase: p.id.clone() }.href()>
                {tr!(paid.receipt_action)}
            </a>
        }.into_any()),
        _ => None,
    };
    view! {
        <li class=format!("tl {class}")>
            <span class="tl-icon" aria-hidden="true">{icon}</span>
            <a class="tl-main" href=href>
                <span class="tl-title">{title}</span>
                {(!detail.is_empty()).then(|| view! { <span class="tl-detail">{detail}</span> })}
                <span class="tl-when">{when}</span>
            </a>
            {done_toggle}
        </li>
    }
}

fn kind_icon(k: InteractionKind) -> AnyView {
    match k {
        InteractionKind::Call => icons::phone().into_any(),
        InteractionKind::Email => icons::mail().into_any(),
        InteractionKind::Visit => icons::people().into_any(),
        InteractionKind::Note => icons::edit().into_any(),
        _ => icons::chat().into_any(),
    }
}

/// The lead grade (A–D) with the reasons behind it, and the customer's RFM class with what to do.
#[component]
fn LeadGrade(c: Customer) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let tz = platform::tz_offset();
    let now = platform::now();
    let cid = c.id.clone();
    let source = c.source.clone();
    // The business's average order (all time), to judge the size of open deals.
    let (average, rfm) = app.customers.with_untracked(|l| {
        let live = l.iter().filter(|c| !c.is_deleted());
        let (spent, orders) = live.fold((0i64, 0i64), |(s, n), c| {
            (
                s.saturating_add(c.summary.total_spent),
                n + i64::from(c.summary.purchase_count),
            )
        });
        let rfm = rfm::compute(l, now, tz)
            .into_iter()
            .find(|r| r.customer_id == c.id);
        (
            crate::domain::insight::analytics::div_round(spent, orders),
            rfm,
        )
    });
    let events = LocalResource::new(move || {
        let _ = app.events_version.get();
        let cid = cid.clone();
        async move {
            match app.store() {
                Ok(s) => s.customer_events(&cid).await.map_err(|e| e.message()),
                Err(e) => Err(e.message()),
            }
        }
    });
    view! {
        <section class="card grade-card" aria-label=tr!(customer.lead_grade)>
            {move || events.get().map(|r| match r {
                Ok(list) => {
                    let input = score::ScoreInput::from_events(&list, &source, average, now);
                    let s = score::score(&input, now, tz, cur);
                    view! {
                        <p class="grade-line">
                            <span class=format!("grade grade-{}", s.grade.letter().to_lowercase())>{s.grade.letter()}</span>
                            <span><strong>{tr!(customer.grade_points, g = s.grade.letter(), points = crate::ui::i18n::plural(s.points, tr!(customer.points_one), tr!(customer.points_n)))}</strong><br/>{s.explain_in(crate::ui::i18n::lang(), cur)}</span>
                        </p>
                    }.into_any()
                }
                Err(msg) => view! { <p class="field-error">{msg}</p> }.into_any(),
            })}
            {rfm.map(|r| view! {
                <p class="rfm-line">
                    <strong>{format!("{} (R{} F{} M{})", crate::ui::labels::rfm(r.class), r.r, r.f, r.m)}</strong>
                    " — "{crate::ui::labels::rfm_explanation(r.class)}<br/>
                    <span class="muted">{tr!(customer.what_to_do, action = crate::ui::labels::rfm_action(r.class))}</span>
                </p>
            })}
            <details class="help">
                <summary>{tr!(customer.how)}</summary>
                <p>{score::rules(crate::ui::i18n::lang())}</p>
                <p>{tr!(customer.rfm_help)}</p>
            </details>
        </section>
    }
}
