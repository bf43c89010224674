//! What a customer scans or taps to pay: EMVCo merchant-presented QR codes (QRIS) with the amount
//! added, UPI deep links, and the `{pay_link}` text of a reminder. Pure text in, text out; the QR
//! image is drawn by `ui/`.

pub mod emvco;
pub mod qr_read;
pub mod text;
pub mod upi;
