//! The app shell: top bar, bottom navigation on phones, and the toast with Undo.

use leptos::prelude::*;

use super::icons;
use super::route::{Route, Tab};
use super::state::use_app;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let app = use_app();
    let title = move || app.route.with(|r| r.title());
    let parent = move || app.route.with(|r| r.parent());

    view! {
        <a class="skip-link" href="#main">{tr!(common.skip_to_content)}</a>
        <header class="topbar">
            {move || parent().map(|p| view! {
                <a class="icon-btn" href=p.href() aria-label=tr!(common.back)>{icons::back()}</a>
            })}
            <h1 class="topbar-title">{title}</h1>
        </header>
        <main id="main" class="content" tabindex="-1"><super::pwa::UpdateNotice />{children()}</main>
        <ToastView />
        <nav class="tabbar" aria-label=tr!(common.nav_main)>
            <NavTab tab=Tab::Today route=Route::Today label=tr!(common.nav_today)>{icons::today()}</NavTab>
            <NavTab tab=Tab::Customers route=Route::Customers label=tr!(common.nav_customers)>{icons::people()}</NavTab>
            <NavTab tab=Tab::Reports route=Route::Reports label=tr!(common.nav_reports)>{icons::chart()}</NavTab>
            <NavTab tab=Tab::More route=Route::More label=tr!(common.nav_more)>{icons::more()}</NavTab>
        </nav>
    }
}

#[component]
fn NavTab(tab: Tab, route: Route, label: &'static str, children: Children) -> impl IntoView {
    let app = use_app();
    let current = move || app.route.with(|r| r.tab() == tab);
    view! {
        <a
            class="tab"
            class:tab-active=current
            href=route.href()
            aria-current=move || current().then_some("page")
        >
            {children()}
            <span class="tab-label">{label}</span>
        </a>
    }
}

#[component]
fn ToastView() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || app.toast.get().map(|t| {
                let undo = t.undo.clone();
                view! {
                    <div class="toast" class:toast-error=t.is_error>
                        <span class="toast-msg">{t.message.clone()}</span>
                        {undo.map(|u| view! {
                            <button class="toast-btn" on:click=move |_| app.run_undo(u.clone())>{tr!(common.undo)}</button>
                        })}
                        <button class="toast-close" aria-label=tr!(common.dismiss) on:click=move |_| app.toast.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
