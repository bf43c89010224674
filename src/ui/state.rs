//! Application state shared by all pages (a Leptos context), and the user actions that change it.
//! Every action writes to IndexedDB first and updates the screen only when the write succeeded.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::pin::LockMode;
use crate::domain::messaging::contact::{self, ContactChannel};
use crate::domain::records::customer::{Customer, CustomerDraft, FieldError};
use crate::domain::records::events::Event;
use crate::domain::records::settings::Settings;
use crate::domain::sync::protocol::SyncStatus;
use crate::platform;
use crate::platform::channel::Channel;
use crate::store::{CustomerOrder, Store, StoreError, DB_NAME};

use super::route::Route;

mod docs;
mod paid;
mod products;

pub use docs::DocUndo;

/// Whether the database is ready.
#[derive(Clone, Debug, PartialEq)]
pub enum DbStatus {
    Opening,
    Ready,
    /// An older tab blocks the upgrade.
    Blocked,
    /// Another tab upgraded the database; this one must reload.
    Outdated,
    Failed(String),
}

/// Something an "Undo" button can reverse.
#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    RestoreCustomer(String),
    /// Bring back an event from the Trash: (store name, id).
    RestoreEvent(String, String),
    /// Move a just-logged event to the Trash (a contact logged by a one-tap action): (store
    /// name, id).
    TrashEvent(String, String),
    /// Bring back a template, campaign or segment from the Trash: (how, id).
    RestoreDoc(DocUndo, String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub message: String,
    pub undo: Option<Undo>,
    pub is_error: bool,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub route: RwSignal<Route>,
    pub status: RwSignal<DbStatus>,
    pub settings: RwSignal<Settings>,
    /// Every customer, including the Trash, in creation order.
    pub customers: RwSignal<Vec<Customer>>,
    /// False while `customers` holds only the first screen of the list (start-up on the customer
    /// list shows that first, then reads the rest); pages that need everyone wait for true.
    pub loaded: RwSignal<bool>,
    pub toast: RwSignal<Option<Toast>>,
    /// Bumped after every event write, so pages showing events reload them.
    pub events_version: RwSignal<u64>,
    /// Bumped after every template or campaign write, so pages showing them reload them.
    pub docs_version: RwSignal<u64>,
    /// The customer list's order, remembered on this phone (see [`AppState::set_order`]).
    pub order: RwSignal<CustomerOrder>,
    /// Bumped when much data was written at once (a restore, an import, an undo), so the
    /// storage figures are read again (see [`AppState::watch_storage`]).
    pub storage_version: RwSignal<u64>,
    /// The app lock on this phone (Settings → App lock (PIN)): `None` without a PIN.
    pub lock: RwSignal<Option<LockMode>>,
    /// The PIN was entered since the app opened or last locked (idle time).
    pub unlocked: RwSignal<bool>,
    /// Staff view asked for the PIN to show a hidden amount: the PIN screen shows, with Cancel.
    pub pin_asked: RwSignal<bool>,
    /// Whether Reports and the amounts owed may show: no PIN, no staff view, or the PIN entered.
    /// Every view of an amount owed reads this one signal.
    pub amounts_visible: Memo<bool>,
    store: StoredValue<Option<Store>, LocalStorage>,
    /// Tells the other open Rapport tabs what this one saved (see [`Change`]).
    channel: StoredValue<Option<Channel>, LocalStorage>,
    /// Team sync is set up on this phone (the replicator runs while it is and the app is open).
    pub sync_on: RwSignal<bool>,
    /// Bumped to restart the replicator with new settings.
    pub sync_restart: RwSignal<u64>,
    /// What the replicator is doing, for the Team sync page and the Settings row.
    pub sync_status: RwSignal<SyncStatus>,
    /// Bumped after every write of this tab: the replicator pushes it.
    pub sync_kick: RwSignal<u64>,
    /// Bumped when the replicator resolved conflicts (the list of resolutions reloads).
    pub sync_resolved_version: RwSignal<u64>,
}

/// What a tab saved, sent to the other tabs so they reload just that (JSON over a
/// BroadcastChannel). Every write path of [`AppState`] sends one after its transaction committed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Change {
    /// Customers to read again (added, edited, trashed, summaries changed by events).
    #[serde(default)]
    customers: Vec<String>,
    /// Events changed: pages showing events reload them.
    #[serde(default)]
    events: bool,
    /// Everything may have changed (an import, a merge, settings): reload all.
    #[serde(default)]
    all: bool,
    /// Templates, campaigns or segments changed: pages showing them reload them.
    #[serde(default)]
    docs: bool,
}

/// How many customers the customer list reads before the rest at start-up (a screen is ≈ 10).
const FIRST_SCREEN: u32 = 40;

/// Where the customer list's order is remembered (localStorage: a view preference of this phone).
const ORDER_KEY: &str = "rapport.customers.order";

/// The BroadcastChannel's name.
const CHANNEL: &str = "rapport-changes";

impl AppState {
    pub fn new() -> AppState {
        let lock = RwSignal::new(platform::storage::lock_mode());
        let unlocked = RwSignal::new(false);
        AppState {
            lock,
            unlocked,
            pin_asked: RwSignal::new(false),
            amounts_visible: Memo::new(move |_| {
                unlocked.get() || lock.with(|l| l.as_ref().is_none_or(|l| !l.staff))
            }),
            route: RwSignal::new(Route::parse(&platform::hash())),
            status: RwSignal::new(DbStatus::Opening),
            settings: RwSignal::new(Settings::guess(
                platform::languages().iter().map(String::as_str),
            )),
            customers: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            toast: RwSignal::new(None),
            events_version: RwSignal::new(0),
            docs_version: RwSignal::new(0),
            order: RwSignal::new(
                platform::storage::preference(ORDER_KEY)
                    .and_then(|code| CustomerOrder::from_code(&code))
                    .unwrap_or_default(),
            ),
            storage_version: RwSignal::new(0),
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            sync_on: RwSignal::new(platform::storage::has_sync_settings()),
            sync_restart: RwSignal::new(0),
            sync_status: RwSignal::new(SyncStatus::Off),
            sync_kick: RwSignal::new(0),
            sync_resolved_version: RwSignal::new(0),
        }
    }

    /// Opens the database and loads what the first screen needs.
    pub fn start(self) {
        spawn_local(async move {
            let blocked = self.status;
            let store = match Store::open(DB_NAME, move || blocked.set(DbStatus::Blocked)).await {
                Ok(s) => s,
                Err(e) => {
                    self.status.set(DbStatus::Failed(e.message()));
                    return;
                }
            };
            let mut settings = match store.settings().await {
                Ok(Some(s)) => s,
                Ok(None) => {
                    // `updated_at` 0: never edited by the owner, so a team's settings (synced, or
                    // merged from a backup) win over this first guess.
                    let mut s = self.settings.get_untracked();
                    s.updated_at = 0;
                    // First run: keep the guess so later pages agree; a failure here is not fatal.
                    let _ = store.save_settings(&s).await;
                    s
                }
                Err(e) => {
                    self.status.set(DbStatus::Failed(e.message()));
                    return;
                }
            };
            // "Automatic" language: follow the phone's languages as they are now.
            settings.follow_phone(platform::languages().iter().map(String::as_str));
            // On the customer list, show its first screen before reading everyone (10,000
            // customers take a few hundred ms to read and convert), read in the list's order
            // through that order's index.
            self.settings.set(settings);
            if self.route.get_untracked() == Route::Customers {
                match store
                    .first_customers(FIRST_SCREEN, self.order.get_untracked())
                    .await
                {
                    Ok(list) => {
                        self.customers.set(list);
                        self.status.set(DbStatus::Ready);
                    }
                    Err(e) => {
                        self.status.set(DbStatus::Failed(e.message()));
                        return;
                    }
                }
                // Let the browser draw it before the long read.
                platform::next_task().await;
            }
            // Not needed for the first screen: made once, read before any write can happen.
            let _ = store.device_id(platform::new_id).await;
            match store.all_customers().await {
                Ok(list) => {
                    // The store first: what `loaded` starts (Team sync's replicator) uses it.
                    self.store.set_value(Some(store.clone()));
                    self.customers.set(list);
                    self.loaded.set(true);
                }
                Err(e) => {
                    self.status.set(DbStatus::Failed(e.message()));
                    return;
                }
            }
            self.channel.set_value(Channel::open(CHANNEL, move |text| {
                self.on_remote_change(&text)
            }));
            if self.status.get_untracked() != DbStatus::Ready {
                self.status.set(DbStatus::Ready);
            }
            // Another tab with a newer Rapport wants to upgrade: step aside and ask for a reload.
            if store.version_change_requested().await {
                self.store.set_value(None);
                store.close();
                self.status.set(DbStatus::Outdated);
            }
        });
    }

    /// Reloads what the screens show from the database (after an import), and tells the other
    /// tabs to do the same.
    pub async fn reload(&self) -> Result<(), StoreError> {
        self.load_all().await?;
        self.broadcast(Change {
            all: true,
            ..Change::default()
        });
        Ok(())
    }

    async fn load_all(&self) -> Result<(), StoreError> {
        let store = self.store()?;
        if let Some(mut s) = store.settings().await? {
            // Restored or changed elsewhere: with "Automatic", the language stays the phone's.
            s.follow_phone(platform::languages().iter().map(String::as_str));
            self.settings.set(s);
        }
        self.customers.set(store.all_customers().await?);
        self.events_version.update(|v| *v += 1);
        self.docs_version.update(|v| *v += 1);
        self.storage_version.update(|v| *v += 1);
        Ok(())
    }

    /// Orders the customer list and remembers the choice on this phone.
    pub fn set_order(&self, order: CustomerOrder) {
        platform::storage::set_preference(ORDER_KEY, order.code());
        self.order.set(order);
    }

    /// Keeps `usage` (bytes used, bytes available) up to date: read now, and again after every
    /// restore, import or undo ([`AppState::storage_version`]).
    pub fn watch_storage(&self, usage: RwSignal<Option<(f64, f64)>>) {
        let version = self.storage_version;
        Effect::new(move |_| {
            version.track();
            spawn_local(async move {
                usage.set(platform::storage::estimate().await);
            });
        });
    }

    /// Records pulled from the team's server were written (by the replicator): the screens read
    /// them again, and the other tabs are told, as after a local write.
    pub async fn pulled(&self, customers: Vec<String>, events: bool, docs: bool, settings: bool) {
        let change = Change {
            customers,
            events,
            all: settings,
            docs,
        };
        if change == Change::default() {
            return;
        }
        if let Ok(text) = serde_json::to_string(&change) {
            self.channel.with_value(|c| {
                if let Some(c) = c {
                    c.post(&text);
                }
            });
        }
        // Awaited, so the replicator knows what reading them again costs (it reads less often
        // when that grows).
        self.read_again(change).await;
    }

    fn broadcast(&self, change: Change) {
        self.sync_kick.update(|k| *k += 1);
        if let Ok(text) = serde_json::to_string(&change) {
            self.channel.with_value(|c| {
                if let Some(c) = c {
                    c.post(&text);
                }
            });
        }
    }

    fn changed_customers(&self, ids: Vec<String>, events: bool) {
        self.broadcast(Change {
            customers: ids,
            events,
            ..Change::default()
        });
    }

    /// Another tab saved something: read those records again.
    fn on_remote_change(self, text: &str) {
        let Ok(change) = serde_json::from_str::<Change>(text) else {
            return;
        };
        spawn_local(self.read_again(change));
    }

    /// Reads what `change` names again (everything when it says `all`).
    async fn read_again(self, change: Change) {
        if change.all {
            let _ = self.load_all().await;
            return;
        }
        let Ok(store) = self.store() else { return };
        for id in change.customers {
            match store.customer(&id).await {
                Ok(Some(c)) => self.replace_local(c),
                Ok(None) => self.customers.update(|l| l.retain(|c| c.id != id)),
                Err(_) => {}
            }
        }
        if change.events {
            self.events_version.update(|v| *v += 1);
        }
        if change.docs {
            self.docs_version.update(|v| *v += 1);
        }
    }

    /// Whether the lock screen hides the whole app: a PIN without staff view, not entered yet.
    pub fn locked(&self) -> bool {
        !self.unlocked.get() && self.lock.with(|l| l.as_ref().is_some_and(|l| !l.staff))
    }

    pub fn store(&self) -> Result<Store, StoreError> {
        self.store.get_value().ok_or(StoreError::NotOpen)
    }

    pub fn go(&self, route: Route) {
        platform::set_hash(&route.href());
    }

    /// Active customers (not in the Trash).
    pub fn active(&self) -> Vec<Customer> {
        self.customers
            .with(|list| list.iter().filter(|c| !c.is_deleted()).cloned().collect())
    }

    pub fn find(&self, id: &str) -> Option<Customer> {
        self.customers
            .with(|list| list.iter().find(|c| c.id == id).cloned())
    }

    pub fn notify(&self, message: impl Into<String>, undo: Option<Undo>) {
        self.show_toast(message.into(), undo, false);
    }

    pub fn error(&self, message: impl Into<String>) {
        self.show_toast(message.into(), None, true);
    }

    fn show_toast(&self, message: String, undo: Option<Undo>, is_error: bool) {
        let id = platform::now() as u64;
        self.toast.set(Some(Toast {
            id,
            message,
            undo,
            is_error,
        }));
        let toast = self.toast;
        let ms = if is_error { 10_000 } else { 6_000 };
        set_timeout(
            move || {
                if toast.with_untracked(|t| t.as_ref().map(|t| t.id) == Some(id)) {
                    toast.set(None);
                }
            },
            std::time::Duration::from_millis(ms),
        );
    }

    fn replace_local(&self, c: Customer) {
        self.customers.update(|list| {
            if let Some(slot) = list.iter_mut().find(|x| x.id == c.id) {
                *slot = c;
            } else {
                list.push(c);
            }
        });
    }

    /// Saves the add/edit form. On success returns the saved customer's id.
    pub async fn save_customer(
        &self,
        draft: CustomerDraft,
        editing: Option<Customer>,
    ) -> Result<String, SaveError> {
        let country = self.settings.with_untracked(|s| s.country);
        let now = platform::now();
        let store = self.store().map_err(SaveError::Store)?;
        match editing {
            None => {
                let c = draft
                    .build_new(country, platform::new_id(), now)
                    .map_err(SaveError::Invalid)?;
                store.add_customer(&c).await.map_err(SaveError::Store)?;
                let id = c.id.clone();
                self.replace_local(c);
                self.changed_customers(vec![id.clone()], false);
                Ok(id)
            }
            Some(old) => {
                let c = draft
                    .apply_to(&old, country, now)
                    .map_err(SaveError::Invalid)?;
                let c = store
                    .update_customer(&c, old.updated_at)
                    .await
                    .map_err(SaveError::Store)?;
                let id = c.id.clone();
                self.replace_local(c);
                self.changed_customers(vec![id.clone()], false);
                Ok(id)
            }
        }
    }

    /// Moves a customer to the Trash, with an Undo.
    pub fn trash_customer(&self, id: String) {
        let this = *self;
        spawn_local(async move {
            let Some(old) = this.find(&id) else { return };
            let mut c = old.clone();
            c.trash(platform::now());
            match this.write(&c, old.updated_at).await {
                Ok(()) => this.notify(
                    tr!(common.moved_to_trash, name = c.display_name()),
                    Some(Undo::RestoreCustomer(c.id.clone())),
                ),
                Err(e) => this.error(e.message()),
            }
        });
    }

    /// Brings a customer back from the Trash.
    pub fn restore_customer(&self, id: String, announce: bool) {
        let this = *self;
        spawn_local(async move {
            let Some(old) = this.find(&id) else { return };
            let mut c = old.clone();
            c.restore(platform::now());
            match this.write(&c, old.updated_at).await {
                Ok(()) if announce => {
                    this.notify(tr!(customers.is_back, name = c.display_name()), None)
                }
                Ok(()) => {}
                Err(e) => this.error(e.message()),
            }
        });
    }

    async fn write(&self, c: &Customer, expected: i64) -> Result<(), StoreError> {
        let store = self.store()?;
        let stored = store.update_customer(c, expected).await?;
        self.replace_local(stored);
        self.changed_customers(vec![c.id.clone()], false);
        Ok(())
    }

    pub fn run_undo(&self, undo: Undo) {
        self.toast.set(None);
        match undo {
            Undo::RestoreCustomer(id) => self.restore_customer(id, false),
            Undo::RestoreEvent(store, id) => self.set_event_deleted(store, id, false),
            Undo::TrashEvent(store, id) => self.set_event_deleted(store, id, true),
            Undo::RestoreDoc(doc, id) => doc.run(*self, id),
        }
    }

    /// Moves an event to the Trash or back (for Undo).
    fn set_event_deleted(&self, store: String, id: String, deleted: bool) {
        let this = *self;
        spawn_local(async move {
            let Ok(s) = this.store() else { return };
            if let Ok(Some(mut e)) = s.event(&store, &id).await {
                let expected = e.updated_at();
                let now = platform::now();
                e.set_deleted(deleted.then_some(now), now);
                if let Err(err) = this.save_events(vec![(e, Some(expected))]).await {
                    this.error(err.message());
                }
            }
        });
    }

    /// Logs that the owner reached a customer with a one-tap contact action (an outbound
    /// interaction of the channel's kind, so the timeline and "last contact" stay true), with
    /// an Undo that moves it to the Trash.
    pub fn log_contact(&self, customer_id: String, channel: ContactChannel, summary: String) {
        let this = *self;
        spawn_local(async move {
            let now = platform::now();
            let i = contact::logged_contact(
                platform::new_id(),
                &customer_id,
                channel,
                summary,
                None,
                now,
            );
            let undo = Undo::TrashEvent("interactions".into(), i.id.clone());
            let name = this
                .find(&customer_id)
                .map(|c| c.display_name().to_string())
                .unwrap_or_default();
            match this.save_events(vec![(Event::Interaction(i), None)]).await {
                Ok(()) => this.notify(
                    tr!(
                        common.logged_with,
                        what = crate::ui::labels::interaction_kind(channel.interaction_kind()),
                        name = name
                    ),
                    Some(undo),
                ),
                Err(err) => this.error(err.message()),
            }
        });
    }

    /// Saves the events of one user action in one transaction and refreshes the customers'
    /// summaries on screen.
    pub async fn save_events(&self, batch: Vec<(Event, Option<i64>)>) -> Result<(), StoreError> {
        let store = self.store()?;
        let customers = store.save_events(&batch).await?;
        let ids = customers.iter().map(|c| c.id.clone()).collect();
        for c in customers {
            self.replace_local(c);
        }
        self.events_version.update(|v| *v += 1);
        self.changed_customers(ids, true);
        Ok(())
    }

    /// Moves an event to the Trash, with an Undo; `deleted` is the toast ("Purchase deleted.").
    pub fn trash_event(&self, event: Event, deleted: &'static str) {
        let this = *self;
        spawn_local(async move {
            let expected = event.updated_at();
            let mut e = event;
            e.set_deleted(Some(platform::now()), platform::now());
            let undo = Undo::RestoreEvent(e.store_name().to_string(), e.id().to_string());
            match this.save_events(vec![(e, Some(expected))]).await {
                Ok(()) => this.notify(deleted, Some(undo)),
                Err(err) => this.error(err.message()),
            }
        });
    }

    pub async fn save_settings(&self, mut s: Settings) -> Result<(), String> {
        s.validate()
            .map_err(|p| crate::ui::messages::settings_problem(&p))?;
        s.updated_at = platform::now();
        let store = self.store().map_err(|e| e.message())?;
        store.save_settings(&s).await.map_err(|e| e.message())?;
        self.settings.set(s);
        self.broadcast(Change {
            all: true,
            ..Change::default()
        });
        Ok(())
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// Why saving the customer form did not work.
#[derive(Clone, Debug)]
pub enum SaveError {
    Invalid(Vec<FieldError>),
    Store(StoreError),
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
