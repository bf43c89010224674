//! Loyalty (issue 16): Settings → Loyalty (`#/settings/loyalty`: off, points per amount spent, or
//! stamps per purchase, and the reward) and the customer page's balance with "Redeem" and a link
//! to the shareable loyalty card (drawn by the receipts' code, `pages::paid`). All of it is in the
//! `paid` chunk (with the receipts and the card it draws) behind one entry ([`loyalty_part`]). The rules are `domain::records::loyalty`'s.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::money::parse_amount;
use crate::domain::records::customer::Customer;
use crate::domain::records::entry::amount_input;
use crate::domain::records::events::{Event, Purchase};
use crate::domain::records::loyalty::{Balance, Loyalty, Redemption, Rule, Unit};
use crate::platform;
use crate::ui::i18n::number;
use crate::ui::pages::lazy::{self, lazy_page};
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};
use crate::ui::widgets::{ErrorText, TextField};

/// Which part of the loyalty entry to draw.
#[derive(Clone, Debug)]
pub enum Part {
    Settings,
    Customer(Box<Customer>),
}

lazy_page!(pub(crate) messaging, preload_loyalty, loyalty_part(what: Part) => part(what));

fn part(what: Part) -> AnyView {
    match what {
        Part::Settings => view! { <LoyaltySettings /> }.into_any(),
        Part::Customer(c) => view! { <CustomerLoyalty c=*c /> }.into_any(),
    }
}

/// Settings → Loyalty.
pub fn settings_page() -> AnyView {
    lazy::show(preload_loyalty, || loyalty_part(Part::Settings))
}

/// The customer's balance (only when loyalty is on).
pub fn customer_balance(c: Customer) -> Option<AnyView> {
    let app = use_app();
    app.settings
        .with_untracked(|s| s.loyalty.is_some())
        .then(|| {
            lazy::show_part(
                preload_loyalty,
                move || loyalty_part(Part::Customer(Box::new(c.clone()))),
                || ().into_any(),
            )
        })
}

/// A balance in words: "12 points", "3 of 10 stamps".
pub fn balance_text(b: &Balance) -> String {
    match b.unit {
        Unit::Points => tr!(loyalty.n_points, n = number(b.now())),
        Unit::Stamps => tr!(
            loyalty.n_stamps,
            n = number(b.now()),
            m = number(i64::from(b.reward_at))
        ),
    }
}

/// Sets `{points}` and `{stamps_left}` in `values` once the customer's balance is read (nothing
/// when loyalty is off).
pub fn fill_values(
    app: AppState,
    customer_id: String,
    values: RwSignal<crate::domain::messaging::template::Values>,
) {
    use crate::domain::messaging::template::Placeholder;
    let Some(loyalty) = app.settings.with_untracked(|s| s.loyalty.clone()) else {
        return;
    };
    spawn_local(async move {
        if let Ok((p, r)) = read(app, customer_id.clone()).await {
            let b = loyalty.balance(&customer_id, &p, &r);
            values.update(|v| {
                v.set(Placeholder::Points, balance_text(&b));
                v.set(Placeholder::StampsLeft, number(b.left()));
            });
        }
    });
}

/// A customer's purchases and redemptions (Trash included).
pub async fn read(
    app: AppState,
    customer_id: String,
) -> Result<(Vec<Purchase>, Vec<Redemption>), String> {
    let store = app.store().map_err(|e| e.message())?;
    let events = store
        .customer_events(&customer_id)
        .await
        .map_err(|e| e.message())?;
    let purchases = events
        .into_iter()
        .filter_map(|e| match e {
            Event::Purchase(p) => Some(p),
            _ => None,
        })
        .collect();
    let redemptions = store
        .redemptions_of(&customer_id)
        .await
        .map_err(|e| e.message())?;
    Ok((purchases, redemptions))
}

#[component]
fn CustomerLoyalty(c: Customer) -> impl IntoView {
    let app = use_app();
    let id = c.id.clone();
    let name = c.display_name().to_string();
    let data = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        read(app, id.clone())
    });
    let busy = RwSignal::new(false);
    let cid = c.id.clone();
    move || {
        let loyalty = app.settings.with(|s| s.loyalty.clone())?;
        let (purchases, redemptions) = data.get()?.ok()?;
        let b = loyalty.balance(&cid, &purchases, &redemptions);
        let ready = b.reward_ready();
        let status = if ready {
            if loyalty.reward.is_empty() {
                tr!(loyalty.ready_plain).to_string()
            } else {
                tr!(loyalty.ready, reward = loyalty.reward.clone())
            }
        } else {
            tr!(loyalty.left, n = number(b.left()))
        };
        let (cid2, name2, l2) = (cid.clone(), name.clone(), loyalty.clone());
        let redeem = move |_| {
            if busy.get_untracked() {
                return;
            }
            let r = match l2.redeem(&b, platform::new_id(), cid2.clone(), "", platform::now()) {
                Ok(r) => r,
                Err(p) => return app.error(crate::ui::messages::loyalty_problem(&p)),
            };
            busy.set(true);
            let name = name2.clone();
            spawn_local(async move {
                match app.save_paid(&r, None).await {
                    Ok(()) => app.notify(tr!(loyalty.redeemed, name = name), None),
                    Err(e) => app.error(e.message()),
                }
                busy.set(false);
            });
        };
        Some(view! {
            <section class="card loyalty" aria-labelledby="loyalty-title">
                <h3 id="loyalty-title">{tr!(loyalty.title)}</h3>
                <p class="loyalty-balance"><strong>{balance_text(&b)}</strong></p>
                <p class="muted">{status}</p>
                <div class="owe-actions">
                    {ready.then(|| view! {
                        <button type="button" class="btn btn-primary btn-small" disabled=move || busy.get()
                            aria-label=tr!(loyalty.redeem_for, name = name.clone()) on:click=redeem>
                            {tr!(loyalty.redeem)}
                        </button>
                    })}
                    <a class="btn btn-secondary btn-small" href=Route::LoyaltyCard(cid.clone()).href()>{tr!(loyalty.card)}</a>
                </div>
            </section>
        })
    }
}

/// Which programme the form shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Off,
    Points,
    Stamps,
}

#[component]
fn LoyaltySettings() -> impl IntoView {
    let app = use_app();
    let (current, currency) = app
        .settings
        .with_untracked(|s| (s.loyalty.clone(), s.currency));
    let kind = RwSignal::new(match current.as_ref().map(|l| l.rule) {
        None => Kind::Off,
        Some(Rule::Points { .. }) => Kind::Points,
        Some(Rule::Stamps { .. }) => Kind::Stamps,
    });
    let (per0, points0, at0) = match current.as_ref().map(|l| l.rule) {
        Some(Rule::Points {
            per,
            points,
            reward_at,
        }) => (amount_input(per, currency), points.to_string(), reward_at),
        Some(Rule::Stamps { reward_at }) => (String::new(), "1".into(), reward_at),
        None => (String::new(), "1".into(), 10),
    };
    let per = RwSignal::new(per0);
    let points = RwSignal::new(points0);
    let reward_at = RwSignal::new(at0.to_string());
    let reward = RwSignal::new(
        current
            .as_ref()
            .map(|l| l.reward.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let since = current.as_ref().map(|l| l.since);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let whole = |s: String| s.trim().parse::<u32>().unwrap_or(0);
        let loyalty = match kind.get_untracked() {
            Kind::Off => None,
            k => {
                let rule = if k == Kind::Stamps {
                    Rule::Stamps {
                        reward_at: whole(reward_at.get_untracked()),
                    }
                } else {
                    let per = match parse_amount(&per.get_untracked(), currency) {
                        Ok(p) => p,
                        Err(e) => {
                            return error.set(Some(crate::ui::messages::money_error(&e).into()))
                        }
                    };
                    Rule::Points {
                        per,
                        points: whole(points.get_untracked()),
                        reward_at: whole(reward_at.get_untracked()),
                    }
                };
                Some(Loyalty {
                    rule,
                    reward: reward.get_untracked().trim().to_string(),
                    since: since.unwrap_or_else(platform::now),
                })
            }
        };
        let off = loyalty.is_none();
        let mut s = app.settings.get_untracked();
        s.loyalty = loyalty;
        saving.set(true);
        spawn_local(async move {
            let result = app.save_settings(s).await;
            saving.set(false);
            match result {
                Ok(()) => {
                    error.set(None);
                    app.notify(
                        if off {
                            tr!(loyalty.turned_off)
                        } else {
                            tr!(loyalty.saved)
                        },
                        None,
                    );
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let value = |s: RwSignal<String>| Signal::derive(move || s.get());
    let set = |s: RwSignal<String>| Callback::new(move |v| s.set(v));
    let none = Signal::derive(|| None::<String>);
    view! {
        <form class="form" on:submit=submit novalidate>
            <fieldset class="field">
                <legend>{tr!(loyalty.kind)}</legend>
                <div class="segmented">
                    {[(Kind::Off, tr!(loyalty.off)), (Kind::Points, tr!(loyalty.points)), (Kind::Stamps, tr!(loyalty.stamps))].into_iter().map(|(k, label)| view! {
                        <label class="seg">
                            <input type="radio" name="loyalty-kind" prop:checked=move || kind.get() == k on:change=move |_| kind.set(k) />
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <Show when=move || kind.get() == Kind::Points>
                <TextField id="l-per" label=tr!(loyalty.per) kind="text" autocomplete="off" inputmode="decimal"
                    value=value(per) on_input=set(per) error=none />
                <TextField id="l-points" label=tr!(loyalty.points_each) kind="text" autocomplete="off" inputmode="numeric"
                    value=value(points) on_input=set(points) error=none />
                <TextField id="l-at-points" label=tr!(loyalty.reward_at_points) kind="text" autocomplete="off" inputmode="numeric"
                    value=value(reward_at) on_input=set(reward_at) error=none />
            </Show>
            <Show when=move || kind.get() == Kind::Stamps>
                <TextField id="l-at-stamps" label=tr!(loyalty.reward_at_stamps) kind="text" autocomplete="off" inputmode="numeric"
                    value=value(reward_at) on_input=set(reward_at) error=none />
            </Show>
            <Show when=move || kind.get() != Kind::Off>
                <TextField id="l-reward" label=tr!(loyalty.reward) kind="text" autocomplete="off" hint=tr!(loyalty.reward_hint)
                    value=value(reward) on_input=set(reward) error=none />
                <p class="field-hint">{tr!(loyalty.since_hint)}</p>
            </Show>
            <ErrorText id="loyalty-error" error=Signal::derive(move || error.get()) />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>{tr!(loyalty.save)}</button>
            </div>
        </form>
    }
}
