//! Getting paid (issue 15), in the lazy chunk `messaging`: a purchase's receipt and a customer's statement
//! of account drawn as PNG images with a QR to pay ([`receipt`], [`statement`], drawn by
//! [`sheet`], shown and shared by [`preview`]), and Settings → "How customers pay you"
//! ([`methods`]). The figures are `domain::records::statement`; the payloads
//! `domain::formats::pay`.

pub mod card;
pub mod js;
pub mod methods;
pub mod pay;
pub mod photo;
pub mod preview;
pub mod receipt;
pub mod sheet;
pub mod statement;

use leptos::prelude::*;

use crate::domain::records::customer::Customer;
use crate::domain::records::events::{Event, Payment, Purchase};
use crate::ui::state::AppState;

use sheet::Block;

/// The page of a "Get paid" route (the chunk's one entry: `pages::paid_page`).
pub fn page(route: crate::ui::route::Route) -> AnyView {
    use crate::ui::route::Route;
    match route {
        Route::Receipt { customer, purchase } => {
            view! { <receipt::ReceiptPage customer=customer purchase=purchase /> }.into_any()
        }
        Route::Statement(customer) => {
            view! { <statement::StatementPage customer=customer /> }.into_any()
        }
        Route::LoyaltyCard(customer) => {
            view! { <card::LoyaltyCardPage customer=customer /> }.into_any()
        }
        _ => view! { <methods::PayMethodsPage /> }.into_any(),
    }
}

/// A customer's purchases and payments (the Trash too: the statement leaves it out), and how the
/// business is paid.
#[derive(Clone)]
pub struct Ledger {
    pub customer: Customer,
    pub purchases: Vec<Purchase>,
    pub payments: Vec<Payment>,
    pub pay: pay::Pay,
    /// Loyalty rewards given (for the balance on receipts and the loyalty card).
    pub redemptions: Vec<crate::domain::records::loyalty::Redemption>,
}

/// Reads what a receipt or statement of `customer_id` needs.
pub async fn load(app: AppState, customer_id: String) -> Result<Ledger, String> {
    let customer = app
        .customers
        .with_untracked(|l| l.iter().find(|c| c.id == customer_id).cloned())
        .ok_or_else(|| tr!(customer.not_found).to_string())?;
    let store = app.store().map_err(|e| e.message())?;
    let events = store
        .customer_events(&customer_id)
        .await
        .map_err(|e| e.message())?;
    let (mut purchases, mut payments) = (Vec::new(), Vec::new());
    for e in events {
        match e {
            Event::Purchase(p) => purchases.push(p),
            Event::Payment(p) => payments.push(p),
            _ => {}
        }
    }
    let pay = pay::Pay::load(app).await;
    let redemptions = store
        .redemptions_of(&customer_id)
        .await
        .map_err(|e| e.message())?;
    Ok(Ledger {
        redemptions,
        customer,
        purchases,
        payments,
        pay,
    })
}

/// The top of a sheet: the business's name, and its phone when the owner set one.
fn business_head(app: AppState) -> Vec<Block> {
    let mut head = vec![Block::Title(business_name(app))];
    let phone = business_phone(app);
    if !phone.is_empty() {
        head.push(Block::Center(phone));
    }
    head
}

/// The business in a sheet's text (its alt text, the message sent with it): the name, and the
/// phone in brackets when the owner set one.
fn business_signed(app: AppState) -> String {
    let name = business_name(app);
    let phone = business_phone(app);
    if phone.is_empty() {
        name
    } else {
        format!("{name} ({phone})")
    }
}

/// The business's phone from Settings (empty when none).
fn business_phone(app: AppState) -> String {
    app.settings
        .with_untracked(|s| s.business_phone.trim().to_string())
}

/// The business's name for the top of a sheet (the app's name when none is set).
fn business_name(app: AppState) -> String {
    let name = app
        .settings
        .with_untracked(|s| s.business_name.trim().to_string());
    if name.is_empty() {
        "Rapport".to_string()
    } else {
        name
    }
}
