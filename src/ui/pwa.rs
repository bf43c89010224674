//! Installable app: the "new version — Reload" notice and the "Install app" card (with the
//! iPhone steps where the browser has no install button).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::sw;

/// What the browser says about updates and installing; shared through a Leptos context.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new version has installed and waits for a reload.
    pub update_ready: RwSignal<bool>,
    /// The browser offers to install Rapport (Chrome, Edge, Samsung Internet).
    pub installable: RwSignal<bool>,
    /// The owner said "Later" to the update notice.
    pub update_dismissed: RwSignal<bool>,
}

/// Registers the service worker and starts listening; call once when the app starts.
pub fn start() {
    let pwa = Pwa {
        update_ready: RwSignal::new(false),
        installable: RwSignal::new(sw::can_install()),
        update_dismissed: RwSignal::new(false),
    };
    provide_context(pwa);
    sw::register(move || pwa.update_ready.set(true));
    sw::on_install_change(move |offered| pwa.installable.set(offered));
}

fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

/// "A new version of Rapport is ready" with a Reload button; the region is always present so
/// screen readers announce the notice when it appears.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let pwa = use_pwa();
    let reloading = RwSignal::new(false);
    let show = move || pwa.update_ready.get() && !pwa.update_dismissed.get();
    view! {
        <div class="update-region" role="status" aria-live="polite">
            <Show when=show>
                <div class="notice notice-update">
                    <p>{tr!(common.update_available)}</p>
                    <div class="case-actions">
                        <button class="btn btn-primary" disabled=move || reloading.get()
                            on:click=move |_| { reloading.set(true); sw::apply_update(); }>
                            {move || if reloading.get() { tr!(common.reloading) } else { tr!(common.reload) }}
                        </button>
                        <button class="btn btn-secondary" on:click=move |_| pwa.update_dismissed.set(true)>{tr!(common.later)}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// On More: an "Install app" button where the browser offers it, the Share → Add to Home Screen
/// steps on iPhone Safari, nothing once Rapport runs as an installed app.
#[component]
pub fn InstallCard() -> impl IntoView {
    let pwa = use_pwa();
    let installed = sw::is_installed();
    let ios = sw::is_ios_safari();
    let app = crate::ui::state::use_app();
    let install = move |_| {
        spawn_local(async move {
            let accepted = sw::install().await;
            // The offer is used up either way; the browser may offer it again later.
            pwa.installable.set(sw::can_install());
            if accepted {
                app.notify(tr!(common.installed), None);
            }
        });
    };
    move || {
        if installed {
            return None;
        }
        if pwa.installable.get() {
            return Some(
                view! {
                    <section class="card card-accent install-card">
                        <h2>{tr!(common.install_title)}</h2>
                        <p>{tr!(common.install_text)}</p>
                        <button class="btn btn-primary" on:click=install>{tr!(common.install_button)}</button>
                    </section>
                }
                .into_any(),
            );
        }
        ios.then(|| {
            view! {
                <section class="card card-accent install-card">
                    <h2>{tr!(common.ios_title)}</h2>
                    <ol class="plain install-steps">
                        <li>{tr!(common.ios_step1)}</li>
                        <li>{tr!(common.ios_step2)}</li>
                        <li>{tr!(common.ios_step3)}</li>
                    </ol>
                </section>
            }
            .into_any()
        })
    }
}
