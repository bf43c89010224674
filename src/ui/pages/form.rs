//! Add / edit a customer, with inline validation in plain words.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::customer::{Channel, Customer, CustomerDraft, Field, FieldError, Status};
use crate::domain::phone::{self, PhoneParse};
use crate::domain::time::MONTHS;
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, SaveError};
use crate::ui::widgets::{draft_get, draft_set, ErrorText, RadioGroup, TextField};

#[component]
pub fn CustomerForm(id: Option<String>, prefill: String) -> impl IntoView {
    let app = use_app();
    let editing: Option<Customer> = id.as_ref().and_then(|id| app.find(id));
    if id.is_some() && editing.is_none() {
        return customer_not_found();
    }
    let initial = editing
        .as_ref()
        .map(Customer::to_draft)
        .unwrap_or(CustomerDraft {
            name: prefill,
            ..Default::default()
        });
    let draft = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let editing = StoredValue::new(editing);
    let is_edit = editing.with_value(Option::is_some);

    // After a first attempt, errors follow the typing so they disappear as soon as they are fixed.
    let country = move || app.settings.with(|s| s.country);
    Effect::new(move |_| {
        if tried.get() {
            let d = draft.get();
            errors.set(d.check(country()).err().unwrap_or_default());
        }
    });
    let error_for = move |f: Field| {
        Signal::derive(move || {
            errors.with(|es| es.iter().find(|e| e.field == f).map(|e| e.message.clone()))
        })
    };
    let phone_hint = Signal::derive(move || {
        let p = draft.with(|d| d.phone.clone());
        match phone::normalise(&p, country()) {
            PhoneParse::Empty => None,
            PhoneParse::Valid(e) => Some((false, format!("Saved as {}", phone::format_international(&e)))),
            PhoneParse::Unrecognised if phone::digits(&p).len() >= 6 => Some((
                true,
                format!("Not a phone number from {} we recognise; it will be kept as typed. Add + and the country code for other countries.", country().name()),
            )),
            PhoneParse::Unrecognised => None,
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        tried.set(true);
        let d = draft.get_untracked();
        if let Err(es) = d.check(country()) {
            let first = es.first().map(|e| e.field);
            errors.set(es);
            if let Some(f) = first {
                platform::focus(field_id(f));
            }
            return;
        }
        saving.set(true);
        spawn_local(async move {
            let result = app.save_customer(d, editing.get_value()).await;
            saving.set(false);
            match result {
                Ok(id) => {
                    app.notify(
                        if is_edit {
                            "Changes saved."
                        } else {
                            "Customer added."
                        },
                        None,
                    );
                    app.go(Route::Customer(id));
                }
                Err(SaveError::Invalid(es)) => errors.set(es),
                Err(SaveError::Store(e)) => app.error(e.message()),
            }
        });
    };

    let set = move |f: fn(&mut CustomerDraft, String)| draft_set(draft, f);
    let get = move |f: fn(&CustomerDraft) -> String| draft_get(draft, f);
    let cancel_href = editing
        .with_value(|e| e.as_ref().map(|c| Route::Customer(c.id.clone())))
        .unwrap_or(Route::Customers)
        .href();

    view! {
        <form class="form" on:submit=submit novalidate>
            <TextField id=field_id(Field::Name) label="Name" kind="text" autocomplete="name"
                value=get(|d| d.name.clone()) on_input=set(|d, v| d.name = v) error=error_for(Field::Name) />
            <TextField id=field_id(Field::Phone) label="Phone" kind="tel" autocomplete="tel" inputmode="tel"
                value=get(|d| d.phone.clone()) on_input=set(|d, v| d.phone = v) error=error_for(Field::Phone) />
            {move || phone_hint.get().map(|(warn, text)| view! {
                <p class="field-hint" class:warn=warn id="phone-hint" aria-live="polite">{text}</p>
            })}
            <TextField id=field_id(Field::Email) label="Email" kind="email" autocomplete="email" inputmode="email"
                value=get(|d| d.email.clone()) on_input=set(|d, v| d.email = v) error=error_for(Field::Email) />
            <super::dupes::DuplicateWarning
                name=get(|d| d.name.clone()) phone=get(|d| d.phone.clone()) email=get(|d| d.email.clone())
                except=editing.with_value(|e| e.as_ref().map(|c| c.id.clone())) />

            <RadioGroup legend="Status" name="status" class="segmented" option_class="seg"
                options=&Status::ALL code=Status::code label=Status::label
                draft=draft get=|d| d.status set=|d, s| d.status = s />

            <TextField id=field_id(Field::Tags) label="Tags" kind="text" autocomplete="off"
                hint="Separate with commas, e.g. VIP, wholesale"
                value=get(|d| d.tags.clone()) on_input=set(|d, v| d.tags = v) error=error_for(Field::Tags) />

            <fieldset class="field">
                <legend>"Birthday"</legend>
                <div class="birthday">
                    <select id=field_id(Field::Birthday) aria-label="Birthday day"
                        aria-invalid=move || error_for(Field::Birthday).get().map(|_| "true")
                        on:change=move |ev| draft.update(|d| d.birthday_day = event_target_value(&ev))>
                        <option value="" selected=move || draft.with(|d| d.birthday_day.is_empty())>"Day"</option>
                        {(1..=31).map(|n| view! {
                            <option value=n.to_string() selected=move || draft.with(|d| d.birthday_day == n.to_string())>{n}</option>
                        }).collect_view()}
                    </select>
                    <select aria-label="Birthday month" on:change=move |ev| draft.update(|d| d.birthday_month = event_target_value(&ev))>
                        <option value="" selected=move || draft.with(|d| d.birthday_month.is_empty())>"Month"</option>
                        {MONTHS.iter().enumerate().map(|(i, m)| {
                            let v = (i + 1).to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || draft.with(|d| d.birthday_month == v2)>{*m}</option> }
                        }).collect_view()}
                    </select>
                    <input type="text" inputmode="numeric" maxlength="4" aria-label="Birthday year (optional)" placeholder="Year"
                        prop:value=move || draft.with(|d| d.birthday_year.clone())
                        on:input=move |ev| draft.update(|d| d.birthday_year = event_target_value(&ev)) />
                </div>
                <ErrorText id="birthday-error" error=error_for(Field::Birthday) />
            </fieldset>

            <label class="check">
                <input type="checkbox"
                    prop:checked=move || draft.with(|d| d.marketing_consent)
                    on:change=move |ev| draft.update(|d| d.marketing_consent = event_target_checked(&ev)) />
                <span>"Agrees to receive offers and news"</span>
            </label>

            <details class="more-fields" open=is_edit>
                <summary>"More details"</summary>
                <div class="field">
                    <label for="f-channel">"Prefers to be contacted by"</label>
                    <select id="f-channel" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.preferred_channel = Channel::from_code(&v));
                    }>
                        <option value="" selected=move || draft.with(|d| d.preferred_channel.is_none())>"No preference"</option>
                        {Channel::ALL.into_iter().map(|ch| view! {
                            <option value=ch.code() selected=move || draft.with(|d| d.preferred_channel == Some(ch))>{ch.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="f-instagram" label="Instagram" kind="text" autocomplete="off" hint="@handle or profile link"
                    value=get(|d| d.instagram.clone()) on_input=set(|d, v| d.instagram = v) error=Signal::derive(|| None) />
                <TextField id="f-facebook" label="Facebook" kind="text" autocomplete="off"
                    value=get(|d| d.facebook.clone()) on_input=set(|d, v| d.facebook = v) error=Signal::derive(|| None) />
                <TextField id="f-tiktok" label="TikTok" kind="text" autocomplete="off"
                    value=get(|d| d.tiktok.clone()) on_input=set(|d, v| d.tiktok = v) error=Signal::derive(|| None) />
                <TextField id="f-source" label="Where they found you" kind="text" autocomplete="off" hint="Instagram, a friend, the market…"
                    value=get(|d| d.source.clone()) on_input=set(|d, v| d.source = v) error=Signal::derive(|| None) />
                <label class="check">
                    <input type="checkbox"
                        prop:checked=move || draft.with(|d| d.do_not_contact)
                        on:change=move |ev| draft.update(|d| d.do_not_contact = event_target_checked(&ev)) />
                    <span>"Do not contact (no campaigns at all)"</span>
                </label>
            </details>

            <div class="field">
                <label for=field_id(Field::Notes)>"Notes"</label>
                <textarea id=field_id(Field::Notes) rows="3"
                    aria-invalid=move || error_for(Field::Notes).get().map(|_| "true")
                    prop:value=move || draft.with(|d| d.notes.clone())
                    on:input=move |ev| draft.update(|d| d.notes = event_target_value(&ev))></textarea>
                <ErrorText id="notes-error" error=error_for(Field::Notes) />
            </div>

            {editing.with_value(|e| e.as_ref().map(|c| c.id.clone())).map(|id| view! {
                <button type="button" class="btn btn-danger" on:click=move |_| {
                    app.trash_customer(id.clone());
                    app.go(Route::Customers);
                }>"Delete customer"</button>
            })}
            <div class="form-actions">
                <a class="btn btn-secondary" href=cancel_href>"Cancel"</a>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else if is_edit { "Save changes" } else { "Save customer" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// For a link to a customer that does not exist (any more).
pub(super) fn customer_not_found() -> AnyView {
    view! {
        <section class="empty">
            <h2>"Customer not found"</h2>
            <a class="btn btn-primary" href=Route::Customers.href()>"Back to customers"</a>
        </section>
    }
    .into_any()
}

fn field_id(f: Field) -> &'static str {
    match f {
        Field::Name => "f-name",
        Field::Phone => "f-phone",
        Field::Email => "f-email",
        Field::Birthday => "f-birthday",
        Field::Tags => "f-tags",
        Field::Notes => "f-notes",
    }
}
