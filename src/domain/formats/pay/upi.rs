//! UPI payment links (NPCI's deep-link format): `upi://pay?pa=VPA&pn=NAME&am=AMOUNT&cu=INR&tn=NOTE`.
//! The address goes as it is (it is checked to hold only letters, digits, `.`, `-`, `_` and one
//! `@`, none of which needs escaping, and some UPI apps do not decode `%40`); every other value is
//! percent-encoded like `encodeURIComponent` (a space is `%20`, `&` is `%26`, non-ASCII letters
//! their UTF-8 bytes), and the amount is rupees with two decimals.

use crate::domain::basics::money::Minor;
use crate::domain::messaging::contact::encode_component;

/// What is wrong with a UPI address or amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpiError {
    /// Empty.
    VpaMissing,
    /// Not `handle@provider` (letters, digits, `.`, `-`, `_` before the `@`; letters and digits
    /// after it).
    VpaInvalid,
    /// The payee name is empty.
    NameMissing,
    /// Zero or negative.
    AmountNotPositive,
}

/// The longest handle and provider parts accepted.
const MAX_HANDLE: usize = 256;
const MAX_PROVIDER: usize = 64;

/// Checks a UPI address (VPA) such as `shop.owner@okaxis` and returns it trimmed and lower-cased
/// (addresses are not case-sensitive).
pub fn check_vpa(vpa: &str) -> Result<String, UpiError> {
    let vpa = vpa.trim();
    if vpa.is_empty() {
        return Err(UpiError::VpaMissing);
    }
    let (handle, provider) = vpa.split_once('@').ok_or(UpiError::VpaInvalid)?;
    let handle_ok = (2..=MAX_HANDLE).contains(&handle.len())
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    let provider_ok = (2..=MAX_PROVIDER).contains(&provider.len())
        && provider.bytes().all(|b| b.is_ascii_alphanumeric());
    if !handle_ok || !provider_ok {
        return Err(UpiError::VpaInvalid);
    }
    Ok(vpa.to_ascii_lowercase())
}

/// Paise as rupees with two decimals: 17550 → "175.50".
pub fn rupees(paise: Minor) -> String {
    let sign = if paise < 0 { "-" } else { "" };
    let abs = paise.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A UPI payment request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpiRequest<'a> {
    /// The payee's address (VPA).
    pub vpa: &'a str,
    /// The payee's name as the payer's app shows it.
    pub name: &'a str,
    /// In paise; `None` lets the payer type it.
    pub amount: Option<Minor>,
    /// A note for the payer (the transaction note), may be empty.
    pub note: &'a str,
}

/// The `upi://pay?…` link: `pa`, `pn`, then `am` and `cu=INR` when an amount is given, then `tn`
/// when there is a note.
pub fn link(req: &UpiRequest) -> Result<String, UpiError> {
    let vpa = check_vpa(req.vpa)?;
    let name = req.name.trim();
    if name.is_empty() {
        return Err(UpiError::NameMissing);
    }
    let mut out = format!("upi://pay?pa={vpa}&pn={}", encode_component(name));
    if let Some(amount) = req.amount {
        if amount <= 0 {
            return Err(UpiError::AmountNotPositive);
        }
        out.push_str("&am=");
        out.push_str(&rupees(amount));
        out.push_str("&cu=INR");
    }
    let note = req.note.trim();
    if !note.is_empty() {
        out.push_str("&tn=");
        out.push_str(&encode_component(note));
    }
    Ok(out)
}
