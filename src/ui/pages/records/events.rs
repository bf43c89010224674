//! Forms for a customer's relationship records: log a contact, a purchase, a payment, a follow-up
//! or a complaint; edit or delete them. Every save is one transaction that also updates the
//! customer's summary (see `store::events`).

use crate::ui::i18n::fmt_money;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::money::Currency;
use crate::domain::basics::time::Millis;
use crate::domain::formats::ics;
use crate::domain::records::cases::{Case, CaseDraft, CaseStatus};
use crate::domain::records::customer::{Channel, Customer};
use crate::domain::records::events::{
    amount_input, date_input, time_input, Direction, Event, EventError, EventField, EventRecord,
    Interaction, InteractionDraft, InteractionKind, LineDraft, PaidChoice, Payment, PaymentDraft,
    Purchase, PurchaseDraft, Task, TaskDraft,
};
use crate::domain::records::pipeline::{Deal, DealDraft, Stage, StageNames};
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::{draft_get, draft_set, ErrorText, RadioGroup, TextField};

use crate::ui::pages::records::form::customer_not_found;

/// Shows the form for a new event (`id = None`) or loads the event and shows it for editing.
#[component]
pub fn EventPage(
    customer: String,
    store: String,
    id: Option<String>,
    preset: String,
) -> impl IntoView {
    let app = use_app();
    let Some(c) = app.find(&customer) else {
        return customer_not_found();
    };
    match id {
        None => form_for(&store, c, None, preset).into_any(),
        Some(id) => {
            let loaded = LocalResource::new(move || {
                let (store, id) = (store.clone(), id.clone());
                async move {
                    match app.store() {
                        Ok(s) => s.event(&store, &id).await.map_err(|e| e.message()),
                        Err(e) => Err(e.message()),
                    }
                }
            });
            (move || match loaded.get() {
                None => view! { <p class="loading">{tr!(today.loading)}</p> }.into_any(),
                Some(Err(msg)) => {
                    view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }
                        .into_any()
                }
                Some(Ok(None)) => view! {
                    <section class="empty">
                        <h2>{tr!(events.record_gone)}</h2>
                        <p>{tr!(events.record_gone_text)}</p>
                    </section>
                }
                .into_any(),
                Some(Ok(Some(e))) => {
                    let store = e.store_name().to_string();
                    form_for(&store, c.clone(), Some(e), String::new()).into_any()
                }
            })
            .into_any()
        }
    }
}

fn form_for(store: &str, c: Customer, existing: Option<Event>, preset: String) -> AnyView {
    match (store, existing) {
        ("interactions", None) => {
            view! { <InteractionForm c=c existing=None preset=preset /> }.into_any()
        }
        ("interactions", Some(Event::Interaction(i))) => {
            view! { <InteractionForm c=c existing=Some(i) preset=preset /> }.into_any()
        }
        ("purchases", None) => view! { <PurchaseForm c=c existing=None /> }.into_any(),
        ("purchases", Some(Event::Purchase(p))) => {
            view! { <PurchaseForm c=c existing=Some(p) /> }.into_any()
        }
        ("payments", None) => view! { <PaymentForm c=c existing=None /> }.into_any(),
        ("payments", Some(Event::Payment(p))) => {
            view! { <PaymentForm c=c existing=Some(p) /> }.into_any()
        }
        ("tasks", None) => view! { <TaskForm c=c existing=None /> }.into_any(),
        ("tasks", Some(Event::Task(t))) => view! { <TaskForm c=c existing=Some(t) /> }.into_any(),
        ("cases", None) => view! { <CaseForm c=c existing=None /> }.into_any(),
        ("cases", Some(Event::Case(k))) => view! { <CaseForm c=c existing=Some(k) /> }.into_any(),
        ("deals", None) => view! { <DealForm c=c existing=None /> }.into_any(),
        ("deals", Some(Event::Deal(d))) => view! { <DealForm c=c existing=Some(d) /> }.into_any(),
        _ => view! {
            <section class="empty"><h2>{tr!(common.not_found_title)}</h2></section>
        }
        .into_any(),
    }
}

// ----- shared pieces -------------------------------------------------------------------------

type Errors = RwSignal<Vec<EventError>>;

/// What one save writes: events, each with the `updated_at` it must still have in the store
/// (none for a new one), and the toast shown when it worked.
type Saved = (Vec<(Event, Option<Millis>)>, &'static str);

fn error_for(errors: Errors, f: EventField) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|es| {
            es.iter()
                .find(|e| e.field == f)
                .map(crate::ui::messages::event_error)
        })
    })
}

/// Writes the events of one action; on success goes back to the customer with a toast.
fn save_and_return(
    app: AppState,
    customer: String,
    batch: Vec<(Event, Option<Millis>)>,
    saving: RwSignal<bool>,
    message: &'static str,
) {
    saving.set(true);
    spawn_local(async move {
        let result = app.save_events(batch).await;
        saving.set(false);
        match result {
            Ok(()) => {
                app.notify(message, None);
                app.go(Route::Customer(customer));
            }
            Err(e) => app.error(e.message()),
        }
    });
}

/// What every event form keeps: the customer, the record it edits (none for a new one), the
/// draft as typed, the errors shown and whether a save is under way.
#[derive(Clone)]
struct EventForm<R: Send + Sync + 'static, D: Send + Sync + 'static> {
    app: AppState,
    cid: String,
    existing: StoredValue<Option<R>>,
    draft: RwSignal<D>,
    errors: Errors,
    saving: RwSignal<bool>,
}

impl<R, D> EventForm<R, D>
where
    R: EventRecord + Into<Event> + Send + Sync + 'static,
    D: Clone + Send + Sync + 'static,
{
    fn new(c: &Customer, existing: Option<R>, draft: D) -> Self {
        EventForm {
            app: use_app(),
            cid: c.id.clone(),
            existing: StoredValue::new(existing),
            draft: RwSignal::new(draft),
            errors: RwSignal::new(Vec::new()),
            saving: RwSignal::new(false),
        }
    }

    /// The submit handler. Ignores a second tap while saving; otherwise turns the draft into a
    /// new record (`build`, given a fresh id and the customer's) or into the edited one
    /// (`apply`), then shows the errors, or writes what `save` makes of the record and goes
    /// back to the customer.
    fn on_submit(
        &self,
        build: impl Fn(&D, String, String, Millis) -> Result<R, Vec<EventError>> + 'static,
        apply: impl Fn(&D, &R, Millis) -> Result<R, Vec<EventError>> + 'static,
        save: impl Fn(R, Option<Millis>, Millis) -> Saved + 'static,
    ) -> impl Fn(SubmitEvent) + 'static {
        let f = self.clone();
        move |ev| {
            ev.prevent_default();
            if f.saving.get_untracked() {
                return;
            }
            let now = platform::now();
            let built = f.draft.with_untracked(|d| match f.existing.get_value() {
                Some(old) => apply(d, &old, now).map(|r| (r, Some(old.updated_at()))),
                None => build(d, platform::new_id(), f.cid.clone(), now).map(|r| (r, None)),
            });
            match built {
                Ok((r, expected)) => {
                    let (batch, message) = save(r, expected, now);
                    save_and_return(f.app, f.cid.clone(), batch, f.saving, message);
                }
                Err(es) => f.errors.set(es),
            }
        }
    }

    /// A button's action on the edited record: `change` changes it and says how (the toast),
    /// then it is saved.
    fn on_change(
        &self,
        change: impl Fn(&mut R, Millis) -> &'static str + 'static,
    ) -> impl Fn(MouseEvent) + 'static {
        let f = self.clone();
        move |_| {
            if let Some(mut r) = f.existing.get_value() {
                let expected = r.updated_at();
                let message = change(&mut r, platform::now());
                let batch = vec![(r.into(), Some(expected))];
                save_and_return(f.app, f.cid.clone(), batch, f.saving, message);
            }
        }
    }

    /// Delete, when editing: moves the record to the Trash (`deleted` is the toast) and goes back
    /// to the customer.
    fn on_delete(&self, deleted: &'static str) -> Option<Callback<()>> {
        let f = self.clone();
        self.existing.with_value(Option::is_some).then(|| {
            Callback::new(move |_| {
                if let Some(old) = f.existing.get_value() {
                    f.app.trash_event(old.into(), deleted);
                    f.app.go(Route::Customer(f.cid.clone()));
                }
            })
        })
    }
}

/// `save` for a form that writes its record alone, then says `message`.
fn record_only<R: Into<Event>>(
    message: &'static str,
) -> impl Fn(R, Option<Millis>, Millis) -> Saved {
    move |r, expected, _| (vec![(r.into(), expected)], message)
}

/// Date and time inputs ("When").
#[component]
fn WhenFields(
    date: Signal<String>,
    time: Signal<String>,
    on_date: Callback<String>,
    on_time: Callback<String>,
    errors: Errors,
    #[prop(default = tr!(events.when))] legend: &'static str,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="when">
                <input type="date" aria-label=tr!(events.date_of, what = legend)
                    aria-invalid=move || error_for(errors, EventField::Date).get().map(|_| "true")
                    prop:value=move || date.get()
                    on:input=move |ev| on_date.run(event_target_value(&ev)) />
                <input type="time" aria-label=tr!(events.time_of, what = legend)
                    aria-invalid=move || error_for(errors, EventField::Time).get().map(|_| "true")
                    prop:value=move || time.get()
                    on:input=move |ev| on_time.run(event_target_value(&ev)) />
            </div>
            <ErrorText id="date-error" error=error_for(errors, EventField::Date) />
            <ErrorText id="time-error" error=error_for(errors, EventField::Time) />
        </fieldset>
    }
}

/// Save / Cancel (and Delete when editing).
#[component]
fn FormActions(
    customer: String,
    saving: RwSignal<bool>,
    save_label: &'static str,
    on_delete: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        {on_delete.map(|d| view! {
            <button type="button" class="btn btn-danger btn-block-inline" on:click=move |_| d.run(())>{tr!(common.delete)}</button>
        })}
        <div class="form-actions">
            <a class="btn btn-secondary" href=Route::Customer(customer).href()>{tr!(common.cancel)}</a>
            <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                {move || if saving.get() { tr!(common.saving) } else { save_label }}
            </button>
        </div>
    }
}

fn text_area(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    placeholder: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id rows="3" placeholder=placeholder
                aria-invalid=move || error.get().map(|_| "true")
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))></textarea>
            <ErrorText id=error_id error=error />
        </div>
    }
}

fn currency() -> Currency {
    use_app().settings.with_untracked(|s| s.currency)
}

fn default_kind(c: &Customer, preset: &str) -> InteractionKind {
    if let Some(k) = InteractionKind::from_code(preset) {
        return k;
    }
    match c.preferred_channel {
        Some(Channel::Call) => InteractionKind::Call,
        Some(Channel::Sms) => InteractionKind::Sms,
        Some(Channel::Email) => InteractionKind::Email,
        Some(Channel::Instagram) => InteractionKind::Instagram,
        Some(Channel::Facebook) => InteractionKind::Facebook,
        Some(Channel::TikTok) => InteractionKind::TikTok,
        Some(Channel::Visit) => InteractionKind::Visit,
        _ => InteractionKind::WhatsApp,
    }
}

// ----- interaction ---------------------------------------------------------------------------

#[component]
fn InteractionForm(c: Customer, existing: Option<Interaction>, preset: String) -> impl IntoView {
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

// ----- purchase ------------------------------------------------------------------------------

#[component]
fn PurchaseForm(c: Customer, existing: Option<Purchase>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let cur = currency();
    let initial = match &existing {
        Some(p) => p.to_draft(tz, cur),
        None => PurchaseDraft {
            date: date_input(now, tz),
            time: time_input(now, tz),
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    // "Itemised" shows the lines editor; otherwise one total.
    let itemised = RwSignal::new(draft.with_untracked(|d| !d.lines.is_empty()));

    // The draft as saved: no lines when only the total is entered, and no blank lines.
    let to_save = move |d: &PurchaseDraft| {
        let mut d = d.clone();
        if !itemised.get_untracked() {
            d.lines.clear();
        } else {
            d.lines.retain(|l| {
                !(l.item.trim().is_empty()
                    && l.unit_price.trim().is_empty()
                    && l.quantity.trim().is_empty())
            });
        }
        d
    };
    let submit = form.on_submit(
        move |d, id, cid, now| to_save(d).build(id, cid, now, tz, cur),
        move |d, old, now| to_save(d).apply_to(old, now, tz, cur),
        record_only(tr!(events.purchase_saved)),
    );
    let on_delete = form.on_delete(tr!(events.purchase_deleted));
    let total_text = move || {
        draft
            .with(|d| d.lines_total(cur))
            .map(|t| fmt_money(t, cur))
            .unwrap_or_else(|| "—".into())
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.bought, name = c.display_name())}</p>
            <div class="segmented seg-2" role="group" aria-label=tr!(events.how_enter)>
                <label class="seg">
                    <input type="radio" name="mode" prop:checked=move || !itemised.get() on:change=move |_| itemised.set(false) />
                    <span>{tr!(events.just_total)}</span>
                </label>
                <label class="seg">
                    <input type="radio" name="mode" prop:checked=move || itemised.get() on:change=move |_| {
                        itemised.set(true);
                        draft.update(|d| if d.lines.is_empty() { d.lines.push(LineDraft { quantity: "1".into(), ..Default::default() }) });
                    } />
                    <span>{tr!(events.item_by_item)}</span>
                </label>
            </div>
            <Show when=move || !itemised.get()>
                <TextField id="p-total" label=tr!(events.total) kind="text" autocomplete="off" inputmode="decimal"
                    hint=tr!(events.refund_hint)
                    value=draft_get(draft, |d| d.total.clone())
                    on_input=draft_set(draft, |d, v| d.total = v)
                    error=error_for(errors, EventField::Total) />
            </Show>
            <Show when=move || itemised.get()>
                <fieldset class="field">
                    <legend>{tr!(events.items)}</legend>
                    {move || (0..draft.with(|d| d.lines.len())).map(|i| view! {
                        <div class="line">
                            <input type="text" aria-label=tr!(events.item_n, n = i + 1) placeholder=tr!(events.item)
                                aria-invalid=move || error_for(errors, EventField::Item(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.item.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.item = v }) } />
                            <input type="text" inputmode="numeric" class="qty" aria-label=tr!(events.qty_of, n = i + 1) placeholder=tr!(events.qty)
                                aria-invalid=move || error_for(errors, EventField::Quantity(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.quantity.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.quantity = v }) } />
                            <input type="text" inputmode="decimal" aria-label=tr!(events.price_of, n = i + 1) placeholder=tr!(events.price_each)
                                aria-invalid=move || error_for(errors, EventField::UnitPrice(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.unit_price.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.unit_price = v }) } />
                            <button type="button" class="icon-btn" aria-label=tr!(events.remove_item, n = i + 1)
                                on:click=move |_| draft.update(|d| { if i < d.lines.len() { d.lines.remove(i); } })>"×"</button>
                            <ErrorText id=format!("line-{i}-error") error=Signal::derive(move || {
                                errors.with(|es| es.iter().find(|e| matches!(e.field, EventField::Item(j) | EventField::Quantity(j) | EventField::UnitPrice(j) if j == i)).map(crate::ui::messages::event_error))
                            }) />
                        </div>
                    }).collect_view()}
                    <button type="button" class="btn btn-secondary" on:click=move |_| draft.update(|d| d.lines.push(LineDraft { quantity: "1".into(), ..Default::default() }))>{tr!(events.add_item)}</button>
                    <p class="line-total">{tr!(events.total_colon)}<strong>{total_text}</strong></p>
                    <ErrorText id="total-error" error=error_for(errors, EventField::Total) />
                </fieldset>
            </Show>
            <fieldset class="field">
                <legend>{tr!(events.paid_q)}</legend>
                <div class="segmented">
                    {[(tr!(events.paid), 0u8), (tr!(events.not_yet), 1), (tr!(events.part), 2)].into_iter().map(|(label, k)| view! {
                        <label class="seg">
                            <input type="radio" name="paid"
                                prop:checked=move || draft.with(|d| matches!((&d.paid, k), (PaidChoice::Paid, 0) | (PaidChoice::Unpaid, 1) | (PaidChoice::Part(_), 2)))
                                on:change=move |_| draft.update(|d| d.paid = match k { 0 => PaidChoice::Paid, 1 => PaidChoice::Unpaid, _ => PaidChoice::Part(String::new()) }) />
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </div>
                <ErrorText id="paid-error" error=error_for(errors, EventField::Paid) />
            </fieldset>
            <Show when=move || draft.with(|d| matches!(d.paid, PaidChoice::Part(_)))>
                <TextField id="p-paid" label=tr!(events.amount_paid_now) kind="text" autocomplete="off" inputmode="decimal"
                    value=draft_get(draft, |d| match &d.paid { PaidChoice::Part(s) => s.clone(), _ => String::new() })
                    on_input=draft_set(draft, |d, v| d.paid = PaidChoice::Part(v))
                    error=Signal::derive(|| None) />
            </Show>
            <WhenFields
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            <TextField id="p-note" label=tr!(events.note_opt) kind="text" autocomplete="off"
                value=draft_get(draft, |d| d.note.clone())
                on_input=draft_set(draft, |d, v| d.note = v)
                error=error_for(errors, EventField::Notes) />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_purchase) on_delete=on_delete />
        </form>
    }
}

// ----- payment -------------------------------------------------------------------------------

#[component]
fn PaymentForm(c: Customer, existing: Option<Payment>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let cur = currency();
    let balance = c.summary.balance;
    let initial = match &existing {
        Some(p) => p.to_draft(tz, cur),
        None => PaymentDraft {
            date: date_input(now, tz),
            time: time_input(now, tz),
            amount: if balance > 0 {
                amount_input(balance, cur)
            } else {
                String::new()
            },
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz, cur),
        move |d, old, now| d.apply_to(old, now, tz, cur),
        record_only(tr!(events.payment_saved)),
    );
    let on_delete = form.on_delete(tr!(events.payment_deleted));
    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">
                {if balance > 0 { tr!(events.owes_amount, name = c.display_name(), amount = fmt_money(balance, cur)) } else { tr!(events.owes_nothing, name = c.display_name()) }}
            </p>
            <TextField id="pay-amount" label=tr!(events.amount_paid) kind="text" autocomplete="off" inputmode="decimal"
                value=draft_get(draft, |d| d.amount.clone())
                on_input=draft_set(draft, |d, v| d.amount = v)
                error=error_for(errors, EventField::Amount) />
            <WhenFields
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            <TextField id="pay-note" label=tr!(events.note_opt) kind="text" autocomplete="off"
                value=draft_get(draft, |d| d.note.clone())
                on_input=draft_set(draft, |d, v| d.note = v)
                error=error_for(errors, EventField::Notes) />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_payment) on_delete=on_delete />
        </form>
    }
}

// ----- follow-up -----------------------------------------------------------------------------

#[component]
fn TaskForm(c: Customer, existing: Option<Task>) -> impl IntoView {
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

// ----- complaint -----------------------------------------------------------------------------

#[component]
fn CaseForm(c: Customer, existing: Option<Case>) -> impl IntoView {
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

// ----- deal ----------------------------------------------------------------------------------

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
fn DealForm(c: Customer, existing: Option<Deal>) -> impl IntoView {
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
