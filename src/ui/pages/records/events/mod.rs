//! Forms for a customer's relationship records, one file per kind, and what they share.
//!
//! Log a contact, a purchase, a payment, a follow-up, a complaint or a deal; edit or delete them.
//! Every save is one transaction that also updates the customer's summary (see `store::events`).

use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::money::Currency;
use crate::domain::basics::time::Millis;
use crate::domain::records::customer::{Channel, Customer};
use crate::domain::records::events::{Event, EventError, EventField, EventRecord, InteractionKind};
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::ErrorText;

use crate::ui::pages::records::form::customer_not_found;
use crate::ui::pages::{forms_page, lazy, preload_forms};

mod case;
mod deal;
mod interaction;
mod purchase;
mod task;

pub use case::*;
pub use deal::*;
pub use interaction::*;
pub use purchase::*;
pub use task::*;

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
        // The follow-up, complaint and deal forms load on first use (the `forms` chunk).
        (store @ ("tasks" | "cases" | "deals"), existing) => {
            let store = store.to_string();
            lazy::show(preload_forms, move || {
                forms_page(store.clone(), c.clone(), existing.clone())
            })
        }
        _ => not_found(),
    }
}

/// The form of a follow-up, a complaint or a deal: the lazily loaded part of [`form_for`].
pub(crate) fn lazy_form(store: &str, c: Customer, existing: Option<Event>) -> AnyView {
    match (store, existing) {
        ("tasks", None) => view! { <TaskForm c=c existing=None /> }.into_any(),
        ("tasks", Some(Event::Task(t))) => view! { <TaskForm c=c existing=Some(t) /> }.into_any(),
        ("cases", None) => view! { <CaseForm c=c existing=None /> }.into_any(),
        ("cases", Some(Event::Case(k))) => view! { <CaseForm c=c existing=Some(k) /> }.into_any(),
        ("deals", None) => view! { <DealForm c=c existing=None /> }.into_any(),
        ("deals", Some(Event::Deal(d))) => view! { <DealForm c=c existing=Some(d) /> }.into_any(),
        _ => not_found(),
    }
}

fn not_found() -> AnyView {
    view! { <section class="empty"><h2>{tr!(common.not_found_title)}</h2></section> }.into_any()
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
pub(crate) fn WhenFields(
    date: Signal<String>,
    time: Signal<String>,
    on_date: Callback<String>,
    on_time: Callback<String>,
    errors: Errors,
    #[prop(default = tr!(events.when))] legend: &'static str,
    /// The fields the date's and the time's errors are for (an order's due date: `DueDate`).
    #[prop(default = (EventField::Date, EventField::Time))]
    fields: (EventField, EventField),
) -> impl IntoView {
    let (df, tf) = fields;
    let id = if df == EventField::Date { "" } else { "due-" };
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="when">
                <input type="date" aria-label=tr!(events.date_of, what = legend)
                    aria-invalid=move || error_for(errors, df).get().map(|_| "true")
                    prop:value=move || date.get()
                    on:input=move |ev| on_date.run(event_target_value(&ev)) />
                <input type="time" aria-label=tr!(events.time_of, what = legend)
                    aria-invalid=move || error_for(errors, tf).get().map(|_| "true")
                    prop:value=move || time.get()
                    on:input=move |ev| on_time.run(event_target_value(&ev)) />
            </div>
            <ErrorText id=format!("{id}date-error") error=error_for(errors, df) />
            <ErrorText id=format!("{id}time-error") error=error_for(errors, tf) />
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
