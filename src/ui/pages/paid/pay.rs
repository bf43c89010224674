//! How customers pay the business, as blocks on a sheet: the QR of the first method that has one
//! (UPI link, QRIS — with the amount when the owner turned that on —, or the picture of the owner's
//! own QR), then the methods written as text (bank transfer, Bizum).

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::records::paid::{PayKind, PayMethod};
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
        img: wasm_bindgen::JsValue,
    },
}

impl Pay {
    /// Reads the live methods from the store: the first that has a QR gives it (a picture is
    /// decoded here); text methods are listed. A method that cannot be read or drawn is skipped:
    /// the sheet is still useful without it.
    pub async fn load(app: AppState) -> Pay {
        let methods = match app.store() {
            Ok(s) => s.pay_methods().await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        Pay::from_methods(&methods).await
    }

    pub async fn from_methods(methods: &[PayMethod]) -> Pay {
        let mut pay = Pay::default();
        for m in methods.iter().filter(|m| !m.is_deleted()) {
            match &m.kind {
                PayKind::Text { label, details } => {
                    pay.texts.push((label.clone(), details.clone()));
                }
                _ if pay.qr.is_some() => {}
                PayKind::Upi { vpa, name } => {
                    pay.qr = Some(QrSource::Upi {
                        vpa: vpa.clone(),
                        name: name.clone(),
                    });
                }
                PayKind::Qris {
                    payload,
                    dynamic_amount,
                } => {
                    pay.qr = Some(QrSource::Qris {
                        payload: payload.clone(),
                        dynamic: *dynamic_amount,
                    });
                }
                PayKind::Image { label, data_url } => {
                    if let Some(img) = super::js::image(data_url).await {
                        pay.qr = Some(QrSource::Image {
                            label: label.clone(),
                            img,
                        });
                    }
                }
            }
        }
        pay
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
