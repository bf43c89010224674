//! What a customer scans or taps to pay: EMVCo merchant-presented QR codes (QRIS) with the amount
//! added, and UPI deep links. Pure text in, text out; the QR image is drawn by `ui/`.

pub mod emvco;
pub mod upi;
