//! Contact actions shared by the pages: one-tap links (WhatsApp, call, SMS, email, profiles)
//! that log the contact with an Undo, the "send a message from a template" panel, and the
//! personalised values templates are filled with.

use leptos::prelude::*;

use crate::domain::messaging::contact::{self, ContactChannel};
use crate::domain::messaging::template::{self, Starter, Template, Values};
use crate::domain::records::customer::Customer;
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

pub fn channel_icon(ch: ContactChannel) -> AnyView {
    match ch {
        ContactChannel::WhatsApp => icons::chat().into_any(),
        ContactChannel::Call => icons::phone().into_any(),
        ContactChannel::Sms => icons::sms().into_any(),
        ContactChannel::Email => icons::mail().into_any(),
        ContactChannel::Instagram => icons::instagram().into_any(),
        ContactChannel::Facebook => icons::facebook().into_any(),
        ContactChannel::TikTok => icons::tiktok().into_any(),
    }
}

/// The accessible name of a contact button: "Call Siti", "Open Siti's Instagram".
fn action_name(ch: ContactChannel, name: &str) -> String {
    match ch {
        ContactChannel::WhatsApp => tr!(contact.act_whatsapp, name = name),
        ContactChannel::Call => tr!(contact.act_call, name = name),
        ContactChannel::Sms => tr!(contact.act_sms, name = name),
        ContactChannel::Email => tr!(contact.act_email, name = name),
        ContactChannel::Instagram | ContactChannel::Facebook | ContactChannel::TikTok => tr!(
            contact.act_profile,
            name = name,
            network = crate::ui::labels::contact_channel(ch)
        ),
    }
}

/// What a template is for, in a word ("marketing", "service").
fn purpose(p: template::Purpose) -> &'static str {
    match p {
        template::Purpose::Marketing => tr!(contact.purpose_marketing),
        template::Purpose::Service => tr!(contact.purpose_service),
    }
}

/// The values templates are filled with for customer `c`, from the settings and the clock.
pub fn values_for(app: AppState, c: &Customer) -> Values {
    let (business, currency, lang) = app
        .settings
        .with_untracked(|s| (s.business_name.clone(), s.currency, s.language));
    Values::for_customer(
        c,
        &business,
        currency,
        lang,
        platform::now(),
        platform::tz_offset(),
    )
}

/// A starter's message for `c` (the owner's edited copy when there is one), in the app language.
pub fn starter_text(app: AppState, stored: &[Template], starter: Starter, c: &Customer) -> String {
    let lang = app.settings.with_untracked(|s| s.language);
    template::starter_message(stored, starter, lang, &values_for(app, c))
}

/// The templates as stored (empty while loading or when they cannot be read: the starters
/// still work).
pub fn stored_templates(app: AppState) -> Signal<Vec<Template>> {
    let docs = app.docs::<Template>();
    Signal::derive(move || docs.get().and_then(Result::ok).unwrap_or_default())
}

/// One contact link: opens the channel and logs an outbound interaction (with Undo).
/// `summary` is written in the log ("Payment reminder").
#[component]
pub fn ContactLink(
    customer_id: String,
    channel: ContactChannel,
    href: String,
    #[prop(into)] label: String,
    #[prop(into)] aria_label: String,
    class: &'static str,
    #[prop(optional, into)] summary: String,
) -> impl IntoView {
    let app = use_app();
    let external = href.starts_with("https://");
    view! {
        <a class=class href=href
            target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")
            aria-label=aria_label
            on:click=move |_| app.log_contact(customer_id.clone(), channel, summary.clone())>
            {channel_icon(channel)}<span>{label}</span>
        </a>
    }
}

/// A message link for `c` on the first channel that works (WhatsApp, else SMS), labelled
/// `label`; "No phone number" when there is none.
#[component]
pub fn MessageLink(
    c: Customer,
    text: String,
    #[prop(into)] label: String,
    /// The accessible name's verb: "Remind" gives "Remind Siti on WhatsApp".
    verb: &'static str,
    #[prop(into)] summary: String,
) -> impl IntoView {
    let name = c.display_name().to_string();
    let found = [ContactChannel::WhatsApp, ContactChannel::Sms]
        .into_iter()
        .find_map(|ch| contact::link(&c, ch, &text, "").map(|href| (ch, href)));
    match found {
        Some((ch, href)) => {
            let aria_label = if ch == ContactChannel::WhatsApp {
                tr!(contact.on_whatsapp, verb = verb, name = name)
            } else {
                tr!(contact.by_sms, verb = verb, name = name)
            };
            view! {
                <ContactLink customer_id=c.id.clone() channel=ch href=href label=label
                    aria_label=aria_label class="btn btn-secondary btn-small" summary=summary />
            }
            .into_any()
        }
        None => view! { <span class="owe-nophone muted">{tr!(contact.no_phone)}</span> }.into_any(),
    }
}

/// The contact buttons of the customer page: every channel the customer can be reached on.
#[component]
pub fn ContactActions(c: Customer) -> impl IntoView {
    let actions = contact::actions(&c);
    let name = c.display_name().to_string();
    if actions.is_empty() {
        return view! {
            <p class="muted pad contact-none">{tr!(contact.none)}</p>
        }
        .into_any();
    }
    view! {
        <div class="actions contact-actions" role="group" aria-label=tr!(contact.contact)>
            {actions.into_iter().map(|(ch, href)| view! {
                <ContactLink customer_id=c.id.clone() channel=ch href=href label=crate::ui::labels::contact_channel(ch)
                    aria_label=action_name(ch, &name) class="action" />
            }).collect_view()}
        </div>
        {c.do_not_contact.then(|| view! {
            <p class="field-hint warn pad">{tr!(contact.do_not_contact)}</p>
        })}
    }
    .into_any()
}

/// "Send a message": pick a template, see it filled in for this customer, send it on any
/// channel that takes text.
#[component]
pub fn SendMessage(c: Customer) -> impl IntoView {
    let app = use_app();
    let stored = stored_templates(app);
    let lang = app.settings.with_untracked(|s| s.language);
    let channels: Vec<(ContactChannel, String)> = [
        ContactChannel::WhatsApp,
        ContactChannel::Sms,
        ContactChannel::Email,
    ]
    .into_iter()
    .filter_map(|ch| contact::link(&c, ch, "", "").map(|_| (ch, String::new())))
    .collect();
    if channels.is_empty() {
        return ().into_any();
    }
    let chosen = RwSignal::new(String::new());
    let values = RwSignal::new(values_for(app, &c));
    crate::ui::pages::loyalty::fill_values(app, c.id.clone(), values);
    let list = Memo::new(move |_| template::effective(&stored.get(), lang));
    let current = Memo::new(move |_| {
        let id = chosen.get();
        list.with(|l| l.iter().find(|t| t.id == id).cloned())
    });
    let name = c.display_name().to_string();
    let customer = StoredValue::new(c);
    view! {
        <details class="details-card send-message">
            <summary>{tr!(contact.send_message)}</summary>
            <div class="form send-form">
                <div class="field">
                    <label for="send-template">{tr!(contact.template)}</label>
                    <select id="send-template" on:change=move |ev| chosen.set(event_target_value(&ev))
                        prop:value=move || chosen.get()>
                        <option value="">{tr!(contact.choose_template)}</option>
                        {move || list.get().into_iter().map(|t| view! {
                            <option value=t.id.clone()>{format!("{} ({})", t.name, purpose(t.purpose))}</option>
                        }).collect_view()}
                    </select>
                    <a class="btn btn-link btn-small" href=Route::Templates.href()>{tr!(contact.edit_templates)}</a>
                </div>
                {move || current.get().map(|t| {
                    let text = values.with(|v| template::render(&t.body, v, lang));
                    let c = customer.get_value();
                    let marketing_blocked = t.purpose == template::Purpose::Marketing && !c.marketing_consent;
                    view! {
                        <p class="bubble" role="note" aria-label=tr!(contact.preview)>{text.clone()}</p>
                        {marketing_blocked.then(|| view! {
                            <p class="field-hint warn">{tr!(contact.no_marketing, name = name)}</p>
                        })}
                        <div class="send-buttons">
                            {[ContactChannel::WhatsApp, ContactChannel::Sms, ContactChannel::Email].into_iter().filter_map(|ch| {
                                let href = contact::link(&c, ch, &text, &t.name)?;
                                Some(view! {
                                    <ContactLink customer_id=c.id.clone() channel=ch href=href label=tr!(contact.send_on, channel = crate::ui::labels::contact_channel(ch))
                                        aria_label=tr!(contact.send_to, template = t.name, name = c.display_name(), channel = crate::ui::labels::contact_channel(ch))
                                        class="btn btn-secondary btn-small" summary=t.name.clone() />
                                })
                            }).collect_view()}
                        </div>
                    }
                })}
            </div>
        </details>
    }
    .into_any()
}
