//! Orders (issue 16): the Orders page (`#/orders`, filtered by status), a customer's orders on
//! their page, and Today's "Orders to deliver" ([`today`]). A row has one-tap status buttons;
//! after a move, one more tap sends the status's message (a starter template, "Your order is
//! ready") on WhatsApp or SMS. All of it is in the `messaging` chunk (which Today already loads
//! for the payment reminders, and whose message code the status messages use), behind one entry
//! ([`orders_part`]): a chunk of its own would add its loader to the first load's
//! `__wasm_split.js`. The first load holds only the calls that mount it. The rules are
//! `domain::records::orders`'.

mod today;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::messaging::template::{self, Placeholder, Starter};
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Event, Purchase};
use crate::domain::records::orders::{self, move_order, OrderDraft};
use crate::domain::records::purchases::OrderStatus;
use crate::platform;
use crate::ui::i18n::fmt_money;
use crate::ui::pages::lazy::{self, lazy_page};
use crate::ui::pages::records::contact::{stored_templates, values_for, MessageLink};
use crate::ui::route::Route;
use crate::ui::state::{use_app, AppState};

/// Which part of the orders entry to draw.
#[derive(Clone)]
pub enum Part {
    /// The purchase form's "This is an order" and due date (the form keeps the draft).
    Fields(
        RwSignal<Option<OrderDraft>>,
        RwSignal<Vec<crate::domain::records::entry::EventError>>,
    ),
    /// The Orders page.
    List,
    /// Today's "Orders to deliver".
    Today,
    /// The orders of one customer, on their page.
    Customer(String),
}

lazy_page!(pub(crate) messaging, preload_orders, orders_part(what: Part) => part(what));

fn part(what: Part) -> AnyView {
    match what {
        Part::List => view! { <OrdersPage /> }.into_any(),
        Part::Fields(due, errors) => view! { <OrderFields due=due errors=errors /> }.into_any(),
        Part::Today => view! { <today::Deliveries /> }.into_any(),
        Part::Customer(id) => view! { <CustomerOrders customer=id /> }.into_any(),
    }
}

/// The Orders page.
pub fn page() -> AnyView {
    lazy::show(preload_orders, || orders_part(Part::List))
}

/// Today's "Orders to deliver" (nothing until the chunk is there, and nothing when no order is
/// open).
pub fn today_card() -> AnyView {
    lazy::show_part(
        preload_orders,
        || orders_part(Part::Today),
        || ().into_any(),
    )
}

/// A customer's orders (nothing when they have none).
pub fn customer_orders(id: String) -> AnyView {
    lazy::show_part(
        preload_orders,
        move || orders_part(Part::Customer(id.clone())),
        || ().into_any(),
    )
}

/// The purchase form's order fields, loaded with the orders entry (messaging chunk): the first load keeps only the
/// draft (`due`) and its reading on save.
pub fn order_fields(
    due: RwSignal<Option<OrderDraft>>,
    errors: RwSignal<Vec<crate::domain::records::entry::EventError>>,
) -> AnyView {
    lazy::show_part(
        preload_orders,
        move || orders_part(Part::Fields(due, errors)),
        || ().into_any(),
    )
}

/// "This is an order" and, when ticked, when it is due.
#[component]
fn OrderFields(
    due: RwSignal<Option<OrderDraft>>,
    errors: RwSignal<Vec<crate::domain::records::entry::EventError>>,
) -> impl IntoView {
    use crate::domain::records::entry::EventField;
    use crate::ui::pages::records::events::WhenFields;
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || due.with(Option::is_some)
                on:change=move |ev| due.set(event_target_checked(&ev).then(OrderDraft::default)) />
            {tr!(orders.is_order)}
        </label>
        <Show when=move || due.with(Option::is_some)>
            <WhenFields legend=tr!(orders.due)
                date=Signal::derive(move || due.with(|o| o.as_ref().map(|o| o.date.clone()).unwrap_or_default()))
                on_date=Callback::new(move |v| due.update(|o| if let Some(o) = o { o.date = v }))
                time=Signal::derive(move || due.with(|o| o.as_ref().map(|o| o.time.clone()).unwrap_or_default()))
                on_time=Callback::new(move |v| due.update(|o| if let Some(o) = o { o.time = v }))
                errors=errors fields=(EventField::DueDate, EventField::DueTime) />
        </Show>
    }
}

/// Every order (Trash included), read again whenever events are saved.
fn all_orders(app: AppState) -> LocalResource<Result<Vec<Purchase>, String>> {
    LocalResource::new(move || {
        let _version = app.events_version.get();
        async move {
            let store = app.store().map_err(|e| e.message())?;
            store.orders().await.map_err(|e| e.message())
        }
    })
}

pub(crate) fn status_label(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::New => tr!(orders.s_new),
        OrderStatus::Confirmed => tr!(orders.s_confirmed),
        OrderStatus::Ready => tr!(orders.s_ready),
        OrderStatus::Delivered => tr!(orders.s_delivered),
        OrderStatus::Cancelled => tr!(orders.s_cancelled),
    }
}

fn move_label(to: OrderStatus) -> &'static str {
    match to {
        OrderStatus::New => tr!(orders.s_new),
        OrderStatus::Confirmed => tr!(orders.to_confirmed),
        OrderStatus::Ready => tr!(orders.to_ready),
        OrderStatus::Delivered => tr!(orders.to_delivered),
        OrderStatus::Cancelled => tr!(orders.to_cancelled),
    }
}

/// The status message for `c` after their order `p` moved to its status (the owner's edited
/// copy of the starter when there is one).
fn status_message(app: AppState, p: &Purchase, c: &Customer) -> Option<String> {
    let order = p.order?;
    let starter = Starter::for_order(order.status)?;
    let lang = app.settings.with_untracked(|s| s.language);
    let mut values = values_for(app, c);
    values.set(
        Placeholder::OrderDue,
        platform::format_datetime(order.due_at),
    );
    let stored = stored_templates(app).get_untracked();
    Some(template::starter_message(&stored, starter, lang, &values))
}

/// The status filter: open orders, one status, or all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    Open,
    Is(OrderStatus),
    All,
}

impl Filter {
    fn keeps(self, s: OrderStatus) -> bool {
        match self {
            Filter::Open => s.is_open(),
            Filter::Is(x) => x == s,
            Filter::All => true,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Filter::Open => tr!(orders.f_open),
            Filter::Is(s) => status_label(s),
            Filter::All => tr!(orders.f_all),
        }
    }
}

const FILTERS: [Filter; 7] = [
    Filter::Open,
    Filter::Is(OrderStatus::New),
    Filter::Is(OrderStatus::Confirmed),
    Filter::Is(OrderStatus::Ready),
    Filter::Is(OrderStatus::Delivered),
    Filter::Is(OrderStatus::Cancelled),
    Filter::All,
];

#[component]
fn FilterChips(filter: RwSignal<Filter>) -> impl IntoView {
    view! {
        <div class="chips" role="group" aria-label=tr!(orders.filter)>
            {FILTERS.into_iter().map(|f| view! {
                <button type="button" class="chip" class:chip-on=move || filter.get() == f
                    aria-pressed=move || if filter.get() == f { "true" } else { "false" }
                    on:click=move |_| filter.set(f)>
                    {f.label()}
                </button>
            }).collect_view()}
        </div>
    }
}

/// A list of orders (`customer`: only theirs, and the rows do not repeat the name).
#[component]
fn OrderList(customer: Option<String>, filter: RwSignal<Filter>) -> impl IntoView {
    let app = use_app();
    let data = all_orders(app);
    // Just moved in this visit: the row offers the status message.
    let moved = RwSignal::new(Vec::<String>::new());
    let one_customer = customer.is_some();
    move || match data.get() {
        None => view! { <p class="muted today-empty">{tr!(orders.loading)}</p> }.into_any(),
        Some(Err(msg)) => {
            view! { <p class="today-error" role="alert">{tr!(orders.load_error, msg = msg)}</p> }
                .into_any()
        }
        Some(Ok(list)) => {
            moved.track();
            let f = filter.get();
            let rows: Vec<Purchase> = orders::orders_with(&list, None)
                .into_iter()
                .filter(|p| customer.as_ref().is_none_or(|c| &p.customer_id == c))
                .filter(|p| p.order.is_some_and(|o| f.keeps(o.status)))
                .cloned()
                .collect();
            if rows.is_empty() {
                return view! { <p class="muted today-empty">{tr!(orders.none)}</p> }.into_any();
            }
            view! {
                <ul class="rows">
                    {rows.into_iter().map(|p| view! { <OrderRow p=p moved=moved one_customer=one_customer /> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

/// One order: who, when due, how much, its status; the buttons that move it; and, once moved,
/// the status message.
#[component]
pub(crate) fn OrderRow(
    p: Purchase,
    moved: RwSignal<Vec<String>>,
    #[prop(default = false)] one_customer: bool,
) -> impl IntoView {
    let app = use_app();
    let Some(order) = p.order else {
        return ().into_any();
    };
    let c = app.find(&p.customer_id);
    let name = c
        .as_ref()
        .map(|c| c.display_name().to_string())
        .unwrap_or_default();
    let currency = app.settings.with_untracked(|s| s.currency);
    let amount = app
        .amounts_visible
        .get_untracked()
        .then(|| fmt_money(p.total, currency));
    let due = tr!(
        orders.due_on,
        date = platform::format_datetime(order.due_at)
    );
    let sub = match amount {
        Some(a) => format!("{due} · {a}"),
        None => due,
    };
    let href = Route::EditEvent {
        customer: p.customer_id.clone(),
        store: "purchases".into(),
        id: p.id.clone(),
    }
    .href();
    let title = if one_customer {
        p.lines
            .first()
            .map(|l| l.item.clone())
            .or_else(|| (!p.note.is_empty()).then(|| p.note.clone()))
            .unwrap_or_else(|| tr!(orders.order).to_string())
    } else {
        name.clone()
    };
    let targets: Vec<OrderStatus> = order
        .status
        .next()
        .into_iter()
        .chain(order.status.is_open().then_some(OrderStatus::Cancelled))
        .collect();
    let just_moved = moved.with_untracked(|m| m.contains(&p.id));
    let message = just_moved
        .then(|| {
            c.as_ref()
                .and_then(|c| Some((c.clone(), status_message(app, &p, c)?)))
        })
        .flatten();
    let status = order.status;
    view! {
        <li class="owe order">
            <a class="row owe-main" href=href>
                <span class="row-main">
                    <span class="row-title">{title}</span>
                    <span class="row-sub">{sub}</span>
                </span>
                <span class=format!("badge badge-order-{}", status.code())>{status_label(status)}</span>
            </a>
            <div class="owe-actions">
                {message.map(|(c, text)| view! {
                    <MessageLink c=c text=text label=tr!(orders.tell) verb=tr!(orders.tell_verb) summary=tr!(orders.msg_summary) />
                })}
                {targets.into_iter().map(|to| {
                    let p = p.clone();
                    let aria = format!("{}: {}", move_label(to), name);
                    let class = if to == OrderStatus::Cancelled { "btn btn-link btn-small" } else { "btn btn-secondary btn-small" };
                    view! {
                        <button type="button" class=class aria-label=aria on:click=move |_| change(app, p.clone(), to, moved)>
                            {move_label(to)}
                        </button>
                    }
                }).collect_view()}
            </div>
        </li>
    }
    .into_any()
}

/// Moves `p`'s order to `to` and saves it (refused if another tab changed it since).
fn change(app: AppState, p: Purchase, to: OrderStatus, moved: RwSignal<Vec<String>>) {
    let Ok(next) = move_order(&p, to, platform::now()) else {
        return;
    };
    spawn_local(async move {
        let id = next.id.clone();
        match app
            .save_events(vec![(Event::Purchase(next), Some(p.updated_at))])
            .await
        {
            Ok(()) => {
                moved.update(|m| m.push(id));
                app.notify(tr!(orders.moved, status = status_label(to)), None);
            }
            Err(e) => app.error(e.message()),
        }
    });
}

#[component]
fn OrdersPage() -> impl IntoView {
    let filter = RwSignal::new(Filter::Open);
    view! {
        <section class="orders">
            <FilterChips filter=filter />
            <OrderList customer=None filter=filter />
        </section>
    }
}

/// The customer page's orders (shown only when the customer has any).
#[component]
fn CustomerOrders(customer: String) -> impl IntoView {
    let app = use_app();
    let data = all_orders(app);
    let filter = RwSignal::new(Filter::All);
    let id = customer.clone();
    let has_any = move || {
        data.get().and_then(Result::ok).is_some_and(|l| {
            l.iter()
                .any(|p| p.customer_id == id && p.deleted_at.is_none())
        })
    };
    view! {
        <Show when=has_any>
            <section class="card" aria-labelledby="customer-orders">
                <h3 id="customer-orders">{tr!(orders.t_orders)}</h3>
                <FilterChips filter=filter />
                <OrderList customer=Some(customer.clone()) filter=filter />
            </section>
        </Show>
    }
}
