//! `#/customers/ID/receipt/PURCHASE`: one purchase's receipt as an image — the business, the date,
//! the customer, the lines, total, paid, still owed, the customer's balance after it (and today,
//! when different), a QR to pay what is owed, and a thank-you line.

use leptos::prelude::*;

use crate::domain::records::statement;
use crate::platform;
use crate::ui::i18n::fmt_money;
use crate::ui::state::use_app;

use super::preview::{Made, SheetPreview};
use super::sheet::Block;

#[component]
pub fn ReceiptPage(customer: String, purchase: String) -> impl IntoView {
    let app = use_app();
    let cid = customer.clone();
    let data = LocalResource::new(move || super::load(app, cid.clone()));
    move || match data.get() {
        None => view! { <p class="loading" role="status">{tr!(paid.loading)}</p> }.into_any(),
        Some(Err(msg)) => {
            view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any()
        }
        Some(Ok(l)) => {
            let Some(r) = statement::receipt(&l.customer.id, &purchase, &l.purchases, &l.payments)
            else {
                return view! {
                    <section class="empty">
                        <p>{tr!(paid.no_purchase)}</p>
                    </section>
                }
                .into_any();
            };
            let made = made(app, &l, &r);
            view! {
                <section class="paid-page">
                    <SheetPreview made=made />
                </section>
            }
            .into_any()
        }
    }
}

fn made(app: crate::ui::state::AppState, l: &super::Ledger, r: &statement::Receipt) -> Made {
    let cur = app.settings.with_untracked(|s| s.currency);
    let money = |m| fmt_money(m, cur);
    let name = l.customer.display_name().to_string();
    let date = platform::format_datetime(r.at);
    let mut b = super::business_head(app);
    b.extend([
        Block::Center(tr!(paid.receipt_heading, date = date)),
        Block::Center(tr!(paid.for_customer, name = name)),
        Block::Rule,
    ]);
    if r.lines.is_empty() {
        let what = if r.note.is_empty() {
            tr!(paid.purchase).to_string()
        } else {
            r.note.clone()
        };
        b.push(Block::Pair {
            left: what,
            right: money(r.total),
            strong: false,
        });
    } else {
        for line in &r.lines {
            let left = if line.quantity > 1 {
                format!("{} × {}", line.quantity, line.item)
            } else {
                line.item.clone()
            };
            b.push(Block::Pair {
                left,
                right: money(line.amount().unwrap_or(0)),
                strong: false,
            });
            if line.quantity > 1 {
                b.push(Block::Small(tr!(
                    paid.each,
                    amount = money(line.unit_price)
                )));
            }
        }
        if !r.note.is_empty() {
            b.push(Block::Small(r.note.clone()));
        }
    }
    b.push(Block::Rule);
    let pair = |left: &str, right: String, strong: bool| Block::Pair {
        left: left.to_string(),
        right,
        strong,
    };
    b.push(pair(tr!(paid.total), money(r.total), true));
    b.push(pair(tr!(paid.paid), money(r.paid), false));
    if r.paid_later > 0 {
        b.push(pair(tr!(paid.paid_later), money(r.paid_later), false));
    }
    b.push(pair(tr!(paid.still_owed), money(r.owed), r.owed > 0));
    b.push(Block::Rule);
    b.push(pair(tr!(paid.balance_after), money(r.balance_after), false));
    if r.balance_now != r.balance_after {
        b.push(pair(tr!(paid.balance_today), money(r.balance_now), true));
    }
    b.extend(super::card::loyalty_line(app, l));
    b.extend(l.pay.blocks(r.balance_now, cur));
    b.push(Block::Rule);
    b.push(Block::Center(tr!(paid.thanks).to_string()));
    let summary = tr!(
        paid.receipt_summary,
        business = super::business_signed(app),
        date = date,
        total = money(r.total),
        paid = money(r.paid),
        owed = money(r.owed),
        balance = money(r.balance_now)
    );
    let day = crate::domain::records::events::local_date(r.at, platform::tz_offset());
    Made {
        blocks: b,
        file: format!("{}-{day}.png", tr!(paid.receipt_file)),
        alt: summary.clone(),
        summary,
        phone: l.customer.phone_e164.clone(),
    }
}
