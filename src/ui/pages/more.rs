//! More: settings, the Trash, and what is coming.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::locale::{Country, Language};
use crate::domain::basics::money::Currency;
use crate::domain::records::customer::Customer;
use crate::domain::records::settings::{Settings, Theme};
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;
use crate::ui::widgets::RadioGroup;

use super::Avatar;

/// A row of the More menu: where it goes, its icon, title and subtitle.
type MenuRow = (Route, fn() -> AnyView, &'static str, &'static str);

#[component]
pub fn More() -> impl IntoView {
    let app = use_app();
    let trashed = move || {
        app.customers
            .with(|l| l.iter().filter(|c| c.is_deleted()).count())
    };
    // (where, icon, title, subtitle): one row each.
    let rows: [MenuRow; 8] = [
        (
            Route::Settings,
            || icons::gear().into_any(),
            tr!(settings.menu_settings),
            tr!(settings.menu_settings_sub),
        ),
        (
            Route::Orders,
            || icons::bag().into_any(),
            tr!(orders.menu),
            tr!(orders.menu_sub),
        ),
        (
            Route::Templates,
            || icons::template().into_any(),
            tr!(settings.menu_templates),
            tr!(settings.menu_templates_sub),
        ),
        (
            Route::Campaigns,
            || icons::megaphone().into_any(),
            tr!(settings.menu_campaigns),
            tr!(settings.menu_campaigns_sub),
        ),
        (
            Route::Backup,
            || icons::restore().into_any(),
            tr!(settings.menu_backup),
            tr!(settings.menu_backup_sub),
        ),
        (
            Route::Import,
            || icons::people().into_any(),
            tr!(settings.menu_import),
            tr!(settings.menu_import_sub),
        ),
        (
            Route::Duplicates,
            || icons::search().into_any(),
            tr!(settings.menu_dupes),
            tr!(settings.menu_dupes_sub),
        ),
        (
            Route::Catalogue,
            || icons::bag().into_any(),
            tr!(catalogue.menu),
            tr!(catalogue.menu_sub),
        ),
    ];
    let row = |href: String, icon: AnyView, title: &'static str, sub: AnyView| {
        view! {
            <li>
                <a class="row" href=href>
                    <span class="row-icon">{icon}</span>
                    <span class="row-main">
                        <span class="row-title">{title}</span>
                        <span class="row-sub">{sub}</span>
                    </span>
                    {icons::chevron()}
                </a>
            </li>
        }
    };
    let trash_sub = move || match trashed() {
        0 => tr!(settings.trash_empty_sub).to_string(),
        n => crate::ui::i18n::plural(n, tr!(settings.trash_one), tr!(settings.trash_n)),
    };
    view! {
        <div class="more">
            <ul class="rows menu">
                {row(Route::Products.href(), icons::bag().into_any(), tr!(products.t_products), tr!(products.more_hint).into_any())}
                {rows[..6].iter().map(|(r, icon, title, sub)| row(r.href(), icon(), title, sub.into_any())).collect_view()}
                {row(Route::Trash.href(), icons::trash().into_any(), tr!(settings.menu_trash), trash_sub.into_any())}
                {rows[6..].iter().map(|(r, icon, title, sub)| row(r.href(), icon(), title, sub.into_any())).collect_view()}
            </ul>
            <crate::ui::pwa::InstallCard />
            <section class="card">
                <h2>{tr!(settings.about)}</h2>
                <p>{tr!(settings.about_text, v = env!("CARGO_PKG_VERSION"))}</p>
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
        crate::domain::basics::sort::by_key(&mut l, |c| std::cmp::Reverse(c.deleted_at));
        l
    });
    move || {
        let list = trashed.get();
        if list.is_empty() {
            return view! {
                <section class="empty">
                    <div class="empty-art" aria-hidden="true">{icons::trash()}</div>
                    <h2>{tr!(settings.trash_empty_title)}</h2>
                    <p>{tr!(settings.trash_empty_text)}</p>
                </section>
            }
            .into_any();
        }
        view! {
            <div>
                <p class="muted pad">{tr!(settings.trash_intro)}</p>
                <ul class="rows" aria-label=tr!(settings.trash_list)>
                    {list.into_iter().map(|c| {
                        let id = c.id.clone();
                        let name = c.display_name().to_string();
                        let when = c.deleted_at.map(platform::format_date).unwrap_or_default();
                        view! {
                            <li class="row">
                                <Avatar initials=c.initials() />
                                <span class="row-main">
                                    <span class="row-title">{name.clone()}</span>
                                    <span class="row-sub">{tr!(settings.deleted_on, when = when)}</span>
                                </span>
                                <button class="btn btn-secondary btn-small" aria-label=tr!(settings.restore_name, name = name)
                                    on:click=move |_| app.restore_customer(id.clone(), true)>
                                    {icons::restore()}{tr!(settings.restore)}
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
                    app.notify(tr!(settings.saved), None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // The language applies (and is saved) at once: the app shows itself again in it.
    let on_language = move |ev: leptos::ev::Event| {
        let mut s = app.settings.get_untracked();
        match Language::from_code(&event_target_value(&ev)) {
            Some(l) => {
                s.language = l;
                s.language_chosen = true;
            }
            None => {
                s.language_chosen = false;
                s.follow_phone(platform::languages().iter().map(String::as_str));
            }
        }
        spawn_local(async move {
            if let Err(e) = app.save_settings(s).await {
                error.set(Some(e));
            }
        });
    };
    let chosen = app
        .settings
        .with_untracked(|s| s.language_chosen.then_some(s.language));

    // Team sync's state on this phone (its settings live in localStorage, not in the form).
    let sync_state = if platform::storage::sync_settings().is_some_and(|s| s.enabled) {
        tr!(sync.state_on)
    } else {
        tr!(sync.state_off)
    };

    view! {
        <ul class="rows menu">
            <li>
                <a class="row" href=Route::Sync.href()>
                    <span class="row-icon">{icons::people()}</span>
                    <span class="row-main">
                        <span class="row-title">{tr!(sync.row_title)}</span>
                        <span class="row-sub">{sync_state}</span>
                    </span>
                    {icons::chevron()}
                </a>
            </li>
            <li>
                <a class="row" href=Route::LoyaltySettings.href()>
                    <span class="row-icon">{icons::coins()}</span>
                    <span class="row-main">
                        <span class="row-title">{tr!(loyalty.title)}</span>
                        <span class="row-sub">{tr!(loyalty.menu_sub)}</span>
                    </span>
                    {icons::chevron()}
                </a>
            </li>
            <li>
                <a class="row" href=Route::PayMethods.href()>
                    <span class="row-icon">{icons::cash()}</span>
                    <span class="row-main">
                        <span class="row-title">{tr!(paid.t_methods)}</span>
                        <span class="row-sub">{tr!(paid.row_sub)}</span>
                    </span>
                    {icons::chevron()}
                </a>
            </li>
        </ul>
        <super::lock::settings::AppLockSection />
        <div class="form">
            <div class="field">
                <label for="s-language">{tr!(settings.language)}</label>
                <select id="s-language" aria-describedby="s-language-hint" on:change=on_language>
                    <option value="auto" selected=chosen.is_none()>{tr!(settings.language_auto)}</option>
                    {Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=chosen == Some(l)>{l.native_name()}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint" id="s-language-hint">{tr!(settings.language_hint)}</p>
            </div>
        </div>
        <form class="form" on:submit=submit novalidate>
            <div class="field">
                <label for="s-name">{tr!(settings.business_name)}</label>
                <input id="s-name" type="text" autocomplete="organization"
                    prop:value=move || form.with(|s| s.business_name.clone())
                    on:input=move |ev| form.update(|s| s.business_name = event_target_value(&ev)) />
                <p class="field-hint">{tr!(settings.business_name_hint)}</p>
            </div>
            <div class="field">
                <label for="s-phone">{tr!(settings.business_phone)}</label>
                <input id="s-phone" type="tel" autocomplete="tel" aria-describedby="s-phone-hint"
                    prop:value=move || form.with(|s| s.business_phone.clone())
                    on:input=move |ev| form.update(|s| s.business_phone = event_target_value(&ev)) />
                <p class="field-hint" id="s-phone-hint">{tr!(settings.business_phone_hint)}</p>
            </div>
            <div class="field">
                <label for="s-country">{tr!(settings.country)}</label>
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
                            {format!("{} (+{})", crate::ui::labels::country(c), c.calling_code())}
                        </option>
                    }).collect_view()}
                </select>
                <p class="field-hint" id="s-country-hint">{tr!(settings.country_hint)}</p>
            </div>
            <div class="field">
                <label for="s-currency">{tr!(settings.currency)}</label>
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
                <span class="label">{tr!(settings.last_backup)}</span>
                <p class="field-hint">{move || match last_backup.get() {
                    Some(Some(m)) => crate::ui::i18n::plural_with(
                        m.records,
                        tr!(settings.last_backup_one),
                        tr!(settings.last_backup_value),
                        &[("ago", &crate::ui::i18n::ago(platform::now(), m.at))],
                    ),
                    Some(None) => tr!(settings.never_backed_up).to_string(),
                    None => String::new(),
                }}</p>
                <a class="btn btn-secondary" href=Route::Backup.href()>{tr!(settings.back_up_now)}</a>
            </div>
            <RadioGroup legend=tr!(settings.colours) name="theme" class="segmented" option_class="seg"
                options=&Theme::ALL code=Theme::code label=crate::ui::labels::theme draft=form
                get=|s: &Settings| s.theme set=|s: &mut Settings, t| s.theme = t />
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { tr!(settings.saving) } else { tr!(settings.save) }}
                </button>
            </div>
        </form>
    }
}
