//! One component per page; [`Page`] shows the one the address asks for.

mod formats;
mod insight;
mod messaging;
mod more;
mod records;
mod today;

use leptos::prelude::*;

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
        Route::Owes => view! { <records::owes::Owes /> }.into_any(),
        Route::Reports => view! { <insight::reports::Reports /> }.into_any(),
        Route::More => view! { <more::More /> }.into_any(),
        Route::Settings => view! { <more::SettingsPage /> }.into_any(),
        Route::Trash => view! { <more::Trash /> }.into_any(),
        Route::Backup => view! { <formats::backup::BackupPage /> }.into_any(),
        Route::Import => view! { <formats::import::ImportPage /> }.into_any(),
        Route::Duplicates => view! { <formats::dupes::Duplicates /> }.into_any(),
        Route::Pipeline => view! { <records::pipeline::Pipeline /> }.into_any(),
        Route::Segments => view! { <insight::segments::Segments /> }.into_any(),
        Route::Segment(id) => view! { <insight::segments::SegmentPage id=id /> }.into_any(),
        Route::Templates => view! { <messaging::templates::TemplateList /> }.into_any(),
        Route::Template(id) => view! { <messaging::templates::TemplateEdit id=id /> }.into_any(),
        Route::Campaigns => view! { <messaging::campaigns::CampaignList /> }.into_any(),
        Route::Campaign(id) if id == "new" => view! { <messaging::campaigns::NewCampaign /> }.into_any(),
        Route::Campaign(id) => view! { <messaging::campaigns::CampaignPage id=id /> }.into_any(),
        Route::NotFound => view! {
            <section class="empty">
                <h2>{tr!(common.not_found_title)}</h2>
                <p>{tr!(common.not_found_text)}</p>
                <a class="btn btn-primary" href=Route::Today.href()>"Go to Today"</a>
            </section>
        }
        .into_any(),
    }
    }
}

/// A round avatar with initials.
#[component]
pub fn Avatar(initials: String) -> impl IntoView {
    view! { <span class="avatar" aria-hidden="true">{initials}</span> }
}
