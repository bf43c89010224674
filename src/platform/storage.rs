//! Browser storage protection: ask the browser not to clear Rapport's data when the phone runs
//! low on space (`navigator.storage.persist()`), how much space it uses, and what is kept on
//! this phone only (localStorage): view preferences, Team sync's settings, the app lock's record.

use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let nav = super::window().navigator();
    let has = js_sys::Reflect::get(&nav, &"storage".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false);
    has.then(|| nav.storage())
}

/// Whether the data is protected from automatic clearing (`None`: the browser can't tell).
pub async fn persisted() -> Option<bool> {
    let p = manager()?.persisted().ok()?;
    JsFuture::from(p).await.ok()?.as_bool()
}

/// Asks the browser to protect the data; returns whether it is protected now.
pub async fn persist() -> Option<bool> {
    let p = manager()?.persist().ok()?;
    JsFuture::from(p).await.ok()?.as_bool()
}

/// (bytes used, bytes available) for this site, when the browser says.
pub async fn estimate() -> Option<(f64, f64)> {
    let p = manager()?.estimate().ok()?;
    let e: web_sys::StorageEstimate = JsFuture::from(p).await.ok()?.into();
    Some((e.get_usage()?, e.get_quota()?))
}

/// "2.3 MB".
pub fn human_bytes(b: f64) -> String {
    if b < 1024.0 * 1024.0 {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.1} GB", b / 1024.0 / 1024.0 / 1024.0)
    }
}

/// A view preference kept on this phone only (localStorage), e.g. the customer list's order.
pub fn preference(key: &str) -> Option<String> {
    super::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(key).ok().flatten())
}

/// Remembers a view preference on this phone (ignored when the browser refuses storage).
pub fn set_preference(key: &str, value: &str) {
    if let Some(s) = super::window().local_storage().ok().flatten() {
        let _ = s.set_item(key, value);
    }
}

/// Where Team sync's settings live: localStorage on this phone only, never IndexedDB (whose stores
/// a backup exports), so the server address and password never leave the phone in a file.
const SYNC_KEY: &str = "rapport.sync";

/// Team sync's settings on this phone (`None`: never set up, forgotten, or unreadable).
pub fn sync_settings() -> Option<crate::domain::sync::setup::SyncSettings> {
    crate::domain::sync::setup::SyncSettings::from_json(&preference(SYNC_KEY)?)
}

/// Whether Team sync's settings are kept on this phone (read without parsing them: the first
/// load decides only whether to start the replicator, whose chunk then reads them).
pub fn has_sync_settings() -> bool {
    preference(SYNC_KEY).is_some()
}

/// Keeps Team sync's settings on this phone; `false` when the browser refused (private mode, full).
pub fn set_sync_settings(s: &crate::domain::sync::setup::SyncSettings) -> bool {
    super::window()
        .local_storage()
        .ok()
        .flatten()
        .is_some_and(|st| st.set_item(SYNC_KEY, &s.to_json()).is_ok())
}

/// Forgets Team sync's settings (address, database, user name, password) on this phone.
pub fn forget_sync_settings() {
    remove_preference(SYNC_KEY);
}

/// Removes a key of this phone's localStorage.
fn remove_preference(key: &str) {
    // `removeItem` through Reflect: no new import in the first load's JS glue.
    if let Some(s) = super::window().local_storage().ok().flatten() {
        let remove = js_sys::Reflect::get(&s, &"removeItem".into())
            .ok()
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
        if let Some(f) = remove {
            let _ = f.call1(&s, &key.into());
        }
    }
}

/// Where an encrypted team's passphrase, salt and iterations live, beside the settings (its own
/// key: only the Team sync chunk reads it, so the first load does not grow).
const TEAM_KEY: &str = "rapport.sync.team";

/// The encrypted team's lock on this phone (`None`: a plain team, or unreadable).
pub fn team_lock() -> Option<crate::domain::sync::team::TeamLock> {
    serde_json::from_str(&preference(TEAM_KEY)?).ok()
}

/// Keeps (or, with `None`, forgets) the team's lock; `false` when the browser refused.
pub fn set_team_lock(lock: Option<&crate::domain::sync::team::TeamLock>) -> bool {
    let Some(lock) = lock else {
        remove_preference(TEAM_KEY);
        return true;
    };
    let Ok(text) = serde_json::to_string(lock) else {
        return false;
    };
    super::window()
        .local_storage()
        .ok()
        .flatten()
        .is_some_and(|st| st.set_item(TEAM_KEY, &text).is_ok())
}

/// Where the app lock's record lives (the PIN's salted hash, staff view, idle time): localStorage
/// on this phone only, never IndexedDB (whose stores a backup exports).
const LOCK_KEY: &str = "rapport.lock";

/// The app lock's record (`None`: no PIN on this phone, or an unreadable record).
pub fn lock_record() -> Option<crate::domain::basics::pin::LockRecord> {
    crate::domain::basics::pin::LockRecord::from_json(&preference(LOCK_KEY)?)
}

/// Whether this phone has a PIN, and how it locks (read at start: see `LockMode`).
pub fn lock_mode() -> Option<crate::domain::basics::pin::LockMode> {
    crate::domain::basics::pin::LockMode::from_json(&preference(LOCK_KEY)?)
}

/// Keeps the app lock's record; `false` when the browser refused (private mode, full).
pub fn set_lock_record(r: &crate::domain::basics::pin::LockRecord) -> bool {
    super::window()
        .local_storage()
        .ok()
        .flatten()
        .is_some_and(|st| st.set_item(LOCK_KEY, &r.to_json()).is_ok())
}

/// Removes the PIN from this phone.
pub fn forget_lock_record() {
    remove_preference(LOCK_KEY);
}
