//! IndexedDB store tests, run in headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store`
#![cfg(target_arch = "wasm32")]

use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::settings::Settings;
use rapport::store::{Store, StoreError, SCHEMA_VERSION, STORES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, empty database with a unique name.
async fn fresh(tag: &str) -> (Store, String) {
    let name = format!("rapport-test-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    let store = Store::open(&name, || {}).await.expect("open");
    (store, name)
}

fn customer(id: &str, name: &str, phone: &str, email: &str, tags: &str, now: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        tags: tags.into(),
        status: Status::Customer,
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), now)
    .expect("valid draft")
}

#[wasm_bindgen_test]
async fn create_read_update_list() {
    let (store, _) = fresh("crud").await;
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert!(store.all_customers().await.unwrap().is_empty());

    let siti = customer(
        "a1",
        "Siti Rahma",
        "0812 3456 7890",
        "Siti@Example.com",
        "vip, kue",
        1_000,
    );
    store.add_customer(&siti).await.unwrap();
    let got = store.customer("a1").await.unwrap().expect("stored");
    assert_eq!(got, siti);
    assert_eq!(got.email, "siti@example.com");

    // Edit with the right expected version succeeds.
    let mut edited = got.clone();
    edited.name = "Siti Rahmawati".into();
    edited.updated_at = 2_000;
    store.update_customer(&edited, 1_000).await.unwrap();
    assert_eq!(
        store.customer("a1").await.unwrap().unwrap().name,
        "Siti Rahmawati"
    );

    // An edit based on a stale copy is refused and changes nothing.
    let mut stale = got.clone();
    stale.name = "Stale".into();
    stale.updated_at = 3_000;
    assert_eq!(
        store.update_customer(&stale, 1_000).await,
        Err(StoreError::Conflict)
    );
    assert_eq!(
        store.customer("a1").await.unwrap().unwrap().name,
        "Siti Rahmawati"
    );

    // Updating a customer that does not exist is an error, not a silent insert.
    let ghost = customer("zz", "Ghost", "", "", "", 1);
    assert_eq!(
        store.update_customer(&ghost, 1).await,
        Err(StoreError::NotFound)
    );
    assert!(store.customer("zz").await.unwrap().is_none());

    store
        .add_customer(&customer(
            "b2",
            "José Núñez",
            "",
            "jose@example.com",
            "",
            1_500,
        ))
        .await
        .unwrap();
    let all = store.all_customers().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[wasm_bindgen_test]
async fn index_lookups() {
    let (store, _) = fresh("index").await;
    let a = customer(
        "a",
        "Siti",
        "0812-3456-7890",
        "siti@example.com",
        "vip, reseller",
        10,
    );
    let b = customer("b", "Dewi", "+62 813 1111 2222", "", "vip", 20);
    let c = customer("c", "Majo", "", "majo@example.pe", "", 30);
    store
        .add_customers(&[a.clone(), b.clone(), c.clone()])
        .await
        .unwrap();

    let e164 = a.phone_e164.clone().expect("normalised");
    assert_eq!(e164, "+6281234567890");
    let by_phone = store.customers_by_phone(&e164).await.unwrap();
    assert_eq!(by_phone, vec![a.clone()]);

    let by_email = store.customers_by_email(" MAJO@example.pe ").await.unwrap();
    assert_eq!(by_email, vec![c.clone()]);

    let mut vip: Vec<String> = store
        .customers_by_tag("vip")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    vip.sort();
    assert_eq!(vip, vec!["a", "b"]);
    assert_eq!(store.customers_by_tag("reseller").await.unwrap().len(), 1);
    assert!(store.customers_by_tag("nobody").await.unwrap().is_empty());

    let changed: Vec<String> = store
        .customers_changed_since(20)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(changed, vec!["b", "c"]);
}

#[wasm_bindgen_test]
async fn tombstone_and_restore() {
    let (store, _) = fresh("trash").await;
    let a = customer("a", "Siti", "", "", "", 10);
    store.add_customer(&a).await.unwrap();

    let mut trashed = a.clone();
    trashed.trash(50);
    store.update_customer(&trashed, a.updated_at).await.unwrap();
    let got = store.customer("a").await.unwrap().unwrap();
    assert_eq!(got.deleted_at, Some(50));
    assert_eq!(got.updated_at, 50);
    // The tombstone is still a record: it stays in the list (the UI shows it in the Trash).
    assert_eq!(store.all_customers().await.unwrap().len(), 1);

    let mut restored = got.clone();
    restored.restore(60);
    store.update_customer(&restored, 50).await.unwrap();
    let got = store.customer("a").await.unwrap().unwrap();
    assert_eq!(got.deleted_at, None);
    assert_eq!(got.updated_at, 60);
    assert_eq!(got.name, "Siti");
}

#[wasm_bindgen_test]
async fn failed_write_leaves_nothing_half_written() {
    let (store, _) = fresh("atomic").await;
    let existing = customer("dup", "Already here", "", "", "", 1);
    store.add_customer(&existing).await.unwrap();

    // A batch whose third record collides with an existing id: the whole batch is rolled back.
    let batch = vec![
        customer("n1", "New one", "", "", "", 2),
        customer("n2", "New two", "", "", "", 3),
        customer("dup", "Collides", "", "", "", 4),
        customer("n3", "New three", "", "", "", 5),
    ];
    let err = store.add_customers(&batch).await.unwrap_err();
    assert_eq!(err, StoreError::Conflict);
    let all = store.all_customers().await.unwrap();
    assert_eq!(
        all,
        vec![existing.clone()],
        "nothing of the failed batch is stored"
    );
    assert!(!err.message().is_empty());

    // A duplicate within one batch fails the same way.
    let twice = vec![
        customer("t", "One", "", "", "", 6),
        customer("t", "Two", "", "", "", 7),
    ];
    assert!(store.add_customers(&twice).await.is_err());
    assert!(store.customer("t").await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn settings_and_device_id_persist() {
    let (store, name) = fresh("settings").await;
    assert!(store.settings().await.unwrap().is_none());
    let mut s = Settings::for_country(Country::PE);
    s.business_name = "Majo Moda".into();
    store.save_settings(&s).await.unwrap();
    let id = store.device_id(|| "device-1".into()).await.unwrap();
    assert_eq!(id, "device-1");
    store.close();

    let store = Store::open(&name, || {}).await.unwrap();
    assert_eq!(store.settings().await.unwrap(), Some(s));
    // Made once, kept forever.
    assert_eq!(
        store.device_id(|| "device-2".into()).await.unwrap(),
        "device-1"
    );
}

#[wasm_bindgen_test]
async fn migration_from_v1_keeps_data_and_adds_stores() {
    let name = format!("rapport-test-migrate-{}", js_sys::Math::random());
    Store::delete_database(&name).await.unwrap();

    // An old app (schema v1) writes a customer.
    let v1 = Store::open_version(&name, 1, || {}).await.unwrap();
    assert_eq!(v1.version(), 1);
    let mut names = v1.store_names();
    names.sort();
    assert_eq!(names, vec!["customers", "meta"]);
    let a = customer("a", "Begoña", "612 34 56 78", "", "pan", 5);
    v1.add_customer(&a).await.unwrap();
    v1.close();

    // The current app opens it: the upgrade adds the relationship stores and keeps the data.
    let now = Store::open(&name, || {}).await.unwrap();
    assert_eq!(now.version(), SCHEMA_VERSION);
    let mut names = now.store_names();
    names.sort();
    let mut expected: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    let mut idx = now.index_names("purchases").await.unwrap();
    idx.sort();
    // `due` (v7): the orders among the purchases, by due date.
    assert_eq!(
        idx,
        vec!["at", "customer", "customer_at", "due", "updated_at"]
    );
    assert_eq!(now.customer("a").await.unwrap(), Some(a));
    assert_eq!(now.customers_by_tag("pan").await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn newer_database_is_reported_not_destroyed() {
    let name = format!("rapport-test-newer-{}", js_sys::Math::random());
    Store::delete_database(&name).await.unwrap();
    let future = Store::open_version(&name, SCHEMA_VERSION + 1, || {})
        .await
        .unwrap();
    future.close();
    let err = Store::open(&name, || {}).await.unwrap_err();
    assert_eq!(err, StoreError::VersionTooNew);
}

#[wasm_bindgen_test]
async fn templates_and_a_campaign_send_in_one_transaction() {
    use rapport::domain::basics::locale::Language;
    use rapport::domain::basics::money::Currency;
    use rapport::domain::messaging::campaign::{
        plan, Audience, Campaign, CampaignChannel, CampaignDraft, SendState,
    };
    use rapport::domain::messaging::template::{Purpose, Starter, Template};
    use rapport::domain::records::events::Event;

    let (store, _) = fresh("docs").await;
    let ana = customer("ana", "Ana", "0812 3456 7890", "", "", 1);
    store.add_customer(&ana).await.unwrap();

    // A template round trip.
    let mut t = Starter::ThankYou.template(Language::En);
    t.created_at = 5;
    t.updated_at = 5;
    store.put_doc(&t).await.unwrap();
    assert_eq!(store.all_docs::<Template>().await.unwrap(), vec![t.clone()]);
    assert_eq!(store.doc::<Template>(&t.id).await.unwrap(), Some(t.clone()));

    // A send: the interaction, Ana's last contact and the campaign's progress, all together.
    let p = plan(
        [&ana],
        &Audience::All,
        Purpose::Service,
        CampaignChannel::WhatsApp,
        &|_, _| false,
    );
    let draft = CampaignDraft {
        audience: Some(Audience::All),
        template_id: t.id.clone(),
        ..CampaignDraft::default()
    };
    let mut c: Campaign = draft
        .build(Some(&t), &p, Currency::IDR, "k1".into(), 10)
        .unwrap();
    store.put_doc(&c).await.unwrap();
    let i = c.interaction("i1".into(), "ana", 20);
    c.mark("ana", SendState::Sent, Some("i1".into()), 20);
    let saved = store
        .save_events_and_doc(&[(Event::Interaction(i.clone()), None)], &c)
        .await
        .unwrap();
    assert_eq!(saved[0].summary.last_contact_at, Some(20));
    assert_eq!(store.doc::<Campaign>("k1").await.unwrap(), Some(c.clone()));
    let stored = store.event("interactions", "i1").await.unwrap().unwrap();
    assert_eq!(stored, Event::Interaction(i.clone()));

    // All or nothing: the same interaction again (a conflict) leaves the campaign as it was.
    let mut later = c.clone();
    later.name = "changed".into();
    assert!(store
        .save_events_and_doc(&[(Event::Interaction(i), None)], &later)
        .await
        .is_err());
    assert_eq!(store.doc::<Campaign>("k1").await.unwrap(), Some(c));
}
