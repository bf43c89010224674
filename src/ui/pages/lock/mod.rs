//! The app PIN (issue 14, "shared devices"): the lock screen and its idle timer ([`screen`], the
//! lazy chunk `lock`, loaded only on a phone with a PIN) and the "App lock (PIN)" section of
//! Settings ([`settings`], in the `more` chunk with Settings). The rules (4–6 digits, the stored
//! record, the wrong-PIN wait) are `domain::basics::pin`; the hash is WebCrypto's PBKDF2
//! (`platform::crypto::pin_hash`); the record lives in localStorage (`platform::storage`).

pub mod screen;
pub mod settings;

use leptos::prelude::*;

use crate::domain::basics::pin::{self, LockMode, LockRecord, PinProblem};
use crate::platform::{self, crypto::CryptoError};
use crate::ui::state::AppState;

/// What checking a typed PIN found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// The PIN is right: the app is unlocked (`AppState::unlocked`).
    Right,
    /// Wrong; a wait of this many ms before the next try (0: none).
    Wrong(i64),
    /// Too many wrong PINs: no check before this many ms.
    Wait(i64),
}

/// Checks a typed PIN against this phone's record (read afresh: another tab may have counted a
/// wrong PIN), counting wrong ones. No record (removed meanwhile) counts as right.
pub async fn check(app: AppState, typed: &str) -> Result<Checked, CryptoError> {
    let Some(mut r) = platform::storage::lock_record() else {
        app.lock.set(None);
        return Ok(Checked::Right);
    };
    let now = platform::now();
    let wait = r.wait_left(now);
    if wait > 0 {
        return Ok(Checked::Wait(wait));
    }
    let right = pin::check_pin(typed).is_ok()
        && r.matches(
            &platform::crypto::pin_hash(typed, &r.salt_bytes(), r.iterations, pin::HASH_LEN)
                .await?,
        );
    let result = if right {
        r.right_pin();
        Checked::Right
    } else {
        Checked::Wrong(r.wrong_pin(now))
    };
    platform::storage::set_lock_record(&r);
    app.lock.set(Some(r.mode()));
    if right {
        app.unlocked.set(true);
        app.pin_asked.set(false);
    }
    Ok(result)
}

/// A record for a new PIN (a fresh random salt), keeping `keep`'s staff view and idle time.
pub async fn new_record(pin: &str, keep: Option<LockMode>) -> Result<LockRecord, CryptoError> {
    let salt: [u8; pin::SALT_LEN] = platform::random_bytes();
    let hash = platform::crypto::pin_hash(pin, &salt, pin::ITERATIONS, pin::HASH_LEN).await?;
    let mut r = LockRecord::new(&salt, &hash);
    if let Some(k) = keep {
        r.staff = k.staff;
        r.idle_minutes = k.idle_minutes;
    }
    Ok(r)
}

/// The words for a PIN that cannot be used.
pub fn problem(p: PinProblem) -> &'static str {
    match p {
        PinProblem::TooShort | PinProblem::TooLong => tr!(lock.p_length),
        PinProblem::NotDigits => tr!(lock.p_digits),
        PinProblem::Mismatch => tr!(lock.p_mismatch),
    }
}

/// The words for a wrong PIN or a wait.
pub fn verdict(c: Checked) -> Option<String> {
    let secs = |ms: i64| (ms + 999) / 1000;
    match c {
        Checked::Right => None,
        Checked::Wrong(0) => Some(tr!(lock.wrong).to_string()),
        Checked::Wrong(ms) => Some(tr!(lock.wrong_wait, n = secs(ms))),
        Checked::Wait(ms) => Some(tr!(lock.wait, n = secs(ms))),
    }
}

/// The words for a browser that could not hash.
pub fn crypto_problem(e: &CryptoError) -> String {
    match e {
        CryptoError::Unavailable => tr!(lock.no_crypto).to_string(),
        other => format!("{} ({other:?})", tr!(lock.no_crypto)),
    }
}

/// A PIN input: numeric keypad, masked, never filled in by the browser.
#[component]
pub fn PinInput(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] node: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let node = node.unwrap_or_default();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id node_ref=node type="password" inputmode="numeric" autocomplete="off"
                pattern="[0-9]*" maxlength="6" class="pin-input"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </div>
    }
}
