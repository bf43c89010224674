//! `#/customers/ID/loyalty`: a customer's loyalty card as an image (issue 16) — the business, the
//! customer, their stamps (● earned, ○ still to earn) or points, and the reward — drawn, shown
//! and shared like a receipt. Also the one loyalty line on receipts ([`loyalty_line`]).

use leptos::prelude::*;

use crate::domain::records::loyalty::{Balance, Unit};
use crate::ui::i18n::number;
use crate::ui::state::{use_app, AppState};

use super::preview::{Made, SheetPreview};
use super::sheet::Block;

/// The customer's balance, when loyalty is on.
fn balance(app: AppState, l: &super::Ledger) -> Option<Balance> {
    let loyalty = app.settings.with_untracked(|s| s.loyalty.clone())?;
    Some(loyalty.balance(&l.customer.id, &l.purchases, &l.redemptions))
}

/// The receipt's loyalty line: "Loyalty points: 12", "Stamps: 3 of 10" (nothing when off).
pub fn loyalty_line(app: AppState, l: &super::Ledger) -> Option<Block> {
    let b = balance(app, l)?;
    Some(Block::Small(match b.unit {
        Unit::Points => tr!(loyalty.receipt_points, n = number(b.now())),
        Unit::Stamps => tr!(
            loyalty.receipt_stamps,
            n = number(b.now()),
            m = number(i64::from(b.reward_at))
        ),
    }))
}

#[component]
pub fn LoyaltyCardPage(customer: String) -> impl IntoView {
    let app = use_app();
    let cid = customer.clone();
    let data = LocalResource::new(move || super::load(app, cid.clone()));
    move || match data.get() {
        None => view! { <p class="loading" role="status">{tr!(paid.loading)}</p> }.into_any(),
        Some(Err(msg)) => {
            view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any()
        }
        Some(Ok(l)) => match made(app, &l) {
            Some(made) => view! {
                <section class="paid-page">
                    <SheetPreview made=made />
                </section>
            }
            .into_any(),
            None => ().into_any(),
        },
    }
}

fn made(app: AppState, l: &super::Ledger) -> Option<Made> {
    let b = balance(app, l)?;
    let reward = app
        .settings
        .with_untracked(|s| s.loyalty.as_ref().map(|l| l.reward.clone()))
        .unwrap_or_default();
    let name = l.customer.display_name().to_string();
    let mut blocks = super::business_head(app);
    blocks.extend([
        Block::Center(tr!(loyalty.card).to_string()),
        Block::Center(name),
        Block::Rule,
    ]);
    let text = crate::ui::pages::loyalty::balance_text(&b);
    if b.unit == Unit::Stamps {
        // One mark per stamp of the current card: ● earned, ○ to go.
        let at = b.reward_at.min(30) as i64;
        let have = b.now().clamp(0, at);
        let marks: Vec<&str> = (0..at).map(|i| if i < have { "●" } else { "○" }).collect();
        for row in marks.chunks(5) {
            blocks.push(Block::Center(row.join(" ")));
        }
    }
    blocks.push(Block::Center(text.clone()));
    let status = if b.reward_ready() {
        if reward.is_empty() {
            tr!(loyalty.ready_plain).to_string()
        } else {
            tr!(loyalty.ready, reward = reward.clone())
        }
    } else {
        tr!(loyalty.left, n = number(b.left()))
    };
    blocks.push(Block::Small(status.clone()));
    if !reward.is_empty() && !b.reward_ready() {
        blocks.push(Block::Text(reward));
    }
    blocks.push(Block::Rule);
    blocks.push(Block::Center(tr!(paid.thanks).to_string()));
    let summary = format!("{} · {text} · {status}", super::business_signed(app));
    Some(Made {
        blocks,
        file: format!("{}.png", tr!(loyalty.card).to_lowercase().replace(' ', "-")),
        alt: summary.clone(),
        summary,
        phone: l.customer.phone_e164.clone(),
    })
}
