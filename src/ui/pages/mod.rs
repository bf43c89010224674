//! One component per page; [`Page`] shows the one the address asks for.
//!
//! The first load holds the shell, Today, the customers, a customer, the customer form and the
//! contact, purchase and payment forms. Every other page, and the follow-up, complaint and deal
//! forms, is lazy (see [`lazy`]): in the split release build its code is a separate wasm chunk,
//! fetched on first use or in idle time after the first screen ([`preload_when_idle`]).

mod formats;
mod insight;
mod lazy;
mod lock;
pub(crate) mod loyalty;
mod messaging;
mod more;
pub(crate) mod orders;
mod paid;
mod products;
mod records;
mod selling;
mod sync;
mod today;

use leptos::prelude::*;

use lazy::lazy_page;

use super::route::Route;
use super::state::use_app;

#[component]
pub fn Page() -> impl IntoView {
    let app = use_app();
    // The page to show: the customer list can show while the rest of the customers are still
    // being read at start-up (see `AppState::start`); other pages wait for everyone.
    let page = Memo::new(move |_| {
        let route = app.route.get();
        (route == Route::Customers || app.loaded.get()).then_some(route)
    });
    move || {
        let Some(route) = page.get() else {
            return view! { <p class="loading" role="status">{tr!(common.opening)}</p> }.into_any();
        };
        match route {
        Route::Today => view! { <today::Today /> }.into_any(),
        Route::Customers => view! { <records::customers::CustomerList /> }.into_any(),
        Route::NewCustomer { name } => {
            view! { <records::form::CustomerForm id=None prefill=name /> }.into_any()
        }
        Route::Customer(id) => view! { <records::customer::CustomerDetail id=id /> }.into_any(),
        Route::EditCustomer(id) => {
            view! { <records::form::CustomerForm id=Some(id) prefill=String::new() /> }.into_any()
        }
        Route::NewEvent { customer, what, preset } => {
            view! { <records::events::EventPage customer=customer store=what id=None preset=preset /> }.into_any()
        }
        Route::EditEvent { customer, store, id } => {
            view! { <records::events::EventPage customer=customer store=store id=Some(id) preset=String::new() /> }.into_any()
        }
        // Loaded on first use (separate wasm chunks in the split build).
        // Staff view: Who owes me, Reports, receipts and statements ask for the PIN first.
        Route::Owes | Route::Reports | Route::Receipt { .. } | Route::Statement(_)
            if !app.amounts_visible.get() =>
        {
            app.pin_asked.set(true);
            view! { <section class="empty">{crate::ui::widgets::owed_hidden()}</section> }.into_any()
        }
        Route::Owes => lazy::show(preload_owes, owes_page),
        Route::Reports => lazy::show(preload_reports, reports_page),
        Route::More => lazy::show(preload_more, more_page),
        Route::Settings => lazy::show(preload_settings, settings_page),
        Route::Trash => lazy::show(preload_trash, trash_page),
        Route::Backup => lazy::show(preload_backup, backup_page),
        Route::Import => lazy::show(preload_import, import_page),
        Route::Duplicates => lazy::show(preload_dupes, dupes_page),
        Route::Pipeline => lazy::show(preload_pipeline, pipeline_page),
        Route::Segments => lazy::show(preload_segments, segments_page),
        Route::Segment(id) => lazy::show(preload_segment, move || segment_page(id.clone())),
        Route::Templates => lazy::show(preload_templates, templates_page),
        Route::Template(id) => lazy::show(preload_template, move || template_page(id.clone())),
        Route::Campaigns => lazy::show(preload_campaigns, campaigns_page),
        Route::Campaign(id) if id == "new" => lazy::show(preload_new_campaign, new_campaign_page),
        Route::Campaign(id) => lazy::show(preload_campaign, move || campaign_page(id.clone())),
        Route::Sync => lazy::show(preload_sync, sync_page),
        Route::Catalogue => lazy::show(preload_selling, || selling_part(None)),
        Route::Orders => orders::page(),
        Route::LoyaltySettings => loyalty::settings_page(),
        r @ (Route::Receipt { .. }
        | Route::Statement(_)
        | Route::PayMethods
        | Route::LoyaltyCard(_)) => {
            lazy::show(preload_paid, move || paid_page(r.clone()))
        }
        r @ (Route::Products | Route::Product(_)) => lazy::show(products::preload_products, move || {
            products::products_part(products::Part::Page(r.clone()))
        }),
        Route::NotFound => view! {
            <section class="empty">
                <h2>{tr!(common.not_found_title)}</h2>
                <p>{tr!(common.not_found_text)}</p>
                <a class="btn btn-primary" href=Route::Today.href()>{tr!(common.not_found_go_today)}</a>
            </section>
        }
        .into_any(),
    }
    }
}

// The lazy pages, in seven chunks: pages used together share one (fewer, larger chunks compress
// better and share their common code without many tiny shared chunks).
lazy_page!(owes, preload_owes, owes_page() => view! { <records::owes::Owes /> });
lazy_page!(more, preload_more, more_page() => view! { <more::More /> });
lazy_page!(more, preload_settings, settings_page() => view! { <more::SettingsPage /> });
lazy_page!(more, preload_trash, trash_page() => view! { <more::Trash /> });
lazy_page!(insight, preload_reports, reports_page() => view! { <insight::reports::Reports /> });
lazy_page!(insight, preload_pipeline, pipeline_page() => view! { <records::pipeline::Pipeline /> });
lazy_page!(insight, preload_segments, segments_page() => view! { <insight::segments::Segments /> });
lazy_page!(insight, preload_segment, segment_page(id: String) => view! { <insight::segments::SegmentPage id=id /> });
lazy_page!(messaging, preload_templates, templates_page() => view! { <messaging::templates::TemplateList /> });
lazy_page!(messaging, preload_template, template_page(id: String) => view! { <messaging::templates::TemplateEdit id=id /> });
lazy_page!(messaging, preload_campaigns, campaigns_page() => view! { <messaging::campaigns::CampaignList /> });
lazy_page!(messaging, preload_new_campaign, new_campaign_page() => view! { <messaging::campaigns::NewCampaign /> });
lazy_page!(messaging, preload_campaign, campaign_page(id: String) => view! { <messaging::campaigns::CampaignPage id=id /> });
lazy_page!(backup, preload_backup, backup_page() => view! { <formats::backup::BackupPage /> });
lazy_page!(import, preload_import, import_page() => view! { <formats::import::ImportPage /> });
lazy_page!(import, preload_dupes, dupes_page() => view! { <formats::dupes::Duplicates /> });
// The follow-up, complaint and deal forms (drawn by `records::events::EventPage`).
lazy_page!(forms, preload_forms, forms_page(
    store: String,
    c: crate::domain::records::customer::Customer,
    existing: Option<crate::domain::records::events::Event>
) => records::events::lazy_form(&store, c, existing));
lazy_page!(sync, preload_sync, sync_page() => view! { <sync::SyncPage /> });
// Getting paid: receipts, statements (with the QR encoder and the canvas drawing) and the payment
// methods, behind one entry (each entry costs the first load its loader), in the messaging chunk
// with the reminder queue: a chunk of their own made 22 more small shared chunks, each listed in
// the first load's `__wasm_split.js` (first load −590 B, total −13.5 KB measured with `.ci/size`).
lazy_page!(messaging, preload_paid, paid_page(route: Route) => paid::page(route));
// Selling from products: the catalogue page and the purchase form's product picker.
// One entry for both (each entry costs the first load its loader): `None` draws the catalogue page,
// `Some((draft, open))` the purchase form's picker.
lazy_page!(pub(crate) selling, preload_selling, selling_part(picker: Option<selling::PickerFor>) => selling::part(picker));
lazy_page!(sync, preload_sync_engine, sync_engine() => view! { <sync::SyncEngine /> });

/// Team sync's replicator, running while sync is set up on this phone and the customers are read
/// (its code is in the sync chunk, fetched only then). Restarted when the settings change.
#[component]
pub fn SyncRunner() -> impl IntoView {
    let app = use_app();
    move || {
        app.sync_restart.track();
        (app.sync_on.get() && app.loaded.get())
            .then(|| lazy::show_part(preload_sync_engine, sync_engine, || ().into_any()))
    }
}

// The app PIN's lock screen and idle timer: only a phone with a PIN loads it (`start_lock`).
lazy_page!(lock, preload_lock, lock_start(app: crate::ui::state::AppState) => lock::screen::mount(app));

/// Loads the lock chunk on a phone with a PIN (at start, or when one is set in Settings): it
/// draws the lock screen when needed and watches idle time from then on. A chunk that cannot load
/// (offline before the service worker cached it) is tried again every 3 s: a locked app stays
/// hidden meanwhile.
pub fn start_lock(app: crate::ui::state::AppState) {
    let Some(mode) = app.lock.get_untracked() else {
        return;
    };
    // Until the chunk keeps them: a locked app hides everything, staff view the amounts owed
    // (the style sheet), from the first frame on.
    let hide = !app.unlocked.get_untracked();
    let flag = if mode.staff {
        "data-owed-hidden"
    } else {
        "data-locked"
    };
    crate::platform::set_root_flag(flag, hide);
    let _ = preload_lock;
    leptos::task::spawn_local(async move {
        if lock_start(app).await.is_err() {
            set_timeout(move || start_lock(app), std::time::Duration::from_secs(3));
        }
    });
}

/// Once the first screen is up (every customer read), fetches the lazy pages' chunks (one preload
/// per chunk) in idle time, the likeliest first, so the next tap needs no download. Call once, in
/// the app's root.
pub fn preload_when_idle() {
    let app = use_app();
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !app.loaded.get() || started.get_value() {
            return;
        }
        started.set_value(true);
        fn chunk<E>(
            f: impl std::future::Future<Output = Result<(), E>> + 'static,
        ) -> lazy::Preload {
            Box::pin(async move { f.await.is_ok() })
        }
        lazy::preload_later(vec![
            // First what the pages of the first load lead to: the chunks holding the lazy parts
            // of the customer page and form (lead grade: insight; send a message: messaging;
            // duplicate warning: import), and the follow-up/complaint/deal forms. The pages' own
            // preloads of those chunks below are then no-ops.
            chunk(records::customer::preload_lead_grade()),
            chunk(records::customer::preload_send_message()),
            // With it: "reminders are due", whichever page the app opened on.
            chunk(records::dunning::notify_due_later(app)),
            chunk(records::form::preload_dupe_warning()),
            chunk(preload_forms()),
            // The purchase form's "Pick a product" and the catalogue.
            chunk(preload_selling()),
            chunk(preload_owes()),
            chunk(preload_more()),
            chunk(preload_reports()),
            chunk(preload_templates()),
            chunk(preload_import()),
            chunk(preload_backup()),
            chunk(preload_sync()),
            // Receipts and statements (a customer page's "Receipt" and "Statement"): in the
            // messaging chunk, so a no-op by now; kept so a move to a chunk of their own keeps
            // them preloaded.
            chunk(preload_paid()),
            // Products (More → Products, and Today's low-stock card).
            chunk(products::preload_products()),
            // Orders (Today's deliveries, a customer's orders, the Orders page).
            chunk(orders::preload_orders()),
            chunk(loyalty::preload_loyalty()),
        ]);
    });
}

/// A round avatar with initials.
#[component]
pub fn Avatar(initials: String) -> impl IntoView {
    view! { <span class="avatar" aria-hidden="true">{initials}</span> }
}
