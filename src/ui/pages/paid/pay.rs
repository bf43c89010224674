//! How customers pay the business, as blocks on a sheet: the QR of the first method that has one
//! (UPI link, QRIS — with the amount when the owner turned that on —, or the picture of the owner's
//! own QR), then the methods written as text (bank transfer, Bizum).

use crate::domain::basics::money::{Currency, Minor};
use crate::ui::i18n::fmt_money;
use crate::ui::state::AppState;

use super::sheet::{self, Block};

/// The business's payment methods, ready to draw (pictures decoded).
#[derive(Clone, Default)]
pub struct Pay {
    /// The method whose QR shows, if any.
    pub qr: Option<QrSource>,
    /// (label, details) of the text methods.
    pub texts: Vec<(String, String)>,
}

/// Where a sheet's QR comes from.
#[derive(Clone)]
pub enum QrSource {
    Upi {
        vpa: String,
        name: String,
    },
    Qris {
        payload: String,
        dynamic: bool,
    },
    Image {
        label: String,
        img: web_sys::HtmlImageElement,
    },
}

impl Pay {
    /// Reads the methods from the store (none until they exist).
    pub async fn load(_app: AppState) -> Pay {
        Pay::default()
    }

    /// The QR (carrying `owed` where the method can) and the text methods. Nothing to pay
    /// (`owed <= 0`): no QR.
    pub fn blocks(&self, owed: Minor, currency: Currency) -> Vec<Block> {
        let mut out = Vec::new();
        if owed <= 0 {
            return out;
        }
        let amount = fmt_money(owed, currency);
        let with_amount = tr!(paid.scan_to_pay, amount = amount);
        let without_amount = tr!(paid.scan_then_enter, amount = amount);
        let block = match &self.qr {
            None => None,
            Some(QrSource::Upi { vpa, name }) => {
                let inr = currency == Currency::INR;
                let req = crate::domain::formats::pay::upi::UpiRequest {
                    vpa,
                    name,
                    amount: inr.then_some(owed),
                    note: "",
                };
                crate::domain::formats::pay::upi::link(&req)
                    .ok()
                    .and_then(|link| {
                        sheet::qr(&link, if inr { with_amount } else { without_amount })
                    })
            }
            Some(QrSource::Qris { payload, dynamic }) => {
                let dynamic_payload = (*dynamic && currency == Currency::IDR)
                    .then(|| {
                        crate::domain::formats::pay::emvco::with_amount(payload, owed, currency)
                            .ok()
                    })
                    .flatten();
                match dynamic_payload {
                    Some(p) => sheet::qr(&p, with_amount),
                    None => sheet::qr(payload.trim(), without_amount),
                }
            }
            Some(QrSource::Image { label, img }) => Some(Block::Image {
                img: img.clone(),
                caption: format!("{label} · {without_amount}"),
            }),
        };
        out.extend(block);
        for (label, details) in &self.texts {
            out.push(Block::Text(format!("{label}: {details}")));
        }
        out
    }
}
