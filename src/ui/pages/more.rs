//! More: settings, the Trash, and what is coming.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::customer::Customer;
use crate::domain::locale::Country;
use crate::domain::money::Currency;
use crate::domain::settings::{Settings, Theme};
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;
use crate::ui::widgets::RadioGroup;

use super::Avatar;

#[component]
pub fn More() -> impl IntoView {
    let app = use_app();
    let trashed = move || {
        app.customers
            .with(|l| l.iter().filter(|c| c.is_deleted()).count())
    };
    view! {
        <div class="more">
            <ul class="rows menu">
                <li>
                    <a class="row" href=Route::Settings.href()>
                        <span class="row-icon">{icons::gear()}</span>
                        <span class="row-main">
                            <span class="row-title">"Settings"</span>
                            <span class="row-sub">"Business name, country, currency, colours"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Templates.href()>
                        <span class="row-icon">{icons::template()}</span>
                        <span class="row-main">
                            <span class="row-title">"Message templates"</span>
                            <span class="row-sub">"Thank-yous, reminders, greetings with the customer's name"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Campaigns.href()>
                        <span class="row-icon">{icons::megaphone()}</span>
                        <span class="row-main">
                            <span class="row-title">"Campaigns"</span>
                            <span class="row-sub">"Message many customers on WhatsApp, one tap each"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Backup.href()>
                        <span class="row-icon">{icons::restore()}</span>
                        <span class="row-main">
                            <span class="row-title">"Backup & restore"</span>
                            <span class="row-sub">"Keep a copy of your data; move to a new phone"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Import.href()>
                        <span class="row-icon">{icons::people()}</span>
                        <span class="row-main">
                            <span class="row-title">"Import contacts"</span>
                            <span class="row-sub">"From Google Contacts, your phone or a spreadsheet"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Trash.href()>
                        <span class="row-icon">{icons::trash()}</span>
                        <span class="row-main">
                            <span class="row-title">"Trash"</span>
                            <span class="row-sub">{move || match trashed() { 0 => "Empty".to_string(), 1 => "1 customer".to_string(), n => format!("{n} customers") }}</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
                <li>
                    <a class="row" href=Route::Duplicates.href()>
                        <span class="row-icon">{icons::search()}</span>
                        <span class="row-main">
                            <span class="row-title">"Find duplicates"</span>
                            <span class="row-sub">"Customers saved twice: merge them into one"</span>
                        </span>
                        {icons::chevron()}
                    </a>
                </li>
            </ul>
            <crate::ui::pwa::InstallCard />
            <section class="card card-muted">
                <h2>"Coming soon"</h2>
                <ul class="plain">
                    <li>"Español and Bahasa Indonesia"</li>
                </ul>
            </section>
            <section class="card">
                <h2>"About Rapport"</h2>
                <p>{format!("Version {}. Your data stays on this phone: no account, no server.", env!("CARGO_PKG_VERSION"))}</p>
            </section>
        </div>
    }
}

#[component]
pub fn Trash() -> impl IntoView {
    let app = use_app();
    let trashed = Memo::new(move |_| {
        let mut l: Vec<Customer> = app
            .customers
            .with(|l| l.iter().filter(|c| c.is_deleted()).cloned().collect());
        crate::domain::sort::by_key(&mut l, |c| std::cmp::Reverse(c.deleted_at));
        l
    });
    move || {
        let list = trashed.get();
        if list.is_empty() {
            return view! {
                <section class="empty">
                    <div class="empty-art" aria-hidden="true">{icons::trash()}</div>
                    <h2>"The Trash is empty"</h2>
                    <p>"Customers you delete wait here, so you can bring them back."</p>
                </section>
            }
            .into_any();
        }
        view! {
            <div>
                <p class="muted pad">"Deleted customers. Restore brings them back with everything they had."</p>
                <ul class="rows" aria-label="Deleted customers">
                    {list.into_iter().map(|c| {
                        let id = c.id.clone();
                        let name = c.display_name().to_string();
                        let when = c.deleted_at.map(platform::format_date).unwrap_or_default();
                        view! {
                            <li class="row">
                                <Avatar initials=c.initials() />
                                <span class="row-main">
                                    <span class="row-title">{name.clone()}</span>
                                    <span class="row-sub">{format!("Deleted {when}")}</span>
                                </span>
                                <button class="btn btn-secondary btn-small" aria-label=format!("Restore {name}")
                                    on:click=move |_| app.restore_customer(id.clone(), true)>
                                    {icons::restore()}"Restore"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(app.settings.get_untracked());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let last_backup = LocalResource::new(move || async move {
        match app.store() {
            Ok(s) => s.last_backup().await.ok().flatten(),
            Err(_) => None,
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saving.set(true);
        spawn_local(async move {
            let result = app.save_settings(form.get_untracked()).await;
            saving.set(false);
            match result {
                Ok(()) => {
                    error.set(None);
                    app.notify("Settings saved.", None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <div class="field">
                <label for="s-name">"Business name"</label>
                <input id="s-name" type="text" autocomplete="organization"
                    prop:value=move || form.with(|s| s.business_name.clone())
                    on:input=move |ev| form.update(|s| s.business_name = event_target_value(&ev)) />
                <p class="field-hint">"Shown on Today, and later in your messages to customers."</p>
            </div>
            <div class="field">
                <label for="s-country">"Country"</label>
                <select id="s-country" aria-describedby="s-country-hint" on:change=move |ev| {
                    if let Some(c) = Country::from_code(&event_target_value(&ev)) {
                        form.update(|s| {
                            // Follow the country's currency unless the owner chose another one.
                            if s.currency == s.country.default_currency() {
                                s.currency = c.default_currency();
                            }
                            s.country = c;
                        });
                    }
                }>
                    {Country::ALL.into_iter().map(|c| view! {
                        <option value=c.code() selected=move || form.with(|s| s.country == c)>
                            {format!("{} (+{})", c.name(), c.calling_code())}
                        </option>
                    }).collect_view()}
                </select>
                <p class="field-hint" id="s-country-hint">"Phone numbers typed without + are read as numbers from this country."</p>
            </div>
            <div class="field">
                <label for="s-currency">"Currency"</label>
                <select id="s-currency" on:change=move |ev| {
                    if let Some(c) = Currency::from_code(&event_target_value(&ev)) {
                        form.update(|s| s.currency = c);
                    }
                }>
                    {Currency::ALL.into_iter().map(|c| view! {
                        <option value=c.code() selected=move || form.with(|s| s.currency == c)>
                            {format!("{} ({})", c.code(), c.symbol())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <span class="label">"Last backup"</span>
                <p class="field-hint">{move || match last_backup.get() {
                    Some(Some(m)) => format!("{} ({} records).", crate::domain::time::ago(platform::now(), m.at), m.records),
                    Some(None) => "Never. Your data lives only on this phone.".to_string(),
                    None => String::new(),
                }}</p>
                <a class="btn btn-secondary" href=Route::Backup.href()>"Back up now"</a>
            </div>
            <RadioGroup legend="Colours" name="theme" class="segmented" option_class="seg"
                options=&Theme::ALL code=Theme::code label=Theme::label draft=form
                get=|s: &Settings| s.theme set=|s: &mut Settings, t| s.theme = t />
            <div class="field">
                <span class="label">"Language"</span>
                <p class="field-hint">"English for now. Español and Bahasa Indonesia are coming."</p>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save settings" }}
                </button>
            </div>
        </form>
    }
}
