//! The `{pay_link}` placeholder of a payment reminder: how to pay the business, as text.

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::formats::pay::upi::{link, UpiRequest};
use crate::domain::records::paid::{live_methods, PayKind, PayMethod};

/// The `{pay_link}` of a reminder: how to pay, from the first live payment method that can be
/// written as text — a UPI link ([`link`]: `upi://pay?pa=…&pn=…&am=…&cu=INR`, the amount only in
/// rupees), or a text method's label and details. `None` when there is none (QRIS and QR images
/// are pictures: they go with a statement, not in a message).
pub fn pay_text(methods: &[PayMethod], amount: Minor, currency: Currency) -> Option<String> {
    live_methods(methods)
        .into_iter()
        .find_map(|m| match m.kind {
            PayKind::Upi { vpa, name } => {
                let amount = (currency == Currency::INR && amount > 0).then_some(amount);
                link(&UpiRequest {
                    vpa: &vpa,
                    name: &name,
                    amount,
                    note: "",
                })
                .ok()
            }
            PayKind::Text { label, details } => {
                Some(format!("{}: {}", label.trim(), details.trim()))
            }
            PayKind::Qris { .. } | PayKind::Image { .. } => None,
        })
}
