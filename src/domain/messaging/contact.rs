//! One-tap contact links: WhatsApp click-to-chat (`https://wa.me/<digits>?text=…`), `tel:`,
//! `sms:`, `mailto:` and social profile pages. Pure string building, so every link is tested
//! natively; the UI only decides which ones to show and logs the contact when one is used.

use crate::domain::records::customer::Customer;
use crate::domain::records::events::InteractionKind;

/// The ways to reach a customer with one tap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactChannel {
    WhatsApp,
    Call,
    Sms,
    Email,
    Instagram,
    Facebook,
    TikTok,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 7] = [
        ContactChannel::WhatsApp,
        ContactChannel::Call,
        ContactChannel::Sms,
        ContactChannel::Email,
        ContactChannel::Instagram,
        ContactChannel::Facebook,
        ContactChannel::TikTok,
    ];

    /// The button's short label.
    pub fn label(self) -> &'static str {
        match self {
            ContactChannel::WhatsApp => "WhatsApp",
            ContactChannel::Call => "Call",
            ContactChannel::Sms => "SMS",
            ContactChannel::Email => "Email",
            ContactChannel::Instagram => "Instagram",
            ContactChannel::Facebook => "Facebook",
            ContactChannel::TikTok => "TikTok",
        }
    }

    /// The button's accessible name for customer `name`: "WhatsApp Siti", "Call Siti",
    /// "SMS Siti", "Email Siti", "Open Siti's Instagram".
    pub fn action_name(self, name: &str) -> String {
        match self {
            ContactChannel::WhatsApp => format!("WhatsApp {name}"),
            ContactChannel::Call => format!("Call {name}"),
            ContactChannel::Sms => format!("SMS {name}"),
            ContactChannel::Email => format!("Email {name}"),
            ContactChannel::Instagram | ContactChannel::Facebook | ContactChannel::TikTok => {
                format!("Open {name}'s {}", self.label())
            }
        }
    }

    /// The interaction logged when the owner uses this action.
    pub fn interaction_kind(self) -> InteractionKind {
        match self {
            ContactChannel::WhatsApp => InteractionKind::WhatsApp,
            ContactChannel::Call => InteractionKind::Call,
            ContactChannel::Sms => InteractionKind::Sms,
            ContactChannel::Email => InteractionKind::Email,
            ContactChannel::Instagram => InteractionKind::Instagram,
            ContactChannel::Facebook => InteractionKind::Facebook,
            ContactChannel::TikTok => InteractionKind::TikTok,
        }
    }

    /// Whether the link can carry a prepared message (WhatsApp, SMS, email).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            ContactChannel::WhatsApp | ContactChannel::Sms | ContactChannel::Email
        )
    }
}

/// Percent-encodes text for a URL query value exactly like JavaScript's `encodeURIComponent`:
/// UTF-8 bytes, everything except `A–Z a–z 0–9 - _ . ! ~ * ' ( )` escaped. So a space is `%20`,
/// a newline `%0A`, `&` `%26`, `#` `%23`, `+` `%2B`, "é" `%C3%A9` and 🎂 `%F0%9F%8E%82`.
pub fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The digits wa.me wants from an E.164 number ("+62 812…" → "62812…"), or `None` when it is
/// not E.164 (no leading `+`, or not 7–15 digits).
pub fn wa_number(e164: &str) -> Option<String> {
    let e164 = e164.trim();
    let rest = e164.strip_prefix('+')?;
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_digits_and_spaces = rest
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    (only_digits_and_spaces && (7..=15).contains(&digits.len()) && !digits.starts_with('0'))
        .then_some(digits)
}

/// `https://wa.me/<digits>` and, when `text` is not blank, `?text=<encoded text>`.
pub fn wa_link(e164: &str, text: &str) -> Option<String> {
    let digits = wa_number(e164)?;
    Some(if text.trim().is_empty() {
        format!("https://wa.me/{digits}")
    } else {
        format!("https://wa.me/{digits}?text={}", encode_component(text))
    })
}

/// A dialable number: `+` (only in front) and digits; `None` with fewer than 3 digits.
fn dialable(number: &str) -> Option<String> {
    let number = number.trim();
    let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 3 {
        return None;
    }
    Some(if number.starts_with('+') {
        format!("+{digits}")
    } else {
        digits
    })
}

/// `tel:+6281234567890`.
pub fn tel_link(number: &str) -> Option<String> {
    dialable(number).map(|n| format!("tel:{n}"))
}

/// `sms:+6281234567890?body=…` (RFC 5724; Android and iOS both read `?body=`).
pub fn sms_link(number: &str, body: &str) -> Option<String> {
    let n = dialable(number)?;
    Some(if body.trim().is_empty() {
        format!("sms:{n}")
    } else {
        format!("sms:{n}?body={}", encode_component(body))
    })
}

/// `mailto:ana@example.com?subject=…&body=…` (empty parts left out); `None` without an `@`.
pub fn mailto_link(email: &str, subject: &str, body: &str) -> Option<String> {
    let email = email.trim();
    let (user, host) = email.split_once('@')?;
    if user.is_empty() || host.is_empty() || email.contains(char::is_whitespace) {
        return None;
    }
    let mut out = format!(
        "mailto:{}@{}",
        encode_component(user),
        encode_component(host)
    );
    let mut sep = '?';
    for (key, value) in [("subject", subject), ("body", body)] {
        if !value.trim().is_empty() {
            out.push(sep);
            out.push_str(key);
            out.push('=');
            out.push_str(&encode_component(value));
            sep = '&';
        }
    }
    Some(out)
}

/// The public profile page of a handle (stored without `@`); `None` for an empty handle.
pub fn profile_link(channel: ContactChannel, handle: &str) -> Option<String> {
    let h = handle.trim().trim_start_matches('@');
    if h.is_empty() || h.contains(char::is_whitespace) {
        return None;
    }
    // A handle is a path: keep `/`, `?`, `=` and `.` that Facebook profile links use.
    let path: String = h
        .split('/')
        .map(|part| {
            part.split_once('?')
                .map(|(p, q)| format!("{}?{}", encode_component(p), q.replace('#', "%23")))
                .unwrap_or_else(|| encode_component(part))
        })
        .collect::<Vec<_>>()
        .join("/");
    match channel {
        ContactChannel::Instagram => Some(format!("https://www.instagram.com/{path}/")),
        ContactChannel::Facebook => Some(format!("https://www.facebook.com/{path}")),
        ContactChannel::TikTok => Some(format!("https://www.tiktok.com/@{path}")),
        _ => None,
    }
}

/// The number to call or text: the E.164 form when known, else the phone as typed.
fn phone_of(c: &Customer) -> &str {
    c.phone_e164.as_deref().unwrap_or(c.phone.as_str())
}

/// The link for one action, with `text` as the prepared message where the channel takes one
/// (`subject` is used for email only). `None` when the customer lacks what the channel needs.
pub fn link(c: &Customer, channel: ContactChannel, text: &str, subject: &str) -> Option<String> {
    match channel {
        ContactChannel::WhatsApp => wa_link(c.phone_e164.as_deref()?, text),
        ContactChannel::Call => tel_link(phone_of(c)),
        ContactChannel::Sms => sms_link(phone_of(c), text),
        ContactChannel::Email => mailto_link(&c.email, subject, text),
        ContactChannel::Instagram => profile_link(channel, &c.social.instagram),
        ContactChannel::Facebook => profile_link(channel, &c.social.facebook),
        ContactChannel::TikTok => profile_link(channel, &c.social.tiktok),
    }
}

/// Every action the customer can be reached by, with its link (no prepared text), in
/// [`ContactChannel::ALL`] order.
pub fn actions(c: &Customer) -> Vec<(ContactChannel, String)> {
    ContactChannel::ALL
        .into_iter()
        .filter_map(|ch| link(c, ch, "", "").map(|href| (ch, href)))
        .collect()
}

/// The interaction logged when the owner uses a contact action: outbound, of the channel's
/// kind, at `now`; `summary` says what was sent ("Payment reminder"), `campaign_id` ties it to a
/// campaign.
pub fn logged_contact(
    id: String,
    customer_id: &str,
    channel: ContactChannel,
    summary: String,
    campaign_id: Option<String>,
    now: crate::domain::basics::time::Millis,
) -> crate::domain::records::events::Interaction {
    crate::domain::records::events::Interaction {
        id,
        customer_id: customer_id.to_string(),
        kind: channel.interaction_kind(),
        direction: crate::domain::records::events::Direction::Out,
        at: now,
        summary,
        outcome: String::new(),
        campaign_id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}
