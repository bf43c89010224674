//! Add / edit a customer, with inline validation in plain words.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::phone::{self, PhoneParse};
use crate::domain::records::customer::{
    Channel, Customer, CustomerDraft, Field, FieldError, Status,
};
use crate::platform;
use crate::ui::route::Route;
use crate::ui::state::{use_app, SaveError};
use crate::ui::widgets::{draft_get, draft_set, ErrorText, RadioGroup, TextField};

use crate::ui::pages::formats::dupes::DuplicateWarning;
use crate::ui::pages::lazy::{self, lazy_page};

// The duplicate warning loads lazily, with Find duplicates (whose matching code it shares); it is
// empty until the owner has typed a likely duplicate, so its empty region stands in while it loads.
lazy_page!(pub(crate) import, preload_dupe_warning,
    dupe_warning_part(name: Signal<String>, phone: Signal<String>, email: Signal<String>, except: Option<String>)
    => view! { <DuplicateWarning name=name phone=phone email=email except=except /> });

fn dupe_placeholder() -> AnyView {
    view! { <div class="dupe-warning-region" aria-live="polite"></div> }.into_any()
}

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
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == f)
                    .map(crate::ui::messages::field_error)
            })
        })
    };
    let phone_hint = Signal::derive(move || {
        let p = draft.with(|d| d.phone.clone());
        match phone::normalise(&p, country()) {
            PhoneParse::Empty => None,
            PhoneParse::Valid(e) => Some((
                false,
                tr!(form.saved_as, phone = phone::format_international(&e)),
            )),
            PhoneParse::Unrecognised if phone::digits(&p).len() >= 6 => Some((
                true,
                tr!(
                    form.phone_unrecognised,
                    country = crate::ui::labels::country(country())
                ),
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
                            tr!(form.changes_saved)
                        } else {
                            tr!(form.customer_added)
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
            <TextField id=field_id(Field::Name) label=tr!(form.name) kind="text" autocomplete="name"
                value=get(|d| d.name.clone()) on_input=set(|d, v| d.name = v) error=error_for(Field::Name) />
            <TextField id=field_id(Field::Phone) label=tr!(form.phone) kind="tel" autocomplete="tel" inputmode="tel"
                value=get(|d| d.phone.clone()) on_input=set(|d, v| d.phone = v) error=error_for(Field::Phone) />
            {move || phone_hint.get().map(|(warn, text)| view! {
                <p class="field-hint" class:warn=warn id="phone-hint" aria-live="polite">{text}</p>
            })}
            <TextField id=field_id(Field::Email) label=tr!(form.email) kind="email" autocomplete="email" inputmode="email"
                value=get(|d| d.email.clone()) on_input=set(|d, v| d.email = v) error=error_for(Field::Email) />
            {
                let (name, phone, email) = (get(|d| d.name.clone()), get(|d| d.phone.clone()), get(|d| d.email.clone()));
                let except = editing.with_value(|e| e.as_ref().map(|c| c.id.clone()));
                lazy::show_part(preload_dupe_warning, move || dupe_warning_part(name, phone, email, except.clone()), dupe_placeholder)
            }

            <RadioGroup legend=tr!(form.status) name="status" class="segmented" option_class="seg"
                options=&Status::ALL code=Status::code label=crate::ui::labels::status
                draft=draft get=|d| d.status set=|d, s| d.status = s />

            <TextField id=field_id(Field::Tags) label=tr!(form.tags) kind="text" autocomplete="off"
                hint=tr!(form.tags_hint)
                value=get(|d| d.tags.clone()) on_input=set(|d, v| d.tags = v) error=error_for(Field::Tags) />

            <fieldset class="field">
                <legend>{tr!(form.birthday)}</legend>
                <div class="birthday">
                    <select id=field_id(Field::Birthday) aria-label=tr!(form.bday_day)
                        aria-invalid=move || error_for(Field::Birthday).get().map(|_| "true")
                        on:change=move |ev| draft.update(|d| d.birthday_day = event_target_value(&ev))>
                        <option value="" selected=move || draft.with(|d| d.birthday_day.is_empty())>{tr!(form.day)}</option>
                        {(1..=31).map(|n| view! {
                            <option value=n.to_string() selected=move || draft.with(|d| d.birthday_day == n.to_string())>{n}</option>
                        }).collect_view()}
                    </select>
                    <select aria-label=tr!(form.bday_month) on:change=move |ev| draft.update(|d| d.birthday_month = event_target_value(&ev))>
                        <option value="" selected=move || draft.with(|d| d.birthday_month.is_empty())>{tr!(form.month)}</option>
                        {(1..=12u32).map(|m| {
                            let v = m.to_string();
                            let v2 = v.clone();
                            let name = crate::domain::basics::time::month_name(m, crate::ui::i18n::lang());
                            view! { <option value=v selected=move || draft.with(|d| d.birthday_month == v2)>{name}</option> }
                        }).collect_view()}
                    </select>
                    <input type="text" inputmode="numeric" maxlength="4" aria-label=tr!(form.bday_year) placeholder=tr!(form.year)
                        prop:value=move || draft.with(|d| d.birthday_year.clone())
                        on:input=move |ev| draft.update(|d| d.birthday_year = event_target_value(&ev)) />
                </div>
                <ErrorText id="birthday-error" error=error_for(Field::Birthday) />
            </fieldset>

            <label class="check">
                <input type="checkbox"
                    prop:checked=move || draft.with(|d| d.marketing_consent)
                    on:change=move |ev| draft.update(|d| d.marketing_consent = event_target_checked(&ev)) />
                <span>{tr!(form.consent)}</span>
            </label>

            <details class="more-fields" open=is_edit>
                <summary>{tr!(form.more_details)}</summary>
                <div class="field">
                    <label for="f-channel">{tr!(form.prefers)}</label>
                    <select id="f-channel" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.preferred_channel = Channel::from_code(&v));
                    }>
                        <option value="" selected=move || draft.with(|d| d.preferred_channel.is_none())>{tr!(form.no_preference)}</option>
                        {Channel::ALL.into_iter().map(|ch| view! {
                            <option value=ch.code() selected=move || draft.with(|d| d.preferred_channel == Some(ch))>{crate::ui::labels::channel(ch)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="f-instagram" label="Instagram" kind="text" autocomplete="off" hint=tr!(form.handle_hint)
                    value=get(|d| d.instagram.clone()) on_input=set(|d, v| d.instagram = v) error=Signal::derive(|| None) />
                <TextField id="f-facebook" label="Facebook" kind="text" autocomplete="off"
                    value=get(|d| d.facebook.clone()) on_input=set(|d, v| d.facebook = v) error=Signal::derive(|| None) />
                <TextField id="f-tiktok" label="TikTok" kind="text" autocomplete="off"
                    value=get(|d| d.tiktok.clone()) on_input=set(|d, v| d.tiktok = v) error=Signal::derive(|| None) />
                <TextField id="f-source" label=tr!(form.source) kind="text" autocomplete="off" hint=tr!(form.source_hint)
                    value=get(|d| d.source.clone()) on_input=set(|d, v| d.source = v) error=Signal::derive(|| None) />
                <label class="check">
                    <input type="checkbox"
                        prop:checked=move || draft.with(|d| d.do_not_contact)
                        on:change=move |ev| draft.update(|d| d.do_not_contact = event_target_checked(&ev)) />
                    <span>{tr!(form.do_not_contact)}</span>
                </label>
            </details>

            <div class="field">
                <label for=field_id(Field::Notes)>{tr!(form.notes)}</label>
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
                }>{tr!(form.delete_customer)}</button>
            })}
            <div class="form-actions">
                <a class="btn btn-secondary" href=cancel_href>{tr!(common.cancel)}</a>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { tr!(common.saving) } else if is_edit { tr!(form.save_changes) } else { tr!(form.save_customer) }}
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
            <h2>{tr!(form.not_found)}</h2>
            <a class="btn btn-primary" href=Route::Customers.href()>{tr!(form.back_to_customers)}</a>
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
